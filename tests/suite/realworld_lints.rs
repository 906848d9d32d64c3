//! Done-when of the lints issue: every mistake that tests/fixtures/realworld/
//! verdicts.json names (field `mistakes`, read by hand) and that a rule covers
//! is reported. The table below was derived from those `mistakes` texts; each
//! entry names the file number, the codes expected and the mistake.
//!
//! Files are checked as the verdicts were recorded: from an empty working
//! directory, with the file's `define`s.

use logcheck::check::{CheckOptions, check_path};
use std::path::PathBuf;

/// (file number, codes that must be reported, the mistake they cover)
const EXPECTED: &[(&str, &[&str], &str)] = &[
    ("001", &["LC618"], "propagate=0 in [logger_root] is ignored"),
    ("003", &["LC609"], "[logger_log05] not listed in keys"),
    (
        "004",
        &["LC607"],
        "detailedConsoleHandler defined but unused",
    ),
    ("007", &["LC609"], "[handler_file] not listed in keys"),
    ("008", &["LC609"], "[logger_calculate] not listed in keys"),
    (
        "013",
        &["LC627"],
        "[DEFAULT] options nothing reads or references",
    ),
    ("014", &["LC609"], "[handler_console] not listed in keys"),
    ("019", &["LC607"], "handler 'file' attached to no logger"),
    (
        "022",
        &["LC618", "LC606"],
        "suffix= is an ignored section key; root has no handlers (last resort only), found although log/ is missing",
    ),
    (
        "028",
        &["LC607", "LC609"],
        "SysLogHandler attached to no logger; unlisted logger sections",
    ),
    (
        "031",
        &["LC607"],
        "SysLog and File handlers built but unused",
    ),
    (
        "039",
        &["LC618"],
        "interval= / backupCount= written as section keys",
    ),
    ("040", &["LC618"], "qualname in [logger_root] is ignored"),
    ("044", &["LC622"], "FileHandler mode 'ab'"),
    ("045", &["LC620"], "datefmt= written on the format line"),
    ("046", &["LC618"], "qualname in [logger_root] is ignored"),
    ("048", &["LC608"], "formatter 'simple' unused"),
    ("054", &["LC614"], "stram = ext://sys.stdout"),
    (
        "061",
        &["LC610", "LC606"],
        "[logger_] with empty qualname reconfigures root with no handlers",
    ),
    (
        "068",
        &["LC621"],
        "qualname 'shaptools,hanadb_exporter' is one logger",
    ),
    (
        "069",
        &["LC617"],
        "relative path '../../output/log/spot.log'",
    ),
    ("072", &["LC614"], "validate=True ignored by fileConfig"),
    (
        "073",
        &["LC606", "LC618"],
        "no handlers anywhere; qualname=root in [logger_root]",
    ),
    (
        "075",
        &["LC616", "LC609"],
        "Windows path '..\\logs\\excalibur.log'; unlisted logger sections",
    ),
    ("077", &["LC624"], "'utf-8' lands in backupCount"),
    (
        "078",
        &["LC618"],
        "max_bytes / backup_count section keys ignored",
    ),
    (
        "079",
        &["LC618"],
        "mode= / encoding= / when= / interval= / backupCount= ignored",
    ),
    ("081", &["LC618"], "json_lib= section key ignored"),
    ("088", &["LC619"], "stray apostrophe in datefmt"),
    ("089", &["LC618"], "interval= / backupCount= ignored"),
    ("090", &["LC619"], "double quotes around format and datefmt"),
    (
        "091",
        &["LC618"],
        "lever=, fromatter=, form01=/form02= ignored",
    ),
    ("093", &["LC609"], "[handler_filert] not listed"),
    (
        "096",
        &["LC625"],
        "FileHandler and RotatingFileHandler on the same file",
    ),
    (
        "097",
        &["LC609"],
        "section is [logger_importLogger] but keys list 'logger'",
    ),
    (
        "098",
        &["LC603"],
        "%(_pid)d / %(_threadid)d are not LogRecord attributes",
    ),
    (
        "099",
        &["LC607"],
        "formatter 'default' defined but unused (its handler is unused)",
    ),
    (
        "100",
        &["LC618", "LC605"],
        "propagage=0 typo: records printed twice",
    ),
    (
        "101",
        &["LC619", "LC618"],
        "quotes part of format/datefmt; encoding= ignored",
    ),
    ("103", &["LC609"], "unlisted [handler_rotating_file]"),
    ("105", &["LC625"], "two handlers on the same file"),
];

#[test]
fn every_covered_mistake_is_reported() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/realworld");
    let verdicts: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("verdicts.json")).unwrap()).unwrap();
    let files = verdicts["files"].as_array().unwrap();
    let cwd = std::env::temp_dir().join(format!("logcheck-realworld-lints-{}", std::process::id()));
    std::fs::create_dir_all(&cwd).unwrap();
    let mut failures = Vec::new();
    for (number, codes, mistake) in EXPECTED {
        let entry = files
            .iter()
            .find(|f| f["file"].as_str().unwrap_or("").starts_with(number))
            .unwrap_or_else(|| panic!("{number} not in verdicts.json"));
        assert!(
            entry["mistakes"].as_str().is_some_and(|m| !m.is_empty()),
            "{number}: verdicts.json names no mistake"
        );
        let name = entry["file"].as_str().unwrap();
        let defines = entry["define"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let opts = CheckOptions {
            cwd: cwd.clone(),
            defines,
            ..CheckOptions::default()
        };
        let report = check_path(&dir.join(name).to_string_lossy(), &opts);
        let found: Vec<&str> = report.diagnostics.iter().map(|d| d.code).collect();
        for code in *codes {
            if !found.contains(code) {
                failures.push(format!(
                    "{name}: {code} not reported ({mistake}); found {found:?}"
                ));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&cwd);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
