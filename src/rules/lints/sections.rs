//! Section-level lints: unlisted sections, options fileConfig never reads,
//! qualnames that do not name what they seem to, and `[DEFAULT]` leaks.
//!
//! Each rule is declared next to its lint function; [`run`] calls them in the
//! order their findings are reported (section by section, option by option,
//! then `[DEFAULT]`, then logger by logger).

use super::{LintContext, keys_of, span_text};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ini::{IniDocument, IniOption, IniSection};
use crate::model::{Config, LoggerDef};
use crate::rules::{LongDoc, Rule};
use crate::suggest::did_you_mean;
use rustc_hash::FxHashMap;
use rustc_hash::FxHashSet;

/// The kinds of section fileConfig reads, with the options it reads there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    List,
    Formatter,
    Handler,
    Root,
    Logger,
}

impl Kind {
    fn reads(self, ctx: &LintContext<'_>) -> &'static [&'static str] {
        match self {
            Kind::List => &["keys"],
            Kind::Formatter if ctx.version.reads_formatter_defaults() => {
                &["format", "datefmt", "style", "class", "defaults"]
            }
            Kind::Formatter => &["format", "datefmt", "style", "class"],
            Kind::Handler => &["class", "level", "formatter", "args", "kwargs", "target"],
            Kind::Root => &["level", "handlers"],
            Kind::Logger => &["level", "handlers", "qualname", "propagate"],
        }
    }

    fn of(section: &str) -> Option<(Kind, &str)> {
        match section {
            "loggers" | "handlers" | "formatters" => Some((Kind::List, "")),
            "logger_root" => Some((Kind::Root, "root")),
            _ => {
                if let Some(key) = section.strip_prefix("formatter_") {
                    Some((Kind::Formatter, key))
                } else if let Some(key) = section.strip_prefix("handler_") {
                    Some((Kind::Handler, key))
                } else {
                    section
                        .strip_prefix("logger_")
                        .map(|key| (Kind::Logger, key))
                }
            }
        }
    }
}

/// Every option fileConfig reads somewhere (for `[DEFAULT]` leaks).
const READ_ANYWHERE: &[&str] = &[
    "keys",
    "format",
    "datefmt",
    "style",
    "class",
    "defaults",
    "level",
    "formatter",
    "args",
    "kwargs",
    "target",
    "handlers",
    "qualname",
    "propagate",
];

/// Handler constructor parameters people write as options, lower-cased as
/// configparser stores them, with the parameter's real spelling.
const HANDLER_PARAMS: &[(&str, &str)] = &[
    ("filename", "filename"),
    ("mode", "mode"),
    ("encoding", "encoding"),
    ("errors", "errors"),
    ("delay", "delay"),
    ("maxbytes", "maxBytes"),
    ("max_bytes", "maxBytes"),
    ("backupcount", "backupCount"),
    ("backup_count", "backupCount"),
    ("when", "when"),
    ("interval", "interval"),
    ("utc", "utc"),
    ("attime", "atTime"),
    ("stream", "stream"),
    ("capacity", "capacity"),
    ("flushlevel", "flushLevel"),
    ("host", "host"),
    ("port", "port"),
    ("address", "address"),
    ("facility", "facility"),
    ("mailhost", "mailhost"),
    ("fromaddr", "fromaddr"),
    ("toaddrs", "toaddrs"),
    ("subject", "subject"),
    ("url", "url"),
    ("method", "method"),
];

/// Every section lint.
pub(super) fn run(
    doc: &IniDocument,
    config: &Config,
    ctx: &LintContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    // sets, not lists: a file has thousands of sections to look up
    let listed = |list: &str| keys_of(doc, list).into_iter().collect::<FxHashSet<&str>>();
    let loggers = listed("loggers");
    let handlers = listed("handlers");
    let formatters = listed("formatters");
    for section in &doc.sections {
        let Some((kind, key)) = Kind::of(&section.name) else {
            continue;
        };
        let list = match kind {
            Kind::Formatter => Some(("formatters", &formatters)),
            Kind::Handler => Some(("handlers", &handlers)),
            Kind::Logger => Some(("loggers", &loggers)),
            _ => None,
        };
        if let Some((list_name, keys)) = list
            && !keys.contains(&key)
            // `[logger_X]` sections exist only when [loggers] does; without the
            // list sections the lowering has already failed loudly.
            && doc.section(list_name).is_some()
        {
            unlisted_section(doc, section, list_name, key, out);
        }
        let reads = kind.reads(ctx);
        for option in &section.options {
            // (this runs for every option of the file)
            if reads
                .iter()
                .any(|r| crate::ini::same_short(r, &option.name))
            {
                continue;
            }
            if !dictconfig_option(option, kind, ctx, out) {
                ignored_option(section, option, kind, ctx, out);
            }
        }
    }
    for option in &doc.defaults {
        leaking_default(option, out);
    }
    unused_default(doc, out);
    // the first section configuring each (non-root) qualname
    let mut first_by_qualname: FxHashMap<&str, &LoggerDef> =
        FxHashMap::with_capacity_and_hasher(config.loggers.len(), Default::default());
    for logger in &config.loggers {
        if qualname_targets_root(logger, out) {
            continue;
        }
        qualname_separator(logger, out);
        duplicate_qualname(logger, &mut first_by_qualname, out);
    }
}

/// LC609 `unlisted-section`: A [logger_X]/[handler_X]/[formatter_X] section that its `keys` do not list: ignored.
pub const UNLISTED_SECTION: Rule = Rule {
    code: "LC609",
    name: "unlisted-section",
    severity: Severity::Warning,
    summary: "A [logger_X]/[handler_X]/[formatter_X] section that its `keys` do not list: ignored.",
    long: Some(LongDoc {
        why: "fileConfig reads only the sections its `keys` name. A section that is not listed is silently skipped, together with every mistake in it.",
        example: "[handlers]\nkeys=console\n\n[handler_file]\nclass=FileHandler\nargs=('app.log',)",
        fix: "Add the name to the `keys` list, or delete the section.",
    }),
};

fn unlisted_section(
    doc: &IniDocument,
    section: &IniSection,
    list_name: &str,
    key: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut d = Diagnostic::new(
        &UNLISTED_SECTION,
        section.header_span,
        format!("[{}] is not listed in [{list_name}] keys", section.name),
    )
    .with_label("fileConfig never reads this section")
    .with_help(format!(
        "add `{key}` to [{list_name}] keys, or delete the section"
    ));
    if let Some(keys) = doc.section(list_name).and_then(|s| s.option("keys")) {
        d = d.with_secondary(keys.value_span, "the keys fileConfig reads");
    }
    out.push(d);
}

/// How an option name is written in the file (configparser lower-cases it).
fn written_name<'t>(option: &'t IniOption, ctx: &LintContext<'t>) -> &'t str {
    let written = span_text(ctx.text, option.name_span);
    if written.is_empty() {
        &option.name
    } else {
        written
    }
}

/// LC614 `dictconfig-idiom`: A dictConfig habit in a fileConfig file (`ext://`, `cfg://`, `validate=`): not understood here.
pub const DICTCONFIG_IDIOM: Rule = Rule {
    code: "LC614",
    name: "dictconfig-idiom",
    severity: Severity::Warning,
    summary: "A dictConfig habit in a fileConfig file (`ext://`, `cfg://`, `validate=`): not understood here.",
    long: Some(LongDoc {
        why: "`ext://`, `cfg://` and `validate` belong to `logging.config.dictConfig`. fileConfig does not know them: an `ext://sys.stdout` string is just a string (every write fails), `validate=` is never read.",
        example: "[handler_console]\nclass=StreamHandler\nargs=('ext://sys.stdout',)",
        fix: "Pass Python values in `args`: `args=(sys.stdout,)`; remove `validate=`.",
    }),
};

/// An option fileConfig does not read that is a dictConfig idiom (`ext://`,
/// `cfg://`, `validate`): reported, and `true`. `LC614` in `args` strings is
/// found by the handler lints (`handlers::handler`).
fn dictconfig_option(
    option: &IniOption,
    kind: Kind,
    ctx: &LintContext<'_>,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let name = option.name.as_str();
    let value = option.value.trim();
    if !(value.starts_with("ext://") || value.starts_with("cfg://") || name == "validate") {
        return false;
    }
    let what = if name == "validate" {
        "`validate` is a dictConfig formatter key".to_string()
    } else {
        format!(
            "`{}` is a dictConfig reference",
            &value[..value.find("//").map_or(0, |i| i + 2)]
        )
    };
    let written = written_name(option, ctx);
    let d = Diagnostic::new(
        &DICTCONFIG_IDIOM,
        option.name_span.join(option.value_span),
        format!("`{written}` is ignored: {what} and fileConfig never reads this option"),
    )
    .with_label("ignored by fileConfig");
    out.push(d.with_help(match (kind, name) {
        (_, "validate") => "remove it: fileConfig's formatters are always validated".to_string(),
        (Kind::Handler, _) if value == "ext://sys.stdout" || value == "ext://sys.stderr" => {
            format!("pass the stream in `args`: args=({},)", &value[6..])
        }
        _ => "fileConfig has no `ext://`/`cfg://` references: pass Python values in `args`/`kwargs`".to_string(),
    }));
    true
}

/// LC618 `ignored-option`: An option fileConfig never reads (a typo, or a handler parameter that belongs in `args`/`kwargs`).
pub const IGNORED_OPTION: Rule = Rule {
    code: "LC618",
    name: "ignored-option",
    severity: Severity::Warning,
    summary: "An option fileConfig never reads (a typo, or a handler parameter that belongs in `args`/`kwargs`).",
    long: Some(LongDoc {
        why: "fileConfig reads a fixed set of options per section and ignores every other one without a word: a typo (`lever=`, `fromatter=`, `propagage=0`) leaves the default in place, and handler parameters written as options (`backupCount=5`, `maxBytes=`, `when=`, `encoding=`) are never passed to the handler.",
        example: "[handler_file]\nclass=handlers.RotatingFileHandler\nargs=('app.log',)\nmaxBytes=1048576\nbackupCount=5",
        fix: "Fix the option name; pass handler parameters in `args` or `kwargs`: `kwargs={'maxBytes': 1048576, 'backupCount': 5}`.",
    }),
};

fn ignored_option(
    section: &IniSection,
    option: &IniOption,
    kind: Kind,
    ctx: &LintContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let name = option.name.as_str();
    let written = written_name(option, ctx);
    let mut d = Diagnostic::new(
        &IGNORED_OPTION,
        option.name_span,
        format!(
            "option `{written}` is ignored: fileConfig never reads it in [{}]",
            section.name
        ),
    )
    .with_label("never read");
    let reads = kind.reads(ctx);
    let param = HANDLER_PARAMS.iter().find(|(lower, _)| *lower == name);
    if kind == Kind::Handler
        && let Some((_, param)) = param
    {
        let literal = python_literal(option.value.trim());
        d = d.with_help(format!(
            "handler parameters go in `args` or `kwargs`: kwargs={{'{param}': {literal}}}"
        ));
        if let Some(fix) = into_kwargs(section, option, param, &literal, ctx.text) {
            d = d.with_fix(fix);
        }
    } else if kind == Kind::Root && (name == "propagate" || name == "qualname") {
        d.message = format!("option `{written}` in [logger_root] is ignored");
        // it changes nothing (Alembic's own template writes `qualname =`)
        d.severity = Severity::Info;
        d = d.with_help(if name == "propagate" {
            "remove it: the root logger has no parent to propagate to"
        } else {
            "remove it: [logger_root] always configures the root logger"
        });
    } else if let Some(suggestion) = did_you_mean(name, reads.iter().copied()) {
        d = d.with_help(format!("did you mean `{suggestion}`?"));
    } else {
        let listed: Vec<String> = reads.iter().map(|r| format!("`{r}`")).collect();
        d = d.with_help(format!("fileConfig reads only {} here", listed.join(", ")));
    }
    out.push(d);
}

/// Moves a handler parameter written as an option (`maxBytes=1048576`) into
/// `kwargs` (unsafe: the handler then gets it, and writes differently):
/// appended to a one-line `kwargs={…}`, or, when the section has none, a
/// `kwargs=` line in its place (for the first such option only: the next
/// round appends the others).
fn into_kwargs(section: &IniSection, option: &IniOption, param: &str, literal: &str, text: &str) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix};
    let entry = format!("'{param}': {literal}");
    let line = option_line(option, text)?;
    let message = format!("Move `{param}` into `kwargs`");
    match section.options.iter().find(|o| o.name == "kwargs") {
        Some(kwargs) => {
            let value = kwargs.value.trim_end();
            if value.contains('\n') || !value.starts_with('{') || !value.ends_with('}') {
                return None;
            }
            let close = kwargs.value_span.start + value.len() - 1;
            let sep = if value[1..value.len() - 1].trim().is_empty() { "" } else { ", " };
            let insert = Edit::insert(close, format!("{sep}{entry}"));
            let (first, second) = if line.start < close { (Edit::delete(line), insert) } else { (insert, Edit::delete(line)) };
            Some(Fix::unsafe_edit(message, vec![first, second]))
        }
        None => {
            let first = section.options.iter().filter(|o| HANDLER_PARAMS.iter().any(|(l, _)| *l == o.name.as_str())).min_by_key(|o| o.name_span.start)?;
            (first.name_span == option.name_span)
                .then(|| Fix::unsafe_edit(message, vec![Edit::replace(line, format!("kwargs={{{entry}}}\n"))]))
        }
    }
}

