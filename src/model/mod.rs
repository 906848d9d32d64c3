//! The fileConfig model: formatters, handlers and loggers as CPython's
//! `logging.config.fileConfig` builds them, each value with its source span.
//!
//! [`lower`] walks an [`IniDocument`](crate::ini::IniDocument) in fileConfig's
//! own order (formatters → handlers in `keys` order → root → other loggers in
//! `keys` order), so the first error it meets is exactly the exception CPython
//! raises (spec §1.1). It does not stop there: every later problem is reported
//! too, except findings that only follow from an earlier failure (a logger
//! naming a handler whose section failed is not reported again).
//!
//! The resulting [`Config`] holds only what CPython would really build; it is
//! what the routing engine, the simulator, the explainer and the backend run.

mod lower;

pub use lower::{Evaluations, LowerOptions, Lowered, lower};
pub(crate) use lower::raw_list_items;

use crate::format::{Formatter, Style};
use crate::handler_class::{HandlerSpec, SideEffect};
use crate::level::Level;
use crate::source::{Span, Spanned};
use compact_str::CompactString;

/// The section fileConfig reads for a key: `prefix + key` (`logger_` +
/// `app`), built without the formatting machinery (it runs once per key).
pub(crate) fn section_name(prefix: &str, key: &str) -> String {
    let mut name = String::with_capacity(prefix.len() + key.len());
    name.push_str(prefix);
    name.push_str(key);
    name
}

/// Everything fileConfig configures, in the order it configures it.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// `[formatters] keys` order; a repeated key keeps the later definition.
    pub formatters: Vec<FormatterDef>,
    /// `[handlers] keys` order.
    pub handlers: Vec<HandlerDef>,
    /// A dictConfig document's `filters` (`logging.Filter(name)` each), in
    /// creation order; fileConfig files have none.
    pub filters: Vec<FilterDef>,
    /// `[logger_root]`.
    pub root: RootDef,
    /// The other `[loggers] keys`, in order (sections that configure root via
    /// `qualname=root` or an empty qualname included, flagged by `targets_root`).
    pub loggers: Vec<LoggerDef>,
    /// CPython runs code logcheck does not evaluate (before its first error)
    /// outside opaque handlers: a custom class, a formatter `class` that is
    /// code. Such a file is checked but cannot be run; code confined to an
    /// opaque handler (its `class`/`args`/`kwargs`, its formatter's
    /// `defaults`) only hides its output.
    pub runs_unmodelled_code: bool,
    /// The lines CPython's warnings module writes to stderr while fileConfig
    /// loads the file, in order, without newlines (3.12+:
    /// `<string>:1: SyntaxWarning: invalid escape sequence '\p'`).
    pub load_warnings: Vec<String>,
    /// Level names the host registered before fileConfig (`addLevelName`:
    /// uvicorn's `TRACE` = 5).
    pub level_names: &'static [(&'static str, i64)],
    /// A dictConfig document's `disable_existing_loggers` (default true);
    /// `None` for a fileConfig file, where the host's call decides.
    pub disable_existing_loggers: Option<bool>,
    /// Whether this is a dictConfig document (its messages use its syntax).
    pub dictconfig: bool,
    /// An `incremental: true` dictConfig document: it only sets levels and
    /// `propagate` on the loggers it names (and root's level); handlers,
    /// filters and the other loggers stay as they were.
    pub incremental: bool,
}

/// How a configuration's syntax writes what messages suggest.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    /// Propagation turned off: `propagate=0` or `propagate: false`.
    pub propagate_off: &'static str,
    /// The root logger's entry: `[logger_root]` or `root`.
    pub root: &'static str,
    /// A handler list: `handlers=console` or `handlers: [console]`.
    pub handlers_example: &'static str,
}

impl Config {
    /// The words of this configuration's syntax, for messages.
    pub fn words(&self) -> Words {
        if self.dictconfig {
            Words {
                propagate_off: "propagate: false",
                root: "`root`",
                handlers_example: "handlers: [console]",
            }
        } else {
            Words {
                propagate_off: "propagate=0",
                root: "[logger_root]",
                handlers_example: "handlers=console",
            }
        }
    }
}

