//! `simulate`: what CPython writes to stdout, stderr and files when a
//! fileConfig file is loaded and some logging calls are made — without
//! running Python and without touching the disk.
//!
//! The run mirrors the reference oracle (`tests/oracle/fileconfig_oracle.py`)
//! rule for rule: the clock is frozen (2024-01-02 03:04:05.125 UTC unless
//! [`SimOptions::time`] says otherwise), `TZ=UTC`, `process` 4242, `thread` 1,
//! caller `app.py` line = the call's 1-based index, `funcName` `<module>`;
//! fileConfig runs in an empty working directory shown as `<cwd>`; after the
//! calls `logging.shutdown()` flushes and closes every handler, newest first;
//! `--- Logging error ---` blocks are reduced to the exception line,
//! `Message:` and `Arguments:`.
//!
//! Routing is [`Hierarchy::route`], formatting [`crate::format::Formatter`]:
//! this module only adds the handlers' run-time behaviour (streams, a virtual
//! file tree with size rotation, memory buffers, the last resort, shutdown).
//!
//! # Example
//! ```
//! use logcheck::simulate::{simulate_bytes, SimOptions};
//! let ini = b"[loggers]\nkeys=root\n[handlers]\nkeys=out\n[formatters]\nkeys=\n\
//! [logger_root]\nlevel=INFO\nhandlers=out\n\
//! [handler_out]\nclass=StreamHandler\nargs=(sys.stdout,)\n";
//! let result = simulate_bytes("app.ini", ini, &SimOptions::default()).unwrap();
//! assert_eq!(
//!     result.stdout,
//!     "this is info level message\nthis is warning level message\n\
//!      this is error level message\nthis is critical level message\n"
//! );
//! ```

use crate::check::{CheckOptions, FileReport, check_bytes_in, check_path};
use crate::diagnostic::PyException;
use crate::format::record::{LogRecord, RecordTime, record_attribute_names};
use crate::format::{Formatter, Style, logging_error_block};
use crate::handler_class::{FileRotation, HandlerSpec, SideEffect, StreamTarget};
use crate::handlers::file::{self, FileStream};
use crate::handlers::io::{FileIo, VirtualHandle, VirtualIo};
use crate::handlers::memory::{self, as_number};
use crate::handlers::stream::{self, Stream, StreamIo};
use crate::handlers::timed::{self, Schedule};
use crate::handlers::{rotating, syslog, watched};
use crate::hierarchy::{Existing, Gate, Hierarchy, LoggerId};
use crate::host::Host;
use crate::level::Level;
use crate::model::Config;
use crate::pyrepr::repr_str;
use crate::pyvalue::PyValue;
use crate::version::PyVersion;
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet};

/// The oracle's default frozen clock: 2024-01-02 03:04:05.125 UTC.
pub const DEFAULT_TIME: &str = "1704164645.125";
/// The virtual working directory, printed as the oracle prints its sandbox.
pub const CWD: &str = crate::handlers::io::VIRTUAL_CWD;
/// `logging.BASIC_FORMAT`, used by `basicConfig()`.
const BASIC_FORMAT: &str = "%(levelname)s:%(name)s:%(message)s";
/// MemoryHandler targets may chain; a cycle recurses until Python gives up.
const MAX_HANDLE_DEPTH: usize = 32;

/// Why a simulation could not run (its options, or a file that cannot be
/// simulated). A file CPython rejects is not an error: it is
/// [`SimResult::error`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SimError {
    /// A malformed calls list (the message names the call and the field).
    Calls(String),
    /// `--time` is not a decimal number of seconds since the epoch.
    Time(String),
    /// `--mkdir` is not a relative path inside the working directory.
    Mkdir(String),
    /// The file could not be read.
    Unreadable {
        /// The path as given.
        path: String,
    },
    /// The file runs code or uses classes logcheck does not evaluate.
    NotSimulable {
        /// The path as given.
        path: String,
    },
    /// A dictConfig file that loads but uses what the model does not
    /// express (a filter built by code, incremental configuration).
    DictConfig {
        /// The path as given.
        path: String,
        /// What is not modelled, and where ([`FileReport::unmodelled`](crate::check::FileReport::unmodelled)).
        what: String,
    },
    /// The host does not call fileConfig for this file (pserve on a file
    /// without `[loggers]` calls `logging.basicConfig()` instead).
    NoFileConfig {
        /// The path as given.
        path: String,
        /// The host.
        host: Host,
    },
}

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SimError::Calls(m) | SimError::Time(m) | SimError::Mkdir(m) => f.write_str(m),
            SimError::Unreadable { path } => write!(f, "{path}: cannot read the file"),
            SimError::NotSimulable { path } => write!(
                f,
                "{path}: the file runs code or uses classes logcheck does not evaluate (see `logcheck check`); it cannot be simulated"
            ),
            SimError::DictConfig { path, what } => {
                f.write_str(&crate::check::unmodelled_message(path, what))
            }
            SimError::NoFileConfig { path, host } => write!(
                f,
                "{path}: {host} does not call fileConfig for this file (no [loggers] section): it calls logging.basicConfig()"
            ),
        }
    }
}

impl std::error::Error for SimError {}

/// One logging call (the oracle's calls format).
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// `None`, `""` or `"root"`: the root logger.
    pub logger: Option<String>,
    /// The record's numeric level (`logging.INFO` is 20).
    pub level: i64,
    /// `None`: `this is <level> level message`.
    pub msg: Option<PyValue>,
    /// The `%`-arguments of the message.
    pub args: Vec<PyValue>,
    /// `extra=`: attributes added to the record.
    pub extra: Vec<(String, PyValue)>,
    /// `logging.info(...)` style: acts on root, `basicConfig()` first if root has no handlers.
    pub via_module: bool,
    /// The caller's file (`None`: the oracle's `app.py`).
    pub pathname: Option<String>,
    /// The caller's line (`None`: the call's 1-based index).
    pub lineno: Option<i64>,
    /// `Some(None)`: the call sets `func` to null.
    pub func: Option<Option<String>>,
}

impl Call {
    /// A call with the default message.
    pub fn new(logger: &str, level: Level) -> Call {
        Call {
            logger: Some(logger.to_string()),
            level: level.0,
            msg: None,
            args: Vec::new(),
            extra: Vec::new(),
            via_module: false,
            pathname: None,
            lineno: None,
            func: None,
        }
    }
}

