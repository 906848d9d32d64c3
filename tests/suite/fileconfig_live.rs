//! Live differential test of `check` against CPython's real `fileConfig`.
//!
//! Generates random fileConfig files (valid and broken in the ways people
//! break them: missing sections/keys/options, trailing commas, bad levels,
//! bad propagate, qualname=root, unknown references, class typos, args
//! variants, kwargs errors, file modes, missing directories, invalid formats
//! per style, interpolation errors, [DEFAULT] and `--define`, duplicates, BOM,
//! CRLF, lines without a delimiter, environment reads), runs them all through
//! ONE `tests/oracle/fileconfig_oracle.py --batch -` process (check-only, each
//! case in a fresh sandbox working directory) and requires
//! `check_bytes(...).python_error` to be identical. A share of the files is
//! also read by `tests/oracle/py_read.py` and compared with the `dump` view.
//!
//! Replay a run with `LOGCHECK_SEED=<seed>`; `LOGCHECK_LIVE_CASES=<n>` sets the count.

use crate::common;

use common::Rng;
use logcheck::check::{CheckOptions, check_bytes};
use logcheck::ini::{ReadOptions, read_bytes};
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Directory sets the sandbox may get (`mkdir`), one checking cwd each.
const MKDIR_SETS: &[&[&str]] = &[&[], &["logs"], &["logs", "var/log"]];

const LEVELS: &[&str] = &[
    "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", "NOTSET", "WARN", "FATAL",
];
const BAD_LEVELS: &[&str] = &[
    "info",
    "Debug",
    "INFO ; the level",
    "INFO # comment",
    "10",
    "",
    "VERBOSE",
    " WARNING",
    "TRACE",
    "Level 5",
];

struct Case {
    text: Vec<u8>,
    defines: Vec<(String, String)>,
    mkdir: usize,
}

fn pick_level(rng: &mut Rng) -> String {
    if rng.chance(85) {
        rng.pick(LEVELS).to_string()
    } else {
        rng.pick(BAD_LEVELS).to_string()
    }
}

fn format_value(rng: &mut Rng, style: &str) -> String {
    let good: &[&str] = match style {
        "{" => &[
            "{asctime} {levelname} {name}: {message}",
            "{message}",
            "{levelname:<8} {message!r}",
            "[{process}] {message}",
        ],
        "$" => &[
            "$asctime $levelname $message",
            "${name}: $message",
            "$message",
        ],
        _ => &[
            "%(asctime)s %(levelname)s %(name)s: %(message)s",
            "%(message)s",
            "%(levelname)-8s %(message)s",
            "%(asctime)s - %(name)s - %(levelname)s - %(message)s",
        ],
    };
    let bad: &[&str] = &[
        "%(asctime)s %(levelname) %(message)s",
        "%(message)",
        "%(nosuchfield)s %(message)s",
        "{message",
        "{asctime} {message} {",
        "{0} {message}",
        "$message $$",
        "${message",
        "plain text",
        "%(message)s %",
        "%(message)q",
        "{message:%Y}",
        "",
    ];
    if rng.chance(75) {
        rng.pick(good).to_string()
    } else {
        rng.pick(bad).to_string()
    }
}

fn handler_class(rng: &mut Rng) -> &'static str {
    rng.pick::<&'static str>(&[
        "StreamHandler",
        "StreamHandler",
        "logging.StreamHandler",
        "FileHandler",
        "FileHandler",
        "handlers.RotatingFileHandler",
        "handlers.TimedRotatingFileHandler",
        "handlers.WatchedFileHandler",
        "NullHandler",
        "handlers.MemoryHandler",
        "StreamHandlr",
        "logging.handlers.RotatingFileHandler",
        "handlers.NoSuchHandler",
        "logging.FileHandlr",
        "handlers.SysLogHandlr",
    ])
}

fn file_path(rng: &mut Rng) -> String {
    rng.pick(&[
        "app.log",
        "logs/app.log",
        "logs/app.log",
        "var/log/svc.log",
        "nodir/app.log",
        "logs/sub/x.log",
        "logs",
        "",
    ])
    .to_string()
}

