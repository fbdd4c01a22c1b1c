//! A measure group's page: key figures, charts, a table per main group, revisions, downloads.

use super::{over, render, series};
use crate::chart::{self, Series};
use crate::dims::{Area, MainGroup, MeasureGroup, Month};
use crate::format;
use crate::model::Dataset;
use crate::report::Cell;
use crate::site::figures::Figure;
use crate::site::layout::{county_path, has_page, measure_path, Layout, Scope, Site};
use crate::site::pages::revisions::{revision_lines, RevisionLine};
use crate::site::preview::Preview;
use crate::site::series::MonthCells;
use crate::site::table::{by_year, latest_twelve, RowData, TableView};
use askama::Template;

/// How many revisions a measure-group page lists before linking to the full list.
const REVISIONS_SHOWN: usize = 20;

/// A download link.
pub struct Download {
    /// The file, relative to the site's root.
    pub href: String,
    /// What it is.
    pub label: String,
}

/// The page of one measure group.
#[derive(Template)]
#[template(path = "measure.html")]
pub struct MeasurePage {
    /// The shared layout.
    pub layout: Layout,
    /// The latest month, `Desember 2022`.
    pub latest: String,
    /// The latest figure for all participants and for each main group.
    pub figures: Vec<Figure>,
    /// The national total over time, a line per main group.
    pub line_chart: String,
    /// The national total, a line per year, when the data spans more than a year.
    pub year_chart: Option<String>,
    /// The counties in the latest month, sorted.
    pub bar_chart: String,
    /// Counties × the latest twelve months, for all participants and each main group.
    pub tables: Vec<TableView>,
    /// Counties × months for all participants, a table per year, when there is more than a year.
    pub years: Vec<TableView>,
    /// The latest revisions of this measure group's numbers.
    pub revisions: Vec<RevisionLine>,
    /// How many revisions there are in all.
    pub revision_count: usize,
    /// The data files.
    pub downloads: Vec<Download>,
    /// What a reader should know about the groups on the page (a renamed main group, a group
    /// the classification does not know), from the classification.
    pub notes: Vec<String>,
}

/// The national total, a line per year, when the data spans more than one year.
fn year_chart(
    months: &[crate::dims::Month],
    total: Option<&crate::site::series::MonthCells>,
    name: &str,
) -> Option<String> {
    let years = by_year(months);
    if years.len() < 2 {
        return None;
    }
    let total = total?;
    // The latest years only: more than five lines cannot be told apart.
    let lines: Vec<(i32, Vec<Option<Cell>>)> = years
        .iter()
        .take(5)
        .rev()
        .map(|(year, _)| {
            (
                *year,
                (1..=12)
                    .map(|m| total.get(&crate::dims::Month::new(*year, m)).copied())
                    .collect(),
            )
        })
        .collect();
    Some(chart::year_chart(
        "graf-aar",
        &format!("{name}: alle deltakere per måned, år mot år"),
        &lines,
    ))
}

/// The data files of a measure group's page: its own CSV on the main pages, the JSON-stat
/// dataset, and every cell of the scope.
fn downloads(scope: &Scope, measure_group: MeasureGroup) -> Vec<Download> {
    let (name, slug, data) = (
        measure_group.name(),
        measure_group.slug(),
        scope.path("data/"),
    );
    let mut downloads = Vec::new();
    if scope.edition.is_none() {
        downloads.push(Download {
            href: format!("{data}{slug}.csv"),
            label: format!("{name} som CSV"),
        });
    }
    downloads.push(Download {
        href: format!("{data}{slug}.json"),
        label: format!("{name} som JSON-stat"),
    });
    let cells = format::number(scope.dataset.cells.len() as u64);
    downloads.push(Download {
        href: format!("{data}observations.csv"),
        label: format!("Alle tiltaksgrupper som CSV ({cells} tall)"),
    });
    downloads
}

/// The national total of each main group of `measure_group`.
fn totals(dataset: &Dataset, measure_group: MeasureGroup) -> Vec<(MainGroup, MonthCells)> {
    dataset
        .main_groups(measure_group)
        .iter()
        .map(|g| (*g, series(dataset, measure_group, *g, &Area::Total)))
        .collect()
}

/// The national total over time, a line per main group, and its title.
fn development(
    name: &str,
    months: &[Month],
    totals: &[(MainGroup, MonthCells)],
) -> (String, String) {
    let lines: Vec<Series> = totals
        .iter()
        .map(|(g, s)| Series {
            name: g.short_name(),
            values: over(months, s),
        })
        .collect();
    let title = format!("{name}: deltakere per måned, hele landet");
    let chart = chart::line_chart("graf-utvikling", &title, months, &lines);
    (title, chart)
}

