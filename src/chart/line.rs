//! The line chart: one or more series over the months of a report, a row of small charts
//! of one series each, and the annual averages of a long series.
//!
//! Months sit in the middle of equal slots, so a suppressed month's mark has a slot to fill
//! and the first and last labels are not cut at the edges. The y-axis starts at 0: these are
//! counts of people, and a cut axis would make small changes look large.

use super::style::{self, Marker, INK};
use super::{
    clean, fit, format, month_text, nice_axis, period_text, series_summary, suppressed_where,
    text_style, Area, Canvas, DrawResult, Series, SUPPRESSED_NOTE,
};
use crate::dims::Month;
use crate::model::annual::Average;
use crate::report::Cell;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Draws a line chart of `series` over `months` as inline SVG.
///
/// `id` is a page-unique prefix for the SVG's `<title>`/`<desc>` element ids (e.g.
/// "chart-total"). `title` is the accessible name only; it is not drawn, as the page shows
/// its own heading or caption and a drawn title would repeat it (and not fit on a phone).
///
/// At most [`style::MAX_SERIES`] series are drawn, so that every line looks different
/// from every other; a page with more draws [`small_multiples`]. A line breaks at absent
/// months (plain gap) and at suppressed months, where a hatched mark from 0 to 3 with a `*`
/// in the series colour shows "0–3" instead. A legend is drawn when there are two series or
/// more, or when the `*` needs explaining.
pub fn line_chart(id: &str, title: &str, months: &[Month], series: &[Series]) -> String {
    let series = &series[..series.len().min(style::MAX_SERIES)];
    lines(
        id,
        title,
        &describe(months, series),
        months,
        series,
        Look::FULL,
    )
}

/// How the y-axis of [`small_multiples`] is scaled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// One scale for all, so the charts compare by height.
    Shared,
    /// Each chart its own, so a small series' ups and downs show.
    Own,
}

/// One small line chart per series, each named `{series}: {what}`, all over `months`: the
/// way to compare many series without a tangle of lines. With [`Scale::Shared`] the y-axes
/// are the same, so a taller line is a larger number.
pub fn small_multiples(
    id: &str,
    what: &str,
    months: &[Month],
    series: &[Series],
    scale: Scale,
) -> Vec<String> {
    multiples(id, what, months, series, scale, &|_| Look::SMALL)
}

/// [`small_multiples`] on a shared scale, drawn for a picture (a link preview) of a grid of
/// `columns`: the y-axis names only its bottom and top, on the left column's charts; the
/// x-axis only the years, on the charts with none below them; and a run of suppressed
/// months is its hatched band without the `*` over it. Nine charts fit in a preview's
/// corner, where the full set of labels would be too small to read, and each label is a
/// shape to draw.
pub fn picture_multiples(
    id: &str,
    what: &str,
    months: &[Month],
    series: &[Series],
    columns: usize,
) -> Vec<String> {
    let columns = columns.max(1);
    let look = |i: usize| Look {
        picture: true,
        y_labels: i.is_multiple_of(columns),
        x_labels: i + columns >= series.len(),
        ..Look::SMALL
    };
    multiples(id, what, months, series, Scale::Shared, &look)
}

/// The small charts of [`small_multiples`], the `i`th drawn with `look(i)` on the given
/// scale.
fn multiples(
    id: &str,
    what: &str,
    months: &[Month],
    series: &[Series],
    scale: Scale,
    look: &dyn Fn(usize) -> Look,
) -> Vec<String> {
    let shared = match scale {
        Scale::Shared => Some(series.iter().map(|s| max_of(months, s)).max().unwrap_or(0)),
        Scale::Own => None,
    };
    series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let one = std::slice::from_ref(s);
            let look = Look {
                y_max: shared,
                ..look(i)
            };
            lines(
                &format!("{id}-{i}"),
                &format!("{}: {what}", clean(s.name)),
                &describe(months, one),
                months,
                one,
                look,
            )
        })
        .collect()
}

/// How a line chart is drawn: the full chart, or a small one of a row of them.
#[derive(Debug, Clone, Copy)]
struct Look {
    /// The viewBox width.
    width: u32,
    /// The plotting area's height.
    plot_height: u32,
    /// Whether the year goes under the month labels where it changes (off when the months
    /// stand for every year).
    label_years: bool,
    /// The largest value the y-axis must hold, when shared with other charts; else the
    /// chart's own largest.
    y_max: Option<u64>,
    /// Whether the chart is drawn for a picture: fewer labels, no `*` over the marks (see
    /// [`picture_multiples`]).
    picture: bool,
    /// Whether the y-axis and the x-axis are labelled (a grid of charts on one scale needs
    /// the labels on its outer charts only).
    y_labels: bool,
    x_labels: bool,
}

impl Look {
    const FULL: Look = Look {
        width: style::WIDTH,
        plot_height: style::LINE_PLOT_HEIGHT,
        label_years: true,
        y_max: None,
        picture: false,
        y_labels: true,
        x_labels: true,
    };
    const SMALL: Look = Look {
        width: style::SMALL_WIDTH,
        plot_height: style::SMALL_PLOT_HEIGHT,
        label_years: true,
        y_max: None,
        picture: false,
        y_labels: true,
        x_labels: true,
    };
}

/// The largest value of a series over `months`, a `*` counting as its high end, 3.
fn max_of(months: &[Month], series: &Series) -> u64 {
    series
        .values
        .iter()
        .take(months.len())
        .filter_map(|v| v.map(|c| c.high()))
        .max()
        .unwrap_or(0)
}

/// Year against year: one line per year over January–December, so each month can be read
/// against the same month of other years. Each series is named by its year and holds one
/// value per month, January first (absent where the year has no such month).
pub fn year_chart(id: &str, title: &str, years: &[(i32, Vec<Option<Cell>>)]) -> String {
    let years = &years[years.len().saturating_sub(style::MAX_SERIES)..];
    let names: Vec<String> = years.iter().map(|(year, _)| year.to_string()).collect();
    let series: Vec<Series> = years
        .iter()
        .zip(&names)
        .map(|((_, values), name)| Series {
            name,
            values: values.clone(),
        })
        .collect();
    // The months of any one year stand for every year; their year is never drawn.
    let months: Vec<Month> = (1..=12)
        .map(|m| Month::new(years.last().map_or(2000, |(y, _)| *y), m))
        .collect();
    let mut desc = format!(
        "Linjediagram som sammenligner årene {} måned for måned.",
        super::join_and(&names)
    );
    for (year, values) in years {
        let months: Vec<Month> = (1..=12).map(|m| Month::new(*year, m)).collect();
        desc.push(' ');
        desc.push_str(&series_summary(&year.to_string(), &months, values));
    }
    let look = Look {
        label_years: false,
        ..Look::FULL
    };
    lines(id, title, &desc, &months, &series, look)
}

/// The description: kind, period, series, the first series' highest and lowest month, and
/// where values are suppressed.
fn describe(months: &[Month], series: &[Series]) -> String {
    let period = period_text(months);
    let Some(first) = series.first() else {
        return format!("Linjediagram {period} uten tall.");
    };
    let names: Vec<String> = series.iter().map(|s| clean(s.name)).collect();
    let mut text = if let [name] = names.as_slice() {
        format!("Linjediagram {period} med serien {name}. ")
    } else {
        format!(
            "Linjediagram {period} med {} serier: {}. ",
            names.len(),
            super::join_and(&names)
        )
    };
    text.push_str(&series_summary(first.name, months, &first.values));
    for (s, name) in series.iter().zip(&names).skip(1) {
        if let Some(at) = suppressed_where(months, &s.values) {
            text.push_str(&format!(" {name}: skjult (*, 0–3) {at}."));
        }
    }
    if series
        .iter()
        .any(|s| s.values.contains(&Some(Cell::Suppressed)))
    {
        text.push(' ');
        text.push_str(SUPPRESSED_NOTE);
    }
    text
}

