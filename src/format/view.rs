//! Formatting a borrowed record without building a [`LogRecord`]: the hot path
//! of the `log` backend.
//!
//! A [`RecordView`] borrows every text field; [`Formatter::format_view_into`]
//! renders it through the same compiled pieces and the same conversion code as
//! [`Formatter::format_into`], so the output is identical, but nothing is
//! allocated per record for `%` and `$` formats. `asctime` comes from an
//! [`AsctimeCache`] that runs `strftime` once per second and only appends the
//! milliseconds for the records in between.
//!
//! The view models a record whose message is already final text
//! (`msg` = that text, `args` = `()`), which is what a Rust `log` call gives.
//!
//! # Example
//! ```
//! use logcheck::format::{Formatter, Style};
//! use logcheck::format::view::{AsctimeCache, RecordView};
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

use super::pyfmt::{self, Val};
use super::record::{LogRecord, RecordTime};
use super::strftime::{BrokenDownTime, strftime};
use super::{Compiled, EmitError, Formatter};
use crate::diagnostic::PyException;
use crate::pyvalue::PyValue;
use crate::version::PyVersion;

/// `args` of a record whose message needs no `%` formatting.
static EMPTY_ARGS: PyValue = PyValue::Tuple(Vec::new());

/// A record with borrowed fields (see the module docs).
#[derive(Debug, Clone, Copy)]
pub struct RecordView<'a> {
    /// The logger name (`root` for the root logger).
    pub name: &'a str,
    pub levelno: i64,
    /// `getLevelName(levelno)`.
    pub levelname: &'a str,
    pub pathname: &'a str,
    /// `os.path.basename(pathname)`; `None` derives it when formatted.
    pub filename: Option<&'a str>,
    /// `None` derives it from the file name as Python does.
    pub module: Option<&'a str>,
    pub lineno: i64,
    pub func_name: Option<&'a str>,
    pub created: f64,
    pub msecs: f64,
    pub relative_created: f64,
    pub thread: Option<i64>,
    pub thread_name: Option<&'a str>,
    pub process_name: Option<&'a str>,
    pub process: Option<i64>,
    pub task_name: Option<&'a str>,
    /// The final message (also `msg`; `args` is the empty tuple).
    pub message: &'a str,
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
    /// A `levelno` without a static name gets levelname `"Level N"` only
    /// through [`RecordView::levelname`]; here it is left empty.
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

    fn attribute(&self, key: &str) -> Option<Val<'a>> {
        let opt_int = |v: Option<i64>| v.map_or(Val::None, |n| Val::Int(i128::from(n)));
        Some(match key {
            "name" => Val::Str(self.name),
            "msg" => Val::Str(self.message),
            "args" => Val::Other(&EMPTY_ARGS),
            "levelname" => Val::Str(self.levelname),
            "levelno" => Val::Int(i128::from(self.levelno)),
            "pathname" => Val::Str(self.pathname),
            "filename" => Val::Str(self.filename()),
            "module" => Val::Str(self.module()),
            "exc_info" | "exc_text" | "stack_info" => Val::None,
            "lineno" => Val::Int(i128::from(self.lineno)),
            "funcName" => Val::opt_str(self.func_name),
            "created" => Val::Float(self.created),
            "msecs" => Val::Float(self.msecs),
            "relativeCreated" => Val::Float(self.relative_created),
            "thread" => opt_int(self.thread),
            "threadName" => Val::opt_str(self.thread_name),
            "processName" => Val::opt_str(self.process_name),
            "process" => opt_int(self.process),
            "taskName" if self.version.has_task_name() => Val::opt_str(self.task_name),
            _ => return None,
        })
    }
}

/// Per-thread, per-formatter memory of a renderer: `formatTime`'s text,
/// recomputed only when the second changes, and (for a [`ViewPlan`]) the
/// rendered text of its runs of fields that only depend on the logger and
/// the level (`" %(name)-12s %(levelname)-8s "`).
#[derive(Debug, Clone, Default)]
pub struct AsctimeCache {
    time: TimeText,
    runs: Vec<RunText>,
}

