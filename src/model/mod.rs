//! The data model: every report's cells merged into one set of series.
//!
//! Each report file is an [`Edition`]. Where two editions publish the same cell, the one whose
//! period ends later wins (ties: the later file name); the value it replaced is kept as a
//! [`Revision`]. A cell no edition published is absent: the model never invents a zero.

pub mod annual;
pub mod comparable;

use crate::diagnostic::{Diagnostic, Kind};
use crate::dims::{Area, MainGroup, MeasureGroup, Month, Period};
use crate::report::{Cell, Report, Table};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

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

impl Key {
    /// Whether two keys are cells of one series (measure group, main group and area), for
    /// writers that make the text a series' lines share once.
    pub fn same_series(&self, other: &Key) -> bool {
        self.measure_group == other.measure_group
            && self.main_group == other.main_group
            && self.area == other.area
    }
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
    /// The value the later edition published; `None` when it dropped the row.
    pub new: Option<Cell>,
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
    /// The parsed report, kept whole so the edition can be shown as published; shared with
    /// the parse cache, so a rebuild does not copy the archive.
    pub report: Arc<Report>,
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
    /// The merged cells, sorted by key and each key once: for each, the value of the latest
    /// edition that has it. A sorted list, as it is built in order once and then only read.
    pub cells: Vec<(Key, Observation)>,
    /// Values later editions changed, in the order they were found.
    pub revisions: Vec<Revision>,
    /// For each area, every label the reports wrote it as (`Nordland - Nordlånnda`, …).
    pub labels: BTreeMap<Area, BTreeSet<String>>,
}

/// A table's rows for one month, sorted by area: what one edition publishes of a column.
type Column = Vec<(Area, Observation)>;

/// The columns one table of an edition publishes, one per month, with their month.
fn columns_of(table: &Table, edition: usize) -> impl Iterator<Item = (Month, Column)> + '_ {
    let mut order: Vec<usize> = (0..table.rows.len()).collect();
    order.sort_by(|a, b| table.rows[*a].area.cmp(&table.rows[*b].area));
    table.months.iter().enumerate().map(move |(index, &month)| {
        let column = order
            .iter()
            .filter_map(|&r| {
                let row = &table.rows[r];
                let observation = Observation {
                    cell: row.cells[index]?,
                    edition,
                    line: row.line,
                };
                Some((row.area.clone(), observation))
            })
            .collect();
        (month, column)
    })
}

/// Merges a column an edition publishes into the column merged so far. Returns the merged
/// column and the entries of the old one that the new one speaks for (to compare, for
/// revisions).
///
/// A revision compares like with like: the same county code, main group, measure group and
/// month. A column on another county structure than its month's (one naming only counties
/// that did not exist that month, as a later report restating old months on new counties
/// does) speaks only for those counties: the old counties stand beside it, each under its own
/// code. Otherwise the new column replaces the old one whole, so a row a later report drops
/// is absent, not a stale value; counties of another structure that the new column does not
/// name stand too.
fn merge_column(old: Column, new: &Column, month: Month) -> (Column, Column) {
    let native = |area: &Area| area.county().is_none_or(|c| c.exists_in(month.year));
    let names_foreign = new.iter().any(|(a, _)| !native(a));
    let names_native = new.iter().any(|(a, _)| a.county().is_some() && native(a));
    let foreign_only = names_foreign && !names_native;
    let (covered, stand): (Column, Column) = old.into_iter().partition(|(area, _)| {
        if native(area) {
            !(foreign_only && area.county().is_some())
        } else {
            names_foreign
        }
    });
    let mut merged = new.clone();
    if !stand.is_empty() {
        merged.extend(stand);
        merged.sort_by(|a, b| a.0.cmp(&b.0));
    }
    (merged, covered)
}

/// One series merged over every edition: its cells in key order, the revisions found (with
/// the edition and table that made each, and its warning), and the labels its rows used.
struct Merged {
    cells: Vec<(Key, Observation)>,
    revisions: Vec<(usize, usize, Revision, Diagnostic)>,
    labels: BTreeMap<Area, BTreeSet<String>>,
}

