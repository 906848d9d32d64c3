//! Profiling driver for `check_bytes` on the bench's generated file.
//!
//! `cargo run --release --example profile_check -- N ITERATIONS [DUMP_PATH]`
//! generates the `benches/check.rs` input with N loggers (log files go to a
//! temp dir), optionally writes it to DUMP_PATH, and runs `check_bytes` on it
//! ITERATIONS times (for `perf`/`valgrind --tool=callgrind`).
#![allow(clippy::print_stdout)]

use logcheck::check::{CheckOptions, check_bytes};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

const HANDLERS: usize = 200;
const FORMATTERS: usize = 50;

fn generate(loggers: usize, log_dir: &Path) -> String {
    let mut s = String::new();
    let logger_keys: Vec<String> = (0..loggers).map(|i| format!("l{i}")).collect();
    let _ = writeln!(s, "[loggers]\nkeys=root,{}\n", logger_keys.join(","));
    let handler_keys: Vec<String> = (0..HANDLERS).map(|i| format!("h{i}")).collect();
    let _ = writeln!(s, "[handlers]\nkeys={}\n", handler_keys.join(","));
    let formatter_keys: Vec<String> = (0..FORMATTERS).map(|i| format!("f{i}")).collect();
    let _ = writeln!(s, "[formatters]\nkeys={}\n", formatter_keys.join(","));
    for i in 0..FORMATTERS {
        let _ = writeln!(
            s,
            "[formatter_f{i}]\nformat=%(asctime)s [{i}] %(levelname)-8s %(name)s: %(message)s\ndatefmt=%Y-%m-%d %H:%M:%S\n"
        );
    }
    for i in 0..HANDLERS {
        let (class, args) = match i % 3 {
            0 => ("StreamHandler", "(sys.stderr,)".to_string()),
            1 => ("NullHandler", "()".to_string()),
            _ => (
                "FileHandler",
                format!("('{}/h{i}.log', 'a', 'utf-8', True)", log_dir.display()),
            ),
        };
        let _ = writeln!(
            s,
            "[handler_h{i}]\nclass={class}\nlevel=INFO\nformatter=f{}\nargs={args}\n",
            i % FORMATTERS
        );
    }
    let _ = writeln!(s, "[logger_root]\nlevel=WARNING\nhandlers=h0,h1\n");
    for i in 0..loggers {
        // a deep hierarchy: each logger's name extends an earlier one's
        let mut name = String::from("svc");
        let mut n = i + 1;
        while n > 0 {
            let _ = write!(name, ".m{}", n % 7);
            n /= 7;
        }
        let _ = writeln!(
            s,
            "[logger_l{i}]\nqualname={name}\nlevel={}\nhandlers=h{}\npropagate={}\n",
            ["DEBUG", "INFO", "WARNING", "ERROR"][i % 4],
            i % HANDLERS,
            i % 2
        );
    }
    s
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let loggers: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5_000);
    let iterations: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let dir = std::env::temp_dir().join("logcheck-profile");
    let log_dir = dir.join("logs");
    std::fs::create_dir_all(&log_dir).expect("temp dir");
    let text = generate(loggers, &log_dir);
    if let Some(dump) = args.get(3) {
        std::fs::write(dump, &text).expect("write dump");
    }
    let options = CheckOptions {
        cwd: dir.clone(),
        env: Some(Vec::new()),
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
