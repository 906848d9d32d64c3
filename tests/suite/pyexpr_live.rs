//! Differential test of `logcheck::pyexpr` against CPython's `eval` in
//! `vars(logging)`: generated literals, arithmetic, names and broken text.
//! The oracle (tests/oracle/pyexpr_oracle.py) refuses anything that could run code.

use crate::common;

use logcheck::pyexpr::{EvalError, Namespace, evaluate, py_repr};
use logcheck::version::PyVersion;
use serde_json::Value;

const ATOMS: &[&str] = &[
    "0",
    "1",
    "7",
    "-3",
    "10",
    "1024",
    "0x1F",
    "0o17",
    "0b101",
    "1_000",
    "2.5",
    "1e3",
    ".5",
    "1.",
    "0.1",
    "1e-7",
    "1e16",
    "True",
    "False",
    "None",
    "'a'",
    "\"b\"",
    "'it''s'",
    "r'\\d'",
    "b'xy'",
    "'\\x41\\t'",
    "'\\101'",
    "'\\u00e9'",
    "'\\U0001F600'",
    "'é'",
    "'\\q'",
    "u'x'",
    "rb'\\x'",
    "'''tri\nple'''",
    "'\\a'",
    "'a\\\nb'",
    "sys.stdout",
    "sys.stderr",
    "sys",
    "DEBUG",
    "INFO",
    "WARN",
    "FATAL",
    "NOTSET",
    "handlers.SYSLOG_UDP_PORT",
    "handlers.DEFAULT_TCP_LOGGING_PORT",
    "handlers.SysLogHandler.LOG_USER",
    "handlers.SysLogHandler.LOG_LOCAL7",
    "handlers.SysLogHandler.nope",
    "stdout",
    "sys.nope",
    "handlers.nope",
    "os.nope",
    "BASIC_FORMAT",
    "raiseExceptions",
    "os.path",
    "handlers",
    "()",
    "[]",
    "{}",
    "'logs\\app.log'",
    "'%(x)s'",
    "(1,)",
    "[1, 'a']",
    "{'k': 1}",
    "{1: 'a', True: 'b', 1.0: 'c'}",
    "{[1]: 2}",
    "{(1, [2]): 3}",
    "-0.0",
    "1e400",
    "123456789012345678901234567890",
];
/// Trailing text a config value may carry (configparser strips blanks).
const SUFFIXES: &[&str] = &["  # note", "  ; note", ","];
/// Binary operators of every precedence level (`|` loosest, `**` tightest).
const OPS: &[&str] = &[
    " + ", " - ", " * ", " / ", " // ", " % ", " ** ", "*", "+", " | ", " ^ ", " & ", " << ",
    " >> ", " @ ", "|",
];
const NOISE: &[&str] = &[
    "(", ")", "[", "]", "{", "}", ",", ";", ":", "'", "\"", "\\", "#", "$", "?", " ", "\n", "\t",
    "0", "9", "x", "_", ".", "=", "€", "\u{1}", "\\U", "\\x4", "\\N{", "!", "@", "`",
];

fn atom(rng: &mut common::Rng, depth: usize) -> String {
    if depth > 2 || rng.chance(55) {
        return rng.pick(ATOMS).to_string();
    }
    match rng.below(6) {
        0 => format!("({})", expr(rng, depth + 1)),
        1 => format!("({},)", expr(rng, depth + 1)),
        2 => format!("[{}, {}]", expr(rng, depth + 1), expr(rng, depth + 1)),
        3 => format!("{{{}: {}}}", atom(rng, depth + 1), expr(rng, depth + 1)),
        4 => format!(
            "{}{}",
            *rng.pick(&["-", "+", "~", "- -"]),
            atom(rng, depth + 1)
        ),
        _ => format!("({}, {})", expr(rng, depth + 1), expr(rng, depth + 1)),
    }
}

fn expr(rng: &mut common::Rng, depth: usize) -> String {
    let mut s = atom(rng, depth);
    while depth < 3 && rng.chance(35) {
        let op = *rng.pick(OPS);
        let rhs = atom(rng, depth + 1);
        // Keep powers and shifts small so the oracle never builds huge numbers.
        if op.contains("**") || op.contains("<<") {
            s = format!("{s}{op}{}", *rng.pick(&["2", "-1", "0.5", "3", "0"]));
        } else {
            s = format!("{s}{op}{rhs}");
        }
    }
    s
}

