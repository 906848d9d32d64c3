//! The LC6xx lints: for every rule a positive fixture (reported, with an insta
//! snapshot of its `--format full` output) and a corrected negative one (not
//! reported); the samples give no warning; suppression comments and
//! `--select`/`--ignore` work end to end.

use logcheck::check::{CheckOptions, check_path};
use logcheck::rules;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn opts() -> CheckOptions {
    CheckOptions {
        cwd: root().join("tests/fixtures/lints"),
        ..CheckOptions::default()
    }
}

fn codes(path: &Path) -> Vec<&'static str> {
    let report = check_path(&path.to_string_lossy(), &opts());
    report.diagnostics.iter().map(|d| d.code).collect()
}

/// A rule's fixture (`suffix` `""` or `".ok"`), relative to the repository:
/// `LCnnn.conf`, or `LCnnn.ini` for rules about PasteDeploy files (pserve
/// loads only `.ini` files).
fn fixture(code: &str, suffix: &str) -> String {
    let ini = format!("tests/fixtures/lints/{code}{suffix}.ini");
    if root().join(&ini).exists() {
        ini
    } else {
        format!("tests/fixtures/lints/{code}{suffix}.conf")
    }
}

fn lint_rules() -> impl Iterator<Item = &'static rules::Rule> {
    rules::ALL.iter().filter(|r| r.code >= "LC600")
}

