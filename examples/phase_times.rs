//! Wall time of each phase of `check` (read, lower, lints) on the bench's
//! generated files, best of N, to see which phase grows faster than linearly.
//!
//! `cargo run --release --example phase_times -- N_RUNS`
#![allow(clippy::print_stdout)]

use logcheck::handler_class::RealFileSystem;
use logcheck::ini::{ReadOptions, read};
use logcheck::model::{LowerOptions, lower};
use logcheck::rules::lints::{LintContext, run};
use logcheck::version::PyVersion;
use std::hint::black_box;
use std::time::{Duration, Instant};

#[path = "../benches/support/generated_config.rs"]
mod generated_config;

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let dir = std::env::temp_dir().join("logcheck-phase-times");
    let logs = dir.join("logs");
    std::fs::create_dir_all(&logs).expect("temp dir");
    let texts: Vec<(usize, String)> = [5_000, 10_000]
        .into_iter()
        .map(|n| (n, generated_config::generate(n, &logs)))
        .collect();
    let fs = RealFileSystem::new(&dir);
    let version = PyVersion::new(3, 12, 0);
    let mut best = vec![[Duration::MAX; 4]; texts.len()];
    for _ in 0..runs {
        for ((_, text), best) in texts.iter().zip(&mut best) {
            let t = Instant::now();
            let doc = read(text, "bench.conf", &ReadOptions::default());
            let read_time = t.elapsed();
            let t = Instant::now();
            let lowered = lower(
                &doc,
                &LowerOptions {
                    version,
                    fs: &fs,
                    importable: &[],
                    environment: None,
                    host: Default::default(),
                    platform: logcheck::Platform::Posix,
                    text,
                },
            );
            let lower_time = t.elapsed();
            let ctx = LintContext {
                text,
                version,
                cwd: dir.clone(),
                loads: true,
                fails_opening_a_file: false,
                importable: &[],
                environment: None,
                host: Default::default(),
                platform: logcheck::Platform::Posix,
                existing: &[],
                evaluations: Some(&lowered.evaluations),
            };
            let t = Instant::now();
            black_box(run(&doc, &lowered.config, &ctx));
            let lint_time = t.elapsed();
            // the logger tree the routing lint builds (part of the lints)
            let t = Instant::now();
            black_box(logcheck::hierarchy::Hierarchy::configure(
                &lowered.config,
                &logcheck::hierarchy::Existing::default(),
            ));
            let tree_time = t.elapsed();
            let times = [read_time, lower_time, lint_time, tree_time];
            for (slot, time) in best.iter_mut().zip(times) {
                *slot = (*slot).min(time);
            }
        }
    }
    for (name, i) in [("read", 0), ("lower", 1), ("lints", 2), ("tree", 3)] {
        let a = best[0][i].as_secs_f64() * 1e3;
        let b = best[1][i].as_secs_f64() * 1e3;
        println!(
            "{name:>6}: 5,000 {a:7.2} ms  10,000 {b:7.2} ms  growth {:.2}x",
            b / a
        );
    }
}
