//! Live tests of the environment cases against CPython's real `fileConfig`:
//! handlers whose arguments are code logcheck does not evaluate (opaque
//! handlers) must route exactly as CPython's loaded loggers do.

mod common;

use logcheck::check::{CheckOptions, check_bytes};
use logcheck::explain::{ExplainOptions, explain};
use logcheck::handler_class::HandlerSpec;
use logcheck::hierarchy::{Existing, Hierarchy};
use logcheck::simulate::{SimOptions, simulate_bytes};
use logcheck::version::PyVersion;
use serde_json::Value;
use std::ffi::OsStr;

/// Loads a file with the real fileConfig, then reads, for each logger name
/// and level, the handlers `Logger.callHandlers` calls: the chain of
/// `logger.handlers` up the propagation walk, each handler's level, and
/// `lastResort` when the walk found no handler at all.
const ROUTING_SCRIPT: &str = r#"
import json, logging, logging.config, sys
logging.config.fileConfig(sys.argv[1])
out = {}
for name in sys.argv[2:]:
    lg = logging.getLogger(None if name == "root" else name)
    rows = {}
    for lvname in ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]:
        lv = getattr(logging, lvname)
        got = []
        if not lg.disabled and lg.isEnabledFor(lv):
            c, found = lg, 0
            while c:
                for h in c.handlers:
                    found += 1
                    if lv >= h.level:
                        got.append(h.name)
                if not c.propagate:
                    break
                c = c.parent
            if found == 0 and logging.lastResort and lv >= logging.lastResort.level:
                got.append("<lastResort>")
        rows[lvname] = got
    out[name] = rows
print(json.dumps(out))
"#;

/// Configs whose handlers' `args`/`kwargs` are code CPython runs (and that
/// succeeds there) but logcheck does not evaluate.
const OPAQUE_CONFIGS: &[&str] = &[
    "[loggers]\nkeys=root,app\n[handlers]\nkeys=h,c\n[formatters]\nkeys=\n\
     [logger_root]\nlevel=WARNING\nhandlers=c\n\
     [logger_app]\nqualname=app\nlevel=INFO\nhandlers=h\npropagate=0\n\
     [handler_h]\nclass=FileHandler\nargs=(os.devnull if True else 'x', 'a')\n\
     [handler_c]\nclass=StreamHandler\nargs=(sys.stderr,)\n",
    "[loggers]\nkeys=root,app,db\n[handlers]\nkeys=s,o\n[formatters]\nkeys=f\n\
     [formatter_f]\nformat=%(name)s %(message)s\n\
     [logger_root]\nlevel=ERROR\nhandlers=s\n\
     [logger_app]\nqualname=app\nhandlers=o\n\
     [logger_db]\nqualname=app.db\nlevel=DEBUG\nhandlers=o,s\n\
     [handler_s]\nclass=StreamHandler\nlevel=WARNING\nargs=(getattr(sys, 'stdout'),)\n\
     [handler_o]\nclass=StreamHandler\nlevel=INFO\nformatter=f\nargs=()\nkwargs={'stream': open(os.devnull, 'w')}\n",
    "[loggers]\nkeys=root,web\n[handlers]\nkeys=o\n[formatters]\nkeys=\n\
     [logger_root]\nhandlers=\n\
     [logger_web]\nqualname=web.api\nlevel=DEBUG\nhandlers=o\n\
     [handler_o]\nclass=handlers.RotatingFileHandler\nlevel=ERROR\nargs=(os.devnull if 1 else '', 'a', 0, 0)\n",
];

const NAMES: &[&str] = &[
    "root", "app", "app.db", "app.db.x", "web", "web.api", "other",
];

