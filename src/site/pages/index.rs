//! The front page: every measure group's latest figure, with sparklines and one overview chart.

use super::{multiples, over, render, series, Multiples};
use crate::chart::{self, style};
use crate::dims::{Area, MainGroup};
use crate::site::chart_figure::FigurePage;
use crate::site::figures::Figure;
use crate::site::layout::{measure_path, Layout, Scope, Site};
use crate::site::preview::Preview;
use crate::site::table::{latest_twelve, RowData, TableView};
use crate::site::Rendered;
use askama::Template;

/// A measure group's card on the front page.
pub struct Card {
    /// The latest figure and its changes.
    pub figure: Figure,
    /// A small chart of the latest two years.
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
    /// All measure groups, a small chart each; `None` in an archived edition, which keeps
    /// its report's numbers in tables (as its measure-group pages do).
    pub charts: Option<Multiples>,
    /// The numbers of the overview chart, latest twelve months.
    pub table: TableView,
    /// The newest report's period.
    pub newest: String,
}

/// The front page's title.
const TITLE: &str = "Deltakere i arbeidsrettede tiltak";

/// The link preview of the front page of the merged series: every measure group's small
/// chart, as the page draws them.
pub fn preview(scope: &Scope) -> Preview {
    let dataset = scope.dataset;
    let months = dataset.months();
    let all: Vec<_> = dataset
        .measure_groups()
        .into_iter()
        .map(|m| (m, series(dataset, m, MainGroup::ALLE, &Area::Total)))
        .collect();
    let named: Vec<(&str, _)> = all.iter().map(|(m, s)| (m.name(), s)).collect();
    let when = months
        .last()
        .map(|m| m.long_label().to_lowercase())
        .unwrap_or_default();
    Preview {
        title: TITLE.into(),
        figure: None,
        subtitle: format!("Hele landet, per tiltaksgruppe, tall til og med {when}"),
        chart: super::preview_grid(TITLE, "deltakere per måned, hele landet", &months, &named),
    }
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
    let spark_months = chart::latest(&months, style::SPARK_MONTHS);
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
                    spark_months,
                    &over(spark_months, s),
                ),
            })
            .collect(),
        None => Vec::new(),
    };
    let named: Vec<(&str, _)> = all.iter().map(|(m, s)| (m.name(), s)).collect();
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
    let (charts, files) = match scope.edition {
        None => {
            let figure_page = FigurePage::new(&scope.path("index.html"), dataset, site.base_url());
            let (charts, files) = multiples(
                "graf-alle",
                "deltakere per måned, hele landet",
                &months,
                &named,
                (
                    &figure_page,
                    "figur-tiltaksgrupper",
                    &format!("Deltakere per tiltaksgruppe, {span}"),
                ),
            );
            (Some(charts), files)
        }
        Some(_) => (None, Vec::new()),
    };
    let mut layout = site.scoped(
        scope,
        "index.html",
        TITLE,
        "Månedlige tall fra NAV for deltakere i arbeidsrettede tiltak, per tiltaksgruppe og fylke.",
    );
    // A preview shows the newest numbers, so archived editions have none.
    if scope.edition.is_none() {
        layout.image = site.image(
            "index.html",
            format!("Små linjediagrammer: deltakere per tiltaksgruppe, {span}"),
        );
    }
    let page = IndexPage {
        layout,
        latest: latest.map(|m| m.long_label()).unwrap_or_default(),
        charts,
        span,
        cards,
        table,
        newest: dataset
            .editions
            .last()
            .map(|e| e.period.display())
            .unwrap_or_default(),
    };
    (render(&page), files)
}
