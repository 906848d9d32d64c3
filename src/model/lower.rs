//! Lowering an INI document to a [`Config`], in fileConfig's exact order.
//!
//! Each step mirrors a line of CPython's `Lib/logging/config.py`
//! (`_create_formatters`, `_install_handlers`, `_install_loggers`); comments
//! quote the Python they mirror where the order matters.

use super::section_name;
use super::{Config, FormatterDef, HandlerDef, LoggerDef, RootDef};
use crate::diagnostic::{Diagnostic, PyException};
use crate::format::{Formatter, Style};
use crate::handler_class::{self, FileSystem, HandlerClass, KnownClass, Resolution, SideEffect};
use crate::ini::{IniDocument, IniOption, IniSection, Lookup};
use crate::level::Level;
use crate::pyexpr::{self, EnvRead, Environment, EvalError, Namespace};
use crate::pyvalue::PyValue;
use crate::rules;
use crate::source::{Span, Spanned};
use crate::suggest::did_you_mean;
use crate::version::PyVersion;
use compact_str::CompactString;
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

/// What lowering needs besides the document.
pub struct LowerOptions<'a> {
    /// Python version whose behaviour is reproduced.
    pub version: PyVersion,
    /// Where handler files are opened (the assumed working directory).
    pub fs: &'a dyn FileSystem,
    /// Top-level modules assumed importable besides the standard library.
    pub importable: &'a [String],
    /// The process environment `args`/`kwargs` may read (`os.getcwd()`,
    /// `os.environ`, ...); `None`: such reads are code logcheck does not evaluate.
    pub environment: Option<&'a Environment>,
}

/// The result: the model, every finding, and CPython's first exception.
#[derive(Debug, Default)]
pub struct Lowered {
    pub config: Config,
    pub diagnostics: Vec<Diagnostic>,
    /// The exception `fileConfig` raises first (None: it loads).
    pub python_error: Option<PyException>,
    /// Set when a value could not be evaluated statically before the first
    /// error: CPython's verdict then depends on code logcheck does not run.
    pub verdict_uncertain: bool,
}

struct Lowerer<'a> {
    doc: &'a IniDocument,
    opts: &'a LowerOptions<'a>,
    out: Lowered,
    /// Formatter keys that failed to build (no follow-on "undefined" findings).
    failed_formatters: HashSet<String>,
    /// Handler keys that failed to build or could not be checked statically.
    failed_handlers: HashSet<String>,
    /// Keys of the handlers built so far (`config.handler(key).is_some()`
    /// without a scan per logger).
    built_handlers: FxHashSet<String>,
    /// Spans of `[handlers] keys` and `[formatters] keys`, for secondary labels.
    handler_keys_span: Option<Span>,
    formatter_keys_span: Option<Span>,
    /// Files that handlers built so far created (absolute paths): later
    /// handlers see them, as they do in CPython (a file `logs` makes
    /// `logs/app.log` a NotADirectoryError).
    created_files: HashSet<String>,
    /// Scratch space for section names (`logger_` + key).
    name_buffer: String,
    /// What `args`/`kwargs` are evaluated in, built once (the environment
    /// holds every variable of the process).
    namespace: Namespace,
    /// `args`/`kwargs` texts already evaluated and `class` texts already
    /// resolved: files repeat the same few (`(sys.stderr,)`, `StreamHandler`)
    /// over hundreds of handlers, and the answer depends on the text alone.
    evaluated: FxHashMap<String, (Result<PyValue, EvalError>, Vec<EnvRead>)>,
    resolved_classes: FxHashMap<String, Resolution>,
}

/// The file system as the next handler constructor sees it.
struct FilesSoFar<'a> {
    base: &'a dyn FileSystem,
    created: &'a HashSet<String>,
}

impl FileSystem for FilesSoFar<'_> {
    fn cwd(&self) -> &str {
        self.base.cwd()
    }

    fn kind(&self, abs_path: &str) -> handler_class::PathKind {
        if self.created.contains(abs_path) {
            return handler_class::PathKind::File;
        }
        let mut ancestor = abs_path;
        while let Some(i) = ancestor.rfind('/') {
            ancestor = &ancestor[..i];
            if self.created.contains(ancestor) {
                return handler_class::PathKind::ParentNotDir;
            }
        }
        self.base.kind(abs_path)
    }
}

/// Lowers `doc` to the model, reporting every problem.
pub fn lower(doc: &IniDocument, opts: &LowerOptions<'_>) -> Lowered {
    let mut l = Lowerer {
        doc,
        opts,
        out: Lowered::default(),
        failed_formatters: HashSet::new(),
        failed_handlers: HashSet::new(),
        built_handlers: FxHashSet::default(),
        handler_keys_span: None,
        formatter_keys_span: None,
        created_files: HashSet::new(),
        name_buffer: String::new(),
        namespace: match opts.environment {
            Some(env) => Namespace::logging(opts.version).with_environment(env.clone()),
            None => Namespace::logging(opts.version),
        },
        evaluated: FxHashMap::default(),
        resolved_classes: FxHashMap::default(),
    };
    l.formatters();
    l.handlers();
    l.loggers();
    l.out
}

/// Who a level or a handler list belongs to, as messages name it (built
/// only when a message needs it).
#[derive(Debug, Clone, Copy)]
enum Owner<'n> {
    Root,
    Logger(&'n str),
    Handler(&'n str),
}

impl std::fmt::Display for Owner<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Owner::Root => f.write_str("the root logger"),
            Owner::Logger(key) => write!(f, "logger `{key}`"),
            Owner::Handler(key) => write!(f, "handler `{key}`"),
        }
    }
}

/// One name of a comma list, with its byte range in the value.
struct ListItem<'v> {
    /// Borrowed from the looked-up value.
    name: &'v str,
    span: Span,
}

/// A looked-up option value with enough to point into it.
struct Value<'a> {
    /// Borrowed from the document unless interpolation changed it.
    text: Cow<'a, str>,
    option: &'a IniOption,
    /// True when `text` is the raw value byte for byte, so ranges map to source.
    verbatim: bool,
}

impl Value<'_> {
    fn span(&self) -> Span {
        self.option.value_span
    }

    fn span_of(&self, range: Range<usize>) -> Span {
        if self.verbatim {
            self.option.span_of(range)
        } else {
            self.option.value_span
        }
    }

    /// `value.split(",")` then `_strip_spaces`, as fileConfig splits lists.
    fn split_list(&self) -> Vec<ListItem<'_>> {
        self.list_items().collect()
    }

    /// [`split_list`](Self::split_list) without the vector.
    fn list_items(&self) -> impl Iterator<Item = ListItem<'_>> {
        let mut start = 0;
        self.text.split(',').map(move |piece| {
            let end = start + piece.len();
            let stripped = crate::pyrepr::py_strip(piece);
            let range = if stripped.is_empty() {
                // point at the comma (or the value end) for an empty item
                start + piece.len()..start + piece.len()
            } else {
                // `stripped` is a subslice of `piece`: its offset is what lstrip removed.
                let lead = stripped.as_ptr() as usize - piece.as_ptr() as usize;
                start + lead..start + lead + stripped.len()
            };
            start = end + 1;
            ListItem {
                name: stripped,
                span: self.span_of(range),
            }
        })
    }
}

