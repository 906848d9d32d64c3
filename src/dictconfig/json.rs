//! The JSON front end: what `json.load(f)` returns for a file opened as
//! UTF-8 text (CPython 3.11, default arguments), as a positioned [`Node`].
//!
//! A port of CPython's C scanner (`Modules/_json.c`, which `json.loads` uses
//! and which `Lib/json/scanner.py` and `decoder.py` describe): the same
//! accepted texts, the same values and the same exception for every rejected
//! text, with CPython's message and position.
//!
//! * Whitespace is ` \t\n\r` only; `NaN`, `Infinity` and `-Infinity` are
//!   floats; numbers are `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`
//!   with ASCII digits (the C scanner's, not `\d`). An int keeps its digits
//!   (`-0` is `0`); more than 4300 digits raise `int()`'s `ValueError`. A
//!   float is `repr(float(text))` (`1E400` → `inf`, `1e16` → `1e+16`).
//! * Strings: every escape, surrogate pairs joined, control characters
//!   (`< 0x20`) rejected (`strict=True`).
//! * Objects are `dict(pairs)`: a repeated key keeps its first position and
//!   its first key node, and takes the last value.
//! * Errors are `json.decoder.JSONDecodeError` (the name a traceback prints)
//!   with `msg: line L column C (char N)`. N counts code points of the text
//!   `open()` hands to `json.load`, i.e. after universal-newline translation
//!   (`\r\n` and a lone `\r` are one `\n`), so positions in messages agree
//!   with what CPython prints for the file; the error's span is a byte range
//!   of the original text (the character where the scanner stopped, empty
//!   at the end). A leading BOM raises `Unexpected UTF-8 BOM (decode using
//!   utf-8-sig)`, as `json.loads` does for a `str` starting with U+FEFF.
//! * Nesting deeper than [`MAX_DEPTH`] raises the C scanner's
//!   `RecursionError` (the exact depth depends on the caller's Python stack;
//!   [`MAX_DEPTH`] is what `json.load` called from a module's top level gets).
//!
//! **Versions.** [`read_json`] is 3.11's behaviour, which 3.12 shares
//! except for the depth limit (3.12 and 3.13 read deeper nesting).
//! [`read_json_for`] 3.13+ differs: a trailing comma raises `Illegal
//! trailing comma before end of object` (`… of array`) at the comma instead
//! of 3.11's `Expecting property name enclosed in double quotes` (`Expecting
//! value`) after it.
//!
//! **Lone surrogates.** Python keeps an unpaired `\ud800`…`\udfff` escape as
//! a lone surrogate in the `str`; a Rust `String` cannot hold one, so each
//! becomes U+FFFD in [`NodeValue::Str`]. Keys that differ only in their lone
//! surrogates stay distinct keys, as in Python. This is the one place where
//! the tree differs from Python's value; the text is accepted exactly when
//! Python accepts it.

use super::node::{Node, NodeValue, ReadError};
use crate::diagnostic::PyException;
use crate::source::Span;
use std::collections::HashMap;

/// The deepest nesting of arrays and objects CPython 3.11's C scanner reads
/// when `json.load` is called from a module's top level; one more raises
/// `RecursionError`.
pub const MAX_DEPTH: usize = 994;

/// The type name a traceback prints for `json.JSONDecodeError`.
pub const JSON_DECODE_ERROR: &str = "json.decoder.JSONDecodeError";

/// Python's default `sys.get_int_max_str_digits()`.
const INT_MAX_STR_DIGITS: usize = 4300;

/// Reads `text` (the file decoded as UTF-8, a BOM kept) as `json.load`
/// does: its value with spans, or the exception CPython raises.
///
/// ```
/// use logcheck::dictconfig::json::read_json;
/// let node = read_json(r#"{"version": 1}"#).unwrap();
/// assert_eq!(node.get("version").unwrap().span.start, 12);
/// let err = read_json("[1 2]").unwrap_err();
/// assert_eq!(
///     err.exception.to_string(),
///     "json.decoder.JSONDecodeError: Expecting ',' delimiter: line 1 column 4 (char 3)"
/// );
/// ```
pub fn read_json(text: &str) -> Result<Node, ReadError> {
    read_json_for(text, crate::version::PyVersion::new(3, 11, 0))
}

