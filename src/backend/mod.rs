//! A `log` backend driven by a `logging.config.fileConfig` file: one
//! `logging.conf` for Python and Rust services, with CPython's output byte
//! for byte.
//!
//! [`init`] reads and checks the file (a file CPython would reject is an
//! [`Error`] listing the diagnostics; nothing is installed), builds the
//! handlers, installs the global logger with the max level the file allows and
//! returns a [`Guard`]. Dropping the guard is `logging.shutdown()`.
//! [`Builder`] sets the rest: `defaults=`, the Python version, a clock, Rust
//! handlers for custom classes, buffered mode. [`Builder::build`] gives a
//! [`Logger`] that is not installed globally (tests, several configurations).
//!
//! Records: target `a::b` is logger `a.b` (`root` and `""` are the root);
//! Error/Warn/Info/Debug/Trace are 40/30/20/10/5 (`Level 5`); pathname from
//! `file()`, module from the file name as Python derives it (the last
//! segment of `module_path()` when there is no file), lineno from
//! `line()`, funcName empty, threadName the Rust thread name (`<unnamed>`
//! without one), process the real pid, time from the clock.
//!
//! # Example
//! ```no_run
//! fn main() -> Result<(), logcheck::backend::Error> {
//!     let _guard = logcheck::init("logging.conf")?;
//!     log::info!(target: "app.db", "connected to {}", "db1");
//!     Ok(()) // the guard flushes and closes every handler here
//! }
//! ```

mod clock;
mod dispatch;
mod sinks;

pub use clock::{Clock, LocalTime, ManualClock, SystemClock, local_offset};

use crate::check::{CheckOptions, check_path};
use crate::diagnostic::{Diagnostic, PyException, Severity};
use crate::format::{Formatter, Style};
use crate::handler_class::{FileRotation, HandlerSpec, KnownClass, StreamTarget};
use crate::handlers::file::FileStream;
use crate::handlers::io::RealIo;
use crate::handlers::stream::Stream;
use crate::handlers::syslog::SyslogSocket;
use crate::handlers::timed::Schedule;
use crate::hierarchy::{Existing, Hierarchy};
use crate::host::Host;
use crate::level::Level;
use crate::model::Config;
use crate::pyvalue::PyValue;
use crate::source::LineIndex;
use crate::version::PyVersion;
use dispatch::{Shared, State};
use sinks::{FileSink, Handler, Rotation, Sink};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::thread::JoinHandle;
use std::time::Duration;

/// Handler classes the backend runs (others are an init error naming them).
pub const SUPPORTED_CLASSES: &[&str] = &[
    "StreamHandler",
    "FileHandler",
    "NullHandler",
    "handlers.RotatingFileHandler",
    "handlers.TimedRotatingFileHandler",
    "handlers.WatchedFileHandler",
    "handlers.MemoryHandler",
    "handlers.SysLogHandler",
    "logging.Handler (every emit fails, as in CPython)",
    "custom classes registered with Builder::handler_class",
];

/// Why the backend could not start (or reload).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// CPython would reject the file (`python`), or the backend cannot run
    /// it (code it does not evaluate, what logcheck does not model).
    Rejected {
        /// The file as given.
        path: String,
        /// What CPython raises while loading it, when it does.
        python: Option<PyException>,
        /// Every error finding, rendered `path:line:col: message`.
        diagnostics: Vec<String>,
    },
    /// A handler class or option the backend cannot run.
    Unsupported {
        /// The handler's key.
        handler: String,
        /// What is not supported (the class, or the option).
        what: String,
    },
    /// Building a handler failed as CPython's constructor would (a file that
    /// cannot be opened, a socket that cannot connect).
    Handler {
        /// The handler's key.
        handler: String,
        /// What the constructor raises.
        exception: PyException,
    },
    /// Another `log` logger is installed, or a [`Guard`] is still alive.
    AlreadyInstalled(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Rejected {
                path,
                python,
                diagnostics,
            } => {
                match python {
                    Some(p) => write!(f, "{path}: loading the configuration would fail with {p}")?,
                    None => write!(f, "{path}: the backend cannot run this configuration")?,
                }
                for d in diagnostics {
                    write!(f, "\n  {d}")?;
                }
                Ok(())
            }
            Error::Unsupported { handler, what } => write!(
                f,
                "handler {handler}: {what} is not supported by the logcheck backend (supported: {})",
                SUPPORTED_CLASSES.join(", ")
            ),
            Error::Handler { handler, exception } => write!(f, "handler {handler}: {exception}"),
            Error::AlreadyInstalled(why) => write!(f, "cannot install the logger: {why}"),
        }
    }
}

