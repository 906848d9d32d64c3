//! Quickfixes: where a diagnostic's fix becomes a `WorkspaceEdit`.
//!
//! The library's findings do not carry fixes yet: `Diagnostic::fix` (an
//! optional `Fix { applicability, message, edits }`, issue #14's autofix
//! half) is being added separately. Until it lands the server advertises no
//! code actions and answers `textDocument/codeAction` with an empty list.
//! When it lands, [`actions`] maps each diagnostic in the request's range
//! with a fix to one quickfix (unsafe ones labelled so) plus one "fix all
//! safe", each edit through [`workspace_edit`]; nothing else changes.

use super::documents::Document;
use crate::source::Span;
use lsp_types::{CodeActionOrCommand, CodeActionParams, TextEdit, WorkspaceEdit};
use std::collections::HashMap;

/// The code actions for `params` (none until diagnostics carry fixes).
pub fn actions(doc: &Document, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let _ = (doc, params);
    Vec::new()
}

/// A workspace edit replacing each byte span of `doc` with its text (what a
/// fix's edits become).
pub fn workspace_edit(doc: &Document, edits: &[(Span, String)]) -> WorkspaceEdit {
    let edits = edits
        .iter()
        .map(|(span, text)| TextEdit::new(doc.range(*span), text.clone()))
        .collect();
    WorkspaceEdit::new(HashMap::from([(doc.uri.clone(), edits)]))
}