/// Parses a calls file: a JSON list of calls, or `{"calls": [...]}`.
pub fn parse_calls(value: &serde_json::Value) -> Result<Vec<Call>, SimError> {
    let list = match value {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(map) => match map.get("calls") {
            Some(serde_json::Value::Array(items)) => items,
            None => return Ok(Vec::new()),
            Some(_) => return Err(SimError::Calls("\"calls\" must be a list".into())),
        },
        _ => {
            return Err(SimError::Calls(
                "a calls file is a JSON list of calls".into(),
            ));
        }
    };
    list.iter()
        .enumerate()
        .map(|(i, item)| {
            parse_call(item).map_err(|e| SimError::Calls(format!("call {}: {e}", i + 1)))
        })
        .collect()
}

fn parse_call(value: &serde_json::Value) -> Result<Call, String> {
    use serde_json::Value as J;
    let J::Object(map) = value else {
        return Err("each call must be a JSON object".into());
    };
    for key in map.keys() {
        if !matches!(
            key.as_str(),
            "logger" | "level" | "msg" | "args" | "extra" | "via" | "pathname" | "lineno" | "func"
        ) {
            return Err(format!("unknown field {key:?}"));
        }
    }
    let logger = match map.get("logger") {
        None | Some(J::Null) => None,
        Some(J::String(s)) => Some(s.clone()),
        Some(_) => return Err("\"logger\" must be a string".into()),
    };
    let level = match map.get("level") {
        None => Level::INFO.0,
        Some(J::String(s)) => {
            Level::from_config_str(s)
                .ok_or_else(|| format!("unknown level in calls: {}", repr_str(s)))?
                .0
        }
        Some(J::Number(n)) if n.is_i64() => n.as_i64().unwrap_or(0),
        Some(other) => return Err(format!("level must be a name or an int, got {other}")),
    };
    let args = match map.get("args") {
        None => Vec::new(),
        Some(J::Array(items)) => items.iter().map(json_to_py).collect(),
        Some(_) => return Err("\"args\" must be a list".into()),
    };
    let extra = match map.get("extra") {
        None | Some(J::Null) => Vec::new(),
        Some(J::Object(m)) => m.iter().map(|(k, v)| (k.clone(), json_to_py(v))).collect(),
        Some(_) => return Err("\"extra\" must be an object".into()),
    };
    let via_module = match map.get("via").and_then(J::as_str) {
        None if map.get("via").is_none() => false,
        Some("logger") => false,
        Some("module") => true,
        _ => return Err("\"via\" must be \"logger\" or \"module\"".into()),
    };
    let pathname = match map.get("pathname") {
        None => None,
        Some(J::String(s)) => Some(s.clone()),
        Some(_) => return Err("\"pathname\" must be a string".into()),
    };
    let lineno = match map.get("lineno") {
        None => None,
        Some(J::Number(n)) if n.is_i64() => n.as_i64(),
        Some(_) => return Err("\"lineno\" must be an integer".into()),
    };
    let func = match map.get("func") {
        None => None,
        Some(J::Null) => Some(None),
        Some(J::String(s)) => Some(Some(s.clone())),
        Some(_) => return Err("\"func\" must be a string or null".into()),
    };
    Ok(Call {
        logger,
        level,
        msg: map.get("msg").map(json_to_py),
        args,
        extra,
        via_module,
        pathname,
        lineno,
        func,
    })
}

/// A JSON value as `json.load` gives it to Python.
pub fn json_to_py(value: &serde_json::Value) -> PyValue {
    use serde_json::Value as J;
    match value {
        J::Null => PyValue::None,
        J::Bool(b) => PyValue::Bool(*b),
        J::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => PyValue::Int(i128::from(i)),
            (None, Some(u), _) => PyValue::Int(i128::from(u)),
            (_, _, Some(f)) => PyValue::Float(f),
            _ => PyValue::None,
        },
        J::String(s) => PyValue::Str(s.clone()),
        J::Array(items) => PyValue::List(items.iter().map(json_to_py).collect()),
        J::Object(map) => PyValue::Dict(
            map.iter()
                .map(|(k, v)| (PyValue::Str(k.clone()), json_to_py(v)))
                .collect(),
        ),
    }
}

/// How to run a simulation (the oracle's options).
#[derive(Debug, Clone)]
pub struct SimOptions {
    /// The CPython version whose behaviour is reproduced.
    pub version: PyVersion,
    /// fileConfig's `defaults=` (`--define`).
    pub defines: Vec<(String, String)>,
    /// Loggers created before fileConfig (`--existing`, `--keep-existing`).
    pub existing: Existing,
    /// `None`: for root and each configured logger, one call per level DEBUG…CRITICAL.
    pub calls: Option<Vec<Call>>,
    /// The frozen clock, seconds since the epoch as a decimal string.
    pub time: String,
    /// Directories created in the empty working directory first (relative).
    pub mkdir: Vec<String>,
    /// Top-level modules assumed importable (custom classes are not simulated).
    pub importable: Vec<String>,
    /// A real working directory (`--cwd`) whose contents the load sees,
    /// read-only, behind the virtual `<cwd>`; `None`: `<cwd>` is empty.
    pub cwd: Option<std::path::PathBuf>,
    /// The program that loads the file (`None`: detected from the file);
    /// its own loggers join [`Self::existing`].
    pub host: Option<Host>,
    /// The service's operating system (log paths follow its `os.path`).
    pub platform: crate::handler_class::Platform,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            version: PyVersion::DEFAULT,
            defines: Vec::new(),
            existing: Existing::default(),
            calls: None,
            time: DEFAULT_TIME.to_string(),
            mkdir: Vec::new(),
            importable: Vec::new(),
            cwd: None,
            host: None,
            platform: crate::handler_class::Platform::CURRENT,
        }
    }
}

/// A logger as the oracle snapshots it after the calls (before shutdown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggerSnapshot {
    /// `logger.name` (`root` for the root logger).
    pub name: String,
    /// `getLevelName(getEffectiveLevel())`.
    pub level: String,
    /// `getLevelName(logger.level)`.
    pub own_level: String,
    pub propagate: bool,
    pub disabled: bool,
    /// Handler names (`None` for a handler `basicConfig()` added).
    pub handlers: Vec<Option<String>>,
}

/// An exception a logging call raised into the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallException {
    /// 1-based call index.
    pub index: usize,
    pub exception: PyException,
}

