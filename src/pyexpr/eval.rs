//! Evaluation of the pure subset, left to right as CPython evaluates.

use super::environ::{self, EnvRead};
use super::namespace::{Namespace, NsEntry};
use super::{BinOp, EvalError, Expr, ExprKind, FStringPart, MAX_LEN, UnaryOp, py_repr};
use crate::diagnostic::PyException;
use crate::pyvalue::{PyObject, PyValue};
use crate::source::Span;

/// A class value as evaluation produces it (`type` object).
pub fn class_value(qualified: &str) -> PyValue {
    PyValue::Object(PyObject::Other {
        type_name: "type".into(),
        repr: format!("<class '{qualified}'>"),
    })
}

/// The `module.qualname` of a class value made by [`class_value`].
pub fn as_class(v: &PyValue) -> Option<&str> {
    match v {
        PyValue::Object(PyObject::Other { type_name, repr }) if type_name == "type" => repr
            .strip_prefix("<class '")
            .and_then(|r| r.strip_suffix("'>")),
        _ => None,
    }
}

pub(super) fn exc(type_name: &str, msg: impl Into<String>, span: Span) -> EvalError {
    EvalError::Exception {
        exception: PyException::new(type_name, msg),
        span,
    }
}

pub(super) fn not_static(span: Span, reason: impl Into<String>) -> EvalError {
    EvalError::NotStatic {
        span,
        reason: reason.into(),
        beyond_limits: false,
    }
}

/// A value CPython computes that is beyond logcheck's limits.
fn beyond_limits(span: Span, reason: &str) -> EvalError {
    EvalError::NotStatic {
        span,
        reason: reason.into(),
        beyond_limits: true,
    }
}

/// Evaluate `expr` in `ns`. Never runs code: anything impure is `NotStatic`.
pub fn eval(expr: &Expr, ns: &Namespace) -> Result<PyValue, EvalError> {
    eval_reading(expr, ns, &mut Vec::new())
}

/// [`eval`], recording the environment reads it evaluates into `reads`.
pub fn eval_reading(
    expr: &Expr,
    ns: &Namespace,
    reads: &mut Vec<EnvRead>,
) -> Result<PyValue, EvalError> {
    let span = expr.span;
    match &expr.kind {
        ExprKind::Const(v) => Ok(v.clone()),
        ExprKind::NotStatic(reason) => Err(not_static(span, *reason)),
        ExprKind::BeyondLimits(reason) => Err(beyond_limits(span, reason)),
        ExprKind::Name(name) => match ns.global(name) {
            Some(entry) => entry_value(entry, name, span),
            None => Err(exc(
                "NameError",
                format!("name '{name}' is not defined"),
                span,
            )),
        },
        ExprKind::Attribute(obj, attr) => {
            let base = eval_reading(obj, ns, reads)?;
            if let PyValue::Object(PyObject::Module(m)) = &base
                && let Some(constant) = environ::module_constant(m, attr, ns, span, reads)
            {
                return constant;
            }
            attribute(&base, attr, ns, span)
        }
        ExprKind::Tuple(items) => Ok(PyValue::Tuple(eval_all(items, ns, reads)?)),
        ExprKind::List(items) => Ok(PyValue::List(eval_all(items, ns, reads)?)),
        ExprKind::Dict(pairs) => eval_dict(pairs, ns, reads),
        ExprKind::Unary(op, operand) => {
            let v = eval_reading(operand, ns, reads)?;
            unary(*op, &v, span, ns)
        }
        ExprKind::Binary(op, l, r) => {
            let a = eval_reading(l, ns, reads)?;
            let b = eval_reading(r, ns, reads)?;
            binary(*op, &a, &b, span, ns)
        }
        ExprKind::Call(func, args, positional) => {
            eval_call(func, args, *positional, span, ns, reads)
        }
        ExprKind::Subscript(obj, items, single) => {
            eval_subscript(obj, items, *single, span, ns, reads)
        }
        ExprKind::FString(parts) => eval_fstring(parts, span, ns, reads),
    }
}

