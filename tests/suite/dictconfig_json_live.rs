//! Differential test of `logcheck::dictconfig::json::read_json` against
//! CPython's `json.load` (tests/oracle/json_oracle.py): generated texts,
//! valid and mutated (truncated, stray commas and brackets, bad escapes,
//! control characters, BOMs, CR/CRLF line ends, deep nesting, big numbers,
//! duplicate keys, lone surrogates), compared exactly: the value as a typed
//! tree (int digits, float reprs, key order) or the exception's type and
//! message. The goldens (tests/goldens/dictconfig/json_cases.json, recorded
//! by tests/oracle/record_json_goldens.py) run without python.

use crate::common;

use logcheck::dictconfig::json::read_json;
use logcheck::dictconfig::{Node, NodeValue};
use serde_json::{Value, json};

const STRINGS: &[&str] = &[
    "",
    "a",
    "version",
    "é",
    "日本",
    "😀",
    "\\n",
    "\\t\\r\\b\\f\\/\\\\\\\"",
    "\\u00e9",
    "\\u0000",
    "\\ud83d\\ude00",
    "\\ud83d",
    "\\ude00",
    "\\ud83dx",
    "\\ud83d\\ud83d",
    "\\udc00\\ud800",
    "\\uDBFF\\uDFFF",
    "\\uFFFF",
    "\u{fffd}",
    "%(message)s",
    "a b",
    "\u{7f}",
    "\u{2028}",
];

const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "42",
    "123456789012345678901234567890",
    "-98765432109876543210",
    "0.0",
    "-0.0",
    "1.5",
    "1e5",
    "1E400",
    "-1e400",
    "1e-400",
    "5e-324",
    "2.5e-5",
    "0.0001",
    "0.00001",
    "1e16",
    "1e15",
    "123456789012345678",
    "123456789012345678.0",
    "1.7976931348623157e308",
    "0.1",
    "3.141592653589793238462643383279",
    "1e+2",
    "1E-2",
    "10.25e+10",
    "NaN",
    "Infinity",
    "-Infinity",
];

const WHITESPACE: &[&str] = &[" ", "\n", "\t", "\r\n", "\r", "  \n  ", " \r \n"];

const MUTATIONS: &[&str] = &[
    ",", ":", "[", "]", "{", "}", "\"", "\\", "\\u12", "\\x", "\u{1}", "\u{1f}", "\t", "\n", "\r",
    "\r\n", " ", "NaN", "-", "+", ".", "e", "0", "01", "\u{feff}", "x", "'", "//", "nul", "tru",
    "é", "😀", "\u{a0}", "\u{c}", "\u{0}",
];

fn ws(rng: &mut common::Rng) -> &'static str {
    if rng.chance(70) {
        ""
    } else {
        let ws: &&str = rng.pick(WHITESPACE);
        ws
    }
}

fn string(rng: &mut common::Rng) -> String {
    let parts = rng.below(3) + 1;
    let body: String = (0..parts).map(|_| *rng.pick(STRINGS)).collect();
    format!("\"{body}\"")
}

fn digits(rng: &mut common::Rng, max: usize) -> String {
    (0..rng.below(max) + 1)
        .map(|_| char::from(b'0' + rng.below(10) as u8))
        .collect()
}

/// A random number literal: up to 25 integer digits, up to 20 fraction
/// digits, an exponent up to ±340 (float repr, rounding and overflow).
fn number(rng: &mut common::Rng) -> String {
    let sign = if rng.chance(30) { "-" } else { "" };
    let int = digits(rng, 25);
    let int = if int.len() > 1 {
        int.trim_start_matches('0').to_string()
    } else {
        int
    };
    let int = if int.is_empty() { "0".to_string() } else { int };
    let frac = if rng.chance(50) {
        format!(".{}", digits(rng, 20))
    } else {
        String::new()
    };
    let exp = if rng.chance(50) {
        let e = *rng.pick(&["e", "E", "e+", "e-", "E-"]);
        format!("{e}{}", rng.below(341))
    } else {
        String::new()
    };
    format!("{sign}{int}{frac}{exp}")
}

