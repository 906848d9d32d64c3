//! Python's `repr()` of strings, so messages quote values exactly as CPython does.
//!
//! CPython's messages embed `repr(value)`: `KeyError: 'formatters'`,
//! `ValueError: Unknown level: 'INFO ; x'`, and configparser's
//! `'\ufeff[loggers]\n'`. The quote character and the escapes follow
//! `unicode_repr` in `Objects/unicodeobject.c`.
//!
//! # Example
//! ```
//! use logcheck::pyrepr::repr_str;
//! assert_eq!(repr_str("it's"), "\"it's\"");
//! assert_eq!(repr_str("\u{feff}[x]\n"), "'\\ufeff[x]\\n'");
//! ```

use unicode_general_category::{GeneralCategory as Gc, get_general_category};

/// `str.isprintable()` for one character.
pub fn is_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    !matches!(
        get_general_category(c),
        Gc::Control
            | Gc::Format
            | Gc::Surrogate
            | Gc::PrivateUse
            | Gc::Unassigned
            | Gc::LineSeparator
            | Gc::ParagraphSeparator
            | Gc::SpaceSeparator
    )
}

/// `repr(text)` for a Python `str`.
pub fn repr_str(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_ascii() || is_printable(c) => out.push(c),
            c => {
                let n = c as u32;
                if n <= 0xff {
                    out.push_str(&format!("\\x{n:02x}"));
                } else if n <= 0xffff {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
        }
    }
    out.push(quote);
    out
}

/// Appends `repr(bytes)` (`b'...'`) to `out`.
pub fn write_repr_bytes(bytes: &[u8], out: &mut String) {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    out.push('b');
    out.push(quote);
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b if b as char == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(b as char),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\x");
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
    out.push(quote);
}

/// Python's `str.isspace()` for one character (what `str.strip()` removes).
///
/// Wider than Rust's `char::is_whitespace`: it includes the information
/// separators U+001C..U+001F.
#[inline]
pub fn is_py_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\x0b' | '\x0c' | '\r' | '\x1c' | '\x1d' | '\x1e' | '\x1f' | ' ' | '\u{85}'
    ) || (c as u32 > 0x7f && c != '\u{200b}' && c.is_whitespace())
}

/// `text.split(',')`, found a byte at a time: fileConfig's lists (`keys`,
/// `handlers`) are short, and `str::split`'s searcher costs more to set up
/// than scanning them (thousands of lists in a big file).
pub fn split_commas(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let piece = rest?;
        match piece.bytes().position(|b| b == b',') {
            Some(at) => {
                rest = Some(&piece[at + 1..]);
                Some(&piece[..at])
            }
            None => {
                rest = None;
                Some(piece)
            }
        }
    })
}

/// Python's `str.strip()` with no argument.
#[inline]
pub fn py_strip(text: &str) -> &str {
    // Fast path: visible ASCII at both ends leaves nothing to strip.
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim_matches(is_py_space),
    }
}

/// `text.rstrip()`: [`py_strip`]'s right half.
#[inline]
pub fn py_strip_end(text: &str) -> &str {
    // ASCII fast path: the char searcher costs more than these short keys.
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while let Some(&b) = end.checked_sub(1).and_then(|i| bytes.get(i)) {
        if b >= 0x80 {
            return text[..end].trim_end_matches(is_py_space);
        }
        if !is_py_space(char::from(b)) {
            break;
        }
        end -= 1;
    }
    &text[..end]
}

/// `text.lstrip()`: [`py_strip`]'s left half.
#[inline]
pub fn py_strip_start(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut start = 0;
    while let Some(&b) = bytes.get(start) {
        if b >= 0x80 {
            return text[start..].trim_start_matches(is_py_space);
        }
        if !is_py_space(char::from(b)) {
            break;
        }
        start += 1;
    }
    &text[start..]
}

#[cfg(test)]
mod tests {
    #[test]
    fn split_commas_is_str_split() {
        for text in ["", ",", "a", "a,b", ",a,,b,", " a , b ", "é,ü,"] {
            let ours: Vec<&str> = super::split_commas(text).collect();
            let std: Vec<&str> = text.split(',').collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    use super::*;

    #[test]
    fn one_sided_strips_match_the_char_searcher() {
        let samples = [
            "",
            " ",
            "a",
            " a ",
            "\t\x0b\x0c\r\n\x1c\x1fkey \x1d",
            "\u{85}x\u{85}",
            " \u{3000}v\u{3000} ",
            "\u{200b}z\u{200b}",
            "é ",
            " é",
            "k\u{a0}",
        ];
        for text in samples {
            assert_eq!(
                py_strip_end(text),
                text.trim_end_matches(is_py_space),
                "{text:?}"
            );
            assert_eq!(
                py_strip_start(text),
                text.trim_start_matches(is_py_space),
                "{text:?}"
            );
        }
    }

    #[test]
    fn quotes_like_python() {
        assert_eq!(repr_str("abc"), "'abc'");
        assert_eq!(repr_str("a'b"), "\"a'b\"");
        assert_eq!(repr_str("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(repr_str(""), "''");
    }

    #[test]
    fn escapes_like_python() {
        assert_eq!(
            repr_str("\x07\u{a0}é\u{10ffff}"),
            "'\\x07\\xa0é\\U0010ffff'"
        );
        assert_eq!(repr_str("tab\there"), "'tab\\there'");
    }

    #[test]
    fn bytes_like_python() {
        let mut out = String::new();
        write_repr_bytes(b"a'\x00\xff\\", &mut out);
        assert_eq!(out, "b\"a'\\x00\\xff\\\\\"");
    }

    #[test]
    fn strip_matches_python() {
        assert_eq!(py_strip("\x1c a \u{3000}"), "a");
        assert_eq!(py_strip("\u{feff}a"), "\u{feff}a");
    }
}
