//! Format and datefmt lints: text that looks like a field but is printed
//! literally, fields no LogRecord has, strftime directives glibc does not know,
//! and values whose quotes or `datefmt=` end up in every line.
//!
//! Each rule is declared next to its lint function; [`run`] calls them per
//! formatter, in the order their findings are reported.

use super::{LintContext, raw_option};
use crate::diagnostic::{Diagnostic, Severity};
use crate::format::Style;
use crate::format::record::record_attribute_names;
use crate::ini::{IniDocument, IniOption};
use crate::model::{Config, FormatterDef};
use crate::rules::{LongDoc, Rule};
use crate::version::PyVersion;

/// Attributes a formatter adds to the record before formatting.
const FORMATTER_ADDED: &[&str] = &["message", "asctime"];

/// Directives glibc's strftime knows (after flags, width and `E`/`O`).
const STRFTIME_DIRECTIVES: &str = "aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%";

/// Every format and datefmt lint, formatter by formatter.
pub(super) fn run(
    doc: &IniDocument,
    config: &Config,
    ctx: &LintContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for def in &config.formatters {
        let section = crate::model::section_name("formatter_", &def.key.value);
        if let Some(option) = raw_option(doc, &section, "format") {
            quoted_value(option, "format", out);
            format_lints(def, option, ctx.version, out);
        }
        if let Some(option) = raw_option(doc, &section, "datefmt") {
            quoted_value(option, "datefmt", out);
            datefmt_lints(def, option, out);
        }
    }
}

/// The lints of a formatter's format text, in any syntax (`option` holds
/// the text and where it is written).
pub(crate) fn format_lints(
    def: &FormatterDef,
    option: &IniOption,
    version: PyVersion,
    out: &mut Vec<Diagnostic>,
) {
    datefmt_in_format(option, out);
    field_missing_percent(def, option, out);
    wrong_style_field(def, option, version, out);
    unknown_record_attribute(def, option, version, out);
}

/// The lints of a formatter's datefmt text, in any syntax.
pub(crate) fn datefmt_lints(def: &FormatterDef, option: &IniOption, out: &mut Vec<Diagnostic>) {
    unsupported_datefmt_directive(option, out);
    // without `asctime` the datefmt is never used
    if def.formatter.uses_time() {
        twelve_hour_clock(option, out);
    }
}

fn is_custom_class(def: &FormatterDef) -> bool {
    def.class.as_ref().is_some_and(|c| {
        let c = c.value.trim();
        !c.is_empty() && c != "logging.Formatter"
    })
}

fn known_attribute(name: &str, version: PyVersion) -> bool {
    FORMATTER_ADDED.contains(&name) || record_attribute_names(version).contains(&name)
}

/// LC620 `datefmt-in-format`: `datefmt=` written inside the format line: it is printed in every line.
pub const DATEFMT_IN_FORMAT: Rule = Rule {
    code: "LC620",
    name: "datefmt-in-format",
    severity: Severity::Warning,
    summary: "`datefmt=` written inside the format line: it is printed in every line.",
    long: Some(LongDoc {
        why: "Each option sits on its own line. `datefmt=` written on the format line is part of the format text and is printed at the end of every line; the date format stays the default.",
        example: "[formatter_f]\nformat=%(asctime)s %(message)s datefmt=%H:%M",
        fix: "Put `datefmt=...` on its own line.",
    }),
};

fn datefmt_in_format(option: &IniOption, out: &mut Vec<Diagnostic>) {
    let text = option.value.as_str();
    if let Some(at) = text.find("datefmt=") {
        out.push(
            Diagnostic::new(
                &DATEFMT_IN_FORMAT,
                option.span_of(at..text.len()),
                "`datefmt=` is part of the format text",
            )
            .with_label("printed literally at the end of every line")
            .with_help("put `datefmt=...` on its own line below `format=`"),
        );
    }
}

