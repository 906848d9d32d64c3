//! References between sections (`LC2xx`): a logger's handlers, a handler's
//! formatter, a MemoryHandler's target. The lowering emits them; they have no
//! lint function.

use crate::diagnostic::Severity;
use crate::rules::Rule;

/// LC201 `undefined-handler`: A logger uses a handler that is not defined.
pub const UNDEFINED_HANDLER: Rule = Rule {
    code: "LC201",
    name: "undefined-handler",
    severity: Severity::Error,
    summary: "A logger uses a handler that is not defined.",
    long: None,
};

/// LC202 `undefined-formatter`: A handler uses a formatter that is not defined.
pub const UNDEFINED_FORMATTER: Rule = Rule {
    code: "LC202",
    name: "undefined-formatter",
    severity: Severity::Error,
    summary: "A handler uses a formatter that is not defined.",
    long: None,
};

/// LC203 `undefined-target`: A MemoryHandler's `target` is not a defined handler.
pub const UNDEFINED_TARGET: Rule = Rule {
    code: "LC203",
    name: "undefined-target",
    severity: Severity::Error,
    summary: "A MemoryHandler's `target` is not a defined handler.",
    long: None,
};
