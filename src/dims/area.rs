use super::fold;
use serde::Serialize;
use std::fmt;

/// A Norwegian county (fylke): a code valid for a span of years.
///
/// Counties come from the classification (`classification/tiltak.toml`, extended by the
/// publisher's `tiltak.toml`), never from code. A county's identity is its code: Østfold 01
/// (until 2019) and Østfold 31 (from 2024) are two counties with one name.
#[derive(Debug)]
pub struct County {
    /// The two-digit county number (`18`).
    pub code: &'static str,
    /// The Norwegian name, the part of a label before the dash (`Nordland`).
    pub name: &'static str,
    /// The official display name, with the Sami name where there is one (`Nordland – Nordlánnda`).
    pub display_name: &'static str,
    /// The first year the county existed in this form; `None` when that is before any report.
    pub from_year: Option<i32>,
    /// The last year the county existed in this form, if it no longer does.
    pub until_year: Option<i32>,
    /// How the county came about or ended, for the county's page.
    pub history: &'static str,
    /// The codes of the counties whose area this county took over.
    pub formed_from: &'static [&'static str],
    /// The path-safe identifier of the county's page.
    pub slug: &'static str,
}

impl County {
    /// Whether the county existed (in this form) in `year`.
    pub fn exists_in(&self, year: i32) -> bool {
        self.from_year.is_none_or(|from| from <= year)
            && self.until_year.is_none_or(|until| year <= until)
    }

    /// How many years `year` lies outside the county's span; 0 inside it.
    pub fn distance(&self, year: i32) -> i32 {
        match (self.from_year, self.until_year) {
            (Some(from), _) if year < from => from - year,
            (_, Some(until)) if year > until => year - until,
            _ => 0,
        }
    }

    /// The years of the county as a reader sees them: `t.o.m. 2019`, `2020–2023`, `fra 2024`,
    /// or nothing for a county that has existed throughout.
    pub fn years(&self) -> String {
        match (self.from_year, self.until_year) {
            (None, None) => String::new(),
            (None, Some(until)) => format!("t.o.m. {until}"),
            (Some(from), None) => format!("fra {from}"),
            (Some(from), Some(until)) => format!("{from}–{until}"),
        }
    }

    /// The name with the years when the county has not existed throughout:
    /// `Østfold (t.o.m. 2019)`, `Oslo`.
    pub fn name_with_years(&self) -> String {
        let years = self.years();
        if years.is_empty() {
            self.name.to_string()
        } else {
            format!("{} ({years})", self.name)
        }
    }
}

// A code names one county: equality, order and hashing go by the code.
impl PartialEq for County {
    fn eq(&self, other: &County) -> bool {
        self.code == other.code
    }
}

impl Eq for County {}

impl PartialOrd for County {
    fn partial_cmp(&self, other: &County) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for County {
    fn cmp(&self, other: &County) -> std::cmp::Ordering {
        self.code.cmp(other.code)
    }
}

impl std::hash::Hash for County {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.code.hash(state);
    }
}

/// The geographic unit of a table row.
///
/// `Total` is the `I alt` row; `Other` keeps a label the program does not know as a series of
/// its own, so that no number in a report is ever dropped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    /// The `I alt` row: the whole country.
    Total,
    /// A county of the classification, as valid in the row's month.
    County(&'static County),
    /// `Øvrige områder`: participants registered outside the counties.
    Elsewhere,
    /// `Ukjent`: participants whose county is unknown.
    Unknown,
    /// `Øvrige områder og ukjent`: the two above in one row, as some reports give them.
    ElsewhereOrUnknown,
    /// A label the program does not recognise, kept as written (trimmed).
    Other(String),
}

/// What a row label names, before the month decides between counties of one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    /// An area that is the same in every month (`I alt`, `Ukjent`, an unknown label).
    Fixed(Area),
    /// The counties of the label's name, oldest first (`Østfold`: 01, then 31).
    Counties(Vec<&'static County>),
}

