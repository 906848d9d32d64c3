//! Differential test of the two runners of the handler engine: generated
//! fileConfig files and calls run through `simulate` (virtual files, captured
//! streams) and through the `log` backend (`examples/backend_child.rs` in a
//! temporary working directory, real files, real streams); stdout, stderr and
//! every file (names and contents) must be identical.
//!
//! The generator leans on what the two used to disagree about: rotating
//! handlers with tiny `maxBytes` and `backupCount` 0..3, `mode` 'a'/'w',
//! `delay`, watched files renamed under them by a rotating handler, timed
//! rotation (interval 0 rolls on every record), syslog on a missing unix
//! socket, null handlers, memory handlers with a capacity, flush level and target, several
//! handlers sharing one file, and Python 3.11/3.12/3.13 (patch levels on
//! both sides of gh-116263). The simulate ⇄ backend comparison needs no
//! Python; `simulate_matches_cpython_on_the_generated_configs` also holds
//! `simulate` to the real CPython on the same generator (skipped without a
//! python3 unless `LOGCHECK_REQUIRE_PYTHON=1`).

use crate::backend_support;
use crate::common;

use backend_support::{TempDir, run_child, snapshot};
use common::{Rng, live_cases, live_seed};
use logcheck::simulate::{SimOptions, SimResult, parse_calls, simulate_bytes};
use logcheck::version::PyVersion;
use serde_json::{Value, json};
use std::collections::BTreeMap;

const VERSIONS: [&str; 5] = ["3.11.7", "3.12.1", "3.12", "3.12.3", "3.13"];
/// `logs/` does not exist: CPython (and both runners) reject the file.
const FILES: [&str; 4] = ["a.log", "b.log", "r.log", "logs/x.log"];
const MESSAGES: [&str; 6] = [
    "",
    "hi",
    "hello world",
    "héllo wörld ✓",
    "a much longer message that pushes a tiny rotating file over its limit",
    "100% done %s",
];

/// One generated case: the configuration's text, the calls and the Python version.
struct Case {
    config: String,
    calls: Value,
    version: String,
    /// The configuration file's extension (`ini`, or `json` for a dictConfig document).
    ext: &'static str,
}

fn handler_section(rng: &mut Rng, key: &str, targets: &[String]) -> String {
    let level = rng.pick(&["NOTSET", "DEBUG", "INFO", "WARNING"]);
    let formatter = rng.pick(&["plain", "timed"]);
    let mut s = format!("[handler_{key}]\nlevel={level}\nformatter={formatter}\n");
    let file = rng.pick(&FILES);
    let mode = rng.pick(&["a", "a", "w", "w", "x"]);
    match rng.below(if targets.is_empty() { 4 } else { 5 }) {
        0 | 1 => {
            let max_bytes = rng.pick(&[0, 1, 5, 10, 20, 40, 80]);
            let backups = rng.below(4);
            let delay = if rng.chance(30) { ", None, True" } else { "" };
            s.push_str(&format!(
                "class=handlers.RotatingFileHandler\nargs=('{file}', '{mode}', {max_bytes}, {backups}{delay})\n"
            ));
        }
        2 if rng.chance(40) => {
            // Under the frozen clock only interval 0 with delay rolls over (on
            // every record; CPython's doRollover then loops forever on
            // `newRolloverAt += 0`, both runners step a second instead): it
            // exercises the engine's doRollover and getFilesToDelete.
            let when = rng.pick(&["S", "M", "H", "D", "MIDNIGHT", "W0"]);
            let interval = rng.below(2);
            let backups = rng.below(3);
            let delay = rng.pick(&["True", "False"]);
            s.push_str(&format!(
                "class=handlers.TimedRotatingFileHandler\nargs=('{file}', '{when}', {interval}, {backups}, None, {delay}, True)\n"
            ));
        }
        2 => {
            let class = rng.pick(&["FileHandler", "handlers.WatchedFileHandler"]);
            let delay = if rng.chance(30) { ", None, True" } else { "" };
            s.push_str(&format!(
                "class={class}\nargs=('{file}', '{mode}'{delay})\n"
            ));
        }
        3 if rng.chance(20) => {
            // A unix socket that is not there: a Logging error per record.
            s.push_str("class=handlers.SysLogHandler\nargs=('/nonexistent-dir/log',)\n");
        }
        3 if rng.chance(10) => s.push_str("class=NullHandler\nargs=()\n"),
        3 => {
            let stream = rng.pick(&["sys.stdout", "sys.stderr"]);
            s.push_str(&format!("class=StreamHandler\nargs=({stream},)\n"));
        }
        _ => {
            let capacity = 1 + rng.below(4);
            let flush_level = rng.pick(&[10, 30, 40, 50]);
            let on_close = rng.pick(&["True", "False"]);
            s.push_str(&format!(
                "class=handlers.MemoryHandler\nargs=({capacity}, {flush_level}, None, {on_close})\n"
            ));
            if rng.chance(85) {
                s.push_str(&format!("target={}\n", rng.pick(targets)));
            }
        }
    }
    s
}

