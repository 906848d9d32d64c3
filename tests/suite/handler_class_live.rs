//! Differential test of `logcheck::handler_class` against real handler
//! construction in CPython (tests/oracle/handler_oracle.py runs each case in a
//! throw-away temp directory holding `logs/` and `exists.log`).

use crate::common;

use logcheck::handler_class::{
    HandlerClass, HandlerSpec, PathKind, Resolution, SideEffect, StreamTarget, VirtualFs,
    construct, resolve,
};
use logcheck::pyexpr::{EvalError, Namespace, evaluate};
use logcheck::version::PyVersion;
use serde_json::{Value, json};

const CLASSES: &[&str] = &[
    "StreamHandler",
    "FileHandler",
    "NullHandler",
    "Handler",
    "logging.StreamHandler",
    "handlers.RotatingFileHandler",
    "handlers.TimedRotatingFileHandler",
    "handlers.WatchedFileHandler",
    "logging.handlers.WatchedFileHandler",
    "handlers.MemoryHandler",
    "handlers.BufferingHandler",
    "handlers.HTTPHandler",
    "handlers.SocketHandler",
    "handlers.DatagramHandler",
    "handlers.SMTPHandler",
    "handlers.QueueHandler",
    "handlers.NTEventLogHandler",
    "handlers.BaseRotatingHandler",
    "Formatter",
    "os.path",
    "NoSuchHandler",
    "handlers.NoSuch",
    "logging.handlers.NoSuch",
    "streamhandler",
    "Stream Handler",
    "logging.NoSuch",
    "sys.nope",
    "DEBUG",
    "logging.config.NoSuch",
];
const ARG_ITEMS: &[&str] = &[
    "'app.log'",
    "'logs/a.log'",
    "'no/such/dir/x.log'",
    "'logs'",
    "'exists.log'",
    "'d:/w.log'",
    "'./logs/../b.log'",
    "'a'",
    "'w'",
    "'r'",
    "'x'",
    "'x+z'",
    "'ab'",
    "'rw'",
    "'tb'",
    "''",
    "'utf-8'",
    "'latin-1'",
    "'xyz'",
    "None",
    "True",
    "False",
    "0",
    "1",
    "10",
    "1024*1024",
    "-1",
    "2.5",
    "'midnight'",
    "'weekly'",
    "'W6'",
    "'W7'",
    "'h'",
    "'S'",
    "'GET'",
    "'put'",
    "'post'",
    "sys.stdout",
    "sys.stderr",
    "DEBUG",
    "'INFO'",
    "'info'",
    "ERROR",
    "(1, 2)",
    "('h', 25)",
    "['a', 'b']",
    "b'x.log'",
    "{}",
];
/// Encodings for [`gen_file_case`]: spellings `codecs.lookup` normalizes,
/// codecs that are not text encodings (`open()` refuses them), names at
/// both ends of and past logcheck's sorted lists, unknown names.
const ENCODINGS: &[&str] = &[
    "'utf-8'",
    "'UTF8'",
    "' Latin-1 '",
    "'ISO-8859-15'",
    "'utf_8_sig'",
    "'037'",
    "'ascii'",
    "'cp1252'",
    "'locale'",
    "'zlib_codec'",
    "'ZLIB'",
    "'Hex'",
    "'rot-13'",
    "'base 64'",
    "'uu'",
    "'Windows-31J'",
    "'zzz'",
    "'utf-99'",
    "'0'",
    "''",
];
const KWARG_NAMES: &[&str] = &[
    "stream",
    "filename",
    "mode",
    "encoding",
    "delay",
    "errors",
    "maxBytes",
    "backupCount",
    "when",
    "interval",
    "utc",
    "level",
    "capacity",
    "flushLevel",
    "method",
    "secure",
    "colour",
    "host",
    "port",
];

fn gen_args(rng: &mut common::Rng) -> String {
    let n = rng.below(5);
    let items: Vec<&str> = (0..n).map(|_| *rng.pick(ARG_ITEMS)).collect();
    match rng.below(12) {
        0 => format!("[{}]", items.join(", ")),
        1 => format!("({})", rng.pick(ARG_ITEMS)),
        2 => "()".into(),
        _ if n == 1 => format!("({},)", items.join("")),
        _ => format!("({})", items.join(", ")),
    }
}

/// A file handler whose path and mode open, with an encoding from
/// [`ENCODINGS`] (positional or keyword, opened now or delayed): random
/// arguments rarely get that far.
fn gen_file_case(rng: &mut common::Rng) -> [String; 3] {
    let class = rng.pick(&[
        "FileHandler",
        "handlers.RotatingFileHandler",
        "handlers.TimedRotatingFileHandler",
        "handlers.WatchedFileHandler",
    ]);
    let encoding = rng.pick(ENCODINGS);
    let delay = rng.pick(&["False", "True"]);
    let (args, kwargs) = if *class == "FileHandler" && rng.chance(50) {
        (
            format!("('app.log', 'a', {encoding}, {delay})"),
            "{}".to_string(),
        )
    } else {
        (
            "('app.log',)".to_string(),
            format!("{{'encoding': {encoding}, 'delay': {delay}}}"),
        )
    };
    [class.to_string(), args, kwargs]
}

