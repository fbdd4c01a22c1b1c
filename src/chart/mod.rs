//! SVG charts for the pages: a line chart per series of months, a horizontal bar chart per
//! month, and a sparkline for the front page.
//!
//! Each chart is drawn with plotters' SVG backend into a `String` (no system fonts, no C
//! libraries). The chart's own elements wrap plotters' drawing (see `Canvas`): plotters
//! draws lines, markers, grid and text through its API, and this module writes the root,
//! the accessible name, the hatch pattern, the dash groups and the hover titles. Nothing
//! plotters writes is parsed or patched, so a new plotters release cannot break the charts
//! by writing its SVG a little differently.
//!
//! - **Accessible:** the root gets `role="img"`, `aria-labelledby` and a `<title>` and
//!   `<desc>`, the desc saying in Norwegian words what the chart shows, so a screen-reader
//!   user gets the gist without the picture.
//! - **Responsive:** a `viewBox` with `width="100%"` and no height, so the chart scales with its
//!   container; sizes in [`style`] keep text readable down to 360 px.
//! - **Light and dark:** text, axes and grid are drawn in [`style::INK`], which a `<style>`
//!   in the chart turns into `currentColor`, and there is no background, so the chart
//!   follows the page's `prefers-color-scheme` colours.
//! - **Values on hover:** every point and bar has an invisible shape over it with a
//!   `<title>` such as «Oslo, mars 2024: 1 234», which a pointer shows without any script.
//! - **Honest about `*`:** a suppressed cell is 0–3, never 0: lines break there and a hatched
//!   mark from 0 to 3 with a `*` shows that something small is there.
//! - **Deterministic:** the same input gives byte-identical output, so rebuilding the site
//!   changes no file that did not change.
//!
//! Every text is escaped (plotters escapes its own `<text>`; `escape` covers what this
//! module writes) and control characters are dropped, so the output is well-formed XML
//! whatever the report says.

mod bar;
mod line;
mod sparkline;
pub mod style;

pub use bar::bar_chart;
pub use line::{
    annual_chart, line_chart, mean_text, picture_multiples, small_annual_charts, small_multiples,
    year_chart, Scale,
};
pub use sparkline::sparkline;

use crate::dims::Month;
use crate::format;
use crate::report::Cell;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The latest `n` of `months` (all of them if there are fewer): what a chart of a long
/// series shows, see [`style::RECENT_MONTHS`] and [`style::SPARK_MONTHS`].
pub fn latest(months: &[Month], n: usize) -> &[Month] {
    &months[months.len().saturating_sub(n)..]
}

/// How tall the caption above each chart of a [`grid`] is, and its type size: the charts'
/// own text size, in bold, so a name stays legible where a grid is shrunk into a preview.
const GRID_CAPTION: u32 = 28;
const GRID_CAPTION_SIZE: u32 = style::FONT_SIZE;

/// Small charts as one SVG, `columns` side by side, for a file of their own or a picture (a
/// page shows them in a grid of its own that reflows, with the names as captions). Each
/// chart gets its series' name above it, keeps its own name and description, and is placed
/// in a nested `<svg>`; the charts are this module's own output, so their root element is
/// known.
pub fn grid(
    id: &str,
    title: &str,
    desc: &str,
    charts: &[(&str, String)],
    columns: usize,
) -> String {
    let size = |svg: &str| -> (u32, u32) {
        let view_box = svg
            .split_once("viewBox=\"0 0 ")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(size, _)| size.to_string())
            .unwrap_or_default();
        let mut numbers = view_box.split(' ').filter_map(|n| n.parse().ok());
        (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0))
    };
    let columns = columns.max(1);
    let cell_width = charts.iter().map(|(_, s)| size(s).0).max().unwrap_or(0);
    let cell_height = charts.iter().map(|(_, s)| size(s).1).max().unwrap_or(0) + GRID_CAPTION;
    let rows = charts.len().div_ceil(columns) as u32;
    let mut canvas = Canvas::new(
        "grid",
        id,
        title,
        desc,
        (cell_width * columns as u32, cell_height * rows),
    );
    for (i, (name, svg)) in charts.iter().enumerate() {
        let (x, y) = (
            (i % columns) as u32 * cell_width,
            (i / columns) as u32 * cell_height,
        );
        canvas.push(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"{GRID_CAPTION_SIZE}\" font-weight=\"bold\" font-family=\"sans-serif\" fill=\"currentColor\">{}</text>",
            x + 8,
            y + GRID_CAPTION - 7,
            escape(&fit(name, cell_width.saturating_sub(16), GRID_CAPTION_SIZE))
        ));
        let y = y + GRID_CAPTION;
        let (w, h) = size(svg);
        let placed = svg.replacen(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" ",
            &format!("<svg x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" overflow=\"visible\" "),
            1,
        );
        canvas.push(&placed.replacen(" width=\"100%\"", "", 1));
    }
    canvas.finish()
}

