//! The text edits of the lowering's fixes: they read the file's text around
//! a finding (the comma before an empty list item, the parentheses of
//! `args`), since a looked-up value alone does not say what surrounds it.

use super::Lowerer;
use super::value::ListItem;
use crate::diagnostic::{Diagnostic, PyException};
use crate::fix::{Edit, Fix};
use crate::ini::IniOption;
use crate::source::Span;

impl Lowerer<'_> {
    /// `d` with the safe fix that removes the empty list item at `at`.
    pub(super) fn remove_empty_item_fix(&self, d: Diagnostic, at: Span) -> Diagnostic {
        match remove_item(self.opts.text, at) {
            Some(edit) => d.with_fix(Fix::safe("Remove the extra comma", vec![edit])),
            None => d,
        }
    }

    /// `handlers=console ; note`: the comment moved to its own line, when
    /// the name before it is a built handler and the comment ends the line.
    pub(super) fn inline_comment_in_item(&self, item: &ListItem<'_>) -> Option<Fix> {
        let text = self.opts.text;
        let (bare, comment) = crate::fix::inline_comment(item.name)?;
        let written = text.get(item.span.start..item.span.end) == Some(item.name);
        let rest = text.get(item.span.end..)?;
        let ends_line = rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n");
        if !written || !ends_line || !self.built_handlers.contains(bare) {
            return None;
        }
        let start = item.span.start + bare.len();
        let edit = Edit::replace(Span::new(start, item.span.end), format!("\n{comment}"));
        Some(Fix::safe("Move the comment to its own line", vec![edit]))
    }

    /// `args=['app.log', 'a')`: the closing bracket at `at` made to match
    /// the opening one the SyntaxError names.
    pub(super) fn mismatched_bracket_fix(&self, exc: Option<&PyException>, at: Span) -> Option<Fix> {
        let message = &exc?.message;
        let rest = message.strip_prefix("closing parenthesis '")?;
        let written = rest.chars().next()?;
        let open = rest.split("opening parenthesis '").nth(1)?.chars().next()?;
        let close = match open {
            '(' => ')',
            '[' => ']',
            '{' => '}',
            _ => return None,
        };
        let text = self.opts.text;
        if at.len() != 1 || text.get(at.start..at.end)?.chars().next()? != written {
            return None;
        }
        Some(Fix::safe(format!("Close `{open}` with `{close}`"), vec![Edit::replace(at, close.to_string())]))
    }

    /// The built handler whose key is close to `name` (a did-you-mean).
    pub(super) fn close_handler(&self, name: &str) -> Option<String> {
        let known = self.out.config.handlers.iter().map(|h| h.key.value.as_str());
        crate::suggest::did_you_mean(name, known).map(str::to_string)
    }
}

/// Removes the list item at `item` (an empty item is a point where a
/// trailing or doubled comma left it): with the comma before it and the
/// blanks between, else with the comma after it, else (the only item) alone.
pub(super) fn remove_item(text: &str, item: Span) -> Option<Edit> {
    let before = text.get(..item.start)?;
    let comma = before.trim_end_matches([' ', '\t']).len();
    if comma > 0 && before.as_bytes()[comma - 1] == b',' {
        return Some(Edit::delete(Span::new(comma - 1, item.end)));
    }
    let after = text.get(item.end..)?;
    let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
    match after.as_bytes().get(blanks) {
        Some(b',') => {
            let rest = &after[blanks + 1..];
            let next = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            Some(Edit::delete(Span::new(item.start, item.end + blanks + 1 + next)))
        }
        _ => (!item.is_empty()).then(|| Edit::delete(item)),
    }
}

/// Deletes the line holding byte `at`, its line break included.
pub(super) fn delete_line(text: &str, at: usize) -> Option<Edit> {
    crate::source::lines_around(text, at, at).map(Edit::delete)
}

/// `args=(x)` → `args=(x,)`: the comma that makes a parenthesized single
/// value a one-element tuple (`None` unless `option` is written on one line
/// as `( … )` with no comma at the top level).
pub(super) fn tuple_comma(option: &IniOption) -> Option<Edit> {
    let value = option.value.as_str();
    let trimmed = value.trim_end();
    if value.contains('\n') || !trimmed.starts_with('(') || !trimmed.ends_with(')') {
        return None;
    }
    let inner = &trimmed[1..trimmed.len() - 1];
    if inner.trim().is_empty() || top_level_comma(inner)? {
        return None;
    }
    let close = option.value_span.start + trimmed.len() - 1;
    Some(Edit::insert(close, ","))
}

/// Whether `text` has a comma outside brackets and strings (`None` when a
/// bracket or string is not closed: not a simple case).
fn top_level_comma(text: &str) -> Option<bool> {
    let (mut depth, mut quote, mut escaped) = (0i32, None, false);
    for c in text.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '\'' | '"' => quote = Some(c),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => return Some(true),
                _ => {}
            },
        }
        if depth < 0 {
            return None;
        }
    }
    (depth == 0 && quote.is_none()).then_some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_items_take_their_comma() {
        let apply = |text: &str, start, end| {
            let e = remove_item(text, Span::new(start, end)).expect("edit");
            format!("{}{}", &text[..e.span.start], &text[e.span.end..])
        };
        assert_eq!(apply("keys=a,b,", 9, 9), "keys=a,b");
        assert_eq!(apply("keys=a,, b", 7, 7), "keys=a, b");
        assert_eq!(apply("keys=a, ", 8, 8), "keys=a");
        assert_eq!(apply("keys=,a", 5, 5), "keys=a");
        assert_eq!(apply("handlers=a, ghost", 12, 17), "handlers=a");
        assert_eq!(apply("handlers=ghost, a", 9, 14), "handlers=a");
        assert_eq!(apply("handlers=ghost", 9, 14), "handlers=");
    }

    #[test]
    fn only_a_single_parenthesized_value_gets_a_comma() {
        assert_eq!(top_level_comma("sys.stdout"), Some(false));
        assert_eq!(top_level_comma("'a,b'"), Some(false));
        assert_eq!(top_level_comma("f(1, 2)"), Some(false));
        assert_eq!(top_level_comma("'a', 'w'"), Some(true));
        assert_eq!(top_level_comma("'a"), None);
    }
}
