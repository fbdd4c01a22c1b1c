//! Turning a file's bytes into text: the encoding is detected, never guessed for the whole
//! file, and line ends become `\n`. Everything after this works on text in memory.

use crate::diagnostic::{Diagnostic, Kind};
use std::sync::Arc;

/// A file of the content folder, decoded to text with `\n` line ends.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path relative to the content folder, with `/` separators, as shown to people.
    pub name: String,
    /// The text, decoded and with every line end turned into `\n`.
    pub text: Arc<str>,
    /// The encoding the bytes were read as (`UTF-8`, `UTF-16LE`, `windows-1252`, …).
    pub encoding: &'static str,
}

impl SourceFile {
    /// A file whose text is already known, under `name`: for text made in memory.
    pub fn from_text(name: &str, text: &str) -> SourceFile {
        SourceFile {
            name: name.to_string(),
            text: Arc::from(text),
            encoding: "UTF-8",
        }
    }
}

/// Decodes a report's bytes.
///
/// A byte-order mark decides (UTF-8, UTF-16 LE/BE); without one the bytes are UTF-8 if they
/// are valid UTF-8, and UTF-16 if every other byte is zero (a spreadsheet's "Unicode text"
/// without its mark). Bytes that are not UTF-8 are read as Windows-1252, which is what a
/// spreadsheet writes as plain "text", only when they read as a plausible Norwegian report
/// that way; a file that is UTF-8 but for a few bytes is an error naming each of them, for a
/// file read in the wrong encoding publishes wrong county names. Text with control
/// characters other than tab and line ends is refused: it is not a report in any of these
/// encodings.
pub fn decode(name: &str, bytes: &[u8]) -> Result<SourceFile, Diagnostic> {
    let (text, encoding) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom)) if encoding == encoding_rs::UTF_8 => {
            match std::str::from_utf8(&bytes[bom..]) {
                Ok(text) => (std::borrow::Cow::Borrowed(text), "UTF-8"),
                Err(_) => return Err(invalid_utf8(name, &bytes[bom..])),
            }
        }
        Some((encoding, bom)) => {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
            if had_errors {
                return Err(undecodable(
                    name,
                    format!(
                        "the file starts with a {} byte-order mark but is not valid {}",
                        encoding.name(),
                        encoding.name()
                    ),
                ));
            }
            (text, encoding.name())
        }
        // UTF-16 is tried first: ASCII-only UTF-16 is also valid UTF-8, full of NUL characters.
        None => match utf16_without_bom(bytes) {
            Some(encoding) => {
                let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
                if had_errors {
                    return Err(undecodable(
                        name,
                        format!(
                            "the file looks like {} but is not valid {}",
                            encoding.name(),
                            encoding.name()
                        ),
                    ));
                }
                (text, encoding.name())
            }
            None => match std::str::from_utf8(bytes) {
                Ok(text) => (std::borrow::Cow::Borrowed(text), "UTF-8"),
                Err(_) if reads_as_windows_1252(bytes) => {
                    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                    (text, "windows-1252")
                }
                Err(_) => return Err(invalid_utf8(name, bytes)),
            },
        },
    };
    let text = normalize_line_ends(text);
    if let Some(error) = control_error(name, &text) {
        return Err(error);
    }
    Ok(SourceFile {
        name: name.to_string(),
        text: Arc::from(text),
        encoding,
    })
}

/// The error for text holding a control character other than tab and line ends, if it does.
fn control_error(name: &str, text: &str) -> Option<Diagnostic> {
    let (line, col, c) = control_character(text)?;
    Some(
        Diagnostic::error(
            Kind::Undecodable,
            name,
            line,
            col,
            format!(
                "the file holds the control character U+{:04X}, so it is not a text report",
                u32::from(c)
            ),
        )
        .expected("text in UTF-8, UTF-16 or Windows-1252"),
    )
}

