//! The line chart: one or more series over the months of a report.
//!
//! Months sit in the middle of equal slots, so a suppressed month's mark has a slot to fill
//! and the first and last labels are not cut at the edges. The y-axis starts at 0: these are
//! counts of people, and a cut axis would make small changes look large.

use super::style::{self, Marker, INK};
use super::{
    clean, fit, format, nice_axis, period_text, render, series_summary, suppressed_where,
    text_style, Area, DrawResult, Frame, Series, SUPPRESSED_NOTE,
};
use crate::dims::Month;
use crate::report::Cell;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Draws a line chart of `series` over `months` as inline SVG.
///
/// `id` is a page-unique prefix for the SVG's `<title>`/`<desc>` element ids (e.g.
/// "chart-total"). `title` is the accessible name only; it is not drawn, as the page shows
/// its own heading or caption and a drawn title would repeat it (and not fit on a phone).
///
/// A line breaks at absent months (plain gap) and at suppressed months, where a hatched mark
/// from 0 to 3 with a `*` in the series colour shows "0–3" instead. Series differ by colour,
/// dash pattern and marker; a legend is drawn when there are two series or more, or when
/// the `*` needs explaining.
pub fn line_chart(id: &str, title: &str, months: &[Month], series: &[Series]) -> String {
    lines(id, title, &describe(months, series), months, series, true)
}

/// Draws lines over months; `label_years` puts the year under the month labels where it
/// changes (off when the months stand for every year).
fn lines(
    id: &str,
    title: &str,
    desc: &str,
    months: &[Month],
    series: &[Series],
    label_years: bool,
) -> String {
    let layout = Layout::new(months, series);
    let frame = Frame {
        kind: "line",
        id,
        title,
        desc,
        size: (style::WIDTH, layout.height),
        dashes: (0..series.len())
            .map(style::series_style)
            .filter_map(|s| Some((style::hex(s.color), s.dash?)))
            .collect(),
    };
    render(&frame, |root| {
        draw(root, &layout, months, series, label_years)
    })
}