/// The link preview of `measure_group`'s page of the merged series: its national total in
/// the latest month, and the chart of it over time.
pub fn preview(scope: &Scope, measure_group: MeasureGroup) -> Preview {
    let dataset = scope.dataset;
    let months = dataset.months();
    let totals = totals(dataset, measure_group);
    let latest = dataset.latest_month();
    let figure = latest.and_then(|l| {
        let (_, all) = totals.iter().find(|(g, _)| *g == MainGroup::ALLE)?;
        all.get(&l).map(|c| format::cell(*c))
    });
    let when = latest
        .map(|m| m.long_label().to_lowercase())
        .unwrap_or_default();
    Preview {
        title: measure_group.name().to_string(),
        subtitle: if figure.is_some() {
            format!("deltakere i hele landet, {when}")
        } else {
            format!("Deltakere i hele landet, tall til og med {when}")
        },
        figure,
        chart: development(measure_group.name(), &months, &totals).1,
    }
}

/// Renders the page of `measure_group` in `scope`.
pub fn page(scope: &Scope, site: &Site, measure_group: MeasureGroup) -> Vec<u8> {
    let dataset = scope.dataset;
    let months = dataset.months();
    let latest = dataset.latest_month();
    let name = measure_group.name();
    let groups = dataset.main_groups(measure_group);
    let totals = totals(dataset, measure_group);
    let figures = match latest {
        Some(latest) => totals
            .iter()
            .map(|(g, s)| Figure::new(g.name().to_string(), None, s, latest))
            .collect(),
        None => Vec::new(),
    };
    let (chart_title, line_chart) = development(name, &months, &totals);
    let areas = dataset.areas();
    let mut bars: Vec<(String, Cell)> = match latest {
        Some(latest) => areas
            .iter()
            .filter(|a| a.is_part())
            .filter_map(|a| {
                dataset
                    .get(measure_group, MainGroup::ALLE, a, latest)
                    .map(|c| (a.name().to_string(), c))
            })
            .collect(),
        None => Vec::new(),
    };
    bars.sort_by(|a, b| {
        b.1.high()
            .cmp(&a.1.high())
            .then(b.1.low().cmp(&a.1.low()))
            .then(a.0.cmp(&b.0))
    });
    let rows_of = |group: MainGroup| -> Vec<RowData> {
        areas
            .iter()
            .map(|a| RowData {
                label: a.name().to_string(),
                href: has_page(a).then(|| county_path(a)),
                total: *a == Area::Total,
                cells: series(dataset, measure_group, group, a),
            })
            .collect()
    };
    let shown = latest_twelve(&months);
    let rows: Vec<(MainGroup, Vec<RowData>)> = groups.iter().map(|g| (*g, rows_of(*g))).collect();
    let tables = rows
        .iter()
        .map(|(g, rows)| {
            TableView::new(
                format!("{name}: {}, per fylke og måned", g.name().to_lowercase()),
                "Fylke",
                shown,
                rows,
            )
        })
        .collect();
    let years = if months.len() > shown.len() {
        let made;
        let all = match rows.iter().find(|(g, _)| *g == MainGroup::ALLE) {
            Some((_, all)) => all,
            None => {
                made = rows_of(MainGroup::ALLE);
                &made
            }
        };
        by_year(&months)
            .into_iter()
            .map(|(year, months)| {
                TableView::new(
                    format!("{name}: alle deltakere, per fylke, {year}"),
                    "Fylke",
                    &months,
                    all,
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let all_revisions: Vec<_> = if scope.edition.is_none() {
        dataset
            .revisions
            .iter()
            .filter(|r| r.key.measure_group == measure_group)
            .collect()
    } else {
        Vec::new()
    };
    let revisions = revision_lines(
        dataset,
        all_revisions.iter().rev().take(REVISIONS_SHOWN).copied(),
    );
    let latest_label = latest.map(|m| m.long_label()).unwrap_or_default();
    let slug = measure_group.slug();
    let mut layout = site.scoped(
        scope,
        &measure_path(slug),
        name,
        format!(
            "Deltakere i {} per måned og fylke, fra NAVs statistikk over arbeidsrettede tiltak.",
            name.to_lowercase()
        ),
    );
    if scope.edition.is_none() {
        layout.image = site.image(&measure_path(slug), format!("Linjediagram: {chart_title}"));
    }
    let page = MeasurePage {
        layout,
        figures,
        line_chart,
        year_chart: year_chart(&months, totals.iter().find(|(g, _)| *g == MainGroup::ALLE).map(|(_, s)| s), name),
        bar_chart: chart::bar_chart(
            "graf-fylker",
            &format!("{name}: deltakere per fylke, {}", latest_label.to_lowercase()),
            &format!("Deltakere, {}", latest_label.to_lowercase()),
            &bars,
        ),
        latest: latest_label,
        tables,
        years,
        notes: std::iter::once(measure_group.note())
            .chain(groups.iter().map(|g| g.note()))
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .chain((!measure_group.is_known()).then(|| format!("«{name}» er ikke en av tiltaksgruppene i klassifiseringen; tallene vises som rapportene har dem.")))
            .chain(groups.iter().filter(|g| !g.is_known()).map(|g| format!("«{}» er ikke en av hovedgruppene i klassifiseringen, og er ikke med når hovedgruppene summeres.", g.name())))
            .collect(),
        revision_count: all_revisions.len(),
        revisions,
        downloads: downloads(scope, measure_group),
    };
    render(&page)
}
