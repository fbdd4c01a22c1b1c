//! The pipeline, start to end: read → parse → merge → validate → render → write.
//!
//! [`build`] is what `tiltak build` runs; `watch` calls [`build_with`] on every change, with a
//! [`Cache`] it keeps between builds so unchanged reports are not parsed again. [`load`] is
//! the first half alone, for `tiltak check`. Nothing is written until everything has been
//! read and rendered without error.

use crate::diagnostic::{self, Diagnostic};
use crate::model::{Dataset, Edition};
use crate::settings::Settings;
use crate::source::SourceFile;
use crate::validate::Checks;
use crate::write::{self, WriteError, Written};
use crate::{markdown, report, site, source, validate};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Where to read from and write to.
#[derive(Debug, Clone)]
pub struct Config {
    /// The content folder: reports (`*.txt`) and pages (`*.md`).
    pub content_dir: PathBuf,
    /// The output folder: after each build it holds exactly the new site, and only the files
    /// that changed were written.
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
    #[error("{} {} in the content folder; nothing was written", .0.len(), if .0.len() == 1 { "error" } else { "errors" })]
    Input(Vec<Diagnostic>),
    /// The output folder could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl Error {
    /// What `tiltak build` prints when a build fails: every diagnostic drawn in full, then
    /// the one-line summary. `watch` prints the same on a failed rebuild and `serve` shows it
    /// in the browser, so a publisher sees one wording wherever they look.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Error::Input(diagnostics) = self {
            out.push_str(&diagnostic::render_all(diagnostics));
        }
        out.push_str(&format!("error: {self}\n"));
        out
    }
}

/// Everything read from the content folder, parsed, merged and checked.
#[derive(Debug)]
pub struct Loaded {
    /// The merged series and every edition; shared with the [`Cache`], which extends it when
    /// the next build only adds a newer report.
    pub dataset: Arc<Dataset>,
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
    let mut content = source::read(content_dir).map_err(Error::Input)?;
    let mut cache = Cache {
        settings: settings_of(content_dir, &mut content.problems),
        ..Cache::default()
    };
    with_unreadable(
        load_content_with(content.reports, content.pages, &mut cache),
        content.problems,
    )
}

/// The content folder's settings; a settings file that cannot be read is one more problem
/// of the content folder, and the defaults stand in for it meanwhile.
fn settings_of(content_dir: &Path, problems: &mut Vec<Diagnostic>) -> Settings {
    Settings::read(content_dir).unwrap_or_else(|problem| {
        problems.push(problem);
        Settings::default()
    })
}

/// Adds the files that could not be read to the errors of the ones that could.
fn with_unreadable(
    loaded: Result<Loaded, Error>,
    unreadable: Vec<Diagnostic>,
) -> Result<Loaded, Error> {
    match loaded {
        Ok(loaded) if unreadable.is_empty() => Ok(loaded),
        Ok(_) => Err(Error::Input(unreadable)),
        Err(Error::Input(mut errors)) => {
            errors.extend(unreadable);
            diagnostic::sort(&mut errors);
            Err(Error::Input(errors))
        }
        Err(other) => Err(other),
    }
}

/// [`load`] for content already read into memory.
pub fn load_content(reports: Vec<SourceFile>, pages: Vec<SourceFile>) -> Result<Loaded, Error> {
    load_content_with(reports, pages, &mut Cache::default())
}

