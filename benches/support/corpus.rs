//! A seeded generator of report archives in the exact format of the seed report
//! (`content/tiltaksdeltakere-2022.txt`), for tests, benchmarks and trying the site at scale.
//!
//! Not part of the library: `examples/corpus.rs` (the command line), `benches/parse.rs` and
//! `tests/testsuite/corpus.rs` include this file with `#[path]`, and each uses a part of it.
//!
//! How the numbers come about:
//! - The finest level is generated first: for every main group × measure group (the 23
//!   combinations the seed has), area and month, one true count. Its expected value is the
//!   seed's 2022 level for that table and area, times the table's seasonal profile (from the
//!   seed's `I alt` row, the 2022 trend taken out, so July dips where the seed dips), times a
//!   slow national cycle and a slow county drift (both mean-reverting, so any number of years
//!   keeps realistic magnitudes); the count is drawn around it (Poisson for small values).
//! - Each report of a year (`Januar - Januar`, …, `Januar - Desember`) publishes its months;
//!   a report before December may show a few cells that a later report revises slightly,
//!   again at the finest level.
//! - Every published number is then a sum of true counts: a county row of a total table is
//!   the sum of its main groups, an `I alt` row the sum of its areas. So every table adds
//!   up, and so do the main groups, within what the `*` cells (true values 0–3) hide.
//! - A row whose true values are all zero is left out (absent is not zero), a month whose
//!   `I alt` is zero is left out of its table (both as in the seed), and a table with no
//!   participants at all is left out of the report (an assumption: the seed has none).
//! - Each year has the counties of its time: the nineteen until 2017, Trøndelag in place of
//!   Sør- and Nord-Trøndelag in 2018–2019, the eleven of 2020–2023 (with the seed's mangled
//!   Sami spellings, table by table), the fifteen from 2024 (labelled with their display
//!   names, plain hyphens). The generator keeps its own county table, independent of the
//!   library's classification; counties before 2020 and from 2024 take a share of the seed's
//!   level for the county they became or came from.
//!
//! - Reports ending before October 2012 call the main group «Arbeidssøkere på tiltak» by its
//!   old name, «Ordinære tiltaksdeltakere».
//!
//! Random numbers come from ChaCha8, one stream per series: the same options give the same
//! bytes (the floating-point functions are the platform's, so another platform could in
//! principle round a rare count differently), and a longer archive starts with the same files
//! as a shorter one.
#![allow(dead_code)]

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use std::path::{Path, PathBuf};
use tiltak::dims::MONTH_NAMES;

/// The main groups of the seed's tables, as the generator tells them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MainGroup {
    Alle,
    Arbeidssokere,
    NedsattArbeidsevne,
    Andre,
}

/// The measure groups of the seed's tables, as the generator tells them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MeasureGroup {
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

/// The main group «Arbeidssøkere på tiltak» was called «Ordinære tiltaksdeltakere» until
/// October 2012 (nav.no, «Tiltaksdeltakere»): reports ending before then use the old name.
const RENAMED_FROM: (i32, u8) = (2012, 10);
const OLD_NAME: &str = "Ordinære tiltaksdeltakere,";
const NEW_NAME: &str = "Arbeidssøkere på tiltak,";

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// How many years, each with twelve year-to-date reports.
    pub years: u32,
    /// The first year.
    pub start_year: i32,
    /// The seed of every random choice.
    pub seed: u64,
}

/// One generated report file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedReport {
    /// The file name: `tiltaksdeltakere-2022-03.txt` for `Januar - Mars 2022`.
    pub name: String,
    /// The year of the report.
    pub year: i32,
    /// The last month of the report, 1–12.
    pub month: u8,
    /// The file's text, exactly as written (UTF-8, `\n` line ends, no final line end).
    pub text: String,
}

/// Generates every report of the archive, oldest first.
pub fn generate(options: &Options) -> Vec<GeneratedReport> {
    let truth = Truth::generate(options);
    let mut reports = Vec::with_capacity(options.years as usize * 12);
    for year_index in 0..options.years as usize {
        let year = options.start_year + year_index as i32;
        let editions = editions(&truth, options.seed, year, year_index);
        for (end, values) in editions.iter().enumerate() {
            let month = end as u8 + 1;
            reports.push(GeneratedReport {
                name: format!("tiltaksdeltakere-{year:04}-{month:02}.txt"),
                year,
                month,
                text: render(year, month, values),
            });
        }
    }
    reports
}

