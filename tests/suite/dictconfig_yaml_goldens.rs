//! The YAML front end against PyYAML's answers recorded in
//! tests/goldens/dictconfig/yaml_cases.json (tests/oracle/record_yaml_goldens.py):
//! YAML 1.1 scalars, explicit tags, keys, merges, anchors, documents and
//! syntax errors. Always runs. Every case must match exactly (value, or
//! exception type, problem mark, problem and message) except the known
//! differences listed in `KNOWN`, each with the class it may differ in.

use super::dictconfig_yaml_live::{mismatch, result_json};
use serde_json::Value;

/// Cases that differ from PyYAML, by text, with the worst allowed class
/// and why.
const KNOWN: &[(&str, &str, &str)] = &[(
    "[~, null, Null, NULL, nUll, '', \"\", -, '~']",
    "accepted vs raised",
    "saphyr (YAML 1.2) refuses a plain `-` before `,` in a flow collection; PyYAML reads the str '-'",
)];

#[test]
fn yaml_reader_matches_recorded_pyyaml_answers() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/goldens/dictconfig/yaml_cases.json"
    );
    let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut failures = Vec::new();
    for case in &cases {
        let text = case["text"].as_str().unwrap();
        let actual = result_json(text);
        let Some(class) = mismatch(&case["expect"], &actual) else {
            continue;
        };
        let known = KNOWN.iter().find(|(t, _, _)| *t == text);
        if known.is_some_and(|(_, allowed, _)| *allowed == class) {
            continue;
        }
        failures.push(format!(
            "{class}: {text:?}\n  pyyaml {}\n  ours   {actual}",
            case["expect"]
        ));
    }
    assert!(cases.len() >= 100, "{} cases", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
