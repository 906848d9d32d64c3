//! Live differential test of `logcheck::ini` against real configparser.
//!
//! Generates random INI files (indentation, comments, CR/LF/CRLF mixes, BOM,
//! valid and invalid `%` interpolation, duplicates, odd headers, DEFAULT,
//! `:`/`=`, empty values, blank lines in values, Unicode whitespace, invalid
//! UTF-8 — also across the 8 KiB read chunks — and `defaults=` pairs), has ONE
//! python process read them all with `tests/oracle/py_read.py --manifest`, and
//! requires `read_bytes(...).dump()` to match for every file, under every
//! CPython found (each with the reader set to its version).
//!
//! `LOGCHECK_LIVE_CASES` sets the number of files (default 5000),
//! `LOGCHECK_SEED` replays a run (the seed is printed).

use crate::common;

use common::Rng;
use logcheck::ini::{ReadOptions, read_bytes};
use serde_json::{Value, json};

const INDENTS: &[&str] = &[
    "", "", "", " ", "  ", "\t", "    ", " \t", "\u{3000}", "\x0c",
];
const NEWLINES: &[&str] = &["\n", "\n", "\n", "\n", "\r\n", "\r\n", "\r"];
const SECTIONS: &[&str] = &[
    "[loggers]",
    "[handlers]",
    "[formatters]",
    "[logger_root]",
    "[s]",
    "[s]",
    "[S]",
    "[DEFAULT]",
    "[DEFAULT]",
    "[default]",
    "[a]b]",
    "[x] ; trailing",
    "[x]#c",
    "[ sp ]",
    "[ ]",
    "[]]",
    "[é ü]",
];
const NOT_HEADERS: &[&str] = &["[]", "[loggers", "[", "[s", "[]x"];
const KEYS: &[&str] = &[
    "k", "K", "keys", "level", "Level", "LEVEL", "a", "b", "c", "a b", "x.y", "Ünï", "ÉCOLE",
    "straße", "dir", "DIR", "k\u{a0}k", "[k", "#k", "k;",
];
const DELIMITERS: &[&str] = &[
    "=",
    "=",
    ":",
    " = ",
    " : ",
    "\t=\t",
    "=:",
    ":=",
    " =  ",
    "\u{3000}=\u{3000}",
];
const VALUES: &[&str] = &[
    "",
    "v",
    "DEBUG",
    "root,app",
    "DEBUG ; comment",
    "x # y",
    "%%",
    "100%%",
    "%",
    "50%",
    "%d",
    "%(k)s",
    "%(K)s",
    "%(a)s/%(b)s",
    "%(dir)s/app.log",
    "%(missing)s",
    "%(k)d",
    "%(k",
    "%()s",
    "%(a)s%(a)s",
    "('%(dir)s', 'a')",
    "é\u{2028}x",
    "tab\there",
    "a\x0bb\x1cc\u{85}d",
    "'quoted'",
    "\"",
    "C:\\Users\\me",
    "=",
    ":",
    "[s]",
    "\u{feff}",
    "\x00nul",
];
const JUNK: &[&str] = &["no delimiter", "justtext", "\u{feff}", "   ]", "k", "%"];

fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    rng.pick::<&str>(items)
}

const GOOD_VALUES: &[&str] = &[
    "",
    "v",
    "DEBUG",
    "root,app",
    "DEBUG ; comment",
    "x # y",
    "100%%",
    "%(dir)s/app.log",
    "%(a)s-%(b)s",
    "%(K)s",
    "('%(dir)s', 'a')",
    "é x",
    "a=b:c",
];

/// A file configparser accepts (mostly): unique sections and keys, good
/// interpolation, continuations, comments and blank lines, mixed newlines.
fn generate_clean(rng: &mut Rng) -> String {
    let mut text = String::new();
    let newline = pick(rng, NEWLINES);
    // Half of the clean files use no references at all: every value interpolates.
    let values = if rng.chance(50) {
        &GOOD_VALUES[..7]
    } else {
        GOOD_VALUES
    };
    let section_count = 1 + rng.below(5);
    for s in 0..section_count {
        let header = if s == 0 && rng.chance(40) {
            "[DEFAULT]".to_string()
        } else {
            format!("[{}{s}]", pick(rng, &["s", "logger_", "Handler ", "x]y"]))
        };
        text.push_str(&format!(
            "{}{header}{newline}",
            if rng.chance(10) { " " } else { "" }
        ));
        let indent = if rng.chance(20) {
            pick(rng, INDENTS)
        } else {
            ""
        };
        let mut used = std::collections::HashSet::new();
        for _ in 0..rng.below(6) {
            let key = pick(rng, &["k", "a", "b", "dir", "level", "keys", "Ünï", "x y"]);
            if !used.insert(key) {
                continue;
            }
            text.push_str(&format!(
                "{indent}{key}{}{}{newline}",
                pick(rng, DELIMITERS),
                pick(rng, values)
            ));
            for _ in 0..rng.below(4) {
                match rng.below(5) {
                    0 => text.push_str(newline),
                    1 => text.push_str(&format!("{indent}  # comment{newline}")),
                    2 => text.push_str(&format!("{indent}\t \t{newline}")),
                    _ => text.push_str(&format!(
                        "{indent}{}{}{newline}",
                        pick(rng, &["  ", "\t", "\u{3000}"]),
                        pick(rng, values)
                    )),
                }
            }
        }
        if rng.chance(30) {
            text.push_str(newline);
        }
    }
    text
}

