//! The open documents: their text and version, the file path their URI
//! names, whether they are logging configurations, the latest check, and
//! the conversion between the library's byte spans and LSP positions
//! (0-based lines, columns in UTF-16 code units).

use crate::check::FileReport;
use crate::environment::LoadEnvironment;
use crate::ini::{IniDocument, ReadOptions};
use crate::source::{LineIndex, Span};
use lsp_types::{Position, Range, Uri};
use std::collections::HashMap;

/// One open document.
pub struct Document {
    /// The URI the editor names it by.
    pub uri: Uri,
    /// The file path the URI names (the URI itself when it is no `file:`
    /// URI): messages quote it, and its extension picks the reader.
    pub path: String,
    /// The editor's text.
    pub text: String,
    /// The editor's version of the text.
    pub version: i32,
    /// Line starts of [`Self::text`].
    pub lines: LineIndex,
    /// The check of the text; `None` when it is no logging configuration.
    pub analysis: Option<Analysis>,
}

/// What the library says about a document's text.
pub struct Analysis {
    /// `check`'s report (its text is the document's).
    pub report: FileReport,
    /// configparser's reading with spans, for a fileConfig document.
    pub ini: Option<IniDocument>,
}

/// The open documents, by URI.
#[derive(Default)]
pub struct Documents {
    open: HashMap<Uri, Document>,
}

impl Documents {
    /// Opens (or replaces) `uri` with `text` and checks it.
    pub fn open(&mut self, uri: Uri, text: String, version: i32, env: &LoadEnvironment) {
        let path = uri_to_path(&uri);
        let mut doc = Document {
            lines: LineIndex::new(&text),
            uri: uri.clone(),
            path,
            text,
            version,
            analysis: None,
        };
        doc.analyze(env);
        self.open.insert(uri, doc);
    }

    /// The open document `uri`.
    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.open.get(uri)
    }

    /// The open document `uri`, to change it.
    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.open.get_mut(uri)
    }

    /// Forgets `uri`; whether it was open.
    pub fn close(&mut self, uri: &Uri) -> bool {
        self.open.remove(uri).is_some()
    }
}

impl Document {
    /// Replaces the text (a whole new text, or `range` of the old one) and
    /// checks it again.
    pub fn change(&mut self, range: Option<Range>, text: &str) {
        match range {
            None => self.text = text.to_string(),
            Some(range) => {
                let start = self.offset(range.start);
                let end = self.offset(range.end).max(start);
                self.text.replace_range(start..end, text);
            }
        }
        self.lines = LineIndex::new(&self.text);
    }

    /// Checks the text again in `env` (nothing when it is no logging
    /// configuration: `check DIR`'s test, [`super::super::walk::looks_like_config`]).
    pub fn analyze(&mut self, env: &LoadEnvironment) {
        self.analysis = None;
        if !crate::cli::walk::looks_like_config(&self.path, &self.text) {
            return;
        }
        let report = env
            .check_bytes(&self.path, self.text.as_bytes())
            .unwrap_or_else(|_| {
                crate::check::check_bytes(&self.path, self.text.as_bytes(), &env.options)
            });
        let ini = (report.format == crate::check::ConfigFormat::Ini).then(|| {
            let opts = ReadOptions {
                version: env.options.version,
                ..ReadOptions::default()
            };
            crate::ini::read(&self.text, &self.path, &opts)
        });
        self.analysis = Some(Analysis { report, ini });
    }

    /// The LSP position of byte `offset`.
    pub fn position(&self, offset: usize) -> Position {
        position(&self.text, &self.lines, offset)
    }

