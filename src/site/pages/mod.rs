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

/// One chart of a grid of small charts, with the name it is captioned by.
pub struct Small {
    /// The series it shows.
    pub name: String,
    /// The chart.
    pub svg: String,
}

/// Many series drawn as a grid of small charts, one per series, so that no chart has more
/// lines than a reader can tell apart.
pub struct Multiples {
    /// The grid as a figure: its id, citation, and (on the main pages) the grid as one SVG
    /// file and its numbers as CSV.
    pub figure: crate::site::chart_figure::ChartFigure,
    /// What the grid shows, in words (which months, which scale).
    pub note: String,
    /// The latest months of each series, on one shared scale.
    pub shared: Vec<Small>,
    /// The same with a scale of its own each, offered when one series dwarfs another, so
    /// the small ones' ups and downs show; empty otherwise.
    pub own: Vec<Small>,
    /// Each series' annual averages over the whole period, when the grid above shows only
    /// the latest months; empty otherwise.
    pub annual: Vec<Small>,
}

/// A series dwarfs another when its largest value is this many times the other's.
const DWARFS: u64 = 5;

/// The latest months a chart of `months` shows, and each of `series` over them.
fn recent_lines<'a>(
    months: &'a [Month],
    series: &[(&'a str, &MonthCells)],
) -> (&'a [Month], Vec<crate::chart::Series<'a>>) {
    let shown = crate::chart::latest(months, crate::chart::style::RECENT_MONTHS);
    let lines = series
        .iter()
        .map(|(name, cells)| crate::chart::Series {
            name,
            values: over(shown, cells),
        })
        .collect();
    (shown, lines)
}

/// The small charts of `series` over the latest months, on one scale, as one SVG of three
/// columns: the main chart of a page of many series, as its link preview shows it.
pub fn preview_grid(
    title: &str,
    what: &str,
    months: &[Month],
    series: &[(&str, &MonthCells)],
) -> String {
    use crate::chart;
    let (shown, lines) = recent_lines(months, series);
    const COLUMNS: usize = 3;
    let svgs = chart::picture_multiples("forhandsvisning", what, shown, &lines, COLUMNS);
    let named: Vec<(&str, String)> = series.iter().map(|(n, _)| *n).zip(svgs).collect();
    chart::grid("forhandsvisning-alle", title, title, &named, COLUMNS)
}

/// The small charts of `series` (a name and its cells) over `months`, `what` saying what
/// is counted (for the charts' names).
pub fn multiples(
    id: &str,
    what: &str,
    months: &[Month],
    series: &[(&str, &MonthCells)],
    figure: (&crate::site::chart_figure::FigurePage, &str, &str),
) -> (Multiples, Vec<(String, Vec<u8>)>) {
    use crate::chart::{self, Scale};
    let (shown, lines) = recent_lines(months, series);
    let small = |svgs: Vec<String>| -> Vec<Small> {
        series
            .iter()
            .zip(svgs)
            .map(|((name, _), svg)| Small {
                name: name.to_string(),
                svg,
            })
            .collect()
    };
    let highs: Vec<u64> = lines
        .iter()
        .filter_map(|s| s.values.iter().filter_map(|v| v.map(|c| c.high())).max())
        .collect();
    let dwarfs = match (highs.iter().max(), highs.iter().filter(|h| **h > 0).min()) {
        (Some(max), Some(min)) => *max > DWARFS * min,
        _ => false,
    };
    let shared = small(chart::small_multiples(
        id,
        what,
        shown,
        &lines,
        Scale::Shared,
    ));
    let own = if dwarfs {
        small(chart::small_multiples(
            &format!("{id}-egen"),
            what,
            shown,
            &lines,
            Scale::Own,
        ))
    } else {
        Vec::new()
    };
    let long = shown.len() < months.len();
    let annual = if long {
        let means: Vec<(&str, Vec<_>)> = series
            .iter()
            .map(|(name, cells)| (*name, crate::model::annual::year_averages(cells.iter())))
            .collect();
        small(chart::small_annual_charts(
            &format!("{id}-aar"),
            "årsgjennomsnitt",
            &means,
        ))
    } else {
        Vec::new()
    };
    let period = match (shown.first(), shown.last()) {
        (Some(a), Some(b)) if a != b => format!(
            "{}–{}",
            a.long_label().to_lowercase(),
            b.long_label().to_lowercase()
        ),
        (Some(a), _) => a.long_label().to_lowercase(),
        _ => String::new(),
    };
    let mut note =
        format!("Én graf per serie, {period}, alle på samme skala, så høyden kan sammenlignes.");
    if lines
        .iter()
        .any(|s| s.values.contains(&Some(crate::report::Cell::Suppressed)))
    {
        note.push_str(" Skravert felt med * er et skjult tall (0–3), ikke null.");
    }
    if long {
        note.push_str(" Grafene viser de siste 36 månedene; hele perioden står som årsgjennomsnitt lenger ned.");
    }
    let (page, figure_id, title) = figure;
    let svgs: Vec<(&str, String)> = shared
        .iter()
        .map(|s| (s.name.as_str(), s.svg.clone()))
        .collect();
    let (figure, files) = page.figure(
        figure_id,
        title,
        |title| chart::grid(&format!("{id}-fil"), title, &note, &svgs, 3),
        &crate::site::chart_figure::line_points(shown, &lines),
    );
    (
        Multiples {
            figure,
            note,
            shared,
            own,
            annual,
        },
        files,
    )
}