/// The lines an option is written on (its line break included), when it is
/// written in the file.
fn option_line(option: &IniOption, text: &str) -> Option<crate::source::Span> {
    if option.line == 0 {
        return None;
    }
    let end = option.value_span.end.max(option.name_span.end);
    crate::source::lines_around(text, option.name_span.start, end)
}

/// A config value as a Python literal for a suggested `kwargs`: integers
/// stay bare, everything else is quoted.
fn python_literal(value: &str) -> String {
    let numeric = !value.is_empty() && value.chars().all(|c| c.is_ascii_digit() || c == '*');
    let quoted = value.len() >= 2
        && ((value.starts_with('\'') && value.ends_with('\''))
            || (value.starts_with('"') && value.ends_with('"')));
    if numeric || quoted || value == "True" || value == "False" {
        value.to_string()
    } else {
        crate::pyrepr::repr_str(value)
    }
}

/// LC612 `leaking-default`: A fileConfig option in [DEFAULT] applies to every section.
pub const LEAKING_DEFAULT: Rule = Rule {
    code: "LC612",
    name: "leaking-default",
    severity: Severity::Warning,
    summary: "A fileConfig option in [DEFAULT] applies to every section.",
    long: Some(LongDoc {
        why: "Options in `[DEFAULT]` are visible in every section. A `level`, `class`, `formatter`, `handlers`, `args`... there applies to every logger, handler and formatter that does not set its own.",
        example: "[DEFAULT]\nlevel=DEBUG\nformatter=simple",
        fix: "Move the option into the sections that need it.",
    }),
};

