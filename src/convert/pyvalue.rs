//! Python values from `args`/`kwargs`/`defaults` as document values, or
//! why a value has no dictConfig form.

use super::value::Value;
use crate::handler_class::KnownClass;
use crate::pyvalue::{PyObject, PyValue};

/// Parameters where dictConfig hands the constructor a list for the
/// original's tuple and the constructor treats both alike (dictConfig
/// turns `address` and `mailhost` back into tuples itself).
fn list_is_fine(class: Option<KnownClass>, param: &str) -> bool {
    match class {
        Some(KnownClass::SysLogHandler) => param == "address",
        Some(KnownClass::SmtpHandler) => {
            matches!(param, "mailhost" | "toaddrs" | "credentials" | "secure")
        }
        _ => false,
    }
}

/// A string dictConfig would resolve instead of passing on (`ext://…`,
/// `cfg://…`: its `CONVERT_PATTERN` with a known prefix).
pub(crate) fn is_converted_string(s: &str) -> bool {
    (s.starts_with("ext://") || s.starts_with("cfg://")) && !s[6..].contains('\n')
}

/// The document value for argument `param` of `class`, or why there is none.
pub(crate) fn argument(
    value: &PyValue,
    class: Option<KnownClass>,
    param: &str,
) -> Result<Value, String> {
    let top_level_tuple = list_is_fine(class, param);
    convert(value, top_level_tuple, param)
}

/// A plain value (formatter `defaults` entries): tuples have no form.
pub(crate) fn plain(value: &PyValue, what: &str) -> Result<Value, String> {
    convert(value, false, what)
}

fn convert(value: &PyValue, tuple_ok: bool, what: &str) -> Result<Value, String> {
    Ok(match value {
        PyValue::None => Value::Null,
        PyValue::Bool(b) => Value::Bool(*b),
        PyValue::Int(i) => Value::Int(*i),
        PyValue::Float(f) => Value::Float(*f),
        PyValue::Str(s) if is_converted_string(s) => {
            return Err(format!(
                "`{what}` is the string {s:?}, which dictConfig would resolve as a reference instead of passing it on"
            ));
        }
        PyValue::Str(s) => Value::Str(s.clone()),
        PyValue::Bytes(_) => {
            return Err(format!(
                "`{what}` is bytes, which JSON and YAML cannot hold"
            ));
        }
        PyValue::Tuple(items) if tuple_ok => sequence(items, what)?,
        PyValue::Tuple(_) => {
            return Err(format!(
                "`{what}` is a tuple: dictConfig would pass a list, which this parameter may not treat alike"
            ));
        }
        PyValue::List(items) => sequence(items, what)?,
        PyValue::Dict(entries) => mapping(entries, what)?,
        PyValue::Object(PyObject::Stdout) => Value::str("ext://sys.stdout"),
        PyValue::Object(PyObject::Stderr) => Value::str("ext://sys.stderr"),
        PyValue::Object(other) => {
            return Err(format!(
                "`{what}` is a {} object, which a document cannot name",
                PyValue::Object(other.clone()).type_name()
            ));
        }
    })
}

fn sequence(items: &[PyValue], what: &str) -> Result<Value, String> {
    items
        .iter()
        .map(|v| convert(v, false, what))
        .collect::<Result<_, _>>()
        .map(Value::List)
}

fn mapping(entries: &[(PyValue, PyValue)], what: &str) -> Result<Value, String> {
    let mut out = Vec::with_capacity(entries.len());
    for (key, item) in entries {
        let PyValue::Str(key) = key else {
            return Err(format!(
                "`{what}` is a dict with a key that is not a string"
            ));
        };
        out.push((key.clone(), convert(item, false, what)?));
    }
    Ok(Value::Map(out))
}
