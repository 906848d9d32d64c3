//! Tokenizer for the expression subset, mirroring CPython's tokenizer errors.
//!
//! The whole source is tokenized up front because CPython reports a
//! tokenizer error anywhere in the text in preference to a parser error
//! (`_PyPegen_tokenize_full_source_to_check_for_errors`).

use super::{PySyntaxError, StrValue};
use crate::source::Span;

/// One token with its byte span in the source.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub kind: Tok,
    pub span: Span,
    /// 1-based line of the token start.
    pub line: usize,
    /// Bracket nesting level before this token.
    pub level: usize,
    /// 1-based line of the token end (differs for multi-line strings).
    pub end_line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Name(String),
    /// Integer literal text without underscores, with its radix.
    Int(String, u32),
    Float(String),
    Imaginary,
    /// A string literal piece; the value is decoded later by the parser, as CPython does.
    Str(StrPiece),
    Op(&'static str),
    /// A tokenizer error CPython raises only when the parser reaches it.
    Error(&'static str),
    Newline,
    End,
}

/// A string literal as written: prefix flags and the raw body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StrPiece {
    pub raw: bool,
    pub bytes: bool,
    pub fstring: bool,
    /// Byte offset of the body in the source (after the opening quotes).
    pub body_start: usize,
    pub body: String,
}

/// An open bracket: (char, 1-based line, byte offset).
pub(crate) type OpenBracket = (char, usize, usize);

const OPS3: [&str; 5] = ["**=", "//=", ">>=", "<<=", "..."];
const OPS2: [&str; 22] = [
    "!=", "%=", "&=", "**", "*=", "+=", "-=", "->", "//", "/=", ":=", "<<", "<=", "==", ">=", ">>",
    "@=", "^=", "|=", "<>", "~=", "!~",
];
const OPS1: &str = "%&()*+,-./:;<=>@[]^{|}~";

/// Tokenize `src` (already stripped of leading blanks by the caller, as `eval` does).
/// Returns the tokens and the innermost bracket left open at the end (char, line, offset).
pub(crate) fn tokenize(
    src: &str,
    minor: u32,
) -> Result<(Vec<Token>, Option<OpenBracket>), PySyntaxError> {
    let mut lx = Lexer {
        src,
        pos: 0,
        line: 1,
        parens: Vec::new(),
        tokens: Vec::new(),
        at_line_start: true,
        minor,
    };
    lx.run()?;
    let unclosed = lx.parens.last().copied();
    Ok((lx.tokens, unclosed))
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    line: usize,
    /// Open brackets: (char, line, byte offset).
    parens: Vec<(char, usize, usize)>,
    tokens: Vec<Token>,
    at_line_start: bool,
    /// Python minor version (messages differ: 3.12 f-strings, 3.13 hints).
    minor: u32,
}

fn err(msg: impl Into<String>, line: usize, span: Span) -> PySyntaxError {
    PySyntaxError::at_line("SyntaxError", msg, line, span, true)
}

