//! Input a careless or hostile publisher may hand over: labels with odd spaces, reports cut
//! short, a damaged byte, a file far too large, labels that are spreadsheet formulas, a page
//! name with no letters, a script address for the site. Each is read to a clear error or to
//! exactly the right data, never to a crash or to garbage on the site. The fixtures are under
//! `tests/fixtures/hostile/`.

use crate::common::{content_with, fixture, seed_path, seed_text};
use std::path::Path;
use std::process::Command;
use tiltak::diagnostic::{Diagnostic, Kind, Severity};
use tiltak::dims::{Area, MainGroup, MeasureGroup, Month};
use tiltak::report::Cell;

fn case(name: &str) -> std::path::PathBuf {
    fixture(&format!("hostile/{name}"))
}

fn load_errors(dir: &Path) -> Vec<Diagnostic> {
    match tiltak::load(dir) {
        Ok(_) => panic!("{} should not load", dir.display()),
        Err(tiltak::Error::Input(diagnostics)) => diagnostics,
        Err(other) => panic!("unexpected error {other:?}"),
    }
}

fn kinds(diagnostics: &[Diagnostic]) -> Vec<Kind> {
    diagnostics.iter().map(|d| d.kind).collect()
}

/// The seed's loaded dataset, to compare others with.
fn seed_loaded() -> tiltak::load::Loaded {
    tiltak::load(seed_path().parent().unwrap()).unwrap()
}

#[test]
fn a_no_break_space_before_the_dash_reads_the_county_whole() {
    let loaded = tiltak::load(&case("no-break-space-dash")).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(
        !loaded
            .warnings
            .iter()
            .any(|w| w.kind == Kind::UnknownCounty),
        "{:#?}",
        loaded.warnings
    );
    // Every cell is where the seed has it: the same counties, the same numbers.
    let seed = seed_loaded();
    let cells = |loaded: &tiltak::load::Loaded| {
        loaded
            .dataset
            .cells
            .iter()
            .map(|(k, o)| (k.clone(), o.cell))
            .collect::<Vec<_>>()
    };
    assert_eq!(cells(&loaded), cells(&seed));
    // Line 32 of the fixture: `Nordland` + U+00A0 + `- Nordlånnda`, 146 in January 2022.
    let nordland = Area::from_label("Nordland\u{a0}- Nordlånnda");
    assert_eq!(nordland, Area::from_label("Nordland"));
    assert_eq!(
        loaded.dataset.get(
            MeasureGroup::from_title("Avklaringstiltak").unwrap(),
            MainGroup::ALLE,
            &nordland,
            Month::new(2022, 1)
        ),
        Some(Cell::Value(146))
    );
}

#[test]
fn a_report_cut_inside_its_last_table_is_refused() {
    let errors = load_errors(&case("cut-short"));
    assert_eq!(kinds(&errors), [Kind::Truncated]);
    let error = &errors[0];
    // The fixture is the seed's first 792 lines; line 792 is the `Viken` row of
    // `Andre på tiltak, tilrettelegging`, whose `I alt` row says 391 for January where
    // Oslo, Rogaland, Møre og Romsdal, Nordland and Viken add up to 52+19+26+9+59 = 165.
    assert_eq!(
        (error.file.as_str(), error.line),
        ("tiltaksdeltakere-2022.txt", 792)
    );
    assert!(
        error.message.contains("cut short after line 792"),
        "{}",
        error.message
    );
    assert!(error.message.contains("165"), "{}", error.message);
    assert!(error.message.contains("391"), "{}", error.message);
    assert!(error
        .expected
        .as_deref()
        .unwrap()
        .contains("accept_truncated"));
}

#[test]
fn a_report_cut_short_is_published_when_the_settings_accept_it() {
    let loaded = tiltak::load(&case("cut-short-accepted")).unwrap_or_else(|e| panic!("{e:?}"));
    let cut: Vec<&Diagnostic> = loaded
        .warnings
        .iter()
        .filter(|w| w.kind == Kind::Truncated)
        .collect();
    assert_eq!(cut.len(), 1);
    assert_eq!((cut[0].severity, cut[0].line), (Severity::Warning, 792));
    assert!(cut[0].message.contains("tiltak.toml"), "{}", cut[0].message);
    // The rows before the cut are published as they are: Viken, January 2022, is 59.
    assert_eq!(
        loaded.dataset.get(
            MeasureGroup::from_title("Tilrettelegging").unwrap(),
            MainGroup::from_slug("andre").unwrap(),
            &Area::from_label("Viken"),
            Month::new(2022, 1)
        ),
        Some(Cell::Value(59))
    );
}