/// One random file's bytes and its `defaults=` pairs.
fn generate(rng: &mut Rng) -> (Vec<u8>, Option<Vec<(String, String)>>) {
    let mut text = String::new();
    if rng.chance(45) {
        text = generate_clean(rng);
    } else {
        generate_wild(rng, &mut text);
    }
    let mut bytes = text.into_bytes();
    if rng.chance(5) {
        bytes = pad_past_chunk(rng, bytes);
    }
    if rng.chance(4) && !bytes.is_empty() {
        let at = rng.below(bytes.len() + 1);
        let bad: &[u8] = rng.pick::<&[u8]>(&[
            &b"\xff"[..],
            b"\xe9",
            b"\xe2\x82",
            b"\xed\xa0",
            b"\xf0\x90",
            b"\xc0\xaf",
            b"\x80",
        ]);
        bytes.splice(at..at, bad.iter().copied());
    }
    let defaults = rng.chance(25).then(|| {
        (0..rng.below(4))
            .map(|_| {
                let key = pick(rng, &["dir", "DIR", "k", "K", "level", "a", "x y", "Ünï"]);
                let pool = if rng.chance(70) { GOOD_VALUES } else { VALUES };
                (key.to_string(), pick(rng, pool).to_string())
            })
            .collect()
    });
    (bytes, defaults)
}

/// Anything goes: junk lines, odd headers, bad interpolation, duplicates.
fn generate_wild(rng: &mut Rng, text: &mut String) {
    if rng.chance(4) {
        text.push('\u{feff}');
    }
    let newline_mode = rng.below(4); // 0: mixed, else one fixed terminator
    let fixed_newline = pick(rng, NEWLINES);
    let line_count = 1 + rng.below(14);
    let header_first = rng.chance(85);
    let mut option_indent = "";
    for i in 0..line_count {
        let newline = if newline_mode == 0 {
            pick(rng, NEWLINES)
        } else {
            fixed_newline
        };
        let line = match rng.below(100) {
            _ if i == 0 && header_first => pick(rng, SECTIONS).to_string(),
            0..=11 => {
                let indent = if rng.chance(15) {
                    pick(rng, INDENTS)
                } else {
                    ""
                };
                format!("{indent}{}", pick(rng, SECTIONS))
            }
            12..=14 => pick(rng, NOT_HEADERS).to_string(),
            15..=49 => {
                if rng.chance(30) {
                    option_indent = pick(rng, INDENTS);
                }
                let key = if rng.chance(4) { "" } else { pick(rng, KEYS) };
                format!(
                    "{option_indent}{key}{}{}",
                    pick(rng, DELIMITERS),
                    pick(rng, VALUES)
                )
            }
            50..=64 => format!(
                "{option_indent}{}{}",
                pick(rng, &["  ", "\t", "    ", " "]),
                pick(rng, VALUES)
            ),
            65..=72 => String::new(),
            73..=77 => pick(rng, &[" ", "\t", "\u{3000}", "\x0c", " \u{a0}"]).to_string(),
            78..=84 => format!(
                "{}{}",
                pick(rng, INDENTS),
                pick(rng, &["# c", "; c", "#", ";x=1", "#[s]"])
            ),
            85..=90 => format!("{}{}", pick(rng, INDENTS), pick(rng, JUNK)),
            _ => format!(
                "{}{}{}",
                pick(rng, KEYS),
                pick(rng, DELIMITERS),
                pick(rng, VALUES)
            ),
        };
        text.push_str(&line);
        if i + 1 < line_count || rng.chance(80) {
            text.push_str(newline);
        }
    }
}

