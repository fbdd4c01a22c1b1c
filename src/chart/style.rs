//! Every visual choice the charts share, in one place, so that all charts on the site look
//! alike and a change of look is a change here only.
//!
//! Sizes are in viewBox units. The charts scale with the page, so a size here is a size on
//! the screen only at the chart's natural width ([`WIDTH`]); on a phone the whole chart shrinks.
//! The font size is chosen so that text is still about 10 px when a chart is 360 px wide.
//!
//! Colours that should follow the page (text, axes, grid) are drawn in [`INK`], which
//! [`INK_STYLE`] turns into `currentColor`: plotters only knows RGB, and `currentColor` is
//! what lets one SVG work on a light and a dark page.

use plotters::style::RGBColor;

/// The width of the line and bar charts' viewBox. With [`FONT_SIZE`] 18, text is
/// 18 × 360 / 640 ≈ 10 px when the chart is squeezed into a 360 px wide phone screen.
pub const WIDTH: u32 = 640;

/// The font size of every text in the line and bar charts, in viewBox units.
pub const FONT_SIZE: u32 = 18;

/// The size of the `*` over a suppressed month in the line chart: an asterisk is a small
/// glyph, and at [`FONT_SIZE`] it nearly vanishes on a phone.
pub const STAR_SIZE: u32 = 25;

/// The font family put on the root element once, instead of on every `<text>`. A page can
/// override it with CSS (`svg.chart { font-family: inherit }`), as CSS beats an attribute.
pub const FONT_FAMILY: &str = "sans-serif";

/// plotters divides the font size it is given by 1.24 when it writes SVG, so this is the size
/// to hand it for `px` units in the output: the float nearest `px × 1.24` whose quotient is
/// exactly `px`, so the SVG says `18`, not `18.000000000000004`. A few sizes have no such
/// float (13, 15, 26, …); they come out a hair off, so the sizes used here avoid them.
pub fn plotters_font_size(px: u32) -> f64 {
    let want = f64::from(px);
    let mut size = want * 1.24;
    for _ in 0..16 {
        let got = size / 1.24;
        if got == want {
            break;
        }
        size = if got < want {
            size.next_up()
        } else {
            size.next_down()
        };
    }
    size
}

/// A generous estimate of a text's width: plotters has no font here (no system fonts, no
/// embedded font), so layout reserves room by counting characters. 0.6 em per character
/// fits DejaVu Sans, the widest common fallback; narrower fonts just leave more air.
pub fn text_width(text: &str, font_size: u32) -> u32 {
    let chars = text.chars().count() as f64;
    (chars * 0.6 * f64::from(font_size)).ceil() as u32
}

/// The distance between two lines of text (legend rows, month and year rows).
pub const LINE_HEIGHT: u32 = 24;

/// Text, axes and baseline: made `currentColor` by [`INK_STYLE`], so they follow the page's
/// text colour in light and dark mode (and stay black where CSS is off). It is the only pure
/// black in a chart: the palette leaves out Okabe–Ito's black for this reason.
pub const INK: RGBColor = RGBColor(0, 0, 0);

/// The rule, inside every chart, that draws [`INK`] in `currentColor`: CSS beats the colour
/// attributes plotters writes, and a rule in the chart itself keeps working when the chart is
/// saved as a file of its own.
pub const INK_STYLE: &str = "<style>svg.chart [fill=\"#000000\"]{fill:currentColor}\
svg.chart [stroke=\"#000000\"]{stroke:currentColor}</style>";

/// Grid lines are [`INK`] at this opacity: light on any background, and a transparent light
/// line keeps the grid from dominating the chart.
pub const GRID_OPACITY: f64 = 0.18;

/// The grid's colour in a picture, where the ink is black on white: [`INK`] at
/// [`GRID_OPACITY`] over white as one opaque grey, which a renderer draws straight onto the
/// picture rather than on a layer of its own to blend in.
pub const PICTURE_GRID: RGBColor = RGBColor(209, 209, 209);

