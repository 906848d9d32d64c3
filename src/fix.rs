//! Fixes as data, and applying them to a file's text.
//!
//! A [`Diagnostic`] may carry a [`Fix`]: the edits that make the file
//! right, and how sure they are ([`Applicability`]): *safe* fixes only
//! remove a failure of a file that cannot load today; *unsafe* ones change
//! what a loading file writes or guess the intent; *display-only* ones are
//! shown, never applied.
//!
//! [`fix_text`] applies them as ruff's `apply_fixes` does: in rounds, each
//! round the non-overlapping fixes of a fresh check, earliest first, with a
//! re-check between rounds; a round that introduces an error (a new finding
//! of error severity on the text it wrote) is rolled back and ends the
//! fixing. Errors that fixing an earlier one uncovers elsewhere (fileConfig
//! stops at its first error) are fixed in the next rounds. Edits touch only
//! their spans, so everything else is kept; the `\n`s an edit writes
//! become `\r\n` in a file whose lines end so.
//!
//! # Example
//! ```
//! use logcheck::{CheckOptions, check_bytes};
//! use logcheck::fix::fix_text;
//! let text = "[loggers]\nkeys=root\n[handlers]\nkeys=\n[formatters]\nkeys=\n[logger_root]\nlevel=info\nhandlers=\n";
//! let check = |t: &str| check_bytes("log.conf", t.as_bytes(), &CheckOptions::default());
//! let fixed = fix_text(text, false, check);
//! assert!(fixed.text.contains("level=INFO\n"));
//! assert!(fixed.report.python_error.is_none());
//! assert_eq!(fixed.applied, vec!["LC301"]);
//! ```

use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Span;
use std::borrow::Cow;

/// How sure a fix is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Applicability {
    /// Shown, never applied (the right edit depends on intent).
    DisplayOnly,
    /// Applied with `--unsafe-fixes`: it changes what a loading file writes,
    /// or guesses the intent (a did-you-mean).
    Unsafe,
    /// Applied by `--fix`: the file cannot load today and the edit only
    /// removes that failure.
    Safe,
}

impl Applicability {
    /// `safe`, `unsafe` or `display-only`, as the JSON output spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// Replace the text of `span` with `content` (an empty span inserts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The byte range of the file's text that is replaced.
    pub span: Span,
    /// The new text.
    pub content: String,
}

impl Edit {
    /// Replace `span` with `content`.
    pub fn replace(span: Span, content: impl Into<String>) -> Self {
        Edit {
            span,
            content: content.into(),
        }
    }

    /// Delete `span`.
    pub fn delete(span: Span) -> Self {
        Edit::replace(span, "")
    }

    /// Insert `content` at byte `at`.
    pub fn insert(at: usize, content: impl Into<String>) -> Self {
        Edit::replace(Span::new(at, at), content)
    }
}

/// The edits that fix one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// How sure the fix is.
    pub applicability: Applicability,
    /// What it does, imperative (`Write `INFO``).
    pub message: Cow<'static, str>,
    /// Non-overlapping edits, in text order.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A safe fix.
    pub fn safe(message: impl Into<Cow<'static, str>>, edits: Vec<Edit>) -> Self {
        Fix::new(Applicability::Safe, message, edits)
    }

    /// An unsafe fix.
    pub fn unsafe_edit(message: impl Into<Cow<'static, str>>, edits: Vec<Edit>) -> Self {
        Fix::new(Applicability::Unsafe, message, edits)
    }

    /// A fix of any applicability (edits are sorted into text order).
    pub fn new(
        applicability: Applicability,
        message: impl Into<Cow<'static, str>>,
        mut edits: Vec<Edit>,
    ) -> Self {
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        Fix {
            applicability,
            message: message.into(),
            edits,
        }
    }

    /// The text range its edits cover.
    fn extent(&self) -> Option<Span> {
        let first = self.edits.first()?;
        let last = self.edits.last()?;
        Some(Span::new(
            first.span.start,
            last.span.end.max(first.span.end),
        ))
    }
}

