//! A record with borrowed fields: the backend's representation of a Rust
//! `log` record, formatted without building a [`LogRecord`].
//!
//! A [`RecordView`] is rendered by [`Formatter::format_view_into`], through
//! the same compiled plan as an owned [`LogRecord`], so the text and the
//! errors are the same; nothing is allocated per record once the thread's
//! [`AsctimeCache`] is warm.
//!
//! The view models a record whose message is already final text
//! (`msg` = that text, `args` = `()`), which is what a Rust `log` call gives.
//!
//! # Example
//! ```
//! use logcheck::format::{AsctimeCache, Formatter, Style};
//! use logcheck::format::view::RecordView;
//! use logcheck::version::PyVersion;
//! let v = PyVersion::DEFAULT;
//! let f = Formatter::new(Some("%(asctime)s %(name)-12s %(levelname)-8s %(message)s"), None, Style::Percent, None, v).unwrap();
//! let mut view = RecordView::new("bench.app", 20, "message number 42", v);
//! view.created = 1_795_680_000.123; // 2026-11-26 08:00:00.123 UTC
//! view.msecs = 123.0;
//! let mut cache = AsctimeCache::new();
//! let mut out = String::new();
//! f.format_view_into(&view, &mut cache, &|_| (0, "UTC".to_string()), &mut out).unwrap();
//! assert_eq!(out, "2026-11-26 08:00:00,123 bench.app    INFO     message number 42");
//! ```

use super::attr::{Record, RecordAttr};
use super::pyfmt::Val;
use super::record::{LogRecord, RecordTime};
use super::{EmitError, Formatter};
use crate::pyvalue::PyValue;
use crate::version::PyVersion;

pub use super::cache::AsctimeCache;
pub(crate) use super::cache::same_bytes;

/// `args` of a record whose message needs no `%` formatting.
static EMPTY_ARGS: PyValue = PyValue::Tuple(Vec::new());

/// A record with borrowed fields (see the module docs).
#[derive(Debug, Clone, Copy)]
pub struct RecordView<'a> {
    /// The logger name (`root` for the root logger).
    pub name: &'a str,
    /// `levelno`.
    pub levelno: i64,
    /// `getLevelName(levelno)`.
    pub levelname: &'a str,
    /// The source file (`""` when unknown).
    pub pathname: &'a str,
    /// `os.path.basename(pathname)`; `None` derives it when formatted.
    pub filename: Option<&'a str>,
    /// `None` derives it from the file name as Python does.
    pub module: Option<&'a str>,
    /// `lineno`.
    pub lineno: i64,
    /// `funcName` (`None` is Python's `None`).
    pub func_name: Option<&'a str>,
    /// `created`: seconds since the epoch.
    pub created: f64,
    /// `msecs`.
    pub msecs: f64,
    /// `relativeCreated`: milliseconds since the logging module was loaded.
    pub relative_created: f64,
    /// `thread`: `threading.get_ident()`.
    pub thread: Option<i64>,
    /// `threadName`.
    pub thread_name: Option<&'a str>,
    /// `processName`.
    pub process_name: Option<&'a str>,
    /// `process`: the pid.
    pub process: Option<i64>,
    /// `taskName` (3.12+; `None` outside an asyncio task).
    pub task_name: Option<&'a str>,
    /// The final message (also `msg`; `args` is the empty tuple).
    pub message: &'a str,
    /// The CPython version whose record this models.
    pub version: PyVersion,
}

/// `getLevelName` for the levels a view usually carries, without allocating.
pub fn static_level_name(levelno: i64) -> Option<&'static str> {
    Some(match levelno {
        50 => "CRITICAL",
        40 => "ERROR",
        30 => "WARNING",
        20 => "INFO",
        10 => "DEBUG",
        5 => "Level 5",
        0 => "NOTSET",
        _ => return None,
    })
}

impl<'a> RecordView<'a> {
    /// A record at the epoch with the oracle's defaults (pathname `""`,
    /// thread 1 `MainThread`, process 4242 `MainProcess`); set fields to override.
    /// A `levelno` without a [`static_level_name`] gets an empty `levelname`:
    /// set the field (to `"Level N"`, as `getLevelName` says).
    pub fn new(name: &'a str, levelno: i64, message: &'a str, version: PyVersion) -> Self {
        RecordView {
            name,
            levelno,
            levelname: static_level_name(levelno).unwrap_or(""),
            pathname: "",
            filename: None,
            module: None,
            lineno: 0,
            func_name: Some(""),
            created: 0.0,
            msecs: 0.0,
            relative_created: 0.0,
            thread: Some(1),
            thread_name: Some("MainThread"),
            process_name: Some("MainProcess"),
            process: Some(4242),
            task_name: None,
            message,
            version,
        }
    }

