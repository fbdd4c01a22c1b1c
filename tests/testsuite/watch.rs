//! `tiltak watch` on a temporary folder: new reports reach the site, broken ones leave the
//! last good site in place, half-written files are not read, unchanged files are not
//! rewritten, and a rebuild writes exactly what a full build writes.
//!
//! The machine running these may be loaded: every wait polls up to a deadline instead of
//! sleeping a fixed time, and each test stops its watcher.

use crate::common::{files_under, root, seed_text};
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant, SystemTime};
use tiltak::watch::{Change, Options, Rebuild, Watch, What};

/// How long a test waits for something that should take well under a second.
pub(crate) const DEADLINE: Duration = Duration::from_secs(10);

/// A content folder with the seed report and page, a static folder, and an output folder,
/// all in one temporary folder.
pub(crate) struct Fixture {
    pub dir: tempfile::TempDir,
    pub config: tiltak::Config,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let static_dir = dir.path().join("static");
        fs::create_dir_all(&content).unwrap();
        fs::create_dir_all(&static_dir).unwrap();
        for name in ["tiltaksdeltakere-2022.txt", "om-tiltaksgruppene.md"] {
            fs::copy(root().join("content").join(name), content.join(name)).unwrap();
        }
        fs::copy(
            root().join("static/style.css"),
            static_dir.join("style.css"),
        )
        .unwrap();
        let config = tiltak::Config {
            content_dir: content,
            out_dir: dir.path().join("site"),
            static_dir,
            base_url: None,
        };
        Fixture { dir, config }
    }

    pub fn content(&self, name: &str) -> PathBuf {
        self.config.content_dir.join(name)
    }

    pub fn site(&self, name: &str) -> PathBuf {
        self.config.out_dir.join(name)
    }

    /// Every file of the site with its bytes.
    pub fn site_files(&self) -> BTreeMap<String, Vec<u8>> {
        files_under(&self.config.out_dir)
            .into_iter()
            .map(|f| (f.clone(), fs::read(self.site(&f)).unwrap()))
            .collect()
    }

    /// Every file of the site with its modification time.
    pub fn site_times(&self) -> BTreeMap<String, SystemTime> {
        files_under(&self.config.out_dir)
            .into_iter()
            .map(|f| {
                (
                    f.clone(),
                    fs::metadata(self.site(&f)).unwrap().modified().unwrap(),
                )
            })
            .collect()
    }

    /// Whatever is beside the content, static and output folders and the output folder's
    /// lock, and any temporary file inside the output folder: what a build left behind.
    pub fn leftovers(&self) -> Vec<String> {
        let kept = ["content", "static", "site", ".site.tiltak-lock"];
        let mut names: Vec<String> = fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !kept.contains(&n.as_str()))
            .chain(
                files_under(&self.config.out_dir)
                    .into_iter()
                    .filter(|f| f.contains(".tiltak-tmp-")),
            )
            .collect();
        names.sort();
        names
    }

    /// Starts a watch on this fixture that reports every build on the returned channel, and
    /// waits for its first build.
    pub fn watch(&self) -> (Watch, Receiver<Seen>) {
        let (on_rebuild, builds) = recorder();
        let watch = Watch::start(self.config.clone(), Options::default(), on_rebuild).unwrap();
        let first = next_build(&builds);
        assert!(first.ok, "the first build succeeds: {}", first.line);
        assert!(first.changes.is_empty());
        (watch, builds)
    }
}

/// What a test needs to know of one build.
#[derive(Debug)]
pub(crate) struct Seen {
    pub ok: bool,
    pub line: String,
    pub error: Option<String>,
    pub changes: Vec<Change>,
}

/// A callback for [`Watch::start`] that sends every build down a channel.
pub(crate) fn recorder() -> (impl FnMut(&Rebuild) + Send + 'static, Receiver<Seen>) {
    let (sender, receiver) = mpsc::channel();
    let on_rebuild = move |rebuild: &Rebuild| {
        let _ = sender.send(Seen {
            ok: rebuild.is_ok(),
            line: line_of(rebuild),
            error: rebuild.result.as_ref().err().map(|e| e.render()),
            changes: rebuild.changes.clone(),
        });
    };
    (on_rebuild, receiver)
}

