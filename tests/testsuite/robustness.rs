//! Nothing panics on any input, and every problem found points at a place that exists.
//!
//! Three generators: arbitrary bytes; text built from the words, numbers and separators a
//! report is made of; and the seed mutated (lines deleted, duplicated, swapped, characters
//! inserted, the file truncated). Whatever parses is also merged, checked and exported, and a
//! merge extended by one report is the merge of all.

use crate::common::{assert_positions, seed_text};
use proptest::prelude::*;
use std::sync::OnceLock;
use tiltak::diagnostic::Diagnostic;
use tiltak::model::Dataset;
use tiltak::source::SourceFile;

/// Parses a decoded file and, when it parses, runs every later stage on it; returns whether
/// it parsed.
fn parse_and_use(file: &SourceFile) -> bool {
    match tiltak::report::parse(file) {
        Err(errors) => {
            assert!(!errors.is_empty());
            assert!(errors.iter().all(Diagnostic::is_error));
            assert_positions(&file.text, &errors);
            false
        }
        Ok(report) => {
            assert!(!report.tables.is_empty());
            assert!(report.warnings.iter().all(|w| !w.is_error()));
            assert_positions(&file.text, &report.warnings);
            for table in &report.tables {
                assert!(!table.months.is_empty());
                assert!(table
                    .rows
                    .iter()
                    .all(|r| r.cells.len() == table.months.len()));
                assert!(table.months.windows(2).all(|w| w[0] < w[1]));
            }
            let (warnings, _) = tiltak::validate::check_report(&report);
            assert_positions(&file.text, &warnings);
            let (dataset, _) = Dataset::from_reports(vec![report]).unwrap();
            tiltak::export::observations_csv(&dataset, &dataset.cells);
            for measure in dataset.measure_groups() {
                serde_json::to_vec(&tiltak::export::jsonstat(&dataset, measure)).unwrap();
            }
            true
        }
    }
}

/// Decodes and parses bytes; returns whether they parsed.
fn decode_and_parse(bytes: &[u8]) -> bool {
    match tiltak::source::decode("x.txt", bytes) {
        Ok(file) => parse_and_use(&file),
        Err(d) => {
            assert!(d.is_error());
            assert!((d.line == 0) == (d.col == 0), "{d}");
            false
        }
    }
}

fn file(text: String) -> SourceFile {
    SourceFile::from_text("x.txt", &text)
}

/// The words, numbers and separators of a report, and a few that do not belong.
const TOKENS: &[&str] = &[
    "",
    "",
    "\t",
    "\t\t",
    " ",
    "Januar",
    "Juni",
    "desember",
    "Mai",
    "Januar - Desember 2022",
    "Juli 2022 - Juni 2023",
    "Juni - Oktober 2022",
    "Avklaringstiltak",
    "avklarings tiltak",
    "Arbeidssøkere på tiltak,",
    "Andre på tiltak, opplæring",
    "jobbskaping og",
    "egenetablering",
    "Om tabellene",
    "Fylke og tiltaksgruppe",
    "I alt",
    "Oslo",
    "Nordland - Nordlånnda",
    "Svalbard",
    "Øvrige områder",
    "*",
    "3 903",
    "3\u{a0}903",
    "1\u{202f}059",
    "12",
    "0",
    "4O8",
    "39 03",
    "99999999999",
    "–",
    "\u{feff}",
    "\r",
    "ø",
];

/// A line of report-like tokens separated by tabs, or a header or row of the usual shape.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(TOKENS), 0..6).prop_map(|t| t.join("\t")),
        prop::collection::vec(prop::sample::select(TOKENS), 0..4).prop_map(|t| t.concat()),
        (1usize..13).prop_map(|n| {
            let months = &tiltak::dims::MONTH_NAMES[..n];
            format!("\t{}", months.join("\t"))
        }),
        (
            prop::sample::select(TOKENS),
            0usize..13,
            prop::sample::select(TOKENS)
        )
            .prop_map(|(label, n, cell)| format!("{label}{}", format!("\t{cell}").repeat(n))),
    ]
}

const PERIODS: &[&str] = &[
    "Januar - Desember 2022\n\n",
    "Juli 2022 - Juni 2023\n\n",
    "Mars - Mai 2024\n\n",
    "",
];
const TITLES: &[&str] = &[
    "Avklaringstiltak",
    "Oppfølging",
    "Tilrettelagt arbeid",
    "Arbeidssøkere på tiltak,\navklarings tiltak",
    "Arbeidssøkere på tiltak,\njobbskaping og\negenetablering",
    "Nedsatt arbeidsevne, på tiltak, avklaringstiltak",
    "Andre på tiltak, oppfølging",
    "Andre på tiltak,\ntilrettelagt arbeid",
];
const BAD_TITLES: &[&str] = &["Sykepenger", ""];
const LABELS: &[&str] = &[
    "I alt",
    "Oslo",
    "Agder",
    "Nordland - Nordlånnda",
    "Troms og Finnmark - Romsa ja Finnmárku",
    "Øvrige områder",
    "Ukjent",
    "Svalbard",
];
const CELLS: &[&str] = &[
    "*",
    "0",
    "4",
    "12",
    "786",
    "3 903",
    "3\u{a0}903",
    "1\u{202f}059",
];
const BAD_CELLS: &[&str] = &["x", "", "39 03", "-1", "99999999999"];