/// [`read_json`] as CPython `version`'s `json.load` reads the text (3.13+:
/// a trailing comma's own error).
pub fn read_json_for(text: &str, version: crate::version::PyVersion) -> Result<Node, ReadError> {
    let scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        trailing_comma_error: version.minor >= 13,
    };
    if text.starts_with('\u{feff}') {
        return Err(scanner.error("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0));
    }
    let start = scanner.skip_ws(0);
    let (node, end) = scanner.value(start)?;
    let end = scanner.skip_ws(end);
    if end != text.len() {
        return Err(scanner.error("Extra data", end));
    }
    Ok(node)
}

/// `JSONDecodeError(msg, doc, pos)`'s message, with the position as Python
/// computes it on the newline-translated text.
fn decode_message(text: &str, pos: usize, msg: &str) -> String {
    let (line, column, char) = python_position(text, pos);
    format!("{msg}: line {line} column {column} (char {char})")
}

/// `(lineno, colno, pos)` of byte `pos` as `JSONDecodeError` computes them on
/// the text after universal-newline translation.
fn python_position(text: &str, pos: usize) -> (usize, usize, usize) {
    let bytes = text.as_bytes();
    let (mut chars, mut line, mut after_newline) = (0usize, 1usize, 0usize);
    for (i, c) in text[..pos].char_indices() {
        if c == '\n' && i > 0 && bytes[i - 1] == b'\r' {
            continue; // the `\n` of `\r\n`: one character, already counted
        }
        chars += 1;
        if c == '\n' || c == '\r' {
            line += 1;
            after_newline = chars;
        }
    }
    (line, chars - after_newline + 1, chars)
}

/// A decoded string: the text (lone surrogates as U+FFFD) and the lone
/// surrogates themselves (byte offset in `text`, code unit), which keep
/// Python's string identity for dictionary keys.
#[derive(Debug, Default, PartialEq, Eq, Hash)]
struct Decoded {
    text: String,
    lone: Vec<(usize, u32)>,
}

/// The scanner over one text.
struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// 3.13+: a `,` right before the closing bracket is its own error.
    trailing_comma_error: bool,
}

