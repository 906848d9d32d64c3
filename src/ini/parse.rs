//! The line loop of `RawConfigParser._read` (3.11; 3.13's refactored
//! `_read_inner` behaves identically for fileConfig's arguments), with spans.
//!
//! State mirrors CPython's locals: the current section (`cursect`), the
//! current option (`optname`, cleared by a header and by an empty key but
//! *not* by a bad line) and `indent_level` (the indentation, in characters,
//! of the last header/option/bad line). A non-blank line indented deeper than
//! `indent_level` continues the current option.
//!
//! Unlike configparser, reading continues after a hard error so every problem
//! of the file is reported; the state then evolves as a non-strict parser's
//! would (a repeated section is reopened, a repeated option replaces the value).
//!
//! # Example
//! ```
//! use logcheck::ini::{read, ReadOptions, ReadProblem};
//! let doc = read("[s]\nkey\n[s]\n", "f.ini", &ReadOptions::default());
//! assert!(matches!(doc.problems[0], ReadProblem::NoDelimiter { line: 2, .. }));
//! assert!(matches!(doc.problems[1], ReadProblem::DuplicateSection { line: 3, .. }));
//! // The duplicate section is raised at once; the ParsingError would only come at the end.
//! assert_eq!(doc.error.unwrap().exception.type_name, "configparser.DuplicateSectionError");
//! ```

use super::{
    DEFAULT_SECTION, IniDocument, IniOption, IniSection, Origin, ReadError, ReadErrorKind,
    ReadOptions, ReadProblem, SectionIndex, ValuePiece, lower, lower_compact,
};
use crate::diagnostic::PyException;
use crate::pyrepr::{is_py_space, py_strip, py_strip_end, py_strip_start, repr_str};
use crate::source::Span;
use crate::version::PyVersion;
use compact_str::CompactString;
use rustc_hash::{FxHashMap, FxHashSet};

/// One physical line as Python's universal-newline reader yields it.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    number: usize,
    start: usize,
    /// Text without its terminator.
    content: &'a str,
    /// Whether a `\n`, `\r\n` or `\r` ended it (Python shows it as `\n`).
    terminated: bool,
}

impl Line<'_> {
    /// `repr(line)` as configparser's messages show it.
    fn repr(&self) -> String {
        if self.terminated {
            let mut with_newline = String::with_capacity(self.content.len() + 1);
            with_newline.push_str(self.content);
            with_newline.push('\n');
            repr_str(&with_newline)
        } else {
            repr_str(self.content)
        }
    }
}

fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let bytes = text.as_bytes();
    let mut pos = 0usize;
    let mut number = 0usize;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let rest = bytes.get(start..).unwrap_or(&[]);
        let (content_len, terminator_len) = match crate::scan::find_either(b'\n', b'\r', rest) {
            None => (rest.len(), 0),
            Some(i) if rest.get(i) == Some(&b'\r') && rest.get(i + 1) == Some(&b'\n') => (i, 2),
            Some(i) => (i, 1),
        };
        pos = start + content_len + terminator_len;
        number += 1;
        Some(Line {
            number,
            start,
            content: text.get(start..start + content_len).unwrap_or(""),
            terminated: terminator_len > 0,
        })
    })
}

/// Where an option being read lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Default,
    Section(usize),
}

struct Reader<'t> {
    text: &'t str,
    file_name: &'t str,
    /// `repr(source)` as configparser's messages show it.
    source: String,
    defaults: Vec<IniOption>,
    default_index: FxHashMap<CompactString, usize>,
    /// Names set by the file's `[DEFAULT]` headers (`elements_added`); defines are not in it.
    default_added: FxHashSet<CompactString>,
    default_headers: Vec<Span>,
    sections: Vec<IniSection>,
    section_index: SectionIndex,
    problems: Vec<ReadProblem>,
    /// The first exception raised during the loop.
    hard_error: Option<ReadError>,
    /// `e`: the bad lines, as (line number, repr, span).
    parse_errors: Vec<(usize, String, Span)>,
    cursect: Option<Target>,
    /// `optname`, when it names an option (a non-empty name) continuation lines may extend.
    optname: Option<(Target, usize)>,
    /// Starts of the blank lines met since `optname`'s last line: they become
    /// empty value lines only if a continuation line follows (the final
    /// join strips trailing blank lines), so most are never stored.
    pending_blanks: Vec<usize>,
    indent_level: usize,
    seen_header: bool,
    /// Which `SECTCRE` this configparser has (it changed in 3.10).
    headers: HeaderSyntax,
}

