//! `check --format json`: the report as typed, borrowed structs serialized
//! straight into the output buffer (schema in `docs/json-schemas.md`).
//!
//! The output was first built as `serde_json::Value` maps, whose keys a
//! `BTreeMap` keeps sorted; every struct here declares its fields in that
//! alphabetical order so that the bytes stay the same, and borrows its
//! strings from the reports instead of copying them into maps (with
//! thousands of findings the maps cost twice the check itself).

use super::position;
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
        help: d.help.as_deref(),
        label: &d.primary.message,
        line,
        message: &d.message,
        name: d.name,
        notes: &d.notes,
        python: d.python.as_ref().map(Exception::from),
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
pub fn write(reports: &[FileReport], opts: &CheckOptions, out: &mut impl Write) -> io::Result<()> {
    let report = Report {
        cwd: opts.cwd.display().to_string(),
        files: reports.iter().map(file).collect(),
        python_version: opts.version.to_string(),
    };
    super::write_pretty_json(&report, out)
}
