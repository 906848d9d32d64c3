//! Fuzz the language server's message handling: arbitrary bytes as one
//! message's payload, and as the whole input stream, sent to a server that
//! has been initialized and has a document open. The server catches a
//! panic and answers with an internal error (-32603) to keep serving, so an
//! internal error in its output is the bug a panic would be.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logcheck::cli::server::protocol::{write_message, Outgoing};
use logcheck::cli::server::{serve, Server};
use logcheck::environment::LoadEnvironment;

const SETUP: &[&str] = &[
    r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{}}}"#,
    r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///f/log.conf","languageId":"ini","version":1,"text":"[loggers]\nkeys=root\n[handlers]\nkeys=h\n[formatters]\nkeys=\n[logger_root]\nhandlers=h\n[handler_h]\nclass=StreamHandler\nformatter=é😀\n"}}}"#,
];

fn server() -> Server {
    let mut env = LoadEnvironment::default();
    env.options.cwd = std::env::temp_dir().join("logcheck-fuzz-cwd-does-not-exist");
    let mut server = Server::new(env, true);
    for message in SETUP {
        let _ = server.handle_payload(message.as_bytes());
    }
    server
}

fn assert_no_internal_error(answers: &[Outgoing]) {
    for answer in answers {
        let mut bytes = Vec::new();
        let _ = write_message(&mut bytes, answer);
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("-32603"), "{text}");
    }
}

fuzz_target!(|data: &[u8]| {
    assert_no_internal_error(&server().handle_payload(data));
    let mut output = Vec::new();
    let code = serve(server(), data, &mut output);
    assert!(code == 0 || code == 1);
    assert!(!String::from_utf8_lossy(&output).contains("-32603"));
});
