//! Rendering reports: rustc-style snippets (annotate-snippets), concise lines,
//! JSON ([`json`]), GitHub annotations and SARIF ([`sarif`]). Pure functions
//! from data to text; the caller writes the text through anstream, which
//! strips colour when the output is not a terminal or NO_COLOR is set.
//!
//! SARIF is typed `serde` structs, not `serde_json::Value` maps; `check
//! --format json` is written by hand with the same bytes: see [`json`] for
//! why and how its bytes stay stable.

pub(super) mod json;
pub(super) mod sarif;

use crate::check::{CheckOptions, FileReport};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::LineIndex;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::fmt::Write as _;

/// The project's home page: SARIF's `informationUri`, and the root of each
/// rule's documentation link.
pub(crate) const REPOSITORY: &str = "https://github.com/logcheck/logcheck";

/// The documentation of rule `code` (`LC202`): its anchor in docs/rules.md,
/// as the README's rule table links it (the language server's
/// `codeDescription`).
pub(crate) fn rule_docs_url(code: &str) -> String {
    format!(
        "{REPOSITORY}/blob/main/docs/rules.md#{}",
        code.to_ascii_lowercase()
    )
}

fn level(sev: Severity) -> Level<'static> {
    match sev {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// The verdict line: what CPython does with the file.
fn verdict(report: &FileReport, opts: &CheckOptions) -> String {
    let mut line = verdict_text(report, opts);
    if depends_on_cwd(report) {
        line.push_str(&format!(
            " (working directory assumed: {})",
            opts.cwd.display()
        ));
    }
    line
}

fn depends_on_cwd(report: &FileReport) -> bool {
    report
        .diagnostics
        .iter()
        .any(|d| d.code == crate::rules::LOG_FILE_UNOPENABLE.code)
        || report.config.as_ref().is_some_and(|c| {
            c.handlers
                .iter()
                .any(|h| matches!(h.spec, crate::handler_class::HandlerSpec::File { .. }))
        })
}

fn verdict_text(report: &FileReport, opts: &CheckOptions) -> String {
    let (path, v) = (&report.path, opts.version);
    if report.python_error.is_none()
        && !report.io_error
        && report.config.is_none()
        && report.host.needs_loggers_section()
    {
        return format!(
            "{path}: {} calls logging.basicConfig() instead of fileConfig (no [loggers] section)",
            report.host
        );
    }
    // a bare fileConfig names no host; any other host is named first (it
    // may raise before fileConfig runs)
    let raises = |exc: &crate::diagnostic::PyException| match report.host {
        crate::host::Host::Plain => format!("CPython {v} {} raises", report.raised_by(exc)),
        host => format!("under {host} and CPython {v}, loading raises"),
    };
    // dictConfig's `raise ValueError(...) from e`
    let cause = match &report.python_cause {
        Some(c) => format!(", caused by {c}"),
        None => String::new(),
    };
    let loads = match report.host {
        crate::host::Host::Plain => format!("loads under CPython {v}"),
        host => format!("loads under {host} and CPython {v}"),
    };
    match &report.python_error {
        Some(exc) if report.verdict_uncertain => format!(
            "{path}: {} {exc}{cause}, provided the code logcheck did not evaluate before it succeeds",
            raises(exc)
        ),
        Some(exc) => format!("{path}: {} {exc}{cause}", raises(exc)),
        None if report.io_error => format!("{path}: not checked"),
        None if report.verdict_uncertain => {
            format!("{path}: {loads}, provided the code logcheck did not evaluate succeeds")
        }
        None => format!("{path}: {loads}"),
    }
}

/// `full` (snippets) or `concise` (one line each) human output; `renderer`
/// draws the snippets (styled only for a stream that shows colours:
/// escape codes that are stripped again cost more than the snippets).
pub fn full(
    reports: &[FileReport],
    opts: &CheckOptions,
    concise: bool,
    renderer: &Renderer,
) -> String {
    let mut out = String::new();
    let (mut errors, mut warnings) = (0, 0);
    for report in reports {
        // Concise output needs line numbers, snippets the `\n` positions
        // (found once per file, not once per diagnostic).
        let index = concise.then(|| LineIndex::new(&report.text));
        let newlines = if concise || report.diagnostics.is_empty() {
            Newlines::default()
        } else {
            Newlines::new(&report.text)
        };
        for d in &report.diagnostics {
            if let Some(index) = &index {
                let (line, col) = index.line_col(&report.text, d.primary.span.start);
                let _ = writeln!(
                    out,
                    "{}:{line}:{col}: {}[{}] {}{}",
                    report.path,
                    d.severity.as_str(),
                    d.code,
                    fixable_mark(d),
                    d.message
                );
            } else {
                out.push_str(&renderer.render(&snippet(report, &newlines, d)));
                out.push_str("\n\n");
            }
        }
        errors += report.error_count();
        warnings += report.warning_count();
        if !concise || reports.len() > 1 || report.python_error.is_some() {
            let _ = writeln!(out, "{}", verdict(report, opts));
        }
    }
    if !concise && reports.iter().map(|r| r.diagnostics.len()).sum::<usize>() > 0 {
        let _ = writeln!(
            out,
            "{} error{}, {} warning{} in {} file{}",
            errors,
            plural(errors),
            warnings,
            plural(warnings),
            reports.len(),
            plural(reports.len())
        );
        out.push_str(&fixable_hint(reports));
    }
    out
}

/// `[*] N fixable with `--fix`` (and the unsafe ones `--unsafe-fixes` adds),
/// or nothing when no finding has a fix.
fn fixable_hint(reports: &[FileReport]) -> String {
    use crate::fix::Applicability;
    let count = |a: Applicability| -> usize {
        let all = reports.iter().flat_map(|r| &r.diagnostics);
        all.filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == a))
            .count()
    };
    let (safe, unsafe_) = (count(Applicability::Safe), count(Applicability::Unsafe));
    match (safe, unsafe_) {
        (0, 0) => String::new(),
        (0, u) => format!(
            "{u} fixable with `--fix --unsafe-fixes` (review them first with `--diff --unsafe-fixes`)\n"
        ),
        (s, 0) => format!("[*] {s} fixable with `--fix`\n"),
        (s, u) => format!("[*] {s} fixable with `--fix` ({u} more with `--unsafe-fixes`)\n"),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn snippet<'a>(report: &'a FileReport, newlines: &Newlines, d: &'a Diagnostic) -> Vec<Group<'a>> {
    snippet_in(report, d, |text, spans| {
        Excerpt::split(text, newlines, spans)
    })
}

/// Where the text's `\n`s are (the line breaks annotate-snippets cuts at), so
/// that each snippet finds its line numbers by a binary search instead of
/// counting from the top of the file: a file with thousands of loggers can
/// have a diagnostic for each.
#[derive(Default)]
struct Newlines(Vec<usize>);

impl Newlines {
    fn new(text: &str) -> Self {
        Newlines(crate::scan::positions(b'\n', text.as_bytes()).collect())
    }

    /// The 1-based line of byte offset `at` (lines cut at `\n` only).
    fn line_of(&self, at: usize) -> usize {
        1 + self.0.partition_point(|&newline| newline < at)
    }
}

/// Builds the snippet; `excerpts` cuts the source into the parts drawn,
/// given the (clamped) label spans in order, primary first.
/// `[*] ` before the message of a finding `--fix` fixes (ruff's mark).
fn fixable_mark(d: &Diagnostic) -> &'static str {
    match &d.fix {
        Some(fix) if fix.applicability == crate::fix::Applicability::Safe => "[*] ",
        _ => "",
    }
}

