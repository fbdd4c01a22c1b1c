//! Charts as things to take away: every chart of a built page sits in a `<figure>` with an id
//! unique on the page, links to its own SVG file and to a CSV of the numbers it draws (on the
//! main pages), and says how to cite it.

use crate::annual::row_after;
use crate::common::{resolve, root};
use crate::site::build;
use std::collections::{BTreeMap, BTreeSet};

type Files = BTreeMap<String, Vec<u8>>;

const BASE: &str = "https://example.github.io/tiltak";

/// Every value of `attribute` in `html`, in order.
fn values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    html.split(&format!(" {attribute}=\""))
        .skip(1)
        .map(|part| &part[..part.find('"').unwrap()])
        .collect()
}

/// The figures of a page, each as its markup from `<figure` to `</figure>`.
fn figures(html: &str) -> Vec<&str> {
    html.match_indices("<figure")
        .map(|(at, _)| &html[at..at + html[at..].find("</figure>").unwrap()])
        .collect()
}

/// The lines of a figure's CSV as (series, month, value), `None` for a suppressed cell.
fn csv_points(bytes: &[u8]) -> Vec<(String, String, Option<u64>)> {
    let mut reader = csv::Reader::from_reader(bytes);
    assert_eq!(
        reader.headers().unwrap(),
        vec!["series", "month", "value", "suppressed"]
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let value = match &r[3] {
                "true" => {
                    assert_eq!(&r[2], "", "a suppressed cell has no value");
                    None
                }
                _ => Some(r[2].parse().unwrap()),
            };
            (r[0].to_string(), r[1].to_string(), value)
        })
        .collect()
}

/// The figure with `id` on `page`, and the files it links to.
fn figure_files<'a>(files: &'a Files, page: &str, id: &str) -> (String, &'a [u8], &'a [u8]) {
    let html = String::from_utf8(files[page].clone()).unwrap();
    let figure = figures(&html)
        .into_iter()
        .find(|f| f.contains(&format!("id=\"{id}\"")))
        .unwrap_or_else(|| panic!("{page} has #{id}"))
        .to_string();
    let links = values(&figure, "href");
    let file = |ext: &str| -> &'a [u8] {
        let link = links.iter().find(|l| l.ends_with(ext)).unwrap();
        let path = resolve(page, link);
        files
            .get(&path)
            .unwrap_or_else(|| panic!("{path} is written"))
    };
    let (svg, csv) = (file(".svg"), file(".csv"));
    (figure, svg, csv)
}

/// The pages with charts: the front page, measure-group and county pages. An archived
/// edition's pages have none.
fn chart_pages(files: &Files) -> Vec<&String> {
    files
        .keys()
        .filter(|p| {
            let county = p.starts_with("fylker/") && *p != "fylker/index.html";
            p.ends_with(".html")
                && !p.starts_with("utgaver/")
                && (*p == "index.html" || p.contains("tiltaksgrupper/") || county)
        })
        .collect()
}

