//! The logger tree and record routing, exactly as CPython's `logging` runs it.
//!
//! One engine serves `explain`, `tree`, `simulate` and the Rust backend:
//! [`Hierarchy::configure`] replays what `fileConfig` does to the logger
//! manager (root, then each `[logger_X]` in `keys` order, then
//! `disable_existing_loggers`), and [`Hierarchy::route`] answers, for a record
//! of some level logged on some name, which handlers emit it and why.
//!
//! Mirrors `Manager.getLogger`, `_fixupParents`, `_fixupChildren`,
//! `Logger.getEffectiveLevel`, `isEnabledFor` and `callHandlers` (spec §6–7):
//! ancestors' levels and `disabled` flags are *not* consulted while a record
//! propagates; only each handler's own level gates it; the last-resort handler
//! (stderr, WARNING, bare message) runs only when no handler was found at all.
//!
//! # Example
//! ```
//! use logcheck::hierarchy::Hierarchy;
//! use logcheck::level::Level;
//! let mut h = Hierarchy::new();
//! let app = h.get_logger("app.db");
//! assert_eq!(h.effective_level(app), Level::WARNING); // inherited from root
//! assert!(h.logger(h.parent(app).unwrap()).name.is_empty()); // "app" is a placeholder, so root is the parent
//! ```

mod filter;

pub use filter::{FilterId, Filters, name_filter_passes};

use crate::ini::name_hash;
use crate::level::Level;
use crate::model::Config;
use compact_str::CompactString;
use hashbrown::HashTable;
use rustc_hash::FxHashMap;

/// Index of a logger in a [`Hierarchy`]; the root is `LoggerId(0)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LoggerId(pub usize);

/// Index of a handler in [`Config::handlers`].
pub type HandlerId = usize;

/// A real logger (placeholders are kept apart, as in CPython's manager).
#[derive(Debug, Clone)]
pub struct LoggerNode {
    /// `""` for the root (CPython names it `root`).
    pub name: CompactString,
    /// `logger.level` (NOTSET means "inherit").
    pub level: Level,
    pub propagate: bool,
    pub disabled: bool,
    /// Attached handlers in `addHandler` order.
    pub handlers: Vec<HandlerId>,
    /// Attached filters in `addFilter` order: they judge the records logged
    /// on this logger, not those propagating through it.
    pub filters: Vec<FilterId>,
    parent: Option<LoggerId>,
}

/// One `manager.loggerDict` entry, packed into the name table: a logger's
/// id, or (with [`PLACEHOLDER`] set) an index into `Hierarchy::placeholders`.
/// 31 bits are plenty: each logger or placeholder comes from at least a few
/// bytes of configuration text held in memory, so 2^31 of them cannot occur.
type Entry = u32;

/// Marks an [`Entry`] that is a placeholder.
const PLACEHOLDER: u32 = 1 << 31;

/// A dotted prefix with no logger yet, and the loggers waiting below it.
#[derive(Debug, Clone)]
struct Placeholder {
    name: CompactString,
    waiting: Vec<LoggerId>,
    /// A logger of this name was created since (the entry now names it).
    claimed: bool,
}

/// The logger manager: every logger and placeholder by name.
///
/// The name table holds 4-byte entries and the names live in the nodes and
/// placeholders (inline, as most logger names are short): a file with
/// 10,000 loggers looks them up in a table of ≈ 160 KB instead of ≈ 2 MB of
/// string-keyed slots, which matters once the tree outgrows the CPU caches.
#[derive(Clone)]
pub struct Hierarchy {
    nodes: Vec<LoggerNode>,
    /// `manager.loggerDict` (root is not in it).
    dict: HashTable<Entry>,
    /// Every placeholder ever inserted, in insertion order.
    placeholders: Vec<Placeholder>,
    /// The configuration's filters and the handlers holding them.
    filters: Filters,
}

