//! Every class of input error gives a diagnostic with the right kind, file, line and column
//! (counted by hand from the fixtures under `tests/fixtures/errors/`), a message saying what
//! was found and what was expected; a failed build leaves the previous site untouched.

use crate::common::{content_with, files_under, fixture, seed_text};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use tiltak::diagnostic::{Diagnostic, Kind, Severity};

fn load_errors(dir: &Path) -> Vec<Diagnostic> {
    match tiltak::load(dir) {
        Ok(_) => panic!("{} should not load", dir.display()),
        Err(tiltak::Error::Input(diagnostics)) => diagnostics,
        Err(other) => panic!("unexpected error {other:?}"),
    }
}

fn case(name: &str) -> Vec<Diagnostic> {
    load_errors(&fixture(&format!("errors/{name}")))
}

/// (kind, file, line, col) of each diagnostic.
fn positions(diagnostics: &[Diagnostic]) -> Vec<(Kind, &str, u32, u32)> {
    diagnostics
        .iter()
        .map(|d| (d.kind, d.file.as_str(), d.line, d.col))
        .collect()
}

/// Every diagnostic is an error that says what it expected.
fn assert_explained(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert_eq!(d.severity, Severity::Error, "{d}");
        assert!(!d.message.is_empty(), "{d}");
        assert!(d.expected.as_deref().is_some_and(|e| !e.is_empty()), "{d}");
    }
}

#[test]
fn a_row_with_fewer_or_more_cells_than_months() {
    let errors = case("cell-count");
    assert_eq!(
        positions(&errors),
        [
            // `Oslo\t428\t438` is 12 characters: the missing cell would start at column 13.
            (Kind::CellCount, "2022/tiltak-2022.txt", 11, 13),
            // `Rogaland\t245\t202\t228\t` is 21 characters: the extra cell is at column 22.
            (Kind::CellCount, "2022/tiltak-2022.txt", 12, 22),
        ]
    );
    assert_explained(&errors);
    assert!(
        errors[0].message.contains("`Oslo` has 2 cells"),
        "{}",
        errors[0].message
    );
    assert!(
        errors[0].message.contains("line 9) has 3 months"),
        "{}",
        errors[0].message
    );
    assert!(
        errors[1].message.contains("`Rogaland` has 4 cells"),
        "{}",
        errors[1].message
    );
    assert!(errors[1]
        .expected
        .as_deref()
        .unwrap()
        .starts_with("3 cells"));
    assert_eq!(errors[0].location(), "2022/tiltak-2022.txt:11:13");
}

#[test]
fn a_cell_that_is_neither_a_number_nor_a_star() {
    let errors = case("bad-cell");
    assert_eq!(
        positions(&errors),
        [(Kind::BadCell, "tiltak-2022.txt", 11, 10)]
    );
    assert_explained(&errors);
    assert!(errors[0].message.contains("`4O8`"), "{}", errors[0].message);
    assert!(
        errors[0].message.contains("`Oslo`"),
        "{}",
        errors[0].message
    );
    assert!(errors[0].expected.as_deref().unwrap().contains('*'));
    // The span points at the cell itself.
    let (text, start, len) = errors[0].snippet.clone().unwrap();
    assert_eq!(&text[start..start + len], "4O8");
}

#[test]
fn a_header_word_that_is_not_a_month() {
    let errors = case("bad-month");
    assert_eq!(
        positions(&errors),
        [(Kind::BadMonth, "tiltak-2022.txt", 9, 9)]
    );
    assert_explained(&errors);
    assert!(
        errors[0].message.contains("`Febuar`"),
        "{}",
        errors[0].message
    );
    assert!(errors[0].expected.as_deref().unwrap().contains("Januar"));
}

#[test]
fn a_title_naming_an_unknown_measure_group_is_a_series_with_a_warning() {
    let loaded = tiltak::load(&fixture("history/unknown-measure-group"))
        .expect("a measure group the classification does not know refuses nothing");
    let unknown: Vec<&Diagnostic> = loaded
        .warnings
        .iter()
        .filter(|w| w.kind == Kind::UnknownGroup)
        .collect();
    let found: Vec<Diagnostic> = unknown.iter().map(|w| (*w).clone()).collect();
    assert_eq!(
        positions(&found),
        [(Kind::UnknownGroup, "tiltak-2022.txt", 7, 1)]
    );
    // The wrapped title is shown whole, and the unknown part is named.
    let message = &unknown[0].message;
    assert!(
        message.contains("`Arbeidssøkere på tiltak, sykepenger`"),
        "{message}"
    );
    assert!(message.contains("measure group"), "{message}");
    assert!(message.contains("`Sykepenger`"), "{message}");
    assert!(unknown[0]
        .expected
        .as_deref()
        .unwrap()
        .contains("Tilrettelagt arbeid"));
    // Its numbers are a series of its own: `I alt` and Oslo, three months each.
    let groups: Vec<&str> = loaded
        .dataset
        .measure_groups()
        .iter()
        .map(|g| g.slug())
        .collect();
    assert_eq!(groups, ["sykepenger"]);
    assert_eq!(loaded.dataset.cells.len(), 6);
}

