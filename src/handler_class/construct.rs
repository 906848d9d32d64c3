//! `klass(*args, **kwargs)`: the constructors' own checks and side effects, as data.

use super::HandlerClass;
use super::fs::{FileSystem, PathKind, abspath};
use super::signature::{KnownClass, bind};
use crate::diagnostic::PyException;
use crate::pyexpr::py_repr;
use crate::pyrepr::repr_str;
use crate::pyvalue::{PyObject, PyValue};
use crate::version::PyVersion;

/// Text encodings `codecs.lookup` knows, normalized (tests/oracle/gen_encodings.py).
const ENCODINGS: &str = include_str!("encodings.txt");
/// Codecs `codecs.lookup` knows that are not text encodings (`zlib_codec`,
/// `hex`…): `open()` refuses them.
const NON_TEXT_ENCODINGS: &str = include_str!("non_text_encodings.txt");
/// Text encodings that versions after 3.11 (whose lists these are) added,
/// with the first minor version that knows each: `gen_encodings.py` gives
/// the same lists under CPython 3.8 to 3.12, and 3.13 adds `windows_31j`
/// (gh-102388). The encoding aliases added next come with 3.15 (gh-149891).
const ENCODINGS_ADDED: &[(&str, u32)] = &[("windows_31j", 13)];

/// Where a `StreamHandler` writes.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamTarget {
    Stdout,
    Stderr,
    /// Some other object: every emit fails unless it has `write`
    /// (a `str` → `AttributeError: 'str' object has no attribute 'write'`).
    Other {
        type_name: String,
        repr: String,
    },
}

/// How a file handler rotates.
#[derive(Debug, Clone, PartialEq)]
pub enum FileRotation {
    None,
    Size {
        max_bytes: PyValue,
        backup_count: PyValue,
    },
    Time {
        /// Upper-cased `when` (`MIDNIGHT`, `W0`, `H`...).
        when: String,
        interval: PyValue,
        backup_count: PyValue,
        utc: bool,
        at_time: PyValue,
    },
}

/// The constructed handler, for the simulator and the `log` backend.
#[derive(Debug, Clone, PartialEq)]
pub enum HandlerSpec {
    Stream {
        target: StreamTarget,
    },
    File {
        class: KnownClass,
        /// The filename as given.
        filename: String,
        /// `os.path.abspath(filename)` (what is opened and shown in errors).
        path: String,
        mode: String,
        /// `None` for binary modes; `"locale"` when not given (text mode).
        encoding: Option<String>,
        errors: Option<String>,
        delay: bool,
        rotation: FileRotation,
        /// `WatchedFileHandler` re-opens the file when it changes.
        watched: bool,
    },
    Null,
    /// `logging.Handler` itself: emit raises `NotImplementedError`.
    Abstract,
    Memory {
        capacity: PyValue,
        flush_level: PyValue,
        flush_on_close: bool,
    },
    Buffering {
        capacity: PyValue,
    },
    Syslog {
        /// A `str` is a Unix socket path, a tuple `(host, port)`.
        address: PyValue,
        facility: PyValue,
        socktype: PyValue,
    },
    Socket {
        host: PyValue,
        port: PyValue,
    },
    Datagram {
        host: PyValue,
        port: PyValue,
    },
    Http {
        host: PyValue,
        url: PyValue,
        method: String,
        secure: bool,
    },
    Smtp {
        mailhost: PyValue,
        fromaddr: PyValue,
        toaddrs: Vec<PyValue>,
        subject: PyValue,
    },
    Queue {
        queue: PyValue,
    },
    NtEventLog {
        appname: PyValue,
    },
    /// Constructed fine but is not a handler (`Formatter`): fileConfig fails later.
    NotAHandler {
        class: String,
    },
    /// A class from an importable package: not checked.
    Custom {
        path: String,
    },
    /// A handler built from code logcheck does not evaluate (its `class`,
    /// `args`, `kwargs` or its formatter): it is attached and routed to like
    /// any other, but its output is unknown.
    Opaque {
        /// The `class` value as written.
        class: String,
    },
}

/// Something construction does to the outside world.
#[derive(Debug, Clone, PartialEq)]
pub enum SideEffect {
    /// The file is created (empty) at configure time.
    CreatesFile { path: String },
    /// An existing file is truncated (mode `w`).
    TruncatesFile { path: String },
    /// Text printed to stdout (`NTEventLogHandler` on non-Windows).
    PrintsStdout { text: String },
}

/// Result of a construction with the side effects that happened before it
/// finished (a file may be created even if a later check raises).
#[derive(Debug, Clone, PartialEq)]
pub struct Construction {
    pub result: Result<HandlerSpec, PyException>,
    pub effects: Vec<SideEffect>,
    /// Facts logcheck could not verify statically (network, exotic values).
    pub unverified: Vec<String>,
}

