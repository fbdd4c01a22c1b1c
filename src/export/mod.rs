//! Data downloads: the merged series as CSV and as one JSON-stat dataset per measure group.
//!
//! Every number here is a report's number: a suppressed cell is an empty value with
//! `suppressed = true` (CSV) or `null` with status `*` (JSON-stat), never 0.

mod csv;
mod jsonstat;

pub use self::csv::{
    annual_csv, comparable_csv, figure_csv, join_csv, observations_csv, revisions_csv,
};
pub use self::jsonstat::{jsonstat, JsonStat};
