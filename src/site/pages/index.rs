//! The front page: every measure group's latest figure, with sparklines and one overview chart.

use super::{over, render, series};
use crate::chart::{self, Series};
use crate::dims::{Area, MainGroup, MeasureGroup, Month};
use crate::model::Dataset;
use crate::site::figures::Figure;
use crate::site::layout::{measure_path, Layout, Scope, Site};
use crate::site::preview::Preview;
use crate::site::series::MonthCells;
use crate::site::table::{latest_twelve, RowData, TableView};
use askama::Template;

/// A measure group's card on the front page.
pub struct Card {
    /// The latest figure and its changes.
    pub figure: Figure,
    /// A small chart of the whole series.
    pub sparkline: String,
}

/// The front page, of the merged series or of one edition.
#[derive(Template)]
#[template(path = "index.html")]
pub struct IndexPage {
    /// The shared layout.
    pub layout: Layout,
    /// The latest month, `Desember 2022`.
    pub latest: String,
    /// The period the pages cover, `Januar 2022 – Desember 2022`.
    pub span: String,
    /// One card per measure group.
    pub cards: Vec<Card>,
    /// All measure groups over the whole period.
    pub chart: String,
    /// The numbers of the overview chart, latest twelve months.
    pub table: TableView,
    /// The newest report's period.
    pub newest: String,
}

/// The front page's title.
const TITLE: &str = "Deltakere i arbeidsrettede tiltak";

/// Every measure group's national total.
fn totals(dataset: &Dataset) -> Vec<(MeasureGroup, MonthCells)> {
    dataset
        .measure_groups()
        .into_iter()
        .map(|m| (m, series(dataset, m, MainGroup::ALLE, &Area::Total)))
        .collect()
}

/// The period the pages cover, `januar 2022–desember 2022`.
fn span(months: &[Month]) -> String {
    match (months.first(), months.last()) {
        (Some(a), Some(b)) => format!(
            "{}–{}",
            a.long_label().to_lowercase(),
            b.long_label().to_lowercase()
        ),
        _ => String::new(),
    }
}

/// The overview chart's title and the chart: all measure groups over the whole period.
fn overview(months: &[Month], all: &[(MeasureGroup, MonthCells)]) -> (String, String) {
    let lines: Vec<Series> = all
        .iter()
        .map(|(m, s)| Series {
            name: m.name(),
            values: over(months, s),
        })
        .collect();
    let title = format!("Deltakere per tiltaksgruppe, {}", span(months));
    let chart = chart::line_chart("graf-alle", &title, months, &lines);
    (title, chart)
}

/// The link preview of the front page of the merged series.
pub fn preview(scope: &Scope) -> Preview {
    let months = scope.dataset.months();
    Preview {
        title: TITLE.into(),
        figure: None,
        subtitle: format!("Hele landet, per tiltaksgruppe, {}", span(&months)),
        chart: overview(&months, &totals(scope.dataset)).1,
    }
}

/// Renders the front page of `scope`.
pub fn page(scope: &Scope, site: &Site) -> Vec<u8> {
    let dataset = scope.dataset;
    let months = dataset.months();
    let latest = dataset.latest_month();
    let all = totals(dataset);
    let cards = match latest {
        Some(latest) => all
            .iter()
            .map(|(m, s)| Card {
                figure: Figure::new(
                    m.name().to_string(),
                    Some(scope.path(&measure_path(m.slug()))),
                    s,
                    latest,
                ),
                sparkline: chart::sparkline(
                    &format!("spark-{}", m.slug()),
                    &format!("{}, alle deltakere per måned", m.name()),
                    &months,
                    &over(&months, s),
                ),
            })
            .collect(),
        None => Vec::new(),
    };
    let (chart_title, chart) = overview(&months, &all);
    let rows: Vec<RowData> = all
        .iter()
        .map(|(m, s)| RowData {
            label: m.name().to_string(),
            href: Some(scope.path(&measure_path(m.slug()))),
            total: false,
            cells: s.clone(),
        })
        .collect();
    let table = TableView::new(
        "Deltakere per tiltaksgruppe og måned, hele landet".into(),
        "Tiltaksgruppe",
        latest_twelve(&months),
        &rows,
    );
    let mut layout = site.scoped(
        scope,
        "index.html",
        TITLE,
        "Månedlige tall fra NAV for deltakere i arbeidsrettede tiltak, per tiltaksgruppe og fylke.",
    );
    if scope.edition.is_none() {
        layout.image = site.image("index.html", format!("Linjediagram: {chart_title}"));
    }
    let page = IndexPage {
        layout,
        latest: latest.map(|m| m.long_label()).unwrap_or_default(),
        chart,
        span: span(&months),
        cards,
        table,
        newest: dataset
            .editions
            .last()
            .map(|e| e.period.display())
            .unwrap_or_default(),
    };
    render(&page)
}
