//! Levels and propagation (`LC3xx`). The lowering emits them; they have no
//! lint function.

use crate::diagnostic::Severity;
use crate::rules::Rule;

/// LC301 `unknown-level`: A level that is not exactly a level name.
pub const UNKNOWN_LEVEL: Rule = Rule {
    code: "LC301",
    name: "unknown-level",
    severity: Severity::Error,
    summary: "A level that is not exactly a level name.",
    long: None,
};

/// LC302 `invalid-propagate`: `propagate` is not an integer.
pub const INVALID_PROPAGATE: Rule = Rule {
    code: "LC302",
    name: "invalid-propagate",
    severity: Severity::Error,
    summary: "`propagate` is not an integer.",
    long: None,
};
