//! Annual averages of monthly counts, the one place they are computed, for the charts, the
//! tables and the data files alike.
//!
//! An average over months with `*` cells is a range, as every sum over them is: the low end
//! counts each `*` as 0, the high end as 3. A month without a cell is left out, not counted
//! as 0, and each average says how many months it is of.

use crate::dims::Month;
use crate::report::Cell;

/// A year's average of the months that have a cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YearMean {
    /// The year.
    pub year: i32,
    /// The average with every `*` as 0.
    pub low: f64,
    /// The average with every `*` as 3; equal to `low` when no month is suppressed.
    pub high: f64,
    /// How many months have a cell (1–12).
    pub months: usize,
}

impl YearMean {
    /// Whether the average is one number, not a range.
    pub fn is_exact(&self) -> bool {
        self.low == self.high
    }
}

/// The average of each year of `cells` (a month and its cell, absent months as `None`),
/// oldest year first. Years without any cell are left out.
pub fn year_means<'a>(
    cells: impl IntoIterator<Item = (&'a Month, &'a Option<Cell>)>,
) -> Vec<YearMean> {
    let mut means: Vec<(i32, u64, u64, usize)> = Vec::new();
    for (month, cell) in cells {
        let Some(cell) = cell else { continue };
        match means.last_mut() {
            Some(last) if last.0 == month.year => {
                last.1 += cell.low();
                last.2 += cell.high();
                last.3 += 1;
            }
            _ => means.push((month.year, cell.low(), cell.high(), 1)),
        }
    }
    means.sort_by_key(|m| m.0);
    means
        .into_iter()
        .map(|(year, low, high, months)| YearMean {
            year,
            low: low as f64 / months as f64,
            high: high as f64 / months as f64,
            months,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Cell::{Suppressed as S, Value as V};

    #[test]
    fn averages_are_ranges_where_a_month_is_suppressed() {
        let months: Vec<Month> = (1..=14)
            .map(|i| Month::new(2021 + (i - 1) / 12, ((i - 1) % 12 + 1) as u8))
            .collect();
        let mut cells = vec![Some(V(10)); 14];
        cells[3] = Some(S);
        cells[4] = None;
        cells[13] = Some(S);
        let means = year_means(months.iter().zip(&cells));
        // 2021: ten months of 10 and one `*` over 11 months (May is absent).
        assert_eq!(means[0].year, 2021);
        assert_eq!(means[0].months, 11);
        assert!((means[0].low - 100.0 / 11.0).abs() < 1e-9);
        assert!((means[0].high - 103.0 / 11.0).abs() < 1e-9);
        assert!(!means[0].is_exact());
        // 2022: January 10, February `*`: 5 to 6.5.
        assert_eq!(
            (means[1].low, means[1].high, means[1].months),
            (5.0, 6.5, 2)
        );
        let exact = year_means(months[..2].iter().zip(&cells[..2]));
        assert!(exact[0].is_exact());
        assert!(year_means(months.iter().zip(&vec![None; 14])).is_empty());
    }
}