impl<'a> Lowerer<'a> {
    // ---- plumbing -------------------------------------------------------

    /// Records an error CPython raises here; the first one is the verdict.
    fn raise(&mut self, diag: Diagnostic) {
        if self.out.python_error.is_none()
            && let Some(exc) = &diag.python
        {
            self.out.python_error = Some(exc.clone());
        }
        self.out.diagnostics.push(diag);
    }

    fn files_so_far(&self) -> FilesSoFar<'_> {
        FilesSoFar {
            base: self.opts.fs,
            created: &self.created_files,
        }
    }

    fn report(&mut self, diag: Diagnostic) {
        self.out.diagnostics.push(diag);
    }

    /// Marks that CPython would run code here that logcheck cannot evaluate.
    fn uncertain(&mut self) {
        if self.out.python_error.is_none() {
            self.out.verdict_uncertain = true;
        }
    }

    fn section_header(&self, name: &str) -> Option<Span> {
        self.doc.section(name).map(|s| s.header_span)
    }

    /// `cp.get(section, option, raw=raw)`; interpolation errors are raised
    /// (reported) here and give `None`, like an absent option.
    fn get(&mut self, section: &str, option: &str, raw: bool) -> Result<Option<Value<'a>>, ()> {
        match self.doc.section(section) {
            Some(found) => self.get_in(found, option, raw),
            // only [DEFAULT] answers for a missing section's name ("" / "DEFAULT")
            None => {
                let lookup = self.doc.get_lowercase(section, option, raw);
                self.value_of(lookup, None, section, option)
            }
        }
    }

    /// [`get`](Self::get) in a section already looked up.
    fn get_in(
        &mut self,
        section: &'a IniSection,
        option: &str,
        raw: bool,
    ) -> Result<Option<Value<'a>>, ()> {
        let lookup = self.doc.get_in(section, option, raw);
        self.value_of(lookup, Some(section), &section.name, option)
    }

    fn value_of(
        &mut self,
        lookup: Option<Result<Lookup<'a>, PyException>>,
        own: Option<&'a IniSection>,
        section: &str,
        option: &str,
    ) -> Result<Option<Value<'a>>, ()> {
        // The model reads fixed, lower-case option names.
        debug_assert_eq!(option, crate::ini::lower(option));
        match lookup {
            None => Ok(None),
            Some(Ok(Lookup {
                value, option: opt, ..
            })) => {
                let verbatim = matches!(value, Cow::Borrowed(_)) || *value == *opt.value;
                Ok(Some(Value {
                    text: value,
                    option: opt,
                    verbatim,
                }))
            }
            Some(Err(exc)) => {
                let span = own
                    .and_then(|s| s.option(option))
                    .or_else(|| self.doc.default_option(option))
                    .map(|o| o.value_span)
                    .unwrap_or_default();
                self.interpolation_error(span, section, option, exc);
                Err(())
            }
        }
    }

    fn interpolation_error(&mut self, span: Span, section: &str, option: &str, exc: PyException) {
        let (rule, help) = match exc.type_name.as_str() {
            "configparser.InterpolationMissingOptionError" => (
                &rules::INTERPOLATION_MISSING_KEY,
                "define the key in this section or in [DEFAULT], pass it with `--define KEY=VALUE` (fileConfig's `defaults=`), or write a literal `%` as `%%`",
            ),
            "configparser.InterpolationDepthError" => (
                &rules::INTERPOLATION_DEPTH,
                "break the cycle: a %(name)s reference must not lead back to itself",
            ),
            _ => (
                &rules::INTERPOLATION_SYNTAX,
                "configparser reads this option with interpolation: write a literal `%` as `%%`",
            ),
        };
        let d = Diagnostic::new(
            rule,
            span,
            format!("`{option}` in [{section}] cannot be interpolated"),
        )
        .with_label(exc.message.clone())
        .with_help(help)
        .with_python(exc);
        self.raise(d);
    }

    // ---- sections and keys ------------------------------------------------

    /// `cp[name]["keys"]` for the three list sections. `Err` when CPython raises.
    fn keys_of(&mut self, section: &str) -> Result<Value<'a>, ()> {
        let Some(header) = self.section_header(section) else {
            let d = Diagnostic::new(
                &rules::MISSING_SECTION,
                Span::point(0),
                format!("section [{section}] is missing"),
            )
            .with_help(format!(
                "add a [{section}] section with `keys=` (it may be empty); section names are case-sensitive"
            ))
            .with_python(PyException::key_error(section));
            let d = match self.case_insensitive_section(section) {
                Some((found, span)) => Diagnostic {
                    primary: crate::diagnostic::Label::new(
                        span,
                        format!("this is [{found}], not [{section}]"),
                    ),
                    ..d
                }
                .with_help(format!(
                    "rename [{found}] to [{section}]: section names are case-sensitive"
                )),
                None => d,
            };
            self.raise(d);
            return Err(());
        };
        match self.get(section, "keys", false)? {
            Some(v) => Ok(v),
            None => {
                let d = Diagnostic::new(
                    &rules::MISSING_OPTION,
                    header,
                    format!("[{section}] has no `keys` option"),
                )
                .with_label("`keys` is required here")
                .with_help("add `keys=` with a comma-separated list of names (it may be empty)")
                .with_python(PyException::key_error("keys"));
                self.raise(d);
                Err(())
            }
        }
    }

    fn case_insensitive_section(&self, wanted: &str) -> Option<(String, Span)> {
        self.doc
            .sections
            .iter()
            .find(|s| s.name != wanted && s.name.trim().eq_ignore_ascii_case(wanted))
            .map(|s| (s.name.to_string(), s.name_span))
    }

    /// `cp[f"{prefix}_{name}"]` missing: the KeyError fileConfig raises.
    fn missing_entity_section(&mut self, kind: &str, item: &ListItem<'_>, keys_span: Option<Span>) {
        let sect = format!("{kind}_{}", item.name);
        let mut d = if item.name.is_empty() {
            Diagnostic::new(
                &rules::EMPTY_LIST_ITEM,
                item.span,
                "empty name in the keys list".to_string(),
            )
            .with_label("a trailing or doubled comma makes an empty name")
            .with_help("remove the extra comma")
        } else {
            let mut d = Diagnostic::new(
                &rules::MISSING_ENTITY_SECTION,
                item.span,
                format!("`{}` is listed but section [{sect}] is missing", item.name),
            )
            .with_label(format!("no [{sect}] section"));
            let prefix = format!("{kind}_");
            let candidates: Vec<&str> = self
                .doc
                .sections
                .iter()
                .filter_map(|s| s.name.strip_prefix(&prefix))
                .collect();
            d = match did_you_mean(item.name, candidates.iter().copied()) {
                Some(close) => d.with_help(format!(
                    "a section [{kind}_{close}] exists: rename one of the two so they match exactly"
                )),
                None => d.with_help(format!(
                    "add a [{sect}] section, or remove `{}` from the list",
                    item.name
                )),
            };
            d
        };
        if let Some(span) = keys_span {
            // the item lies inside the keys value: a second label would repeat it
            if !(span.start <= item.span.start && item.span.end <= span.end) {
                d = d.with_secondary(span, "listed here");
            }
        }
        let d = d.with_python(PyException::key_error(&sect));
        self.raise(d);
    }

    // ---- formatters ---------------------------------------------------------

    fn formatters(&mut self) {
        // flist = cp["formatters"]["keys"]
        let Ok(keys) = self.keys_of("formatters") else {
            return;
        };
        self.formatter_keys_span = Some(keys.span());
        if keys.text.is_empty() {
            return;
        }
        for item in keys.split_list() {
            self.formatter(&item);
        }
    }

    fn formatter(&mut self, item: &ListItem<'_>) {
        let sect = section_name("formatter_", item.name);
        let version = self.opts.version;
        // fs = cp.get(sectname, "format", raw=True, fallback=None) and the same
        // for datefmt, style (default '%') and, on 3.12+, defaults.
        let format = self.get(&sect, "format", true).ok().flatten();
        let datefmt = self.get(&sect, "datefmt", true).ok().flatten();
        let style = self.get(&sect, "style", true).ok().flatten();
        let defaults = if version.reads_formatter_defaults() {
            self.get(&sect, "defaults", true).ok().flatten()
        } else {
            None
        };
        // c = logging.Formatter; class_name = cp[sectname].get("class")
        let Some(header) = self.section_header(&sect) else {
            self.failed_formatters.insert(item.name.to_string());
            self.missing_entity_section("formatter", item, self.formatter_keys_span);
            return;
        };
        let mut failed = false;
        let class = match self.get(&sect, "class", false) {
            Ok(v) => v,
            Err(()) => {
                failed = true;
                None
            }
        };
        let mut handler_as_formatter = None;
        if let Some(class) = class.as_ref().filter(|c| !c.text.is_empty()) {
            match self.formatter_class(class) {
                Ok(known) => handler_as_formatter = known.map(|k| (k, class.span())),
                Err(()) => failed = true,
            }
        }
        let defaults_value = match defaults.as_ref() {
            Some(d) if !failed => match self.eval_value(d, "defaults", &sect) {
                Ok(v) => Some(v),
                Err(()) => {
                    failed = true;
                    None
                }
            },
            _ => None,
        };
        // A class that is not a Formatter (e.g. a handler class) is called as
        // c(fs, dfs, stl[, defaults=...]) all the same: bind those arguments.
        if let (Some((known, span)), false) = (handler_as_formatter, failed) {
            let text = |v: &Option<Value<'a>>| {
                v.as_ref()
                    .map_or(PyValue::None, |v| PyValue::Str(v.text.to_string()))
            };
            let args = PyValue::Tuple(vec![
                text(&format),
                text(&datefmt),
                style.as_ref().map_or(PyValue::Str("%".into()), |v| {
                    PyValue::Str(v.text.to_string())
                }),
            ]);
            let kwargs = match &defaults_value {
                Some(d) => PyValue::Dict(vec![(PyValue::Str("defaults".into()), d.clone())]),
                None => PyValue::Dict(Vec::new()),
            };
            match handler_class::bind(known, &args, &kwargs, version) {
                Err(exc) => {
                    let d = Diagnostic::new(
                        &rules::CLASS_NOT_FOUND,
                        span,
                        format!("formatter `{}` uses a class that is not a Formatter", item.name),
                    )
                    .with_label(exc.to_string())
                    .with_help("write `class=logging.Formatter` (or omit `class`) or the dotted path of a Formatter subclass")
                    .with_python(exc);
                    self.raise(d);
                }
                Ok(_) => self.uncertain(),
            }
            self.failed_formatters.insert(item.name.to_string());
            return;
        }
        // f = c(fs, dfs, stl[, defaults=defaults]); validation is always on.
        let style_value = match style.as_ref() {
            Some(s) => match Style::from_config(&s.text) {
                Ok(st) => Some(st),
                Err(exc) => {
                    if !failed {
                        let d = Diagnostic::new(
                            &rules::INVALID_STYLE,
                            s.span(),
                            format!(
                                "unknown formatter style {}",
                                crate::pyrepr::repr_str(&s.text)
                            ),
                        )
                        .with_label("must be exactly %, { or $")
                        .with_help("write `style=%`, `style={` or `style=$` (no quotes)")
                        .with_python(exc);
                        self.raise(d);
                    }
                    failed = true;
                    None
                }
            },
            None => Some(Style::Percent),
        };
        let Some(style_value) = style_value else {
            self.failed_formatters.insert(item.name.to_string());
            return;
        };
        let fmt_text = format
            .as_ref()
            .map(|f| f.text.as_ref())
            .filter(|t| !t.is_empty());
        let datefmt_text = datefmt
            .as_ref()
            .map(|f| f.text.as_ref())
            .filter(|t| !t.is_empty());
        let built = Formatter::new(
            fmt_text,
            datefmt_text,
            style_value,
            defaults_value.as_ref(),
            version,
        );
        match built {
            Ok(formatter) if !failed => {
                self.out.config.formatters.push(FormatterDef {
                    key: Spanned::new(item.name.to_string(), item.span),
                    section: header,
                    format: format
                        .as_ref()
                        .map(|f| Spanned::new(f.text.to_string(), f.span())),
                    datefmt: datefmt
                        .as_ref()
                        .map(|f| Spanned::new(f.text.to_string(), f.span())),
                    style: style_value,
                    class: class
                        .as_ref()
                        .map(|c| Spanned::new(c.text.to_string(), c.span())),
                    formatter,
                });
            }
            Ok(_) => {
                self.failed_formatters.insert(item.name.to_string());
            }
            Err(exc) => {
                self.failed_formatters.insert(item.name.to_string());
                if !failed {
                    let span = format.as_ref().map(|f| f.span()).unwrap_or(header);
                    let d = Diagnostic::new(
                        &rules::INVALID_FORMAT,
                        span,
                        format!("formatter `{}` has an invalid format", item.name),
                    )
                    .with_label(exc.message.clone())
                    .with_help(format_help(style_value, &exc))
                    .with_python(exc);
                    self.raise(d);
                }
            }
        }
    }

    /// `_resolve(class_name)`: formatter classes are imported, never evaluated.
    /// `Ok(Some(class))` when `class` names a standard handler (or other
    /// modelled) class instead of a Formatter: the caller binds the arguments.
    fn formatter_class(&mut self, class: &Value<'a>) -> Result<Option<KnownClass>, ()> {
        match handler_class::resolve_import(&class.text, self.opts.version, self.opts.importable) {
            Resolution::Error(exc) => {
                let help = if class.text == "Formatter" {
                    "formatter classes are imported by dotted path: write `class=logging.Formatter`"
                        .to_string()
                } else {
                    format!(
                        "make sure `{}` is importable where the service runs; if it is, pass `--importable {}`",
                        class.text,
                        class.text.split('.').next().unwrap_or_default()
                    )
                };
                let d = Diagnostic::new(
                    &rules::CLASS_NOT_FOUND,
                    class.span(),
                    format!("formatter class `{}` cannot be imported", class.text),
                )
                .with_label(exc.to_string())
                .with_help(help)
                .with_python(exc);
                self.raise(d);
                Err(())
            }
            Resolution::Class(HandlerClass::Custom { .. }) => {
                let d = Diagnostic::new(
                    &rules::UNCHECKED_CLASS,
                    class.span(),
                    format!("custom formatter class `{}` is not checked", class.text),
                )
                .with_label("assumed importable (--importable)")
                .with_help("logcheck checks the format as logging.Formatter would");
                self.report(d);
                Ok(None)
            }
            Resolution::Class(HandlerClass::NotCallable { type_name, .. }) => {
                let exc = PyException::type_error(format!("'{type_name}' object is not callable"));
                let d = Diagnostic::new(
                    &rules::CLASS_NOT_FOUND,
                    class.span(),
                    format!("formatter class `{}` is not a class", class.text),
                )
                .with_label(exc.to_string())
                .with_help(
                    "write `class=logging.Formatter` or the dotted path of a Formatter subclass",
                )
                .with_python(exc);
                self.raise(d);
                Err(())
            }
            Resolution::Class(HandlerClass::Known(KnownClass::Formatter)) => Ok(None),
            Resolution::Class(HandlerClass::Known(known)) => Ok(Some(known)),
            Resolution::Class(_) => Ok(None),
            Resolution::NotStatic { reason } => {
                self.code_execution(class.span(), "class", "formatter", &reason);
                Ok(None)
            }
        }
    }

    /// `eval(text, vars(logging))` of args/kwargs/defaults, statically.
    fn eval_value(
        &mut self,
        value: &Value<'a>,
        option: &str,
        section: &str,
    ) -> Result<PyValue, ()> {
        let (result, reads) = self.evaluate(&value.text);
        for read in &reads {
            self.environment_read(value, read, option, section);
        }
        match result {
            Ok(v) => Ok(v),
            Err(EvalError::NotStatic { span, reason }) => {
                let span = value.span_of(span.start..span.end);
                self.code_execution(span, option, section, &reason);
                Err(())
            }
            Err(err) => {
                let span = value.span_of(err.span().start..err.span().end);
                let exception = err
                    .exception()
                    .cloned()
                    .unwrap_or_else(|| PyException::new("SyntaxError", "invalid syntax"));
                let approximate = matches!(&err, EvalError::Syntax(e) if !e.exact_message);
                let rule = match exception.type_name.as_str() {
                    "SyntaxError" => &rules::ARGS_SYNTAX,
                    _ => &rules::ARGS_NAME,
                };
                let help = eval_help(&exception, &value.text);
                let mut d = Diagnostic::new(
                    rule,
                    span,
                    format!("`{option}` in [{section}] fails to evaluate"),
                )
                .with_label(exception.to_string())
                .with_help(help)
                .with_python(exception);
                if approximate {
                    d = d.with_note("CPython's exact wording of this SyntaxError may differ");
                }
                self.raise(d);
                Err(())
            }
        }
    }

    /// A read of the environment CPython performs while evaluating `option`:
    /// reported as code, then evaluated (the value is known given the environment).
    fn environment_read(&mut self, value: &Value<'a>, read: &EnvRead, option: &str, section: &str) {
        let span = value.span_of(read.span.start..read.span.end);
        let d = Diagnostic::new(
            &rules::CODE_EXECUTION,
            span,
            format!("`{option}` in [{section}] is code, not a literal: CPython executes it"),
        )
        .with_label(format!("{} → {}", read.call, read.result))
        .with_help("fileConfig passes this text to eval(): the result depends on the environment the service starts in; prefer a literal path or pass the value with `defaults=` (`--define`)")
        .with_note("logcheck evaluated this read-only lookup with its own environment variables and the assumed working directory (--cwd), as the service would");
        self.report(d);
    }

    fn code_execution(&mut self, span: Span, option: &str, section: &str, reason: &str) {
        let d = Diagnostic::new(
            &rules::CODE_EXECUTION,
            span,
            format!("`{option}` in [{section}] is code, not a literal: CPython executes it"),
        )
        .with_label(reason.to_string())
        .with_help("use plain Python literals (strings, numbers, tuples, dicts, sys.stdout, sys.stderr); fileConfig passes this text to eval() when it loads the file")
        .with_note("logcheck does not run code, so what follows from this value is not checked");
        self.report(d);
        self.uncertain();
    }

    // ---- handlers -----------------------------------------------------------

    fn handlers(&mut self) {
        // hlist = cp["handlers"]["keys"]
        let Ok(keys) = self.keys_of("handlers") else {
            return;
        };
        self.handler_keys_span = Some(keys.span());
        if keys.text.is_empty() {
            return;
        }
        let mut fixups: Vec<(String, Spanned<CompactString>)> = Vec::new();
        let items = keys.split_list();
        self.out.config.handlers.reserve(items.len());
        for item in items {
            if let Some(target) = self.handler(&item) {
                fixups.push((item.name.to_string(), target));
            }
        }
        // for h, t in fixups: h.setTarget(handlers[t])
        for (key, target) in fixups {
            if self.out.config.handler(&target.value).is_some() {
                continue;
            }
            if self.failed_handlers.contains(target.value.as_str()) {
                continue;
            }
            let mut d = Diagnostic::new(
                &rules::UNDEFINED_TARGET,
                target.span,
                format!(
                    "MemoryHandler `{key}` targets `{}`, which is not a defined handler",
                    target.value
                ),
            )
            .with_label("not in [handlers] keys")
            .with_help(self.handler_help(&target.value))
            .with_python(PyException::key_error(&target.value));
            if let Some(span) = self.handler_keys_span {
                d = d.with_secondary(span, "handlers declared here");
            }
            self.raise(d);
            if let Some(h) = self
                .out
                .config
                .handlers
                .iter_mut()
                .find(|h| h.key.value == key)
            {
                h.target = None;
            }
        }
    }

    fn handler_help(&self, name: &str) -> String {
        let known: Vec<&str> = self
            .out
            .config
            .handlers
            .iter()
            .map(|h| h.key.value.as_str())
            .collect();
        match did_you_mean(name, known.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("add `{name}` to `keys` in [handlers] and define [handler_{name}]"),
        }
    }

    /// Builds one handler; returns its MemoryHandler target, if any.
    fn handler(&mut self, item: &ListItem<'_>) -> Option<Spanned<CompactString>> {
        let sect = section_name("handler_", item.name);
        // section = cp["handler_%s" % hand]
        let Some(header) = self.section_header(&sect) else {
            self.failed_handlers.insert(item.name.to_string());
            self.missing_entity_section("handler", item, self.handler_keys_span);
            return None;
        };
        let mut failed = false;
        // klass = section["class"]
        let class = match self.get(&sect, "class", false) {
            Ok(Some(c)) => Some(c),
            Ok(None) => {
                let d = Diagnostic::new(
                    &rules::MISSING_OPTION,
                    header,
                    format!("handler `{}` has no `class`", item.name),
                )
                .with_label("`class` is required here")
                .with_help("add e.g. `class=StreamHandler` or `class=handlers.RotatingFileHandler`")
                .with_python(PyException::key_error("class"));
                self.raise(d);
                failed = true;
                None
            }
            Err(()) => {
                failed = true;
                None
            }
        };
        // fmt = section.get("formatter", "")
        let formatter = match self.get(&sect, "formatter", false) {
            Ok(v) => v,
            Err(()) => {
                failed = true;
                None
            }
        };
        // klass = eval(klass, vars(logging)), falling back to _resolve
        let resolved = match (&class, failed) {
            (Some(c), false) => self.handler_class(c),
            _ => None,
        };
        if resolved.is_none() {
            failed = true;
        }
        // args = eval(section.get("args", '()')); kwargs likewise
        let args = self.eval_option(&sect, "args", "()");
        let args = match args {
            Some(v) => Some(v),
            None => {
                failed = true;
                None
            }
        };
        let kwargs = self.eval_option(&sect, "kwargs", "{}");
        let kwargs = match kwargs {
            Some(v) => Some(v),
            None => {
                failed = true;
                None
            }
        };
        // h = klass(*args, **kwargs)
        let mut spec = None;
        let mut effects: Vec<SideEffect> = Vec::new();
        if let (Some(Resolution::Class(klass)), Some(args), Some(kwargs), false) =
            (&resolved, &args, &kwargs, failed)
        {
            let built = handler_class::construct(
                klass,
                args,
                kwargs,
                &self.files_so_far(),
                self.opts.version,
            );
            for effect in &built.effects {
                if let SideEffect::CreatesFile { path } = effect {
                    self.created_files.insert(path.clone());
                }
            }
            effects = built.effects;
            match built.result {
                Ok(s) => spec = Some(s),
                Err(exc) => {
                    self.construction_error(item, &sect, header, &exc);
                    failed = true;
                }
            }
        } else if matches!(
            resolved,
            Some(Resolution::NotStatic { .. } | Resolution::Class(HandlerClass::Custom { .. }))
        ) {
            failed = true;
        }
        // if "level" in section: h.setLevel(section["level"])
        let mut level = Level::NOTSET;
        let mut level_span = None;
        // (`get` finds nothing exactly when `"level" in section` is false)
        match self.get(&sect, "level", false) {
            Ok(Some(v)) => {
                level_span = Some(v.span());
                match self.level_value(&v, Owner::Handler(item.name)) {
                    Some(lv) => level = lv,
                    None => failed = true,
                }
            }
            Ok(None) => {}
            Err(()) => failed = true,
        }
        // if len(fmt): h.setFormatter(formatters[fmt])
        let formatter = formatter.filter(|f| !f.text.is_empty());
        if let Some(f) = &formatter {
            if !self.failed_formatters.contains(f.text.as_ref())
                && self.out.config.formatter(&f.text).is_none()
            {
                let known: Vec<&str> = self
                    .out
                    .config
                    .formatters
                    .iter()
                    .map(|x| x.key.value.as_str())
                    .collect();
                let help = match did_you_mean(&f.text, known.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!(
                        "add `{}` to `keys` in [formatters] and define [formatter_{}], or remove `formatter=` to use the default `%(message)s`",
                        f.text, f.text
                    ),
                };
                let mut d = Diagnostic::new(
                    &rules::UNDEFINED_FORMATTER,
                    f.span(),
                    format!(
                        "handler `{}` uses formatter `{}`, which is not defined",
                        item.name, f.text
                    ),
                )
                .with_label("not in [formatters] keys")
                .with_help(help)
                .with_python(PyException::key_error(&f.text));
                if let Some(span) = self.formatter_keys_span {
                    d = d.with_secondary(span, "formatters declared here");
                }
                self.raise(d);
                failed = true;
            } else if self.failed_formatters.contains(f.text.as_ref()) {
                failed = true;
            }
        }
        // if issubclass(klass, MemoryHandler): target = section.get("target", "")
        let mut target = None;
        if let Some(Resolution::Class(klass)) = &resolved
            && matches!(klass, HandlerClass::Known(KnownClass::MemoryHandler))
            && let Ok(Some(t)) = self.get(&sect, "target", false)
            && !t.text.is_empty()
        {
            target = Some(Spanned::new(CompactString::from(t.text.as_ref()), t.span()));
        }
        match (spec, failed) {
            (Some(spec), false) => {
                self.out
                    .config
                    .handlers
                    .retain(|h| h.key.value != item.name);
                self.built_handlers.insert(item.name.to_string());
                self.out.config.handlers.push(HandlerDef {
                    key: Spanned::new(CompactString::from(item.name), item.span),
                    section: header,
                    class: class
                        .as_ref()
                        .map(|c| Spanned::new(CompactString::from(c.text.as_ref()), c.span()))
                        .unwrap_or_else(|| Spanned::new(CompactString::default(), header)),
                    spec,
                    effects,
                    level,
                    level_span,
                    formatter: formatter
                        .as_ref()
                        .map(|f| Spanned::new(CompactString::from(f.text.as_ref()), f.span())),
                    target: target.clone(),
                });
                target
            }
            _ => {
                self.failed_handlers.insert(item.name.to_string());
                None
            }
        }
    }

    /// `pyexpr::evaluate_reading(text)`, remembered per text.
    fn evaluate(&mut self, text: &str) -> (Result<PyValue, EvalError>, Vec<EnvRead>) {
        if let Some(known) = self.evaluated.get(text) {
            return known.clone();
        }
        let fresh = pyexpr::evaluate_reading(text, &self.namespace);
        self.evaluated.insert(text.to_string(), fresh.clone());
        fresh
    }

    /// `eval(section.get(option, default), vars(logging))`. Evaluated even when
    /// the class already failed: a broken `args` is a problem of its own.
    fn eval_option(&mut self, sect: &str, option: &str, default: &str) -> Option<PyValue> {
        match self.get(sect, option, false) {
            Ok(Some(v)) => self.eval_value(&v, option, sect).ok(),
            Ok(None) => self.evaluate(default).0.ok(),
            Err(()) => None,
        }
    }

    fn handler_class(&mut self, class: &Value<'a>) -> Option<Resolution> {
        let resolution = match self.resolved_classes.get(class.text.as_ref()) {
            Some(known) => known.clone(),
            None => {
                let fresh =
                    handler_class::resolve(&class.text, self.opts.version, self.opts.importable);
                self.resolved_classes
                    .insert(class.text.to_string(), fresh.clone());
                fresh
            }
        };
        match &resolution {
            Resolution::Error(exc) => {
                let qualified = ["handlers.", "logging.handlers."]
                    .iter()
                    .find_map(|prefix| {
                        let candidate = format!("{prefix}{}", class.text);
                        matches!(
                            handler_class::resolve(&candidate, self.opts.version, &[]),
                            Resolution::Class(HandlerClass::Known(_))
                        )
                        .then_some(candidate)
                    });
                let help = match qualified
                    .as_deref()
                    .or_else(|| did_you_mean(&class.text, KNOWN_HANDLER_SPELLINGS.iter().copied()))
                {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!(
                        "use a logging handler class such as `StreamHandler`, `FileHandler` or `handlers.RotatingFileHandler`; if `{}` is importable where the service runs, pass `--importable {}`",
                        class.text,
                        class.text.split('.').next().unwrap_or_default()
                    ),
                };
                let d = Diagnostic::new(
                    &rules::CLASS_NOT_FOUND,
                    class.span(),
                    format!("handler class `{}` cannot be resolved", class.text),
                )
                .with_label(exc.to_string())
                .with_help(help)
                .with_python(exc.clone());
                self.raise(d);
                None
            }
            Resolution::Class(HandlerClass::Custom { .. }) => {
                let d = Diagnostic::new(
                    &rules::UNCHECKED_CLASS,
                    class.span(),
                    format!("custom handler class `{}` cannot be checked statically", class.text),
                )
                .with_label("assumed importable (--importable)")
                .with_help("logcheck does not import your code: its arguments and behaviour are not checked");
                self.report(d);
                self.uncertain();
                Some(resolution)
            }
            Resolution::Class(_) => Some(resolution),
            Resolution::NotStatic { reason } => {
                self.code_execution(class.span(), "class", "handler", reason);
                Some(resolution)
            }
        }
    }

    fn construction_error(
        &mut self,
        item: &ListItem<'_>,
        sect: &str,
        header: Span,
        exc: &PyException,
    ) {
        let args_span = self.option_span(sect, "args");
        let kwargs_span = self.option_span(sect, "kwargs");
        let span = args_span.or(kwargs_span).unwrap_or(header);
        let (rule, help) = construction_problem(exc);
        let d = Diagnostic::new(
            rule,
            span,
            format!("handler `{}` cannot be constructed", item.name),
        )
        .with_label(exc.to_string())
        .with_help(help)
        .with_python(exc.clone());
        self.raise(d);
    }

    fn option_span(&self, sect: &str, option: &str) -> Option<Span> {
        self.doc
            .section(sect)
            .and_then(|s| s.options.iter().find(|o| o.name == option))
            .map(|o| o.value_span)
    }

    /// `setLevel(text)`: only exact level names are accepted.
    fn level_value(&mut self, v: &Value<'a>, owner: Owner<'_>) -> Option<Level> {
        if let Some(level) = Level::from_config_str(&v.text) {
            return Some(level);
        }
        let exc = PyException::value_error(format!(
            "Unknown level: {}",
            crate::pyrepr::repr_str(&v.text)
        ));
        let d = Diagnostic::new(
            &rules::UNKNOWN_LEVEL,
            v.span(),
            format!(
                "{owner} has an unknown level {}",
                crate::pyrepr::repr_str(&v.text)
            ),
        )
        .with_label("not a level name")
        .with_help(level_help(&v.text))
        .with_python(exc);
        self.raise(d);
        None
    }

    // ---- loggers --------------------------------------------------------------

    fn loggers(&mut self) {
        // llist = cp["loggers"]["keys"].split(","); llist.remove("root")
        let Ok(keys) = self.keys_of("loggers") else {
            return;
        };
        let keys_span = keys.span();
        let mut items = keys.split_list();
        match items.iter().position(|i| i.name == "root") {
            Some(pos) => {
                items.remove(pos);
            }
            None => {
                let close = items.iter().find(|i| {
                    i.name.eq_ignore_ascii_case("root")
                        || i.name.split_whitespace().any(|w| w == "root")
                });
                let help = match close {
                    Some(i) if i.name.contains(char::is_whitespace) => format!(
                        "`{}` is one name: separate names with commas, e.g. `keys=root,…`",
                        i.name
                    ),
                    Some(i) => format!(
                        "write `root` exactly (not `{}`): names are case-sensitive",
                        i.name
                    ),
                    None => {
                        "add `root` to `keys` (e.g. `keys=root` or `keys=root,app`)".to_string()
                    }
                };
                let d = Diagnostic::new(
                    &rules::ROOT_NOT_LISTED,
                    close.map(|i| i.span).unwrap_or(keys_span),
                    "`root` is not listed in [loggers] keys".to_string(),
                )
                .with_label("fileConfig removes `root` from this list")
                .with_help(help)
                .with_python(PyException::value_error("list.remove(x): x not in list"));
                self.raise(d);
                return;
            }
        }
        self.root();
        self.out.config.loggers.reserve(items.len());
        for item in items {
            self.logger(&item);
        }
    }

    fn handler_refs(
        &mut self,
        section: &'a IniSection,
        owner: Owner<'_>,
    ) -> Option<Vec<Spanned<CompactString>>> {
        let header = section.header_span;
        let value = match self.get_in(section, "handlers", false) {
            Ok(Some(v)) => v,
            Ok(None) => {
                let d = Diagnostic::new(
                    &rules::MISSING_OPTION,
                    header,
                    format!("{owner} has no `handlers` option"),
                )
                .with_label("`handlers` is required here")
                .with_help("add `handlers=` (it may be empty, then records propagate to the parent's handlers)")
                .with_python(PyException::key_error("handlers"));
                self.raise(d);
                return None;
            }
            Err(()) => return None,
        };
        let mut ok = true;
        if value.text.is_empty() {
            return Some(Vec::new());
        }
        let count = value.text.bytes().filter(|&b| b == b',').count() + 1;
        let mut refs: Vec<Spanned<CompactString>> = Vec::with_capacity(count);
        for item in value.list_items() {
            if self.built_handlers.contains(item.name) {
                if !refs.iter().any(|r| r.value == item.name) {
                    refs.push(Spanned::new(CompactString::from(item.name), item.span));
                }
                continue;
            }
            ok = false;
            if self.failed_handlers.contains(item.name) {
                continue;
            }
            let mut d = if item.name.is_empty() {
                Diagnostic::new(
                    &rules::EMPTY_LIST_ITEM,
                    item.span,
                    "empty handler name".to_string(),
                )
                .with_label("a trailing or doubled comma makes an empty name")
                .with_help("remove the extra comma")
            } else {
                Diagnostic::new(
                    &rules::UNDEFINED_HANDLER,
                    item.span,
                    format!("{owner} uses handler `{}`, which is not defined", item.name),
                )
                .with_label("not in [handlers] keys")
                .with_help(self.handler_help(item.name))
            };
            if let Some(span) = self.handler_keys_span {
                d = d.with_secondary(span, "handlers declared here");
            }
            self.raise(d.with_python(PyException::key_error(item.name)));
        }
        ok.then_some(refs)
    }

    fn root(&mut self) {
        // section = cp["logger_root"]
        let Some(header) = self.section_header("logger_root") else {
            let d = Diagnostic::new(
                &rules::MISSING_ENTITY_SECTION,
                Span::point(0),
                "section [logger_root] is missing".to_string(),
            )
            .with_help("add [logger_root] with `handlers=` (and optionally `level=`)")
            .with_python(PyException::key_error("logger_root"));
            self.raise(d);
            return;
        };
        let Some(section) = self.doc.section("logger_root") else {
            return;
        };
        let mut root = RootDef {
            section: header,
            ..RootDef::default()
        };
        if let Ok(Some(v)) = self.get_in(section, "level", false)
            && let Some(level) = self.level_value(&v, Owner::Root)
        {
            root.level = Some(Spanned::new(level, v.span()));
        }
        if let Some(refs) = self.handler_refs(section, Owner::Root) {
            root.handlers = refs;
        }
        self.out.config.root = root;
    }

    fn logger(&mut self, item: &ListItem<'_>) {
        // One reused buffer for the section names of thousands of loggers.
        let mut sect = std::mem::take(&mut self.name_buffer);
        sect.clear();
        sect.push_str("logger_");
        sect.push_str(item.name);
        let section = self.doc.section(&sect);
        self.name_buffer = sect;
        let Some(section) = section else {
            self.missing_entity_section("logger", item, None);
            return;
        };
        let header = section.header_span;
        let owner = Owner::Logger(item.name);
        // qn = section["qualname"]
        let qualname = match self.get_in(section, "qualname", false) {
            Ok(Some(v)) => {
                let span = v.span();
                Some(Spanned::new(CompactString::from(v.text.as_ref()), span))
            }
            Ok(None) => {
                let d = Diagnostic::new(
                    &rules::MISSING_OPTION,
                    header,
                    format!("{owner} has no `qualname`"),
                )
                .with_label("`qualname` is required here")
                .with_help(format!(
                    "add `qualname={}`: code calls getLogger(qualname), the section key only links [loggers] to this section",
                    item.name
                ))
                .with_python(PyException::key_error("qualname"));
                self.raise(d);
                None
            }
            Err(()) => None,
        };
        // propagate = section.getint("propagate", fallback=1)
        let mut propagate = Spanned::new(1i64, header);
        let mut propagate_given = false;
        let mut failed = qualname.is_none();
        match self.get_in(section, "propagate", false) {
            Ok(Some(v)) => {
                propagate_given = true;
                match python_int(&v.text) {
                    Some(n) => propagate = Spanned::new(n, v.span()),
                    None => {
                        let exc = PyException::value_error(format!(
                            "invalid literal for int() with base 10: {}",
                            crate::pyrepr::repr_str(&v.text)
                        ));
                        let d = Diagnostic::new(
                            &rules::INVALID_PROPAGATE,
                            v.span(),
                            format!("{owner} has a non-integer `propagate`"),
                        )
                        .with_label("read with getint()")
                        .with_help("write `propagate=0` (stop at this logger) or `propagate=1` (also pass records to the parent's handlers)")
                        .with_python(exc);
                        self.raise(d);
                        failed = true;
                    }
                }
            }
            Ok(None) => {}
            Err(()) => failed = true,
        }
        // if "level" in section: logger.setLevel(section["level"])
        let mut level = None;
        match self.get_in(section, "level", false) {
            Ok(Some(v)) => match self.level_value(&v, owner) {
                Some(lv) => level = Some(Spanned::new(lv, v.span())),
                None => failed = true,
            },
            Ok(None) => {}
            Err(()) => failed = true,
        }
        // hlist = section["handlers"]
        let handlers = self.handler_refs(section, owner);
        let Some(qualname) = qualname else {
            return;
        };
        if failed {
            return;
        }
        let Some(handlers) = handlers else {
            return;
        };
        let targets_root = qualname.value.is_empty() || qualname.value == "root";
        self.out.config.loggers.push(LoggerDef {
            key: Spanned::new(CompactString::from(item.name), item.span),
            section: header,
            qualname,
            targets_root,
            level,
            propagate,
            propagate_given,
            handlers,
        });
    }
}

