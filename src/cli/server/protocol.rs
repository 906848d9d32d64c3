//! The transport: `Content-Length` framed JSON-RPC messages on a byte
//! stream, read and answered one at a time.
//!
//! The framing is read here rather than by lsp-server's stdio threads,
//! whose reader ends the connection on the first payload that is not a
//! message, and allocates whatever `Content-Length` claims. Here a bad
//! header or payload is answered with a JSON-RPC error (`id: null`) and the
//! next message is read; a payload over [`MAX_MESSAGE`] is skipped unread.

pub use super::dispatch::{Outgoing, Server};
use std::io::{BufRead, Read, Write};

/// The largest message read (64 MiB: a logging configuration is a few KB).
pub const MAX_MESSAGE: usize = 64 << 20;
/// The longest header line read.
const MAX_HEADER_LINE: u64 = 8 << 10;

/// What one read from the stream gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A message's payload.
    Payload(Vec<u8>),
    /// The headers were not `Content-Length: N` and a blank line, or the
    /// payload was too long or cut short: why.
    Bad(String),
    /// The stream ended between messages.
    End,
}

/// Reads the next frame.
pub fn read_frame(input: &mut impl BufRead) -> Frame {
    let mut length = None;
    let mut first = true;
    loop {
        let mut line = Vec::new();
        match input
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)
        {
            Ok(0) if first => return Frame::End,
            Ok(0) | Err(_) => {
                return Frame::Bad("the input ended inside a message's headers".into());
            }
            Ok(_) => {}
        }
        first = false;
        let text = String::from_utf8_lossy(&line);
        let header = text.trim_end_matches(['\r', '\n']);
        if !line.ends_with(b"\n") {
            return Frame::Bad(format!(
                "header line too long or unterminated: {:.40?}",
                header
            ));
        }
        if header.is_empty() {
            break;
        }
        match header.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => {
                        return Frame::Bad(format!("bad Content-Length: {:.40?}", value.trim()));
                    }
                }
            }
            Some(_) => {}
            None => return Frame::Bad(format!("malformed header: {header:.40?}")),
        }
    }
    match length {
        Some(n) => payload(input, n),
        None => Frame::Bad("a message without Content-Length".into()),
    }
}

/// Reads a payload of `length` bytes (skips it when it is too long).
fn payload(input: &mut impl BufRead, length: usize) -> Frame {
    if length > MAX_MESSAGE {
        let _ = std::io::copy(
            &mut input.by_ref().take(length as u64),
            &mut std::io::sink(),
        );
        return Frame::Bad(format!(
            "a message of {length} bytes (the limit is {MAX_MESSAGE})"
        ));
    }
    let mut buf = Vec::with_capacity(length.min(1 << 16));
    match input.by_ref().take(length as u64).read_to_end(&mut buf) {
        Ok(n) if n == length => Frame::Payload(buf),
        _ => Frame::Bad("the input ended inside a message".into()),
    }
}

/// Writes one message with its `Content-Length` header and flushes.
pub fn write_message(out: &mut impl Write, message: &Outgoing) -> std::io::Result<()> {
    match message {
        Outgoing::Message(m) => m.write(out),
        Outgoing::ErrorWithoutId { code, message } => {
            let body = serde_json::json!({
                "jsonrpc": "2.0",
                "id": null,
                "error": {"code": code, "message": message},
            })
            .to_string();
            write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
            out.flush()
        }
    }
}

/// Serves `input` until `exit` or its end; returns the exit code (0 after
/// `shutdown`, else 1).
pub fn serve(mut server: Server, mut input: impl BufRead, mut output: impl Write) -> i32 {
    loop {
        let answers = match read_frame(&mut input) {
            Frame::End => return server.exit_code_at_end(),
            Frame::Payload(bytes) => server.handle_payload(&bytes),
            Frame::Bad(why) => vec![Outgoing::parse_error(why)],
        };
        for answer in &answers {
            if write_message(&mut output, answer).is_err() {
                // the editor is gone: nobody reads an answer any more
                return server.exit_code_at_end();
            }
        }
        if let Some(code) = server.exit_code() {
            return code;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut reader = input;
        let mut out = Vec::new();
        loop {
            match read_frame(&mut reader) {
                Frame::End => return out,
                frame => out.push(frame),
            }
        }
    }

    #[test]
    fn frames_are_read_and_bad_ones_reported() {
        let got = frames(b"Content-Length: 2\r\n\r\n{}Content-Type: x\r\ncontent-length:1\n\n1");
        assert_eq!(
            got,
            [
                Frame::Payload(b"{}".to_vec()),
                Frame::Payload(b"1".to_vec())
            ]
        );
        let got = frames(b"Content-Length: 99999999999999\r\n\r\nabc");
        assert!(
            matches!(&got[..], [Frame::Bad(why)] if why.contains("limit")),
            "{got:?}"
        );
        let got = frames(b"garbage\r\n");
        assert!(matches!(&got[..], [Frame::Bad(_)]), "{got:?}");
        let got = frames(b"Content-Length: 10\r\n\r\nabc");
        assert!(
            matches!(&got[..], [Frame::Bad(why)] if why.contains("ended")),
            "{got:?}"
        );
    }
}
