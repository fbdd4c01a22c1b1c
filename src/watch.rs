//! `tiltak watch`: keeps the output folder current while publishers add and edit files.
//!
//! Publishers drop a new report into the content folder every month; nobody should have to
//! rebuild the site by hand. A [`Watch`] builds once, then rebuilds whenever a report, a
//! Markdown page or a static file is added, changed, renamed or removed.
//!
//! It sits on top of the pipeline and calls the same [`build_with`](crate::build::build_with)
//! as `tiltak build`, so a rebuild is a full build: its output is byte for byte what
//! `tiltak build` writes for the same input. What makes it cheap is below it: the parse
//! [`Cache`] skips reports whose text did not change, and the writer touches only files whose
//! bytes changed, so the others keep their modification time.
//!
//! A rebuild never reads a file that is still being written:
//! - events are debounced (50 ms by default), which merges the bursts an editor's
//!   save or a rename-into-place produces;
//! - on Linux a file whose writer has not closed it yet (no `close(write)` event) is waited
//!   for, so a copy that pauses half-way does not produce a half report; a writer that never
//!   closes is given up on after a grace period once its file stops changing;
//! - the files are then looked at twice, a short interval apart (size and modification
//!   time), and the build waits until both looks agree.
//!
//! A failed build leaves the last good site in place (the writer renames changed files
//! into place only once all of them are written) and the watch goes on; the next change triggers the next attempt.

use crate::build::{self, Cache, Config, Error, Summary};
use crate::source;
use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

/// How long the watcher waits before it rebuilds. The defaults keep a new report's way to
/// the site well under 300 ms on a small machine while never reading a file mid-write.
#[derive(Debug, Clone)]
pub struct Options {
    /// How long an event is held back to merge it with the ones that follow (an editor's
    /// save is several events, a copy many).
    pub debounce: Duration,
    /// The interval between the two looks at the files that must agree before a build.
    pub settle: Duration,
    /// How long a file that was opened for writing and never closed is waited for, counted
    /// from its last change, before it is read anyway.
    pub unclosed_grace: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            debounce: Duration::from_millis(50),
            settle: Duration::from_millis(25),
            unclosed_grace: Duration::from_secs(2),
        }
    }
}

/// Why a watch could not start.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The file-system watcher could not be set up on a folder (it does not exist, or the
    /// system's limit of watches is reached).
    #[error("cannot watch {path} for changes: {source}")]
    Watch {
        /// The folder.
        path: PathBuf,
        /// What the watcher said.
        source: notify::Error,
    },
}

/// What happened to one file between two builds, as named in the progress line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// The file is new.
    Added,
    /// The file was there before and was written to.
    Changed,
    /// The file is gone.
    Removed,
    /// The file is the one that was at `from` before.
    Renamed {
        /// The file's previous path.
        from: PathBuf,
    },
    /// Events may have been lost (the system's event queue overflowed, or the watcher
    /// reported an error), so everything is read again; the text says why.
    Rescan(String),
}

/// One change that led to a rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The file, under the content or static folder as given in the [`Config`], so it reads
    /// the way the publisher named the folders.
    pub path: PathBuf,
    /// What happened to it.
    pub what: What,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.what {
            What::Added => write!(f, "{path} added"),
            What::Changed => write!(f, "{path} changed"),
            What::Removed => write!(f, "{path} removed"),
            What::Renamed { from } => write!(f, "{} renamed to {path}", from.display()),
            What::Rescan(why) => write!(f, "rescan of {path} ({why})"),
        }
    }
}

/// One build of a watch: why it ran and what came of it. Handed to the callback of
/// [`Watch::start`], which prints it (the command) or tells open browsers (`serve`).
#[derive(Debug)]
pub struct Rebuild {
    /// What changed since the previous build; empty for the first build.
    pub changes: Vec<Change>,
    /// The build's result; on an error the previous site is still in place.
    pub result: Result<Summary, Error>,
    /// How many reports were parsed and how many were taken from the cache unchanged; shows
    /// that a new report costs one parse, not one per report on the shelf. Meaningful when
    /// the build succeeded (a build that failed reading files parsed nothing).
    pub parsed: (usize, usize),
    /// How long the build took, from reading to the new site in place.
    pub took: Duration,
}

