//! The YAML front end: what PyYAML 6.0's `yaml.safe_load` returns for a
//! text (the pure-Python `SafeLoader`, as uvicorn calls it), as a positioned
//! [`Node`] tree, or the exception it raises.
//!
//! The syntax is read by `saphyr-parser` (events with character positions);
//! everything PyYAML decides itself is done here, after its own code:
//! - the reader's check for unprintable characters (`yaml.reader.ReaderError`);
//! - the composer: one document only (`expected a single document in the
//!   stream`), anchors and aliases (`found undefined alias`, `found duplicate
//!   anchor`), an alias shares its node as PyYAML's does;
//! - the resolver: YAML 1.1 implicit types exactly as `yaml/resolver.py`
//!   writes them (`yes`/`on` are booleans, `010` is octal, `0o10` and `1e3`
//!   are strings, `190:20:30` is sexagesimal, `2001-12-14` a date, `=` has no
//!   safe constructor);
//! - the safe constructor: `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`,
//!   `!!binary`, `!!timestamp`, `!!set`, `!!omap`, `!!pairs`, merge keys
//!   (`<<`), unhashable keys, repeated keys (a Python `dict`: the first key's
//!   place, the last value, keys compared as Python does so `1`, `1.0` and
//!   `true` are one key).
//!
//! Errors carry PyYAML's exception type and its `str()`: context, problem
//! and `in "<unicode string>", line L, column C` marks with the snippet.
//! saphyr's errors are translated (`yaml/errors.rs`) to the PyYAML class,
//! problem and mark for the same mistake. Measured on generated documents
//! (tests/suite/dictconfig_yaml_live.rs, 5000 per run): every document both
//! load gives the same value; about 92% of the documents PyYAML refuses get
//! its exact message, the rest differ in the context mark, the problem's
//! token name, the position or (about 2%) the class, and about 0.4% are
//! loaded by one and refused by the other, where YAML 1.2 (saphyr) and 1.1
//! (PyYAML) disagree: a multi-line implicit key in a flow mapping, a plain
//! `-` before `,` in a flow collection, indentation inside quoted scalars.
//!
//! A repeated key keeps the place and the key node of its first
//! occurrence and the value of its last, as a Python `dict` does.
//!
//! Limits, decided here rather than met as a crash: nesting deeper than
//! [`MAX_DEPTH`] is PyYAML's own `RecursionError` (its composer recurses
//! once per level and fails near 500 levels; flow collections deeper than
//! 255 levels too, saphyr's own limit); a document whose aliases
//! expand to more than [`MAX_NODES`] values (an alias bomb PyYAML builds
//! with shared objects) is refused with a `logcheck.LimitExceeded` error.

use super::node::{Node, NodeValue, ReadError};
use crate::diagnostic::PyException;
use crate::source::Span;
use saphyr_parser::{Event, Parser, ScalarStyle};

mod construct;
mod errors;
mod resolve;

/// Deepest nesting accepted; PyYAML's recursive composer raises
/// `RecursionError` a little below 500 levels (CPython's default limit of
/// 1000 frames, two per level).
pub const MAX_DEPTH: usize = 450;

/// Most values one document may expand to through aliases.
pub const MAX_NODES: usize = 200_000;

/// What `yaml.safe_load(text)` returns, each value and key with the byte
/// span of its text, or the exception it raises. An empty stream is `None`
/// ([`NodeValue::Null`]).
pub fn read_yaml(text: &str) -> Result<Node, ReadError> {
    read(Source::new(text, None))
}

/// What `yaml.safe_load(open(name))` returns for a file holding `text`:
/// the same document, but error marks name the file and carry no snippet
/// (PyYAML keeps no buffer to quote for a stream).
pub fn read_yaml_file(text: &str, name: &str) -> Result<Node, ReadError> {
    read(Source::new(text, Some(name)))
}

fn read(src: Source<'_>) -> Result<Node, ReadError> {
    let src = &src;
    errors::check_printable(src)?;
    errors::check_directives(src)?;
    let Some(doc) = compose(src)? else {
        return Ok(Node {
            value: NodeValue::Null,
            span: Span::new(0, 0),
        });
    };
    construct::construct_document(src, &doc)
}

