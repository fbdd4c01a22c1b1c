//! Feeds arbitrary bytes to the decoder and the parser, and whatever parses to every later
//! stage (validation, merging, CSV and JSON-stat export); errors are drawn as a build draws
//! them. Any panic is a bug; so is a problem reported at a line or column the text does not
//! have.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tiltak::diagnostic::Diagnostic;
use tiltak::model::Dataset;

fn check_positions(text: &str, diagnostics: &[Diagnostic]) {
    let lines: Vec<&str> = text.split('\n').collect();
    for d in diagnostics {
        if d.line == 0 {
            assert_eq!(d.col, 0, "{d}");
        } else {
            let line = lines[d.line as usize - 1];
            assert!(d.col as usize <= line.chars().count() + 1, "{d}");
        }
        if let Some((source, start, len)) = &d.snippet {
            assert!(source.is_char_boundary(*start) && source.is_char_boundary(start + len));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(file) = tiltak::source::decode("fuzz.txt", data) else {
        return;
    };
    match tiltak::report::parse(&file) {
        Err(errors) => {
            check_positions(&file.text, &errors);
            tiltak::diagnostic::render_all(&errors);
        }
        Ok(report) => {
            check_positions(&file.text, &report.warnings);
            let (found, _) = tiltak::validate::check_report(&report);
            check_positions(&file.text, &found);
            let (errors, _) = tiltak::settings::Settings::default().judge(found);
            tiltak::diagnostic::render_all(&errors);
            let (dataset, _) = Dataset::from_reports(vec![report]).unwrap();
            tiltak::export::observations_csv(&dataset, dataset.cells.iter());
            for measure in dataset.measure_groups() {
                serde_json::to_vec(&tiltak::export::jsonstat(&dataset, measure)).unwrap();
            }
        }
    }
});