struct Ctx<'a> {
    fs: &'a dyn FileSystem,
    platform: super::Platform,
    /// The encodings `open()` knows depend on it.
    version: PyVersion,
    effects: Vec<SideEffect>,
    unverified: Vec<String>,
}

/// Construct `class(*args, **kwargs)` as CPython would, asking `fs` about files.
pub fn construct(
    class: &HandlerClass,
    args: &PyValue,
    kwargs: &PyValue,
    fs: &dyn FileSystem,
    version: PyVersion,
    platform: super::Platform,
) -> Construction {
    let mut ctx = Ctx {
        fs,
        platform,
        version,
        effects: Vec::new(),
        unverified: Vec::new(),
    };
    let result = match class {
        HandlerClass::NotCallable { type_name, repr } => {
            not_callable(type_name, repr, args, kwargs, &mut ctx)
        }
        HandlerClass::Custom { path } => Ok(HandlerSpec::Custom { path: path.clone() }),
        HandlerClass::OtherClass(name) => {
            ctx.unverified
                .push(format!("constructing {name} is not modelled"));
            Ok(HandlerSpec::NotAHandler {
                class: name.clone(),
            })
        }
        HandlerClass::Known(k) => {
            bind(*k, args, kwargs, version).and_then(|values| build(*k, &values, &mut ctx))
        }
    };
    Construction {
        result,
        effects: ctx.effects,
        unverified: ctx.unverified,
    }
}

/// Calling a non-callable: the `*`/`**` operands are checked first, naming the object.
fn not_callable(
    type_name: &str,
    repr: &str,
    args: &PyValue,
    kwargs: &PyValue,
    ctx: &mut Ctx,
) -> Result<HandlerSpec, PyException> {
    // 3.9+ names the object by its repr; 3.8 by its type (`int object`).
    let callee = if ctx.version.minor < 9 {
        format!("{type_name} object")
    } else {
        repr.to_string()
    };
    let mut named = |what: &str, v: &PyValue| {
        if type_name == "module" && ctx.version.minor >= 9 {
            // A module's repr says how it was loaded (frozen, built-in, a path).
            ctx.unverified.push("module repr in the message".into());
        }
        PyException::type_error(format!(
            "{callee} argument after {what}, not {}",
            v.type_name()
        ))
    };
    if !matches!(kwargs, PyValue::Dict(_)) {
        return Err(named("** must be a mapping", kwargs));
    }
    match args {
        PyValue::Tuple(_)
        | PyValue::List(_)
        | PyValue::Str(_)
        | PyValue::Bytes(_)
        | PyValue::Dict(_) => {}
        PyValue::Object(PyObject::Stdout | PyObject::Stderr) => {
            return Err(PyException::new("io.UnsupportedOperation", "not readable"));
        }
        other => return Err(named("* must be an iterable", other)),
    }
    Err(PyException::type_error(format!(
        "'{type_name}' object is not callable"
    )))
}

fn arg(values: &[PyValue], i: usize) -> PyValue {
    values.get(i).cloned().unwrap_or(PyValue::None)
}

/// `logging._checkLevel`.
fn check_level(level: &PyValue, version: PyVersion) -> Result<(), PyException> {
    match level {
        PyValue::Int(_) | PyValue::Bool(_) => Ok(()),
        PyValue::Str(s) => {
            if crate::level::Level::from_config_str(s).is_some() {
                Ok(())
            } else {
                Err(PyException::value_error(format!(
                    "Unknown level: {}",
                    repr_str(s)
                )))
            }
        }
        other => Err(crate::level::not_a_level(other, version)),
    }
}

/// `"b" in mode` for any value.
fn contains_b(mode: &PyValue) -> Result<bool, PyException> {
    match mode {
        PyValue::Str(s) => Ok(s.contains('b')),
        PyValue::Tuple(v) | PyValue::List(v) => Ok(v.iter().any(|x| x.as_str() == Some("b"))),
        PyValue::Dict(pairs) => Ok(pairs.iter().any(|(k, _)| k.as_str() == Some("b"))),
        PyValue::Bytes(_) => Err(PyException::type_error(
            "a bytes-like object is required, not 'str'",
        )),
        // `in` iterates a console stream, which reads from it.
        PyValue::Object(PyObject::Stdout | PyObject::Stderr) => {
            Err(PyException::new("io.UnsupportedOperation", "not readable"))
        }
        other => Err(PyException::type_error(format!(
            "argument of type '{}' is not iterable",
            other.type_name()
        ))),
    }
}

