//! A county's page: every measure group for the county, with a chart and a table.

use super::{multiples, render, series, Multiples};
use crate::dims::{Area, MainGroup, MeasureGroup};
use crate::load::Loaded;
use crate::model::Dataset;
use crate::site::annual::AnnualTable;
use crate::site::chart_figure::FigurePage;
use crate::site::figures::Figure;
use crate::site::layout::{measure_path, Layout, Site};
use crate::site::preview::Preview;
use crate::site::series::MonthCells;
use crate::site::table::{by_year, latest_twelve, RowData, TableView};
use crate::site::Rendered;
use askama::Template;

/// The page of one county.
#[derive(Template)]
#[template(path = "county.html")]
pub struct CountyPage {
    /// The shared layout.
    pub layout: Layout,
    /// The county number, when it has one.
    pub code: &'static str,
    /// The years the county existed, when it has not existed throughout (`2020–2023`).
    pub span: String,
    /// How the county came about or ended, when that matters for its series.
    pub history: &'static str,
    /// The label variants the reports used for this county.
    pub labels: Vec<String>,
    /// The latest month, `Desember 2022`.
    pub latest: String,
    /// The latest figure of each measure group.
    pub figures: Vec<Figure>,
    /// Every measure group over time, a small chart each.
    pub charts: Multiples,
    /// Measure groups × the latest twelve months.
    pub table: TableView,
    /// Measure groups × complete years: the annual averages, when a year is complete.
    pub annual: Option<AnnualTable>,
    /// Measure groups × months, a table per year, when there is more than a year.
    pub years: Vec<TableView>,
    /// The comparable region the county belongs to, when it spans reforms.
    pub region: Option<RegionView>,
}

/// A comparable region's sums on a county page: measure groups × the last month of each year.
pub struct RegionView {
    /// `Østfold + Akershus + Buskerud`.
    pub name: String,
    /// `01+02+06 = 30 = 31+32+33`.
    pub equation: String,
    /// The municipalities that moved between counties, with the source.
    pub note: String,
    /// The month of each column (`des. 2019`).
    pub columns: Vec<String>,
    /// A measure group's name and its sum in each column: a number, a range (`15–18`) where
    /// `*` cells are summed, or `–` where there is none.
    pub rows: Vec<(String, Vec<String>)>,
}

/// The region of a county that spans reforms, summed for all participants.
fn region_view(loaded: &Loaded, area: &Area) -> Option<RegionView> {
    use crate::model::comparable;
    let dataset = &loaded.dataset;
    let county = area.county()?;
    let region = comparable::regions(dataset, &loaded.classification)
        .into_iter()
        .find(|r| r.contains(county) && r.spans_reforms())?;
    // The last month of each year in the archive.
    let mut columns: Vec<crate::dims::Month> = Vec::new();
    for month in dataset.months() {
        match columns.last_mut() {
            Some(last) if last.year == month.year => *last = month,
            _ => columns.push(month),
        }
    }
    let rows = dataset
        .measure_groups()
        .into_iter()
        .map(|m| {
            let sums = region.series(dataset, m, MainGroup::ALLE);
            let cells = columns
                .iter()
                .map(|month| match sums.get(month) {
                    None => "–".to_string(),
                    Some(sum) => crate::format::range(sum.low, sum.high),
                })
                .collect();
            (m.name().to_string(), cells)
        })
        .collect();
    Some(RegionView {
        name: region.name(),
        equation: region.equation(),
        note: loaded.classification.moved_municipalities().to_string(),
        columns: columns
            .iter()
            .map(|m| format!("{} {}", m.short_name(), m.year))
            .collect(),
        rows,
    })
}

/// The county's name as its page's title, with the years it existed when it has not existed
/// throughout.
fn title(area: &Area) -> String {
    let span = area.county().map(|c| c.years()).unwrap_or_default();
    if span.is_empty() {
        area.display_name().to_string()
    } else {
        format!("{} ({span})", area.display_name())
    }
}

/// Every measure group's series for all participants in `area`.
fn by_measure_group(dataset: &Dataset, area: &Area) -> Vec<(MeasureGroup, MonthCells)> {
    dataset
        .measure_groups()
        .into_iter()
        .map(|m| (m, series(dataset, m, MainGroup::ALLE, area)))
        .collect()
}