/// One entry of the legend.
enum Key<'a> {
    /// A series: its index (for its style) and name.
    Series(usize, &'a str),
    /// What the hatched `*` marks mean.
    Suppressed,
}

/// The legend text for suppressed values.
const SUPPRESSED_KEY: &str = "* skjult tall (0–3)";

/// The length of a legend's line sample, and the room from its start to the text.
const SWATCH: u32 = 34;
const SWATCH_ROOM: u32 = SWATCH + 8;
/// The room between two legend entries on a row.
const KEY_GAP: u32 = 22;

/// Where everything goes, worked out before drawing, as the drawing's height depends on it.
struct Layout<'a> {
    /// The chart's full width and height.
    width: u32,
    height: u32,
    /// The plotting area's distance from the left edge (the y labels' room).
    left: u32,
    /// The plotting area's distance from the top edge (the legend's room).
    top: u32,
    /// The plotting area's height.
    plot_height: u32,
    /// The top of the y-axis and the step between grid lines.
    y_top: u64,
    y_step: u64,
    /// Legend entries, each with its row and x position.
    legend: Vec<(Key<'a>, u32, u32, String)>,
}

impl<'a> Layout<'a> {
    fn new(months: &[Month], series: &'a [Series], look: Look) -> Layout<'a> {
        let max = look
            .y_max
            .unwrap_or_else(|| series.iter().map(|s| max_of(months, s)).max().unwrap_or(0));
        let (y_top, y_step) = nice_axis(max);
        let label_width = (0..=y_top)
            .step_by(y_step as usize)
            .map(|t| style::text_width(&format::number(t), style::FONT_SIZE))
            .max()
            .unwrap_or(0);
        let left = style::PAD + label_width + 8;

        let any_suppressed = series.iter().any(|s| {
            s.values
                .iter()
                .take(months.len())
                .any(|v| *v == Some(Cell::Suppressed))
        });
        let mut keys: Vec<Key> = Vec::new();
        if series.len() >= 2 {
            keys.extend(
                series
                    .iter()
                    .enumerate()
                    .map(|(i, s)| Key::Series(i, s.name)),
            );
        }
        // Small charts leave the `*` to the page's note: a legend in some of them only
        // would set the grid's charts at different heights.
        if any_suppressed && look.width == style::WIDTH {
            keys.push(Key::Suppressed);
        }
        let room = look.width - 2 * style::PAD;
        let (mut row, mut x) = (0, style::PAD);
        let mut legend = Vec::new();
        for key in keys {
            let text = match key {
                Key::Series(_, name) => clean(name),
                Key::Suppressed => SUPPRESSED_KEY.to_string(),
            };
            let text = fit(&text, room - SWATCH_ROOM, style::FONT_SIZE);
            let width = SWATCH_ROOM + style::text_width(&text, style::FONT_SIZE);
            if x > style::PAD && x + width > style::PAD + room {
                row += 1;
                x = style::PAD;
            }
            legend.push((key, row, x, text));
            x += width + KEY_GAP;
        }
        let legend_height = if legend.is_empty() {
            0
        } else {
            (row + 1) * style::LINE_HEIGHT + 8
        };
        // Room above the top grid line for the half of its label that sticks out.
        let top = style::PAD + legend_height + style::FONT_SIZE / 2 + 4;
        let label_rows = if look.label_years && !look.picture {
            2
        } else {
            1
        };
        let bottom = 8 + label_rows * style::LINE_HEIGHT + style::PAD;
        Layout {
            width: look.width,
            height: top + look.plot_height + bottom,
            left,
            top,
            plot_height: look.plot_height,
            y_top,
            y_step,
            legend,
        }
    }

    /// Where month slot `x` (0 is the first month's middle) and value `y` are drawn, in
    /// viewBox units.
    fn at(&self, months: usize, x: f64, y: f64) -> (i32, i32) {
        let plot_width = f64::from(self.width - self.left - style::PAD);
        let px = f64::from(self.left) + (x + 0.5) / months.max(1) as f64 * plot_width;
        let bottom = f64::from(self.top + self.plot_height);
        let py = bottom - y / self.y_top as f64 * f64::from(self.plot_height);
        (px.round() as i32, py.round() as i32)
    }
}

/// Draws one marker centred on `at` (viewBox units).
pub(super) fn draw_marker(
    root: &Area,
    marker: Marker,
    at: (i32, i32),
    color: RGBColor,
) -> DrawResult {
    let fill = color.filled();
    let r = style::MARKER_SIZE as i32;
    let (x, y) = at;
    let polygon = |points: Vec<(i32, i32)>| root.draw(&Polygon::new(points, fill));
    match marker {
        Marker::Circle => root.draw(&Circle::new(at, style::MARKER_SIZE, fill)),
        Marker::Square => root.draw(&Rectangle::new([(x - r, y - r), (x + r, y + r)], fill)),
        Marker::Triangle => polygon(vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)]),
        Marker::TriangleDown => {
            polygon(vec![(x, y + r + 1), (x + r + 1, y - r), (x - r - 1, y - r)])
        }
        Marker::Diamond => polygon(vec![
            (x, y - r - 1),
            (x + r + 1, y),
            (x, y + r + 1),
            (x - r - 1, y),
        ]),
        Marker::Cross => {
            let (a, b) = (r + 1, 2);
            polygon(vec![
                (x - b, y - a),
                (x + b, y - a),
                (x + b, y - b),
                (x + a, y - b),
                (x + a, y + b),
                (x + b, y + b),
                (x + b, y + a),
                (x - b, y + a),
                (x - b, y + b),
                (x - a, y + b),
                (x - a, y - b),
                (x - b, y - b),
            ])
        }
    }
}

/// How many months apart the x-axis labels are: every month if there is room, else every
/// 2nd, 3rd, 4th, 6th or 12th month, … so that labels never overlap.
fn label_step(months: usize, plot_width: u32) -> usize {
    let slot = f64::from(plot_width) / months.max(1) as f64;
    [1, 2, 3, 4, 6, 12]
        .into_iter()
        .chain((2..).map(|years| years * 12))
        .find(|step| slot * *step as f64 >= f64::from(style::MONTH_LABEL_ROOM))
        .unwrap_or(1)
}

/// The hover text of a value: `Oslo, mars 2024: 1 234`, or `0–3 (skjult)` for a `*`.
fn tip_text(name: &str, when: &str, cell: Cell) -> String {
    let value = match cell {
        Cell::Value(v) => format::number(v.into()),
        Cell::Suppressed => "0–3 (skjult, *)".to_string(),
    };
    if name.is_empty() {
        format!("{when}: {value}")
    } else {
        format!("{name}, {when}: {value}")
    }
}

/// A suppressed month's mark: the index of its series, the month's index and two opposite
/// corners.
type Mark = (usize, usize, (i32, i32), (i32, i32));

/// The runs of consecutive suppressed months of one series, from marks made series by
/// series in month order. A run is drawn as one hatched band with one `*` over it: a mark
/// and a `*` a month made rows of boxes and clumps of stars on a long chart.
fn runs(marks: &[Mark]) -> impl Iterator<Item = &[Mark]> {
    marks.chunk_by(|a, b| a.0 == b.0 && a.1 + 1 == b.1)
}

