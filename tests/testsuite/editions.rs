//! Several reports in one content folder: each is an edition with its own pages, the newest
//! value of each cell wins on the main pages, and revisions are listed exactly.

use crate::common::{content_with, files_under, seed_text};
use std::fs;
use tiltak::dims::{Area, MainGroup, MeasureGroup, Month};
use tiltak::report::Cell;

/// The seed moved to another year: every period line and nothing else changes.
fn seed_for_year(year: i32) -> String {
    seed_text().replace(
        "Januar - Desember 2022",
        &format!("Januar - Desember {year}"),
    )
}

/// The seed cut down to January–June of `year`: header months after June and their cells
/// are dropped, table by table (the last table of the seed covers June–October).
fn half_year(year: i32) -> String {
    let text = seed_text().replace("Januar - Desember 2022", &format!("Januar - Juni {year}"));
    let mut keep: Vec<bool> = Vec::new();
    let mut out = Vec::new();
    for line in text.split('\n') {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() > 1 && cells[0].is_empty() {
            let months = ["Januar", "Februar", "Mars", "April", "Mai", "Juni"];
            keep = cells[1..].iter().map(|m| months.contains(m)).collect();
        }
        if cells.len() > 1 {
            let kept: Vec<&str> = std::iter::once(cells[0])
                .chain(
                    cells[1..]
                        .iter()
                        .zip(&keep)
                        .filter(|(_, k)| **k)
                        .map(|(c, _)| *c),
                )
                .collect();
            out.push(kept.join("\t"));
        } else {
            out.push(line.to_string());
        }
    }
    out.join("\n")
}

fn build(content: &std::path::Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let config = tiltak::Config {
        content_dir: content.to_path_buf(),
        out_dir: site.clone(),
        static_dir: crate::common::root().join("static"),
        base_url: None,
    };
    tiltak::build(&config).expect("the site builds");
    (out, site)
}

