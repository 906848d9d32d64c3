//! The backend's hot path allocates nothing per line (after warm-up): a
//! counting global allocator watches 1,000 records written through a file
//! handler, flushed per record and in buffered mode. The clock is fixed so
//! the once-per-second asctime refresh cannot fall inside the window.

#[path = "suite/backend_support/mod.rs"]
mod backend_support;

use backend_support::TempDir;
use log::Log;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Only the logging thread is watched (the buffered mode's flush thread
    /// allocates in its channel wait).
    static WATCHED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn count() {
    if WATCHED.try_with(|w| w.get()).unwrap_or(false) {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn log_line(logger: &logcheck::backend::Logger, n: u32) {
    logger.log(
        &log::Record::builder()
            .target("bench::app")
            .level(log::Level::Info)
            .file(Some("src/app.rs"))
            .line(Some(7))
            .args(format_args!("message number {n}"))
            .build(),
    );
}

#[test]
fn no_allocation_per_line() {
    for buffered in [false, true] {
        let dir = TempDir::new("alloc");
        let config = dir.path().join("c.ini");
        std::fs::write(
            &config,
            "[loggers]\nkeys=root\n[handlers]\nkeys=f\n[formatters]\nkeys=p\n[logger_root]\nlevel=INFO\nhandlers=f\n\
[handler_f]\nclass=FileHandler\nargs=('app.log',)\nformatter=p\n\
[formatter_p]\nformat=%(asctime)s %(name)-12s %(levelname)-8s %(module)s:%(lineno)d %(message)s\n",
        )
        .unwrap();
        let mut builder = logcheck::backend::Builder::new()
            .cwd(dir.path())
            .clock(Arc::new(logcheck::backend::ManualClock::new(
                1_795_680_000_123_000_000,
            )));
        if buffered {
            builder = builder.buffered(logcheck::backend::Buffering::default());
        }
        let logger = builder.build(&config).unwrap();
        // warm-up: per-thread caches, and the buffer's one growth past 64 KiB
        for n in 0..1000 {
            log_line(&logger, n);
        }
        let before = ALLOCATIONS.load(Ordering::SeqCst);
        WATCHED.with(|w| w.set(true));
        for n in 0..1000 {
            log_line(&logger, n);
        }
        WATCHED.with(|w| w.set(false));
        let allocated = ALLOCATIONS.load(Ordering::SeqCst) - before;
        logger.shutdown();
        assert_eq!(
            allocated, 0,
            "buffered={buffered}: {allocated} allocations for 1000 lines"
        );
        let text = std::fs::read_to_string(dir.path().join("app.log")).unwrap();
        assert_eq!(text.lines().count(), 2000);
        assert!(text.starts_with("2026-11-26 "), "{}", &text[..40]);
        assert!(
            text.lines()
                .next()
                .unwrap()
                .ends_with("bench.app    INFO     app:7 message number 0")
        );
    }
}
