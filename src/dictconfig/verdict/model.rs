//! The model of a dictConfig document that loads: the same [`Config`]
//! fileConfig files lower into, so that routing, `explain`, `tree`,
//! `simulate` and the backend run on it unchanged. Each entity is recorded
//! as the configurator builds it (formatters, handlers in creation order,
//! loggers, root). A formatter built by code (a `()` factory, another
//! class) makes the handlers using it opaque: routed exactly, their output
//! not simulated, as in a fileConfig file; so does a handler built by code
//! (a `()` factory, a class logcheck does not run, a queue). Name filters
//! (`logging.Filter(name)`) are modelled; what the model cannot express — a
//! filter built by code attached to a logger or handler — is a gap, and a
//! document with a gap has no model. An incremental document is modelled
//! as what it does: levels and `propagate` (`Config::incremental`).

use super::value::Val;
use super::{Run, State, Stop};
use compact_str::CompactString;
use crate::dictconfig::Node;
use crate::format::{Formatter, Style};
use crate::handler_class::{HandlerSpec, SideEffect};
use crate::level::Level;
use crate::model::{Config, FilterDef, FormatterDef, HandlerDef, LoggerDef};
use crate::pyvalue::PyValue;
use crate::source::{Span, Spanned};

/// What the configurator built so far, and what the model cannot say.
#[derive(Default)]
pub(super) struct Recorder {
    pub config: Config,
    /// Why the document has no model (with where), if it does not.
    pub gaps: Vec<(Span, String)>,
    /// The last handler `call` built: its spec and side effects.
    pub built: Option<(HandlerSpec, Vec<SideEffect>)>,
    /// Formatters built by code (a `()` factory, another class): a handler
    /// using one routes exactly but its output is not simulated.
    pub opaque_formatters: Vec<String>,
}

