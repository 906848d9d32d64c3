//! `logcheck convert` proven against CPython: generated fileConfig files
//! that load are converted to JSON and to YAML, and
//! `tests/oracle/convert_oracle.py` runs the original with `fileConfig` and
//! each conversion with `dictConfig` (`json.load`, `yaml.safe_load`) in fresh
//! sandboxes with the same calls: streams, files and the loggers' state must
//! be identical. Conversions that refuse or approximate are counted, not
//! compared. Recorded goldens (`tests/goldens/convert/`, re-recorded by
//! `tests/oracle/record_convert_goldens.py`) always run; CLI snapshots and
//! the INI round trip need no Python.

use crate::backend_support::TempDir;
use crate::common::{self, Rng, live_cases, live_seed};
use logcheck::convert::{self, DictFormat, NoteKind, Value};
use logcheck::{CheckOptions, PyVersion, check_bytes};
use serde_json::json;
use std::path::{Path, PathBuf};

const MESSAGES: [&str; 5] = [
    "",
    "hi",
    "héllo wörld ✓",
    "100% done %s",
    "a message long enough to roll a tiny file over",
];
/// Names whose sorted order is not the keys order.
const HANDLER_NAMES: [&str; 6] = ["zeta", "alpha", "mid", "beta", "yes", "010"];

/// A handler section's class and arguments; a MemoryHandler targets a
/// handler listed before it (`earlier`) or, less often, any other one
/// (`others`: a target listed after it, or another MemoryHandler).
fn handler_body(rng: &mut Rng, earlier: &[String], others: &[String]) -> String {
    let file = rng.pick(&["a.log", "b.log"]);
    let mode = rng.pick(&["a", "w"]);
    let target = match (earlier.is_empty(), others.is_empty()) {
        (false, _) if rng.chance(70) => Some(rng.pick(earlier).clone()),
        (_, false) => Some(rng.pick(others).clone()),
        _ => None,
    };
    match rng.below(if target.is_none() { 5 } else { 6 }) {
        0 => format!(
            "class=StreamHandler\nargs=({},)\n",
            rng.pick(&["sys.stdout", "sys.stderr"])
        ),
        1 => rng
            .pick(&[
                "class=StreamHandler\nargs=()\n",
                "class=logging.StreamHandler\nargs=[sys.stdout]\n",
                "class=NullHandler\n",
                // UDP to the discard port: a tuple address dictConfig gets as a list
                "class=handlers.SysLogHandler\nargs=(('localhost', 9), handlers.SysLogHandler.LOG_USER)\n",
            ])
            .to_string(),
        2 => format!("class=FileHandler\nargs=('{file}', '{mode}')\n"),
        3 => format!(
            "class=handlers.RotatingFileHandler\nargs=('{file}',)\nkwargs={{'maxBytes': {}, 'backupCount': {}}}\n",
            rng.pick(&[0, 30, 80]),
            rng.below(3)
        ),
        4 => format!(
            "class=logging.FileHandler\nargs=('%(logdir)s{file}',)\nkwargs={{'delay': {}}}\n",
            rng.pick(&["True", "False"])
        ),
        _ => format!(
            "class=handlers.MemoryHandler\nargs=({}, {}, None, {})\ntarget={}\n",
            1 + rng.below(3),
            rng.pick(&[10, 40, 50]),
            rng.pick(&["True", "False"]),
            target.unwrap_or_default()
        ),
    }
}

fn handler_sections(rng: &mut Rng, keys: &[String]) -> String {
    let mut out = String::new();
    let mut earlier: Vec<String> = Vec::new();
    for key in keys {
        let level = rng.pick(&["", "level=NOTSET\n", "level=INFO\n", "level=WARN\n"]);
        let formatter = rng.pick(&[
            "",
            "formatter=plain\n",
            "formatter=brace\n",
            "formatter=dated\n",
        ]);
        let others: Vec<String> = keys.iter().filter(|k| *k != key).cloned().collect();
        let body = handler_body(rng, &earlier, &others);
        if !body.contains("Memory") {
            earlier.push(key.clone());
        }
        out.push_str(&format!("[handler_{key}]\n{level}{formatter}{body}"));
    }
    out
}