fn snippet_in<'a>(
    report: &'a FileReport,
    d: &'a Diagnostic,
    excerpts: impl FnOnce(&'a str, &[std::ops::Range<usize>]) -> Vec<Excerpt<'a>>,
) -> Vec<Group<'a>> {
    let mut title = Group::with_title(
        level(d.severity)
            .primary_title(match fixable_mark(d) {
                "" => std::borrow::Cow::Borrowed(d.message.as_str()),
                mark => std::borrow::Cow::Owned(format!("{mark}{}", d.message)),
            })
            .id(d.code),
    );
    let text = report.text.as_str();
    let clamp = |r: std::ops::Range<usize>| {
        let s = r.start.min(text.len());
        let e = r.end.clamp(s, text.len());
        s..e
    };
    if !text.is_empty() {
        let labels: Vec<&crate::diagnostic::Label> =
            std::iter::once(&d.primary).chain(&d.secondary).collect();
        let spans: Vec<std::ops::Range<usize>> = labels
            .iter()
            .map(|label| clamp(label.span.start..label.span.end))
            .collect();
        for excerpt in excerpts(text, &spans) {
            let mut snip = Snippet::source(excerpt.text)
                .line_start(excerpt.first_line)
                .path(report.path.as_str())
                .fold(true);
            for &i in &excerpt.labels {
                let kind = if i == 0 {
                    AnnotationKind::Primary
                } else {
                    AnnotationKind::Context
                };
                let span = spans[i].start - excerpt.offset..spans[i].end - excerpt.offset;
                snip = snip.annotation(kind.span(span).label(non_empty(&labels[i].message)));
            }
            title = title.element(snip);
        }
    } else {
        title = title.element(annotate_snippets::Origin::path(report.path.as_str()));
    }
    if let Some(help) = &d.help {
        title = title.element(Level::HELP.message(help.as_ref()));
    }
    for note in &d.notes {
        title = title.element(Level::NOTE.message(note.as_str()));
    }
    if let Some(exc) = &d.python {
        let call = match report.raised_by(exc) {
            call @ ("fileConfig" | "dictConfig") => format!("logging.config.{call}"),
            call => call.to_string(),
        };
        title = title.element(Level::NOTE.message(format!("{call} raises {exc}")));
    }
    vec![title]
}

