//! One module per kind of page. Each builds its view struct from the model (no I/O) and
//! renders it with its askama template.

pub mod about;
pub mod archive;
pub mod counties;
pub mod county;
pub mod index;
pub mod measure;
pub mod quality;
pub mod revisions;

use crate::dims::{Area, MainGroup, MeasureGroup, Month};
use crate::model::Dataset;
use crate::report::Cell;
use crate::site::series::MonthCells;

/// A series of the merged data, for lookups by month.
pub fn series(
    dataset: &Dataset,
    measure_group: MeasureGroup,
    main_group: MainGroup,
    area: &Area,
) -> MonthCells {
    dataset.series(measure_group, main_group, area).collect()
}

/// A series laid over `months`, absent months as `None`, for charts.
pub fn over(months: &[Month], series: &MonthCells) -> Vec<Option<Cell>> {
    months.iter().map(|m| series.get(m).copied()).collect()
}

/// Renders a template; rendering to a string only fails on a broken `Display` impl.
pub fn render(template: &impl askama::Template) -> Vec<u8> {
    template
        .render()
        .expect("templates render to strings without error")
        .into_bytes()
}
