//! `check`: from a path (or bytes) to every finding and CPython's verdict.
//!
//! The stages follow `fileConfig` itself: the path checks of 3.11.4+ (missing
//! or empty file), decoding with the UTF-8 locale encoding, configparser's
//! read, then the model lowering. The first exception met along the way is
//! [`FileReport::python_error`]; findings of later stages are still reported,
//! except those that only repeat an earlier failure.

use crate::diagnostic::{Diagnostic, PyException};
use crate::handler_class::RealFileSystem;
use crate::ini::{self, ReadErrorKind, ReadOptions, ReadProblem};
use crate::model::{self, Config, LowerOptions};
use crate::rules;
use crate::source::Span;
use crate::version::PyVersion;
use std::path::{Path, PathBuf};

/// How to check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// CPython version whose behaviour is reproduced (default 3.12).
    pub version: PyVersion,
    /// fileConfig's `defaults=` (`--define KEY=VALUE`).
    pub defines: Vec<(String, String)>,
    /// The working directory the service is assumed to start in: relative log
    /// file paths are resolved against it, as CPython does at run time.
    pub cwd: PathBuf,
    /// Top-level modules assumed importable besides the standard library.
    pub importable: Vec<String>,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            version: PyVersion::DEFAULT,
            defines: Vec::new(),
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            importable: Vec::new(),
        }
    }
}

/// The outcome for one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path exactly as given (CPython's messages quote it so).
    pub path: String,
    /// The decoded text the spans point into (empty if unreadable).
    pub text: String,
    /// The exception CPython's `fileConfig` raises first; `None` if it loads.
    pub python_error: Option<PyException>,
    /// Every finding, in fileConfig order.
    pub diagnostics: Vec<Diagnostic>,
    /// CPython would run code (or import a module) that logcheck cannot
    /// evaluate before reaching `python_error`/the end: the verdict assumes it succeeds.
    pub verdict_uncertain: bool,
    /// The model, when the file could be read.
    pub config: Option<Config>,
    /// The file could not be read at all (missing, unreadable).
    pub io_error: bool,
}

impl FileReport {
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Warning)
            .count()
    }
}

/// Reads `path` (as given, relative to the process's directory) and checks it.
pub fn check_path(path: &str, opts: &CheckOptions) -> FileReport {
    match std::fs::read(Path::new(path)) {
        Ok(bytes) => check_bytes(path, &bytes, opts),
        Err(err) => {
            let missing = err.kind() == std::io::ErrorKind::NotFound;
            let python = if !missing {
                None
            } else if opts.version.has_file_prechecks() {
                Some(PyException::new("FileNotFoundError", format!("{path} doesn't exist")))
            } else {
                // configparser.read() silently skips unreadable paths
                Some(PyException::key_error("formatters"))
            };
            let message = if missing {
                format!("{path}: no such file")
            } else {
                format!("{path}: cannot read: {err}")
            };
            let mut d = Diagnostic::new(&rules::FILE_NOT_FOUND, Span::point(0), message);
            if let Some(p) = python.clone() {
                d = d.with_python(p);
            }
            FileReport {
                path: path.to_string(),
                text: String::new(),
                python_error: python,
                diagnostics: vec![d],
                verdict_uncertain: false,
                config: None,
                io_error: true,
            }
        }
    }
}

