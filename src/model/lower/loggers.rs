//! `_install_loggers`: the root logger, then every other `[logger_X]`
//! section in `[loggers] keys` order.

use super::levels::{python_int, with_value_fix};
use crate::fix::{Applicability, Edit, Fix};
use super::reported::Reported;
use super::value::{ListItem, Value};
use super::{Lowerer, Owner};
use crate::diagnostic::{Diagnostic, PyException};
use crate::ini::IniSection;
use crate::model::{LoggerDef, RootDef};
use crate::rules;
use crate::source::{Span, Spanned};
use compact_str::CompactString;

/// `propagate` as `getint` read it, and whether the option was given.
struct Propagate {
    value: Spanned<i64>,
    given: bool,
}

impl<'a> Lowerer<'a> {
    /// `llist = cp["loggers"]["keys"].split(","); llist.remove("root")`,
    /// then root, then the others in order.
    pub(super) fn loggers(&mut self) {
        let Ok(keys) = self.keys_of("loggers") else {
            return;
        };
        let keys_span = keys.span();
        let mut items = keys.split_list();
        match items.iter().position(|i| i.name == "root") {
            Some(pos) => {
                items.remove(pos);
            }
            None => {
                let _ = self.root_not_listed(&items, keys_span);
                return;
            }
        }
        self.root();
        self.out.config.loggers.reserve(items.len());
        for item in items {
            let _ = self.logger(&item);
        }
    }