impl Scanner<'_> {
    /// A `JSONDecodeError` at byte `pos`.
    fn error(&self, msg: &str, pos: usize) -> ReadError {
        let exception = PyException::new(JSON_DECODE_ERROR, decode_message(self.text, pos, msg));
        ReadError {
            exception,
            span: self.char_span(pos),
        }
    }

    /// The character at byte `pos` (empty at the end).
    fn char_span(&self, pos: usize) -> Span {
        let len = self.text[pos..].chars().next().map_or(0, char::len_utf8);
        Span::new(pos, pos + len)
    }

    /// The first position at or after `pos` that is not JSON whitespace.
    fn skip_ws(&self, mut pos: usize) -> usize {
        while matches!(self.bytes.get(pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            pos += 1;
        }
        pos
    }

    /// The byte at `pos`, `None` at the end.
    fn at(&self, pos: usize) -> Option<u8> {
        self.bytes.get(pos).copied()
    }

    /// `scan_once`: the value starting at `start` and the position after it.
    /// Arrays and objects (`_parse_array_unicode`, `_parse_object_unicode`)
    /// are kept on a stack of [`Open`] containers rather than the Rust call
    /// stack, so that no nesting can overflow it.
    fn value(&self, start: usize) -> Result<(Node, usize), ReadError> {
        let mut stack: Vec<Open> = Vec::new();
        let mut pos = start;
        loop {
            let (mut item, mut end) = match self.at(pos) {
                Some(b'[' | b'{') => match self.open(pos, stack.len())? {
                    Opened::Empty(node, end) => (node, end),
                    Opened::Open(open, first) => {
                        stack.push(open);
                        pos = first;
                        continue;
                    }
                },
                _ => self.scalar(pos)?,
            };
            loop {
                let Some(open) = stack.last_mut() else {
                    return Ok((item, end));
                };
                match self.after_item(open, item, end)? {
                    Step::Next(next) => {
                        pos = next;
                        break;
                    }
                    Step::Close(after) => {
                        let open = stack.pop().expect("an open container");
                        (item, end) = (open.finish(after), after);
                    }
                }
            }
        }
    }

    /// A value that is not an array or object.
    fn scalar(&self, pos: usize) -> Result<(Node, usize), ReadError> {
        let constant = |word: &str, value: NodeValue| {
            let end = pos + word.len();
            self.text[pos..]
                .starts_with(word)
                .then(|| (node(value, pos, end), end))
        };
        let found = match self.at(pos) {
            None => return Err(self.error("Expecting value", pos)),
            Some(b'"') => {
                let (decoded, end) = self.string(pos)?;
                return Ok((node(NodeValue::Str(decoded.text), pos, end), end));
            }
            Some(b'n') => constant("null", NodeValue::Null),
            Some(b't') => constant("true", NodeValue::Bool(true)),
            Some(b'f') => constant("false", NodeValue::Bool(false)),
            Some(b'N') => constant("NaN", NodeValue::Float("nan".into())),
            Some(b'I') => constant("Infinity", NodeValue::Float("inf".into())),
            Some(b'-') => constant("-Infinity", NodeValue::Float("-inf".into())),
            Some(_) => None,
        };
        match found {
            Some(found) => Ok(found),
            None => self.number(pos),
        }
    }

    /// The `[` or `{` at `start`, with `depth` containers open around it:
    /// an empty container, or an open one and where its first value starts.
    fn open(&self, start: usize, depth: usize) -> Result<Opened, ReadError> {
        if depth + 1 > MAX_DEPTH {
            return Err(self.recursion_error(start));
        }
        let pos = self.skip_ws(start + 1);
        let (close, empty) = match self.bytes[start] {
            b'[' => (b']', NodeValue::List(Vec::new())),
            _ => (b'}', NodeValue::Map(Vec::new())),
        };
        if self.at(pos) == Some(close) {
            return Ok(Opened::Empty(node(empty, start, pos + 1), pos + 1));
        }
        if close == b']' {
            let items = Vec::new();
            return Ok(Opened::Open(Open::List { start, items }, pos));
        }
        let (key, first) = self.key(pos)?;
        let (entries, index, key) = (Vec::new(), HashMap::new(), Some(key));
        Ok(Opened::Open(Open::Map { start, entries, index, key }, first))
    }

    /// `Py_EnterRecursiveCall`'s error for the container opening at `pos`.
    fn recursion_error(&self, pos: usize) -> ReadError {
        let what = if self.bytes[pos] == b'{' { "object" } else { "array" };
        let message =
            format!("maximum recursion depth exceeded while decoding a JSON {what} from a unicode string");
        ReadError {
            exception: PyException::new("RecursionError", message),
            span: self.char_span(pos),
        }
    }

    /// A key and its `:` at `pos`: the key and where its value starts.
    fn key(&self, pos: usize) -> Result<((Decoded, Node), usize), ReadError> {
        if self.at(pos) != Some(b'"') {
            let msg = "Expecting property name enclosed in double quotes";
            return Err(self.error(msg, pos));
        }
        let (key, key_end) = self.string(pos)?;
        let key_node = node(NodeValue::Str(key.text.clone()), pos, key_end);
        let colon = self.skip_ws(key_end);
        if self.at(colon) != Some(b':') {
            return Err(self.error("Expecting ':' delimiter", colon));
        }
        Ok(((key, key_node), self.skip_ws(colon + 1)))
    }

    /// Adds `item` (ending at `end`) to `open`, then reads the `,` and the
    /// next key, or the closing bracket.
    fn after_item(&self, open: &mut Open, item: Node, end: usize) -> Result<Step, ReadError> {
        let close = open.add(item);
        let pos = self.skip_ws(end);
        if self.at(pos) == Some(close) {
            return Ok(Step::Close(pos + 1));
        }
        if self.at(pos) != Some(b',') {
            return Err(self.error("Expecting ',' delimiter", pos));
        }
        let next = self.skip_ws(pos + 1);
        if self.trailing_comma_error && self.at(next) == Some(close) {
            let what = if close == b']' { "array" } else { "object" };
            return Err(self.error(&format!("Illegal trailing comma before end of {what}"), pos));
        }
        match open {
            Open::List { .. } => Ok(Step::Next(next)),
            Open::Map { key, .. } => {
                let (next_key, value_at) = self.key(next)?;
                *key = Some(next_key);
                Ok(Step::Next(value_at))
            }
        }
    }

    /// `_match_number_unicode`: an int or a float, or `Expecting value`.
    fn number(&self, start: usize) -> Result<(Node, usize), ReadError> {
        let digits_from = |mut pos: usize| {
            while self.at(pos).is_some_and(|b| b.is_ascii_digit()) {
                pos += 1;
            }
            pos
        };
        let mut pos = start + usize::from(self.at(start) == Some(b'-'));
        pos = match self.at(pos) {
            Some(b'0') => pos + 1,
            Some(b'1'..=b'9') => digits_from(pos),
            _ => return Err(self.error("Expecting value", start)),
        };
        let int_end = pos;
        if self.at(pos) == Some(b'.') && self.at(pos + 1).is_some_and(|b| b.is_ascii_digit()) {
            pos = digits_from(pos + 1);
        }
        if matches!(self.at(pos), Some(b'e' | b'E')) {
            let sign = usize::from(matches!(self.at(pos + 1), Some(b'+' | b'-')));
            let exp_end = digits_from(pos + 1 + sign);
            if exp_end > pos + 1 + sign {
                pos = exp_end;
            }
        }
        let literal = &self.text[start..pos];
        let value = if pos == int_end {
            self.int_value(literal, Span::new(start, pos))?
        } else {
            let float: f64 = literal.parse().unwrap_or(f64::NAN);
            NodeValue::Float(crate::pyexpr::repr_float(float))
        };
        Ok((node(value, start, pos), pos))
    }

    /// `int(literal)`: its digits, or the `ValueError` of Python's
    /// integer string conversion limit.
    fn int_value(&self, literal: &str, span: Span) -> Result<NodeValue, ReadError> {
        let digits = literal.trim_start_matches('-');
        if digits.len() > INT_MAX_STR_DIGITS {
            let message = format!(
                "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion: \
                 value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
                digits.len()
            );
            return Err(ReadError {
                exception: PyException::value_error(message),
                span,
            });
        }
        Ok(NodeValue::Int(if digits == "0" { digits } else { literal }.to_string()))
    }

    /// `scanstring_unicode(strict=True)`, `start` at the opening quote: the
    /// decoded string and the position after the closing quote.
    fn string(&self, start: usize) -> Result<(Decoded, usize), ReadError> {
        let mut out = Decoded::default();
        let mut pos = start + 1;
        loop {
            let chunk_start = pos;
            let stop = loop {
                match self.at(pos) {
                    None => return Err(self.error("Unterminated string starting at", start)),
                    Some(b @ (b'"' | b'\\')) => break b,
                    Some(0..=0x1f) => return Err(self.error("Invalid control character at", pos)),
                    Some(_) => pos += 1,
                }
            };
            out.text.push_str(&self.text[chunk_start..pos]);
            if stop == b'"' {
                return Ok((out, pos + 1));
            }
            pos = self.escape(start, pos, &mut out)?;
        }
    }

    /// One escape, `pos` at its backslash: appends it, returns the position
    /// after it.
    fn escape(&self, start: usize, pos: usize, out: &mut Decoded) -> Result<usize, ReadError> {
        let simple = match self.at(pos + 1) {
            None => return Err(self.error("Unterminated string starting at", start)),
            Some(b'u') => None,
            Some(b'"') => Some('"'),
            Some(b'\\') => Some('\\'),
            Some(b'/') => Some('/'),
            Some(b'b') => Some('\u{8}'),
            Some(b'f') => Some('\u{c}'),
            Some(b'n') => Some('\n'),
            Some(b'r') => Some('\r'),
            Some(b't') => Some('\t'),
            Some(_) => return Err(self.error("Invalid \\escape", pos)),
        };
        if let Some(c) = simple {
            out.text.push(c);
            return Ok(pos + 2);
        }
        self.unicode_escape(pos + 1, out)
    }

    /// A `\uXXXX` escape (a surrogate pair when one follows), `u` at byte
    /// `u`: appends its character, returns the position after it.
    fn unicode_escape(&self, u: usize, out: &mut Decoded) -> Result<usize, ReadError> {
        let len = self.bytes.len();
        if u + 5 >= len {
            return Err(self.error("Invalid \\uXXXX escape", u));
        }
        let first = self.hex4(u)?;
        let mut end = u + 5;
        let mut code = first;
        let pair_follows = end + 6 < len && self.bytes[end] == b'\\' && self.bytes[end + 1] == b'u';
        if (0xd800..=0xdbff).contains(&first) && pair_follows {
            let second = self.hex4(end + 1)?;
            if (0xdc00..=0xdfff).contains(&second) {
                code = 0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00);
                end += 6;
            }
        }
        match char::from_u32(code) {
            Some(c) => out.text.push(c),
            None => {
                out.lone.push((out.text.len(), code));
                out.text.push(char::REPLACEMENT_CHARACTER);
            }
        }
        Ok(end)
    }

    /// The four hex digits after the `u` at byte `u`, or `Invalid \uXXXX
    /// escape` at the `u` (the caller made sure the four bytes exist).
    fn hex4(&self, u: usize) -> Result<u32, ReadError> {
        let mut code = 0u32;
        for &b in &self.bytes[u + 1..u + 5] {
            match (b as char).to_digit(16) {
                Some(d) => code = code * 16 + d,
                None => return Err(self.error("Invalid \\uXXXX escape", u)),
            }
        }
        Ok(code)
    }
}

