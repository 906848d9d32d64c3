//! The handlers the backend runs, each mirroring its CPython class's `emit`,
//! `flush` and `close` (stream, file, rotating, timed rotating, watched,
//! memory, syslog, null, and custom Rust handlers).
//!
//! A [`Handler`] is `Handler.handle` + `emit` under the handler's lock, as in
//! CPython: the record is formatted under the lock and written with one
//! `write(2)` (or appended to the buffer in buffered mode), so lines from
//! different threads never interleave. A failed emit prints CPython's
//! `--- Logging error ---` block to stderr and the next record is tried afresh.

use super::clock::Clock;
use super::{CustomHandler, CustomRecord};
use crate::diagnostic::PyException;
use crate::format::view::{AsctimeCache, RecordView, ViewPlan};
use crate::format::{EmitError, Formatter};
use crate::handlers::file::{self, FileStream};
use crate::handlers::io::RealIo;
use crate::handlers::stream::{self, Stream};
use crate::handlers::syslog::{self, SyslogSocket};
use crate::handlers::timed::{self, Schedule};
use crate::handlers::{memory, rotating, watched};
use crate::hierarchy::Filters;
use crate::pyvalue::PyValue;
use crate::version::PyVersion;
use std::fs::File;
use std::io::Write;

pub(crate) use crate::handlers::io::os_error;
use std::sync::{Mutex, MutexGuard};

/// Bytes kept in a buffered handler before they are written.
pub(crate) const BUFFER_LIMIT: usize = 64 * 1024;

static NEXT_HANDLER_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Per-thread formatting space: the line and one asctime cache per handler.
/// The dispatcher's thread cache holds one (passed down on the hot path);
/// `SCRATCH` serves the other callers (MemoryHandler flushes, re-entrant calls).
#[derive(Default)]
pub(crate) struct Scratch {
    line: String,
    caches: Vec<(u64, AsctimeCache)>,
}

impl Scratch {
    pub const fn new() -> Self {
        Scratch {
            line: String::new(),
            caches: Vec::new(),
        }
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = const { std::cell::RefCell::new(Scratch::new()) };
}

/// The asctime cache of handler `id` in this thread (a few handlers at most;
/// the oldest entry makes room).
fn asctime_slot(caches: &mut Vec<(u64, AsctimeCache)>, id: u64) -> &mut AsctimeCache {
    let index = match caches.iter().position(|(h, _)| *h == id) {
        Some(i) => i,
        None => {
            if caches.len() >= 16 {
                caches.remove(0);
            }
            caches.push((id, AsctimeCache::new()));
            caches.len() - 1
        }
    };
    &mut caches[index].1
}

/// What every emit needs besides the record.
pub(crate) struct EmitCtx<'a> {
    pub handlers: &'a [Handler],
    /// The handlers' filters (a MemoryHandler's target applies its own).
    pub filters: &'a Filters,
    pub clock: &'a dyn Clock,
    pub version: PyVersion,
    pub local: &'a (dyn Fn(i64) -> (i32, String) + Send + Sync),
}

/// A record kept by a MemoryHandler until it flushes.
#[derive(Debug, Clone)]
pub(crate) struct OwnedRecord {
    pub name: String,
    pub levelno: i64,
    pub levelname: String,
    pub pathname: String,
    pub module: Option<String>,
    pub lineno: i64,
    pub created: f64,
    pub msecs: f64,
    pub relative_created: f64,
    pub thread: Option<i64>,
    pub thread_name: Option<String>,
    pub process: Option<i64>,
    pub message: String,
}

impl OwnedRecord {
    pub fn from_view(v: &RecordView<'_>) -> Self {
        OwnedRecord {
            name: v.name.to_string(),
            levelno: v.levelno,
            levelname: v.levelname.to_string(),
            pathname: v.pathname.to_string(),
            module: v.module.map(str::to_string),
            lineno: v.lineno,
            created: v.created,
            msecs: v.msecs,
            relative_created: v.relative_created,
            thread: v.thread,
            thread_name: v.thread_name.map(str::to_string),
            process: v.process,
            message: v.message.to_string(),
        }
    }

