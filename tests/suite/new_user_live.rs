//! What a new user meets (issue #12), against the real CPython:
//! - pure reads of the environment in `args` (`os.devnull`, `os.getcwd()`,
//!   `os.environ[...]`, `os.getenv(...)`, `os.path.join(...)`) are evaluated,
//!   noted as LC510 (info) and give CPython's verdict; code with effects stays
//!   LC504;
//! - a YAML or JSON (dictConfig) file is ONE finding, LC012, carrying the
//!   exception each CPython version's fileConfig raises;
//! - a positional number in a file handler's string parameter is LC628 exactly
//!   when CPython builds the handler anyway, and what the note claims
//!   (RotatingFileHandler's mode override, the deferred open) is what CPython did.

use crate::common;

use logcheck::check::{CheckOptions, ConfigFormat, check_bytes, check_path};
use logcheck::diagnostic::Severity;
use logcheck::version::PyVersion;
use serde_json::Value;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// Loads each config given on the command line with the real fileConfig and
/// prints, per config, the exception (type as a traceback names it, `str`)
/// or the first root handler's `mode`, `maxBytes` and whether its stream is open.
const LOAD_SCRIPT: &str = r#"
import json, logging, logging.config, sys
def type_name(e):
    c = type(e)
    return c.__qualname__ if c.__module__ in ("builtins", "__main__") else c.__module__ + "." + c.__qualname__
out = []
for path in sys.argv[1:]:
    try:
        logging.config.fileConfig(path)
    except Exception as e:
        out.append({"error": {"type": type_name(e), "message": str(e)}})
        continue
    hs = logging.getLogger().handlers
    h = hs[0] if hs else None
    mode = getattr(h, "mode", None)
    out.append({"error": None, "mode": mode if isinstance(mode, str) else repr(mode),
                "maxBytes": getattr(h, "maxBytes", None),
                "stream_open": getattr(h, "stream", None) is not None})
    logging.shutdown(logging._handlerList[:])
print(json.dumps(out))
"#;

/// A scratch directory: `cwd/` (with `logs/`) is the service's working directory.
fn scratch(name: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("logcheck-newuser-{name}-{}", std::process::id()));
    let cwd = dir.join("cwd");
    std::fs::create_dir_all(cwd.join("logs")).expect("scratch dirs");
    (dir, cwd)
}

/// Runs [`LOAD_SCRIPT`] on `configs` in `cwd` with the extra environment `env`.
fn cpython_loads(
    python: &Path,
    configs: &[PathBuf],
    cwd: &Path,
    env: &[(String, String)],
) -> Vec<Value> {
    let mut cmd = std::process::Command::new(python);
    cmd.args([OsStr::new("-c"), OsStr::new(LOAD_SCRIPT)])
        .args(configs)
        .current_dir(cwd);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    v.as_array().expect("list").clone()
}

fn error_json(report: &logcheck::check::FileReport) -> Value {
    match &report.python_error {
        None => Value::Null,
        Some(e) => serde_json::json!({"type": e.type_name, "message": e.message}),
    }
}

fn config_with(args: &str, class: &str) -> String {
    format!(
        "[loggers]\nkeys=root\n[handlers]\nkeys=h\n[formatters]\nkeys=\n\
         [logger_root]\nlevel=INFO\nhandlers=h\n\
         [handler_h]\nclass={class}\nargs={args}\n"
    )
}

/// `args` built from pure reads; `None` in the second field: CPython raises.
const PURE_READS: &[(&str, &str)] = &[
    ("FileHandler", "(os.devnull,)"),
    ("FileHandler", "(os.devnull, 'a')"),
    ("StreamHandler", "(sys.stdout,)"),
    (
        "FileHandler",
        "(os.path.join(os.getcwd(), 'logs', 'a.log'), 'a')",
    ),
    ("FileHandler", "(os.getcwd() + '/logs/b.log',)"),
    (
        "FileHandler",
        "(os.environ['LOGCHECK_NEWUSER_DIR'] + '/c.log', 'a')",
    ),
    (
        "FileHandler",
        "(os.path.join(os.getenv('LOGCHECK_NEWUSER_DIR'), 'd.log'),)",
    ),
    (
        "FileHandler",
        "(os.environ.get('LOGCHECK_NEWUSER_UNSET', 'logs') + '/e.log', 'a', None, True)",
    ),
    ("FileHandler", "(os.path.abspath('logs/f.log'),)"),
    (
        "handlers.RotatingFileHandler",
        "(os.path.join(os.environ['LOGCHECK_NEWUSER_DIR'], 'g.log'), 'a', 1048576, 3)",
    ),
    ("FileHandler", "(f'{os.getcwd()}/logs/h.log',)"),
    (
        "FileHandler",
        "(os.getcwd() + os.sep + 'logs' + os.path.sep + 'j.log', 'a', None, os.name)",
    ),
    (
        "FileHandler",
        "(os.curdir + os.sep + 'logs/k' + os.extsep + 'log', 'a', None, os.altsep)",
    ),
    (
        "FileHandler",
        "(os.path.join(os.pardir, 'cwd', 'logs', 'l.log'),)",
    ),
    ("StreamHandler", "(sys.stdout,)\nkwargs={}"),
    // these raise: an unset variable, a directory that does not exist
    ("FileHandler", "(os.environ['LOGCHECK_NEWUSER_UNSET'],)"),
    (
        "FileHandler",
        "(os.path.join(os.environ['LOGCHECK_NEWUSER_DIR'], 'nodir', 'i.log'),)",
    ),
    ("FileHandler", "(os.getenv('LOGCHECK_NEWUSER_UNSET'),)"),
];

