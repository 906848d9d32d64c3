//! LC607 and LC608: handlers no logger names and formatters no handler
//! names. They read the document's lists (not the routing): fileConfig builds
//! every listed handler whether or not the rest of the file loads.

use crate::diagnostic::{Diagnostic, Severity};
use crate::dictconfig::{Node, NodeValue};
use crate::ini::IniDocument;
use crate::rules::lints::{keys_of, list_items, raw_option};
use crate::rules::{LongDoc, Rule};
use crate::source::Span;
use rustc_hash::FxHashSet;

/// Unused handlers, then unused formatters.
pub(in crate::rules::lints) fn run(doc: &IniDocument, out: &mut Vec<Diagnostic>) {
    let used = Used::new(doc);
    unused_handler(doc, &used, out);
    unused_formatter(doc, &used, out);
}

/// The listed handlers, and the handlers and formatters something names.
struct Used<'d> {
    handlers: Vec<&'d str>,
    used_handlers: FxHashSet<&'d str>,
    used_formatters: FxHashSet<&'d str>,
}

impl<'d> Used<'d> {
    fn new(doc: &'d IniDocument) -> Self {
        let handlers = keys_of(doc, "handlers");
        let mut used_handlers: FxHashSet<&str> = FxHashSet::default();
        // one buffer for thousands of `logger_<key>` names
        let mut name = String::new();
        for key in keys_of(doc, "loggers") {
            name.clear();
            name.push_str("logger_");
            name.push_str(key);
            if let Some(option) = raw_option(doc, &name, "handlers") {
                used_handlers.extend(list_items(&option.value));
            }
        }
        let mut used_formatters: FxHashSet<&str> = FxHashSet::default();
        for key in &handlers {
            let section = crate::model::section_name("handler_", key);
            if let Some(option) = raw_option(doc, &section, "target") {
                used_handlers.insert(crate::pyrepr::py_strip(&option.value));
            }
            if let Some(option) = raw_option(doc, &section, "formatter") {
                used_formatters.insert(crate::pyrepr::py_strip(&option.value));
            }
        }
        Used {
            handlers,
            used_handlers,
            used_formatters,
        }
    }
}

/// The span of `key` in `[list] keys`.
fn item_span(doc: &IniDocument, list: &str, key: &str) -> Option<Span> {
    let option = doc.section(list).and_then(|s| s.option("keys"))?;
    let mut offset = 0;
    for item in crate::pyrepr::split_commas(&option.value) {
        let stripped = crate::pyrepr::py_strip(item);
        if stripped == key {
            let at = offset + item.find(stripped).unwrap_or(0);
            return Some(option.span_of(at..at + key.len()));
        }
        offset += item.len() + 1;
    }
    None
}

/// LC607 `unused-handler`: A handler that no logger uses (it is still built: files are created).
pub const UNUSED_HANDLER: Rule = Rule {
    code: "LC607",
    name: "unused-handler",
    severity: Severity::Warning,
    summary: "A handler that no logger uses (it is still built: files are created).",
    long: Some(LongDoc {
        why: "fileConfig builds every handler listed in `[handlers] keys`, used or not: an unused file handler still creates (or truncates) its file, a socket handler still resolves its host.",
        example: "[handlers]\nkeys=console,file\n\n[logger_root]\nhandlers=console",
        fix: "Attach the handler to a logger, or remove it from `keys` and delete its section.",
    }),
};

fn unused_handler(doc: &IniDocument, used: &Used<'_>, out: &mut Vec<Diagnostic>) {
    for key in &used.handlers {
        let Some(section) = doc.section(&crate::model::section_name("handler_", key)) else {
            continue;
        };
        if used.used_handlers.contains(*key) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &UNUSED_HANDLER,
                item_span(doc, "handlers", key).unwrap_or(section.header_span),
                format!("handler `{key}` is not used by any logger"),
            )
            .with_label("declared here")
            .with_secondary(section.header_span, "built anyway (a file handler creates its file)")
            .with_help(format!(
                "add `{key}` to a logger's handlers, or remove it from [handlers] keys and delete [handler_{key}]"
            )),
        );
    }
}

