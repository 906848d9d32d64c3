//! Live differential test of the `log` backend against CPython: generated
//! fileConfig files and calls run through the backend (one child process per
//! case, `examples/backend_child.rs`) and through `fileconfig_oracle.py`
//! (one batch); stdout, stderr and every file written must be identical.
//! Time is the oracle's frozen instant (injected clock, UTC); formats avoid
//! process and thread fields.

use crate::backend_support;
use crate::common;

use backend_support::{TempDir, run_child, snapshot};
use common::Rng;
use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Stdio};

const LEVELS: [i64; 5] = [5, 10, 20, 30, 40];
const LEVEL_WORDS: [&str; 7] = [
    "NOTSET", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", "5",
];

fn percent_format(rng: &mut Rng) -> String {
    const PIECES: [&str; 17] = [
        "%(asctime)s",
        "%(name)s",
        "%(name)-12s",
        "%(levelname)s",
        "%(levelname)-8s",
        "%(levelno)d",
        "%(message)s",
        "%(msecs)03d",
        "%(filename)s",
        "%(module)s",
        "%(lineno)4d",
        "%(funcName)s",
        "%(relativeCreated)d",
        "%(created).3f",
        "%(message).4s",
        "%(msg)r",
        "%(args)s",
    ];
    let mut s = String::new();
    for i in 0..1 + rng.below(4) {
        if i > 0 {
            let sep: &&str = rng.pick(&[" ", " | ", ":", " - ", "\t"]);
            s.push_str(sep);
        }
        let piece: &&str = rng.pick(&PIECES);
        s.push_str(piece);
    }
    if !s.contains("%(message)") && rng.chance(70) {
        s.push_str(" %(message)s");
    }
    if rng.chance(4) {
        s.push_str(" %(nosuch)s");
    }
    s
}

fn formatter_section(rng: &mut Rng, key: &str) -> String {
    let mut s = format!("[formatter_{key}]\n");
    match rng.below(10) {
        0 => s.push_str("format={asctime} {name:>10} [{levelname}] {message!r}\nstyle={\n"),
        1 => s.push_str("format=$asctime ${name}: $levelname $message\nstyle=$\n"),
        _ => s.push_str(&format!("format={}\n", percent_format(rng))),
    }
    match rng.below(4) {
        0 => s.push_str("datefmt=%H:%M:%S\n"),
        1 => s.push_str("datefmt=%Y/%m/%d %a %Z\n"),
        _ => {}
    }
    s
}

struct Case {
    config: String,
    calls: Value,
    files: bool,
}