/// A dict display: keys and values left to right, a later equal key
/// replacing the value of the first (which keeps its place).
fn eval_dict(
    pairs: &[(Expr, Expr)],
    ns: &Namespace,
    reads: &mut Vec<EnvRead>,
) -> Result<PyValue, EvalError> {
    let mut out: Vec<(PyValue, PyValue)> = Vec::new();
    for (k, v) in pairs {
        let key = eval_reading(k, ns, reads)?;
        let value = eval_reading(v, ns, reads)?;
        if let Some(t) = unhashable(&key) {
            return Err(exc("TypeError", format!("unhashable type: '{t}'"), k.span));
        }
        match out.iter_mut().find(|(existing, _)| py_eq(existing, &key)) {
            Some(slot) => slot.1 = value,
            None => out.push((key, value)),
        }
    }
    Ok(PyValue::Dict(out))
}

/// A call: only the environment functions (`os.getenv`, …) with positional
/// arguments are evaluated; anything else would run code.
fn eval_call(
    func: &Expr,
    args: &[Expr],
    positional: bool,
    span: Span,
    ns: &Namespace,
    reads: &mut Vec<EnvRead>,
) -> Result<PyValue, EvalError> {
    if let Some(env) = ns.environment()
        && let Some(function) = environ::environment_function(func, ns)
    {
        let values = eval_all(args, ns, reads)?;
        if positional {
            return environ::call(function, &values, env, span, reads);
        }
        return Err(not_static(span, "keyword or unpacked arguments"));
    }
    eval_reading(func, ns, reads)?;
    eval_all(args, ns, reads)?;
    Err(not_static(
        span,
        "function call: Python would run code here",
    ))
}

/// A subscript: only `os.environ[key]` is evaluated (as an environment read).
fn eval_subscript(
    obj: &Expr,
    items: &[Expr],
    single: bool,
    span: Span,
    ns: &Namespace,
    reads: &mut Vec<EnvRead>,
) -> Result<PyValue, EvalError> {
    if let Some(env) = ns.environment()
        && environ::is_environ(obj, ns)
        && single
        && let [key] = items
    {
        let key = eval_reading(key, ns, reads)?;
        return environ::environ_item(&key, env, span, reads);
    }
    eval_reading(obj, ns, reads)?;
    eval_all(items, ns, reads)?;
    Err(not_static(span, "subscript"))
}

/// An f-string: literal parts and formatted fields joined, within `MAX_LEN`.
fn eval_fstring(
    parts: &[FStringPart],
    span: Span,
    ns: &Namespace,
    reads: &mut Vec<EnvRead>,
) -> Result<PyValue, EvalError> {
    let mut out = String::new();
    for part in parts {
        match part {
            FStringPart::Literal(text) => out.push_str(text),
            FStringPart::Field { expr, conversion } => {
                let value = eval_reading(expr, ns, reads)?;
                out.push_str(&fstring_field(&value, *conversion, expr.span)?);
            }
        }
        if out.len() > MAX_LEN {
            return Err(too_large(span));
        }
    }
    Ok(PyValue::Str(out))
}

/// The text of one f-string field with its `!r` / `!a` / `!s` conversion;
/// `str()` of an object or `ascii()` of non-ASCII text is not static.
fn fstring_field(
    value: &PyValue,
    conversion: Option<char>,
    span: Span,
) -> Result<String, EvalError> {
    Ok(match conversion {
        Some('r') => py_repr(value),
        Some('a') => {
            let r = py_repr(value);
            if !r.is_ascii() {
                return Err(not_static(span, "ascii() of non-ASCII text"));
            }
            r
        }
        _ => match value {
            PyValue::Str(s) => s.clone(),
            PyValue::Object(_) => {
                return Err(not_static(span, "str() of an object"));
            }
            other => py_repr(other),
        },
    })
}

fn eval_all(
    items: &[Expr],
    ns: &Namespace,
    reads: &mut Vec<EnvRead>,
) -> Result<Vec<PyValue>, EvalError> {
    items.iter().map(|e| eval_reading(e, ns, reads)).collect()
}

