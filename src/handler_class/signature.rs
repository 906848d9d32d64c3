//! Constructor signatures of the standard handlers and Python's argument binding.

use crate::diagnostic::PyException;
use crate::pyvalue::{PyObject, PyValue};

/// The standard-library handler classes logcheck models (same signatures in 3.11–3.13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KnownClass {
    Handler,
    StreamHandler,
    FileHandler,
    NullHandler,
    WatchedFileHandler,
    BaseRotatingHandler,
    RotatingFileHandler,
    TimedRotatingFileHandler,
    SocketHandler,
    DatagramHandler,
    SysLogHandler,
    NtEventLogHandler,
    SmtpHandler,
    BufferingHandler,
    MemoryHandler,
    HttpHandler,
    QueueHandler,
    /// `logging.Formatter`, a common mistake for a handler class (spec H47).
    Formatter,
}

/// A parameter: name and default (`None` = required).
type Param = (&'static str, Option<fn() -> PyValue>);

fn none() -> PyValue {
    PyValue::None
}
fn f_false() -> PyValue {
    PyValue::Bool(false)
}
fn f_true() -> PyValue {
    PyValue::Bool(true)
}
fn zero() -> PyValue {
    PyValue::Int(0)
}
fn one() -> PyValue {
    PyValue::Int(1)
}
fn mode_a() -> PyValue {
    PyValue::Str("a".into())
}

// The `__init__` signatures of the longer classes, as in CPython's
// `logging/__init__.py` and `logging/handlers.py`.

/// `FileHandler` and `WatchedFileHandler`.
const FILE_PARAMS: &[Param] = &[
    ("filename", None),
    ("mode", Some(mode_a)),
    ("encoding", Some(none)),
    ("delay", Some(f_false)),
    ("errors", Some(none)),
];
/// `BaseRotatingHandler`: `mode` has no default.
const BASE_ROTATING_PARAMS: &[Param] = &[
    ("filename", None),
    ("mode", None),
    ("encoding", Some(none)),
    ("delay", Some(f_false)),
    ("errors", Some(none)),
];
const ROTATING_PARAMS: &[Param] = &[
    ("filename", None),
    ("mode", Some(mode_a)),
    ("maxBytes", Some(zero)),
    ("backupCount", Some(zero)),
    ("encoding", Some(none)),
    ("delay", Some(f_false)),
    ("errors", Some(none)),
];
const TIMED_ROTATING_PARAMS: &[Param] = &[
    ("filename", None),
    ("when", Some(|| PyValue::Str("h".into()))),
    ("interval", Some(one)),
    ("backupCount", Some(zero)),
    ("encoding", Some(none)),
    ("delay", Some(f_false)),
    ("utc", Some(f_false)),
    ("atTime", Some(none)),
    ("errors", Some(none)),
];
const SYSLOG_PARAMS: &[Param] = &[
    (
        "address",
        Some(|| PyValue::Tuple(vec![PyValue::Str("localhost".into()), PyValue::Int(514)])),
    ),
    ("facility", Some(one)),
    ("socktype", Some(none)),
];
const NT_EVENT_LOG_PARAMS: &[Param] = &[
    ("appname", None),
    ("dllname", Some(none)),
    ("logtype", Some(|| PyValue::Str("Application".into()))),
];
const SMTP_PARAMS: &[Param] = &[
    ("mailhost", None),
    ("fromaddr", None),
    ("toaddrs", None),
    ("subject", None),
    ("credentials", Some(none)),
    ("secure", Some(none)),
    ("timeout", Some(|| PyValue::Float(5.0))),
];
const MEMORY_PARAMS: &[Param] = &[
    ("capacity", None),
    ("flushLevel", Some(|| PyValue::Int(40))),
    ("target", Some(none)),
    ("flushOnClose", Some(f_true)),
];
const HTTP_PARAMS: &[Param] = &[
    ("host", None),
    ("url", None),
    ("method", Some(|| PyValue::Str("GET".into()))),
    ("secure", Some(f_false)),
    ("credentials", Some(none)),
    ("context", Some(none)),
];
const FORMATTER_PARAMS: &[Param] = &[
    ("fmt", Some(none)),
    ("datefmt", Some(none)),
    ("style", Some(|| PyValue::Str("%".into()))),
    ("validate", Some(f_true)),
];

impl KnownClass {
    pub const ALL: [KnownClass; 18] = [
        KnownClass::Handler,
        KnownClass::StreamHandler,
        KnownClass::FileHandler,
        KnownClass::NullHandler,
        KnownClass::WatchedFileHandler,
        KnownClass::BaseRotatingHandler,
        KnownClass::RotatingFileHandler,
        KnownClass::TimedRotatingFileHandler,
        KnownClass::SocketHandler,
        KnownClass::DatagramHandler,
        KnownClass::SysLogHandler,
        KnownClass::NtEventLogHandler,
        KnownClass::SmtpHandler,
        KnownClass::BufferingHandler,
        KnownClass::MemoryHandler,
        KnownClass::HttpHandler,
        KnownClass::QueueHandler,
        KnownClass::Formatter,
    ];

    /// `BaseRotatingHandler` or a subclass: its `emit` catches what the
    /// lazy open or a rollover raises and hands it to `handleError`.
    pub fn is_rotating(self) -> bool {
        matches!(
            self,
            KnownClass::RotatingFileHandler
                | KnownClass::TimedRotatingFileHandler
                | KnownClass::BaseRotatingHandler
        )
    }

    /// `module.qualname`, e.g. `logging.handlers.RotatingFileHandler`.
    pub fn qualified_name(self) -> &'static str {
        match self {
            KnownClass::Handler => "logging.Handler",
            KnownClass::StreamHandler => "logging.StreamHandler",
            KnownClass::FileHandler => "logging.FileHandler",
            KnownClass::NullHandler => "logging.NullHandler",
            KnownClass::Formatter => "logging.Formatter",
            KnownClass::WatchedFileHandler => "logging.handlers.WatchedFileHandler",
            KnownClass::BaseRotatingHandler => "logging.handlers.BaseRotatingHandler",
            KnownClass::RotatingFileHandler => "logging.handlers.RotatingFileHandler",
            KnownClass::TimedRotatingFileHandler => "logging.handlers.TimedRotatingFileHandler",
            KnownClass::SocketHandler => "logging.handlers.SocketHandler",
            KnownClass::DatagramHandler => "logging.handlers.DatagramHandler",
            KnownClass::SysLogHandler => "logging.handlers.SysLogHandler",
            KnownClass::NtEventLogHandler => "logging.handlers.NTEventLogHandler",
            KnownClass::SmtpHandler => "logging.handlers.SMTPHandler",
            KnownClass::BufferingHandler => "logging.handlers.BufferingHandler",
            KnownClass::MemoryHandler => "logging.handlers.MemoryHandler",
            KnownClass::HttpHandler => "logging.handlers.HTTPHandler",
            KnownClass::QueueHandler => "logging.handlers.QueueHandler",
        }
    }

    pub fn from_qualified(name: &str) -> Option<KnownClass> {
        KnownClass::ALL
            .into_iter()
            .find(|k| k.qualified_name() == name)
    }

    /// The class whose `__init__` runs (its `__qualname__` prefixes `TypeError`s).
    fn init_owner(self) -> &'static str {
        match self {
            KnownClass::NullHandler | KnownClass::Handler => "Handler",
            other => other.qualified_name().rsplit('.').next().unwrap_or(""),
        }
    }

    /// The `__init__` parameter names, in order (after `self`).
    pub fn param_names(self) -> Vec<&'static str> {
        self.params().iter().map(|p| p.0).collect()
    }

    /// [`params`](Self::params) under `version`: the file handlers take
    /// `errors` (their last parameter) since 3.9.
    fn params_in(self, version: crate::version::PyVersion) -> &'static [Param] {
        let params = self.params();
        let file_handler = matches!(
            self,
            KnownClass::FileHandler
                | KnownClass::WatchedFileHandler
                | KnownClass::BaseRotatingHandler
                | KnownClass::RotatingFileHandler
                | KnownClass::TimedRotatingFileHandler
        );
        match params.split_last() {
            Some((("errors", _), before)) if file_handler && version.minor < 9 => before,
            _ => params,
        }
    }

    /// `__init__` parameters after `self`, in the newest versions.
    fn params(self) -> &'static [Param] {
        match self {
            KnownClass::Handler | KnownClass::NullHandler => &[("level", Some(zero))],
            KnownClass::StreamHandler => &[("stream", Some(none))],
            KnownClass::FileHandler | KnownClass::WatchedFileHandler => FILE_PARAMS,
            KnownClass::BaseRotatingHandler => BASE_ROTATING_PARAMS,
            KnownClass::RotatingFileHandler => ROTATING_PARAMS,
            KnownClass::TimedRotatingFileHandler => TIMED_ROTATING_PARAMS,
            KnownClass::SocketHandler | KnownClass::DatagramHandler => {
                &[("host", None), ("port", None)]
            }
            KnownClass::SysLogHandler => SYSLOG_PARAMS,
            KnownClass::NtEventLogHandler => NT_EVENT_LOG_PARAMS,
            KnownClass::SmtpHandler => SMTP_PARAMS,
            KnownClass::BufferingHandler => &[("capacity", None)],
            KnownClass::MemoryHandler => MEMORY_PARAMS,
            KnownClass::HttpHandler => HTTP_PARAMS,
            KnownClass::QueueHandler => &[("queue", None)],
            KnownClass::Formatter => FORMATTER_PARAMS,
        }
    }
}