/// The outcome of a simulation: the oracle's result.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SimResult {
    /// fileConfig raised this: nothing else happened.
    pub error: Option<PyException>,
    /// What was written to `sys.stdout`.
    pub stdout: String,
    /// What was written to `sys.stderr` (load-time warnings first, then
    /// records and `--- Logging error ---` blocks).
    pub stderr: String,
    /// Files under the working directory (relative path → contents).
    pub files: BTreeMap<String, String>,
    /// Every logger's state after the load, as the oracle lists them.
    pub loggers: Vec<LoggerSnapshot>,
    /// Exceptions that escaped a logging call (CPython raises them to the caller).
    pub call_exceptions: Vec<CallException>,
    /// What the simulation could not reproduce exactly (network delivery…).
    pub notes: Vec<String>,
}

/// The oracle's JSON result, as typed views of a [`SimResult`] (field order
/// is the oracle's output order).
#[derive(Serialize)]
#[serde(untagged)]
enum ResultJson<'a> {
    /// fileConfig raised: only the exception.
    Failed { error: ExceptionJson<'a> },
    /// The run: streams, files, loggers, exceptions raised into calls.
    Ran {
        streams: StreamsJson<'a>,
        #[serde(serialize_with = "ordered_map")]
        files: Vec<(&'a String, &'a String)>,
        #[serde(serialize_with = "ordered_map")]
        loggers: Vec<(&'a String, LoggerJson<'a>)>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        call_exceptions: Vec<CallExceptionJson<'a>>,
    },
}

#[derive(Serialize)]
struct StreamsJson<'a> {
    stdout: &'a str,
    stderr: &'a str,
}

#[derive(Serialize)]
struct ExceptionJson<'a> {
    #[serde(rename = "type")]
    type_name: &'a str,
    message: &'a str,
}

/// A logger's snapshot (keys sorted, as the oracle's `json.dumps(sort_keys)`).
#[derive(Serialize)]
struct LoggerJson<'a> {
    disabled: bool,
    handlers: &'a [Option<String>],
    level: &'a str,
    own_level: &'a str,
    propagate: bool,
}

#[derive(Serialize)]
struct CallExceptionJson<'a> {
    index: usize,
    #[serde(rename = "type")]
    type_name: &'a str,
    message: &'a str,
}

/// Pairs as a JSON object, in the given order (`os.walk` order for files,
/// the oracle's logger order).
fn ordered_map<S: Serializer, K: Serialize, V: Serialize>(
    pairs: &[(K, V)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}

impl<'a> ResultJson<'a> {
    fn of(r: &'a SimResult) -> Self {
        if let Some(e) = &r.error {
            return ResultJson::Failed {
                error: ExceptionJson {
                    type_name: &e.type_name,
                    message: &e.message,
                },
            };
        }
        ResultJson::Ran {
            streams: StreamsJson {
                stdout: &r.stdout,
                stderr: &r.stderr,
            },
            files: walk_order(r.files.keys())
                .into_iter()
                .map(|k| (k, &r.files[k]))
                .collect(),
            loggers: r
                .loggers
                .iter()
                .map(|l| (&l.name, LoggerJson::of(l)))
                .collect(),
            call_exceptions: r
                .call_exceptions
                .iter()
                .map(|c| CallExceptionJson {
                    index: c.index,
                    type_name: &c.exception.type_name,
                    message: &c.exception.message,
                })
                .collect(),
        }
    }
}

impl<'a> LoggerJson<'a> {
    fn of(l: &'a LoggerSnapshot) -> Self {
        LoggerJson {
            disabled: l.disabled,
            handlers: &l.handlers,
            level: &l.level,
            own_level: &l.own_level,
            propagate: l.propagate,
        }
    }
}

impl Serialize for SimResult {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ResultJson::of(self).serialize(serializer)
    }
}

impl SimResult {
    /// The oracle's JSON result as a value, for logcheck's own tests (a
    /// `serde_json` type stays out of the API; feature `internals`).
    #[cfg(feature = "internals")]
    #[doc(hidden)]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// The oracle's JSON text (`indent=1`, keys in the oracle's order).
    pub fn to_json_string(&self) -> String {
        let mut buf = Vec::new();
        let fmt = serde_json::ser::PrettyFormatter::with_indent(b" ");
        let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
        if self.serialize(&mut ser).is_err() {
            return String::new();
        }
        String::from_utf8(buf).unwrap_or_default()
    }

    fn failed(error: PyException) -> SimResult {
        SimResult {
            error: Some(error),
            ..SimResult::default()
        }
    }
}

/// `os.walk` order (files of a directory before its subdirectories, each sorted).
fn walk_order<'a>(paths: impl Iterator<Item = &'a String>) -> Vec<&'a String> {
    let mut all: Vec<&String> = paths.collect();
    all.sort_by(|a, b| {
        let (pa, pb): (Vec<&str>, Vec<&str>) = (a.split('/').collect(), b.split('/').collect());
        for i in 0.. {
            match (pa.get(i), pb.get(i)) {
                (Some(x), Some(y)) if x == y => continue,
                (Some(x), Some(y)) => {
                    // a file (last component) sorts before a directory
                    let (fx, fy) = (i + 1 == pa.len(), i + 1 == pb.len());
                    return fy.cmp(&fx).then_with(|| x.cmp(y));
                }
                (x, y) => return x.is_some().cmp(&y.is_some()),
            }
        }
        std::cmp::Ordering::Equal
    });
    all
}

/// Parses a decimal epoch (`1704164645.125`, `-1.5`, `1e9`) to integer
/// nanoseconds, truncated toward zero as `int(Fraction(text) * 10**9)`.
pub fn parse_epoch_ns(text: &str) -> Result<i128, SimError> {
    let bad = || {
        SimError::Time(format!(
            "--time {text:?}: expected a decimal number of seconds"
        ))
    };
    let t = text.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], t[i + 1..].parse::<i32>().map_err(|_| bad())?),
        None => (t, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if (int_part.is_empty() && frac_part.is_empty())
        || !int_part
            .chars()
            .chain(frac_part.chars())
            .all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    let digits: String = format!("{int_part}{frac_part}");
    // value = digits * 10^(exp - frac_len); nanoseconds = value * 10^9
    let shift = i64::from(exp) - frac_part.len() as i64 + 9;
    let digits = digits.trim_start_matches('0');
    if digits.len() as i64 + shift > 36 {
        return Err(bad());
    }
    let mut n: i128 = 0;
    let keep = if shift < 0 {
        digits.len() as i64 + shift
    } else {
        digits.len() as i64
    };
    for c in digits.chars().take(keep.max(0) as usize) {
        n = n * 10 + i128::from(c.to_digit(10).unwrap_or(0));
    }
    for _ in 0..shift.max(0) {
        n *= 10;
    }
    Ok(if neg { -n } else { n })
}

