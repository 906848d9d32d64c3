//! Values as `ConvertingDict` hands them to the configurator: a string
//! `ext://dotted.name` becomes the object `_resolve` finds, `cfg://path`
//! the value that path reaches in the document; everything else is the
//! data `json.load`/`yaml.safe_load` built.

use super::{Problem, Stop};
use crate::diagnostic::PyException;
use crate::dictconfig::{Node, NodeValue};
use crate::handler_class::{self, Resolution};
use crate::pyexpr::py_repr;
use crate::pyvalue::{PyObject, PyValue};
use crate::rules;
use crate::source::Span;
use crate::version::PyVersion;

/// A value after conversion.
#[derive(Debug, Clone)]
pub(super) enum Val<'n> {
    /// Data from the document.
    Node(&'n Node),
    /// The object an `ext://` string names, with the string's span.
    Obj(PyValue, Span),
}

impl<'n> Val<'n> {
    /// Where the value is written.
    pub(super) fn span(&self) -> Span {
        match self {
            Val::Node(n) => n.span,
            Val::Obj(_, s) => *s,
        }
    }

    /// The value as a Python object.
    pub(super) fn py(&self) -> PyValue {
        match self {
            Val::Node(n) => to_py(n),
            Val::Obj(v, _) => v.clone(),
        }
    }

    /// The mapping, if the value is one from the document.
    pub(super) fn map(&self) -> Option<&'n Node> {
        match self {
            Val::Node(n) if matches!(n.value, NodeValue::Map(_)) => Some(n),
            _ => None,
        }
    }

    /// `type(value).__name__`: a list or dict read from a `ConvertingDict`
    /// is a `ConvertingList`/`ConvertingDict`.
    pub(super) fn type_name(&self) -> String {
        match self {
            Val::Node(Node {
                value: NodeValue::List(_),
                ..
            }) => "ConvertingList".into(),
            Val::Node(Node {
                value: NodeValue::Map(_),
                ..
            }) => "ConvertingDict".into(),
            other => other.py().type_name().to_string(),
        }
    }

    /// `hash(value)`: `TypeError: unhashable type` for a list or dict.
    pub(super) fn hashable(&self) -> Result<(), PyException> {
        match self.py() {
            PyValue::List(_) | PyValue::Dict(_) => Err(PyException::type_error(format!(
                "unhashable type: '{}'",
                self.type_name()
            ))),
            other => hashable(&other),
        }
    }

    /// `repr(value)`.
    pub(super) fn repr(&self) -> String {
        py_repr(&self.py())
    }

    /// `str(value)`.
    pub(super) fn str(&self) -> String {
        match self.py() {
            PyValue::Str(s) => s,
            other => py_repr(&other),
        }
    }

    /// Python truthiness.
    pub(super) fn truthy(&self) -> bool {
        self.py().is_truthy()
    }
}

/// The Python object `json.load`/`yaml.safe_load` built for `node`.
pub(super) fn to_py(node: &Node) -> PyValue {
    match &node.value {
        NodeValue::Null => PyValue::None,
        NodeValue::Bool(b) => PyValue::Bool(*b),
        NodeValue::Int(digits) => match digits.parse::<i128>() {
            Ok(i) => PyValue::Int(i),
            Err(_) => PyValue::Object(PyObject::Other {
                type_name: "int".into(),
                repr: digits.clone(),
            }),
        },
        NodeValue::Float(text) => PyValue::Float(text.parse::<f64>().unwrap_or(f64::NAN)),
        NodeValue::Str(s) => PyValue::Str(s.clone()),
        NodeValue::List(items) => PyValue::List(items.iter().map(to_py).collect()),
        NodeValue::Map(entries) => {
            PyValue::Dict(entries.iter().map(|(k, v)| (to_py(k), to_py(v))).collect())
        }
        NodeValue::Other(repr) => PyValue::Object(PyObject::Other {
            type_name: "object".into(),
            repr: repr.clone(),
        }),
    }
}

/// `KeyError(key)` as `str()` shows it.
pub(super) fn key_error(key: &PyValue) -> PyException {
    PyException::new("KeyError", py_repr(key))
}

/// Whether `value` can be a dict key (`TypeError: unhashable type` otherwise).
pub(super) fn hashable(value: &PyValue) -> Result<(), PyException> {
    match value {
        PyValue::List(_) | PyValue::Dict(_) => Err(PyException::type_error(format!(
            "unhashable type: '{}'",
            value.type_name()
        ))),
        PyValue::Tuple(items) => items.iter().try_for_each(hashable),
        _ => Ok(()),
    }
}

