//! The front page: every measure group's latest figure, with sparklines and one overview chart.

use super::{over, render, series};
use crate::chart::{self, Series};
use crate::dims::{Area, MainGroup};
use crate::site::chart_figure::{line_points, ChartFigure, FigurePage};
use crate::site::figures::Figure;
use crate::site::layout::{measure_path, Layout, Scope, Site};
use crate::site::table::{latest_twelve, RowData, TableView};
use crate::site::Rendered;
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
    pub chart: ChartFigure,
    /// The numbers of the overview chart, latest twelve months.
    pub table: TableView,
    /// The newest report's period.
    pub newest: String,
}

/// Renders the front page of `scope`, with its figure's files.
pub fn page(scope: &Scope, site: &Site) -> Rendered {
    let dataset = scope.dataset;
    let months = dataset.months();
    let latest = dataset.latest_month();
    let all: Vec<_> = dataset
        .measure_groups()
        .into_iter()
        .map(|m| (m, series(dataset, m, MainGroup::ALLE, &Area::Total)))
        .collect();
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
    let lines: Vec<Series> = all
        .iter()
        .map(|(m, s)| Series {
            name: m.name(),
            values: over(&months, s),
        })
        .collect();
    let span = match (months.first(), months.last()) {
        (Some(a), Some(b)) => format!(
            "{}–{}",
            a.long_label().to_lowercase(),
            b.long_label().to_lowercase()
        ),
        _ => String::new(),
    };
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
    let (chart, files) = FigurePage::new(
        &scope.path("index.html"),
        dataset,
        scope.edition.is_none(),
        site.base_url(),
    )
    .figure(
        "figur-tiltaksgrupper",
        &format!("Deltakere per tiltaksgruppe, {span}"),
        |title| chart::line_chart("graf-alle", title, &months, &lines),
        &line_points(&months, &lines),
    );
    let page = IndexPage {
        layout: site.scoped(
            scope,
            "index.html",
            "Deltakere i arbeidsrettede tiltak",
            "Månedlige tall fra NAV for deltakere i arbeidsrettede tiltak, per tiltaksgruppe og fylke.",
        ),
        latest: latest.map(|m| m.long_label()).unwrap_or_default(),
        chart,
        span,
        cards,
        table,
        newest: dataset.editions.last().map(|e| e.period.display()).unwrap_or_default(),
    };
    (render(&page), files)
}
