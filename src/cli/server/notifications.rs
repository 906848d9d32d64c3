//! The notifications a running server acts on: documents opened, changed
//! and closed, each answered with the document's diagnostics (an empty
//! list once it is closed). Others (`initialized`, `$/cancelRequest`,
//! `didSave`, …) need nothing.

use super::diagnostics;
use super::dispatch::Server;
use lsp_server::Notification;
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument,
    Notification as LspNotification, PublishDiagnostics,
};
use lsp_types::{PublishDiagnosticsParams, Uri};

impl Server {
    /// Acts on a notification; returns the notifications to send back.
    pub(super) fn notify(&mut self, notification: Notification) -> Option<Notification> {
        let params = notification.params;
        let published = match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let p: lsp_types::DidOpenTextDocumentParams =
                    serde_json::from_value(params).ok()?;
                let doc = p.text_document;
                self.documents
                    .open(doc.uri.clone(), doc.text, doc.version, &self.env);
                self.diagnostics(&doc.uri)?
            }
            DidChangeTextDocument::METHOD => {
                let p: lsp_types::DidChangeTextDocumentParams =
                    serde_json::from_value(params).ok()?;
                self.change(p)?
            }
            DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams =
                    serde_json::from_value(params).ok()?;
                let uri = p.text_document.uri;
                self.documents
                    .close(&uri)
                    .then(|| diagnostics::clear(uri))?
            }
            _ => return None,
        };
        Some(Notification::new(
            PublishDiagnostics::METHOD.into(),
            published,
        ))
    }

    /// Applies a change (whole texts, or ranges of the last text) and
    /// checks the new text.
    fn change(
        &mut self,
        p: lsp_types::DidChangeTextDocumentParams,
    ) -> Option<PublishDiagnosticsParams> {
        let uri = p.text_document.uri;
        let doc = self.documents.get_mut(&uri)?;
        for change in &p.content_changes {
            doc.change(change.range, &change.text);
        }
        doc.version = p.text_document.version;
        doc.analyze(&self.env);
        self.diagnostics(&uri)
    }

    /// The diagnostics to publish for the open document `uri`.
    fn diagnostics(&self, uri: &Uri) -> Option<PublishDiagnosticsParams> {
        self.documents.get(uri).map(diagnostics::publish)
    }
}
