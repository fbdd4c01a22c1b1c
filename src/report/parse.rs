//! The report parser: a line classifier and a small state machine over paragraphs.
//!
//! A report is a spreadsheet saved as tab-separated text. Lines are blank, text (title,
//! notes, period), a header row (empty first cell, then month names) or a data row (label,
//! then cells). A table is the header row with the text paragraphs before it as its head and
//! the data rows after it as its body; it ends at the first blank or text line.

use super::{parse_cell, Report, Row, Table};
use crate::diagnostic::{Diagnostic, Kind};
use crate::dims::{fold, Area, MainGroup, MeasureGroup, Month, Period};
use crate::source::SourceFile;

/// The subtitles that introduce the two kinds of table; they are head lines, not titles.
const SUBTITLES: [&str; 2] = [
    "Fylke og tiltaksgruppe",
    "Fylke, hovedgrupper og tiltaksgrupper",
];
/// The heading of the notes block at the start of a report.
const NOTES_HEADING: &str = "Om tabellene";

const EXPECTED_CELL: &str = "a number (with a space between thousands) or `*`";

/// Parses a decoded report file.
///
/// Returns every error in the file, not just the first; warnings travel in
/// [`Report::warnings`]. Never panics, whatever the text.
pub fn parse(file: &SourceFile) -> Result<Report, Vec<Diagnostic>> {
    let mut parser = Parser {
        file,
        errors: Vec::new(),
        warnings: Vec::new(),
        title: None,
        notes: Vec::new(),
        period: None,
        seen_text: false,
        tables: Vec::new(),
    };
    parser.run();
    let Parser {
        errors,
        warnings,
        title,
        notes,
        tables,
        ..
    } = parser;
    let period = tables
        .iter()
        .flat_map(|t| t.months.first().zip(t.months.last()))
        .fold(None, |acc: Option<Period>, (first, last)| match acc {
            None => Some(Period {
                start: *first,
                end: *last,
            }),
            Some(p) => Some(Period {
                start: p.start.min(*first),
                end: p.end.max(*last),
            }),
        });
    match period {
        Some(period) if errors.is_empty() => Ok(Report {
            file: file.name.clone(),
            title,
            period,
            notes,
            tables,
            warnings,
        }),
        None if errors.is_empty() => Err(vec![Diagnostic::error(
            Kind::NoTables,
            &file.name,
            0,
            0,
            "the file holds no table",
        )
        .expected(
            "at least one table: a title, a header row of month names, and rows of counties",
        )]),
        _ => Err(errors),
    }
}

#[derive(Clone, Copy)]
struct Line<'a> {
    /// 1-based line number.
    no: usize,
    /// Byte offset of the line in the file's text.
    start: usize,
    text: &'a str,
}

enum LineKind {
    Blank,
    Text,
    Header,
    Row,
}

fn classify(text: &str) -> LineKind {
    if text.trim().is_empty() {
        return LineKind::Blank;
    }
    let Some((first, rest)) = text.split_once('\t') else {
        return LineKind::Text;
    };
    // A spreadsheet pads text lines with tabs; only a line with cells is a row.
    if rest.split('\t').all(|c| c.trim().is_empty()) {
        LineKind::Text
    } else if first.trim().is_empty() {
        LineKind::Header
    } else {
        LineKind::Row
    }
}

/// The tab-separated cells of a line with their byte offsets in the line.
fn cells(text: &str) -> Vec<(usize, &str)> {
    let mut offset = 0;
    text.split('\t')
        .map(|cell| {
            let at = offset;
            offset += cell.len() + 1;
            (at, cell)
        })
        .collect()
}

type Paragraph<'a> = Vec<Line<'a>>;

fn joined(paragraph: &[Line]) -> String {
    paragraph
        .iter()
        .map(|l| l.text.trim())
        .collect::<Vec<_>>()
        .join(" ")
}

fn period_of(paragraph: &[Line]) -> Option<Period> {
    match paragraph {
        [line] => Period::parse(line.text.trim()),
        _ => None,
    }
}