/// An array or object being read (a frame of the C scanner's recursion).
enum Open {
    /// The `[` at `start` and the items so far.
    List { start: usize, items: Vec<Node> },
    /// The `{` at `start`: the entries so far, each key's entry, and the
    /// key whose value is being read.
    Map {
        start: usize,
        entries: Vec<(Node, Node)>,
        index: HashMap<Decoded, usize>,
        key: Option<(Decoded, Node)>,
    },
}

impl Open {
    /// Adds a read value (as `dict(pairs)` does for an object: a repeated
    /// key keeps its place and takes the new value); returns the closing
    /// bracket.
    fn add(&mut self, value: Node) -> u8 {
        match self {
            Open::List { items, .. } => {
                items.push(value);
                b']'
            }
            Open::Map { entries, index, key, .. } => {
                let (key, key_node) = key.take().expect("a key before each value");
                match index.get(&key) {
                    Some(&i) => entries[i].1 = value,
                    None => {
                        index.insert(key, entries.len());
                        entries.push((key_node, value));
                    }
                }
                b'}'
            }
        }
    }

    /// The container, closed at `end` (after its bracket).
    fn finish(self, end: usize) -> Node {
        match self {
            Open::List { start, items } => node(NodeValue::List(items), start, end),
            Open::Map { start, entries, .. } => node(NodeValue::Map(entries), start, end),
        }
    }
}