impl std::fmt::Debug for Hierarchy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hierarchy")
            .field("nodes", &self.nodes)
            .field("placeholders", &self.placeholders)
            .finish_non_exhaustive()
    }
}

/// The name a table entry stands for.
fn entry_name<'h>(
    nodes: &'h [LoggerNode],
    placeholders: &'h [Placeholder],
    entry: Entry,
) -> &'h str {
    if entry & PLACEHOLDER == 0 {
        nodes.get(entry as usize).map_or("", |n| n.name.as_str())
    } else {
        placeholders
            .get((entry & !PLACEHOLDER) as usize)
            .map_or("", |p| p.name.as_str())
    }
}

/// Options that model the process around `fileConfig`.
#[derive(Debug, Clone, Default)]
pub struct Existing {
    /// Loggers created before `fileConfig` ran (`getLogger(__name__)` at import).
    pub names: Vec<String>,
    /// `disable_existing_loggers=False`.
    pub keep_existing: bool,
}

/// Why a handler does or does not emit a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Gate {
    /// The handler emits the record.
    Emitted,
    /// The record's level is below the handler's level.
    BelowHandlerLevel(Level),
    /// One of the handler's filters rejects the record.
    Filtered(FilterId),
}

/// One handler met on the propagation walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub handler: HandlerId,
    /// The logger the handler is attached to.
    pub via: LoggerId,
    pub gate: Gate,
}

/// Why a record is dropped before any handler sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Dropped {
    /// `logger.disabled` (disable_existing_loggers).
    Disabled,
    /// Below the logger's effective level; names the logger that set it.
    BelowEffectiveLevel { level: Level, from: LoggerId },
    /// One of the logger's own filters rejects the record.
    Filtered(FilterId),
}

/// What happens to one record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Route {
    pub dropped: Option<Dropped>,
    /// Every handler on the walk, in the order CPython calls them.
    pub deliveries: Vec<Delivery>,
    /// The logger whose `propagate` is false and ends the walk (None: reached root).
    pub stopped_at: Option<LoggerId>,
    /// The last-resort handler prints the record (no handler found, level ≥ WARNING).
    pub last_resort: bool,
}

impl Route {
    /// The deliveries whose handler emits the record, in call order.
    pub fn emitting_deliveries(&self) -> impl Iterator<Item = &Delivery> + '_ {
        self.deliveries.iter().filter(|d| d.gate == Gate::Emitted)
    }

    /// Handlers that emit the record, in call order.
    pub fn emitting(&self) -> impl Iterator<Item = HandlerId> + '_ {
        self.deliveries
            .iter()
            .filter(|d| d.gate == Gate::Emitted)
            .map(|d| d.handler)
    }
}

impl Default for Hierarchy {
    fn default() -> Self {
        Self::new()
    }
}

impl Hierarchy {
    /// A fresh process: root at WARNING, no handlers.
    pub fn new() -> Self {
        Hierarchy {
            nodes: vec![LoggerNode {
                name: CompactString::default(),
                level: Level::WARNING,
                propagate: true,
                disabled: false,
                handlers: Vec::new(),
                filters: Vec::new(),
                parent: None,
            }],
            dict: HashTable::new(),
            placeholders: Vec::new(),
            filters: Filters::default(),
        }
    }

    pub const ROOT: LoggerId = LoggerId(0);

    pub fn logger(&self, id: LoggerId) -> &LoggerNode {
        &self.nodes[id.0]
    }

    pub fn parent(&self, id: LoggerId) -> Option<LoggerId> {
        self.nodes[id.0].parent
    }

    /// All real loggers, root first, then in creation order.
    pub fn loggers(&self) -> impl ExactSizeIterator<Item = (LoggerId, &LoggerNode)> {
        self.nodes.iter().enumerate().map(|(i, n)| (LoggerId(i), n))
    }

