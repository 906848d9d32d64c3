//! PyYAML's exceptions: `MarkedYAMLError.__str__` (context, context mark,
//! problem, problem mark, each mark `  in "<unicode string>", line L, column
//! C:` with a four-space-indented snippet and a caret), the reader's check
//! for unprintable characters, and saphyr's errors translated to the
//! PyYAML class and problem that report the same mistake.

use super::{Source, error};
use crate::diagnostic::PyException;
use crate::dictconfig::node::ReadError;
use crate::pyrepr::repr_str;
use saphyr_parser::ScanError;

/// `yaml.reader.ReaderError` for the first character PyYAML's
/// `Reader.check_printable` rejects (it checks a whole string up front).
pub(super) fn check_printable(src: &Source) -> Result<(), ReadError> {
    let Some(at) = src.chars.iter().position(|&c| !printable(c)) else {
        return Ok(());
    };
    let message = format!(
        "unacceptable character #x{:04x}: special characters are not allowed\n  in \"{}\", position {at}",
        src.chars[at] as u32,
        src.file_name.unwrap_or("<unicode string>"),
    );
    Err(error(src, "yaml.reader.ReaderError", message, at))
}

/// `Reader.NON_PRINTABLE`'s complement.
fn printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// A `MarkedYAMLError` of class `type_name`, as `str()` writes it.
pub(super) struct Marked<'m> {
    pub type_name: &'m str,
    pub context: Option<(&'m str, usize)>,
    pub problem: String,
    pub at: usize,
}

impl Marked<'_> {
    /// The exception, spanning the problem's character.
    pub(super) fn into_error(self, src: &Source) -> ReadError {
        let mut lines = Vec::new();
        if let Some((context, mark)) = self.context {
            lines.push(context.to_string());
            if position(src, mark) != position(src, self.at) {
                lines.push(mark_str(src, mark));
            }
        }
        lines.push(self.problem);
        lines.push(mark_str(src, self.at));
        let at = self.at.min(src.chars.len());
        ReadError {
            exception: PyException::new(self.type_name, lines.join("\n")),
            span: src.span(at, (at + 1).min(src.chars.len())),
        }
    }
}

