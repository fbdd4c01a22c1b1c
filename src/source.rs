//! Reading the content folder: which files are reports, pages and settings, and their text.
//! The only module of the pipeline that reads input files; all after it works in memory.

pub use crate::decode::{decode, SourceFile};
use crate::diagnostic::{Diagnostic, Kind};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// What the content folder holds.
#[derive(Debug, Default)]
pub struct Content {
    /// Every `*.txt` file: the reports, sorted by name.
    pub reports: Vec<SourceFile>,
    /// Every `*.md` file: the site's own pages, sorted by name.
    pub pages: Vec<SourceFile>,
    /// The publisher's settings and classification, `tiltak.toml`, when there is one.
    pub settings: Option<SourceFile>,
    /// Files that could not be read or decoded, one error each.
    pub problems: Vec<Diagnostic>,
}

/// The publisher's file of settings and classification, at the top of the content folder.
pub const SETTINGS: &str = "tiltak.toml";

/// Lists the reports, pages and [`SETTINGS`] under `dir`, sorted by their relative name,
/// without hidden files and editor leftovers ([`is_scratch_name`]): a half-saved file is
/// never taken for a report.
pub fn list(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    if !dir.is_dir() {
        return Err(Diagnostic::error(
            Kind::Io,
            &dir.display().to_string(),
            0,
            0,
            "the content folder does not exist",
        )
        .expected("a folder holding the report files (*.txt)"));
    }
    let settings = dir.join(SETTINGS);
    walk(dir, |path| is_content_file(path) || path == settings)
        .map_err(|e| Diagnostic::error(Kind::Io, &dir.display().to_string(), 0, 0, e.to_string()))
}

/// Lists the files of the static folder that are copied into the site: every file but
/// hidden ones and editor leftovers. A static folder that does not exist has none.
pub fn list_static(dir: &Path) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walk(dir, |_| true).unwrap_or_default()
}

/// The files under `dir` that `keep` accepts, sorted, without entering hidden folders.
fn walk(dir: &Path, keep: impl Fn(&Path) -> bool) -> Result<Vec<PathBuf>, walkdir::Error> {
    let mut files = Vec::new();
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_scratch_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry?;
        if entry.file_type().is_file() && keep(entry.path()) {
            files.push(entry.into_path());
        }
    }
    Ok(files)
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

/// Whether a path is a report (`.txt`) or a page (`.md`), and not an editor's temporary file.
pub fn is_content_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    !is_scratch_name(name)
        && matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("txt" | "md")
        )
}

/// Reads and decodes every report and page under `dir`. A file that cannot be read or
/// decoded goes into [`Content::problems`], so the other files are still read and checked:
/// one run names every problem. Only a content folder that cannot be listed is an error here.
pub fn read(dir: &Path) -> Result<Content, Diagnostic> {
    let paths = list(dir)?;
    let read: Vec<Result<SourceFile, Diagnostic>> = paths
        .par_iter()
        .map(|path| {
            let name = relative_name(dir, path);
            let bytes = read_bytes(path, &name)?;
            decode(&name, &bytes)
        })
        .collect();
    let mut content = Content::default();
    for file in read {
        match file {
            Ok(file) if file.name == SETTINGS => content.settings = Some(file),
            Ok(file) if file.name.ends_with(".md") => content.pages.push(file),
            Ok(file) => content.reports.push(file),
            Err(problem) => content.problems.push(problem),
        }
    }
    Ok(content)
}

/// Reads the static folder's files (stylesheets, fonts), as `(relative name, bytes)`.
pub fn read_static(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    list_static(dir)
        .into_iter()
        .map(|path| {
            let name = relative_name(dir, &path);
            let bytes = read_bytes(&path, &format!("{}/{name}", dir.display()))?;
            Ok((name, bytes))
        })
        .collect()
}

/// The name of `path` relative to `dir`, with `/` separators on every platform.
pub fn relative_name(dir: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(dir).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The largest file read, far above any real report (the seed is 33 kB, a year of monthly
/// tables well under 1 MB). A larger file is refused before it is read into memory.
pub const MAX_FILE_SIZE: u64 = 20 * 1024 * 1024;

/// Reads a file's bytes, refusing at once a file over [`MAX_FILE_SIZE`]: its size is looked
/// up before a byte is read, and the read stops one byte past the limit in case the file
/// grows in between.
pub fn read_bytes(path: &Path, name: &str) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let cannot = |e: std::io::Error| {
        Diagnostic::error(Kind::Io, name, 0, 0, format!("cannot read the file: {e}"))
    };
    let too_large = |size: u64| {
        Diagnostic::error(
            Kind::TooLarge,
            name,
            0,
            0,
            format!(
                "the file is {:.1} MB, too large to be a report, and was not read",
                size as f64 / 1e6
            ),
        )
        .expected(format!(
            "a report of at most {} MB; a year of monthly tables is well under 1 MB",
            MAX_FILE_SIZE / 1024 / 1024
        ))
    };
    let file = std::fs::File::open(path).map_err(cannot)?;
    let size = file.metadata().map_err(cannot)?.len();
    if size > MAX_FILE_SIZE {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stor.txt");
        // A sparse file: its length is set, nothing is written.
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_FILE_SIZE + 1).unwrap();
        drop(file);
        let err = read_bytes(&path, "stor.txt").unwrap_err();
        assert_eq!(
            (err.kind, err.file.as_str(), err.line),
            (Kind::TooLarge, "stor.txt", 0)
        );
        assert!(err.message.contains("21.0 MB"), "{}", err.message);
        std::fs::write(&path, "Oslo\t1\n").unwrap();
        assert_eq!(read_bytes(&path, "stor.txt").unwrap(), b"Oslo\t1\n");
    }

    #[test]
    fn editor_files_are_not_content() {
        assert!(is_content_file(Path::new("a/2022.txt")));
        assert!(is_content_file(Path::new("om.md")));
        assert!(!is_content_file(Path::new("2022.txt~")));
        assert!(!is_content_file(Path::new(".2022.txt.swp")));
        assert!(!is_content_file(Path::new("2022.txt.tmp")));
        assert!(!is_content_file(Path::new("bilde.png")));
    }
}