fn logger_sections(rng: &mut Rng, keys: &[String]) -> (String, Vec<String>) {
    let pick = |rng: &mut Rng| -> String {
        keys.iter()
            .filter(|_| rng.chance(40))
            .cloned()
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut text = format!(
        "[logger_root]\nlevel={}\nhandlers={}\n",
        rng.pick(&["DEBUG", "INFO", "WARNING"]),
        pick(rng)
    );
    let mut names = vec!["root".to_string()];
    for i in 0..1 + rng.below(3) {
        let qualname = rng.pick(&["app", "app.db", "app", "root", "other"]);
        let level = rng.pick(&["", "level=DEBUG\n", "level=ERROR\n", "level=NOTSET\n"]);
        let propagate = rng.pick(&["", "propagate=0\n", "propagate=1\n"]);
        text.push_str(&format!(
            "[logger_l{i}]\nqualname={qualname}\n{level}{propagate}handlers={}\n",
            pick(rng)
        ));
        names.push(format!("l{i}"));
    }
    (text, names)
}

/// A generated file, its calls, and the loggers that exist before it is
/// loaded (disable_existing_loggers and the children of configured loggers).
fn generate(rng: &mut Rng) -> (String, serde_json::Value, Vec<&'static str>) {
    let mut keys: Vec<String> = HANDLER_NAMES.iter().map(|s| s.to_string()).collect();
    for i in (1..keys.len()).rev() {
        keys.swap(i, rng.below(i + 1));
    }
    keys.truncate(1 + rng.below(4));
    let handlers = handler_sections(rng, &keys);
    let (loggers, logger_keys) = logger_sections(rng, &keys);
    let config = format!(
        "[DEFAULT]\nlogdir=\n[loggers]\nkeys={}\n[handlers]\nkeys={}\n[formatters]\nkeys=plain,brace,dated\n\
         {loggers}{handlers}\
         [formatter_plain]\nformat=%(levelname)s:%(name)s:%(message)s\n\
         [formatter_brace]\nformat={{levelname}} {{name}} {{message}}\nstyle={{\n\
         [formatter_dated]\nformat=%(asctime)s %(tag)s %(lineno)d %(message)s\ndatefmt=%Y/%m/%d %H-%M\n\
         class=logging.Formatter\ndefaults={{'tag': '%(levelname)s'}}\n",
        logger_keys.join(","),
        keys.join(",")
    );
    let calls = (0..1 + rng.below(6))
        .map(|i| {
            json!({"logger": rng.pick(&["", "app", "app.db", "other"]), "level": rng.pick(&[10, 20, 30, 40]),
                   "msg": rng.pick(&MESSAGES), "pathname": "app.py", "lineno": i + 1, "func": ""})
        })
        .collect();
    let existing = ["app.db", "other", "app.x.y", "apple"]
        .into_iter()
        .filter(|_| rng.chance(30))
        .collect();
    (config, serde_json::Value::Array(calls), existing)
}

/// The library's conversion of `text`: the document (`None` when refused)
/// and whether it is exact.
fn convert_case(text: &str, path: &Path, version: PyVersion) -> (Option<Value>, bool) {
    let cwd = TempDir::new("convert-cwd");
    let opts = CheckOptions {
        version,
        cwd: cwd.path().to_path_buf(),
        env: Some(Vec::new()),
        ..CheckOptions::default()
    };
    let report = check_bytes(&path.to_string_lossy(), text.as_bytes(), &opts);
    let conversion = convert::ini_to_dict(&report, &opts);
    let exact = conversion.is_exact();
    (conversion.document, exact)
}

fn python_with_yaml(python: &Path) -> bool {
    let script = common::oracle_script("convert_oracle.py");
    let out = common::run_python(
        python,
        &[script.as_os_str(), "--has-yaml".as_ref()],
        Vec::new(),
    );
    let has = String::from_utf8_lossy(&out).trim() == "yes";
    if !has && std::env::var("LOGCHECK_REQUIRE_PYTHON").as_deref() == Ok("1") {
        panic!(
            "LOGCHECK_REQUIRE_PYTHON=1 but PyYAML does not import in {}",
            python.display()
        );
    }
    has
}

fn run_oracle(python: &Path, requests: Vec<serde_json::Value>) -> Vec<serde_json::Value> {
    let script = common::oracle_script("convert_oracle.py");
    let out = common::run_python(
        python,
        &[script.as_os_str()],
        serde_json::Value::Array(requests).to_string().into_bytes(),
    );
    String::from_utf8_lossy(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("oracle JSON")["result"].clone()
        })
        .collect()
}

