//! `check` for a dictConfig file: the reader the host uses (`json.load` or
//! `yaml.safe_load`, after the file is decoded as UTF-8 text), then
//! [`verdict::configure`](super::verdict::configure). The first exception is
//! the report's verdict, with dictConfig's `__cause__`.

use super::verdict::{self, Outcome, VerdictOptions};
use super::yaml::read_yaml_file;
use super::{Node, NodeValue, ReadError, read_json};
use crate::check::{CheckOptions, ConfigFormat, FileReport};
use crate::diagnostic::{Diagnostic, PyException};
use crate::ini::IniOption;
use crate::model::Config;
use crate::source::{Span, Spanned};
use crate::version::PyVersion;
use crate::handler_class::FileSystem;
use crate::host::Host;
use crate::rules;

/// Checks the bytes of a dictConfig file of `format`, loaded by `host`.
pub(crate) fn check_document(
    path: &str,
    bytes: Vec<u8>,
    format: ConfigFormat,
    opts: &CheckOptions,
    fs: &dyn FileSystem,
    host: Host,
) -> FileReport {
    let mut report = FileReport::empty(path, host);
    report.format = format;
    // `open(path).read()`: the locale encoding (UTF-8) decodes it first.
    let decoded = crate::ini::decode_whole(bytes);
    report.text = decoded.text;
    if let Some(dec) = decoded.error {
        let d = crate::check::not_utf8(&dec, &report.text, format);
        report.python_error = d.python.as_deref().cloned();
        report.diagnostics.push(d);
        return report;
    }
    let document = match read(&report.text, path, format, opts.version) {
        Ok(document) => with_host_defaults(document, host),
        Err(e) => {
            report.python_error = Some(e.exception.clone());
            report.diagnostics.push(syntax_error(e, format));
            wrap_for_host(&mut report, host);
            return report;
        }
    };
    let importable = host.importable_with(&opts.importable);
    let options = VerdictOptions {
        version: opts.version,
        importable: &importable,
        fs,
        platform: opts.platform,
        extra_levels: host.extra_levels(),
    };
    let verdict = verdict::configure(&document, &options);
    if let Outcome::Raises(raised) = verdict.outcome {
        report.python_error = Some(raised.exception);
        report.python_cause = raised.cause;
    }
    report.verdict_uncertain = !verdict.assumptions.is_empty();
    report.diagnostics = verdict.diagnostics;
    // the routing lints read only the model; the format lints the text
    if let Some(config) = &verdict.config {
        let out = &mut report.diagnostics;
        format_lints(config, &report.text, opts.version, out);
        let target = (opts.platform, opts.version);
        crate::rules::lints::handlers::run_dictconfig(&document, config, &report.text, target, out);
        // an incremental document adjusts a configuration it does not show:
        // what reaches which handler is not the document's to say
        if !config.incremental {
            crate::rules::lints::routing::unused::run_dictconfig(&document, out);
            crate::rules::lints::routing::run(config, out);
        }
    }
    name_values(&document, &mut report.diagnostics);
    report.config = verdict.config;
    report.unmodelled = verdict.unmodelled.map(|(span, what)| {
        let line = crate::source::LineIndex::new(&report.text).line(span.start);
        format!("{what} (line {line})")
    });
    wrap_for_host(&mut report, host);
    report
}

/// Prefixes each finding's message with the JSON pointer of the value it
/// is about (`/handlers/console/formatter: formatter 'consle' is not
/// defined`): the message names its place without the snippet.
fn name_values(document: &Node, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        let pointer = document.pointer_to(d.primary.span);
        if !pointer.is_empty() {
            d.message = format!("{pointer}: {}", d.message);
        }
    }
}

/// The document as the host hands it to dictConfig: gunicorn's
/// `CONFIG_DEFAULTS.copy().update(document)` (the defaults' entries point at
/// the start of the file). A document `dict.update` cannot take is left as
/// it is (see [`update_pairs`]).
fn with_host_defaults(document: Node, host: Host) -> Node {
    let Some(defaults) = host.dictconfig_defaults().and_then(|t| read_json(t).ok()) else {
        return document;
    };
    let (NodeValue::Map(mut merged), Some(own)) = (at_start(defaults).value, update_pairs(&document)) else {
        return document;
    };
    for (key, value) in &own {
        match merged.iter_mut().find(|(k, _)| k.value == key.value) {
            Some(entry) => entry.1 = value.clone(),
            None => merged.push((key.clone(), value.clone())),
        }
    }
    Node {
        value: NodeValue::Map(merged),
        span: document.span,
    }
}