/// What the previous build read, parsed, merged and rendered, so that a rebuild does again
/// only what the change calls for.
///
/// `watch` rebuilds the whole site on every change, and a rebuild's output is exactly that of
/// a full build; what the cache saves is the work whose cost grows with the number of reports
/// on the shelf while a month adds only one:
/// - decoding: a file whose bytes did not change hands on its earlier text;
/// - parsing and checking: a parse depends on nothing but the file's name and decoded text,
///   so a report is reused only when both are identical (the text is compared in full, not
///   by a hash, so no collision can hand back a stale report). Failed parses are kept too:
///   an unchanged broken file gives the same errors without being parsed again;
/// - merging: when the only change is a report that sorts after every other (a new month),
///   it is added to the previous merge ([`Dataset::push_latest`]); any other change merges
///   everything anew;
/// - rendering: an archived edition's pages are reused while its report and the navigation
///   stay the same.
///
/// Entries of files that are gone are dropped at each build.
#[derive(Debug, Default)]
pub struct Cache {
    /// The files of the last read, with their bytes.
    sources: source::Earlier,
    /// Each report's parse and checks, by file name.
    reports: HashMap<String, CachedParse>,
    /// How many reports the last build parsed, and how many it took from the cache.
    last: (usize, usize),
    /// The last merge, with the reports it was made from.
    merged: Option<Merged>,
    /// Whether the last build merged by adding one report to the merge before.
    last_merge_added: bool,
    /// Each archived edition's files as the last successful build rendered and wrote them.
    /// An edition's pages depend only on its report and on what every page shares (the
    /// navigation), so they are reused while both stay the same: a new month re-renders the
    /// main pages and its own edition, not the whole archive.
    rendered: HashMap<String, RenderedEdition>,
    /// The output folder the last build wrote, and what it left there: the rendered editions'
    /// files are on disk as rendered, and the writer need not list the folder again.
    written: Option<(PathBuf, write::Listing)>,
    /// How many editions the last build rendered, and how many it reused.
    last_editions: (usize, usize),
    /// The content folder's settings, read at each build.
    settings: Settings,
}

#[derive(Debug)]
struct RenderedEdition {
    /// The report text the files were rendered from.
    text: Arc<str>,
    /// The site fingerprint they were rendered with.
    site: u64,
    files: site::EditionFiles,
}

/// A report as parsed and checked, or the errors that stopped it.
type Parse = Result<Arc<Checked>, Vec<Diagnostic>>;

/// A parsed report with what checking it found.
#[derive(Debug)]
struct Checked {
    report: Arc<report::Report>,
    /// The parser's warnings, then the additivity checks'.
    warnings: Vec<Diagnostic>,
    checks: Checks,
}

/// A parse with the text it was made from.
#[derive(Debug)]
struct CachedParse {
    text: Arc<str>,
    result: Parse,
}

/// A merge with the reports it was made from.
#[derive(Debug)]
struct Merged {
    /// The reports merged, in no particular order.
    reports: Vec<Arc<report::Report>>,
    dataset: Arc<Dataset>,
    /// The revisions, as warnings.
    warnings: Vec<Diagnostic>,
}

impl Cache {
    /// How many reports the last build through this cache parsed, and how many it reused;
    /// for progress output and for tests that check the cache is used.
    pub fn last_build(&self) -> (usize, usize) {
        self.last
    }

    /// How many archived editions the last build rendered, and how many it reused from the
    /// build before.
    pub fn last_editions(&self) -> (usize, usize) {
        self.last_editions
    }

    /// Whether the last build merged by adding its one new report to the merge before,
    /// rather than merging every report anew.
    pub fn last_merge_added(&self) -> bool {
        self.last_merge_added
    }

    /// Parses and checks, in parallel, the reports the cache does not hold with the same name
    /// and text, and returns every report's result in the order given. The cache then holds
    /// exactly these reports.
    fn parse(&mut self, reports: &[SourceFile]) -> Vec<Parse> {
        let mut previous = std::mem::take(&mut self.reports);
        let reused: Vec<Option<Parse>> = reports
            .iter()
            .map(|file| {
                previous
                    .remove(&file.name)
                    .filter(|cached| cached.text == file.text)
                    .map(|cached| cached.result)
            })
            .collect();
        let parsed = reused.iter().filter(|r| r.is_none()).count();
        self.last = (parsed, reports.len() - parsed);
        let results: Vec<Parse> = reports
            .par_iter()
            .zip(reused)
            .map(|(file, reused)| reused.unwrap_or_else(|| check(file)))
            .collect();
        self.reports = reports
            .iter()
            .zip(&results)
            .map(|(file, result)| {
                let entry = CachedParse {
                    text: Arc::clone(&file.text),
                    result: result.clone(),
                };
                (file.name.clone(), entry)
            })
            .collect();
        results
    }

