//! The rules: every finding logcheck can report, with its code, name,
//! default severity and documentation.
//!
//! Codes are grouped by hundreds: `LC0xx` reading the file, `LC1xx` sections
//! and keys, `LC2xx` references between sections, `LC3xx` levels and
//! propagation, `LC4xx` formatters, `LC5xx` handlers, `LC6xx` and up: things
//! CPython accepts silently but that are very likely wrong.
//!
//! Each rule is one `const` [`Rule`] declared next to the code that emits it:
//! the loader's and lowering's rules in [`load`] (they have no lint function:
//! the finding is the exception CPython raises), the lint rules in [`lints`]
//! beside their lint function. [`codes::ALL`] lists them all in code order;
//! they are re-exported here so that emitters write `rules::UNKNOWN_LEVEL`.

use crate::diagnostic::Severity;

pub mod codes;
pub mod docs;
pub mod lints;
pub mod load;
pub mod suppress;

pub use codes::ALL;

/// A rule: one kind of finding, with everything `logcheck rule` and
/// `docs/rules.md` say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// `LCnnn`.
    pub code: &'static str,
    /// Kebab-case name.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line: what the rule finds (the "What" of its docs).
    pub summary: &'static str,
    /// Why it matters, an example and the fix. `None` for a rule whose finding
    /// is an exception CPython raises: its docs then say so and point at the
    /// finding's `help:` line ([`docs::rule_doc`]).
    pub long: Option<LongDoc>,
}

/// The long documentation of a rule besides its summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LongDoc {
    /// Why the finding matters: what CPython does with the text.
    pub why: &'static str,
    /// A minimal INI excerpt that triggers the rule.
    pub example: &'static str,
    /// How to fix it.
    pub fix: &'static str,
}

pub use lints::format::{
    DATEFMT_IN_FORMAT, FIELD_MISSING_PERCENT, QUOTED_VALUE, TWELVE_HOUR_CLOCK,
    UNKNOWN_RECORD_ATTRIBUTE, UNSUPPORTED_DATEFMT_DIRECTIVE, WRONG_STYLE_FIELD,
};
pub use lints::handlers::{
    ARGUMENT_TYPE, BACKSLASH_ESCAPE, BINARY_FILE_MODE, PATH_ESCAPES_CWD, SHARED_LOG_FILE,
    STREAM_NOT_WRITABLE, WINDOWS_PATH,
};
pub use lints::routing::duplicate_delivery::DUPLICATE_DELIVERY;
pub use lints::routing::ineffective_handler_level::INEFFECTIVE_HANDLER_LEVEL;
pub use lints::routing::records_go_nowhere::RECORDS_GO_NOWHERE;
pub use lints::routing::unused::{UNUSED_FORMATTER, UNUSED_HANDLER};
pub use lints::sections::{
    DICTCONFIG_IDIOM, DUPLICATE_QUALNAME, IGNORED_OPTION, LEAKING_DEFAULT, QUALNAME_SEPARATOR,
    QUALNAME_TARGETS_ROOT, UNLISTED_SECTION, UNUSED_DEFAULT,
};
pub use load::file::{
    BYTE_ORDER_MARK, DUPLICATE_OPTION, DUPLICATE_SECTION, EMPTY_FILE, FILE_NOT_FOUND,
    INTERPOLATION_DEPTH, INTERPOLATION_MISSING_KEY, INTERPOLATION_SYNTAX, INVALID_LINE,
    MISSING_SECTION_HEADER, NOT_UTF8,
};
pub use load::formatters::{INVALID_FORMAT, INVALID_STYLE};
pub use load::handlers::{
    ARGS_NAME, ARGS_NOT_TUPLE, ARGS_SYNTAX, CLASS_NOT_FOUND, CODE_EXECUTION, HANDLER_ARGUMENT,
    HANDLER_SIGNATURE, LOG_FILE_UNOPENABLE, UNCHECKED_CLASS,
};
pub use load::levels::{INVALID_PROPAGATE, UNKNOWN_LEVEL};
pub use load::references::{UNDEFINED_FORMATTER, UNDEFINED_HANDLER, UNDEFINED_TARGET};
pub use load::sections::{
    EMPTY_LIST_ITEM, MISSING_ENTITY_SECTION, MISSING_OPTION, MISSING_SECTION, ROOT_NOT_LISTED,
};

/// Looks a rule up by code (`LC201`, any case) or name (`undefined-handler`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    ALL.iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}