fn leaking_default(option: &IniOption, out: &mut Vec<Diagnostic>) {
    if option.origin != crate::ini::Origin::Default
        || !READ_ANYWHERE.contains(&option.name.as_str())
    {
        return;
    }
    out.push(
        Diagnostic::new(
            &LEAKING_DEFAULT,
            option.name_span.join(option.value_span),
            format!(
                "`{}` in [DEFAULT] applies to every section that does not set it",
                option.name
            ),
        )
        .with_label("inherited by every logger, handler and formatter section")
        .with_help(format!(
            "move `{}` into the sections that need it",
            option.name
        )),
    );
}

/// LC627 `unused-default`: A [DEFAULT] option that fileConfig never reads and no `%(name)s` references.
pub const UNUSED_DEFAULT: Rule = Rule {
    code: "LC627",
    name: "unused-default",
    severity: Severity::Info,
    summary: "A [DEFAULT] option that fileConfig never reads and no `%(name)s` references.",
    long: Some(LongDoc {
        why: "configparser offers `[DEFAULT]` options to every section, but fileConfig reads only its own option names (LC612 reports those), so any other `[DEFAULT]` option matters only as interpolation material: a value somewhere must say `%(name)s`. An option nothing references is dead text, often left over from a Paste/Pylons file that another program reads.",
        example: "[DEFAULT]\nlogdir=/var/log/app\n\n[handler_file]\nclass=FileHandler\nargs=('/var/log/app/app.log',)",
        fix: "Reference it (`args=('%(logdir)s/app.log',)`) or remove it. If another program reads this file, keep it and suppress the rule with `# logcheck: disable=LC627`.",
    }),
};

