//! The reader never panics: arbitrary bytes, INI-flavoured text and mutated
//! corpus files all go through decode + read + dump + every lookup and span
//! mapping, and the results stay self-consistent.

use logcheck::ini::{IniDocument, ReadOptions, read_bytes};
use proptest::prelude::*;
use std::path::Path;

/// Exercise every public query on a document.
fn exercise(doc: &IniDocument, text: &str) {
    let _ = doc.dump();
    let mut names: Vec<String> = doc.sections.iter().map(|s| s.name.to_string()).collect();
    names.push("DEFAULT".into());
    names.push(String::new());
    names.push("no such section".into());
    for section in &names {
        let merged = doc.options_merged(section);
        for (option, _) in merged {
            assert!(doc.has_option(section, &option.name) || section == "no such section");
            for raw in [true, false] {
                if let Some(Ok(lookup)) = doc.get(section, &option.name, raw)
                    && raw
                {
                    assert_eq!(lookup.value, option.value);
                }
            }
            let len = option.value.len();
            for range in [
                0..len,
                0..0,
                len / 2..len,
                len..len + 5,
                std::ops::Range { start: 3, end: 1 },
            ] {
                let span = option.span_of(range);
                assert!(span.start <= span.end);
                assert!(span.end <= text.len());
            }
            assert!(option.value_span.end <= text.len());
        }
    }
    for problem in &doc.problems {
        assert!(problem.span().end <= text.len());
        assert!(problem.line() >= 1);
    }
}

fn check(bytes: &[u8], defaults: Vec<(String, String)>) {
    let (decoded, doc) = read_bytes(
        bytes,
        "f.ini",
        &ReadOptions {
            defaults,
            source_repr: None,
            // 3.9's section headers or 3.10+'s, by the input's length
            version: logcheck::PyVersion::new(3, 9 + (bytes.len() % 2) as u32, u32::MAX),
        },
    );
    exercise(&doc, &decoded.text);
}

fn ini_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "([\\[\\]=:%()s#; \\t\\r\\nakK\u{3000}\u{feff}\u{85}\u{a0}é]|DEFAULT|%\\(a\\)s|%\\(k\\)s|\\n  |\\[s\\]\\n){0,120}",
    )
    .expect("valid regex")
}

fn defaults() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec(("[aAkK%]{0,2}", "[a%()sk]{0,8}"), 0..3)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600), defaults in defaults()) {
        check(&bytes, defaults);
    }

    #[test]
    fn ini_like_text_never_panics(text in ini_text(), defaults in defaults()) {
        check(text.as_bytes(), defaults);
    }

    #[test]
    fn mutated_corpus_files_never_panic(
        file in 0usize..58,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..12),
    ) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ini-corpus");
        let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        let mut bytes = std::fs::read(&files[file % files.len()]).unwrap();
        for (index, kind, byte) in edits {
            let at = index.index(bytes.len() + 1);
            match kind {
                0 => bytes.insert(at, byte),
                1 if at < bytes.len() => { bytes.remove(at); }
                _ if at < bytes.len() => bytes[at] = byte,
                _ => bytes.push(byte),
            }
        }
        check(&bytes, Vec::new());
    }
}

#[test]
fn deep_and_wide_interpolation_terminates() {
    // Every level references the next one many times: CPython would need
    // 50^10 substitutions; the memoised reader answers at once.
    let mut text = String::from("[DEFAULT]\n");
    for level in 0..12 {
        text.push_str(&format!(
            "v{level}={}\n",
            format!("%(v{})s", level + 1).repeat(50)
        ));
    }
    text.push_str("v12=%%\n[s]\nk=%(v0)s\n");
    let (_, doc) = read_bytes(text.as_bytes(), "f.ini", &ReadOptions::default());
    let error = doc.get("s", "k", false).unwrap().unwrap_err();
    assert_eq!(error.type_name, "configparser.InterpolationDepthError");
}
