//! Times an incremental rebuild against a full build on a generated archive: one new report
//! landing in an archive of many, as `tiltak watch` sees it.
//!
//! ```sh
//! cargo run --release --example incremental -- --years 10 --runs 9
//! ```
//!
//! Writes the archive without its last two reports and builds it with a fresh cache; a moment
//! later adds the second to last report and builds again with the same cache (the month
//! before, as `tiltak watch` took it in); a moment later adds the last report and builds
//! again (the incremental build); then builds the same content into a new folder with a
//! fresh cache (the full build). RUNS times, each into new output folders. Prints the median
//! and best of each, the phases of the incremental build, and their ratio; and the month
//! before, which the site took in before it had spares (see `write`).

#[path = "../benches/support/corpus.rs"]
mod corpus;

use clap::Parser;
use std::time::{Duration, Instant};

/// Times an incremental rebuild against a full build on a generated archive.
#[derive(Debug, Parser)]
struct Args {
    /// Years of monthly reports in the archive.
    #[arg(long, default_value_t = 10)]
    years: u32,
    /// How many full and incremental builds to time.
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let args = Args::parse();
    let options = corpus::Options {
        years: args.years,
        start_year: 2025 - args.years as i32,
        seed: 42,
    };
    let reports = corpus::generate(&options);
    let work = tempfile::tempdir().expect("a temporary folder");
    let content = work.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    let (last, earlier) = reports.split_last().expect("at least one report");
    let (before, earlier) = earlier.split_last().expect("at least two reports");
    for report in earlier {
        std::fs::write(content.join(&report.name), &report.text).unwrap();
    }
    // An archive's reports are old when a new one lands, and a site `tiltak watch` keeps has
    // taken in months before. Both matter: a rebuild trusts the stamps of files and folders
    // that last changed over two seconds before they were stamped (`source::Earlier`,
    // `write::Listing`), and a site swapped in whole has none yet; and the writer writes a
    // changed file over the version before its last change (`write`'s spares), which a site
    // that has only been written whole does not have.
    let settle = || std::thread::sleep(Duration::from_millis(2200));
    settle();
    let (mut full, mut incremental, mut phases) = (Vec::new(), Vec::new(), Vec::new());
    let mut first = Vec::new();
    let mut did = String::new();
    for run in 0..args.runs {
        let _ = std::fs::remove_file(content.join(&last.name));
        let _ = std::fs::remove_file(content.join(&before.name));
        let config = tiltak::Config {
            content_dir: content.clone(),
            out_dir: work.path().join(format!("site-{run}")),
            static_dir: "static".into(),
            base_url: None,
        };
        let mut cache = tiltak::build::Cache::default();
        tiltak::build::build_with(&config, &mut cache).expect("the archive builds");
        settle();
        std::fs::write(content.join(&before.name), &before.text).unwrap();
        // The same work into a site that has no spares yet: the first month it takes in.
        let start = Instant::now();
        tiltak::build::build_with(&config, &mut cache).expect("the archive builds");
        first.push(start.elapsed());
        settle();
        std::fs::write(content.join(&last.name), &last.text).unwrap();
        let start = Instant::now();
        let summary = tiltak::build::build_with(&config, &mut cache).expect("the archive builds");
        incremental.push(start.elapsed());
        phases.push(summary.timings);
        did = format!(
            "parsed {} of {} reports, {}, rendered {} of {} editions, wrote {} of {} files",
            cache.last_build().0,
            reports.len(),
            if cache.last_merge_added() {
                "added the new report to the merge"
            } else {
                "merged every report anew"
            },
            cache.last_editions().0,
            reports.len(),
            summary.written.written,
            summary.written.written + summary.written.unchanged,
        );
        // Nothing of the incremental build may run on while the full build is timed.
        drop(cache);
        // The full build of the same content, into another new folder, with a fresh cache.
        let config = tiltak::Config {
            out_dir: work.path().join(format!("full-{run}")),
            ..config
        };
        let start = Instant::now();
        tiltak::build::build_with(&config, &mut tiltak::build::Cache::default())
            .expect("the archive builds");
        full.push(start.elapsed());
    }
    let (f, i) = (median(full.clone()), median(incremental.clone()));
    let phase = |n: usize| ms(median(phases.iter().map(|p| p[n]).collect()));
    println!("{} reports, {} runs", reports.len(), args.runs);
    println!(
        "full build:        median {:7.1} ms, best {:7.1} ms",
        ms(f),
        ms(*full.iter().min().unwrap())
    );
    println!(
        "incremental build: median {:7.1} ms, best {:7.1} ms",
        ms(i),
        ms(*incremental.iter().min().unwrap())
    );
    println!("  {did}");
    println!(
        "  the month before, the first the site took in (no spares yet): median {:.1} ms, {:.1} %",
        ms(median(first.clone())),
        100.0 * median(first).as_secs_f64() / f.as_secs_f64()
    );
    println!(
        "  read+parse+merge {:.1} ms, render {:.1} ms, write {:.1} ms",
        phase(0),
        phase(1),
        phase(2)
    );
    println!(
        "incremental / full: {:.1} %",
        100.0 * i.as_secs_f64() / f.as_secs_f64()
    );
}