fn generate(rng: &mut Rng) -> Case {
    let n = 1 + rng.below(4);
    let keys: Vec<String> = (0..n).map(|i| format!("h{i}")).collect();
    let mut handlers = String::new();
    let mut plain: Vec<String> = Vec::new();
    for key in &keys {
        let section = handler_section(rng, key, &plain);
        if !section.contains("MemoryHandler") {
            plain.push(key.clone());
        }
        handlers.push_str(&section);
    }
    let pick_handlers = |rng: &mut Rng| -> String {
        let chosen: Vec<&str> = keys
            .iter()
            .filter(|_| rng.chance(50))
            .map(String::as_str)
            .collect();
        chosen.join(",")
    };
    let root = pick_handlers(rng);
    let app = pick_handlers(rng);
    let root_level = rng.pick(&["DEBUG", "INFO", "WARNING"]);
    let app_level = rng.pick(&["NOTSET", "DEBUG", "ERROR"]);
    let propagate = rng.below(2);
    let config = format!(
        "[loggers]\nkeys=root,app\n[handlers]\nkeys={}\n[formatters]\nkeys=plain,timed\n\
         [logger_root]\nlevel={root_level}\nhandlers={root}\n\
         [logger_app]\nqualname=app\nlevel={app_level}\npropagate={propagate}\nhandlers={app}\n\
         {handlers}\
         [formatter_plain]\nformat=%(levelname)s:%(name)s:%(message)s\n\
         [formatter_timed]\nformat=%(asctime)s %(lineno)d %(message)s\n",
        keys.join(",")
    );
    let calls: Vec<Value> = (0..1 + rng.below(8))
        .map(|i| {
            let logger = *rng.pick(&["", "app", "app.db", "other"]);
            let level = *rng.pick(&[10, 20, 30, 40]);
            let msg: &&str = rng.pick(&MESSAGES);
            call(logger, level, msg, i)
        })
        .collect();
    Case {
        config,
        calls: Value::Array(calls),
        version: rng.pick(&VERSIONS).to_string(),
        ext: "ini",
    }
}

fn call(logger: &str, level: i64, msg: &str, i: usize) -> Value {
    json!({"logger": logger, "level": level, "msg": msg, "pathname": "app.py",
           "lineno": i + 1, "func": ""})
}

/// What a runner produced: stdout, stderr and the files (or its fileConfig error).
#[derive(Debug, PartialEq)]
enum Outcome {
    Loaded {
        stdout: String,
        stderr: String,
        files: BTreeMap<String, String>,
    },
    Rejected(Option<String>),
    /// An exception escaped into a logging call (CPython raises it to the
    /// caller and skips the remaining handlers; a `log` backend cannot raise
    /// into `log::info!`, it prints a Logging error block and goes on): not
    /// comparable.
    Raised,
}

