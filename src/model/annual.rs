//! Annual averages (årsgjennomsnitt): NAV's own yearly statistic for participants, the mean
//! of a calendar year's twelve monthly counts; the one place averages are computed, for the
//! tables, the charts and the data files alike.
//!
//! Only a complete year has an annual average: a year missing a month in the merged data has
//! none, as an average of eleven months would not be NAV's statistic. A county whose code
//! changes within a year is two series, so neither has the complete year. A chart of a whole
//! series by year also shows its incomplete years ([`year_averages`]), each marked with its
//! number of months. A suppressed month is 0–3, so a year with one is a range: the low
//! average counts each `*` as 0, the high as 3. A month without a cell is left out, never
//! counted as 0.
//!
//! Both ends are rounded to whole persons the same way, half up: NAV publishes annual
//! averages as whole persons but does not say how it rounds, so this is the site's rule.

use super::Dataset;
use crate::dims::{Area, MainGroup, MeasureGroup, Month};
use crate::report::Cell;
use std::collections::BTreeMap;

/// The average of one calendar year's months, in whole persons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Average {
    /// The calendar year.
    pub year: i32,
    /// The average with each `*` month as 0, rounded half up.
    pub low: u64,
    /// The average with each `*` month as 3, rounded half up; equal to `low` without `*`.
    pub high: u64,
    /// How many months the average is of (1–12); an annual average's are all twelve.
    pub months: u32,
}

impl Average {
    /// Whether the average is one number (no suppressed month moved it).
    pub fn is_exact(&self) -> bool {
        self.low == self.high
    }
}

/// The months of a year as a twelve-bit set, and the year's low and high sums.
#[derive(Default)]
struct Year {
    months: u16,
    low: u64,
    high: u64,
}

/// `sum / n` rounded half up, in integers so that no halfway case is lost to floating point.
fn rounded_mean(sum: u64, n: u32) -> u64 {
    let n = u64::from(n.max(1));
    (2 * sum + n) / (2 * n)
}

/// The average of each calendar year that has a cell in `cells` (one series, as
/// [`super::Dataset::series`] gives it: months in any order; a month given twice counts
/// once, the last given), oldest year first, complete or not.
pub fn year_averages(cells: impl IntoIterator<Item = (Month, Cell)>) -> Vec<Average> {
    let mut last: BTreeMap<Month, Cell> = BTreeMap::new();
    for (month, cell) in cells {
        last.insert(month, cell);
    }
    let mut years: BTreeMap<i32, Year> = BTreeMap::new();
    for (month, cell) in last {
        let Some(bit) = month.month.checked_sub(1).filter(|b| *b < 12) else {
            continue;
        };
        let year = years.entry(month.year).or_default();
        year.months |= 1 << bit;
        year.low += cell.low();
        year.high += cell.high();
    }
    years
        .into_iter()
        .map(|(year, y)| {
            let months = y.months.count_ones();
            Average {
                year,
                low: rounded_mean(y.low, months),
                high: rounded_mean(y.high, months),
                months,
            }
        })
        .collect()
}

/// The annual average of every complete calendar year of one series' cells (as
/// [`year_averages`] takes them), oldest year first.
pub fn annual_averages(cells: impl IntoIterator<Item = (Month, Cell)>) -> Vec<Average> {
    let mut averages = year_averages(cells);
    averages.retain(|a| a.months == 12);
    averages
}

