//! The only code that touches the output folder.
//!
//! A build renders the whole site in memory first; [`replace`] then writes it into a fresh
//! folder beside the output folder and swaps it in, so a failed or interrupted build leaves
//! the previous site whole, and no file of an older build lingers. A file whose bytes did not
//! change is hard-linked from the previous site instead of written, so it keeps its
//! modification time and a deploy or rsync moves only what changed.

use rayon::prelude::*;
use std::collections::BTreeMap;
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
pub fn staging_dir(out: &Path) -> PathBuf {
    sibling(out, "new")
}

fn sibling(out: &Path, what: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    out.with_file_name(format!(".{name}.tiltak-{what}"))
}

/// Replaces the output folder with `files`.
pub fn replace(out: &Path, files: &Files) -> Result<Written, WriteError> {
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    replace_knowing(out, &files, &std::collections::HashSet::new())
}

/// [`replace`], told which files the caller knows to be byte for byte those of the current
/// output folder: they are linked without being read back (when the file is there with the
/// same length), which saves reading most of a large archive on each rebuild.
pub fn replace_knowing(
    out: &Path,
    files: &[(&str, &[u8])],
    known: &std::collections::HashSet<&str>,
) -> Result<Written, WriteError> {
    if out.is_dir() && !looks_like_site(out) {
        return Err(WriteError::NotASite {
            path: out.to_path_buf(),
        });
    }
    let staging = staging_dir(out);
    let old = sibling(out, "old");
    for leftover in [&staging, &old] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(io_error(leftover))?;
        }
    }
    let result = write_all(out, &staging, files, known);
    let written = match result {
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
    Ok(written)
}

/// Removes a folder and everything in it, unlinking its files on every core: the previous
/// site of a large archive holds thousands of files.
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
    known: &std::collections::HashSet<&str>,
) -> Result<Written, WriteError> {
    fs::create_dir_all(staging).map_err(io_error(staging))?;
    let mut folders = std::collections::BTreeSet::new();
    let mut seen = std::collections::HashSet::new();
    for &(relative, _) in files {
        if !seen.insert(relative) {
            return Err(WriteError::BadPath(format!("{relative} (given twice)")));
        }
        if relative.is_empty()
            || relative.starts_with('/')
            || relative
                .split('/')
                .any(|part| part == ".." || part.is_empty())
        {
            return Err(WriteError::BadPath(relative.to_string()));
        }
        if let Some((folder, _)) = relative.rsplit_once('/') {
            folders.insert(folder);
        }
    }
    for folder in folders {
        let path = staging.join(folder);
        fs::create_dir_all(&path).map_err(|source| WriteError::Io { path, source })?;
    }
    // Files are independent: compare and write them on every core.
    let outcomes: Vec<Result<bool, WriteError>> = files
        .par_iter()
        .map(|(relative, bytes)| {
            let target = staging.join(relative);
            let previous = out.join(relative);
            let unchanged = if known.contains(relative) {
                same_length(&previous, bytes)
            } else {
                same_bytes(&previous, bytes)
            };
            if unchanged && fs::hard_link(&previous, &target).is_ok() {
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
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("site")]);
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