/// Year against year: one line per year over January–December, so each month can be read
/// against the same month of other years. Each series is named by its year and holds one
/// value per month, January first (absent where the year has no such month).
pub fn year_chart(id: &str, title: &str, years: &[(i32, Vec<Option<Cell>>)]) -> String {
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
    lines(id, title, &desc, &months, &series, false)
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
    /// The chart's full height.
    height: u32,
    /// The plotting area's distance from the left edge (the y labels' room).
    left: u32,
    /// The plotting area's distance from the top edge (the legend's room).
    top: u32,
    /// The top of the y-axis and the step between grid lines.
    y_top: u64,
    y_step: u64,
    /// Legend entries, each with its row and x position.
    legend: Vec<(Key<'a>, u32, u32, String)>,
}

impl<'a> Layout<'a> {
    fn new(months: &[Month], series: &'a [Series]) -> Layout<'a> {
        let max = series
            .iter()
            .flat_map(|s| s.values.iter().take(months.len()))
            .filter_map(|v| v.map(|c| c.high()))
            .max()
            .unwrap_or(0);
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
        if any_suppressed {
            keys.push(Key::Suppressed);
        }
        let room = style::WIDTH - 2 * style::PAD;
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
        let bottom = 8 + 2 * style::LINE_HEIGHT + style::PAD;
        Layout {
            height: top + style::LINE_PLOT_HEIGHT + bottom,
            left,
            top,
            y_top,
            y_step,
            legend,
        }
    }
}

/// Draws one marker centred on `at` (backend pixels).
fn draw_marker(root: &Area, marker: Marker, at: (i32, i32), color: RGBColor) -> DrawResult {
    let fill = color.filled();
    let r = style::MARKER_SIZE as i32;
    match marker {
        Marker::Circle => root.draw(&Circle::new(at, style::MARKER_SIZE, fill)),
        Marker::Square => root.draw(&Rectangle::new(
            [(at.0 - r, at.1 - r), (at.0 + r, at.1 + r)],
            fill,
        )),
        Marker::Triangle => root.draw(&Polygon::new(
            vec![
                (at.0, at.1 - r - 1),
                (at.0 + r + 1, at.1 + r),
                (at.0 - r - 1, at.1 + r),
            ],
            fill,
        )),
        Marker::Diamond => root.draw(&Polygon::new(
            vec![
                (at.0, at.1 - r - 1),
                (at.0 + r + 1, at.1),
                (at.0, at.1 + r + 1),
                (at.0 - r - 1, at.1),
            ],
            fill,
        )),
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

fn draw(
    root: &Area,
    layout: &Layout,
    months: &[Month],
    series: &[Series],
    label_years: bool,
) -> DrawResult {
    let n = months.len();
    let right = style::PAD;
    let bottom = layout.height - layout.top - style::LINE_PLOT_HEIGHT;
    let y_top = layout.y_top as f64;
    let chart = ChartBuilder::on(root)
        .margin_left(layout.left)
        .margin_right(right)
        .margin_top(layout.top)
        .margin_bottom(bottom)
        .build_cartesian_2d(-0.5..(n.max(1) as f64 - 0.5), 0.0..y_top)?;
    let x_left = -0.5;
    let x_right = n.max(1) as f64 - 0.5;
    let at = |x: f64, y: f64| chart.backend_coord(&(x, y));

    // Legend.
    for (key, row, x, text) in &layout.legend {
        let y = (style::PAD + row * style::LINE_HEIGHT + style::LINE_HEIGHT / 2) as i32;
        let x = *x as i32;
        match key {
            Key::Series(i, _) => {
                let s = style::series_style(*i);
                root.draw(&PathElement::new(
                    vec![(x, y), (x + SWATCH as i32, y)],
                    s.color.stroke_width(style::LINE_WIDTH),
                ))?;
                // The legend shows a marker only if the lines have them.
                if n <= style::MARKERS_UP_TO_MONTHS {
                    draw_marker(root, s.marker, (x + SWATCH as i32 / 2, y), s.color)?;
                }
            }
            Key::Suppressed => {
                let rect = [(x + 8, y - 8), (x + SWATCH as i32 - 8, y + 8)];
                root.draw(&Rectangle::new(rect, style::HATCH.filled()))?;
                root.draw(&Rectangle::new(rect, INK.stroke_width(1)))?;
            }
        }
        root.draw(&Text::new(
            text.as_str(),
            (x + SWATCH_ROOM as i32, y),
            text_style(style::FONT_SIZE, INK, HPos::Left, VPos::Center),
        ))?;
    }

    // Grid lines and y labels; the baseline at 0 is solid, the others light.
    let (plot_left, _) = at(x_left, 0.0);
    for tick in (0..=layout.y_top).step_by(layout.y_step as usize) {
        let y = tick as f64;
        let line_style = if tick == 0 {
            INK.stroke_width(1)
        } else {
            INK.mix(style::GRID_OPACITY).stroke_width(1)
        };
        root.draw(&PathElement::new(
            vec![at(x_left, y), at(x_right, y)],
            line_style,
        ))?;
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
    for (i, month) in months.iter().enumerate().step_by(step) {
        let (x, _) = at(i as f64, 0.0);
        let month_y = baseline + 8;
        root.draw(&Text::new(
            month.short_name(),
            (x, month_y),
            text_style(style::FONT_SIZE, INK, HPos::Center, VPos::Top),
        ))?;
        if label_years && last_year != Some(month.year) {
            root.draw(&Text::new(
                month.year.to_string(),
                (x, month_y + style::LINE_HEIGHT as i32),
                text_style(style::FONT_SIZE, INK, HPos::Center, VPos::Top),
            ))?;
            last_year = Some(month.year);
        }
    }

    // Suppressed months: a hatched mark from 0 to 3 (at least a few units high, or 3 of
    // thousands would look like nothing), outlined in the series colour, with a `*` above.
    // Series with suppressed months share each month's slot side by side.
    let mark_top = 3f64
        .max(y_top * f64::from(style::MIN_SUPPRESSED_HEIGHT) / f64::from(style::LINE_PLOT_HEIGHT));
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
    for (k, i) in with_suppressed.iter().enumerate() {
        let color = style::series_style(*i).color;
        for (m, value) in series[*i].values.iter().take(n).enumerate() {
            if *value != Some(Cell::Suppressed) {
                continue;
            }
            let x0 = m as f64 - 0.4 + k as f64 * share;
            let (px0, py0) = at(x0 + share * 0.1, mark_top);
            let (px1, py1) = at(x0 + share * 0.9, 0.0);
            let rect = [(px0, py0), (px1.max(px0 + 2), py1)];
            root.draw(&Rectangle::new(rect, style::HATCH.filled()))?;
            root.draw(&Rectangle::new(rect, color.stroke_width(1)))?;
            root.draw(&Text::new(
                "*",
                ((px0 + px1) / 2, py0 + 4),
                text_style(style::STAR_SIZE, color, HPos::Center, VPos::Bottom),
            ))?;
        }
    }

    // The lines: one polyline per run of months with numbers; gaps at absent and suppressed
    // months. Markers at every month, or only at months standing alone in long charts.
    for (i, s) in series.iter().enumerate() {
        let st = style::series_style(i);
        let value = |m: usize| match s.values.get(m) {
            Some(Some(Cell::Value(v))) if m < n => Some(f64::from(*v)),
            _ => None,
        };
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
            if n <= style::MARKERS_UP_TO_MONTHS || alone {
                draw_marker(root, st.marker, at(m as f64, v), st.color)?;
            }
        }
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
            .filter(|p| p.attr("stroke") == Some("currentColor"))
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
        assert_eq!(chart.all("circle").len(), 12);
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
            .filter(|p| p.attr("stroke") == Some("currentColor"));
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
        assert!(chart.all("circle").iter().all(|c| c.num("cy") < zero));
        // A hatched mark standing on the baseline, in the month's slot, with a `*` above it.
        let hatched: Vec<_> = chart
            .all("rect")
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
        assert_eq!(chart.all("circle").len(), 4);
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
            chart.all("circle").len(),
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
        let mut dashes = Vec::new();
        for i in 0..4 {
            let st = style::series_style(i);
            let polylines: Vec<_> = chart
                .all("polyline")
                .into_iter()
                .filter(|p| p.attr("stroke") == Some(style::hex(st.color).as_str()))
                .collect();
            assert_eq!(polylines.len(), 2, "the line and its legend swatch");
            for p in &polylines {
                assert_eq!(p.attr("stroke-dasharray"), st.dash);
            }
            dashes.push(st.dash);
        }
        dashes.dedup();
        assert_eq!(dashes.len(), 4);
        // Markers: circles, squares, triangles and diamonds (12 months + 1 in the legend each).
        assert_eq!(chart.all("circle").len(), 13);
        assert_eq!(chart.all("rect").len(), 13);
        assert_eq!(chart.all("polygon").len(), 26);
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
        assert_eq!(chart.all("circle").len(), 0);
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
        assert_eq!(chart.texts().iter().filter(|t| *t == "*").count(), 12);
        let hatched = chart
            .all("rect")
            .into_iter()
            .filter(|r| r.attr("fill") == Some("url(#c-hatch)"))
            .count();
        assert_eq!(hatched, 12 + 1, "a mark per month and one in the legend");
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
        assert_eq!(chart.all("circle").len(), 1, "a lone month is a marker");
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
