//! Recursive-descent parser for Python's expression grammar (eval mode).
//!
//! Covers the whole expression grammar closely enough to tell valid Python
//! (which becomes a node, possibly [`ExprKind::NotStatic`]) from syntax errors,
//! and builds evaluable nodes for the pure subset.

use super::arguments::{self, ArgKind, CallArg};
use super::lexer::{Lexed, Tok, Token, decode_string, tokenize};
use super::{BinOp, Expr, ExprKind, FStringPart, MAX_DEPTH, PySyntaxError, StrValue, UnaryOp};
use crate::pyvalue::PyValue;
use crate::source::Span;

const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

fn is_keyword(s: &str) -> bool {
    // most names are not keywords and differ in their first byte or length
    KEYWORDS
        .iter()
        .any(|k| k.len() == s.len() && k.as_bytes()[0] == s.as_bytes()[0] && *k == s)
}

/// `a == b` for operator and keyword texts, without a call to `memcmp` when
/// the first bytes differ (nearly every comparison the parser makes).
fn same_op(a: &str, b: &str) -> bool {
    a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// The number of binary operator precedence levels ([`binary_level`]).
const BINARY_LEVELS: usize = 6;

/// The precedence level of binary operator `op`, loosest first:
/// `|`, `^`, `&`, `<<`/`>>`, `+`/`-`, then `*`, `/`, `//`, `%`, `@`.
fn binary_level(op: &str) -> Option<usize> {
    match op {
        "|" => Some(0),
        "^" => Some(1),
        "&" => Some(2),
        "<<" | ">>" => Some(3),
        "+" | "-" => Some(4),
        "*" | "/" | "//" | "%" | "@" => Some(5),
        _ => None,
    }
}

/// Parse `src` as `eval` does (leading spaces and tabs are ignored), with the
/// default Python version's error messages.
pub fn parse(src: &str) -> Result<Expr, PySyntaxError> {
    parse_for(src, crate::version::PyVersion::DEFAULT)
}

/// [`parse`] with the syntax-error wording of `version` (3.12 f-strings, 3.13 hints).
///
/// Text nested deeper than [`MAX_DEPTH`] comes back as one
/// [`ExprKind::NotStatic`] node: [`with_parsed`] is the way to evaluate it.
pub fn parse_for(src: &str, version: crate::version::PyVersion) -> Result<Expr, PySyntaxError> {
    match parse_limited(version, src, MAX_DEPTH) {
        Limited::Parsed(parsed) => parsed,
        Limited::TooDeep => Ok(too_deep(src)),
    }
}

/// Parses `src` as [`parse_for`] does and hands the outcome to `use_parsed`.
///
/// A shallow text (the usual case) is parsed and used on the calling thread.
/// A deeper one — CPython accepts 200 nested brackets — is parsed, used and
/// dropped on a thread with [`super::DEEP_STACK_BYTES`] of stack, up to
/// [`super::deep_depth`] levels; what nests deeper still, or cannot get a
/// thread, is used as one [`ExprKind::NotStatic`] node.
pub fn with_parsed<R: Send>(
    src: &str,
    version: crate::version::PyVersion,
    use_parsed: impl Fn(Result<&Expr, &PySyntaxError>) -> R + Sync,
) -> R {
    let deep = match parse_limited(version, src, MAX_DEPTH) {
        Limited::Parsed(parsed) => return use_parsed(parsed.as_ref()),
        Limited::TooDeep => std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name("logcheck-deep-expression".into())
                .stack_size(super::DEEP_STACK_BYTES)
                .spawn_scoped(scope, || {
                    match parse_limited(version, src, super::deep_depth(version.minor)) {
                        Limited::Parsed(parsed) => use_parsed(parsed.as_ref()),
                        Limited::TooDeep => use_parsed(Ok(&too_deep(src))),
                    }
                })
                .ok()
                .map(|thread| thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        }),
    };
    deep.unwrap_or_else(|| use_parsed(Ok(&too_deep(src))))
}

/// The whole of `src` as an expression logcheck does not evaluate.
fn too_deep(src: &str) -> Expr {
    let offset = src.len() - src.trim_start_matches([' ', '\t']).len();
    Expr {
        kind: ExprKind::BeyondLimits("nested more deeply than logcheck evaluates"),
        span: Span::new(offset, src.len()),
    }
}

/// A parse within a nesting limit.
enum Limited {
    /// Parsed (or failed as CPython fails) within the limit.
    Parsed(Result<Expr, PySyntaxError>),
    /// The text nests deeper than the limit somewhere the parser went.
    TooDeep,
}

/// 3.8's LL(1) parser has a stack of 1,500 entries, about fifteen per
/// bracket: 99 nested parentheses parse, 100 raise `MemoryError`. Below
/// this many its answer does not depend on the stack.
const PY38_SAFE_BRACKETS: usize = 50;

/// The tokenizer's error at the 201st nested bracket (3.9+).
const TOO_MANY_BRACKETS: &str = "too many nested parentheses";

/// Whether `text` holds nothing but brackets, numbers, commas and colons.
/// CPython's parser nests about 30 levels per bracket and stops at 6,000,
/// so anything more per bracket (`[-[-…`, `[2**[…`) overflows it with a
/// `MemoryError` before its tokenizer meets the 201st bracket: then which
/// error comes first is not modelled.
fn plain_nesting(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_digit() || b" \t\r\n()[]{},:".contains(&b))
}

/// [`parse_within`], with the messages of versions before
/// [`super::OLDEST_EXACT_SYNTAX_MINOR`] marked approximate: 3.8–3.10 word
/// many tokenizer and parser errors differently (`EOL while scanning string
/// literal`); the kind of error is right, its message may not be.
fn parse_limited(version: crate::version::PyVersion, src: &str, limit: usize) -> Limited {
    match parse_within(version, src, limit) {
        Limited::Parsed(Err(e)) if version.minor < super::OLDEST_EXACT_SYNTAX_MINOR => {
            Limited::Parsed(Err(PySyntaxError {
                exact_message: false,
                ..e
            }))
        }
        other => other,
    }
}

