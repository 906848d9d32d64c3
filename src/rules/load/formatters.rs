//! Formatters (`LC4xx`): format strings and styles `logging.Formatter`
//! rejects. The lowering emits them; they have no lint function.

use crate::diagnostic::Severity;
use crate::rules::Rule;

/// LC401 `invalid-format`: A format string that logging.Formatter rejects.
pub const INVALID_FORMAT: Rule = Rule {
    code: "LC401",
    name: "invalid-format",
    severity: Severity::Error,
    summary: "A format string that logging.Formatter rejects.",
    long: None,
};

/// LC402 `invalid-style`: `style` is not %, { or $.
pub const INVALID_STYLE: Rule = Rule {
    code: "LC402",
    name: "invalid-style",
    severity: Severity::Error,
    summary: "`style` is not %, { or $.",
    long: None,
};
