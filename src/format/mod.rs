//! A Python-exact `logging.Formatter`: validation at construction (always on in
//! `fileConfig`) with CPython's messages, and rendering of records with the
//! `%`, `{` and `$` styles, `asctime` via glibc-exact `strftime`.
//!
//! The format is compiled once into pieces; formatting a record walks them.
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

pub mod brace;
pub mod dollar;
pub mod pyfmt;
pub mod record;
pub mod strftime;
pub mod view;

use crate::diagnostic::PyException;
use crate::pyrepr::repr_str;
use crate::pyvalue::PyValue;
use crate::version::PyVersion;
use brace::BracePiece;
use dollar::DollarPiece;
use pyfmt::{PercentArgs, PercentPiece, Val};
use record::LogRecord;
use std::ops::Range;

pub use record::record_attribute_names;

/// A formatter's `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Percent,
    Brace,
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
    pub exception: PyException,
}

impl std::fmt::Display for EmitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.exception.fmt(f)
    }
}

#[derive(Debug, Clone)]
enum Compiled {
    Percent(Vec<PercentPiece>),
    Brace(Vec<BracePiece>),
    Dollar(Vec<DollarPiece>),
}

/// `logging.Formatter(fmt, datefmt, style, validate=True, defaults=...)`.
#[derive(Debug, Clone)]
pub struct Formatter {
    style: Style,
    fmt: String,
    datefmt: Option<String>,
    defaults: Option<PyValue>,
    uses_time: bool,
    compiled: Compiled,
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
    /// (fileConfig does not read the option there).
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
        let compiled = match style {
            Style::Percent => {
                if !percent_pattern_found(&fmt) {
                    return Err(PyException::value_error(format!(
                        "Invalid format '{fmt}' for '%' style"
                    )));
                }
                Compiled::Percent(pyfmt::parse_percent(&fmt))
            }
            Style::Brace => Compiled::Brace(brace::validate_brace(&fmt)?),
            Style::Dollar => {
                let pieces = dollar::parse_dollar(&fmt);
                dollar::validate_dollar(&pieces)?;
                Compiled::Dollar(pieces)
            }
        };
        Ok(Formatter {
            style,
            uses_time: uses_time(style, &fmt),
            datefmt: datefmt.filter(|d| !d.is_empty()).map(str::to_string),
            defaults: defaults
                .filter(|_| version.reads_formatter_defaults())
                .cloned(),
            fmt,
            compiled,
        })
    }

    pub fn style(&self) -> Style {
        self.style
    }

    /// The effective format (`_fmt`: the style default when none was given).
    pub fn fmt(&self) -> &str {
        &self.fmt
    }

    pub fn datefmt(&self) -> Option<&str> {
        self.datefmt.as_deref()
    }

    /// `usesTime()`.
    pub fn uses_time(&self) -> bool {
        self.uses_time
    }

    /// Fields the format references, in order.
    pub fn fields(&self) -> Vec<FieldRef> {
        match &self.compiled {
            Compiled::Percent(pieces) => pieces
                .iter()
                .filter_map(|p| match p {
                    PercentPiece::Conversion {
                        key: Some(key),
                        span,
                        ..
                    } => Some(FieldRef {
                        name: key.clone(),
                        span_in_format: span.clone(),
                    }),
                    _ => None,
                })
                .collect(),
            Compiled::Brace(pieces) => pieces
                .iter()
                .filter_map(|p| match p {
                    BracePiece::Field { name, span, .. } if !name.is_empty() => Some(FieldRef {
                        name: name.clone(),
                        span_in_format: span.clone(),
                    }),
                    _ => None,
                })
                .collect(),
            Compiled::Dollar(pieces) => pieces
                .iter()
                .filter_map(|p| match p {
                    DollarPiece::Field { name, span } => Some(FieldRef {
                        name: name.clone(),
                        span_in_format: span.clone(),
                    }),
                    _ => None,
                })
                .collect(),
        }
    }

    /// `formatTime(record, datefmt)` with `converter` = a zone at a fixed
    /// offset (`utc_offset` seconds east, abbreviation `zone` for `%Z`).
    pub fn format_time(
        &self,
        record: &LogRecord,
        utc_offset: i32,
        zone: &str,
    ) -> Result<String, PyException> {
        // time.localtime(float) floors to whole seconds.
        let t =
            strftime::BrokenDownTime::from_epoch(record.created.floor() as i64, utc_offset, zone);
        match &self.datefmt {
            Some(datefmt) => strftime::strftime(datefmt, &t),
            None => {
                let mut s = strftime::strftime("%Y-%m-%d %H:%M:%S", &t)?;
                s.push_str(&format!(",{:03}", record.msecs.trunc() as i64));
                Ok(s)
            }
        }
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
        let asctime = if self.uses_time {
            Some(self.format_time(record, utc_offset, zone).map_err(wrap)?)
        } else {
            None
        };
        self.format_with(record, &message, asctime.as_deref(), out)
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

    /// `formatMessage` with `message`/`asctime` already computed.
    pub fn format_with(
        &self,
        record: &LogRecord,
        message: &str,
        asctime: Option<&str>,
        out: &mut String,
    ) -> Result<(), PyException> {
        self.render_fields(record, message, asctime, out)
    }

    /// `formatMessage` over any record representation (an owned [`LogRecord`]
    /// or a borrowed `view::RecordView`): the one rendering path of all styles.
    /// A missing field becomes the `ValueError` that `Style.format` raises
    /// (`except KeyError as e: raise ValueError('Formatting field not found
    /// in record: %s' % e)`).
    pub(crate) fn render_fields<R: RecordAttributes + ?Sized>(
        &self,
        record: &R,
        message: &str,
        asctime: Option<&str>,
        out: &mut String,
    ) -> Result<(), PyException> {
        self.render_style(record, message, asctime, out)
            .map_err(|e| {
                if e.type_name == "KeyError" {
                    PyException::value_error(format!(
                        "Formatting field not found in record: {}",
                        e.message
                    ))
                } else {
                    e
                }
            })
    }

    fn render_style<R: RecordAttributes + ?Sized>(
        &self,
        record: &R,
        message: &str,
        asctime: Option<&str>,
        out: &mut String,
    ) -> Result<(), PyException> {
        let defaults = match &self.defaults {
            Some(PyValue::Dict(items)) => Some(items.as_slice()),
            Some(other) if other.is_truthy() => {
                return Err(PyException::type_error(format!(
                    "unsupported operand type(s) for |: '{}' and 'dict'",
                    other.type_name()
                )));
            }
            _ => None,
        };
        let mut map = RecordMap {
            record,
            message,
            asctime,
            defaults,
            whole_used: false,
        };
        match &self.compiled {
            Compiled::Percent(pieces) => pyfmt::render_percent(pieces, &mut map, out),
            Compiled::Dollar(pieces) => {
                for piece in pieces {
                    match piece {
                        DollarPiece::Literal(text) => out.push_str(text),
                        DollarPiece::Field { name, .. } => {
                            pyfmt::write_str(&map.lookup(name)?, out);
                        }
                        DollarPiece::Invalid { line, col } => {
                            return Err(PyException::value_error(format!(
                                "Invalid placeholder in string: line {line}, col {col}"
                            )));
                        }
                    }
                }
                Ok(())
            }
            Compiled::Brace(pieces) => render_brace(pieces, &map, out, 2),
        }
    }
}