/// Parses `src` as `eval` would under `version`, within `limit` nesting levels.
fn parse_within(version: crate::version::PyVersion, src: &str, limit: usize) -> Limited {
    if src.as_bytes().contains(&0) {
        return Limited::Parsed(Err(PySyntaxError {
            exception: crate::diagnostic::PyException::new(
                "SyntaxError",
                "source code string cannot contain null bytes",
            ),
            span: Span::new(0, src.len()),
            exact_message: true,
        }));
    }
    let offset = src.len() - src.trim_start_matches([' ', '\t']).len();
    let body = &src[offset..];
    let lexed = match tokenize_at(body, offset, version.minor) {
        Ok(lexed) => lexed,
        Err(e) if e.exception.message.starts_with(TOO_MANY_BRACKETS) => {
            let before = body.get(..e.span.start).unwrap_or(body);
            return Limited::Parsed(if version.minor >= 9 && plain_nesting(before) {
                Err(e)
            } else {
                Ok(too_deep(src))
            });
        }
        Err(e) => return Limited::Parsed(Err(e)),
    };
    let tokens = &lexed.tokens;
    if body.is_empty() {
        return Limited::Parsed(Err(PySyntaxError::at_line(
            "SyntaxError",
            "invalid syntax",
            0,
            Span::new(offset, offset),
            true,
        )));
    }
    if version.minor <= 8 && tokens.iter().any(|t| t.level >= PY38_SAFE_BRACKETS) {
        return Limited::Parsed(Ok(too_deep(src)));
    }
    let mut p = Parser::new(tokens, 0, limit, version.minor);
    let parsed = p.parse_eval_input().and_then(|e| match p.compile_error.take() {
        Some((_, fail)) => Err(fail),
        None => Ok(e),
    });
    if p.too_deep {
        return Limited::TooDeep;
    }
    match parsed {
        Ok(e) => Limited::Parsed(Ok(e)),
        Err(fail) => match syntax_error(fail, &lexed, offset, version.minor, limit) {
            Some(e) => Limited::Parsed(Err(e)),
            None => Limited::TooDeep,
        },
    }
}

/// Tokenize `body` (the source after its leading blanks) with the spans
/// shifted by `offset` back into the source.
fn tokenize_at(body: &str, offset: usize, minor: u32) -> Result<Lexed, PySyntaxError> {
    let mut lexed = tokenize(body, minor)?;
    for t in &mut lexed.tokens {
        t.span = Span::new(t.span.start + offset, t.span.end + offset);
        if let Tok::Str(piece) = &mut t.kind {
            piece.body_start += offset;
        }
    }
    Ok(lexed)
}

/// The line CPython reports a string literal that does not decode on (the
/// literal is token `i`), and whether that line is exact.
fn decode_error_line(tokens: &[Token], i: usize, minor: u32) -> (usize, bool) {
    let Some(t) = tokens.get(i).or(tokens.last()) else {
        return (1, false);
    };
    if minor <= 11 {
        // 3.11 decodes after reading the whole run of literals and the
        // token after it, and reports that token's line.
        let after = tokens
            .iter()
            .skip(i)
            .find(|t| !matches!(t.kind, Tok::Str(_)))
            .or(tokens.last());
        (after.map_or(t.end_line, |a| a.line), true)
    } else if !matches!(&t.kind, Tok::Str(piece) if piece.fstring) {
        // 3.12+ reports the literal's first line.
        (t.line, true)
    } else {
        // 3.12+ f-strings: the line of the literal part holding the
        // escape; exact when the f-string is on one line.
        (t.end_line, t.line == t.end_line)
    }
}

/// A literal that does not decode, when tokenizing stopped later at a
/// line-continuation error inside a bracket opened on an earlier line:
/// CPython's full-source pass (`_PyPegen_tokenize_full_source_to_check_for_errors`)
/// then reports the bracket as never closed instead.
fn decode_error_behind_bracket(
    fail: &Fail,
    lexed: &Lexed,
    offset: usize,
    minor: u32,
) -> Option<PySyntaxError> {
    let (Fail::Decode(i, _), Some((c, bracket_line, at))) = (fail, lexed.open_at_error) else {
        return None;
    };
    let (line, exact) = decode_error_line(&lexed.tokens, *i, minor);
    (exact && line > bracket_line).then(|| {
        PySyntaxError::at_line(
            "SyntaxError",
            format!("'{c}' was never closed"),
            bracket_line,
            Span::new(at + offset, at + offset + 1),
            true,
        )
    })
}

/// The error CPython reports for a parse that failed with `fail`: an
/// unclosed bracket first, then a more specific message its second pass
/// finds from the failing token, else the failure itself.
fn syntax_error(
    fail: Fail,
    lexed: &Lexed,
    offset: usize,
    minor: u32,
    limit: usize,
) -> Option<PySyntaxError> {
    let tokens = &lexed.tokens;
    if matches!(fail, Fail::TooDeep(_)) {
        return None;
    }
    let at_indent = matches!(&fail, Fail::At(i) if matches!(tokens.get(*i).map(|t| &t.kind), Some(Tok::Indent { .. })));
    if let Some(error) = lexed.error_after_indent.clone().filter(|_| !at_indent) {
        return Some(error);
    }
    if let Some(error) = decode_error_behind_bracket(&fail, lexed, offset, minor) {
        return Some(error);
    }
    // The parser stopping at an indented line raises IndentationError
    // before any bracket check.
    if let Some((c, line, at)) = lexed.unclosed.filter(|_| !at_indent) {
        // Reported when CPython's parser looked ahead to the end of
        // the text; exact only when ours stopped there too.
        let fail_at = match &fail {
            Fail::At(i) | Fail::Msg(i, ..) | Fail::TooDeep(i) | Fail::Decode(i, _) => *i,
        };
        let at_end = matches!(tokens.get(fail_at).map(|t| &t.kind), Some(Tok::End) | None);
        let error_token = matches!(tokens.get(fail_at).map(|t| &t.kind), Some(Tok::Error(_)));
        if !error_token && minor < 10 {
            // Before 3.10 the parser only says it met the end of the text.
            let end_line = tokens.last().map_or(line, |t| t.line);
            let end = tokens.last().map_or(at + offset, |t| t.span.end);
            return Some(PySyntaxError::at_line(
                "SyntaxError",
                "unexpected EOF while parsing",
                end_line,
                Span::new(end, end),
                at_end,
            ));
        }
        if !error_token {
            return Some(PySyntaxError::at_line(
                "SyntaxError",
                format!("'{c}' was never closed"),
                line,
                Span::new(at + offset, at + offset + 1),
                at_end,
            ));
        }
    }
    // CPython's error pass parses on from the failing token and may
    // report a more specific message found there.
    if let Fail::At(i) = fail {
        let mut again = Parser::new(tokens, i, limit, minor);
        let found = again.expression();
        if again.too_deep {
            return None;
        }
        if let Err(Fail::Msg(j, m, _)) = found {
            return Some(Fail::Msg(j, m, false).into_error(tokens, minor));
        }
    }
    Some(fail.into_error(tokens, minor))
}

