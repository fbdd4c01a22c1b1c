//! A county's page: every measure group for the county, with a chart and a table.

use super::{over, render, series};
use crate::chart::{self, Series};
use crate::dims::{Area, MainGroup};
use crate::load::Loaded;
use crate::site::figures::Figure;
use crate::site::layout::{measure_path, Layout, Site};
use crate::site::table::{by_year, latest_twelve, RowData, TableView};
use askama::Template;

/// The page of one county.
#[derive(Template)]
#[template(path = "county.html")]
pub struct CountyPage {
    /// The shared layout.
    pub layout: Layout,
    /// The county number, when it has one.
    pub code: &'static str,
    /// How the county came about or ended, when that matters for its series.
    pub history: &'static str,
    /// The label variants the reports used for this county.
    pub labels: Vec<String>,
    /// The latest month, `Desember 2022`.
    pub latest: String,
    /// The latest figure of each measure group.
    pub figures: Vec<Figure>,
    /// Every measure group over time.
    pub chart: String,
    /// Measure groups × the latest twelve months.
    pub table: TableView,
    /// Measure groups × months, a table per year, when there is more than a year.
    pub years: Vec<TableView>,
}

/// Renders the page of `area`.
pub fn page(loaded: &Loaded, site: &Site, area: &Area, path: &str) -> Vec<u8> {
    let dataset = &loaded.dataset;
    // A county created or split in a reform has only its own months: its page does not
    // stretch its series over months when it did not exist.
    let months = dataset.months_of(area);
    let latest = months.last().copied();
    let name = area.display_name();
    let all: Vec<_> = dataset
        .measure_groups()
        .into_iter()
        .map(|m| (m, series(dataset, m, MainGroup::Alle, area)))
        .collect();
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
    let lines: Vec<Series> = all
        .iter()
        .filter(|(_, s)| !s.is_empty())
        .map(|(m, s)| Series {
            name: m.name(),
            values: over(&months, s),
        })
        .collect();
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
    let page = CountyPage {
        layout: site.layout(
            path,
            name,
            format!(
                "Deltakere i arbeidsrettede tiltak i {}, per tiltaksgruppe og måned.",
                area.name()
            ),
        ),
        code: area.code(),
        history: area.county().map_or("", |c| c.history),
        labels: dataset
            .labels
            .get(area)
            .map(|l| l.iter().cloned().collect())
            .unwrap_or_default(),
        latest: latest.map(|m| m.long_label()).unwrap_or_default(),
        figures,
        chart: chart::line_chart(
            "graf-fylke",
            &format!("{}: deltakere per tiltaksgruppe og måned", area.name()),
            &months,
            &lines,
        ),
        table: TableView::new(
            format!("{}: deltakere per tiltaksgruppe og måned", area.name()),
            "Tiltaksgruppe",
            shown,
            &rows,
        ),
        years,
    };
    render(&page)
}
