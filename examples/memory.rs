//! Heap used by each stage of `check` on the bench's generated files: the
//! parsed document, the lowered model and the logger tree, then the whole
//! `check_bytes` call (bytes and number of allocations, peak live bytes).
//! Memory decides how the time grows past the CPU caches, so this is how the
//! layout of those structures is judged (docs/performance.md).
//!
//! `cargo run --release --example memory`
#![allow(clippy::print_stdout)]

use logcheck::check::{CheckOptions, check_bytes};
use logcheck::handler_class::RealFileSystem;
use logcheck::hierarchy::Hierarchy;
use logcheck::model::{LowerOptions, lower};
use logcheck::version::PyVersion;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

#[path = "../benches/support/generated_config.rs"]
mod generated_config;

/// The system allocator, counting what passes through it.
struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    ALLOCATED.fetch_add(by, Relaxed);
    ALLOCATIONS.fetch_add(1, Relaxed);
    let live = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: every call is forwarded unchanged to `System`.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_sub(layout.size(), Relaxed);
        grew(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn megabytes(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn main() {
    let dir = std::env::temp_dir().join("logcheck-memory");
    let logs = dir.join("logs");
    std::fs::create_dir_all(&logs).expect("temp dir");
    let options = CheckOptions {
        cwd: dir.clone(),
        env: Some(Vec::new()),
        host: None,
        existing: Vec::new(),
        platform: logcheck::Platform::Posix,
        ..CheckOptions::default()
    };
    let fs = RealFileSystem::new(&dir);
    for loggers in [5_000, 10_000] {
        let text = generated_config::generate(loggers, &logs);
        let live = || LIVE.load(Relaxed);
        let before = live();
        let doc = logcheck::ini::read(&text, "bench.conf", &Default::default());
        let after_doc = live();
        let lowered = lower(
            &doc,
            &LowerOptions {
                version: PyVersion::new(3, 12, 0),
                fs: &fs,
                importable: &[],
                environment: None,
                host: Default::default(),
                platform: logcheck::Platform::Posix,
                text: &text,
            },
        );
        let after_model = live();
        let tree = Hierarchy::configure(&lowered.config, &Default::default());
        let after_tree = live();
        drop((tree, lowered, doc));

        let base = live();
        ALLOCATED.store(0, Relaxed);
        ALLOCATIONS.store(0, Relaxed);
        PEAK.store(base, Relaxed);
        let report = check_bytes("bench.conf", text.as_bytes(), &options);
        println!(
            "{loggers:>6} loggers ({:.2} MB of text): document {:.2} MB, model {:.2} MB, logger tree {:.2} MB",
            megabytes(text.len()),
            megabytes(after_doc - before),
            megabytes(after_model - after_doc),
            megabytes(after_tree - after_model),
        );
        println!(
            "        check_bytes: {:.2} MB in {} allocations, peak {:.2} MB live, {} diagnostics",
            megabytes(ALLOCATED.load(Relaxed)),
            ALLOCATIONS.load(Relaxed),
            megabytes(PEAK.load(Relaxed) - base),
            report.diagnostics.len()
        );
    }
}
