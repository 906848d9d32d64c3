//! A `configparser.ConfigParser` reader that keeps positions, reproducing
//! exactly what `logging.config.fileConfig` sees.
//!
//! fileConfig builds `ConfigParser(defaults)` with every other argument left
//! at its default (BasicInterpolation, `strict=True`, delimiters `=`/`:`,
//! full-line `#`/`;` comments only, empty lines allowed in values, option
//! names folded with `str.lower`) and reads the file with the locale encoding
//! (UTF-8) and universal newlines. [`decode`] and [`read`] mirror that,
//! byte for byte in values and messages, and additionally record a [`Span`]
//! for every header, key and value piece, plus every problem of the file
//! ([`ReadProblem`]) while [`IniDocument::error`] says which exception
//! configparser itself raises (the first one).
//!
//! # Example
//! ```
//! use logcheck::ini::{read, ReadOptions};
//! let text = "[logger_root]\nlevel = INFO\nhandlers=a,\n  b\n";
//! let doc = read(text, "log.ini", &ReadOptions::default());
//! assert!(doc.error.is_none());
//! let handlers = doc.get("logger_root", "HANDLERS", false).unwrap().unwrap();
//! assert_eq!(handlers.value, "a,\nb");
//! let b = handlers.option.span_of(3..4);
//! assert_eq!(&text[b.start..b.end], "b");
//! ```

mod decode;
mod dump;
mod interpolate;
mod parse;

pub use decode::{DecodeError, Decoded, decode};
pub(crate) use decode::decode_whole;
pub use interpolate::MAX_INTERPOLATION_DEPTH;
pub use parse::read;

use crate::diagnostic::PyException;
use crate::source::Span;
use compact_str::CompactString;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// How fileConfig builds the parser.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// `fileConfig(defaults=...)` (the CLI's `--define K=V`), in order. They
    /// are treated as the Python dict `dict(defaults)`: a repeated key keeps its
    /// first position and its last value; two keys that only differ in case
    /// make `ConfigParser(defaults)` raise `DuplicateOptionError`.
    pub defaults: Vec<(String, String)>,
    /// How configparser's messages name the source (`repr(source)`):
    /// `None` is the repr of the file name as given; alembic reads a
    /// `pathlib.Path`, named `PosixPath('alembic.ini')`.
    pub source_repr: Option<String>,
    /// The CPython whose configparser reads the file (its section-header
    /// pattern changed in 3.10).
    pub version: crate::version::PyVersion,
}

/// Where a looked-up value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The section's own option.
    Section,
    /// The file's `[DEFAULT]` section.
    Default,
    /// `fileConfig(defaults=...)` (`--define`); such options have no source span.
    Define,
}

/// One `key = value` entry, possibly spanning continuation lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IniOption {
    /// Lower-cased with `str.lower` semantics.
    pub name: CompactString,
    /// The key as written (empty point for defines).
    pub name_span: Span,
    /// The value exactly as configparser stores it: pieces joined with `\n`,
    /// trailing blank lines dropped.
    pub value: CompactString,
    /// The whole value in the source (an empty span right after the delimiter
    /// when the value is empty).
    pub value_span: Span,
    /// 1-based line of the key (0 for defines).
    pub line: usize,
    pub origin: Origin,
    /// For a value spread over continuation lines, where each line's text
    /// sits in `value` and in the source; empty for a one-line value (the
    /// common case, which then needs no allocation: `value_span` says it all).
    /// Boxed: one pointer instead of a vector's three words in each of the
    /// document's options (≈ 20,000 in a 5,000-logger file).
    #[allow(
        clippy::box_collection,
        reason = "one word in every option, where a vector is three: multi-line values are rare"
    )]
    pieces: Option<Box<Vec<ValuePiece>>>,
}

/// One line's contribution to a value: `value[value_start..value_start+len]`
/// is `source[source_start..source_start+len]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ValuePiece {
    value_start: usize,
    source_start: usize,
    len: usize,
}

impl IniOption {
    /// `value`, written verbatim at `value_span` in another syntax (a
    /// dictConfig string without escapes): the lints that read a value's
    /// text and place findings inside it work on it unchanged.
    pub(crate) fn written_at(name: &str, value: &str, value_span: Span) -> IniOption {
        IniOption {
            name: name.into(),
            name_span: Span::point(value_span.start),
            value: value.into(),
            value_span,
            line: 0,
            origin: Origin::Section,
            pieces: None,
        }
    }

