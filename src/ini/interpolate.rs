//! `configparser.BasicInterpolation.before_get`: `%%` → `%`, `%(name)s` →
//! the (recursively interpolated) value of `name`, anything else after `%` is an
//! `InterpolationSyntaxError`.
//!
//! CPython recurses into a substituted value only when it contains `%`, and
//! gives up with `InterpolationDepthError` when the depth exceeds
//! `MAX_INTERPOLATION_DEPTH` (10). Error messages always name the option that
//! was *requested* and quote its raw value, whatever depth failed.
//!
//! The result of substituting a name at a given depth only depends on that name
//! and depth, so results are memoised: a value referencing another value many
//! times cannot blow up the work (CPython would take exponential time there).
//!
//! # Example
//! ```
//! use logcheck::ini::{read, ReadOptions};
//! let doc = read("[DEFAULT]\ndir=/var\n[s]\np=%(DIR)s/%%x\n", "f.ini", &ReadOptions::default());
//! assert_eq!(doc.get("s", "p", false).unwrap().unwrap().value, "/var/%x");
//! ```

use crate::diagnostic::PyException;
use crate::pyrepr::repr_str;
use rustc_hash::FxHashMap;

/// `configparser.MAX_INTERPOLATION_DEPTH`.
pub const MAX_INTERPOLATION_DEPTH: usize = 10;

/// Results longer than this are refused with `MemoryError` instead of being
/// built (CPython would try and exhaust memory).
const MAX_RESULT_LEN: usize = 1 << 26;

/// Everything one interpolated `get` needs.
pub(crate) struct Interpolation<'a, F: Fn(&str) -> Option<&'a str>> {
    /// The requested option (already lower-cased) and section, for messages.
    pub option: &'a str,
    pub section: &'a str,
    /// The requested option's raw value, for messages.
    pub raw_value: &'a str,
    /// Looks a lower-cased name up in the section, then in DEFAULT.
    pub lookup: F,
}

type Memo = FxHashMap<(String, usize), Result<String, PyException>>;

impl<'a, F: Fn(&str) -> Option<&'a str>> Interpolation<'a, F> {
    /// Interpolate the requested option's raw value.
    pub fn run(&self) -> Result<String, PyException> {
        if !self.raw_value.contains('%') {
            // `_interpolate_some` appends a value without `%` as it is
            return Ok(self.raw_value.to_string());
        }
        let mut out = String::new();
        let mut memo = Memo::default();
        self.interpolate_some(&mut out, self.raw_value, 1, &mut memo)?;
        Ok(out)
    }

    fn syntax_error(&self, message: String) -> PyException {
        PyException::new("configparser.InterpolationSyntaxError", message)
    }

    fn interpolate_some(
        &self,
        accum: &mut String,
        value: &str,
        depth: usize,
        memo: &mut Memo,
    ) -> Result<(), PyException> {
        if depth > MAX_INTERPOLATION_DEPTH {
            return Err(PyException::new(
                "configparser.InterpolationDepthError",
                format!(
                    "Recursion limit exceeded in value substitution: option {} in section {} \
                     contains an interpolation key which cannot be substituted in {} steps. \
                     Raw value: {}",
                    repr_str(self.option),
                    repr_str(self.section),
                    MAX_INTERPOLATION_DEPTH,
                    repr_str(self.raw_value)
                ),
            ));
        }
        let mut rest = value;
        while !rest.is_empty() {
            let Some(p) = rest.find('%') else {
                push_checked(accum, rest)?;
                return Ok(());
            };
            push_checked(accum, &rest[..p])?;
            rest = &rest[p..];
            match rest.as_bytes().get(1) {
                Some(b'%') => {
                    push_checked(accum, "%")?;
                    rest = &rest[2..];
                }
                Some(b'(') => {
                    // _KEYCRE = r"%\(([^)]+)\)s", matched at the start of `rest`.
                    let Some((name, consumed)) = match_key(rest) else {
                        return Err(self.syntax_error(format!(
                            "bad interpolation variable reference {}",
                            repr_str(rest)
                        )));
                    };
                    rest = &rest[consumed..];
                    let var = super::lower(name);
                    let substituted = self.substitute(&var, depth, memo)?;
                    push_checked(accum, &substituted)?;
                }
                _ => {
                    return Err(self.syntax_error(format!(
                        "'%' must be followed by '%' or '(', found: {}",
                        repr_str(rest)
                    )));
                }
            }
        }
        Ok(())
    }

    /// The text that replaces `%(var)s` met at `depth`.
    fn substitute(&self, var: &str, depth: usize, memo: &mut Memo) -> Result<String, PyException> {
        let key = (var.to_string(), depth);
        if let Some(done) = memo.get(&key) {
            return done.clone();
        }
        let result = match (self.lookup)(var) {
            None => Err(PyException::new(
                "configparser.InterpolationMissingOptionError",
                format!(
                    "Bad value substitution: option {} in section {} contains an interpolation \
                     key {} which is not a valid option name. Raw value: {}",
                    repr_str(self.option),
                    repr_str(self.section),
                    repr_str(var),
                    repr_str(self.raw_value)
                ),
            )),
            Some(v) if v.contains('%') => {
                let mut inner = String::new();
                self.interpolate_some(&mut inner, v, depth + 1, memo)
                    .map(|()| inner)
            }
            Some(v) => Ok(v.to_string()),
        };
        memo.insert(key, result.clone());
        result
    }
}

