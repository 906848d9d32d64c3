//! `explain NAME`: why a record logged on `NAME` is (or is not) printed.
//!
//! Built on [`Hierarchy::route`]: the ancestor chain with placeholders, each
//! logger's level and where the effective level comes from (logging_tree's
//! wording: `Level NOTSET so inherits level INFO`), where propagation stops,
//! and for each level DEBUG…CRITICAL which handler emits the record and why
//! the others do not (logger level, handler level, propagation stopped,
//! disabled). Works for names the file does not mention: `getLogger` creates
//! them, as the application would.
//!
//! # Example
//! ```
//! use logcheck::explain::{explain, ExplainOptions};
//! use logcheck::model::Config;
//! let e = explain(&Config::default(), "app.db", &ExplainOptions::default());
//! assert_eq!(e.effective_level.name(), "WARNING");
//! // no handler anywhere: the last resort prints WARNING and above on stderr
//! assert_eq!(e.delivered()[2], ("WARNING", vec!["<lastResort>".to_string()]));
//! assert!(e.delivered()[1].1.is_empty());
//! ```

use crate::format::Formatter;
use crate::format::record::{LogRecord, RecordTime};
use crate::handler_class::HandlerSpec;
use crate::hierarchy::{Dropped, Existing, Gate, Hierarchy, LoggerId, Route};
use crate::level::Level;
use crate::model::Config;
use crate::pyvalue::PyValue;
use crate::tree::describe_handler;
use crate::version::PyVersion;

/// The pseudo handler key of the last-resort handler.
pub const LAST_RESORT: &str = "<lastResort>";

/// How the process around fileConfig looks.
#[derive(Debug, Clone, Default)]
pub struct ExplainOptions {
    /// Loggers created before fileConfig, and whether they stay enabled.
    pub existing: Existing,
    /// CPython version whose behaviour is reproduced.
    pub version: PyVersion,
}

/// One step of the ancestor chain, from the logger itself up to root.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChainEntry {
    /// A logger of the hierarchy.
    Logger {
        /// Its name (`root` for the root logger).
        name: String,
        /// The logger's own level.
        level: Level,
        /// `logger.propagate`.
        propagate: bool,
        /// `logger.disabled`.
        disabled: bool,
        /// Handler keys, in `addHandler` order.
        handlers: Vec<String>,
        /// Filter keys, in `addFilter` order (they judge only the records
        /// logged on this logger).
        filters: Vec<String>,
    },
    /// A dotted prefix with no logger: skipped by levels and handlers.
    Placeholder {
        /// The dotted prefix.
        name: String,
    },
}

/// Why a handler does not emit a record of some level.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Verdict {
    /// The handler emits the record.
    Emitted,
    /// Dropped before any handler: the logger's effective level (and who set it).
    LoggerLevel {
        /// The effective level.
        level: Level,
        /// The logger it was set on.
        from: String,
    },
    /// The handler's own level is above the record's.
    HandlerLevel(Level),
    /// The handler sits above the logger where propagation stops.
    PropagationStopped {
        /// The logger whose `propagate=0` ends the walk.
        at: String,
    },
    /// The logger is disabled (disable_existing_loggers).
    Disabled,
    /// Dropped before any handler: one of the logger's own filters rejects it.
    LoggerFilter {
        /// The filter's key.
        filter: String,
    },
    /// One of the handler's filters rejects the record.
    HandlerFilter {
        /// The filter's key.
        filter: String,
    },
}

/// One handler of the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHandler {
    /// Index in [`Config::handlers`].
    pub index: usize,
    /// The handler's key.
    pub key: String,
    /// The logger it is attached to.
    pub on: String,
    /// Description lines (destination, level, formatter).
    pub description: Vec<String>,
    /// One line as its formatter prints a record of `sample_level` on the logger.
    pub sample: String,
    /// The level of the sample record (the first level the handler emits).
    pub sample_level: Level,
}

