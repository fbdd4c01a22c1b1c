//! The `tiltak` command: parses arguments, calls the library, and renders its results and
//! errors for people.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use tiltak::diagnostic::Diagnostic;
use tiltak::site::weight::Weights;
use tiltak::watch::{Change, Rebuild, Stopper};

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
    Build(BuildCommand),
    /// Read and check every report without writing anything; exits non-zero on errors.
    Check(ContentArgs),
    /// Build, then rebuild whenever a report, page or static file changes, until Ctrl-C.
    ///
    /// Builds once, then watches the content folder (reports and Markdown pages) and the
    /// static folder, and rebuilds whenever a file is added, changed, renamed or removed, so
    /// a report dropped into the content folder reaches the site without anyone running a
    /// build. Each rebuild prints one line: what changed, how many files were written, how
    /// long it took.
    ///
    /// A file still being copied is not read until it has stopped changing. A rebuild that
    /// fails prints the same errors as `tiltak build`, leaves the last good site untouched,
    /// and the watch goes on: fixing the file triggers the next rebuild. Files whose bytes did
    /// not change are not written again and keep their modification time, so a deploy or an
    /// rsync moves only what changed. When the content folder is removed, the watch says so
    /// and waits for it to come back. Ctrl-C stops after the build in progress, if any.
    Watch(BuildArgs),
    /// Watch, and serve the site on http://127.0.0.1:PORT/ with live reload, until Ctrl-C.
    ///
    /// Does what `tiltak watch` does and serves the output folder on 127.0.0.1 (this machine
    /// only). Open pages reload themselves after each successful rebuild, and show the build's
    /// error over the page when a rebuild fails. The reload script is added to pages as they
    /// are served; the files written to the output folder, which are what gets published, are
    /// exactly those of `tiltak build`. Only requests for 127.0.0.1:PORT or localhost:PORT
    /// are answered, so no other web site open in the browser can read the preview.
    Serve(ServeArgs),
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
    /// The output folder. After a successful build it holds the new site: only changed files
    /// are written, and only files an earlier build wrote (listed in its `.tiltak-manifest`)
    /// are deleted; any other file is left alone. A failed build leaves it as it was. A file,
    /// a folder that holds the content or static folder, the current folder or a Git
    /// repository, and a folder tiltak did not build are refused.
    #[arg(long, value_name = "DIR", default_value = "site")]
    out: PathBuf,
    /// The folder of static files (stylesheet) copied into the site; the built-in stylesheet
    /// is used when it does not exist.
    #[arg(long = "static", value_name = "DIR", default_value = "static")]
    static_dir: PathBuf,
    /// The site's public address (e.g. https://owner.github.io/repo/), used only for
    /// sitemap.xml, canonical links and link previews (og:image must be absolute, so the
    /// preview pictures are drawn only with it); every other link is relative. Must be an
    /// http or https address.
    #[arg(long, value_name = "URL", value_parser = tiltak::settings::base_url)]
    base_url: Option<String>,
}

#[derive(Args, Clone)]
struct BuildCommand {
    #[command(flatten)]
    build: BuildArgs,
    /// List every page with its weight, not only the heaviest, and the encoding each report
    /// was read as.
    #[arg(short, long)]
    verbose: bool,
}

#[derive(Args, Clone)]
struct ServeArgs {
    #[command(flatten)]
    build: BuildArgs,
    /// The port to listen on, on 127.0.0.1 only; 0 picks a free one.
    #[arg(long, default_value_t = 8000)]
    port: u16,
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
    let result = match cli.command.unwrap_or_else(|| {
        Command::Build(BuildCommand {
            build: BuildArgs::default(),
            verbose: false,
        })
    }) {
        Command::Build(args) => build(&args.build, args.verbose),
        Command::Check(args) => check(&args),
        Command::Watch(args) => return watch(&args),
        Command::Serve(args) => return serve(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report_error(&error);
            ExitCode::FAILURE
        }
    }
}

fn build(args: &BuildArgs, verbose: bool) -> Result<(), tiltak::Error> {
    let config = args.config();
    eprintln!(
        "Building {} into {}",
        config.content_dir.display(),
        config.out_dir.display()
    );
    let summary = tiltak::build(&config)?;
    print_warnings(
        &summary.warnings,
        "the data-quality page (datakvalitet.html) lists them all",
    );
    let [read, render, write] = summary.timings.map(|d| d.as_secs_f64() * 1000.0);
    if verbose {
        for (file, encoding) in &summary.encodings {
            eprintln!("  {file}: read as {encoding}");
        }
    }
    eprintln!(
        "Read {} {} ({} tables, {} cells) in {read:.1} ms",
        summary.reports,
        plural(summary.reports, "report", "reports"),
        summary.tables,
        summary.cells
    );
    print_page_weights(&summary.weights, render, verbose);
    let written = &summary.written;
    eprintln!(
        "Wrote {} of {} files ({} unchanged, {} removed, {:.0} KB in all) to {} in {write:.1} ms",
        written.written,
        written.written + written.unchanged,
        written.unchanged,
        written.removed,
        written.bytes as f64 / 1024.0,
        config.out_dir.display()
    );
    print_left_alone(&written.left_alone);
    Ok(())
}

/// Names the files of the output folder that tiltak did not write and left alone.
fn print_left_alone(files: &[String]) {
    if files.is_empty() {
        return;
    }
    const SHOWN: usize = 5;
    let mut names = files[..files.len().min(SHOWN)].join(", ");
    if files.len() > SHOWN {
        names.push_str(&format!(" and {} more", files.len() - SHOWN));
    }
    eprintln!(
        "Left alone {} {} that tiltak did not write: {names}",
        files.len(),
        plural(files.len(), "file", "files")
    );
}

