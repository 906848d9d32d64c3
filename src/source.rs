//! Byte spans into the configuration text and their conversion to line:column.
//!
//! Every later stage (reader, model, rules) reports locations as [`Span`]s over
//! the decoded text of one file; only renderers turn them into `line:col` with a
//! [`LineIndex`], so positions are computed once and never drift between outputs.
//!
//! # Example
//! ```
//! use logcheck::source::{LineIndex, Span};
//! let text = "[loggers]\nkeys=root\n";
//! let index = LineIndex::new(text);
//! let span = Span::new(15, 19); // "root"
//! assert_eq!(index.line_col(text, span.start), (2, 6));
//! ```

use serde::Serialize;

/// A half-open byte range `start..end` into one file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// The whole lines of `text` that hold `from..to`, the last line break
/// included (`None` when the range is not a char-boundary range of `text`).
pub fn lines_around(text: &str, from: usize, to: usize) -> Option<Span> {
    let start = text.get(..from)?.rfind('\n').map_or(0, |i| i + 1);
    let end = text.get(to..)?.find('\n').map_or(text.len(), |i| to + i + 1);
    Some(Span::new(start, end))
}

impl Span {
    /// `start..end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `at` (used for "missing option" findings that point at a header).
    pub const fn point(at: usize) -> Self {
        Span { start: at, end: at }
    }

    /// The number of bytes covered (0 when `end <= start`).
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Covers no byte.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// `value` written at `span`.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// Start offsets of every line, for byte offset → (line, column) lookups.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`, exactly as Python's universal
/// newlines split them, so line numbers agree with CPython's messages.
/// Columns are 1-based and count Unicode scalar values, as editors do.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: LineStarts,
}

/// The line starts, as 4-byte offsets for any text shorter than 4 GiB: half
/// the memory (and the page faults) of a 5,000-logger file's 31,000 lines.
#[derive(Debug, Clone)]
enum LineStarts {
    Narrow(Vec<u32>),
    Wide(Vec<usize>),
}

/// Calls `found` with the start of every line after the first, in order.
fn each_line_start(bytes: &[u8], mut found: impl FnMut(usize)) {
    for i in crate::scan::positions_of_either(b'\n', b'\r', bytes) {
        // `\r\n` is one line break: the `\n` right after reports it.
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            continue;
        }
        found(i + 1);
    }
}

/// `binary_search`'s answer turned into a 1-based line number.
fn line_of<T: Ord>(starts: &[T], offset: &T) -> usize {
    match starts.binary_search(offset) {
        Ok(i) => i + 1,
        Err(i) => i,
    }
}

impl LineIndex {
    /// The line starts of `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let line_starts = if u32::try_from(bytes.len()).is_ok() {
            let mut starts = vec![0u32];
            // every offset is at most `bytes.len()`, which fits
            each_line_start(bytes, |at| starts.push(at as u32));
            LineStarts::Narrow(starts)
        } else {
            let mut starts = vec![0usize];
            each_line_start(bytes, |at| starts.push(at));
            LineStarts::Wide(starts)
        };
        LineIndex { line_starts }
    }

    /// 1-based line number containing `offset`.
    pub fn line(&self, offset: usize) -> usize {
        match &self.line_starts {
            // Past `u32::MAX` is past every start, as `u32::MAX` itself is
            // (no start of a shorter text exceeds it).
            LineStarts::Narrow(starts) => {
                line_of(starts, &u32::try_from(offset).unwrap_or(u32::MAX))
            }
            LineStarts::Wide(starts) => line_of(starts, &offset),
        }
    }

    /// Byte offset where 1-based `line` starts (clamped to the last line).
    pub fn line_start(&self, line: usize) -> usize {
        let i = line.saturating_sub(1).min(self.line_count() - 1);
        match &self.line_starts {
            LineStarts::Narrow(starts) => starts[i] as usize,
            LineStarts::Wide(starts) => starts[i],
        }
    }

    /// Number of lines (a trailing newline opens one more, empty line).
    pub fn line_count(&self) -> usize {
        match &self.line_starts {
            LineStarts::Narrow(starts) => starts.len(),
            LineStarts::Wide(starts) => starts.len(),
        }
    }

    /// 1-based (line, column) of `offset`; the column counts characters.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line(offset);
        (line, self.column(text, line, offset))
    }

    /// 1-based column (in characters) of `offset` on `line`.
    fn column(&self, text: &str, line: usize, offset: usize) -> usize {
        let start = self.line_start(line);
        let col = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        col + 1
    }

    /// [`line_col`](Self::line_col), trying the line of an earlier lookup
    /// (`hint`, a line number, updated) and the lines after it before a
    /// binary search: a report's findings come in file order, each a few
    /// lines after the last, so most lookups cost a few comparisons.
    pub fn line_col_near(&self, text: &str, offset: usize, hint: &mut usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let count = self.line_count();
        // From the hint's line, if it starts at or before `offset`, walk a
        // few lines on (the next finding's section is usually just below)
        // to the last line starting at or before it; else, or if that walk
        // is too short, a binary search.
        let mut line = *hint;
        let walked = if (1..=count).contains(&line) && self.line_start(line) <= offset {
            let last = count.min(line + 16);
            while line < last && self.line_start(line + 1) <= offset {
                line += 1;
            }
            (line == count || offset < self.line_start(line + 1)).then_some(line)
        } else {
            None
        };
        let line = walked.unwrap_or_else(|| self.line(offset));
        *hint = line;
        (line, self.column(text, line, offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whatever the hint, `line_col_near` answers what `line_col` does.
    #[test]
    fn line_col_near_is_line_col() {
        for text in ["", "a", "a\r\nb\rc\nd", "\n\n\r\r\n", "é\nxé\n\nz"] {
            let index = LineIndex::new(text);
            for hint in 0..=index.line_count() + 2 {
                for offset in 0..=text.len() + 2 {
                    let mut h = hint;
                    assert_eq!(
                        index.line_col_near(text, offset, &mut h),
                        index.line_col(text, offset),
                        "{text:?} {offset} {hint}"
                    );
                    assert_eq!(h, index.line(offset.min(text.len())));
                }
            }
        }
    }

    #[test]
    fn lines_split_like_universal_newlines() {
        let text = "a\r\nb\rc\nd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_col(text, 0), (1, 1));
        assert_eq!(index.line_col(text, 3), (2, 1));
        assert_eq!(index.line_col(text, 5), (3, 1));
        assert_eq!(index.line_col(text, 7), (4, 1));
    }

    /// The memchr scan finds the line starts a byte-by-byte universal-newline
    /// split finds.
    #[test]
    fn line_starts_match_a_byte_scan() {
        for text in ["", "\n", "\r", "\r\n", "a\r\r\nb\n\rc", "x\n\n\r\r\ny\r", "é\r\n日\n"] {
            let bytes = text.as_bytes();
            let mut expected = vec![0];
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                if bytes[i] == b'\n' || bytes[i] == b'\r' {
                    expected.push(i + 1);
                }
                i += 1;
            }
            let index = LineIndex::new(text);
            assert_eq!(index.line_count(), expected.len(), "{text:?}");
            for (line, &start) in expected.iter().enumerate() {
                assert_eq!(index.line_start(line + 1), start, "{text:?}");
            }
            for offset in 0..=bytes.len() + 1 {
                let line = expected.iter().filter(|&&s| s <= offset).count();
                assert_eq!(index.line(offset), line, "{text:?} at {offset}");
            }
        }
    }

    #[test]
    fn columns_count_characters() {
        let text = "é=x";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 2), (1, 2));
    }
}
