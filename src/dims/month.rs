use serde::Serialize;
use std::fmt;

/// Norwegian month names as the reports write them, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "Januar",
    "Februar",
    "Mars",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// A calendar month, the time unit of every observation.
///
/// Ordered chronologically, so series sort and merge without extra keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Month {
    /// The year, e.g. 2022.
    pub year: i32,
    /// 1 for January to 12 for December.
    pub month: u8,
}

impl Month {
    /// Makes a month; `month` must be 1–12.
    pub fn new(year: i32, month: u8) -> Month {
        debug_assert!((1..=12).contains(&month));
        Month { year, month }
    }

    /// Recognises a Norwegian month name, in any case (`januar`, `Januar`, `JANUAR`).
    pub fn number_from_name(name: &str) -> Option<u8> {
        MONTH_NAMES
            .iter()
            .position(|m| m.eq_ignore_ascii_case(name.trim()))
            .map(|i| i as u8 + 1)
    }

    /// The Norwegian name of the month (`Januar`).
    pub fn name(self) -> &'static str {
        MONTH_NAMES[usize::from(self.month - 1)]
    }

    /// A short name for chart axes and table heads (`jan.`, `mai`).
    pub fn short_name(self) -> &'static str {
        [
            "jan.", "feb.", "mars", "april", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.",
            "des.",
        ][usize::from(self.month - 1)]
    }

    /// `Januar 2022`.
    pub fn long_label(self) -> String {
        format!("{} {}", self.name(), self.year)
    }

    /// The ISO form used in the CSV export: `2022-01`.
    pub fn iso(self) -> String {
        let mut iso = Vec::with_capacity(7);
        self.write_iso(&mut iso);
        String::from_utf8(iso).expect("digits and a hyphen are UTF-8")
    }

    /// Appends [`Month::iso`] to `out` without making a string of its own: the observations
    /// file has a line per cell of the archive, and each line's month is written this way.
    pub fn write_iso(self, out: &mut Vec<u8>) {
        use std::io::Write;
        if (1000..=9999).contains(&self.year) {
            out.extend_from_slice(itoa::Buffer::new().format(self.year).as_bytes());
        } else {
            write!(out, "{:04}", self.year).expect("writing to memory cannot fail");
        }
        out.extend_from_slice(&[b'-', b'0' + self.month / 10, b'0' + self.month % 10]);
    }

    /// The month after this one.
    pub fn succ(self) -> Month {
        if self.month == 12 {
            Month::new(self.year + 1, 1)
        } else {
            Month::new(self.year, self.month + 1)
        }
    }

    /// The month before this one.
    pub fn pred(self) -> Month {
        if self.month == 1 {
            Month::new(self.year - 1, 12)
        } else {
            Month::new(self.year, self.month - 1)
        }
    }

    /// The same month a year earlier.
    pub fn year_before(self) -> Month {
        Month::new(self.year - 1, self.month)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.name(), self.year)
    }
}

/// The months a report covers, from its period line (`Januar - Desember 2022`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Period {
    /// The first month.
    pub start: Month,
    /// The last month, inclusive.
    pub end: Month,
}

impl Period {
    /// Parses a period line: `Januar - Desember 2022`, `Juli 2022 - Juni 2023`, with a hyphen or
    /// an en dash, or a single month, `Desember 2022`; month names in any case. Returns `None` for anything else, so that it can also be used to *recognise*
    /// period lines among a table's head lines.
    pub fn parse(line: &str) -> Option<Period> {
        let Some((left, right)) = line.split_once(['-', '–', '—']) else {
            // A single month: `Desember 2022`.
            let (month, year) = month_and_year(line)?;
            let month = Month::new(year?, month);
            return Some(Period {
                start: month,
                end: month,
            });
        };
        let (end_month, end_year) = month_and_year(right)?;
        let end_year = end_year?;
        let (start_month, start_year) = month_and_year(left)?;
        let start_year = match start_year {
            Some(y) => y,
            None if start_month <= end_month => end_year,
            None => end_year - 1,
        };
        let period = Period {
            start: Month::new(start_year, start_month),
            end: Month::new(end_year, end_month),
        };
        (period.start <= period.end).then_some(period)
    }