/// PyYAML's (line, column), both from 0, of character `at`: a line ends at
/// `\n`, `\x85`, `\u2028`, `\u2029` or a `\r` not before `\n`.
pub(crate) fn position(src: &Source, at: usize) -> (usize, usize) {
    let (mut line, mut column) = (0, 0);
    let chars = &src.chars;
    for i in 0..at.min(chars.len()) {
        let c = chars[i];
        let breaks = matches!(c, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
            || (c == '\r' && chars.get(i + 1) != Some(&'\n'));
        if breaks {
            line += 1;
            column = 0;
        } else if c != '\u{FEFF}' {
            column += 1;
        }
    }
    (line, column)
}

/// `Mark.__str__`: where, and `get_snippet()` (none for a file).
fn mark_str(src: &Source, at: usize) -> String {
    let (line, column) = position(src, at);
    if let Some(name) = src.file_name {
        return format!("  in \"{name}\", line {}, column {}", line + 1, column + 1);
    }
    format!(
        "  in \"<unicode string>\", line {}, column {}:\n{}",
        line + 1,
        column + 1,
        snippet(&src.chars, at.min(src.chars.len()))
    )
}

/// `Mark.get_snippet(indent=4, max_length=75)` over the buffer `text + '\0'`.
fn snippet(chars: &[char], pointer: usize) -> String {
    let stop = |c: char| matches!(c, '\0' | '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}');
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let (mut head, mut start) = ("", pointer);
    while start > 0 && !stop(at(start - 1)) {
        start -= 1;
        if (pointer - start) as f64 > 75.0 / 2.0 - 1.0 {
            head = " ... ";
            start += 5;
            break;
        }
    }
    let (mut tail, mut end) = ("", pointer);
    while end <= chars.len() && !stop(at(end)) {
        end += 1;
        if (end - pointer) as f64 > 75.0 / 2.0 - 1.0 {
            tail = " ... ";
            end -= 5;
            break;
        }
    }
    let body: String = chars[start.min(chars.len())..end.min(chars.len())].iter().collect();
    let caret = " ".repeat(4 + pointer - start + head.len());
    format!("    {head}{body}{tail}\n{caret}^")
}

/// The innermost open collection when an error is met: where it starts
/// and whether it is a mapping.
#[derive(Clone, Copy)]
pub(super) struct Open {
    pub start: usize,
    pub map: bool,
}

/// saphyr's scanner or parser error as the PyYAML exception for the same
/// mistake, in the innermost open collection `open`.
pub(super) fn scan_error(src: &Source, e: &ScanError, stack: &[Open]) -> ReadError {
    let at = e.marker().index();
    let info = e.info();
    if info == "recursion limit exceeded" {
        return recursion(src, at);
    }
    if info == "while parsing node, found unknown anchor" {
        if let Err(e) = check_anchor(src, at) {
            return e;
        }
        return undefined_alias(src, at);
    }
    // PyYAML's scanner reads a `%` that starts a line as a directive
    // wherever it is: a malformed one is its error, whatever saphyr met there
    if char_at(src, at) == '%'
        && position(src, at).1 == 0
        && let Err(e) = directive(src, at)
    {
        return e;
    }
    let open = stack.last().copied();
    if BLOCK_END.contains(&info) && open.is_some_and(|o| !is_flow(src, o)) {
        // PyYAML has closed the block collections deeper than the token
        let column = position(src, at).1;
        let enclosing = stack.iter().rev().find(|o| !is_flow(src, **o) && position(src, o.start).1 <= column);
        return translate(src, info, at, enclosing.or(stack.first()).copied()).into_error(src);
    }
    translate(src, info, at, open).into_error(src)
}

/// Text right after a double-quoted scalar, which PyYAML scans as the next
/// token: a quote that never closes runs to the end of the stream; anything
/// else ends the open collection.
fn trailing_content<'m>(
    src: &Source,
    flow: Option<Open>,
    at: usize,
    open: Option<Open>,
    parser: impl Fn(&'m str, String) -> Marked<'m>,
    scanner: impl Fn(Option<&'m str>, String) -> Marked<'m>,
    found: String,
) -> Marked<'m> {
    let next = (at..src.chars.len()).find(|&i| char_at(src, i) != ' ').unwrap_or(at);
    let c = char_at(src, next);
    if matches!(c, '@' | '`') || (c == '%' && position(src, next).1 != 0) {
        return Marked {
            type_name: "yaml.scanner.ScannerError",
            context: Some(("while scanning for the next token", next)),
            problem: format!("found character {} that cannot start any token", repr_str(&c.to_string())),
            at: next,
        };
    }
    let quote = Some(next).filter(|&i| matches!(char_at(src, i), '\'' | '"'));
    if let Some(q) = quote
        && super::closing_quote(&src.chars, q).is_none()
    {
        return Marked {
            type_name: "yaml.scanner.ScannerError",
            context: Some(("while scanning a quoted scalar", q)),
            problem: "found unexpected end of stream".into(),
            at: src.chars.len(),
        };
    }
    if flow.is_some() {
        return flow_end(src, flow, at, parser, found);
    }
    // saphyr may not have opened the flow collection yet
    if let Some(f) = innermost_flow(src, at) {
        let (context, close) = if f.map {
            ("while parsing a flow mapping", '}')
        } else {
            ("while parsing a flow sequence", ']')
        };
        return Marked {
            type_name: "yaml.parser.ParserError",
            context: Some((context, f.start)),
            problem: format!("expected ',' or '{close}', but got {found}"),
            at,
        };
    }
    block_end(src, at, open, parser, scanner)
}

/// Whether the quote at `i` follows (after blanks) the start of the text
/// or one of `[{,:`.
fn quote_starts_node(src: &Source, i: usize) -> bool {
    src.chars[..i]
        .iter()
        .rev()
        .find(|c| !c.is_whitespace())
        .is_none_or(|c| matches!(c, '[' | '{' | ',' | ':'))
}

/// The innermost `[` or `{` still open before `at`, outside quoted scalars.
fn innermost_flow(src: &Source, at: usize) -> Option<Open> {
    let mut open = Vec::new();
    let mut i = 0;
    while i < at.min(src.chars.len()) {
        match src.chars[i] {
            // a quote opens a scalar where a node starts (not in `it's`)
            '"' | '\'' if quote_starts_node(src, i) => {
                i = super::closing_quote(&src.chars, i).unwrap_or(usize::MAX);
                continue;
            }
            c @ ('[' | '{') => open.push(Open { start: i, map: c == '{' }),
            ']' | '}' => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    open.pop()
}

/// saphyr's messages for a token where a block collection should end.
const BLOCK_END: [&str; 4] = [
    "while parsing a block mapping, did not find expected key",
    "invalid trailing content after double-quoted scalar",
    "misplaced bracket",
    "while parsing a block collection, did not find expected '-' indicator",
];

/// Whether the open collection is a flow one.
fn is_flow(src: &Source, open: Open) -> bool {
    matches!(char_at(src, open.start), '[' | '{')
}

/// The PyYAML error for saphyr's message `info` at character `at`.
fn translate<'m>(src: &Source, info: &'m str, at: usize, open: Option<Open>) -> Marked<'m> {
    // saphyr may fail before reporting the flow collection it is in
    let open = open.or_else(|| innermost_flow(src, at));
    let scanner = |context: Option<&'m str>, problem: String| Marked {
        type_name: "yaml.scanner.ScannerError",
        context: context.map(|c| (c, at)),
        problem,
        at,
    };
    let flow = open.filter(|o| matches!(src.chars.get(o.start), Some('[' | '{')));
    let context_start = open.map_or(at, |o| o.start);
    let parser = |context: &'m str, problem: String| Marked {
        type_name: "yaml.parser.ParserError",
        context: Some((context, context_start)),
        problem,
        at,
    };
    let found = || token_name(src, at, open);
    let ch = || repr_str(&char_at(src, at).to_string());
    match info {
        "mapping values are not allowed in this context" => {
            scanner(None, "mapping values are not allowed here".into())
        }
        "block sequence entries are not allowed in this context" => {
            scanner(None, "sequence entries are not allowed here".into())
        }
        "mapping keys are not allowed in this context" => {
            scanner(None, "mapping keys are not allowed here".into())
        }
        "while scanning a quoted scalar, found unexpected end of stream" => Marked {
            type_name: "yaml.scanner.ScannerError",
            context: Some(("while scanning a quoted scalar", at)),
            problem: "found unexpected end of stream".into(),
            at: src.chars.len(),
        },
        "while scanning a quoted scalar, found unexpected document indicator" => scanner(
            Some("while scanning a quoted scalar"),
            "found unexpected document separator".into(),
        ),
        "while parsing a quoted scalar, found unknown escape character" => bad_escape(src, at),
        "while parsing a quoted scalar, did not find expected hexadecimal number" => bad_hex_escape(src, at),
        "while scanning a block scalar, found an indentation indicator equal to 0" => {
            let zero = (at..at + 3).find(|&i| char_at(src, i) == '0').unwrap_or(at);
            Marked {
                type_name: "yaml.scanner.ScannerError",
                context: Some(("while scanning a block scalar", at)),
                problem: "expected indentation indicator in the range 1-9, but found 0".into(),
                at: zero,
            }
        }
        "':' must be followed by a valid YAML whitespace" if at > 0 && char_at(src, at - 1) == '\t' => Marked {
            type_name: "yaml.scanner.ScannerError",
            context: Some(("while scanning for the next token", at - 1)),
            problem: "found character '\\t' that cannot start any token".into(),
            at: at - 1,
        },
        "simple key expected" | "simple key expect ':'" => Marked {
            type_name: "yaml.scanner.ScannerError",
            context: Some(("while scanning a simple key", simple_key_start(src, at))),
            problem: "could not find expected ':'".into(),
            at,
        },
        "while scanning an anchor or alias, did not find expected alphabetic or numeric character" => {
            bad_anchor(src, at)
        }
        "while scanning a tag, did not find expected whitespace or line break" => bad_tag(src, at),
        "while scanning a block scalar, did not find expected comment or line break" => {
            bad_block_header(src, at)
        }
        _ if info.starts_with("unexpected character") => scanner(
            Some("while scanning for the next token"),
            format!("found character {} that cannot start any token", ch()),
        ),
        "invalid indentation" | "invalid indentation in flow construct" if flow.is_some() => {
            flow_end(src, flow, at, parser, found())
        }
        "while parsing a flow sequence, expected ',' or ']'"
        | "while parsing a flow mapping, did not find expected ',' or '}'" => {
            flow_end(src, flow, at, parser, found())
        }
        "invalid trailing content after double-quoted scalar" => {
            trailing_content(src, flow, at, open, parser, scanner, found())
        }
        "while parsing a block mapping, did not find expected key" | "misplaced bracket" => {
            block_end(src, at, open, parser, scanner)
        }
        // PyYAML reads the `:` as a value indicator: where a node must
        // start, or after a whole entry
        "':' may not precede any of `[{` in flow mapping" => {
            let before = src.chars[..at.min(src.chars.len())].iter().rposition(|c| !c.is_whitespace());
            if before.is_some_and(|p| matches!(src.chars[p], ':' | ',' | '[' | '{')) {
                Marked {
                    type_name: "yaml.parser.ParserError",
                    context: Some(("while parsing a flow node", at)),
                    problem: "expected the node content, but found ':'".into(),
                    at,
                }
            } else {
                flow_end(src, flow, at, parser, found())
            }
        }
        "while parsing a block collection, did not find expected '-' indicator" => parser(
            "while parsing a block collection",
            format!("expected <block end>, but found {}", found()),
        ),
        "while parsing a node, did not find expected node content" => Marked {
            type_name: "yaml.parser.ParserError",
            context: Some((if flow.is_some() { "while parsing a flow node" } else { "while parsing a block node" }, at)),
            problem: format!("expected the node content, but found {}", found()),
            at,
        },
        "did not find expected <document start>" | "did not find expected <document-start>" => Marked {
            type_name: "yaml.parser.ParserError",
            context: None,
            problem: format!("expected '<document start>', but found {}", found()),
            at,
        },
        _ if info.contains("tab") => scanner(
            Some("while scanning for the next token"),
            format!("found character {} that cannot start any token", ch()),
        ),
        _ if info.starts_with("while parsing") => parser("while parsing a node", info.into()),
        _ => scanner(None, info.into()),
    }
}

