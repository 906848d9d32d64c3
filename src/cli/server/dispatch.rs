//! The server's state and the lifecycle the protocol prescribes: nothing
//! but `initialize` (or `exit`) before `initialize`; after `shutdown`,
//! nothing but `exit`; `exit` ends with 0 after `shutdown`, else 1. Requests
//! go to [`super::requests`], notifications to [`super::notifications`].
//! A panic while handling one message answers it with an internal error
//! and the server goes on.

use super::documents::Documents;
use crate::environment::LoadEnvironment;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use serde_json::Value;

/// Where the server is in the protocol's lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Waiting for `initialize`.
    Uninitialized,
    /// Serving.
    Running,
    /// `shutdown` answered; waiting for `exit`.
    ShutDown,
    /// `exit` received, with the process's exit code.
    Exited(i32),
}

/// A message for the editor.
#[derive(Debug, Clone)]
pub enum Outgoing {
    /// A response or notification.
    Message(Message),
    /// An error answering a message whose id could not be read.
    ErrorWithoutId {
        /// The JSON-RPC error code.
        code: i32,
        /// Why.
        message: String,
    },
}

impl Outgoing {
    /// JSON-RPC's parse error (-32700) for a message that is not JSON.
    pub fn parse_error(why: String) -> Outgoing {
        Outgoing::ErrorWithoutId {
            code: ErrorCode::ParseError as i32,
            message: why,
        }
    }
}

/// The language server: the lifecycle, the open documents and the
/// environment they are checked in.
pub struct Server {
    state: State,
    /// The open documents.
    pub(super) documents: Documents,
    /// The environment documents are checked in.
    pub(super) env: LoadEnvironment,
    /// `--cwd` was given (else the workspace folder becomes the directory).
    cwd_given: bool,
}

impl Server {
    /// A server that checks documents in `env`; without `cwd_given`,
    /// `initialize`'s workspace folder replaces `env`'s directory.
    pub fn new(env: LoadEnvironment, cwd_given: bool) -> Server {
        Server {
            state: State::Uninitialized,
            documents: Documents::default(),
            env,
            cwd_given,
        }
    }

    /// The exit code once `exit` was received.
    pub fn exit_code(&self) -> Option<i32> {
        match self.state {
            State::Exited(code) => Some(code),
            _ => None,
        }
    }

    /// The exit code when the input ends: 0 after `shutdown`, else 1.
    pub fn exit_code_at_end(&self) -> i32 {
        match self.state {
            State::ShutDown | State::Exited(0) => 0,
            _ => 1,
        }
    }

    /// Handles one payload (the bytes of one framed message).
    pub fn handle_payload(&mut self, payload: &[u8]) -> Vec<Outgoing> {
        let value: Value = match serde_json::from_slice(payload) {
            Ok(v) => v,
            Err(e) => return vec![Outgoing::parse_error(format!("not JSON: {e}"))],
        };
        match serde_json::from_value::<Message>(value.clone()) {
            Ok(message) => self.handle(message),
            Err(e) => vec![invalid_request(&value, e.to_string())],
        }
    }

    /// Handles one message; a panic answers a request with an internal error.
    pub fn handle(&mut self, message: Message) -> Vec<Outgoing> {
        let id = match &message {
            Message::Request(r) => Some(r.id.clone()),
            _ => None,
        };
        let handled =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.route(message)));
        match (handled, id) {
            (Ok(out), _) => out,
            (Err(_), Some(id)) => vec![error(
                id,
                ErrorCode::InternalError,
                "logcheck failed on this request".into(),
            )],
            (Err(_), None) => Vec::new(),
        }
    }

    fn route(&mut self, message: Message) -> Vec<Outgoing> {
        match message {
            Message::Request(r) => vec![Outgoing::Message(Message::Response(self.request(r)))],
            Message::Notification(n) => self.notification(n),
            // the server sends no requests: a response answers none
            Message::Response(_) => Vec::new(),
        }
    }

    /// A request, as the lifecycle allows it.
    fn request(&mut self, request: Request) -> Response {
        match (self.state, request.method.as_str()) {
            (State::Uninitialized, "initialize") => {
                self.state = State::Running;
                self.initialize(request)
            }
            (State::Uninitialized, _) => error_response(
                request.id,
                ErrorCode::ServerNotInitialized,
                "the server is not initialized yet".into(),
            ),
            (State::Running, "initialize") => error_response(
                request.id,
                ErrorCode::InvalidRequest,
                "initialize was already received".into(),
            ),
            (State::Running, "shutdown") => {
                self.state = State::ShutDown;
                Response::new_ok(request.id, ())
            }
            (State::Running, _) => self.answer(request),
            (_, _) => error_response(
                request.id,
                ErrorCode::InvalidRequest,
                "the server is shut down: only exit is accepted".into(),
            ),
        }
    }

    /// A notification, as the lifecycle allows it.
    fn notification(&mut self, notification: Notification) -> Vec<Outgoing> {
        if notification.method == "exit" {
            let code = if self.state == State::ShutDown { 0 } else { 1 };
            self.state = State::Exited(code);
            return Vec::new();
        }
        if self.state != State::Running {
            return Vec::new();
        }
        self.notify(notification)
            .into_iter()
            .map(|n| Outgoing::Message(Message::Notification(n)))
            .collect()
    }

    /// `initialize`: the capabilities, and the workspace folder as the
    /// working directory unless `--cwd` was given.
    fn initialize(&mut self, request: Request) -> Response {
        let params: lsp_types::InitializeParams = match serde_json::from_value(request.params) {
            Ok(p) => p,
            Err(e) => {
                self.state = State::Uninitialized;
                return error_response(
                    request.id,
                    ErrorCode::InvalidParams,
                    format!("initialize: {e}"),
                );
            }
        };
        if !self.cwd_given
            && let Some(dir) = workspace_dir(&params)
        {
            self.env.options.cwd = dir;
        }
        Response::new_ok(request.id, super::requests::initialize_result())
    }
}

/// The first workspace folder (or the root URI), when it is a directory.
fn workspace_dir(params: &lsp_types::InitializeParams) -> Option<std::path::PathBuf> {
    let folder = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| &f.uri);
    #[allow(deprecated, reason = "older clients send only rootUri")]
    let uri = folder.or(params.root_uri.as_ref())?;
    let dir = std::path::PathBuf::from(super::documents::uri_to_path(uri));
    dir.is_dir().then_some(dir)
}

/// An error response.
pub(super) fn error_response(id: RequestId, code: ErrorCode, message: String) -> Response {
    Response::new_err(id, code as i32, message)
}

fn error(id: RequestId, code: ErrorCode, message: String) -> Outgoing {
    Outgoing::Message(Message::Response(error_response(id, code, message)))
}

/// JSON-RPC's invalid request (-32600) for JSON that is no message, with
/// its id when it has a readable one.
fn invalid_request(value: &Value, why: String) -> Outgoing {
    let message = format!("not a JSON-RPC message: {why}");
    match value
        .get("id")
        .cloned()
        .map(serde_json::from_value::<RequestId>)
    {
        Some(Ok(id)) => error(id, ErrorCode::InvalidRequest, message),
        _ => Outgoing::ErrorWithoutId {
            code: ErrorCode::InvalidRequest as i32,
            message,
        },
    }
}