    /// Map a byte range of [`IniOption::value`] back to the source. A range
    /// crossing continuation lines covers everything in between; positions on a
    /// joining `\n` map to the end of the line before it. Out-of-range positions
    /// are clamped.
    pub fn span_of(&self, range: std::ops::Range<usize>) -> Span {
        let start = self.source_offset(range.start, false);
        let end = self.source_offset(range.end.max(range.start), true);
        Span::new(start, end.max(start))
    }

    /// Where each line of a multi-line value is (empty for one line).
    fn pieces(&self) -> &[ValuePiece] {
        self.pieces.as_deref().map_or(&[], Vec::as_slice)
    }

    fn source_offset(&self, at: usize, is_end: bool) -> usize {
        let pieces = self.pieces();
        let Some(first) = pieces.first() else {
            // One line: `value` is `source[value_span]`.
            return self.value_span.start + at.min(self.value_span.end - self.value_span.start);
        };
        // The last piece starting at or before `at`.
        let index = pieces
            .partition_point(|p| p.value_start <= at)
            .saturating_sub(1);
        let piece = pieces.get(index).unwrap_or(first);
        if at < piece.value_start {
            return piece.source_start;
        }
        let within = (at - piece.value_start).min(piece.len);
        // An end exactly at a piece start belongs to the previous piece's end.
        if is_end
            && within == 0
            && index > 0
            && let Some(prev) = pieces.get(index - 1)
        {
            return prev.source_start + prev.len;
        }
        piece.source_start + within
    }

    /// An option given through `fileConfig(defaults=...)`.
    fn define(name: String, value: String) -> Self {
        IniOption {
            name: name.into(),
            name_span: Span::point(0),
            value: value.into(),
            value_span: Span::point(0),
            line: 0,
            origin: Origin::Define,
            pieces: None,
        }
    }
}

/// One `[name]` section (DEFAULT excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IniSection {
    /// Exactly as written between `[` and the last `]` (case and spaces kept).
    pub name: CompactString,
    pub name_span: Span,
    /// The header line's stripped text.
    pub header_span: Span,
    /// Own options in file order (a repeated option — an error under strict
    /// mode — replaces the value in place, as a non-strict parser would).
    pub options: Vec<IniOption>,
    /// Further headers of the same name (a `DuplicateSectionError`).
    pub duplicate_headers: Vec<Span>,
    /// Option positions by name, kept only for sections with many options
    /// (a scan of a few names is cheaper than hashing, and most sections
    /// have a handful); boxed, as most sections never build it.
    index: Option<Box<FxHashMap<CompactString, usize>>>,
}

impl IniSection {
    /// The own option `name` (already lower-cased).
    pub fn option(&self, name: &str) -> Option<&IniOption> {
        self.position(name).and_then(|i| self.options.get(i))
    }

    /// Where the own option `name` (already lower-cased) is in `options`.
    pub(crate) fn position(&self, name: &str) -> Option<usize> {
        if self.options.len() <= SMALL_SECTION {
            self.options.iter().position(|o| same_short(&o.name, name))
        } else {
            self.index.as_ref().and_then(|index| index.get(name).copied())
        }
    }

    /// Appends a new option (its name not yet present).
    pub(crate) fn push_option(&mut self, option: IniOption) {
        let at = self.options.len();
        if at == SMALL_SECTION {
            // growing past the scan limit: index everything so far
            self.index = Some(Box::new(
                self.options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| (o.name.clone(), i))
                    .collect(),
            ));
        }
        if at >= SMALL_SECTION
            && let Some(index) = &mut self.index
        {
            index.insert(option.name.clone(), at);
        }
        self.options.push(option);
    }
}

/// `a == b` for short names, without a `memcmp` call per comparison (most
/// compared names differ in length or in their first bytes).
#[inline]
pub(crate) fn same_short(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// Sections with at most this many options are searched by a scan.
const SMALL_SECTION: usize = 8;

/// Which configparser exception the read raises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReadErrorKind {
    /// `configparser.MissingSectionHeaderError` (a `ParsingError` subclass).
    MissingSectionHeader,
    /// `configparser.ParsingError`: every bad line of the file.
    Parsing,
    /// `configparser.DuplicateSectionError`.
    DuplicateSection,
    /// `configparser.DuplicateOptionError` (in the file, or among `defaults=`).
    DuplicateOption,
    /// `UnicodeDecodeError` (only from [`read_bytes`]).
    UnicodeDecode,
}

