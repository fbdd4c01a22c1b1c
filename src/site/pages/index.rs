//! The front page: every measure group's latest figure, with sparklines and one overview chart.

use super::{over, render, series};
use crate::build::Loaded;
use crate::chart::{self, Series};
use crate::dims::{Area, MainGroup};
use crate::site::figures::Figure;
use crate::site::layout::{measure_path, Layout, Site};
use crate::site::table::{RowData, TableView};
use askama::Template;

/// A measure group's card on the front page.
pub struct Card {
    /// The latest figure and its changes.
    pub figure: Figure,
    /// A small chart of the whole series.
    pub sparkline: String,
}

/// The front page.
#[derive(Template)]
#[template(path = "index.html")]
pub struct IndexPage {
    /// The shared layout.
    pub layout: Layout,
    /// The latest month, `Desember 2022`.
    pub latest: String,
    /// The period the site covers, `Januar 2022 – Desember 2022`.
    pub span: String,
    /// One card per measure group.
    pub cards: Vec<Card>,
    /// All measure groups over the whole period.
    pub chart: String,
    /// The newest report's file and period.
    pub newest: String,
    /// The numbers of the overview chart.
    pub table: TableView,
}

/// Renders the front page.
pub fn page(loaded: &Loaded, site: &Site) -> Vec<u8> {
    let dataset = &loaded.dataset;
    let months = dataset.months();
    let latest = dataset.latest_month();
    let groups = dataset.measure_groups();
    let all: Vec<_> = groups.iter().map(|m| (m, series(dataset, *m, MainGroup::Alle, &Area::Total))).collect();
    let cards = match latest {
        Some(latest) => all
            .iter()
            .map(|(m, s)| Card {
                figure: Figure::new(m.name().to_string(), Some(measure_path(m.slug())), s, latest),
                sparkline: chart::sparkline(&format!("spark-{}", m.slug()), &format!("{}, alle deltakere per måned", m.name()), &months, &over(&months, s)),
            })
            .collect(),
        None => Vec::new(),
    };
    let lines: Vec<Series> = all.iter().map(|(m, s)| Series { name: m.name(), values: over(&months, s) }).collect();
    let span = match (months.first(), months.last()) {
        (Some(a), Some(b)) => format!("{} – {}", a.long_label(), b.long_label()),
        _ => String::new(),
    };
    let rows = all
        .iter()
        .map(|(m, s)| RowData { label: m.name().to_string(), href: Some(measure_path(m.slug())), total: false, cells: s.clone() })
        .collect();
    let table = TableView::new("Deltakere per tiltaksgruppe og måned, hele landet".into(), "Tiltaksgruppe", &months, rows);
    let page = IndexPage {
        table,
        layout: site.layout(
            "index.html",
            "Deltakere i arbeidsrettede tiltak",
            "Månedlige tall fra NAV for deltakere i arbeidsrettede tiltak, per tiltaksgruppe og fylke.",
        ),
        latest: latest.map(|m| m.long_label()).unwrap_or_default(),
        chart: chart::line_chart("graf-alle", &format!("Deltakere per tiltaksgruppe, {span}"), &months, &lines),
        span,
        cards,
        newest: dataset.editions.last().map(|e| format!("{} ({})", e.period.label(), e.file)).unwrap_or_default(),
    };
    render(&page)
}