fn args_for(rng: &mut Rng, class: &str) -> Option<String> {
    if rng.chance(8) {
        return None;
    }
    let path = file_path(rng);
    let stream_args: &[&str] = &[
        "(sys.stdout,)",
        "(sys.stderr,)",
        "(sys.stdout)",
        "[sys.stderr]",
        "()",
        "(sys.stdout, 1)",
        "(stdout,)",
        "('x',)",
        "(sys.stdout,",
        "(sys.stdout,),",
        "(os.getcwd(),)",
    ];
    let s = if class.contains("Stream") {
        rng.pick(stream_args).to_string()
    } else if class.contains("Memory") {
        rng.pick(&["(10,)", "(10, ERROR)", "(10, 'ERROR')", "()", "('ten',)"])
            .to_string()
    } else if class.contains("Null") {
        rng.pick(&["()", "()", "(1,)"]).to_string()
    } else {
        let mode = rng.pick(&["'a'", "'w'", "'q'", "'r'", "'a+'", "'x'", "'ab'"]);
        let delay = rng.pick(&["True", "False", "1", "0"]);
        match rng.below(14) {
            0 => format!("('{path}',)"),
            1 => format!("('{path}', {mode})"),
            2 => format!("('{path}', 'a', None, {delay})"),
            3 => format!("('{path}', 'a', 'utf-8', {delay})"),
            4 => format!("('{path}')"),
            5 => format!("'{path}'"),
            6 => format!("['{path}', 'a']"),
            7 => format!("('{path}', 'a', 1024, 3)"),
            8 => format!("('{path}', 'a', 0, 0, None, True)"),
            9 => format!("(os.getcwd() + '/{path}',)"),
            10 => format!(
                "(os.environ.get('LOGCHECK_LIVE_UNSET', 'logs') + '/e.log', 'a', None, {delay})"
            ),
            11 => "(os.environ['LOGCHECK_LIVE_UNSET_2'],)".to_string(),
            12 => format!("(f'{{os.getcwd()}}/{path}', {mode}, 'utf-8', True)"),
            _ => format!("('{path}', 'a', 'no-such-codec')"),
        }
    };
    Some(s)
}

fn kwargs_for(rng: &mut Rng) -> Option<String> {
    if rng.chance(80) {
        return None;
    }
    Some(
        rng.pick(&[
            "{'delay': True}",
            "{'bogus': 1}",
            "{'mode': 'a'}",
            "{'encoding': 'utf-8'}",
            "{}",
            "{delay: True}",
            "dict(delay=True)",
            "{'stream': sys.stdout}",
        ])
        .to_string(),
    )
}

/// Joins keys, sometimes with a trailing comma, spaces or an empty item.
fn key_list(rng: &mut Rng, keys: &[String]) -> String {
    let sep = if rng.chance(30) { ", " } else { "," };
    let mut s = keys.join(sep);
    if rng.chance(6) {
        s.push(',');
    }
    if rng.chance(3) {
        s = format!(" {s} ");
    }
    s
}

