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
//! beside their lint function. The registry [`codes`] lists them all in code
//! order ([`ALL`]) and re-exports each, so that emitters write
//! `rules::UNKNOWN_LEVEL`.

use crate::diagnostic::Severity;

pub mod codes;
pub mod docs;
pub mod lints;
pub mod load;
pub mod suppress;

pub use codes::*;

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

/// Looks a rule up by code (`LC201`, any case) or name (`undefined-handler`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    ALL.iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}