impl<'n> Run<'n, '_> {
    /// A model gap at `span`.
    pub(super) fn gap(&mut self, span: Span, what: &str) {
        self.model.gaps.push((span, what.to_string()));
    }

    /// Records a formatter `configure_formatter` built from `map`.
    pub(super) fn record_formatter(&mut self, key: &'n Node, map: &'n Node) {
        let text = |v: Option<Val<'n>>| v.and_then(|v| v.py().as_str().map(|s| Spanned::new(s.to_string(), v.span())));
        let get = |run: &Self, k: &str| run.get(map, k).ok().flatten();
        let class = get(self, "class").filter(|c| c.truthy());
        let by_code = map.get("()").is_some()
            || class.as_ref().is_some_and(|c| c.py().as_str() != Some("logging.Formatter"));
        if by_code {
            let name = super::entities::key_text(key);
            return self.model.opaque_formatters.push(name);
        }
        let style = match get(self, "style").map(|s| s.py()) {
            Some(PyValue::Str(s)) => Style::from_config(&s).unwrap_or(Style::Percent),
            _ => Style::Percent,
        };
        let (format, datefmt) = (text(get(self, "format")), text(get(self, "datefmt")));
        let defaults = get(self, "defaults").map(|d| d.py());
        let built = Formatter::new(
            format.as_ref().map(|f| f.value.as_str()),
            datefmt.as_ref().map(|f| f.value.as_str()),
            style,
            defaults.as_ref(),
            self.opts.version,
        );
        let Ok(formatter) = built else {
            return self.gap(map.span, "a format that is not validated (`validate: false`)");
        };
        self.model.config.formatters.push(FormatterDef {
            key: Spanned::new(super::entities::key_text(key), key.span),
            section: map.span,
            format,
            datefmt,
            style,
            class: class.and_then(|c| text(Some(c))),
            formatter,
        });
    }

    /// Records a filter `configure_filter` built from `value` (with `outcome`):
    /// `logging.Filter(name)`, or one built by code.
    pub(super) fn record_filter(&mut self, key: &'n Node, value: &'n Node, outcome: &Result<(), Stop>) {
        let name = super::entities::key_text(key);
        let map = self.conv.convert(value).ok().and_then(|v| v.map());
        let filter_name = match (outcome, map) {
            (Ok(()), Some(map)) => match self.get(map, "name").ok().flatten().map(|n| n.py()) {
                None => Some(CompactString::default()),
                Some(PyValue::Str(text)) => Some(CompactString::from(text.as_str())),
                Some(_) => None,
            },
            (Err(Stop::Assume(..)), _) => None,
            _ => return,
        };
        self.model.config.filters.push(FilterDef {
            key: Spanned::new(CompactString::from(name.as_str()), key.span),
            section: value.span,
            by_code: filter_name.is_none(),
            name: filter_name.unwrap_or_default(),
        });
    }

    /// The filter keys a logger or handler entry `map` attaches (`filters`),
    /// each where it is written, and the first one built by code; a gap for
    /// a list the model cannot read.
    fn filter_refs(&mut self, map: &'n Node, whose: &str) -> (Vec<Spanned<CompactString>>, Option<Span>) {
        let list = self.get(map, "filters").ok().flatten().filter(|f| f.truthy());
        let refs = names_written(map, "filters", list);
        if refs.len() != list_len(map, "filters", self) {
            self.gap(map.span, &format!("{whose} filters that are not names"));
        }
        let filters = &self.model.config.filters;
        let by_code = refs.iter().find(|r| {
            filters.iter().rev().find(|f| f.key.value == r.value).is_some_and(|f| f.by_code)
        });
        let by_code = by_code.map(|r| r.span);
        (refs, by_code)
    }

    /// Records a handler `configure_handler` built from `value`.
    pub(super) fn record_handler(&mut self, key: &'n Node, value: &'n Node) {
        let Ok(config) = self.conv.convert(value) else {
            return;
        };
        let Some(map) = config.map() else {
            return;
        };
        let get = |run: &Self, k: &str| run.get(map, k).ok().flatten();
        // built by code (a `()` factory, a class logcheck does not run, a
        // queue): routed exactly, its output not simulated
        let (spec, effects) = self.model.built.take().unwrap_or_else(|| {
            let class = get(self, "class").or_else(|| get(self, "()")).map_or_else(String::new, |c| c.str());
            (HandlerSpec::Opaque { class }, Vec::new())
        });
        // a filter built by code decides what the handler writes
        let (filters, by_code_filter) = self.filter_refs(map, "handler");
        let name = |v: Val<'n>| v.py().as_str().map(|s| Spanned::new(CompactString::from(s), v.span()));
        let level = get(self, "level").filter(|l| !matches!(l.py(), PyValue::None));
        let class = get(self, "class").and_then(name).unwrap_or_else(|| Spanned::new("".into(), map.span));
        let formatter = get(self, "formatter").filter(|f| f.truthy()).and_then(name);
        let opaque = by_code_filter.is_some()
            || formatter.as_ref().is_some_and(|f| {
                self.model.opaque_formatters.iter().any(|o| o.as_str() == f.value.as_str())
            });
        let spec = match opaque {
            true => HandlerSpec::Opaque {
                class: class.value.to_string(),
            },
            false => spec,
        };
        self.model.config.handlers.push(HandlerDef {
            key: Spanned::new(CompactString::from(super::entities::key_text(key)), key.span),
            section: map.span,
            class,
            spec,
            effects,
            level: level.as_ref().map_or(Level(0), |l| self.level_of(l)),
            level_span: level.as_ref().map(Val::span),
            formatter: formatter.filter(|_| !opaque),
            target: get(self, "target").filter(|t| t.truthy()).and_then(name),
            filters,
        });
    }

    /// Records a logger (`named`) or the root logger configured from `config`.
    pub(super) fn record_logger(&mut self, key: Option<&'n Node>, config: &Val<'n>) {
        let Some(map) = config.map() else {
            return;
        };
        let get = |run: &Self, k: &str| run.get(map, k).ok().flatten();
        // incremental: `common_logger_config` sets the level only
        let incremental = self.model.config.incremental;
        let filters = match incremental {
            true => Vec::new(),
            false => {
                let (filters, by_code) = self.filter_refs(map, "logger");
                if let (Some(span), Some(first)) = (by_code, filters.first()) {
                    let key = filters.iter().find(|f| f.span == span).unwrap_or(first);
                    self.gap(span, &format!("logger filter {} built by code", py_repr_str(&key.value)));
                }
                filters
            }
        };
        let level = get(self, "level")
            .filter(|l| !matches!(l.py(), PyValue::None))
            .map(|l| Spanned::new(self.level_of(&l), l.span()));
        let handlers = if incremental { Vec::new() } else { handler_names(map, get(self, "handlers")) };
        let Some(key) = key else {
            let root = &mut self.model.config.root;
            root.section = map.span;
            root.level = level;
            root.handlers = handlers;
            root.filters = filters;
            return;
        };
        let qualname = super::entities::key_text(key);
        let propagate = get(self, "propagate");
        self.model.config.loggers.push(LoggerDef {
            key: Spanned::new(CompactString::from(qualname.as_str()), key.span),
            section: map.span,
            targets_root: qualname.is_empty() || (qualname == "root" && self.opts.version.minor >= 9),
            qualname: Spanned::new(CompactString::from(qualname.as_str()), key.span),
            level,
            propagate: Spanned::new(i64::from(propagate.as_ref().is_none_or(|p| p.truthy())), propagate.as_ref().map_or(map.span, Val::span)),
            propagate_given: propagate.is_some(),
            handlers,
            filters,
        });
    }

    /// `_checkLevel` of a level the verdict accepted.
    fn level_of(&self, level: &Val<'n>) -> Level {
        super::entities::check_level(level, "", self.opts.extra_levels, self.opts.version).map_or(Level(0), Level)
    }

    /// The model, when the document loads and the model can say everything.
    pub(super) fn finished_model(&mut self, disable_existing: bool) -> Option<Config> {
        if self.raised.is_some() || !self.model.gaps.is_empty() {
            return None;
        }
        let failed = |states: &std::collections::HashMap<String, State>| {
            states.values().any(|s| *s == State::Failed)
        };
        if failed(&self.handlers) || failed(&self.formatters) {
            return None;
        }
        let mut config = std::mem::take(&mut self.model.config);
        config.disable_existing_loggers = Some(disable_existing);
        config.dictconfig = true;
        config.level_names = self.opts.extra_levels;
        Some(config)
    }
}