/// `formatTime` for the second last seen.
#[derive(Debug, Clone, Default)]
struct TimeText {
    second: Option<i64>,
    /// `second` and the next one as floats: a record of the cached second
    /// is recognised by two comparisons (no `floor` call).
    second_start: f64,
    second_end: f64,
    /// `strftime(datefmt or "%Y-%m-%d %H:%M:%S")` for `second`.
    prefix_len: usize,
    /// The prefix, then (default datefmt) `,mmm` of the last record.
    text: String,
    /// The strftime call failed for this second.
    error: Option<PyException>,
}

/// The text of one run of a plan for one (logger name, level name).
#[derive(Debug, Clone, Default)]
struct RunText {
    /// [`ViewPlan::id`] of the plan that rendered it (0: nothing yet).
    plan: u64,
    name: String,
    levelname: String,
    text: String,
}

impl AsctimeCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// `formatTime(record, datefmt)`; `local(epoch)` gives the UTC offset in
    /// seconds and the zone abbreviation (`time.localtime`), asked once per second.
    fn asctime(
        &mut self,
        datefmt: Option<&str>,
        created: f64,
        msecs: f64,
        local: &dyn Fn(i64) -> (i32, String),
    ) -> Result<&str, PyException> {
        self.time.refresh(datefmt, created, local)?;
        self.time.finish(datefmt, msecs)?;
        Ok(&self.time.text)
    }
}

impl TimeText {
    /// Makes `text[..prefix_len]` the `strftime` of `created`'s second (the
    /// cached one unless the second changed); the error of that call if it failed.
    #[inline]
    fn refresh(
        &mut self,
        datefmt: Option<&str>,
        created: f64,
        local: &dyn Fn(i64) -> (i32, String),
    ) -> Result<(), PyException> {
        let cached =
            self.second.is_some() && created >= self.second_start && created < self.second_end;
        if !cached {
            self.load_second(datefmt, created, local);
        }
        match &self.error {
            None => Ok(()),
            Some(e) => Err(e.clone()),
        }
    }

    #[cold]
    fn load_second(
        &mut self,
        datefmt: Option<&str>,
        created: f64,
        local: &dyn Fn(i64) -> (i32, String),
    ) {
        let second = created.floor() as i64;
        self.second_start = second as f64;
        self.second_end = (second as f64) + 1.0;
        let (offset, zone) = local(second);
        let t = BrokenDownTime::from_epoch(second, offset, &zone);
        self.second = Some(second);
        self.text.clear();
        match strftime(datefmt.unwrap_or("%Y-%m-%d %H:%M:%S"), &t) {
            Ok(s) => {
                self.text.push_str(&s);
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
        self.prefix_len = self.text.len();
    }

    /// After [`refresh`](Self::refresh): `text` becomes the whole asctime.
    fn finish(&mut self, datefmt: Option<&str>, msecs: f64) -> Result<(), PyException> {
        if datefmt.is_none() {
            self.text.truncate(self.prefix_len);
            push_msecs(&mut self.text, msecs)?;
        }
        Ok(())
    }

    /// After [`refresh`](Self::refresh), for `msecs` in `0.0..1000.0`: the
    /// asctime appended to `out` (copied once, not through `text`).
    #[inline]
    fn push_into(&self, datefmt: Option<&str>, msecs: f64, out: &mut String) {
        out.push_str(self.text.get(..self.prefix_len).unwrap_or(&self.text));
        if datefmt.is_none() {
            let _ = push_msecs(out, msecs);
        }
    }
}

/// `,000` to `,999`: the milliseconds of every asctime, by table.
const MSECS_TEXT: &str = {
    const BYTES: [u8; 4000] = {
        let mut b = [0u8; 4000];
        let mut m = 0;
        while m < 1000 {
            b[4 * m] = b',';
            b[4 * m + 1] = b'0' + (m / 100) as u8;
            b[4 * m + 2] = b'0' + (m / 10 % 10) as u8;
            b[4 * m + 3] = b'0' + (m % 10) as u8;
            m += 1;
        }
        b
    };
    match std::str::from_utf8(&BYTES) {
        Ok(text) => text,
        Err(_) => "",
    }
};

/// `self.default_msec_format % (t, record.msecs)` without the `t`: `,%03d`.
#[inline]
fn push_msecs(out: &mut String, msecs: f64) -> Result<(), PyException> {
    if (0.0..1000.0).contains(&msecs) {
        // '%03d' % msecs for the usual 0..=999
        let m = msecs as usize;
        if let Some(text) = MSECS_TEXT.get(4 * m..4 * m + 4) {
            out.push_str(text);
            return Ok(());
        }
    }
    out.push(',');
    let spec = pyfmt::ConvSpec {
        zero: true,
        width: Some(3),
        conv: 'd',
        ..Default::default()
    };
    pyfmt::format_conversion(&spec, &Val::Float(msecs), out)
}

impl super::RecordAttributes for RecordView<'_> {
    fn attribute(&self, key: &str) -> Option<Val<'_>> {
        RecordView::attribute(self, key)
    }
}

