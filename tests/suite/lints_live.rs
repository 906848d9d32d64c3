//! Live differential test of the lints that claim a run-time behaviour,
//! against CPython (tests/oracle/fileconfig_oracle.py, batch mode):
//!
//! * LC605 duplicate-delivery is reported for logger L (or for an ancestor L's
//!   records reach) iff CPython writes one record of a call on L twice through
//!   one handler;
//! * LC606 records-go-nowhere is reported for L (or on root, saying that no
//!   logger has a handler) iff CPython prints nothing for any level of L
//!   except the last-resort handler's bare messages;
//! * LC603 unknown-record-attribute is reported iff every record through that
//!   formatter gives a `--- Logging error ---` block and no line.
//!
//! Generated configs: a few loggers in a hierarchy (`a`, `a.b`, `a.b.c`, ...)
//! with random levels, `propagate` on/off and handlers picked from a pool (some
//! shared between a logger and its ancestors, some listed twice, some unused),
//! stream and file handlers with random levels, each with its own formatter
//! whose tag (`[h2]`) makes every output line attributable; and sometimes a
//! probe formatter on root with a random field (valid or not, `%`/`{`/`$`
//! style); in a quarter of the cases the file handlers write into `logs/`,
//! which CPython gets and logcheck's working directory lacks (the routing
//! lints then reason on the model rebuilt as if it existed). Every call's message names its logger and level (`a.b#INFO`), so
//! bare last-resort lines and logging-error blocks are attributable too.

use crate::common;

