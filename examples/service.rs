//! One `logging.conf` for Python and Rust: a small "service" that logs
//! through the same fileConfig file a Python service would use.
//!
//! Run from the repository root:
//! `cargo run --example service -- examples/service/logging.conf`
//! then compare with `python3 examples/service/service.py`.

use std::time::Duration;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/service/logging.conf".into());
    // A file CPython would reject is an error listing every problem.
    let guard = match logcheck::backend::Builder::new()
        .define("logdir", std::env::temp_dir().to_string_lossy())
        .init(&path)
    {
        Ok(guard) => guard,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    // Targets map to logger names: `service::db` is the logger `service.db`.
    log::info!(target: "service", "starting with {} workers", 4);
    let workers: Vec<_> = (0..4)
        .map(|i| {
            std::thread::Builder::new()
                .name(format!("worker-{i}"))
                .spawn(move || {
                    for job in 0..3 {
                        log::debug!(target: "service::db", "worker {i} job {job}: query");
                        std::thread::sleep(Duration::from_millis(1));
                    }
                    log::warn!(target: "service::db", "worker {i} saw a slow query");
                })
                .expect("spawn")
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    log::trace!(target: "service", "trace is Python's level 5");
    log::error!(target: "service", "shutting down");
    // Dropping the guard is logging.shutdown(): every handler flushed and closed.
    drop(guard);
}
