//! The JSON object `tests/oracle/py_read.py` prints for one file, so the
//! reader can be compared with real configparser value for value.
//!
//! Shape: `{"error", "defaults", "sections"}` plus `"fileconfig_precheck"` for
//! an empty file. `error` is `{"type", "message", "line"?, "lines"?}` with
//! `type(e).__name__` (no module prefix); each interpolated value is either a
//! string or `{"error": {...}}`.

use super::{IniDocument, ReadError, ReadErrorKind};
use crate::diagnostic::PyException;
use serde_json::{Map, Value, json};

pub(super) fn dump(doc: &IniDocument) -> Value {
    let mut out = Map::new();
    if doc.text_len == 0 {
        let base = doc.file_name.rsplit('/').next().unwrap_or(&doc.file_name);
        out.insert(
            "fileconfig_precheck".into(),
            Value::String(format!("RuntimeError: {base} is an empty file")),
        );
    }
    if let Some(error) = &doc.error {
        out.insert("error".into(), read_error(error));
        out.insert("defaults".into(), Value::Null);
        out.insert("sections".into(), Value::Null);
        return Value::Object(out);
    }
    out.insert("error".into(), Value::Null);
    let defaults: Vec<Value> = doc
        .defaults
        .iter()
        .map(|o| {
            json!({
                "name": o.name,
                "raw": o.value,
                "interp": interp(doc, super::DEFAULT_SECTION, &o.name),
            })
        })
        .collect();
    out.insert("defaults".into(), Value::Array(defaults));
    let sections: Vec<Value> = doc
        .sections
        .iter()
        .map(|s| {
            let own: Vec<Value> = s
                .options
                .iter()
                .map(|o| json!({"name": o.name, "raw": o.value}))
                .collect();
            let merged: Vec<Value> = doc
                .options_merged(&s.name)
                .into_iter()
                .map(|(o, _)| {
                    json!({
                        "name": o.name,
                        "raw": o.value,
                        "interp": interp(doc, &s.name, &o.name),
                    })
                })
                .collect();
            json!({"name": s.name, "own": own, "merged": merged})
        })
        .collect();
    out.insert("sections".into(), Value::Array(sections));
    Value::Object(out)
}

fn interp(doc: &IniDocument, section: &str, option: &str) -> Value {
    match doc.get(section, option, false) {
        Some(Ok(lookup)) => Value::String(lookup.value.into_owned()),
        Some(Err(exception)) => json!({"error": exception_json(&exception)}),
        None => Value::Null,
    }
}

/// `type(e).__name__`: the traceback spelling without its module.
fn short_type(exception: &PyException) -> &str {
    exception
        .type_name
        .rsplit('.')
        .next()
        .unwrap_or(&exception.type_name)
}

fn exception_json(exception: &PyException) -> Value {
    json!({"type": short_type(exception), "message": exception.message})
}

fn read_error(error: &ReadError) -> Value {
    let mut value = Map::new();
    value.insert(
        "type".into(),
        Value::String(short_type(&error.exception).into()),
    );
    value.insert(
        "message".into(),
        Value::String(error.exception.message.clone()),
    );
    if let Some(line) = error.line {
        value.insert("line".into(), json!(line));
    }
    if error.kind == ReadErrorKind::Parsing {
        value.insert("lines".into(), json!(error.lines));
    }
    Value::Object(value)
}