/// Read `text` as `ConfigParser(defaults).read(file_name)` does.
pub fn read(text: &str, file_name: &str, opts: &ReadOptions) -> IniDocument {
    let expected = expected_sections(text);
    let mut reader = Reader {
        text,
        file_name,
        source: opts
            .source_repr
            .clone()
            .unwrap_or_else(|| repr_str(file_name)),
        defaults: Vec::new(),
        default_index: FxHashMap::default(),
        default_added: FxHashSet::default(),
        default_headers: Vec::new(),
        sections: Vec::with_capacity(expected),
        section_index: SectionIndex::with_capacity(expected),
        problems: Vec::new(),
        hard_error: None,
        parse_errors: Vec::new(),
        cursect: None,
        optname: None,
        pending_blanks: Vec::new(),
        indent_level: 0,
        seen_header: false,
        headers: HeaderSyntax::of(opts.version),
    };
    let define_error = reader.read_defines(&opts.defaults);
    for line in lines(text) {
        reader.line(line);
    }
    reader.finish(define_error)
}

/// About one section per line starting with `[`, so that big files fill
/// their section list without regrowing it (sections are large); capped by
/// the text's length so that a file of bare `[` lines reserves little.
fn expected_sections(text: &str) -> usize {
    let bytes = text.as_bytes();
    // every `[` that starts a line after the first, and the first line
    let headers = crate::scan::positions(b'[', bytes)
        .filter(|&at| at > 0 && bytes[at - 1] == b'\n')
        .count()
        + 1;
    // A real section takes at least `[x]\nk=v\n`-like 16 bytes.
    headers.min(text.len() / 16 + 1)
}

/// Whether `error` (raised while reading) surfaced before a decode error that
/// left only `readable_len` bytes of text for configparser.
pub(super) fn raised_before(error: &ReadError, text: &str, readable_len: usize) -> bool {
    if error.kind == ReadErrorKind::Parsing {
        // Raised only at the end of the file, which the decode error prevents.
        return false;
    }
    let Some(span) = error.span else {
        // Raised by the constructor, before the file is opened.
        return true;
    };
    let bytes = text.as_bytes();
    let mut end = span.end;
    while end < bytes.len() && bytes.get(end) != Some(&b'\n') && bytes.get(end) != Some(&b'\r') {
        end += 1;
    }
    match (bytes.get(end), bytes.get(end + 1)) {
        (Some(b'\r'), Some(b'\n')) => end + 2 <= readable_len,
        // A lone `\r` at the end of the decoded text is held back by the
        // newline decoder until the next chunk, which fails.
        (Some(b'\r'), _) => end + 1 < readable_len,
        (Some(b'\n'), _) => end < readable_len,
        // The unterminated last line is only seen at end of file.
        _ => false,
    }
}

impl<'t> Reader<'t> {
    /// `ConfigParser(defaults)`: `read_dict({'DEFAULT': dict(defaults)})` under strict mode.
    fn read_defines(&mut self, defines: &[(String, String)]) -> Option<ReadError> {
        // dict(pairs): first position, last value.
        let mut dict: Vec<(&str, &str)> = Vec::new();
        let mut positions: FxHashMap<&str, usize> = FxHashMap::default();
        for (key, value) in defines {
            match positions.get(key.as_str()) {
                Some(&i) => {
                    if let Some(entry) = dict.get_mut(i) {
                        entry.1 = value;
                    }
                }
                None => {
                    positions.insert(key, dict.len());
                    dict.push((key, value));
                }
            }
        }
        let mut error = None;
        for (key, value) in dict {
            let name = lower(key);
            if self.default_index.contains_key(name.as_str()) {
                if error.is_none() {
                    error = Some(ReadError {
                        kind: ReadErrorKind::DuplicateOption,
                        exception: PyException::new(
                            "configparser.DuplicateOptionError",
                            format!(
                                "While reading from '<dict>': option {} in section {} already exists",
                                repr_str(&name),
                                repr_str(DEFAULT_SECTION)
                            ),
                        ),
                        line: None,
                        lines: Vec::new(),
                        span: None,
                    });
                }
                continue;
            }
            self.default_index
                .insert(CompactString::from(name.as_str()), self.defaults.len());
            self.defaults
                .push(IniOption::define(name, value.to_string()));
        }
        error
    }