/// `if "b" not in mode: encoding = io.text_encoding(encoding)`, which the
/// file handlers do since 3.10: `None` becomes `"locale"` for a text mode.
/// 3.8 and 3.9 neither test the mode nor change the encoding.
fn text_mode_encoding(
    mode: &PyValue,
    encoding: PyValue,
    version: PyVersion,
) -> Result<PyValue, PyException> {
    if version.minor < 10 || contains_b(mode)? || encoding != PyValue::None {
        return Ok(encoding);
    }
    Ok(PyValue::Str("locale".into()))
}

/// `k(*v)` once the arguments are bound: each class's `__init__` checks and effects.
fn build(k: KnownClass, v: &[PyValue], ctx: &mut Ctx) -> Result<HandlerSpec, PyException> {
    match k {
        KnownClass::Handler | KnownClass::NullHandler => base_handler(k, v, ctx.version),
        KnownClass::StreamHandler => Ok(HandlerSpec::Stream {
            target: stream_target(&arg(v, 0)),
        }),
        KnownClass::FileHandler
        | KnownClass::WatchedFileHandler
        | KnownClass::BaseRotatingHandler => plain_file(k, v, ctx),
        KnownClass::RotatingFileHandler => rotating(v, ctx),
        KnownClass::TimedRotatingFileHandler => timed(v, ctx),
        KnownClass::SocketHandler => Ok(HandlerSpec::Socket {
            host: arg(v, 0),
            port: arg(v, 1),
        }),
        KnownClass::DatagramHandler => Ok(HandlerSpec::Datagram {
            host: arg(v, 0),
            port: arg(v, 1),
        }),
        KnownClass::SysLogHandler => Ok(syslog(v, ctx)),
        KnownClass::NtEventLogHandler => Ok(nt_event_log(v, ctx)),
        KnownClass::SmtpHandler => smtp(v),
        KnownClass::BufferingHandler => Ok(HandlerSpec::Buffering {
            capacity: arg(v, 0),
        }),
        KnownClass::MemoryHandler => Ok(HandlerSpec::Memory {
            capacity: arg(v, 0),
            flush_level: arg(v, 1),
            flush_on_close: arg(v, 3).is_truthy(),
        }),
        KnownClass::HttpHandler => http(v),
        KnownClass::QueueHandler => Ok(HandlerSpec::Queue { queue: arg(v, 0) }),
        KnownClass::Formatter => formatter(k, v, ctx),
    }
}

/// `Handler.__init__(level)` (and `NullHandler`'s, inherited): `_checkLevel(level)`.
fn base_handler(
    k: KnownClass,
    v: &[PyValue],
    version: PyVersion,
) -> Result<HandlerSpec, PyException> {
    check_level(&arg(v, 0), version)?;
    Ok(if k == KnownClass::Handler {
        HandlerSpec::Abstract
    } else {
        HandlerSpec::Null
    })
}

/// `FileHandler`, `WatchedFileHandler` and `BaseRotatingHandler`: `FileHandler.__init__` plus each one's own step.
fn plain_file(k: KnownClass, v: &[PyValue], ctx: &mut Ctx) -> Result<HandlerSpec, PyException> {
    if k == KnownClass::WatchedFileHandler {
        // Its own `"b" not in mode` test (3.10+) runs before FileHandler's
        // checks.
        text_mode_encoding(&arg(v, 1), arg(v, 2), ctx.version)?;
    }
    let mut spec = file_handler(
        k,
        [arg(v, 0), arg(v, 1), arg(v, 2), arg(v, 3), arg(v, 4)],
        FileRotation::None,
        ctx,
    )?;
    if k == KnownClass::BaseRotatingHandler
        && let HandlerSpec::File { encoding, .. } = &mut spec
    {
        // BaseRotatingHandler stores the encoding as given, after FileHandler.
        *encoding = arg(v, 2).as_str().map(str::to_string);
    }
    Ok(spec)
}

/// `maxBytes > 0` as `RotatingFileHandler.__init__` compares it.
pub(crate) fn max_bytes_positive(max_bytes: &PyValue) -> Result<bool, PyException> {
    match max_bytes {
        PyValue::Int(i) => Ok(*i > 0),
        PyValue::Bool(b) => Ok(*b),
        PyValue::Float(f) => Ok(*f > 0.0),
        other => Err(PyException::type_error(format!(
            "'>' not supported between instances of '{}' and 'int'",
            other.type_name()
        ))),
    }
}