    /// Placeholder names (dotted prefixes that no logger has claimed).
    pub fn placeholders(&self) -> impl Iterator<Item = &str> {
        self.placeholders
            .iter()
            .filter(|p| !p.claimed)
            .map(|p| p.name.as_str())
    }

    /// The logger for `name` if it exists (no creation).
    pub fn find(&self, name: &str) -> Option<LoggerId> {
        if name.is_empty() || name == "root" {
            return Some(Self::ROOT);
        }
        match self.entry(name) {
            Some(entry) if entry & PLACEHOLDER == 0 => Some(LoggerId(entry as usize)),
            _ => None,
        }
    }

    /// `manager.loggerDict.get(name)`.
    fn entry(&self, name: &str) -> Option<Entry> {
        self.dict
            .find(name_hash(name), |&e| {
                entry_name(&self.nodes, &self.placeholders, e) == name
            })
            .copied()
    }

    /// The name table, and the names of its entries, borrowed apart: the
    /// table reads names back (to rehash or compare) while it changes.
    fn table_mut<'h>(&'h mut self) -> (&'h mut HashTable<Entry>, impl Fn(&Entry) -> &'h str) {
        let Hierarchy {
            dict,
            nodes,
            placeholders,
            ..
        } = self;
        let (nodes, placeholders) = (&*nodes, &*placeholders);
        (dict, move |&e: &Entry| entry_name(nodes, placeholders, e))
    }

    /// Adds `name` (not yet present) to the name table.
    fn insert_entry(&mut self, name: &str, entry: Entry) {
        let (dict, name_of) = self.table_mut();
        dict.insert_unique(name_hash(name), entry, |e| name_hash(name_of(e)));
    }

    /// Points the table's entry for `name` (present) at `entry`.
    fn replace_entry(&mut self, name: &str, entry: Entry) {
        let (dict, name_of) = self.table_mut();
        if let Some(slot) = dict.find_mut(name_hash(name), |e| name_of(e) == name) {
            *slot = entry;
        }
    }

    /// `logging.getLogger(name)`: `""` and `"root"` are the root logger (3.9+).
    pub fn get_logger(&mut self, name: &str) -> LoggerId {
        if name.is_empty() || name == "root" {
            return Self::ROOT;
        }
        match self.entry(name) {
            Some(entry) if entry & PLACEHOLDER == 0 => LoggerId(entry as usize),
            Some(placeholder) => {
                let id = self.new_node(name);
                let waiting = match self
                    .placeholders
                    .get_mut((placeholder & !PLACEHOLDER) as usize)
                {
                    Some(p) => {
                        p.claimed = true;
                        std::mem::take(&mut p.waiting)
                    }
                    None => Vec::new(),
                };
                self.replace_entry(name, id.0 as Entry);
                self.fixup_children(&waiting, id);
                self.fixup_parents(id);
                id
            }
            None => {
                let id = self.new_node(name);
                self.insert_entry(name, id.0 as Entry);
                self.fixup_parents(id);
                id
            }
        }
    }

    fn new_node(&mut self, name: &str) -> LoggerId {
        self.nodes.push(LoggerNode {
            name: CompactString::from(name),
            level: Level::NOTSET,
            propagate: true,
            disabled: false,
            handlers: Vec::new(),
            filters: Vec::new(),
            parent: None,
        });
        LoggerId(self.nodes.len() - 1)
    }

    /// `Manager._fixupParents`: walk dotted prefixes right to left.
    fn fixup_parents(&mut self, id: LoggerId) {
        // A copy for the walk: the node keeps its name, which the name table
        // reads back when it grows while placeholders are inserted.
        let name = self.nodes[id.0].name.clone();
        let mut found: Option<LoggerId> = None;
        // i = name.rfind("."); while i > 0 and not rv: ...; i = name.rfind(".", 0, i - 1)
        // A byte scan: names are short, and `str::rfind` set up a searcher
        // for each of the ≈ 22,000 lookups of a 5,000-logger file.
        let last_dot = |s: &str| s.bytes().rposition(|b| b == b'.');
        let mut i = last_dot(&name);
        while let Some(pos) = i {
            if pos == 0 || found.is_some() {
                break;
            }
            let prefix = &name[..pos];
            match self.entry(prefix) {
                None => {
                    let entry = self.placeholders.len() as Entry | PLACEHOLDER;
                    self.placeholders.push(Placeholder {
                        name: CompactString::from(prefix),
                        waiting: vec![id],
                        claimed: false,
                    });
                    self.insert_entry(prefix, entry);
                }
                Some(entry) if entry & PLACEHOLDER == 0 => found = Some(LoggerId(entry as usize)),
                Some(entry) => {
                    // CPython guards with `not in loggerMap` (a dict); a new
                    // logger's walk meets each prefix once, so it is never
                    // waiting there yet, and a scan would be quadratic under
                    // a placeholder with thousands of loggers below it.
                    if let Some(p) = self.placeholders.get_mut((entry & !PLACEHOLDER) as usize) {
                        p.waiting.push(id);
                    }
                }
            }
            // rfind(".", 0, i - 1): the character just before the dot is skipped
            let before = name[..pos].char_indices().last().map_or(0, |(b, _)| b);
            i = last_dot(&name[..before]);
        }
        self.nodes[id.0].parent = Some(found.unwrap_or(Self::ROOT));
    }

    /// `Manager._fixupChildren`: loggers waiting below a placeholder that now
    /// becomes a real logger are re-parented to it.
    fn fixup_children(&mut self, waiting: &[LoggerId], id: LoggerId) {
        let name = self.nodes[id.0].name.clone();
        for &child in waiting {
            let Some(parent) = self.nodes[child.0].parent else {
                continue;
            };
            let parent_name = self.display_name(parent);
            // if c.parent.name[:namelen] != name (a slice in characters)
            let head: String = parent_name.chars().take(name.chars().count()).collect();
            if head != name {
                self.nodes[id.0].parent = Some(parent);
                self.nodes[child.0].parent = Some(id);
            }
        }
    }

    /// The name CPython reports (`root` for the root logger).
    /// `record.name` of a record logged on `id` (`root` for the root logger).
    pub fn record_name(&self, id: LoggerId) -> &str {
        if id == Self::ROOT {
            "root"
        } else {
            &self.nodes[id.0].name
        }
    }

    /// The filters of the configuration and the handlers holding them.
    pub fn filters(&self) -> &Filters {
        &self.filters
    }

    pub fn display_name(&self, id: LoggerId) -> String {
        if id == Self::ROOT {
            "root".to_string()
        } else {
            self.nodes[id.0].name.to_string()
        }
    }

    /// `logger.addHandler(h)` at run time (what `basicConfig()` does to root);
    /// a handler already attached is not added twice.
    pub fn add_handler(&mut self, id: LoggerId, handler: HandlerId) {
        if let Some(node) = self.nodes.get_mut(id.0)
            && !node.handlers.contains(&handler)
        {
            node.handlers.push(handler);
        }
    }

    /// `getEffectiveLevel()` and the logger whose level it is.
    pub fn effective_level_source(&self, id: LoggerId) -> (Level, Option<LoggerId>) {
        let mut cur = Some(id);
        while let Some(c) = cur {
            let node = &self.nodes[c.0];
            if node.level != Level::NOTSET {
                return (node.level, Some(c));
            }
            cur = node.parent;
        }
        (Level::NOTSET, None)
    }

    pub fn effective_level(&self, id: LoggerId) -> Level {
        self.effective_level_source(id).0
    }

    /// Replays `fileConfig`'s logger configuration on a fresh manager in which
    /// `existing.names` were created first.
    pub fn configure(config: &Config, existing: &Existing) -> Hierarchy {
        Self::configure_with_ids(config, existing).0
    }

    /// [`configure`](Self::configure), also returning the logger each of
    /// `config.loggers` configured, in order (no lookups by name afterwards).
    pub fn configure_with_ids(config: &Config, existing: &Existing) -> (Hierarchy, Vec<LoggerId>) {
        let mut h = Hierarchy::with_existing(config, existing);
        let mut ids = Vec::with_capacity(config.loggers.len());
        let handler_by_key = handlers_by_key(config);
        // root: level if given; handlers replaced
        if let Some(level) = &config.root.level {
            h.nodes[0].level = level.value;
        }
        if config.incremental {
            h.configure_levels(config, &mut ids);
            return (h, ids);
        }
        h.nodes[0].handlers = handler_ids(&handler_by_key, &config.root.handlers);
        h.nodes[0].filters = filter::filter_ids(config, &config.root.filters);
        let mut pending = ExistingLoggers::new(&h);
        for def in &config.loggers {
            let qn = def.qualname.value.as_str();
            let id = h.get_logger(qn);
            ids.push(id);
            pending.configure(qn);
            if let Some(level) = &def.level {
                h.nodes[id.0].level = level.value;
            }
            let node = &mut h.nodes[id.0];
            node.handlers = handler_ids(&handler_by_key, &def.handlers);
            if !def.filters.is_empty() {
                node.filters = filter::filter_ids(config, &def.filters);
            }
            node.propagate = def.propagate.value != 0;
            node.disabled = false;
        }
        pending.handle_existing(&mut h, existing.keep_existing);
        (h, ids)
    }

    /// An incremental dictConfig document's loggers: their level and
    /// `propagate`, nothing else (no handlers replaced, nobody disabled).
    fn configure_levels(&mut self, config: &Config, ids: &mut Vec<LoggerId>) {
        for def in &config.loggers {
            let id = self.get_logger(&def.qualname.value);
            ids.push(id);
            let node = &mut self.nodes[id.0];
            if let Some(level) = &def.level {
                node.level = level.value;
            }
            if def.propagate_given {
                node.propagate = def.propagate.value != 0;
            }
        }
    }

    /// A fresh manager sized for `config`, in which `existing.names` were
    /// created first.
    fn with_existing(config: &Config, existing: &Existing) -> Hierarchy {
        let mut h = Hierarchy::new();
        if !config.filters.is_empty() {
            h.filters = Filters::of(config);
        }
        // Every logger plus, in a dotted hierarchy, about as many placeholders.
        let expected = 2 * (config.loggers.len() + existing.names.len());
        h.nodes.reserve(expected / 2);
        h.dict = HashTable::with_capacity(expected);
        for name in &existing.names {
            h.get_logger(name);
        }
        h
    }

    /// `callHandlers`' propagation walk: every handler met, with the logger
    /// it is attached to; returns the logger whose `propagate` ended the walk.
    fn walk(&self, id: LoggerId, mut visit: impl FnMut(HandlerId, LoggerId)) -> Option<LoggerId> {
        let mut cur = Some(id);
        while let Some(c) = cur {
            let n = &self.nodes[c.0];
            for &handler in &n.handlers {
                visit(handler, c);
            }
            if !n.propagate {
                return Some(c);
            }
            cur = n.parent;
        }
        None
    }

    /// What `logger.log(level, …)` on `id` does: `isEnabledFor`, then
    /// `callHandlers` with its propagation walk, then the last resort.
    pub fn route(&self, id: LoggerId, level: Level, handler_levels: &[Level]) -> Route {
        let mut route = Route {
            dropped: None,
            deliveries: Vec::new(),
            stopped_at: None,
            last_resort: false,
        };
        self.route_into(id, level, handler_levels, &mut route);
        route
    }

    /// [`route`](Self::route) into an existing `Route`, reusing its
    /// deliveries' memory (the routing lint routes every logger of a file).
    pub fn route_into(
        &self,
        id: LoggerId,
        level: Level,
        handler_levels: &[Level],
        route: &mut Route,
    ) {
        let node = &self.nodes[id.0];
        route.dropped = None;
        route.deliveries.clear();
        route.stopped_at = None;
        route.last_resort = false;
        if node.disabled {
            route.dropped = Some(Dropped::Disabled);
            return;
        }
        let (effective, from) = self.effective_level_source(id);
        if level < effective {
            route.dropped = Some(Dropped::BelowEffectiveLevel {
                level: effective,
                from: from.unwrap_or(Self::ROOT),
            });
            return;
        }
        let record_name = self.record_name(id);
        if let Some(filter) = self.filters.rejecting(&node.filters, record_name) {
            route.dropped = Some(Dropped::Filtered(filter));
            return;
        }
        route.stopped_at = self.walk(id, |handler, via| {
            let hl = handler_levels
                .get(handler)
                .copied()
                .unwrap_or(Level::NOTSET);
            // callHandlers checks the level, then Handler.handle the filters
            let gate = if level < hl {
                Gate::BelowHandlerLevel(hl)
            } else if let Some(f) = self.filters.handler_rejecting(handler, record_name) {
                Gate::Filtered(f)
            } else {
                Gate::Emitted
            };
            route.deliveries.push(Delivery { handler, via, gate });
        });
        route.last_resort = route.deliveries.is_empty() && level >= Level::WARNING;
    }
}

