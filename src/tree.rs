//! `tree`: the whole logger hierarchy a fileConfig file builds, drawn in
//! [logging_tree](https://github.com/brandon-rhodes/logging_tree)'s layout:
//! `<--""` is the root, `o<--"name"` a logger that propagates, `o   "name"`
//! one that does not, `o<--[name]` a placeholder; under each logger its
//! `Level …` (or `Level NOTSET so inherits level …`), `Propagate OFF`,
//! `Disabled`, its filters (`Filter name='app'`) and its handlers with their
//! level, filters and formatter.
//!
//! # Example
//! ```
//! use logcheck::hierarchy::{Existing, Hierarchy};
//! use logcheck::model::Config;
//! use logcheck::tree::render_tree;
//! let config = Config::default();
//! let mut h = Hierarchy::configure(&config, &Existing::default());
//! h.get_logger("a.b");
//! assert_eq!(
//!     render_tree(&config, &h),
//!     "<--\"\"\n   Level WARNING\n   |\n   o<--[a]\n       |\n       o<--\"a.b\"\n           Level NOTSET so inherits level WARNING\n"
//! );
//! ```

use crate::handler_class::{FileRotation, HandlerSpec, StreamTarget};
use crate::hierarchy::{Hierarchy, LoggerId};
use crate::model::Config;
use crate::pyexpr::py_repr;
use crate::pyrepr::repr_str;
use crate::pyvalue::PyValue;
use std::collections::BTreeMap;

/// Deepest nesting drawn (dotted names deeper than this are drawn flat).
const MAX_DEPTH: usize = 64;

/// Where a handler writes, in logging_tree's words (`Stream <stdout>`,
/// `File 'app.log'`, `RotatingFile 'app.log' maxBytes=… backupCount=…`).
pub fn destination(spec: &HandlerSpec) -> String {
    let r = py_repr;
    match spec {
        HandlerSpec::Stream { target } => match target {
            StreamTarget::Stdout => "Stream <stdout>".into(),
            StreamTarget::Stderr => "Stream <stderr>".into(),
            StreamTarget::Other { repr, .. } => {
                format!("Stream {repr} (not a stream: every record fails)")
            }
        },
        HandlerSpec::File {
            filename,
            mode,
            delay,
            rotation,
            watched,
            ..
        } => {
            let kind = if *watched { "WatchedFile" } else { "File" };
            let mut s = match rotation {
                FileRotation::None => format!("{kind} {}", repr_str(filename)),
                FileRotation::Size {
                    max_bytes,
                    backup_count,
                } => format!(
                    "RotatingFile {} maxBytes={} backupCount={}",
                    repr_str(filename),
                    r(max_bytes),
                    r(backup_count)
                ),
                FileRotation::Time {
                    when,
                    interval,
                    backup_count,
                    ..
                } => format!(
                    "TimedRotatingFile {} when={} interval={} backupCount={}",
                    repr_str(filename),
                    repr_str(when),
                    r(interval),
                    r(backup_count)
                ),
            };
            if mode != "a" {
                s.push_str(&format!(" mode={}", repr_str(mode)));
            }
            if *delay {
                s.push_str(" delay=True");
            }
            s
        }
        HandlerSpec::Null => "Null (discards every record)".into(),
        HandlerSpec::Abstract => "Handler (emit raises NotImplementedError)".into(),
        HandlerSpec::Memory { capacity, .. } => format!("Memory capacity={}", r(capacity)),
        HandlerSpec::Buffering { capacity } => format!("Buffering capacity={}", r(capacity)),
        HandlerSpec::Syslog {
            address, facility, ..
        } => format!("SysLog {} facility={}", r(address), r(facility)),
        HandlerSpec::Socket { host, port } => format!("Socket {} {}", plain(host), r(port)),
        HandlerSpec::Datagram { host, port } => format!("Datagram {} {}", plain(host), r(port)),
        HandlerSpec::Http {
            host, url, method, ..
        } => format!("HTTP {method} to http://{}/{}", plain(host), plain(url)),
        HandlerSpec::Smtp {
            mailhost, toaddrs, ..
        } => format!(
            "SMTP via {} to {}",
            plain(mailhost),
            r(&PyValue::List(toaddrs.clone()))
        ),
        HandlerSpec::Queue { .. } => "Queue".into(),
        HandlerSpec::NtEventLog { appname } => format!("NTEventLog {}", r(appname)),
        HandlerSpec::NotAHandler { class } => format!("{class} (not a handler)"),
        HandlerSpec::Custom { path } => format!("{path} (custom class)"),
        HandlerSpec::Opaque { class } => {
            format!("{class} (code not evaluated: output not simulated)")
        }
    }
}

/// `%s` of a value.
fn plain(v: &PyValue) -> String {
    match v {
        PyValue::Str(s) => s.clone(),
        other => py_repr(other),
    }
}

/// The lines describing handler `index` of `config` (`Handler …`, then
/// indented `Level`, `Formatter`, MemoryHandler target).
pub fn describe_handler(config: &Config, index: usize) -> Vec<String> {
    describe_handler_depth(config, index, 0)
}

