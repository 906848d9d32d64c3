//! `check`: from a path (or bytes) to every finding and CPython's verdict.
//!
//! The stages follow `fileConfig` itself: the path checks of 3.11.4+ (missing
//! or empty file), decoding with the UTF-8 locale encoding, configparser's
//! read, then the model lowering. The first exception met along the way is
//! [`FileReport::python_error`]; findings of later stages are still reported,
//! except those that only repeat an earlier failure.

use crate::dictconfig;
use crate::explain::{ExplainOptions, Explanation};
use crate::host::Host;
use crate::diagnostic::{Diagnostic, PyException};
use crate::handler_class::RealFileSystem;
use crate::ini::{self, IniDocument, ReadOptions, ReadProblem};
use crate::model::{self, Config, LowerOptions};
use crate::pyexpr::Environment;
use crate::rules;
use crate::source::Span;
use crate::version::PyVersion;
use std::path::{Path, PathBuf};

/// The kind of file a configuration is, which decides who reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ConfigFormat {
    /// A fileConfig INI file, read by configparser.
    #[default]
    Ini,
    /// A dictConfig document read by `json.load`.
    Json,
    /// A dictConfig document read by `yaml.safe_load` (PyYAML).
    Yaml,
}

impl ConfigFormat {
    /// `ini`, `json` or `yaml`, as the JSON output names it.
    pub fn name(self) -> &'static str {
        match self {
            ConfigFormat::Ini => "ini",
            ConfigFormat::Json => "json",
            ConfigFormat::Yaml => "yaml",
        }
    }

    /// The Python call that reads the file before logging is configured.
    pub fn reader(self) -> &'static str {
        match self {
            ConfigFormat::Ini => "configparser",
            ConfigFormat::Json => "json.load",
            ConfigFormat::Yaml => "yaml.safe_load",
        }
    }
}

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
    /// The environment variables `os.environ`/`os.getenv()` in `args` see.
    /// `None` (the default): logcheck reads environment variables from its
    /// own environment, as the service would.
    pub env: Option<Vec<(String, String)>>,
    /// The program that loads the file (`--host`); `None`: detected from
    /// the file ([`Host::detect`]).
    pub host: Option<Host>,
    /// Loggers the application creates before the host calls fileConfig
    /// (`--existing`), besides the host's own.
    pub existing: Vec<String>,
    /// The operating system the service runs on (`--platform`; default:
    /// the one logcheck runs on): log paths follow its `os.path`.
    pub platform: crate::handler_class::Platform,
    /// How the file is loaded (`--as`): `None` decides by the host and
    /// the file's name ([`Host::dictconfig_format`]).
    pub format: Option<ConfigFormat>,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            version: PyVersion::DEFAULT,
            defines: Vec::new(),
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            importable: Vec::new(),
            env: None,
            host: None,
            existing: Vec::new(),
            platform: crate::handler_class::Platform::CURRENT,
            format: None,
        }
    }
}

impl CheckOptions {
    /// The dictConfig format `path` is read as under `host`, or `None` for
    /// fileConfig: [`Self::format`] when given, else the host's rule.
    pub fn dictconfig_format(&self, host: Host, path: &str) -> Option<ConfigFormat> {
        match self.format {
            Some(ConfigFormat::Ini) => None,
            Some(format) => Some(format),
            None => host.dictconfig_format(path),
        }
    }

    /// The environment `args` are evaluated against: `os.getcwd()` is the
    /// assumed working directory (made absolute), `os.environ` is [`Self::env`]
    /// or logcheck's own environment.
    pub fn environment(&self) -> Environment {
        let cwd = std::path::absolute(&self.cwd).unwrap_or_else(|_| self.cwd.clone());
        match &self.env {
            Some(vars) => Environment::new(cwd.to_string_lossy(), vars.clone()),
            // read only if `args` look at it (most files never do)
            None => Environment::of_process(cwd.to_string_lossy()),
        }
    }
}

/// Why `explain`, `tree`, `simulate` and the backend refuse a dictConfig
/// document that logcheck cannot model (`what`: [`FileReport::unmodelled`]).
pub fn unmodelled_message(path: &str, what: &str) -> String {
    format!("{path}: this dictConfig document uses what logcheck does not model yet: {what}; `logcheck check {path}` gives its verdict")
}

