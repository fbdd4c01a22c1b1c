//! `feed.xml`: an Atom feed with one entry per edition, newest first, so a reader learns in
//! a feed reader that a new report came out.
//!
//! Every time in it comes from the data, never from the clock: an edition's time is the
//! first day after the last month it covers, so two builds of the same input give the same
//! feed.

use super::layout::edition_prefix;
use crate::dims::{Area, MainGroup, Month};
use crate::format;
use crate::model::{Dataset, Edition};
use askama::Template;

/// One edition in the feed.
#[derive(Debug, Clone)]
pub struct Entry {
    /// `Januar - Desember 2022`.
    pub title: String,
    /// The edition's folder, relative to the site's root.
    pub path: String,
    /// When the edition's numbers end: the first day after its last month.
    pub updated: String,
    /// The edition's latest national figures, per measure group.
    pub summary: String,
}

impl Entry {
    /// The entry of `edition`, whose own numbers are `alone`.
    pub fn new(edition: &Edition, alone: &Dataset) -> Entry {
        let summary = match alone.latest_month() {
            Some(latest) => {
                let figures: Vec<String> = alone
                    .measure_groups()
                    .into_iter()
                    .filter_map(|m| {
                        let cell = alone.get(m, MainGroup::ALLE, &Area::Total, latest)?;
                        Some(format!("{} {}", m.name(), format::cell(cell)))
                    })
                    .collect();
                format!(
                    "Deltakere i hele landet, {}: {}.",
                    latest.long_label().to_lowercase(),
                    figures.join(", ")
                )
            }
            None => "Rapporten har ingen tall.".to_string(),
        };
        Entry {
            title: format!("Ny utgave: {}", edition.period.display()),
            path: edition_prefix(edition),
            updated: first_day_after(edition.period.end),
            summary,
        }
    }
}

/// Midnight (UTC) of the first day after `month`, as Atom writes times.
fn first_day_after(month: Month) -> String {
    let next = month.succ();
    format!("{:04}-{:02}-01T00:00:00Z", next.year, next.month)
}

/// An entry as the template shows it.
struct Shown {
    title: String,
    id: String,
    href: String,
    updated: String,
    summary: String,
}

#[derive(Template)]
#[template(path = "feed.xml")]
struct Feed {
    id: String,
    root: String,
    updated: String,
    entries: Vec<Shown>,
}

/// The feed of `entries` (in the archive's order, oldest first). Addresses are absolute when
/// the site's address is known, else relative to the feed, which sits at the site's root.
pub fn render(entries: &[Entry], base_url: Option<&str>) -> Vec<u8> {
    let root = base_url.unwrap_or("").to_string();
    let id = |path: &str| match base_url {
        Some(base) => format!("{base}{path}"),
        None => format!("urn:tiltak:{}", path.trim_end_matches('/')),
    };
    let shown: Vec<Shown> = entries
        .iter()
        .rev()
        .map(|e| Shown {
            title: e.title.clone(),
            id: id(&e.path),
            href: format!("{root}{}index.html", e.path),
            updated: e.updated.clone(),
            summary: e.summary.clone(),
        })
        .collect();
    let feed = Feed {
        id: id("utgaver/"),
        root,
        updated: shown
            .iter()
            .map(|e| e.updated.clone())
            .max()
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into()),
        entries: shown,
    };
    super::pages::render(&feed)
}
