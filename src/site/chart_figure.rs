//! Charts as things a reader can take away: each in a `<figure>` with an id to link to, a
//! citation, the chart as its own SVG file and the numbers it draws as CSV.
//!
//! A page's figure files lie in a folder named like the page
//! (`tiltaksgrupper/avklaringstiltak.html` → `tiltaksgrupper/avklaringstiltak/figur-fylker.svg`),
//! linked relatively, so they move with the site. Only the main pages have charts; an
//! archived edition shows its report's numbers as tables.

use crate::chart::{style, Series};
use crate::dims::Month;
use crate::export;
use crate::model::Dataset;
use crate::report::Cell;
use crate::site::pages::render;
use askama::Template;

/// The publisher's table, as a citation names it.
pub const SOURCE: &str =
    "Deltakere i arbeidsrettede tiltak. Tiltaksgruppe og fylke. Tidsserie måned";

/// The colours a standalone SVG file takes from nowhere else: the page's text colour (its
/// `currentColor`) and background in the light scheme of `static/style.css`.
const STANDALONE_STYLE: &str = "color:#1b1f24;background:#ffffff";

/// One drawn point: its series (legend name, county or year), month and cell.
pub type Point = (String, Month, Cell);

/// A chart in its figure, ready for the `chart_figure` macro.
#[derive(Debug, Clone)]
pub struct ChartFigure {
    /// The figure's id, unique within the page and the same from build to build.
    pub id: String,
    /// The chart, inline.
    pub svg: String,
    /// The chart as its own file, relative to the site's root.
    pub svg_href: String,
    /// The numbers the chart draws, relative to the site's root.
    pub csv_href: String,
    /// The publisher's table.
    pub source: &'static str,
    /// The edition the numbers come from, as running text.
    pub edition: String,
    /// The figure's absolute address (the page's with `#id`), when the site's is known.
    pub url: Option<String>,
}

/// What the figures of one page share: where the page and its figure files are, and how to
/// cite it.
#[derive(Debug, Clone)]
pub struct FigurePage {
    /// The folder of the page's figure files, relative to the root.
    folder: String,
    /// The edition, as running text.
    edition: String,
    /// The page's absolute address, when the site's is known.
    url: Option<String>,
}

/// The edition a page's numbers come from: the one report, or the newest of those merged.
fn edition_text(dataset: &Dataset) -> String {
    match dataset.editions.as_slice() {
        [] => String::new(),
        [one] => format!("rapporten for {} ({})", one.period.display(), one.file),
        [.., newest] => format!(
            "{} rapporter satt sammen, den nyeste for {} ({})",
            dataset.editions.len(),
            newest.period.display(),
            newest.file
        ),
    }
}

impl FigurePage {
    /// The figures of the page at `path` (relative to the root) showing `dataset`.
    pub fn new(path: &str, dataset: &Dataset, base_url: Option<&str>) -> FigurePage {
        let stem = path.strip_suffix(".html").unwrap_or(path);
        FigurePage {
            folder: format!("{stem}/"),
            edition: edition_text(dataset),
            url: base_url
                .map(|base| format!("{base}{}", path.strip_suffix("index.html").unwrap_or(path))),
        }
    }

    /// Puts a chart in its figure. Returns the figure, the chart's SVG file and its CSV of
    /// `points`, with their paths from the root.
    ///
    /// `draw` draws the chart with the title it is given, so the chart and its file's caption
    /// say the same.
    pub fn figure(
        &self,
        id: &str,
        title: &str,
        draw: impl FnOnce(&str) -> String,
        points: &[Point],
    ) -> (ChartFigure, Vec<(String, Vec<u8>)>) {
        let svg = draw(title);
        let url = self.url.as_ref().map(|u| format!("{u}#{id}"));
        let folder = &self.folder;
        let (svg_href, csv_href) = (format!("{folder}{id}.svg"), format!("{folder}{id}.csv"));
        let captions: Vec<String> = [
            title.to_string(),
            format!("Kilde: NAV, «{SOURCE}»"),
            format!("Utgave: {}", self.edition),
        ]
        .into_iter()
        .chain(url.clone())
        .collect();
        let files = vec![
            (svg_href.clone(), standalone(&svg, &captions)),
            (csv_href.clone(), export::figure_csv(points)),
        ];
        let figure = ChartFigure {
            id: id.to_string(),
            svg,
            svg_href,
            csv_href,
            source: SOURCE,
            edition: self.edition.clone(),
            url,
        };
        (figure, files)
    }
}

/// A line of text under a standalone chart.
struct CaptionLine {
    /// The baseline.
    y: u32,
    /// The font size.
    size: u32,
    /// The text.
    text: String,
    /// Whether the text would overflow the width, so it is squeezed to fit.
    squeeze: bool,
}

