//! `_install_handlers`: each `[handler_X]` section built as
//! `klass(*args, **kwargs)` in `[handlers] keys` order, then the
//! MemoryHandler targets fixed up.

use super::eval::NotEvaluated;
use super::reported::Reported;
use super::value::{ListItem, Value};
use super::{Lowerer, Owner};
use super::levels::with_value_fix;
use crate::fix::{Applicability, Fix};
use crate::diagnostic::{Diagnostic, PyException};
use crate::handler_class::{self, HandlerClass, HandlerSpec, KnownClass, Resolution, SideEffect};
use crate::level::Level;
use crate::model::{HandlerDef, section_name};
use crate::pyvalue::PyValue;
use crate::rules;
use crate::source::{Span, Spanned};
use crate::suggest::did_you_mean;
use compact_str::CompactString;

/// What `eval(klass, vars(logging))` gave.
enum Klass {
    /// A class logcheck models (or a custom class it does not check).
    Class(HandlerClass),
    /// Code logcheck does not run (LC504 at this span): the handler, if
    /// everything else succeeds, is opaque.
    Code(Span),
}

/// What the constructor built, and what building it did.
struct Built {
    spec: HandlerSpec,
    effects: Vec<SideEffect>,
}

impl<'a> Lowerer<'a> {
    /// `hlist = cp["handlers"]["keys"]`, each handler in order, then
    /// `for h, t in fixups: h.setTarget(handlers[t])`.
    pub(super) fn handlers(&mut self) {
        let Ok(keys) = self.keys_of("handlers") else {
            return;
        };
        self.handler_keys_span = Some(keys.span());
        if keys.text.is_empty() {
            return;
        }
        let mut fixups: Vec<(String, Spanned<CompactString>)> = Vec::new();
        let items = keys.split_list();
        self.out.config.handlers.reserve(items.len());
        for item in items {
            if let Some(target) = self.handler(&item) {
                fixups.push((item.name.to_string(), target));
            }
        }
        for (key, target) in fixups {
            self.fix_target(&key, &target);
        }
    }

    /// `h.setTarget(handlers[t])`: a KeyError when `t` was never built.
    fn fix_target(&mut self, key: &str, target: &Spanned<CompactString>) {
        if self.out.config.handler(&target.value).is_some()
            || self.failed_handlers.contains_key(target.value.as_str())
        {
            return;
        }
        let mut d = Diagnostic::new(
            &rules::UNDEFINED_TARGET,
            target.span,
            format!(
                "MemoryHandler `{key}` targets `{}`, which is not a defined handler",
                target.value
            ),
        )
        .with_label("not in [handlers] keys")
        .with_help(self.handler_help(&target.value))
        .with_python(PyException::key_error(&target.value));
        if let Some(span) = self.handler_keys_span {
            d = d.with_secondary(span, "handlers declared here");
        }
        let _ = self.raise(d);
        if let Some(h) = self
            .out
            .config
            .handlers
            .iter_mut()
            .find(|h| h.key.value == key)
        {
            h.target = None;
        }
    }

    /// How to fix a reference to handler `name`, which is not defined.
    pub(super) fn handler_help(&self, name: &str) -> String {
        let known: Vec<&str> = self
            .out
            .config
            .handlers
            .iter()
            .map(|h| h.key.value.as_str())
            .collect();
        match did_you_mean(name, known.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("add `{name}` to `keys` in [handlers] and define [handler_{name}]"),
        }
    }

    /// Builds one handler into the model; returns its MemoryHandler target, if any.
    fn handler(&mut self, item: &ListItem<'_>) -> Option<Spanned<CompactString>> {
        match self.build_handler(item) {
            Ok(def) => {
                let target = def.target.clone();
                // a repeated key: the later handler replaces the earlier one
                self.out
                    .config
                    .handlers
                    .retain(|h| h.key.value != item.name);
                self.built_handlers.insert(item.name.to_string());
                self.out.config.handlers.push(def);
                target
            }
            Err(reported) => {
                self.failed_handlers.insert(item.name.to_string(), reported);
                None
            }
        }
    }