    /// Merges the reports: by adding the one new report to the previous merge when that is
    /// all that changed and it sorts last, else anew. The cache then holds this merge.
    fn merge(
        &mut self,
        reports: Vec<Arc<report::Report>>,
    ) -> Result<(Arc<Dataset>, Vec<Diagnostic>), Error> {
        self.last_merge_added = false;
        let (dataset, warnings) = match self.merged.take() {
            Some(merged) => match added(&merged.reports, &reports) {
                Some(None) => (merged.dataset, merged.warnings),
                Some(Some(new)) => {
                    // Unshared unless a caller still holds the last build's `Loaded`.
                    let mut dataset =
                        Arc::try_unwrap(merged.dataset).unwrap_or_else(|shared| (*shared).clone());
                    match dataset.push_latest(Arc::clone(new)) {
                        Ok(revisions) => {
                            self.last_merge_added = true;
                            let mut warnings = merged.warnings;
                            warnings.extend(revisions);
                            (Arc::new(dataset), warnings)
                        }
                        Err(_) => merge_all(&reports)?,
                    }
                }
                None => merge_all(&reports)?,
            },
            None => merge_all(&reports)?,
        };
        self.merged = Some(Merged {
            reports,
            dataset: Arc::clone(&dataset),
            warnings: warnings.clone(),
        });
        Ok((dataset, warnings))
    }
}

/// Parses a report and checks its sums.
fn check(file: &SourceFile) -> Parse {
    let report = report::parse(file)?;
    let (checked, checks) = validate::check_report(&report);
    let mut warnings = report.warnings.clone();
    warnings.extend(checked);
    Ok(Arc::new(Checked {
        report: Arc::new(report),
        warnings,
        checks,
    }))
}

/// Merges every report anew.
fn merge_all(reports: &[Arc<report::Report>]) -> Result<(Arc<Dataset>, Vec<Diagnostic>), Error> {
    let (dataset, warnings) =
        Dataset::from_reports(reports.iter().cloned()).map_err(Error::Input)?;
    Ok((Arc::new(dataset), warnings))
}

/// How `now` differs from `before`, both lists of the same parsed reports (compared by
/// identity, which the parse cache keeps for an unchanged file): `Some(None)` when they hold
/// the same reports, `Some(Some(report))` when `now` holds one report more and lacks none,
/// `None` for any other change.
fn added<'a>(
    before: &[Arc<report::Report>],
    now: &'a [Arc<report::Report>],
) -> Option<Option<&'a Arc<report::Report>>> {
    let known: HashSet<*const report::Report> = before.iter().map(Arc::as_ptr).collect();
    let mut new = now.iter().filter(|r| !known.contains(&Arc::as_ptr(r)));
    let first = new.next();
    if new.next().is_some() || now.len() != before.len() + usize::from(first.is_some()) {
        return None;
    }
    Some(first)
}

