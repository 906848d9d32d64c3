//! Host lints (`LC7xx`): where the program that loads the file (`--host`,
//! see [`crate::host`]) changes what the file does.

use super::LintContext;
use crate::diagnostic::{Diagnostic, PyException, Severity};
use crate::hierarchy::{Existing, Hierarchy};
use crate::host::Host;
use crate::ini::IniDocument;
use crate::model::Config;
use crate::rules::{LongDoc, Rule};
use crate::source::Span;

/// LC701 `host-skips-fileconfig`: The host does not call fileConfig for this file.
pub const HOST_SKIPS_FILE_CONFIG: Rule = Rule {
    code: "LC701",
    name: "host-skips-fileconfig",
    severity: Severity::Info,
    summary: "The host does not call fileConfig for this file.",
    long: Some(LongDoc {
        why: "plaster_pastedeploy's `setup_logging()` (what `pserve` and `pyramid.paster.setup_logging` run) calls fileConfig only when the file has a `[loggers]` section; otherwise it calls `logging.basicConfig()`: the root logger gets a stderr handler at level WARNING and the logging sections, if any, are not read.",
        example: "[app:main]\nuse = egg:myapp\n\n[server:main]\nuse = egg:waitress#main",
        fix: "Nothing, if basicConfig is what you want; otherwise add `[loggers]`, `[handlers]` and `[formatters]` sections.",
    }),
};

/// The LC701 finding for `host` (pserve), at the top of the file.
pub(crate) fn host_skips_file_config(host: Host) -> Diagnostic {
    Diagnostic::new(
        &HOST_SKIPS_FILE_CONFIG,
        Span::point(0),
        format!("{host} does not call fileConfig: the file has no [loggers] section"),
    )
    .with_help("logging.basicConfig() runs instead; add [loggers], [handlers] and [formatters] sections to configure logging from this file")
}

/// LC702 `existing-logger-disabled`: fileConfig disables a logger that exists before it runs.
pub const EXISTING_LOGGER_DISABLED: Rule = Rule {
    code: "LC702",
    name: "existing-logger-disabled",
    severity: Severity::Warning,
    summary: "fileConfig disables a logger that exists before it runs.",
    long: Some(LongDoc {
        why: "With `disable_existing_loggers=True` (fileConfig's default, and what Alembic's `env.py` passes), every logger that exists when fileConfig runs and is neither named in the file nor below a logger named in it is disabled: it drops every record from then on. Alembic's own loggers exist before `env.py` runs, and so do an application's (`getLogger(__name__)` at import) when migrations run in-process: their records vanish without a word (alembic issues 714 and 795). logcheck knows each host's own loggers; name the application's with `--existing`.",
        example: "# alembic.ini without [logger_alembic]\n[loggers]\nkeys = root",
        fix: "Name the logger (or an ancestor) in `[loggers]` with a `[logger_…]` section, or call `fileConfig(path, disable_existing_loggers=False)` in `env.py`.",
    }),
};

