//! dictConfig document → fileConfig INI, where fileConfig can say the same:
//! formatters (`format`, `datefmt`, `style`, `class`), handlers (`class`,
//! `level`, `formatter`, a MemoryHandler's `target`, the constructor's
//! keyword arguments as `kwargs=`), loggers and root. Handlers are listed
//! in the order dictConfig creates them, so shutdown behaves alike. What
//! fileConfig has no form for is refused: filters, `incremental`, `()`
//! factories, `.` attributes, formatter `validate: false`, a `defaults`
//! that is not a mapping,
//! `disable_existing_loggers: false` (fileConfig's caller decides it),
//! `ext://`/`cfg://` references other than `sys.stdout`/`sys.stderr`.

use super::{Conversion, Note};
use crate::dictconfig::{Node, NodeValue};
use std::fmt::Write;

/// Which reader a dictConfig document is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DictFormat {
    /// `json.load`.
    Json,
    /// `yaml.safe_load`.
    Yaml,
}

/// The fileConfig INI text equivalent to the dictConfig document `text`,
/// or the notes saying why there is none.
pub fn dict_to_ini(text: &str, format: DictFormat) -> Conversion<String> {
    let read = match format {
        DictFormat::Json => crate::dictconfig::read_json(text),
        DictFormat::Yaml => crate::dictconfig::yaml::read_yaml(text),
    };
    let root = match read {
        Ok(node) => node,
        Err(e) => {
            return Conversion::refused(format!("the document does not read: {}", e.exception));
        }
    };
    let mut w = Writer::default();
    w.document(&root);
    let text = w.render();
    Conversion::from_parts(text, w.notes)
}

/// The INI being built, section by section.
#[derive(Default)]
struct Writer {
    formatters: Vec<(String, Vec<(String, String)>)>,
    handlers: Vec<(String, Vec<(String, String)>)>,
    loggers: Vec<(String, Vec<(String, String)>)>,
    root: Vec<(String, String)>,
    notes: Vec<Note>,
}

fn entries(node: &Node) -> Vec<(String, &Node)> {
    match &node.value {
        NodeValue::Map(e) => e
            .iter()
            .map(|(k, v)| (k.as_str().map_or_else(|| scalar_text(k), str::to_string), v))
            .collect(),
        _ => Vec::new(),
    }
}