impl Formatter {
    /// [`Formatter::format_into`] for a [`RecordView`]: same text, same errors.
    /// `local(epoch)` is `time.localtime`'s offset and zone (see [`AsctimeCache`]).
    pub fn format_view_into(
        &self,
        view: &RecordView<'_>,
        cache: &mut AsctimeCache,
        local: &dyn Fn(i64) -> (i32, String),
        out: &mut String,
    ) -> Result<(), EmitError> {
        let wrap = |exception| EmitError { exception };
        let asctime = if self.uses_time {
            Some(
                cache
                    .asctime(self.datefmt.as_deref(), view.created, view.msecs, local)
                    .map_err(wrap)?,
            )
        } else {
            None
        };
        self.render_fields(view, view.message, asctime, out)
            .map_err(wrap)
    }
}

/// A record field a [`ViewPlan`] reads directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Msg,
    Args,
    LevelName,
    LevelNo,
    PathName,
    FileName,
    Module,
    None,
    LineNo,
    FuncName,
    Created,
    Msecs,
    RelativeCreated,
    Thread,
    ThreadName,
    ProcessName,
    Process,
    TaskName,
    Message,
    Asctime,
}

impl Field {
    fn resolve(key: &str, version: PyVersion, uses_time: bool) -> Option<Field> {
        Some(match key {
            "name" => Field::Name,
            "msg" => Field::Msg,
            "args" => Field::Args,
            "levelname" => Field::LevelName,
            "levelno" => Field::LevelNo,
            "pathname" => Field::PathName,
            "filename" => Field::FileName,
            "module" => Field::Module,
            "exc_info" | "exc_text" | "stack_info" => Field::None,
            "lineno" => Field::LineNo,
            "funcName" => Field::FuncName,
            "created" => Field::Created,
            "msecs" => Field::Msecs,
            "relativeCreated" => Field::RelativeCreated,
            "thread" => Field::Thread,
            "threadName" => Field::ThreadName,
            "processName" => Field::ProcessName,
            "process" => Field::Process,
            "taskName" if version.has_task_name() => Field::TaskName,
            "message" => Field::Message,
            "asctime" if uses_time => Field::Asctime,
            _ => return None,
        })
    }

    /// The field's value is a `str` whatever the record.
    fn is_always_text(self) -> bool {
        matches!(
            self,
            Field::Name
                | Field::Msg
                | Field::LevelName
                | Field::PathName
                | Field::FileName
                | Field::Module
                | Field::Message
                | Field::Asctime
        )
    }

    /// The text of a field for which [`is_always_text`](Self::is_always_text) holds.
    #[inline]
    fn text<'a>(self, view: &RecordView<'a>, asctime: &'a str) -> &'a str {
        match self {
            Field::Message | Field::Msg => view.message,
            Field::Asctime => asctime,
            Field::Name => view.name,
            Field::LevelName => view.levelname,
            Field::PathName => view.pathname,
            Field::FileName => view.filename(),
            Field::Module => view.module(),
            _ => "",
        }
    }

