//! `string.Template` as `StringTemplateStyle` uses it: `$name`, `${name}`, `$$`.
//!
//! The identifier pattern is `(?a:[_a-z][_a-z0-9]*)` with `re.IGNORECASE`.

use crate::diagnostic::PyException;
use std::ops::Range;

/// One piece of a compiled template.
#[derive(Debug, Clone, PartialEq)]
pub enum DollarPiece {
    /// Text between placeholders, with `$$` undoubled.
    Literal(String),
    /// `$name` or `${name}`.
    Field {
        /// The identifier.
        name: String,
        /// Byte range of the placeholder in the template.
        span: Range<usize>,
    },
    /// A `$` that starts no placeholder (`Template.substitute` raises here).
    Invalid {
        /// 1-based line of the `$`.
        line: usize,
        /// 1-based column of the `$` (in code points).
        col: usize,
    },
}

fn ident_len(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    if bytes
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
    {
        bytes
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count()
    } else {
        0
    }
}

/// Splits a template into pieces (`Template.pattern.finditer`).
pub fn parse_dollar(fmt: &str) -> Vec<DollarPiece> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut i = 0;
    while let Some(off) = fmt[i..].find('$') {
        let at = i + off;
        literal.push_str(&fmt[i..at]);
        let rest = &fmt[at + 1..];
        if rest.starts_with('$') {
            literal.push('$');
            i = at + 2;
            continue;
        }
        let n = ident_len(rest);
        let (name, end) = if n > 0 {
            (Some(&rest[..n]), at + 1 + n)
        } else if let Some(inner) = rest.strip_prefix('{') {
            let m = ident_len(inner);
            if m > 0 && inner[m..].starts_with('}') {
                (Some(&inner[..m]), at + 3 + m)
            } else {
                (None, at + 1)
            }
        } else {
            (None, at + 1)
        };
        if !literal.is_empty() {
            pieces.push(DollarPiece::Literal(std::mem::take(&mut literal)));
        }
        match name {
            Some(name) => pieces.push(DollarPiece::Field {
                name: name.to_string(),
                span: at..end,
            }),
            None => {
                // Template._invalid: line and column of the '$' (1-based).
                let before = &fmt[..at];
                let line = before.matches('\n').count() + 1;
                let col = before.chars().count()
                    - before
                        .rfind('\n')
                        .map_or(0, |p| before[..=p].chars().count())
                    + 1;
                pieces.push(DollarPiece::Invalid { line, col });
            }
        }
        i = end;
    }
    literal.push_str(&fmt[i..]);
    if !literal.is_empty() {
        pieces.push(DollarPiece::Literal(literal));
    }
    pieces
}

/// `StringTemplateStyle.validate`.
pub fn validate_dollar(pieces: &[DollarPiece]) -> Result<(), PyException> {
    let mut fields = 0;
    for piece in pieces {
        match piece {
            DollarPiece::Field { .. } => fields += 1,
            DollarPiece::Invalid { .. } => {
                return Err(PyException::value_error(
                    "invalid format: bare '$' not allowed",
                ));
            }
            DollarPiece::Literal(_) => {}
        }
    }
    if fields == 0 {
        return Err(PyException::value_error("invalid format: no fields"));
    }
    Ok(())
}