/// A table whose rows are still being read.
struct Building<'a> {
    key: Option<(MeasureGroup, MainGroup)>,
    title: String,
    title_line: usize,
    header: Line<'a>,
    /// The header's months; `None` where a header cell was not a month of the period.
    months: Vec<Option<Month>>,
    rows: Vec<Row>,
    row_errors: bool,
}

struct Parser<'f> {
    file: &'f SourceFile,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    title: Option<String>,
    notes: Vec<String>,
    /// The period line most recently seen.
    period: Option<Period>,
    /// Whether any text paragraph has been read (the first one is the report's title).
    seen_text: bool,
    tables: Vec<Table>,
}

impl<'f> Parser<'f> {
    fn run(&mut self) {
        let text = std::sync::Arc::clone(&self.file.text);
        let mut offset = 0;
        let lines = text.split('\n').enumerate().map(|(index, text)| {
            let line = Line {
                no: index + 1,
                start: offset,
                text,
            };
            offset += text.len() + 1;
            line
        });
        let mut head: Vec<Paragraph> = Vec::new();
        let mut paragraph: Paragraph = Vec::new();
        let mut table: Option<Building> = None;
        let mut orphan_reported = false;
        for line in lines {
            match classify(line.text) {
                LineKind::Blank | LineKind::Text => {
                    if let Some(done) = table.take() {
                        self.finish(done);
                    }
                    orphan_reported = false;
                    if matches!(classify(line.text), LineKind::Text) {
                        paragraph.push(line);
                    } else if !paragraph.is_empty() {
                        head.push(std::mem::take(&mut paragraph));
                    }
                }
                LineKind::Header => {
                    if let Some(done) = table.take() {
                        self.finish(done);
                    }
                    if !paragraph.is_empty() {
                        head.push(std::mem::take(&mut paragraph));
                    }
                    table = Some(self.start(std::mem::take(&mut head), line));
                }
                LineKind::Row => match table.as_mut() {
                    Some(building) => self.row(building, line),
                    None if !orphan_reported => {
                        orphan_reported = true;
                        let error = self
                            .error(Kind::RowOutsideTable, line, 0, line.text.len(), "a row of numbers with no header row above it")
                            .expected("a header row (an empty first cell, then month names) between the table's title and its rows");
                        self.errors.push(error);
                    }
                    None => {}
                },
            }
        }
        if let Some(done) = table.take() {
            self.finish(done);
        }
        if !paragraph.is_empty() {
            head.push(paragraph);
        }
        self.trailing(head);
    }

    fn error(
        &self,
        kind: Kind,
        line: Line,
        at: usize,
        len: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.positioned(
            Diagnostic::error(kind, &self.file.name, line.no, 0, message),
            line,
            at,
            len,
        )
    }

    fn warning(
        &self,
        kind: Kind,
        line: Line,
        at: usize,
        len: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.positioned(
            Diagnostic::warning(kind, &self.file.name, line.no, 0, message),
            line,
            at,
            len,
        )
    }

    /// Sets the column (in characters) and the span of a diagnostic from a byte offset in a line.
    fn positioned(
        &self,
        mut diagnostic: Diagnostic,
        line: Line,
        at: usize,
        len: usize,
    ) -> Diagnostic {
        let at = at.min(line.text.len());
        diagnostic.col =
            crate::diagnostic::saturate(line.text.get(..at).map_or(at, |s| s.chars().count()) + 1);
        diagnostic.with_span(
            &self.file.text,
            line.start + at,
            len.min(line.text.len() - at),
        )
    }

    /// Reads the head lines before a table's own title: the report title, subtitles, period
    /// lines and the notes block.
    fn read_prefix(&mut self, paragraphs: &[Paragraph]) {
        let mut in_notes = false;
        for paragraph in paragraphs {
            let text = joined(paragraph);
            let first = !self.seen_text;
            self.seen_text = true;
            if let Some(period) = period_of(paragraph) {
                self.period = Some(period);
            } else if fold(&text) == fold(NOTES_HEADING) {
                in_notes = true;
            } else if first {
                self.title = Some(text);
            } else if self.title.as_deref() == Some(text.as_str())
                || SUBTITLES.iter().any(|s| fold(s) == fold(&text))
            {
                in_notes = false;
            } else if in_notes {
                self.notes.push(text);
            }
        }
    }