/// How CPython names the callee in a `*`/`**` unpacking error: 3.9+ names
/// the class (`logging.StreamHandler()`), 3.8 says `type object` for every
/// class (checked against CPython 3.8.18 and 3.9.18).
fn unpacking_callee(class: KnownClass, version: crate::version::PyVersion) -> String {
    if version.minor < 9 {
        "type object".to_string()
    } else {
        format!("{}()", class.qualified_name())
    }
}

/// The positional items `*args` yields, or CPython's error.
fn splat_args(
    class: KnownClass,
    args: &PyValue,
    version: crate::version::PyVersion,
) -> Result<Vec<PyValue>, PyException> {
    Ok(match args {
        PyValue::Tuple(v) | PyValue::List(v) => v.clone(),
        PyValue::Str(s) => s.chars().map(|c| PyValue::Str(c.to_string())).collect(),
        PyValue::Bytes(b) => b.iter().map(|&x| PyValue::Int(i128::from(x))).collect(),
        PyValue::Dict(pairs) => pairs.iter().map(|(k, _)| k.clone()).collect(),
        // Iterating a console stream reads from it.
        PyValue::Object(PyObject::Stdout | PyObject::Stderr) => {
            return Err(PyException::new("io.UnsupportedOperation", "not readable"));
        }
        other => {
            return Err(PyException::type_error(format!(
                "{} argument after * must be an iterable, not {}",
                unpacking_callee(class, version),
                other.type_name()
            )));
        }
    })
}