    /// Every step of `_install_handlers` for one section. Each step runs even
    /// when an earlier one failed (its own problems are reported too), except
    /// the constructor call, which needs everything before it.
    fn build_handler(&mut self, item: &ListItem<'_>) -> Result<HandlerDef, Reported> {
        let sect = section_name("handler_", item.name);
        // section = cp["handler_%s" % hand]
        let Some(header) = self.section_header(&sect) else {
            let keys_span = self.handler_keys_span;
            return Err(self.missing_entity_section("handler", item, keys_span));
        };
        // klass = section["class"]; fmt = section.get("formatter", "")
        let class = self.handler_class_option(&sect, header, item.name);
        let formatter = self.get(&sect, "formatter", false);
        // klass = eval(klass, vars(logging)), falling back to _resolve
        let klass = match (&class, &formatter) {
            (Ok(c), Ok(_)) => self.handler_class(c),
            (Err(r), _) | (_, Err(r)) => Err(*r),
        };
        // args = eval(section.get("args", '()')); kwargs likewise
        let args = self.eval_option(&sect, "args", PyValue::Tuple(Vec::new()));
        let kwargs = self.eval_option(&sect, "kwargs", PyValue::Dict(Vec::new()));
        // h = klass(*args, **kwargs)
        let class_text = class.as_ref().map_or("", |c| c.text.as_ref());
        let built = self.construct(item, &sect, header, (class_text, &klass), args, kwargs);
        // if "level" in section: h.setLevel(section["level"])
        let level = self.handler_level(&sect, item.name);
        // if len(fmt): h.setFormatter(formatters[fmt])
        let formatter = formatter.and_then(|f| self.handler_formatter(item.name, f));
        // if issubclass(klass, MemoryHandler): target = section.get("target", "")
        let target = self.memory_target(&sect, &klass);
        let (class, built) = (class?, built?);
        let ((level, level_span), formatter) = (level?, formatter?);
        // a formatter built from code: what the handler writes is unknown
        let opaque_formatter = formatter
            .as_ref()
            .is_some_and(|f| self.opaque_formatters.contains_key(f.value.as_str()));
        let spec = match opaque_formatter {
            true => HandlerSpec::Opaque {
                class: class.text.to_string(),
            },
            false => built.spec,
        };
        Ok(HandlerDef {
            key: Spanned::new(CompactString::from(item.name), item.span),
            section: header,
            class: Spanned::new(CompactString::from(class.text.as_ref()), class.span()),
            spec,
            effects: built.effects,
            level,
            level_span,
            formatter,
            target,
            filters: Vec::new(),
        })
    }

