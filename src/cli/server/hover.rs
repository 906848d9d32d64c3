//! Hover on a name: for a logger, its effective level and where it comes
//! from, its handlers and its propagation, as `explain` says; for a handler
//! or formatter, what the model built (class, destination, level, format).
//! A section fileConfig never builds (the file fails first) shows its
//! options as written.

use super::documents::Document;
use super::symbols::{self, Kind};
use crate::check::FileReport;
use crate::environment::LoadEnvironment;
use crate::explain::{ExplainOptions, Explanation, Verdict};
use crate::hierarchy::Existing;
use crate::ini::IniDocument;
use crate::model::Config;
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

/// The hover for the name at `pos`, if one is there.
pub fn hover(doc: &Document, pos: Position, env: &LoadEnvironment) -> Option<Hover> {
    let (ini, report) = (doc.ini()?, doc.report()?);
    let names = symbols::names(ini);
    let name = symbols::at(&names, doc.offset(pos))?;
    let text = match name.kind {
        Kind::Logger => logger(report, ini, &name.key, env),
        Kind::Handler => handler(report, ini, &name.key),
        Kind::Formatter => formatter(report, ini, &name.key),
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(doc.range(name.span)),
    })
}

/// The logger `[logger_KEY]` configures, as `explain` summarises it.
fn logger(report: &FileReport, ini: &IniDocument, key: &str, env: &LoadEnvironment) -> String {
    let section = format!("[logger_{key}]");
    let built = report.config.as_ref().and_then(|config| {
        let name = match key {
            "root" => "root",
            _ => config
                .loggers
                .iter()
                .find(|l| l.key.value == key)?
                .qualname
                .value
                .as_str(),
        };
        let opts = explain_options(report, config, env);
        Some((config, report.explain(name, &opts)?))
    });
    match built {
        Some((config, e)) => explanation(config, &e, &section),
        None => not_built(
            report,
            ini,
            &section,
            &["qualname", "level", "handlers", "propagate"],
        ),
    }
}

/// The process around fileConfig: the host's own loggers and `--existing`.
fn explain_options(report: &FileReport, config: &Config, env: &LoadEnvironment) -> ExplainOptions {
    let user = Existing {
        names: env.options.existing.clone(),
        keep_existing: false,
    };
    ExplainOptions {
        existing: report.host.existing_for_config(&user, config),
        version: env.options.version,
    }
}

/// Effective level and its source, handlers, propagation, and what each
/// level reaches.
fn explanation(config: &Config, e: &Explanation, section: &str) -> String {
    let level = e.effective_level.name_with(config.level_names);
    let mut out = format!("**logger `{}`** — `{section}`\n\n", e.logger);
    if e.level_from == e.logger {
        out.push_str(&format!(
            "Effective level **{level}**, set on this logger\n\n"
        ));
    } else {
        out.push_str(&format!(
            "Effective level **{level}**, inherited from `{}`\n\n",
            e.level_from
        ));
    }
    out.push_str(&handlers_line(e));
    out.push_str(&match &e.stops_at {
        Some(at) => format!("Propagation stops at `{at}` (propagate=0)\n\n"),
        None => "Propagation reaches the root logger\n\n".to_string(),
    });
    if e.disabled {
        out.push_str(
            "Disabled by fileConfig (disable_existing_loggers): every record is dropped\n\n",
        );
    }
    for (level, keys) in e.delivered() {
        let to = if keys.is_empty() {
            "—".to_string()
        } else {
            keys.join(", ")
        };
        out.push_str(&format!("- {level} → {to}\n"));
    }
    out
}

/// `Handlers: console (on root), …`, or that there is none.
fn handlers_line(e: &Explanation) -> String {
    if e.handlers.is_empty() {
        return "Handlers: none on the chain (CPython's last resort prints WARNING and above to stderr)\n\n".to_string();
    }
    let list: Vec<String> = e
        .handlers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let verdict = |row: &crate::explain::LevelRow| row.verdicts.get(i).cloned();
            let stopped = e
                .rows
                .iter()
                .any(|row| matches!(verdict(row), Some(Verdict::PropagationStopped { .. })));
            let beyond = stopped
                && !e
                    .rows
                    .iter()
                    .any(|row| verdict(row) == Some(Verdict::Emitted));
            let note = if beyond {
                ", above the propagation stop"
            } else {
                ""
            };
            format!("`{}` (on `{}`{note})", h.key, h.on)
        })
        .collect();
    format!("Handlers: {}\n\n", list.join(", "))
}

/// A handler as the model built it (`logcheck tree`'s description).
fn handler(report: &FileReport, ini: &IniDocument, key: &str) -> String {
    let section = format!("[handler_{key}]");
    let Some((config, index)) = report
        .config
        .as_ref()
        .and_then(|c| Some((c, c.handler_index(key)?)))
    else {
        return not_built(
            report,
            ini,
            &section,
            &["class", "level", "formatter", "args"],
        );
    };
    let class = config
        .handlers
        .get(index)
        .map_or("", |h| h.class.value.as_str());
    let lines = crate::tree::describe_handler(config, index).join("\n");
    format!("**handler `{key}`** — `{section}`\n\nclass `{class}`\n```text\n{lines}\n```\n")
}

/// A formatter as the model built it.
fn formatter(report: &FileReport, ini: &IniDocument, key: &str) -> String {
    let section = format!("[formatter_{key}]");
    let Some(def) = report.config.as_ref().and_then(|c| c.formatter(key)) else {
        return not_built(
            report,
            ini,
            &section,
            &["format", "datefmt", "style", "class"],
        );
    };
    let mut out = format!("**formatter `{key}`** — `{section}`\n\n");
    if let Some(class) = &def.class {
        out.push_str(&format!("class `{}`\n\n", class.value));
    }
    out.push_str(&format!(
        "format `{}`\n\n",
        crate::pyrepr::repr_str(def.formatter.fmt())
    ));
    if let Some(datefmt) = def.formatter.datefmt() {
        out.push_str(&format!(
            "datefmt `{}`\n\n",
            crate::pyrepr::repr_str(datefmt)
        ));
    }
    out
}

/// A section the model has no entity for: its options as written, and why.
fn not_built(report: &FileReport, ini: &IniDocument, section: &str, options: &[&str]) -> String {
    let mut out = format!("`{section}`");
    match &report.python_error {
        Some(exc) => out.push_str(&format!(
            " — not configured: CPython raises {exc} first\n\n"
        )),
        None => out.push_str(" — not configured by fileConfig\n\n"),
    }
    let Some(s) = ini.section(&section[1..section.len() - 1]) else {
        return out;
    };
    for name in options {
        if let Some(o) = s.option(name) {
            out.push_str(&format!("- `{name}` = `{}`\n", o.value));
        }
    }
    out
}
