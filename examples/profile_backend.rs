//! Profiling driver for the `log` backend's per-line cost.
//!
//! `cargo run --release --example profile_backend -- MODE LINES` writes LINES
//! records of the bench's line (`benches/backend.rs`) through a logcheck
//! logger built from the same configuration; MODE is `flushed` (one write(2)
//! per record), `buffered`, `two_threads` (buffered, LINES split over two
//! threads), `disabled` (a DEBUG call on the INFO logger), `disabled_global`
//! (`log::debug!` through the installed logger while another logger enables
//! DEBUG, as the bench's disabled case), or
//! `floor` / `floor_buffered` (the bench's hand-written floor: a cached
//! timestamp prefix, `write!` into a reused buffer, one write(2) per line or
//! per 64 KiB).
//! Run it under `perf stat -e instructions` or `valgrind --tool=callgrind`
//! with two line counts: the difference divided by the line difference is
//! the per-line cost.
#![allow(clippy::print_stdout)]

use log::Log;
use std::hint::black_box;

const FORMAT: &str = "%(asctime)s %(name)-12s %(levelname)-8s %(message)s";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map_or("buffered", String::as_str);
    let lines: u32 = args
        .get(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let dir = std::env::temp_dir().join(format!("logcheck-profile-backend-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let ini = dir.join("profile.ini");
    std::fs::write(
        &ini,
        format!(
            "[loggers]\nkeys=root\n[handlers]\nkeys=file\n[formatters]\nkeys=line\n\
[logger_root]\nlevel=INFO\nhandlers=file\n\
[handler_file]\nclass=FileHandler\nargs=('{}', 'w')\nformatter=line\n\
[formatter_line]\nformat={}\n",
            dir.join("profile.log").display(),
            FORMAT
        ),
    )
    .expect("write config");
    if let Some(buffered) = match mode {
        "floor" => Some(false),
        "floor_buffered" => Some(true),
        _ => None,
    } {
        floor(&dir.join("floor.log"), buffered, lines);
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    if mode == "disabled_global" {
        let text = std::fs::read_to_string(&ini)
            .expect("config")
            .replace("keys=root\n", "keys=root,verbose\n")
            + "[logger_verbose]\nlevel=DEBUG\nhandlers=\nqualname=bench.verbose\n";
        std::fs::write(&ini, text).expect("write config");
        let guard = logcheck::backend::Builder::new()
            .init(&ini)
            .expect("config");
        let start = std::time::Instant::now();
        for _ in 0..lines {
            log::debug!(target: "bench.app", "message number {}", black_box(42));
        }
        let elapsed = start.elapsed();
        drop(guard);
        println!(
            "{mode}: {lines} calls, {:.2} ns/call",
            elapsed.as_nanos() as f64 / f64::from(lines.max(1))
        );
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    let mut builder = logcheck::backend::Builder::new();
    if mode == "buffered" || mode == "two_threads" {
        builder = builder.buffered(logcheck::backend::Buffering::default());
    }
    let logger = builder.build(&ini).expect("config");
    if mode == "two_threads" {
        let start = std::time::Instant::now();
        std::thread::scope(|s| {
            for _ in 0..2 {
                let logger = logger.clone();
                s.spawn(move || {
                    for _ in 0..lines / 2 {
                        record(&logger, log::Level::Info);
                    }
                });
            }
        });
        let elapsed = start.elapsed();
        logger.shutdown();
        println!(
            "{mode}: {lines} lines, {:.1} ns/line over both threads",
            elapsed.as_nanos() as f64 / f64::from(lines.max(1))
        );
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    let level = if mode == "disabled" {
        log::Level::Debug
    } else {
        log::Level::Info
    };
    let start = std::time::Instant::now();
    for _ in 0..lines {
        record(&logger, level);
    }
    let elapsed = start.elapsed();
    logger.shutdown();
    println!(
        "{mode}: {lines} lines, {:.1} ns/line",
        elapsed.as_nanos() as f64 / f64::from(lines.max(1))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The bench's record (`record_call` in `benches/backend.rs`).
fn record(logger: &logcheck::backend::Logger, level: log::Level) {
    logger.log(
        &log::Record::builder()
            .target("bench.app")
            .level(level)
            .file(Some("benches/backend.rs"))
            .line(Some(1))
            .module_path(Some("backend"))
            .args(format_args!("message number {}", black_box(42)))
            .build(),
    );
}

/// `Floor` of `benches/backend.rs`, same code.
fn floor(path: &std::path::Path, buffered: bool, lines: u32) {
    use std::io::Write;
    let mut file = std::fs::File::create(path).expect("floor file");
    let prefix = chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string();
    let mut buf: Vec<u8> = Vec::with_capacity(70_000);
    let start = std::time::Instant::now();
    for _ in 0..lines {
        let _ = writeln!(
            buf,
            "{},{:03} {:<12} {:<8} message number {}",
            prefix,
            123,
            "bench.app",
            "INFO",
            black_box(42)
        );
        if !buffered || buf.len() >= 64 * 1024 {
            let _ = file.write_all(&buf);
            buf.clear();
        }
    }
    let _ = file.write_all(&buf);
    println!(
        "floor (buffered: {buffered}): {lines} lines, {:.1} ns/line",
        start.elapsed().as_nanos() as f64 / f64::from(lines.max(1))
    );
}
