//! The output folder: the folders a build refuses to write into (each left exactly as it
//! was), the files it leaves alone, and builds killed at any moment.

use crate::common::{content_with, files_under, seed_text};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Instant, SystemTime};

/// Everything under `dir`: each file's bytes and modification time, each folder and link.
fn state(dir: &Path) -> BTreeMap<String, (Vec<u8>, Option<SystemTime>)> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|entry| {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            let bytes = if meta.is_file() {
                fs::read(entry.path()).unwrap()
            } else {
                Vec::new()
            };
            let relative = entry.path().strip_prefix(dir).unwrap();
            (
                relative.to_string_lossy().into_owned(),
                (bytes, meta.modified().ok()),
            )
        })
        .collect()
}

/// Runs `tiltak build` with `args` in `cwd`.
fn tiltak(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tiltak"))
        .arg("build")
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

/// Writes `files` under `dir`, making folders as needed.
fn put(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

/// Asserts that `tiltak build args` in `cwd` fails, says `why` and suggests a folder, and
/// leaves everything under `cwd` as it was.
fn refused(cwd: &Path, args: &[&str], why: &str) {
    let before = state(cwd);
    let output = tiltak(cwd, args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{args:?} must fail:\n{stderr}");
    assert!(stderr.contains("refusing"), "{args:?}:\n{stderr}");
    assert!(stderr.contains(why), "{args:?} says `{why}`:\n{stderr}");
    assert!(
        stderr.contains("such as `--out "),
        "a folder is suggested:\n{stderr}"
    );
    assert!(state(cwd) == before, "{args:?} left everything as it was");
}

/// A publisher's repository published to GitHub Pages: a `.nojekyll` at its root.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    put(
        dir.path(),
        &[
            (".git/HEAD", "ref: refs/heads/main\n"),
            (".nojekyll", ""),
            ("README.md", "# Tiltak\n"),
            ("src/main.rs", "fn main() {}\n"),
            ("content/tiltaksdeltakere-2022.txt", &seed_text()),
            ("docs/.nojekyll", ""),
            ("docs/content/tiltaksdeltakere-2022.txt", &seed_text()),
            ("notes.txt", "my notes\n"),
        ],
    );
    dir
}

#[test]
fn a_repository_root_is_refused() {
    let repo = repository();
    refused(
        repo.path(),
        &["--content", "content", "--out", "."],
        "it holds the content folder",
    );
}

#[test]
fn a_folder_that_holds_the_content_folder_is_refused() {
    let repo = repository();
    refused(
        repo.path(),
        &["--content", "docs/content", "--out", "docs"],
        "it holds the content folder",
    );
    refused(
        repo.path(),
        &["--content", "content", "--out", "content"],
        "it is the content folder",
    );
}

#[test]
fn a_file_as_output_folder_is_refused() {
    let repo = repository();
    refused(
        repo.path(),
        &["--content", "content", "--out", "notes.txt"],
        "it is a file",
    );
}

#[test]
fn a_folder_that_holds_the_static_folder_or_the_current_folder_is_refused() {
    let repo = repository();
    put(repo.path(), &[("pub/static/style.css", "body {}\n")]);
    refused(
        repo.path(),
        &[
            "--content",
            "content",
            "--out",
            "pub",
            "--static",
            "pub/static",
        ],
        "it holds the static folder",
    );
    refused(
        &repo.path().join("src"),
        &["--content", "../content", "--out", "."],
        "it is the current folder",
    );
    refused(
        &repo.path().join("src"),
        &["--content", "../content", "--out", ".."],
        "it holds",
    );
}

#[test]
fn a_folder_with_a_git_repository_anywhere_in_it_is_refused() {
    let repo = repository();
    put(
        repo.path(),
        &[
            ("out/.nojekyll", ""),
            ("out/vendor/theme/.git/HEAD", "ref: refs/heads/main\n"),
        ],
    );
    refused(
        repo.path(),
        &["--content", "content", "--out", "out"],
        "Git repository",
    );
    put(repo.path(), &[("top/.git/HEAD", "x")]);
    refused(
        repo.path(),
        &["--content", "content", "--out", "top"],
        "Git repository",
    );
}

#[test]
fn a_folder_tiltak_did_not_build_is_refused() {
    let repo = repository();
    put(repo.path(), &[("mine/precious.txt", "keep\n")]);
    let before = state(repo.path());
    let output = tiltak(repo.path(), &["--content", "content", "--out", "mine"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("does not look like a site"), "{stderr}");
    assert!(state(repo.path()) == before);
}

#[test]
fn files_tiltak_did_not_write_are_left_alone_and_named() {
    let repo = repository();
    let args = ["--content", "content", "--out", "site"];
    assert!(tiltak(repo.path(), &args).status.success());
    put(
        repo.path(),
        &[
            ("site/CNAME", "tiltak.example.org\n"),
            ("site/notater/plan.md", "x\n"),
        ],
    );
    // A report removed: its pages go, the publisher's files stay.
    let before = files_under(&repo.path().join("site"));
    fs::write(
        repo.path().join("content/tiltaksdeltakere-2021.txt"),
        seed_text().replace("2022", "2021"),
    )
    .unwrap();
    assert!(tiltak(repo.path(), &args).status.success());
    fs::remove_file(repo.path().join("content/tiltaksdeltakere-2021.txt")).unwrap();
    let output = tiltak(repo.path(), &args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("Left alone 2 files that tiltak did not write: CNAME, notater/plan.md"),
        "{stderr}"
    );
    assert_eq!(files_under(&repo.path().join("site")), before);
    assert_eq!(
        fs::read_to_string(repo.path().join("site/CNAME")).unwrap(),
        "tiltak.example.org\n"
    );
}

/// The build names the heaviest current page with its weight gzipped, as a browser gets it:
/// the page that, gzipped here, weighs the most of all pages outside the archived editions.
#[test]
fn the_build_names_the_heaviest_current_page_gzipped() {
    use std::io::Write;
    let repo = repository();
    let output = tiltak(repo.path(), &["--content", "content", "--out", "site"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let site = repo.path().join("site");
    let gzipped = |path: &str| {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&fs::read(site.join(path)).unwrap()).unwrap();
        gz.finish().unwrap().len()
    };
    let (heaviest, size) = files_under(&site)
        .into_iter()
        .filter(|p| p.ends_with(".html") && !p.starts_with("utgaver/2"))
        .map(|p| {
            let size = gzipped(&p);
            (p, size)
        })
        .max_by_key(|(_, size)| *size)
        .unwrap();
    let said = format!(
        "heaviest current page {heaviest}, {:.0} KB ({:.0} KB gzipped)",
        fs::metadata(site.join(&heaviest)).unwrap().len() as f64 / 1024.0,
        size as f64 / 1024.0
    );
    assert!(stderr.contains(&said), "expected `{said}` in:\n{stderr}");
}

/// Builds `content` into a new folder in `dir` and returns its files.
fn clean_build(content: &Path, dir: &Path, name: &str) -> BTreeMap<String, Vec<u8>> {
    let out = dir.join(name);
    tiltak::build(&tiltak::Config {
        content_dir: content.to_path_buf(),
        out_dir: out.clone(),
        static_dir: crate::common::root().join("static"),
        base_url: None,
    })
    .unwrap();
    files_under(&out)
        .into_iter()
        .map(|f| (f.clone(), fs::read(out.join(&f)).unwrap()))
        .collect()
}

/// A build killed (SIGKILL) at moments spread over the length of a build never leaves half
/// a file: every file of the site is whole, as one of the two builds wrote it. The next
/// build that runs to its end repairs the site to exactly a clean build's.
#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_whole_files_and_the_next_build_repairs_the_site() {
    let work = tempfile::tempdir().unwrap();
    // Two contents whose sites differ in most files, and in which files exist.
    let first = content_with(&[
        ("tiltaksdeltakere-2022.txt", seed_text().as_bytes()),
        ("om.md", b"# Om\n\nEn side.\n"),
    ]);
    let second = content_with(&[
        (
            "tiltaksdeltakere-2022.txt",
            seed_text()
                .replacen("Oslo\t428\t", "Oslo\t430\t", 1)
                .as_bytes(),
        ),
        (
            "tiltaksdeltakere-2021.txt",
            seed_text().replace("2022", "2021").as_bytes(),
        ),
    ]);
    let sites = [
        clean_build(first.path(), work.path(), "clean-first"),
        clean_build(second.path(), work.path(), "clean-second"),
    ];
    let out = work.path().join("site");
    let out_arg = out.to_string_lossy().into_owned();
    let run = |content: &Path| {
        Command::new(env!("CARGO_BIN_EXE_tiltak"))
            .args(["build", "--static"])
            .arg(crate::common::root().join("static"))
            .arg("--content")
            .arg(content)
            .args(["--out", &out_arg])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let start = Instant::now();
    assert!(run(first.path()).wait().unwrap().success());
    let length = start.elapsed();

    // A fixed sequence of moments from 0 to 120 % of a whole build.
    let mut seed: u64 = 0x5eed;
    for round in 0..24 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let at = length.mul_f64((seed >> 11) as f64 / (1u64 << 53) as f64 * 1.2);
        let content = if round % 2 == 0 { &second } else { &first };
        let mut child = run(content.path());
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        for file in files_under(&out) {
            if file.contains(".tiltak-tmp-") || file == ".tiltak-manifest" {
                continue;
            }
            let bytes = fs::read(out.join(&file)).unwrap();
            assert!(
                sites.iter().any(|site| site.get(&file) == Some(&bytes)),
                "{file} is whole after a kill {at:?} into round {round}"
            );
        }
    }
    assert!(run(first.path()).wait().unwrap().success());
    let repaired: BTreeMap<String, Vec<u8>> = files_under(&out)
        .into_iter()
        .map(|f| (f.clone(), fs::read(out.join(&f)).unwrap()))
        .collect();
    assert_eq!(
        repaired.keys().collect::<Vec<_>>(),
        sites[0].keys().collect::<Vec<_>>()
    );
    assert!(
        repaired == sites[0],
        "the site is a clean build's, byte for byte"
    );
}
