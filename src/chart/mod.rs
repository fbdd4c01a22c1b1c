//! TEMPORARY stub; replaced by the real chart module.
use crate::dims::Month;
use crate::report::Cell;
pub struct Series<'a> {
    pub name: &'a str,
    pub values: Vec<Option<Cell>>,
}
pub fn line_chart(id: &str, title: &str, _months: &[Month], _series: &[Series]) -> String {
    format!(
        "<svg role=\"img\" id=\"{id}\"><title>{}</title></svg>",
        title.replace('<', "&lt;")
    )
}
pub fn bar_chart(id: &str, title: &str, _unit: &str, _bars: &[(String, Cell)]) -> String {
    format!(
        "<svg role=\"img\" id=\"{id}\"><title>{}</title></svg>",
        title.replace('<', "&lt;")
    )
}
pub fn sparkline(id: &str, title: &str, _months: &[Month], _values: &[Option<Cell>]) -> String {
    format!(
        "<svg role=\"img\" id=\"{id}\"><title>{}</title></svg>",
        title.replace('<', "&lt;")
    )
}
