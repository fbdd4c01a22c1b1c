//! The only code that touches the output folder.
//!
//! A build renders the whole site in memory first; [`replace`] then makes the output folder
//! hold exactly those files. Into an existing site it writes only the files whose bytes
//! changed, in two steps: every changed file is first written outside the site, and only
//! when all of them are on disk are they put into place and the files of the old site that
//! the new one lacks removed. On Linux a changed file is written over its spare, the version
//! from before its last change, kept in a hidden folder beside the output folder
//! (`.site.tiltak-spare` for `site`), and the two are exchanged; elsewhere it is written
//! beside its target under a hidden temporary name and renamed over it. A build that fails
//! while writing (a full disk, a permission) leaves the previous site as it was. A file
//! whose bytes did not change is not touched at all, so it keeps its modification time, a
//! deploy or rsync moves only what changed, and a new month in a large archive costs the
//! files that month changed, not the archive. A new output folder (or one whose layout
//! changed so that a file now sits where a folder was) is written beside the old one and
//! swapped in whole.

use crate::stamp::Stamp;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The rendered site: relative path (with `/`) → bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

/// What the writer did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// Files whose bytes were written.
    pub written: usize,
    /// Files kept from the previous site because their bytes had not changed.
    pub unchanged: usize,
    /// Total size of the site in bytes.
    pub bytes: u64,
}

/// Why the output folder could not be replaced.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// An I/O operation failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// The output folder holds files that do not look like a site this program wrote.
    #[error("{path} is not empty and holds no `.nojekyll`, so it does not look like a site tiltak built; refusing to replace it")]
    NotASite {
        /// The output folder.
        path: PathBuf,
    },
    /// A rendered path would leave the output folder.
    #[error("the output path `{0}` is not a plain relative path")]
    BadPath(String),
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The folder a new site is written into before it is swapped in.
fn staging_dir(out: &Path) -> PathBuf {
    sibling(out, "new")
}

fn sibling(out: &Path, what: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    out.with_file_name(format!(".{name}.tiltak-{what}"))
}

/// Waits until no other write to the output folder is under way, and keeps others waiting
/// until the returned file is dropped. Two builds into one folder at once (a `tiltak watch`
/// and a `tiltak build` run beside it) would otherwise write the same spares and staging
/// folders and could put half of one build's file in place. The lock is an empty file beside
/// the output folder (`.site.tiltak-lock` for `site`) that is never removed: removing it
/// would let a waiting build and a new one each lock a different file. A write lasts well
/// under a second, so waiting is better than failing. An output folder given as `.` is
/// locked beside its full path. Where there is no lock to be had (the root folder, a parent
/// folder that cannot be written to, a file system without locks) the write goes ahead
/// without one, as it would have to anyway.
fn lock(out: &Path) -> Option<fs::File> {
    let full;
    let out = if out.file_name().is_some() {
        out
    } else {
        full = fs::canonicalize(out).ok()?;
        full.file_name()?;
        &full
    };
    let path = sibling(out, "lock");
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).ok()?;
    }
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .ok()?;
    file.lock().ok()?;
    Some(file)
}

/// Makes the output folder hold exactly `files`, and nothing else.
pub fn replace(out: &Path, files: &Files) -> Result<Written, WriteError> {
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    replace_knowing(out, &files, &HashSet::new(), None).map(|(written, _)| written)
}

/// [`replace`], told which files the caller knows to be byte for byte those of the current
/// output folder, and what the last write to it left there.
///
/// Known files are kept without being read back (when the file is there with the same
/// length), which saves reading most of a large archive on each rebuild. With the `last`
/// listing the folder is not listed again: a file that was deleted by hand since is written
/// anew, but a file added by hand stays until a write without a listing. Where the listing's
/// stamp of a folder is unchanged, nothing was added to, removed from or renamed in it since,
/// and its known files are kept without looking at them one by one; a file edited in place
/// there is not noticed until a write without a listing. Returns what was done and the
/// listing of the folder as it now is, for the next write.
pub fn replace_knowing(
    out: &Path,
    files: &[(&str, &[u8])],
    known: &HashSet<&str>,
    last: Option<Listing>,
) -> Result<(Written, Listing), WriteError> {
    if out.is_dir() && !looks_like_site(out) {
        return Err(WriteError::NotASite {
            path: out.to_path_buf(),
        });
    }
    check_paths(files)?;
    let _lock = lock(out);
    // What an interrupted swap may have left beside the output folder.
    for leftover in [staging_dir(out), sibling(out, "old")] {
        if leftover.exists() {
            fs::remove_dir_all(&leftover).map_err(io_error(&leftover))?;
        }
    }
    if out.is_dir() {
        let from_write = last.is_some();
        let existing = match last {
            Some(last) => last,
            None => Listing::read(out)?,
        };
        // The files the folder does not hold yet: only these can sit where a folder is or
        // make a folder where a file is.
        let new: Vec<&str> = files
            .iter()
            .map(|(p, _)| *p)
            .filter(|p| !existing.files.contains(*p))
            .collect();
        if !existing.conflicts(&new) {
            return update(out, files, known, existing, from_write, &new);
        }
    }
    // Every folder of a site swapped in whole was made just now: none can vouch yet.
    Ok((swap(out, files, known)?, Listing::of(files)))
}

