//! Lints: what CPython's `fileConfig` accepts without a word but that is very
//! likely wrong (the `LC6xx` rules).
//!
//! They run after the lowering, on the parsed document (for what the lowering
//! never reads: unlisted sections, ignored options, raw text) and on the
//! lowered [`Config`] (for what CPython really builds: formatters, handler
//! arguments, the logger tree and its routing).
//!
//! One file per group: [`format`] (format and datefmt text), [`sections`]
//! (keys, options, qualnames, `[DEFAULT]`), [`handlers`] (handler arguments
//! and paths) and [`routing`] (propagation, unused entities, levels).
//!
//! # Example
//! ```
//! use logcheck::check::{check_bytes, CheckOptions};
//! let text = b"[loggers]\nkeys=root\n[handlers]\nkeys=h\n[formatters]\nkeys=f\n\
//! [logger_root]\nlevel=INFO\nhandlers=h\n[handler_h]\nclass=StreamHandler\nformatter=f\n\
//! args=(sys.stdout,)\n[formatter_f]\nformat=(asctime)s %(message)s\n";
//! let report = check_bytes("x.conf", text, &CheckOptions::default());
//! assert!(report.diagnostics.iter().any(|d| d.code == "LC601"));
//! ```

pub mod format;
pub mod handlers;
pub mod routing;
pub mod sections;

use crate::diagnostic::Diagnostic;
use crate::ini::IniDocument;
use crate::model::Config;
use crate::version::PyVersion;
use std::path::PathBuf;

/// What the lints need besides the document and the model.
#[derive(Debug, Clone)]
pub struct LintContext<'a> {
    /// The decoded file text the spans point into.
    pub text: &'a str,
    pub version: PyVersion,
    /// The working directory the service is assumed to start in.
    pub cwd: PathBuf,
    /// `fileConfig` loads the file: the model is complete, so lints that need
    /// every logger and handler (routing, unused handlers) can run.
    pub loads: bool,
}

/// Every lint finding, in document order of the rule groups.
pub fn run(doc: &IniDocument, config: &Config, ctx: &LintContext<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    sections::run(doc, config, ctx, &mut out);
    format::run(doc, config, ctx, &mut out);
    handlers::run(doc, config, ctx, &mut out);
    routing::unused(doc, &mut out);
    if ctx.loads {
        routing::run(doc, config, ctx, &mut out);
    }
    out
}

/// The items of a `keys`/`handlers` list as fileConfig splits them: on `,`,
/// each stripped, empty items dropped.
pub(crate) fn list_items(value: &str) -> Vec<&str> {
    value
        .split(',')
        .map(crate::pyrepr::py_strip)
        .filter(|s| !s.is_empty())
        .collect()
}

/// `[loggers|handlers|formatters] keys` as a list (empty if absent).
pub(crate) fn keys_of<'d>(doc: &'d IniDocument, section: &str) -> Vec<&'d str> {
    doc.section(section)
        .and_then(|s| s.option("keys"))
        .map(|o| list_items(&o.value))
        .unwrap_or_default()
}

/// The raw option `name` of `section`, own or from `[DEFAULT]`.
pub(crate) fn raw_option<'d>(
    doc: &'d IniDocument,
    section: &str,
    name: &str,
) -> Option<&'d crate::ini::IniOption> {
    match doc.get(section, name, true) {
        Some(Ok(lookup)) => Some(lookup.option),
        _ => None,
    }
}

/// The text of `span` in the file (empty when out of range).
pub(crate) fn span_text(text: &str, span: crate::source::Span) -> &str {
    text.get(span.start..span.end).unwrap_or("")
}
