//! `str.format` as `StrFormatStyle` uses it: parsing like `string.Formatter().parse`,
//! `StrFormatStyle.validate`, and rendering with the format-spec mini-language
//! for `str`, `int`, `bool`, `float` and `None`.

use crate::version::PyVersion;
use super::pyfmt::{self, Val};
use crate::diagnostic::PyException;
use crate::pyvalue::PyValue;
use std::ops::Range;

/// One piece of a `{}`-format.
#[derive(Debug, Clone, PartialEq)]
pub enum BracePiece {
    /// Text between fields, with `{{`/`}}` undoubled.
    Literal(String),
    /// A replacement field `{name!conversion:spec}`.
    Field {
        /// The field name with its accessors (`args[0]`, `levelno.real`).
        name: String,
        /// `!s`, `!r`, `!a` (other characters are kept to be rejected).
        conversion: Option<char>,
        /// The format spec as written (may hold nested `{fields}`).
        spec: String,
        /// Byte range of the whole field in the format.
        span: Range<usize>,
    },
}

/// `string.Formatter().parse(fmt)` (MarkupIterator), or its ValueError.
pub fn parse_brace(fmt: &str) -> Result<Vec<BracePiece>, PyException> {
    match parse_brace_lazy(fmt) {
        (pieces, None) => Ok(pieces),
        (_, Some(e)) => Err(e),
    }
}

/// The pieces before the first parse error, and that error: `Formatter.parse`
/// is a generator, so earlier fields are validated before it is raised.
pub fn parse_brace_lazy(fmt: &str) -> (Vec<BracePiece>, Option<PyException>) {
    let chars: Vec<(usize, char)> = fmt.char_indices().collect();
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let next = chars.get(i + 1).map(|x| x.1);
        let single = match (c, next) {
            ('{' | '}', n) if n == Some(c) => {
                literal.push(c);
                i += 2;
                continue;
            }
            ('}', _) => "Single '}' encountered in format string",
            ('{', None) => "Single '{' encountered in format string",
            ('{', _) => "",
            _ => {
                literal.push(c);
                i += 1;
                continue;
            }
        };
        if !single.is_empty() {
            return (pieces, Some(PyException::value_error(single)));
        }
        let (field, end) = match parse_field(fmt, &chars, i) {
            Ok(parsed) => parsed,
            Err(e) => return (pieces, Some(e)),
        };
        if !literal.is_empty() {
            pieces.push(BracePiece::Literal(std::mem::take(&mut literal)));
        }
        pieces.push(field);
        i = end;
    }
    if !literal.is_empty() {
        pieces.push(BracePiece::Literal(literal));
    }
    (pieces, None)
}

/// The field whose `{` is `chars[start]` and the index after its closing
/// `}`: CPython's `parse_field` (Objects/stringlib/unicode_format.h) step
/// for step, so each malformed field raises the same error.
fn parse_field(
    fmt: &str,
    chars: &[(usize, char)],
    start: usize,
) -> Result<(BracePiece, usize), PyException> {
    let byte_at = |i: usize| chars.get(i).map_or(fmt.len(), |(b, _)| *b);
    let text = |from: usize, to: usize| chars[from..to].iter().map(|x| x.1).collect::<String>();
    let (name_end, stop) = field_name_end(chars, start + 1)?;
    let name = text(start + 1, name_end);
    let (conversion, spec_start) = match stop {
        '}' => {
            let field = BracePiece::Field {
                name,
                conversion: None,
                spec: String::new(),
                span: byte_at(start)..byte_at(name_end + 1),
            };
            return Ok((field, name_end + 1));
        }
        '!' => match conversion_char(chars, name_end + 1)? {
            (conversion, Some(end)) => {
                let field = BracePiece::Field {
                    name,
                    conversion: Some(conversion),
                    spec: String::new(),
                    span: byte_at(start)..byte_at(end),
                };
                return Ok((field, end));
            }
            (conversion, None) => (Some(conversion), (name_end + 3).min(chars.len())),
        },
        _ => (None, name_end + 1),
    };
    let spec_end = spec_end(chars, spec_start)?;
    let field = BracePiece::Field {
        name,
        conversion,
        spec: text(spec_start, spec_end),
        span: byte_at(start)..byte_at(spec_end + 1),
    };
    Ok((field, spec_end + 1))
}