impl Rebuild {
    /// Whether the build succeeded and the site on disk is the new one.
    pub fn is_ok(&self) -> bool {
        self.result.is_ok()
    }

    /// The one line printed for each build: what changed, how many files were written, how
    /// long it took.
    pub fn line(&self) -> String {
        let what = describe(&self.changes);
        let ms = self.took.as_secs_f64() * 1000.0;
        match &self.result {
            Ok(summary) => {
                let warnings = match summary.warnings.len() {
                    0 => String::new(),
                    1 => ", 1 warning".to_string(),
                    n => format!(", {n} warnings"),
                };
                format!(
                    "{what}: wrote {} {} ({} unchanged), parsed {} of {} {}{warnings}, in {ms:.0} ms",
                    summary.written.written,
                    if summary.written.written == 1 { "file" } else { "files" },
                    summary.written.unchanged,
                    self.parsed.0,
                    self.parsed.0 + self.parsed.1,
                    if self.parsed.0 + self.parsed.1 == 1 { "report" } else { "reports" },
                )
            }
            Err(error) => {
                format!("{what}: build failed in {ms:.0} ms: {error}; the last good site is kept")
            }
        }
    }
}

/// Names the changes for the progress line: all of them when there are a few, else the
/// first ones and a count.
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

enum Message {
    Events(DebounceEventResult),
    Stop,
}

/// Stops a running [`Watch`] from anywhere (a Ctrl-C handler, a test). A build in progress
/// finishes first, so the output folder is never left half-updated and no temporary file
/// stays behind.
#[derive(Clone)]
pub struct Stopper(Sender<Message>);

impl Stopper {
    /// Asks the watch to stop; returns at once. Asking twice, or after it stopped, is fine.
    pub fn stop(&self) {
        let _ = self.0.send(Message::Stop);
    }
}

impl fmt::Debug for Stopper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Stopper")
    }
}

/// A running watch: a thread that builds once, then after every change.
pub struct Watch {
    stopper: Stopper,
    thread: JoinHandle<()>,
}

impl Watch {
    /// Starts watching the content folder and the static folder of `config`, then builds the
    /// site on the watch's thread and calls `on_rebuild` after that build and every later one.
    ///
    /// The watches are set up before this returns, so a file dropped in afterwards is always
    /// noticed (at the latest by the first build). A static folder that does not exist is not
    /// watched (the built-in stylesheet is used).
    pub fn start(
        config: Config,
        options: Options,
        on_rebuild: impl FnMut(&Rebuild) + Send + 'static,
    ) -> Result<Watch, WatchError> {
        let (sender, receiver) = mpsc::channel();
        let events = sender.clone();
        let mut debouncer = new_debouncer(options.debounce, None, move |result| {
            let _ = events.send(Message::Events(result));
        })
        .map_err(|source| WatchError::Watch {
            path: config.content_dir.clone(),
            source,
        })?;
        let roots = Roots::new(&config);
        let mut watched = vec![roots.content.clone()];
        if let Some(dir) = &roots.static_dir {
            if !dir.starts_with(&roots.content) {
                watched.push(dir.clone());
            }
        }
        for dir in &watched {
            debouncer
                .watch(dir, RecursiveMode::Recursive)
                .map_err(|source| WatchError::Watch {
                    path: dir.clone(),
                    source,
                })?;
        }
        let state = State {
            config,
            options,
            roots,
            receiver,
            cache: Cache::default(),
            on_rebuild: Box::new(on_rebuild),
            known: Survey::new(),
            touched: BTreeSet::new(),
            touches: 0,
            renames: Vec::new(),
            rescan: None,
            writing: HashMap::new(),
        };
        let thread = std::thread::Builder::new()
            .name("tiltak watch".into())
            .spawn(move || {
                state.run();
                debouncer.stop();
            })
            .expect("a thread can be started");
        Ok(Watch {
            stopper: Stopper(sender),
            thread,
        })
    }

