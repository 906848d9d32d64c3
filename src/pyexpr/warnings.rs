//! The warnings CPython prints while it compiles an `eval`'d text, before
//! running it: 3.12+ writes `<string>:1: SyntaxWarning: invalid escape
//! sequence '\p'` to stderr for `args=('c:\plevi.log',)`.
//!
//! Earlier versions raise a `DeprecationWarning` instead, which the default
//! warning filters hide outside `__main__`, so a plain `fileConfig` prints
//! nothing there. The warnings are compile-time, so CPython prints them
//! whether or not evaluating the text then succeeds; each evaluation prints
//! its own (compile warnings bypass the once-per-location registry), and a
//! string literal warns for its first invalid escape only.

use super::lexer::{StrPiece, Tok, tokenize};
use crate::source::Span;
use crate::version::PyVersion;

/// One warning line as CPython prints it, and where its cause is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileWarning {
    /// The escape that causes it, a byte range of the text.
    pub span: Span,
    /// What the warning says (`invalid escape sequence '\p'`).
    pub message: String,
    /// The line written to stderr, without its newline
    /// (`<string>:1: SyntaxWarning: invalid escape sequence '\p'`).
    pub line: String,
}

/// The warnings `eval(src)` prints under `version` while compiling `src`.
///
/// Only texts that compile are covered: for a text CPython rejects with a
/// `SyntaxError`, whether a warning is printed first depends on how far its
/// parser got, which logcheck does not reproduce (it returns none).
pub fn compile_warnings(src: &str, version: PyVersion) -> Vec<CompileWarning> {
    // the fast path: no backslash, no escape
    if version.minor < 12 || !src.contains('\\') || !super::with_parsed(src, version, |p| p.is_ok()) {
        return Vec::new();
    }
    // `eval` strips leading blanks, as parse_for does
    let offset = src.len() - src.trim_start_matches([' ', '\t']).len();
    let Ok(super::lexer::Lexed { tokens, .. }) = tokenize(&src[offset..], version.minor) else {
        return Vec::new();
    };
    tokens
        .iter()
        .filter_map(|t| match &t.kind {
            Tok::Str(piece) => {
                let (at, message) = first_invalid_escape(piece)?;
                let start = offset + piece.body_start + at;
                // the backslash and the escaped character, which may be
                // more than one byte (`\é`)
                let escaped = src
                    .get(start + 1..)
                    .and_then(|rest| rest.chars().next())
                    .map_or(1, char::len_utf8);
                Some(CompileWarning {
                    span: Span::new(start, start + 1 + escaped),
                    line: format!("<string>:{}: SyntaxWarning: {message}", t.line),
                    message,
                })
            }
            _ => None,
        })
        .collect()
}

/// The first escape CPython's decoder reports as invalid in a literal body:
/// its byte offset in the body and the message. Valid escapes are skipped
/// whole (so `\\p` is no escape of `p`).
fn first_invalid_escape(piece: &StrPiece) -> Option<(usize, String)> {
    if piece.raw || (piece.fstring && (piece.body.contains('{') || piece.body.contains('}'))) {
        return None;
    }
    let body = piece.body.as_str();
    let mut chars = body.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c != '\\' {
            continue;
        }
        let (_, e) = chars.next()?;
        match e {
            '\n' | '\r' | '\\' | '\'' | '"' | 'a' | 'b' | 'f' | 'n' | 'r' | 't' | 'v' | 'x' => {}
            'N' | 'u' | 'U' if !piece.bytes => {}
            '0'..='7' => {
                let mut digits = String::from(e);
                while digits.len() < 3 {
                    match chars.peek() {
                        Some(&(_, d @ '0'..='7')) => {
                            digits.push(d);
                            chars.next();
                        }
                        _ => break,
                    }
                }
                if u32::from_str_radix(&digits, 8).is_ok_and(|n| n > 0o377) {
                    return Some((at, format!("invalid octal escape sequence '\\{digits}'")));
                }
            }
            other => return Some((at, format!("invalid escape sequence '\\{other}'"))),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(src: &str, minor: u32) -> Vec<String> {
        compile_warnings(src, PyVersion::new(3, minor, 0))
            .into_iter()
            .map(|w| w.line)
            .collect()
    }

    #[test]
    fn invalid_escapes_warn_on_3_12_and_later() {
        assert_eq!(
            lines(r"('c:\plevi.log', 'a')", 12),
            [r"<string>:1: SyntaxWarning: invalid escape sequence '\p'"]
        );
        assert_eq!(lines(r"('c:\plevi.log',)", 11), Vec::<String>::new());
        // first invalid escape per literal; valid ones are skipped
        assert_eq!(
            lines(r"('d:\logs\x41\q.log', b'\N', '\777', r'\p', 'a\\p')", 13),
            [
                r"<string>:1: SyntaxWarning: invalid escape sequence '\l'",
                r"<string>:1: SyntaxWarning: invalid escape sequence '\N'",
                r"<string>:1: SyntaxWarning: invalid octal escape sequence '\777'",
            ]
        );
        assert_eq!(
            lines("('a',\n '\\d')", 12),
            [r"<string>:2: SyntaxWarning: invalid escape sequence '\d'"]
        );
        assert_eq!(lines(r"('\p'", 12), Vec::<String>::new());
    }

    #[test]
    fn the_span_covers_a_multibyte_escaped_character() {
        let src = "('a\\\u{e9}b',)";
        let w = compile_warnings(src, PyVersion::new(3, 12, 0));
        assert_eq!(w.len(), 1);
        assert_eq!(&src[w[0].span.start..w[0].span.end], "\\\u{e9}");
    }
}