fn through_simulate(case: &Case, dir: &TempDir, i: usize) -> Outcome {
    let version: PyVersion = case.version.parse().expect("version");
    let opts = SimOptions {
        version,
        calls: Some(parse_calls(&case.calls).expect("calls")),
        ..SimOptions::default()
    };
    let path = dir.path().join(format!("case{i}.{}", case.ext));
    let shown = path.to_string_lossy().into_owned();
    let result: SimResult =
        simulate_bytes(&shown, case.config.as_bytes(), &opts).expect("simulate runs");
    match result.error {
        Some(e) => Outcome::Rejected(Some(e.type_name.clone())),
        None if !result.call_exceptions.is_empty() => Outcome::Raised,
        None => Outcome::Loaded {
            stdout: result.stdout,
            stderr: result.stderr,
            files: result.files,
        },
    }
}

fn through_backend(case: &Case, dir: &TempDir, i: usize) -> Outcome {
    let config = dir.path().join(format!("case{i}.{}", case.ext));
    std::fs::write(&config, &case.config).expect("write config");
    let cwd = TempDir::new("engine-diff-cwd");
    let (output, result) = run_child(cwd.path(), &config, &case.calls, &case.version, &[]);
    if result["ok"] != json!(true) {
        return Outcome::Rejected(result["type"].as_str().map(str::to_string));
    }
    let cwd_text = cwd.path().to_string_lossy().into_owned();
    let norm = |b: &[u8]| String::from_utf8_lossy(b).replace(&cwd_text, "<cwd>");
    Outcome::Loaded {
        stdout: norm(&output.stdout),
        stderr: norm(&output.stderr),
        files: snapshot(cwd.path()),
    }
}

/// `None`: not comparable (an exception escaped into a call).
fn compare(case: &Case, dir: &TempDir, i: usize) -> Option<Option<String>> {
    let simulated = through_simulate(case, dir, i);
    if simulated == Outcome::Raised {
        return None;
    }
    let real = through_backend(case, dir, i);
    Some((simulated != real).then(|| {
        format!(
            "case {i} (Python {}):\n{}\ncalls: {}\nsimulate: {simulated:?}\nbackend:  {real:?}",
            case.version, case.config, case.calls
        )
    }))
}

fn rotating_case(version: &str) -> Case {
    Case {
        config: "[loggers]\nkeys=root\n[handlers]\nkeys=r\n[formatters]\nkeys=\n\
                 [logger_root]\nlevel=INFO\nhandlers=r\n\
                 [handler_r]\nclass=handlers.RotatingFileHandler\nargs=('r.log', 'a', 10, 3)\n"
            .into(),
        calls: json!([call("", 30, "longer than ten bytes", 0)]),
        version: version.into(),
        ext: "ini",
    }
}

/// gh-116263: CPython 3.12.3+ and 3.13 never roll over an empty file, so a
/// first record longer than `maxBytes` stays in `r.log`; 3.12.1 and 3.11
/// rename the empty file to `r.log.1` first. "3.12" is the newest 3.12.
#[test]
fn empty_file_rollover_follows_gh_116263_in_both_runners() {
    let dir = TempDir::new("engine-diff-116263");
    let line = "longer than ten bytes\n".to_string();
    for (i, (version, backup)) in [
        ("3.11.7", true),
        ("3.12.1", true),
        ("3.12", false),
        ("3.12.3", false),
        ("3.13", false),
    ]
    .into_iter()
    .enumerate()
    {
        let case = rotating_case(version);
        let mut files = BTreeMap::from([("r.log".to_string(), line.clone())]);
        if backup {
            files.insert("r.log.1".into(), String::new());
        }
        let expected = Outcome::Loaded {
            stdout: String::new(),
            stderr: String::new(),
            files,
        };
        assert_eq!(
            through_simulate(&case, &dir, i),
            expected,
            "simulate, {version}"
        );
        assert_eq!(
            through_backend(&case, &dir, i),
            expected,
            "backend, {version}"
        );
    }
}

#[test]
fn simulate_and_backend_agree_on_generated_configs() {
    let seed = live_seed();
    let n = live_cases(150);
    eprintln!("engine_differential: seed {seed}, {n} cases; replay with LOGCHECK_SEED={seed}");
    let mut rng = Rng::new(seed);
    let dir = TempDir::new("engine-diff");
    let mut mismatches = Vec::new();
    let mut raised = 0;
    for i in 0..n {
        let case = generate(&mut rng);
        match compare(&case, &dir, i) {
            None => raised += 1,
            Some(Some(m)) => mismatches.push(m),
            Some(None) => {}
        }
    }
    eprintln!(
        "engine_differential: {} mismatches ({raised} cases not comparable: an exception escaped into a call)",
        mismatches.len()
    );
    assert!(raised * 4 < n, "most cases must be comparable");
    assert!(
        mismatches.is_empty(),
        "seed {seed}: {} of {n} cases differ; first:\n{}",
        mismatches.len(),
        mismatches[0]
    );
}