    pub fn view(&self, version: PyVersion) -> RecordView<'_> {
        let mut v = RecordView::new(&self.name, self.levelno, &self.message, version);
        v.levelname = &self.levelname;
        v.pathname = &self.pathname;
        v.module = self.module.as_deref();
        v.lineno = self.lineno;
        v.created = self.created;
        v.msecs = self.msecs;
        v.relative_created = self.relative_created;
        v.thread = self.thread;
        v.thread_name = self.thread_name.as_deref();
        v.process = self.process;
        v
    }
}

/// `Handler.handleError`'s block, reduced as the oracle reduces it (there is
/// no Python traceback to show).
pub(crate) fn report_error(exception: &PyException, message: &str) {
    let block = format!(
        "--- Logging error ---\n{exception}\nMessage: {}\nArguments: ()\n",
        crate::pyrepr::repr_str(message)
    );
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(block.as_bytes());
    let _ = err.flush();
}

/// How a file handler rotates.
#[derive(Debug)]
pub(crate) enum Rotation {
    None,
    /// `RotatingFileHandler`.
    Size {
        max_bytes: u64,
        backup_count: u64,
    },
    /// `TimedRotatingFileHandler`.
    Time(Schedule),
    /// `WatchedFileHandler`: the recorded (dev, ino) of the stream (`None`: `(-1, -1)`).
    Watched(Option<(u64, u64)>),
}

/// An open (or not yet opened) log file.
#[derive(Debug)]
pub(crate) struct FileSink {
    /// Path, mode, delay and the open file (the engine's `FileHandler` stream).
    pub stream: FileStream<File>,
    /// Binary mode: writing `str` raises `TypeError`.
    pub binary: bool,
    /// [`file::mode_writable`] of `mode` (checked on every record).
    pub writable: bool,
    pub rotation: Rotation,
}

impl FileSink {
    /// `FileHandler._open()`.
    pub fn open(&mut self) -> Result<(), PyException> {
        self.stream.open(&RealIo)
    }

    /// The end of the constructor: a watched file records its stream's identity.
    pub fn stat_stream(&mut self) {
        if let Rotation::Watched(id) = &mut self.rotation {
            watched::stat_stream(&RealIo, &self.stream, id);
        }
    }
}

/// The output side of a handler.
pub(crate) enum Sink {
    /// `StreamHandler` (stdout, stderr, or an object without `write`).
    Stream(Stream),
    File(FileSink),
    Null,
    /// `logging.Handler` itself: emit raises `NotImplementedError`.
    Abstract,
    Memory {
        /// `capacity` and `flushLevel` (ints, checked when the sink was built).
        capacity: PyValue,
        flush_level: PyValue,
        target: Option<usize>,
        flush_on_close: bool,
        buffer: Vec<OwnedRecord>,
    },
    Syslog {
        socket: SyslogSocket,
        facility: i64,
    },
    Custom(Box<dyn CustomHandler>),
}

/// Mutable per-handler state, guarded by the handler lock.
pub(crate) struct HandlerState {
    pub sink: Sink,
    /// The formatted line (reused).
    line: String,
    /// Buffered mode: bytes not yet written.
    pending: Vec<u8>,
    asctime: AsctimeCache,
    /// `Handler._closed`.
    closed: bool,
}

/// One configured handler.
pub(crate) struct Handler {
    pub key: String,
    pub level: i64,
    pub formatter: Formatter,
    /// The formatter resolved for views (None: the general path).
    plan: Option<ViewPlan>,
    /// Buffered mode applies to this handler (files only).
    pub buffered: bool,
    /// `NullHandler.handle` does nothing at all (not even format).
    null: bool,
    /// Format before taking the lock (every sink that formats each record itself).
    preformat: bool,
    /// Unique across configurations (keys the per-thread asctime caches).
    id: u64,
    state: Mutex<HandlerState>,
}

