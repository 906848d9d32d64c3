//! Formatters and filters (`configure_formatter`, `configure_filter`) and
//! what they share with handlers: `()` factories, identifiers, levels, and
//! entries that are not dicts.

use super::value::{Val, resolve};
use super::{Problem, Run, State, Stop};
use crate::diagnostic::PyException;
use crate::dictconfig::{Node, NodeValue};
use crate::format::{Formatter, Style};
use crate::handler_class::{self, HandlerClass, KnownClass};
use crate::pyexpr::as_class;
use crate::pyvalue::{PyObject, PyValue};
use crate::rules;

impl<'n> Run<'n, '_> {
    /// `for name in formatters: formatters[name] = configure_formatter(...)`.
    pub(super) fn formatters(&mut self, config: &'n Node) {
        let Some(entries) = self.section(config, "formatters") else {
            return;
        };
        for (key, value) in entries {
            let name = key_text(key);
            let outcome = self.conv.convert(value).and_then(|v| self.formatter(&v));
            // a formatter built by code is assumed built: recorded as opaque
            if matches!(outcome, Ok(()) | Err(Stop::Assume(..)))
                && let Some(map) = self.conv.convert(value).ok().and_then(|v| v.map())
            {
                self.record_formatter(key, map);
            }
            let state = self.settle(outcome, || {
                format!("Unable to configure formatter {}", super::value::Val::Node(key).repr())
            });
            self.formatters.insert(name, state);
        }
    }

    /// `for name in filters: filters[name] = configure_filter(...)`.
    pub(super) fn filters(&mut self, config: &'n Node) {
        let Some(entries) = self.section(config, "filters") else {
            return;
        };
        for (key, value) in entries {
            let name = key_text(key);
            let outcome = self.conv.convert(value).and_then(|v| self.filter(&v));
            self.record_filter(key, value, &outcome);
            let state = self.settle(outcome, || {
                format!("Unable to configure filter {}", super::value::Val::Node(key).repr())
            });
            self.filters.insert(name, state);
        }
    }

    /// Records a step's outcome under its `ValueError` wrapper.
    pub(super) fn settle(
        &mut self,
        outcome: Result<(), Stop>,
        outer: impl FnOnce() -> String,
    ) -> State {
        match outcome {
            Ok(()) => State::Built,
            Err(Stop::Assume(span, what)) => {
                self.assume(span, what);
                State::Built
            }
            Err(stop) => {
                self.stopped(Some(outer()), stop);
                State::Failed
            }
        }
    }

    /// `configure_formatter(config)`.
    fn formatter(&mut self, config: &Val<'n>) -> Result<(), Stop> {
        let map = entry_map(config, "formatter")?;
        if map.get("()").is_some() {
            return self.custom(map);
        }
        let fmt = self.get(map, "format")?;
        let _datefmt = self.get(map, "datefmt")?;
        let style = self.get(map, "style")?;
        let cname = self.get(map, "class")?;
        if self.opts.version.reads_formatter_defaults() {
            let _defaults = self.get(map, "defaults")?;
        }
        if let Some(c) = cname.filter(|c| c.truthy()) {
            self.formatter_class(map, &c, &style)?;
        }
        let parsed = match &style {
            None => Style::Percent,
            Some(s) => formatter_style(s).map_err(|exc| {
                Stop::Raise(Problem::new(
                    &rules::INVALID_STYLE,
                    s.span(),
                    format!("unknown formatter style {}", s.repr()),
                    exc,
                ))
            })?,
        };
        let validate = match map.get("validate") {
            Some(_) => self.get(map, "validate")?.is_some_and(|v| v.truthy()),
            None => true,
        };
        match validate {
            true => self.validate_format(map, fmt.as_ref(), parsed),
            false => Ok(()),
        }
    }

    /// `c = _resolve(cname)`: a class other than `logging.Formatter` is not
    /// modelled; one that is not callable or does not take the arguments raises.
    fn formatter_class(
        &mut self,
        map: &'n Node,
        c: &Val<'n>,
        style: &Option<Val<'n>>,
    ) -> Result<(), Stop> {
        let Some(text) = c.py().as_str().map(str::to_string) else {
            return Err(no_attribute(c, "split"));
        };
        let value = resolve(&text, c.span(), self.opts.version, self.opts.importable, false)?;
        let type_error = |exc: PyException| {
            Stop::Raise(Problem::new(
                &rules::CLASS_NOT_FOUND,
                c.span(),
                format!("formatter class `{text}` cannot be called as a Formatter"),
                exc,
            ))
        };
        match handler_class::classify_object(&value) {
            HandlerClass::Known(KnownClass::Formatter) => Ok(()),
            HandlerClass::Known(k) => {
                let (args, kwargs) = self.formatter_call_args(map, style)?;
                handler_class::bind(k, &args, &kwargs, self.opts.version).map_err(type_error)?;
                Err(Stop::Assume(c.span(), format!("a formatter built by {}", k.qualified_name())))
            }
            HandlerClass::NotCallable { type_name, .. } => Err(type_error(
                PyException::type_error(format!("'{type_name}' object is not callable")),
            )),
            _ => Err(Stop::Assume(c.span(), format!("the formatter class {text}"))),
        }
    }

    /// `(fmt, dfmt, style[, validate])` and `{defaults: …}` (3.12+).
    fn formatter_call_args(
        &self,
        map: &'n Node,
        style: &Option<Val<'n>>,
    ) -> Result<(PyValue, PyValue), Stop> {
        let py = |v: Option<Val<'n>>| v.map_or(PyValue::None, |v| v.py());
        let mut args = vec![
            py(self.get(map, "format")?),
            py(self.get(map, "datefmt")?),
            style.as_ref().map_or(PyValue::Str("%".into()), |s| s.py()),
        ];
        if map.get("validate").is_some() {
            args.push(py(self.get(map, "validate")?));
        }
        let mut kwargs = Vec::new();
        if self.opts.version.reads_formatter_defaults()
            && let Some(d) = self.get(map, "defaults")? {
                kwargs.push((PyValue::Str("defaults".into()), d.py()));
            }
        Ok((PyValue::Tuple(args), PyValue::Dict(kwargs)))
    }

    /// `self._style.validate()` of `Formatter(fmt, …)`.
    fn validate_format(&mut self, map: &'n Node, fmt: Option<&Val<'n>>, style: Style) -> Result<(), Stop> {
        let span = fmt.map_or(map.span, |f| f.span());
        let text = match fmt.map(|f| f.py()) {
            None => None,
            Some(PyValue::Str(s)) => Some(s),
            Some(v) if !v.is_truthy() => None,
            Some(v) if style == Style::Percent => {
                return Err(Stop::Raise(Problem::new(
                    &rules::INVALID_FORMAT,
                    span,
                    "the format is not a string",
                    PyException::expected_string(v.type_name(), self.opts.version),
                )));
            }
            Some(_) => return Err(Stop::Assume(span, "a format that is not a string".into())),
        };
        Formatter::new(text.as_deref(), None, style, None, self.opts.version)
            .map(|_| ())
            .map_err(|exc| {
                Stop::Raise(Problem::new(
                    &rules::INVALID_FORMAT,
                    span,
                    "the formatter has an invalid format",
                    exc,
                ))
            })
    }

    /// `configure_filter(config)`: `logging.Filter(name)` takes `len(name)`.
    fn filter(&mut self, config: &Val<'n>) -> Result<(), Stop> {
        let map = entry_map(config, "filter")?;
        if map.get("()").is_some() {
            return self.custom(map);
        }
        let Some(name) = self.get(map, "name")? else {
            return Ok(());
        };
        match name.py() {
            PyValue::Str(_) | PyValue::List(_) | PyValue::Dict(_) | PyValue::Tuple(_) => Ok(()),
            other => Err(Stop::Raise(Problem::new(
                &rules::DICTCONFIG_TYPE,
                name.span(),
                "a filter `name` must be a string",
                PyException::type_error(format!("object of type '{}' has no len()", other.type_name())),
            ))),
        }
    }

    /// `configure_custom(config)`: resolve `()`, check the keys are
    /// identifiers, convert the values; the call itself is not run.
    pub(super) fn custom(&mut self, map: &'n Node) -> Result<(), Stop> {
        let factory = self.get(map, "()")?.ok_or(Stop::Skip)?;
        let callable = match factory.py() {
            PyValue::Str(text) => resolve(&text, factory.span(), self.opts.version, self.opts.importable, true)?,
            PyValue::Object(obj @ PyObject::Other { .. }) if as_class(&PyValue::Object(obj.clone())).is_some() => {
                PyValue::Object(obj)
            }
            _ => return Err(no_attribute(&factory, "split")),
        };
        self.identifiers(map, &["()", "."])?;
        if let HandlerClass::NotCallable { type_name, .. } = handler_class::classify_object(&callable) {
            return Err(Stop::Raise(Problem::new(
                &rules::CLASS_NOT_FOUND,
                factory.span(),
                "the `()` factory is not callable",
                PyException::type_error(format!("'{type_name}' object is not callable")),
            )));
        }
        Err(Stop::Assume(factory.span(), format!("the factory {}", factory.str())))
    }

    /// `{k: config[k] for k in config if k != '.' and valid_ident(k)}` over
    /// the keys not in `skip`: the keyword arguments, or the first
    /// `ValueError: Not a valid Python identifier`.
    pub(super) fn identifiers(&self, map: &'n Node, skip: &[&str]) -> Result<Vec<(String, Val<'n>)>, Stop> {
        let NodeValue::Map(entries) = &map.value else {
            return Ok(Vec::new());
        };
        let mut kwargs = Vec::new();
        for (k, v) in entries {
            let key = match &k.value {
                NodeValue::Str(s) if skip.contains(&s.as_str()) || s == "." => continue,
                NodeValue::Str(s) => s,
                _ => {
                    return Err(Stop::Raise(Problem::new(
                        &rules::INVALID_IDENTIFIER,
                        k.span,
                        "a key that is not a string",
                        PyException::expected_string(&Val::Node(k).type_name(), self.conv.version),
                    )));
                }
            };
            if !valid_ident(key) {
                return Err(Stop::Raise(Problem::new(
                    &rules::INVALID_IDENTIFIER,
                    k.span,
                    format!("`{key}` is not a keyword argument name"),
                    PyException::value_error(format!(
                        "Not a valid Python identifier: {}",
                        crate::pyrepr::repr_str(key)
                    )),
                )));
            }
            kwargs.push((key.clone(), self.conv.convert(v)?));
        }
        Ok(kwargs)
    }
}

