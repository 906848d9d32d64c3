//! No panic, whatever the input: `check_bytes` over arbitrary bytes and over
//! mutated real configs (byte flips, line deletions and duplications, splices
//! of two files), with every diagnostic span a valid char-boundary range of
//! the decoded text and `LineIndex` positions inside it. A last test renders a
//! batch of mutated files through the `logcheck` binary in every format.

use logcheck::check::{CheckOptions, FileReport, check_bytes};
use logcheck::source::{LineIndex, Span};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The options for `bytes`: every version logcheck knows takes a turn
/// (their readers, parsers and handlers differ), chosen by the input's
/// length so that a failure replays.
fn opts_for(bytes: &[u8]) -> CheckOptions {
    CheckOptions {
        version: logcheck::PyVersion::new(3, 8 + (bytes.len() % 7) as u32, u32::MAX),
        ..opts()
    }
}

fn opts() -> CheckOptions {
    CheckOptions {
        // a directory that never holds the files the configs name
        cwd: std::env::temp_dir().join("logcheck-nopanic-cwd-does-not-exist"),
        env: Some(vec![("HOME".into(), "/home/u".into())]),
        host: None,
        existing: Vec::new(),
        platform: logcheck::Platform::Posix,
        ..CheckOptions::default()
    }
}

/// The configs the mutations start from.
fn corpus() -> &'static Vec<Vec<u8>> {
    static CORPUS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in [
            "tests/fixtures/realworld",
            "samples",
            "samples/broken",
            "samples/seed",
            "tests/fixtures/fileconfig",
        ] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for p in paths {
                let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
                if matches!(ext, "conf" | "ini" | "cfg")
                    && let Ok(bytes) = std::fs::read(&p)
                {
                    files.push(bytes);
                }
            }
        }
        assert!(files.len() > 100, "corpus too small: {}", files.len());
        files
    })
}

fn valid_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside the text ({} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} is not on char boundaries"
    );
}

fn assert_consistent(report: &FileReport) {
    let text = &report.text;
    let index = LineIndex::new(text);
    for d in &report.diagnostics {
        valid_span(text, d.primary.span, d.code);
        for label in &d.secondary {
            valid_span(text, label.span, d.code);
        }
        let (line, col) = index.line_col(text, d.primary.span.start);
        assert!(line >= 1 && line <= index.line_count() && col >= 1);
        let (end_line, _) = index.line_col(text, d.primary.span.end);
        assert!(end_line >= line);
    }
    if let Some(exc) = &report.python_error {
        assert!(!exc.type_name.is_empty());
        // the verdict is the exception of one of the error diagnostics
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.python.as_deref() == Some(exc)),
            "python_error {exc} has no diagnostic"
        );
    }
}

fn check(bytes: &[u8]) {
    let report = check_bytes("fuzz.conf", bytes, &opts_for(bytes));
    assert_consistent(&report);
}

#[derive(Debug, Clone)]
enum Mutation {
    FlipByte(usize, u8),
    DeleteLine(usize),
    DuplicateLine(usize),
    InsertBytes(usize, Vec<u8>),
    Splice(usize, usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::FlipByte(a, b)),
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (
            any::<usize>(),
            prop::sample::select(vec![
                b"%".to_vec(),
                b"%(".to_vec(),
                b"[".to_vec(),
                b"]\n".to_vec(),
                b"\r".to_vec(),
                b"\n ".to_vec(),
                b"\xef\xbb\xbf".to_vec(),
                b"\xff".to_vec(),
                "\u{e9}\u{1F600}".as_bytes().to_vec(),
                b"{".to_vec(),
                b"(((((".to_vec(),
                b"f'{".to_vec(),
                b"os.environ['".to_vec(),
                b",".to_vec(),
                b"=".to_vec(),
                b"\0".to_vec(),
            ])
        )
            .prop_map(|(a, b)| Mutation::InsertBytes(a, b)),
        (any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(a, b, c)| Mutation::Splice(a, b, c)),
    ]
}

fn line_ranges(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push((start, bytes.len()));
    }
    out
}