/// `RotatingFileHandler.__init__`: `maxBytes > 0` forces mode `a`, then the
/// `locale` encoding default, then `BaseRotatingHandler.__init__`.
fn rotating(v: &[PyValue], ctx: &mut Ctx) -> Result<HandlerSpec, PyException> {
    // (filename, mode, maxBytes, backupCount, encoding, delay, errors)
    let mut mode = arg(v, 1);
    let max_bytes = arg(v, 2);
    if max_bytes_positive(&max_bytes)? {
        mode = PyValue::Str("a".into());
    }
    let encoding = text_mode_encoding(&mode, arg(v, 4), ctx.version)?;
    let rotation = FileRotation::Size {
        max_bytes,
        backup_count: arg(v, 3),
    };
    file_handler(
        KnownClass::RotatingFileHandler,
        [arg(v, 0), mode, encoding, arg(v, 5), arg(v, 6)],
        rotation,
        ctx,
    )
}

/// `SysLogHandler.__init__`: the socket it connects is not modelled.
fn syslog(v: &[PyValue], ctx: &mut Ctx) -> HandlerSpec {
    ctx.unverified.push(
        "SysLogHandler connects its socket at construction; failures depend on the system".into(),
    );
    HandlerSpec::Syslog {
        address: arg(v, 0),
        facility: arg(v, 1),
        socktype: arg(v, 2),
    }
}

/// `NTEventLogHandler.__init__` without pywin32 (any non-Windows system): it prints and carries on.
fn nt_event_log(v: &[PyValue], ctx: &mut Ctx) -> HandlerSpec {
    ctx.effects.push(SideEffect::PrintsStdout {
        text: "The Python Win32 extensions for NT (service, event logging) appear not to be available.\n".into(),
    });
    HandlerSpec::NtEventLog { appname: arg(v, 0) }
}

/// `HTTPHandler.__init__`: `method.upper()` must be GET or POST; `context` needs `secure`.
fn http(v: &[PyValue]) -> Result<HandlerSpec, PyException> {
    let method = match arg(v, 2) {
        PyValue::Str(s) => s.to_uppercase(),
        // bytes.upper() exists; b'GET' is still not in ["GET", "POST"].
        PyValue::Bytes(_) => {
            return Err(PyException::value_error("method must be GET or POST"));
        }
        other => {
            return Err(PyException::new(
                "AttributeError",
                format!("'{}' object has no attribute 'upper'", other.type_name()),
            ));
        }
    };
    if method != "GET" && method != "POST" {
        return Err(PyException::value_error("method must be GET or POST"));
    }
    let secure = arg(v, 3).is_truthy();
    if !secure && arg(v, 5) != PyValue::None {
        return Err(PyException::value_error(
            "context parameter only makes sense with secure=True",
        ));
    }
    Ok(HandlerSpec::Http {
        host: arg(v, 0),
        url: arg(v, 1),
        method,
        secure,
    })
}

/// `Formatter.__init__(fmt, datefmt, style, validate)`: the style, then what `validate` does with a non-str `fmt`.
fn formatter(k: KnownClass, v: &[PyValue], ctx: &mut Ctx) -> Result<HandlerSpec, PyException> {
    let style = arg(v, 2);
    if !matches!(style.as_str(), Some("%" | "{" | "$")) {
        if let PyValue::List(_) | PyValue::Dict(_) = style {
            return Err(PyException::type_error(format!(
                "unhashable type: '{}'",
                style.type_name()
            )));
        }
        return Err(PyException::value_error("Style must be one of: %,{,$"));
    }
    let fmt = arg(v, 0);
    match &fmt {
        PyValue::None => {}
        PyValue::Str(_) => ctx
            .unverified
            .push("Formatter format validation is not modelled here".into()),
        // PercentStyle uses `fmt or default_format`.
        other if !other.is_truthy() => {}
        other if arg(v, 3).is_truthy() && style.as_str() == Some("%") => {
            let t = match other {
                PyValue::Bytes(_) => {
                    return Ok(HandlerSpec::NotAHandler {
                        class: k.qualified_name().into(),
                    });
                }
                other => other.type_name().to_string(),
            };
            return Err(PyException::expected_string(&t, ctx.version));
        }
        _ => ctx
            .unverified
            .push("Formatter with a non-str format".into()),
    }
    Ok(HandlerSpec::NotAHandler {
        class: k.qualified_name().into(),
    })
}

fn stream_target(v: &PyValue) -> StreamTarget {
    match v {
        PyValue::None | PyValue::Object(PyObject::Stderr) => StreamTarget::Stderr,
        PyValue::Object(PyObject::Stdout) => StreamTarget::Stdout,
        other => StreamTarget::Other {
            type_name: other.type_name().to_string(),
            repr: py_repr(other),
        },
    }
}

