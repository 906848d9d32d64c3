//! Live tests of the environment cases against CPython's real `fileConfig`:
//! handlers whose arguments are code logcheck does not evaluate (opaque
//! handlers) must route exactly as CPython's loaded loggers do.

use crate::common;

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
# Handlers are named by their section key. 3.8's fileConfig leaves `h.name`
# unset (3.9 added `h.name = hand`); naming them after `_install_handlers`
# built them identifies each one and routes nothing differently.
_install = logging.config._install_handlers
def _install_named(cp, formatters):
    handlers = _install(cp, formatters)
    for key, h in handlers.items():
        if h.name is None:
            h.name = key
    return handlers
logging.config._install_handlers = _install_named
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
    "[loggers]\nkeys=root,app\n[handlers]\nkeys=h,c\n[formatters]\nkeys=\n\
     [logger_root]\nlevel=DEBUG\nhandlers=c\n\
     [logger_app]\nqualname=app\nhandlers=h\n\
     [handler_h]\nclass=getattr(sys.modules['logging'], 'StreamHandler')\nlevel=ERROR\nargs=(sys.stdout,)\n\
     [handler_c]\nclass=StreamHandler\nlevel=INFO\nargs=(sys.stderr,)\n",
];

const NAMES: &[&str] = &[
    "root", "app", "app.db", "app.db.x", "web", "web.api", "other",
];

/// Compares explain's deliveries (and tree, simulate) on `text` with the
/// routing `python` reads from its loaded loggers; returns the count.
fn compare_routing(
    python: &std::path::Path,
    version: PyVersion,
    text: &str,
    path: &std::path::Path,
) -> usize {
    std::fs::write(path, text).expect("write config");
    let path_text = path.display().to_string();
    let opts = CheckOptions {
        version,
        cwd: path.parent().expect("dir").to_path_buf(),
        ..CheckOptions::default()
    };
    let report = check_bytes(&path_text, text.as_bytes(), &opts);
    assert_eq!(report.python_error, None, "{text}");
    assert!(report.verdict_uncertain, "the config runs code:\n{text}");
    let config = report.config().expect("model");
    assert!(
        config
            .handlers
            .iter()
            .any(|h| matches!(h.spec, HandlerSpec::Opaque { .. })),
        "an opaque handler stays in the model:\n{text}"
    );
    let mut args: Vec<&OsStr> = vec![OsStr::new("-c"), OsStr::new(ROUTING_SCRIPT)];
    args.push(path.as_os_str());
    args.extend(NAMES.iter().map(OsStr::new));
    let out = common::run_python(python, &args, Vec::new());
    let cpython: Value = serde_json::from_slice(&out).expect("routing JSON");
    let mut compared = 0;
    for name in NAMES {
        let e = explain(
            config,
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
            assert_eq!(keys, expected, "explain {name} {level}\n{text}");
            compared += 1;
        }
    }
    // tree draws the opaque handler under its logger, saying so
    let h = Hierarchy::configure(config, &Existing::default());
    let tree = logcheck::tree::render_tree(config, &h);
    assert!(
        tree.contains("(code not evaluated: output not simulated)"),
        "{tree}"
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
        "{:?}",
        sim.notes
    );
    compared
}

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
        compared += compare_routing(&python, version, text, &dir.join(format!("opaque{i}.conf")));
    }
    eprintln!("environment_live: {compared} opaque-handler deliveries compared with CPython");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A formatter whose `defaults` (3.12+) are code: the handlers using it
