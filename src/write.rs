//! The only code that touches the output folder.
//!
//! A build renders the whole site in memory; [`Target::write`] then updates the output folder
//! to hold it, touching only its own files, which a manifest ([`MANIFEST`]) lists: only those,
//! and the temporary files a killed build may leave, are ever deleted. Any other file is left
//! alone and named, so a publisher's notes or `CNAME` survive every build. [`Target::new`]
//! refuses folders no build may write into.
//!
//! Only changed files are written, each to a temporary file in its own folder, renamed into
//! place once all are written. A failure before the renames leaves the old site as it was; a
//! reader never sees half a file; an unchanged file keeps its modification time, so a deploy
//! moves only what changed. Last, the files of the last build that the new site lacks go.

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tempfile::TempPath;

/// The rendered site: relative path (with `/`) → bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

/// The manifest inside the output folder: the files the last build wrote, one relative path
/// a line, sorted. It holds no times, so two builds of the same input leave the same bytes.
pub const MANIFEST: &str = ".tiltak-manifest";

/// The start of the name of every temporary file the writer makes, so that it knows its own
/// leftovers from a build that was killed.
const TEMPORARY: &str = ".tiltak-tmp-";

/// What the writer did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// Files whose bytes were written.
    pub written: usize,
    /// Files kept from the previous site because their bytes had not changed.
    pub unchanged: usize,
    /// Files of the previous build that the new site lacks, deleted.
    pub removed: usize,
    /// Total size of the site in bytes.
    pub bytes: u64,
    /// Files in the output folder that tiltak did not write, left alone.
    pub left_alone: Vec<String>,
}

/// Why the output folder could not be updated.
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
    /// The output folder is one no build may write into.
    #[error("refusing to write the site into {path}: {why}; {suggestion}")]
    Refused {
        /// The output folder as given.
        path: PathBuf,
        /// What the folder is.
        why: String,
        /// Where to write instead.
        suggestion: String,
    },
    /// The output folder holds files, none of them written by tiltak.
    #[error("{path} is not empty, and holds neither the list of files tiltak wrote there ({MANIFEST}) nor a `.nojekyll`, so it does not look like a site tiltak built; refusing to write into it. Empty it, or choose another folder with --out")]
    NotASite {
        /// The output folder.
        path: PathBuf,
    },
    /// A file or folder that tiltak did not write stands where the site needs one.
    #[error("{path} is in the way of the site and was not written by tiltak; move it elsewhere, then build again")]
    InTheWay {
        /// The file or folder.
        path: PathBuf,
    },
    /// A rendered path would leave the output folder, or is one the writer keeps for itself.
    #[error("the output path `{0}` is not a plain relative path of the site")]
    BadPath(String),
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// An output folder that passed the checks: one a build may write into.
#[derive(Debug)]
pub struct Target {
    out: PathBuf,
}