/// A table of the usual shape: head, header of consecutive months, rows; now and then a
/// cell too many or too few.
fn table() -> impl Strategy<Value = String> {
    let cell = prop_oneof![
        60 => prop::sample::select(CELLS),
        1 => prop::sample::select(BAD_CELLS),
    ];
    let cells = prop::collection::vec(cell, 12);
    let delta = prop_oneof![30 => Just(0i32), 1 => Just(1), 1 => Just(-1)];
    (
        any::<bool>(),
        prop_oneof![
            6 => Just(PERIODS[0]),
            1 => prop::sample::select(PERIODS),
        ],
        prop_oneof![
            20 => prop::sample::select(TITLES),
            1 => prop::sample::select(BAD_TITLES),
        ],
        0usize..12,
        1usize..13,
        // Distinct labels, each with its cells.
        prop::sample::subsequence(LABELS, 0..=LABELS.len())
            .prop_flat_map(move |labels| {
                let n = labels.len();
                (
                    Just(labels),
                    prop::collection::vec((cells.clone(), delta.clone()), n),
                )
            })
            .prop_map(|(labels, cells)| {
                labels
                    .into_iter()
                    .zip(cells)
                    .map(|(l, (c, d))| (l, c, d))
                    .collect::<Vec<_>>()
            }),
    )
        .prop_map(|(full_head, period, title, start, count, rows)| {
            let months = &tiltak::dims::MONTH_NAMES[start..(start + count).min(12)];
            let mut text = String::new();
            if full_head {
                text.push_str("Deltakere i arbeidsrettede tiltak\n\nFylke og tiltaksgruppe\n\n");
            }
            text.push_str(period);
            text.push_str(title);
            text.push_str(&format!("\n\n\t{}", months.join("\t")));
            for (label, cells, delta) in rows {
                let n = (months.len() as i32 + delta).clamp(0, 12) as usize;
                text.push_str(&format!("\n{label}\t{}", cells[..n].join("\t")));
            }
            text
        })
}

/// A report: maybe a notes block, then tables; maybe padded with tabs, maybe CRLF.
fn report() -> impl Strategy<Value = Vec<u8>> {
    (
        any::<bool>(),
        prop::collection::vec(table(), 1..5),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(notes, tables, padded, crlf)| {
            let mut text = String::new();
            if notes {
                text.push_str(
                    "Deltakere i arbeidsrettede tiltak\n\nOm tabellene\n\nEn merknad.\n\n\n",
                );
            }
            text.push_str(&tables.join("\n\n\n"));
            if padded {
                text = text.lines().map(|l| format!("{l}\t\t\t\n")).collect();
            }
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            text.into_bytes()
        })
}

fn seed_lines() -> &'static Vec<String> {
    static LINES: OnceLock<Vec<String>> = OnceLock::new();
    LINES.get_or_init(|| seed_text().split('\n').map(str::to_string).collect())
}

/// One change to the seed's lines.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    /// Inserts a character at a fraction (per mille) of a line's length.
    Insert(usize, u16, char),
    /// Cuts the file at a fraction (per mille) of its length.
    Truncate(u16),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let chars = prop_oneof![
        prop::sample::select(vec![
            '\t', '*', ' ', '\u{a0}', '\u{202f}', '\n', '0', '9', 'x', 'ø', '-'
        ]),
        any::<char>(),
    ];
    prop_oneof![
        3 => any::<usize>().prop_map(Mutation::Delete),
        2 => any::<usize>().prop_map(Mutation::Duplicate),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        4 => (any::<usize>(), 0u16..=1000, chars).prop_map(|(l, at, c)| Mutation::Insert(l, at, c)),
        1 => (0u16..=1000).prop_map(Mutation::Truncate),
    ]
}

fn mutate(mutations: &[Mutation]) -> String {
    let mut lines = seed_lines().clone();
    for m in mutations {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match *m {
            Mutation::Delete(i) => {
                lines.remove(i % n);
            }
            Mutation::Duplicate(i) => {
                let line = lines[i % n].clone();
                lines.insert(i % n, line);
            }
            Mutation::Swap(a, b) => lines.swap(a % n, b % n),
            Mutation::Insert(i, at, c) => {
                let line = &mut lines[i % n];
                let mut at = line.len() * usize::from(at) / 1000;
                while !line.is_char_boundary(at) {
                    at -= 1;
                }
                line.insert(at, c);
            }
            Mutation::Truncate(at) => {
                let mut text = lines.join("\n");
                let mut at = text.len() * usize::from(at) / 1000;
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.truncate(at);
                lines = text.split('\n').map(str::to_string).collect();
            }
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = decode_and_parse(&bytes);
    }

    #[test]
    fn report_like_text_never_panics(lines in prop::collection::vec(line(), 0..40)) {
        let text = lines.join("\n");
        let _ = decode_and_parse(text.as_bytes());
        let _ = parse_and_use(&file(text));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn generated_reports_never_panic(bytes in report()) {
        let _ = decode_and_parse(&bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_mutated_seed_never_panics(mutations in prop::collection::vec(mutation(), 1..8)) {
        let _ = parse_and_use(&file(mutate(&mutations)));
    }
}

#[test]
fn the_unmutated_seed_passes_the_same_checks() {
    let text = mutate(&[]);
    assert_eq!(text, seed_text());
    assert!(parse_and_use(&file(text)));
}
