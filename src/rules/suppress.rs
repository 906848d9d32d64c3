//! Turning findings off: comments in the file and `--select`/`--ignore`.
//!
//! fileConfig files have no inline comments (configparser keeps `;` and `#`
//! after a value as part of it), so suppressions are full-line comments:
//!
//! - `# logcheck: disable=LC618,LC6` on the line before an option silences
//!   those codes (by prefix, or a rule name) on that option and its
//!   continuation lines; before a `[section]` header, in the whole section;
//! - `# logcheck: disable-file=LC607` anywhere silences them in the file.
//!
//! `;` works as the comment prefix too.
//!
//! # Example
//! ```
//! use logcheck::check::{check_bytes, CheckOptions};
//! let text = b"[loggers]\nkeys=root\n[handlers]\nkeys=\n[formatters]\nkeys=\n\
//! [logger_root]\n# logcheck: disable=LC618\nlever=DEBUG\nhandlers=\n";
//! let report = check_bytes("x.conf", text, &CheckOptions::default());
//! assert!(!report.diagnostics.iter().any(|d| d.code == "LC618"));
//! ```

use crate::diagnostic::Diagnostic;
use std::ops::Range;

/// One `disable=` directive and the byte range it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub codes: Vec<String>,
    pub covers: Range<usize>,
}

/// Whether `pattern` (a code prefix such as `LC6`, or a rule name) matches.
fn matches(pattern: &str, diagnostic: &Diagnostic) -> bool {
    let pattern = pattern.trim();
    !pattern.is_empty()
        && (diagnostic
            .code
            .get(..pattern.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(pattern))
            || diagnostic.name == pattern)
}

/// Lines of `text` with their byte offsets.
fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        out.push((at, line.trim_end_matches(['\n', '\r'])));
        at += line.len();
    }
    out
}

fn directive<'t>(line: &'t str, keyword: &str) -> Option<&'t str> {
    let body = line.trim_start().strip_prefix(['#', ';'])?.trim_start();
    let rest = body.strip_prefix("logcheck:")?.trim_start();
    let codes = rest.strip_prefix(keyword)?.trim_start().strip_prefix('=')?;
    Some(codes.trim())
}

fn split_codes(codes: &str) -> Vec<String> {
    codes
        .split([',', ' '])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect()
}

/// Every suppression comment in `text`; `disable-file` covers the whole text.
pub fn parse(text: &str) -> Vec<Suppression> {
    // Most files have no directive: one substring search instead of a pass
    // over every line.
    if !text.contains("logcheck:") {
        return Vec::new();
    }
    let lines = lines(text);
    let mut found = Vec::new();
    for (i, &(_, line)) in lines.iter().enumerate() {
        if let Some(codes) = directive(line, "disable-file") {
            found.push(Suppression {
                codes: split_codes(codes),
                covers: 0..text.len(),
            });
            continue;
        }
        let Some(codes) = directive(line, "disable") else {
            continue;
        };
        // the next line that is neither blank nor a comment
        let is_comment = |l: &str| {
            let t = l.trim_start();
            t.is_empty() || t.starts_with('#') || t.starts_with(';')
        };
        let Some(target) = (i + 1..lines.len()).find(|&j| !is_comment(lines[j].1)) else {
            continue;
        };
        let (start, target_line) = lines[target];
        let is_header = target_line.trim_start().starts_with('[');
        let starts_block = |l: &str| {
            if is_header {
                l.trim_start().starts_with('[')
            } else {
                !l.is_empty() && !l.starts_with([' ', '\t']) && !is_comment(l)
            }
        };
        let end = (target + 1..lines.len())
            .find(|&j| starts_block(lines[j].1))
            .map_or(text.len(), |j| lines[j].0);
        found.push(Suppression {
            codes: split_codes(codes),
            covers: start..end,
        });
    }
    found
}

/// Drops the diagnostics that a comment in `text` suppresses.
pub fn apply(text: &str, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let suppressions = parse(text);
    if suppressions.is_empty() {
        return diagnostics;
    }
    diagnostics.retain(|d| {
        !suppressions.iter().any(|s| {
            s.covers.contains(&d.primary.span.start) && s.codes.iter().any(|c| matches(c, d))
        })
    });
    diagnostics
}

/// `--select`/`--ignore`: the most specific matching prefix decides (an
/// empty `select` selects everything); on a tie, ignore wins.
pub fn select(
    mut diagnostics: Vec<Diagnostic>,
    select: &[String],
    ignore: &[String],
) -> Vec<Diagnostic> {
    let longest = |patterns: &[String], d: &Diagnostic| {
        patterns
            .iter()
            .filter(|p| matches(p, d))
            .map(|p| {
                if p.trim() == d.name {
                    usize::MAX
                } else {
                    p.trim().len()
                }
            })
            .max()
    };
    if select.is_empty() && ignore.is_empty() {
        return diagnostics;
    }
    // In place: with thousands of findings, moving each into a new vector
    // cost more than the filter.
    diagnostics.retain(|d| {
        let selected = if select.is_empty() {
            Some(0)
        } else {
            longest(select, d)
        };
        match (selected, longest(ignore, d)) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(s), Some(i)) => s > i,
        }
    });
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn diag(code: &'static str, at: usize) -> Diagnostic {
        let rule = crate::rules::find(code).unwrap_or(&crate::rules::IGNORED_OPTION);
        Diagnostic::new(rule, Span::new(at, at + 1), "m")
    }

    #[test]
    fn option_and_section_scopes() {
        let text = "[a]\n# logcheck: disable=LC618\nx=1\n  more\ny=2\n; logcheck: disable=LC6\n[b]\nz=1\n[c]\nw=1\n";
        let s = parse(text);
        assert_eq!(s.len(), 2);
        let x = text.find("x=1").unwrap();
        let y = text.find("y=2").unwrap();
        let more = text.find("more").unwrap();
        let z = text.find("z=1").unwrap();
        let w = text.find("w=1").unwrap();
        let kept = apply(
            text,
            vec![
                diag("LC618", x),
                diag("LC618", more),
                diag("LC618", y),
                diag("LC607", z),
                diag("LC607", w),
            ],
        );
        let at: Vec<usize> = kept.iter().map(|d| d.primary.span.start).collect();
        assert_eq!(at, vec![y, w]);
    }

    #[test]
    fn file_scope_and_names() {
        let text = "# logcheck: disable-file=unused-handler\n[a]\nx=1\n";
        let kept = apply(text, vec![diag("LC607", 45), diag("LC608", 45)]);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].code, "LC608");
    }

    #[test]
    fn select_and_ignore_by_prefix() {
        let all = || vec![diag("LC607", 0), diag("LC618", 0), diag("LC201", 0)];
        let codes = |v: Vec<Diagnostic>| v.iter().map(|d| d.code).collect::<Vec<_>>();
        assert_eq!(
            codes(select(all(), &["LC6".into()], &[])),
            vec!["LC607", "LC618"]
        );
        assert_eq!(codes(select(all(), &[], &["LC6".into()])), vec!["LC201"]);
        assert_eq!(
            codes(select(all(), &["LC618".into()], &["LC6".into()])),
            vec!["LC618"]
        );
    }
}