fn describe_handler_depth(config: &Config, index: usize, depth: usize) -> Vec<String> {
    let Some(def) = config.handlers.get(index) else {
        return vec!["Handler <basicConfig stderr StreamHandler>".into()];
    };
    let mut lines = vec![format!(
        "Handler {} {}",
        repr_str(&def.key.value),
        destination(&def.spec)
    )];
    if def.level.0 != 0 {
        lines.push(format!("  Level {}", config.level_name(def.level)));
    }
    lines.extend(def.filters.iter().map(|f| format!("  {}", filter_line(config, &f.value))));
    match def
        .formatter
        .as_ref()
        .and_then(|f| config.formatter(&f.value))
    {
        Some(f) => lines.push(format!(
            "  Formatter {} fmt={} datefmt={}",
            repr_str(&f.key.value),
            repr_str(f.formatter.fmt()),
            f.formatter.datefmt().map_or("None".into(), repr_str)
        )),
        None => match &def.formatter {
            // named, but built from code logcheck does not run
            Some(f) => lines.push(format!(
                "  Formatter {} (code not evaluated)",
                repr_str(&f.value)
            )),
            None => lines.push("  Formatter (default) fmt='%(message)s'".into()),
        },
    }
    if let HandlerSpec::Memory {
        flush_level,
        flush_on_close,
        ..
    } = &def.spec
    {
        let level = match flush_level {
            PyValue::Int(n) => crate::level::Level(*n as i64).name().into_owned(),
            other => py_repr(other),
        };
        lines.push(format!(
            "  Flushes at {level}{}",
            if *flush_on_close {
                " and at shutdown"
            } else {
                ""
            }
        ));
        match def
            .target
            .as_ref()
            .and_then(|t| config.handler_index(&t.value))
        {
            Some(t) if depth < 4 => {
                lines.push("  Flushes output to:".into());
                for line in describe_handler_depth(config, t, depth + 1) {
                    lines.push(format!("    {line}"));
                }
            }
            Some(_) => lines.push("  Flushes output to: …".into()),
            None => lines.push("  No target: the buffer is never written".into()),
        }
    }
    lines
}

/// The facts logging_tree prints under a logger.
pub fn logger_facts(config: &Config, h: &Hierarchy, id: LoggerId) -> Vec<String> {
    let node = h.logger(id);
    let mut facts = Vec::new();
    if node.level.0 != 0 || id == Hierarchy::ROOT {
        facts.push(format!("Level {}", config.level_name(node.level)));
    } else {
        facts.push(format!(
            "Level NOTSET so inherits level {}",
            config.level_name(h.effective_level(id))
        ));
    }
    if !node.propagate {
        facts.push("Propagate OFF".into());
    }
    if node.disabled {
        facts.push("Disabled".into());
    }
    facts.extend(node.filters.iter().filter_map(|&f| config.filters.get(f)).map(|f| filter_line(config, &f.key.value)));
    for &handler in &node.handlers {
        facts.extend(describe_handler(config, handler));
    }
    facts
}

/// logging_tree's line for the filter kept under `key`: `Filter name='app'`.
pub fn filter_line(config: &Config, key: &str) -> String {
    match config.filter_index(key).and_then(|i| config.filters.get(i)) {
        Some(f) if f.by_code => format!("Filter {} (built by code: not evaluated)", repr_str(key)),
        Some(f) => format!("Filter name={}", repr_str(&f.name)),
        None => format!("Filter {}", repr_str(key)),
    }
}

/// Draws the hierarchy (root, every logger and placeholder, children sorted by name).
pub fn render_tree(config: &Config, h: &Hierarchy) -> String {
    // children by parent name: real loggers and placeholders
    let mut names: Vec<(String, Option<LoggerId>)> = h
        .loggers()
        .filter(|(id, _)| *id != Hierarchy::ROOT)
        .map(|(id, n)| (n.name.to_string(), Some(id)))
        .collect();
    names.extend(h.placeholders().map(|p| (p.to_string(), None)));
    let known: BTreeMap<String, Option<LoggerId>> = names.into_iter().collect();
    let mut children: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for name in known.keys() {
        // the tree parent is the nearest dotted prefix that is known
        let mut parent = String::new();
        let mut cut = name.as_str();
        while let Some((head, _)) = cut.rsplit_once('.') {
            if !head.is_empty() && known.contains_key(head) {
                parent = head.to_string();
                break;
            }
            cut = head;
        }
        children.entry(parent).or_default().push(name.clone());
    }
    let mut out = String::from("<--\"\"\n");
    for fact in logger_facts(config, h, Hierarchy::ROOT) {
        out.push_str(&format!("   {fact}\n"));
    }
    draw_children(config, h, &known, &children, "", "   ", &mut out, 0);
    out
}

#[allow(clippy::too_many_arguments)]
fn draw_children(
    config: &Config,
    h: &Hierarchy,
    known: &BTreeMap<String, Option<LoggerId>>,
    children: &BTreeMap<String, Vec<String>>,
    parent: &str,
    prefix: &str,
    out: &mut String,
    depth: usize,
) {
    let Some(kids) = children.get(parent) else {
        return;
    };
    for (i, name) in kids.iter().enumerate() {
        let last = i + 1 == kids.len();
        out.push_str(&format!("{prefix}|\n"));
        let id = known.get(name).copied().flatten();
        let (arrow, label) = match id {
            None => ("<--", format!("[{name}]")),
            Some(id) if h.logger(id).propagate => ("<--", format!("\"{name}\"")),
            Some(_) => ("   ", format!("\"{name}\"")),
        };
        out.push_str(&format!("{prefix}o{arrow}{label}\n"));
        let leader = format!("{prefix}{}", if last { "    " } else { "|   " });
        if let Some(id) = id {
            for fact in logger_facts(config, h, id) {
                out.push_str(&format!("{leader}{fact}\n"));
            }
        }
        if depth < MAX_DEPTH {
            draw_children(config, h, known, children, name, &leader, out, depth + 1);
        }
    }
}