/// One line of a line chart: a legend name and one entry per month of the chart (None =
/// absent: the report has no such row/month).
///
/// Absent and suppressed are different things: an absent month is a plain gap, a suppressed
/// one (0–3) is a gap with a hatched mark, so the reader never mistakes either for zero.
/// A `values` shorter than the chart's months is read as absent for the months it lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series<'a> {
    /// The name in the legend and in the description.
    pub name: &'a str,
    /// One entry per month of the chart, in the same order.
    pub values: Vec<Option<Cell>>,
}

/// The drawing area every chart draws on: plotters' SVG backend writing into a `String`.
type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// What drawing can fail with. Writing into a `String` cannot fail in practice; the charts
/// still pass errors up so that a plotters surprise becomes an empty chart, never a panic.
type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// A chart being written: the root element, `<title>`, `<desc>` and `<defs>` are the
/// chart's own; plotters draws the marks piece by piece in between, and the chart's own
/// elements (groups for dashes, hatched marks, hover titles) go between those pieces.
///
/// plotters writes a whole SVG document for each piece; only what lies inside its root
/// element is kept, found by where the root's start tag ends and where its end tag begins.
/// No other part of plotters' text is read or changed, so its exact output can change
/// from release to release without changing what this module does.
struct Canvas {
    /// The SVG so far, after the root's start tag, `<title>` and `<desc>`.
    out: String,
    /// The viewBox size, which is also the size plotters draws on.
    size: (u32, u32),
    /// The cleaned id prefix.
    id: String,
    /// The root's start tag with `<title>` and `<desc>`.
    head: String,
    /// Whether a hatched mark was drawn, so `finish` adds the pattern.
    hatched: bool,
    /// False once plotters failed: the chart then comes out empty, but titled and described.
    ok: bool,
}

