//! `impl log::Log`: from a Rust record to the handlers, through the shared
//! routing engine ([`Hierarchy`]) and formatter.
//!
//! The hot path: a per-thread cache maps the record's target (by address,
//! length and bytes) to the logger's precomputed [`CompiledRoute`]; a call
//! below the logger's level returns after that lookup. An enabled record is
//! built as a borrowed [`RecordView`] (message formatted once per record into
//! a per-thread buffer) and handed to each handler in `callHandlers` order.
//! Configurations are swapped atomically: a generation number, compared per
//! call, tells threads to pick up the new one.

use super::clock::{Clock, LocalTime, real_seconds, record_time};
use super::sinks::{EmitCtx, Handler, Scratch};
use crate::format::record::RecordTime;
use crate::format::view::{RecordView, same_bytes};
use crate::hierarchy::{CompiledRoute, Filters, Hierarchy};
use crate::level::Level;
use crate::version::PyVersion;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

/// A logger's name as CPython reports it and its route.
#[derive(Debug)]
pub(crate) struct LoggerRoute {
    /// `record.name` (`root` for the root logger).
    pub name: String,
    pub route: CompiledRoute,
}

/// One loaded configuration.
pub(crate) struct State {
    pub version: PyVersion,
    /// The name the host registered for level 5 (uvicorn's `TRACE`), which
    /// `log::Level::Trace` records carry.
    pub trace_name: Option<&'static str>,
    pub handlers: Vec<Handler>,
    /// `logging.lastResort`: stderr, WARNING, bare message.
    pub last_resort: Handler,
    pub handler_levels: Vec<Level>,
    /// The handlers' filters, as the hierarchy holds them.
    pub filters: Filters,
    pub hierarchy: Mutex<Hierarchy>,
    pub routes: RwLock<HashMap<String, Arc<LoggerRoute>>>,
    pub clock: Arc<dyn Clock>,
    pub local: LocalTime,
    /// `logging._startTime`.
    pub start_ns: i128,
    /// `real_seconds(start_ns)` when records take `time.time()` floats from
    /// the real clock (≤3.12): the per-record time is then one conversion.
    pub real_start_seconds: Option<f64>,
    pub max_level: log::LevelFilter,
    pub process: i64,
    pub shut_down: AtomicBool,
}

impl State {
    fn ctx(&self) -> EmitCtx<'_> {
        EmitCtx {
            handlers: &self.handlers,
            filters: &self.filters,
            clock: &*self.clock,
            version: self.version,
            local: &*self.local,
        }
    }

    /// `getLogger(name)` and its compiled route (created on first use).
    pub fn route_for(&self, name: &str) -> Arc<LoggerRoute> {
        if let Ok(routes) = self.routes.read()
            && let Some(r) = routes.get(name)
        {
            return r.clone();
        }
        let mut h = self.hierarchy.lock().unwrap_or_else(|p| p.into_inner());
        let id = h.get_logger(name);
        let route = Arc::new(LoggerRoute {
            name: h.display_name(id),
            route: h.compile_route(id, &self.handler_levels),
        });
        drop(h);
        let mut routes = self.routes.write().unwrap_or_else(|p| p.into_inner());
        routes
            .entry(name.to_string())
            .or_insert_with(|| route.clone())
            .clone()
    }

    /// Flushes every handler (buffered mode's interval flush).
    pub fn flush(&self) {
        let ctx = self.ctx();
        for h in &self.handlers {
            h.flush(&ctx);
        }
    }

    /// `logging.shutdown()`: newest handler first, flush then close.
    pub fn shutdown(&self) {
        if self.shut_down.swap(true, Ordering::SeqCst) {
            return;
        }
        let ctx = self.ctx();
        for h in self.handlers.iter().rev() {
            h.shutdown(&ctx);
        }
    }

    /// Names of every real logger, for `disable_existing_loggers` on reload.
    pub fn logger_names(&self) -> Vec<String> {
        let h = self.hierarchy.lock().unwrap_or_else(|p| p.into_inner());
        h.loggers()
            .skip(1)
            .map(|(_, n)| n.name.to_string())
            .collect()
    }

    /// Logs one record on logger `route`.
    fn dispatch(
        &self,
        route: &LoggerRoute,
        levelno: i64,
        record: &log::Record<'_>,
        message: &str,
        thread: &ThreadInfo,
        mut scratch: Option<&mut Scratch>,
    ) {
        let level = Level(levelno);
        let now_ns = self.clock.now_ns();
        let time = match self.real_start_seconds {
            Some(start) => RecordTime::from_float(real_seconds(now_ns), start, self.version),
            None => record_time(now_ns, self.start_ns, self.clock.is_real(), self.version),
        };
        // Python derives module from the file name; without a file, the
        // last segment of the module path stands in.
        let module = match record.file() {
            Some(_) => None,
            None => record
                .module_path()
                .map(|m| m.rsplit("::").next().unwrap_or(m)),
        };
        let mut view = RecordView::new(&route.name, levelno, message, self.version).with_time(time);
        if let (5, Some(name)) = (levelno, self.trace_name) {
            view.levelname = name;
        }
        view.pathname = record.file().unwrap_or("");
        view.module = module;
        view.lineno = i64::from(record.line().unwrap_or(0));
        view.func_name = Some("");
        view.thread = Some(thread.ident);
        view.thread_name = Some(&thread.name);
        view.process = Some(self.process);
        let ctx = self.ctx();
        IN_EMIT.with(|f| f.set(true));
        for h in route.route.emitting(level) {
            if let Some(handler) = self.handlers.get(h) {
                match scratch.as_deref_mut() {
                    Some(scratch) => handler.handle_with(&view, &ctx, scratch),
                    None => handler.handle(&view, &ctx),
                }
            }
        }
        if route.route.last_resort(level) {
            self.last_resort.handle(&view, &ctx);
        }
        IN_EMIT.with(|f| f.set(false));
    }
}

