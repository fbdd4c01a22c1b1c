//! Writes a seeded archive of synthetic reports in the seed report's exact format.
//!
//! ```sh
//! cargo run --release --example corpus -- --years 10 --start-year 2019 --seed 42 --out corpus
//! cargo run --release --example corpus -- --from 2011 --to 2026 --out corpus
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
/// they add up: counties to `I alt`, main groups to the measure group's total. Each year has
/// the counties of its time: nineteen until 2017, Trøndelag from 2018, eleven in 2020–2023,
/// fifteen from 2024. Later reports of a year revise a few cells of earlier ones. The same
/// arguments always give byte-identical files.
#[derive(Debug, Parser)]
#[command(name = "corpus", version, about, long_about)]
struct Args {
    /// How many years of reports to write (twelve reports a year).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000), conflicts_with = "to")]
    years: u32,
    /// The first year of the archive.
    #[arg(long, default_value_t = 2022, value_parser = clap::value_parser!(i32).range(1000..=9999), conflicts_with = "from")]
    start_year: i32,
    /// The first year of the archive (the same as --start-year).
    #[arg(long, value_parser = clap::value_parser!(i32).range(1000..=9999))]
    from: Option<i32>,
    /// The last year of the archive, instead of --years.
    #[arg(long, value_parser = clap::value_parser!(i32).range(1000..=9999))]
    to: Option<i32>,
    /// The seed of every random choice: the same arguments give the same bytes.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// The folder to write the reports into; created when missing. Files of the same
    /// names are replaced, other files are left alone.
    #[arg(long)]
    out: PathBuf,
}

fn main() -> std::process::ExitCode {
    let mut args = Args::parse();
    if let Some(from) = args.from {
        args.start_year = from;
    }
    if let Some(to) = args.to {
        if to < args.start_year {
            eprintln!(
                "error: --to {to} is before the first year, {}",
                args.start_year
            );
            return std::process::ExitCode::FAILURE;
        }
        args.years = (to - args.start_year + 1) as u32;
    }
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
