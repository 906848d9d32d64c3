//! The positioned value tree both dictConfig front ends produce: what
//! `json.load` or `yaml.safe_load` returns, each value with the span of its
//! text, mapping keys kept in file order (a repeated key: the last value
//! wins, as both Python readers do: [`NodeValue::Map`] keeps one entry, in
//! the dict order of the key's first occurrence, with that first key node
//! and the last value, as `dict` does when a key is assigned again).

use crate::diagnostic::PyException;
use crate::source::Span;

/// A value and where its text is.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The Python value.
    pub value: NodeValue,
    /// The value's text (for a mapping or a list: from its opening to its
    /// closing token; for a YAML block collection: its first to last entry).
    pub span: Span,
}

/// The Python objects `json.load` and `yaml.safe_load` build.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    /// `None` (`null`, YAML `~` or an empty value).
    Null,
    /// `True`/`False` (YAML 1.1 also `yes`/`no`/`on`/`off`).
    Bool(bool),
    /// An `int`, as its decimal digits (Python ints are unbounded).
    Int(String),
    /// A `float`, as `repr(float)` writes it (`1e+100`, `inf`, `nan`).
    Float(String),
    /// A `str`.
    Str(String),
    /// A `list` (YAML sequences too).
    List(Vec<Node>),
    /// A `dict`, in insertion order: `(key, value)` pairs with unique keys.
    Map(Vec<(Node, Node)>),
    /// A YAML value `safe_load` builds that dictConfig only passes along
    /// (a timestamp, binary, a set): its Python `repr`.
    Other(String),
}

impl Node {
    /// The value under the string key `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            NodeValue::Map(entries) => entries
                .iter()
                .find(|(k, _)| matches!(&k.value, NodeValue::Str(s) if s == key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::Str(s) => Some(s),
            _ => None,
        }
    }
}

impl Node {
    /// The JSON pointer (RFC 6901) of the innermost value or key whose
    /// text holds `span` (`/handlers/console/formatter`); empty when only
    /// the whole document does. Values without text of their own (a host's
    /// defaults) are never chosen.
    pub fn pointer_to(&self, span: Span) -> String {
        let mut pointer = String::new();
        let mut node = self;
        loop {
            let step = match &node.value {
                NodeValue::Map(entries) => entries.iter().find_map(|(k, v)| {
                    let key = match &k.value {
                        NodeValue::Str(s) | NodeValue::Int(s) | NodeValue::Float(s) | NodeValue::Other(s) => s.clone(),
                        NodeValue::Bool(b) => if *b { "True" } else { "False" }.to_string(),
                        _ => "None".to_string(),
                    };
                    let holds = |n: &Node| !n.span.is_empty() && n.span.start <= span.start && span.end <= n.span.end;
                    (holds(k) || holds(v)).then(|| (key, v, holds(k)))
                }),
                NodeValue::List(items) => (items.iter().enumerate())
                    .find(|(_, n)| !n.span.is_empty() && n.span.start <= span.start && span.end <= n.span.end)
                    .map(|(i, n)| (i.to_string(), n, false)),
                _ => None,
            };
            let Some((name, next, at_key)) = step else {
                return pointer;
            };
            pointer.push('/');
            pointer.push_str(&name.replace('~', "~0").replace('/', "~1"));
            if at_key {
                return pointer;
            }
            node = next;
        }
    }
}

/// The exception the Python reader raises on malformed text, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// Type and message exactly as Python shows them
    /// (`json.decoder.JSONDecodeError: Expecting ',' delimiter: line 3 column 5 (char 20)`).
    pub exception: PyException,
    /// Where the reader stopped.
    pub span: Span,
}