/// Generates the archive into `dir` (created when missing); returns the paths written and
/// their total size in bytes. Files of the same names are replaced; no other file is touched.
pub fn write_archive(options: &Options, dir: &Path) -> std::io::Result<(Vec<PathBuf>, u64)> {
    std::fs::create_dir_all(dir)?;
    let mut paths = Vec::new();
    let mut bytes = 0;
    for report in generate(options) {
        let path = dir.join(&report.name);
        std::fs::write(&path, report.text.as_bytes())?;
        bytes += report.text.len() as u64;
        paths.push(path);
    }
    Ok((paths, bytes))
}

// ---------------------------------------------------------------------------------------
// The seed: layout and levels.

const REPORT_TITLE: &str =
    "Deltakere i arbeidsrettede tiltak. Tiltaksgruppe og fylke. Tidsserie måned";
const NOTES_HEADING: &str = "Om tabellene";
const NOTES: [&str; 3] = [
    "\"Om statistikken - Arbeidssøkere\" finner du på nav.no ved å følge lenken under relatert informasjon på siden \"Tiltaksdeltakere\".",
    "I henhold til Statistikklovens § 7-1 har NAV valgt å erstatte verdier i celler hvor tallene er mindre enn 4 med spesialtegn «*».",
    "Dette for å sikre at verdiene ikke kan føres tilbake til identifiserbare enkeltpersoner.",
];
const SUBTITLE_TOTALS: &str = "Fylke og tiltaksgruppe";
const SUBTITLE_MAIN_GROUPS: &str = "Fylke, hovedgrupper og tiltaksgrupper";

/// The seed's spellings of the three counties with a Sami name, 2020–2023; each table uses
/// one of each, as in the seed.
const NORDLAND: [&str; 2] = ["Nordland - Nordlånnda", "Nordland - Nordlândia"];
const TRONDELAG: [&str; 2] = ["Trøndelag - Tröndelage", "Trøndelag - Trööndelage"];
const TROMS_OG_FINNMARK: [&str; 2] = [
    "Troms og Finnmark - Romsa ja Finnmarku",
    "Troms og Finnmark - Romsa ja Finnmárku",
];

/// One table of the report as the seed lays it out.
struct Layout {
    main_group: MainGroup,
    measure_group: MeasureGroup,
    /// The title as wrapped in the seed.
    title: &'static [&'static str],
    /// Whether the head has the report title and subtitle before the period line (one table
    /// of the seed starts at its period line).
    full_head: bool,
    /// Blank lines before the table's head (3 in the seed, 1 before three tables).
    blank_before: usize,
    /// Which spelling of Nordland, Trøndelag and Troms og Finnmark the table uses.
    spelling: [u8; 3],
}

const fn layout(
    main_group: MainGroup,
    measure_group: MeasureGroup,
    title: &'static [&'static str],
    full_head: bool,
    blank_before: usize,
    spelling: [u8; 3],
) -> Layout {
    Layout {
        main_group,
        measure_group,
        title,
        full_head,
        blank_before,
        spelling,
    }
}

use MainGroup::{Alle, Andre, Arbeidssokere, NedsattArbeidsevne};
use MeasureGroup::{
    Arbeidspraksis, ArbeidsrettetRehabilitering, Avklaringstiltak, JobbskapingOgEgenetablering,
    Lonnstilskudd, Oppfolging, Opplaering, TilrettelagtArbeid, Tilrettelegging,
};

