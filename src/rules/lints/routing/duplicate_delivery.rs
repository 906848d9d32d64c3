//! LC605: one record reaching the same handler twice through propagation.

use super::{Configured, Routing};
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::hierarchy::{Hierarchy, Route};
use crate::rules::{LongDoc, Rule};

/// LC605 `duplicate-delivery`: One record reaches the same handler twice through propagation: every line is printed twice.
pub const DUPLICATE_DELIVERY: Rule = Rule {
    code: "LC605",
    name: "duplicate-delivery",
    severity: Severity::Warning,
    summary: "One record reaches the same handler twice through propagation: every line is printed twice.",
    long: Some(LongDoc {
        why: "A record is handled by the logger's own handlers and then, while `propagate` is true, by every ancestor's. The same handler on a logger and on one of its ancestors writes every record twice.",
        example: "[logger_root]\nhandlers=console\n\n[logger_app]\nqualname=app\nhandlers=console",
        fix: "Attach the handler once (usually to root), or set `propagate=0` on the child logger.",
    }),
};

/// Each handler that `logger`'s records reach twice, first through `logger`
/// itself (a duplicate first attached higher up is the ancestor's finding).
pub(in crate::rules::lints) fn check(
    routing: &Routing<'_>,
    logger: &Configured<'_>,
    route: &Route,
    out: &mut Vec<Diagnostic>,
) {
    for (i, first) in route.deliveries.iter().enumerate() {
        // Reported already when an earlier delivery through `logger` named
        // the same handler (a scan of a few deliveries, where a list of the
        // reported handlers cost an allocation per finding).
        let earlier = &route.deliveries[..i];
        // a handler whose filter rejects the logger's records prints nothing
        if first.via != logger.id
            || matches!(first.gate, crate::hierarchy::Gate::Filtered(_))
            || earlier
                .iter()
                .any(|d| d.via == logger.id && d.handler == first.handler)
        {
            continue;
        }
        let Some(second) = route.deliveries[i + 1..]
            .iter()
            .find(|d| d.handler == first.handler)
        else {
            continue;
        };
        let Some(key) = routing
            .config
            .handlers
            .get(first.handler)
            .map(|h| &h.key.value)
        else {
            continue;
        };
        let ancestor = routing.by_id(second.via);
        // The message and help are joined from their pieces into strings of
        // exactly their length: `format!` cost more than the rest of the
        // finding, and with a finding per logger that was ≈ 8 % of a
        // `check --format json` process (docs/performance.md).
        let display = logger.display;
        let ancestor_name = match ancestor {
            None => ["an ancestor", "", ""],
            Some(a) if a.id == Hierarchy::ROOT => ["root", "", ""],
            Some(a) => ["`", a.display, "`"],
        };
        let message = [
            "records logged on `",
            display,
            "` reach handler `",
            key,
            "` twice: through `",
            display,
            "` and through ",
            ancestor_name[0],
            ancestor_name[1],
            ancestor_name[2],
        ]
        .concat();
        let help = [
            "remove `",
            key,
            "` from one of the two loggers, or set ",
            routing.config.words().propagate_off,
            " on `",
            display,
            "`",
        ]
        .concat();
        // Filled in where it stands: each `with_*` call moved the whole
        // diagnostic (a copy per call, with a finding per logger).
        let mut d = Diagnostic::new(&DUPLICATE_DELIVERY, logger.handler_item(key), message);
        d.primary.message = "first delivery".into();
        d.help = Some(help.into());
        // At most two related places: room for exactly those.
        d.secondary.reserve_exact(2);
        if let Some(a) = ancestor {
            let span = a.handler_item(key);
            d.secondary.push(Label::new(span, "second delivery, after propagation"));
        }
        if let Some(span) = logger.propagate_span {
            d.secondary.push(Label::new(span, "propagation is on"));
        }
        out.push(d);
    }
}

