//! The JSON reader never panics: arbitrary bytes (decoded lossily), JSON-
//! flavoured text and mutated valid documents all give a value whose spans
//! are char ranges of the text, or an error whose span is one.

use crate::dictconfig_json_live::check_spans;
use logcheck::dictconfig::json::read_json;
use proptest::prelude::*;

fn check(text: &str) {
    match read_json(text) {
        Ok(node) => check_spans(text, &node).unwrap(),
        Err(e) => {
            assert!(e.span.start <= e.span.end && e.span.end <= text.len());
            assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
            assert!(!e.exception.message.is_empty());
        }
    }
}

fn json_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "([\\[\\]{}:,\" \\t\\r\\n\\\\/0-9eE.+\\-ufdDbnrtxé😀\u{1}\u{feff}]|\\\\u[0-9a-fA-F]{0,4}|\\\\ud83d|\\\\ude00|null|true|NaN|-?Infinity|\"k\":){0,150}",
    )
    .expect("valid regex")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn json_like_text_never_panics(text in json_text()) {
        check(&text);
    }

    #[test]
    fn edited_documents_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..3, json_text()), 1..6),
    ) {
        let mut text = String::from(
            "{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.StreamHandler\", \
             \"level\": \"INFO\", \"args\": [1, 2.5e3, -0, null, true, \"\\u00e9\\ud83d\\ude00\"]}}}",
        );
        for (index, kind, insert) in edits {
            let mut at = index.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match kind {
                0 => text.truncate(at),
                1 => text.insert_str(at, &insert),
                _ => {
                    let end = (at + insert.len()).min(text.len());
                    let end = (end..=text.len()).find(|&e| text.is_char_boundary(e)).unwrap_or(text.len());
                    text.replace_range(at..end, "");
                }
            }
        }
        check(&text);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for opening in ["[", "{\"k\":", "[{\"k\":"] {
        let text = opening.repeat(100_000);
        let error = read_json(&text).unwrap_err();
        assert_eq!(error.exception.type_name, "RecursionError");
    }
    let just_below = "[".repeat(logcheck::dictconfig::json::MAX_DEPTH - 1)
        + &"]".repeat(logcheck::dictconfig::json::MAX_DEPTH - 1);
    assert!(read_json(&just_below).is_ok());
}