/// Simulates the file at `path` (read from disk; handler files stay virtual).
pub fn simulate_path(path: &str, opts: &SimOptions) -> Result<SimResult, SimError> {
    match std::fs::read(path) {
        Ok(bytes) if !std::path::Path::new(path).is_dir() => simulate_bytes(path, &bytes, opts),
        _ => {
            let report = check_path(path, &check_options(opts));
            match report.python_error {
                Some(e) => Ok(SimResult::failed(e)),
                None => Err(SimError::Unreadable {
                    path: path.to_string(),
                }),
            }
        }
    }
}

fn check_options(opts: &SimOptions) -> CheckOptions {
    CheckOptions {
        version: opts.version,
        defines: opts.defines.clone(),
        cwd: std::path::PathBuf::from(CWD),
        importable: opts.importable.clone(),
        // the process environment, as the oracle (and the service) inherit it
        env: None,
        host: opts.host,
        existing: opts.existing.names.clone(),
        platform: opts.platform,
        format: None,
    }
}

/// The virtual working directory's tree: `<cwd>` plus `mkdir`s.
fn virtual_dirs(mkdir: &[String]) -> Result<BTreeSet<String>, SimError> {
    let mut dirs = BTreeSet::from([CWD.to_string()]);
    for rel in mkdir {
        let mut path = CWD.to_string();
        for part in crate::environment::mkdir_parts(rel).map_err(SimError::Mkdir)? {
            path = format!("{path}/{part}");
            dirs.insert(path.clone());
        }
    }
    Ok(dirs)
}

/// Simulates file contents; `path` appears in messages exactly as given.
pub fn simulate_bytes(path: &str, bytes: &[u8], opts: &SimOptions) -> Result<SimResult, SimError> {
    // the load sees the shared environment (crate::environment): `--cwd`
    // read-only behind `<cwd>`, `--mkdir`, and absolute paths on the real disk
    let fs = crate::environment::EnvironmentFs::new(opts.cwd.as_deref(), Some(CWD), &opts.mkdir)
        .map_err(SimError::Mkdir)?;
    let report = check_bytes_in(path, bytes, &check_options(opts), &fs);
    simulate_report(&report, opts)
}

/// Simulates from a checked file: its error, or the run of its model.
pub fn simulate_report(report: &FileReport, opts: &SimOptions) -> Result<SimResult, SimError> {
    if let Some(e) = &report.python_error {
        return Ok(SimResult::failed(e.clone()));
    }
    if let Some(what) = &report.unmodelled {
        return Err(SimError::DictConfig {
            path: report.path.clone(),
            what: what.clone(),
        });
    }
    // Code confined to opaque handlers' arguments does not stop the run: the
    // routing is exact and those handlers' output is reported as not simulated.
    if report.verdict_uncertain
        && report
            .config
            .as_ref()
            .is_none_or(|c| c.runs_unmodelled_code)
    {
        return Err(SimError::NotSimulable {
            path: report.path.clone(),
        });
    }
    match &report.config {
        Some(config) => {
            // the host's own loggers exist before it calls fileConfig
            let with_host = SimOptions {
                existing: report.host.existing_for_config(&opts.existing, config),
                ..opts.clone()
            };
            simulate(config, &with_host)
        }
        None if report.host.needs_loggers_section() && !report.io_error => {
            Err(SimError::NoFileConfig {
                path: report.path.clone(),
                host: report.host,
            })
        }
        None => Err(SimError::Unreadable {
            path: report.path.clone(),
        }),
    }
}

/// Runs the calls on a loaded configuration, then `logging.shutdown()`.
pub fn simulate(config: &Config, opts: &SimOptions) -> Result<SimResult, SimError> {
    let now_ns = parse_epoch_ns(&opts.time)?;
    let mut dirs = virtual_dirs(&opts.mkdir)?;
    if opts.cwd.is_some() {
        // the real directories the handlers' files are in (--cwd), as the load saw them
        let fs =
            crate::environment::EnvironmentFs::new(opts.cwd.as_deref(), Some(CWD), &opts.mkdir)
                .map_err(SimError::Mkdir)?;
        dirs.extend(fs.directories_for(config));
    }
    let calls = opts.calls.clone();
    let mut rt = Runtime::configure(config, opts, dirs, now_ns);
    // the oracle's logger order: root, [loggers] qualnames, call loggers, existing
    let mut order: Vec<LoggerId> = vec![Hierarchy::ROOT];
    for def in &config.loggers {
        let id = rt.hier.get_logger(&def.qualname.value);
        if !order.contains(&id) {
            order.push(id);
        }
    }
    let calls = calls.unwrap_or_else(|| {
        order
            .iter()
            .flat_map(|id| {
                let name = rt.hier.display_name(*id);
                Level::STANDARD.map(|l| Call::new(&name, l))
            })
            .collect()
    });
    for (i, call) in calls.iter().enumerate() {
        let index = i + 1;
        if let Err(exception) = rt.call(call, index, &mut order) {
            rt.result
                .call_exceptions
                .push(CallException { index, exception });
        }
    }
    for name in &opts.existing.names {
        let id = rt.hier.get_logger(name);
        if !order.contains(&id) {
            order.push(id);
        }
    }
    rt.result.loggers = order.iter().map(|id| rt.snapshot(*id)).collect();
    rt.shutdown();
    rt.result.files = rt.io.written_files();
    (rt.result.stdout, rt.result.stderr) = rt.io.take_streams();
    Ok(rt.result)
}

// ---- run time --------------------------------------------------------------

use crate::handlers::file::TextCodec as Codec;

#[derive(Debug)]
struct FileState {
    /// Path, mode, delay and the open file (the engine's `FileHandler` stream).
    stream: FileStream<VirtualHandle>,
    codec: Codec,
    errors: Option<String>,
    binary: bool,
    /// `RotatingFileHandler` with a numeric `maxBytes`: (maxBytes, backupCount).
    size_rotation: Option<(f64, Result<u64, PyException>)>,
    /// `TimedRotatingFileHandler`'s schedule.
    schedule: Option<Schedule>,
    /// Errors are reported by `handleError` (BaseRotatingHandler.emit's try).
    rotating: bool,
    watched: bool,
    /// WatchedFileHandler's recorded inode of its stream (`None`: `(-1, -1)`).
    watched_id: Option<usize>,
}