/// Refuses a file given twice and a path that is not plain and relative.
fn check_paths(files: &[(&str, &[u8])]) -> Result<(), WriteError> {
    let mut seen = HashSet::new();
    for &(relative, _) in files {
        if !seen.insert(relative) {
            return Err(WriteError::BadPath(format!("{relative} (given twice)")));
        }
        if relative.is_empty()
            || relative.starts_with('/')
            || relative.contains('\\')
            || relative
                .split('/')
                .any(|part| part == ".." || part == "." || part.is_empty())
        {
            return Err(WriteError::BadPath(relative.to_string()));
        }
    }
    Ok(())
}

/// Every folder that holds one of `files`, with the folders above it.
fn folders_of<'a>(files: impl Iterator<Item = &'a str>) -> BTreeSet<&'a str> {
    let mut folders = BTreeSet::new();
    for relative in files {
        let mut path = relative;
        while let Some((folder, _)) = path.rsplit_once('/') {
            if !folders.insert(folder) {
                break;
            }
            path = folder;
        }
    }
    folders
}

/// What an output folder holds: its files and folders, as relative paths with `/`.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    files: HashSet<String>,
    folders: HashSet<String>,
    /// Stamps of folders, taken after the write, that can vouch for the folder's entries: a
    /// folder whose stamp is the same at the next write had no file added, removed or
    /// renamed since, so the files the caller knows to be unchanged are all still there and
    /// need not be looked at one by one.
    stamps: HashMap<String, Stamp>,
}

impl Listing {
    /// The folder as a write of `files` leaves it.
    fn of(files: &[(&str, &[u8])]) -> Listing {
        Listing {
            files: files.iter().map(|(p, _)| p.to_string()).collect(),
            folders: folders_of(files.iter().map(|(p, _)| *p))
                .into_iter()
                .map(str::to_string)
                .collect(),
            stamps: HashMap::new(),
        }
    }

    /// Adds the stamps of the folders under `out`: those in `untouched` (still as stamped,
    /// and not written to since) keep theirs; the others are stamped now, where the stamp
    /// can vouch (see [`Stamp::settled_before`]).
    fn stamped(mut self, out: &Path, untouched: HashMap<String, Stamp>) -> Listing {
        let now = std::time::SystemTime::now();
        self.stamps = self
            .folders
            .par_iter()
            .filter_map(|folder| match untouched.get(folder) {
                Some(stamp) => Some((folder.clone(), *stamp)),
                None => Stamp::of(&out.join(folder))
                    .filter(|stamp| stamp.settled_before(now))
                    .map(|stamp| (folder.clone(), stamp)),
            })
            .collect();
        self
    }

    /// The folders whose stamps are as this listing has them, with their stamps.
    fn untouched(&self, out: &Path) -> HashMap<String, Stamp> {
        self.stamps
            .par_iter()
            .filter(|(folder, stamp)| Stamp::of(&out.join(folder)) == Some(**stamp))
            .map(|(folder, stamp)| (folder.clone(), *stamp))
            .collect()
    }

    fn read(out: &Path) -> Result<Listing, WriteError> {
        let mut tree = Listing::default();
        for entry in walkdir::WalkDir::new(out).min_depth(1) {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(out).to_path_buf();
                WriteError::Io {
                    path,
                    source: e.into(),
                }
            })?;
            let relative = crate::source::relative_name(out, entry.path());
            if entry.file_type().is_dir() {
                tree.folders.insert(relative);
            } else {
                tree.files.insert(relative);
            }
        }
        Ok(tree)
    }

    /// Whether a new file (one of `new`, which this listing does not hold) would sit where
    /// a folder is, or make a folder where a file is: the one case an update in place cannot
    /// do in two clean steps. A file already there has only folders above it.
    fn conflicts(&self, new: &[&str]) -> bool {
        new.iter().any(|p| self.folders.contains(*p))
            || folders_of(new.iter().copied())
                .iter()
                .any(|f| self.files.contains(*f))
    }
}

/// Where the changed files of an update are written before they are put in place.
enum Staging {
    /// In the spare folder beside the output folder, where each file's previous version
    /// stays after the exchange and is written over at its next change (see [`overwrite`]).
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    Spares(PathBuf),
    /// Beside each target under a hidden temporary name, renamed over it: where there is no
    /// exchange, or the spare folder cannot be used.
    Beside,
}