/// The radius of the invisible circle over a point that shows its hover text.
const TIP_RADIUS: u32 = 9;

fn lines(
    id: &str,
    title: &str,
    desc: &str,
    months: &[Month],
    series: &[Series],
    look: Look,
) -> String {
    let layout = Layout::new(months, series, look);
    let mut canvas = Canvas::new("line", id, title, desc, (layout.width, layout.height));
    let n = months.len();
    let at = |x: f64, y: f64| layout.at(n, x, y);
    let (x_left, x_right) = (-0.5, n.max(1) as f64 - 0.5);
    let y_top = layout.y_top as f64;

    // Suppressed months: a hatched mark from 0 to 3 (at least a few units high, or 3 of
    // thousands would look like nothing), outlined in the series colour, a `*` above each run
    // of them. Series with suppressed months share each month's slot side by side; a series
    // alone with them draws each run as one band.
    let mark_top =
        3f64.max(y_top * f64::from(style::MIN_SUPPRESSED_HEIGHT) / f64::from(layout.plot_height));
    let with_suppressed: Vec<usize> = (0..series.len())
        .filter(|i| {
            series[*i]
                .values
                .iter()
                .take(n)
                .any(|v| *v == Some(Cell::Suppressed))
        })
        .collect();
    let share = 0.8 / with_suppressed.len().max(1) as f64;
    let mut marks: Vec<Mark> = Vec::new();
    for (k, i) in with_suppressed.iter().enumerate() {
        for (m, value) in series[*i].values.iter().take(n).enumerate() {
            if *value == Some(Cell::Suppressed) {
                let x0 = m as f64 - 0.4 + k as f64 * share;
                let (px0, py0) = at(x0 + share * 0.1, mark_top);
                let (px1, py1) = at(x0 + share * 0.9, 0.0);
                marks.push((*i, m, (px0, py0), (px1.max(px0 + 2), py1)));
            }
        }
    }

    // Axes, labels, legend texts and the `*` over the marks.
    canvas.plot(|root| {
        for (key, row, x, text) in &layout.legend {
            let y = (style::PAD + row * style::LINE_HEIGHT + style::LINE_HEIGHT / 2) as i32;
            let _ = key;
            root.draw(&Text::new(
                text.as_str(),
                (*x as i32 + SWATCH_ROOM as i32, y),
                text_style(style::FONT_SIZE, INK, HPos::Left, VPos::Center),
            ))?;
        }
        // Grid lines and y labels; the baseline at 0 is solid, the others light.
        let (plot_left, _) = at(x_left, 0.0);
        for tick in (0..=layout.y_top).step_by(layout.y_step as usize) {
            let y = tick as f64;
            let line_style = if tick == 0 {
                INK.stroke_width(1)
            } else if look.picture {
                style::PICTURE_GRID.stroke_width(1)
            } else {
                INK.mix(style::GRID_OPACITY).stroke_width(1)
            };
            root.draw(&PathElement::new(
                vec![at(x_left, y), at(x_right, y)],
                line_style,
            ))?;
            // A picture names the bottom and the top of the scale only.
            if !look.y_labels || look.picture && tick != 0 && tick + layout.y_step <= layout.y_top {
                continue;
            }
            root.draw(&Text::new(
                format::number(tick),
                (plot_left - 8, at(x_left, y).1),
                text_style(style::FONT_SIZE, INK, HPos::Right, VPos::Center),
            ))?;
        }
        // Month labels, with the year under the first label and wherever the year changes.
        let plot_width = (at(x_right, 0.0).0 - plot_left).max(1) as u32;
        let step = label_step(n, plot_width);
        let (_, baseline) = at(x_left, 0.0);
        let mut last_year = None;
        let mut last_label: Option<usize> = None;
        for (i, month) in months.iter().enumerate().filter(|_| look.x_labels) {
            let (x, _) = at(i as f64, 0.0);
            let month_y = baseline + 8;
            // A picture names the years only, each under its first month shown, when there
            // is room after the one before.
            if look.picture {
                let first = i == 0 || month.month == 1;
                let room = last_label.is_none_or(|before: usize| {
                    (i - before) as f64 * f64::from(plot_width) / n as f64
                        >= f64::from(style::MONTH_LABEL_ROOM)
                });
                if first && room && last_year != Some(month.year) {
                    root.draw(&Text::new(
                        month.year.to_string(),
                        (x, month_y),
                        text_style(style::FONT_SIZE, INK, HPos::Center, VPos::Top),
                    ))?;
                    last_year = Some(month.year);
                    last_label = Some(i);
                }
                continue;
            }
            // Long charts label January of each year (and the first month), so the labels
            // line up with the year; short ones every `step` months.
            let labelled = if step >= 12 {
                month.month == 1 || i == 0
            } else {
                i % step == 0
            };
            if !labelled {
                continue;
            }
            if step < 12 || i == 0 {
                root.draw(&Text::new(
                    month.short_name(),
                    (x, month_y),
                    text_style(style::FONT_SIZE, INK, HPos::Center, VPos::Top),
                ))?;
            }
            if look.label_years && last_year != Some(month.year) {
                let row = if step >= 12 && i > 0 { 0 } else { 1 };
                root.draw(&Text::new(
                    month.year.to_string(),
                    (x, month_y + row * style::LINE_HEIGHT as i32),
                    text_style(style::FONT_SIZE, INK, HPos::Center, VPos::Top),
                ))?;
                last_year = Some(month.year);
            }
        }
        for run in runs(&marks).filter(|_| !look.picture) {
            let ((i, _, (x0, top), _), (_, _, _, (x1, _))) = (run[0], run[run.len() - 1]);
            root.draw(&Text::new(
                "*",
                ((x0 + x1) / 2, top + 4),
                text_style(
                    style::STAR_SIZE,
                    style::series_style(i).color,
                    HPos::Center,
                    VPos::Bottom,
                ),
            ))?;
        }
        // Say so rather than show an empty frame.
        let has_data = series
            .iter()
            .any(|s| s.values.iter().take(n).any(Option::is_some));
        if !has_data {
            let (x0, y0) = at(x_left, y_top);
            let (x1, y1) = at(x_right, 0.0);
            root.draw(&Text::new(
                "Ingen tall å vise",
                ((x0 + x1) / 2, (y0 + y1) / 2),
                text_style(style::FONT_SIZE, INK, HPos::Center, VPos::Center),
            ))?;
        }
        Ok(())
    });
    for run in runs(&marks) {
        let color = style::hex(style::series_style(run[0].0).color);
        if with_suppressed.len() == 1 {
            canvas.hatch(run[0].2, run[run.len() - 1].3, &color);
        } else {
            for (_, _, from, to) in run {
                canvas.hatch(*from, *to, &color);
            }
        }
    }
    for (key, row, x, _) in &layout.legend {
        if let Key::Suppressed = key {
            let y = (style::PAD + row * style::LINE_HEIGHT + style::LINE_HEIGHT / 2) as i32;
            let x = *x as i32;
            canvas.hatch(
                (x + 8, y - 8),
                (x + SWATCH as i32 - 8, y + 8),
                "currentColor",
            );
        }
    }

    // The lines: one polyline per run of months with numbers; gaps at absent and suppressed
    // months. Markers at every month, or only at months standing alone in long charts. Each
    // series in a group of its own, which carries its dash pattern.
    let with_markers = n <= style::MARKERS_UP_TO_MONTHS;
    for (i, s) in series.iter().enumerate() {
        let st = style::series_style(i);
        let value = |m: usize| match s.values.get(m) {
            Some(Some(Cell::Value(v))) if m < n => Some(f64::from(*v)),
            _ => None,
        };
        match st.dash {
            Some(dash) => canvas.push(&format!("<g stroke-dasharray=\"{dash}\">\n")),
            None => canvas.push("<g>\n"),
        }
        canvas.plot(|root| {
            let swatch = layout.legend.iter().find_map(|(key, row, x, _)| match key {
                Key::Series(k, _) if *k == i => Some((*row, *x)),
                _ => None,
            });
            if let Some((row, x)) = swatch {
                let y = (style::PAD + row * style::LINE_HEIGHT + style::LINE_HEIGHT / 2) as i32;
                let x = x as i32;
                root.draw(&PathElement::new(
                    vec![(x, y), (x + SWATCH as i32, y)],
                    st.color.stroke_width(style::LINE_WIDTH),
                ))?;
                // The legend shows a marker only if the lines have them.
                if with_markers {
                    draw_marker(root, st.marker, (x + SWATCH as i32 / 2, y), st.color)?;
                }
            }
            let mut run: Vec<(i32, i32)> = Vec::new();
            for m in 0..=n {
                match value(m) {
                    Some(v) => run.push(at(m as f64, v)),
                    None => {
                        if run.len() >= 2 {
                            root.draw(&PathElement::new(
                                std::mem::take(&mut run),
                                st.color.stroke_width(style::LINE_WIDTH),
                            ))?;
                        }
                        run.clear();
                    }
                }
            }
            for m in 0..n {
                let Some(v) = value(m) else { continue };
                let alone = (m == 0 || value(m - 1).is_none()) && value(m + 1).is_none();
                if with_markers || alone {
                    draw_marker(root, st.marker, at(m as f64, v), st.color)?;
                }
            }
            Ok(())
        });
        canvas.push("</g>\n");
    }

    // Hover titles over every point and every suppressed mark, on top of everything: shapes
    // with no paint that still take the pointer, so a picture made from the chart has nothing
    // to draw for them. A chart drawn for a picture has no pointer to serve.
    if look.picture {
        return canvas.finish();
    }
    canvas.push(super::HOVER);
    for (i, s) in series.iter().enumerate() {
        // A small chart's one series is named right above it, so its hover texts need not
        // repeat the name hundreds of times on a page.
        let name = if series.len() > 1 || look.width == style::WIDTH {
            clean(s.name)
        } else {
            String::new()
        };
        for (m, (month, value)) in months.iter().zip(&s.values).enumerate() {
            let Some(cell) = value else { continue };
            let when = if look.label_years {
                month_text(*month)
            } else {
                format!("{} {}", month.name().to_lowercase(), clean(s.name))
            };
            let name = if look.label_years { name.as_str() } else { "" };
            let (x, y) = match cell {
                Cell::Value(v) => at(m as f64, f64::from(*v)),
                Cell::Suppressed => {
                    let Some((_, _, from, to)) =
                        marks.iter().find(|(k, month, _, _)| (*k, *month) == (i, m))
                    else {
                        continue;
                    };
                    ((from.0 + to.0) / 2, (from.1 + to.1) / 2)
                }
            };
            canvas.tip(
                &format!("circle cx=\"{x}\" cy=\"{y}\" r=\"{TIP_RADIUS}\""),
                &tip_text(name, &when, *cell),
            );
        }
    }
    canvas.push("</g>\n");
    canvas.finish()
}