#[test]
fn opaque_handlers_route_like_cpython() {
    let Some(python) = common::python3() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("logcheck-opaque-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let version: PyVersion = common::python_version(&python)
        .parse()
        .expect("python version");
    let mut compared = 0;
    for (i, text) in OPAQUE_CONFIGS.iter().enumerate() {
        let path = dir.join(format!("opaque{i}.conf"));
        std::fs::write(&path, text).expect("write config");
        let path_text = path.display().to_string();
        let opts = CheckOptions {
            version,
            cwd: dir.clone(),
            ..CheckOptions::default()
        };
        let report = check_bytes(&path_text, text.as_bytes(), &opts);
        assert_eq!(report.python_error, None, "case {i}");
        assert!(report.verdict_uncertain, "case {i}: the args are code");
        let config = report.config.expect("model");
        assert!(
            config
                .handlers
                .iter()
                .any(|h| matches!(h.spec, HandlerSpec::Opaque { .. })),
            "case {i}: an opaque handler stays in the model"
        );
        let mut args: Vec<&OsStr> = vec![OsStr::new("-c"), OsStr::new(ROUTING_SCRIPT)];
        args.push(path.as_os_str());
        args.extend(NAMES.iter().map(OsStr::new));
        let out = common::run_python(&python, &args, Vec::new());
        let cpython: Value = serde_json::from_slice(&out).expect("routing JSON");
        for name in NAMES {
            let e = explain(
                &config,
                name,
                &ExplainOptions {
                    existing: Existing::default(),
                    version,
                },
            );
            for (level, keys) in e.delivered() {
                let expected: Vec<String> = cpython[name][level]
                    .as_array()
                    .expect("levels")
                    .iter()
                    .map(|v| v.as_str().unwrap_or_default().to_string())
                    .collect();
                assert_eq!(keys, expected, "case {i}: explain {name} {level}\n{text}");
                compared += 1;
            }
        }
        // tree draws the opaque handler under its logger, saying so
        let h = Hierarchy::configure(&config, &Existing::default());
        let tree = logcheck::tree::render_tree(&config, &h);
        assert!(
            tree.contains("(arguments not evaluated: output not simulated)"),
            "case {i}:\n{tree}"
        );
        // simulate runs, and says which output it does not simulate
        let sim = simulate_bytes(
            &path_text,
            text.as_bytes(),
            &SimOptions {
                version,
                ..SimOptions::default()
            },
        )
        .expect("an opaque handler does not stop the simulation");
        assert!(
            sim.notes.iter().any(|n| n.contains("output not simulated")),
            "case {i}: {:?}",
            sim.notes
        );
    }
    eprintln!("environment_live: {compared} opaque-handler deliveries compared with CPython");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs the `logcheck` binary; returns (exit code, stdout + stderr).
fn logcheck(args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_logcheck"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("logcheck runs");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

/// Whether CPython's fileConfig loads `config` with `cwd` as the working
/// directory: `None`, or the exception's type name.
fn cpython_raises(
    python: &std::path::Path,
    config: &std::path::Path,
    cwd: &std::path::Path,
) -> Option<String> {
    let script = "import logging.config, sys\n\
        try:\n    logging.config.fileConfig(sys.argv[1])\n\
        except Exception as e:\n    print(type(e).__name__)\n";
    let out = std::process::Command::new(python)
        .args([OsStr::new("-c"), OsStr::new(script), config.as_os_str()])
        .current_dir(cwd)
        .output()
        .expect("python runs");
    let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// The four commands that load a file, each with the same environment flags.
fn every_command<'a>(config: &'a str, flags: &[&'a str]) -> Vec<Vec<&'a str>> {
    let base: [&[&str]; 4] = [
        &["check", config],
        &["explain", "root", "-c", config],
        &["tree", config],
        &["simulate", config],
    ];
    base.iter()
        .map(|b| b.iter().copied().chain(flags.iter().copied()).collect())
        .collect()
}

#[test]
fn every_command_sees_the_same_environment() {
    let dir = std::env::temp_dir().join(format!("logcheck-envcli-{}", std::process::id()));
    let cwd = dir.join("service");
    std::fs::create_dir_all(&cwd).expect("temp dir");
    let config = dir.join("app.conf");
    let absolute = dir.join("absolute.log");
    std::fs::write(
        &config,
        format!(
            "[loggers]\nkeys=root\n[handlers]\nkeys=f,n,t\n[formatters]\nkeys=\n\
             [logger_root]\nlevel=INFO\nhandlers=f,n,t\n\
             [handler_f]\nclass=FileHandler\nargs=('logs/app.log',)\n\
             [handler_n]\nclass=FileHandler\nargs=('/dev/null',)\n\
             [handler_t]\nclass=FileHandler\nargs=({:?},)\n",
            absolute.display().to_string()
        ),
    )
    .expect("write config");
    let config_text = config.display().to_string();
    let cwd_text = cwd.display().to_string();
    // CPython: the missing `logs` directory fails the load; once it exists, it loads
    if let Some(python) = common::python3() {
        assert_eq!(
            cpython_raises(&python, &config, &cwd).as_deref(),
            Some("FileNotFoundError")
        );
        std::fs::create_dir_all(cwd.join("logs")).expect("mkdir");
        assert_eq!(cpython_raises(&python, &config, &cwd), None);
        let _ = std::fs::remove_dir_all(cwd.join("logs"));
        let _ = std::fs::remove_file(&absolute);
    }
    for args in every_command(&config_text, &["--cwd", &cwd_text]) {
        let (code, text) = logcheck(&args);
        assert_eq!(code, 1, "{args:?} without the directory:\n{text}");
        assert!(text.contains("FileNotFoundError"), "{args:?}:\n{text}");
    }
    for args in every_command(&config_text, &["--cwd", &cwd_text, "--mkdir", "logs"]) {
        let (code, text) = logcheck(&args);
        assert_eq!(code, 0, "{args:?} with --mkdir logs:\n{text}");
    }
    // nothing was created: logcheck only looks
    assert!(!cwd.join("logs").exists());
    assert!(!absolute.exists());
    let _ = std::fs::remove_dir_all(&dir);
}