impl Staging {
    /// Spares where the system can exchange files and the spare folder, beside the output
    /// folder, is a folder on the same file system with a folder for each of `changed`;
    /// else beside the targets. A spare folder made by hand into something else is put right.
    fn choose(out: &Path, changed: &[&(&str, &[u8])]) -> Staging {
        #[cfg(target_os = "linux")]
        {
            use std::os::unix::fs::MetadataExt;
            let root = sibling(out, "spare");
            let ready = || -> io::Result<()> {
                // An output folder named `.` or `/` has no beside.
                if out.file_name().is_none() {
                    return Err(io::ErrorKind::Unsupported.into());
                }
                make_spare_folder(&root)?;
                if fs::symlink_metadata(&root)?.dev() != fs::metadata(out)?.dev() {
                    return Err(io::ErrorKind::Unsupported.into());
                }
                for folder in folders_of(changed.iter().map(|(p, _)| *p)) {
                    make_spare_folder(&root.join(folder))?;
                }
                Ok(())
            };
            if ready().is_ok() {
                return Staging::Spares(root);
            }
        }
        let _ = changed;
        Staging::Beside
    }

    /// Where the file at `relative` is written before it is put in place.
    fn path(&self, out: &Path, relative: &str) -> PathBuf {
        match self {
            Staging::Spares(root) => root.join(relative),
            Staging::Beside => temporary(&out.join(relative)),
        }
    }
}

/// Makes a folder of the spare tree, removing a file or link that stands where it goes.
#[cfg(target_os = "linux")]
fn make_spare_folder(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(_) => fs::remove_file(path)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    fs::create_dir(path)
}

/// Writes `bytes` over the spare file at `path`, a site file's version from before its
/// last change, in place: the file keeps its disk blocks and the memory that caches it, so
/// a month's changed files cost a copy into memory the system already holds rather than
/// new files, new blocks and the removal of the old ones. On a virtual machine that hands
/// freed memory back to its host this is the difference between 2 and 20 ms for a month of
/// a ten-year archive (BENCHMARKS.md). A spare that is anything but a file of its own (a
/// folder, a link, a file with another name elsewhere, as a hard link made by hand would
/// be) is removed and a new file made: another name of the file must never change.
#[cfg(target_os = "linux")]
fn overwrite(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use rustix::fs::OFlags;
    use std::io::Write;
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
    // No link is followed, and a pipe put there does not block the open.
    let flags = (OFlags::NOFOLLOW | OFlags::NONBLOCK).bits() as i32;
    let open = |new: bool| {
        fs::OpenOptions::new()
            .write(true)
            .create(true)
            .create_new(new)
            .custom_flags(flags)
            .open(path)
    };
    let (mut file, length) = match open(false) {
        Ok(file) => match file.metadata() {
            Ok(meta) if meta.is_file() && meta.nlink() == 1 => (file, meta.len()),
            _ => {
                drop(file);
                clear(path)?;
                (open(true)?, 0)
            }
        },
        Err(_) => {
            clear(path)?;
            (open(true)?, 0)
        }
    };
    file.write_all(bytes)?;
    if length > bytes.len() as u64 {
        file.set_len(bytes.len() as u64)?;
    }
    Ok(())
}