/// stay, opaque, and every logger routes as in CPython 3.12 and 3.13.
#[test]
fn handlers_with_opaque_formatters_route_like_cpython() {
    let text = "[loggers]\nkeys=root,app\n[handlers]\nkeys=h,c\n[formatters]\nkeys=f\n\
                [formatter_f]\nformat=%(app)s %(message)s\ndefaults={'app': str(len(sys.argv))}\n\
                [logger_root]\nlevel=INFO\nhandlers=c\n\
                [logger_app]\nqualname=app\nlevel=DEBUG\nhandlers=h\n\
                [handler_h]\nclass=StreamHandler\nlevel=WARNING\nformatter=f\nargs=(sys.stdout,)\n\
                [handler_c]\nclass=StreamHandler\nargs=(sys.stderr,)\n";
    let dir = std::env::temp_dir().join(format!("logcheck-opaquefmt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (python, version) in interpreters() {
        let version: PyVersion = version.parse().expect("version");
        if version.minor < 12 {
            continue; // formatter defaults are read from 3.12 on
        }
        let n = compare_routing(&python, version, text, &dir.join("fmt.conf"));
        eprintln!(
            "environment_live: {n} deliveries through an opaque formatter compared with CPython {version:?}"
        );
    }
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
    // check reports the failure; explain, tree and simulate name it, then
    // answer as where the directory exists (the `--mkdir logs` they name)
    for args in every_command(&config_text, &["--cwd", &cwd_text]) {
        let (code, text) = logcheck(&args);
        let expected = if args[0] == "check" { 1 } else { 0 };
        assert_eq!(code, expected, "{args:?} without the directory:\n{text}");
        assert!(text.contains("FileNotFoundError"), "{args:?}:\n{text}");
        if args[0] != "check" {
            assert!(text.contains("--mkdir logs"), "{args:?}:\n{text}");
        }
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

/// Configs whose `args`/`kwargs`/`defaults` make CPython 3.12+ print
/// SyntaxWarnings while loading (and, in the last two, stop loading).
const WARNING_CONFIGS: &[(&str, &str)] = &[
    (
        "escapes",
        "[loggers]\nkeys=root\n[handlers]\nkeys=f,g,h\n[formatters]\nkeys=\n\
         [logger_root]\nhandlers=f\n\
         [handler_f]\nclass=FileHandler\nargs=('c:\\plevi.log', 'a', None, True)\n\
         [handler_g]\nclass=StreamHandler\nargs=(sys.stdout,)\nkwargs={}\n\
         [handler_h]\nclass=FileHandler\nkwargs={'filename': 'd:\\logs\\x41\\q.log', 'delay': True}\n",
    ),
    (
        "multiline",
        "[loggers]\nkeys=root\n[handlers]\nkeys=f\n[formatters]\nkeys=x\n\
         [formatter_x]\nformat=%(message)s %(where)s\ndefaults={'where': 'C:\\Programs\\me'}\n\
         [logger_root]\nhandlers=f\n\
         [handler_f]\nclass=FileHandler\nformatter=x\nargs=('a.log',\n  'a', None, True, '\\777')\n",
    ),
    (
        "raises",
        "[loggers]\nkeys=root\n[handlers]\nkeys=f,g\n[formatters]\nkeys=\n\
         [logger_root]\nhandlers=f\n\
         [handler_f]\nclass=FileHandler\nargs=('c:\\plevi.log', undefined_name)\n\
         [handler_g]\nclass=FileHandler\nargs=('c:\\q.log',)\n",
    ),
    (
        "stops-before",
        "[loggers]\nkeys=root\n[handlers]\nkeys=f,g\n[formatters]\nkeys=\n\
         [logger_root]\nhandlers=f\n\
         [handler_f]\nclass=NoSuchHandler\nargs=('c:\\plevi.log',)\n\
         [handler_g]\nclass=FileHandler\nargs=('c:\\q.log',)\n",
    ),
];

/// Every interpreter to compare with: `python3` and, where installed,
/// 3.12 and 3.13 (`python3.12` on PATH or a pyenv build), one per version.
fn interpreters() -> Vec<(std::path::PathBuf, String)> {
    let mut found: Vec<(std::path::PathBuf, String)> = Vec::new();
    let mut candidates: Vec<std::path::PathBuf> = common::python3().into_iter().collect();
    for minor in ["3.12", "3.13"] {
        candidates.push(format!("python{minor}").into());
        if let Some(home) = std::env::var_os("HOME")
            && let Ok(dirs) = std::fs::read_dir(std::path::Path::new(&home).join(".pyenv/versions"))
        {
            for d in dirs.flatten() {
                if d.file_name()
                    .to_string_lossy()
                    .starts_with(&format!("{minor}."))
                {
                    candidates.push(d.path().join("bin/python3"));
                }
            }
        }
    }
    for python in candidates {
        let works = std::process::Command::new(&python)
            .args(["-c", "pass"])
            .output()
            .is_ok_and(|o| o.status.success());
        if !works {
            continue;
        }
        let version = common::python_version(&python);
        let minor: String = version.split('.').take(2).collect::<Vec<_>>().join(".");
        if !found
            .iter()
            .any(|(_, v)| v.starts_with(&format!("{minor}.")))
        {
            found.push((python, version));
        }
    }
    found
}

fn golden_path(name: &str, minor: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/goldens/load_warnings")
        .join(format!("{name}.{minor}.json"))
}

/// `simulate --format json` of a warning config, as the oracle prints it.
fn simulated(name: &str, text: &str, version: PyVersion) -> Value {
    let path = format!("{name}.conf");
    let result = simulate_bytes(
        &path,
        text.as_bytes(),
        &SimOptions {
            version,
            ..SimOptions::default()
        },
    )
    .expect("simulates");
    result.to_json()
}

/// The stored oracle outputs (CPython 3.11, 3.12 and 3.13) are what
/// `simulate` prints, load-time SyntaxWarnings first on stderr; `check`
/// reports each warning (LC613) with the line CPython prints.
#[test]
fn load_warnings_match_the_goldens() {
    for (name, text) in WARNING_CONFIGS {
        for minor in ["3.11", "3.12", "3.13"] {
            let version: PyVersion = minor.parse().expect("version");
            let golden = std::fs::read_to_string(golden_path(name, minor)).expect("golden");
            let golden: Value = serde_json::from_str(&golden).expect("golden JSON");
            let expected = &golden["oracle"];
            assert_eq!(
                &simulated(name, text, version),
                expected,
                "{name} on {minor}"
            );
            let report = check_bytes(
                &format!("{name}.conf"),
                text.as_bytes(),
                &CheckOptions {
                    version,
                    ..CheckOptions::default()
                },
            );
            let noted: Vec<String> = report
                .diagnostics
                .iter()
                .filter(|d| d.message.contains("prints a SyntaxWarning while loading"))
                .flat_map(|d| d.notes.iter())
                .filter_map(|n| n.strip_prefix("CPython writes to stderr: "))
                .map(|line| format!("{line}\n"))
                .collect();
            let warned: String = golden["stderr_warnings"]
                .as_array()
                .expect("warning lines")
                .iter()
                .map(|l| format!("{}\n", l.as_str().unwrap_or_default()))
                .collect();
            assert_eq!(noted.concat(), warned, "{name} on {minor}: check's notes");
        }
    }
}

/// A plain `fileConfig(path)` in a script (as a service runs it), its
/// exception swallowed: the warning lines it writes to stderr.
const PLAIN_LOAD: &str = "import logging.config, sys\n\
try:\n    logging.config.fileConfig(sys.argv[1])\n\
except Exception:\n    pass\n";

/// The goldens above are what the real interpreters print (rewritten with
/// `LOGCHECK_UPDATE_GOLDENS=1`): the oracle's JSON, and the warning lines a
/// plain load writes to stderr (the oracle's JSON has no streams when
/// fileConfig raises).
#[test]
fn load_warnings_goldens_are_cpython_output() {
    let pythons = interpreters();
    if pythons.is_empty() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("logcheck-warn-{}", std::process::id()));
    let update = std::env::var("LOGCHECK_UPDATE_GOLDENS").as_deref() == Ok("1");
    for (python, version) in &pythons {
        let minor: String = version.split('.').take(2).collect::<Vec<_>>().join(".");
        for (name, text) in WARNING_CONFIGS {
            // a fresh, empty working directory per run, as the oracle expects
            let cwd = dir.join(format!("{minor}-{name}"));
            std::fs::create_dir_all(&cwd).expect("sandbox");
            let config = dir.join(format!("{name}.conf"));
            std::fs::write(&config, text).expect("config");
            let out = std::process::Command::new(python)
                .arg(common::oracle_script("fileconfig_oracle.py"))
                .arg(&config)
                .current_dir(&cwd)
                .output()
                .expect("oracle runs");
            let mut oracle: Value = serde_json::from_slice(&out.stdout).expect("oracle JSON");
            // the oracle names the config by its path; simulate by the name given
            if let Some(msg) = oracle.pointer_mut("/error/message")
                && let Some(s) = msg.as_str()
            {
                *msg = Value::String(
                    s.replace(&config.display().to_string(), &format!("{name}.conf")),
                );
            }
            let runner = dir.join("plain_load.py");
            std::fs::write(&runner, PLAIN_LOAD).expect("runner");
            let plain = std::process::Command::new(python)
                .arg(&runner)
                .arg(&config)
                .current_dir(&cwd)
                .output()
                .expect("python runs");
            let warnings: Vec<Value> = String::from_utf8_lossy(&plain.stderr)
                .lines()
                .filter(|l| l.starts_with("<string>:"))
                .map(|l| Value::String(l.to_string()))
                .collect();
            let oracle = serde_json::json!({"oracle": oracle, "stderr_warnings": warnings});
            let golden = golden_path(name, &minor);
            if update {
                std::fs::create_dir_all(golden.parent().expect("dir")).expect("golden dir");
                std::fs::write(
                    &golden,
                    serde_json::to_string_pretty(&oracle).expect("json") + "\n",
                )
                .expect("write golden");
                continue;
            }
            let Ok(stored) = std::fs::read_to_string(&golden) else {
                continue; // a version without a golden
            };
            let stored: Value = serde_json::from_str(&stored).expect("golden JSON");
            assert_eq!(
                oracle,
                stored,
                "{name}: CPython {version} differs from {}",
                golden.display()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `simulate` with `--cwd` sees the real directories there (read-only,
/// nothing is created): a real `logs/` gives what CPython writes when the
/// service starts where `logs/` exists, delayed opens and rollovers included.
#[test]
fn simulate_sees_the_real_working_directory() {
    let dir = std::env::temp_dir().join(format!("logcheck-simcwd-{}", std::process::id()));
    let cwd = dir.join("service");
    std::fs::create_dir_all(cwd.join("logs")).expect("temp dirs");
    let text = "[loggers]\nkeys=root\n[handlers]\nkeys=b,c\n[formatters]\nkeys=\n\
                [logger_root]\nhandlers=b,c\n\
                [handler_b]\nclass=FileHandler\nargs=('logs/b.log', 'a', None, True)\n\
                [handler_c]\nclass=handlers.RotatingFileHandler\nargs=('logs/c.log', 'a', 20, 2)\n";
    let config = dir.join("rc.conf");
    std::fs::write(&config, text).expect("config");
    let version: PyVersion = "3.12".parse().expect("version");
    let run = |cwd: Option<std::path::PathBuf>, mkdir: Vec<String>, version: PyVersion| {
        simulate_bytes(
            "rc.conf",
            text.as_bytes(),
            &SimOptions {
                version,
                cwd,
                mkdir,
                ..SimOptions::default()
            },
        )
        .expect("simulates")
        .to_json()
    };
    let real = run(Some(cwd.clone()), Vec::new(), version);
    assert_eq!(real, run(None, vec!["logs".into()], version));
    assert!(real.get("error").is_none(), "{real}");
    assert_eq!(
        std::fs::read_dir(cwd.join("logs")).expect("logs").count(),
        0
    );
    if let Some(python) = common::python3() {
        let version: PyVersion = common::python_version(&python).parse().expect("version");
        let sandbox = dir.join("sandbox");
        std::fs::create_dir_all(&sandbox).expect("sandbox");
        let out = std::process::Command::new(&python)
            .arg(common::oracle_script("fileconfig_oracle.py"))
            .arg(&config)
            .args(["--mkdir", "logs"])
            .current_dir(&sandbox)
            .output()
            .expect("oracle runs");
        let oracle: Value = serde_json::from_slice(&out.stdout).expect("oracle JSON");
        assert_eq!(run(Some(cwd.clone()), Vec::new(), version), oracle);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