fn value(rng: &mut common::Rng, depth: usize) -> String {
    match rng.below(if depth > 4 { 5 } else { 8 }) {
        0 => rng.pick(&["null", "true", "false"]).to_string(),
        1 => rng.pick(NUMBERS).to_string(),
        2 => number(rng),
        3 | 4 => string(rng),
        5 => {
            let n = rng.below(4);
            let items: Vec<String> = (0..n).map(|_| value(rng, depth + 1)).collect();
            format!(
                "[{}{}]",
                items.join(&format!("{},{}", ws(rng), ws(rng))),
                ws(rng)
            )
        }
        _ => object(rng, depth),
    }
}

fn object(rng: &mut common::Rng, depth: usize) -> String {
    let keys = [
        "\"a\"",
        "\"b\"",
        "\"version\"",
        "\"\\u0061\"",
        "\"\\ud800\"",
        "\"\\udbff\"",
    ];
    let n = rng.below(5);
    let entries: Vec<String> = (0..n)
        .map(|_| {
            let key = if rng.chance(70) {
                rng.pick(&keys).to_string()
            } else {
                string(rng)
            };
            let (a, b) = (ws(rng), ws(rng));
            format!("{key}{a}:{b}{}", value(rng, depth + 1))
        })
        .collect();
    format!("{{{}{}{}}}", ws(rng), entries.join(", "), ws(rng))
}