/// `"\q"`: PyYAML marks the quoted scalar's start and the escaped
/// character it does not know.
fn bad_escape(src: &Source, quote: usize) -> Marked<'static> {
    const KNOWN: &str = "0abt\tnvfre \"/\\N_LPxuU\r\n\u{85}\u{2028}\u{2029}";
    let mut i = quote + 1;
    while i < src.chars.len() {
        match src.chars[i] {
            '"' => break,
            '\\' if !KNOWN.contains(char_at(src, i + 1)) => {
                let found = repr_str(&char_at(src, i + 1).to_string());
                return Marked {
                    type_name: "yaml.scanner.ScannerError",
                    context: Some(("while scanning a double-quoted scalar", quote)),
                    problem: format!("found unknown escape character {found}"),
                    at: i + 1,
                };
            }
            '\\' => i += 2,
            _ => i += 1,
        }
    }
    Marked {
        type_name: "yaml.scanner.ScannerError",
        context: Some(("while scanning a double-quoted scalar", quote)),
        problem: "found unknown escape character".into(),
        at: quote,
    }
}

/// The directives PyYAML reads before the first document: a name of
/// letters, digits, `-` and `_` (`%(asctime)s` is not one), and a `%YAML`
/// version whose major number is 1.
pub(super) fn check_directives(src: &Source) -> Result<(), ReadError> {
    let chars = &src.chars;
    let mut i = usize::from(chars.first() == Some(&'\u{FEFF}'));
    loop {
        while char_at(src, i) == ' ' {
            i += 1;
        }
        match char_at(src, i) {
            '#' => {
                while !matches!(char_at(src, i), '\0' | '\n') {
                    i += 1;
                }
            }
            '\n' | '\r' => i += 1,
            '%' if position(src, i).1 == 0 => i = directive(src, i)?,
            _ => return Ok(()),
        }
    }
}

