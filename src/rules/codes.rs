//! The rule registry (ruff's `codes`): every rule logcheck can report, in
//! code order. Each rule is declared once, next to the code that emits it
//! (`load::*` for what the loader and lowering emit, `lints::*` for the lint
//! passes); one line here registers it: [`ALL`] lists it (for `logcheck
//! rule`, `docs/rules.md`, SARIF's rule table and `--select`/`--ignore` name
//! lookups) and it is re-exported as `rules::NAME` for the code that emits it.

use super::Rule;

/// `pub use`s each rule and lists them all in [`ALL`], in the order given.
macro_rules! registry {
    ($($($segment:ident)::+,)*) => {
        $(pub use super::$($segment)::+;)*

        /// Every rule, in code order (a test keeps it sorted and free of duplicates).
        pub const ALL: &[Rule] = &[$(super::$($segment)::+),*];
    };
}

registry! {
    load::file::FILE_NOT_FOUND,
    load::file::EMPTY_FILE,
    load::file::NOT_UTF8,
    load::file::BYTE_ORDER_MARK,
    load::file::MISSING_SECTION_HEADER,
    load::file::INVALID_LINE,
    load::file::DUPLICATE_SECTION,
    load::file::DUPLICATE_OPTION,
    load::file::INTERPOLATION_SYNTAX,
    load::file::INTERPOLATION_MISSING_KEY,
    load::file::INTERPOLATION_DEPTH,
    load::file::DICTCONFIG_FILE,
    load::file::DICTCONFIG_SYNTAX,
    load::sections::MISSING_SECTION,
    load::sections::MISSING_OPTION,
    load::sections::MISSING_ENTITY_SECTION,
    load::sections::EMPTY_LIST_ITEM,
    load::sections::ROOT_NOT_LISTED,
    load::references::UNDEFINED_HANDLER,
    load::references::UNDEFINED_FORMATTER,
    load::references::UNDEFINED_TARGET,
    load::levels::UNKNOWN_LEVEL,
    load::levels::INVALID_PROPAGATE,
    load::formatters::INVALID_FORMAT,
    load::formatters::INVALID_STYLE,
    load::handlers::CLASS_NOT_FOUND,
    load::handlers::ARGS_SYNTAX,
    load::handlers::ARGS_NAME,
    load::handlers::CODE_EXECUTION,
    load::handlers::ARGS_NOT_TUPLE,
    load::handlers::HANDLER_SIGNATURE,
    load::handlers::HANDLER_ARGUMENT,
    load::handlers::LOG_FILE_UNOPENABLE,
    load::handlers::UNCHECKED_CLASS,
    load::handlers::ENVIRONMENT_READ,
    load::dictconfig::DICTCONFIG_VERSION,
    load::dictconfig::DICTCONFIG_TYPE,
    load::dictconfig::UNDEFINED_FILTER,
    load::dictconfig::INVALID_IDENTIFIER,
    load::dictconfig::INCREMENTAL_UNKNOWN_HANDLER,
    load::dictconfig::DICTCONFIG_ERROR,
    lints::format::FIELD_MISSING_PERCENT,
    lints::format::WRONG_STYLE_FIELD,
    lints::format::UNKNOWN_RECORD_ATTRIBUTE,
    lints::format::UNSUPPORTED_DATEFMT_DIRECTIVE,
    lints::routing::duplicate_delivery::DUPLICATE_DELIVERY,
    lints::routing::records_go_nowhere::RECORDS_GO_NOWHERE,
    lints::routing::unused::UNUSED_HANDLER,
    lints::routing::unused::UNUSED_FORMATTER,
    lints::sections::UNLISTED_SECTION,
    lints::sections::QUALNAME_TARGETS_ROOT,
    lints::sections::DUPLICATE_QUALNAME,
    lints::sections::LEAKING_DEFAULT,
    lints::handlers::BACKSLASH_ESCAPE,
    lints::sections::DICTCONFIG_IDIOM,
    lints::routing::ineffective_handler_level::INEFFECTIVE_HANDLER_LEVEL,
    lints::handlers::WINDOWS_PATH,
    lints::handlers::PATH_ESCAPES_CWD,
    lints::sections::IGNORED_OPTION,
    lints::format::QUOTED_VALUE,
    lints::format::DATEFMT_IN_FORMAT,
    lints::sections::QUALNAME_SEPARATOR,
    lints::handlers::BINARY_FILE_MODE,
    lints::handlers::STREAM_NOT_WRITABLE,
    lints::handlers::ARGUMENT_TYPE,
    lints::handlers::SHARED_LOG_FILE,
    lints::format::TWELVE_HOUR_CLOCK,
    lints::sections::UNUSED_DEFAULT,
    lints::handlers::NUMBER_IN_STRING_SLOT,
    lints::handlers::DELAYED_ENCODING_ERROR,
    lints::handlers::ABSTRACT_HANDLER,
    lints::host::HOST_SKIPS_FILE_CONFIG,
    lints::host::EXISTING_LOGGER_DISABLED,
    lints::host::HOST_DEFAULT_OPTION,
    lints::host::HOST_REJECTS_FILE,
}

#[cfg(test)]
mod tests {
    use super::ALL;

    #[test]
    fn codes_are_sorted_and_unique() {
        for pair in ALL.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} before {}",
                pair[0].code,
                pair[1].code
            );
        }
        let mut names: Vec<&str> = ALL.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len(), "two rules share a name");
    }

    #[test]
    fn codes_and_names_are_well_formed() {
        for rule in ALL {
            assert!(
                rule.code.len() == 5 && rule.code.starts_with("LC"),
                "{}",
                rule.code
            );
            assert!(
                rule.code[2..].bytes().all(|b| b.is_ascii_digit()),
                "{}",
                rule.code
            );
            assert!(
                rule.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                rule.name
            );
        }
    }

    /// Rules CPython accepts silently (`LC6xx`) need the long docs: the
    /// generic "fileConfig raises" text would be false for them.
    #[test]
    fn every_lint_rule_has_long_docs() {
        for rule in ALL {
            if rule.code >= "LC600" {
                assert!(rule.long.is_some(), "{} has no long docs", rule.code);
            }
        }
    }
}
