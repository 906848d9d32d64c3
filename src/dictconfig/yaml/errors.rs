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
        "unacceptable character #x{:04x}: special characters are not allowed\n  in \"<unicode string>\", position {at}",
        src.chars[at] as u32
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

/// `Mark.__str__`: where, and `get_snippet()`.
fn mark_str(src: &Source, at: usize) -> String {
    let (line, column) = position(src, at);
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

/// saphyr's scanner or parser error as the PyYAML exception for the same
/// mistake; `open` is where the innermost open collection starts.
pub(super) fn scan_error(src: &Source, e: &ScanError, open: Option<usize>) -> ReadError {
    let at = e.marker().index();
    let info = e.info();
    let found = || token_name(src, at);
    let ch = || repr_str(&src.chars.get(at).map_or("\0".to_string(), |c| c.to_string()));
    let (type_name, context, problem) = match info {
        "mapping values are not allowed in this context" => {
            ("yaml.scanner.ScannerError", None, "mapping values are not allowed here".to_string())
        }
        "block sequence entries are not allowed in this context" => (
            "yaml.scanner.ScannerError",
            None,
            "block sequence entries are not allowed here".to_string(),
        ),
        "mapping keys are not allowed in this context" => {
            ("yaml.scanner.ScannerError", None, "mapping keys are not allowed here".to_string())
        }
        "while scanning a quoted scalar, found unexpected end of stream" => {
            let problem = "found unexpected end of stream".to_string();
            let marked = Marked {
                type_name: "yaml.scanner.ScannerError",
                context: Some(("while scanning a quoted scalar", at)),
                problem,
                at: src.chars.len(),
            };
            return marked.into_error(src);
        }
        "while scanning a quoted scalar, found unexpected document indicator" => (
            "yaml.scanner.ScannerError",
            Some("while scanning a quoted scalar"),
            "found unexpected document separator".to_string(),
        ),
        "while parsing a quoted scalar, found unknown escape character" => (
            "yaml.scanner.ScannerError",
            Some("while scanning a double-quoted scalar"),
            format!("found unknown escape character {}", ch()),
        ),
        "simple key expected" | "simple key expect ':'" => (
            "yaml.scanner.ScannerError",
            Some("while scanning a simple key"),
            "could not find expected ':'".to_string(),
        ),
        "while parsing a block mapping, did not find expected key" => (
            "yaml.parser.ParserError",
            Some("while parsing a block mapping"),
            format!("expected <block end>, but found {}", found()),
        ),
        "while parsing a block collection, did not find expected '-' indicator" => (
            "yaml.parser.ParserError",
            Some("while parsing a block collection"),
            format!("expected <block end>, but found {}", found()),
        ),
        "while parsing a flow sequence, expected ',' or ']'" => (
            "yaml.parser.ParserError",
            Some("while parsing a flow sequence"),
            format!("expected ',' or ']', but got {}", found()),
        ),
        "while parsing a flow mapping, did not find expected ',' or '}'" => (
            "yaml.parser.ParserError",
            Some("while parsing a flow mapping"),
            format!("expected ',' or '}}', but got {}", found()),
        ),
        "while parsing a node, did not find expected node content" => (
            "yaml.parser.ParserError",
            Some("while parsing a block node"),
            format!("expected the node content, but found {}", found()),
        ),
        "did not find expected <document start>" | "did not find expected <document-start>" => (
            "yaml.parser.ParserError",
            None,
            format!("expected '<document start>', but found {}", found()),
        ),
        "recursion limit exceeded" => return recursion(src, at),
        _ if info.contains("tab") => (
            "yaml.scanner.ScannerError",
            Some("while scanning for the next token"),
            format!("found character {} that cannot start any token", ch()),
        ),
        _ if info.starts_with("while parsing") => {
            ("yaml.parser.ParserError", None, info.to_string())
        }
        _ => ("yaml.scanner.ScannerError", None, info.to_string()),
    };
    let context = context.map(|c| (c, if c.starts_with("while parsing a") { open.unwrap_or(at) } else { at }));
    Marked {
        type_name,
        context,
        problem,
        at,
    }
    .into_error(src)
}

/// PyYAML's token id (`repr`) for the token that starts at character `at`,
/// guessed from its first character.
fn token_name(src: &Source, at: usize) -> String {
    let next = src.chars.get(at + 1).copied().unwrap_or('\0');
    let blank = next.is_whitespace() || next == '\0';
    let name = match src.chars.get(at) {
        None => "<stream end>",
        Some('-') if blank => "-",
        Some('?') if blank => "?",
        Some(':') if blank => ":",
        Some(c @ ('[' | ']' | '{' | '}' | ',')) => return repr_str(&c.to_string()),
        Some('&') => "<anchor>",
        Some('*') => "<alias>",
        Some('!') => "<tag>",
        Some(_) => "<scalar>",
    };
    repr_str(name)
}

/// Nesting past [`super::MAX_DEPTH`]: PyYAML's composer overflows Python's
/// recursion limit.
pub(super) fn recursion(src: &Source, at: usize) -> ReadError {
    let message = "maximum recursion depth exceeded".to_string();
    error(src, "RecursionError", message, at)
}

/// `ComposerError: found undefined alias 'x'`.
pub(super) fn undefined_alias(src: &Source, start: usize, end: usize) -> ReadError {
    let name: String = src.chars[(start + 1).min(end)..end.min(src.chars.len())]
        .iter()
        .take_while(|c| !c.is_whitespace())
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
