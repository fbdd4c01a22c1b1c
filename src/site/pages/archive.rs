//! The archive: every edition, with a link to its pages as published.

use super::render;
use crate::model::Dataset;
use crate::site::layout::{edition_prefix, Layout, Site};
use askama::Template;

/// An edition as listed in the archive.
pub struct EditionLine {
    /// `Januar - Desember 2022`.
    pub period: String,
    /// The edition's front page, relative to the root.
    pub href: String,
    /// The file name.
    pub file: String,
    /// The number of tables.
    pub tables: usize,
    /// How many cells of earlier editions it revised.
    pub revised: usize,
}

/// The archive page.
#[derive(Template)]
#[template(path = "archive.html")]
pub struct ArchivePage {
    /// The shared layout.
    pub layout: Layout,
    /// Every edition, newest first.
    pub editions: Vec<EditionLine>,
}

/// Every edition, newest first.
pub fn edition_lines(dataset: &Dataset) -> Vec<EditionLine> {
    dataset
        .editions
        .iter()
        .rev()
        .map(|e| EditionLine {
            period: e.period.display(),
            href: format!("{}index.html", edition_prefix(e)),
            file: e.file.clone(),
            tables: e.report.tables.len(),
            revised: e.revised,
        })
        .collect()
}

/// Renders the archive page.
pub fn page(dataset: &Dataset, site: &Site) -> Vec<u8> {
    let page = ArchivePage {
        layout: site.layout(
            "utgaver/index.html",
            "Utgaver",
            "Alle rapportene, slik de ble publisert.",
        ),
        editions: edition_lines(dataset),
    };
    render(&page)
}