impl Handler {
    pub fn new(
        key: String,
        level: i64,
        formatter: Formatter,
        sink: Sink,
        buffered: bool,
        version: PyVersion,
    ) -> Self {
        let buffered = buffered && matches!(sink, Sink::File(_));
        Handler {
            key,
            level,
            plan: ViewPlan::new(&formatter, version),
            formatter,
            buffered,
            null: matches!(sink, Sink::Null),
            preformat: !matches!(sink, Sink::Null | Sink::Abstract | Sink::Memory { .. }),
            id: NEXT_HANDLER_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            state: Mutex::new(HandlerState {
                sink,
                line: String::with_capacity(256),
                pending: Vec::with_capacity(if buffered { BUFFER_LIMIT } else { 0 }),
                asctime: AsctimeCache::new(),
                closed: false,
            }),
        }
    }

    /// The handler a MemoryHandler flushes into.
    pub fn memory_target(&self) -> Option<usize> {
        match &self.lock().sink {
            Sink::Memory { target, .. } => *target,
            _ => None,
        }
    }

    fn lock(&self) -> MutexGuard<'_, HandlerState> {
        // A panic inside a custom handler must not silence logging for good.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `handler.handle(record)` (the level was checked by the caller, as
    /// `callHandlers` does).
    pub fn handle(&self, record: &RecordView<'_>, ctx: &EmitCtx<'_>) {
        if self.null {
            return;
        }
        if self.preformat {
            let done = SCRATCH.try_with(|scratch| {
                let Ok(mut scratch) = scratch.try_borrow_mut() else {
                    return false;
                };
                self.handle_preformatted(record, ctx, &mut scratch);
                true
            });
            if done == Ok(true) {
                return;
            }
        }
        self.handle_locked(record, ctx);
    }

    /// [`handle`](Self::handle) with this thread's formatting space at hand.
    #[inline]
    pub fn handle_with(&self, record: &RecordView<'_>, ctx: &EmitCtx<'_>, scratch: &mut Scratch) {
        if self.null {
            return;
        }
        if self.preformat {
            self.handle_preformatted(record, ctx, scratch);
        } else {
            self.handle_locked(record, ctx);
        }
    }

    /// Formats outside the lock (per-thread buffer and asctime cache), so
    /// threads only serialise on the write itself.
    fn handle_preformatted(
        &self,
        record: &RecordView<'_>,
        ctx: &EmitCtx<'_>,
        scratch: &mut Scratch,
    ) {
        let Scratch { line, caches } = scratch;
        line.clear();
        let cache = asctime_slot(caches, self.id);
        let result = self.format_line(record, cache, ctx, line);
        // The terminator too, so a file handler writes this buffer as is.
        let pre = match &result {
            Ok(()) => {
                line.push('\n');
                Ok(line.as_str())
            }
            Err(e) => Err(&e.exception),
        };
        let mut state = self.lock();
        // A plain FileHandler with its file open: `emit_file`'s last step.
        let result = match (&mut *state, pre) {
            (
                HandlerState {
                    sink: Sink::File(f),
                    pending,
                    ..
                },
                Ok(text),
            ) if matches!(f.rotation, Rotation::None) && f.stream.handle.is_some() => {
                write_file_line(f, pending, self.buffered, text, record.levelno)
            }
            (state, pre) => self.emit(state, record, ctx, Some(pre)),
        };
        if let Err(e) = result {
            drop(state);
            report_error(&e, record.message);
        }
    }

    /// `target.handle(record)` inside `logging.shutdown()`'s flush of a
    /// MemoryHandler. An exception that CPython's `emit` lets escape (the
    /// lazy open of a plain or watched FileHandler, outside its `try`) ends
    /// the flush and is swallowed by shutdown's `except (OSError,
    /// ValueError): pass`, silently: returns `false` then. Errors `emit`
    /// hands to `handleError` are printed as always.
    fn handle_at_shutdown(&self, record: &RecordView<'_>, ctx: &EmitCtx<'_>) -> bool {
        if self.null {
            return true;
        }
        let mut state = self.lock();
        let lazy_open = |st: &HandlerState| {
            matches!(&st.sink, Sink::File(f) if f.stream.handle.is_none()
                && matches!(f.rotation, Rotation::None | Rotation::Watched(_)))
        };
        let opens_now = lazy_open(&state);
        match self.emit(&mut state, record, ctx, None) {
            Ok(()) => true,
            Err(_) if opens_now && lazy_open(&state) => false,
            Err(e) => {
                drop(state);
                report_error(&e, record.message);
                true
            }
        }
    }

