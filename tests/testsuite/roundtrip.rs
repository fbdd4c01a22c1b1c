//! Reports generated from known numbers, written with the format's traps (heads with and
//! without report title, wrapped and loosely spelled titles, short headers, missing rows,
//! `*`, every thousands separator, Sami spellings, tab padding, CRLF, every encoding), read
//! back to exactly those numbers.

use proptest::prelude::*;
use tiltak::diagnostic::Kind;
use tiltak::dims::{Area, MainGroup, MeasureGroup, Month, MONTH_NAMES};
use tiltak::report::Cell;

/// Every way the reports write each area; the first is the canonical name.
const AREAS: &[&[&str]] = &[
    &["Oslo"],
    &["Rogaland"],
    &["Møre og Romsdal"],
    &[
        "Nordland",
        "Nordland - Nordlånnda",
        "Nordland - Nordlândia",
        "Nordland – Nordlánnda",
    ],
    &["Viken"],
    &["Innlandet"],
    &["Vestfold og Telemark"],
    &["Agder"],
    &["Vestland"],
    &[
        "Trøndelag",
        "Trøndelag - Tröndelage",
        "Trøndelag - Trööndelage",
    ],
    &[
        "Troms og Finnmark",
        "Troms og Finnmark - Romsa ja Finnmarku",
        "Troms og Finnmark - Romsa ja Finnmárku",
    ],
    &["Øvrige områder"],
    &["Ukjent"],
    // Not a county: kept as an area of its own, with a warning.
    &["Svalbard"],
];

/// How a measure group's name may be written in a title.
fn measure_spellings(measure: MeasureGroup) -> Vec<String> {
    let name = measure.name();
    let mut spellings = vec![name.to_string(), name.to_lowercase(), name.to_uppercase()];
    if measure == MeasureGroup::from_title("Avklaringstiltak").unwrap() {
        spellings.push("avklarings tiltak".into());
    }
    spellings
}

#[derive(Debug, Clone)]
struct GenTable {
    measure: MeasureGroup,
    group: MainGroup,
    /// The first and last month of the table, as 1-based positions in the report's period.
    first_month: u8,
    last_month: u8,
    /// (area index into AREAS or `None` for `I alt`, spelling index, cells)
    rows: Vec<(Option<usize>, usize, Vec<Cell>)>,
    /// 0: report title, subtitle and period; 1: period only; 2: nothing (not for the first).
    head: u8,
    spelling: usize,
    /// Wrap the title after the main group's comma, and after `og`.
    wrapped: bool,
}

/// The report's period: its line as written (in several spellings) and its first month; each
/// covers twelve months.
const PERIODS: &[(&[&str], i32, u8)] = &[
    (
        &[
            "Januar - Desember 2022",
            "Januar-Desember 2022",
            "januar – desember 2022",
        ],
        2022,
        1,
    ),
    (
        &[
            "Juli 2022 - Juni 2023",
            "Juli 2022 – Juni 2023",
            "Juli - Juni 2023",
        ],
        2022,
        7,
    ),
];

#[derive(Debug, Clone)]
struct Style {
    separator: char,
    padded: bool,
    crlf: bool,
    notes: bool,
    /// 0 UTF-8, 1 UTF-8 with BOM, 2 UTF-16 LE, 3 UTF-16 BE, 4 Windows-1252.
    encoding: u8,
    blank_lines: usize,
    /// Index into PERIODS, and the spelling of its line.
    period: (usize, usize),
    lowercase_months: bool,
    /// Spaces around cells.
    spaced_cells: bool,
}

fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        1 => Just(Cell::Suppressed),
        2 => (4u32..1000).prop_map(Cell::Value),
        2 => (1000u32..2_000_000).prop_map(Cell::Value),
        1 => Just(Cell::Value(0)),
    ]
}

