//! A measure group's page: key figures, charts, a table per main group, revisions, downloads.

use super::{over, render, GroupSeries};
use crate::chart::{self, Series};
use crate::dims::{Area, MainGroup, MeasureGroup, Month};
use crate::format;
use crate::report::Cell;
use crate::site::annual::AnnualTable;
use crate::site::chart_figure::{
    bar_points, line_points, year_points, ChartFigure, FigurePage, Point,
};
use crate::site::figures::Figure;
use crate::site::layout::{county_path, has_page, measure_path, Layout, Scope, Site};
use crate::site::pages::revisions::{revision_lines, RevisionLine};
use crate::site::preview::Preview;
use crate::site::series::MonthCells;
use crate::site::table::{by_year, latest_twelve, RowData, TableView};
use crate::site::Rendered;
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
    /// The charts; `None` in an archived edition.
    pub charts: Option<Charts>,
    /// Counties × complete years: the annual averages of all participants, when a year is
    /// complete.
    pub annual: Option<AnnualTable>,
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

/// The charts of a measure group's page of the main pages. An archived edition has none: it
/// keeps the numbers as its report published them, in tables and data files, and the main
/// pages chart the whole series. Charts were most of an edition's weight and of the time an
/// archive of many editions takes to build.
pub struct Charts {
    /// The national total over the latest months, a line per main group.
    pub line_chart: ChartFigure,
    /// The months the line chart shows, when they are not all: `siste 36 måneder`.
    pub recent: String,
    /// The national total for all participants, annual averages over the whole period,
    /// when the line chart shows only the latest months.
    pub annual_chart: Option<String>,
    /// The national total, a line per year, when the data spans more than a year.
    pub year_chart: Option<ChartFigure>,
    /// The counties in the latest month, sorted.
    pub bar_chart: ChartFigure,
}

