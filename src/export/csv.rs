use crate::model::{Dataset, Key, Observation};
use std::fmt::Write as _;
use std::io::Write;

/// The header of `observations.csv`.
pub const HEADER: [&str; 8] = [
    "measure_group",
    "main_group",
    "county",
    "county_code",
    "month",
    "value",
    "suppressed",
    "source",
];

/// Writes `observations.csv`: one line per cell, sorted by measure group, main group, area and
/// month, with the file name of the edition each value comes from.
///
/// `filter` picks the cells (every cell, or one measure group's); `source` names the edition.
pub fn observations_csv<'a>(
    dataset: &'a Dataset,
    cells: impl Iterator<Item = (&'a Key, &'a Observation)>,
) -> Vec<u8> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer
        .write_record(HEADER)
        .expect("writing to memory cannot fail");
    // Two buffers reused for every line: a large archive has a hundred thousand of them.
    let (mut month, mut value) = (String::new(), String::new());
    for (key, observation) in cells {
        month.clear();
        write!(month, "{:04}-{:02}", key.month.year, key.month.month).expect("in memory");
        value.clear();
        let suppressed = match observation.cell.value() {
            Some(v) => {
                write!(value, "{v}").expect("in memory");
                "false"
            }
            None => "true",
        };
        let record = [
            key.measure_group.slug(),
            key.main_group.slug(),
            key.area.name(),
            key.area.code(),
            &month,
            &value,
            suppressed,
            &dataset.editions[observation.edition].file,
        ];
        writer
            .write_record(record)
            .expect("writing to memory cannot fail");
    }
    writer.into_inner().expect("writing to memory cannot fail")
}

/// Joins files [`observations_csv`] wrote for disjoint sets of cells, given in key order, into
/// one: the header once, then every file's lines. A measure group's file is a run of lines of
/// the whole, so the whole need not be formatted a second time.
pub fn join_csv<'a>(files: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut joined = Vec::new();
    writeln!(joined, "{}", HEADER.join(",")).expect("writing to memory cannot fail");
    for file in files {
        let body = file
            .iter()
            .position(|b| *b == b'\n')
            .map_or(&[][..], |end| &file[end + 1..]);
        joined.extend_from_slice(body);
    }
    joined
}

/// The header of `revisjoner.csv`.
pub const REVISIONS_HEADER: [&str; 9] = [
    "measure_group",
    "main_group",
    "county",
    "county_code",
    "month",
    "old_value",
    "new_value",
    "old_source",
    "new_source",
];

/// Writes `revisjoner.csv`: every cell a later edition changed, in the order found. A
/// suppressed value is `*`; a row the later edition dropped has an empty new value.
pub fn revisions_csv(dataset: &Dataset) -> Vec<u8> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer
        .write_record(REVISIONS_HEADER)
        .expect("writing to memory cannot fail");
    for r in &dataset.revisions {
        let record = [
            r.key.measure_group.slug(),
            r.key.main_group.slug(),
            r.key.area.name(),
            r.key.area.code(),
            &r.key.month.iso(),
            &r.old.to_string(),
            &r.new.map(|c| c.to_string()).unwrap_or_default(),
            &dataset.editions[r.old_edition].file,
            &dataset.editions[r.new_edition].file,
        ];
        writer
            .write_record(record)
            .expect("writing to memory cannot fail");
    }
    writer.into_inner().expect("writing to memory cannot fail")
}
