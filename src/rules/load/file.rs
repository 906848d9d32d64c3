//! Reading the file (`LC0xx`): what `open()`, the UTF-8 decoder and
//! configparser reject before fileConfig looks at a section. `check` and the
//! INI reader emit them; they have no lint function.

use crate::diagnostic::Severity;
use crate::rules::Rule;

/// LC001 `file-not-found`: The configuration file does not exist.
pub const FILE_NOT_FOUND: Rule = Rule {
    code: "LC001",
    name: "file-not-found",
    severity: Severity::Error,
    summary: "The configuration file does not exist.",
    long: None,
};

/// LC002 `empty-file`: The configuration file is empty (0 bytes).
pub const EMPTY_FILE: Rule = Rule {
    code: "LC002",
    name: "empty-file",
    severity: Severity::Error,
    summary: "The configuration file is empty (0 bytes).",
    long: None,
};

/// LC003 `undecodable-file`: The file is not valid UTF-8, the encoding fileConfig reads with.
pub const NOT_UTF8: Rule = Rule {
    code: "LC003",
    name: "undecodable-file",
    severity: Severity::Error,
    summary: "The file is not valid UTF-8, the encoding fileConfig reads with.",
    long: None,
};

/// LC004 `byte-order-mark`: The file starts with a UTF-8 byte-order mark, which configparser does not skip.
pub const BYTE_ORDER_MARK: Rule = Rule {
    code: "LC004",
    name: "byte-order-mark",
    severity: Severity::Error,
    summary: "The file starts with a UTF-8 byte-order mark, which configparser does not skip.",
    long: None,
};

/// LC005 `missing-section-header`: Text before the first [section] header.
pub const MISSING_SECTION_HEADER: Rule = Rule {
    code: "LC005",
    name: "missing-section-header",
    severity: Severity::Error,
    summary: "Text before the first [section] header.",
    long: None,
};

/// LC006 `invalid-line`: A line that is neither a header, an option, a comment nor a continuation.
pub const INVALID_LINE: Rule = Rule {
    code: "LC006",
    name: "invalid-line",
    severity: Severity::Error,
    summary: "A line that is neither a header, an option, a comment nor a continuation.",
    long: None,
};

/// LC007 `duplicate-section`: The same [section] appears twice.
pub const DUPLICATE_SECTION: Rule = Rule {
    code: "LC007",
    name: "duplicate-section",
    severity: Severity::Error,
    summary: "The same [section] appears twice.",
    long: None,
};

/// LC008 `duplicate-option`: The same option appears twice in one section (names are case-insensitive).
pub const DUPLICATE_OPTION: Rule = Rule {
    code: "LC008",
    name: "duplicate-option",
    severity: Severity::Error,
    summary: "The same option appears twice in one section (names are case-insensitive).",
    long: None,
};

/// LC009 `interpolation-syntax`: A `%` in an interpolated value that is not `%%` or `%(name)s`.
pub const INTERPOLATION_SYNTAX: Rule = Rule {
    code: "LC009",
    name: "interpolation-syntax",
    severity: Severity::Error,
    summary: "A `%` in an interpolated value that is not `%%` or `%(name)s`.",
    long: None,
};

/// LC010 `interpolation-missing-key`: A `%(name)s` reference to an option that does not exist.
pub const INTERPOLATION_MISSING_KEY: Rule = Rule {
    code: "LC010",
    name: "interpolation-missing-key",
    severity: Severity::Error,
    summary: "A `%(name)s` reference to an option that does not exist.",
    long: None,
};

/// LC011 `interpolation-depth`: `%(name)s` references nested more than 10 deep (usually a cycle).
pub const INTERPOLATION_DEPTH: Rule = Rule {
    code: "LC011",
    name: "interpolation-depth",
    severity: Severity::Error,
    summary: "`%(name)s` references nested more than 10 deep (usually a cycle).",
    long: None,
};