/// A chart as a file of its own: the chart at its own size, with its title, source, edition
/// and address written under it, since no page around it says them. The colours the page
/// would give it are set on the root, as `currentColor` has no page around it there.
#[derive(Template)]
#[template(path = "figure.svg")]
struct Standalone<'a> {
    width: u32,
    height: u32,
    chart_height: u32,
    style: &'static str,
    font: &'static str,
    margin: u32,
    chart: &'a str,
    lines: Vec<CaptionLine>,
}

/// The width and height of a chart's `viewBox="0 0 W H"`.
fn view_box(svg: &str) -> Option<(u32, u32)> {
    let from = svg.find("viewBox=\"0 0 ")? + "viewBox=\"0 0 ".len();
    let box_ = &svg[from..from + svg[from..].find('"')?];
    let (width, height) = box_.split_once(' ')?;
    Some((width.parse().ok()?, height.parse().ok()?))
}

/// The standalone SVG file of `svg`, captioned with `captions` (title first).
fn standalone(svg: &str, captions: &[String]) -> Vec<u8> {
    let (width, chart_height) = view_box(svg).unwrap_or((640, 400));
    let margin = 8;
    let mut y = chart_height;
    let lines = captions
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let size = if i == 0 { 18 } else { 14 };
            y += size + 8;
            CaptionLine {
                y,
                size,
                squeeze: style::text_width(text, size) * 5 / 6 > width - 2 * margin,
                text: text.clone(),
            }
        })
        .collect();
    render(&Standalone {
        width,
        height: y + margin,
        chart_height,
        style: STANDALONE_STYLE,
        font: style::FONT_FAMILY,
        margin,
        chart: svg,
        lines,
    })
}

/// The points of a line chart: each series' cells over `months`, blank months left out.
pub fn line_points(months: &[Month], series: &[Series]) -> Vec<Point> {
    series
        .iter()
        .flat_map(|s| {
            months
                .iter()
                .zip(&s.values)
                .filter_map(|(m, c)| Some((s.name.to_string(), *m, (*c)?)))
        })
        .collect()
}

/// The points of a year-on-year chart: a series a year, its months January to December.
pub fn year_points(years: &[(i32, Vec<Option<Cell>>)]) -> Vec<Point> {
    years
        .iter()
        .flat_map(|(year, values)| {
            values
                .iter()
                .zip(1..=12u8)
                .filter_map(|(c, m)| Some((year.to_string(), Month::new(*year, m), (*c)?)))
        })
        .collect()
}

/// The points of a bar chart of one month: a bar a series.
pub fn bar_points(month: Month, bars: &[(String, Cell)]) -> Vec<Point> {
    bars.iter()
        .map(|(name, c)| (name.clone(), month, *c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_citation_follow_the_page() {
        let dataset = Dataset::default();
        let page = FigurePage::new(
            "tiltaksgrupper/oslo.html",
            &dataset,
            Some("https://x.no/t/"),
        );
        let points = vec![("Oslo".to_string(), Month::new(2022, 1), Cell::Suppressed)];
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" fill=\"currentColor\"></svg>";
        let (figure, files) = page.figure("figur-a", "Tittel & mer", |_| svg.into(), &points);
        assert_eq!(
            figure.url.as_deref(),
            Some("https://x.no/t/tiltaksgrupper/oslo.html#figur-a")
        );
        assert_eq!(figure.svg_href, "tiltaksgrupper/oslo/figur-a.svg");
        assert_eq!(files[0].0, "tiltaksgrupper/oslo/figur-a.svg");
        let file = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(file.starts_with("<?xml") && file.contains("style=\"color:#1b1f24;"));
        assert!(
            file.contains(">Tittel &#38; mer</text>"),
            "the caption is escaped"
        );
        assert_eq!(
            files[1].1,
            b"series,month,value,suppressed\nOslo,2022-01,,true\n"
        );
        // Without the site's address, the figure has no address to cite.
        let (figure, _) =
            FigurePage::new("index.html", &dataset, None).figure("f", "T", |_| svg.into(), &points);
        assert!(figure.url.is_none() && figure.svg_href == "index/f.svg");
    }

    #[test]
    fn points_leave_blank_months_out() {
        let months = [Month::new(2022, 1), Month::new(2022, 2)];
        let series = [Series {
            name: "A",
            values: vec![None, Some(Cell::Value(4))],
        }];
        assert_eq!(
            line_points(&months, &series),
            [("A".to_string(), months[1], Cell::Value(4))]
        );
        let years = [(2022, vec![Some(Cell::Suppressed), None])];
        assert_eq!(
            year_points(&years),
            [("2022".to_string(), months[0], Cell::Suppressed)]
        );
    }
}
