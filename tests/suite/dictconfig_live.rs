//! Differential test of `logcheck::dictconfig::verdict` against
//! `logging.config.dictConfig` (tests/oracle/dictconfig_oracle.py): generated
//! documents, valid and broken, must get CPython's exact exception, message
//! and `__cause__` — or load on both. Every python found runs (`python3`
//! and the pyenv interpreters under `~/.pyenv/versions`). Cases whose
//! verdict rests on an assumption (a factory, a class logcheck does not
//! run) are counted, not compared. The recorded goldens
//! (`tests/goldens/dictconfig.json`, `tests/oracle/record_dictconfig_goldens.py`)
//! always run.

use crate::common::{self, Rng};
use logcheck::dictconfig::verdict::{Outcome, VerdictOptions, configure};
use logcheck::dictconfig::{Node, NodeValue};
use logcheck::handler_class::VirtualFs;
use logcheck::source::Span;
use logcheck::version::PyVersion;
use serde_json::{Map, Value, json};

/// A `serde_json::Value` as the positioned tree (dummy spans).
pub fn node(v: &Value) -> Node {
    let value = match v {
        Value::Null => NodeValue::Null,
        Value::Bool(b) => NodeValue::Bool(*b),
        Value::Number(n) if n.is_i64() || n.is_u64() => NodeValue::Int(n.to_string()),
        Value::Number(n) => NodeValue::Float(n.to_string()),
        Value::String(s) => NodeValue::Str(s.clone()),
        Value::Array(items) => NodeValue::List(items.iter().map(node).collect()),
        Value::Object(m) => NodeValue::Map(
            m.iter()
                .map(|(k, v)| (node(&Value::String(k.clone())), node(v)))
                .collect(),
        ),
    };
    Node {
        value,
        span: Span::new(0, 0),
    }
}

/// logcheck's verdict in the oracle's shape, or `None` when it rests on assumptions.
pub fn verdict_json(config: &Value, version: PyVersion, cwd: &str) -> Option<Value> {
    let fs = VirtualFs::empty(cwd);
    let opts = VerdictOptions {
        version,
        ..VerdictOptions::new(&fs)
    };
    let verdict = configure(&node(config), &opts);
    if !verdict.assumptions.is_empty() {
        return None;
    }
    Some(match verdict.outcome {
        Outcome::Loads => json!({"ok": true}),
        Outcome::Raises(r) => json!({
            "ok": false,
            "type": r.exception.type_name,
            "message": r.exception.message,
            "cause": r.cause.map(|c| json!({"type": c.type_name, "message": c.message})),
        }),
    })
}

const HANDLER_NAMES: &[&str] = &["console", "file", "mem", "h2", "zz"];
const FORMATTER_NAMES: &[&str] = &["f1", "f2"];
const FILTER_NAMES: &[&str] = &["flt1", "flt2"];

fn pick_json(rng: &mut Rng, items: &[Value]) -> Value {
    rng.pick(items).clone()
}

fn version(rng: &mut Rng, doc: &mut Map<String, Value>) {
    if rng.chance(88) {
        doc.insert("version".into(), json!(1));
        return;
    }
    let choices = [
        json!(2),
        json!("1"),
        json!(1.0),
        json!(true),
        json!(false),
        json!(null),
        json!(0),
        json!("ext://logging.DEBUG"),
        json!("cfg://nope"),
        json!([1]),
    ];
    if rng.chance(80) {
        doc.insert("version".into(), pick_json(rng, &choices));
    }
}

fn level(rng: &mut Rng) -> Value {
    let ok = [
        json!("INFO"),
        json!("DEBUG"),
        json!("WARN"),
        json!(10),
        json!("NOTSET"),
    ];
    let bad = [
        json!("info"),
        json!("NOPE"),
        json!(1.5),
        json!(null),
        json!(true),
        json!([10]),
        json!("ext://logging.DEBUG"),
    ];
    if rng.chance(85) {
        pick_json(rng, &ok)
    } else {
        pick_json(rng, &bad)
    }
}