    fn line(&mut self, line: Line<'t>) {
        let stripped = py_strip(line.content);
        if stripped.is_empty() {
            // An empty line belongs to the current value (kept only if a
            // continuation follows: the final join strips trailing blanks).
            if self.optname.is_some() {
                self.pending_blanks.push(line.start);
            }
            return;
        }
        if stripped.starts_with('#') || stripped.starts_with(';') {
            return;
        }
        // In characters, as Python counts `len(line) - len(line.lstrip())`.
        let indent = if line.content.starts_with(|c: char| c.is_ascii_graphic()) {
            0
        } else {
            line.content.chars().take_while(|&c| is_py_space(c)).count()
        };
        // `stripped` is a subslice of `content`: its offset is what lstrip removed.
        let stripped_start =
            line.start + (stripped.as_ptr() as usize - line.content.as_ptr() as usize);
        let stripped_span = Span::new(stripped_start, stripped_start + stripped.len());
        if let Some((target, index)) = self.optname
            && self.cursect.is_some()
            && indent > self.indent_level
        {
            self.continue_value(target, index, stripped_start, stripped.len());
            return;
        }
        self.indent_level = indent;
        if let Some(name) = self.headers.name(stripped) {
            self.header(line, name, stripped_span);
            return;
        }
        let Some(target) = self.cursect else {
            if !self.seen_header {
                self.missing_header(line, stripped_span);
            }
            return;
        };
        self.option(line, target, stripped, stripped_start, stripped_span);
    }

    fn missing_header(&mut self, line: Line<'t>, span: Span) {
        // Only the first such line: configparser raises there, and later
        // lines before a header say nothing new.
        if self
            .problems
            .iter()
            .any(|p| matches!(p, ReadProblem::MissingSectionHeader { .. }))
        {
            return;
        }
        self.problems.push(ReadProblem::MissingSectionHeader {
            span,
            line: line.number,
        });
        self.raise(ReadError {
            kind: ReadErrorKind::MissingSectionHeader,
            exception: PyException::new(
                "configparser.MissingSectionHeaderError",
                format!(
                    "File contains no section headers.\nfile: {}, line: {}\n{}",
                    &self.source,
                    line.number,
                    line.repr()
                ),
            ),
            line: Some(line.number),
            lines: Vec::new(),
            span: Some(span),
        });
    }

    fn header(&mut self, line: Line<'t>, name: &str, stripped_span: Span) {
        self.seen_header = true;
        self.optname = None;
        self.pending_blanks.clear();
        let name_span = Span::new(
            stripped_span.start + 1,
            stripped_span.start + 1 + name.len(),
        );
        if name == DEFAULT_SECTION {
            self.default_headers.push(stripped_span);
            self.cursect = Some(Target::Default);
            return;
        }
        if let Some(index) = self.section_index.get(&self.sections, name) {
            let first = self
                .sections
                .get(index)
                .map(|s| s.header_span)
                .unwrap_or_default();
            self.problems.push(ReadProblem::DuplicateSection {
                span: stripped_span,
                line: line.number,
                first,
                name: name.to_string(),
            });
            self.raise(ReadError {
                kind: ReadErrorKind::DuplicateSection,
                exception: PyException::new(
                    "configparser.DuplicateSectionError",
                    format!(
                        "While reading from {} [line {:2}]: section {} already exists",
                        &self.source,
                        line.number,
                        repr_str(name)
                    ),
                ),
                line: Some(line.number),
                lines: Vec::new(),
                span: Some(stripped_span),
            });
            if let Some(section) = self.sections.get_mut(index) {
                section.duplicate_headers.push(stripped_span);
            }
            self.cursect = Some(Target::Section(index));
            return;
        }
        let index = self.sections.len();
        self.sections.push(IniSection {
            name: CompactString::from(name),
            name_span,
            header_span: stripped_span,
            options: Vec::new(),
            duplicate_headers: Vec::new(),
            index: None,
        });
        self.section_index.insert(&self.sections, index);
        self.cursect = Some(Target::Section(index));
    }

