//! Long documentation of every rule: what it finds, why it matters, an
//! example and the fix. `logcheck rule CODE` prints it and `docs/rules.md` is
//! generated from it ([`rules_markdown`]; a test keeps the file current).
//!
//! # Example
//! ```
//! let text = logcheck::rules::docs::rule_doc(&logcheck::rules::IGNORED_OPTION);
//! assert!(text.contains("## Fix"));
//! ```

use super::{ALL, Rule};

/// Why, example and fix of a rule (the summary is the "what").
struct Doc {
    why: &'static str,
    example: &'static str,
    fix: &'static str,
}

fn entry(code: &str) -> Option<Doc> {
    let d = |why, example, fix| Some(Doc { why, example, fix });
    match code {
        "LC601" => d(
            "A %-style field needs its `%`. Without it, `(asctime)s` is plain text and every line starts with the literal `(asctime)s`.",
            "[formatter_f]\nformat=(asctime)s %(levelname)s %(message)s",
            "Write `%(asctime)s`.",
        ),
        "LC602" => d(
            "Each formatter has one style (`style=`, default `%`). Fields of another style are not fields: `{levelname}` in a %-style format is printed as is, and so is `%(levelname)s` in a `{`-style one.",
            "[formatter_f]\nformat={asctime} %(message)s",
            "Use the formatter's style for every field, or set `style={` / `style=$` to match the fields.",
        ),
        "LC603" => d(
            "A field the LogRecord does not have makes `Formatter.format` raise KeyError for every record that lacks it: logging prints `--- Logging error ---` and a traceback to stderr instead of the line. `taskName` exists only from Python 3.12.",
            "[formatter_f]\nformat=%(asctime)s %(user_id)s %(message)s",
            "Remove the field, add it to every record (a Filter, or `extra=` on every call), or from 3.12 give the formatter `defaults={'user_id': '-'}`.",
        ),
        "LC604" => d(
            "`datefmt` goes to `time.strftime`, which has no `%f` (microseconds) and copies unknown directives literally: every timestamp ends in `%f`.",
            "[formatter_f]\nformat=%(asctime)s %(message)s\ndatefmt=%Y-%m-%d %H:%M:%S.%f",
            "Drop the directive; for milliseconds write `%(asctime)s.%(msecs)03d` in the format.",
        ),
        "LC605" => d(
            "A record is handled by the logger's own handlers and then, while `propagate` is true, by every ancestor's. The same handler on a logger and on one of its ancestors writes every record twice.",
            "[logger_root]\nhandlers=console\n\n[logger_app]\nqualname=app\nhandlers=console",
            "Attach the handler once (usually to root), or set `propagate=0` on the child logger.",
        ),
        "LC606" => d(
            "A logger with no handler of its own that does not propagate, or whose ancestors up to root have no handler either (or a root logger without handlers), hands its records to no handler. Python then uses the last-resort handler: WARNING and above are printed to stderr as bare messages, without the format; lower levels are lost.",
            "[logger_app]\nqualname=app\nhandlers=\npropagate=0",
            "Give the logger (or root) a handler, or let it propagate to a logger that has one.",
        ),
        "LC607" => d(
            "fileConfig builds every handler listed in `[handlers] keys`, used or not: an unused file handler still creates (or truncates) its file, a socket handler still resolves its host.",
            "[handlers]\nkeys=console,file\n\n[logger_root]\nhandlers=console",
            "Attach the handler to a logger, or remove it from `keys` and delete its section.",
        ),
        "LC608" => d(
            "A formatter no handler names has no effect; often a handler's `formatter=` is misspelled or missing.",
            "[formatters]\nkeys=simple,detailed\n\n[handler_console]\nformatter=simple",
            "Set `formatter=` on the handler that should use it, or remove it from `keys`.",
        ),
        "LC609" => d(
            "fileConfig reads only the sections its `keys` name. A section that is not listed is silently skipped, together with every mistake in it.",
            "[handlers]\nkeys=console\n\n[handler_file]\nclass=FileHandler\nargs=('app.log',)",
            "Add the name to the `keys` list, or delete the section.",
        ),
        "LC610" => d(
            "`getLogger('root')` and `getLogger('')` are the root logger: a `[logger_X]` section with `qualname=root` or an empty qualname reconfigures root, replacing the level and handlers `[logger_root]` set.",
            "[logger_main]\nqualname=\nhandlers=",
            "Give the logger its own dotted name, or merge the section into `[logger_root]`.",
        ),
        "LC611" => d(
            "Two sections that configure the same logger: the later one replaces the earlier one's level and handlers, so the earlier section has no effect.",
            "[logger_a]\nqualname=app\n\n[logger_b]\nqualname=app",
            "Merge the sections, or fix the qualname of one.",
        ),
        "LC612" => d(
            "Options in `[DEFAULT]` are visible in every section. A `level`, `class`, `formatter`, `handlers`, `args`... there applies to every logger, handler and formatter that does not set its own.",
            "[DEFAULT]\nlevel=DEBUG\nformatter=simple",
            "Move the option into the sections that need it.",
        ),
        "LC613" => d(
            "`args` and `kwargs` are Python expressions. In a normal string literal `\\t`, `\\n`, `\\r`, `\\a`, `\\b`, `\\f`, `\\v` and octal/hex escapes are control characters, so `'logs\\table.log'` names a file with a TAB in it.",
            "[handler_file]\nclass=FileHandler\nargs=('logs\\table.log',)",
            "Use forward slashes, double the backslashes, or a raw string `r'logs\\table.log'`.",
        ),
        "LC614" => d(
            "`ext://`, `cfg://` and `validate` belong to `logging.config.dictConfig`. fileConfig does not know them: an `ext://sys.stdout` string is just a string (every write fails), `validate=` is never read.",
            "[handler_console]\nclass=StreamHandler\nargs=('ext://sys.stdout',)",
            "Pass Python values in `args`: `args=(sys.stdout,)`; remove `validate=`.",
        ),
        "LC615" => d(
            "A handler level only matters when a record below it can reach the handler. If every logger that reaches it already has a stricter effective level, the handler level filters nothing (harmless, but it suggests a level was meant elsewhere).",
            "[logger_root]\nlevel=WARNING\nhandlers=console\n\n[handler_console]\nlevel=DEBUG",
            "Lower the logger level if more output was intended, or drop the handler level.",
        ),
        "LC616" => d(
            "On Linux and macOS `d:/logs/app.log` is a relative path under a directory named `d:`, and `..\\logs\\app.log` is a single file name containing backslashes in the working directory.",
            "[handler_file]\nclass=FileHandler\nargs=('..\\logs\\app.log',)",
            "Use forward slashes and a path that exists where the service runs.",
        ),
        "LC617" => d(
            "Relative log paths resolve against the process's working directory, not the config file's. A path that climbs out with `..` depends on where the service is started.",
            "[handler_file]\nclass=FileHandler\nargs=('../../log/app.log',)",
            "Use an absolute path, or one built from a `fileConfig(defaults=...)` value such as `%(logdir)s`.",
        ),
        "LC618" => d(
            "fileConfig reads a fixed set of options per section and ignores every other one without a word: a typo (`lever=`, `fromatter=`, `propagage=0`) leaves the default in place, and handler parameters written as options (`backupCount=5`, `maxBytes=`, `when=`, `encoding=`) are never passed to the handler.",
            "[handler_file]\nclass=handlers.RotatingFileHandler\nargs=('app.log',)\nmaxBytes=1048576\nbackupCount=5",
            "Fix the option name; pass handler parameters in `args` or `kwargs`: `kwargs={'maxBytes': 1048576, 'backupCount': 5}`.",
        ),
        "LC619" => d(
            "configparser keeps quotes as part of a value. Quotes around `format` or `datefmt` are printed in every line.",
            "[formatter_f]\nformat=\"%(asctime)s %(message)s\"",
            "Remove the quotes.",
        ),
        "LC620" => d(
            "Each option sits on its own line. `datefmt=` written on the format line is part of the format text and is printed at the end of every line; the date format stays the default.",
            "[formatter_f]\nformat=%(asctime)s %(message)s datefmt=%H:%M",
            "Put `datefmt=...` on its own line.",
        ),
        "LC621" => d(
            "`qualname` is one logger name. `qualname=a,b` configures a single logger named `a,b` that no code uses; `a` and `b` stay unconfigured.",
            "[logger_libs]\nqualname=requests,urllib3",
            "Write one `[logger_X]` section per logger.",
        ),
        "LC622" => d(
            "Logging writes str. A file opened with a binary mode (`'ab'`, `'wb'`) builds fine, but every record then fails with `TypeError: a bytes-like object is required, not 'str'` (printed as `--- Logging error ---`) and the file stays empty.",
            "[handler_file]\nclass=FileHandler\nargs=('app.log', 'ab')",
            "Use a text mode: `'a'` or `'w'`.",
        ),
        "LC623" => d(
            "StreamHandler writes to a file object. A string (e.g. `args=('app.log',)` meant for FileHandler) is accepted at construction, and every record then fails with `AttributeError: 'str' object has no attribute 'write'`.",
            "[handler_console]\nclass=StreamHandler\nargs=('app.log',)",
            "Pass `sys.stdout` or `sys.stderr`, or use FileHandler for a file name.",
        ),
        "LC624" => d(
            "Positional `args` fill the constructor's parameters in order. A value in the wrong slot (an encoding landing in `backupCount` because `mode`/`maxBytes` were skipped) builds fine and fails later, at the first rollover.",
            "[handler_file]\nclass=handlers.TimedRotatingFileHandler\nargs=('app.log', 'W0', 1, 'utf-8')",
            "Fill the parameters in order, or pass the value by name in `kwargs`.",
        ),
        "LC625" => d(
            "Each file handler opens the file itself (`baseFilename` is `os.path.abspath` of the name, so `./logs/a.log` and `logs/a.log` are one file). Two handlers on one file keep two file objects: their buffered lines interleave, and when a rotating handler renames the file the other one goes on writing to the renamed file.",
            "[handler_file]\nclass=FileHandler\nargs=('logs/app.log',)\n\n[handler_rotating]\nclass=handlers.RotatingFileHandler\nargs=('./logs/app.log', 'a', 10485760, 5)",
            "Give each handler its own file, or keep one handler and attach it to every logger that should write there.",
        ),
        "LC626" => d(
            "`%I` is the hour from 01 to 12. Without `%p` (AM/PM) a timestamp of 03:04 may be three in the morning or three in the afternoon, and the lines of one day do not sort.",
            "[formatter_f]\nformat=%(asctime)s %(message)s\ndatefmt=%Y-%m-%d %I:%M:%S",
            "Use `%H` (00 to 23), or add `%p`.",
        ),
        "LC627" => d(
            "configparser offers `[DEFAULT]` options to every section, but fileConfig reads only its own option names (LC612 reports those), so any other `[DEFAULT]` option matters only as interpolation material: a value somewhere must say `%(name)s`. An option nothing references is dead text, often left over from a Paste/Pylons file that another program reads.",
            "[DEFAULT]\nlogdir=/var/log/app\n\n[handler_file]\nclass=FileHandler\nargs=('/var/log/app/app.log',)",
            "Reference it (`args=('%(logdir)s/app.log',)`) or remove it. If another program reads this file, keep it and suppress the rule with `# logcheck: disable=LC627`.",
        ),
        _ => None,
    }
}