/// The text as PyYAML's reader sees it: characters, with their byte offsets.
pub(crate) struct Source<'a> {
    text: &'a str,
    chars: Vec<char>,
    /// `bytes[i]`: the byte offset of character `i` (one more entry: the end).
    bytes: Vec<usize>,
    /// The file's name when read from a file (`open(name)`), else a string.
    file_name: Option<&'a str>,
}

impl<'a> Source<'a> {
    fn new(text: &'a str, file_name: Option<&'a str>) -> Self {
        let mut chars = Vec::with_capacity(text.len());
        let mut bytes = Vec::with_capacity(text.len() + 1);
        for (at, c) in text.char_indices() {
            chars.push(c);
            bytes.push(at);
        }
        bytes.push(text.len());
        Source {
            text,
            chars,
            bytes,
            file_name,
        }
    }

    /// The byte offset of character index `i` (clamped to the end).
    fn byte(&self, i: usize) -> usize {
        self.bytes[i.min(self.chars.len())]
    }

    /// The byte span of characters `start..end`.
    fn span(&self, start: usize, end: usize) -> Span {
        let (a, b) = (self.byte(start), self.byte(end.max(start)));
        Span::new(a, b)
    }
}

/// A composed node, before construction: PyYAML's `ScalarNode`,
/// `SequenceNode`, `MappingNode`.
#[derive(Debug)]
pub(crate) struct Raw {
    kind: RawKind,
    /// The explicit tag, resolved to its full name (`tag:yaml.org,2002:str`).
    tag: Option<String>,
    /// Character range of the node's text.
    start: usize,
    end: usize,
}

#[derive(Debug)]
pub(crate) enum RawKind {
    /// A scalar, with whether it was plain (only plain scalars are resolved).
    Scalar { value: String, plain: bool },
    /// Children by index in the arena.
    Seq(Vec<usize>),
    /// Key/value pairs by index in the arena.
    Map(Vec<(usize, usize)>),
}

/// The composed document: an arena of nodes (an alias is a second reference
/// to one index) and its root.
pub(crate) struct Doc {
    nodes: Vec<Raw>,
    root: usize,
}

/// An open collection while composing.
struct Frame {
    node: usize,
    key: Option<usize>,
}

/// The composer's state over saphyr's events.
struct Composer<'s, 'a> {
    src: &'s Source<'a>,
    nodes: Vec<Raw>,
    stack: Vec<Frame>,
    /// Anchor id (saphyr's) → node index.
    anchors: Vec<Option<usize>>,
    /// Anchor names defined so far in this document, with their node.
    names: Vec<(String, usize)>,
    root: Option<usize>,
    /// Quoted and block scalars, where a tab is text.
    regions: Vec<(usize, usize)>,
    /// For each open collection: it is a flow one (`[`, `{`).
    flow: Vec<bool>,
}

