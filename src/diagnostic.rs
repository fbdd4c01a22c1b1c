//! Problems found in the input, with the position they were found at.
//!
//! Every stage (reading, parsing, validation, merging) reports problems as [`Diagnostic`]s and
//! keeps going, so one run tells the publisher about every problem in every file. Errors stop
//! the build; warnings are shown on the site's data-quality page.

use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// Whether a problem stops the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    /// The input cannot be read as a report: nothing is written.
    Error,
    /// The input is read, but something in it deserves a look.
    Warning,
}

/// The class of a problem, for tests and for grouping on the data-quality page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Kind {
    /// The file could not be read from disk.
    Io,
    /// The bytes are not text in any encoding a report comes in.
    Undecodable,
    /// The file holds no table at all.
    NoTables,
    /// A table's head names no period and none was given before it.
    NoPeriod,
    /// A table has no title between its period line and its header row.
    NoTitle,
    /// A table's title names no known measure group.
    UnknownMeasureGroup,
    /// A header cell is not a month name, or a month is repeated or out of the period.
    BadMonth,
    /// A data row appears where no header row came before it.
    RowOutsideTable,
    /// A row has more or fewer cells than the header has months.
    CellCount,
    /// A cell is neither a number nor `*`.
    BadCell,
    /// The same table (measure group and main group) appears twice in one file.
    DuplicateTable,
    /// The same area appears twice in one table.
    DuplicateRow,
    /// Two files cover the same period.
    DuplicatePeriod,
    /// A table has no `I alt` row, so its counties cannot be checked against a total.
    MissingTotal,
    /// A row label names no known county.
    UnknownCounty,
    /// A Markdown page's front matter is not valid TOML with the known keys.
    BadFrontMatter,
    /// Two Markdown pages would have the same address, or one would replace a page of the site.
    PageClash,
    /// Text after the last table that belongs to no table.
    StrayText,
    /// County rows do not add up to the `I alt` row.
    CountySum,
    /// Main-group tables do not add up to the measure group's total table.
    MainGroupSum,
    /// A later report changed a value an earlier report published.
    Revision,
    /// A row label names a county that did not exist in the months of its cells.
    CountyNotInMonth,
    /// The report's own title is that of another family of reports.
    OtherReportFamily,
    /// A table names a measure group or main group the classification does not know.
    UnknownGroup,
    /// A sum was not checked, because it involves a group the classification does not know.
    SumNotChecked,
    /// The last table ends before its counties reach its total: the file seems cut short.
    Truncated,
    /// A report holds fewer tables than the edition before it.
    FewerTables,
    /// A file is far larger than any report, and is not read.
    TooLarge,
    /// A Markdown page's file name gives no address (`!!!.md`).
    BadPageName,
    /// The content folder's settings file (`tiltak.toml`) is not valid: not TOML, or not
    /// the settings' or the classification's tables.
    BadSettings,
    /// A file has more errors than are kept; this one counts the others.
    TooManyErrors,
}

/// One problem, located in a file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What class of problem this is.
    pub kind: Kind,
    /// The file's name relative to the content folder (`tiltaksdeltakere-2022.txt`).
    pub file: String,
    /// 1-based line number; 0 when the problem concerns the whole file.
    pub line: u32,
    /// 1-based column, in characters; 0 when the problem concerns the whole line or file.
    pub col: u32,
    /// What was found.
    pub message: String,
    /// What was expected instead, when that can be said.
    pub expected: Option<String>,
    /// The decoded text of the file and the byte range in it (start, length) that the
    /// problem points at, for showing the offending line.
    pub snippet: Option<(Arc<str>, usize, usize)>,
}

