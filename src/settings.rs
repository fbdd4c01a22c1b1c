//! What the publisher decides rather than the reports: the content folder's settings file,
//! `tiltak.toml`, and the site's public address.
//!
//! The settings file is optional. Today it holds one key; keys the program does not know are
//! left alone, so a file written for a later version is still read.
//!
//! ```toml
//! # Reports known to end early, published as they are.
//! accept_truncated = ["tiltaksdeltakere-2023-06.txt"]
//! ```

use crate::diagnostic::{Diagnostic, Kind};
use crate::source::SourceFile;
use serde::Deserialize;

/// The settings file's name, in the content folder.
pub const FILE_NAME: &str = crate::source::SETTINGS;

/// The content folder's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Reports (by name relative to the content folder) that seem cut short and are to be
    /// published anyway: the publisher has looked and knows the file ends there. Their
    /// [`Kind::Truncated`] error is then only a warning.
    pub accept_truncated: Vec<String>,
}

impl Settings {
    /// Reads settings from a decoded file; invalid TOML or a key of the wrong type is an
    /// error at its line and column.
    pub fn parse(file: &SourceFile) -> Result<Settings, Diagnostic> {
        toml::from_str(&file.text).map_err(|e| {
            let (line, col) = e
                .span()
                .map_or((0, 0), |span| position(&file.text, span.start));
            Diagnostic::error(
                Kind::BadSettings,
                &file.name,
                line,
                col,
                format!("the settings are not valid: {}", e.message()),
            )
            .expected("TOML such as `accept_truncated = [\"tiltaksdeltakere-2023.txt\"]`")
        })
    }

    /// Whether the publisher accepts `file` as it is, though it seems cut short.
    pub fn accepts_truncated(&self, file: &str) -> bool {
        self.accept_truncated.iter().any(|f| f == file)
    }

    /// Splits what checking the reports found into errors, which stop the build, and
    /// warnings: a cut-short error of a file the publisher accepts becomes a warning.
    pub fn judge(&self, findings: Vec<Diagnostic>) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        for mut finding in findings {
            if finding.kind == Kind::Truncated && self.accepts_truncated(&finding.file) {
                finding.severity = crate::diagnostic::Severity::Warning;
                finding
                    .message
                    .push_str(&format!("; published as it is, as {FILE_NAME} accepts it"));
            }
            if finding.is_error() {
                errors.push(finding);
            } else {
                warnings.push(finding);
            }
        }
        (errors, warnings)
    }
}

/// The 1-based line and column (in characters) of a byte offset in `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// Checks the site's public address (`--base-url`): it goes into `href`s and the sitemap, so
/// it must be an `http` or `https` address, with a host and nothing that could end the
/// attribute it is written into.
pub fn base_url(url: &str) -> Result<String, String> {
    let lower = url.to_ascii_lowercase();
    let rest = ["http://", "https://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))
        .ok_or_else(|| {
            format!(
                "`{url}` is not an http or https address (such as https://owner.github.io/repo/)"
            )
        })?;
    if rest.is_empty() || rest.starts_with(['/', '?', '#']) {
        return Err(format!("`{url}` names no host"));
    }
    if let Some(c) = url.chars().find(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\')
    }) {
        return Err(format!("`{url}` holds {c:?}, which no address holds"));
    }
    Ok(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::from_text(FILE_NAME, text)
    }

    #[test]
    fn unknown_keys_are_left_alone_and_missing_ones_default() {
        let settings = Settings::parse(&file(
            "accept_truncated = [\"a.txt\"]\n[klassifikasjon]\nx = 1\n",
        ))
        .unwrap();
        assert!(settings.accepts_truncated("a.txt"));
        assert!(!settings.accepts_truncated("b.txt"));
        assert_eq!(Settings::parse(&file("")).unwrap(), Settings::default());
    }

    #[test]
    fn a_key_of_the_wrong_type_is_an_error_at_its_line() {
        let err = Settings::parse(&file("# merknad\naccept_truncated = \"a.txt\"\n")).unwrap_err();
        assert_eq!(
            (err.kind, err.file.as_str(), err.line),
            (Kind::BadSettings, FILE_NAME, 2)
        );
        assert!(err.col >= 1);
    }

    #[test]
    fn only_http_and_https_addresses_are_a_base_url() {
        for good in [
            "https://owner.github.io/repo/",
            "http://localhost:8000/",
            "HTTPS://NAV.NO",
        ] {
            assert_eq!(base_url(good).as_deref(), Ok(good));
        }
        for bad in [
            "javascript:alert(1)//",
            "JavaScript://x.no/%0aalert(1)",
            "data:text/html,x",
            "//evil.example/",
            "https://",
            "https:///sti",
            "ftp://x.no/",
            "https://x.no/\" onmouseover=\"alert(1)",
            "https://x.no/ a",
            "",
        ] {
            assert!(base_url(bad).is_err(), "{bad:?}");
        }
    }
}
