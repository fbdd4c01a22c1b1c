//! Measure groups (tiltaksgrupper) and main groups (hovedgrupper): names from the
//! classification, never from code, so that a group NAV adds or renames needs no new release.

use serde::Serialize;
use std::sync::Mutex;

/// One group as the classification defines it, or as a report names it when the
/// classification does not know it.
#[derive(Debug)]
pub struct Group {
    /// The order of the group in the classification; unknown groups come after every known
    /// one.
    rank: u32,
    /// The name as a reader sees it (`Arbeidssøkere på tiltak`).
    name: &'static str,
    /// A short name for chart legends (`Arbeidssøkere`).
    short_name: &'static str,
    /// The stable identifier in paths, file names and the exports.
    slug: &'static str,
    /// What a reader should know about the group's history, with its source.
    note: &'static str,
}

/// The rank of groups the classification does not know.
const UNKNOWN_RANK: u32 = u32::MAX;

/// The group of tables with no main group in their title: all participants.
static ALL_PARTICIPANTS: Group = Group {
    rank: 0,
    name: "Alle deltakere",
    short_name: "Alle",
    slug: "alle",
    note: "",
};

/// Makes a group once per distinct definition for the life of the process: a classification
/// has a score of groups, and every cell's key refers to two of them.
pub(super) fn intern(
    rank: Option<u32>,
    name: &str,
    short_name: Option<&str>,
    slug: Option<&str>,
    note: &str,
) -> &'static Group {
    static GROUPS: Mutex<Vec<&'static Group>> = Mutex::new(Vec::new());
    let rank = rank.unwrap_or(UNKNOWN_RANK);
    let slug = slug.map_or_else(|| super::slugify(name), str::to_string);
    let short_name = short_name.unwrap_or(name);
    let mut groups = GROUPS.lock().unwrap_or_else(|e| e.into_inner());
    let same = |g: &&&Group| {
        g.rank == rank
            && g.name == name
            && g.short_name == short_name
            && g.slug == slug
            && g.note == note
    };
    if let Some(group) = groups.iter().find(same) {
        return group;
    }
    let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
    let group: &'static Group = Box::leak(Box::new(Group {
        rank,
        name: leak(name),
        short_name: leak(short_name),
        slug: leak(&slug),
        note: leak(note),
    }));
    groups.push(group);
    group
}

/// The name of a group a report names but the classification does not know, as the series'
/// name: trimmed of the commas and spaces around it, first letter upper case
/// (`arbeidsforberedende trening` → `Arbeidsforberedende trening`).
pub(super) fn unknown_name(text: &str) -> String {
    let text = text.trim_matches(|c: char| c == ',' || c.is_whitespace());
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

macro_rules! group_type {
    ($(#[$doc:meta])* $type:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $type(pub(super) &'static Group);

        impl $type {
            /// The name as a reader sees it.
            pub fn name(self) -> &'static str {
                self.0.name
            }

            /// A short name for chart legends.
            pub fn short_name(self) -> &'static str {
                self.0.short_name
            }

            /// The stable identifier used in paths, file names and the exports.
            pub fn slug(self) -> &'static str {
                self.0.slug
            }

            /// What a reader should know about the group's history, with its source; empty
            /// when nothing.
            pub fn note(self) -> &'static str {
                self.0.note
            }

            /// Whether the classification knows the group (a group only a report names is
            /// published as a series of its own, and left out of the sum checks).
            pub fn is_known(self) -> bool {
                self.0.rank != UNKNOWN_RANK
            }
        }

        // Known groups in the classification's order, then unknown ones by slug; a slug
        // names one group.
        impl PartialEq for $type {
            fn eq(&self, other: &$type) -> bool {
                (self.0.rank, self.0.slug) == (other.0.rank, other.0.slug)
            }
        }

        impl Eq for $type {}

        impl PartialOrd for $type {
            fn partial_cmp(&self, other: &$type) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $type {
            fn cmp(&self, other: &$type) -> std::cmp::Ordering {
                (self.0.rank, self.0.slug).cmp(&(other.0.rank, other.0.slug))
            }
        }

        impl std::hash::Hash for $type {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                (self.0.rank, self.0.slug).hash(state);
            }
        }

        impl std::fmt::Display for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.slug())
            }
        }
    };
}

group_type!(
    /// A measure group (tiltaksgruppe), such as `Avklaringstiltak`.
    MeasureGroup
);

group_type!(
    /// A main group (hovedgruppe) a table is about: all participants ([`MainGroup::ALLE`]),
    /// or a group such as `Arbeidssøkere på tiltak`.
    MainGroup
);

impl MainGroup {
    /// All participants: the tables with no main group in their title, which the others
    /// break down and add up to.
    pub const ALLE: MainGroup = MainGroup(&ALL_PARTICIPANTS);

    /// Whether this is one of the groups that add up to all participants.
    pub fn is_part(self) -> bool {
        self != MainGroup::ALLE
    }
}

impl MeasureGroup {
    /// A measure group of the standard classification, by slug (`oppfolging`).
    pub fn from_slug(slug: &str) -> Option<MeasureGroup> {
        super::Classification::standard()
            .measure_groups()
            .iter()
            .copied()
            .find(|m| m.slug() == slug)
    }

    /// Recognises a measure group of the standard classification in a loosely spelled
    /// title fragment (`avklarings tiltak`).
    pub fn from_title(fragment: &str) -> Option<MeasureGroup> {
        super::Classification::standard().measure_group(fragment)
    }
}

impl MainGroup {
    /// A main group of the standard classification by slug (`arbeidssokere`), or
    /// [`MainGroup::ALLE`] for `alle`.
    pub fn from_slug(slug: &str) -> Option<MainGroup> {
        if slug == MainGroup::ALLE.slug() {
            return Some(MainGroup::ALLE);
        }
        super::Classification::standard()
            .main_groups()
            .iter()
            .copied()
            .find(|g| g.slug() == slug)
    }

    /// Splits a table title into its main group and the rest, with the standard
    /// classification ([`Classification::split_title`](super::Classification::split_title)).
    pub fn split_title(title: &str) -> (MainGroup, &str) {
        super::Classification::standard().split_title(title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_are_trimmed_and_capitalised() {
        assert_eq!(
            unknown_name(" arbeidsforberedende trening, "),
            "Arbeidsforberedende trening"
        );
        assert_eq!(unknown_name("Øvrige tiltak"), "Øvrige tiltak");
        assert_eq!(unknown_name(""), "");
    }

    #[test]
    fn groups_are_equal_by_rank_and_slug_and_unknown_ones_sort_last() {
        let known = MeasureGroup(intern(Some(1), "Oppfølging", None, None, ""));
        let again = MeasureGroup(intern(Some(1), "Oppfølging", None, None, ""));
        let unknown = MeasureGroup(intern(None, "Arbeidsforberedende trening", None, None, ""));
        assert_eq!(known, again);
        assert!(std::ptr::eq(known.0, again.0));
        assert!(known < unknown);
        assert!(!unknown.is_known());
        assert_eq!(unknown.slug(), "arbeidsforberedende-trening");
        assert_eq!(MainGroup::ALLE.slug(), "alle");
        assert!(!MainGroup::ALLE.is_part());
    }
}