/// The exception `ConfigParser(defaults).read(...)` raises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub kind: ReadErrorKind,
    /// Type as a traceback prints it (`configparser.ParsingError`), message = `str(exc)`.
    pub exception: PyException,
    /// `exc.lineno` where the exception has one.
    pub line: Option<usize>,
    /// For `ParsingError`: the line numbers of `exc.errors`.
    pub lines: Vec<usize>,
    /// The offending line (first bad line for `ParsingError`); `None` for
    /// errors among `defaults=`.
    pub span: Option<Span>,
}

impl ReadError {
    /// True for `ParsingError` and its subclass `MissingSectionHeaderError`,
    /// the ones fileConfig (3.11.4+) wraps in `RuntimeError`.
    pub fn is_parsing_error(&self) -> bool {
        matches!(
            self.kind,
            ReadErrorKind::Parsing | ReadErrorKind::MissingSectionHeader
        )
    }
}

/// Everything wrong in the file, in file order, each with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadProblem {
    /// A non-blank, non-comment line before the first header (only the first
    /// such line: configparser stops there).
    MissingSectionHeader { span: Span, line: usize },
    /// A line with neither `=` nor `:` (part of the `ParsingError`).
    NoDelimiter { span: Span, line: usize },
    /// A line starting with `[` that is not a header (`[loggers`, `[]`) and
    /// has no delimiter (part of the `ParsingError`).
    MalformedHeader { span: Span, line: usize },
    /// `=value` or `: value` (part of the `ParsingError`).
    EmptyOptionName { span: Span, line: usize },
    /// A second `[name]` header.
    DuplicateSection {
        span: Span,
        line: usize,
        first: Span,
        name: String,
    },
    /// A second `key` (case-insensitively) in the same section, including a
    /// repeat across two `[DEFAULT]` headers.
    DuplicateOption {
        span: Span,
        line: usize,
        first: Span,
        section: String,
        option: String,
    },
}

impl ReadProblem {
    /// The offending span.
    pub fn span(&self) -> Span {
        match self {
            ReadProblem::MissingSectionHeader { span, .. }
            | ReadProblem::NoDelimiter { span, .. }
            | ReadProblem::MalformedHeader { span, .. }
            | ReadProblem::EmptyOptionName { span, .. }
            | ReadProblem::DuplicateSection { span, .. }
            | ReadProblem::DuplicateOption { span, .. } => *span,
        }
    }

    /// 1-based line.
    pub fn line(&self) -> usize {
        match self {
            ReadProblem::MissingSectionHeader { line, .. }
            | ReadProblem::NoDelimiter { line, .. }
            | ReadProblem::MalformedHeader { line, .. }
            | ReadProblem::EmptyOptionName { line, .. }
            | ReadProblem::DuplicateSection { line, .. }
            | ReadProblem::DuplicateOption { line, .. } => *line,
        }
    }

    /// True for lines collected into the end-of-file `ParsingError`.
    pub fn is_parsing_error(&self) -> bool {
        matches!(
            self,
            ReadProblem::NoDelimiter { .. }
                | ReadProblem::MalformedHeader { .. }
                | ReadProblem::EmptyOptionName { .. }
        )
    }
}

/// The parsed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IniDocument {
    /// The name used in messages, verbatim.
    pub file_name: String,
    /// The DEFAULT mapping in configparser's dict order: defines first, then the
    /// file's `[DEFAULT]` options (a file value overrides a define in place).
    pub defaults: Vec<IniOption>,
    /// Each `[DEFAULT]` header line.
    pub default_headers: Vec<Span>,
    /// File order, DEFAULT excluded.
    pub sections: Vec<IniSection>,
    /// Every problem in file order.
    pub problems: Vec<ReadProblem>,
    /// The exception configparser raises (the first one), if any.
    pub error: Option<ReadError>,
    /// Length of the text read (0 = an empty file, which fileConfig rejects first).
    pub text_len: usize,
    default_index: FxHashMap<CompactString, usize>,
    section_index: SectionIndex,
}

/// Sections by name: 4-byte positions in a hash table whose names are the
/// sections' own. A file with 10,000 loggers has a table of ≈ 80 KB instead
/// of one that copies every name (≈ 540 KB), which matters as the lowering
/// and every lint that follows a `keys` list look sections up by name.
#[derive(Clone, Default)]
pub(crate) struct SectionIndex(hashbrown::HashTable<u32>);