impl Canvas {
    /// A chart of `kind` (`line`, `bar`, `sparkline`: the class `chart-{kind}` for page
    /// CSS), `size` viewBox units, named by `title` and described by `desc`.
    fn new(kind: &str, id: &str, title: &str, desc: &str, size: (u32, u32)) -> Canvas {
        let id = clean_id(id);
        let (width, height) = size;
        let head = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" \
aria-labelledby=\"{id}-title {id}-desc\" class=\"chart chart-{kind}\" \
font-family=\"{family}\" stroke-linejoin=\"round\" stroke-linecap=\"round\">\n\
<title id=\"{id}-title\">{title}</title>\n<desc id=\"{id}-desc\">{desc}</desc>\n{ink}\n",
            family = style::FONT_FAMILY,
            title = escape(&clean(title)),
            desc = escape(&clean(desc)),
            ink = style::INK_STYLE,
        );
        Canvas {
            out: String::with_capacity(8192),
            size,
            id,
            head,
            hatched: false,
            ok: true,
        }
    }

    /// Draws with plotters on an area of the chart's size and adds what it drew.
    fn plot(&mut self, draw: impl FnOnce(&Area) -> DrawResult) {
        if !self.ok {
            return;
        }
        let mut raw = String::new();
        let ok = {
            let root = SVGBackend::with_string(&mut raw, self.size).into_drawing_area();
            draw(&root).is_ok() && root.present().is_ok()
        };
        let inner = raw
            .split_once('>')
            .and_then(|(_, rest)| rest.trim_end().strip_suffix("</svg>"));
        match inner {
            Some(inner) if ok => self.out.push_str(inner.trim_start()),
            _ => self.ok = false,
        }
    }

    /// Adds markup of the chart's own.
    fn push(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// A mark for a suppressed value (0–3): a rectangle filled with the hatch pattern,
    /// outlined in `stroke` (a colour, or `currentColor`).
    fn hatch(&mut self, (x0, y0): (i32, i32), (x1, y1): (i32, i32), stroke: &str) {
        self.hatched = true;
        let (x, y) = (x0.min(x1), y0.min(y1));
        let (w, h) = ((x1 - x0).abs(), (y1 - y0).abs());
        self.out.push_str(&format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"url(#{}-hatch)\" \
stroke=\"{stroke}\"/>\n",
            self.id
        ));
    }

    /// An invisible shape over a mark, with the mark's label and value as `<title>`, so a
    /// pointer resting on it shows them (no script). `shape` is the element's name and
    /// attributes, e.g. `circle cx="1" cy="2" r="9"`.
    fn tip(&mut self, shape: &str, text: &str) {
        let name = shape.split(' ').next().unwrap_or(shape);
        self.out.push_str(&format!(
            "<{shape}><title>{}</title></{name}>\n",
            escape(&clean(text))
        ));
    }

    /// The finished SVG.
    fn finish(self) -> String {
        let mut svg = self.head;
        if self.ok {
            if self.hatched {
                svg.push_str(&style::HATCH_PATTERN.replace("{id}", &self.id));
                svg.push('\n');
            }
            svg.push_str(&self.out);
        }
        svg.push_str("</svg>\n");
        svg
    }
}

/// The start of a chart's group of hover targets: shapes with no paint, each with a
/// `<title>`, that still take the pointer. The group holds nothing else.
const HOVER: &str = "<g fill=\"none\" pointer-events=\"all\">\n";

/// `svg` as a picture renderer needs it: without the hover targets, which draw nothing and
/// which a picture has no pointer for, and without the style sheets that make ink follow
/// the page's text colour, which a picture has none of (its ink stays black). A renderer
/// reads every one of them, in each small chart of a grid.
pub fn for_picture(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(HOVER) {
        let Some(end) = rest[at..].find("</g>\n") else {
            break;
        };
        out.push_str(&rest[..at]);
        rest = &rest[at + end + "</g>\n".len()..];
    }
    out.push_str(rest);
    out.replace(style::INK_STYLE, "")
}

/// The id prefix as it can go into `id` and `aria-labelledby`: an id may hold no space
/// (`aria-labelledby` is a space-separated list) and no quote, so anything but ASCII letters,
/// digits, `-` and `_` becomes `-`. An empty prefix becomes `chart`.
fn clean_id(id: &str) -> String {
    let cleaned: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "chart".to_string()
    } else {
        cleaned
    }
}

