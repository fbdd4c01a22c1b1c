//! About the statistics: the report's own notes, and the site's Markdown pages.

use super::render;
use crate::load::Loaded;
use crate::markdown::Page;
use crate::site::layout::{page_path, Layout, Site};
use crate::site::pages::archive::{edition_lines, EditionLine};
use askama::Template;

/// The about page.
#[derive(Template)]
#[template(path = "about.html")]
pub struct AboutPage {
    /// The shared layout.
    pub layout: Layout,
    /// The title of the newest report.
    pub report_title: String,
    /// The notes (`Om tabellene`) of the newest report.
    pub notes: Vec<String>,
    /// The site's own pages: (link, title).
    pub pages: Vec<(String, String)>,
    /// The report files read, newest first.
    pub editions: Vec<EditionLine>,
}

/// A Markdown page.
#[derive(Template)]
#[template(path = "page.html")]
pub struct MarkdownPage<'a> {
    /// The shared layout.
    pub layout: Layout,
    /// The rendered page.
    pub page: &'a Page,
}

/// Renders the about page.
pub fn page(loaded: &Loaded, site: &Site) -> Vec<u8> {
    let newest = loaded.dataset.editions.last();
    let page = AboutPage {
        layout: site.layout(
            "om/index.html",
            "Om statistikken",
            "Hva tallene viser, hvor de kommer fra, og hvordan de er behandlet.",
        ),
        report_title: newest
            .and_then(|e| e.report.title.clone())
            .unwrap_or_default(),
        notes: newest.map(|e| e.report.notes.clone()).unwrap_or_default(),
        pages: loaded
            .pages
            .iter()
            .map(|p| (page_path(&p.slug), p.title.clone()))
            .collect(),
        editions: edition_lines(&loaded.dataset),
    };
    render(&page)
}

/// Renders a Markdown page.
pub fn markdown_page(site: &Site, page: &Page) -> Vec<u8> {
    let layout = site.layout(
        &page_path(&page.slug),
        page.title.clone(),
        page.title.clone(),
    );
    render(&MarkdownPage { layout, page })
}