impl Target {
    /// Checks that `out` may hold a site: not a file, not nor holding any of the `protected`
    /// folders (each with what it is) or a Git repository, and empty or a site. Done before a
    /// build reads anything, so a wrong `--out` costs nothing.
    pub fn new(out: &Path, protected: &[(&Path, &str)]) -> Result<Target, WriteError> {
        let refuse = |why: String| WriteError::Refused {
            path: out.to_path_buf(),
            why,
            suggestion: suggestion(out),
        };
        match fs::metadata(out) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(out)(e)),
            Ok(meta) if !meta.is_dir() => {
                return Err(refuse("it is a file, and the site is a folder".into()))
            }
            Ok(_) => {
                let full = fs::canonicalize(out).map_err(io_error(out))?;
                for (path, what) in protected {
                    if let Ok(path) = fs::canonicalize(path) {
                        if path == full {
                            return Err(refuse(format!("it is {what}")));
                        }
                        if path.starts_with(&full) {
                            return Err(refuse(format!("it holds {what}, {}", path.display())));
                        }
                    }
                }
                Found::check(out)?;
            }
        }
        Ok(Target {
            out: out.to_path_buf(),
        })
    }

    /// Updates the output folder to hold `files`: writes the changed ones, deletes the files
    /// of the last build that are gone, and leaves every other file alone.
    pub fn write(&self, files: &Files) -> Result<Written, WriteError> {
        let out = &self.out;
        check_paths(files)?;
        fs::create_dir_all(out).map_err(io_error(out))?;
        let _lock = lock(out)?;
        let (ours, found) = Found::check(out)?;
        for path in &found.temporary {
            remove(path)?;
        }
        // Of the last build's files, those the new site lacks: the only ones deleted.
        let stale: BTreeSet<&str> = ours
            .iter()
            .map(String::as_str)
            .filter(|p| !files.contains_key(*p) && found.entries.contains_key(*p))
            .collect();
        let plan = Plan::make(out, files, &found, &ours, &stale)?;
        let left_alone: Vec<String> = found
            .entries
            .iter()
            .filter(|(path, kind)| {
                **kind != Kind::Folder
                    && !files.contains_key(*path)
                    && !ours.contains(*path)
                    && *path != MANIFEST
            })
            .map(|(path, _)| path.clone())
            .collect();

        // Step one: every changed file into a temporary file in its own folder, making the
        // folders the new site adds. Nothing of the old site has changed yet: a failure here
        // drops the temporary files and the new folders.
        let mut made = Vec::new();
        let staged = plan.stage(out, files, &found, &mut made).inspect_err(|_| {
            made.iter()
                .rev()
                .for_each(|folder| drop(fs::remove_dir(folder)));
        })?;
        // The manifest first lists the new files too, so a build killed during the renames
        // leaves no file that no manifest names.
        let mut listed: BTreeSet<&str> = ours.iter().map(String::as_str).collect();
        listed.extend(files.keys().map(String::as_str));
        write_manifest(out, &listed)?;

        // Step two: into place.
        for path in &plan.cleared {
            remove(&out.join(path))?;
        }
        // Each rename stands alone, so they run on every core.
        staged
            .into_par_iter()
            .try_for_each(|(relative, temporary)| {
                let target = out.join(relative);
                // A file waiting outside its own folder needs the rename to make that folder.
                match target.parent() {
                    Some(parent) if temporary.parent() != Some(parent) => {
                        fs::create_dir_all(parent).map_err(io_error(parent))?
                    }
                    _ => {}
                }
                temporary
                    .persist(&target)
                    .map_err(|e| io_error(&target)(e.error))
            })?;
        // Those not already removed with a cleared file or folder.
        let cleared =
            |p: &str| plan.cleared.contains(p) || ancestors(p).any(|a| plan.cleared.contains(a));
        for path in stale.iter().filter(|p| !cleared(p)) {
            remove(&out.join(path))?;
            remove_empty_folders(out, path);
        }
        write_manifest(out, &files.keys().map(String::as_str).collect())?;
        Ok(Written {
            written: plan.changed.len(),
            unchanged: files.len() - plan.changed.len(),
            removed: stale.len(),
            bytes: files.values().map(|b| b.len() as u64).sum(),
            left_alone,
        })
    }
}

/// Where to write the site instead of `out`: a folder named `site` beside it.
fn suggestion(out: &Path) -> String {
    let name = match out.file_name() {
        Some(name) if name == "site" => "_site",
        _ => "site",
    };
    format!(
        "give the site a folder of its own, such as `--out {}`",
        out.with_file_name(name).display()
    )
}

/// Refuses a path that is not plain and relative, and the writer's own names.
fn check_paths(files: &Files) -> Result<(), WriteError> {
    match files
        .keys()
        .find(|p| !is_plain(p) || *p == MANIFEST || p.contains(TEMPORARY))
    {
        Some(bad) => Err(WriteError::BadPath(bad.clone())),
        None => Ok(()),
    }
}

/// Whether a path is relative, with `/` between parts, and stays inside the folder.
fn is_plain(path: &str) -> bool {
    !path.contains('\\') && path.split('/').all(|part| !matches!(part, "" | "." | ".."))
}