impl std::error::Error for Error {}

pub use crate::handlers::custom::{CustomHandler, CustomHandlerConfig, CustomRecord};

type Factory =
    Arc<dyn Fn(&CustomHandlerConfig) -> Result<Box<dyn CustomHandler>, String> + Send + Sync>;

/// Opt-in buffered mode for file handlers: lines are written when 64 KiB
/// are pending, on every ERROR or CRITICAL record, every `interval`, and at
/// shutdown. A crash or `std::process::exit` loses what is pending.
#[derive(Debug, Clone, Copy)]
pub struct Buffering {
    /// How often pending lines are written at the latest.
    pub interval: Duration,
}

impl Default for Buffering {
    fn default() -> Self {
        Buffering {
            interval: Duration::from_millis(200),
        }
    }
}

/// Configures and starts the backend.
#[derive(Clone)]
pub struct Builder {
    defaults: Vec<(String, String)>,
    version: PyVersion,
    clock: Arc<dyn Clock>,
    local: Option<LocalTime>,
    custom: Vec<(String, Factory)>,
    buffering: Option<Buffering>,
    disable_existing_loggers: bool,
    cwd: Option<PathBuf>,
    host: Option<Host>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

impl std::fmt::Debug for Builder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Builder")
            .field("defaults", &self.defaults)
            .field("version", &self.version)
            .field("buffering", &self.buffering)
            .finish_non_exhaustive()
    }
}

impl Builder {
    /// The defaults: no `defaults=`, CPython 3.12's behaviour
    /// ([`PyVersion::DEFAULT`]), the system clock and local time, flushed writes,
    /// `disable_existing_loggers=True`, the process's working directory.
    pub fn new() -> Self {
        Builder {
            defaults: Vec::new(),
            version: PyVersion::DEFAULT,
            clock: Arc::new(SystemClock),
            local: None,
            custom: Vec::new(),
            buffering: None,
            disable_existing_loggers: true,
            cwd: None,
            host: None,
        }
    }

    /// One `defaults=` entry of `fileConfig` (`%(key)s` in the file).
    pub fn define(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.defaults.push((key.into(), value.into()));
        self
    }

    /// The Python version whose behaviour is reproduced (default 3.12).
    pub fn python_version(mut self, version: PyVersion) -> Self {
        self.version = version;
        self
    }

    /// The record clock (default: the system clock).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// `time.localtime` replacement: epoch → (UTC offset seconds, zone name).
    pub fn local_time(mut self, f: impl Fn(i64) -> (i32, String) + Send + Sync + 'static) -> Self {
        self.local = Some(Arc::new(f));
        self
    }

    /// Runs `class=dotted.Name` handlers with a Rust implementation.
    pub fn handler_class(
        mut self,
        dotted_name: impl Into<String>,
        factory: impl Fn(&CustomHandlerConfig) -> Result<Box<dyn CustomHandler>, String>
        + Send
        + Sync
        + 'static,
    ) -> Self {
        self.custom.push((dotted_name.into(), Arc::new(factory)));
        self
    }

    /// Opt-in buffered mode (default: every record is written when logged).
    pub fn buffered(mut self, buffering: Buffering) -> Self {
        self.buffering = Some(buffering);
        self
    }

    /// `fileConfig(..., disable_existing_loggers=...)` (matters on reload).
    pub fn disable_existing_loggers(mut self, disable: bool) -> Self {
        self.disable_existing_loggers = disable;
        self
    }