/// The rule's documentation as Markdown (without a title): what, why, example, fix.
pub fn rule_doc(rule: &Rule) -> String {
    let mut out = format!(
        "Severity: {}\n\n## What\n\n{}\n",
        rule.severity.as_str(),
        rule.summary
    );
    match entry(rule.code) {
        Some(doc) => {
            out.push_str(&format!(
                "\n## Why\n\n{}\n\n## Example\n\n```ini\n{}\n```\n\n## Fix\n\n{}\n",
                doc.why, doc.example, doc.fix
            ));
        }
        None => {
            out.push_str(
                "\n## Why\n\nCPython's `logging.config.fileConfig` raises an exception on this file \
                 (logcheck names it in a note), so the service does not start its logging.\n\n\
                 ## Fix\n\nFollow the `help:` line of the finding.\n",
            );
        }
    }
    out
}

/// `docs/rules.md`: every rule with its documentation.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# logcheck rules\n\n<!-- generated by `logcheck rule --markdown`; do not edit (tests/rules_doc.rs keeps it current) -->\n\n\
         Errors (`LC0xx`–`LC5xx`) are what makes CPython's fileConfig raise; warnings and infos (`LC6xx`) \
         are what it accepts silently but is very likely wrong. Silence a finding with a full-line comment \
         `# logcheck: disable=CODE` before the option or section, `# logcheck: disable-file=CODE`, or \
         `--select`/`--ignore` (code prefixes).\n\n| Code | Name | Severity | Summary |\n| --- | --- | --- | --- |\n",
    );
    for rule in ALL {
        out.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} |\n",
            rule.code,
            rule.code.to_lowercase(),
            rule.name,
            rule.severity.as_str(),
            rule.summary.replace('|', "\\|")
        ));
    }
    for rule in ALL {
        out.push_str(&format!(
            "\n# {}\n\n`{}`. {}",
            rule.code,
            rule.name,
            rule_doc(rule).replace("\n## ", "\n### ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_warning_rule_has_a_long_doc() {
        for rule in ALL {
            if rule.code >= "LC600" {
                assert!(entry(rule.code).is_some(), "{} has no doc", rule.code);
            }
        }
    }
}