/// Removes whatever is at `path`, if anything.
#[cfg(target_os = "linux")]
fn clear(path: &Path) -> io::Result<()> {
    let removed = match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) => Err(e),
    };
    match removed {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The hidden name a changed file is written under before it is renamed into place.
fn temporary(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.tiltak-new"))
}

/// Updates an existing site in place: writes the changed files outside it, puts them into
/// place once all are written, then removes what the new site does not have. `existing` is
/// what the folder holds (`from_write`: as the last write left it, rather than as listed
/// now) and `new` the files it lacks. Returns what was done, and `existing` made into the
/// listing of the folder as it now is: its bookkeeping is then the size of the change, not
/// of the site.
fn update(
    out: &Path,
    files: &[(&str, &[u8])],
    known: &HashSet<&str>,
    mut existing: Listing,
    from_write: bool,
    new: &[&str],
) -> Result<(Written, Listing), WriteError> {
    let mut untouched = existing.untouched(out);
    let mut changed: Vec<&(&str, &[u8])> = files
        .par_iter()
        .filter(|(relative, bytes)| {
            let vouched = known.contains(relative)
                && untouched.contains_key(relative.rsplit_once('/').map_or("", |(f, _)| f));
            !(existing.files.contains(*relative)
                && (vouched || unchanged(out, relative, bytes, known)))
        })
        .collect();
    // Largest first: a month's changed files range from a few KB to the whole archive's CSV,
    // and that one should not start last on one core while the other has nothing left.
    changed.sort_by_key(|(_, bytes)| std::cmp::Reverse(bytes.len()));
    let staging = Staging::choose(out, &changed);
    let mut created = Vec::new();
    let result = write_staged(out, &staging, &changed, &mut created);
    let staged = match result {
        Ok(staged) => staged,
        Err((error, written)) => {
            // Spares are versions no page shows, so a half-written one harms nothing.
            if let Staging::Beside = staging {
                for path in written {
                    let _ = fs::remove_file(path);
                }
            }
            for folder in created.iter().rev() {
                let _ = fs::remove_dir(folder);
            }
            return Err(error);
        }
    };
    let keep_old = matches!(staging, Staging::Spares(_));
    staged
        .par_iter()
        .zip(&changed)
        .try_for_each(|(staged, (relative, _))| {
            let target = out.join(relative);
            put_in_place(staged, &target, keep_old).map_err(io_error(&target))
        })?;
    // Every path is given once, so when the folder's files and the new ones add up to the
    // site, none of the folder's is gone.
    let keep: HashSet<&str>;
    let gone: Vec<String> = if existing.files.len() + new.len() == files.len() {
        Vec::new()
    } else {
        keep = files.iter().map(|(p, _)| *p).collect();
        existing
            .files
            .iter()
            .filter(|f| !keep.contains(f.as_str()))
            .cloned()
            .collect()
    };
    // A folder written to or removed from is stamped anew after the write.
    let touched = changed
        .iter()
        .map(|(p, _)| *p)
        .chain(gone.iter().map(|f| f.as_str()));
    for folder in folders_of(touched) {
        untouched.remove(folder);
    }
    gone.par_iter().try_for_each(|f| {
        if let Staging::Spares(root) = &staging {
            let _ = fs::remove_file(root.join(f));
        }
        let path = out.join(f);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                Err(WriteError::Io { path, source: e })
            }
            _ => Ok(()),
        }
    })?;
    // Folders only go stale when files go, or when the listing was read and may hold
    // folders made by hand.
    let mut stale: Vec<String> = if gone.is_empty() && from_write {
        Vec::new()
    } else {
        let folders = folders_of(files.iter().map(|(p, _)| *p));
        existing
            .folders
            .iter()
            .filter(|f| !folders.contains(f.as_str()))
            .cloned()
            .collect()
    };
    // Deepest first, so each is empty when its turn comes.
    stale.sort_by(|a, b| (b.matches('/').count(), b).cmp(&(a.matches('/').count(), a)));
    for folder in &stale {
        // A folder that still holds a file added by hand is left: it does no harm.
        let _ = fs::remove_dir(out.join(folder));
    }
    let written = Written {
        written: changed.len(),
        unchanged: files.len() - changed.len(),
        bytes: files.iter().map(|(_, b)| b.len() as u64).sum(),
    };
    // The listing of `files`, as `Listing::of` would make it.
    for file in &gone {
        existing.files.remove(file);
    }
    for folder in &stale {
        existing.folders.remove(folder);
    }
    existing.files.extend(new.iter().map(|p| p.to_string()));
    existing.folders.extend(
        folders_of(new.iter().copied())
            .into_iter()
            .map(str::to_string),
    );
    Ok((written, existing.stamped(out, untouched)))
}

/// Moves a written file to its target, replacing what is there at once: a reader sees the
/// old file or the new one, never a missing or half-written one.
///
/// On Linux the two are exchanged (`renameat2` with `RENAME_EXCHANGE`) and the old file,
/// now where the new one was written, is then removed, or kept as the spare when
/// `keep_old` is set. A plain rename over an existing file
/// would do the same, but ext4 (the usual Linux file system) then starts writing the new
/// file to the disk at once and makes the rename wait for it to be queued, a guard for
/// programs that do not sync what they replace. A site is output that the next build writes
/// again, so that guard buys nothing here, and over a month's dozens of changed files of a
/// large archive it costs several milliseconds. Where an exchange cannot be made (a new
/// file, another system, a file system without it) the file is renamed.
fn put_in_place(temporary: &Path, target: &Path, keep_old: bool) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        // An exchange would also swap a file with a folder put where the file goes; a
        // rename refuses that, as it should.
        if fs::symlink_metadata(target).is_ok_and(|m| m.is_dir()) {
            return fs::rename(temporary, target);
        }
        match renameat_with(CWD, temporary, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) if keep_old => return Ok(()),
            Ok(()) => return fs::remove_file(temporary),
            // No file to exchange with, or no exchange here: a plain rename does.
            Err(rustix::io::Errno::NOENT | rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => {
            }
            Err(e) => return Err(e.into()),
        }
    }
    let _ = keep_old;
    fs::rename(temporary, target)
}