/// dictConfig documents (`dictconfig_simulate_live`'s generator: name
/// filters on loggers, handlers and a MemoryHandler's target, rotating
/// files, memory handlers) agree in both runners too.
#[test]
fn simulate_and_backend_agree_on_dictconfig_documents() {
    let seed = live_seed();
    let n = live_cases(100);
    let mut rng = Rng::new(seed);
    let dir = TempDir::new("engine-diff-dc");
    let mut mismatches = Vec::new();
    for i in 0..n {
        let (mut doc, calls, _existing) = crate::dictconfig_simulate_live::case(&mut rng);
        // before 3.13 a level name as `flushLevel` makes every buffered
        // record raise into the call, which the backend refuses to build
        if let Some(level) = doc.pointer_mut("/handlers/buffer/flushLevel") {
            *level = json!(level_number(level.as_str().unwrap_or("")));
        }
        let calls: Vec<Value> = (calls.as_array().into_iter().flatten().enumerate())
            .map(|(i, c)| {
                // the `log` crate has no CRITICAL: its Error is 40
                let level = level_number(c["level"].as_str().unwrap_or("")).min(40);
                let logger = c["logger"].as_str().filter(|l| *l != "root").unwrap_or("");
                call(logger, level, c["msg"].as_str().unwrap_or(""), i)
            })
            .collect();
        let case = Case {
            config: serde_json::to_string_pretty(&doc).expect("json"),
            calls: Value::Array(calls),
            version: rng.pick(&VERSIONS).to_string(),
            ext: "json",
        };
        if let Some(Some(m)) = compare(&case, &dir, i) {
            mismatches.push(m);
        }
    }
    assert!(
        mismatches.is_empty(),
        "seed {seed}: {} of {n} documents differ; first:\n{}",
        mismatches.len(),
        mismatches[0]
    );
}

/// The number of a standard level name.
fn level_number(name: &str) -> i64 {
    match name {
        "DEBUG" => 10,
        "INFO" => 20,
        "WARNING" => 30,
        "ERROR" => 40,
        _ => 50,
    }
}

/// A `SysLogHandler` whose unix socket is missing loads in both runners and
/// prints CPython's Logging error block per record (the text is held against
/// CPython by `simulate_environment_live`).
#[test]
fn missing_syslog_socket_is_a_logging_error_in_both_runners() {
    let dir = TempDir::new("engine-diff-syslog");
    let case = Case {
        config: "[loggers]\nkeys=root\n[handlers]\nkeys=s\n[formatters]\nkeys=\n\
                 [logger_root]\nlevel=INFO\nhandlers=s\n\
                 [handler_s]\nclass=handlers.SysLogHandler\nargs=('/nonexistent-dir/log',)\n"
            .into(),
        calls: json!([call("", 30, "boom", 0), call("app", 40, "two", 1)]),
        version: "3.12".into(),
        ext: "ini",
    };
    let block = |m: &str| {
        format!(
            "--- Logging error ---\nFileNotFoundError: [Errno 2] No such file or directory\n\
             Message: '{m}'\nArguments: ()\n"
        )
    };
    let expected = Outcome::Loaded {
        stdout: String::new(),
        stderr: block("boom") + &block("two"),
        files: BTreeMap::new(),
    };
    assert_eq!(through_simulate(&case, &dir, 0), expected, "simulate");
    assert_eq!(through_backend(&case, &dir, 1), expected, "backend");
}