impl Label {
    /// Recognises a row label against a classification's counties. `I alt …` is the total;
    /// a county is matched on the part before ` - ` or ` – `, ignoring case and spacing, so
    /// every mangled Sami spelling lands on its county.
    pub fn read(label: &str, classification: &super::Classification) -> Label {
        let label = label.trim();
        // The Norwegian name is the part before a free-standing dash.
        let name = match label.find([' ', '\u{a0}']).and_then(|_| dash_at(label)) {
            Some(at) => label.get(..at).unwrap_or(label),
            None => label,
        };
        let folded = fold(name);
        if folded.starts_with("ialt")
            && label
                .get(..5)
                .is_some_and(|p| p.eq_ignore_ascii_case("i alt"))
        {
            return Label::Fixed(Area::Total);
        }
        match folded.as_str() {
            "øvrigeområder" => return Label::Fixed(Area::Elsewhere),
            "ukjent" => return Label::Fixed(Area::Unknown),
            "øvrigeområderogukjent" => return Label::Fixed(Area::ElsewhereOrUnknown),
            _ => {}
        }
        match classification.counties_named(&folded) {
            [] => Label::Fixed(Area::Other(label.to_string())),
            counties => Label::Counties(counties.to_vec()),
        }
    }

    /// The area the label means in `year`, and whether it existed then. A county name with no
    /// county in that year means the county of that name nearest in time (the later one on a
    /// tie), so the cell keeps a code; the caller warns that it did not exist.
    pub fn in_year(&self, year: i32) -> (Area, bool) {
        match self {
            Label::Fixed(area) => (area.clone(), true),
            Label::Counties(counties) => {
                let nearest = counties
                    .iter()
                    .rev()
                    .min_by_key(|c| c.distance(year))
                    .expect("a county label names at least one county");
                (Area::County(nearest), nearest.exists_in(year))
            }
        }
    }

    /// The area in the latest year it names: the county of the name that exists now.
    pub fn latest(&self) -> Area {
        self.in_year(i32::MAX).0
    }
}

impl Area {
    /// Recognises a row label against the standard classification, taking the latest county
    /// of a name (`Østfold` is 31): for labels with no month to decide by.
    pub fn from_label(label: &str) -> Area {
        Label::read(label, super::Classification::standard()).latest()
    }