/// Labels more than this many lines apart are drawn in separate excerpts,
/// the later ones under a `::: path:line:col` header. annotate-snippets maps
/// every line of the text it is given, for every diagnostic, and `fold` only
/// hides the unlabelled lines afterwards: one excerpt spanning 30,000 lines
/// cost more than checking the whole file.
const FAR_APART_LINES: usize = 200;

/// Whole lines of the source that one snippet draws, with the labels on them.
/// Lines are cut at `\n` as annotate-snippets cuts them, so line numbers and
/// the rendering are those of the whole file (tested below).
struct Excerpt<'a> {
    text: &'a str,
    /// Byte offset of `text` in the source.
    offset: usize,
    /// 1-based line number of the excerpt's first line.
    first_line: usize,
    /// Indices of the labels drawn here (0 is the primary label).
    labels: Vec<usize>,
}

impl<'a> Excerpt<'a> {
    /// Groups the labels into excerpts of nearby lines; the excerpt with the
    /// primary label comes first (annotate-snippets puts `-->` on the first),
    /// the others follow in line order.
    fn split(
        source: &'a str,
        newlines: &Newlines,
        spans: &[std::ops::Range<usize>],
    ) -> Vec<Excerpt<'a>> {
        let bytes = source.as_bytes();
        let mut order: Vec<usize> = (0..spans.len()).collect();
        order.sort_by_key(|&i| (spans[i].start, i));
        let mut groups: Vec<(Vec<usize>, usize, usize)> = Vec::new(); // labels, first line, last line
        for &i in &order {
            let first = newlines.line_of(spans[i].start);
            let last = newlines.line_of(spans[i].end);
            match groups.last_mut() {
                Some((labels, _, group_last)) if first <= *group_last + FAR_APART_LINES => {
                    labels.push(i);
                    *group_last = (*group_last).max(last);
                }
                _ => groups.push((vec![i], first, last)),
            }
        }
        let mut excerpts: Vec<Excerpt<'a>> = groups
            .into_iter()
            .map(|(labels, first_line, _)| {
                let lowest = labels.iter().map(|&i| spans[i].start).min().unwrap_or(0);
                let highest = labels.iter().map(|&i| spans[i].end).max().unwrap_or(0);
                let start = crate::scan::rfind(b'\n', &bytes[..lowest]).map_or(0, |i| i + 1);
                // Through the line holding `highest` and one more: a span
                // that ends on a line break is drawn against the next line.
                let end = line_ends_after(bytes, highest, 2);
                Excerpt {
                    text: &source[start..end],
                    offset: start,
                    first_line,
                    labels,
                }
            })
            .collect();
        if let Some(primary) = excerpts.iter().position(|e| e.labels.contains(&0)) {
            excerpts[..=primary].rotate_right(1);
        }
        excerpts
    }
}