fn entry_value(entry: NsEntry, name: &str, span: Span) -> Result<PyValue, EvalError> {
    Ok(match entry {
        NsEntry::Int(i) => PyValue::Int(i),
        NsEntry::Float(f) => PyValue::Float(f),
        NsEntry::Str(s) => PyValue::Str(s),
        NsEntry::Bool(b) => PyValue::Bool(b),
        NsEntry::None => PyValue::None,
        NsEntry::Module(m) => PyValue::Object(PyObject::Module(m)),
        NsEntry::Class(c) => class_value(&c),
        NsEntry::Stdout => PyValue::Object(PyObject::Stdout),
        NsEntry::Stderr => PyValue::Object(PyObject::Stderr),
        NsEntry::Dyn(t) => {
            return Err(not_static(
                span,
                format!("`{name}` is a runtime value of type {t}"),
            ));
        }
    })
}

fn attribute(base: &PyValue, attr: &str, ns: &Namespace, span: Span) -> Result<PyValue, EvalError> {
    match base {
        PyValue::Object(PyObject::Module(m)) => match ns.module_attr(m, attr) {
            Some(Some(entry)) => entry_value(entry, &format!("{m}.{attr}"), span),
            Some(None) => Err(exc(
                "AttributeError",
                format!("module '{m}' has no attribute '{attr}'"),
                span,
            )),
            None => Err(not_static(span, format!("attribute of module {m}"))),
        },
        v => {
            if let Some(class) = as_class(v) {
                let short = class.rsplit('.').next().unwrap_or(class);
                match ns.class_attr(class, attr) {
                    Some(Some(entry)) => {
                        return entry_value(entry, &format!("{short}.{attr}"), span);
                    }
                    Some(None) if !attr.starts_with("__") => {
                        return Err(exc(
                            "AttributeError",
                            format!("type object '{short}' has no attribute '{attr}'"),
                            span,
                        ));
                    }
                    _ => {}
                }
            }
            Err(not_static(
                span,
                format!("attribute '{attr}' of a {} value", v.type_name()),
            ))
        }
    }
}

fn unhashable(v: &PyValue) -> Option<&'static str> {
    match v {
        PyValue::List(_) => Some("list"),
        PyValue::Dict(_) => Some("dict"),
        PyValue::Tuple(items) => items.iter().find_map(unhashable),
        _ => None,
    }
}

/// Python `==` for hashable modelled values (dict key identity).
fn py_eq(a: &PyValue, b: &PyValue) -> bool {
    match (num(a), num(b)) {
        (Some(Num::Int(x)), Some(Num::Int(y))) => x == y,
        (Some(x), Some(y)) => x.as_f64() == y.as_f64(),
        _ => match (a, b) {
            (PyValue::Tuple(x), PyValue::Tuple(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(p, q)| py_eq(p, q))
            }
            _ => a == b,
        },
    }
}

#[derive(Debug, Clone, Copy)]
enum Num {
    Int(i128),
    Float(f64),
}

impl Num {
    fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }
}

fn num(v: &PyValue) -> Option<Num> {
    match v {
        PyValue::Bool(b) => Some(Num::Int(i128::from(*b))),
        PyValue::Int(i) => Some(Num::Int(*i)),
        PyValue::Float(f) => Some(Num::Float(*f)),
        _ => None,
    }
}

fn unary(op: UnaryOp, v: &PyValue, span: Span, _ns: &Namespace) -> Result<PyValue, EvalError> {
    let sym = match op {
        UnaryOp::Plus => "+",
        UnaryOp::Minus => "-",
        UnaryOp::Invert => "~",
    };
    let bad = || {
        exc(
            "TypeError",
            format!("bad operand type for unary {sym}: '{}'", v.type_name()),
            span,
        )
    };
    match (op, num(v)) {
        (UnaryOp::Plus, Some(Num::Int(i))) => Ok(PyValue::Int(i)),
        (UnaryOp::Plus, Some(Num::Float(f))) => Ok(PyValue::Float(f)),
        (UnaryOp::Minus, Some(Num::Int(i))) => i
            .checked_neg()
            .map(PyValue::Int)
            .ok_or_else(|| beyond_limits(span, "integer too large")),
        (UnaryOp::Minus, Some(Num::Float(f))) => Ok(PyValue::Float(-f)),
        (UnaryOp::Invert, Some(Num::Int(i))) => Ok(PyValue::Int(!i)),
        _ => Err(bad()),
    }
}

fn too_large(span: Span) -> EvalError {
    beyond_limits(span, "value too large to compute statically")
}

