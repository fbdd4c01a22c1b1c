//! Tables of numbers as pages show them: rows of areas or measure groups, a column a month.

use crate::dims::Month;
use crate::format;
use crate::report::Cell;
use crate::site::series::MonthCells;

/// A table ready for the `table.html` template.
#[derive(Debug, Clone)]
pub struct TableView {
    /// The `<caption>`.
    pub caption: String,
    /// The header of the first column (`Fylke`, `Tiltaksgruppe`).
    pub corner: &'static str,
    /// The column heads: short month names, with the year where it starts (`jan. 2022`, `feb.`).
    pub months: Vec<String>,
    /// The rows.
    pub rows: Vec<RowView>,
    /// Whether any cell is suppressed, so the table's note explains `*`.
    pub has_suppressed: bool,
    /// Whether any cell is absent, so the table's note explains `–`.
    pub has_absent: bool,
}

/// One row of a [`TableView`].
#[derive(Debug, Clone)]
pub struct RowView {
    /// The row head.
    pub label: String,
    /// A link for the row head, relative to the page, if the row has a page.
    pub href: Option<String>,
    /// Whether this is the `I alt` row (shown in bold).
    pub total: bool,
    /// One cell per column.
    pub cells: Vec<CellView>,
}

/// One cell of a [`TableView`].
#[derive(Debug, Clone)]
pub struct CellView {
    /// The text: the number, `*` or `–`.
    pub text: String,
    /// The cell's class: `""`, `"s"` (suppressed) or `"a"` (absent).
    pub class: &'static str,
}

/// A row before formatting: its head and its cells by month.
pub struct RowData {
    /// The row head.
    pub label: String,
    /// A link for the row head.
    pub href: Option<String>,
    /// Whether this is the `I alt` row.
    pub total: bool,
    /// The cells the data has; months without one show as absent.
    pub cells: MonthCells,
}

impl TableView {
    /// Lays out rows over the given months. A row is shown only if it has a cell in one of
    /// them: rows are never invented. The rows are borrowed, as a page lays the same rows
    /// out over each year.
    pub fn new(
        caption: String,
        corner: &'static str,
        months: &[Month],
        rows: &[RowData],
    ) -> TableView {
        let mut has_suppressed = false;
        let mut has_absent = false;
        let rows = rows
            .iter()
            .filter(|r| months.iter().any(|m| r.cells.contains_key(m)))
            .map(|r| RowView {
                cells: months
                    .iter()
                    .map(|m| match r.cells.get(m) {
                        Some(Cell::Suppressed) => {
                            has_suppressed = true;
                            CellView {
                                text: "*".into(),
                                class: "s",
                            }
                        }
                        Some(cell) => CellView {
                            text: format::cell(*cell),
                            class: "",
                        },
                        None => {
                            has_absent = true;
                            CellView {
                                text: "–".into(),
                                class: "a",
                            }
                        }
                    })
                    .collect(),
                label: r.label.clone(),
                href: r.href.clone(),
                total: r.total,
            })
            .collect();
        // The year stands at the first column and wherever a new year starts.
        let months = months
            .iter()
            .enumerate()
            .map(|(i, m)| {
                if i == 0 || m.month == 1 {
                    format!("{} {}", m.short_name(), m.year)
                } else {
                    m.short_name().to_string()
                }
            })
            .collect();
        TableView {
            caption,
            corner,
            months,
            rows,
            has_suppressed,
            has_absent,
        }
    }
}

/// The latest twelve months: what a table shows by default.
pub fn latest_twelve(months: &[Month]) -> &[Month] {
    &months[months.len().saturating_sub(12)..]
}

/// The months grouped by year, newest year first, for the year-by-year tables.
pub fn by_year(months: &[Month]) -> Vec<(i32, Vec<Month>)> {
    let mut years: Vec<(i32, Vec<Month>)> = Vec::new();
    for month in months {
        match years.last_mut() {
            Some((year, list)) if *year == month.year => list.push(*month),
            _ => years.push((month.year, vec![*month])),
        }
    }
    years.reverse();
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_never_invented_and_gaps_are_marked() {
        let months = [Month::new(2022, 1), Month::new(2022, 2)];
        let rows = vec![
            RowData {
                label: "Agder".into(),
                href: None,
                total: false,
                cells: [(months[1], Cell::Suppressed)].into_iter().collect(),
            },
            RowData {
                label: "Oslo".into(),
                href: None,
                total: false,
                cells: [(Month::new(2021, 12), Cell::Value(5))]
                    .into_iter()
                    .collect(),
            },
        ];
        let table = TableView::new("T".into(), "Fylke", &months, &rows);
        assert_eq!(table.rows.len(), 1, "Oslo has no cell in these months");
        let cells: Vec<(&str, &str)> = table.rows[0]
            .cells
            .iter()
            .map(|c| (c.text.as_str(), c.class))
            .collect();
        assert_eq!(cells, [("–", "a"), ("*", "s")]);
        assert!(table.has_suppressed && table.has_absent);
    }

    #[test]
    fn months_split_into_the_latest_twelve_and_years() {
        let months: Vec<Month> = crate::dims::Period {
            start: Month::new(2021, 7),
            end: Month::new(2023, 2),
        }
        .months()
        .collect();
        assert_eq!(latest_twelve(&months).first(), Some(&Month::new(2022, 3)));
        let years = by_year(&months);
        assert_eq!(
            years.iter().map(|(y, m)| (*y, m.len())).collect::<Vec<_>>(),
            [(2023, 2), (2022, 12), (2021, 6)]
        );
    }
}
