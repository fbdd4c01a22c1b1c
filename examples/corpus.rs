//! Writes a seeded archive of synthetic reports in the seed report's exact format.
//!
//! ```sh
//! cargo run --release --example corpus -- --years 10 --start-year 2019 --seed 42 --out corpus
//! ```
//!
//! The generator itself is `benches/support/corpus.rs`, shared with the parser benchmark and
//! the tests.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use clap::Parser;
use std::path::PathBuf;
use std::time::Instant;

/// Writes a realistic archive of NAV's monthly reports "Deltakere i arbeidsrettede tiltak",
/// in the exact format of the seed report, for tests and benchmarks at scale.
///
/// For each year it writes twelve year-to-date reports (`Januar - Januar YYYY` to
/// `Januar - Desember YYYY`), named `tiltaksdeltakere-YYYY-MM.txt`. The numbers are
/// synthetic but shaped like the seed's (levels, counties, a July dip, slow trends), and
/// they add up: counties to `I alt`, main groups to the measure group's total. Years from
/// 2024 have the fifteen counties of the 2024 reform. Later reports of a year revise a few
/// cells of earlier ones. The same arguments always give byte-identical files.
#[derive(Debug, Parser)]
#[command(name = "corpus", version, about, long_about)]
struct Args {
    /// How many years of reports to write (twelve reports a year).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    years: u32,
    /// The first year of the archive (years before 2020 use the 2020–2023 counties).
    #[arg(long, default_value_t = 2022, value_parser = clap::value_parser!(i32).range(1000..=9999))]
    start_year: i32,
    /// The seed of every random choice: the same arguments give the same bytes.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// The folder to write the reports into; created when missing. Files of the same
    /// names are replaced, other files are left alone.
    #[arg(long)]
    out: PathBuf,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let last_year = i64::from(args.start_year) + i64::from(args.years) - 1;
    if last_year > 9999 {
        eprintln!(
            "error: the archive would end in {last_year}; years have four digits in the reports"
        );
        return std::process::ExitCode::FAILURE;
    }
    let options = corpus::Options {
        years: args.years,
        start_year: args.start_year,
        seed: args.seed,
    };
    let start = Instant::now();
    match corpus::write_archive(&options, &args.out) {
        Ok((paths, bytes)) => {
            println!(
                "wrote {} reports ({:.1} MB) for {}–{last_year} to {} in {:.2} s",
                paths.len(),
                bytes as f64 / 1e6,
                args.start_year,
                args.out.display(),
                start.elapsed().as_secs_f64()
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write to {}: {e}", args.out.display());
            std::process::ExitCode::FAILURE
        }
    }
}
