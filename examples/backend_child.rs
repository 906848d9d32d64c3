//! Test driver for the backend's differential tests (not a user example):
//! `backend_child CONFIG CALLS.json` runs the calls through the installed
//! backend with the oracle's frozen clock and UTC, then returns from main.
//!
//! CALLS.json: `[{"logger": "a.b", "level": 20, "msg": "text", "pathname":
//! "app.py", "lineno": 1}]`. Env: `LOGCHECK_CHILD_VERSION` (Python version),
//! `LOGCHECK_CHILD_RESULT` (a file receiving `ok` or the init error as JSON),
//! `LOGCHECK_CHILD_EXIT=1` (leave through `std::process::exit` without
//! dropping the guard), `LOGCHECK_CHILD_DEFINE` (`k=v;k2=v2`),
//! `LOGCHECK_CHILD_LOCALTIME=real` (local time from the C library under `TZ`).

use logcheck::backend::{Builder, ManualClock};
use std::sync::Arc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(config), Some(calls_path)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: backend_child CONFIG CALLS.json");
        std::process::exit(2);
    };
    let calls: Vec<serde_json::Value> = std::fs::read_to_string(calls_path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let version = std::env::var("LOGCHECK_CHILD_VERSION")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(logcheck::version::PyVersion::DEFAULT);
    let mut builder = Builder::new()
        .python_version(version)
        .clock(Arc::new(ManualClock::new(1_704_164_645_125_000_000)));
    // `LOGCHECK_CHILD_LOCALTIME=real`: the C library's localtime under the
    // child's TZ, as the backend uses it by default; otherwise UTC.
    if std::env::var("LOGCHECK_CHILD_LOCALTIME").as_deref() != Ok("real") {
        builder = builder.local_time(|_| (0, "UTC".to_string()));
    }
    if let Ok(defs) = std::env::var("LOGCHECK_CHILD_DEFINE") {
        for pair in defs.split(';').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            builder = builder.define(k, v);
        }
    }
    let result_path = std::env::var("LOGCHECK_CHILD_RESULT").ok();
    let guard = match builder.init(config) {
        Ok(g) => {
            if let Some(p) = &result_path {
                let _ = std::fs::write(p, "{\"ok\": true}");
            }
            g
        }
        Err(e) => {
            let python = match &e {
                logcheck::backend::Error::Rejected { python, .. } => python.clone(),
                logcheck::backend::Error::Handler { exception, .. } => Some(exception.clone()),
                _ => None,
            };
            let json = serde_json::json!({
                "ok": false,
                "type": python.as_ref().map(|p| p.type_name.clone()),
                "message": python.as_ref().map(|p| p.message.clone()),
                "display": e.to_string(),
            });
            if let Some(p) = &result_path {
                let _ = std::fs::write(p, json.to_string());
            }
            std::process::exit(3);
        }
    };
    for call in &calls {
        let level = match call["level"].as_i64().unwrap_or(20) {
            40 => log::Level::Error,
            30 => log::Level::Warn,
            20 => log::Level::Info,
            10 => log::Level::Debug,
            _ => log::Level::Trace,
        };
        let target = call["logger"].as_str().unwrap_or("");
        let msg = call["msg"].as_str().unwrap_or("");
        let file = call["pathname"].as_str().unwrap_or("app.py");
        let line = call["lineno"].as_u64().unwrap_or(1) as u32;
        log::logger().log(
            &log::Record::builder()
                .target(target)
                .level(level)
                .file(Some(file))
                .line(Some(line))
                .module_path(Some("app"))
                .args(format_args!("{msg}"))
                .build(),
        );
    }
    if std::env::var("LOGCHECK_CHILD_EXIT").as_deref() == Ok("1") {
        std::process::exit(0);
    }
    drop(guard);
}