fn table() -> impl Strategy<Value = GenTable> {
    (
        prop::sample::select(
            tiltak::dims::Classification::standard()
                .measure_groups()
                .to_vec(),
        ),
        prop::sample::select(
            [
                &[MainGroup::ALLE][..],
                tiltak::dims::Classification::standard().main_groups(),
            ]
            .concat(),
        ),
        1u8..=12,
        1u8..=12,
        prop::sample::subsequence((0..AREAS.len()).collect::<Vec<_>>(), 0..=AREAS.len()),
        any::<bool>(),
        0u8..3,
        0usize..4,
        any::<bool>(),
        prop::collection::vec(
            (0usize..4, prop::collection::vec(cell(), 12)),
            AREAS.len() + 1,
        ),
    )
        .prop_map(
            |(measure, group, a, b, areas, total, head, spelling, wrapped, cells)| {
                let (first_month, last_month) = (a.min(b), a.max(b));
                let n = usize::from(last_month - first_month + 1);
                let mut ids: Vec<Option<usize>> = Vec::new();
                if total || areas.is_empty() {
                    ids.push(None);
                }
                ids.extend(areas.into_iter().map(Some));
                let rows = ids
                    .into_iter()
                    .zip(cells)
                    .map(|(id, (spelling, cells))| (id, spelling, cells[..n].to_vec()))
                    .collect();
                GenTable {
                    measure,
                    group,
                    first_month,
                    last_month,
                    rows,
                    head,
                    spelling,
                    wrapped,
                }
            },
        )
}

fn style() -> impl Strategy<Value = Style> {
    (
        prop::sample::select(vec![' ', '\u{a0}', '\u{202f}', '\u{2009}']),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0u8..5,
        1usize..4,
        (0..PERIODS.len(), 0usize..3),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(
                separator,
                padded,
                crlf,
                notes,
                encoding,
                blank_lines,
                period,
                lowercase_months,
                spaced_cells,
            )| Style {
                separator,
                padded,
                crlf,
                notes,
                encoding,
                blank_lines,
                period,
                lowercase_months,
                spaced_cells,
            },
        )
}

fn number(value: u32, separator: char) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

const REPORT_TITLE: &str =
    "Deltakere i arbeidsrettede tiltak. Tiltaksgruppe og fylke. Tidsserie måned";

fn title_lines(t: &GenTable) -> Vec<String> {
    let spellings = measure_spellings(t.measure);
    let measure = &spellings[t.spelling % spellings.len()];
    let mut lines = Vec::new();
    if t.group != MainGroup::ALLE {
        lines.push(format!("{},", t.group.name()));
    }
    match measure.split_once(" og ") {
        Some((a, b)) if t.wrapped => {
            lines.push(format!("{a} og"));
            lines.push(b.to_string());
        }
        _ => lines.push(measure.clone()),
    }
    if t.wrapped {
        lines
    } else {
        vec![lines.join(" ")]
    }
}

/// The month at a 1-based position of the style's period.
fn month_at(style: &Style, position: u8) -> Month {
    let (_, year, month) = PERIODS[style.period.0];
    (1..position).fold(Month::new(year, month), |m, _| m.succ())
}

fn render(tables: &[GenTable], style: &Style) -> String {
    let blank = "\n".repeat(style.blank_lines + 1);
    let spellings = PERIODS[style.period.0].0;
    let period = spellings[style.period.1 % spellings.len()];
    let mut text = String::new();
    if style.notes {
        text.push_str(&format!(
            "{REPORT_TITLE}{blank}Om tabellene{blank}{period}{blank}\
             Første merknad.{blank}Andre merknad.{blank}"
        ));
    }
    for (index, t) in tables.iter().enumerate() {
        // A table may have no period line when one came before it: in the notes block, or
        // in an earlier table's head.
        let head = if index == 0 && !style.notes {
            t.head.min(1)
        } else {
            t.head
        };
        if head == 0 {
            let subtitle = if t.group == MainGroup::ALLE {
                "Fylke og tiltaksgruppe"
            } else {
                "Fylke, hovedgrupper og tiltaksgrupper"
            };
            text.push_str(&format!("{REPORT_TITLE}{blank}{subtitle}{blank}"));
        }
        if head <= 1 {
            text.push_str(&format!("{period}{blank}"));
        }
        text.push_str(&title_lines(t).join("\n"));
        text.push_str(&blank);
        let months: Vec<String> = (t.first_month..=t.last_month)
            .map(|p| {
                let name = MONTH_NAMES[usize::from(month_at(style, p).month - 1)];
                if style.lowercase_months {
                    name.to_lowercase()
                } else {
                    name.to_string()
                }
            })
            .collect();
        text.push_str(&format!("\t{}\n", months.join("\t")));
        for (id, spelling, cells) in &t.rows {
            let label = match id {
                None => format!("I alt {}", title_lines(t).join(" ").to_lowercase()),
                Some(area) => AREAS[*area][spelling % AREAS[*area].len()].to_string(),
            };
            let cells: Vec<String> = cells
                .iter()
                .map(|c| {
                    let c = match c {
                        Cell::Suppressed => "*".to_string(),
                        Cell::Value(v) => number(*v, style.separator),
                    };
                    if style.spaced_cells {
                        format!(" {c} ")
                    } else {
                        c
                    }
                })
                .collect();
            text.push_str(&format!("{label}\t{}\n", cells.join("\t")));
        }
        text.push_str(&blank);
    }
    if style.padded {
        text = text
            .split('\n')
            .map(|l| format!("{l}\t\t\t"))
            .collect::<Vec<_>>()
            .join("\n");
    }
    if style.crlf {
        text = text.replace('\n', "\r\n");
    }
    text
}