/// `int(text)` for a str as `getint` calls it (base 10, underscores between
/// digits, surrounding whitespace, a sign, any Unicode decimal digits).
pub(crate) fn python_int(text: &str) -> Option<i64> {
    let t = crate::pyrepr::py_strip(text);
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let mut value: i64 = 0;
    for c in digits.chars() {
        if c == '_' {
            continue;
        }
        let d = unicode_decimal(c)?;
        value = value.checked_mul(10)?.checked_add(d as i64)?;
    }
    Some(if neg { -value } else { value })
}

/// The value of a Unicode decimal digit (category Nd), as `int()` accepts them.
fn unicode_decimal(c: char) -> Option<u32> {
    if let Some(d) = c.to_digit(10) {
        return Some(d);
    }
    use unicode_general_category::{GeneralCategory, get_general_category};
    if get_general_category(c) != GeneralCategory::DecimalNumber {
        return None;
    }
    // Nd digits come in contiguous runs of ten starting at a code point ≡ 0 (mod 16)
    // or at a run start; find the run start by walking back over Nd characters.
    let mut start = c as u32;
    while start > 0 {
        match char::from_u32(start - 1) {
            Some(p)
                if get_general_category(p) == GeneralCategory::DecimalNumber
                    && (c as u32 - (start - 1)) < 10 =>
            {
                start -= 1
            }
            _ => break,
        }
    }
    Some((c as u32 - start) % 10)
}

