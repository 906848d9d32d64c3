//! fileConfig INI → dictConfig document: each part of the model written as
//! the dictConfig entry that builds the same object.

use super::pyvalue::{argument, is_converted_string, plain};
use super::{Conversion, Note, Value, order};
use crate::check::{CheckOptions, FileReport};
use crate::format::Style;
use crate::handler_class::{self, HandlerClass, HandlerSpec, KnownClass, Resolution};
use crate::ini::{IniDocument, ReadOptions};
use crate::model::{Config, FormatterDef, HandlerDef};
use crate::pyexpr::{Namespace, evaluate};
use crate::pyvalue::PyValue;

/// What every part of the conversion reads.
struct Ctx<'a> {
    config: &'a Config,
    doc: IniDocument,
    opts: &'a CheckOptions,
    ns: Namespace,
}

/// The dictConfig document equivalent to the checked fileConfig file
/// `report` (checked with `opts`, which name the Python version, the
/// `defaults=` and the importable modules). A file that does not load, or
/// whose loading runs code logcheck does not evaluate, is refused.
pub fn ini_to_dict(report: &FileReport, opts: &CheckOptions) -> Conversion<Value> {
    if let Some(refusal) = refusal_before(report) {
        return Conversion::refused(refusal);
    }
    let Some(config) = report.config.as_ref() else {
        return Conversion::refused(format!("{} has no fileConfig sections", report.path));
    };
    let mut defaults = report.host.defaults(&report.path, &opts.cwd);
    defaults.extend(opts.defines.iter().cloned());
    let read_opts = ReadOptions {
        defaults,
        source_repr: None,
        version: opts.version,
    };
    let ctx = Ctx {
        config,
        doc: crate::ini::read(&report.text, &report.path, &read_opts),
        opts,
        ns: Namespace::logging(opts.version),
    };
    let mut notes = Vec::new();
    let document = ctx.document(report, &mut notes);
    Conversion::from_parts(document, notes)
}

/// Why `report` cannot be converted at all, if it cannot.
fn refusal_before(report: &FileReport) -> Option<String> {
    if report.io_error {
        return Some(format!("{}: cannot read the file", report.path));
    }
    if let Some(e) = &report.python_error {
        return Some(format!(
            "{} does not load: fileConfig raises {e} (run `logcheck check {}`); a conversion would raise too",
            report.path, report.path
        ));
    }
    let runs_code = report
        .config
        .as_ref()
        .is_some_and(|c| c.runs_unmodelled_code);
    (report.verdict_uncertain || runs_code).then(|| {
        format!(
            "{} runs code while it loads (in `class`, `args` or `kwargs`) that logcheck does not evaluate: a document cannot say it",
            report.path
        )
    })
}

