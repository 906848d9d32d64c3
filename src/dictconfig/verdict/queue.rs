//! 3.12+: the QueueHandler special case of `configure_handler` (3.12.1
//! L783–833, 3.13.0 L805–856) and `_configure_queue_handler` (3.12.1
//! L733–747, 3.13.0 L753–766): the `queue` and `listener` specifiers, the
//! `handlers` it hands to its QueueListener (deferred like a MemoryHandler's
//! target while not built), and on 3.13 the QueueHandler's own keyword
//! arguments.

use super::handlers::Kwargs;
use super::value::{Val, iterate, key_eq, to_py};
use super::{Problem, Run, State, Stop};
use crate::diagnostic::PyException;
use crate::dictconfig::{Node, NodeValue};
use crate::handler_class::{self, HandlerClass, KnownClass};
use crate::pyexpr::{as_class, py_repr};
use crate::pyvalue::{PyObject, PyValue};
use crate::rules;

/// The class `listener` must be (or derive from).
const QUEUE_LISTENER: &str = "logging.handlers.QueueListener";

impl<'n> Run<'n, '_> {
    /// The checks before the call, in CPython's order.
    pub(super) fn queue_handler(&mut self, map: &'n Node) -> Result<(), Stop> {
        if self.opts.version.minor == 12 && map.get("handlers").is_none() {
            return Err(Stop::Raise(Problem::new(
                &rules::DICTCONFIG_ERROR,
                map.span,
                "a QueueHandler needs `handlers` on 3.12",
                PyException::value_error("No handlers specified for a QueueHandler"),
            )));
        }
        if let Some(q) = self.get(map, "queue")? {
            self.queue_spec(&q)?;
        }
        if let Some(l) = self.get(map, "listener")? {
            self.listener_spec(&l)?;
        }
        match self.get(map, "handlers")? {
            Some(hs) => self.required_handlers(&hs),
            None => Ok(()),
        }
    }

    /// `queue`: a dotted name of a callable, or a dict with `()`.
    fn queue_spec(&mut self, q: &Val<'n>) -> Result<(), Stop> {
        let invalid = || specifier_error("queue", q);
        match q.py() {
            PyValue::Str(text) => {
                let value = super::value::resolve(&text, q.span(), self.opts.version, self.opts.importable, true)?;
                match handler_class::classify_object(&value) {
                    HandlerClass::NotCallable { .. } => Err(invalid()),
                    _ => Err(Stop::Assume(q.span(), format!("the queue {text}()"))),
                }
            }
            PyValue::Dict(_) => self.custom_spec(q, invalid),
            _ => Err(invalid()),
        }
    }

    /// `listener`: QueueListener or a subclass, by class, name or `()` dict.
    fn listener_spec(&mut self, l: &Val<'n>) -> Result<(), Stop> {
        let invalid = || specifier_error("listener", l);
        let value = match l.py() {
            PyValue::Str(text) => super::value::resolve(&text, l.span(), self.opts.version, self.opts.importable, true)?,
            PyValue::Dict(_) => return self.custom_spec(l, invalid),
            other if as_class(&other).is_some() => other,
            _ => return Err(invalid()),
        };
        match (as_class(&value), handler_class::classify_object(&value)) {
            (Some(QUEUE_LISTENER), _) => Ok(()),
            (Some(_), _) | (None, HandlerClass::NotCallable { .. }) => Err(invalid()),
            _ => Err(Stop::Assume(l.span(), format!("the listener {}", l.str()))),
        }
    }

    /// A `{'()': …}` specifier (`TypeError` without `()`).
    fn custom_spec(&mut self, spec: &Val<'n>, invalid: impl Fn() -> Stop) -> Result<(), Stop> {
        match spec.map() {
            Some(map) if map.get("()").is_some() => self.custom(map),
            _ => Err(invalid()),
        }
    }

    /// `for hn in config['handlers']: self.config['handlers'][hn]`, each built.
    fn required_handlers(&mut self, hs: &Val<'n>) -> Result<(), Stop> {
        if !matches!(hs.py(), PyValue::List(_)) {
            return Err(Stop::Assume(hs.span(), "QueueHandler handlers that are not a list".into()));
        }
        for hn in iterate(hs)? {
            let fail = |message: String| {
                Problem::new(
                    &rules::UNDEFINED_HANDLER,
                    hs.span(),
                    message,
                    PyException::value_error(format!("Unable to set required handler {}", py_repr(&hn))),
                )
            };
            match self.handler_state(&hn) {
                Some(State::Built) => {}
                Some(State::Failed) => return Err(Stop::Skip),
                Some(State::Pending) => {
                    return Err(Stop::NotYet(fail(format!("handler {} is not configured yet", py_repr(&hn)))));
                }
                None => return Err(Stop::Raise(fail(format!("handler {} is not defined", py_repr(&hn))))),
            }
        }
        Ok(())
    }

    /// The state of handler `name` in this document's `handlers`.
    fn handler_state(&self, name: &PyValue) -> Option<State> {
        let NodeValue::Map(entries) = &self.conv.root.get("handlers")?.value else {
            return None;
        };
        let (k, _) = entries.iter().find(|(k, _)| key_eq(&to_py(k), name))?;
        self.handlers.get(k.as_str()?).copied()
    }

    /// `_configure_queue_handler(klass, **kwargs)`: 3.12 ignores other
    /// keyword arguments; 3.13 passes them on as `klass(q, **kwargs)`.
    pub(super) fn queue_call(&mut self, kwargs: &mut Kwargs, map: &'n Node) -> Result<(), Stop> {
        if self.opts.version.minor < 13 {
            return Ok(());
        }
        kwargs.retain(|(k, _)| !matches!(k.as_str(), "queue" | "respect_handler_level" | "listener" | "handlers"));
        let queue = PyValue::Object(PyObject::Other {
            type_name: "Queue".into(),
            repr: "<queue.Queue>".into(),
        });
        kwargs.insert(0, ("queue".into(), queue));
        self.call(&KnownClass::QueueHandler, kwargs, map)
    }
}

/// `TypeError: Invalid queue specifier %r` (or listener).
fn specifier_error(what: &str, spec: &Val<'_>) -> Stop {
    Stop::Raise(Problem::new(
        &rules::HANDLER_ARGUMENT,
        spec.span(),
        format!("an invalid QueueHandler `{what}`"),
        PyException::type_error(format!("Invalid {what} specifier {}", spec.repr())),
    ))
}
