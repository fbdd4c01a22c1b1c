//! The sparkline: a word-sized line for the front page, showing a series' shape at a glance.
//!
//! It has no axes or text: the numbers are next to it on the page, and in its description.
//! Like the line chart it starts at 0 (a cut axis would make small changes look dramatic)
//! and breaks at absent and suppressed months; a suppressed month gets a small hatched mark
//! at the bottom, and the last month with a number a dot, as that is the number the page
//! shows beside it.

use super::style::{self, INK};
use super::{period_text, series_summary, Canvas, SUPPRESSED_NOTE};
use crate::dims::Month;
use crate::format;
use crate::report::Cell;
use plotters::prelude::*;

/// Draws a sparkline of `values` (one per month of `months`) as inline SVG: a tiny chart for
/// the front page, with no axes or text except the accessible title and description.
/// `id` is a page-unique prefix for the `<title>`/`<desc>` ids.
pub fn sparkline(id: &str, title: &str, months: &[Month], values: &[Option<Cell>]) -> String {
    let desc = describe(title, months, values);
    let mut canvas = Canvas::new(
        "sparkline",
        id,
        title,
        &desc,
        (style::SPARK_WIDTH, style::SPARK_HEIGHT),
    );
    draw(&mut canvas, months, values);
    canvas.finish()
}

/// The description: the period, highest and lowest month, the last number, and where values
/// are suppressed.
fn describe(title: &str, months: &[Month], values: &[Option<Cell>]) -> String {
    let mut text = format!(
        "Utvikling {}. {}",
        period_text(months),
        series_summary(title, months, values)
    );
    let last = months
        .iter()
        .zip(values)
        .rev()
        .find_map(|(m, v)| Some((*m, (*v)?)));
    if let Some((month, cell)) = last {
        text.push_str(&format!(
            " Siste måned, {}: {}.",
            super::month_text(month),
            format::cell(cell)
        ));
    }
    if values
        .iter()
        .take(months.len())
        .any(|v| *v == Some(Cell::Suppressed))
    {
        text.push(' ');
        text.push_str(SUPPRESSED_NOTE);
    }
    text
}