/// What [`fix_text`] did.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The text after every applied round.
    pub text: String,
    /// The rule codes of the applied fixes, in the order applied.
    pub applied: Vec<&'static str>,
    /// The check of [`Fixed::text`]: what remains.
    pub report: FileReport,
}

/// At most this many rounds (each applies at least one fix), ruff's
/// limit: fixes that touch wait for the next round, so a file with dozens
/// of repeated empty sections takes a round for each.
const MAX_ROUNDS: usize = 100;

/// Applies the fixes `check` finds in `text` (the unsafe ones too when
/// `unsafe_fixes`), in rounds with a re-check between them.
pub fn fix_text(text: &str, unsafe_fixes: bool, check: impl Fn(&str) -> FileReport) -> Fixed {
    let mut text = text.to_string();
    let mut report = check(&text);
    let mut applied = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let round = apply_round(&text, &report.diagnostics, unsafe_fixes);
        if round.codes.is_empty() {
            break;
        }
        let next_report = check(&round.text);
        if introduces_error(&report, &next_report, &round.written) {
            break;
        }
        let (next, codes) = (round.text, round.codes);
        text = next;
        report = next_report;
        applied.extend(codes);
    }
    Fixed {
        text,
        applied,
        report,
    }
}

/// Whether `after` has an error `before` did not, on the text a round
/// wrote (`written`, ranges of the new text).
fn introduces_error(before: &FileReport, after: &FileReport, written: &[Span]) -> bool {
    let known = |d: &Diagnostic| {
        (before.diagnostics.iter()).any(|b| b.code == d.code && b.message == d.message)
    };
    (after.diagnostics.iter())
        .filter(|d| d.severity == Severity::Error && !known(d))
        .any(|d| {
            let at = d.primary.span;
            written
                .iter()
                .any(|w| at.start <= w.end && w.start <= at.end)
        })
}

/// What one round wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    /// The text with the round's fixes applied.
    pub text: String,
    /// The rule codes of the applied fixes.
    pub codes: Vec<&'static str>,
    /// The ranges of the new text the edits wrote.
    pub written: Vec<Span>,
}

/// Whether `fix` is applied with these options.
pub fn applies(fix: &Fix, unsafe_fixes: bool) -> bool {
    match fix.applicability {
        Applicability::Safe => true,
        Applicability::Unsafe => unsafe_fixes,
        Applicability::DisplayOnly => false,
    }
}

