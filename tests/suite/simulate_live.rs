//! Live differential test: generated fileConfig files and calls run through
//! CPython (`tests/oracle/fileconfig_oracle.py --batch -`, one process) and
//! through `simulate`; the full JSON results must be equal. A second family of
//! configs, where every handler tags its lines, checks `explain`'s
//! `delivered` lists against the order in which CPython's handlers print.
//!
//! `LOGCHECK_LIVE_CASES` (default 1200) and `LOGCHECK_SEED` replay a run.

use crate::common;

use common::{Rng, live_cases, live_seed, python_version, python3};
use logcheck::explain::{ExplainOptions, LAST_RESORT, explain};
use logcheck::hierarchy::Existing;
use logcheck::simulate::{SimOptions, parse_calls, simulate_bytes};
use logcheck::version::PyVersion;
use serde_json::{Value, json};

const NAMES: [&str; 9] = [
    "a", "a.b", "a.b.c", "b", "b.x", "app", "app.db", "c.d", "a.bc",
];
const CALL_ONLY: [&str; 4] = ["a.b.z", "zz", "app.db.q", "c"];
const LEVELS: [&str; 6] = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", "NOTSET"];

struct Case {
    ini: String,
    calls: Value,
    existing: Vec<String>,
    keep_existing: bool,
    mkdir: Vec<String>,
    /// Routing family: (logger, level) per call, for the `delivered` check.
    routing: Option<Vec<(String, String)>>,
}

fn percent_field(rng: &mut Rng, version: PyVersion) -> String {
    let mut names = vec![
        "name",
        "levelname",
        "levelno",
        "pathname",
        "filename",
        "module",
        "lineno",
        "funcName",
        "created",
        "msecs",
        "relativeCreated",
        "thread",
        "threadName",
        "processName",
        "process",
        "message",
        "asctime",
        "msg",
        "args",
        "exc_info",
        "exc_text",
        "stack_info",
        "user",
    ];
    if version >= PyVersion::new(3, 12, 0) || rng.chance(10) {
        names.push("taskName");
    }
    let name = *rng.pick(&names);
    let conv = *rng.pick(&[
        "s", "s", "-8s", "10s", ".3s", "r", "d", "05d", "f", ".2f", "x", "-5s",
    ]);
    format!("%({name}){conv}")
}

fn brace_field(rng: &mut Rng) -> String {
    rng.pick(&[
        "{name}",
        "{levelname:<8}",
        "{lineno:04d}",
        "{msecs:03.0f}",
        "{message!r}",
        "{created:.3f}",
        "{process:>6}",
        "{message}",
        "{asctime}",
        "{funcName:^10}",
        "{threadName!s}",
        "{user}",
        "{levelno:x}",
        "{relativeCreated:.1f}",
        "{module}",
    ])
    .to_string()
}

fn dollar_field(rng: &mut Rng) -> String {
    rng.pick(&[
        "$name",
        "${levelname}",
        "$message",
        "$$",
        "${asctime}",
        "$lineno",
        "${filename}",
        "$user",
        "$process",
        "${msecs}",
    ])
    .to_string()
}

fn formatter_section(rng: &mut Rng, key: &str, version: PyVersion) -> String {
    let style = *rng.pick(&["%", "%", "{", "$"]);
    let n = 1 + rng.below(4);
    let seps = [" ", "|", " - ", ": ", "\t"];
    let mut parts = Vec::new();
    for _ in 0..n {
        parts.push(match style {
            "{" => brace_field(rng),
            "$" => dollar_field(rng),
            _ => percent_field(rng, version),
        });
    }
    let mut fmt = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            let sep: &&str = rng.pick(&seps);
            fmt.push_str(sep);
        }
        fmt.push_str(p);
    }
    // fileConfig reads format and datefmt raw (no interpolation)
    let mut s = format!("[formatter_{key}]\nformat={fmt}\n");
    if style != "%" || rng.chance(20) {
        s.push_str(&format!("style={style}\n"));
    }
    if rng.chance(50) {
        let datefmt = *rng.pick(&[
            "%Y-%m-%d",
            "%H:%M:%S",
            "%a %b %d %j %U",
            "%f %%",
            "%d/%m/%y %I%p",
            "%c",
            "%x %X",
            "",
            "%Z %z",
            "%G-W%V-%u",
            "%e %k %l",
        ]);
        s.push_str(&format!("datefmt={datefmt}\n"));
    }
    s
}

