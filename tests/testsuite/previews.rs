//! Link previews: the front page, each measure group's page and each county's page carry
//! Open Graph and Twitter card tags, with an absolute `og:image` when the site's address is
//! known, pointing to a 1200×630 PNG of the page's chart; archived editions have none.

use crate::site::{build, text};
use std::collections::BTreeMap;

const BASE: &str = "https://example.github.io/tiltak/";

/// The `content` of every `<meta>` whose `property` or `name` is `key`.
fn meta(html: &str, key: &str) -> Vec<String> {
    html.split("<meta ")
        .skip(1)
        .filter_map(|tag| {
            let tag = &tag[..tag.find('>')?];
            let named = tag.contains(&format!("property=\"{key}\""))
                || tag.contains(&format!("name=\"{key}\""));
            let content = tag.split_once("content=\"")?.1;
            named.then(|| content[..content.find('"').unwrap_or(0)].to_string())
        })
        .collect()
}

/// The one value of a tag that must be there once.
fn one(html: &str, key: &str) -> String {
    let values = meta(html, key);
    assert_eq!(values.len(), 1, "{key}: {values:?}");
    values[0].clone()
}

/// A decoded PNG: width, height and RGBA pixels, every one of them opaque (a see-through
/// preview shows on black or a checkerboard in some apps).
fn decode(bytes: &[u8]) -> (u32, u32, Vec<[u8; 4]>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    assert_eq!(info.color_type, png::ColorType::Rgba);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let pixels: Vec<[u8; 4]> = buf[..info.buffer_size()]
        .chunks_exact(4)
        .map(|p| [p[0], p[1], p[2], p[3]])
        .collect();
    assert!(pixels.iter().all(|p| p[3] == 255), "every pixel opaque");
    (info.width, info.height, pixels)
}

/// How many pixels in the rectangle `x0..x1` × `y0..y1` satisfy `test`.
fn count(
    (width, _, pixels): &(u32, u32, Vec<[u8; 4]>),
    (x0, x1, y0, y1): (u32, u32, u32, u32),
    test: impl Fn([u8; 4]) -> bool,
) -> usize {
    (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .filter(|(x, y)| test(pixels[(y * width + x) as usize]))
        .count()
}

fn dark(p: [u8; 4]) -> bool {
    p[0] < 90 && p[1] < 90 && p[2] < 90 && p[3] == 255
}

fn with_base() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    build(&crate::common::root().join("content"), Some(BASE))
}

#[test]
fn the_front_measure_and_county_pages_are_tagged_with_a_drawn_preview() {
    let (_dir, files) = with_base();
    // The titles are the seed report's own labels.
    for (page, title, url) in [
        (
            "index.html",
            "Deltakere i arbeidsrettede tiltak",
            BASE.to_string(),
        ),
        (
            "tiltaksgrupper/avklaringstiltak.html",
            "Avklaringstiltak",
            format!("{BASE}tiltaksgrupper/avklaringstiltak.html"),
        ),
        (
            "fylker/oslo.html",
            "Oslo",
            format!("{BASE}fylker/oslo.html"),
        ),
    ] {
        let html = text(&files, page);
        assert_eq!(one(&html, "og:title"), title, "{page}");
        assert_eq!(one(&html, "og:type"), "website", "{page}");
        assert_eq!(one(&html, "og:url"), url, "{page}");
        assert!(!one(&html, "og:description").is_empty(), "{page}");
        assert_eq!(one(&html, "og:locale"), "nb_NO");
        assert_eq!(one(&html, "twitter:card"), "summary_large_image", "{page}");
        assert_eq!(one(&html, "og:image:type"), "image/png");
        assert_eq!(one(&html, "og:image:width"), "1200");
        assert_eq!(one(&html, "og:image:height"), "630");
        let alt = one(&html, "og:image:alt");
        // One chart on a measure group's page; small charts on the pages of many series.
        assert!(
            (alt.starts_with("Linjediagram: ") || alt.starts_with("Små linjediagrammer: "))
                && alt.len() > 20,
            "{alt}"
        );
        let image = one(&html, "og:image");
        let path = image
            .strip_prefix(BASE)
            .unwrap_or_else(|| panic!("{page}: og:image {image} is not absolute"));
        let png = files
            .get(path)
            .unwrap_or_else(|| panic!("{page}: {path} is not in the site"));
        let decoded = decode(png);
        assert_eq!((decoded.0, decoded.1), (1200, 630), "{path}");
        // The title, dark on white, in the text column's upper part (a blank one has none;
        // "Oslo" alone has about 1,400).
        let title_ink = count(&decoded, (40, 440, 70, 200), dark);
        assert!(
            title_ink > 500,
            "{path}: {title_ink} dark pixels in the title"
        );
        // The chart's first line is the palette's blue (#0072B2), on the right.
        let blue = count(&decoded, (440, 1200, 0, 630), |p| {
            p[0] < 40 && (90..140).contains(&p[1]) && (150..200).contains(&p[2])
        });
        assert!(blue > 500, "{path}: {blue} blue pixels in the chart");
        // An opaque white background, not transparency.
        assert_eq!(
            decoded.2[(629 * 1200 + 1199) as usize],
            [255, 255, 255, 255]
        );
    }
    let previews: Vec<&String> = files.keys().filter(|p| p.ends_with(".png")).collect();
    // The front page, 9 measure groups and 11 counties of the seed report.
    assert_eq!(previews.len(), 21, "{previews:?}");
    assert!(previews.iter().all(|p| p.starts_with("bilder/")));
}

#[test]
fn archived_editions_and_other_pages_have_no_preview() {
    let (_dir, files) = with_base();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let image = meta(&html, "og:image");
        let has = path == "index.html"
            || path.starts_with("tiltaksgrupper/")
            || (path.starts_with("fylker/") && path != "fylker/index.html");
        assert_eq!(image.len(), usize::from(has), "{path}: {image:?}");
        if !has {
            assert_eq!(meta(&html, "twitter:card"), ["summary"], "{path}");
        }
    }
    assert!(files.contains_key("utgaver/2022-01--2022-12/index.html"));
}

#[test]
fn without_an_address_no_page_points_to_a_preview_and_none_is_drawn() {
    let (_dir, files) = build(&crate::common::root().join("content"), None);
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        assert!(meta(&html, "og:image").is_empty(), "{path}");
        assert!(meta(&html, "og:url").is_empty(), "{path}");
        assert_eq!(meta(&html, "og:title").len(), 1, "{path}");
    }
    assert!(!files.keys().any(|p| p.ends_with(".png")));
}

#[test]
fn two_builds_draw_byte_identical_previews() {
    let (_a, first) = with_base();
    let (_b, second) = with_base();
    let pngs: Vec<_> = first.keys().filter(|p| p.ends_with(".png")).collect();
    assert!(!pngs.is_empty());
    for path in pngs {
        assert!(
            first[path] == second[path],
            "{path} differs between two builds"
        );
    }
}
