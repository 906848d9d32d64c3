//! Unit tests of the YAML front end: spans, the resolver's YAML 1.1 types,
//! keys as a Python dict keeps them, and the limits. The comparison with
//! PyYAML itself is in tests/suite/dictconfig_yaml_{goldens,live}.rs.

use super::*;

fn value(text: &str) -> NodeValue {
    read_yaml(text).unwrap().value
}

fn s(text: &str) -> NodeValue {
    NodeValue::Str(text.into())
}

#[test]
fn yaml_1_1_scalars_resolve_as_pyyaml() {
    assert_eq!(value("yes"), NodeValue::Bool(true));
    assert_eq!(value("Off"), NodeValue::Bool(false));
    assert_eq!(value("y"), s("y"));
    assert_eq!(value("010"), NodeValue::Int("8".into()));
    assert_eq!(value("0o10"), s("0o10"));
    assert_eq!(value("0x_1F"), NodeValue::Int("31".into()));
    assert_eq!(value("190:20:30"), NodeValue::Int("685230".into()));
    assert_eq!(value("1e3"), s("1e3"));
    assert_eq!(value("1.0e+3"), NodeValue::Float("1000.0".into()));
    assert_eq!(value("-.inf"), NodeValue::Float("-inf".into()));
    assert_eq!(value("~"), NodeValue::Null);
    assert_eq!(value("2001-12-14"), NodeValue::Other("datetime.date(2001, 12, 14)".into()));
    assert_eq!(value("'yes'"), s("yes"));
    assert_eq!(value("0xffffffffffffffffffff"), NodeValue::Int("1208925819614629174706175".into()));
}

#[test]
fn spans_cover_keys_and_values() {
    let text = "a: [1, two]\nb:\n  c: x\n";
    let node = read_yaml(text).unwrap();
    let NodeValue::Map(entries) = &node.value else { panic!() };
    let (k, v) = &entries[0];
    assert_eq!(&text[k.span.start..k.span.end], "a");
    assert_eq!(&text[v.span.start..v.span.end], "[1, two]");
    let (_, b) = &entries[1];
    assert_eq!(&text[b.span.start..b.span.end], "c: x");
}

#[test]
fn repeated_keys_keep_the_first_place_and_the_last_value() {
    let NodeValue::Map(entries) = value("a: 1\nb: 2\na: 3\n1: x\ntrue: y") else { panic!() };
    let got: Vec<_> = entries.iter().map(|(k, v)| (k.value.clone(), v.value.clone())).collect();
    assert_eq!(
        got,
        vec![
            (s("a"), NodeValue::Int("3".into())),
            (s("b"), NodeValue::Int("2".into())),
            (NodeValue::Int("1".into()), s("y")),
        ]
    );
}

#[test]
fn errors_carry_pyyaml_types_and_marks() {
    let e = read_yaml("a: b: c").unwrap_err();
    assert_eq!(e.exception.type_name, "yaml.scanner.ScannerError");
    assert_eq!(
        e.exception.message,
        "mapping values are not allowed here\n  in \"<unicode string>\", line 1, column 5:\n    a: b: c\n        ^"
    );
    let e = read_yaml("--- a\n--- b").unwrap_err();
    assert_eq!(e.exception.type_name, "yaml.composer.ComposerError");
    assert_eq!(read_yaml("").unwrap().value, NodeValue::Null);
}

#[test]
fn nesting_below_the_limit_reads() {
    let block: String = (0..MAX_DEPTH - 1).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
    assert!(read_yaml(&block).is_ok());
    // saphyr counts flow levels in a u8: 255 is its limit
    let flow = format!("{}{}", "[".repeat(255), "]".repeat(255));
    assert!(read_yaml(&flow).is_ok());
    let deeper = format!("{}{}", "[".repeat(256), "]".repeat(256));
    assert_eq!(read_yaml(&deeper).unwrap_err().exception.type_name, "RecursionError");
}

/// Inside `[…]` and `{…}` PyYAML reads `?` as a key indicator even when
/// text follows it (`[?h0]` is `[{'h0': None}]`); saphyr reads the scalar
/// `?h0`. Such documents are refused, never read into a different tree;
/// in block context `?h0` is the same plain scalar in both.
#[test]
fn question_mark_before_text_in_flow_context_is_refused() {
    for text in ["handlers: [?h0]\n", "h0: {class: x, ?formatter: simple}\n"] {
        let err = read_yaml(text).expect_err(text);
        assert_eq!(err.exception.type_name, "logcheck.UnsupportedYaml", "{text}");
    }
    let NodeValue::Map(entries) = value("key: ?h0\n") else { panic!("a mapping") };
    assert_eq!(entries[0].1.value, s("?h0"));
}