fn seq_len(v: &PyValue) -> Option<usize> {
    match v {
        PyValue::Str(s) => Some(s.chars().count()),
        PyValue::Bytes(b) => Some(b.len()),
        PyValue::Tuple(x) | PyValue::List(x) => Some(x.len()),
        _ => None,
    }
}

fn repeat(seq: &PyValue, times: i128, span: Span) -> Result<PyValue, EvalError> {
    if i64::try_from(times).is_err() {
        return Err(exc(
            "OverflowError",
            "cannot fit 'int' into an index-sized integer",
            span,
        ));
    }
    let n = usize::try_from(times.max(0)).map_err(|_| too_large(span))?;
    let len = seq_len(seq).unwrap_or(0);
    if len.saturating_mul(n) > MAX_LEN {
        return Err(too_large(span));
    }
    Ok(match seq {
        PyValue::Str(s) => PyValue::Str(s.repeat(n)),
        PyValue::Bytes(b) => PyValue::Bytes(b.repeat(n)),
        PyValue::Tuple(x) => PyValue::Tuple(repeat_vec(x, n)),
        PyValue::List(x) => PyValue::List(repeat_vec(x, n)),
        other => other.clone(),
    })
}

fn float_floordiv_mod(a: f64, b: f64) -> (f64, f64) {
    // floatobject.c `_float_div_mod`.
    let mut m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            div -= 1.0;
        }
    } else {
        m = 0.0_f64.copysign(b);
    }
    let floordiv = if div != 0.0 {
        let mut fd = div.floor();
        if div - fd > 0.5 {
            fd += 1.0;
        }
        fd
    } else {
        0.0_f64.copysign(a / b)
    };
    (floordiv, m)
}

/// A binary operator: numbers go to [`numeric`]; sequences support `+`
/// and `*`; everything else is CPython's `TypeError` or not static.
fn binary(
    op: BinOp,
    a: &PyValue,
    b: &PyValue,
    span: Span,
    ns: &Namespace,
) -> Result<PyValue, EvalError> {
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        return numeric(op, x, y, span, ns, a, b);
    }
    match op {
        BinOp::Add => concat(a, b, span),
        BinOp::Mul => sequence_mul(a, b, span),
        BinOp::Mod if matches!(a, PyValue::Str(_) | PyValue::Bytes(_)) => {
            Err(not_static(span, "%-formatting"))
        }
        BinOp::Other(_) => Err(not_static(span, format!("operator {}", op.symbol()))),
        _ => Err(unsupported(op, a, b, span)),
    }
}

/// `TypeError: unsupported operand type(s) for …`.
fn unsupported(op: BinOp, a: &PyValue, b: &PyValue, span: Span) -> EvalError {
    exc(
        "TypeError",
        format!(
            "unsupported operand type(s) for {}: '{}' and '{}'",
            op.symbol(),
            a.type_name(),
            b.type_name()
        ),
        span,
    )
}

/// `a + b` of non-numbers: concatenation of two sequences of one type,
/// with the error wording of `str`/`tuple`/`list` and of `bytes`.
fn concat(a: &PyValue, b: &PyValue, span: Span) -> Result<PyValue, EvalError> {
    let joined = match (a, b) {
        (PyValue::Str(x), PyValue::Str(y)) => PyValue::Str(format!("{x}{y}")),
        (PyValue::Bytes(x), PyValue::Bytes(y)) => PyValue::Bytes([x.as_slice(), y].concat()),
        (PyValue::Tuple(x), PyValue::Tuple(y)) => PyValue::Tuple([x.as_slice(), y].concat()),
        (PyValue::List(x), PyValue::List(y)) => PyValue::List([x.as_slice(), y].concat()),
        (PyValue::Str(_) | PyValue::Tuple(_) | PyValue::List(_), other) => {
            let t = a.type_name();
            return Err(exc(
                "TypeError",
                format!(
                    "can only concatenate {t} (not \"{}\") to {t}",
                    other.type_name()
                ),
                span,
            ));
        }
        (PyValue::Bytes(_), other) => {
            return Err(exc(
                "TypeError",
                format!("can't concat {} to bytes", other.type_name()),
                span,
            ));
        }
        _ => return Err(unsupported(BinOp::Add, a, b, span)),
    };
    if seq_len(&joined).unwrap_or(0) > MAX_LEN {
        return Err(too_large(span));
    }
    Ok(joined)
}

