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
//! times whole processes (`logcheck check --format full|concise|json FILE`
//! against `python3 -c '...fileConfig(FILE)'`, start-up included,
//! interleaved), also on a file with a warning per logger, and a typical
//! config's `logcheck check` against `logcheck --version`. The processes
//! run the binary `cargo build --release` makes (built into
//! `target/user-binary`), not the bench's own build of it.
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
        host: None,
        existing: Vec::new(),
        platform: logcheck::Platform::Posix,
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

/// The `logcheck` binary a user installs, built by `cargo build --release`
/// into its own target directory and copied, as `cargo install` copies it
/// into `~/.cargo/bin`. The one cargo builds for this bench is not it, as
/// the bench's dev-dependencies (logcheck with `internals`) unify features
/// into it (≈ 0.5 MB larger, 28 more pages relocated at every start). The
/// copy matters too: a binary still cached as the linker wrote it starts
/// 5-13 % slower than the same bytes copied or read back from disk
/// (docs/performance.md, eleventh round). Falls back to the bench's own
/// build, saying so, when the build fails.
fn user_binary() -> &'static Path {
    static BINARY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BINARY.get_or_init(|| {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map_or_else(|| manifest_dir.join("target"), PathBuf::from)
            .join("user-binary");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let built = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "--release",
                "--bin",
                "logcheck",
                "--manifest-path",
            ])
            .arg(manifest_dir.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(&target)
            .status()
            .is_ok_and(|s| s.success());
        let binary = target
            .join("release")
            .join(format!("logcheck{}", std::env::consts::EXE_SUFFIX));
        let installed = target
            .join("installed")
            .join(binary.file_name().expect("a file name"));
        let copied = built
            && std::fs::create_dir_all(target.join("installed")).is_ok()
            && std::fs::copy(&binary, &installed).is_ok();
        if copied {
            println!(
                "processes run {}, a copy of {} (`cargo build --release`)",
                installed.display(),
                binary.display()
            );
            installed
        } else {
            println!("`cargo build --release` failed: processes run the bench's own build");
            PathBuf::from(env!("CARGO_BIN_EXE_logcheck"))
        }
    })
}

/// `logcheck ARGS` as a whole process, output discarded; it must exit 0 or 1.
fn run_logcheck(args: &[&str], cwd: &Path, file: Option<&Path>) {
    let mut command = Command::new(user_binary());
    command.args(args);
    if let Some(file) = file {
        command.arg("--cwd").arg(cwd).arg(file);
    }
    let status = command.stdout(std::process::Stdio::null()).status();
    assert!(
        status.is_ok_and(|s| s.code().is_some_and(|c| c <= 1)),
        "logcheck {args:?} failed"
    );
}

/// The output formats the bench times as whole processes.
const FORMATS: [&str; 3] = ["full", "concise", "json"];

/// The whole commands as a user runs them, start-up included:
/// `python3 -c '...fileConfig(PATH)'` (best of 3) and `logcheck check
/// --format F PATH` for each of [`FORMATS`] (best of 30 each), interleaved in
/// three rounds so that all see the same machine (its speed drifts by up to
/// 2x within minutes).
fn processes(path: &Path, cwd: &Path) -> Option<(Duration, [Duration; 3])> {
    let python = python();
    let code = format!(
        "import logging.config; logging.config.fileConfig({:?})",
        path.display().to_string()
    );
    let (mut py_best, mut ours_best) = (Duration::MAX, [Duration::MAX; 3]);
    for _round in 0..3 {
        let t = Instant::now();
        let ok = Command::new(&python)
            .args(["-c", &code])
            .status()
            .is_ok_and(|s| s.success());
        py_best = py_best.min(t.elapsed());
        for (format, best) in FORMATS.iter().zip(&mut ours_best) {
            let args = ["check", "--format", format];
            *best = (*best).min(best_of(10, || run_logcheck(&args, cwd, Some(path))));
        }
        if !ok {
            return None;
        }
    }
    Some((py_best, ours_best))
}

/// Prints one file's process comparison; returns the JSON process time.
fn report_processes(label: &str, path: &Path, cwd: &Path) -> Option<Duration> {
    let Some((py, [full, concise, json])) = processes(path, cwd) else {
        println!("  {label}: fileConfig failed");
        return None;
    };
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let ratio = |d: Duration| py.as_secs_f64() / d.as_secs_f64();
    println!(
        "  {label}: processes: `python3 -c fileConfig` {:.1} ms; `logcheck check` full {:.1} ms ({:.0}x), \
         concise {:.1} ms ({:.0}x), json {:.1} ms ({:.0}x; target >= 100x); json / concise {:.2} (target <= 1.3)",
        ms(py),
        ms(full),
        ratio(full),
        ms(concise),
        ratio(concise),
        ms(json),
        ratio(json),
        json.as_secs_f64() / concise.as_secs_f64()
    );
    Some(json)
}

/// A typical configuration's whole `logcheck check` against the floor of a
/// process, `logcheck --version` (best of 60 each, interleaved).
fn typical_vs_version(cwd: &Path) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/web-service.conf");
    let (mut check, mut version) = (Duration::MAX, Duration::MAX);
    for _round in 0..3 {
        check = check.min(best_of(20, || run_logcheck(&["check"], cwd, Some(&sample))));
        version = version.min(best_of(20, || run_logcheck(&["--version"], cwd, None)));
    }
    println!(
        "typical config (samples/web-service.conf): `logcheck check` {:.2} ms, `logcheck --version` {:.2} ms -> {:.2}x (target <= 1.2x)",
        check.as_secs_f64() * 1e3,
        version.as_secs_f64() * 1e3,
        check.as_secs_f64() / version.as_secs_f64()
    );
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
    for (f, t) in fixtures.iter().zip(&ours) {
        let py_library = python_seconds(&format!(
            "import logging.config; logging.config.fileConfig({:?})",
            f.path.display().to_string()
        ))
        .map(|d| d.saturating_sub(startup));
        if let Some(py) = py_library {
            println!(
                "  {:>6} loggers: fileConfig {:>9.1} ms  -> check_bytes is {:.0}x faster (target >= 100x)",
                f.loggers,
                py.as_secs_f64() * 1e3,
                py.as_secs_f64() / t.as_secs_f64()
            );
        }
    }
    user_binary();
    println!("whole processes (start-up included on both sides):");
    let mut json_times = Vec::new();
    for f in &fixtures {
        let label = format!("{:>6} loggers", f.loggers);
        json_times.extend(report_processes(&label, &f.path, &dir));
    }
    if let [a, b] = json_times.as_slice() {
        println!(
            "  growth of the `logcheck check --format json` process, 10,000 / 5,000 loggers: {:.2}x",
            b.as_secs_f64() / a.as_secs_f64()
        );
    }
    let findings = dir.join("findings-5000.conf");
    let text = generated_config::generate_with_findings(5_000, &dir.join("logs"));
    std::fs::write(&findings, text).expect("write findings fixture");
    report_processes("5,000 loggers with 5,000 findings", &findings, &dir);
    typical_vs_version(&dir);
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
