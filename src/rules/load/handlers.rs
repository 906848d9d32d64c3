//! Handlers (`LC5xx`): classes, `args`/`kwargs` and constructors. The lowering
//! emits them; they have no lint function.

use crate::diagnostic::Severity;
use crate::rules::Rule;

/// LC501 `class-not-found`: A handler or formatter class that cannot be resolved.
pub const CLASS_NOT_FOUND: Rule = Rule {
    code: "LC501",
    name: "class-not-found",
    severity: Severity::Error,
    summary: "A handler or formatter class that cannot be resolved.",
    long: None,
};

/// LC502 `args-syntax-error`: `args`/`kwargs` is not valid Python.
pub const ARGS_SYNTAX: Rule = Rule {
    code: "LC502",
    name: "args-syntax-error",
    severity: Severity::Error,
    summary: "`args`/`kwargs` is not valid Python.",
    long: None,
};

/// LC503 `args-evaluation-error`: `args`/`kwargs` names something that does not exist.
pub const ARGS_NAME: Rule = Rule {
    code: "LC503",
    name: "args-evaluation-error",
    severity: Severity::Error,
    summary: "`args`/`kwargs` names something that does not exist.",
    long: None,
};

/// LC504 `code-execution`: `args`/`kwargs`/`class` contain code that CPython executes when it loads the file.
pub const CODE_EXECUTION: Rule = Rule {
    code: "LC504",
    name: "code-execution",
    severity: Severity::Error,
    summary: "`args`/`kwargs`/`class` contain code that CPython executes when it loads the file.",
    long: None,
};

/// LC505 `args-not-a-tuple`: `args` is not a tuple (e.g. a missing comma) or `kwargs` is not a dict.
pub const ARGS_NOT_TUPLE: Rule = Rule {
    code: "LC505",
    name: "args-not-a-tuple",
    severity: Severity::Error,
    summary: "`args` is not a tuple (e.g. a missing comma) or `kwargs` is not a dict.",
    long: None,
};

/// LC506 `handler-signature`: The handler class does not take these arguments.
pub const HANDLER_SIGNATURE: Rule = Rule {
    code: "LC506",
    name: "handler-signature",
    severity: Severity::Error,
    summary: "The handler class does not take these arguments.",
    long: None,
};

/// LC507 `handler-argument`: A handler argument has a value the constructor rejects.
pub const HANDLER_ARGUMENT: Rule = Rule {
    code: "LC507",
    name: "handler-argument",
    severity: Severity::Error,
    summary: "A handler argument has a value the constructor rejects.",
    long: None,
};

/// LC508 `log-file-unopenable`: A log file that cannot be opened in the assumed working directory.
pub const LOG_FILE_UNOPENABLE: Rule = Rule {
    code: "LC508",
    name: "log-file-unopenable",
    severity: Severity::Error,
    summary: "A log file that cannot be opened in the assumed working directory.",
    long: None,
};

/// LC509 `unchecked-class`: A custom class that logcheck cannot check without importing it.
pub const UNCHECKED_CLASS: Rule = Rule {
    code: "LC509",
    name: "unchecked-class",
    severity: Severity::Info,
    summary: "A custom class that logcheck cannot check without importing it.",
    long: None,
};