    /// The LSP range of `span`.
    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of an LSP position (clamped to its line, and to the
    /// text).
    pub fn offset(&self, pos: Position) -> usize {
        offset(&self.text, &self.lines, pos)
    }

    /// configparser's reading of a fileConfig document.
    pub fn ini(&self) -> Option<&IniDocument> {
        self.analysis.as_ref()?.ini.as_ref()
    }

    /// The check's report.
    pub fn report(&self) -> Option<&FileReport> {
        self.analysis.as_ref().map(|a| &a.report)
    }
}

/// Where 0-based `line`'s text starts and ends (line break excluded).
fn line_bounds(text: &str, lines: &LineIndex, line: usize) -> (usize, usize) {
    let start = lines.line_start(line + 1);
    let next = if line + 1 < lines.line_count() {
        lines.line_start(line + 2)
    } else {
        text.len()
    };
    let body = text.get(start..next).unwrap_or("");
    let end = start + body.trim_end_matches(['\n', '\r']).len();
    (start, end)
}

/// The LSP position of byte `offset` of `text` (a column past the line's
/// end is its end; an offset inside a character counts from its start).
pub fn position(text: &str, lines: &LineIndex, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let line = lines.line(offset).saturating_sub(1);
    let (start, end) = line_bounds(text, lines, line);
    let mut upto = offset.clamp(start, end);
    while !text.is_char_boundary(upto) {
        upto -= 1;
    }
    let column: usize = text[start..upto].chars().map(char::len_utf16).sum();
    Position::new(to_u32(line), to_u32(column))
}

/// The byte offset of `pos` in `text` (a column past the line's end, or
/// inside a surrogate pair, is clamped; a line past the last is the end).
pub fn offset(text: &str, lines: &LineIndex, pos: Position) -> usize {
    let line = pos.line as usize;
    if line >= lines.line_count() {
        return text.len();
    }
    let (start, end) = line_bounds(text, lines, line);
    let mut units = 0usize;
    for (i, c) in text[start..end].char_indices() {
        if units >= pos.character as usize {
            return start + i;
        }
        units += c.len_utf16();
    }
    end
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The file path a URI names: a `file:` URI's path, percent-decoded (on
/// Windows without the `/` before the drive letter); any other URI as is.
pub fn uri_to_path(uri: &Uri) -> String {
    let text = uri.as_str();
    let Some(rest) = text.strip_prefix("file://") else {
        return text.to_string();
    };
    // an authority (`file://host/path`) is dropped
    let path = &rest[rest.find('/').unwrap_or(rest.len())..];
    let decoded = percent_decode(path);
    match decoded.as_bytes() {
        [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => decoded[1..].to_string(),
        _ => decoded,
    }
}

/// `%XX` escapes decoded (an invalid escape is kept as written).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(b) if bytes[i] == b'%' => {
                out.push(b);
                i += 3;
            }
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Byte offsets and UTF-16 positions round-trip on every character
    /// boundary, across LF, CRLF and lone CR line breaks.
    #[test]
    fn positions_round_trip() {
        let text = "[a]\r\nk=é😀x\rz\n\nlast";
        let lines = LineIndex::new(text);
        for (i, _) in text.char_indices() {
            let pos = position(text, &lines, i);
            let back = offset(text, &lines, pos);
            if !matches!(text.as_bytes()[i], b'\n' | b'\r') {
                assert_eq!(back, i, "{i} {pos:?}");
            }
        }
        // "k=é😀x": é is one unit, 😀 two
        assert_eq!(
            position(text, &lines, text.find('x').unwrap_or(0)),
            Position::new(1, 5)
        );
        assert_eq!(offset(text, &lines, Position::new(1, 99)), 14);
        assert_eq!(offset(text, &lines, Position::new(9, 0)), text.len());
    }

    #[test]
    fn file_uris_become_paths() {
        let uri = |s: &str| {
            s.parse::<Uri>()
                .map(|u| uri_to_path(&u))
                .unwrap_or_default()
        };
        assert_eq!(
            uri("file:///home/me/my%20app/log.conf"),
            "/home/me/my app/log.conf"
        );
        assert_eq!(uri("file:///c%3A/app/log.ini"), "c:/app/log.ini");
        assert_eq!(uri("untitled:Untitled-1"), "untitled:Untitled-1");
    }
}