/// Python level of a Rust level: Trace is 5 (`Level 5`).
pub(crate) fn py_level(level: log::Level) -> i64 {
    match level {
        log::Level::Error => 40,
        log::Level::Warn => 30,
        log::Level::Info => 20,
        log::Level::Debug => 10,
        log::Level::Trace => 5,
    }
}

/// The most verbose Rust level some logger can let through.
pub(crate) fn level_filter(min_effective: i64) -> log::LevelFilter {
    match min_effective {
        ..=5 => log::LevelFilter::Trace,
        6..=10 => log::LevelFilter::Debug,
        11..=20 => log::LevelFilter::Info,
        21..=30 => log::LevelFilter::Warn,
        31..=40 => log::LevelFilter::Error,
        _ => log::LevelFilter::Off,
    }
}

static GENERATION: AtomicU64 = AtomicU64::new(1);

/// The swappable configuration behind a [`Logger`](super::Logger).
pub(crate) struct Shared {
    current: RwLock<Option<Arc<State>>>,
    generation: AtomicU64,
}

impl Shared {
    pub fn new(state: Arc<State>) -> Self {
        Shared {
            current: RwLock::new(Some(state)),
            generation: AtomicU64::new(GENERATION.fetch_add(1, Ordering::SeqCst)),
        }
    }

    pub fn current(&self) -> Option<Arc<State>> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Installs `state` (None: logging off); returns the previous one.
    pub fn swap(&self, state: Option<Arc<State>>) -> Option<Arc<State>> {
        let mut cur = self.current.write().unwrap_or_else(|p| p.into_inner());
        let old = std::mem::replace(&mut *cur, state);
        self.generation
            .store(GENERATION.fetch_add(1, Ordering::SeqCst), Ordering::SeqCst);
        old
    }

    /// Relaxed: a new generation is only a hint to re-read `current`, which
    /// the lock inside [`Shared::current`] orders.
    #[inline]
    fn generation(&self) -> u64 {
        self.generation.load(Ordering::Relaxed)
    }

    pub fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        let levelno = py_level(metadata.level());
        with_route(self, metadata.target(), |_, route| {
            route.route.enabled(Level(levelno))
        })
        .unwrap_or(false)
    }

    #[inline]
    pub fn log(&self, record: &log::Record<'_>) {
        let levelno = py_level(record.level());
        // The common disabled call (a debug! on an INFO logger while another
        // logger enables DEBUG) ends here: one relaxed load, one cache slot.
        // An enabled call goes on from the same slot, with this thread's
        // buffers; only a re-entrant call (or thread teardown) takes the
        // general path below.
        let generation = self.generation();
        let target = record.target();
        let handled = CACHE.try_with(|cell| {
            let Ok(mut cache) = cell.try_borrow_mut() else {
                return false;
            };
            let cache = &mut *cache;
            if cache.generation == generation
                && let Some(Some(slot)) = cache.slots.get(slot_index(target))
                && slot.ptr == target.as_ptr() as usize
                && same_bytes(slot.target.as_bytes(), target.as_bytes())
            {
                if levelno < slot.min_level {
                    return true;
                }
            } else if !cache.fill_slot(self, target) {
                return false;
            }
            cache.log_enabled(target, levelno, record)
        });
        if matches!(handled, Ok(true)) {
            return;
        }
        self.log_uncached(levelno, record);
    }

    /// [`log`](Self::log) without this thread's cache.
    #[cold]
    fn log_uncached(&self, levelno: i64, record: &log::Record<'_>) {
        let _ = with_route(self, record.target(), |state, route| {
            if !route.route.enabled(Level(levelno)) || state.shut_down.load(Ordering::Relaxed) {
                return;
            }
            if IN_EMIT.with(Cell::get) {
                // A handler (or a value it formats) logging from inside an
                // emit would deadlock on the handler lock: dropped.
                return;
            }
            with_message(record, |message, thread| {
                state.dispatch(route, levelno, record, message, thread, None);
            });
        });
    }

    pub fn flush(&self) {
        if let Some(s) = self.current() {
            s.flush();
        }
    }
}