/// LC601 `field-missing-percent`: Text like `(asctime)s` in a %-style format: a field that lost its `%` is printed literally.
pub const FIELD_MISSING_PERCENT: Rule = Rule {
    code: "LC601",
    name: "field-missing-percent",
    severity: Severity::Warning,
    summary: "Text like `(asctime)s` in a %-style format: a field that lost its `%` is printed literally.",
    long: Some(LongDoc {
        why: "A %-style field needs its `%`. Without it, `(asctime)s` is plain text and every line starts with the literal `(asctime)s`.",
        example: "[formatter_f]\nformat=(asctime)s %(levelname)s %(message)s",
        fix: "Write `%(asctime)s`.",
    }),
};

fn field_missing_percent(def: &FormatterDef, option: &IniOption, out: &mut Vec<Diagnostic>) {
    if def.style != Style::Percent {
        return;
    }
    let text = option.value.as_str();
    for (range, _name) in missing_percent(text) {
        let literal = &text[range.clone()];
        let at = option.span_of(range.clone());
        out.push(
            Diagnostic::new(
                &FIELD_MISSING_PERCENT,
                at,
                format!("`{literal}` is printed literally: the field lost its `%`"),
            )
            .with_label("missing `%` before `(`")
            .with_help(format!("write `%{literal}`"))
            .with_fix(crate::fix::Fix::unsafe_edit(
                format!("Write `%{literal}`"),
                vec![crate::fix::Edit::insert(at.start, "%")],
            )),
        );
    }
}

/// LC602 `wrong-style-field`: A `{name}` field in a %-style format or a `%(name)s` field in a `{`/`$`-style one: printed literally.
pub const WRONG_STYLE_FIELD: Rule = Rule {
    code: "LC602",
    name: "wrong-style-field",
    severity: Severity::Warning,
    summary: "A `{name}` field in a %-style format or a `%(name)s` field in a `{`/`$`-style one: printed literally.",
    long: Some(LongDoc {
        why: "Each formatter has one style (`style=`, default `%`). Fields of another style are not fields: `{levelname}` in a %-style format is printed as is, and so is `%(levelname)s` in a `{`-style one.",
        example: "[formatter_f]\nformat={asctime} %(message)s",
        fix: "Use the formatter's style for every field, or set `style={` / `style=$` to match the fields.",
    }),
};

fn wrong_style_field(
    def: &FormatterDef,
    option: &IniOption,
    version: PyVersion,
    out: &mut Vec<Diagnostic>,
) {
    let text = option.value.as_str();
    let style = def.style;
    if style == Style::Percent {
        for (range, name) in brace_fields(text) {
            if known_attribute(name, version) {
                out.push(
                    Diagnostic::new(
                        &WRONG_STYLE_FIELD,
                        option.span_of(range),
                        format!("`{{{name}}}` is printed literally in a %-style format"),
                    )
                    .with_label("a `{`-style field")
                    .with_help(format!(
                        "write `%({name})s`, or set `style={{` on this formatter"
                    )),
                );
            }
        }
        return;
    }
    let (styled, style_char) = match style {
        Style::Brace => ("{", "{"),
        _ => ("${", "$"),
    };
    for (range, name) in percent_fields(text) {
        out.push(
            Diagnostic::new(
                &WRONG_STYLE_FIELD,
                option.span_of(range.clone()),
                format!(
                    "`{}` is printed literally in a `{style_char}`-style format",
                    &text[range]
                ),
            )
            .with_label("a %-style field")
            .with_help(format!(
                "write `{styled}{name}}}`, or remove `style=` to use %-style"
            )),
        );
    }
}

/// LC603 `unknown-record-attribute`: A format field that is not a LogRecord attribute for the target version: every record fails at emit.
pub const UNKNOWN_RECORD_ATTRIBUTE: Rule = Rule {
    code: "LC603",
    name: "unknown-record-attribute",
    severity: Severity::Warning,
    summary: "A format field that is not a LogRecord attribute for the target version: every record fails at emit.",
    long: Some(LongDoc {
        why: "A field the LogRecord does not have makes `Formatter.format` raise KeyError for every record that lacks it: logging prints `--- Logging error ---` and a traceback to stderr instead of the line. `taskName` exists only from Python 3.12.",
        example: "[formatter_f]\nformat=%(asctime)s %(user_id)s %(message)s",
        fix: "Remove the field, add it to every record (a Filter, or `extra=` on every call), or from 3.12 give the formatter `defaults={'user_id': '-'}`.",
    }),
};