/// Waits until no other build writes to the output folder (a `tiltak build` beside a
/// `tiltak watch`), and keeps others waiting until the returned file is dropped. The lock is
/// an empty file beside the folder (`.site.tiltak-lock` for `site`), never removed, so all
/// builds lock the same file. One that is not a regular file (a FIFO would block) is refused.
fn lock(out: &Path) -> Result<Option<fs::File>, WriteError> {
    let full = fs::canonicalize(out).map_err(io_error(out))?;
    let (Some(parent), Some(name)) = (full.parent(), full.file_name()) else {
        return Ok(None);
    };
    let path = parent.join(format!(".{}.tiltak-lock", name.to_string_lossy()));
    if fs::symlink_metadata(&path).is_ok_and(|meta| !meta.is_file()) {
        return Err(WriteError::InTheWay { path });
    }
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io_error(&path))?;
    Ok(file.lock().is_ok().then_some(file))
}

/// The manifest's paths, or `None` when there is no manifest. Lines that are not plain
/// relative paths (a manifest edited by hand) are ignored, so no line can reach outside.
fn read_manifest(out: &Path) -> Result<Option<BTreeSet<String>>, WriteError> {
    let path = out.join(MANIFEST);
    let text = match fs::read(&path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(&path)(e)),
    };
    Ok(Some(
        text.lines()
            .filter(|line| !line.starts_with('#') && is_plain(line))
            .map(str::to_string)
            .collect(),
    ))
}

fn write_manifest(out: &Path, paths: &BTreeSet<&str>) -> Result<(), WriteError> {
    let mut text = String::from(
        "# The files tiltak wrote here. A build deletes only files on this list and leaves\n# every other file alone.\n",
    );
    for path in paths {
        text.push_str(path);
        text.push('\n');
    }
    let target = out.join(MANIFEST);
    if fs::read(&target).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    stage(out, text.as_bytes())?
        .persist(&target)
        .map_err(|e| io_error(&target)(e.error))
}

/// What the output folder holds at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Folder,
    /// A file, with its size; a link (never followed) or other special file is a file of
    /// no size that any rendered file differs from.
    File(Option<u64>),
}

/// What the output folder holds, listed without following links.
#[derive(Default)]
struct Found {
    entries: BTreeMap<String, Kind>,
    /// The writer's temporary files that a killed build left.
    temporary: Vec<PathBuf>,
}

impl Found {
    /// Reads the manifest and lists the folder, refusing one that holds a Git repository, or
    /// that has files but neither a manifest nor a `.nojekyll`. Changes nothing.
    fn check(out: &Path) -> Result<(BTreeSet<String>, Found), WriteError> {
        let ours = read_manifest(out)?;
        let found = Found::list(out)?;
        if ours.is_none() && !found.entries.is_empty() && !out.join(".nojekyll").is_file() {
            return Err(WriteError::NotASite {
                path: out.to_path_buf(),
            });
        }
        Ok((ours.unwrap_or_default(), found))
    }

    fn list(out: &Path) -> Result<Found, WriteError> {
        let mut found = Found::default();
        for entry in walkdir::WalkDir::new(out).min_depth(1) {
            let entry = entry.map_err(|e| WriteError::Io {
                path: e.path().unwrap_or(out).to_path_buf(),
                source: e.into(),
            })?;
            let name = entry.file_name().to_string_lossy();
            if name == ".git" {
                return Err(WriteError::Refused {
                    path: out.to_path_buf(),
                    why: format!("it holds a Git repository, {}", entry.path().display()),
                    suggestion: suggestion(out),
                });
            }
            let kind = entry.file_type();
            if kind.is_file() && name.starts_with(TEMPORARY) {
                found.temporary.push(entry.into_path());
                continue;
            }
            let kind = match kind.is_dir() {
                true => Kind::Folder,
                false => Kind::File(
                    entry
                        .metadata()
                        .ok()
                        .filter(|m| m.is_file())
                        .map(|m| m.len()),
                ),
            };
            let relative = crate::source::relative_name(out, entry.path());
            found.entries.insert(relative, kind);
        }
        Ok(found)
    }
}

/// What a write will do, worked out before anything is written.
struct Plan<'a> {
    /// The files whose bytes differ from the folder's, or that it lacks.
    changed: Vec<&'a str>,
    /// Stale entries of the last build where the new site needs a folder or a file: removed
    /// just before the renames.
    cleared: BTreeSet<String>,
}