struct Written {
    ini: PathBuf,
    /// Each conversion: how the oracle loads it and where it is.
    conversions: Vec<(&'static str, PathBuf)>,
    calls: serde_json::Value,
    existing: Vec<&'static str>,
    /// The conversion came with approximation notes (not required to match).
    approximate: bool,
}

/// Writes the conversions of one case: JSON, YAML (with PyYAML) and, for an
/// exact one, the INI `--to ini` makes of the JSON.
fn write_conversions(
    ini: &Path,
    doc: &Value,
    yaml: bool,
    exact: bool,
) -> Vec<(&'static str, PathBuf)> {
    let json_text = convert::to_json(doc);
    let mut out = vec![("json", ini.with_extension("json"))];
    std::fs::write(&out[0].1, &json_text).expect("write");
    if yaml && exact {
        out.push(("yaml", ini.with_extension("yaml")));
        std::fs::write(&out[1].1, convert::to_yaml(doc)).expect("write");
    }
    if exact {
        let back = convert::dict_to_ini(&json_text, DictFormat::Json);
        let text = back.document.unwrap_or_else(|| {
            panic!(
                "{}: --to ini refuses its own JSON: {:?}",
                ini.display(),
                back.notes
            )
        });
        let path = ini.with_extension("back.ini");
        std::fs::write(&path, text).expect("write");
        out.push(("ini", path));
    }
    out
}

fn generate_cases(
    rng: &mut Rng,
    n: usize,
    dir: &Path,
    version: PyVersion,
    yaml: bool,
) -> (Vec<Written>, usize) {
    let (mut written, mut refused) = (Vec::new(), 0);
    for i in 0..n {
        let (text, calls, existing) = generate(rng);
        let ini = dir.join(format!("case{i}.ini"));
        std::fs::write(&ini, &text).expect("write");
        let (Some(doc), exact) = convert_case(&text, &ini, version) else {
            refused += 1;
            continue;
        };
        let conversions = write_conversions(&ini, &doc, yaml, exact);
        written.push(Written {
            ini,
            conversions,
            calls,
            existing,
            approximate: !exact,
        });
    }
    (written, refused)
}

#[test]
fn conversions_do_what_the_originals_do_under_cpython() {
    let Some(python) = common::python3() else {
        return;
    };
    let version: PyVersion = common::python_version(&python).parse().expect("version");
    let yaml = python_with_yaml(&python);
    let (seed, n) = (live_seed(), live_cases(120));
    eprintln!(
        "convert_live: seed {seed}, {n} cases (YAML {}); replay with LOGCHECK_SEED={seed}",
        if yaml { "on" } else { "skipped: no PyYAML" }
    );
    let dir = TempDir::new("convert-live");
    let (written, refused) = generate_cases(&mut Rng::new(seed), n, dir.path(), version, yaml);
    let mut requests = Vec::new();
    for w in &written {
        requests.push(json!({"config": w.ini.to_string_lossy(), "load": "ini", "calls": w.calls, "existing": w.existing}));
        for (load, path) in &w.conversions {
            requests.push(json!({"config": path.to_string_lossy(), "load": load, "calls": w.calls, "existing": w.existing}));
        }
    }
    let mut results = run_oracle(&python, requests).into_iter();
    let (mut mismatches, mut compared, mut approximate, mut differing) = (Vec::new(), 0, 0, 0);
    for w in &written {
        let original = results.next().expect("a result per request");
        let show = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
        assert!(
            original.get("error").is_none(),
            "{} does not load under CPython: {original}\n{}",
            w.ini.display(),
            show(&w.ini)
        );
        approximate += usize::from(w.approximate);
        for (load, path) in &w.conversions {
            let got = results.next().expect("a result per request");
            if w.approximate {
                differing += usize::from(got != original);
                continue;
            }
            compared += 1;
            if got != original {
                mismatches.push(format!(
                    "{} as {load}:\n{}\n{}\nfileConfig: {original}\nconverted: {got}",
                    w.ini.display(),
                    show(&w.ini),
                    show(path)
                ));
            }
        }
    }
    eprintln!(
        "convert_live: {} exact conversions ({compared} documents compared: JSON, YAML, INI back), {} mismatches; {approximate} approximate ({differing} of them differ under CPython), {refused} refused",
        written.len() - approximate,
        mismatches.len()
    );
    // Python 3.8's fileConfig leaves handler names None: every conversion
    // with a handler is an approximation there.
    assert!(
        version < PyVersion::new(3, 9, 0) || (written.len() - approximate) * 2 > n,
        "most generated files convert exactly"
    );
    assert!(
        mismatches.is_empty(),
        "seed {seed}: {} mismatches; first:\n{}",
        mismatches.len(),
        mismatches[0]
    );
}

fn goldens() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/goldens/convert")
}