/// Checks file contents; `path` is used in messages exactly as given.
pub fn check_bytes(path: &str, bytes: &[u8], opts: &CheckOptions) -> FileReport {
    let mut report = FileReport {
        path: path.to_string(),
        text: String::new(),
        python_error: None,
        diagnostics: Vec::new(),
        verdict_uncertain: false,
        config: None,
        io_error: false,
    };
    if bytes.is_empty() {
        let python = if opts.version.has_file_prechecks() {
            PyException::new("RuntimeError", format!("{path} is an empty file"))
        } else {
            PyException::key_error("formatters")
        };
        let d = Diagnostic::new(&rules::EMPTY_FILE, Span::point(0), "the file is empty")
            .with_help("a fileConfig file needs [loggers], [handlers] and [formatters] sections")
            .with_python(python.clone());
        report.python_error = Some(python);
        report.diagnostics.push(d);
        return report;
    }

    let decoded = ini::decode(bytes);
    let mut text = decoded.text;
    // A BOM makes the first header unreadable for configparser. Report it once,
    // then blank it (same byte length, so spans stay right) to find the rest.
    let has_bom = text.starts_with('\u{feff}');
    if has_bom {
        text.replace_range(0..3, "   ");
    }
    let doc = ini::read(
        &text,
        path,
        &ReadOptions {
            defaults: opts.defines.clone(),
        },
    );
    let mut read_error: Option<PyException> = None;
    if has_bom {
        let original = String::from_utf8_lossy(bytes);
        let first_line: String = original.split_inclusive(['\n', '\r']).next().unwrap_or("").to_string();
        let line = first_line.replace("\r\n", "\n").replace('\r', "\n");
        let exc = wrap_parsing_error(
            path,
            opts.version,
            PyException::new(
                "configparser.MissingSectionHeaderError",
                format!(
                    "File contains no section headers.\nfile: {}, line: 1\n{}",
                    crate::pyrepr::repr_str(path),
                    crate::pyrepr::repr_str(&line)
                ),
            ),
            true,
        );
        let d = Diagnostic::new(&rules::BYTE_ORDER_MARK, Span::new(0, 3), "the file starts with a UTF-8 byte-order mark (BOM)")
            .with_label("configparser reads this as part of the first line")
            .with_help("save the file as UTF-8 without BOM, or load it with fileConfig(..., encoding='utf-8-sig')")
            .with_python(exc.clone());
        report.diagnostics.push(d);
        read_error = Some(exc);
    }
    for problem in &doc.problems {
        report.diagnostics.push(read_problem_diagnostic(problem));
    }
    if read_error.is_none() {
        if let Some(err) = &doc.error {
            let wrap = matches!(err.kind, ReadErrorKind::MissingSectionHeader | ReadErrorKind::Parsing);
            let exc = if wrap {
                wrap_parsing_error(path, opts.version, err.exception.clone(), true)
            } else {
                err.exception.clone()
            };
            read_error = Some(exc);
        }
    }
    if let Some(dec) = &decoded.error {
        // The decode error surfaces when configparser reaches the chunk that
        // holds the bad byte; header/duplicate errors on earlier lines win.
        let earlier = doc.error.as_ref().is_some_and(|e| {
            !matches!(e.kind, ReadErrorKind::Parsing) && e.offset < chunk_start(dec.byte_offset)
        });
        if !earlier {
            read_error = Some(dec.exception.clone());
        }
        let d = Diagnostic::new(&rules::NOT_UTF8, Span::point(dec.byte_offset.min(text.len())), "the file is not valid UTF-8")
            .with_label(dec.exception.message.clone())
            .with_help("fileConfig reads files with the locale encoding (UTF-8): save the file as UTF-8")
            .with_python(dec.exception.clone());
        report.diagnostics.push(d);
    }
    // Stamp every read-stage error diagnostic with the exception it would raise.
    let fs = RealFileSystem::new(&opts.cwd);
    let lowered = model::lower(
        &doc,
        &LowerOptions {
            version: opts.version,
            fs: &fs,
            importable: &opts.importable,
        },
    );
    report.python_error = read_error.or(lowered.python_error);
    report.verdict_uncertain = lowered.verdict_uncertain && report.python_error.is_none();
    report.diagnostics.extend(lowered.diagnostics);
    report.config = Some(lowered.config);
    report.text = text;
    if has_bom {
        // spans point into the blanked text; show the user's real first line
        report.text.replace_range(0..3, "\u{feff}");
    }
    report
}

/// TextIOWrapper decodes 8 KiB chunks: lines before the failing chunk are read.
fn chunk_start(offset: usize) -> usize {
    offset / 8192 * 8192
}

/// fileConfig (3.11.4+) turns configparser's `ParsingError` (and
/// `MissingSectionHeaderError`) into `RuntimeError("<fname> is invalid: <e>")`.
fn wrap_parsing_error(path: &str, version: PyVersion, exc: PyException, is_parsing: bool) -> PyException {
    if is_parsing && version.has_file_prechecks() {
        PyException::new("RuntimeError", format!("{path} is invalid: {}", exc.message))
    } else {
        exc
    }
}

fn read_problem_diagnostic(problem: &ReadProblem) -> Diagnostic {
    problem.to_diagnostic()
}