    /// The host whose fileConfig call to reproduce: its `defaults=` (`here`,
    /// gunicorn's `CONFIG_DEFAULTS`), its level names (uvicorn's `TRACE`,
    /// which `log::Level::Trace` records then carry) and its
    /// `disable_existing_loggers` (default: detected from the file, see
    /// [`Host::detect`]).
    pub fn host(mut self, host: Host) -> Self {
        self.host = Some(host);
        self
    }

    /// Working directory for relative paths (default: the process's).
    pub fn cwd(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cwd = Some(dir.into());
        self
    }

    /// Builds a logger without installing it globally.
    pub fn build(&self, path: impl AsRef<Path>) -> Result<Logger, Error> {
        let state = self.load(path.as_ref(), &[])?;
        let max_level = state.max_level;
        let shared = Arc::new(Shared::new(Arc::new(state)));
        let flusher = self.start_flusher(&shared);
        Ok(Logger {
            shared,
            builder: Arc::new(Mutex::new(self.clone())),
            max_level: Arc::new(Mutex::new(max_level)),
            flusher: Arc::new(Mutex::new(flusher)),
            global: Arc::new(AtomicBool::new(false)),
        })
    }

    /// Builds and installs the global `log` logger.
    pub fn init(&self, path: impl AsRef<Path>) -> Result<Guard, Error> {
        static GLOBAL: OnceLock<Logger> = OnceLock::new();
        static LIVE: AtomicBool = AtomicBool::new(false);
        if LIVE.swap(true, Ordering::SeqCst) {
            return Err(Error::AlreadyInstalled("a Guard is still alive".into()));
        }
        let result = (|| {
            let logger = self.build(path)?;
            if let Some(existing) = GLOBAL.get() {
                // Re-initialised after a Guard was dropped: reuse the installed forwarder.
                let state = logger.shared.swap(None);
                existing.shared.swap(state);
                *existing.builder.lock().unwrap_or_else(|p| p.into_inner()) = self.clone();
                let max = *logger.max_level.lock().unwrap_or_else(|p| p.into_inner());
                *existing.max_level.lock().unwrap_or_else(|p| p.into_inner()) = max;
                log::set_max_level(max);
                let flusher = self.start_flusher(&existing.shared);
                *existing.flusher.lock().unwrap_or_else(|p| p.into_inner()) = flusher;
                return Ok(Guard {
                    logger: existing.clone(),
                    live: &LIVE,
                });
            }
            let max = *logger.max_level.lock().unwrap_or_else(|p| p.into_inner());
            if let Err(e) = log::set_boxed_logger(Box::new(logger.clone())) {
                logger.shutdown();
                return Err(Error::AlreadyInstalled(e.to_string()));
            }
            log::set_max_level(max);
            logger.global.store(true, Ordering::SeqCst);
            let logger = GLOBAL.get_or_init(|| logger).clone();
            Ok(Guard {
                logger,
                live: &LIVE,
            })
        })();
        if result.is_err() {
            LIVE.store(false, Ordering::SeqCst);
        }
        result
    }

    fn start_flusher(&self, shared: &Arc<Shared>) -> Option<Flusher> {
        let interval = self.buffering?.interval;
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let weak = Arc::downgrade(shared);
        let handle = std::thread::Builder::new()
            .name("logcheck-flush".into())
            .spawn(move || {
                loop {
                    match rx.recv_timeout(interval) {
                        Err(RecvTimeoutError::Timeout) => match weak.upgrade() {
                            Some(s) => s.flush(),
                            None => return,
                        },
                        _ => return,
                    }
                }
            })
            .ok()?;
        Some(Flusher {
            stop: tx,
            handle: Some(handle),
        })
    }

