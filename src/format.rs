//! Norwegian number formatting, shared by pages and charts so both print numbers alike.
//!
//! Norwegian writes thousands with a space (`3 903`) and decimals with a comma (`12,5 %`).
//! The space is a no-break space, so a number never wraps across lines.

use crate::report::Cell;

/// The thousands separator on the site: a no-break space.
pub const THOUSANDS: char = '\u{a0}';

/// `3903` → `3 903` (with a no-break space).
pub fn number(n: u64) -> String {
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(n);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(THOUSANDS);
        }
        out.push(c);
    }
    out
}

/// A cell as the site shows it: the number, or `*` for a suppressed cell.
pub fn cell(cell: Cell) -> String {
    match cell {
        Cell::Value(v) => number(u64::from(v)),
        Cell::Suppressed => "*".to_string(),
    }
}

/// A range of whole persons as the site shows it: `1 233–1 234`, or one number when the
/// ends meet. A sum or average over suppressed cells is such a range, never one number.
pub fn range(low: u64, high: u64) -> String {
    if low == high {
        number(low)
    } else {
        format!("{}–{}", number(low), number(high))
    }
}

/// A signed change: `+120`, `−1 204` (with a real minus sign), `0`.
pub fn change(delta: i64) -> String {
    let magnitude = number(delta.unsigned_abs());
    match delta.signum() {
        1 => format!("+{magnitude}"),
        -1 => format!("\u{2212}{magnitude}"),
        _ => magnitude,
    }
}

/// A signed percentage with one decimal and a decimal comma: `+3,2 %`, `−12,0 %`.
pub fn percent(ratio: f64) -> String {
    let value = format!("{:.1}", (ratio * 100.0).abs()).replace('.', ",");
    let sign = if ratio > 0.0005 {
        "+"
    } else if ratio < -0.0005 {
        "\u{2212}"
    } else {
        ""
    };
    format!("{sign}{value}\u{a0}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_get_a_no_break_space() {
        assert_eq!(number(3903), "3\u{a0}903");
        assert_eq!(number(786), "786");
        assert_eq!(number(0), "0");
        assert_eq!(number(1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(number(100_000), "100\u{a0}000");
    }

    #[test]
    fn cells_and_changes() {
        assert_eq!(cell(Cell::Suppressed), "*");
        assert_eq!(cell(Cell::Value(12_369)), "12\u{a0}369");
        assert_eq!(change(120), "+120");
        assert_eq!(change(-1204), "\u{2212}1\u{a0}204");
        assert_eq!(change(0), "0");
        assert_eq!(percent(0.032), "+3,2\u{a0}%");
        assert_eq!(percent(-0.12), "\u{2212}12,0\u{a0}%");
    }
}