    /// Formats (if needed) and emits under the lock.
    fn handle_locked(&self, record: &RecordView<'_>, ctx: &EmitCtx<'_>) {
        let mut state = self.lock();
        if let Err(e) = self.emit(&mut state, record, ctx, None) {
            drop(state);
            report_error(&e, record.message);
        }
    }

    /// Puts the formatted record in `st.line` (from `pre` when formatted
    /// already: a line formatted outside the lock, ending with `\n`).
    fn prepare(
        &self,
        st: &mut HandlerState,
        record: &RecordView<'_>,
        ctx: &EmitCtx<'_>,
        pre: Option<Result<&str, &PyException>>,
    ) -> Result<(), PyException> {
        match pre {
            Some(Ok(text)) => {
                st.line.clear();
                st.line.push_str(without_newline(text));
                Ok(())
            }
            Some(Err(e)) => Err(e.clone()),
            None => self.format(st, record, ctx).map_err(|e| e.exception),
        }
    }

    fn format(
        &self,
        st: &mut HandlerState,
        record: &RecordView<'_>,
        ctx: &EmitCtx<'_>,
    ) -> Result<(), EmitError> {
        st.line.clear();
        let HandlerState { line, asctime, .. } = st;
        self.format_line(record, asctime, ctx, line)
    }

    fn format_line(
        &self,
        record: &RecordView<'_>,
        asctime: &mut AsctimeCache,
        ctx: &EmitCtx<'_>,
        line: &mut String,
    ) -> Result<(), EmitError> {
        match &self.plan {
            Some(plan) => plan.render(record, asctime, ctx.local, line),
            None => self
                .formatter
                .format_view_into(record, asctime, ctx.local, line),
        }
    }

    fn emit(
        &self,
        st: &mut HandlerState,
        record: &RecordView<'_>,
        ctx: &EmitCtx<'_>,
        pre: Option<Result<&str, &PyException>>,
    ) -> Result<(), PyException> {
        match &st.sink {
            Sink::Null => return Ok(()),
            Sink::Abstract => {
                return Err(PyException::new(
                    "NotImplementedError",
                    "emit must be implemented by Handler subclasses",
                ));
            }
            Sink::Memory { .. } => return self.emit_memory(st, record, ctx),
            Sink::File(_) => return self.emit_file(st, record, ctx, pre),
            _ => {}
        }
        self.prepare(st, record, ctx, pre)?;
        let HandlerState { sink, line, .. } = st;
        match sink {
            Sink::Stream(stream) => {
                line.push('\n');
                stream::emit(&RealIo, stream, line)
            }
            Sink::Syslog { socket, facility } => {
                let bytes = syslog::message(*facility, record.levelname, line);
                socket.send(&bytes)
            }
            Sink::Custom(h) => {
                let rec = CustomRecord {
                    name: record.name,
                    levelno: record.levelno,
                    message: record.message,
                };
                h.emit(line, &rec).map_err(|e| os_error(&e, None))
            }
            Sink::File(_) | Sink::Null | Sink::Abstract | Sink::Memory { .. } => Ok(()),
        }
    }

    /// `FileHandler.emit`, preceded by `reopenIfNeeded` (watched) or
    /// `shouldRollover`/`doRollover` (rotating): the file is opened before
    /// the record is formatted, as in CPython.
    fn emit_file(
        &self,
        st: &mut HandlerState,
        record: &RecordView<'_>,
        ctx: &EmitCtx<'_>,
        pre: Option<Result<&str, &PyException>>,
    ) -> Result<(), PyException> {
        let Some(formatted) = self.before_file_emit(st, record, ctx, pre)? else {
            return Ok(());
        };
        let buffered = self.buffered;
        if !formatted && let Some(Ok(text)) = pre {
            // Formatted outside the lock: written (or buffered) from there,
            // no copy into the handler's line.
            let HandlerState { sink, pending, .. } = st;
            let Sink::File(f) = sink else {
                return Ok(());
            };
            return write_file_line(f, pending, buffered, text, record.levelno);
        }
        if !formatted {
            self.prepare(st, record, ctx, pre)?;
        }
        let HandlerState {
            sink,
            line,
            pending,
            ..
        } = st;
        let Sink::File(f) = sink else {
            return Ok(());
        };
        line.push('\n');
        write_file_line(f, pending, buffered, line, record.levelno)
    }