/// The character index after the quote closing the quoted scalar that
/// opens at `start` (`''` is a quote in single quotes, `\"` in double).
pub(crate) fn closing_quote(chars: &[char], start: usize) -> Option<usize> {
    let quote = *chars.get(start)?;
    if quote != '\'' && quote != '"' {
        return None;
    }
    let mut i = start + 1;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' if quote == '"' => i += 2,
            '\'' if quote == '\'' && chars.get(i + 1) == Some(&'\'') => i += 2,
            c if c == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Reads the stream's events into one document (`None` for an empty
/// stream), raising what PyYAML's scanner, parser and composer raise.
fn compose(src: &Source) -> Result<Option<Doc>, ReadError> {
    let mut parser = Parser::new_from_str(src.text);
    let mut composer = Composer {
        src,
        nodes: Vec::new(),
        stack: Vec::new(),
        anchors: Vec::new(),
        names: Vec::new(),
        root: None,
        regions: Vec::new(),
        flow: Vec::new(),
    };
    let mut documents = 0;
    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Err(e)) => {
                // a tab PyYAML's scanner met before saphyr's error comes first
                errors::check_tabs(src, &composer.regions, e.marker().index())?;
                return Err(composer.scan_error(&e));
            }
            Some(Ok(pair)) => pair,
        };
        let (start, end) = (span.start.index(), span.end.index());
        match event {
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(composer.second_document(start));
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                // the non-specific tag `!` resolves like a plain scalar
                let bang = tag.as_deref().is_some_and(|t| format!("{}{}", t.handle, t.suffix) == "!");
                let plain = style == ScalarStyle::Plain || bang;
                if !plain {
                    // saphyr's span of a key runs on to the `:`; the text
                    // (where a tab is allowed) ends at the closing quote
                    let end = match style {
                        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                            closing_quote(&src.chars, start).unwrap_or(end)
                        }
                        _ => end,
                    };
                    composer.regions.push((start, end));
                }
                if plain && composer.flow.last() == Some(&true) {
                    errors::check_flow_key_indicator(src, &value, start)?;
                }
                let tag = full_tag(tag.as_deref());
                let kind = RawKind::Scalar {
                    value: value.into_owned(),
                    plain,
                };
                composer.add(kind, tag, anchor, start, end)?;
            }
            Event::SequenceStart(anchor, tag) => {
                composer.flow.push(errors::opens_flow(src, start));
                let tag = full_tag(tag.as_deref());
                composer.open(RawKind::Seq(Vec::new()), tag, anchor, start, end)?;
            }
            Event::MappingStart(anchor, tag) => {
                composer.flow.push(errors::opens_flow(src, start));
                let tag = full_tag(tag.as_deref());
                composer.open(RawKind::Map(Vec::new()), tag, anchor, start, end)?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                composer.flow.pop();
                composer.close(start, end);
            }
            Event::Alias(id) => composer.alias(id, start)?,
            _ => {}
        }
    }
    errors::check_tabs(src, &composer.regions, src.chars.len())?;
    Ok(composer.root.map(|root| Doc {
        nodes: composer.nodes,
        root,
    }))
}

/// A tag as PyYAML names it: `!!x` is `tag:yaml.org,2002:x`; the
/// non-specific `!` and no tag are `None` (resolved like an untagged node).
fn full_tag(tag: Option<&saphyr_parser::Tag>) -> Option<String> {
    let tag = tag?;
    let name = format!("{}{}", tag.handle, tag.suffix);
    (name != "!").then_some(name)
}

impl Composer<'_, '_> {
    /// A new node: attached to its parent, its anchor registered.
    fn add(
        &mut self,
        kind: RawKind,
        tag: Option<String>,
        anchor: usize,
        start: usize,
        end: usize,
    ) -> Result<usize, ReadError> {
        let index = self.nodes.len();
        self.nodes.push(Raw {
            kind,
            tag,
            start,
            end,
        });
        if anchor != 0 {
            self.anchor(anchor, index, start)?;
        }
        self.attach(index);
        Ok(index)
    }

