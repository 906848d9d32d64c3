//! Routing lints, answered by the one routing engine
//! ([`Hierarchy::configure`] + [`Hierarchy::route`]): records that reach a
//! handler twice, records that reach no handler, handler levels that filter
//! nothing; and handlers/formatters nothing uses.

use super::{LintContext, keys_of, list_items, raw_option};
use crate::diagnostic::Diagnostic;
use crate::hierarchy::{Existing, Hierarchy, LoggerId, Route};
use crate::ini::IniDocument;
use crate::level::Level;
use crate::model::Config;
use crate::rules;
use crate::source::{Span, Spanned};
use compact_str::CompactString;
use rustc_hash::FxHashSet;

/// A logger section as the routing lints see it.
struct Configured<'c> {
    id: LoggerId,
    /// `root` or the qualname.
    display: &'c str,
    section: Span,
    handlers: &'c [Spanned<CompactString>],
    propagate_span: Option<Span>,
}

pub(super) fn run(
    _doc: &IniDocument,
    config: &Config,
    _ctx: &LintContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    // Every handler a logger names must be in the model, or routing would
    // under-count deliveries (a handler logcheck could not build).
    let all_refs = config
        .root
        .handlers
        .iter()
        .chain(config.loggers.iter().flat_map(|l| l.handlers.iter()));
    let handler_keys: FxHashSet<&str> = config
        .handlers
        .iter()
        .map(|h| h.key.value.as_str())
        .collect();
    if all_refs
        .clone()
        .any(|h| !handler_keys.contains(h.value.as_str()))
    {
        return;
    }
    let (hierarchy, ids) = Hierarchy::configure_with_ids(config, &Existing::default());
    let mut configured: Vec<Configured<'_>> = Vec::with_capacity(config.loggers.len() + 1);
    configured.push(Configured {
        id: Hierarchy::ROOT,
        display: "root",
        section: config.root.section,
        handlers: &config.root.handlers,
        propagate_span: None,
    });
    // where each logger is in `configured`, by logger id (ids are dense)
    let mut position: Vec<Option<usize>> = vec![None; hierarchy.loggers().len()];
    position[Hierarchy::ROOT.0] = Some(0);
    for (def, &id) in config.loggers.iter().zip(&ids) {
        let entry = Configured {
            id,
            display: if id == Hierarchy::ROOT {
                "root"
            } else {
                &def.qualname.value
            },
            section: def.section,
            handlers: &def.handlers,
            propagate_span: def.propagate_given.then_some(def.propagate.span),
        };
        // A later section for the same logger replaces the earlier one.
        match position.get(id.0) {
            Some(&Some(i)) => configured[i] = entry,
            _ => {
                if let Some(slot) = position.get_mut(id.0) {
                    *slot = Some(configured.len());
                }
                configured.push(entry);
            }
        }
    }
    let no_levels = vec![Level::NOTSET; config.handlers.len()];
    let nothing_has_handlers = configured.iter().all(|c| c.handlers.is_empty());
    let by_id = |id: LoggerId| position.get(id.0).and_then(|&i| configured.get(i?));
    let handler_item = |c: &Configured<'_>, key: &str| {
        c.handlers
            .iter()
            .find(|h| h.value == key)
            .map_or(c.section, |h| h.span)
    };

    // which configured loggers reach each handler, with their effective level
    // The least effective level of the loggers whose records reach each handler.
    let mut least_reaching: Vec<Option<Level>> = vec![None; config.handlers.len()];
    let mut route = Route::default();
    for logger in &configured {
        hierarchy.route_into(logger.id, Level::CRITICAL, &no_levels, &mut route);
        if route.dropped.is_some() {
            continue;
        }
        let effective = hierarchy.effective_level(logger.id);
        for delivery in &route.deliveries {
            if let Some(least) = least_reaching.get_mut(delivery.handler) {
                *least = Some(least.map_or(effective, |l| l.min(effective)));
            }
        }
        // LC605: the same handler twice, first attached to this logger
        let mut reported = Vec::new();
        for (i, first) in route.deliveries.iter().enumerate() {
            if first.via != logger.id || reported.contains(&first.handler) {
                continue;
            }
            let Some(second) = route.deliveries[i + 1..]
                .iter()
                .find(|d| d.handler == first.handler)
            else {
                continue;
            };
            reported.push(first.handler);
            let Some(key) = config.handlers.get(first.handler).map(|h| &h.key.value) else {
                continue;
            };
            let ancestor = by_id(second.via);
            let ancestor_name = ancestor.map_or("an ancestor".to_string(), |a| {
                if a.id == Hierarchy::ROOT {
                    "root".to_string()
                } else {
                    format!("`{}`", a.display)
                }
            });
            let mut d = Diagnostic::new(
                &rules::DUPLICATE_DELIVERY,
                handler_item(logger, key),
                format!(
                    "records logged on `{}` reach handler `{key}` twice: through `{}` and through {ancestor_name}",
                    logger.display, logger.display
                ),
            )
            .with_label("first delivery")
            .with_help(format!(
                "remove `{key}` from one of the two loggers, or set propagate=0 on `{}`",
                logger.display
            ));
            if let Some(a) = ancestor {
                d = d.with_secondary(handler_item(a, key), "second delivery, after propagation");
            }
            if let Some(span) = logger.propagate_span {
                d = d.with_secondary(span, "propagation is on");
            }
            out.push(d);
        }
        // LC606: nothing reaches a handler. When no logger has one, root's
        // report says so once.
        if route.deliveries.is_empty() && (logger.id == Hierarchy::ROOT || !nothing_has_handlers) {
            let stopper = route
                .stopped_at
                .filter(|&id| id != Hierarchy::ROOT)
                .and_then(by_id);
            let message = if logger.id == Hierarchy::ROOT && nothing_has_handlers {
                "no logger has a handler: every record reaches no handler".to_string()
            } else if logger.id == Hierarchy::ROOT {
                "the root logger has no handlers: records that propagate to it reach no handler"
                    .to_string()
            } else {
                match stopper {
                    Some(s) if s.id == logger.id => format!(
                        "records logged on `{}` reach no handler: it has none and propagate=0",
                        logger.display
                    ),
                    Some(s) => format!(
                        "records logged on `{}` reach no handler: neither it nor the loggers up to `{}` (propagate=0) have one",
                        logger.display, s.display
                    ),
                    None => format!(
                        "records logged on `{}` reach no handler: neither it nor any logger above it, root included, has one",
                        logger.display
                    ),
                }
            };
            let mut d = Diagnostic::new(&rules::RECORDS_GO_NOWHERE, logger.section, message)
                .with_label("no handler on the way")
                .with_note("WARNING and above are printed bare on stderr by the last-resort handler; lower levels are lost")
                .with_help(if logger.id == Hierarchy::ROOT {
                    "give [logger_root] a handler (handlers=console)"
                } else if stopper.is_some() {
                    "give the logger a handler, or remove propagate=0 so its records reach root's handlers"
                } else {
                    "give the logger or [logger_root] a handler"
                });
            if let Some(span) = stopper.and_then(|s| s.propagate_span) {
                d = d.with_secondary(span, "propagation stops here");
            }
            out.push(d);
        }
    }

    // LC615: handler levels that filter nothing
    for (i, def) in config.handlers.iter().enumerate() {
        let (Some(span), Some(&Some(least))) = (def.level_span, least_reaching.get(i)) else {
            continue;
        };
        if def.level > Level::NOTSET && least > def.level {
            out.push(
                Diagnostic::new(
                    &rules::INEFFECTIVE_HANDLER_LEVEL,
                    span,
                    format!(
                        "handler `{}` level {} filters nothing: every logger that reaches it is at {} or stricter",
                        def.key.value,
                        def.level.name(),
                        least.name()
                    ),
                )
                .with_label("never rejects a record")
                .with_help("lower the logger level to let more through, or drop the handler level"),
            );
        }
    }
}