fn smtp(v: &[PyValue]) -> Result<HandlerSpec, PyException> {
    let unpack2 = |value: &PyValue| -> Result<(), PyException> {
        if let PyValue::Tuple(items) | PyValue::List(items) = value {
            match items.len() {
                2 => {}
                n if n > 2 => {
                    return Err(PyException::value_error(
                        "too many values to unpack (expected 2)",
                    ));
                }
                n => {
                    return Err(PyException::value_error(format!(
                        "not enough values to unpack (expected 2, got {n})"
                    )));
                }
            }
        }
        Ok(())
    };
    unpack2(&arg(v, 0))?;
    let toaddrs = match arg(v, 2) {
        s @ PyValue::Str(_) => vec![s],
        PyValue::Tuple(items) | PyValue::List(items) => items,
        other => vec![other],
    };
    if matches!(arg(v, 4), PyValue::Tuple(_) | PyValue::List(_)) {
        unpack2(&arg(v, 4))?;
    }
    Ok(HandlerSpec::Smtp {
        mailhost: arg(v, 0),
        fromaddr: arg(v, 1),
        toaddrs,
        subject: arg(v, 3),
    })
}

/// `TimedRotatingFileHandler.__init__`: `BaseRotatingHandler.__init__` (mode
/// `a`, the `locale` encoding default), then `when` and `interval`.
fn timed(v: &[PyValue], ctx: &mut Ctx) -> Result<HandlerSpec, PyException> {
    // (filename, when, interval, backupCount, encoding, delay, utc, atTime, errors)
    // (mode "a", a text mode, so no `"b" in mode` test)
    let encoding = text_mode_encoding(&PyValue::Str("a".into()), arg(v, 4), ctx.version)?;
    let mut spec = file_handler(
        KnownClass::TimedRotatingFileHandler,
        [
            arg(v, 0),
            PyValue::Str("a".into()),
            encoding,
            arg(v, 5),
            arg(v, 8),
        ],
        FileRotation::None,
        ctx,
    )?;
    let when = rollover_when(&arg(v, 1))?;
    let interval = arg(v, 2);
    note_timed_unverified(&interval, &arg(v, 7), ctx);
    if let HandlerSpec::File { rotation, .. } = &mut spec {
        *rotation = FileRotation::Time {
            when,
            interval,
            backup_count: arg(v, 3),
            utc: arg(v, 6).is_truthy(),
            at_time: arg(v, 7),
        };
    }
    Ok(spec)
}

/// `self.when = when.upper()` and its validation (`S`, `M`, `H`, `D`, `MIDNIGHT`, `W0`-`W6`).
fn rollover_when(when: &PyValue) -> Result<String, PyException> {
    let when = match when {
        PyValue::Str(s) => s.to_uppercase(),
        PyValue::Bytes(_) => {
            return Err(PyException::type_error(
                "startswith first arg must be bytes or a tuple of bytes, not str",
            ));
        }
        other => {
            return Err(PyException::new(
                "AttributeError",
                format!("'{}' object has no attribute 'upper'", other.type_name()),
            ));
        }
    };
    match when.as_str() {
        "S" | "M" | "H" | "D" | "MIDNIGHT" => {}
        w if w.starts_with('W') => {
            if w.chars().count() != 2 {
                return Err(PyException::value_error(format!(
                    "You must specify a day for weekly rollover from 0 to 6 (0 is Monday): {w}"
                )));
            }
            let day = w.chars().nth(1).unwrap_or(' ');
            if !('0'..='6').contains(&day) {
                return Err(PyException::value_error(format!(
                    "Invalid day specified for weekly rollover: {w}"
                )));
            }
        }
        w => {
            return Err(PyException::value_error(format!(
                "Invalid rollover interval specified: {w}"
            )));
        }
    }
    Ok(when)
}

/// A non-number `interval` and any `atTime` are not checked (CPython uses them arithmetically).
fn note_timed_unverified(interval: &PyValue, at_time: &PyValue, ctx: &mut Ctx) {
    if !matches!(
        interval,
        PyValue::Int(_) | PyValue::Bool(_) | PyValue::Float(_)
    ) {
        ctx.unverified.push(format!(
            "TimedRotatingFileHandler interval {}",
            py_repr(interval)
        ));
    }
    if *at_time != PyValue::None {
        ctx.unverified
            .push("TimedRotatingFileHandler atTime must be a datetime.time".into());
    }
}

