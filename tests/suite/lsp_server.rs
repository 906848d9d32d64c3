//! `logcheck server`: a scripted editor session through the real binary's
//! stdio (initialize, diagnostics on open and change, hover, definition,
//! references, document symbols, completion, a malformed message, shutdown
//! and exit), the lifecycle's exit codes, and in-process no-panic
//! properties of the message handler over arbitrary bytes and messages.

use insta_cmd::get_cargo_bin;
use logcheck::cli::server::protocol::{Outgoing, write_message};
use logcheck::cli::server::{Server, serve};
use logcheck::environment::LoadEnvironment;
use proptest::prelude::*;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

const URI: &str = "file:///work/project/logging.conf";

/// A running `logcheck server` and the messages it wrote.
struct Session {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    next_id: i64,
}

/// Reads framed messages from the server's stdout into a channel.
fn read_messages(stdout: impl Read + Send + 'static) -> Receiver<Value> {
    let (send, receive) = channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        loop {
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let value = line
                    .strip_prefix("Content-Length: ")
                    .expect("only Content-Length headers");
                length = value.parse().expect("a length");
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).expect("the whole body");
            let message = serde_json::from_slice(&body).expect("the server writes JSON");
            if send.send(message).is_err() {
                return;
            }
        }
    });
    receive
}

impl Session {
    fn start() -> Session {
        let mut child = Command::new(get_cargo_bin("logcheck"))
            .args(["server", "--cwd", env!("CARGO_MANIFEST_DIR")])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start logcheck server");
        let stdout = child.stdout.take().expect("stdout");
        Session {
            stdin: child.stdin.take(),
            child,
            incoming: read_messages(stdout),
            next_id: 0,
        }
    }

    fn send_raw(&mut self, body: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).expect("write");
        stdin.write_all(body).expect("write");
        stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        let message = json!({"jsonrpc": "2.0", "method": method, "params": params});
        self.send_raw(message.to_string().as_bytes());
    }

    /// Sends a request and returns its response (the `result` or `error`
    /// object whole).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let message = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.send_raw(message.to_string().as_bytes());
        loop {
            let message = self.receive();
            if message["id"] == json!(id) {
                return message;
            }
        }
    }

    fn receive(&self) -> Value {
        self.incoming
            .recv_timeout(Duration::from_secs(30))
            .expect("the server answers within 30 s")
    }

    /// The next publishDiagnostics notification.
    fn diagnostics(&self) -> Value {
        loop {
            let message = self.receive();
            if message["method"] == "textDocument/publishDiagnostics" {
                return message["params"].clone();
            }
        }
    }

    fn exit_code(mut self) -> i32 {
        drop(self.stdin.take());
        let status = self.child.wait().expect("the server exits");
        status.code().unwrap_or(-1)
    }
}

fn at(line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}})
}

fn broken() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/lsp/broken.conf"
    );
    std::fs::read_to_string(path).expect("fixture")
}

fn initialize(session: &mut Session) {
    let init = session.request("initialize", json!({"capabilities": {}, "processId": null}));
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["textDocumentSync"], 1, "{init}");
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll"])
    );
    session.notify("initialized", json!({}));
}

/// The 0-based line of `needle` in the fixture, and its UTF-16 column.
fn find(text: &str, needle: &str) -> (u32, u32) {
    let (line, content) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .expect("needle in the fixture");
    let before = &content[..content.find(needle).unwrap_or(0)];
    (line as u32, before.encode_utf16().count() as u32)
}

fn labels(completion: &Value) -> Vec<String> {
    let items = completion["result"].as_array().cloned().unwrap_or_default();
    items
        .iter()
        .map(|i| i["label"].as_str().unwrap_or("").to_string())
        .collect()
}