fn scalar_text(node: &Node) -> String {
    match &node.value {
        NodeValue::Int(s) | NodeValue::Float(s) | NodeValue::Str(s) | NodeValue::Other(s) => {
            s.clone()
        }
        NodeValue::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

fn truthy(node: Option<&Node>) -> bool {
    node.is_some_and(|n| match &n.value {
        NodeValue::Null => false,
        NodeValue::Bool(b) => *b,
        NodeValue::Int(s) => s.trim_start_matches('-') != "0",
        NodeValue::Float(s) => s.parse::<f64>().is_ok_and(|f| f != 0.0) || s == "nan",
        NodeValue::Str(s) | NodeValue::Other(s) => !s.is_empty(),
        NodeValue::List(i) => !i.is_empty(),
        NodeValue::Map(e) => !e.is_empty(),
    })
}

impl Writer {
    fn refuse(&mut self, message: impl Into<String>) {
        self.notes.push(Note::refuse(message));
    }

    fn document(&mut self, root: &Node) {
        if !matches!(root.value, NodeValue::Map(_)) {
            return self.refuse("the document is not a mapping: dictConfig raises");
        }
        if !matches!(root.get("version").map(|v| &v.value), Some(NodeValue::Int(s)) if s == "1") {
            self.refuse("`version` is not 1");
        }
        if truthy(root.get("incremental")) {
            self.refuse("`incremental: true` changes a running configuration; fileConfig always replaces it");
        }
        if root
            .get("disable_existing_loggers")
            .is_some_and(|d| !truthy(Some(d)))
        {
            self.refuse("`disable_existing_loggers: false`: in fileConfig that is the caller's argument, not the file's");
        }
        if truthy(root.get("filters")) {
            self.refuse("`filters`: fileConfig has no filters");
        }
        for (name, node) in root.get("formatters").map(entries).unwrap_or_default() {
            self.formatter(&name, node);
        }
        self.all_handlers(root.get("handlers"));
        let mut root_as_logger = None;
        for (name, node) in root.get("loggers").map(entries).unwrap_or_default() {
            match name.as_str() {
                "root" => root_as_logger = Some(node),
                _ => self.logger(&name, node),
            }
        }
        self.root = match root.get("root") {
            Some(node) => self.logger_options(node, "root"),
            None => vec![("handlers".into(), String::new())],
        };
        if let Some(node) = root_as_logger {
            self.root_as_logger(node, root.get("root").is_some());
        }
        self.unreferenced_memory_handlers(root);
    }

    /// See `order::unreferenced_notes`: the same difference, the other way.
    fn unreferenced_memory_handlers(&mut self, root: &Node) {
        let list = |n: Option<&Node>| -> Vec<String> {
            match n.and_then(|n| n.get("handlers")).map(|h| &h.value) {
                Some(NodeValue::List(items)) => items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect(),
                _ => Vec::new(),
            }
        };
        let mut attached = list(root.get("root"));
        for (_, logger) in root.get("loggers").map(entries).unwrap_or_default() {
            attached.extend(list(Some(logger)));
        }
        let handlers = root.get("handlers").map(entries).unwrap_or_default();
        for (name, node) in &handlers {
            let targeted = handlers
                .iter()
                .any(|(_, h)| h.get("target").and_then(Node::as_str) == Some(name));
            if is_memory(node) && targeted && !attached.contains(name) {
                let message = super::order::unreferenced_message(name, false);
                self.notes.push(Note::approximate(message));
            }
        }
    }

    /// `loggers: {root: …}`: `getLogger("root")` is the root logger
    /// (Python 3.9+), configured before `root`, which then replaces its
    /// handlers and (if given) its level. In INI: `[logger_root]` with the
    /// merged state, and a `qualname=root` section (read after it) with the
    /// same state and the `propagate` only a logger section sets.
    fn root_as_logger(&mut self, node: &Node, root_given: bool) {
        let own = self.logger_options(node, "root");
        let pick =
            |key: &str, list: &[(String, String)]| list.iter().find(|(k, _)| k == key).cloned();
        let mut merged = Vec::new();
        if let Some(level) = pick("level", &self.root).or_else(|| pick("level", &own)) {
            merged.push(level);
        }
        merged.extend(pick("propagate", &own));
        let handlers = if root_given {
            pick("handlers", &self.root)
        } else {
            pick("handlers", &own)
        };
        merged.extend(handlers);
        self.root = merged
            .iter()
            .filter(|(k, _)| k != "propagate")
            .cloned()
            .collect();
        let mut options = vec![("qualname".to_string(), "root".to_string())];
        options.extend(merged);
        let key = format!("l{}", self.loggers.len());
        self.loggers.push((key, options));
    }

    fn name_ok(&mut self, kind: &str, name: &str) -> bool {
        let bad = name.is_empty()
            || name.trim() != name
            || name.contains([',', '%', '\n', '\r', '[', ']']);
        if bad {
            self.refuse(format!("{kind} name {name:?} cannot be a fileConfig key"));
        }
        !bad
    }

    fn formatter(&mut self, name: &str, node: &Node) {
        if !self.name_ok("formatter", name) {
            return;
        }
        let mut options = Vec::new();
        for (key, value) in entries(node) {
            match key.as_str() {
                "format" | "datefmt" | "style" | "class" => match raw_value(value) {
                    // `class` is read with interpolation, the others raw
                    Some(text) if key == "class" && !text.is_empty() => {
                        options.push((key, text.replace('%', "%%")));
                    }
                    Some(text) if key != "class" => options.push((key, text)),
                    Some(_) => {}
                    None => self.refuse(format!(
                        "formatter `{name}`: `{key}` is not a one-line string"
                    )),
                },
                "validate" if truthy(Some(value)) => {}
                // read raw and evaluated by fileConfig 3.12+, applied by
                // dictConfig 3.12+; both ignore it before
                "defaults" if matches!(value.value, NodeValue::Map(_)) => {
                    match py_literal(value, false) {
                        Ok(literal) => options.push((key, literal)),
                        Err(e) => self.refuse(format!("formatter `{name}`: `defaults` {e}")),
                    }
                }
                "()" | "validate" | "defaults" => {
                    self.refuse(format!(
                        "formatter `{name}`: `{key}` has no fileConfig form"
                    ));
                }
                _ => {}
            }
        }
        self.formatters.push((name.to_string(), options));
    }

    fn all_handlers(&mut self, handlers: Option<&Node>) {
        let list = handlers.map(entries).unwrap_or_default();
        let target = |n: &Node| n.get("target").and_then(Node::as_str).map(str::to_string);
        let mut sorted: Vec<(String, &Node)> = list.clone();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        let mut built: Vec<String> = Vec::new();
        let mut deferred = Vec::new();
        for (name, node) in &sorted {
            match target(node) {
                Some(t) if is_memory(node) && !built.contains(&t) => deferred.push((name, node)),
                _ => built.push(name.clone()),
            }
        }
        for (name, node) in deferred {
            match target(node) {
                Some(t) if !built.contains(&t) => {
                    return self.refuse(format!(
                        "handler `{name}`: dictConfig cannot set its target `{t}`"
                    ));
                }
                _ => built.push(name.clone()),
            }
        }
        for name in built {
            if let Some((_, node)) = list.iter().find(|(n, _)| *n == name) {
                self.handler(&name, node);
            }
        }
    }

    fn handler(&mut self, name: &str, node: &Node) {
        if !self.name_ok("handler", name) {
            return;
        }
        let mut options = Vec::new();
        let mut kwargs = Vec::new();
        let address_like = |k: &str| matches!(k, "address" | "mailhost");
        for (key, value) in entries(node) {
            let result = match key.as_str() {
                "class" | "formatter" | "target" => raw_value(value)
                    .map(|v| options.push((key.clone(), v.replace('%', "%%"))))
                    .ok_or("not a one-line string".to_string()),
                "level" => level_text(value).map(|v| options.push((key.clone(), v))),
                "()" | "." | "filters" => Err("has no fileConfig form".into()),
                k if !is_ident(k) => Ok(()),
                _ => py_literal(value, address_like(&key))
                    .map(|v| kwargs.push(format!("{}: {v}", crate::pyrepr::repr_str(&key)))),
            };
            if let Err(e) = result {
                self.refuse(format!("handler `{name}`: `{key}` {e}"));
            }
        }
        if class_is(node, "QueueHandler") || class_is(node, "QueueListener") {
            self.refuse(format!(
                "handler `{name}`: dictConfig builds its queue itself; fileConfig cannot"
            ));
        }
        if !kwargs.is_empty() {
            options.push((
                "kwargs".into(),
                format!("{{{}}}", kwargs.join(", ")).replace('%', "%%"),
            ));
        }
        self.handlers.push((name.to_string(), options));
    }

    fn logger(&mut self, name: &str, node: &Node) {
        if name == "root" || name.is_empty() || name.trim() != name || name.contains(['\n', '\r']) {
            return self.refuse(format!(
                "logger {name:?} cannot be written as a fileConfig qualname"
            ));
        }
        let mut options = vec![("qualname".to_string(), name.replace('%', "%%"))];
        options.extend(self.logger_options(node, name));
        let key = format!("l{}", self.loggers.len());
        self.loggers.push((key, options));
    }

    fn logger_options(&mut self, node: &Node, name: &str) -> Vec<(String, String)> {
        let mut options = Vec::new();
        if let Some(level) = node.get("level").filter(|l| l.value != NodeValue::Null) {
            match level_text(level) {
                Ok(text) => options.push(("level".into(), text)),
                Err(e) => self.refuse(format!("logger `{name}`: `level` {e}")),
            }
        }
        if let Some(p) = node.get("propagate").filter(|p| p.value != NodeValue::Null) {
            options.push((
                "propagate".into(),
                if truthy(Some(p)) { "1" } else { "0" }.into(),
            ));
        }
        if truthy(node.get("filters")) {
            self.refuse(format!("logger `{name}`: `filters` has no fileConfig form"));
        }
        let handlers: Vec<String> = match node.get("handlers").map(|h| &h.value) {
            Some(NodeValue::List(items)) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        options.push(("handlers".into(), handlers.join(",").replace('%', "%%")));
        options
    }

    fn render(&self) -> String {
        let keys = |list: &[(String, Vec<(String, String)>)]| {
            list.iter()
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>()
                .join(",")
        };
        let mut logger_keys = vec!["root".to_string()];
        logger_keys.extend(self.loggers.iter().map(|(k, _)| k.clone()));
        let mut out = String::new();
        let _ = writeln!(out, "[loggers]\nkeys={}\n", logger_keys.join(","));
        let _ = writeln!(out, "[handlers]\nkeys={}\n", keys(&self.handlers));
        let _ = writeln!(out, "[formatters]\nkeys={}\n", keys(&self.formatters));
        section(&mut out, "logger_root", &self.root);
        for (prefix, list) in [
            ("logger_", &self.loggers),
            ("handler_", &self.handlers),
            ("formatter_", &self.formatters),
        ] {
            for (key, options) in list {
                section(&mut out, &format!("{prefix}{key}"), options);
            }
        }
        out.pop();
        out
    }
}

fn section(out: &mut String, name: &str, options: &[(String, String)]) {
    let _ = writeln!(out, "[{name}]");
    for (k, v) in options {
        let _ = writeln!(out, "{k}={v}");
    }
    out.push('\n');
}

fn is_memory(node: &Node) -> bool {
    class_is(node, "MemoryHandler")
}

fn class_is(node: &Node, last: &str) -> bool {
    node.get("class")
        .and_then(Node::as_str)
        .is_some_and(|c| c.rsplit('.').next() == Some(last))
}

fn is_ident(k: &str) -> bool {
    let mut chars = k.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A string that configparser gives back exactly (one line, no
/// surrounding whitespace).
fn raw_value(node: &Node) -> Option<String> {
    let s = node.as_str()?;
    (s.trim() == s && !s.contains(['\n', '\r'])).then(|| s.to_string())
}

/// A level as `setLevel` takes it from an INI file (a name).
fn level_text(node: &Node) -> Result<String, String> {
    match &node.value {
        NodeValue::Str(s) if raw_value(node).is_some() => Ok(s.replace('%', "%%")),
        NodeValue::Int(s) => match s.parse::<i64>() {
            Ok(n) if [0, 10, 20, 30, 40, 50].contains(&n) => {
                Ok(crate::level::Level(n).name().into_owned())
            }
            _ => Err(format!("{s} has no level name fileConfig can read")),
        },
        _ => Err("is not a level name".into()),
    }
}

/// The Python literal `eval` gives back as the value dictConfig passes.
fn py_literal(node: &Node, tuple: bool) -> Result<String, String> {
    Ok(match &node.value {
        NodeValue::Null => "None".into(),
        NodeValue::Bool(b) => if *b { "True" } else { "False" }.into(),
        NodeValue::Int(s) => s.clone(),
        NodeValue::Float(s)
            if s.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '-' | '+')) =>
        {
            s.clone()
        }
        NodeValue::Str(s) if s == "ext://sys.stdout" => "sys.stdout".into(),
        NodeValue::Str(s) if s == "ext://sys.stderr" => "sys.stderr".into(),
        NodeValue::Str(s) if super::pyvalue::is_converted_string(s) => {
            return Err(format!(
                "is the reference {s:?}, which fileConfig cannot resolve"
            ));
        }
        NodeValue::Str(s) => crate::pyrepr::repr_str(s),
        NodeValue::List(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|i| py_literal(i, false))
                .collect::<Result<_, _>>()?;
            match (tuple, parts.len()) {
                (true, 1) => format!("({},)", parts[0]),
                (true, _) => format!("({})", parts.join(", ")),
                (false, _) => format!("[{}]", parts.join(", ")),
            }
        }
        NodeValue::Map(entries) => {
            let mut parts = Vec::new();
            for (k, v) in entries {
                let key = k.as_str().ok_or("has a key that is not a string")?;
                parts.push(format!(
                    "{}: {}",
                    crate::pyrepr::repr_str(key),
                    py_literal(v, false)?
                ));
            }
            format!("{{{}}}", parts.join(", "))
        }
        _ => return Err("has no Python literal form".into()),
    })
}
