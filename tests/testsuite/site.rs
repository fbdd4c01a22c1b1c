//! The built site: pages exist, show the report's numbers, link only to files that exist,
//! escape hostile labels, and come out byte-identical from two builds.

use crate::common::{content_with, files_under, resolve, seed_text};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Builds a content folder into a fresh output folder and returns every file's bytes.
pub(crate) fn build(
    content: &Path,
    base_url: Option<&str>,
) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let out = tempfile::tempdir().unwrap();
    let config = tiltak::Config {
        content_dir: content.to_path_buf(),
        out_dir: out.path().join("site"),
        static_dir: crate::common::root().join("static"),
        base_url: base_url.map(str::to_string),
    };
    tiltak::build(&config).expect("the site builds");
    let site = out.path().join("site");
    let files = files_under(&site)
        .into_iter()
        .map(|f| (f.clone(), fs::read(site.join(&f)).unwrap()))
        .collect();
    (out, files)
}

fn seed_site() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    build(&crate::common::root().join("content"), None)
}

pub(crate) fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("{path} is in the site"))
            .clone(),
    )
    .unwrap()
}

/// Numbers on the site use a no-break space between thousands.
pub fn nb(number: &str) -> String {
    number.replace(' ', "\u{a0}")
}

const MEASURE_SLUGS: [&str; 9] = [
    "avklaringstiltak",
    "oppfolging",
    "opplaering",
    "lonnstilskudd",
    "arbeidspraksis",
    "arbeidsrettet-rehabilitering",
    "tilrettelagt-arbeid",
    "tilrettelegging",
    "jobbskaping-og-egenetablering",
];

const COUNTY_SLUGS: [&str; 11] = [
    "oslo",
    "rogaland",
    "more-og-romsdal",
    "nordland",
    "viken",
    "innlandet",
    "vestfold-og-telemark",
    "agder",
    "vestland",
    "trondelag",
    "troms-og-finnmark",
];

#[test]
fn every_measure_group_and_county_has_a_page_with_charts_and_tables() {
    let (_dir, files) = seed_site();
    for slug in MEASURE_SLUGS {
        let page = text(&files, &format!("tiltaksgrupper/{slug}.html"));
        assert_eq!(
            page.matches("<svg").count(),
            2,
            "{slug}: a line chart and a bar chart"
        );
        assert!(page.matches("role=\"img\"").count() >= 2, "{slug}");
        assert!(
            page.contains("<table>")
                && page.contains("<caption>")
                && page.contains("<th scope=\"row\">"),
            "{slug}"
        );
        assert!(
            page.contains(&format!("href=\"../data/{slug}.csv\"")),
            "{slug}: CSV download"
        );
        assert!(
            page.contains(&format!("href=\"../data/{slug}.json\"")),
            "{slug}: JSON-stat download"
        );
    }
    for slug in COUNTY_SLUGS {
        let page = text(&files, &format!("fylker/{slug}.html"));
        assert!(page.contains("<svg") && page.contains("<table>"), "{slug}");
    }
    for path in [
        "index.html",
        "fylker/index.html",
        "om/index.html",
        "om/om-tiltaksgruppene.html",
        "datakvalitet.html",
        "404.html",
        ".nojekyll",
    ] {
        assert!(files.contains_key(path), "{path}");
    }
}

#[test]
fn pages_show_the_reports_numbers() {
    let (_dir, files) = seed_site();
    // Read by hand from the seed: Avklaringstiltak, I alt, January 2022 and December 2022.
    let page = text(&files, "tiltaksgrupper/avklaringstiltak.html");
    assert!(
        page.contains(&format!("<td>{}</td>", nb("3 903"))),
        "January's total"
    );
    assert!(
        page.contains(&format!("<p class=\"value\">{}</p>", nb("3 124"))),
        "December's total as the key figure"
    );
    // Troms og Finnmark, Tilrettelagt arbeid, December 2022: 786.
    let page = text(&files, "tiltaksgrupper/tilrettelagt-arbeid.html");
    let row = page
        .lines()
        .find(|l| l.contains(">Troms og Finnmark</a></th>"))
        .expect("a Troms og Finnmark row");
    assert!(row.ends_with("<td>786</td></tr>"), "{row}");
    // The county page has the same number.
    let page = text(&files, "fylker/troms-og-finnmark.html");
    let row = page
        .lines()
        .find(|l| l.contains(">Tilrettelagt arbeid</a></th>"))
        .expect("a Tilrettelagt arbeid row");
    assert!(row.ends_with("<td>786</td></tr>"), "{row}");
}

