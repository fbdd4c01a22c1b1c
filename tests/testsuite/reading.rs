//! Golden tests on the seed report: every number here was read by hand from
//! `content/tiltaksdeltakere-2022.txt` (line numbers are that file's).

use crate::common::{content_with, seed_path, seed_text};
use std::collections::{BTreeMap, BTreeSet};
use tiltak::diagnostic::Kind;
use tiltak::dims::{Area, MainGroup, MeasureGroup, Month};
use tiltak::model::Dataset;
use tiltak::report::{Cell, Report, Table};

const SEED_NAME: &str = "tiltaksdeltakere-2022.txt";

fn seed_report() -> Report {
    let bytes = std::fs::read(seed_path()).unwrap();
    let file = tiltak::source::decode(SEED_NAME, &bytes).unwrap();
    tiltak::report::parse(&file).expect("the seed parses")
}

fn table(report: &Report, measure: MeasureGroup, group: MainGroup) -> &Table {
    report
        .tables
        .iter()
        .find(|t| t.measure_group == measure && t.main_group == group)
        .unwrap_or_else(|| panic!("no table {measure} / {group}"))
}

fn cell(table: &Table, area: &Area, month: Month) -> Option<Cell> {
    let index = table.months.iter().position(|m| *m == month)?;
    let row = table.rows.iter().find(|r| &r.area == area)?;
    row.cells[index]
}

fn m(month: u8) -> Month {
    Month::new(2022, month)
}

#[test]
fn all_32_tables_are_read() {
    let report = seed_report();
    assert_eq!(report.tables.len(), 32);
    let count = |group| {
        report
            .tables
            .iter()
            .filter(|t| t.main_group == group)
            .count()
    };
    assert_eq!(count(MainGroup::ALLE), 9);
    assert_eq!(count(MainGroup::from_slug("arbeidssokere").unwrap()), 6);
    assert_eq!(
        count(MainGroup::from_slug("nedsatt-arbeidsevne").unwrap()),
        9
    );
    assert_eq!(count(MainGroup::from_slug("andre").unwrap()), 8);
    // Every measure group has its total table, and no table appears twice.
    let keys: BTreeSet<_> = report
        .tables
        .iter()
        .map(|t| (t.measure_group, t.main_group))
        .collect();
    assert_eq!(keys.len(), 32);
    for measure in tiltak::dims::Classification::standard()
        .measure_groups()
        .iter()
        .copied()
    {
        assert!(keys.contains(&(measure, MainGroup::ALLE)), "{measure}");
    }
    // Tilrettelagt arbeid is for people with reduced work capacity only.
    assert!(!keys.contains(&(
        MeasureGroup::from_title("Tilrettelagt arbeid").unwrap(),
        MainGroup::from_slug("arbeidssokere").unwrap()
    )));
    assert!(!keys.contains(&(
        MeasureGroup::from_title("Tilrettelagt arbeid").unwrap(),
        MainGroup::from_slug("andre").unwrap()
    )));
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
}

#[test]
fn the_report_head_is_read() {
    let report = seed_report();
    assert_eq!(
        report.title.as_deref(),
        Some("Deltakere i arbeidsrettede tiltak. Tiltaksgruppe og fylke. Tidsserie måned")
    );
    assert_eq!((report.period.start, report.period.end), (m(1), m(12)));
    assert_eq!(report.file, SEED_NAME);
    // The first table's title is on line 25; the wrapped title of the last on 809–811.
    assert_eq!(report.tables[0].line, 25);
    assert_eq!(report.tables[0].title, "Avklaringstiltak");
    assert_eq!(report.tables[31].line, 809);
}

#[test]
fn the_notes_hold_the_three_paragraphs() {
    assert_eq!(
        seed_report().notes,
        [
            "\"Om statistikken - Arbeidssøkere\" finner du på nav.no ved å følge lenken under \
             relatert informasjon på siden \"Tiltaksdeltakere\".",
            "I henhold til Statistikklovens § 7-1 har NAV valgt å erstatte verdier i celler hvor \
             tallene er mindre enn 4 med spesialtegn «*».",
            "Dette for å sikre at verdiene ikke kan føres tilbake til identifiserbare enkeltpersoner.",
        ]
    );
}

