//! Comparable regions across the county reforms, as NAV publishes comparable statistics: the
//! counties of every structure in the archive, grouped into the smallest regions that stay
//! the same across all of them (Østfold + Akershus + Buskerud 01+02+06 = Viken 30 =
//! Østfold + Akershus + Buskerud 31+32+33), each summed month by month.
//!
//! A sum over suppressed cells is a range: each `*` is 0 to 3. Municipalities that moved
//! between counties at a reform are not accounted for (the classification names them).

use super::Dataset;
use crate::dims::{Area, Classification, County, MainGroup, MeasureGroup, Month};
use std::collections::BTreeMap;

/// A region that stays the same across the county structures of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// Its counties, by code, of every structure in the archive.
    pub counties: Vec<&'static County>,
}

/// A region's sum in one month: the codes summed and the range the sum can have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sum {
    /// The codes of the counties with a cell that month, by code.
    pub codes: Vec<&'static str>,
    /// The sum with each `*` as 0.
    pub low: u64,
    /// The sum with each `*` as 3.
    pub high: u64,
}

impl Sum {
    /// `01+02+06`.
    pub fn codes(&self) -> String {
        self.codes.join("+")
    }
}

impl Region {
    /// The counties grouped by structure, oldest first: counties with the same years.
    fn structures(&self) -> Vec<Vec<&'static County>> {
        let mut by_span: BTreeMap<(i32, i32), Vec<&'static County>> = BTreeMap::new();
        for county in &self.counties {
            let span = (
                county.from_year.unwrap_or(i32::MIN),
                county.until_year.unwrap_or(i32::MAX),
            );
            by_span.entry(span).or_default().push(county);
        }
        // Counties that outlast a reform (Oslo, Trøndelag from 2018) belong with the latest.
        by_span.into_values().collect()
    }

    /// The region's name: its latest counties' names (`Østfold + Akershus + Buskerud`).
    pub fn name(&self) -> String {
        let latest = self.structures().pop().unwrap_or_default();
        latest
            .iter()
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(" + ")
    }

    /// How the structures make up the region: `01+02+06 = 30 = 31+32+33`.
    pub fn equation(&self) -> String {
        self.structures()
            .iter()
            .map(|s| s.iter().map(|c| c.code).collect::<Vec<_>>().join("+"))
            .collect::<Vec<_>>()
            .join(" = ")
    }

    /// Whether the region is more than one county (only then is it worth showing).
    pub fn spans_reforms(&self) -> bool {
        self.counties.len() > 1
    }

    /// Whether a county is in the region.
    pub fn contains(&self, county: &County) -> bool {
        self.counties.contains(&county)
    }

    /// The region's sum for a measure group and main group, month by month; a month with
    /// no cell for any of its counties is absent.
    pub fn series(
        &self,
        dataset: &Dataset,
        measure_group: MeasureGroup,
        main_group: MainGroup,
    ) -> BTreeMap<Month, Sum> {
        let mut sums: BTreeMap<Month, Sum> = BTreeMap::new();
        for county in &self.counties {
            for (month, cell) in dataset.series(measure_group, main_group, &Area::County(county)) {
                let sum = sums.entry(month).or_insert(Sum {
                    codes: Vec::new(),
                    low: 0,
                    high: 0,
                });
                sum.codes.push(county.code);
                sum.low += cell.low();
                sum.high += cell.high();
            }
        }
        sums
    }
}