fn formatter(rng: &mut Rng) -> Value {
    if rng.chance(3) {
        return pick_json(rng, &[json!("x"), json!(5), json!(null), json!([])]);
    }
    let mut f = Map::new();
    if rng.chance(5) {
        f.insert(
            "()".into(),
            pick_json(
                rng,
                &[json!("nosuch.factory"), json!("logging.nope"), json!(5)],
            ),
        );
        return Value::Object(f);
    }
    let formats = [
        json!("%(message)s"),
        json!("%(asctime)s %(levelname)s %(message)s"),
        json!("no fields"),
        json!("{message}"),
        json!("$message"),
        json!("%(message)"),
        json!(5),
        json!(""),
        json!("{levelname!x}"),
        json!("${message"),
    ];
    if rng.chance(80) {
        f.insert("format".into(), pick_json(rng, &formats));
    }
    if rng.chance(30) {
        f.insert(
            "style".into(),
            pick_json(
                rng,
                &[
                    json!("%"),
                    json!("{"),
                    json!("$"),
                    json!("x"),
                    json!(null),
                    json!(["%"]),
                ],
            ),
        );
    }
    if rng.chance(15) {
        f.insert(
            "validate".into(),
            pick_json(rng, &[json!(true), json!(false), json!(0)]),
        );
    }
    if rng.chance(15) {
        f.insert("datefmt".into(), json!("%H:%M"));
    }
    if rng.chance(10) {
        f.insert("defaults".into(), json!({"user": "-"}));
    }
    if rng.chance(12) {
        let classes = [
            json!("logging.Formatter"),
            json!("logging.StreamHandler"),
            json!("logging.handlers.MemoryHandler"),
            json!("ext://logging.Formatter"),
            json!("nosuch.Formatter"),
            json!("logging.DEBUG"),
            json!(""),
            json!("logging.handlers.NoSuch"),
            json!(5),
        ];
        f.insert("class".into(), pick_json(rng, &classes));
    }
    Value::Object(f)
}

fn filter(rng: &mut Rng) -> Value {
    if rng.chance(4) {
        return pick_json(rng, &[json!("x"), json!(7)]);
    }
    if rng.chance(5) {
        return json!({"()": "nosuch.Filter"});
    }
    let mut f = Map::new();
    if rng.chance(70) {
        f.insert(
            "name".into(),
            pick_json(rng, &[json!("app"), json!(""), json!(5), json!(null)]),
        );
    }
    Value::Object(f)
}

fn handler_class(rng: &mut Rng) -> Option<Value> {
    let classes = [
        "logging.StreamHandler",
        "logging.StreamHandler",
        "logging.FileHandler",
        "logging.handlers.MemoryHandler",
        "logging.handlers.MemoryHandler",
        "logging.NullHandler",
        "logging.handlers.RotatingFileHandler",
        "StreamHandler",
        "nosuch.Handler",
        "logging.handlers.NoSuch",
        "ext://logging.StreamHandler",
        "logging.DEBUG",
        "logging.handlers.SysLogHandler",
        "logging.handlers.QueueHandler",
        "logging.handlers.QueueHandler",
    ];
    if rng.chance(5) {
        return None;
    }
    if rng.chance(3) {
        return Some(json!(5));
    }
    Some(json!(*rng.pick(&classes)))
}

fn handler(rng: &mut Rng, names: &[&str], has_formatters: bool) -> Value {
    if rng.chance(3) {
        return pick_json(rng, &[json!("x"), json!(3), json!(""), json!([])]);
    }
    let mut h = Map::new();
    if rng.chance(4) {
        let factories = [
            json!("nosuch.make"),
            json!("logging.nope"),
            json!("logging.StreamHandler"),
            json!(7),
        ];
        h.insert("()".into(), pick_json(rng, &factories));
        if rng.chance(50) {
            h.insert("level".into(), level(rng));
        }
        return Value::Object(h);
    }
    let class = handler_class(rng);
    let cls = class
        .as_ref()
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if let Some(c) = class {
        h.insert("class".into(), c);
    }
    handler_kwargs(rng, &cls, names, &mut h);
    if rng.chance(40) {
        h.insert("level".into(), level(rng));
    }
    if rng.chance(50) {
        let mut refs: Vec<Value> = FORMATTER_NAMES.iter().map(|f| json!(f)).collect();
        refs.extend([json!("nosuch"), json!("")]);
        if has_formatters || rng.chance(30) {
            h.insert("formatter".into(), pick_json(rng, &refs));
        }
    }
    if rng.chance(15) {
        h.insert(
            "filters".into(),
            pick_json(
                rng,
                &[
                    json!(["flt1"]),
                    json!(["nosuch"]),
                    json!("flt1"),
                    json!([]),
                    json!(5),
                ],
            ),
        );
    }
    if rng.chance(8) {
        h.insert(
            ".".into(),
            pick_json(rng, &[json!({"x": 1}), json!([1]), json!({})]),
        );
    }
    Value::Object(h)
}

