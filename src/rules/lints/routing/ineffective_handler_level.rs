//! LC615: a handler level that filters nothing.

use super::Routing;
use crate::diagnostic::{Diagnostic, Severity};
use crate::level::Level;
use crate::rules::{LongDoc, Rule};

/// LC615 `ineffective-handler-level`: A handler level that filters nothing: every logger that reaches it is at least as strict.
pub const INEFFECTIVE_HANDLER_LEVEL: Rule = Rule {
    code: "LC615",
    name: "ineffective-handler-level",
    severity: Severity::Info,
    summary: "A handler level that filters nothing: every logger that reaches it is at least as strict.",
    long: Some(LongDoc {
        why: "A handler level only matters when a record below it can reach the handler. If every logger that reaches it already has a stricter effective level, the handler level filters nothing (harmless, but it suggests a level was meant elsewhere).",
        example: "[logger_root]\nlevel=WARNING\nhandlers=console\n\n[handler_console]\nlevel=DEBUG",
        fix: "Lower the logger level if more output was intended, or drop the handler level.",
    }),
};

/// Each handler with a level below the effective level of every configured
/// logger whose records reach it.
pub(in crate::rules::lints) fn check(routing: &Routing<'_>, out: &mut Vec<Diagnostic>) {
    for (i, def) in routing.config.handlers.iter().enumerate() {
        let (Some(span), Some(&Some(least))) = (def.level_span, routing.least_reaching.get(i))
        else {
            continue;
        };
        if def.level > Level::NOTSET && least > def.level {
            out.push(
                Diagnostic::new(
                    &INEFFECTIVE_HANDLER_LEVEL,
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
