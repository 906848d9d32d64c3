//! Handlers: `configure_handler` for each name in `sorted(handlers)`, then
//! once more for those deferred because their MemoryHandler `target` was
//! not built yet.

use super::entities::{check_level, key_text, no_attribute};
use super::value::{Val, key_eq, resolve, to_py};
use super::{Problem, Run, State, Stop};
use crate::diagnostic::PyException;
use crate::dictconfig::{Node, NodeValue};
use crate::handler_class::{self, HandlerClass, KnownClass};
use crate::pyexpr::{as_class, py_repr};
use crate::pyvalue::{PyObject, PyValue};
use crate::rules;

/// The keyword arguments a handler's factory is called with.
pub(super) type Kwargs = Vec<(String, PyValue)>;

impl<'n> Run<'n, '_> {
    /// The handlers in sorted order, then the deferred ones.
    pub(super) fn handlers(&mut self, config: &'n Node) {
        let Some(mut entries) = self.section(config, "handlers") else {
            return;
        };
        if let Some((k, _)) = entries.iter().find(|(k, _)| k.as_str().is_none()) {
            self.assume(k.span, "handler names that are not all strings".into());
            return;
        }
        entries.sort_by(|a, b| a.0.as_str().cmp(&b.0.as_str()));
        for (k, _) in &entries {
            self.handlers.insert(key_text(k), State::Pending);
        }
        let mut deferred = Vec::new();
        for (key, value) in entries {
            match self.handler(value) {
                Err(Stop::NotYet(_)) => deferred.push((key, value)),
                outcome => self.settle_handler(key, value, outcome),
            }
        }
        for (key, value) in deferred {
            let outcome = self.handler(value);
            self.settle_handler(key, value, outcome);
        }
    }

    fn settle_handler(&mut self, key: &'n Node, value: &'n Node, outcome: Result<(), Stop>) {
        // a handler built by code is assumed built: recorded as opaque
        if matches!(outcome, Ok(()) | Err(Stop::Assume(..))) {
            self.record_handler(key, value);
        }
        let state = self.settle(outcome, || {
            format!("Unable to configure handler {}", Val::Node(key).repr())
        });
        self.handlers.insert(key_text(key), state);
    }

    /// `configure_handler(config)`.
    fn handler(&mut self, value: &'n Node) -> Result<(), Stop> {
        self.model.built = None;
        let config = self.conv.convert(value)?;
        let map = handler_map(&config, self.opts.version)?;
        let formatter = self.get(map, "formatter")?;
        if let Some(f) = formatter.filter(|f| f.truthy()) {
            self.formatter_ref(&f)?;
        }
        let level = self.get(map, "level")?;
        let filters = self.get(map, "filters")?;
        if map.get("()").is_some() {
            self.handler_factory(map)?;
        } else {
            let (klass, mut kwargs) = self.handler_class(map)?;
            match klass {
                KnownClass::QueueHandler if self.opts.version.minor >= 12 => {
                    self.queue_call(&mut kwargs, map)?
                }
                _ => self.call(&klass, &mut kwargs, map)?,
            }
        }
        if let Some(level) = level.filter(|l| !matches!(l.py(), PyValue::None)) {
            check_level(&level, "the handler", self.opts.extra_levels, self.opts.version)?;
        }
        if let Some(filters) = filters.filter(|f| f.truthy()) {
            self.add_filters(&filters)?;
        }
        match self.get(map, ".")? {
            Some(props) if props.truthy() && props.map().is_none() => {
                Err(Stop::Raise(Problem::new(
                    &rules::DICTCONFIG_TYPE,
                    props.span(),
                    "`.` must be a dict of attributes",
                    super::entities::no_attribute_exc(&props, "items"),
                )))
            }
            _ => Ok(()),
        }
    }

    /// `self.config['formatters'][formatter]`, wrapped as
    /// `ValueError: Unable to set formatter %r`.
    fn formatter_ref(&mut self, f: &Val<'n>) -> Result<(), Stop> {
        let root = self.conv.root;
        let Some(section) = root.get("formatters") else {
            return Err(set_error("formatter", f, PyException::key_error("formatters")));
        };
        let NodeValue::Map(entries) = &section.value else {
            return Err(Stop::Assume(f.span(), "a formatters section that is not a dict".into()));
        };
        let key = f.py();
        f.hashable().map_err(|e| set_error("formatter", f, e))?;
        let Some((k, _)) = entries.iter().find(|(k, _)| key_eq(&to_py(k), &key)) else {
            return Err(set_error("formatter", f, super::value::key_error(&key)));
        };
        match self.formatters.get(&key_text(k)) {
            Some(State::Failed) => Err(Stop::Skip),
            _ => Ok(()),
        }
    }

    /// `'()'` in a handler: the factory is resolved and its keys checked;
    /// the call is assumed to succeed and the handler's level and filters
    /// are still checked.
    fn handler_factory(&mut self, map: &'n Node) -> Result<(), Stop> {
        match self.custom(map) {
            Err(Stop::Assume(span, what)) => {
                self.assume(span, what);
                Ok(())
            }
            other => other,
        }
    }

    /// `klass = self.resolve(config.pop('class'))` and the special cases
    /// for MemoryHandler, SMTPHandler and SysLogHandler; then the keyword
    /// arguments.
    fn handler_class(&mut self, map: &'n Node) -> Result<(KnownClass, Kwargs), Stop> {
        let cname = self.get(map, "class")?;
        let span = cname.as_ref().map_or(map.span, |c| c.span());
        let cval = cname.as_ref().map_or(PyValue::None, |c| c.py());
        let klass = match (&cval, as_class(&cval)) {
            (PyValue::Str(text), _) => resolve(text, span, self.opts.version, self.opts.importable, true)?,
            (_, Some(_)) if self.opts.version.minor >= 12 => cval.clone(),
            _ => {
                let v = cname.unwrap_or(Val::Obj(PyValue::None, span));
                return Err(no_attribute(&v, "split"));
            }
        };
        let known = match handler_class::classify_object(&klass) {
            HandlerClass::Known(KnownClass::Formatter) => {
                return Err(Stop::Assume(span, "a Formatter used as a handler class".into()));
            }
            HandlerClass::Known(k) => k,
            HandlerClass::NotCallable { .. } => {
                return Err(Stop::Raise(Problem::new(
                    &rules::CLASS_NOT_FOUND,
                    span,
                    "the handler `class` is not a class",
                    PyException::type_error("issubclass() arg 1 must be a class"),
                )));
            }
            HandlerClass::OtherClass(name) | HandlerClass::Custom { path: name } => {
                return Err(Stop::Assume(span, format!("constructing {name}")));
            }
        };
        let mut overrides = Vec::new();
        self.special_cases(known, map, &mut overrides)?;
        let kwargs = self
            .identifiers(map, &["class", "formatter", "level", "filters"])?
            .into_iter()
            .map(|(k, v)| {
                let value = overrides.iter().find(|(o, _)| *o == k).map_or_else(|| v.py(), |(_, o)| o.clone());
                (k, value)
            })
            .collect();
        Ok((known, kwargs))
    }

    /// The MemoryHandler `target` (and 3.13's `flushLevel`), SMTP `mailhost`
    /// and SysLog `address` (lists become tuples), QueueHandler (3.12+, not modelled).
    fn special_cases(
        &mut self,
        known: KnownClass,
        map: &'n Node,
        overrides: &mut Vec<(String, PyValue)>,
    ) -> Result<(), Stop> {
        let tuple = |v: PyValue| match v {
            PyValue::List(items) => PyValue::Tuple(items),
            other => other,
        };
        match known {
            KnownClass::MemoryHandler => {
                if self.opts.version.minor >= 13
                    && let Some(fl) = self.get(map, "flushLevel")? {
                        let n = check_level(&fl, "the MemoryHandler's flushLevel", self.opts.extra_levels, self.opts.version)?;
                        overrides.push(("flushLevel".into(), PyValue::Int(i128::from(n))));
                    }
                if let Some(t) = self.get(map, "target")? {
                    self.target(&t)?;
                    overrides.push(("target".into(), handler_object()));
                }
            }
            KnownClass::SmtpHandler => {
                if let Some(m) = self.get(map, "mailhost")? {
                    overrides.push(("mailhost".into(), tuple(m.py())));
                }
            }
            KnownClass::SysLogHandler => {
                if let Some(a) = self.get(map, "address")? {
                    overrides.push(("address".into(), tuple(a.py())));
                }
            }
            KnownClass::QueueHandler if self.opts.version.minor >= 12 => self.queue_handler(map)?,
            _ => {}
        }
        Ok(())
    }

    /// `th = self.config['handlers'][tn]`, which must be built already.
    fn target(&mut self, t: &Val<'n>) -> Result<(), Stop> {
        let key = t.py();
        t.hashable().map_err(|e| set_error("target handler", t, e))?;
        let name = match &key {
            PyValue::Str(s) => s.clone(),
            other => py_repr(other),
        };
        match self.handlers.get(&name).filter(|_| matches!(key, PyValue::Str(_))) {
            Some(State::Built) => Ok(()),
            Some(State::Failed) => Err(Stop::Skip),
            Some(State::Pending) => {
                let exc = PyException::value_error(format!("Unable to set target handler {}", t.repr()));
                Err(Stop::NotYet(Problem::new(
                    &rules::UNDEFINED_TARGET,
                    t.span(),
                    format!("the target handler {} is not configured yet", t.repr()),
                    exc,
                )))
            }
            None => Err(set_error("target handler", t, super::value::key_error(&key))),
        }
    }

    /// `factory(**kwargs)`, retried with `strm` for a `TypeError` naming `'stream'`.
    pub(super) fn call(&mut self, known: &KnownClass, kwargs: &mut Kwargs, map: &'n Node) -> Result<(), Stop> {
        let class = HandlerClass::Known(*known);
        let mut renamed = false;
        loop {
            let dict = PyValue::Dict(kwargs.iter().map(|(k, v)| (PyValue::Str(k.clone()), v.clone())).collect());
            let built = handler_class::construct(
                &class,
                &PyValue::Tuple(Vec::new()),
                &dict,
                self.opts.fs,
                self.opts.version,
                self.opts.platform,
            );
            let exc = match built.result {
                Ok(spec) => {
                    for what in built.unverified {
                        self.assume(map.span, what);
                    }
                    self.model.built = Some((spec, built.effects));
                    return Ok(());
                }
                Err(exc) => exc,
            };
            if renamed || exc.type_name != "TypeError" || !exc.message.contains("'stream'") {
                return Err(construction_error(map, kwargs, exc));
            }
            let Some(i) = kwargs.iter().position(|(k, _)| k == "stream") else {
                return Err(construction_error(map, kwargs, PyException::key_error("stream")));
            };
            let (_, v) = kwargs.remove(i);
            kwargs.push(("strm".into(), v));
            renamed = true;
        }
    }
}

