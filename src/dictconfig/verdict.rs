//! The exact verdict of `logging.config.dictConfig(config)` (issue #13,
//! item 2): a port of CPython's `DictConfigurator.configure`
//! (`Lib/logging/config.py`, 3.11–3.13; see `docs/dictconfig-versions.md`)
//! that never imports or runs anything.
//!
//! [`configure`] walks the document in dictConfig's own order — `version`,
//! `incremental`, `disable_existing_loggers`, formatters, filters, handlers
//! in `sorted()` order with the one retry of those whose MemoryHandler
//! `target` is not built yet, loggers, root — and gives the exception
//! dictConfig raises (type, message and `__cause__`), or that it loads. It
//! keeps going after the first error (as if that entity had been left
//! out) so that every problem gets a [`Diagnostic`]; the verdict is the
//! first one, which is where CPython stops.
//!
//! What logcheck cannot know without running code — a `()` factory, a
//! class from a package declared `--importable`, a class it does not
//! model, a QueueHandler's queue built by a callable — is assumed to succeed and listed in [`Verdict::assumptions`].
//!
//! # Example
//! ```
//! use logcheck::dictconfig::{Node, NodeValue};
//! use logcheck::dictconfig::verdict::{configure, Outcome, VerdictOptions};
//! use logcheck::handler_class::VirtualFs;
//! use logcheck::source::Span;
//! let n = |value| Node { value, span: Span::new(0, 0) };
//! let doc = n(NodeValue::Map(vec![(n(NodeValue::Str("version".into())), n(NodeValue::Int("2".into())))]));
//! let fs = VirtualFs::empty("/app");
//! let verdict = configure(&doc, &VerdictOptions::new(&fs));
//! let Outcome::Raises(raised) = verdict.outcome else { panic!() };
//! assert_eq!(raised.exception.to_string(), "ValueError: Unsupported version: 2");
//! ```

mod entities;
mod handlers;
mod loggers;
mod model;
mod queue;
mod value;

use crate::diagnostic::{Diagnostic, PyException};
use crate::dictconfig::{Node, NodeValue};
use crate::handler_class::{FileSystem, Platform};
use crate::pyvalue::PyValue;
use crate::rules::{self, Rule};
use crate::source::Span;
use crate::version::PyVersion;
use std::collections::HashMap;
use value::{Converter, Val, to_py};

/// What the verdict depends on besides the document.
pub struct VerdictOptions<'a> {
    /// The CPython version whose dictConfig runs (`--python-version`).
    pub version: PyVersion,
    /// Top-level packages importable where the service runs (`--importable`).
    pub importable: &'a [String],
    /// The file system handlers' constructors are asked about (read-only).
    pub fs: &'a dyn FileSystem,
    /// `posixpath` or `ntpath` for log paths.
    pub platform: Platform,
    /// Level names the host registered before calling dictConfig
    /// ([`crate::Host::extra_levels`]).
    pub extra_levels: &'static [(&'static str, i64)],
}

impl<'a> VerdictOptions<'a> {
    /// The default version, nothing importable, POSIX paths, on `fs`.
    pub fn new(fs: &'a dyn FileSystem) -> Self {
        VerdictOptions {
            version: PyVersion::DEFAULT,
            importable: &[],
            fs,
            platform: Platform::Posix,
            extra_levels: &[],
        }
    }
}

/// What dictConfig does with the document.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// Loads, or the exception it raises.
    pub outcome: Outcome,
    /// Code and classes logcheck did not run; the outcome assumes each succeeds.
    pub assumptions: Vec<Assumption>,
    /// One per problem found, in dictConfig's order.
    pub diagnostics: Vec<Diagnostic>,
    /// The model of what dictConfig configures, when the document loads and
    /// the model can express all of it (no filter built by code in use).
    pub config: Option<crate::model::Config>,
    /// The first thing the model cannot express, and where (`incremental
    /// configuration`, `handler filter 'rid' built by code`).
    pub unmodelled: Option<(Span, String)>,
}

/// Loads, or raises.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// `dictConfig` returns.
    Loads,
    /// `dictConfig` raises this.
    Raises(Raised),
}

/// The exception `dictConfig` raises.
#[derive(Debug, Clone, PartialEq)]
pub struct Raised {
    /// Its type and message (`ValueError: Unable to configure handler 'h'`).
    pub exception: PyException,
    /// `__cause__` (the inner exception), when there is one.
    pub cause: Option<PyException>,
    /// The value that causes it.
    pub span: Span,
}

