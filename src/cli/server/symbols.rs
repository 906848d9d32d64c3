//! The logger, handler and formatter names of a fileConfig document, each
//! with its span and role, found from configparser's reading (the
//! library's reader) and split as fileConfig splits lists: what hover,
//! navigation and references look names up in.

use crate::ini::{IniDocument, IniOption, IniSection};
use crate::source::Span;

/// What a name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A `[logger_KEY]` section's key.
    Logger,
    /// A `[handler_KEY]` section's key.
    Handler,
    /// A `[formatter_KEY]` section's key.
    Formatter,
}

impl Kind {
    /// The section prefix: `logger_`, `handler_`, `formatter_`.
    pub fn prefix(self) -> &'static str {
        match self {
            Kind::Logger => "logger_",
            Kind::Handler => "handler_",
            Kind::Formatter => "formatter_",
        }
    }

    /// The kind whose sections `name` (a section name) begins with.
    fn of_section(name: &str) -> Option<(Kind, &str)> {
        [Kind::Logger, Kind::Handler, Kind::Formatter]
            .into_iter()
            .find_map(|kind| name.strip_prefix(kind.prefix()).map(|key| (kind, key)))
    }

    /// The kind a `[loggers]`, `[handlers]` or `[formatters]` section lists.
    fn of_list(name: &str) -> Option<Kind> {
        match name {
            "loggers" => Some(Kind::Logger),
            "handlers" => Some(Kind::Handler),
            "formatters" => Some(Kind::Formatter),
            _ => None,
        }
    }
}

/// Where a name is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// In a section header: `[handler_KEY]`.
    Header,
    /// In a `keys=` list.
    Key,
    /// A use: `handlers=`, `formatter=`, `target=`.
    Use,
    /// A logger section's `qualname=` (the name is the section's key).
    Qualname,
}

/// One occurrence of a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// What it names.
    pub kind: Kind,
    /// The section key it stands for (for [`Role::Qualname`], the key of
    /// the section whose qualname it is).
    pub key: String,
    /// Where it is written.
    pub span: Span,
    /// How it is written.
    pub role: Role,
}

/// Every name of `doc`, in file order.
pub fn names(doc: &IniDocument) -> Vec<Name> {
    let mut found = Vec::new();
    for section in &doc.sections {
        section_names(section, &mut found);
    }
    found
}

/// The names of one section: its header's key and its options' names.
fn section_names(section: &IniSection, found: &mut Vec<Name>) {
    if let Some(kind) = Kind::of_list(&section.name) {
        list(section.option("keys"), kind, Role::Key, found);
        return;
    }
    let Some((kind, key)) = Kind::of_section(&section.name) else {
        return;
    };
    let start = section.name_span.start + kind.prefix().len();
    found.push(Name {
        kind,
        key: key.to_string(),
        span: Span::new(start, section.name_span.end.max(start)),
        role: Role::Header,
    });
    match kind {
        Kind::Logger => {
            list(section.option("handlers"), Kind::Handler, Role::Use, found);
            if let Some(q) = section.option("qualname").filter(|q| !q.value.is_empty()) {
                let span = q.value_span;
                let role = Role::Qualname;
                found.push(Name {
                    kind,
                    key: key.to_string(),
                    span,
                    role,
                });
            }
        }
        Kind::Handler => {
            list(
                section.option("formatter"),
                Kind::Formatter,
                Role::Use,
                found,
            );
            list(section.option("target"), Kind::Handler, Role::Use, found);
        }
        Kind::Formatter => {}
    }
}

/// The names of a comma list option, split as fileConfig splits it.
fn list(option: Option<&IniOption>, kind: Kind, role: Role, found: &mut Vec<Name>) {
    let Some(option) = option else { return };
    for (name, span) in crate::model::raw_list_items(option) {
        if !name.is_empty() {
            found.push(Name {
                kind,
                key: name,
                span,
                role,
            });
        }
    }
}

/// The name written at byte `offset` (its span contains it, or ends at it).
pub fn at(names: &[Name], offset: usize) -> Option<&Name> {
    names
        .iter()
        .find(|n| n.span.start <= offset && offset <= n.span.end)
}

/// The header of the section `kind` + `key`.
pub fn header<'a>(names: &'a [Name], kind: Kind, key: &str) -> Option<&'a Name> {
    names
        .iter()
        .find(|n| n.role == Role::Header && n.kind == kind && n.key == key)
}

/// The section a byte offset is in (the last header at or before it).
pub fn section_at(doc: &IniDocument, offset: usize) -> Option<&IniSection> {
    doc.sections
        .iter()
        .take_while(|s| s.header_span.start <= offset)
        .last()
}

/// The end of `section`'s text: its last option's value, or its header.
pub fn section_end(section: &IniSection) -> usize {
    section
        .options
        .iter()
        .map(|o| o.value_span.end.max(o.name_span.end))
        .fold(section.header_span.end, usize::max)
}
