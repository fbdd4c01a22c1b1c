use serde::Serialize;
use std::fmt;

/// One published number: a count, or a suppressed cell.
///
/// NAV replaces counts under 4 with `*` (Statistics Act § 7-1). A suppressed cell is a true
/// value from 0 to 3, so it is its own state and never the number 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Cell {
    /// The number of participants.
    Value(u32),
    /// `*`: between 0 and 3 participants.
    Suppressed,
}

impl Cell {
    /// The smallest value the cell can stand for.
    pub fn low(self) -> u64 {
        match self {
            Cell::Value(v) => u64::from(v),
            Cell::Suppressed => 0,
        }
    }

    /// The largest value the cell can stand for.
    pub fn high(self) -> u64 {
        match self {
            Cell::Value(v) => u64::from(v),
            Cell::Suppressed => 3,
        }
    }

    /// The number, if the cell is not suppressed.
    pub fn value(self) -> Option<u32> {
        match self {
            Cell::Value(v) => Some(v),
            Cell::Suppressed => None,
        }
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Value(v) => write!(f, "{v}"),
            Cell::Suppressed => f.write_str("*"),
        }
    }
}

/// Why a cell is not a number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CellError {
    /// The cell is empty.
    #[error("an empty cell")]
    Empty,
    /// The cell holds something other than digits and thousands separators.
    #[error("`{0}`, which is not a number")]
    NotANumber(String),
    /// The digits are grouped in a way no number is written (`39 03`).
    #[error("`{0}`, whose digit groups are not thousands")]
    BadGrouping(String),
    /// The number is larger than any count of people.
    #[error("`{0}`, which is too large")]
    TooLarge(String),
}

/// The thousands separators the exports use: space, no-break space, narrow no-break space and
/// thin space.
const SEPARATORS: [char; 4] = [' ', '\u{a0}', '\u{202f}', '\u{2009}'];

/// Reads one cell: `3 903` (with any of the four thousands separators), `786`, or `*`.
pub fn parse_cell(text: &str) -> Result<Cell, CellError> {
    let text = text.trim_matches(|c: char| c.is_whitespace());
    if text.is_empty() {
        return Err(CellError::Empty);
    }
    if text == "*" {
        return Ok(Cell::Suppressed);
    }
    let mut value: u64 = 0;
    let grouped = text.contains(SEPARATORS);
    for (index, group) in text.split(SEPARATORS).enumerate() {
        if group.is_empty() || !group.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CellError::NotANumber(text.to_string()));
        }
        if grouped && ((index == 0 && group.len() > 3) || (index > 0 && group.len() != 3)) {
            return Err(CellError::BadGrouping(text.to_string()));
        }
        for digit in group.bytes() {
            value = value * 10 + u64::from(digit - b'0');
            if value > u64::from(u32::MAX) {
                return Err(CellError::TooLarge(text.to_string()));
            }
        }
    }
    Ok(Cell::Value(value as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_thousands_separator_reads() {
        for text in [
            "3 903",
            "3\u{a0}903",
            "3\u{202f}903",
            "3\u{2009}903",
            "3903",
            " 3 903 ",
        ] {
            assert_eq!(parse_cell(text), Ok(Cell::Value(3903)), "{text:?}");
        }
        assert_eq!(parse_cell("1 234 567"), Ok(Cell::Value(1_234_567)));
        assert_eq!(parse_cell("0"), Ok(Cell::Value(0)));
    }

    #[test]
    fn a_star_is_suppressed_not_zero() {
        assert_eq!(parse_cell("*"), Ok(Cell::Suppressed));
        assert_ne!(parse_cell("*"), Ok(Cell::Value(0)));
        assert_eq!((Cell::Suppressed.low(), Cell::Suppressed.high()), (0, 3));
        assert_eq!(Cell::Suppressed.value(), None);
    }

    #[test]
    fn anything_else_is_refused() {
        assert_eq!(parse_cell(""), Err(CellError::Empty));
        assert!(matches!(parse_cell("12a"), Err(CellError::NotANumber(_))));
        assert!(matches!(parse_cell("-5"), Err(CellError::NotANumber(_))));
        assert!(matches!(parse_cell("3,5"), Err(CellError::NotANumber(_))));
        assert!(matches!(parse_cell("**"), Err(CellError::NotANumber(_))));
        assert!(matches!(
            parse_cell("39 03"),
            Err(CellError::BadGrouping(_))
        ));
        assert!(matches!(
            parse_cell("3  903"),
            Err(CellError::NotANumber(_))
        ));
        assert!(matches!(
            parse_cell("99999999999"),
            Err(CellError::TooLarge(_))
        ));
    }
}