/// The hatch pattern for suppressed values (0–3): diagonal `currentColor` stripes over a
/// faint tint, so it reads as "something small, not known exactly" on light and dark pages.
/// `{id}` is replaced by the chart's id prefix. Each shape's paint is translucent, not the
/// shape (`fill-opacity`, not `opacity`): the same look, without a layer to blend per shape.
pub const HATCH_PATTERN: &str = "<defs><pattern id=\"{id}-hatch\" width=\"6\" height=\"6\" \
patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" \
fill=\"currentColor\" fill-opacity=\"0.15\"/><line x1=\"1\" y1=\"0\" x2=\"1\" y2=\"6\" \
stroke=\"currentColor\" stroke-width=\"2\" stroke-opacity=\"0.7\"/></pattern></defs>";

/// The most series one chart draws: with more, lines cannot be told apart, and a page
/// draws one small chart per series instead.
pub const MAX_SERIES: usize = 6;

/// The looks of the series of a chart, one slot per series. Every slot differs from every
/// other in colour, in dash and in marker, so no two series look alike, also to colour-blind
/// readers and in grey-scale prints. Colours are Okabe & Ito's colour-blind-safe palette
/// without its black (see [`INK`]) and its yellow (which vanishes on a white page), the ones
/// with the best contrast on light and dark pages first.
pub const STYLES: [SeriesStyle; MAX_SERIES] = [
    SeriesStyle {
        color: RGBColor(0x00, 0x72, 0xB2), // blue
        dash: None,
        marker: Marker::Circle,
    },
    SeriesStyle {
        color: RGBColor(0xD5, 0x5E, 0x00), // vermillion
        dash: Some("10 5"),
        marker: Marker::Square,
    },
    SeriesStyle {
        color: RGBColor(0x00, 0x9E, 0x73), // bluish green
        dash: Some("2 5"),
        marker: Marker::Triangle,
    },
    SeriesStyle {
        color: RGBColor(0xCC, 0x79, 0xA7), // reddish purple
        dash: Some("12 4 2 4"),
        marker: Marker::Diamond,
    },
    SeriesStyle {
        color: RGBColor(0xE6, 0x9F, 0x00), // orange
        dash: Some("18 6"),
        marker: Marker::TriangleDown,
    },
    SeriesStyle {
        color: RGBColor(0x56, 0xB4, 0xE9), // sky blue
        dash: Some("2 4 2 4 10 4"),
        marker: Marker::Cross,
    },
];

/// The colours of [`STYLES`], in order, for what is not a series line (bars, sparklines).
pub const PALETTE: [RGBColor; MAX_SERIES] = [
    STYLES[0].color,
    STYLES[1].color,
    STYLES[2].color,
    STYLES[3].color,
    STYLES[4].color,
    STYLES[5].color,
];

/// The marker drawn at each month of a line, a second way besides dashes to tell series apart
/// without colour; it also shows a month that stands alone between gaps, where no line can be
/// drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// A filled circle.
    Circle,
    /// A filled square.
    Square,
    /// A filled triangle, point up.
    Triangle,
    /// A filled diamond.
    Diamond,
    /// A filled triangle, point down.
    TriangleDown,
    /// A filled plus sign.
    Cross,
}

/// How one series looks. A dash of `None` is a solid line; the dash pattern goes on a group
/// around the series' lines, as one `stroke-dasharray` is far smaller than plotters' dashed
/// lines, which are drawn as one `<line>` per dash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeriesStyle {
    /// The series colour.
    pub color: RGBColor,
    /// The dash pattern (`None`: solid).
    pub dash: Option<&'static str>,
    /// The marker shape.
    pub marker: Marker,
}

/// The look of the `n`th series. Charts draw at most [`MAX_SERIES`]; past that the slots
/// would repeat, which is why no chart draws more.
pub fn series_style(n: usize) -> SeriesStyle {
    STYLES[n % MAX_SERIES]
}

/// The colour as plotters writes it in SVG (`#0072B2`), to find a series' elements again
/// when post-processing.
pub fn hex(color: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2)
}

/// The stroke width of data lines: thick enough to stay visible when the chart shrinks to
/// phone width (3 × 360 / 640 ≈ 1.7 px).
pub const LINE_WIDTH: u32 = 3;

/// The radius of line markers.
pub const MARKER_SIZE: u32 = 4;

/// Line charts with more months than this get markers only where a month stands alone:
/// markers at every month of a long series would crowd the line and bloat the file.
pub const MARKERS_UP_TO_MONTHS: usize = 24;

/// The height of the line chart's plotting area.
pub const LINE_PLOT_HEIGHT: u32 = 260;