fn gen_kwargs(rng: &mut common::Rng) -> String {
    if rng.chance(55) {
        return "{}".into();
    }
    if rng.chance(5) {
        return "('x',)".into();
    }
    let n = 1 + rng.below(2);
    let pairs: Vec<String> = (0..n)
        .map(|_| format!("'{}': {}", rng.pick(KWARG_NAMES), rng.pick(ARG_ITEMS)))
        .collect();
    format!("{{{}}}", pairs.join(", "))
}

fn run_oracle(python: &std::path::Path, cases: &[[String; 3]]) -> Value {
    let script = common::oracle_script("handler_oracle.py");
    let input = json!({ "cases": cases }).to_string().into_bytes();
    let out = common::run_python(python, &[script.as_os_str()], input);
    serde_json::from_slice(&out).expect("oracle JSON")
}

/// Whether logcheck's prediction is CPython's outcome: the same exception
/// (only its type, where logcheck says its wording may differ), or the
/// same handler.
fn same_outcome(ours: &Value, py: &Value) -> bool {
    match (ours.get("exc"), ours.get("exc_type"), py.get("exc")) {
        (Some(a), _, Some(b)) => a == b,
        (_, Some(Value::String(t)), Some(Value::String(b))) => b
            .strip_prefix(t.as_str())
            .is_some_and(|rest| rest.starts_with(':')),
        _ => ours == py,
    }
}

/// What logcheck predicts, in the oracle's JSON shape; `None` = not static.
fn predict(case: &[String; 3], cwd: &str, version: PyVersion) -> Option<Value> {
    let ns = Namespace::logging(version);
    let class = match resolve(&case[0], version, &[]) {
        Resolution::Class(c) => c,
        // (3.8-3.10 word syntax errors differently: logcheck says so)
        Resolution::Error(e)
            if e.type_name == "SyntaxError"
                && version.minor < logcheck::pyexpr::OLDEST_EXACT_SYNTAX_MINOR =>
        {
            return Some(json!({ "exc_type": e.type_name }));
        }
        Resolution::Error(e) => return Some(json!({ "exc": e.to_string() })),
        Resolution::NotStatic { .. } => return None,
    };
    let mut values = Vec::new();
    for text in &case[1..] {
        match evaluate(text, &ns) {
            Ok(v) => values.push(v),
            Err(EvalError::NotStatic { .. }) => return None,
            Err(e) => return Some(json!({ "exc": e.exception()?.to_string() })),
        }
    }
    let fs = VirtualFs::empty(cwd)
        .with(&format!("{cwd}/logs"), PathKind::Dir)
        .with(&format!("{cwd}/exists.log"), PathKind::File);
    let built = construct(
        &class,
        &values[0],
        &values[1],
        &fs,
        version,
        logcheck::Platform::Posix,
    );
    if !built.unverified.is_empty() {
        return None;
    }
    let created: Vec<String> = built
        .effects
        .iter()
        .filter_map(|e| match e {
            SideEffect::CreatesFile { path } => {
                Some(path.strip_prefix(&format!("{cwd}/"))?.to_string())
            }
            _ => None,
        })
        .collect();
    let stdout: String = built
        .effects
        .iter()
        .filter_map(|e| match e {
            SideEffect::PrintsStdout { text } => Some(text.clone()),
            _ => None,
        })
        .collect();
    let spec = match built.result {
        Err(e) => return Some(json!({ "exc": e.to_string(), "created": created })),
        Ok(spec) => spec,
    };
    let HandlerClass::Known(k) = class else {
        return None;
    };
    let mut d = json!({ "class": k.qualified_name(), "created": created, "stdout": stdout });
    match spec {
        HandlerSpec::File {
            path,
            mode,
            encoding,
            delay,
            rotation,
            ..
        } => {
            d["path"] = json!(path);
            d["mode"] = json!(mode);
            d["encoding"] = json!(encoding);
            d["delay"] = json!(delay);
            if let logcheck::handler_class::FileRotation::Time { when, .. } = rotation {
                d["when"] = json!(when);
            }
        }
        HandlerSpec::Stream { target } => {
            d["stream"] = json!(match target {
                StreamTarget::Stdout => "stdout".to_string(),
                StreamTarget::Stderr => "stderr".to_string(),
                StreamTarget::Other { type_name, .. } => type_name,
            });
        }
        HandlerSpec::Http { method, .. } => d["method"] = json!(method),
        HandlerSpec::NotAHandler { .. } => return None,
        _ => {}
    }
    Some(json!({ "ok": d }))
}

