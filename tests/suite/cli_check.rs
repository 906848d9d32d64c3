//! The `logcheck` binary: snapshots of `check` output (full and concise with
//! NO_COLOR=1, JSON) for the broken samples, the seed config and a few
//! Appendix A fixtures; exit codes, `--strict`, `--format github|sarif`,
//! `dump --format json` against py_read.py's committed golden, the default
//! subcommand and a missing file.
//!
//! Paths in the output are made machine-independent: the repository path
//! becomes `<repo>`. Review snapshot changes with `cargo insta review`.

use insta_cmd::get_cargo_bin;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `logcheck ARGS` from the repository root with `--cwd samples` semantics
/// left to the caller; returns (exit code, stdout with `<repo>`).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(get_cargo_bin("logcheck"))
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("run logcheck");
    let root = repo().to_string_lossy().into_owned();
    let clean = |b: &[u8]| String::from_utf8_lossy(b).replace(&root, "<repo>");
    (
        out.status.code().unwrap_or(-1),
        clean(&out.stdout),
        clean(&out.stderr),
    )
}

const SNAPSHOT_FILES: &[&str] = &[
    "samples/broken/web-service-broken.conf",
    "samples/broken/worker-broken.conf",
    "samples/seed/log.conf",
    "tests/fixtures/fileconfig/H02.ini",
    "tests/fixtures/fileconfig/H10.ini",
    "tests/fixtures/fileconfig/F03.ini",
    "samples/dictconfig/service-logging.json",
    "samples/dictconfig/uvicorn-logging.yaml",
];

fn snapshot_name(file: &str) -> String {
    Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn check_output_snapshots() {
    for file in SNAPSHOT_FILES {
        let name = snapshot_name(file);
        for format in ["full", "concise", "json"] {
            let (code, stdout, stderr) =
                run(&["check", "--cwd", "samples", "--format", format, file]);
            assert!(stderr.is_empty() || format != "json", "{file}: {stderr}");
            insta::assert_snapshot!(
                format!("{name}-{format}"),
                format!("exit code: {code}\n{stdout}{stderr}")
            );
        }
    }
}

#[test]
fn exit_codes() {
    // errors → 1
    let (code, ..) = run(&["check", "samples/broken/worker-broken.conf"]);
    assert_eq!(code, 1);
    // loads → 0 (logs/ need not exist: FileHandlers there use delay or the
    // sample is run from its own directory)
    let (code, out, _) = run(&[
        "check",
        "--cwd",
        "samples",
        "samples/python-docs-example.conf",
    ]);
    assert_eq!(code, 0, "{out}");
    // usage error → 2
    let (code, ..) = run(&["check", "--format", "nope", "samples/seed/log.conf"]);
    assert_eq!(code, 2);
    let (code, ..) = run(&["check", "--cwd", "no/such/dir", "samples/seed/log.conf"]);
    assert_eq!(code, 2);
}

#[test]
fn strict_counts_warnings() {
    // find a sample that loads with warnings: strict must turn 0 into 1
    for file in [
        "samples/python-docs-example.conf",
        "samples/web-service.conf",
        "samples/worker-service.conf",
        "samples/seed/log-fixed.conf",
    ] {
        let (code, out, _) = run(&["check", "--cwd", "samples", "--format", "json", file]);
        let json: Value = serde_json::from_str(&out).expect("json");
        let diags = json["files"][0]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let errors = diags.iter().filter(|d| d["severity"] == "error").count();
        let warnings = diags.iter().filter(|d| d["severity"] == "warning").count();
        assert_eq!(code, i32::from(errors > 0), "{file}");
        let (strict, ..) = run(&["check", "--strict", "--cwd", "samples", file]);
        assert_eq!(strict, i32::from(errors + warnings > 0), "{file} --strict");
    }
}

#[test]
fn github_and_sarif_formats() {
    let file = "samples/broken/worker-broken.conf";
    let (code, out, _) = run(&["check", "--format", "github", file]);
    assert_eq!(code, 1);
    assert!(out.lines().any(|l| l.starts_with("::error file=")), "{out}");
    let (code, out, _) = run(&["check", "--format", "sarif", file]);
    assert_eq!(code, 1);
    let sarif: Value = serde_json::from_str(&out).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let rule_ids: Vec<&str> = results
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    for expected in ["LC501", "LC301", "LC302", "LC104"] {
        assert!(
            rule_ids.contains(&expected),
            "{expected} missing in {rule_ids:?}"
        );
    }
}

#[test]
fn default_subcommand_is_check() {
    let file = "samples/broken/worker-broken.conf";
    let explicit = run(&["check", "--format", "concise", file]);
    let implicit = run(&["--format", "concise", file]);
    assert_eq!(explicit, implicit);
    let plain = run(&[file]);
    assert_eq!(plain.0, 1);
}

#[test]
fn missing_file_is_exit_2() {
    let (code, out, err) = run(&["check", "--format", "json", "no-such-file.conf"]);
    assert_eq!(code, 2, "{out}{err}");
    let json: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        json["files"][0]["python_error"]["type"], "FileNotFoundError",
        "{json}"
    );
}

