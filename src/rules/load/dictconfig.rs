//! dictConfig (`LC52x`): what `logging.config.dictConfig` raises that no
//! fileConfig rule describes. `crate::dictconfig::verdict` emits them; they
//! have no lint function.

use crate::diagnostic::Severity;
use crate::rules::Rule;

/// LC520 `dictconfig-version`: the `version` key is missing or not 1.
pub const DICTCONFIG_VERSION: Rule = Rule {
    code: "LC520",
    name: "dictconfig-version",
    severity: Severity::Error,
    summary: "A dictConfig document whose `version` is missing or not 1.",
    long: None,
};

/// LC521 `dictconfig-type`: a value of a type dictConfig cannot use there.
pub const DICTCONFIG_TYPE: Rule = Rule {
    code: "LC521",
    name: "dictconfig-type",
    severity: Severity::Error,
    summary: "A dictConfig value of the wrong type (a section or entry that is not a dict, a name that is not a string).",
    long: None,
};

/// LC522 `undefined-filter`: a `filters` entry names no configured filter.
pub const UNDEFINED_FILTER: Rule = Rule {
    code: "LC522",
    name: "undefined-filter",
    severity: Severity::Error,
    summary: "A handler or logger uses a filter that is not defined.",
    long: None,
};

/// LC523 `invalid-identifier`: a handler or factory key that is not an identifier.
pub const INVALID_IDENTIFIER: Rule = Rule {
    code: "LC523",
    name: "invalid-identifier",
    severity: Severity::Error,
    summary: "A dictConfig handler or factory key that is not a Python identifier.",
    long: None,
};

/// LC524 `incremental-unknown-handler`: incremental configuration of a handler that does not exist.
pub const INCREMENTAL_UNKNOWN_HANDLER: Rule = Rule {
    code: "LC524",
    name: "incremental-unknown-handler",
    severity: Severity::Error,
    summary: "An incremental dictConfig names a handler no earlier configuration created.",
    long: None,
};

/// LC525 `dictconfig-error`: anything else dictConfig raises.
pub const DICTCONFIG_ERROR: Rule = Rule {
    code: "LC525",
    name: "dictconfig-error",
    severity: Severity::Error,
    summary: "A dictConfig value that makes dictConfig raise (a conversion, an attribute, a filter name).",
    long: None,
};