/// The outcome for one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path exactly as given (CPython's messages quote it so).
    pub path: String,
    /// The decoded text the spans point into (empty if unreadable).
    pub text: String,
    /// The exception CPython raises first while loading the file
    /// (`fileConfig`, or for a dictConfig file its reader then
    /// `dictConfig`); `None` if it loads.
    pub python_error: Option<PyException>,
    /// The `__cause__` of [`Self::python_error`] (dictConfig wraps what went
    /// wrong in `ValueError('Unable to configure handler …')`).
    pub python_cause: Option<PyException>,
    /// Whether the file is a fileConfig INI file or a dictConfig document.
    pub format: ConfigFormat,
    /// Every finding, in fileConfig order.
    pub diagnostics: Vec<Diagnostic>,
    /// CPython would run code (or import a module) that logcheck cannot
    /// evaluate before reaching `python_error` (or the end): the verdict
    /// assumes that code succeeds.
    pub verdict_uncertain: bool,
    /// The model, when the file could be read. Not part of the API (its
    /// types change as logcheck models more); [`FileReport::explain`] and
    /// [`FileReport::tree`] answer from it.
    pub(crate) config: Option<Config>,
    /// The file could not be read at all (missing, unreadable).
    pub io_error: bool,
    /// A dictConfig document that logcheck cannot model (so `explain`,
    /// `tree`, `simulate` and the backend cannot run it): what it does not
    /// model yet, and on which line (`handler filter 'rid' built by code
    /// (line 3)`).
    pub unmodelled: Option<String>,
    /// The host the verdict is for (given, or detected from the file).
    pub host: Host,
}

impl FileReport {
    /// A report with no findings yet, for `path` loaded by `host`.
    pub(crate) fn empty(path: &str, host: Host) -> FileReport {
        FileReport {
            path: path.to_string(),
            text: String::new(),
            python_error: None,
            python_cause: None,
            format: ConfigFormat::Ini,
            diagnostics: Vec::new(),
            verdict_uncertain: false,
            config: None,
            io_error: false,
            unmodelled: None,
            host,
        }
    }

    /// The Python call that raises `exc` while this file loads: `fileConfig`
    /// for an INI file; for a dictConfig file its reader (`json.load`,
    /// `yaml.safe_load`, which also decode the text) or `dictConfig`.
    pub fn raised_by(&self, exc: &PyException) -> &'static str {
        let reading = exc.type_name.starts_with("json.")
            || exc.type_name.starts_with("yaml.")
            || exc.type_name == "UnicodeDecodeError";
        match self.format {
            ConfigFormat::Ini => "fileConfig",
            format if reading => format.reader(),
            _ => "dictConfig",
        }
    }

    /// The number of error findings (each one something CPython raises or
    /// would raise on).
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .count()
    }

    /// The number of warnings (the file loads, but very likely not as meant).
    pub fn warning_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Warning)
            .count()
    }

    /// Why records of `name` (a logger name, `root` or `""` for the root
    /// logger) reach or miss each handler at every level, as CPython routes
    /// them once the file is loaded. `None` when the file could not be read;
    /// a file that fails part-way is answered for what was built.
    pub fn explain(&self, name: &str, opts: &ExplainOptions) -> Option<Explanation> {
        self.config
            .as_ref()
            .map(|config| crate::explain::explain(config, name, opts))
    }

    /// The logger hierarchy after loading, in logging_tree's layout (what
    /// `logcheck tree` prints). `None` when the file could not be read.
    pub fn tree(&self, opts: &ExplainOptions) -> Option<String> {
        let config = self.config.as_ref()?;
        let hierarchy = crate::hierarchy::Hierarchy::configure(config, &opts.existing);
        Some(crate::tree::render_tree(config, &hierarchy))
    }

    /// The model, for logcheck's own tests (feature `internals`).
    #[cfg(feature = "internals")]
    #[doc(hidden)]
    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref()
    }
}