fn unknown_record_attribute(
    def: &FormatterDef,
    option: &IniOption,
    version: PyVersion,
    out: &mut Vec<Diagnostic>,
) {
    if is_custom_class(def) {
        // A custom formatter may add attributes of its own.
        return;
    }
    for field in def.formatter.fields() {
        let base = field
            .name
            .split(['.', '['])
            .next()
            .unwrap_or(field.name.as_str());
        if known_attribute(base, version) {
            continue;
        }
        let span = option.span_of(field.span_in_format.clone());
        let mut d = if base == "taskName" {
            Diagnostic::new(
                &UNKNOWN_RECORD_ATTRIBUTE,
                span,
                format!(
                    "`taskName` is a LogRecord attribute only from Python 3.12 (target: {})",
                    version
                ),
            )
            .with_label("every record fails at emit: --- Logging error --- KeyError")
            .with_help("remove the field, or check with --python-version 3.12 if that is what runs")
        } else {
            Diagnostic::new(
                &UNKNOWN_RECORD_ATTRIBUTE,
                span,
                format!("`{base}` is not a LogRecord attribute"),
            )
            .with_label("records without it fail at emit: --- Logging error --- KeyError")
            .with_help(attribute_help(base, version))
        };
        if version.reads_formatter_defaults() {
            d = d.with_note(format!(
                "from Python 3.12 a formatter `defaults={{'{base}': ...}}` option supplies a fallback"
            ));
        }
        out.push(d);
    }
}

/// The help for a field that is not a record attribute: the attribute it
/// probably meant, or how to supply it.
fn attribute_help(base: &str, version: PyVersion) -> String {
    let known = record_attribute_names(version)
        .iter()
        .chain(FORMATTER_ADDED)
        .copied();
    match crate::suggest::did_you_mean(base, known) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!(
            "only calls that pass extra={{'{base}': ...}} format; use a Filter that sets it on every record, or remove it"
        ),
    }
}

/// `(name)s`-like text not preceded by `%`, with the name.
fn missing_percent(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'('
            && (i == 0 || bytes[i - 1] != b'%')
            && let Some(close) = text[i + 1..].find(')').map(|c| i + 1 + c)
        {
            let name = &text[i + 1..close];
            let is_ident = !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit());
            if is_ident {
                // flags, width, precision, then a conversion character
                let mut j = close + 1;
                while j < bytes.len() && b"-#0 +".contains(&bytes[j]) {
                    j += 1;
                }
                while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b'.') {
                    j += 1;
                }
                if j < bytes.len() && b"diouxXeEfFgGcrsa".contains(&bytes[j]) {
                    found.push((i..j + 1, name));
                    i = j + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    found
}

/// `{name}` fields (identifier names only) in text.
fn brace_fields(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('{').map(|o| from + o) {
        let Some(close) = text[open + 1..].find('}').map(|c| open + 1 + c) else {
            break;
        };
        let inner = &text[open + 1..close];
        let name = inner.split([':', '!']).next().unwrap_or("");
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            found.push((open..close + 1, name));
        }
        from = open + 1;
    }
    found
}

/// `%(name)s`-like fields in text.
fn percent_fields(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("%(").map(|o| from + o) {
        let Some(close) = text[at + 2..].find(')').map(|c| at + 2 + c) else {
            break;
        };
        let name = &text[at + 2..close];
        let bytes = text.as_bytes();
        let mut j = close + 1;
        while j < bytes.len() && (b"-#0 +.".contains(&bytes[j]) || bytes[j].is_ascii_digit()) {
            j += 1;
        }
        if j < bytes.len() && bytes[j].is_ascii_alphabetic() {
            found.push((at..j + 1, name));
        }
        from = close;
    }
    found
}

