//! `logcheck check DIR`: finding fileConfig files in a tree (ripgrep's walk,
//! the `ignore` crate, with git's ignore rules) and checking many files in
//! parallel, with a progress line on a terminal when it takes long.
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

/// Deeper trees are not searched (guards against pathological nesting).
const MAX_DEPTH: usize = 32;
/// Larger files are not logging configurations.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// A file worth checking: `*.conf`, `*.ini` or `*.cfg` with a `[loggers]`,
/// `[handlers]` or `[formatters]` header line, or a dictConfig document:
/// `*.json`, `*.yaml` or `*.yml` whose top level has `version` and another
/// dictConfig key (so that `package.json` or a CI workflow is never one).
pub fn is_logging_config(path: &Path) -> bool {
    let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
        return false;
    };
    let ini = matches!(ext.to_ascii_lowercase().as_str(), "conf" | "ini" | "cfg");
    let dictconfig = matches!(ext, "json" | "yaml" | "yml");
    if !(ini || dictconfig) || std::fs::metadata(path).map_or(true, |m| m.len() > MAX_CONFIG_BYTES)
    {
        return false;
    }
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    looks_like_config(&path.to_string_lossy(), &String::from_utf8_lossy(&bytes))
}

/// The test of [`is_logging_config`] on a text already in memory (the
/// language server's open documents): a dictConfig document (`*.json`,
/// `*.yaml`, `*.yml`) whose top level has `version` and another dictConfig
/// key, or any other text with a `[loggers]`, `[handlers]` or
/// `[formatters]` header line.
pub fn looks_like_config(path: &str, text: &str) -> bool {
    let ext = Path::new(path).extension().and_then(|e| e.to_str());
    if matches!(ext, Some("json" | "yaml" | "yml")) {
        return crate::rules::load::file::data_file(path, text)
            .is_some_and(|data| data.keys.len() >= 2 && data.keys.iter().any(|k| k == "version"));
    }
    text.lines()
        .any(|line| matches!(line.trim_end(), "[loggers]" | "[handlers]" | "[formatters]"))
}

/// Logging configs under `dir`, sorted. The walk is ripgrep's (the `ignore`
/// crate) with its standard filters: hidden files and directories are
/// skipped, and so is what `.gitignore`, `.git/info/exclude`, the global git
/// excludes file and `.ignore` files exclude. `.gitignore` applies outside a
/// git repository too (`require_git(false)`; ripgrep's default would need a
/// `.git`): an unpacked source tree or a copied project keeps its
/// exclusions, and the virtual environments that virtualenv and Python
/// 3.13's `venv` create carry a `.gitignore` of `*`. Symbolic links to
/// directories are not followed. A directory named on the command line is
/// searched even if hidden or ignored.
pub fn find_configs(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let walk = ignore::WalkBuilder::new(dir)
        .standard_filters(true)
        .require_git(false)
        .follow_links(false)
        .max_depth(Some(MAX_DEPTH))
        .build();
    for entry in walk.flatten() {
        // a symbolic link to a file is checked, as the file it names
        if entry.file_type().is_some_and(|kind| !kind.is_dir()) && is_logging_config(entry.path()) {
            // `logcheck check .` (the pre-commit hook) names files as
            // `alembic.ini`, not `./alembic.ini`
            let path = match entry.path().strip_prefix(".") {
                Ok(relative) if dir == Path::new(".") => relative,
                _ => entry.path(),
            };
            found.push(path.to_string_lossy().to_string());
        }
    }
    found.sort();
    found
}

/// Whether [`check_all`] checks `files` files in turn on the calling thread.
/// A few files are, without asking for the core count (which opens and reads
/// three cgroup files: a dozen system calls that a typical check of one file
/// would pay for nothing).
pub fn checks_on_this_thread(files: usize) -> bool {
    files < 4
}

/// Checks `paths` on every core; the reports come back in `paths` order.
pub fn check_all(paths: &[String], env: &LoadEnvironment) -> Vec<FileReport> {
    // `--mkdir` was validated when `env` was built: the view cannot fail here
    let check = |path: &str| {
        env.check_path(path)
            .unwrap_or_else(|_| check_path(path, &env.options))
    };
    if checks_on_this_thread(paths.len()) {
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
