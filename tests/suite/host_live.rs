//! Hosts, live: generated files with host traps (`%(here)s`, a logger
//! without `handlers=`, `TRACE`, `[DEFAULT]` options, PasteDeploy and
//! Alembic sections, no logging sections, text before the first header,
//! `.conf` vs `.ini`) loaded by the real alembic, pserve (plaster), gunicorn
//! and uvicorn code in the venv `tests/oracle/host_venv.py` builds, and by
//! logcheck under the same host. Verdicts and disabled loggers must agree.

use super::common::{Rng, live_cases, live_seed, oracle_script, python3};
use super::host_goldens::{
    Run, check_as_oracle, disabled_after, golden_disabled, golden_verdict, verdict,
};
use logcheck::Host;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The host venv's python, built on first use; `None` (skipped) when it
/// cannot be built, unless `LOGCHECK_REQUIRE_PYTHON=1`.
fn host_python() -> Option<PathBuf> {
    let python = python3()?;
    let out = Command::new(&python)
        .arg(oracle_script("host_venv.py"))
        .output()
        .expect("host_venv.py runs");
    if out.status.success() {
        let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
        return Some(PathBuf::from(path));
    }
    let why = String::from_utf8_lossy(&out.stderr);
    if std::env::var("LOGCHECK_REQUIRE_PYTHON").as_deref() == Ok("1") {
        panic!("LOGCHECK_REQUIRE_PYTHON=1 but the host venv could not be built: {why}");
    }
    eprintln!("host venv unavailable, live host test skipped: {why}");
    None
}

/// One generated file: its name and text.
fn generate(rng: &mut Rng, n: usize) -> (String, String) {
    let ext = if rng.chance(75) { "ini" } else { "conf" };
    let mut text = String::new();
    if rng.chance(8) {
        text.push_str("use = egg:stray\n");
    }
    if rng.chance(25) {
        let here = if rng.chance(50) { "." } else { "/nonexistent" };
        text.push_str(&format!("[DEFAULT]\nhere = {here}\n"));
        if rng.chance(40) {
            text.push_str("handlers = console\n");
        }
        text.push('\n');
    }
    match rng.below(3) {
        0 => text.push_str("[alembic]\nscript_location = %(here)s/migrations\n\n"),
        1 => text
            .push_str("[app:main]\nuse = egg:myapp\n\n[server:main]\nuse = egg:waitress#main\n\n"),
        _ => {}
    }
    if rng.chance(10) {
        return (format!("gen{n}.{ext}"), text);
    }
    let app = rng.chance(60);
    let keys = if app { "root, app" } else { "root" };
    let root_level = *rng.pick(&["INFO", "WARNING", "TRACE"]);
    text.push_str(&format!(
        "[loggers]\nkeys = {keys}\n\n[handlers]\nkeys = console\n\n[formatters]\nkeys = generic\n\n[logger_root]\nlevel = {root_level}\nhandlers = console\n\n"
    ));
    if app {
        text.push_str("[logger_app]\nlevel = DEBUG\nqualname = app\n");
        if rng.chance(60) {
            text.push_str("handlers =\n");
        }
        text.push('\n');
    }
    let args = match rng.below(4) {
        0 => "('%(here)s/app.log', 'a')".to_string(),
        1 => "('%(__file__)s.log', 'a')".to_string(),
        _ => "(sys.stderr,)".to_string(),
    };
    let class = if args.contains("sys.") {
        "StreamHandler"
    } else {
        "FileHandler"
    };
    text.push_str(&format!(
        "[handler_console]\nclass = {class}\nargs = {args}\nformatter = generic\n\n[formatter_generic]\nformat = %(levelname)s %(name)s %(message)s\n"
    ));
    (format!("gen{n}.{ext}"), text)
}

/// The real host's outcome for `text` under `host`.
fn real_host(python: &Path, dir: &Path, name: &str, text: &str, host: Host) -> Value {
    let file = dir.join(name);
    std::fs::write(&file, text).expect("write case");
    let out = Command::new(python)
        .arg(oracle_script("host_oracle.py"))
        .args(["--host", host.name()])
        .arg(&file)
        .output()
        .expect("host_oracle.py runs");
    assert!(
        out.status.success(),
        "oracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("oracle json")
}

#[test]
fn generated_host_traps_match_the_real_hosts() {
    let Some(python) = host_python() else {
        return;
    };
    let seed = live_seed();
    eprintln!("host_live seed {seed} (LOGCHECK_SEED to replay)");
    let mut rng = Rng::new(seed);
    let cases: Vec<(String, String)> = (0..live_cases(12)).map(|n| generate(&mut rng, n)).collect();
    let dir = std::env::temp_dir().join(format!("logcheck-host-live-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("case dir");
    let jobs: Vec<(usize, Host)> = (0..cases.len())
        .flat_map(|i| Host::ALL.into_iter().map(move |h| (i, h)))
        .collect();
    let mismatches = std::sync::Mutex::new(Vec::new());
    let verdicts = std::sync::Mutex::new(std::collections::BTreeMap::<String, usize>::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(&(i, host)) = jobs.get(k) else { break };
                    let (name, text) = &cases[i];
                    let sub = dir.join(format!("{k}"));
                    std::fs::create_dir_all(&sub).expect("job dir");
                    let golden = real_host(&python, &sub, name, text, host);
                    let run = Run {
                        host,
                        existing: Vec::new(),
                        mkdir: Vec::new(),
                        absolute: false,
                    };
                    let (report, cwd) =
                        check_as_oracle(name, text.as_bytes(), &run, &format!("live{k}"));
                    let (want, got) = (golden_verdict(&golden), verdict(&report, &cwd));
                    let kind = want.split(':').next().unwrap_or("").to_string();
                    *verdicts.lock().expect("lock").entry(kind).or_default() += 1;
                    let mut bad = None;
                    if want != got {
                        bad = Some(format!("real host: {want}\n  logcheck:  {got}"));
                    } else if want == "ok"
                        && golden_disabled(&golden) != disabled_after(&report, &run)
                    {
                        bad = Some(format!(
                            "disabled: real {:?}, logcheck {:?}",
                            golden_disabled(&golden),
                            disabled_after(&report, &run)
                        ));
                    }
                    if let Some(bad) = bad {
                        mismatches
                            .lock()
                            .expect("lock")
                            .push(format!("--host {host} {name}:\n{text}\n  {bad}"));
                    }
                    let _ = std::fs::remove_dir_all(&cwd);
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
    let mismatches = mismatches.into_inner().expect("lock");
    let verdicts = verdicts.into_inner().expect("lock");
    eprintln!("host_live verdicts: {verdicts:?}");
    // the generator must reach the hosts' different outcomes, not one
    assert!(
        verdicts.len() >= 4 || jobs.len() < 40,
        "too few kinds of verdict: {verdicts:?}"
    );
    assert!(
        mismatches.is_empty(),
        "seed {seed}: {} of {} runs differ:\n{}",
        mismatches.len(),
        jobs.len(),
        mismatches.join("\n\n")
    );
}
