//! The classification every report is read with, as data: counties with the years they were
//! valid, measure groups and main groups with the names they went by, and the report family
//! accepted. The standard table is `classification/tiltak.toml`,
//! embedded in the program; a publisher extends it with `tiltak.toml` in the content folder.

use super::area::County;
use super::group::{intern as intern_group, unknown_name, MainGroup, MeasureGroup};
use super::{fold, folded_eq};
use crate::diagnostic::{Diagnostic, Kind};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// The standard classification's text, embedded in the program.
const STANDARD: &str = include_str!("../../classification/tiltak.toml");

/// The file's tables. Unknown keys are ignored, so the publisher's settings file can hold
/// other settings too.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct File {
    report_titles: Vec<String>,
    county: Vec<CountyEntry>,
    moved_municipalities: Option<String>,
    measure_group: Vec<GroupEntry>,
    main_group: Vec<GroupEntry>,
    /// Other names of known groups: `"Arbeidsmarkedsopplæring (AMO)" = "Opplæring"`.
    aliases: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
struct GroupEntry {
    name: String,
    short_name: Option<String>,
    slug: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    note: String,
}

/// What a folded name or alias stands for.
#[derive(Debug, Clone, Copy)]
enum Named {
    Measure(MeasureGroup),
    Main(MainGroup),
}

/// A table title read against the classification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// The main group ([`MainGroup::ALLE`] when the title names none).
    pub main_group: MainGroup,
    /// The measure group.
    pub measure_group: MeasureGroup,
}

#[derive(Debug, Deserialize)]
struct CountyEntry {
    code: String,
    name: String,
    slug: Option<String>,
    display_name: Option<String>,
    from: Option<i32>,
    until: Option<i32>,
    #[serde(default)]
    history: String,
    #[serde(default)]
    formed_from: Vec<String>,
}

/// Counties, report titles and notes, read from the standard table and the publisher's.
#[derive(Debug, Clone)]
pub struct Classification {
    /// Every county, ordered by code.
    counties: Vec<&'static County>,
    /// The counties of each folded name, oldest first.
    by_name: HashMap<String, Vec<&'static County>>,
    /// What a report's own title must begin with.
    report_titles: Vec<String>,
    /// The note on municipalities that moved between counties, for the comparable regions.
    moved_municipalities: String,
    /// The measure groups, in the classification's order.
    measure_groups: Vec<MeasureGroup>,
    /// The main groups that add up to all participants, in the classification's order.
    main_groups: Vec<MainGroup>,
    /// Every name, alias and slug of a group, folded, with the group.
    names: Vec<(String, Named)>,
}

