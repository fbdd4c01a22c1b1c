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
    /// The publisher's `tiltak.toml` is not valid TOML with the classification's tables.
    BadSettings,
    /// A sum was not checked, because it involves a group the classification does not know.
    SumNotChecked,
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
            source: miette::NamedSource::new(&self.file, Arc::clone(text)),
            span: (*start, *len),
        };
        let mut out = String::new();
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
        match handler.render_report(&mut out, &shown) {
            Ok(()) => out,
            Err(_) => self.to_string(),
        }
    }
}

/// A diagnostic as shown with its line: the message once, the file name with the line and
/// column above the quoted lines, and what was expected as help.
struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    source: miette::NamedSource<Arc<str>>,
    span: (usize, usize),
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The position counted in characters leads; the quoted lines' header counts bytes,
        // which differs after an `ø` or `å`.
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
