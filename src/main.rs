//! The `tiltak` command: parses arguments, calls the library, and renders its results and
//! errors for people.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use tiltak::diagnostic::Diagnostic;

/// Publishes NAV's reports "Deltakere i arbeidsrettede tiltak" as a static website.
///
/// Reads every report (*.txt) and page (*.md) in the content folder and writes a site with a
/// page per measure group and county, SVG charts, and CSV and JSON-stat downloads. With no
/// command, builds `content/` into `site/`.
#[derive(Parser)]
#[command(version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site once (the default command).
    Build(BuildArgs),
    /// Read and check every report without writing anything; exits non-zero on errors.
    Check(ContentArgs),
}

#[derive(Args, Clone)]
struct ContentArgs {
    /// The folder holding the reports (*.txt) and pages (*.md).
    #[arg(long, value_name = "DIR", default_value = "content")]
    content: PathBuf,
}

#[derive(Args, Clone)]
struct BuildArgs {
    #[command(flatten)]
    content: ContentArgs,
    /// The output folder. It is replaced whole, and only when the build succeeds.
    #[arg(long, value_name = "DIR", default_value = "site")]
    out: PathBuf,
    /// The folder of static files (stylesheet) copied into the site; the built-in stylesheet
    /// is used when it does not exist.
    #[arg(long = "static", value_name = "DIR", default_value = "static")]
    static_dir: PathBuf,
    /// The site's public address (e.g. https://owner.github.io/repo/), used only for
    /// sitemap.xml and canonical links; every other link is relative.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

impl BuildArgs {
    fn config(&self) -> tiltak::Config {
        tiltak::Config {
            content_dir: self.content.content.clone(),
            out_dir: self.out.clone(),
            static_dir: self.static_dir.clone(),
            base_url: self.base_url.clone(),
        }
    }
}

impl Default for BuildArgs {
    fn default() -> BuildArgs {
        BuildArgs::parse_from_defaults()
    }
}

impl BuildArgs {
    fn parse_from_defaults() -> BuildArgs {
        #[derive(Parser)]
        struct Defaults {
            #[command(flatten)]
            args: BuildArgs,
        }
        Defaults::parse_from(["tiltak"]).args
    }
}

/// How many warnings are printed in full before the rest are only counted.
const WARNINGS_SHOWN: usize = 10;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli
        .command
        .unwrap_or_else(|| Command::Build(BuildArgs::default()))
    {
        Command::Build(args) => build(&args),
        Command::Check(args) => check(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report_error(&error);
            ExitCode::FAILURE
        }
    }
}

fn build(args: &BuildArgs) -> Result<(), tiltak::Error> {
    let config = args.config();
    eprintln!(
        "Building {} into {}",
        config.content_dir.display(),
        config.out_dir.display()
    );
    let summary = tiltak::build(&config)?;
    print_warnings(
        &summary.warnings,
        "the data-quality page (datakvalitet/) lists them all",
    );
    let [read, render, write] = summary.timings.map(|d| d.as_secs_f64() * 1000.0);
    eprintln!(
        "Read {} {} ({} tables, {} cells) in {read:.1} ms",
        summary.reports,
        plural(summary.reports, "report", "reports"),
        summary.tables,
        summary.cells
    );
    if let Some((path, size)) = summary.pages.iter().max_by_key(|(_, size)| *size) {
        eprintln!(
            "Rendered {} pages in {render:.1} ms; the heaviest is {path} ({:.0} KB)",
            summary.pages.len(),
            *size as f64 / 1024.0
        );
    }
    eprintln!(
        "Wrote {} files ({} unchanged, {:.0} KB in all) to {} in {write:.1} ms",
        summary.written.written + summary.written.unchanged,
        summary.written.unchanged,
        summary.written.bytes as f64 / 1024.0,
        config.out_dir.display()
    );
    Ok(())
}

fn check(args: &ContentArgs) -> Result<(), tiltak::Error> {
    let loaded = tiltak::load(&args.content)?;
    print_warnings(
        &loaded.warnings,
        "run `tiltak build` and see the data-quality page",
    );
    let editions = &loaded.dataset.editions;
    let c = &loaded.checks;
    eprintln!(
        "{} {} read: {} tables, {} cells; {} county sums and {} main-group sums checked, {} failed",
        editions.len(),
        plural(editions.len(), "report", "reports"),
        editions
            .iter()
            .map(|e| e.report.tables.len())
            .sum::<usize>(),
        editions
            .iter()
            .map(|e| e.report.cell_count())
            .sum::<usize>(),
        c.county_sums,
        c.main_group_sums,
        c.county_failures + c.main_group_failures
    );
    Ok(())
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn print_warnings(warnings: &[Diagnostic], where_all: &str) {
    for warning in warnings.iter().take(WARNINGS_SHOWN) {
        eprintln!("{warning}");
    }
    if warnings.len() > WARNINGS_SHOWN {
        eprintln!(
            "… and {} more warnings; {where_all}",
            warnings.len() - WARNINGS_SHOWN
        );
    }
}

fn report_error(error: &tiltak::Error) {
    eprint!("{}", error.render());
}