/// A page heavier than this, gzipped as a server sends it, loads slowly on a phone; the build
/// says so. Raw size says little: a table of a thousand numbers is 200 KB and 20 gzipped.
const PAGE_BUDGET_GZIPPED: usize = 60 * 1024;

fn print_page_weights(weights: &Weights, render_ms: f64, verbose: bool) {
    let pages = &weights.pages;
    let kb = |size: usize| size as f64 / 1024.0;
    if verbose {
        for (path, size) in pages {
            eprintln!("  {:>7.1} KB  {path}", kb(*size));
        }
    }
    let mut sizes: Vec<usize> = pages.iter().map(|(_, s)| *s).collect();
    sizes.sort_unstable();
    let Some((path, size, gzipped)) = &weights.heaviest else {
        return;
    };
    eprintln!(
        "Rendered {} pages in {render_ms:.1} ms: median {:.0} KB; heaviest current page {path}, {:.0} KB ({:.0} KB gzipped){}",
        pages.len(),
        kb(sizes[sizes.len() / 2]),
        kb(*size),
        kb(*gzipped),
        if verbose {
            ""
        } else {
            "; --verbose lists every page"
        }
    );
    if *gzipped > PAGE_BUDGET_GZIPPED {
        eprintln!(
            "warning: {path} weighs more than {:.0} KB gzipped, and loads slowly on a phone",
            kb(PAGE_BUDGET_GZIPPED)
        );
    }
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

fn watch(args: &BuildArgs) -> ExitCode {
    let config = args.config();
    eprintln!(
        "Watching {} and {} for changes, building into {}; Ctrl-C stops",
        config.content_dir.display(),
        config.static_dir.display(),
        config.out_dir.display()
    );
    match tiltak::watch::Watch::start(config, Default::default(), print_rebuild) {
        Ok(watch) => {
            stop_on_ctrl_c(watch.stopper());
            watch.wait();
            eprintln!("Stopped");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: &ServeArgs) -> ExitCode {
    let config = args.build.config();
    let out = config.out_dir.clone();
    match tiltak::serve::Serve::start(config, args.port, Default::default(), print_rebuild) {
        Ok(serve) => {
            eprintln!(
                "Serving {} at {} with live reload; Ctrl-C stops",
                out.display(),
                serve.url()
            );
            stop_on_ctrl_c(serve.stopper());
            serve.wait();
            eprintln!("Stopped");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Prints a build of `watch` or `serve`: the errors as `tiltak build` prints them, the
/// warnings of the first build, and the one progress line.
fn print_rebuild(rebuild: &Rebuild) {
    match &rebuild.result {
        Ok(summary) if rebuild.changes.is_empty() => {
            print_warnings(
                &summary.warnings,
                "the data-quality page (datakvalitet.html) lists them all",
            );
            print_left_alone(&summary.written.left_alone);
        }
        Ok(_) => {}
        Err(error) => report_error(error),
    }
    eprintln!("{}", rebuild_line(rebuild));
}

/// The one line printed for each build of `watch` and `serve`: what changed, how many files
/// were written, how long it took.
fn rebuild_line(rebuild: &Rebuild) -> String {
    let what = describe(&rebuild.changes);
    let ms = rebuild.took.as_secs_f64() * 1000.0;
    match &rebuild.result {
        Ok(summary) => {
            let warnings = match summary.warnings.len() {
                0 => String::new(),
                n => format!(", {n} {}", plural(n, "warning", "warnings")),
            };
            let written = summary.written.written;
            format!(
                "{what}: wrote {written} {} ({} unchanged){warnings}, in {ms:.0} ms",
                plural(written, "file", "files"),
                summary.written.unchanged,
            )
        }
        Err(error) => {
            format!("{what}: build failed in {ms:.0} ms: {error}; the last good site is kept")
        }
    }
}

/// Names the changes of a rebuild: all of them when there are a few, else the first ones
/// and a count.
fn describe(changes: &[Change]) -> String {
    const SHOWN: usize = 3;
    if changes.is_empty() {
        return "first build".to_string();
    }
    let mut text = changes
        .iter()
        .take(SHOWN)
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if changes.len() > SHOWN {
        text.push_str(&format!(" and {} more", changes.len() - SHOWN));
    }
    text
}

/// Ctrl-C (and a termination signal) asks the watch to stop; it finishes the build in
/// progress first, so no temporary file is left in the output folder.
fn stop_on_ctrl_c(stopper: Stopper) {
    let handler = move || {
        eprintln!("Stopping…");
        stopper.stop();
    };
    if let Err(error) = ctrlc::set_handler(handler) {
        eprintln!("warning: cannot catch Ctrl-C ({error}); stopping may interrupt a build");
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use tiltak::watch::What;

    #[test]
    fn the_progress_line_names_a_few_changes_and_counts_the_rest() {
        let change = |name: &str, what: What| Change {
            path: PathBuf::from(name),
            what,
        };
        let changes = vec![
            change("content/a.txt", What::Added),
            change("content/b.txt", What::Changed),
            change("content/c.txt", What::Removed),
            change("content/d.txt", What::Removed),
        ];
        assert_eq!(
            describe(&changes),
            "content/a.txt added, content/b.txt changed, content/c.txt removed and 1 more"
        );
        assert_eq!(describe(&[]), "first build");
    }
}