fn handler_kwargs(rng: &mut Rng, cls: &str, names: &[&str], h: &mut Map<String, Value>) {
    if cls.contains("StreamHandler") && rng.chance(70) {
        let streams = [
            json!("ext://sys.stdout"),
            json!("ext://sys.stderr"),
            json!("ext://sys.nope"),
            json!("ext://nosuch.x"),
            json!("cfg://nope"),
            json!("cfg://version"),
        ];
        h.insert("stream".into(), pick_json(rng, &streams));
    }
    if cls.contains("FileHandler") && rng.chance(85) {
        h.insert(
            "filename".into(),
            pick_json(rng, &[json!("app.log"), json!("missing/app.log"), json!(5)]),
        );
    }
    if cls.contains("Rotating") && rng.chance(50) {
        h.insert("maxBytes".into(), pick_json(rng, &[json!(1024), json!(0)]));
    }
    if cls.contains("MemoryHandler") {
        if rng.chance(85) {
            h.insert("capacity".into(), json!(10));
        }
        if rng.chance(80) {
            let mut targets: Vec<Value> = names.iter().map(|n| json!(n)).collect();
            targets.extend([json!("nosuch"), json!(["console"])]);
            h.insert("target".into(), pick_json(rng, &targets));
        }
        if rng.chance(20) {
            h.insert(
                "flushLevel".into(),
                pick_json(rng, &[json!("ERROR"), json!(40), json!("nope")]),
            );
        }
    }
    if cls.contains("QueueHandler") {
        queue_kwargs(rng, names, h);
    }
    if cls.contains("SysLog") && rng.chance(50) {
        h.insert("address".into(), json!(["localhost", 514]));
    }
    if rng.chance(8) {
        h.insert("foo".into(), json!(1));
    }
    if !cls.contains("StreamHandler") && rng.chance(5) {
        h.insert("stream".into(), json!("ext://sys.stdout"));
    }
    if rng.chance(5) {
        h.insert("max-bytes".into(), json!(1));
    }
    if rng.chance(4) {
        h.insert("mode".into(), json!("w"));
    }
}

fn queue_kwargs(rng: &mut Rng, names: &[&str], h: &mut Map<String, Value>) {
    if rng.chance(80) {
        let mut refs: Vec<Value> = names.iter().map(|n| json!(n)).collect();
        refs.push(json!("ghost"));
        let list: Vec<Value> = (0..rng.below(3)).map(|_| pick_json(rng, &refs)).collect();
        h.insert("handlers".into(), Value::Array(list));
    }
    if rng.chance(30) {
        let queues = [
            json!(5),
            json!({"a": 1}),
            json!("logging.DEBUG"),
            json!("nosuch.q"),
            json!(["q"]),
        ];
        h.insert("queue".into(), pick_json(rng, &queues));
    }
    if rng.chance(30) {
        let listeners = [
            json!("logging.handlers.QueueListener"),
            json!("logging.StreamHandler"),
            json!(5),
            json!("ext://logging.handlers.QueueListener"),
            json!({"x": 1}),
            json!("logging.DEBUG"),
        ];
        h.insert("listener".into(), pick_json(rng, &listeners));
    }
    if rng.chance(20) {
        h.insert("respect_handler_level".into(), json!(true));
    }
}

fn logger(rng: &mut Rng, names: &[&str]) -> Value {
    if rng.chance(3) {
        return pick_json(rng, &[json!("x"), json!(null), json!(4)]);
    }
    let mut l = Map::new();
    if rng.chance(50) {
        l.insert("level".into(), level(rng));
    }
    if rng.chance(70) {
        let mut refs: Vec<Value> = names.iter().map(|n| json!(n)).collect();
        refs.push(json!("ghost"));
        let n = rng.below(3);
        let list: Vec<Value> = (0..n).map(|_| pick_json(rng, &refs)).collect();
        let value = if rng.chance(5) {
            json!("console")
        } else {
            Value::Array(list)
        };
        l.insert("handlers".into(), value);
    }
    if rng.chance(20) {
        l.insert(
            "propagate".into(),
            pick_json(rng, &[json!(false), json!(true), json!(0)]),
        );
    }
    if rng.chance(10) {
        l.insert(
            "filters".into(),
            pick_json(rng, &[json!(["flt1"]), json!(["ghost"])]),
        );
    }
    Value::Object(l)
}