impl<'a> Plan<'a> {
    fn make(
        out: &Path,
        files: &'a Files,
        found: &Found,
        ours: &BTreeSet<String>,
        stale: &BTreeSet<&str>,
    ) -> Result<Plan<'a>, WriteError> {
        let in_the_way = |path: &str| WriteError::InTheWay {
            path: out.join(path),
        };
        let mut cleared = BTreeSet::new();
        for path in files.keys() {
            for folder in ancestors(path) {
                match found.entries.get(folder) {
                    None | Some(Kind::Folder) => {}
                    Some(_) if stale.contains(folder) => {
                        cleared.insert(folder.to_string());
                    }
                    Some(_) => return Err(in_the_way(folder)),
                }
            }
            match found.entries.get(path.as_str()) {
                Some(Kind::Folder) => {
                    let prefix = format!("{path}/");
                    let inside = found.entries.range(prefix.clone()..);
                    for (inner, kind) in inside.take_while(|(p, _)| p.starts_with(&prefix)) {
                        if *kind != Kind::Folder && !stale.contains(inner.as_str()) {
                            return Err(in_the_way(inner));
                        }
                    }
                    cleared.insert(path.clone());
                }
                // A file at a path the site writes is the site's when a manifest lists it,
                // or when there is no manifest yet (a site built before manifests).
                Some(Kind::File(_)) if !ours.is_empty() && !ours.contains(path) => {
                    return Err(in_the_way(path))
                }
                _ => {}
            }
        }
        let changed = files
            .par_iter()
            .filter(|(path, bytes)| {
                found.entries.get(path.as_str()) != Some(&Kind::File(Some(bytes.len() as u64)))
                    || cleared.contains(path.as_str())
                    || fs::read(out.join(path)).map_or(true, |old| old != **bytes)
            })
            .map(|(path, _)| path.as_str())
            .collect();
        Ok(Plan { changed, cleared })
    }

    /// Writes each changed file to a temporary file in its own folder, making the missing
    /// folders (added to `made`); below a stale entry to clear, in the nearest folder above.
    fn stage(
        &self,
        out: &Path,
        files: &Files,
        found: &Found,
        made: &mut Vec<PathBuf>,
    ) -> Result<Vec<(&'a str, TempPath)>, WriteError> {
        let mut known: HashSet<&str> = HashSet::new();
        let mut folders = Vec::new();
        for &relative in &self.changed {
            let free: Vec<&str> = ancestors(relative)
                .take_while(|f| !self.cleared.contains(*f))
                .collect();
            for &folder in &free {
                if !found.entries.contains_key(folder) && known.insert(folder) {
                    let path = out.join(folder);
                    fs::create_dir(&path).map_err(io_error(&path))?;
                    made.push(path);
                }
            }
            folders.push(
                free.last()
                    .map_or_else(|| out.to_path_buf(), |f| out.join(f)),
            );
        }
        self.changed
            .par_iter()
            .zip(folders)
            .map(|(&relative, folder)| Ok((relative, stage(&folder, &files[relative])?)))
            .collect()
    }
}

/// The folders above a relative path, nearest the root first.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(at, _)| &path[..at])
}

/// Writes `bytes` to a new temporary file in `folder`; dropping the returned path deletes
/// the file, so a failed build leaves none behind. Readable as any new file (0o666 less the
/// umask), not by its owner alone, so that a web server of another user can serve it.
fn stage(folder: &Path, bytes: &[u8]) -> Result<TempPath, WriteError> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let made = builder.prefix(TEMPORARY).tempfile_in(folder);
    let mut file = made.map_err(io_error(folder))?;
    file.write_all(bytes).map_err(io_error(file.path()))?;
    Ok(file.into_temp_path())
}

/// Removes a file, link or folder of the writer's own; one already gone is fine.
fn remove(path: &Path) -> Result<(), WriteError> {
    let result = match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        _ => fs::remove_file(path),
    };
    match result {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_error(path)(e)),
        _ => Ok(()),
    }
}