use logcheck::check::{CheckOptions, check_bytes};
use logcheck::version::PyVersion;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const NAMES: &[&str] = &["a", "a.b", "a.b.c", "a.c", "b", "b.x.y", "c"];
const LEVELS: &[&str] = &["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];
const CONFIG_LEVELS: &[&str] = &[
    "NOTSET", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", "WARN", "FATAL",
];
/// Probe fields: LogRecord attributes, formatter-added ones, and names no
/// record has (`taskName` exists from 3.12 only).
const PROBE_FIELDS: &[&str] = &[
    "process",
    "funcName",
    "lineno",
    "asctime",
    "msecs",
    "threadName",
    "module",
    "levelno",
    "relativeCreated",
    "exc_text",
    "stack_info",
    "taskName",
    "user_id",
    "request_id",
    "pid",
    "Message",
];

/// One configured logger of a generated case.
#[derive(Debug, Clone)]
struct Logger {
    /// `root` or the qualname.
    name: String,
    propagate: bool,
    /// Byte offset of its `[logger_X]` header in the text.
    header: usize,
}

#[derive(Debug)]
struct Case {
    text: String,
    /// Root first.
    loggers: Vec<Logger>,
    /// The probe formatter's section header offset, when there is one.
    probe: Option<usize>,
    any_handler_attached: bool,
    /// File handlers write into `logs/`: CPython runs with that directory
    /// created, logcheck without it (its routing lints then use the model
    /// rebuilt where every directory exists).
    in_log_dir: bool,
}

fn maybe_level(rng: &mut common::Rng, out: &mut String) {
    if rng.chance(70) {
        out.push_str(&format!("level={}\n", rng.pick(CONFIG_LEVELS)));
    }
}

fn generate(rng: &mut common::Rng) -> Case {
    let handler_count = rng.below(5);
    let mut names: Vec<&str> = NAMES.iter().copied().filter(|_| rng.chance(45)).collect();
    if names.is_empty() {
        names.push(*rng.pick(NAMES));
    }
    let probe = rng.chance(45);
    let in_log_dir = rng.chance(25);
    let log_dir = if in_log_dir { "logs/" } else { "" };
    let mut handler_keys: Vec<String> = (0..handler_count).map(|i| format!("h{i}")).collect();
    let pick_handlers = |rng: &mut common::Rng, keys: &[String]| -> Vec<String> {
        let mut picked: Vec<String> = keys.iter().filter(|_| rng.chance(35)).cloned().collect();
        if !picked.is_empty() && rng.chance(10) {
            let again = picked[0].clone();
            picked.push(again);
        }
        picked
    };
    let root_handlers = {
        let mut h = pick_handlers(rng, &handler_keys);
        if probe {
            h.push("probe".into());
        }
        h
    };
    let logger_handlers: Vec<Vec<String>> = names
        .iter()
        .map(|_| pick_handlers(rng, &handler_keys))
        .collect();
    let any_handler_attached =
        !root_handlers.is_empty() || logger_handlers.iter().any(|h| !h.is_empty());
    if probe {
        handler_keys.push("probe".into());
    }
    let formatter_keys: Vec<String> = handler_keys.iter().map(|k| format!("f{k}")).collect();

    let mut text = String::new();
    let mut loggers = Vec::new();
    let logger_keys: Vec<String> = (0..names.len()).map(|i| format!("l{i}")).collect();
    text.push_str(&format!(
        "[loggers]\nkeys=root{}\n\n[handlers]\nkeys={}\n\n[formatters]\nkeys={}\n\n",
        logger_keys
            .iter()
            .map(|k| format!(",{k}"))
            .collect::<String>(),
        handler_keys.join(","),
        formatter_keys.join(",")
    ));
    loggers.push(Logger {
        name: "root".into(),
        propagate: true,
        header: text.len(),
    });
    text.push_str("[logger_root]\n");
    maybe_level(rng, &mut text);
    text.push_str(&format!("handlers={}\n\n", root_handlers.join(",")));
    for (i, name) in names.iter().enumerate() {
        let header = text.len();
        text.push_str(&format!("[logger_l{i}]\nqualname={name}\n"));
        maybe_level(rng, &mut text);
        let propagate = match rng.below(10) {
            0..=2 => {
                text.push_str("propagate=0\n");
                false
            }
            3..=5 => {
                text.push_str("propagate=1\n");
                true
            }
            _ => true,
        };
        text.push_str(&format!("handlers={}\n\n", logger_handlers[i].join(",")));
        loggers.push(Logger {
            name: name.to_string(),
            propagate,
            header,
        });
    }
    for key in &handler_keys {
        text.push_str(&format!("[handler_{key}]\n"));
        if key == "probe" {
            text.push_str("class=StreamHandler\nargs=(sys.stdout,)\n");
        } else {
            match rng.below(3) {
                0 => text.push_str("class=StreamHandler\nargs=(sys.stdout,)\n"),
                1 => text.push_str("class=StreamHandler\nargs=(sys.stderr,)\n"),
                _ => text.push_str(&format!(
                    "class=FileHandler\nargs=('{log_dir}{key}.log',)\n"
                )),
            }
            maybe_level(rng, &mut text);
        }
        text.push_str(&format!("formatter=f{key}\n\n"));
    }
    let mut probe_header = None;
    for key in &handler_keys {
        if key == "probe" {
            probe_header = Some(text.len());
            let field = rng.pick(PROBE_FIELDS);
            let (format, style) = match rng.below(4) {
                0 => (format!("[probe] {{name}} {{{field}}}|{{message}}"), "{"),
                1 => (format!("[probe] ${{name}} ${{{field}}}|${{message}}"), "$"),
                _ => (format!("[probe] %(name)s %({field})s|%(message)s"), "%"),
            };
            // format is read raw: no `%%` escaping
            text.push_str(&format!(
                "[formatter_f{key}]\nformat={format}\nstyle={style}\n\n"
            ));
        } else {
            text.push_str(&format!(
                "[formatter_f{key}]\nformat=[{key}] %(name)s|%(message)s\n\n"
            ));
        }
    }
    let in_log_dir = in_log_dir && text.contains("class=FileHandler");
    Case {
        text,
        loggers,
        probe: probe_header,
        any_handler_attached,
        in_log_dir,
    }
}

/// What CPython printed, attributed to messages (`a.b#INFO`).
#[derive(Debug, Default)]
struct Output {
    /// (handler tag, message) → number of lines.
    tagged: HashMap<(String, String), usize>,
    /// Messages of `--- Logging error ---` blocks.
    errors: Vec<String>,
    /// Lines that are exactly a message (the last-resort handler).
    bare: Vec<String>,
    /// Anything else.
    unexpected: Vec<String>,
}

fn parse_output(result: &Value) -> Output {
    let mut texts: Vec<String> = Vec::new();
    for stream in ["stdout", "stderr"] {
        texts.push(result["streams"][stream].as_str().unwrap_or("").to_string());
    }
    if let Some(files) = result["files"].as_object() {
        texts.extend(files.values().map(|v| v.as_str().unwrap_or("").to_string()));
    }
    let mut out = Output::default();
    for text in texts {
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            if line == "--- Logging error ---" {
                let _exception = lines.next();
                let message = lines.next().unwrap_or("");
                let _arguments = lines.next();
                let msg = message
                    .strip_prefix("Message: '")
                    .and_then(|m| m.strip_suffix('\''))
                    .unwrap_or(message);
                out.errors.push(msg.to_string());
            } else if let Some(rest) = line.strip_prefix('[')
                && let Some((tag, tail)) = rest.split_once("] ")
                && let Some((_, msg)) = tail.rsplit_once('|')
            {
                *out.tagged
                    .entry((tag.to_string(), msg.to_string()))
                    .or_default() += 1;
            } else if line.contains('#') && !line.contains(' ') {
                out.bare.push(line.to_string());
            } else {
                out.unexpected.push(line.to_string());
            }
        }
    }
    out
}

