//! Link previews: the 1200×630 PNG a chat or social network shows when a page's address is
//! shared (`og:image`), drawn at build time from the page's main chart.
//!
//! The picture is an SVG canvas (a template: title, key figure and the chart as a nested
//! `<svg>`) rasterised by resvg, which is pure Rust. Its text is shaped with one font built
//! into the program, DejaVu Sans (`static/fonts/`), and never with the machine's fonts, so every
//! machine draws the same pixels and two builds give byte-identical files.

use crate::chart::style::text_width;
use askama::Template;
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

/// The size Facebook, LinkedIn and X recommend for a large preview (1.91 : 1).
pub const WIDTH: u32 = 1200;

/// See [`WIDTH`].
pub const HEIGHT: u32 = 630;

/// The font every text of a preview is drawn in; the charts ask for `sans-serif`, which is
/// mapped to it.
const FONT: &[u8] = include_bytes!("../../static/fonts/DejaVuSans.ttf");

/// The family name inside [`FONT`].
const FAMILY: &str = "DejaVu Sans";

/// The left margin of the text column, its width, and where the chart starts.
const MARGIN: u32 = 48;
const TEXT_WIDTH: u32 = 384;
const CHART_X: u32 = 456;

/// The title's type sizes, largest first, and how many lines it may take.
const TITLE_SIZES: [u32; 3] = [44, 38, 32];
const TITLE_LINES: usize = 4;

/// The other texts' sizes and the subtitle's line height.
const BODY_SIZE: u32 = 26;
const BODY_LINE: u32 = 36;
const FIGURE_SIZE: u32 = 68;

/// What a page's preview shows.
#[derive(Debug, Clone)]
pub struct Preview {
    /// The page's title, large.
    pub title: String,
    /// The latest figure, when the page has one number to stand for it.
    pub figure: Option<String>,
    /// What the figure is or what the chart shows, and until when (`alle deltakere, desember 2024`).
    pub subtitle: String,
    /// The page's main chart, as the chart module drew it.
    pub chart: String,
}

/// The path of the preview of the page at `page` (`fylker/oslo.html` → `bilder/fylker/oslo.png`).
pub fn path(page: &str) -> String {
    format!("bilder/{}.png", page.strip_suffix(".html").unwrap_or(page))
}

/// A line of text placed on the canvas.
struct Line {
    y: u32,
    text: String,
}

/// The canvas: the site's name, the title, figure and subtitle in a column on the left, the
/// chart on the right, on the white ground [`png`] starts from (so it is not filled twice).
/// `color` on the root is what the charts' `currentColor` (their ink in light and dark mode
/// on the site) resolves to here.
#[derive(Template)]
#[template(path = "preview.svg")]
struct Canvas<'a> {
    width: u32,
    height: u32,
    family: &'static str,
    margin: u32,
    title: Vec<Line>,
    title_size: u32,
    figure: Option<Line>,
    figure_size: u32,
    subtitle: Vec<Line>,
    body_size: u32,
    chart_x: u32,
    chart_width: u32,
    chart: &'a str,
}

/// The preview as SVG, ready for [`png`].
pub fn svg(preview: &Preview) -> String {
    // A long name (a county in two languages, with its years) is set smaller before it is cut.
    let (title_size, title_lines) = TITLE_SIZES
        .iter()
        .map(|size| (*size, wrap(&preview.title, *size, TITLE_LINES)))
        .find(|(_, lines)| !lines.last().is_some_and(|l| l.ends_with('…')))
        .unwrap_or_else(|| {
            (
                TITLE_SIZES[2],
                wrap(&preview.title, TITLE_SIZES[2], TITLE_LINES),
            )
        });
    let title_line = title_size * 5 / 4;
    let mut y = 64 + title_line;
    let mut title = Vec::new();
    for text in title_lines {
        title.push(Line { y, text });
        y += title_line;
    }
    let figure = preview.figure.as_ref().map(|text| {
        y += FIGURE_SIZE - title_line + 28;
        let line = Line {
            y,
            text: text.clone(),
        };
        y += 12;
        line
    });
    let mut subtitle = Vec::new();
    y += BODY_LINE - 8;
    // Room down to the source line at the bottom.
    let room = (HEIGHT - 80).saturating_sub(y) / BODY_LINE + 1;
    for text in wrap(&preview.subtitle, BODY_SIZE, room as usize) {
        subtitle.push(Line { y, text });
        y += BODY_LINE;
    }
    Canvas {
        width: WIDTH,
        height: HEIGHT,
        family: FAMILY,
        margin: MARGIN,
        title,
        title_size,
        figure,
        figure_size: FIGURE_SIZE,
        subtitle,
        body_size: BODY_SIZE,
        chart_x: CHART_X,
        chart_width: WIDTH - CHART_X - 24,
        // A nested `<svg>` clips to its box unless told not to, and the renderer draws each
        // clip as a mask the size of the picture: most of a preview's time, for nothing,
        // since every chart stays inside its box.
        chart: &crate::chart::for_picture(&preview.chart).replacen(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" ",
            "<svg overflow=\"visible\" xmlns=\"http://www.w3.org/2000/svg\" ",
            1,
        ),
    }
    .render()
    .expect("the preview template renders to a string")
}