impl SectionIndex {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        SectionIndex(hashbrown::HashTable::with_capacity(capacity))
    }

    /// Where the section `name` is in `sections`.
    pub(crate) fn get(&self, sections: &[IniSection], name: &str) -> Option<usize> {
        self.0
            .find(name_hash(name), |&i| {
                sections.get(i as usize).is_some_and(|s| s.name == name)
            })
            .map(|&i| i as usize)
    }

    /// Records that `sections[index]` (a name not yet present) exists.
    pub(crate) fn insert(&mut self, sections: &[IniSection], index: usize) {
        let name = sections.get(index).map_or("", |s| s.name.as_str());
        let rehash = |&i: &u32| name_hash(sections.get(i as usize).map_or("", |s| s.name.as_str()));
        // A file has fewer than 2^32 sections: each takes at least 3 bytes
        // and the text is held in memory.
        self.0.insert_unique(name_hash(name), index as u32, rehash);
    }
}

/// The index is derived from the sections, which the document compares.
impl PartialEq for SectionIndex {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Eq for SectionIndex {}

impl std::fmt::Debug for SectionIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SectionIndex({} names)", self.0.len())
    }
}

/// The hash of a section or logger name in the position tables (Fx, as the
/// crate's other tables; names come from the user's file, not an attacker).
pub(crate) fn name_hash(name: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(name)
}

/// The result of [`IniDocument::get`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup<'a> {
    /// Interpolated (or raw) value; borrowed from the document when
    /// interpolation changes nothing.
    pub value: Cow<'a, str>,
    /// The option the value came from.
    pub option: &'a IniOption,
    pub origin: Origin,
}

impl IniDocument {
    /// The section `name`, exactly (case-sensitive), like `name in cp`. DEFAULT is not a section here.
    pub fn section(&self, name: &str) -> Option<&IniSection> {
        self.section_index
            .get(&self.sections, name)
            .and_then(|i| self.sections.get(i))
    }

    /// The DEFAULT option `name` (lower-cased first).
    pub fn default_option(&self, name: &str) -> Option<&IniOption> {
        self.default_index
            .get(lower_cow(name).as_ref())
            .and_then(|&i| self.defaults.get(i))
    }

    /// `option in cp[section]`: own or DEFAULT, option lower-cased first. For
    /// `""` or `"DEFAULT"` only DEFAULT is consulted; a missing section has nothing.
    pub fn has_option(&self, section: &str, option: &str) -> bool {
        self.find(section, option).is_some()
    }