fn generate(rng: &mut Rng) -> Case {
    let n_formatters = 1 + rng.below(2);
    let n_handlers = 1 + rng.below(4);
    let qualnames: Vec<String> = ["app", "app.db", "app.db.pool", "web", "web.req"]
        .iter()
        .filter(|_| rng.chance(50))
        .map(|s| s.to_string())
        .collect();
    let fkeys: Vec<String> = (0..n_formatters).map(|i| format!("f{i}")).collect();
    let hkeys: Vec<String> = (0..n_handlers).map(|i| format!("h{i}")).collect();
    let mut text = String::new();
    let lkeys: Vec<String> = (0..qualnames.len()).map(|i| format!("l{i}")).collect();
    let mut keys = vec!["root".to_string()];
    keys.extend(lkeys.iter().cloned());
    text.push_str(&format!("[loggers]\nkeys={}\n\n", keys.join(",")));
    text.push_str(&format!("[handlers]\nkeys={}\n\n", hkeys.join(",")));
    text.push_str(&format!("[formatters]\nkeys={}\n\n", fkeys.join(",")));
    let pick_handlers = |rng: &mut Rng| -> String {
        hkeys
            .iter()
            .filter(|_| rng.chance(45))
            .cloned()
            .collect::<Vec<_>>()
            .join(",")
    };
    let level_word = |rng: &mut Rng| LEVEL_WORDS[rng.below(6)].to_string();
    text.push_str(&format!(
        "[logger_root]\nlevel={}\nhandlers={}\n\n",
        level_word(rng),
        pick_handlers(rng)
    ));
    for (k, q) in lkeys.iter().zip(&qualnames) {
        let level = if rng.chance(30) {
            String::new()
        } else {
            format!("level={}\n", level_word(rng))
        };
        text.push_str(&format!(
            "[logger_{k}]\n{level}handlers={}\npropagate={}\nqualname={q}\n\n",
            pick_handlers(rng),
            u8::from(rng.chance(70))
        ));
    }
    let mut files = false;
    for (i, h) in hkeys.iter().enumerate() {
        let mut s = format!("[handler_{h}]\n");
        // targets only point forward: no MemoryHandler cycles (CPython recurses forever)
        let other = i + 1;
        match rng.below(9) {
            0 | 1 => s.push_str("class=StreamHandler\nargs=(sys.stdout,)\n"),
            2 => s.push_str("class=StreamHandler\nargs=()\n"),
            3 => {
                files = true;
                let mode = rng.pick(&["'a'", "'w'"]);
                let delay = rng.pick(&["", ", None, True"]);
                s.push_str(&format!(
                    "class=FileHandler\nargs=('out{i}.log', {mode}{delay})\n"
                ));
            }
            4 | 5 => {
                files = true;
                s.push_str(&format!(
                    "class=handlers.RotatingFileHandler\nargs=('rot{i}.log', 'a', {}, {})\n",
                    40 + rng.below(200),
                    rng.below(4)
                ));
            }
            6 => s.push_str("class=NullHandler\nargs=()\n"),
            7 if other < n_handlers => {
                s.push_str(&format!(
                    "class=handlers.MemoryHandler\nargs=({}, {}, None, {})\ntarget=h{other}\n",
                    1 + rng.below(4),
                    rng.pick(&["30", "40", "50"]),
                    rng.pick(&["True", "False"])
                ));
            }
            _ => {
                files = true;
                s.push_str(&format!(
                    "class=handlers.WatchedFileHandler\nargs=('w{i}.log',)\n"
                ));
            }
        }
        if rng.chance(40) {
            s.push_str(&format!("level={}\n", level_word(rng)));
        }
        if rng.chance(85) {
            s.push_str(&format!("formatter={}\n", rng.pick(&fkeys)));
        }
        text.push_str(&s);
        text.push('\n');
    }
    for f in &fkeys {
        text.push_str(&formatter_section(rng, f));
        text.push('\n');
    }
    if rng.chance(3) {
        // a broken reference: fileConfig raises, so must init
        text.push_str("[logger_zz]\nhandlers=nosuch\nqualname=zz\n");
        text = text.replacen("keys=root", "keys=root,zz", 1);
    }
    let mut names: Vec<String> = qualnames.clone();
    names.extend(["", "root", "other", "app.db.pool.x", "web.req.v2"].map(String::from));
    let messages = [
        "hello",
        "héllo wörld ✓",
        "100% done %s %(x)s",
        "a much longer message that should push rotating files over their limit quickly",
        "",
        "tab\there",
    ];
    let calls: Vec<Value> = (0..5 + rng.below(25))
        .map(|i| {
            json!({
                "logger": rng.pick(&names),
                "level": LEVELS[rng.below(5)],
                "msg": rng.pick(&messages),
                "pathname": rng.pick(&["app.py", "src/db/pool.rs"]),
                "lineno": i + 1,
                "func": "",
            })
        })
        .collect();
    Case {
        config: text,
        calls: Value::Array(calls),
        files,
    }
}

