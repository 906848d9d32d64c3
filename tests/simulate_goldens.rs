//! `simulate` against recorded CPython runs (no Python needed):
//! - the seed notes' experiments (samples/seed/experiments, goldens in
//!   tests/goldens/seed/, recorded by tests/oracle/samples.py), including
//!   that the simulated console and logs.txt lines are the ones the notes print;
//! - every Appendix A case (tests/goldens/fileconfig/<ID>.json, recorded by
//!   tests/oracle/cases.py) for CPython 3.11.2, 3.11.7, 3.12.1 and 3.13.0.
//!
//! One test per file: the Appendix A test changes the working directory.

use logcheck::simulate::{SimOptions, parse_calls, simulate_bytes, simulate_path};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("valid JSON")
}

fn defines(case: &Value) -> Vec<(String, String)> {
    case["define"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn seed_experiments_reproduce_cpython_and_the_notes() {
    let samples = manifest().join("samples");
    let mut dir: Vec<_> = std::fs::read_dir(manifest().join("tests/goldens/seed"))
        .expect("goldens")
        .map(|e| e.expect("entry").path())
        .collect();
    dir.sort();
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for path in dir {
        let golden = load(&path);
        let config = golden["config"].as_str().expect("config");
        let bytes = std::fs::read(samples.join(config)).expect("config file");
        let calls = parse_calls(&golden["calls_list"]).expect("calls");
        for version in golden["same_on"].as_array().expect("versions") {
            let opts = SimOptions {
                version: version.as_str().expect("v").parse().expect("version"),
                calls: Some(calls.clone()),
                ..SimOptions::default()
            };
            let result = simulate_bytes(config, &bytes, &opts).expect("simulates");
            checked += 1;
            if result.to_json() != golden["oracle"] {
                mismatches.push(format!(
                    "{} on {version}:\n  expected {}\n  got      {}",
                    path.display(),
                    golden["oracle"],
                    result.to_json()
                ));
            }
            // what the notes print: the console lines and logs.txt, line for line
            let claim = &golden["notes_claim"];
            if golden["matches_notes"] == Value::Bool(true) && claim["console"].is_array() {
                let stream = if claim["stream"] == "stderr" {
                    &result.stderr
                } else {
                    &result.stdout
                };
                let console: Vec<&str> = stream.lines().collect();
                let expected: Vec<&str> = claim["console"]
                    .as_array()
                    .expect("console")
                    .iter()
                    .map(|l| l.as_str().expect("line"))
                    .collect();
                assert_eq!(console, expected, "{}: console", path.display());
                let logs: Vec<&str> = result
                    .files
                    .get("logs.txt")
                    .map(|t| t.lines().collect())
                    .unwrap_or_default();
                // null: the notes do not say what logs.txt holds
                if let Some(lines) = claim["logs.txt"].as_array() {
                    let expected: Vec<&str> =
                        lines.iter().map(|l| l.as_str().expect("line")).collect();
                    assert_eq!(logs, expected, "{}: logs.txt", path.display());
                }
            }
        }
    }
    assert!(checked >= 60, "only {checked} seed runs");
    assert!(
        mismatches.is_empty(),
        "{} of {checked} seed runs differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// Cases a `simulate` command line cannot express (fileConfig gets a
/// pathlib.Path, an open file object, or `encoding=`), and one that runs code.
const EXCLUDED: [(&str, &str); 4] = [
    (
        "H49",
        "args= runs code (__import__), which logcheck does not evaluate",
    ),
    ("F06", "fileConfig receives a pathlib.Path"),
    ("F07", "fileConfig receives an open file object"),
    ("F18", "fileConfig(encoding='utf-8-sig')"),
];

#[test]
fn appendix_a_cases_simulate_like_cpython_for_every_version() {
    let dir = manifest().join("tests/fixtures/fileconfig");
    let cases = load(&dir.join("cases.json"));
    std::env::set_current_dir(&dir).expect("chdir");
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for case in cases.as_array().expect("list") {
        let id = case["id"].as_str().expect("id");
        if EXCLUDED.iter().any(|(x, _)| *x == id) {
            continue;
        }
        let golden = load(&manifest().join(format!("tests/goldens/fileconfig/{id}.json")));
        let calls = match &case["calls"] {
            Value::Null => None,
            other => Some(parse_calls(other).expect("calls")),
        };
        let config = case["config"].as_str().expect("config");
        for (version, run) in golden["versions"].as_object().expect("versions") {
            let opts = SimOptions {
                version: version.parse().expect("version"),
                defines: defines(case),
                calls: calls.clone(),
                ..SimOptions::default()
            };
            let got = match simulate_path(config, &opts) {
                Ok(r) => r.to_json(),
                Err(e) => Value::String(format!("not simulated: {e}")),
            };
            checked += 1;
            if got != run["oracle"] {
                mismatches.push(format!(
                    "{id} on {version}:\n  expected {}\n  got      {got}",
                    run["oracle"]
                ));
            }
        }
    }
    assert!(checked >= 174 * 4, "only {checked} runs");
    assert!(
        mismatches.is_empty(),
        "{} of {checked} Appendix A runs differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