impl Config {
    /// `logging.getLevelName(level)` in the process that loaded the file
    /// (the host's registered names included).
    pub fn level_name(&self, level: crate::level::Level) -> std::borrow::Cow<'static, str> {
        level.name_with(self.level_names)
    }

    /// The formatter CPython keeps under `key` (a repeated key: the last one built).
    pub fn formatter(&self, key: &str) -> Option<&FormatterDef> {
        self.formatters.iter().rev().find(|f| f.key.value == key)
    }

    /// The handler CPython keeps under `key` (the last one built).
    pub fn handler(&self, key: &str) -> Option<&HandlerDef> {
        self.handlers.iter().rev().find(|h| h.key.value == key)
    }

    /// Index of the handler CPython keeps under `key` (the last one built).
    pub fn handler_index(&self, key: &str) -> Option<usize> {
        self.handlers.iter().rposition(|h| h.key.value == key)
    }

    /// Index of the filter kept under `key`.
    pub fn filter_index(&self, key: &str) -> Option<usize> {
        self.filters.iter().rposition(|f| f.key.value == key)
    }
}

/// A dictConfig filter: `logging.Filter(name)`, which passes the records
/// of logger `name` and of the loggers below it (every record when `name`
/// is empty), or one built by code.
#[derive(Debug, Clone)]
pub struct FilterDef {
    /// The key under `filters` (span: that key).
    pub key: Spanned<CompactString>,
    /// The filter's entry.
    pub section: Span,
    /// `name` (`""` when absent).
    pub name: CompactString,
    /// Built by code (a `()` factory, a `name` that is not a string):
    /// logcheck cannot tell which records it passes. A handler holding one
    /// is opaque (routed to, its output not simulated).
    pub by_code: bool,
}

/// A `[formatter_X]` section that built successfully.
#[derive(Debug, Clone)]
pub struct FormatterDef {
    /// The name as listed in `[formatters] keys` (span: that list item).
    pub key: Spanned<String>,
    /// The `[formatter_X]` header.
    pub section: Span,
    /// `format=` as read (raw, no interpolation); `None` when absent.
    pub format: Option<Spanned<String>>,
    /// `datefmt=` as read (raw); `None` when absent.
    pub datefmt: Option<Spanned<String>>,
    /// `style=` (default `%`).
    pub style: Style,
    /// `class=`, when given.
    pub class: Option<Spanned<String>>,
    /// The compiled formatter, shared by the simulator and the backend.
    pub formatter: Formatter,
}

/// A `[handler_X]` section that built successfully.
#[derive(Debug, Clone)]
pub struct HandlerDef {
    /// The name as listed in `[handlers] keys` (span: that list item).
    pub key: Spanned<CompactString>,
    /// The `[handler_X]` header.
    pub section: Span,
    /// `class=` as written.
    pub class: Spanned<CompactString>,
    /// What the constructor built.
    pub spec: HandlerSpec,
    /// What constructing it did (created or truncated a file, printed).
    pub effects: Vec<SideEffect>,
    /// `handler.level` (NOTSET when the option is absent).
    pub level: Level,
    /// Where `level=` is, when given.
    pub level_span: Option<Span>,
    /// The formatter key (`formatter=`), when one is set.
    pub formatter: Option<Spanned<CompactString>>,
    /// `target=` of a MemoryHandler, resolved to a handler key.
    pub target: Option<Spanned<CompactString>>,
    /// Filter keys (dictConfig `filters`), in `addFilter` order.
    pub filters: Vec<Spanned<CompactString>>,
}

/// `[logger_root]`.
#[derive(Debug, Clone, Default)]
pub struct RootDef {
    /// The `[logger_root]` header.
    pub section: Span,
    /// `None`: the option is absent and root keeps its level (WARNING).
    pub level: Option<Spanned<Level>>,
    /// Handler keys, duplicates removed (as `addHandler` does).
    pub handlers: Vec<Spanned<CompactString>>,
    /// Filter keys (dictConfig `filters`), in `addFilter` order.
    pub filters: Vec<Spanned<CompactString>>,
}

/// A non-root `[logger_X]` section.
#[derive(Debug, Clone)]
pub struct LoggerDef {
    /// The name as listed in `[loggers] keys` (span: that list item).
    pub key: Spanned<CompactString>,
    /// The `[logger_X]` header.
    pub section: Span,
    /// The logger's name: `getLogger(qualname)`.
    pub qualname: Spanned<CompactString>,
    /// `qualname=root` or empty: this section reconfigures the root logger.
    pub targets_root: bool,
    /// `level=`; `None`: absent, the logger keeps its level.
    pub level: Option<Spanned<Level>>,
    /// `propagate` as `getint` read it (default 1); any non-zero is true.
    pub propagate: Spanned<i64>,
    /// The `propagate` option is present (not the default 1).
    pub propagate_given: bool,
    /// Handler keys, duplicates removed (as `addHandler` does).
    pub handlers: Vec<Spanned<CompactString>>,
    /// Filter keys (dictConfig `filters`), in `addFilter` order; they judge
    /// only records logged on this logger, not those propagating through it.
    pub filters: Vec<Spanned<CompactString>>,
}