    /// Check, then build every handler (nothing is installed here).
    fn load(&self, path: &Path, existing: &[String]) -> Result<State, Error> {
        let shown = path.to_string_lossy().into_owned();
        let mut opts = CheckOptions {
            version: self.version,
            defines: self.defaults.clone(),
            host: self.host,
            ..CheckOptions::default()
        };
        if let Some(cwd) = &self.cwd {
            opts.cwd = cwd.clone();
        }
        for (name, _) in &self.custom {
            let top = name.split('.').next().unwrap_or(name).to_string();
            if !opts.importable.contains(&top) {
                opts.importable.push(top);
            }
        }
        let report = check_path(&shown, &opts);
        let rejected = |python: Option<PyException>, extra: Option<String>| {
            let index = LineIndex::new(&report.text);
            let mut diagnostics: Vec<String> = report
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| render(&shown, &report.text, &index, d))
                .collect();
            diagnostics.extend(extra);
            Error::Rejected {
                path: shown.clone(),
                python,
                diagnostics,
            }
        };
        if report.python_error.is_some() || report.io_error {
            return Err(rejected(report.python_error.clone(), None));
        }
        if let Some(what) = &report.unmodelled {
            let why = format!("the document uses what logcheck does not model yet: {what}");
            return Err(rejected(None, Some(why)));
        }
        // Custom classes are only "uncertain" to the checker; the backend
        // runs the registered Rust implementation.
        let runs_custom = report.config.as_ref().is_some_and(|c| {
            c.handlers.iter().any(|h| {
                matches!(&h.spec, HandlerSpec::Custom { path } if self.custom.iter().any(|(n, _)| n == path))
            })
        });
        if report.verdict_uncertain && !runs_custom {
            return Err(rejected(
                None,
                Some("the file runs code logcheck does not evaluate; the backend needs literal values".into()),
            ));
        }
        let Some(config) = &report.config else {
            return Err(rejected(None, None));
        };
        if report.format != crate::check::ConfigFormat::Ini {
            // a dictConfig document has no INI options for custom handlers
            let doc = crate::ini::read("", &shown, &crate::ini::ReadOptions::default());
            return self.build_state(config, &doc, existing, report.host);
        }
        let doc = crate::ini::read(
            &report.text,
            &shown,
            &crate::ini::ReadOptions {
                defaults: report
                    .host
                    .defaults(&shown, &opts.cwd)
                    .into_iter()
                    .chain(self.defaults.iter().cloned())
                    .collect(),
                source_repr: None,
                version: opts.version,
            },
        );
        self.build_state(config, &doc, existing, report.host)
    }

    /// The running state: every handler, the logger tree, the clock and the max level.
    fn build_state(
        &self,
        config: &Config,
        doc: &crate::ini::IniDocument,
        existing: &[String],
        host: Host,
    ) -> Result<State, Error> {
        let version = self.version;
        let default_formatter = default_formatter(version)?;
        let handlers = self.build_handlers(config, doc, &default_formatter)?;
        reject_memory_cycles(&handlers)?;
        let hierarchy = Hierarchy::configure(
            config,
            &Existing {
                names: existing.to_vec(),
                // a dictConfig document says it itself
                keep_existing: match config.disable_existing_loggers {
                    Some(disable) => !disable,
                    None => !self.disable_existing_loggers || !host.disables_existing_loggers(),
                },
            },
        );
        let handler_levels: Vec<Level> = handlers.iter().map(|h| Level(h.level)).collect();
        let min_effective = hierarchy
            .loggers()
            .map(|(id, _)| hierarchy.effective_level(id).0)
            .min()
            .unwrap_or(30);
        let local = self.localtime();
        let start_ns = self.clock.now_ns();
        Ok(State {
            version,
            trace_name: Level(5).registered_name(host.extra_levels()),
            last_resort: last_resort(default_formatter, version),
            handlers,
            handler_levels,
            filters: hierarchy.filters().clone(),
            hierarchy: Mutex::new(hierarchy),
            routes: RwLock::new(HashMap::new()),
            start_ns,
            real_start_seconds: (self.clock.is_real() && !version.msecs_from_ns())
                .then(|| clock::real_seconds(start_ns)),
            clock: self.clock.clone(),
            local,
            max_level: dispatch::level_filter(min_effective),
            process: i64::from(std::process::id()),
            shut_down: AtomicBool::new(false),
        })
    }

    /// `time.localtime`'s replacement: the one set with [`Builder::local_time`], else the system's.
    fn localtime(&self) -> LocalTime {
        match &self.local {
            Some(l) => l.clone(),
            None => Arc::new(local_offset),
        }
    }

    /// Every `[handler_X]` in file order, with its formatter (the default one when none is named).
    fn build_handlers(
        &self,
        config: &Config,
        doc: &crate::ini::IniDocument,
        default_formatter: &Formatter,
    ) -> Result<Vec<Handler>, Error> {
        let mut handlers: Vec<Handler> = Vec::new();
        let keys: HashMap<&str, usize> = config
            .handlers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.key.value.as_str(), i))
            .collect();
        for def in &config.handlers {
            let key = def.key.value.to_string();
            let formatter = def
                .formatter
                .as_ref()
                .and_then(|f| config.formatter(&f.value))
                .map_or_else(|| default_formatter.clone(), |f| f.formatter.clone());
            let sink = self.make_sink(def, doc, &keys)?;
            handlers.push(Handler::new(
                key,
                def.level.0,
                formatter,
                sink,
                self.buffering.is_some(),
                self.version,
            ));
        }
        Ok(handlers)
    }

    /// The sink that runs a handler's constructed spec (one helper per kind).
    fn make_sink(
        &self,
        def: &crate::model::HandlerDef,
        doc: &crate::ini::IniDocument,
        keys: &HashMap<&str, usize>,
    ) -> Result<Sink, Error> {
        let h = Named(def.key.value.as_str());
        Ok(match &def.spec {
            HandlerSpec::Stream { target } => stream_sink(target),
            HandlerSpec::Null => Sink::Null,
            HandlerSpec::Abstract => Sink::Abstract,
            HandlerSpec::File {
                path,
                mode,
                encoding,
                delay,
                rotation,
                watched,
                ..
            } => {
                if let Some(enc) = encoding
                    && !is_utf8(enc)
                {
                    return Err(h.unsupported(format!("encoding={enc:?} (only UTF-8 is written)")));
                }
                let rotation = file_rotation(h, rotation, *watched)?;
                self.file_sink(h, path, mode, mode.contains('b'), *delay, rotation)?
            }
            HandlerSpec::Memory {
                capacity,
                flush_level,
                flush_on_close,
            } => {
                let target = def
                    .target
                    .as_ref()
                    .and_then(|t| keys.get(t.value.as_str()).copied());
                memory_sink(h, capacity, flush_level, *flush_on_close, target)?
            }
            HandlerSpec::Syslog {
                address,
                facility,
                socktype,
            } => syslog_sink(h, address, facility, socktype)?,
            HandlerSpec::Custom { path } => self.custom_sink(h, def, doc, path)?,
            other => {
                return Err(h.unsupported(format!("class {}", unsupported_class(other, def))));
            }
        })
    }

    /// A file handler's sink: opened now unless `delay`; a timed rollover is
    /// scheduled in the constructor, as CPython does (from the file's mtime if
    /// it exists by now, else from now).
    fn file_sink(
        &self,
        h: Named<'_>,
        path: &str,
        mode: &str,
        binary: bool,
        delay: bool,
        rotation: Rotation,
    ) -> Result<Sink, Error> {
        let mut sink = FileSink {
            stream: FileStream::new(path.to_string(), mode.to_string(), delay),
            binary,
            writable: crate::handlers::file::mode_writable(mode),
            rotation,
        };
        if !delay {
            sink.open().map_err(|e| h.failed(e))?;
            sink.stat_stream();
        }
        if let Rotation::Time(schedule) = &mut sink.rotation {
            let local = self.localtime();
            let now = sinks::now_seconds(&*self.clock);
            schedule.start(&RealIo, &sink.stream.path, now, self.version, &*local);
        }
        Ok(Sink::File(sink))
    }

    /// A class registered with [`Builder::handler_class`]: its factory gets the raw `args`/`kwargs`.
    fn custom_sink(
        &self,
        h: Named<'_>,
        def: &crate::model::HandlerDef,
        doc: &crate::ini::IniDocument,
        path: &str,
    ) -> Result<Sink, Error> {
        let Some((_, factory)) = self.custom.iter().find(|(n, _)| n == path) else {
            return Err(h.unsupported(format!("class={path}")));
        };
        let section = format!("handler_{}", def.key.value);
        let raw = |opt: &str| {
            doc.get(&section, opt, true)
                .and_then(Result::ok)
                .map(|l| l.value.into_owned())
        };
        let cfg = CustomHandlerConfig {
            key: def.key.value.to_string(),
            class: path.to_string(),
            args: raw("args"),
            kwargs: raw("kwargs"),
        };
        Ok(Sink::Custom(
            factory(&cfg).map_err(|m| h.failed(PyException::new("Exception", m)))?,
        ))
    }
}