/// The seed's 32 tables in file order: 9 totals, 6 Arbeidssøkere (no rehabilitation,
/// Tilrettelagt arbeid or Tilrettelegging), 9 Nedsatt arbeidsevne, 8 Andre (no Tilrettelagt
/// arbeid).
#[rustfmt::skip]
const LAYOUT: [Layout; 32] = [
    layout(Alle, Avklaringstiltak, &["Avklaringstiltak"], true, 3, [0, 0, 0]),
    layout(Alle, Oppfolging, &["Oppfølging"], true, 3, [1, 0, 1]),
    layout(Alle, Opplaering, &["Opplæring"], true, 3, [1, 0, 1]),
    layout(Alle, Lonnstilskudd, &["Lønnstilskudd"], true, 3, [1, 0, 0]),
    layout(Alle, Arbeidspraksis, &["Arbeidspraksis"], true, 3, [1, 0, 0]),
    layout(Alle, ArbeidsrettetRehabilitering, &["Arbeidsrettet rehabilitering"], true, 3, [1, 0, 0]),
    layout(Alle, TilrettelagtArbeid, &["Tilrettelagt arbeid"], true, 3, [1, 0, 1]),
    layout(Alle, Tilrettelegging, &["Tilrettelegging"], true, 3, [0, 0, 0]),
    layout(Alle, JobbskapingOgEgenetablering, &["Jobbskaping og egenetablering"], true, 3, [1, 1, 1]),
    layout(Arbeidssokere, Avklaringstiltak, &["Arbeidssøkere på tiltak,", "avklarings tiltak"], true, 3, [0, 1, 0]),
    layout(Arbeidssokere, Oppfolging, &["Arbeidssøkere på tiltak,", "oppfølging"], true, 3, [0, 1, 0]),
    layout(Arbeidssokere, Opplaering, &["Arbeidssøkere på tiltak,", "opplæring"], true, 3, [0, 1, 0]),
    layout(Arbeidssokere, Lonnstilskudd, &["Arbeidssøkere på tiltak,", "lønnstilskudd"], true, 3, [0, 0, 0]),
    layout(Arbeidssokere, Arbeidspraksis, &["Arbeidssøkere på tiltak,", "arbeidspraksis"], true, 3, [0, 1, 0]),
    layout(Arbeidssokere, JobbskapingOgEgenetablering, &["Arbeidssøkere på tiltak,", "jobbskaping og", "egenetablering"], true, 3, [0, 0, 0]),
    layout(NedsattArbeidsevne, Avklaringstiltak, &["Nedsatt arbeidsevne, på tiltak, avklaringstiltak"], true, 1, [0, 0, 0]),
    layout(NedsattArbeidsevne, Oppfolging, &["Nedsatt arbeidsevne, på tiltak, oppfølging"], true, 3, [0, 1, 0]),
    layout(NedsattArbeidsevne, Opplaering, &["Nedsatt arbeidsevne, på tiltak, opplæring"], true, 3, [0, 1, 0]),
    layout(NedsattArbeidsevne, Lonnstilskudd, &["Nedsatt arbeidsevne, på tiltak, lønnstilskudd"], true, 3, [0, 0, 0]),
    layout(NedsattArbeidsevne, Arbeidspraksis, &["Nedsatt arbeidsevne, på tiltak, arbeidspraksis"], true, 3, [0, 1, 0]),
    layout(NedsattArbeidsevne, ArbeidsrettetRehabilitering, &["Nedsatt arbeidsevne, på tiltak, arbeidsrettet rehabilitering"], true, 1, [1, 0, 1]),
    layout(NedsattArbeidsevne, TilrettelagtArbeid, &["Nedsatt arbeidsevne, på tiltak, tilrettelagt arbeid"], true, 3, [0, 1, 0]),
    layout(NedsattArbeidsevne, Tilrettelegging, &["Nedsatt arbeidsevne, på tiltak, tilrettelegging"], true, 3, [0, 1, 0]),
    layout(NedsattArbeidsevne, JobbskapingOgEgenetablering, &["Nedsatt arbeidsevne, på tiltak, jobbskaping og egenetablering"], true, 3, [1, 0, 1]),
    layout(Andre, Avklaringstiltak, &["Andre på tiltak,", "avklaringstiltak"], false, 1, [0, 1, 0]),
    layout(Andre, Oppfolging, &["Andre på tiltak, oppfølging"], true, 3, [0, 0, 0]),
    layout(Andre, Opplaering, &["Andre på tiltak, opplæring"], true, 3, [0, 1, 0]),
    layout(Andre, Lonnstilskudd, &["Andre på tiltak,", "lønnstilskudd"], true, 3, [0, 1, 0]),
    layout(Andre, Arbeidspraksis, &["Andre på tiltak,", "arbeidspraksis"], true, 3, [0, 1, 0]),
    layout(Andre, ArbeidsrettetRehabilitering, &["Andre på tiltak,", "arbeidsrettet rehabilitering"], true, 3, [0, 1, 0]),
    layout(Andre, Tilrettelegging, &["Andre på tiltak,", "tilrettelegging"], true, 3, [0, 1, 0]),
    layout(Andre, JobbskapingOgEgenetablering, &["Andre på tiltak,", "jobbskaping og", "egenetablering"], true, 3, [0, 0, 0]),
];

/// The counties of the seed's rows by code, in the order of [`Series::areas`]: the eleven of
/// 2020–2023.
const SEED_AREAS: [&str; 11] = [
    "03", "11", "15", "18", "30", "34", "38", "42", "46", "50", "54",
];