/// Handler classes as users write them, for did-you-mean suggestions.
const KNOWN_HANDLER_SPELLINGS: &[&str] = &[
    "StreamHandler",
    "FileHandler",
    "NullHandler",
    "handlers.WatchedFileHandler",
    "handlers.RotatingFileHandler",
    "handlers.TimedRotatingFileHandler",
    "handlers.SocketHandler",
    "handlers.DatagramHandler",
    "handlers.SysLogHandler",
    "handlers.SMTPHandler",
    "handlers.MemoryHandler",
    "handlers.HTTPHandler",
    "handlers.QueueHandler",
    "handlers.BufferingHandler",
    "handlers.NTEventLogHandler",
    "logging.StreamHandler",
    "logging.FileHandler",
    "logging.handlers.RotatingFileHandler",
    "logging.handlers.TimedRotatingFileHandler",
    "logging.handlers.WatchedFileHandler",
];

/// Which rule a constructor failure belongs to, and how to fix it.
fn construction_problem(exc: &PyException) -> (&'static crate::rules::Rule, String) {
    let m = exc.message.as_str();
    match exc.type_name.as_str() {
        "io.UnsupportedOperation" => (
            &rules::ARGS_NOT_TUPLE,
            "`args` must be a tuple: `(sys.stdout)` is just the stream, write `(sys.stdout,)` with a trailing comma".to_string(),
        ),
        "TypeError" if m.contains("argument after * must be an iterable") || m.contains("argument after ** must be a mapping") => (
            &rules::ARGS_NOT_TUPLE,
            "`args` must be a tuple or list and `kwargs` a dict: a one-element tuple needs a trailing comma, `('app.log',)`".to_string(),
        ),
        "TypeError" if m.contains("positional argument") && m.contains("were given") => (
            &rules::HANDLER_SIGNATURE,
            "too many arguments: if `args` is a single string in parentheses it is splatted into characters; write `('app.log',)` with a trailing comma".to_string(),
        ),
        "TypeError" if m.contains("missing") || m.contains("unexpected keyword") || m.contains("multiple values") => (
            &rules::HANDLER_SIGNATURE,
            "match the handler's constructor signature (see the logging.handlers documentation)".to_string(),
        ),
        "TypeError" if m.contains("not callable") => (
            &rules::CLASS_NOT_FOUND,
            "`class` must name a handler class".to_string(),
        ),
        "FileNotFoundError" => (
            &rules::LOG_FILE_UNOPENABLE,
            "the directory does not exist in the assumed working directory (--cwd): create it before the service starts, or use a path that exists; relative paths resolve against the process's working directory, not the config file".to_string(),
        ),
        "IsADirectoryError" | "PermissionError" | "NotADirectoryError" => (
            &rules::LOG_FILE_UNOPENABLE,
            "the log file cannot be opened for writing where the service runs (--cwd)".to_string(),
        ),
        _ => (
            &rules::HANDLER_ARGUMENT,
            "fix the argument value the constructor rejects".to_string(),
        ),
    }
}