    /// `cp.get(section, option, raw=raw)`; `None` when the section or option is absent.
    pub fn get(
        &self,
        section: &str,
        option: &str,
        raw: bool,
    ) -> Option<Result<Lookup<'_>, PyException>> {
        self.get_lowercase(section, &lower_cow(option), raw)
    }

    /// [`get`](Self::get) for an option name that is lower-case already (the
    /// names the model reads), without folding it again.
    pub(crate) fn get_lowercase(
        &self,
        section: &str,
        option: &str,
        raw: bool,
    ) -> Option<Result<Lookup<'_>, PyException>> {
        if is_default_name(section) {
            let found = self.default_lowercase(option)?;
            return Some(self.interpolated(section, None, found, found.origin, raw));
        }
        self.get_in(self.section(section)?, option, raw)
    }

    /// [`get_lowercase`](Self::get_lowercase) in a section already looked
    /// up (the model reads several options of each section).
    pub(crate) fn get_in<'d>(
        &'d self,
        section: &'d IniSection,
        option: &str,
        raw: bool,
    ) -> Option<Result<Lookup<'d>, PyException>> {
        let (found, origin) = self.resolve_in(section, option)?;
        Some(self.interpolated(&section.name, Some(section), found, origin, raw))
    }

    fn default_lowercase(&self, name: &str) -> Option<&IniOption> {
        self.default_index
            .get(name)
            .and_then(|&i| self.defaults.get(i))
    }

    /// The value of `found` as `cp.get(section, ..., raw=raw)` returns it.
    fn interpolated<'d>(
        &'d self,
        section: &str,
        own: Option<&'d IniSection>,
        found: &'d IniOption,
        origin: Origin,
        raw: bool,
    ) -> Result<Lookup<'d>, PyException> {
        // `_interpolate_some` returns a value without `%` as it is.
        if raw || !found.value.contains('%') {
            return Ok(Lookup {
                value: Cow::Borrowed(&found.value),
                option: found,
                origin,
            });
        }
        let interpolation = interpolate::Interpolation {
            option: &found.name,
            section,
            raw_value: &found.value,
            lookup: |name: &str| {
                own.and_then(|s| s.option(name))
                    .or_else(|| self.default_lowercase(name))
                    .map(|o| o.value.as_str())
            },
        };
        interpolation.run().map(|value| Lookup {
            value: Cow::Owned(value),
            option: found,
            origin,
        })
    }

    /// `cp.options(section)` with the option each name resolves to: own
    /// options in file order, then DEFAULT options not overridden.
    pub fn options_merged(&self, section: &str) -> Vec<(&IniOption, Origin)> {
        let mut merged = Vec::new();
        let own = self.section(section);
        if let Some(s) = own {
            merged.extend(s.options.iter().map(|o| (o, Origin::Section)));
        }
        for option in &self.defaults {
            if own.is_some_and(|s| s.position(&option.name).is_some()) {
                continue;
            }
            merged.push((option, option.origin));
        }
        merged
    }

    fn find(&self, section: &str, option: &str) -> Option<(&IniOption, Origin)> {
        self.find_lowercase(section, &lower_cow(option))
    }

    fn find_lowercase(&self, section: &str, name: &str) -> Option<(&IniOption, Origin)> {
        if is_default_name(section) {
            return self.default_lowercase(name).map(|o| (o, o.origin));
        }
        self.resolve_in(self.section(section)?, name)
    }

    /// The option `name` (lower-case) answers in `section`: its own, else
    /// `[DEFAULT]`'s.
    fn resolve_in<'d>(
        &'d self,
        section: &'d IniSection,
        name: &str,
    ) -> Option<(&'d IniOption, Origin)> {
        match section.option(name) {
            Some(own) => Some((own, Origin::Section)),
            None => self.default_lowercase(name).map(|o| (o, o.origin)),
        }
    }

    /// The object `tests/oracle/py_read.py` prints for this file.
    pub fn dump(&self) -> serde_json::Value {
        dump::dump(self)
    }
}

/// `section in ("", "DEFAULT")`: configparser's has_option treats both as DEFAULT.
fn is_default_name(section: &str) -> bool {
    section.is_empty() || section == DEFAULT_SECTION
}

/// `configparser.DEFAULTSECT`.
pub const DEFAULT_SECTION: &str = "DEFAULT";

/// `str.lower()`.
pub fn lower(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.to_lowercase()
    }
}

/// `str.lower()` into a [`CompactString`] (option names are short: no
/// allocation).
pub(crate) fn lower_compact(text: &str) -> CompactString {
    if text.is_ascii() {
        let mut name = CompactString::from(text);
        name.make_ascii_lowercase();
        name
    } else {
        CompactString::from(text.to_lowercase())
    }
}

/// `str.lower()`, borrowing when nothing changes (the common case: option
/// names looked up by the code are lower-case already).
pub(crate) fn lower_cow(text: &str) -> Cow<'_, str> {
    if !text.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(lower(text))
    }
}

/// Decode and read a file's bytes as `cp.read(fname)` does, deciding whether
/// the `UnicodeDecodeError` or a parse error surfaces first (configparser
/// parses the lines decoded before the failing 8 KiB chunk). The returned text
/// is what the document's spans point into.
pub fn read_bytes(bytes: &[u8], file_name: &str, opts: &ReadOptions) -> (Decoded, IniDocument) {
    read_decoded(decode(bytes), file_name, opts)
}

/// [`read_bytes`] taking the bytes by value: valid UTF-8 becomes the text
/// without a copy.
pub fn read_owned_bytes(
    bytes: Vec<u8>,
    file_name: &str,
    opts: &ReadOptions,
) -> (Decoded, IniDocument) {
    read_decoded(decode::decode_owned(bytes), file_name, opts)
}

