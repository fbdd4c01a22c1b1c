//! The seed written the ways other exports write it (Windows-1252 with CRLF, UTF-16 with a
//! byte-order mark, UTF-8 with a mark, other thousands separators) reads to exactly the same
//! observations as the plain seed.

use crate::common::{content_with, seed_text, utf16};
use tiltak::model::{Key, Observation};

const NAME: &str = "tiltaksdeltakere-2022.txt";

/// Replaces the space between two digits, the thousands separator, with `separator`.
fn with_separator(text: &str, separator: char) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && i + 1 < chars.len()
            && chars[i - 1].is_ascii_digit()
            && chars[i + 1].is_ascii_digit();
        out.push(if *c == ' ' && between_digits {
            separator
        } else {
            *c
        });
    }
    out
}

/// Reads a content folder holding only `bytes` as the seed's file, through the whole loading
/// pipeline, and returns the merged cells, the notes and the encoding the file was read as.
fn load(bytes: &[u8]) -> (Vec<(Key, Observation)>, Vec<String>, &'static str) {
    let dir = content_with(&[(NAME, bytes)]);
    let loaded = tiltak::load(dir.path()).unwrap_or_else(|e| panic!("{e:?}"));
    let encoding = tiltak::source::decode(NAME, bytes).unwrap().encoding;
    let dataset = &loaded.dataset;
    let notes = dataset.editions[0].report.notes.clone();
    (dataset.cells.clone(), notes, encoding)
}

fn assert_same_as_seed(variant: &str, bytes: &[u8], encoding: &str) {
    let (seed_cells, seed_notes, _) = load(seed_text().as_bytes());
    assert_eq!(seed_cells.len(), 4930);
    let (cells, notes, found) = load(bytes);
    assert_eq!(found, encoding, "{variant}");
    assert_eq!(notes, seed_notes, "{variant}");
    assert_eq!(cells.len(), seed_cells.len(), "{variant}");
    for ((key, a), (other, b)) in seed_cells.iter().zip(&cells) {
        assert_eq!((key, a), (other, b), "{variant}");
    }
}

#[test]
fn windows_1252_with_crlf() {
    let text = seed_text().replace('\n', "\r\n");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    // Not UTF-8: `ø` is the single byte 0xF8.
    assert!(std::str::from_utf8(&bytes).is_err());
    assert!(bytes.windows(2).any(|w| w == b"\r\n"));
    assert_same_as_seed("windows-1252, CRLF", &bytes, "windows-1252");
}

#[test]
fn utf16_le_with_bom() {
    let bytes = utf16(&seed_text(), false);
    assert_same_as_seed("UTF-16 LE", &bytes, "UTF-16LE");
}

#[test]
fn utf16_be_with_bom() {
    let bytes = utf16(&seed_text(), true);
    assert_same_as_seed("UTF-16 BE", &bytes, "UTF-16BE");
}

#[test]
fn utf16_le_with_bom_and_crlf() {
    // What a spreadsheet's "Unicode text" is: UTF-16 LE with CRLF line ends.
    let bytes = utf16(&seed_text().replace('\n', "\r\n"), false);
    assert_same_as_seed("UTF-16 LE, CRLF", &bytes, "UTF-16LE");
}

#[test]
fn utf8_with_bom() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(seed_text().as_bytes());
    assert_same_as_seed("UTF-8 with BOM", &bytes, "UTF-8");
}

#[test]
fn no_break_space_thousands_separators() {
    let text = with_separator(&seed_text(), '\u{a0}');
    assert!(text.contains("3\u{a0}903\t"));
    assert!(!text.contains("3 903"));
    assert_same_as_seed("U+00A0", text.as_bytes(), "UTF-8");
}

#[test]
fn narrow_no_break_space_thousands_separators() {
    let text = with_separator(&seed_text(), '\u{202f}');
    assert!(text.contains("18\u{202f}106\t"));
    assert_same_as_seed("U+202F", text.as_bytes(), "UTF-8");
}

#[test]
fn no_break_spaces_in_windows_1252() {
    // Windows-1252 has U+00A0 as the byte 0xA0; U+202F it cannot write.
    let text = with_separator(&seed_text(), '\u{a0}').replace('\n', "\r\n");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    assert!(bytes.windows(3).any(|w| w == b"3\xa09"));
    assert_same_as_seed("windows-1252 with U+00A0", &bytes, "windows-1252");
}