/// Checks the directive at `at` (its `%`); returns where its line ends.
fn directive(src: &Source, at: usize) -> Result<usize, ReadError> {
    let mut end = at + 1;
    while char_at(src, end).is_ascii_alphanumeric() || matches!(char_at(src, end), '-' | '_') {
        end += 1;
    }
    let c = char_at(src, end);
    if end == at + 1 || !matches!(c, '\0' | ' ' | '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}') {
        let problem = format!("expected alphabetic or numeric character, but found {}", repr_str(&c.to_string()));
        let marked = Marked { type_name: "yaml.scanner.ScannerError", context: Some(("while scanning a directive", at)), problem, at: end };
        return Err(marked.into_error(src));
    }
    let name: String = src.chars[at + 1..end].iter().collect();
    let mut line_end = end;
    while !matches!(char_at(src, line_end), '\0' | '\n') {
        line_end += 1;
    }
    let rest: String = src.chars[end..line_end].iter().collect();
    let major = rest.trim_start_matches(' ').split('.').next().unwrap_or("").to_string();
    if name == "YAML" && major.parse::<u32>().is_ok_and(|m| m != 1) {
        let problem = "found incompatible YAML document (version 1.* is required)".to_string();
        let marked = Marked { type_name: "yaml.parser.ParserError", context: None, problem, at };
        return Err(marked.into_error(src));
    }
    Ok(line_end)
}

