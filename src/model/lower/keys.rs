//! The three `keys` lists (`[formatters]`, `[handlers]`, `[loggers]`) and the
//! `[kind_name]` sections they name: the KeyErrors fileConfig raises when one
//! is missing.

use super::Lowerer;
use super::reported::Reported;
use super::value::{ListItem, Value};
use crate::diagnostic::{Diagnostic, Label, PyException};
use crate::rules;
use crate::source::Span;
use crate::fix::{Edit, Fix};
use crate::suggest::did_you_mean;

impl<'a> Lowerer<'a> {
    /// `cp[name]["keys"]` for the three list sections. `Err` when CPython raises.
    pub(super) fn keys_of(&mut self, section: &str) -> Result<Value<'a>, Reported> {
        let Some(header) = self.section_header(section) else {
            return Err(self.missing_section(section));
        };
        match self.get(section, "keys", false)? {
            Some(v) => Ok(v),
            None => {
                let d = Diagnostic::new(
                    &rules::MISSING_OPTION,
                    header,
                    format!("[{section}] has no `keys` option"),
                )
                .with_label("`keys` is required here")
                .with_help("add `keys=` with a comma-separated list of names (it may be empty)")
                .with_python(PyException::key_error("keys"));
                Err(self.raise(d))
            }
        }
    }

    /// `cp[section]` of a list section that does not exist: KeyError.
    fn missing_section(&mut self, section: &str) -> Reported {
        let d = Diagnostic::new(
            &rules::MISSING_SECTION,
            Span::point(0),
            format!("section [{section}] is missing"),
        )
        .with_help(format!(
            "add a [{section}] section with `keys=` (it may be empty); section names are case-sensitive"
        ))
        .with_python(PyException::key_error(section));
        let d = match self.case_insensitive_section(section) {
            Some((found, span)) => Diagnostic {
                primary: Label::new(span, format!("this is [{found}], not [{section}]")),
                ..d
            }
            .with_help(format!(
                "rename [{found}] to [{section}]: section names are case-sensitive"
            ))
            .with_fix(Fix::safe(format!("Rename [{found}] to [{section}]"), vec![Edit::replace(span, section)])),
            None => match self.misspelt_section(section) {
                // a guess: [formaters] was probably meant, but not surely
                Some((found, span)) => Diagnostic {
                    primary: Label::new(span, format!("this is [{found}], not [{section}]")),
                    ..d
                }
                .with_help(format!("did you mean [{section}]? rename [{found}]"))
                .with_fix(Fix::unsafe_edit(format!("Rename [{found}] to [{section}]"), vec![Edit::replace(span, section)])),
                None => d,
            },
        };
        self.raise(d)
    }

    /// A section whose name is a near miss of `wanted` (`formaters`), and
    /// not a name fileConfig reads itself.
    fn misspelt_section(&self, wanted: &str) -> Option<(String, Span)> {
        let reads = |name: &str| {
            ["loggers", "handlers", "formatters"].contains(&name)
                || ["logger_", "handler_", "formatter_"].iter().any(|p| name.starts_with(p))
        };
        let names = self.doc.sections.iter().map(|s| s.name.as_str()).filter(|n| !reads(n));
        let close = did_you_mean(wanted, names)?;
        let found = self.doc.sections.iter().find(|s| s.name == close)?;
        Some((close.to_string(), found.name_span))
    }

    fn case_insensitive_section(&self, wanted: &str) -> Option<(String, Span)> {
        self.doc
            .sections
            .iter()
            .find(|s| s.name != wanted && s.name.trim().eq_ignore_ascii_case(wanted))
            .map(|s| (s.name.to_string(), s.name_span))
    }

    /// `cp[f"{prefix}_{name}"]` missing: the KeyError fileConfig raises.
    pub(super) fn missing_entity_section(
        &mut self,
        kind: &str,
        item: &ListItem<'_>,
        keys_span: Option<Span>,
    ) -> Reported {
        let sect = format!("{kind}_{}", item.name);
        let mut d = if item.name.is_empty() {
            let d = Diagnostic::new(
                &rules::EMPTY_LIST_ITEM,
                item.span,
                "empty name in the keys list".to_string(),
            )
            .with_label("a trailing or doubled comma makes an empty name")
            .with_help("remove the extra comma");
            self.remove_empty_item_fix(d, item.span)
        } else {
            self.unlisted_section(kind, item, &sect)
        };
        if let Some(span) = keys_span {
            // the item lies inside the keys value: a second label would repeat it
            if !(span.start <= item.span.start && item.span.end <= span.end) {
                d = d.with_secondary(span, "listed here");
            }
        }
        let d = d.with_python(PyException::key_error(&sect));
        self.raise(d)
    }

    /// The finding for a listed name whose section is missing, with the
    /// section of a close spelling when there is one.
    fn unlisted_section(&self, kind: &str, item: &ListItem<'_>, sect: &str) -> Diagnostic {
        let d = Diagnostic::new(
            &rules::MISSING_ENTITY_SECTION,
            item.span,
            format!("`{}` is listed but section [{sect}] is missing", item.name),
        )
        .with_label(format!("no [{sect}] section"));
        let prefix = format!("{kind}_");
        let candidates: Vec<&str> = self
            .doc
            .sections
            .iter()
            .filter_map(|s| s.name.strip_prefix(&prefix))
            .collect();
        match did_you_mean(item.name, candidates.iter().copied()) {
            Some(close) => {
                let header = format!("{kind}_{close}");
                let d = d.with_help(format!(
                    "a section [{header}] exists: rename one of the two so they match exactly"
                ));
                match self.doc.sections.iter().find(|s| s.name == header) {
                    Some(s) => d.with_fix(Fix::unsafe_edit(
                        format!("Rename [{header}] to [{sect}]"),
                        vec![Edit::replace(s.name_span, sect)],
                    )),
                    None => d,
                }
            }
            None => d.with_help(format!(
                "add a [{sect}] section, or remove `{}` from the list",
                item.name
            )),
        }
    }
}
