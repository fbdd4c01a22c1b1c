//! What every page shares: the navigation, relative links and the page head.

use crate::dims::Area;
use crate::load::Loaded;
use crate::model::{Dataset, Edition};

/// A link in the navigation.
#[derive(Debug, Clone)]
pub struct NavLink {
    /// The target, relative to the site's root (`tiltaksgrupper/oppfolging.html`).
    pub href: String,
    /// The text.
    pub label: String,
    /// Whether the link leads to the page being shown (`aria-current="page"`).
    pub current: bool,
}

/// A titled group of navigation links.
#[derive(Debug, Clone)]
pub struct NavSection {
    /// The heading of the group.
    pub title: &'static str,
    /// The links.
    pub links: Vec<NavLink>,
}

/// The navigation of the whole site, built once and marked per page.
#[derive(Debug, Clone)]
pub struct Site {
    sections: Vec<NavSection>,
    base_url: Option<String>,
    /// The latest month with data, as shown in the footer (`Desember 2022`).
    pub updated: String,
}

/// The page-independent parts every template's layout block reads.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The page title (also the `<h1>` unless the page says otherwise).
    pub title: String,
    /// The meta description.
    pub description: String,
    /// The prefix that leads from this page to the site's root: `""`, `"../"`, …
    pub root: String,
    /// The navigation, with the current page marked.
    pub nav: Vec<NavSection>,
    /// The absolute address of this page, when the site's address is known.
    pub canonical: Option<String>,
    /// The latest month with data.
    pub updated: String,
    /// Set on the pages of an archived edition: the banner that says so.
    pub archived: Option<Archived>,
    /// The link preview, on the pages that have one when the site's address is known.
    pub image: Option<Image>,
}

/// A page's link preview (`og:image`), by its absolute address: the Open Graph protocol
/// gives `og:image` as a URL, and a relative one is not resolved by the services that read it.
#[derive(Debug, Clone)]
pub struct Image {
    /// The absolute address of the PNG.
    pub url: String,
    /// What the picture shows, for those who cannot see it.
    pub alt: String,
    /// Its size in pixels.
    pub width: u32,
    /// See `width`.
    pub height: u32,
}

/// The banner of an archived edition's page.
#[derive(Debug, Clone)]
pub struct Archived {
    /// The edition's period, `Januar - Juni 2023`.
    pub period: String,
    /// The edition's file.
    pub file: String,
    /// The same page with the newest numbers, relative to the root.
    pub newest: String,
}

/// Which numbers a set of pages shows: the merged series, or one edition as published.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// The data the pages show.
    pub dataset: &'a Dataset,
    /// Where the pages live: `""` for the merged series, `utgaver/<slug>/` for an edition.
    pub prefix: &'a str,
    /// The edition, when the pages show one archived edition.
    pub edition: Option<&'a Edition>,
}

impl Scope<'_> {
    /// The path of a page of this scope, relative to the site's root.
    pub fn path(&self, page: &str) -> String {
        format!("{}{page}", self.prefix)
    }
}

/// The folder of the archived editions, each in a folder of its own.
pub const EDITIONS_DIR: &str = "utgaver/";

/// The path of an edition's folder.
pub fn edition_prefix(edition: &Edition) -> String {
    format!("{EDITIONS_DIR}{}/", edition.slug())
}

/// Whether a path is in an archived edition's folder (the archive's own index is not).
pub fn in_edition(path: &str) -> bool {
    path.strip_prefix(EDITIONS_DIR)
        .is_some_and(|rest| rest.contains('/'))
}

/// The path of a measure group's page.
pub fn measure_path(slug: &str) -> String {
    format!("tiltaksgrupper/{slug}.html")
}

/// The path of a county's page.
pub fn county_path(area: &Area) -> String {
    format!("fylker/{}.html", area.slug())
}

/// The path of a Markdown page.
pub fn page_path(slug: &str) -> String {
    format!("om/{slug}.html")
}

/// Areas that get a page of their own: the counties, and labels the program does not know.
pub fn has_page(area: &Area) -> bool {
    matches!(area, Area::County(_) | Area::Other(_))
}