    /// Sets `created`, `msecs` and `relativeCreated`.
    pub fn with_time(mut self, time: RecordTime) -> Self {
        self.created = time.created;
        self.msecs = time.msecs;
        self.relative_created = time.relative_created;
        self
    }

    fn filename(&self) -> &'a str {
        self.filename
            .unwrap_or_else(|| self.pathname.rsplit('/').next().unwrap_or(self.pathname))
    }

    fn module(&self) -> &'a str {
        if let Some(m) = self.module {
            return m;
        }
        // os.path.splitext: a leading run of dots is not an extension.
        let base = self.filename();
        match base.rfind('.') {
            Some(dot) if base[..dot].chars().any(|c| c != '.') => &base[..dot],
            _ => base,
        }
    }

    /// The owned equivalent (for the rare paths that need one).
    pub fn to_record(&self) -> LogRecord {
        let time = RecordTime {
            created: self.created,
            msecs: self.msecs,
            relative_created: self.relative_created,
        };
        let mut r = LogRecord::new(
            self.name,
            self.levelno,
            self.pathname,
            self.lineno,
            PyValue::Str(self.message.to_string()),
            Vec::new(),
            time,
            self.version,
        );
        r.levelname = self.levelname.to_string();
        r.filename = self.filename().to_string();
        r.module = self.module().to_string();
        r.func_name = self.func_name.map(str::to_string);
        r.thread = self.thread;
        r.thread_name = self.thread_name.map(str::to_string);
        r.process_name = self.process_name.map(str::to_string);
        r.process = self.process;
        r.task_name = self.task_name.map(str::to_string);
        r
    }
}

impl Record for RecordView<'_> {
    #[inline]
    fn attr(&self, attr: RecordAttr) -> Val<'_> {
        let opt_int = |v: Option<i64>| v.map_or(Val::None, |n| Val::Int(i128::from(n)));
        match attr {
            RecordAttr::Name => Val::Str(self.name),
            RecordAttr::Msg => Val::Str(self.message),
            RecordAttr::Args => Val::Other(&EMPTY_ARGS),
            RecordAttr::LevelName => Val::Str(self.levelname),
            RecordAttr::LevelNo => Val::Int(i128::from(self.levelno)),
            RecordAttr::PathName => Val::Str(self.pathname),
            RecordAttr::FileName => Val::Str(self.filename()),
            RecordAttr::Module => Val::Str(self.module()),
            RecordAttr::ExcInfo | RecordAttr::ExcText | RecordAttr::StackInfo => Val::None,
            RecordAttr::LineNo => Val::Int(i128::from(self.lineno)),
            RecordAttr::FuncName => Val::opt_str(self.func_name),
            RecordAttr::Created => Val::Float(self.created),
            RecordAttr::Msecs => Val::Float(self.msecs),
            RecordAttr::RelativeCreated => Val::Float(self.relative_created),
            RecordAttr::Thread => opt_int(self.thread),
            RecordAttr::ThreadName => Val::opt_str(self.thread_name),
            RecordAttr::ProcessName => Val::opt_str(self.process_name),
            RecordAttr::Process => opt_int(self.process),
            RecordAttr::TaskName => Val::opt_str(self.task_name),
        }
    }

    #[inline]
    fn name(&self) -> &str {
        self.name
    }

    #[inline]
    fn levelname(&self) -> &str {
        self.levelname
    }

    #[inline]
    fn time(&self) -> (f64, f64) {
        (self.created, self.msecs)
    }
}

/// The formatter under the name the backend's handlers still use: a
/// compatibility wrapper that renders through [`Formatter::format_view_into`]
/// (it has no rendering of its own; callers can hold the [`Formatter`]).
#[derive(Debug, Clone)]
pub struct ViewPlan(Formatter);

impl ViewPlan {
    /// Always `Some`: every formatter renders views through its compiled plan.
    pub fn new(formatter: &Formatter, _version: PyVersion) -> Option<ViewPlan> {
        let formatter = formatter.clone();
        // compiled now, when the backend is built, not at the service's first line
        formatter.plan();
        Some(ViewPlan(formatter))
    }

