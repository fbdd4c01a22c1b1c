//! The dimensions every observation is indexed by: measure group, main group, area and month.
//!
//! Reports spell these loosely (`avklarings tiltak`, three spellings of one Sami county name);
//! everything downstream works with the canonical values defined here, so that spelling
//! variants can never split one series into two.

mod area;
mod classification;
mod group;
mod month;

pub use area::{Area, County, Label};
pub use classification::{Classification, Title};
pub use group::{MainGroup, MeasureGroup};
pub use month::{Month, Period, MONTH_NAMES};

/// Folds a label for loose comparison: lower case, letters and digits only.
///
/// Titles in the reports differ in spacing, commas and case (`Arbeidssøkere på tiltak,` /
/// `avklarings tiltak`), but never in their letters, so comparing folded letters is both
/// lenient enough and strict enough.
pub fn fold(label: &str) -> String {
    label
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether two labels fold to the same letters ([`fold`]), without allocating: the parser
/// compares every head line of every table with a few known texts.
pub fn folded_eq(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        let mut a = a
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase());
        let mut b = b
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase());
        return loop {
            match (a.next(), b.next()) {
                (None, None) => break true,
                (x, y) if x == y => continue,
                _ => break false,
            }
        };
    }
    let mut a = a
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase);
    let mut b = b
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase);
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (x, y) if x == y => continue,
            _ => return false,
        }
    }
}

/// Turns a Norwegian name into a path-safe ASCII slug (`Møre og Romsdal` → `more-og-romsdal`).
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        let mapped: &str = match c {
            'æ' => "ae",
            'ø' | 'ö' => "o",
            'å' | 'á' | 'â' | 'ä' => "a",
            'é' | 'è' => "e",
            c if c.is_ascii_alphanumeric() => {
                if dash && !slug.is_empty() {
                    slug.push('-');
                }
                dash = false;
                slug.push(c);
                continue;
            }
            _ => {
                dash = true;
                continue;
            }
        };
        if dash && !slug.is_empty() {
            slug.push('-');
        }
        dash = false;
        slug.push_str(mapped);
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_case_spaces_and_punctuation() {
        assert_eq!(
            fold("Arbeidssøkere på tiltak, avklarings tiltak"),
            fold("arbeidssøkere på tiltak avklaringstiltak")
        );
        assert_ne!(fold("Tilrettelagt arbeid"), fold("Tilrettelegging"));
    }

    #[test]
    fn folded_comparison_agrees_with_fold() {
        for (a, b) in [
            ("Om tabellene", "om  tabellene"),
            (
                "Fylke, hovedgrupper og tiltaksgrupper",
                "fylke hovedgrupper og tiltaksgrupper",
            ),
            ("Øvrige områder", "øvrige OMRÅDER"),
            ("Avklaringstiltak", "Oppfølging"),
            ("abc", "abcd"),
            ("", ""),
        ] {
            assert_eq!(folded_eq(a, b), fold(a) == fold(b), "{a:?} {b:?}");
        }
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slugify("Møre og Romsdal"), "more-og-romsdal");
        assert_eq!(slugify("Øvrige områder"), "ovrige-omrader");
        assert_eq!(slugify("Opplæring"), "opplaering");
        assert_eq!(
            slugify("  Troms og Finnmark – Romsa ja Finnmárku "),
            "troms-og-finnmark-romsa-ja-finnmarku"
        );
    }
}
