//! `check --format json`: the report written straight into a byte buffer
//! that goes to the output in large blocks (schema in `docs/json-schemas.md`).
//!
//! The output was first built as `serde_json::Value` maps, whose keys a
//! `BTreeMap` keeps sorted, then as typed serde structs declaring their
//! fields in that alphabetical order; with thousands of findings serde_json's
//! string escaping (a table lookup per byte) was a fifth of the process. The
//! writer here produces the same bytes as serde_json's pretty printer (the
//! tests compare it with the serde structs on every shipped file) but copies
//! the runs of a string that need no escaping whole, found sixteen bytes at a
//! time, and writes each finding's keys, punctuation and indents as single
//! slices.

use super::position_near;
use crate::check::{CheckOptions, FileReport};
use crate::diagnostic::{Diagnostic, PyException};
use crate::source::LineIndex;
use std::io::{self, Write};

/// Bytes gathered before they are handed to the output in one write.
const BLOCK: usize = 64 * 1024;

/// Writes the JSON report, pretty-printed, with a final newline.
pub fn write(reports: &[FileReport], opts: &CheckOptions, out: &mut impl Write) -> io::Result<()> {
    let mut json = Json {
        buf: Vec::with_capacity(BLOCK + 4 * 1024),
    };
    json.raw(
        b"{
  \"cwd\": ",
    );
    json.string(&opts.cwd.display().to_string());
    json.raw(b",\n  \"files\": ");
    if reports.is_empty() {
        json.raw(b"[]");
    } else {
        json.raw(b"[");
        for (i, report) in reports.iter().enumerate() {
            json.raw(if i == 0 { b"\n    " } else { b",\n    " });
            file(&mut json, report, out)?;
        }
        json.raw(b"\n  ]");
    }
    json.raw(b",\n  \"python_version\": ");
    json.string(&opts.version.to_string());
    json.raw(b"\n}\n");
    out.write_all(&json.buf)
}

/// One checked file, at indent level 2 (its keys at 3).
fn file(json: &mut Json, report: &FileReport, out: &mut impl Write) -> io::Result<()> {
    json.raw(b"{\n      \"diagnostics\": ");
    if report.diagnostics.is_empty() {
        json.raw(b"[]");
    } else {
        let index = LineIndex::new(&report.text);
        let mut hints = Hints::default();
        json.raw(b"[");
        for (i, d) in report.diagnostics.iter().enumerate() {
            json.raw(if i == 0 {
                b"\n        "
            } else {
                b",\n        "
            });
            finding(json, report, &index, &mut hints, d);
            json.flush_if_full(out)?;
        }
        json.raw(b"\n      ]");
    }
    json.raw(b",\n      \"format\": ");
    json.string(report.format.name());
    json.raw(b",\n      \"host\": ");
    json.string(report.host.name());
    json.raw(b",\n      \"path\": ");
    json.string(&report.path);
    json.raw(b",\n      \"python_error\": ");
    match &report.python_error {
        None => json.raw(b"null"),
        Some(exc) => verdict(json, exc, report.python_cause.as_ref()),
    }
    json.raw(b",\n      \"verdict_uncertain\": ");
    json.raw(if report.verdict_uncertain {
        b"true"
    } else {
        b"false"
    });
    json.raw(b"\n    }");
    Ok(())
}

/// The file's exception at indent level 3, with its `__cause__` first
/// when it has one (keys in alphabetical order).
fn verdict(json: &mut Json, exc: &PyException, cause: Option<&PyException>) {
    json.raw(b"{");
    if let Some(cause) = cause {
        json.raw(b"\n        \"cause\": ");
        exception(json, cause, b"\n        }");
        json.raw(b",");
    }
    json.raw(b"\n        \"message\": ");
    json.string(&exc.message);
    json.raw(b",\n        \"type\": ");
    json.string(&exc.type_name);
    json.raw(b"\n      }");
}

/// `{message, type}` whose keys are one indent deeper than `close`'s.
fn exception(json: &mut Json, exc: &PyException, close: &[u8]) {
    let indent = &close[1..close.len() - 1];
    json.raw(b"{\n  ");
    json.raw(indent);
    json.raw(b"\"message\": ");
    json.string(&exc.message);
    json.raw(b",\n  ");
    json.raw(indent);
    json.raw(b"\"type\": ");
    json.string(&exc.type_name);
    json.raw(close);
}