fn message_logger(msg: &str) -> &str {
    msg.split('#').next().unwrap_or(msg)
}

/// The configured logger whose section contains `offset`.
fn section_at(case: &Case, offset: usize) -> Option<&str> {
    case.loggers
        .iter()
        .filter(|l| l.header <= offset)
        .max_by_key(|l| l.header)
        .filter(|l| {
            // a logger section ends where the next section starts
            let next = case.text[l.header + 1..]
                .find("\n[")
                .map_or(case.text.len(), |i| l.header + 1 + i);
            offset < next
        })
        .map(|l| l.name.as_str())
}

/// Configured ancestors of `name` (nearest first), root last.
fn ancestors<'c>(case: &'c Case, name: &str) -> Vec<&'c Logger> {
    let mut out = Vec::new();
    if name == "root" {
        return out;
    }
    let mut current = name.to_string();
    while let Some((parent, _)) = current.rsplit_once('.') {
        if let Some(l) = case.loggers.iter().find(|l| l.name == parent) {
            out.push(l);
        }
        current = parent.to_string();
    }
    out.extend(case.loggers.iter().find(|l| l.name == "root"));
    out
}

/// Loggers whose records reach `name`'s handlers stage: `name` itself and every
/// configured ancestor before a logger with propagate=0 ends the walk.
fn reached(case: &Case, name: &str) -> Vec<String> {
    let mut out = vec![name.to_string()];
    let Some(me) = case.loggers.iter().find(|l| l.name == name) else {
        return out;
    };
    if !me.propagate {
        return out;
    }
    for a in ancestors(case, name) {
        out.push(a.name.clone());
        if !a.propagate {
            break;
        }
    }
    out
}

fn run_oracle(python: &Path, cwd: &Path, cases: &[Value]) -> Vec<Value> {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/oracle/fileconfig_oracle.py"
    );
    let mut child = Command::new(python)
        .args([script, "--batch", "-"])
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python runs");
    let input = Value::Array(cases.to_vec()).to_string();
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("oracle output");
    writer.join().expect("writer").expect("write cases");
    assert!(out.status.success(), "oracle failed");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("oracle JSON line"))
        .collect()
}

