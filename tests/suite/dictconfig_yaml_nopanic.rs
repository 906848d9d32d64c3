//! No panic from the YAML front end, whatever the text: arbitrary strings
//! over YAML's punctuation, mutations of the recorded golden cases, deep
//! nesting (refused as PyYAML's RecursionError, never a stack overflow) and
//! alias bombs (refused past `MAX_NODES`). Every span is a char-boundary
//! range of the text.

use logcheck::dictconfig::yaml::{MAX_DEPTH, read_yaml};
use logcheck::dictconfig::{Node, NodeValue};
use proptest::prelude::*;

/// Reads `text` and checks the spans of whatever comes back.
fn read_checked(text: &str) {
    match read_yaml(text) {
        Ok(node) => spans_ok(text, &node),
        Err(e) => {
            assert!(
                e.span.start <= e.span.end && e.span.end <= text.len(),
                "{e:?}"
            );
            assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
        }
    }
}

fn spans_ok(text: &str, node: &Node) {
    let s = node.span;
    assert!(s.start <= s.end && s.end <= text.len(), "{s:?}");
    assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
    match &node.value {
        NodeValue::List(items) => items.iter().for_each(|n| spans_ok(text, n)),
        NodeValue::Map(entries) => entries.iter().for_each(|(k, v)| {
            spans_ok(text, k);
            spans_ok(text, v);
        }),
        _ => {}
    }
}

fn goldens() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/goldens/dictconfig/yaml_cases.json"
    );
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    cases
        .iter()
        .map(|c| c["text"].as_str().unwrap().to_string())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_yaml_punctuation_never_panics(text in "[a-z0-9 :\\-\\[\\]{},&*!|>'\"#?%@`\t\n.=<~é\u{85}\u{2028}\u{FEFF}\\\\]{0,80}") {
        read_checked(&text);
    }

    #[test]
    fn mutated_goldens_never_panic(case in 0usize..1000, at in 0usize..400, insert in "[\\PC\t\n]{0,3}", cut in 0usize..4) {
        let cases = goldens();
        let text = &cases[case % cases.len()];
        let chars: Vec<char> = text.chars().collect();
        let at = at.min(chars.len());
        let end = (at + cut).min(chars.len());
        let mutated: String = chars[..at].iter().chain(insert.chars().collect::<Vec<_>>().iter()).chain(chars[end..].iter()).collect();
        read_checked(&mutated);
    }
}

#[test]
fn deep_nesting_is_a_recursion_error_not_an_overflow() {
    for text in [
        "[".repeat(100_000),
        "{a: ".repeat(50_000),
        "- ".repeat(20_000),
        (0..3000)
            .map(|i| format!("{}a:\n", " ".repeat(i)))
            .collect::<String>(),
    ] {
        let e = read_yaml(&text).unwrap_err();
        assert_eq!(e.exception.type_name, "RecursionError", "{}", &text[..20]);
    }
    let ok: String = (0..MAX_DEPTH - 1)
        .map(|i| format!("{}- ", " ".repeat(i)))
        .collect();
    assert!(read_yaml(&ok).is_ok());
}

#[test]
fn alias_bombs_are_refused() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let names: Vec<char> = ('b'..='k').collect();
    let mut prev = 'a';
    for n in names {
        text.push_str(&format!("{n}: &{n} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        prev = n;
    }
    let e = read_yaml(&text).unwrap_err();
    assert_eq!(e.exception.type_name, "logcheck.LimitExceeded");
}
