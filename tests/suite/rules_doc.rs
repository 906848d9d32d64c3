//! docs/rules.md is generated from the rule registry and its docs
//! (`logcheck rule --markdown > docs/rules.md`); this keeps it current.

#[test]
fn docs_rules_md_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let expected = logcheck::rules::docs::rules_markdown();
    if std::env::var_os("LOGCHECK_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is stale: run `LOGCHECK_UPDATE_DOCS=1 cargo test --test suite rules_doc`"
    );
    for rule in logcheck::rules::ALL {
        assert!(
            actual.contains(&format!("\n# {}\n", rule.code)),
            "{} missing",
            rule.code
        );
    }
}

#[test]
fn readme_lists_every_rule() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(path).unwrap_or_default();
    for rule in logcheck::rules::ALL {
        assert!(
            readme.contains(&format!("[{}](docs/rules.md#", rule.code))
                && readme.contains(rule.name),
            "README.md does not list {} ({})",
            rule.code,
            rule.name
        );
    }
}
