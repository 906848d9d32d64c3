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
    EMPTY_FILE = "LC002", "empty-file", Error, "The configuration file is empty (0 bytes).";
    NOT_UTF8 = "LC003", "undecodable-file", Error, "The file is not valid UTF-8, the encoding fileConfig reads with.";
    BYTE_ORDER_MARK = "LC004", "byte-order-mark", Error, "The file starts with a UTF-8 byte-order mark, which configparser does not skip.";
    MISSING_SECTION_HEADER = "LC005", "missing-section-header", Error, "Text before the first [section] header.";
    INVALID_LINE = "LC006", "invalid-line", Error, "A line that is neither a header, an option, a comment nor a continuation.";
    DUPLICATE_SECTION = "LC007", "duplicate-section", Error, "The same [section] appears twice.";
    DUPLICATE_OPTION = "LC008", "duplicate-option", Error, "The same option appears twice in one section (names are case-insensitive).";
    INTERPOLATION_SYNTAX = "LC009", "interpolation-syntax", Error, "A `%` in an interpolated value that is not `%%` or `%(name)s`.";
    INTERPOLATION_MISSING_KEY = "LC010", "interpolation-missing-key", Error, "A `%(name)s` reference to an option that does not exist.";
    INTERPOLATION_DEPTH = "LC011", "interpolation-depth", Error, "`%(name)s` references nested more than 10 deep (usually a cycle).";
    MISSING_SECTION = "LC101", "missing-section", Error, "[formatters], [handlers] or [loggers] is missing.";
    MISSING_OPTION = "LC102", "missing-option", Error, "A required option (`keys`, `class`, `qualname`, `handlers`) is missing.";
    MISSING_ENTITY_SECTION = "LC103", "missing-entity-section", Error, "A name listed in `keys` has no [logger_X]/[handler_X]/[formatter_X] section.";
    EMPTY_LIST_ITEM = "LC104", "empty-list-item", Error, "A trailing or doubled comma makes an empty name in a list.";
    ROOT_NOT_LISTED = "LC105", "root-not-listed", Error, "`root` is missing from [loggers] keys.";
    UNDEFINED_HANDLER = "LC201", "undefined-handler", Error, "A logger uses a handler that is not defined.";
    UNDEFINED_FORMATTER = "LC202", "undefined-formatter", Error, "A handler uses a formatter that is not defined.";
    UNDEFINED_TARGET = "LC203", "undefined-target", Error, "A MemoryHandler's `target` is not a defined handler.";
    UNKNOWN_LEVEL = "LC301", "unknown-level", Error, "A level that is not exactly a level name.";
    INVALID_PROPAGATE = "LC302", "invalid-propagate", Error, "`propagate` is not an integer.";
    INVALID_FORMAT = "LC401", "invalid-format", Error, "A format string that logging.Formatter rejects.";
    INVALID_STYLE = "LC402", "invalid-style", Error, "`style` is not %, { or $.";
    CLASS_NOT_FOUND = "LC501", "class-not-found", Error, "A handler or formatter class that cannot be resolved.";
    ARGS_SYNTAX = "LC502", "args-syntax-error", Error, "`args`/`kwargs` is not valid Python.";
    ARGS_NAME = "LC503", "args-evaluation-error", Error, "`args`/`kwargs` names something that does not exist.";
    CODE_EXECUTION = "LC504", "code-execution", Error, "`args`/`kwargs`/`class` contain code that CPython executes when it loads the file.";
    ARGS_NOT_TUPLE = "LC505", "args-not-a-tuple", Error, "`args` is not a tuple (e.g. a missing comma) or `kwargs` is not a dict.";
    HANDLER_SIGNATURE = "LC506", "handler-signature", Error, "The handler class does not take these arguments.";
    HANDLER_ARGUMENT = "LC507", "handler-argument", Error, "A handler argument has a value the constructor rejects.";
    LOG_FILE_UNOPENABLE = "LC508", "log-file-unopenable", Error, "A log file that cannot be opened in the assumed working directory.";
    UNCHECKED_CLASS = "LC509", "unchecked-class", Info, "A custom class that logcheck cannot check without importing it.";
}

/// Looks a rule up by code (`LC201`) or name (`undefined-handler`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    ALL.iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}
