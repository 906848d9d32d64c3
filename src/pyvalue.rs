//! Python values as logcheck models them: what `args`/`kwargs` evaluate to,
//! formatter `defaults`, `extra` fields and message arguments.
//!
//! Only data lives here. `pyexpr` produces these values from text without ever
//! running code; `format` renders them with `str()`/`repr()`/`%`-conversions.

/// A Python value.
#[derive(Debug, Clone, PartialEq)]
pub enum PyValue {
    None,
    Bool(bool),
    /// Python ints are unbounded; values outside i128 are reported as not static.
    Int(i128),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    Tuple(Vec<PyValue>),
    List(Vec<PyValue>),
    /// Insertion-ordered, as Python dicts are.
    Dict(Vec<(PyValue, PyValue)>),
    /// A runtime object reachable by name (`sys.stdout`, a module, a class).
    Object(PyObject),
}

/// Named runtime objects that a fileConfig `eval` can reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PyObject {
    /// `sys.stdout` (a write-only text stream when captured).
    Stdout,
    /// `sys.stderr`.
    Stderr,
    /// A module such as `sys`, `os` or `handlers`.
    Module(String),
    /// Anything else: its Python type name and its `repr`.
    Other { type_name: String, repr: String },
}

impl PyValue {
    /// The Python type name, as error messages print it (`tuple`, `str`, `NoneType`).
    pub fn type_name(&self) -> &str {
        match self {
            PyValue::None => "NoneType",
            PyValue::Bool(_) => "bool",
            PyValue::Int(_) => "int",
            PyValue::Float(_) => "float",
            PyValue::Str(_) => "str",
            PyValue::Bytes(_) => "bytes",
            PyValue::Tuple(_) => "tuple",
            PyValue::List(_) => "list",
            PyValue::Dict(_) => "dict",
            PyValue::Object(PyObject::Stdout | PyObject::Stderr) => "_io.TextIOWrapper",
            PyValue::Object(PyObject::Module(_)) => "module",
            PyValue::Object(PyObject::Other { type_name, .. }) => type_name,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            PyValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Python truthiness.
    pub fn is_truthy(&self) -> bool {
        match self {
            PyValue::None => false,
            PyValue::Bool(b) => *b,
            PyValue::Int(i) => *i != 0,
            PyValue::Float(f) => *f != 0.0,
            PyValue::Str(s) => !s.is_empty(),
            PyValue::Bytes(b) => !b.is_empty(),
            PyValue::Tuple(v) | PyValue::List(v) => !v.is_empty(),
            PyValue::Dict(v) => !v.is_empty(),
            PyValue::Object(_) => true,
        }
    }
}