/// Small ints joined by operators of mixed precedence levels, sometimes
/// with a unary sign or a parenthesized pair: every value is computed, so
/// a wrong grouping shows as a wrong number.
fn operator_chain(rng: &mut common::Rng) -> String {
    let operand = |rng: &mut common::Rng| {
        let n = 1 + rng.below(9);
        match rng.below(6) {
            0 => format!("-{n}"),
            1 => format!("~{n}"),
            2 => format!("({n} {} {})", rng.pick(CHAIN_OPS), 1 + rng.below(5)),
            _ => n.to_string(),
        }
    };
    let mut s = operand(rng);
    for _ in 0..2 + rng.below(4) {
        s = format!("{s} {} {}", rng.pick(CHAIN_OPS), operand(rng));
    }
    s
}

/// The operators [`operator_chain`] mixes (no `/`, `**`: exact ints only).
const CHAIN_OPS: &[&str] = &["|", "^", "&", "<<", ">>", "+", "-", "*", "//", "%"];

fn mutate(rng: &mut common::Rng, s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let at = rng.below(chars.len() + 1);
    let (a, b) = chars.split_at(at);
    let a: String = a.iter().collect();
    let b: String = b.iter().collect();
    match rng.below(3) {
        0 => format!("{a}{}{b}", rng.pick(NOISE)),
        1 => format!("{a}{}", b.chars().skip(1).collect::<String>()),
        _ => format!("{a}{}{}{b}", rng.pick(NOISE), rng.pick(NOISE)),
    }
}

fn generate(seed: u64, n: usize) -> Vec<String> {
    let mut rng = common::Rng::new(seed);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        if rng.chance(15) {
            out.push(operator_chain(&mut rng));
            continue;
        }
        let mut e = expr(&mut rng, 0);
        if rng.chance(40) {
            e = mutate(&mut rng, &e);
            if rng.chance(30) {
                e = mutate(&mut rng, &e);
            }
        }
        if rng.chance(10) {
            // (configparser strips values, so no trailing blanks.)
            let suffix: &&str = rng.pick(SUFFIXES);
            e.push_str(suffix);
        }
        out.push(e);
    }
    out
}

fn run_oracle(python: &std::path::Path, cases: &[String]) -> Vec<Value> {
    let script = common::oracle_script("pyexpr_oracle.py");
    let input = serde_json::to_vec(cases).expect("json");
    let out = common::run_python(python, &[script.as_os_str()], input);
    serde_json::from_slice(&out).expect("oracle JSON")
}

/// Compare one case; `None` when it agrees (or is not comparable).
fn compare(src: &str, oracle: &Value, ns: &Namespace, stats: &mut [usize; 4]) -> Option<String> {
    let ours = evaluate(src, ns);
    if oracle.get("refused").is_some() {
        stats[3] += 1;
        return match &ours {
            Err(EvalError::NotStatic { .. }) => None,
            // We may know the answer before the refused construct runs.
            Err(EvalError::Exception { .. } | EvalError::Syntax(_)) | Ok(_) => None,
        };
    }
    let py_ok = oracle.get("ok").and_then(Value::as_str);
    let py_exc = oracle.get("exc").and_then(Value::as_str);
    match &ours {
        Ok(v) => {
            stats[0] += 1;
            let r = py_repr(v);
            let py_ok = py_ok.map(normalize_module_reprs);
            // Python's module reprs carry file paths, so a value with many
            // modules can pass the oracle's length cut-off while ours does not.
            let too_long = py_ok.as_deref() == Some("<too long>")
                && (r.len() >= 100_000 || r.contains("<module '"));
            (!too_long && py_ok.as_deref() != Some(r.as_str()))
                .then(|| format!("ours ok {r}, python {oracle}"))
        }
        Err(EvalError::NotStatic { reason, .. }) => {
            stats[3] += 1;
            // Not static must only be claimed for things with no simple answer;
            // a literal-only value or exception we could not compute is fine to skip,
            // but a SyntaxError in Python means we accepted invalid text.
            // Known gap: `\\N{name}` needs the Unicode name database.
            if reason.contains("\\N{") {
                return None;
            }
            let py_syntax = py_exc
                .is_some_and(|e| e.starts_with("SyntaxError") || e.starts_with("IndentationError"));
            py_syntax.then(|| format!("ours NotStatic ({reason}), python {oracle}"))
        }
        Err(EvalError::Exception { exception, .. }) => {
            stats[1] += 1;
            let t = exception.to_string();
            (py_exc != Some(t.as_str())).then(|| format!("ours {t}, python {oracle}"))
        }
        Err(EvalError::Syntax(e)) => {
            stats[2] += 1;
            let t = e.exception.to_string();
            if e.exact_message {
                (py_exc != Some(t.as_str())).then(|| format!("ours {t}, python {oracle}"))
            } else {
                let ty = e.exception.type_name.as_str();
                let same_type =
                    py_exc.is_some_and(|p| p.starts_with(ty) || p.starts_with("SyntaxError"));
                (!same_type).then(|| format!("ours (approx) {t}, python {oracle}"))
            }
        }
    }
}

