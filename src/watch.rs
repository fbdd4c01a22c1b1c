//! `tiltak watch`: keeps the output folder current while publishers add and edit files.
//!
//! A [`Watch`] builds once, then again whenever a file a build reads is added, changed or
//! removed, with the very [`build`] that `tiltak build` runs. Which files count is decided
//! by [`source`] alone: an event about anything else (an editor's swap file, the output
//! folder) changes nothing in its lists and builds nothing. Events are held back until none
//! has come for [`Options::debounce`], and the files are then looked at until two looks
//! [`Options::settle`] apart agree, so a file still being written is not read. A content
//! folder that disappears is reported, waited for, and watched again when it comes back.

use crate::build::{build, Config, Error, Summary};
use crate::source;
use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

/// How long the watcher waits before it rebuilds.
#[derive(Debug, Clone)]
pub struct Options {
    /// How long no event must come before the files are looked at: an editor's save is
    /// several events, a copy many.
    pub debounce: Duration,
    /// The interval between the two looks at the files that must agree before a build.
    pub settle: Duration,
    /// How often the watch looks whether a content folder that went away is back.
    pub poll: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            debounce: Duration::from_millis(300),
            settle: Duration::from_millis(25),
            poll: Duration::from_millis(250),
        }
    }
}

/// Why a watch could not start.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// A folder could not be watched (it does not exist, or the system's limit is reached).
    #[error("cannot watch {path} for changes: {source}")]
    Watch {
        /// The folder.
        path: PathBuf,
        /// What the watcher said.
        source: notify::Error,
    },
}

/// What happened to one file between two builds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// The file is new.
    Added,
    /// The file was there before and its size or modification time changed.
    Changed,
    /// The file is gone.
    Removed,
    /// The content folder itself is gone; the watch waits for it to come back.
    Gone,
}

/// One change that led to a rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The file, under the content or static folder as given in the [`Config`].
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
            What::Gone => write!(f, "{path} is gone (waiting for it to come back)"),
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
    /// How long the build took, from reading to the new site in place.
    pub took: Duration,
}

impl Rebuild {
    /// Whether the build succeeded and the site on disk is the new one.
    pub fn is_ok(&self) -> bool {
        self.result.is_ok()
    }
}

#[derive(Debug)]
enum Message {
    Events(DebounceEventResult),
    Stop,
}

/// Stops a running [`Watch`] from anywhere (a Ctrl-C handler, a test). A build in progress
/// finishes first, so the output folder is never left half-updated.
#[derive(Clone, Debug)]
pub struct Stopper(Sender<Message>);

impl Stopper {
    /// Asks the watch to stop; returns at once. Asking twice, or after it stopped, is fine.
    pub fn stop(&self) {
        let _ = self.0.send(Message::Stop);
    }
}

/// A running watch: a thread that builds once, then after every change.
pub struct Watch {
    stopper: Stopper,
    thread: JoinHandle<()>,
}

type Watcher = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

