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
//! and paths) and [`routing`] (propagation, unused entities, levels; one file
//! per rule over one shared routing computation). Each rule's declaration
//! (code, name, severity, docs) sits next to its lint function; each group's
//! `run` calls the functions in the order findings are reported, and [`run`]
//! calls the groups.
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
pub mod host;
pub mod routing;
pub mod sections;

use crate::diagnostic::Diagnostic;
use crate::handler_class::{FileSystem, PathKind};
use crate::ini::IniDocument;
use crate::model::Config;
use crate::version::PyVersion;
use std::path::PathBuf;

/// What the lints need besides the document and the model.
#[derive(Debug, Clone)]
pub struct LintContext<'a> {
    /// The decoded file text the spans point into.
    pub text: &'a str,
    /// The CPython version whose behaviour is checked.
    pub version: PyVersion,
    /// The working directory the service is assumed to start in.
    pub cwd: PathBuf,
    /// `fileConfig` loads the file: the model is complete, so lints that need
    /// every logger and handler (routing, unused handlers) can run.
    pub loads: bool,
    /// `fileConfig` fails, and the exception is an `OSError` opening a log
    /// file (a missing directory in the assumed working directory). The
    /// routing lints then run on the model rebuilt where every directory
    /// exists, if that model loads.
    pub fails_opening_a_file: bool,
    /// Top-level modules assumed importable (for rebuilding the model).
    pub importable: &'a [String],
    /// Working directory and environment variables for `os.getcwd()` and
    /// `os.environ` reads in `args` (for rebuilding the model).
    pub environment: Option<&'a crate::pyexpr::Environment>,
    /// The program that calls fileConfig.
    pub host: crate::host::Host,
    /// Loggers the application creates before fileConfig runs (`--existing`).
    pub existing: &'a [String],
    /// The service's operating system.
    pub platform: crate::handler_class::Platform,
    /// What the lowering evaluated `args`/`kwargs` to, by text (`None`:
    /// the lints evaluate them themselves).
    pub evaluations: Option<&'a crate::model::Evaluations>,
}

/// The exception types of `open()` failing for file-system reasons.
pub fn is_file_system_error(type_name: &str) -> bool {
    matches!(
        type_name,
        "FileNotFoundError" | "NotADirectoryError" | "IsADirectoryError" | "PermissionError"
    )
}

/// Every lint finding, in document order of the rule groups.
pub fn run(doc: &IniDocument, config: &Config, ctx: &LintContext<'_>) -> Vec<Diagnostic> {
    let mut out = document_lints(doc, config, ctx);
    routing_lints(routed_model(doc, ctx), config, &mut out);
    out
}

/// [`run`], taking the document: it is dropped before the routing lints,
/// so that their logger tree and findings reuse its memory instead of
/// fresh pages (on a big file the page faults cost more than the lints).
pub(crate) fn run_consuming(
    doc: IniDocument,
    config: &Config,
    ctx: &LintContext<'_>,
) -> Vec<Diagnostic> {
    let mut out = document_lints(&doc, config, ctx);
    let routed = routed_model(&doc, ctx);
    drop(doc);
    routing_lints(routed, config, &mut out);
    out
}

/// The lints that read the document (all but the routing lints).
fn document_lints(doc: &IniDocument, config: &Config, ctx: &LintContext<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    sections::run(doc, config, ctx, &mut out);
    format::run(doc, config, ctx, &mut out);
    handlers::run(doc, config, ctx, &mut out);
    routing::unused::run(doc, &mut out);
    host::run(doc, config, ctx, &mut out);
    out
}

/// The model the routing lints judge.
enum RoutedModel {
    /// The file loads: its own model.
    Loaded,
    /// It fails only opening a log file: the model as if every directory
    /// existed.
    Rebuilt(Box<Config>),
    /// Routing cannot be known.
    Unknown,
}

/// The routing lints on the model they judge (`config` when it loads).
fn routing_lints(routed: RoutedModel, config: &Config, out: &mut Vec<Diagnostic>) {
    match routed {
        RoutedModel::Loaded => routing::run(config, out),
        RoutedModel::Rebuilt(rebuilt) => routing::run(&rebuilt, out),
        RoutedModel::Unknown => {}
    }
}

/// Which model the routing lints judge, from the verdict so far.
fn routed_model(doc: &IniDocument, ctx: &LintContext<'_>) -> RoutedModel {
    if ctx.loads {
        RoutedModel::Loaded
    } else if ctx.fails_opening_a_file
        && let Some(rebuilt) = lower_where_every_directory_exists(doc, ctx)
    {
        RoutedModel::Rebuilt(Box::new(rebuilt))
    } else {
        RoutedModel::Unknown
    }
}

/// A file system where every directory exists and no file does yet: handlers
/// built on it fail only for reasons other than the working directory's
/// contents.
pub(crate) struct EveryDirectoryExists(pub(crate) String);

impl FileSystem for EveryDirectoryExists {
    fn cwd(&self) -> &str {
        &self.0
    }
    fn kind(&self, _abs_path: &str) -> PathKind {
        PathKind::Missing
    }
}

/// The model as it would be if every log directory existed: `None` when even
/// then fileConfig fails (for another reason) or its verdict is uncertain
/// (custom classes, code logcheck does not run).
fn lower_where_every_directory_exists(doc: &IniDocument, ctx: &LintContext<'_>) -> Option<Config> {
    let fs = EveryDirectoryExists(ctx.cwd.display().to_string());
    let lowered = crate::model::lower(
        doc,
        &crate::model::LowerOptions {
            version: ctx.version,
            fs: &fs,
            importable: ctx.importable,
            environment: ctx.environment,
            host: ctx.host,
            platform: ctx.platform,
            text: ctx.text,
        },
    );
    (lowered.python_error.is_none() && !lowered.verdict_uncertain).then_some(lowered.config)
}

/// The items of a `keys`/`handlers` list as fileConfig splits them: on `,`,
/// each stripped, empty items dropped.
pub(crate) fn list_items(value: &str) -> impl Iterator<Item = &str> {
    crate::pyrepr::split_commas(value)
        .map(crate::pyrepr::py_strip)
        .filter(|s| !s.is_empty())
}

/// `[loggers|handlers|formatters] keys` as a list (empty if absent).
pub(crate) fn keys_of<'d>(doc: &'d IniDocument, section: &str) -> Vec<&'d str> {
    doc.section(section)
        .and_then(|s| s.option("keys"))
        .map(|o| list_items(&o.value).collect())
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
