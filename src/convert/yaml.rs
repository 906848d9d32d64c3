//! The YAML emitter: block style that `yaml.safe_load` (PyYAML, YAML 1.1)
//! reads back to the same Python objects. A string is written plain only
//! when it cannot be read as anything else (no YAML 1.1 bool, null, number,
//! timestamp or indicator); otherwise it is single-quoted, or double-quoted
//! with escapes when it holds a character PyYAML would not read as itself
//! (control characters, line breaks, non-printable code points).

use super::value::{Value, float_text};
use std::fmt::Write;

/// The document as block-style YAML, ending with a newline.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Map(entries) if !entries.is_empty() => write_map(&mut out, entries, 0),
        Value::List(items) if !items.is_empty() => write_list(&mut out, items, 0),
        scalar => {
            write_scalar(&mut out, scalar);
            out.push('\n');
        }
    }
    out
}

fn is_block(value: &Value) -> bool {
    matches!(value, Value::Map(e) if !e.is_empty())
        || matches!(value, Value::List(i) if !i.is_empty())
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn write_map(out: &mut String, entries: &[(String, Value)], indent: usize) {
    for (key, item) in entries {
        pad(out, indent);
        write_string(out, key);
        out.push(':');
        write_child(out, item, indent);
    }
}

fn write_list(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        pad(out, indent);
        out.push('-');
        write_child(out, item, indent);
    }
}

/// After `key:` or `-`: a scalar on the same line, a collection on the
/// lines below, indented two more.
fn write_child(out: &mut String, item: &Value, indent: usize) {
    if !is_block(item) {
        out.push(' ');
        write_scalar(out, item);
        out.push('\n');
        return;
    }
    out.push('\n');
    match item {
        Value::Map(entries) => write_map(out, entries, indent + 2),
        Value::List(items) => write_list(out, items, indent + 2),
        _ => {}
    }
}

fn write_scalar(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.push_str(&yaml_float(*f)),
        Value::Str(s) => write_string(out, s),
        Value::List(_) => out.push_str("[]"),
        Value::Map(_) => out.push_str("{}"),
    }
}

/// A float PyYAML's YAML 1.1 resolver reads back: it needs a `.` and a
/// signed exponent (`1e+16` alone is a string), `.inf`, `.nan`.
fn yaml_float(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    let text = float_text(f);
    match text.split_once('e') {
        Some((mantissa, exp)) if !mantissa.contains('.') => format!("{mantissa}.0e{exp}"),
        _ => text,
    }
}

/// YAML 1.1 words PyYAML resolves to bool or null (compared lower-cased).
const SPECIAL_WORDS: &[&str] = &["y", "n", "yes", "no", "true", "false", "on", "off", "null"];

/// Plain only for `[A-Za-z_][A-Za-z0-9_./-]*` that is no special word.
fn is_plain_safe(s: &str) -> bool {
    let mut chars = s.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    first_ok
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '-'))
        && !SPECIAL_WORDS.contains(&s.to_ascii_lowercase().as_str())
}

/// A character PyYAML reads as itself inside a quoted scalar: printable,
/// not a line break (`\x85`, `\u2028`, `\u2029`) and not a BOM.
fn is_literal_char(c: char) -> bool {
    let u = c as u32;
    (0x20..=0x7e).contains(&u)
        || (u >= 0xa0 && !matches!(u, 0x2028 | 0x2029 | 0xfeff | 0xfffe | 0xffff))
}

pub(crate) fn write_string(out: &mut String, s: &str) {
    if is_plain_safe(s) {
        out.push_str(s);
    } else if s.chars().all(is_literal_char) {
        out.push('\'');
        out.push_str(&s.replace('\'', "''"));
        out.push('\'');
    } else {
        write_double_quoted(out, s);
    }
}

fn write_double_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_literal_char(c) => out.push(c),
            c if (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
}