/// Reads `path` (as given, relative to the process's directory) and checks it.
pub fn check_path(path: &str, opts: &CheckOptions) -> FileReport {
    let given_host = opts.host.unwrap_or_default();
    if Path::new(path).is_dir() {
        // fileConfig's size check passes for a directory, configparser.read()
        // silently skips what it cannot open: nothing is read at all.
        let exc = PyException::key_error("formatters");
        let d = Diagnostic::new(
            &rules::MISSING_SECTION,
            Span::point(0),
            format!("{path} is a directory"),
        )
        .with_help("give the path of a fileConfig file")
        .with_python(exc.clone());
        return FileReport {
            path: path.to_string(),
            text: String::new(),
            python_error: Some(exc),
            diagnostics: vec![d],
            verdict_uncertain: false,
            python_cause: None,
            format: ConfigFormat::Ini,
            config: None,
            io_error: true,
            unmodelled: None,
            host: given_host,
        };
    }
    match std::fs::read(Path::new(path)) {
        Ok(bytes) => check_owned_bytes_in(path, bytes, opts, &RealFileSystem::new(&opts.cwd)),
        Err(err) => {
            let missing = err.kind() == std::io::ErrorKind::NotFound;
            let python = if !missing {
                None
            } else if given_host == Host::Gunicorn && opts.dictconfig_format(given_host, path).is_some() {
                // --log-config-json skips a path that does not exist
                None
            } else if given_host == Host::Gunicorn {
                // glogging checks os.path.exists() before calling fileConfig
                Some(PyException::new(
                    "RuntimeError",
                    format!("Error: log config '{path}' not found"),
                ))
            } else if opts.version.has_file_prechecks() {
                Some(PyException::new(
                    "FileNotFoundError",
                    format!("{path} doesn't exist"),
                ))
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
                python_cause: None,
                format: ConfigFormat::Ini,
                config: None,
                io_error: true,
                unmodelled: None,
                host: given_host,
            }
        }
    }
}

/// Checks file contents; `path` is used in messages exactly as given.
pub fn check_bytes(path: &str, bytes: &[u8], opts: &CheckOptions) -> FileReport {
    check_bytes_in(path, bytes, opts, &RealFileSystem::new(&opts.cwd))
}

/// Like [`check_bytes`], with handler files opened in `fs` instead of the
/// real disk at `opts.cwd` (the simulator uses a virtual file system).
pub fn check_bytes_in(
    path: &str,
    bytes: &[u8],
    opts: &CheckOptions,
    fs: &dyn crate::handler_class::FileSystem,
) -> FileReport {
    let host = opts.host.unwrap_or_else(|| Host::detect(bytes));
    if let Some(format) = opts.dictconfig_format(host, path) {
        let host = opts.host.unwrap_or_else(|| Host::detect_dictconfig(bytes));
        return dictconfig::check::check_document(path, bytes.to_vec(), format, opts, fs, host);
    }
    check_read(
        path,
        bytes.is_empty(),
        |read_opts| ini::read_bytes(bytes, path, read_opts),
        opts,
        fs,
        host,
    )
}

/// Like [`check_bytes_in`], taking the bytes by value: valid UTF-8 becomes
/// the report's text without a copy (the command line reads each file into
/// a buffer it no longer needs).
pub(crate) fn check_owned_bytes_in(
    path: &str,
    bytes: Vec<u8>,
    opts: &CheckOptions,
    fs: &dyn crate::handler_class::FileSystem,
) -> FileReport {
    let empty = bytes.is_empty();
    let host = opts.host.unwrap_or_else(|| Host::detect(&bytes));
    if let Some(format) = opts.dictconfig_format(host, path) {
        let host = opts.host.unwrap_or_else(|| Host::detect_dictconfig(&bytes));
        return dictconfig::check::check_document(path, bytes, format, opts, fs, host);
    }
    check_read(
        path,
        empty,
        |read_opts| ini::read_owned_bytes(bytes, path, read_opts),
        opts,
        fs,
        host,
    )
}

