//! The published site: pages, charts and data files, rendered in memory from the model.
//!
//! Every link is relative (each page knows how deep it sits), so the site works under any
//! sub-path on GitHub Pages, at a domain's root, and straight from disk. Only `sitemap.xml`,
//! canonical links and the Open Graph tags use the absolute address, and only when one is
//! given; the link-preview pictures ([`preview`]) are drawn only then.

pub mod annual;
pub mod chart_figure;
pub mod feed;
pub mod figures;
pub mod layout;
pub mod pages;
pub mod preview;
pub mod series;
pub mod table;
pub mod weight;

use crate::export;
use crate::load::Loaded;
use crate::model::Dataset;
use crate::write::Files;
use askama::Template;
use layout::{county_path, edition_prefix, has_page, measure_path, page_path, Layout, Scope, Site};
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

/// What rendering a page gives: the page, and the files that go with it (its figures' SVG
/// and CSV files, with their paths from the root).
pub type Rendered = (Vec<u8>, Vec<(String, Vec<u8>)>);

/// One file to render: its path and the closure that renders it (and the files that go with
/// it).
type Job<'a> = (String, Box<dyn Fn() -> Rendered + Sync + 'a>);

/// A job for a file that comes alone.
fn alone<'a>(render: impl Fn() -> Vec<u8> + Sync + 'a) -> Box<dyn Fn() -> Rendered + Sync + 'a> {
    Box::new(move || (render(), Vec::new()))
}

/// Runs jobs in parallel, collecting every file they give. Each file gives back the room left
/// over from growing it: every file is held until all are written, and that room was a tenth
/// of a large archive's peak memory.
fn run<C: FromParallelIterator<(String, Vec<u8>)>>(jobs: &[Job]) -> C {
    jobs.par_iter()
        .flat_map_iter(|(path, job)| {
            let (bytes, with) = job();
            std::iter::once((path.clone(), bytes))
                .chain(with)
                .map(|(path, mut bytes)| {
                    bytes.shrink_to_fit();
                    (path, bytes)
                })
        })
        .collect()
}

/// The pages and data files of one scope: the merged series or one edition.
fn scope_jobs<'a>(scope: &'a Scope<'a>, site: &'a Site) -> Vec<Job<'a>> {
    let mut jobs: Vec<Job> = vec![(
        scope.path("index.html"),
        Box::new(move || pages::index::page(scope, site)),
    )];
    for measure_group in scope.dataset.measure_groups() {
        jobs.push((
            scope.path(&measure_path(measure_group.slug())),
            Box::new(move || pages::measure::page(scope, site, measure_group)),
        ));
    }
    // Link previews show the newest numbers, so only the main pages have them; an archived
    // edition is linked to for its own sake, not shared as the latest. They are drawn only
    // when the site's address is known: `og:image` must be absolute, so without it no page
    // could point to them.
    if scope.edition.is_none() && site.base_url().is_some() {
        jobs.push((
            preview::path("index.html"),
            Box::new(move || (preview::png(&pages::index::preview(scope)), Vec::new())),
        ));
        for measure_group in scope.dataset.measure_groups() {
            jobs.push((
                preview::path(&measure_path(measure_group.slug())),
                Box::new(move || {
                    (
                        preview::png(&pages::measure::preview(scope, measure_group)),
                        Vec::new(),
                    )
                }),
            ));
        }
    }
    // The main pages' observations.csv is the measure groups' own files joined, put together
    // in `render` once they are rendered rather than formatted twice.
    if scope.edition.is_some() {
        jobs.push((
            scope.path("data/observations.csv"),
            alone(move || export::observations_csv(scope.dataset, &scope.dataset.cells)),
        ));
    }
    for measure_group in scope.dataset.measure_groups() {
        let data = scope.path(&format!("data/{}", measure_group.slug()));
        // A measure group's own CSV is a convenience of the main pages; an edition's
        // observations.csv holds the same lines.
        if scope.edition.is_none() {
            jobs.push((
                format!("{data}.csv"),
                alone(move || {
                    export::observations_csv(scope.dataset, scope.dataset.cells_of(measure_group))
                }),
            ));
        }
        jobs.push((
            format!("{data}.json"),
            alone(move || {
                serde_json::to_vec(&export::jsonstat(scope.dataset, measure_group))
                    .expect("JSON-stat serialises")
            }),
        ));
    }
    jobs
}

