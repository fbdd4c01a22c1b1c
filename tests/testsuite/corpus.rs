//! The seeded corpus generator (`benches/support/corpus.rs`, the engine of
//! `cargo run --example corpus`): its archives load without errors, add up, follow the 2024
//! county reform, look like the seed, and are the same bytes for the same seed.

#[path = "../../benches/support/corpus.rs"]
pub mod generator;

use crate::common;
use generator::{generate, write_archive, Options};
use std::collections::BTreeSet;
use tiltak::diagnostic::Kind;
use tiltak::dims::{Area, Month};

fn options(years: u32, start_year: i32, seed: u64) -> Options {
    Options {
        years,
        start_year,
        seed,
    }
}

fn load(options: &Options) -> (tempfile::TempDir, tiltak::load::Loaded) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    write_archive(options, dir.path()).expect("the archive is written");
    let loaded = match tiltak::load(dir.path()) {
        Ok(loaded) => loaded,
        Err(tiltak::Error::Input(errors)) => panic!("the archive has errors: {errors:#?}"),
        Err(e) => panic!("the archive does not load: {e}"),
    };
    (dir, loaded)
}

/// Every month in which an area has a cell in the merged series.
fn months_of(loaded: &tiltak::load::Loaded, county: &str) -> BTreeSet<Month> {
    let area = Area::from_label(county);
    assert!(matches!(area, Area::County(_)), "{county} is a county");
    loaded
        .dataset
        .cells
        .iter()
        .map(|(k, _)| k)
        .filter(|k| k.area == area)
        .map(|k| k.month)
        .collect()
}

#[test]
fn a_generated_year_loads_and_adds_up() {
    let (_dir, loaded) = load(&options(1, 2022, 42));
    let editions = &loaded.dataset.editions;
    assert_eq!(editions.len(), 12);
    for (index, edition) in editions.iter().enumerate() {
        let month = index as u8 + 1;
        assert_eq!(
            edition.file,
            format!("tiltaksdeltakere-2022-{month:02}.txt")
        );
        assert_eq!(edition.period.start, Month::new(2022, 1));
        assert_eq!(edition.period.end, Month::new(2022, month));
        assert!(edition.report.notes.len() == 3, "{}", edition.file);
        // 32 tables; the last (Andre, jobbskaping) is often empty and then left out.
        let tables = edition.report.tables.len();
        assert!((31..=32).contains(&tables), "{}: {tables}", edition.file);
        assert!(edition.report.warnings.is_empty(), "{}", edition.file);
    }
    let sums: Vec<_> = loaded
        .warnings
        .iter()
        .filter(|w| matches!(w.kind, Kind::CountySum | Kind::MainGroupSum))
        .collect();
    assert!(sums.is_empty(), "the totals do not add up: {sums:#?}");
    assert_eq!(loaded.checks.county_failures, 0);
    assert_eq!(loaded.checks.main_group_failures, 0);
    assert!(loaded.checks.county_sums > 0 && loaded.checks.main_group_sums > 0);
    // No other warnings than the revisions the later reports make.
    let others: Vec<_> = loaded
        .warnings
        .iter()
        .filter(|w| w.kind != Kind::Revision)
        .collect();
    assert!(others.is_empty(), "{others:#?}");
    let revisions = loaded.dataset.revisions.len();
    assert!(
        (4..=400).contains(&revisions),
        "a few revised cells, not {revisions}"
    );
}

#[test]
fn the_2024_counties_appear_only_from_2024() {
    let (_dir, loaded) = load(&options(2, 2023, 7));
    assert_eq!(loaded.dataset.editions.len(), 24);
    let january_2024 = Month::new(2024, 1);
    for county in ["Viken", "Vestfold og Telemark", "Troms og Finnmark"] {
        let months = months_of(&loaded, county);
        assert_eq!(months.first(), Some(&Month::new(2023, 1)), "{county}");
        assert_eq!(months.last(), Some(&Month::new(2023, 12)), "{county}");
    }
    for county in [
        "Østfold", "Akershus", "Buskerud", "Vestfold", "Telemark", "Troms", "Finnmark",
    ] {
        let months = months_of(&loaded, county);
        assert_eq!(months.first(), Some(&january_2024), "{county}");
        assert_eq!(months.last(), Some(&Month::new(2024, 12)), "{county}");
    }
    for county in ["Oslo", "Nordland", "Trøndelag", "Agder"] {
        let months = months_of(&loaded, county);
        assert_eq!(months.len(), 24, "{county}");
    }
    // Fifteen counties in 2024, with the Sami names of the display names.
    let labels: BTreeSet<&str> = loaded.dataset.editions[23]
        .report
        .tables
        .iter()
        .flat_map(|t| t.rows.iter())
        .filter(|r| matches!(r.area, Area::County(_)))
        .map(|r| r.label.as_str())
        .collect();
    assert_eq!(labels.len(), 15, "{labels:?}");
    assert!(labels.contains("Troms - Romsa - Tromssa"), "{labels:?}");
    assert!(labels.contains("Nordland - Nordlánnda"), "{labels:?}");
    let sums = loaded
        .warnings
        .iter()
        .filter(|w| matches!(w.kind, Kind::CountySum | Kind::MainGroupSum))
        .count();
    assert_eq!(sums, 0);
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let first = generate(&options(1, 2022, 42));
    let second = generate(&options(1, 2022, 42));
    assert_eq!(first, second);
    // And on disk, file by file.
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_archive(&options(1, 2022, 42), a.path()).unwrap();
    write_archive(&options(1, 2022, 42), b.path()).unwrap();
    let files = common::files_under(a.path());
    assert_eq!(files.len(), 12);
    assert_eq!(files, common::files_under(b.path()));
    for file in &files {
        let bytes = std::fs::read(a.path().join(file)).unwrap();
        assert_eq!(bytes, std::fs::read(b.path().join(file)).unwrap(), "{file}");
    }
    // Another seed, other numbers.
    assert_ne!(first, generate(&options(1, 2022, 43)));
    // A longer archive starts with the same files as a shorter one.
    let longer = generate(&options(2, 2022, 42));
    assert_eq!(&longer[..12], &first[..]);
}