    /// Text after the last table: the notes block of a file with notes at the end, or stray text.
    fn trailing(&mut self, head: Vec<Paragraph>) {
        let notes_before = self.notes.len();
        let has_heading = head.iter().any(|p| fold(&joined(p)) == fold(NOTES_HEADING));
        self.read_prefix(&head);
        if !has_heading && self.notes.len() == notes_before && !self.tables.is_empty() {
            let stray = head.iter().find(|p| {
                let text = joined(p);
                period_of(p).is_none()
                    && self.title.as_deref() != Some(text.as_str())
                    && !SUBTITLES.iter().any(|s| fold(s) == fold(&text))
            });
            if let Some(paragraph) = stray {
                let line = paragraph[0];
                let warning = self.warning(
                    Kind::StrayText,
                    line,
                    0,
                    line.text.len(),
                    "text after the last table, which belongs to no table, is left out",
                );
                self.warnings.push(warning);
            }
        }
    }

    fn start<'a>(&mut self, head: Vec<Paragraph<'a>>, header: Line<'a>) -> Building<'a> {
        let period_at = head.iter().rposition(|p| period_of(p).is_some());
        let (prefix, title_paragraphs) = match period_at {
            Some(at) => (&head[..=at], &head[at + 1..]),
            None => head.split_at(head.len().saturating_sub(1)),
        };
        self.read_prefix(prefix);
        let title_lines: Vec<Line> = title_paragraphs.iter().flatten().copied().collect();
        let title = joined(&title_lines);
        let mut building = Building {
            key: None,
            title: title.clone(),
            title_line: title_lines.first().map_or(header.no, |l| l.no),
            header,
            months: Vec::new(),
            rows: Vec::new(),
            row_errors: false,
        };
        match title_lines.first() {
            None => {
                let error = self
                    .error(Kind::NoTitle, header, 0, 0, "a header row with no table title above it")
                    .expected("the table's title (such as `Avklaringstiltak`) between the period line and the header row");
                self.errors.push(error);
            }
            Some(first) => {
                let (main_group, rest) = MainGroup::split_title(&title);
                match MeasureGroup::from_title(rest) {
                    Some(measure_group) => building.key = Some((measure_group, main_group)),
                    None => {
                        let names = MeasureGroup::ALL.map(|m| m.name()).join(", ");
                        let error = self
                            .error(
                                Kind::UnknownMeasureGroup,
                                *first,
                                0,
                                first.text.len(),
                                format!("the table title `{title}` names no known measure group"),
                            )
                            .expected(format!("a title naming one of: {names}"));
                        self.errors.push(error);
                    }
                }
            }
        }
        let period = match self.period {
            Some(period) => period,
            None => {
                let error = self
                    .error(
                        Kind::NoPeriod,
                        header,
                        0,
                        0,
                        "a table with no period line before it",
                    )
                    .expected("a line such as `Januar - Desember 2022` before the table's title");
                self.errors.push(error);
                // Read the rows anyway, so their errors are reported too.
                Period {
                    start: Month::new(0, 1),
                    end: Month::new(0, 12),
                }
            }
        };
        building.months = self.header_months(header, period);
        building
    }

    fn header_months(&mut self, header: Line, period: Period) -> Vec<Option<Month>> {
        let mut cells = cells(header.text);
        while cells.last().is_some_and(|(_, c)| c.trim().is_empty()) {
            cells.pop();
        }
        let period_months: Vec<Month> = period.months().collect();
        let mut next = 0;
        let mut months = Vec::new();
        for (at, cell) in cells.into_iter().skip(1) {
            let name = cell.trim();
            let lead = cell.len() - cell.trim_start().len();
            let month = match Month::number_from_name(name) {
                None => {
                    let found = if name.is_empty() {
                        "an empty header cell".to_string()
                    } else {
                        format!("`{name}` in the header row, which is not a month")
                    };
                    let error = self
                        .error(Kind::BadMonth, header, at + lead, name.len(), found)
                        .expected("a Norwegian month name (Januar, Februar, … Desember) in every header cell");
                    self.errors.push(error);
                    None
                }
                Some(number) => {
                    match period_months[next.min(period_months.len())..]
                        .iter()
                        .position(|m| m.month == number)
                    {
                        Some(offset) => {
                            next += offset + 1;
                            Some(period_months[next - 1])
                        }
                        None => {
                            let error = self
                            .error(Kind::BadMonth, header, at + lead, name.len(), format!("`{name}` is repeated, out of order or outside the period {}", period.label()))
                            .expected("months in calendar order, each once, within the report's period");
                            self.errors.push(error);
                            None
                        }
                    }
                }
            };
            months.push(month);
        }
        months
    }