fn sections(rng: &mut Rng, doc: &mut Map<String, Value>) {
    let nf = rng.below(3);
    let mut fs = Map::new();
    for name in &FORMATTER_NAMES[..nf] {
        fs.insert((*name).into(), formatter(rng));
    }
    if nf > 0 || rng.chance(10) {
        doc.insert("formatters".into(), Value::Object(fs));
    }
    let nfl = if rng.chance(25) { rng.below(3) } else { 0 };
    if nfl > 0 {
        let mut m = Map::new();
        for name in &FILTER_NAMES[..nfl] {
            m.insert((*name).into(), filter(rng));
        }
        doc.insert("filters".into(), Value::Object(m));
    }
    let nh = rng.below(4);
    let mut names: Vec<&str> = HANDLER_NAMES.to_vec();
    let names: Vec<&str> = (0..nh)
        .map(|_| names.remove(rng.below(names.len())))
        .collect();
    let mut hs = Map::new();
    for name in &names {
        hs.insert((*name).into(), handler(rng, &names, nf > 0));
    }
    if nh > 0 || rng.chance(10) {
        doc.insert("handlers".into(), Value::Object(hs));
    }
    let mut ls = Map::new();
    for name in ["app", "app.db"].iter().take(rng.below(3)) {
        ls.insert((*name).into(), logger(rng, &names));
    }
    if !ls.is_empty() {
        doc.insert("loggers".into(), Value::Object(ls));
    }
    if rng.chance(60) {
        let root = if rng.chance(5) {
            pick_json(rng, &[json!({}), json!(null), json!("x")])
        } else {
            logger(rng, &names)
        };
        doc.insert("root".into(), root);
    }
}

/// One generated document.
pub fn generate(rng: &mut Rng) -> Value {
    if rng.chance(2) {
        return pick_json(
            rng,
            &[
                json!([]),
                json!(["ab"]),
                json!([1]),
                json!("abc"),
                json!(5),
                json!(null),
                json!([["version", 1]]),
            ],
        );
    }
    let mut doc = Map::new();
    version(rng, &mut doc);
    if rng.chance(6) {
        doc.insert(
            "incremental".into(),
            pick_json(rng, &[json!(true), json!(false)]),
        );
    }
    if rng.chance(10) {
        doc.insert("disable_existing_loggers".into(), json!(false));
    }
    sections(rng, &mut doc);
    Value::Object(doc)
}

/// Runs the oracle on `cases` in the temporary directory `cwd`.
pub fn oracle(python: &std::path::Path, cases: &[Value], cwd: &str) -> Vec<Value> {
    let script = common::oracle_script("dictconfig_oracle.py");
    let input = serde_json::to_vec(cases).expect("json");
    let out = common::run_python(python, &[script.as_os_str(), cwd.as_ref()], input);
    serde_json::from_slice(&out).expect("oracle output")
}