/// A valid file (formats of every style, every common handler, a logger
/// hierarchy), sometimes with exactly one targeted mistake.
fn generate_clean(rng: &mut Rng) -> Case {
    let n_fmt = 1 + rng.below(3);
    let n_hand = 1 + rng.below(4);
    let n_log = rng.below(5);
    let mut s = String::new();
    let logs: Vec<String> = (0..n_log).map(|i| format!("l{i}")).collect();
    let hands: Vec<String> = (0..n_hand).map(|i| format!("h{i}")).collect();
    let fmts: Vec<String> = (0..n_fmt).map(|i| format!("f{i}")).collect();
    let mut all_logs = vec!["root".to_string()];
    all_logs.extend(logs.iter().cloned());
    s += &format!("[loggers]\nkeys={}\n\n", all_logs.join(","));
    s += &format!("[handlers]\nkeys={}\n\n", hands.join(","));
    s += &format!("[formatters]\nkeys={}\n\n", fmts.join(","));
    for f in &fmts {
        let style = *rng.pick(&["%", "%", "{", "$"]);
        let format = match style {
            "{" => *rng.pick(&["{asctime} {levelname:<8} {name}: {message}", "{message}"]),
            "$" => *rng.pick(&["$asctime $levelname $message", "${name}: $message"]),
            _ => *rng.pick(&[
                "%(asctime)s %(levelname)s %(name)s: %(message)s",
                "%(message)s",
                "%(asctime)s.%(msecs)03d [%(process)d] %(levelname)-8s %(message)s",
            ]),
        };
        s += &format!("[formatter_{f}]\nformat={format}\n");
        if style != "%" {
            s += &format!("style={style}\n");
        }
        if rng.chance(30) {
            s += "datefmt=%Y-%m-%d %H:%M:%S\n";
        }
        s += "\n";
    }
    for (i, h) in hands.iter().enumerate() {
        let (class, args) = match rng.below(7) {
            0 | 1 => ("StreamHandler", "(sys.stdout,)".to_string()),
            2 => ("StreamHandler", "()".to_string()),
            3 => ("NullHandler", "()".to_string()),
            4 => (
                "FileHandler",
                format!("('logs/h{i}.log', 'a', 'utf-8', True)"),
            ),
            5 => (
                "handlers.RotatingFileHandler",
                format!("('logs/r{i}.log', 'a', 1048576, 5, 'utf-8', True)"),
            ),
            _ => (
                "handlers.TimedRotatingFileHandler",
                format!("('logs/t{i}.log', 'midnight', 1, 7, 'utf-8', True)"),
            ),
        };
        s += &format!("[handler_{h}]\nclass={class}\nargs={args}\n");
        if rng.chance(60) {
            s += &format!("level={}\n", rng.pick(&LEVELS[..5]));
        }
        if rng.chance(80) {
            s += &format!("formatter={}\n", rng.pick(&fmts));
        }
        s += "\n";
    }
    s += &format!(
        "[logger_root]\nlevel={}\nhandlers={}\n\n",
        rng.pick(&LEVELS[..5]),
        rng.pick(&hands)
    );
    for (i, l) in logs.iter().enumerate() {
        let qualname = match i {
            0 => "app".to_string(),
            _ => format!("app.{}", ["db", "web", "db.pool", "web.api"][i % 4]),
        };
        s += &format!(
            "[logger_{l}]\nqualname={qualname}\nlevel={}\nhandlers={}\npropagate={}\n\n",
            rng.pick(&LEVELS[..5]),
            if rng.chance(50) {
                rng.pick(&hands).clone()
            } else {
                String::new()
            },
            rng.pick(&["0", "1"]),
        );
    }
    let mkdir = if s.contains("logs/") && rng.chance(85) {
        1
    } else {
        0
    };
    if rng.chance(35) {
        let mistakes: &[(&str, &str)] = &[
            ("level=INFO\n", "level=info\n"),
            ("level=DEBUG\n", "level=DEBUG # verbose\n"),
            ("propagate=0\n", "propagate=no\n"),
            ("(sys.stdout,)", "(sys.stdout)"),
            ("(sys.stdout,)", "(stdout,)"),
            ("keys=root,", "keys=root ,"),
            ("StreamHandler", "StreamHandlr"),
            (
                "handlers.RotatingFileHandler",
                "handlers.RotatingFileHandlr",
            ),
            ("'logs/", "'nodir/"),
            (", True)", ")"),
            ("%(message)s", "%(message)"),
            ("{message}", "{message"),
            ("$message", "$mesage"),
            ("qualname=app\n", "qualname=root\n"),
            ("qualname=app\n", ""),
            ("formatter=f0\n", "formatter=f9\n"),
            ("handlers=h0\n", "handlers=h0,h9\n"),
            ("[formatters]\n", "[formatter]\n"),
            ("keys=h0", "keys=h0,"),
            ("format=", "format ="),
            ("args=", "args "),
            ("'a', 'utf-8'", "'r', 'utf-8'"),
            ("'midnight'", "'fortnight'"),
            ("datefmt=%Y", "datefmt=%(asctime)s %Y"),
            ("'logs/h0.log'", "'logs/%(name)s.log'"),
        ];
        let (from, to) = *rng.pick(mistakes);
        if let Some(at) = s.find(from) {
            s.replace_range(at..at + from.len(), to);
        }
    }
    Case {
        text: s.into_bytes(),
        defines: Vec::new(),
        mkdir,
    }
}

