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