/// LC607/LC608: handlers no logger names and formatters no handler names.
pub(super) fn unused(doc: &IniDocument, out: &mut Vec<Diagnostic>) {
    let loggers = keys_of(doc, "loggers");
    let handlers = keys_of(doc, "handlers");
    let mut used_handlers: FxHashSet<&str> = FxHashSet::default();
    // one buffer for thousands of `logger_<key>` names
    let mut name = String::new();
    for key in &loggers {
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
    let keys_span = |list: &str| {
        doc.section(list)
            .and_then(|s| s.option("keys"))
            .map(|o| o.value_span)
    };
    let item_span = |list: &str, key: &str| {
        let option = doc.section(list).and_then(|s| s.option("keys"))?;
        let mut offset = 0;
        for item in option.value.split(',') {
            let stripped = crate::pyrepr::py_strip(item);
            if stripped == key {
                let at = offset + item.find(stripped).unwrap_or(0);
                return Some(option.span_of(at..at + key.len()));
            }
            offset += item.len() + 1;
        }
        None
    };
    for key in &handlers {
        let Some(section) = doc.section(&crate::model::section_name("handler_", key)) else {
            continue;
        };
        if used_handlers.contains(*key) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &rules::UNUSED_HANDLER,
                item_span("handlers", key).unwrap_or(section.header_span),
                format!("handler `{key}` is not used by any logger"),
            )
            .with_label("declared here")
            .with_secondary(section.header_span, "built anyway (a file handler creates its file)")
            .with_help(format!(
                "add `{key}` to a logger's handlers, or remove it from [handlers] keys and delete [handler_{key}]"
            )),
        );
    }
    for key in keys_of(doc, "formatters") {
        let Some(section) = doc.section(&crate::model::section_name("formatter_", key)) else {
            continue;
        };
        if used_formatters.contains(key) {
            continue;
        }
        let mut d = Diagnostic::new(
            &rules::UNUSED_FORMATTER,
            item_span("formatters", key).unwrap_or(section.header_span),
            format!("formatter `{key}` is not used by any handler"),
        )
        .with_label("declared here")
        .with_help(format!(
            "set `formatter={key}` on a handler, or remove it from [formatters] keys"
        ));
        if keys_span("formatters").is_some() {
            d = d.with_secondary(section.header_span, "defined here");
        }
        out.push(d);
    }
}