/// Where the field name starting at `from` ends (a `}`, `:` or `!` outside
/// `[...]`) and which of them ends it. A `[` skips to the next `]` unchecked.
fn field_name_end(chars: &[(usize, char)], from: usize) -> Result<(usize, char), PyException> {
    let mut k = from;
    while k < chars.len() {
        match chars[k].1 {
            '{' => return Err(PyException::value_error("unexpected '{' in field name")),
            '[' => {
                k += 1;
                while k < chars.len() && chars[k].1 != ']' {
                    k += 1;
                }
                continue;
            }
            c @ ('}' | ':' | '!') => return Ok((k, c)),
            _ => {}
        }
        k += 1;
    }
    Err(PyException::value_error(
        "expected '}' before end of string",
    ))
}

/// The conversion character after the `!` at `bang - 1`, and the index after
/// the field when a `}` closes it right away (`None`: a `:` spec follows, or
/// the string ends there).
fn conversion_char(
    chars: &[(usize, char)],
    at: usize,
) -> Result<(char, Option<usize>), PyException> {
    let conversion = chars.get(at).map(|x| x.1).ok_or_else(|| {
        PyException::value_error("end of string while looking for conversion specifier")
    })?;
    match chars.get(at + 1).map(|x| x.1) {
        Some('}') => Ok((conversion, Some(at + 2))),
        Some(':') | None => Ok((conversion, None)),
        Some(_) => Err(PyException::value_error(
            "expected ':' after conversion specifier",
        )),
    }
}

/// The index of the `}` that closes a format spec starting at `from`
/// (nested `{…}` count).
fn spec_end(chars: &[(usize, char)], from: usize) -> Result<usize, PyException> {
    let mut depth = 1;
    for (k, (_, c)) in chars.iter().enumerate().skip(from) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Ok(k);
                }
            }
            _ => {}
        }
    }
    Err(PyException::value_error("unmatched '{' in format spec"))
}

/// Python `re`'s `\w` on `str`: letters, digits (any script) and `_`.
pub fn is_word(c: char) -> bool {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    c == '_'
        || c.is_ascii_alphanumeric()
        || (!c.is_ascii()
            && matches!(
                get_general_category(c),
                G::UppercaseLetter
                    | G::LowercaseLetter
                    | G::TitlecaseLetter
                    | G::ModifierLetter
                    | G::OtherLetter
                    | G::DecimalNumber
                    | G::LetterNumber
                    | G::OtherNumber
            ))
}

fn is_digit(c: char) -> bool {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    c.is_ascii_digit() || (!c.is_ascii() && get_general_category(c) == G::DecimalNumber)
}

/// `^(\d+|\w+)(\.\w+|\[[^]]+\])*$` (`$` also matches before a final `\n`).
fn field_name_ok(name: &str) -> bool {
    let s: Vec<char> = name.strip_suffix('\n').unwrap_or(name).chars().collect();
    let mut i = s.iter().take_while(|c| is_word(**c)).count();
    if i == 0 {
        return false;
    }
    while i < s.len() {
        match s[i] {
            '.' => {
                let n = s[i + 1..].iter().take_while(|c| is_word(**c)).count();
                if n == 0 {
                    return false;
                }
                i += 1 + n;
            }
            '[' => {
                let n = s[i + 1..].iter().take_while(|c| **c != ']').count();
                if n == 0 || i + 1 + n >= s.len() {
                    return false;
                }
                i += n + 2;
            }
            _ => return false,
        }
    }
    true
}