    /// What `emit` does to a file handler before writing: the class's
    /// check (`reopenIfNeeded`, or `shouldRollover`/`doRollover`) and the
    /// lazy open. `None`: the stream stays closed and the record is dropped
    /// (a `'w'` handler after `close()`); `Some(true)`: a rotating handler's
    /// size check formatted the record into `st.line` already.
    fn before_file_emit(
        &self,
        st: &mut HandlerState,
        record: &RecordView<'_>,
        ctx: &EmitCtx<'_>,
        pre: Option<Result<&str, &PyException>>,
    ) -> Result<Option<bool>, PyException> {
        let HandlerState {
            sink,
            line,
            pending,
            asctime,
            closed,
        } = st;
        let mut formatted = false;
        let Sink::File(f) = sink else {
            return Ok(None);
        };
        match &mut f.rotation {
            Rotation::Watched(id) => watched::reopen_if_needed(&RealIo, &mut f.stream, id)?,
            Rotation::Size {
                max_bytes,
                backup_count,
            } => {
                let backup_count = *backup_count;
                let line_len = || {
                    line.clear();
                    match pre {
                        Some(Ok(text)) => line.push_str(without_newline(text)),
                        Some(Err(e)) => return Err(e.clone()),
                        None => self
                            .format_line(record, asctime, ctx, line)
                            .map_err(|e| e.exception)?,
                    }
                    formatted = true;
                    Ok(line.chars().count() as u64 + 1)
                };
                let (max, buffered) = (*max_bytes as f64, pending.len() as u64);
                let stream = &mut f.stream;
                if rotating::should_rollover(&RealIo, stream, max, ctx.version, buffered, line_len)?
                {
                    flush_pending(f, pending)?;
                    rotating::do_rollover(&RealIo, &mut f.stream, &Ok(backup_count))?;
                }
            }
            Rotation::Time(t) => {
                let (now, v, local) = (now_seconds(ctx.clock), ctx.version, ctx.local);
                if timed::should_rollover(&RealIo, &f.stream.path, t, now, v, local) {
                    let result = f.stream.write(&RealIo, pending);
                    pending.clear();
                    result?;
                    timed::do_rollover(&RealIo, &mut f.stream, t, now, v, local)?;
                }
            }
            Rotation::None => {}
        }
        // FileHandler.emit: (re)open unless (3.10+) a 'w' file was closed.
        f.stream.open_for_emit(&RealIo, *closed, ctx.version)?;
        Ok(f.stream.handle.is_some().then_some(formatted))
    }

    /// `MemoryHandler.emit` → `shouldFlush` → `flush` into the target.
    fn emit_memory(
        &self,
        st: &mut HandlerState,
        record: &RecordView<'_>,
        ctx: &EmitCtx<'_>,
    ) -> Result<(), PyException> {
        if let Sink::Memory {
            capacity,
            flush_level,
            buffer,
            ..
        } = &mut st.sink
        {
            buffer.push(OwnedRecord::from_view(record));
            if memory::should_flush(buffer.len(), capacity, record.levelno, flush_level)? {
                flush_memory(&mut st.sink, ctx, false);
            }
        }
        Ok(())
    }

    /// `handler.flush()` (a MemoryHandler sends its records to the target).
    pub fn flush(&self, ctx: &EmitCtx<'_>) {
        let mut st = self.lock();
        let HandlerState { sink, pending, .. } = &mut *st;
        match sink {
            Sink::File(f) => {
                if let Err(e) = flush_pending(f, pending) {
                    report_error(&e, "");
                }
            }
            Sink::Memory { .. } => flush_memory(sink, ctx, false),
            Sink::Custom(h) => {
                let _ = h.flush();
            }
            _ => {}
        }
    }

