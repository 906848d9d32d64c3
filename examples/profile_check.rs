//! Profiling driver for `check_bytes` on the bench's generated file.
//!
//! `cargo run --release --example profile_check -- N ITERATIONS [DUMP_PATH] [findings]`
//! generates the `benches/check.rs` input with N loggers (log files go to a
//! temp dir; with `findings`, the bench's file with a warning per logger),
//! optionally writes it to DUMP_PATH, and runs `check_bytes` on it
//! ITERATIONS times (for `perf`/`valgrind --tool=callgrind`).
#![allow(clippy::print_stdout)]

use logcheck::check::{CheckOptions, check_bytes};
use std::time::Instant;

// The allocator the `logcheck` binary uses.
#[path = "../benches/support/generated_config.rs"]
mod generated_config;
use generated_config::{generate, generate_with_findings};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let loggers: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5_000);
    let iterations: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let dir = std::env::temp_dir().join("logcheck-profile");
    let log_dir = dir.join("logs");
    std::fs::create_dir_all(&log_dir).expect("temp dir");
    let text = if args.get(4).is_some_and(|a| a == "findings") {
        generate_with_findings(loggers, &log_dir)
    } else {
        generate(loggers, &log_dir)
    };
    if let Some(dump) = args.get(3) {
        std::fs::write(dump, &text).expect("write dump");
    }
    let options = CheckOptions {
        cwd: dir.clone(),
        env: Some(Vec::new()),
        host: None,
        existing: Vec::new(),
        platform: logcheck::Platform::Posix,
        ..CheckOptions::default()
    };
    let mut best = f64::MAX;
    let mut diagnostics = 0;
    for _ in 0..iterations {
        let t = Instant::now();
        let report = check_bytes("bench.conf", text.as_bytes(), &options);
        best = best.min(t.elapsed().as_secs_f64());
        diagnostics = report.diagnostics.len();
        assert!(report.python_error.is_none(), "{:?}", report.python_error);
    }
    println!(
        "{loggers} loggers: best of {iterations}: {:.2} ms ({diagnostics} diagnostics)",
        best * 1e3
    );
}