#[test]
fn avklaringstiltak_total_january_2022() {
    let report = seed_report();
    let t = table(
        &report,
        MeasureGroup::from_title("Avklaringstiltak").unwrap(),
        MainGroup::ALLE,
    );
    assert_eq!(cell(t, &Area::Total, m(1)), Some(Cell::Value(3903)));
    assert_eq!(cell(t, &Area::Total, m(7)), Some(Cell::Value(2345)));
    assert_eq!(cell(t, &Area::Total, m(12)), Some(Cell::Value(3124)));
    let total = t.total().unwrap();
    assert_eq!(
        (total.line, total.label.as_str()),
        (28, "I alt avklaringstiltak")
    );
    // Line 40: `Øvrige områder`, every month `*`.
    let elsewhere = t.rows.iter().find(|r| r.area == Area::Elsewhere).unwrap();
    assert_eq!(elsewhere.line, 40);
    assert_eq!(elsewhere.cells, [Some(Cell::Suppressed); 12]);
    // Line 41: `Ukjent` with `4` in May and September.
    assert_eq!(cell(t, &Area::Unknown, m(5)), Some(Cell::Value(4)));
    assert_eq!(cell(t, &Area::Unknown, m(4)), Some(Cell::Suppressed));
}

#[test]
fn troms_og_finnmark_tilrettelagt_arbeid_december_2022() {
    let report = seed_report();
    let t = table(
        &report,
        MeasureGroup::from_title("Tilrettelagt arbeid").unwrap(),
        MainGroup::ALLE,
    );
    let troms = Area::from_label("Troms og Finnmark");
    assert_eq!(troms.code(), "54");
    assert_eq!(cell(t, &troms, m(12)), Some(Cell::Value(786)));
    assert_eq!(cell(t, &troms, m(1)), Some(Cell::Value(745)));
    let row = t.rows.iter().find(|r| r.area == troms).unwrap();
    assert_eq!(row.line, 194);
    assert_eq!(row.label, "Troms og Finnmark - Romsa ja Finnmárku");
    // Tilrettelagt arbeid has no `Øvrige områder` row: absent, not zero.
    assert!(t.rows.iter().all(|r| r.area != Area::Elsewhere));
    assert_eq!(t.rows.len(), 13);
}

#[test]
fn the_last_table_has_june_to_october_only() {
    let report = seed_report();
    let t = report.tables.last().unwrap();
    assert_eq!(
        (t.measure_group, t.main_group),
        (
            MeasureGroup::from_title("Jobbskaping og egenetablering").unwrap(),
            MainGroup::from_slug("andre").unwrap()
        )
    );
    assert_eq!(t.title, "Andre på tiltak, jobbskaping og egenetablering");
    assert_eq!(t.months, [m(6), m(7), m(8), m(9), m(10)]);
    let areas: Vec<&Area> = t.rows.iter().map(|r| &r.area).collect();
    assert_eq!(areas, [&Area::Total, &Area::from_label("Agder")]);
    assert!(t
        .rows
        .iter()
        .all(|r| r.cells == [Some(Cell::Suppressed); 5]));
    // The file's last line, with no line end after it.
    assert_eq!((t.rows[0].line, t.rows[1].line), (814, 815));
}

#[test]
fn the_mangled_sami_spellings_are_one_county_each() {
    let (dataset, _) = Dataset::from_reports(vec![seed_report()]).unwrap();
    let labels = |name: &str| -> Vec<&str> {
        dataset.labels[&Area::from_label(name)]
            .iter()
            .map(String::as_str)
            .collect()
    };
    assert_eq!(
        labels("Nordland"),
        ["Nordland - Nordlândia", "Nordland - Nordlånnda"]
    );
    assert_eq!(
        labels("Trøndelag"),
        ["Trøndelag - Tröndelage", "Trøndelag - Trööndelage"]
    );
    assert_eq!(
        labels("Troms og Finnmark"),
        [
            "Troms og Finnmark - Romsa ja Finnmarku",
            "Troms og Finnmark - Romsa ja Finnmárku"
        ]
    );
    // Eleven counties, the total, `Øvrige områder` and `Ukjent`; nothing unrecognised.
    assert_eq!(dataset.areas().len(), 14);
    assert!(dataset.areas().iter().all(|a| !matches!(a, Area::Other(_))));
}