/// The check, given how to decode and read the file (borrowing its bytes or
/// owning them).
fn check_read(
    path: &str,
    empty: bool,
    read: impl FnOnce(&ReadOptions) -> (ini::Decoded, IniDocument),
    opts: &CheckOptions,
    fs: &dyn crate::handler_class::FileSystem,
    host: Host,
) -> FileReport {
    let mut report = FileReport {
        path: path.to_string(),
        text: String::new(),
        python_error: None,
        diagnostics: Vec::new(),
        verdict_uncertain: false,
        python_cause: None,
        format: ConfigFormat::Ini,
        config: None,
        io_error: false,
        unmodelled: None,
        host,
    };
    if let Some(exc) = host.rejects_path(path) {
        report.python_error = Some(exc.clone());
        let d = rules::lints::host::host_rejects_file(host, path, exc);
        report.diagnostics.push(d);
        return report;
    }
    if empty && host.needs_loggers_section() {
        report.diagnostics.push(rules::lints::host::host_skips_file_config(host));
        return report;
    }
    if empty {
        let d = empty_file(path, opts.version);
        report.python_error = d.python.as_deref().cloned();
        report.diagnostics.push(d);
        return report;
    }
    // the host's defaults= first; the user's --define update them as
    // dict.update() would
    let mut defaults = host.defaults(path, &opts.cwd);
    defaults.extend(opts.defines.iter().cloned());
    let read_opts = ReadOptions {
        defaults,
        source_repr: host.source_repr(path),
        version: opts.version,
    };
    // configparser's own view decides the exception (including which of a
    // decode error and an earlier header/duplicate error comes first).
    let (decoded, raw_doc) = read(&read_opts);
    let read_error = raw_doc.error.as_ref().map(|e| {
        if e.is_parsing_error() {
            wrap_parsing_error(path, opts.version, host, e.exception.clone())
        } else {
            e.exception.clone()
        }
    });
    let ini::Decoded {
        mut text,
        error: decode_error,
    } = decoded;
    // A BOM makes the first header unreadable for configparser. Report it once,
    // then blank it (same byte length, so spans stay right) to find the rest.
    let has_bom = text.starts_with('\u{feff}');
    let doc = if has_bom {
        text.replace_range(0..3, "   ");
        report
            .diagnostics
            .push(byte_order_mark(read_error.as_ref()));
        ini::read(&text, path, &read_opts)
    } else {
        raw_doc
    };
    // A JSON or YAML file (a dictConfig file): one finding, not the cascade
    // of missing sections that follows from configparser's first error.
    let data_file = match doc.problems.first() {
        Some(ReadProblem::MissingSectionHeader { span, .. }) => {
            rules::load::file::data_file(path, &text).map(|data| (*span, data))
        }
        _ => None,
    };
    for problem in &doc.problems {
        let d = read_problem_diagnostic(problem, &doc, path, opts.version, host);
        report.diagnostics.push(match empty_duplicate_removal(problem, &text) {
            Some(fix) => d.with_fix(fix),
            None => d,
        });
    }
    if let Some(dec) = &decode_error {
        report.diagnostics.push(not_utf8(dec, &text, ConfigFormat::Ini));
    }
    if read_error.is_none() && host.needs_loggers_section() && doc.section("loggers").is_none() {
        report.diagnostics.push(rules::lints::host::host_skips_file_config(host));
        report.text = text;
        return report;
    }
    lower_and_lint(&mut report, doc, &text, read_error, opts, fs);
    if let Some((span, data)) = data_file {
        let d = dictconfig_file(span, &data, report.python_error.as_ref());
        report.diagnostics = rules::suppress::apply(&text, vec![d]);
    }
    report.text = text;
    report
}

