//! Hosts against the real host code: every run recorded in
//! `tests/goldens/hosts/index.json` (by `tests/oracle/record_host_goldens.py`
//! with alembic, plaster_pastedeploy, gunicorn and uvicorn installed) is
//! checked again here under the same host, and logcheck must give the same
//! verdict (exception type and message, or that the file loads) and leave the
//! same pre-existing loggers disabled. The live half (`host_live`) runs
//! generated files with host traps through the real packages.

use logcheck::check::{CheckOptions, FileReport, check_bytes};
use logcheck::hierarchy::{Existing, Hierarchy};
use logcheck::{Host, PyVersion};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One recorded run's options, as `host_oracle.py` took them.
pub struct Run {
    pub host: Host,
    pub existing: Vec<String>,
    pub mkdir: Vec<String>,
    pub absolute: bool,
}

impl Run {
    fn from_args(host: &str, args: &[Value]) -> Run {
        let args: Vec<&str> = args.iter().filter_map(Value::as_str).collect();
        let mut run = Run {
            host: host.parse().expect("host name"),
            existing: Vec::new(),
            mkdir: Vec::new(),
            absolute: false,
        };
        for pair in args.chunks(2) {
            match pair {
                ["--existing", name] => run.existing.push(name.to_string()),
                ["--mkdir", dir] => run.mkdir.push(dir.to_string()),
                ["--path", how] => run.absolute = *how == "absolute",
                other => panic!("unknown oracle arguments {other:?}"),
            }
        }
        run
    }
}