/// The link preview of `area`'s page: its measure groups' small charts, as the page draws them.
pub fn preview(loaded: &Loaded, area: &Area) -> Preview {
    let dataset = &loaded.dataset;
    let months = dataset.months_of(area);
    let all = by_measure_group(dataset, area);
    let named: Vec<(&str, _)> = all
        .iter()
        .filter(|(_, s)| !s.is_empty())
        .map(|(m, s)| (m.name(), s))
        .collect();
    let when = months
        .last()
        .map(|m| m.long_label().to_lowercase())
        .unwrap_or_default();
    let name = title(area);
    Preview {
        chart: super::preview_grid(
            &name,
            &format!("deltakere per måned, {}", area.name()),
            &months,
            &named,
        ),
        title: name,
        figure: None,
        subtitle: format!("Deltakere per tiltaksgruppe, tall til og med {when}"),
    }
}

/// Renders the page of `area`, with its figure's files.
pub fn page(loaded: &Loaded, site: &Site, area: &Area, path: &str) -> Rendered {
    let dataset = &loaded.dataset;
    // A county created or split in a reform has only its own months: its page does not
    // stretch its series over months when it did not exist.
    let months = dataset.months_of(area);
    let latest = months.last().copied();
    let span = area.county().map(|c| c.years()).unwrap_or_default();
    let name = title(area);
    let all = by_measure_group(dataset, area);
    let figures = match latest {
        Some(latest) => all
            .iter()
            .filter(|(_, s)| !s.is_empty())
            .map(|(m, s)| {
                Figure::new(
                    m.name().to_string(),
                    Some(measure_path(m.slug())),
                    s,
                    latest,
                )
            })
            .collect(),
        None => Vec::new(),
    };
    let named: Vec<(&str, _)> = all
        .iter()
        .filter(|(_, s)| !s.is_empty())
        .map(|(m, s)| (m.name(), s))
        .collect();
    let annual = AnnualTable::new(
        format!("{}: årsgjennomsnitt per tiltaksgruppe", area.name()),
        "Tiltaksgruppe",
        all.iter()
            .map(|(m, _)| {
                (
                    m.name().to_string(),
                    Some(measure_path(m.slug())),
                    false,
                    dataset.annual(*m, MainGroup::ALLE, area),
                )
            })
            .collect(),
    );
    let figure_page = FigurePage::new(path, dataset, site.base_url());
    let (charts, files) = multiples(
        "graf-fylke",
        &format!("deltakere per måned, {}", area.name()),
        &months,
        &named,
        (
            &figure_page,
            "figur-tiltaksgrupper",
            &format!("{}: deltakere per tiltaksgruppe og måned", area.name()),
        ),
    );
    let rows: Vec<RowData> = all
        .into_iter()
        .map(|(m, s)| RowData {
            label: m.name().to_string(),
            href: Some(measure_path(m.slug())),
            total: false,
            cells: s,
        })
        .collect();
    let shown = latest_twelve(&months);
    let years = if months.len() > shown.len() {
        by_year(&months)
            .into_iter()
            .map(|(year, months)| {
                TableView::new(
                    format!("{}: deltakere per tiltaksgruppe, {year}", area.name()),
                    "Tiltaksgruppe",
                    &months,
                    &rows,
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut layout = site.layout(
        path,
        &name,
        format!(
            "Deltakere i arbeidsrettede tiltak i {}, per tiltaksgruppe og måned.",
            area.name()
        ),
    );
    layout.image = site.image(
        path,
        format!(
            "Små linjediagrammer: {}, deltakere per tiltaksgruppe og måned",
            area.name()
        ),
    );
    let page = CountyPage {
        layout,
        code: area.code(),
        span,
        history: area.county().map_or("", |c| c.history),
        labels: dataset
            .labels
            .get(area)
            .map(|l| l.iter().cloned().collect())
            .unwrap_or_default(),
        latest: latest.map(|m| m.long_label()).unwrap_or_default(),
        figures,
        charts,
        table: TableView::new(
            format!("{}: deltakere per tiltaksgruppe og måned", area.name()),
            "Tiltaksgruppe",
            shown,
            &rows,
        ),
        annual,
        years,
        region: region_view(loaded, area),
    };
    (render(&page), files)
}
