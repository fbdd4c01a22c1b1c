//! The report parser: a line classifier and a small state machine over paragraphs.
//!
//! A report is a spreadsheet saved as tab-separated text. Lines are blank, text (title,
//! notes, period), a header row (empty first cell, then month names) or a data row (label,
//! then cells). A table is the header row with the text paragraphs before it as its head and
//! the data rows after it as its body; it ends at the first blank or text line.

use super::{parse_cell, Cell, CellError, Report, Row, Table};
use crate::diagnostic::{Diagnostic, Kind};
use crate::dims::{folded_eq, Area, Classification, Label, MainGroup, MeasureGroup, Month, Period};
use crate::source::SourceFile;

/// The subtitles that introduce the two kinds of table; they are head lines, not titles.
const SUBTITLES: [&str; 2] = [
    "Fylke og tiltaksgruppe",
    "Fylke, hovedgrupper og tiltaksgrupper",
];
/// The heading of the notes block at the start of a report.
const NOTES_HEADING: &str = "Om tabellene";

const EXPECTED_CELL: &str =
    "a number (with a space between thousands), `*`, or `-` or nothing for no value";

/// Parses a decoded report file with the standard classification.
///
/// Returns every error in the file, not just the first, up to [`ERRORS_KEPT`]: past that
/// one more error says how many others were found. Warnings travel in
/// [`Report::warnings`]. Never panics, whatever the text.
pub fn parse(file: &SourceFile) -> Result<Report, Vec<Diagnostic>> {
    parse_with(file, Classification::standard())
}