    /// A handle that stops this watch, for a Ctrl-C handler or another thread.
    pub fn stopper(&self) -> Stopper {
        self.stopper.clone()
    }

    /// Stops the watch and waits until it has stopped (after the build in progress, if any).
    pub fn stop(self) {
        self.stopper.stop();
        self.wait();
    }

    /// Waits until the watch is stopped through a [`Stopper`]. A panic on the watch's thread
    /// (in the callback) is passed on.
    pub fn wait(self) {
        if let Err(panic) = self.thread.join() {
            std::panic::resume_unwind(panic);
        }
    }
}

/// The folders, made absolute, since the watcher reports absolute paths.
struct Roots {
    content: PathBuf,
    static_dir: Option<PathBuf>,
    out: PathBuf,
}

impl Roots {
    fn new(config: &Config) -> Roots {
        let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        Roots {
            content: absolute(&config.content_dir),
            static_dir: Some(absolute(&config.static_dir)).filter(|d| d.is_dir()),
            out: absolute(&config.out_dir),
        }
    }
}

/// Every file a build reads, with its size and modification time.
type Survey = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

/// The watch's thread: what it knows of the files and what happened since the last build.
struct State {
    config: Config,
    options: Options,
    roots: Roots,
    receiver: Receiver<Message>,
    cache: Cache,
    on_rebuild: Box<dyn FnMut(&Rebuild) + Send>,
    /// The files as they were when the last build started.
    known: Survey,
    /// Files (or folders) events were seen for since the last build.
    touched: BTreeSet<PathBuf>,
    /// How many events about files that count came in, to tell whether any came in a while.
    touches: u64,
    /// Renames seen since the last build (from, to), to name them as such.
    renames: Vec<(PathBuf, PathBuf)>,
    /// Why everything must be read again, when events may have been lost.
    rescan: Option<String>,
    /// Files opened for writing and not closed yet, with the time of their last change.
    writing: HashMap<PathBuf, Instant>,
}

/// Whether the platform reports that a writer closed a file. Where it does not, only the two
/// looks at size and modification time guard against reading a file mid-write.
const CLOSE_EVENTS: bool = cfg!(target_os = "linux");

impl State {
    fn run(mut self) {
        self.known = self.survey();
        self.rebuild(Vec::new());
        loop {
            match self.receiver.recv() {
                Ok(Message::Events(result)) => self.absorb(result),
                Ok(Message::Stop) | Err(_) => return,
            }
            if self.touched.is_empty() && self.rescan.is_none() {
                continue;
            }
            if !self.settle() {
                return;
            }
            let now = self.survey();
            let changes = self.changes(&now);
            self.known = now;
            self.touched.clear();
            self.renames.clear();
            self.rescan = None;
            if !changes.is_empty() {
                self.rebuild(changes);
            }
        }
    }

    fn rebuild(&mut self, changes: Vec<Change>) {
        let start = Instant::now();
        let result = build::build_with(&self.config, &mut self.cache);
        let rebuild = Rebuild {
            changes,
            result,
            parsed: self.cache.last_build(),
            took: start.elapsed(),
        };
        (self.on_rebuild)(&rebuild);
    }

    /// Waits until no file is open for writing and two looks at the files `settle` apart
    /// agree. Returns false when asked to stop meanwhile.
    fn settle(&mut self) -> bool {
        loop {
            if let Some(last) = self.writing.values().max().copied() {
                let deadline = last + self.options.unclosed_grace;
                if Instant::now() < deadline {
                    // Wake on the next event: it may be the close.
                    match self.receive_until(deadline, true) {
                        Some(_) => continue,
                        None => return false,
                    }
                }
                // The writer never closed the file, or was killed; its file has not changed
                // for the grace period, so it is read as it is.
                self.writing.clear();
            }
            let before = self.survey();
            let touches = self.touches;
            if self
                .receive_until(Instant::now() + self.options.settle, false)
                .is_none()
            {
                return false;
            }
            // Quiet means: no writer holds a file, no event about a file that counts came in,
            // and sizes and modification times are what they were.
            if self.writing.is_empty() && self.touches == touches && self.survey() == before {
                return true;
            }
        }
    }