/// The character at `at` (`'\0'` past the end, as PyYAML's buffer ends).
fn char_at(src: &Source, at: usize) -> char {
    src.chars.get(at).copied().unwrap_or('\0')
}

/// A flow collection that does not close: `expected ',' or ']'`.
fn flow_end<'m>(
    _src: &Source,
    flow: Option<Open>,
    at: usize,
    parser: impl Fn(&'m str, String) -> Marked<'m>,
    found: String,
) -> Marked<'m> {
    if flow.is_some_and(|o| !o.map) {
        return parser("while parsing a flow sequence", format!("expected ',' or ']', but got {found}"));
    }
    let _ = at;
    parser("while parsing a flow mapping", format!("expected ',' or '}}', but got {found}"))
}

/// A token where a block mapping or sequence should end (or a character
/// no token starts with), or a node where PyYAML expects one.
fn block_end<'m>(
    src: &Source,
    at: usize,
    open: Option<Open>,
    parser: impl Fn(&'m str, String) -> Marked<'m>,
    scanner: impl Fn(Option<&'m str>, String) -> Marked<'m>,
) -> Marked<'m> {
    let c = char_at(src, at);
    // `%` starts a directive only at the start of a line
    if matches!(c, '@' | '`' | '\t') || (c == '%' && position(src, at).1 != 0) {
        let problem = format!("found character {} that cannot start any token", repr_str(&c.to_string()));
        return scanner(Some("while scanning for the next token"), problem);
    }
    let before = src.chars[..at.min(src.chars.len())]
        .iter()
        .rev()
        .find(|c| !c.is_whitespace())
        .copied();
    if matches!(c, ']' | '}') && matches!(before, None | Some(':' | '-')) {
        let found = token_name(src, at, open);
        let flow = open.is_some_and(|o| matches!(char_at(src, o.start), '[' | '{'));
        return Marked {
            type_name: "yaml.parser.ParserError",
            context: Some((if flow { "while parsing a flow node" } else { "while parsing a block node" }, at)),
            problem: format!("expected the node content, but found {found}"),
            at,
        };
    }
    let context = if open.is_some_and(|o| !o.map) {
        "while parsing a block collection"
    } else {
        "while parsing a block mapping"
    };
    let mut marked = parser(context, String::new());
    // saphyr stops at an entry's content, PyYAML at its `- `
    marked.at = entry_dash(src, at).unwrap_or(at);
    marked.problem = format!("expected <block end>, but found {}", token_name(src, marked.at, open));
    marked
}

/// The `-` of `at`'s line when only blanks and that `- ` precede `at`.
fn entry_dash(src: &Source, at: usize) -> Option<usize> {
    let mut i = at;
    while i > 0 && src.chars[i - 1] == ' ' {
        i -= 1;
    }
    if i == at || i == 0 || src.chars[i - 1] != '-' {
        return None;
    }
    let dash = i - 1;
    let mut j = dash;
    while j > 0 && src.chars[j - 1] == ' ' {
        j -= 1;
    }
    (j == 0 || src.chars[j - 1] == '\n').then_some(dash)
}

/// Where the simple key that lacks its `:` starts: the first character of
/// the last line before `at` that holds something.
fn simple_key_start(src: &Source, at: usize) -> usize {
    let chars = &src.chars;
    let at = at.min(chars.len());
    let mut line_start = at;
    while line_start > 0 && chars[line_start - 1] != '\n' {
        line_start -= 1;
    }
    if let Some(i) = (line_start..at).find(|&i| chars[i] != ' ') {
        return i;
    }
    let mut end = line_start;
    while end > 0 {
        let mut start = end - 1;
        while start > 0 && chars[start - 1] != '\n' {
            start -= 1;
        }
        let first = (start..end).find(|&i| chars[i] != ' ');
        if let Some(i) = first.filter(|&i| !matches!(chars[i], '\n' | '\r' | '#')) {
            return i;
        }
        end = start;
    }
    at
}