/// How a county of the seed shares out its participants among the counties it was made of
/// (before 2020, and Trøndelag before 2018) or split into (from 2024): roughly by
/// population, an assumption of the generator.
const SPLITS: [(&str, &[(&str, f64)]); 10] = [
    ("30", &[("31", 0.24), ("32", 0.55), ("33", 0.21)]),
    ("38", &[("39", 0.59), ("40", 0.41)]),
    ("54", &[("55", 0.69), ("56", 0.31)]),
    ("30", &[("01", 0.24), ("02", 0.55), ("06", 0.21)]),
    ("34", &[("04", 0.52), ("05", 0.48)]),
    ("38", &[("07", 0.59), ("08", 0.41)]),
    ("42", &[("09", 0.38), ("10", 0.62)]),
    ("46", &[("12", 0.82), ("14", 0.18)]),
    ("50", &[("16", 0.66), ("17", 0.34)]),
    ("54", &[("19", 0.69), ("20", 0.31)]),
];

/// A county as the generator writes it: its code, the label the reports of its years give
/// it (2020–2023 labels of Nordland, Trøndelag and Troms og Finnmark vary, see
/// [`label`]), and its first and last year. The generator keeps its own table, so that the
/// tests' expectations do not come from the library's classification.
struct CorpusCounty {
    code: &'static str,
    label: &'static str,
    from: i32,
    until: i32,
}

const fn county(code: &'static str, label: &'static str, from: i32, until: i32) -> CorpusCounty {
    CorpusCounty {
        code,
        label,
        from,
        until,
    }
}

/// Every county of 2011–2026 and later, by code: the nineteen until 2017, Trøndelag from
/// 2018, the eleven of 2020–2023, the fifteen from 2024.
#[rustfmt::skip]
const COUNTIES: [CorpusCounty; 33] = [
    county("01", "Østfold", 0, 2019),
    county("02", "Akershus", 0, 2019),
    county("03", "Oslo", 0, 9999),
    county("04", "Hedmark", 0, 2019),
    county("05", "Oppland", 0, 2019),
    county("06", "Buskerud", 0, 2019),
    county("07", "Vestfold", 0, 2019),
    county("08", "Telemark", 0, 2019),
    county("09", "Aust-Agder", 0, 2019),
    county("10", "Vest-Agder", 0, 2019),
    county("11", "Rogaland", 0, 9999),
    county("12", "Hordaland", 0, 2019),
    county("14", "Sogn og Fjordane", 0, 2019),
    county("15", "Møre og Romsdal", 0, 9999),
    county("16", "Sør-Trøndelag", 0, 2017),
    county("17", "Nord-Trøndelag", 0, 2017),
    county("18", "Nordland - Nordlánnda", 0, 9999),
    county("19", "Troms - Romsa", 0, 2019),
    county("20", "Finnmark - Finnmárku", 0, 2019),
    county("30", "Viken", 2020, 2023),
    county("31", "Østfold", 2024, 9999),
    county("32", "Akershus", 2024, 9999),
    county("33", "Buskerud", 2024, 9999),
    county("34", "Innlandet", 2020, 9999),
    county("38", "Vestfold og Telemark", 2020, 2023),
    county("39", "Vestfold", 2024, 9999),
    county("40", "Telemark", 2024, 9999),
    county("42", "Agder", 2020, 9999),
    county("46", "Vestland", 2020, 9999),
    county("50", "Trøndelag - Trööndelage", 2018, 9999),
    county("54", "Troms og Finnmark - Romsa ja Finnmárku", 2020, 2023),
    county("55", "Troms - Romsa - Tromssa", 2024, 9999),
    county("56", "Finnmark - Finnmárku - Finmarkku", 2024, 9999),
];

/// One main group × measure group table of the seed: the finest level of the generator.
struct Series {
    main_group: MainGroup,
    measure_group: MeasureGroup,
    /// The seed's `I alt` row, January to December (`*` as 1, a missing month as 0).
    national: [u32; 12],
    /// The seed's year sum per area (`*` as 1; 0 where the row is missing): the counties of
    /// [`SEED_AREAS`], then `Øvrige områder`, then `Ukjent`.
    areas: [u32; 13],
}

const fn series(
    main_group: MainGroup,
    measure_group: MeasureGroup,
    national: [u32; 12],
    areas: [u32; 13],
) -> Series {
    Series {
        main_group,
        measure_group,
        national,
        areas,
    }
}