/// Draws the annual averages of a series as columns, one per year: the average as a solid
/// column, and where months are suppressed, the range the average may lie in (each `*`
/// as 0 at the low end, as 3 at the high end) as a hatched part on top, so a range is
/// never shown as one number. `name` is the series, for the description and hover texts.
pub fn annual_chart(id: &str, title: &str, name: &str, means: &[Average]) -> String {
    annual(id, title, name, means, style::WIDTH, None)
}

/// One small chart of annual averages per series (a name and its averages), all on one
/// scale, each named `{series}: {what}`: the whole of many long series by year.
pub fn small_annual_charts(id: &str, what: &str, series: &[(&str, Vec<Average>)]) -> Vec<String> {
    let max = series
        .iter()
        .flat_map(|(_, means)| means)
        .map(|m| m.high)
        .max()
        .unwrap_or(0);
    series
        .iter()
        .enumerate()
        .map(|(i, (name, means))| {
            annual(
                &format!("{id}-{i}"),
                &format!("{}: {what}", clean(name)),
                name,
                means,
                style::SMALL_WIDTH,
                Some(max),
            )
        })
        .collect()
}

/// Draws annual averages `width` units wide, the y-axis holding `y_max` if given.
fn annual(
    id: &str,
    title: &str,
    name: &str,
    means: &[Average],
    width: u32,
    y_max: Option<u64>,
) -> String {
    let desc = describe_annual(name, means);
    let max = y_max.unwrap_or_else(|| means.iter().map(|m| m.high).max().unwrap_or(0));
    let (y_top, y_step) = nice_axis(max);
    let label_width = (0..=y_top)
        .step_by(y_step as usize)
        .map(|t| style::text_width(&format::number(t), style::FONT_SIZE))
        .max()
        .unwrap_or(0);
    let any_range = means.iter().any(|m| !m.is_exact());
    // As in the small line charts, the page explains the hatching of small charts.
    let legend = any_range && width == style::WIDTH;
    let layout = Layout {
        width,
        height: 0,
        left: style::PAD + label_width + 8,
        top: style::PAD
            + style::FONT_SIZE / 2
            + 4
            + if legend { style::LINE_HEIGHT + 8 } else { 0 },
        plot_height: style::ANNUAL_PLOT_HEIGHT,
        y_top,
        y_step,
        legend: Vec::new(),
    };
    let layout = Layout {
        height: layout.top + layout.plot_height + 8 + 2 * style::LINE_HEIGHT + style::PAD,
        ..layout
    };
    let n = means.len();
    let at = |x: f64, y: f64| layout.at(n, x, y);
    let mut canvas = Canvas::new("annual", id, title, &desc, (layout.width, layout.height));
    let color = style::PALETTE[0];
    let plot_width = layout.width - layout.left - style::PAD;
    let half = (0.35 * f64::from(plot_width) / n.max(1) as f64).max(1.0) as i32;
    canvas.plot(|root| {
        if legend {
            let y = (style::PAD + style::LINE_HEIGHT / 2) as i32;
            root.draw(&Text::new(
                fit(
                    "Skravert: spenn der måneder er skjult (*, 0–3)",
                    width - 2 * style::PAD - SWATCH_ROOM,
                    style::FONT_SIZE,
                ),
                (style::PAD as i32 + SWATCH_ROOM as i32, y),
                text_style(style::FONT_SIZE, INK, HPos::Left, VPos::Center),
            ))?;
        }
        let (plot_left, baseline) = at(-0.5, 0.0);
        for tick in (0..=layout.y_top).step_by(layout.y_step as usize) {
            let y = tick as f64;
            let line_style = if tick == 0 {
                INK.stroke_width(1)
            } else {
                INK.mix(style::GRID_OPACITY).stroke_width(1)
            };
            root.draw(&PathElement::new(
                vec![at(-0.5, y), at(n.max(1) as f64 - 0.5, y)],
                line_style,
            ))?;
            root.draw(&Text::new(
                format::number(tick),
                (plot_left - 8, at(-0.5, y).1),
                text_style(style::FONT_SIZE, INK, HPos::Right, VPos::Center),
            ))?;
        }
        // A year label is four digits wide, and «7 mnd.» under it wider still.
        let step = (1..=n.max(1))
            .find(|step| plot_width as usize * step / n.max(1) >= 70)
            .unwrap_or(1);
        for (i, mean) in means.iter().enumerate() {
            let (x, low) = at(i as f64, mean.low as f64);
            if low < baseline {
                root.draw(&Rectangle::new(
                    [(x - half, low), (x + half, baseline)],
                    color.filled(),
                ))?;
            }
            if i % step == 0 {
                root.draw(&Text::new(
                    mean.year.to_string(),
                    (x, baseline + 8),
                    text_style(style::FONT_SIZE, INK, HPos::Center, VPos::Top),
                ))?;
                if mean.months < 12 {
                    root.draw(&Text::new(
                        format!("{} mnd.", mean.months),
                        (x, baseline + 8 + style::LINE_HEIGHT as i32),
                        text_style(style::FONT_SIZE, INK, HPos::Center, VPos::Top),
                    ))?;
                }
            }
        }
        if n == 0 {
            let (x0, y0) = at(-0.5, y_top as f64);
            let (x1, y1) = at(0.5, 0.0);
            root.draw(&Text::new(
                "Ingen tall å vise",
                ((x0 + x1) / 2, (y0 + y1) / 2),
                text_style(style::FONT_SIZE, INK, HPos::Center, VPos::Center),
            ))?;
        }
        Ok(())
    });
    if legend {
        let (x, y) = (
            style::PAD as i32,
            (style::PAD + style::LINE_HEIGHT / 2) as i32,
        );
        canvas.hatch(
            (x + 8, y - 8),
            (x + SWATCH as i32 - 8, y + 8),
            "currentColor",
        );
    }
    let hex = style::hex(color);
    for (i, mean) in means.iter().enumerate() {
        if !mean.is_exact() {
            let (x, low) = at(i as f64, mean.low as f64);
            let (_, high) = at(i as f64, mean.high as f64);
            // A range of less than a unit would vanish; it is shown at least a few units tall.
            let high = high.min(low - 4);
            canvas.hatch((x - half, high), (x + half, low), &hex);
        }
    }
    canvas.push(super::HOVER);
    for (i, mean) in means.iter().enumerate() {
        let (x, top) = at(i as f64, mean.high as f64);
        let (_, baseline) = at(i as f64, 0.0);
        let top = top.min(baseline - 4);
        canvas.tip(
            &format!(
                "rect x=\"{}\" y=\"{top}\" width=\"{}\" height=\"{}\"",
                x - half,
                2 * half,
                baseline - top
            ),
            &format!("{}, {}: {}", clean(name), mean.year, mean_text(mean)),
        );
    }
    canvas.push("</g>\n");
    canvas.finish()
}