/// `^[a-z_][a-z0-9_]*$` with `re.I` (`$` also matches before a final newline).
fn valid_ident(s: &str) -> bool {
    let s = s.strip_suffix('\n').unwrap_or(s);
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `style not in _STYLES`.
fn formatter_style(style: &Val<'_>) -> Result<Style, PyException> {
    style.hashable()?;
    match style.py() {
        PyValue::Str(s) => Style::from_config(&s),
        _ => Err(PyException::value_error("Style must be one of: %,{,$")),
    }
}

/// The name a section key is remembered by.
pub(super) fn key_text(key: &Node) -> String {
    match &key.value {
        NodeValue::Str(s) => s.clone(),
        _ => Val::Node(key).repr(),
    }
}

/// A formatter or filter entry must be a dict: `'()' in config`, then
/// `config.get(...)`, raise otherwise.
fn entry_map<'n>(config: &Val<'n>, what: &str) -> Result<&'n Node, Stop> {
    if let Some(map) = config.map() {
        return Ok(map);
    }
    let exc = match config.py() {
        PyValue::Str(s) if s.contains("()") => no_attribute_exc(config, "pop"),
        PyValue::Str(_) => no_attribute_exc(config, "get"),
        PyValue::List(items) if items.iter().any(|i| i.as_str() == Some("()")) => {
            return Err(Stop::Assume(config.span(), format!("a {what} that is a list")));
        }
        PyValue::List(_) => no_attribute_exc(config, "get"),
        PyValue::Object(_) => return Err(Stop::Assume(config.span(), format!("a {what} that is an object"))),
        other => PyException::type_error(format!("argument of type '{}' is not iterable", other.type_name())),
    };
    Err(Stop::Raise(Problem::new(
        &rules::DICTCONFIG_TYPE,
        config.span(),
        format!("a {what} must be a dict"),
        exc,
    )))
}