/// What happens at one level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelRow {
    /// The record's level.
    pub level: Level,
    /// One verdict per [`Explanation::handlers`] entry.
    pub verdicts: Vec<Verdict>,
    /// Handler keys that emit, in CPython's call order (a handler on two
    /// loggers of the chain appears twice).
    pub delivered: Vec<String>,
    /// No handler on the chain: CPython's last-resort handler prints it.
    pub last_resort: bool,
}

/// The full answer for one logger name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The name as CPython reports it (`root` for the root logger).
    pub logger: String,
    /// The file configures this logger (a `[logger_X]` qualname or root).
    pub configured: bool,
    /// The ancestor chain, from the logger up to root.
    pub chain: Vec<ChainEntry>,
    /// `getEffectiveLevel()`.
    pub effective_level: Level,
    /// The logger whose level is the effective level.
    pub level_from: String,
    /// The logger's own `propagate`.
    pub propagate: bool,
    /// The logger is disabled (disable_existing_loggers).
    pub disabled: bool,
    /// The key of the logger's own filter that rejects every record logged
    /// on it, if one does.
    pub filtered_by: Option<String>,
    /// The logger whose `propagate=0` ends the walk (None: it reaches root).
    pub stops_at: Option<String>,
    /// Every handler attached anywhere on the chain, in walk order.
    pub handlers: Vec<ChainHandler>,
    /// One row per level, DEBUG…CRITICAL.
    pub rows: Vec<LevelRow>,
    /// Level names the host registered (uvicorn's `TRACE`), for display.
    pub(crate) level_names: &'static [(&'static str, i64)],
    /// The name asked for, when [`explain_name`] read it as a `[loggers]`
    /// key whose `[logger_KEY]` section configures this logger (another
    /// qualname); `None` when the name was the logger's own.
    pub section_key: Option<String>,
}