impl Dataset {
    /// The annual averages of one series of the merged data (a measure group, main group and
    /// area), oldest year first: what pages and charts show beside the months.
    ///
    /// A county has averages only for years its code was valid: a later report restating
    /// old months on new counties (Østfold 31 in 2023) gives monthly cells of a code that did
    /// not exist then, and an annual statistic under that code would be one NAV never had.
    pub fn annual(
        &self,
        measure_group: MeasureGroup,
        main_group: MainGroup,
        area: &Area,
    ) -> Vec<Average> {
        let mut averages = annual_averages(self.series(measure_group, main_group, area));
        if let Some(county) = area.county() {
            averages.retain(|a| county.exists_in(a.year));
        }
        averages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(year: i32, cells: [Cell; 12]) -> Vec<(Month, Cell)> {
        cells
            .into_iter()
            .enumerate()
            .map(|(i, c)| (Month::new(year, i as u8 + 1), c))
            .collect()
    }

    #[test]
    fn a_full_year_of_numbers_is_one_number_rounded_half_up() {
        // Avklaringstiltak, I alt, 2022 in the seed report: the twelve months sum to 41 010,
        // 41 010 / 12 = 3 417.5, which rounds half up to 3 418.
        let row = [
            3903, 3783, 3782, 3666, 3723, 3361, 2345, 3178, 3416, 3367, 3362, 3124,
        ]
        .map(Cell::Value);
        assert_eq!(
            annual_averages(year(2022, row)),
            [Average {
                year: 2022,
                low: 3418,
                high: 3418,
                months: 12
            }]
        );
        // 6 / 12 = 0.5 rounds up to 1; 5 / 12 rounds down to 0.
        let mut half = [Cell::Value(0); 12];
        half[0] = Cell::Value(6);
        assert_eq!(annual_averages(year(2020, half))[0].low, 1);
        half[0] = Cell::Value(5);
        assert_eq!(annual_averages(year(2020, half))[0].low, 0);
    }

    #[test]
    fn suppressed_months_make_a_range_rounded_at_both_ends() {
        // Avklaringstiltak, Ukjent, 2022 in the seed: * * * * 4 * * * 4 * 5 7. Low: 20 / 12 =
        // 1.67, so 2; high: (20 + 8 × 3) / 12 = 3.67, so 4.
        let s = Cell::Suppressed;
        let v = Cell::Value;
        let row = [s, s, s, s, v(4), s, s, s, v(4), s, v(5), v(7)];
        let average = annual_averages(year(2022, row))[0];
        assert_eq!((average.low, average.high), (2, 4));
        assert!(!average.is_exact());
    }

    #[test]
    fn a_county_has_averages_only_for_the_years_its_code_was_valid() {
        let months = "Januar\tFebruar\tMars\tApril\tMai\tJuni\tJuli\tAugust\tSeptember\tOktober\tNovember\tDesember";
        let row = |label: &str, n: u32| format!("{label}{}\n", format!("\t{n}").repeat(12));
        // 2023 restated on the 2024 counties: Østfold is 31 here, which did not exist in 2023.
        let text = format!(
            "Januar - Desember 2023\n\nOppfølging\n\n\t{months}\n{}{}{}",
            row("I alt", 20),
            row("Østfold", 6),
            row("Oslo", 14)
        );
        let report =
            crate::report::parse(&crate::source::SourceFile::from_text("2023.txt", &text)).unwrap();
        let (dataset, _) = Dataset::from_reports(vec![report]).unwrap();
        let oppfolging = MeasureGroup::from_title("Oppfølging").unwrap();
        let annual = |label: &str| {
            let area = dataset
                .areas()
                .into_iter()
                .find(|a| a.name() == label)
                .unwrap();
            dataset.annual(oppfolging, MainGroup::ALLE, &area)
        };
        assert_eq!(annual("Østfold").len(), 0, "31 is from 2024");
        assert_eq!(annual("Oslo")[0].low, 14);
        assert_eq!(annual("I alt")[0].low, 20);
    }

    #[test]
    fn a_year_in_part_is_the_rounded_mean_of_the_months_it_has() {
        // 2021: ten months of 10, a `*`, and May absent (not 0): low 100 / 11 = 9.09, so 9;
        // high 103 / 11 = 9.36, so 9 too, with a `*` in it all the same.
        let mut cells: Vec<(Month, Cell)> = year(2021, [Cell::Value(10); 12]);
        cells[3].1 = Cell::Suppressed;
        cells.remove(4);
        // 2022: January 10 and February `*`: 5 to 6.5, so 5 to 7.
        cells.push((Month::new(2022, 1), Cell::Value(10)));
        cells.push((Month::new(2022, 2), Cell::Suppressed));
        let averages = year_averages(cells.clone());
        assert_eq!(
            averages
                .iter()
                .map(|a| (a.year, a.low, a.high, a.months))
                .collect::<Vec<_>>(),
            [(2021, 9, 9, 11), (2022, 5, 7, 2)]
        );
        assert!(
            annual_averages(cells).is_empty(),
            "neither year is complete"
        );
        assert!(year_averages(Vec::new()).is_empty());
    }

    #[test]
    fn only_complete_years_count() {
        // Newest first; 2023 has January twice, the last given counts; 2022 lacks December.
        let mut cells = year(2023, [Cell::Value(24); 12]);
        cells.push((Month::new(2023, 1), Cell::Value(0)));
        cells.extend(year(2022, [Cell::Value(1); 12]).into_iter().take(11));
        cells.extend(year(2021, [Cell::Value(12); 12]));
        let averages = annual_averages(cells);
        assert_eq!(
            averages.iter().map(|a| (a.year, a.low)).collect::<Vec<_>>(),
            [(2021, 12), (2023, 22)]
        );
        assert!(annual_averages(Vec::new()).is_empty());
    }
}
