//! Python's `str()`, `repr()`, `ascii()` and `%`-formatting (`printf`-style)
//! of the values a log record carries, with CPython's exact results and errors.
//!
//! # Example
//! ```
//! use logcheck::format::pyfmt::{float_repr, percent_format, Val};
//! assert_eq!(float_repr(1e16), "1e+16");
//! assert_eq!(float_repr(0.1), "0.1");
//! let args = [Val::Str("x"), Val::Int(7)];
//! assert_eq!(percent_format("%s=%03d", &args).unwrap(), "x=007");
//! assert_eq!(
//!     percent_format("%d", &[Val::Str("x")]).unwrap_err().to_string(),
//!     "TypeError: %d format: a real number is required, not str"
//! );
//! ```

use crate::diagnostic::PyException;
use crate::pyrepr::repr_str;
use crate::pyvalue::{PyObject, PyValue};
use crate::version::PyVersion;
use std::fmt::Write as _;

/// A borrowed Python value: scalars inline, containers by reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Val<'a> {
    /// `None`.
    None,
    /// `True`/`False`.
    Bool(bool),
    /// An `int` (record integers and small literals fit).
    Int(i128),
    /// A `float`.
    Float(f64),
    /// A `str`.
    Str(&'a str),
    /// bytes, tuple, list, dict, objects.
    Other(&'a PyValue),
}

impl<'a> Val<'a> {
    /// Borrows a [`PyValue`], scalars inline.
    pub fn from_py(value: &'a PyValue) -> Val<'a> {
        match value {
            PyValue::None => Val::None,
            PyValue::Bool(b) => Val::Bool(*b),
            PyValue::Int(i) => Val::Int(*i),
            PyValue::Float(f) => Val::Float(*f),
            PyValue::Str(s) => Val::Str(s),
            other => Val::Other(other),
        }
    }

    /// `type(value).__name__`, as error messages print it.
    pub fn type_name(&self) -> &'a str {
        match self {
            Val::None => "NoneType",
            Val::Bool(_) => "bool",
            Val::Int(_) => "int",
            Val::Float(_) => "float",
            Val::Str(_) => "str",
            Val::Other(v) => v.type_name(),
        }
    }

    /// An optional string attribute: `None` when absent.
    pub fn opt_str(value: Option<&'a str>) -> Val<'a> {
        value.map_or(Val::None, Val::Str)
    }
}

/// Containers nest at most this deep in `repr` (deeper levels print `...`).
const MAX_REPR_DEPTH: usize = 64;

/// `str(value)`.
pub fn write_str(value: &Val, out: &mut String) {
    match value {
        Val::Str(s) => out.push_str(s),
        other => write_repr(other, out),
    }
}

/// `repr(value)`.
pub fn write_repr(value: &Val, out: &mut String) {
    match value {
        Val::None => out.push_str("None"),
        Val::Bool(true) => out.push_str("True"),
        Val::Bool(false) => out.push_str("False"),
        Val::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Val::Float(f) => out.push_str(&float_repr(*f)),
        Val::Str(s) => out.push_str(&repr_str(s)),
        Val::Other(v) => repr_py(v, out, 0),
    }
}

/// `repr()` of any [`PyValue`].
pub fn repr_value(value: &PyValue) -> String {
    let mut out = String::new();
    repr_py(value, &mut out, 0);
    out
}

fn repr_py(value: &PyValue, out: &mut String, depth: usize) {
    if depth > MAX_REPR_DEPTH {
        out.push_str("...");
        return;
    }
    let seq = |items: &[PyValue], out: &mut String| {
        for (n, item) in items.iter().enumerate() {
            if n > 0 {
                out.push_str(", ");
            }
            repr_py(item, out, depth + 1);
        }
    };
    match value {
        PyValue::Tuple(items) => {
            out.push('(');
            seq(items, out);
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        PyValue::List(items) => {
            out.push('[');
            seq(items, out);
            out.push(']');
        }
        PyValue::Dict(items) => {
            out.push('{');
            for (n, (k, v)) in items.iter().enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                repr_py(k, out, depth + 1);
                out.push_str(": ");
                repr_py(v, out, depth + 1);
            }
            out.push('}');
        }
        PyValue::Bytes(bytes) => repr_bytes(bytes, out),
        PyValue::Object(PyObject::Stdout) => {
            out.push_str("<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>")
        }
        PyValue::Object(PyObject::Stderr) => {
            out.push_str("<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>")
        }
        PyValue::Object(PyObject::Module(name)) => {
            let _ = write!(out, "<module {}>", repr_str(name));
        }
        PyValue::Object(PyObject::Other { repr, .. }) => out.push_str(repr),
        scalar => write_repr(&Val::from_py(scalar), out),
    }
}

fn repr_bytes(bytes: &[u8], out: &mut String) {
    crate::pyrepr::write_repr_bytes(bytes, out);
}

/// `ascii(value)`: `repr` with every non-ASCII character escaped.
pub fn write_ascii(value: &Val, out: &mut String) {
    let mut text = String::new();
    write_repr(value, &mut text);
    for c in text.chars() {
        let n = c as u32;
        if n < 0x80 {
            out.push(c);
        } else if n <= 0xff {
            let _ = write!(out, "\\x{n:02x}");
        } else if n <= 0xffff {
            let _ = write!(out, "\\u{n:04x}");
        } else {
            let _ = write!(out, "\\U{n:08x}");
        }
    }
}

/// Shortest round-trip digits and decimal exponent of a finite, non-zero `|x|`:
/// `1.5e-5` → (`"15"`, -5).
///
/// Of the shortest strings that round-trip, CPython's `repr` takes the one
/// nearest to `x`, a tie going to the even digit (2.64453887939453125 is
/// `2.6445388793945312`); Rust's shortest form may take the other, so the
/// digits are those of the correctly rounded (half-even) form of that
/// length, which round-trips too. Two n-digit forms can both round-trip
/// only when half a unit of the n-th digit is within half an ulp
/// (2^-53 relative), so only for n ≥ 16: shorter forms are kept as found.
fn shortest_digits(x: f64) -> (String, i32) {
    let shortest = format!("{:e}", x.abs());
    let (mantissa, _) = shortest.split_once('e').unwrap_or((&shortest, "0"));
    let digits = mantissa.len() - usize::from(mantissa.contains('.'));
    let sci = if digits < 16 {
        shortest.clone()
    } else {
        format!("{:.*e}", digits - 1, x.abs())
    };
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    (mantissa.replace('.', ""), exp.parse().unwrap_or(0))
}

/// `repr(float)` / `str(float)`: shortest round-trip digits, exponent form when
/// the exponent is < -4 or >= 16 (`1e+16`, `1.5e-05`).
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x < 0.0 { "-inf" } else { "inf" }.into();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0.0");
    }
    let (digits, exp) = shortest_digits(x);
    if (-4..16).contains(&exp) {
        format!("{sign}{}", place_point(&digits, exp, true))
    } else {
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() { "" } else { "." };
        format!("{sign}{first}{dot}{rest}{}", exp_suffix('e', exp))
    }
}

