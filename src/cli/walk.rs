//! `logcheck check DIR`: finding fileConfig files in a tree and checking many
//! files in parallel, with a progress line on a terminal when it takes long.
//!
//! Parallelism uses std scoped threads pulling from a shared counter: the work
//! is one independent, CPU-bound check per file, so a thread pool crate
//! (rayon) would add a dependency for no gain.

use crate::check::{FileReport, check_path};
use crate::environment::LoadEnvironment;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Directories never searched (tooling and dependency trees).
const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "target",
    "__pycache__",
    "venv",
    "site-packages",
];
/// Deeper trees are not searched (guards against pathological nesting).
const MAX_DEPTH: usize = 32;
/// Larger files are not logging configurations.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// A file worth checking: `*.conf`, `*.ini` or `*.cfg` with a `[loggers]`,
/// `[handlers]` or `[formatters]` header line.
pub fn is_logging_config(path: &Path) -> bool {
    let ext_ok = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "conf" | "ini" | "cfg"));
    if !ext_ok || std::fs::metadata(path).map_or(true, |m| m.len() > MAX_CONFIG_BYTES) {
        return false;
    }
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    String::from_utf8_lossy(&bytes)
        .lines()
        .any(|line| matches!(line.trim_end(), "[loggers]" | "[handlers]" | "[formatters]"))
}

/// Logging configs under `dir`, sorted; hidden and tooling directories and
/// symlinked directories are skipped.
pub fn find_configs(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((current, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if depth < MAX_DEPTH
                    && !name.starts_with('.')
                    && !SKIPPED_DIRS.contains(&name.as_str())
                {
                    stack.push((path, depth + 1));
                }
            } else if is_logging_config(&path) {
                found.push(path.to_string_lossy().to_string());
            }
        }
    }
    found.sort();
    found
}

/// Checks `paths` on every core; the reports come back in `paths` order.
pub fn check_all(paths: &[String], env: &LoadEnvironment) -> Vec<FileReport> {
    // `--mkdir` was validated when `env` was built: the view cannot fail here
    let check = |path: &str| {
        env.check_path(path)
            .unwrap_or_else(|_| check_path(path, &env.options))
    };
    // A few files are checked in turn, without asking for the core count
    // (which opens and reads three cgroup files: a dozen system calls that a
    // typical check of one file would pay for nothing).
    if paths.len() < 4 {
        return paths.iter().map(|p| check(p)).collect();
    }
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(paths.len());
    if workers <= 1 {
        return paths.iter().map(|p| check(p)).collect();
    }
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<FileReport>>> = Mutex::new(vec![None; paths.len()]);
    let started = Instant::now();
    let show_progress = std::io::stderr().is_terminal();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = paths.get(i) else { break };
                    let report = check(path);
                    if let Ok(mut slots) = results.lock()
                        && let Some(slot) = slots.get_mut(i)
                    {
                        *slot = Some(report);
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
        let mut shown = false;
        while done.load(Ordering::Relaxed) < paths.len() {
            std::thread::sleep(Duration::from_millis(100));
            if show_progress && started.elapsed() > Duration::from_secs(1) {
                let _ = write!(
                    std::io::stderr(),
                    "\rchecking {}/{} files",
                    done.load(Ordering::Relaxed),
                    paths.len()
                );
                shown = true;
            }
        }
        if shown {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
    });
    let slots = results.into_inner().unwrap_or_default();
    slots
        .into_iter()
        .zip(paths)
        .map(|(report, path)| report.unwrap_or_else(|| check(path)))
        .collect()
}