/// Removes the folders above a deleted file that it left empty, up to the output folder.
fn remove_empty_folders(out: &Path, deleted: &str) {
    for folder in ancestors(deleted).collect::<Vec<_>>().into_iter().rev() {
        if fs::remove_dir(out.join(folder)).is_err() {
            return;
        }
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

    fn write(out: &Path, pairs: &[(&str, &str)]) -> Result<Written, WriteError> {
        Target::new(out, &[])?.write(&files(pairs))
    }

    /// Every file and folder under `dir`, relative, sorted.
    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(|e| crate::source::relative_name(dir, e.unwrap().path()))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_only_what_changed_and_deletes_only_its_own_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let first = write(
            &out,
            &[
                (".nojekyll", ""),
                ("a.html", "a"),
                ("gone/deep/b.html", "b"),
            ],
        )
        .unwrap();
        assert_eq!((first.written, first.unchanged), (3, 0));
        // The publisher's own files, beside the site's and among them.
        fs::write(out.join("CNAME"), "example.org").unwrap();
        fs::write(out.join("gone/deep/notes.txt"), "mine").unwrap();
        let second = write(
            &out,
            &[(".nojekyll", ""), ("a.html", "A"), ("c/d.html", "d")],
        )
        .unwrap();
        assert_eq!(
            (second.written, second.unchanged, second.removed),
            (2, 1, 1)
        );
        assert_eq!(second.left_alone, ["CNAME", "gone/deep/notes.txt"]);
        assert_eq!(
            listing(&out),
            [
                ".nojekyll",
                MANIFEST,
                "CNAME",
                "a.html",
                "c",
                "c/d.html",
                "gone",
                "gone/deep",
                "gone/deep/notes.txt"
            ]
        );
        assert_eq!(
            fs::read_to_string(out.join(MANIFEST))
                .unwrap()
                .lines()
                .filter(|l| !l.starts_with('#'))
                .collect::<Vec<_>>(),
            [".nojekyll", "a.html", "c/d.html"]
        );
        let beside: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(beside.len(), 2, "only the site and its lock");
    }

    #[test]
    fn a_folder_the_last_build_emptied_goes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write(&out, &[(".nojekyll", ""), ("a/b/c.html", "c")]).unwrap();
        write(&out, &[(".nojekyll", "")]).unwrap();
        assert_eq!(listing(&out), [".nojekyll", MANIFEST]);
    }

    #[cfg(unix)]
    #[test]
    fn written_files_get_the_permissions_of_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write(&out, &[("index.html", "a"), ("data/x.csv", "b")]).unwrap();
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        let plain = dir.path().join("plain");
        fs::write(&plain, "c").unwrap();
        assert_eq!(mode(&out.join("index.html")), mode(&plain));
        assert_eq!(mode(&out.join("data/x.csv")), mode(&plain));
        assert_eq!(mode(&out.join(MANIFEST)), mode(&plain));
    }

    #[test]
    fn unchanged_files_keep_their_modification_time() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let site = [(".nojekyll", ""), ("same.html", "x"), ("changed.html", "1")];
        write(&out, &site).unwrap();
        let modified = |name: &str| fs::metadata(out.join(name)).unwrap().modified().unwrap();
        let before = modified("same.html");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let written = write(&out, &[site[0], site[1], ("changed.html", "2")]).unwrap();
        assert_eq!(written.written, 1);
        assert_eq!(modified("same.html"), before);
    }

    #[test]
    fn the_temporary_files_of_a_killed_build_are_cleared_away() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write(&out, &[(".nojekyll", ""), ("a/b.html", "b")]).unwrap();
        fs::write(out.join("a/.tiltak-tmp-Xy12ab"), "half").unwrap();
        write(&out, &[(".nojekyll", ""), ("a/b.html", "b")]).unwrap();
        assert_eq!(listing(&out), [".nojekyll", MANIFEST, "a", "a/b.html"]);
    }

    #[test]
    fn its_own_file_may_become_a_folder_and_the_other_way_round() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write(&out, &[(".nojekyll", ""), ("x/y.html", "1"), ("z", "2")]).unwrap();
        write(&out, &[(".nojekyll", ""), ("x", "3"), ("z/w.html", "4")]).unwrap();
        assert_eq!(listing(&out), [".nojekyll", MANIFEST, "x", "z", "z/w.html"]);
        assert_eq!(fs::read_to_string(out.join("x")).unwrap(), "3");
    }

    #[test]
    fn a_file_it_did_not_write_where_the_site_needs_one_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write(&out, &[(".nojekyll", ""), ("a.html", "a")]).unwrap();
        fs::write(out.join("b.html"), "mine").unwrap();
        fs::create_dir(out.join("c")).unwrap();
        fs::write(out.join("c/mine.txt"), "mine").unwrap();
        let before = listing(&out);
        for clash in [("b.html", "site"), ("c", "site"), ("b.html/d.html", "site")] {
            let err = write(&out, &[(".nojekyll", ""), ("a.html", "A"), clash]).unwrap_err();
            assert!(matches!(err, WriteError::InTheWay { .. }), "{err}");
            assert_eq!(listing(&out), before);
            assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "a");
        }
        assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "mine");
    }

    #[test]
    fn a_failed_write_leaves_the_previous_site_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write(
            &out,
            &[(".nojekyll", ""), ("a.html", "a"), ("b/c.html", "c")],
        )
        .unwrap();
        let before = listing(&out);
        // A folder name longer than any file system takes cannot be made, even by root; the
        // other changed files, one in a new folder, are staged first or alongside.
        let long = format!("{}/x.html", "d".repeat(300));
        let err = write(
            &out,
            &[
                (".nojekyll", ""),
                ("a.html", "A"),
                ("b/c.html", "C"),
                ("b/new/e.html", "e"),
                (&long, "d"),
            ],
        )
        .unwrap_err();
        assert!(matches!(err, WriteError::Io { .. }), "{err}");
        assert!(err.to_string().contains("dddd"), "{err}");
        assert_eq!(listing(&out), before);
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "a");
        assert_eq!(fs::read_to_string(out.join("b/c.html")).unwrap(), "c");
    }

    #[test]
    fn refuses_a_folder_that_is_not_a_site_and_a_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("precious.txt"), "keep").unwrap();
        let err = write(dir.path(), &[("a.html", "a")]).unwrap_err();
        assert!(matches!(err, WriteError::NotASite { .. }), "{err}");
        let err = write(&dir.path().join("precious.txt"), &[("a.html", "a")]).unwrap_err();
        assert!(matches!(err, WriteError::Refused { .. }), "{err}");
        assert_eq!(listing(dir.path()), ["precious.txt"]);
        assert_eq!(
            fs::read_to_string(dir.path().join("precious.txt")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn refuses_paths_that_leave_the_folder_or_are_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        for bad in ["../evil", "a//b", MANIFEST, "a/.tiltak-tmp-x", "/abs"] {
            let err = write(&out, &[(bad, "x")]).unwrap_err();
            assert!(matches!(err, WriteError::BadPath(_)), "{bad}: {err}");
        }
        assert!(!dir.path().join("evil").exists());
    }

    #[test]
    fn a_manifest_line_that_leaves_the_folder_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        fs::write(dir.path().join("outside.txt"), "keep").unwrap();
        write(&out, &[(".nojekyll", "")]).unwrap();
        fs::write(
            out.join(MANIFEST),
            "../outside.txt\n/etc/hostname\n.nojekyll\n",
        )
        .unwrap();
        write(&out, &[(".nojekyll", ""), ("a.html", "a")]).unwrap();
        assert!(dir.path().join("outside.txt").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_lock_that_is_not_a_file_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let fifo = dir.path().join(".site.tiltak-lock");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mkfifo is not available");
            return;
        }
        let err = write(&out, &[(".nojekyll", "")]).unwrap_err();
        assert!(err.to_string().contains("tiltak-lock"), "{err}");
    }

    #[test]
    fn two_writes_into_one_folder_take_turns() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write(&out, &[(".nojekyll", "")]).unwrap();
        let held = lock(&out).unwrap().expect("this file system has locks");
        let writer = {
            let out = out.clone();
            std::thread::spawn(move || write(&out, &[(".nojekyll", ""), ("a.html", "a")]).unwrap())
        };
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(!out.join("a.html").exists(), "the second write waits");
        drop(held);
        writer.join().unwrap();
        assert!(out.join("a.html").exists());
    }
}