    /// An option line (`key = value` / `key: value`), as `_read_inner`'s
    /// OPTCRE branch: parse errors, duplicates, then the stored option.
    fn option(
        &mut self,
        line: Line<'t>,
        target: Target,
        stripped: &'t str,
        stripped_start: usize,
        stripped_span: Span,
    ) {
        // OPTCRE: the first `=` or `:` splits; no delimiter is a parse error.
        let Some(delimiter) = crate::scan::find_either(b'=', b':', stripped.as_bytes()) else {
            self.no_delimiter(line, stripped, stripped_span);
            return;
        };
        let key = py_strip_end(stripped.get(..delimiter).unwrap_or(""));
        let after = stripped.get(delimiter + 1..).unwrap_or("");
        let value = py_strip_start(after);
        let value_start = stripped_start + delimiter + 1 + (after.len() - value.len());
        let name_span = Span::new(stripped_start, stripped_start + key.len());
        if key.is_empty() {
            self.problems.push(ReadProblem::EmptyOptionName {
                span: stripped_span,
                line: line.number,
            });
            self.parse_errors
                .push((line.number, line.repr(), stripped_span));
        }
        let name = lower_compact(key);
        let (existing, already_added) = self.find_option(target, &name);
        if already_added {
            self.duplicate_option(line, target, &name, existing, name_span, stripped_span);
        }
        if target == Target::Default {
            self.default_added.insert(name.clone());
        }
        // An empty name is falsy: nothing continues it.
        let continuable = !name.is_empty();
        // The first line's text; `finish` joins continuation lines to it.
        let option = IniOption {
            name,
            name_span,
            value: CompactString::default(),
            value_span: Span::new(value_start, value_start + value.len()),
            line: line.number,
            origin: match target {
                Target::Default => Origin::Default,
                Target::Section(_) => Origin::Section,
            },
            pieces: None,
        };
        self.pending_blanks.clear();
        let Some(index) = self.store_option(target, existing, option) else {
            return;
        };
        self.optname = continuable.then_some((target, index));
    }

    /// The option's index in its section, if set, and whether the file
    /// already added it (`elements_added`: in DEFAULT, defines do not count).
    fn find_option(&self, target: Target, name: &str) -> (Option<usize>, bool) {
        let existing = match target {
            Target::Default => self.default_index.get(name).copied(),
            Target::Section(i) => self.sections.get(i).and_then(|s| s.position(name)),
        };
        let already_added = match target {
            Target::Default => self.default_added.contains(name),
            Target::Section(_) => existing.is_some(),
        };
        (existing, already_added)
    }

    /// A line with neither `=` nor `:`: a parse error (a malformed header
    /// when it starts with `[`), collected into the final ParsingError.
    fn no_delimiter(&mut self, line: Line<'t>, stripped: &str, stripped_span: Span) {
        let problem = if stripped.starts_with('[') {
            ReadProblem::MalformedHeader {
                span: stripped_span,
                line: line.number,
            }
        } else {
            ReadProblem::NoDelimiter {
                span: stripped_span,
                line: line.number,
            }
        };
        self.problems.push(problem);
        self.parse_errors
            .push((line.number, line.repr(), stripped_span));
    }

    /// An option already set in this section by this read: strict mode's
    /// `DuplicateOptionError`.
    fn duplicate_option(
        &mut self,
        line: Line<'t>,
        target: Target,
        name: &str,
        existing: Option<usize>,
        name_span: Span,
        stripped_span: Span,
    ) {
        let section_name = match target {
            Target::Default => DEFAULT_SECTION.to_string(),
            Target::Section(i) => self
                .sections
                .get(i)
                .map(|s| s.name.to_string())
                .unwrap_or_default(),
        };
        let first = existing
            .and_then(|i| self.option_ref(target, i))
            .map(|o| o.name_span)
            .unwrap_or_default();
        self.problems.push(ReadProblem::DuplicateOption {
            span: name_span,
            line: line.number,
            first,
            section: section_name.clone(),
            option: name.to_string(),
        });
        self.raise(ReadError {
            kind: ReadErrorKind::DuplicateOption,
            exception: PyException::new(
                "configparser.DuplicateOptionError",
                format!(
                    "While reading from {} [line {:2}]: option {} in section {} already exists",
                    &self.source,
                    line.number,
                    repr_str(name),
                    repr_str(&section_name)
                ),
            ),
            line: Some(line.number),
            lines: Vec::new(),
            span: Some(stripped_span),
        });
    }

