//! The published site: pages, charts and data files, rendered in memory from the model.
//!
//! Every link is relative (each page knows how deep it sits), so the site works under any
//! sub-path on GitHub Pages, at a domain's root, and straight from disk. Only `sitemap.xml`
//! and canonical links use the absolute address, and only when one is given.

pub mod figures;
pub mod layout;
pub mod pages;
pub mod table;

use crate::build::Loaded;
use crate::export;
use crate::write::Files;
use askama::Template;
use layout::{county_path, has_page, measure_path, page_path, Layout, Site};
use rayon::prelude::*;

/// The stylesheet built into the program, used when the static folder has none.
pub const DEFAULT_CSS: &str = include_str!("../../static/style.css");

/// The page shown for a missing address.
#[derive(Template)]
#[template(path = "404.html")]
struct NotFound {
    layout: Layout,
}

/// `sitemap.xml`, with absolute addresses.
#[derive(Template)]
#[template(path = "sitemap.xml")]
struct Sitemap {
    urls: Vec<String>,
}

/// Renders every file of the site.
pub fn render(loaded: &Loaded, base_url: Option<&str>) -> Files {
    let dataset = &loaded.dataset;
    let site = &Site::new(loaded, base_url);
    let mut jobs: Vec<(String, Box<dyn Fn() -> Vec<u8> + Sync + '_>)> = vec![
        ("index.html".into(), Box::new(|| pages::index::page(loaded, site))),
        ("fylker/index.html".into(), Box::new(|| pages::counties::page(loaded, site))),
        ("om/index.html".into(), Box::new(|| pages::about::page(loaded, site))),
        ("datakvalitet.html".into(), Box::new(|| pages::quality::page(loaded, site))),
    ];
    for measure_group in dataset.measure_groups() {
        jobs.push((measure_path(measure_group.slug()), Box::new(move || pages::measure::page(loaded, site, measure_group))));
    }
    for area in dataset.areas().into_iter().filter(has_page) {
        let path = county_path(&area);
        let at = path.clone();
        jobs.push((path, Box::new(move || pages::county::page(loaded, site, &area, &at))));
    }
    for page in &loaded.pages {
        jobs.push((page_path(&page.slug), Box::new(|| pages::about::markdown_page(site, page))));
    }
    let mut files: Files = jobs.par_iter().map(|(path, job)| (path.clone(), job())).collect();
    files.insert("404.html".into(), pages::render(&NotFound { layout: site.not_found_layout() }));
    if let Some(base) = site.base_url() {
        let urls = files
            .keys()
            .filter(|p| p.ends_with(".html") && *p != "404.html")
            .map(|p| format!("{base}{}", p.strip_suffix("index.html").unwrap_or(p)))
            .collect();
        files.insert("sitemap.xml".into(), pages::render(&Sitemap { urls }));
    }
    files.insert(".nojekyll".into(), Vec::new());
    files.insert("data/observations.csv".into(), export::observations_csv(dataset, dataset.cells.iter()));
    for measure_group in dataset.measure_groups() {
        let cells = dataset.cells.iter().filter(|(k, _)| k.measure_group == measure_group);
        files.insert(format!("data/{}.csv", measure_group.slug()), export::observations_csv(dataset, cells));
        let json = serde_json::to_vec_pretty(&export::jsonstat(dataset, measure_group)).expect("JSON-stat serialises");
        files.insert(format!("data/{}.json", measure_group.slug()), json);
    }
    files
}