/// `a * b` of non-numbers: a sequence repeated by an int (either side).
fn sequence_mul(a: &PyValue, b: &PyValue, span: Span) -> Result<PyValue, EvalError> {
    let is_seq = |v: &PyValue| seq_len(v).is_some();
    let count = |v: &PyValue| match num(v) {
        Some(Num::Int(n)) => n,
        _ => 0,
    };
    match (a, b) {
        (s, PyValue::Int(_) | PyValue::Bool(_)) if is_seq(s) => repeat(s, count(b), span),
        (PyValue::Int(_) | PyValue::Bool(_), s) if is_seq(s) => repeat(s, count(a), span),
        _ if is_seq(a) || is_seq(b) => {
            let other_t = if is_seq(a) {
                b.type_name()
            } else {
                a.type_name()
            };
            Err(exc(
                "TypeError",
                format!("can't multiply sequence by non-int of type '{other_t}'"),
                span,
            ))
        }
        _ => Err(unsupported(BinOp::Mul, a, b, span)),
    }
}

const EXACT_F64_INT: i128 = 1 << 53;

/// A number as a float operand; ints beyond 2**53 are not modelled exactly.
fn exact_f64(n: Num, span: Span) -> Result<f64, EvalError> {
    match n {
        Num::Int(i) if i.abs() > EXACT_F64_INT => Err(too_large(span)),
        other => Ok(other.as_f64()),
    }
}

fn zero_division(msg: &str, span: Span) -> EvalError {
    exc("ZeroDivisionError", msg.to_string(), span)
}

/// Arithmetic on two numbers: int (and bool) operands stay ints except for
/// `/`; any float makes the operation a float one.
fn numeric(
    op: BinOp,
    x: Num,
    y: Num,
    span: Span,
    ns: &Namespace,
    a: &PyValue,
    b: &PyValue,
) -> Result<PyValue, EvalError> {
    match (x, y) {
        (Num::Int(i), Num::Int(j)) => int_arith(op, i, j, span, ns, a, b),
        _ => {
            let (p, q) = (exact_f64(x, span)?, exact_f64(y, span)?);
            float_arith(op, p, q, span, ns, a, b)
        }
    }
}

/// `int op int`, with Python's floor semantics and overflow beyond i128
/// reported as too large.
fn int_arith(
    op: BinOp,
    i: i128,
    j: i128,
    span: Span,
    ns: &Namespace,
    a: &PyValue,
    b: &PyValue,
) -> Result<PyValue, EvalError> {
    let int = |v: Option<i128>| v.map(PyValue::Int).ok_or_else(|| too_large(span));
    let (x, y) = (Num::Int(i), Num::Int(j));
    match op {
        BinOp::Add => int(i.checked_add(j)),
        BinOp::Sub => int(i.checked_sub(j)),
        BinOp::Mul => int(i.checked_mul(j)),
        BinOp::Div => {
            if j == 0 {
                return Err(zero_division("division by zero", span));
            }
            Ok(PyValue::Float(exact_f64(x, span)? / exact_f64(y, span)?))
        }
        BinOp::FloorDiv | BinOp::Mod => int_floordiv_mod(op, i, j, span, ns),
        BinOp::Pow => {
            if j < 0 {
                if i == 0 {
                    let msg = "0.0 cannot be raised to a negative power";
                    return Err(zero_division(msg, span));
                }
                return float_pow(exact_f64(x, span)?, exact_f64(y, span)?, span);
            }
            let e = u32::try_from(j).map_err(|_| too_large(span))?;
            int(i.checked_pow(e))
        }
        BinOp::Other(sym) => int_bitwise(sym, i, j, span, a, b),
    }
}

/// `int // int` and `int % int`: the quotient rounds toward minus infinity
/// and the remainder takes the divisor's sign.
fn int_floordiv_mod(
    op: BinOp,
    i: i128,
    j: i128,
    span: Span,
    ns: &Namespace,
) -> Result<PyValue, EvalError> {
    if j == 0 {
        // 3.11 gave `%` a message of its own
        let msg = if op == BinOp::Mod && ns.python_minor() >= 11 {
            "integer modulo by zero"
        } else {
            "integer division or modulo by zero"
        };
        return Err(zero_division(msg, span));
    }
    let (Some(mut q), Some(mut r)) = (i.checked_div(j), i.checked_rem(j)) else {
        return Err(too_large(span));
    };
    if r != 0 && ((r < 0) != (j < 0)) {
        r += j;
        q -= 1;
    }
    Ok(PyValue::Int(if op == BinOp::Mod { r } else { q }))
}