    /// Store an option at its index: a repeat replaces the value in place
    /// (dict assignment keeps the position). None if the section is gone.
    fn store_option(
        &mut self,
        target: Target,
        existing: Option<usize>,
        option: IniOption,
    ) -> Option<usize> {
        match (target, existing) {
            (Target::Default, Some(i)) => {
                if let Some(slot) = self.defaults.get_mut(i) {
                    *slot = option;
                }
                Some(i)
            }
            (Target::Default, None) => {
                self.default_index
                    .insert(option.name.clone(), self.defaults.len());
                self.defaults.push(option);
                Some(self.defaults.len() - 1)
            }
            (Target::Section(s), found) => {
                let section = self.sections.get_mut(s)?;
                match found {
                    Some(i) => {
                        if let Some(slot) = section.options.get_mut(i) {
                            *slot = option;
                        }
                        Some(i)
                    }
                    None => {
                        section.push_option(option);
                        Some(section.options.len() - 1)
                    }
                }
            }
        }
    }

    fn option_ref(&self, target: Target, index: usize) -> Option<&IniOption> {
        match target {
            Target::Default => self.defaults.get(index),
            Target::Section(s) => self.sections.get(s).and_then(|sec| sec.options.get(index)),
        }
    }

    /// Append a continuation line's text to an option's value, after the
    /// blank lines met since its previous line.
    fn continue_value(&mut self, target: Target, index: usize, start: usize, len: usize) {
        let option = match target {
            Target::Default => self.defaults.get_mut(index),
            Target::Section(s) => self
                .sections
                .get_mut(s)
                .and_then(|section| section.options.get_mut(index)),
        };
        let Some(option) = option else {
            return;
        };
        // `value_start` is filled in by `join_value`.
        let piece = |source_start, len| ValuePiece {
            value_start: 0,
            source_start,
            len,
        };
        let pieces = option.pieces.get_or_insert_with(Box::default);
        pieces.extend(self.pending_blanks.drain(..).map(|blank| piece(blank, 0)));
        pieces.push(piece(start, len));
    }

    fn raise(&mut self, error: ReadError) {
        if self.hard_error.is_none() {
            self.hard_error = Some(error);
        }
    }

    /// `_join_multiline_values` and the final `raise e`.
    fn finish(mut self, define_error: Option<ReadError>) -> IniDocument {
        let text = self.text;
        for option in &mut self.defaults {
            if option.origin != Origin::Define {
                join_value(text, option);
            }
        }
        for section in &mut self.sections {
            for option in &mut section.options {
                join_value(text, option);
            }
        }
        let parsing_error = (!self.parse_errors.is_empty()).then(|| {
            let mut message = format!(
                "Source contains parsing errors: {}",
                &self.source
            );
            for (number, repr, _) in &self.parse_errors {
                message.push_str(&format!("\n\t[line {number:2}]: {repr}"));
            }
            ReadError {
                kind: ReadErrorKind::Parsing,
                exception: PyException::new("configparser.ParsingError", message),
                line: None,
                lines: self.parse_errors.iter().map(|(n, _, _)| *n).collect(),
                span: self.parse_errors.first().map(|(_, _, span)| *span),
            }
        });
        let error = define_error.or(self.hard_error).or(parsing_error);
        IniDocument {
            file_name: self.file_name.to_string(),
            defaults: self.defaults,
            default_headers: self.default_headers,
            sections: self.sections,
            problems: self.problems,
            error,
            text_len: text.len(),
            default_index: self.default_index,
            section_index: self.section_index,
        }
    }
}

