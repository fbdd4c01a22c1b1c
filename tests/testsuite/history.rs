//! The whole history: archives across the county reforms (2018, 2020, 2024) and the renamed
//! main group (2012), read with the county of each month; other report families refused;
//! the publisher's additions to the classification. Expected numbers and codes come from the
//! generated report text and from the county table of the reforms, not from the program.

use crate::common::fixture;
use crate::corpus::generator::{self, generate, Options};
use std::collections::BTreeMap;
use tiltak::diagnostic::Kind;

/// The county table of the reforms: name, code, first and last year (0 and 9999 for
/// "before any report" and "still").
const COUNTIES: [(&str, &str, i32, i32); 33] = [
    ("Østfold", "01", 0, 2019),
    ("Akershus", "02", 0, 2019),
    ("Oslo", "03", 0, 9999),
    ("Hedmark", "04", 0, 2019),
    ("Oppland", "05", 0, 2019),
    ("Buskerud", "06", 0, 2019),
    ("Vestfold", "07", 0, 2019),
    ("Telemark", "08", 0, 2019),
    ("Aust-Agder", "09", 0, 2019),
    ("Vest-Agder", "10", 0, 2019),
    ("Rogaland", "11", 0, 9999),
    ("Hordaland", "12", 0, 2019),
    ("Sogn og Fjordane", "14", 0, 2019),
    ("Møre og Romsdal", "15", 0, 9999),
    ("Sør-Trøndelag", "16", 0, 2017),
    ("Nord-Trøndelag", "17", 0, 2017),
    ("Nordland", "18", 0, 9999),
    ("Troms", "19", 0, 2019),
    ("Finnmark", "20", 0, 2019),
    ("Viken", "30", 2020, 2023),
    ("Østfold", "31", 2024, 9999),
    ("Akershus", "32", 2024, 9999),
    ("Buskerud", "33", 2024, 9999),
    ("Innlandet", "34", 2020, 9999),
    ("Vestfold og Telemark", "38", 2020, 2023),
    ("Vestfold", "39", 2024, 9999),
    ("Telemark", "40", 2024, 9999),
    ("Agder", "42", 2020, 9999),
    ("Vestland", "46", 2020, 9999),
    ("Trøndelag", "50", 2018, 9999),
    ("Troms og Finnmark", "54", 2020, 2023),
    ("Troms", "55", 2024, 9999),
    ("Finnmark", "56", 2024, 9999),
];

/// The code the table gives a county name in a year, if the county existed then.
fn code_in(name: &str, year: i32) -> Option<&'static str> {
    COUNTIES
        .iter()
        .find(|(n, _, from, until)| *n == name && *from <= year && year <= *until)
        .map(|(_, code, _, _)| *code)
}

/// The December report of each year of 2011–2026: every month once, every structure.
fn december_archive() -> (tempfile::TempDir, Vec<generator::GeneratedReport>) {
    let options = Options {
        years: 16,
        start_year: 2011,
        seed: 13,
    };
    let reports: Vec<_> = generate(&options)
        .into_iter()
        .filter(|r| r.month == 12)
        .collect();
    let dir = tempfile::tempdir().unwrap();
    for report in &reports {
        std::fs::write(dir.path().join(&report.name), &report.text).unwrap();
    }
    (dir, reports)
}

/// The cells of a report's text, read without the program: (label, year, value or `*`) for
/// every non-empty cell of every row under a header row.
fn cells_of(text: &str, year: i32) -> Vec<(String, i32, String)> {
    let mut cells = Vec::new();
    let mut in_table = false;
    for line in text.split('\n') {
        if line.starts_with('\t') {
            in_table = true;
            continue;
        }
        if line.trim().is_empty() || !line.contains('\t') {
            in_table = false;
            continue;
        }
        if in_table {
            let mut fields = line.split('\t');
            let label = fields.next().unwrap().to_string();
            for cell in fields.filter(|c| !c.trim().is_empty() && c.trim() != "-") {
                cells.push((label.clone(), year, cell.replace(' ', "")));
            }
        }
    }
    cells
}