/// The preview as PNG. A picture that cannot be drawn (which the canvas, made here, never
/// is) gives a blank white image rather than stopping the build.
pub fn png(preview: &Preview) -> Vec<u8> {
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).expect("a non-empty size");
    pixmap.fill(tiny_skia::Color::WHITE);
    let options = usvg::Options {
        fontdb: Arc::clone(fonts()),
        font_family: FAMILY.to_string(),
        ..usvg::Options::default()
    };
    if let Ok(tree) = usvg::Tree::from_str(&svg(preview), &options) {
        resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    }
    encode(&pixmap).unwrap_or_default()
}

/// The picture as a PNG, compressed fast: the best compression took most of a preview's
/// time to save a few kilobytes. One filter for every row (Paeth, the best for flat areas
/// with anti-aliased edges) rather than the best of five per row: a fifth of the encoding's
/// time for files 7 % larger. The pixels go in as drawn, with their alpha channel: on a
/// white ground it is 255 throughout, which the filter turns to zeros that cost 8 % of the
/// file, where copying out the colours alone cost a third of the encoding's time.
fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Paeth);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(pixmap.data())?;
    writer.finish()?;
    Ok(out)
}

/// The font database: [`FONT`] alone, loaded once, standing in for every generic family.
fn fonts() -> &'static Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(FONT.to_vec());
        db.set_sans_serif_family(FAMILY);
        db.set_serif_family(FAMILY);
        db.set_monospace_family(FAMILY);
        Arc::new(db)
    })
}

/// `text` broken into at most `lines` lines that fit the text column at `size`, the last one
/// ending in `…` when the text is longer. A word too long for a line gets a line of its own.
fn wrap(text: &str, size: u32, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match out.last_mut() {
            Some(line) if text_width(&format!("{line} {word}"), size) <= TEXT_WIDTH => {
                line.push(' ');
                line.push_str(word);
            }
            _ => out.push(word.to_string()),
        }
    }
    if out.len() > lines {
        out.truncate(lines);
        if let Some(last) = out.last_mut() {
            last.push('…');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_sit_under_bilder() {
        assert_eq!(path("index.html"), "bilder/index.png");
        assert_eq!(
            path("tiltaksgrupper/avklaring.html"),
            "bilder/tiltaksgrupper/avklaring.png"
        );
    }

    #[test]
    fn titles_wrap_to_the_column_and_stop_at_the_last_line() {
        assert_eq!(
            wrap("Deltakere i arbeidsrettede tiltak", TITLE_SIZES[0], 4),
            ["Deltakere i", "arbeidsrettede", "tiltak"]
        );
        for line in wrap("Troms og Finnmark - Romsa ja Finnmárku", TITLE_SIZES[0], 4) {
            assert!(text_width(&line, TITLE_SIZES[0]) <= TEXT_WIDTH, "{line}");
        }
        assert_eq!(wrap("a b c d e f", TITLE_SIZES[0] * 10, 2), ["a", "b…"]);
        assert!(wrap("", TITLE_SIZES[0], 4).is_empty());
    }

    #[test]
    fn text_is_escaped_in_the_canvas() {
        let svg = svg(&Preview {
            title: "<script>&".into(),
            figure: Some("1 < 2".into()),
            subtitle: "\"x\"".into(),
            chart: String::new(),
        });
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(
            svg.contains("&#60;script&#62;&#38;") && svg.contains("1 &#60; 2"),
            "{svg}"
        );
    }
}