/// Digits `d1d2d3...` with value `d1.d2d3 × 10^exp` in positional notation.
fn place_point(digits: &str, exp: i32, force_fraction: bool) -> String {
    if exp < 0 {
        let zeros = "0".repeat((-exp - 1) as usize);
        return format!("0.{zeros}{digits}");
    }
    let int_len = exp as usize + 1;
    if digits.len() <= int_len {
        let zeros = "0".repeat(int_len - digits.len());
        if force_fraction {
            format!("{digits}{zeros}.0")
        } else {
            format!("{digits}{zeros}")
        }
    } else {
        format!("{}.{}", &digits[..int_len], &digits[int_len..])
    }
}

/// `e+05`, `e-123`: a sign and at least two digits.
fn exp_suffix(e: char, exp: i32) -> String {
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{e}{sign}{:02}", exp.unsigned_abs())
}

/// Converts Rust's `1.500e0` into Python's `1.500e+00`.
fn python_exp(rust: &str, e: char) -> String {
    match rust.split_once('e') {
        Some((m, x)) => format!("{m}{}", exp_suffix(e, x.parse().unwrap_or(0))),
        None => rust.to_string(),
    }
}

/// `%e`/`%f`/`%g` (and upper-case variants, and `format()`'s `e f g`) of a
/// finite non-negative number, without sign. `alt` = `#`.
pub fn float_body(x: f64, conv: char, precision: usize, alt: bool) -> String {
    let upper = conv.is_ascii_uppercase();
    if !x.is_finite() {
        let s = if x.is_nan() { "nan" } else { "inf" };
        return if upper {
            s.to_uppercase()
        } else {
            s.to_string()
        };
    }
    let x = x.abs();
    let e = if upper { 'E' } else { 'e' };
    let mut body = match conv.to_ascii_lowercase() {
        'f' => format!("{x:.precision$}"),
        'e' => python_exp(&format!("{x:.precision$e}"), e),
        _ => {
            let p = precision.max(1);
            let sci = format!("{x:.prec$e}", prec = p - 1);
            let exp: i32 = sci
                .split_once('e')
                .and_then(|(_, x)| x.parse().ok())
                .unwrap_or(0);
            let mut s = if exp >= -4 && (exp as i64) < p as i64 {
                let decimals = (p as i64 - 1 - exp as i64).max(0) as usize;
                format!("{x:.decimals$}")
            } else {
                python_exp(&sci, e)
            };
            if !alt {
                s = strip_fraction_zeros(&s);
            }
            s
        }
    };
    if alt && !body.contains('.') {
        // '#' keeps the decimal point: '%#.0f' → '2.', '%#.0e' → '5.e+00'.
        match body.find(['e', 'E']) {
            Some(pos) => body.insert(pos, '.'),
            None => body.push('.'),
        }
    }
    body
}

