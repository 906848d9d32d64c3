//! Sections and keys (`LC1xx`): the `[loggers]`/`[handlers]`/`[formatters]`
//! lists and the sections they name, as fileConfig reads them. The lowering
//! (`crate::model`) emits them; they have no lint function.

use crate::diagnostic::Severity;
use crate::rules::Rule;

/// LC101 `missing-section`: [formatters], [handlers] or [loggers] is missing.
pub const MISSING_SECTION: Rule = Rule {
    code: "LC101",
    name: "missing-section",
    severity: Severity::Error,
    summary: "[formatters], [handlers] or [loggers] is missing.",
    long: None,
};

/// LC102 `missing-option`: A required option (`keys`, `class`, `qualname`, `handlers`) is missing.
pub const MISSING_OPTION: Rule = Rule {
    code: "LC102",
    name: "missing-option",
    severity: Severity::Error,
    summary: "A required option (`keys`, `class`, `qualname`, `handlers`) is missing.",
    long: None,
};

/// LC103 `missing-entity-section`: A name listed in `keys` has no [logger_X]/[handler_X]/[formatter_X] section.
pub const MISSING_ENTITY_SECTION: Rule = Rule {
    code: "LC103",
    name: "missing-entity-section",
    severity: Severity::Error,
    summary: "A name listed in `keys` has no [logger_X]/[handler_X]/[formatter_X] section.",
    long: None,
};

/// LC104 `empty-list-item`: A trailing or doubled comma makes an empty name in a list.
pub const EMPTY_LIST_ITEM: Rule = Rule {
    code: "LC104",
    name: "empty-list-item",
    severity: Severity::Error,
    summary: "A trailing or doubled comma makes an empty name in a list.",
    long: None,
};

/// LC105 `root-not-listed`: `root` is missing from [loggers] keys.
pub const ROOT_NOT_LISTED: Rule = Rule {
    code: "LC105",
    name: "root-not-listed",
    severity: Severity::Error,
    summary: "`root` is missing from [loggers] keys.",
    long: None,
};