impl Watch {
    /// Watches the content and static folders of `config`, then builds on the watch's thread
    /// and calls `on_rebuild` after that build and every later one. The watches are set up
    /// before this returns, so no file dropped in afterwards is missed.
    pub fn start(
        config: Config,
        options: Options,
        on_rebuild: impl FnMut(&Rebuild) + Send + 'static,
    ) -> Result<Watch, WatchError> {
        let (sender, receiver) = mpsc::channel();
        let events = sender.clone();
        // The debouncer looks for quiet every `tick`: a tenth of the debounce at most, so a
        // burst's end is seen soon after it (a waking every 30 ms costs nothing to notice).
        let tick = (options.debounce / 10).max(Duration::from_millis(10));
        let watcher = new_debouncer(options.debounce, Some(tick), move |result| {
            let _ = events.send(Message::Events(result));
        })
        .map_err(|source| WatchError::Watch {
            path: config.content_dir.clone(),
            source,
        })?;
        let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let mut state = State {
            content: absolute(&config.content_dir),
            config,
            options,
            receiver,
            watcher,
            on_rebuild: Box::new(on_rebuild),
            known: Survey::new(),
            dirty: false,
            gone: false,
            rewatch: false,
        };
        state.watch(&state.content.clone())?;
        let static_dir = absolute(&state.config.static_dir);
        if static_dir.is_dir() && !static_dir.starts_with(&state.content) {
            state.watch(&static_dir)?;
        }
        let thread = std::thread::Builder::new()
            .name("tiltak watch".into())
            .spawn(move || state.run())
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

/// Every file a build reads, with its size and modification time.
type Survey = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

/// The watch's thread: what it knows of the files and what happened since the last build.
struct State {
    config: Config,
    options: Options,
    /// The content folder, made absolute, as the watcher reports absolute paths.
    content: PathBuf,
    receiver: Receiver<Message>,
    watcher: Watcher,
    on_rebuild: Box<dyn FnMut(&Rebuild) + Send>,
    /// The files as they were when the last build started.
    known: Survey,
    /// Whether an event came (or events were lost) since the files were last looked at.
    dirty: bool,
    /// Whether the content folder is gone and waited for.
    gone: bool,
    /// Whether the content folder was removed or renamed, even if one of the same name is
    /// there again: its watch died with it.
    rewatch: bool,
}

impl State {
    fn watch(&mut self, dir: &Path) -> Result<(), WatchError> {
        self.watcher
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|source| WatchError::Watch {
                path: dir.to_path_buf(),
                source,
            })
    }

    fn run(mut self) {
        self.known = self.survey();
        self.rebuild(Vec::new());
        loop {
            match self.receiver.recv_timeout(self.options.poll) {
                Ok(Message::Events(result)) => self.absorb(result),
                Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => {}
            }
            if !self.content.is_dir() {
                if !self.gone {
                    self.gone = true;
                    self.known = Survey::new();
                    let path = self.config.content_dir.clone();
                    self.rebuild(vec![Change {
                        path,
                        what: What::Gone,
                    }]);
                }
                continue;
            }
            if self.gone || self.rewatch {
                // Back, maybe as a new folder: the old watch died with the old one.
                self.gone = false;
                self.rewatch = false;
                self.dirty = true;
                let _ = self.watcher.unwatch(&self.content);
                if let Err(error) = self.watch(&self.content.clone()) {
                    eprintln!("warning: {error}");
                }
            }
            if !self.dirty {
                continue;
            }
            let Some(now) = self.settle() else { return };
            let changes = self.changes(&now);
            self.known = now;
            self.dirty = false;
            if !changes.is_empty() {
                self.rebuild(changes);
            }
        }
    }

    fn rebuild(&mut self, changes: Vec<Change>) {
        let start = Instant::now();
        let result = build(&self.config);
        let rebuild = Rebuild {
            changes,
            result,
            took: start.elapsed(),
        };
        (self.on_rebuild)(&rebuild);
    }

    /// Looks at the files until two looks `settle` apart agree, and returns the last look;
    /// `None` when asked to stop meanwhile.
    fn settle(&mut self) -> Option<Survey> {
        let mut before = self.survey();
        loop {
            let deadline = Instant::now() + self.options.settle;
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                match self.receiver.recv_timeout(left) {
                    Ok(Message::Events(result)) => self.absorb(result),
                    Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
                    Err(RecvTimeoutError::Timeout) => break,
                }
            }
            let now = self.survey();
            if now == before {
                return Some(now);
            }
            before = now;
        }
    }

    fn absorb(&mut self, result: DebounceEventResult) {
        // Lost events only mean the files must be looked at, which the look does in full.
        let Ok(events) = result else {
            self.dirty = true;
            return;
        };
        for event in events {
            match event.kind {
                // Opening and reading files, as every build does, changes nothing.
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
                EventKind::Access(_) => continue,
                EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
                    if event.paths.contains(&self.content) =>
                {
                    self.rewatch = true;
                }
                _ => {}
            }
            self.dirty = true;
        }
    }

    /// Every file a build reads, as [`source`] lists them, with size and modification time.
    fn survey(&self) -> Survey {
        let content = source::list(&self.config.content_dir).unwrap_or_default();
        let statics = source::list_static(&self.config.static_dir);
        content
            .into_iter()
            .chain(statics)
            .map(|path| {
                let look = std::fs::metadata(&path)
                    .map(|m| (m.len(), m.modified().ok()))
                    .unwrap_or((0, None));
                (path, look)
            })
            .collect()
    }

    /// What changed between the last build's survey and `now`.
    fn changes(&self, now: &Survey) -> Vec<Change> {
        let mut changes: Vec<Change> = now
            .iter()
            .filter_map(|(path, look)| match self.known.get(path) {
                None => Some((path, What::Added)),
                Some(before) if before != look => Some((path, What::Changed)),
                Some(_) => None,
            })
            .chain(
                self.known
                    .keys()
                    .filter(|path| !now.contains_key(*path))
                    .map(|path| (path, What::Removed)),
            )
            .map(|(path, what)| Change {
                path: path.clone(),
                what,
            })
            .collect();
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        changes
    }
}
