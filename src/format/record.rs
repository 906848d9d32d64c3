//! `logging.LogRecord`: every attribute CPython's constructor sets, per version.
//!
//! # Example
//! ```
//! use logcheck::format::record::{LogRecord, RecordTime};
//! use logcheck::version::PyVersion;
//! use logcheck::pyvalue::PyValue;
//! let v311: PyVersion = "3.11.7".parse().unwrap();
//! let time = RecordTime::from_ns(1_704_164_645_678_000_000, 1_704_164_645_678_000_000, v311);
//! let rec = LogRecord::new("app", 30, "src/app.py", 7, PyValue::Str("hi %s".into()), vec![PyValue::Str("x".into())], time, v311);
//! assert_eq!((rec.filename.as_str(), rec.module.as_str()), ("app.py", "app"));
//! assert_eq!(rec.msecs, 677.0); // float arithmetic; 3.13 gives 678
//! assert_eq!(rec.get_message().unwrap(), "hi x");
//! ```

use super::attr::{ATTRIBUTES, Record, RecordAttr};
use super::pyfmt::{self, PercentArgs, Val};

pub use super::attr::record_attribute_names;
use crate::diagnostic::PyException;
use crate::pyvalue::PyValue;
use crate::version::PyVersion;

/// `created`, `msecs` and `relativeCreated` as the version computes them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecordTime {
    /// `record.created`: seconds since the epoch.
    pub created: f64,
    /// `record.msecs`.
    pub msecs: f64,
    /// `record.relativeCreated`: milliseconds since `logging` was imported.
    pub relative_created: f64,
}

/// The float nearest to `ns / 1e9` (what `float(Fraction(ns, 10**9))` and a
/// frozen `time.time()` give).
fn nearest_seconds(ns: i128) -> f64 {
    let sign = if ns < 0 { "-" } else { "" };
    let abs = ns.unsigned_abs();
    format!("{sign}{}.{:09}", abs / 1_000_000_000, abs % 1_000_000_000)
        .parse()
        .unwrap_or(0.0)
}

impl RecordTime {
    /// From the event time and the logging module's import time (`_startTime`),
    /// both in integer nanoseconds since the epoch. ≤3.12 works on float
    /// seconds (`time.time()`), 3.13+ on integer nanoseconds (`time.time_ns()`).
    pub fn from_ns(created_ns: i128, start_ns: i128, version: PyVersion) -> Self {
        if version.msecs_from_ns() {
            // i64 arithmetic when it fits (i128 division and i128 → f64 are
            // slow software routines); the same values either way.
            if let (Ok(created_ns), Ok(start_ns)) =
                (i64::try_from(created_ns), i64::try_from(start_ns))
                && let Some(relative_ns) = created_ns.checked_sub(start_ns)
            {
                let created = created_ns as f64 / 1e9;
                let mut msecs = (created_ns.rem_euclid(1_000_000_000) / 1_000_000) as f64;
                if msecs == 999.0 && trunc(created) as i64 != created_ns.div_euclid(1_000_000_000) {
                    msecs = 0.0;
                }
                return RecordTime {
                    created,
                    msecs,
                    relative_created: relative_ns as f64 / 1e6,
                };
            }
            let created = created_ns as f64 / 1e9;
            let mut msecs = (created_ns.rem_euclid(1_000_000_000) / 1_000_000) as f64;
            if msecs == 999.0 && created.trunc() as i128 != created_ns.div_euclid(1_000_000_000) {
                msecs = 0.0;
            }
            RecordTime {
                created,
                msecs,
                relative_created: (created_ns - start_ns) as f64 / 1e6,
            }
        } else {
            Self::from_float(nearest_seconds(created_ns), nearest_seconds(start_ns), version)
        }
    }