fn generate(rng: &mut Rng) -> Case {
    if rng.chance(40) {
        return generate_clean(rng);
    }
    let mut lines: Vec<String> = Vec::new();
    let mut defines: Vec<(String, String)> = Vec::new();
    let n_fmt = rng.below(3);
    let n_hand = 1 + rng.below(3);
    let n_log = rng.below(4);
    let fmt_keys: Vec<String> = (0..n_fmt).map(|i| format!("f{i}")).collect();
    let hand_keys: Vec<String> = (0..n_hand).map(|i| format!("h{i}")).collect();
    let log_keys: Vec<String> = (0..n_log).map(|i| format!("l{i}")).collect();

    // [DEFAULT] / --define interpolation
    let use_interp = rng.chance(15);
    if use_interp {
        if rng.chance(50) {
            lines.push("[DEFAULT]".into());
            lines.push(format!("logdir={}", rng.pick(&["logs", "nodir", "."])));
            if rng.chance(30) {
                lines.push("lvl=INFO".into());
            }
        } else {
            defines.push(("logdir".into(), rng.pick(&["logs", "nodir"]).to_string()));
        }
    }

    let skip_section = if rng.chance(10) { rng.below(4) } else { 9 };
    let mut sections: Vec<Vec<String>> = Vec::new();
    if skip_section != 0 {
        let mut s = vec!["[loggers]".to_string()];
        if !rng.chance(3) {
            let mut keys = vec!["root".to_string()];
            keys.extend(log_keys.iter().cloned());
            if rng.chance(5) {
                keys.retain(|k| k != "root");
            }
            s.push(format!("keys={}", key_list(rng, &keys)));
        }
        sections.push(s);
    }
    if skip_section != 1 {
        let mut s = vec!["[handlers]".to_string()];
        if !rng.chance(3) {
            let mut keys = hand_keys.clone();
            if rng.chance(5) {
                keys.push("hx".into());
            }
            s.push(format!("keys={}", key_list(rng, &keys)));
        }
        sections.push(s);
    }
    if skip_section != 2 {
        let mut s = vec!["[formatters]".to_string()];
        if !rng.chance(3) {
            s.push(format!("keys={}", key_list(rng, &fmt_keys)));
        }
        sections.push(s);
    }
    // formatters
    for k in &fmt_keys {
        if rng.chance(4) {
            continue;
        }
        let mut s = vec![format!("[formatter_{k}]")];
        let style = if rng.chance(30) {
            rng.pick(&["%", "{", "$", "x", "{ "]).to_string()
        } else {
            "%".to_string()
        };
        if rng.chance(90) {
            s.push(format!("format={}", format_value(rng, &style)));
        }
        if rng.chance(25) {
            s.push(format!(
                "datefmt={}",
                rng.pick(&["%Y-%m-%d %H:%M:%S", "", "%H:%M", "%(x)s"])
            ));
        }
        if style != "%" || rng.chance(5) {
            s.push(format!("style={style}"));
        }
        if rng.chance(8) {
            s.push(format!(
                "class={}",
                rng.pick(&[
                    "logging.Formatter",
                    "logging.Formater",
                    "Formatter",
                    "nosuch.mod.F"
                ])
            ));
        }
        if rng.chance(5) {
            s.push(format!("validate={}", rng.pick(&["False", "True", "0"])));
        }
        sections.push(s);
    }
    // handlers
    let all_fmt_refs: Vec<String> = fmt_keys
        .iter()
        .cloned()
        .chain(["fx".to_string(), String::new()])
        .collect();
    for k in &hand_keys {
        if rng.chance(4) {
            continue;
        }
        let mut s = vec![format!("[handler_{k}]")];
        let class = handler_class(rng);
        if !rng.chance(4) {
            s.push(format!("class={class}"));
        }
        if rng.chance(70) {
            s.push(format!("level={}", pick_level(rng)));
        }
        if rng.chance(60) && !all_fmt_refs.is_empty() {
            let f = if rng.chance(85) && !fmt_keys.is_empty() {
                rng.pick(&fmt_keys).clone()
            } else {
                rng.pick(&all_fmt_refs).clone()
            };
            s.push(format!("formatter={f}"));
        }
        if let Some(a) = args_for(rng, class) {
            let a = if use_interp && rng.chance(50) && !class.contains("Stream") {
                "('%(logdir)s/app.log', 'a', None, True)".to_string()
            } else if rng.chance(3) {
                // a bare % is an interpolation syntax error
                "('app%.log', 'a', None, True)".to_string()
            } else if rng.chance(3) {
                "('%(missing)s.log',)".to_string()
            } else {
                a
            };
            s.push(format!("args={a}"));
        }
        if let Some(kw) = kwargs_for(rng) {
            s.push(format!("kwargs={kw}"));
        }
        if class.contains("Memory") && rng.chance(70) {
            s.push(format!(
                "target={}",
                rng.pick(&[hand_keys[0].as_str(), "hx", "", k.as_str()])
            ));
        }
        sections.push(s);
    }
    // loggers
    let hand_refs = |rng: &mut Rng| -> String {
        let mut refs: Vec<String> = Vec::new();
        for _ in 0..rng.below(3) {
            refs.push(if rng.chance(90) {
                rng.pick(&hand_keys).clone()
            } else {
                "hx".to_string()
            });
        }
        key_list(rng, &refs)
    };
    if skip_section != 3 {
        let mut s = vec!["[logger_root]".to_string()];
        if rng.chance(85) {
            s.push(format!("level={}", pick_level(rng)));
        }
        if rng.chance(90) {
            s.push(format!("handlers={}", hand_refs(rng)));
        }
        if rng.chance(5) {
            s.push("propagate=0".into());
        }
        sections.push(s);
    }
    let qualnames = ["app", "app.db", "app.web", "root", "", "app"];
    for (i, k) in log_keys.iter().enumerate() {
        if rng.chance(4) {
            continue;
        }
        let mut s = vec![format!("[logger_{k}]")];
        if rng.chance(92) {
            let q = if rng.chance(85) {
                format!("app.m{i}")
            } else {
                rng.pick(&qualnames).to_string()
            };
            s.push(format!("qualname={q}"));
        }
        if rng.chance(70) {
            s.push(format!("level={}", pick_level(rng)));
        }
        if rng.chance(90) {
            s.push(format!("handlers={}", hand_refs(rng)));
        }
        if rng.chance(70) {
            s.push(format!(
                "propagate={}",
                rng.pick(&["0", "1", "1", "yes", "True", " 0", "2", "", "-1"])
            ));
        }
        sections.push(s);
    }
    // section order: mostly as written, sometimes shuffled pairs
    if rng.chance(10) && sections.len() > 1 {
        let a = rng.below(sections.len());
        let b = rng.below(sections.len());
        sections.swap(a, b);
    }
    for s in sections {
        lines.extend(s);
        if rng.chance(50) {
            lines.push(String::new());
        }
    }
    // line-level mutations
    if rng.chance(8) && !lines.is_empty() {
        let at = rng.below(lines.len());
        lines.remove(at);
    }
    if rng.chance(6) && !lines.is_empty() {
        let at = rng.below(lines.len());
        let dup = lines[at].clone();
        lines.insert(at, dup);
    }
    if rng.chance(4) {
        let at = rng.below(lines.len() + 1);
        lines.insert(
            at,
            rng.pick(&["oops", "  continued", "# note", "; note", "=x"])
                .to_string(),
        );
    }
    if rng.chance(4) {
        let at = rng.below(lines.len() + 1);
        lines.insert(at, "[handler_h0]".to_string());
    }
    let eol = if rng.chance(10) { "\r\n" } else { "\n" };
    let mut text = lines.join(eol);
    if rng.chance(90) {
        text.push_str(eol);
    }
    let mut bytes = Vec::new();
    if rng.chance(3) {
        bytes.extend_from_slice(b"\xef\xbb\xbf");
    }
    bytes.extend_from_slice(text.as_bytes());
    Case {
        text: bytes,
        defines,
        mkdir: rng.below(MKDIR_SETS.len()),
    }
}

