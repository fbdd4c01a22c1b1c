//! The pipeline, start to end: read → parse → merge → validate → render → write.
//!
//! [`build`] is what `tiltak build` runs and what `watch` calls on every change; [`load`] is
//! the first half alone, for `tiltak check`. Nothing is written until everything has been
//! read and rendered without error.

use crate::diagnostic::{self, Diagnostic};
use crate::model::Dataset;
use crate::source::SourceFile;
use crate::validate::Checks;
use crate::write::{self, Files, WriteError, Written};
use crate::{markdown, report, site, source, validate};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where to read from and write to.
#[derive(Debug, Clone)]
pub struct Config {
    /// The content folder: reports (`*.txt`) and pages (`*.md`).
    pub content_dir: PathBuf,
    /// The output folder, replaced whole by each build.
    pub out_dir: PathBuf,
    /// A folder of files copied as they are into the output (stylesheets); when it does not
    /// exist, the stylesheet built into the program is used.
    pub static_dir: PathBuf,
    /// The site's absolute address, for `sitemap.xml` and canonical links only; every other
    /// link is relative.
    pub base_url: Option<String>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            content_dir: "content".into(),
            out_dir: "site".into(),
            static_dir: "static".into(),
            base_url: None,
        }
    }
}

/// Why a build did not produce a site.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input has errors; every one of them is listed.
    #[error("{} {} in the content folder; the site was not written", .0.len(), if .0.len() == 1 { "error" } else { "errors" })]
    Input(Vec<Diagnostic>),
    /// The output folder could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Everything read from the content folder, parsed, merged and checked.
#[derive(Debug)]
pub struct Loaded {
    /// The merged series and every edition.
    pub dataset: Dataset,
    /// The Markdown pages of the content folder, sorted by their order, then slug.
    pub pages: Vec<markdown::Page>,
    /// Every warning, sorted by file and line.
    pub warnings: Vec<Diagnostic>,
    /// The tally of the additivity checks.
    pub checks: Checks,
}

/// Reads, parses, merges and checks the content folder. Every error of every file is
/// collected before returning.
pub fn load(content_dir: &Path) -> Result<Loaded, Error> {
    let content = source::read(content_dir).map_err(Error::Input)?;
    load_content(content.reports, content.pages)
}

/// [`load`] for content already read into memory.
pub fn load_content(reports: Vec<SourceFile>, pages: Vec<SourceFile>) -> Result<Loaded, Error> {
    let parsed: Vec<Result<report::Report, Vec<Diagnostic>>> =
        reports.par_iter().map(report::parse).collect();
    let mut errors = Vec::new();
    let mut ok = Vec::new();
    for result in parsed {
        match result {
            Ok(report) => ok.push(report),
            Err(problems) => errors.extend(problems),
        }
    }
    let mut rendered_pages = Vec::new();
    for page in &pages {
        match markdown::parse(page) {
            Ok(page) => rendered_pages.push(page),
            Err(problem) => errors.push(problem),
        }
    }
    rendered_pages.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));
    if !errors.is_empty() {
        diagnostic::sort(&mut errors);
        return Err(Error::Input(errors));
    }
    let mut warnings: Vec<Diagnostic> =
        ok.iter().flat_map(|r| r.warnings.iter().cloned()).collect();
    let (checked, checks) = validate::check(&ok.iter().collect::<Vec<_>>());
    warnings.extend(checked);
    let (dataset, revisions) = Dataset::from_reports(ok).map_err(Error::Input)?;
    warnings.extend(revisions);
    diagnostic::sort(&mut warnings);
    Ok(Loaded {
        dataset,
        pages: rendered_pages,
        warnings,
        checks,
    })
}

/// What a build did, for the progress output.
#[derive(Debug)]
pub struct Summary {
    /// The number of report files read.
    pub reports: usize,
    /// The number of tables in them.
    pub tables: usize,
    /// The number of cells in them.
    pub cells: usize,
    /// Every warning.
    pub warnings: Vec<Diagnostic>,
    /// What the writer did.
    pub written: Written,
    /// Each HTML page's path and size in bytes, for the page-weight report.
    pub pages: Vec<(String, usize)>,
    /// Time spent reading and parsing, rendering, and writing.
    pub timings: [Duration; 3],
}

/// Builds the site: reads the content folder and replaces the output folder.
///
/// On any error the output folder is left exactly as it was.
pub fn build(config: &Config) -> Result<Summary, Error> {
    let start = Instant::now();
    let loaded = load(&config.content_dir)?;
    let loaded_at = Instant::now();
    let files = render(&loaded, config);
    let rendered_at = Instant::now();
    let written = write::replace(&config.out_dir, &files)?;
    let reports = &loaded.dataset.editions;
    Ok(Summary {
        reports: reports.len(),
        tables: reports.iter().map(|e| e.report.tables.len()).sum(),
        cells: reports.iter().map(|e| e.report.cell_count()).sum(),
        pages: files
            .iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .map(|(p, b)| (p.clone(), b.len()))
            .collect(),
        warnings: loaded.warnings,
        written,
        timings: [
            loaded_at - start,
            rendered_at - loaded_at,
            rendered_at.elapsed(),
        ],
    })
}

/// Renders the whole site into memory, static files included.
pub fn render(loaded: &Loaded, config: &Config) -> Files {
    let mut files = site::render(loaded, config.base_url.as_deref());
    for (name, bytes) in static_files(&config.static_dir) {
        files.insert(format!("static/{name}"), bytes);
    }
    files
}

/// The stylesheet and other static files: from the static folder when there is one, else
/// the copy built into the program.
fn static_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file() {
                if let Ok(bytes) = std::fs::read(entry.path()) {
                    files.push((source::relative_name(dir, entry.path()), bytes));
                }
            }
        }
    }
    if !files.iter().any(|(n, _)| n == "style.css") {
        files.push(("style.css".into(), site::DEFAULT_CSS.as_bytes().to_vec()));
    }
    files
}
