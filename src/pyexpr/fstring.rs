//! f-string replacement fields, split into literal text and expressions.
//!
//! Only the plain forms are modelled: `{expr}` and `{expr!r|s|a}`. Format
//! specs (`{x:>10}`), self-documenting `{x=}`, nested fields, comments and
//! backslashes inside fields give `None`, and the caller keeps treating the
//! literal as code it does not evaluate.

use super::lexer::{StrPiece, decode_string};
use super::{Expr, ExprKind, FStringPart, StrValue, parse_for};
use crate::source::Span;
use crate::version::PyVersion;

/// The SyntaxError of an f-string literal whose braces do not pair, in the
/// two forms CPython 3.8–3.13 word alike: a lone `}` (`f'a}'`) and a field
/// left open at the end of a one-line literal with nothing in it but a name
/// or blanks (`f'{a '`, `f'{'`). Other broken literals give `None` and stay unevaluated.
/// 3.12+ reads an open field's closing quote as the start of a string inside
/// the field, so `quotes_follow` (a string token later in the text) makes
/// the second form version-dependent: `None` there too.
pub(crate) fn brace_error(piece: &StrPiece, quotes_follow: bool) -> Option<&'static str> {
    let body = piece.body.as_bytes();
    if body.contains(&b'\\') || body.contains(&b'\n') || body.contains(&b'\r') {
        return None;
    }
    let mut i = 0;
    while let Some(&b) = body.get(i) {
        match b {
            b'{' | b'}' if body.get(i + 1) == Some(&b) => i += 2,
            b'}' => return Some("f-string: single '}' is not allowed"),
            b'{' => {
                let field = &body[i + 1..];
                let end = field.iter().position(|&c| !is_name_or_blank(c));
                match end.map(|e| field[e]) {
                    // a plain field: on to the literal after it
                    Some(b'}') if is_one_name(&field[..end?]) => i += end? + 2,
                    None if !quotes_follow && (field.trim_ascii().is_empty() || is_one_name(field)) => {
                        return Some("f-string: expecting '}'");
                    }
                    _ => return None,
                }
            }
            _ => i += 1,
        }
    }
    None
}

fn is_name_or_blank(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b' ' | b'\t')
}

/// A single identifier, blanks around it: `a`, ` user_id `.
fn is_one_name(text: &[u8]) -> bool {
    let name = text.trim_ascii();
    name.first().is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        && name.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// Splits the body of an f-string literal; `None` when a part is not modelled
/// (or the literal is not valid Python, which CPython reports itself).
pub(crate) fn split(piece: &StrPiece, minor: u32) -> Option<Vec<FStringPart>> {
    let body = piece.body.as_str();
    let mut parts = Vec::new();
    let mut literal_start = 0;
    let mut i = 0;
    let bytes = body.as_bytes();
    while i < bytes.len() {
        match bytes.get(i) {
            Some(b'{') if bytes.get(i + 1) == Some(&b'{') => {
                push_literal(piece, literal_start, i, &mut parts)?;
                parts.push(FStringPart::Literal("{".into()));
                i += 2;
                literal_start = i;
            }
            Some(b'}') if bytes.get(i + 1) == Some(&b'}') => {
                push_literal(piece, literal_start, i, &mut parts)?;
                parts.push(FStringPart::Literal("}".into()));
                i += 2;
                literal_start = i;
            }
            Some(b'}') => return None,
            Some(b'{') => {
                push_literal(piece, literal_start, i, &mut parts)?;
                let (field, end) = field(piece, i + 1, minor)?;
                parts.push(field);
                i = end;
                literal_start = i;
            }
            _ => i += 1,
        }
    }
    push_literal(piece, literal_start, bytes.len(), &mut parts)?;
    Some(parts)
}

fn push_literal(
    piece: &StrPiece,
    start: usize,
    end: usize,
    parts: &mut Vec<FStringPart>,
) -> Option<()> {
    if start >= end {
        return Some(());
    }
    let text = piece.body.get(start..end)?;
    let plain = StrPiece {
        raw: piece.raw,
        bytes: false,
        fstring: false,
        body_start: piece.body_start + start,
        body: text.to_string(),
    };
    match decode_string(&plain) {
        Ok(StrValue::Str(s)) => {
            parts.push(FStringPart::Literal(s));
            Some(())
        }
        _ => None,
    }
}

/// Parses the field starting after `{` at `start`; returns it and the index after `}`.
fn field(piece: &StrPiece, start: usize, minor: u32) -> Option<(FStringPart, usize)> {
    let bytes = piece.body.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        if let Some(q) = quote {
            if b == q {
                quote = None;
            }
            if b == b'\\' {
                return None;
            }
            i += 1;
            continue;
        }
        match b {
            b'\'' | b'"' => quote = Some(b),
            b'\\' | b'#' | b'{' if depth == 0 => return None,
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth > 0 => depth -= 1,
            b'}' | b':' | b'!' if depth == 0 => break,
            b'=' if depth == 0 => {
                let prev = i.checked_sub(1).and_then(|p| bytes.get(p)).copied();
                let next = bytes.get(i + 1).copied();
                let comparison =
                    matches!(prev, Some(b'=' | b'!' | b'<' | b'>')) || next == Some(b'=');
                if !comparison {
                    return None; // `{x=}` (self-documenting) or an assignment
                }
            }
            _ => {}
        }
        i += 1;
    }
    let end_expr = i;
    let mut conversion = None;
    match bytes.get(i) {
        Some(b'}') => i += 1,
        Some(b'!') if bytes.get(i + 1) != Some(&b'=') => {
            let c = *bytes.get(i + 1)?;
            if !matches!(c, b'r' | b's' | b'a') || bytes.get(i + 2) != Some(&b'}') {
                return None;
            }
            conversion = Some(char::from(c));
            i += 3;
        }
        _ => return None,
    }
    let text = piece.body.get(start..end_expr)?;
    if text.trim().is_empty() || text.contains('\n') || text.contains('\r') {
        return None;
    }
    let mut expr = parse_for(text, PyVersion::new(3, minor, u32::MAX)).ok()?;
    shift(&mut expr, piece.body_start + start, 0)?;
    Some((FStringPart::Field { expr, conversion }, i))
}

/// Moves every span of `expr` by `by` bytes (the field's place in the source).
fn shift(expr: &mut Expr, by: usize, depth: usize) -> Option<()> {
    if depth > super::MAX_DEPTH * 2 {
        return None;
    }
    expr.span = Span::new(expr.span.start + by, expr.span.end + by);
    let next = depth + 1;
    match &mut expr.kind {
        ExprKind::Const(_)
        | ExprKind::Name(_)
        | ExprKind::NotStatic(_)
        | ExprKind::BeyondLimits(_) => {}
        ExprKind::Attribute(obj, _) | ExprKind::Unary(_, obj) => shift(obj, by, next)?,
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            for item in items {
                shift(item, by, next)?;
            }
        }
        ExprKind::Dict(pairs) => {
            for (k, v) in pairs {
                shift(k, by, next)?;
                shift(v, by, next)?;
            }
        }
        ExprKind::Binary(_, a, b) => {
            shift(a, by, next)?;
            shift(b, by, next)?;
        }
        ExprKind::Call(f, items, _) | ExprKind::Subscript(f, items, _) => {
            shift(f, by, next)?;
            for item in items {
                shift(item, by, next)?;
            }
        }
        ExprKind::FString(parts) => {
            for part in parts {
                if let FStringPart::Field { expr, .. } = part {
                    shift(expr, by, next)?;
                }
            }
        }
    }
    Some(())
}
