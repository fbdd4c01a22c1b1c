//! The promises a report makes about its own numbers, checked.
//!
//! In every table the county rows add up to the `I alt` row, and for every measure group the
//! main-group tables add up to the total table, within what suppressed cells (0–3 each) can
//! hold. A failure is a warning worth telling the publisher about, never a reason to hide data.

use crate::diagnostic::{Diagnostic, Kind};
use crate::dims::{Area, MainGroup, MeasureGroup, Month};
use crate::report::{Cell, Report, Row, Table};
use std::collections::{BTreeSet, HashMap};

/// What the checks found, for the data-quality page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checks {
    /// How many (table, month) sums of counties were checked.
    pub county_sums: usize,
    /// How many of them failed.
    pub county_failures: usize,
    /// How many (measure group, area, month) sums of main groups were checked.
    pub main_group_sums: usize,
    /// How many of them failed.
    pub main_group_failures: usize,
}

impl Checks {
    /// Adds another tally to this one, for the total over many reports.
    pub fn add(&mut self, other: &Checks) {
        self.county_sums += other.county_sums;
        self.county_failures += other.county_failures;
        self.main_group_sums += other.main_group_sums;
        self.main_group_failures += other.main_group_failures;
    }
}

/// The range of values a sum of cells can have: `[low, high]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Bounds {
    low: u64,
    high: u64,
}

impl Bounds {
    fn of(cell: Cell) -> Bounds {
        Bounds {
            low: cell.low(),
            high: cell.high(),
        }
    }

    fn plus(self, other: Bounds) -> Bounds {
        Bounds {
            low: self.low + other.low,
            high: self.high + other.high,
        }
    }

    fn meets(self, other: Bounds) -> bool {
        self.low <= other.high && other.low <= self.high
    }
}

impl std::fmt::Display for Bounds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.low == self.high {
            write!(f, "{}", self.low)
        } else {
            write!(f, "{}–{}", self.low, self.high)
        }
    }
}

/// Checks one report: county sums in each table, and main-group sums per measure group.
///
/// Every finding is a warning, but one: a last table whose counties fall short of its total
/// by more than its suppressed cells can hold is an error ([`Kind::Truncated`]), as that is
/// what a file cut off in the middle of its last table looks like. [`crate::settings`] lets
/// a publisher accept such a file knowingly.
pub fn check_report(report: &Report) -> (Vec<Diagnostic>, Checks) {
    let mut warnings = Vec::new();
    let mut checks = Checks::default();
    for table in &report.tables {
        county_sums(report, table, &mut warnings, &mut checks);
    }
    if let Some(cut) = cut_short(report) {
        warnings.push(cut);
    }
    let mut measure_groups: Vec<MeasureGroup> =
        report.tables.iter().map(|t| t.measure_group).collect();
    measure_groups.sort_unstable();
    measure_groups.dedup();
    for measure_group in measure_groups {
        main_group_sums(report, measure_group, &mut warnings, &mut checks);
    }
    (warnings, checks)
}

/// The error for a report whose last table ends before its counties reach its total: a
/// table cut after one of its rows, or a header row with no rows under it.
fn cut_short(report: &Report) -> Option<Diagnostic> {
    let table = report.tables.last()?;
    let last_line = table.rows.iter().map(|r| r.line).max();
    let (line, found) = match (table.total(), last_line) {
        (_, None) => (
            table.header_line,
            "has a header row and no rows".to_string(),
        ),
        (None, Some(_)) => return None,
        (Some(total), Some(line)) => {
            let short = table.months.iter().enumerate().find_map(|(index, month)| {
                let sum = parts_sum(table, index);
                let stated = total.cells[index].map(Bounds::of)?;
                (sum.high < stated.low).then(|| format!("has county rows that add up to at most {} in {month}, where the `I alt` row says {stated}", sum.high))
            })?;
            (line, short)
        }
    };
    Some(
        Diagnostic::error(
            Kind::Truncated,
            &report.file,
            line,
            0,
            format!(
                "the file seems cut short after line {line}: its last table, `{}`, {found}",
                table.title
            ),
        )
        .expected(format!(
            "the whole file as published; if it really ends there, accept it with `accept_truncated = [\"{}\"]` in {}",
            report.file,
            crate::settings::FILE_NAME
        )),
    )
}

/// The bounds of the sum of a table's county rows (every row but `I alt`) in one month.
fn parts_sum(table: &Table, index: usize) -> Bounds {
    table
        .rows
        .iter()
        .filter(|r| r.area.is_part())
        .fold(Bounds::default(), |sum, r| {
            sum.plus(r.cells[index].map_or(Bounds::default(), Bounds::of))
        })
}