/// `&x.y`: PyYAML's anchor names are ASCII letters, digits, `-` and `_`,
/// followed by a blank or one of `?:,]}%@` and a backquote.
pub(super) fn bad_anchor(src: &Source, at: usize) -> Marked<'static> {
    let context = if char_at(src, at) == '*' { "while scanning an alias" } else { "while scanning an anchor" };
    let mut end = at + 1;
    while char_at(src, end).is_ascii_alphanumeric() || matches!(char_at(src, end), '-' | '_') {
        end += 1;
    }
    Marked {
        type_name: "yaml.scanner.ScannerError",
        context: Some((context, at)),
        problem: format!(
            "expected alphabetic or numeric character, but found {}",
            repr_str(&char_at(src, end).to_string())
        ),
        at: end,
    }
}

/// The collection whose first event is at `at` is a flow one (`[` or `{`).
pub(super) fn opens_flow(src: &Source, at: usize) -> bool {
    matches!(char_at(src, at), '[' | '{')
}

/// A plain scalar inside a flow collection that starts with `?` and a
/// character other than a space: PyYAML's scanner (YAML 1.1) reads that `?`
/// as a key indicator, saphyr (YAML 1.2) as part of the scalar, so the trees
/// would differ. Refused rather than read differently.
pub(super) fn check_flow_key_indicator(src: &Source, value: &str, at: usize) -> Result<(), ReadError> {
    let mut chars = value.chars();
    if chars.next() != Some('?') || chars.next().is_none() {
        return Ok(());
    }
    let message = "logcheck cannot read `?` directly followed by text inside a flow collection as PyYAML does (it reads a key indicator)".to_string();
    Err(error(src, "logcheck.UnsupportedYaml", message, at))
}

/// Checks the anchor or alias at `at` (its `&` or `*`) as PyYAML's
/// `scan_anchor` does.
pub(super) fn check_anchor(src: &Source, at: usize) -> Result<(), ReadError> {
    let mut end = at + 1;
    while char_at(src, end).is_ascii_alphanumeric() || matches!(char_at(src, end), '-' | '_') {
        end += 1;
    }
    let c = char_at(src, end);
    if end > at + 1 && (c.is_whitespace() || "\0,]}".contains(c)) {
        return Ok(());
    }
    if end > at + 1 && "?:%@`".contains(c) {
        // PyYAML ends the name there and reads on; saphyr (YAML 1.2) takes
        // the character into the name, so the tree would differ
        let message = format!(
            "logcheck cannot read an anchor or alias followed by {} as PyYAML does",
            repr_str(&c.to_string())
        );
        return Err(error(src, "logcheck.UnsupportedYaml", message, end));
    }
    Err(bad_anchor(src, at).into_error(src))
}

/// PyYAML's scanner skips only spaces between tokens and ends a plain
/// scalar at a tab: a tab outside a quoted or block scalar (`regions`, in
/// order) and outside a comment is `found character '\t' that cannot start
/// any token`.
/// Only tabs before character `limit` are looked at.
pub(super) fn check_tabs(src: &Source, regions: &[(usize, usize)], limit: usize) -> Result<(), ReadError> {
    let chars = &src.chars;
    let mut region = regions.iter().peekable();
    let mut comment = false;
    // flow nesting, and where the last value indicator after a quoted
    // scalar or a closed collection is (`"a":`)
    let (mut depth, mut value_at) = (0usize, None);
    let mut i = 0;
    while i < chars.len().min(limit) {
        while region.peek().is_some_and(|r| r.1 <= i) {
            region.next();
        }
        if let Some(&&(start, end)) = region.peek()
            && start <= i
        {
            i = end.max(i + 1);
            continue;
        }
        let c = chars[i];
        if matches!(c, '\n' | '\r') {
            comment = false;
        } else if c == '#' && (i == 0 || chars[i - 1].is_whitespace()) {
            comment = true;
        } else if c == '\t' && !comment {
            let problem = "found character '\\t' that cannot start any token".to_string();
            let context = Some(("while scanning for the next token", i));
            let marked = Marked { type_name: "yaml.scanner.ScannerError", context, problem, at: i };
            return Err(marked.into_error(src));
        } else if !comment {
            match c {
                '[' | '{' => depth += 1,
                ']' | '}' => depth = depth.saturating_sub(1),
                // in a flow collection a `:` right after a value indicator is
                // another value indicator, where PyYAML's parser needs a node
                ':' if depth > 0 && node_starts_here(chars, value_at, i) => {
                    let marked = Marked {
                        type_name: "yaml.parser.ParserError",
                        context: Some(("while parsing a flow node", i)),
                        problem: "expected the node content, but found ':'".into(),
                        at: i,
                    };
                    return Err(marked.into_error(src));
                }
                ':' if depth > 0 && i > 0 && after_node(chars, regions, i) => value_at = Some(i),
                _ => {}
            }
        }
        i += 1;
    }
    Ok(())
}