/// Why parsing stopped.
#[derive(Debug)]
enum Fail {
    /// Generic "invalid syntax" at this token.
    At(usize),
    /// A specific message at this token (exact flag).
    Msg(usize, String, bool),
    /// A string literal that does not decode (reported on the token's last line).
    Decode(usize, String),
    /// Deeper than the parse's nesting limit (parsed again deeper, or not
    /// evaluated): never reported as an error of CPython's.
    TooDeep(usize),
}

impl Fail {
    fn into_error(self, tokens: &[Token], minor: u32) -> PySyntaxError {
        let tok = |i: usize| tokens.get(i).or(tokens.last());
        let (i, msg, exact) = match self {
            Fail::At(i) if let Some(Token { kind: Tok::Indent { exact }, line, span, .. }) = tokens.get(i) => {
                return PySyntaxError::at_line("IndentationError", "unexpected indent", *line, *span, *exact);
            }
            Fail::At(i) if matches!(tokens.get(i).map(|t| &t.kind), Some(Tok::Error(_))) => {
                let msg = match tokens.get(i).map(|t| &t.kind) {
                    Some(Tok::Error(m)) => m.to_string(),
                    _ => "invalid syntax".to_string(),
                };
                (i, msg, true)
            }
            Fail::At(i) => {
                // A string literal that fails to decode after the error point
                // may be reported instead by CPython's error pass.
                let later_bad_string = tokens.iter().skip(i).any(|t| match &t.kind {
                    Tok::Str(piece) => decode_string(piece).is_err(),
                    Tok::Error(_) => true,
                    _ => false,
                });
                let keywordish = tokens.iter().any(|t| {
                    matches!(&t.kind, Tok::Name(n) if is_keyword(n) || n == "print" || n == "exec")
                });
                let indented = tokens.get(i).is_some_and(|t| t.level > 0);
                (
                    i,
                    "invalid syntax".to_string(),
                    !later_bad_string && !keywordish && !indented,
                )
            }
            Fail::Msg(i, m, exact) => (i, m, exact),
            // `syntax_error` returns before
            Fail::TooDeep(i) => (i, "invalid syntax".to_string(), false),
            Fail::Decode(i, m) => {
                let Some(t) = tok(i) else {
                    return PySyntaxError::at_line("SyntaxError", m, 1, Span::default(), false);
                };
                let (line, exact) = decode_error_line(tokens, i, minor);
                return PySyntaxError::at_line("SyntaxError", m, line, t.span, exact);
            }
        };
        let (line, span) = tok(i)
            .map(|t| (t.line, t.span))
            .unwrap_or((1, Span::default()));
        PySyntaxError::at_line("SyntaxError", msg, line, span, exact)
    }
}

struct Parser<'t> {
    tokens: &'t [Token],
    pos: usize,
    depth: usize,
    /// The nesting limit of this parse (see [`MAX_DEPTH`]).
    limit: usize,
    /// Set when the text nests deeper than `limit` anywhere the parser
    /// went, even in a look-ahead whose failure it then ignored.
    too_deep: bool,
    failure: Option<usize>,
    /// Python minor version (f-string replacement fields are parsed with it).
    minor: u32,
    /// The first error CPython's compiler raises after a successful parse,
    /// with the token index of the `(` of the call that raises it.
    compile_error: Option<(usize, Fail)>,
}

type PResult<T> = Result<T, Fail>;

impl<'t> Parser<'t> {
    fn new(tokens: &'t [Token], pos: usize, limit: usize, minor: u32) -> Self {
        Parser {
            tokens,
            pos,
            depth: 0,
            limit,
            too_deep: false,
            failure: None,
            minor,
            compile_error: None,
        }
    }