impl Classification {
    /// The standard classification, read once.
    pub fn standard() -> &'static Classification {
        static STANDARD_CLASSIFICATION: OnceLock<Classification> = OnceLock::new();
        STANDARD_CLASSIFICATION.get_or_init(|| {
            let mut classification = Classification::empty();
            let file = toml::from_str::<File>(STANDARD)
                .expect("the embedded classification is valid (a unit test reads it)");
            classification.add(file);
            classification
        })
    }

    fn empty() -> Classification {
        Classification {
            counties: Vec::new(),
            by_name: HashMap::new(),
            report_titles: Vec::new(),
            moved_municipalities: String::new(),
            measure_groups: Vec::new(),
            main_groups: Vec::new(),
            names: Vec::new(),
        }
    }

    /// This classification with the tables of `text` (the publisher's file named `file`)
    /// added: new counties, report titles. A county with a code already known replaces it.
    pub fn extended(&self, text: &str, file: &str) -> Result<Classification, Diagnostic> {
        let parsed: File = toml::from_str(text).map_err(|e| {
            let (line, col) = e
                .span()
                .map(|span| line_and_col(text, span.start))
                .unwrap_or((0, 0));
            Diagnostic::error(Kind::BadSettings, file, line, col, e.message().to_string())
                .expected("the tables of `classification/tiltak.toml`: [[county]] with code, name, from, until")
        })?;
        let mut classification = self.clone();
        let unknown: Vec<(String, String)> = parsed
            .aliases
            .iter()
            .filter(|(_, target)| {
                let target = fold(target);
                !classification.names.iter().any(|(n, _)| *n == target)
                    && !parsed
                        .measure_group
                        .iter()
                        .chain(&parsed.main_group)
                        .any(|g| fold(&g.name) == target)
            })
            .map(|(a, t)| (a.clone(), t.clone()))
            .collect();
        if let Some((alias, target)) = unknown.first() {
            let at = text.find(alias.as_str()).unwrap_or(0);
            let (line, col) = line_and_col(text, at);
            return Err(Diagnostic::error(
                Kind::BadSettings,
                file,
                line,
                col,
                format!("the alias `{alias}` is for `{target}`, which is no group this program knows"),
            )
            .expected("an alias for a measure group or main group of the classification, such as `\"Arbeidsmarkedsopplæring (AMO)\" = \"Opplæring\"`"));
        }
        classification.add(parsed);
        Ok(classification)
    }

    fn add(&mut self, file: File) {
        for entry in file.measure_group {
            let group = match self.named(&entry.name) {
                Some(Named::Measure(group)) => group,
                _ => {
                    let group = MeasureGroup(intern_entry(self.measure_groups.len(), &entry));
                    self.measure_groups.push(group);
                    group
                }
            };
            self.add_names(&entry, Named::Measure(group));
        }
        for entry in file.main_group {
            let group = match self.named(&entry.name) {
                Some(Named::Main(group)) => group,
                _ => {
                    let group = MainGroup(intern_entry(self.main_groups.len(), &entry));
                    self.main_groups.push(group);
                    group
                }
            };
            self.add_names(&entry, Named::Main(group));
        }
        for (alias, target) in file.aliases {
            if let Some(named) = self.named(&target) {
                self.names.push((fold(&alias), named));
            }
        }
        for entry in file.county {
            let county = intern(entry);
            self.counties.retain(|c| c.code != county.code);
            self.counties.push(county);
        }
        self.counties.sort();
        self.by_name.clear();
        for county in &self.counties {
            self.by_name
                .entry(fold(county.name))
                .or_default()
                .push(county);
        }
        for counties in self.by_name.values_mut() {
            counties.sort_by_key(|c| (c.from_year.unwrap_or(i32::MIN), c.code));
        }
        self.report_titles.extend(file.report_titles);
        if let Some(note) = file.moved_municipalities {
            self.moved_municipalities = note;
        }
    }

    /// The group a name, alias or slug stands for.
    fn named(&self, name: &str) -> Option<Named> {
        self.names
            .iter()
            .find(|(n, _)| folded_eq(n, name))
            .map(|(_, named)| *named)
    }

    fn add_names(&mut self, entry: &GroupEntry, named: Named) {
        let slug = match named {
            Named::Measure(g) => g.slug(),
            Named::Main(g) => g.slug(),
        };
        for name in std::iter::once(&entry.name)
            .chain(&entry.aliases)
            .map(String::as_str)
            .chain([slug])
        {
            self.names.push((fold(name), named));
        }
    }

    /// The measure groups, in the classification's order.
    pub fn measure_groups(&self) -> &[MeasureGroup] {
        &self.measure_groups
    }

    /// The main groups that add up to all participants, in the classification's order.
    pub fn main_groups(&self) -> &[MainGroup] {
        &self.main_groups
    }

    /// Recognises a measure group in a loosely spelled title fragment (`avklarings tiltak`),
    /// by name, alias or slug, comparing folded letters.
    pub fn measure_group(&self, fragment: &str) -> Option<MeasureGroup> {
        match self.named(fragment) {
            Some(Named::Measure(group)) => Some(group),
            _ => None,
        }
    }

    /// Splits a table title into the main group its beginning names (by name or alias) and
    /// the rest: `Arbeidssøkere på tiltak, avklarings tiltak` gives the group and
    /// `avklarings tiltak`. A title that begins with no main group is about all participants.
    pub fn split_title<'t>(&self, title: &'t str) -> (MainGroup, &'t str) {
        let mut best: Option<(MainGroup, usize)> = None;
        for (name, named) in &self.names {
            let Named::Main(group) = named else { continue };
            if let Some(rest_at) = after_folded_prefix(title, name) {
                if best.is_none_or(|(_, at)| rest_at > at) {
                    best = Some((*group, rest_at));
                }
            }
        }
        match best {
            Some((group, at)) => (
                group,
                title[at..].trim_start_matches(|c: char| !c.is_alphanumeric()),
            ),
            None => (MainGroup::ALLE, title),
        }
    }

    /// Reads a table title: its main group and measure group. A group the classification
    /// does not know becomes a group of its own, named as the title names it; the second
    /// value lists what was unknown (`main group`, `measure group`) with its name.
    pub fn read_title(&self, title: &str) -> (Title, Vec<(&'static str, String)>) {
        let (main_group, rest) = self.split_title(title);
        if let Some(measure_group) = self.measure_group(rest) {
            let title = Title {
                main_group,
                measure_group,
            };
            return (title, Vec::new());
        }
        let mut unknown = Vec::new();
        // With no known main group at its start, a title whose end after a comma names a
        // known measure group begins with a main group this program does not know.
        let mut main_group = main_group;
        let mut rest = rest;
        if !main_group.is_part() {
            let split = title
                .match_indices(',')
                .map(|(at, _)| at)
                .find(|at| self.measure_group(&title[at + 1..]).is_some());
            if let Some(at) = split {
                let name = unknown_name(&title[..at]);
                main_group = MainGroup(intern_group(None, &name, None, None, ""));
                unknown.push(("main group", name));
                rest = &title[at + 1..];
            }
        }
        let measure_group = match self.measure_group(rest) {
            Some(group) => group,
            None => {
                let name = unknown_name(rest);
                unknown.push(("measure group", name.clone()));
                MeasureGroup(intern_group(None, &name, None, None, ""))
            }
        };
        let title = Title {
            main_group,
            measure_group,
        };
        (title, unknown)
    }

    /// Every county, ordered by code.
    pub fn counties(&self) -> &[&'static County] {
        &self.counties
    }

    /// The county with a code.
    pub fn county(&self, code: &str) -> Option<&'static County> {
        self.counties.iter().copied().find(|c| c.code == code)
    }

    /// The counties whose folded name is `folded`, oldest first.
    pub fn counties_named(&self, folded: &str) -> &[&'static County] {
        self.by_name.get(folded).map_or(&[], Vec::as_slice)
    }

    /// Whether a report's own title belongs to the family of reports this program reads.
    pub fn accepts_title(&self, title: &str) -> bool {
        let title = fold(title);
        self.report_titles
            .iter()
            .any(|accepted| title.starts_with(&fold(accepted)))
    }

    /// The titles a report's own title may begin with.
    pub fn report_titles(&self) -> &[String] {
        &self.report_titles
    }

    /// The note naming the municipalities that moved between counties.
    pub fn moved_municipalities(&self) -> &str {
        &self.moved_municipalities
    }
}