/// A char-boundary position in `s`.
fn boundary(rng: &mut common::Rng, s: &str) -> usize {
    let mut at = rng.below(s.len() + 1);
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate(rng: &mut common::Rng, mut s: String) -> String {
    for _ in 0..rng.below(3) + 1 {
        let at = boundary(rng, &s);
        match rng.below(4) {
            0 => s.truncate(at),
            1 => {
                let m = *rng.pick(MUTATIONS);
                s.insert_str(at, m)
            }
            2 => {
                let end = boundary(rng, &s).max(at);
                s.replace_range(at..end, "");
            }
            _ => s.insert_str(at, &value(rng, 3)),
        }
    }
    s
}

fn deep(rng: &mut common::Rng) -> String {
    // Shallow, or well past CPython's recursion limit (its exact depth
    // depends on the caller's stack: 900..1100 is not compared).
    let n = if rng.chance(50) {
        rng.below(30) + 1
    } else {
        1100 + rng.below(400)
    };
    // One kind of container: which one CPython is opening when it reaches
    // its limit is in the message.
    let (opening, closing) = if rng.chance(50) {
        ("[", "]")
    } else {
        ("{\"k\":", "}")
    };
    let open = opening.repeat(n);
    let close = closing.repeat(n);
    let (open, close) = if rng.chance(50) {
        (open.as_str(), close.as_str())
    } else {
        (open.as_str(), "")
    };
    format!("{open}1{close}")
}

fn generate(seed: u64, n: usize) -> Vec<String> {
    let mut rng = common::Rng::new(seed);
    (0..n)
        .map(|i| {
            let text = match i % 10 {
                0 => deep(&mut rng),
                1..=4 => format!("{}{}{}", ws(&mut rng), value(&mut rng, 0), ws(&mut rng)),
                _ => {
                    let base = if rng.chance(80) {
                        object(&mut rng, 0)
                    } else {
                        value(&mut rng, 0)
                    };
                    mutate(&mut rng, base)
                }
            };
            if rng.chance(2) {
                format!("\u{feff}{text}")
            } else {
                text
            }
        })
        .collect()
}

/// The oracle's tagged tree of a node (strings as the oracle writes them).
pub fn tree(node: &Node) -> Value {
    match &node.value {
        NodeValue::Null => json!({"t": "null"}),
        NodeValue::Bool(b) => json!({"t": "bool", "v": b}),
        NodeValue::Int(digits) => json!({"t": "int", "v": digits}),
        NodeValue::Float(repr) => json!({"t": "float", "v": repr}),
        NodeValue::Str(s) => json!({"t": "str", "v": s}),
        NodeValue::List(items) => {
            json!({"t": "list", "v": items.iter().map(tree).collect::<Vec<_>>()})
        }
        NodeValue::Map(entries) => {
            let pairs: Vec<Value> = entries
                .iter()
                .map(|(k, v)| json!([tree(k), tree(v)]))
                .collect();
            json!({"t": "map", "v": pairs})
        }
        NodeValue::Other(repr) => json!({"t": "other", "v": repr}),
    }
}

/// The oracle's tree without its `lone` counts (the U+FFFD are compared).
fn strip_lone(value: &mut Value) -> usize {
    match value {
        Value::Object(map) => {
            let lone = map.remove("lone").and_then(|v| v.as_u64()).unwrap_or(0) as usize;
            lone + map.values_mut().map(strip_lone).sum::<usize>()
        }
        Value::Array(items) => items.iter_mut().map(strip_lone).sum(),
        _ => 0,
    }
}

/// Every span lies on char boundaries inside the text, containers span
/// their brackets, and a scalar's own text reads back as the same value.
pub fn check_spans(text: &str, node: &Node) -> Result<(), String> {
    let span = node.span;
    let slice = text
        .get(span.start..span.end)
        .ok_or_else(|| format!("span {span:?} is not a char range of the text"))?;
    let children: Vec<&Node> = match &node.value {
        NodeValue::List(items) => items.iter().collect(),
        NodeValue::Map(entries) => entries.iter().flat_map(|(k, v)| [k, v]).collect(),
        _ => {
            let again =
                read_json(slice).map_err(|e| format!("{slice:?} does not read back: {e:?}"))?;
            return if again.value == node.value {
                Ok(())
            } else {
                Err(format!("{slice:?} reads back differently"))
            };
        }
    };
    let brackets = matches!(
        (
            &node.value,
            slice.as_bytes().first(),
            slice.as_bytes().last()
        ),
        (NodeValue::List(_), Some(b'['), Some(b']')) | (NodeValue::Map(_), Some(b'{'), Some(b'}'))
    );
    if !brackets {
        return Err(format!("container span {span:?} is {slice:?}"));
    }
    children
        .into_iter()
        .try_for_each(|child| check_spans(text, child))
}

/// Compares one text with the oracle's result; counts `[values, errors, lone]`.
fn compare(text: &str, oracle: &Value, stats: &mut [usize; 3]) -> Option<String> {
    let ours = read_json(text);
    if let Some(error) = oracle.get("error") {
        stats[1] += 1;
        let expected = (error["type"].as_str()?, error["message"].as_str()?);
        return match ours {
            Err(e)
                if (e.exception.type_name.as_str(), e.exception.message.as_str()) == expected =>
            {
                let ok = text.is_char_boundary(e.span.start) && e.span.end <= text.len();
                (!ok).then(|| format!("error span {:?} out of the text", e.span))
            }
            Err(e) => Some(format!("python {expected:?}, logcheck {}", e.exception)),
            Ok(node) => Some(format!(
                "python {expected:?}, logcheck read {}",
                tree(&node)
            )),
        };
    }
    stats[0] += 1;
    let mut expected = oracle.get("value")?.clone();
    stats[2] += strip_lone(&mut expected);
    match ours {
        Ok(node) if tree(&node) == expected => check_spans(text, &node).err(),
        Ok(node) => Some(format!("python {expected}, logcheck {}", tree(&node))),
        Err(e) => Some(format!("python read {expected}, logcheck {}", e.exception)),
    }
}

/// What the reader (3.11's behaviour) knowingly does differently from the
/// oracle's newer interpreter (`LOGCHECK_PYTHON` 3.12 or 3.13): the depth
/// at which nesting raises `RecursionError`, and 3.13's `Illegal trailing
/// comma` messages.
fn version_difference(text: &str, oracle: &Value) -> bool {
    let message = oracle["error"]["message"].as_str().unwrap_or("");
    let deep = text.len() > 1000 && (text.starts_with("[[[[") || text.starts_with("{\"k\":{"));
    deep || message.starts_with("Illegal trailing comma")
}

fn run_oracle(python: &std::path::Path, texts: &[String]) -> Vec<Value> {
    let script = common::oracle_script("json_oracle.py");
    let input = serde_json::to_vec(texts).expect("texts as JSON");
    let out = common::run_python(python, &[script.as_os_str()], input);
    serde_json::from_slice(&out).expect("oracle JSON")
}

fn report(mismatches: &[String]) -> String {
    let shown: Vec<String> = mismatches
        .iter()
        .take(30)
        .map(|m| m.chars().take(600).collect())
        .collect();
    format!("{} mismatches:\n{}", mismatches.len(), shown.join("\n"))
}

#[test]
fn read_json_matches_cpython_json_load() {
    let Some(python) = common::python3() else {
        return;
    };
    let seed = common::live_seed();
    let texts = generate(seed, common::live_cases(4000));
    let results = run_oracle(&python, &texts);
    assert_eq!(results.len(), texts.len());
    let version = common::python_version(&python);
    let mut stats = [0usize; 3];
    let mut other_version = 0;
    let mismatches: Vec<String> = texts
        .iter()
        .zip(&results)
        .filter(|(text, py)| {
            let known = !version.starts_with("3.11.") && version_difference(text, py);
            other_version += usize::from(known);
            !known
        })
        .filter_map(|(text, py)| compare(text, py, &mut stats).map(|m| format!("{text:?}: {m}")))
        .collect();
    eprintln!(
        "dictconfig json live: seed {seed}, python {version}, {} texts: {} values ({} lone surrogates), {} errors, {other_version} known {version} differences skipped; {} mismatches",
        texts.len(),
        stats[0],
        stats[2],
        stats[1],
        mismatches.len()
    );
    assert!(
        mismatches.is_empty(),
        "seed {seed}: {}",
        report(&mismatches)
    );
}

/// A float whose exact value may end in a 5 just past its shortest repr:
/// a 13–17 digit integer part and a binary fraction (repr's tie-breaking).
fn tie_float(rng: &mut common::Rng) -> String {
    let int = format!("{}{}", rng.below(9) + 1, digits(rng, 16));
    let frac = *rng.pick(&[
        "5", "25", "75", "125", "375", "625", "875", "0625", "5e3", "25e-5",
    ]);
    format!("{int}.{frac}")
}

/// Arrays of random numbers: int digits, float reprs (shortest digits,
/// Python's tie-breaking, exponent form), overflow and underflow.
#[test]
fn numbers_match_cpython() {
    let Some(python) = common::python3() else {
        return;
    };
    let seed = common::live_seed();
    let mut rng = common::Rng::new(seed);
    let texts: Vec<String> = (0..common::live_cases(4000) / 20)
        .map(|_| {
            let numbers: Vec<String> = (0..50)
                .map(|_| {
                    if rng.chance(50) {
                        number(&mut rng)
                    } else {
                        tie_float(&mut rng)
                    }
                })
                .collect();
            format!("[{}]", numbers.join(","))
        })
        .collect();
    let results = run_oracle(&python, &texts);
    let mut stats = [0usize; 3];
    let mismatches: Vec<String> = texts
        .iter()
        .zip(&results)
        .filter_map(|(text, py)| compare(text, py, &mut stats).map(|m| format!("{text:?}: {m}")))
        .collect();
    eprintln!(
        "dictconfig json numbers: seed {seed}, {} numbers; {} mismatches",
        texts.len() * 50,
        mismatches.len()
    );
    assert!(
        mismatches.is_empty(),
        "seed {seed}: {}",
        report(&mismatches)
    );
}

/// Fixed tricky texts recorded with CPython by
/// `python3 tests/oracle/record_json_goldens.py`.
#[test]
fn read_json_goldens_match() {
    let golden: Value = serde_json::from_str(include_str!("../goldens/dictconfig/json_cases.json"))
        .expect("golden JSON");
    let cases = golden["cases"].as_array().expect("cases");
    let mut stats = [0usize; 3];
    let mismatches: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let text = case["text"].as_str().expect("text");
            compare(text, &case["result"], &mut stats).map(|m| format!("{text:?}: {m}"))
        })
        .collect();
    assert!(stats[0] > 20 && stats[1] > 40, "{stats:?}");
    assert!(mismatches.is_empty(), "{}", report(&mismatches));
}