/// `^(.?[<>=^])?[+ -]?#?0?(\d+|{\w+})?[,_]?(\.(\d+|{\w+}))?[bcdefgnosx%]?$` (re.I).
fn spec_ok(spec: &str) -> bool {
    let s: Vec<char> = spec.chars().collect();
    // Try every way the optional groups can match; the grammar is small.
    let align = |c: char| matches!(c, '<' | '>' | '=' | '^');
    let mut starts = vec![0];
    if s.len() >= 2 && align(s[1]) {
        starts.push(2);
    }
    if !s.is_empty() && align(s[0]) {
        starts.push(1);
    }
    starts.into_iter().any(|start| {
        let mut i = start;
        if matches!(s.get(i), Some('+' | ' ' | '-')) {
            i += 1;
        }
        if s.get(i) == Some(&'#') {
            i += 1;
        }
        if s.get(i) == Some(&'0') {
            i += 1;
        }
        count_ends(&s, i)
            .into_iter()
            .any(|after_width| rest_ok(&s, after_width))
    })
}

/// Where `(\d+|{\w+})?` can end when it starts at `i`.
fn count_ends(s: &[char], i: usize) -> Vec<usize> {
    let mut ends = vec![i];
    let n = s[i..].iter().take_while(|c| is_digit(**c)).count();
    if n > 0 {
        ends.push(i + n);
    }
    if s.get(i) == Some(&'{') {
        let w = s[i + 1..].iter().take_while(|c| is_word(**c)).count();
        if w > 0 && s.get(i + 1 + w) == Some(&'}') {
            ends.push(i + 2 + w);
        }
    }
    ends
}

/// `[,_]?(\.(\d+|{\w+}))?[bcdefgnosx%]?$` matches `s[j..]` (`$` also
/// before a final newline).
fn rest_ok(s: &[char], mut j: usize) -> bool {
    let end = if s.last() == Some(&'\n') {
        s.len() - 1
    } else {
        s.len()
    };
    if matches!(s.get(j), Some(',' | '_')) {
        j += 1;
    }
    let mut options = vec![j];
    if s.get(j) == Some(&'.') {
        options = count_ends(s, j + 1)
            .into_iter()
            .filter(|e| *e > j + 1)
            .collect();
    }
    options.into_iter().any(|k| {
        let typed = s
            .get(k)
            .is_some_and(|c| "bcdefgnosx%".contains(c.to_ascii_lowercase()));
        let m = if typed { k + 1 } else { k };
        // Backtracking: the type is optional too.
        m == end || m == s.len() || k == end || k == s.len()
    })
}

/// `StrFormatStyle.validate`.
pub fn validate_brace(fmt: &str) -> Result<Vec<BracePiece>, PyException> {
    let wrap = |e: PyException| PyException::value_error(format!("invalid format: {}", e.message));
    let (pieces, parse_error) = parse_brace_lazy(fmt);
    let mut fields = 0;
    for piece in &pieces {
        if let BracePiece::Field {
            name,
            conversion,
            spec,
            ..
        } = piece
        {
            if !name.is_empty() {
                if !field_name_ok(name) {
                    return Err(wrap(PyException::value_error(format!(
                        "invalid field name/expression: {}",
                        crate::pyrepr::repr_str(name)
                    ))));
                }
                fields += 1;
            }
            if let Some(c) = conversion.filter(|c| !"rsa".contains(*c)) {
                return Err(wrap(PyException::value_error(format!(
                    "invalid conversion: {}",
                    crate::pyrepr::repr_str(&c.to_string())
                ))));
            }
            if !spec.is_empty() && !spec_ok(spec) {
                return Err(wrap(PyException::value_error(format!(
                    "bad specifier: {}",
                    crate::pyrepr::repr_str(spec)
                ))));
            }
        }
    }
    if let Some(e) = parse_error {
        return Err(wrap(e));
    }
    if fields == 0 {
        return Err(PyException::value_error("invalid format: no fields"));
    }
    Ok(pieces)
}