#[test]
fn dump_json_equals_configparser_golden() {
    let goldens: Value = serde_json::from_slice(
        &std::fs::read(repo().join("tests/goldens/ini_corpus.json")).expect("golden"),
    )
    .expect("json");
    let mut compared = 0;
    for key in [
        "01_baseline",
        "07_default_override_interp",
        "12_continuation_args",
        "28_dup_option",
        "44_bom",
        "46_unicode",
    ] {
        let path = format!("tests/fixtures/ini-corpus/{key}.ini");
        if !repo().join(&path).exists() {
            continue;
        }
        let (_, out, _) = run(&["dump", "--format", "json", &path]);
        let mut got: Value = serde_json::from_str(&out).expect("dump json");
        let want = &goldens[key];
        // positions are extra keys: compare the keys py_read.py prints
        if let Some(obj) = got.as_object_mut() {
            obj.retain(|k, _| want.get(k).is_some());
        }
        assert_eq!(&strip_extra(&got, want), want, "{key}");
        compared += 1;
    }
    assert_eq!(compared, 6, "corpus files compared");
}

/// Keeps only the keys `want` has (recursively), so positions may be extra.
fn strip_extra(got: &Value, want: &Value) -> Value {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => Value::Object(
            w.keys()
                .filter_map(|k| g.get(k).map(|v| (k.clone(), strip_extra(v, &w[k]))))
                .collect(),
        ),
        (Value::Array(g), Value::Array(w)) => Value::Array(
            g.iter()
                .zip(w.iter().chain(std::iter::repeat(&Value::Null)))
                .map(|(a, b)| strip_extra(a, b))
                .collect(),
        ),
        _ => got.clone(),
    }
}

/// `--host` on each command: the verdict names the host, the JSON carries
/// it, explain/tree/simulate load the file as that host does.
#[test]
fn host_commands_snapshots() {
    let commands: &[(&str, &[&str])] = &[
        (
            "host-gunicorn-check",
            &[
                "check",
                "--host",
                "gunicorn",
                "tests/fixtures/hosts/logger-without-handlers.conf",
            ],
        ),
        (
            "host-uvicorn-explain",
            &[
                "explain",
                "uvicorn",
                "-c",
                "tests/fixtures/hosts/trace-level.conf",
                "--host",
                "uvicorn",
            ],
        ),
        (
            "host-plain-explain-trace",
            &[
                "explain",
                "uvicorn",
                "-c",
                "tests/fixtures/hosts/trace-level.conf",
            ],
        ),
        (
            "host-uvicorn-tree",
            &[
                "tree",
                "--host",
                "uvicorn",
                "tests/fixtures/hosts/trace-level.conf",
            ],
        ),
        (
            "host-pserve-simulate",
            &["simulate", "tests/fixtures/hosts/paste-no-loggers.ini"],
        ),
        (
            "host-pserve-check",
            &["check", "tests/fixtures/hosts/paste-no-loggers.ini"],
        ),
        // fails only because of this machine: named, then answered
        (
            "environment-seed-explain",
            &["explain", "eg02", "-c", "samples/seed/log.conf"],
        ),
        (
            "environment-seed-simulate",
            &["simulate", "samples/seed/log.conf"],
        ),
        (
            "environment-module-tree",
            &["tree", "tests/fixtures/environment/custom-module.conf"],
        ),
        // dictConfig documents: the same model, lints and commands
        (
            "dictconfig-duplicate-delivery",
            &["check", "tests/fixtures/dictconfig/duplicate-delivery.yaml"],
        ),
        (
            "dictconfig-tree",
            &["tree", "samples/dictconfig/uvicorn-logging.yaml"],
        ),
        (
            "dictconfig-format-lints",
            &["check", "tests/fixtures/dictconfig/format-lints.json"],
        ),
        (
            "dictconfig-simulate",
            &["simulate", "samples/dictconfig/uvicorn-logging.yaml"],
        ),
        (
            "dictconfig-filters-explain",
            &[
                "explain",
                "app",
                "-c",
                "tests/fixtures/dictconfig/filters.yaml",
            ],
        ),
        (
            "dictconfig-filters-explain-other",
            &[
                "explain",
                "lib",
                "-c",
                "tests/fixtures/dictconfig/filters.yaml",
            ],
        ),
        (
            "dictconfig-handler-lints",
            &["check", "tests/fixtures/dictconfig/handler-lints.yaml"],
        ),
        (
            "dictconfig-filters-tree",
            &["tree", "tests/fixtures/dictconfig/filters.yaml"],
        ),
        (
            "dictconfig-custom-logger-filter-explain",
            &[
                "explain",
                "app",
                "-c",
                "tests/fixtures/dictconfig/custom-logger-filter.yaml",
            ],
        ),
        (
            "dictconfig-custom-filter-explain",
            &[
                "explain",
                "app",
                "-c",
                "tests/fixtures/dictconfig/custom-filter.yaml",
            ],
        ),
    ];
    for (name, args) in commands {
        let (code, stdout, stderr) = run(args);
        insta::assert_snapshot!(*name, format!("exit code: {code}\n{stdout}{stderr}"));
    }
}