fn open_broken(session: &mut Session, text: &str) {
    let doc = json!({"uri": URI, "languageId": "ini", "version": 1, "text": text});
    session.notify("textDocument/didOpen", json!({"textDocument": doc}));
    let published = session.diagnostics();
    assert_eq!(published["uri"], URI);
    assert_eq!(published["version"], 1);
    let diagnostics = published["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(diagnostics.len(), 1, "{published:#}");
    let d = &diagnostics[0];
    assert_eq!(d["code"], "LC301");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "logcheck");
    assert_eq!(
        d["codeDescription"]["href"],
        "https://github.com/logcheck/logcheck/blob/main/docs/rules.md#lc301"
    );
    // `level=DÉBUG😀`: É is one UTF-16 unit (two bytes), 😀 two (four bytes)
    let (line, _) = find(text, "level=DÉBUG");
    assert_eq!(line, 22);
    assert_eq!(
        d["range"],
        json!({"start": {"line": 22, "character": 6}, "end": {"line": 22, "character": 13}})
    );
    let message = d["message"].as_str().unwrap_or("");
    assert!(message.contains("did you mean `DEBUG`"), "{message}");
}

/// The byte offset of an LSP position (UTF-16 column) in `text`.
fn byte_offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap_or(0) as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = position["character"].as_u64().unwrap_or(0) as usize;
    let mut at = start;
    for c in text[start..].chars() {
        if units == 0 || c == '\n' {
            break;
        }
        units = units.saturating_sub(c.len_utf16());
        at += c.len_utf8();
    }
    at
}

/// The LC301 quickfix (a did-you-mean: unsafe) applied as an editor would,
/// then re-checked: no finding is left. Returns the fixed text.
fn code_action_applied(session: &mut Session, text: &str) -> String {
    let (line, _) = find(text, "level=DÉBUG");
    let range =
        json!({"start": {"line": line, "character": 6}, "end": {"line": line, "character": 13}});
    let answer = session.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": range, "context": {"diagnostics": []}}),
    );
    let actions = answer["result"].as_array().cloned().unwrap_or_default();
    let quickfix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .unwrap_or_else(|| panic!("a quickfix: {answer:#}"));
    assert_eq!(quickfix["title"], "Write `DEBUG` (unsafe)", "{quickfix:#}");
    assert_eq!(quickfix["diagnostics"][0]["code"], "LC301");
    let edits = quickfix["edit"]["changes"][URI]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut fixed = text.to_string();
    for edit in edits.iter().rev() {
        let (start, end) = (
            byte_offset(&fixed, &edit["range"]["start"]),
            byte_offset(&fixed, &edit["range"]["end"]),
        );
        fixed.replace_range(start..end, edit["newText"].as_str().unwrap_or(""));
    }
    assert!(fixed.contains("level=DEBUG\n"), "{fixed}");
    session.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let published = session.diagnostics();
    assert_eq!(published["version"], 2);
    // re-checked: the error is gone (DEBUG now makes the handler level an info finding)
    let left = published["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        left.iter()
            .all(|d| d["code"] != "LC301" && d["severity"] != 1),
        "{published:#}"
    );
    fixed
}

fn change_fixes(session: &mut Session, text: &str) {
    let fixed = text.replace("level=DÉBUG😀", "level=ERROR");
    session.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [{"text": fixed}]}),
    );
    let published = session.diagnostics();
    assert_eq!(published["version"], 3);
    assert_eq!(published["diagnostics"], json!([]), "{published:#}");
}

fn hover_inherited_level(session: &mut Session, text: &str) {
    // `app` in `[loggers] keys=root,app`: no level of its own
    let (line, col) = find(text, "root,app");
    let hover = session.request("textDocument/hover", at(line, col + 6));
    let value = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(value.contains("logger `app.db`"), "{value}");
    assert!(
        value.contains("Effective level **WARNING**, inherited from `root`"),
        "{value}"
    );
    assert!(value.contains("Propagation stops at `app.db`"), "{value}");
    assert!(value.contains("`console` (on `app.db`)"), "{value}");
    assert!(
        value.contains("`console` (on `root`, above the propagation stop)"),
        "{value}"
    );
    // a handler: its class and formatter
    let (line, col) = find(text, "[handler_console]");
    let hover = session.request("textDocument/hover", at(line, col + 10));
    let value = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(value.contains("class `StreamHandler`"), "{value}");
    assert!(value.contains("Formatter 'plain'"), "{value}");
}