/// A text as it may be drawn: control characters (line breaks, tabs, the C0 characters XML
/// forbids) become spaces, and runs of spaces become one, so the text stays on one line and
/// the SVG stays well-formed XML.
fn clean(text: &str) -> String {
    text.split(|c: char| c.is_control() || c == ' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Escapes a text for XML content and attribute values alike, as plotters does for its own.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Shortens a cleaned text with `…` so that its estimated width fits `room` viewBox units.
fn fit(text: &str, room: u32, font_size: u32) -> String {
    if style::text_width(text, font_size) <= room {
        return text.to_string();
    }
    let mut out: String = text.chars().collect();
    while !out.is_empty() && style::text_width(&format!("{out}…"), font_size) > room {
        out.pop();
    }
    format!("{}…", out.trim_end())
}

/// A plotters text style in the site's font, `size` viewBox units high, anchored at `pos`.
fn text_style(size: u32, color: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle {
        font: (style::FONT_FAMILY, style::plotters_font_size(size)).into_font(),
        color: color.to_backend_color(),
        pos: Pos::new(h, v),
    }
}

/// A month as Norwegian writes it inside a sentence: `mars 2022` (month names are not
/// capitalised in running text).
fn month_text(month: Month) -> String {
    format!("{} {}", month.name().to_lowercase(), month.year)
}

/// `A`, `A og B`, `A, B og C`: a Norwegian list.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} og {last}", init.join(", ")),
    }
}

/// The period of a chart in words: `fra januar 2022 til desember 2022`, `i januar 2022`.
fn period_text(months: &[Month]) -> String {
    match months {
        [] => "uten måneder".to_string(),
        [one] => format!("i {}", month_text(*one)),
        [first, .., last] => format!("fra {} til {}", month_text(*first), month_text(*last)),
    }
}

/// Where a series of months was suppressed, in words: the months if there are few, or how
/// many. Lists of twelve months would drown the description.
fn months_text(months: &[Month]) -> String {
    if months.len() <= 4 {
        join_and(&months.iter().map(|m| month_text(*m)).collect::<Vec<_>>())
    } else {
        format!("{} måneder", months.len())
    }
}

/// The months of a series whose cell is suppressed.
fn suppressed_months(months: &[Month], values: &[Option<Cell>]) -> Vec<Month> {
    months
        .iter()
        .zip(values)
        .filter(|(_, v)| **v == Some(Cell::Suppressed))
        .map(|(m, _)| *m)
        .collect()
}

/// Where a series is suppressed: `i juli 2022`, `i 8 måneder`; `None` if nowhere.
fn suppressed_where(months: &[Month], values: &[Option<Cell>]) -> Option<String> {
    let suppressed = suppressed_months(months, values);
    (!suppressed.is_empty()).then(|| format!("i {}", months_text(&suppressed)))
}

/// What a series of months shows, as one or two Norwegian sentences for the description:
/// highest and lowest month with their values, or why there are none, and the suppressed
/// months. Ties go to the earliest month.
fn series_summary(name: &str, months: &[Month], values: &[Option<Cell>]) -> String {
    let mut high: Option<(Month, u32)> = None;
    let mut low: Option<(Month, u32)> = None;
    let mut count = 0;
    for (month, value) in months.iter().zip(values) {
        if let Some(Cell::Value(v)) = value {
            count += 1;
            if high.is_none_or(|(_, h)| *v > h) {
                high = Some((*month, *v));
            }
            if low.is_none_or(|(_, l)| *v < l) {
                low = Some((*month, *v));
            }
        }
    }
    let name = clean(name);
    let any_suppressed = !suppressed_months(months, values).is_empty();
    let text = match (high, low) {
        (Some((hm, hv)), Some((lm, lv))) if hv != lv => format!(
            "{name}: høyest i {} med {}, lavest i {} med {}.",
            month_text(hm),
            format::number(hv.into()),
            month_text(lm),
            format::number(lv.into()),
        ),
        (Some((_, v)), _) if count > 1 => format!(
            "{name}: {} i alle måneder med tall.",
            format::number(v.into())
        ),
        (Some((m, v)), _) => format!("{name}: {} i {}.", format::number(v.into()), month_text(m)),
        _ if any_suppressed => format!("{name}: alle tallene er skjult (*, 0–3)."),
        _ => format!("{name}: ingen tall."),
    };
    match suppressed_where(months, values) {
        Some(at) if high.is_some() => format!("{text} Skjult (*, 0–3) {at}."),
        _ => text,
    }
}