/// Parsed standard format spec.
#[derive(Debug, Default)]
struct Spec {
    fill: char,
    align: Option<char>,
    sign: Option<char>,
    no_neg_zero: bool,
    alt: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    kind: Option<char>,
}

fn parse_spec(
    spec: &str,
    type_name: &str,
    default_kind: Option<char>,
    version: PyVersion,
) -> Result<Spec, PyException> {
    let s: Vec<char> = spec.chars().collect();
    let mut f = Spec {
        fill: ' ',
        ..Spec::default()
    };
    let mut i = parse_flags(&s, &mut f);
    f.width = spec_digits(&s, &mut i)?.unwrap_or(0);
    if let Some(&c @ (',' | '_')) = s.get(i) {
        f.grouping = Some(c);
        i += 1;
        if let Some(&d @ (',' | '_')) = s.get(i) {
            return Err(PyException::value_error(if c == d {
                format!("Cannot specify '{c}' with '{c}'.")
            } else {
                "Cannot specify both ',' and '_'.".to_string()
            }));
        }
    }
    if s.get(i) == Some(&'.') {
        i += 1;
        f.precision = Some(
            spec_digits(&s, &mut i)?
                .ok_or_else(|| PyException::value_error("Format specifier missing precision"))?,
        );
    }
    if s.len() - i > 1 {
        // 3.11 named the spec and the type
        return Err(PyException::value_error(if version.minor >= 11 {
            format!("Invalid format specifier '{spec}' for object of type '{type_name}'")
        } else {
            "Invalid format specifier".to_string()
        }));
    }
    f.kind = s.get(i).copied();
    check_grouping(&f, default_kind)?;
    Ok(f)
}

/// `[[fill]align][sign][z][#][0]` into `f`; the index after them.
fn parse_flags(s: &[char], f: &mut Spec) -> usize {
    let is_align = |c: char| matches!(c, '<' | '>' | '=' | '^');
    let mut i = 0;
    let mut fill_given = false;
    if s.len() >= 2 && is_align(s[1]) {
        f.fill = s[0];
        f.align = Some(s[1]);
        fill_given = true;
        i = 2;
    } else if !s.is_empty() && is_align(s[0]) {
        f.align = Some(s[0]);
        i = 1;
    }
    if let Some(&c @ ('+' | '-' | ' ')) = s.get(i) {
        f.sign = Some(c);
        i += 1;
    }
    if s.get(i) == Some(&'z') {
        f.no_neg_zero = true;
        i += 1;
    }
    if s.get(i) == Some(&'#') {
        f.alt = true;
        i += 1;
    }
    // `0` means zero padding only when no fill was given.
    if !fill_given && s.get(i) == Some(&'0') {
        f.zero = true;
        f.fill = '0';
        i += 1;
    }
    i
}

/// A run of ASCII digits as a number (`None`: no digit).
fn spec_digits(s: &[char], i: &mut usize) -> Result<Option<usize>, PyException> {
    let mut v: Option<usize> = None;
    while let Some(d) = s
        .get(*i)
        .filter(|c| c.is_ascii_digit())
        .and_then(|c| c.to_digit(10))
    {
        v = Some(
            v.unwrap_or(0)
                .checked_mul(10)
                .and_then(|x| x.checked_add(d as usize))
                .ok_or_else(|| {
                    PyException::value_error("Too many decimal digits in format string")
                })?,
        );
        *i += 1;
    }
    Ok(v)
}

/// `,` and `_` are only allowed with the presentation types that group.
fn check_grouping(f: &Spec, default_kind: Option<char>) -> Result<(), PyException> {
    if let (Some(g), Some(k)) = (f.grouping, f.kind.or(default_kind)) {
        let ok = match g {
            ',' => "deEfFgG%".contains(k),
            _ => "deEfFgG%boxX".contains(k),
        };
        if !ok {
            return Err(PyException::value_error(format!(
                "Cannot specify '{g}' with '{k}'."
            )));
        }
    }
    Ok(())
}