/// The viewBox width of a small chart of a row of them: about half of [`WIDTH`], so two or
/// three sit side by side on a wide page and the text is as large as in the full chart.
pub const SMALL_WIDTH: u32 = 360;

/// The plotting area's height in a small chart.
pub const SMALL_PLOT_HEIGHT: u32 = 150;

/// The plotting area's height in the chart of annual averages.
pub const ANNUAL_PLOT_HEIGHT: u32 = 180;

/// A series longer than this many months shows only its latest months in its line chart
/// (with its annual averages beside it): ten years of months in one chart is a blur.
pub const RECENT_MONTHS: usize = 36;

/// The months a sparkline shows: the latest two years.
pub const SPARK_MONTHS: usize = 24;

/// The smallest height of a suppressed-value mark (0–3), in viewBox units: on a scale of
/// thousands, 3 is less than a pixel high and would look like nothing, i.e. like zero.
pub const MIN_SUPPRESSED_HEIGHT: u32 = 12;

/// The smallest room, in viewBox units, for one month label on the x-axis; with less,
/// only every second, third, … month is labelled. The widest labels (`mars`, `april`) are
/// about 40 units wide in Arial-like fonts at [`FONT_SIZE`] 18, a little more in DejaVu Sans.
pub const MONTH_LABEL_ROOM: u32 = 42;

/// Space around the drawing, so no text touches the edge of the viewBox.
pub const PAD: u32 = 8;

/// The bar chart's bar thickness and the distance from one bar to the next.
pub const BAR_HEIGHT: u32 = 22;

/// See [`BAR_HEIGHT`].
pub const BAR_PITCH: u32 = 32;

/// The most of the width the bar labels may take; longer labels are shortened with `…`
/// (the full label is in the page's table and in the chart's description).
pub const BAR_LABEL_SHARE: f64 = 0.42;

/// The single colour of bars: every bar is the same quantity, so colour carries nothing.
pub const BAR_COLOR: RGBColor = PALETTE[0];

/// The sparkline's viewBox: a small, wide shape for a table cell or a card on the front page.
pub const SPARK_WIDTH: u32 = 160;

/// See [`SPARK_WIDTH`].
pub const SPARK_HEIGHT: u32 = 40;

/// The sparkline's line width.
pub const SPARK_LINE_WIDTH: u32 = 2;

/// The smallest height of a suppressed-value mark in a sparkline.
pub const SPARK_MIN_SUPPRESSED_HEIGHT: u32 = 4;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_stays_readable_on_a_phone() {
        // The chart is scaled from WIDTH to 360 px; text must stay around 10 px or more.
        let on_phone = f64::from(FONT_SIZE) * 360.0 / f64::from(WIDTH);
        assert!(on_phone >= 10.0, "{on_phone}");
    }

    #[test]
    fn ink_is_not_a_series_colour() {
        for color in PALETTE {
            assert_ne!(hex(color), hex(INK));
        }
        assert!(INK_STYLE.contains(&format!("\"{}\"", hex(INK))));
    }

    #[test]
    fn the_picture_grid_is_the_page_grid_over_white() {
        let grey = (255.0 * (1.0 - GRID_OPACITY)).round() as u8;
        assert_eq!(PICTURE_GRID, RGBColor(grey, grey, grey));
    }

    #[test]
    fn every_two_series_differ_in_colour_and_dash_and_marker() {
        for a in 0..MAX_SERIES {
            for b in 0..MAX_SERIES {
                if a == b {
                    continue;
                }
                let (x, y) = (series_style(a), series_style(b));
                assert_ne!(hex(x.color), hex(y.color), "{a} {b}");
                assert_ne!(x.dash, y.dash, "{a} {b}");
                assert_ne!(x.marker, y.marker, "{a} {b}");
            }
        }
        // Dash patterns are pairs of positive lengths, as stroke-dasharray wants.
        for dash in STYLES.iter().filter_map(|s| s.dash) {
            let lengths: Vec<u32> = dash.split(' ').map(|n| n.parse().unwrap()).collect();
            assert!(
                lengths.len().is_multiple_of(2) && lengths.iter().all(|n| *n > 0),
                "{dash}"
            );
        }
    }

    #[test]
    fn font_sizes_come_out_whole() {
        for px in [FONT_SIZE, STAR_SIZE] {
            assert_eq!(format!("{}", plotters_font_size(px) / 1.24), px.to_string());
        }
    }
}