    fn value<'a>(self, view: &RecordView<'a>, asctime: &'a str) -> Val<'a> {
        match self {
            Field::Message => Val::Str(view.message),
            Field::Asctime => Val::Str(asctime),
            Field::Name => Val::Str(view.name),
            Field::LevelName => Val::Str(view.levelname),
            Field::LevelNo => Val::Int(i128::from(view.levelno)),
            Field::LineNo => Val::Int(i128::from(view.lineno)),
            other => {
                let key = match other {
                    Field::Msg => "msg",
                    Field::Args => "args",
                    Field::PathName => "pathname",
                    Field::FileName => "filename",
                    Field::Module => "module",
                    Field::None => "exc_info",
                    Field::FuncName => "funcName",
                    Field::Created => "created",
                    Field::Msecs => "msecs",
                    Field::RelativeCreated => "relativeCreated",
                    Field::Thread => "thread",
                    Field::ThreadName => "threadName",
                    Field::ProcessName => "processName",
                    Field::Process => "process",
                    _ => "taskName",
                };
                view.attribute(key).unwrap_or(Val::None)
            }
        }
    }
}

#[derive(Debug, Clone)]
enum PlanPiece {
    Literal(String),
    /// `%(name)-12s`, `%(message)s`: a field that is always text, with a
    /// plain `s` conversion (no precision, no zero flag): copied and padded.
    Text {
        field: Field,
        width: usize,
        left: bool,
    },
    /// A bare `%(asctime)s`: the cached second and the milliseconds are
    /// appended directly.
    Asctime,
    /// Consecutive literals and `name`/`levelname` texts, rendered once per
    /// (name, level name) and thread; `slot` indexes [`AsctimeCache::runs`].
    Run {
        slot: usize,
        pieces: Vec<PlanPiece>,
    },
    Field(Field, pyfmt::ConvSpec),
}

impl PlanPiece {
    /// Only depends on the logger name and the level name.
    fn in_run(&self) -> bool {
        match self {
            PlanPiece::Literal(_) => true,
            PlanPiece::Text { field, .. } => matches!(field, Field::Name | Field::LevelName),
            _ => false,
        }
    }

    /// The pieces a run may hold ([`Self::in_run`]), the texts of the rest.
    #[inline]
    fn render_text(&self, view: &RecordView<'_>, asctime: &str, out: &mut String) {
        match self {
            PlanPiece::Literal(text) => out.push_str(text),
            PlanPiece::Text { field, width, left } => {
                let text = field.text(view, asctime);
                if *width == 0 {
                    out.push_str(text);
                    return;
                }
                // Python pads to `width` code points.
                let len = if text.is_ascii() {
                    text.len()
                } else {
                    text.chars().count()
                };
                let fill = width.saturating_sub(len);
                if !*left {
                    push_spaces(out, fill);
                }
                out.push_str(text);
                if *left {
                    push_spaces(out, fill);
                }
            }
            _ => {}
        }
    }
}

static NEXT_PLAN_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A `%`-style format resolved once for [`RecordView`]s: keys become field
/// indices, so a record is rendered without looking names up. Built only for
/// formats whose every directive names a record field with fixed width and
/// precision (anything else goes through [`Formatter::format_view_into`]);
/// the output is the same.
#[derive(Debug, Clone)]
pub struct ViewPlan {
    /// Tells one plan's runs from another's in an [`AsctimeCache`].
    id: u64,
    pieces: Vec<PlanPiece>,
    datefmt: Option<String>,
    uses_time: bool,
    /// Some piece other than a bare `%(asctime)s` needs the asctime text.
    asctime_text: bool,
    runs: usize,
}