/// Parses a decoded report file with a classification (the standard one, or the standard one
/// extended by the publisher's `tiltak.toml`).
pub fn parse_with(
    file: &SourceFile,
    classification: &Classification,
) -> Result<Report, Vec<Diagnostic>> {
    let mut parser = Parser {
        file,
        classification,
        warned_labels: std::collections::HashSet::new(),
        errors: Vec::new(),
        unlisted: 0,
        warnings: Vec::new(),
        title: None,
        notes: Vec::new(),
        period: None,
        seen_text: false,
        tables: Vec::new(),
        areas: std::collections::HashMap::new(),
    };
    parser.run();
    if parser.unlisted > 0 {
        let more = Diagnostic::error(
            Kind::TooManyErrors,
            &file.name,
            0,
            0,
            format!(
                "{} more errors were found in this file and are not listed",
                parser.unlisted
            ),
        )
        .expected("the listed errors fixed first; the others are likely of the same kind");
        parser.errors.push(more);
    }
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
            encoding: file.encoding,
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

/// The largest offset no greater than `at` (nor than the text's length) that starts a
/// character of `text`.
fn boundary_at_or_before(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The tab-separated cells of a line with their byte offsets in the line.
fn cells(text: &str) -> Vec<(usize, &str)> {
    // A label and twelve months: one allocation for a whole row.
    let mut cells = Vec::with_capacity(14);
    let mut offset = 0;
    for cell in text.split('\t') {
        cells.push((offset, cell));
        offset += cell.len() + 1;
    }
    cells
}

type Paragraph<'a> = Vec<Line<'a>>;

fn joined(paragraph: &[Line]) -> String {
    paragraph
        .iter()
        .map(|l| l.text.trim())
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_subtitle(text: &str) -> bool {
    SUBTITLES.iter().any(|s| folded_eq(s, text))
}

fn period_of(paragraph: &[Line]) -> Option<Period> {
    match paragraph {
        [line] => Period::parse(line.text.trim()),
        _ => None,
    }
}

/// Reads a cell: a number or `*`, or `None` for `-` or an empty cell, which NAV writes where
/// there is no value (typically a county that did not exist yet): absent, not zero.
fn read_cell(text: &str) -> Result<Option<Cell>, CellError> {
    match text.trim() {
        "-" | "–" | "—" => Ok(None),
        _ => match parse_cell(text) {
            Err(CellError::Empty) => Ok(None),
            other => other.map(Some),
        },
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
    /// Each area read so far, with its row's index: a table can be long, and looking a
    /// label up in the rows before it would make reading it quadratic.
    seen: std::collections::HashMap<Area, usize>,
    row_errors: bool,
}

/// How many errors of one file are kept. A file of a hundred thousand broken rows has
/// millions; kept, they would take gigabytes, and nobody reads past the first screens.
pub const ERRORS_KEPT: usize = 10_000;

struct Parser<'f> {
    file: &'f SourceFile,
    classification: &'f Classification,
    /// Labels already warned about as counties that did not exist in their months: one
    /// warning per label and file, not one per cell.
    warned_labels: std::collections::HashSet<String>,
    errors: Vec<Diagnostic>,
    /// How many errors were found past [`ERRORS_KEPT`].
    unlisted: usize,
    warnings: Vec<Diagnostic>,
    title: Option<String>,
    notes: Vec<String>,
    /// The period line most recently seen.
    period: Option<Period>,
    /// Whether any text paragraph has been read (the first one is the report's title).
    seen_text: bool,
    tables: Vec<Table>,
    /// Labels already recognised: a report repeats the same twenty labels in every table.
    areas: std::collections::HashMap<String, Label>,
}

impl<'f> Parser<'f> {
    /// Keeps an error, or only counts it once [`ERRORS_KEPT`] are kept.
    fn push_error(&mut self, error: Diagnostic) {
        if self.errors.len() < ERRORS_KEPT {
            self.errors.push(error);
        } else {
            self.unlisted += 1;
        }
    }

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
            let kind = classify(line.text);
            match kind {
                // A county row with every cell empty reads as a text line padded with tabs;
                // inside a table it is a row with no values, not the table's end.
                LineKind::Text if table.is_some() && self.is_empty_row(line.text) => {}
                LineKind::Blank | LineKind::Text => {
                    if let Some(done) = table.take() {
                        self.finish(done);
                    }
                    orphan_reported = false;
                    if matches!(kind, LineKind::Text) {
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
                        self.push_error(error);
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
        // Offsets come from splitting and trimming the line, so they lie on character
        // boundaries; they are still moved onto one here, so that no offset computed wrongly
        // can ever slice a character in two when the line is shown.
        let at = boundary_at_or_before(line.text, at);
        let end = boundary_at_or_before(line.text, at.saturating_add(len));
        diagnostic.col = crate::diagnostic::saturate(line.text[..at].chars().count() + 1);
        diagnostic.with_span(&self.file.text, line.start + at, end - at)
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
            } else if folded_eq(&text, NOTES_HEADING) {
                in_notes = true;
            } else if is_subtitle(&text) {
                // Checked before `first`: a file can start at a subtitle, with no report title.
                in_notes = false;
            } else if first {
                if !self.classification.accepts_title(&text) {
                    let line = paragraph[0];
                    let accepted = self
                        .classification
                        .report_titles()
                        .iter()
                        .map(|t| format!("«{t}»"))
                        .collect::<Vec<_>>()
                        .join(" or ");
                    let error = self
                        .error(
                            Kind::OtherReportFamily,
                            line,
                            0,
                            line.text.len(),
                            format!(
                                "the report's title `{text}` is that of another family of reports"
                            ),
                        )
                        .expected(format!("a report whose title begins with {accepted}"));
                    self.push_error(error);
                }
                self.title = Some(text);
            } else if self.title.as_deref() == Some(text.as_str()) {
                in_notes = false;
            } else if in_notes {
                self.notes.push(text);
            }
        }
    }

    /// Text after the last table: the notes block of a file with notes at the end, or stray text.
    fn trailing(&mut self, head: Vec<Paragraph>) {
        let notes_before = self.notes.len();
        let has_heading = head.iter().any(|p| folded_eq(&joined(p), NOTES_HEADING));
        self.read_prefix(&head);
        if !has_heading && self.notes.len() == notes_before && !self.tables.is_empty() {
            let stray = head.iter().find(|p| {
                let text = joined(p);
                period_of(p).is_none()
                    && self.title.as_deref() != Some(text.as_str())
                    && !is_subtitle(&text)
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

    /// Whether a paragraph is one of the lines that come before a table's own title: a period,
    /// a subtitle, the notes heading or the report title.
    fn is_head_line(&self, paragraph: &[Line]) -> bool {
        let text = joined(paragraph);
        period_of(paragraph).is_some()
            || folded_eq(&text, NOTES_HEADING)
            || is_subtitle(&text)
            || self.title.as_deref() == Some(text.as_str())
    }

    fn start<'a>(&mut self, head: Vec<Paragraph<'a>>, header: Line<'a>) -> Building<'a> {
        // The title is what follows the last head line. When other text comes between the two
        // (the notes block of a table with no period line of its own), the title is the
        // longest run of paragraphs before the header that names a measure group.
        let after_head = match head.iter().rposition(|p| self.is_head_line(p)) {
            Some(at) => at + 1,
            // The first paragraph of a file is the report's title.
            None if !self.seen_text && head.len() > 1 => 1,
            None => 0,
        };
        let classification = self.classification;
        let names_measure_group = |paragraphs: &[Paragraph]| {
            let lines: Vec<Line> = paragraphs.iter().flatten().copied().collect();
            let title = joined(&lines);
            classification
                .measure_group(classification.split_title(&title).1)
                .is_some()
        };
        // A title naming a group the classification does not know is the last paragraph.
        let title_at = (after_head..head.len())
            .find(|at| names_measure_group(&head[*at..]))
            .unwrap_or_else(|| head.len().saturating_sub(1).max(after_head));
        let (prefix, title_paragraphs) = head.split_at(title_at);
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
            seen: std::collections::HashMap::new(),
            row_errors: false,
        };
        match title_lines.first() {
            None => {
                let error = self
                    .error(Kind::NoTitle, header, 0, 0, "a header row with no table title above it")
                    .expected("the table's title (such as `Avklaringstiltak`) between the period line and the header row");
                self.push_error(error);
            }
            Some(first) => {
                let (read, unknown) = self.classification.read_title(&title);
                building.key = Some((read.measure_group, read.main_group));
                // A group the classification does not know is a series of its own, and the
                // publisher is told once per file.
                for (what, name) in unknown {
                    if !self.warned_labels.insert(format!("{what}\u{0}{name}")) {
                        continue;
                    }
                    let known: Vec<&str> = if what == "main group" {
                        self.classification
                            .main_groups()
                            .iter()
                            .map(|g| g.name())
                            .collect()
                    } else {
                        self.classification
                            .measure_groups()
                            .iter()
                            .map(|g| g.name())
                            .collect()
                    };
                    let warning = self
                        .warning(
                            Kind::UnknownGroup,
                            *first,
                            0,
                            first.text.len(),
                            format!("the table title `{title}` names a {what} this program does not know, `{name}`; it is published as a series of its own"),
                        )
                        .expected(format!("a {what} of the classification ({}), or one added to `tiltak.toml` in the content folder", known.join(", ")));
                    self.warnings.push(warning);
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
                self.push_error(error);
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
                    self.push_error(error);
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
                            self.push_error(error);
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
        let all = cells(line.text);
        let Some((&(_, label_cell), mut cells)) = all.split_first() else {
            return;
        };
        let label = label_cell.trim().to_string();
        let wanted = building.months.len();
        while cells.len() > wanted && cells.last().is_some_and(|(_, c)| c.trim().is_empty()) {
            cells = &cells[..cells.len() - 1];
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
            self.push_error(error);
            building.row_errors = true;
            return;
        }
        let mut values: Vec<Option<Cell>> = Vec::with_capacity(wanted);
        for &(at, cell) in cells {
            match read_cell(cell) {
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
                    self.push_error(error);
                    building.row_errors = true;
                }
            }
        }
        if values.len() != wanted {
            return;
        }
        let read = match self.areas.get(label.as_str()) {
            Some(read) => read.clone(),
            None => {
                let read = Label::read(&label, self.classification);
                self.areas.insert(label.clone(), read.clone());
                read
            }
        };
        if matches!(read, Label::Fixed(Area::Other(_))) && self.warned_labels.insert(label.clone())
        {
            let warning = self
                .warning(Kind::UnknownCounty, line, 0, label_cell.len(), format!("`{label}` is not a county this program knows; it is kept as an area of its own"))
                .expected("a county name such as `Nordland` or `Nordland - Nordlánnda`, `Øvrige områder` or `Ukjent`, or a county added in `tiltak.toml`");
            self.warnings.push(warning);
        }
        // The month decides which county the label means: a row of a report across a reform
        // can hold two counties of one name. Each gets a row of its own, with only its cells.
        let mut rows: Vec<(Area, Vec<Option<Cell>>)> = Vec::new();
        let mut missing: Vec<Month> = Vec::new();
        for (index, value) in values.iter().enumerate() {
            let (Some(value), Some(month)) = (value, building.months[index]) else {
                continue;
            };
            let (area, existed) = read.in_year(month.year);
            if !existed {
                missing.push(month);
            }
            let at = match rows.iter().position(|(a, _)| *a == area) {
                Some(at) => at,
                None => {
                    rows.push((area, vec![None; wanted]));
                    rows.len() - 1
                }
            };
            rows[at].1[index] = Some(*value);
        }
        if let (Some(first), Some(last)) = (missing.first(), missing.last()) {
            if self.warned_labels.insert(label.clone()) {
                let names: Vec<String> = rows
                    .iter()
                    .map(|(a, _)| format!("{} ({})", a.name_with_years(), a.code()))
                    .collect();
                let months = if first == last {
                    first.to_string()
                } else {
                    format!("{first}–{last}")
                };
                let warning = self
                    .warning(
                        Kind::CountyNotInMonth,
                        line,
                        0,
                        label_cell.len(),
                        format!("`{label}` names no county that existed in {months}; its numbers are kept under {}", names.join(" and ")),
                    )
                    .expected("county names of the structure of each month (see the county table in README), or a county added in `tiltak.toml`");
                self.warnings.push(warning);
            }
        }
        for (area, cells) in rows {
            if let Some(other) = building.seen.get(&area).map(|&i| &building.rows[i]) {
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
                self.push_error(error);
                return;
            }
            building.seen.insert(area.clone(), building.rows.len());
            building.rows.push(Row {
                label: label.clone(),
                area,
                line: line.no,
                cells,
            });
        }
    }

    /// Whether a line that reads as text is a row whose every cell is empty: a tab after a
    /// label that names an area.
    fn is_empty_row(&self, text: &str) -> bool {
        match text.split_once('\t') {
            Some((label, _)) if !label.trim().is_empty() => !matches!(
                Label::read(label, self.classification),
                Label::Fixed(Area::Other(_))
            ),
            _ => false,
        }
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
            self.push_error(error);
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
            header_line: building.header.no,
            months,
            rows: building.rows,
        });
    }
}

#[cfg(test)]
mod tests {
    //! One test per trap of the format (see `shared/report-format.md`), each on a small
    //! hand-written report.

    use super::parse;
    use crate::diagnostic::{Diagnostic, Kind, Severity};
    use crate::dims::{Area, MainGroup, MeasureGroup, Month};
    use crate::report::{Cell, Report, Table};
    use crate::source::SourceFile;

    const REPORT_TITLE: &str =
        "Deltakere i arbeidsrettede tiltak. Tiltaksgruppe og fylke. Tidsserie måned";
    const PERIOD: &str = "Januar - Desember 2022";
    const YEAR_HEADER: &str =
        "\tJanuar\tFebruar\tMars\tApril\tMai\tJuni\tJuli\tAugust\tSeptember\tOktober\tNovember\tDesember";

    fn file(text: &str) -> SourceFile {
        SourceFile::from_text("rapport.txt", text)
    }

    fn read(text: &str) -> Report {
        match parse(&file(text)) {
            Ok(report) => report,
            Err(errors) => panic!("expected a report, got errors: {errors:#?}"),
        }
    }

    fn problems(text: &str) -> Vec<Diagnostic> {
        match parse(&file(text)) {
            Ok(report) => panic!("expected errors, got {} tables", report.tables.len()),
            Err(errors) => errors,
        }
    }

    /// A row of twelve cells, all `value`.
    fn row(label: &str, value: &str) -> String {
        format!("{label}{}", format!("\t{value}").repeat(12))
    }

    /// A table head with the report title and subtitle, then the given title lines.
    fn full_head(title: &str) -> String {
        format!("{REPORT_TITLE}\n\nFylke og tiltaksgruppe\n\n{PERIOD}\n\n{title}\n\n")
    }

    fn table(report: &Report, measure: MeasureGroup, group: MainGroup) -> &Table {
        report
            .tables
            .iter()
            .find(|t| t.measure_group == measure && t.main_group == group)
            .unwrap_or_else(|| panic!("no table {measure} / {group}"))
    }

    fn county(name: &str) -> Area {
        Area::from_label(name)
    }

    fn kinds(diagnostics: &[Diagnostic]) -> Vec<Kind> {
        diagnostics.iter().map(|d| d.kind).collect()
    }

    #[test]
    fn notes_block_is_kept_as_paragraphs() {
        let text = format!(
            "\n\n{REPORT_TITLE}\n\nOm tabellene\n\n{PERIOD}\n\n\
             Første avsnitt om statistikken.\n\n\
             Andre avsnitt, som er brutt\nover to linjer.\n\n\
             Tredje avsnitt.\n\n\n\n{}{YEAR_HEADER}\n{}\n",
            full_head("Avklaringstiltak"),
            row("I alt avklaringstiltak", "5"),
        );
        let report = read(&text);
        assert_eq!(
            report.notes,
            [
                "Første avsnitt om statistikken.",
                "Andre avsnitt, som er brutt over to linjer.",
                "Tredje avsnitt.",
            ]
        );
        assert_eq!(report.title.as_deref(), Some(REPORT_TITLE));
        assert_eq!(report.tables.len(), 1);
        assert_eq!(report.tables[0].title, "Avklaringstiltak");
        assert_eq!(report.tables[0].line, 24);
    }

    #[test]
    fn notes_followed_by_a_table_with_no_period_line_of_its_own() {
        // The notes block's period line serves the table; the notes are not part of its title.
        let text = format!(
            "{REPORT_TITLE}\n\nOm tabellene\n\n{PERIOD}\n\nEn merknad.\n\n\
             {REPORT_TITLE}\n\nFylke og tiltaksgruppe\n\nAvklaringstiltak\n\n{YEAR_HEADER}\n{}\n",
            row("I alt", "5"),
        );
        let report = read(&text);
        assert_eq!(report.notes, ["En merknad."]);
        assert_eq!(report.tables[0].title, "Avklaringstiltak");
        assert_eq!(report.tables[0].line, 13);
        // The same with neither report title nor subtitle between the notes and the table.
        let text = format!(
            "Om tabellene\n\n{PERIOD}\n\nEn merknad.\n\nTo merknader.\n\n\
             Arbeidssøkere på tiltak,\navklarings tiltak\n\n{YEAR_HEADER}\n{}\n",
            row("I alt", "5"),
        );
        let report = read(&text);
        assert_eq!(report.notes, ["En merknad.", "To merknader."]);
        assert_eq!(report.title, None);
        let t = &report.tables[0];
        assert_eq!(
            (t.measure_group, t.main_group, t.line),
            (
                MeasureGroup::from_title("Avklaringstiltak").unwrap(),
                MainGroup::from_slug("arbeidssokere").unwrap(),
                9
            )
        );
    }

    #[test]
    fn a_subtitle_is_never_the_report_title() {
        let text = format!(
            "Fylke og tiltaksgruppe\n\n{PERIOD}\n\nOppfølging\n\n{YEAR_HEADER}\n{}\n",
            row("I alt", "5"),
        );
        let report = read(&text);
        assert_eq!(report.title, None);
        assert_eq!(
            report.tables[0].measure_group,
            MeasureGroup::from_title("Oppfølging").unwrap()
        );
    }

    #[test]
    fn notes_at_the_end_of_the_file_are_kept_too() {
        let text = format!(
            "{}{YEAR_HEADER}\n{}\n\nOm tabellene\n\nEtter tabellene.\n",
            full_head("Oppfølging"),
            row("I alt oppfølging", "7")
        );
        let report = read(&text);
        assert_eq!(report.notes, ["Etter tabellene."]);
        assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    }

    #[test]
    fn tables_with_and_without_report_title_and_subtitle() {
        let text = format!(
            "{}{YEAR_HEADER}\n{}\n\n\n\n{PERIOD}\n\nOppfølging\n\n{YEAR_HEADER}\n{}\n\n\
             Andre på tiltak, opplæring\n\n{YEAR_HEADER}\n{}\n",
            full_head("Avklaringstiltak"),
            row("I alt avklaringstiltak", "1"),
            row("I alt oppfølging", "2"),
            row("I alt andre på tiltak, opplæring", "3"),
        );
        let report = read(&text);
        let keys: Vec<_> = report
            .tables
            .iter()
            .map(|t| (t.measure_group, t.main_group, t.title.as_str(), t.line))
            .collect();
        assert_eq!(
            keys,
            [
                (
                    MeasureGroup::from_title("Avklaringstiltak").unwrap(),
                    MainGroup::ALLE,
                    "Avklaringstiltak",
                    7
                ),
                (
                    MeasureGroup::from_title("Oppfølging").unwrap(),
                    MainGroup::ALLE,
                    "Oppfølging",
                    16
                ),
                (
                    MeasureGroup::from_title("Opplæring").unwrap(),
                    MainGroup::from_slug("andre").unwrap(),
                    "Andre på tiltak, opplæring",
                    21
                ),
            ]
        );
        for (t, value) in report.tables.iter().zip([1, 2, 3]) {
            assert_eq!(t.months.first(), Some(&Month::new(2022, 1)));
            assert_eq!(t.rows[0].cells, vec![Some(Cell::Value(value)); 12]);
        }
        assert_eq!(report.title.as_deref(), Some(REPORT_TITLE));
        assert!(report.notes.is_empty());
    }

    #[test]
    fn a_file_that_starts_at_the_period_line() {
        let text = format!(
            "{PERIOD}\n\nLønnstilskudd\n\n{YEAR_HEADER}\n{}\n",
            row("I alt lønnstilskudd", "9")
        );
        let report = read(&text);
        assert_eq!(report.title, None);
        assert_eq!(
            report.tables[0].measure_group,
            MeasureGroup::from_title("Lønnstilskudd").unwrap()
        );
        assert_eq!(report.tables[0].line, 3);
    }

    #[test]
    fn a_title_wrapped_over_two_lines() {
        let text = format!(
            "{}{YEAR_HEADER}\n{}\n",
            full_head("Arbeidssøkere på tiltak,\navklarings tiltak"),
            row("I alt arbeidssøkere på tiltak, avklaringstiltak", "4")
        );
        let report = read(&text);
        let t = table(
            &report,
            MeasureGroup::from_title("Avklaringstiltak").unwrap(),
            MainGroup::from_slug("arbeidssokere").unwrap(),
        );
        assert_eq!(t.title, "Arbeidssøkere på tiltak, avklarings tiltak");
        assert_eq!(t.line, 7);
    }

    #[test]
    fn a_title_wrapped_over_three_lines() {
        let text = format!(
            "{}{YEAR_HEADER}\n{}\n\n{}{YEAR_HEADER}\n{}\n",
            full_head("Arbeidssøkere på tiltak,\njobbskaping og\negenetablering"),
            row("I alt arbeidssøkere, jobbskaping", "4"),
            full_head("Andre på tiltak,\njobbskaping og\negenetablering"),
            row("I alt andre, jobbskaping", "5"),
        );
        let report = read(&text);
        let t = table(
            &report,
            MeasureGroup::from_title("Jobbskaping og egenetablering").unwrap(),
            MainGroup::from_slug("arbeidssokere").unwrap(),
        );
        assert_eq!(
            t.title,
            "Arbeidssøkere på tiltak, jobbskaping og egenetablering"
        );
        let t = table(
            &report,
            MeasureGroup::from_title("Jobbskaping og egenetablering").unwrap(),
            MainGroup::from_slug("andre").unwrap(),
        );
        assert_eq!(t.rows[0].cells[0], Some(Cell::Value(5)));
    }

    #[test]
    fn loose_spellings_of_titles_are_recognised() {
        let titles = [
            (
                "Arbeidssøkere på tiltak, avklarings tiltak",
                MeasureGroup::from_title("Avklaringstiltak").unwrap(),
                MainGroup::from_slug("arbeidssokere").unwrap(),
            ),
            (
                "AVKLARINGSTILTAK",
                MeasureGroup::from_title("Avklaringstiltak").unwrap(),
                MainGroup::ALLE,
            ),
            (
                "Nedsatt arbeidsevne, på tiltak, tilrettelagt arbeid",
                MeasureGroup::from_title("Tilrettelagt arbeid").unwrap(),
                MainGroup::from_slug("nedsatt-arbeidsevne").unwrap(),
            ),
            (
                "Andre på tiltak,arbeidsrettet  rehabilitering",
                MeasureGroup::from_title("Arbeidsrettet rehabilitering").unwrap(),
                MainGroup::from_slug("andre").unwrap(),
            ),
        ];
        for (title, measure, group) in titles {
            let text = format!("{}{YEAR_HEADER}\n{}\n", full_head(title), row("I alt", "1"));
            let report = read(&text);
            assert_eq!(
                (report.tables[0].measure_group, report.tables[0].main_group),
                (measure, group),
                "{title}"
            );
        }
    }

    #[test]
    fn a_short_header_maps_each_month_to_the_period() {
        let text = format!(
            "{}\tJuni\tJuli\tAugust\tSeptember\tOktober\n\
             I alt andre på tiltak, jobbskaping og egenetablering\t*\t*\t*\t*\t*\nAgder\t*\t*\t*\t*\t*",
            full_head("Andre på tiltak,\njobbskaping og\negenetablering")
        );
        let report = read(&text);
        let t = &report.tables[0];
        assert_eq!(
            t.months,
            (6..=10).map(|m| Month::new(2022, m)).collect::<Vec<_>>()
        );
        assert_eq!(report.period.start, Month::new(2022, 6));
        assert_eq!(report.period.end, Month::new(2022, 10));
        assert_eq!(t.rows.len(), 2);
        assert!(t
            .rows
            .iter()
            .all(|r| r.cells == [Some(Cell::Suppressed); 5]));
    }

    #[test]
    fn a_period_across_the_new_year_gives_each_month_its_year() {
        let text = "Juli 2022 - Juni 2023\n\nOpplæring\n\n\tNovember\tDesember\tJanuar\tFebruar\n\
             I alt opplæring\t1\t2\t3\t4\n";
        let report = read(text);
        assert_eq!(
            report.tables[0].months,
            [
                Month::new(2022, 11),
                Month::new(2022, 12),
                Month::new(2023, 1),
                Month::new(2023, 2)
            ]
        );
        assert_eq!(report.period.start, Month::new(2022, 11));
        assert_eq!(report.period.end, Month::new(2023, 2));
    }

    #[test]
    fn absent_rows_stay_absent() {
        let text = format!(
            "{}{YEAR_HEADER}\n{}\n{}\n",
            full_head("Tilrettelagt arbeid"),
            row("I alt tilrettelagt arbeid", "6"),
            row("Agder", "6"),
        );
        let report = read(&text);
        let t = &report.tables[0];
        let areas: Vec<&Area> = t.rows.iter().map(|r| &r.area).collect();
        assert_eq!(areas, [&Area::Total, &county("Agder")]);
        assert!(t.rows.iter().all(|r| r.area != county("Oslo")));
        assert_eq!(report.cell_count(), 24);
        assert_eq!(t.cells().count(), 24);
    }

    #[test]
    fn a_star_is_suppressed_not_zero() {
        let text = format!(
            "{}\tJanuar\tFebruar\tMars\nI alt tilrettelegging\t*\t0\t 12 \nUkjent\t*\t0\t*\n",
            full_head("Tilrettelegging"),
        );
        let report = read(&text);
        let t = &report.tables[0];
        assert_eq!(
            t.rows[0].cells,
            [
                Some(Cell::Suppressed),
                Some(Cell::Value(0)),
                Some(Cell::Value(12))
            ]
        );
        assert_eq!(t.rows[1].area, Area::Unknown);
        assert_eq!(t.rows[1].cells[0], Some(Cell::Suppressed));
        assert_ne!(t.rows[1].cells[0], t.rows[1].cells[1]);
    }

    #[test]
    fn every_thousands_separator_reads_the_same() {
        let text = format!(
            "{}\tJanuar\tFebruar\tMars\tApril\tMai\n\
             I alt oppfølging\t3 903\t3\u{a0}903\t3\u{202f}903\t3\u{2009}903\t3903\n\
             Viken\t1 059\t1\u{a0}059\t1\u{202f}059\t1\u{2009}059\t1059\n",
            full_head("Oppfølging"),
        );
        let report = read(&text);
        let t = &report.tables[0];
        assert_eq!(t.rows[0].cells, [Some(Cell::Value(3903)); 5]);
        assert_eq!(t.rows[1].cells, [Some(Cell::Value(1059)); 5]);
    }

    #[test]
    fn mangled_sami_spellings_land_on_one_county() {
        let text = format!(
            "{}{YEAR_HEADER}\n{}\n{}\n{}\n{}\n\n{}{YEAR_HEADER}\n{}\n{}\n{}\n{}\n",
            full_head("Avklaringstiltak"),
            row("I alt", "30"),
            row("Nordland - Nordlånnda", "10"),
            row("Trøndelag - Tröndelage", "10"),
            row("Troms og Finnmark - Romsa ja Finnmarku", "10"),
            full_head("Oppfølging"),
            row("I alt", "30"),
            row("Nordland - Nordlândia", "10"),
            row("Trøndelag - Trööndelage", "10"),
            row("Troms og Finnmark - Romsa ja Finnmárku", "10"),
        );
        let report = read(&text);
        assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
        let areas = |t: &Table| t.rows.iter().map(|r| r.area.clone()).collect::<Vec<_>>();
        let expected = [
            Area::Total,
            county("Nordland"),
            county("Trøndelag"),
            county("Troms og Finnmark"),
        ];
        assert_eq!(areas(&report.tables[0]), expected);
        assert_eq!(areas(&report.tables[1]), expected);
        // The labels are kept as written.
        assert_eq!(report.tables[1].rows[1].label, "Nordland - Nordlândia");
    }

    #[test]
    fn two_spellings_of_one_county_in_a_table_are_a_duplicate_row() {
        let text = format!(
            "{}{YEAR_HEADER}\n{}\n{}\n{}\n",
            full_head("Avklaringstiltak"),
            row("I alt", "2"),
            row("Trøndelag - Tröndelage", "1"),
            row("Trøndelag - Trööndelage", "1"),
        );
        let errors = problems(&text);
        assert_eq!(kinds(&errors), [Kind::DuplicateRow]);
        assert_eq!((errors[0].line, errors[0].col), (12, 1));
        assert!(
            errors[0].message.contains("line 11"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn an_unknown_county_is_kept_with_a_warning() {
        let text = format!(
            "{}{YEAR_HEADER}\n{}\n{}\n",
            full_head("Oppfølging"),
            row("I alt", "5"),
            row("Svalbard", "5"),
        );
        let report = read(&text);
        let t = &report.tables[0];
        assert_eq!(t.rows[1].area, Area::Other("Svalbard".into()));
        assert_eq!(t.rows[1].cells, [Some(Cell::Value(5)); 12]);
        assert_eq!(report.warnings.len(), 1);
        let warning = &report.warnings[0];
        assert_eq!(warning.kind, Kind::UnknownCounty);
        assert_eq!(warning.severity, Severity::Warning);
        assert_eq!((warning.line, warning.col), (11, 1));
        assert!(warning.message.contains("Svalbard"));
        assert!(warning.expected.is_some());
    }

    #[test]
    fn lines_padded_with_trailing_tabs_read_the_same() {
        let plain = format!(
            "{REPORT_TITLE}\n\nOm tabellene\n\n{PERIOD}\n\nEt avsnitt.\n\n{}\
             \tJuni\tJuli\tAugust\nI alt\t1\t2\t3\nAgder\t1\t2\t3\n\n{}{YEAR_HEADER}\n{}\n",
            full_head("Andre på tiltak,\njobbskaping og\negenetablering"),
            full_head("Opplæring"),
            row("I alt", "4"),
        );
        // Pad every line to thirteen columns, as a spreadsheet does.
        let padded: String = plain
            .lines()
            .map(|line| {
                let tabs = 12usize.saturating_sub(line.matches('\t').count());
                format!("{line}{}\n", "\t".repeat(tabs))
            })
            .collect();
        assert!(padded.contains("Agder\t1\t2\t3\t\t\t\t\t\t\t\t\t\n"));
        let (a, b) = (read(&plain), read(&padded));
        assert_eq!(a.notes, ["Et avsnitt."]);
        assert_eq!(a.notes, b.notes);
        assert_eq!(a.title, b.title);
        assert_eq!(a.tables.len(), 2);
        assert_eq!(b.tables.len(), 2);
        for (x, y) in a.tables.iter().zip(&b.tables) {
            assert_eq!(x.title, y.title);
            assert_eq!(x.months, y.months);
            let cells = |t: &Table| {
                t.cells()
                    .map(|(r, m, c)| (r.area.clone(), m, c))
                    .collect::<Vec<_>>()
            };
            assert_eq!(cells(x), cells(y));
        }
        assert_eq!(b.tables[0].months.len(), 3);
        assert!(b.warnings.is_empty(), "{:#?}", b.warnings);
    }

    #[test]
    fn a_file_without_a_trailing_newline_keeps_its_last_row() {
        let text = format!(
            "{}{YEAR_HEADER}\n{}\n{}",
            full_head("Arbeidspraksis"),
            row("I alt", "8"),
            row("Oslo", "8"),
        );
        assert!(!text.ends_with('\n'));
        let report = read(&text);
        let t = &report.tables[0];
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].area, county("Oslo"));
        assert_eq!(t.rows[1].cells, [Some(Cell::Value(8)); 12]);
        assert_eq!(t.rows[1].line, 11);
    }

    // Errors, each with its position.

    #[test]
    fn a_row_with_too_few_or_too_many_cells() {
        let text = format!(
            "{}\tJanuar\tFebruar\tMars\nI alt\t1\t2\nOslo\t1\t2\t3\t4\n",
            full_head("Oppfølging"),
        );
        let errors = problems(&text);
        assert_eq!(kinds(&errors), [Kind::CellCount, Kind::CellCount]);
        // `I alt\t1\t2` is 9 characters: the missing cell is pointed at just after it.
        assert_eq!((errors[0].line, errors[0].col), (10, 10));
        assert!(
            errors[0].message.contains("has 2 cells"),
            "{}",
            errors[0].message
        );
        assert!(
            errors[0].message.contains("3 months"),
            "{}",
            errors[0].message
        );
        // `Oslo\t1\t2\t3\t` is 11 characters: the fourth cell starts at column 12.
        assert_eq!((errors[1].line, errors[1].col), (11, 12));
        assert!(
            errors[1].message.contains("has 4 cells"),
            "{}",
            errors[1].message
        );
        assert!(errors
            .iter()
            .all(|e| e.expected.is_some() && e.file == "rapport.txt"));
    }

    #[test]
    fn a_cell_that_is_neither_a_number_nor_a_star() {
        let text = format!(
            "{}\tJanuar\tFebruar\tMars\nI alt\t1\t  x2\t3\nOslo\t1\t\t-\n",
            full_head("Oppfølging"),
        );
        let errors = problems(&text);
        // The empty cell and the `-` of Oslo are no value, not errors.
        assert_eq!(kinds(&errors), [Kind::BadCell]);
        assert_eq!((errors[0].line, errors[0].col), (10, 11));
        assert!(errors[0].message.contains("`x2`"), "{}", errors[0].message);
    }

    #[test]
    fn dashes_and_empty_cells_are_absent_not_zero() {
        let text = format!(
            "{}\tJanuar\tFebruar\tMars\nI alt\t5\t-\t6\nOslo\t5\t\t6\nAgder\t–\t-\t-\n",
            full_head("Oppfølging"),
        );
        let report = read(&text);
        let t = &report.tables[0];
        let (five, six) = (Some(Cell::Value(5)), Some(Cell::Value(6)));
        assert_eq!(t.rows[0].cells, [five, None, six]);
        assert_eq!(t.rows[1].cells, [five, None, six]);
        // A row with no value at all is no row.
        assert_eq!(t.rows.len(), 2);
        assert_eq!(report.cell_count(), 4);
        assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    }

    #[test]
    fn a_county_row_with_every_cell_empty_does_not_end_the_table() {
        let text = format!(
            "{}\tJanuar\tFebruar\nI alt\t1\t2\nHedmark\t\t\nOslo\t1\t2\n",
            full_head("Oppfølging"),
        );
        let report = read(&text);
        let t = &report.tables[0];
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].area, county("Oslo"));
        assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    }

    #[test]
    fn the_month_decides_which_county_a_label_means() {
        let text = "Desember 2019 - Januar 2020\n\nOppfølging\n\n\tDesember\tJanuar\n\
                    I alt\t10\t10\nØstfold\t4\t-\nViken\t-\t4\nOslo\t6\t6\n\
                    Troms - Romsa\t*\t-\nTroms og Finnmark - Romsa ja Finnmárku\t\t*\n";
        let report = read(text);
        assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
        let t = &report.tables[0];
        let found: Vec<(&str, &str, Vec<Option<Cell>>)> = t
            .rows
            .iter()
            .map(|r| (r.label.as_str(), r.area.code(), r.cells.clone()))
            .collect();
        let (four, six, star) = (
            Some(Cell::Value(4)),
            Some(Cell::Value(6)),
            Some(Cell::Suppressed),
        );
        assert_eq!(
            found,
            [
                ("I alt", "", vec![Some(Cell::Value(10)); 2]),
                ("Østfold", "01", vec![four, None]),
                ("Viken", "30", vec![None, four]),
                ("Oslo", "03", vec![six, six]),
                ("Troms - Romsa", "19", vec![star, None]),
                (
                    "Troms og Finnmark - Romsa ja Finnmárku",
                    "54",
                    vec![None, star]
                ),
            ]
        );
        // The same label in 2024 is the new county.
        let text = "Januar 2024 - Januar 2024\n\nOppfølging\n\n\tJanuar\nI alt\t4\nØstfold\t4\n";
        assert_eq!(read(text).tables[0].rows[1].area.code(), "31");
    }

    #[test]
    fn a_county_that_did_not_exist_is_a_warning_once_per_label() {
        let one = |title: &str| {
            format!(
                "{}\tJanuar\tFebruar\n{}\n{}\n{}\n\n",
                full_head(title),
                "I alt\t7\t7",
                "Hedmark\t3\t3",
                "Oslo\t4\t4",
            )
        };
        let text = format!("{}{}", one("Oppfølging"), one("Opplæring"));
        let report = read(&text);
        assert_eq!(kinds(&report.warnings), [Kind::CountyNotInMonth]);
        let warning = &report.warnings[0];
        assert_eq!((warning.line, warning.col), (11, 1));
        assert!(warning.message.contains("`Hedmark`"), "{}", warning.message);
        assert!(
            warning.message.contains("Januar 2022–Februar 2022"),
            "{}",
            warning.message
        );
        // Its numbers are kept, under the code of the county the name means.
        for t in &report.tables {
            assert_eq!(t.rows[1].area.code(), "04");
            assert_eq!(t.rows[1].cells, [Some(Cell::Value(3)); 2]);
        }
    }

    #[test]
    fn elsewhere_and_unknown_in_one_row_is_one_area() {
        let text = format!(
            "{}\tJanuar\nI alt\t5\nOslo\t4\nØvrige områder og ukjent\t*\n",
            full_head("Oppfølging"),
        );
        let report = read(&text);
        assert_eq!(report.tables[0].rows[2].area, Area::ElsewhereOrUnknown);
        assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    }

    #[test]
    fn a_single_month_report() {
        let text = "Desember 2022\n\nOppfølging\n\n\tDesember\nI alt\t5\nOslo\t5\n";
        let report = read(text);
        assert_eq!(report.period.start, Month::new(2022, 12));
        assert_eq!(report.period.end, Month::new(2022, 12));
        assert_eq!(report.tables[0].months, [Month::new(2022, 12)]);
        // Lower-case month names read the same.
        let text = "desember 2022\n\nOppfølging\n\n\tdesember\nI alt\t5\n";
        assert_eq!(read(text).tables[0].months, [Month::new(2022, 12)]);
    }

    #[test]
    fn another_report_family_is_refused_naming_its_title() {
        let text = format!(
            "Helt ledige. Fylke. Tidsserie måned\n\n{PERIOD}\n\nOppfølging\n\n{YEAR_HEADER}\n{}\n",
            row("I alt", "1")
        );
        let errors = problems(&text);
        assert_eq!(kinds(&errors), [Kind::OtherReportFamily]);
        assert_eq!(
            (errors[0].file.as_str(), errors[0].line, errors[0].col),
            ("rapport.txt", 1, 1)
        );
        assert!(
            errors[0]
                .message
                .contains("`Helt ledige. Fylke. Tidsserie måned`"),
            "{}",
            errors[0].message
        );
        assert!(errors[0]
            .expected
            .as_deref()
            .unwrap()
            .contains("Deltakere i arbeidsrettede tiltak"));
    }

    #[test]
    fn a_header_word_that_is_not_a_month() {
        let text = format!(
            "{}\tJanuar\tFebruary\tMars\nI alt\t1\t2\t3\n",
            full_head("Oppfølging"),
        );
        let errors = problems(&text);
        assert_eq!(kinds(&errors), [Kind::BadMonth]);
        assert_eq!((errors[0].line, errors[0].col), (9, 9));
        assert!(errors[0].message.contains("`February`"));
    }

    #[test]
    fn a_month_out_of_order_or_outside_the_period() {
        let text = "Juni - Oktober 2022\n\nOppfølging\n\n\tJuni\tJuli\tJuli\tDesember\n\
             I alt\t1\t2\t3\t4\n";
        let errors = problems(text);
        assert_eq!(kinds(&errors), [Kind::BadMonth, Kind::BadMonth]);
        assert_eq!((errors[0].line, errors[0].col), (5, 12));
        assert_eq!((errors[1].line, errors[1].col), (5, 17));
        assert!(errors[1].message.contains("Juni - Oktober 2022"));
    }

    #[test]
    fn a_title_naming_an_unknown_measure_group_is_a_series_of_its_own() {
        let text = format!(
            "{}{YEAR_HEADER}\n{}\n\n{}{YEAR_HEADER}\n{}\n",
            full_head("Arbeidsforberedende trening"),
            row("I alt", "1"),
            full_head("Nedsatt arbeidsevne, på tiltak,\narbeidsforberedende trening"),
            row("I alt", "1"),
        );
        let report = read(&text);
        // One warning for the file, at the first title, naming the unknown part.
        assert_eq!(kinds(&report.warnings), [Kind::UnknownGroup]);
        let warning = &report.warnings[0];
        assert_eq!((warning.line, warning.col), (7, 1));
        assert!(
            warning.message.contains("measure group"),
            "{}",
            warning.message
        );
        assert!(
            warning.message.contains("`Arbeidsforberedende trening`"),
            "{}",
            warning.message
        );
        assert!(warning
            .expected
            .as_deref()
            .unwrap()
            .contains("Avklaringstiltak"));
        let groups: Vec<(&str, &str)> = report
            .tables
            .iter()
            .map(|t| (t.measure_group.slug(), t.main_group.slug()))
            .collect();
        assert_eq!(
            groups,
            [
                ("arbeidsforberedende-trening", "alle"),
                ("arbeidsforberedende-trening", "nedsatt-arbeidsevne")
            ]
        );
        assert_eq!(
            report.tables[0].measure_group,
            report.tables[1].measure_group
        );
    }

    #[test]
    fn the_old_name_of_a_main_group_is_the_same_group() {
        let text = format!(
            "{}{YEAR_HEADER}\n{}\n",
            full_head("Ordinære tiltaksdeltakere,\nopplæring"),
            row("I alt", "1"),
        );
        let report = read(&text);
        assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
        assert_eq!(
            report.tables[0].main_group,
            MainGroup::from_slug("arbeidssokere").unwrap()
        );
    }

    #[test]
    fn a_file_with_no_table() {
        for text in [
            "",
            "\n\n",
            "Om tabellene\n\nJanuar - Desember 2022\n\nTekst.\n",
        ] {
            let errors = problems(text);
            assert_eq!(kinds(&errors), [Kind::NoTables], "{text:?}");
            assert_eq!((errors[0].line, errors[0].col), (0, 0));
            assert!(errors[0].expected.is_some());
        }
    }

    #[test]
    fn a_header_with_no_title_or_no_period() {
        let errors = problems(&format!(
            "{PERIOD}\n\n{YEAR_HEADER}\n{}\n",
            row("I alt", "1")
        ));
        assert_eq!(kinds(&errors), [Kind::NoTitle]);
        assert_eq!((errors[0].line, errors[0].col), (3, 1));
        let errors = problems(&format!(
            "Oppfølging\n\n{YEAR_HEADER}\n{}\n",
            row("I alt", "1")
        ));
        assert_eq!(kinds(&errors), [Kind::NoPeriod]);
        assert_eq!(errors[0].line, 3);
    }

    #[test]
    fn rows_before_any_header_are_reported_once() {
        let text = format!(
            "{}{}\n{}\n\n{YEAR_HEADER}\n{}\n",
            full_head("Oppfølging"),
            row("I alt", "1"),
            row("Oslo", "1"),
            row("I alt", "1")
        );
        let errors = problems(&text);
        assert!(errors
            .iter()
            .any(|e| e.kind == Kind::RowOutsideTable && e.line == 9));
        assert_eq!(
            errors
                .iter()
                .filter(|e| e.kind == Kind::RowOutsideTable)
                .count(),
            1
        );
    }

    #[test]
    fn the_same_table_twice() {
        let one = format!(
            "{}{YEAR_HEADER}\n{}\n\n",
            full_head("Oppfølging"),
            row("I alt", "1")
        );
        let errors = problems(&format!("{one}{one}"));
        assert_eq!(kinds(&errors), [Kind::DuplicateTable]);
        assert_eq!(errors[0].line, 20);
        assert!(
            errors[0].message.contains("line 7"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn a_table_without_a_total_row_is_read_with_a_warning() {
        let report = read(&format!(
            "{}{YEAR_HEADER}\n{}\n",
            full_head("Oppfølging"),
            row("Oslo", "1")
        ));
        assert_eq!(kinds(&report.warnings), [Kind::MissingTotal]);
        assert_eq!(report.tables[0].rows.len(), 1);
    }

    #[test]
    fn text_after_the_last_table_is_a_warning() {
        let report = read(&format!(
            "{}{YEAR_HEADER}\n{}\n\nKilde: NAV\n",
            full_head("Oppfølging"),
            row("I alt", "1")
        ));
        assert_eq!(kinds(&report.warnings), [Kind::StrayText]);
        assert_eq!(report.warnings[0].line, 12);
    }

    #[test]
    fn past_so_many_errors_the_rest_are_counted() {
        let text = format!(
            "{}\tJanuar\n{}",
            full_head("Oppfølging"),
            "Oslo\tx\n".repeat(super::ERRORS_KEPT + 5)
        );
        let errors = problems(&text);
        assert_eq!(errors.len(), super::ERRORS_KEPT + 1);
        assert!(errors[..super::ERRORS_KEPT]
            .iter()
            .all(|e| e.kind == Kind::BadCell));
        let last = &errors[super::ERRORS_KEPT];
        assert_eq!((last.kind, last.line), (Kind::TooManyErrors, 0));
        assert!(
            last.message.starts_with("5 more errors"),
            "{}",
            last.message
        );
    }

    #[test]
    fn every_error_of_a_file_is_reported() {
        let text = format!(
            "{}\tJanuar\tFebruar\nI alt\t1\tx\nOslo\t1\n\n{}\tJanuar\tFebruar\nI alt\t1\t2\n\n{}\tJanuar\tFebuar\nI alt\t1\t2\n",
            full_head("Oppfølging"),
            full_head("Lønnstilskudd"),
            full_head("Opplæring"),
        );
        let errors = problems(&text);
        let found: Vec<(Kind, u32)> = errors.iter().map(|e| (e.kind, e.line)).collect();
        assert_eq!(
            found,
            [
                (Kind::BadCell, 10),
                (Kind::CellCount, 11),
                (Kind::BadMonth, 32),
            ]
        );
    }
}
