//! The first half of a build: read the content folder, parse every report, merge them and
//! check the sums. What comes out, [`Loaded`], is everything the pages are made from.
//!
//! It sits below both `build` (which renders and writes it) and `site` (which reads it), so
//! neither of those two needs the other.

use crate::diagnostic::{self, Diagnostic, Kind};
use crate::dims::Classification;
use crate::model::Dataset;
use crate::settings::Settings;
use crate::source::SourceFile;
use crate::validate::Checks;
use crate::{markdown, report, source, validate};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

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
    /// The classification the reports were read with: the standard one, extended by the
    /// publisher's `tiltak.toml`.
    pub classification: Classification,
}

/// Reads, parses, merges and checks the content folder. Every error of every file is
/// collected before returning, the files that could not be read among them.
pub fn load(content_dir: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let mut content = source::read(content_dir).map_err(|d| vec![d])?;
    // A settings file that cannot be read is one more problem of the content folder; the
    // defaults stand in for it meanwhile, so every report is still checked.
    let settings = match &content.settings {
        Some(file) => Settings::parse(file).unwrap_or_else(|problem| {
            content.problems.push(problem);
            Settings::default()
        }),
        None => Settings::default(),
    };
    // The same file extends the classification the reports are read with; when it cannot
    // be read as one, the standard classification stands in, and the problem is reported
    // (once: a file that is not TOML at all is already a problem of the settings).
    let standard = Classification::standard();
    let classification = match &content.settings {
        Some(file) => standard
            .extended(&file.text, &file.name)
            .unwrap_or_else(|problem| {
                if !content.problems.iter().any(|p| p.kind == Kind::BadSettings) {
                    content.problems.push(problem);
                }
                standard.clone()
            }),
        None => standard.clone(),
    };
    match load_content_with(content.reports, content.pages, &settings, &classification) {
        Ok(loaded) if content.problems.is_empty() => Ok(loaded),
        Ok(_) => Err(content.problems),
        Err(mut errors) => {
            errors.extend(content.problems);
            diagnostic::sort(&mut errors);
            Err(errors)
        }
    }
}

/// [`load`] for files already read into memory, with the default settings and the standard
/// classification.
pub fn load_content(
    reports: Vec<SourceFile>,
    pages: Vec<SourceFile>,
) -> Result<Loaded, Vec<Diagnostic>> {
    load_content_with(
        reports,
        pages,
        &Settings::default(),
        Classification::standard(),
    )
}

/// [`load_content`] with the content folder's settings, which decide whether a report that
/// seems cut short is refused, and the classification (the standard one extended by the
/// publisher's `tiltak.toml`).
pub fn load_content_with(
    reports: Vec<SourceFile>,
    pages: Vec<SourceFile>,
    settings: &Settings,
    classification: &Classification,
) -> Result<Loaded, Vec<Diagnostic>> {
    // Each report is parsed and its sums checked on its own, so both run in parallel.
    let parsed: Vec<_> = reports
        .par_iter()
        .map(|file| {
            report::parse_with(file, classification).map(|report| {
                let checked = validate::check_report(&report);
                (report, checked)
            })
        })
        .collect();
    let mut errors = Vec::new();
    let mut ok = Vec::new();
    let mut findings = Vec::new();
    let mut checks = Checks::default();
    for result in parsed {
        match result {
            Ok((report, (checked, tally))) => {
                findings.extend(report.warnings.iter().cloned());
                findings.extend(checked);
                checks.add(&tally);
                ok.push(report);
            }
            Err(problems) => errors.extend(problems),
        }
    }
    let mut named = Vec::new();
    for file in &pages {
        match markdown::parse(file) {
            Ok(page) => named.push((file.name.as_str(), page)),
            Err(problem) => errors.push(problem),
        }
    }
    errors.extend(page_clashes(&named));
    // The checks' findings are warnings, but for a report that seems cut short, which is an
    // error unless the settings accept it.
    findings.extend(validate::fewer_tables(&ok));
    let (refused, mut warnings) = settings.judge(findings);
    errors.extend(refused);
    if !errors.is_empty() {
        diagnostic::sort(&mut errors);
        return Err(errors);
    }
    let mut pages: Vec<markdown::Page> = named.into_iter().map(|(_, page)| page).collect();
    pages.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));
    let (dataset, revisions) = Dataset::from_reports(ok)?;
    warnings.extend(revisions);
    diagnostic::sort(&mut warnings);
    Ok(Loaded {
        dataset,
        pages,
        warnings,
        checks,
        classification: classification.clone(),
    })
}

/// Markdown pages whose address another page already has: two files with one name (`Om.md`,
/// `sider/om.md`), or `index.md`, which would replace the about page.
fn page_clashes(pages: &[(&str, markdown::Page)]) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, &str> = HashMap::new();
    let mut problems = Vec::new();
    for (file, page) in pages {
        let clash = |message: String, expected: &str| {
            Diagnostic::error(Kind::PageClash, file, 0, 0, message).expected(expected)
        };
        if page.slug == "index" {
            problems.push(clash(
                "a page named `index` would take the place of the about page".into(),
                "another file name",
            ));
        } else if let Some(other) = first.insert(&page.slug, file) {
            problems.push(clash(
                format!(
                    "this page would have the same address, om/{}.html, as `{other}`",
                    page.slug
                ),
                "file names that differ in more than case and punctuation",
            ));
        }
    }
    problems
}
