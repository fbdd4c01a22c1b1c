//! The horizontal bar chart: one month's value per county or measure group.
//!
//! Horizontal, because the labels (county names) are long and read best on their own line
//! of text left of the bar, also on a phone. Every bar has its value written at its end, so
//! the chart needs no value axis, and none is drawn: fewer lines, smaller file.

use super::style::{self, INK};
use super::{clean, fit, format, join_and, text_style, Canvas, SUPPRESSED_NOTE};
use crate::report::Cell;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Draws a horizontal bar chart as inline SVG; bars are drawn in the order given (the caller
/// sorts them). `unit_label` (e.g. "Deltakere, desember 2022") is drawn above the bars and
/// says what the lengths measure; `title` is the accessible name only (the page shows its own
/// heading).
///
/// A suppressed cell gets a short hatched bar from 0 to 3 labelled `*`, never a zero-length
/// bar labelled 0; a note under the bars says what `*` means. Labels too long for the left
/// column are shortened with `…`; the full label is in the description and the page's table.
pub fn bar_chart(id: &str, title: &str, unit_label: &str, bars: &[(String, Cell)]) -> String {
    let layout = Layout::new(unit_label, bars);
    let desc = describe(unit_label, bars);
    let mut canvas = Canvas::new("bar", id, title, &desc, (style::WIDTH, layout.height));
    draw(&mut canvas, &layout, bars);
    canvas.finish()
}

/// The description: what the bars measure, how many, the highest and lowest, and which are
/// suppressed. Ties go to the bar given first.
fn describe(unit_label: &str, bars: &[(String, Cell)]) -> String {
    let unit = clean(unit_label);
    if bars.is_empty() {
        return format!("Liggende stolpediagram uten tall: {unit}.");
    }
    let count = if bars.len() == 1 {
        "én stolpe".to_string()
    } else {
        format!("{} stolper", bars.len())
    };
    let mut text = format!("Liggende stolpediagram med {count}: {unit}.");
    let mut high: Option<(&str, u32)> = None;
    let mut low: Option<(&str, u32)> = None;
    let mut values = 0;
    for (label, cell) in bars {
        if let Cell::Value(v) = cell {
            values += 1;
            if high.is_none_or(|(_, h)| *v > h) {
                high = Some((label, *v));
            }
            if low.is_none_or(|(_, l)| *v < l) {
                low = Some((label, *v));
            }
        }
    }
    match (high, low) {
        (Some((hl, hv)), Some((ll, lv))) if values > 1 => text.push_str(&format!(
            " Høyest er {} med {}, lavest er {} med {}.",
            clean(hl),
            format::number(hv.into()),
            clean(ll),
            format::number(lv.into()),
        )),
        (Some((label, v)), _) => {
            text.push_str(&format!(" {}: {}.", clean(label), format::number(v.into())))
        }
        _ => text.push_str(" Alle tallene er skjult."),
    }
    let suppressed: Vec<String> = bars
        .iter()
        .filter(|(_, c)| *c == Cell::Suppressed)
        .map(|(label, _)| clean(label))
        .collect();
    if !suppressed.is_empty() {
        let which = if suppressed.len() <= 6 {
            join_and(&suppressed)
        } else {
            format!("{} stolper", suppressed.len())
        };
        text.push_str(&format!(" Skjult (*): {which}."));
        text.push(' ');
        text.push_str(SUPPRESSED_NOTE);
    }
    text
}

/// The legend text for suppressed values.
const SUPPRESSED_KEY: &str = "* skjult tall (0–3)";

/// Where everything goes, worked out before drawing, as the drawing's height depends on it.
struct Layout {
    height: u32,
    /// The unit label, shortened to fit.
    unit: String,
    /// Where bars start (the end of the label column).
    bar_left: u32,
    /// The longest bar's length.
    bar_room: u32,
    /// The value a bar of length `bar_room` stands for.
    scale_max: f64,
    /// Each bar: its label (shortened to fit), value text and cell.
    rows: Vec<(String, String, Cell)>,
    /// The top of the first row.
    rows_top: u32,
    /// Whether the `*` note is drawn.
    note: bool,
}

impl Layout {
    fn new(unit_label: &str, bars: &[(String, Cell)]) -> Layout {
        let font = style::FONT_SIZE;
        let inner = style::WIDTH - 2 * style::PAD;
        let label_room = (f64::from(style::WIDTH) * style::BAR_LABEL_SHARE) as u32;
        let labels: Vec<String> = bars
            .iter()
            .map(|(label, _)| fit(&clean(label), label_room, font))
            .collect();
        let label_col = labels
            .iter()
            .map(|l| style::text_width(l, font))
            .max()
            .unwrap_or(0);
        let values: Vec<String> = bars.iter().map(|(_, c)| format::cell(*c)).collect();
        let value_col = values
            .iter()
            .map(|v| style::text_width(v, font))
            .max()
            .unwrap_or(0)
            + 8;
        let bar_left = style::PAD + label_col + 8;
        let bar_room = (style::WIDTH - style::PAD)
            .saturating_sub(bar_left + value_col)
            .max(20);
        let any_suppressed = bars.iter().any(|(_, c)| *c == Cell::Suppressed);
        let max = bars
            .iter()
            .filter_map(|(_, c)| c.value())
            .max()
            .unwrap_or(0);
        let scale_max = f64::from(max.max(if any_suppressed { 3 } else { 1 }));
        let rows_top = style::PAD + style::LINE_HEIGHT + 8;
        let row_count = bars.len().max(1) as u32;
        let note_height = if any_suppressed {
            style::LINE_HEIGHT + 8
        } else {
            0
        };
        Layout {
            height: rows_top + row_count * style::BAR_PITCH + note_height + style::PAD,
            unit: fit(&clean(unit_label), inner, font),
            bar_left,
            bar_room,
            scale_max,
            rows: labels
                .into_iter()
                .zip(values)
                .zip(bars)
                .map(|((label, value), (_, cell))| (label, value, *cell))
                .collect(),
            rows_top,
            note: any_suppressed,
        }
    }

    /// A bar's length: its value on the scale, and for a suppressed cell its upper bound, 3,
    /// but at least a few units, or it would look like nothing, i.e. like zero.
    fn length(&self, cell: Cell) -> i32 {
        let of = |v: f64| (v / self.scale_max * f64::from(self.bar_room)).round() as i32;
        match cell {
            Cell::Value(v) => of(f64::from(v)),
            Cell::Suppressed => of(3.0).max(style::MIN_SUPPRESSED_HEIGHT as i32),
        }
    }
}

fn draw(canvas: &mut Canvas, layout: &Layout, bars: &[(String, Cell)]) {
    let font = style::FONT_SIZE;
    let pad = style::PAD as i32;
    let left = layout.bar_left as i32;
    let pitch = style::BAR_PITCH as i32;
    let top = layout.rows_top as i32;
    let rows = layout.rows.len().max(1) as i32;
    let bar = |i: usize, cell: Cell| {
        let y = top + i as i32 * pitch;
        let bar_top = y + (pitch - style::BAR_HEIGHT as i32) / 2;
        [
            (left, bar_top),
            (
                left + layout.length(cell),
                bar_top + style::BAR_HEIGHT as i32,
            ),
        ]
    };
    let note_y = top + rows * pitch + 8 + style::LINE_HEIGHT as i32 / 2;
    canvas.plot(|root| {
        root.draw(&Text::new(
            layout.unit.as_str(),
            (pad, pad + style::LINE_HEIGHT as i32 / 2),
            text_style(font, INK, HPos::Left, VPos::Center),
        ))?;
        if layout.rows.is_empty() {
            root.draw(&Text::new(
                "Ingen tall å vise",
                (pad, top + pitch / 2),
                text_style(font, INK, HPos::Left, VPos::Center),
            ))?;
        }
        for (i, (label, value, cell)) in layout.rows.iter().enumerate() {
            let middle = top + i as i32 * pitch + pitch / 2;
            let rect = bar(i, *cell);
            if matches!(cell, Cell::Value(_)) && rect[1].0 > rect[0].0 {
                root.draw(&Rectangle::new(rect, style::BAR_COLOR.filled()))?;
            }
            root.draw(&Text::new(
                label.as_str(),
                (left - 8, middle),
                text_style(font, INK, HPos::Right, VPos::Center),
            ))?;
            root.draw(&Text::new(
                value.as_str(),
                (rect[1].0 + 6, middle),
                text_style(font, INK, HPos::Left, VPos::Center),
            ))?;
        }
        root.draw(&PathElement::new(
            vec![(left, top), (left, top + rows * pitch)],
            INK.stroke_width(1),
        ))?;
        if layout.note {
            root.draw(&Text::new(
                SUPPRESSED_KEY,
                (pad + 26, note_y),
                text_style(font, INK, HPos::Left, VPos::Center),
            ))?;
        }
        Ok(())
    });
    for (i, (_, _, cell)) in layout.rows.iter().enumerate() {
        if *cell == Cell::Suppressed {
            let [from, to] = bar(i, *cell);
            canvas.hatch(from, to, "currentColor");
        }
    }
    if layout.note {
        canvas.hatch((pad, note_y - 8), (pad + 18, note_y + 8), "currentColor");
    }
    // Hover titles: the whole row of each bar, label to value.
    canvas.push(super::HOVER);
    for (i, ((label, cell), (_, value, _))) in bars.iter().zip(&layout.rows).enumerate() {
        let y = top + i as i32 * pitch;
        let text = match cell {
            Cell::Value(_) => format!("{}: {value}", clean(label)),
            Cell::Suppressed => format!("{}: 0–3 (skjult, *)", clean(label)),
        };
        canvas.tip(
            &format!(
                "rect x=\"{pad}\" y=\"{y}\" width=\"{}\" height=\"{pitch}\"",
                style::WIDTH as i32 - 2 * pad
            ),
            &text,
        );
    }
    canvas.push("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_frame, Chart};
    use super::*;
    use Cell::{Suppressed as S, Value as V};

    fn bars(rows: &[(&str, Cell)]) -> Vec<(String, Cell)> {
        rows.iter().map(|(l, c)| (l.to_string(), *c)).collect()
    }

    /// The bars (filled rectangles) in drawing order, without the key's swatch.
    fn rects<'a>(chart: &'a Chart, fill: &str) -> Vec<&'a super::super::testing::Element> {
        chart
            .drawn("rect")
            .into_iter()
            .filter(|r| r.attr("fill") == Some(fill))
            .collect()
    }

    fn blue() -> String {
        style::hex(style::BAR_COLOR)
    }

    #[test]
    fn bars_in_the_given_order_with_their_values() {
        let rows = bars(&[("Viken", V(917)), ("Oslo", V(430)), ("Ukjent", V(7))]);
        let svg = bar_chart("b", "Fylker", "Deltakere, desember 2022", &rows);
        let chart = check_frame(&svg, "b", "Fylker");
        let texts = chart.texts();
        assert_eq!(texts[0], "Deltakere, desember 2022");
        let at = |t: &str| {
            texts
                .iter()
                .position(|x| x == t)
                .unwrap_or_else(|| panic!("{t}"))
        };
        assert!(at("Viken") < at("Oslo") && at("Oslo") < at("Ukjent"));
        assert!(at("917") < at("430"));
        let drawn = rects(&chart, &blue());
        assert_eq!(drawn.len(), 3);
        // Top to bottom in the given order, lengths in proportion to the values.
        assert!(drawn.windows(2).all(|w| w[0].num("y") < w[1].num("y")));
        let (viken, oslo) = (drawn[0].num("width") as f64, drawn[1].num("width") as f64);
        assert!((oslo / viken - 430.0 / 917.0).abs() < 0.01);
        assert_eq!(
            chart.desc(),
            "Liggende stolpediagram med 3 stolper: Deltakere, desember 2022. Høyest er Viken med \
             917, lavest er Ukjent med 7."
        );
        // No `*`, no note.
        assert!(!svg.contains("hatch"));
    }

    #[test]
    fn a_suppressed_bar_is_a_small_hatched_star_never_zero() {
        let rows = bars(&[("Viken", V(917)), ("Øvrige områder", S)]);
        let svg = bar_chart("b", "T", "Deltakere", &rows);
        let chart = check_frame(&svg, "b", "T");
        let texts = chart.texts();
        assert!(texts.iter().any(|t| t == "*"));
        assert!(
            !texts.iter().any(|t| t == "0"),
            "a suppressed cell is never labelled 0"
        );
        let hatched = rects(&chart, "url(#b-hatch)");
        // The bar and the note's swatch.
        assert_eq!(hatched.len(), 2);
        let bar = hatched[0];
        let full = rects(&chart, &blue())[0].num("width");
        assert!(bar.num("width") >= i64::from(style::MIN_SUPPRESSED_HEIGHT));
        assert!(bar.num("width") < full / 10);
        assert!(
            texts.iter().any(|t| t == "* skjult tall (0–3)"),
            "the note explains *"
        );
        assert!(
            chart.desc().contains("Skjult (*): Øvrige områder."),
            "{}",
            chart.desc()
        );
        // The lowest bar is the lowest known number, not the suppressed one.
        assert!(chart.desc().contains("Viken: 917."), "{}", chart.desc());
    }

    #[test]
    fn a_true_zero_is_labelled_0_without_a_bar() {
        let rows = bars(&[("Viken", V(917)), ("Svalbard", V(0))]);
        let chart = check_frame(&bar_chart("b", "T", "D", &rows), "b", "T");
        assert!(chart.texts().iter().any(|t| t == "0"));
        assert_eq!(rects(&chart, &blue()).len(), 1);
    }

    #[test]
    fn long_labels_are_shortened() {
        let long = "Troms og Finnmark - Romsa ja Finnmárku ja enda lenger";
        let chart = Chart::parse(&bar_chart("b", "T", "D", &bars(&[(long, V(148))])));
        let label = chart
            .texts()
            .into_iter()
            .find(|t| t.starts_with("Troms"))
            .unwrap();
        assert!(label.ends_with('…') && label.len() < long.len(), "{label}");
        assert!(
            chart.desc().contains(long),
            "the description has the full label"
        );
    }

    #[test]
    fn an_empty_list() {
        let svg = bar_chart("b", "T", "Deltakere", &[]);
        let chart = check_frame(&svg, "b", "T");
        assert!(chart.texts().iter().any(|t| t == "Ingen tall å vise"));
        assert_eq!(chart.desc(), "Liggende stolpediagram uten tall: Deltakere.");
    }

    #[test]
    fn all_suppressed() {
        let rows = bars(&[("A", S), ("B", S)]);
        let chart = check_frame(&bar_chart("b", "T", "D", &rows), "b", "T");
        assert_eq!(rects(&chart, "url(#b-hatch)").len(), 3);
        assert_eq!(chart.texts().iter().filter(|t| *t == "*").count(), 2);
        assert!(
            chart.desc().contains("Alle tallene er skjult."),
            "{}",
            chart.desc()
        );
    }

    #[test]
    fn all_zeros_and_a_single_bar() {
        let chart = check_frame(
            &bar_chart("b", "T", "D", &bars(&[("A", V(0)), ("B", V(0))])),
            "b",
            "T",
        );
        assert!(rects(&chart, &blue()).is_empty());
        assert_eq!(chart.texts().iter().filter(|t| *t == "0").count(), 2);
        let chart = check_frame(&bar_chart("b", "T", "D", &bars(&[("A", V(5))])), "b", "T");
        assert_eq!(
            chart.desc(),
            "Liggende stolpediagram med én stolpe: D. A: 5."
        );
    }

    #[test]
    fn huge_numbers_fit() {
        let rows = bars(&[("A", V(u32::MAX)), ("B", V(1)), ("C", S)]);
        let svg = bar_chart("b", "T", "D", &rows);
        let chart = check_frame(&svg, "b", "T");
        let width = style::WIDTH as i64;
        let label = format::number(u64::from(u32::MAX));
        let value = chart
            .all("text")
            .into_iter()
            .find(|t| t.text == label)
            .expect("value");
        assert!(value.num("x") + style::text_width(&label, style::FONT_SIZE) as i64 <= width);
        assert!(rects(&chart, &blue())[0].num("width") > 100);
    }

    #[test]
    fn every_bar_says_its_value_on_hover() {
        let rows = bars(&[("Viken", V(1234)), ("Øvrige områder", S)]);
        let chart = Chart::parse(&bar_chart("b", "T", "D", &rows));
        assert_eq!(
            chart.tips(),
            ["Viken: 1\u{a0}234", "Øvrige områder: 0–3 (skjult, *)"]
        );
    }

    #[test]
    fn snapshot_counties_december() {
        // Avklaringstiltak, December 2022, as the seed report has it, largest first.
        let rows = bars(&[
            ("Viken", V(917)),
            ("Oslo", V(430)),
            ("Vestland", V(325)),
            ("Innlandet", V(282)),
            ("Trøndelag", V(269)),
            ("Agder", V(216)),
            ("Rogaland", V(198)),
            ("Troms og Finnmark", V(148)),
            ("Vestfold og Telemark", V(125)),
            ("Nordland", V(120)),
            ("Møre og Romsdal", V(87)),
            ("Ukjent", V(7)),
            ("Øvrige områder", S),
        ]);
        let svg = bar_chart(
            "chart-counties",
            "Avklaringstiltak etter fylke, desember 2022",
            "Deltakere, desember 2022",
            &rows,
        );
        insta::assert_snapshot!("bar_avklaring_counties_december", svg);
    }
}
