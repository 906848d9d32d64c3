//! Lowering an INI document to a [`Config`], in fileConfig's exact order.
//!
//! Each step mirrors a line of CPython's `Lib/logging/config.py`
//! (`_create_formatters`, `_install_handlers`, `_install_loggers`); comments
//! quote the Python they mirror where the order matters. The work is split
//! by job: [`formatters`], [`handlers`] and [`loggers`] build the three kinds
//! of sections, [`keys`] reads the `keys` lists, [`eval`] evaluates
//! `args`/`kwargs`/`defaults`, [`levels`] reads levels and integers. A step
//! that fails returns [`Reported`], the proof that a diagnostic explains it.

mod eval;
mod fixes;
mod formatters;
mod handlers;
mod keys;
mod levels;
mod loggers;
mod reported;
mod value;

use super::{Config, FormatterDef};
use crate::diagnostic::{Diagnostic, PyException};
use crate::handler_class::{self, FileSystem, Resolution};
use crate::ini::{IniDocument, IniSection, Lookup};
use crate::pyexpr::{Environment, Namespace};
use crate::rules;
use crate::source::Span;
use crate::version::PyVersion;
use reported::Reported;
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use value::Value;
pub(crate) use value::raw_list_items;

pub use eval::Evaluations;

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
    /// The program that calls fileConfig: the level names it registers
    /// first, the defaults it passes (for messages).
    pub host: crate::host::Host,
    /// The service's operating system (`os.path` is posixpath or ntpath).
    pub platform: crate::handler_class::Platform,
    /// The file's text the document's spans point into: fixes read the
    /// text around a finding (the comma before an empty list item).
    pub text: &'a str,
}

/// The result: the model, every finding, and CPython's first exception.
#[derive(Debug, Default)]
pub struct Lowered {
    /// What fileConfig builds (only the parts that build).
    pub config: Config,
    /// Every finding, in fileConfig's order.
    pub diagnostics: Vec<Diagnostic>,
    /// The exception `fileConfig` raises first (None: it loads).
    pub python_error: Option<PyException>,
    /// Set when a value could not be evaluated statically before the first
    /// error: CPython's verdict then depends on code logcheck does not run.
    pub verdict_uncertain: bool,
    /// The `args`/`kwargs`/`defaults` texts evaluated on the way, for the
    /// lints that read a handler's arguments again.
    pub evaluations: Evaluations,
}

/// Why `%(here)s` or `%(__file__)s` is missing: the host loading the file
/// does not pass it, although others do.
fn host_key_note(host: crate::host::Host, exc: &PyException) -> Option<String> {
    use crate::host::Host;
    let key = ["here", "__file__"]
        .into_iter()
        .find(|k| exc.message.contains(&format!("interpolation key '{k}'")))?;
    let issue = match host {
        Host::Alembic => " (alembic issue 1681)",
        _ => "",
    };
    Some(format!(
        "`{key}` is a default only pserve (PasteDeploy) and gunicorn pass to fileConfig; {} does not{issue}",
        host.call()
    ))
}

struct Lowerer<'a> {
    doc: &'a IniDocument,
    opts: &'a LowerOptions<'a>,
    out: Lowered,
    /// Formatter keys that failed to build, with the proof that the failure
    /// was reported (no follow-on "undefined" findings). (Fx maps here, as
    /// in the rest of the check: std's SipHash maps cost a `getrandom` call
    /// and code pages of their own in a short process.)
    failed_formatters: FxHashMap<String, Reported>,
    /// Handler keys that failed to build, likewise.
    failed_handlers: FxHashMap<String, Reported>,
    /// Keys of the handlers built so far (`config.handler(key).is_some()`
    /// without a scan per logger).
    built_handlers: FxHashSet<String>,
    /// Spans of `[handlers] keys` and `[formatters] keys`, for secondary labels.
    handler_keys_span: Option<Span>,
    formatter_keys_span: Option<Span>,
    /// Files that handlers built so far created (absolute paths): later
    /// handlers see them, as they do in CPython (a file `logs` makes
    /// `logs/app.log` a NotADirectoryError).
    created_files: FxHashSet<String>,
    /// Scratch space for section names (`logger_` + key).
    name_buffer: String,
    /// What `args`/`kwargs` are evaluated in, built once (the environment
    /// holds every variable of the process).
    namespace: Namespace,
    /// `class` texts already resolved (`args`/`kwargs` texts already
    /// evaluated are in `out.evaluations`): files repeat the same few
    /// (`(sys.stderr,)`, `StreamHandler`) over hundreds of handlers, and the
    /// answer depends on the text alone.
    resolved_classes: FxHashMap<String, Resolution>,
    /// Where the code that made the verdict uncertain is.
    uncertain_at: Vec<Span>,
    /// The code in opaque handlers' `class`/`args`/`kwargs` and opaque
    /// formatters: it hides output but leaves the routing exact.
    opaque_code: FxHashSet<Span>,
    /// Formatters CPython builds from code logcheck does not run (a
    /// `defaults` that is code, a class that is not a Formatter): the
    /// handlers using them are opaque. Key → where the code is.
    opaque_formatters: FxHashMap<String, Span>,
}