#[test]
fn validation_finds_no_sum_failures_in_the_seed() {
    let report = seed_report();
    let (warnings, checks) = tiltak::validate::check_report(&report);
    assert!(
        warnings.is_empty(),
        "{:#?}",
        &warnings[..warnings.len().min(3)]
    );
    // One county sum per table and month: 31 tables of 12 months and one of 5.
    assert_eq!(checks.county_sums, 31 * 12 + 5);
    assert_eq!(checks.county_failures, 0);
    assert!(checks.main_group_sums > 0);
    assert_eq!(checks.main_group_failures, 0);
}

#[test]
fn validation_notices_a_changed_number() {
    // Oslo, Avklaringstiltak, January (line 29): 428 → 528.
    let text = seed_text().replacen("Oslo\t428\t438", "Oslo\t528\t438", 1);
    let file = tiltak::source::decode(SEED_NAME, text.as_bytes()).unwrap();
    let report = tiltak::report::parse(&file).unwrap();
    let (warnings, checks) = tiltak::validate::check_report(&report);
    let found: Vec<(Kind, u32)> = warnings.iter().map(|w| (w.kind, w.line)).collect();
    assert_eq!(found, [(Kind::CountySum, 28), (Kind::MainGroupSum, 29)]);
    assert!(
        warnings[0].message.contains("Januar 2022"),
        "{}",
        warnings[0].message
    );
    assert_eq!((checks.county_failures, checks.main_group_failures), (1, 1));
}

/// Builds the seed into a temporary folder and returns the folder and the output's path.
fn build_seed() -> (tempfile::TempDir, tempfile::TempDir, std::path::PathBuf) {
    let content = content_with(&[(SEED_NAME, seed_text().as_bytes())]);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let config = tiltak::Config {
        content_dir: content.path().to_path_buf(),
        out_dir: site.clone(),
        static_dir: out.path().join("no-static-folder"),
        base_url: None,
    };
    tiltak::build(&config).expect("the seed builds");
    (content, out, site)
}

/// The number of `*` cells in the seed, counted straight from its text.
fn stars_in_seed() -> usize {
    seed_text()
        .lines()
        .filter(|l| !l.starts_with('\t'))
        .flat_map(|l| l.split('\t').skip(1))
        .filter(|c| c.trim() == "*")
        .count()
}