fn existing_logger_disabled(
    doc: &IniDocument,
    config: &Config,
    ctx: &LintContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    if !ctx.host.disables_existing_loggers() {
        return;
    }
    // the host's own package's loggers (not the libraries it imports) and
    // the application's
    let host = ctx.host.name();
    let own: Vec<&str> = ctx
        .host
        .existing_loggers()
        .iter()
        .copied()
        .filter(|n| *n == host || n.starts_with(&format!("{host}.")))
        .collect();
    let names: Vec<String> = own
        .iter()
        .map(|n| n.to_string())
        .chain(ctx.existing.iter().cloned())
        .collect();
    // No logger exists before the call (a plain fileConfig and no
    // `--existing`): none can be disabled, and replaying the hierarchy for
    // nothing was 6 % of a 5,000-logger file's check.
    if names.is_empty() {
        return;
    }
    let existing = Existing {
        names: names.clone(),
        keep_existing: false,
    };
    let hierarchy = Hierarchy::configure(config, &existing);
    let disabled: Vec<&String> = names
        .iter()
        .filter(|n| {
            hierarchy
                .find(n)
                .is_some_and(|id| hierarchy.logger(id).disabled)
        })
        .collect();
    let Some(first) = disabled.first() else {
        return;
    };
    let span = doc
        .section("loggers")
        .and_then(|s| s.option("keys"))
        .map(|o| o.value_span)
        .unwrap_or_default();
    let whose = if own.contains(&first.as_str()) {
        format!("{}'s own logger", ctx.host)
    } else {
        "an existing logger".to_string()
    };
    let mut d = Diagnostic::new(
        &EXISTING_LOGGER_DISABLED,
        span,
        format!("{whose} `{first}` is disabled by {}", ctx.host.call()),
    )
    .with_label("not named here")
    .with_help(format!(
        "add a [logger_…] section with `qualname={first}` (or an ancestor), or call fileConfig(..., disable_existing_loggers=False)"
    ));
    if disabled.len() > 1 {
        let rest: Vec<&str> = disabled[1..].iter().map(|s| s.as_str()).collect();
        let shown = rest.len().min(4);
        let more = match rest.len() - shown {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        d = d.with_note(format!("also disabled: {}{more}", rest[..shown].join(", ")));
    }
    out.push(d);
}

/// LC703 `host-default-option`: A logging section uses a value only the host's `defaults=` define.
pub const HOST_DEFAULT_OPTION: Rule = Rule {
    code: "LC703",
    name: "host-default-option",
    severity: Severity::Info,
    summary: "A logging section uses a value only the host's `defaults=` define.",
    long: Some(LongDoc {
        why: "The `defaults=` a host passes to fileConfig become `[DEFAULT]` options. pserve (PasteDeploy) passes `here` and `__file__`, gunicorn passes them too (with `here` as given, possibly empty); alembic, uvicorn and a bare `fileConfig(path)` pass none, so the same `%(here)s` raises `InterpolationMissingOptionError` there (alembic issue 1681). The file is tied to its host: a test, a script or a migration that loads it another way fails.",
        example: "[handler_file]\nclass = FileHandler\nargs = ('%(here)s/app.log', 'a')",
        fix: "Nothing, if only this host loads the file; otherwise define the key in `[DEFAULT]` or pass it to every fileConfig call.",
    }),
};

/// Keys some hosts pass in `defaults=` and others do not.
const HOST_KEYS: [&str; 2] = ["here", "__file__"];

fn host_default_option(doc: &IniDocument, ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let defaults = ctx.host.defaults("", std::path::Path::new("/"));
    for key in HOST_KEYS {
        let in_file = doc
            .default_option(key)
            .is_some_and(|o| o.origin == crate::ini::Origin::Default);
        if in_file || !defaults.iter().any(|(k, _)| k == key) {
            continue;
        }
        let reference = format!("%({key})s");
        let logging_sections = doc.sections.iter().filter(|s| is_logging_section(&s.name));
        for section in logging_sections {
            if section.option(key).is_some() {
                continue;
            }
            for option in section.options.iter().filter(|o| o.value.contains(&reference)) {
                out.push(
                    Diagnostic::new(
                        &HOST_DEFAULT_OPTION,
                        option.value_span,
                        format!("`{reference}` in [{}] is defined only by the host ({})", section.name, ctx.host),
                    )
                    .with_label(format!("{} passes `{key}`", ctx.host))
                    .with_help("alembic, uvicorn and a bare fileConfig(path) do not define it: define it in [DEFAULT] if the file is loaded any other way"),
                );
            }
        }
    }
}

/// The sections fileConfig reads.
fn is_logging_section(name: &str) -> bool {
    matches!(name, "loggers" | "handlers" | "formatters")
        || ["logger_", "handler_", "formatter_"]
            .iter()
            .any(|p| name.starts_with(p))
}

/// LC704 `host-rejects-file`: The host cannot load a file of this name.
pub const HOST_REJECTS_FILE: Rule = Rule {
    code: "LC704",
    name: "host-rejects-file",
    severity: Severity::Error,
    summary: "The host cannot load a file of this name.",
    long: Some(LongDoc {
        why: "pserve and `pyramid.paster.setup_logging` hand the path to plaster, which picks a loader by the file extension: `development.conf` asks for a `file+conf` loader and none exists, so the host raises `plaster.exceptions.LoaderNotFound` before any section is read (a file without an extension raises `InvalidURI`).",
        example: "pserve logging.conf   # a file with [app:main] and [server:main] sections",
        fix: "Give PasteDeploy files the `.ini` extension, or check the file with the host that really loads it (`--host plain`, `--host gunicorn`).",
    }),
};

/// The LC704 finding: `exc` is what the host raises for `path`.
pub(crate) fn host_rejects_file(host: Host, path: &str, exc: PyException) -> Diagnostic {
    Diagnostic::new(
        &HOST_REJECTS_FILE,
        Span::point(0),
        format!("{host} cannot load {path}: plaster chooses its loader by the file extension"),
    )
    .with_help("pserve and pyramid.paster load PasteDeploy `.ini` files: rename the file, or check it with the host that loads it (`--host`)")
    .with_python(exc)
}

/// Runs the host lints in report order.
pub(crate) fn run(
    doc: &IniDocument,
    config: &Config,
    ctx: &LintContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    host_default_option(doc, ctx, out);
    if ctx.loads {
        existing_logger_disabled(doc, config, ctx, out);
    }
}
