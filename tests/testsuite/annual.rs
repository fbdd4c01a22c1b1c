//! Annual averages: `data/annual.csv` and the pages' «Årsgjennomsnitt» tables against
//! averages worked out here from the seed report's own rows.

use crate::common::{root, seed_text};
use crate::site::{build, nb, text};

/// The cells of the first row labelled `label` after the line `first`, as the report
/// writes them: `None` for `*`.
pub fn row_after(first: &str, label: &str) -> Vec<Option<u64>> {
    let seed = seed_text();
    let from = seed.find(first).expect("the table is in the seed");
    let line = seed[from..]
        .lines()
        .find(|l| l.split('\t').next() == Some(label))
        .expect("the row is in the table");
    line.split('\t')
        .skip(1)
        .map(|c| match c.trim() {
            "*" => None,
            n => Some(n.replace(' ', "").parse().unwrap()),
        })
        .collect()
}

/// The average of twelve months, rounded half up, low (`*` as 0) and high (`*` as 3),
/// in floating point as a reader with a calculator would.
fn average(row: &[Option<u64>]) -> (u64, u64) {
    assert_eq!(row.len(), 12);
    let low: u64 = row.iter().map(|c| c.unwrap_or(0)).sum();
    let high: u64 = row.iter().map(|c| c.unwrap_or(3)).sum();
    let round = |sum: u64| (sum as f64 / 12.0 + 0.5).floor() as u64;
    (round(low), round(high))
}

#[test]
fn annual_csv_and_pages_hold_the_averages_of_the_reports_months() {
    let (_dir, files) = build(&root().join("content"), None);
    let csv = text(&files, "data/annual.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec![
            "measure_group",
            "main_group",
            "county",
            "county_code",
            "year",
            "low",
            "high"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let find = |measure: &str, main: &str, county: &str| -> (String, u64, u64) {
        let r = records
            .iter()
            .find(|r| r[0] == *measure && r[1] == *main && r[2] == *county)
            .unwrap_or_else(|| panic!("{measure} {main} {county} is in annual.csv"));
        assert_eq!(&r[4], "2022");
        (
            r[3].to_string(),
            r[5].parse().unwrap(),
            r[6].parse().unwrap(),
        )
    };
    let total = average(&row_after(
        "I alt avklaringstiltak",
        "I alt avklaringstiltak",
    ));
    assert_eq!(total, (3418, 3418), "41 010 / 12 = 3 417.5 rounds half up");
    assert_eq!(
        find("avklaringstiltak", "alle", "I alt"),
        (String::new(), 3418, 3418)
    );
    let oslo = average(&row_after("I alt avklaringstiltak", "Oslo"));
    assert_eq!(
        find("avklaringstiltak", "alle", "Oslo"),
        ("03".into(), oslo.0, oslo.1)
    );
    // Ukjent has eight `*` months: a range, never one number.
    let unknown = average(&row_after("I alt avklaringstiltak", "Ukjent"));
    assert_eq!(unknown, (2, 4));
    assert_eq!(
        find("avklaringstiltak", "alle", "Ukjent"),
        (String::new(), 2, 4)
    );
    // The last table has only June–October: no complete year, so no average.
    assert!(!records
        .iter()
        .any(|r| &r[0] == "jobbskaping-og-egenetablering" && &r[1] == "andre"));

    let page = text(&files, "tiltaksgrupper/avklaringstiltak.html");
    let annual = &page[page
        .find("<h2>Årsgjennomsnitt</h2>")
        .expect("the table is on the page")..];
    assert!(
        annual.contains(&format!("<td>{}</td>", nb("3 418"))),
        "the total"
    );
    assert!(annual.contains("Ukjent</th><td>2–4</td>"), "the range");
    assert!(
        annual.contains("avrundet til hele personer"),
        "the rounding rule"
    );
    let county = text(&files, "fylker/oslo.html");
    let annual = &county[county
        .find("<h2>Årsgjennomsnitt</h2>")
        .expect("on the county page")..];
    assert!(annual.contains(&format!(
        "Avklaringstiltak</a></th><td>{}</td>",
        nb(&oslo.0.to_string())
    )));
}

/// A long series' chart of averages by year and its «Årsgjennomsnitt» table give a complete
/// year the same number: one statistic, rounded one way, wherever a reader meets it.
#[test]
fn the_chart_of_averages_and_the_table_agree_on_every_complete_year() {
    use crate::corpus::generator::{write_archive, Options};
    let content = tempfile::tempdir().unwrap();
    let options = Options {
        years: 4,
        start_year: 2019,
        seed: 7,
    };
    write_archive(&options, content.path()).unwrap();
    let (_dir, files) = build(content.path(), None);
    let page = text(&files, "tiltaksgrupper/avklaringstiltak.html");
    let table = &page[page.find("<h2>Årsgjennomsnitt</h2>").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let years: Vec<&str> = table
        .split("<th scope=\"col\">")
        .skip(2)
        .map(|t| &t[..4])
        .collect();
    let total = &table[table.find("I alt").unwrap()..];
    let total = &total[..total.find("</tr>").unwrap()];
    let cells: Vec<&str> = total
        .split("<td>")
        .skip(1)
        .map(|c| &c[..c.find("</td>").unwrap()])
        .collect();
    assert_eq!(years, ["2019", "2020", "2021", "2022"], "{table}");
    assert_eq!(cells.len(), years.len(), "{total}");
    for (year, cell) in years.iter().zip(&cells) {
        let tip = format!("<title>Avklaringstiltak, {year}: {cell} (snitt av 12 måneder)</title>");
        assert!(page.contains(&tip), "{tip} is not in the chart");
    }
}