impl Site {
    /// Builds the navigation from what the data holds.
    pub fn new(loaded: &Loaded, base_url: Option<&str>) -> Site {
        let dataset = &loaded.dataset;
        let link = |href: String, label: &str| NavLink {
            href,
            label: label.to_string(),
            current: false,
        };
        let mut about = vec![link("om/index.html".into(), "Om statistikken")];
        about.extend(
            loaded
                .pages
                .iter()
                .map(|p| link(page_path(&p.slug), &p.title)),
        );
        about.push(link("utgaver/index.html".into(), "Utgaver"));
        about.push(link("revisjoner.html".into(), "Revisjoner"));
        about.push(link("datakvalitet.html".into(), "Datakvalitet"));
        let sections = vec![
            NavSection {
                title: "Oversikt",
                links: vec![
                    link("index.html".into(), "Forside"),
                    link("fylker/index.html".into(), "Alle fylker"),
                ],
            },
            NavSection {
                title: "Tiltaksgrupper",
                links: dataset
                    .measure_groups()
                    .into_iter()
                    .map(|m| link(measure_path(m.slug()), m.name()))
                    .collect(),
            },
            NavSection {
                title: "Fylker",
                links: dataset
                    .areas()
                    .iter()
                    .filter(|a| has_page(a))
                    .map(|a| link(county_path(a), &a.name_with_years()))
                    .collect(),
            },
            NavSection {
                title: "Om",
                links: about,
            },
        ];
        let base_url = base_url.map(|u| {
            if u.ends_with('/') {
                u.to_string()
            } else {
                format!("{u}/")
            }
        });
        let updated = dataset
            .latest_month()
            .map(|m| m.long_label().to_lowercase())
            .unwrap_or_default();
        Site {
            sections,
            base_url,
            updated,
        }
    }

    /// The layout of the page at `path` (relative to the root, e.g. `fylker/oslo.html`).
    pub fn layout(
        &self,
        path: &str,
        title: impl Into<String>,
        description: impl Into<String>,
    ) -> Layout {
        let depth = path.matches('/').count();
        let nav = self
            .sections
            .iter()
            .map(|s| NavSection {
                title: s.title,
                links: s
                    .links
                    .iter()
                    .map(|l| NavLink {
                        current: l.href == path,
                        ..l.clone()
                    })
                    .collect(),
            })
            .collect();
        let canonical = self
            .base_url
            .as_ref()
            .map(|base| format!("{base}{}", path.strip_suffix("index.html").unwrap_or(path)));
        Layout {
            title: title.into(),
            description: description.into(),
            root: "../".repeat(depth),
            nav,
            canonical,
            updated: self.updated.clone(),
            archived: None,
            image: None,
        }
    }

    /// The layout of a page of `scope`, with the archive banner when it shows an edition.
    pub fn scoped(
        &self,
        scope: &Scope,
        page: &str,
        title: impl Into<String>,
        description: impl Into<String>,
    ) -> Layout {
        let path = scope.path(page);
        let mut layout = self.layout(&path, title, description);
        if let Some(edition) = scope.edition {
            layout.archived = Some(Archived {
                period: edition.period.display(),
                file: edition.file.clone(),
                newest: page.to_string(),
            });
            // An archived page is not the canonical home of its numbers, and its numbers go
            // as far as its own period (which also keeps its pages unchanged when a newer
            // report arrives).
            layout.canonical = None;
            layout.updated = edition.period.end.long_label().to_lowercase();
        }
        layout
    }

    /// The layout of the 404 page, which GitHub Pages serves at any depth: its links must be
    /// absolute, so they use the site's address when it is known.
    pub fn not_found_layout(&self) -> Layout {
        let mut layout = self.layout("404.html", "Fant ikke siden", "Siden finnes ikke.");
        if let Some(base) = &self.base_url {
            layout.root = base.clone();
        }
        layout.canonical = None;
        layout
    }

    /// The link preview of the page at `path`, showing `alt`; none when the site's address
    /// is not known, as `og:image` must be absolute.
    pub fn image(&self, path: &str, alt: impl Into<String>) -> Option<Image> {
        let base = self.base_url.as_ref()?;
        Some(Image {
            url: format!("{base}{}", super::preview::path(path)),
            alt: alt.into(),
            width: super::preview::WIDTH,
            height: super::preview::HEIGHT,
        })
    }

    /// The site's address, when known.
    pub fn base_url(&self) -> Option<&str> {
        self.base_url.as_deref()
    }
}
