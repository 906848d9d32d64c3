//! `logcheck check` on dictConfig files (`*.json`, `*.yaml`) against the
//! real loading: generated documents (valid and broken, from
//! `dictconfig_live`'s generator), some with a syntax error planted, are
//! written to files and loaded as the host does (`json.load` or
//! `yaml.safe_load` then `dictConfig`; uvicorn's `Config(log_config=...)`;
//! gunicorn's `--log-config-json`, its own `CONFIG_DEFAULTS` updated),
//! by `tests/oracle/dictconfig_oracle.py --files` in the host venv (PyYAML,
//! uvicorn). The report's `python_error` and `python_cause` must be the
//! exception and `__cause__` CPython raised, or both load. Verdicts that rest
//! on an assumption (a factory, an unmodelled class) are counted, not compared.

use crate::common::{self, Rng};
use crate::dictconfig_live::generate;
use crate::dictconfig_yaml_live::host_python;
use logcheck::Host;
use logcheck::check::{CheckOptions, ConfigFormat, FileReport, check_bytes};
use logcheck::diagnostic::PyException;
use logcheck::version::PyVersion;
use serde_json::{Value, json};

/// One generated file: its name, text and host.
struct Case {
    name: String,
    text: String,
    host: Host,
}

/// A document as a file: JSON text (also read as YAML, PyYAML's flow
/// style), sometimes with one mistake planted in the text.
fn case(rng: &mut Rng, i: usize) -> Case {
    let doc = generate(rng);
    let mut text = if rng.chance(50) {
        serde_json::to_string_pretty(&doc).expect("json")
    } else {
        serde_json::to_string(&doc).expect("json")
    };
    if rng.chance(12) {
        plant_syntax_error(rng, &mut text);
    }
    let suffix = *rng.pick(&["json", "yaml", "yml"]);
    // gunicorn reads JSON only (`--log-config-json`)
    let host = match rng.below(10) {
        0..=2 => Host::Uvicorn,
        3..=4 if suffix == "json" => Host::Gunicorn,
        _ => Host::Plain,
    };
    Case {
        name: format!("case{i}.{suffix}"),
        text,
        host,
    }
}

/// A trailing comma, a missing comma, a cut-off end or a stray character.
fn plant_syntax_error(rng: &mut Rng, text: &mut String) {
    let positions: Vec<usize> = text
        .match_indices(['}', ',', ':'])
        .map(|(i, _)| i)
        .collect();
    let Some(&at) = positions.get(rng.below(positions.len().max(1))) else {
        return;
    };
    match rng.below(4) {
        0 => text.insert(at, ','),
        1 if text[at..].starts_with(',') => text.replace_range(at..at + 1, " "),
        2 => text.truncate(at),
        _ => text.insert(at, *rng.pick(&['@', '\t', '\'', '%'])),
    }
}

/// The report's verdict in the oracle's shape.
fn verdict(report: &FileReport) -> Value {
    let exc = |e: &PyException| json!({"type": e.type_name, "message": e.message});
    match &report.python_error {
        None => json!({"ok": true}),
        Some(e) => json!({
            "ok": false,
            "type": e.type_name,
            "message": e.message,
            "cause": report.python_cause.as_ref().map(exc),
        }),
    }
}

#[test]
fn check_on_dictconfig_files_matches_cpython() {
    let Some(python) = host_python() else {
        return;
    };
    let version: PyVersion = common::python_version(&python).parse().expect("version");
    let seed = common::live_seed();
    let mut rng = Rng::new(seed);
    let cases: Vec<Case> = (0..common::live_cases(250))
        .map(|i| case(&mut rng, i))
        .collect();
    let (equal, syntax) = run_cases(&python, version, &cases, seed);
    assert!(
        syntax > 0 && equal > syntax,
        "too few kinds of verdict: {equal} equal, {syntax} syntax"
    );
    // JSON files under a plain program (the standard library only) on every
    // other installed CPython 3.8-3.13: verdicts and causes differ between
    // versions
    let json: Vec<Case> = cases
        .into_iter()
        .filter(|c| c.name.ends_with(".json"))
        .map(|c| Case {
            host: Host::Plain,
            ..c
        })
        .collect();
    for (other, v) in common::interpreters_by_version() {
        if v != version {
            run_cases(&other, v, &json, seed);
        }
    }
}