#[test]
fn every_chart_is_a_figure_with_a_unique_id_its_files_and_a_citation() {
    let (_dir, files) = build(&root().join("content"), Some(BASE));
    let pages = chart_pages(&files);
    assert_eq!(pages.len(), 1 + 9 + 11, "{pages:?}");
    for page in pages {
        let html = String::from_utf8(files[page].clone()).unwrap();
        // A grid of small charts, one per series, is one figure.
        let grids = html.matches("class=\"chart-grid\"").count();
        let small = html.matches("<div class=\"small\">").count();
        let charts = html.matches("class=\"chart chart-line\"").count()
            + html.matches("class=\"chart chart-bar\"").count()
            + grids
            - small;
        let figures = figures(&html);
        assert!(charts > 0, "{page} has a chart");
        assert_eq!(figures.len(), charts, "{page}: every chart in a figure");
        let ids = values(&html, "id");
        let unique: BTreeSet<&&str> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{page}: ids are unique");
        for figure in figures {
            // One chart a figure, or a grid of small charts, one per series.
            let svgs = figure.matches("<svg").count();
            assert!(
                svgs == 1
                    || (figure.contains("chart-grid")
                        && svgs == figure.matches("<div class=\"small\">").count()),
                "{page}: one chart a figure"
            );
            let id = values(figure, "id")[0];
            assert!(
                id.starts_with("figur-"),
                "{page}: the figure has its id first"
            );
            assert!(figure.contains(
                "Kilde: NAV, «Deltakere i arbeidsrettede tiltak. Tiltaksgruppe og fylke. Tidsserie måned», rapporten for januar–desember 2022"
            ));
            let address = format!("{BASE}/{}", page.strip_suffix("index.html").unwrap_or(page));
            assert!(
                figure.contains(&format!("{address}#{id}")),
                "{page}: the citation has the figure's address"
            );
            let downloads: Vec<&str> = values(figure, "href")
                .into_iter()
                .filter(|h| !h.starts_with('#'))
                .collect();
            assert_eq!(downloads.len(), 2, "{page}: an SVG and a CSV");
            for link in downloads {
                let path = resolve(page, link);
                let bytes = files
                    .get(&path)
                    .unwrap_or_else(|| panic!("{page} → {path}"));
                if path.ends_with(".svg") {
                    let text = std::str::from_utf8(bytes).unwrap();
                    let svg = roxmltree::Document::parse(text).expect("the SVG file is XML");
                    let root = svg.root_element();
                    assert_eq!(
                        root.tag_name().namespace(),
                        Some("http://www.w3.org/2000/svg")
                    );
                    assert!(root.attribute("style").unwrap().contains("color:#"));
                }
            }
        }
    }
    // An archived edition shows its report's numbers as tables, and no charts.
    let edition = "utgaver/2022-01--2022-12/";
    let archived: Vec<&String> = files
        .keys()
        .filter(|p| p.starts_with(edition) && p.ends_with(".html"))
        .collect();
    assert_eq!(archived.len(), 1 + 9, "{archived:?}");
    for page in archived {
        let html = std::str::from_utf8(&files[page]).unwrap();
        assert!(
            html.contains("<table") && html.contains("Arkivert utgave"),
            "{page}"
        );
        assert!(figures(html).is_empty(), "{page} has no chart figures");
    }
    // Without the site's address there is no address to cite.
    let (_dir, plain) = build(&root().join("content"), None);
    let page = String::from_utf8(plain["tiltaksgrupper/avklaringstiltak.html"].clone()).unwrap();
    assert!(!page.contains("Adresse:") && page.contains("Kilde: NAV"));
}

#[test]
fn a_figures_csv_holds_the_numbers_of_the_report_it_draws() {
    let (_dir, files) = build(&root().join("content"), None);
    let months: Vec<String> = (1..=12).map(|m| format!("2022-{m:02}")).collect();
    let series =
        |points: &[(String, String, Option<u64>)], name: &str| -> Vec<(String, Option<u64>)> {
            points
                .iter()
                .filter(|p| p.0 == name)
                .map(|p| (p.1.clone(), p.2))
                .collect()
        };
    let over_year = |row: Vec<Option<u64>>| -> Vec<(String, Option<u64>)> {
        months.iter().cloned().zip(row).collect()
    };
    // The measure group's lines: all participants is the table's `I alt` row.
    let (_, svg, csv) = figure_files(
        &files,
        "tiltaksgrupper/avklaringstiltak.html",
        "figur-hovedgrupper",
    );
    assert!(std::str::from_utf8(svg).unwrap().contains("<svg"));
    let points = csv_points(csv);
    assert_eq!(
        series(&points, "Alle"),
        over_year(row_after(
            "I alt avklaringstiltak",
            "I alt avklaringstiltak"
        ))
    );
    // The bars of December: each county's December cell, `*` as suppressed.
    let (_, _, csv) = figure_files(
        &files,
        "tiltaksgrupper/avklaringstiltak.html",
        "figur-fylker",
    );
    let points = csv_points(csv);
    for county in ["Oslo", "Viken", "Ukjent", "Øvrige områder"] {
        let label = if county == "Viken" { "Viken" } else { county };
        let december = row_after("I alt avklaringstiltak", label)[11];
        assert_eq!(
            series(&points, county),
            [("2022-12".to_string(), december)],
            "{county}"
        );
    }
    assert_eq!(
        series(&points, "Øvrige områder"),
        [("2022-12".to_string(), None)]
    );
    // A county's lines: the county's row of each measure group's table.
    let (_, _, csv) = figure_files(&files, "fylker/oslo.html", "figur-tiltaksgrupper");
    let points = csv_points(csv);
    assert_eq!(
        series(&points, "Avklaringstiltak"),
        over_year(row_after("I alt avklaringstiltak", "Oslo"))
    );
    // The front page: each measure group's national total.
    let (_, _, csv) = figure_files(&files, "index.html", "figur-tiltaksgrupper");
    let points = csv_points(csv);
    assert_eq!(
        series(&points, "Avklaringstiltak"),
        over_year(row_after(
            "I alt avklaringstiltak",
            "I alt avklaringstiltak"
        ))
    );
    assert_eq!(points.len() % 12, 0, "twelve months a line");
}
