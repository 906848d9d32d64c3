//! Live test of the handler lints and LC607 on dictConfig documents: each
//! document plants one mistake; `check` must report the rule, and what the
//! finding claims happens must happen when CPython's `dictConfig` loads the
//! document and logs through it (`tests/oracle/fileconfig_oracle.py`,
//! `"loader": "dictconfig"`), where `simulate` must print exactly what
//! CPython printed.

use crate::common;
use logcheck::check::{CheckOptions, check_bytes};
use logcheck::simulate::{SimOptions, parse_calls, simulate_bytes};
use logcheck::version::PyVersion;
use serde_json::{Value, json};

/// A planted mistake: the rule, the document, and what CPython must show
/// for the claim to hold (a substring of its stderr, or a written file's name).
struct Planted {
    code: &'static str,
    document: &'static str,
    claim: Claim,
}

enum Claim {
    /// stderr holds this text (a `--- Logging error ---` block's exception).
    Stderr(&'static str),
    /// CPython wrote (or created) a file of this name.
    File(&'static str),
    /// CPython wrote this file with lines from both handlers.
    SharedFile(&'static str),
    /// A logging call raised this exception (`Type: message`) into the caller.
    CallRaises(&'static str),
}

const PLANTED: &[Planted] = &[
    Planted {
        code: "LC623",
        document: r#"{"version": 1, "handlers": {"out": {"class": "logging.StreamHandler", "stream": "sys.stdout"}},
                      "root": {"handlers": ["out"]}}"#,
        claim: Claim::Stderr("AttributeError: 'str' object has no attribute 'write'"),
    },
    Planted {
        code: "LC622",
        document: r#"{"version": 1, "handlers": {"f": {"class": "logging.FileHandler", "filename": "a.log", "mode": "ab"}},
                      "root": {"handlers": ["f"]}}"#,
        claim: Claim::Stderr("TypeError: a bytes-like object is required, not 'str'"),
    },
    Planted {
        code: "LC613",
        document: r#"{"version": 1, "handlers": {"f": {"class": "logging.FileHandler", "filename": "logs\table.log"}},
                      "root": {"handlers": ["f"]}}"#,
        claim: Claim::File("logs\table.log"),
    },
    Planted {
        code: "LC629",
        document: r#"{"version": 1, "handlers": {"f": {"class": "logging.FileHandler", "filename": "a.log",
                      "encoding": "utf-99", "delay": true}}, "root": {"handlers": ["f"]}}"#,
        claim: Claim::CallRaises("LookupError: unknown encoding: utf-99"),
    },
    Planted {
        code: "LC629",
        document: r#"{"version": 1, "handlers": {"f": {"class": "logging.handlers.RotatingFileHandler", "filename": "r.log",
                      "encoding": "hex", "delay": true}}, "root": {"handlers": ["f"]}}"#,
        claim: Claim::Stderr("LookupError: 'hex' is not a text encoding"),
    },
    Planted {
        code: "LC630",
        document: r#"{"version": 1, "handlers": {"base": {"class": "logging.Handler"}}, "root": {"handlers": ["base"]}}"#,
        claim: Claim::CallRaises(
            "NotImplementedError: emit must be implemented by Handler subclasses",
        ),
    },
    Planted {
        code: "LC616",
        document: r#"{"version": 1, "handlers": {"f": {"class": "logging.FileHandler", "filename": "logs\\app.log"}},
                      "root": {"handlers": ["f"]}}"#,
        claim: Claim::File("logs\\app.log"),
    },
    Planted {
        code: "LC624",
        document: r#"{"version": 1, "handlers": {"f": {"class": "logging.handlers.RotatingFileHandler", "filename": "r.log",
                      "maxBytes": 5, "backupCount": "utf-8"}}, "root": {"handlers": ["f"]}}"#,
        claim: Claim::Stderr("TypeError: '>' not supported between instances of 'str' and 'int'"),
    },
    Planted {
        code: "LC625",
        document: r#"{"version": 1, "formatters": {"a": {"format": "a %(message)s"}, "b": {"format": "b %(message)s"}},
                      "handlers": {"one": {"class": "logging.FileHandler", "filename": "same.log", "formatter": "a"},
                                   "two": {"class": "logging.FileHandler", "filename": "./same.log", "formatter": "b"}},
                      "root": {"handlers": ["one", "two"]}}"#,
        claim: Claim::SharedFile("same.log"),
    },
    Planted {
        code: "LC607",
        document: r#"{"version": 1, "handlers": {"out": {"class": "logging.StreamHandler"},
                      "spare": {"class": "logging.FileHandler", "filename": "spare.log"}},
                      "root": {"handlers": ["out"]}}"#,
        claim: Claim::File("spare.log"),
    },
];