    /// Every month of the period, in order.
    pub fn months(self) -> impl Iterator<Item = Month> {
        let end = self.end;
        std::iter::successors(Some(self.start), move |m| (*m < end).then(|| m.succ()))
    }

    /// A stable identifier made from the period: `2022-01--2022-12`.
    pub fn slug(self) -> String {
        format!("{}--{}", self.start.iso(), self.end.iso())
    }

    /// The period as running Norwegian text writes it: `januar–desember 2022`,
    /// `juli 2022–juni 2023`.
    pub fn display(self) -> String {
        if self.start == self.end {
            self.start.long_label().to_lowercase()
        } else if self.start.year == self.end.year {
            format!(
                "{}–{} {}",
                self.start.name().to_lowercase(),
                self.end.name().to_lowercase(),
                self.end.year
            )
        } else {
            format!(
                "{}–{}",
                self.start.long_label().to_lowercase(),
                self.end.long_label().to_lowercase()
            )
        }
    }

    /// The period as the reports write it: `Januar - Desember 2022`.
    pub fn label(self) -> String {
        if self.start == self.end {
            self.start.long_label()
        } else if self.start.year == self.end.year {
            format!(
                "{} - {} {}",
                self.start.name(),
                self.end.name(),
                self.end.year
            )
        } else {
            format!("{} - {}", self.start.long_label(), self.end.long_label())
        }
    }
}

fn month_and_year(text: &str) -> Option<(u8, Option<i32>)> {
    let mut words = text.split_whitespace();
    let month = Month::number_from_name(words.next()?)?;
    let year = match words.next() {
        None => None,
        Some(word) if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) => {
            Some(word.parse().ok()?)
        }
        Some(_) => return None,
    };
    words.next().is_none().then_some((month, year))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_is_a_four_digit_year_and_a_two_digit_month() {
        for (year, month) in [(2022, 1), (2024, 12), (999, 5), (10000, 10)] {
            assert_eq!(
                Month::new(year, month).iso(),
                format!("{year:04}-{month:02}")
            );
        }
    }

    #[test]
    fn period_lines_parse() {
        let p = Period::parse("Januar - Desember 2022").unwrap();
        assert_eq!(
            (p.start, p.end),
            (Month::new(2022, 1), Month::new(2022, 12))
        );
        assert_eq!(p.months().count(), 12);
        assert_eq!(p.slug(), "2022-01--2022-12");
        let p = Period::parse("Juli 2022 – Juni 2023").unwrap();
        assert_eq!((p.start, p.end), (Month::new(2022, 7), Month::new(2023, 6)));
        assert_eq!(p.display(), "juli 2022–juni 2023");
        assert_eq!(
            Period::parse("Januar - Desember 2022").unwrap().display(),
            "januar–desember 2022"
        );
        let p = Period::parse("Juli - Juni 2023").unwrap();
        assert_eq!(p.start, Month::new(2022, 7));
    }

    #[test]
    fn a_single_month_and_lower_case_names_are_periods() {
        let p = Period::parse("Desember 2022").unwrap();
        assert_eq!(
            (p.start, p.end),
            (Month::new(2022, 12), Month::new(2022, 12))
        );
        assert_eq!(p.months().count(), 1);
        assert_eq!(
            (p.label().as_str(), p.display().as_str()),
            ("Desember 2022", "desember 2022")
        );
        let p = Period::parse("juli 2022 - juni 2023").unwrap();
        assert_eq!((p.start, p.end), (Month::new(2022, 7), Month::new(2023, 6)));
        assert_eq!(p.months().count(), 12);
        assert_eq!(Period::parse("Desember"), None);
    }

    #[test]
    fn other_lines_are_not_periods() {
        for line in [
            "Avklaringstiltak",
            "Fylke og tiltaksgruppe",
            "Januar - Desember",
            "Om - tabellene 2022",
            "Januar - Desember 2022 x",
            "",
        ] {
            assert_eq!(Period::parse(line), None, "{line}");
        }
    }

    #[test]
    fn month_names_in_any_case() {
        assert_eq!(Month::number_from_name("januar"), Some(1));
        assert_eq!(Month::number_from_name("DESEMBER"), Some(12));
        assert_eq!(Month::number_from_name("Jan"), None);
    }
}