/// The handler CPython keeps under each key: the last one built.
fn handlers_by_key(config: &Config) -> FxHashMap<&str, HandlerId> {
    let mut handler_by_key: FxHashMap<&str, HandlerId> = FxHashMap::default();
    for (i, def) in config.handlers.iter().enumerate() {
        handler_by_key.insert(&def.key.value, i);
    }
    handler_by_key
}

/// A logger's `handlers` list: each named handler once, in order.
fn handler_ids(
    handler_by_key: &FxHashMap<&str, HandlerId>,
    names: &[crate::source::Spanned<CompactString>],
) -> Vec<HandlerId> {
    let mut ids = Vec::with_capacity(names.len());
    for n in names {
        if let Some(&i) = handler_by_key.get(n.value.as_str())
            && !ids.contains(&i)
        {
            ids.push(i);
        }
    }
    ids
}

/// `_install_loggers`' `existing` (the sorted loggerDict keys, placeholders
/// included) with `existing.remove(qn)` and `child_loggers` kept as flags
/// over the sorted names: CPython's list scans are quadratic in the number
/// of existing loggers, these are binary searches.
struct ExistingLoggers {
    names: Vec<String>,
    removed: Vec<bool>,
    is_child: Vec<bool>,
    /// `qn + "."`, one buffer reused for every configured logger.
    prefixed: String,
}