#[test]
fn dictconfig_verdicts_match_cpython() {
    let seed = common::live_seed();
    let n = common::live_cases(400);
    let mut rng = Rng::new(seed);
    let cases: Vec<Value> = (0..n).map(|_| generate(&mut rng)).collect();
    let dir = std::env::temp_dir().join(format!("logcheck-dictcfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let cwd = dir
        .canonicalize()
        .expect("canonical")
        .to_string_lossy()
        .to_string();
    let mut failures = Vec::new();
    for (python, version) in common::interpreters_by_version() {
        let expected = oracle(&python, &cases, &cwd);
        let (mut compared, mut assumed) = (0, 0);
        for (case, want) in cases.iter().zip(&expected) {
            match verdict_json(case, version, &cwd) {
                None => assumed += 1,
                Some(got) if &got == want => compared += 1,
                Some(got) => failures.push(format!(
                    "{version}: {case}\n  python:   {want}\n  logcheck: {got}"
                )),
            }
        }
        eprintln!(
            "dictConfig {version}: {compared} equal, {assumed} rest on assumptions, seed {seed}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        failures.is_empty(),
        "{} mismatches (LOGCHECK_SEED={seed}):\n{}",
        failures.len(),
        failures
            .iter()
            .take(15)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The recorded verdicts of `tests/goldens/dictconfig.json` (always runs;
/// re-record with `tests/oracle/record_dictconfig_goldens.py`).
#[test]
fn dictconfig_goldens() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/goldens/dictconfig.json");
    let golden: Value =
        serde_json::from_slice(&std::fs::read(path).expect("goldens")).expect("json");
    let cwd = golden["cwd"].as_str().expect("cwd");
    let cases = golden["cases"].as_array().expect("cases");
    let results = golden["results"].as_object().expect("results");
    let mut failures = Vec::new();
    let (mut compared, mut assumed) = (0, 0);
    for (version, expected) in results {
        let v: PyVersion = version.parse().expect("version");
        let expected = expected.as_array().expect("list");
        assert_eq!(expected.len(), cases.len());
        for (case, want) in cases.iter().zip(expected) {
            match verdict_json(case, v, cwd) {
                None => assumed += 1,
                Some(got) if &got == want => compared += 1,
                Some(got) => failures.push(format!(
                    "{version}: {case}\n  python:   {want}\n  logcheck: {got}"
                )),
            }
        }
    }
    eprintln!("dictConfig goldens: {compared} equal, {assumed} rest on assumptions");
    assert!(compared > 0);
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// dictConfig stops at its first error; logcheck reports every problem,
/// each at its value, and the verdict is the first one.
#[test]
fn every_problem_is_reported_and_the_first_is_the_verdict() {
    let doc = json!({
        "version": 1,
        "formatters": {"f": {"style": "x"}},
        "handlers": {
            "a": {"class": "logging.StreamHandler", "level": "info"},
            "b": {"class": "logging.handlers.MemoryHandler", "capacity": 1, "target": "ghost"},
        },
        "root": {"handlers": ["nowhere"]},
    });
    let fs = VirtualFs::empty("/app");
    let verdict = configure(&node(&doc), &VerdictOptions::new(&fs));
    let codes: Vec<&str> = verdict.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["LC402", "LC301", "LC203", "LC201"]);
    let Outcome::Raises(raised) = verdict.outcome else {
        panic!("raises")
    };
    assert_eq!(
        raised.exception.to_string(),
        "ValueError: Unable to configure formatter 'f'"
    );
    assert_eq!(
        raised.cause.map(|c| c.to_string()).as_deref(),
        Some("ValueError: Style must be one of: %,{,$")
    );
    assert!(verdict.assumptions.is_empty());
}

/// A `()` factory is not run: the verdict says what it assumes.
#[test]
fn factories_are_assumptions() {
    let doc = json!({"version": 1, "formatters": {"j": {"()": "logging.Formatter", "fmt": "%(message)s"}}});
    let fs = VirtualFs::empty("/app");
    let verdict = configure(&node(&doc), &VerdictOptions::new(&fs));
    assert_eq!(verdict.outcome, Outcome::Loads);
    assert_eq!(verdict.assumptions.len(), 1);
    assert_eq!(verdict.diagnostics[0].code, "LC509");
}

/// Classes outside the standard library follow `--importable`: declared,
/// the handler is assumed built; otherwise the import fails as in CPython.
#[test]
fn custom_classes_follow_importable() {
    let doc = json!({"version": 1, "handlers": {"h": {"class": "myapp.log.Handler"}}});
    let fs = VirtualFs::empty("/app");
    let importable = vec!["myapp".to_string()];
    let opts = VerdictOptions {
        importable: &importable,
        ..VerdictOptions::new(&fs)
    };
    let verdict = configure(&node(&doc), &opts);
    assert_eq!(verdict.outcome, Outcome::Loads);
    assert_eq!(verdict.assumptions.len(), 1);
    let verdict = configure(&node(&doc), &VerdictOptions::new(&fs));
    let Outcome::Raises(raised) = verdict.outcome else {
        panic!("raises")
    };
    assert_eq!(
        raised.exception.to_string(),
        "ValueError: Unable to configure handler 'h'"
    );
    assert_eq!(
        raised.cause.map(|c| c.to_string()).as_deref(),
        Some("ValueError: Cannot resolve 'myapp.log.Handler': No module named 'myapp'")
    );
    assert_eq!(verdict.diagnostics[0].code, "LC501");
}