fn read(site: &std::path::Path, path: &str) -> String {
    fs::read_to_string(site.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Four editions: 2022 (the seed), January–June 2023, the full year 2023 with two cells
/// revised (Avklaringstiltak in Oslo and in all, January: 3 903 → 3 910 and 428 → 435),
/// and 2024 with the counties of the 2024 reform.
fn archive() -> tempfile::TempDir {
    let full_2023 = seed_for_year(2023)
        .replacen(
            "I alt avklaringstiltak\t3 903\t",
            "I alt avklaringstiltak\t3 910\t",
            1,
        )
        .replacen("Oslo\t428\t", "Oslo\t435\t", 1);
    assert_ne!(full_2023, seed_for_year(2023), "the revision was applied");
    let reform = seed_for_year(2024)
        .replace("Viken\t", "Akershus\t")
        .replace("Vestfold og Telemark\t", "Vestfold\t")
        .replace(
            "Troms og Finnmark - Romsa ja Finnmarku\t",
            "Troms - Romsa - Tromssa\t",
        )
        .replace(
            "Troms og Finnmark - Romsa ja Finnmárku\t",
            "Troms - Romsa - Tromssa\t",
        );
    content_with(&[
        ("tiltaksdeltakere-2022.txt", seed_text().as_bytes()),
        (
            "2023/tiltaksdeltakere-2023-06.txt",
            half_year(2023).as_bytes(),
        ),
        ("2023/tiltaksdeltakere-2023-12.txt", full_2023.as_bytes()),
        ("tiltaksdeltakere-2024.txt", reform.as_bytes()),
    ])
}

/// A revision as compared: area, month, old, new, old file, new file.
type RevisionRow<'a> = (String, Month, Cell, Option<Cell>, &'a str, &'a str);

#[test]
fn the_latest_edition_wins_and_revisions_list_exactly_the_changed_cells() {
    let content = archive();
    let loaded = tiltak::load(content.path()).expect("the archive loads");
    let dataset = &loaded.dataset;
    let periods: Vec<String> = dataset.editions.iter().map(|e| e.slug()).collect();
    assert_eq!(
        periods,
        [
            "2022-01--2022-12",
            "2023-01--2023-06",
            "2023-01--2023-12",
            "2024-01--2024-12"
        ]
    );
    let january = Month::new(2023, 1);
    let avklaring = MeasureGroup::from_title("Avklaringstiltak").unwrap();
    assert_eq!(
        dataset.get(avklaring, MainGroup::ALLE, &Area::Total, january),
        Some(Cell::Value(3910))
    );
    let oslo = Area::from_label("Oslo");
    assert_eq!(
        dataset.get(avklaring, MainGroup::ALLE, &oslo, january),
        Some(Cell::Value(435))
    );
    // Months only the full year has come from it; the seed's own year is untouched.
    assert_eq!(
        dataset.get(
            avklaring,
            MainGroup::ALLE,
            &Area::Total,
            Month::new(2023, 12)
        ),
        Some(Cell::Value(3124))
    );
    assert_eq!(
        dataset.get(
            avklaring,
            MainGroup::ALLE,
            &Area::Total,
            Month::new(2022, 1)
        ),
        Some(Cell::Value(3903))
    );
    let revised: Vec<RevisionRow> = dataset
        .revisions
        .iter()
        .map(|r| {
            (
                r.key.area.name().to_string(),
                r.key.month,
                r.old,
                r.new,
                dataset.editions[r.old_edition].file.as_str(),
                dataset.editions[r.new_edition].file.as_str(),
            )
        })
        .collect();
    let (half, full) = (
        "2023/tiltaksdeltakere-2023-06.txt",
        "2023/tiltaksdeltakere-2023-12.txt",
    );
    assert_eq!(
        revised,
        [
            (
                "I alt".to_string(),
                january,
                Cell::Value(3903),
                Some(Cell::Value(3910)),
                half,
                full
            ),
            (
                "Oslo".to_string(),
                january,
                Cell::Value(428),
                Some(Cell::Value(435)),
                half,
                full
            ),
        ]
    );
    assert_eq!(
        dataset
            .editions
            .iter()
            .map(|e| e.revised)
            .collect::<Vec<_>>(),
        [0, 0, 2, 0]
    );
}

#[test]
fn counties_of_the_2024_reform_have_only_their_own_months() {
    let content = archive();
    let loaded = tiltak::load(content.path()).unwrap();
    let dataset = &loaded.dataset;
    let months = |area: &Area| -> Vec<Month> {
        let mut months: Vec<Month> = dataset
            .cells
            .iter()
            .map(|(k, _)| k)
            .filter(|k| &k.area == area)
            .map(|k| k.month)
            .collect();
        months.sort();
        months.dedup();
        months
    };
    let akershus = months(&Area::from_label("Akershus"));
    assert_eq!(
        (akershus.first(), akershus.last()),
        (Some(&Month::new(2024, 1)), Some(&Month::new(2024, 12)))
    );
    let viken = months(&Area::from_label("Viken"));
    assert_eq!(
        (viken.first(), viken.last()),
        (Some(&Month::new(2022, 1)), Some(&Month::new(2023, 12)))
    );
    let (_out, site) = build(content.path());
    let page = read(&site, "fylker/akershus.html");
    assert!(page.contains("Opprettet 1. januar 2024, da Viken ble delt."));
    assert!(page.contains("Fylkesnummer 32"));
    let page = read(&site, "fylker/viken.html");
    assert!(page.contains("Viken ble delt i Østfold, Akershus og Buskerud 1. januar 2024."));
    assert!(
        !page.contains("jan. 2024"),
        "Viken's table does not continue into 2024"
    );
}

#[test]
fn each_edition_keeps_its_own_pages_and_downloads() {
    let content = archive();
    let (_out, site) = build(content.path());
    let files = files_under(&site);
    for slug in [
        "2022-01--2022-12",
        "2023-01--2023-06",
        "2023-01--2023-12",
        "2024-01--2024-12",
    ] {
        for page in [
            "index.html",
            "tiltaksgrupper/avklaringstiltak.html",
            "data/observations.csv",
            "data/avklaringstiltak.json",
        ] {
            let path = format!("utgaver/{slug}/{page}");
            assert!(files.contains(&path), "{path}");
        }
        let page = read(
            &site,
            &format!("utgaver/{slug}/tiltaksgrupper/avklaringstiltak.html"),
        );
        assert!(
            page.contains("Arkivert utgave"),
            "{slug} is marked as archived"
        );
        assert!(
            page.contains("href=\"../../../tiltaksgrupper/avklaringstiltak.html\""),
            "{slug} links to the newest numbers"
        );
    }
    // The half year shows what it published (3 903), the full year its revision (3 910).
    let half = read(
        &site,
        "utgaver/2023-01--2023-06/tiltaksgrupper/avklaringstiltak.html",
    );
    assert!(half.contains("<td>3\u{a0}903</td>") && !half.contains("3\u{a0}910"));
    // Its tables stop at June: a June column, no July column.
    assert!(
        half.contains("<th scope=\"col\">juni</th>"),
        "the half year has June"
    );
    assert!(
        !half.contains("<th scope=\"col\">juli"),
        "the half year has no July"
    );
    assert!(
        half.contains("Tall til og med juni 2023"),
        "an edition's numbers end with its period"
    );
    let full = read(
        &site,
        "utgaver/2023-01--2023-12/tiltaksgrupper/avklaringstiltak.html",
    );
    assert!(full.contains("<td>3\u{a0}910</td>"));
    assert!(
        full.contains("<th scope=\"col\">juli</th>"),
        "the full year has July"
    );
    let csv = read(&site, "utgaver/2023-01--2023-06/data/observations.csv");
    assert_eq!(csv.lines().filter(|l| l.contains(",2023-07,")).count(), 0);
    assert!(csv.contains(
        "avklaringstiltak,alle,I alt,,2023-01,3903,false,2023/tiltaksdeltakere-2023-06.txt"
    ));
    // The merged download has every month of the archive, once per cell.
    let merged = read(&site, "data/observations.csv");
    assert!(merged.contains(
        "avklaringstiltak,alle,I alt,,2023-01,3910,false,2023/tiltaksdeltakere-2023-12.txt"
    ));
    assert_eq!(
        merged
            .lines()
            .filter(|l| l.starts_with("avklaringstiltak,alle,I alt,,"))
            .count(),
        36
    );
    // It is put together from the measure groups' own files: the same as formatting every
    // cell of the merged series at once.
    let loaded = tiltak::load(content.path()).unwrap();
    let whole = tiltak::export::observations_csv(&loaded.dataset, &loaded.dataset.cells);
    assert!(merged.as_bytes() == whole.as_slice());
}

#[test]
fn the_archive_and_revision_pages_list_everything() {
    let content = archive();
    let (_out, site) = build(content.path());
    let archive = read(&site, "utgaver/index.html");
    for (period, file) in [
        ("januar–desember 2022", "tiltaksdeltakere-2022.txt"),
        ("januar–juni 2023", "2023/tiltaksdeltakere-2023-06.txt"),
        ("januar–desember 2023", "2023/tiltaksdeltakere-2023-12.txt"),
        ("januar–desember 2024", "tiltaksdeltakere-2024.txt"),
    ] {
        assert!(
            archive.contains(period) && archive.contains(file),
            "{period}"
        );
    }
    let revisions = read(&site, "revisjoner.html");
    assert_eq!(
        revisions
            .matches("<tr><th scope=\"row\">Januar 2023</th>")
            .count(),
        2
    );
    assert!(revisions.contains("<td>3\u{a0}903</td><td>3\u{a0}910</td>"));
    let page = read(&site, "tiltaksgrupper/avklaringstiltak.html");
    assert!(page.contains("Nyere rapporter har endret 2 tall"));
    // Year over year: December 2024 against December 2023 (both 3 124: unchanged).
    assert!(
        page.contains("fra desember 2023"),
        "the key figure compares with a year earlier"
    );
    // More than twelve months: the year-by-year tables are there.
    assert!(page.contains("alle deltakere, per fylke, 2022"));
}

#[test]
fn two_files_with_the_same_period_are_an_error_naming_both() {
    let content = content_with(&[
        ("a.txt", seed_text().as_bytes()),
        ("b.txt", seed_text().as_bytes()),
    ]);
    let Err(tiltak::Error::Input(errors)) = tiltak::load(content.path()) else {
        panic!("two files with one period must fail")
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].kind, tiltak::diagnostic::Kind::DuplicatePeriod);
    let message = errors[0].to_string();
    assert!(
        message.contains("a.txt") && message.contains("b.txt"),
        "{message}"
    );
}

#[test]
fn a_site_updated_build_after_build_matches_a_fresh_build() {
    let content = content_with(&[("tiltaksdeltakere-2022.txt", seed_text().as_bytes())]);
    let out = tempfile::tempdir().unwrap();
    let config = |name: &str| tiltak::Config {
        content_dir: content.path().to_path_buf(),
        out_dir: out.path().join(name),
        static_dir: crate::common::root().join("static"),
        base_url: None,
    };
    tiltak::build(&config("site")).unwrap();
    let compare = |full: &str| {
        tiltak::build(&config("site")).unwrap();
        tiltak::build(&config(full)).unwrap();
        let (a, b) = (out.path().join("site"), out.path().join(full));
        assert_eq!(files_under(&a), files_under(&b));
        for file in files_under(&a) {
            assert!(
                fs::read(a.join(&file)).unwrap() == fs::read(b.join(&file)).unwrap(),
                "{file} differs from a full build"
            );
        }
    };
    // A new year.
    fs::write(
        content.path().join("tiltaksdeltakere-2023.txt"),
        seed_for_year(2023),
    )
    .unwrap();
    compare("full-1");
    // An older report, which sorts before the others.
    fs::write(
        content.path().join("tiltaksdeltakere-2021.txt"),
        seed_for_year(2021),
    )
    .unwrap();
    compare("full-older");
    fs::remove_file(content.path().join("tiltaksdeltakere-2021.txt")).unwrap();
    compare("full-removed");
    // A new Markdown page changes the navigation of every page.
    fs::write(content.path().join("kilder.md"), "# Kilder\n\nNAV.\n").unwrap();
    compare("full-2");
    // Files deleted from the output by hand since are written again.
    let site = out.path().join("site");
    fs::remove_file(site.join("utgaver/2022-01--2022-12/index.html")).unwrap();
    fs::remove_dir_all(site.join("utgaver/2022-01--2022-12/data")).unwrap();
    // A changed report.
    fs::write(
        content.path().join("tiltaksdeltakere-2023.txt"),
        seed_for_year(2023).replacen("Oslo\t428\t", "Oslo\t430\t", 1),
    )
    .unwrap();
    compare("full-3");
}
