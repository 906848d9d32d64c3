//! Fuzz the YAML front end of dictConfig (`dictconfig::yaml::read_yaml`):
//! any panic is a bug, and so is a span (of a value, a key or an error)
//! that is not a char-boundary range of the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logcheck::dictconfig::yaml::read_yaml;
use logcheck::dictconfig::{Node, NodeValue};

fn check(text: &str, node: &Node) {
    let s = node.span;
    assert!(s.start <= s.end && s.end <= text.len());
    assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
    match &node.value {
        NodeValue::List(items) => items.iter().for_each(|n| check(text, n)),
        NodeValue::Map(entries) => entries.iter().for_each(|(k, v)| {
            check(text, k);
            check(text, v);
        }),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match read_yaml(text) {
        Ok(node) => check(text, &node),
        Err(e) => {
            assert!(e.span.start <= e.span.end && e.span.end <= text.len());
            assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
        }
    }
});