/// A handler's key, to name it in the errors building its sink returns.
#[derive(Clone, Copy)]
struct Named<'a>(&'a str);

impl Named<'_> {
    /// A class or option of this handler the backend cannot run.
    fn unsupported(self, what: String) -> Error {
        Error::Unsupported {
            handler: self.0.to_string(),
            what,
        }
    }

    /// What this handler's constructor raises, as in CPython.
    fn failed(self, exception: PyException) -> Error {
        Error::Handler {
            handler: self.0.to_string(),
            exception,
        }
    }

    /// An option the backend needs as an `int` (a `bool` counts); anything else is unsupported.
    fn int(self, v: &PyValue, what: &str) -> Result<i128, Error> {
        match v {
            PyValue::Int(i) => Ok(*i),
            PyValue::Bool(b) => Ok(i128::from(*b)),
            other => Err(self.unsupported(format!("{what}={}", crate::pyexpr::py_repr(other)))),
        }
    }
}

/// `Formatter()`: what a handler without `formatter=` (and `lastResort`) uses.
fn default_formatter(version: PyVersion) -> Result<Formatter, Error> {
    Formatter::new(None, None, Style::Percent, None, version).map_err(|e| Error::Handler {
        handler: "(default formatter)".into(),
        exception: e,
    })
}

