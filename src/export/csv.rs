use crate::dims::{Classification, Month};
use crate::model::{Dataset, Key, Observation};
use crate::report::Cell;

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
/// `cells` picks the cells (every cell, or one measure group's). The main pages' files hold
/// every cell of the archive and are written again each month, so lines are put together
/// from pieces made once: the csv crate quotes the four fields that name a series once per
/// series and each edition's file name once, and the month, value and flag, which never
/// need quoting, are written as they are. The bytes are those of writing every record
/// through the csv crate (a unit test compares the two).
pub fn observations_csv<'a>(
    dataset: &'a Dataset,
    cells: impl IntoIterator<Item = &'a (Key, Observation)>,
) -> Vec<u8> {
    let mut out = record(HEADER);
    let sources: Vec<Vec<u8>> = dataset
        .editions
        .iter()
        .map(|e| record([e.file.as_str()]))
        .collect();
    let mut series: Option<(&Key, Vec<u8>)> = None;
    let mut number = itoa::Buffer::new();
    for (key, observation) in cells {
        let prefix = match &series {
            Some((first, prefix)) if first.same_series(key) => prefix,
            _ => {
                let fields = [
                    key.measure_group.slug(),
                    key.main_group.slug(),
                    key.area.name(),
                    key.area.code(),
                    "",
                ];
                let mut prefix = record(fields);
                prefix.pop();
                &series.insert((key, prefix)).1
            }
        };
        out.extend_from_slice(prefix);
        key.month.write_iso(&mut out);
        out.push(b',');
        match observation.cell.value() {
            Some(v) => {
                out.extend_from_slice(number.format(v).as_bytes());
                out.extend_from_slice(b",false,");
            }
            None => out.extend_from_slice(b",true,"),
        }
        // The edition's file name, quoted as needed, with the line's end.
        out.extend_from_slice(&sources[observation.edition]);
    }
    out
}

/// A CSV writer into memory with `\n` line ends, as every file here is written.
fn writer() -> ::csv::Writer<Vec<u8>> {
    writer_buffered(8 * 1024)
}

/// [`writer`] with a buffer of `capacity` bytes: the writer zeroes its buffer when made.
fn writer_buffered(capacity: usize) -> ::csv::Writer<Vec<u8>> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .buffer_capacity(capacity)
        .from_writer(Vec::new())
}

/// One CSV line, quoted where needed, with its `\n`. A small buffer: a build writes a line
/// like this for every series of every edition, and the default 8 KiB buffer, zeroed each
/// time, cost more than the line.
fn record<'f>(fields: impl IntoIterator<Item = &'f str>) -> Vec<u8> {
    let mut writer = writer_buffered(256);
    writer
        .write_record(fields.into_iter().map(defused_bytes))
        .expect("writing to memory cannot fail");
    writer.into_inner().expect("writing to memory cannot fail")
}

/// [`defused`], as the csv crate takes it.
fn defused_bytes(field: &str) -> std::borrow::Cow<'_, [u8]> {
    match defused(field) {
        std::borrow::Cow::Borrowed(field) => std::borrow::Cow::Borrowed(field.as_bytes()),
        std::borrow::Cow::Owned(field) => std::borrow::Cow::Owned(field.into_bytes()),
    }
}

/// A field as a spreadsheet may safely open it: one that starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return and is not a number would be taken for a formula, so it gets a
/// leading `'`, as OWASP recommends against CSV injection. Labels and file names come from
/// whoever wrote the report; the numbers of the data are never negative, so no number is
/// changed.
pub fn defused(field: &str) -> std::borrow::Cow<'_, str> {
    let risky = field.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && field.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{field}"))
    } else {
        std::borrow::Cow::Borrowed(field)
    }
}

/// Joins files [`observations_csv`] wrote for disjoint sets of cells, given in key order, into
/// one: the header once, then every file's lines. A measure group's file is a run of lines of
/// the whole, so the whole need not be formatted a second time.
pub fn join_csv<'a>(files: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let header = record(HEADER);
    let bodies: Vec<&[u8]> = files
        .into_iter()
        .map(|file| {
            file.iter()
                .position(|b| *b == b'\n')
                .map_or(&[][..], |end| &file[end + 1..])
        })
        .collect();
    // Sized at once: the whole archive's file is megabytes, and growing it step by step
    // would copy it over and over.
    let mut joined =
        Vec::with_capacity(header.len() + bodies.iter().map(|b| b.len()).sum::<usize>());
    joined.extend_from_slice(&header);
    for body in bodies {
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
    let mut writer = writer();
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
            .write_record(record.into_iter().map(defused_bytes))
            .expect("writing to memory cannot fail");
    }
    writer.into_inner().expect("writing to memory cannot fail")
}

/// The header of `comparable.csv`.
pub const COMPARABLE_HEADER: [&str; 7] = [
    "measure_group",
    "main_group",
    "region",
    "region_codes",
    "month",
    "low",
    "high",
];