#[test]
fn a_cut_right_after_any_total_row_is_refused() {
    // Every table of the seed whose `I alt` row holds a number: cut just after that row,
    // the table's counties add up to nothing.
    let text = seed_text();
    let lines: Vec<&str> = text.split('\n').collect();
    let mut cuts = 0;
    for (index, line) in lines.iter().enumerate() {
        let is_total = line.starts_with("I alt");
        let holds_a_number = line.split('\t').skip(1).any(|c| c.trim() != "*");
        if !(is_total && holds_a_number) {
            continue;
        }
        cuts += 1;
        let cut = lines[..=index].join("\n");
        let file = tiltak::source::decode("kuttet.txt", cut.as_bytes()).unwrap();
        let Err(errors) = tiltak::load::load_content(vec![file], vec![]) else {
            panic!("the cut after line {} was accepted", index + 1);
        };
        assert_eq!(kinds(&errors), [Kind::Truncated], "line {}", index + 1);
        assert_eq!(errors[0].line as usize, index + 1);
        let after = format!("cut short after line {}", index + 1);
        assert!(errors[0].message.contains(&after), "{}", errors[0].message);
    }
    // 32 tables, of which only the last one's total is `*` in every month.
    assert_eq!(cuts, 31);
}

#[test]
fn a_report_with_fewer_tables_than_the_edition_before_gets_a_warning() {
    let loaded = tiltak::load(&case("fewer-tables")).unwrap_or_else(|e| panic!("{e:?}"));
    let fewer: Vec<&Diagnostic> = loaded
        .warnings
        .iter()
        .filter(|w| w.kind == Kind::FewerTables)
        .collect();
    assert_eq!(fewer.len(), 1, "{:#?}", loaded.warnings);
    assert_eq!(fewer[0].file, "tiltaksdeltakere-2023.txt");
    assert_eq!(fewer[0].severity, Severity::Warning);
    // The seed has 32 tables (32 header rows); the 2023 file lacks the last one.
    assert!(
        fewer[0].message.contains("31 tables, fewer than the 32"),
        "{}",
        fewer[0].message
    );
    assert!(fewer[0].message.contains("tiltaksdeltakere-2022.txt"));
}

#[test]
fn a_damaged_byte_in_utf8_is_an_error_at_each_byte() {
    let errors = load_errors(&case("damaged-byte"));
    assert_eq!(kinds(&errors), [Kind::Undecodable]);
    let error = &errors[0];
    // Line 29 is `Oslo` + 0xFF + tab…; line 31 is `M` + 0xF8 + `re og Romsdal`, the `ø` in
    // Windows-1252 where the rest of the file is UTF-8.
    assert_eq!((error.line, error.col), (29, 5));
    assert!(
        error.message.contains("0xFF at 29:5, 0xF8 at 31:2"),
        "{}",
        error.message
    );
    let rendered = error.render();
    assert!(rendered.contains("29 │ Oslo\u{fffd}"), "{rendered}");
    // Nothing of it was read as Windows-1252: no county page `MÃ¸re`, no other errors.
    assert_eq!(errors.len(), 1);
}

#[test]
fn windows_1252_is_named_by_build_verbose() {
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_tiltak"))
        .args(["build", "--verbose", "--content"])
        .arg(case("windows-1252"))
        .arg("--out")
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("tiltaksdeltakere-2022.txt: read as windows-1252"),
        "{stderr}"
    );
    // And the counties are the real ones.
    let csv = std::fs::read_to_string(out.path().join("site/data/observations.csv")).unwrap();
    assert!(csv.contains(",Møre og Romsdal,15,"));
    assert!(!csv.contains('Ã'));
}