    /// A collection's start: added, then open until its end event.
    fn open(
        &mut self,
        kind: RawKind,
        tag: Option<String>,
        anchor: usize,
        start: usize,
        end: usize,
    ) -> Result<(), ReadError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(errors::recursion(self.src, start));
        }
        let node = self.add(kind, tag, anchor, start, end)?;
        self.stack.push(Frame { node, key: None });
        Ok(())
    }

    /// A collection's end: a flow collection ends at its closing bracket, a
    /// block one at its last entry.
    fn close(&mut self, start: usize, end: usize) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let flow = matches!(self.src.chars.get(self.nodes[frame.node].start), Some('[' | '{'));
        let last = match &self.nodes[frame.node].kind {
            RawKind::Seq(items) => items.last().map(|&i| self.nodes[i].end),
            RawKind::Map(pairs) => pairs.last().map(|&(_, v)| self.nodes[v].end),
            RawKind::Scalar { .. } => None,
        };
        let node = &mut self.nodes[frame.node];
        node.end = if flow { end } else { last.unwrap_or(start).max(node.start) };
    }

    /// Puts node `index` in the open collection (or makes it the root).
    fn attach(&mut self, index: usize) {
        let Some(frame) = self.stack.last_mut() else {
            self.root.get_or_insert(index);
            return;
        };
        match &mut self.nodes[frame.node].kind {
            RawKind::Seq(items) => items.push(index),
            RawKind::Map(pairs) => match frame.key.take() {
                None => frame.key = Some(index),
                Some(key) => pairs.push((key, index)),
            },
            RawKind::Scalar { .. } => {}
        }
    }

    /// Registers saphyr's anchor `id` for node `index`; a name used twice in
    /// the document is PyYAML's `found duplicate anchor`.
    fn anchor(&mut self, id: usize, index: usize, start: usize) -> Result<(), ReadError> {
        if self.anchors.len() <= id {
            self.anchors.resize(id + 1, None);
        }
        self.anchors[id] = Some(index);
        let (name, at) = anchor_name(&self.src.chars, start);
        errors::check_anchor(self.src, at)?;
        if let Some(&(_, first)) = self.names.iter().find(|(n, _)| *n == name) {
            let first_start = self.nodes[first].start;
            return Err(errors::duplicate_anchor(self.src, &name, first_start, start, at));
        }
        self.names.push((name, index));
        Ok(())
    }

    /// An alias: the anchored node once more.
    fn alias(&mut self, id: usize, start: usize) -> Result<(), ReadError> {
        errors::check_anchor(self.src, start)?;
        match self.anchors.get(id).copied().flatten() {
            Some(index) => {
                self.attach(index);
                Ok(())
            }
            None => Err(errors::undefined_alias(self.src, start)),
        }
    }

    /// saphyr's error as PyYAML's, in the innermost open collection.
    fn scan_error(&self, e: &saphyr_parser::ScanError) -> ReadError {
        let open: Vec<errors::Open> = self
            .stack
            .iter()
            .map(|f| errors::Open {
                start: self.open_mark(f.node),
                map: matches!(self.nodes[f.node].kind, RawKind::Map(_)),
            })
            .collect();
        errors::scan_error(self.src, e, &open)
    }

    /// Where PyYAML marks an open collection: a flow one at its bracket, a
    /// block mapping at its first key, a block sequence at its first `-`.
    fn open_mark(&self, node: usize) -> usize {
        let raw = &self.nodes[node];
        let chars = &self.src.chars;
        let first = match &raw.kind {
            RawKind::Seq(items) => items.first().map(|&i| self.nodes[i].start),
            RawKind::Map(pairs) => pairs.first().map(|&(k, _)| self.nodes[k].start),
            RawKind::Scalar { .. } => None,
        };
        let end = first.unwrap_or(raw.end).min(chars.len());
        if let Some(b) = (raw.start..end).find(|&i| matches!(chars[i], '[' | '{')) {
            return b;
        }
        match (&raw.kind, first) {
            (RawKind::Seq(_), Some(f)) => (raw.start..f).rev().find(|&i| chars[i] == '-').unwrap_or(f),
            (_, Some(f)) => f,
            _ => raw.start,
        }
    }

    /// `expected a single document in the stream`.
    fn second_document(&self, start: usize) -> ReadError {
        let first = self.root.map_or(0, |r| self.nodes[r].start);
        errors::second_document(self.src, first, start)
    }
}

/// The anchor written in the node properties at character `start`
/// (`&name`, before or after a tag), and where its `&` is.
fn anchor_name(chars: &[char], start: usize) -> (String, usize) {
    let mut i = start;
    while i < chars.len() {
        match chars[i] {
            '&' => {
                let name: String = chars[i + 1..]
                    .iter()
                    .take_while(|c| !c.is_whitespace() && !",[]{}".contains(**c))
                    .collect();
                return (name, i);
            }
            '!' => {
                while i < chars.len() && !chars[i].is_whitespace() {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    (String::new(), start)
}

/// The Python exception for a value that could not be read.
fn error(src: &Source, type_name: &str, message: String, at: usize) -> ReadError {
    ReadError {
        exception: PyException::new(type_name, message),
        span: src.span(at, (at + 1).min(src.chars.len())),
    }
}

#[cfg(test)]
mod tests;