/// Grow a file past 8192 bytes with distinct options, optionally putting a bad
/// byte or a duplicate right around the chunk boundary.
fn pad_past_chunk(rng: &mut Rng, mut bytes: Vec<u8>) -> Vec<u8> {
    let terminator: &[u8] = rng.pick::<&[u8]>(&[&b"\n"[..], b"\r\n", b"\r"]);
    bytes.extend_from_slice(b"\n[pad]\n");
    // Stop a few bytes around the first chunk boundary, then maybe repeat an
    // option (DuplicateOptionError) right there, and maybe put a bad byte
    // near the boundary or in a later chunk: which exception surfaces first
    // depends on whether the duplicate's line was complete before the chunk
    // holding the bad byte.
    let target = 8192 - 24 + rng.below(40);
    let mut i = 0;
    while bytes.len() < target {
        bytes.extend_from_slice(format!("p{i}=v").as_bytes());
        bytes.extend_from_slice(terminator);
        i += 1;
    }
    if rng.chance(50) {
        bytes.extend_from_slice(b"p0=dup");
        bytes.extend_from_slice(terminator);
    }
    for _ in 0..rng.below(300) {
        bytes.extend_from_slice(b"q=1");
        bytes.extend_from_slice(terminator);
    }
    if rng.chance(60) {
        let at = if rng.chance(50) {
            8192 - 8 + rng.below(16)
        } else {
            8192 + rng.below(bytes.len().saturating_sub(8192).max(1))
        };
        let bad: &[u8] = rng.pick::<&[u8]>(&[&b"\xe9"[..], b"\xff", b"\xe2\x82", b"\xed\xa0"]);
        if at <= bytes.len() {
            bytes.splice(at..at, bad.iter().copied());
        }
    }
    bytes.extend_from_slice(b"tail=1\n");
    bytes
}

#[test]
fn generated_files_match_configparser() {
    if common::python3().is_none() {
        return;
    }
    let cases = common::live_cases(5000);
    let seed = common::live_seed();
    eprintln!("ini_live: seed {seed}, {cases} cases (replay with LOGCHECK_SEED={seed})");
    let mut rng = Rng::new(seed);
    let dir = std::env::temp_dir().join(format!("logcheck-ini-live-{}-{seed}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut manifest = Vec::with_capacity(cases);
    let mut inputs = Vec::with_capacity(cases);
    for n in 0..cases {
        let (bytes, defaults) = generate(&mut rng);
        let path = dir.join(format!("case{n:05}.ini"));
        std::fs::write(&path, &bytes).unwrap();
        let path_text = path.to_string_lossy().into_owned();
        manifest
            .push(json!({"key": format!("case{n:05}"), "path": path_text, "defaults": defaults}));
        inputs.push((path_text, bytes, defaults));
    }
    let manifest_path = dir.join("manifest.json");
    std::fs::write(&manifest_path, serde_json::to_vec(&manifest).unwrap()).unwrap();
    // Each CPython against the reader set to its version: configparser's
    // section-header pattern changed in 3.10.
    let mut mismatches = Vec::new();
    for (python, version) in common::interpreters_by_version() {
        let expected =
            common::py_read(&python, &["--manifest".as_ref(), manifest_path.as_os_str()]);
        eprintln!(
            "ini_live: Python {version}: outcomes {}",
            outcome_summary(&expected)
        );
        for (n, (path, bytes, defaults)) in inputs.iter().enumerate() {
            let opts = ReadOptions {
                defaults: defaults.clone().unwrap_or_default(),
                source_repr: None,
                version,
            };
            let (_, doc) = read_bytes(bytes, path, &opts);
            let actual = doc.dump();
            let want = &expected[format!("case{n:05}")];
            if &actual != want {
                mismatches.push(format!(
                    "case{n:05} (Python {version}) input {:?} defaults {:?}\n  python {}\n  rust   {}",
                    String::from_utf8_lossy(bytes),
                    defaults,
                    want,
                    actual
                ));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("ini_live: {cases} cases, {} mismatches", mismatches.len());
    common::assert_no_mismatches(
        &format!("configparser reads of {cases} files"),
        &mismatches,
        seed,
        5,
    );
}

/// How many files ended in each outcome, to show the generator covers them.
fn outcome_summary(expected: &Value) -> String {
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for result in expected.as_object().into_iter().flat_map(|m| m.values()) {
        let key = match &result["error"] {
            Value::Null => {
                let text = result.to_string();
                let mut key = "ok".to_string();
                if text.contains("\\n") {
                    key.push_str("+multiline");
                }
                if text.contains("\"interp\":{\"error\"") {
                    key.push_str("+interpolation-error");
                }
                key
            }
            error => error["type"].as_str().unwrap_or("?").to_string(),
        };
        *counts.entry(key).or_default() += 1;
    }
    format!("{counts:?}")
}