/// Per-thread facts CPython puts in every record.
struct ThreadInfo {
    ident: i64,
    name: String,
}

impl ThreadInfo {
    fn current() -> Self {
        let t = std::thread::current();
        ThreadInfo {
            ident: thread_ident(),
            name: t.name().unwrap_or("<unnamed>").to_string(),
        }
    }
}

/// `threading.get_ident()`: `pthread_self()`.
fn thread_ident() -> i64 {
    #[cfg(unix)]
    {
        // SAFETY: pthread_self (declared by the libc crate) has no
        // preconditions and always succeeds. `pthread_t` is an integer on
        // Linux and a pointer on Apple platforms: its bits are the ident.
        (unsafe { libc::pthread_self() }) as usize as i64
    }
    #[cfg(not(unix))]
    {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        std::thread::current().id().hash(&mut h);
        h.finish() as i64
    }
}

const SLOTS: usize = 64;

struct Slot {
    ptr: usize,
    target: Box<str>,
    /// The lowest Python level the logger lets through (`i64::MAX` when
    /// the logger is disabled): the disabled check needs no route.
    min_level: i64,
    route: Arc<LoggerRoute>,
}

/// The slot of a target: its address and length (a string literal keeps
/// its address, so the common target always lands in the same slot).
#[inline]
fn slot_index(target: &str) -> usize {
    ((target.as_ptr() as usize) >> 3 ^ target.len()) % SLOTS
}

struct ThreadCache {
    generation: u64,
    state: Option<Arc<State>>,
    slots: Vec<Option<Slot>>,
    /// The message of the record being logged (reused).
    message: String,
    thread: Option<ThreadInfo>,
    /// The handlers' formatting space.
    scratch: Scratch,
}

impl ThreadCache {
    /// Points the target's slot at its route in the current configuration
    /// (false: logging is off).
    #[cold]
    fn fill_slot(&mut self, shared: &Shared, target: &str) -> bool {
        let generation = shared.generation();
        if self.generation != generation {
            self.state = shared.current();
            self.generation = generation;
            self.slots.clear();
        }
        if self.slots.is_empty() {
            self.slots.resize_with(SLOTS, || None);
        }
        let Some(state) = &self.state else {
            return false;
        };
        let route = state.route_for(&logger_name(target));
        let min_level = if route.route.disabled {
            i64::MAX
        } else {
            route.route.effective.0
        };
        let Some(slot) = self.slots.get_mut(slot_index(target)) else {
            return false;
        };
        *slot = Some(Slot {
            ptr: target.as_ptr() as usize,
            target: target.into(),
            min_level,
            route,
        });
        true
    }

    /// Logs a record its logger lets through, from the target's slot
    /// (filled); false when the general path must decide.
    fn log_enabled(&mut self, target: &str, levelno: i64, record: &log::Record<'_>) -> bool {
        let ThreadCache {
            state,
            slots,
            message,
            thread,
            scratch,
            ..
        } = self;
        let (Some(state), Some(Some(slot))) = (state.as_deref(), slots.get(slot_index(target)))
        else {
            return false;
        };
        if levelno < slot.min_level || state.shut_down.load(Ordering::Relaxed) {
            return true;
        }
        if IN_EMIT.with(Cell::get) {
            return true;
        }
        let thread = thread.get_or_insert_with(ThreadInfo::current);
        let text = message_text(record, message);
        state.dispatch(&slot.route, levelno, record, text, thread, Some(scratch));
        true
    }
}

