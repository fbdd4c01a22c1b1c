//! The site's own pages: Markdown files in the content folder.
//!
//! A page may start with TOML front matter between `+++` lines (`title = "…"`, `order = 2`),
//! as in Zola. Without it, the title is the first heading and pages sort by file name.
//! Raw HTML in the Markdown is shown as text and links with a script scheme are dropped:
//! the pages are published beside official statistics, so they must not run code.

use crate::diagnostic::{Diagnostic, Kind};
use crate::source::SourceFile;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Deserialize;

/// A Markdown page, rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The path-safe name, from the file name (`om-tallene.md` → `om-tallene`).
    pub slug: String,
    /// The title, for the navigation and the page's heading.
    pub title: String,
    /// Where the page goes in the navigation: lower first, then by slug.
    pub order: i64,
    /// The page's body as HTML (without the first heading when it gave the title).
    pub html: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Option<String>,
    #[serde(default)]
    order: i64,
}

/// Reads a Markdown page. Bad front matter is an error with its line.
pub fn parse(file: &SourceFile) -> Result<Page, Diagnostic> {
    let text: &str = &file.text;
    let (front, body) = split_front_matter(text);
    let front: FrontMatter = match front {
        None => FrontMatter::default(),
        Some(front) => toml::from_str(front).map_err(|e| {
            let line = e.span().map_or(0, |s| {
                let before = front.as_bytes().get(..s.start).unwrap_or(front.as_bytes());
                before.iter().filter(|b| **b == b'\n').count()
            }) + 2;
            Diagnostic::error(
                Kind::BadFrontMatter,
                &file.name,
                line,
                0,
                format!("the front matter is not valid: {}", e.message()),
            )
            .expected("TOML between `+++` lines, such as `title = \"Om tallene\"` and `order = 1`")
        })?,
    };
    let stem = file
        .name
        .rsplit('/')
        .next()
        .unwrap_or(&file.name)
        .trim_end_matches(".md");
    let slug = crate::dims::slugify(stem);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            Kind::BadPageName,
            &file.name,
            0,
            0,
            format!("the file name `{stem}` gives the page no address: it has no letter or digit"),
        )
        .expected("a file name with letters or digits, such as `om-tallene.md`"));
    }
    let (heading, html) = render(body, front.title.is_none());
    let title = front.title.or(heading).unwrap_or_else(|| stem.to_string());
    Ok(Page {
        slug,
        title,
        order: front.order,
        html,
    })
}

/// Splits `+++\n…\n+++\n` front matter from the body.
fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text.strip_prefix("+++\n") else {
        return (None, text);
    };
    match rest.find("\n+++") {
        Some(end) => {
            let front = &rest[..end + 1];
            let after = &rest[end + 4..];
            let body = after.strip_prefix('\n').unwrap_or(after);
            (Some(front), body)
        }
        None => (None, text),
    }
}

/// Renders Markdown to HTML; when `take_heading`, the first level-1 heading is returned as
/// the title instead of being rendered.
fn render(markdown: &str, take_heading: bool) -> (Option<String>, String) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut events: Vec<Event> = Parser::new_ext(markdown, options).map(sanitize).collect();
    let mut heading = None;
    if take_heading {
        let start = events.iter().position(|e| {
            matches!(
                e,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                })
            )
        });
        if let Some(start) = start {
            let end = events[start..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map(|i| start + i);
            if let Some(end) = end {
                let text: String = events[start..end]
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                heading = Some(text);
                events.drain(start..=end);
            }
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (heading, html)
}

/// Shows raw HTML as text, and drops link and image targets with a script scheme.
fn sanitize(event: Event) -> Event {
    match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::Borrowed("#"),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::Borrowed(""),
            title,
            id,
        }),
        other => other,
    }
}

fn safe_url(url: &str) -> bool {
    let lower: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match lower.split_once(':') {
        // A colon before any slash, `?` or `#` starts a scheme.
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(name: &str, text: &str) -> Result<Page, Diagnostic> {
        parse(&SourceFile::from_text(name, text))
    }

    #[test]
    fn front_matter_gives_title_and_order() {
        let p = page(
            "om-tallene.md",
            "+++\ntitle = \"Om tallene\"\norder = 2\n+++\nTekst *her*.\n",
        )
        .unwrap();
        assert_eq!(
            (p.slug.as_str(), p.title.as_str(), p.order),
            ("om-tallene", "Om tallene", 2)
        );
        assert_eq!(p.html, "<p>Tekst <em>her</em>.</p>\n");
    }

    #[test]
    fn the_first_heading_is_the_title_without_front_matter() {
        let p = page("kilder.md", "# Kilder og metode\n\nNAV.\n").unwrap();
        assert_eq!(p.title, "Kilder og metode");
        assert_eq!(p.html, "<p>NAV.</p>\n");
    }

    #[test]
    fn bad_front_matter_is_an_error_with_a_line() {
        let err = page("x.md", "+++\ntitle = \"A\"\norder = \"to\"\n+++\n").unwrap_err();
        assert_eq!(err.kind, Kind::BadFrontMatter);
        assert_eq!(err.line, 3);
    }

    #[test]
    fn a_name_with_no_letter_or_digit_is_an_error() {
        for name in ["!!!.md", "sider/---.md", ".md", "sider/«».md"] {
            let err = page(name, "# Tittel\n").unwrap_err();
            assert_eq!((err.kind, err.file.as_str()), (Kind::BadPageName, name));
        }
        assert_eq!(page("a!.md", "# T\n").unwrap().slug, "a");
    }

    #[test]
    fn raw_html_and_script_links_are_defused() {
        let p = page("x.md", "<script>alert(1)</script>\n\n[a](javascript:alert(1)) [b](JaVa\tScript:x) [c](https://nav.no) [d](side.html)\n").unwrap();
        assert!(!p.html.contains("<script"), "{}", p.html);
        assert!(p.html.contains("&lt;script&gt;"));
        assert!(!p.html.to_lowercase().contains("javascript"), "{}", p.html);
        assert!(p.html.contains("href=\"https://nav.no\""));
        assert!(p.html.contains("href=\"side.html\""));
    }
}