#[derive(Debug)]
enum Kind {
    Stream(Stream),
    File(Box<FileState>),
    Null,
    /// `logging.Handler`: emit raises NotImplementedError.
    Abstract,
    Memory {
        capacity: PyValue,
        flush_level: PyValue,
        flush_on_close: bool,
        target: Option<usize>,
        buffer: Vec<LogRecord>,
    },
    Buffering {
        capacity: PyValue,
        buffer: usize,
    },
    /// Formats the record, delivers nowhere observable (syslog, queue).
    FormatsOnly,
    /// `SysLogHandler` on a unix socket that is not there: formats, then
    /// every send fails with this exception.
    SyslogFails(PyException),
    /// Computes `getMessage()` only (socket handlers' pickling).
    MessageOnly,
    /// Does nothing observable (NTEventLogHandler without win32 extensions).
    Silent,
}

#[derive(Debug)]
struct RtHandler {
    name: Option<String>,
    level: Level,
    formatter: Option<Formatter>,
    kind: Kind,
    closed: bool,
}

struct Runtime {
    version: PyVersion,
    now_ns: i128,
    hier: Hierarchy,
    handlers: Vec<RtHandler>,
    /// Files: the engine's virtual tree (relative paths) over the disk (absolute, read-only).
    io: VirtualIo,
    default_formatter: Option<Formatter>,
    result: SimResult,
    /// The host's registered level names (uvicorn's `TRACE`).
    level_names: &'static [(&'static str, i64)],
}

fn codec_of(encoding: Option<&str>) -> (Codec, Option<String>) {
    let Some(enc) = encoding else {
        return (Codec::Utf8, None);
    };
    match Codec::named(enc) {
        Some(codec) => (codec, None),
        None => (
            Codec::Utf8,
            Some(format!(
                "encoding {enc:?} is simulated as UTF-8 (only UTF-8, ASCII and Latin-1 are modelled)"
            )),
        ),
    }
}

/// `'\xe9'`-style repr of one character as codec errors print it.
fn char_escape(c: char) -> String {
    let n = c as u32;
    if n < 0x100 {
        format!("'\\x{n:02x}'")
    } else if n < 0x10000 {
        format!("'\\u{n:04x}'")
    } else {
        format!("'\\U{n:08x}'")
    }
}

/// Encodes `text` as a text file opened with `codec`/`errors` would.
fn encode(text: &str, codec: Codec, errors: Option<&str>) -> Result<String, PyException> {
    let (name, limit) = match codec {
        Codec::Utf8 => return Ok(text.to_string()),
        Codec::Ascii => ("ascii", 128u32),
        Codec::Latin1 => ("latin-1", 256u32),
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c as u32) < limit {
            out.push(c);
            i += 1;
            continue;
        }
        match errors.unwrap_or("strict") {
            "ignore" => {}
            "replace" => out.push('?'),
            "backslashreplace" => {
                let e = char_escape(c);
                out.push_str(&e[1..e.len() - 1]);
            }
            _ => {
                let start = i;
                let mut end = i;
                while end < chars.len() && (chars[end] as u32) >= limit {
                    end += 1;
                }
                let msg = if end - start == 1 {
                    format!(
                        "'{name}' codec can't encode character {} in position {start}: ordinal not in range({limit})",
                        char_escape(c)
                    )
                } else {
                    format!(
                        "'{name}' codec can't encode characters in position {start}-{}: ordinal not in range({limit})",
                        end - 1
                    )
                };
                return Err(PyException::new("UnicodeEncodeError", msg));
            }
        }
        i += 1;
    }
    Ok(out)
}

impl Runtime {
    fn configure(
        config: &Config,
        opts: &SimOptions,
        dirs: BTreeSet<String>,
        now_ns: i128,
    ) -> Runtime {
        let version = opts.version;
        let default_formatter = Formatter::new(None, None, Style::Percent, None, version).ok();
        let mut rt = Runtime {
            version,
            now_ns,
            hier: Hierarchy::configure(config, &opts.existing),
            handlers: Vec::new(),
            io: VirtualIo::new(dirs),
            default_formatter: default_formatter.clone(),
            result: SimResult::default(),
            level_names: config.level_names,
        };
        // what the warnings module printed while fileConfig compiled `args`
        for line in &config.load_warnings {
            // the virtual stderr cannot fail
            drop(rt.io.write_std(false, &format!("{line}\n")));
        }
        for def in &config.handlers {
            let mut kind = rt.kind_of(&def.spec, def.key.value.as_str());
            if let Kind::File(state) = &mut kind {
                // Its stream's own open creates or truncates the file.
                rt.construct_file(state);
            }
            for effect in &def.effects {
                match (effect, &kind) {
                    (SideEffect::PrintsStdout { text }, _) => drop(rt.io.write_std(true, text)),
                    (_, Kind::File(_)) => {}
                    (SideEffect::CreatesFile { path }, _) => drop(rt.io.open(path, "a")),
                    (SideEffect::TruncatesFile { path }, _) => drop(rt.io.open(path, "w")),
                }
            }
            let formatter = def
                .formatter
                .as_ref()
                .and_then(|f| config.formatter(&f.value))
                .map(|f| f.formatter.clone())
                .or_else(|| default_formatter.clone());
            rt.handlers.push(RtHandler {
                // 3.8's fileConfig never sets `h.name` (3.9 added
                // `h.name = hand`); dictConfig always names its handlers
                name: (config.dictconfig || version.minor >= 9).then(|| def.key.value.to_string()),
                level: def.level,
                formatter,
                kind,
                closed: false,
            });
        }
        // for h, t in fixups: h.setTarget(handlers[t])
        for (i, def) in config.handlers.iter().enumerate() {
            if let Some(t) = &def.target
                && let Some(ti) = config.handler_index(&t.value)
                && let Some(Kind::Memory { target, .. }) =
                    rt.handlers.get_mut(i).map(|h| &mut h.kind)
            {
                *target = Some(ti);
            }
        }
        rt
    }