/// Merges the tables of one series, given as (edition, table index) oldest first, into its
/// cells.
fn merge_series(
    reports: &[Arc<Report>],
    (measure_group, main_group): (MeasureGroup, MainGroup),
    tables: &[(usize, usize)],
) -> Merged {
    let mut columns: BTreeMap<Month, Column> = BTreeMap::new();
    let mut revisions = Vec::new();
    let mut labels: BTreeMap<Area, BTreeSet<String>> = BTreeMap::new();
    for &(edition, index) in tables {
        let table = &reports[edition].tables[index];
        for (month, column) in columns_of(table, edition) {
            let old = columns.remove(&month).unwrap_or_default();
            let (merged, covered) = merge_column(old, &column, month);
            let found = revise(reports, (edition, table), month, &covered, &column);
            for (revision, warning) in found {
                revisions.push((edition, index, revision, warning));
            }
            columns.insert(month, merged);
        }
        for row in &table.rows {
            let known = labels.entry(row.area.clone()).or_default();
            if !known.contains(&row.label) {
                known.insert(row.label.clone());
            }
        }
    }
    // The columns come by month, each sorted by area; the keys sort by area, then month.
    // The columns are read area by area, a cursor in each, so the cells come out in key
    // order with no sort.
    let mut cursors: Vec<_> = columns
        .into_iter()
        .map(|(month, column)| (month, column.into_iter().peekable()))
        .collect();
    let mut cells = Vec::new();
    // The smallest area not yet taken, until every column is empty.
    while let Some(area) = cursors
        .iter_mut()
        .filter_map(|(_, column)| column.peek().map(|(area, _)| area))
        .min()
        .cloned()
    {
        for (month, column) in &mut cursors {
            if let Some((area, observation)) = column.next_if(|(a, _)| *a == area) {
                let key = Key {
                    measure_group,
                    main_group,
                    area,
                    month: *month,
                };
                cells.push((key, observation));
            }
        }
    }
    Merged {
        cells,
        revisions,
        labels,
    }
}

/// Compares a column an edition publishes with the one it replaces: a value of the older
/// column that the newer one changed or dropped is a revision, with its warning.
fn revise(
    reports: &[Arc<Report>],
    (edition, table): (usize, &Table),
    month: Month,
    old: &Column,
    new: &Column,
) -> Vec<(Revision, Diagnostic)> {
    let (measure_group, main_group) = (table.measure_group, table.main_group);
    let mut found = Vec::new();
    // Walk both sorted columns together.
    let mut newer = new.iter().peekable();
    for (area, before) in old {
        while newer.next_if(|(a, _)| a < area).is_some() {}
        let after = newer.next_if(|(a, _)| a == area).map(|(_, o)| o);
        if after.map(|o| o.cell) == Some(before.cell) {
            continue;
        }
        let line = after.map_or(table.line, |o| o.line);
        let shown =
            |cell: Option<Cell>| cell.map_or_else(|| "absent".to_string(), |c| c.to_string());
        let warning = Diagnostic::warning(
            Kind::Revision,
            &reports[edition].file,
            line,
            0,
            format!(
                "{} ({}), {}, {}: {} revised from {} (published in `{}`)",
                measure_group,
                main_group.short_name(),
                area,
                month,
                shown(after.map(|o| o.cell)),
                before.cell,
                reports[before.edition].file
            ),
        );
        let revision = Revision {
            key: Key {
                measure_group,
                main_group,
                area: area.clone(),
                month,
            },
            old: before.cell,
            new: after.map(|o| o.cell),
            old_edition: before.edition,
            new_edition: edition,
        };
        found.push((revision, warning));
    }
    found
}

/// The error for a second file with the period of `first`.
fn duplicate_period(report: &Report, first: &str) -> Diagnostic {
    Diagnostic::error(
        Kind::DuplicatePeriod,
        &report.file,
        0,
        0,
        format!(
            "the period {} is also the period of `{first}`",
            report.period.label(),
        ),
    )
    .expected("one file per period: remove or rename one of the two")
}

