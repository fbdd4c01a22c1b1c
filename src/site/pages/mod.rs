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

/// Every series of one measure group, made in one walk over its cells: a measure group's
/// page shows a series per main group and area, and looking each up in the merged cells
/// searched them twice per series.
pub struct GroupSeries<'a>(Vec<(MainGroup, &'a Area, MonthCells)>);

impl<'a> GroupSeries<'a> {
    /// The series of `measure_group`, in key order.
    pub fn new(dataset: &'a Dataset, measure_group: MeasureGroup) -> GroupSeries<'a> {
        let mut runs: Vec<(MainGroup, &Area, Vec<_>)> = Vec::new();
        for (key, observation) in dataset.cells_of(measure_group) {
            let cell: (Month, Cell) = (key.month, observation.cell);
            match runs.last_mut() {
                Some((g, a, cells)) if *g == key.main_group && **a == key.area => cells.push(cell),
                _ => runs.push((key.main_group, &key.area, vec![cell])),
            }
        }
        let series = runs
            .into_iter()
            .map(|(g, a, cells)| (g, a, cells.into_iter().collect()));
        GroupSeries(series.collect())
    }

    /// The series of one main group and area: what [`series`] gives.
    pub fn get(&self, main_group: MainGroup, area: &Area) -> MonthCells {
        self.0
            .binary_search_by(|(g, a, _)| (*g, *a).cmp(&(main_group, area)))
            .map(|at| self.0[at].2.clone())
            .unwrap_or_default()
    }
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
