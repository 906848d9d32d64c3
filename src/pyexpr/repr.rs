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

/// The significant digits and decimal exponent of `x`'s shortest
/// round-trip repr (`x` finite and positive), as Python's `repr` (David
/// Gay's dtoa, mode 0) chooses them: when two shortest strings are equally
/// close to `x` (its exact value ends in a 5 just past them), the one with
/// the even last digit (`897343624038829.25` → `…829.2`; Rust's `{:e}`
/// writes `…829.3`).
fn shortest_digits(x: f64) -> (String, i32) {
    let split = |sci: &str| -> (String, i32) {
        let (mantissa, exp) = sci.split_once('e').unwrap_or((sci, "0"));
        let digits = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
        (digits, exp.parse().unwrap_or(0))
    };
    let (digits, exp) = split(&format!("{x:e}"));
    let odd = digits.bytes().last().is_some_and(|d| d % 2 == 1);
    if !odd {
        return (digits, exp);
    }
    // The exact value: an f64 has at most 767 significant decimal digits.
    let (exact, exact_exp) = split(&format!("{x:.800e}"));
    let exact = exact.trim_end_matches('0');
    let n = digits.len();
    if exact_exp != exp || exact.len() != n + 1 || !exact.ends_with('5') {
        return (digits, exp);
    }
    let mut other = exact[..n].to_string();
    if other == digits {
        match other.pop() {
            Some(last @ '0'..='8') => other.push((last as u8 + 1) as char),
            _ => return (digits, exp),
        }
    }
    let round_trips = format!("0.{other}e{}", exp + 1).parse::<f64>() == Ok(x);
    if round_trips { (other, exp) } else { (digits, exp) }
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
    let (digits, exp) = shortest_digits(f.abs());
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
