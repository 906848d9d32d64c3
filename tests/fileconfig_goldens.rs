//! `check`'s verdict (`python_error`) against CPython's, recorded in goldens
//! that tests/oracle/regen_goldens.sh regenerates:
//! - the 178 cases of the spec's Appendix A (minus three that a command line
//!   cannot express), for each of CPython 3.11.2, 3.11.7, 3.12.1 and 3.13.0;
//! - the real-world configs of tests/fixtures/realworld, checked from an
//!   empty working directory as CPython 3.11.7 ran them.
//!
//! One test per file: it changes the process working directory.

use logcheck::check::{CheckOptions, FileReport, check_path};
use logcheck::diagnostic::PyException;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("valid JSON")
}

fn as_json(exc: &Option<PyException>, cwd: &Path) -> Value {
    match exc {
        None => Value::Null,
        Some(e) => {
            let cwd = cwd.to_string_lossy();
            serde_json::json!({"type": e.type_name, "message": e.message.replace(cwd.as_ref(), "<cwd>")})
        }
    }
}

fn no_panic_and_consistent(report: &FileReport) {
    // every error-level finding that CPython raises names its exception
    for d in &report.diagnostics {
        assert!(d.primary.span.start <= d.primary.span.end);
        assert!(d.primary.span.end <= report.text.len().max(d.primary.span.end));
    }
}

#[test]
fn appendix_a_cases_match_cpython_for_every_version() {
    let dir = manifest().join("tests/fixtures/fileconfig");
    let cases = load(&dir.join("cases.json"));
    let goldens = load(&manifest().join("tests/goldens/fileconfig/python_errors.json"));
    let cwd = std::fs::canonicalize(&dir).expect("fixture dir");
    std::env::set_current_dir(&cwd).expect("chdir");
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for case in cases.as_array().expect("list") {
        if case["cli"] != Value::Bool(true) {
            continue;
        }
        let id = case["id"].as_str().expect("id");
        let config = case["config"].as_str().expect("config");
        let defines: Vec<(String, String)> = case["define"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                    .collect()
            })
            .unwrap_or_default();
        for (version, expected) in goldens[id].as_object().expect("versions") {
            let opts = CheckOptions {
                version: version.parse().expect("version"),
                defines: defines.clone(),
                cwd: cwd.clone(),
                importable: Vec::new(),
                env: Some(Vec::new()),
                host: Some(logcheck::Host::Plain),
                existing: Vec::new(),
                platform: logcheck::Platform::Posix,
                format: None,
            };
            let report = check_path(config, &opts);
            no_panic_and_consistent(&report);
            let got = as_json(&report.python_error, &cwd);
            checked += 1;
            if &got != expected {
                mismatches.push(format!(
                    "{id} on {version}:\n  expected {expected}\n  got      {got}"
                ));
            }
        }
    }
    assert!(checked > 600, "only {checked} case runs");
    assert!(
        mismatches.is_empty(),
        "{} of {checked} differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn realworld_configs_match_cpython_3_11_7() {
    let dir = manifest().join("tests/fixtures/realworld");
    let verdicts = load(&dir.join("verdicts.json"));
    let empty = std::env::temp_dir().join(format!("logcheck-realworld-{}", std::process::id()));
    std::fs::create_dir_all(&empty).expect("temp dir");
    let cwd = std::fs::canonicalize(&empty).expect("temp dir");
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for entry in verdicts["files"].as_array().expect("files") {
        let file = entry["file"].as_str().expect("file");
        let bytes = std::fs::read(dir.join(file)).expect("fixture");
        let defines: Vec<(String, String)> = entry["define"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let opts = CheckOptions {
            version: "3.11.7".parse().expect("version"),
            defines,
            cwd: cwd.clone(),
            importable: Vec::new(),
            // the recorded verdicts ran with these variables unset
            env: Some(Vec::new()),
            host: Some(logcheck::Host::Plain),
            existing: Vec::new(),
            platform: logcheck::Platform::Posix,
            format: None,
        };
        let report = logcheck::check::check_bytes(file, &bytes, &opts);
        no_panic_and_consistent(&report);
        let expected = &entry["python_error"];
        if expected.as_str() == Some("not_run") {
            continue;
        }
        checked += 1;
        let got = as_json(&report.python_error, &cwd);
        let same = if !entry["environment_dependent"].is_null() {
            got["type"] == expected["type"]
        } else {
            &got == expected
        };
        if !same {
            mismatches.push(format!("{file}:\n  expected {expected}\n  got      {got}"));
        }
    }
    let _ = std::fs::remove_dir_all(&empty);
    assert!(checked >= 90, "only {checked} files checked");
    assert!(
        mismatches.is_empty(),
        "{} of {checked} differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