#[test]
fn a_generated_report_has_the_seed_layout() {
    // The lines without a tab (titles, subtitles, periods, notes, blank lines) of the
    // December report are the seed's, and so are the row labels.
    let december = generate(&options(1, 2022, 42)).pop().unwrap();
    let seed = common::seed_text();
    let skeleton = |text: &str| -> Vec<String> {
        text.split('\n')
            .filter(|l| !l.contains('\t'))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(skeleton(&december.text), skeleton(&seed));
    assert!(december
        .text
        .starts_with("\n\n\n\nDeltakere i arbeidsrettede tiltak."));
    assert!(!december.text.ends_with('\n'));
    let rows = |text: &str| -> Vec<(String, Vec<String>)> {
        text.split('\n')
            .filter_map(|l| l.split_once('\t'))
            .filter(|(label, _)| !label.is_empty())
            .map(|(label, cells)| {
                (
                    label.to_string(),
                    cells.split('\t').map(str::to_string).collect(),
                )
            })
            .collect()
    };
    let labels =
        |text: &str| -> BTreeSet<String> { rows(text).into_iter().map(|(l, _)| l).collect() };
    assert_eq!(labels(&december.text), labels(&seed));
    // Numbers of the seed's magnitude: each table's yearly mean within a factor of two.
    let means = |text: &str| -> Vec<(String, f64)> {
        rows(text)
            .into_iter()
            .filter(|(label, _)| label.starts_with("I alt "))
            .map(|(label, cells)| {
                let values: Vec<f64> = cells
                    .iter()
                    .map(|c| {
                        if c == "*" {
                            1.0
                        } else {
                            c.replace(' ', "").parse().unwrap()
                        }
                    })
                    .collect();
                (label, values.iter().sum::<f64>() / values.len() as f64)
            })
            .collect()
    };
    let generated = means(&december.text);
    let seed_means = means(&seed);
    assert_eq!(generated.len(), seed_means.len());
    for ((label, mean), (seed_label, seed_mean)) in generated.iter().zip(&seed_means) {
        assert_eq!(label, seed_label);
        if *seed_mean >= 100.0 {
            let ratio = mean / seed_mean;
            assert!(
                (0.5..2.0).contains(&ratio),
                "{label}: {mean:.0}, seed {seed_mean:.0}"
            );
        }
    }
    // Thousands separated by a space, as in the seed.
    let cells: Vec<String> = rows(&december.text)
        .into_iter()
        .flat_map(|(_, cells)| cells)
        .collect();
    assert!(cells
        .iter()
        .any(|c| c.len() == 5 && c.as_bytes()[1] == b' '));
    assert!(cells
        .iter()
        .all(|c| c == "*" || c.replace(' ', "").parse::<u32>().unwrap() >= 4));
}

#[test]
fn months_added_one_by_one_update_the_site_to_exactly_a_fresh_build() {
    // 2023 with the old counties, then January and February 2024 with the new ones: the
    // first month added brings areas the merge has not seen.
    let reports = generate(&options(2, 2023, 7));
    let content = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    for report in &reports[..12] {
        std::fs::write(content.path().join(&report.name), &report.text).unwrap();
    }
    let config = |name: &str| tiltak::Config {
        content_dir: content.path().to_path_buf(),
        out_dir: out.path().join(name),
        static_dir: common::root().join("static"),
        base_url: None,
    };
    tiltak::build(&config("site")).unwrap();
    for (step, report) in reports[12..14].iter().enumerate() {
        std::fs::write(content.path().join(&report.name), &report.text).unwrap();
        let summary = tiltak::build(&config("site")).unwrap();
        let full = format!("full-{step}");
        let fresh = tiltak::build(&config(&full)).unwrap();
        assert_eq!(summary.warnings.len(), fresh.warnings.len());
        let (a, b) = (out.path().join("site"), out.path().join(&full));
        assert_eq!(common::files_under(&a), common::files_under(&b));
        for file in common::files_under(&a) {
            assert!(
                std::fs::read(a.join(&file)).unwrap() == std::fs::read(b.join(&file)).unwrap(),
                "{file} differs from a full build after {}",
                report.name
            );
        }
    }
}