impl Explanation {
    /// `getLevelName(level)` in the process that loaded the file.
    fn level_name(&self, level: Level) -> std::borrow::Cow<'static, str> {
        level.name_with(self.level_names)
    }

    /// `[(level name, delivered handler keys)]` for DEBUG…CRITICAL.
    pub fn delivered(&self) -> Vec<(&'static str, Vec<String>)> {
        self.rows
            .iter()
            .map(|r| {
                let mut keys = r.delivered.clone();
                if r.last_resort {
                    keys.push(LAST_RESORT.into());
                }
                (level_str(r.level), keys)
            })
            .collect()
    }

    /// The `--format json` contract: a typed view that serializes with the
    /// keys in alphabetical order (the order the former `serde_json::Value`
    /// maps printed them in).
    #[cfg(feature = "cli")]
    pub(crate) fn json_view(&self) -> ExplanationJson<'_> {
        let chain = self.chain.iter().map(ChainJson::of).collect();
        let handlers = self
            .handlers
            .iter()
            .map(|h| HandlerJson {
                description: &h.description,
                key: &h.key,
                on: &h.on,
                sample: &h.sample,
            })
            .collect();
        ExplanationJson {
            chain,
            configured: self.configured,
            delivered: self.delivered().into_iter().collect(),
            disabled: self.disabled,
            effective_level: self.level_name(self.effective_level),
            filtered_by: self.filtered_by.as_deref(),
            handlers,
            level_from: &self.level_from,
            logger: &self.logger,
            propagate: self.propagate,
            propagation_stops_at: self.stops_at.as_deref(),
            section_key: self.section_key.as_deref(),
        }
    }

    /// The human-readable explanation.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        if let Some(key) = &self.section_key {
            out.push_str(&format!(
                "{} is the key of [{}], which configures {}: explaining {}.\n(getLogger({}) is another logger, which the file does not configure: `logcheck explain --exact {key}` explains it.)\n\n",
                quoted(key),
                crate::model::section_name("logger_", key),
                if self.logger == "root" {
                    "the root logger".to_string()
                } else {
                    format!("logger {}", quoted(&self.logger))
                },
                quoted(&self.logger),
                crate::pyrepr::repr_str(key),
            ));
        }
        out.push_str(&format!(
            "Logger {}{}\n",
            quoted(&self.logger),
            if self.configured {
                ""
            } else {
                " (not configured by the file: getLogger creates it)"
            }
        ));
        out.push_str("\nAncestor chain (a record walks up it):\n");
        for entry in &self.chain {
            out.push_str(&self.render_chain_entry(entry));
        }
        out.push_str(&format!(
            "\nEffective level: {} (set on {})\n",
            self.level_name(self.effective_level),
            quoted(&self.level_from)
        ));
        if self.disabled {
            out.push_str(
                "Disabled: fileConfig disabled this existing logger (disable_existing_loggers); every record is dropped\n",
            );
        }
        if let Some(filter) = &self.filtered_by {
            out.push_str(&format!(
                "Filtered: its filter {} rejects every record logged on {}\n",
                quoted(filter),
                quoted(&self.logger)
            ));
        }
        match &self.stops_at {
            Some(at) => out.push_str(&format!(
                "Propagation stops at {} (propagate=0)\n",
                quoted(at)
            )),
            None => out.push_str("Propagation reaches the root logger\n"),
        }
        out.push_str(&self.render_table());
        self.render_handlers(&mut out);
        if self.rows.iter().any(|r| r.last_resort) {
            out.push_str(&format!(
                "\n{LAST_RESORT}: no handler on the chain, so CPython's last-resort handler prints WARNING and above to stderr as the bare message\n"
            ));
        }
        out
    }

    /// One line of the ancestor chain: a placeholder, or a logger's level,
    /// disabled flag, handlers and propagate stop.
    fn render_chain_entry(&self, entry: &ChainEntry) -> String {
        match entry {
            ChainEntry::Placeholder { name } => {
                format!("  [{name}]  placeholder: no logger, skipped\n")
            }
            ChainEntry::Logger {
                name,
                level,
                propagate,
                disabled,
                handlers,
                filters,
            } => {
                let mut facts = vec![self.level_text(name, *level)];
                if *disabled {
                    facts.push("Disabled".into());
                }
                if handlers.is_empty() {
                    facts.push("no handlers".into());
                } else {
                    facts.push(format!("handlers: {}", handlers.join(", ")));
                }
                if !filters.is_empty() {
                    let own = if *name == self.logger { "" } else { " (only for its own records)" };
                    facts.push(format!("filters: {}{own}", filters.join(", ")));
                }
                if !propagate {
                    facts.push("Propagate OFF: the walk stops here".into());
                }
                format!("  {}  {}\n", quoted(name), facts.join("; "))
            }
        }
    }

    /// A chain logger's level; NOTSET (below the root) shows the level it
    /// inherits, and from where when that is the explained logger's.
    fn level_text(&self, name: &str, level: Level) -> String {
        if level.0 != 0 || name == "root" {
            return format!("Level {}", self.level_name(level));
        }
        let from = if self.chain_effective(name) == self.effective_level {
            format!(" (from {})", quoted(&self.level_from))
        } else {
            String::new()
        };
        format!(
            "Level NOTSET so inherits level {}{from}",
            self.level_name(self.chain_effective(name))
        )
    }

    /// The `Handlers:` section: each chain handler, what it is and a sample.
    fn render_handlers(&self, out: &mut String) {
        if self.handlers.is_empty() {
            return;
        }
        out.push_str("\nHandlers:\n");
        for h in &self.handlers {
            out.push_str(&format!("  {} on {}\n", h.key, quoted(&h.on)));
            for line in &h.description {
                out.push_str(&format!("    {line}\n"));
            }
            out.push_str(&format!("    sample ({}): {}\n", h.sample_level, h.sample));
        }
    }

    fn chain_effective(&self, name: &str) -> Level {
        let mut seen = false;
        for entry in &self.chain {
            if let ChainEntry::Logger { name: n, level, .. } = entry {
                if n == name {
                    seen = true;
                }
                if seen && level.0 != 0 {
                    return *level;
                }
            }
        }
        Level::NOTSET
    }

    /// The level × handler table: one row per standard level, one column
    /// per chain handler (and the last resort).
    fn render_table(&self) -> String {
        let show_last_resort = self.rows.iter().any(|r| r.last_resort);
        let columns = self.table_columns(show_last_resort);
        let mut out = String::from("\n");
        if columns.is_empty() {
            out.push_str("No handler on the chain and nothing reaches the last resort.\n");
            return out;
        }
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| {
                let mut cells: Vec<String> = row.verdicts.iter().map(verdict_cell).collect();
                if show_last_resort {
                    cells.push(last_resort_cell(row));
                }
                cells
            })
            .collect();
        let widths: Vec<usize> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                cells
                    .iter()
                    .map(|r| r.get(i).map_or(0, |s| s.chars().count()))
                    .chain([c.chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        push_table_line(&mut out, "level", &columns, &widths);
        for (row, cells) in self.rows.iter().zip(&cells) {
            push_table_line(&mut out, level_str(row.level), cells, &widths);
        }
        out
    }

    /// The table's column titles: the chain handlers (`key@logger` when a
    /// handler is on several loggers), then the last resort if it is used.
    fn table_columns(&self, show_last_resort: bool) -> Vec<String> {
        let repeated = |key: &str| self.handlers.iter().filter(|h| h.key == key).count() > 1;
        let mut columns: Vec<String> = self
            .handlers
            .iter()
            .map(|h| {
                if repeated(&h.key) {
                    format!("{}@{}", h.key, h.on)
                } else {
                    h.key.clone()
                }
            })
            .collect();
        if show_last_resort {
            columns.push(LAST_RESORT.into());
        }
        columns
    }
}