/// Removes trailing zeros (and a bare `.`) from the fraction of `1.500e+00`/`1.500`.
fn strip_fraction_zeros(s: &str) -> String {
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(pos) => s.split_at(pos),
        None => (s, ""),
    };
    if !mantissa.contains('.') {
        return s.to_string();
    }
    let trimmed = mantissa.trim_end_matches('0').trim_end_matches('.');
    format!("{trimmed}{exp}")
}

/// One `%` conversion: flags, width, precision and the conversion character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ConvSpec {
    /// `-`: pad on the right.
    pub left: bool,
    /// `+`: a sign for positive numbers.
    pub plus: bool,
    /// ` `: a space for positive numbers.
    pub space: bool,
    /// `#`: the alternate form (`0x`, a kept decimal point).
    pub alt: bool,
    /// `0`: pad numbers with zeros.
    pub zero: bool,
    /// Minimum width in code points.
    pub width: Option<usize>,
    /// Precision (digits, or a cut for `s`/`r`/`a`).
    pub precision: Option<usize>,
    /// The conversion character (`s`, `d`, `f`, …).
    pub conv: char,
    /// Code-point index of `conv` in the format (for error messages).
    pub index: usize,
}

/// Appends `n` copies of an ASCII `c` (in chunks, not char by char).
fn push_repeated(out: &mut String, c: char, mut n: usize) {
    const SPACES: &str = "                                ";
    const ZEROS: &str = "00000000000000000000000000000000";
    let chunk = if c == '0' { ZEROS } else { SPACES };
    while n > 0 {
        let k = n.min(chunk.len());
        out.push_str(&chunk[..k]);
        n -= k;
    }
}

fn pad_into(out: &mut String, spec: &ConvSpec, sign: &str, body: &str, numeric: bool) {
    let width = spec.width.unwrap_or(0);
    // Counting characters is only needed when there is a width to fill.
    let len = if width == 0 {
        0
    } else {
        sign.chars().count() + body.chars().count()
    };
    let fill = width.saturating_sub(len);
    if spec.left {
        out.push_str(sign);
        out.push_str(body);
        push_repeated(out, ' ', fill);
    } else if spec.zero && numeric {
        out.push_str(sign);
        push_repeated(out, '0', fill);
        out.push_str(body);
    } else {
        push_repeated(out, ' ', fill);
        out.push_str(sign);
        out.push_str(body);
    }
}