/// What changed and what came of it, in one line: `… added: wrote 3 (5 unchanged)`.
fn line_of(rebuild: &Rebuild) -> String {
    let changes: Vec<String> = rebuild.changes.iter().map(ToString::to_string).collect();
    match &rebuild.result {
        Ok(summary) => format!(
            "{}: wrote {} ({} unchanged)",
            changes.join(", "),
            summary.written.written,
            summary.written.unchanged
        ),
        Err(error) => format!("{}: build failed: {error}", changes.join(", ")),
    }
}

/// The next build, waiting up to the deadline.
pub(crate) fn next_build(builds: &Receiver<Seen>) -> Seen {
    builds
        .recv_timeout(DEADLINE)
        .unwrap_or_else(|_| panic!("a build within {DEADLINE:?}"))
}

/// Asserts that no build happens for a while: for things that must not trigger one.
fn no_build_for(builds: &Receiver<Seen>, quiet: Duration) {
    if let Ok(seen) = builds.recv_timeout(quiet) {
        panic!("no build was expected, but: {}", seen.line);
    }
}

/// The seed report with its period moved to another year: its months are new to the site.
pub(crate) fn report_of(year: u32) -> String {
    seed_text().replace("2022", &year.to_string())
}

/// The 2023 report with a letter O in a number, which stops the build.
fn broken_report() -> String {
    report_of(2023).replacen("Oslo\t428\t", "Oslo\t4O8\t", 1)
}

pub(crate) fn observations(fixture: &Fixture) -> String {
    fs::read_to_string(fixture.site("data/observations.csv")).unwrap()
}

/// Polls until `check` holds, up to the deadline.
pub(crate) fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(start.elapsed() < DEADLINE, "{what} within {DEADLINE:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn added(path: &Path) -> Change {
    Change {
        path: path.to_path_buf(),
        what: What::Added,
    }
}