/// [`load_content`] through a [`Cache`] of earlier parses.
pub fn load_content_with(
    reports: Vec<SourceFile>,
    pages: Vec<SourceFile>,
    cache: &mut Cache,
) -> Result<Loaded, Error> {
    let parsed = cache.parse(&reports);
    let mut errors = Vec::new();
    let mut ok = Vec::new();
    for result in parsed {
        match result {
            Ok(checked) => ok.push(checked),
            Err(problems) => errors.extend(problems),
        }
    }
    // Findings of the checks are warnings, but a cut-short report is an error unless the
    // settings accept it.
    let findings = ok
        .iter()
        .flat_map(|c| c.warnings.iter().cloned())
        .chain(validate::fewer_tables(ok.iter().map(|c| &*c.report)))
        .collect();
    let (refused, mut warnings) = cache.settings.judge(findings);
    errors.extend(refused);
    let mut rendered_pages = Vec::new();
    let mut named = Vec::new();
    for file in &pages {
        match markdown::parse(file) {
            Ok(page) => named.push((file.name.as_str(), page)),
            Err(problem) => errors.push(problem),
        }
    }
    errors.extend(page_clashes(&named));
    rendered_pages.extend(named.into_iter().map(|(_, page)| page));
    rendered_pages.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));
    if !errors.is_empty() {
        diagnostic::sort(&mut errors);
        return Err(Error::Input(errors));
    }
    let mut checks = Checks::default();
    for checked in &ok {
        checks.add(&checked.checks);
    }
    let (dataset, revisions) = cache.merge(ok.iter().map(|c| Arc::clone(&c.report)).collect())?;
    warnings.extend(revisions);
    diagnostic::sort(&mut warnings);
    Ok(Loaded {
        dataset,
        pages: rendered_pages,
        warnings,
        checks,
    })
}

/// Markdown pages whose address another page already has: two files with one name (`Om.md`,
/// `sider/om.md`), or `index.md`, which would replace the about page.
fn page_clashes(pages: &[(&str, markdown::Page)]) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, &str> = HashMap::new();
    let mut problems = Vec::new();
    for (file, page) in pages {
        if page.slug == "index" {
            problems.push(
                Diagnostic::error(
                    crate::diagnostic::Kind::PageClash,
                    file,
                    0,
                    0,
                    "a page named `index` would take the place of the about page",
                )
                .expected("another file name"),
            );
        } else if let Some(other) = first.insert(&page.slug, file) {
            problems.push(
                Diagnostic::error(
                    crate::diagnostic::Kind::PageClash,
                    file,
                    0,
                    0,
                    format!(
                        "this page would have the same address, om/{}.html, as `{other}`",
                        page.slug
                    ),
                )
                .expected("file names that differ in more than case and punctuation"),
            );
        }
    }
    problems
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
    /// Each report's name and the encoding it was read as, for `--verbose`.
    pub encodings: Vec<(String, &'static str)>,
}

/// Builds the site: reads the content folder and replaces the output folder.
///
/// On any error the output folder is left exactly as it was.
pub fn build(config: &Config) -> Result<Summary, Error> {
    build_with(config, &mut Cache::default())
}