#[test]
fn observations_csv_has_every_cell_of_the_seed() {
    let (_content, _out, site) = build_seed();
    let csv = std::fs::read_to_string(site.join("data/observations.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("measure_group,main_group,county,county_code,month,value,suppressed,source")
    );
    let data: Vec<&str> = lines.collect();
    assert_eq!(data.len(), 4930);
    assert!(csv.ends_with('\n'));
    let set: BTreeSet<&str> = data.iter().copied().collect();
    assert_eq!(set.len(), data.len(), "no line twice");
    for line in [
        "avklaringstiltak,alle,I alt,,2022-01,3903,false,tiltaksdeltakere-2022.txt",
        "avklaringstiltak,alle,Øvrige områder,,2022-01,,true,tiltaksdeltakere-2022.txt",
        "avklaringstiltak,alle,Ukjent,,2022-05,4,false,tiltaksdeltakere-2022.txt",
        "tilrettelagt-arbeid,alle,Troms og Finnmark,54,2022-12,786,false,tiltaksdeltakere-2022.txt",
        "oppfolging,alle,Nordland,18,2022-01,765,false,tiltaksdeltakere-2022.txt",
        "jobbskaping-og-egenetablering,andre,Agder,42,2022-06,,true,tiltaksdeltakere-2022.txt",
    ] {
        assert!(set.contains(line), "missing: {line}");
    }
    // Absent is not zero: no line for a row or month the seed does not have.
    assert!(!data
        .iter()
        .any(|l| l.starts_with("tilrettelagt-arbeid,alle,Øvrige områder,")));
    assert!(!data
        .iter()
        .any(|l| l.starts_with("jobbskaping-og-egenetablering,andre,Agder,42,2022-05,")));
    // Every `*` of the seed is a suppressed line with an empty value, and nothing else is.
    let suppressed: Vec<&&str> = data.iter().filter(|l| l.contains(",true,")).collect();
    assert_eq!(suppressed.len(), stars_in_seed());
    assert_eq!(suppressed.len(), 691);
    assert!(suppressed.iter().all(|l| l.contains(",,true,")));
    assert!(data
        .iter()
        .all(|l| l.ends_with(",tiltaksdeltakere-2022.txt")));
    // The CSV of each measure group holds that group's lines and together they are the whole.
    let mut total = 0;
    for measure in tiltak::dims::Classification::standard()
        .measure_groups()
        .iter()
        .copied()
    {
        let path = site.join(format!("data/{}.csv", measure.slug()));
        let text = std::fs::read_to_string(path).unwrap();
        let lines: Vec<&str> = text.lines().skip(1).collect();
        assert!(lines.iter().all(|l| set.contains(l)));
        let prefix = format!("{},", measure.slug());
        assert!(lines.iter().all(|l| l.starts_with(&prefix)), "{measure}");
        total += lines.len();
    }
    assert_eq!(total, 4930);
}

/// The keys a JSON-stat 2.0 dataset may have (json-stat.org/format, "dataset" class).
const DATASET_KEYS: [&str; 16] = [
    "version",
    "class",
    "href",
    "label",
    "note",
    "link",
    "updated",
    "source",
    "error",
    "extension",
    "id",
    "size",
    "role",
    "dimension",
    "value",
    "status",
];

fn strings(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("{value} is an array"))
        .iter()
        .map(|v| v.as_str().unwrap_or_else(|| panic!("{v} is a string")))
        .collect()
}

/// Checks a document against the JSON-stat 2.0 dataset rules, returning its category ids per
/// dimension.
fn check_jsonstat(name: &str, json: &serde_json::Value) -> Vec<Vec<String>> {
    let object = json.as_object().unwrap();
    for key in object.keys() {
        assert!(
            DATASET_KEYS.contains(&key.as_str()),
            "{name}: `{key}` is not a dataset key"
        );
    }
    assert_eq!(json["version"], "2.0", "{name}");
    assert_eq!(json["class"], "dataset", "{name}");
    assert!(json["label"].is_string() && json["source"].is_string());
    strings(&json["note"]);
    assert!(json["extension"].is_object());
    let ids = strings(&json["id"]);
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "{name}: ids are unique");
    let size: Vec<usize> = json["size"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().expect("sizes are integers") as usize)
        .collect();
    assert_eq!(size.len(), ids.len(), "{name}: one size per id");
    let dimension = json["dimension"].as_object().unwrap();
    let keys: BTreeSet<&str> = dimension.keys().map(String::as_str).collect();
    assert_eq!(keys, unique, "{name}: one dimension per id");
    let mut categories = Vec::new();
    for (id, size) in ids.iter().zip(&size) {
        let d = dimension[*id].as_object().unwrap();
        for key in d.keys() {
            assert!(
                ["href", "label", "note", "link", "extension", "category"].contains(&key.as_str()),
                "{name}: `{key}` in dimension {id}"
            );
        }
        let category = d["category"].as_object().unwrap();
        let index = strings(&category["index"]);
        assert_eq!(index.len(), *size, "{name}: size of {id}");
        let label = category["label"].as_object().unwrap();
        let index_set: BTreeSet<&str> = index.iter().copied().collect();
        let label_set: BTreeSet<&str> = label.keys().map(String::as_str).collect();
        assert_eq!(index_set.len(), index.len(), "{name}: {id} index is unique");
        assert_eq!(index_set, label_set, "{name}: {id} index and label agree");
        assert!(label
            .values()
            .all(|l| l.as_str().is_some_and(|l| !l.is_empty())));
        categories.push(index.iter().map(|s| s.to_string()).collect());
    }
    let role = json["role"].as_object().unwrap();
    for (key, members) in role {
        assert!(
            ["time", "geo", "metric"].contains(&key.as_str()),
            "{name}: role {key}"
        );
        assert!(
            strings(members).iter().all(|m| unique.contains(m)),
            "{name}: role {key}"
        );
    }
    let values = json["value"].as_array().unwrap();
    assert_eq!(
        values.len(),
        size.iter().product::<usize>(),
        "{name}: value length"
    );
    assert!(values.iter().all(|v| v.is_null() || v.is_u64()), "{name}");
    for (position, status) in json["status"].as_object().unwrap() {
        let position: usize = position.parse().expect("status keys are positions");
        assert!(position < values.len());
        assert_eq!(status, "*", "{name}");
        assert!(
            values[position].is_null(),
            "{name}: a suppressed value is null"
        );
    }
    categories
}

