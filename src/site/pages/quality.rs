//! The data-quality page: what the build found, for publishers and careful readers.

use super::render;
use crate::diagnostic::Kind;
use crate::format;
use crate::load::Loaded;
use crate::site::layout::{Layout, Site};
use askama::Template;

/// An area whose label the reports wrote in more than one way, or differently from its name.
pub struct Merged {
    /// The canonical name.
    pub name: String,
    /// The labels as written.
    pub labels: Vec<String>,
}

/// A warning as listed.
pub struct WarningLine {
    /// `file:line`.
    pub location: String,
    /// What was found.
    pub message: String,
}

/// The data-quality page.
#[derive(Template)]
#[template(path = "quality.html")]
pub struct QualityPage {
    /// The shared layout.
    pub layout: Layout,
    /// The label variants merged into one area.
    pub merged: Vec<Merged>,
    /// How many county sums were checked, and how many failed.
    pub county_sums: (String, usize),
    /// How many main-group sums were checked, and how many failed.
    pub main_group_sums: (String, usize),
    /// How many cells later editions revised.
    pub revisions: usize,
    /// Every warning other than revisions.
    pub warnings: Vec<WarningLine>,
}

/// Renders the data-quality page.
pub fn page(loaded: &Loaded, site: &Site) -> Vec<u8> {
    let dataset = &loaded.dataset;
    let merged = dataset
        .labels
        .iter()
        .filter(|(area, labels)| {
            area.is_part() && (labels.len() > 1 || labels.iter().any(|l| l != area.name()))
        })
        .map(|(area, labels)| Merged {
            name: area.name().to_string(),
            labels: labels.iter().cloned().collect(),
        })
        .collect();
    let warnings = loaded
        .warnings
        .iter()
        .filter(|w| w.kind != Kind::Revision)
        .map(|w| WarningLine {
            location: w.location(),
            message: w.message.clone(),
        })
        .collect();
    let c = &loaded.checks;
    let page = QualityPage {
        layout: site.layout(
            "datakvalitet.html",
            "Datakvalitet",
            "Kontroller av tallene: summer, navnevarianter, revisjoner og advarsler.",
        ),
        merged,
        county_sums: (format::number(c.county_sums as u64), c.county_failures),
        main_group_sums: (
            format::number(c.main_group_sums as u64),
            c.main_group_failures,
        ),
        revisions: dataset.revisions.len(),
        warnings,
    };
    render(&page)
}