/// Checks `text` named `name` as the oracle ran it: copied alone into a
/// fresh directory that is the working directory. Returns the report and
/// that directory (the oracle's `<cwd>`).
pub fn check_as_oracle(name: &str, text: &[u8], run: &Run, tag: &str) -> (FileReport, PathBuf) {
    let dir = std::env::temp_dir().join(format!("logcheck-host-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let dir = dir.canonicalize().expect("canonical temp dir");
    std::fs::write(dir.join(name), text).expect("copy");
    for d in &run.mkdir {
        std::fs::create_dir_all(dir.join(d)).expect("mkdir");
    }
    let path = if run.absolute {
        dir.join(name).to_string_lossy().into_owned()
    } else {
        name.to_string()
    };
    let opts = CheckOptions {
        version: PyVersion::new(3, 11, 7),
        cwd: dir.clone(),
        host: Some(run.host),
        existing: run.existing.clone(),
        ..CheckOptions::default()
    };
    (check_bytes(&path, text, &opts), dir)
}

/// The verdict as the oracle writes it: `type: message` or `ok`, with the
/// working directory written `<cwd>`.
pub fn verdict(report: &FileReport, cwd: &Path) -> String {
    match &report.python_error {
        Some(e) => {
            format!("{}: {}", e.type_name, e.message).replace(&*cwd.to_string_lossy(), "<cwd>")
        }
        None => "ok".to_string(),
    }
}

/// The oracle's verdict in the same form.
pub fn golden_verdict(golden: &Value) -> String {
    match &golden["exception"] {
        Value::Null => "ok".to_string(),
        e => format!(
            "{}: {}",
            e["type"].as_str().unwrap_or(""),
            e["message"].as_str().unwrap_or("")
        ),
    }
}

/// The loggers that existed before fileConfig and are disabled after it,
/// by logcheck's model (the host's own loggers plus `--existing`).
pub fn disabled_after(report: &FileReport, run: &Run) -> Vec<String> {
    let Some(config) = report.config() else {
        return Vec::new();
    };
    let existing = run.host.existing_for(&Existing {
        names: run.existing.clone(),
        keep_existing: false,
    });
    let hierarchy = Hierarchy::configure(config, &existing);
    let mut disabled: Vec<String> = existing
        .names
        .iter()
        .filter(|n| {
            hierarchy
                .find(n)
                .is_some_and(|id| hierarchy.logger(id).disabled)
        })
        .cloned()
        .collect();
    disabled.sort();
    disabled
}

/// The same from the oracle's logger table (pre-existing loggers only).
pub fn golden_disabled(golden: &Value) -> Vec<String> {
    let before: Vec<&str> = golden["existing_before"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut disabled: Vec<String> = before
        .iter()
        .filter(|n| golden["loggers"][**n]["disabled"].as_bool() == Some(true))
        .map(|n| n.to_string())
        .collect();
    disabled.sort();
    disabled
}

#[test]
fn every_recorded_host_run_gets_the_real_hosts_verdict() {
    let index: Value = serde_json::from_slice(
        &std::fs::read(root().join("tests/goldens/hosts/index.json")).expect("index"),
    )
    .expect("index json");
    let runs = index["runs"].as_array().expect("runs");
    assert!(runs.len() >= 100, "only {} recorded runs", runs.len());
    let mut mismatches = Vec::new();
    for (i, entry) in runs.iter().enumerate() {
        let fixture = root().join(entry["fixture"].as_str().expect("fixture"));
        let golden: Value = serde_json::from_slice(
            &std::fs::read(root().join(entry["golden"].as_str().expect("golden"))).expect("golden"),
        )
        .expect("golden json");
        let run = Run::from_args(
            entry["host"].as_str().expect("host"),
            entry["args"].as_array().expect("args"),
        );
        let name = fixture
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read(&fixture).expect("fixture");
        let (report, cwd) = check_as_oracle(&name, &text, &run, &format!("g{i}"));
        let (want, got) = (golden_verdict(&golden), verdict(&report, &cwd));
        let label = format!("{} --host {}", entry["fixture"], run.host);
        if want != got {
            mismatches.push(format!("{label}\n  real host: {want}\n  logcheck:  {got}"));
        } else if want == "ok" && disabled_after(&report, &run) != golden_disabled(&golden) {
            mismatches.push(format!(
                "{label}: disabled loggers\n  real host: {:?}\n  logcheck:  {:?}",
                golden_disabled(&golden),
                disabled_after(&report, &run)
            ));
        }
        let detected = Host::detect(&text).name();
        if entry["detected"].as_str() != Some(detected) {
            mismatches.push(format!(
                "{label}: detected {detected}, recorded {}",
                entry["detected"]
            ));
        }
        let _ = std::fs::remove_dir_all(&cwd);
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn templates_check_clean_under_their_detected_host() {
    let index: Value = serde_json::from_slice(
        &std::fs::read(root().join("tests/goldens/hosts/index.json")).expect("index"),
    )
    .expect("index json");
    let mut templates: Vec<&str> = index["runs"]
        .as_array()
        .expect("runs")
        .iter()
        .filter(|r| r["kind"] == "template")
        .filter_map(|r| r["fixture"].as_str())
        .collect();
    templates.sort_unstable();
    templates.dedup();
    assert!(templates.len() >= 10, "{templates:?}");
    let mut unclean = Vec::new();
    for fixture in templates {
        let text = std::fs::read(root().join(fixture)).expect("template");
        let name = Path::new(fixture)
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let run = Run {
            host: Host::detect(&text),
            existing: Vec::new(),
            mkdir: Vec::new(),
            absolute: false,
        };
        let (report, cwd) = check_as_oracle(&name, &text, &run, "template");
        let findings: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity != logcheck::Severity::Info)
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        if report.python_error.is_some() || !findings.is_empty() {
            unclean.push(format!(
                "{fixture} under {}: {:?} {findings:?}",
                run.host, report.python_error
            ));
        }
        let _ = std::fs::remove_dir_all(&cwd);
    }
    assert!(unclean.is_empty(), "{}", unclean.join("\n"));
}

/// uvicorn registers `TRACE` before fileConfig: a TRACE logger level loads,
/// and a record at level 5 is named TRACE in `simulate`, as
/// `getLevelName(5)` is in uvicorn's process. A plain fileConfig rejects
/// the same file.
#[test]
fn simulate_names_level_5_trace_under_uvicorn() {
    use logcheck::{Call, Level, SimOptions, simulate_bytes};
    let text =
        std::fs::read(root().join("tests/fixtures/hosts/trace-level.conf")).expect("fixture");
    let opts = |host| SimOptions {
        host: Some(host),
        calls: Some(vec![Call::new("uvicorn", Level(5))]),
        ..SimOptions::default()
    };
    let uvicorn = simulate_bytes("trace-level.conf", &text, &opts(Host::Uvicorn)).expect("runs");
    assert_eq!(uvicorn.error, None);
    assert_eq!(
        uvicorn.stderr,
        "TRACE uvicorn this is trace level message\n"
    );
    let plain = simulate_bytes("trace-level.conf", &text, &opts(Host::Plain)).expect("runs");
    assert_eq!(
        plain.error.map(|e| e.to_string()).as_deref(),
        Some("ValueError: Unknown level: 'TRACE'")
    );
}