/// LC012: a JSON or YAML file where fileConfig wants INI; `python`: what
/// configparser's first error makes fileConfig raise.
fn dictconfig_file(
    span: Span,
    data: &rules::load::file::DataFile,
    python: Option<&PyException>,
) -> Diagnostic {
    let (message, help) = if data.is_dictconfig() {
        (
            format!(
                "this is a dictConfig file ({}), not a fileConfig INI file",
                data.format
            ),
            if data.format == "JSON" {
                "load it with `logging.config.dictConfig(json.load(f))` instead of fileConfig, or write the configuration as an INI file with [loggers], [handlers] and [formatters] sections"
            } else {
                "load it with `logging.config.dictConfig(yaml.safe_load(f))` instead of fileConfig, or write the configuration as an INI file with [loggers], [handlers] and [formatters] sections"
            },
        )
    } else {
        (
            format!("this is a {} file, not a fileConfig INI file", data.format),
            "give logcheck (and fileConfig) an INI file with [loggers], [handlers] and [formatters] sections",
        )
    };
    let mut d = Diagnostic::new(&rules::DICTCONFIG_FILE, span, message)
        .with_label("configparser stops here: an INI file starts with a [section] header")
        .with_help(help);
    if data.is_dictconfig() {
        let keys: Vec<String> = data.keys.iter().map(|k| format!("`{k}`")).collect();
        d = d.with_note(format!(
            "top-level dictConfig keys: {}; logcheck checks a file named *.json, *.yaml or *.yml as a dictConfig document",
            keys.join(", ")
        ));
    }
    if let Some(exc) = python {
        d = d.with_python(exc.clone());
    }
    d
}

/// LC002: an empty file.
fn empty_file(path: &str, version: PyVersion) -> Diagnostic {
    let python = if version.has_file_prechecks() {
        PyException::new("RuntimeError", format!("{path} is an empty file"))
    } else {
        PyException::key_error("formatters")
    };
    Diagnostic::new(&rules::EMPTY_FILE, Span::point(0), "the file is empty")
        .with_help("a fileConfig file needs [loggers], [handlers] and [formatters] sections")
        .with_python(python)
}

/// LC004: a byte-order mark; `read_error` is what configparser raised on the
/// file as it is (BOM included).
fn byte_order_mark(read_error: Option<&PyException>) -> Diagnostic {
    let mut d = Diagnostic::new(
        &rules::BYTE_ORDER_MARK,
        Span::new(0, 3),
        "the file starts with a UTF-8 byte-order mark (BOM)",
    )
    .with_label("configparser reads this as part of the first line")
    .with_help(
        "save the file as UTF-8 without BOM, or load it with fileConfig(..., encoding='utf-8-sig')",
    );
    if let Some(exc) = read_error {
        d = d.with_python(exc.clone());
    }
    d
}

/// LC003: bytes that are not UTF-8, reported where decoding failed.
/// `format` names the reader in the help.
pub(crate) fn not_utf8(dec: &ini::DecodeError, text: &str, format: ConfigFormat) -> Diagnostic {
    let at = dec.byte_offset.min(text.len());
    let reader = match format {
        ConfigFormat::Ini => "fileConfig",
        other => other.reader(),
    };
    Diagnostic::new(
        &rules::NOT_UTF8,
        Span::new(at, at),
        "the file is not valid UTF-8",
    )
    .with_label(dec.exception.message.clone())
    .with_help(format!(
        "{reader} reads files with the locale encoding (UTF-8): save the file as UTF-8"
    ))
    .with_python(dec.exception.clone())
}

/// Lowers the document as fileConfig does, then runs the lints and applies
/// the file's suppression comments. `read_error`: configparser's exception,
/// which comes before anything the lowering finds.
fn lower_and_lint(
    report: &mut FileReport,
    doc: IniDocument,
    text: &str,
    read_error: Option<PyException>,
    opts: &CheckOptions,
    fs: &dyn crate::handler_class::FileSystem,
) {
    let environment = opts.environment();
    // the host's own packages are importable where it runs
    let importable = report.host.importable_with(&opts.importable);
    let lowered = model::lower(
        &doc,
        &LowerOptions {
            version: opts.version,
            fs,
            importable: &importable,
            environment: Some(&environment),
            host: report.host,
            platform: opts.platform,
            text,
        },
    );
    // Lowering only marks code met before its own first error; a read error
    // comes before any of it.
    report.verdict_uncertain = lowered.verdict_uncertain && read_error.is_none();
    let fails_opening_a_file = read_error.is_none()
        && lowered
            .python_error
            .as_ref()
            .is_some_and(|e| rules::lints::is_file_system_error(&e.type_name));
    report.python_error = read_error.or(lowered.python_error);
    report.diagnostics.extend(lowered.diagnostics);
    let lint_ctx = rules::lints::LintContext {
        text,
        version: opts.version,
        cwd: opts.cwd.clone(),
        loads: report.python_error.is_none() && !report.verdict_uncertain,
        fails_opening_a_file,
        importable: &importable,
        environment: Some(&environment),
        host: report.host,
        existing: &opts.existing,
        platform: opts.platform,
        evaluations: Some(&lowered.evaluations),
    };
    let linted = rules::lints::run_consuming(doc, &lowered.config, &lint_ctx);
    if report.diagnostics.is_empty() {
        // The usual case: keep the lints' vector rather than copying
        // thousands of findings into a new one (fresh pages, for nothing).
        report.diagnostics = linted;
    } else {
        report.diagnostics.extend(linted);
    }
    let diagnostics = std::mem::take(&mut report.diagnostics);
    report.diagnostics = rules::suppress::apply(text, diagnostics);
    report.config = Some(lowered.config);
}

