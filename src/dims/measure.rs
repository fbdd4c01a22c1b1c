use super::folded_eq;
use serde::Serialize;

/// One of the nine measure groups (tiltaksgrupper) NAV reports on.
///
/// The order of the variants is the order the reports print them in, and the order the site
/// lists them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum MeasureGroup {
    Avklaringstiltak,
    Oppfolging,
    Opplaering,
    Lonnstilskudd,
    Arbeidspraksis,
    ArbeidsrettetRehabilitering,
    TilrettelagtArbeid,
    Tilrettelegging,
    JobbskapingOgEgenetablering,
}

impl MeasureGroup {
    /// Every measure group, in report order.
    pub const ALL: [MeasureGroup; 9] = [
        MeasureGroup::Avklaringstiltak,
        MeasureGroup::Oppfolging,
        MeasureGroup::Opplaering,
        MeasureGroup::Lonnstilskudd,
        MeasureGroup::Arbeidspraksis,
        MeasureGroup::ArbeidsrettetRehabilitering,
        MeasureGroup::TilrettelagtArbeid,
        MeasureGroup::Tilrettelegging,
        MeasureGroup::JobbskapingOgEgenetablering,
    ];

    /// The Norwegian name as a reader sees it.
    pub fn name(self) -> &'static str {
        match self {
            MeasureGroup::Avklaringstiltak => "Avklaringstiltak",
            MeasureGroup::Oppfolging => "Oppfølging",
            MeasureGroup::Opplaering => "Opplæring",
            MeasureGroup::Lonnstilskudd => "Lønnstilskudd",
            MeasureGroup::Arbeidspraksis => "Arbeidspraksis",
            MeasureGroup::ArbeidsrettetRehabilitering => "Arbeidsrettet rehabilitering",
            MeasureGroup::TilrettelagtArbeid => "Tilrettelagt arbeid",
            MeasureGroup::Tilrettelegging => "Tilrettelegging",
            MeasureGroup::JobbskapingOgEgenetablering => "Jobbskaping og egenetablering",
        }
    }

    /// The stable identifier used in paths, file names and the CSV export.
    pub fn slug(self) -> &'static str {
        match self {
            MeasureGroup::Avklaringstiltak => "avklaringstiltak",
            MeasureGroup::Oppfolging => "oppfolging",
            MeasureGroup::Opplaering => "opplaering",
            MeasureGroup::Lonnstilskudd => "lonnstilskudd",
            MeasureGroup::Arbeidspraksis => "arbeidspraksis",
            MeasureGroup::ArbeidsrettetRehabilitering => "arbeidsrettet-rehabilitering",
            MeasureGroup::TilrettelagtArbeid => "tilrettelagt-arbeid",
            MeasureGroup::Tilrettelegging => "tilrettelegging",
            MeasureGroup::JobbskapingOgEgenetablering => "jobbskaping-og-egenetablering",
        }
    }

    /// Recognises a measure group in a loosely spelled title fragment
    /// (`avklarings tiltak`, `Jobbskaping og egenetablering`), comparing folded letters.
    pub fn from_title(fragment: &str) -> Option<MeasureGroup> {
        MeasureGroup::ALL
            .into_iter()
            .find(|m| folded_eq(m.name(), fragment) || folded_eq(m.slug(), fragment))
    }

    /// Looks a measure group up by its slug.
    pub fn from_slug(slug: &str) -> Option<MeasureGroup> {
        MeasureGroup::ALL.into_iter().find(|m| m.slug() == slug)
    }
}

impl std::fmt::Display for MeasureGroup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_spellings_are_recognised() {
        assert_eq!(
            MeasureGroup::from_title("avklarings tiltak"),
            Some(MeasureGroup::Avklaringstiltak)
        );
        assert_eq!(
            MeasureGroup::from_title("jobbskaping og egenetablering"),
            Some(MeasureGroup::JobbskapingOgEgenetablering)
        );
        assert_eq!(
            MeasureGroup::from_title("Tilrettelagt arbeid"),
            Some(MeasureGroup::TilrettelagtArbeid)
        );
        assert_eq!(
            MeasureGroup::from_title("Tilrettelegging"),
            Some(MeasureGroup::Tilrettelegging)
        );
        assert_eq!(MeasureGroup::from_title("Sykepenger"), None);
    }
}