#[test]
fn behaviour_claims_of_lints_match_cpython() {
    let Some(python) = common::python3() else {
        return;
    };
    let version: PyVersion = common::python_version(&python)
        .parse()
        .expect("python version");
    let seed = common::live_seed();
    let count = common::live_cases(300);
    println!("lints_live: seed {seed} ({count} cases, CPython {version})");
    let mut rng = common::Rng::new(seed);
    let dir =
        std::env::temp_dir().join(format!("logcheck-lints-live-{}-{seed}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let cwd = dir.join("cwd");
    std::fs::create_dir_all(&cwd).unwrap();

    let cases: Vec<Case> = (0..count).map(|_| generate(&mut rng)).collect();
    let mut requests = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let path: PathBuf = dir.join(format!("case{i}.ini"));
        std::fs::write(&path, &case.text).unwrap();
        let calls: Vec<Value> = case
            .loggers
            .iter()
            .flat_map(|l| {
                LEVELS.iter().map(move |level| {
                    json!({
                        "logger": if l.name == "root" { "" } else { l.name.as_str() },
                        "level": level,
                        "msg": format!("{}#{level}", l.name),
                    })
                })
            })
            .collect();
        let mkdir: Vec<&str> = if case.in_log_dir {
            vec!["logs"]
        } else {
            vec![]
        };
        requests.push(json!({
            "id": i, "config": path.to_string_lossy(), "calls": calls, "mkdir": mkdir,
        }));
    }
    let results = run_oracle(&python, &cwd, &requests);
    assert_eq!(results.len(), cases.len(), "one oracle line per case");

    let opts = CheckOptions {
        version,
        cwd: cwd.clone(),
        ..CheckOptions::default()
    };
    let mut mismatches = Vec::new();
    let (mut dup_seen, mut nowhere_seen, mut broken_seen, mut rebuilt_seen) = (0, 0, 0, 0);
    for (i, (case, result)) in cases.iter().zip(&results).enumerate() {
        let mut problems = Vec::new();
        let result = &result["result"];
        let report = check_bytes(&format!("case{i}.ini"), case.text.as_bytes(), &opts);
        if result.get("error").is_some() || result.get("oracle_failure").is_some() {
            problems.push(format!("CPython did not load it: {result}"));
        }
        let missing_dir = report
            .python_error
            .as_ref()
            .is_some_and(|e| e.type_name == "FileNotFoundError" && e.message.contains("/logs/"));
        // loads, or (files in logs/) fails exactly on the missing directory
        let expected_verdict = if case.in_log_dir {
            missing_dir
        } else {
            report.python_error.is_none()
        };
        if !expected_verdict || report.verdict_uncertain {
            problems.push(format!("logcheck: {:?}", report.python_error));
        }
        rebuilt_seen += usize::from(missing_dir);
        let output = parse_output(result);
        if !output.unexpected.is_empty() {
            problems.push(format!("unexpected output lines {:?}", output.unexpected));
        }
        let reported = |code: &str| -> Vec<(Option<&str>, &str)> {
            report
                .diagnostics
                .iter()
                .filter(|d| d.code == code)
                .map(|d| (section_at(case, d.primary.span.start), d.message.as_str()))
                .collect()
        };
        let lc605 = reported("LC605");
        let lc606 = reported("LC606");
        for logger in &case.loggers {
            let mine = |msg: &str| message_logger(msg) == logger.name;
            // LC605
            let duplicated = output.tagged.iter().any(|((_, m), n)| mine(m) && *n >= 2);
            let reach = reached(case, &logger.name);
            let claimed = lc605
                .iter()
                .any(|(s, _)| s.is_some_and(|s| reach.iter().any(|r| r == s)));
            if duplicated != claimed {
                problems.push(format!(
                    "LC605 for `{}`: CPython duplicates={duplicated}, logcheck claims={claimed}",
                    logger.name
                ));
            }
            dup_seen += usize::from(duplicated);
            // LC606
            let printed =
                output.tagged.keys().any(|(_, m)| mine(m)) || output.errors.iter().any(|m| mine(m));
            let claimed = lc606.iter().any(|(s, message)| {
                *s == Some(logger.name.as_str())
                    || (*s == Some("root") && message.contains("no logger has a handler"))
            });
            if printed == claimed {
                problems.push(format!(
                    "LC606 for `{}`: CPython printed={printed} (bare: {}), logcheck claims nowhere={claimed}",
                    logger.name,
                    output.bare.iter().filter(|m| mine(m)).count()
                ));
            }
            nowhere_seen += usize::from(!printed);
            // only the last-resort handler prints bare lines, and only WARNING+
            for bare in output.bare.iter().filter(|m| mine(m)) {
                if printed || bare.ends_with("#DEBUG") || bare.ends_with("#INFO") {
                    problems.push(format!("bare line {bare} although handlers were found"));
                }
            }
        }
        if case.any_handler_attached && lc606.iter().any(|(_, m)| m.contains("no logger has")) {
            problems.push("LC606 says no logger has a handler".into());
        }
        // LC603
        // the probe formatter is the last section: LC603 must point into it
        let in_probe = |offset: usize| case.probe.is_some_and(|p| offset >= p);
        let lc603: Vec<usize> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == "LC603")
            .map(|d| d.primary.span.start)
            .collect();
        let probe_flagged = lc603.iter().any(|&at| in_probe(at));
        if lc603.iter().any(|&at| !in_probe(at)) {
            problems.push("LC603 on a formatter that is not the probe".into());
        }
        if case.probe.is_some() {
            let lines = output.tagged.keys().filter(|(t, _)| t == "probe").count();
            let errors = output.errors.len();
            let all_fail = lines == 0 && errors > 0;
            let none_fail = lines > 0 && errors == 0;
            if (probe_flagged && !all_fail) || (!probe_flagged && !none_fail) {
                problems.push(format!(
                    "LC603: logcheck flags the probe={probe_flagged}, CPython printed {lines} probe lines and {errors} logging errors"
                ));
            }
            broken_seen += usize::from(all_fail);
        } else if !output.errors.is_empty() {
            problems.push(format!(
                "logging errors without a probe: {:?}",
                output.errors
            ));
        }
        if !problems.is_empty() {
            mismatches.push(format!(
                "--- case {i} (seed {seed})\n{}\n{}",
                case.text,
                problems.join("\n")
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "lints_live: {count} cases; loggers with duplicates {dup_seen}, with no output {nowhere_seen}; broken probes {broken_seen}; checked with logs/ missing {rebuilt_seen}"
    );
    common::assert_no_mismatches("lint claims", &mismatches, seed, 5);
    // the generator must exercise each claim both ways
    assert!(
        dup_seen > 0 && nowhere_seen > 0 && broken_seen > 0 && rebuilt_seen > 0,
        "seed {seed}: a claim was never exercised"
    );
}