#[test]
fn suppressed_cells_show_as_stars_and_absent_months_are_not_invented() {
    let (_dir, files) = seed_site();
    let page = text(&files, "tiltaksgrupper/jobbskaping-og-egenetablering.html");
    // Andre på tiltak: only Agder, June–October, all suppressed (the last table of the seed).
    let table = page
        .split("<caption>")
        .find(|t| t.starts_with("Jobbskaping og egenetablering: andre på tiltak"))
        .expect("the Andre table");
    let table = &table[..table.find("</table>").unwrap()];
    let agder = table
        .lines()
        .find(|l| l.contains(">Agder</a>"))
        .expect("an Agder row");
    assert_eq!(
        agder.matches("<td class=\"s\">*</td>").count(),
        5,
        "{agder}"
    );
    assert_eq!(
        agder.matches("<td class=\"a\">–</td>").count(),
        7,
        "{agder}"
    );
    assert!(
        !table.contains(">Oslo</a>"),
        "no row is invented for a county the table does not have"
    );
    assert!(page.contains("betyr 0–3 deltakere"));
}

/// Every `href` and `src` of a page, with the page's path.
fn links(files: &BTreeMap<String, Vec<u8>>) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for attribute in ["href=\"", "src=\""] {
            for part in html.split(attribute).skip(1) {
                let target = &part[..part.find('"').unwrap()];
                found.push((path.clone(), target.to_string()));
            }
        }
    }
    found
}

#[test]
fn every_internal_link_and_asset_resolves() {
    let (_dir, files) = seed_site();
    let mut broken = Vec::new();
    let mut checked = 0;
    for (page, target) in links(&files) {
        assert!(
            !target.starts_with('/'),
            "{page}: `{target}` is root-relative and breaks under a sub-path"
        );
        if target.starts_with("https://")
            || target.starts_with("http://")
            || target.starts_with("mailto:")
        {
            continue;
        }
        let (file, fragment) = target.split_once('#').unwrap_or((&target, ""));
        let resolved = if file.is_empty() {
            page.clone()
        } else {
            resolve(&page, file)
        };
        checked += 1;
        match files.get(&resolved) {
            None => broken.push(format!("{page} → {target}")),
            Some(bytes) if !fragment.is_empty() => {
                if !String::from_utf8_lossy(bytes).contains(&format!("id=\"{fragment}\"")) {
                    broken.push(format!("{page} → {target} (no such fragment)"));
                }
            }
            Some(_) => {}
        }
    }
    assert!(checked > 500, "links were found ({checked})");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    // Every page names the site's icon, so no browser asks the server's root for one.
    let icons = links(&files)
        .into_iter()
        .filter(|(_, target)| target.ends_with("favicon.svg"))
        .count();
    let pages = files.keys().filter(|p| p.ends_with(".html")).count();
    assert_eq!(icons, pages);
}

#[test]
fn a_hostile_label_is_escaped_in_every_html_and_svg_text() {
    let hostile = "<script>alert(1)</script> & \"x\"";
    let seed = seed_text();
    // A county row with a hostile label, added to the Avklaringstiltak table (line 28 is its I alt row).
    let report = seed.replacen(
        "Oslo\t428\t",
        &format!("{hostile}\t4\t4\t4\t4\t4\t4\t4\t4\t4\t4\t4\t4\nOslo\t428\t"),
        1,
    );
    let content = content_with(&[("hostile.txt", report.as_bytes())]);
    let (_dir, files) = build(content.path(), None);
    let mut seen = 0;
    for (path, bytes) in files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") || p.ends_with(".svg"))
    {
        let html = String::from_utf8_lossy(bytes);
        assert!(!html.contains("<script"), "{path} holds a raw <script>");
        assert!(
            !html.contains("\"x\""),
            "{path} holds an unescaped quote from the label"
        );
        if html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;") {
            seen += 1;
        }
    }
    assert!(seen >= 3, "the label is shown, escaped, on the measure page, the county overview and its own page ({seen})");
}

#[test]
fn two_builds_are_byte_identical() {
    let (_a, first) = seed_site();
    let (_b, second) = seed_site();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between two builds");
    }
}

#[test]
fn measure_group_pages_stay_light() {
    let (_dir, files) = seed_site();
    for slug in MEASURE_SLUGS {
        let size = files[&format!("tiltaksgrupper/{slug}.html")].len();
        assert!(size < 200 * 1024, "{slug} weighs {size} bytes");
    }
}

