//! Live test of `simulate` where the answer depends on the machine, against
//! the real CPython (`fileconfig_oracle.py`):
//! - absolute paths are looked up on the real disk (read-only): `/dev/null`
//!   and a file in a temp dir load; what is written there is reported under
//!   the absolute path and equals what CPython appended to the real file;
//!   a rotating handler on `/dev/null` never rolls over (bpo-45401);
//! - `SysLogHandler` on a unix socket that is missing (or a path that is not
//!   a socket) prints CPython's `--- Logging error ---` block per record.
//!
//! Run with `LOGCHECK_PYTHON=~/.pyenv/versions/X/bin/python3` for other versions.

use crate::backend_support;
use crate::common;

use backend_support::TempDir;
use common::{python_version, python3};
use logcheck::simulate::{SimOptions, parse_calls, simulate_bytes};
use serde_json::{Value, json};

fn config(handler: &str) -> String {
    format!(
        "[loggers]\nkeys=root\n[handlers]\nkeys=h,out\n[formatters]\nkeys=f\n\
         [logger_root]\nlevel=DEBUG\nhandlers=h,out\n\
         [handler_out]\nclass=StreamHandler\nargs=(sys.stdout,)\nformatter=f\n\
         [formatter_f]\nformat=%(levelname)s:%(name)s:%(message)s\n\
         [handler_h]\nformatter=f\n{handler}"
    )
}

fn calls() -> Value {
    json!([
        {"logger": "app", "level": 20, "msg": "first record, long enough to roll"},
        {"logger": "app", "level": 40, "msg": "second %s", "args": ["x"]},
        {"logger": "", "level": 30, "msg": "third"}
    ])
}

/// The oracle's results for `configs` (one batch).
fn oracle(python: &std::path::Path, dir: &TempDir, configs: &[String]) -> Vec<Value> {
    let cases: Vec<Value> = configs
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let path = dir.path().join(format!("env{i}.ini"));
            std::fs::write(&path, text).expect("write config");
            json!({"id": i, "config": path.to_string_lossy(), "calls": calls()})
        })
        .collect();
    let script = common::oracle_script("fileconfig_oracle.py");
    let out = common::run_python(
        python,
        &[script.as_os_str(), "--batch".as_ref(), "-".as_ref()],
        Value::Array(cases).to_string().into_bytes(),
    );
    String::from_utf8_lossy(&out)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("oracle JSON")["result"].clone())
        .collect()
}

#[test]
fn absolute_paths_and_missing_syslog_sockets_match_cpython() {
    let Some(python) = python3() else {
        return;
    };
    let version = python_version(&python);
    eprintln!("simulate_environment_live: CPython {version}");
    let dir = TempDir::new("sim-env");
    let outside = dir.path().join("outside.log");
    std::fs::write(&outside, "old line\n").expect("pre-existing file");
    let outside = outside.to_string_lossy().into_owned();
    let not_socket = dir.path().join("not-a-socket");
    std::fs::write(&not_socket, "").expect("regular file");
    // 3.8 predates bpo-45401: its rotating handler renames `/dev/null` away
    // (as root it succeeds), so that case is not run there
    let has_bpo_45401 = version
        .parse::<logcheck::version::PyVersion>()
        .is_ok_and(|v| v.minor >= 9);
    let rotating_dev_null = if has_bpo_45401 {
        "class=handlers.RotatingFileHandler\nargs=('/dev/null', 'a', 10, 2)\n"
    } else {
        "class=FileHandler\nargs=('/dev/null',)\n"
    };
    let configs = [
        config("class=FileHandler\nargs=('/dev/null',)\n"),
        config(rotating_dev_null),
        config(&format!("class=FileHandler\nargs=('{outside}', 'a')\n")),
        config("class=handlers.SysLogHandler\nargs=('/nonexistent-dir/dev/log',)\n"),
        config(&format!(
            "class=handlers.SysLogHandler\nargs=('{}',)\n",
            not_socket.display()
        )),
        config("class=handlers.SysLogHandler\nargs=('/nonexistent-dir/log', 1, 1)\n"),
    ];
    // Simulated first: the oracle appends to `outside`.
    let opts = SimOptions {
        version: version.parse().expect("version"),
        calls: Some(parse_calls(&calls()).expect("calls")),
        ..SimOptions::default()
    };
    let simulated: Vec<_> = configs
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let shown = dir.path().join(format!("env{i}.ini"));
            simulate_bytes(&shown.to_string_lossy(), text.as_bytes(), &opts).expect("simulates")
        })
        .collect();
    let expected = oracle(&python, &dir, &configs);
    let mut mismatches = Vec::new();
    for (i, (sim, exp)) in simulated.iter().zip(&expected).enumerate() {
        let mut got = sim.to_json();
        // The oracle reports its sandbox only; absolute paths are checked below.
        if let Some(files) = got["files"].as_object_mut() {
            files.retain(|k, _| !k.starts_with('/'));
        }
        if &got != exp {
            mismatches.push(format!(
                "case {i}:\n{}\nexpected {exp}\ngot      {got}",
                configs[i]
            ));
        }
    }
    let real = std::fs::read_to_string(&outside).expect("CPython wrote");
    let written = simulated[2]
        .files
        .get(&outside)
        .cloned()
        .unwrap_or_default();
    assert_eq!(real, format!("old line\n{written}"), "the absolute file");
    assert!(
        std::fs::read_to_string(not_socket)
            .expect("still there")
            .is_empty(),
        "simulate never writes to the disk"
    );
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
}