fn level_line(rng: &mut Rng, percent: u32) -> String {
    if rng.chance(percent) {
        format!("level={}\n", rng.pick(&LEVELS))
    } else {
        String::new()
    }
}

/// A file handler's `encoding`: mostly none (the locale's), sometimes
/// UTF-8, sometimes one `open()` refuses (unknown, or not a text encoding):
/// a delayed handler then raises `LookupError` at its first record.
fn pick_encoding(rng: &mut Rng) -> &'static str {
    const CHOICES: [&str; 7] = [
        "None", "None", "None", "None", "'utf-8'", "'utf-99'", "'hex'",
    ];
    CHOICES[rng.below(CHOICES.len())]
}

fn rich_case(rng: &mut Rng, version: PyVersion) -> Case {
    let formatter_keys: Vec<String> = (0..rng.below(4)).map(|i| format!("f{i}")).collect();
    let handler_count = 1 + rng.below(5);
    let handler_keys: Vec<String> = (0..handler_count).map(|i| format!("h{i}")).collect();
    let mut logger_names: Vec<&str> = Vec::new();
    for _ in 0..rng.below(5) {
        let n = *rng.pick(&NAMES);
        if !logger_names.contains(&n) {
            logger_names.push(n);
        }
    }
    let mkdir = if rng.chance(50) {
        vec!["logs".to_string()]
    } else {
        Vec::new()
    };
    let mut ini = String::new();
    let logger_keys: Vec<String> = (0..logger_names.len()).map(|i| format!("l{i}")).collect();
    ini.push_str(&format!(
        "[loggers]\nkeys=root{}\n\n[handlers]\nkeys={}\n\n[formatters]\nkeys={}\n\n",
        logger_keys
            .iter()
            .map(|k| format!(",{k}"))
            .collect::<String>(),
        handler_keys.join(","),
        formatter_keys.join(",")
    ));
    let pick_handlers = |rng: &mut Rng| -> String {
        let mut hs: Vec<&str> = Vec::new();
        for k in &handler_keys {
            if rng.chance(35) {
                hs.push(k);
            }
        }
        hs.join(",")
    };
    ini.push_str(&format!(
        "[logger_root]\n{}handlers={}\n\n",
        level_line(rng, 70),
        pick_handlers(rng)
    ));
    for (key, name) in logger_keys.iter().zip(&logger_names) {
        let propagate = if rng.chance(70) { "" } else { "propagate=0\n" };
        ini.push_str(&format!(
            "[logger_{key}]\nqualname={name}\n{}{propagate}handlers={}\n\n",
            level_line(rng, 60),
            pick_handlers(rng)
        ));
    }
    for (i, key) in handler_keys.iter().enumerate() {
        let mut s = format!("[handler_{key}]\n");
        let kind = rng.below(10);
        let file = |rng: &mut Rng| {
            let dir = if rng.chance(30) { "logs/" } else { "" };
            format!("{dir}{key}.log")
        };
        match kind {
            0..=2 => s.push_str(&format!(
                "class=StreamHandler\nargs=({},)\n",
                rng.pick(&["sys.stdout", "sys.stdout", "sys.stderr"])
            )),
            3 | 4 => {
                let mode = *rng.pick(&["a", "w"]);
                let delay = *rng.pick(&["False", "True"]);
                let encoding = pick_encoding(rng);
                s.push_str(&format!(
                    "class=FileHandler\nargs=('{}', '{mode}', {encoding}, {delay})\n",
                    file(rng)
                ));
            }
            5 => s.push_str("class=NullHandler\nargs=()\n"),
            6 | 7 if i + 1 < handler_count || rng.chance(30) => {
                let flush =
                    *rng.pick(&["logging.ERROR", "logging.WARNING", "logging.CRITICAL", "30"]);
                let on_close = *rng.pick(&["True", "False"]);
                s.push_str(&format!(
                    "class=handlers.MemoryHandler\nargs=({}, {flush}, None, {on_close})\n",
                    1 + rng.below(4)
                ));
                if rng.chance(85) {
                    let t = rng.pick(&handler_keys).clone();
                    if t != *key {
                        s.push_str(&format!("target={t}\n"));
                    }
                }
            }
            8 => {
                let delay = *rng.pick(&["False", "True"]);
                let encoding = pick_encoding(rng);
                s.push_str(&format!(
                    "class=handlers.RotatingFileHandler\nargs=('{}', 'a', {}, {}, {encoding}, {delay})\n",
                    file(rng),
                    40 + rng.below(200),
                    rng.below(4)
                ));
            }
            _ => s.push_str("class=StreamHandler\nargs=(sys.stdout,)\n"),
        }
        s.push_str(&level_line(rng, 40));
        if !formatter_keys.is_empty() && rng.chance(80) {
            s.push_str(&format!("formatter={}\n", rng.pick(&formatter_keys)));
        }
        ini.push_str(&s);
        ini.push('\n');
    }
    for key in &formatter_keys {
        ini.push_str(&formatter_section(rng, key, version));
        ini.push('\n');
    }
    let mut calls = Vec::new();
    for _ in 0..(4 + rng.below(10)) {
        let mut call = serde_json::Map::new();
        let logger = if rng.chance(70) {
            rng.pick(&NAMES).to_string()
        } else if rng.chance(50) {
            rng.pick(&CALL_ONLY).to_string()
        } else {
            "root".to_string()
        };
        call.insert("logger".into(), json!(logger));
        call.insert(
            "level".into(),
            match rng.below(10) {
                0 => json!(15),
                1 => json!(25),
                _ => json!(rng.pick(&LEVELS[..5])),
            },
        );
        match rng.below(8) {
            0 => {}
            1 => {
                call.insert("msg".into(), json!("value %s and %d"));
                call.insert("args".into(), json!(["x", 7]));
            }
            2 => {
                call.insert("msg".into(), json!("dict %(k)s"));
                call.insert("args".into(), json!([{"k": "v"}]));
            }
            3 => {
                call.insert("msg".into(), json!("bad %d"));
                call.insert("args".into(), json!(["str"]));
            }
            4 => {
                call.insert("msg".into(), json!("héllo ✓ 100%"));
            }
            5 => {
                call.insert("msg".into(), json!(["a", 1]));
            }
            _ => {
                call.insert("msg".into(), json!("plain message"));
            }
        }
        if rng.chance(25) {
            let key = *rng.pick(&["user", "user", "name", "message", "extra_field"]);
            call.insert("extra".into(), json!({key: "bob"}));
        }
        if rng.chance(8) {
            call.insert("via".into(), json!("module"));
        }
        if rng.chance(10) {
            call.insert("lineno".into(), json!(rng.below(1000)));
            call.insert("pathname".into(), json!("src/pkg/mod.py"));
            call.insert("func".into(), json!("handler"));
        }
        calls.push(Value::Object(call));
    }
    let mut existing = Vec::new();
    if rng.chance(30) {
        for _ in 0..(1 + rng.below(3)) {
            existing.push(
                rng.pick(&["a.b", "app", "zz.y", "b", "a.b.c.d", "other"])
                    .to_string(),
            );
        }
    }
    Case {
        ini,
        calls: Value::Array(calls),
        existing,
        keep_existing: rng.chance(30),
        mkdir,
        routing: None,
    }
}