fn navigate(session: &mut Session, text: &str) {
    let (line, col) = find(text, "formatter=plain");
    let definition = session.request("textDocument/definition", at(line, col + 11));
    let (header_line, header_col) = find(text, "[formatter_plain]");
    let start = json!({"line": header_line, "character": header_col + 11});
    assert_eq!(
        definition["result"]["range"]["start"], start,
        "{definition}"
    );
    let mut params = at(header_line, header_col + 12);
    params["context"] = json!({"includeDeclaration": true});
    let references = session.request("textDocument/references", params);
    let lines: Vec<u64> = references["result"]
        .as_array()
        .map(|found| {
            found
                .iter()
                .filter_map(|l| l["range"]["start"]["line"].as_u64())
                .collect()
        })
        .unwrap_or_default();
    // `keys=plain`, `formatter=plain`, the header
    assert_eq!(lines, [7, 21, 24], "{references}");
    let symbols = session.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    let names: Vec<&str> = symbols["result"]
        .as_array()
        .map(|s| s.iter().filter_map(|s| s["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        names,
        [
            "loggers",
            "handlers",
            "formatters",
            "logger_root",
            "logger_app",
            "handler_console",
            "formatter_plain"
        ]
    );
}

fn complete(session: &mut Session, text: &str) {
    let (line, col) = find(text, "handlers=console");
    let handlers = session.request("textDocument/completion", at(line, col + 9));
    assert_eq!(labels(&handlers), ["console"], "{handlers}");
    let (line, col) = find(text, "level=WARNING");
    let levels = labels(&session.request("textDocument/completion", at(line, col + 6)));
    assert!(
        levels.contains(&"CRITICAL".to_string()) && levels.contains(&"NOTSET".to_string()),
        "{levels:?}"
    );
    let (line, col) = find(text, "%(levelname)s");
    let attributes = session.request("textDocument/completion", at(line, col + 2));
    let names = labels(&attributes);
    assert!(
        names.contains(&"levelname".to_string()) && names.contains(&"funcName".to_string()),
        "{names:?}"
    );
    let (line, col) = find(text, "class=StreamHandler");
    let classes = labels(&session.request("textDocument/completion", at(line, col + 6)));
    assert!(
        classes.contains(&"handlers.RotatingFileHandler".to_string()),
        "{classes:?}"
    );
}

#[test]
fn scripted_session() {
    let text = broken();
    let mut session = Session::start();
    initialize(&mut session);
    open_broken(&mut session, &text);
    code_action_applied(&mut session, &text);
    change_fixes(&mut session, &text);
    let fixed = text.replace("level=DÉBUG😀", "level=ERROR");
    hover_inherited_level(&mut session, &fixed);
    navigate(&mut session, &fixed);
    complete(&mut session, &fixed);
    // a malformed message: an error, and the server goes on
    session.send_raw(b"{not json");
    let error = session.receive();
    assert_eq!(error["error"]["code"], -32700, "{error}");
    assert_eq!(error["id"], Value::Null);
    let unknown = session.request("logcheck/nothing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let bad = session.request("textDocument/hover", json!({"position": 3}));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    session.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_eq!(session.diagnostics()["diagnostics"], json!([]));
    let shutdown = session.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null, "{shutdown}");
    let after = session.request("textDocument/hover", at(0, 0));
    assert_eq!(after["error"]["code"], -32600, "{after}");
    session.notify("exit", Value::Null);
    assert_eq!(session.exit_code(), 0);
}

#[test]
fn lifecycle_errors_and_exit_codes() {
    let mut session = Session::start();
    let early = session.request("textDocument/hover", at(0, 0));
    assert_eq!(early["error"]["code"], -32002, "{early}");
    initialize(&mut session);
    let twice = session.request("initialize", json!({"capabilities": {}}));
    assert_eq!(twice["error"]["code"], -32600, "{twice}");
    // exit without shutdown
    session.notify("exit", Value::Null);
    assert_eq!(session.exit_code(), 1);
}

/// A server that has seen `initialize` and opened the fixture.
fn running_server() -> Server {
    let mut server = Server::new(LoadEnvironment::default(), true);
    let init =
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}});
    let _ = server.handle_payload(init.to_string().as_bytes());
    let doc = json!({"uri": URI, "languageId": "ini", "version": 1, "text": broken()});
    let open = json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": doc}});
    let _ = server.handle_payload(open.to_string().as_bytes());
    server
}