    fn kind_of(&mut self, spec: &HandlerSpec, key: &str) -> Kind {
        match spec {
            HandlerSpec::Stream { target } => Kind::Stream(match target {
                StreamTarget::Stdout => Stream::Stdout,
                StreamTarget::Stderr => Stream::Stderr,
                StreamTarget::Other { type_name, .. } => Stream::NoWrite(type_name.clone()),
            }),
            HandlerSpec::File { .. } => self.file_kind(spec, key),
            HandlerSpec::Null => Kind::Null,
            HandlerSpec::Abstract => Kind::Abstract,
            HandlerSpec::Memory {
                capacity,
                flush_level,
                flush_on_close,
            } => Kind::Memory {
                capacity: capacity.clone(),
                flush_level: flush_level.clone(),
                flush_on_close: *flush_on_close,
                target: None,
                buffer: Vec::new(),
            },
            HandlerSpec::Buffering { capacity } => Kind::Buffering {
                capacity: capacity.clone(),
                buffer: 0,
            },
            HandlerSpec::Syslog {
                address: PyValue::Str(address),
                ..
            } => match syslog::unix_send_error(&self.io, address) {
                Some(e) => Kind::SyslogFails(e),
                None => {
                    self.result.notes.push(format!(
                        "handler {key}: a socket is at {address}; what is sent to it is not shown"
                    ));
                    Kind::FormatsOnly
                }
            },
            HandlerSpec::Syslog { .. } | HandlerSpec::Queue { .. } => {
                self.result.notes.push(format!(
                    "handler {key}: what it sends over the network/queue is not shown"
                ));
                Kind::FormatsOnly
            }
            HandlerSpec::Socket { .. } | HandlerSpec::Datagram { .. } => {
                self.result.notes.push(format!(
                    "handler {key}: network delivery is not simulated (assumed to fail silently, as with no listener)"
                ));
                Kind::MessageOnly
            }
            HandlerSpec::Http { .. } | HandlerSpec::Smtp { .. } => {
                self.result.notes.push(format!(
                    "handler {key}: HTTP/SMTP delivery depends on the network and is not simulated (CPython prints a `--- Logging error ---` block when the server is unreachable)"
                ));
                Kind::Silent
            }
            HandlerSpec::NtEventLog { .. } => Kind::Silent,
            HandlerSpec::Opaque { .. } => {
                self.result.notes.push(format!(
                    "handler {key}: built from code logcheck does not evaluate (its class, arguments, formatter or a filter): output not simulated"
                ));
                Kind::Silent
            }
            HandlerSpec::NotAHandler { .. } | HandlerSpec::Custom { .. } => {
                self.result
                    .notes
                    .push(format!("handler {key}: not a simulated handler class"));
                Kind::Silent
            }
        }
    }

    /// A file handler's run-time state (`FileHandler` and its subclasses).
    fn file_kind(&mut self, spec: &HandlerSpec, key: &str) -> Kind {
        let HandlerSpec::File {
            class,
            path,
            mode,
            encoding,
            errors,
            delay,
            rotation,
            watched,
            ..
        } = spec
        else {
            return Kind::Silent;
        };
        let binary = mode.contains('b');
        let refused = (encoding.as_deref())
            .filter(|_| !binary)
            .and_then(|e| crate::handler_class::open_encoding_error(e, self.version));
        let (codec, note) = codec_of(encoding.as_deref());
        if let Some(n) = note.filter(|_| refused.is_none()) {
            self.result.notes.push(format!("handler {key}: {n}"));
        }
        let size_rotation = match rotation {
            FileRotation::Size {
                max_bytes,
                backup_count,
            } => as_number(max_bytes).map(|m| (m, rotating::backup_count(backup_count))),
            FileRotation::Time { .. } => None,
            FileRotation::None => None,
        };
        let schedule = self.schedule_of(rotation, key);
        Kind::File(Box::new(FileState {
            schedule,
            stream: FileStream::new(path.clone(), mode.clone(), *delay).refusing_encoding(refused),
            codec,
            errors: errors.clone(),
            binary,
            size_rotation,
            rotating: class.is_rotating(),
            watched: *watched,
            watched_id: None,
        }))
    }

    /// The end of a file handler's constructor: `FileHandler.__init__` opens
    /// the stream unless `delay` (check said it loads), a watched handler
    /// records its identity, a timed one starts its schedule.
    fn construct_file(&self, state: &mut FileState) {
        if !state.stream.delay {
            let _ = state.stream.open(&self.io);
            watched::stat_stream(&self.io, &state.stream, &mut state.watched_id);
        }
        if let Some(schedule) = &mut state.schedule {
            let now = self.now_seconds();
            schedule.start(&self.io, &state.stream.path, now, self.version, &utc);
        }
    }

    /// A `TimedRotatingFileHandler`'s schedule (`None`, with a note, for
    /// arguments the engine does not model: `atTime`, non-int numbers).
    fn schedule_of(&mut self, rotation: &FileRotation, key: &str) -> Option<Schedule> {
        let FileRotation::Time {
            when,
            interval,
            backup_count,
            utc,
            at_time,
        } = rotation
        else {
            return None;
        };
        let int = |v: &PyValue| match v {
            PyValue::Int(i) => i64::try_from(*i).ok(),
            PyValue::Bool(b) => Some(i64::from(*b)),
            _ => None,
        };
        match (int(interval), int(backup_count), at_time) {
            (Some(i), Some(b), PyValue::None) => {
                Some(Schedule::new(when, i, b.max(0) as u64, *utc))
            }
            _ => {
                self.result.notes.push(format!(
                    "handler {key}: time-based rotation with these arguments is not simulated"
                ));
                None
            }
        }
    }

    fn now_seconds(&self) -> i64 {
        self.now_ns.div_euclid(1_000_000_000) as i64
    }

    fn record_time(&self) -> RecordTime {
        RecordTime::from_ns(self.now_ns, self.now_ns, self.version)
    }

