//! Fuzz the dictConfig JSON reader (`read_json`) on the bytes decoded as
//! UTF-8 (lossily, so every input reaches the scanner). Any panic is a bug,
//! and so is a span that is not a char-boundary range of the text: every
//! value's and key's span, and the error's.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logcheck::dictconfig::json::read_json;
use logcheck::dictconfig::{Node, NodeValue};
use logcheck::source::Span;

fn assert_span(text: &str, span: Span) {
    assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
}

fn walk(text: &str, node: &Node) {
    assert_span(text, node.span);
    match &node.value {
        NodeValue::List(items) => items.iter().for_each(|item| walk(text, item)),
        NodeValue::Map(entries) => entries.iter().for_each(|(key, value)| {
            walk(text, key);
            walk(text, value);
        }),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match read_json(&text) {
        Ok(node) => walk(&text, &node),
        Err(error) => assert_span(&text, error.span),
    }
});
