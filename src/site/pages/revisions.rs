//! The revisions page: every published value a later edition changed.

use super::render;
use crate::format;
use crate::model::{Dataset, Revision};
use crate::site::layout::{edition_prefix, Layout, Site};
use askama::Template;

/// A revised cell, ready to list.
pub struct RevisionLine {
    /// The month.
    pub month: String,
    /// The area.
    pub area: String,
    /// The measure group.
    pub measure_group: String,
    /// The main group.
    pub main_group: String,
    /// The value before (`*` when suppressed).
    pub old: String,
    /// The value after (`–` when the later edition dropped the row).
    pub new: String,
    /// The edition that revised it: its period.
    pub by: String,
    /// The edition's front page, relative to the root.
    pub by_href: String,
}

/// Lays out revisions for listing.
pub fn revision_lines<'a>(
    dataset: &Dataset,
    revisions: impl Iterator<Item = &'a Revision>,
) -> Vec<RevisionLine> {
    revisions
        .map(|r| {
            let by = &dataset.editions[r.new_edition];
            RevisionLine {
                month: r.key.month.long_label(),
                area: r.key.area.name().to_string(),
                measure_group: r.key.measure_group.name().to_string(),
                main_group: r.key.main_group.short_name().to_string(),
                old: format::cell(r.old),
                new: r.new.map_or_else(|| "–".to_string(), format::cell),
                by: by.period.display(),
                by_href: format!("{}index.html", edition_prefix(by)),
            }
        })
        .collect()
}

/// The revisions page.
#[derive(Template)]
#[template(path = "revisions.html")]
pub struct RevisionsPage {
    /// The shared layout.
    pub layout: Layout,
    /// The latest revisions, newest edition first.
    pub revisions: Vec<RevisionLine>,
    /// How many revisions there are in all (the CSV download has them all).
    pub total: usize,
}

/// How many revisions the page lists; a long archive has thousands, and the page must stay
/// light. Every one of them is in `data/revisjoner.csv`.
const SHOWN: usize = 250;

/// Renders the revisions page.
pub fn page(dataset: &Dataset, site: &Site) -> Vec<u8> {
    let page = RevisionsPage {
        layout: site.layout(
            "revisjoner.html",
            "Revisjoner",
            "Tall som en nyere rapport har endret.",
        ),
        revisions: revision_lines(dataset, dataset.revisions.iter().rev().take(SHOWN)),
        total: dataset.revisions.len(),
    };
    render(&page)
}
