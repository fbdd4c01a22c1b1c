//! Measures `tiltak watch`'s latency: from a new report landing in the content folder to the
//! updated site on disk, debounce included.
//!
//! ```sh
//! cargo run --release --example watch_latency -- 20                # the seed
//! cargo run --release --example corpus -- --years 10 --out /tmp/archive
//! cargo run --release --example watch_latency -- 10 /tmp/archive   # a 10-year archive
//! ```
//!
//! Each run copies the reports into a fresh temporary folder (with the seed: `content/`, and
//! the new report is the seed moved to 2023; with an archive: every report but the newest,
//! which is the new report), starts a watch with the default options, as `tiltak watch`
//! does, and waits for its first build. It then writes the new report and waits until the
//! watch reports the rebuild done, which it does once the new site is on disk. The time from
//! just before the write to then is one sample. Prints every sample, then the median and
//! the worst.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use tiltak::watch::{Options, Watch};

fn main() {
    let mut args = std::env::args().skip(1);
    let runs: usize = args
        .next()
        .map(|n| n.parse().expect("the number of runs"))
        .unwrap_or(20);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (shelf, new_name, new_report) = match args.next() {
        Some(archive) => {
            let mut reports = reports_in(Path::new(&archive));
            let newest = reports.pop().expect("the archive holds reports");
            let name = newest.file_name().unwrap().to_string_lossy().into_owned();
            (reports, name, fs::read(&newest).unwrap())
        }
        None => {
            let seed = fs::read_to_string(root.join("content/tiltaksdeltakere-2022.txt"))
                .expect("the seed report");
            let new = seed.replace("2022", "2023").into_bytes();
            let shelf = reports_in(&root.join("content"));
            (shelf, "tiltaksdeltakere-2023.txt".into(), new)
        }
    };
    let options = Options::default();
    println!(
        "watch latency, {} reports on the shelf; debounce {:?}, settle {:?}; {runs} runs",
        shelf.len(),
        options.debounce,
        options.settle
    );
    let mut samples = Vec::with_capacity(runs);
    let mut builds = Vec::with_capacity(runs);
    for run in 1..=runs {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let content = dir.path().join("content");
        fs::create_dir_all(&content).unwrap();
        for file in &shelf {
            fs::copy(file, content.join(file.file_name().unwrap())).unwrap();
        }
        let config = tiltak::Config {
            content_dir: content.clone(),
            out_dir: dir.path().join("site"),
            static_dir: root.join("static"),
            base_url: None,
        };
        let (done, done_rx) = mpsc::channel();
        let watch = Watch::start(config, options.clone(), move |rebuild| {
            if let Err(error) = &rebuild.result {
                panic!("the build failed: {}", error.render());
            }
            let _ = done.send((Instant::now(), rebuild.took));
        })
        .expect("the watch starts");
        done_rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the first build");
        // Let the watcher settle into waiting, as it is when a publisher drops a file.
        std::thread::sleep(Duration::from_millis(500));

        let start = Instant::now();
        fs::write(content.join(&new_name), &new_report).expect("the new report is written");
        let (finished, took) = done_rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the rebuild is reported");
        watch.stop();
        let latency = finished - start;
        println!(
            "run {run:>3}: {:>7.1} ms (the build itself {:>6.1} ms)",
            ms(latency),
            ms(took)
        );
        samples.push(latency);
        builds.push(took);
    }
    samples.sort();
    builds.sort();
    println!(
        "latency from the new report landing to the updated site on disk: median {:.1} ms, worst {:.1} ms, best {:.1} ms ({runs} runs)",
        ms(samples[samples.len() / 2]),
        ms(*samples.last().unwrap()),
        ms(samples[0])
    );
    println!(
        "of which the build: median {:.1} ms, worst {:.1} ms",
        ms(builds[builds.len() / 2]),
        ms(*builds.last().unwrap())
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The report files of a folder, sorted by name: the newest last.
fn reports_in(dir: &Path) -> Vec<PathBuf> {
    let mut reports: Vec<PathBuf> = fs::read_dir(dir)
        .expect("the folder of reports")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    reports.sort();
    reports
}