/// Whether a flow node starts at `i` (YAML 1.2 allows an empty key there,
/// PyYAML does not): after `[`, `{`, `,` or a value indicator (`value_at`).
fn node_starts_here(chars: &[char], value_at: Option<usize>, i: usize) -> bool {
    let before = chars[..i].iter().rposition(|c| !c.is_whitespace());
    match before {
        Some(p) if matches!(chars[p], '[' | '{' | ',') => true,
        Some(p) => value_at == Some(p),
        None => false,
    }
}

/// Whether the `:` at `i` follows (after spaces) the end of a quoted
/// scalar, which makes it the value indicator of that key.
fn after_node(chars: &[char], regions: &[(usize, usize)], i: usize) -> bool {
    let mut j = i;
    while j > 0 && chars[j - 1] == ' ' {
        j -= 1;
    }
    j > 0 && regions.iter().any(|r| r.1 == j)
}

/// A tag run into the next character: `expected ' ', but found '"'`.
fn bad_tag(src: &Source, at: usize) -> Marked<'static> {
    let uri = |c: char| c.is_ascii_alphanumeric() || "-;/?:@&=+$,_.!~*'()[]%".contains(c);
    let mut end = at + 1;
    while uri(char_at(src, end)) {
        end += 1;
    }
    let c = char_at(src, end);
    if c == '\0' || c.is_whitespace() {
        // a tag PyYAML scans whole (its URI characters include `[],`):
        // the safe constructor has nothing for it
        let text: String = src.chars[at..end].iter().collect();
        let tag = match text.strip_prefix("!!") {
            Some(suffix) => format!("tag:yaml.org,2002:{suffix}"),
            None => text,
        };
        return Marked {
            type_name: "yaml.constructor.ConstructorError",
            context: None,
            problem: format!("could not determine a constructor for the tag {}", repr_str(&tag)),
            at,
        };
    }
    Marked {
        type_name: "yaml.scanner.ScannerError",
        context: Some(("while scanning a tag", at)),
        problem: format!("expected ' ', but found {}", repr_str(&c.to_string())),
        at: end,
    }
}

/// `"\x4"`: an escape with too few hexadecimal digits.
fn bad_hex_escape(src: &Source, quote: usize) -> Marked<'static> {
    let mut i = quote + 1;
    while i < src.chars.len() && src.chars[i] != '"' {
        if src.chars[i] != '\\' {
            i += 1;
            continue;
        }
        let width = match char_at(src, i + 1) {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => {
                i += 2;
                continue;
            }
        };
        if let Some(bad) = (i + 2..i + 2 + width).find(|&k| !char_at(src, k).is_ascii_hexdigit()) {
            return Marked {
                type_name: "yaml.scanner.ScannerError",
                context: Some(("while scanning a double-quoted scalar", quote)),
                problem: format!(
                    "expected escape sequence of {width} hexadecimal numbers, but found {}",
                    repr_str(&char_at(src, bad).to_string())
                ),
                // PyYAML marks where the digits start
                at: i + 2,
            };
        }
        i += 2 + width;
    }
    Marked {
        type_name: "yaml.scanner.ScannerError",
        context: Some(("while scanning a double-quoted scalar", quote)),
        problem: "expected escape sequence of hexadecimal numbers".into(),
        at: quote,
    }
}

/// A block scalar header with something after its indicators.
fn bad_block_header(src: &Source, at: usize) -> Marked<'static> {
    let mut start = at;
    while start > 0 && !matches!(char_at(src, start), '|' | '>') {
        start -= 1;
    }
    let mut end = start + 1;
    for _ in 0..2 {
        if matches!(char_at(src, end), '+' | '-' | '1'..='9') {
            end += 1;
        }
    }
    let context = Some(("while scanning a block scalar", start));
    let c = char_at(src, end);
    if !matches!(c, '\0' | ' ' | '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}') {
        let problem = format!(
            "expected chomping or indentation indicators, but found {}",
            repr_str(&c.to_string())
        );
        return Marked { type_name: "yaml.scanner.ScannerError", context, problem, at: end };
    }
    while char_at(src, end) == ' ' {
        end += 1;
    }
    let problem = format!(
        "expected a comment or a line break, but found {}",
        repr_str(&char_at(src, end).to_string())
    );
    Marked { type_name: "yaml.scanner.ScannerError", context, problem, at: end }
}

