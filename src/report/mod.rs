//! One report file, read exactly as published: its notes and its tables, with positions.
//!
//! [`parse`] turns a decoded [`SourceFile`](crate::source::SourceFile) into a [`Report`]; the
//! [`model`](crate::model) merges reports into series. Nothing here knows about other files.

mod cell;
mod parse;

pub use cell::{parse_cell, Cell, CellError};
pub use parse::{parse, parse_with, ERRORS_KEPT};

use crate::diagnostic::Diagnostic;
use crate::dims::{Area, MainGroup, MeasureGroup, Month, Period};

/// A report file, parsed.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file name relative to the content folder.
    pub file: String,
    /// The encoding the file's bytes were read as (`UTF-8`, `windows-1252`, …), which
    /// `tiltak build --verbose` names: a publisher should know when a file was not UTF-8.
    pub encoding: &'static str,
    /// The report's title (`Deltakere i arbeidsrettede tiltak. …`), when the file states one.
    pub title: Option<String>,
    /// The months the report covers: from the first month of any table to the last.
    pub period: Period,
    /// The paragraphs of the `Om tabellene` block, which belong on the site.
    pub notes: Vec<String>,
    /// The tables, in file order.
    pub tables: Vec<Table>,
    /// Problems that do not stop the build (unknown county names, …).
    pub warnings: Vec<Diagnostic>,
}

/// One table: a measure group for one main group, counties by month.
#[derive(Debug, Clone)]
pub struct Table {
    /// The measure group the title names.
    pub measure_group: MeasureGroup,
    /// The main group the title names (`Alle` for the totals).
    pub main_group: MainGroup,
    /// The title as written, wrapped lines joined with spaces.
    pub title: String,
    /// 1-based line number of the title's first line.
    pub line: usize,
    /// 1-based line number of the header row (the month names).
    pub header_line: usize,
    /// The months of the header row, in order.
    pub months: Vec<Month>,
    /// The rows, in file order; a county with no participants may be missing.
    pub rows: Vec<Row>,
}

/// One row of a table: an area and one cell per month of the header.
#[derive(Debug, Clone)]
pub struct Row {
    /// The label exactly as written (trimmed), e.g. `Nordland - Nordlånnda`.
    pub label: String,
    /// What the label names.
    pub area: Area,
    /// 1-based line number.
    pub line: usize,
    /// One cell per header month; `None` where the report has no value (`-` or an empty
    /// cell), which is absent, not zero.
    pub cells: Vec<Option<Cell>>,
}

impl Table {
    /// The `I alt` row, if the table has one.
    pub fn total(&self) -> Option<&Row> {
        self.rows.iter().find(|r| r.area == Area::Total)
    }

    /// Every (row, month, cell) of the table that has a value.
    pub fn cells(&self) -> impl Iterator<Item = (&Row, Month, Cell)> {
        self.rows.iter().flat_map(move |row| {
            self.months
                .iter()
                .zip(&row.cells)
                .filter_map(move |(m, c)| c.map(|c| (row, *m, c)))
        })
    }
}

impl Report {
    /// The number of cells with a value in all tables.
    pub fn cell_count(&self) -> usize {
        self.tables
            .iter()
            .flat_map(|t| &t.rows)
            .map(|r| r.cells.iter().flatten().count())
            .sum()
    }
}
