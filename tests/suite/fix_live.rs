//! Differential test of `--fix`: generated fileConfig files with planted
//! mistakes (one in most, two in some; LF or CRLF) are fixed with the safe
//! fixes and with the unsafe ones too. On every fixed file logcheck's
//! verdict must equal CPython's (`tests/oracle/fileconfig_oracle.py`,
//! `check_only`), fixing again must change nothing, and a CRLF file must
//! stay CRLF. The share of files that load after each kind of fixing is
//! printed; at least 3 in 4 must load after `--fix --unsafe-fixes`.
//!
//! The CLI half runs `check --diff` and `check --fix` on the same files and
//! requires that the diff, applied with `patch`, gives what `--fix` wrote.

use crate::common::{self, Rng};
use logcheck::fix::fix_text;
use logcheck::version::PyVersion;
use logcheck::{CheckOptions, FileReport, check_bytes};
use serde_json::{Value, json};
use std::path::Path;

const BASE: &str = "[loggers]
keys=root,app
[handlers]
keys=console,file
[formatters]
keys=plain
[logger_root]
level=WARNING
handlers=console
[logger_app]
qualname=app
level=DEBUG
handlers=file
propagate=0
[handler_console]
class=StreamHandler
level=INFO
formatter=plain
args=(sys.stdout,)
[handler_file]
class=FileHandler
formatter=plain
args=('app.log', 'a')
[formatter_plain]
format=%(asctime)s %(levelname)s %(message)s
";

/// Planted mistakes: the text written in the base file, and what it becomes.
const MISTAKES: &[(&str, &str)] = &[
    ("level=WARNING", "level=warning"),
    ("level=DEBUG", "level=DEBUG ; noisy while we debug"),
    ("level=INFO", "level=20"),
    ("level=INFO", "level=logging.INFO"),
    ("level=DEBUG", "level=DEBG"),
    ("propagate=0", "propagate=no"),
    ("propagate=0", "propagate=0 # stop here"),
    ("keys=console,file", "keys=console,file,"),
    ("keys=console,file", "keys=console,,file"),
    ("handlers=console", "handlers=console,"),
    ("args=(sys.stdout,)", "args=(sys.stdout)"),
    ("class=StreamHandler", "class=StreamHandlr"),
    ("class=FileHandler", "class=WatchedFileHandler"),
    ("formatter=plain\nargs=(sys", "formatter=plian\nargs=(sys"),
    ("handlers=file", "handlers=fiel"),
    ("format=%(asctime)s", "format=(asctime)s"),
    ("keys=root,app", "keys=app"),
    ("keys=root,app", "keys=Root,app"),
    (
        "format=%(asctime)s %(levelname)s %(message)s",
        "format=\"%(asctime)s %(levelname)s %(message)s\"",
    ),
];

/// A base file with one or two planted mistakes, LF or CRLF.
fn broken(rng: &mut Rng) -> String {
    let mut text = BASE.to_string();
    let count = if rng.chance(20) { 2 } else { 1 };
    for _ in 0..count {
        let (from, to) = *rng.pick(MISTAKES);
        if text.contains(from) {
            text = text.replacen(from, to, 1);
        }
    }
    if rng.chance(30) {
        text = text.replace('\n', "\r\n");
    }
    text
}

fn options(cwd: &Path) -> CheckOptions {
    CheckOptions {
        version: PyVersion::new(3, 11, 0),
        cwd: cwd.to_path_buf(),
        ..Default::default()
    }
}

/// logcheck's verdict as the oracle writes CPython's: `null` or `{type, message}`.
fn verdict(report: &FileReport) -> Value {
    match &report.python_error {
        Some(e) => json!({"type": e.type_name, "message": e.message}),
        None => Value::Null,
    }
}

/// CPython's verdict on each file (`check_only`).
fn cpython_verdicts(python: &Path, files: &[std::path::PathBuf]) -> Vec<Value> {
    let requests: Vec<Value> = (files.iter().enumerate())
        .map(|(i, f)| json!({"id": i, "config": f.to_string_lossy(), "check_only": true}))
        .collect();
    (common::fileconfig_oracle_batch(python, &requests).into_iter())
        .map(|answer| answer["result"]["error"].clone())
        .collect()
}