impl ExistingLoggers {
    fn new(h: &Hierarchy) -> Self {
        let mut names: Vec<String> = (h.nodes.iter().skip(1).map(|n| n.name.to_string()))
            .chain(
                h.placeholders
                    .iter()
                    .filter(|p| !p.claimed)
                    .map(|p| p.name.to_string()),
            )
            .collect();
        names.sort();
        let n = names.len();
        ExistingLoggers {
            names,
            removed: vec![false; n],
            is_child: vec![false; n],
            prefixed: String::new(),
        }
    }

    /// Logger `qn` is configured: if it is in `existing`, every later name
    /// under `qn.` is a child logger, and `qn` is removed.
    fn configure(&mut self, qn: &str) {
        let pending = &self.names;
        let Ok(pos) = pending.binary_search_by(|n| n.as_str().cmp(qn)) else {
            return;
        };
        if self.removed[pos] {
            return;
        }
        self.prefixed.clear();
        self.prefixed.push_str(qn);
        self.prefixed.push('.');
        // names sharing a prefix are contiguous in sorted order
        let first = pending.partition_point(|n| n.as_str() < self.prefixed.as_str());
        for (i, name) in pending.iter().enumerate().skip(first) {
            if !name.starts_with(self.prefixed.as_str()) {
                break;
            }
            self.is_child[i] |= !self.removed[i];
        }
        self.removed[pos] = true;
    }

