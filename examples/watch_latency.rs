//! Measures `tiltak watch`'s latency: from a new report landing in the content folder to the
//! updated site on disk, debounce included.
//!
//! ```sh
//! cargo run --release --example watch_latency -- 30
//! ```
//!
//! Each run copies `content/` and `static/` into a fresh temporary folder, starts a watch
//! with the default options (as `tiltak watch` does), waits for its first build, then writes
//! the seed report moved to 2023 as a new file and polls `site/data/observations.csv` until
//! it holds `2023-01`. The time from just before the write to the moment the poll sees the
//! new months is one sample. Prints every sample, then the median and the worst.

use std::fs;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use tiltak::watch::{Options, Watch};

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse().expect("the number of runs"))
        .unwrap_or(20);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seed = fs::read_to_string(root.join("content/tiltaksdeltakere-2022.txt"))
        .expect("the seed report");
    let new_report = seed.replace("2022", "2023");
    let options = Options::default();
    println!(
        "watch latency, seed size; debounce {:?}, settle {:?}; {runs} runs",
        options.debounce, options.settle
    );
    let mut samples = Vec::with_capacity(runs);
    let mut builds = Vec::with_capacity(runs);
    for run in 1..=runs {
        let dir = tempfile::tempdir().expect("a temporary folder");
        copy_dir(&root.join("content"), &dir.path().join("content"));
        copy_dir(&root.join("static"), &dir.path().join("static"));
        let config = tiltak::Config {
            content_dir: dir.path().join("content"),
            out_dir: dir.path().join("site"),
            static_dir: dir.path().join("static"),
            base_url: None,
        };
        let (done, done_rx) = mpsc::channel();
        let watch = Watch::start(config, options.clone(), move |rebuild| {
            assert!(rebuild.is_ok(), "{}", rebuild.line());
            let _ = done.send(rebuild.took);
        })
        .expect("the watch starts");
        done_rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the first build");
        let csv = dir.path().join("site/data/observations.csv");
        let before = fs::metadata(&csv).expect("the first build wrote the site");
        // Let the watcher settle into waiting, as it is when a publisher drops a file.
        std::thread::sleep(Duration::from_millis(200));

        let start = Instant::now();
        fs::write(
            dir.path().join("content/tiltaksdeltakere-2023.txt"),
            &new_report,
        )
        .expect("the new report is written");
        let latency = loop {
            // Metadata first, which is cheap, so the polling does not slow the build down.
            if let Ok(meta) = fs::metadata(&csv) {
                if meta.len() != before.len()
                    && fs::read_to_string(&csv).is_ok_and(|text| text.contains("2023-01"))
                {
                    break start.elapsed();
                }
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the site follows"
            );
            std::thread::sleep(Duration::from_millis(1));
        };
        let took = done_rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the rebuild is reported");
        watch.stop();
        println!(
            "run {run:>3}: {:>6.1} ms (the build itself {:>5.1} ms)",
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

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}