    /// [`Formatter::format_view_into`].
    pub fn render(
        &self,
        view: &RecordView<'_>,
        cache: &mut AsctimeCache,
        local: &dyn Fn(i64) -> (i32, String),
        out: &mut String,
    ) -> Result<(), EmitError> {
        self.0.format_view_into(view, cache, local, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Style;

    fn utc(_: i64) -> (i32, String) {
        (0, "UTC".to_string())
    }

    /// The view path and the owned path agree for every style and field.
    #[test]
    fn view_matches_owned_record() {
        let v = PyVersion::DEFAULT;
        let formats = [
            (
                "%(asctime)s|%(name)-10s|%(levelname)8s|%(levelno)03d|%(message).5s|%(msg)r|%(args)s",
                Style::Percent,
                None,
            ),
            (
                "%(filename)s %(module)s %(lineno)5d %(funcName)s %(pathname)s %(msecs)03d %(created)f",
                Style::Percent,
                None,
            ),
            (
                "%(thread)d %(threadName)s %(process)d %(processName)s %(exc_info)s %(relativeCreated)d",
                Style::Percent,
                None,
            ),
            (
                "%(asctime)s %(message)s",
                Style::Percent,
                Some("%d/%m/%Y %H:%M:%S %Z"),
            ),
            (
                "{asctime} {name:>12} {levelname!r} {lineno:04d} {message}",
                Style::Brace,
                None,
            ),
            ("$asctime ${name} $levelname $message", Style::Dollar, None),
            ("%(nosuch)s", Style::Percent, None),
            ("${nosuch}", Style::Dollar, None),
        ];
        for (fmt, style, datefmt) in formats {
            let f = Formatter::new(Some(fmt), datefmt, style, None, v).unwrap();
            for (levelno, created) in [(20, 1_704_164_645.125), (5, 1_704_164_646.999), (40, 0.5)] {
                let time = RecordTime::from_float(created, 1_704_164_600.0, v);
                let mut view =
                    RecordView::new("app.db", levelno, "héllo wörld %s", v).with_time(time);
                let name = crate::format::record::level_name(levelno);
                view.levelname = &name;
                view.pathname = "/src/db/conn.rs";
                view.lineno = 42;
                let mut cache = AsctimeCache::new();
                let mut fast = String::new();
                let fast_result = f.format_view_into(&view, &mut cache, &utc, &mut fast);
                let owned = f.format(&view.to_record(), 0, "UTC");
                match (fast_result, owned) {
                    (Ok(()), Ok(text)) => assert_eq!(fast, text, "{fmt}"),
                    (Err(a), Err(b)) => assert_eq!(a, b, "{fmt}"),
                    (a, b) => panic!("{fmt}: {a:?} vs {b:?}"),
                }
                // a second record in the same second reuses the cached prefix
                let mut again = String::new();
                let _ = f.format_view_into(&view, &mut cache, &utc, &mut again);
                assert_eq!(again, fast);
            }
        }
    }

    /// One cache shared by records of different loggers and levels, and
    /// by two plans, in any order: the cached runs never leak between them.
    #[test]
    fn plan_runs_follow_the_logger_and_the_level() {
        let v = PyVersion::DEFAULT;
        let formats = [
            (
                "%(asctime)s %(name)-12s %(levelname)-8s %(message)s",
                Style::Percent,
            ),
            (
                "[%(levelname)s] %(name)s: %(message)s (%(levelno)d)",
                Style::Percent,
            ),
            ("%(name)8s|%(asctime)-30s|%(levelname)5s|", Style::Percent),
            ("{name!r:>14}|{levelname[0]}|{message}", Style::Brace),
            ("$levelname:$name:$message", Style::Dollar),
        ];
        let formatters: Vec<Formatter> = formats
            .iter()
            .map(|(fmt, style)| Formatter::new(Some(fmt), None, *style, None, v).unwrap())
            .collect();
        let names = [
            "app",
            "app.db",
            "héllo.wörld",
            "a.very.long.logger.name",
            "root",
        ];
        let mut cache = AsctimeCache::new();
        for i in 0..60_usize {
            let f = &formatters[(i * 3 + i / 5) % formatters.len()];
            let name = names[i * 7 % names.len()];
            let levelno = [10, 20, 30, 40, 50, 5][i % 6];
            let created = 1_704_164_645.0 + (i / 7) as f64 + 0.001 * i as f64;
            let time = RecordTime::from_float(created, 1_704_164_600.0, v);
            let mut view = RecordView::new(name, levelno, "message", v).with_time(time);
            let level_name = crate::format::record::level_name(levelno);
            view.levelname = &level_name;
            let mut planned = String::new();
            f.format_view_into(&view, &mut cache, &utc, &mut planned)
                .unwrap();
            assert_eq!(
                Ok(planned),
                f.format(&view.to_record(), 0, "UTC"),
                "record {i}"
            );
        }
    }

    #[test]
    fn module_and_filename_follow_os_path() {
        let v = PyVersion::DEFAULT;
        let mut view = RecordView::new("x", 20, "m", v);
        for (path, file, module) in [
            ("src/lib.rs", "lib.rs", "lib"),
            ("..rc", "..rc", "..rc"),
            ("a/b", "b", "b"),
            ("", "", ""),
        ] {
            view.pathname = path;
            assert_eq!((view.filename(), view.module()), (file, module));
        }
    }
}