    /// `llist.remove("root")` raises: ValueError.
    fn root_not_listed(&mut self, items: &[ListItem<'_>], keys_span: Span) -> Reported {
        let close = items.iter().find(|i| {
            i.name.eq_ignore_ascii_case("root") || i.name.split_whitespace().any(|w| w == "root")
        });
        let help = match close {
            Some(i) if i.name.contains(char::is_whitespace) => format!(
                "`{}` is one name: separate names with commas, e.g. `keys=root,…`",
                i.name
            ),
            Some(i) => format!(
                "write `root` exactly (not `{}`): names are case-sensitive",
                i.name
            ),
            None => "add `root` to `keys` (e.g. `keys=root` or `keys=root,app`)".to_string(),
        };
        // `Root` → `root` only removes the failure; adding `root` configures
        // the root logger from [logger_root], which may change the output
        let fix = match close {
            Some(i) if !i.name.contains(char::is_whitespace) => {
                Some(Fix::safe("Write `root`", vec![Edit::replace(i.span, "root")]))
            }
            Some(_) => None,
            None => Some(Fix::unsafe_edit(
                "Add `root` to `keys`",
                vec![Edit::insert(keys_span.start, if items.iter().all(|i| i.name.is_empty()) { "root" } else { "root," })],
            )),
        };
        let d = Diagnostic::new(
            &rules::ROOT_NOT_LISTED,
            close.map(|i| i.span).unwrap_or(keys_span),
            "`root` is not listed in [loggers] keys".to_string(),
        )
        .with_label("fileConfig removes `root` from this list")
        .with_help(help)
        .with_python(PyException::value_error("list.remove(x): x not in list"));
        self.raise(match fix {
            Some(fix) => d.with_fix(fix),
            None => d,
        })
    }

    /// `hlist = section["handlers"]`, each name looked up in the handlers
    /// built (`handlers[hand]`), duplicates dropped as `addHandler` does.
    fn handler_refs(
        &mut self,
        section: &'a IniSection,
        owner: Owner<'_>,
    ) -> Result<Vec<Spanned<CompactString>>, Reported> {
        let Some(value) = self.get_in(section, "handlers", false)? else {
            let d = Diagnostic::new(
                &rules::MISSING_OPTION,
                section.header_span,
                format!("{owner} has no `handlers` option"),
            )
            .with_label("`handlers` is required here")
            .with_help("add `handlers=` (it may be empty, then records propagate to the parent's handlers)")
            .with_python(PyException::key_error("handlers"));
            return Err(self.raise(d));
        };
        if value.text.is_empty() {
            return Ok(Vec::new());
        }
        let first = value.list_items().next().map(|i| i.name).unwrap_or("");
        if value.option.origin == crate::ini::Origin::Define && !self.built_handlers.contains(first) {
            return Err(self.handlers_from_defaults(&value, section, owner));
        }
        let count = value.text.bytes().filter(|&b| b == b',').count() + 1;
        let mut refs: Vec<Spanned<CompactString>> = Vec::with_capacity(count);
        let mut failed = None;
        for item in value.list_items() {
            if self.built_handlers.contains(item.name) {
                if !refs.iter().any(|r| r.value == item.name) {
                    refs.push(Spanned::new(CompactString::from(item.name), item.span));
                }
                continue;
            }
            let reported = match self.failed_handlers.get(item.name) {
                Some(reported) => *reported,
                None => self.undefined_handler(&item, owner),
            };
            failed = failed.or(Some(reported));
        }
        failed.map_or(Ok(refs), Err)
    }

    /// The section has no `handlers` and the host's (or `--define`'s)
    /// `defaults=` give one: fileConfig looks up its first name and raises
    /// there. Reported once, at the section.
    fn handlers_from_defaults(
        &mut self,
        value: &Value<'_>,
        section: &IniSection,
        owner: Owner<'_>,
    ) -> Reported {
        let first = value.list_items().next().map(|i| i.name).unwrap_or("");
        let d = Diagnostic::new(
            &rules::UNDEFINED_HANDLER,
            section.header_span,
            format!("{owner} has no `handlers`, and the `handlers` of fileConfig's defaults= names no handler"),
        )
        .with_label("no `handlers=` here")
        .with_help("add `handlers=` to this section (it may be empty)")
        .with_note(format!(
            "{} passes `handlers` in defaults=; its text is {}",
            self.opts.host.call(),
            crate::pyrepr::repr_str(&value.text)
        ))
        .with_python(PyException::key_error(first));
        self.raise(d)
    }

    /// `handlers[hand]` raises KeyError: the name was never listed.
    fn undefined_handler(&mut self, item: &ListItem<'_>, owner: Owner<'_>) -> Reported {
        let mut d = if item.name.is_empty() {
            let d = Diagnostic::new(
                &rules::EMPTY_LIST_ITEM,
                item.span,
                "empty handler name".to_string(),
            )
            .with_label("a trailing or doubled comma makes an empty name")
            .with_help("remove the extra comma");
            self.remove_empty_item_fix(d, item.span)
        } else {
            let d = Diagnostic::new(
                &rules::UNDEFINED_HANDLER,
                item.span,
                format!("{owner} uses handler `{}`, which is not defined", item.name),
            )
            .with_label("not in [handlers] keys")
            .with_help(self.handler_help(item.name));
            if let Some(fix) = self.inline_comment_in_item(item) {
                return self.raise(
                    d.with_help("fileConfig files have no inline comments: the comment is part of the handler name. Move it to its own line")
                        .with_fix(fix)
                        .with_python(PyException::key_error(item.name)),
                );
            }
            match self.close_handler(item.name) {
                Some(close) => d.with_fix(Fix::unsafe_edit(
                    format!("Use handler `{close}`"),
                    vec![Edit::replace(item.span, close)],
                )),
                // the logger then has one handler fewer: its records may go elsewhere
                None => match super::fixes::remove_item(self.opts.text, item.span) {
                    Some(edit)
                        if self.opts.text.get(item.span.start..item.span.end) == Some(item.name)
                            && self.doc.section("handlers").is_some()
                            && self.failed_handlers.is_empty() =>
                    {
                        d.with_fix(Fix::unsafe_edit(format!("Remove `{}` from the list", item.name), vec![edit]))
                    }
                    _ => d,
                },
            }
        };
        if let Some(span) = self.handler_keys_span {
            d = d.with_secondary(span, "handlers declared here");
        }
        self.raise(d.with_python(PyException::key_error(item.name)))
    }

    /// `section = cp["logger_root"]`, its level and handlers.
    fn root(&mut self) {
        let Some(section) = self.doc.section("logger_root") else {
            let d = Diagnostic::new(
                &rules::MISSING_ENTITY_SECTION,
                Span::point(0),
                "section [logger_root] is missing".to_string(),
            )
            .with_help("add [logger_root] with `handlers=` (and optionally `level=`)")
            .with_python(PyException::key_error("logger_root"));
            let _ = self.raise(d);
            return;
        };
        let mut root = RootDef {
            section: section.header_span,
            ..RootDef::default()
        };
        if let Ok(Some(v)) = self.get_in(section, "level", false)
            && let Ok(level) = self.level_value(&v, Owner::Root)
        {
            root.level = Some(Spanned::new(level, v.span()));
        }
        if let Ok(refs) = self.handler_refs(section, Owner::Root) {
            root.handlers = refs;
        }
        self.out.config.root = root;
    }

    /// One non-root logger: qualname, propagate, level, handlers (each read
    /// and checked even when an earlier one failed).
    fn logger(&mut self, item: &ListItem<'_>) -> Result<(), Reported> {
        // One reused buffer for the section names of thousands of loggers.
        let mut sect = std::mem::take(&mut self.name_buffer);
        sect.clear();
        sect.push_str("logger_");
        sect.push_str(item.name);
        let section = self.doc.section(&sect);
        self.name_buffer = sect;
        let Some(section) = section else {
            return Err(self.missing_entity_section("logger", item, None));
        };
        let owner = Owner::Logger(item.name);
        // qn = section["qualname"]
        let qualname = self.qualname(section, item.name);
        // propagate = section.getint("propagate", fallback=1)
        let propagate = self.propagate(section, owner);
        // if "level" in section: logger.setLevel(section["level"])
        let level = match self.get_in(section, "level", false) {
            Ok(Some(v)) => self
                .level_value(&v, owner)
                .map(|lv| Some(Spanned::new(lv, v.span()))),
            Ok(None) => Ok(None),
            Err(reported) => Err(reported),
        };
        // hlist = section["handlers"]
        let handlers = self.handler_refs(section, owner);
        let (qualname, propagate) = (qualname?, propagate?);
        let (level, handlers) = (level?, handlers?);
        let targets_root = qualname.value.is_empty() || qualname.value == "root";
        self.out.config.loggers.push(LoggerDef {
            key: Spanned::new(CompactString::from(item.name), item.span),
            section: section.header_span,
            qualname,
            targets_root,
            level,
            propagate: propagate.value,
            propagate_given: propagate.given,
            handlers,
            filters: Vec::new(),
        });
        Ok(())
    }

    /// `section["qualname"]`: a KeyError when absent.
    fn qualname(
        &mut self,
        section: &'a IniSection,
        key: &str,
    ) -> Result<Spanned<CompactString>, Reported> {
        match self.get_in(section, "qualname", false)? {
            Some(v) => Ok(Spanned::new(CompactString::from(v.text.as_ref()), v.span())),
            None => {
                let d = Diagnostic::new(
                    &rules::MISSING_OPTION,
                    section.header_span,
                    format!("{} has no `qualname`", Owner::Logger(key)),
                )
                .with_label("`qualname` is required here")
                .with_help(format!(
                    "add `qualname={key}`: code calls getLogger(qualname), the section key only links [loggers] to this section"
                ))
                .with_python(PyException::key_error("qualname"));
                Err(self.raise(d))
            }
        }
    }

    /// `section.getint("propagate", fallback=1)`.
    fn propagate(
        &mut self,
        section: &'a IniSection,
        owner: Owner<'_>,
    ) -> Result<Propagate, Reported> {
        let Some(v) = self.get_in(section, "propagate", false)? else {
            return Ok(Propagate {
                value: Spanned::new(1, section.header_span),
                given: false,
            });
        };
        if let Some(n) = python_int(&v.text) {
            return Ok(Propagate {
                value: Spanned::new(n, v.span()),
                given: true,
            });
        }
        let exc = PyException::value_error(format!(
            "invalid literal for int() with base 10: {}",
            crate::pyrepr::repr_str(&v.text)
        ));
        let d = Diagnostic::new(
            &rules::INVALID_PROPAGATE,
            v.span(),
            format!("{owner} has a non-integer `propagate`"),
        )
        .with_label("read with getint()")
        .with_python(exc);
        Err(self.raise(with_value_fix(d, &v, propagate_help(&v.text))))
    }
}

/// The help for a `propagate` that `getint` rejects, and the value that
/// fixes it when the intent is plain: a boolean word, or an integer
/// followed by an inline comment (both safe: the file cannot load).
fn propagate_help(text: &str) -> (String, Option<(Applicability, String)>) {
    let word = text.trim().to_ascii_lowercase();
    let flag = match word.as_str() {
        "true" | "yes" | "on" => Some("1"),
        "false" | "no" | "off" => Some("0"),
        _ => None,
    };
    if let Some(flag) = flag {
        return (
            format!("`propagate` is read with getint(): write `propagate={flag}`"),
            Some((Applicability::Safe, flag.to_string())),
        );
    }
    if let Some((trimmed, comment)) = crate::fix::inline_comment(text)
        && python_int(trimmed).is_some()
    {
        return (
            format!("fileConfig files have no inline comments: the whole text is the value. Write `{trimmed}` and move the comment to its own line"),
            Some((Applicability::Safe, format!("{trimmed}\n{comment}"))),
        );
    }
    ("write `propagate=0` (stop at this logger) or `propagate=1` (also pass records to the parent's handlers)".to_string(), None)
}