fn push_checked(accum: &mut String, text: &str) -> Result<(), PyException> {
    if accum.len().saturating_add(text.len()) > MAX_RESULT_LEN {
        return Err(PyException::new("MemoryError", ""));
    }
    accum.push_str(text);
    Ok(())
}

/// Match `%\(([^)]+)\)s` at the start of `text`: the name and the bytes consumed.
fn match_key(text: &str) -> Option<(&str, usize)> {
    let after = text.strip_prefix("%(")?;
    let close = after.find(')')?;
    if close == 0 || after.as_bytes().get(close + 1) != Some(&b's') {
        return None;
    }
    Some((&after[..close], 2 + close + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(raw: &str, vars: &[(&'static str, &'static str)]) -> Result<String, PyException> {
        let map: FxHashMap<&str, &str> = vars.iter().copied().collect();
        Interpolation {
            option: "opt",
            section: "sec",
            raw_value: raw,
            lookup: |name: &str| map.get(name).copied(),
        }
        .run()
    }

    #[test]
    fn substitutes_and_unescapes() {
        assert_eq!(run("a%%b %(X)s", &[("x", "1")]).unwrap(), "a%b 1");
        assert_eq!(run("%(x)s", &[("x", "%(y)s!"), ("y", "%%")]).unwrap(), "%!");
    }

    #[test]
    fn syntax_errors_quote_the_rest() {
        let e = run("app-%d.log", &[]).unwrap_err();
        assert_eq!(e.type_name, "configparser.InterpolationSyntaxError");
        assert_eq!(
            e.message,
            "'%' must be followed by '%' or '(', found: '%d.log'"
        );
        let e = run("%(x)d", &[("x", "1")]).unwrap_err();
        assert_eq!(e.message, "bad interpolation variable reference '%(x)d'");
        let e = run("%()s", &[]).unwrap_err();
        assert_eq!(e.message, "bad interpolation variable reference '%()s'");
        assert!(run("%", &[]).unwrap_err().message.ends_with("found: '%'"));
    }

    #[test]
    fn missing_and_depth_errors() {
        let e = run("%(nope)s", &[]).unwrap_err();
        assert_eq!(
            e.message,
            "Bad value substitution: option 'opt' in section 'sec' contains an interpolation key \
             'nope' which is not a valid option name. Raw value: '%(nope)s'"
        );
        let e = run("%(a)s", &[("a", "%(a)s")]).unwrap_err();
        assert_eq!(e.type_name, "configparser.InterpolationDepthError");
        assert!(e.message.contains("in 10 steps. Raw value: '%(a)s'"));
    }

    #[test]
    fn exponential_references_stay_cheap() {
        let wide = "%(n)s".repeat(200);
        let wide: &'static str = Box::leak(wide.into_boxed_str());
        let vars = [("a", wide), ("n", "%(e)s"), ("e", "")];
        assert_eq!(run("%(a)s%(a)s", &vars).unwrap(), "");
    }
}