fn read_decoded(decoded: Decoded, file_name: &str, opts: &ReadOptions) -> (Decoded, IniDocument) {
    let mut doc = read(&decoded.text, file_name, opts);
    if let Some(decode_error) = &decoded.error {
        let raised_first = doc
            .error
            .as_ref()
            .is_some_and(|e| parse::raised_before(e, &decoded.text, decode_error.readable_len));
        if !raised_first {
            doc.error = Some(ReadError {
                kind: ReadErrorKind::UnicodeDecode,
                exception: decode_error.exception.clone(),
                line: None,
                lines: Vec::new(),
                span: Some(Span::new(
                    decode_error.byte_offset,
                    decode_error.byte_offset,
                )),
            });
        }
    }
    (decoded, doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn padded(line_end_at: usize, terminator: &str) -> Vec<u8> {
        // `[s]\nk0=1\n`, filler, then `k0=1<terminator>` ending at `line_end_at`.
        let mut text = String::from("[s]\nk0=1\n");
        let last = format!("k0=1{terminator}");
        let mut i = 1;
        while text.len() + last.len() + 20 < line_end_at {
            text.push_str(&format!("k{i}=1\n"));
            i += 1;
        }
        let pad = line_end_at - text.len() - last.len();
        text.push_str(&format!("p{}=1\n", "x".repeat(pad - 4)));
        text.push_str(&last);
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(b"z=1\nbad=\xff\n");
        bytes
    }

    #[test]
    fn duplicate_wins_only_if_its_line_was_decoded_before_the_bad_chunk() {
        let kind = |end, terminator| {
            let (_, doc) = read_bytes(&padded(end, terminator), "t.ini", &ReadOptions::default());
            doc.error.map(|e| e.kind)
        };
        assert_eq!(kind(8192, "\n"), Some(ReadErrorKind::DuplicateOption));
        assert_eq!(kind(8193, "\n"), Some(ReadErrorKind::UnicodeDecode));
        // A lone `\r` at the chunk end waits for the next chunk.
        assert_eq!(kind(8192, "\r"), Some(ReadErrorKind::UnicodeDecode));
        assert_eq!(kind(8191, "\r"), Some(ReadErrorKind::DuplicateOption));
        assert_eq!(kind(8192, "\r\n"), Some(ReadErrorKind::DuplicateOption));
        // Parse errors are raised at the end of the file, after the decode error.
        let (_, doc) = read_bytes(b"[s]\nbad\nk=\xff\n", "t.ini", &ReadOptions::default());
        assert_eq!(doc.error.unwrap().kind, ReadErrorKind::UnicodeDecode);
    }

    #[test]
    fn every_problem_is_kept_in_file_order() {
        let text = "[s]\nk=1\nK=2\n[s]\n[t\n=v\n";
        let doc = read(text, "t.ini", &ReadOptions::default());
        let lines: Vec<usize> = doc.problems.iter().map(ReadProblem::line).collect();
        assert_eq!(lines, [3, 4, 5, 6]);
        match &doc.problems[0] {
            ReadProblem::DuplicateOption { first, option, .. } => {
                assert_eq!(option, "k");
                assert_eq!(&text[first.start..first.end], "k");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(
            doc.problems[2],
            ReadProblem::MalformedHeader { .. }
        ));
        assert!(matches!(
            doc.problems[3],
            ReadProblem::EmptyOptionName { .. }
        ));
        let error = doc.error.unwrap();
        assert_eq!(error.kind, ReadErrorKind::DuplicateOption);
        assert_eq!(error.line, Some(3));
    }

    #[test]
    fn lookups_follow_configparser() {
        let opts = ReadOptions {
            defaults: vec![("Dir".into(), "/d".into())],
            ..Default::default()
        };
        let doc = read(
            "[DEFAULT]\nlevel=DEBUG\n[s]\nargs=%(dir)s/%(LEVEL)s\n[S]\n",
            "t.ini",
            &opts,
        );
        assert!(doc.section("s").is_some() && doc.section("S").is_some());
        assert!(doc.has_option("S", "LEVEL"));
        assert!(doc.has_option("", "dir"));
        assert!(!doc.has_option("nope", "level"));
        let args = doc.get("s", "args", false).unwrap().unwrap();
        assert_eq!(
            (args.value.as_ref(), args.origin),
            ("/d/DEBUG", Origin::Section)
        );
        let dir = doc.get("S", "dir", true).unwrap().unwrap();
        assert_eq!(dir.origin, Origin::Define);
        let merged: Vec<&str> = doc
            .options_merged("s")
            .iter()
            .map(|(o, _)| o.name.as_str())
            .collect();
        assert_eq!(merged, ["args", "dir", "level"]);
        assert!(doc.get("s", "missing", false).is_none());
    }
}
