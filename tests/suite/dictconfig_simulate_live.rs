//! Live differential test of `simulate` on dictConfig documents: generated
//! JSON documents that load (formatters with every style, stream, file,
//! rotating and null handlers with levels, loggers with levels, `propagate`
//! and handlers, `disable_existing_loggers`, existing loggers) and calls
//! run through every installed CPython 3.8–3.13 (`tests/oracle/fileconfig_oracle.py --batch -` with
//! `"loader": "dictconfig"`: `dictConfig(json.load(f))`) and through
//! `simulate`; streams, files and the loggers' final state must be equal.
//! Documents whose load fails are compared too (the verdict). Name filters
//! on loggers, handlers and a MemoryHandler's target are part of the mix.
//!
//! A second family, where every handler tags its lines, checks `explain`'s
//! `delivered` lists on dictConfig documents (levels, `propagate`, filters)
//! against the order in which CPython's handlers print.

use crate::common::{self, Rng};
use logcheck::explain::{ExplainOptions, explain};
use logcheck::hierarchy::Existing;
use logcheck::simulate::{SimOptions, parse_calls, simulate_bytes};
use logcheck::version::PyVersion;
use serde_json::{Map, Value, json};

const NAMES: [&str; 6] = ["app", "app.db", "app.db.x", "lib", "lib.io", "other"];
const LEVELS: [&str; 6] = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", "NOTSET"];
const HANDLERS: [&str; 5] = ["buffer", "console", "errors", "file", "quiet"];
/// Name filters (`logging.Filter(name)`), by key.
const FILTERS: [(&str, &str); 5] = [
    ("f_app", "app"),
    ("f_db", "app.db"),
    ("f_all", ""),
    ("f_root", "root"),
    ("f_ap", "ap"),
];

/// The `filters` section: every name filter.
fn filters_section() -> Value {
    let mut f = Map::new();
    for (key, name) in FILTERS {
        let entry = if name.is_empty() {
            json!({})
        } else {
            json!({"name": name})
        };
        f.insert(key.to_string(), entry);
    }
    Value::Object(f)
}

/// One or two filter keys.
fn filter_list(rng: &mut Rng) -> Value {
    let keys: Vec<&str> = FILTERS.iter().map(|(k, _)| *k).collect();
    let mut list = vec![*rng.pick(&keys)];
    if rng.chance(25) {
        list.push(*rng.pick(&keys));
    }
    json!(list)
}

fn formatters(rng: &mut Rng) -> Value {
    let mut f = Map::new();
    f.insert(
        "plain".into(),
        json!({"format": "%(levelname)s:%(name)s:%(message)s"}),
    );
    let (format, style) = *rng.pick(&[
        ("[{levelname:>8}] {name} {message}", "{"),
        ("${levelname} ${name}: ${message}", "$"),
        ("%(asctime)s %(levelno)d %(message)s", "%"),
        ("%(name)-10s|%(message)s", "%"),
    ]);
    let mut fancy = json!({"format": format, "style": style});
    if rng.chance(50) {
        fancy["datefmt"] = json!("%Y-%m-%d %H:%M");
    }
    f.insert("fancy".into(), fancy);
    Value::Object(f)
}

