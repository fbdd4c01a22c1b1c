//! A bounded mutational fuzz run, with a fixed seed so every run tries the same cases: the
//! seed report cut into pieces and damaged in the ways a careless export or a hostile hand
//! damages it (every kind of Unicode space and dash put into labels, characters and bytes
//! inserted, lines dropped, doubled and swapped, the file cut anywhere), and arbitrary bytes.
//! Whatever it is, the reader answers with a report or with errors that point at real places
//! in the text, never with a panic, and it finishes: the run as a whole is watched, and a
//! case that never returns fails the test instead of stalling it.
//!
//! The cargo-fuzz target in `fuzz/` runs the same pipeline without a bound (see README).

use crate::common::{assert_positions, seed_text};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use std::sync::mpsc;
use std::time::Duration;
use tiltak::diagnostic::Diagnostic;

/// Every space character of Unicode (`White_Space`), and the invisible ones that look like
/// spaces to a reader (zero-width space, word joiner, byte-order mark).
const SPACES: &[char] = &[
    ' ', '\u{a0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}',
    '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200a}', '\u{2028}', '\u{2029}',
    '\u{202f}', '\u{205f}', '\u{3000}', '\u{85}', '\u{b}', '\u{c}', '\u{180e}', '\u{200b}',
    '\u{2060}', '\u{feff}', '\t',
];

/// Every dash of Unicode (`Dash_Punctuation` and the minus signs).
const DASHES: &[char] = &[
    '-', '\u{58a}', '\u{5be}', '\u{1400}', '\u{1806}', '\u{2010}', '\u{2011}', '\u{2012}',
    '\u{2013}', '\u{2014}', '\u{2015}', '\u{2e17}', '\u{2e1a}', '\u{2e3a}', '\u{2e3b}', '\u{2e40}',
    '\u{301c}', '\u{3030}', '\u{30a0}', '\u{fe31}', '\u{fe32}', '\u{fe58}', '\u{fe63}', '\u{ff0d}',
    '\u{2212}', '\u{207b}', '\u{208b}',
];

/// Other characters worth putting anywhere: multi-byte letters, combining marks, the
/// replacement character, a lone carriage return, the star and digits.
const OTHERS: &[char] = &[
    'ø',
    'å',
    'Æ',
    'á',
    '\u{301}',
    '\u{fffd}',
    '\r',
    '\n',
    '*',
    '0',
    '9',
    '\u{10ffff}',
    '𝟗',
];

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// Any character: mostly one of the lists above, sometimes any scalar value at all.
fn any_char(rng: &mut ChaCha8Rng) -> char {
    match rng.random_range(0..4) {
        0 => pick(rng, SPACES),
        1 => pick(rng, DASHES),
        2 => pick(rng, OTHERS),
        _ => loop {
            if let Some(c) = char::from_u32(rng.random_range(0..0x11_0000)) {
                break c;
            }
        },
    }
}