/// One diagnostic at indent level 4 (its keys at 5); optional keys are left
/// out when empty.
fn finding(
    json: &mut Json,
    report: &FileReport,
    index: &LineIndex,
    hints: &mut Hints,
    d: &Diagnostic,
) {
    let (line, column, end_line, end_column) = position_near(report, index, d, &mut hints.primary);
    json.raw(b"{\n          \"code\": ");
    json.identifier(d.code);
    json.raw(b",\n          \"column\": ");
    json.number(column);
    json.raw(b",\n          \"end_column\": ");
    json.number(end_column);
    json.raw(b",\n          \"end_line\": ");
    json.number(end_line);
    json.raw(b",\n          \"fix\": ");
    match &d.fix {
        Some(fix) => write_fix(json, report, index, fix),
        None => json.raw(b"null"),
    }
    if let Some(help) = &d.help {
        json.raw(b",\n          \"help\": ");
        json.string(help);
    }
    if !d.primary.message.is_empty() {
        json.raw(b",\n          \"label\": ");
        json.string(&d.primary.message);
    }
    json.raw(b",\n          \"line\": ");
    json.number(line);
    json.raw(b",\n          \"message\": ");
    json.string(&d.message);
    json.raw(b",\n          \"name\": ");
    json.identifier(d.name);
    if !d.notes.is_empty() {
        json.raw(b",\n          \"notes\": [");
        for (i, note) in d.notes.iter().enumerate() {
            json.raw(if i == 0 {
                b"\n            "
            } else {
                b",\n            "
            });
            json.string(note);
        }
        json.raw(b"\n          ]");
    }
    if let Some(exc) = &d.python {
        json.raw(b",\n          \"python\": ");
        exception(json, exc, b"\n          }");
    }
    if !d.secondary.is_empty() {
        json.raw(b",\n          \"related\": [");
        for (i, label) in d.secondary.iter().enumerate() {
            let hint = hints.related.get_mut(i).unwrap_or(&mut hints.primary);
            let (line, column) = index.line_col_near(&report.text, label.span.start, hint);
            json.raw(if i == 0 {
                b"\n            {\n              \"column\": "
            } else {
                b",\n            {\n              \"column\": "
            });
            json.number(column);
            json.raw(b",\n              \"line\": ");
            json.number(line);
            json.raw(b",\n              \"message\": ");
            json.string(&label.message);
            json.raw(b"\n            }");
        }
        json.raw(b"\n          ]");
    }
    json.raw(b",\n          \"severity\": ");
    json.identifier(d.severity.as_str());
    json.raw(b"\n        }");
}

/// A finding's fix at indent level 5 (its keys at 6): applicability,
/// edits (1-based lines, columns in characters, end exclusive), message.
fn write_fix(json: &mut Json, report: &FileReport, index: &LineIndex, fix: &crate::fix::Fix) {
    json.raw(b"{\n            \"applicability\": ");
    json.string(fix.applicability.as_str());
    json.raw(b",\n            \"edits\": [");
    for (i, edit) in fix.edits.iter().enumerate() {
        let (line, column) = index.line_col(&report.text, edit.span.start);
        let (end_line, end_column) = index.line_col(&report.text, edit.span.end);
        json.raw(if i == 0 {
            b"\n              {\n                \"column\": "
        } else {
            b",\n              {\n                \"column\": "
        });
        json.number(column);
        json.raw(b",\n                \"content\": ");
        json.string(&edit.content);
        json.raw(b",\n                \"end_column\": ");
        json.number(end_column);
        json.raw(b",\n                \"end_line\": ");
        json.number(end_line);
        json.raw(b",\n                \"line\": ");
        json.number(line);
        json.raw(b"\n              }");
    }
    json.raw(if fix.edits.is_empty() {
        b"]" as &[u8]
    } else {
        b"\n            ]"
    });
    json.raw(b",\n            \"message\": ");
    json.string(&fix.message);
    json.raw(b"\n          }");
}

/// The lines of the previous finding's places, where the next lookups start
/// (the primary place, and each related place by its position in the list:
/// a warning repeated on every logger points at the same few places).
#[derive(Default)]
struct Hints {
    primary: usize,
    related: [usize; 2],
}