/// `[DEFAULT]` options that are neither read by fileConfig nor
/// interpolation material (no value anywhere says `%(name)s`).
fn unused_default(doc: &IniDocument, out: &mut Vec<Diagnostic>) {
    let values = doc
        .defaults
        .iter()
        .chain(doc.sections.iter().flat_map(|s| s.options.iter()))
        .map(|o| o.value.as_str());
    let mut referenced: Vec<String> = Vec::new();
    for value in values {
        referenced.extend(interpolation_references(value));
    }
    for option in &doc.defaults {
        if option.origin != crate::ini::Origin::Default
            || READ_ANYWHERE.contains(&option.name.as_str())
            || referenced.iter().any(|r| *r == option.name)
        {
            continue;
        }
        out.push(
            Diagnostic::new(
                &UNUSED_DEFAULT,
                option.name_span.join(option.value_span),
                format!(
                    "`{}` in [DEFAULT] is never used: fileConfig does not read it and no value says %({})s",
                    option.name, option.name
                ),
            )
            .with_label("read by nothing in this file")
            .with_help(format!(
                "remove `{}`; if another program reads this file (Paste, alembic), keep it and add `# logcheck: disable=LC627` above it",
                option.name
            )),
        );
    }
}

/// The names `%(name)s` refers to in a value, lower-cased as configparser's
/// `optionxform` does (`%%` is a literal percent).
fn interpolation_references(value: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = value;
    while let Some(at) = rest.find('%') {
        let after = &rest[at + 1..];
        if let Some(tail) = after.strip_prefix('%') {
            rest = tail;
        } else if let Some(inner) = after.strip_prefix('(')
            && let Some(end) = inner.find(')')
        {
            names.push(inner[..end].to_lowercase());
            rest = &inner[end + 1..];
        } else {
            rest = after;
        }
    }
    names
}