thread_local! {
    static CACHE: RefCell<ThreadCache> = const {
        RefCell::new(ThreadCache {
            generation: 0,
            state: None,
            slots: Vec::new(),
            message: String::new(),
            thread: None,
            scratch: Scratch::new(),
        })
    };
    static MESSAGE: RefCell<(String, Option<ThreadInfo>)> = const { RefCell::new((String::new(), None)) };
    static IN_EMIT: Cell<bool> = const { Cell::new(false) };
}

/// `a::b` → `a.b`.
fn logger_name(target: &str) -> std::borrow::Cow<'_, str> {
    if target.contains("::") {
        std::borrow::Cow::Owned(target.replace("::", "."))
    } else {
        std::borrow::Cow::Borrowed(target)
    }
}

/// Runs `f` with the current state and the target's route. The common case
/// touches no shared memory but the generation counter (no `Arc` clones).
fn with_route<R>(
    shared: &Shared,
    target: &str,
    f: impl FnOnce(&State, &LoggerRoute) -> R,
) -> Option<R> {
    let generation = shared.generation();
    let mut f = Some(f);
    let found = CACHE.try_with(|cache| {
        let Ok(mut cache) = cache.try_borrow_mut() else {
            return None;
        };
        if cache.generation != generation {
            cache.state = shared.current();
            cache.generation = generation;
            cache.slots.clear();
        }
        if cache.slots.is_empty() {
            cache.slots.resize_with(SLOTS, || None);
        }
        let ptr = target.as_ptr() as usize;
        let index = slot_index(target);
        let hit = matches!(cache.slots.get(index), Some(Some(slot))
            if slot.ptr == ptr && same_bytes(slot.target.as_bytes(), target.as_bytes()));
        if !hit {
            let route = cache.state.as_ref()?.route_for(&logger_name(target));
            let min_level = if route.route.disabled {
                i64::MAX
            } else {
                route.route.effective.0
            };
            let slot = cache.slots.get_mut(index)?;
            *slot = Some(Slot {
                ptr,
                target: target.into(),
                min_level,
                route,
            });
        }
        let cache = &*cache;
        let state = cache.state.as_deref()?;
        let route = &cache.slots.get(index)?.as_ref()?.route;
        f.take().map(|f| f(state, route))
    });
    match found {
        Ok(Some(r)) => Some(r),
        _ => {
            // Re-entrant call (a message's Display logging) or thread
            // teardown: the uncached path.
            let f = f.take()?;
            let state = shared.current()?;
            let route = state.route_for(&logger_name(target));
            Some(f(&state, &route))
        }
    }
}

/// Formats the record's message once (borrowed when it has no arguments).
fn with_message(record: &log::Record<'_>, f: impl FnOnce(&str, &ThreadInfo)) {
    let mut f = Some(f);
    let done = MESSAGE.try_with(|cell| {
        let Ok(mut guard) = cell.try_borrow_mut() else {
            return false;
        };
        let (buf, thread) = &mut *guard;
        let thread = thread.get_or_insert_with(ThreadInfo::current);
        let message = message_text(record, buf);
        if let Some(f) = f.take() {
            f(message, thread);
        }
        true
    });
    if !matches!(done, Ok(true))
        && let Some(f) = f.take()
    {
        let message = record.args().to_string();
        f(&message, &ThreadInfo::current());
    }
}

/// The record's message: the literal itself when it has no arguments, else
/// formatted into `buf` (straight in, not through `{}` and `Arguments`'s
/// `Display`: one formatting level less).
#[inline]
fn message_text<'a>(record: &'a log::Record<'_>, buf: &'a mut String) -> &'a str {
    match record.args().as_str() {
        Some(s) => s,
        None => {
            buf.clear();
            let _ = buf.write_fmt(*record.args());
            buf.as_str()
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn thread_ident_is_stable_per_thread_and_differs_across_threads() {
        let here = thread_ident();
        assert_eq!(here, thread_ident());
        let other = std::thread::spawn(thread_ident)
            .join()
            .expect("thread runs");
        assert_ne!(here, other);
    }

    use super::{same_bytes, thread_ident};

    #[test]
    fn same_bytes_is_byte_equality_for_every_length_and_position() {
        for len in 0..40usize {
            let a: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            assert!(same_bytes(&a, &a.clone()), "len {len}");
            for at in 0..len {
                let mut b = a.clone();
                b[at] ^= 0x20;
                assert!(!same_bytes(&a, &b), "len {len}, differs at {at}");
            }
            let longer = [a.as_slice(), b"x"].concat();
            assert!(!same_bytes(&a, &longer), "len {len} vs {}", len + 1);
        }
    }
}