    /// `section["class"]`: a KeyError when absent.
    fn handler_class_option(
        &mut self,
        sect: &str,
        header: Span,
        key: &str,
    ) -> Result<Value<'a>, Reported> {
        match self.get(sect, "class", false)? {
            Some(c) => Ok(c),
            None => {
                let d = Diagnostic::new(
                    &rules::MISSING_OPTION,
                    header,
                    format!("handler `{key}` has no `class`"),
                )
                .with_label("`class` is required here")
                .with_help("add e.g. `class=StreamHandler` or `class=handlers.RotatingFileHandler`")
                .with_python(PyException::key_error("class"));
                Err(self.raise(d))
            }
        }
    }

    /// `klass(*args, **kwargs)` when everything before it succeeded. The
    /// files it creates are seen by the handlers after it, even when it
    /// raises later on.
    fn construct(
        &mut self,
        item: &ListItem<'_>,
        sect: &str,
        header: Span,
        (class_text, klass): (&str, &Result<Klass, Reported>),
        args: Result<PyValue, NotEvaluated>,
        kwargs: Result<PyValue, NotEvaluated>,
    ) -> Result<Built, Reported> {
        let klass = klass.as_ref().map_err(|r| *r)?;
        let (args, kwargs, klass) = match (args, kwargs, klass) {
            (Err(NotEvaluated::Raises(r)), _, _) | (_, Err(NotEvaluated::Raises(r)), _) => {
                return Err(r);
            }
            (Ok(args), Ok(kwargs), Klass::Class(klass)) => (args, kwargs, klass),
            (args, kwargs, klass) => return Ok(self.opaque(class_text, klass, [args, kwargs])),
        };
        let built = handler_class::construct(
            klass,
            &args,
            &kwargs,
            &self.files_so_far(),
            self.opts.version,
            self.opts.platform,
        );
        for effect in &built.effects {
            if let SideEffect::CreatesFile { path } = effect {
                self.created_files.insert(path.clone());
            }
        }
        match built.result {
            Ok(spec) => Ok(Built {
                spec,
                effects: built.effects,
            }),
            Err(exc) => Err(self.construction_error(item, sect, header, &exc)),
        }
    }

    /// A handler whose class or arguments are code logcheck does not run (and
    /// that nothing else stops): CPython builds it if the code succeeds,
    /// which the qualified verdict assumes, so it stays in the model, routed
    /// to like any other, with its output unknown.
    fn opaque(
        &mut self,
        class: &str,
        klass: &Klass,
        values: [Result<PyValue, NotEvaluated>; 2],
    ) -> Built {
        if let Klass::Code(span) = klass {
            self.opaque_code.insert(*span);
        }
        for value in values {
            if let Err(NotEvaluated::Code(_, span)) = value {
                self.opaque_code.insert(span);
            }
        }
        Built {
            spec: HandlerSpec::Opaque {
                class: class.to_string(),
            },
            effects: Vec::new(),
        }
    }

    /// `h.setLevel(section["level"])` when the option is present (`get`
    /// finds nothing exactly when `"level" in section` is false).
    fn handler_level(&mut self, sect: &str, key: &str) -> Result<(Level, Option<Span>), Reported> {
        match self.get(sect, "level", false)? {
            Some(v) => Ok((self.level_value(&v, Owner::Handler(key))?, Some(v.span()))),
            None => Ok((Level::NOTSET, None)),
        }
    }

    /// `h.setFormatter(formatters[fmt])` when `fmt` is not empty: a KeyError
    /// for a formatter never listed (one that failed was reported already).
    fn handler_formatter(
        &mut self,
        key: &str,
        formatter: Option<Value<'a>>,
    ) -> Result<Option<Spanned<CompactString>>, Reported> {
        let Some(f) = formatter.filter(|f| !f.text.is_empty()) else {
            return Ok(None);
        };
        if self.opaque_formatters.contains_key(f.text.as_ref()) {
            // built from code: the handler is opaque (see build_handler)
            return Ok(Some(Spanned::new(
                CompactString::from(f.text.as_ref()),
                f.span(),
            )));
        }
        if let Some(reported) = self.failed_formatters.get(f.text.as_ref()) {
            return Err(*reported);
        }
        if self.built_formatter(&f.text).is_none() {
            return Err(self.undefined_formatter(key, &f));
        }
        Ok(Some(Spanned::new(
            CompactString::from(f.text.as_ref()),
            f.span(),
        )))
    }

    fn undefined_formatter(&mut self, key: &str, f: &Value<'a>) -> Reported {
        let known: Vec<&str> = self
            .out
            .config
            .formatters
            .iter()
            .map(|x| x.key.value.as_str())
            .collect();
        let close = did_you_mean(&f.text, known.iter().copied());
        let help = match close {
            Some(close) => (format!("did you mean `{close}`?"), Some((Applicability::Unsafe, close.to_string()))),
            None => (format!(
                "add `{}` to `keys` in [formatters] and define [formatter_{}], or remove `formatter=` to use the default `%(message)s`",
                f.text, f.text
            ), None),
        };
        // nothing close: drop `formatter=`, the handler then prints `%(message)s`
        // (only when every formatter the file lists was built: else the
        // formatter may just be one that failed or a section that is misnamed)
        let all_built = self.doc.section("formatters").is_some() && self.failed_formatters.is_empty();
        let drop = (close.is_none() && all_built && f.verbatim && f.option.line > 0)
            .then(|| super::fixes::delete_line(self.opts.text, f.span().start))
            .flatten()
            .map(|edit| Fix::unsafe_edit("Remove `formatter=`: use the default format", vec![edit]));
        let mut d = Diagnostic::new(
            &rules::UNDEFINED_FORMATTER,
            f.span(),
            format!(
                "handler `{key}` uses formatter `{}`, which is not defined",
                f.text
            ),
        )
        .with_label("not in [formatters] keys")
        .with_python(PyException::key_error(&f.text));
        if let Some(span) = self.formatter_keys_span {
            d = d.with_secondary(span, "formatters declared here");
        }
        let d = with_value_fix(d, f, help);
        self.raise(match drop {
            Some(fix) => d.with_fix(fix),
            None => d,
        })
    }

    /// `target = section.get("target", "")` of a MemoryHandler.
    fn memory_target(
        &mut self,
        sect: &str,
        klass: &Result<Klass, Reported>,
    ) -> Option<Spanned<CompactString>> {
        if !matches!(
            klass,
            Ok(Klass::Class(HandlerClass::Known(KnownClass::MemoryHandler)))
        ) {
            return None;
        }
        let t = self.get(sect, "target", false).ok().flatten()?;
        (!t.text.is_empty()).then(|| Spanned::new(CompactString::from(t.text.as_ref()), t.span()))
    }

    /// `eval(klass, vars(logging))`, falling back to `_resolve(klass)`,
    /// remembered per text.
    fn handler_class(&mut self, class: &Value<'a>) -> Result<Klass, Reported> {
        let resolution = match self.resolved_classes.get(class.text.as_ref()) {
            Some(known) => known.clone(),
            None => {
                let fresh =
                    handler_class::resolve(&class.text, self.opts.version, self.opts.importable);
                self.resolved_classes
                    .insert(class.text.to_string(), fresh.clone());
                fresh
            }
        };
        match resolution {
            Resolution::Error(exc) => Err(self.unresolved_class(class, exc)),
            Resolution::Class(custom @ HandlerClass::Custom { .. }) => {
                let d = Diagnostic::new(
                    &rules::UNCHECKED_CLASS,
                    class.span(),
                    format!("custom handler class `{}` cannot be checked statically", class.text),
                )
                .with_label("assumed importable (--importable)")
                .with_help("logcheck does not import your code: its arguments and behaviour are not checked");
                self.note(d);
                // the handler is still built: the qualified verdict is the report
                let _ = self.uncertain(class.span());
                Ok(Klass::Class(custom))
            }
            Resolution::Class(klass) => Ok(Klass::Class(klass)),
            Resolution::NotStatic { reason } => {
                // CPython runs it: the handler is opaque if all else succeeds
                let _ = self.code_execution(class.span(), "class", "handler", &reason);
                Ok(Klass::Code(class.span()))
            }
        }
    }

    /// The exception `_resolve` raises for a class that cannot be found.
    fn unresolved_class(&mut self, class: &Value<'a>, exc: PyException) -> Reported {
        let qualified = ["handlers.", "logging.handlers."]
            .iter()
            .find_map(|prefix| {
                let candidate = format!("{prefix}{}", class.text);
                matches!(
                    handler_class::resolve(&candidate, self.opts.version, &[]),
                    Resolution::Class(HandlerClass::Known(_))
                )
                .then_some(candidate)
            });
        let close = qualified
            .as_deref()
            .or_else(|| did_you_mean(&class.text, KNOWN_HANDLER_SPELLINGS.iter().copied()));
        // the one stdlib class meant: the file cannot load as it is
        let help = class_with_comment(&class.text, self.opts.version).unwrap_or_else(|| match close {
            Some(close) => (format!("did you mean `{close}`?"), Some((Applicability::Safe, close.to_string()))),
            None => (format!(
                "use a logging handler class such as `StreamHandler`, `FileHandler` or `handlers.RotatingFileHandler`; if `{}` is importable where the service runs, pass `--importable {}`",
                class.text,
                class.text.split('.').next().unwrap_or_default()
            ), None),
        });
        // `class` is evaluated: a SyntaxError is worded as the parser of
        // the newest versions words it (as in `args`)
        let approximate = exc.type_name == "SyntaxError"
            && self.opts.version.minor < crate::pyexpr::OLDEST_EXACT_SYNTAX_MINOR;
        let mut d = Diagnostic::new(
            &rules::CLASS_NOT_FOUND,
            class.span(),
            format!("handler class `{}` cannot be resolved", class.text),
        )
        .with_label(exc.to_string())
        .with_python(exc);
        if approximate {
            d = d.with_note("CPython's exact wording of this SyntaxError may differ");
        }
        self.raise(with_value_fix(d, class, help))
    }

    /// The exception the constructor raises, pointed at `args` (or
    /// `kwargs`, or the header when both are absent).
    fn construction_error(
        &mut self,
        item: &ListItem<'_>,
        sect: &str,
        header: Span,
        exc: &PyException,
    ) -> Reported {
        let args_span = self.option_span(sect, "args");
        let kwargs_span = self.option_span(sect, "kwargs");
        let span = args_span.or(kwargs_span).unwrap_or(header);
        let (rule, help) = construction_problem(exc);
        let mut d = Diagnostic::new(
            rule,
            span,
            format!("handler `{}` cannot be constructed", item.name),
        )
        .with_label(exc.to_string())
        .with_help(help)
        .with_python(exc.clone());
        let args = self.doc.section(sect).and_then(|s| s.options.iter().find(|o| o.name == "args"));
        let splatted = rule.code == rules::HANDLER_SIGNATURE.code && exc.message.contains("were given");
        if (rule.code == rules::ARGS_NOT_TUPLE.code || splatted)
            && let Some(comma) = args.and_then(super::fixes::tuple_comma)
        {
            d = d.with_fix(Fix::safe("Add the comma that makes `args` a tuple", vec![comma]));
        }
        self.raise(d)
    }

    fn option_span(&self, sect: &str, option: &str) -> Option<Span> {
        self.doc
            .section(sect)
            .and_then(|s| s.options.iter().find(|o| o.name == option))
            .map(|o| o.value_span)
    }
}