/// LC610 `qualname-targets-root`: `qualname=root` or an empty qualname in a non-root section: it reconfigures the root logger.
pub const QUALNAME_TARGETS_ROOT: Rule = Rule {
    code: "LC610",
    name: "qualname-targets-root",
    severity: Severity::Warning,
    summary: "`qualname=root` or an empty qualname in a non-root section: it reconfigures the root logger.",
    long: Some(LongDoc {
        why: "`getLogger('root')` and `getLogger('')` are the root logger: a `[logger_X]` section with `qualname=root` or an empty qualname reconfigures root, replacing the level and handlers `[logger_root]` set.",
        example: "[logger_main]\nqualname=\nhandlers=",
        fix: "Give the logger its own dotted name, or merge the section into `[logger_root]`.",
    }),
};

/// Reports a non-root section that configures the root logger; `true` if it does.
fn qualname_targets_root(logger: &LoggerDef, out: &mut Vec<Diagnostic>) -> bool {
    if !logger.targets_root {
        return false;
    }
    let qualname = &logger.qualname;
    let shown = if qualname.value.is_empty() {
        "an empty qualname".to_string()
    } else {
        format!("qualname={}", qualname.value)
    };
    out.push(
        Diagnostic::new(
            &QUALNAME_TARGETS_ROOT,
            qualname.span,
            format!(
                "[logger_{}] has {shown}: it reconfigures the root logger",
                logger.key.value
            ),
        )
        .with_label("getLogger() of this name is the root logger")
        .with_secondary(
            logger.section,
            "this section replaces [logger_root]'s level and handlers",
        )
        .with_help("give the logger its own dotted name, or merge this section into [logger_root]"),
    );
    true
}