/// The first step of [`update`]: every changed file where `staging` puts it. On failure,
/// the error and the files already written, for the caller to remove; the folders it made
/// in the output folder are in `created`.
fn write_staged(
    out: &Path,
    staging: &Staging,
    changed: &[&(&str, &[u8])],
    created: &mut Vec<PathBuf>,
) -> Result<Vec<PathBuf>, (WriteError, Vec<PathBuf>)> {
    // Every folder is made if missing, listed or not: a listing from the last write does
    // not know of a folder deleted by hand since.
    for folder in folders_of(changed.iter().map(|(p, _)| *p)) {
        let path = out.join(folder);
        match make_folder(&path) {
            Ok(true) => created.push(path),
            Ok(false) => {}
            Err(error) => return Err((error, Vec::new())),
        }
    }
    let outcomes: Vec<Result<PathBuf, WriteError>> = changed
        .par_iter()
        .map(|(relative, bytes)| {
            let temporary = staging.path(out, relative);
            let outcome = match staging {
                #[cfg(target_os = "linux")]
                Staging::Spares(_) => overwrite(&temporary, bytes),
                _ => fs::write(&temporary, bytes),
            };
            match outcome {
                Ok(()) => Ok(temporary),
                Err(source) => {
                    if let Staging::Beside = staging {
                        let _ = fs::remove_file(&temporary);
                    }
                    Err(WriteError::Io {
                        path: out.join(relative),
                        source,
                    })
                }
            }
        })
        .collect();
    let mut written = Vec::new();
    let mut first_error = None;
    for outcome in outcomes {
        match outcome {
            Ok(path) => written.push(path),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        None => Ok(written),
        Some(error) => Err((error, written)),
    }
}

/// Writes the site into a new folder beside the output folder and swaps it in: for a first
/// build, and for the rare change of layout an update in place cannot make. Unchanged files
/// are hard-linked from the previous site so they keep their modification time.
fn swap(out: &Path, files: &[(&str, &[u8])], known: &HashSet<&str>) -> Result<Written, WriteError> {
    let staging = staging_dir(out);
    let old = sibling(out, "old");
    let written = match write_all(out, &staging, files, known) {
        Ok(written) => written,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if out.exists() {
        fs::rename(out, &old).map_err(io_error(out))?;
    }
    if let Err(source) = fs::rename(&staging, out) {
        // Put the previous site back before reporting.
        let _ = fs::rename(&old, out);
        let _ = fs::remove_dir_all(&staging);
        return Err(WriteError::Io {
            path: out.to_path_buf(),
            source,
        });
    }
    if old.exists() {
        remove_tree(&old).map_err(io_error(&old))?;
    }
    // The spares were versions of the site just replaced; the new one starts without.
    let spares = sibling(out, "spare");
    if spares.exists() {
        remove_tree(&spares).map_err(io_error(&spares))?;
    }
    Ok(written)
}

/// Removes a folder and everything in it, unlinking its files on every core.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.par_iter().try_for_each(fs::remove_file)?;
    fs::remove_dir_all(dir)
}

fn looks_like_site(out: &Path) -> bool {
    out.join(".nojekyll").is_file()
        || fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false)
}

fn write_all(
    out: &Path,
    staging: &Path,
    files: &[(&str, &[u8])],
    known: &HashSet<&str>,
) -> Result<Written, WriteError> {
    fs::create_dir_all(staging).map_err(io_error(staging))?;
    for folder in folders_of(files.iter().map(|(p, _)| *p)) {
        make_folder(&staging.join(folder))?;
    }
    // Files are independent: compare and write them on every core.
    let outcomes: Vec<Result<bool, WriteError>> = files
        .par_iter()
        .map(|(relative, bytes)| {
            let target = staging.join(relative);
            let previous = out.join(relative);
            if unchanged(out, relative, bytes, known) && fs::hard_link(&previous, &target).is_ok() {
                return Ok(false);
            }
            fs::write(&target, bytes).map_err(|source| WriteError::Io {
                path: target,
                source,
            })?;
            Ok(true)
        })
        .collect();
    let mut written = Written {
        bytes: files.iter().map(|(_, b)| b.len() as u64).sum(),
        ..Written::default()
    };
    for outcome in outcomes {
        if outcome? {
            written.written += 1;
        } else {
            written.unchanged += 1;
        }
    }
    Ok(written)
}

