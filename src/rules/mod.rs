//! The rule registry: every finding logcheck can report, with its code, name,
//! default severity and documentation.
//!
//! Codes are grouped by hundreds: `LC0xx` reading the file, `LC1xx` sections
//! and keys, `LC2xx` references between sections, `LC3xx` levels and
//! propagation, `LC4xx` formatters, `LC5xx` handlers, `LC6xx` and up: things
//! CPython accepts silently but that are very likely wrong.

use crate::diagnostic::Severity;

pub mod docs;
pub mod lints;
pub mod suppress;

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
    FIELD_MISSING_PERCENT = "LC601", "field-missing-percent", Warning, "Text like `(asctime)s` in a %-style format: a field that lost its `%` is printed literally.";
    WRONG_STYLE_FIELD = "LC602", "wrong-style-field", Warning, "A `{name}` field in a %-style format or a `%(name)s` field in a `{`/`$`-style one: printed literally.";
    UNKNOWN_RECORD_ATTRIBUTE = "LC603", "unknown-record-attribute", Warning, "A format field that is not a LogRecord attribute for the target version: every record fails at emit.";
    UNSUPPORTED_DATEFMT_DIRECTIVE = "LC604", "unsupported-datefmt-directive", Warning, "A datefmt directive that time.strftime does not support (`%f`): printed literally.";
    DUPLICATE_DELIVERY = "LC605", "duplicate-delivery", Warning, "One record reaches the same handler twice through propagation: every line is printed twice.";
    RECORDS_GO_NOWHERE = "LC606", "records-go-nowhere", Warning, "A logger whose records reach no handler: lost, or printed bare by the last-resort handler.";
    UNUSED_HANDLER = "LC607", "unused-handler", Warning, "A handler that no logger uses (it is still built: files are created).";
    UNUSED_FORMATTER = "LC608", "unused-formatter", Warning, "A formatter that no handler uses.";
    UNLISTED_SECTION = "LC609", "unlisted-section", Warning, "A [logger_X]/[handler_X]/[formatter_X] section that its `keys` do not list: ignored.";
    QUALNAME_TARGETS_ROOT = "LC610", "qualname-targets-root", Warning, "`qualname=root` or an empty qualname in a non-root section: it reconfigures the root logger.";
    DUPLICATE_QUALNAME = "LC611", "duplicate-qualname", Warning, "Two logger sections with the same qualname: the later one wins.";
    LEAKING_DEFAULT = "LC612", "leaking-default", Warning, "A fileConfig option in [DEFAULT] applies to every section.";
    BACKSLASH_ESCAPE = "LC613", "backslash-escape-in-string", Warning, "A backslash escape in an `args` string, such as `\\t` in a Windows path: it becomes a control character.";
    DICTCONFIG_IDIOM = "LC614", "dictconfig-idiom", Warning, "A dictConfig habit in a fileConfig file (`ext://`, `cfg://`, `validate=`): not understood here.";
    INEFFECTIVE_HANDLER_LEVEL = "LC615", "ineffective-handler-level", Info, "A handler level that filters nothing: every logger that reaches it is at least as strict.";
    WINDOWS_PATH = "LC616", "windows-path", Warning, "A Windows path in a log file name: on POSIX it is a relative name with odd characters.";
    PATH_ESCAPES_CWD = "LC617", "path-escapes-cwd", Warning, "A relative log file path that climbs out of the working directory with `..`.";
    IGNORED_OPTION = "LC618", "ignored-option", Warning, "An option fileConfig never reads (a typo, or a handler parameter that belongs in `args`/`kwargs`).";
    QUOTED_VALUE = "LC619", "quoted-value", Warning, "Quotes around a `format` or `datefmt` value: they are printed in every line.";
    DATEFMT_IN_FORMAT = "LC620", "datefmt-in-format", Warning, "`datefmt=` written inside the format line: it is printed in every line.";
    QUALNAME_SEPARATOR = "LC621", "qualname-separator", Warning, "A qualname with a comma or whitespace: it names ONE logger, not several.";
    BINARY_FILE_MODE = "LC622", "binary-file-mode", Warning, "A file handler opened in binary mode: every record fails at emit with TypeError.";
    STREAM_NOT_WRITABLE = "LC623", "stream-not-writable", Warning, "A StreamHandler whose stream is a string or other non-stream: every record fails at emit.";
    ARGUMENT_TYPE = "LC624", "argument-type", Warning, "A handler argument of the wrong type in a parameter slot (e.g. `'utf-8'` landing in backupCount).";
    SHARED_LOG_FILE = "LC625", "shared-log-file", Warning, "Two file handlers writing the same file: interleaved lines, and rotation renames the file under the other handler.";
    TWELVE_HOUR_CLOCK = "LC626", "twelve-hour-clock", Warning, "`%I` (12-hour clock) in a datefmt without `%p`: 03:00 and 15:00 print the same.";
    UNUSED_DEFAULT = "LC627", "unused-default", Info, "A [DEFAULT] option that fileConfig never reads and no `%(name)s` references.";
}

/// Looks a rule up by code (`LC201`) or name (`undefined-handler`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    ALL.iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}