#[rustfmt::skip]
const SERIES: [Series; 23] = [
    series(Arbeidssokere, Avklaringstiltak,
        [395, 401, 387, 337, 327, 299, 223, 261, 295, 290, 311, 298],
        [507, 74, 100, 190, 1557, 382, 92, 193, 289, 312, 117, 0, 12]),
    series(Arbeidssokere, Oppfolging,
        [6199, 6347, 5993, 5732, 5307, 4920, 4515, 4353, 4467, 4574, 4736, 4550],
        [8399, 3852, 2302, 1976, 19288, 4354, 4749, 5001, 6410, 3300, 2014, 12, 40]),
    series(Arbeidssokere, Opplaering,
        [4187, 4659, 4794, 4670, 4513, 2995, 2176, 2985, 3342, 3458, 3359, 3092],
        [11312, 3978, 1322, 1381, 10447, 2259, 3223, 2246, 4015, 2604, 1384, 12, 48]),
    series(Arbeidssokere, Lonnstilskudd,
        [2041, 2088, 2182, 2151, 2216, 2341, 2045, 1672, 1354, 1183, 1048, 961],
        [2727, 1835, 1113, 1070, 4461, 1254, 1931, 1353, 2844, 1562, 1113, 12, 12]),
    series(Arbeidssokere, Arbeidspraksis,
        [2376, 2497, 2615, 2576, 2468, 1747, 1191, 1128, 1219, 1352, 1432, 1389],
        [2659, 2387, 1481, 743, 5186, 1411, 1283, 1512, 2629, 2065, 610, 12, 15]),
    series(Arbeidssokere, JobbskapingOgEgenetablering,
        [88, 84, 116, 106, 100, 92, 90, 85, 87, 85, 88, 77],
        [36, 38, 12, 12, 92, 12, 333, 569, 0, 12, 0, 0, 0]),
    series(NedsattArbeidsevne, Avklaringstiltak,
        [3060, 2939, 2958, 2927, 2946, 2603, 1861, 2516, 2694, 2611, 2552, 2373],
        [3922, 2252, 1343, 1090, 8492, 2802, 1256, 2250, 3834, 3052, 1709, 12, 23]),
    series(NedsattArbeidsevne, Oppfolging,
        [11454, 11470, 11492, 11593, 11598, 11780, 11847, 11684, 11681, 11863, 12064, 12257],
        [17208, 13411, 5943, 6900, 37740, 10147, 10681, 8365, 14100, 11188, 5061, 12, 34]),
    series(NedsattArbeidsevne, Opplaering,
        [11021, 11629, 11983, 11938, 11769, 8911, 6535, 9840, 11115, 11590, 11780, 11408],
        [23265, 12230, 6705, 5430, 25073, 6496, 9667, 8782, 13870, 10431, 7381, 12, 176]),
    series(NedsattArbeidsevne, Lonnstilskudd,
        [9966, 10085, 10227, 10189, 10628, 10841, 10364, 10045, 9502, 9019, 8723, 8473],
        [14014, 8737, 8397, 6198, 25909, 7310, 7924, 8032, 13811, 10913, 6724, 12, 73]),
    series(NedsattArbeidsevne, Arbeidspraksis,
        [11545, 11649, 11953, 11922, 12033, 11445, 10501, 10404, 10408, 10694, 11112, 11045],
        [14099, 12471, 5325, 6960, 27742, 11323, 13477, 8918, 13431, 15253, 5593, 0, 119]),
    series(NedsattArbeidsevne, ArbeidsrettetRehabilitering,
        [709, 716, 743, 678, 642, 593, 462, 531, 553, 556, 526, 529],
        [789, 475, 547, 426, 1246, 249, 154, 1049, 1506, 771, 28, 0, 0]),
    series(NedsattArbeidsevne, TilrettelagtArbeid,
        [12369, 12415, 12454, 12502, 12532, 12590, 12608, 12638, 12640, 12674, 12729, 12737],
        [8557, 12277, 6558, 9824, 32466, 11125, 14065, 13727, 16453, 16601, 9194, 0, 32]),
    series(NedsattArbeidsevne, Tilrettelegging,
        [226, 233, 253, 246, 253, 255, 240, 246, 251, 274, 286, 283],
        [304, 328, 486, 172, 399, 146, 304, 177, 297, 254, 179, 0, 0]),
    series(NedsattArbeidsevne, JobbskapingOgEgenetablering,
        [28, 33, 32, 30, 31, 29, 25, 26, 27, 27, 31, 29],
        [12, 80, 12, 12, 58, 12, 15, 83, 12, 12, 18, 0, 0]),
    series(Andre, Avklaringstiltak,
        [448, 443, 437, 402, 450, 459, 261, 401, 427, 466, 499, 453],
        [544, 193, 111, 232, 1804, 597, 220, 226, 469, 384, 360, 12, 12]),
    series(Andre, Oppfolging,
        [453, 468, 512, 542, 575, 561, 527, 536, 578, 569, 583, 587],
        [543, 400, 118, 488, 1675, 493, 910, 218, 825, 550, 264, 12, 12]),
    series(Andre, Opplaering,
        [179, 192, 199, 198, 183, 152, 95, 135, 169, 177, 188, 174],
        [254, 107, 64, 50, 607, 106, 153, 152, 157, 101, 278, 12, 12]),
    series(Andre, Lonnstilskudd,
        [253, 258, 257, 245, 238, 235, 199, 192, 182, 168, 159, 154],
        [543, 242, 238, 170, 556, 137, 175, 110, 173, 128, 66, 0, 0]),
    series(Andre, Arbeidspraksis,
        [61, 61, 59, 64, 60, 54, 41, 36, 41, 40, 53, 54],
        [49, 47, 18, 34, 127, 69, 19, 58, 49, 76, 22, 0, 0]),
    series(Andre, ArbeidsrettetRehabilitering,
        [369, 362, 373, 374, 373, 355, 229, 305, 318, 303, 297, 271],
        [348, 18, 107, 390, 1256, 115, 105, 674, 692, 185, 33, 0, 12]),
    series(Andre, Tilrettelegging,
        [391, 421, 443, 392, 409, 433, 396, 405, 420, 462, 513, 511],
        [640, 294, 357, 121, 676, 359, 879, 268, 570, 824, 207, 0, 12]),
    series(Andre, JobbskapingOgEgenetablering,
        [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0]),
];