fn int_of(
    value: &Val,
    spec: &ConvSpec,
    integer_only: bool,
    version: PyVersion,
) -> Result<i128, PyException> {
    let c = spec.conv;
    match value {
        Val::Int(i) => Ok(*i),
        Val::Bool(b) => Ok(i128::from(*b)),
        Val::Float(f) if !integer_only => {
            if f.is_nan() {
                Err(PyException::value_error(
                    "cannot convert float NaN to integer",
                ))
            } else if f.is_infinite() {
                Err(PyException::new(
                    "OverflowError",
                    "cannot convert float infinity to integer",
                ))
            } else {
                Ok(f.trunc() as i128)
            }
        }
        other if integer_only => Err(PyException::type_error(format!(
            "%{c} format: an integer is required, not {}",
            other.type_name()
        ))),
        other => Err(PyException::type_error(format!(
            "%{c} format: {} is required, not {}",
            // "a real number" since 3.10
            if version.minor < 10 { "a number" } else { "a real number" },
            other.type_name()
        ))),
    }
}

/// Applies one conversion to `value`, appending to `out`.
pub fn format_conversion(
    spec: &ConvSpec,
    value: &Val,
    version: PyVersion,
    out: &mut String,
) -> Result<(), PyException> {
    // Allocation-free paths for the common `%(name)-8s` and `%(lineno)d`
    // (the backend formats every line through here).
    if spec.conv == 's'
        && let Val::Str(s) = value
    {
        let text = match spec.precision.and_then(|p| s.char_indices().nth(p)) {
            Some((cut, _)) => &s[..cut],
            None => s,
        };
        pad_into(out, spec, "", text, false);
        return Ok(());
    }
    if matches!(spec.conv, 'd' | 'i' | 'u')
        && spec.precision.is_none()
        && !spec.alt
        && let Some(n) = match value {
            Val::Int(i) => Some(*i),
            Val::Bool(b) => Some(i128::from(*b)),
            Val::Float(f) if f.is_finite() => Some(f.trunc() as i128),
            _ => None,
        }
    {
        push_decimal(spec, n, out);
        return Ok(());
    }
    match spec.conv {
        's' | 'r' | 'a' => push_text(spec, value, out),
        'c' => push_char(spec, value, version, out)?,
        'd' | 'i' | 'u' | 'o' | 'x' | 'X' => push_integer(spec, value, version, out)?,
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => push_float(spec, value, out)?,
        c => return Err(unsupported_character(c, spec.index)),
    }
    Ok(())
}

/// The sign a number gets: `-`, or what the `+`/` ` flags ask for.
fn sign_of(negative: bool, spec: &ConvSpec) -> &'static str {
    if negative {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    }
}

/// `%d` of `n` without precision or `#`, digits in a stack buffer.
fn push_decimal(spec: &ConvSpec, n: i128, out: &mut String) {
    let mut digits = [0u8; 40];
    let mut at = digits.len();
    let mut magnitude = n.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (magnitude % 10) as u8;
        magnitude /= 10;
        if magnitude == 0 {
            break;
        }
    }
    let body = std::str::from_utf8(&digits[at..]).unwrap_or("0");
    pad_into(out, spec, sign_of(n < 0, spec), body, true);
}

/// `%s`, `%r`, `%a`: `str`/`repr`/`ascii`, cut to the precision, padded.
fn push_text(spec: &ConvSpec, value: &Val, out: &mut String) {
    let mut text = String::new();
    match spec.conv {
        's' => write_str(value, &mut text),
        'r' => write_repr(value, &mut text),
        _ => write_ascii(value, &mut text),
    }
    if let Some((cut, _)) = spec.precision.and_then(|p| text.char_indices().nth(p)) {
        text.truncate(cut);
    }
    pad_into(out, spec, "", &text, false);
}

