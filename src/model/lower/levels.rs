//! Levels (`setLevel(section["level"])`) and integers (`getint`), read as
//! CPython reads them.

use super::reported::Reported;
use super::value::Value;
use super::{Lowerer, Owner};
use crate::diagnostic::{Diagnostic, PyException};
use crate::level::Level;
use crate::rules;
use crate::fix::{Applicability, Edit, Fix};
use crate::suggest::did_you_mean;

/// `d` with `help`, and a fix that replaces the value `v` when there is one
/// (only for a value written on one line and not interpolated: its text is
/// the file's).
pub(super) fn with_value_fix(
    d: Diagnostic,
    v: &Value<'_>,
    (help, fix): (String, Option<(Applicability, String)>),
) -> Diagnostic {
    let d = d.with_help(help);
    match fix {
        Some((applicability, value)) if v.verbatim && !v.text.contains('\n') => {
            let message = format!("Write `{}`", value.lines().next().unwrap_or(""));
            d.with_fix(Fix::new(applicability, message, vec![Edit::replace(v.span(), value)]))
        }
        _ => d,
    }
}

impl<'a> Lowerer<'a> {
    /// `setLevel(text)`: only exact level names are accepted.
    pub(super) fn level_value(
        &mut self,
        v: &Value<'a>,
        owner: Owner<'_>,
    ) -> Result<Level, Reported> {
        // names the host registered with addLevelName() before fileConfig too
        if let Some(level) = Level::from_name_with(&v.text, self.opts.host.extra_levels()) {
            return Ok(level);
        }
        let exc = PyException::value_error(format!(
            "Unknown level: {}",
            crate::pyrepr::repr_str(&v.text)
        ));
        let d = Diagnostic::new(
            &rules::UNKNOWN_LEVEL,
            v.span(),
            format!(
                "{owner} has an unknown level {}",
                crate::pyrepr::repr_str(&v.text)
            ),
        )
        .with_label("not a level name")
        .with_python(exc);
        Err(self.raise(with_value_fix(d, v, level_help(&v.text))))
    }
}

/// `int(text)` for a str as `getint` calls it (base 10, underscores between
/// digits, surrounding whitespace, a sign, any Unicode decimal digits).
pub(crate) fn python_int(text: &str) -> Option<i64> {
    let t = crate::pyrepr::py_strip(text);
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let mut value: i64 = 0;
    for c in digits.chars() {
        if c == '_' {
            continue;
        }
        let d = unicode_decimal(c)?;
        value = value.checked_mul(10)?.checked_add(d as i64)?;
    }
    Some(if neg { -value } else { value })
}

/// The value of a Unicode decimal digit (category Nd), as `int()` accepts them.
fn unicode_decimal(c: char) -> Option<u32> {
    if let Some(d) = c.to_digit(10) {
        return Some(d);
    }
    use unicode_general_category::{GeneralCategory, get_general_category};
    if get_general_category(c) != GeneralCategory::DecimalNumber {
        return None;
    }
    // Nd digits come in contiguous runs of ten starting at a code point ≡ 0 (mod 16)
    // or at a run start; find the run start by walking back over Nd characters.
    let mut start = c as u32;
    while start > 0 {
        match char::from_u32(start - 1) {
            Some(p)
                if get_general_category(p) == GeneralCategory::DecimalNumber
                    && (c as u32 - (start - 1)) < 10 =>
            {
                start -= 1
            }
            _ => break,
        }
    }
    Some((c as u32 - start) % 10)
}

/// The help for an unknown level, and the value that fixes it when the
/// intent is clear: safe when only the failure goes (an inline comment, the
/// case, a number or `logging.` prefix), unsafe for a did-you-mean.
fn level_help(text: &str) -> (String, Option<(Applicability, String)>) {
    if text.contains('\n') {
        return ("this value continues on an indented line: un-indent the next option so it is not part of this value".to_string(), None);
    }
    let (bare, comment) = match crate::fix::inline_comment(text) {
        Some((bare, comment)) => (bare, Some(comment)),
        None => (text, None),
    };
    let intended = intended_level(bare);
    if let (Some(comment), Some((name, _))) = (comment, &intended) {
        return (
            format!("fileConfig files have no inline comments: the whole text is the value. Write `{name}` and move the comment to its own line"),
            Some((Applicability::Safe, format!("{name}\n{comment}"))),
        );
    }
    if let Some((name, why)) = intended {
        return (format!("{why}: write `{name}`"), Some((Applicability::Safe, name)));
    }
    if text.parse::<i64>().is_ok() {
        return ("numbers are not accepted in a config file: use one of CRITICAL, ERROR, WARNING, INFO, DEBUG, NOTSET".to_string(), None);
    }
    match did_you_mean(&text.to_uppercase(), Level::ACCEPTED_NAMES.iter().copied()) {
        Some(close) => (format!("did you mean `{close}`?"), Some((Applicability::Unsafe, close.to_string()))),
        None => (
            "use one of CRITICAL, ERROR, WARNING, INFO, DEBUG, NOTSET (or the aliases FATAL, WARN)".to_string(),
            None,
        ),
    }
}

/// The level a value plainly means, and why it is not accepted as written:
/// the name itself, in another case, with `logging.`, or as its number.
fn intended_level(text: &str) -> Option<(String, &'static str)> {
    if Level::from_config_str(text).is_some() {
        return Some((text.to_string(), "the level is right"));
    }
    if let Some(level) = Level::from_config_str(&text.to_uppercase()) {
        return Some((level.name().into_owned(), "level names are case-sensitive"));
    }
    if let Some(rest) = text.strip_prefix("logging.")
        && let Some(level) = Level::from_config_str(&rest.to_uppercase())
    {
        return Some((level.name().into_owned(), "levels are names, not Python expressions"));
    }
    let name = Level(text.parse::<i64>().ok()?).name();
    Level::from_config_str(&name).map(|_| (name.into_owned(), "numbers are not accepted in a config file"))
}

#[cfg(test)]
mod tests {
    use super::python_int;

    #[test]
    fn int_like_python() {
        assert_eq!(python_int("1"), Some(1));
        assert_eq!(python_int(" -2 "), Some(-2));
        assert_eq!(python_int("1_0"), Some(10));
        assert_eq!(python_int("١"), Some(1));
        for bad in ["yes", "True", "", "1__0", "_1", "0x1", "1.0"] {
            assert_eq!(python_int(bad), None, "{bad:?}");
        }
    }
}