/// Where the rest of `title` begins when its letters and digits begin with `folded`, the
/// folded letters of a name; `None` when they do not.
fn after_folded_prefix(title: &str, folded: &str) -> Option<usize> {
    if folded.is_empty() {
        return None;
    }
    let mut prefix = folded.chars().peekable();
    for (at, c) in title.char_indices() {
        if prefix.peek().is_none() {
            // The name must end at a word's end: `Andre` is no prefix of `Andreas`.
            return (!c.is_alphanumeric()).then_some(at);
        }
        if c.is_alphanumeric() && !c.to_lowercase().all(|l| prefix.next() == Some(l)) {
            return None;
        }
    }
    prefix.peek().is_none().then_some(title.len())
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_and_col(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Makes a county of an entry, once per distinct definition for the life of the process: a
/// classification has a few dozen counties, and areas refer to them by `&'static`.
fn intern(entry: CountyEntry) -> &'static County {
    static COUNTIES: Mutex<Vec<&'static County>> = Mutex::new(Vec::new());
    let mut interned = COUNTIES.lock().unwrap_or_else(|e| e.into_inner());
    let display_name = entry.display_name.unwrap_or_else(|| entry.name.clone());
    let same = |c: &&&County| {
        c.code == entry.code
            && c.name == entry.name
            && c.display_name == display_name
            && c.from_year == entry.from
            && c.until_year == entry.until
            && c.history == entry.history
            && c.formed_from.iter().eq(entry.formed_from.iter())
            && entry.slug.as_deref().is_none_or(|slug| c.slug == slug)
    };
    if let Some(county) = interned.iter().find(same) {
        return county;
    }
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let slug = entry.slug.unwrap_or_else(|| super::slugify(&entry.name));
    let formed_from: Vec<&'static str> = entry.formed_from.into_iter().map(leak).collect();
    let county: &'static County = Box::leak(Box::new(County {
        code: leak(entry.code),
        name: leak(entry.name),
        display_name: leak(display_name),
        from_year: entry.from,
        until_year: entry.until,
        history: leak(entry.history),
        formed_from: Box::leak(formed_from.into_boxed_slice()),
        slug: leak(slug),
    }));
    interned.push(county);
    county
}

