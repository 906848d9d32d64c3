//! `logcheck server`: the Language Server Protocol over stdio.
//!
//! Synchronous, as ruff's server is: one loop reads a message, handles it
//! and writes the answers before reading the next, so notifications and
//! requests take effect in the order the editor sent them. lsp-server gives
//! the JSON-RPC messages and lsp-types the protocol's typed parameters; the
//! framing (`Content-Length` headers) is [`protocol`]'s own, so that a
//! malformed or oversized message is answered with a JSON-RPC error instead
//! of ending the connection.
//!
//! Every answer comes from the library: diagnostics are `check`'s
//! findings, hover is `explain` and the model, navigation follows the reader's
//! spans and fileConfig's own list split. Nothing but protocol is written to
//! stdout.
//!
//! | file | what |
//! |---|---|
//! | [`protocol`] | framing: reading and writing messages, the serving loop |
//! | [`dispatch`] | the lifecycle (initialize, shutdown, exit) and routing |
//! | [`requests`] | the requests answered, and the capabilities advertised |
//! | [`notifications`] | documents opened, changed, closed: diagnostics published |
//! | [`documents`] | open documents, URIs, UTF-16 positions, which documents are checked |
//! | [`diagnostics`] | findings as LSP diagnostics |
//! | [`symbols`] | logger, handler and formatter names in a document, with their spans |
//! | [`hover`] | what a name does, from `explain` and the model |
//! | [`navigation`] | definition, references, document symbols |
//! | [`completion`] | names, levels, classes and LogRecord attributes |
//! | [`code_action`] | fixes as quickfixes, and "fix all safe" |

pub mod code_action;
pub mod completion;
pub mod diagnostics;
pub mod dispatch;
pub mod documents;
pub mod hover;
pub mod navigation;
pub mod notifications;
pub mod protocol;
pub mod requests;
pub mod symbols;

use super::args::CommonArgs;
use clap::Args;

pub use protocol::{Server, serve};

/// `logcheck server` arguments: the environment the documents are checked
/// in, as for `check`.
#[derive(Debug, Args, Clone)]
pub struct ServerArgs {
    /// The environment options `check` takes; without `--cwd`, relative log
    /// paths resolve against the editor's workspace folder.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Runs the server on stdin and stdout; returns the process's exit code (0
/// after `shutdown` then `exit`, 1 for an `exit` without `shutdown` or a
/// closed input, 2 for bad arguments).
pub fn run(args: &ServerArgs) -> i32 {
    let env = match args.common.environment() {
        Ok(env) => env,
        Err(msg) => return super::usage_error(&msg),
    };
    let server = Server::new(env, args.common.cwd.is_some());
    let stdin = std::io::stdin();
    serve(server, stdin.lock(), std::io::stdout().lock())
}