/// Writes `comparable.csv`: each comparable region's sum, month by month, for every measure
/// group and main group. `region_codes` lists the codes summed that month (`01+02+06`);
/// `low` counts each `*` as 0 and `high` as 3, so a sum over suppressed cells is a range.
pub fn comparable_csv(dataset: &Dataset, classification: &Classification) -> Vec<u8> {
    let regions = crate::model::comparable::regions(dataset, classification);
    let mut writer = writer();
    writer
        .write_record(COMPARABLE_HEADER)
        .expect("writing to memory cannot fail");
    let names: Vec<String> = regions.iter().map(|r| r.name()).collect();
    for measure_group in dataset.measure_groups() {
        for main_group in dataset.main_groups(measure_group) {
            for (region, name) in regions.iter().zip(&names) {
                for (month, sum) in region.series(dataset, measure_group, main_group) {
                    let record = [
                        measure_group.slug(),
                        main_group.slug(),
                        name,
                        &sum.codes(),
                        &month.iso(),
                        &sum.low.to_string(),
                        &sum.high.to_string(),
                    ];
                    writer
                        .write_record(record)
                        .expect("writing to memory cannot fail");
                }
            }
        }
    }
    writer.into_inner().expect("writing to memory cannot fail")
}

/// The header of `annual.csv`.
pub const ANNUAL_HEADER: [&str; 7] = [
    "measure_group",
    "main_group",
    "county",
    "county_code",
    "year",
    "low",
    "high",
];

/// Writes `annual.csv`: the annual average of every series in every complete calendar year
/// (see [`crate::model::annual`]), sorted as `observations.csv`. `low` counts each `*` month
/// as 0 and `high` as 3, both rounded half up to whole persons; they are equal for a year
/// without `*`.
pub fn annual_csv(dataset: &Dataset) -> Vec<u8> {
    let mut writer = writer();
    writer
        .write_record(ANNUAL_HEADER)
        .expect("writing to memory cannot fail");
    let areas = dataset.areas();
    for measure_group in dataset.measure_groups() {
        for main_group in dataset.main_groups(measure_group) {
            for area in &areas {
                for average in dataset.annual(measure_group, main_group, area) {
                    let record = [
                        measure_group.slug(),
                        main_group.slug(),
                        area.name(),
                        area.code(),
                        &average.year.to_string(),
                        &average.low.to_string(),
                        &average.high.to_string(),
                    ];
                    writer
                        .write_record(record.into_iter().map(defused_bytes))
                        .expect("writing to memory cannot fail");
                }
            }
        }
    }
    writer.into_inner().expect("writing to memory cannot fail")
}

/// The header of a chart's CSV file.
pub const FIGURE_HEADER: [&str; 4] = ["series", "month", "value", "suppressed"];

/// Writes the numbers one chart draws, a line a point in the order drawn: the series (a
/// line's legend name, a bar's county, a year), the month, and the value as in
/// `observations.csv` (a suppressed cell has an empty `value` and `suppressed=true`). A month
/// the chart leaves blank has no line.
pub fn figure_csv(points: &[(String, Month, Cell)]) -> Vec<u8> {
    let mut writer = writer();
    writer
        .write_record(FIGURE_HEADER)
        .expect("writing to memory cannot fail");
    for (series, month, cell) in points {
        let value = cell.value().map(|v| v.to_string()).unwrap_or_default();
        let suppressed = if cell.value().is_some() {
            "false"
        } else {
            "true"
        };
        let record = [series.as_str(), &month.iso(), &value, suppressed];
        writer
            .write_record(record.into_iter().map(defused_bytes))
            .expect("writing to memory cannot fail");
    }
    writer.into_inner().expect("writing to memory cannot fail")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record written through the csv crate, as `observations_csv` wrote them before
    /// it put lines together from pieces.
    fn through_the_csv_crate(dataset: &Dataset) -> Vec<u8> {
        let mut writer = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        writer.write_record(HEADER).unwrap();
        for (key, observation) in &dataset.cells {
            let value = observation.cell.value().map(|v| v.to_string());
            writer
                .write_record(
                    [
                        key.measure_group.slug(),
                        key.main_group.slug(),
                        key.area.name(),
                        key.area.code(),
                        &format!("{:04}-{:02}", key.month.year, key.month.month),
                        value.as_deref().unwrap_or(""),
                        if value.is_some() { "false" } else { "true" },
                        &dataset.editions[observation.edition].file,
                    ]
                    .map(defused_bytes),
                )
                .unwrap();
        }
        writer.into_inner().unwrap()
    }

    #[test]
    fn formulas_are_defused_and_numbers_are_not() {
        for (field, shown) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+47 22", "'+47 22"),
            ("-Oslo", "'-Oslo"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("-12", "-12"),
            ("+3.5", "+3.5"),
            ("Oslo", "Oslo"),
            ("", ""),
            ("a=b", "a=b"),
        ] {
            assert_eq!(defused(field), shown, "{field:?}");
        }
    }

    #[test]
    fn lines_put_together_are_the_csv_crates_lines() {
        let seed = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("content/tiltaksdeltakere-2022.txt"),
        )
        .unwrap();
        // A county label and file names that need quoting, and two editions.
        let odd =
            seed.replacen("Oslo", "Oslo, \"sentrum\"", 3)
                .replacen("\nAgder\t", "\n=SUM(A1)\t", 2);
        assert_ne!(odd, seed);
        let earlier = seed.replace("2022", "2021");
        let files = vec![
            crate::source::decode("rapport \"2021\".txt", earlier.as_bytes()).unwrap(),
            crate::source::decode("@a,b.txt", odd.as_bytes()).unwrap(),
        ];
        let loaded = crate::load::load_content(files, vec![]).unwrap();
        let dataset = &loaded.dataset;
        assert!(dataset
            .cells
            .iter()
            .any(|(k, _)| k.area.name().contains('"')));
        assert!(dataset
            .cells
            .iter()
            .any(|(k, _)| k.area.name() == "=SUM(A1)"));
        let ours = observations_csv(dataset, &dataset.cells);
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(through_the_csv_crate(dataset)).unwrap()
        );
    }
}
