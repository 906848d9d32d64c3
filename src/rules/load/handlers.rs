//! Handlers (`LC5xx`): classes, `args`/`kwargs` and constructors. The lowering
//! emits them; they have no lint function.

use crate::diagnostic::Severity;
use crate::rules::{LongDoc, Rule};

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
    long: Some(LongDoc {
        why: "fileConfig passes `class`, `args` and `kwargs` to `eval()`: a call such as `open(...)`, `__import__('os').makedirs(...)` or any function of the logging namespace runs when the file is loaded, with whatever effects it has. logcheck does not run code, so it cannot say whether that code succeeds or what it returns: the verdict is qualified (\"provided the code … succeeds\") and nothing that depends on the value is checked. It stays an error because the file is no longer a configuration that can be checked (or reviewed) without executing it. Pure reads of the environment (`os.getcwd()`, `os.environ[...]`, `os.getenv(...)`, `os.path.join(...)`, `os.devnull`) are not this rule: logcheck evaluates them (LC510). A value that is no code but beyond what logcheck evaluates (an integer beyond 128 bits, a string of millions of characters, deep nesting) is reported by this rule too, worded as such.",
        example: "[handler_file]\nclass=FileHandler\nargs=(open('app.log', 'a').name,)",
        fix: "Write the value as a Python literal (`('app.log', 'a')`), build a path from `%(name)s` values passed with `fileConfig(defaults=...)` (`--define` here), or move the logic into the program that calls fileConfig. `--ignore LC504` accepts the code as it is.",
    }),
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

/// LC510 `environment-read`: `args`/`kwargs` read the environment (`os.getcwd()`, `os.environ`, `os.devnull`): evaluated as the service would.
pub const ENVIRONMENT_READ: Rule = Rule {
    code: "LC510",
    name: "environment-read",
    severity: Severity::Info,
    summary: "`args`/`kwargs` read the environment (`os.getcwd()`, `os.environ`, `os.devnull`): evaluated as the service would.",
    long: Some(LongDoc {
        why: "fileConfig `eval()`s `args` and `kwargs` in the logging module's namespace, where `os` and `sys` are reachable. Pure reads of the process environment (`os.getcwd()`, `os.environ['X']`, `os.environ.get(...)`, `os.getenv(...)`, the `os.path` string functions `join`, `dirname`, `basename`, `normpath`, `abspath`, `expanduser`, and the platform constants `os.devnull`, `os.sep`, `os.pathsep`, `os.linesep`, `os.curdir`, `os.pardir`, `os.extsep`, `os.altsep`, `os.name`, with POSIX's values) have no effect, so logcheck evaluates them with the assumed working directory (`--cwd`) and its own environment variables, and checks the result like a literal. The value, and so the verdict, depends on the environment the service starts in: this note says which value was used. A read that raises (an unset `os.environ['X']` is `KeyError`) is reported as the error CPython raises (LC503).",
        example: "[handler_file]\nclass=FileHandler\nargs=(os.path.join(os.getenv('LOG_DIR', '/var/log'), 'app.log'), 'a')",
        fix: "Nothing to fix when the value is what the service sees. To check another environment, run logcheck with that environment (and `--cwd`); to make the file independent of it, write a literal or pass the value with `fileConfig(defaults=...)` (`--define`).",
    }),
};