/// [`build`] with a [`Cache`] kept between builds, for `watch`: the output is byte for byte
/// that of [`build`], only reports whose text did not change are not parsed again.
pub fn build_with(config: &Config, cache: &mut Cache) -> Result<Summary, Error> {
    let start = Instant::now();
    let mut content =
        source::read_again(&config.content_dir, &mut cache.sources).map_err(Error::Input)?;
    cache.settings = settings_of(&config.content_dir, &mut content.problems);
    let texts: HashMap<String, Arc<str>> = content
        .reports
        .iter()
        .map(|f| (f.name.clone(), Arc::clone(&f.text)))
        .collect();
    let loaded = with_unreadable(
        load_content_with(content.reports, content.pages, cache),
        content.problems,
    )?;
    let loaded_at = Instant::now();
    let previous = std::mem::take(&mut cache.rendered);
    let last_write = cache
        .written
        .take()
        .filter(|(dir, _)| *dir == config.out_dir)
        .map(|(_, listing)| listing);
    let same_out = last_write.is_some();
    let reuse = |edition: &Edition, fingerprint: u64| {
        let earlier = previous.get(&edition.file)?;
        let unchanged = earlier.site == fingerprint
            && texts.get(&edition.file).is_some_and(|t| *t == earlier.text);
        unchanged.then(|| Arc::clone(&earlier.files))
    };
    let (mut files, fingerprint, editions) =
        site::render(&loaded, config.base_url.as_deref(), &reuse);
    for (name, bytes) in static_files(&config.static_dir) {
        files.insert(format!("static/{name}"), bytes);
    }
    let rendered_at = Instant::now();
    let reused: Vec<bool> = loaded
        .dataset
        .editions
        .iter()
        .zip(&editions)
        .map(|(e, files)| {
            previous
                .get(&e.file)
                .is_some_and(|p| Arc::ptr_eq(&p.files, files))
        })
        .collect();
    // Files of reused editions are byte for byte what the last build wrote to this folder.
    let known: HashSet<&str> = if same_out {
        editions
            .iter()
            .zip(&reused)
            .filter(|(_, reused)| **reused)
            .flat_map(|(files, _)| files.iter().map(|(path, _)| path.as_str()))
            .collect()
    } else {
        HashSet::new()
    };
    let reused = reused.iter().filter(|r| **r).count();
    cache.last_editions = (editions.len() - reused, reused);
    let all: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .chain(
            editions
                .iter()
                .flat_map(|e| e.iter().map(|(p, b)| (p.as_str(), b.as_slice()))),
        )
        .collect();
    let (written, listing) = write::replace_knowing(&config.out_dir, &all, &known, last_write)?;
    let pages: Vec<(String, usize)> = all
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p.to_string(), b.len()))
        .collect();
    drop(all);
    cache.written = Some((config.out_dir.clone(), listing));
    cache.rendered = loaded
        .dataset
        .editions
        .iter()
        .zip(editions)
        .filter_map(|(e, files)| {
            Some((
                e.file.clone(),
                RenderedEdition {
                    text: Arc::clone(texts.get(&e.file)?),
                    site: fingerprint,
                    files,
                },
            ))
        })
        .collect();
    let reports = &loaded.dataset.editions;
    Ok(Summary {
        reports: reports.len(),
        tables: reports.iter().map(|e| e.report.tables.len()).sum(),
        cells: reports.iter().map(|e| e.report.cell_count()).sum(),
        pages,
        encodings: reports
            .iter()
            .map(|e| (e.report.file.clone(), e.report.encoding))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(name: &str, text: &str) -> SourceFile {
        source::decode(name, text.as_bytes()).unwrap()
    }

    #[test]
    fn the_cache_parses_only_reports_whose_text_changed() {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("content/tiltaksdeltakere-2022.txt"),
        )
        .unwrap();
        let next_year = text.replace("Desember 2022", "Desember 2023");
        let mut cache = Cache::default();
        load_content_with(vec![seed("a.txt", &text)], vec![], &mut cache).unwrap();
        assert_eq!(cache.last_build(), (1, 0));
        let both = vec![seed("a.txt", &text), seed("b.txt", &next_year)];
        load_content_with(both.clone(), vec![], &mut cache).unwrap();
        assert_eq!(cache.last_build(), (1, 1), "only the new report is parsed");
        let cached = load_content_with(both.clone(), vec![], &mut cache).unwrap();
        assert_eq!(cache.last_build(), (0, 2));
        let fresh = load_content(both, vec![]).unwrap();
        assert_eq!(
            format!("{:?}", cached.dataset),
            format!("{:?}", fresh.dataset),
            "a cached parse is the parse"
        );
        // A changed text under the same name is parsed again; a removed file leaves the cache.
        let changed = text.replacen("3 903", "3 904", 1);
        load_content_with(vec![seed("a.txt", &changed)], vec![], &mut cache).unwrap();
        assert_eq!(cache.last_build(), (1, 0));
        assert_eq!(cache.reports.len(), 1);
    }

    #[test]
    fn an_unchanged_broken_report_gives_the_same_errors_from_the_cache() {
        let mut cache = Cache::default();
        let broken = vec![seed(
            "broken.txt",
            "Januar - Desember 2022\n\nAvklaringstiltak\n\n\tJanuar\nOslo\t4O3\n",
        )];
        let first = load_content_with(broken.clone(), vec![], &mut cache).unwrap_err();
        let second = load_content_with(broken, vec![], &mut cache).unwrap_err();
        assert_eq!(cache.last_build(), (0, 1));
        assert_eq!(first.to_string(), second.to_string());
    }
}