/// Bind `klass(*args, **kwargs)` to the `__init__` parameters, in order.
///
/// Returns one value per parameter (defaults filled in).
pub fn bind(
    class: KnownClass,
    args: &PyValue,
    kwargs: &PyValue,
    version: crate::version::PyVersion,
) -> Result<Vec<PyValue>, PyException> {
    // CALL_FUNCTION_EX checks the ** mapping before iterating *args.
    let PyValue::Dict(kw) = kwargs else {
        return Err(PyException::type_error(format!(
            "{} argument after ** must be a mapping, not {}",
            unpacking_callee(class, version),
            kwargs.type_name()
        )));
    };
    let positional = splat_args(class, args, version)?;
    if kw.iter().any(|(k, _)| !matches!(k, PyValue::Str(_))) {
        return Err(PyException::type_error("keywords must be strings"));
    }
    let params = class.params_in(version);
    let owner = class.init_owner();
    // 3.10 added the qualified name to argument-binding TypeErrors.
    let func = match version.minor >= 10 {
        true => format!("{owner}.__init__()"),
        false => "__init__()".to_string(),
    };
    // CPython binds positionals, then keywords (unexpected / multiple
    // values), and only then complains about too many positionals.
    let given_positional = positional.len();
    let mut slots: Vec<Option<PyValue>> = vec![None; params.len()];
    for (slot, v) in slots.iter_mut().zip(positional) {
        *slot = Some(v);
    }
    bind_keywords(kw, params, &mut slots, &func, version)?;
    if given_positional > params.len() {
        return Err(too_many_positional(&func, params, given_positional));
    }
    if let Some(error) = missing_arguments(&func, params, &slots) {
        return Err(error);
    }
    Ok(params
        .iter()
        .zip(slots)
        .map(|(p, s)| s.or_else(|| p.1.map(|f| f())).unwrap_or(PyValue::None))
        .collect())
}