/// `class=StreamHandler ; console`: the help and the safe fix (the class on
/// its line, the comment on the next) when the text before the comment is a
/// stdlib handler class.
fn class_with_comment(
    text: &str,
    version: crate::version::PyVersion,
) -> Option<(String, Option<(Applicability, String)>)> {
    let (bare, comment) = crate::fix::inline_comment(text)?;
    let Resolution::Class(HandlerClass::Known(_)) = handler_class::resolve(bare, version, &[]) else {
        return None;
    };
    Some((
        format!("fileConfig files have no inline comments: the whole text is the class name. Write `{bare}` and move the comment to its own line"),
        Some((Applicability::Safe, format!("{bare}\n{comment}"))),
    ))
}

/// Handler classes as users write them, for did-you-mean suggestions.
const KNOWN_HANDLER_SPELLINGS: &[&str] = &[
    "StreamHandler",
    "FileHandler",
    "NullHandler",
    "handlers.WatchedFileHandler",
    "handlers.RotatingFileHandler",
    "handlers.TimedRotatingFileHandler",
    "handlers.SocketHandler",
    "handlers.DatagramHandler",
    "handlers.SysLogHandler",
    "handlers.SMTPHandler",
    "handlers.MemoryHandler",
    "handlers.HTTPHandler",
    "handlers.QueueHandler",
    "handlers.BufferingHandler",
    "handlers.NTEventLogHandler",
    "logging.StreamHandler",
    "logging.FileHandler",
    "logging.handlers.RotatingFileHandler",
    "logging.handlers.TimedRotatingFileHandler",
    "logging.handlers.WatchedFileHandler",
];