/// A message of a method the server knows, with arbitrary positions and text.
fn message() -> impl Strategy<Value = Value> {
    let methods = prop::sample::select(vec![
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/references",
        "textDocument/documentSymbol",
        "textDocument/completion",
        "textDocument/codeAction",
        "textDocument/didChange",
        "textDocument/didOpen",
        "textDocument/didClose",
        "initialize",
        "shutdown",
        "$/cancelRequest",
    ]);
    let text = prop::sample::select(vec![
        "",
        "[loggers]\nkeys=a,,b\n[logger_a]\nhandlers=h,h\n",
        "é😀\r\n\r[handlers]\nkeys=x",
    ]);
    (
        methods,
        0u32..40,
        0u32..200,
        text,
        prop::option::of(0i64..5),
    )
        .prop_map(|(method, line, character, text, id)| {
            let position = json!({"line": line, "character": character});
            let range =
                json!({"start": position, "end": {"line": line / 2, "character": character}});
            let params = json!({
                "textDocument": {"uri": URI, "version": 3, "languageId": "ini", "text": text},
                "position": position,
                "context": {"includeDeclaration": true, "diagnostics": []},
                "range": range,
                "contentChanges": [{"range": range, "text": text}, {"text": text}],
                "capabilities": {},
            });
            match id {
                Some(id) => json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
                None => json!({"jsonrpc": "2.0", "method": method, "params": params}),
            }
        })
}

/// The server answers a panic with an internal error (-32603) and goes on:
/// such an answer is the bug a panic would be.
fn internal_errors(answers: &[Outgoing]) -> Vec<String> {
    let mut found = Vec::new();
    for answer in answers {
        let mut bytes = Vec::new();
        let _ = write_message(&mut bytes, answer);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if text.contains("-32603") {
            found.push(text);
        }
    }
    found
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary bytes as one payload, or as the whole input stream.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let mut server = running_server();
        let answers = server.handle_payload(&bytes);
        prop_assert!(internal_errors(&answers).is_empty());
        let mut out = Vec::new();
        let code = serve(running_server(), &bytes[..], &mut out);
        prop_assert!(code == 0 || code == 1);
        prop_assert!(!String::from_utf8_lossy(&out).contains("-32603"));
    }

    /// Sequences of well-formed messages with arbitrary parameters: every
    /// request is answered, with a result or an error.
    #[test]
    fn arbitrary_messages_never_panic(messages in proptest::collection::vec(message(), 1..12)) {
        let mut server = running_server();
        for message in messages {
            let answers = server.handle_payload(message.to_string().as_bytes());
            prop_assert!(internal_errors(&answers).is_empty(), "{message}");
            if message.get("id").is_some() {
                prop_assert!(!answers.is_empty(), "{message}");
            }
        }
    }
}

/// "Fix all safe" is `check --fix` on the document: one edit of the whole
/// text, CRLF kept.
#[test]
fn fix_all_safe_is_check_fix() {
    let mut session = Session::start();
    initialize(&mut session);
    let text = "[loggers]\r\nkeys=root,\r\n[handlers]\r\nkeys=\r\n[formatters]\r\nkeys=\r\n[logger_root]\r\nlevel=info ; all\r\nhandlers=\r\n";
    let doc = json!({"uri": URI, "languageId": "ini", "version": 1, "text": text});
    session.notify("textDocument/didOpen", json!({"textDocument": doc}));
    let _ = session.diagnostics();
    let range = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}});
    let answer = session.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": range, "context": {"diagnostics": []}}),
    );
    let actions = answer["result"].as_array().cloned().unwrap_or_default();
    let all = actions
        .iter()
        .find(|a| a["kind"] == "source.fixAll")
        .unwrap_or_else(|| panic!("fix all: {answer:#}"));
    let new_text = all["edit"]["changes"][URI][0]["newText"]
        .as_str()
        .unwrap_or("");
    assert_eq!(
        new_text,
        "[loggers]\r\nkeys=root\r\n[handlers]\r\nkeys=\r\n[formatters]\r\nkeys=\r\n[logger_root]\r\nlevel=INFO\r\n; all\r\nhandlers=\r\n"
    );
    session.request("shutdown", Value::Null);
    session.notify("exit", Value::Null);
    assert_eq!(session.exit_code(), 0);
}
