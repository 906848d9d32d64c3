//! Quickfixes: each diagnostic's fix (the library's `Diagnostic::fix`, the
//! edits `check --fix` applies) as a code action, unsafe ones labelled so;
//! and "fix all safe" as `check --fix` computes it (rounds with a re-check
//! between them), a `source.fixAll` action.

use super::diagnostics::convert;
use super::documents::Document;
use crate::environment::LoadEnvironment;
use crate::fix::{Applicability, Fix, fix_text};
use crate::source::Span;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Range, TextEdit,
    WorkspaceEdit,
};
use std::collections::HashMap;

/// The code actions for `params`: a quickfix per fixable diagnostic in the
/// requested range, then "fix all safe" when the document has safe fixes.
pub fn actions(
    doc: &Document,
    params: &CodeActionParams,
    env: &LoadEnvironment,
) -> Vec<CodeActionOrCommand> {
    let Some(analysis) = &doc.analysis else {
        return Vec::new();
    };
    let diagnostics = &analysis.report.diagnostics;
    let mut actions: Vec<CodeActionOrCommand> = (diagnostics.iter())
        .filter(|d| overlaps(doc.range(d.primary.span), params.range))
        .filter_map(|d| {
            let fix = d
                .fix
                .as_deref()
                .filter(|f| f.applicability != Applicability::DisplayOnly)?;
            Some(CodeActionOrCommand::CodeAction(quickfix(
                doc,
                fix,
                convert(doc, d),
            )))
        })
        .collect();
    let any_safe = diagnostics.iter().any(|d| {
        d.fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe)
    });
    if any_safe && let Some(all) = fix_all_safe(doc, env) {
        actions.push(CodeActionOrCommand::CodeAction(all));
    }
    actions
}

/// One diagnostic's fix.
fn quickfix(doc: &Document, fix: &Fix, diagnostic: lsp_types::Diagnostic) -> CodeAction {
    let safe = fix.applicability == Applicability::Safe;
    let edits: Vec<(Span, String)> = fix
        .edits
        .iter()
        .map(|e| {
            (
                e.span,
                crate::fix::with_line_ending(&doc.text, &e.content).into_owned(),
            )
        })
        .collect();
    CodeAction {
        title: if safe {
            fix.message.to_string()
        } else {
            format!("{} (unsafe)", fix.message)
        },
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic]),
        edit: Some(workspace_edit(doc, &edits)),
        is_preferred: Some(safe),
        ..CodeAction::default()
    }
}

/// Every safe fix, as `check --fix` applies them, as one edit of the text.
fn fix_all_safe(doc: &Document, env: &LoadEnvironment) -> Option<CodeAction> {
    let check = |t: &str| {
        (env.check_bytes(&doc.path, t.as_bytes()))
            .unwrap_or_else(|_| crate::check::check_bytes(&doc.path, t.as_bytes(), &env.options))
    };
    let fixed = fix_text(&doc.text, false, check);
    if fixed.applied.is_empty() {
        return None;
    }
    let whole = Span::new(0, doc.text.len());
    Some(CodeAction {
        title: format!("Fix all safe logcheck findings ({})", fixed.applied.len()),
        kind: Some(CodeActionKind::SOURCE_FIX_ALL),
        edit: Some(workspace_edit(doc, &[(whole, fixed.text)])),
        ..CodeAction::default()
    })
}

/// Whether two LSP ranges share a position (touching counts).
fn overlaps(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
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