// ---------------------------------------------------------------------------------------
// Areas.

/// Area slots: the counties by index into [`COUNTIES`], then these two.
const ELSEWHERE: usize = COUNTIES.len();
const UNKNOWN: usize = COUNTIES.len() + 1;
const AREAS: usize = COUNTIES.len() + 2;

/// `Øvrige områder` is `*` in every cell of the seed: a fraction of a participant a month.
const ELSEWHERE_SCALE: f64 = 0.3;

fn county_slot(code: &str) -> usize {
    COUNTIES
        .iter()
        .position(|c| c.code == code)
        .unwrap_or_else(|| panic!("the generator has the county {code}"))
}

/// Whether a county is in the reports of `year`.
fn in_year(county: &CorpusCounty, year: i32) -> bool {
    county.from <= year && year <= county.until
}

/// The row areas of a year's tables, in report order.
fn areas_of(year: i32) -> Vec<usize> {
    (0..COUNTIES.len())
        .filter(|&slot| in_year(&COUNTIES[slot], year))
        .chain([ELSEWHERE, UNKNOWN])
        .collect()
}

fn label(slot: usize, year: i32, spelling: [u8; 3]) -> String {
    match slot {
        ELSEWHERE => "Øvrige områder".to_string(),
        UNKNOWN => "Ukjent".to_string(),
        _ => {
            let county = &COUNTIES[slot];
            // The seed's mangled Sami spellings, table by table, in 2020–2023.
            match county.code {
                "18" if (2020..2024).contains(&year) => NORDLAND[usize::from(spelling[0])],
                "50" if (2020..2024).contains(&year) => TRONDELAG[usize::from(spelling[1])],
                "54" => TROMS_OG_FINNMARK[usize::from(spelling[2])],
                _ => county.label,
            }
            .to_string()
        }
    }
}

/// Each series' mean monthly count per area slot, from the seed (counties before 2020 and
/// from 2024 take their share of the seed county they became or were split from).
fn levels(series: &Series) -> [f64; AREAS] {
    let mut levels = [0.0; AREAS];
    for (code, sum) in SEED_AREAS.iter().zip(series.areas) {
        levels[county_slot(code)] = f64::from(sum) / 12.0;
    }
    levels[ELSEWHERE] = f64::from(series.areas[11]) / 12.0 * ELSEWHERE_SCALE;
    levels[UNKNOWN] = f64::from(series.areas[12]) / 12.0;
    for (whole, parts) in SPLITS {
        let whole = levels[county_slot(whole)];
        for (part, share) in parts {
            levels[county_slot(part)] = whole * share;
        }
    }
    levels
}