/// What an opening bracket starts.
enum Opened {
    /// `[]` or `{}` and the position after it.
    Empty(Node, usize),
    /// A container with content, and where its first value starts.
    Open(Open, usize),
}

/// What follows an item.
enum Step {
    /// A `,`: the next value starts here.
    Next(usize),
    /// The closing bracket: the container ends here.
    Close(usize),
}

/// A node with the span `start..end`.
fn node(value: NodeValue, start: usize, end: usize) -> Node {
    Node {
        value,
        span: Span::new(start, end),
    }
}

#[cfg(test)]
mod tests {

    /// CPython 3.13.0's messages (`json.loads`), and 3.11's for the same texts.
    #[test]
    fn trailing_commas_differ_in_3_13() {
        let v313 = crate::version::PyVersion::new(3, 13, 0);
        let message = |text: &str, v| read_json_for(text, v).unwrap_err().exception.message;
        assert_eq!(
            message("[1, 2 , ]", v313),
            "Illegal trailing comma before end of array: line 1 column 7 (char 6)"
        );
        assert_eq!(
            message("{\"a\": 1,\n }", v313),
            "Illegal trailing comma before end of object: line 1 column 8 (char 7)"
        );
        assert_eq!(
            read_json("[1,]").unwrap_err().exception.message,
            "Expecting value: line 1 column 4 (char 3)"
        );
    }

    use super::*;

    fn message(text: &str) -> String {
        read_json(text).unwrap_err().exception.to_string()
    }

    #[test]
    fn positions_count_code_points_after_newline_translation() {
        assert_eq!(python_position("é\r\n\rab", 6), (3, 2, 4));
        assert_eq!(python_position("é\r\n\rab", 7), (3, 3, 5));
        assert_eq!(
            message("[\"é\",\r\n 1 2]"),
            "json.decoder.JSONDecodeError: Expecting ',' delimiter: line 2 column 4 (char 9)"
        );
    }

    #[test]
    fn duplicate_keys_keep_first_position_and_last_value() {
        let node = read_json(r#"{"a":1,"b":2,"a":3}"#).unwrap();
        let NodeValue::Map(entries) = &node.value else { panic!() };
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].0.span, Span::new(1, 4));
        assert_eq!(entries[0].1.value, NodeValue::Int("3".into()));
    }

    #[test]
    fn lone_surrogates_are_replacement_characters_but_distinct_keys() {
        let node = read_json(r#"{"\ud800":1,"\udbff":2,"\ud83d\ude00":3}"#).unwrap();
        let NodeValue::Map(entries) = &node.value else { panic!() };
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].0.as_str(), Some("\u{fffd}"));
        assert_eq!(entries[2].0.as_str(), Some("😀"));
    }
}