/// logcheck still writes exactly the conversions CPython verified when
/// `record_convert_goldens.py` recorded them.
#[test]
fn convert_goldens() {
    let mut seen = 0;
    for entry in std::fs::read_dir(goldens()).expect("goldens") {
        let ini = entry.expect("entry").path();
        if ini.extension().is_none_or(|e| e != "ini") {
            continue;
        }
        let text = std::fs::read_to_string(&ini).expect("read");
        let opts = CheckOptions {
            env: Some(Vec::new()),
            ..CheckOptions::default()
        };
        let report = check_bytes(&ini.to_string_lossy(), text.as_bytes(), &opts);
        let doc = convert::ini_to_dict(&report, &opts)
            .document
            .expect("converts");
        for (ext, got) in [
            ("json", convert::to_json(&doc)),
            ("yaml", convert::to_yaml(&doc)),
        ] {
            let want = std::fs::read_to_string(ini.with_extension(ext)).expect("recorded");
            assert_eq!(got, want, "{} as {ext}", ini.display());
        }
        seen += 1;
    }
    assert!(seen >= 2);
}

fn run_cli(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(insta_cmd::get_cargo_bin("logcheck"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("run logcheck");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        text(&out.stderr),
    )
}

#[test]
fn convert_cli_snapshots() {
    let runs: &[(&str, &[&str])] = &[
        (
            "convert_seed_json",
            &[
                "convert",
                "samples/seed/log.conf",
                "--to",
                "json",
                "--platform",
                "windows",
            ],
        ),
        (
            "convert_web_yaml",
            &["convert", "samples/web-service.conf", "--to", "yaml"],
        ),
        (
            "convert_broken",
            &[
                "convert",
                "samples/broken/worker-broken.conf",
                "--to",
                "json",
            ],
        ),
        (
            "convert_memory_first",
            &[
                "convert",
                "tests/goldens/convert/memory-first.conf",
                "--to",
                "json",
            ],
        ),
        (
            "convert_memory_chain",
            &[
                "convert",
                "tests/goldens/convert/memory-chain.conf",
                "--to",
                "yaml",
                "--approximate",
            ],
        ),
        (
            "convert_json_to_ini",
            &[
                "convert",
                "tests/goldens/convert/memory-sorted.json",
                "--to",
                "ini",
            ],
        ),
    ];
    for (name, args) in runs {
        let (code, stdout, stderr) = run_cli(args);
        insta::assert_snapshot!(
            *name,
            format!("exit code: {code}\n{stdout}--- stderr\n{stderr}")
        );
    }
}

/// `--to ini` of a `--to json` output: the INI converts back to the same document.
#[test]
fn ini_round_trip_of_json_output() {
    let dir = TempDir::new("convert-roundtrip");
    for file in [
        "samples/web-service.conf",
        "samples/python-docs-example.conf",
        "samples/worker-service.conf",
        "tests/goldens/convert/memory-sorted.ini",
    ] {
        let json = dir.path().join("doc.json");
        let (code, out, err) = run_cli(&[
            "convert",
            file,
            "--to",
            "json",
            "-o",
            &json.to_string_lossy(),
        ]);
        assert_eq!((code, out.as_str()), (0, ""), "{file}: {err}");
        let (code, ini, err) = run_cli(&["convert", &json.to_string_lossy(), "--to", "ini"]);
        assert_eq!(code, 0, "{file}: {err}");
        let back = dir.path().join("back.ini");
        std::fs::write(&back, &ini).expect("write");
        let (code, again, err) = run_cli(&["convert", &back.to_string_lossy(), "--to", "json"]);
        assert_eq!(code, 0, "{file}: {err}");
        let first: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json).expect("read")).expect("json");
        let second: serde_json::Value = serde_json::from_str(&again).expect("json");
        assert_eq!(first["handlers"], second["handlers"], "{file}");
        assert_eq!(first["formatters"], second["formatters"], "{file}");
        assert_eq!(first["root"], second["root"], "{file}");
        let names = |v: &serde_json::Value| {
            v["loggers"]
                .as_object()
                .map(|o| o.values().cloned().collect::<Vec<_>>())
        };
        assert_eq!(names(&first), names(&second), "{file}");
    }
    let (code, _, err) = run_cli(&[
        "convert",
        "samples/web-service.conf",
        "--to",
        "json",
        "-o",
        "samples/web-service.conf",
    ]);
    assert_eq!(code, 2, "refuses to overwrite the input: {err}");
}

