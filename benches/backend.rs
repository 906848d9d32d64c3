//! The `log` backend against its peers, one run: per-line time for the line
//! `2026-11-26 08:00:00,123 bench.app    INFO     message number 42`
//! written to a file and flushed per record, by logcheck, fern, log4rs,
//! env_logger, the floor (cached timestamp + one write(2)) and Python's
//! FileHandler (a python3 subprocess timing loop, printed); then buffered
//! mode against the buffered floor, disabled calls, and two threads.
//!
//! Run: `cargo bench --bench backend`. Each peer is called through its
//! `log::Log` implementation directly (only one logger can be global); the
//! disabled-call benches use the installed global logcheck logger and the
//! `log!` macros, which is what an application pays.

use criterion::{Criterion, criterion_group, criterion_main};
use log::Log;
use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const FORMAT: &str = "%(asctime)s %(name)-12s %(levelname)-8s %(message)s";

fn bench_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("logcheck-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn config(dir: &Path, name: &str, extra_logger: bool) -> PathBuf {
    let (keys, extra) = if extra_logger {
        (
            "root,verbose",
            "[logger_verbose]\nlevel=DEBUG\nhandlers=\nqualname=bench.verbose\n",
        )
    } else {
        ("root", "")
    };
    let text = format!(
        "[loggers]\nkeys={keys}\n[handlers]\nkeys=file\n[formatters]\nkeys=line\n\
[logger_root]\nlevel=INFO\nhandlers=file\n{extra}\
[handler_file]\nclass=FileHandler\nargs=('{}', 'w')\nformatter=line\n\
[formatter_line]\nformat={}\n",
        dir.join(format!("{name}.log")).display(),
        FORMAT.replace('%', "%%").replace("%%(", "%(")
    );
    let path = dir.join(format!("{name}.ini"));
    std::fs::write(&path, text).expect("write config");
    path
}

fn record_call(logger: &dyn Log, n: u32) {
    logger.log(
        &log::Record::builder()
            .target("bench.app")
            .level(log::Level::Info)
            .file(Some("benches/backend.rs"))
            .line(Some(1))
            .module_path(Some("backend"))
            .args(format_args!("message number {}", black_box(n)))
            .build(),
    );
}

fn peers(dir: &Path) -> Vec<(&'static str, Box<dyn Log>)> {
    let open =
        |name: &str| std::fs::File::create(dir.join(format!("{name}.log"))).expect("peer log file");
    let (_, fern) = fern::Dispatch::new()
        .format(|out, message, record| {
            out.finish(format_args!(
                "{} {:<12} {:<8} {}",
                chrono::Local::now().format("%Y-%m-%d %H:%M:%S,%3f"),
                record.target(),
                record.level(),
                message
            ))
        })
        .chain(open("fern"))
        .into_log();
    let log4rs = {
        use log4rs::append::file::FileAppender;
        use log4rs::config::{Appender, Config, Root};
        use log4rs::encode::pattern::PatternEncoder;
        let appender = FileAppender::builder()
            .encoder(Box::new(PatternEncoder::new(
                "{d(%Y-%m-%d %H:%M:%S,%3f)} {t:<12} {l:<8} {m}{n}",
            )))
            .append(false)
            .build(dir.join("log4rs.log"))
            .expect("log4rs appender");
        let config = Config::builder()
            .appender(Appender::builder().build("file", Box::new(appender)))
            .build(
                Root::builder()
                    .appender("file")
                    .build(log::LevelFilter::Info),
            )
            .expect("log4rs config");
        log4rs::Logger::new(config)
    };
    let env_logger = env_logger::Builder::new()
        .filter_level(log::LevelFilter::Info)
        .target(env_logger::Target::Pipe(Box::new(open("env_logger"))))
        .format(|buf, record| {
            writeln!(
                buf,
                "{} {:<12} {:<8} {}",
                chrono::Local::now().format("%Y-%m-%d %H:%M:%S,%3f"),
                record.target(),
                record.level(),
                record.args()
            )
        })
        .build();
    vec![
        ("fern", fern),
        ("log4rs", Box::new(log4rs)),
        ("env_logger", Box::new(env_logger)),
    ]
}

/// The floor: a timestamp prefix formatted once, the rest with `write!`
/// into a reused buffer, one write(2) per line (or per 64 KiB when buffered).
struct Floor {
    file: std::fs::File,
    prefix: String,
    buf: Vec<u8>,
    buffered: bool,
}

