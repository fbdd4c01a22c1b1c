use serde::Serialize;

/// The main group (hovedgruppe) a table is about: all participants, or one of three groups.
///
/// The nine tables without a main group in their title are the totals (`Alle`); the others
/// break each measure group down, and add up to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum MainGroup {
    Alle,
    Arbeidssokere,
    NedsattArbeidsevne,
    Andre,
}

impl MainGroup {
    /// Every main group, totals first.
    pub const ALL: [MainGroup; 4] = [
        MainGroup::Alle,
        MainGroup::Arbeidssokere,
        MainGroup::NedsattArbeidsevne,
        MainGroup::Andre,
    ];

    /// The three groups that add up to `Alle`.
    pub const PARTS: [MainGroup; 3] = [
        MainGroup::Arbeidssokere,
        MainGroup::NedsattArbeidsevne,
        MainGroup::Andre,
    ];

    /// The Norwegian name as a reader sees it.
    pub fn name(self) -> &'static str {
        match self {
            MainGroup::Alle => "Alle deltakere",
            MainGroup::Arbeidssokere => "Arbeidssøkere på tiltak",
            MainGroup::NedsattArbeidsevne => "Nedsatt arbeidsevne, på tiltak",
            MainGroup::Andre => "Andre på tiltak",
        }
    }

    /// A short name for chart legends.
    pub fn short_name(self) -> &'static str {
        match self {
            MainGroup::Alle => "Alle",
            MainGroup::Arbeidssokere => "Arbeidssøkere",
            MainGroup::NedsattArbeidsevne => "Nedsatt arbeidsevne",
            MainGroup::Andre => "Andre",
        }
    }

    /// The stable identifier used in the CSV export and JSON-stat.
    pub fn slug(self) -> &'static str {
        match self {
            MainGroup::Alle => "alle",
            MainGroup::Arbeidssokere => "arbeidssokere",
            MainGroup::NedsattArbeidsevne => "nedsatt-arbeidsevne",
            MainGroup::Andre => "andre",
        }
    }

    /// Splits a table title into its main group and the rest (the measure group's part).
    ///
    /// `Arbeidssøkere på tiltak, avklarings tiltak` gives `(Arbeidssokere, "avklarings tiltak")`;
    /// a title with no main-group prefix is a total table.
    pub fn split_title(title: &str) -> (MainGroup, &str) {
        for group in MainGroup::PARTS {
            // Walk the title until its folded letters cover the group's folded name.
            let mut prefix = group
                .name()
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .peekable();
            for (at, c) in title.char_indices() {
                if prefix.peek().is_none() {
                    return (
                        group,
                        title[at..].trim_start_matches(|c: char| !c.is_alphanumeric()),
                    );
                }
                if c.is_alphanumeric() && !c.to_lowercase().all(|l| prefix.next() == Some(l)) {
                    break;
                }
            }
        }
        (MainGroup::Alle, title)
    }
}

impl std::fmt::Display for MainGroup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_split_into_main_group_and_measure() {
        assert_eq!(
            MainGroup::split_title("Arbeidssøkere på tiltak, avklarings tiltak"),
            (MainGroup::Arbeidssokere, "avklarings tiltak")
        );
        assert_eq!(
            MainGroup::split_title("Nedsatt arbeidsevne, på tiltak, tilrettelagt arbeid"),
            (MainGroup::NedsattArbeidsevne, "tilrettelagt arbeid")
        );
        assert_eq!(
            MainGroup::split_title("Andre på tiltak, jobbskaping og egenetablering"),
            (MainGroup::Andre, "jobbskaping og egenetablering")
        );
        assert_eq!(
            MainGroup::split_title("Oppfølging"),
            (MainGroup::Alle, "Oppfølging")
        );
    }
}
