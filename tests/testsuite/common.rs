//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed report as shipped in `content/`.
pub fn seed_path() -> PathBuf {
    root().join("content/tiltaksdeltakere-2022.txt")
}

/// The seed report's text.
pub fn seed_text() -> String {
    std::fs::read_to_string(seed_path()).expect("the seed report is in content/")
}

/// A fixture folder under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// A temporary content folder holding the given files.
pub fn content_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, bytes) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// Every file under `dir`, relative, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

/// `text` in UTF-16 with a byte-order mark, little- or big-endian, as a spreadsheet writes
/// "Unicode text".
pub fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

/// Where Debian's Chromium is; the real-browser tests need it.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Whether Chromium is there for a real-browser test. Without it the test is skipped, saying
/// so past the harness's capture, except under CI, which installs it: there a missing
/// browser fails the test rather than letting it pass unseen.
pub fn chromium_or_skip(test: &str) -> bool {
    if Path::new(CHROMIUM).exists() {
        return true;
    }
    let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !in_ci,
        "the {test} needs {CHROMIUM}, and CI installs it (apt-get install -y chromium)"
    );
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: {test} needs {CHROMIUM} (apt-get install chromium)"
    );
    false
}

/// Every diagnostic is whole-file (line 0, column 0), or on a line of the text with a column
/// at most one past its end (0: the whole line); its span lies on character boundaries.
pub fn assert_positions(text: &str, diagnostics: &[tiltak::diagnostic::Diagnostic]) {
    let lines: Vec<&str> = text.split('\n').collect();
    for d in diagnostics {
        if d.line == 0 {
            assert_eq!(d.col, 0, "{d}");
        } else {
            let line = lines
                .get(d.line as usize - 1)
                .unwrap_or_else(|| panic!("{d}: the text has {} lines", lines.len()));
            assert!(d.col as usize <= line.chars().count() + 1, "{d}: {line:?}");
        }
        if let Some((source, start, len)) = &d.snippet {
            assert_eq!(&**source, text, "{d}");
            assert!(start + len <= source.len(), "{d}");
            assert!(source.is_char_boundary(*start), "{d}");
            assert!(source.is_char_boundary(start + len), "{d}");
        }
        assert!(!d.message.is_empty());
    }
}

/// A relative link target of `page` resolved against the site's root.
pub fn resolve(page: &str, target: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for piece in target.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}