/// `FileHandler.__init__(filename, mode, encoding, delay, errors)` and `open()`.
fn file_handler(
    class: KnownClass,
    [filename, mode, encoding, delay, errors]: [PyValue; 5],
    rotation: FileRotation,
    ctx: &mut Ctx,
) -> Result<HandlerSpec, PyException> {
    let name = fspath(&filename, ctx)?;
    // Windows: `\` separates too; a drive or a root is another machine's disk
    let foreign = match ctx.platform {
        super::Platform::Windows => super::windows_foreign_path(&name, ctx.version),
        _ => None,
    };
    let path = match (&foreign, ctx.platform) {
        (Some(p), _) => p.clone(),
        (None, super::Platform::Windows) => abspath(&name.replace('\\', "/"), ctx.fs.cwd()),
        (None, _) => abspath(&name, ctx.fs.cwd()),
    };
    let encoding = text_mode_encoding(&mode, encoding, ctx.version)?;
    let delay = delay.is_truthy();
    let watched = class == KnownClass::WatchedFileHandler;
    if delay
        && (!matches!(mode, PyValue::Str(_))
            || !matches!(encoding, PyValue::Str(_) | PyValue::None)
            || !matches!(errors, PyValue::Str(_) | PyValue::None))
    {
        // Stored as given; `open()` rejects them at the first emit.
        ctx.unverified
            .push("non-str mode/encoding/errors with delay=True".into());
        return Ok(HandlerSpec::File {
            class,
            filename: name,
            path,
            mode: py_repr(&mode),
            encoding: None,
            errors: None,
            delay: true,
            rotation,
            watched,
        });
    }
    open_or_defer(delay, &path, &mode, &encoding, &errors, ctx)?;
    let PyValue::Str(mode) = mode else {
        return Err(mode_not_str(&mode));
    };
    Ok(HandlerSpec::File {
        class,
        filename: name,
        path,
        mode,
        encoding: encoding.as_str().map(str::to_string),
        errors: errors.as_str().map(str::to_string),
        delay,
        rotation,
        watched,
    })
}

/// `os.fspath(filename)` as `os.path.abspath` takes it: a str, or bytes (decoded), without NUL.
fn fspath(filename: &PyValue, ctx: &mut Ctx) -> Result<String, PyException> {
    let name = match filename {
        PyValue::Str(s) => s.clone(),
        PyValue::Bytes(b) => {
            ctx.unverified.push("bytes filename".into());
            String::from_utf8_lossy(b).into_owned()
        }
        other => {
            // os.fspath names the type without its module (`TextIOWrapper`)
            // since 3.9; 3.8 with it (`_io.TextIOWrapper`).
            let t = other.type_name();
            let shown = if ctx.version.minor < 9 {
                t
            } else {
                t.rsplit('.').next().unwrap_or(t)
            };
            return Err(PyException::type_error(format!(
                "expected str, bytes or os.PathLike object, not {shown}"
            )));
        }
    };
    if name.contains('\0') {
        return Err(PyException::value_error("embedded null byte"));
    }
    Ok(name)
}

/// `self._open()` now, or with `delay=True` at the first emit (a bad str mode is noted).
fn open_or_defer(
    delay: bool,
    path: &str,
    mode: &PyValue,
    encoding: &PyValue,
    errors: &PyValue,
    ctx: &mut Ctx,
) -> Result<(), PyException> {
    if !delay {
        open_file(path, mode, encoding, errors, ctx)?;
    } else if let PyValue::Str(m) = mode {
        // `open()` runs at the first emit; its argument errors surface there.
        if validate_mode(m).is_err() {
            ctx.unverified
                .push(format!("mode {} fails at the first emit", repr_str(m)));
        }
    }
    Ok(())
}

/// `_io.open`'s mode checks, then FileIO's. Returns (read, write, append, create, plus).
fn validate_mode(mode: &str) -> Result<(bool, bool, bool, bool, bool), PyException> {
    let invalid = || PyException::value_error(format!("invalid mode: {}", repr_str(mode)));
    let (mut r, mut w, mut a, mut x, mut plus, mut t, mut b) =
        (false, false, false, false, false, false, false);
    for (i, c) in mode.char_indices() {
        match c {
            'r' => r = true,
            'w' => w = true,
            'a' => a = true,
            'x' => x = true,
            '+' => plus = true,
            't' => t = true,
            'b' => b = true,
            _ => return Err(invalid()),
        }
        if mode[i + c.len_utf8()..].contains(c) {
            return Err(invalid());
        }
    }
    if t && b {
        return Err(PyException::value_error(
            "can't have text and binary mode at once",
        ));
    }
    let n = [r, w, a, x].iter().filter(|f| **f).count();
    if n > 1 {
        return Err(PyException::value_error(
            "must have exactly one of create/read/write/append mode",
        ));
    }
    Ok((r, w, a, x, plus))
}

/// What `open()` needs from a checked mode string.
struct OpenMode {
    read: bool,
    write: bool,
    exclusive: bool,
    binary: bool,
}