    /// What `logging.shutdown()` does to each handler: flush (unless a
    /// MemoryHandler says `flushOnClose=False`), then close.
    pub fn shutdown(&self, ctx: &EmitCtx<'_>) {
        // 3.12+ skips the flush of a MemoryHandler with flushOnClose=False.
        let flush = match &self.lock().sink {
            Sink::Memory { flush_on_close, .. } => {
                memory::flushes_at_shutdown(*flush_on_close, ctx.version)
            }
            _ => true,
        };
        if flush {
            let mut st = self.lock();
            if let Sink::Memory { .. } = st.sink {
                flush_memory(&mut st.sink, ctx, true);
            } else {
                drop(st);
                self.flush(ctx);
            }
        }
        let mut st = self.lock();
        st.closed = true;
        match &mut st.sink {
            Sink::File(f) => f.stream.close(),
            Sink::Memory { target, buffer, .. } => {
                *target = None;
                buffer.clear();
            }
            Sink::Custom(h) => h.close(),
            Sink::Syslog { socket, .. } => socket.close(),
            _ => {}
        }
    }
}

/// `MemoryHandler.flush()`: every buffered record to the target, then the
/// buffer is cleared. From `logging.shutdown()` (`at_shutdown`), an
/// exception escaping the target's `emit` ends the flush silently.
fn flush_memory(sink: &mut Sink, ctx: &EmitCtx<'_>, at_shutdown: bool) {
    if let Sink::Memory {
        target: Some(t),
        buffer,
        ..
    } = sink
    {
        if let Some(target) = ctx.handlers.get(*t) {
            for rec in buffer.iter() {
                let view = rec.view(ctx.version);
                // target.handle(record) applies the target's filters
                if ctx.filters.handler_rejecting(*t, view.name).is_some() {
                    continue;
                }
                if !at_shutdown {
                    target.handle(&view, ctx);
                } else if !target.handle_at_shutdown(&view, ctx) {
                    break;
                }
            }
        }
        buffer.clear();
    }
}

/// A line formatted with its `\n`, without it.
fn without_newline(text: &str) -> &str {
    text.strip_suffix('\n').unwrap_or(text)
}

/// The end of `FileHandler.emit` for a line with its `\n`: one write(2), or
/// appended to the pending bytes in buffered mode (written at 64 KiB and on
/// every ERROR or CRITICAL record).
#[inline]
fn write_file_line(
    f: &mut FileSink,
    pending: &mut Vec<u8>,
    buffered: bool,
    line: &str,
    levelno: i64,
) -> Result<(), PyException> {
    file::check_text_write(f.binary, f.writable)?;
    if buffered {
        pending.extend_from_slice(line.as_bytes());
        if pending.len() >= BUFFER_LIMIT || levelno >= 40 {
            flush_pending(f, pending)?;
        }
        Ok(())
    } else {
        f.stream.write(&RealIo, line.as_bytes())
    }
}

fn flush_pending(f: &mut FileSink, pending: &mut Vec<u8>) -> Result<(), PyException> {
    if pending.is_empty() {
        return Ok(());
    }
    let result = f.stream.write(&RealIo, pending);
    pending.clear();
    result
}

/// `int(time.time())`.
pub(crate) fn now_seconds(clock: &dyn Clock) -> i64 {
    clock.now_ns().div_euclid(1_000_000_000) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_errors_read_like_python() {
        let e = std::io::Error::from_raw_os_error(28);
        assert_eq!(
            os_error(&e, None).to_string(),
            "OSError: [Errno 28] No space left on device"
        );
        let e = std::io::Error::from_raw_os_error(2);
        assert_eq!(
            os_error(&e, Some("/x/a.log")).to_string(),
            "FileNotFoundError: [Errno 2] No such file or directory: '/x/a.log'"
        );
    }
}