    /// Takes in events until `deadline`, or until the first one when `first` is set.
    /// Returns `None` when asked to stop, else whether any event came.
    fn receive_until(&mut self, deadline: Instant, first: bool) -> Option<bool> {
        let mut any = false;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.receiver.recv_timeout(left) {
                Ok(Message::Events(result)) => {
                    self.absorb(result);
                    any = true;
                    if first {
                        return Some(true);
                    }
                }
                Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
                Err(RecvTimeoutError::Timeout) => return Some(any),
            }
        }
    }

    fn absorb(&mut self, result: DebounceEventResult) {
        match result {
            Ok(events) => {
                for event in events {
                    self.event(&event.event);
                }
            }
            Err(errors) => {
                let text = errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ");
                self.rescan = Some(format!("the watcher reported: {text}"));
            }
        }
    }

    fn event(&mut self, event: &notify::Event) {
        if event.need_rescan() {
            self.rescan = Some("the system dropped events".into());
            return;
        }
        let now = Instant::now();
        match event.kind {
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)) if event.paths.len() == 2 => {
                let (from, to) = (&event.paths[0], &event.paths[1]);
                if let Some(since) = self.writing.remove(from) {
                    self.writing.insert(to.clone(), since);
                }
                let (from_counts, to_counts) = (self.relevant(from), self.relevant(to));
                if from_counts && to_counts {
                    self.renames.push((from.clone(), to.clone()));
                }
                for (path, counts) in [(from, from_counts), (to, to_counts)] {
                    if counts {
                        self.touch(path);
                    }
                }
                return;
            }
            // Our own build opens the files it reads: opening and reading change nothing.
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
            EventKind::Access(_) => return,
            _ => {}
        }
        for path in &event.paths {
            if !self.relevant(path) {
                continue;
            }
            match event.kind {
                EventKind::Access(_) => {
                    self.writing.remove(path);
                }
                EventKind::Create(CreateKind::Folder) => {}
                EventKind::Create(_) | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any)
                    if CLOSE_EVENTS && !path.is_dir() =>
                {
                    self.writing.insert(path.clone(), now);
                }
                EventKind::Modify(ModifyKind::Name(_)) | EventKind::Remove(_) => {
                    self.writing.retain(|open, _| !open.starts_with(path));
                }
                _ => {}
            }
            self.touch(path);
        }
    }

    fn touch(&mut self, path: &Path) {
        self.touched.insert(path.to_path_buf());
        self.touches += 1;
    }

    /// Whether an event about `path` can change the site: a report or page of the content
    /// folder, a file of the static folder, or a folder that may hold them. Hidden files,
    /// editor leftovers and the output folder are not.
    fn relevant(&self, path: &Path) -> bool {
        if path.starts_with(&self.roots.out) {
            return false;
        }
        let clean = |root: &Path| {
            path.strip_prefix(root).ok().filter(|relative| {
                relative
                    .components()
                    .all(|c| !is_scratch_name(&c.as_os_str().to_string_lossy()))
            })
        };
        if let Some(dir) = &self.roots.static_dir {
            if clean(dir).is_some() {
                return true;
            }
        }
        match clean(&self.roots.content) {
            Some(relative) => {
                relative.as_os_str().is_empty()
                    || source::is_content_file(path)
                    || path.extension().is_none()
                    || path.is_dir()
            }
            None => false,
        }
    }

    /// Every file a build reads, with its size and modification time.
    fn survey(&self) -> Survey {
        let mut files = Survey::new();
        let mut add = |path: PathBuf| {
            let meta = std::fs::metadata(&path).ok();
            let look = meta
                .map(|m| (m.len(), m.modified().ok()))
                .unwrap_or((0, None));
            files.insert(path, look);
        };
        for path in source::list(&self.roots.content).unwrap_or_default() {
            add(path);
        }
        if let Some(dir) = &self.roots.static_dir {
            let walker = walkdir::WalkDir::new(dir).into_iter().filter_entry(|e| {
                e.depth() == 0 || !is_scratch_name(&e.file_name().to_string_lossy())
            });
            for entry in walker.flatten() {
                if entry.file_type().is_file() {
                    add(entry.into_path());
                }
            }
        }
        files
    }

    /// What changed between the last build's survey and `now`, named for people.
    fn changes(&self, now: &Survey) -> Vec<Change> {
        let mut added: BTreeSet<&PathBuf> = now
            .keys()
            .filter(|p| !self.known.contains_key(*p))
            .collect();
        let mut removed: BTreeSet<&PathBuf> = self
            .known
            .keys()
            .filter(|p| !now.contains_key(*p))
            .collect();
        let mut changes = Vec::new();
        for (from, to) in &self.renames {
            if removed.contains(from) && added.contains(to) {
                removed.remove(from);
                added.remove(to);
                changes.push(Change {
                    path: self.display(to),
                    what: What::Renamed {
                        from: self.display(from),
                    },
                });
            }
        }
        for (path, what) in added
            .into_iter()
            .map(|p| (p, What::Added))
            .chain(removed.into_iter().map(|p| (p, What::Removed)))
        {
            changes.push(Change {
                path: self.display(path),
                what,
            });
        }
        for (path, look) in now {
            if self
                .known
                .get(path)
                .is_some_and(|before| before != look || self.touched.contains(path))
            {
                changes.push(Change {
                    path: self.display(path),
                    what: What::Changed,
                });
            }
        }
        if let Some(why) = &self.rescan {
            changes.push(Change {
                path: self.config.content_dir.clone(),
                what: What::Rescan(why.clone()),
            });
        }
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        changes
    }

    /// A path under the content or static folder as the [`Config`] names them.
    fn display(&self, path: &Path) -> PathBuf {
        let mut roots = vec![(&self.roots.content, &self.config.content_dir)];
        if let Some(dir) = &self.roots.static_dir {
            roots.insert(0, (dir, &self.config.static_dir));
        }
        for (absolute, given) in roots {
            if let Ok(relative) = path.strip_prefix(absolute) {
                return given.join(relative);
            }
        }
        path.to_path_buf()
    }
}