/// The characters other than ASCII that a Norwegian report holds when read as Windows-1252:
/// the Norwegian letters, the accented letters of names (including the Sami names' `á`),
/// the spaces and punctuation a spreadsheet writes.
const PLAUSIBLE_IN_WINDOWS_1252: &str = "æøåÆØÅéÉèÈêëüÜöÖäÄáÁàâôóÓíïçñšŠžŽ\u{a0}§«»°–—‘’“”…•·€½";

/// Whether bytes that are not UTF-8 read as a Norwegian report in Windows-1252: no byte
/// sequence in them is valid UTF-8 beyond ASCII (a file written in Windows-1252 almost never
/// holds one, a UTF-8 file with a damaged byte holds many), and every byte beyond ASCII is a
/// letter or sign such a report uses.
fn reads_as_windows_1252(bytes: &[u8]) -> bool {
    let utf8_beyond_ascii = bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii());
    if utf8_beyond_ascii {
        return false;
    }
    let mut plausible = [false; 128];
    for c in PLAUSIBLE_IN_WINDOWS_1252.chars() {
        let mut buffer = [0u8; 4];
        let (encoded, _, _) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buffer));
        if let [byte] = encoded[..] {
            if byte >= 0x80 {
                plausible[usize::from(byte - 0x80)] = true;
            }
        }
    }
    bytes
        .iter()
        .all(|&b| b < 0x80 || plausible[usize::from(b - 0x80)])
}

/// How many damaged bytes an error about a UTF-8 file lists one by one.
const BAD_BYTES_LISTED: usize = 20;

/// The error for bytes that are UTF-8 but for some: where each damaged byte is (line and
/// column, counted in the text as it reads with each damaged sequence as one character),
/// with the first one drawn.
fn invalid_utf8(name: &str, bytes: &[u8]) -> Diagnostic {
    // The text with each damaged sequence as U+FFFD, line ends as the file's text has them.
    let mut text = String::with_capacity(bytes.len());
    let mut bad: Vec<(usize, usize, usize, &[u8])> = Vec::new();
    let (mut line, mut line_start) = (1, 0);
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid().replace("\r\n", "\n").replace('\r', "\n");
        for (at, _) in valid.match_indices('\n') {
            line += 1;
            line_start = text.len() + at + 1;
        }
        text.push_str(&valid);
        if !chunk.invalid().is_empty() {
            let col = text[line_start..].chars().count() + 1;
            bad.push((text.len(), line, col, chunk.invalid()));
            text.push('\u{fffd}');
        }
    }
    // A file with control characters is no text at all, damaged or not.
    if let Some(error) = control_error(name, &text) {
        return error;
    }
    let listed: Vec<String> = bad
        .iter()
        .take(BAD_BYTES_LISTED)
        .map(|(_, line, col, bytes)| {
            let hex: Vec<String> = bytes.iter().map(|b| format!("0x{b:02X}")).collect();
            format!("{} at {line}:{col}", hex.join(" "))
        })
        .collect();
    let more = bad.len().saturating_sub(BAD_BYTES_LISTED);
    let (start, line, col, _) = bad.first().copied().unwrap_or((0, 0, 0, &[]));
    let source: Arc<str> = Arc::from(text);
    let mut diagnostic = Diagnostic::error(
        Kind::Undecodable,
        name,
        line,
        col,
        format!(
            "the file is UTF-8 but for {} {} that {} not: {}{}",
            bad.len(),
            if bad.len() == 1 {
                "byte sequence"
            } else {
                "byte sequences"
            },
            if bad.len() == 1 { "is" } else { "are" },
            listed.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ),
    )
    .expected("UTF-8 throughout: the damaged bytes fixed, or the file saved again as UTF-8");
    if line > 0 {
        diagnostic = diagnostic.with_span(&source, start, '\u{fffd}'.len_utf8());
    }
    diagnostic
}

