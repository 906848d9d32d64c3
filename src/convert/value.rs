//! The converted document: an ordered tree of the values JSON and YAML
//! share (what `json.load` and `yaml.safe_load` give back), written by the
//! [`json`](super::json) and [`yaml`](super::yaml) emitters.

/// One value of a dictConfig document. Mappings keep the order they were
/// built in (fileConfig's order), as Python dicts do.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `None`.
    Null,
    /// `True` / `False`.
    Bool(bool),
    /// An `int`.
    Int(i128),
    /// A `float`.
    Float(f64),
    /// A `str`.
    Str(String),
    /// A `list`.
    List(Vec<Value>),
    /// A `dict` with string keys, in insertion order.
    Map(Vec<(String, Value)>),
}

impl Value {
    /// A string value.
    pub fn str(text: impl Into<String>) -> Value {
        Value::Str(text.into())
    }

    /// The value under `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// `repr(float)` as a decimal text both readers take back exactly
/// (`inf`/`nan` are left to each emitter).
pub(crate) fn float_text(f: f64) -> String {
    crate::pyexpr::repr_float(f)
}