fn unknown_code(k: char, type_name: &str) -> PyException {
    PyException::value_error(format!(
        "Unknown format code '{k}' for object of type '{type_name}'"
    ))
}

fn group_digits(digits: &str, sep: char, every: usize) -> String {
    let n = digits.chars().count();
    let mut out = String::with_capacity(n + n / every);
    for (idx, c) in digits.chars().enumerate() {
        if idx > 0 && (n - idx).is_multiple_of(every) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Pads `sign+prefix`, `body` to the width with fill/align (`=` puts the fill
/// after the sign).
fn finish(f: &Spec, default_align: char, prefix: &str, body: &str, out: &mut String) {
    let len = prefix.chars().count() + body.chars().count();
    let fill = f.width.saturating_sub(len);
    let align = f.align.unwrap_or(if f.zero && default_align == '>' {
        '='
    } else {
        default_align
    });
    let pad = |n: usize, out: &mut String| out.extend(std::iter::repeat_n(f.fill, n));
    match align {
        '<' => {
            out.push_str(prefix);
            out.push_str(body);
            pad(fill, out);
        }
        '^' => {
            pad(fill / 2, out);
            out.push_str(prefix);
            out.push_str(body);
            pad(fill - fill / 2, out);
        }
        '=' => {
            out.push_str(prefix);
            pad(fill, out);
            out.push_str(body);
        }
        _ => {
            pad(fill, out);
            out.push_str(prefix);
            out.push_str(body);
        }
    }
}

/// Grouped number body; zero padding inside the digits when fill is '0' and
/// alignment '=' so separators appear in the padding as CPython does.
fn number_body(f: &Spec, prefix_len: usize, int_digits: &str, rest: &str, every: usize) -> String {
    let Some(sep) = f.grouping else {
        return format!("{int_digits}{rest}");
    };
    let zero_pad = f.fill == '0' && f.align.map_or(f.zero, |a| a == '=');
    let mut zeros = 0;
    loop {
        let digits = format!("{}{int_digits}", "0".repeat(zeros));
        let grouped = group_digits(&digits, sep, every);
        if !zero_pad || prefix_len + grouped.chars().count() + rest.chars().count() >= f.width {
            return format!("{grouped}{rest}");
        }
        zeros += 1;
    }
}

fn sign_str(negative: bool, sign: Option<char>) -> &'static str {
    match (negative, sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

/// `format(value, spec)` for the scalar types a record carries.
pub fn format_value(
    value: &Val,
    spec: &str,
    version: PyVersion,
    out: &mut String,
) -> Result<(), PyException> {
    match value {
        Val::Str(s) => format_str(s, spec, version, out),
        Val::Bool(b) if spec.is_empty() => {
            out.push_str(if *b { "True" } else { "False" });
            Ok(())
        }
        Val::Bool(b) => format_int(i128::from(*b), spec, "bool", version, out),
        Val::Int(n) => format_int(*n, spec, "int", version, out),
        Val::Float(x) => format_float(*x, spec, version, out),
        other if spec.is_empty() => {
            pyfmt::write_str(other, out);
            Ok(())
        }
        other => Err(PyException::type_error(format!(
            "unsupported format string passed to {}.__format__",
            other.type_name()
        ))),
    }
}

fn format_str(s: &str, spec: &str, version: PyVersion, out: &mut String) -> Result<(), PyException> {
    let f = parse_spec(spec, "str", Some('s'), version)?;
    if let Some(k) = f.kind.filter(|k| *k != 's') {
        return Err(unknown_code(k, "str"));
    }
    if let Some(sign) = f.sign {
        // 3.8 calls a space a sign too; 3.9 names it
        return Err(PyException::value_error(if sign == ' ' && version.minor >= 9 {
            "Space not allowed in string format specifier"
        } else {
            "Sign not allowed in string format specifier"
        }));
    }
    if f.no_neg_zero {
        return Err(PyException::value_error(
            "Negative zero coercion (z) not allowed in format specifier",
        ));
    }
    if f.alt {
        return Err(PyException::value_error(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    // Before 3.10 (bpo-27772) a `0` before the width means '=' alignment
    // for every type, strings included.
    let zero_aligns = f.zero && f.align.is_none() && version.minor < 10;
    if f.align == Some('=') || zero_aligns {
        return Err(PyException::value_error(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    if f.grouping.is_some() {
        return Err(PyException::value_error(format!(
            "Cannot specify '{}' with 's'.",
            f.grouping.unwrap_or(',')
        )));
    }
    let text = match f.precision.and_then(|p| s.char_indices().nth(p)) {
        Some((cut, _)) => &s[..cut],
        None => s,
    };
    finish(&f, '<', "", text, out);
    Ok(())
}

fn format_int(
    n: i128,
    spec: &str,
    type_name: &str,
    version: PyVersion,
    out: &mut String,
) -> Result<(), PyException> {
    let f = parse_spec(spec, type_name, Some('d'), version)?;
    let kind = f.kind.unwrap_or('d');
    if "eEfFgG%".contains(kind) {
        return format_float_spec(n as f64, &f, out);
    }
    if !"bcdoxXn".contains(kind) {
        return Err(unknown_code(kind, type_name));
    }
    if f.precision.is_some() {
        return Err(PyException::value_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    if f.no_neg_zero {
        return Err(PyException::value_error(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
    }
    let m = n.unsigned_abs();
    let (digits, radix_prefix, every) = match kind {
        'd' | 'n' => (m.to_string(), "", 3),
        'b' => (format!("{m:b}"), "0b", 4),
        'o' => (format!("{m:o}"), "0o", 4),
        'x' => (format!("{m:x}"), "0x", 4),
        'X' => (format!("{m:X}"), "0X", 4),
        'c' => {
            if f.sign.is_some() {
                return Err(PyException::value_error(
                    "Sign not allowed with integer format specifier 'c'",
                ));
            }
            if f.alt {
                return Err(PyException::value_error(
                    "Alternate form (#) not allowed with integer format specifier 'c'",
                ));
            }
            let c = u32::try_from(n)
                .ok()
                .and_then(char::from_u32)
                .filter(|_| n < 0x110000)
                .ok_or_else(|| {
                    PyException::new("OverflowError", "%c arg not in range(0x110000)")
                })?;
            finish(&f, '>', "", c.encode_utf8(&mut [0; 4]), out);
            return Ok(());
        }
        k => return Err(unknown_code(k, type_name)),
    };
    let mut prefix = sign_str(n < 0, f.sign).to_string();
    if f.alt {
        prefix.push_str(radix_prefix);
    }
    let body = number_body(&f, prefix.chars().count(), &digits, "", every);
    finish(&f, '>', &prefix, &body, out);
    Ok(())
}

fn format_float(x: f64, spec: &str, version: PyVersion, out: &mut String) -> Result<(), PyException> {
    let f = parse_spec(spec, "float", None, version)?;
    format_float_spec(x, &f, out)
}

fn format_float_spec(x: f64, f: &Spec, out: &mut String) -> Result<(), PyException> {
    let mut x = x;
    if f.no_neg_zero && x == 0.0 {
        x = 0.0;
    }
    let negative = x.is_sign_negative() && !x.is_nan();
    let mut body = match f.kind {
        None if f.precision.is_none() => pyfmt::float_repr(x.abs()),
        None => {
            // like 'g', but scientific when exp >= p - 1, and a '.0' if integral
            let p = f.precision.unwrap_or(0).max(1);
            let ax = x.abs();
            if !ax.is_finite() {
                pyfmt::float_body(ax, 'g', p, f.alt)
            } else {
                let sci = format!("{ax:.prec$e}", prec = p - 1);
                let exp: i64 = sci
                    .split_once('e')
                    .and_then(|(_, e)| e.parse().ok())
                    .unwrap_or(0);
                let mut s = if exp >= -4 && exp < p as i64 - 1 {
                    pyfmt::float_body(ax, 'g', p, f.alt)
                } else {
                    pyfmt::float_body(ax, 'e', p - 1, f.alt)
                };
                if !f.alt && s.contains('e') {
                    s = strip_zeros_sci(&s);
                }
                if !s.contains(['.', 'e', 'n', 'i']) {
                    s.push_str(".0");
                }
                s
            }
        }
        Some(k @ ('e' | 'E' | 'f' | 'F' | 'g' | 'G')) => {
            pyfmt::float_body(x.abs(), k, f.precision.unwrap_or(6), f.alt)
        }
        Some('n') => pyfmt::float_body(x.abs(), 'g', f.precision.unwrap_or(6), f.alt),
        Some('%') => {
            let mut s = pyfmt::float_body(x.abs() * 100.0, 'f', f.precision.unwrap_or(6), f.alt);
            s.push('%');
            s
        }
        Some(k) => return Err(unknown_code(k, "float")),
    };
    let prefix = sign_str(negative, f.sign);
    if f.grouping.is_some() && x.is_finite() {
        let split = body
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(body.len());
        let (int_part, rest) = body.split_at(split);
        body = number_body(f, prefix.len(), int_part, rest, 3);
    }
    finish(f, '>', prefix, &body, out);
    Ok(())
}

fn strip_zeros_sci(s: &str) -> String {
    match s.split_once('e') {
        Some((m, e)) if m.contains('.') => {
            format!("{}e{e}", m.trim_end_matches('0').trim_end_matches('.'))
        }
        _ => s.to_string(),
    }
}

/// Applies a field's `.attr` and `[index]` accessors (`path`, what follows
/// the first name) to `value`, in order.
pub(crate) fn walk_path<'r>(mut value: Val<'r>, path: &str) -> Result<Val<'r>, PyException> {
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            value = numeric_attribute(value, &after[..end])?;
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']').unwrap_or(after.len());
            value = brace_index(value, &after[..end])?;
            rest = after.get(end + 1..).unwrap_or("");
        } else {
            return Err(PyException::value_error(
                "Only '.' or '[' may follow ']' in format field specifier",
            ));
        }
    }
    Ok(value)
}

/// `value.attr`, modelled for the numbers' `real`/`imag`/`numerator`/
/// `denominator` (a record's values have no other attributes a format
/// could sensibly read); anything else raises `AttributeError`.
fn numeric_attribute<'r>(value: Val<'r>, attr: &str) -> Result<Val<'r>, PyException> {
    Ok(match (value, attr) {
        (Val::Int(_) | Val::Bool(_), "imag") => Val::Int(0),
        (Val::Int(n), "real" | "numerator") => Val::Int(n),
        (Val::Bool(b), "real" | "numerator") => Val::Int(i128::from(b)),
        (Val::Int(_) | Val::Bool(_), "denominator") => Val::Int(1),
        (Val::Float(x), "real") => Val::Float(x),
        (Val::Float(_), "imag") => Val::Float(0.0),
        (v, attr) => {
            return Err(PyException::new(
                "AttributeError",
                format!(
                    "'{}' object has no attribute {}",
                    v.type_name(),
                    crate::pyrepr::repr_str(attr)
                ),
            ));
        }
    })
}

/// `value[key]`: an integer index into a tuple, list or str, or a dict key.
fn brace_index<'r>(value: Val<'r>, key: &str) -> Result<Val<'r>, PyException> {
    let index: Option<usize> = key
        .chars()
        .all(|c| c.is_ascii_digit())
        .then(|| key.parse().ok())
        .flatten();
    match (value, index) {
        (Val::Other(PyValue::Tuple(items) | PyValue::List(items)), Some(i)) => {
            items.get(i).map(Val::from_py).ok_or_else(|| {
                let kind = if matches!(value, Val::Other(PyValue::Tuple(_))) {
                    "tuple"
                } else {
                    "list"
                };
                PyException::new("IndexError", format!("{kind} index out of range"))
            })
        }
        (Val::Other(PyValue::Dict(items)), _) => {
            let found = items.iter().find(|(k, _)| match (k, index) {
                (PyValue::Int(n), Some(i)) => *n == i as i128,
                (PyValue::Str(s), None) => s == key,
                _ => false,
            });
            match found {
                Some((_, v)) => Ok(Val::from_py(v)),
                None => Err(match index {
                    Some(i) => PyException::new("KeyError", i.to_string()),
                    None => PyException::key_error(key),
                }),
            }
        }
        (Val::Str(s), Some(i)) => match s.char_indices().nth(i) {
            Some((start, c)) => Ok(Val::Str(&s[start..start + c.len_utf8()])),
            None => Err(PyException::new("IndexError", "string index out of range")),
        },
        (v @ (Val::Str(_) | Val::Other(PyValue::Tuple(_) | PyValue::List(_))), None) => {
            Err(PyException::type_error(format!(
                "{} indices must be integers or slices, not str",
                v.type_name()
            )))
        }
        (v, _) => Err(PyException::type_error(format!(
            "'{}' object is not subscriptable",
            v.type_name()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `string.Formatter().parse(fmt)` on CPython 3.11.7: the field (name,
    /// conversion, spec) or the ValueError's message.
    #[test]
    fn fields_parse_as_cpython_parses_them() {
        type Field<'a> = (&'a str, Option<char>, &'a str);
        let cases: [(&str, Result<Field<'_>, &str>); 13] = [
            ("{a!}", Err("unmatched '{' in format spec")),
            ("{a!r", Err("unmatched '{' in format spec")),
            ("{a!rx}", Err("expected ':' after conversion specifier")),
            ("{a:{b}", Err("unmatched '{' in format spec")),
            ("{a[}]}", Ok(("a[}]", None, ""))),
            ("{a[x}", Err("expected '}' before end of string")),
            ("{a:x", Err("unmatched '{' in format spec")),
            ("{a[{]}", Ok(("a[{]", None, ""))),
            ("{a:{{}}}", Ok(("a", None, "{{}}"))),
            ("{a!r:>5}", Ok(("a", Some('r'), ">5"))),
            ("{]{args:=#6,b}}", Err("unexpected '{' in field name")),
            ("{x{", Err("unexpected '{' in field name")),
            ("{a!s}", Ok(("a", Some('s'), ""))),
        ];
        for (fmt, expected) in cases {
            let got = match parse_brace(fmt) {
                Ok(pieces) => match pieces.as_slice() {
                    [
                        BracePiece::Field {
                            name,
                            conversion,
                            spec,
                            span,
                        },
                    ] => {
                        assert_eq!(span.clone(), 0..fmt.len(), "{fmt}");
                        Ok((name.clone(), *conversion, spec.clone()))
                    }
                    other => panic!("{fmt}: {other:?}"),
                },
                Err(e) => Err(e.message),
            };
            let expected = expected
                .map(|(n, c, s)| (n.to_string(), c, s.to_string()))
                .map_err(str::to_string);
            assert_eq!(got, expected, "{fmt}");
        }
    }
}

#[cfg(test)]
mod version_tests {
    use super::*;

    /// `format('x', ' ')`: CPython 3.8.18 calls the space a sign, 3.9.18 names it.
    #[test]
    fn a_space_in_a_string_spec_is_worded_per_version() {
        let error = |minor| {
            let mut out = String::new();
            format_str("x", " ", PyVersion::new(3, minor, 0), &mut out)
                .map_err(|e| e.to_string())
                .unwrap_err()
        };
        assert_eq!(error(8), "ValueError: Sign not allowed in string format specifier");
        assert_eq!(error(9), "ValueError: Space not allowed in string format specifier");
    }
}