impl ViewPlan {
    /// The plan for `formatter`, or `None` when it needs the general path.
    pub fn new(formatter: &Formatter, version: PyVersion) -> Option<ViewPlan> {
        let Compiled::Percent(pieces) = &formatter.compiled else {
            return None;
        };
        if formatter
            .defaults
            .as_ref()
            .is_some_and(|d| d.is_truthy() && !matches!(d, PyValue::Dict(_)))
        {
            return None;
        }
        let mut flat = Vec::with_capacity(pieces.len());
        for piece in pieces {
            match piece {
                pyfmt::PercentPiece::Literal(text) => flat.push(PlanPiece::Literal(text.clone())),
                pyfmt::PercentPiece::Conversion {
                    key: Some(key),
                    spec,
                    width,
                    precision,
                    ..
                } => {
                    let mut spec = *spec;
                    match width {
                        Some(pyfmt::Count::Number(n)) => spec.width = Some(*n),
                        Some(pyfmt::Count::Star) => return None,
                        None => {}
                    }
                    match precision {
                        Some(pyfmt::Count::Number(n)) => spec.precision = Some(*n),
                        Some(pyfmt::Count::Star) => return None,
                        None => {}
                    }
                    if !"sradiuoxXeEfFgGc".contains(spec.conv) {
                        return None;
                    }
                    let field = Field::resolve(key, version, formatter.uses_time)?;
                    let text = spec.conv == 's'
                        && spec.precision.is_none()
                        && !spec.zero
                        && field.is_always_text();
                    flat.push(match (text, field, spec.width.unwrap_or(0)) {
                        (true, Field::Asctime, 0) => PlanPiece::Asctime,
                        (true, field, width) => PlanPiece::Text {
                            field,
                            width,
                            left: spec.left,
                        },
                        _ => PlanPiece::Field(field, spec),
                    });
                }
                _ => return None,
            }
        }
        let asctime_text = flat.iter().any(|p| match p {
            PlanPiece::Text { field, .. } | PlanPiece::Field(field, _) => *field == Field::Asctime,
            _ => false,
        });
        // Group the runs that hold a name or level name and more than one piece.
        let mut plan = Vec::with_capacity(flat.len());
        let mut runs = 0;
        let mut flat = flat.into_iter().peekable();
        while let Some(piece) = flat.next() {
            if !piece.in_run() {
                plan.push(piece);
                continue;
            }
            let mut run = vec![piece];
            while let Some(next) = flat.next_if(PlanPiece::in_run) {
                run.push(next);
            }
            let has_field = run.iter().any(|p| matches!(p, PlanPiece::Text { .. }));
            if has_field && run.len() > 1 {
                plan.push(PlanPiece::Run {
                    slot: runs,
                    pieces: run,
                });
                runs += 1;
            } else {
                plan.extend(run);
            }
        }
        Some(ViewPlan {
            id: NEXT_PLAN_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            pieces: plan,
            datefmt: formatter.datefmt.clone(),
            uses_time: formatter.uses_time,
            asctime_text,
            runs,
        })
    }