/// `%c`: a code point or a one-character string.
fn push_char(
    spec: &ConvSpec,
    value: &Val,
    version: PyVersion,
    out: &mut String,
) -> Result<(), PyException> {
    let ch = match value {
        // Before 3.10 an int beyond a C long is not a `%c` argument at all.
        Val::Int(n) if version.minor < 10 && i64::try_from(*n).is_err() => {
            return Err(PyException::type_error("%c requires int or char"));
        }
        Val::Int(_) | Val::Bool(_) => {
            let n = int_of(value, spec, true, version)?;
            u32::try_from(n)
                .ok()
                .filter(|n| *n < 0x110000)
                .map(|n| char::from_u32(n).unwrap_or('\u{fffd}'))
                .ok_or_else(|| PyException::new("OverflowError", "%c arg not in range(0x110000)"))?
        }
        Val::Str(s) if s.chars().count() == 1 => s.chars().next().unwrap_or(' '),
        _ => return Err(PyException::type_error("%c requires int or char")),
    };
    pad_into(out, spec, "", ch.encode_utf8(&mut [0; 4]), false);
    Ok(())
}

/// `%d %i %u %o %x %X` in general: precision as minimum digits, `#` prefixes.
fn push_integer(
    spec: &ConvSpec,
    value: &Val,
    version: PyVersion,
    out: &mut String,
) -> Result<(), PyException> {
    let n = int_of(value, spec, matches!(spec.conv, 'o' | 'x' | 'X'), version)?;
    let magnitude = n.unsigned_abs();
    let mut digits = match spec.conv {
        'o' => format!("{magnitude:o}"),
        'x' => format!("{magnitude:x}"),
        'X' => format!("{magnitude:X}"),
        _ => magnitude.to_string(),
    };
    if let Some(p) = spec.precision.filter(|p| digits.len() < *p) {
        digits.insert_str(0, &"0".repeat(p - digits.len()));
    }
    let mut sign = String::from(sign_of(n < 0, spec));
    if spec.alt {
        match spec.conv {
            'o' => sign.push_str("0o"),
            'x' => sign.push_str("0x"),
            'X' => sign.push_str("0X"),
            _ => {}
        }
    }
    pad_into(out, spec, &sign, &digits, true);
    Ok(())
}

/// `%e %E %f %F %g %G` of a real number.
fn push_float(spec: &ConvSpec, value: &Val, out: &mut String) -> Result<(), PyException> {
    let x = match value {
        Val::Float(f) => *f,
        Val::Int(i) => *i as f64,
        Val::Bool(b) => f64::from(u8::from(*b)),
        other => {
            return Err(PyException::type_error(format!(
                "must be real number, not {}",
                other.type_name()
            )));
        }
    };
    let body = float_body(x, spec.conv, spec.precision.unwrap_or(6), spec.alt);
    let sign = sign_of(x.is_sign_negative() && !x.is_nan(), spec);
    pad_into(out, spec, sign, &body, true);
    Ok(())
}

fn unsupported_character(c: char, index: usize) -> PyException {
    let shown = if (' '..='~').contains(&c) { c } else { '?' };
    PyException::value_error(format!(
        "unsupported format character '{shown}' ({:#x}) at index {index}",
        c as u32
    ))
}

/// Width or precision: a number or `*` (taken from the arguments).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// Given in the format.
    Number(usize),
    /// `*`: taken from the next positional argument.
    Star,
}

/// One piece of a parsed `%`-format.
#[derive(Debug, Clone, PartialEq)]
pub enum PercentPiece {
    /// Text between directives, with `%%` undoubled.
    Literal(String),
    /// `%(key)...` (`key: Some`) or a positional `%...` (`key: None`).
    /// `span` is the byte range of the whole directive in the format.
    Conversion {
        /// The mapping key of `%(key)s`.
        key: Option<String>,
        /// Flags and conversion character (width and precision as parsed below).
        spec: ConvSpec,
        /// The width, if any.
        width: Option<Count>,
        /// The precision, if any.
        precision: Option<Count>,
        /// Byte range of the whole directive in the format.
        span: std::ops::Range<usize>,
    },
    /// A key that needs no lookup-order care: `incomplete format key` and
    /// friends, raised when formatting reaches this point. A preceding `key`
    /// (if the broken directive had one) is looked up first.
    Error {
        /// The broken directive's key, if it had one.
        key: Option<String>,
        /// What formatting raises on reaching the directive.
        error: PyException,
    },
}