#[test]
fn a_second_report_of_another_year_appears_in_the_observations() {
    let fixture = Fixture::new();
    let (watch, builds) = fixture.watch();
    assert!(!observations(&fixture).contains("2023-01"));

    let new = fixture.content("tiltaksdeltakere-2023.txt");
    fs::write(&new, report_of(2023)).unwrap();
    let seen = next_build(&builds);
    assert!(seen.ok, "{}", seen.line);
    assert_eq!(seen.changes, vec![added(&new)]);
    assert!(
        seen.line.contains("tiltaksdeltakere-2023.txt added"),
        "{}",
        seen.line
    );
    let csv = observations(&fixture);
    for month in ["2023-01", "2023-06", "2023-12", "2022-01"] {
        assert!(csv.contains(month), "{month} is in observations.csv");
    }
    watch.stop();

    // The rebuild wrote exactly what a full build of the same content writes.
    let full = tempfile::tempdir().unwrap();
    let config = tiltak::Config {
        out_dir: full.path().join("site"),
        ..fixture.config.clone()
    };
    tiltak::build(&config).unwrap();
    let full_files: BTreeMap<String, Vec<u8>> = files_under(&config.out_dir)
        .into_iter()
        .map(|f| (f.clone(), fs::read(config.out_dir.join(&f)).unwrap()))
        .collect();
    let watched = fixture.site_files();
    assert_eq!(
        watched.keys().collect::<Vec<_>>(),
        full_files.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &watched {
        assert!(
            bytes == &full_files[path],
            "{path} differs between the rebuild and a full build"
        );
    }
    assert!(fixture.leftovers().is_empty(), "{:?}", fixture.leftovers());
}

#[test]
fn a_file_whose_bytes_did_not_change_keeps_its_modification_time() {
    let fixture = Fixture::new();
    let (watch, builds) = fixture.watch();
    let before_files = fixture.site_files();
    let before_times = fixture.site_times();
    // Let the clock move past the first build's timestamps, so a rewrite would show.
    std::thread::sleep(Duration::from_millis(50));

    // An earlier year changes the series but not the "figures up to" month that every page
    // shows, so some pages come out the same.
    fs::write(
        fixture.content("tiltaksdeltakere-2021.txt"),
        report_of(2021),
    )
    .unwrap();
    let seen = next_build(&builds);
    assert!(seen.ok, "{}", seen.line);
    watch.stop();

    let after_files = fixture.site_files();
    let after_times = fixture.site_times();
    assert!(observations(&fixture).contains("2021-01"));
    let unchanged: Vec<&String> = before_files
        .iter()
        .filter(|(path, bytes)| after_files.get(*path) == Some(bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(
        unchanged.iter().any(|p| p.ends_with(".html")),
        "some page is unchanged: {unchanged:?}"
    );
    for path in &unchanged {
        assert_eq!(
            before_times[*path], after_times[*path],
            "{path} has the same bytes, so it keeps its modification time"
        );
    }
    let changed = before_files.len() - unchanged.len();
    assert!(changed > 0, "the measure pages show 2021 now");
    assert!(
        seen.line
            .contains(&format!("({} unchanged)", unchanged.len())),
        "{}",
        seen.line
    );
}

#[test]
fn a_broken_report_fails_the_rebuild_keeps_the_site_and_the_watch_goes_on_until_it_is_fixed() {
    let fixture = Fixture::new();
    let (watch, builds) = fixture.watch();
    let good_files = fixture.site_files();
    let good_times = fixture.site_times();

    let new = fixture.content("tiltaksdeltakere-2023.txt");
    fs::write(&new, broken_report()).unwrap();
    let seen = next_build(&builds);
    assert!(!seen.ok, "the build fails: {}", seen.line);
    let error = seen.error.unwrap();
    // The same rendering as `tiltak build`: position, the offending line, what was expected.
    assert!(error.contains("tiltaksdeltakere-2023.txt:29:6"), "{error}");
    assert!(error.contains("`4O8`, which is not a number"), "{error}");
    assert!(
        error.contains("Oslo 4O8 438"),
        "the offending line is shown: {error}"
    );
    assert!(
        error.ends_with("error: 1 error in the content folder; nothing was written\n"),
        "{error}"
    );
    assert!(seen.line.contains("build failed"), "{}", seen.line);
    assert_eq!(fixture.site_files(), good_files, "the site is unchanged");
    assert_eq!(fixture.site_times(), good_times, "not even touched");
    assert!(fixture.leftovers().is_empty(), "{:?}", fixture.leftovers());

    // The watch is alive: the fixed file is the next build.
    fs::write(&new, report_of(2023)).unwrap();
    let seen = next_build(&builds);
    assert!(seen.ok, "{}", seen.line);
    assert!(
        seen.line.contains("tiltaksdeltakere-2023.txt changed"),
        "{}",
        seen.line
    );
    assert!(observations(&fixture).contains("2023-01"));
    watch.stop();
    assert!(fixture.leftovers().is_empty(), "{:?}", fixture.leftovers());
}

#[test]
fn a_report_written_in_two_halves_with_a_pause_gives_one_good_rebuild() {
    let fixture = Fixture::new();
    let (watch, builds) = fixture.watch();
    let text = report_of(2023);
    let (first, second) = text.split_at(text.len() / 2);

    let mut file = fs::File::create(fixture.content("tiltaksdeltakere-2023.txt")).unwrap();
    file.write_all(first.as_bytes()).unwrap();
    file.flush().unwrap();
    // Longer than the settle interval, within the debounce: a watcher that built on the
    // first event, or looked at the files only once, would read the half file here.
    std::thread::sleep(Duration::from_millis(150));
    file.write_all(second.as_bytes()).unwrap();
    drop(file);

    let seen = next_build(&builds);
    assert!(seen.ok, "no error: {}", seen.line);
    assert!(observations(&fixture).contains("2023-12"));
    no_build_for(&builds, Duration::from_millis(500));
    watch.stop();
}

#[test]
fn rename_into_place_and_editor_scratch_files_are_handled() {
    let fixture = Fixture::new();
    let (watch, builds) = fixture.watch();

    // Scratch files alone trigger nothing.
    fs::write(fixture.content(".tiltaksdeltakere-2023.txt.swp"), "x").unwrap();
    fs::write(fixture.content("tiltaksdeltakere-2023.txt~"), "x").unwrap();
    fs::write(
        fixture.content("tiltaksdeltakere-2023.txt.tmp"),
        report_of(2023),
    )
    .unwrap();
    no_build_for(&builds, Duration::from_millis(400));

    // An editor saves by writing a temporary file and renaming it over the report.
    let target = fixture.content("tiltaksdeltakere-2023.txt");
    fs::rename(fixture.content("tiltaksdeltakere-2023.txt.tmp"), &target).unwrap();
    let seen = next_build(&builds);
    assert!(seen.ok, "{}", seen.line);
    assert_eq!(seen.changes, vec![added(&target)]);
    assert!(observations(&fixture).contains("2023-01"));

    // Renaming a report is one rebuild: the new name added, the old one removed.
    let renamed = fixture.content("tiltaksdeltakere-2023-b.txt");
    fs::rename(&target, &renamed).unwrap();
    let seen = next_build(&builds);
    assert!(seen.ok, "{}", seen.line);
    assert_eq!(
        seen.changes,
        vec![
            added(&renamed),
            Change {
                path: target,
                what: What::Removed
            }
        ]
    );

    // Removing it takes its months off the site.
    fs::remove_file(&renamed).unwrap();
    let seen = next_build(&builds);
    assert!(seen.ok, "{}", seen.line);
    assert_eq!(seen.changes[0].what, What::Removed);
    assert!(!observations(&fixture).contains("2023-01"));
    watch.stop();
}

#[test]
fn a_report_in_a_new_folder_and_a_changed_stylesheet_are_picked_up() {
    let fixture = Fixture::new();
    let (watch, builds) = fixture.watch();

    // A file created right after its folder can come with no event of its own.
    fs::create_dir(fixture.content("2023")).unwrap();
    fs::write(
        fixture.content("2023/tiltaksdeltakere-2023.txt"),
        report_of(2023),
    )
    .unwrap();
    eventually("the report in the new folder reaches the site", || {
        observations(&fixture).contains("2023-01")
    });
    while let Ok(seen) = builds.recv_timeout(Duration::from_millis(300)) {
        assert!(seen.ok, "{}", seen.line);
    }

    let css = fs::read_to_string(fixture.config.static_dir.join("style.css")).unwrap();
    fs::write(
        fixture.config.static_dir.join("style.css"),
        format!("{css}\n/* changed */\n"),
    )
    .unwrap();
    let seen = next_build(&builds);
    assert!(seen.ok, "{}", seen.line);
    assert!(seen.line.contains("style.css changed"), "{}", seen.line);
    assert!(fs::read_to_string(fixture.site("static/style.css"))
        .unwrap()
        .ends_with("/* changed */\n"));
    watch.stop();
}

#[test]
fn stopping_during_a_burst_of_changes_leaves_no_temporary_file() {
    let fixture = Fixture::new();
    let (watch, builds) = fixture.watch();
    fs::write(
        fixture.content("tiltaksdeltakere-2023.txt"),
        report_of(2023),
    )
    .unwrap();
    // Stop while the change is on its way: the build either runs to the end or not at all.
    std::thread::sleep(Duration::from_millis(60));
    watch.stop();
    while builds.try_recv().is_ok() {}
    assert!(fixture.leftovers().is_empty(), "{:?}", fixture.leftovers());
    assert!(
        fixture.site("index.html").is_file(),
        "a whole site is in place"
    );
}

#[test]
fn the_settings_file_is_watched_like_a_report() {
    let fixture = Fixture::new();
    let (watch, builds) = fixture.watch();
    let settings = fixture.content("tiltak.toml");
    fs::write(&settings, "accept_truncated = []\n").unwrap();
    let seen = next_build(&builds);
    assert!(seen.ok, "{}", seen.line);
    assert_eq!(seen.changes, vec![added(&settings)]);
    // A broken one fails the build, at its line, and keeps the site.
    fs::write(&settings, "accept_truncated = \"a.txt\"\n").unwrap();
    let seen = next_build(&builds);
    assert!(!seen.ok, "{}", seen.line);
    assert!(
        seen.error.unwrap().contains("tiltak.toml:1"),
        "the file and line are named"
    );
    watch.stop();
}

#[test]
fn the_watch_survives_its_content_folder_being_deleted_and_made_again() {
    let fixture = Fixture::new();
    let (watch, builds) = fixture.watch();
    let good = fixture.site_files();
    let content = fixture.config.content_dir.clone();
    fs::remove_dir_all(&content).unwrap();
    let seen = next_build(&builds);
    assert!(!seen.ok, "{}", seen.line);
    assert_eq!(seen.changes[0].what, What::Gone);
    assert!(
        seen.line.contains("waiting for it to come back"),
        "{}",
        seen.line
    );
    assert!(
        seen.error
            .unwrap()
            .contains("the content folder does not exist"),
        "the reason is given"
    );
    assert_eq!(fixture.site_files(), good, "the last good site stays");

    // A new folder of the same name (a new inode), filled after it is made.
    fs::create_dir(&content).unwrap();
    fs::write(content.join("tiltaksdeltakere-2023.txt"), report_of(2023)).unwrap();
    eventually("the new folder's report reaches the site", || {
        fs::read_to_string(fixture.site("data/observations.csv"))
            .is_ok_and(|csv| csv.contains("2023-01") && !csv.contains("2022-01"))
    });
    while let Ok(seen) = builds.recv_timeout(Duration::from_millis(500)) {
        assert!(seen.ok, "{}", seen.line);
    }
    // And it is watched: a change inside the new folder is the next build.
    fs::write(content.join("tiltaksdeltakere-2021.txt"), report_of(2021)).unwrap();
    let seen = next_build(&builds);
    assert!(seen.ok, "{}", seen.line);
    assert!(observations(&fixture).contains("2021-01"));

    // Deleted and made again at once, faster than the watch looks.
    fs::remove_dir_all(&content).unwrap();
    fs::create_dir(&content).unwrap();
    fs::write(content.join("tiltaksdeltakere-2024.txt"), report_of(2024)).unwrap();
    eventually(
        "the report in the folder made again reaches the site",
        || observations(&fixture).contains("2024-01"),
    );
    while builds.recv_timeout(Duration::from_millis(500)).is_ok() {}
    fs::write(content.join("tiltaksdeltakere-2025.txt"), report_of(2025)).unwrap();
    let seen = next_build(&builds);
    assert!(seen.ok, "{}", seen.line);
    assert!(observations(&fixture).contains("2025-01"));
    watch.stop();
}

/// The command itself: one line per build, the same error rendering as `tiltak build`, and
/// Ctrl-C (SIGINT) stops it with success and nothing left beside the output folder.
#[cfg(unix)]
#[test]
fn the_command_prints_a_line_per_build_and_stops_cleanly_on_ctrl_c() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};

    let fixture = Fixture::new();
    let config = &fixture.config;
    let child = Command::new(env!("CARGO_BIN_EXE_tiltak"))
        .arg("watch")
        .arg("--content")
        .arg(&config.content_dir)
        .arg("--out")
        .arg(&config.out_dir)
        .arg("--static")
        .arg(&config.static_dir)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Killed if the test fails half-way, so no watcher outlives it.
    struct Running(std::process::Child);
    impl Drop for Running {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = Running(child);
    let (sender, lines) = mpsc::channel();
    let stderr = child.0.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            let _ = sender.send(line);
        }
    });
    let mut seen = Vec::new();
    let mut wait_for = |text: &str| {
        let start = Instant::now();
        loop {
            let left = DEADLINE.saturating_sub(start.elapsed());
            match lines.recv_timeout(left) {
                Ok(line) => {
                    let found = line.contains(text);
                    seen.push(line);
                    if found {
                        return;
                    }
                }
                Err(_) => panic!(
                    "`{text}` within {DEADLINE:?}; printed:\n{}",
                    seen.join("\n")
                ),
            }
        }
    };
    wait_for("first build: wrote");
    fs::write(
        fixture.content("tiltaksdeltakere-2023.txt"),
        broken_report(),
    )
    .unwrap();
    wait_for("`4O8`, which is not a number");
    wait_for("tiltaksdeltakere-2023.txt added: build failed");
    fs::write(
        fixture.content("tiltaksdeltakere-2023.txt"),
        report_of(2023),
    )
    .unwrap();
    wait_for("tiltaksdeltakere-2023.txt changed: wrote");
    assert!(observations(&fixture).contains("2023-01"));

    let status = Command::new("kill")
        .args(["-INT", &child.0.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    wait_for("Stopped");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < DEADLINE, "the command exits after Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
    assert!(fixture.leftovers().is_empty(), "{:?}", fixture.leftovers());
}