#[test]
fn backend_matches_cpython_on_generated_configs() {
    let Some(python) = common::python3() else {
        return;
    };
    let version = common::python_version(&python);
    let seed = common::live_seed();
    let n = common::live_cases(60);
    eprintln!("backend_live: seed {seed}, {n} cases, python {version}");
    let mut rng = Rng::new(seed);
    let top = TempDir::new("backend-live");
    let cases: Vec<Case> = (0..n).map(|_| generate(&mut rng)).collect();
    let mut requests = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let path = top.path().join(format!("case{i}.ini"));
        std::fs::write(&path, &case.config).unwrap();
        requests.push(json!({"id": i, "config": path.to_string_lossy(), "calls": case.calls}));
    }
    let oracle = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/oracle/fileconfig_oracle.py"
    );
    let mut child = Command::new(&python)
        .args([oracle, "--batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("oracle starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(Value::Array(requests).to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let expected: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    assert_eq!(expected.len(), n, "oracle answered every case");

    let mut mismatches = Vec::new();
    let mut with_files = 0;
    let mut rejected = 0;
    for (i, (case, exp)) in cases.iter().zip(&expected).enumerate() {
        let exp = &exp["result"];
        assert!(exp.get("oracle_failure").is_none(), "oracle failed: {exp}");
        let cwd = TempDir::new("backend-live-cwd");
        let config = top.path().join(format!("case{i}.ini"));
        let (output, result) = run_child(cwd.path(), &config, &case.calls, &version, &[]);
        let problem = if let Some(err) = exp.get("error").filter(|e| !e.is_null()) {
            rejected += 1;
            if result["ok"] == json!(false) && result["type"] == err["type"] {
                None
            } else {
                Some(format!("CPython raises {err}, backend gave {result}"))
            }
        } else if result["ok"] != json!(true) {
            Some(format!("backend failed to start: {result}"))
        } else {
            let cwd_text = cwd.path().to_string_lossy().into_owned();
            let norm = |b: &[u8]| String::from_utf8_lossy(b).replace(&cwd_text, "<cwd>");
            let stdout = norm(&output.stdout);
            let stderr = norm(&output.stderr);
            let files: serde_json::Map<String, Value> = snapshot(cwd.path())
                .into_iter()
                .map(|(k, v)| (k, Value::String(v.replace(&cwd_text, "<cwd>"))))
                .collect();
            with_files += usize::from(case.files && !files.is_empty());
            let mut diffs = Vec::new();
            if exp["streams"]["stdout"].as_str() != Some(stdout.as_str()) {
                diffs.push(format!(
                    "stdout: expected {:?}\n got {stdout:?}",
                    exp["streams"]["stdout"]
                ));
            }
            if exp["streams"]["stderr"].as_str() != Some(stderr.as_str()) {
                diffs.push(format!(
                    "stderr: expected {:?}\n got {stderr:?}",
                    exp["streams"]["stderr"]
                ));
            }
            if exp["files"] != Value::Object(files.clone()) {
                diffs.push(format!(
                    "files: expected {}\n got {}",
                    exp["files"],
                    Value::Object(files)
                ));
            }
            (!diffs.is_empty()).then(|| diffs.join("\n"))
        };
        if let Some(p) = problem {
            mismatches.push(format!(
                "case {i}:\n{}\ncalls: {}\n{p}",
                case.config, case.calls
            ));
        }
    }
    eprintln!(
        "backend_live: {n} cases ({rejected} rejected by CPython, {with_files} with files), {} mismatches",
        mismatches.len()
    );
    assert!(
        mismatches.is_empty(),
        "seed {seed}: {} of {n} cases differ; first:\n{}",
        mismatches.len(),
        mismatches[0]
    );
}

/// Local time through the C library (`localtime_r` by the libc crate's
/// declarations): in zones east and west of UTC, `%Z` and the hour of
/// `asctime` equal what python3 prints for the same instant under the same
/// `TZ` (the child's clock is frozen at 2024-01-02 03:04:05.125 UTC).
#[test]
fn local_time_matches_python_in_other_zones() {
    let Some(python) = common::python3() else {
        return;
    };
    let dir = TempDir::new("backend-localtime");
    let config = dir.path().join("tz.conf");
    std::fs::write(
        &config,
        "[loggers]\nkeys=root\n[handlers]\nkeys=out\n[formatters]\nkeys=f\n\
         [logger_root]\nlevel=INFO\nhandlers=out\n\
         [handler_out]\nclass=StreamHandler\nformatter=f\nargs=(sys.stdout,)\n\
         [formatter_f]\nformat=%(asctime)s %(message)s\ndatefmt=%Y-%m-%d %H:%M:%S %Z\n",
    )
    .expect("write config");
    let calls = serde_json::json!([{"logger": "", "level": 20, "msg": "tick"}]);
    for zone in ["Europe/Paris", "America/New_York", "Asia/Kolkata", "UTC"] {
        let expected = std::process::Command::new(&python)
            .args([
                "-c",
                "import time; print(time.strftime('%Y-%m-%d %H:%M:%S %Z', time.localtime(1704164645)), 'tick')",
            ])
            .env("TZ", zone)
            .output()
            .expect("python3 runs");
        let (output, _) = run_child(
            dir.path(),
            &config,
            &calls,
            "3.12",
            &[("TZ", zone), ("LOGCHECK_CHILD_LOCALTIME", "real")],
        );
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&expected.stdout),
            "TZ={zone}"
        );
    }
}