    /// ≤3.12 arithmetic from float seconds (`time.time()` values): 3.10+
    /// truncate `msecs` to whole milliseconds (gh-89047), 3.8 and 3.9 keep
    /// the fraction.
    pub fn from_float(created: f64, start: f64, version: PyVersion) -> Self {
        let fraction = (created - trunc(created)) * 1000.0;
        RecordTime {
            created,
            msecs: if version.minor < 10 {
                fraction
            } else {
                trunc(fraction) + 0.0
            },
            relative_created: (created - start) * 1000.0,
        }
    }
}

/// `f64::trunc`, exactly (sign of zero included), without the libm call
/// that baseline x86-64 makes for it: below 2^52 in magnitude the integer
/// conversion is the truncation.
#[inline]
pub(crate) fn trunc(x: f64) -> f64 {
    if x.abs() < 4_503_599_627_370_496.0 {
        ((x as i64) as f64).copysign(x)
    } else {
        x.trunc()
    }
}

/// A log record. Optional attributes hold `None` as Python does.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRecord {
    /// `name`: the logger's name.
    pub name: String,
    /// `msg`: the message before `% args`.
    pub msg: PyValue,
    /// A tuple, or a dict when the only argument was a non-empty mapping.
    pub args: PyValue,
    /// `levelname`.
    pub levelname: String,
    /// `levelno`.
    pub levelno: i64,
    /// `pathname`: the caller's source file.
    pub pathname: String,
    /// `filename`: `os.path.basename(pathname)`.
    pub filename: String,
    /// `module`: `filename` without its extension.
    pub module: String,
    /// `exc_info` (`None` unless an exception was passed).
    pub exc_info: PyValue,
    /// `exc_text`: the formatted traceback, appended to the line.
    pub exc_text: Option<String>,
    /// `stack_info`: appended to the line after `exc_text`.
    pub stack_info: Option<String>,
    /// `lineno`.
    pub lineno: i64,
    /// `funcName`.
    pub func_name: Option<String>,
    /// `created`: seconds since the epoch.
    pub created: f64,
    /// `msecs`.
    pub msecs: f64,
    /// `relativeCreated`.
    pub relative_created: f64,
    /// `thread`: `threading.get_ident()`.
    pub thread: Option<i64>,
    /// `threadName`.
    pub thread_name: Option<String>,
    /// `processName`.
    pub process_name: Option<String>,
    /// `process`: the pid.
    pub process: Option<i64>,
    /// 3.12+ only (`None` outside asyncio tasks); absent on 3.11.
    pub task_name: Option<String>,
    /// `extra=` fields, in insertion order (added after the constructor ran).
    pub extra: Vec<(String, PyValue)>,
    /// The CPython version whose `LogRecord` this is.
    pub version: PyVersion,
}

/// `logging.getLevelName(level)` for a number.
pub fn level_name(levelno: i64) -> String {
    crate::level::Level(levelno).name().into_owned()
}

/// `os.path.basename` and `os.path.splitext(...)[0]` (POSIX).
fn basename_and_module(pathname: &str) -> (String, String) {
    let base = pathname.rsplit('/').next().unwrap_or(pathname).to_string();
    let stem_end = base
        .rfind('.')
        .filter(|&dot| base[..dot].chars().any(|c| c != '.'))
        .unwrap_or(base.len());
    let module = base[..stem_end].to_string();
    (base, module)
}

