//! Fuzz the whole checker: decoding, the configparser reader, the model
//! lowering (including the args/kwargs literal reader and handler binding)
//! and the `dump` view. Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logcheck::check::{check_bytes, CheckOptions};

fuzz_target!(|data: &[u8]| {
    let opts = CheckOptions {
        cwd: std::env::temp_dir(),
        ..CheckOptions::default()
    };
    let report = check_bytes("fuzz.conf", data, &opts);
    let _ = report.python_error;
    let decoded = logcheck::ini::decode(data);
    let doc = logcheck::ini::read(&decoded.text, "fuzz.conf", &Default::default());
    let _ = doc.dump();
});