/// The group a table entry defines, ranked after the `known` groups of its kind.
fn intern_entry(known: usize, entry: &GroupEntry) -> &'static super::group::Group {
    intern_group(
        Some(known as u32 + 1),
        &entry.name,
        entry.short_name.as_deref(),
        entry.slug.as_deref(),
        &entry.note,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(counties: &[&County]) -> Vec<&'static str> {
        counties.iter().map(|c| c.code).collect()
    }

    /// The codes valid in a year.
    fn structure(year: i32) -> Vec<&'static str> {
        codes(
            &Classification::standard()
                .counties()
                .iter()
                .copied()
                .filter(|c| c.exists_in(year))
                .collect::<Vec<_>>(),
        )
    }

    #[test]
    fn the_four_structures_of_the_table() {
        let nineteen = [
            "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "14", "15",
            "16", "17", "18", "19", "20",
        ];
        assert_eq!(structure(2011), nineteen);
        assert_eq!(structure(2017), nineteen);
        let mut trondelag: Vec<&str> = nineteen
            .into_iter()
            .filter(|c| !["16", "17"].contains(c))
            .collect();
        trondelag.push("50");
        assert_eq!(structure(2018), trondelag);
        assert_eq!(structure(2019), trondelag);
        let eleven = [
            "03", "11", "15", "18", "30", "34", "38", "42", "46", "50", "54",
        ];
        assert_eq!(structure(2020), eleven);
        assert_eq!(structure(2023), eleven);
        let fifteen = [
            "03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55",
            "56",
        ];
        assert_eq!(structure(2024), fifteen);
        assert_eq!(structure(2026), fifteen);
    }

    #[test]
    fn one_name_two_counties_the_older_with_its_code_in_the_slug() {
        let standard = Classification::standard();
        let ostfold = standard.counties_named(&fold("Østfold"));
        assert_eq!(codes(ostfold), ["01", "31"]);
        assert_eq!(ostfold[0].slug, "ostfold-01");
        assert_eq!(ostfold[1].slug, "ostfold");
        assert_eq!(ostfold[0].name_with_years(), "Østfold (t.o.m. 2019)");
        assert_eq!(ostfold[1].name_with_years(), "Østfold (fra 2024)");
        assert_eq!(standard.county("30").unwrap().years(), "2020–2023");
        assert_eq!(standard.county("03").unwrap().name_with_years(), "Oslo");
        assert_eq!(standard.county("30").unwrap().slug, "viken");
        let mut slugs: Vec<&str> = standard.counties().iter().map(|c| c.slug).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(
            slugs.len(),
            standard.counties().len(),
            "every county has a page of its own"
        );
    }

    #[test]
    fn the_publisher_adds_a_county_structure() {
        let text = "unknown_setting = true\n\n[[county]]\ncode = \"60\"\nname = \"Nordkalotten\"\nfrom = 2030\nformed_from = [\"55\", \"56\"]\n";
        let extended = Classification::standard()
            .extended(text, "tiltak.toml")
            .unwrap();
        let county = extended.county("60").unwrap();
        assert_eq!(
            (county.name, county.from_year),
            ("Nordkalotten", Some(2030))
        );
        assert_eq!(
            extended.counties().len(),
            Classification::standard().counties().len() + 1
        );
        // The same definition read twice is one county.
        let again = Classification::standard()
            .extended(text, "tiltak.toml")
            .unwrap();
        assert!(std::ptr::eq(county, again.county("60").unwrap()));
    }

    #[test]
    fn a_broken_extension_is_an_error_with_a_position() {
        let error = Classification::standard()
            .extended("[[county]]\ncode = 60\n", "tiltak.toml")
            .unwrap_err();
        assert_eq!(error.kind, Kind::BadSettings);
        assert_eq!(error.file, "tiltak.toml");
        assert_eq!(error.line, 2);
        assert!(error.expected.is_some());
    }

    fn read(title: &str) -> (String, String, Vec<(&'static str, String)>) {
        let (read, unknown) = Classification::standard().read_title(title);
        (
            read.main_group.slug().to_string(),
            read.measure_group.slug().to_string(),
            unknown,
        )
    }

    #[test]
    fn titles_split_into_main_group_and_measure_group() {
        let none = Vec::new();
        for (title, main, measure) in [
            (
                "Arbeidssøkere på tiltak, avklarings tiltak",
                "arbeidssokere",
                "avklaringstiltak",
            ),
            (
                "Nedsatt arbeidsevne, på tiltak, tilrettelagt arbeid",
                "nedsatt-arbeidsevne",
                "tilrettelagt-arbeid",
            ),
            (
                "Andre på tiltak, jobbskaping og egenetablering",
                "andre",
                "jobbskaping-og-egenetablering",
            ),
            ("Oppfølging", "alle", "oppfolging"),
            (
                "jobbskaping og egenetablering",
                "alle",
                "jobbskaping-og-egenetablering",
            ),
            // The name the group had until October 2012 is an alias: one series.
            (
                "Ordinære tiltaksdeltakere, opplæring",
                "arbeidssokere",
                "opplaering",
            ),
        ] {
            assert_eq!(
                read(title),
                (main.to_string(), measure.to_string(), none.clone()),
                "{title}"
            );
        }
    }

    #[test]
    fn a_group_the_classification_does_not_know_is_a_group_of_its_own() {
        assert_eq!(
            read("Arbeidsforberedende trening"),
            (
                "alle".to_string(),
                "arbeidsforberedende-trening".to_string(),
                vec![("measure group", "Arbeidsforberedende trening".to_string())]
            )
        );
        assert_eq!(
            read("Nedsatt arbeidsevne, på tiltak, arbeidsforberedende trening").1,
            "arbeidsforberedende-trening"
        );
        assert_eq!(
            read("Ungdom på tiltak, oppfølging"),
            (
                "ungdom-pa-tiltak".to_string(),
                "oppfolging".to_string(),
                vec![("main group", "Ungdom på tiltak".to_string())]
            )
        );
        let (read, _) = Classification::standard().read_title("Arbeidsforberedende trening");
        assert!(!read.measure_group.is_known());
        assert!(read.measure_group > Classification::standard().measure_groups()[8]);
    }

    #[test]
    fn the_publisher_adds_aliases_and_groups() {
        let text = "[aliases]\n\"Arbeidsmarkedsopplæring (AMO)\" = \"Opplæring\"\n\n\
                    [[measure_group]]\nname = \"Arbeidsforberedende trening\"\n";
        let extended = Classification::standard()
            .extended(text, "tiltak.toml")
            .unwrap();
        let (read, unknown) = extended.read_title("Andre på tiltak, arbeidsmarkedsopplæring (AMO)");
        assert!(unknown.is_empty());
        assert_eq!(read.measure_group.slug(), "opplaering");
        let (read, unknown) = extended.read_title("Arbeidsforberedende trening");
        assert!(unknown.is_empty());
        assert!(read.measure_group.is_known());
        assert_eq!(extended.measure_groups().len(), 10);
        // An alias for a group no one knows is an error naming it.
        let error = Classification::standard()
            .extended("[aliases]\n\"AMO\" = \"Kurs\"\n", "tiltak.toml")
            .unwrap_err();
        assert_eq!(error.kind, Kind::BadSettings);
        assert_eq!(error.line, 2);
        assert!(error.message.contains("`Kurs`"), "{}", error.message);
    }

    #[test]
    fn the_standard_groups_in_report_order() {
        let standard = Classification::standard();
        let names: Vec<&str> = standard.measure_groups().iter().map(|g| g.name()).collect();
        assert_eq!(
            names,
            [
                "Avklaringstiltak",
                "Oppfølging",
                "Opplæring",
                "Lønnstilskudd",
                "Arbeidspraksis",
                "Arbeidsrettet rehabilitering",
                "Tilrettelagt arbeid",
                "Tilrettelegging",
                "Jobbskaping og egenetablering"
            ]
        );
        let slugs: Vec<&str> = standard.main_groups().iter().map(|g| g.slug()).collect();
        assert_eq!(slugs, ["arbeidssokere", "nedsatt-arbeidsevne", "andre"]);
        assert!(!standard.main_groups()[0].note().is_empty());
    }

    #[test]
    fn the_report_family_is_checked_by_title() {
        let standard = Classification::standard();
        assert!(standard.accepts_title(
            "Deltakere i arbeidsrettede tiltak. Tiltaksgruppe og fylke. Tidsserie måned"
        ));
        assert!(!standard.accepts_title("Helt ledige. Fylke. Tidsserie måned"));
    }
}