    fn tok(&self) -> &'t Tok {
        static END: Tok = Tok::End;
        self.tokens.get(self.pos).map(|t| &t.kind).unwrap_or(&END)
    }

    fn tok_at(&self, i: usize) -> &'t Tok {
        static END: Tok = Tok::End;
        self.tokens.get(i).map(|t| &t.kind).unwrap_or(&END)
    }

    fn span(&self, i: usize) -> Span {
        self.tokens
            .get(i)
            .or(self.tokens.last())
            .map(|t| t.span)
            .unwrap_or_default()
    }

    fn span_from(&self, start: usize) -> Span {
        let s = self.span(start);
        let e = self.span(self.pos.saturating_sub(1).max(start));
        Span::new(s.start, e.end.max(s.start))
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.tok(), Tok::Op(o) if same_op(o, op))
    }

    fn is_kw(&self, kw: &str) -> bool {
        matches!(self.tok(), Tok::Name(n) if same_op(n, kw))
    }

    fn eat_op(&mut self, op: &str) -> bool {
        if self.is_op(op) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        if self.is_kw(kw) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect_op(&mut self, op: &str) -> PResult<()> {
        if self.eat_op(op) {
            Ok(())
        } else {
            Err(self.fail())
        }
    }

    fn fail(&mut self) -> Fail {
        self.failure = Some(self.pos);
        Fail::At(self.pos)
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        self.check_depth(0)
    }

    /// Fails (and remembers) when `extra` levels more than the current
    /// depth exceed the limit.
    fn check_depth(&mut self, extra: usize) -> PResult<()> {
        if self.depth + extra > self.limit {
            self.too_deep = true;
            return Err(Fail::TooDeep(self.pos));
        }
        Ok(())
    }

    fn node(&self, kind: ExprKind, start: usize) -> Expr {
        Expr {
            kind,
            span: self.span_from(start),
        }
    }

    fn parse_eval_input(&mut self) -> PResult<Expr> {
        let e = self.star_expressions()?;
        while matches!(self.tok(), Tok::Newline) {
            self.pos += 1;
        }
        if !matches!(self.tok(), Tok::End) {
            return Err(self.fail());
        }
        Ok(e)
    }

    /// `a, b` (a tuple without parentheses) or a single expression; eval
    /// input allows no starred items here.
    fn star_expressions(&mut self) -> PResult<Expr> {
        let start = self.pos;
        let first = self.expression()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if !self.starts_expression() || self.is_op("*") {
                break;
            }
            items.push(self.expression()?);
        }
        Ok(self.node(ExprKind::Tuple(items), start))
    }

    fn star_expression(&mut self) -> PResult<Expr> {
        let start = self.pos;
        if self.eat_op("*") {
            self.binary(0)?;
            return Ok(self.node(ExprKind::NotStatic("starred expression"), start));
        }
        self.expression()
    }

    fn starts_expression(&self) -> bool {
        match self.tok() {
            Tok::Name(n) => {
                !is_keyword(n)
                    || matches!(
                        n.as_str(),
                        "not" | "lambda" | "await" | "None" | "True" | "False" | "yield"
                    )
            }
            Tok::Int(..) | Tok::Float(_) | Tok::Imaginary | Tok::Str(_) => true,
            Tok::Op(o) => matches!(*o, "(" | "[" | "{" | "-" | "+" | "~" | "*" | "..."),
            _ => false,
        }
    }

    fn expression(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.expression_inner();
        self.depth -= 1;
        r
    }

    fn expression_inner(&mut self) -> PResult<Expr> {
        let start = self.pos;
        if self.is_kw("lambda") {
            return self.lambda();
        }
        if self.is_kw("yield") {
            return Err(Fail::Msg(
                self.pos,
                "'yield' outside function".to_string(),
                true,
            ));
        }
        // Named expression `x := v` (only valid inside brackets; approximate).
        if let (Tok::Name(n), Tok::Op(":=")) = (self.tok(), self.tok_at(self.pos + 1))
            && !is_keyword(n)
            && self.tokens.get(self.pos).is_some_and(|t| t.level > 0)
        {
            self.pos += 2;
            self.expression()?;
            return Ok(self.node(ExprKind::NotStatic("assignment expression (:=)"), start));
        }
        let body = self.disjunction()?;
        if self.eat_kw("if") {
            self.disjunction()?;
            if !self.eat_kw("else") {
                return Err(Fail::Msg(
                    self.pos,
                    "expected 'else' after 'if' expression".to_string(),
                    true,
                ));
            }
            self.expression()?;
            return Ok(self.node(ExprKind::NotStatic("conditional expression"), start));
        }
        Ok(body)
    }

    fn lambda(&mut self) -> PResult<Expr> {
        let start = self.pos;
        self.pos += 1;
        // Parameters: names, defaults, `*`, `**`, `/` separated by commas.
        loop {
            if self.is_op(":") {
                break;
            }
            let _ = self.eat_op("**") || self.eat_op("*") || self.eat_op("/");
            if let Tok::Name(n) = self.tok() {
                if is_keyword(n) {
                    return Err(self.fail());
                }
                self.pos += 1;
                if self.eat_op("=") {
                    self.expression()?;
                }
            }
            if !self.eat_op(",") {
                break;
            }
        }
        self.expect_op(":")?;
        self.expression()?;
        Ok(self.node(ExprKind::NotStatic("lambda"), start))
    }

    fn disjunction(&mut self) -> PResult<Expr> {
        let start = self.pos;
        let first = self.conjunction()?;
        if !self.is_kw("or") {
            return Ok(first);
        }
        while self.eat_kw("or") {
            self.conjunction()?;
        }
        Ok(self.node(ExprKind::NotStatic("boolean operation (or)"), start))
    }

    fn conjunction(&mut self) -> PResult<Expr> {
        let start = self.pos;
        let first = self.inversion()?;
        if !self.is_kw("and") {
            return Ok(first);
        }
        while self.eat_kw("and") {
            self.inversion()?;
        }
        Ok(self.node(ExprKind::NotStatic("boolean operation (and)"), start))
    }

    fn inversion(&mut self) -> PResult<Expr> {
        let start = self.pos;
        if self.eat_kw("not") {
            self.enter()?;
            let r = self.inversion();
            self.depth -= 1;
            r?;
            return Ok(self.node(ExprKind::NotStatic("boolean operation (not)"), start));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> PResult<Expr> {
        let start = self.pos;
        let first = self.binary(0)?;
        let mut compared = false;
        loop {
            let consumed = match self.tok() {
                Tok::Op("==" | "!=" | "<" | ">" | "<=" | ">=") => 1,
                Tok::Name(n) if n == "in" => 1,
                Tok::Name(n) if n == "is" => {
                    if matches!(self.tok_at(self.pos + 1), Tok::Name(m) if m == "not") {
                        2
                    } else {
                        1
                    }
                }
                Tok::Name(n)
                    if n == "not"
                        && matches!(self.tok_at(self.pos + 1), Tok::Name(m) if m == "in") =>
                {
                    2
                }
                _ => 0,
            };
            if consumed == 0 {
                break;
            }
            self.pos += consumed;
            self.binary(0)?;
            compared = true;
        }
        if compared {
            Ok(self.node(ExprKind::NotStatic("comparison"), start))
        } else {
            Ok(first)
        }
    }

    /// Binary operator levels: | ^ & (<< >>) (+ -) (* / // % @), from
    /// `min_level` up, by precedence climbing: one call per operand instead
    /// of one per level. The depth counted against [`MAX_DEPTH`] is the one
    /// a call per level would reach (six more at every operand), so deep
    /// nesting fails where it failed before.
    fn binary(&mut self, min_level: usize) -> PResult<Expr> {
        let start = self.pos;
        let base = self.depth;
        for _ in min_level..BINARY_LEVELS {
            self.enter()?;
        }
        let mut left = self.factor()?;
        // `a + b + c` nests to the left: evaluating and dropping it recurses
        // once per operator, as CPython's compiler does (3.10+ fails at
        // about 3,000)
        let mut chained = 0;
        while let Tok::Op(op) = self.tok() {
            let Some(level) = binary_level(op).filter(|&level| level >= min_level) else {
                break;
            };
            self.pos += 1;
            chained += 1;
            self.depth = base;
            self.check_depth(chained)?;
            // the levels from `min_level` to `level` stay open around the operand
            self.depth = base + (level - min_level) + 1;
            let right = self.binary(level + 1)?;
            let bin = match *op {
                "+" => BinOp::Add,
                "-" => BinOp::Sub,
                "*" => BinOp::Mul,
                "/" => BinOp::Div,
                "//" => BinOp::FloorDiv,
                "%" => BinOp::Mod,
                other => BinOp::Other(other),
            };
            left = self.node(
                ExprKind::Binary(bin, Box::new(left), Box::new(right)),
                start,
            );
        }
        self.depth = base;
        Ok(left)
    }

    fn factor(&mut self) -> PResult<Expr> {
        let start = self.pos;
        let op = match self.tok() {
            Tok::Op("+") => Some(UnaryOp::Plus),
            Tok::Op("-") => Some(UnaryOp::Minus),
            Tok::Op("~") => Some(UnaryOp::Invert),
            _ => None,
        };
        if let Some(op) = op {
            self.pos += 1;
            self.enter()?;
            let operand = self.factor();
            self.depth -= 1;
            let operand = operand?;
            return Ok(self.node(ExprKind::Unary(op, Box::new(operand)), start));
        }
        self.power()
    }

    fn power(&mut self) -> PResult<Expr> {
        let start = self.pos;
        if self.is_kw("await") {
            return Err(Fail::Msg(
                self.pos,
                "'await' outside function".to_string(),
                false,
            ));
        }
        let base = self.primary()?;
        if self.eat_op("**") {
            self.enter()?;
            let exp = self.factor();
            self.depth -= 1;
            let exp = exp?;
            return Ok(self.node(
                ExprKind::Binary(BinOp::Pow, Box::new(base), Box::new(exp)),
                start,
            ));
        }
        Ok(base)
    }

    fn primary(&mut self) -> PResult<Expr> {
        let start = self.pos;
        let mut e = self.atom()?;
        // each trailer nests the expression so far, like a binary operator
        let mut chained = 0;
        loop {
            chained += 1;
            self.check_depth(chained)?;
            if self.eat_op(".") {
                match self.tok() {
                    Tok::Name(n) if !is_keyword(n) => {
                        let n = n.clone();
                        self.pos += 1;
                        e = self.node(ExprKind::Attribute(Box::new(e), n), start);
                    }
                    _ => return Err(self.fail()),
                }
            } else if self.eat_op("(") {
                let (args, positional) = self.call_args(start)?;
                e = self.node(ExprKind::Call(Box::new(e), args, positional), start);
            } else if self.eat_op("[") {
                let (items, single) = self.slices()?;
                e = self.node(ExprKind::Subscript(Box::new(e), items, single), start);
            } else {
                return Ok(e);
            }
        }
    }

    /// The argument values, and whether all arguments are plain positional
    /// ones; `call_start` is the call's first token.
    fn call_args(&mut self, call_start: usize) -> PResult<(Vec<Expr>, bool)> {
        let paren = self.pos - 1;
        let mut values = Vec::new();
        let mut args: Vec<CallArg> = Vec::new();
        let mut comma = None;
        loop {
            if self.is_op(")") {
                break;
            }
            let start = self.pos;
            let mut keyword = None;
            let kind = if self.eat_op("*") {
                ArgKind::Star
            } else if self.eat_op("**") {
                ArgKind::DoubleStar
            } else if let (Tok::Name(n), Tok::Op("=")) = (self.tok(), self.tok_at(self.pos + 1)) {
                if is_keyword(n) {
                    return Err(self.fail());
                }
                keyword = Some(n.clone());
                self.pos += 2;
                ArgKind::Keyword
            } else {
                ArgKind::Positional
            };
            values.push(self.expression()?);
            let end = self.pos;
            let kind = match kind {
                ArgKind::Positional | ArgKind::Keyword
                    if self.is_kw("for") || self.is_kw("async") =>
                {
                    self.comprehension_clauses()?;
                    if kind == ArgKind::Keyword {
                        ArgKind::KeywordGenerator
                    } else {
                        ArgKind::Generator
                    }
                }
                kind => kind,
            };
            args.push(CallArg {
                kind,
                start,
                comma,
                end,
                keyword,
            });
            if !self.is_op(",") {
                break;
            }
            comma = Some(self.pos);
            self.pos += 1;
        }
        let close = self.pos;
        self.expect_op(")")?;
        let trailing_comma = comma.is_some_and(|c| c + 1 == close);
        if let Some(e) = arguments::order_error(&args, trailing_comma, close, self.minor) {
            return Err(Fail::Msg(e.at, e.message, e.exact));
        }
        // 3.8 finds a repeated keyword while building the tree (above).
        if let Some(e) = arguments::repeated_keyword(&args, self.minor).filter(|_| self.minor >= 9) {
            // 3.9 reports it at the call's first line.
            let at = if self.minor == 9 { call_start } else { e.at };
            self.note_compile_error(call_start, paren, Fail::Msg(at, e.message, true));
        }
        let positional = args.iter().all(|a| a.kind == ArgKind::Positional);
        Ok((values, positional))
    }

    /// Remember an error CPython's compiler raises once the text has parsed,
    /// for the call starting at token `call_start` whose `(` is token `paren`.
    /// The compiler checks a call's keywords before its arguments (3.11+:
    /// also before the called expression), so this error replaces one noted
    /// inside those; otherwise the first in source order stays.
    fn note_compile_error(&mut self, call_start: usize, paren: usize, fail: Fail) {
        let inside_from = if self.minor >= 11 { call_start } else { paren + 1 };
        if self
            .compile_error
            .as_ref()
            .is_none_or(|(prev, _)| *prev >= inside_from)
        {
            self.compile_error = Some((paren, fail));
        }
    }

    /// The subscript's expressions, and whether it is one plain index `a[i]`.
    fn slices(&mut self) -> PResult<(Vec<Expr>, bool)> {
        let mut items = Vec::new();
        let mut single = true;
        loop {
            // slice: [expr] [':' [expr] [':' [expr]]]
            let mut any = false;
            if !self.is_op(":") && !self.is_op("]") {
                items.push(self.star_expression()?);
                any = true;
            }
            while self.eat_op(":") {
                any = true;
                single = false;
                if !self.is_op(":") && !self.is_op("]") && !self.is_op(",") {
                    items.push(self.expression()?);
                }
            }
            if !any {
                return Err(self.fail());
            }
            if !self.eat_op(",") {
                self.expect_op("]")?;
                return Ok((items, single));
            }
            if self.eat_op("]") {
                return Ok((items, false));
            }
            single = false;
        }
    }

    fn comprehension_clauses(&mut self) -> PResult<()> {
        while self.is_kw("for") || self.is_kw("async") {
            self.eat_kw("async");
            if !self.eat_kw("for") {
                return Err(self.fail());
            }
            // Targets: a comma list of primaries (stars allowed).
            loop {
                self.eat_op("*");
                self.binary(0)?;
                if !self.eat_op(",") {
                    break;
                }
                if self.is_kw("in") {
                    break;
                }
            }
            if !self.eat_kw("in") {
                return Err(self.fail());
            }
            self.disjunction()?;
            while self.eat_kw("if") {
                self.disjunction()?;
            }
        }
        Ok(())
    }

    /// CPython's `atom` rule: a name or keyword constant, a number, strings,
    /// `...`, or a bracketed display.
    fn atom(&mut self) -> PResult<Expr> {
        let start = self.pos;
        match self.tok() {
            Tok::Name(n) => self.name_atom(n, start),
            Tok::Int(digits, radix) => {
                self.pos += 1;
                match i128::from_str_radix(digits, *radix) {
                    Ok(v) => Ok(self.node(ExprKind::Const(PyValue::Int(v)), start)),
                    Err(_) => Ok(self.node(ExprKind::BeyondLimits("integer too large"), start)),
                }
            }
            Tok::Float(text) => {
                self.pos += 1;
                match text.parse::<f64>() {
                    Ok(v) => Ok(self.node(ExprKind::Const(PyValue::Float(v)), start)),
                    Err(_) => Ok(self.node(ExprKind::NotStatic("float literal"), start)),
                }
            }
            Tok::Imaginary => {
                self.pos += 1;
                Ok(self.node(ExprKind::NotStatic("complex number"), start))
            }
            Tok::Str(_) => self.strings(),
            Tok::Op("...") => {
                self.pos += 1;
                Ok(self.node(ExprKind::NotStatic("Ellipsis"), start))
            }
            Tok::Op(open @ ("(" | "[" | "{")) => self.bracketed(open, start),
            _ => Err(self.fail()),
        }
    }

    /// A name atom: `None`/`True`/`False`, a keyword (a syntax error here),
    /// Python 2's `print "x"`, or a plain name.
    fn name_atom(&mut self, n: &'t str, start: usize) -> PResult<Expr> {
        let value = match n {
            "None" => Some(PyValue::None),
            "True" => Some(PyValue::Bool(true)),
            "False" => Some(PyValue::Bool(false)),
            _ => None,
        };
        self.pos += 1;
        if let Some(v) = value {
            return Ok(self.node(ExprKind::Const(v), start));
        }
        if is_keyword(n) {
            self.pos -= 1;
            return Err(self.fail());
        }
        if matches!(self.tok(), Tok::Str(_)) && (n == "print" || n == "exec") {
            return Err(Fail::Msg(
                start,
                format!("Missing parentheses in call to '{n}'. Did you mean {n}(...)?"),
                true,
            ));
        }
        if !n.is_ascii() {
            return Ok(self.node(
                ExprKind::NotStatic("non-ASCII identifier (NFKC-normalized by Python)"),
                start,
            ));
        }
        Ok(self.node(ExprKind::Name(n.to_string()), start))
    }

    /// `(…)`, `[…]` or `{…}` after its opening bracket `open`, one nesting
    /// level deeper.
    fn bracketed(&mut self, open: &str, start: usize) -> PResult<Expr> {
        self.pos += 1;
        self.enter()?;
        let r = match open {
            "(" => self.paren(start),
            "[" => self.list(start),
            _ => self.brace(start),
        };
        self.depth -= 1;
        r
    }

    /// Implicitly concatenated string literals; decoded here, as CPython does.
    fn strings(&mut self) -> PResult<Expr> {
        let start = self.pos;
        // CPython fetches the token after the last piece before decoding, so
        // a tokenizer error there wins over a bad escape.
        let mut end = self.pos;
        while matches!(self.tok_at(end), Tok::Str(_)) {
            end += 1;
        }
        // 3.12+ decodes first when that error is a stray line continuation
        let continuation_later = self.minor >= 12
            && matches!(self.tok_at(end), Tok::Error(m) if m.starts_with("unexpected character after line continuation"));
        if continuation_later {
            // only the pieces' own escapes: their mix is not judged first
            for i in self.pos..end {
                if let Tok::Str(piece) = self.tok_at(i) {
                    decode_string(piece).map_err(|m| Fail::Decode(i, m))?;
                }
            }
        }
        if matches!(self.tok_at(end), Tok::Error(_)) {
            return Err(Fail::At(end));
        }
        let mut acc = Strings::default();
        while let Tok::Str(piece) = self.tok() {
            if piece.fstring
                && !piece.bytes
                && let Some(msg) = self.fstring_brace_error(piece)
            {
                return Err(Fail::Msg(self.pos, msg.to_string(), true));
            }
            let value = decode_string(piece).map_err(|m| Fail::Decode(self.pos, m))?;
            if let StrValue::NotStatic(_) = value
                && piece.fstring
                && !piece.bytes
                && acc.kind_bytes != Some(true)
                && let Some(parts) = super::fstring::split(piece, self.minor)
            {
                acc.has_fields = true;
                acc.fparts.extend(parts);
                acc.kind_bytes = acc.kind_bytes.or(Some(false));
                self.pos += 1;
                continue;
            }
            // CPython 3.9+ raises the mix at the token after the last
            // piece (its look-ahead); 3.8 at the first piece.
            let mix_at = if self.minor >= 9 { end } else { start };
            acc.push(value, piece.bytes, mix_at)?;
            self.pos += 1;
        }
        Ok(self.node(acc.into_kind(), start))
    }

    /// The brace error of the f-string `piece` at the current token, when
    /// CPython's is certain: no earlier f-string in the text is one logcheck
    /// does not model (CPython may fail there first, and 3.12+ may read this
    /// literal as part of that one's open field), and under 3.12+, which
    /// reads on past a literal's closing quote, no string follows.
    fn fstring_brace_error(&self, piece: &super::lexer::StrPiece) -> Option<&'static str> {
        let (before, after) = self.tokens.split_at_checked(self.pos)?;
        let unmodelled = |t: &Token| match &t.kind {
            Tok::Str(p) => {
                p.fstring
                    && p.body.contains(['{', '}'])
                    && super::fstring::split(p, self.minor).is_none()
            }
            _ => false,
        };
        if before.iter().any(unmodelled) {
            return None;
        }
        let quotes_follow = self.minor >= 12
            && after
                .iter()
                .skip(1)
                .any(|t| matches!(t.kind, Tok::Str(_) | Tok::Error(_)));
        super::fstring::brace_error(piece, quotes_follow)
    }

    /// Check for the "forgot a comma" case inside brackets after an element.
    fn missing_comma(&mut self, element_start: usize, element: &Expr) -> Option<Fail> {
        if !self.starts_expression() {
            return None;
        }
        // `NAME STRING` is excluded by CPython (`print 'x'`-like forms).
        if matches!(element.kind, ExprKind::Name(_)) && matches!(self.tok(), Tok::Str(_)) {
            return None;
        }
        let save = self.pos;
        let depth = self.depth;
        let ok = self.expression().is_ok();
        self.pos = save;
        self.depth = depth;
        if ok {
            return Some(Fail::Msg(
                element_start,
                "invalid syntax. Perhaps you forgot a comma?".to_string(),
                false,
            ));
        }
        None
    }

    fn paren(&mut self, start: usize) -> PResult<Expr> {
        if self.eat_op(")") {
            return Ok(self.node(ExprKind::Tuple(Vec::new()), start));
        }
        if self.is_kw("yield") {
            return Err(Fail::Msg(
                self.pos,
                "'yield' outside function".to_string(),
                true,
            ));
        }
        let el_start = self.pos;
        let first = self.star_expression()?;
        if self.is_kw("for") || self.is_kw("async") {
            self.comprehension_clauses()?;
            self.expect_op(")")?;
            return Ok(self.node(ExprKind::NotStatic("generator expression"), start));
        }
        if self.eat_op(")") {
            if matches!(first.kind, ExprKind::NotStatic("starred expression")) {
                return Err(Fail::Msg(
                    el_start,
                    "cannot use starred expression here".to_string(),
                    false,
                ));
            }
            // A parenthesised expression is the expression itself.
            return Ok(Expr {
                kind: first.kind,
                span: self.span_from(start),
            });
        }
        if !self.is_op(",") {
            if let Some(f) = self.missing_comma(el_start, &first) {
                return Err(f);
            }
            return Err(self.fail());
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.eat_op(")") {
                return Ok(self.node(ExprKind::Tuple(items), start));
            }
            let el_start = self.pos;
            let e = self.star_expression()?;
            if !self.is_op(",")
                && !self.is_op(")")
                && let Some(f) = self.missing_comma(el_start, &e)
            {
                return Err(f);
            }
            items.push(e);
        }
        self.expect_op(")")?;
        Ok(self.node(ExprKind::Tuple(items), start))
    }

    fn list(&mut self, start: usize) -> PResult<Expr> {
        let mut items = Vec::new();
        loop {
            if self.eat_op("]") {
                return Ok(self.node(ExprKind::List(items), start));
            }
            let el_start = self.pos;
            let e = self.star_expression()?;
            if items.is_empty() && (self.is_kw("for") || self.is_kw("async")) {
                self.comprehension_clauses()?;
                self.expect_op("]")?;
                return Ok(self.node(ExprKind::NotStatic("list comprehension"), start));
            }
            let at_end = self.is_op(",") || self.is_op("]");
            if !at_end && let Some(f) = self.missing_comma(el_start, &e) {
                return Err(f);
            }
            items.push(e);
            if !self.eat_op(",") {
                self.expect_op("]")?;
                return Ok(self.node(ExprKind::List(items), start));
            }
        }
    }

    /// `{…}` after the `{`: a dict or set display or comprehension, as
    /// CPython's `dict` / `set` / `dictcomp` / `setcomp` rules; only a
    /// plain dict display is static.
    fn brace(&mut self, start: usize) -> PResult<Expr> {
        if self.eat_op("}") {
            return Ok(self.node(ExprKind::Dict(Vec::new()), start));
        }
        let mut pairs = Vec::new();
        let mut is_set = false;
        let mut not_static = false;
        let mut first = true;
        loop {
            if self.eat_op("}") {
                break;
            }
            let el_start = self.pos;
            if self.eat_op("**") {
                if is_set && !first {
                    return Err(self.fail());
                }
                self.binary(0)?;
                not_static = true;
            } else {
                let key = self.star_expression()?;
                if first && !self.is_op(":") {
                    is_set = true;
                }
                let comprehension = if is_set {
                    self.set_element(first, el_start, &key, start)?
                } else {
                    self.dict_entry(first, el_start, key, start, &mut pairs)?
                };
                if let Some(node) = comprehension {
                    return Ok(node);
                }
            }
            first = false;
            if !self.eat_op(",") {
                self.expect_op("}")?;
                break;
            }
        }
        if is_set {
            return Ok(self.node(ExprKind::NotStatic("set display"), start));
        }
        if not_static {
            return Ok(self.node(ExprKind::NotStatic("dict display with ** unpacking"), start));
        }
        Ok(self.node(ExprKind::Dict(pairs), start))
    }

    /// After a set element: a set comprehension (returned, not static) when
    /// it is the first element, else the missing-comma check.
    fn set_element(
        &mut self,
        first: bool,
        el_start: usize,
        key: &Expr,
        start: usize,
    ) -> PResult<Option<Expr>> {
        if first && (self.is_kw("for") || self.is_kw("async")) {
            self.comprehension_clauses()?;
            self.expect_op("}")?;
            return Ok(Some(
                self.node(ExprKind::NotStatic("set comprehension"), start),
            ));
        }
        if !self.is_op(",")
            && !self.is_op("}")
            && let Some(f) = self.missing_comma(el_start, key)
        {
            return Err(f);
        }
        Ok(None)
    }

    /// After a dict key: `: value`, pushed to `pairs`, with CPython's
    /// dict-specific errors; a dict comprehension (first entry) is returned.
    fn dict_entry(
        &mut self,
        first: bool,
        el_start: usize,
        key: Expr,
        start: usize,
        pairs: &mut Vec<(Expr, Expr)>,
    ) -> PResult<Option<Expr>> {
        // A dict key is an `expression`, never `x := v`.
        if is_walrus(&key) || !self.is_op(":") {
            if first {
                return Err(self.fail());
            }
            let at = if is_walrus(&key) { el_start } else { self.pos };
            let msg = "':' expected after dictionary key".to_string();
            return Err(Fail::Msg(at, msg, false));
        }
        self.eat_op(":");
        if self.is_op(",") || self.is_op("}") {
            return Err(Fail::Msg(
                self.pos - 1,
                "expression expected after dictionary key and ':'".to_string(),
                true,
            ));
        }
        let value_start = self.pos;
        let value = self.expression()?;
        if is_walrus(&value) {
            // `{k: x := v}`: CPython stops at the `:=`.
            self.failure = Some(value_start + 1);
            return Err(Fail::At(value_start + 1));
        }
        if first && (self.is_kw("for") || self.is_kw("async")) {
            self.comprehension_clauses()?;
            self.expect_op("}")?;
            return Ok(Some(
                self.node(ExprKind::NotStatic("dict comprehension"), start),
            ));
        }
        if !self.is_op(",")
            && !self.is_op("}")
            && let Some(f) = self.missing_comma(el_start, &value)
        {
            return Err(f);
        }
        pairs.push((key, value));
        Ok(None)
    }
}