    fn row(&mut self, building: &mut Building, line: Line) {
        let mut cells = cells(line.text);
        let (_, label_cell) = cells.remove(0);
        let label = label_cell.trim().to_string();
        let wanted = building.months.len();
        while cells.len() > wanted && cells.last().is_some_and(|(_, c)| c.trim().is_empty()) {
            cells.pop();
        }
        if cells.len() != wanted {
            let at = cells.get(wanted).map_or(line.text.len(), |(at, _)| *at);
            let error = self
                .error(
                    Kind::CellCount,
                    line,
                    at,
                    line.text.len() - at.min(line.text.len()),
                    format!("the row `{label}` has {} cells, but the header row (line {}) has {wanted} months", cells.len(), building.header.no),
                )
                .expected(format!("{wanted} cells, one per month: {EXPECTED_CELL}"));
            self.errors.push(error);
            building.row_errors = true;
            return;
        }
        let mut values = Vec::with_capacity(wanted);
        for (at, cell) in cells {
            match parse_cell(cell) {
                Ok(value) => values.push(value),
                Err(problem) => {
                    let lead = cell.len() - cell.trim_start().len();
                    let error = self
                        .error(
                            Kind::BadCell,
                            line,
                            at + lead,
                            cell.trim().len(),
                            format!("{problem} in the row `{label}`"),
                        )
                        .expected(EXPECTED_CELL);
                    self.errors.push(error);
                    building.row_errors = true;
                }
            }
        }
        if values.len() != wanted {
            return;
        }
        let area = Area::from_label(&label);
        if let Some(other) = building.rows.iter().find(|r| r.area == area) {
            let error = self
                .error(
                    Kind::DuplicateRow,
                    line,
                    0,
                    label_cell.len(),
                    format!(
                        "`{label}` is the same area as `{}` on line {}",
                        other.label, other.line
                    ),
                )
                .expected("each area once per table");
            self.errors.push(error);
            return;
        }
        if let Area::Other(_) = area {
            let warning = self
                .warning(Kind::UnknownCounty, line, 0, label_cell.len(), format!("`{label}` is not a county this program knows; it is kept as an area of its own"))
                .expected("a county name such as `Nordland` or `Nordland - Nordlánnda`, `Øvrige områder` or `Ukjent`");
            self.warnings.push(warning);
        }
        building.rows.push(Row {
            label,
            area,
            line: line.no,
            cells: values,
        });
    }

    fn finish(&mut self, building: Building) {
        let Some((measure_group, main_group)) = building.key else {
            return;
        };
        let Some(months) = building
            .months
            .iter()
            .copied()
            .collect::<Option<Vec<Month>>>()
        else {
            return;
        };
        if building.row_errors {
            return;
        }
        if let Some(first) = self
            .tables
            .iter()
            .find(|t| t.measure_group == measure_group && t.main_group == main_group)
        {
            let line = building.header;
            let error = self
                .error(Kind::DuplicateTable, line, 0, 0, format!("a second table for {measure_group} ({main_group}); the first is at line {}", first.line))
                .expected("each measure group and main group once per report");
            self.errors.push(error);
            return;
        }
        if !building.rows.iter().any(|r| r.area == Area::Total) {
            let line = building.header;
            let warning = self
                .warning(Kind::MissingTotal, line, 0, 0, format!("the table `{}` has no `I alt` row, so its counties cannot be checked against a total", building.title))
                .expected("a first row `I alt …` with the national total");
            self.warnings.push(warning);
        }
        self.tables.push(Table {
            measure_group,
            main_group,
            title: building.title,
            line: building.title_line,
            months,
            rows: building.rows,
        });
    }
}