/// `logging.lastResort`: WARNING and above to stderr when no handler is found.
fn last_resort(default_formatter: Formatter, version: PyVersion) -> Handler {
    Handler::new(
        "lastResort".into(),
        30,
        default_formatter,
        Sink::Stream(Stream::Stderr),
        false,
        version,
    )
}

/// A `StreamHandler`'s sink: stdout, stderr, or an object without a usable `write`.
fn stream_sink(target: &StreamTarget) -> Sink {
    match target {
        StreamTarget::Stdout => Sink::Stream(Stream::Stdout),
        StreamTarget::Stderr => Sink::Stream(Stream::Stderr),
        StreamTarget::Other { type_name, .. } => Sink::Stream(Stream::NoWrite(type_name.clone())),
    }
}

/// A file handler's rotation: `WatchedFileHandler`'s re-open, or size or time rollover with `int` options.
fn file_rotation(h: Named<'_>, rotation: &FileRotation, watched: bool) -> Result<Rotation, Error> {
    Ok(match rotation {
        FileRotation::None if watched => Rotation::Watched(None),
        FileRotation::None => Rotation::None,
        FileRotation::Size {
            max_bytes,
            backup_count,
        } => Rotation::Size {
            max_bytes: u64::try_from(h.int(max_bytes, "maxBytes")?.max(0)).unwrap_or(0),
            backup_count: u64::try_from(h.int(backup_count, "backupCount")?.max(0)).unwrap_or(0),
        },
        FileRotation::Time {
            when,
            interval,
            backup_count,
            utc,
            at_time,
        } => {
            if *at_time != PyValue::None {
                return Err(h.unsupported("atTime (a datetime.time object)".into()));
            }
            let interval = i64::try_from(h.int(interval, "interval")?).unwrap_or(1);
            let backups = u64::try_from(h.int(backup_count, "backupCount")?.max(0)).unwrap_or(0);
            Rotation::Time(Schedule::new(when, interval, backups, *utc))
        }
    })
}