fn no_panic(text: &str) {
    let opts = CheckOptions {
        env: Some(Vec::new()),
        ..CheckOptions::default()
    };
    let report = check_bytes("p.ini", text.as_bytes(), &opts);
    if let Some(doc) = convert::ini_to_dict(&report, &opts).document {
        let _ = (convert::to_json(&doc), convert::to_yaml(&doc));
    }
    let _ = convert::dict_to_ini(text, DictFormat::Json);
    let _ = convert::dict_to_ini(text, DictFormat::Yaml);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    #[test]
    fn convert_never_panics(text in proptest::string::string_regex(
        "(\\[(loggers|handlers|formatters|logger_root|handler_h|formatter_f|DEFAULT)\\]\n|keys=(root|h|f|h,h|)\n|handlers=h?\n|class=(StreamHandler|handlers.MemoryHandler|x)\n|args=\\((sys.stdout|1, 40, None)?,?\\)\n|target=h\n|qualname=(root|a)\n|format=%\\(message\\)s\n|level=(INFO|5)\n|[{}\\[\\]:,\"a-z0-9 ]{0,8}\n){0,30}"
    ).expect("regex")) {
        no_panic(&text);
    }
}

#[test]
fn refusals_and_notes_are_data() {
    let text = "[loggers]\nkeys=root\n[handlers]\nkeys=h,h\n[formatters]\nkeys=\n[logger_root]\nhandlers=h\n\
                [handler_h]\nclass=StreamHandler\nargs=(sys.stdout,)\n";
    let opts = CheckOptions {
        env: Some(Vec::new()),
        ..CheckOptions::default()
    };
    let conversion = convert::ini_to_dict(&check_bytes("d.ini", text.as_bytes(), &opts), &opts);
    assert!(conversion.document.is_none());
    assert_eq!(conversion.notes[0].kind, NoteKind::Refusal);
    let doc =
        json!({"version": 1, "filters": {"f": {"name": "a"}}, "handlers": {"h": {"()": "x.y"}}})
            .to_string();
    let back = convert::dict_to_ini(&doc, DictFormat::Json);
    assert!(
        back.document.is_none() && back.notes.len() == 2,
        "{:?}",
        back.notes
    );
}

