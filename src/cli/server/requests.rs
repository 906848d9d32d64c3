//! The requests a running server answers, and the capabilities
//! `initialize` advertises for them: each takes its typed parameters
//! (invalid ones are an `InvalidParams` error) and asks one feature module.

use super::dispatch::{Server, error_response};
use super::documents::Document;
use super::{code_action, completion, hover, navigation};
use lsp_server::{ErrorCode, Request, Response};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest, References,
    Request as LspRequest,
};
use lsp_types::{
    CompletionOptions, InitializeResult, OneOf, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};

/// What the server does, for `initialize`'s answer: full text sync, hover,
/// definition, references, document symbols, completion, code actions
/// (quickfixes and "fix all safe").
pub fn initialize_result() -> InitializeResult {
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(true.into()),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(lsp_types::CodeActionProviderCapability::Options(
            lsp_types::CodeActionOptions {
                code_action_kinds: Some(vec![
                    lsp_types::CodeActionKind::QUICKFIX,
                    lsp_types::CodeActionKind::SOURCE_FIX_ALL,
                ]),
                ..Default::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(["=", ",", "("].map(String::from).to_vec()),
            ..CompletionOptions::default()
        }),
        ..ServerCapabilities::default()
    };
    InitializeResult {
        capabilities,
        server_info: Some(ServerInfo {
            name: "logcheck".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    }
}

impl Server {
    /// Answers a request of a running server.
    pub(super) fn answer(&self, request: Request) -> Response {
        match request.method.as_str() {
            HoverRequest::METHOD => self.on::<HoverRequest>(request, |s, p| {
                let at = &p.text_document_position_params;
                let doc = s.doc(&at.text_document.uri)?;
                hover::hover(doc, at.position, &s.env)
            }),
            GotoDefinition::METHOD => self.on::<GotoDefinition>(request, |s, p| {
                let at = &p.text_document_position_params;
                navigation::definition(s.doc(&at.text_document.uri)?, at.position)
            }),
            References::METHOD => self.on::<References>(request, |s, p| {
                let at = &p.text_document_position;
                let declaration = p.context.include_declaration;
                navigation::references(s.doc(&at.text_document.uri)?, at.position, declaration)
            }),
            DocumentSymbolRequest::METHOD => self.on::<DocumentSymbolRequest>(request, |s, p| {
                let symbols = navigation::document_symbols(s.doc(&p.text_document.uri)?)?;
                Some(symbols.into())
            }),
            Completion::METHOD => self.on::<Completion>(request, |s, p| {
                let at = &p.text_document_position;
                let doc = s.doc(&at.text_document.uri)?;
                completion::complete(doc, at.position, s.env.options.version)
            }),
            CodeActionRequest::METHOD => self.on::<CodeActionRequest>(request, |s, p| {
                Some(code_action::actions(
                    s.doc(&p.text_document.uri)?,
                    &p,
                    &s.env,
                ))
            }),
            method => error_response(
                request.id,
                ErrorCode::MethodNotFound,
                format!("unknown method {method}"),
            ),
        }
    }

    /// Decodes `R`'s parameters and answers with `f`'s result.
    fn on<R: LspRequest>(
        &self,
        request: Request,
        f: impl FnOnce(&Self, R::Params) -> R::Result,
    ) -> Response {
        match serde_json::from_value::<R::Params>(request.params) {
            Ok(params) => Response::new_ok(request.id, f(self, params)),
            Err(e) => error_response(
                request.id,
                ErrorCode::InvalidParams,
                format!("{}: {e}", R::METHOD),
            ),
        }
    }

    /// The open document `uri`.
    fn doc(&self, uri: &Uri) -> Option<&Document> {
        self.documents.get(uri)
    }
}