/// A `MemoryHandler`'s sink: `int` capacity and flushLevel, the target handler's index.
fn memory_sink(
    h: Named<'_>,
    capacity: &PyValue,
    flush_level: &PyValue,
    flush_on_close: bool,
    target: Option<usize>,
) -> Result<Sink, Error> {
    Ok(Sink::Memory {
        capacity: PyValue::Int(h.int(capacity, "capacity")?),
        flush_level: PyValue::Int(h.int(flush_level, "flushLevel")?),
        target,
        flush_on_close,
        buffer: Vec::new(),
    })
}

/// A `SysLogHandler`'s sink: the facility (a name or a number), then the connected socket.
fn syslog_sink(
    h: Named<'_>,
    address: &PyValue,
    facility: &PyValue,
    socktype: &PyValue,
) -> Result<Sink, Error> {
    let facility = match facility {
        PyValue::Str(s) => crate::handlers::syslog::facility_number(s)
            .ok_or_else(|| h.failed(PyException::key_error(s)))?,
        other => i64::try_from(h.int(other, "facility")?).unwrap_or(1),
    };
    let socktype = match socktype {
        PyValue::None => None,
        other => Some(h.int(other, "socktype")?),
    };
    let socket = syslog_socket(h, address, socktype)?;
    Ok(Sink::Syslog { socket, facility })
}

/// `SysLogHandler`'s socket: a Unix socket path, or `(host, port)` over TCP (socktype 1) or UDP.
fn syslog_socket(
    h: Named<'_>,
    address: &PyValue,
    socktype: Option<i128>,
) -> Result<SyslogSocket, Error> {
    let io = |e: std::io::Error| h.failed(sinks::os_error(&e, None));
    Ok(match address {
        PyValue::Str(path) => SyslogSocket::unix(path, socktype).map_err(|e| h.failed(e))?,
        PyValue::Tuple(items) | PyValue::List(items) if items.len() == 2 => {
            let host = items[0].as_str().unwrap_or("localhost").to_string();
            let port = h.int(&items[1], "port")?;
            let address = format!("{host}:{port}");
            if socktype == Some(1) {
                SyslogSocket::Tcp(std::net::TcpStream::connect(&address).map_err(io)?)
            } else {
                let bind = if host.contains(':') {
                    "[::]:0"
                } else {
                    "0.0.0.0:0"
                };
                SyslogSocket::Udp {
                    socket: std::net::UdpSocket::bind(bind).map_err(io)?,
                    address,
                }
            }
        }
        other => {
            return Err(h.unsupported(format!("address={}", crate::pyexpr::py_repr(other))));
        }
    })
}

/// The class an unsupported spec names: the constructed class, else `class=` as written.
fn unsupported_class<'a>(spec: &HandlerSpec, def: &'a crate::model::HandlerDef) -> &'a str {
    match spec {
        HandlerSpec::Socket { .. } => KnownClass::SocketHandler.qualified_name(),
        HandlerSpec::Datagram { .. } => KnownClass::DatagramHandler.qualified_name(),
        HandlerSpec::Http { .. } => KnownClass::HttpHandler.qualified_name(),
        HandlerSpec::Smtp { .. } => KnownClass::SmtpHandler.qualified_name(),
        HandlerSpec::Queue { .. } => KnownClass::QueueHandler.qualified_name(),
        HandlerSpec::Buffering { .. } => KnownClass::BufferingHandler.qualified_name(),
        HandlerSpec::NtEventLog { .. } => KnownClass::NtEventLogHandler.qualified_name(),
        _ => def.class.value.as_str(),
    }
}

fn is_utf8(encoding: &str) -> bool {
    crate::handlers::file::TextCodec::named(encoding)
        == Some(crate::handlers::file::TextCodec::Utf8)
}

fn reject_memory_cycles(handlers: &[Handler]) -> Result<(), Error> {
    for (start, h) in handlers.iter().enumerate() {
        let mut seen = vec![start];
        let mut cur = h.memory_target();
        while let Some(t) = cur {
            if seen.contains(&t) {
                return Err(Error::Unsupported {
                    handler: h.key.clone(),
                    what: "a MemoryHandler target cycle".into(),
                });
            }
            seen.push(t);
            cur = handlers.get(t).and_then(Handler::memory_target);
        }
    }
    Ok(())
}

