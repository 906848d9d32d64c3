//! A Python-exact `logging.Formatter`: validation at construction (always on in
//! `fileConfig`) with CPython's messages, and rendering of records with the
//! `%`, `{` and `$` styles, `asctime` via glibc-exact `strftime`.
//!
//! The format is compiled once, when the formatter is built, into a plan of
//! literal runs and fields whose record attribute is already resolved
//! (`plan.rs`, over the one attribute table in [`attr`]); every render, of
//! every style and of an owned [`LogRecord`] or a borrowed
//! [`view::RecordView`], walks that plan (`render.rs`).
//!
//! # Example
//! ```
//! use logcheck::format::{Formatter, Style};
//! use logcheck::format::record::{LogRecord, RecordTime};
//! use logcheck::version::PyVersion;
//! use logcheck::pyvalue::PyValue;
//! let v = PyVersion::DEFAULT;
//! let f = Formatter::new(Some("%(asctime)s %(levelname)-8s %(message)s"), None, Style::Percent, None, v).unwrap();
//! let t = RecordTime::from_ns(1_704_164_645_125_000_000, 1_704_164_645_125_000_000, v);
//! let rec = LogRecord::new("app", 20, "app.py", 1, PyValue::Str("hi".into()), vec![], t, v);
//! assert_eq!(f.format(&rec, 0, "UTC").unwrap(), "2024-01-02 03:04:05,125 INFO     hi");
//! assert_eq!(
//!     Formatter::new(Some("hello"), None, Style::Percent, None, v).unwrap_err().to_string(),
//!     "ValueError: Invalid format 'hello' for '%' style"
//! );
//! ```

pub mod attr;
pub mod brace;
mod cache;
pub mod dollar;
mod plan;
pub mod pyfmt;
pub mod record;
mod render;
pub mod strftime;
pub mod view;

use crate::diagnostic::PyException;
use crate::pyvalue::PyValue;
use crate::version::PyVersion;
use plan::{Parsed, Plan};
use record::LogRecord;
use std::ops::Range;

pub use attr::record_attribute_names;
pub use cache::AsctimeCache;

/// A formatter's `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `%`: `%(name)s`.
    Percent,
    /// `{`: `{name}`.
    Brace,
    /// `$`: `${name}`.
    Dollar,
}

impl Style {
    /// The `style=` option exactly as written (no stripping, no quotes).
    pub fn from_config(text: &str) -> Result<Style, PyException> {
        match text {
            "%" => Ok(Style::Percent),
            "{" => Ok(Style::Brace),
            "$" => Ok(Style::Dollar),
            _ => Err(PyException::value_error("Style must be one of: %,{,$")),
        }
    }

    /// `%(message)s`, `{message}`, `${message}`.
    pub fn default_format(self) -> &'static str {
        match self {
            Style::Percent => "%(message)s",
            Style::Brace => "{message}",
            Style::Dollar => "${message}",
        }
    }
}

/// A field the format references, for lints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    /// The mapping key (`levelname`; for `{args[0]}` the whole expression).
    pub name: String,
    /// Byte range of the whole placeholder in the format text.
    pub span_in_format: Range<usize>,
}

/// What a failed emit prints as the last line of `--- Logging error ---`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitError {
    /// The exception `Formatter.format` raised.
    pub exception: PyException,
}

impl std::fmt::Display for EmitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.exception.fmt(f)
    }
}

/// `logging.Formatter(fmt, datefmt, style, validate=True, defaults=...)`,
/// compiled once (see the module docs).
#[derive(Debug, Clone)]
pub struct Formatter {
    style: Style,
    fmt: String,
    datefmt: Option<String>,
    uses_time: bool,
    /// The format as parsed (what [`Formatter::fields`] lists and the plan
    /// is compiled from).
    parsed: ParsedFormat,
    /// What the plan is compiled for.
    version: PyVersion,
    defaults: Option<PyValue>,
    /// Compiled on first render: checking a file builds every formatter
    /// and renders through none.
    plan: std::sync::OnceLock<Plan>,
}

/// A format parsed by its style's rules (owned: kept in the formatter).
#[derive(Debug, Clone)]
enum ParsedFormat {
    Percent(Vec<pyfmt::PercentPiece>),
    Brace(Vec<brace::BracePiece>),
    Dollar(Vec<dollar::DollarPiece>),
}

