//! Tables of annual averages as pages show them: rows of areas or measure groups, a column a
//! complete year.

use crate::format;
use crate::model::annual::Average;

/// A table of annual averages, ready for the `annual_table` macro.
#[derive(Debug, Clone)]
pub struct AnnualTable {
    /// The `<caption>`.
    pub caption: String,
    /// The header of the first column (`Fylke`, `Tiltaksgruppe`).
    pub corner: &'static str,
    /// The column heads: every year that some row has complete.
    pub years: Vec<i32>,
    /// The rows that have at least one complete year.
    pub rows: Vec<AnnualRow>,
    /// Whether any average is a range, so the note explains it.
    pub has_range: bool,
    /// Whether some row lacks a year another has, so the note explains `–`.
    pub has_absent: bool,
}

/// One row of an [`AnnualTable`].
#[derive(Debug, Clone)]
pub struct AnnualRow {
    /// The row head.
    pub label: String,
    /// A link for the row head, relative to the site's root, if the row has a page.
    pub href: Option<String>,
    /// Whether this is the `I alt` row (shown in bold).
    pub total: bool,
    /// One text a year: the average, a range (`2–4`) or `–`.
    pub cells: Vec<String>,
}

impl AnnualTable {
    /// Lays out rows of averages (each row's label, link, whether it is the total, and its
    /// averages) over the years any of them has. `None` when no row has a complete year, so
    /// the page shows no empty table.
    pub fn new(
        caption: String,
        corner: &'static str,
        rows: Vec<(String, Option<String>, bool, Vec<Average>)>,
    ) -> Option<AnnualTable> {
        let mut years: Vec<i32> = rows
            .iter()
            .flat_map(|r| r.3.iter().map(|a| a.year))
            .collect();
        years.sort_unstable();
        years.dedup();
        if years.is_empty() {
            return None;
        }
        let mut has_range = false;
        let mut has_absent = false;
        let rows = rows
            .into_iter()
            .filter(|r| !r.3.is_empty())
            .map(|(label, href, total, averages)| AnnualRow {
                cells: years
                    .iter()
                    .map(|y| match averages.iter().find(|a| a.year == *y) {
                        Some(a) => {
                            has_range |= !a.is_exact();
                            format::range(a.low, a.high)
                        }
                        None => {
                            has_absent = true;
                            "–".to_string()
                        }
                    })
                    .collect(),
                label,
                href,
                total,
            })
            .collect();
        Some(AnnualTable {
            caption,
            corner,
            years,
            rows,
            has_range,
            has_absent,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_missing_years_are_shown_as_such() {
        let average = |year, low, high| Average {
            year,
            low,
            high,
            months: 12,
        };
        let table = AnnualTable::new(
            "T".into(),
            "Fylke",
            vec![
                (
                    "I alt".into(),
                    None,
                    true,
                    vec![average(2021, 1233, 1233), average(2022, 1233, 1234)],
                ),
                ("Ukjent".into(), None, false, vec![average(2022, 2, 4)]),
                ("Oslo".into(), None, false, Vec::new()),
            ],
        )
        .unwrap();
        assert_eq!(table.years, [2021, 2022]);
        let cells: Vec<&[String]> = table.rows.iter().map(|r| r.cells.as_slice()).collect();
        assert_eq!(
            cells,
            [
                &["1\u{a0}233", "1\u{a0}233–1\u{a0}234"][..],
                &["–", "2–4"][..]
            ]
        );
        assert!(table.has_range && table.has_absent);
        assert!(AnnualTable::new("T".into(), "Fylke", Vec::new()).is_none());
    }
}