impl Diagnostic {
    /// An error at a position.
    pub fn error(
        kind: Kind,
        file: &str,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            kind,
            file: file.to_string(),
            line: saturate(line),
            col: saturate(col),
            message: message.into(),
            expected: None,
            snippet: None,
        }
    }

    /// A warning at a position.
    pub fn warning(
        kind: Kind,
        file: &str,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(kind, file, line, col, message)
        }
    }

    /// Says what was expected.
    pub fn expected(mut self, expected: impl Into<String>) -> Diagnostic {
        self.expected = Some(expected.into());
        self
    }

    /// Points at a byte range of the file's text, so the line can be shown with a marker.
    pub fn with_span(mut self, source: &Arc<str>, start: usize, len: usize) -> Diagnostic {
        self.snippet = Some((Arc::clone(source), start, len));
        self
    }

    /// Whether this problem stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, leaving out what is unknown.
    pub fn location(&self) -> String {
        match (self.line, self.col) {
            (0, _) => self.file.clone(),
            (line, 0) => format!("{}:{line}", self.file),
            (line, col) => format!("{}:{line}:{col}", self.file),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {severity}: {}", self.location(), self.message)?;
        if let Some(expected) = &self.expected {
            write!(f, "; expected {expected}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

impl Diagnostic {
    /// The diagnostic as people read it: `file:line:col`, then the offending line drawn with a
    /// marker, what was found and what was expected. One function for every place that shows
    /// an error (`tiltak build`, each rebuild of `watch`, the browser overlay of `serve`), so
    /// they all say the same thing. Plain text without colour, so it fits a browser too.
    pub fn render(&self) -> String {
        let Some((text, start, len)) = &self.snippet else {
            return self.to_string();
        };
        let shown = Shown {
            diagnostic: self,
            source: Located {
                name: &self.file,
                text,
                line: usize::try_from(self.line).unwrap_or(usize::MAX),
            },
            span: (*start, *len),
        };
        let mut out = String::new();
        match handler().render_report(&mut out, &shown) {
            Ok(()) => out,
            Err(_) => self.to_string(),
        }
    }
}

/// miette's drawing, without colour and with a tab as one column: the header names the
/// column in characters, as editors do, so the quoted line must count a tab as one too, or
/// the marker would stand columns away from the place the header names.
fn handler() -> miette::GraphicalReportHandler {
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .tab_width(1)
}

/// How many errors of one file are drawn in full; the rest are counted. A file with a
/// hundred thousand broken rows says so in a few screens, not in a day of scrolling.
pub const SHOWN_PER_FILE: usize = 20;

/// Draws diagnostics as [`Diagnostic::render`] does, in the order given, at most
/// [`SHOWN_PER_FILE`] of each file, each file's others counted in one line after its last
/// one shown.
pub fn render_all(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    let mut index = 0;
    while index < diagnostics.len() {
        let file = &diagnostics[index].file;
        let run = diagnostics[index..]
            .iter()
            .take_while(|d| d.file == *file)
            .count();
        for diagnostic in &diagnostics[index..index + run.min(SHOWN_PER_FILE)] {
            out.push_str(&diagnostic.render());
            out.push('\n');
        }
        if run > SHOWN_PER_FILE {
            let rest = run - SHOWN_PER_FILE;
            out.push_str(&format!(
                "… and {rest} more {} in {file}, not shown\n\n",
                if rest == 1 { "problem" } else { "problems" }
            ));
        }
        index += run;
    }
    out
}

/// A file's text as miette reads it to draw a diagnostic's lines.
///
/// miette's own sources find a span's line by counting line ends from the top of the file,
/// so drawing each of many errors in a long file would cost the whole file each time. The
/// diagnostic already knows its line, so this source only walks back and forth from the span
/// to the line ends around it: the cost of an error is that of its few lines, wherever they
/// are in the file.
struct Located<'a> {
    name: &'a str,
    text: &'a str,
    /// The 1-based line the span starts on.
    line: usize,
}

impl miette::SourceCode for Located<'_> {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let text = self.text;
        let start = span.offset();
        let end = start
            .checked_add(span.len())
            .filter(|end| *end <= text.len() && self.line > 0)
            .ok_or(miette::MietteError::OutOfBounds)?;
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(miette::MietteError::OutOfBounds);
        }
        let bytes = text.as_bytes();
        let line_start = |at: usize| {
            bytes[..at]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1)
        };
        let line_end = |at: usize| {
            bytes[at..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(text.len(), |i| at + i)
        };
        let own_start = line_start(start);
        let mut first = own_start;
        let mut before = 0;
        while before < context_lines_before && first > 0 {
            first = line_start(first - 1);
            before += 1;
        }
        let mut last = line_end(end);
        let mut after = 0;
        while after < context_lines_after && last < text.len() {
            last = line_end(last + 1);
            after += 1;
        }
        // As miette's own sources do: with no lines before, the contents start at the span
        // and say its column; with some, they start at a line's beginning.
        let (from, column) = if context_lines_before == 0 {
            (start, text[own_start..start].chars().count())
        } else {
            (first, 0)
        };
        // Saturating: a diagnostic that named a line too small must not stop it being shown.
        let line =
            (self.line - 1).saturating_sub(if context_lines_before == 0 { 0 } else { before });
        // The line end of the last line belongs to it, as in miette's own sources: an empty
        // last line is still a line.
        if last < text.len() {
            last += 1;
        }
        let lines = text[from..last].matches('\n').count();
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.to_string(),
            &bytes[from..last],
            (from, last - from).into(),
            line,
            column,
            line + lines,
        )))
    }
}

/// A diagnostic as shown with its line: the message once, the file name with the line and
/// column above the quoted lines, and what was expected as help.
struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    source: Located<'a>,
    span: (usize, usize),
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            self.diagnostic.location(),
            self.diagnostic.message
        )
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let expected = self.diagnostic.expected.as_ref()?;
        Some(Box::new(format!("expected {expected}")))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(miette::LabeledSpan::new(
            Some("here".into()),
            self.span.0,
            self.span.1,
        ))))
    }
}