/// Python `==` between a looked-up key and a mapping's key (str, int, bool
/// and float keys; other kinds compare equal only when identical).
pub(super) fn key_eq(a: &PyValue, b: &PyValue) -> bool {
    let num = |v: &PyValue| match v {
        PyValue::Int(i) => Some(*i as f64),
        PyValue::Bool(b) => Some(f64::from(u8::from(*b))),
        PyValue::Float(f) => Some(*f),
        _ => None,
    };
    match (num(a), num(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// `for x in value`: the items iteration yields, or the `TypeError`.
pub(super) fn iterate(value: &Val<'_>) -> Result<Vec<PyValue>, Stop> {
    match value.py() {
        PyValue::List(items) | PyValue::Tuple(items) => Ok(items),
        PyValue::Str(s) => Ok(s.chars().map(|c| PyValue::Str(c.to_string())).collect()),
        PyValue::Dict(pairs) => Ok(pairs.into_iter().map(|(k, _)| k).collect()),
        PyValue::Object(PyObject::Stdout | PyObject::Stderr) => Err(Stop::Raise(Problem::new(
            &rules::DICTCONFIG_TYPE,
            value.span(),
            "a stream is iterated here",
            PyException::new("io.UnsupportedOperation", "not readable"),
        ))),
        PyValue::Object(PyObject::Other { .. }) => Err(Stop::Assume(
            value.span(),
            format!("iterating {}", value.repr()),
        )),
        other => Err(Stop::Raise(Problem::new(
            &rules::DICTCONFIG_TYPE,
            value.span(),
            format!("a `{}` is used where a list is needed", other.type_name()),
            PyException::type_error(format!("'{}' object is not iterable", other.type_name())),
        ))),
    }
}

/// `BaseConfigurator.convert` of one value read from a `ConvertingDict`.
pub(super) struct Converter<'n> {
    /// The whole document (`cfg://` paths start here).
    pub(super) root: &'n Node,
    pub(super) version: PyVersion,
    pub(super) importable: &'n [String],
}

impl<'n> Converter<'n> {
    /// The value `node` is once converted.
    pub(super) fn convert(&self, node: &'n Node) -> Result<Val<'n>, Stop> {
        self.convert_depth(node, 0)
    }

    fn convert_depth(&self, node: &'n Node, depth: usize) -> Result<Val<'n>, Stop> {
        let NodeValue::Str(s) = &node.value else {
            return Ok(Val::Node(node));
        };
        let Some((prefix, suffix)) = split_protocol(s) else {
            return Ok(Val::Node(node));
        };
        match prefix {
            "ext" => self.ext(suffix, node.span),
            "cfg" if depth < 8 => {
                let found = self.cfg(s, suffix, node.span)?;
                self.convert_depth(found, depth + 1)
            }
            "cfg" => Err(Stop::Assume(node.span, "a cfg:// chain".into())),
            _ => Ok(Val::Node(node)),
        }
    }

    /// `ext_convert`: `resolve(suffix)`, whose ImportError becomes
    /// `ValueError: Cannot resolve …`.
    fn ext(&self, suffix: &str, span: Span) -> Result<Val<'n>, Stop> {
        resolve(suffix, span, self.version, self.importable, true).map(|v| Val::Obj(v, span))
    }

    /// `cfg_convert`: a word, then `.word` and `[index]` steps.
    fn cfg(&self, value: &str, suffix: &str, span: Span) -> Result<&'n Node, Stop> {
        let raise = |exc: PyException| {
            Stop::Raise(Problem::new(
                &rules::DICTCONFIG_ERROR,
                span,
                format!("`{value}` cannot be converted"),
                exc,
            ))
        };
        let Some((word, mut rest)) = cfg_word(suffix) else {
            return Err(raise(PyException::value_error(format!(
                "Unable to convert {}",
                crate::pyrepr::repr_str(suffix)
            ))));
        };
        let mut d = lookup(self.root, &PyValue::Str(word.to_string())).map_err(raise)?;
        while !rest.is_empty() {
            let Some((key, next)) = cfg_step(rest, self.version) else {
                return Err(raise(PyException::value_error(format!(
                    "Unable to convert {} at {}",
                    crate::pyrepr::repr_str(suffix),
                    crate::pyrepr::repr_str(rest)
                ))));
            };
            d = lookup(d, &key).map_err(raise)?;
            rest = next;
        }
        Ok(d)
    }
}

/// `_resolve(text)`; `wrap`: as `BaseConfigurator.resolve` wraps its
/// ImportError (`ValueError: Cannot resolve 'x': No module named 'x'`).
pub(super) fn resolve(
    text: &str,
    span: Span,
    version: PyVersion,
    importable: &[String],
    wrap: bool,
) -> Result<PyValue, Stop> {
    match handler_class::import_object(text, version, importable) {
        Ok(v) => Ok(v),
        Err(Resolution::Error(exc)) => {
            let import_error =
                exc.type_name.ends_with("ImportError") || exc.type_name == "ModuleNotFoundError";
            let exc = if wrap && import_error {
                PyException::value_error(format!(
                    "Cannot resolve {}: {}",
                    crate::pyrepr::repr_str(text),
                    exc.message
                ))
            } else {
                exc
            };
            Err(Stop::Raise(Problem::new(
                &rules::CLASS_NOT_FOUND,
                span,
                format!("`{text}` cannot be imported"),
                exc,
            )))
        }
        Err(Resolution::Class(_)) => Err(Stop::Assume(
            span,
            format!("`{text}` is imported from a package importable where the service runs"),
        )),
        Err(Resolution::NotStatic { reason }) => Err(Stop::Assume(span, reason)),
    }
}

/// `^(?P<prefix>[a-z]+)://(?P<suffix>.*)$` (`.` stops at a newline).
fn split_protocol(s: &str) -> Option<(&str, &str)> {
    let i = s.find("://")?;
    let prefix = &s[..i];
    let suffix = &s[i + 3..];
    let ok = !prefix.is_empty() && prefix.bytes().all(|b| b.is_ascii_lowercase());
    let suffix = suffix.strip_suffix('\n').unwrap_or(suffix);
    (ok && !suffix.contains('\n')).then_some((prefix, suffix))
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `^\s*(\w+)\s*`.
fn cfg_word(s: &str) -> Option<(&str, &str)> {
    let t = s.trim_start();
    let n = t.find(|c: char| !is_word(c)).unwrap_or(t.len());
    (n > 0).then(|| (&t[..n], t[n..].trim_start()))
}

/// One `.word` or `[index]` step (3.13: `[anything but brackets]`).
fn cfg_step(rest: &str, version: PyVersion) -> Option<(PyValue, &str)> {
    if let Some(after) = rest.strip_prefix('.') {
        let n = after.find(|c: char| !is_word(c)).unwrap_or(after.len());
        if n == 0 {
            return None;
        }
        return Some((PyValue::Str(after[..n].to_string()), after[n..].trim_start()));
    }
    let inner = rest.strip_prefix('[')?;
    let close = inner.find(']')?;
    let idx = &inner[..close];
    let idx = if version.minor >= 13 {
        if idx.contains('[') {
            return None;
        }
        idx
    } else {
        let t = idx.trim();
        if t.is_empty() || !t.chars().all(is_word) {
            return None;
        }
        t
    };
    let key = match idx.bytes().all(|b| b.is_ascii_digit()) && !idx.is_empty() {
        true => PyValue::Int(idx.parse().unwrap_or(0)),
        false => PyValue::Str(idx.to_string()),
    };
    Some((key, inner[close + 1..].trim_start()))
}

/// `d[key]` on document data.
fn lookup<'n>(d: &'n Node, key: &PyValue) -> Result<&'n Node, PyException> {
    match &d.value {
        NodeValue::Map(entries) => entries
            .iter()
            .find(|(k, _)| key_eq(&to_py(k), key))
            .map(|(_, v)| v)
            .ok_or_else(|| key_error(key)),
        NodeValue::List(items) => match key {
            PyValue::Int(i) => usize::try_from(*i)
                .ok()
                .and_then(|i| items.get(i))
                .ok_or_else(|| PyException::new("IndexError", "list index out of range")),
            _ => Err(PyException::type_error(format!(
                "list indices must be integers or slices, not {}",
                key.type_name()
            ))),
        },
        _ => Err(PyException::type_error(format!(
            "'{}' object is not subscriptable",
            to_py(d).type_name()
        ))),
    }
}