#[test]
fn the_base_url_is_used_only_for_the_sitemap_and_canonical_links() {
    let (_dir, files) = build(
        &crate::common::root().join("content"),
        Some("https://example.github.io/tiltak"),
    );
    let sitemap = text(&files, "sitemap.xml");
    assert!(sitemap.contains(
        "<loc>https://example.github.io/tiltak/tiltaksgrupper/avklaringstiltak.html</loc>"
    ));
    assert!(sitemap.contains("<loc>https://example.github.io/tiltak/</loc>"));
    let page = text(&files, "fylker/oslo.html");
    assert!(page.contains(
        "<link rel=\"canonical\" href=\"https://example.github.io/tiltak/fylker/oslo.html\">"
    ));
    for (path, bytes) in files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && *p != "404.html")
    {
        let html = String::from_utf8_lossy(bytes);
        let absolute = html.matches("href=\"https://example.github.io").count();
        let canonical = html
            .matches("rel=\"canonical\" href=\"https://example.github.io")
            .count();
        // An archived edition is not the canonical home of its numbers: no canonical link.
        let expected = if path.starts_with("utgaver/") && path != "utgaver/index.html" {
            (0, 0)
        } else {
            (1, 1)
        };
        assert_eq!(
            (absolute, canonical),
            expected,
            "{path}: only the canonical link is absolute"
        );
    }
    let (_dir, files) = seed_site();
    assert!(
        !files.contains_key("sitemap.xml"),
        "no sitemap without an address"
    );
}

#[test]
fn labels_and_pages_that_differ_only_in_case_never_share_an_address() {
    let seed = seed_text();
    let report = seed.replacen("Oslo\t428\t", "Svalbard\t4\t4\t4\t4\t4\t4\t4\t4\t4\t4\t4\t4\nSVALBARD\t5\t5\t5\t5\t5\t5\t5\t5\t5\t5\t5\t5\nOslo\t428\t", 1);
    let content = content_with(&[("a.txt", report.as_bytes())]);
    let (_dir, files) = build(content.path(), None);
    let pages: Vec<&String> = files
        .keys()
        .filter(|p| p.starts_with("fylker/annet-svalbard-") && p.ends_with(".html"))
        .collect();
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert!(
        String::from_utf8_lossy(&files[pages[0]]).contains("<h1>Svalbard</h1>")
            != String::from_utf8_lossy(&files[pages[1]]).contains("<h1>Svalbard</h1>")
    );
    let content = content_with(&[
        ("a.txt", seed.as_bytes()),
        ("Om.md", b"# A\n"),
        ("sider/om.md", b"# B\n"),
        ("index.md", b"# C\n"),
    ]);
    let Err(tiltak::Error::Input(errors)) = tiltak::load(content.path()) else {
        panic!("clashing pages must fail")
    };
    let kinds: Vec<(String, tiltak::diagnostic::Kind)> =
        errors.iter().map(|e| (e.file.clone(), e.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("index.md".to_string(), tiltak::diagnostic::Kind::PageClash),
            (
                "sider/om.md".to_string(),
                tiltak::diagnostic::Kind::PageClash
            )
        ]
    );
}

#[test]
fn the_feed_lists_every_edition_newest_first_with_its_latest_national_figures() {
    let seed = seed_text();
    let earlier = seed.replace("2022", "2021").replacen("3 124", "3 100", 1);
    let content = content_with(&[
        ("tiltaksdeltakere-2021.txt", earlier.as_bytes()),
        ("tiltaksdeltakere-2022.txt", seed.as_bytes()),
    ]);
    // The December figure of `I alt avklaringstiltak`, the last cell of its row in the report.
    let december = |report: &str| -> String {
        let row = report
            .lines()
            .find(|l| l.starts_with("I alt avklaringstiltak"))
            .expect("the total row");
        row.split('\t').next_back().unwrap().trim().to_string()
    };
    for base in [None, Some("https://example.github.io/tiltak/")] {
        let (_dir, files) = build(content.path(), base);
        let feed = text(&files, "feed.xml");
        let doc = roxmltree::Document::parse(&feed).expect("the feed is XML");
        let entries: Vec<_> = doc
            .root_element()
            .children()
            .filter(|n| n.has_tag_name("entry"))
            .collect();
        assert_eq!(entries.len(), 2, "one entry per edition");
        let field = |entry: &roxmltree::Node, name: &str| -> String {
            let node = entry.children().find(|n| n.has_tag_name(name)).unwrap();
            node.attribute("href")
                .map(str::to_string)
                .unwrap_or_else(|| node.text().unwrap_or("").to_string())
        };
        for (entry, year, report) in [
            (&entries[0], "2022", &seed),
            (&entries[1], "2021", &earlier),
        ] {
            assert!(field(entry, "title").contains(year), "newest first");
            assert_eq!(
                field(entry, "updated"),
                format!("{}-01-01T00:00:00Z", year.parse::<i32>().unwrap() + 1)
            );
            let summary = field(entry, "summary");
            assert!(
                summary.contains(&format!("Avklaringstiltak {}", nb(&december(report)))),
                "{summary}"
            );
            let href = field(entry, "link");
            let page = href.strip_prefix(base.unwrap_or("")).unwrap();
            assert!(
                files.contains_key(page),
                "{href} opens the edition's front page"
            );
            assert!(page.starts_with(&format!("utgaver/{year}-01--{year}-12/")));
        }
        for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
            assert!(
                String::from_utf8_lossy(bytes).contains("type=\"application/atom+xml\""),
                "{path} links the feed"
            );
        }
    }
}