/// The largest character boundary of `text` at or before `at`.
fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A piece of the seed: its head (title, notes, first table's head) and a run of lines
/// from anywhere in it, or now and then the whole seed. Short pieces keep each case cheap,
/// so that thousands of them run in seconds.
fn piece(rng: &mut ChaCha8Rng, seed: &[String]) -> Vec<String> {
    if rng.random_range(0..25) == 0 {
        return seed.to_vec();
    }
    let start = rng.random_range(0..seed.len());
    let len = rng.random_range(1..80);
    let mut lines: Vec<String> = seed[..25].to_vec();
    lines.extend_from_slice(&seed[start..(start + len).min(seed.len())]);
    lines
}

/// A row's label with a space changed into another space, or a dash between two spaces
/// put into it, the way the Sami names are written.
fn mangle_label(rng: &mut ChaCha8Rng, line: &mut String) {
    let label_end = line.find('\t').unwrap_or(line.len());
    let label = &line[..label_end];
    let mangled: String = match rng.random_range(0..3) {
        0 => label
            .chars()
            .map(|c| {
                if c == ' ' || c == '-' {
                    pick(rng, if c == ' ' { SPACES } else { DASHES })
                } else {
                    c
                }
            })
            .collect(),
        1 => {
            let at = floor(label, rng.random_range(0..=label.len()));
            let (a, b) = label.split_at(at);
            let (s1, d, s2) = (pick(rng, SPACES), pick(rng, DASHES), pick(rng, SPACES));
            format!("{a}{s1}{d}{s2}{b}")
        }
        _ => {
            let mut out = label.to_string();
            for _ in 0..rng.random_range(1..4) {
                let at = floor(&out, rng.random_range(0..=out.len()));
                let c = if rng.random_bool(0.5) {
                    pick(rng, SPACES)
                } else {
                    pick(rng, DASHES)
                };
                out.insert(at, c);
            }
            out
        }
    };
    line.replace_range(..label_end, &mangled);
}

/// A damaged piece of the seed, as bytes.
fn mutated(rng: &mut ChaCha8Rng, seed: &[String]) -> Vec<u8> {
    let mut lines = piece(rng, seed);
    for _ in 0..rng.random_range(1..6) {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        let i = rng.random_range(0..n);
        match rng.random_range(0..8) {
            0..=2 => mangle_label(rng, &mut lines[i]),
            3 => {
                let at = floor(&lines[i], rng.random_range(0..=lines[i].len()));
                let c = any_char(rng);
                lines[i].insert(at, c);
            }
            4 => {
                lines.remove(i);
            }
            5 => {
                let line = lines[i].clone();
                lines.insert(i, line);
            }
            6 => lines.swap(i, rng.random_range(0..n)),
            _ => {
                // A cell replaced by a space-separated number with any space in it.
                let cells: Vec<&str> = lines[i].split('\t').collect();
                if cells.len() > 1 {
                    let which = rng.random_range(1..cells.len());
                    let number = format!(
                        "{}{}{:03}",
                        rng.random_range(1..999),
                        pick(rng, SPACES),
                        rng.random_range(0..1000)
                    );
                    let mut cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
                    cells[which] = number;
                    lines[i] = cells.join("\t");
                }
            }
        }
    }
    let mut bytes = lines.join(if rng.random_range(0..8) == 0 {
        "\r\n"
    } else {
        "\n"
    });
    if rng.random_range(0..6) == 0 {
        let at = floor(&bytes, rng.random_range(0..=bytes.len()));
        bytes.truncate(at);
    }
    let mut bytes = bytes.into_bytes();
    // Now and then bytes themselves: a byte changed or cut in the middle of a character.
    match rng.random_range(0..10) {
        0 if !bytes.is_empty() => {
            let at = rng.random_range(0..bytes.len());
            bytes[at] = rng.random();
        }
        1 => bytes.truncate(rng.random_range(0..=bytes.len())),
        _ => {}
    }
    bytes
}

/// Arbitrary bytes, either uniform or drawn from those a report is made of.
fn arbitrary(rng: &mut ChaCha8Rng) -> Vec<u8> {
    let len = rng.random_range(0..1500);
    if rng.random_bool(0.5) {
        (0..len).map(|_| rng.random()).collect()
    } else {
        const ALPHABET: &[u8] =
            b"\t\t\t\n\n\r *0123456789 IaltOslJnurDesmbe-\xc3\xb8\xa5\xa0\xe2\x80\x93\xf8\xff";
        (0..len).map(|_| pick(rng, ALPHABET)).collect()
    }
}

/// Reads one case the way a build does: decode, parse, check; draws its errors now and then.
fn read(bytes: &[u8], draw: bool) {
    let file = match tiltak::source::decode("fuzz.txt", bytes) {
        Ok(file) => file,
        Err(error) => {
            assert!(error.is_error());
            if let Some((text, _, _)) = &error.snippet {
                assert_positions(text, std::slice::from_ref(&error));
            }
            if draw {
                error.render();
            }
            return;
        }
    };
    match tiltak::report::parse(&file) {
        Err(errors) => {
            assert!(!errors.is_empty() && errors.iter().all(Diagnostic::is_error));
            assert_positions(&file.text, &errors);
            if draw {
                tiltak::diagnostic::render_all(&errors);
            }
        }
        Ok(report) => {
            assert_positions(&file.text, &report.warnings);
            let (found, _) = tiltak::validate::check_report(&report);
            assert_positions(&file.text, &found);
            if draw {
                let (errors, _) = tiltak::settings::Settings::default().judge(found);
                tiltak::diagnostic::render_all(&errors);
            }
        }
    }
}

/// How many cases of each kind are run.
const MUTATED: usize = 4000;
const ARBITRARY: usize = 2000;
/// Far longer than the run takes (a few seconds in a debug build): reaching it means a case
/// never returned.
const HANG: Duration = Duration::from_secs(300);

#[test]
fn damaged_reports_and_arbitrary_bytes_never_panic_or_hang() {
    let (done, finished) = mpsc::channel();
    let run = std::thread::spawn(move || {
        let seed: Vec<String> = seed_text().split('\n').map(str::to_string).collect();
        let mut rng = ChaCha8Rng::seed_from_u64(16);
        for case in 0..MUTATED + ARBITRARY {
            let bytes = if case < MUTATED {
                mutated(&mut rng, &seed)
            } else {
                arbitrary(&mut rng)
            };
            // The case goes with a panic's message, so a failure can be replayed.
            let outcome = std::panic::catch_unwind(|| read(&bytes, case % 16 == 0));
            if let Err(panic) = outcome {
                let text = String::from_utf8_lossy(&bytes);
                let message = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("");
                panic!("case {case} panicked ({message}) on {text:?}");
            }
        }
        done.send(()).unwrap();
    });
    match finished.recv_timeout(HANG) {
        Ok(()) => run.join().unwrap(),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            if let Err(panic) = run.join() {
                std::panic::resume_unwind(panic);
            }
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("a case has not returned in {HANG:?}: the reader hangs")
        }
    }
}
