//! A series as pages look it up: the cells of one measure group, main group and area, by
//! month.

use crate::dims::Month;
use crate::report::Cell;

/// One series' cells, sorted by month. Pages look cells up by month for tables, charts and
/// key figures; a sorted list is made in one allocation, where a map of ten years of months
/// is hundreds of nodes, and a main page makes a thousand such series each build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonthCells(Vec<(Month, Cell)>);

impl MonthCells {
    /// The cell of `month`, if the series has one.
    pub fn get(&self, month: &Month) -> Option<&Cell> {
        self.0
            .binary_search_by(|(m, _)| m.cmp(month))
            .ok()
            .map(|at| &self.0[at].1)
    }

    /// Whether the series has a cell in `month`.
    pub fn contains_key(&self, month: &Month) -> bool {
        self.get(month).is_some()
    }

    /// The cells, oldest month first.
    pub fn iter(&self) -> impl Iterator<Item = (Month, Cell)> + '_ {
        self.0.iter().copied()
    }

    /// Whether the series has no cell at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(Month, Cell)> for MonthCells {
    /// Collects cells in any order; a month given twice keeps its last cell, as a map would.
    fn from_iter<I: IntoIterator<Item = (Month, Cell)>>(cells: I) -> MonthCells {
        let mut cells: Vec<(Month, Cell)> = cells.into_iter().collect();
        if !cells.is_sorted_by(|a, b| a.0 < b.0) {
            // Stable, so of equal months the last given comes last; keep that one.
            cells.sort_by_key(|(m, _)| *m);
            let mut kept: Vec<(Month, Cell)> = Vec::with_capacity(cells.len());
            for cell in cells {
                match kept.last_mut() {
                    Some(last) if last.0 == cell.0 => *last = cell,
                    _ => kept.push(cell),
                }
            }
            cells = kept;
        }
        MonthCells(cells)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn looks_up_as_a_map_of_the_same_cells_does() {
        let given = [
            (Month::new(2022, 3), Cell::Value(3)),
            (Month::new(2021, 12), Cell::Suppressed),
            (Month::new(2022, 1), Cell::Value(1)),
            (Month::new(2022, 3), Cell::Value(30)),
        ];
        let ours: MonthCells = given.into_iter().collect();
        let map: BTreeMap<Month, Cell> = given.into_iter().collect();
        for year in 2021..=2022 {
            for month in 1..=12 {
                let month = Month::new(year, month);
                assert_eq!(ours.get(&month), map.get(&month), "{month:?}");
                assert_eq!(ours.contains_key(&month), map.contains_key(&month));
            }
        }
        assert!(!ours.is_empty() && MonthCells::default().is_empty());
    }
}