/// Something the verdict assumes succeeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assumption {
    /// Where it is written.
    pub span: Span,
    /// What is not run or not modelled.
    pub what: String,
}

/// An exception raised inside one step, with its finding.
#[derive(Debug, Clone)]
pub(super) struct Problem {
    rule: &'static Rule,
    span: Span,
    message: String,
    exc: PyException,
}

impl Problem {
    fn new(rule: &'static Rule, span: Span, message: impl Into<String>, exc: PyException) -> Self {
        Problem {
            rule,
            span,
            message: message.into(),
            exc,
        }
    }
}

/// Why a step stopped.
#[derive(Debug, Clone)]
pub(super) enum Stop {
    /// CPython raises.
    Raise(Problem),
    /// logcheck does not know: the entity is assumed built.
    Assume(Span, String),
    /// It depends on an entity that already failed (CPython never gets here).
    Skip,
    /// A MemoryHandler's `target` is not built yet: deferred once, then raised.
    NotYet(Problem),
}

/// How far an entity got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Not configured yet (a handler later in sorted order, or deferred).
    Pending,
    Built,
    Failed,
}

/// The configurator's state while it walks the document.
struct Run<'n, 'a> {
    conv: Converter<'n>,
    opts: &'a VerdictOptions<'a>,
    formatters: HashMap<String, State>,
    filters: HashMap<String, State>,
    handlers: HashMap<String, State>,
    raised: Option<Raised>,
    assumptions: Vec<Assumption>,
    diagnostics: Vec<Diagnostic>,
    /// The entities built so far, for [`Verdict::config`].
    model: model::Recorder,
    /// `disable_existing_loggers` (default true).
    disable_existing: bool,
}

/// `logging.config.dictConfig(config)`, statically.
pub fn configure(config: &Node, opts: &VerdictOptions<'_>) -> Verdict {
    let mut run = Run {
        conv: Converter {
            root: config,
            version: opts.version,
            importable: opts.importable,
        },
        opts,
        formatters: HashMap::new(),
        filters: HashMap::new(),
        handlers: HashMap::new(),
        raised: None,
        assumptions: Vec::new(),
        diagnostics: Vec::new(),
        model: model::Recorder::default(),
        disable_existing: true,
    };
    if let Err(stop) = run.top_level(config) {
        run.stopped(None, stop);
    }
    let disable_existing = run.disable_existing;
    let model = run.finished_model(disable_existing);
    Verdict {
        config: model,
        unmodelled: run.model.gaps.first().cloned(),
        outcome: match run.raised {
            Some(r) => Outcome::Raises(r),
            None => Outcome::Loads,
        },
        assumptions: run.assumptions,
        diagnostics: run.diagnostics,
    }
}

