//! Loggers and the root logger (`configure_logger`, `configure_root`,
//! `common_logger_config`), their handler and filter references, and the
//! incremental path.

use super::entities::{check_level, no_attribute_exc};
use super::value::{Val, hashable, iterate, key_eq, to_py};
use super::{Problem, Run, State, Stop};
use crate::diagnostic::PyException;
use crate::dictconfig::{Node, NodeValue};
use crate::pyexpr::py_repr;
use crate::pyvalue::PyValue;
use crate::rules;

impl<'n> Run<'n, '_> {
    /// `for name in loggers: self.configure_logger(name, loggers[name])`.
    pub(super) fn loggers(&mut self, config: &'n Node, incremental: bool) {
        let Some(entries) = self.section(config, "loggers") else {
            return;
        };
        for (key, value) in entries {
            let outcome = match key.as_str() {
                Some(_) => self.conv.convert(value).and_then(|v| {
                    self.logger(&v, incremental, true)?;
                    self.record_logger(Some(key), &v);
                    Ok(())
                }),
                None => Err(Stop::Assume(key.span, "a logger name that is not a string".into())),
            };
            self.settle(outcome, || format!("Unable to configure logger {}", Val::Node(key).repr()));
        }
    }

    /// `if root: self.configure_root(root)`.
    pub(super) fn root(&mut self, config: &'n Node, incremental: bool) {
        let outcome = match self.get(config, "root") {
            Ok(Some(root)) if root.truthy() => self.logger(&root, incremental, false).map(|()| {
                self.record_logger(None, &root);
            }),
            Ok(_) => return,
            Err(stop) => Err(stop),
        };
        self.settle(outcome, || "Unable to configure root logger".to_string());
    }

    /// `common_logger_config` (and `propagate` for a named logger).
    fn logger(&mut self, config: &Val<'n>, incremental: bool, named: bool) -> Result<(), Stop> {
        let Some(map) = config.map() else {
            return match config.py() {
                PyValue::Object(_) => Err(Stop::Assume(config.span(), "a logger that is an object".into())),
                _ => Err(Stop::Raise(Problem::new(
                    &rules::DICTCONFIG_TYPE,
                    config.span(),
                    "a logger must be a dict",
                    no_attribute_exc(config, "get"),
                ))),
            };
        };
        let owner = if named { "the logger" } else { "the root logger" };
        if let Some(level) = self.get(map, "level")?.filter(|l| !matches!(l.py(), PyValue::None)) {
            check_level(&level, owner, self.opts.extra_levels, self.opts.version)?;
        }
        if !incremental {
            if let Some(handlers) = self.get(map, "handlers")?.filter(|h| h.truthy()) {
                self.add_handlers(&handlers)?;
            }
            if let Some(filters) = self.get(map, "filters")?.filter(|f| f.truthy()) {
                self.add_filters(&filters)?;
            }
        }
        if named {
            let _propagate = self.get(map, "propagate")?;
        }
        Ok(())
    }

    /// `add_handlers`: `self.config['handlers'][h]` for each name.
    fn add_handlers(&mut self, handlers: &Val<'n>) -> Result<(), Stop> {
        for h in iterate(handlers)? {
            let state = self.reference("handlers", &h, handlers, |s| s.handlers.clone())?;
            if state == Some(State::Failed) {
                return Err(Stop::Skip);
            }
        }
        Ok(())
    }

    /// `add_filters`: `self.config['filters'][f]` for each name.
    pub(super) fn add_filters(&mut self, filters: &Val<'n>) -> Result<(), Stop> {
        for f in iterate(filters)? {
            let state = self.reference("filters", &f, filters, |s| s.filters.clone())?;
            if state == Some(State::Failed) {
                return Err(Stop::Skip);
            }
        }
        Ok(())
    }

    /// `self.config[section][name]`, wrapped as `ValueError: Unable to add
    /// handler %r` (or filter); the entity's state when found.
    fn reference(
        &self,
        section: &str,
        name: &PyValue,
        list: &Val<'n>,
        states: impl Fn(&Self) -> std::collections::HashMap<String, State>,
    ) -> Result<Option<State>, Stop> {
        let (what, rule) = match section {
            "handlers" => ("handler", &rules::UNDEFINED_HANDLER),
            _ => ("filter", &rules::UNDEFINED_FILTER),
        };
        let fail = |_inner: PyException| {
            Stop::Raise(Problem::new(
                rule,
                list.span(),
                format!("{what} {} is not defined", py_repr(name)),
                PyException::value_error(format!("Unable to add {what} {}", py_repr(name))),
            ))
        };
        let Some(sect) = self.conv.root.get(section) else {
            return Err(fail(PyException::key_error(section)));
        };
        let NodeValue::Map(entries) = &sect.value else {
            return Err(Stop::Assume(sect.span, format!("a {section} section that is not a dict")));
        };
        hashable(name).map_err(fail)?;
        let Some((k, _)) = entries.iter().find(|(k, _)| key_eq(&to_py(k), name)) else {
            return Err(fail(super::value::key_error(name)));
        };
        Ok(states(self).get(&super::entities::key_text(k)).copied())
    }

    /// The incremental path: only handler and logger levels are set; a
    /// handler name must already exist (`logging._handlers`), which in a
    /// fresh process none does.
    pub(super) fn incremental(&mut self, config: &'n Node) -> Result<(), Stop> {
        if let Some(handlers) = self.get(config, "handlers")?
            && let Some(name) = iterate(&handlers)?.first() {
                let span = handler_key_span(&handlers, name);
                return Err(Stop::Raise(Problem::new(
                    &rules::INCREMENTAL_UNKNOWN_HANDLER,
                    span,
                    format!("incremental configuration of handler {}, which does not exist yet", py_repr(name)),
                    PyException::value_error(format!("No handler found with name {}", py_repr(name))),
                )));
            }
        self.loggers(config, true);
        self.root(config, true);
        Ok(())
    }
}

/// The span of handler `name`'s key, or of the whole value.
fn handler_key_span(handlers: &Val<'_>, name: &PyValue) -> crate::source::Span {
    if let Some(Node {
        value: NodeValue::Map(entries),
        ..
    }) = handlers.map()
        && let Some((k, _)) = entries.iter().find(|(k, _)| &to_py(k) == name) {
            return k.span;
        }
    handlers.span()
}
