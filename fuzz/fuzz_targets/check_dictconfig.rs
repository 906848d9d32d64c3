//! Fuzz `check` on dictConfig files: the reader (JSON or YAML, chosen by the
//! first byte), the dictConfig verdict, the host's defaults and wrapping
//! (plain, uvicorn, gunicorn), the model it builds and the routing lints.
//! Any panic is a bug, and so is a diagnostic span that is not a
//! char-boundary range of the decoded text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logcheck::check::{check_bytes, CheckOptions};
use logcheck::source::LineIndex;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let name = if first & 1 == 0 { "fuzz.json" } else { "fuzz.yaml" };
    let host = match first >> 1 & 3 {
        0 => logcheck::Host::Uvicorn,
        1 => logcheck::Host::Gunicorn,
        _ => logcheck::Host::Plain,
    };
    let opts = CheckOptions {
        cwd: std::env::temp_dir().join("logcheck-fuzz-cwd-does-not-exist"),
        env: Some(Vec::new()),
        host: Some(host),
        platform: logcheck::Platform::Posix,
        ..CheckOptions::default()
    };
    let report = check_bytes(name, rest, &opts);
    let text = &report.text;
    let index = LineIndex::new(text);
    for d in &report.diagnostics {
        for span in std::iter::once(d.primary.span).chain(d.secondary.iter().map(|l| l.span)) {
            assert!(span.start <= span.end && span.end <= text.len(), "{} {span:?}", d.code);
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            let _ = index.line_col(text, span.start);
        }
    }
});
