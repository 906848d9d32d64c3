//! Section-level lints: unlisted sections, options fileConfig never reads,
//! qualnames that do not name what they seem to, and `[DEFAULT]` leaks.

use super::{LintContext, keys_of, span_text};
use crate::diagnostic::Diagnostic;
use crate::ini::{IniDocument, IniSection};
use crate::model::Config;
use crate::rules;
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
            unlisted(doc, section, list_name, key, out);
        }
        ignored_options(section, kind, ctx, out);
    }
    leaking_defaults(doc, out);
    unused_defaults(doc, out);
    qualnames(config, ctx, out);
}

fn unlisted(
    doc: &IniDocument,
    section: &IniSection,
    list_name: &str,
    key: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut d = Diagnostic::new(
        &rules::UNLISTED_SECTION,
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

fn ignored_options(
    section: &IniSection,
    kind: Kind,
    ctx: &LintContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let reads = kind.reads(ctx);
    for option in &section.options {
        let name = option.name.as_str();
        // (this runs for every option of the file)
        if reads.iter().any(|r| crate::ini::same_short(r, name)) {
            continue;
        }
        let written = span_text(ctx.text, option.name_span);
        let written = if written.is_empty() { name } else { written };
        let value = option.value.trim();
        if value.starts_with("ext://") || value.starts_with("cfg://") || name == "validate" {
            let what = if name == "validate" {
                "`validate` is a dictConfig formatter key".to_string()
            } else {
                format!(
                    "`{}` is a dictConfig reference",
                    &value[..value.find("//").map_or(0, |i| i + 2)]
                )
            };
            let mut d = Diagnostic::new(
                &rules::DICTCONFIG_IDIOM,
                option.name_span.join(option.value_span),
                format!("`{written}` is ignored: {what} and fileConfig never reads this option"),
            )
            .with_label("ignored by fileConfig");
            d = d.with_help(match (kind, name) {
                (_, "validate") => "remove it: fileConfig's formatters are always validated".to_string(),
                (Kind::Handler, _) if value == "ext://sys.stdout" || value == "ext://sys.stderr" => {
                    format!("pass the stream in `args`: args=({},)", &value[6..])
                }
                _ => "fileConfig has no `ext://`/`cfg://` references: pass Python values in `args`/`kwargs`".to_string(),
            });
            out.push(d);
            continue;
        }
        let mut d = Diagnostic::new(
            &rules::IGNORED_OPTION,
            option.name_span,
            format!(
                "option `{written}` is ignored: fileConfig never reads it in [{}]",
                section.name
            ),
        )
        .with_label("never read");
        let param = HANDLER_PARAMS.iter().find(|(lower, _)| *lower == name);
        if kind == Kind::Handler
            && let Some((_, param)) = param
        {
            let literal = python_literal(value);
            d = d.with_help(format!(
                "handler parameters go in `args` or `kwargs`: kwargs={{'{param}': {literal}}}"
            ));
        } else if kind == Kind::Root && (name == "propagate" || name == "qualname") {
            d.message = format!("option `{written}` in [logger_root] is ignored");
            d = d.with_help(if name == "propagate" {
                "remove it: the root logger has no parent to propagate to"
            } else {
                "remove it: [logger_root] always configures the root logger"
            });
        } else if let Some(suggestion) = did_you_mean(name, reads.iter().copied()) {
            d = d.with_help(format!("did you mean `{suggestion}`?"));
        } else {
            d = d.with_help(format!(
                "fileConfig reads only {} here",
                reads
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        out.push(d);
    }
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

fn leaking_defaults(doc: &IniDocument, out: &mut Vec<Diagnostic>) {
    for option in &doc.defaults {
        if option.origin != crate::ini::Origin::Default
            || !READ_ANYWHERE.contains(&option.name.as_str())
        {
            continue;
        }
        out.push(
            Diagnostic::new(
                &rules::LEAKING_DEFAULT,
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
}

/// LC627: `[DEFAULT]` options that are neither read by fileConfig nor
/// interpolation material (no value anywhere says `%(name)s`).
fn unused_defaults(doc: &IniDocument, out: &mut Vec<Diagnostic>) {
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
                &rules::UNUSED_DEFAULT,
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

fn qualnames(config: &Config, ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    // the first section configuring each (non-root) qualname
    let mut first_by_qualname: FxHashMap<&str, &crate::model::LoggerDef> =
        FxHashMap::with_capacity_and_hasher(config.loggers.len(), Default::default());
    for logger in &config.loggers {
        let qualname = &logger.qualname;
        if logger.targets_root {
            let shown = if qualname.value.is_empty() {
                "an empty qualname".to_string()
            } else {
                format!("qualname={}", qualname.value)
            };
            out.push(
                Diagnostic::new(
                    &rules::QUALNAME_TARGETS_ROOT,
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
                .with_help(
                    "give the logger its own dotted name, or merge this section into [logger_root]",
                ),
            );
            continue;
        }
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
        if separated {
            let parts: Vec<&str> = qualname
                .value
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|p| !p.is_empty())
                .collect();
            out.push(
                Diagnostic::new(
                    &rules::QUALNAME_SEPARATOR,
                    qualname.span,
                    format!(
                        "qualname `{}` names one logger whose name contains {}",
                        qualname.value,
                        if qualname.value.contains(',') {
                            "a comma"
                        } else {
                            "whitespace"
                        }
                    ),
                )
                .with_label("this whole text is the logger name")
                .with_help(format!(
                    "write one [logger_X] section per logger ({})",
                    parts
                        .iter()
                        .map(|p| format!("qualname={p}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
        let earlier = *first_by_qualname
            .entry(qualname.value.as_str())
            .or_insert(logger);
        if !std::ptr::eq(earlier, logger) {
            out.push(
                Diagnostic::new(
                    &rules::DUPLICATE_QUALNAME,
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
    }
    let _ = ctx;
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