fn run_oracle(python: &Path, cases: &Value) -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new(python)
        .arg(root.join("tests/oracle/fileconfig_oracle.py"))
        .args(["--batch", "-"])
        .env_remove("LOGCHECK_LIVE_UNSET")
        .env_remove("LOGCHECK_LIVE_UNSET_2")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run fileconfig_oracle.py");
    let input = serde_json::to_vec(cases).expect("json");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("oracle output");
    let _ = writer.join();
    assert!(
        out.status.success(),
        "oracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("oracle line"))
        .collect()
}

fn as_json(exc: &Option<logcheck::diagnostic::PyException>, cwd: &str) -> Value {
    match exc {
        None => Value::Null,
        Some(e) => json!({"type": e.type_name, "message": e.message.replace(cwd, "<cwd>")}),
    }
}

/// Both raise a `SyntaxError` under a version whose wording logcheck says
/// may differ (3.8–3.10), and the report says so.
fn approximate_syntax_error(
    report: &logcheck::FileReport,
    got: &Value,
    want: &Value,
    version: logcheck::PyVersion,
) -> bool {
    let says_so = report.diagnostics.iter().any(|d| {
        d.notes
            .iter()
            .any(|n| n.contains("exact wording of this SyntaxError may differ"))
    });
    version.minor < logcheck::pyexpr::OLDEST_EXACT_SYNTAX_MINOR
        && got["type"] == "SyntaxError"
        && want["type"] == "SyntaxError"
        && says_so
}