#[test]
fn a_file_with_no_table() {
    let errors = case("no-table");
    assert_eq!(
        positions(&errors),
        [(Kind::NoTables, "tiltak-2022.txt", 0, 0)]
    );
    assert_explained(&errors);
    assert_eq!(errors[0].location(), "tiltak-2022.txt");
}

#[test]
fn an_undecodable_file() {
    // The start of a PNG image: 0x89 is not UTF-8, and U+001A on line 2 is no text.
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10";
    let dir = content_with(&[("bilde.txt", png)]);
    let errors = load_errors(dir.path());
    assert_eq!(positions(&errors), [(Kind::Undecodable, "bilde.txt", 2, 1)]);
    assert_explained(&errors);
    assert!(
        errors[0].message.contains("U+001A"),
        "{}",
        errors[0].message
    );
    // A byte-order mark that promises UTF-16 the bytes do not keep is a whole-file error.
    let dir = content_with(&[("halv.txt", b"\xff\xfeO\x00s\x00l")]);
    let errors = load_errors(dir.path());
    assert_eq!(positions(&errors), [(Kind::Undecodable, "halv.txt", 0, 0)]);
    assert_explained(&errors);
}

#[test]
fn every_error_of_every_file_is_reported() {
    let errors = case("several-errors");
    assert_eq!(
        positions(&errors),
        [
            (Kind::BadMonth, "a-2022.txt", 9, 17),
            // Columns count characters: `ø` is one.
            (Kind::CellCount, "a-2022.txt", 21, 31),
            (Kind::BadCell, "a-2022.txt", 22, 18),
            (Kind::BadCell, "b-2022.txt", 10, 31),
        ]
    );
    assert_explained(&errors);
    assert!(errors[0].message.contains("`March`"));
    assert!(errors[2].message.contains("`2 2O7`"));
    assert!(errors[3].message.contains("`16,976`"));
}

#[test]
fn a_changed_line_in_the_seed_is_found_at_its_place() {
    // Line 28 of the seed is the first table's `I alt` row.
    let mut lines: Vec<String> = seed_text().split('\n').map(str::to_string).collect();
    lines[27] = lines[27].replacen("3 903", "3 9O3", 1);
    let dir = content_with(&[("seed.txt", lines.join("\n").as_bytes())]);
    let errors = load_errors(dir.path());
    // `I alt avklaringstiltak\t` is 23 characters.
    assert_eq!(positions(&errors), [(Kind::BadCell, "seed.txt", 28, 24)]);
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// Runs `tiltak build --content <content> --out <out>` in `cwd`.
fn tiltak_build(content: &Path, out: &Path, cwd: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tiltak"))
        .arg("build")
        .arg("--content")
        .arg(content)
        .arg("--out")
        .arg(out)
        .current_dir(cwd)
        .output()
        .unwrap()
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let work = tempfile::tempdir().unwrap();
    let good = content_with(&[("tiltaksdeltakere-2022.txt", seed_text().as_bytes())]);
    let out = work.path().join("site");
    let built = tiltak_build(good.path(), &out, work.path());
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let before = snapshot(&out);
    assert!(before.contains_key("data/observations.csv"));
    let around_before = files_under(work.path());

    let bad = fixture("errors/several-errors");
    let failed = tiltak_build(&bad, &out, work.path());
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(!failed.status.success());
    assert_ne!(failed.status.code(), Some(0));
    for location in [
        "a-2022.txt:9:17",
        "a-2022.txt:21:31",
        "a-2022.txt:22:18",
        "b-2022.txt:10:31",
    ] {
        assert!(stderr.contains(location), "{location} in:\n{stderr}");
    }
    assert!(stderr.contains("`March`"), "{stderr}");
    assert_eq!(
        snapshot(&out),
        before,
        "the site is byte-for-byte as it was"
    );
    assert_eq!(
        files_under(work.path()),
        around_before,
        "no files left beside it"
    );
}