fn big(what: &str) -> PyException {
    PyException::value_error(format!("{what} too big"))
}

/// Parses a `%`-format the way `PyUnicode_Format` walks it. Parsing stops at
/// the first broken directive, which becomes a final [`PercentPiece::Error`].
pub fn parse_percent(fmt: &str) -> Vec<PercentPiece> {
    let chars: Vec<(usize, char)> = fmt.char_indices().collect();
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if c != '%' {
            literal.push(c);
            i += 1;
            continue;
        }
        if chars.get(i + 1).map(|x| x.1) == Some('%') {
            literal.push('%');
            i += 2;
            continue;
        }
        if !literal.is_empty() {
            pieces.push(PercentPiece::Literal(std::mem::take(&mut literal)));
        }
        let (piece, next) = parse_directive(fmt, &chars, i);
        let stop = matches!(piece, PercentPiece::Error { .. });
        pieces.push(piece);
        if stop {
            return pieces;
        }
        i = next;
    }
    if !literal.is_empty() {
        pieces.push(PercentPiece::Literal(literal));
    }
    pieces
}

/// The directive whose `%` is `chars[start]`, and the index after it (a
/// broken directive is a [`PercentPiece::Error`]).
fn parse_directive(fmt: &str, chars: &[(usize, char)], start: usize) -> (PercentPiece, usize) {
    let byte_at = |i: usize| chars.get(i).map_or(fmt.len(), |(b, _)| *b);
    let mut i = start + 1;
    let mut key = None;
    if chars.get(i).map(|x| x.1) == Some('(') {
        let Some(end) = key_end(chars, i) else {
            let error = PyException::value_error("incomplete format key");
            return (PercentPiece::Error { key: None, error }, chars.len());
        };
        key = Some(fmt[byte_at(i + 1)..byte_at(end - 1)].to_string());
        i = end;
    }
    let mut spec = ConvSpec::default();
    while let Some(&(_, f)) = chars.get(i) {
        match f {
            '-' => spec.left = true,
            '+' => spec.plus = true,
            ' ' => spec.space = true,
            '#' => spec.alt = true,
            '0' => spec.zero = true,
            _ => break,
        }
        i += 1;
    }
    let (width, precision) = match read_counts(chars, &mut i) {
        Ok(counts) => counts,
        Err(error) => return (PercentPiece::Error { key, error }, i),
    };
    let Some(&(_, conv)) = chars.get(i) else {
        let error = PyException::value_error("incomplete format");
        return (PercentPiece::Error { key, error }, i);
    };
    spec.conv = conv;
    spec.index = i;
    let span = byte_at(start)..byte_at(i + 1);
    let piece = PercentPiece::Conversion {
        key,
        spec,
        width,
        precision,
        span,
    };
    (piece, i + 1)
}