/// Makes a folder whose parent exists; says whether it was made (false: it was there).
fn make_folder(path: &Path) -> Result<bool, WriteError> {
    match fs::create_dir(path) {
        Ok(()) => Ok(true),
        Err(source) if source.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(source) => Err(WriteError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Whether the file at `relative` under `out` holds `bytes`: for a file the caller knows
/// to be unchanged, its being there with that length is enough; any other is read back.
fn unchanged(out: &Path, relative: &str, bytes: &[u8], known: &HashSet<&str>) -> bool {
    let path = out.join(relative);
    if known.contains(relative) {
        same_length(&path, bytes)
    } else {
        same_bytes(&path, bytes)
    }
}

fn same_length(path: &Path, bytes: &[u8]) -> bool {
    fs::metadata(path).is_ok_and(|meta| meta.is_file() && meta.len() == bytes.len() as u64)
}

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Files {
        pairs
            .iter()
            .map(|(p, b)| (p.to_string(), b.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn a_write_waits_while_another_is_under_way_in_the_same_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        replace(&out, &files(&[(".nojekyll", ""), ("a.html", "first")])).unwrap();
        // Another build holding the folder, as a `tiltak build` beside a watch would.
        let other = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(sibling(&out, "lock"))
            .unwrap();
        other.lock().unwrap();
        let writer = {
            let out = out.clone();
            std::thread::spawn(move || {
                replace(&out, &files(&[(".nojekyll", ""), ("a.html", "second")])).unwrap()
            })
        };
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert!(!writer.is_finished(), "the write waits for the other");
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "first");
        drop(other);
        writer.join().unwrap();
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "second");
    }

    #[test]
    fn replaces_the_folder_and_drops_old_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        replace(
            &out,
            &files(&[(".nojekyll", ""), ("a.html", "a"), ("old/b.html", "b")]),
        )
        .unwrap();
        let written = replace(
            &out,
            &files(&[(".nojekyll", ""), ("a.html", "A"), ("c/d.html", "d")]),
        )
        .unwrap();
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "A");
        assert!(!out.join("old").exists());
        assert!(out.join("c/d.html").exists());
        assert_eq!((written.written, written.unchanged), (2, 1));
        let mut beside: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        beside.sort();
        if cfg!(target_os = "linux") {
            assert_eq!(beside, [".site.tiltak-lock", ".site.tiltak-spare", "site"]);
            assert_eq!(
                listing_of(&spares(&out)),
                ["a.html", "c"],
                "the changed file's spare, and the folder the new file was written in"
            );
        } else {
            assert_eq!(beside, [".site.tiltak-lock", "site"]);
        }
    }

    fn spares(out: &Path) -> PathBuf {
        sibling(out, "spare")
    }

    #[test]
    fn unchanged_files_keep_their_modification_time() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        replace(
            &out,
            &files(&[(".nojekyll", ""), ("same.html", "x"), ("changed.html", "1")]),
        )
        .unwrap();
        let before = fs::metadata(out.join("same.html"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        replace(
            &out,
            &files(&[(".nojekyll", ""), ("same.html", "x"), ("changed.html", "2")]),
        )
        .unwrap();
        assert_eq!(
            fs::metadata(out.join("same.html"))
                .unwrap()
                .modified()
                .unwrap(),
            before
        );
    }

    /// Every file and folder under `dir`, relative, sorted.
    fn listing_of(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(|e| crate::source::relative_name(dir, e.unwrap().path()))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn an_update_in_place_writes_only_what_changed_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        replace(
            &out,
            &files(&[
                (".nojekyll", ""),
                ("a.html", "a"),
                ("gone/deep/b.html", "b"),
                ("kept/c.html", "c"),
            ]),
        )
        .unwrap();
        // A temporary file of a build that was killed is cleared away too.
        fs::write(out.join("kept/.c.html.tiltak-new"), "half").unwrap();
        let written = replace(
            &out,
            &files(&[
                (".nojekyll", ""),
                ("a.html", "A"),
                ("kept/c.html", "c"),
                ("new/d.html", "d"),
            ]),
        )
        .unwrap();
        assert_eq!((written.written, written.unchanged), (2, 2));
        assert_eq!(
            listing_of(&out),
            [
                ".nojekyll",
                "a.html",
                "kept",
                "kept/c.html",
                "new",
                "new/d.html"
            ]
        );
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "A");
        let beside: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        if cfg!(target_os = "linux") {
            assert_eq!(
                beside.len(),
                3,
                "nothing but the lock and the spares is left beside the site"
            );
            assert_eq!(
                fs::read_to_string(spares(&out).join("a.html")).unwrap(),
                "a",
                "the previous version is the spare"
            );
            assert!(
                !spares(&out).join("new/d.html").exists(),
                "a new file has none"
            );
        } else {
            assert_eq!(
                beside.len(),
                2,
                "nothing but the lock is left beside the site"
            );
        }
    }

    /// The inode number of a file.
    #[cfg(target_os = "linux")]
    fn inode(path: &Path) -> u64 {
        std::os::unix::fs::MetadataExt::ino(&fs::metadata(path).unwrap())
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_spare_is_written_over_in_place_and_never_through_another_name() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let write = |text: &str| {
            replace(&out, &files(&[(".nojekyll", ""), ("a/b.html", text)])).unwrap();
        };
        write("first");
        let first = inode(&out.join("a/b.html"));
        write("second");
        assert_eq!(inode(&spares(&out).join("a/b.html")), first);
        // The third version goes into the file that held the first, and a shorter text
        // leaves nothing of the longer one behind.
        write("3rd");
        assert_eq!(inode(&out.join("a/b.html")), first);
        assert_eq!(fs::read_to_string(out.join("a/b.html")).unwrap(), "3rd");
        assert_eq!(
            fs::read_to_string(spares(&out).join("a/b.html")).unwrap(),
            "second"
        );
        // A hard link made by hand to the spare, and a link put in its place, are never
        // written through.
        let mine = dir.path().join("mine.html");
        fs::hard_link(spares(&out).join("a/b.html"), &mine).unwrap();
        write("4th");
        assert_eq!(fs::read_to_string(&mine).unwrap(), "second");
        assert_eq!(fs::read_to_string(out.join("a/b.html")).unwrap(), "4th");
        let spare = spares(&out).join("a/b.html");
        fs::remove_file(&spare).unwrap();
        std::os::unix::fs::symlink(&mine, &spare).unwrap();
        write("5th");
        assert_eq!(fs::read_to_string(&mine).unwrap(), "second");
        assert_eq!(fs::read_to_string(out.join("a/b.html")).unwrap(), "5th");
        // A folder where the spare folder goes is put right; a site swapped in whole starts
        // without spares.
        fs::remove_dir_all(spares(&out).join("a")).unwrap();
        fs::write(spares(&out).join("a"), "in the way").unwrap();
        write("6th");
        assert_eq!(fs::read_to_string(out.join("a/b.html")).unwrap(), "6th");
        replace(&out, &files(&[(".nojekyll", ""), ("a", "now a file")])).unwrap();
        assert!(!spares(&out).exists());
    }

    #[test]
    fn with_the_last_listing_the_folder_is_not_listed_again() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let list = |pairs: &[(&'static str, &'static str)]| -> Vec<(&str, &[u8])> {
            pairs.iter().map(|(p, b)| (*p, b.as_bytes())).collect()
        };
        let first = list(&[(".nojekyll", ""), ("a/b.html", "b"), ("c.html", "c")]);
        let (_, listing) = replace_knowing(&out, &first, &HashSet::new(), None).unwrap();
        // By hand: a whole folder deleted, a file added.
        fs::remove_dir_all(out.join("a")).unwrap();
        fs::write(out.join("mine.txt"), "x").unwrap();
        let second = list(&[(".nojekyll", ""), ("a/b.html", "b"), ("d.html", "d")]);
        let known = HashSet::from(["a/b.html"]);
        let (written, _) = replace_knowing(&out, &second, &known, Some(listing)).unwrap();
        assert_eq!((written.written, written.unchanged), (2, 1));
        assert_eq!(
            listing_of(&out),
            [".nojekyll", "a", "a/b.html", "d.html", "mine.txt"],
            "the deleted file is back, the old file gone, the added one left alone"
        );
    }

    #[test]
    fn the_listing_an_update_leaves_is_the_listing_of_the_new_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let same = |listing: &Listing, files: &[(&str, &[u8])]| {
            let of = Listing::of(files);
            assert_eq!(listing.files, of.files);
            assert_eq!(listing.folders, of.folders);
        };
        let first: Vec<(&str, &[u8])> = vec![
            (".nojekyll", b""),
            ("a/1.html", b"1"),
            ("a/b/2.html", b"2"),
            ("c.html", b"c"),
        ];
        let (_, listing) = replace_knowing(&out, &first, &HashSet::new(), None).unwrap();
        // A file changed, one gone with its folder, one new in a new folder.
        let second: Vec<(&str, &[u8])> = vec![
            (".nojekyll", b""),
            ("a/1.html", b"one"),
            ("c.html", b"c"),
            ("d/e/3.html", b"3"),
        ];
        let (_, listing) = replace_knowing(&out, &second, &HashSet::new(), Some(listing)).unwrap();
        same(&listing, &second);
        assert_eq!(
            listing_of(&out),
            [
                ".nojekyll",
                "a",
                "a/1.html",
                "c.html",
                "d",
                "d/e",
                "d/e/3.html"
            ]
        );
        // Only added to.
        let mut third = second.clone();
        third.push(("f/4.html", b"4"));
        let (_, listing) = replace_knowing(&out, &third, &HashSet::new(), Some(listing)).unwrap();
        same(&listing, &third);
        // Listed anew, with an empty folder made by hand, which goes.
        fs::create_dir(out.join("mine")).unwrap();
        let (_, listing) = replace_knowing(&out, &third, &HashSet::new(), None).unwrap();
        same(&listing, &third);
        assert!(!out.join("mine").exists());
    }

    #[test]
    fn a_folder_whose_stamp_is_unchanged_is_trusted_and_one_whose_stamp_moved_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let files: Vec<(&str, &[u8])> = vec![
            (".nojekyll", b""),
            ("a/1.html", b"1"),
            ("a/2.html", b"2"),
            ("b/3.html", b"3"),
        ];
        let all = HashSet::from(["a/1.html", "a/2.html", "b/3.html"]);
        let (_, listing) = replace_knowing(&out, &files, &HashSet::new(), None).unwrap();
        // Stamps vouch only for folders that settled before they were taken.
        std::thread::sleep(crate::stamp::SETTLED + std::time::Duration::from_millis(100));
        let (_, listing) = replace_knowing(&out, &files, &all, Some(listing)).unwrap();
        // By hand: a file of `a` edited in place (its folder's stamp stays), one of `b`
        // deleted (its folder's stamp moves).
        fs::write(out.join("a/1.html"), "edited").unwrap();
        fs::remove_file(out.join("b/3.html")).unwrap();
        let (written, _) = replace_knowing(&out, &files, &all, Some(listing)).unwrap();
        assert_eq!((written.written, written.unchanged), (1, 3));
        assert_eq!(fs::read_to_string(out.join("b/3.html")).unwrap(), "3");
        assert_eq!(
            fs::read_to_string(out.join("a/1.html")).unwrap(),
            "edited",
            "a trusted folder's files are not looked at"
        );
    }

    #[test]
    fn a_file_where_a_folder_was_and_the_other_way_round() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        replace(
            &out,
            &files(&[(".nojekyll", ""), ("x/y.html", "1"), ("z", "2")]),
        )
        .unwrap();
        replace(
            &out,
            &files(&[(".nojekyll", ""), ("x", "3"), ("z/w.html", "4")]),
        )
        .unwrap();
        assert_eq!(listing_of(&out), [".nojekyll", "x", "z", "z/w.html"]);
        assert_eq!(fs::read_to_string(out.join("x")).unwrap(), "3");
    }

    #[test]
    fn a_failed_write_leaves_the_previous_site_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        replace(
            &out,
            &files(&[(".nojekyll", ""), ("a.html", "a"), ("b/c.html", "c")]),
        )
        .unwrap();
        let before = listing_of(&out);
        // A name longer than any file system takes makes its write fail, even for root;
        // the other changed files are written first or alongside.
        let long = format!("new/{}.html", "d".repeat(300));
        let err = replace(
            &out,
            &files(&[
                (".nojekyll", ""),
                ("a.html", "A"),
                ("b/c.html", "C"),
                (&long, "d"),
            ]),
        )
        .unwrap_err();
        assert!(matches!(err, WriteError::Io { .. }), "{err}");
        assert!(err.to_string().contains("dddd.html"), "{err}");
        assert_eq!(listing_of(&out), before);
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "a");
        assert_eq!(fs::read_to_string(out.join("b/c.html")).unwrap(), "c");
    }

    #[test]
    fn a_folder_made_by_hand_where_a_changed_file_goes_is_refused_not_swapped() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let first: Vec<(&str, &[u8])> = vec![(".nojekyll", b""), ("a.html", b"a")];
        let (_, listing) = replace_knowing(&out, &first, &HashSet::new(), None).unwrap();
        // The listing of the last write does not know the file became a folder.
        fs::remove_file(out.join("a.html")).unwrap();
        fs::create_dir(out.join("a.html")).unwrap();
        fs::write(out.join("a.html/mine.txt"), "keep").unwrap();
        let second: Vec<(&str, &[u8])> = vec![(".nojekyll", b""), ("a.html", b"A")];
        let err = replace_knowing(&out, &second, &HashSet::new(), Some(listing)).unwrap_err();
        assert!(err.to_string().contains("a.html"), "{err}");
        assert_eq!(
            fs::read_to_string(out.join("a.html/mine.txt")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn refuses_to_replace_a_folder_that_is_not_a_site() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("precious.txt"), "keep").unwrap();
        let err = replace(dir.path(), &files(&[("a.html", "a")])).unwrap_err();
        assert!(matches!(err, WriteError::NotASite { .. }));
        assert!(dir.path().join("precious.txt").exists());
    }

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let err = replace(&dir.path().join("site"), &files(&[("../evil", "x")])).unwrap_err();
        assert!(matches!(err, WriteError::BadPath(_)));
        assert!(!dir.path().join("evil").exists());
    }
}
