//! Findings as plain data: what is wrong, where, how to fix it, and which
//! exception CPython would raise.
//!
//! The library never renders or prints: the `logcheck` binary turns
//! [`Diagnostic`]s into rustc-style snippets, concise lines, JSON, GitHub
//! annotations or SARIF. Keeping them as data is what lets every output format
//! (and the tests) see the same facts.

use crate::source::Span;
use std::borrow::Cow;
use serde::Serialize;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// Informational: harmless, but worth knowing.
    Info,
    /// CPython loads the file, but it very likely does not do what was meant.
    Warning,
    /// CPython's `fileConfig` raises on this file.
    Error,
}

impl Severity {
    /// `info`, `warning` or `error`, as every output format spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A Python exception as a traceback's last line shows it: `type: message`.
///
/// `type_name` is spelled as the traceback prints it (`KeyError`,
/// `configparser.DuplicateOptionError`, `io.UnsupportedOperation`) and
/// `message` is `str(exc)` (so a `KeyError` message keeps its quotes).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct PyException {
    /// The exception's type as a traceback names it (`KeyError`,
    /// `configparser.DuplicateOptionError`).
    #[serde(rename = "type")]
    pub type_name: String,
    /// `str(exc)`: what the traceback prints after the colon (may be empty).
    pub message: String,
}

impl PyException {
    /// An exception of `type_name` with `message`.
    pub fn new(type_name: impl Into<String>, message: impl Into<String>) -> Self {
        PyException {
            type_name: type_name.into(),
            message: message.into(),
        }
    }

    /// `KeyError: 'name'` — Python shows a KeyError's argument with `repr`.
    pub fn key_error(key: &str) -> Self {
        PyException::new("KeyError", crate::pyrepr::repr_str(key))
    }

    /// `ValueError: message`.
    pub fn value_error(message: impl Into<String>) -> Self {
        PyException::new("ValueError", message)
    }

    /// `TypeError: message`.
    pub fn type_error(message: impl Into<String>) -> Self {
        PyException::new("TypeError", message)
    }

    /// `re`'s `TypeError` for a value that is not a string (3.11+ names
    /// its type).
    pub(crate) fn expected_string(type_name: &str, version: crate::version::PyVersion) -> Self {
        PyException::type_error(if version.minor >= 11 {
            format!("expected string or bytes-like object, got '{type_name}'")
        } else {
            "expected string or bytes-like object".to_string()
        })
    }
}

impl std::fmt::Display for PyException {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.message.is_empty() {
            f.write_str(&self.type_name)
        } else {
            write!(f, "{}: {}", self.type_name, self.message)
        }
    }
}

/// A span with a short label ("handlers declared here").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// The byte range of the file's text it points at.
    pub span: Span,
    /// The text printed under the carets (may be empty). Most labels are
    /// fixed sentences, borrowed rather than copied into a string of their own.
    pub message: Cow<'static, str>,
}

impl Label {
    /// A label on `span`.
    pub fn new(span: Span, message: impl Into<Cow<'static, str>>) -> Self {
        Label {
            span,
            message: message.into(),
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Rule code, `LCnnn`.
    pub code: &'static str,
    /// Rule name in kebab case.
    pub name: &'static str,
    /// The rule's severity (or what `with_severity` set).
    pub severity: Severity,
    /// One sentence; starts lower-case, no trailing period.
    pub message: String,
    /// Where the problem is; its label is printed under the carets.
    pub primary: Label,
    /// Related places ("keys declared here").
    pub secondary: Vec<Label>,
    /// How to fix it.
    pub help: Option<Cow<'static, str>>,
    /// Extra facts (rendered as `= note:`).
    pub notes: Vec<String>,
    /// For errors: what CPython's fileConfig raises here. Boxed: only errors
    /// have one, and a file with thousands of warnings moves and stores
    /// thousands of diagnostics (40 bytes fewer each).
    pub python: Option<Box<PyException>>,
    /// The edits that fix it, when logcheck knows them (boxed for the same
    /// reason: most findings have none).
    #[serde(skip)]
    pub fix: Option<Box<crate::fix::Fix>>,
}

impl Diagnostic {
    /// A finding of `rule` at `span`; its label, help and notes come from the
    /// `with_*` methods.
    pub fn new(rule: &crate::rules::Rule, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code: rule.code,
            name: rule.name,
            severity: rule.severity,
            message: message.into(),
            primary: Label::new(span, ""),
            secondary: Vec::new(),
            help: None,
            notes: Vec::new(),
            python: None,
            fix: None,
        }
    }

    /// Sets the fix.
    pub fn with_fix(mut self, fix: crate::fix::Fix) -> Self {
        self.fix = Some(Box::new(fix));
        self
    }

    /// Sets the primary label (printed under the carets).
    pub fn with_label(mut self, label: impl Into<Cow<'static, str>>) -> Self {
        self.primary.message = label.into();
        self
    }

    /// Adds a related place with its label.
    pub fn with_secondary(mut self, span: Span, label: impl Into<Cow<'static, str>>) -> Self {
        self.secondary.push(Label::new(span, label));
        self
    }

    /// Sets how to fix it.
    pub fn with_help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a fact (rendered as `= note:`).
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Sets the exception CPython raises here.
    pub fn with_python(mut self, exc: PyException) -> Self {
        self.python = Some(Box::new(exc));
        self
    }

    /// Overrides the rule's severity.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}