/// LC619 `quoted-value`: Quotes around a `format` or `datefmt` value: they are printed in every line.
pub const QUOTED_VALUE: Rule = Rule {
    code: "LC619",
    name: "quoted-value",
    severity: Severity::Warning,
    summary: "Quotes around a `format` or `datefmt` value: they are printed in every line.",
    long: Some(LongDoc {
        why: "configparser keeps quotes as part of a value. Quotes around `format` or `datefmt` are printed in every line.",
        example: "[formatter_f]\nformat=\"%(asctime)s %(message)s\"",
        fix: "Remove the quotes.",
    }),
};

/// Quotes around the whole value (or a stray one at either end).
fn quoted_value(option: &IniOption, what: &str, out: &mut Vec<Diagnostic>) {
    let value = option.value.as_str();
    let is_quote = |c: char| c == '\'' || c == '"';
    // a quote at one end only counts when it has no partner in the value
    let unpaired = |c: &char| value.matches(*c).count() % 2 == 1;
    let first = value.chars().next().filter(|c| is_quote(*c));
    let last = value.chars().last().filter(|c| is_quote(*c));
    let first = first.filter(|c| Some(*c) == last || unpaired(c));
    let last = last.filter(|c| Some(*c) == first || unpaired(c));
    let (range, message) = match (first, last) {
        (Some(a), Some(b)) if a == b && value.len() >= 2 => (
            0..value.len(),
            format!("the quotes around this {what} are printed in every line"),
        ),
        (Some(_), _) => (
            0..1,
            format!("this quote is part of the {what}: it is printed in every line"),
        ),
        (None, Some(_)) => (
            value.len() - 1..value.len(),
            format!("this quote is part of the {what}: it is printed in every line"),
        ),
        (None, None) => return,
    };
    // the quotes at both ends: one value, one edit each end
    let ends = (range.len() == value.len()).then(|| {
        let (first, last) = (option.span_of(0..1), option.span_of(value.len() - 1..value.len()));
        crate::fix::Fix::unsafe_edit("Remove the quotes", vec![crate::fix::Edit::delete(first), crate::fix::Edit::delete(last)])
    });
    let d = Diagnostic::new(&QUOTED_VALUE, option.span_of(range), message)
        .with_label("configparser keeps quotes as part of the value")
        .with_help(format!("remove the quotes: {what}= takes the text as it is"));
    out.push(match ends {
        Some(fix) if !value.contains('\n') => d.with_fix(fix),
        _ => d,
    });
}

/// LC604 `unsupported-datefmt-directive`: A datefmt directive that time.strftime does not support (`%f`): printed literally.
pub const UNSUPPORTED_DATEFMT_DIRECTIVE: Rule = Rule {
    code: "LC604",
    name: "unsupported-datefmt-directive",
    severity: Severity::Warning,
    summary: "A datefmt directive that time.strftime does not support (`%f`): printed literally.",
    long: Some(LongDoc {
        why: "`datefmt` goes to `time.strftime`, which has no `%f` (microseconds) and copies unknown directives literally: every timestamp ends in `%f`.",
        example: "[formatter_f]\nformat=%(asctime)s %(message)s\ndatefmt=%Y-%m-%d %H:%M:%S.%f",
        fix: "Drop the directive; for milliseconds write `%(asctime)s.%(msecs)03d` in the format.",
    }),
};

fn unsupported_datefmt_directive(option: &IniOption, out: &mut Vec<Diagnostic>) {
    let text = option.value.as_str();
    for (range, directive) in unsupported_directives(text) {
        let mut d = Diagnostic::new(
            &UNSUPPORTED_DATEFMT_DIRECTIVE,
            option.span_of(range.clone()),
            format!(
                "`{}` is not a time.strftime directive: it is printed literally",
                &text[range]
            ),
        )
        .with_label("copied as is into every timestamp");
        d = d.with_help(if directive == 'f' {
            "time.strftime has no microseconds: remove `%f` here and add `.%(msecs)03d` after `%(asctime)s` in the format".to_string()
        } else {
            format!(
                "use a directive time.strftime supports (`%{}` is not one)",
                directive
            )
        });
        out.push(d);
    }
}