#[test]
fn fixed_files_get_cpythons_verdict_and_mostly_load() {
    let Some(python) = common::python3() else {
        return;
    };
    let seed = common::live_seed();
    let mut rng = Rng::new(seed);
    let dir = std::env::temp_dir().join(format!("logcheck-fix-live-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let opts = options(&dir);
    let check = |t: &str| check_bytes("log.conf", t.as_bytes(), &opts);
    let (mut files, mut fixed_texts, mut problems) = (Vec::new(), Vec::new(), Vec::new());
    let cases: Vec<String> = (0..common::live_cases(200))
        .map(|_| broken(&mut rng))
        .collect();
    for (i, text) in cases.iter().enumerate() {
        for unsafe_fixes in [false, true] {
            let fixed = fix_text(text, unsafe_fixes, check);
            if fix_text(&fixed.text, unsafe_fixes, check).text != fixed.text {
                problems.push(format!(
                    "case {i}: fixing again changes the file:\n{}",
                    fixed.text
                ));
            }
            if text.contains("\r\n") && fixed.text.replace("\r\n", "").contains('\n') {
                problems.push(format!(
                    "case {i}: a CRLF file got LF lines:\n{:?}",
                    fixed.text
                ));
            }
            let path = dir.join(format!("case{i}-{unsafe_fixes}.conf"));
            std::fs::write(&path, &fixed.text).expect("write");
            files.push(path);
            fixed_texts.push((i, unsafe_fixes, verdict(&fixed.report), fixed.text));
        }
    }
    let cpython = cpython_verdicts(&python, &files);
    let mut loads = [0usize; 2];
    for ((i, unsafe_fixes, ours, text), theirs) in fixed_texts.iter().zip(&cpython) {
        loads[usize::from(*unsafe_fixes)] += usize::from(theirs.is_null());
        if ours != theirs {
            problems.push(format!(
                "case {i} (unsafe {unsafe_fixes}): logcheck {ours}, CPython {theirs}\n{text}"
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let n = cases.len();
    eprintln!(
        "fix_live (seed {seed}): {n} broken files; load after --fix: {} ({:.0} %), after --fix --unsafe-fixes: {} ({:.0} %)",
        loads[0],
        100.0 * loads[0] as f64 / n as f64,
        loads[1],
        100.0 * loads[1] as f64 / n as f64
    );
    assert!(
        problems.is_empty(),
        "seed {seed}: {} problems:\n{}",
        problems.len(),
        problems[..problems.len().min(5)].join("\n")
    );
    assert!(
        loads[1] * 4 >= n * 3,
        "only {} of {n} load after --fix --unsafe-fixes",
        loads[1]
    );
}

/// Runs `logcheck check ARGS FILE` in `dir`; (exit code, stdout).
fn logcheck(dir: &Path, args: &[&str], file: &str) -> (i32, String) {
    let out = std::process::Command::new(insta_cmd::get_cargo_bin("logcheck"))
        .args(args)
        .arg(file)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run logcheck");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn diff_applied_is_what_fix_writes() {
    let seed = common::live_seed();
    let mut rng = Rng::new(seed ^ 0x5eed);
    let dir = std::env::temp_dir().join(format!("logcheck-fix-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for i in 0..12 {
        let text = broken(&mut rng);
        let unsafe_flag: &[&str] = if i % 2 == 0 { &[] } else { &["--unsafe-fixes"] };
        std::fs::write(dir.join("fixed.conf"), &text).expect("write");
        std::fs::write(dir.join("patched.conf"), &text).expect("write");
        let (code, diff) = logcheck(
            &dir,
            &[&["check", "--diff"], unsafe_flag].concat(),
            "patched.conf",
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("patched.conf")).expect("read"),
            text,
            "--diff writes nothing"
        );
        if !diff.is_empty() {
            assert_eq!(code, 1, "--diff exits 1 when there is something to fix");
        }
        logcheck(
            &dir,
            &[&["check", "--fix"], unsafe_flag].concat(),
            "fixed.conf",
        );
        let fixed = std::fs::read_to_string(dir.join("fixed.conf")).expect("read");
        if !diff.is_empty() {
            let status = std::process::Command::new("patch")
                .args(["-s", "-p1"])
                .current_dir(&dir)
                .stdin(
                    std::fs::File::open({
                        std::fs::write(dir.join("d.patch"), &diff).expect("write");
                        dir.join("d.patch")
                    })
                    .expect("open"),
                )
                .status();
            let Ok(status) = status else { return };
            assert!(status.success(), "patch applies:\n{diff}");
        }
        let patched = std::fs::read_to_string(dir.join("patched.conf")).expect("read");
        assert_eq!(
            patched, fixed,
            "case {i}: --diff applied differs from --fix\n{diff}"
        );
        // fixing a fixed file changes nothing
        logcheck(
            &dir,
            &[&["check", "--fix"], unsafe_flag].concat(),
            "fixed.conf",
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("fixed.conf")).expect("read"),
            fixed
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A minimal loading file around `section_lines` (the root logger's and the
/// console handler's options), for one fix at a time.
fn minimal(root: &str, handler: &str, extra: &str) -> String {
    format!(
        "[loggers]\nkeys=root\n[handlers]\nkeys=console\n[formatters]\nkeys=plain\n[logger_root]\n{root}\n[handler_console]\n{handler}\n[formatter_plain]\nformat=%(message)s\n{extra}"
    )
}

/// Each fix, alone: what `--fix` writes, and what `--fix --unsafe-fixes`
/// writes (`None`: the same as `--fix`).
#[test]
fn each_fix_does_what_it_says() {
    let console = "class=StreamHandler\nformatter=plain\nargs=(sys.stdout,)";
    let root = "level=INFO\nhandlers=console";
    let cases: Vec<(&str, String, String, Option<String>)> = vec![
        (
            "inline comment after a level",
            minimal("level=INFO ; all\nhandlers=console", console, ""),
            minimal("level=INFO\n; all\nhandlers=console", console, ""),
            None,
        ),
        (
            "level case",
            minimal("level=info\nhandlers=console", console, ""),
            minimal(root, console, ""),
            None,
        ),
        (
            "numeric level",
            minimal("level=20\nhandlers=console", console, ""),
            minimal(root, console, ""),
            None,
        ),
        (
            "logging. prefix",
            minimal("level=logging.INFO\nhandlers=console", console, ""),
            minimal(root, console, ""),
            None,
        ),
        (
            "misspelt level",
            minimal("level=INFOO\nhandlers=console", console, ""),
            minimal("level=INFOO\nhandlers=console", console, ""),
            Some(minimal(root, console, "")),
        ),
        (
            "inline comment in handlers",
            minimal("level=INFO\nhandlers=console ; out", console, ""),
            minimal("level=INFO\nhandlers=console\n; out", console, ""),
            None,
        ),
        (
            "trailing comma",
            minimal("level=INFO\nhandlers=console,", console, ""),
            minimal(root, console, ""),
            None,
        ),
        (
            "missing tuple comma",
            minimal(
                root,
                "class=StreamHandler\nformatter=plain\nargs=(sys.stdout)",
                "",
            ),
            minimal(root, console, ""),
            None,
        ),
        (
            "class typo",
            minimal(
                root,
                "class=StreamHandlr\nformatter=plain\nargs=(sys.stdout,)",
                "",
            ),
            minimal(root, console, ""),
            None,
        ),
        (
            "class with a comment",
            minimal(
                root,
                "class=StreamHandler ; out\nformatter=plain\nargs=(sys.stdout,)",
                "",
            ),
            minimal(
                root,
                "class=StreamHandler\n; out\nformatter=plain\nargs=(sys.stdout,)",
                "",
            ),
            None,
        ),
        (
            "formatter typo",
            minimal(
                root,
                "class=StreamHandler\nformatter=plian\nargs=(sys.stdout,)",
                "",
            ),
            minimal(
                root,
                "class=StreamHandler\nformatter=plian\nargs=(sys.stdout,)",
                "",
            ),
            Some(minimal(root, console, "")),
        ),
        (
            "handler typo",
            minimal("level=INFO\nhandlers=consol", console, ""),
            minimal("level=INFO\nhandlers=consol", console, ""),
            Some(minimal(root, console, "")),
        ),
        (
            "empty repeated option",
            minimal("level=INFO\nhandlers=console\nlevel=", console, ""),
            minimal(root, console, ""),
            None,
        ),
        (
            "empty repeated section",
            minimal(root, console, "[handler_console]\n"),
            minimal(root, console, ""),
            None,
        ),
        (
            "missing %",
            minimal(root, console, "")
                .replace("format=%(message)s", "format=%(levelname)s (message)s"),
            minimal(root, console, "")
                .replace("format=%(message)s", "format=%(levelname)s (message)s"),
            Some(
                minimal(root, console, "")
                    .replace("format=%(message)s", "format=%(levelname)s %(message)s"),
            ),
        ),
        (
            "mismatched bracket",
            minimal(
                root,
                "class=StreamHandler\nformatter=plain\nargs=[sys.stdout)",
                "",
            ),
            minimal(
                root,
                "class=StreamHandler\nformatter=plain\nargs=[sys.stdout]",
                "",
            ),
            None,
        ),
        (
            "undefined handler, nothing close",
            minimal("level=INFO\nhandlers=console, ghost", console, ""),
            minimal("level=INFO\nhandlers=console, ghost", console, ""),
            Some(minimal(root, console, "")),
        ),
        (
            "undefined formatter, nothing close",
            minimal(
                root,
                "class=StreamHandler\nformatter=verbose\nargs=(sys.stdout,)",
                "",
            ),
            minimal(
                root,
                "class=StreamHandler\nformatter=verbose\nargs=(sys.stdout,)",
                "",
            ),
            Some(minimal(root, "class=StreamHandler\nargs=(sys.stdout,)", "")),
        ),
        (
            "handler parameters written as options",
            minimal(root, "class=StreamHandler\nformatter=plain\nargs=(sys.stdout,)", "[handler_file]\nclass=handlers.RotatingFileHandler\nargs=('app.log',)\nmaxBytes=1024\nbackupCount=2\n").replace("keys=console", "keys=console,file"),
            minimal(root, "class=StreamHandler\nformatter=plain\nargs=(sys.stdout,)", "[handler_file]\nclass=handlers.RotatingFileHandler\nargs=('app.log',)\nmaxBytes=1024\nbackupCount=2\n").replace("keys=console", "keys=console,file"),
            Some(minimal(root, "class=StreamHandler\nformatter=plain\nargs=(sys.stdout,)", "[handler_file]\nclass=handlers.RotatingFileHandler\nargs=('app.log',)\nkwargs={'maxBytes': 1024, 'backupCount': 2}\n").replace("keys=console", "keys=console,file")),
        ),
        (
            "propagate as a word",
            minimal(root, console, "").replace("[logger_root]", "[logger_app]\nqualname=app\nhandlers=\npropagate=yes\n[logger_root]").replace("keys=root", "keys=root,app"),
            minimal(root, console, "").replace("[logger_root]", "[logger_app]\nqualname=app\nhandlers=\npropagate=1\n[logger_root]").replace("keys=root", "keys=root,app"),
            None,
        ),
        (
            "Root in keys",
            minimal(root, console, "").replace("keys=root", "keys=Root"),
            minimal(root, console, ""),
            None,
        ),
        (
            "root missing from keys",
            minimal(root, console, "").replace("keys=root", "keys="),
            minimal(root, console, "").replace("keys=root", "keys="),
            Some(minimal(root, console, "")),
        ),
        (
            "class without its module",
            minimal(root, "class=RotatingFileHandler\nformatter=plain\nargs=('app.log',)", ""),
            minimal(root, "class=handlers.RotatingFileHandler\nformatter=plain\nargs=('app.log',)", ""),
            None,
        ),
        (
            "quoted format",
            minimal(root, console, "").replace("format=%(message)s", "format='%(message)s'"),
            minimal(root, console, "").replace("format=%(message)s", "format='%(message)s'"),
            Some(minimal(root, console, "")),
        ),
        (
            "misspelt list section",
            minimal(root, console, "").replace("[formatters]", "[formaters]"),
            minimal(root, console, "").replace("[formatters]", "[formaters]"),
            Some(minimal(root, console, "")),
        ),
        (
            "section name case",
            minimal(root, console, "").replace("[formatters]", "[Formatters]"),
            minimal(root, console, ""),
            None,
        ),
    ];
    let opts = CheckOptions::default();
    let check = |t: &str| check_bytes("log.conf", t.as_bytes(), &opts);
    let mut failures = Vec::new();
    for (what, broken, safe, unsafe_) in &cases {
        let got_safe = fix_text(broken, false, check).text;
        let got_unsafe = fix_text(broken, true, check).text;
        if &got_safe != safe {
            failures.push(format!("{what} (--fix):\n{got_safe}\nexpected:\n{safe}"));
        }
        if got_unsafe != *unsafe_.as_ref().unwrap_or(safe) {
            failures.push(format!("{what} (--unsafe-fixes):\n{got_unsafe}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

/// `--select`/`--ignore` choose the findings whose fixes `--fix` applies.
#[test]
fn only_selected_findings_are_fixed() {
    let dir = std::env::temp_dir().join(format!("logcheck-fix-select-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let text = minimal(
        "level=info\nhandlers=console,",
        "class=StreamHandlr\nformatter=plain\nargs=(sys.stdout,)",
        "",
    );
    std::fs::write(dir.join("log.conf"), &text).expect("write");
    logcheck(&dir, &["check", "--fix", "--select", "LC301"], "log.conf");
    let fixed = std::fs::read_to_string(dir.join("log.conf")).expect("read");
    assert_eq!(fixed, text.replace("level=info", "level=INFO"));
    logcheck(&dir, &["check", "--fix", "--ignore", "LC104"], "log.conf");
    let fixed = std::fs::read_to_string(dir.join("log.conf")).expect("read");
    assert_eq!(
        fixed,
        text.replace("level=info", "level=INFO")
            .replace("StreamHandlr", "StreamHandler")
    );
    let _ = std::fs::remove_dir_all(&dir);
}