#[test]
fn jsonstat_files_are_valid_and_hold_the_seed() {
    let (_content, _out, site) = build_seed();
    let mut stars = 0;
    let mut numbers = 0;
    let mut documents = BTreeMap::new();
    for measure in tiltak::dims::Classification::standard()
        .measure_groups()
        .iter()
        .copied()
    {
        let name = format!("data/{}.json", measure.slug());
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(site.join(&name)).unwrap()).unwrap();
        let categories = check_jsonstat(&name, &json);
        assert_eq!(strings(&json["id"]), ["hovedgruppe", "fylke", "maaned"]);
        stars += json["status"].as_object().unwrap().len();
        numbers += json["value"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| !v.is_null())
            .count();
        documents.insert(measure, (json, categories));
    }
    // Every cell of the seed is in one document: a number, or null with status `*`.
    assert_eq!(stars, 691);
    assert_eq!(numbers, 4930 - 691);
    let at = |measure: MeasureGroup, group: &str, area: &str, month: &str| {
        let (json, categories) = &documents[&measure];
        let position = |d: usize, id: &str| {
            categories[d]
                .iter()
                .position(|c| c == id)
                .unwrap_or_else(|| panic!("{id} in dimension {d}"))
        };
        let index = (position(0, group) * categories[1].len() + position(1, area))
            * categories[2].len()
            + position(2, month);
        (
            json["value"][index].clone(),
            json["status"].get(index.to_string()).cloned(),
        )
    };
    let avklaring = MeasureGroup::from_title("Avklaringstiltak").unwrap();
    assert_eq!(
        at(avklaring, "alle", "i-alt", "2022-01"),
        (3903.into(), None)
    );
    assert_eq!(
        at(avklaring, "alle", "ovrige-omrader", "2022-01"),
        (serde_json::Value::Null, Some("*".into()))
    );
    assert_eq!(
        at(
            MeasureGroup::from_title("Tilrettelagt arbeid").unwrap(),
            "alle",
            "54",
            "2022-12"
        ),
        (786.into(), None)
    );
    // An absent cell is null without a status: not suppressed, not zero.
    let jobb = MeasureGroup::from_title("Jobbskaping og egenetablering").unwrap();
    assert_eq!(
        at(jobb, "andre", "42", "2022-05"),
        (serde_json::Value::Null, None)
    );
    assert_eq!(
        at(jobb, "andre", "42", "2022-06"),
        (serde_json::Value::Null, Some("*".into()))
    );
    // The labels are the readers' names.
    let (json, _) = &documents[&avklaring];
    assert_eq!(
        json["dimension"]["fylke"]["category"]["label"]["18"],
        "Nordland – Nordlánnda"
    );
    assert_eq!(
        json["dimension"]["maaned"]["category"]["label"]["2022-01"],
        "Januar 2022"
    );
    assert_eq!(json["note"].as_array().unwrap().len(), 3);
}