/// The sentence every description with suppressed values ends with, saying what `*` means.
const SUPPRESSED_NOTE: &str =
    "Stjerne (*) og skravert felt betyr et skjult tall mellom 0 og 3, ikke null.";

/// A "nice" y-axis for counts from 0 to `max`: the top of the axis and the step between grid
/// lines, a step of 1, 2, 2.5 or 5 × 10ⁿ, giving 2 to 5 steps. Counts are whole numbers, so
/// the step is at least 1, and the top is at least 4 so that a suppressed 0–3 fits.
fn nice_axis(max: u64) -> (u64, u64) {
    let max = max.max(4);
    let raw = max as f64 / 4.0;
    let magnitude = 10f64.powi(raw.log10().floor() as i32);
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|f| f * magnitude)
        .find(|s| *s >= raw && s.fract() == 0.0)
        .unwrap_or(10.0 * magnitude)
        .max(1.0) as u64;
    let top = max.div_ceil(step) * step;
    (top, step)
}

/// Helpers for the charts' tests: parse the SVG as XML (which also proves it well-formed) and
/// look at its elements without caring about plotters' attribute order.
#[cfg(test)]
pub(crate) mod testing {
    use super::style;
    use crate::dims::Month;

    /// A label made to break out of its text if escaping fails anywhere.
    pub const EVIL: &str = "<script>alert(1)</script> & \"x\"";

    /// One element of a chart, with its attributes and its own text.
    #[derive(Debug, Clone)]
    pub struct Element {
        pub name: String,
        pub attrs: Vec<(String, String)>,
        pub text: String,
    }

    impl Element {
        pub fn attr(&self, name: &str) -> Option<&str> {
            self.attrs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        }

        /// An integer attribute, e.g. a coordinate.
        pub fn num(&self, name: &str) -> i64 {
            self.attr(name)
                .unwrap_or_else(|| panic!("{} has no {name}", self.name))
                .parse()
                .unwrap_or_else(|_| panic!("{name} of {} is not an integer", self.name))
        }