impl Ctx<'_> {
    fn document(&self, report: &FileReport, notes: &mut Vec<Note>) -> Value {
        self.repeated_handler_keys(notes);
        let dict = match order::dict_order(self.config) {
            Ok(order) => order,
            Err(e) => {
                notes.push(Note::refuse(e));
                Vec::new()
            }
        };
        if !dict.is_empty() {
            notes.extend(order::exclusive_notes(self.config, &dict));
            notes.extend(order::exit_notes(self.config, &dict, self.opts.version));
        }
        if self.opts.version.minor < 9 && !self.config.handlers.is_empty() {
            notes.push(Note::approximate("fileConfig on Python 3.8 leaves each handler's `name` None; dictConfig names it after its key"));
        }
        let attached = attached_handlers(self.config);
        notes.extend(order::unreferenced_notes(self.config, &attached));
        let (loggers, root) = self.loggers();
        if loggers.get("root").is_some() && self.opts.version.minor < 9 {
            notes.push(Note::approximate("`qualname=root` with propagate=0: the document sets it through `loggers.root`, which before Python 3.9 is a logger named \"root\", not the root logger"));
        }
        Value::Map(vec![
            ("version".into(), Value::Int(1)),
            (
                "disable_existing_loggers".into(),
                Value::Bool(report.host.disables_existing_loggers()),
            ),
            ("formatters".into(), self.formatters(notes)),
            ("handlers".into(), self.handlers(notes)),
            ("loggers".into(), loggers),
            ("root".into(), root),
        ])
    }

    /// A key listed twice in `[handlers] keys`: fileConfig builds both
    /// handlers (the first one unreachable, but created and shut down),
    /// dictConfig one.
    fn repeated_handler_keys(&self, notes: &mut Vec<Note>) {
        let Some(Ok(keys)) = self.doc.get("handlers", "keys", false) else {
            return;
        };
        let names: Vec<&str> = keys.value.split(',').map(crate::pyrepr::py_strip).collect();
        for (i, name) in names.iter().enumerate() {
            if names[..i].contains(name) && !names[i + 1..].contains(name) {
                notes.push(Note::refuse(format!(
                    "handler `{name}` is listed twice in [handlers] keys: fileConfig builds two handlers (the first one only shows at exit), dictConfig can build one"
                )));
            }
        }
    }

    fn formatters(&self, notes: &mut Vec<Note>) -> Value {
        let mut out = Vec::with_capacity(self.config.formatters.len());
        for def in &self.config.formatters {
            match self.formatter(def) {
                Ok(v) => out.push((def.key.value.clone(), v)),
                Err(e) => notes.push(Note::refuse(format!("formatter `{}`: {e}", def.key.value))),
            }
        }
        Value::Map(out)
    }

    /// `c(fs, dfs, stl[, defaults=…])` in both: format and datefmt as read
    /// (raw), the style, the class as written.
    fn formatter(&self, def: &FormatterDef) -> Result<Value, String> {
        let mut out = Vec::new();
        let texts = [("format", &def.format), ("datefmt", &def.datefmt)];
        for (name, text) in texts {
            if let Some(text) = text {
                out.push((name.to_string(), checked_str(name, &text.value)?));
            }
        }
        match def.style {
            Style::Percent => {}
            Style::Brace => out.push(("style".into(), Value::str("{"))),
            Style::Dollar => out.push(("style".into(), Value::str("$"))),
        }
        if let Some(class) = def.class.as_ref().filter(|c| !c.value.is_empty()) {
            out.push(("class".into(), checked_str("class", &class.value)?));
        }
        if let Some(defaults) = self.formatter_defaults(&def.key.value)? {
            out.push(("defaults".into(), defaults));
        }
        Ok(Value::Map(out))
    }

    /// `defaults=` (3.12+, read raw and evaluated), as a mapping.
    fn formatter_defaults(&self, key: &str) -> Result<Option<Value>, String> {
        if !self.opts.version.reads_formatter_defaults() {
            return Ok(None);
        }
        let sect = format!("formatter_{key}");
        let Some(Ok(text)) = self.doc.get(&sect, "defaults", true) else {
            return Ok(None);
        };
        let value = self.eval(&text.value, "defaults")?;
        plain(&value, "defaults").map(Some)
    }

    fn eval(&self, text: &str, option: &str) -> Result<PyValue, String> {
        evaluate(text, &self.ns).map_err(|_| {
            format!("`{option}` is code logcheck does not evaluate, or reads the environment at load time, which a document cannot say")
        })
    }

    fn handlers(&self, notes: &mut Vec<Note>) -> Value {
        let mut out = Vec::with_capacity(self.config.handlers.len());
        for def in &self.config.handlers {
            match self.handler(def) {
                Ok(v) => out.push((def.key.value.to_string(), v)),
                Err(e) => notes.push(Note::refuse(format!("handler `{}`: {e}", def.key.value))),
            }
        }
        Value::Map(out)
    }

    /// `class`, `level`, `formatter`, `target`, then the constructor's
    /// arguments by name: `args` bound to the signature's parameters, then
    /// `kwargs`.
    fn handler(&self, def: &HandlerDef) -> Result<Value, String> {
        if let HandlerSpec::Opaque { .. } = def.spec {
            return Err("built from code logcheck does not evaluate".into());
        }
        let (path, known) = self.handler_class(&def.class.value)?;
        let mut out = vec![("class".to_string(), Value::Str(path))];
        if def.level_span.is_some() {
            let name = self.config.level_name(def.level).into_owned();
            out.push(("level".into(), Value::Str(name)));
        }
        if let Some(f) = &def.formatter {
            out.push(("formatter".into(), Value::str(f.value.as_str())));
        }
        if let Some(t) = &def.target {
            if known != Some(KnownClass::MemoryHandler) {
                return Err("a `target` on a class logcheck cannot tell is a MemoryHandler".into());
            }
            out.push(("target".into(), Value::str(t.value.as_str())));
        }
        for (name, value) in self.arguments(def, known)? {
            check_parameter(&name, known, &value)?;
            if known == Some(KnownClass::MemoryHandler) && name == "target" {
                continue; // None: fileConfig sets the target afterwards
            }
            out.push((name.clone(), argument(&value, known, &name)?));
        }
        Ok(Value::Map(out))
    }

    /// The importable dotted path of `class=`, and the class when logcheck
    /// knows its signature.
    fn handler_class(&self, text: &str) -> Result<(String, Option<KnownClass>), String> {
        match handler_class::resolve(text, self.opts.version, &self.opts.importable) {
            Resolution::Class(HandlerClass::Known(k)) => Ok((k.qualified_name().into(), Some(k))),
            Resolution::Class(HandlerClass::Custom { path }) => Ok((path, None)),
            _ => Err(format!(
                "class `{text}` is not a handler class a document can name"
            )),
        }
    }

    /// `klass(*args, **kwargs)` as `(name, value)` pairs.
    fn arguments(
        &self,
        def: &HandlerDef,
        known: Option<KnownClass>,
    ) -> Result<Vec<(String, PyValue)>, String> {
        let sect = format!("handler_{}", def.key.value);
        let read = |option: &str, absent: &str| match self.doc.get(&sect, option, false) {
            Some(Ok(l)) => self.eval(&l.value, option),
            Some(Err(e)) => Err(e.to_string()),
            None => self.eval(absent, option),
        };
        let positional = match read("args", "()")? {
            PyValue::Tuple(items) | PyValue::List(items) => items,
            other => return Err(format!("`args` is a {}, not a tuple", other.type_name())),
        };
        let PyValue::Dict(keywords) = read("kwargs", "{}")? else {
            return Err("`kwargs` is not a dict".into());
        };
        let mut out = bind_positional(positional, known)?;
        for (k, v) in keywords {
            let PyValue::Str(k) = k else {
                return Err("`kwargs` has a key that is not a string".into());
            };
            out.push((k, v));
        }
        Ok(out)
    }

    /// The loggers, merged by name in fileConfig's order, and the root
    /// logger (its own section, then any `qualname=root` section).
    fn loggers(&self) -> (Value, Value) {
        let (root, merged) = merge_loggers(self.config);
        let mut loggers: Vec<(String, Value)> = merged
            .iter()
            .map(|m| {
                let value = self.logger_value(m.level, Some(m.propagate), &m.handlers);
                (m.name.to_string(), value)
            })
            .collect();
        if !root.propagate {
            // `qualname=root` with propagate=0 sets `root.propagate`, which
            // dictConfig's `root` never touches: `getLogger("root")` is
            // the root logger (3.9+), configured before `root`.
            let entry = Value::Map(vec![("propagate".into(), Value::Bool(false))]);
            loggers.push(("root".into(), entry));
        }
        let root = self.logger_value(root.level, None, &root.handlers);
        (Value::Map(loggers), root)
    }

    fn logger_value(
        &self,
        level: Option<crate::level::Level>,
        propagate: Option<bool>,
        handlers: &[&str],
    ) -> Value {
        let mut out = Vec::new();
        if let Some(level) = level {
            out.push((
                "level".into(),
                Value::Str(self.config.level_name(level).into_owned()),
            ));
        }
        if let Some(p) = propagate {
            out.push(("propagate".into(), Value::Bool(p)));
        }
        let list = handlers.iter().map(|h| Value::str(*h)).collect();
        out.push(("handlers".into(), Value::List(list)));
        Value::Map(out)
    }
}