/// `AttributeError` of `getattr(value, attr)`.
pub(super) fn no_attribute_exc(value: &Val<'_>, attr: &str) -> PyException {
    let v = value.py();
    let msg = match (&v, as_class(&v)) {
        (_, Some(class)) => format!(
            "type object '{}' has no attribute '{attr}'",
            class.rsplit('.').next().unwrap_or(class)
        ),
        (PyValue::Object(PyObject::Module(m)), _) => format!("module '{m}' has no attribute '{attr}'"),
        _ => format!("'{}' object has no attribute '{attr}'", value.type_name()),
    };
    PyException::new("AttributeError", msg)
}

/// [`no_attribute_exc`] as a stop at the value.
pub(super) fn no_attribute(value: &Val<'_>, attr: &str) -> Stop {
    Stop::Raise(Problem::new(
        &rules::DICTCONFIG_TYPE,
        value.span(),
        format!("a {} is used where a name is needed", value.type_name()),
        no_attribute_exc(value, attr),
    ))
}

/// `logging._checkLevel(level)`; `extra`: names the host registered with
/// `addLevelName` (uvicorn's `TRACE`).
pub(super) fn check_level(
    level: &Val<'_>,
    owner: &str,
    extra: &[(&'static str, i64)],
    version: crate::version::PyVersion,
) -> Result<i64, Stop> {
    let exc = match level.py() {
        PyValue::Int(i) => return Ok(i64::try_from(i).unwrap_or(i64::MAX)),
        PyValue::Bool(b) => return Ok(i64::from(b)),
        PyValue::Str(s) => match crate::level::Level::from_name_with(&s, extra) {
            Some(level) => return Ok(level.0),
            None => PyException::value_error(format!("Unknown level: {}", crate::pyrepr::repr_str(&s))),
        },
        other => crate::level::not_a_level(&other, version),
    };
    Err(Stop::Raise(Problem::new(
        &rules::UNKNOWN_LEVEL,
        level.span(),
        format!("{owner} has an unknown level {}", level.repr()),
        exc,
    )))
}
