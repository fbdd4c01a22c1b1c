//! Key figures: the latest month's value and how it changed.

use crate::dims::Month;
use crate::format;
use crate::report::Cell;
use crate::site::series::MonthCells;

/// A change from an earlier month, ready to show.
#[derive(Debug, Clone)]
pub struct Change {
    /// `+120 (+3,2 %)`.
    pub text: String,
    /// `opp`, `ned` or `uendret`: the CSS class and the word for screen readers.
    pub direction: &'static str,
    /// What it is compared with: `fra november 2022`.
    pub against: String,
}

/// A value in the latest month with its changes from the month before and the year before.
#[derive(Debug, Clone)]
pub struct Figure {
    /// What the figure counts.
    pub label: String,
    /// A link to the page about it, relative to the page shown.
    pub href: Option<String>,
    /// The value (`3 124`, or `*` when suppressed, `–` when absent).
    pub value: String,
    /// The change from the month before, when both months have numbers.
    pub month_change: Option<Change>,
    /// The change from the same month a year earlier, when both months have numbers.
    pub year_change: Option<Change>,
}

/// The change between two cells, if both are numbers.
pub fn change(now: Option<Cell>, then: Option<Cell>, then_month: Month) -> Option<Change> {
    let (now, then) = (now?.value()?, then?.value()?);
    let delta = i64::from(now) - i64::from(then);
    let relative = if then == 0 {
        String::new()
    } else {
        format!(" ({})", format::percent(delta as f64 / f64::from(then)))
    };
    let direction = match delta.signum() {
        1 => "opp",
        -1 => "ned",
        _ => "uendret",
    };
    Some(Change {
        text: format!("{}{relative}", format::change(delta)),
        direction,
        against: format!("fra {}", then_month.long_label().to_lowercase()),
    })
}

impl Figure {
    /// The figure of a series in `month`.
    pub fn new(label: String, href: Option<String>, series: &MonthCells, month: Month) -> Figure {
        let now = series.get(&month).copied();
        Figure {
            label,
            href,
            value: now.map_or_else(|| "–".to_string(), format::cell),
            month_change: change(now, series.get(&month.pred()).copied(), month.pred()),
            year_change: change(
                now,
                series.get(&month.year_before()).copied(),
                month.year_before(),
            ),
        }
    }
}
