//! Completion inside an option's value: handler names in `handlers=` and
//! `target=`, formatter names in `formatter=`, level names in `level=`,
//! stdlib handler classes in `class=`, LogRecord attributes after `%(` in
//! `format=`, and section keys in `[loggers]`/`[handlers]`/`[formatters]`
//! `keys=`. Every list comes from the library's tables.

use super::documents::Document;
use super::symbols::{self, Kind, Role};
use crate::handler_class::KnownClass;
use crate::ini::IniSection;
use crate::level::Level;
use crate::version::PyVersion;
use lsp_types::{CompletionItem, CompletionItemKind, CompletionResponse, Position};

/// The completions at `pos` (none outside a value logcheck knows).
pub fn complete(doc: &Document, pos: Position, version: PyVersion) -> Option<CompletionResponse> {
    let ini = doc.ini()?;
    let offset = doc.offset(pos);
    let section = symbols::section_at(ini, offset)?;
    let (option, value_start) = option_at(doc, section, offset)?;
    let typed = doc.text.get(value_start..offset)?;
    let kind = section.name.split('_').next().unwrap_or("");
    let items = match (kind, option.as_str()) {
        ("logger", "handlers") | ("handler", "target") => names(doc, Kind::Handler),
        ("handler", "formatter") => names(doc, Kind::Formatter),
        ("logger" | "handler", "level") => levels(),
        ("handler", "class") => classes(),
        ("formatter", "format") if inside_field(typed) => attributes(version),
        ("loggers", "keys") => names(doc, Kind::Logger),
        ("handlers", "keys") => names(doc, Kind::Handler),
        ("formatters", "keys") => names(doc, Kind::Formatter),
        _ => return None,
    };
    Some(CompletionResponse::Array(items))
}

/// The option whose value holds `offset` (lower-cased, as configparser
/// folds it) and where that value starts: an option the reader found, or
/// the `name=` (`name:`) the cursor's line begins with while it is typed.
fn option_at(doc: &Document, section: &IniSection, offset: usize) -> Option<(String, usize)> {
    let found = section.options.iter().find(|o| {
        o.value_span.start <= offset && offset <= o.value_span.end && o.name_span.end <= offset
    });
    if let Some(o) = found {
        return Some((o.name.to_string(), o.value_span.start));
    }
    let line_start = doc.offset(Position::new(doc.position(offset).line, 0));
    let line = doc.text.get(line_start..offset)?;
    let delimiter = line.find(['=', ':'])?;
    let name = line[..delimiter].trim().to_lowercase();
    Some((name, line_start + delimiter + 1))
}

/// `typed` ends inside a `%(` field whose `)` is not written yet.
fn inside_field(typed: &str) -> bool {
    typed
        .rfind("%(")
        .is_some_and(|at| !typed[at..].contains(')'))
}

/// The keys of the document's `kind` sections and `keys=` lists.
fn names(doc: &Document, kind: Kind) -> Vec<CompletionItem> {
    let Some(ini) = doc.ini() else {
        return Vec::new();
    };
    let mut keys: Vec<String> = symbols::names(ini)
        .into_iter()
        .filter(|n| n.kind == kind && matches!(n.role, Role::Header | Role::Key))
        .map(|n| n.key)
        .collect();
    keys.sort();
    keys.dedup();
    let detail = format!("[{}KEY]", kind.prefix());
    keys.into_iter()
        .map(|key| {
            item(
                key,
                CompletionItemKind::REFERENCE,
                Some(detail.clone()),
                None,
            )
        })
        .collect()
}

/// The level names `setLevel` accepts.
fn levels() -> Vec<CompletionItem> {
    Level::ACCEPTED_NAMES
        .iter()
        .map(|name| {
            item(
                name.to_string(),
                CompletionItemKind::ENUM_MEMBER,
                None,
                None,
            )
        })
        .collect()
}

/// The stdlib handler classes, as fileConfig files name them
/// (`StreamHandler`, `handlers.RotatingFileHandler`: fileConfig evaluates
/// the name in the `logging` module's namespace).
fn classes() -> Vec<CompletionItem> {
    KnownClass::ALL
        .iter()
        .filter(|k| **k != KnownClass::Formatter)
        .map(|k| {
            let qualified = k.qualified_name();
            let short = qualified.strip_prefix("logging.").unwrap_or(qualified);
            item(
                short.to_string(),
                CompletionItemKind::CLASS,
                Some(qualified.to_string()),
                None,
            )
        })
        .collect()
}

/// The LogRecord attributes of `version`, inserted as `name)s`.
fn attributes(version: PyVersion) -> Vec<CompletionItem> {
    crate::format::attr::record_attribute_names(version)
        .iter()
        .map(|name| {
            let insert = format!("{name})s");
            item(
                name.to_string(),
                CompletionItemKind::FIELD,
                Some("LogRecord attribute".into()),
                Some(insert),
            )
        })
        .collect()
}

fn item(
    label: String,
    kind: CompletionItemKind,
    detail: Option<String>,
    insert: Option<String>,
) -> CompletionItem {
    CompletionItem {
        label,
        kind: Some(kind),
        detail,
        insert_text: insert,
        ..CompletionItem::default()
    }
}