/// LC626 `twelve-hour-clock`: `%I` (12-hour clock) in a datefmt without `%p`: 03:00 and 15:00 print the same.
pub const TWELVE_HOUR_CLOCK: Rule = Rule {
    code: "LC626",
    name: "twelve-hour-clock",
    severity: Severity::Warning,
    summary: "`%I` (12-hour clock) in a datefmt without `%p`: 03:00 and 15:00 print the same.",
    long: Some(LongDoc {
        why: "`%I` is the hour from 01 to 12. Without `%p` (AM/PM) a timestamp of 03:04 may be three in the morning or three in the afternoon, and the lines of one day do not sort.",
        example: "[formatter_f]\nformat=%(asctime)s %(message)s\ndatefmt=%Y-%m-%d %I:%M:%S",
        fix: "Use `%H` (00 to 23), or add `%p`.",
    }),
};

fn twelve_hour_clock(option: &IniOption, out: &mut Vec<Diagnostic>) {
    let text = option.value.as_str();
    if let Some(range) = twelve_hour_without_am_pm(text) {
        out.push(
            Diagnostic::new(
                &TWELVE_HOUR_CLOCK,
                option.span_of(range.clone()),
                format!(
                    "`{}` is the hour on a 12-hour clock, and nothing prints AM or PM",
                    &text[range]
                ),
            )
            .with_label("03:00 and 15:00 both print 03")
            .with_help("use `%H` (24-hour clock), or add `%p` for AM/PM"),
        );
    }
}

/// Unknown directives (glibc copies them literally), with the directive char.
fn unsupported_directives(text: &str) -> Vec<(std::ops::Range<usize>, char)> {
    directives(text)
        .into_iter()
        .filter(|(_, d)| !STRFTIME_DIRECTIVES.contains(*d))
        .collect()
}

/// The first 12-hour directive (`%I`, glibc's `%l`) when no directive prints
/// AM/PM (`%p`, `%P`, `%r`).
fn twelve_hour_without_am_pm(text: &str) -> Option<std::ops::Range<usize>> {
    let found = directives(text);
    if found.iter().any(|(_, d)| matches!(d, 'p' | 'P' | 'r')) {
        return None;
    }
    found
        .into_iter()
        .find(|(_, d)| matches!(d, 'I' | 'l'))
        .map(|(range, _)| range)
}

/// Every strftime directive (`%%` included), with its directive char.
fn directives(text: &str) -> Vec<(std::ops::Range<usize>, char)> {
    let mut found = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c != '%' {
            continue;
        }
        // flags, width, then an E/O modifier
        while let Some(&(_, f)) = chars.peek() {
            if "_-0^#".contains(f) || f.is_ascii_digit() {
                chars.next();
            } else {
                break;
            }
        }
        if let Some(&(_, m)) = chars.peek()
            && (m == 'E' || m == 'O')
        {
            chars.next();
        }
        if let Some((at, d)) = chars.next() {
            found.push((start..at + d.len_utf8(), d));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fields_missing_percent() {
        let found = missing_percent("(asctime)s %(levelname)-8s (name)-10s (x) (y)z");
        let names: Vec<&str> = found.iter().map(|(_, n)| *n).collect();
        assert_eq!(names, vec!["asctime", "name"]);
    }

    #[test]
    fn finds_brace_and_percent_fields() {
        assert_eq!(brace_fields("{a} {b:>5} {\"x\": 1}").len(), 2);
        assert_eq!(percent_fields("%(a)s %(b)-5d %%").len(), 2);
    }

    #[test]
    fn twelve_hour_clock_needs_am_pm() {
        assert_eq!(twelve_hour_without_am_pm("%Y-%m-%d %I:%M:%S"), Some(9..11));
        assert_eq!(twelve_hour_without_am_pm("%I:%M %p"), None);
        assert_eq!(twelve_hour_without_am_pm("%r"), None);
        assert_eq!(twelve_hour_without_am_pm("%%I %H:%M"), None);
        assert_eq!(twelve_hour_without_am_pm("%-l:%M"), Some(0..3));
    }

    #[test]
    fn unsupported_directives_are_those_glibc_copies() {
        let found: Vec<char> = unsupported_directives("%Y-%m-%d %H:%M:%S.%f %-d %Ey %q %%f")
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        assert_eq!(found, vec!['f', 'q']);
    }
}