/// Bind the keyword arguments into `slots`: an unknown name or a second
/// value for a parameter is CPython's `TypeError`.
fn bind_keywords(
    kw: &[(PyValue, PyValue)],
    params: &[Param],
    slots: &mut [Option<PyValue>],
    func: &str,
    version: crate::version::PyVersion,
) -> Result<(), PyException> {
    for (k, v) in kw {
        let PyValue::Str(name) = k else { continue };
        let Some(i) = params.iter().position(|p| p.0 == name) else {
            // 3.13 appends CPython's "Did you mean" suggestion.
            let hint = if version.minor >= 13 {
                suggest(name, params.iter().map(|p| p.0))
                    .map(|m| format!(". Did you mean '{m}'?"))
                    .unwrap_or_default()
            } else {
                String::new()
            };
            return Err(PyException::type_error(format!(
                "{func} got an unexpected keyword argument '{name}'{hint}"
            )));
        };
        if slots.get(i).is_some_and(Option::is_some) {
            return Err(PyException::type_error(format!(
                "{func} got multiple values for argument '{name}'"
            )));
        }
        if let Some(s) = slots.get_mut(i) {
            *s = Some(v.clone());
        }
    }
    Ok(())
}

/// `… takes N positional arguments but M were given` (counting `self`).
fn too_many_positional(func: &str, params: &[Param], given_positional: usize) -> PyException {
    let required = params.iter().filter(|p| p.1.is_none()).count() + 1;
    let max = params.len() + 1;
    let takes = if required == max {
        format!(
            "takes {max} positional argument{}",
            if max == 1 { "" } else { "s" }
        )
    } else {
        format!("takes from {required} to {max} positional arguments")
    };
    let given = given_positional + 1;
    let verb = if given == 1 { "was" } else { "were" };
    PyException::type_error(format!("{func} {takes} but {given} {verb} given"))
}

/// `… missing N required positional argument(s): 'a', 'b', and 'c'`, if any
/// parameter without a default got no value.
fn missing_arguments(
    func: &str,
    params: &[Param],
    slots: &[Option<PyValue>],
) -> Option<PyException> {
    let missing: Vec<String> = params
        .iter()
        .zip(slots)
        .filter(|(p, s)| p.1.is_none() && s.is_none())
        .map(|(p, _)| format!("'{}'", p.0))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let list = match missing.as_slice() {
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
        [] => String::new(),
    };
    let n = missing.len();
    Some(PyException::type_error(format!(
        "{func} missing {n} required positional argument{}: {list}",
        if n == 1 { "" } else { "s" }
    )))
}

/// `_Py_CalculateSuggestions` (Python/suggestions.c): the closest candidate by
/// a Levenshtein distance where a case-only change costs 1 and anything else 2.
fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    const MOVE_COST: usize = 2;
    let mut best: Option<(&str, usize)> = None;
    for item in candidates {
        if item == name {
            continue;
        }
        let mut max = (name.len() + item.len() + 3) * MOVE_COST / 6;
        if let Some((_, d)) = best {
            max = max.min(d.saturating_sub(1));
        }
        let d = levenshtein(name.as_bytes(), item.as_bytes());
        if d > max {
            continue;
        }
        if best.is_none_or(|(_, bd)| d < bd) {
            best = Some((item, d));
        }
    }
    best.map(|(s, _)| s)
}

fn levenshtein(a: &[u8], b: &[u8]) -> usize {
    const MOVE_COST: usize = 2;
    const CASE_COST: usize = 1;
    let mut prev: Vec<usize> = (0..=b.len()).map(|j| j * MOVE_COST).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut cur = vec![(i + 1) * MOVE_COST; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let sub = if ca == cb {
                0
            } else if ca.eq_ignore_ascii_case(&cb) {
                CASE_COST
            } else {
                MOVE_COST
            };
            let best = (prev[j] + sub)
                .min(prev[j + 1] + MOVE_COST)
                .min(cur[j] + MOVE_COST);
            cur[j + 1] = best;
        }
        prev = cur;
    }
    prev[b.len()]
}