/// One round: the applicable fixes of `diagnostics` that overlap no
/// earlier one, applied; and their rule codes.
pub fn apply_round(text: &str, diagnostics: &[Diagnostic], unsafe_fixes: bool) -> Round {
    let mut fixes: Vec<(&Fix, &'static str, Span)> = (diagnostics.iter())
        .filter_map(|d| {
            let fix = d.fix.as_deref().filter(|f| applies(f, unsafe_fixes))?;
            Some((fix, d.code, fix.extent()?))
        })
        .filter(|(f, _, _)| edits_fit(text, f))
        .collect();
    fixes.sort_by_key(|(_, _, extent)| (extent.start, extent.end));
    let mut out = String::with_capacity(text.len());
    let (mut at, mut codes, mut written) = (0, Vec::new(), Vec::new());

    let mut taken: Vec<Span> = Vec::new();
    for (fix, code, extent) in fixes {
        // fixes that touch or overlap one already taken wait for the next round
        if extent.start < at || taken.iter().any(|t| overlaps(*t, extent)) {
            continue;
        }
        for edit in &fix.edits {
            out.push_str(&text[at..edit.span.start]);
            let start = out.len();
            // edits write `\n`; a CRLF file keeps CRLF
            out.push_str(&with_line_ending(text, &edit.content));
            written.push(Span::new(start, out.len()));
            at = edit.span.end;
        }
        taken.push(extent);
        codes.push(code);
    }
    out.push_str(&text[at..]);
    Round {
        text: out,
        codes,
        written,
    }
}

/// Every edit is a char-boundary range of `text`, in order, not overlapping.
fn edits_fit(text: &str, fix: &Fix) -> bool {
    let mut end = 0;
    fix.edits.iter().all(|e| {
        let ok = e.span.start >= end
            && e.span.start <= e.span.end
            && text.is_char_boundary(e.span.start)
            && text.is_char_boundary(e.span.end);
        end = e.span.end;
        ok
    })
}

/// Two ranges share a byte, or are the same insertion point.
fn overlaps(a: Span, b: Span) -> bool {
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

/// A value with an inline comment, as fileConfig reads it whole
/// (`INFO ; note`): the text before the comment (trimmed) and the comment
/// (`; note`), which a fix moves to its own line.
pub(crate) fn inline_comment(value: &str) -> Option<(&str, &str)> {
    let at = value.find([';', '#'])?;
    Some((value[..at].trim(), &value[at..]))
}

/// `content` as an edit writes it into `text`: its `\n`s become the line
/// ending `text` uses.
pub(crate) fn with_line_ending<'c>(text: &str, content: &'c str) -> Cow<'c, str> {
    match line_ending(text) {
        "\n" => Cow::Borrowed(content),
        eol => Cow::Owned(content.replace('\n', eol)),
    }
}

/// The line ending `text` uses (`\r\n` when its first line ends so).
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::UNKNOWN_LEVEL;

    fn finding(span: Span, fix: Fix) -> Diagnostic {
        Diagnostic::new(&UNKNOWN_LEVEL, span, "x").with_fix(fix)
    }

    /// Forty repeated empty sections, each removal touching the next, are
    /// all removed in one run (a round each), so a second run changes nothing.
    #[test]
    fn touching_fixes_all_apply_in_one_run() {
        let text = format!(
            "[loggers]\nkeys=root\n[logger_root]\n{}",
            "[s]\n".repeat(40)
        );
        let check = |t: &str| {
            crate::check::check_bytes("log.conf", t.as_bytes(), &crate::CheckOptions::default())
        };
        let once = fix_text(&text, true, check);
        assert!(once.applied.len() >= 39, "{:?}", once.applied);
        assert_eq!(fix_text(&once.text, true, check).text, once.text);
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_round() {
        let text = "abcdef";
        let d = [
            finding(
                Span::new(0, 2),
                Fix::safe("x", vec![Edit::replace(Span::new(0, 2), "XY")]),
            ),
            finding(
                Span::new(1, 3),
                Fix::safe("y", vec![Edit::replace(Span::new(1, 3), "Q")]),
            ),
            finding(
                Span::new(4, 4),
                Fix::unsafe_edit("z", vec![Edit::insert(4, "-")]),
            ),
        ];
        let round = apply_round(text, &d, false);
        assert_eq!(
            (round.text.as_str(), round.codes),
            ("XYcdef", vec!["LC301"])
        );
        assert_eq!(round.written, vec![Span::new(0, 2)]);
        assert_eq!(apply_round(text, &d, true).text, "XYcd-ef");
    }

    #[test]
    fn edits_off_char_boundaries_are_skipped() {
        let text = "é";
        let d = [finding(
            Span::new(1, 2),
            Fix::safe("x", vec![Edit::delete(Span::new(1, 2))]),
        )];
        assert_eq!(apply_round(text, &d, true).text, text);
        assert!(apply_round(text, &d, true).codes.is_empty());
    }

    #[test]
    fn line_endings_are_detected() {
        assert_eq!(line_ending("a\r\nb\n"), "\r\n");
        assert_eq!(line_ending("a\nb\r\n"), "\n");
        assert_eq!(line_ending("a"), "\n");
    }
}
