//! `_create_formatters`: each `[formatter_X]` section built as
//! `c(fs, dfs, stl[, defaults=...])`, in `[formatters] keys` order.

use super::Lowerer;
use super::eval::NotEvaluated;
use super::reported::Reported;
use super::value::{ListItem, Value};
use crate::diagnostic::{Diagnostic, PyException};
use crate::format::{Formatter, Style};
use crate::handler_class::{self, HandlerClass, KnownClass, Resolution};
use crate::model::{FormatterDef, section_name};
use crate::pyvalue::PyValue;
use crate::rules;
use crate::source::{Span, Spanned};

/// The options of a `[formatter_X]` section, read raw (no interpolation).
struct FormatterTexts<'a> {
    format: Option<Value<'a>>,
    datefmt: Option<Value<'a>>,
    style: Option<Value<'a>>,
    /// Only read on 3.12+.
    defaults: Option<Value<'a>>,
}

impl<'a> Lowerer<'a> {
    /// `flist = cp["formatters"]["keys"]`, then each formatter in order.
    pub(super) fn formatters(&mut self) {
        let Ok(keys) = self.keys_of("formatters") else {
            return;
        };
        self.formatter_keys_span = Some(keys.span());
        if keys.text.is_empty() {
            return;
        }
        for item in keys.split_list() {
            if let Err(reported) = self.formatter(&item) {
                self.failed_formatters
                    .insert(item.name.to_string(), reported);
            }
        }
    }

    /// Builds one formatter into the model, or reports why CPython fails.
    fn formatter(&mut self, item: &ListItem<'_>) -> Result<(), Reported> {
        let sect = section_name("formatter_", item.name);
        let texts = self.formatter_texts(&sect);
        // c = logging.Formatter; class_name = cp[sectname].get("class")
        let Some(header) = self.section_header(&sect) else {
            let keys_span = self.formatter_keys_span;
            return Err(self.missing_entity_section("formatter", item, keys_span));
        };
        let class = self.get(&sect, "class", false)?;
        let mut as_handler = None;
        if let Some(class) = class.as_ref().filter(|c| !c.text.is_empty()) {
            as_handler = self.formatter_class(class)?.map(|k| (k, class.span()));
        }
        let defaults = match &texts.defaults {
            Some(d) => match self.eval_value(d, "defaults", &sect) {
                Ok(v) => Some(v),
                Err(NotEvaluated::Code(reported, span)) => {
                    return Err(self.opaque_formatter(item.name, span, reported));
                }
                Err(NotEvaluated::Raises(reported)) => return Err(reported),
            },
            None => None,
        };
        if let Some((known, span)) = as_handler {
            return Err(self.handler_as_formatter(item, known, span, &texts, defaults));
        }
        // f = c(fs, dfs, stl[, defaults=defaults]); validation is always on.
        let style = self.formatter_style(texts.style.as_ref())?;
        let formatter = self.build_formatter(item, header, &texts, style, defaults.as_ref())?;
        let spanned = |v: &Value<'a>| Spanned::new(v.text.to_string(), v.span());
        self.out.config.formatters.push(FormatterDef {
            key: Spanned::new(item.name.to_string(), item.span),
            section: header,
            format: texts.format.as_ref().map(spanned),
            datefmt: texts.datefmt.as_ref().map(spanned),
            style,
            class: class.as_ref().map(spanned),
            formatter,
        });
        Ok(())
    }

