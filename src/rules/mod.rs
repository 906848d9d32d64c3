//! The rule registry: every finding logcheck can report, with its code, name,
//! default severity and documentation.
//!
//! Codes are grouped by hundreds: `LC0xx` reading the file, `LC1xx` sections
//! and keys, `LC2xx` references between sections, `LC3xx` levels and
//! propagation, `LC4xx` formatters, `LC5xx` handlers, `LC6xx` and up: things
//! CPython accepts silently but that are very likely wrong.

use crate::diagnostic::Severity;

/// A rule: one kind of finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// `LCnnn`.
    pub code: &'static str,
    /// Kebab-case name.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
}

macro_rules! declare_rules {
    ($($ident:ident = $code:literal, $name:literal, $sev:ident, $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $ident: Rule = Rule {
                code: $code,
                name: $name,
                severity: Severity::$sev,
                summary: $summary,
            };
        )*
        /// Every rule, in code order.
        pub const ALL: &[Rule] = &[$($ident),*];
    };
}

declare_rules! {
    FILE_NOT_FOUND = "LC001", "file-not-found", Error, "The configuration file does not exist.";
}

/// Looks a rule up by code (`LC201`) or name (`undefined-handler`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    ALL.iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}