impl Dataset {
    /// Merges parsed reports into one dataset.
    ///
    /// Two files with the same period are an error naming both: there is no telling which is
    /// the publication. Revisions come back as warnings as well as in [`Dataset::revisions`].
    pub fn from_reports<R: Into<Arc<Report>>>(
        reports: impl IntoIterator<Item = R>,
    ) -> Result<(Dataset, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut reports: Vec<Arc<Report>> = reports.into_iter().map(Into::into).collect();
        reports.sort_by(|a, b| (a.period.end, &a.file).cmp(&(b.period.end, &b.file)));
        let mut errors = Vec::new();
        // Files with the same period need not be neighbours in this order: another file with
        // the same end but another start can sort between them.
        let mut first_of_period: BTreeMap<Period, &str> = BTreeMap::new();
        for report in &reports {
            match first_of_period.get(&report.period) {
                None => {
                    first_of_period.insert(report.period, &report.file);
                }
                Some(first) => errors.push(duplicate_period(report, first)),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // Each series (measure group and main group) is merged on its own, in parallel: its
        // tables, oldest edition first. Each (measure group, main group, month) column is
        // published by the latest edition whose table has that month; that edition's rows
        // replace the column whole, so a county an earlier edition had and a later one
        // dropped is not kept as a stale value. At most a score of rows per column, so a
        // sorted Vec beats a map.
        let mut series: BTreeMap<(MeasureGroup, MainGroup), Vec<(usize, usize)>> = BTreeMap::new();
        for (edition, report) in reports.iter().enumerate() {
            for (index, table) in report.tables.iter().enumerate() {
                series
                    .entry((table.measure_group, table.main_group))
                    .or_default()
                    .push((edition, index));
            }
        }
        let merged: Vec<Merged> = series
            .into_par_iter()
            .map(|(key, tables)| merge_series(&reports, key, &tables))
            .collect();
        // Revisions and warnings come back in the order of editions, then tables, as a
        // merge of the editions one after the other finds them.
        let mut found: Vec<(usize, usize, Revision, Diagnostic)> = Vec::new();
        let mut dataset = Dataset {
            cells: Vec::with_capacity(merged.iter().map(|m| m.cells.len()).sum()),
            ..Dataset::default()
        };
        for part in merged {
            dataset.cells.extend(part.cells);
            found.extend(part.revisions);
            for (area, labels) in part.labels {
                dataset.labels.entry(area).or_default().extend(labels);
            }
        }
        found.sort_by_key(|(edition, table, ..)| (*edition, *table));
        let mut revised = vec![0; reports.len()];
        let mut warnings = Vec::with_capacity(found.len());
        for (edition, _, revision, warning) in found {
            revised[edition] += 1;
            dataset.revisions.push(revision);
            warnings.push(warning);
        }
        dataset.editions = reports
            .into_iter()
            .zip(revised)
            .map(|(report, revised)| Edition {
                file: report.file.clone(),
                period: report.period,
                report,
                revised,
            })
            .collect();
        debug_assert!(dataset.cells.is_sorted_by(|a, b| a.0 < b.0));
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
        let at = self.cells.binary_search_by(|(k, _)| k.cmp(&key)).ok()?;
        Some(self.cells[at].1.cell)
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
        let start = self.cells.partition_point(|(k, _)| *k < from);
        let end = self.cells.partition_point(|(k, _)| *k <= to);
        self.cells[start..end]
            .iter()
            .map(|(k, o)| (k.month, o.cell))
    }

    /// Every month any edition covers, in order.
    pub fn months(&self) -> Vec<Month> {
        // Pages ask for this many times a build: a sorted list is cheaper than a set.
        let mut months: Vec<Month> = self
            .editions
            .iter()
            .flat_map(|e| e.period.months())
            .collect();
        months.sort_unstable();
        months.dedup();
        months
    }

    /// Every cell of one measure group, in key order: a contiguous run of the merged cells,
    /// found without looking at the other groups'.
    pub fn cells_of(&self, measure_group: MeasureGroup) -> &[(Key, Observation)] {
        let start = self
            .cells
            .partition_point(|(k, _)| k.measure_group < measure_group);
        let end = self
            .cells
            .partition_point(|(k, _)| k.measure_group <= measure_group);
        &self.cells[start..end]
    }

    /// Every month with a cell for `area`, in order: a county created or split in a reform
    /// has only its own months. Looked up series by series, not by scanning every cell.
    pub fn months_of(&self, area: &Area) -> Vec<Month> {
        let mut months = Vec::new();
        for measure_group in self.measure_groups() {
            for main_group in self.main_groups(measure_group) {
                months.extend(self.series(measure_group, main_group, area).map(|(m, _)| m));
            }
        }
        months.sort_unstable();
        months.dedup();
        months
    }

    /// The last month with data.
    pub fn latest_month(&self) -> Option<Month> {
        self.editions.iter().map(|e| e.period.end).max()
    }

    /// Every area with at least one cell, in order (total, counties by number, others).
    pub fn areas(&self) -> Vec<Area> {
        self.labels.keys().cloned().collect()
    }

    /// The main groups that have a table for a measure group, all participants first, then
    /// in the classification's order, then groups only the reports name.
    pub fn main_groups(&self, measure_group: MeasureGroup) -> Vec<MainGroup> {
        let mut groups: Vec<MainGroup> = self
            .editions
            .iter()
            .flat_map(|e| &e.report.tables)
            .filter(|t| t.measure_group == measure_group)
            .map(|t| t.main_group)
            .collect();
        groups.sort_unstable();
        groups.dedup();
        groups
    }

    /// The measure groups with at least one table, in the classification's order, then
    /// groups only the reports name.
    pub fn measure_groups(&self) -> Vec<MeasureGroup> {
        let mut groups: Vec<MeasureGroup> = self
            .editions
            .iter()
            .flat_map(|e| &e.report.tables)
            .map(|t| t.measure_group)
            .collect();
        groups.sort_unstable();
        groups.dedup();
        groups
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    /// A one-table report (Oppfølging, all participants) with an `I alt` row and an Oslo row.
    fn report(file: &str, period: &str, months: &str, total: &str, oslo: &str) -> Report {
        let text = format!(
            "{period}\n\nOppfølging\n\n\t{}\nI alt\t{}\nOslo\t{}\n",
            months.replace(' ', "\t"),
            total.replace(' ', "\t"),
            oslo.replace(' ', "\t"),
        );
        crate::report::parse(&SourceFile::from_text(file, &text)).unwrap()
    }

    fn value(dataset: &Dataset, area: &Area, year: i32, month: u8) -> Option<Cell> {
        dataset.get(
            MeasureGroup::from_title("Oppfølging").unwrap(),
            MainGroup::ALLE,
            area,
            Month::new(year, month),
        )
    }

    fn oslo() -> Area {
        Area::from_label("Oslo")
    }

    #[test]
    fn the_later_period_wins_and_revisions_are_kept() {
        let older = report(
            "a.txt",
            "Januar - Mars 2022",
            "Januar Februar Mars",
            "10 20 30",
            "1 2 *",
        );
        let newer = report(
            "b.txt",
            "Februar - April 2022",
            "Februar Mars April",
            "20 31 40",
            "2 5 *",
        );
        // The order given does not matter: the period's end decides.
        let (dataset, warnings) = Dataset::from_reports(vec![newer, older]).unwrap();
        assert_eq!(
            dataset
                .editions
                .iter()
                .map(|e| e.file.as_str())
                .collect::<Vec<_>>(),
            ["a.txt", "b.txt"]
        );
        assert_eq!(
            value(&dataset, &Area::Total, 2022, 1),
            Some(Cell::Value(10))
        );
        assert_eq!(
            value(&dataset, &Area::Total, 2022, 3),
            Some(Cell::Value(31))
        );
        assert_eq!(value(&dataset, &oslo(), 2022, 3), Some(Cell::Value(5)));
        assert_eq!(value(&dataset, &oslo(), 2022, 4), Some(Cell::Suppressed));
        assert_eq!(value(&dataset, &Area::Total, 2022, 5), None);
        let key = Key {
            measure_group: MeasureGroup::from_title("Oppfølging").unwrap(),
            main_group: MainGroup::ALLE,
            area: Area::Total,
            month: Month::new(2022, 2),
        };
        let (_, observation) = dataset.cells.iter().find(|(k, _)| *k == key).unwrap();
        assert_eq!((observation.edition, observation.line), (1, 6));
        // Two values changed: the total and Oslo in March (`*` → 5 is a revision too).
        let revisions: Vec<(Area, Month, Cell, Option<Cell>)> = dataset
            .revisions
            .iter()
            .map(|r| (r.key.area.clone(), r.key.month, r.old, r.new))
            .collect();
        assert_eq!(
            revisions,
            [
                (
                    Area::Total,
                    Month::new(2022, 3),
                    Cell::Value(30),
                    Some(Cell::Value(31))
                ),
                (
                    oslo(),
                    Month::new(2022, 3),
                    Cell::Suppressed,
                    Some(Cell::Value(5))
                ),
            ]
        );
        assert!(dataset
            .revisions
            .iter()
            .all(|r| (r.old_edition, r.new_edition) == (0, 1)));
        assert_eq!(
            (dataset.editions[0].revised, dataset.editions[1].revised),
            (0, 2)
        );
        assert_eq!(warnings.len(), 2);
        assert!(warnings
            .iter()
            .all(|w| w.kind == Kind::Revision && w.file == "b.txt"));
        assert_eq!(dataset.months().len(), 4);
        assert_eq!(dataset.latest_month(), Some(Month::new(2022, 4)));
    }

    #[test]
    fn a_measure_groups_cells_are_all_its_cells() {
        let (dataset, _) = Dataset::from_reports(vec![report(
            "a.txt",
            "Januar - Februar 2022",
            "Januar Februar",
            "10 20",
            "1 2",
        )])
        .unwrap();
        let by_filter: Vec<&Key> = dataset
            .cells
            .iter()
            .map(|(k, _)| k)
            .filter(|k| k.measure_group == MeasureGroup::from_title("Oppfølging").unwrap())
            .collect();
        let by_range: Vec<&Key> = dataset
            .cells_of(MeasureGroup::from_title("Oppfølging").unwrap())
            .iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(by_range.len(), 4);
        assert_eq!(by_range, by_filter);
        assert_eq!(
            dataset
                .cells_of(MeasureGroup::from_title("Avklaringstiltak").unwrap())
                .len(),
            0
        );
    }

    #[test]
    fn ties_in_period_end_go_to_the_later_file_name() {
        let long = report(
            "2022-b.txt",
            "Januar - Mars 2022",
            "Januar Februar Mars",
            "1 2 3",
            "1 2 3",
        );
        let short = report("2022-a.txt", "Mars 2022 - Mars 2022", "Mars", "9", "9");
        let (dataset, _) = Dataset::from_reports(vec![long, short]).unwrap();
        assert_eq!(dataset.editions[1].file, "2022-b.txt");
        assert_eq!(value(&dataset, &Area::Total, 2022, 3), Some(Cell::Value(3)));
        assert_eq!(dataset.revisions.len(), 2);
        assert_eq!(dataset.revisions[0].old, Cell::Value(9));
    }

    /// A report with an `I alt` row only.
    fn total_only(file: &str, period: &str, months: &str, total: &str) -> Report {
        let text = format!(
            "{period}\n\nOppfølging\n\n\t{}\nI alt\t{}\n",
            months.replace(' ', "\t"),
            total.replace(' ', "\t"),
        );
        crate::report::parse(&SourceFile::from_text(file, &text)).unwrap()
    }

    #[test]
    fn a_row_the_later_report_drops_is_absent_in_its_months() {
        let older = report(
            "a.txt",
            "Januar - Mars 2022",
            "Januar Februar Mars",
            "10 20 30",
            "4 5 6",
        );
        let newer = total_only("b.txt", "Mars - April 2022", "Mars April", "30 40");
        let (dataset, warnings) = Dataset::from_reports(vec![older, newer]).unwrap();
        // Oslo in March: the later report has no Oslo row, so no value, not a stale 6.
        assert_eq!(value(&dataset, &oslo(), 2022, 3), None);
        assert_eq!(value(&dataset, &oslo(), 2022, 2), Some(Cell::Value(5)));
        assert_eq!(
            value(&dataset, &Area::Total, 2022, 3),
            Some(Cell::Value(30))
        );
        assert_eq!(dataset.revisions.len(), 1);
        let r = &dataset.revisions[0];
        assert_eq!(
            (r.key.area.clone(), r.key.month, r.old, r.new),
            (oslo(), Month::new(2022, 3), Cell::Value(6), None)
        );
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.contains("absent"),
            "{}",
            warnings[0].message
        );
        // A row only the later report has is new, not a revision.
        let older = total_only(
            "a.txt",
            "Januar - Mars 2022",
            "Januar Februar Mars",
            "1 2 3",
        );
        let newer = report("b.txt", "Mars - April 2022", "Mars April", "3 4", "1 1");
        let (dataset, _) = Dataset::from_reports(vec![older, newer]).unwrap();
        assert!(dataset.revisions.is_empty());
        assert_eq!(value(&dataset, &oslo(), 2022, 3), Some(Cell::Value(1)));
    }

    fn parsed(file: &str, text: &str) -> Report {
        crate::report::parse(&SourceFile::from_text(file, text)).unwrap()
    }

    #[test]
    fn a_report_on_another_county_structure_revises_nothing_it_does_not_name() {
        // December 2019 on the counties of 2019, then restated on those of 2020.
        let native = parsed(
            "a.txt",
            "Desember 2019\n\nOppfølging\n\n\tDesember\n\
             I alt\t10\nØstfold\t3\nAkershus\t3\nBuskerud\t4\n",
        );
        let restated = parsed(
            "b.txt",
            "Desember 2019 - Januar 2020\n\nOppfølging\n\n\tDesember\tJanuar\n\
             I alt\t10\t11\nViken\t10\t11\n",
        );
        let (dataset, _) = Dataset::from_reports(vec![native.clone(), restated.clone()]).unwrap();
        assert!(dataset.revisions.is_empty(), "{:#?}", dataset.revisions);
        let december = |dataset: &Dataset, code: &str| {
            let area = Area::County(
                crate::dims::Classification::standard()
                    .county(code)
                    .unwrap(),
            );
            value(dataset, &area, 2019, 12)
        };
        for (code, expected) in [("01", 3), ("02", 3), ("06", 4), ("30", 10)] {
            assert_eq!(
                december(&dataset, code),
                Some(Cell::Value(expected)),
                "{code}"
            );
        }
        // Another report on the counties of the month speaks for them, and drops Buskerud;
        // Viken, of another structure, stands.
        let later = parsed(
            "c.txt",
            "November - Desember 2019\n\nOppfølging\n\n\tNovember\tDesember\n\
             I alt\t9\t10\nØstfold\t3\t3\nAkershus\t3\t5\n",
        );
        let all = vec![native, restated, later];
        let (dataset, warnings) = Dataset::from_reports(all).unwrap();
        let revised: Vec<(&str, Cell, Option<Cell>)> = dataset
            .revisions
            .iter()
            .map(|r| (r.key.area.code(), r.old, r.new))
            .collect();
        assert_eq!(
            revised,
            [
                ("02", Cell::Value(3), Some(Cell::Value(5))),
                ("06", Cell::Value(4), None)
            ]
        );
        assert_eq!(warnings.len(), 2);
        assert_eq!(december(&dataset, "30"), Some(Cell::Value(10)));
        assert_eq!(december(&dataset, "06"), None);
    }

    #[test]
    fn two_files_with_one_period_are_an_error_naming_both() {
        let a = report(
            "a.txt",
            "Januar - Mars 2022",
            "Januar Februar Mars",
            "1 2 3",
            "1 2 3",
        );
        let c = report(
            "c.txt",
            "Januar - Mars 2022",
            "Januar Februar Mars",
            "1 2 3",
            "1 2 3",
        );
        let errors = Dataset::from_reports(vec![c.clone(), a.clone()]).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].kind, Kind::DuplicatePeriod);
        assert_eq!(errors[0].file, "c.txt");
        assert!(
            errors[0].message.contains("`a.txt`"),
            "{}",
            errors[0].message
        );
        // A file with the same end but another start sorts between the two: still an error.
        let b = report("b.txt", "Februar - Mars 2022", "Februar Mars", "2 3", "2 3");
        let errors = Dataset::from_reports(vec![c, b, a]).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].file, "c.txt");
        assert!(
            errors[0].message.contains("`a.txt`"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn series_and_labels_follow_the_reports() {
        let a = report(
            "a.txt",
            "Januar - Mars 2022",
            "Januar Februar Mars",
            "1 2 3",
            "* 2 3",
        );
        let (dataset, _) = Dataset::from_reports(vec![a]).unwrap();
        let series: Vec<(Month, Cell)> = dataset
            .series(
                MeasureGroup::from_title("Oppfølging").unwrap(),
                MainGroup::ALLE,
                &oslo(),
            )
            .collect();
        assert_eq!(
            series,
            [
                (Month::new(2022, 1), Cell::Suppressed),
                (Month::new(2022, 2), Cell::Value(2)),
                (Month::new(2022, 3), Cell::Value(3)),
            ]
        );
        assert_eq!(dataset.areas(), [Area::Total, oslo()]);
        assert_eq!(
            dataset.measure_groups(),
            [MeasureGroup::from_title("Oppfølging").unwrap()]
        );
        assert_eq!(
            dataset.main_groups(MeasureGroup::from_title("Oppfølging").unwrap()),
            [MainGroup::ALLE]
        );
        assert_eq!(
            dataset.main_groups(MeasureGroup::from_title("Opplæring").unwrap()),
            []
        );
    }
}