fn draw(canvas: &mut Canvas, months: &[Month], values: &[Option<Cell>]) {
    let n = months.len();
    let value = |m: usize| match values.get(m) {
        Some(Some(Cell::Value(v))) if m < n => Some(f64::from(*v)),
        _ => None,
    };
    let max = values
        .iter()
        .take(n)
        .filter_map(|v| v.map(|c| c.high()))
        .max()
        .unwrap_or(0)
        .max(4) as f64;
    // Months from edge to edge; a single month sits in the middle.
    let (x0, x1) = if n <= 1 {
        (-0.5, 0.5)
    } else {
        (0.0, (n - 1) as f64)
    };
    let dot = 3;
    // The plot keeps a dot's room from every edge, so the last month's dot is not cut.
    let margin = f64::from(dot + 1);
    let (width, height) = (
        f64::from(style::SPARK_WIDTH) - 2.0 * margin,
        f64::from(style::SPARK_HEIGHT) - 2.0 * margin,
    );
    let at = |x: f64, y: f64| {
        (
            (margin + (x - x0) / (x1 - x0) * width).round() as i32,
            (margin + height - y / max * height).round() as i32,
        )
    };
    // The line in the text colour, for the best contrast on light and dark pages at this
    // thin size; the last month's dot in the series colour of the line charts.
    let color = style::PALETTE[0];

    // Suppressed months: a small hatched mark from 0 to 3 (at least a few units high).
    let half = 0.3;
    let mark_top = 3f64.max(
        max * f64::from(style::SPARK_MIN_SUPPRESSED_HEIGHT)
            / f64::from(style::SPARK_HEIGHT - 2 * (dot + 1)),
    );
    for m in 0..n {
        if values.get(m) == Some(&Some(Cell::Suppressed)) {
            let (px0, py0) = at((m as f64 - half).max(x0), mark_top);
            let (px1, py1) = at((m as f64 + half).min(x1), 0.0);
            canvas.hatch((px0, py0), (px1.max(px0 + 2), py1), "currentColor");
        }
    }
    canvas.plot(|root| {
        // The line, broken at absent and suppressed months; a month alone gets a dot.
        let mut run: Vec<(i32, i32)> = Vec::new();
        for m in 0..=n {
            match value(m) {
                Some(v) => run.push(at(m as f64, v)),
                None => {
                    match run.len() {
                        0 => {}
                        1 => root.draw(&Circle::new(run[0], 2, INK.filled()))?,
                        _ => root.draw(&PathElement::new(
                            std::mem::take(&mut run),
                            INK.stroke_width(style::SPARK_LINE_WIDTH),
                        ))?,
                    }
                    run.clear();
                }
            }
        }
        if let Some(last) = (0..n).rev().find(|m| value(*m).is_some()) {
            let v = value(last).unwrap_or(0.0);
            root.draw(&Circle::new(at(last as f64, v), dot, color.filled()))?;
        }
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_frame, months_2022, Chart};
    use super::*;
    use Cell::{Suppressed as S, Value as V};

    fn values(cells: &[u32]) -> Vec<Option<Cell>> {
        cells.iter().map(|v| Some(V(*v))).collect()
    }

    fn lines(chart: &Chart) -> Vec<Vec<(i64, i64)>> {
        chart.all("polyline").iter().map(|p| p.points()).collect()
    }

    #[test]
    fn a_year_as_one_line_without_text() {
        let total = values(&[
            3903, 3783, 3782, 3666, 3723, 3361, 2345, 3178, 3416, 3367, 3362, 3124,
        ]);
        let svg = sparkline(
            "spark-avklaring",
            "Avklaringstiltak",
            &months_2022(),
            &total,
        );
        let chart = check_frame(&svg, "spark-avklaring", "Avklaringstiltak");
        assert!(chart.all("text").is_empty(), "no text but title and desc");
        assert_eq!(lines(&chart).len(), 1);
        assert_eq!(lines(&chart)[0].len(), 12);
        // July (the lowest) is the lowest point: larger y is lower.
        let ys: Vec<i64> = lines(&chart)[0].iter().map(|p| p.1).collect();
        assert_eq!(ys.iter().max(), Some(&ys[6]));
        // The last month gets a dot.
        let dot = &chart.drawn("circle")[0];
        assert_eq!(
            (dot.num("cx"), dot.num("cy")),
            *lines(&chart)[0].last().unwrap()
        );
        assert_eq!(
            chart.desc(),
            "Utvikling fra januar 2022 til desember 2022. Avklaringstiltak: høyest i januar 2022 \
             med 3\u{a0}903, lavest i juli 2022 med 2\u{a0}345. Siste måned, desember 2022: \
             3\u{a0}124."
        );
        assert!(svg.len() < 1500, "{} bytes", svg.len());
    }

    #[test]
    fn suppressed_months_are_gaps_with_a_hatched_mark() {
        let v = vec![
            Some(V(100)),
            Some(V(90)),
            Some(S),
            Some(V(80)),
            Some(V(70)),
            None,
            Some(V(60)),
            Some(V(50)),
        ];
        let svg = sparkline("s", "T", &months_2022()[..8], &v);
        let chart = check_frame(&svg, "s", "T");
        assert_eq!(
            lines(&chart).len(),
            3,
            "breaks at the suppressed and the absent month"
        );
        let marks: Vec<_> = chart
            .drawn("rect")
            .into_iter()
            .filter(|r| r.attr("fill") == Some("url(#s-hatch)"))
            .collect();
        assert_eq!(marks.len(), 1, "a mark for the suppressed month only");
        let lowest = lines(&chart).iter().flatten().map(|p| p.1).max().unwrap();
        let mark = marks[0];
        assert!(
            mark.num("y") + mark.num("height") > lowest,
            "the mark stands at 0, below the line"
        );
        assert!(
            chart.desc().contains("Skjult (*, 0–3) i mars 2022."),
            "{}",
            chart.desc()
        );
    }

    #[test]
    fn edge_cases_do_not_panic() {
        let months = months_2022();
        let cases: Vec<(&[Month], Vec<Option<Cell>>)> = vec![
            (&months, vec![]),
            (&[], values(&[1, 2])),
            (&months[..1], values(&[5])),
            (&months, vec![Some(S); 12]),
            (&months, values(&[0; 12])),
            (&months, values(&[u32::MAX; 12])),
            (&months, vec![None; 12]),
        ];
        for (months, values) in cases {
            let svg = sparkline("s", "T", months, &values);
            let chart = check_frame(&svg, "s", "T");
            assert!(chart.all("text").is_empty());
        }
        // A single month is a dot in the middle.
        let chart = Chart::parse(&sparkline("s", "T", &months[..1], &values(&[5])));
        let dot = &chart.drawn("circle")[0];
        assert!((dot.num("cx") - i64::from(style::SPARK_WIDTH) / 2).abs() <= 1);
        // All suppressed: no line, a mark per month.
        let chart = Chart::parse(&sparkline("s", "T", &months, &[Some(S); 12]));
        assert!(lines(&chart).is_empty());
        assert!(
            chart.desc().contains("alle tallene er skjult"),
            "{}",
            chart.desc()
        );
    }

    #[test]
    fn snapshot_total() {
        let total = values(&[
            3903, 3783, 3782, 3666, 3723, 3361, 2345, 3178, 3416, 3367, 3362, 3124,
        ]);
        let svg = sparkline(
            "spark-avklaring",
            "Avklaringstiltak",
            &months_2022(),
            &total,
        );
        insta::assert_snapshot!("sparkline_avklaring_total", svg);
    }
}
