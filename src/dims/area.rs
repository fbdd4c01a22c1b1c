use super::fold;
use serde::Serialize;
use std::fmt;

/// A Norwegian county (fylke) as of the 2020 reform or the 2024 reform.
///
/// The reports name counties loosely (Sami names after ` - `, mangled by the export); a
/// county's identity is its Norwegian name, the part before the dash.
#[derive(Debug, PartialEq, Eq)]
pub struct County {
    /// The two-digit county number (`18`).
    pub code: &'static str,
    /// The canonical Norwegian name (`Nordland`), used as the county's key.
    pub name: &'static str,
    /// The official display name, with the Sami name where there is one (`Nordland – Nordlánnda`).
    pub display_name: &'static str,
    /// The first year the county existed in this form.
    pub from_year: i32,
    /// The last year the county existed in this form, if it no longer does.
    pub until_year: Option<i32>,
    /// How the county came about or ended, for the county's page.
    pub history: &'static str,
}

const fn county(
    code: &'static str,
    name: &'static str,
    display_name: &'static str,
    from_year: i32,
    until_year: Option<i32>,
    history: &'static str,
) -> County {
    County {
        code,
        name,
        display_name,
        from_year,
        until_year,
        history,
    }
}

const SINCE_2020: &str = "";

/// Every county the program knows, ordered by county number.
pub static COUNTIES: [County; 18] = [
    county("03", "Oslo", "Oslo", 2020, None, SINCE_2020),
    county("11", "Rogaland", "Rogaland", 2020, None, SINCE_2020),
    county(
        "15",
        "Møre og Romsdal",
        "Møre og Romsdal",
        2020,
        None,
        SINCE_2020,
    ),
    county(
        "18",
        "Nordland",
        "Nordland – Nordlánnda",
        2020,
        None,
        SINCE_2020,
    ),
    county(
        "30",
        "Viken",
        "Viken",
        2020,
        Some(2023),
        "Viken ble delt i Østfold, Akershus og Buskerud 1. januar 2024.",
    ),
    county(
        "31",
        "Østfold",
        "Østfold",
        2024,
        None,
        "Opprettet 1. januar 2024, da Viken ble delt.",
    ),
    county(
        "32",
        "Akershus",
        "Akershus",
        2024,
        None,
        "Opprettet 1. januar 2024, da Viken ble delt.",
    ),
    county(
        "33",
        "Buskerud",
        "Buskerud",
        2024,
        None,
        "Opprettet 1. januar 2024, da Viken ble delt.",
    ),
    county("34", "Innlandet", "Innlandet", 2020, None, SINCE_2020),
    county(
        "38",
        "Vestfold og Telemark",
        "Vestfold og Telemark",
        2020,
        Some(2023),
        "Vestfold og Telemark ble delt i Vestfold og Telemark 1. januar 2024.",
    ),
    county(
        "39",
        "Vestfold",
        "Vestfold",
        2024,
        None,
        "Opprettet 1. januar 2024, da Vestfold og Telemark ble delt.",
    ),
    county(
        "40",
        "Telemark",
        "Telemark",
        2024,
        None,
        "Opprettet 1. januar 2024, da Vestfold og Telemark ble delt.",
    ),
    county("42", "Agder", "Agder", 2020, None, SINCE_2020),
    county("46", "Vestland", "Vestland", 2020, None, SINCE_2020),
    county(
        "50",
        "Trøndelag",
        "Trøndelag – Trööndelage",
        2020,
        None,
        SINCE_2020,
    ),
    county(
        "54",
        "Troms og Finnmark",
        "Troms og Finnmark – Romsa ja Finnmárku",
        2020,
        Some(2023),
        "Troms og Finnmark ble delt i Troms og Finnmark 1. januar 2024.",
    ),
    county(
        "55",
        "Troms",
        "Troms – Romsa – Tromssa",
        2024,
        None,
        "Opprettet 1. januar 2024, da Troms og Finnmark ble delt.",
    ),
    county(
        "56",
        "Finnmark",
        "Finnmark – Finnmárku – Finmarkku",
        2024,
        None,
        "Opprettet 1. januar 2024, da Troms og Finnmark ble delt.",
    ),
];

/// The geographic unit of a table row.
///
/// `Total` is the `I alt` row; `Other` keeps a label the program does not know as a series of
/// its own, so that no number in a report is ever dropped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    /// The `I alt` row: the whole country.
    Total,
    /// A known county, by index into [`COUNTIES`].
    County(u8),
    /// `Øvrige områder`: participants registered outside the counties.
    Elsewhere,
    /// `Ukjent`: participants whose county is unknown.
    Unknown,
    /// A label the program does not recognise, kept as written (trimmed).
    Other(String),
}

impl Area {
    /// Recognises a row label. `I alt …` is the total; a county is matched on the part
    /// before ` - ` or ` – `, ignoring case and spacing, so every mangled Sami spelling lands
    /// on its county.
    pub fn from_label(label: &str) -> Area {
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
            return Area::Total;
        }
        match folded.as_str() {
            "øvrigeområder" => return Area::Elsewhere,
            "ukjent" => return Area::Unknown,
            _ => {}
        }
        match folded_county_names().iter().position(|c| *c == folded) {
            Some(index) => Area::County(index as u8),
            None => Area::Other(label.to_string()),
        }
    }

    /// The county, when this area is one.
    pub fn county(&self) -> Option<&'static County> {
        match self {
            Area::County(index) => COUNTIES.get(usize::from(*index)),
            _ => None,
        }
    }

    /// The canonical name: the county's Norwegian name, or `I alt`, `Øvrige områder`, `Ukjent`.
    pub fn name(&self) -> &str {
        match self {
            Area::Total => "I alt",
            Area::County(_) => self.county().map_or("", |c| c.name),
            Area::Elsewhere => "Øvrige områder",
            Area::Unknown => "Ukjent",
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

/// The counties' names folded once, as every row of every report is matched against them.
fn folded_county_names() -> &'static [String] {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| COUNTIES.iter().map(|c| fold(c.name)).collect())
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