/// Checks `cases` with logcheck, then loads them with `python`: every
/// verdict that rests on no assumption must be equal. Returns how many were
/// equal and how many of those the reader raised.
fn run_cases(
    python: &std::path::Path,
    version: PyVersion,
    cases: &[Case],
    seed: u64,
) -> (usize, usize) {
    let dir =
        std::env::temp_dir().join(format!("logcheck-dccheck-{}-{version}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let cwd = dir.canonicalize().expect("canonical");
    // logcheck first: the oracle's handlers create files in `cwd`
    let reports: Vec<FileReport> = cases
        .iter()
        .map(|c| {
            let opts = CheckOptions {
                version,
                cwd: cwd.clone(),
                host: Some(c.host),
                env: Some(Vec::new()),
                ..CheckOptions::default()
            };
            check_bytes(&c.name, c.text.as_bytes(), &opts)
        })
        .collect();
    let input: Vec<Value> = cases
        .iter()
        .map(|c| json!({"name": c.name, "text": c.text, "host": c.host.name()}))
        .collect();
    let script = common::oracle_script("dictconfig_oracle.py");
    let out = common::run_python(
        python,
        &[script.as_os_str(), "--files".as_ref(), cwd.as_os_str()],
        serde_json::to_vec(&input).expect("json"),
    );
    let expected: Vec<Value> = serde_json::from_slice(&out).expect("oracle output");
    let _ = std::fs::remove_dir_all(&dir);
    let (mut equal, mut assumed, mut syntax, mut failures) = (0, 0, 0, Vec::new());
    for ((c, report), want) in cases.iter().zip(&reports).zip(&expected) {
        assert_ne!(report.format, ConfigFormat::Ini, "{} read as INI", c.name);
        if report.verdict_uncertain {
            assumed += 1;
            continue;
        }
        let got = verdict(report);
        if &got != want {
            failures.push(format!(
                "{version} {} ({:?}):\n{}\n  python:   {want}\n  logcheck: {got}",
                c.name, c.host, c.text
            ));
            continue;
        }
        equal += 1;
        let reader = report
            .python_error
            .as_ref()
            .is_some_and(|e| report.raised_by(e) != "dictConfig");
        syntax += usize::from(reader);
    }
    eprintln!(
        "dictConfig files, python {version}: {equal} equal ({syntax} raised by the reader), {assumed} rest on assumptions, seed {seed}"
    );
    assert!(
        failures.is_empty(),
        "{} mismatches (LOGCHECK_SEED={seed}):\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    (equal, syntax)
}

/// The recorded loads of `tests/goldens/dictconfig/files.json` (always
/// runs; re-record with `tests/oracle/record_dictconfig_file_goldens.py`):
/// the samples, gunicorn's defaults and error wrapping, uvicorn's `TRACE`,
/// the readers' errors as a file names them.
#[test]
fn dictconfig_file_goldens() {
    let goldens: Vec<Value> =
        serde_json::from_str(include_str!("../goldens/dictconfig/files.json")).expect("goldens");
    let dir = std::env::temp_dir().join(format!("logcheck-dcgold-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut failures = Vec::new();
    let mut compared = 0;
    for g in &goldens {
        let name = g["name"].as_str().expect("name");
        let host = Host::ALL
            .into_iter()
            .find(|h| h.name() == g["host"])
            .expect("host");
        let opts = CheckOptions {
            version: g["python"]
                .as_str()
                .expect("python")
                .parse()
                .expect("version"),
            cwd: dir.canonicalize().expect("canonical"),
            host: Some(host),
            // the recording venv has these installed
            importable: vec!["uvicorn".into(), "gunicorn".into()],
            env: Some(Vec::new()),
            ..CheckOptions::default()
        };
        let report = check_bytes(name, g["text"].as_str().expect("text").as_bytes(), &opts);
        if report.verdict_uncertain && g["expect"]["ok"] == true {
            continue; // loads, assuming the importable classes construct
        }
        compared += 1;
        let got = verdict(&report);
        if got != g["expect"] {
            failures.push(format!(
                "{name} ({host:?}):\n  python:   {}\n  logcheck: {got}",
                g["expect"]
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        compared + 2 >= goldens.len(),
        "only {compared} of {} compared",
        goldens.len()
    );
}