/// `open(path, mode, encoding=, errors=)`: the argument checks, the system call, the codec lookup.
fn open_file(
    path: &str,
    mode: &PyValue,
    encoding: &PyValue,
    errors: &PyValue,
    ctx: &mut Ctx,
) -> Result<(), PyException> {
    let mode = check_open_args(mode, encoding, errors)?;
    os_open(path, &mode, ctx)?;
    match encoding {
        PyValue::Str(enc) if !mode.binary => open_encoding_error(enc, ctx.version).map_or(Ok(()), Err),
        _ => Ok(()),
    }
}

/// What `open(path, text_mode, encoding=encoding)` raises once it has
/// opened the file: `LookupError` for an encoding it does not know or one
/// that is not a text encoding (`'locale'` is known from 3.10 on).
pub fn open_encoding_error(encoding: &str, version: PyVersion) -> Option<PyException> {
    // `"locale"` is a name `open()` knows since 3.10
    if encoding == "locale" && version.minor >= 10 {
        return None;
    }
    text_encoding(encoding, version).err()
}

/// `_PyCodec_LookupTextEncoding(enc, "codecs.open()")`: `open()`'s codec
/// lookup, which also refuses codecs that are not text encodings.
fn text_encoding(enc: &str, version: PyVersion) -> Result<(), PyException> {
    let norm = normalize_encoding(enc);
    let added_by_then = ENCODINGS_ADDED
        .iter()
        .any(|&(name, minor)| name == norm && version.minor >= minor);
    if added_by_then || is_line_of(ENCODINGS, &norm) {
        Ok(())
    } else if is_line_of(NON_TEXT_ENCODINGS, &norm) {
        // C's `'%.400s'`: at most 400 bytes of the name
        let mut end = enc.len().min(400);
        while !enc.is_char_boundary(end) {
            end -= 1;
        }
        Err(PyException::new(
            "LookupError",
            format!(
                "'{}' is not a text encoding; use codecs.open() to handle arbitrary codecs",
                &enc[..end]
            ),
        ))
    } else {
        Err(PyException::new(
            "LookupError",
            format!("unknown encoding: {enc}"),
        ))
    }
}

/// `open()`'s `TypeError` for a mode that is not a str. Argument Clinic's
/// `_PyArg_BadArgument` names `None` itself, not its type.
fn mode_not_str(mode: &PyValue) -> PyException {
    let shown = match mode {
        PyValue::None => "None",
        other => other.type_name(),
    };
    PyException::type_error(format!("open() argument 'mode' must be str, not {shown}"))
}

/// `_io.open`'s argument checks, in its order, before any system call.
fn check_open_args(
    mode: &PyValue,
    encoding: &PyValue,
    errors: &PyValue,
) -> Result<OpenMode, PyException> {
    let PyValue::Str(mode) = mode else {
        return Err(mode_not_str(mode));
    };
    for (name, v) in [("encoding", encoding), ("errors", errors)] {
        if !matches!(v, PyValue::Str(_) | PyValue::None) {
            return Err(PyException::type_error(format!(
                "open() argument '{name}' must be str or None, not {}",
                v.type_name()
            )));
        }
    }
    let (r, w, a, x, _plus) = validate_mode(mode)?;
    let binary = mode.contains('b');
    if binary && *encoding != PyValue::None {
        return Err(PyException::value_error(
            "binary mode doesn't take an encoding argument",
        ));
    }
    if binary && *errors != PyValue::None {
        return Err(PyException::value_error(
            "binary mode doesn't take an errors argument",
        ));
    }
    if !(r || w || a || x) {
        return Err(PyException::value_error(
            "Must have exactly one of create/read/write/append mode and at most one plus",
        ));
    }
    Ok(OpenMode {
        read: r,
        write: w,
        exclusive: x,
        binary,
    })
}