/// The last-resort column of a level row.
fn last_resort_cell(row: &LevelRow) -> String {
    if row.last_resort {
        "✓".into()
    } else if row.level < Level::WARNING && row.verdicts.is_empty() {
        "✗ below WARNING".into()
    } else {
        "✗".into()
    }
}

/// One table line: the first column 10 wide, each cell padded to its
/// column's width, trailing blanks trimmed.
fn push_table_line(out: &mut String, first: &str, cells: &[String], widths: &[usize]) {
    let mut line = format!("{first:<10}");
    for (c, w) in cells.iter().zip(widths) {
        line.push_str(&format!("  {c:<w$}"));
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

fn verdict_cell(v: &Verdict) -> String {
    match v {
        Verdict::Emitted => "✓".into(),
        Verdict::LoggerLevel { level, .. } => format!("✗ logger level {level}"),
        Verdict::HandlerLevel(l) => format!("✗ handler level {l}"),
        Verdict::PropagationStopped { at } => format!("✗ propagation stops at {at}"),
        Verdict::Disabled => "✗ logger disabled".into(),
        Verdict::LoggerFilter { filter } => format!("✗ logger filter {filter}"),
        Verdict::HandlerFilter { filter } => format!("✗ filter {filter}"),
    }
}

fn level_str(level: Level) -> &'static str {
    match level.0 {
        10 => "DEBUG",
        20 => "INFO",
        30 => "WARNING",
        40 => "ERROR",
        50 => "CRITICAL",
        _ => "NOTSET",
    }
}

/// The default explain target file names, in the order they are looked for.
pub const DEFAULT_FILES: [&str; 3] = ["logging.conf", "logging.ini", "log.conf"];

/// Explains what `getLogger(name)` does with records of each level.
pub fn explain(config: &Config, name: &str, opts: &ExplainOptions) -> Explanation {
    let mut h = Hierarchy::configure(config, &opts.existing);
    let configured = name.is_empty()
        || name == "root"
        || config.loggers.iter().any(|l| l.qualname.value == name);
    let id = h.get_logger(name);
    explain_in(config, &h, id, configured, opts.version)
}

/// [`explain`] for a name as a user types it: a logger name, or the key of
/// a `[logger_KEY]` section (`app` for `[logger_app]` with
/// `qualname=myapp.core`). A name that is no configured logger's but is
/// such a key explains the logger that section configures, and says so
/// ([`Explanation::section_key`]); every other name is [`explain`]ed as is.
pub fn explain_name(config: &Config, name: &str, opts: &ExplainOptions) -> Explanation {
    let is_logger = name.is_empty()
        || name == "root"
        || config.loggers.iter().any(|l| l.qualname.value == name);
    let section = config
        .loggers
        .iter()
        .find(|l| !is_logger && l.key.value == name);
    match section {
        Some(l) => {
            let mut e = explain(config, &l.qualname.value, opts);
            e.section_key = Some(name.to_string());
            e
        }
        None => explain(config, name, opts),
    }
}

/// Explains logger `id` of an already built hierarchy.
pub fn explain_in(
    config: &Config,
    h: &Hierarchy,
    id: LoggerId,
    configured: bool,
    version: PyVersion,
) -> Explanation {
    let (chain, chain_ids) = ancestor_chain(config, h, id);
    let (effective_level, from) = h.effective_level_source(id);
    let node = h.logger(id);
    // every handler on the chain in walk order, even above a propagate=0 stop
    let mut handlers: Vec<(usize, LoggerId)> = Vec::new();
    for &c in &chain_ids {
        for &i in &h.logger(c).handlers {
            handlers.push((i, c));
        }
    }
    let (rows, stops_at) = level_rows(config, h, id, &handlers);
    let logger_name = h.display_name(id);
    let chain_handlers = chain_handlers(config, h, &handlers, &rows, &logger_name, version);
    Explanation {
        logger: logger_name,
        configured,
        chain,
        effective_level,
        level_from: from.map_or_else(|| "root".into(), |f| h.display_name(f)),
        propagate: node.propagate,
        disabled: node.disabled,
        filtered_by: h
            .filters()
            .rejecting(&node.filters, h.record_name(id))
            .map(|f| filter_key(config, f)),
        stops_at,
        handlers: chain_handlers,
        rows,
        level_names: config.level_names,
        section_key: None,
    }
}

/// The chain `callHandlers` walks from `id` up to the root, with the
/// placeholders between a logger and its parent; and the loggers' ids.
fn ancestor_chain(
    config: &Config,
    h: &Hierarchy,
    id: LoggerId,
) -> (Vec<ChainEntry>, Vec<LoggerId>) {
    let mut chain = Vec::new();
    let mut chain_ids = Vec::new();
    let mut cur = Some(id);
    while let Some(c) = cur {
        let node = h.logger(c);
        chain.push(ChainEntry::Logger {
            name: h.display_name(c),
            level: node.level,
            propagate: node.propagate,
            disabled: node.disabled,
            handlers: node
                .handlers
                .iter()
                .filter_map(|&i| config.handlers.get(i).map(|d| d.key.value.to_string()))
                .collect(),
            filters: node.filters.iter().map(|&f| filter_key(config, f)).collect(),
        });
        chain_ids.push(c);
        let parent = h.parent(c);
        if c != Hierarchy::ROOT {
            push_placeholders(h, &node.name, parent, &mut chain);
        }
        cur = parent;
    }
    (chain, chain_ids)
}

/// The dotted prefixes of `name` below its parent that have no logger
/// (CPython's `PlaceHolder`s), nearest first.
fn push_placeholders(
    h: &Hierarchy,
    name: &str,
    parent: Option<LoggerId>,
    chain: &mut Vec<ChainEntry>,
) {
    let parent_name = parent.map_or(String::new(), |p| {
        if p == Hierarchy::ROOT {
            String::new()
        } else {
            h.logger(p).name.to_string()
        }
    });
    let mut cut = name;
    while let Some((head, _)) = cut.rsplit_once('.') {
        if head.is_empty() || head == parent_name {
            break;
        }
        if h.find(head).is_none() {
            chain.push(ChainEntry::Placeholder {
                name: head.to_string(),
            });
        }
        cut = head;
    }
}

/// One row per standard level: what happens to a record of that level at
/// each chain handler; and where propagation stops.
fn level_rows(
    config: &Config,
    h: &Hierarchy,
    id: LoggerId,
    handlers: &[(usize, LoggerId)],
) -> (Vec<LevelRow>, Option<String>) {
    let levels: Vec<Level> = config.handlers.iter().map(|d| d.level).collect();
    let mut rows = Vec::new();
    let mut stops_at = None;
    for level in Level::STANDARD {
        let route = h.route(id, level, &levels);
        stops_at = route.stopped_at.map(|s| h.display_name(s));
        let verdicts = handlers
            .iter()
            .enumerate()
            .map(|(pos, &(index, via))| verdict(config, h, &route, pos, index, via))
            .collect();
        rows.push(LevelRow {
            level,
            verdicts,
            delivered: route
                .emitting()
                .filter_map(|i| config.handlers.get(i).map(|d| d.key.value.to_string()))
                .collect(),
            last_resort: route.last_resort,
        });
    }
    (rows, stops_at)
}

/// The fate at the chain handler at `pos` (handler `index` on logger `via`)
/// of a record that took `route`: dropped by the logger, gated by the
/// handler's level, emitted, or not reached past a propagate=0 stop.
fn verdict(
    config: &Config,
    h: &Hierarchy,
    route: &Route,
    pos: usize,
    index: usize,
    via: LoggerId,
) -> Verdict {
    match route.dropped {
        Some(Dropped::Filtered(f)) => Verdict::LoggerFilter {
            filter: filter_key(config, f),
        },
        Some(Dropped::Disabled) => Verdict::Disabled,
        Some(Dropped::BelowEffectiveLevel { level, from }) => Verdict::LoggerLevel {
            level,
            from: h.display_name(from),
        },
        None => match route.deliveries.get(pos) {
            Some(d) if d.handler == index && d.via == via => match d.gate {
                Gate::Emitted => Verdict::Emitted,
                Gate::BelowHandlerLevel(l) => Verdict::HandlerLevel(l),
                Gate::Filtered(f) => Verdict::HandlerFilter {
                    filter: filter_key(config, f),
                },
            },
            _ => Verdict::PropagationStopped {
                at: route
                    .stopped_at
                    .map_or_else(String::new, |s| h.display_name(s)),
            },
        },
    }
}

/// The chain's handlers described, each with a sample record at the first
/// level it emits (INFO if none).
fn chain_handlers(
    config: &Config,
    h: &Hierarchy,
    handlers: &[(usize, LoggerId)],
    rows: &[LevelRow],
    logger_name: &str,
    version: PyVersion,
) -> Vec<ChainHandler> {
    handlers
        .iter()
        .enumerate()
        .filter_map(|(pos, (index, via))| {
            let def = config.handlers.get(*index)?;
            let sample_level = rows
                .iter()
                .find(|r| r.verdicts.get(pos) == Some(&Verdict::Emitted))
                .map_or(Level::INFO, |r| r.level);
            let formatter = def
                .formatter
                .as_ref()
                .and_then(|f| config.formatter(&f.value))
                .map(|f| f.formatter.clone());
            Some(ChainHandler {
                index: *index,
                key: def.key.value.to_string(),
                on: h.display_name(*via),
                description: describe_handler(config, *index),
                sample: match &def.spec {
                    // routed to exactly, but what it writes to is unknown
                    HandlerSpec::Opaque { .. } => opaque_sample(config, def),
                    _ => sample_line(formatter.as_ref(), logger_name, sample_level, version),
                },
                sample_level,
            })
        })
        .collect()
}

/// The key of filter `id` of `config`.
fn filter_key(config: &Config, id: usize) -> String {
    config.filters.get(id).map_or_else(String::new, |f| f.key.value.to_string())
}

/// A logger name in double quotes, as the text explanation shows names.
fn quoted(name: &str) -> String {
    format!("\"{name}\"")
}

/// Why an opaque handler's output is not simulated: a filter built by
/// code decides what it writes, or it is built from code itself.
fn opaque_sample(config: &Config, def: &crate::model::HandlerDef) -> String {
    let by_code = def.filters.iter().find(|f| {
        (config.filter_index(&f.value).and_then(|i| config.filters.get(i))).is_some_and(|f| f.by_code)
    });
    match by_code {
        Some(f) => format!(
            "not simulated: filter {} is built by code logcheck does not evaluate, and it decides what the handler writes",
            crate::pyrepr::repr_str(&f.value)
        ),
        None => OPAQUE_SAMPLE.to_string(),
    }
}

/// The sample of an opaque handler (its class, arguments or formatter are
/// code logcheck does not evaluate): records reach it, its output is not simulated.
pub const OPAQUE_SAMPLE: &str =
    "not simulated: the handler is built from code logcheck does not evaluate";

/// One record of `level` on `logger` as the formatter prints it (the
/// simulator's frozen clock and caller info), or the emit-time error.
pub fn sample_line(
    formatter: Option<&Formatter>,
    logger: &str,
    level: Level,
    version: PyVersion,
) -> String {
    const FROZEN_NS: i128 = 1_704_164_645_125_000_000;
    let time = RecordTime::from_ns(FROZEN_NS, FROZEN_NS, version);
    let msg = format!("this is {} level message", level.name().to_lowercase());
    let record = LogRecord::new(
        logger,
        level.0,
        "app.py",
        1,
        PyValue::Str(msg),
        vec![],
        time,
        version,
    );
    let result = match formatter {
        Some(f) => f.format(&record, 0, "UTC").map_err(|e| e.exception),
        None => record.get_message(),
    };
    match result {
        Ok(line) => line,
        Err(e) => format!("--- Logging error --- {e}"),
    }
}

/// `explain --format json`: one logger's answer (fields in key order).
#[cfg(feature = "cli")]
#[derive(serde::Serialize)]
pub(crate) struct ExplanationJson<'a> {
    chain: Vec<ChainJson<'a>>,
    configured: bool,
    /// Level name → handler keys that emit it, in CPython's call order.
    delivered: std::collections::BTreeMap<&'static str, Vec<String>>,
    disabled: bool,
    effective_level: std::borrow::Cow<'static, str>,
    /// The logger's own filter that rejects all its records.
    #[serde(skip_serializing_if = "Option::is_none")]
    filtered_by: Option<&'a str>,
    handlers: Vec<HandlerJson<'a>>,
    level_from: &'a str,
    logger: &'a str,
    propagate: bool,
    propagation_stops_at: Option<&'a str>,
    /// The `[loggers]` key asked for, when it was read as a section key.
    #[serde(skip_serializing_if = "Option::is_none")]
    section_key: Option<&'a str>,
}