fn level_help(text: &str) -> String {
    let trimmed = text.split([';', '#']).next().unwrap_or(text).trim();
    if (text.contains(';') || text.contains('#')) && Level::from_config_str(trimmed).is_some() {
        return format!(
            "fileConfig files have no inline comments: the whole text is the value. Write `{trimmed}` and move the comment to its own line"
        );
    }
    if text.contains('\n') {
        return "this value continues on an indented line: un-indent the next option so it is not part of this value".to_string();
    }
    if let Some(level) = Level::from_config_str(&text.to_uppercase()) {
        return format!("level names are case-sensitive: write `{}`", level.name());
    }
    if let Some(rest) = text.strip_prefix("logging.")
        && Level::from_config_str(rest).is_some()
    {
        return format!("levels are names, not Python expressions: write `{rest}`");
    }
    if let Ok(n) = text.parse::<i64>() {
        let name = Level(n).name();
        if Level::from_config_str(&name).is_some() {
            return format!("numbers are not accepted in a config file: write `{name}`");
        }
        return "numbers are not accepted in a config file: use one of CRITICAL, ERROR, WARNING, INFO, DEBUG, NOTSET".to_string();
    }
    match did_you_mean(&text.to_uppercase(), Level::ACCEPTED_NAMES.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None => {
            "use one of CRITICAL, ERROR, WARNING, INFO, DEBUG, NOTSET (or the aliases FATAL, WARN)"
                .to_string()
        }
    }
}