/// An annual average in words: `1 234 (snitt av 12 måneder)`, `5–7 (…)` for a range.
pub fn mean_text(mean: &Average) -> String {
    let months = if mean.months == 1 {
        "1 måned".to_string()
    } else {
        format!("{} måneder", mean.months)
    };
    format!("{} (snitt av {months})", format::range(mean.low, mean.high))
}

/// The description of an annual chart: the years, the highest and lowest average, and
/// whether some averages are ranges.
fn describe_annual(name: &str, means: &[Average]) -> String {
    let name = clean(name);
    let (Some(first), Some(last)) = (means.first(), means.last()) else {
        return format!("Søylediagram over årsgjennomsnitt for {name}, uten tall.");
    };
    let mut text = format!(
        "Søylediagram over årsgjennomsnitt for {name}, {}–{}.",
        first.year, last.year
    );
    let high = means
        .iter()
        .fold(first, |a, b| if b.high > a.high { b } else { a });
    let low = means
        .iter()
        .fold(first, |a, b| if b.low < a.low { b } else { a });
    text.push_str(&format!(
        " Høyest i {}: {}. Lavest i {}: {}.",
        high.year,
        mean_text(high),
        low.year,
        mean_text(low)
    ));
    if means.iter().any(|m| !m.is_exact()) {
        text.push_str(
            " Der måneder er skjult (*, 0–3), er snittet et spenn: * regnet som 0 og som 3.",
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_frame, months_2022, Chart};
    use super::*;
    use crate::format::number;
    use Cell::{Suppressed as S, Value as V};

    /// Avklaringstiltak, I alt, January to December 2022, from the seed report.
    const TOTAL: [u32; 12] = [
        3903, 3783, 3782, 3666, 3723, 3361, 2345, 3178, 3416, 3367, 3362, 3124,
    ];
    /// Avklaringstiltak, Ukjent (unknown county), 2022: mostly suppressed.
    const UNKNOWN: [Cell; 12] = [S, S, S, S, V(4), S, S, S, V(4), S, V(5), V(7)];

    fn values(cells: &[u32]) -> Vec<Option<Cell>> {
        cells.iter().map(|v| Some(V(*v))).collect()
    }

    fn blue() -> String {
        style::hex(style::PALETTE[0])
    }

    /// The series polylines of colour `hex` in the plot (not the legend), as lists of points.
    fn lines(chart: &Chart, hex: &str) -> Vec<Vec<(i64, i64)>> {
        // The plot's top is its highest grid line; legend swatches are above it.
        let plot_top = chart
            .all("polyline")
            .into_iter()
            .filter(|p| p.attr("stroke") == Some("#000000"))
            .flat_map(|p| p.points())
            .map(|(_, y)| y)
            .min()
            .expect("grid lines");
        chart
            .all("polyline")
            .into_iter()
            .filter(|p| p.attr("stroke") == Some(hex))
            .map(|p| p.points())
            .filter(|points| points.iter().all(|(_, y)| *y >= plot_top))
            .collect()
    }

    /// The y of the value 0: where the label `0` sits.
    fn zero_y(chart: &Chart) -> i64 {
        chart
            .all("text")
            .into_iter()
            .find(|t| t.text == "0")
            .expect("a 0 label")
            .num("y")
    }

    #[test]
    fn one_series_over_a_year() {
        let svg = line_chart(
            "chart-total",
            "Avklaringstiltak",
            &months_2022(),
            &[Series {
                name: "I alt",
                values: values(&TOTAL),
            }],
        );
        let chart = check_frame(&svg, "chart-total", "Avklaringstiltak");
        assert_eq!(
            chart.desc(),
            "Linjediagram fra januar 2022 til desember 2022 med serien I alt. I alt: høyest i \
             januar 2022 med 3\u{a0}903, lavest i juli 2022 med 2\u{a0}345."
        );
        // One unbroken line through all twelve months, a marker at each.
        let runs = lines(&chart, &blue());
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].len(), 12);
        assert_eq!(chart.drawn("circle").len(), 12);
        // Norwegian axes: short month names, the year once, numbers with a no-break space.
        let texts = chart.texts();
        for label in [
            "jan.",
            "mars",
            "des.",
            "2022",
            "0",
            "4\u{a0}000",
            "2\u{a0}000",
        ] {
            assert!(texts.iter().any(|t| t == label), "{label} in {texts:?}");
        }
        assert_eq!(texts.iter().filter(|t| *t == "2022").count(), 1);
        // One series and nothing suppressed: no legend, no hatching.
        assert!(!texts.iter().any(|t| t == "I alt" || t.contains("skjult")));
        assert!(!svg.contains("hatch"));
        // A light grid: four grid lines plus the baseline.
        let grid = chart
            .all("polyline")
            .into_iter()
            .filter(|p| p.attr("stroke") == Some("#000000"));
        assert_eq!(grid.count(), 5);
        // The line lies within the plot: January's 3 903 is above 3 000's grid line.
        let y_3000 = chart
            .all("text")
            .into_iter()
            .find(|t| t.text == "3\u{a0}000")
            .unwrap()
            .num("y");
        assert!(runs[0][0].1 < y_3000);
    }

    #[test]
    fn suppressed_months_break_the_line_and_are_never_zero() {
        let with_star = vec![
            Some(V(100)),
            Some(V(100)),
            Some(S),
            Some(V(100)),
            Some(V(100)),
        ];
        let months = &months_2022()[..5];
        let svg = line_chart(
            "c",
            "T",
            months,
            &[Series {
                name: "Oslo",
                values: with_star,
            }],
        );
        let chart = check_frame(&svg, "c", "T");
        let zero = zero_y(&chart);
        let runs = lines(&chart, &blue());
        assert_eq!(runs.len(), 2, "the line breaks at the suppressed month");
        for run in &runs {
            assert!(
                run.iter().all(|(_, y)| *y < zero),
                "no point drawn at 0: {run:?}"
            );
        }
        // No marker at 0 either.
        assert!(chart.drawn("circle").iter().all(|c| c.num("cy") < zero));
        // A hatched mark standing on the baseline, in the month's slot, with a `*` above it.
        let hatched: Vec<_> = chart
            .drawn("rect")
            .into_iter()
            .filter(|r| r.attr("fill") == Some("url(#c-hatch)"))
            .collect();
        let mark = hatched
            .iter()
            .find(|r| r.num("y") + r.num("height") == zero)
            .expect("mark at 0");
        assert!(mark.num("height") >= i64::from(style::MIN_SUPPRESSED_HEIGHT) - 1);
        let (left, right) = (runs[0].last().unwrap().0, runs[1][0].0);
        assert!(mark.num("x") > left && mark.num("x") + mark.num("width") < right);
        assert!(svg.contains("<pattern id=\"c-hatch\""));
        assert!(chart.texts().iter().any(|t| t == "*"));
        assert!(
            chart
                .texts()
                .iter()
                .any(|t| t.contains("skjult tall (0–3)")),
            "legend explains *"
        );
        assert!(
            chart.desc().contains("Skjult (*, 0–3) i mars 2022"),
            "{}",
            chart.desc()
        );
        assert!(chart.desc().contains("mellom 0 og 3, ikke null"));
    }

    #[test]
    fn absent_months_are_plain_gaps() {
        let with_gap = vec![Some(V(100)), Some(V(100)), None, Some(V(100)), Some(V(100))];
        let svg = line_chart(
            "c",
            "T",
            &months_2022()[..5],
            &[Series {
                name: "Oslo",
                values: with_gap,
            }],
        );
        let chart = check_frame(&svg, "c", "T");
        assert_eq!(lines(&chart, &blue()).len(), 2);
        assert!(!svg.contains("hatch"));
        assert!(!chart.texts().iter().any(|t| t == "*"));
        assert_eq!(chart.drawn("circle").len(), 4);
    }

    #[test]
    fn a_month_alone_between_gaps_still_shows() {
        let alone = vec![
            Some(V(50)),
            None,
            Some(V(60)),
            Some(S),
            Some(V(70)),
            Some(V(80)),
        ];
        let svg = line_chart(
            "c",
            "T",
            &months_2022()[..6],
            &[Series {
                name: "A",
                values: alone,
            }],
        );
        let chart = Chart::parse(&svg);
        assert_eq!(lines(&chart, &blue()).len(), 1, "only months 5–6 join up");
        assert_eq!(
            chart.drawn("circle").len(),
            4,
            "every month with a number has a marker"
        );
    }

    #[test]
    fn series_differ_by_colour_dash_and_marker() {
        let series: Vec<Series> = ["A", "B", "C", "D"]
            .iter()
            .enumerate()
            .map(|(i, name)| Series {
                name,
                values: values(&[100 * (i as u32 + 1); 12]),
            })
            .collect();
        let svg = line_chart("c", "T", &months_2022(), &series);
        let chart = check_frame(&svg, "c", "T");
        // Each series is a group carrying its dash pattern, in order; the solid one has none.
        let groups: Vec<Option<&str>> = chart
            .all("g")
            .iter()
            .filter(|g| g.attr("fill").is_none())
            .map(|g| g.attr("stroke-dasharray"))
            .collect();
        let expected: Vec<Option<&str>> = (0..4).map(|i| style::series_style(i).dash).collect();
        assert_eq!(groups, expected);
        for i in 0..4 {
            let st = style::series_style(i);
            let polylines: Vec<_> = chart
                .all("polyline")
                .into_iter()
                .filter(|p| p.attr("stroke") == Some(style::hex(st.color).as_str()))
                .collect();
            assert_eq!(polylines.len(), 2, "the line and its legend swatch");
        }
        // Markers: circles, squares, triangles and diamonds (12 months + 1 in the legend each).
        assert_eq!(chart.drawn("circle").len(), 13);
        assert_eq!(chart.drawn("rect").len(), 13);
        assert_eq!(chart.drawn("polygon").len(), 26);
        // A legend with every name.
        let texts = chart.texts();
        assert!(["A", "B", "C", "D"]
            .iter()
            .all(|n| texts.iter().any(|t| t == n)));
    }

    #[test]
    fn four_series_with_stars_stay_small() {
        let series = [
            Series {
                name: "I alt avklaringstiltak",
                values: values(&TOTAL),
            },
            Series {
                name: "Oslo",
                values: values(&[428, 438, 453, 459, 435, 390, 289, 388, 407, 394, 462, 430]),
            },
            Series {
                name: "Øvrige områder",
                values: vec![Some(S); 12],
            },
            Series {
                name: "Ukjent",
                values: UNKNOWN.iter().map(|c| Some(*c)).collect(),
            },
        ];
        let svg = line_chart("c", "T", &months_2022(), &series);
        check_frame(&svg, "c", "T");
        assert!(svg.len() < 25_000, "{} bytes", svg.len());
    }

    #[test]
    fn years_are_labelled_where_they_change() {
        let months: Vec<Month> = (0..30)
            .map(|i| Month::new(2021 + i / 12, (i % 12) as u8 + 1))
            .collect();
        let svg = line_chart(
            "c",
            "T",
            &months,
            &[Series {
                name: "A",
                values: values(&[500; 30]),
            }],
        );
        let chart = check_frame(&svg, "c", "T");
        let texts = chart.texts();
        for year in ["2021", "2022", "2023"] {
            assert_eq!(
                texts.iter().filter(|t| *t == year).count(),
                1,
                "{year}: {texts:?}"
            );
        }
        // 30 months do not fit side by side: labels thin out, never overlapping.
        let names: Vec<&str> = months.iter().map(|m| m.short_name()).collect();
        let month_labels = texts.iter().filter(|t| names.contains(&t.as_str())).count();
        assert!((5..30).contains(&month_labels), "{texts:?}");
        // Long charts mark only months standing alone.
        assert_eq!(chart.drawn("circle").len(), 0);
    }

    #[test]
    fn month_labels_never_crowd() {
        for n in [1, 6, 12, 13, 24, 36, 60, 120, 400] {
            let step = label_step(n, 550);
            let room = 550.0 / n as f64 * step as f64;
            assert!(room >= f64::from(style::MONTH_LABEL_ROOM) || n == 1, "{n}");
        }
        // A year of months is labelled month by month, also with 5-digit y labels.
        assert_eq!(label_step(12, 640 - 81 - style::PAD), 1);
    }

    #[test]
    fn no_series_or_no_months() {
        for (months, series) in [
            (months_2022(), vec![]),
            (
                vec![],
                vec![Series {
                    name: "A",
                    values: values(&TOTAL),
                }],
            ),
            (
                months_2022(),
                vec![Series {
                    name: "A",
                    values: vec![None; 12],
                }],
            ),
            (
                months_2022(),
                vec![Series {
                    name: "A",
                    values: vec![],
                }],
            ),
        ] {
            let svg = line_chart("c", "Tomt", &months, &series);
            let chart = check_frame(&svg, "c", "Tomt");
            assert!(
                chart.texts().iter().any(|t| t == "Ingen tall å vise"),
                "{svg}"
            );
            assert!(lines(&chart, &blue()).is_empty());
        }
        let svg = line_chart("c", "Tomt", &months_2022(), &[]);
        assert_eq!(
            Chart::parse(&svg).desc(),
            "Linjediagram fra januar 2022 til desember 2022 uten tall."
        );
    }

    #[test]
    fn all_suppressed() {
        let svg = line_chart(
            "c",
            "T",
            &months_2022(),
            &[Series {
                name: "Øvrige områder",
                values: vec![Some(S); 12],
            }],
        );
        let chart = check_frame(&svg, "c", "T");
        assert!(
            lines(&chart, &blue()).is_empty(),
            "nothing drawn as a line at 0"
        );
        // Twelve months in a row are one run: one hatched band from the first month's slot
        // to the last, one `*` over it, and still a hover title for each month.
        assert_eq!(chart.texts().iter().filter(|t| *t == "*").count(), 1);
        let hatched: Vec<_> = chart
            .drawn("rect")
            .into_iter()
            .filter(|r| r.attr("fill") == Some("url(#c-hatch)"))
            .collect();
        assert_eq!(hatched.len(), 1 + 1, "one band and the legend's mark");
        let band = hatched.iter().max_by_key(|r| r.num("width")).unwrap();
        let tips = chart.all("circle");
        let centres: Vec<i64> = tips.iter().map(|c| c.num("cx")).collect();
        assert_eq!(centres.len(), 12);
        assert!(centres.windows(2).all(|w| w[0] < w[1]), "{centres:?}");
        assert!(band.num("x") < centres[0] && band.num("x") + band.num("width") > centres[11]);
        assert!(
            chart.desc().contains("alle tallene er skjult"),
            "{}",
            chart.desc()
        );
        assert!(!chart.texts().iter().any(|t| t == "Ingen tall å vise"));
    }

    #[test]
    fn a_single_month() {
        let svg = line_chart(
            "c",
            "T",
            &months_2022()[..1],
            &[Series {
                name: "A",
                values: values(&[3903]),
            }],
        );
        let chart = check_frame(&svg, "c", "T");
        assert_eq!(chart.drawn("circle").len(), 1, "a lone month is a marker");
        assert!(chart.texts().iter().any(|t| t == "jan."));
        assert!(chart.desc().contains("i januar 2022"));
        assert!(
            chart.desc().contains("A: 3\u{a0}903 i januar 2022."),
            "{}",
            chart.desc()
        );
    }

    #[test]
    fn all_zeros_are_drawn_at_zero() {
        // A true 0 is a number, drawn on the baseline, unlike `*`.
        let svg = line_chart(
            "c",
            "T",
            &months_2022(),
            &[Series {
                name: "A",
                values: values(&[0; 12]),
            }],
        );
        let chart = check_frame(&svg, "c", "T");
        let zero = zero_y(&chart);
        let runs = lines(&chart, &blue());
        assert_eq!(runs.len(), 1);
        assert!(runs[0].iter().all(|(_, y)| *y == zero));
        assert!(chart.desc().contains("0 i alle måneder med tall"));
    }

    #[test]
    fn huge_numbers() {
        let svg = line_chart(
            "c",
            "T",
            &months_2022()[..2],
            &[Series {
                name: "A",
                values: values(&[u32::MAX, 0]),
            }],
        );
        let chart = check_frame(&svg, "c", "T");
        let top_label = number(6_000_000_000);
        let top = chart
            .all("text")
            .into_iter()
            .find(|t| t.text == top_label)
            .expect("top label");
        let runs = lines(&chart, &blue());
        assert!(
            runs[0][0].1 >= top.num("y"),
            "the peak stays inside the plot"
        );
        // The long labels fit left of the plot.
        assert!(top.num("x") - style::text_width(&top_label, style::FONT_SIZE) as i64 >= 0);
    }

    #[test]
    fn values_longer_or_shorter_than_months() {
        let svg = line_chart(
            "c",
            "T",
            &months_2022()[..3],
            &[
                Series {
                    name: "long",
                    values: values(&TOTAL),
                },
                Series {
                    name: "short",
                    values: values(&[1]),
                },
            ],
        );
        let chart = check_frame(&svg, "c", "T");
        assert_eq!(lines(&chart, &blue())[0].len(), 3);
    }

    #[test]
    fn years_against_years_label_months_only() {
        let year = |y: i32, values: &[u32]| {
            (
                y,
                values
                    .iter()
                    .map(|v| Some(Cell::Value(*v)))
                    .chain(std::iter::repeat(None))
                    .take(12)
                    .collect::<Vec<_>>(),
            )
        };
        let svg = year_chart(
            "yoy",
            "År mot år",
            &[year(2022, &[3903, 3783, 3782]), year(2023, &[3910, 3800])],
        );
        let chart = check_frame(&svg, "yoy", "År mot år");
        let texts = chart.texts();
        assert!(texts.iter().any(|t| t == "jan."), "{texts:?}");
        assert!(
            texts.iter().any(|t| t == "2022") && texts.iter().any(|t| t == "2023"),
            "the years are in the legend: {texts:?}"
        );
        assert_eq!(
            texts.iter().filter(|t| *t == "2023").count(),
            1,
            "no year under the month labels: {texts:?}"
        );
        let desc = chart.desc();
        assert!(desc.contains("årene 2022 og 2023"), "{desc}");
        assert!(
            desc.contains("2022: høyest i januar 2022 med 3\u{a0}903"),
            "{desc}"
        );
    }

    #[test]
    fn every_point_says_its_value_on_hover() {
        let svg = line_chart(
            "c",
            "T",
            &months_2022(),
            &[
                Series {
                    name: "I alt",
                    values: values(&TOTAL),
                },
                Series {
                    name: "Ukjent",
                    values: UNKNOWN.iter().map(|c| Some(*c)).collect(),
                },
            ],
        );
        let tips = Chart::parse(&svg).tips();
        assert_eq!(tips.len(), 24, "{tips:?}");
        assert_eq!(tips[0], "I alt, januar 2022: 3\u{a0}903");
        assert_eq!(tips[6], "I alt, juli 2022: 2\u{a0}345");
        assert_eq!(tips[12], "Ukjent, januar 2022: 0–3 (skjult, *)");
        assert_eq!(tips[23], "Ukjent, desember 2022: 7");
    }

    #[test]
    fn a_picture_names_the_scale_ends_and_the_years_only() {
        // Three years from March, so the Januaries are not on the page's label steps, and a
        // series with `*` months.
        let months: Vec<Month> = (0..36)
            .map(|i| Month::new(2022 + (i + 2) / 12, ((i + 2) % 12 + 1) as u8))
            .collect();
        let big = Series {
            name: "Stor",
            values: (0..36).map(|i| Some(Cell::Value(3000 + i))).collect(),
        };
        let small = Series {
            name: "Liten",
            values: (0..36)
                .map(|i| {
                    Some(if i % 2 == 0 {
                        Cell::Suppressed
                    } else {
                        Cell::Value(9)
                    })
                })
                .collect(),
        };
        let series = [big, small];
        // One column: each chart names its scale, and the bottom one the years.
        let pictures = picture_multiples("p", "deltakere", &months, &series, 1);
        let pages = small_multiples("p", "deltakere", &months, &series, Scale::Shared);
        assert_eq!(Chart::parse(&pictures[0]).texts().len(), 2);
        for (picture, page) in pictures.iter().zip(&pages).skip(1) {
            let (texts, full) = (Chart::parse(picture).texts(), Chart::parse(page).texts());
            // The shared scale's bottom and top, as the page's chart has them.
            let ticks: Vec<&String> = full
                .iter()
                .filter(|t| t.starts_with(char::is_numeric) && t.len() != 4)
                .collect();
            assert_eq!(texts[0], "0", "{texts:?}");
            assert_eq!(&texts[1], *ticks.last().unwrap(), "{texts:?}");
            assert_eq!(texts[2..], ["2022", "2023", "2024", "2025"], "{texts:?}");
            assert!(full.len() > texts.len() + 6, "{full:?}");
        }
        // The hatched marks stay; the `*` over them goes.
        assert!(
            pictures[1].contains("-hatch)")
                && !Chart::parse(&pictures[1])
                    .texts()
                    .contains(&"*".to_string())
        );
        assert!(Chart::parse(&pages[1]).texts().contains(&"*".to_string()));
    }

    #[test]
    fn a_picture_grid_labels_its_outer_charts_only() {
        let months: Vec<Month> = (1..=12).map(|m| Month::new(2024, m)).collect();
        let names = ["A", "B", "C", "D", "E"];
        let series: Vec<Series> = names
            .iter()
            .map(|name| Series {
                name,
                values: (0..12).map(|i| Some(Cell::Value(100 + i))).collect(),
            })
            .collect();
        // Three columns, five charts: A B C over D E, so C has no chart below it.
        let texts: Vec<Vec<String>> = picture_multiples("p", "deltakere", &months, &series, 3)
            .iter()
            .map(|svg| Chart::parse(svg).texts())
            .collect();
        let has_scale = |t: &[String]| t.contains(&"0".to_string());
        let has_years = |t: &[String]| t.contains(&"2024".to_string());
        let scaled: Vec<bool> = texts.iter().map(|t| has_scale(t)).collect();
        let dated: Vec<bool> = texts.iter().map(|t| has_years(t)).collect();
        assert_eq!(scaled, [true, false, false, true, false], "{texts:?}");
        assert_eq!(dated, [false, false, true, true, true], "{texts:?}");
        // A chart without labels is the same size as one with them, so the grid lines up.
        let svgs = picture_multiples("p", "d", &months, &series, 3);
        let sizes: Vec<&str> = svgs
            .iter()
            .filter_map(|svg| svg.split("viewBox=\"").nth(1)?.split('"').next())
            .collect();
        assert_eq!(sizes.len(), 5);
        assert!(sizes.windows(2).all(|w| w[0] == w[1]), "{sizes:?}");
    }

    #[test]
    fn small_multiples_share_a_scale_or_have_their_own() {
        let series = [
            Series {
                name: "Stor",
                values: values(&TOTAL),
            },
            Series {
                name: "Liten",
                values: values(&[40; 12]),
            },
        ];
        let shared = small_multiples("m", "deltakere", &months_2022(), &series, Scale::Shared);
        assert_eq!(shared.len(), 2);
        let check = |svg: &str, id: &str, title: &str| check_frame(svg, id, title);
        check(&shared[0], "m-0", "Stor: deltakere");
        check(&shared[1], "m-1", "Liten: deltakere");
        let labels = |svg: &str| Chart::parse(svg).texts();
        assert!(labels(&shared[1]).contains(&"4\u{a0}000".to_string()));
        let own = small_multiples("m", "deltakere", &months_2022(), &series, Scale::Own);
        assert!(!labels(&own[1]).contains(&"4\u{a0}000".to_string()));
        assert!(labels(&own[1]).contains(&"40".to_string()));
        assert_eq!(labels(&own[0]), labels(&shared[0]));
    }

    #[test]
    fn annual_averages_with_stars_are_ranges_never_one_number() {
        use crate::model::annual::year_averages;
        let mut cells: Vec<(Month, Cell)> = (0..18)
            .map(|i| {
                (
                    Month::new(2021 + i / 12, (i % 12) as u8 + 1),
                    Cell::Value(120),
                )
            })
            .collect();
        cells[14].1 = S;
        let means = year_averages(cells);
        let svg = annual_chart("a", "Årsgjennomsnitt", "Oslo", &means);
        let chart = check_frame(&svg, "a", "Årsgjennomsnitt");
        // 2021: twelve months of 120, one number; 2022: five of 120 and a `*`, 100–100.5,
        // rounded half up to 100–101.
        let tips = chart.tips();
        assert_eq!(tips[0], "Oslo, 2021: 120 (snitt av 12 måneder)");
        assert_eq!(tips[1], "Oslo, 2022: 100–101 (snitt av 6 måneder)");
        // The range is a hatched part, the sure part a solid column.
        let hatched = chart
            .all("rect")
            .into_iter()
            .filter(|r| r.attr("fill") == Some("url(#a-hatch)"))
            .count();
        assert_eq!(hatched, 2, "the range and the legend");
        let solid = chart
            .drawn("rect")
            .into_iter()
            .filter(|r| r.attr("fill") == Some(blue().as_str()))
            .count();
        assert_eq!(solid, 2, "a solid column for each year");
        assert!(chart.texts().iter().any(|t| t == "6 mnd."));
        assert!(chart.desc().contains("spenn"), "{}", chart.desc());
        let empty = annual_chart("a", "T", "Oslo", &[]);
        assert!(Chart::parse(&empty)
            .texts()
            .iter()
            .any(|t| t == "Ingen tall å vise"));
    }

    #[test]
    fn at_most_six_series() {
        let names: Vec<String> = (0..9).map(|i| format!("S{i}")).collect();
        let series: Vec<Series> = names
            .iter()
            .map(|name| Series {
                name,
                values: values(&[100; 12]),
            })
            .collect();
        let chart = Chart::parse(&line_chart("c", "T", &months_2022(), &series));
        let texts = chart.texts();
        assert!(texts.iter().any(|t| t == "S5") && !texts.iter().any(|t| t == "S6"));
    }

    #[test]
    fn snapshot_total_and_unknown_county() {
        let months = months_2022();
        let one = line_chart(
            "chart-total",
            "Avklaringstiltak, i alt",
            &months,
            &[Series {
                name: "I alt",
                values: values(&TOTAL),
            }],
        );
        insta::assert_snapshot!("line_avklaring_total", one);
        let with_stars = line_chart(
            "chart-unknown",
            "Avklaringstiltak: Oslo og ukjent fylke",
            &months,
            &[
                Series {
                    name: "Oslo",
                    values: values(&[428, 438, 453, 459, 435, 390, 289, 388, 407, 394, 462, 430]),
                },
                Series {
                    name: "Ukjent",
                    values: UNKNOWN.iter().map(|c| Some(*c)).collect(),
                },
            ],
        );
        insta::assert_snapshot!("line_avklaring_oslo_unknown", with_stars);
    }
}