/// The file system as the next handler constructor sees it.
struct FilesSoFar<'a> {
    base: &'a dyn FileSystem,
    created: &'a FxHashSet<String>,
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
        failed_formatters: FxHashMap::default(),
        failed_handlers: FxHashMap::default(),
        built_handlers: FxHashSet::default(),
        handler_keys_span: None,
        formatter_keys_span: None,
        created_files: FxHashSet::default(),
        name_buffer: String::new(),
        namespace: match opts.environment {
            Some(env) => Namespace::logging(opts.version).with_environment(env.clone()),
            None => Namespace::logging(opts.version),
        },
        resolved_classes: FxHashMap::default(),
        uncertain_at: Vec::new(),
        opaque_code: FxHashSet::default(),
        opaque_formatters: FxHashMap::default(),
    };
    l.out.config.level_names = opts.host.extra_levels();
    l.formatters();
    l.handlers();
    l.loggers();
    l.out.config.runs_unmodelled_code = l
        .uncertain_at
        .iter()
        .any(|span| !l.opaque_code.contains(span));
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

impl<'a> Lowerer<'a> {
    // ---- plumbing -------------------------------------------------------

    /// Records an error CPython raises here; the first one is the verdict.
    fn raise(&mut self, diag: Diagnostic) -> Reported {
        reported::raise(&mut self.out, diag)
    }

    /// Records a finding that is not CPython's exception (a note, a lint).
    fn note(&mut self, diag: Diagnostic) {
        let _ = reported::report(&mut self.out, diag);
    }

    /// Marks that CPython would run code at `span` that logcheck cannot
    /// evaluate (only code met before the first error makes the verdict
    /// uncertain).
    fn uncertain(&mut self, span: Span) -> Reported {
        if self.out.python_error.is_none() {
            self.uncertain_at.push(span);
        }
        reported::uncertain(&mut self.out)
    }

    fn files_so_far(&self) -> FilesSoFar<'_> {
        FilesSoFar {
            base: self.opts.fs,
            created: &self.created_files,
        }
    }

    fn section_header(&self, name: &str) -> Option<Span> {
        self.doc.section(name).map(|s| s.header_span)
    }

    /// The built formatter `key`, if it was built.
    fn built_formatter(&self, key: &str) -> Option<&FormatterDef> {
        self.out.config.formatter(key)
    }

    /// `cp.get(section, option, raw=raw)`; interpolation errors are raised
    /// (reported) here and give `Err`, like an absent option.
    fn get(
        &mut self,
        section: &str,
        option: &str,
        raw: bool,
    ) -> Result<Option<Value<'a>>, Reported> {
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
    ) -> Result<Option<Value<'a>>, Reported> {
        let lookup = self.doc.get_in(section, option, raw);
        self.value_of(lookup, Some(section), &section.name, option)
    }

    fn value_of(
        &mut self,
        lookup: Option<Result<Lookup<'a>, PyException>>,
        own: Option<&'a IniSection>,
        section: &str,
        option: &str,
    ) -> Result<Option<Value<'a>>, Reported> {
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
                Err(self.interpolation_error(span, section, option, exc))
            }
        }
    }

    fn interpolation_error(
        &mut self,
        span: Span,
        section: &str,
        option: &str,
        exc: PyException,
    ) -> Reported {
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
        let mut d = Diagnostic::new(
            rule,
            span,
            format!("`{option}` in [{section}] cannot be interpolated"),
        )
        .with_label(exc.message.clone())
        .with_help(help);
        if let Some(note) = host_key_note(self.opts.host, &exc) {
            d = d.with_note(note);
        }
        self.raise(d.with_python(exc))
    }
}