/// Each logger as the sections naming it leave it: `[logger_root]` first,
/// then the other sections in `keys` order, each setting its level (when
/// given), replacing the handlers and setting `propagate`. The root logger
/// (also reached by `qualname=root`) is the first value.
fn merge_loggers(config: &Config) -> (MergedLogger<'_>, Vec<MergedLogger<'_>>) {
    let mut root = MergedLogger {
        name: "",
        level: config.root.level.as_ref().map(|l| l.value),
        propagate: true,
        handlers: config
            .root
            .handlers
            .iter()
            .map(|h| h.value.as_str())
            .collect(),
    };
    let mut merged: Vec<MergedLogger<'_>> = Vec::new();
    for def in &config.loggers {
        let name = def.qualname.value.as_str();
        let m = match merged.iter().position(|m| m.name == name) {
            _ if def.targets_root => &mut root,
            Some(at) => &mut merged[at],
            None => {
                merged.push(MergedLogger {
                    name,
                    level: None,
                    propagate: true,
                    handlers: Vec::new(),
                });
                let last = merged.len() - 1;
                &mut merged[last]
            }
        };
        m.level = def.level.as_ref().map(|l| l.value).or(m.level);
        m.propagate = def.propagate.value != 0;
        m.handlers = def.handlers.iter().map(|h| h.value.as_str()).collect();
    }
    (root, merged)
}