/// `'\n'.join(parts).rstrip()`, keeping where every piece came from. On
/// entry `value_span` is the first line's text and `pieces` the continuation
/// lines (blank ones only where a later line follows, so nothing trailing
/// needs stripping: every part is stripped text).
fn join_value(text: &str, option: &mut IniOption) {
    let first = option.value_span;
    let first_text = text.get(first.start..first.end).unwrap_or("");
    let Some(mut pieces) = option.pieces.take() else {
        option.value = CompactString::from(first_text);
        return;
    };
    pieces.insert(
        0,
        ValuePiece {
            value_start: 0,
            source_start: first.start,
            len: first.end - first.start,
        },
    );
    let total = pieces.iter().map(|p| p.len + 1).sum();
    let mut value = String::with_capacity(total);
    for (i, piece) in pieces.iter_mut().enumerate() {
        if i > 0 {
            value.push('\n');
        }
        piece.value_start = value.len();
        let start = piece.source_start;
        value.push_str(text.get(start..start + piece.len).unwrap_or(""));
    }
    if let Some(last) = pieces.last() {
        option.value_span = Span::new(first.start, last.source_start + last.len);
    }
    option.value = CompactString::from(value);
    option.pieces = Some(pieces);
}

/// configparser's section-header pattern, `SECTCRE`, matched at the start of
/// the stripped line (what follows the closing `]` is ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeaderSyntax {
    /// `\[(?P<header>[^]]+)\]` (3.9 and older): the name stops at the first
    /// `]`.
    FirstBracket,
    /// `\[(?P<header>.+)\]` (3.10+): greedy, so the name runs to the
    /// *last* `]`.
    LastBracket,
}

impl HeaderSyntax {
    fn of(version: PyVersion) -> Self {
        if version.minor >= 10 || version.major > 3 {
            HeaderSyntax::LastBracket
        } else {
            HeaderSyntax::FirstBracket
        }
    }