/// Positions past four billion lines are shown as the largest one; no report gets there.
pub(crate) fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Sorts diagnostics by file, line and column, so output is deterministic and reads in order.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics
        .sort_by(|a, b| (&a.file, a.line, a.col, a.kind).cmp(&(&b.file, b.line, b.col, b.kind)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same diagnostic drawn from miette's own source, which counts lines from the top.
    fn drawn_by_miette(d: &Diagnostic) -> String {
        struct Plain<'a>(&'a Diagnostic, miette::NamedSource<Arc<str>>);
        impl fmt::Debug for Plain<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self.0, f)
            }
        }
        impl fmt::Display for Plain<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}: {}", self.0.location(), self.0.message)
            }
        }
        impl std::error::Error for Plain<'_> {}
        impl miette::Diagnostic for Plain<'_> {
            fn severity(&self) -> Option<miette::Severity> {
                Some(miette::Severity::Error)
            }
            fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
                let expected = self.0.expected.as_ref()?;
                Some(Box::new(format!("expected {expected}")))
            }
            fn source_code(&self) -> Option<&dyn miette::SourceCode> {
                Some(&self.1)
            }
            fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
                let (_, start, len) = self.0.snippet.as_ref()?;
                Some(Box::new(std::iter::once(miette::LabeledSpan::new(
                    Some("here".into()),
                    *start,
                    *len,
                ))))
            }
        }
        let (text, _, _) = d.snippet.as_ref().unwrap();
        let plain = Plain(d, miette::NamedSource::new(&d.file, Arc::clone(text)));
        let mut out = String::new();
        handler().render_report(&mut out, &plain).unwrap();
        out
    }

    fn at(text: &Arc<str>, line: usize, needle: &str) -> Diagnostic {
        let start = text.find(needle).unwrap();
        let col = text[..start].rsplit('\n').next().unwrap().chars().count() + 1;
        Diagnostic::error(Kind::BadCell, "r.txt", line, col, format!("`{needle}`"))
            .expected("a number")
            .with_span(text, start, needle.len())
    }

    #[test]
    fn lines_are_drawn_as_miette_draws_them() {
        let text: Arc<str> = Arc::from("Oslo\t1\nAgder\t4O3\nUkjent\t*\n\nViken\tx\nsist");
        for (line, needle) in [(1, "Oslo"), (2, "4O3"), (3, "*"), (5, "x"), (6, "sist")] {
            let d = at(&text, line, needle);
            assert_eq!(d.render(), drawn_by_miette(&d), "{needle}");
            assert!(
                d.render().contains(&format!("[r.txt:{line}:")),
                "{}",
                d.render()
            );
        }
    }

    #[test]
    fn a_diagnostic_that_names_the_wrong_line_is_still_drawn() {
        let text: Arc<str> = Arc::from("a\nb\nc\n");
        let wrong = Diagnostic::error(Kind::BadCell, "r.txt", 1, 1, "c").with_span(&text, 4, 1);
        assert!(wrong.render().contains("c"), "{}", wrong.render());
    }

    #[test]
    fn the_column_above_the_lines_counts_characters() {
        let text: Arc<str> = Arc::from("Møre og Romsdal\t4O3\n");
        let rendered = at(&text, 1, "4O3").render();
        assert!(rendered.contains("[r.txt:1:17]"), "{rendered}");
    }

    /// The marker under the quoted line stands at the column the header names, counted the
    /// same way, tabs included.
    #[test]
    fn the_marker_stands_at_the_column_the_header_names() {
        let text: Arc<str> = Arc::from("Oslo\t428\nRogaland\t245\t2O2\t228\n");
        let rendered = at(&text, 2, "2O2").render();
        assert!(rendered.contains("r.txt:2:14"), "{rendered}");
        let lines: Vec<&str> = rendered.lines().collect();
        let quoted = lines.iter().position(|l| l.contains("Rogaland")).unwrap();
        // Where the quoted line's first character, column 1, stands on the screen.
        let gutter = lines[quoted].chars().position(|c| c == 'R').unwrap();
        let marker = lines[quoted + 1].chars().position(|c| c == '─').unwrap();
        assert_eq!(marker - gutter + 1, 14, "{rendered}");
    }

    #[test]
    fn each_file_shows_so_many_errors_and_counts_the_rest() {
        let text: Arc<str> = Arc::from("x\n".repeat(30));
        let many: Vec<Diagnostic> = (1..=25)
            .map(|line| {
                let start = (line - 1) * 2;
                Diagnostic::error(Kind::BadCell, "a.txt", line, 1, "bad").with_span(&text, start, 1)
            })
            .chain([Diagnostic::error(Kind::NoTables, "b.txt", 0, 0, "empty")])
            .collect();
        let out = render_all(&many);
        assert_eq!(out.matches("a.txt:").count(), SHOWN_PER_FILE * 2, "{out}");
        assert!(
            out.contains("… and 5 more problems in a.txt, not shown"),
            "{out}"
        );
        assert!(out.contains("b.txt: error: empty"), "{out}");
    }
}