/// The handlers some logger holds once every section is applied.
fn attached_handlers(config: &Config) -> Vec<&str> {
    let (root, merged) = merge_loggers(config);
    let mut names = root.handlers;
    for m in merged {
        names.extend(m.handlers);
    }
    names
}

/// One logger as the sections naming it leave it.
struct MergedLogger<'a> {
    name: &'a str,
    level: Option<crate::level::Level>,
    propagate: bool,
    handlers: Vec<&'a str>,
}

/// A string dictConfig passes on unchanged.
fn checked_str(option: &str, text: &str) -> Result<Value, String> {
    if is_converted_string(text) {
        return Err(format!(
            "`{option}` is {text:?}, which dictConfig would resolve as a reference"
        ));
    }
    Ok(Value::str(text))
}

/// Positional arguments named by the constructor's signature.
fn bind_positional(
    positional: Vec<PyValue>,
    known: Option<KnownClass>,
) -> Result<Vec<(String, PyValue)>, String> {
    if positional.is_empty() {
        return Ok(Vec::new());
    }
    let Some(class) = known else {
        return Err("positional `args` of a class whose signature logcheck does not know: name them in `kwargs`".into());
    };
    let names = class.param_names();
    if positional.len() > names.len() {
        return Err(format!("more `args` than {} takes", class.qualified_name()));
    }
    Ok(names
        .iter()
        .map(|n| n.to_string())
        .zip(positional)
        .collect())
}

/// An argument dictConfig passes to the constructor as this keyword.
fn check_parameter(name: &str, known: Option<KnownClass>, value: &PyValue) -> Result<(), String> {
    let reserved = matches!(
        name,
        "class" | "level" | "formatter" | "filters" | "()" | "."
    ) || (known == Some(KnownClass::MemoryHandler)
        && name == "target"
        && *value != PyValue::None);
    if reserved {
        return Err(format!(
            "the argument `{name}` is a key dictConfig reads itself"
        ));
    }
    let mut chars = name.chars();
    let ident = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !ident {
        return Err(format!(
            "the argument `{name}` is not a name dictConfig passes on"
        ));
    }
    if known == Some(KnownClass::MemoryHandler) && name == "flushLevel" && value.as_str().is_some()
    {
        return Err("a string `flushLevel`: dictConfig converts it to a number on 3.13+, fileConfig never does".into());
    }
    Ok(())
}