/// `<module 'sys' (built-in)>` / `<module 'x' from '...'>` → `<module 'sys'>`:
/// how a module was loaded is not modelled.
fn normalize_module_reprs(r: &str) -> String {
    let mut out = String::new();
    let mut rest = r;
    while let Some(i) = rest.find("<module '") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 9..];
        let name_end = after.find('\'').unwrap_or(after.len());
        out.push_str(&format!("<module '{}'>", &after[..name_end]));
        let close = after.find('>').map(|j| j + 1).unwrap_or(after.len());
        rest = &after[close..];
    }
    out.push_str(rest);
    out
}

/// Texts whose error depends on the order CPython's tokenizer and parser
/// meet things in, which changed in 3.12 (f-strings are tokenized lazily; a
/// bad escape beats a stray line continuation after it).
const ORDERING_CASES: &[&str] = &[
    "F'{AxTAL * sys",
    "f'{a",
    "f'{(a",
    "f'{a:",
    "f'abc",
    "1 2 f'{a",
    "1 2 f'abc",
    "`f'abc",
    "(1 2 f'abc",
    "1 + f'abc",
    "1 +* f'abc",
    "`F\"'alse",
    "'\\x'\\q",
    "'\\u' \\N",
    "rb'\\x`''|(r'\\d',) % r'\\d'+1.",
    "'a\\\"\t\nb'",
    "'a\\'",
    // f-strings whose braces do not pair (src/pyexpr/fstring.rs, brace_error;
    // under 3.12+ an open field followed by more strings is not modelled)
    "(f'{a ',)",
    "f'{'",
    "f'{ '",
    "f'}'",
    "f'a}b'",
    "f'{a} }'",
    "(f'{a ', 1 2)",
    "(1 2, f'{a ')",
    "(f'}', 1 2)",
    "f'{a' + 1",
    "1 + f'{a'",
    "[f'{a', 1",
    "(1 f'{a ')",
    "f'{a}' f'{b '",
];

/// Generated texts (and [`ORDERING_CASES`]) against every CPython found.
#[test]
fn pyexpr_matches_cpython_eval() {
    for (python, version) in common::interpreters_by_version() {
        pyexpr_matches(&python, version);
    }
}

fn pyexpr_matches(python: &std::path::Path, version: PyVersion) {
    let ns = Namespace::logging(version);
    let seed = common::live_seed();
    let n = common::live_cases(2500);
    let mut cases = generate(seed, n);
    cases.extend(ORDERING_CASES.iter().map(|c| c.to_string()));
    let results = run_oracle(python, &cases);
    assert_eq!(results.len(), cases.len());
    let mut stats = [0usize; 4];
    let mut mismatches = Vec::new();
    for (src, oracle) in cases.iter().zip(&results) {
        if let Some(m) = compare(src, oracle, &ns, &mut stats) {
            mismatches.push(format!("{src:?}: {m}"));
        }
    }
    eprintln!(
        "pyexpr live: seed {seed}, python {version}, {n} cases: {} values, {} exceptions, {} syntax errors, {} not static/refused; {} mismatches",
        stats[0],
        stats[1],
        stats[2],
        stats[3],
        mismatches.len()
    );
    common::assert_no_mismatches("args evaluation", &mismatches, seed, 40);
}