/// The `(key, value)` pairs `dict.update(value)` adds: a mapping's entries,
/// or an iterable's items that are pairs (an empty list or string adds
/// nothing). `None` where `update` raises (an item that is not a pair, an
/// unhashable key, a value that is not iterable): the document is then
/// left as it is, and dictConfig's verdict on it stands. That verdict is
/// `update`'s exception: dictConfig's first step, `dict(config)`, merges
/// through the same CPython code and raises the same type and message.
fn update_pairs(document: &Node) -> Option<Vec<(Node, Node)>> {
    let hashable = |n: &Node| !matches!(n.value, NodeValue::List(_) | NodeValue::Map(_) | NodeValue::Other(_));
    let str_node = |c: char, span| Node {
        value: NodeValue::Str(c.to_string()),
        span,
    };
    match &document.value {
        NodeValue::Map(entries) => Some(entries.clone()),
        NodeValue::Str(s) if s.is_empty() => Some(Vec::new()),
        NodeValue::List(items) => items
            .iter()
            .map(|item| match &item.value {
                NodeValue::List(pair) if pair.len() == 2 && hashable(&pair[0]) => {
                    Some((pair[0].clone(), pair[1].clone()))
                }
                NodeValue::Map(keys) if keys.len() == 2 => Some((keys[0].0.clone(), keys[1].0.clone())),
                NodeValue::Str(s) => {
                    let mut chars = s.chars();
                    match (chars.next(), chars.next(), chars.next()) {
                        (Some(k), Some(v), None) => Some((str_node(k, item.span), str_node(v, item.span))),
                        _ => None,
                    }
                }
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// `node` with every span at the start of the file.
fn at_start(node: Node) -> Node {
    let value = match node.value {
        NodeValue::Map(entries) => {
            NodeValue::Map(entries.into_iter().map(|(k, v)| (at_start(k), at_start(v))).collect())
        }
        NodeValue::List(items) => NodeValue::List(items.into_iter().map(at_start).collect()),
        other => other,
    };
    Node {
        value,
        span: Span::new(0, 0),
    }
}

/// gunicorn's `raise RuntimeError(str(exc)) from exc`.
fn wrap_for_host(report: &mut FileReport, host: Host) {
    let Some(exc) = report.python_error.take() else {
        return;
    };
    if !host.wraps_dictconfig_error(&exc.type_name) {
        report.python_error = Some(exc);
        return;
    }
    let wrap = |e: &PyException| PyException::new("RuntimeError", e.message.clone());
    for d in &mut report.diagnostics {
        if let Some(p) = d.python.as_mut().filter(|p| host.wraps_dictconfig_error(&p.type_name)) {
            **p = wrap(p);
        }
    }
    report.python_error = Some(wrap(&exc));
    report.python_cause = Some(exc);
}

/// The document as the host's reader returns it from the file at `path`.
fn read(text: &str, path: &str, format: ConfigFormat, version: PyVersion) -> Result<Node, ReadError> {
    match format {
        ConfigFormat::Yaml => read_yaml_file(text, path),
        _ => super::json::read_json_for(text, version),
    }
}

/// LC013: the reader's exception, where it stopped.
fn syntax_error(e: ReadError, format: ConfigFormat) -> Diagnostic {
    Diagnostic::new(
        &rules::DICTCONFIG_SYNTAX,
        e.span,
        format!("{} cannot read this file", format.reader()),
    )
    .with_label(e.exception.message.clone())
    .with_python(e.exception)
}

/// The format and datefmt lints on the formatters whose text is written
/// verbatim (no escapes, one line), so that findings land on its characters.
fn format_lints(config: &Config, text: &str, version: PyVersion, out: &mut Vec<Diagnostic>) {
    use crate::rules::lints::format::{datefmt_lints, format_lints};
    for def in &config.formatters {
        if let Some(option) = def.format.as_ref().and_then(|f| verbatim("format", f, text)) {
            format_lints(def, &option, version, out);
        }
        if let Some(option) = def.datefmt.as_ref().and_then(|f| verbatim("datefmt", f, text)) {
            datefmt_lints(def, &option, out);
        }
    }
}

/// The string `value` as an option, when the text at its span (inside its
/// quotes, if quoted) is exactly the string.
fn verbatim(name: &str, value: &Spanned<String>, text: &str) -> Option<IniOption> {
    let span = value.span;
    let written = text.get(span.start..span.end)?;
    let quoted = written.len() >= 2
        && matches!(written.as_bytes()[0], b'"' | b'\'')
        && written.as_bytes()[0] == written.as_bytes()[written.len() - 1];
    let inner = if quoted {
        Span::new(span.start + 1, span.end - 1)
    } else {
        span
    };
    (text.get(inner.start..inner.end)? == value.value)
        .then(|| IniOption::written_at(name, &value.value, inner))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `dict.update(document)` adds, by key: `None` where it raises.
    fn keys_added(json: &str) -> Option<Vec<String>> {
        let document = read_json(json).ok()?;
        let pairs = update_pairs(&document)?;
        Some(pairs.iter().map(|(k, _)| format!("{:?}", k.value)).collect())
    }

    #[test]
    fn update_takes_mappings_and_iterables_of_pairs() {
        assert_eq!(keys_added("[]"), Some(vec![]));
        assert_eq!(keys_added("\"\""), Some(vec![]));
        assert_eq!(keys_added(r#"{"version": 1}"#).map(|k| k.len()), Some(1));
        assert_eq!(keys_added(r#"[["version", 1], "ab"]"#).map(|k| k.len()), Some(2));
        for raises in ["[1]", r#"[[1, 2, 3]]"#, r#"["abc"]"#, r#"[[[1], 2]]"#, "\"ab\"", "1", "null"] {
            assert_eq!(keys_added(raises), None, "{raises}");
        }
    }
}