impl LogRecord {
    /// `LogRecord(name, level, pathname, lineno, msg, args, None, func="<module>")`
    /// with `thread`=1, `threadName`='MainThread', `processName`='MainProcess',
    /// `process`=4242 (the oracle's values; set the fields to override).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        name: &str,
        levelno: i64,
        pathname: &str,
        lineno: i64,
        msg: PyValue,
        args: Vec<PyValue>,
        time: RecordTime,
        version: PyVersion,
    ) -> Self {
        let args = match args.as_slice() {
            [PyValue::Dict(items)] if !items.is_empty() => PyValue::Dict(items.clone()),
            _ => PyValue::Tuple(args),
        };
        let (filename, module) = basename_and_module(pathname);
        LogRecord {
            name: name.to_string(),
            msg,
            args,
            levelname: level_name(levelno),
            levelno,
            pathname: pathname.to_string(),
            filename,
            module,
            exc_info: PyValue::None,
            exc_text: None,
            stack_info: None,
            lineno,
            func_name: Some("<module>".into()),
            created: time.created,
            msecs: time.msecs,
            relative_created: time.relative_created,
            thread: Some(1),
            thread_name: Some("MainThread".into()),
            process_name: Some("MainProcess".into()),
            process: Some(4242),
            task_name: None,
            extra: Vec::new(),
            version,
        }
    }

    /// An attribute of `record.__dict__` (record attributes, then `extra`).
    pub fn attribute(&self, key: &str) -> Option<Val<'_>> {
        match RecordAttr::from_name(key, self.version) {
            Some(attr) => Some(self.attr(attr)),
            None => self.extra(key),
        }
    }

    /// `(key, value)` pairs of `record.__dict__` before formatting, in order.
    pub fn items(&self) -> Vec<(&str, Val<'_>)> {
        let mut items: Vec<(&str, Val)> = ATTRIBUTES
            .iter()
            .filter(|spec| spec.available(self.version))
            .map(|spec| (spec.name, self.attr(spec.attr)))
            .collect();
        items.extend(
            self.extra
                .iter()
                .map(|(k, v)| (k.as_str(), Val::from_py(v))),
        );
        items
    }

    /// `LogRecord.getMessage()`: `str(msg)`, then `% args` when args is truthy.
    pub fn get_message(&self) -> Result<String, PyException> {
        let mut text = String::new();
        pyfmt::write_str(&Val::from_py(&self.msg), &mut text);
        if !self.args.is_truthy() {
            return Ok(text);
        }
        let pieces = pyfmt::parse_percent(&text);
        let mut out = String::with_capacity(text.len() + 16);
        match &self.args {
            PyValue::Tuple(items) => {
                let vals: Vec<Val> = items.iter().map(Val::from_py).collect();
                let mut args = pyfmt::TupleArgs {
                    items: &vals,
                    used: 0,
                };
                pyfmt::render_percent(&pieces, &mut args, self.version, &mut out)?;
            }
            mapping => {
                let mut args = MappingArgs {
                    mapping,
                    whole_used: false,
                };
                pyfmt::render_percent(&pieces, &mut args, self.version, &mut out)?;
            }
        }
        Ok(out)
    }
}

impl Record for LogRecord {
    #[inline]
    fn attr(&self, attr: RecordAttr) -> Val<'_> {
        let opt_int = |v: Option<i64>| v.map_or(Val::None, |n| Val::Int(i128::from(n)));
        match attr {
            RecordAttr::Name => Val::Str(&self.name),
            RecordAttr::Msg => Val::from_py(&self.msg),
            RecordAttr::Args => Val::from_py(&self.args),
            RecordAttr::LevelName => Val::Str(&self.levelname),
            RecordAttr::LevelNo => Val::Int(i128::from(self.levelno)),
            RecordAttr::PathName => Val::Str(&self.pathname),
            RecordAttr::FileName => Val::Str(&self.filename),
            RecordAttr::Module => Val::Str(&self.module),
            RecordAttr::ExcInfo => Val::from_py(&self.exc_info),
            RecordAttr::ExcText => Val::opt_str(self.exc_text.as_deref()),
            RecordAttr::StackInfo => Val::opt_str(self.stack_info.as_deref()),
            RecordAttr::LineNo => Val::Int(i128::from(self.lineno)),
            RecordAttr::FuncName => Val::opt_str(self.func_name.as_deref()),
            RecordAttr::Created => Val::Float(self.created),
            RecordAttr::Msecs => Val::Float(self.msecs),
            RecordAttr::RelativeCreated => Val::Float(self.relative_created),
            RecordAttr::Thread => opt_int(self.thread),
            RecordAttr::ThreadName => Val::opt_str(self.thread_name.as_deref()),
            RecordAttr::ProcessName => Val::opt_str(self.process_name.as_deref()),
            RecordAttr::Process => opt_int(self.process),
            RecordAttr::TaskName => Val::opt_str(self.task_name.as_deref()),
        }
    }

    fn extra(&self, key: &str) -> Option<Val<'_>> {
        self.extra
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| Val::from_py(v))
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn levelname(&self) -> &str {
        &self.levelname
    }

    fn time(&self) -> (f64, f64) {
        (self.created, self.msecs)
    }
}