/// The national total, a line per year, when the data spans more than one year.
fn year_lines(
    months: &[crate::dims::Month],
    total: Option<&crate::site::series::MonthCells>,
) -> Option<Vec<(i32, Vec<Option<Cell>>)>> {
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
    Some(lines)
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

/// The link preview of `measure_group`'s page of the merged series: its latest figure for
/// all participants and the page's main chart, the main groups over the latest months.
pub fn preview(scope: &Scope, measure_group: MeasureGroup) -> Preview {
    let dataset = scope.dataset;
    let months = dataset.months();
    let shown = chart::latest(&months, chart::style::RECENT_MONTHS);
    let all_series = GroupSeries::new(dataset, measure_group);
    let totals: Vec<_> = dataset
        .main_groups(measure_group)
        .into_iter()
        .map(|g| (g, all_series.get(g, &Area::Total)))
        .collect();
    let lines: Vec<Series> = totals
        .iter()
        .map(|(g, s)| Series {
            name: g.short_name(),
            values: over(shown, s),
        })
        .collect();
    let latest = dataset.latest_month();
    let figure = latest.and_then(|l| {
        let (_, all) = totals.iter().find(|(g, _)| *g == MainGroup::ALLE)?;
        all.get(&l).map(|c| format::cell(*c))
    });
    let when = latest
        .map(|m| m.long_label().to_lowercase())
        .unwrap_or_default();
    let name = measure_group.name();
    Preview {
        title: name.to_string(),
        subtitle: if figure.is_some() {
            format!("deltakere i hele landet, {when}")
        } else {
            format!("Deltakere i hele landet, tall til og med {when}")
        },
        figure,
        chart: chart::line_chart(
            "forhandsvisning",
            &format!("{name}: deltakere per måned, hele landet"),
            shown,
            &lines,
        ),
    }
}

/// Renders the page of `measure_group` in `scope`, with its figures' files.
pub fn page(scope: &Scope, site: &Site, measure_group: MeasureGroup) -> Rendered {
    let dataset = scope.dataset;
    let months = dataset.months();
    let latest = dataset.latest_month();
    let name = measure_group.name();
    let groups = dataset.main_groups(measure_group);
    let all_series = GroupSeries::new(dataset, measure_group);
    let totals: Vec<_> = groups
        .iter()
        .map(|g| (*g, all_series.get(*g, &Area::Total)))
        .collect();
    let figures = match latest {
        Some(latest) => totals
            .iter()
            .map(|(g, s)| Figure::new(g.name().to_string(), None, s, latest))
            .collect(),
        None => Vec::new(),
    };
    let areas = dataset.areas();
    let rows_of = |group: MainGroup| -> Vec<RowData> {
        areas
            .iter()
            .map(|a| RowData {
                label: a.name().to_string(),
                href: has_page(a).then(|| county_path(a)),
                total: *a == Area::Total,
                cells: all_series.get(group, a),
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
    let annual = AnnualTable::new(
        format!("{name}: årsgjennomsnitt, alle deltakere, per fylke"),
        "Fylke",
        areas
            .iter()
            .map(|a| {
                (
                    a.name().to_string(),
                    has_page(a).then(|| county_path(a)),
                    *a == Area::Total,
                    dataset.annual(measure_group, MainGroup::ALLE, a),
                )
            })
            .collect(),
    );
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
    let (charts, files) = match scope.edition {
        None => {
            let (charts, files) = charts(scope, site, measure_group, &months, &totals);
            (Some(charts), files)
        }
        Some(_) => (None, Vec::new()),
    };
    let mut layout = site.scoped(
        scope,
        &measure_path(slug),
        name,
        format!(
            "Deltakere i {} per måned og fylke, fra NAVs statistikk over arbeidsrettede tiltak.",
            name.to_lowercase()
        ),
    );
    // A preview shows the newest numbers, so archived editions have none.
    if scope.edition.is_none() {
        layout.image = site.image(
            &measure_path(slug),
            format!("Linjediagram: {name}, deltakere per måned, hele landet"),
        );
    }
    let page = MeasurePage {
        layout,
        figures,
        charts,
        latest: latest_label,
        annual,
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
    (render(&page), files)
}

/// The charts of `measure_group`'s page of the main pages, with their figures' files.
fn charts(
    scope: &Scope,
    site: &Site,
    measure_group: MeasureGroup,
    months: &[Month],
    totals: &[(MainGroup, MonthCells)],
) -> (Charts, Vec<(String, Vec<u8>)>) {
    let dataset = scope.dataset;
    let latest = dataset.latest_month();
    let name = measure_group.name();
    let areas = dataset.areas();
    let slug = measure_group.slug();
    let latest_lower = latest
        .map(|m| m.long_label().to_lowercase())
        .unwrap_or_default();
    let shown_months = chart::latest(months, chart::style::RECENT_MONTHS);
    let lines: Vec<Series> = totals
        .iter()
        .map(|(g, s)| Series {
            name: g.short_name(),
            values: over(shown_months, s),
        })
        .collect();
    let long = shown_months.len() < months.len();
    let annual_chart = totals
        .iter()
        .find(|(g, _)| *g == MainGroup::ALLE)
        .filter(|_| long)
        .map(|(_, s)| {
            chart::annual_chart(
                "graf-aarssnitt",
                &format!("{name}: alle deltakere, årsgjennomsnitt"),
                name,
                &crate::model::annual::year_averages(s.iter()),
            )
        });
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
    let figures_of = FigurePage::new(&scope.path(&measure_path(slug)), dataset, site.base_url());
    let mut files = Vec::new();
    let mut figure = |id: &str, title: &str, draw: &dyn Fn(&str) -> String, points: &[Point]| {
        let (figure, with) = figures_of.figure(id, title, draw, points);
        files.extend(with);
        figure
    };
    let line_chart = figure(
        "figur-hovedgrupper",
        &format!("{name}: deltakere per måned, hele landet"),
        &|title| chart::line_chart("graf-utvikling", title, shown_months, &lines),
        &line_points(shown_months, &lines),
    );
    let total = totals.iter().find(|(g, _)| *g == MainGroup::ALLE);
    let year_chart = year_lines(months, total.map(|(_, s)| s)).map(|years| {
        figure(
            "figur-aar-mot-aar",
            &format!("{name}: alle deltakere per måned, år mot år"),
            &|title| chart::year_chart("graf-aar", title, &years),
            &year_points(&years),
        )
    });
    let bar_chart = figure(
        "figur-fylker",
        &format!("{name}: deltakere per fylke, {latest_lower}"),
        &|title| {
            chart::bar_chart(
                "graf-fylker",
                title,
                &format!("Deltakere, {latest_lower}"),
                &bars,
            )
        },
        &latest.map(|m| bar_points(m, &bars)).unwrap_or_default(),
    );
    let charts = Charts {
        line_chart,
        recent: if long {
            format!("siste {} måneder", shown_months.len())
        } else {
            String::new()
        },
        annual_chart,
        year_chart,
        bar_chart,
    };
    (charts, files)
}