/// At `logging.shutdown()`, a MemoryHandler flushes into a delayed
/// FileHandler whose directory is missing: the open fails outside `emit`'s
/// `try`, and shutdown's `except (OSError, ValueError): pass` swallows it, so
/// nothing is printed (CPython 3.11.7, 3.12.1, 3.13.0; found by this file's
/// generated configs, seed 1796270207234797744).
#[test]
fn a_failed_open_while_flushing_at_shutdown_is_silent_in_both_runners() {
    let dir = TempDir::new("engine-diff-shutdown-open");
    let case = Case {
        config: "[loggers]\nkeys=root\n[handlers]\nkeys=f,m\n[formatters]\nkeys=\n\
                 [logger_root]\nlevel=INFO\nhandlers=m\n\
                 [handler_f]\nclass=FileHandler\nargs=('logs/x.log', 'a', None, True)\n\
                 [handler_m]\nclass=handlers.MemoryHandler\nargs=(4, 40, None, True)\ntarget=f\n"
            .into(),
        calls: json!([call("", 20, "kept", 0), call("app", 30, "also kept", 1)]),
        version: "3.12".into(),
        ext: "ini",
    };
    let expected = Outcome::Loaded {
        stdout: String::new(),
        stderr: String::new(),
        files: BTreeMap::new(),
    };
    assert_eq!(through_simulate(&case, &dir, 0), expected, "simulate");
    assert_eq!(through_backend(&case, &dir, 1), expected, "backend");
}

/// The same generated configs against the real CPython (`fileconfig_oracle.py`,
/// one batch): `simulate`'s whole result (streams, files, loggers, exceptions
/// raised into calls) must be the oracle's. Timed handlers with interval 0
/// are left out (CPython's doRollover never returns). Other versions:
/// `LOGCHECK_PYTHON=~/.pyenv/versions/X/bin/python3`.
#[test]
fn simulate_matches_cpython_on_the_generated_configs() {
    let Some(python) = common::python3() else {
        return;
    };
    let version = common::python_version(&python);
    let seed = live_seed();
    let n = live_cases(100);
    eprintln!("engine_differential (CPython {version}): seed {seed}, {n} cases");
    let mut rng = Rng::new(seed);
    let dir = TempDir::new("engine-diff-cpython");
    let cases: Vec<Case> = std::iter::repeat_with(|| generate(&mut rng))
        .filter(|c| {
            !c.config.contains("TimedRotatingFileHandler\nargs=('") || !c.config.contains("', 0, ")
        })
        .take(n)
        .map(|c| Case {
            version: version.clone(),
            ..c
        })
        .collect();
    let requests: Vec<Value> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let path = dir.path().join(format!("cpy{i}.ini"));
            std::fs::write(&path, &c.config).expect("write config");
            json!({"id": i, "config": path.to_string_lossy(), "calls": c.calls})
        })
        .collect();
    let script = common::oracle_script("fileconfig_oracle.py");
    let out = common::run_python(
        &python,
        &[script.as_os_str(), "--batch".as_ref(), "-".as_ref()],
        Value::Array(requests).to_string().into_bytes(),
    );
    let expected: Vec<Value> = String::from_utf8_lossy(&out)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("oracle JSON")["result"].clone())
        .collect();
    assert_eq!(
        expected.len(),
        cases.len(),
        "the oracle answered every case"
    );
    let mut mismatches = Vec::new();
    for (i, (case, exp)) in cases.iter().zip(&expected).enumerate() {
        let opts = SimOptions {
            version: version.parse().expect("version"),
            calls: Some(parse_calls(&case.calls).expect("calls")),
            ..SimOptions::default()
        };
        let shown = dir.path().join(format!("cpy{i}.ini"));
        let got = simulate_bytes(&shown.to_string_lossy(), case.config.as_bytes(), &opts)
            .expect("simulates")
            .to_json();
        if &got != exp {
            mismatches.push(format!(
                "case {i}:\n{}\ncalls: {}\nCPython:  {exp}\nsimulate: {got}",
                case.config, case.calls
            ));
        }
    }
    eprintln!(
        "engine_differential (CPython {version}): {} mismatches",
        mismatches.len()
    );
    assert!(
        mismatches.is_empty(),
        "seed {seed}: {} of {} cases differ from CPython; first:\n{}",
        mismatches.len(),
        cases.len(),
        mismatches[0]
    );
}