    /// `fs = cp.get(sectname, "format", raw=True, fallback=None)` and the same
    /// for datefmt, style (default '%') and, on 3.12+, defaults. Raw reads
    /// cannot fail on interpolation.
    fn formatter_texts(&mut self, sect: &str) -> FormatterTexts<'a> {
        let raw = |l: &mut Self, option| l.get(sect, option, true).ok().flatten();
        FormatterTexts {
            format: raw(self, "format"),
            datefmt: raw(self, "datefmt"),
            style: raw(self, "style"),
            defaults: if self.opts.version.reads_formatter_defaults() {
                raw(self, "defaults")
            } else {
                None
            },
        }
    }

    /// A class that is not a Formatter (e.g. a handler class) is called as
    /// `c(fs, dfs, stl[, defaults=...])` all the same: bind those arguments.
    /// The formatter never joins the model: either binding fails as CPython
    /// does, or an object logcheck does not model is built.
    fn handler_as_formatter(
        &mut self,
        item: &ListItem<'_>,
        known: KnownClass,
        span: Span,
        texts: &FormatterTexts<'a>,
        defaults: Option<PyValue>,
    ) -> Reported {
        let text = |v: &Option<Value<'a>>| {
            v.as_ref()
                .map_or(PyValue::None, |v| PyValue::Str(v.text.to_string()))
        };
        let style = texts.style.as_ref().map_or(PyValue::Str("%".into()), |v| {
            PyValue::Str(v.text.to_string())
        });
        let args = PyValue::Tuple(vec![text(&texts.format), text(&texts.datefmt), style]);
        let kwargs = match defaults {
            Some(d) => PyValue::Dict(vec![(PyValue::Str("defaults".into()), d)]),
            None => PyValue::Dict(Vec::new()),
        };
        match handler_class::bind(known, &args, &kwargs, self.opts.version) {
            Err(exc) => {
                let d = Diagnostic::new(
                    &rules::CLASS_NOT_FOUND,
                    span,
                    format!("formatter `{}` uses a class that is not a Formatter", item.name),
                )
                .with_label(exc.to_string())
                .with_help("write `class=logging.Formatter` (or omit `class`) or the dotted path of a Formatter subclass")
                .with_python(exc);
                self.raise(d)
            }
            Ok(_) => {
                // an object logcheck does not model is built: opaque
                let reported = self.uncertain(span);
                self.opaque_formatter(item.name, span, reported)
            }
        }
    }

    /// A formatter CPython builds from code logcheck does not run: not in the
    /// model, but the handlers using it stay, as opaque handlers.
    fn opaque_formatter(&mut self, key: &str, code: Span, reported: Reported) -> Reported {
        self.opaque_formatters.insert(key.to_string(), code);
        self.opaque_code.insert(code);
        reported
    }

    /// `style=`: exactly `%`, `{` or `$` (default `%`).
    fn formatter_style(&mut self, style: Option<&Value<'a>>) -> Result<Style, Reported> {
        let Some(s) = style else {
            return Ok(Style::Percent);
        };
        Style::from_config(&s.text).map_err(|exc| {
            let d = Diagnostic::new(
                &rules::INVALID_STYLE,
                s.span(),
                format!(
                    "unknown formatter style {}",
                    crate::pyrepr::repr_str(&s.text)
                ),
            )
            .with_label("must be exactly %, { or $")
            .with_help("write `style=%`, `style={` or `style=$` (no quotes)")
            .with_python(exc);
            self.raise(d)
        })
    }

    /// `Formatter(fs, dfs, stl, validate=True[, defaults])`.
    fn build_formatter(
        &mut self,
        item: &ListItem<'_>,
        header: Span,
        texts: &FormatterTexts<'a>,
        style: Style,
        defaults: Option<&PyValue>,
    ) -> Result<Formatter, Reported> {
        let non_empty = |v: &'_ Option<Value<'a>>| -> Option<String> {
            v.as_ref()
                .map(|f| f.text.to_string())
                .filter(|t| !t.is_empty())
        };
        let (fmt, datefmt) = (non_empty(&texts.format), non_empty(&texts.datefmt));
        let built = Formatter::new(
            fmt.as_deref(),
            datefmt.as_deref(),
            style,
            defaults,
            self.opts.version,
        );
        built.map_err(|exc| {
            let span = texts.format.as_ref().map(|f| f.span()).unwrap_or(header);
            let d = Diagnostic::new(
                &rules::INVALID_FORMAT,
                span,
                format!("formatter `{}` has an invalid format", item.name),
            )
            .with_label(exc.message.clone())
            .with_help(format_help(style, &exc))
            .with_python(exc);
            self.raise(d)
        })
    }

    /// `_resolve(class_name)`: formatter classes are imported, never evaluated.
    /// `Ok(Some(class))` when `class` names a standard handler (or other
    /// modelled) class instead of a Formatter: the caller binds the arguments.
    fn formatter_class(&mut self, class: &Value<'a>) -> Result<Option<KnownClass>, Reported> {
        match handler_class::resolve_import(&class.text, self.opts.version, self.opts.importable) {
            Resolution::Error(exc) => {
                let help = if class.text == "Formatter" {
                    "formatter classes are imported by dotted path: write `class=logging.Formatter`"
                        .to_string()
                } else {
                    format!(
                        "make sure `{}` is importable where the service runs; if it is, pass `--importable {}`",
                        class.text,
                        class.text.split('.').next().unwrap_or_default()
                    )
                };
                let d = Diagnostic::new(
                    &rules::CLASS_NOT_FOUND,
                    class.span(),
                    format!("formatter class `{}` cannot be imported", class.text),
                )
                .with_label(exc.to_string())
                .with_help(help)
                .with_python(exc);
                Err(self.raise(d))
            }
            Resolution::Class(HandlerClass::Custom { .. }) => {
                let d = Diagnostic::new(
                    &rules::UNCHECKED_CLASS,
                    class.span(),
                    format!("custom formatter class `{}` is not checked", class.text),
                )
                .with_label("assumed importable (--importable)")
                .with_help("logcheck checks the format as logging.Formatter would");
                self.note(d);
                Ok(None)
            }
            Resolution::Class(HandlerClass::NotCallable { type_name, .. }) => {
                let exc = PyException::type_error(format!("'{type_name}' object is not callable"));
                let d = Diagnostic::new(
                    &rules::CLASS_NOT_FOUND,
                    class.span(),
                    format!("formatter class `{}` is not a class", class.text),
                )
                .with_label(exc.to_string())
                .with_help(
                    "write `class=logging.Formatter` or the dotted path of a Formatter subclass",
                )
                .with_python(exc);
                Err(self.raise(d))
            }
            Resolution::Class(HandlerClass::Known(KnownClass::Formatter)) => Ok(None),
            Resolution::Class(HandlerClass::Known(known)) => Ok(Some(known)),
            Resolution::Class(_) => Ok(None),
            Resolution::NotStatic { reason } => {
                // the class is code: the format is still checked as
                // logging.Formatter would check it
                let _ = self.code_execution(class.span(), "class", "formatter", &reason);
                Ok(None)
            }
        }
    }
}

/// How to fix a format that `Formatter(validate=True)` rejects.
fn format_help(style: Style, exc: &PyException) -> String {
    match style {
        Style::Percent if exc.message.starts_with("Invalid format") => {
            "a %-style format needs at least one field such as `%(message)s`; set `style={` or `style=$` for other styles".to_string()
        }
        Style::Percent => "check the %(name)s fields".to_string(),
        Style::Brace => "a {-style format uses fields like `{message}` or `{levelname:<8}`".to_string(),
        Style::Dollar => "a $-style format uses fields like `$message` or `${name}`; write `$$` for a literal `$`".to_string(),
    }
}
