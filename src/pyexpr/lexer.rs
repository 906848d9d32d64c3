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
    Error(std::borrow::Cow<'static, str>),
    /// Indentation outside brackets: CPython's `IndentationError: unexpected
    /// indent` when the parser reaches it (`exact`: whether the line is sure).
    Indent { exact: bool },
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

/// What [`tokenize`] read.
pub(crate) struct Lexed {
    pub tokens: Vec<Token>,
    /// The innermost bracket left open at the end of the text.
    pub unclosed: Option<OpenBracket>,
    /// The innermost bracket open where a line-continuation error stopped
    /// tokenizing (CPython's full-source pass reports it as never closed).
    pub open_at_error: Option<OpenBracket>,
    /// A tokenizer error after an indented line: CPython's parser raises
    /// `unexpected indent` when it reaches the indent, and this error (its
    /// full-source pass) only when it fails before.
    pub error_after_indent: Option<PySyntaxError>,
}

/// Tokenize `src` (already stripped of leading blanks by the caller, as `eval` does).
pub(crate) fn tokenize(src: &str, minor: u32) -> Result<Lexed, PySyntaxError> {
    let mut lx = Lexer {
        src,
        pos: 0,
        line: 1,
        parens: Vec::new(),
        // about one token per two bytes in `args` texts: room for all of
        // them at once (a few reallocations per text otherwise)
        tokens: Vec::with_capacity((src.len() / 2 + 2).min(256)),
        at_line_start: true,
        minor,
        open_at_error: None,
    };
    let mut error_after_indent = None;
    if let Err(e) = lx.run() {
        if !lx.tokens.iter().any(|t| matches!(t.kind, Tok::Indent { .. })) {
            return Err(e);
        }
        error_after_indent = Some(e);
        let end = lx.pos.min(lx.src.len());
        lx.pos = end;
        lx.push(Tok::End, end, lx.line);
    }
    Ok(Lexed {
        unclosed: lx.parens.last().copied(),
        tokens: lx.tokens,
        open_at_error: lx.open_at_error,
        error_after_indent,
    })
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
    /// See [`Lexed::open_at_error`].
    open_at_error: Option<OpenBracket>,
}

fn err(msg: impl Into<String>, line: usize, span: Span) -> PySyntaxError {
    PySyntaxError::at_line("SyntaxError", msg, line, span, true)
}

/// Where the innermost bracket of an f-string field is that is still open
/// when the line of an unterminated single-quoted f-string `body` ends, if
/// the line ends inside a field's expression (not in its literal text or
/// format spec). `None` too when a quote or backslash in the expression
/// makes the answer depend on more of 3.12's tokenizer than this.
fn open_field_bracket(body: &str) -> Option<usize> {
    let line = &body.as_bytes()[..body.find('\n').unwrap_or(body.len())];
    let mut open: Vec<usize> = Vec::new();
    let mut in_spec = false;
    let mut i = 0;
    while let Some(&b) = line.get(i) {
        match (open.is_empty() || in_spec, b) {
            (true, b'{') if line.get(i + 1) == Some(&b'{') && open.is_empty() => i += 1,
            (true, b'{') => {
                open.push(i);
                in_spec = false;
            }
            (true, b'}') if in_spec => {
                open.pop();
                in_spec = false;
            }
            (true, _) => {}
            (false, b'(' | b'[' | b'{') => open.push(i),
            (false, b')' | b']' | b'}') => {
                open.pop();
            }
            (false, b':') if open.len() == 1 => in_spec = true,
            (false, b'\'' | b'"' | b'\\') => return None,
            (false, _) => {}
        }
        i += 1;
    }
    (!in_spec).then(|| open.last().copied()).flatten()
}

/// Whether `text` starts with three quotes `q`.
fn is_triple(text: &str, q: char) -> bool {
    let mut chars = text.chars();
    (0..3).all(|_| chars.next() == Some(q))
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
        // a byte count: tokens are short, and only strings span lines
        let breaks = self.src.as_bytes()[start..self.pos]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        let end_line = line + breaks;
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

    /// The tokenizer loop: one step per character class, as `tok_get` does.
    fn run(&mut self) -> Result<(), PySyntaxError> {
        loop {
            let Some(c) = self.peek() else {
                return self.end_of_input();
            };
            let start = self.pos;
            match c {
                ' ' | '\t' | '\x0c' => self.blank(),
                '\n' | '\r' => self.line_break(c, start),
                '#' => self.comment(),
                '\\' => {
                    if self.continuation(start) {
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

    /// End of the source: an indented blank last line is an error; otherwise
    /// the final NEWLINE (outside brackets) and the ENDMARKER.
    fn end_of_input(&mut self) -> Result<(), PySyntaxError> {
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
            let exact = !self.error_token_seen();
            self.push(Tok::Indent { exact }, start, self.line);
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
        Ok(())
    }

    /// A blank (space, tab, form feed); at the start of a line outside
    /// brackets, indentation before a token is `unexpected indent`.
    fn blank(&mut self) {
        if self.at_line_start && self.parens.is_empty() {
            // Indentation of a continuation line outside brackets.
            let rest = &self.src[self.pos..];
            let trimmed = rest.trim_start_matches([' ', '\t', '\x0c']);
            let next = trimmed.chars().next();
            if !matches!(next, None | Some('\n' | '\r' | '#' | '\\')) {
                let at = self.src.len() - trimmed.len();
                self.tokens.push(Token {
                    kind: Tok::Indent { exact: false },
                    span: Span::new(at, at + 1),
                    line: self.line,
                    level: 0,
                    end_line: self.line,
                });
                self.pos = at;
                self.at_line_start = false;
                return;
            }
        }
        self.pos += 1;
    }

    /// A line break (`\n`, `\r`, `\r\n`): a NEWLINE token when it ends a
    /// logical line (outside brackets, after a token).
    fn line_break(&mut self, c: char, start: usize) {
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

    /// A comment, up to (not including) the line break.
    fn comment(&mut self) {
        while let Some(c) = self.peek() {
            if c == '\n' || c == '\r' {
                break;
            }
            self.pos += c.len_utf8();
        }
    }

    /// A backslash line continuation. Returns true when tokenizing stops
    /// here (an error token and the end marker were pushed).
    fn continuation(&mut self, start: usize) -> bool {
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
                    Tok::Error("unexpected character after line continuation character".into()),
                    start,
                    line,
                );
                self.open_at_error = self.parens.last().copied();
                self.parens.clear();
                self.push(Tok::End, self.pos, line);
                return true;
            }
        }
        // A continuation with nothing after it, outside brackets
        // (inside them, the unclosed bracket is reported instead).
        if self.peek().is_none() && self.parens.is_empty() {
            self.push(Tok::Error("unexpected EOF while parsing".into()), start, line);
            self.push(Tok::End, self.pos, line);
            return true;
        }
        false
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

    /// An operator or delimiter, longest match first (three, two, one
    /// character), else an error token or an invalid character.
    fn operator(&mut self, start: usize, c: char) -> Result<(), PySyntaxError> {
        let rest = &self.src[self.pos..];
        let line = self.line;
        // the first byte rules out nearly every operator without a `memcmp`
        let first = rest.as_bytes().first().copied();
        let starts = |op: &str| first == op.as_bytes().first().copied() && rest.starts_with(op);
        for op in OPS3 {
            if starts(op) {
                self.pos += 3;
                self.push(Tok::Op(op), start, line);
                return Ok(());
            }
        }
        for op in OPS2 {
            if starts(op) && !matches!(op, "<>" | "~=" | "!~") {
                self.pos += 2;
                self.push(Tok::Op(op), start, line);
                return Ok(());
            }
        }
        if let Some(i) = OPS1.bytes().position(|b| char::from(b) == c) {
            let op: &'static str = OPS1_STATIC.get(i).copied().unwrap_or("?");
            match c {
                '(' | '[' | '{' => return self.open_bracket(c, op, start),
                ')' | ']' | '}' => return self.close_bracket(c, op, start),
                _ => {
                    self.pos += 1;
                    self.push(Tok::Op(op), start, line);
                }
            }
            return Ok(());
        }
        self.stray_character(start, c)
    }

    /// An opening bracket: remembered for matching and for `level`. CPython
    /// 3.9+'s tokenizer refuses the 201st level (`MAXLEVEL`); 3.8's parser
    /// runs out of stack long before (see `parser::PY38_SAFE_BRACKETS`).
    fn open_bracket(&mut self, c: char, op: &'static str, start: usize) -> Result<(), PySyntaxError> {
        const MAX_LEVEL: usize = 200;
        let line = self.line;
        if self.minor >= 9 && self.parens.len() >= MAX_LEVEL {
            return Err(err(
                "too many nested parentheses",
                line,
                Span::new(start, start + 1),
            ));
        }
        self.parens.push((c, self.line, start));
        self.pos += 1;
        self.push(Tok::Op(op), start, line);
        // Level of an opening bracket token counts itself as outside.
        if let Some(t) = self.tokens.last_mut() {
            t.level = self.parens.len() - 1;
        }
        Ok(())
    }

    /// A closing bracket: `unmatched` or `does not match` errors as CPython words them.
    fn close_bracket(
        &mut self,
        c: char,
        op: &'static str,
        start: usize,
    ) -> Result<(), PySyntaxError> {
        let line = self.line;
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
                format!("closing parenthesis '{c}' does not match opening parenthesis '{open}'")
            };
            return Err(err(msg, line, Span::new(start, self.pos)));
        }
        self.push(Tok::Op(op), start, line);
        Ok(())
    }

    /// A character that starts no token: printable ASCII is an ERRORTOKEN
    /// (the parser's "invalid syntax"), anything else a tokenizer error.
    fn stray_character(&mut self, start: usize, c: char) -> Result<(), PySyntaxError> {
        let line = self.line;
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

    /// A number literal: radix-prefixed integer, or decimal integer, float
    /// or imaginary.
    fn number(&mut self, start: usize) -> Result<(), PySyntaxError> {
        let bytes = self.src.as_bytes();
        let i = self.pos;
        if bytes.get(i) == Some(&b'0')
            && matches!(
                bytes.get(i + 1),
                Some(b'x' | b'X' | b'o' | b'O' | b'b' | b'B')
            )
        {
            return self.radix_number(start);
        }
        self.decimal_number(start)
    }

    /// `0x…`, `0o…`, `0b…` with single underscores between digits.
    fn radix_number(&mut self, start: usize) -> Result<(), PySyntaxError> {
        let line = self.line;
        let bytes = self.src.as_bytes();
        let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
        let mk_err = |msg: &str, end: usize| err(msg.to_string(), line, Span::new(start, end));
        let mut i = self.pos;
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
        Ok(())
    }

    /// Decimal digits with single underscores between them, appended to
    /// `text` from `*i` on.
    fn decimal_digits(
        &self,
        start: usize,
        i: &mut usize,
        text: &mut String,
    ) -> Result<(), PySyntaxError> {
        let bytes = self.src.as_bytes();
        let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
        while at(*i).is_ascii_digit() {
            text.push(at(*i) as char);
            *i += 1;
            if at(*i) == b'_' {
                if at(*i + 1).is_ascii_digit() {
                    *i += 1;
                } else {
                    let span = Span::new(start, *i + 1);
                    return Err(err("invalid decimal literal", self.line, span));
                }
            }
        }
        Ok(())
    }

    /// A decimal integer, float (fraction and/or exponent) or imaginary literal.
    fn decimal_number(&mut self, start: usize) -> Result<(), PySyntaxError> {
        let line = self.line;
        let bytes = self.src.as_bytes();
        let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
        let mk_err = |msg: &str, end: usize| err(msg.to_string(), line, Span::new(start, end));
        let mut i = self.pos;
        let mut text = String::new();
        let mut is_float = false;
        self.decimal_digits(start, &mut i, &mut text)?;
        let int_part = text.clone();
        if at(i) == b'.' {
            is_float = true;
            text.push('.');
            i += 1;
            self.decimal_digits(start, &mut i, &mut text)?;
        }
        if matches!(at(i), b'e' | b'E') {
            let mut exp = String::from("e");
            let mut j = i + 1;
            if matches!(at(j), b'+' | b'-') {
                exp.push(at(j) as char);
                j += 1;
            }
            if !at(j).is_ascii_digit() {
                // `1e` / `1ex`: CPython reports an invalid decimal literal.
                return Err(mk_err("invalid decimal literal", j));
            }
            self.decimal_digits(start, &mut j, &mut exp)?;
            text.push_str(&exp);
            is_float = true;
            i = j;
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
        let kind = if is_float {
            Tok::Float(text)
        } else {
            Tok::Int(text, 10)
        };
        self.push(kind, start, line);
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

    /// `unterminated string literal` and its 3.13 hint about an escaped end
    /// quote: a backslash before the string's own quote `q`.
    fn unterminated(&self, kind: &str, body: &str, q: char, line: usize) -> String {
        let mut chars = body.chars();
        let mut escaped_quote = false;
        while let Some(c) = chars.next() {
            if c == '\\' {
                escaped_quote |= chars.next() == Some(q);
            }
        }
        let hint = if self.minor >= 13 && escaped_quote {
            "; perhaps you escaped the end quote?"
        } else {
            ""
        };
        format!("unterminated {kind} literal (detected at line {line}){hint}")
    }

    /// 3.12+ tokenizes an f-string lazily: an unterminated one is an error
    /// only if the parser gets that far (`1 2 f'abc` is `invalid syntax`),
    /// and its message is about the field's expression when the line ends
    /// inside one (`f'{a` leaves `'{' was never closed`). Tokenizing stops
    /// there, with the error as the last token.
    fn unterminated_fstring(&mut self, unterminated: PySyntaxError, body_start: usize, line: usize) {
        let open = open_field_bracket(&self.src[body_start..]).map(|at| body_start + at);
        let (message, span) = match open {
            Some(at) => (
                format!("'{}' was never closed", char::from(self.src.as_bytes()[at])),
                Span::new(at, at + 1),
            ),
            None => {
                let full = &unterminated.exception.message;
                let message = full.rfind(" (<string>, line").map_or(full.as_str(), |cut| &full[..cut]);
                (message.to_string(), unterminated.span)
            }
        };
        self.tokens.push(Token {
            kind: Tok::Error(message.into()),
            span,
            line,
            level: self.parens.len(),
            end_line: line,
        });
        self.parens.clear();
        self.pos = self.src.len();
    }

    /// A string literal: prefix flags, then the body up to the closing
    /// quote(s); the body is decoded later by the parser, as CPython does.
    fn string(&mut self, start: usize, quote_at: usize) -> Result<(), PySyntaxError> {
        let line = self.line;
        // the prefix (`r`, `b`, `f`, any case) and the quotes are ASCII:
        // looked at byte by byte, without a string or a searcher
        let prefix = &self.src.as_bytes()[start..quote_at];
        let has = |flag: u8| prefix.iter().any(|b| b.to_ascii_lowercase() == flag);
        let (raw, bytes, fstring) = (has(b'r'), has(b'b'), has(b'f'));
        let rest = &self.src[quote_at..];
        let q = rest.chars().next().unwrap_or('\'');
        let triple = is_triple(rest, q);
        let qlen = if triple { 3 } else { 1 };
        let body_start = quote_at + qlen;
        let kind = if fstring && self.minor >= 12 {
            "f-string"
        } else {
            "string"
        };
        let (end, end_line) = match self.string_body(start, body_start, q, triple, kind) {
            Err(unterminated) if fstring && !triple && self.minor >= 12 => {
                self.unterminated_fstring(unterminated, body_start, line);
                return Ok(());
            }
            other => other?,
        };
        let body = self.src[body_start..end].to_string();
        self.pos = end + qlen;
        self.line = end_line;
        let piece = StrPiece {
            raw,
            bytes,
            fstring,
            body_start,
            body,
        };
        self.push(Tok::Str(piece), start, line);
        Ok(())
    }

    /// Scan a string body from `body_start` for its closing quote `q`
    /// (tripled if `triple`). Returns the body's end and the line there, or
    /// CPython's `unterminated … literal` error.
    fn string_body(
        &self,
        start: usize,
        body_start: usize,
        q: char,
        triple: bool,
        kind: &str,
    ) -> Result<(usize, usize), PySyntaxError> {
        let line = self.line;
        let src = self.src;
        let mut i = body_start;
        let mut cur_line = line;
        loop {
            let Some(c) = src.get(i..).and_then(|s| s.chars().next()) else {
                // A line break that ends the input starts no new line for
                // CPython's tokenizer: a quote, `a`, a backslash, a newline, EOF is line 1.
                if cur_line > line && src[..i].ends_with(['\n', '\r']) {
                    cur_line -= 1;
                }
                let msg = if triple {
                    format!(
                        "unterminated triple-quoted {kind} literal (detected at line {cur_line})"
                    )
                } else {
                    self.unterminated(kind, &src[body_start..i], q, cur_line)
                };
                return Err(err(msg, line, Span::new(start, i)));
            };
            if c == q {
                if !triple || is_triple(&src[i..], q) {
                    return Ok((i, cur_line));
                }
                i += 1;
                continue;
            }
            if c == '\n' || c == '\r' {
                if !triple {
                    let msg = self.unterminated(kind, &src[body_start..i], q, cur_line);
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
                i = self.skip_escaped(i + 1, &mut cur_line);
                continue;
            }
            i += c.len_utf8();
        }
    }

    /// Skip the character after a backslash at `i` in a string body (a line
    /// break there continues the literal on the next line).
    fn skip_escaped(&self, mut i: usize, cur_line: &mut usize) -> usize {
        let src = self.src;
        match src.get(i..).and_then(|s| s.chars().next()) {
            Some('\n') => {
                *cur_line += 1;
                i += 1;
            }
            Some('\r') => {
                *cur_line += 1;
                i += 1;
                if src[i..].starts_with('\n') {
                    i += 1;
                }
            }
            Some(c2) => i += c2.len_utf8(),
            None => {}
        }
        i
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
    if let Some(value) = decode_without_escapes(piece)? {
        return Ok(value);
    }
    let chars: Vec<char> = piece.body.chars().collect();
    let positions = decoder_positions(&chars);
    let mut d = EscapeDecoder {
        bytes: piece.bytes,
        chars,
        positions,
        i: 0,
        out_str: String::new(),
        out_bytes: Vec::new(),
        not_static: None,
    };
    d.decode()?;
    if let Some(reason) = d.not_static {
        return Ok(StrValue::NotStatic(reason));
    }
    Ok(if piece.bytes {
        StrValue::Bytes(d.out_bytes)
    } else {
        StrValue::Str(d.out_str)
    })
}

/// The literals whose value needs no escape decoding: f-strings with fields
/// (not static), bytes with non-ASCII characters (an error), raw literals
/// and literals with neither a backslash nor a carriage return.
fn decode_without_escapes(piece: &StrPiece) -> Result<Option<StrValue>, String> {
    if piece.fstring && (piece.body.contains('{') || piece.body.contains('}')) {
        return Ok(Some(StrValue::NotStatic(
            "f-string with replacement fields",
        )));
    }
    if piece.bytes && !piece.body.is_ascii() {
        return Err("bytes can only contain ASCII literal characters".to_string());
    }
    // No escape and no carriage return: the value is the body as written
    // (the common case, `'app.log'`), with no per-character decoding.
    if piece.raw || !piece.body.contains(['\\', '\r']) {
        let body = normalize_newlines(&piece.body);
        return Ok(Some(if piece.bytes {
            StrValue::Bytes(body.into_bytes())
        } else {
            StrValue::Str(body)
        }));
    }
    Ok(None)
}

/// Byte position of each char (and of the end) as CPython's decoder sees it:
/// it rewrites non-ASCII as `\UXXXXXXXX` (10 bytes) and a backslash right
/// before one as `\u005c` (5 more bytes).
fn decoder_positions(chars: &[char]) -> Vec<usize> {
    let mut positions = Vec::with_capacity(chars.len() + 1);
    let mut p = 0usize;
    let mut prev = ' ';
    for c in chars {
        positions.push(p);
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
    positions
}

/// State of `_PyUnicode_DecodeUnicodeEscapeInternal` / `_PyBytes_DecodeEscape`
/// over a non-raw literal body; builds the str and bytes values side by side.
struct EscapeDecoder {
    bytes: bool,
    chars: Vec<char>,
    /// From [`decoder_positions`]: one more entry than `chars`.
    positions: Vec<usize>,
    i: usize,
    out_str: String,
    out_bytes: Vec<u8>,
    not_static: Option<&'static str>,
}

impl EscapeDecoder {
    /// CPython's byte position of char `i` (the end position past the last).
    fn pos_of(&self, i: usize) -> usize {
        let end = self.positions.last().copied().unwrap_or(0);
        self.positions.get(i).copied().unwrap_or(end)
    }

    fn push(&mut self, c: char) {
        self.out_str.push(c);
        let mut buf = [0u8; 4];
        self.out_bytes
            .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }

    /// The main loop: plain characters, universal newlines, then escapes.
    fn decode(&mut self) -> Result<(), String> {
        while let Some(&c) = self.chars.get(self.i) {
            if c == '\r' {
                // Universal newlines inside literals.
                self.push('\n');
                self.i += if self.chars.get(self.i + 1) == Some(&'\n') {
                    2
                } else {
                    1
                };
                continue;
            }
            if c != '\\' {
                self.push(c);
                self.i += 1;
                continue;
            }
            self.escape()?;
        }
        Ok(())
    }

    /// One backslash escape, at `self.i`, dispatched by its kind.
    fn escape(&mut self) -> Result<(), String> {
        let start = self.i;
        let Some(&e) = self.chars.get(start + 1) else {
            return Err(escape_error(
                self.pos_of(start),
                self.pos_of(start + 1),
                "\\ at end of string",
            ));
        };
        self.i += 2;
        match e {
            '\n' => {}
            '\r' => {
                if self.chars.get(self.i) == Some(&'\n') {
                    self.i += 1;
                }
            }
            '\\' | '\'' | '"' => self.push(e),
            'a' => self.push('\x07'),
            'b' => self.push('\x08'),
            'f' => self.push('\x0c'),
            'n' => self.push('\n'),
            'r' => self.push('\r'),
            't' => self.push('\t'),
            'v' => self.push('\x0b'),
            '0'..='7' => self.octal_escape(e),
            'x' | 'u' | 'U' if !(self.bytes && e != 'x') => self.hex_escape(e, start)?,
            'N' if !self.bytes => self.named_escape(start)?,
            other => {
                // Invalid escape: kept as is (3.12+ warns with SyntaxWarning).
                self.out_str.push('\\');
                self.out_bytes.push(b'\\');
                self.push(other);
            }
        }
        Ok(())
    }

    /// `\ooo`: up to three octal digits, the first already read as `first`.
    fn octal_escape(&mut self, first: char) {
        let mut n = first as u32 - '0' as u32;
        for _ in 0..2 {
            match self.chars.get(self.i) {
                Some(&d @ '0'..='7') => {
                    n = n * 8 + (d as u32 - '0' as u32);
                    self.i += 1;
                }
                _ => break,
            }
        }
        if self.bytes {
            self.out_bytes.push((n & 0xff) as u8);
        } else {
            self.out_str.push(char::from_u32(n).unwrap_or('\u{fffd}'));
        }
    }

    /// `\xXX`, `\uXXXX`, `\UXXXXXXXX` (only `\x` in bytes); `start` is the backslash.
    fn hex_escape(&mut self, e: char, start: usize) -> Result<(), String> {
        let (count, what) = match e {
            'x' => (2, "truncated \\xXX escape"),
            'u' => (4, "truncated \\uXXXX escape"),
            _ => (8, "truncated \\UXXXXXXXX escape"),
        };
        let mut n: u32 = 0;
        for _ in 0..count {
            let Some(d) = self.chars.get(self.i).and_then(|d| d.to_digit(16)) else {
                if self.bytes {
                    return Err(format!(
                        "(value error) invalid \\x escape at position {}",
                        self.pos_of(start)
                    ));
                }
                return Err(escape_error(self.pos_of(start), self.pos_of(self.i), what));
            };
            n = n * 16 + d;
            self.i += 1;
        }
        if self.bytes {
            self.out_bytes.push(n as u8);
            return Ok(());
        }
        match char::from_u32(n) {
            Some(ch) => self.out_str.push(ch),
            None if n <= 0x10ffff => {
                // A lone surrogate: Python keeps it; Rust strings cannot.
                self.not_static = Some("string with a lone surrogate escape");
            }
            None => {
                return Err(escape_error(
                    self.pos_of(start),
                    self.pos_of(self.i),
                    "illegal Unicode character",
                ));
            }
        }
        Ok(())
    }

    /// `\N{name}`: only its shape is checked (CPython validates the name
    /// against the Unicode name database), and the value is not static.
    fn named_escape(&mut self, start: usize) -> Result<(), String> {
        let malformed = "malformed \\N character escape";
        if self.chars.get(self.i) != Some(&'{') {
            return Err(escape_error(
                self.pos_of(start),
                self.pos_of(self.i),
                malformed,
            ));
        }
        self.i += 1;
        let name_start = self.i;
        while self.i < self.chars.len() && self.chars.get(self.i) != Some(&'}') {
            self.i += 1;
        }
        if self.i == name_start || self.i >= self.chars.len() {
            return Err(escape_error(
                self.pos_of(start),
                self.pos_of(self.i),
                malformed,
            ));
        }
        // a Unicode character name has only letters, digits, spaces and
        // hyphens: anything else is no name in CPython's database either
        let named = |c: &char| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-');
        if !self.chars[name_start..self.i].iter().all(named) {
            return Err(escape_error(
                self.pos_of(start),
                self.pos_of(self.i + 1),
                "unknown Unicode character name",
            ));
        }
        self.i += 1;
        self.not_static = Some("\\N{...} escape (Unicode character name)");
        Ok(())
    }
}

fn normalize_newlines(s: &str) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    }
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