/// LC608 `unused-formatter`: A formatter that no handler uses.
pub const UNUSED_FORMATTER: Rule = Rule {
    code: "LC608",
    name: "unused-formatter",
    severity: Severity::Warning,
    summary: "A formatter that no handler uses.",
    long: Some(LongDoc {
        why: "A formatter no handler names has no effect; often a handler's `formatter=` is misspelled or missing.",
        example: "[formatters]\nkeys=simple,detailed\n\n[handler_console]\nformatter=simple",
        fix: "Set `formatter=` on the handler that should use it, or remove it from `keys`.",
    }),
};

fn unused_formatter(doc: &IniDocument, used: &Used<'_>, out: &mut Vec<Diagnostic>) {
    let has_keys = doc
        .section("formatters")
        .and_then(|s| s.option("keys"))
        .is_some();
    for key in keys_of(doc, "formatters") {
        let Some(section) = doc.section(&crate::model::section_name("formatter_", key)) else {
            continue;
        };
        if used.used_formatters.contains(key) {
            continue;
        }
        let mut d = Diagnostic::new(
            &UNUSED_FORMATTER,
            item_span(doc, "formatters", key).unwrap_or(section.header_span),
            format!("formatter `{key}` is not used by any handler"),
        )
        .with_label("declared here")
        .with_help(format!(
            "set `formatter={key}` on a handler, or remove it from [formatters] keys"
        ));
        if has_keys {
            d = d.with_secondary(section.header_span, "defined here");
        }
        out.push(d);
    }
}

/// LC607 and LC608 on a dictConfig document that loads: handlers no logger
/// (nor a MemoryHandler's `target`) names, formatters no handler names.
/// dictConfig builds every entry of `handlers` and `formatters` anyway.
pub(crate) fn run_dictconfig(document: &Node, out: &mut Vec<Diagnostic>) {
    let handlers = entries(document, "handlers");
    let mut used_handlers: FxHashSet<&str> = FxHashSet::default();
    let loggers = entries(document, "loggers").into_iter().map(|(_, l)| l);
    for logger in loggers.chain(document.get("root")) {
        used_handlers.extend(strings(logger.get("handlers")));
    }
    let mut used_formatters: FxHashSet<&str> = FxHashSet::default();
    for (_, entry) in &handlers {
        used_handlers.extend(entry.get("target").and_then(Node::as_str));
        used_formatters.extend(entry.get("formatter").and_then(Node::as_str));
    }
    for (key, _) in handlers.iter().filter(|(k, _)| !used_handlers.contains(k.as_str().unwrap_or(""))) {
        let name = key.as_str().unwrap_or("");
        out.push(
            Diagnostic::new(&UNUSED_HANDLER, key.span, format!("handler `{name}` is not used by any logger"))
                .with_label("built anyway (a file handler creates its file)")
                .with_help(format!("add `{name}` to a logger's `handlers`, or delete its entry")),
        );
    }
    for (key, _) in entries(document, "formatters") {
        let name = key.as_str().unwrap_or("");
        if !used_formatters.contains(name) {
            out.push(
                Diagnostic::new(&UNUSED_FORMATTER, key.span, format!("formatter `{name}` is not used by any handler"))
                    .with_label("defined here")
                    .with_help(format!("set `formatter: {name}` on a handler, or delete its entry")),
            );
        }
    }
}

/// The entries with string keys of the mapping under `section`.
fn entries<'d>(document: &'d Node, section: &str) -> Vec<(&'d Node, &'d Node)> {
    match document.get(section).map(|s| &s.value) {
        // a host's defaults (gunicorn's) have empty spans: not the user's to remove
        Some(NodeValue::Map(entries)) => (entries.iter())
            .filter(|(k, _)| k.as_str().is_some() && !k.span.is_empty())
            .map(|(k, v)| (k, v))
            .collect(),
        _ => Vec::new(),
    }
}

/// The strings of a list node.
fn strings(list: Option<&Node>) -> impl Iterator<Item = &str> {
    let items = match list.map(|l| &l.value) {
        Some(NodeValue::List(items)) => items.as_slice(),
        _ => &[],
    };
    items.iter().filter_map(Node::as_str)
}