        /// A polyline's points.
        pub fn points(&self) -> Vec<(i64, i64)> {
            self.attr("points")
                .unwrap_or_default()
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').expect("x,y");
                    (x.parse().expect("x"), y.parse().expect("y"))
                })
                .collect()
        }
    }

    /// A parsed chart: the root's attributes and every element below it in document order.
    #[derive(Debug)]
    pub struct Chart {
        pub root: Element,
        pub elements: Vec<Element>,
    }

    impl Chart {
        /// Parses `svg`, panicking (failing the test) if it is not well-formed XML.
        pub fn parse(svg: &str) -> Chart {
            let doc = roxmltree::Document::parse(svg)
                .unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{svg}"));
            let element = |n: roxmltree::Node| Element {
                name: n.tag_name().name().to_string(),
                attrs: n
                    .attributes()
                    .map(|a| (a.name().to_string(), a.value().to_string()))
                    .collect(),
                text: n
                    .children()
                    .filter(|c| c.is_text())
                    .filter_map(|c| c.text())
                    .collect::<String>()
                    .trim()
                    .to_string(),
            };
            let root = doc.root_element();
            assert_eq!(root.tag_name().name(), "svg");
            assert_eq!(
                root.tag_name().namespace(),
                Some("http://www.w3.org/2000/svg")
            );
            Chart {
                root: element(root),
                elements: root
                    .descendants()
                    .skip(1)
                    .filter(|n| n.is_element())
                    .map(element)
                    .collect(),
            }
        }

        /// The elements named `name`.
        pub fn all(&self, name: &str) -> Vec<&Element> {
            self.elements.iter().filter(|e| e.name == name).collect()
        }

        /// The elements named `name` that are drawn: not the invisible shapes that only
        /// carry a hover title.
        pub fn drawn(&self, name: &str) -> Vec<&Element> {
            self.elements
                .iter()
                .filter(|e| e.name == name && e.attr("fill").is_some())
                .collect()
        }

        /// The hover titles, in order.
        pub fn tips(&self) -> Vec<String> {
            self.all("title")
                .iter()
                .skip(1)
                .map(|e| e.text.clone())
                .collect()
        }

        /// The contents of every `<text>`, in order.
        pub fn texts(&self) -> Vec<String> {
            self.all("text").iter().map(|e| e.text.clone()).collect()
        }

        /// The text of `<desc>`.
        pub fn desc(&self) -> String {
            self.all("desc")[0].text.clone()
        }

        /// The text of `<title>`.
        pub fn title(&self) -> String {
            self.all("title")[0].text.clone()
        }
    }

    /// January to December 2022, the seed report's months.
    pub fn months_2022() -> Vec<Month> {
        (1..=12).map(|m| Month::new(2022, m)).collect()
    }

    /// Checks what every chart must have: the accessible wrapping, a viewBox that scales, no
    /// background, no fixed colours for text, rounded font sizes.
    pub fn check_frame(svg: &str, id: &str, title: &str) -> Chart {
        let chart = Chart::parse(svg);
        assert!(!svg.starts_with("<?xml"), "no XML declaration inline");
        let root = &chart.root;
        assert_eq!(root.attr("role"), Some("img"));
        assert_eq!(
            root.attr("aria-labelledby"),
            Some(format!("{id}-title {id}-desc").as_str())
        );
        let view_box: Vec<u32> = root
            .attr("viewBox")
            .expect("viewBox")
            .split(' ')
            .map(|n| n.parse().expect("viewBox number"))
            .collect();
        assert_eq!(view_box.len(), 4);
        assert!(view_box[2] > 0 && view_box[3] > 0, "{view_box:?}");
        assert_eq!(root.attr("width"), Some("100%"));
        assert_eq!(
            root.attr("height"),
            None,
            "a fixed height would stop scaling"
        );
        assert!(root.attr("preserveAspectRatio").is_some());
        // <title> and <desc> are the first two children, with the ids aria-labelledby names.
        let (first, second) = (&chart.elements[0], &chart.elements[1]);
        assert_eq!(first.name, "title");
        assert_eq!(first.attr("id"), Some(format!("{id}-title").as_str()));
        assert_eq!(first.text, title);
        assert_eq!(second.name, "desc");
        assert_eq!(second.attr("id"), Some(format!("{id}-desc").as_str()));
        assert!(!second.text.is_empty());
        // Transparent background, page-coloured ink: the chart's own rule makes the ink
        // currentColor.
        assert!(!svg.contains("#FFFFFF"), "{svg}");
        assert_eq!(chart.all("style")[0].text, {
            let style = style::INK_STYLE;
            &style["<style>".len()..style.len() - "</style>".len()]
        });
        for text in chart.all("text") {
            let fill = text.attr("fill").expect("fill");
            assert!(fill.starts_with('#'), "{fill}");
            let size = text.attr("font-size").expect("font-size");
            assert!(
                size.parse::<u32>().is_ok(),
                "font-size {size} is not rounded"
            );
        }
        chart
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{check_frame, months_2022, Chart, Element, EVIL};
    use super::*;

    fn values(cells: &[u32]) -> Vec<Option<Cell>> {
        cells.iter().map(|v| Some(Cell::Value(*v))).collect()
    }

    /// All three chart kinds, each with `label` wherever it can go.
    fn all_kinds(label: &str) -> Vec<(&'static str, String)> {
        let months = months_2022();
        let series = [
            Series {
                name: "I alt",
                values: values(&[10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]),
            },
            Series {
                name: label,
                values: values(&[5; 12]),
            },
        ];
        vec![
            ("line", line_chart("l", label, &months, &series)),
            (
                "bar",
                bar_chart(
                    "b",
                    label,
                    label,
                    &[
                        (label.to_string(), Cell::Value(5)),
                        ("Oslo".into(), Cell::Suppressed),
                    ],
                ),
            ),
            (
                "sparkline",
                sparkline("s", label, &months, &series[0].values),
            ),
        ]
    }

    #[test]
    fn a_picture_of_a_chart_keeps_every_mark_and_drops_the_hover_targets_and_styles() {
        for (kind, svg) in all_kinds("Oslo") {
            let (with, without) = (Chart::parse(&svg), Chart::parse(&for_picture(&svg)));
            assert!(svg.contains("<style>") && !for_picture(&svg).contains("<style>"));
            // Every drawn element stays, the hatched marks (rectangles) among them.
            let hatched = |e: &&Element| e.attr("fill").is_some_and(|f| f.ends_with("-hatch)"));
            let drawn = |c: &Chart| -> Vec<String> {
                c.elements
                    .iter()
                    .filter(|e| {
                        !matches!(e.name.as_str(), "title" | "g" | "circle" | "rect" | "style")
                            || hatched(e)
                    })
                    .map(|e| format!("{}{:?}{}", e.name, e.attrs, e.text))
                    .collect()
            };
            assert_eq!(drawn(&with), drawn(&without), "{kind}: the marks stay");
            assert!(!with.tips().is_empty() || kind == "sparkline", "{kind}");
            assert!(without.tips().is_empty(), "{kind}: no hover titles left");
            // Each hover title had one shape; every other circle and rectangle stays.
            let shapes = |c: &Chart| {
                c.all("circle").len() + c.all("rect").iter().filter(|e| !hatched(e)).count()
            };
            assert_eq!(
                shapes(&without),
                shapes(&with) - with.tips().len(),
                "{kind}"
            );
            assert_eq!(without.title(), "Oslo", "{kind}: the chart keeps its name");
        }
    }

    #[test]
    fn every_text_is_escaped_in_every_kind() {
        for (kind, svg) in all_kinds(EVIL) {
            // Parsing proves the markup well-formed; the label is text, never an element.
            let chart = Chart::parse(&svg);
            assert!(!svg.contains("<script"), "{kind}: raw markup in\n{svg}");
            assert!(chart.elements.iter().all(|e| e.name != "script"), "{kind}");
            assert!(svg.contains("&lt;script&gt;"), "{kind}");
            assert!(
                svg.contains("&amp;") && svg.contains("&quot;x&quot;"),
                "{kind}"
            );
            // Our <title> and <desc> hold the label as text.
            assert_eq!(chart.title(), EVIL, "{kind}");
            assert!(chart.desc().contains(EVIL), "{kind}: {}", chart.desc());
            // plotters' own <text> holds it as text too (the sparkline draws no text).
            if kind != "sparkline" {
                assert!(
                    chart
                        .texts()
                        .iter()
                        .any(|t| t.starts_with("<script>alert(1)")),
                    "{kind}: {:?}",
                    chart.texts()
                );
            }
        }
    }

    #[test]
    fn control_characters_cannot_break_the_xml() {
        for (kind, svg) in all_kinds("Oslo\u{1}\n\tog\u{0}  Viken\r") {
            let chart = Chart::parse(&svg);
            assert_eq!(chart.title(), "Oslo og Viken", "{kind}");
        }
        for (kind, svg) in all_kinds("") {
            let chart = check_frame(&svg, &kind[..1], "");
            if kind != "sparkline" {
                assert!(
                    chart.texts().iter().any(String::is_empty),
                    "{kind}: empty label"
                );
            }
        }
    }

    #[test]
    fn charts_have_the_accessible_frame() {
        for (kind, svg) in all_kinds("Avklaring") {
            let id = &kind[..1];
            let chart = check_frame(&svg, id, "Avklaring");
            assert!(
                chart
                    .root
                    .attr("class")
                    .unwrap()
                    .contains(&format!("chart-{kind}")),
                "{kind}"
            );
        }
    }

    #[test]
    fn output_is_deterministic() {
        assert_eq!(all_kinds("Avklaring"), all_kinds("Avklaring"));
    }

    #[test]
    fn ids_are_made_safe_for_id_and_aria_labelledby() {
        assert_eq!(clean_id("chart-total"), "chart-total");
        assert_eq!(clean_id("a b\"c<d"), "a-b-c-d");
        assert_eq!(clean_id(""), "chart");
        let svg = sparkline("a b\"", "T", &months_2022(), &[]);
        check_frame(&svg, "a-b-", "T");
    }

    #[test]
    fn texts_are_cleaned_and_escaped() {
        assert_eq!(clean("  a\n b\t\tc "), "a b c");
        assert_eq!(
            escape(EVIL),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"
        );
        assert_eq!(escape("it's"), "it&apos;s");
    }

    #[test]
    fn long_texts_are_shortened_to_fit() {
        assert_eq!(fit("Oslo", 1000, 18), "Oslo");
        let short = fit("Troms og Finnmark - Romsa ja Finnmárku", 200, 18);
        assert!(
            short.ends_with('…') && short.starts_with("Troms og"),
            "{short}"
        );
        assert!(style::text_width(&short, 18) <= 200);
        assert_eq!(fit("Oslo", 0, 18), "…");
    }

    #[test]
    fn norwegian_words() {
        assert_eq!(month_text(Month::new(2022, 3)), "mars 2022");
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(join_and(&names(&[])), "");
        assert_eq!(join_and(&names(&["A"])), "A");
        assert_eq!(join_and(&names(&["A", "B"])), "A og B");
        assert_eq!(join_and(&names(&["A", "B", "C"])), "A, B og C");
        let months = months_2022();
        assert_eq!(period_text(&months), "fra januar 2022 til desember 2022");
        assert_eq!(period_text(&months[..1]), "i januar 2022");
        assert_eq!(period_text(&[]), "uten måneder");
    }

    #[test]
    fn summaries_name_highest_and_lowest_and_the_suppressed() {
        let months = months_2022();
        let total = values(&[
            3903, 3783, 3782, 3666, 3723, 3361, 2345, 3178, 3416, 3367, 3362, 3124,
        ]);
        assert_eq!(
            series_summary("I alt", &months, &total),
            "I alt: høyest i januar 2022 med 3\u{a0}903, lavest i juli 2022 med 2\u{a0}345."
        );
        let mut some = values(&[7; 12]);
        some[6] = Some(Cell::Suppressed);
        some[7] = None;
        assert_eq!(
            series_summary("X", &months, &some),
            "X: 7 i alle måneder med tall. Skjult (*, 0–3) i juli 2022."
        );
        let starred = vec![Some(Cell::Suppressed); 12];
        assert_eq!(
            series_summary("X", &months, &starred),
            "X: alle tallene er skjult (*, 0–3)."
        );
        assert_eq!(series_summary("X", &months, &[]), "X: ingen tall.");
        assert_eq!(
            series_summary("X", &months[..1], &values(&[12_369])),
            "X: 12\u{a0}369 i januar 2022."
        );
    }

    #[test]
    fn axes_are_nice_and_hold_every_value() {
        assert_eq!(nice_axis(3903), (4000, 1000));
        assert_eq!(nice_axis(18_285), (20_000, 5000));
        assert_eq!(nice_axis(1070), (1500, 500));
        assert_eq!(nice_axis(0), (4, 1));
        assert_eq!(nice_axis(3), (4, 1));
        assert_eq!(nice_axis(10), (10, 5));
        assert_eq!(
            nice_axis(u64::from(u32::MAX)),
            (6_000_000_000, 2_000_000_000)
        );
        for max in (0..2000).chain([99_999, 1_234_567, u64::from(u32::MAX)]) {
            let (top, step) = nice_axis(max);
            assert!(top >= max && step >= 1 && top % step == 0, "{max}");
            assert!(
                (2..=5).contains(&(top / step)) || top == 4,
                "{max}: {top}/{step}"
            );
        }
    }
}
