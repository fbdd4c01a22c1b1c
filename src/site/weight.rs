//! What the pages weigh, for the build's report: every page's size, and the heaviest current
//! page as a browser downloads it, gzipped (GitHub Pages and most servers compress HTML).

use crate::write::Files;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;

/// The pages of a rendered site and what they weigh.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Weights {
    /// Each HTML page's path and size in bytes.
    pub pages: Vec<(String, usize)>,
    /// The current page (outside the archive of editions) that weighs the most gzipped: its
    /// path, its size and its size gzipped.
    pub heaviest: Option<(String, usize, usize)>,
}

/// How many of the largest current pages are compressed to find the heaviest gzipped: the
/// order by size and by gzipped size barely differ, and compressing every page would cost a
/// rebuild time no one needs.
const CANDIDATES: usize = 5;

/// Weighs the HTML pages of `files`.
pub fn weigh(files: &Files) -> Weights {
    let pages: Vec<(String, usize)> = files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path.clone(), bytes.len()))
        .collect();
    let mut current: Vec<&(String, usize)> = pages
        .iter()
        .filter(|(path, _)| !super::layout::in_edition(path))
        .collect();
    current.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let heaviest = current
        .into_iter()
        .take(CANDIDATES)
        .map(|(path, size)| (path.clone(), *size, gzipped(&files[path])))
        .max_by(|a, b| a.2.cmp(&b.2).then_with(|| b.0.cmp(&a.0)));
    Weights { pages, heaviest }
}

/// The size of `bytes` gzipped at the default level, as a server sends them.
pub fn gzipped(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    match encoder.write_all(bytes).and_then(|()| encoder.finish()) {
        Ok(compressed) => compressed.len(),
        Err(_) => bytes.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heaviest_is_a_current_page_weighed_gzipped() {
        // Repetitive text compresses far better than varied text of the same length.
        let varied: String = (0..4000u32)
            .map(|i| format!("{}", i * 7919 % 10007))
            .collect();
        let repetitive = "a".repeat(varied.len() + 100);
        let mut files = Files::new();
        files.insert("index.html".into(), repetitive.clone().into_bytes());
        files.insert("fylker/oslo.html".into(), varied.clone().into_bytes());
        files.insert(
            format!(
                "{}/2022-01--2022-12/index.html",
                super::super::layout::EDITIONS_DIR
            ),
            format!("{varied}{varied}").into_bytes(),
        );
        files.insert("data/observations.csv".into(), varied.clone().into_bytes());
        let weights = weigh(&files);
        assert_eq!(weights.pages.len(), 3);
        let (path, size, gz) = weights.heaviest.unwrap();
        assert_eq!((path.as_str(), size), ("fylker/oslo.html", varied.len()));
        assert!(gz < size && gz > gzipped(repetitive.as_bytes()), "{gz}");
    }
}