/// LC621 `qualname-separator`: A qualname with a comma or whitespace: it names ONE logger, not several.
pub const QUALNAME_SEPARATOR: Rule = Rule {
    code: "LC621",
    name: "qualname-separator",
    severity: Severity::Warning,
    summary: "A qualname with a comma or whitespace: it names ONE logger, not several.",
    long: Some(LongDoc {
        why: "`qualname` is one logger name. `qualname=a,b` configures a single logger named `a,b` that no code uses; `a` and `b` stay unconfigured.",
        example: "[logger_libs]\nqualname=requests,urllib3",
        fix: "Write one `[logger_X]` section per logger.",
    }),
};

fn qualname_separator(logger: &LoggerDef, out: &mut Vec<Diagnostic>) {
    let qualname = &logger.qualname;
    let separated = if qualname.value.is_ascii() {
        qualname
            .value
            .bytes()
            .any(|b| b == b',' || b.is_ascii_whitespace() || b == b'\x0b')
    } else {
        qualname
            .value
            .chars()
            .any(|c| c == ',' || c.is_whitespace())
    };
    if !separated {
        return;
    }
    let parts: Vec<String> = qualname
        .value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .map(|p| format!("qualname={p}"))
        .collect();
    let separator = if qualname.value.contains(',') {
        "a comma"
    } else {
        "whitespace"
    };
    out.push(
        Diagnostic::new(
            &QUALNAME_SEPARATOR,
            qualname.span,
            format!(
                "qualname `{}` names one logger whose name contains {separator}",
                qualname.value,
            ),
        )
        .with_label("this whole text is the logger name")
        .with_help(format!(
            "write one [logger_X] section per logger ({})",
            parts.join(", ")
        )),
    );
}

/// LC611 `duplicate-qualname`: Two logger sections with the same qualname: the later one wins.
pub const DUPLICATE_QUALNAME: Rule = Rule {
    code: "LC611",
    name: "duplicate-qualname",
    severity: Severity::Warning,
    summary: "Two logger sections with the same qualname: the later one wins.",
    long: Some(LongDoc {
        why: "Two sections that configure the same logger: the later one replaces the earlier one's level and handlers, so the earlier section has no effect.",
        example: "[logger_a]\nqualname=app\n\n[logger_b]\nqualname=app",
        fix: "Merge the sections, or fix the qualname of one.",
    }),
};

/// `first_by_qualname`: the first section configuring each qualname so far.
fn duplicate_qualname<'c>(
    logger: &'c LoggerDef,
    first_by_qualname: &mut FxHashMap<&'c str, &'c LoggerDef>,
    out: &mut Vec<Diagnostic>,
) {
    let qualname = &logger.qualname;
    let earlier = *first_by_qualname
        .entry(qualname.value.as_str())
        .or_insert(logger);
    if std::ptr::eq(earlier, logger) {
        return;
    }
    out.push(
        Diagnostic::new(
            &DUPLICATE_QUALNAME,
            qualname.span,
            format!(
                "[logger_{}] and [logger_{}] both configure logger `{}`",
                earlier.key.value, logger.key.value, qualname.value
            ),
        )
        .with_label("this later section wins")
        .with_secondary(earlier.qualname.span, "first configured here")
        .with_help("merge the two sections, or fix the qualname of one"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation_references_are_lower_cased_and_skip_double_percent() {
        assert_eq!(
            interpolation_references("%(Here)s/x %%(not)s %(logdir)s %(open"),
            vec!["here".to_string(), "logdir".to_string()]
        );
    }
}
