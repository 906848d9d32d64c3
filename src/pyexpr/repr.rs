//! `repr()` of modelled Python values.

use crate::pyrepr::repr_str;
use crate::pyvalue::{PyObject, PyValue};

/// Python's `repr(value)`. Runtime objects are shown as CPython shows them on
/// Linux with a UTF-8 locale (`<_io.TextIOWrapper name='<stdout>' ...>`).
pub fn py_repr(v: &PyValue) -> String {
    match v {
        PyValue::None => "None".into(),
        PyValue::Bool(true) => "True".into(),
        PyValue::Bool(false) => "False".into(),
        PyValue::Int(i) => i.to_string(),
        PyValue::Float(f) => repr_float(*f),
        PyValue::Str(s) => repr_str(s),
        PyValue::Bytes(b) => repr_bytes(b),
        PyValue::Tuple(items) if items.len() == 1 => {
            format!("({},)", items.first().map(py_repr).unwrap_or_default())
        }
        PyValue::Tuple(items) => format!("({})", join(items)),
        PyValue::List(items) => format!("[{}]", join(items)),
        PyValue::Dict(pairs) => {
            let parts: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}: {}", py_repr(k), py_repr(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        PyValue::Object(PyObject::Stdout) => {
            "<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>".into()
        }
        PyValue::Object(PyObject::Stderr) => {
            "<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>".into()
        }
        PyValue::Object(PyObject::Module(name)) => format!("<module '{name}'>"),
        PyValue::Object(PyObject::Other { repr, .. }) => repr.clone(),
    }
}

fn join(items: &[PyValue]) -> String {
    items.iter().map(py_repr).collect::<Vec<_>>().join(", ")
}

fn repr_bytes(b: &[u8]) -> String {
    let mut out = String::new();
    crate::pyrepr::write_repr_bytes(b, &mut out);
    out
}

/// Python's `repr(float)`: shortest round-trip digits, exponent form outside `1e-4 <= |x| < 1e16`.
pub fn repr_float(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if f < 0.0 { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        let body = if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if point as usize >= digits.len() {
            format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
        } else {
            let (a, b) = digits.split_at(point as usize);
            format!("{a}.{b}")
        };
        format!("{sign}{body}")
    } else {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let mant = if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first}.{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{mant}e{esign}{:02}", exp.abs())
    }
}