/// A string for the YAML quoting test: YAML 1.1's special words, numbers in
/// every notation PyYAML resolves, indicators, and characters it escapes.
fn tricky_string(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "yes",
        "No",
        "ON",
        "off",
        "y",
        "n",
        "true",
        "False",
        "null",
        "Null",
        "~",
        "",
        "010",
        "0o17",
        "0x1F",
        "0b101",
        "1_000",
        "1:20",
        "190:20:30",
        "1e3",
        "1.5e-3",
        ".5",
        "+.inf",
        ".NaN",
        "2001-12-14",
        "2001-12-14t21:59:43.10-05:00",
        "=",
        "<<",
        "-",
        "? ",
        ": ",
        " #",
        "#",
        "'",
        "\"",
        "\\",
        "%",
        "@",
        "`",
        "!",
        "&a",
        "*a",
        "|",
        ">",
        "[",
        "]",
        "{",
        "}",
        ",",
        " ",
        "\t",
        "\n",
        "\r",
        "\u{85}",
        "\u{a0}",
        "\u{2028}",
        "\u{feff}",
        "\u{7f}",
        "\u{1}",
        "é",
        "✓",
        "😀",
        "a",
        "Z",
        "_x",
        "ext://sys.stdout",
        "-1",
        "+1",
        "0",
        "3.0",
        "1.",
        "---",
        "...",
    ];
    (0..1 + rng.below(3)).map(|_| *rng.pick(PIECES)).collect()
}

/// The YAML emitter's strings and numbers are what `yaml.safe_load` reads
/// back (PyYAML), as keys and as values.
#[test]
fn yaml_scalars_read_back_under_pyyaml() {
    let Some(python) = common::python3() else {
        return;
    };
    if !python_with_yaml(&python) {
        return eprintln!("convert_live: PyYAML missing, YAML scalar test skipped");
    }
    let seed = live_seed();
    eprintln!("convert_live yaml scalars: seed {seed}");
    let mut rng = Rng::new(seed);
    let mut items = Vec::new();
    for _ in 0..live_cases(400) {
        let key = tricky_string(&mut rng);
        let scalar = match rng.below(6) {
            0 => Value::Int(rng.next_u64() as i64 as i128),
            1 => Value::Float(f64::from_bits(rng.next_u64()) % 1e300),
            2 => Value::Float(*rng.pick(&[1e16, 1e-7, 0.1, -0.0, 1e300, f64::INFINITY, 5e-324])),
            _ => Value::Str(tricky_string(&mut rng)),
        };
        let scalar = match scalar {
            Value::Float(f) if f.is_nan() => Value::Float(0.5),
            other => other,
        };
        let doc = Value::Map(vec![(
            key,
            Value::List(vec![scalar.clone(), Value::Map(vec![("k".into(), scalar)])]),
        )]);
        items.push(json!({"yaml": convert::to_yaml(&doc), "json": convert::to_json(&doc)}));
    }
    let script = common::oracle_script("convert_oracle.py");
    let out = common::run_python(
        &python,
        &[script.as_os_str(), "--yaml-values".as_ref()],
        serde_json::Value::Array(items.clone())
            .to_string()
            .into_bytes(),
    );
    let bad: Vec<String> = String::from_utf8_lossy(&out)
        .lines()
        .zip(&items)
        .filter(|(same, _)| *same != "true")
        .map(|(_, item)| {
            format!(
                "{}\nexpected {}",
                item["yaml"].as_str().unwrap_or(""),
                item["json"]
            )
        })
        .collect();
    assert!(
        bad.is_empty(),
        "seed {seed}: {} YAML documents read back differently; first:\n{}",
        bad.len(),
        bad[0]
    );
}