/// A logger's handler names, each where it is written when the list is
/// written out (else at the logger's entry).
fn handler_names(map: &Node, handlers: Option<Val<'_>>) -> Vec<Spanned<CompactString>> {
    names_written(map, "handlers", handlers)
}

/// The number of items of the list under `key` in `map` (0 when absent or
/// not a list).
fn list_len<'n>(map: &'n Node, key: &str, run: &Run<'n, '_>) -> usize {
    match run.get(map, key).ok().flatten().filter(|v| v.truthy()).map(|v| v.py()) {
        Some(PyValue::List(items) | PyValue::Tuple(items)) => items.len(),
        Some(_) => usize::MAX,
        None => 0,
    }
}

/// `repr` of a key for messages.
fn py_repr_str(text: &str) -> String {
    crate::pyrepr::repr_str(text)
}

/// The string items of the list under `key` (`list`, its converted value),
/// each where it is written when the list is written out (else at `map`).
fn names_written(map: &Node, key: &str, list: Option<Val<'_>>) -> Vec<Spanned<CompactString>> {
    let items = match list.map(|h| h.py()) {
        Some(PyValue::List(items) | PyValue::Tuple(items)) => items,
        _ => return Vec::new(),
    };
    let written: Vec<Span> = match map.get(key).map(|n| &n.value) {
        Some(crate::dictconfig::NodeValue::List(nodes)) if nodes.len() == items.len() => {
            nodes.iter().map(|n| n.span).collect()
        }
        _ => vec![map.span; items.len()],
    };
    items
        .iter()
        .zip(written)
        .filter_map(|(h, span)| h.as_str().map(|s| Spanned::new(CompactString::from(s), span)))
        .collect()
}