/// Every handler prints `<key>|<message>` on stdout: the output order is the
/// order in which CPython calls them.
fn routing_case(rng: &mut Rng) -> Case {
    let handler_keys: Vec<String> = (0..1 + rng.below(4)).map(|i| format!("h{i}")).collect();
    let mut logger_names: Vec<&str> = Vec::new();
    for _ in 0..rng.below(6) {
        let n = *rng.pick(&NAMES);
        if !logger_names.contains(&n) {
            logger_names.push(n);
        }
    }
    let logger_keys: Vec<String> = (0..logger_names.len()).map(|i| format!("l{i}")).collect();
    let mut ini = format!(
        "[loggers]\nkeys=root{}\n\n[handlers]\nkeys={}\n\n[formatters]\nkeys={}\n\n",
        logger_keys
            .iter()
            .map(|k| format!(",{k}"))
            .collect::<String>(),
        handler_keys.join(","),
        handler_keys
            .iter()
            .map(|k| format!("t{k}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    let pick_handlers = |rng: &mut Rng| -> String {
        handler_keys
            .iter()
            .filter(|_| rng.chance(30))
            .cloned()
            .collect::<Vec<_>>()
            .join(",")
    };
    ini.push_str(&format!(
        "[logger_root]\n{}handlers={}\n\n",
        level_line(rng, 70),
        pick_handlers(rng)
    ));
    for (key, name) in logger_keys.iter().zip(&logger_names) {
        let propagate = if rng.chance(70) { "" } else { "propagate=0\n" };
        ini.push_str(&format!(
            "[logger_{key}]\nqualname={name}\n{}{propagate}handlers={}\n\n",
            level_line(rng, 60),
            pick_handlers(rng)
        ));
    }
    for key in &handler_keys {
        ini.push_str(&format!(
            "[handler_{key}]\nclass=StreamHandler\nargs=(sys.stdout,)\nformatter=t{key}\n{}\n[formatter_t{key}]\nformat={key}|%(message)s\n\n",
            level_line(rng, 40)
        ));
    }
    let mut existing = Vec::new();
    if rng.chance(40) {
        existing.push(
            rng.pick(&["a.b", "app", "zz", "b", "a.b.c", "c"])
                .to_string(),
        );
    }
    let mut targets: Vec<String> = logger_names.iter().map(|s| s.to_string()).collect();
    targets.push("root".into());
    targets.push(rng.pick(&CALL_ONLY).to_string());
    let mut calls = Vec::new();
    let mut routing = Vec::new();
    for name in &targets {
        for level in &LEVELS[..5] {
            let id = calls.len();
            calls.push(json!({"logger": name, "level": level, "msg": format!("m{id}")}));
            routing.push((name.clone(), level.to_string()));
        }
    }
    Case {
        ini,
        calls: Value::Array(calls),
        existing,
        keep_existing: rng.chance(30),
        mkdir: Vec::new(),
        routing: Some(routing),
    }
}

/// CPython's `delivered` per call, read from the tagged output.
pub(crate) fn observed_delivery(result: &Value, calls: usize) -> Vec<Vec<String>> {
    let mut per_call = vec![Vec::new(); calls];
    let stdout = result["streams"]["stdout"].as_str().unwrap_or_default();
    for line in stdout.lines() {
        if let Some((key, msg)) = line.split_once('|')
            && let Some(i) = msg.strip_prefix('m').and_then(|n| n.parse::<usize>().ok())
            && i < calls
        {
            per_call[i].push(key.to_string());
        }
    }
    let stderr = result["streams"]["stderr"].as_str().unwrap_or_default();
    for line in stderr.lines() {
        if let Some(i) = line.strip_prefix('m').and_then(|n| n.parse::<usize>().ok())
            && i < calls
        {
            per_call[i].push(LAST_RESORT.to_string());
        }
    }
    per_call
}

#[test]
fn simulate_and_explain_match_cpython_on_generated_configs() {
    let Some(python) = python3() else {
        return;
    };
    let version: PyVersion = python_version(&python).parse().expect("python version");
    let seed = live_seed();
    let total = live_cases(1200);
    eprintln!(
        "simulate_live: seed {seed} ({total} cases, CPython {version}); replay with LOGCHECK_SEED={seed}"
    );
    let mut rng = Rng::new(seed);
    let dir = std::env::temp_dir().join(format!(
        "logcheck-simulate-live-{}-{seed}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let cases: Vec<Case> = (0..total)
        .map(|i| {
            if i % 3 == 2 {
                routing_case(&mut rng)
            } else {
                rich_case(&mut rng, version)
            }
        })
        .collect();
    let mut requests = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let path = dir.join(format!("case{i}.ini"));
        std::fs::write(&path, &case.ini).expect("write case");
        requests.push(json!({
            "id": i, "config": path.to_string_lossy(), "calls": case.calls,
            "existing": case.existing, "keep_existing": case.keep_existing, "mkdir": case.mkdir,
        }));
    }
    let oracle = common::oracle_script("fileconfig_oracle.py");
    let stdout = common::run_python(
        &python,
        &[oracle.as_os_str(), "--batch".as_ref(), "-".as_ref()],
        serde_json::to_vec(&requests).expect("json"),
    );
    let lines: Vec<Value> = String::from_utf8_lossy(&stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("oracle JSON line"))
        .collect();
    assert_eq!(lines.len(), cases.len(), "oracle answered every case");

    let mut mismatches = Vec::new();
    let mut compared = 0;
    let mut delivered_checked = 0;
    let mut oracle_failures = 0;
    for (i, (case, line)) in cases.iter().zip(&lines).enumerate() {
        let expected = &line["result"];
        if expected.get("oracle_failure").is_some() {
            oracle_failures += 1;
            continue;
        }
        let path = dir.join(format!("case{i}.ini"));
        let path = path.to_string_lossy();
        let existing = Existing {
            names: case.existing.clone(),
            keep_existing: case.keep_existing,
        };
        let opts = SimOptions {
            version,
            existing: existing.clone(),
            calls: Some(parse_calls(&case.calls).expect("calls")),
            mkdir: case.mkdir.clone(),
            ..SimOptions::default()
        };
        let got = match simulate_bytes(&path, case.ini.as_bytes(), &opts) {
            Ok(r) => r.to_json(),
            Err(e) => Value::String(e.to_string()),
        };
        compared += 1;
        if &got != expected {
            mismatches.push(format!(
                "case {i} (seed {seed}):\n{}\ncalls {}\nexisting {:?} keep {} mkdir {:?}\n  expected {expected}\n  got      {got}",
                case.ini, case.calls, case.existing, case.keep_existing, case.mkdir
            ));
            continue;
        }
        if let Some(routing) = &case.routing {
            if expected.get("error").is_some() {
                continue;
            }
            let report = logcheck::check::check_bytes_in(
                &path,
                case.ini.as_bytes(),
                &logcheck::check::CheckOptions {
                    version,
                    ..Default::default()
                },
                &logcheck::handler_class::VirtualFs::empty("/nowhere"),
            );
            let config = report.config().expect("config");
            let observed = observed_delivery(expected, routing.len());
            for (call, (name, level)) in routing.iter().enumerate() {
                let e = explain(
                    config,
                    name,
                    &ExplainOptions {
                        existing: existing.clone(),
                        version,
                    },
                );
                let predicted = e
                    .delivered()
                    .into_iter()
                    .find(|(l, _)| l == level)
                    .map(|(_, keys)| keys)
                    .unwrap_or_default();
                delivered_checked += 1;
                if predicted != observed[call] {
                    mismatches.push(format!(
                        "case {i} (seed {seed}) explain {name} {level}: CPython {:?}, explain {:?}\n{}\nexisting {:?} keep {}",
                        observed[call], predicted, case.ini, case.existing, case.keep_existing
                    ));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!(
        "simulate_live: {compared} simulations and {delivered_checked} explain deliveries compared, {} mismatches, {oracle_failures} oracle failures",
        mismatches.len()
    );
    assert!(
        compared >= total * 9 / 10,
        "too many oracle failures: {oracle_failures}"
    );
    common::assert_no_mismatches("simulate output", &mismatches, seed, 5);
}