/// The offset just past the `count`-th line break at or after `at`, or the
/// end of the text.
fn line_ends_after(bytes: &[u8], at: usize, count: usize) -> usize {
    let mut end = at;
    for _ in 0..count {
        match crate::scan::find(b'\n', &bytes[end..]) {
            Some(i) => end += i + 1,
            None => return bytes.len(),
        }
    }
    end
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// Line and column of the primary span's start and end (1-based, columns in
/// characters), as [`LineIndex::line_col`] gives them.
fn position(
    report: &FileReport,
    index: &LineIndex,
    d: &Diagnostic,
) -> (usize, usize, usize, usize) {
    position_near(report, index, d, &mut 0)
}

/// [`position`], looking the start up from the line of `hint` first (see
/// [`LineIndex::line_col_near`]).
fn position_near(
    report: &FileReport,
    index: &LineIndex,
    d: &Diagnostic,
    hint: &mut usize,
) -> (usize, usize, usize, usize) {
    let text = report.text.as_str();
    let span = d.primary.span;
    let (line, column) = index.line_col_near(text, span.start, hint);
    // Most spans end on the line they start on: count the characters in
    // between instead of searching the line table a second time.
    let start = span.start.min(text.len());
    let end = span.end.min(text.len());
    match text.get(start..end) {
        Some(between) if !between.bytes().any(|b| b == b'\n' || b == b'\r') => {
            (line, column, line, column + between.chars().count())
        }
        _ => {
            let (end_line, end_column) = index.line_col(text, span.end);
            (line, column, end_line, end_column)
        }
    }
}

/// GitHub Actions workflow commands (`::error file=…,line=…::message`).
pub fn github(reports: &[FileReport]) -> String {
    fn escape_data(s: &str) -> String {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn escape_prop(s: &str) -> String {
        escape_data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut out = String::new();
    for report in reports {
        let index = LineIndex::new(&report.text);
        for d in &report.diagnostics {
            let (line, column, end_line, end_column) = position(report, &index, d);
            let kind = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let _ = writeln!(
                out,
                "::{kind} file={},line={line},col={column},endLine={end_line},endColumn={end_column},title={}::{}",
                escape_prop(&report.path),
                escape_prop(&format!("{} ({})", d.code, d.name)),
                escape_data(&message)
            );
        }
    }
    out
}

/// Writes `value` as pretty-printed JSON (two-space indent, as the schemas
/// show) with a final newline.
fn write_pretty_json(
    value: &impl serde::Serialize,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, Pretty::default());
    value.serialize(&mut serializer)?;
    out.write_all(b"\n")
}

/// `,` then a line break and 64 spaces: separators and indents are slices of it.
const BREAK: &[u8; 66] = b",\n                                                                ";

/// serde_json's `PrettyFormatter` with a two-space indent, byte for byte, but
/// writing a separator, line break and indent as one slice: the stock one
/// makes a write per indent level, which for a report of thousands of
/// findings cost more than the findings' text.
#[derive(Default)]
struct Pretty {
    level: usize,
    has_value: bool,
}

impl Pretty {
    /// `,` if not `first`, then a line break and the current indent.
    fn line_break(
        &self,
        out: &mut (impl std::io::Write + ?Sized),
        first: bool,
    ) -> std::io::Result<()> {
        let from = usize::from(first);
        let to = 2 + 2 * self.level;
        match BREAK.get(from..to) {
            Some(slice) => out.write_all(slice),
            // deeper than any report nests
            None => {
                out.write_all(&BREAK[from..2])?;
                (0..self.level).try_for_each(|_| out.write_all(b"  "))
            }
        }
    }

    fn begin(
        &mut self,
        out: &mut (impl std::io::Write + ?Sized),
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn end(
        &mut self,
        out: &mut (impl std::io::Write + ?Sized),
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line_break(out, true)?;
        }
        out.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.begin(out, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.end(out, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line_break(out, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _out: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.begin(out, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.end(out, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line_break(out, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
    ) -> std::io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        _out: &mut W,
    ) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// `dump` as a readable listing.
pub fn dump_text(doc: &crate::ini::IniDocument, decoded: &crate::ini::Decoded) -> String {
    let mut out = String::new();
    let index = LineIndex::new(&decoded.text);
    if let Some(err) = &decoded.error {
        let _ = writeln!(out, "error: {}", err.exception);
    }
    if let Some(err) = &doc.error {
        let _ = writeln!(out, "error: {}", err.exception);
    }
    let show = |out: &mut String,
                name: &str,
                raw: &str,
                interp: Option<Result<std::borrow::Cow<'_, str>, String>>,
                line: usize| {
        let _ = write!(out, "  {name} = {}", crate::pyrepr::repr_str(raw));
        match interp {
            Some(Ok(v)) if v != raw => {
                let _ = write!(out, "  → {}", crate::pyrepr::repr_str(&v));
            }
            Some(Err(e)) => {
                let _ = write!(out, "  → error: {e}");
            }
            _ => {}
        }
        let _ = writeln!(out, "    (line {line})");
    };
    if !doc.defaults.is_empty() {
        let _ = writeln!(out, "[DEFAULT]");
        for opt in &doc.defaults {
            let line = index.line(opt.name_span.start);
            let interp = doc
                .get("DEFAULT", &opt.name, false)
                .map(|r| r.map(|l| l.value).map_err(|e| e.to_string()));
            show(&mut out, &opt.name, &opt.value, interp, line);
        }
        out.push('\n');
    }
    for section in &doc.sections {
        let _ = writeln!(
            out,
            "[{}]    (line {})",
            section.name,
            index.line(section.header_span.start)
        );
        for opt in &section.options {
            let interp = doc
                .get(&section.name, &opt.name, false)
                .map(|r| r.map(|l| l.value).map_err(|e| e.to_string()));
            show(
                &mut out,
                &opt.name,
                &opt.value,
                interp,
                index.line(opt.name_span.start),
            );
        }
        for opt in &doc.defaults {
            if section.options.iter().any(|o| o.name == opt.name) {
                continue;
            }
            let interp = doc
                .get(&section.name, &opt.name, false)
                .map(|r| r.map(|l| l.value).map_err(|e| e.to_string()));
            let _ = write!(out, "  (from DEFAULT)");
            show(
                &mut out,
                &opt.name,
                &opt.value,
                interp,
                index.line(opt.name_span.start),
            );
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{CheckOptions, check_bytes};

    /// Every file the repository ships, as written and with its line breaks
    /// rewritten to CRLF and CR, without a final newline and with a BOM.
    pub(super) fn texts() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![root.join("samples"), root.join("tests/fixtures")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    files.push((path.display().to_string(), text));
                }
            }
        }
        let mut variants = Vec::new();
        for (path, text) in files {
            let lf = text.replace("\r\n", "\n");
            variants.push((format!("{path} (crlf)"), lf.replace('\n', "\r\n")));
            variants.push((format!("{path} (cr)"), lf.replace('\n', "\r")));
            variants.push((
                format!("{path} (no final newline)"),
                lf.trim_end().to_string(),
            ));
            variants.push((format!("{path} (bom)"), format!("\u{feff}{text}")));
            // Comment lines between every line put annotations of one
            // diagnostic far apart, and gaps around the window's context size.
            for pad in [1, 5, 6, 7, 12, 13, 14, 30] {
                let filler = "# padding\n".repeat(pad);
                let padded: String = lf
                    .split_inclusive('\n')
                    .flat_map(|l| [l, &filler])
                    .collect();
                variants.push((format!("{path} (padded by {pad})"), padded));
            }
            variants.push((path, text));
        }
        variants
    }

    /// Each excerpt renders as the whole file does with the same labels:
    /// same lines, line numbers, columns and folding.
    #[test]
    fn excerpts_render_as_the_whole_file_does() {
        let renderer = Renderer::plain();
        let opts = CheckOptions::default();
        let (mut compared, mut split) = (0, 0);
        for (path, text) in texts() {
            let report = check_bytes(&path, text.as_bytes(), &opts);
            let newlines = Newlines::new(&report.text);
            for d in &report.diagnostics {
                let excerpted = renderer.render(&snippet(&report, &newlines, d));
                let whole = renderer.render(&snippet_in(&report, d, |text, spans| {
                    let excerpts = Excerpt::split(text, &newlines, spans);
                    if excerpts.len() > 1 {
                        split += 1;
                    }
                    excerpts
                        .into_iter()
                        .map(|e| Excerpt {
                            text,
                            offset: 0,
                            first_line: 1,
                            labels: e.labels,
                        })
                        .collect()
                }));
                assert_eq!(excerpted, whole, "{path}: {}", d.code);
                compared += 1;
            }
        }
        assert!(compared > 5000, "only {compared} diagnostics compared");
        assert!(split > 100, "only {split} diagnostics were split");
    }

    /// `position` agrees with two `line_col` look-ups on every diagnostic of
    /// every shipped file and its line-break variants.
    #[test]
    fn position_is_two_line_col_lookups() {
        let opts = CheckOptions::default();
        for (path, text) in texts() {
            let report = check_bytes(&path, text.as_bytes(), &opts);
            let index = LineIndex::new(&report.text);
            for d in &report.diagnostics {
                let (line, column) = index.line_col(&report.text, d.primary.span.start);
                let (end_line, end_column) = index.line_col(&report.text, d.primary.span.end);
                assert_eq!(
                    position(&report, &index, d),
                    (line, column, end_line, end_column),
                    "{path}: {}",
                    d.code
                );
            }
        }
    }

    /// `Pretty` writes what serde_json's `PrettyFormatter` writes, nesting
    /// deeper than its slice of spaces included.
    #[test]
    fn pretty_matches_serde_json() {
        let mut deep = serde_json::json!([]);
        for i in 0..40 {
            deep = serde_json::json!({"level": i, "empty": {}, "none": [], "inner": [deep, "x\u{7f}\"\n"]});
        }
        for value in [
            serde_json::json!({}),
            serde_json::json!([]),
            serde_json::json!(1),
            deep,
        ] {
            let mut ours = Vec::new();
            write_pretty_json(&value, &mut ours).expect("writes to a Vec");
            let theirs = serde_json::to_string_pretty(&value).expect("serializes") + "\n";
            assert_eq!(String::from_utf8_lossy(&ours), theirs);
        }
    }

    /// Far-apart labels: the primary label's excerpt comes first (`-->`),
    /// the far one follows under `:::` with its own line and column.
    #[test]
    fn far_apart_labels_get_their_own_excerpt() {
        let padding = "# padding\n".repeat(FAR_APART_LINES + 1);
        let text = format!(
            "[loggers]\nkeys=root,app\n[handlers]\nkeys=h\n[formatters]\nkeys=\n\
             [logger_root]\nlevel=INFO\nhandlers=h\n{padding}\
             [logger_app]\nqualname=app\nhandlers=h\n\
             [handler_h]\nclass=StreamHandler\nargs=()\n"
        );
        let report = check_bytes("far.conf", text.as_bytes(), &CheckOptions::default());
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.code == "LC605")
            .expect("handler reached twice");
        let rendered = Renderer::plain().render(&snippet(&report, &Newlines::new(&report.text), d));
        let app_line = 9 + FAR_APART_LINES + 1 + 3;
        let far = rendered.find("::: far.conf:9:10").expect(&rendered);
        let near = rendered
            .find(&format!("--> far.conf:{app_line}:10"))
            .expect(&rendered);
        assert!(near < far, "{rendered}");
        assert!(!rendered.contains("..."), "{rendered}");
    }
}
