//! Fuzz the whole checker: decoding, the configparser reader, the model
//! lowering (including the args/kwargs literal reader, environment reads and
//! handler binding), the fixes (`--fix --unsafe-fixes`, which must be
//! idempotent) and the `dump` view. Any panic is a bug, and so is a
//! diagnostic span or fix edit that is not a char-boundary range of the
//! decoded text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logcheck::check::{check_bytes, CheckOptions};
use logcheck::source::LineIndex;

fuzz_target!(|data: &[u8]| {
    let opts = CheckOptions {
        // every version logcheck knows, by the input's length (corpus
        // entries keep their meaning)
        version: logcheck::PyVersion::new(3, 8 + (data.len() % 7) as u32, u32::MAX),
        cwd: std::env::temp_dir().join("logcheck-fuzz-cwd-does-not-exist"),
        env: Some(vec![("HOME".into(), "/home/fuzz".into())]),
        host: None,
        existing: Vec::new(),
        platform: logcheck::Platform::Posix,
        ..CheckOptions::default()
    };
    let report = check_bytes("fuzz.conf", data, &opts);
    let text = &report.text;
    let index = LineIndex::new(text);
    for d in &report.diagnostics {
        for span in std::iter::once(d.primary.span).chain(d.secondary.iter().map(|l| l.span)) {
            assert!(span.start <= span.end && span.end <= text.len(), "{} {span:?}", d.code);
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            let _ = index.line_col(text, span.start);
        }
        for edit in d.fix.iter().flat_map(|f| &f.edits) {
            let span = edit.span;
            assert!(span.start <= span.end && span.end <= text.len(), "{} fix {span:?}", d.code);
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
    }
    if std::str::from_utf8(data).is_ok() {
        let check = |t: &str| check_bytes("fuzz.conf", t.as_bytes(), &opts);
        let fixed = logcheck::fix::fix_text(text, true, check);
        assert_eq!(logcheck::fix::fix_text(&fixed.text, true, check).text, fixed.text, "fixing is idempotent");
    }
    let decoded = logcheck::ini::decode(data);
    let doc = logcheck::ini::read(&decoded.text, "fuzz.conf", &Default::default());
    let _ = doc.dump();
});