#[test]
fn every_lint_reports_its_positive_fixture_and_not_its_negative_one() {
    let mut failures = Vec::new();
    for rule in lint_rules() {
        let positive = codes(&root().join(fixture(rule.code, "")));
        if !positive.contains(&rule.code) {
            failures.push(format!(
                "{}: not reported in its fixture ({positive:?})",
                rule.code
            ));
        }
        let negative = codes(&root().join(fixture(rule.code, ".ok")));
        if !negative.is_empty() {
            failures.push(format!(
                "{}: corrected fixture reports {negative:?}",
                rule.code
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn snapshots_of_each_rule_full_output() {
    let root_text = root().to_string_lossy().to_string();
    for rule in lint_rules() {
        let path = fixture(rule.code, "");
        let (_, out) = logcheck(&[
            "check",
            "--format",
            "full",
            "--cwd",
            "tests/fixtures/lints",
            &path,
        ]);
        insta::assert_snapshot!(
            format!("full_{}", rule.code),
            out.replace(&root_text, "[ROOT]")
        );
    }
}

#[test]
fn samples_give_no_warning() {
    for sample in [
        "samples/python-docs-example.conf",
        "samples/web-service.conf",
        "samples/worker-service.conf",
    ] {
        let report = check_path(&root().join(sample).to_string_lossy(), &opts());
        let found: Vec<_> = report
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        assert!(found.is_empty(), "{sample}: {found:#?}");
    }
}

#[test]
fn comments_suppress_an_option_a_section_or_the_file() {
    let base = std::fs::read_to_string(root().join("tests/fixtures/lints/LC618.conf")).unwrap();
    let check = |text: &str| {
        let r = logcheck::check::check_bytes("x.conf", text.as_bytes(), &opts());
        r.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>()
    };
    assert_eq!(check(&base), vec!["LC618", "LC605"]);
    let option = base.replace("propagage=0", "# logcheck: disable=LC618\npropagage=0");
    assert_eq!(check(&option), vec!["LC605"]);
    let section = base.replace("[logger_app]", "; logcheck: disable=LC6\n[logger_app]");
    assert_eq!(check(&section), Vec::<&str>::new());
    let file = format!("# logcheck: disable-file=duplicate-delivery,LC618\n{base}");
    assert_eq!(check(&file), Vec::<&str>::new());
}

fn logcheck(args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(insta_cmd::get_cargo_bin("logcheck"))
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
    )
}

#[test]
fn select_and_ignore_filter_by_prefix() {
    let file = "tests/fixtures/lints/LC618.conf";
    let (_, all) = logcheck(&["check", "--format", "concise", file]);
    assert!(all.contains("LC618") && all.contains("LC605"), "{all}");
    let (_, only) = logcheck(&["check", "--format", "concise", "--select", "LC618", file]);
    assert!(only.contains("LC618") && !only.contains("LC605"), "{only}");
    let (code, none) = logcheck(&[
        "check", "--strict", "--format", "concise", "--ignore", "LC6", file,
    ]);
    assert!(!none.contains("LC6"), "{none}");
    assert_eq!(code, 0);
}

#[test]
fn github_and_sarif_outputs_carry_lints() {
    let file = "tests/fixtures/lints/LC601.conf";
    let (_, gh) = logcheck(&["check", "--format", "github", file]);
    assert!(
        gh.starts_with("::warning file=tests/fixtures/lints/LC601.conf,line=20,col=8,"),
        "{gh}"
    );
    assert!(gh.contains("title=LC601 (field-missing-percent)"), "{gh}");
    let (_, sarif) = logcheck(&["check", "--format", "sarif", file]);
    let doc: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let result = &doc["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "LC601");
    assert_eq!(result["level"], "warning");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        20
    );
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), logcheck::rules::ALL.len());
}

#[test]
fn rule_command_prints_docs_and_rejects_unknown_codes() {
    let (code, text) = logcheck(&["rule", "ignored-option"]);
    assert_eq!(code, 0);
    assert!(text.starts_with("LC618 (ignored-option)"), "{text}");
    assert!(
        text.contains("## Example") && text.contains("## Fix"),
        "{text}"
    );
    let (code, list) = logcheck(&["rule"]);
    assert_eq!(code, 0);
    assert_eq!(list.lines().count(), logcheck::rules::ALL.len());
    let (code, _) = logcheck(&["rule", "LC999"]);
    assert_eq!(code, 2);
}

#[test]
fn completions_and_man_page() {
    let (code, bash) = logcheck(&["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(
        bash.contains("_logcheck()") && bash.contains("completions"),
        "{bash}"
    );
    let (code, man) = logcheck(&["man"]);
    assert_eq!(code, 0);
    assert!(man.contains(".TH logcheck 1"), "{man}");
}

#[test]
fn check_dir_finds_logging_configs_only() {
    let tmp = std::env::temp_dir().join(format!("logcheck-walk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(tmp.join("sub/deeper")).unwrap();
    std::fs::create_dir_all(tmp.join(".git")).unwrap();
    let config = std::fs::read_to_string(root().join("tests/fixtures/lints/LC601.conf")).unwrap();
    for name in ["a.conf", "sub/b.ini", "sub/deeper/c.cfg", ".git/d.conf"] {
        std::fs::write(tmp.join(name), &config).unwrap();
    }
    std::fs::write(tmp.join("setup.cfg"), "[metadata]\nname=x\n").unwrap();
    std::fs::write(tmp.join("notes.txt"), &config).unwrap();
    let (code, out) = logcheck(&["check", "--format", "concise", &tmp.to_string_lossy()]);
    let _ = std::fs::remove_dir_all(&tmp);
    assert_eq!(code, 0, "{out}");
    let files: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("LC601"))
        .map(|l| {
            l.rsplit('/')
                .next()
                .unwrap_or(l)
                .split(':')
                .next()
                .unwrap_or(l)
        })
        .collect();
    assert_eq!(files, vec!["a.conf", "b.ini", "c.cfg"], "{out}");
}

/// Routing lints run on the model rebuilt where every log directory exists
/// when fileConfig fails only opening a file; a failure for another reason,
/// or a custom class, still skips them.
#[test]
fn routing_lints_see_past_a_missing_log_directory_only() {
    let base = "[loggers]\nkeys=root,app\n[handlers]\nkeys=file,console\n[formatters]\nkeys=\n\
        [logger_root]\nlevel=INFO\nhandlers=console\n\
        [logger_app]\nqualname=app\nhandlers=console,file\n\
        [handler_file]\nclass=FileHandler\nargs=('no-such-dir/app.log',)\n\
        [handler_console]\nclass=StreamHandler\nargs=(sys.stderr,)\n";
    let check = |text: &str| {
        let r = logcheck::check::check_bytes("x.conf", text.as_bytes(), &opts());
        let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code).collect();
        (r.python_error.map(|e| e.type_name), codes)
    };
    let (error, codes) = check(base);
    assert_eq!(error.as_deref(), Some("FileNotFoundError"));
    assert!(codes.contains(&"LC605"), "{codes:?}");
    // the same file, failing for another reason too: no routing verdicts
    let (error, codes) = check(&base.replace("level=INFO", "level=INFORMATION"));
    assert_eq!(error.as_deref(), Some("FileNotFoundError"));
    assert!(!codes.contains(&"LC605"), "{codes:?}");
    let (_, codes) = check(&base.replace(
        "class=StreamHandler",
        "class=mypackage.handlers.FancyHandler",
    ));
    assert!(!codes.contains(&"LC605"), "{codes:?}");
    // loads: routing lints as before
    let (error, codes) = check(&base.replace("no-such-dir/", ""));
    assert_eq!(error, None);
    assert!(codes.contains(&"LC605"), "{codes:?}");
}

/// A logger that propagates but meets no handler on the way (root has none)
/// is reported itself, not only through root.
#[test]
fn records_going_nowhere_through_propagation_are_reported_on_the_logger() {
    let text = "[loggers]\nkeys=root,app,db\n[handlers]\nkeys=console\n[formatters]\nkeys=\n\
        [logger_root]\nhandlers=\n\
        [logger_app]\nqualname=app\nhandlers=\n\
        [logger_db]\nqualname=db\nhandlers=console\npropagate=0\n\
        [handler_console]\nclass=StreamHandler\nargs=(sys.stderr,)\n";
    let report = logcheck::check::check_bytes("x.conf", text.as_bytes(), &opts());
    let messages: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "LC606")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].starts_with("the root logger has no handlers"));
    assert!(
        messages[1].starts_with("records logged on `app` reach no handler"),
        "{messages:?}"
    );
}