fn handler(rng: &mut Rng, name: &str) -> Value {
    let formatter = *rng.pick(&["plain", "fancy"]);
    let mut h = match name {
        "console" => json!({"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}),
        "errors" => json!({"class": "logging.StreamHandler"}),
        "buffer" => {
            json!({"class": "logging.handlers.MemoryHandler", "capacity": *rng.pick(&[1, 2, 50]),
                           "flushLevel": *rng.pick(&LEVELS[..5]), "target": *rng.pick(&["console", "errors"])})
        }
        "file" => {
            if rng.chance(50) {
                json!({"class": "logging.FileHandler", "filename": "app.log", "mode": *rng.pick(&["a", "w"])})
            } else {
                json!({"class": "logging.handlers.RotatingFileHandler", "filename": "rot.log",
                       "maxBytes": *rng.pick(&[0, 60, 200]), "backupCount": 2})
            }
        }
        _ => json!({"class": "logging.NullHandler"}),
    };
    if rng.chance(60) {
        h["formatter"] = json!(formatter);
    }
    if rng.chance(40) {
        h["level"] = json!(*rng.pick(&LEVELS[..5]));
    }
    if rng.chance(25) {
        h["filters"] = filter_list(rng);
    }
    h
}

fn logger(rng: &mut Rng) -> Value {
    let mut l = Map::new();
    if rng.chance(70) {
        l.insert("level".into(), json!(*rng.pick(&LEVELS)));
    }
    if rng.chance(50) {
        l.insert("propagate".into(), json!(rng.chance(50)));
    }
    let mut handlers = Vec::new();
    for h in HANDLERS {
        if rng.chance(30) {
            handlers.push(h);
        }
    }
    if !handlers.is_empty() || rng.chance(30) {
        l.insert("handlers".into(), json!(handlers));
    }
    if rng.chance(20) {
        l.insert("filters".into(), filter_list(rng));
    }
    Value::Object(l)
}

/// An `incremental: true` document: levels and `propagate` of some
/// loggers and root (their handlers and filters are ignored), sometimes a
/// handler level, which raises in a process without that handler.
fn incremental(rng: &mut Rng) -> Value {
    let mut loggers = Map::new();
    for n in NAMES {
        if rng.chance(50) {
            loggers.insert(n.to_string(), logger(rng));
        }
    }
    let mut doc = json!({"version": 1, "incremental": true, "loggers": loggers,
                         "root": {"level": *rng.pick(&LEVELS)}});
    if rng.chance(15) {
        doc["handlers"] = json!({"console": {"level": "INFO"}});
    }
    doc
}

/// One document and its calls.
pub(crate) fn case(rng: &mut Rng) -> (Value, Value, Vec<String>) {
    let (doc, calls, existing) = configuring_case(rng);
    if rng.chance(12) {
        return (incremental(rng), calls, existing);
    }
    (doc, calls, existing)
}

/// A document that configures everything, and its calls.
fn configuring_case(rng: &mut Rng) -> (Value, Value, Vec<String>) {
    let mut doc =
        json!({"version": 1, "formatters": formatters(rng), "filters": filters_section()});
    if rng.chance(50) {
        doc["disable_existing_loggers"] = json!(rng.chance(50));
    }
    let mut handlers = Map::new();
    for n in HANDLERS {
        handlers.insert(n.to_string(), handler(rng, n));
    }
    doc["handlers"] = Value::Object(handlers);
    let mut loggers = Map::new();
    for n in NAMES {
        if rng.chance(45) {
            loggers.insert(n.to_string(), logger(rng));
        }
    }
    doc["loggers"] = Value::Object(loggers);
    if rng.chance(85) {
        doc["root"] = logger(rng);
        doc["root"].as_object_mut().map(|r| r.remove("propagate"));
    }
    let mut calls = Vec::new();
    for i in 0..rng.below(8) + 2 {
        let logger = *rng.pick(&[
            "root",
            "app",
            "app.db",
            "app.db.x.y",
            "lib.io",
            "other",
            "zz",
        ]);
        let level = *rng.pick(&LEVELS[..5]);
        calls.push(
            json!({"logger": logger, "level": level, "msg": format!("message {i} with some text")}),
        );
    }
    let mut existing = Vec::new();
    for name in ["lib", "lib.io.old", "legacy"] {
        if rng.chance(30) {
            existing.push(name.to_string());
        }
    }
    (doc, json!(calls), existing)
}

#[test]
fn simulate_on_dictconfig_matches_cpython() {
    let seed = common::live_seed();
    let mut rng = Rng::new(seed);
    let cases: Vec<_> = (0..common::live_cases(300))
        .map(|_| case(&mut rng))
        .collect();
    let dir = std::env::temp_dir().join(format!("logcheck-dcsim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut requests = Vec::new();
    for (i, (doc, calls, existing)) in cases.iter().enumerate() {
        let path = dir.join(format!("case{i}.json"));
        std::fs::write(&path, serde_json::to_string_pretty(doc).expect("json")).expect("write");
        requests.push(
            json!({"id": i, "config": path.to_string_lossy(), "calls": calls,
                             "existing": existing, "loader": "dictconfig"}),
        );
    }
    // every interpreter installed (3.8-3.13), once per version
    let mut mismatches = Vec::new();
    for (python, version) in common::interpreters_by_version() {
        mismatches.extend(compare(&python, version, &cases, &requests, &dir, seed));
    }
    let _ = std::fs::remove_dir_all(&dir);
    common::assert_no_mismatches("dictConfig simulate", &mismatches, seed, 5);
}

/// Runs the cases through `python` and through `simulate` for `version`;
/// returns the mismatches.
fn compare(
    python: &std::path::Path,
    version: PyVersion,
    cases: &[(Value, Value, Vec<String>)],
    requests: &[Value],
    dir: &std::path::Path,
    seed: u64,
) -> Vec<String> {
    let lines = common::fileconfig_oracle_batch(python, requests);
    let (mut loaded, mut mismatches) = (0, Vec::new());
    for (i, ((doc, calls, existing), line)) in cases.iter().zip(&lines).enumerate() {
        let expected = &line["result"];
        assert!(
            expected.get("oracle_failure").is_none(),
            "oracle failure: {expected}"
        );
        let path = dir.join(format!("case{i}.json"));
        let text = std::fs::read(&path).expect("read");
        let opts = SimOptions {
            version,
            existing: Existing {
                names: existing.clone(),
                keep_existing: false,
            },
            calls: Some(parse_calls(calls).expect("calls")),
            ..SimOptions::default()
        };
        let got = match simulate_bytes(&path.to_string_lossy(), &text, &opts) {
            Ok(r) => r.to_json(),
            Err(e) => Value::String(e.to_string()),
        };
        loaded += usize::from(expected.get("error").is_none());
        if &got != expected {
            mismatches.push(format!(
                "{version} case {i}: {}\ncalls {calls}\nexisting {existing:?}\n  expected {expected}\n  got      {got}",
                serde_json::to_string(doc).unwrap_or_default()
            ));
        }
    }
    eprintln!(
        "dictConfig simulate, python {version}: {} compared, {loaded} loaded, {} mismatches, seed {seed}",
        cases.len(),
        mismatches.len()
    );
    assert!(
        loaded * 2 > cases.len(),
        "too few documents load: {loaded} of {}",
        cases.len()
    );
    mismatches
}

/// A document whose handlers each print `KEY|message` on stdout, with
/// levels, `propagate` and filters; and the (logger, level) of each call.
fn routing_case(rng: &mut Rng) -> (Value, Vec<(String, String)>) {
    let keys = ["h1", "h2", "h3", "h4"];
    let (mut formatters, mut handlers) = (Map::new(), Map::new());
    for key in keys {
        formatters.insert(key.into(), json!({"format": format!("{key}|%(message)s")}));
        let mut h = json!({"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": key});
        if rng.chance(35) {
            h["level"] = json!(*rng.pick(&LEVELS[..5]));
        }
        if rng.chance(35) {
            h["filters"] = filter_list(rng);
        }
        handlers.insert(key.into(), h);
    }
    let routed_logger = |rng: &mut Rng| {
        let mut l = Map::new();
        if rng.chance(60) {
            l.insert("level".into(), json!(*rng.pick(&LEVELS)));
        }
        if rng.chance(40) {
            l.insert("propagate".into(), json!(rng.chance(50)));
        }
        let attached: Vec<&str> = keys.iter().copied().filter(|_| rng.chance(35)).collect();
        l.insert("handlers".into(), json!(attached));
        if rng.chance(35) {
            l.insert("filters".into(), filter_list(rng));
        }
        l
    };
    let mut loggers = Map::new();
    for n in NAMES {
        if rng.chance(50) {
            loggers.insert(n.to_string(), Value::Object(routed_logger(rng)));
        }
    }
    let mut root = routed_logger(rng);
    root.remove("propagate");
    let doc = json!({"version": 1, "filters": filters_section(), "formatters": formatters,
                     "handlers": handlers, "loggers": loggers, "root": root});
    let calls = (0..6)
        .map(|_| {
            let name = *rng.pick(&[
                "root",
                "app",
                "app.db",
                "app.db.x.y",
                "apx",
                "lib.io",
                "other",
            ]);
            (name.to_string(), rng.pick(&LEVELS[..5]).to_string())
        })
        .collect();
    (doc, calls)
}

#[test]
fn explain_on_dictconfig_matches_cpython() {
    let Some(python) = common::python3() else {
        return;
    };
    let version: PyVersion = common::python_version(&python)
        .parse()
        .expect("python version");
    let seed = common::live_seed();
    let mut rng = Rng::new(seed);
    let cases: Vec<_> = (0..common::live_cases(300))
        .map(|_| routing_case(&mut rng))
        .collect();
    let dir = std::env::temp_dir().join(format!("logcheck-dcexplain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let requests: Vec<Value> = cases
        .iter()
        .enumerate()
        .map(|(i, (doc, calls))| {
            let path = dir.join(format!("case{i}.json"));
            std::fs::write(&path, serde_json::to_string_pretty(doc).expect("json")).expect("write");
            let calls: Vec<Value> = (calls.iter().enumerate())
                .map(|(n, (logger, level))| json!({"logger": logger, "level": level, "msg": format!("m{n}")}))
                .collect();
            json!({"id": i, "config": path.to_string_lossy(), "calls": calls, "loader": "dictconfig"})
        })
        .collect();
    let lines = common::fileconfig_oracle_batch(&python, &requests);
    let (mut checked, mut mismatches) = (0, Vec::new());
    for (i, ((doc, calls), line)) in cases.iter().zip(&lines).enumerate() {
        let expected = &line["result"];
        assert!(
            expected.get("error").is_none(),
            "case {i} loads: {expected}"
        );
        let path = dir.join(format!("case{i}.json"));
        let text = std::fs::read(&path).expect("read");
        let options = logcheck::check::CheckOptions {
            version,
            ..Default::default()
        };
        let report = logcheck::check::check_bytes_in(
            &path.to_string_lossy(),
            &text,
            &options,
            &logcheck::handler_class::VirtualFs::empty("/nowhere"),
        );
        let config = report
            .config()
            .expect("a document with name filters has a model");
        let observed = crate::simulate_live::observed_delivery(expected, calls.len());
        for (call, (name, level)) in calls.iter().enumerate() {
            let e = explain(
                config,
                name,
                &ExplainOptions {
                    version,
                    ..Default::default()
                },
            );
            let predicted = (e.delivered().into_iter())
                .find(|(l, _)| l == level)
                .map(|(_, keys)| keys)
                .unwrap_or_default();
            checked += 1;
            if predicted != observed[call] {
                mismatches.push(format!(
                    "case {i} explain {name} {level}: CPython {:?}, explain {predicted:?}\n{doc}",
                    observed[call]
                ));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!(
        "dictConfig explain, python {version}: {checked} deliveries compared, {} mismatches, seed {seed}",
        mismatches.len()
    );
    common::assert_no_mismatches("dictConfig explain", &mismatches, seed, 5);
}