/// The seasonal profile of a series: its seed `I alt` row over a straight-line fit of it
/// (so the seed year's own trend is not repeated every year), with mean 1. Flat for series
/// too small to tell.
fn seasonal(series: &Series) -> [f64; 12] {
    let values = series.national.map(f64::from);
    let mean = values.iter().sum::<f64>() / 12.0;
    if mean < 30.0 {
        return [1.0; 12];
    }
    let x_mean = 5.5;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (x, y) in values.iter().enumerate() {
        sxy += (x as f64 - x_mean) * (y - mean);
        sxx += (x as f64 - x_mean).powi(2);
    }
    let slope = sxy / sxx;
    let mut profile = [0.0; 12];
    for (x, y) in values.iter().enumerate() {
        let fit = mean + slope * (x as f64 - x_mean);
        profile[x] = (y / fit).clamp(0.3, 1.7);
    }
    let profile_mean = profile.iter().sum::<f64>() / 12.0;
    profile.map(|p| p / profile_mean)
}

// ---------------------------------------------------------------------------------------
// Random numbers.

/// A random stream of its own for each series, so adding years or series changes nothing
/// already generated.
fn stream(seed: u64, id: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(id);
    rng
}

fn gaussian(rng: &mut ChaCha8Rng) -> f64 {
    let u1 = 1.0 - rng.random::<f64>();
    let u2 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A count with expected value `lambda`: Poisson for small values, normal for large ones.
fn count(rng: &mut ChaCha8Rng, lambda: f64) -> u32 {
    if lambda <= 0.0 {
        return 0;
    }
    if lambda < 30.0 {
        let limit = (-lambda).exp();
        let mut k = 0;
        let mut p = rng.random::<f64>();
        while p > limit {
            k += 1;
            p *= rng.random::<f64>();
        }
        k
    } else {
        (lambda + lambda.sqrt() * gaussian(rng)).round().max(0.0) as u32
    }
}

// ---------------------------------------------------------------------------------------
// The truth, then the editions.

/// The final true counts: `values[series][area][month since the start]`.
struct Truth {
    values: Vec<[Vec<u32>; AREAS]>,
}

impl Truth {
    fn generate(options: &Options) -> Truth {
        let months = options.years as usize * 12;
        let values = SERIES
            .iter()
            .enumerate()
            .map(|(index, series)| {
                let levels = levels(series);
                let season = seasonal(series);
                // A slow national cycle (5–10 years) and a mean-reverting wander.
                let mut rng = stream(options.seed, (index as u64) << 8);
                let amplitude = 0.05 + 0.15 * rng.random::<f64>();
                let period = 60.0 + 60.0 * rng.random::<f64>();
                let phase = std::f64::consts::TAU * rng.random::<f64>();
                let mut wander = 0.0;
                let national: Vec<f64> = (0..months)
                    .map(|t| {
                        wander = 0.9 * wander + 0.02 * gaussian(&mut rng);
                        amplitude * (std::f64::consts::TAU * t as f64 / period + phase).sin()
                            + wander
                    })
                    .collect();
                std::array::from_fn(|area| {
                    let mut rng = stream(options.seed, ((index as u64) << 8) + 1 + area as u64);
                    let mut drift = 0.0;
                    (0..months)
                        .map(|t| {
                            drift = 0.95 * drift + 0.02 * gaussian(&mut rng);
                            let lambda =
                                levels[area] * season[t % 12] * (national[t] + drift).exp();
                            count(&mut rng, lambda)
                        })
                        .collect()
                })
            })
            .collect();
        Truth { values }
    }
}

/// The values each report of one year publishes: `[edition][series][area][month]`, the
/// December edition being the truth. Going back from December, each edition shows a few
/// cells that the next edition revises slightly.
fn editions(
    truth: &Truth,
    seed: u64,
    year: i32,
    year_index: usize,
) -> Vec<Vec<[[u32; 12]; AREAS]>> {
    let december: Vec<[[u32; 12]; AREAS]> = truth
        .values
        .iter()
        .map(|areas| {
            std::array::from_fn(|area| {
                std::array::from_fn(|month| areas[area][year_index * 12 + month])
            })
        })
        .collect();
    let areas = areas_of(year);
    let mut rng = stream(seed, u64::MAX - year_index as u64);
    let mut editions = vec![december];
    // The edition ending in month `last` (0-based) as the next edition revised it.
    for last in (0..11_usize).rev() {
        let mut values = editions.last().expect("December is there").clone();
        let revisions = rng.random_range(1..=4);
        let mut made = 0;
        for _ in 0..100 {
            if made == revisions {
                break;
            }
            let series = rng.random_range(0..SERIES.len());
            let area = areas[rng.random_range(0..areas.len())];
            // Mostly the latest months, which are the least settled.
            let month = rng.random_range(last.saturating_sub(2)..=last);
            let value = values[series][area][month];
            if value < 20 {
                continue;
            }
            let delta = rng.random_range(1..=(value / 50).max(1));
            values[series][area][month] = if rng.random_bool(0.5) {
                value + delta
            } else {
                value - delta
            };
            made += 1;
        }
        editions.push(values);
    }
    editions.reverse();
    editions
}

// ---------------------------------------------------------------------------------------
// Rendering.

/// `3 903` with a plain space, as the seed writes it, or `*` under 4.
fn push_cell(out: &mut String, value: u32) {
    if value < 4 {
        out.push('*');
        return;
    }
    out.push_str(&tiltak::format::number(u64::from(value)).replace(tiltak::format::THOUSANDS, " "));
}

fn render(year: i32, end: u8, values: &[[[u32; 12]; AREAS]]) -> String {
    let period = format!("Januar - {} {year}", MONTH_NAMES[usize::from(end) - 1]);
    let months = usize::from(end);
    let areas = areas_of(year);
    let mut lines: Vec<String> = vec![
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        REPORT_TITLE.into(),
        String::new(),
        NOTES_HEADING.into(),
        String::new(),
        period.clone(),
    ];
    for note in NOTES {
        lines.push(String::new());
        lines.push(note.into());
    }
    for table in &LAYOUT {
        // The table's true values: its series, or the sum of the measure group's series.
        let parts: Vec<usize> = SERIES
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                s.measure_group == table.measure_group
                    && (table.main_group == Alle || s.main_group == table.main_group)
            })
            .map(|(index, _)| index)
            .collect();
        let rows: Vec<(usize, Vec<u32>)> = areas
            .iter()
            .map(|&area| {
                let cells = (0..months)
                    .map(|m| parts.iter().map(|&p| values[p][area][m]).sum())
                    .collect();
                (area, cells)
            })
            .collect();
        let totals: Vec<u32> = (0..months)
            .map(|m| rows.iter().map(|(_, cells)| cells[m]).sum())
            .collect();
        // Months with no participants at all are left out, and so is an empty table.
        let shown: Vec<usize> = (0..months).filter(|&m| totals[m] > 0).collect();
        if shown.is_empty() {
            continue;
        }
        lines.extend(std::iter::repeat_n(String::new(), table.blank_before));
        if table.full_head {
            lines.push(REPORT_TITLE.into());
            lines.push(String::new());
            lines.push(
                if table.main_group == Alle {
                    SUBTITLE_TOTALS
                } else {
                    SUBTITLE_MAIN_GROUPS
                }
                .into(),
            );
            lines.push(String::new());
        }
        lines.push(period.clone());
        lines.push(String::new());
        let title: Vec<&str> = table
            .title
            .iter()
            .map(|&l| match l {
                NEW_NAME if (year, end) < RENAMED_FROM => OLD_NAME,
                l => l,
            })
            .collect();
        lines.extend(title.iter().map(|l| l.to_string()));
        lines.push(String::new());
        let mut header = String::new();
        for &m in &shown {
            header.push('\t');
            header.push_str(MONTH_NAMES[m]);
        }
        lines.push(header);
        let mut total = format!("I alt {}", title.join(" ").to_lowercase());
        for &m in &shown {
            total.push('\t');
            push_cell(&mut total, totals[m]);
        }
        lines.push(total);
        for (area, cells) in &rows {
            // A county with no participants in any month is left out: absent, not zero.
            if shown.iter().all(|&m| cells[m] == 0) {
                continue;
            }
            let mut line = label(*area, year, table.spelling);
            for &m in &shown {
                line.push('\t');
                push_cell(&mut line, cells[m]);
            }
            lines.push(line);
        }
    }
    let mut text = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            text.push('\n');
        }
        text.push_str(line);
    }
    text
}