#[test]
fn a_file_far_too_large_is_refused_before_it_is_read() {
    let dir = content_with(&[("tiltaksdeltakere-2022.txt", seed_text().as_bytes())]);
    // 64 MB, sparse: nothing is written, and nothing may be read.
    let huge = std::fs::File::create(dir.path().join("enorm.txt")).unwrap();
    huge.set_len(64 * 1024 * 1024).unwrap();
    drop(huge);
    let errors = load_errors(dir.path());
    assert_eq!(kinds(&errors), [Kind::TooLarge]);
    assert_eq!((errors[0].file.as_str(), errors[0].line), ("enorm.txt", 0));
    assert!(
        errors[0].message.contains("67.1 MB"),
        "{}",
        errors[0].message
    );
}

#[test]
fn many_errors_show_so_many_per_file_and_count_the_rest() {
    // The seed with 500 rows of `Oslo` repeated after the first table's `Oslo` row (line 29):
    // every repetition is a duplicate row.
    let text = seed_text();
    let mut lines: Vec<&str> = text.split('\n').collect();
    let oslo = lines[28];
    assert!(oslo.starts_with("Oslo\t"));
    for _ in 0..500 {
        lines.insert(29, oslo);
    }
    let dir = content_with(&[("mange.txt", lines.join("\n").as_bytes())]);
    let error = tiltak::load(dir.path()).unwrap_err();
    let tiltak::Error::Input(diagnostics) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(diagnostics.len(), 500);
    assert!(diagnostics.iter().all(|d| d.kind == Kind::DuplicateRow));
    let shown = tiltak::diagnostic::SHOWN_PER_FILE;
    let rendered = error.render();
    assert_eq!(
        rendered.matches("× mange.txt:").count(),
        shown,
        "{rendered}"
    );
    assert!(
        rendered.contains(&format!("… and {} more problems in mange.txt", 500 - shown)),
        "{rendered}"
    );
    assert!(rendered.contains("error: 500 errors in the content folder"));
    // The last one shown is drawn at its own line, found without counting from the top.
    let last = &diagnostics[shown - 1];
    assert!(rendered.contains(&format!("[mange.txt:{}:1]", last.line)));
}

#[test]
fn labels_that_are_formulas_are_defused_in_the_csv() {
    let out = tempfile::tempdir().unwrap();
    let config = tiltak::Config {
        content_dir: case("formula-labels"),
        out_dir: out.path().join("site"),
        static_dir: out.path().join("no-static"),
        base_url: None,
    };
    tiltak::build(&config).unwrap_or_else(|e| panic!("{}", e.render()));
    let csv = std::fs::read_to_string(out.path().join("site/data/observations.csv")).unwrap();
    let counties: std::collections::BTreeSet<&str> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(2))
        .collect();
    for label in ["'@SUM(1+1)", "'-Jan Mayen", "'+47 Svalbard"] {
        assert!(counties.contains(label), "{label}: {counties:?}");
    }
    // Quoted for its double quotes, with the `'` inside the quotes.
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://example.invalid/?\"\"&A1;\"\"Agder\"\")\""));
    for line in csv.lines() {
        for field in line.split(',') {
            let field = field.trim_start_matches('"');
            assert!(
                !field.starts_with(['=', '+', '@']) && !(field.starts_with('-')),
                "{line}"
            );
        }
    }
}

#[test]
fn a_page_whose_name_gives_no_address_is_an_error_naming_it() {
    let errors = load_errors(&case("empty-slug"));
    assert_eq!(kinds(&errors), [Kind::BadPageName]);
    assert_eq!(errors[0].file, "!!!.md");
    assert!(errors[0].expected.is_some());
}

#[test]
fn a_base_url_that_is_not_http_is_refused() {
    let out = tempfile::tempdir().unwrap();
    for url in [
        "javascript:alert(1)//",
        "data:text/html,x",
        "//evil.example/",
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_tiltak"))
            .args(["build", "--content"])
            .arg(seed_path().parent().unwrap())
            .arg("--out")
            .arg(out.path().join("site"))
            .args(["--base-url", url])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{url}");
        assert!(stderr.contains("http or https"), "{stderr}");
        assert!(!out.path().join("site").exists(), "nothing is written");
    }
}