/// One step of the chain in the JSON.
#[cfg(feature = "cli")]
#[derive(serde::Serialize)]
#[serde(untagged)]
enum ChainJson<'a> {
    Logger {
        disabled: bool,
        #[serde(skip_serializing_if = "<[String]>::is_empty")]
        filters: &'a [String],
        handlers: &'a [String],
        level: std::borrow::Cow<'static, str>,
        name: &'a str,
        propagate: bool,
    },
    Placeholder {
        name: &'a str,
        placeholder: bool,
    },
}

#[cfg(feature = "cli")]
impl<'a> ChainJson<'a> {
    fn of(entry: &'a ChainEntry) -> Self {
        match entry {
            ChainEntry::Logger {
                name,
                level,
                propagate,
                disabled,
                handlers,
                filters,
            } => ChainJson::Logger {
                disabled: *disabled,
                filters,
                handlers,
                level: level.name(),
                name,
                propagate: *propagate,
            },
            ChainEntry::Placeholder { name } => ChainJson::Placeholder {
                name,
                placeholder: true,
            },
        }
    }
}

/// One handler of the chain in the JSON.
#[cfg(feature = "cli")]
#[derive(serde::Serialize)]
struct HandlerJson<'a> {
    description: &'a [String],
    key: &'a str,
    on: &'a str,
    sample: &'a str,
}