    /// Same text and errors as [`Formatter::format_view_into`].
    pub fn render(
        &self,
        view: &RecordView<'_>,
        cache: &mut AsctimeCache,
        local: &dyn Fn(i64) -> (i32, String),
        out: &mut String,
    ) -> Result<(), EmitError> {
        let wrap = |exception| EmitError { exception };
        let AsctimeCache { time, runs } = cache;
        let datefmt = self.datefmt.as_deref();
        // formatTime runs before any field is formatted (its errors first).
        let mut asctime_direct = false;
        if self.uses_time {
            time.refresh(datefmt, view.created, local).map_err(wrap)?;
            if self.asctime_text || !(0.0..1000.0).contains(&view.msecs) {
                time.finish(datefmt, view.msecs).map_err(wrap)?;
            } else {
                asctime_direct = true;
            }
        }
        let time = &*time;
        let asctime = if asctime_direct {
            ""
        } else {
            time.text.as_str()
        };
        if runs.len() < self.runs {
            runs.resize_with(self.runs, RunText::default);
        }
        for piece in &self.pieces {
            match piece {
                PlanPiece::Asctime if asctime_direct => time.push_into(datefmt, view.msecs, out),
                PlanPiece::Asctime => out.push_str(asctime),
                PlanPiece::Run { slot, pieces } => {
                    let Some(run) = runs.get_mut(*slot) else {
                        for p in pieces {
                            p.render_text(view, asctime, out);
                        }
                        continue;
                    };
                    if run.plan != self.id
                        || !same_bytes(run.name.as_bytes(), view.name.as_bytes())
                        || !same_bytes(run.levelname.as_bytes(), view.levelname.as_bytes())
                    {
                        run.text.clear();
                        for p in pieces {
                            p.render_text(view, asctime, &mut run.text);
                        }
                        run.plan = self.id;
                        run.name.clear();
                        run.name.push_str(view.name);
                        run.levelname.clear();
                        run.levelname.push_str(view.levelname);
                    }
                    out.push_str(&run.text);
                }
                PlanPiece::Field(field, spec) => {
                    pyfmt::format_conversion(spec, &field.value(view, asctime), out)
                        .map_err(wrap)?;
                }
                other => other.render_text(view, asctime, out),
            }
        }
        Ok(())
    }
}

/// Byte equality without a `memcmp` call: names are short, so 8-byte
/// words, the last one overlapping the one before.
#[inline(always)]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    fn word(bytes: &[u8], at: usize) -> Option<u64> {
        let chunk = bytes.get(at..at + 8)?;
        <[u8; 8]>::try_from(chunk).ok().map(u64::from_ne_bytes)
    }
    let len = a.len();
    if len != b.len() {
        return false;
    }
    if len < 8 {
        return a.iter().zip(b).all(|(p, q)| p == q);
    }
    let mut at = 0;
    while at + 8 < len {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    word(a, len - 8) == word(b, len - 8)
}

fn push_spaces(out: &mut String, mut n: usize) {
    const SPACES: &str = "                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        n -= k;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Style;

    #[test]
    fn msecs_table_is_percent_03d() {
        for m in 0..1000_u32 {
            let mut out = String::new();
            push_msecs(&mut out, f64::from(m) + 0.75).unwrap();
            assert_eq!(out, format!(",{m:03}"));
        }
        let mut out = String::new();
        push_msecs(&mut out, 1000.0).unwrap();
        assert_eq!(out, ",1000");
    }

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
                let time = RecordTime::from_float(created, 1_704_164_600.0);
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
                if let Some(plan) = ViewPlan::new(&f, v) {
                    let mut planned = String::new();
                    let r = plan.render(&view, &mut AsctimeCache::new(), &utc, &mut planned);
                    assert_eq!(r.is_ok(), owned.is_ok(), "{fmt}");
                    if r.is_ok() {
                        assert_eq!(Ok(planned), owned.clone(), "{fmt}");
                    }
                }
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
            "%(asctime)s %(name)-12s %(levelname)-8s %(message)s",
            "[%(levelname)s] %(name)s: %(message)s (%(levelno)d)",
            "%(name)8s|%(asctime)-30s|%(levelname)5s|",
        ];
        let plans: Vec<(Formatter, ViewPlan)> = formats
            .iter()
            .map(|fmt| {
                let f = Formatter::new(Some(fmt), None, Style::Percent, None, v).unwrap();
                let plan = ViewPlan::new(&f, v).unwrap();
                (f, plan)
            })
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
            let (f, plan) = &plans[i % 3 / 2 + i % 2];
            let name = names[i * 7 % names.len()];
            let levelno = [10, 20, 30, 40, 50, 5][i % 6];
            let created = 1_704_164_645.0 + (i / 7) as f64 + 0.001 * i as f64;
            let time = RecordTime::from_float(created, 1_704_164_600.0);
            let mut view = RecordView::new(name, levelno, "message", v).with_time(time);
            let level_name = crate::format::record::level_name(levelno);
            view.levelname = &level_name;
            let mut planned = String::new();
            plan.render(&view, &mut cache, &utc, &mut planned).unwrap();
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