#[test]
fn json_names_the_detected_host() {
    let (_, stdout, _) = run(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/templates/alembic/generic.alembic.ini",
        "tests/fixtures/templates/pyramid/development.ini",
        "samples/web-service.conf",
    ]);
    let doc: Value = serde_json::from_str(&stdout).expect("json");
    let hosts: Vec<&str> = doc["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["host"].as_str())
        .collect();
    assert_eq!(hosts, ["alembic", "pserve", "plain"]);
    let (_, stdout, _) = run(&[
        "check",
        "--format",
        "json",
        "--host",
        "uvicorn",
        "tests/fixtures/templates/alembic/generic.alembic.ini",
    ]);
    let doc: Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(doc["files"][0]["host"], "uvicorn");
}

/// The answer given after setting an environment failure aside is the one
/// the same command gives where the environment allows the load (the
/// `--mkdir`/`--importable` the note names): explain and tree run the same
/// model either way.
#[test]
fn set_aside_answers_equal_the_answers_where_the_file_loads() {
    let pairs: &[(&[&str], &[&str])] = &[
        (
            &["explain", "eg02", "-c", "samples/seed/log.conf"],
            &[
                "explain",
                "eg02",
                "-c",
                "samples/seed/log.conf",
                "--mkdir",
                "d:",
            ],
        ),
        (
            &["tree", "tests/fixtures/environment/custom-module.conf"],
            &[
                "tree",
                "tests/fixtures/environment/custom-module.conf",
                "--importable",
                "raven",
            ],
        ),
        (
            &["simulate", "samples/seed/log.conf"],
            &["simulate", "samples/seed/log.conf", "--mkdir", "d:"],
        ),
    ];
    for (set_aside, given) in pairs {
        let (code_a, out_a, err_a) = run(set_aside);
        let (code_b, out_b, err_b) = run(given);
        assert_eq!(
            (code_a, &out_a),
            (code_b, &out_b),
            "{set_aside:?} vs {given:?}"
        );
        assert!(err_a.starts_with("note: here "), "{err_a}");
        assert!(!err_b.contains("does not load"), "{err_b}");
    }
}

/// A config of `loggers` loggers, each with the root's handler: one LC605
/// (duplicate delivery) per logger, ≈ 75 bytes per logger.
fn config_with_a_finding_per_logger(loggers: usize) -> String {
    let keys: Vec<String> = (0..loggers).map(|i| format!("l{i}")).collect();
    let mut text = format!(
        "[loggers]\nkeys=root,{}\n\n[handlers]\nkeys=console\n\n[formatters]\nkeys=\n\n\
         [logger_root]\nlevel=INFO\nhandlers=console\n\n\
         [handler_console]\nclass=StreamHandler\nargs=(sys.stderr,)\n",
        keys.join(",")
    );
    for key in &keys {
        text.push_str(&format!(
            "\n[logger_{key}]\nqualname=app.{key}\nhandlers=console\n"
        ));
    }
    text
}

/// The diagnostics `check --format json` reports for the file named `name`.
fn json_diagnostics(stdout: &str, name: &str) -> Vec<Value> {
    let report: Value = serde_json::from_str(stdout).expect("check --format json prints JSON");
    let files = report["files"].as_array().expect("a files array");
    let file = files
        .iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(name)))
        .expect("the file's report");
    file["diagnostics"].as_array().expect("diagnostics").clone()
}

/// A large file checked on its own runs on the heap the binary prepares for
/// large inputs (src/cli/heap.rs, from 128 KiB); checked with three other
/// files it runs on the walk's threads, with the ordinary heap. Both report
/// the same findings, one per logger.
#[test]
fn a_large_file_gets_the_same_report_on_either_heap() {
    let dir = std::env::temp_dir().join(format!("logcheck-large-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let loggers = 3_000;
    let text = config_with_a_finding_per_logger(loggers);
    assert!(
        text.len() >= 128 * 1024,
        "the file must reach the large-input size"
    );
    let names = ["large.conf", "copy1.conf", "copy2.conf", "copy3.conf"];
    for name in names {
        std::fs::write(dir.join(name), &text).expect("write config");
    }
    let path = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let alone = run(&["check", "--format", "json", &path("large.conf")]);
    let all: Vec<String> = names.iter().map(|n| path(n)).collect();
    let mut args = vec!["check", "--format", "json"];
    args.extend(all.iter().map(String::as_str));
    let together = run(&args);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!((alone.0, together.0), (0, 0), "{}{}", alone.2, together.2);
    let on_its_own = json_diagnostics(&alone.1, "large.conf");
    assert_eq!(on_its_own.len(), loggers);
    assert!(on_its_own.iter().all(|d| d["code"] == "LC605"));
    assert_eq!(on_its_own, json_diagnostics(&together.1, "large.conf"));
}