/// fileConfig (3.11.4+) turns configparser's `ParsingError` (and
/// `MissingSectionHeaderError`) into `RuntimeError("<fname> is invalid: <e>")`;
/// a host that parsed the file itself first raises configparser's error as is.
fn wrap_parsing_error(path: &str, version: PyVersion, host: Host, exc: PyException) -> PyException {
    if version.has_file_prechecks() && !host.reads_file_first() {
        PyException::new(
            "RuntimeError",
            format!("{path} is invalid: {}", exc.message),
        )
    } else {
        exc
    }
}

/// A reading problem as a diagnostic. Parsing errors carry the exception of
/// the whole `ParsingError` (all bad lines together), as CPython raises it.
fn read_problem_diagnostic(
    problem: &ReadProblem,
    doc: &IniDocument,
    path: &str,
    version: PyVersion,
    host: Host,
) -> Diagnostic {
    let parsing_exc = || {
        doc.error
            .as_ref()
            .filter(|e| e.is_parsing_error())
            .map(|e| wrap_parsing_error(path, version, host, e.exception.clone()))
    };
    let d = match problem {
        ReadProblem::MissingSectionHeader { span, .. } => Diagnostic::new(
            &rules::MISSING_SECTION_HEADER,
            *span,
            "text before the first [section] header",
        )
        .with_label("configparser expects a [section] header first")
        .with_help(
            "start the file with a header such as [loggers], or make this line a comment with `#`",
        ),
        ReadProblem::NoDelimiter { span, .. } => Diagnostic::new(
            &rules::INVALID_LINE,
            *span,
            "line is neither `key=value`, a [section] header nor a comment",
        )
        .with_label("no `=` or `:`")
        .with_help("write `key=value`, start a comment with `#` or `;`, or indent it more to continue the previous value"),
        ReadProblem::MalformedHeader { span, .. } => {
            Diagnostic::new(&rules::INVALID_LINE, *span, "malformed section header")
                .with_label("a header needs a name between `[` and `]`")
                .with_help("close the header: `[name]`")
        }
        ReadProblem::EmptyOptionName { span, .. } => {
            Diagnostic::new(&rules::INVALID_LINE, *span, "option without a name")
                .with_label("nothing before the delimiter")
                .with_help("write `key=value`")
        }
        ReadProblem::DuplicateSection {
            span,
            first,
            name,
            line,
        } => return duplicate_section(*span, *first, name, *line, &source_repr(path, host)),
        ReadProblem::DuplicateOption {
            span,
            first,
            section,
            option,
            line,
        } => {
            let source = source_repr(path, host);
            return duplicate_option(*span, *first, section, option, *line, &source);
        }
    };
    match parsing_exc() {
        Some(e) => d.with_python(e),
        None => d,
    }
}

/// `repr(source)` in configparser's messages for the file at `path`, as the
/// parser that reads it first (the host's, or fileConfig's) names it.
fn source_repr(path: &str, host: Host) -> String {
    host.source_repr(path)
        .unwrap_or_else(|| crate::pyrepr::repr_str(path))
}