#[test]
fn handler_construction_matches_cpython() {
    let Some(python) = common::python3() else {
        return;
    };
    let version: PyVersion = common::python_version(&python).parse().expect("version");
    let seed = common::live_seed();
    let n = common::live_cases(1200);
    let mut rng = common::Rng::new(seed);
    let cases: Vec<[String; 3]> = (0..n)
        .map(|_| {
            if rng.chance(10) {
                return gen_file_case(&mut rng);
            }
            [
                rng.pick(CLASSES).to_string(),
                gen_args(&mut rng),
                gen_kwargs(&mut rng),
            ]
        })
        .collect();
    let oracle = run_oracle(&python, &cases);
    let cwd = oracle["cwd"].as_str().expect("cwd").to_string();
    let results = oracle["results"].as_array().expect("results");
    let (mut compared, mut skipped) = (0, 0);
    let mut mismatches = Vec::new();
    for (case, py) in cases.iter().zip(results) {
        if py.get("refused").is_some() {
            skipped += 1;
            continue;
        }
        let Some(ours) = predict(case, &cwd, version) else {
            skipped += 1;
            continue;
        };
        compared += 1;
        let same = same_outcome(&ours, py);
        if !same {
            mismatches.push(format!("{case:?}\n   ours   {ours}\n   python {py}"));
        }
    }
    eprintln!(
        "handler live: seed {seed}, python {version}, {n} cases, {compared} compared, {skipped} not static; {} mismatches",
        mismatches.len()
    );
    assert!(compared * 2 > n, "too few comparable cases: {compared}");
    common::assert_no_mismatches("handler construction", &mismatches, seed, 25);
}

/// Every encoding name logcheck's lists hold (and a few they do not), given
/// to `FileHandler` by each CPython found (`python3` and pyenv's, 3.8 on):
/// the text encodings `open()` takes, the codecs it refuses and the names it
/// does not know differ between versions (3.13 added `windows_31j`).
#[test]
fn encoding_names_match_every_cpython() {
    let lists = [
        include_str!("../../src/handler_class/encodings.txt"),
        include_str!("../../src/handler_class/non_text_encodings.txt"),
    ];
    let extra = [
        "windows_31j",
        "Windows-31J",
        "utf-99",
        "zzz",
        "cp65001",
        "unicode_internal",
    ];
    let cases: Vec<[String; 3]> = (lists.iter().flat_map(|l| l.lines()))
        .chain(extra)
        .map(|name| {
            let args = format!("('e.log', 'w', {})", logcheck::pyrepr::repr_str(name));
            ["FileHandler".to_string(), args, "{}".to_string()]
        })
        .collect();
    for (python, version) in common::interpreters_by_version() {
        let oracle = run_oracle(&python, &cases);
        let cwd = oracle["cwd"].as_str().expect("cwd").to_string();
        let results = oracle["results"].as_array().expect("results");
        let mut mismatches = Vec::new();
        for (case, py) in cases.iter().zip(results) {
            let ours = predict(case, &cwd, version).expect("static case");
            let same = match (ours.get("exc"), py.get("exc")) {
                (Some(a), Some(b)) => a == b,
                _ => ours == *py,
            };
            if !same {
                mismatches.push(format!("{case:?}\n   ours   {ours}\n   python {py}"));
            }
        }
        eprintln!(
            "encodings: python {version}, {} names; {} mismatches",
            cases.len(),
            mismatches.len()
        );
        common::assert_no_mismatches("encoding names", &mismatches, 0, 25);
    }
}

/// Appendix A handler cases, recorded from CPython by
/// `python3 tests/oracle/handler_oracle.py --golden tests/goldens/handler_hcases.json`.
#[test]
fn handler_goldens_match() {
    let text = include_str!("../goldens/handler_hcases.json");
    let golden: Value = serde_json::from_str(text).expect("golden JSON");
    let version: PyVersion = golden["python"]
        .as_str()
        .expect("python")
        .parse()
        .expect("version");
    let cases = golden["cases"].as_array().expect("cases");
    let results = golden["results"].as_array().expect("results");
    let mut compared = 0;
    let mut mismatches = Vec::new();
    for (case, py) in cases.iter().zip(results) {
        let case: [String; 3] = serde_json::from_value(case.clone()).expect("case");
        let Some(ours) = predict(&case, "/cwd", version) else {
            continue;
        };
        let ours: Value = serde_json::from_str(&ours.to_string().replace("/cwd", "<cwd>")).unwrap();
        compared += 1;
        let same = same_outcome(&ours, py);
        if !same {
            mismatches.push(format!("{case:?}\n   ours   {ours}\n   python {py}"));
        }
    }
    assert!(
        compared + 3 >= cases.len(),
        "only {compared} of {} golden cases are static",
        cases.len()
    );
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