#[test]
fn sixteen_years_across_the_reforms_read_with_the_code_of_their_time() {
    let (dir, reports) = december_archive();
    let loaded = tiltak::load(dir.path()).expect("the archive 2011–2026 builds");
    for kind in [
        Kind::UnknownCounty,
        Kind::CountyNotInMonth,
        Kind::UnknownGroup,
        Kind::CountySum,
        Kind::MainGroupSum,
        Kind::Revision,
    ] {
        let found: Vec<String> = loaded
            .warnings
            .iter()
            .filter(|w| w.kind == kind)
            .map(|w| w.to_string())
            .collect();
        assert!(found.is_empty(), "{kind:?}: {found:#?}");
    }
    // Every cell of every report is a line of observations.csv, with its value.
    let expected: Vec<(String, i32, String)> = reports
        .iter()
        .flat_map(|r| cells_of(&r.text, r.year))
        .collect();
    let csv = tiltak::export::observations_csv(&loaded.dataset, &loaded.dataset.cells);
    let csv = String::from_utf8(csv).unwrap();
    let lines: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(lines.len(), expected.len());
    let sum = |values: &mut dyn Iterator<Item = &str>| -> (u64, usize) {
        let mut total = 0;
        let mut stars = 0;
        for v in values {
            match v {
                "*" | "" => stars += 1,
                v => total += v.parse::<u64>().unwrap(),
            }
        }
        (total, stars)
    };
    assert_eq!(
        sum(&mut lines.iter().map(|l| l[5])),
        sum(&mut expected
            .iter()
            .map(|(_, _, v)| if v == "*" { "" } else { v.as_str() })),
        "the same numbers and the same count of `*`"
    );
    // Every county line has the code its name had in its year.
    let mut codes: BTreeMap<&str, BTreeMap<&str, (i32, i32)>> = BTreeMap::new();
    for line in &lines {
        let (county, code, year) = (line[2], line[3], line[4][..4].parse::<i32>().unwrap());
        if ["I alt", "Øvrige områder", "Ukjent"].contains(&county) {
            assert_eq!(code, "", "{line:?}");
            continue;
        }
        assert_eq!(Some(code), code_in(county, year), "{line:?}");
        let span = codes
            .entry(county)
            .or_default()
            .entry(code)
            .or_insert((year, year));
        *span = (span.0.min(year), span.1.max(year));
    }
    // Østfold is two counties: 01 until 2019 and 31 from 2024, never one series.
    assert_eq!(
        codes["Østfold"],
        BTreeMap::from([("01", (2011, 2019)), ("31", (2024, 2026))])
    );
    assert_eq!(
        codes["Sør-Trøndelag"],
        BTreeMap::from([("16", (2011, 2017))])
    );
    assert_eq!(codes["Trøndelag"], BTreeMap::from([("50", (2018, 2026))]));
    assert_eq!(codes["Viken"], BTreeMap::from([("30", (2020, 2023))]));
    // Before October 2012 the main group had its old name: one series with the new.
    assert!(reports[0].text.contains("Ordinære tiltaksdeltakere,"));
    assert!(!reports[0].text.contains("Arbeidssøkere på tiltak,"));
    let arbeidssokere_years: std::collections::BTreeSet<&str> = lines
        .iter()
        .filter(|l| l[1] == "arbeidssokere")
        .map(|l| &l[4][..4])
        .collect();
    assert_eq!(arbeidssokere_years.len(), 16, "{arbeidssokere_years:?}");
}

/// The (low, high) sum of the rows labelled with one of `labels` in the tables for all
/// participants (those under the subtitle `Fylke og tiltaksgruppe`), read from the text.
fn totals_of(text: &str, labels: &[&str]) -> (u64, u64) {
    let (mut low, mut high) = (0, 0);
    let mut totals = false;
    for line in text.split('\n') {
        match line {
            "Fylke og tiltaksgruppe" => totals = true,
            "Fylke, hovedgrupper og tiltaksgrupper" => totals = false,
            _ => {}
        }
        let mut fields = line.split('\t');
        let label = fields.next().unwrap();
        if totals && labels.contains(&label) {
            for cell in fields.map(str::trim).filter(|c| !c.is_empty()) {
                match cell {
                    "*" => high += 3,
                    v => {
                        let v: u64 = v.replace(' ', "").parse().unwrap();
                        low += v;
                        high += v;
                    }
                }
            }
        }
    }
    (low, high)
}

#[test]
fn comparable_regions_add_up_to_their_counties_in_every_structure() {
    let (dir, reports) = december_archive();
    let loaded = tiltak::load(dir.path()).unwrap();
    let csv = String::from_utf8(tiltak::export::comparable_csv(
        &loaded.dataset,
        &loaded.classification,
    ))
    .unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("measure_group,main_group,region,region_codes,month,low,high")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    for (region, labels, codes) in [
        (
            "Østfold + Akershus + Buskerud",
            &["Østfold", "Akershus", "Buskerud", "Viken"][..],
            [(2019, "01+02+06"), (2023, "30"), (2026, "31+32+33")],
        ),
        (
            "Innlandet",
            &["Hedmark", "Oppland", "Innlandet"][..],
            [(2019, "04+05"), (2023, "34"), (2026, "34")],
        ),
        (
            "Trøndelag",
            &[
                "Sør-Trøndelag",
                "Nord-Trøndelag",
                "Trøndelag - Trööndelage",
                "Trøndelag - Tröndelage",
            ][..],
            [(2017, "16+17"), (2019, "50"), (2026, "50")],
        ),
        (
            "Troms + Finnmark",
            &[
                "Troms - Romsa",
                "Finnmark - Finnmárku",
                "Troms og Finnmark - Romsa ja Finnmarku",
                "Troms og Finnmark - Romsa ja Finnmárku",
                "Troms - Romsa - Tromssa",
                "Finnmark - Finnmárku - Finmarkku",
            ][..],
            [(2019, "19+20"), (2023, "54"), (2026, "55+56")],
        ),
    ] {
        let region_rows: Vec<&Vec<&str>> = rows
            .iter()
            .filter(|r| r[1] == "alle" && r[2] == region)
            .collect();
        assert!(!region_rows.is_empty(), "{region}");
        for report in &reports {
            let expected = totals_of(&report.text, labels);
            let year = report.year.to_string();
            let in_year: Vec<&&Vec<&str>> = region_rows
                .iter()
                .filter(|r| r[4].starts_with(&year))
                .collect();
            let low: u64 = in_year.iter().map(|r| r[5].parse::<u64>().unwrap()).sum();
            let high: u64 = in_year.iter().map(|r| r[6].parse::<u64>().unwrap()).sum();
            assert_eq!((low, high), expected, "{region} {year}");
            let (_, codes) = codes
                .iter()
                .find(|(until, _)| report.year <= *until)
                .unwrap();
            assert!(
                in_year.iter().all(|r| r[3] == *codes),
                "{region} {year}: {in_year:?}"
            );
        }
    }
}