/// The comparable regions of a dataset: the counties with cells, joined wherever one county
/// was formed from another, through the counties of the years between the first and last
/// month of the archive. The counties between come from the classification the reports were
/// read with, so a structure the publisher added joins its neighbours as the standard ones
/// do. Ordered by their first code.
pub fn regions(dataset: &Dataset, classification: &Classification) -> Vec<Region> {
    let present: Vec<&'static County> = dataset.labels.keys().filter_map(|a| a.county()).collect();
    let months = dataset.months();
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Vec::new();
    };
    // Counties of the years the archive spans, present or not: a structure the archive
    // skips (2019 and 2024 without Viken) still joins its neighbours.
    let mut counties: Vec<&'static County> = present.clone();
    for county in classification.counties() {
        let overlaps = county.from_year.is_none_or(|f| f <= last.year)
            && county.until_year.is_none_or(|u| u >= first.year);
        if overlaps && !counties.contains(county) {
            counties.push(county);
        }
    }
    counties.sort();
    // Union-find over the links `formed_from`.
    let mut parent: Vec<usize> = (0..counties.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, county) in counties.iter().enumerate() {
        for code in county.formed_from {
            if let Some(j) = counties.iter().position(|c| c.code == *code) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut regions: BTreeMap<usize, Region> = BTreeMap::new();
    for (i, county) in counties.iter().enumerate() {
        if present.contains(county) {
            let r = root(&mut parent, i);
            regions
                .entry(r)
                .or_insert(Region {
                    counties: Vec::new(),
                })
                .counties
                .push(county);
        }
    }
    let mut regions: Vec<Region> = regions.into_values().collect();
    regions.sort_by_key(|r| r.counties[0].code);
    regions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Cell;
    use crate::source::SourceFile;

    fn report(file: &str, text: &str) -> crate::report::Report {
        crate::report::parse(&SourceFile::from_text(file, text)).unwrap()
    }

    #[test]
    fn the_counties_of_three_structures_make_one_region_and_the_sum_is_a_range() {
        let a = report(
            "2019.txt",
            "Desember 2019\n\nOppfølging\n\n\tDesember\nI alt\t24\nØstfold\t5\nAkershus\t*\nBuskerud\t10\nOslo\t8\n",
        );
        let b = report(
            "2024.txt",
            "Desember 2024\n\nOppfølging\n\n\tDesember\nI alt\t30\nØstfold\t6\nAkershus\t12\nBuskerud\t*\nOslo\t9\n",
        );
        let (dataset, _) = Dataset::from_reports(vec![a, b]).unwrap();
        let regions = regions(&dataset, Classification::standard());
        let described: Vec<(String, String)> =
            regions.iter().map(|r| (r.name(), r.equation())).collect();
        // Viken (30) has no cells, but 2020–2023 lie between the two reports.
        assert_eq!(
            described,
            [
                (
                    "Østfold + Akershus + Buskerud".to_string(),
                    "01+02+06 = 31+32+33".to_string()
                ),
                ("Oslo".to_string(), "03".to_string()),
            ]
        );
        let oppfolging = MeasureGroup::from_title("Oppfølging").unwrap();
        let series = regions[0].series(&dataset, oppfolging, MainGroup::ALLE);
        let sums: Vec<(Month, String, u64, u64)> = series
            .into_iter()
            .map(|(m, s)| (m, s.codes(), s.low, s.high))
            .collect();
        // 5 + (0–3) + 10 and 6 + 12 + (0–3), from the two reports' rows.
        assert_eq!(
            sums,
            [
                (Month::new(2019, 12), "01+02+06".to_string(), 15, 18),
                (Month::new(2024, 12), "31+32+33".to_string(), 18, 21),
            ]
        );
        assert_eq!(Cell::Suppressed.high(), 3);
    }

    #[test]
    fn counties_of_one_structure_are_regions_of_their_own() {
        let b = report(
            "2024.txt",
            "Desember 2024\n\nOppfølging\n\n\tDesember\nI alt\t18\nØstfold\t6\nAkershus\t12\n",
        );
        let (dataset, _) = Dataset::from_reports(vec![b]).unwrap();
        let codes: Vec<String> = regions(&dataset, Classification::standard())
            .iter()
            .map(|r| r.equation())
            .collect();
        assert_eq!(codes, ["31", "32"]);
    }

    /// A structure the publisher adds in `tiltak.toml` between two in the archive joins them,
    /// as Viken joins 2019's and 2024's counties, though no report has its cells.
    #[test]
    fn a_structure_the_publisher_adds_joins_its_neighbours() {
        let classification = Classification::standard()
            .extended(
                r#"
[[county]]
code = "55"
name = "Troms"
from = 2024
until = 2029
formed_from = ["54"]

[[county]]
code = "56"
name = "Finnmark"
from = 2024
until = 2029
formed_from = ["54"]

[[county]]
code = "60"
name = "Nordkalotten"
from = 2030
until = 2031
formed_from = ["55", "56"]

[[county]]
code = "61"
name = "Troms"
from = 2032
formed_from = ["60"]

[[county]]
code = "62"
name = "Finnmark"
from = 2032
formed_from = ["60"]
"#,
                "tiltak.toml",
            )
            .unwrap();
        let read = |file: &str, text: &str| {
            crate::report::parse_with(&SourceFile::from_text(file, text), &classification).unwrap()
        };
        let a = read(
            "2026.txt",
            "Desember 2026\n\nOppfølging\n\n\tDesember\nI alt\t7\nTroms\t5\nFinnmark\t*\n",
        );
        let b = read(
            "2032.txt",
            "Desember 2032\n\nOppfølging\n\n\tDesember\nI alt\t11\nTroms\t7\nFinnmark\t4\n",
        );
        let (dataset, _) = Dataset::from_reports(vec![a, b]).unwrap();
        let equations: Vec<String> = regions(&dataset, &classification)
            .iter()
            .map(|r| r.equation())
            .collect();
        assert_eq!(equations, ["55+56 = 61+62"]);
        // Without the publisher's table, nothing links the two structures.
        let (standard, _) =
            Dataset::from_reports(vec![crate::report::parse(&SourceFile::from_text(
                "2026.txt",
                "Desember 2026\n\nOppfølging\n\n\tDesember\nI alt\t7\nTroms\t5\nFinnmark\t*\n",
            ))
            .unwrap()])
            .unwrap();
        let alone: Vec<String> = regions(&standard, Classification::standard())
            .iter()
            .map(|r| r.equation())
            .collect();
        assert_eq!(alone, ["55", "56"]);
    }
}
