//! `check`'s findings as LSP diagnostics: the rule's code with a link to its
//! documentation, its severity, the primary span as the range, the help,
//! notes and CPython's exception in the message, secondary labels as
//! related information.

use super::documents::Document;
use crate::diagnostic::{Diagnostic, Severity};
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    PublishDiagnosticsParams, Uri,
};

/// The diagnostics to publish for `doc` (none when it is no logging
/// configuration).
pub fn publish(doc: &Document) -> PublishDiagnosticsParams {
    let diagnostics = doc
        .report()
        .map(|report| report.diagnostics.iter().map(|d| convert(doc, d)).collect())
        .unwrap_or_default();
    PublishDiagnosticsParams::new(doc.uri.clone(), diagnostics, Some(doc.version))
}

/// No diagnostics for `uri` (a closed document).
pub fn clear(uri: Uri) -> PublishDiagnosticsParams {
    PublishDiagnosticsParams::new(uri, Vec::new(), None)
}

/// One finding as an LSP diagnostic.
pub fn convert(doc: &Document, d: &Diagnostic) -> lsp_types::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .secondary
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(doc.uri.clone(), doc.range(label.span)),
            message: if label.message.is_empty() {
                d.message.clone()
            } else {
                label.message.to_string()
            },
        })
        .collect();
    lsp_types::Diagnostic {
        range: doc.range(d.primary.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: docs_link(d.code),
        source: Some("logcheck".to_string()),
        message: message(d),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The rule's documentation (`docs/rules.md#lc202`).
fn docs_link(code: &str) -> Option<CodeDescription> {
    let href = crate::cli::render::rule_docs_url(code)
        .parse::<Uri>()
        .ok()?;
    Some(CodeDescription { href })
}

/// The rule's severity in LSP terms.
pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The message, then the primary label, help, notes and the exception
/// CPython raises, one per line (what `check`'s full output prints around
/// the snippet).
fn message(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    if !d.primary.message.is_empty() {
        text.push_str(&format!(" ({})", d.primary.message));
    }
    if let Some(help) = &d.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    for note in &d.notes {
        text.push_str(&format!("\nnote: {note}"));
    }
    if let Some(exc) = &d.python {
        text.push_str(&format!("\nCPython raises {exc}"));
    }
    text
}