    /// The section name of a header line, which must not be empty.
    fn name(self, stripped: &str) -> Option<&str> {
        let inner = stripped.strip_prefix('[')?;
        let close = match self {
            HeaderSyntax::FirstBracket => inner.find(']')?,
            HeaderSyntax::LastBracket => inner.rfind(']')?,
        };
        if close == 0 {
            return None;
        }
        inner.get(..close)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ini::read;

    fn doc(text: &str) -> IniDocument {
        read(text, "t.ini", &ReadOptions::default())
    }

    fn value(d: &IniDocument, section: &str, option: &str) -> String {
        d.get(section, option, true)
            .unwrap()
            .unwrap()
            .value
            .into_owned()
    }

    #[test]
    fn header_takes_the_last_bracket() {
        let name = |line| HeaderSyntax::LastBracket.name(line);
        assert_eq!(name("[a]b]"), Some("a]b"));
        assert_eq!(name("[]"), None);
        assert_eq!(name("[]]"), Some("]"));
        assert_eq!(name("[ ]"), Some(" "));
        assert_eq!(name("[x] ; note"), Some("x"));
        assert_eq!(name("[loggers"), None);
    }

    /// Before 3.10 the name stops at the first `]`.
    #[test]
    fn header_before_310_takes_the_first_bracket() {
        let name = |line| HeaderSyntax::FirstBracket.name(line);
        assert_eq!(name("[a]b]"), Some("a"));
        assert_eq!(name("[]]"), None);
        assert_eq!(name("[x] ; note"), Some("x"));
        assert_eq!(
            HeaderSyntax::of("3.9".parse().unwrap()),
            HeaderSyntax::FirstBracket
        );
        assert_eq!(
            HeaderSyntax::of("3.10".parse().unwrap()),
            HeaderSyntax::LastBracket
        );
    }

    #[test]
    fn continuation_follows_indentation() {
        let d = doc("[s]\nk=a\n\n  b\n\n\nj=1\n  c\n\tx\n");
        assert_eq!(value(&d, "s", "k"), "a\n\nb");
        assert_eq!(value(&d, "s", "j"), "1\nc\nx");
        let d = doc("[s]\n  k=a\n  j=b\n    c\n");
        assert_eq!(value(&d, "s", "k"), "a");
        assert_eq!(value(&d, "s", "j"), "b\nc");
    }

    #[test]
    fn comments_inside_values_are_skipped_and_not_inline() {
        let d = doc("[s]\nk=a ; x\n  # c\n  b\n");
        assert_eq!(value(&d, "s", "k"), "a ; x\nb");
    }

    #[test]
    fn bad_line_keeps_the_current_option() {
        let d = doc("[s]\na=1\nbad\n  cont\n\n  c2\n");
        assert_eq!(value(&d, "s", "a"), "1\ncont\n\nc2");
        let err = d.error.unwrap();
        assert_eq!(
            err.exception.message,
            "Source contains parsing errors: 't.ini'\n\t[line  3]: 'bad\\n'"
        );
    }

    #[test]
    fn indented_header_inside_a_value_is_a_continuation() {
        let d = doc("[a]\nk=1\n  [b]\n  j=2\n");
        assert_eq!(value(&d, "a", "k"), "1\n[b]\nj=2");
        assert!(d.section("b").is_none());
        let d = doc("[a]\n  [b]\nk=1\n");
        assert!(d.section("b").is_some());
    }

    #[test]
    fn empty_key_is_stored_and_its_repeat_is_a_duplicate() {
        let d = doc("[s]\n=1\n=2\n");
        assert_eq!(
            d.error.unwrap().exception.message,
            "While reading from 't.ini' [line  3]: option '' in section 's' already exists"
        );
    }

    #[test]
    fn default_twice_is_fine_but_its_options_are_not() {
        let d = doc("[DEFAULT]\na=1\n[DEFAULT]\nb=2\n");
        assert!(d.error.is_none());
        assert_eq!(d.default_headers.len(), 2);
        let d = doc("[DEFAULT]\na=1\n[DEFAULT]\nA=2\n");
        assert_eq!(
            d.error.unwrap().exception.message,
            "While reading from 't.ini' [line  4]: option 'a' in section 'DEFAULT' already exists"
        );
    }

    #[test]
    fn missing_header_shows_the_line_repr() {
        let d = doc("\u{feff}[loggers]\r\nkeys=root\n");
        let err = d.error.unwrap();
        assert_eq!(err.kind, ReadErrorKind::MissingSectionHeader);
        assert_eq!(
            err.exception.message,
            "File contains no section headers.\nfile: 't.ini', line: 1\n'\\ufeff[loggers]\\n'"
        );
        let d = doc("[s]\r\nbad");
        assert!(
            d.error
                .unwrap()
                .exception
                .message
                .ends_with("[line  2]: 'bad'")
        );
    }

    #[test]
    fn defines_come_first_and_are_overridden_in_place() {
        let opts = ReadOptions {
            defaults: vec![("A".into(), "1".into()), ("b".into(), "2".into())],
            ..Default::default()
        };
        let d = read("[DEFAULT]\nb=3\nc=4\n", "t.ini", &opts);
        let names: Vec<_> = d
            .defaults
            .iter()
            .map(|o| (o.name.as_str(), o.value.as_str(), o.origin))
            .collect();
        assert_eq!(
            names,
            [
                ("a", "1", Origin::Define),
                ("b", "3", Origin::Default),
                ("c", "4", Origin::Default)
            ]
        );
        let opts = ReadOptions {
            defaults: vec![("A".into(), "1".into()), ("a".into(), "2".into())],
            ..Default::default()
        };
        let err = read("", "t.ini", &opts).error.unwrap();
        assert_eq!(
            err.exception.message,
            "While reading from '<dict>': option 'a' in section 'DEFAULT' already exists"
        );
    }

    #[test]
    fn spans_map_back_through_continuations() {
        let text = "[s]\nk = one\n    two\n";
        let d = doc(text);
        let option = d.section("s").unwrap().option("k").unwrap();
        assert_eq!(&text[option.name_span.start..option.name_span.end], "k");
        assert_eq!(
            &text[option.value_span.start..option.value_span.end],
            "one\n    two"
        );
        let two = option.span_of(4..7);
        assert_eq!(&text[two.start..two.end], "two");
        let across = option.span_of(1..5);
        assert_eq!(&text[across.start..across.end], "ne\n    t");
        let empty = doc("[s]\nk =  \n");
        let option = empty.section("s").unwrap().option("k").unwrap();
        assert_eq!(option.value_span, Span::point(7));
    }
}