impl ParsedFormat {
    fn as_parsed(&self) -> Parsed<'_> {
        match self {
            ParsedFormat::Percent(pieces) => Parsed::Percent(pieces),
            ParsedFormat::Brace(pieces) => Parsed::Brace(pieces),
            ParsedFormat::Dollar(pieces) => Parsed::Dollar(pieces),
        }
    }
}

/// `%(asctime)`-style search of `usesTime()`; `$` also accepts `$asctime`.
fn uses_time(style: Style, fmt: &str) -> bool {
    match style {
        Style::Percent => fmt.contains("%(asctime)"),
        Style::Brace => fmt.contains("{asctime"),
        Style::Dollar => fmt.contains("$asctime") || fmt.contains("${asctime}"),
    }
}

/// `%\(\w+\)[#0+ -]*(\*|\d+)?(\.(\*|\d+))?[diouxefgcrsa%]` (re.I), searched.
fn percent_pattern_found(fmt: &str) -> bool {
    let s: Vec<char> = fmt.chars().collect();
    let digits = |i: usize| s[i..].iter().take_while(|c| brace_digit(**c)).count();
    (0..s.len()).any(|start| {
        if s[start] != '%' || s.get(start + 1) != Some(&'(') {
            return false;
        }
        let w = s[start + 2..]
            .iter()
            .take_while(|c| brace::is_word(**c))
            .count();
        let mut i = start + 2 + w;
        if w == 0 || s.get(i) != Some(&')') {
            return false;
        }
        i += 1;
        while matches!(s.get(i), Some('#' | '0' | '+' | ' ' | '-')) {
            i += 1;
        }
        let conv =
            |c: Option<&char>| c.is_some_and(|c| "diouxefgcrsa%".contains(c.to_ascii_lowercase()));
        // Width and precision are optional; regex backtracking means any
        // prefix of the digit runs may be followed by the conversion char,
        // but a digit is never a conversion char, so greedy is exact.
        if s.get(i) == Some(&'*') {
            i += 1;
        } else {
            i += digits(i);
        }
        if conv(s.get(i)) {
            return true;
        }
        if s.get(i) == Some(&'.') {
            let j = i + 1;
            let n = if s.get(j) == Some(&'*') { 1 } else { digits(j) };
            if n > 0 && conv(s.get(j + n)) {
                return true;
            }
        }
        false
    })
}

fn brace_digit(c: char) -> bool {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    c.is_ascii_digit() || (!c.is_ascii() && get_general_category(c) == G::DecimalNumber)
}

impl Formatter {
    /// Builds and validates a formatter as `fileConfig` does. An empty or
    /// missing `fmt`/`datefmt` means none. `defaults` is ignored before 3.12
    /// (fileConfig does not read the option there). Field names are resolved
    /// here, for records of `version` (`%(taskName)s` is a record attribute
    /// from 3.12 on, an `extra=` key or a `KeyError` before).
    pub fn new(
        fmt: Option<&str>,
        datefmt: Option<&str>,
        style: Style,
        defaults: Option<&PyValue>,
        version: PyVersion,
    ) -> Result<Formatter, PyException> {
        let fmt = fmt
            .filter(|f| !f.is_empty())
            .unwrap_or(style.default_format())
            .to_string();
        let uses_time = uses_time(style, &fmt);
        let defaults = defaults.filter(|_| version.reads_formatter_defaults());
        let parsed = match style {
            Style::Percent => {
                if !percent_pattern_found(&fmt) {
                    return Err(PyException::value_error(format!(
                        "Invalid format '{fmt}' for '%' style"
                    )));
                }
                ParsedFormat::Percent(pyfmt::parse_percent(&fmt))
            }
            Style::Brace => ParsedFormat::Brace(brace::validate_brace(&fmt)?),
            Style::Dollar => {
                let pieces = dollar::parse_dollar(&fmt);
                dollar::validate_dollar(&pieces)?;
                ParsedFormat::Dollar(pieces)
            }
        };
        Ok(Formatter {
            style,
            uses_time,
            datefmt: datefmt.filter(|d| !d.is_empty()).map(str::to_string),
            fmt,
            parsed,
            version,
            defaults: defaults.cloned(),
            plan: std::sync::OnceLock::new(),
        })
    }

    /// The compiled plan every render goes through (compiled on first use).
    fn plan(&self) -> &Plan {
        self.plan.get_or_init(|| {
            let defaults = self.defaults.as_ref();
            Plan::new(self.parsed.as_parsed(), self.version, self.uses_time, defaults)
        })
    }

