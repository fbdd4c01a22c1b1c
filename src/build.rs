//! The pipeline, start to end: load (read, parse, merge, check) → render → write.
//!
//! [`build`] is what every command runs: `tiltak build` once, `watch` and `serve` after each
//! change. There is no state between two builds, so a rebuild is a build. Nothing is written
//! until everything has been read and rendered without error.

use crate::diagnostic::Diagnostic;
use crate::load::{self, Loaded};
use crate::write::{self, Files, WriteError, Written};
use crate::{site, source};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where to read from and write to.
#[derive(Debug, Clone)]
pub struct Config {
    /// The content folder: reports (`*.txt`) and pages (`*.md`).
    pub content_dir: PathBuf,
    /// The output folder: after each build it holds the new site; only the files that
    /// changed were written, and only files an earlier build wrote were removed.
    pub out_dir: PathBuf,
    /// A folder of files copied as they are into the output (stylesheets); when it does not
    /// exist, the stylesheet built into the program is used.
    pub static_dir: PathBuf,
    /// The site's absolute address, for `sitemap.xml`, canonical links and link previews
    /// only; every other link is relative.
    pub base_url: Option<String>,
}

/// Why a build did not produce a site.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input has errors; every one of them is listed.
    #[error("{} {} in the content folder; nothing was written", .0.len(), if .0.len() == 1 { "error" } else { "errors" })]
    Input(Vec<Diagnostic>),
    /// The output folder could not be written, or is not one to write into.
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl From<Vec<Diagnostic>> for Error {
    fn from(diagnostics: Vec<Diagnostic>) -> Error {
        Error::Input(diagnostics)
    }
}

impl Error {
    /// What `tiltak build` prints when a build fails: every diagnostic drawn in full, then
    /// the one-line summary. `watch` prints the same on a failed rebuild and `serve` shows it
    /// in the browser, so a publisher sees one wording wherever they look.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Error::Input(diagnostics) = self {
            out.push_str(&crate::diagnostic::render_all(diagnostics));
        }
        out.push_str(&format!("error: {self}\n"));
        out
    }
}

/// Reads, parses, merges and checks the content folder, for `tiltak check`.
pub fn load(content_dir: &Path) -> Result<Loaded, Error> {
    Ok(load::load(content_dir)?)
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
    /// What the pages weigh, for the page-weight report.
    pub weights: site::weight::Weights,
    /// Time spent reading and parsing, rendering, and writing.
    pub timings: [Duration; 3],
    /// Each report's name and the encoding it was read as, for `--verbose`.
    pub encodings: Vec<(String, &'static str)>,
}

/// Builds the site: reads the content folder and updates the output folder.
///
/// The output folder is checked first, so a folder that must not be written into (one that
/// holds the content, a repository, the working tree) is refused before any work. On any
/// error the output folder is left exactly as it was.
pub fn build(config: &Config) -> Result<Summary, Error> {
    let start = Instant::now();
    // The folders a build reads from, which its output folder must never be or hold.
    let here = std::env::current_dir().unwrap_or_default();
    let protected = [
        (config.content_dir.as_path(), "the content folder"),
        (config.static_dir.as_path(), "the static folder"),
        (here.as_path(), "the current folder"),
    ];
    let target = write::Target::new(&config.out_dir, &protected)?;
    let mut loaded = load::load(&config.content_dir)?;
    let static_files = source::read_static(&config.static_dir).map_err(|d| vec![d])?;
    let loaded_at = Instant::now();

    let mut files: Files = site::render(&loaded, config.base_url.as_deref());
    for (name, bytes) in static_files {
        files.insert(format!("static/{name}"), bytes);
    }
    files
        .entry("static/style.css".into())
        .or_insert_with(|| site::DEFAULT_CSS.as_bytes().to_vec());
    let rendered_at = Instant::now();

    let written = target.write(&files)?;
    let editions = &loaded.dataset.editions;
    let summary = Summary {
        reports: editions.len(),
        tables: editions.iter().map(|e| e.report.tables.len()).sum(),
        cells: editions.iter().map(|e| e.report.cell_count()).sum(),
        weights: site::weight::weigh(&files),
        encodings: editions
            .iter()
            .map(|e| (e.report.file.clone(), e.report.encoding))
            .collect(),
        warnings: std::mem::take(&mut loaded.warnings),
        written,
        timings: [
            loaded_at - start,
            rendered_at - loaded_at,
            rendered_at.elapsed(),
        ],
    };
    // The site is on disk. Freeing a large archive's pages and model takes a twentieth of
    // its build, one allocation at a time; it is done beside the caller, who can report
    // the build meanwhile (or exit, which frees it all at once).
    std::thread::spawn(move || drop((files, loaded)));
    Ok(summary)
}