fn county_sums(
    report: &Report,
    table: &Table,
    warnings: &mut Vec<Diagnostic>,
    checks: &mut Checks,
) {
    let Some(total) = table.total() else { return };
    for (index, month) in table.months.iter().enumerate() {
        let sum = parts_sum(table, index);
        // A month with no total has nothing to check against.
        let Some(stated) = total.cells[index].map(Bounds::of) else {
            continue;
        };
        checks.county_sums += 1;
        if !sum.meets(stated) {
            checks.county_failures += 1;
            warnings.push(
                Diagnostic::warning(
                    Kind::CountySum,
                    &report.file,
                    total.line,
                    0,
                    format!("`{}`, {month}: the county rows add up to {sum}, but the `I alt` row says {stated}", table.title),
                )
                .expected("county rows that add up to the `I alt` row, within 0–3 for each `*`"),
            );
        }
    }
}

/// A table's rows by area and its months by position, so that a cell is found without
/// walking the table: the checks look up every area of every table in every other one.
struct Lookup<'t> {
    table: &'t Table,
    rows: HashMap<&'t Area, &'t Row>,
    months: HashMap<Month, usize>,
}

impl<'t> Lookup<'t> {
    fn new(table: &'t Table) -> Lookup<'t> {
        Lookup {
            table,
            rows: table.rows.iter().map(|r| (&r.area, r)).collect(),
            months: table
                .months
                .iter()
                .enumerate()
                .map(|(i, m)| (*m, i))
                .collect(),
        }
    }

    /// The cell of `area` in `month`; a county missing from a table had no participants
    /// there, so it adds nothing to a sum.
    fn cell(&self, area: &Area, month: Month) -> Bounds {
        match (self.months.get(&month), self.rows.get(area)) {
            (Some(&i), Some(row)) => row.cells[i].map_or(Bounds::default(), Bounds::of),
            _ => Bounds::default(),
        }
    }
}

fn main_group_sums(
    report: &Report,
    measure_group: MeasureGroup,
    warnings: &mut Vec<Diagnostic>,
    checks: &mut Checks,
) {
    let table = |group: MainGroup| {
        report
            .tables
            .iter()
            .find(|t| t.measure_group == measure_group && t.main_group == group)
    };
    let Some(whole) = table(MainGroup::ALLE) else {
        return;
    };
    let parts: Vec<&Table> = report
        .tables
        .iter()
        .filter(|t| t.measure_group == measure_group && t.main_group.is_part())
        .collect();
    if parts.is_empty() {
        return;
    }
    // A main group the classification does not know may or may not be a part of the whole:
    // the sum is not checked, and the publisher is told so.
    if let Some(unknown) = parts.iter().find(|t| !t.main_group.is_known()) {
        warnings.push(
            Diagnostic::warning(
                Kind::SumNotChecked,
                &report.file,
                unknown.line,
                0,
                format!(
                    "{measure_group}: the main groups are not checked against the total table, as `{}` is a main group this program does not know",
                    unknown.main_group
                ),
            )
            .expected("main groups of the classification, or the group added to `tiltak.toml` with its place"),
        );
        return;
    }
    let parts: Vec<Lookup> = parts.into_iter().map(Lookup::new).collect();
    let whole = Lookup::new(whole);
    let areas: BTreeSet<&Area> = std::iter::once(&whole)
        .chain(&parts)
        .flat_map(|t| t.table.rows.iter().map(|r| &r.area))
        .collect();
    for area in areas {
        let line = whole.rows.get(area).map_or(whole.table.line, |r| r.line);
        for month in &whole.table.months {
            let stated = whole.cell(area, *month);
            let sum = parts
                .iter()
                .fold(Bounds::default(), |sum, t| sum.plus(t.cell(area, *month)));
            checks.main_group_sums += 1;
            if !sum.meets(stated) {
                checks.main_group_failures += 1;
                warnings.push(
                    Diagnostic::warning(
                        Kind::MainGroupSum,
                        &report.file,
                        line,
                        0,
                        format!("{measure_group}, {area}, {month}: the main groups add up to {sum}, but the total table says {stated}"),
                    )
                    .expected("main-group tables that add up to the measure group's total, within 0–3 for each `*`"),
                );
            }
        }
    }
}

/// Warns about every report that holds fewer tables than the edition before it in the
/// archive (the report whose period ends last before its own): a file cut between two
/// tables adds up in every table it still has, and only the count gives it away.
pub fn fewer_tables<'r>(reports: impl IntoIterator<Item = &'r Report>) -> Vec<Diagnostic> {
    let mut reports: Vec<&Report> = reports.into_iter().collect();
    reports.sort_by(|a, b| (a.period.end, &a.file).cmp(&(b.period.end, &b.file)));
    reports
        .windows(2)
        .filter(|pair| pair[1].tables.len() < pair[0].tables.len())
        .map(|pair| {
            let (before, report) = (pair[0], pair[1]);
            Diagnostic::warning(
                Kind::FewerTables,
                &report.file,
                0,
                0,
                format!(
                    "the report holds {} {}, fewer than the {} of the edition before it ({}); it may be cut short",
                    report.tables.len(),
                    if report.tables.len() == 1 { "table" } else { "tables" },
                    before.tables.len(),
                    before.file
                ),
            )
            .expected("every table of the edition before, unless the publisher dropped some")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    /// A report of tables given as (title, rows with `|` between cells); every table covers
    /// January and February. The first table's `I alt` row is line 6.
    fn report(tables: &[(&str, &[&str])]) -> Report {
        let mut text = String::from("Januar - Februar 2022\n\n");
        for (title, rows) in tables {
            text.push_str(&format!("{title}\n\n\tJanuar\tFebruar\n"));
            for row in *rows {
                text.push_str(&row.replace('|', "\t"));
                text.push('\n');
            }
            text.push('\n');
        }
        crate::report::parse(&SourceFile::from_text("r.txt", &text)).unwrap()
    }

    fn kinds_and_lines(warnings: &[Diagnostic]) -> Vec<(Kind, u32)> {
        warnings.iter().map(|w| (w.kind, w.line)).collect()
    }

    #[test]
    fn suppressed_cells_count_as_zero_to_three() {
        // January: 2 + (0–3) + (0–3) = 2–8 holds 8; February: 2–8 cannot be 9.
        let r = report(&[(
            "Oppfølging",
            &["I alt|8|9", "Oslo|2|2", "Agder|*|*", "Ukjent|*|*"],
        )]);
        let (warnings, checks) = check_report(&r);
        // The only table is the last one: falling short of its total in February is also
        // what a file cut after its `Ukjent` row (line 9) would look like.
        assert_eq!(
            kinds_and_lines(&warnings),
            [(Kind::CountySum, 6), (Kind::Truncated, 9)]
        );
        assert!(
            warnings[0].message.contains("Februar 2022"),
            "{}",
            warnings[0].message
        );
        assert!(
            warnings[0].message.contains("2–8"),
            "{}",
            warnings[0].message
        );
        assert_eq!((checks.county_sums, checks.county_failures), (2, 1));
        // A total below the least the counties can hold fails too: February 4 + (0–3) ≠ 3.
        let r = report(&[("Oppfølging", &["I alt|4|3", "Oslo|2|4", "Agder|*|*"])]);
        let (warnings, _) = check_report(&r);
        assert_eq!(kinds_and_lines(&warnings), [(Kind::CountySum, 6)]);
        assert!(
            warnings[0].message.contains("Februar 2022"),
            "{}",
            warnings[0].message
        );
    }

    #[test]
    fn only_the_last_table_falling_short_is_an_error() {
        // The first table falls short in January (5 of 9): a warning. The last one holds
        // within its `*` (3 + 0–3 = 3–6 holds 6).
        let r = report(&[
            ("Oppfølging", &["I alt|9|1", "Oslo|5|1"]),
            ("Opplæring", &["I alt|6|6", "Oslo|3|3", "Agder|*|*"]),
        ]);
        let (found, _) = check_report(&r);
        assert_eq!(kinds_and_lines(&found), [(Kind::CountySum, 6)]);
        assert!(found.iter().all(|d| !d.is_error()));
        // Cut after its Oslo row (line 13), the last table is 3 where it says 6: an error.
        let r = report(&[
            ("Oppfølging", &["I alt|9|1", "Oslo|5|1"]),
            ("Opplæring", &["I alt|6|6", "Oslo|3|3"]),
        ]);
        let (found, _) = check_report(&r);
        let cut: Vec<&Diagnostic> = found.iter().filter(|d| d.is_error()).collect();
        assert_eq!(
            kinds_and_lines(&found)[1..],
            [
                (Kind::CountySum, 12),
                (Kind::CountySum, 12),
                (Kind::Truncated, 13)
            ]
        );
        assert_eq!(cut.len(), 1);
        assert!(
            cut[0].message.contains("cut short after line 13"),
            "{}",
            cut[0].message
        );
        // A header with no rows under it, at the end of the file (line 11).
        let r = report(&[
            ("Oppfølging", &["I alt|9|1", "Oslo|9|1"]),
            ("Opplæring", &[]),
        ]);
        let (found, _) = check_report(&r);
        assert_eq!(kinds_and_lines(&found), [(Kind::Truncated, 11)]);
    }

    #[test]
    fn a_report_with_fewer_tables_than_the_one_before_is_named() {
        let two = report(&[
            ("Oppfølging", &["I alt|1|1"]),
            ("Opplæring", &["I alt|1|1"]),
        ]);
        let mut one = report(&[("Oppfølging", &["I alt|1|1"])]);
        one.file = "s.txt".into();
        one.period.end = Month::new(2022, 3);
        let found = fewer_tables([&one, &two]);
        assert_eq!(kinds_and_lines(&found), [(Kind::FewerTables, 0)]);
        assert_eq!(found[0].file, "s.txt");
        assert!(found[0].message.contains("1 table, fewer than the 2"));
        // The other way round, a later edition with more tables is no news.
        one.period.end = Month::new(2021, 12);
        assert!(fewer_tables([&one, &two]).is_empty());
    }

    #[test]
    fn a_table_without_a_total_is_not_summed() {
        let r = report(&[("Oppfølging", &["Oslo|2|2", "Agder|1|1"])]);
        let (warnings, checks) = check_report(&r);
        assert!(warnings.is_empty());
        assert_eq!(checks, Checks::default());
    }

    #[test]
    fn main_groups_add_up_to_the_total_table() {
        let r = report(&[
            ("Oppfølging", &["I alt|10|10", "Oslo|10|10"]),
            (
                "Arbeidssøkere på tiltak, oppfølging",
                &["I alt|6|6", "Oslo|6|6"],
            ),
            // No Oslo row: Oslo had no participants here, so it adds 0.
            ("Andre på tiltak, oppfølging", &["I alt|4|*"]),
        ]);
        let (warnings, checks) = check_report(&r);
        // I alt: January 6 + 4 = 10 holds; February 6 + (0–3) cannot be 10.
        // Oslo (line 7): 6 + 0 is not 10, in both months.
        // The third table's own counties (none) cannot make its `I alt` of 4 (line 18).
        assert_eq!(
            kinds_and_lines(&warnings),
            [
                (Kind::CountySum, 18),
                (Kind::Truncated, 18),
                (Kind::MainGroupSum, 6),
                (Kind::MainGroupSum, 7),
                (Kind::MainGroupSum, 7),
            ]
        );
        assert!(
            warnings[2].message.contains("I alt, Februar 2022"),
            "{}",
            warnings[2].message
        );
        assert!(
            warnings[2].message.contains("6–9"),
            "{}",
            warnings[2].message
        );
        assert_eq!((checks.main_group_sums, checks.main_group_failures), (4, 3));
    }

    #[test]
    fn a_main_group_the_classification_does_not_know_is_not_summed_and_says_so() {
        let r = report(&[
            ("Oppfølging", &["I alt|10|10", "Oslo|10|10"]),
            ("Andre på tiltak, oppfølging", &["I alt|4|4", "Oslo|4|4"]),
            ("Ungdom på tiltak, oppfølging", &["I alt|6|6", "Oslo|6|6"]),
        ]);
        let (warnings, checks) = check_report(&r);
        // The known parts alone (4) would not make 10: no sum is claimed either way.
        assert_eq!(kinds_and_lines(&warnings), [(Kind::SumNotChecked, 15)]);
        assert!(
            warnings[0].message.contains("`Ungdom på tiltak`"),
            "{}",
            warnings[0].message
        );
        assert_eq!((checks.main_group_sums, checks.main_group_failures), (0, 0));
        // Its own counties still add up to its own total.
        assert_eq!((checks.county_sums, checks.county_failures), (6, 0));
    }

    #[test]
    fn a_county_only_in_a_part_is_checked_against_zero() {
        let r = report(&[
            ("Oppfølging", &["I alt|5|5", "Oslo|5|5"]),
            (
                "Andre på tiltak, oppfølging",
                &["I alt|5|6", "Oslo|5|5", "Agder|*|1"],
            ),
        ]);
        let (warnings, _) = check_report(&r);
        // I alt in February: 6 against 5. Agder: the total table has no row, so 0; its `*`
        // in January may be 0, its 1 in February is not (the warning points at the title).
        assert_eq!(
            kinds_and_lines(&warnings),
            [(Kind::MainGroupSum, 6), (Kind::MainGroupSum, 3)]
        );
        assert!(
            warnings[1].message.contains("Agder, Februar 2022"),
            "{}",
            warnings[1].message
        );
    }
}