fn apply(mut bytes: Vec<u8>, m: &Mutation) -> Vec<u8> {
    let corpus = corpus();
    match m {
        Mutation::FlipByte(at, b) if !bytes.is_empty() => {
            let i = at % bytes.len();
            bytes[i] ^= b | 1;
        }
        Mutation::DeleteLine(n) | Mutation::DuplicateLine(n) => {
            let lines = line_ranges(&bytes);
            if !lines.is_empty() {
                let (s, e) = lines[n % lines.len()];
                if matches!(m, Mutation::DeleteLine(_)) {
                    bytes.drain(s..e);
                } else {
                    let copy = bytes[s..e].to_vec();
                    bytes.splice(s..s, copy);
                }
            }
        }
        Mutation::InsertBytes(at, ins) => {
            let i = at % (bytes.len() + 1);
            bytes.splice(i..i, ins.iter().copied());
        }
        Mutation::Splice(other, from, len) => {
            let donor = &corpus[other % corpus.len()];
            if !donor.is_empty() {
                let s = from % donor.len();
                let e = (s + len % 400).min(donor.len());
                let at = from % (bytes.len() + 1);
                bytes.splice(at..at, donor[s..e].iter().copied());
            }
        }
        _ => {}
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check(&bytes);
    }

    #[test]
    fn ini_shaped_text_never_panics(text in "(\\[[a-z_ ]{0,12}\\]\n|[a-z]{1,8} ?[=:] ?[-a-zA-Z0-9_.,()'%{}$ ]{0,30}\n|[ \t]+[a-z%(),]{0,10}\n|#.*\n|\n){0,40}") {
        check(text.as_bytes());
    }

    #[test]
    fn mutated_real_configs_never_panic(
        which in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let corpus = corpus();
        let mut bytes = corpus[which % corpus.len()].clone();
        for m in &mutations {
            bytes = apply(bytes, m);
        }
        check(&bytes);
    }
}

/// dictConfig documents the mutations start from: the shipped ones and the
/// recorded loads' texts.
fn dictconfig_corpus() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs = Vec::new();
    for dir in ["samples/dictconfig", "tests/fixtures/dictconfig", "samples"] {
        for entry in std::fs::read_dir(root.join(dir))
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().to_string();
            if (name.ends_with(".json") || name.ends_with(".yaml"))
                && let Ok(bytes) = std::fs::read(entry.path())
            {
                docs.push((name, bytes));
            }
        }
    }
    let goldens: serde_json::Value =
        serde_json::from_str(include_str!("../goldens/dictconfig/files.json")).expect("goldens");
    for g in goldens.as_array().into_iter().flatten() {
        let name = g["name"].as_str().unwrap_or("x.json").to_string();
        docs.push((name, g["text"].as_str().unwrap_or("").as_bytes().to_vec()));
    }
    docs.sort();
    docs
}

/// A dictConfig check, and everything answered from its model.
fn check_dictconfig(name: &str, bytes: &[u8], host: logcheck::Host) {
    let report = check_bytes(
        name,
        bytes,
        &CheckOptions {
            host: Some(host),
            ..opts()
        },
    );
    assert_consistent(&report);
    if let Some(config) = report.config() {
        let opts = logcheck::explain::ExplainOptions::default();
        let _ = logcheck::explain::explain(config, "app.x", &opts);
        let _ = logcheck::tree::render_tree(
            config,
            &logcheck::hierarchy::Hierarchy::configure(config, &opts.existing),
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_dictconfig_documents_never_panic(
        which in any::<usize>(),
        host in prop::sample::select(vec![logcheck::Host::Plain, logcheck::Host::Uvicorn, logcheck::Host::Gunicorn]),
        mutations in prop::collection::vec(mutation(), 1..5),
    ) {
        let corpus = dictconfig_corpus();
        let (name, bytes) = &corpus[which % corpus.len()];
        let mut bytes = bytes.clone();
        for m in &mutations {
            bytes = apply(bytes, m);
        }
        check_dictconfig(name, &bytes, host);
    }
}

#[test]
fn every_corpus_file_is_consistent() {
    for bytes in corpus() {
        check(bytes);
    }
}

/// Renders mutated files with the real binary, in every output format: the
/// renderers (annotate-snippets, SARIF, GitHub) must not panic either.
#[test]
fn renderers_survive_mutated_files() {
    let dir = std::env::temp_dir().join(format!("logcheck-nopanic-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let corpus = corpus();
    let mut paths = Vec::new();
    let mut state = 0x1234_5678_u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    for n in 0..150 {
        let mut bytes = corpus[n % corpus.len()].clone();
        for _ in 0..3 {
            let m = match next() % 5 {
                0 => Mutation::FlipByte(next(), next() as u8),
                1 => Mutation::DeleteLine(next()),
                2 => Mutation::DuplicateLine(next()),
                3 => Mutation::InsertBytes(next(), "é\r[\u{1F600}%".as_bytes().to_vec()),
                _ => Mutation::Splice(next(), next(), next()),
            };
            bytes = apply(bytes, &m);
        }
        let path = dir.join(format!("m{n:03}.conf"));
        std::fs::write(&path, &bytes).expect("write");
        paths.push(path);
    }
    for format in ["full", "concise", "json", "github", "sarif"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_logcheck"))
            .args(["check", "--format", format, "--cwd"])
            .arg(&dir)
            .args(&paths)
            .env("NO_COLOR", "1")
            .output()
            .expect("run logcheck");
        let code = out.status.code();
        assert!(
            matches!(code, Some(0..=2)),
            "{format}: exit {code:?}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("panicked"),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if matches!(format, "json" | "sarif") {
            serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("valid JSON");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