/// `FileIO`'s `open(2)` against `fs`: the `OSError` it raises, or the file it creates or truncates.
fn os_open(path: &str, mode: &OpenMode, ctx: &mut Ctx) -> Result<(), PyException> {
    let os_error = |t: &str, errno: u32, text: &str| {
        PyException::new(t, format!("[Errno {errno}] {text}: {}", repr_str(path)))
    };
    let kind = if ctx.platform == super::Platform::Windows && super::windows_foreign_path(path, ctx.version).is_some() {
        // another machine's drive: assumed to exist, the file to be creatable
        ctx.unverified.push(format!("{} is on the service's machine", repr_str(path)));
        PathKind::Missing
    } else {
        ctx.fs.kind(path)
    };
    match kind {
        PathKind::ParentMissing => {
            return Err(os_error(
                "FileNotFoundError",
                2,
                "No such file or directory",
            ));
        }
        PathKind::ParentNotDir => {
            return Err(os_error("NotADirectoryError", 20, "Not a directory"));
        }
        PathKind::PermissionDenied => {
            return Err(os_error("PermissionError", 13, "Permission denied"));
        }
        // O_CREAT|O_EXCL fails on any existing path, a directory included
        PathKind::Dir if mode.exclusive => {
            return Err(os_error("FileExistsError", 17, "File exists"));
        }
        PathKind::Dir => return Err(os_error("IsADirectoryError", 21, "Is a directory")),
        PathKind::Missing => {
            if mode.read {
                return Err(os_error(
                    "FileNotFoundError",
                    2,
                    "No such file or directory",
                ));
            }
            ctx.effects.push(SideEffect::CreatesFile {
                path: path.to_string(),
            });
        }
        PathKind::File => {
            if mode.exclusive {
                return Err(os_error("FileExistsError", 17, "File exists"));
            }
            if mode.write {
                ctx.effects.push(SideEffect::TruncatesFile {
                    path: path.to_string(),
                });
            }
        }
    }
    Ok(())
}

/// `name` as the codec registry looks it up: lower case, each run of
/// characters other than letters, digits and `.` turned into one `_`
/// (`encodings.normalize_encoding`), leading and trailing runs dropped.
fn normalize_encoding(name: &str) -> String {
    let mut norm = String::new();
    let mut punct = false;
    for c in name.to_lowercase().chars() {
        if c.is_alphanumeric() || c == '.' {
            if punct && !norm.is_empty() {
                norm.push('_');
            }
            norm.push(c);
            punct = false;
        } else {
            punct = true;
        }
    }
    norm
}

/// `text`, sorted line by line in byte order (as `gen_encodings.py` writes
/// it), has a line that is exactly `line`: a binary search over byte
/// offsets, each probe widened to its whole line. No index to build and no
/// searcher to set up: a typical check looks up one or two names.
fn is_line_of(text: &str, line: &str) -> bool {
    let (bytes, wanted) = (text.as_bytes(), line.as_bytes());
    if wanted.is_empty() {
        return false;
    }
    // The line sought, if present, starts in `lo..hi`; `lo` is a line start.
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = crate::scan::rfind(b'\n', &bytes[..mid]).map_or(0, |i| i + 1);
        let end = crate::scan::find(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        match bytes[start..end].cmp(wanted) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    false
}

#[cfg(test)]
mod encoding_tests {
    use super::*;

    /// The binary search needs the file in byte order.
    #[test]
    fn the_names_are_sorted() {
        for (list, at_least) in [(ENCODINGS, 400), (NON_TEXT_ENCODINGS, 15)] {
            let lines: Vec<&str> = list.lines().collect();
            assert!(lines.len() > at_least);
            assert!(lines.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn a_name_is_known_exactly_when_it_is_a_whole_line() {
        for name in ENCODINGS.lines() {
            assert!(is_line_of(ENCODINGS, name), "{name}");
        }
        for (prefix, _) in ENCODINGS.lines().filter_map(|l| l.split_at_checked(2)) {
            let whole = ENCODINGS.lines().any(|l| l == prefix);
            assert_eq!(is_line_of(ENCODINGS, prefix), whole, "{prefix}");
        }
        for name in ["", "utf", "8\nut", "utf_8\n", "latin_1x", "xutf_8", "0", "zzz", "\u{7f}"] {
            let whole = ENCODINGS.lines().any(|l| l == name);
            assert_eq!(is_line_of(ENCODINGS, name), whole && !name.is_empty(), "{name:?}");
        }
        let v = PyVersion::DEFAULT;
        assert!(text_encoding("UTF-8", v).is_ok() && text_encoding("latin-1", v).is_ok());
        let message = |enc| text_encoding(enc, v).err().map(|e| e.message);
        assert_eq!(message("utf-99").as_deref(), Some("unknown encoding: utf-99"));
        assert_eq!(
            message("Zlib Codec").as_deref(),
            Some("'Zlib Codec' is not a text encoding; use codecs.open() to handle arbitrary codecs")
        );
        for name in NON_TEXT_ENCODINGS.lines() {
            assert!(is_line_of(NON_TEXT_ENCODINGS, name) && !is_line_of(ENCODINGS, name));
        }
    }

    #[test]
    fn an_encoding_a_later_version_added_is_known_from_that_version() {
        let known = |minor| text_encoding("Windows-31J", PyVersion::new(3, minor, 0)).is_ok();
        assert!(!known(12) && known(13) && known(14));
        for (name, _) in ENCODINGS_ADDED {
            assert!(!is_line_of(ENCODINGS, name), "{name} is in the 3.11 list already");
        }
    }
}