impl Floor {
    fn new(path: &Path, buffered: bool) -> Self {
        Floor {
            file: std::fs::File::create(path).expect("floor file"),
            prefix: chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string(),
            buf: Vec::with_capacity(70_000),
            buffered,
        }
    }

    fn line(&mut self, n: u32) {
        let _ = writeln!(
            self.buf,
            "{},{:03} {:<12} {:<8} message number {}",
            self.prefix, 123, "bench.app", "INFO", n
        );
        if !self.buffered || self.buf.len() >= 64 * 1024 {
            let _ = self.file.write_all(&self.buf);
            self.buf.clear();
        }
    }
}

/// Python's FileHandler, timed inside one python3 process (ns per record).
fn python_ns_per_line(dir: &Path) -> Option<f64> {
    let script = format!(
        "import logging, time\n\
h = logging.FileHandler({:?}, 'w')\n\
h.setFormatter(logging.Formatter({FORMAT:?}))\n\
lg = logging.getLogger('bench.app'); lg.addHandler(h); lg.setLevel(logging.INFO); lg.propagate = False\n\
for i in range(2000): lg.info('message number %d', 42)\n\
n = 50000\n\
t = time.perf_counter_ns()\n\
for i in range(n): lg.info('message number %d', 42)\n\
print((time.perf_counter_ns() - t) / n)\n",
        dir.join("python.log").display().to_string()
    );
    let out = std::process::Command::new("python3")
        .args(["-c", &script])
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

fn per_line(c: &mut Criterion) {
    let dir = bench_dir();
    let mut group = c.benchmark_group("file_flush_per_record");
    group.measurement_time(Duration::from_secs(4));
    let logcheck = logcheck::backend::Builder::new()
        .build(config(&dir, "logcheck", false))
        .expect("logcheck config");
    group.bench_function("logcheck", |b| b.iter(|| record_call(&logcheck, 42)));
    for (name, peer) in peers(&dir) {
        group.bench_function(name, |b| b.iter(|| record_call(&*peer, 42)));
    }
    let mut floor = Floor::new(&dir.join("floor.log"), false);
    group.bench_function("floor", |b| b.iter(|| floor.line(black_box(42))));
    group.finish();
    logcheck.shutdown();
    match python_ns_per_line(&dir) {
        Some(ns) => println!(
            "python FileHandler (3.x, same line, flushed per record): {:.0} ns/line",
            ns
        ),
        None => println!("python FileHandler: python3 not available"),
    }
    remove_logs(&dir);
}

/// The log files of a group (gigabytes after a buffered run) are not kept.
fn remove_logs(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
}

fn buffered(c: &mut Criterion) {
    let dir = bench_dir();
    let mut group = c.benchmark_group("file_buffered");
    let logcheck = logcheck::backend::Builder::new()
        .buffered(logcheck::backend::Buffering::default())
        .build(config(&dir, "logcheck_buffered", false))
        .expect("logcheck config");
    group.bench_function("logcheck", |b| b.iter(|| record_call(&logcheck, 42)));
    let mut floor = Floor::new(&dir.join("floor_buffered.log"), true);
    group.bench_function("floor", |b| b.iter(|| floor.line(black_box(42))));
    // Two threads sharing the handler: time per line over both threads.
    group.bench_function("logcheck_two_threads", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            std::thread::scope(|s| {
                for _ in 0..2 {
                    let logger = logcheck.clone();
                    s.spawn(move || {
                        for _ in 0..iters / 2 {
                            record_call(&logger, 42);
                        }
                    });
                }
            });
            start.elapsed()
        })
    });
    group.finish();
    logcheck.shutdown();
    remove_logs(&dir);
}

fn disabled(c: &mut Criterion) {
    let dir = bench_dir();
    // root INFO, bench.verbose DEBUG: the global max level is DEBUG, so a
    // debug! on bench.app reaches the backend and is dropped by its level.
    let guard = logcheck::backend::Builder::new()
        .init(config(&dir, "logcheck_global", true))
        .expect("global logcheck");
    let mut group = c.benchmark_group("disabled");
    group.bench_function("by_logger_level", |b| {
        b.iter(|| log::debug!(target: "bench.app", "message number {}", black_box(42)))
    });
    group.bench_function("by_max_level", |b| {
        b.iter(|| log::trace!(target: "bench.app", "message number {}", black_box(42)))
    });
    group.finish();
    drop(guard);
    remove_logs(&dir);
}

criterion_group!(benches, per_line, buffered, disabled);
criterion_main!(benches);