fn encode(text: &str, encoding: u8) -> Vec<u8> {
    let utf16 = |big_endian: bool| crate::common::utf16(text, big_endian);
    match encoding {
        1 => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        2 => utf16(false),
        3 => utf16(true),
        4 => match encoding_rs::WINDOWS_1252.encode(text) {
            (bytes, _, false) => bytes.into_owned(),
            // Windows-1252 cannot write U+202F, U+2009 or `á`: such a file is not exported so.
            _ => text.as_bytes().to_vec(),
        },
        _ => text.as_bytes().to_vec(),
    }
}

/// Tables with distinct (measure group, main group), as one report has them.
fn tables() -> impl Strategy<Value = Vec<GenTable>> {
    prop::collection::vec(table(), 1..6).prop_map(|mut tables| {
        let mut seen = std::collections::BTreeSet::new();
        tables.retain(|t| seen.insert((t.measure, t.group)));
        tables
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn generated_reports_read_back_to_their_numbers(tables in tables(), style in style()) {
        let text = render(&tables, &style);
        let bytes = encode(&text, style.encoding);
        let file = tiltak::source::decode("generert.txt", &bytes).unwrap();
        let report = match tiltak::report::parse(&file) {
            Ok(report) => report,
            Err(errors) => panic!("{:#?}\n{text}", &errors[..errors.len().min(3)]),
        };
        prop_assert_eq!(report.tables.len(), tables.len());
        if style.notes {
            prop_assert_eq!(&report.notes, &["Første merknad.", "Andre merknad."]);
        } else {
            prop_assert!(report.notes.is_empty());
        }
        for (got, want) in report.tables.iter().zip(&tables) {
            prop_assert_eq!((got.measure_group, got.main_group), (want.measure, want.group));
            let months: Vec<Month> = (want.first_month..=want.last_month)
                .map(|p| month_at(&style, p))
                .collect();
            prop_assert_eq!(&got.months, &months);
            prop_assert_eq!(got.rows.len(), want.rows.len());
            for (row, (id, _, cells)) in got.rows.iter().zip(&want.rows) {
                // Every spelling lands on the area of the canonical name; Svalbard is kept.
                let area = match id.map(|i| AREAS[i][0]) {
                    None => Area::Total,
                    Some("Svalbard") => Area::Other("Svalbard".into()),
                    Some(name) => Area::from_label(name),
                };
                prop_assert!(area == Area::Other("Svalbard".into()) || !matches!(area, Area::Other(_)));
                prop_assert_eq!(&row.area, &area, "{}", row.label);
                prop_assert_eq!(row.cells.clone(), cells.iter().copied().map(Some).collect::<Vec<_>>());
            }
        }
        // A label no county has is a warning once per file, not once per row.
        let svalbards = usize::from(
            tables
                .iter()
                .flat_map(|t| &t.rows)
                .any(|(id, _, _)| id.is_some_and(|i| AREAS[i][0] == "Svalbard")),
        );
        let missing_totals = tables
            .iter()
            .filter(|t| t.rows.iter().all(|(id, _, _)| id.is_some()))
            .count();
        let count = |kind| report.warnings.iter().filter(|w| w.kind == kind).count();
        prop_assert_eq!(count(Kind::UnknownCounty), svalbards);
        prop_assert_eq!(count(Kind::MissingTotal), missing_totals);
        prop_assert_eq!(report.warnings.len(), svalbards + missing_totals);
    }
}