#[test]
fn pure_reads_give_cpythons_verdict_and_are_not_errors() {
    let Some(python) = common::python3() else {
        return;
    };
    let version: PyVersion = common::python_version(&python).parse().expect("version");
    let (dir, cwd) = scratch("reads");
    let logs = std::fs::canonicalize(cwd.join("logs")).expect("logs");
    let cwd = std::fs::canonicalize(&cwd).expect("cwd");
    let env = vec![(
        "LOGCHECK_NEWUSER_DIR".to_string(),
        logs.display().to_string(),
    )];
    let mut paths = Vec::new();
    let mut texts = Vec::new();
    for (i, (class, args)) in PURE_READS.iter().enumerate() {
        let text = config_with(args, class);
        let path = dir.join(format!("reads{i}.conf"));
        std::fs::write(&path, &text).expect("config");
        paths.push(path);
        texts.push(text);
    }
    let cpython = cpython_loads(&python, &paths, &cwd, &env);
    let mut vars = env.clone();
    vars.push(("HOME".into(), "/root".into()));
    let opts = CheckOptions {
        version,
        cwd: cwd.clone(),
        env: Some(vars),
        ..CheckOptions::default()
    };
    let mut loaded = 0;
    for ((path, text), expected) in paths.iter().zip(&texts).zip(&cpython) {
        let report = check_bytes(&path.display().to_string(), text.as_bytes(), &opts);
        assert_eq!(
            error_json(&report),
            expected["error"],
            "verdict of\n{text}\n{:#?}",
            report.diagnostics
        );
        assert!(!report.verdict_uncertain, "{text}");
        assert!(
            report.diagnostics.iter().all(|d| d.code != "LC504"),
            "a pure read is not code execution:\n{text}\n{:#?}",
            report.diagnostics
        );
        if expected["error"].is_null() {
            loaded += 1;
            let errors: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{text}\n{errors:#?}");
            if text.contains("os.") {
                assert!(
                    report.diagnostics.iter().any(|d| d.code == "LC510"),
                    "{text}\n{:#?}",
                    report.diagnostics
                );
            }
        }
    }
    assert!(loaded >= 10, "only {loaded} configs loaded");
    // the command line: a file with pure reads that CPython loads exits 0
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_logcheck"))
        .args([OsStr::new("check"), OsStr::new("--cwd"), cwd.as_os_str()])
        .arg(&paths[3])
        .env("NO_COLOR", "1")
        .output()
        .expect("logcheck runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("info[LC510]"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The one LC504 finding of `args` for `class`, which must qualify the
/// verdict.
fn only_lc504(args: &str, class: &str) -> logcheck::Diagnostic {
    let text = config_with(args, class);
    let report = check_bytes("lc504.conf", text.as_bytes(), &CheckOptions::default());
    let lc504: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "LC504")
        .collect();
    assert_eq!(lc504.len(), 1, "{args}: {:#?}", report.diagnostics);
    assert!(report.verdict_uncertain, "{args}");
    lc504[0].clone()
}

/// Code with effects stays LC504, an error, and the verdict is qualified.
#[test]
fn code_with_effects_stays_code_execution() {
    for args in [
        "(__import__('os').devnull,)",
        "(open(os.devnull).name,)",
        "(str(os.devnull),)",
    ] {
        let d = only_lc504(args, "FileHandler");
        assert_eq!(d.severity, Severity::Error);
        assert!(d.message.contains("is code"), "{:?}", d.message);
    }
}

/// A value with no code in it, only beyond what logcheck evaluates (a
/// literal or a product past 128 bits), is LC504 worded as what it is.
#[test]
fn values_beyond_logchecks_limits_are_not_called_code() {
    let huge_literal = format!("('r.log', 'a', 1{})", "0".repeat(45));
    for args in [huge_literal.as_str(), "('r.log', 'a', 10**40)"] {
        let d = only_lc504(args, "handlers.RotatingFileHandler");
        let beyond = "is beyond what logcheck evaluates";
        assert!(d.message.ends_with(beyond), "{:?}", d.message);
    }
}

/// dictConfig files as people write them, with the name they give them.
const DATA_FILES: &[(&str, &str)] = &[
    (
        "logging.yaml",
        "# logging for the service\nversion: 1\ndisable_existing_loggers: false\nformatters:\n  simple:\n    format: '%(asctime)s %(levelname)s %(message)s'\nhandlers:\n  console:\n    class: logging.StreamHandler\n    formatter: simple\n    stream: ext://sys.stdout\nloggers:\n  app:\n    level: DEBUG\n    handlers: [console]\n    propagate: no\nroot:\n  level: INFO\n  handlers: [console]\n",
    ),
    (
        "logging.yml",
        "---\nversion: 1\nhandlers:\n  file:\n    class: logging.FileHandler\n    filename: app.log\nroot:\n  handlers: [file]\n",
    ),
    (
        "logging.json",
        "{\n  \"version\": 1,\n  \"formatters\": {\"plain\": {\"format\": \"%(message)s\"}},\n  \"handlers\": {\"console\": {\"class\": \"logging.StreamHandler\", \"formatter\": \"plain\"}},\n  \"root\": {\"level\": \"INFO\", \"handlers\": [\"console\"]}\n}\n",
    ),
    (
        "log_config.conf",
        "{\"version\": 1, \"loggers\": {\"uvicorn\": {\"level\": \"INFO\"}}, \"root\": {\"level\": \"WARNING\"}}",
    ),
    ("settings.yaml", "debug: true\nport: 8000\n"),
];

/// Every interpreter to compare with: `python3`, and the other versions
/// installed (3.11.2 as `/usr/bin/python3.11`, pyenv builds), one per
/// `major.minor.patch`.
fn interpreters() -> Vec<(PathBuf, String)> {
    let mut candidates: Vec<PathBuf> = common::python3().into_iter().collect();
    candidates.push("/usr/bin/python3.11".into());
    if let Some(home) = std::env::var_os("HOME")
        && let Ok(dirs) = std::fs::read_dir(Path::new(&home).join(".pyenv/versions"))
    {
        for d in dirs.flatten() {
            let name = d.file_name().to_string_lossy().to_string();
            if ["3.11.", "3.12.", "3.13."]
                .iter()
                .any(|p| name.starts_with(p))
            {
                candidates.push(d.path().join("bin/python3"));
            }
        }
    }
    let mut found: Vec<(PathBuf, String)> = Vec::new();
    for python in candidates {
        let works = std::process::Command::new(&python)
            .args(["-c", "pass"])
            .output()
            .is_ok_and(|o| o.status.success());
        if !works {
            continue;
        }
        let version = common::python_version(&python);
        if !found.iter().any(|(_, v)| *v == version) {
            found.push((python, version));
        }
    }
    found
}

#[test]
fn dictconfig_files_are_one_finding_with_cpythons_exception() {
    let pythons = interpreters();
    if pythons.is_empty() {
        return;
    }
    let (dir, cwd) = scratch("data");
    let mut paths = Vec::new();
    for (name, text) in DATA_FILES {
        let path = cwd.join(name);
        std::fs::write(&path, text).expect("data file");
        paths.push(PathBuf::from(name));
    }
    for (python, version) in &pythons {
        let cpython = cpython_loads(python, &paths, &cwd, &[]);
        let v: PyVersion = version.parse().expect("version");
        for ((name, text), expected) in DATA_FILES.iter().zip(&cpython) {
            let report = check_bytes(
                name,
                text.as_bytes(),
                &CheckOptions {
                    version: v,
                    cwd: cwd.clone(),
                    // the program calls fileConfig on it (`--as ini`)
                    format: Some(ConfigFormat::Ini),
                    ..CheckOptions::default()
                },
            );
            assert_eq!(
                error_json(&report),
                expected["error"],
                "{name} on {version}"
            );
            let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code).collect();
            assert_eq!(codes, ["LC012"], "{name} on {version}");
            assert_eq!(
                report.diagnostics[0].python.as_deref(),
                report.python_error.as_ref(),
                "{name} on {version}: the finding names the exception"
            );
            let dictconfig = !name.starts_with("settings");
            assert_eq!(
                report.diagnostics[0].message.contains("dictConfig"),
                dictconfig,
                "{name}: {}",
                report.diagnostics[0].message
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dictconfig_file_snapshot() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_logcheck"))
        .current_dir(&root)
        .args([
            "check",
            "--format",
            "full",
            "--python-version",
            "3.12",
            "--as",
            "ini",
            "tests/fixtures/dictconfig/logging.yaml",
        ])
        .env("NO_COLOR", "1")
        .output()
        .expect("logcheck runs");
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(
        "dictconfig_yaml_full",
        String::from_utf8_lossy(&out.stdout).replace(&root.display().to_string(), "[ROOT]")
    );
    // an INI file is not mistaken for one
    let report = check_path(
        &root
            .join("samples/python-docs-example.conf")
            .display()
            .to_string(),
        &CheckOptions::default(),
    );
    assert!(report.diagnostics.iter().all(|d| d.code != "LC012"));
}

/// Handler classes and `args` with numbers in (and around) string slots.
const SLOT_CASES: &[(&str, &str)] = &[
    ("handlers.RotatingFileHandler", "('r.log', 1048576, 5)"),
    ("handlers.RotatingFileHandler", "('r.log', 1048576, 5, 3)"),
    ("handlers.RotatingFileHandler", "('r.log', 1048576)"),
    ("handlers.RotatingFileHandler", "('r.log', 2.5, 10)"),
    ("handlers.RotatingFileHandler", "('r.log', 0, 5)"),
    (
        "handlers.RotatingFileHandler",
        "('r.log', 'a', 1048576, 5, 8)",
    ),
    (
        "handlers.RotatingFileHandler",
        "('r.log', 'a', 1048576, 5, 8, True)",
    ),
    (
        "handlers.RotatingFileHandler",
        "('r.log', 'a', 0, 0, None, True, 3)",
    ),
    (
        "handlers.RotatingFileHandler",
        "('r.log', 1048576, 0, 0, None, True)",
    ),
    ("handlers.RotatingFileHandler", "('r.log', 'a', 1048576, 5)"),
    ("FileHandler", "('f.log', 1)"),
    ("FileHandler", "('f.log', 'a', 5)"),
    ("FileHandler", "('f.log', 'a', 5, True)"),
    ("FileHandler", "('f.log', 'a', 5.0, 1)"),
    ("FileHandler", "('f.log', 'a', None, True, 7)"),
    ("FileHandler", "('f.log', 'a', None, False, 7)"),
    ("FileHandler", "('f.log', 'a', 'utf-8', True)"),
    ("handlers.WatchedFileHandler", "('w.log', 'a', 8, True)"),
    ("handlers.WatchedFileHandler", "('w.log', 420)"),
    ("handlers.TimedRotatingFileHandler", "('t.log', 5)"),
    (
        "handlers.TimedRotatingFileHandler",
        "('t.log', 'midnight', 1, 7, 8)",
    ),
    (
        "handlers.TimedRotatingFileHandler",
        "('t.log', 'midnight', 1, 7, 8, True)",
    ),
    (
        "handlers.TimedRotatingFileHandler",
        "('t.log', 'h', 1, 0, None, True, False, None, 9)",
    ),
    (
        "handlers.TimedRotatingFileHandler",
        "('t.log', 'midnight', 1, 7)",
    ),
];

/// The string parameters' positions, per class (as in CPython's signatures).
fn string_slots(class: &str) -> &'static [usize] {
    match class {
        "handlers.RotatingFileHandler" => &[1, 4, 6],
        "handlers.TimedRotatingFileHandler" => &[1, 4, 8],
        _ => &[1, 2, 4],
    }
}

/// The positional values of an `args` text that are ints or floats.
fn numbers_at(args: &str) -> Vec<usize> {
    let inner = args.trim_start_matches('(').trim_end_matches(')');
    inner
        .split(',')
        .enumerate()
        .filter(|(_, v)| {
            let v = v.trim();
            !v.is_empty() && v.parse::<f64>().is_ok()
        })
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn number_in_string_slot_is_reported_exactly_when_cpython_builds_the_handler() {
    let Some(python) = common::python3() else {
        return;
    };
    let version: PyVersion = common::python_version(&python).parse().expect("version");
    let (dir, cwd) = scratch("slots");
    let cwd = std::fs::canonicalize(&cwd).expect("cwd");
    let mut paths = Vec::new();
    for (i, (class, args)) in SLOT_CASES.iter().enumerate() {
        let path = dir.join(format!("slot{i}.conf"));
        std::fs::write(&path, config_with(args, class)).expect("config");
        paths.push(path);
    }
    let cpython = cpython_loads(&python, &paths, &cwd, &[]);
    let opts = CheckOptions {
        version,
        cwd: cwd.clone(),
        ..CheckOptions::default()
    };
    let (mut flagged, mut raised) = (0, 0);
    for (((class, args), path), expected) in SLOT_CASES.iter().zip(&paths).zip(&cpython) {
        let text = config_with(args, class);
        let report = check_bytes(&path.display().to_string(), text.as_bytes(), &opts);
        assert_eq!(
            error_json(&report),
            expected["error"],
            "{class}{args}: {:#?}",
            report.diagnostics
        );
        let found: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == "LC628")
            .collect();
        let in_string_slot = numbers_at(args)
            .iter()
            .any(|i| string_slots(class).contains(i));
        let loads = expected["error"].is_null();
        assert_eq!(
            found.len(),
            usize::from(loads && in_string_slot),
            "{class}{args} (CPython {}): {:#?}",
            if loads { "loads" } else { "raises" },
            report.diagnostics
        );
        let Some(d) = found.first() else {
            raised += usize::from(!loads);
            continue;
        };
        flagged += 1;
        let notes = d.notes.join("\n");
        if notes.contains("replaces the mode with 'a'") {
            assert_eq!(expected["mode"], "a", "{class}{args}");
            assert!(
                notes.contains(&format!("maxBytes is {}", expected["maxBytes"])),
                "{class}{args}: CPython's maxBytes is {}: {notes}",
                expected["maxBytes"]
            );
        } else {
            assert!(
                notes.contains("delay=True does not open the file"),
                "{notes}"
            );
            assert_eq!(expected["stream_open"], false, "{class}{args}");
        }
    }
    assert!(flagged >= 8, "only {flagged} flagged");
    assert!(raised >= 6, "only {raised} raised");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `explain app` where `[logger_app]` has `qualname=myapp.core`: the CLI
/// explains `myapp.core` and says why; `--exact` explains `getLogger('app')`;
/// a name that is a qualname is never read as a key.
#[test]
fn explain_reads_a_section_key_as_the_logger_it_configures() {
    let (dir, _) = scratch("explain");
    let config = dir.join("k.conf");
    std::fs::write(
        &config,
        "[loggers]\nkeys=root,app,web\n[handlers]\nkeys=console\n[formatters]\nkeys=\n\
         [logger_root]\nlevel=WARNING\nhandlers=console\n\
         [logger_app]\nlevel=DEBUG\nhandlers=\nqualname=myapp.core\n\
         [logger_web]\nlevel=ERROR\nhandlers=\nqualname=app.web\n\
         [handler_console]\nclass=StreamHandler\nargs=(sys.stdout,)\n",
    )
    .expect("config");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_logcheck"))
            .arg("explain")
            .args(args)
            .arg("-c")
            .arg(&config)
            .env("NO_COLOR", "1")
            .output()
            .expect("logcheck runs");
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let text = run(&["app"]);
    assert!(
        text.starts_with(
            "\"app\" is the key of [logger_app], which configures logger \"myapp.core\": explaining \"myapp.core\".\n"
        ),
        "{text}"
    );
    assert!(text.contains("Logger \"myapp.core\"\n"), "{text}");
    assert!(text.contains("Effective level: DEBUG"), "{text}");
    let exact = run(&["app", "--exact"]);
    assert!(
        exact.starts_with("Logger \"app\" (not configured by the file"),
        "{exact}"
    );
    let json: Value = serde_json::from_str(&run(&["app", "--format", "json"])).expect("JSON");
    assert_eq!(json["logger"], "myapp.core");
    assert_eq!(json["section_key"], "app");
    let plain: Value =
        serde_json::from_str(&run(&["myapp.core", "--format", "json"])).expect("JSON");
    assert!(plain.get("section_key").is_none(), "{plain}");
    // `web` is a key; `app.web` is its qualname, explained as itself
    assert!(run(&["web"]).contains("configures logger \"app.web\""));
    assert!(run(&["app.web"]).starts_with("Logger \"app.web\"\n"));
    let _ = std::fs::remove_dir_all(&dir);
}
