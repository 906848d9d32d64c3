//! The generated configuration shared by `benches/check.rs` and
//! `examples/profile_check.rs`: N loggers in a deep dotted hierarchy
//! (`svc.m3.m1…`), 200 handlers (StreamHandler, NullHandler, FileHandler with
//! `delay=True` into `log_dir`, so nothing is written) and 50 formatters.
//! [`generate_with_findings`] makes the same file with a warning per logger.

use std::fmt::Write as _;
use std::path::Path;

pub const HANDLERS: usize = 200;
pub const FORMATTERS: usize = 50;

/// The bench file: it loads, and logcheck finds only a handful of things.
pub fn generate(loggers: usize, log_dir: &Path) -> String {
    generate_inner(loggers, log_dir, false)
}

/// The same file where every logger also sends to the root's handler `h0`
/// and propagates to the root: it loads, but each logger's records reach
/// `h0` twice (a duplicate-delivery warning per logger: thousands of findings).
#[allow(dead_code)] // not every user of this module times the findings file
pub fn generate_with_findings(loggers: usize, log_dir: &Path) -> String {
    generate_inner(loggers, log_dir, true)
}

fn generate_inner(loggers: usize, log_dir: &Path, duplicates: bool) -> String {
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
        // With duplicates, h0 plus another handler (never h0 twice).
        let (extra, handler, propagate) = if duplicates {
            ("h0,", i % (HANDLERS - 1) + 1, 1)
        } else {
            ("", i % HANDLERS, i % 2)
        };
        let _ = writeln!(
            s,
            "[logger_l{i}]\nqualname={name}\nlevel={}\nhandlers={extra}h{}\npropagate={propagate}\n",
            ["DEBUG", "INFO", "WARNING", "ERROR"][i % 4],
            handler,
        );
    }
    s
}
