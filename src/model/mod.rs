//! The data model: every report's cells merged into one set of series.
//!
//! Each report file is an [`Edition`]. Where two editions publish the same cell, the one whose
//! period ends later wins (ties: the later file name); the value it replaced is kept as a
//! [`Revision`]. A cell no edition published is absent: the model never invents a zero.

use crate::diagnostic::{Diagnostic, Kind};
use crate::dims::{Area, MainGroup, MeasureGroup, Month, Period};
use crate::report::{Cell, Report};
use std::collections::{BTreeMap, BTreeSet};

/// What identifies one published number.
///
/// The field order is the sort order of every listing and export: measure group, main group,
/// area, month.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    /// The measure group of the table.
    pub measure_group: MeasureGroup,
    /// The main group of the table.
    pub main_group: MainGroup,
    /// The row.
    pub area: Area,
    /// The column.
    pub month: Month,
}

/// A cell as the winning edition published it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Observation {
    /// The number or `*`.
    pub cell: Cell,
    /// Index into [`Dataset::editions`] of the edition the value comes from.
    pub edition: usize,
    /// The line of the row in that edition's file.
    pub line: usize,
}

/// A published value that a later edition changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The cell.
    pub key: Key,
    /// The value the earlier edition published.
    pub old: Cell,
    /// The value the later edition published.
    pub new: Cell,
    /// Index of the earlier edition.
    pub old_edition: usize,
    /// Index of the later edition, the one that revised the cell.
    pub new_edition: usize,
}

/// One report file as a publication.
#[derive(Debug, Clone)]
pub struct Edition {
    /// The file name relative to the content folder.
    pub file: String,
    /// The months the report covers.
    pub period: Period,
    /// The parsed report, kept whole so the edition can be shown as published.
    pub report: Report,
    /// How many cells of earlier editions this edition revised.
    pub revised: usize,
}

impl Edition {
    /// The edition's identifier in paths: its period (`2022-01--2022-12`).
    pub fn slug(&self) -> String {
        self.period.slug()
    }
}

/// Every edition, and the merged series across them.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// The editions, oldest first: sorted by the end of their period, then by file name.
    pub editions: Vec<Edition>,
    /// The merged cells: for each key, the value of the latest edition that has it.
    pub cells: BTreeMap<Key, Observation>,
    /// Values later editions changed, in the order they were found.
    pub revisions: Vec<Revision>,
    /// For each area, every label the reports wrote it as (`Nordland - Nordlånnda`, …).
    pub labels: BTreeMap<Area, BTreeSet<String>>,
}

impl Dataset {
    /// Merges parsed reports into one dataset.
    ///
    /// Two files with the same period are an error naming both: there is no telling which is
    /// the publication. Revisions come back as warnings as well as in [`Dataset::revisions`].
    pub fn from_reports(
        reports: Vec<Report>,
    ) -> Result<(Dataset, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut reports = reports;
        reports.sort_by(|a, b| (a.period.end, &a.file).cmp(&(b.period.end, &b.file)));
        let mut errors = Vec::new();
        for pair in reports.windows(2) {
            if pair[0].period == pair[1].period {
                errors.push(
                    Diagnostic::error(
                        Kind::DuplicatePeriod,
                        &pair[1].file,
                        0,
                        0,
                        format!(
                            "the period {} is also the period of `{}`",
                            pair[0].period.label(),
                            pair[0].file
                        ),
                    )
                    .expected("one file per period: remove or rename one of the two"),
                );
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut dataset = Dataset::default();
        let mut warnings = Vec::new();
        for (edition, report) in reports.into_iter().enumerate() {
            let mut revised = 0;
            for table in &report.tables {
                for (row, month, cell) in table.cells() {
                    let key = Key {
                        measure_group: table.measure_group,
                        main_group: table.main_group,
                        area: row.area.clone(),
                        month,
                    };
                    let new = Observation {
                        cell,
                        edition,
                        line: row.line,
                    };
                    if let Some(old) = dataset.cells.insert(key.clone(), new) {
                        if old.cell != cell {
                            revised += 1;
                            let old_file = &dataset.editions[old.edition].file;
                            warnings.push(
                                Diagnostic::warning(
                                    Kind::Revision,
                                    &report.file,
                                    row.line,
                                    0,
                                    format!(
                                        "{} ({}), {}, {}: {} revised from {} (published in `{old_file}`)",
                                        table.measure_group,
                                        table.main_group.short_name(),
                                        row.area,
                                        month,
                                        cell,
                                        old.cell
                                    ),
                                ),
                            );
                            dataset.revisions.push(Revision {
                                key,
                                old: old.cell,
                                new: cell,
                                old_edition: old.edition,
                                new_edition: edition,
                            });
                        }
                    }
                }
                for row in &table.rows {
                    dataset
                        .labels
                        .entry(row.area.clone())
                        .or_default()
                        .insert(row.label.clone());
                }
            }
            dataset.editions.push(Edition {
                file: report.file.clone(),
                period: report.period,
                report,
                revised,
            });
        }
        Ok((dataset, warnings))
    }

    /// The value of one cell in the merged series; `None` when no edition has it.
    pub fn get(
        &self,
        measure_group: MeasureGroup,
        main_group: MainGroup,
        area: &Area,
        month: Month,
    ) -> Option<Cell> {
        let key = Key {
            measure_group,
            main_group,
            area: area.clone(),
            month,
        };
        self.cells.get(&key).map(|o| o.cell)
    }

    /// Every cell of one series (a measure group, main group and area), by month.
    pub fn series<'a>(
        &'a self,
        measure_group: MeasureGroup,
        main_group: MainGroup,
        area: &Area,
    ) -> impl Iterator<Item = (Month, Cell)> + 'a {
        let from = Key {
            measure_group,
            main_group,
            area: area.clone(),
            month: Month::new(i32::MIN, 1),
        };
        let to = Key {
            month: Month::new(i32::MAX, 12),
            ..from.clone()
        };
        self.cells.range(from..=to).map(|(k, o)| (k.month, o.cell))
    }

    /// Every month any edition covers, in order.
    pub fn months(&self) -> Vec<Month> {
        let set: BTreeSet<Month> = self
            .editions
            .iter()
            .flat_map(|e| e.period.months())
            .collect();
        set.into_iter().collect()
    }

    /// The last month with data.
    pub fn latest_month(&self) -> Option<Month> {
        self.editions.iter().map(|e| e.period.end).max()
    }

    /// Every area with at least one cell, in order (total, counties by number, others).
    pub fn areas(&self) -> Vec<Area> {
        self.labels.keys().cloned().collect()
    }

    /// The main groups that have a table for a measure group.
    pub fn main_groups(&self, measure_group: MeasureGroup) -> Vec<MainGroup> {
        MainGroup::ALL
            .into_iter()
            .filter(|g| {
                self.editions.iter().any(|e| {
                    e.report
                        .tables
                        .iter()
                        .any(|t| t.measure_group == measure_group && t.main_group == *g)
                })
            })
            .collect()
    }

    /// The measure groups with at least one table, in report order.
    pub fn measure_groups(&self) -> Vec<MeasureGroup> {
        MeasureGroup::ALL
            .into_iter()
            .filter(|m| {
                self.editions
                    .iter()
                    .any(|e| e.report.tables.iter().any(|t| t.measure_group == *m))
            })
            .collect()
    }
}