    /// `_handle_existing_loggers`: children of configured loggers are reset,
    /// the other existing loggers disabled unless kept.
    fn handle_existing(&self, h: &mut Hierarchy, keep_existing: bool) {
        for (i, name) in self.names.iter().enumerate() {
            if self.removed[i] {
                continue;
            }
            let Some(id) = h.find(name) else {
                continue;
            };
            let node = &mut h.nodes[id.0];
            if self.is_child[i] {
                node.level = Level::NOTSET;
                node.handlers.clear();
                node.propagate = true;
            } else {
                node.disabled = !keep_existing;
            }
        }
    }
}

/// A logger's route precomputed for every level: what [`Hierarchy::route`]
/// answers, without walking the tree or allocating per record (the `log`
/// backend's fast path). Built by [`Hierarchy::compile_route`]; valid until
/// the levels, handlers or propagation of the walked loggers change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompiledRoute {
    /// `logger.disabled`.
    pub disabled: bool,
    /// `getEffectiveLevel()`.
    pub effective: Level,
    /// Every handler on the propagation walk whose filters pass the
    /// logger's records, with its level, in call order (none when one of
    /// the logger's own filters rejects them).
    pub handlers: Vec<(HandlerId, Level)>,
    /// The walk met a handler (so the last resort stays silent), or one of
    /// the logger's own filters rejects its records.
    pub handled: bool,
}