fn render(path: &str, text: &str, index: &LineIndex, d: &Diagnostic) -> String {
    let start = d.primary.span.start.min(text.len());
    let line = index.line(start);
    let col = text
        .get(index.line_start(line).min(start)..start)
        .map_or(1, |s| s.chars().count() + 1);
    let mut s = format!("{path}:{line}:{col}: {} [{}]", d.message, d.code);
    if let Some(p) = &d.python {
        s.push_str(&format!(" (CPython: {p})"));
    }
    s
}

struct Flusher {
    stop: Sender<()>,
    handle: Option<JoinHandle<()>>,
}

impl Drop for Flusher {
    fn drop(&mut self) {
        let _ = self.stop.send(());
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// A configured backend; `impl log::Log`. Cloning shares it.
#[derive(Clone)]
pub struct Logger {
    shared: Arc<Shared>,
    builder: Arc<Mutex<Builder>>,
    max_level: Arc<Mutex<log::LevelFilter>>,
    flusher: Arc<Mutex<Option<Flusher>>>,
    /// This logger is the installed global one (drives `log::set_max_level`).
    global: Arc<AtomicBool>,
}

impl std::fmt::Debug for Logger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Logger").finish_non_exhaustive()
    }
}

impl Logger {
    /// The most verbose level some logger of the configuration lets through.
    pub fn max_level(&self) -> log::LevelFilter {
        *self.max_level.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Re-reads `path`; on success swaps it in atomically and shuts the old
    /// handlers down. On error the running configuration stays.
    pub fn reload(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let builder = self
            .builder
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let old = self.shared.current();
        let existing = old.as_ref().map(|s| s.logger_names()).unwrap_or_default();
        if let Some(o) = &old {
            o.flush();
        }
        let state = builder.load(path.as_ref(), &existing)?;
        let max = state.max_level;
        let previous = self.shared.swap(Some(Arc::new(state)));
        *self.max_level.lock().unwrap_or_else(|p| p.into_inner()) = max;
        if self.global.load(Ordering::SeqCst) {
            log::set_max_level(max);
        }
        if let Some(p) = previous {
            p.shutdown();
        }
        Ok(())
    }

    /// Writes everything pending (buffered mode).
    pub fn flush(&self) {
        self.shared.flush();
    }

    /// `logging.shutdown()`: flush and close every handler; later records are dropped.
    pub fn shutdown(&self) {
        drop(
            self.flusher
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take(),
        );
        if let Some(s) = self.shared.swap(None) {
            s.shutdown();
        }
    }
}

impl log::Log for Logger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        self.shared.enabled(metadata)
    }

    #[inline]
    fn log(&self, record: &log::Record<'_>) {
        self.shared.log(record);
    }

    fn flush(&self) {
        self.shared.flush();
    }
}

/// Keeps the global backend running; dropping it is `logging.shutdown()`.
#[must_use = "dropping the Guard shuts logging down"]
pub struct Guard {
    logger: Logger,
    live: &'static AtomicBool,
}

impl std::fmt::Debug for Guard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guard").finish_non_exhaustive()
    }
}

impl Guard {
    /// Swaps in the configuration of `path` atomically (see [`Logger::reload`]).
    pub fn reload(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        self.logger.reload(path)
    }

    /// Writes everything pending (buffered mode).
    pub fn flush(&self) {
        self.logger.flush();
    }

    /// The installed logger (to reload it, flush it or log through it).
    pub fn logger(&self) -> &Logger {
        &self.logger
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        log::set_max_level(log::LevelFilter::Off);
        self.logger.shutdown();
        self.live.store(false, Ordering::SeqCst);
    }
}

/// Reads, checks and installs `path` as the global `log` logger.
pub fn init(path: impl AsRef<Path>) -> Result<Guard, Error> {
    Builder::new().init(path)
}