fn format_help(style: Style, exc: &PyException) -> String {
    match style {
        Style::Percent if exc.message.starts_with("Invalid format") => {
            "a %-style format needs at least one field such as `%(message)s`; set `style={` or `style=$` for other styles".to_string()
        }
        Style::Percent => "check the %(name)s fields".to_string(),
        Style::Brace => "a {-style format uses fields like `{message}` or `{levelname:<8}`".to_string(),
        Style::Dollar => "a $-style format uses fields like `$message` or `${name}`; write `$$` for a literal `$`".to_string(),
    }
}

fn eval_help(exc: &PyException, text: &str) -> String {
    match exc.type_name.as_str() {
        "NameError" => {
            "only names of the logging module are defined here (e.g. `sys.stdout`, `sys.stderr`, `handlers.SYSLOG_UDP_PORT`); quote strings, and use %(name)s with [DEFAULT] or --define for values".to_string()
        }
        "SyntaxError" if text.trim().is_empty() => {
            "an empty value is not a tuple: write `args=()` or remove the option".to_string()
        }
        "SyntaxError" if text.contains(';') => {
            "`;` does not start a comment inside a value: move the comment to its own line".to_string()
        }
        "SyntaxError" if exc.message.contains("unicodeescape") => {
            "backslashes are escapes in Python strings: use forward slashes or a raw string r'C:\\path'".to_string()
        }
        _ => "the value must be a Python literal such as `(sys.stdout,)` or `('app.log', 'a')`".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::python_int;

    #[test]
    fn int_like_python() {
        assert_eq!(python_int("1"), Some(1));
        assert_eq!(python_int(" -2 "), Some(-2));
        assert_eq!(python_int("1_0"), Some(10));
        assert_eq!(python_int("١"), Some(1));
        for bad in ["yes", "True", "", "1__0", "_1", "0x1", "1.0"] {
            assert_eq!(python_int(bad), None, "{bad:?}");
        }
    }
}