/// PyYAML's token id (`repr`) for the token that starts at character `at`,
/// guessed from its first characters and the open block collection: a key
/// or `-` deeper than it opens a new block mapping or sequence.
fn token_name(src: &Source, at: usize, open: Option<Open>) -> String {
    let next = char_at(src, at + 1);
    let blank = next.is_whitespace() || next == '\0';
    let deeper = open.is_none_or(|o| position(src, at).1 > position(src, o.start).1);
    let block = open.is_none_or(|o| !matches!(char_at(src, o.start), '[' | '{'));
    let name = match src.chars.get(at) {
        None => "<stream end>",
        Some('-') if blank && block && deeper => "<block sequence start>",
        Some('-') if blank => "-",
        Some('?') if blank => "?",
        // in a flow collection every `:` is a value indicator
        Some(':') if blank || !block => ":",
        Some(c @ ('[' | ']' | '{' | '}' | ',')) => return repr_str(&c.to_string()),
        Some(_) if block && line_start(src, at) && deeper && starts_key(src, at) => "<block mapping start>",
        Some(_) if block && line_start(src, at) && starts_key(src, at) => "?",
        Some('&') => "<anchor>",
        Some('*') => "<alias>",
        Some('!') => "<tag>",
        Some(_) => "<scalar>",
    };
    repr_str(name)
}

/// Whether only spaces precede `at` on its line (a simple key can start).
fn line_start(src: &Source, at: usize) -> bool {
    src.chars[..at.min(src.chars.len())]
        .iter()
        .rev()
        .take_while(|&&c| c != '\n')
        .all(|&c| c == ' ')
}

/// Whether the line from `at` holds a `key:` (a `:` before a blank or the
/// line's end, outside quotes, before any comment).
fn starts_key(src: &Source, at: usize) -> bool {
    let mut quote = None;
    let mut i = at;
    while i < src.chars.len() && src.chars[i] != '\n' {
        let c = src.chars[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if (c == '"' || c == '\'') && i == at => quote = Some(c),
            None if c == '#' && i > at && src.chars[i - 1] == ' ' => return false,
            None if c == ':' => {
                let n = char_at(src, i + 1);
                if n == '\0' || n.is_whitespace() {
                    return true;
                }
            }
            None => {}
        }
        i += 1;
    }
    false
}

/// Nesting past [`super::MAX_DEPTH`]: PyYAML's composer overflows Python's
/// recursion limit.
pub(super) fn recursion(src: &Source, at: usize) -> ReadError {
    let message = "maximum recursion depth exceeded".to_string();
    error(src, "RecursionError", message, at)
}

/// `ComposerError: found undefined alias 'x'` for the alias at `start`.
pub(super) fn undefined_alias(src: &Source, start: usize) -> ReadError {
    let name: String = src.chars[(start + 1).min(src.chars.len())..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    Marked {
        type_name: "yaml.composer.ComposerError",
        context: None,
        problem: format!("found undefined alias {}", repr_str(&name)),
        at: start,
    }
    .into_error(src)
}

/// `ComposerError: found duplicate anchor 'x'; first occurrence … second
/// occurrence`.
pub(super) fn duplicate_anchor(
    src: &Source,
    name: &str,
    first: usize,
    second: usize,
    _at: usize,
) -> ReadError {
    let context = format!("found duplicate anchor {}; first occurrence", repr_str(name));
    Marked {
        type_name: "yaml.composer.ComposerError",
        context: Some((&context, first)),
        problem: "second occurrence".to_string(),
        at: second,
    }
    .into_error(src)
}

/// `ComposerError: expected a single document in the stream`.
pub(super) fn second_document(src: &Source, first: usize, second: usize) -> ReadError {
    Marked {
        type_name: "yaml.composer.ComposerError",
        context: Some(("expected a single document in the stream", first)),
        problem: "but found another document".to_string(),
        at: second,
    }
    .into_error(src)
}
