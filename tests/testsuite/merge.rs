//! Several reports merge into one dataset: where periods overlap, the report whose period
//! ends later wins each cell (ties: the later file name), and the values it replaced are
//! listed as revisions. Two files with the same period are an error naming both.

use crate::common::{content_with, seed_text};
use tiltak::diagnostic::Kind;
use tiltak::dims::{Area, MainGroup, MeasureGroup, Month, MONTH_NAMES};
use tiltak::model::Dataset;
use tiltak::report::Cell;

const SEED: &str = "tiltaksdeltakere-2022.txt";
const LATER: &str = "tiltaksdeltakere-2022-2023.txt";

/// The seed moved six months on: period `Juli 2022 - Juni 2023`, every header month renamed
/// six months later (Januar → Juli, Juli → Januar), the cells left where they are. So the
/// cell the seed has for a month of 2022 is, in this file, the cell six months later.
fn shifted_seed() -> String {
    let shift = |name: &str| {
        let index = MONTH_NAMES.iter().position(|m| *m == name).unwrap();
        MONTH_NAMES[(index + 6) % 12]
    };
    seed_text()
        .split('\n')
        .map(|line| {
            if line == "Januar - Desember 2022" {
                "Juli 2022 - Juni 2023".to_string()
            } else if line.starts_with('\t') {
                line.split('\t')
                    .map(|cell| if cell.is_empty() { "" } else { shift(cell) })
                    .collect::<Vec<_>>()
                    .join("\t")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn load(files: &[(&str, &[u8])]) -> tiltak::load::Loaded {
    let dir = content_with(files);
    tiltak::load(dir.path()).unwrap_or_else(|e| panic!("{e:?}"))
}

fn avklaring_total(dataset: &Dataset, year: i32, month: u8) -> Option<Cell> {
    dataset.get(
        MeasureGroup::from_title("Avklaringstiltak").unwrap(),
        MainGroup::ALLE,
        &Area::Total,
        Month::new(year, month),
    )
}

#[test]
fn the_later_period_wins_and_revisions_are_listed() {
    let later = shifted_seed();
    assert!(later.contains("\tJuli\tAugust\tSeptember\tOktober\tNovember\tDesember\tJanuar\t"));
    let loaded = load(&[(SEED, seed_text().as_bytes()), (LATER, later.as_bytes())]);
    let dataset = &loaded.dataset;
    let files: Vec<&str> = dataset.editions.iter().map(|e| e.file.as_str()).collect();
    assert_eq!(files, [SEED, LATER]);
    assert_eq!(dataset.months().len(), 18);
    assert_eq!(dataset.latest_month(), Some(Month::new(2023, 6)));
    // Line 28 of the seed: `I alt avklaringstiltak  3 903 … 3 361 (Juni)  2 345 (Juli) … 3 124`.
    // January–June 2022 only the seed has.
    assert_eq!(avklaring_total(dataset, 2022, 1), Some(Cell::Value(3903)));
    assert_eq!(avklaring_total(dataset, 2022, 6), Some(Cell::Value(3361)));
    // July 2022 both have: the later file, whose July is the seed's January, wins.
    assert_eq!(avklaring_total(dataset, 2022, 7), Some(Cell::Value(3903)));
    assert_eq!(avklaring_total(dataset, 2022, 12), Some(Cell::Value(3361)));
    // 2023 only the later file has.
    assert_eq!(avklaring_total(dataset, 2023, 1), Some(Cell::Value(2345)));
    assert_eq!(avklaring_total(dataset, 2023, 6), Some(Cell::Value(3124)));
    // The replaced value is listed: 2 345 in July 2022, from the seed, replaced by 3 903.
    let july = dataset
        .revisions
        .iter()
        .find(|r| {
            r.key.measure_group == MeasureGroup::from_title("Avklaringstiltak").unwrap()
                && r.key.main_group == MainGroup::ALLE
                && r.key.area == Area::Total
                && r.key.month == Month::new(2022, 7)
        })
        .expect("a revision for July 2022");
    assert_eq!(july.old, Cell::Value(2345));
    assert_eq!(july.new, Some(Cell::Value(3903)));
    assert_eq!((july.old_edition, july.new_edition), (0, 1));
    // Only the overlapping months are revised, always by the later file.
    assert!(!dataset.revisions.is_empty());
    for r in &dataset.revisions {
        assert_eq!((r.old_edition, r.new_edition), (0, 1));
        assert!(r.key.month >= Month::new(2022, 7) && r.key.month <= Month::new(2022, 12));
        assert_ne!(Some(r.old), r.new);
    }
    assert_eq!(dataset.editions[1].revised, dataset.revisions.len());
    let revision_warnings = loaded
        .warnings
        .iter()
        .filter(|w| w.kind == Kind::Revision)
        .count();
    assert_eq!(revision_warnings, dataset.revisions.len());
    // The CSV names the file each value comes from.
    let csv = String::from_utf8(tiltak::export::observations_csv(dataset, &dataset.cells)).unwrap();
    for line in [
        "avklaringstiltak,alle,I alt,,2022-01,3903,false,tiltaksdeltakere-2022.txt",
        "avklaringstiltak,alle,I alt,,2022-07,3903,false,tiltaksdeltakere-2022-2023.txt",
        "avklaringstiltak,alle,I alt,,2023-06,3124,false,tiltaksdeltakere-2022-2023.txt",
    ] {
        assert!(csv.lines().any(|l| l == line), "missing: {line}");
    }
    assert!(!csv.contains("avklaringstiltak,alle,I alt,,2022-07,2345,"));
}

/// A one-table report for December 2022 only: Avklaringstiltak, `I alt` = 9 999.
fn december_only() -> String {
    "Desember - Desember 2022\n\nAvklaringstiltak\n\n\tDesember\nI alt avklaringstiltak\t9 999\n"
        .to_string()
}

/// A table with a total and no counties looks cut short; the settings accept the small file
/// as it is.
const ACCEPT_DECEMBER: (&str, &[u8]) = (
    "tiltak.toml",
    b"accept_truncated = [\"a-desember.txt\", \"z-desember.txt\"]\n",
);

#[test]
fn a_tie_in_period_end_goes_to_the_later_file_name() {
    // `a-…` sorts before the seed's name: the seed wins December.
    let december = december_only();
    let loaded = load(&[
        ("a-desember.txt", december.as_bytes()),
        (SEED, seed_text().as_bytes()),
        ACCEPT_DECEMBER,
    ]);
    let dataset = &loaded.dataset;
    assert_eq!(dataset.editions[1].file, SEED);
    assert_eq!(avklaring_total(dataset, 2022, 12), Some(Cell::Value(3124)));
    assert_eq!(dataset.revisions.len(), 1);
    assert_eq!(dataset.revisions[0].old, Cell::Value(9999));
    // `z-…` sorts after it: the small file wins December, and only the cell it has.
    let loaded = load(&[
        ("z-desember.txt", december.as_bytes()),
        (SEED, seed_text().as_bytes()),
        ACCEPT_DECEMBER,
    ]);
    let dataset = &loaded.dataset;
    assert_eq!(dataset.editions[1].file, "z-desember.txt");
    assert_eq!(avklaring_total(dataset, 2022, 12), Some(Cell::Value(9999)));
    assert_eq!(avklaring_total(dataset, 2022, 11), Some(Cell::Value(3362)));
    let revision = dataset
        .revisions
        .iter()
        .find(|r| r.key.area == Area::Total)
        .expect("the total is revised");
    assert_eq!(revision.old, Cell::Value(3124));
    assert_eq!(revision.new, Some(Cell::Value(9999)));
    // The small file has no county rows: in its month the counties are absent, not stale.
    let oslo = Area::from_label("Oslo");
    let get = |month| {
        dataset.get(
            MeasureGroup::from_title("Avklaringstiltak").unwrap(),
            MainGroup::ALLE,
            &oslo,
            Month::new(2022, month),
        )
    };
    assert_eq!((get(11), get(12)), (Some(Cell::Value(462)), None));
}

#[test]
fn two_files_with_the_same_period_are_an_error_naming_both() {
    let dir = content_with(&[
        ("a.txt", seed_text().as_bytes()),
        ("b.txt", seed_text().as_bytes()),
    ]);
    let Err(tiltak::Error::Input(errors)) = tiltak::load(dir.path()) else {
        panic!("two files with one period must not load");
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].kind, Kind::DuplicatePeriod);
    assert_eq!(errors[0].file, "b.txt");
    assert!(
        errors[0].message.contains("`a.txt`"),
        "{}",
        errors[0].message
    );
    assert!(
        errors[0].message.contains("Januar - Desember 2022"),
        "{}",
        errors[0].message
    );
    assert!(errors[0].expected.is_some());
}