/// The index after the `)` that closes the `(` at `chars[open]` (nested
/// parentheses count), or `None` when the format ends first.
fn key_end(chars: &[(usize, char)], open: usize) -> Option<usize> {
    let mut depth = 1;
    let mut i = open + 1;
    while i < chars.len() && depth > 0 {
        match chars[i].1 {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    (depth == 0).then_some(i)
}

/// Width and `.precision` (a bare `.` is precision 0).
fn read_counts(
    chars: &[(usize, char)],
    i: &mut usize,
) -> Result<(Option<Count>, Option<Count>), PyException> {
    let width = read_count(chars, i, "width")?;
    if chars.get(*i).map(|x| x.1) != Some('.') {
        return Ok((width, None));
    }
    *i += 1;
    let precision = read_count(chars, i, "precision")?.unwrap_or(Count::Number(0));
    Ok((width, Some(precision)))
}

/// `*` or a decimal number (at most `isize::MAX`, else "`what` too big").
fn read_count(
    chars: &[(usize, char)],
    i: &mut usize,
    what: &str,
) -> Result<Option<Count>, PyException> {
    if chars.get(*i).map(|x| x.1) == Some('*') {
        *i += 1;
        return Ok(Some(Count::Star));
    }
    let mut value: Option<usize> = None;
    while let Some(d) = chars.get(*i).and_then(|x| x.1.to_digit(10)) {
        let v = value
            .unwrap_or(0)
            .checked_mul(10)
            .and_then(|v| v.checked_add(d as usize))
            .filter(|v| *v <= isize::MAX as usize)
            .ok_or_else(|| big(what))?;
        value = Some(v);
        *i += 1;
    }
    Ok(value.map(Count::Number))
}

/// Stands for "the whole mapping" when a key-less conversion meets a mapping.
pub static WHOLE_MAPPING: PyValue = PyValue::Dict(Vec::new());

/// Where `%` takes its values from.
pub trait PercentArgs<'a> {
    /// `args[key]` for `%(key)s`; `Err` is the exception to raise.
    fn lookup(&self, key: &str) -> Result<Val<'a>, PyException>;
    /// The next positional argument, or `None` when exhausted.
    fn next(&mut self) -> Option<Val<'a>>;
    /// True when args is a mapping (so unused arguments are fine).
    fn is_mapping(&self) -> bool;
    /// True if positional arguments remain unused.
    fn has_unused(&self) -> bool;
}

/// A tuple of positional arguments (`msg % (a, b)`).
pub struct TupleArgs<'v, 'a> {
    /// The arguments.
    pub items: &'v [Val<'a>],
    /// How many were consumed so far.
    pub used: usize,
}

impl<'a> PercentArgs<'a> for TupleArgs<'_, 'a> {
    fn lookup(&self, _key: &str) -> Result<Val<'a>, PyException> {
        Err(PyException::type_error("format requires a mapping"))
    }
    fn next(&mut self) -> Option<Val<'a>> {
        let v = self.items.get(self.used).copied();
        self.used += 1;
        v
    }
    fn is_mapping(&self) -> bool {
        false
    }
    fn has_unused(&self) -> bool {
        self.used < self.items.len()
    }
}

fn not_enough() -> PyException {
    PyException::type_error("not enough arguments for format string")
}

/// `spec` with its width and precision: given, or taken by `*` from the
/// next argument (a negative `*` width means `-`). For a keyed directive
/// (`keyed`: `Some(the value, until taken)`) that argument is the value.
fn counted_spec<'a>(
    mut spec: ConvSpec,
    width: Option<Count>,
    precision: Option<Count>,
    keyed: &mut Option<Option<Val<'a>>>,
    args: &mut dyn PercentArgs<'a>,
) -> Result<ConvSpec, PyException> {
    let mut star = || -> Result<i128, PyException> {
        // A keyed directive's only argument is its value, which a `*` takes.
        let next = match keyed {
            Some(value) => value.take(),
            None => args.next(),
        };
        match next {
            Some(Val::Int(n)) => Ok(n),
            Some(Val::Bool(b)) => Ok(i128::from(b)),
            Some(_) => Err(PyException::type_error("* wants int")),
            None => Err(not_enough()),
        }
    };
    match width {
        Some(Count::Number(n)) => spec.width = Some(n),
        Some(Count::Star) => {
            let n = star()?;
            if n < 0 {
                spec.left = true;
            }
            spec.width = Some(usize::try_from(n.unsigned_abs()).unwrap_or(usize::MAX));
        }
        None => {}
    }
    match precision {
        Some(Count::Number(n)) => spec.precision = Some(n),
        Some(Count::Star) => {
            let n = star()?;
            spec.precision = Some(usize::try_from(n.max(0)).unwrap_or(usize::MAX));
        }
        None => {}
    }
    Ok(spec)
}