#[test]
fn generated_fileconfig_files_match_cpython() {
    let Some(python) = common::python3() else {
        return;
    };
    let version: logcheck::version::PyVersion = common::python_version(&python)
        .parse()
        .expect("python version");
    let cases = common::live_cases(1200);
    let seed = common::live_seed();
    eprintln!("fileconfig_live: seed {seed}, {cases} cases (replay with LOGCHECK_SEED={seed})");
    let mut rng = Rng::new(seed);
    let base = std::env::temp_dir().join(format!(
        "logcheck-fileconfig-live-{}-{seed}",
        std::process::id()
    ));
    let configs = base.join("configs");
    std::fs::create_dir_all(&configs).expect("temp dir");
    // One checking cwd per mkdir set, shaped like the oracle's sandbox.
    let cwds: Vec<PathBuf> = MKDIR_SETS
        .iter()
        .enumerate()
        .map(|(i, dirs)| {
            let cwd = base.join(format!("cwd{i}"));
            for d in *dirs {
                std::fs::create_dir_all(cwd.join(d)).expect("mkdir");
            }
            std::fs::create_dir_all(&cwd).expect("cwd");
            std::fs::canonicalize(&cwd).expect("canonical cwd")
        })
        .collect();
    let mut generated = Vec::with_capacity(cases);
    let mut requests = Vec::with_capacity(cases);
    for n in 0..cases {
        let case = generate(&mut rng);
        let path = std::fs::canonicalize(&configs)
            .expect("configs")
            .join(format!("case{n:05}.ini"));
        std::fs::write(&path, &case.text).expect("write case");
        let path_text = path.to_string_lossy().into_owned();
        let define: serde_json::Map<String, Value> = case
            .defines
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        requests.push(json!({
            "id": n,
            "config": path_text,
            "define": define,
            "mkdir": MKDIR_SETS[case.mkdir],
            "check_only": true,
        }));
        generated.push((path_text, case));
    }
    let results = run_oracle(&python, &Value::Array(requests));
    assert_eq!(results.len(), cases, "one oracle result per case");

    let mut mismatches = Vec::new();
    let mut outcomes = std::collections::BTreeMap::<String, usize>::new();
    let mut uncertain = 0;
    for (n, ((path, case), result)) in generated.iter().zip(&results).enumerate() {
        assert_eq!(result["id"], json!(n), "oracle results in order");
        let want = &result["result"]["error"];
        assert!(
            result["result"].get("oracle_failure").is_none(),
            "oracle failure on case {n}: {result}"
        );
        let key = want["type"].as_str().unwrap_or("ok").to_string();
        *outcomes.entry(key).or_default() += 1;
        let cwd = &cwds[case.mkdir];
        let opts = CheckOptions {
            version,
            defines: case.defines.clone(),
            cwd: cwd.clone(),
            importable: Vec::new(),
            env: None,
            host: Some(logcheck::Host::Plain),
            existing: Vec::new(),
            platform: logcheck::Platform::Posix,
            format: None,
        };
        let report = check_bytes(path, &case.text, &opts);
        if report.verdict_uncertain {
            // logcheck says it cannot know: CPython runs code it does not evaluate
            uncertain += 1;
            continue;
        }
        let got = as_json(&report.python_error, &cwd.to_string_lossy());
        if &got != want && !approximate_syntax_error(&report, &got, want, version) {
            mismatches.push(format!(
                "case{n:05} (mkdir {:?}, define {:?}):\n{}\n  python {want}\n  rust   {got}",
                MKDIR_SETS[case.mkdir],
                case.defines,
                String::from_utf8_lossy(&case.text),
            ));
        }
    }
    eprintln!(
        "fileconfig_live: outcomes {outcomes:?}; {uncertain} verdicts uncertain (code logcheck does not run), not compared"
    );
    assert!(
        uncertain * 10 < cases,
        "too many uncertain verdicts: {uncertain}"
    );

    // The dump view for every fourth file.
    let manifest: Vec<Value> = generated
        .iter()
        .enumerate()
        .filter(|(n, _)| n % 4 == 0)
        .map(|(n, (path, case))| {
            let defaults: Vec<Value> = case.defines.iter().map(|(k, v)| json!([k, v])).collect();
            json!({"key": format!("case{n:05}"), "path": path, "defaults": if defaults.is_empty() { Value::Null } else { Value::Array(defaults) }})
        })
        .collect();
    let manifest_path = base.join("manifest.json");
    std::fs::write(&manifest_path, serde_json::to_vec(&manifest).expect("json")).expect("write");
    let read = common::py_read(&python, &["--manifest".as_ref(), manifest_path.as_os_str()]);
    let mut dumps = 0;
    for (n, (path, case)) in generated.iter().enumerate().filter(|(n, _)| n % 4 == 0) {
        dumps += 1;
        let (_, doc) = read_bytes(
            &case.text,
            path,
            &ReadOptions {
                defaults: case.defines.clone(),
                ..Default::default()
            },
        );
        let want = &read[format!("case{n:05}")];
        let got = doc.dump();
        if &got != want {
            mismatches.push(format!(
                "dump of case{n:05}:\n{}\n  python {want}\n  rust   {got}",
                String::from_utf8_lossy(&case.text)
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&base);
    eprintln!(
        "fileconfig_live: {cases} python_error comparisons, {dumps} dump comparisons, {} mismatches",
        mismatches.len()
    );
    common::assert_no_mismatches("fileConfig verdicts", &mismatches, seed, 30);
}