impl<'n> Run<'n, '_> {
    /// Records how a step stopped; `outer` is the `ValueError` dictConfig
    /// wraps the exception in (`raise ValueError(outer) from e`).
    fn stopped(&mut self, outer: Option<String>, stop: Stop) {
        match stop {
            Stop::Raise(p) => self.raise(outer, p),
            Stop::Assume(span, what) => self.assume(span, what),
            Stop::Skip => {}
            Stop::NotYet(p) => self.raise(outer, p),
        }
    }

    fn raise(&mut self, outer: Option<String>, p: Problem) {
        let (exception, cause) = match outer {
            Some(m) => (PyException::value_error(m), Some(p.exc.clone())),
            None => (p.exc.clone(), None),
        };
        // The label is the inner exception; the outer one is `python`.
        let d = Diagnostic::new(p.rule, p.span, p.message)
            .with_label(p.exc.to_string())
            .with_python(exception.clone());
        self.diagnostics.push(d);
        if self.raised.is_none() {
            self.raised = Some(Raised {
                exception,
                cause,
                span: p.span,
            });
        }
    }

    fn assume(&mut self, span: Span, what: String) {
        let d = Diagnostic::new(&rules::UNCHECKED_CLASS, span, format!("not checked: {what}"))
            .with_label("assumed to succeed")
            .with_help("logcheck does not import or run code: the verdict assumes this succeeds");
        self.diagnostics.push(d);
        self.assumptions.push(Assumption { span, what });
    }

    /// `ConvertingDict(config)`, the version check, then either path.
    fn top_level(&mut self, config: &'n Node) -> Result<(), Stop> {
        let NodeValue::Map(_) = &config.value else {
            return top_not_dict(config);
        };
        let Some(version) = config.get("version") else {
            return Err(Stop::Raise(Problem::new(
                &rules::DICTCONFIG_VERSION,
                config.span,
                "the document has no `version`",
                PyException::value_error("dictionary doesn't specify a version"),
            )));
        };
        let version = self.conv.convert(version)?;
        if !equals_one(&version.py()) {
            return Err(Stop::Raise(Problem::new(
                &rules::DICTCONFIG_VERSION,
                version.span(),
                format!("unsupported version {}", version.repr()),
                PyException::value_error(format!("Unsupported version: {}", version.str())),
            )));
        }
        let incremental = self.get(config, "incremental")?;
        if incremental.is_some_and(|v| v.truthy()) {
            // nothing is disabled, nothing is replaced
            self.model.config.incremental = true;
            self.disable_existing = false;
            return self.incremental(config);
        }
        let disable_existing = self.get(config, "disable_existing_loggers")?;
        self.disable_existing = disable_existing.is_none_or(|d| d.truthy());
        self.formatters(config);
        self.filters(config);
        self.handlers(config);
        self.loggers(config, false);
        self.root(config, false);
        Ok(())
    }

    /// `config.get(key)` / `config.pop(key)` of a `ConvertingDict`.
    fn get(&self, map: &'n Node, key: &str) -> Result<Option<Val<'n>>, Stop> {
        map.get(key).map(|v| self.conv.convert(v)).transpose()
    }

    /// `config.get(name, EMPTY_DICT)` iterated as `for name in section:
    /// section[name]`: the entries, or why iterating them raises.
    fn section(&mut self, config: &'n Node, name: &str) -> Option<Vec<(&'n Node, &'n Node)>> {
        let value = match self.get(config, name) {
            Ok(Some(v)) => v,
            Ok(None) => return Some(Vec::new()),
            Err(stop) => {
                self.stopped(None, stop);
                return None;
            }
        };
        if let Some(Node {
            value: NodeValue::Map(entries),
            ..
        }) = value.map()
        {
            return Some(entries.iter().map(|(k, v)| (k, v)).collect());
        }
        let stop = match value.py() {
            PyValue::Str(s) if s.is_empty() => return Some(Vec::new()),
            PyValue::List(l) if l.is_empty() => return Some(Vec::new()),
            PyValue::Str(_) | PyValue::List(_) | PyValue::Object(_) => Stop::Assume(
                value.span(),
                format!("a `{name}` section that is a {}", value.type_name()),
            ),
            other => Stop::Raise(Problem::new(
                &rules::DICTCONFIG_TYPE,
                value.span(),
                format!("`{name}` must be a dict"),
                PyException::type_error(format!("'{}' object is not iterable", other.type_name())),
            )),
        };
        self.stopped(None, stop);
        None
    }
}

/// `config['version'] != 1` is false (`1`, `1.0`, `True`).
fn equals_one(v: &PyValue) -> bool {
    matches!(v, PyValue::Int(1) | PyValue::Bool(true)) || matches!(v, PyValue::Float(f) if *f == 1.0)
}

/// `dict(config)` of a top level that is not a dict.
fn top_not_dict(config: &Node) -> Result<(), Stop> {
    let raise = |exc: PyException| {
        Err(Stop::Raise(Problem::new(
            &rules::DICTCONFIG_TYPE,
            config.span,
            "the document is not a dict",
            exc,
        )))
    };
    let items: Vec<&Node> = match &config.value {
        NodeValue::List(items) => items.iter().collect(),
        NodeValue::Str(s) if s.is_empty() => Vec::new(),
        NodeValue::Str(s) => {
            let n = s.chars().next().map_or(0, |_| 1);
            return raise(PyException::value_error(format!(
                "dictionary update sequence element #0 has length {n}; 2 is required"
            )));
        }
        NodeValue::Map(_) => return Ok(()),
        _ => {
            return raise(PyException::type_error(format!(
                "'{}' object is not iterable",
                to_py(config).type_name()
            )));
        }
    };
    for (i, item) in items.iter().enumerate() {
        let len = match &item.value {
            NodeValue::Str(s) => s.chars().count(),
            NodeValue::List(l) => l.len(),
            NodeValue::Map(m) => m.len(),
            _ => {
                return raise(PyException::type_error(format!(
                    "cannot convert dictionary update sequence element #{i} to a sequence"
                )));
            }
        };
        if len != 2 {
            return raise(PyException::value_error(format!(
                "dictionary update sequence element #{i} has length {len}; 2 is required"
            )));
        }
    }
    if items.is_empty() {
        return raise(PyException::value_error("dictionary doesn't specify a version"));
    }
    Err(Stop::Assume(config.span, "a top level built from a list of pairs".into()))
}