/// The concatenation of string literal pieces as [`Parser::strings`] reads them.
#[derive(Default)]
struct Strings {
    text: String,
    bytes: Vec<u8>,
    /// Whether the pieces are bytes (set by the first piece).
    kind_bytes: Option<bool>,
    not_static: Option<&'static str>,
    /// f-string pieces as literal/field parts, when every field is modelled.
    fparts: Vec<FStringPart>,
    has_fields: bool,
}

impl Strings {
    /// Append one decoded piece (`bytes`: its `b` prefix); mixing bytes and
    /// str pieces is CPython's error at token `start`.
    fn push(&mut self, value: StrValue, bytes: bool, start: usize) -> PResult<()> {
        if let StrValue::Str(s) = &value {
            self.fparts.push(FStringPart::Literal(s.clone()));
        }
        match self.kind_bytes {
            None => self.kind_bytes = Some(bytes),
            Some(b) if b != bytes => {
                return Err(Fail::Msg(
                    start,
                    "cannot mix bytes and nonbytes literals".to_string(),
                    true,
                ));
            }
            _ => {}
        }
        match value {
            StrValue::Str(s) => self.text.push_str(&s),
            StrValue::Bytes(b) => self.bytes.extend(b),
            StrValue::NotStatic(r) => self.not_static = self.not_static.or(Some(r)),
        }
        Ok(())
    }

    /// The node: not static, an f-string with fields, or a constant.
    fn into_kind(self) -> ExprKind {
        if let Some(r) = self.not_static {
            return ExprKind::NotStatic(r);
        }
        if self.has_fields {
            return ExprKind::FString(self.fparts);
        }
        ExprKind::Const(if self.kind_bytes == Some(true) {
            PyValue::Bytes(self.bytes)
        } else {
            PyValue::Str(self.text)
        })
    }
}

/// `x := v`, which the parser keeps as a not-static node.
fn is_walrus(expr: &Expr) -> bool {
    matches!(expr.kind, ExprKind::NotStatic("assignment expression (:=)"))
}
