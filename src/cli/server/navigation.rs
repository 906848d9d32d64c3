//! Go to definition (a name → its `[kind_KEY]` header), find references (every
//! place a name is written) and document symbols (the sections and their
//! options).

use super::documents::Document;
use super::symbols::{self, Name, Role};
use crate::ini::IniSection;
use lsp_types::{DocumentSymbol, GotoDefinitionResponse, Location, Position, SymbolKind};

/// The name at `pos` and every name of the document.
fn name_at(doc: &Document, pos: Position) -> Option<(Name, Vec<Name>)> {
    let names = symbols::names(doc.ini()?);
    let name = symbols::at(&names, doc.offset(pos))?.clone();
    Some((name, names))
}

/// The header of the section the name at `pos` stands for.
pub fn definition(doc: &Document, pos: Position) -> Option<GotoDefinitionResponse> {
    let (name, names) = name_at(doc, pos)?;
    let header = symbols::header(&names, name.kind, &name.key)?;
    let location = Location::new(doc.uri.clone(), doc.range(header.span));
    Some(GotoDefinitionResponse::Scalar(location))
}

/// Every place the name at `pos` is written (its header only when
/// `declaration` is asked for).
pub fn references(doc: &Document, pos: Position, declaration: bool) -> Option<Vec<Location>> {
    let (name, names) = name_at(doc, pos)?;
    let found = names
        .iter()
        .filter(|n| n.kind == name.kind && n.key == name.key)
        .filter(|n| declaration || n.role != Role::Header)
        .map(|n| Location::new(doc.uri.clone(), doc.range(n.span)))
        .collect();
    Some(found)
}

/// The document's sections, each with its options.
pub fn document_symbols(doc: &Document) -> Option<Vec<DocumentSymbol>> {
    let ini = doc.ini()?;
    Some(
        ini.sections
            .iter()
            .map(|s| section_symbol(doc, s))
            .collect(),
    )
}

/// One section as a symbol: its whole text, its name selected.
fn section_symbol(doc: &Document, section: &IniSection) -> DocumentSymbol {
    let kind = match section.name.split('_').next() {
        Some("logger") => SymbolKind::NAMESPACE,
        Some("handler") => SymbolKind::CLASS,
        Some("formatter") => SymbolKind::STRING,
        _ => SymbolKind::MODULE,
    };
    let whole = crate::source::Span::new(section.header_span.start, symbols::section_end(section));
    let children = section
        .options
        .iter()
        .map(|o| {
            let span = o.name_span.join(o.value_span);
            symbol(
                o.name.to_string(),
                Some(o.value.to_string()),
                SymbolKind::FIELD,
                doc.range(span),
                doc.range(o.name_span),
                None,
            )
        })
        .collect();
    symbol(
        section.name.to_string(),
        None,
        kind,
        doc.range(whole),
        doc.range(section.name_span),
        Some(children),
    )
}

/// A document symbol (its `deprecated` field left unset).
fn symbol(
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: lsp_types::Range,
    selection_range: lsp_types::Range,
    children: Option<Vec<DocumentSymbol>>,
) -> DocumentSymbol {
    #[allow(
        deprecated,
        reason = "the field is deprecated, but the struct has no constructor"
    )]
    DocumentSymbol {
        name: if name.is_empty() {
            " ".to_string()
        } else {
            name
        },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range,
        children,
    }
}