/// Renders parsed pieces (`fmt % args`), appending to `out`.
pub fn render_percent<'a>(
    pieces: &[PercentPiece],
    args: &mut dyn PercentArgs<'a>,
    version: PyVersion,
    out: &mut String,
) -> Result<(), PyException> {
    // After a `%(key)` lookup CPython no longer offers the mapping itself
    // as a positional argument.
    let mut had_key = false;
    for piece in pieces {
        match piece {
            PercentPiece::Literal(text) => out.push_str(text),
            PercentPiece::Error { key, error } => {
                if let Some(key) = key {
                    args.lookup(key)?;
                }
                return Err(error.clone());
            }
            PercentPiece::Conversion {
                key,
                spec,
                width,
                precision,
                ..
            } => {
                let keyed = match key {
                    Some(k) => Some(args.lookup(k)?),
                    None if had_key && args.is_mapping() => return Err(not_enough()),
                    None => None,
                };
                had_key |= keyed.is_some();
                let mut keyed = keyed.map(Some);
                let spec = counted_spec(*spec, *width, *precision, &mut keyed, args)?;
                let value = match keyed {
                    Some(v) => v.ok_or_else(not_enough)?,
                    None => args.next().ok_or_else(not_enough)?,
                };
                if let Val::Other(v) = value
                    && std::ptr::eq(v, &WHOLE_MAPPING)
                    && matches!(spec.conv, 's' | 'r' | 'a')
                {
                    return Err(PyException::new(
                        "NotImplementedError",
                        "logcheck does not render the whole record mapping (key-less %s)",
                    ));
                }
                format_conversion(&spec, &value, version, out)?;
            }
        }
    }
    if !args.is_mapping() && args.has_unused() {
        return Err(PyException::type_error(
            "not all arguments converted during string formatting",
        ));
    }
    Ok(())
}

/// `fmt % tuple(args)`, worded as the default version words its errors.
pub fn percent_format(fmt: &str, args: &[Val]) -> Result<String, PyException> {
    let pieces = parse_percent(fmt);
    let mut out = String::with_capacity(fmt.len() + 16);
    render_percent(
        &pieces,
        &mut TupleArgs {
            items: args,
            used: 0,
        },
        PyVersion::DEFAULT,
        &mut out,
    )?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_reprs() {
        assert_eq!(float_repr(1.5e-5), "1.5e-05");
        assert_eq!(float_repr(1e15), "1000000000000000.0");
        assert_eq!(float_repr(123456789012345678.0), "1.2345678901234568e+17");
        assert_eq!(float_repr(-0.0), "-0.0");
        // 2.64453887939453125 exactly: a tie between two shortest forms
        // goes to the even digit
        assert_eq!(float_repr(346_625.0 / 131_072.0), "2.6445388793945312");
        assert_eq!(float_repr(0.0001), "0.0001");
    }

    #[test]
    fn printf_numbers() {
        let f = |fmt: &str, v: Val| percent_format(fmt, &[v]).map_err(|e| e.to_string());
        assert_eq!(f("%#.0f", Val::Float(1.5)).unwrap(), "2.");
        assert_eq!(f("%#g", Val::Float(0.0)).unwrap(), "0.00000");
        assert_eq!(f("%+.3g", Val::Float(123456.0)).unwrap(), "+1.23e+05");
        assert_eq!(f("%010.2f", Val::Float(-3.25)).unwrap(), "-000003.25");
        assert_eq!(f("%-#8.3x|", Val::Int(5)).unwrap(), "0x005   |");
        assert_eq!(f("%05f", Val::Float(f64::INFINITY)).unwrap(), "00inf");
        assert_eq!(
            f("%(a)é", Val::Int(1)).unwrap_err(),
            "TypeError: format requires a mapping"
        );
        assert_eq!(
            f("%5%", Val::Int(1)).unwrap_err(),
            "ValueError: unsupported format character '%' (0x25) at index 2"
        );
    }
}
