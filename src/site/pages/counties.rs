//! The county overview: every county's latest figure in each measure group.

use super::render;
use crate::dims::MainGroup;
use crate::format;
use crate::load::Loaded;
use crate::site::layout::{county_path, has_page, measure_path, Layout, Site};
use askama::Template;

/// A county's row in the overview.
pub struct CountyRow {
    /// The county's display name.
    pub name: String,
    /// Its page, relative to the root.
    pub href: Option<String>,
    /// Whether this is the `I alt` row.
    pub total: bool,
    /// The latest value in each measure group (`*`, or `–` when absent).
    pub values: Vec<String>,
}

/// The county overview page.
#[derive(Template)]
#[template(path = "counties.html")]
pub struct CountiesPage {
    /// The shared layout.
    pub layout: Layout,
    /// The latest month.
    pub latest: String,
    /// The measure groups, as column heads with links.
    pub columns: Vec<(String, String)>,
    /// One row per area.
    pub rows: Vec<CountyRow>,
}

/// Renders the county overview.
pub fn page(loaded: &Loaded, site: &Site) -> Vec<u8> {
    let dataset = &loaded.dataset;
    let groups = dataset.measure_groups();
    let latest = dataset.latest_month();
    let rows = dataset
        .areas()
        .iter()
        .map(|area| CountyRow {
            name: area.name_with_years(),
            total: *area == crate::dims::Area::Total,
            href: has_page(area).then(|| county_path(area)),
            values: groups
                .iter()
                .map(|m| {
                    latest
                        .and_then(|l| dataset.get(*m, MainGroup::ALLE, area, l))
                        .map_or_else(|| "–".into(), format::cell)
                })
                .collect(),
        })
        .collect();
    let page = CountiesPage {
        layout: site.layout(
            "fylker/index.html",
            "Fylker",
            "Deltakere i arbeidsrettede tiltak per fylke og tiltaksgruppe, siste måned.",
        ),
        latest: latest.map(|m| m.long_label()).unwrap_or_default(),
        columns: groups
            .iter()
            .map(|m| (m.name().to_string(), measure_path(m.slug())))
            .collect(),
        rows,
    };
    render(&page)
}