fn undecodable(name: &str, message: String) -> Diagnostic {
    Diagnostic::error(Kind::Undecodable, name, 0, 0, message)
        .expected("text in UTF-8, UTF-16 or Windows-1252")
}

fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let zeros_at = |offset: usize| {
        bytes
            .iter()
            .skip(offset)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    if zeros_at(1) * 10 >= pairs * 9 {
        Some(encoding_rs::UTF_16LE)
    } else if zeros_at(0) * 10 >= pairs * 9 {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

fn normalize_line_ends(text: std::borrow::Cow<'_, str>) -> String {
    if !text.contains('\r') {
        return text.into_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn control_character(text: &str) -> Option<(usize, usize, char)> {
    // The bytes of every control character but tab, line feed and form feed: below 0x20,
    // DEL, and the C1 controls (U+0080 to U+009F, 0xC2 0x80..=0x9F in UTF-8). Almost every
    // file has none, and looking at bytes is many times faster than walking characters.
    let bytes = text.as_bytes();
    let suspect = bytes.iter().enumerate().any(|(i, &b)| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0c))
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    });
    if !suspect {
        return None;
    }
    for (line_index, line) in text.split('\n').enumerate() {
        for (col_index, c) in line.chars().enumerate() {
            if c.is_control() && c != '\t' && c != '\u{c}' {
                return Some((line_index + 1, col_index + 1, c));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Møre og Romsdal\t3 903\t*\r\nUkjent\t4\r\n";

    fn encode_utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        if bom {
            bytes.extend(if big_endian {
                [0xFE, 0xFF]
            } else {
                [0xFF, 0xFE]
            });
        }
        for unit in text.encode_utf16() {
            bytes.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        bytes
    }

    #[test]
    fn every_encoding_gives_the_same_text() {
        let expected = "Møre og Romsdal\t3 903\t*\nUkjent\t4\n";
        let mut bom_utf8 = vec![0xEF, 0xBB, 0xBF];
        bom_utf8.extend(SAMPLE.as_bytes());
        let (windows_1252, _, _) = encoding_rs::WINDOWS_1252.encode(SAMPLE);
        let inputs: Vec<(Vec<u8>, &str)> = vec![
            (SAMPLE.as_bytes().to_vec(), "UTF-8"),
            (bom_utf8, "UTF-8"),
            (encode_utf16(SAMPLE, false, true), "UTF-16LE"),
            (encode_utf16(SAMPLE, true, true), "UTF-16BE"),
            (encode_utf16(SAMPLE, false, false), "UTF-16LE"),
            (windows_1252.into_owned(), "windows-1252"),
        ];
        for (bytes, encoding) in inputs {
            let file = decode("x.txt", &bytes).unwrap();
            assert_eq!(&*file.text, expected, "{encoding}");
            assert_eq!(file.encoding, encoding);
        }
    }

    #[test]
    fn ascii_only_utf16_without_a_mark_is_utf16() {
        // Every byte of this is valid UTF-8 too, but it is not a text full of NULs.
        let text = "Oslo\t5\r\nUkjent\t*\r\n";
        for (big_endian, encoding) in [(false, "UTF-16LE"), (true, "UTF-16BE")] {
            let file = decode("x.txt", &encode_utf16(text, big_endian, false)).unwrap();
            assert_eq!(&*file.text, "Oslo\t5\nUkjent\t*\n");
            assert_eq!(file.encoding, encoding);
        }
    }

    #[test]
    fn utf16_with_a_mark_but_an_odd_length_is_refused() {
        let mut bytes = encode_utf16("Oslo\t5\n", false, true);
        bytes.push(b'x');
        let err = decode("rapport.txt", &bytes).unwrap_err();
        assert_eq!(err.kind, Kind::Undecodable);
        assert_eq!((err.file.as_str(), err.line), ("rapport.txt", 0));
        assert!(err.message.contains("UTF-16LE"), "{}", err.message);
        assert!(err.expected.is_some());
    }

    #[test]
    fn utf8_with_a_damaged_byte_is_an_error_at_that_byte() {
        // `ø` as UTF-8 everywhere but in one place, where it is the single byte 0xF8.
        let bytes = b"Fylke\r\nM\xc3\xb8re og Romsdal\t3\r\nTr\xf8ndelag\t4\xff\n";
        let err = decode("r.txt", bytes).unwrap_err();
        assert_eq!(err.kind, Kind::Undecodable);
        assert_eq!((err.line, err.col), (3, 3));
        assert!(err.message.contains("0xF8 at 3:3"), "{}", err.message);
        assert!(err.message.contains("0xFF at 3:12"), "{}", err.message);
        assert!(err.message.contains("2 byte sequences"), "{}", err.message);
        let (text, start, len) = err.snippet.clone().unwrap();
        assert_eq!(&text[start..start + len], "\u{fffd}");
        // With a byte-order mark, the same.
        let mut marked = vec![0xEF, 0xBB, 0xBF];
        marked.extend(bytes);
        let err = decode("r.txt", &marked).unwrap_err();
        assert_eq!((err.line, err.col), (3, 3));
    }

    #[test]
    fn windows_1252_must_read_as_norwegian() {
        // ASCII with one byte that is no letter of a report, in either encoding.
        let err = decode("r.txt", b"Oslo\t12\nAgder\t4\x8d\n").unwrap_err();
        assert_eq!((err.kind, err.line, err.col), (Kind::Undecodable, 2, 8));
        let err = decode("r.txt", b"Oslo\t12\xbe\n").unwrap_err();
        assert_eq!((err.line, err.col), (1, 8));
        // Norwegian letters and a no-break space in Windows-1252 are read as such.
        let file = decode("r.txt", b"Tr\xf8ndelag\t1\xa0059\n\xc6\xd8\xc5 \x96 \xe1\n").unwrap();
        assert_eq!(&*file.text, "Trøndelag\t1\u{a0}059\nÆØÅ – á\n");
        assert_eq!(file.encoding, "windows-1252");
    }

    #[test]
    fn text_that_is_not_utf8_is_windows_1252() {
        let file = decode("x.txt", b"M\xf8re og Romsdal\t3\xa0903\n").unwrap();
        assert_eq!(&*file.text, "Møre og Romsdal\t3\u{a0}903\n");
        assert_eq!(file.encoding, "windows-1252");
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        assert_eq!(&*decode("x.txt", b"a\rb\r\nc").unwrap().text, "a\nb\nc");
    }

    #[test]
    fn binary_files_are_refused_with_a_position() {
        let err = decode("x.txt", b"abc\n\x00\x01\x02\xff\xfe").unwrap_err();
        assert_eq!(err.kind, Kind::Undecodable);
        assert_eq!((err.line, err.col), (2, 1));
        let err = decode("x.txt", &[0xFF, 0xFE, 0x00]).unwrap_err();
        assert_eq!(err.kind, Kind::Undecodable);
    }

    #[test]
    fn every_control_character_is_found_and_nothing_else() {
        // DEL, a C1 control written as UTF-8 (U+0085), and a C0 control after text.
        for (bytes, at) in [
            (&b"Oslo\t12\nAgder\x7f"[..], (2, 6)),
            ("ab\ncd\u{85}".as_bytes(), (2, 3)),
            (&b"a\x1b"[..], (1, 2)),
        ] {
            let err = decode("x.txt", bytes).unwrap_err();
            assert_eq!((err.line, err.col), at, "{bytes:?}");
        }
        // Tab, form feed and letters whose UTF-8 holds 0xC2 or bytes in 0x80..=0x9F are text.
        let text = "Tab\there\u{c}\u{a0}\u{a9} Tr\u{f8}ndelag \u{e5}\u{c5} \u{2013}\u{201d}\n";
        assert_eq!(&*decode("x.txt", text.as_bytes()).unwrap().text, text);
    }
}