/// Whether a file or folder name is one that no build reads: hidden files and folders, and
/// the leftovers of editors and downloads (`~`, `#…#`, `.swp`, `.tmp`, `.part`).
pub fn is_scratch_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || [".swp", ".swx", ".tmp", ".part", ".crdownload"]
            .iter()
            .any(|end| name.ends_with(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_names_are_not_watched() {
        for name in [
            ".x.txt.swp",
            "x.txt~",
            "#x.txt#",
            "x.txt.tmp",
            ".git",
            "x.csv.part",
        ] {
            assert!(is_scratch_name(name), "{name}");
        }
        for name in ["x.txt", "style.css", "2023", "om.md"] {
            assert!(!is_scratch_name(name), "{name}");
        }
    }

    #[test]
    fn the_progress_line_names_a_few_changes_and_counts_the_rest() {
        let change = |name: &str, what: What| Change {
            path: PathBuf::from(name),
            what,
        };
        let changes = vec![
            change("content/a.txt", What::Added),
            change("content/b.txt", What::Changed),
            change(
                "content/c.txt",
                What::Renamed {
                    from: "content/c.txt.tmp".into(),
                },
            ),
            change("content/d.txt", What::Removed),
        ];
        assert_eq!(
            describe(&changes),
            "content/a.txt added, content/b.txt changed, content/c.txt.tmp renamed to content/c.txt and 1 more"
        );
        assert_eq!(describe(&[]), "first build");
    }
}