    fn call(
        &mut self,
        call: &Call,
        index: usize,
        order: &mut Vec<LoggerId>,
    ) -> Result<(), PyException> {
        let logger = if call.via_module {
            if self.hier.logger(Hierarchy::ROOT).handlers.is_empty() {
                self.basic_config();
            }
            Hierarchy::ROOT
        } else {
            self.hier.get_logger(call.logger.as_deref().unwrap_or(""))
        };
        if !order.contains(&logger) {
            order.push(logger);
        }
        let level = Level(call.level);
        // isEnabledFor: disabled, `manager.disable (0) >= level`, effective level
        if self.hier.logger(logger).disabled
            || call.level <= 0
            || level < self.hier.effective_level(logger)
        {
            return Ok(());
        }
        let msg = call.msg.clone().unwrap_or_else(|| {
            PyValue::Str(format!(
                "this is {} level message",
                level.name_with(self.level_names).to_lowercase()
            ))
        });
        let mut record = LogRecord::new(
            &self.hier.display_name(logger),
            call.level,
            call.pathname.as_deref().unwrap_or("app.py"),
            call.lineno.unwrap_or(index as i64),
            msg,
            call.args.clone(),
            self.record_time(),
            self.version,
        );
        record.levelname = Level(call.level).name_with(self.level_names).into_owned();
        if let Some(func) = &call.func {
            record.func_name = func.clone();
        }
        let attributes = record_attribute_names(self.version);
        for (key, value) in &call.extra {
            if key == "message"
                || key == "asctime"
                || attributes.contains(&key.as_str())
                || record.extra.iter().any(|(k, _)| k == key)
            {
                return Err(PyException::key_error(&format!(
                    "Attempt to overwrite {} in LogRecord",
                    repr_str(key)
                )));
            }
            record.extra.push((key.clone(), value.clone()));
        }
        let levels: Vec<Level> = self.handlers.iter().map(|h| h.level).collect();
        let route = self.hier.route(logger, level, &levels);
        for delivery in &route.deliveries {
            if delivery.gate == Gate::Emitted {
                self.handle(delivery.handler, &record, 0)?;
            }
        }
        if route.last_resort {
            // lastResort: a WARNING StreamHandler on the current sys.stderr
            let formatter = self.default_formatter.clone();
            self.stream_emit(formatter.as_ref(), &Stream::Stderr, &record);
        }
        Ok(())
    }

    /// `logging.basicConfig()` on a root without handlers.
    fn basic_config(&mut self) {
        let formatter =
            Formatter::new(Some(BASIC_FORMAT), None, Style::Percent, None, self.version).ok();
        self.handlers.push(RtHandler {
            name: None,
            level: Level::NOTSET,
            formatter,
            kind: Kind::Stream(Stream::Stderr),
            closed: false,
        });
        self.hier
            .add_handler(Hierarchy::ROOT, self.handlers.len() - 1);
    }

    fn snapshot(&self, id: LoggerId) -> LoggerSnapshot {
        let node = self.hier.logger(id);
        LoggerSnapshot {
            name: self.hier.display_name(id),
            level: self.hier.effective_level(id).name().into_owned(),
            own_level: node.level.name().into_owned(),
            propagate: node.propagate,
            disabled: node.disabled,
            handlers: node
                .handlers
                .iter()
                .map(|&h| self.handlers.get(h).and_then(|x| x.name.clone()))
                .collect(),
        }
    }

    fn handle_error(&mut self, exception: PyException, record: &LogRecord) {
        let error = crate::format::EmitError { exception };
        let _ = self
            .io
            .write_std(false, &logging_error_block(&error, record));
    }

    /// `StreamHandler.emit` on a standard stream (or a non-stream object).
    fn stream_emit(&mut self, formatter: Option<&Formatter>, dest: &Stream, record: &LogRecord) {
        let written = format_record(formatter, record)
            .and_then(|msg| stream::emit(&self.io, dest, &(msg + "\n")));
        if let Err(e) = written {
            self.handle_error(e, record);
        }
    }

    /// `Handler.handle`: filters (none in a file), then `emit`. An `Err` is an
    /// exception that escapes into the logging call.
    fn handle(&mut self, h: usize, record: &LogRecord, depth: usize) -> Result<(), PyException> {
        if depth > MAX_HANDLE_DEPTH {
            return Err(PyException::new(
                "RecursionError",
                "maximum recursion depth exceeded",
            ));
        }
        let Some(handler) = self.handlers.get(h) else {
            return Ok(());
        };
        let formatter = handler.formatter.clone();
        match &handler.kind {
            Kind::Null | Kind::Silent => Ok(()),
            Kind::Abstract => Err(PyException::new(
                "NotImplementedError",
                "emit must be implemented by Handler subclasses",
            )),
            Kind::Stream(dest) => {
                let dest = dest.clone();
                self.stream_emit(formatter.as_ref(), &dest, record);
                Ok(())
            }
            Kind::FormatsOnly => {
                if let Err(e) = format_record(formatter.as_ref(), record) {
                    self.handle_error(e, record);
                }
                Ok(())
            }
            Kind::SyslogFails(send_error) => {
                // SysLogHandler.emit: format, then the send (and the reconnect) fail.
                let e = format_record(formatter.as_ref(), record)
                    .err()
                    .unwrap_or_else(|| send_error.clone());
                self.handle_error(e, record);
                Ok(())
            }
            Kind::MessageOnly => {
                if let Err(e) = record.get_message() {
                    self.handle_error(e, record);
                }
                Ok(())
            }
            Kind::File(state) => {
                let (rotating, watched) = (state.rotating, state.watched);
                if rotating {
                    if let Err(e) = self.rotating_emit(h, formatter.as_ref(), record) {
                        self.handle_error(e, record);
                    }
                    return Ok(());
                }
                if watched {
                    self.reopen_if_needed(h)?;
                }
                self.file_emit(h, formatter.as_ref(), record)
            }
            Kind::Buffering { .. } => self.buffering_emit(h),
            Kind::Memory { .. } => self.memory_emit(h, record, depth),
        }
    }

    /// `BufferingHandler.emit` (append, `shouldFlush`, `flush` drops the buffer).
    fn buffering_emit(&mut self, h: usize) -> Result<(), PyException> {
        if let Some(Kind::Buffering { capacity, buffer }) =
            self.handlers.get_mut(h).map(|x| &mut x.kind)
        {
            let full = memory::buffer_full(*buffer + 1, capacity)?;
            *buffer = if full { 0 } else { *buffer + 1 };
        }
        Ok(())
    }

    /// `MemoryHandler.emit`: buffer the record, flush when full or at `flushLevel`.
    fn memory_emit(
        &mut self,
        h: usize,
        record: &LogRecord,
        depth: usize,
    ) -> Result<(), PyException> {
        let Some(Kind::Memory {
            capacity,
            flush_level,
            buffer,
            ..
        }) = self.handlers.get_mut(h).map(|x| &mut x.kind)
        else {
            return Ok(());
        };
        buffer.push(record.clone());
        let flush = memory::should_flush(buffer.len(), capacity, record.levelno, flush_level)?;
        if flush {
            self.memory_flush(h, depth)?;
        }
        Ok(())
    }