/// Read access to a record's attributes, by name, as `record.__dict__[key]`.
pub(crate) trait RecordAttributes {
    fn attribute(&self, key: &str) -> Option<Val<'_>>;
}

impl RecordAttributes for LogRecord {
    fn attribute(&self, key: &str) -> Option<Val<'_>> {
        LogRecord::attribute(self, key)
    }
}

/// `defaults | record.__dict__` (+ `message`, `asctime`) as a lookup.
struct RecordMap<'r, R: RecordAttributes + ?Sized> {
    record: &'r R,
    message: &'r str,
    asctime: Option<&'r str>,
    defaults: Option<&'r [(PyValue, PyValue)]>,
    whole_used: bool,
}

impl<'r, R: RecordAttributes + ?Sized> PercentArgs<'r> for RecordMap<'r, R> {
    fn lookup(&self, key: &str) -> Result<Val<'r>, PyException> {
        if let Some(v) = self.record.attribute(key) {
            return Ok(v);
        }
        match key {
            "message" => return Ok(Val::Str(self.message)),
            "asctime" if self.asctime.is_some() => return Ok(Val::opt_str(self.asctime)),
            _ => {}
        }
        for (k, v) in self.defaults.unwrap_or(&[]) {
            if k.as_str() == Some(key) {
                return Ok(Val::from_py(v));
            }
        }
        Err(PyException::key_error(key))
    }

    /// A key-less conversion consumes the whole mapping once (then "not
    /// enough arguments"). Its `%s`/`%r`/`%a` text (the dict's repr) is not
    /// modelled: `render_percent` reports that as `NotImplementedError`.
    fn next(&mut self) -> Option<Val<'r>> {
        if self.whole_used {
            return None;
        }
        self.whole_used = true;
        Some(Val::Other(&pyfmt::WHOLE_MAPPING))
    }

    fn is_mapping(&self) -> bool {
        true
    }

    fn has_unused(&self) -> bool {
        false
    }
}