    /// The `style=` it was built with.
    pub fn style(&self) -> Style {
        self.style
    }

    /// The effective format (`_fmt`: the style default when none was given).
    pub fn fmt(&self) -> &str {
        &self.fmt
    }

    /// `datefmt` (`None`: the default `%Y-%m-%d %H:%M:%S,mmm`).
    pub fn datefmt(&self) -> Option<&str> {
        self.datefmt.as_deref()
    }

    /// `usesTime()`.
    pub fn uses_time(&self) -> bool {
        self.uses_time
    }

    /// Fields the format references, in order.
    pub fn fields(&self) -> Vec<FieldRef> {
        field_refs(&self.parsed.as_parsed())
    }

    /// `formatTime(record, datefmt)` with `converter` = a zone at a fixed
    /// offset (`utc_offset` seconds east, abbreviation `zone` for `%Z`).
    pub fn format_time(
        &self,
        record: &LogRecord,
        utc_offset: i32,
        zone: &str,
    ) -> Result<String, PyException> {
        let local = |_| (utc_offset, zone.to_string());
        AsctimeCache::new()
            .asctime(self.datefmt(), record.created, record.msecs, &local)
            .map(str::to_string)
    }

    /// `Formatter.format(record)` → the text, or the exception `handleError` reports.
    pub fn format(
        &self,
        record: &LogRecord,
        utc_offset: i32,
        zone: &str,
    ) -> Result<String, EmitError> {
        let mut out = String::with_capacity(self.fmt.len() + 64);
        self.format_into(record, utc_offset, zone, &mut out)?;
        Ok(out)
    }

    /// Like [`Formatter::format`], appending to `out` (which is left partially
    /// written on error).
    pub fn format_into(
        &self,
        record: &LogRecord,
        utc_offset: i32,
        zone: &str,
        out: &mut String,
    ) -> Result<(), EmitError> {
        let wrap = |exception| EmitError { exception };
        let message = record.get_message().map_err(wrap)?;
        let local = |_| (utc_offset, zone.to_string());
        self.render(record, &message, &mut AsctimeCache::new(), &local, out)
            .map_err(wrap)?;
        for extra in [record.exc_text.as_deref(), record.stack_info.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
        {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(extra);
        }
        Ok(())
    }

    /// [`Formatter::format_into`] for a borrowed [`view::RecordView`] (whose
    /// message is final text): same text, same errors, nothing allocated
    /// per record once `cache` is warm. `local(epoch)` is `time.localtime`'s
    /// UTC offset and zone abbreviation, asked once per second.
    pub fn format_view_into(
        &self,
        view: &view::RecordView<'_>,
        cache: &mut AsctimeCache,
        local: &dyn Fn(i64) -> (i32, String),
        out: &mut String,
    ) -> Result<(), EmitError> {
        self.render(view, view.message, cache, local, out)
            .map_err(|exception| EmitError { exception })
    }
}

/// The named fields of a parsed format, as [`Formatter::fields`] lists them.
fn field_refs(parsed: &Parsed<'_>) -> Vec<FieldRef> {
    let field = |name: &str, span: &Range<usize>| FieldRef {
        name: name.to_string(),
        span_in_format: span.clone(),
    };
    match parsed {
        Parsed::Percent(pieces) => pieces
            .iter()
            .filter_map(|p| match p {
                pyfmt::PercentPiece::Conversion {
                    key: Some(key),
                    span,
                    ..
                } => Some(field(key, span)),
                _ => None,
            })
            .collect(),
        Parsed::Brace(pieces) => pieces
            .iter()
            .filter_map(|p| match p {
                brace::BracePiece::Field { name, span, .. } if !name.is_empty() => {
                    Some(field(name, span))
                }
                _ => None,
            })
            .collect(),
        Parsed::Dollar(pieces) => pieces
            .iter()
            .filter_map(|p| match p {
                dollar::DollarPiece::Field { name, span } => Some(field(name, span)),
                _ => None,
            })
            .collect(),
    }
}

/// The reduced `--- Logging error ---` block as the oracle normalises it.
pub fn logging_error_block(error: &EmitError, record: &LogRecord) -> String {
    format!(
        "--- Logging error ---\n{}\nMessage: {}\nArguments: {}\n",
        error.exception,
        pyfmt::repr_value(&record.msg),
        pyfmt::repr_value(&record.args)
    )
}