    /// The county, when this area is one.
    pub fn county(&self) -> Option<&'static County> {
        match self {
            Area::County(county) => Some(county),
            _ => None,
        }
    }

    /// The canonical name: the county's Norwegian name, or `I alt`, `Øvrige områder`, `Ukjent`.
    pub fn name(&self) -> &str {
        match self {
            Area::Total => "I alt",
            Area::County(county) => county.name,
            Area::Elsewhere => "Øvrige områder",
            Area::Unknown => "Ukjent",
            Area::ElsewhereOrUnknown => "Øvrige områder og ukjent",
            Area::Other(label) => label,
        }
    }

    /// The name a reader sees: the official display name for counties.
    pub fn display_name(&self) -> &str {
        match self.county() {
            Some(c) => c.display_name,
            None => self.name(),
        }
    }

    /// The name with the county's years, where a county did not exist throughout
    /// (`Østfold (t.o.m. 2019)`), for lists where two counties share a name.
    pub fn name_with_years(&self) -> String {
        match self.county() {
            Some(c) => c.name_with_years(),
            None => self.name().to_string(),
        }
    }

    /// The two-digit county number, or `""` for areas that are not counties.
    pub fn code(&self) -> &'static str {
        self.county().map_or("", |c| c.code)
    }

    /// A path-safe identifier for the area's page.
    ///
    /// A label the program does not know gets a suffix made from its exact spelling, so that
    /// two labels that differ only in case or punctuation (`Svalbard`, `SVALBARD`) never
    /// share a page.
    pub fn slug(&self) -> String {
        match self {
            Area::Other(label) => format!("annet-{}-{:08x}", super::slugify(label), fnv1a(label)),
            Area::County(county) => county.slug.to_string(),
            _ => super::slugify(self.name()),
        }
    }

    /// Whether this is a geographic part of the total (every row but `I alt`).
    pub fn is_part(&self) -> bool {
        !matches!(self, Area::Total)
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Area {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// FNV-1a, 32 bits: a stable fingerprint of a label for its page's address (the same on
/// every platform and compiler, unlike the standard library's hasher).
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

/// The byte offset of the first free-standing dash (` - `, ` – `, ` — `) in a label.
///
/// The offset is taken from where the word lies in the label, not added up from word
/// lengths and separators: a no-break space is two bytes, so counting each separator as one
/// would land inside a character or cut the name short.
fn dash_at(label: &str) -> Option<usize> {
    label
        .split([' ', '\u{a0}'])
        .find(|word| matches!(*word, "-" | "–" | "—"))
        .map(|dash| dash.as_ptr() as usize - label.as_ptr() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(label: &str) -> String {
        Area::from_label(label).name().to_string()
    }

    #[test]
    fn mangled_sami_spellings_land_on_one_county() {
        for label in [
            "Nordland - Nordlånnda",
            "Nordland - Nordlândia",
            "Nordland – Nordlánnda",
            "NORDLAND",
        ] {
            assert_eq!(name(label), "Nordland", "{label}");
        }
        for label in ["Trøndelag - Tröndelage", "Trøndelag - Trööndelage"] {
            assert_eq!(name(label), "Trøndelag", "{label}");
        }
        for label in [
            "Troms og Finnmark - Romsa ja Finnmarku",
            "Troms og Finnmark - Romsa ja Finnmárku",
        ] {
            assert_eq!(name(label), "Troms og Finnmark", "{label}");
            assert_eq!(Area::from_label(label).code(), "54");
        }
    }

    #[test]
    fn the_year_decides_between_counties_of_one_name() {
        let standard = super::super::Classification::standard();
        let at = |label: &str, year: i32| {
            let (area, existed) = Label::read(label, standard).in_year(year);
            (area.code(), existed)
        };
        assert_eq!(at("Østfold", 2019), ("01", true));
        assert_eq!(at("Østfold", 2024), ("31", true));
        assert_eq!(at("Troms - Romsa", 2011), ("19", true));
        assert_eq!(at("Troms - Romsa - Tromssa", 2025), ("55", true));
        assert_eq!(at("Sør-Trøndelag", 2017), ("16", true));
        assert_eq!(at("Trøndelag - Trööndelage", 2018), ("50", true));
        // A name with no county in the year means the nearest in time, and says so.
        assert_eq!(at("Hedmark", 2022), ("04", false));
        assert_eq!(at("Viken", 2019), ("30", false));
        assert_eq!(at("Østfold", 2021), ("01", false));
        assert_eq!(at("Østfold", 2022), ("31", false));
        assert_eq!(at("Oslo", 2011), ("03", true));
    }

    #[test]
    fn a_no_break_space_before_the_dash_keeps_the_whole_name() {
        // Each no-break space is two bytes in UTF-8; the name before the dash stays whole.
        for label in [
            "Nordland\u{a0}- Nordlånnda",
            "Nordland\u{a0}-\u{a0}Nordlånnda",
            "Møre og\u{a0}Romsdal\u{a0}- x",
            "Møre\u{a0}og\u{a0}Romsdal - x",
        ] {
            assert!(
                matches!(Area::from_label(label), Area::County(_)),
                "{label:?}: {:?}",
                Area::from_label(label)
            );
        }
        assert_eq!(name("Møre og\u{a0}Romsdal\u{a0}- x"), "Møre og Romsdal");
        assert_eq!(dash_at("Nordland\u{a0}- N"), Some("Nordland\u{a0}".len()));
        assert_eq!(
            dash_at("æ\u{a0}ø\u{a0}–\u{a0}å"),
            Some("æ\u{a0}ø\u{a0}".len())
        );
        assert_eq!(dash_at("Nordland-Nordlánnda"), None);
    }

    #[test]
    fn special_rows_keep_their_names() {
        assert_eq!(Area::from_label("I alt avklaringstiltak"), Area::Total);
        assert_eq!(Area::from_label("Øvrige områder"), Area::Elsewhere);
        assert_eq!(Area::from_label("Ukjent"), Area::Unknown);
    }

    #[test]
    fn the_2024_counties_are_known() {
        assert_eq!(Area::from_label("Akershus").code(), "32");
        assert_eq!(Area::from_label("Troms - Romsa - Tromssa").code(), "55");
        assert_eq!(
            Area::from_label("Finnmark - Finnmárku - Finmarkku").code(),
            "56"
        );
        assert_eq!(Area::from_label("Vestfold").code(), "39");
        assert_eq!(Area::from_label("Vestfold og Telemark").code(), "38");
    }

    #[test]
    fn unknown_labels_get_pages_of_their_own() {
        let (a, b) = (Area::from_label("Svalbard"), Area::from_label("SVALBARD"));
        assert_ne!(a.slug(), b.slug());
        assert!(a.slug().starts_with("annet-svalbard-"), "{}", a.slug());
        assert_eq!(
            a.slug(),
            Area::from_label("Svalbard").slug(),
            "the same label, the same page"
        );
        assert_eq!(Area::from_label("Nordland - Nordlånnda").slug(), "nordland");
    }

    #[test]
    fn unknown_labels_are_kept() {
        assert_eq!(
            Area::from_label("  Svalbard "),
            Area::Other("Svalbard".into())
        );
        // A county name followed by something that is not a dash-separated Sami name is not that county.
        assert!(matches!(Area::from_label("Nordlandsbanen"), Area::Other(_)));
    }
}