fn render_brace<R: RecordAttributes + ?Sized>(
    pieces: &[BracePiece],
    map: &RecordMap<'_, R>,
    out: &mut String,
    depth: u32,
) -> Result<(), PyException> {
    let mut auto_index = 0usize;
    for piece in pieces {
        match piece {
            BracePiece::Literal(text) => out.push_str(text),
            BracePiece::Field {
                name,
                conversion,
                spec,
                ..
            } => {
                let value = brace_field(name, map, &mut auto_index)?;
                let spec = if spec.contains('{') {
                    if depth == 0 {
                        return Err(PyException::value_error("Max string recursion exceeded"));
                    }
                    let inner = brace::parse_brace(spec)?;
                    let mut expanded = String::new();
                    render_brace(&inner, map, &mut expanded, depth - 1)?;
                    expanded
                } else {
                    spec.clone()
                };
                let converted;
                let value = match conversion {
                    None => value,
                    Some(c) => {
                        let mut s = String::new();
                        match c {
                            's' => pyfmt::write_str(&value, &mut s),
                            'r' => pyfmt::write_repr(&value, &mut s),
                            'a' => pyfmt::write_ascii(&value, &mut s),
                            c => {
                                return Err(PyException::value_error(format!(
                                    "Unknown conversion specifier {c}"
                                )));
                            }
                        }
                        converted = s;
                        Val::Str(&converted)
                    }
                };
                brace::format_value(&value, &spec, out)?;
            }
        }
    }
    Ok(())
}

/// Resolves `name`, `name[0]`, `name[key]`; attribute access is limited to
/// the numeric `real`/`imag` (others raise `AttributeError`).
fn brace_field<'r, R: RecordAttributes + ?Sized>(
    name: &str,
    map: &RecordMap<'r, R>,
    auto_index: &mut usize,
) -> Result<Val<'r>, PyException> {
    let first_end = name.find(['.', '[']).unwrap_or(name.len());
    let first = &name[..first_end];
    let index_error = |i: usize| {
        PyException::new(
            "IndexError",
            format!("Replacement index {i} out of range for positional args tuple"),
        )
    };
    if first.is_empty() {
        let i = *auto_index;
        *auto_index += 1;
        return Err(index_error(i));
    }
    if first.chars().all(|c| c.is_ascii_digit()) {
        return Err(index_error(first.parse().unwrap_or(0)));
    }
    let mut value = map.lookup(first)?;
    let mut rest = &name[first_end..];
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let attr = &after[..end];
            value = match (value, attr) {
                (Val::Int(_) | Val::Bool(_), "imag") => Val::Int(0),
                (Val::Int(n), "real" | "numerator") => Val::Int(n),
                (Val::Bool(b), "real" | "numerator") => Val::Int(i128::from(b)),
                (Val::Int(_) | Val::Bool(_), "denominator") => Val::Int(1),
                (Val::Float(x), "real") => Val::Float(x),
                (Val::Float(_), "imag") => Val::Float(0.0),
                (v, attr) => {
                    return Err(PyException::new(
                        "AttributeError",
                        format!(
                            "'{}' object has no attribute {}",
                            v.type_name(),
                            repr_str(attr)
                        ),
                    ));
                }
            };
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']').unwrap_or(after.len());
            let key = &after[..end];
            value = brace_index(value, key)?;
            rest = after.get(end + 1..).unwrap_or("");
        } else {
            return Err(PyException::value_error(
                "Only '.' or '[' may follow ']' in format field specifier",
            ));
        }
    }
    Ok(value)
}

fn brace_index<'r>(value: Val<'r>, key: &str) -> Result<Val<'r>, PyException> {
    let index: Option<usize> = key
        .chars()
        .all(|c| c.is_ascii_digit())
        .then(|| key.parse().ok())
        .flatten();
    match (value, index) {
        (Val::Other(PyValue::Tuple(items) | PyValue::List(items)), Some(i)) => {
            items.get(i).map(Val::from_py).ok_or_else(|| {
                let kind = if matches!(value, Val::Other(PyValue::Tuple(_))) {
                    "tuple"
                } else {
                    "list"
                };
                PyException::new("IndexError", format!("{kind} index out of range"))
            })
        }
        (Val::Other(PyValue::Dict(items)), _) => {
            let found = items.iter().find(|(k, _)| match (k, index) {
                (PyValue::Int(n), Some(i)) => *n == i as i128,
                (PyValue::Str(s), None) => s == key,
                _ => false,
            });
            match found {
                Some((_, v)) => Ok(Val::from_py(v)),
                None => Err(match index {
                    Some(i) => PyException::new("KeyError", i.to_string()),
                    None => PyException::key_error(key),
                }),
            }
        }
        (Val::Str(s), Some(i)) => match s.char_indices().nth(i) {
            Some((start, c)) => Ok(Val::Str(&s[start..start + c.len_utf8()])),
            None => Err(PyException::new("IndexError", "string index out of range")),
        },
        (v @ (Val::Str(_) | Val::Other(PyValue::Tuple(_) | PyValue::List(_))), None) => {
            Err(PyException::type_error(format!(
                "{} indices must be integers or slices, not str",
                v.type_name()
            )))
        }
        (v, _) => Err(PyException::type_error(format!(
            "'{}' object is not subscriptable",
            v.type_name()
        ))),
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