/// Which rule a constructor failure belongs to, and how to fix it.
fn construction_problem(exc: &PyException) -> (&'static crate::rules::Rule, String) {
    let m = exc.message.as_str();
    match exc.type_name.as_str() {
        "io.UnsupportedOperation" => (
            &rules::ARGS_NOT_TUPLE,
            "`args` must be a tuple: `(sys.stdout)` is just the stream, write `(sys.stdout,)` with a trailing comma".to_string(),
        ),
        "TypeError" if m.contains("argument after * must be an iterable") || m.contains("argument after ** must be a mapping") => (
            &rules::ARGS_NOT_TUPLE,
            "`args` must be a tuple or list and `kwargs` a dict: a one-element tuple needs a trailing comma, `('app.log',)`".to_string(),
        ),
        "TypeError" if m.contains("positional argument") && m.contains("were given") => (
            &rules::HANDLER_SIGNATURE,
            "too many arguments: if `args` is a single string in parentheses it is splatted into characters; write `('app.log',)` with a trailing comma".to_string(),
        ),
        "TypeError" if m.contains("missing") || m.contains("unexpected keyword") || m.contains("multiple values") => (
            &rules::HANDLER_SIGNATURE,
            "match the handler's constructor signature (see the logging.handlers documentation)".to_string(),
        ),
        "TypeError" if m.contains("not callable") => (
            &rules::CLASS_NOT_FOUND,
            "`class` must name a handler class".to_string(),
        ),
        "FileNotFoundError" => (
            &rules::LOG_FILE_UNOPENABLE,
            "the directory does not exist in the assumed working directory (--cwd): create it before the service starts, or use a path that exists; relative paths resolve against the process's working directory, not the config file".to_string(),
        ),
        "IsADirectoryError" | "PermissionError" | "NotADirectoryError" => (
            &rules::LOG_FILE_UNOPENABLE,
            "the log file cannot be opened for writing where the service runs (--cwd)".to_string(),
        ),
        _ => (
            &rules::HANDLER_ARGUMENT,
            "fix the argument value the constructor rejects".to_string(),
        ),
    }
}