/// A generated dictConfig handler entry; a MemoryHandler targets another name.
fn dict_handler(rng: &mut Rng, names: &[&str], me: &str) -> Value {
    let s = |t: &str| Value::str(t);
    let mut h = match rng.below(5) {
        0 => vec![
            ("class", s("logging.StreamHandler")),
            (
                "stream",
                s(rng.pick::<&str>(&["ext://sys.stdout", "ext://sys.stderr"])),
            ),
        ],
        1 => vec![("class", s("logging.StreamHandler"))],
        2 => vec![
            ("class", s("logging.FileHandler")),
            ("filename", s(rng.pick::<&str>(&["a.log", "b.log"]))),
            ("mode", s(rng.pick::<&str>(&["a", "w"]))),
            ("delay", Value::Bool(rng.chance(30))),
        ],
        3 => vec![
            ("class", s("logging.handlers.RotatingFileHandler")),
            ("filename", s("r.log")),
            ("maxBytes", Value::Int(*rng.pick(&[0, 40]))),
            ("backupCount", Value::Int(rng.below(3) as i128)),
        ],
        _ => {
            let others: Vec<&&str> = names.iter().filter(|n| **n != me).collect();
            let mut m = vec![
                ("class", s("logging.handlers.MemoryHandler")),
                ("capacity", Value::Int(1 + rng.below(3) as i128)),
                ("flushLevel", Value::Int(*rng.pick(&[10, 40]))),
            ];
            if let Some(t) = (!others.is_empty()).then(|| **rng.pick(&others)) {
                m.push(("target", s(t)));
            }
            m
        }
    };
    match rng.below(4) {
        0 => h.push(("level", s(rng.pick::<&str>(&["DEBUG", "WARNING"])))),
        1 => h.push(("level", Value::Int(*rng.pick(&[10, 20, 40])))),
        _ => {}
    }
    if rng.chance(60) {
        h.push(("formatter", s(rng.pick::<&str>(&["plain", "brace"]))));
    }
    Value::Map(h.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// A generated dictConfig document that `--to ini` can express.
fn dict_document(rng: &mut Rng) -> Value {
    let names: Vec<&str> = HANDLER_NAMES
        .iter()
        .copied()
        .filter(|_| rng.chance(50))
        .collect();
    let handlers = names
        .iter()
        .map(|n| (n.to_string(), dict_handler(rng, &names, n)))
        .collect();
    let pick = |rng: &mut Rng| {
        Value::List(
            names
                .iter()
                .filter(|_| rng.chance(40))
                .map(|n| Value::str(*n))
                .collect(),
        )
    };
    let mut loggers = Vec::new();
    let chosen: Vec<&str> = ["app", "app.db", "other"]
        .into_iter()
        .filter(|_| rng.chance(50))
        .collect();
    for name in chosen {
        let mut l = vec![("handlers".to_string(), pick(rng))];
        if rng.chance(50) {
            l.push(("propagate".into(), Value::Bool(rng.chance(50))));
        }
        if rng.chance(50) {
            l.push(("level".into(), Value::str(*rng.pick(&["DEBUG", "ERROR"]))));
        }
        loggers.push((name.to_string(), Value::Map(l)));
    }
    let formatters = Value::Map(vec![
        (
            "plain".into(),
            Value::Map(vec![(
                "format".into(),
                Value::str("%(levelname)s:%(name)s:%(message)s"),
            )]),
        ),
        (
            "brace".into(),
            Value::Map(vec![
                ("format".into(), Value::str("{levelname} {message}")),
                ("style".into(), Value::str("{")),
            ]),
        ),
    ]);
    let mut doc = vec![
        ("version".to_string(), Value::Int(1)),
        ("formatters".into(), formatters),
        ("handlers".into(), Value::Map(handlers)),
        ("loggers".into(), Value::Map(loggers)),
    ];
    if rng.chance(80) {
        doc.push((
            "root".into(),
            Value::Map(vec![
                ("level".into(), Value::str("INFO")),
                ("handlers".into(), pick(rng)),
            ]),
        ));
    }
    Value::Map(doc)
}

/// The oracle's result with each logger's handlers as `null`s.
fn forget_handler_names(result: &mut serde_json::Value) {
    let Some(loggers) = result["loggers"].as_object_mut() else {
        return;
    };
    for logger in loggers.values_mut() {
        if let Some(handlers) = logger["handlers"].as_array_mut() {
            handlers
                .iter_mut()
                .for_each(|h| *h = serde_json::Value::Null);
        }
    }
}

/// `--to ini` of generated dictConfig documents: fileConfig of the INI does
/// what dictConfig of the document does (the JSON and YAML readings give
/// the same INI).
#[test]
fn ini_from_dict_documents_does_the_same_under_cpython() {
    let Some(python) = common::python3() else {
        return;
    };
    let (seed, n) = (live_seed(), live_cases(100));
    eprintln!("convert_live --to ini: seed {seed}, {n} documents");
    let mut rng = Rng::new(seed);
    let dir = TempDir::new("convert-to-ini");
    let (mut requests, mut refused) = (Vec::new(), 0);
    for i in 0..n {
        let doc = dict_document(&mut rng);
        let json_text = convert::to_json(&doc);
        let back = convert::dict_to_ini(&json_text, DictFormat::Json);
        assert_eq!(
            back,
            convert::dict_to_ini(&convert::to_yaml(&doc), DictFormat::Yaml),
            "{json_text}"
        );
        let (Some(ini), true) = (back.document, back.notes.is_empty()) else {
            refused += 1;
            continue;
        };
        let calls = json!([{"logger": "app", "level": 20, "msg": "a"}, {"logger": "app.db", "level": 40, "msg": "b"},
                           {"logger": "other", "level": 10, "msg": "c"}, {"logger": "", "level": 30, "msg": "d"}]);
        for (ext, text, load) in [("json", &json_text, "json"), ("ini", &ini, "ini")] {
            let path = dir.path().join(format!("doc{i}.{ext}"));
            std::fs::write(&path, text).expect("write");
            requests.push(json!({"config": path.to_string_lossy(), "load": load, "calls": calls}));
        }
    }
    let mut results = run_oracle(&python, requests.clone());
    let version: PyVersion = common::python_version(&python).parse().expect("version");
    if version.minor < 9 {
        // 3.8's fileConfig leaves every handler unnamed (`h.name` is None;
        // 3.9 added `h.name = hand`), which no INI can change: there the
        // two loads are compared without the handlers' names (README,
        // "convert").
        results.iter_mut().for_each(forget_handler_names);
    }
    let mut mismatches = Vec::new();
    for (pair, req) in results.chunks(2).zip(requests.chunks(2)) {
        if pair[0] != pair[1] {
            let show = |r: &serde_json::Value| {
                std::fs::read_to_string(r["config"].as_str().unwrap_or("")).unwrap_or_default()
            };
            mismatches.push(format!(
                "{}\n{}\ndictConfig: {}\nfileConfig: {}",
                show(&req[0]),
                show(&req[1]),
                pair[0],
                pair[1]
            ));
        }
    }
    eprintln!(
        "convert_live --to ini: {} documents compared, {} mismatches, {refused} refused or approximate",
        results.len() / 2,
        mismatches.len()
    );
    assert!(refused * 4 < n, "most generated documents convert");
    assert!(
        mismatches.is_empty(),
        "seed {seed}: {} mismatches; first:\n{}",
        mismatches.len(),
        mismatches[0]
    );
}