/// Renders every file of the site: the main pages, each archived edition, the data files,
/// the 404 page and, when the site's address is known, the sitemap.
pub fn render(loaded: &Loaded, base_url: Option<&str>) -> Files {
    let dataset = &loaded.dataset;
    let site = &Site::new(loaded, base_url);
    let merged = &Scope {
        dataset,
        prefix: "",
        edition: None,
    };
    let mut jobs: Vec<Job> = vec![
        (
            "fylker/index.html".into(),
            alone(|| pages::counties::page(loaded, site)),
        ),
        (
            "om/index.html".into(),
            alone(|| pages::about::page(loaded, site)),
        ),
        (
            "datakvalitet.html".into(),
            alone(|| pages::quality::page(loaded, site)),
        ),
        (
            "utgaver/index.html".into(),
            alone(|| pages::archive::page(dataset, site)),
        ),
        (
            "revisjoner.html".into(),
            alone(|| pages::revisions::page(dataset, site)),
        ),
    ];
    jobs.extend(scope_jobs(merged, site));
    jobs.push((
        "data/revisjoner.csv".into(),
        alone(|| export::revisions_csv(dataset)),
    ));
    jobs.push((
        "data/annual.csv".into(),
        alone(|| export::annual_csv(dataset)),
    ));
    jobs.push((
        "data/comparable.csv".into(),
        alone(|| export::comparable_csv(dataset, &loaded.classification)),
    ));
    for area in dataset.areas().into_iter().filter(has_page) {
        let path = county_path(&area);
        let at = path.clone();
        if site.base_url().is_some() {
            let shown = area.clone();
            jobs.push((
                preview::path(&path),
                Box::new(move || {
                    (
                        preview::png(&pages::county::preview(loaded, &shown)),
                        Vec::new(),
                    )
                }),
            ));
        }
        jobs.push((
            path,
            Box::new(move || pages::county::page(loaded, site, &area, &at)),
        ));
    }
    for page in &loaded.pages {
        jobs.push((
            page_path(&page.slug),
            alone(|| pages::about::markdown_page(site, page)),
        ));
    }
    // The main pages and the editions are rendered side by side, so neither waits for the
    // other's last, largest page.
    let (mut files, (editions, entries)): (Files, _) =
        rayon::join(|| run(&jobs), || render_editions(dataset, site));
    files.extend(editions);
    files.insert("feed.xml".into(), feed::render(&entries, site.base_url()));
    let observations = export::join_csv(
        dataset
            .measure_groups()
            .iter()
            .filter_map(|m| files.get(&format!("data/{}.csv", m.slug())))
            .map(Vec::as_slice),
    );
    files.insert("data/observations.csv".into(), observations);
    files.insert(
        "404.html".into(),
        pages::render(&NotFound {
            layout: site.not_found_layout(),
        }),
    );
    if let Some(base) = site.base_url() {
        let mut paths: Vec<&String> = files
            .keys()
            .filter(|p| p.ends_with(".html") && *p != "404.html")
            .collect();
        paths.sort();
        let urls = paths
            .into_iter()
            .map(|p| format!("{base}{}", p.strip_suffix("index.html").unwrap_or(p)))
            .collect();
        files.insert("sitemap.xml".into(), pages::render(&Sitemap { urls }));
    }
    files.insert("favicon.svg".into(), FAVICON.as_bytes().to_vec());
    files.insert(".nojekyll".into(), Vec::new());
    files
}

/// The site's icon in the browser's tab: three columns in the charts' first colour. Without
/// one, a browser asks the server's root for `/favicon.ico`, which on GitHub Pages under a
/// sub-path is not the site's, and logs the miss.
const FAVICON: &str = include_str!("../../templates/favicon.svg");

/// Each edition's own numbers, as published, and its entry in the feed: a dataset of that
/// report alone, made inside its batch so that only the editions being rendered are in
/// memory at once.
fn render_editions(dataset: &Dataset, site: &Site) -> (Vec<(String, Vec<u8>)>, Vec<feed::Entry>) {
    let (files, entries): (Vec<Vec<_>>, Vec<_>) = dataset
        .editions
        .par_iter()
        .map(|edition| {
            let (alone, _) = Dataset::from_reports([std::sync::Arc::clone(&edition.report)])
                .expect("one report has no duplicate period");
            let prefix = edition_prefix(edition);
            let scope = Scope {
                dataset: &alone,
                prefix: &prefix,
                edition: Some(edition),
            };
            let jobs = scope_jobs(&scope, site);
            let files: Vec<_> = run(&jobs);
            (files, feed::Entry::new(edition, &alone))
        })
        .unzip();
    (files.into_iter().flatten().collect(), entries)
}