#[test]
fn handler_lint_claims_on_dictconfig_hold_in_cpython() {
    let Some(python) = common::python3() else {
        return;
    };
    let version: PyVersion = common::python_version(&python)
        .parse()
        .expect("python version");
    let dir = std::env::temp_dir().join(format!("logcheck-dclints-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let calls = json!([{"logger": "app", "level": "WARNING", "msg": "first"},
                       {"logger": "app", "level": "ERROR", "msg": "second"}]);
    let requests: Vec<Value> = (PLANTED.iter().enumerate())
        .map(|(i, p)| {
            let path = dir.join(format!("case{i}.json"));
            std::fs::write(&path, p.document).expect("write");
            json!({"id": i, "config": path.to_string_lossy(), "calls": calls, "loader": "dictconfig"})
        })
        .collect();
    let results: Vec<Value> = (common::fileconfig_oracle_batch(&python, &requests).into_iter())
        .map(|answer| answer["result"].clone())
        .collect();
    let mut problems = Vec::new();
    for (i, (planted, cpython)) in PLANTED.iter().zip(&results).enumerate() {
        let path = dir
            .join(format!("case{i}.json"))
            .to_string_lossy()
            .into_owned();
        let report = check_bytes(
            &path,
            planted.document.as_bytes(),
            &CheckOptions {
                version,
                ..Default::default()
            },
        );
        if !report.diagnostics.iter().any(|d| d.code == planted.code) {
            problems.push(format!(
                "{}: not reported ({:?})",
                planted.code,
                codes(&report.diagnostics)
            ));
        }
        if !holds(&planted.claim, cpython) {
            problems.push(format!(
                "{}: CPython does not show the claim: {cpython}",
                planted.code
            ));
        }
        let opts = SimOptions {
            version,
            calls: Some(parse_calls(&calls).expect("calls")),
            ..Default::default()
        };
        let simulated =
            simulate_bytes(&path, planted.document.as_bytes(), &opts).map(|r| r.to_json());
        if simulated.as_ref().ok() != Some(cpython) {
            problems.push(format!(
                "{}: simulate {simulated:?}\n  CPython {cpython}",
                planted.code
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        problems.is_empty(),
        "CPython {version}:\n{}",
        problems.join("\n")
    );
}

fn codes(diagnostics: &[logcheck::diagnostic::Diagnostic]) -> Vec<&str> {
    diagnostics.iter().map(|d| d.code).collect()
}

/// Whether CPython's result shows what the finding claims.
fn holds(claim: &Claim, result: &Value) -> bool {
    let files = result["files"].as_object();
    match claim {
        Claim::Stderr(text) => result["streams"]["stderr"]
            .as_str()
            .is_some_and(|s| s.contains(text)),
        Claim::File(name) => files.is_some_and(|f| f.contains_key(*name)),
        Claim::CallRaises(text) => (result["call_exceptions"].as_array().into_iter().flatten())
            .any(|e| {
                format!(
                    "{}: {}",
                    e["type"].as_str().unwrap_or(""),
                    e["message"].as_str().unwrap_or("")
                ) == *text
            }),
        Claim::SharedFile(name) => (files.and_then(|f| f.get(*name)).and_then(Value::as_str))
            .is_some_and(|text| {
                text.lines().any(|l| l.starts_with("a "))
                    && text.lines().any(|l| l.starts_with("b "))
            }),
    }
}
