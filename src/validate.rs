//! The promises a report makes about its own numbers, checked.
//!
//! In every table the county rows add up to the `I alt` row, and for every measure group the
//! main-group tables add up to the total table, within what suppressed cells (0–3 each) can
//! hold. A failure is a warning worth telling the publisher about, never a reason to hide data.

use crate::diagnostic::{Diagnostic, Kind};
use crate::dims::{Area, MainGroup, MeasureGroup, Month};
use crate::report::{Cell, Report, Table};
use std::collections::BTreeSet;

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
    fn add(&mut self, other: &Checks) {
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

/// Checks every table of every report; returns the warnings and the tally.
pub fn check(reports: &[&Report]) -> (Vec<Diagnostic>, Checks) {
    let mut warnings = Vec::new();
    let mut checks = Checks::default();
    for report in reports {
        let (w, c) = check_report(report);
        warnings.extend(w);
        checks.add(&c);
    }
    (warnings, checks)
}

/// Checks one report: county sums in each table, and main-group sums per measure group.
pub fn check_report(report: &Report) -> (Vec<Diagnostic>, Checks) {
    let mut warnings = Vec::new();
    let mut checks = Checks::default();
    for table in &report.tables {
        county_sums(report, table, &mut warnings, &mut checks);
    }
    for measure_group in MeasureGroup::ALL {
        main_group_sums(report, measure_group, &mut warnings, &mut checks);
    }
    (warnings, checks)
}

fn county_sums(
    report: &Report,
    table: &Table,
    warnings: &mut Vec<Diagnostic>,
    checks: &mut Checks,
) {
    let Some(total) = table.total() else { return };
    for (index, month) in table.months.iter().enumerate() {
        let sum = table
            .rows
            .iter()
            .filter(|r| r.area.is_part())
            .fold(Bounds::default(), |sum, r| {
                sum.plus(Bounds::of(r.cells[index]))
            });
        let stated = Bounds::of(total.cells[index]);
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
    let Some(whole) = table(MainGroup::Alle) else {
        return;
    };
    let parts: Vec<&Table> = MainGroup::PARTS.into_iter().filter_map(table).collect();
    if parts.is_empty() {
        return;
    }
    // A county missing from a table had no participants there: it adds nothing to a sum.
    let cell = |t: &Table, area: &Area, month: Month| -> Bounds {
        let index = t.months.iter().position(|m| *m == month);
        let row = t.rows.iter().find(|r| &r.area == area);
        match (index, row) {
            (Some(i), Some(row)) => Bounds::of(row.cells[i]),
            _ => Bounds::default(),
        }
    };
    let areas: BTreeSet<&Area> = std::iter::once(whole)
        .chain(parts.iter().copied())
        .flat_map(|t| t.rows.iter().map(|r| &r.area))
        .collect();
    for area in areas {
        let line = whole
            .rows
            .iter()
            .find(|r| &r.area == area)
            .map_or(whole.line, |r| r.line);
        for month in &whole.months {
            let stated = cell(whole, area, *month);
            let sum = parts
                .iter()
                .fold(Bounds::default(), |sum, t| sum.plus(cell(t, area, *month)));
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
