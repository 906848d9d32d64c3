//! `check_bytes` on big generated files, and CPython's `fileConfig` on the
//! same files in the same run.
//!
//! The file has N loggers in a deep dotted hierarchy (`svc.a1.b2.c3...`),
//! 200 handlers (StreamHandler, NullHandler, FileHandler with `delay=True`
//! into a temp dir, so nothing is written anywhere) and 50 formatters.
//! Criterion measures `check_bytes` for N = 5,000 and 10,000; then the bench
//! times `python3 -c 'import logging.config; logging.config.fileConfig(PATH)'`
//! (best of a few runs, minus interpreter start-up measured with
//! `python3 -c 'import logging.config'`) and prints the ratios; it also
//! times both whole processes (`logcheck check FILE` with its default output
//! against `python3 -c '...fileConfig(FILE)'`, start-up included, interleaved).
//!
//! Run: `cargo bench --bench check`.
#![allow(clippy::print_stdout)]

use criterion::{Criterion, criterion_group, criterion_main};
use logcheck::check::{CheckOptions, check_bytes};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "support/generated_config.rs"]
mod generated_config;
use generated_config::generate;

struct Fixture {
    loggers: usize,
    path: PathBuf,
    bytes: Vec<u8>,
}

fn fixtures() -> (PathBuf, Vec<Fixture>) {
    let dir = std::env::temp_dir().join(format!("logcheck-bench-{}", std::process::id()));
    let log_dir = dir.join("logs");
    std::fs::create_dir_all(&log_dir).expect("temp dir");
    let fixtures = [5_000, 10_000]
        .into_iter()
        .map(|loggers| {
            let text = generate(loggers, &log_dir);
            let path = dir.join(format!("bench-{loggers}.conf"));
            std::fs::write(&path, &text).expect("write fixture");
            Fixture {
                loggers,
                path,
                bytes: text.into_bytes(),
            }
        })
        .collect();
    (dir, fixtures)
}

fn opts(cwd: &Path) -> CheckOptions {
    CheckOptions {
        cwd: cwd.to_path_buf(),
        env: Some(Vec::new()),
        ..CheckOptions::default()
    }
}

/// Best of `runs` wall-clock times of `f`.
fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// The interpreter `python3` (or `$LOGCHECK_PYTHON`) runs, resolved once:
/// on a machine where `python3` is a version-manager shim (pyenv) the shim
/// alone costs ≈ 100 ms per start, which would flatter the process ratio.
fn python() -> String {
    static RESOLVED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    RESOLVED
        .get_or_init(|| {
            let given = std::env::var("LOGCHECK_PYTHON").unwrap_or_else(|_| "python3".into());
            Command::new(&given)
                .args(["-c", "import sys; print(sys.executable)"])
                .output()
                .ok()
                .and_then(|out| String::from_utf8(out.stdout).ok())
                .map(|path| path.trim().to_string())
                .filter(|path| !path.is_empty())
                .unwrap_or(given)
        })
        .clone()
}

fn python_seconds(code: &str) -> Option<Duration> {
    let python = python();
    let mut ok = true;
    let t = best_of(3, || {
        ok &= Command::new(&python)
            .args(["-c", code])
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
    });
    ok.then_some(t)
}

/// The two whole commands as a user runs them, start-up included:
/// `python3 -c '...fileConfig(PATH)'` (best of 3) and `logcheck check PATH`
/// with its default output (best of 30), interleaved in three rounds so that
/// both see the same machine (its speed drifts by up to 2x within minutes).
fn processes(f: &Fixture, cwd: &Path) -> Option<(Duration, Duration)> {
    let python = python();
    let code = format!(
        "import logging.config; logging.config.fileConfig({:?})",
        f.path.display().to_string()
    );
    let (mut py_best, mut ours_best) = (Duration::MAX, Duration::MAX);
    for _round in 0..3 {
        let t = Instant::now();
        let ok = Command::new(&python)
            .args(["-c", &code])
            .status()
            .is_ok_and(|s| s.success());
        py_best = py_best.min(t.elapsed());
        let ours = best_of(10, || {
            let status = Command::new(env!("CARGO_BIN_EXE_logcheck"))
                .args(["check", "--cwd"])
                .arg(cwd)
                .arg(&f.path)
                .stdout(std::process::Stdio::null())
                .status();
            assert!(
                status.is_ok_and(|s| s.code().is_some_and(|c| c <= 1)),
                "logcheck check failed"
            );
        });
        ours_best = ours_best.min(ours);
        if !ok {
            return None;
        }
    }
    Some((py_best, ours_best))
}

fn bench(c: &mut Criterion) {
    let (dir, fixtures) = fixtures();
    let options = opts(&dir);
    let mut group = c.benchmark_group("check_bytes");
    group.sample_size(10);
    for f in &fixtures {
        let report = check_bytes("bench.conf", &f.bytes, &options);
        assert!(report.python_error.is_none(), "{:?}", report.python_error);
        group.bench_function(format!("{}_loggers", f.loggers), |b| {
            b.iter(|| check_bytes("bench.conf", black_box(&f.bytes), &options))
        });
    }
    group.finish();

    // Same-run comparison with CPython.
    // Best of 40 each, the sizes alternating so that both see the same
    // machine (the growth ratio compares them).
    let mut ours = vec![Duration::MAX; fixtures.len()];
    for _ in 0..40 {
        for (f, best) in fixtures.iter().zip(&mut ours) {
            let t = Instant::now();
            black_box(check_bytes("bench.conf", &f.bytes, &options));
            *best = (*best).min(t.elapsed());
        }
    }
    println!("\nlogcheck check_bytes (best of 40):");
    for (f, t) in fixtures.iter().zip(&ours) {
        println!(
            "  {:>6} loggers: {:>9.2} ms",
            f.loggers,
            t.as_secs_f64() * 1e3
        );
    }
    if let [a, b] = ours.as_slice() {
        println!(
            "  growth 10,000 / 5,000 loggers: {:.2}x (target <= 2.3x)",
            b.as_secs_f64() / a.as_secs_f64()
        );
    }
    let Some(startup) = python_seconds("import logging.config") else {
        println!("python3 not found: CPython comparison skipped");
        let _ = std::fs::remove_dir_all(&dir);
        return;
    };
    println!(
        "CPython {} (best of 3, minus start-up {:.1} ms):",
        python(),
        startup.as_secs_f64() * 1e3
    );
    let mut cli_times = Vec::new();
    for (f, t) in fixtures.iter().zip(&ours) {
        let Some((py_process, cli)) = processes(f, &dir) else {
            println!("  {} loggers: fileConfig failed", f.loggers);
            continue;
        };
        cli_times.push(cli);
        let py = py_process.saturating_sub(startup);
        println!(
            "  {:>6} loggers: fileConfig {:>9.1} ms  -> check_bytes is {:.0}x faster (target >= 100x)",
            f.loggers,
            py.as_secs_f64() * 1e3,
            py.as_secs_f64() / t.as_secs_f64()
        );
        println!(
            "  {:>6} loggers: processes: `python3 -c fileConfig` {:>9.1} ms, `logcheck check` {:>6.1} ms -> {:.0}x (target >= 100x)",
            f.loggers,
            py_process.as_secs_f64() * 1e3,
            cli.as_secs_f64() * 1e3,
            py_process.as_secs_f64() / cli.as_secs_f64()
        );
    }
    if let [a, b] = cli_times.as_slice() {
        println!(
            "  growth of the `logcheck check` process, 10,000 / 5,000 loggers: {:.2}x",
            b.as_secs_f64() / a.as_secs_f64()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