impl CompiledRoute {
    /// `isEnabledFor(level)` (disabled loggers drop everything).
    pub fn enabled(&self, level: Level) -> bool {
        !self.disabled && level >= self.effective
    }

    /// Handlers that emit a record of `level`, in call order (assumes [`enabled`](Self::enabled)).
    pub fn emitting(&self, level: Level) -> impl Iterator<Item = HandlerId> + '_ {
        self.handlers
            .iter()
            .filter(move |(_, hl)| level >= *hl)
            .map(|(h, _)| *h)
    }

    /// The last-resort handler prints the record (assumes [`enabled`](Self::enabled)).
    pub fn last_resort(&self, level: Level) -> bool {
        !self.handled && level >= Level::WARNING
    }
}

impl Hierarchy {
    /// The route of `id` for all levels at once, from the same walk as [`Hierarchy::route`].
    pub fn compile_route(&self, id: LoggerId, handler_levels: &[Level]) -> CompiledRoute {
        let mut handlers = Vec::new();
        let record_name = self.record_name(id);
        let filtered = (self.filters.rejecting(&self.nodes[id.0].filters, record_name)).is_some();
        let mut handled = filtered;
        if !filtered {
            self.walk(id, |handler, _| {
                handled = true;
                if self.filters.handler_rejecting(handler, record_name).is_some() {
                    return;
                }
                let level = handler_levels
                    .get(handler)
                    .copied()
                    .unwrap_or(Level::NOTSET);
                handlers.push((handler, level));
            });
        }
        CompiledRoute {
            disabled: self.nodes[id.0].disabled,
            effective: self.effective_level(id),
            handlers,
            handled,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_replaced_and_children_reparented() {
        let mut h = Hierarchy::new();
        let abc = h.get_logger("a.b.c");
        assert_eq!(h.parent(abc), Some(Hierarchy::ROOT));
        assert_eq!(h.placeholders().collect::<Vec<_>>(), vec!["a.b", "a"]);
        let a = h.get_logger("a");
        assert_eq!(h.parent(abc), Some(a));
        let ab = h.get_logger("a.b");
        assert_eq!(h.parent(abc), Some(ab));
        assert_eq!(h.parent(ab), Some(a));
        assert_eq!(h.placeholders().count(), 0);
    }

    /// Every name stays findable while the name table grows (it rehashes
    /// from the names the loggers and placeholders hold).
    #[test]
    fn names_stay_findable_as_the_table_grows() {
        let mut h = Hierarchy::new();
        let names: Vec<String> = (0..2_000)
            .map(|i| format!("svc.m{}.m{}.x{i}", i % 7, i % 11))
            .collect();
        let mut ids = Vec::new();
        for name in &names {
            let id = h.get_logger(name);
            // findable at once, not only after a later growth of the table
            assert_eq!(h.find(name), Some(id), "{name} just created");
            ids.push(id);
        }
        for (name, id) in names.iter().zip(&ids) {
            assert_eq!(h.find(name), Some(*id), "{name}");
            assert_eq!(h.logger(*id).name, name.as_str());
        }
        // the prefixes are placeholders until claimed, then loggers
        assert_eq!(h.placeholders().count(), 1 + 7 + 77);
        let svc = h.get_logger("svc");
        assert_eq!(h.find("svc"), Some(svc));
        assert_eq!(h.placeholders().count(), 7 + 77);
        let m3 = h.get_logger("svc.m3");
        assert_eq!(h.parent(m3), Some(svc));
    }

    #[test]
    fn root_aliases() {
        let mut h = Hierarchy::new();
        assert_eq!(h.get_logger(""), Hierarchy::ROOT);
        assert_eq!(h.get_logger("root"), Hierarchy::ROOT);
    }

    #[test]
    fn propagation_ignores_ancestor_levels_and_last_resort_needs_no_handler() {
        let mut h = Hierarchy::new();
        let app = h.get_logger("app");
        h.nodes[0].handlers = vec![0];
        h.nodes[0].level = Level::CRITICAL;
        h.nodes[app.0].level = Level::DEBUG;
        let route = h.route(app, Level::INFO, &[Level::NOTSET]);
        assert_eq!(route.emitting().collect::<Vec<_>>(), vec![0]);
        // a handler that filters the record still counts as found
        let route = h.route(app, Level::WARNING, &[Level::ERROR]);
        assert!(!route.last_resort);
        assert_eq!(
            route.deliveries[0].gate,
            Gate::BelowHandlerLevel(Level::ERROR)
        );
        h.nodes[0].handlers.clear();
        assert!(h.route(app, Level::WARNING, &[]).last_resort);
        assert!(!h.route(app, Level::INFO, &[]).last_resort);
    }

    #[test]
    fn compiled_route_agrees_with_route() {
        let mut h = Hierarchy::new();
        let abc = h.get_logger("a.b.c");
        let a = h.get_logger("a");
        let ab = h.get_logger("a.b");
        h.nodes[0].handlers = vec![0, 1];
        h.nodes[a.0].handlers = vec![2];
        h.nodes[a.0].level = Level::INFO;
        h.nodes[ab.0].handlers = vec![1];
        let handler_levels = [Level::NOTSET, Level::ERROR, Level::WARNING];
        for (propagate, disabled) in [(true, false), (false, false), (true, true)] {
            h.nodes[ab.0].propagate = propagate;
            h.nodes[abc.0].disabled = disabled;
            for id in [Hierarchy::ROOT, a, ab, abc] {
                let compiled = h.compile_route(id, &handler_levels);
                for level in [0, 5, 10, 20, 25, 30, 40, 50, 99] {
                    let level = Level(level);
                    let route = h.route(id, level, &handler_levels);
                    assert_eq!(compiled.enabled(level), route.dropped.is_none());
                    if route.dropped.is_none() {
                        assert_eq!(
                            compiled.emitting(level).collect::<Vec<_>>(),
                            route.emitting().collect::<Vec<_>>()
                        );
                        assert_eq!(compiled.last_resort(level), route.last_resort);
                    }
                }
            }
        }
    }
}