/// The document being written.
struct Json {
    buf: Vec<u8>,
}

/// What serde_json writes for each byte: 0 for the byte itself, `u` for
/// `\u00XX`, else the letter after the backslash.
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Whether `b` is a control character, `"` or `\` (what serde_json escapes).
fn is_special(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

/// Whether any byte of a block needs escaping. Branch-free, so that the
/// compiler checks a sixteen-byte block with a few vector instructions.
#[inline(always)]
fn block_has_escape(block: &[u8]) -> bool {
    block.iter().fold(false, |found, &b| found | is_special(b))
}

/// Whether any byte of `bytes` needs escaping: sixteen bytes at a time,
/// the last block overlapping the one before it.
fn has_escape(bytes: &[u8]) -> bool {
    match bytes.len().checked_sub(16) {
        None => bytes.iter().any(|&b| is_special(b)),
        Some(last) => {
            bytes.chunks_exact(16).any(block_has_escape) || block_has_escape(&bytes[last..])
        }
    }
}

impl Json {
    fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    fn number(&mut self, n: usize) {
        self.raw(itoa::Buffer::new().format(n).as_bytes());
    }

    /// A rule's code or name, or a severity: a fixed identifier of letters,
    /// digits and `-` that never needs escaping (three of a finding's
    /// strings, written without the check).
    fn identifier(&mut self, s: &'static str) {
        debug_assert!(!has_escape(s.as_bytes()), "{s:?}");
        self.buf.reserve(s.len() + 2);
        self.buf.push(b'"');
        self.buf.extend_from_slice(s.as_bytes());
        self.buf.push(b'"');
    }

    /// `s` as a JSON string, escaped as serde_json escapes it. Most strings
    /// need no escaping: they are checked eight bytes at a time and copied
    /// whole.
    fn string(&mut self, s: &str) {
        let bytes = s.as_bytes();
        self.buf.reserve(bytes.len() + 2);
        self.buf.push(b'"');
        if has_escape(bytes) {
            // `bytes[start..at]` needs no escaping and is not written yet.
            let mut start = 0;
            for (at, &b) in bytes.iter().enumerate() {
                let escape = ESCAPE[usize::from(b)];
                if escape != 0 {
                    self.buf.extend_from_slice(&bytes[start..at]);
                    self.escape(b, escape);
                    start = at + 1;
                }
            }
            self.buf.extend_from_slice(&bytes[start..]);
        } else {
            self.buf.extend_from_slice(bytes);
        }
        self.buf.push(b'"');
    }

    fn escape(&mut self, byte: u8, escape: u8) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        if escape == b'u' {
            self.raw(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xf)],
            ]);
        } else {
            self.raw(&[b'\\', escape]);
        }
    }

    /// Hands a full block to `out` and starts the next one in the same
    /// buffer.
    fn flush_if_full(&mut self, out: &mut impl Write) -> io::Result<()> {
        if self.buf.len() >= BLOCK {
            out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
}

#[cfg(test)]
mod reference {
    //! The serde structs this writer replaced: what its bytes are compared with.

    use super::super::position;
    use crate::check::{CheckOptions, FileReport};
    use crate::diagnostic::{Diagnostic, Label, PyException};
    use crate::source::LineIndex;
    use serde::Serialize;
    use std::io::{self, Write};

    /// The whole document. Fields in alphabetical order (see the module docs).
    #[derive(Serialize)]
    struct Report<'a> {
        cwd: String,
        files: Vec<File<'a>>,
        python_version: String,
    }

    /// One checked file.
    #[derive(Serialize)]
    struct File<'a> {
        diagnostics: Findings<'a>,
        /// `ini`, `json` or `yaml`: fileConfig or dictConfig.
        format: &'static str,
        /// The program that loads the file (`--host`, or detected).
        host: &'static str,
        path: &'a str,
        /// `null` when the file loads.
        python_error: Option<Verdict<'a>>,
        verdict_uncertain: bool,
    }

    /// The file's exception, with dictConfig's `__cause__` when it has one.
    #[derive(Serialize)]
    struct Verdict<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        cause: Option<Exception<'a>>,
        message: &'a str,
        #[serde(rename = "type")]
        type_name: &'a str,
    }

    /// A file's diagnostics, each turned into a [`Finding`] only as it is
    /// written: thousands of findings are never all held at once.
    struct Findings<'a> {
        report: &'a FileReport,
        index: LineIndex,
    }

    impl Serialize for Findings<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(
                self.report
                    .diagnostics
                    .iter()
                    .map(|d| finding(self.report, &self.index, d)),
            )
        }
    }

    /// A Python exception as `{message, type}` (the library's [`PyException`]
    /// serializes its fields in declaration order, `type` first).
    #[derive(Serialize)]
    struct Exception<'a> {
        message: &'a str,
        #[serde(rename = "type")]
        type_name: &'a str,
    }

    impl<'a> From<&'a PyException> for Exception<'a> {
        fn from(exc: &'a PyException) -> Self {
            Exception {
                message: &exc.message,
                type_name: &exc.type_name,
            }
        }
    }

    /// One diagnostic; optional keys are left out when empty.
    #[derive(Serialize)]
    struct Finding<'a> {
        code: &'a str,
        column: usize,
        end_column: usize,
        end_line: usize,
        fix: Option<FixJson<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        help: Option<&'a str>,
        #[serde(skip_serializing_if = "str::is_empty")]
        label: &'a str,
        line: usize,
        message: &'a str,
        name: &'a str,
        #[serde(skip_serializing_if = "<[String]>::is_empty")]
        notes: &'a [String],
        #[serde(skip_serializing_if = "Option::is_none")]
        python: Option<Exception<'a>>,
        #[serde(skip_serializing_if = "Labels::is_empty")]
        related: Labels<'a>,
        severity: &'a str,
    }

    /// A diagnostic's secondary labels, written as [`Related`] places.
    struct Labels<'a> {
        labels: &'a [Label],
        text: &'a str,
        index: &'a LineIndex,
    }

    impl Labels<'_> {
        fn is_empty(&self) -> bool {
            self.labels.is_empty()
        }
    }

    impl Serialize for Labels<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(self.labels.iter().map(|l| {
                let (line, column) = self.index.line_col(self.text, l.span.start);
                Related {
                    column,
                    line,
                    message: &l.message,
                }
            }))
        }
    }

    /// A diagnostic's fix.
    #[derive(Serialize)]
    struct FixJson<'a> {
        applicability: &'a str,
        edits: Vec<EditJson<'a>>,
        message: &'a str,
    }

    /// One edit of a fix.
    #[derive(Serialize)]
    struct EditJson<'a> {
        column: usize,
        content: &'a str,
        end_column: usize,
        end_line: usize,
        line: usize,
    }

    fn fix_json<'a>(
        report: &'a FileReport,
        index: &LineIndex,
        fix: &'a crate::fix::Fix,
    ) -> FixJson<'a> {
        let edits = (fix.edits.iter())
            .map(|e| {
                let (line, column) = index.line_col(&report.text, e.span.start);
                let (end_line, end_column) = index.line_col(&report.text, e.span.end);
                EditJson {
                    column,
                    content: &e.content,
                    end_column,
                    end_line,
                    line,
                }
            })
            .collect();
        FixJson {
            applicability: fix.applicability.as_str(),
            edits,
            message: &fix.message,
        }
    }

    /// A secondary place of a diagnostic.
    #[derive(Serialize)]
    struct Related<'a> {
        column: usize,
        line: usize,
        message: &'a str,
    }

    fn finding<'a>(report: &'a FileReport, index: &'a LineIndex, d: &'a Diagnostic) -> Finding<'a> {
        let (line, column, end_line, end_column) = position(report, index, d);
        Finding {
            code: d.code,
            column,
            end_column,
            end_line,
            fix: d.fix.as_ref().map(|f| fix_json(report, index, f)),
            help: d.help.as_deref(),
            label: &d.primary.message,
            line,
            message: &d.message,
            name: d.name,
            notes: &d.notes,
            python: d.python.as_deref().map(Exception::from),
            related: Labels {
                labels: &d.secondary,
                text: &report.text,
                index,
            },
            severity: d.severity.as_str(),
        }
    }

    fn file(report: &FileReport) -> File<'_> {
        File {
            diagnostics: Findings {
                report,
                index: LineIndex::new(&report.text),
            },
            format: report.format.name(),
            host: report.host.name(),
            path: &report.path,
            python_error: report.python_error.as_ref().map(|exc| Verdict {
                cause: report.python_cause.as_ref().map(Exception::from),
                message: &exc.message,
                type_name: &exc.type_name,
            }),
            verdict_uncertain: report.verdict_uncertain,
        }
    }

    /// Writes the JSON report, pretty-printed, with a final newline.
    pub fn write(
        reports: &[FileReport],
        opts: &CheckOptions,
        out: &mut impl Write,
    ) -> io::Result<()> {
        let report = Report {
            cwd: opts.cwd.display().to_string(),
            files: reports.iter().map(file).collect(),
            python_version: opts.version.to_string(),
        };
        super::super::write_pretty_json(&report, out)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::texts;
    use crate::check::{CheckOptions, FileReport, check_bytes};
    use crate::diagnostic::{Label, PyException};

    fn both(reports: &[FileReport], opts: &CheckOptions) -> (String, String) {
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        super::write(reports, opts, &mut ours).expect("writes to a Vec");
        super::reference::write(reports, opts, &mut theirs).expect("writes to a Vec");
        (
            String::from_utf8(ours).expect("UTF-8"),
            String::from_utf8(theirs).expect("UTF-8"),
        )
    }

    /// Every shipped file, one report at a time and all together: the same
    /// bytes as the serde structs.
    #[test]
    fn writes_what_serde_json_writes() {
        let opts = CheckOptions::default();
        let reports: Vec<FileReport> = texts()
            .iter()
            .map(|(path, text)| check_bytes(path, text.as_bytes(), &opts))
            .collect();
        for report in &reports {
            let (ours, theirs) = both(std::slice::from_ref(report), &opts);
            assert_eq!(ours, theirs, "{}", report.path);
        }
        let (ours, theirs) = both(&reports, &opts);
        assert!(ours.len() > 64 * 1024, "several blocks");
        assert_eq!(ours, theirs);
        let (ours, theirs) = both(&[], &opts);
        assert_eq!(ours, theirs);
    }

    /// Every byte that needs escaping, at every offset of a sixteen-byte
    /// block, in every field that carries text; DEL and non-ASCII stay.
    #[test]
    fn escapes_as_serde_json_does() {
        let opts = CheckOptions {
            cwd: "/tmp/a \"b\" \\c\u{1}".into(),
            ..CheckOptions::default()
        };
        let mut report = check_bytes(
            "x\ty.conf",
            b"[loggers]\nkeys=root\n[logger_root]\nhandlers=h\n",
            &opts,
        );
        let mut texts: Vec<String> = (0u8..=0x7f).map(|b| char::from(b).to_string()).collect();
        for pad in 0..33 {
            for special in ["\"", "\\", "\n", "\u{1f}", "\u{7f}", "é", "\u{2028}"] {
                texts.push(format!(
                    "{}{special}{}",
                    "a".repeat(pad),
                    "b".repeat(pad % 17)
                ));
            }
        }
        let mut d = report.diagnostics[0].clone();
        d.notes = texts.clone();
        d.secondary = texts
            .iter()
            .map(|t| Label::new(d.primary.span, t.clone()))
            .collect();
        d.python = Some(Box::new(PyException::new("Key\u{0}Error", "'\u{8}\u{c}'")));
        let (span, end) = (d.primary.span, d.primary.span.end);
        d.fix = Some(Box::new(crate::fix::Fix::unsafe_edit(
            "quote \" and \\",
            vec![
                crate::fix::Edit::replace(span, "a\u{1}\"\n"),
                crate::fix::Edit::insert(end, "é"),
            ],
        )));
        report.python_error = Some(PyException::new("E\"", "m\\"));
        report.verdict_uncertain = true;
        report.diagnostics.clear();
        for t in &texts {
            let mut e = d.clone();
            e.message = t.clone();
            e.help = Some(t.clone().into());
            e.primary.message = t.clone().into();
            report.diagnostics.push(e);
        }
        let (ours, theirs) = both(std::slice::from_ref(&report), &opts);
        assert_eq!(ours, theirs);
    }
}