/// Fixed expressions (the Appendix A `args`/`kwargs` values and more), recorded by
/// `python3 tests/oracle/pyexpr_oracle.py --golden tests/goldens/pyexpr_cases.json`.
#[test]
fn pyexpr_goldens_match() {
    let golden: Value =
        serde_json::from_str(include_str!("../goldens/pyexpr_cases.json")).expect("golden JSON");
    let version: PyVersion = golden["python"]
        .as_str()
        .expect("python")
        .parse()
        .expect("version");
    let ns = Namespace::logging(version);
    let cases = golden["cases"].as_array().expect("cases");
    let results = golden["results"].as_array().expect("results");
    let mut stats = [0usize; 4];
    let mismatches: Vec<String> = cases
        .iter()
        .zip(results)
        .filter_map(|(src, py)| {
            let src = src.as_str().expect("case");
            compare(src, py, &ns, &mut stats).map(|m| format!("{src:?}: {m}"))
        })
        .collect();
    assert!(
        stats[0] + stats[1] + stats[2] >= cases.len() - 2,
        "{stats:?}"
    );
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// Pieces of call arguments whose order CPython's parser and compiler judge.
const CALL_ARGS: &[&str] = &[
    "a",
    "*b",
    "c=1",
    "**d",
    "e for e in f",
    "c=2",
    "g=h for h in i",
];

/// Argument lists: every list of up to three pieces, then random longer ones,
/// with line breaks and trailing commas, some inside an unclosed bracket.
fn call_cases(seed: u64) -> Vec<String> {
    let mut lists: Vec<Vec<&str>> = CALL_ARGS.iter().map(|p| vec![*p]).collect();
    for _ in 0..2 {
        let longer: Vec<Vec<&str>> = lists
            .iter()
            .filter(|l| l.len() == lists.last().map_or(0, Vec::len))
            .flat_map(|l| {
                CALL_ARGS
                    .iter()
                    .map(move |p| [l.clone(), vec![*p]].concat())
            })
            .collect();
        lists.extend(longer);
    }
    let mut rng = common::Rng::new(seed);
    for _ in 0..200 {
        let n = 4 + rng.below(3);
        lists.push((0..n).map(|_| *rng.pick(CALL_ARGS)).collect());
    }
    lists
        .iter()
        .map(|list| {
            let mut text = String::from("f(");
            for (i, piece) in list.iter().enumerate() {
                if i > 0 {
                    text.push_str(if rng.below(4) == 0 { ",\n " } else { ", " });
                }
                text.push_str(piece);
            }
            text.push_str([")", ",)", "\n)", ")(x=1, x=2)"][rng.below(4)]);
            match rng.below(8) {
                0 => format!("(1,\n{text}"),
                1 => format!("({text}"),
                _ => text,
            }
        })
        .collect()
}

/// Call argument order (`positional argument follows keyword argument`,
/// `*` after `**`, unparenthesized generators, repeated keywords): the same
/// syntax error as every CPython found, and none where it compiles.
#[test]
fn call_argument_errors_match_cpython() {
    let interpreters = common::interpreters();
    let seed = common::live_seed();
    let cases = call_cases(seed);
    for python in &interpreters {
        let Ok(version) = common::python_version(python).parse::<PyVersion>() else {
            continue; // an interpreter logcheck does not model (before 3.8)
        };
        let results = run_oracle(python, &cases);
        let mismatches: Vec<String> = cases
            .iter()
            .zip(&results)
            .filter_map(|(src, py)| {
                let exc = py.get("exc").and_then(Value::as_str);
                let py_syntax = exc
                    .filter(|e| e.starts_with("SyntaxError") || e.starts_with("IndentationError"));
                let ours = logcheck::pyexpr::parse_for(src, version);
                match (&ours, py_syntax) {
                    (Ok(_), None) => None,
                    (Err(e), Some(p)) if e.exact_message && e.exception.to_string() == p => None,
                    (Err(e), Some(p))
                        if !e.exact_message && p.starts_with(&e.exception.type_name) =>
                    {
                        None
                    }
                    (Err(e), _) => Some(format!("{src:?}: ours {}, python {py}", e.exception)),
                    (Ok(_), Some(p)) => Some(format!("{src:?}: ours parses, python {p}")),
                }
            })
            .collect();
        eprintln!(
            "call arguments: seed {seed}, python {version}, {} cases, {} mismatches",
            cases.len(),
            mismatches.len()
        );
        assert!(
            mismatches.is_empty(),
            "seed {seed}, python {version}:\n{}",
            mismatches.join("\n")
        );
    }
}

/// Why logcheck leaves a text it does not evaluate for nesting.
const TOO_DEEP: &str = "nested more deeply than logcheck evaluates";

/// A nested text for [`nesting_matches_every_cpython`].
struct Nested {
    src: String,
    /// Bracket levels, or the length of a chain of operations.
    depth: usize,
    /// Levels with a unary operator besides their bracket (`[-`).
    unary_levels: usize,
    brackets: bool,
}

impl Nested {
    /// Whether logcheck must evaluate the text under 3.`minor`: CPython's
    /// answer does not depend on its parser's stack or recursion limits
    /// there (logcheck counts 8 levels per bracket, 1 per unary operator).
    fn modelled(&self, minor: u32) -> bool {
        match (self.brackets, minor) {
            (true, 8) => self.depth < 50,
            (true, _) => self.depth <= 200 && 8 * self.depth + self.unary_levels <= 1_600,
            (false, _) => self.depth <= 700,
        }
    }
}

/// Nesting CPython accepts up to its limits and beyond: brackets of every
/// kind (200 levels in 3.9+, ≈ 100 in 3.8), unary, power, binary and
/// attribute chains of thousands.
fn nested_cases(seed: u64, n: usize) -> Vec<Nested> {
    const LEVELS: [(&str, &str); 5] = [
        ("[", "]"),
        ("(", ",)"),
        ("{1: ", "}"),
        ("(", ")"),
        ("[-", "]"),
    ];
    let mut rng = common::Rng::new(seed);
    (0..n)
        .map(|_| {
            let depth = match rng.below(10) {
                0..=1 => 1 + rng.below(12),
                2..=4 => 13 + rng.below(48),
                5..=6 => 61 + rng.below(139),
                7..=8 => 198 + rng.below(5),
                _ => 203 + rng.below(60),
            };
            let length = 1 + rng.below(3_500);
            let chain = |src: String, depth: usize| Nested {
                src,
                depth,
                unary_levels: 0,
                brackets: false,
            };
            match rng.below(9) {
                kind @ 0..=4 => {
                    // one bracket kind throughout, or a random one per level
                    let (mut open, mut close, mut unary_levels) = (String::new(), String::new(), 0);
                    for _ in 0..depth {
                        let (o, c) = LEVELS.get(kind).copied().unwrap_or(*rng.pick(&LEVELS));
                        unary_levels += usize::from(o == "[-");
                        open.push_str(o);
                        close.insert_str(0, c);
                    }
                    Nested {
                        src: format!("{open}1{close}"),
                        depth,
                        unary_levels,
                        brackets: true,
                    }
                }
                5 => chain(
                    format!("{}7", rng.pick(&["-", "+", "~"]).repeat(length)),
                    length,
                ),
                6 => chain(format!("2{}", "**1".repeat(length / 3)), length / 3),
                7 => chain(format!("1{}", "+1".repeat(length)), length),
                _ => chain(format!("sys{}", ".x".repeat(length)), length),
            }
        })
        .collect()
}

/// Deeply nested `args`: logcheck gives CPython's answer (value, exception,
/// `too many nested parentheses`) under every interpreter found wherever it
/// does not depend on CPython's stack, and elsewhere says it did not
/// evaluate the text, never a guess; the deep ones run on logcheck's own
/// big-stack thread, so this test's small one does not overflow.
#[test]
fn nesting_matches_every_cpython() {
    let interpreters = common::interpreters_by_version();
    if interpreters.is_empty() {
        return;
    }
    let seed = common::live_seed();
    let cases = nested_cases(seed, common::live_cases(120));
    let sources: Vec<String> = cases.iter().map(|c| c.src.clone()).collect();
    let script = common::oracle_script("pyexpr_oracle.py");
    let mut mismatches = Vec::new();
    for (python, version) in interpreters {
        let input = serde_json::to_vec(&sources).expect("json");
        let out = common::run_python(
            &python,
            &[script.as_os_str(), "--max-size".as_ref(), "20000".as_ref()],
            input,
        );
        let results: Vec<Value> = serde_json::from_slice(&out).expect("oracle JSON");
        let ns = Namespace::logging(version);
        let mut stats = [0usize; 4];
        for (case, oracle) in cases.iter().zip(&results) {
            let shown: String = case.src.chars().take(40).collect();
            let label = format!(
                "{version} {shown:?}… ({} chars, depth {})",
                case.src.len(),
                case.depth
            );
            match evaluate(&case.src, &ns) {
                Err(EvalError::NotStatic { reason, .. }) if reason == TOO_DEEP => {
                    if case.modelled(version.minor) {
                        mismatches.push(format!("{label}: not evaluated, python {oracle}"));
                    }
                }
                _ => {
                    if let Some(m) = compare(&case.src, oracle, &ns, &mut stats) {
                        mismatches.push(format!("{label}: {m}"));
                    }
                }
            }
        }
    }
    common::assert_no_mismatches("nested expressions", &mismatches, seed, 20);
}