/// `&`, `|`, `^`, `<<`, `>>` on ints (`bool op bool` stays a bool for the
/// first three); other operators (`@`) are not static.
fn int_bitwise(
    sym: &str,
    i: i128,
    j: i128,
    span: Span,
    a: &PyValue,
    b: &PyValue,
) -> Result<PyValue, EvalError> {
    let bools = matches!(a, PyValue::Bool(_)) && matches!(b, PyValue::Bool(_));
    let v = match sym {
        "&" => i & j,
        "|" => i | j,
        "^" => i ^ j,
        "<<" if (0..64).contains(&j) => i
            .checked_shl(j as u32)
            .filter(|v| v >> j == i)
            .ok_or_else(|| too_large(span))?,
        ">>" if j >= 0 => i >> j.min(127),
        "<<" | ">>" if j < 0 => {
            return Err(exc("ValueError", "negative shift count", span));
        }
        _ => return Err(not_static(span, format!("operator {sym}"))),
    };
    if bools && matches!(sym, "&" | "|" | "^") {
        return Ok(PyValue::Bool(v != 0));
    }
    Ok(PyValue::Int(v))
}

/// `float op float` (an int operand already converted), with CPython's
/// zero-division messages (`float modulo` became `float modulo by zero` in 3.13).
fn float_arith(
    op: BinOp,
    p: f64,
    q: f64,
    span: Span,
    ns: &Namespace,
    a: &PyValue,
    b: &PyValue,
) -> Result<PyValue, EvalError> {
    let zero = |msg: &str| zero_division(msg, span);
    match op {
        BinOp::Add => Ok(PyValue::Float(p + q)),
        BinOp::Sub => Ok(PyValue::Float(p - q)),
        BinOp::Mul => Ok(PyValue::Float(p * q)),
        BinOp::Div if q == 0.0 => Err(zero("float division by zero")),
        BinOp::Div => Ok(PyValue::Float(p / q)),
        BinOp::FloorDiv if q == 0.0 => Err(zero(if ns.python_minor() >= 9 {
            "float floor division by zero"
        } else {
            "float divmod()"
        })),
        BinOp::FloorDiv => Ok(PyValue::Float(float_floordiv_mod(p, q).0)),
        BinOp::Mod if q == 0.0 => Err(zero(if ns.minor() >= 13 {
            "float modulo by zero"
        } else {
            "float modulo"
        })),
        BinOp::Mod => Ok(PyValue::Float(float_floordiv_mod(p, q).1)),
        BinOp::Pow if p == 0.0 && q < 0.0 => Err(zero("0.0 cannot be raised to a negative power")),
        BinOp::Pow => float_pow(p, q, span),
        BinOp::Other("@") => Err(not_static(span, "operator @")),
        BinOp::Other(sym) => Err(exc(
            "TypeError",
            format!(
                "unsupported operand type(s) for {sym}: '{}' and '{}'",
                a.type_name(),
                b.type_name()
            ),
            span,
        )),
    }
}

fn float_pow(p: f64, q: f64, span: Span) -> Result<PyValue, EvalError> {
    if p < 0.0 && q.fract() != 0.0 && q.is_finite() {
        return Err(not_static(span, "complex result"));
    }
    let r = p.powf(q);
    if r.is_infinite() && p.is_finite() && q.is_finite() {
        return Err(exc(
            "OverflowError",
            "(34, 'Numerical result out of range')",
            span,
        ));
    }
    if r.is_nan() && !p.is_nan() && !q.is_nan() {
        return Err(not_static(span, "float power"));
    }
    Ok(PyValue::Float(r))
}

fn repeat_vec(items: &[PyValue], n: usize) -> Vec<PyValue> {
    let mut out = Vec::with_capacity(items.len().saturating_mul(n));
    for _ in 0..n {
        out.extend_from_slice(items);
    }
    out
}
