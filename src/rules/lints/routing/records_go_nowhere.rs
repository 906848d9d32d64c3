//! LC606: a logger whose records reach no handler.

use super::{Configured, Routing};
use crate::diagnostic::{Diagnostic, Severity};
use crate::hierarchy::{Hierarchy, Route};
use crate::rules::{LongDoc, Rule};

/// LC606 `records-go-nowhere`: A logger whose records reach no handler: lost, or printed bare by the last-resort handler.
pub const RECORDS_GO_NOWHERE: Rule = Rule {
    code: "LC606",
    name: "records-go-nowhere",
    severity: Severity::Warning,
    summary: "A logger whose records reach no handler: lost, or printed bare by the last-resort handler.",
    long: Some(LongDoc {
        why: "A logger with no handler of its own that does not propagate, or whose ancestors up to root have no handler either (or a root logger without handlers), hands its records to no handler. Python then uses the last-resort handler: WARNING and above are printed to stderr as bare messages, without the format; lower levels are lost.",
        example: "[logger_app]\nqualname=app\nhandlers=\npropagate=0",
        fix: "Give the logger (or root) a handler, or let it propagate to a logger that has one.",
    }),
};

/// Reports `logger` when its records reach no handler. When no logger has
/// one, root's report says so once (instead of one report per logger).
pub(in crate::rules::lints) fn check(
    routing: &Routing<'_>,
    logger: &Configured<'_>,
    route: &Route,
    out: &mut Vec<Diagnostic>,
) {
    let is_root = logger.id == Hierarchy::ROOT;
    if !route.deliveries.is_empty() || (!is_root && routing.nothing_has_handlers) {
        return;
    }
    // the logger whose propagate=0 ended the walk (root ends every walk)
    let stopper = route
        .stopped_at
        .filter(|&id| id != Hierarchy::ROOT)
        .and_then(|id| routing.by_id(id));
    let mut d = Diagnostic::new(
        &RECORDS_GO_NOWHERE,
        logger.section,
        message(routing, logger, stopper),
    )
    .with_label("no handler on the way")
    .with_note("WARNING and above are printed bare on stderr by the last-resort handler; lower levels are lost")
    .with_help(help(routing.config.words(), is_root, stopper.is_some()));
    if let Some(span) = stopper.and_then(|s| s.propagate_span) {
        d = d.with_secondary(span, "propagation stops here");
    }
    out.push(d);
}

fn help(words: crate::model::Words, is_root: bool, stopped: bool) -> String {
    let (root, off) = (words.root, words.propagate_off);
    if is_root {
        format!("give {root} a handler ({})", words.handlers_example)
    } else if stopped {
        format!("give the logger a handler, or remove {off} so its records reach root's handlers")
    } else {
        format!("give the logger or {root} a handler")
    }
}

fn message(
    routing: &Routing<'_>,
    logger: &Configured<'_>,
    stopper: Option<&Configured<'_>>,
) -> String {
    if logger.id == Hierarchy::ROOT {
        return if routing.nothing_has_handlers {
            "no logger has a handler: every record reaches no handler".to_string()
        } else {
            "the root logger has no handlers: records that propagate to it reach no handler"
                .to_string()
        };
    }
    match stopper {
        Some(s) if s.id == logger.id => format!(
            "records logged on `{}` reach no handler: it has none and {}",
            logger.display,
            routing.config.words().propagate_off
        ),
        Some(s) => format!(
            "records logged on `{}` reach no handler: neither it nor the loggers up to `{}` ({}) have one",
            logger.display,
            s.display,
            routing.config.words().propagate_off
        ),
        None => format!(
            "records logged on `{}` reach no handler: neither it nor any logger above it, root included, has one",
            logger.display
        ),
    }
}