    /// `MemoryHandler.flush`: each buffered record to `target.handle` (the
    /// target's level is not applied); the buffer is kept when there is no target.
    fn memory_flush(&mut self, h: usize, depth: usize) -> Result<(), PyException> {
        let Some(Kind::Memory { target, buffer, .. }) =
            self.handlers.get_mut(h).map(|x| &mut x.kind)
        else {
            return Ok(());
        };
        let Some(t) = *target else {
            return Ok(());
        };
        let records = std::mem::take(buffer);
        for record in &records {
            // target.handle(record) applies the target's filters
            if self.hier.filters().handler_rejecting(t, &record.name).is_some() {
                continue;
            }
            if let Err(e) = self.handle(t, record, depth + 1) {
                if let Some(Kind::Memory { buffer, .. }) =
                    self.handlers.get_mut(h).map(|x| &mut x.kind)
                {
                    let mut restored = records.clone();
                    restored.append(buffer);
                    *buffer = restored;
                }
                return Err(e);
            }
        }
        Ok(())
    }

    /// The file state of handler `h` and the virtual file system, borrowed apart.
    fn file_parts(&mut self, h: usize) -> Option<(&mut FileState, &VirtualIo, bool)> {
        let handler = self.handlers.get_mut(h)?;
        match &mut handler.kind {
            Kind::File(state) => Some((state, &self.io, handler.closed)),
            _ => None,
        }
    }

    /// `FileHandler.emit`: open on first use (delay), then `StreamHandler.emit`
    /// (format, encode, write).
    fn file_emit(
        &mut self,
        h: usize,
        formatter: Option<&Formatter>,
        record: &LogRecord,
    ) -> Result<(), PyException> {
        let version = self.version;
        let Some((state, io, closed)) = self.file_parts(h) else {
            return Ok(());
        };
        state.stream.open_for_emit(io, closed, version)?;
        if state.stream.handle.is_none() {
            return Ok(());
        }
        let writable = file::mode_writable(&state.stream.mode);
        let written = format_record(formatter, record).and_then(|msg| {
            file::check_text_write(state.binary, writable)?;
            let text = encode(&(msg + "\n"), state.codec, state.errors.as_deref())?;
            state.stream.write(io, text.as_bytes())
        });
        if let Err(e) = written {
            self.handle_error(e, record);
        }
        Ok(())
    }

    /// `BaseRotatingHandler.emit`: the engine's `shouldRollover`/`doRollover`,
    /// then `FileHandler.emit`, all inside `try/except: handleError`.
    fn rotating_emit(
        &mut self,
        h: usize,
        formatter: Option<&Formatter>,
        record: &LogRecord,
    ) -> Result<(), PyException> {
        let (version, now) = (self.version, self.now_seconds());
        let Some((state, io, _)) = self.file_parts(h) else {
            return Ok(());
        };
        if let Some(schedule) = &mut state.schedule
            && timed::should_rollover(io, &state.stream.path, schedule, now, version, &utc)
        {
            timed::do_rollover(io, &mut state.stream, schedule, now, version, &utc)?;
        }
        if let Some((max_bytes, backup_count)) = &state.size_rotation {
            let line_len =
                || format_record(formatter, record).map(|m| m.chars().count() as u64 + 1);
            if rotating::should_rollover(io, &mut state.stream, *max_bytes, version, 0, line_len)? {
                rotating::do_rollover(io, &mut state.stream, backup_count)?;
            }
        }
        self.file_emit(h, formatter, record)
    }

    /// `WatchedFileHandler.reopenIfNeeded` (the engine's).
    fn reopen_if_needed(&mut self, h: usize) -> Result<(), PyException> {
        match self.file_parts(h) {
            Some((state, io, _)) => {
                watched::reopen_if_needed(io, &mut state.stream, &mut state.watched_id)
            }
            None => Ok(()),
        }
    }

    /// `logging.shutdown()`: newest handler first, flush (3.12+: unless
    /// `flushOnClose` is false) then close; OSError/ValueError are ignored.
    fn shutdown(&mut self) {
        for h in (0..self.handlers.len()).rev() {
            if let Kind::Memory { flush_on_close, .. } = self.handlers[h].kind {
                // 3.11 flushes unconditionally; 3.12+ asks flushOnClose; close()
                // flushes again when flushOnClose (a no-op after the first).
                if memory::flushes_at_shutdown(flush_on_close, self.version) {
                    let _ = self.memory_flush(h, 0);
                }
            }
            let handler = &mut self.handlers[h];
            match &mut handler.kind {
                Kind::Memory { target, .. } => *target = None,
                Kind::Buffering { buffer, .. } => *buffer = 0,
                Kind::File(state) => state.stream.close(),
                _ => {}
            }
            handler.closed = true;
        }
    }
}

/// The simulation's zone: UTC (the oracle sets `TZ=UTC`).
fn utc(_epoch: i64) -> (i32, String) {
    (0, "UTC".to_string())
}

/// `Handler.format`: the handler's formatter, or `logging._defaultFormatter`
/// (`%(message)s`, which is `None` here only if it failed to compile).
fn format_record(formatter: Option<&Formatter>, record: &LogRecord) -> Result<String, PyException> {
    match formatter {
        Some(f) => f.format(record, 0, "UTC").map_err(|e| e.exception),
        None => record.get_message(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_parsing_truncates_like_fraction() {
        assert_eq!(
            parse_epoch_ns("1704164645.125").unwrap(),
            1_704_164_645_125_000_000
        );
        assert_eq!(parse_epoch_ns("1.5e3").unwrap(), 1_500_000_000_000);
        assert_eq!(parse_epoch_ns("-0.0000000019").unwrap(), -1);
        assert!(parse_epoch_ns("abc").is_err());
        assert!(parse_epoch_ns("1e99").is_err());
    }

    #[test]
    fn walk_order_puts_files_before_directories() {
        let paths = ["z.log".to_string(), "logs/a.log".into(), "a.log".into()];
        let order: Vec<&str> = walk_order(paths.iter())
            .into_iter()
            .map(|s| s.as_str())
            .collect();
        assert_eq!(order, vec!["a.log", "z.log", "logs/a.log"]);
    }

    #[test]
    fn codec_errors_match_python() {
        let e = encode("héllo\n", Codec::Ascii, None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "UnicodeEncodeError: 'ascii' codec can't encode character '\\xe9' in position 1: ordinal not in range(128)"
        );
        assert_eq!(
            encode("h€€o", Codec::Latin1, Some("replace")).unwrap(),
            "h??o"
        );
        let e = encode("h€€o", Codec::Latin1, None).unwrap_err();
        assert!(e.message.contains("characters in position 1-2"));
    }
}