/// LC007: a section defined twice (configparser's strict mode raises at the
/// second one). `source` is the file as configparser's message shows it.
fn duplicate_section(span: Span, first: Span, name: &str, line: usize, source: &str) -> Diagnostic {
    Diagnostic::new(
        &rules::DUPLICATE_SECTION,
        span,
        format!("section [{name}] is defined twice"),
    )
    .with_label("second definition")
    .with_secondary(first, "first defined here")
    .with_help(
        "merge the two sections, or rename one (configparser is strict: duplicates are errors)",
    )
    .with_python(PyException::new(
        "configparser.DuplicateSectionError",
        format!(
            "While reading from {source} [line {line:2}]: section {} already exists",
            crate::pyrepr::repr_str(name)
        ),
    ))
}

/// The safe fix of a duplicate that holds nothing: a repeated header with
/// no option under it, or a repeated option whose value (of the two) is
/// empty; its line is deleted, and nothing the file says is lost.
fn empty_duplicate_removal(problem: &ReadProblem, text: &str) -> Option<crate::fix::Fix> {
    let line = |at: usize| crate::source::lines_around(text, at, at);
    let (span, what) = match problem {
        ReadProblem::DuplicateSection { span, .. } => {
            let header = line(span.start)?;
            let body = text.get(header.end..)?;
            let next = body.find("\n[").map_or(body.len(), |i| i + 1);
            let empty = body[..next].lines().all(|l| {
                let l = l.trim();
                l.is_empty() || l.starts_with('#') || l.starts_with(';')
            });
            (empty.then_some(header)?, "Remove the empty repeated section header")
        }
        ReadProblem::DuplicateOption { span, first, .. } => {
            let empty_value = |at: Span| {
                let l = line(at.start)?;
                let rest = text.get(at.end..l.end)?.trim_start();
                let after_delimiter = rest.strip_prefix(['=', ':'])?;
                let next = text.get(l.end..).unwrap_or("");
                // an indented next line would continue the value
                let continued = next.starts_with([' ', '\t']) && !next.trim_start().starts_with(['\n', '\r']);
                (after_delimiter.trim().is_empty() && !continued).then_some(l)
            };
            let l = empty_value(*span).or_else(|| empty_value(*first))?;
            (l, "Remove the empty repeated option")
        }
        _ => return None,
    };
    Some(crate::fix::Fix::safe(what, vec![crate::fix::Edit::delete(span)]))
}

/// LC008: an option set twice in one section.
fn duplicate_option(
    span: Span,
    first: Span,
    section: &str,
    option: &str,
    line: usize,
    source: &str,
) -> Diagnostic {
    Diagnostic::new(
        &rules::DUPLICATE_OPTION,
        span,
        format!("option `{option}` is set twice in [{section}]"),
    )
    .with_label("second definition")
    .with_secondary(first, "first set here")
    .with_help("remove one of them (option names are case-insensitive)")
    .with_python(PyException::new(
        "configparser.DuplicateOptionError",
        format!(
            "While reading from {source} [line {line:2}]: option {} in section {} already exists",
            crate::pyrepr::repr_str(option),
            crate::pyrepr::repr_str(section)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading a file hands its bytes over without a copy; the report is the
    /// one `check_bytes` gives for the same bytes.
    #[test]
    fn a_file_checks_as_its_bytes_do() {
        let dir = std::env::temp_dir().join(format!("logcheck-check-path-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let samples: [&[u8]; 5] = [
            b"[loggers]\nkeys=root\n[handlers]\nkeys=\n[formatters]\nkeys=\n[logger_root]\nhandlers=\n",
            b"\xef\xbb\xbf[loggers]\nkeys=root\n",
            b"[loggers]\nkeys=root\n[logger_root]\nlevel=INFO\xff\nhandlers=\n",
            b"",
            b"[formatters]\nkeys=f\n[formatter_f]\nformat=%(message\n",
        ];
        let opts = CheckOptions::default();
        for (i, bytes) in samples.iter().enumerate() {
            let path = dir.join(format!("{i}.conf"));
            std::fs::write(&path, bytes).expect("write sample");
            let path = path.display().to_string();
            let from_file = check_path(&path, &opts);
            let from_bytes = check_bytes(&path, bytes, &opts);
            assert_eq!(from_file.text, from_bytes.text, "{path}");
            assert_eq!(from_file.python_error, from_bytes.python_error, "{path}");
            assert_eq!(from_file.diagnostics, from_bytes.diagnostics, "{path}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