fn is_id_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_id_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.src.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.src.get(self.pos..).and_then(|s| s.chars().nth(offset))
    }

    fn push(&mut self, kind: Tok, start: usize, line: usize) {
        let level = self.parens.len();
        let end_line = line + self.src[start..self.pos].matches('\n').count();
        self.tokens.push(Token {
            kind,
            span: Span::new(start, self.pos),
            line,
            level,
            end_line,
        });
    }

    /// CPython tokenizes lazily: an error token (`!`, `$`, `?`) on an earlier
    /// line makes the parser fail there before a later lexical error is seen,
    /// so a later error's wording is then not CPython's.
    fn error_token_seen(&self) -> bool {
        self.tokens
            .iter()
            .any(|t| matches!(t.kind, Tok::Op("!") | Tok::Op("?")))
    }

    fn run(&mut self) -> Result<(), PySyntaxError> {
        loop {
            let Some(c) = self.peek() else {
                let start = self.pos;
                let last_line_start = self.src[..start].rfind('\n').map_or(0, |i| i + 1);
                let last_line = &self.src[last_line_start..];
                if self.at_line_start
                    && self.parens.is_empty()
                    && last_line_start > 0
                    && !last_line.is_empty()
                    && last_line.chars().all(|c| c == ' ' || c == '\t')
                {
                    // A last line holding only blanks is an indented empty line.
                    return Err(PySyntaxError::at_line(
                        "IndentationError",
                        "unexpected indent",
                        self.line,
                        Span::new(start, start),
                        !self.error_token_seen(),
                    ));
                }
                if !self.at_line_start && self.parens.is_empty() {
                    self.push(Tok::Newline, start, self.line);
                }
                // Text of only blank lines and comments that ends with a line
                // break: CPython's end marker is on the last line, not after it.
                let ends_with_break = self.src[..start].ends_with(['\n', '\r']);
                let line = if self.tokens.is_empty() && ends_with_break {
                    self.line.saturating_sub(1).max(1)
                } else {
                    self.line
                };
                self.push(Tok::End, start, line);
                return Ok(());
            };
            let start = self.pos;
            match c {
                ' ' | '\t' | '\x0c' => {
                    if self.at_line_start && self.parens.is_empty() {
                        // Indentation of a continuation line outside brackets.
                        let rest = &self.src[self.pos..];
                        let trimmed = rest.trim_start_matches([' ', '\t', '\x0c']);
                        let next = trimmed.chars().next();
                        if !matches!(next, None | Some('\n' | '\r' | '#' | '\\')) {
                            let at = self.src.len() - trimmed.len();
                            return Err(PySyntaxError::at_line(
                                "IndentationError",
                                "unexpected indent",
                                self.line,
                                Span::new(at, at + 1),
                                false,
                            ));
                        }
                    }
                    self.pos += 1;
                }
                '\n' | '\r' => {
                    self.pos += 1;
                    if c == '\r' && self.peek() == Some('\n') {
                        self.pos += 1;
                    }
                    if self.parens.is_empty() && !self.at_line_start {
                        self.tokens.push(Token {
                            kind: Tok::Newline,
                            span: Span::new(start, self.pos),
                            line: self.line,
                            level: 0,
                            end_line: self.line,
                        });
                        self.at_line_start = true;
                    }
                    self.line += 1;
                }
                '#' => {
                    while let Some(c) = self.peek() {
                        if c == '\n' || c == '\r' {
                            break;
                        }
                        self.pos += c.len_utf8();
                    }
                }
                '\\' => {
                    self.pos += 1;
                    let line = self.line;
                    match self.peek() {
                        Some('\n') => {
                            self.pos += 1;
                            self.line += 1;
                        }
                        Some('\r') => {
                            self.pos += 1;
                            if self.peek() == Some('\n') {
                                self.pos += 1;
                            }
                            self.line += 1;
                        }
                        _ => {
                            // CPython reports this only when the parser reaches
                            // it, and stops tokenizing there.
                            self.push(
                                Tok::Error(
                                    "unexpected character after line continuation character",
                                ),
                                start,
                                line,
                            );
                            self.parens.clear();
                            self.push(Tok::End, self.pos, line);
                            return Ok(());
                        }
                    }
                    // A continuation with nothing after it, outside brackets
                    // (inside them, the unclosed bracket is reported instead).
                    if self.peek().is_none() && self.parens.is_empty() {
                        self.push(Tok::Error("unexpected EOF while parsing"), start, line);
                        self.push(Tok::End, self.pos, line);
                        return Ok(());
                    }
                }
                '0'..='9' => {
                    self.at_line_start = false;
                    self.number(start)?
                }
                '.' if matches!(self.peek_at(1), Some('0'..='9')) => {
                    self.at_line_start = false;
                    self.number(start)?
                }
                '\'' | '"' => {
                    self.at_line_start = false;
                    self.string(start, start)?
                }
                c if is_id_start(c) => {
                    self.at_line_start = false;
                    self.name_or_string(start)?
                }
                _ => {
                    self.at_line_start = false;
                    self.operator(start, c)?
                }
            }
        }
    }

    fn name_or_string(&mut self, start: usize) -> Result<(), PySyntaxError> {
        while let Some(c) = self.peek() {
            if is_id_char(c) {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
        let word = &self.src[start..self.pos];
        if matches!(self.peek(), Some('\'' | '"')) {
            let lower = word.to_ascii_lowercase();
            if matches!(
                lower.as_str(),
                "r" | "u" | "b" | "br" | "rb" | "f" | "fr" | "rf"
            ) {
                return self.string(start, self.pos);
            }
        }
        let line = self.line;
        self.push(Tok::Name(word.to_string()), start, line);
        Ok(())
    }

    fn operator(&mut self, start: usize, c: char) -> Result<(), PySyntaxError> {
        let rest = &self.src[self.pos..];
        let line = self.line;
        for op in OPS3 {
            if rest.starts_with(op) {
                self.pos += 3;
                self.push(Tok::Op(op), start, line);
                return Ok(());
            }
        }
        for op in OPS2 {
            if rest.starts_with(op) && !matches!(op, "<>" | "~=" | "!~") {
                self.pos += 2;
                self.push(Tok::Op(op), start, line);
                return Ok(());
            }
        }
        if let Some(i) = OPS1.find(c) {
            let op: &'static str = OPS1_STATIC.get(i).copied().unwrap_or("?");
            match c {
                '(' | '[' | '{' => {
                    self.parens.push((c, self.line, start));
                    self.pos += 1;
                    self.push(Tok::Op(op), start, line);
                    // Level of an opening bracket token counts itself as outside.
                    if let Some(t) = self.tokens.last_mut() {
                        t.level = self.parens.len() - 1;
                    }
                    return Ok(());
                }
                ')' | ']' | '}' => {
                    self.pos += 1;
                    let Some((open, open_line, _)) = self.parens.pop() else {
                        return Err(err(
                            format!("unmatched '{c}'"),
                            line,
                            Span::new(start, self.pos),
                        ));
                    };
                    let expected = match open {
                        '(' => ')',
                        '[' => ']',
                        _ => '}',
                    };
                    if c != expected {
                        let msg = if open_line != line {
                            format!(
                                "closing parenthesis '{c}' does not match opening parenthesis '{open}' on line {open_line}"
                            )
                        } else {
                            format!(
                                "closing parenthesis '{c}' does not match opening parenthesis '{open}'"
                            )
                        };
                        return Err(err(msg, line, Span::new(start, self.pos)));
                    }
                    self.push(Tok::Op(op), start, line);
                    return Ok(());
                }
                _ => {
                    self.pos += 1;
                    self.push(Tok::Op(op), start, line);
                    return Ok(());
                }
            }
        }
        if c == '!' {
            // A lone '!' is an ERRORTOKEN: generic invalid syntax.
            self.pos += 1;
            self.push(Tok::Op("!"), start, line);
            return Ok(());
        }
        self.pos += c.len_utf8();
        let span = Span::new(start, self.pos);
        if c.is_ascii() && !c.is_ascii_control() {
            // `$`, `?`, backquote: ERRORTOKEN → the parser says "invalid syntax".
            self.push(Tok::Op("?"), start, line);
            return Ok(());
        }
        if !crate::pyrepr::is_printable(c) {
            return Err(err(
                format!("invalid non-printable character U+{:04X}", c as u32),
                line,
                span,
            ));
        }
        Err(err(
            format!("invalid character '{c}' (U+{:04X})", c as u32),
            line,
            span,
        ))
    }

    fn number(&mut self, start: usize) -> Result<(), PySyntaxError> {
        let line = self.line;
        let bytes = self.src.as_bytes();
        let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
        let mut i = self.pos;
        let mk_err = |msg: &str, end: usize| err(msg.to_string(), line, Span::new(start, end));
        // Radix-prefixed integers.
        if at(i) == b'0' && matches!(at(i + 1), b'x' | b'X' | b'o' | b'O' | b'b' | b'B') {
            let (radix, name) = match at(i + 1) {
                b'x' | b'X' => (16, "hexadecimal"),
                b'o' | b'O' => (8, "octal"),
                _ => (2, "binary"),
            };
            i += 2;
            let mut digits = String::new();
            loop {
                let c = at(i);
                if c == b'_' {
                    i += 1;
                }
                let c = at(i);
                if (c as char).is_digit(radix) {
                    digits.push(c as char);
                    i += 1;
                    while (at(i) as char).is_digit(radix) {
                        digits.push(at(i) as char);
                        i += 1;
                    }
                    if at(i) != b'_' {
                        break;
                    }
                } else {
                    if radix < 10 && c.is_ascii_digit() {
                        return Err(mk_err(
                            &format!("invalid digit '{}' in {name} literal", c as char),
                            i + 1,
                        ));
                    }
                    return Err(mk_err(&format!("invalid {name} literal"), i));
                }
            }
            if radix < 10 && at(i).is_ascii_digit() {
                return Err(mk_err(
                    &format!("invalid digit '{}' in {name} literal", at(i) as char),
                    i + 1,
                ));
            }
            self.pos = i;
            self.end_of_number(start, name)?;
            self.push(Tok::Int(digits, radix), start, line);
            return Ok(());
        }
        // Decimal: digits with single underscores between them.
        let mut text = String::new();
        let read_digits = |i: &mut usize, text: &mut String| -> Result<(), PySyntaxError> {
            while at(*i).is_ascii_digit() {
                text.push(at(*i) as char);
                *i += 1;
                if at(*i) == b'_' {
                    if at(*i + 1).is_ascii_digit() {
                        *i += 1;
                    } else {
                        return Err(mk_err("invalid decimal literal", *i + 1));
                    }
                }
            }
            Ok(())
        };
        let mut is_float = false;
        read_digits(&mut i, &mut text)?;
        let int_part = text.clone();
        if at(i) == b'.' {
            is_float = true;
            text.push('.');
            i += 1;
            read_digits(&mut i, &mut text)?;
        }
        if matches!(at(i), b'e' | b'E') {
            let mut exp = String::from("e");
            let mut j = i + 1;
            if matches!(at(j), b'+' | b'-') {
                exp.push(at(j) as char);
                j += 1;
            }
            if at(j).is_ascii_digit() {
                read_digits(&mut j, &mut exp)?;
                text.push_str(&exp);
                is_float = true;
                i = j;
            } else {
                // `1e` / `1ex`: CPython reports an invalid decimal literal.
                return Err(mk_err("invalid decimal literal", j));
            }
        }
        if matches!(at(i), b'j' | b'J') {
            self.pos = i + 1;
            self.end_of_number(start, "imaginary")?;
            self.push(Tok::Imaginary, start, line);
            return Ok(());
        }
        self.pos = i;
        if !is_float
            && int_part.len() > 1
            && int_part.starts_with('0')
            && int_part.bytes().any(|b| b != b'0')
        {
            return Err(mk_err(
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                i,
            ));
        }
        self.end_of_number(start, "decimal")?;
        if is_float {
            self.push(Tok::Float(text), start, line);
        } else {
            self.push(Tok::Int(text, 10), start, line);
        }
        Ok(())
    }

    /// `verify_end_of_number`: a number directly followed by an identifier
    /// character is an error, except for the keywords CPython tolerates.
    fn end_of_number(&mut self, start: usize, kind: &str) -> Result<(), PySyntaxError> {
        let rest = &self.src[self.pos..];
        let Some(c) = rest.chars().next() else {
            return Ok(());
        };
        // CPython's `lookahead` wants the whole keyword, not followed by an
        // identifier character; `if`/`in`/`is` are only checked by two letters.
        let whole = |kw: &str| {
            rest.strip_prefix(kw)
                .is_some_and(|after| !after.chars().next().is_some_and(is_id_char))
        };
        let allowed = ["and", "else", "for", "or", "not"]
            .iter()
            .any(|kw| whole(kw))
            || ["if", "in", "is"].iter().any(|kw| rest.starts_with(kw));
        if allowed {
            return Ok(());
        }
        if is_id_char(c) {
            let span = Span::new(start, self.pos + c.len_utf8());
            if !c.is_ascii() {
                // A non-ASCII letter after a number: early 3.11 releases say
                // "invalid … literal", later ones let the parser report
                // "invalid syntax" (seen on 3.11.2 vs 3.11.7, 3.12, 3.13).
                if self.minor >= 12 {
                    return Ok(());
                }
                return Err(PySyntaxError::at_line(
                    "SyntaxError",
                    format!("invalid {kind} literal"),
                    self.line,
                    span,
                    false,
                ));
            }
            return Err(err(format!("invalid {kind} literal"), self.line, span));
        }
        Ok(())
    }

    /// `unterminated string literal` and its 3.13 hint about an escaped end quote.
    fn unterminated(&self, kind: &str, body: &str, line: usize) -> String {
        let escaped_quote = body.contains("\\'") || body.contains("\\\"");
        let hint = if self.minor >= 13 && escaped_quote {
            "; perhaps you escaped the end quote?"
        } else {
            ""
        };
        format!("unterminated {kind} literal (detected at line {line}){hint}")
    }

    fn string(&mut self, start: usize, quote_at: usize) -> Result<(), PySyntaxError> {
        let line = self.line;
        let prefix = self.src[start..quote_at].to_ascii_lowercase();
        let raw = prefix.contains('r');
        let bytes = prefix.contains('b');
        let fstring = prefix.contains('f');
        let rest = &self.src[quote_at..];
        let q = rest.chars().next().unwrap_or('\'');
        let triple = rest.starts_with(&format!("{q}{q}{q}"));
        let qlen = if triple { 3 } else { 1 };
        let body_start = quote_at + qlen;
        let kind = if fstring && self.minor >= 12 {
            "f-string"
        } else {
            "string"
        };
        let mut i = body_start;
        let src = self.src;
        let mut cur_line = line;
        loop {
            let Some(c) = src.get(i..).and_then(|s| s.chars().next()) else {
                let msg = if triple {
                    format!(
                        "unterminated triple-quoted {kind} literal (detected at line {cur_line})"
                    )
                } else {
                    self.unterminated(kind, &src[body_start..i], cur_line)
                };
                return Err(err(msg, line, Span::new(start, i)));
            };
            if c == q {
                if !triple || src[i..].starts_with(&format!("{q}{q}{q}")) {
                    let body = src[body_start..i].to_string();
                    self.pos = i + qlen;
                    self.line = cur_line;
                    self.push(
                        Tok::Str(StrPiece {
                            raw,
                            bytes,
                            fstring,
                            body_start,
                            body,
                        }),
                        start,
                        line,
                    );
                    return Ok(());
                }
                i += 1;
                continue;
            }
            if c == '\n' || c == '\r' {
                if !triple {
                    let msg = self.unterminated(kind, &src[body_start..i], cur_line);
                    return Err(err(msg, line, Span::new(start, i)));
                }
                cur_line += 1;
                if c == '\r' && src[i + 1..].starts_with('\n') {
                    i += 1;
                }
                i += 1;
                continue;
            }
            if c == '\\' {
                i += 1;
                match src.get(i..).and_then(|s| s.chars().next()) {
                    Some('\n') => {
                        cur_line += 1;
                        i += 1;
                    }
                    Some('\r') => {
                        cur_line += 1;
                        i += 1;
                        if src[i..].starts_with('\n') {
                            i += 1;
                        }
                    }
                    Some(c2) => i += c2.len_utf8(),
                    None => {}
                }
                continue;
            }
            i += c.len_utf8();
        }
    }
}

const OPS1_STATIC: [&str; 23] = [
    "%", "&", "(", ")", "*", "+", ",", "-", ".", "/", ":", ";", "<", "=", ">", "@", "[", "]", "^",
    "{", "|", "}", "~",
];

/// Decode a string literal body as CPython's string parser does.
///
/// Errors are CPython's `(unicode error) 'unicodeescape' codec can't decode
/// bytes in position a-b: ...` messages (positions count bytes of the body,
/// where a non-ASCII character counts as its 10-byte `\UXXXXXXXX` spelling).
pub(crate) fn decode_string(piece: &StrPiece) -> Result<StrValue, String> {
    if piece.fstring && (piece.body.contains('{') || piece.body.contains('}')) {
        return Ok(StrValue::NotStatic("f-string with replacement fields"));
    }
    if piece.bytes
        && let Some(c) = piece.body.chars().find(|c| !c.is_ascii())
    {
        let _ = c;
        return Err("bytes can only contain ASCII literal characters".to_string());
    }
    if piece.raw {
        let body = normalize_newlines(&piece.body);
        return Ok(if piece.bytes {
            StrValue::Bytes(body.into_bytes())
        } else {
            StrValue::Str(body)
        });
    }
    let chars: Vec<char> = piece.body.chars().collect();
    // Byte position of each char as CPython's decoder sees it.
    let mut positions = Vec::with_capacity(chars.len() + 1);
    let mut p = 0usize;
    let mut prev = ' ';
    for c in &chars {
        positions.push(p);
        // CPython rewrites non-ASCII as `\UXXXXXXXX` (10 bytes) and a
        // backslash right before one as `\u005c` (5 more bytes).
        p += if c.is_ascii() {
            1
        } else if prev == '\\' {
            15
        } else {
            10
        };
        prev = *c;
    }
    positions.push(p);
    let pos_of = |i: usize| positions.get(i).copied().unwrap_or(p);
    let mut out_str = String::new();
    let mut out_bytes: Vec<u8> = Vec::new();
    let push = |c: char, s: &mut String, b: &mut Vec<u8>| {
        s.push(c);
        let mut buf = [0u8; 4];
        b.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    };
    let mut i = 0;
    let mut not_static: Option<&'static str> = None;
    while i < chars.len() {
        let c = chars[i];
        if c == '\r' {
            // Universal newlines inside literals.
            push('\n', &mut out_str, &mut out_bytes);
            i += if chars.get(i + 1) == Some(&'\n') {
                2
            } else {
                1
            };
            continue;
        }
        if c != '\\' {
            push(c, &mut out_str, &mut out_bytes);
            i += 1;
            continue;
        }
        let start = i;
        let Some(&e) = chars.get(i + 1) else {
            return Err(escape_error(
                pos_of(start),
                pos_of(i + 1),
                "\\ at end of string",
            ));
        };
        i += 2;
        match e {
            '\n' => {}
            '\r' => {
                if chars.get(i) == Some(&'\n') {
                    i += 1;
                }
            }
            '\\' => push('\\', &mut out_str, &mut out_bytes),
            '\'' => push('\'', &mut out_str, &mut out_bytes),
            '"' => push('"', &mut out_str, &mut out_bytes),
            'a' => push('\x07', &mut out_str, &mut out_bytes),
            'b' => push('\x08', &mut out_str, &mut out_bytes),
            'f' => push('\x0c', &mut out_str, &mut out_bytes),
            'n' => push('\n', &mut out_str, &mut out_bytes),
            'r' => push('\r', &mut out_str, &mut out_bytes),
            't' => push('\t', &mut out_str, &mut out_bytes),
            'v' => push('\x0b', &mut out_str, &mut out_bytes),
            '0'..='7' => {
                let mut n = e as u32 - '0' as u32;
                for _ in 0..2 {
                    match chars.get(i) {
                        Some(&d @ '0'..='7') => {
                            n = n * 8 + (d as u32 - '0' as u32);
                            i += 1;
                        }
                        _ => break,
                    }
                }
                if piece.bytes {
                    out_bytes.push((n & 0xff) as u8);
                } else {
                    out_str.push(char::from_u32(n).unwrap_or('\u{fffd}'));
                }
            }
            'x' | 'u' | 'U' if !(piece.bytes && e != 'x') => {
                let (count, what) = match e {
                    'x' => (2, "truncated \\xXX escape"),
                    'u' => (4, "truncated \\uXXXX escape"),
                    _ => (8, "truncated \\UXXXXXXXX escape"),
                };
                let mut n: u32 = 0;
                for k in 0..count {
                    match chars.get(i).and_then(|d| d.to_digit(16)) {
                        Some(d) => {
                            n = n * 16 + d;
                            i += 1;
                        }
                        None => {
                            if piece.bytes {
                                return Err(format!(
                                    "(value error) invalid \\x escape at position {}",
                                    pos_of(start)
                                ));
                            }
                            let _ = k;
                            return Err(escape_error(pos_of(start), pos_of(i), what));
                        }
                    }
                }
                if piece.bytes {
                    out_bytes.push(n as u8);
                } else {
                    match char::from_u32(n) {
                        Some(ch) => out_str.push(ch),
                        None if n <= 0x10ffff => {
                            // A lone surrogate: Python keeps it; Rust strings cannot.
                            not_static = Some("string with a lone surrogate escape");
                        }
                        None => {
                            return Err(escape_error(
                                pos_of(start),
                                pos_of(i),
                                "illegal Unicode character",
                            ));
                        }
                    }
                }
            }
            'N' if !piece.bytes => {
                // Needs the Unicode name database; CPython validates the name.
                // Needs the Unicode name database to check the name itself.
                let malformed = || "malformed \\N character escape";
                if chars.get(i) != Some(&'{') {
                    return Err(escape_error(pos_of(start), pos_of(i), malformed()));
                }
                i += 1;
                let name_start = i;
                while i < chars.len() && chars.get(i) != Some(&'}') {
                    i += 1;
                }
                if i == name_start || i >= chars.len() {
                    return Err(escape_error(pos_of(start), pos_of(i), malformed()));
                }
                i += 1;
                not_static = Some("\\N{...} escape (Unicode character name)");
            }
            other => {
                // Invalid escape: kept as is (3.12+ warns with SyntaxWarning).
                out_str.push('\\');
                out_bytes.push(b'\\');
                push(other, &mut out_str, &mut out_bytes);
            }
        }
    }
    if let Some(reason) = not_static {
        return Ok(StrValue::NotStatic(reason));
    }
    Ok(if piece.bytes {
        StrValue::Bytes(out_bytes)
    } else {
        StrValue::Str(out_str)
    })
}

fn normalize_newlines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

fn escape_error(start: usize, end: usize, what: &str) -> String {
    if end <= start + 1 {
        format!(
            "(unicode error) 'unicodeescape' codec can't decode byte 0x5c in position {start}: {what}"
        )
    } else {
        format!(
            "(unicode error) 'unicodeescape' codec can't decode bytes in position {start}-{}: {what}",
            end - 1
        )
    }
}