#[test]
fn counties_of_one_name_have_pages_of_their_own_with_their_years() {
    let options = Options {
        years: 6,
        start_year: 2019,
        seed: 5,
    };
    let content = tempfile::tempdir().unwrap();
    for report in generate(&options)
        .into_iter()
        .filter(|r| r.month == 12 && [2019, 2024].contains(&r.year))
    {
        std::fs::write(content.path().join(&report.name), &report.text).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let config = tiltak::Config {
        content_dir: content.path().to_path_buf(),
        out_dir: site.clone(),
        static_dir: crate::common::root().join("static"),
        base_url: None,
    };
    tiltak::build(&config).expect("the site builds");
    let read = |path: &str| std::fs::read_to_string(site.join(path)).unwrap();
    let old = read("fylker/ostfold-01.html");
    assert!(old.contains("Fylkesnummer 01, t.o.m. 2019."), "{old}");
    assert!(old.contains("Østfold (t.o.m. 2019)"));
    let new = read("fylker/ostfold.html");
    assert!(new.contains("Fylkesnummer 31, fra 2024."));
    // The navigation names both, each with its years.
    assert!(new.contains("Østfold (t.o.m. 2019)") && new.contains("Østfold (fra 2024)"));
    // The comparable region on both pages, with the moved municipalities named.
    for page in [&old, &new] {
        assert!(page.contains("01+02+06 = 31+32+33"));
        assert!(page.contains("Jevnaker"));
    }
    let csv = read("data/observations.csv");
    assert!(csv.contains(",Østfold,01,2019-12,"));
    assert!(csv.contains(",Østfold,31,2024-12,"));
    assert!(!csv.contains(",Østfold,31,2019-"));
}

#[test]
fn another_report_family_is_refused_naming_file_line_and_title() {
    let errors = match tiltak::load(&fixture("history/other-family")) {
        Err(tiltak::Error::Input(errors)) => errors,
        other => panic!("expected input errors, got {other:?}"),
    };
    let found: Vec<(Kind, &str, u32)> = errors
        .iter()
        .map(|e| (e.kind, e.file.as_str(), e.line))
        .collect();
    assert_eq!(
        found,
        [(Kind::OtherReportFamily, "helt-ledige-2022.txt", 1)]
    );
    assert!(
        errors[0]
            .message
            .contains("`Helt ledige. Fylke. Tidsserie måned`"),
        "{}",
        errors[0].message
    );
    assert!(errors[0].expected.is_some());
}

#[test]
fn the_publisher_extends_the_classification_in_the_content_folder() {
    let loaded = tiltak::load(&fixture("history/publisher")).expect("the content loads");
    let unknown: Vec<String> = loaded
        .warnings
        .iter()
        .filter(|w| matches!(w.kind, Kind::UnknownGroup | Kind::UnknownCounty))
        .map(|w| w.to_string())
        .collect();
    assert!(unknown.is_empty(), "{unknown:#?}");
    let groups: Vec<&str> = loaded
        .dataset
        .measure_groups()
        .iter()
        .map(|g| g.slug())
        .collect();
    // The alias lands on Opplæring; the new group comes after the nine, in the publisher's place.
    assert_eq!(groups, ["opplaering", "arbeidsforberedende-trening"]);
    let csv = tiltak::export::observations_csv(&loaded.dataset, &loaded.dataset.cells);
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.contains("opplaering,alle,Oslo,03,2016-02,14,false,tiltak-2016.txt"),
        "{csv}"
    );
    assert!(
        csv.contains("arbeidsforberedende-trening,alle,Hedmark,04,2016-02,,true,tiltak-2016.txt"),
        "{csv}"
    );
}