/// `msg % mapping`: keys looked up in a dict argument.
struct MappingArgs<'a> {
    mapping: &'a PyValue,
    whole_used: bool,
}

impl<'a> PercentArgs<'a> for MappingArgs<'a> {
    fn lookup(&self, key: &str) -> Result<Val<'a>, PyException> {
        if let PyValue::Dict(items) = self.mapping {
            for (k, v) in items {
                if k.as_str() == Some(key) {
                    return Ok(Val::from_py(v));
                }
            }
        }
        Err(PyException::key_error(key))
    }
    fn next(&mut self) -> Option<Val<'a>> {
        if self.whole_used {
            return None;
        }
        self.whole_used = true;
        Some(Val::from_py(self.mapping))
    }
    fn is_mapping(&self) -> bool {
        true
    }
    fn has_unused(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunc_is_f64_trunc_bit_for_bit() {
        let mut values = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.0,
            -1.0,
            1_795_680_000.123,
            -1_795_680_000.999,
            4_503_599_627_370_495.5,
            4_503_599_627_370_496.0,
            -4_503_599_627_370_497.0,
            1e300,
            -1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
        ];
        let mut x = 1.0e-3_f64;
        while x < 1e20 {
            values.extend([x, -x, x * 0.999_999_9, -x * 1.000_000_1]);
            x *= 3.7;
        }
        for v in values {
            assert_eq!(trunc(v).to_bits(), v.trunc().to_bits(), "{v:e}");
        }
        assert!(trunc(f64::NAN).is_nan());
    }

    #[test]
    fn from_ns_takes_the_same_values_on_both_paths() {
        let v313 = PyVersion::new(3, 13, 0);
        for (created, start) in [
            (
                1_795_680_000_123_456_789_i128,
                1_795_679_000_000_000_000_i128,
            ),
            (1_795_680_000_999_999_999, 1_795_680_000_999_999_999),
            (-1_500_000_001, 0),
            (0, 1_000),
        ] {
            let fast = RecordTime::from_ns(created, start, v313);
            // the i128 path, forced by an out-of-i64 twin shifted back
            let wide = RecordTime::from_ns(created + (1_i128 << 70), start + (1_i128 << 70), v313);
            assert_eq!(fast.relative_created, wide.relative_created, "{created}");
            assert_eq!(fast.msecs, {
                let c = created as f64 / 1e9;
                let mut m = (created.rem_euclid(1_000_000_000) / 1_000_000) as f64;
                if m == 999.0 && c.trunc() as i128 != created.div_euclid(1_000_000_000) {
                    m = 0.0;
                }
                m
            });
        }
    }

    /// `msg % mapping` with a `*` in a keyed directive: the `*` takes the
    /// key's value (CPython's `PyUnicode_Format`).
    #[test]
    fn keyed_star_takes_the_value() {
        let v = PyVersion::DEFAULT;
        let time = RecordTime::from_float(0.0, 0.0, v);
        for (value, expected) in [
            (
                PyValue::Int(5),
                "TypeError: not enough arguments for format string",
            ),
            (PyValue::Str("x".into()), "TypeError: * wants int"),
        ] {
            let args = vec![PyValue::Dict(vec![(PyValue::Str("k".into()), value)])];
            let msg = PyValue::Str("%(k)*d".into());
            let rec = LogRecord::new("a", 20, "a.py", 1, msg, args, time, v);
            assert_eq!(rec.get_message().unwrap_err().to_string(), expected);
        }
    }
}
