//! Every visual choice the charts share, in one place, so that all charts on the site look
//! alike and a change of look is a change here only.
//!
//! Sizes are in viewBox units. The charts scale with the page, so a size here is a size on
//! the screen only at the chart's natural width ([`WIDTH`]); on a phone the whole chart shrinks.
//! The font size is chosen so that text is still about 10 px when a chart is 360 px wide.
//!
//! Colours that should follow the page (text, axes, grid, hatching) are drawn in *sentinel*
//! colours and swapped for `currentColor` afterwards (see `finish` in the parent module): plotters only
//! knows RGB, and `currentColor` is what lets one SVG work on a light and a dark page.

use plotters::style::RGBColor;

/// The width of the line and bar charts' viewBox. With [`FONT_SIZE`] 18, text is
/// 18 × 360 / 640 ≈ 10 px when the chart is squeezed into a 360 px wide phone screen.
pub const WIDTH: u32 = 640;

/// The font size of every text in the line and bar charts, in viewBox units.
pub const FONT_SIZE: u32 = 18;

/// The size of the `*` over a suppressed month in the line chart: an asterisk is a small
/// glyph, and at [`FONT_SIZE`] it nearly vanishes on a phone.
pub const STAR_SIZE: u32 = 26;

/// The font family put on the root element once, instead of on every `<text>`. A page can
/// override it with CSS (`svg.chart { font-family: inherit }`), as CSS beats an attribute.
pub const FONT_FAMILY: &str = "sans-serif";

/// plotters divides the font size it is given by 1.24 when it writes SVG, so this is the size
/// to hand it for `px` units in the output.
pub fn plotters_font_size(px: u32) -> f64 {
    f64::from(px) * 1.24
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

/// Text, axes and baseline: swapped for `currentColor`, so they follow the page's text colour
/// in light and dark mode. It is the only pure black in a chart: the palette leaves out
/// Okabe–Ito's black for this reason.
pub const INK: RGBColor = RGBColor(0, 0, 0);

/// Grid lines are [`INK`] at this opacity: light on any background, and a transparent light
/// line keeps the grid from dominating the chart.
pub const GRID_OPACITY: f64 = 0.18;

/// A stand-in colour for areas to be filled with the hatch pattern (suppressed values).
/// Swapped for `url(#{id}-hatch)`; chosen so no real colour of a chart can equal it.
pub const HATCH: RGBColor = RGBColor(1, 2, 3);

/// The stand-in for [`HATCH`] as plotters writes it.
pub const HATCH_HEX: &str = "#010203";

/// The hatch pattern for suppressed values (0–3): diagonal `currentColor` stripes over a
/// faint tint, so it reads as "something small, not known exactly" on light and dark pages.
/// `{id}` is replaced by the chart's id prefix.
pub const HATCH_PATTERN: &str = "<defs><pattern id=\"{id}-hatch\" width=\"6\" height=\"6\" \
patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" \
fill=\"currentColor\" opacity=\"0.15\"/><line x1=\"1\" y1=\"0\" x2=\"1\" y2=\"6\" \
stroke=\"currentColor\" stroke-width=\"2\" opacity=\"0.7\"/></pattern></defs>";

/// Okabe & Ito's colour-blind-safe palette, without its black (see [`INK`]) and with its
/// yellow last, as yellow vanishes on a white page. The order puts the colours with the best
/// contrast on both light and dark pages first: most charts have one to four series.
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0xF0, 0xE4, 0x42), // yellow
];

/// How a line is dashed, so that series differ by more than colour (for colour-blind readers
/// and grey-scale prints). `None` is a solid line. Added to plotters' polylines afterwards,
/// as one `stroke-dasharray` attribute is far smaller than plotters' dashed lines, which are
/// drawn as one `<line>` per dash.
pub const DASHES: [Option<&str>; 4] = [None, Some("9 5"), Some("2 5"), Some("12 4 2 4")];

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
}

/// The markers in the order series get them.
pub const MARKERS: [Marker; 4] = [
    Marker::Circle,
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
];

/// How the `n`th series of a chart looks. Colours, dashes and markers cycle with different
/// periods (7, 4, 4), so series far apart in a long list still differ in colour.
#[derive(Debug, Clone, Copy)]
pub struct SeriesStyle {
    /// The series colour.
    pub color: RGBColor,
    /// The dash pattern (`None`: solid).
    pub dash: Option<&'static str>,
    /// The marker shape.
    pub marker: Marker,
}

/// The look of the `n`th series.
pub fn series_style(n: usize) -> SeriesStyle {
    SeriesStyle {
        color: PALETTE[n % PALETTE.len()],
        dash: DASHES[n % DASHES.len()],
        marker: MARKERS[n % MARKERS.len()],
    }
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
    fn sentinels_are_not_series_colours() {
        for color in PALETTE {
            assert_ne!(hex(color), hex(INK));
            assert_ne!(hex(color), HATCH_HEX);
        }
        assert_eq!(hex(HATCH), HATCH_HEX);
    }

    #[test]
    fn neighbouring_series_differ_in_colour_dash_and_marker() {
        for n in 0..12 {
            let (a, b) = (series_style(n), series_style(n + 1));
            assert_ne!(hex(a.color), hex(b.color));
            assert_ne!(a.dash, b.dash);
            assert_ne!(a.marker, b.marker);
        }
    }
}