/// A built handler, as a MemoryHandler's `target` argument.
fn handler_object() -> PyValue {
    PyValue::Object(PyObject::Other {
        type_name: "Handler".into(),
        repr: "<Handler>".into(),
    })
}

/// `ValueError: Unable to set {what} %r` from the lookup's exception.
fn set_error(what: &str, v: &Val<'_>, _inner: PyException) -> Stop {
    let rule = match what {
        "formatter" => &rules::UNDEFINED_FORMATTER,
        _ => &rules::UNDEFINED_TARGET,
    };
    Stop::Raise(Problem::new(
        rule,
        v.span(),
        format!("{what} {} is not defined", v.repr()),
        PyException::value_error(format!("Unable to set {what} {}", v.repr())),
    ))
}

/// `config_copy = dict(config)`, then `config.pop(...)`: a handler entry
/// that is not a dict.
fn handler_map<'n>(config: &Val<'n>, version: crate::version::PyVersion) -> Result<&'n Node, Stop> {
    if let Some(map) = config.map() {
        return Ok(map);
    }
    let exc = match config.py() {
        PyValue::Str(s) if s.is_empty() => super::entities::no_attribute_exc(config, "pop"),
        PyValue::Str(s) => PyException::value_error(format!(
            "dictionary update sequence element #0 has length {}; 2 is required",
            s.chars().next().map_or(0, |_| 1)
        )),
        // 3.10 added the qualified name to argument-count TypeErrors.
        PyValue::List(items) if items.is_empty() => PyException::type_error(format!(
            "{}pop() takes from 1 to 2 positional arguments but 3 were given",
            if version.minor >= 10 { "ConvertingList." } else { "" }
        )),
        PyValue::List(_) | PyValue::Object(_) => {
            return Err(Stop::Assume(config.span(), "a handler that is not a dict".into()));
        }
        other => PyException::type_error(format!("'{}' object is not iterable", other.type_name())),
    };
    Err(Stop::Raise(Problem::new(
        &rules::DICTCONFIG_TYPE,
        config.span(),
        "a handler must be a dict",
        exc,
    )))
}

/// The constructor's exception, at the handler's entry.
fn construction_error(map: &Node, kwargs: &Kwargs, exc: PyException) -> Stop {
    let m = exc.message.as_str();
    let rule = match exc.type_name.as_str() {
        "TypeError" if m.contains("argument") => &rules::HANDLER_SIGNATURE,
        "FileNotFoundError" | "IsADirectoryError" | "PermissionError" | "NotADirectoryError" => {
            &rules::LOG_FILE_UNOPENABLE
        }
        _ => &rules::HANDLER_ARGUMENT,
    };
    let _ = kwargs;
    Stop::Raise(Problem::new(rule, map.span, "the handler cannot be constructed", exc))
}
