//! Handler lints: arguments that construct fine but fail (or surprise) later:
//! backslash escapes in paths, Windows paths on POSIX, paths climbing out of
//! the working directory, binary file modes, string streams, dictConfig
//! `ext://` strings, and values of the wrong type in a parameter slot.

use super::{EveryDirectoryExists, LintContext, raw_option};
use crate::diagnostic::Diagnostic;
use crate::handler_class::{FileRotation, HandlerSpec, Resolution, StreamTarget};
use crate::ini::{IniDocument, IniOption};
use crate::model::Config;
use crate::pyexpr::Namespace;
use crate::pyvalue::PyValue;
use crate::rules;
use crate::source::Span;

pub(super) fn run(
    doc: &IniDocument,
    config: &Config,
    ctx: &LintContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for key in super::keys_of(doc, "handlers") {
        let section = crate::model::section_name("handler_", key);
        for name in ["args", "kwargs"] {
            if let Some(option) = raw_option(doc, &section, name) {
                string_literals(option, out);
            }
        }
    }
    let mut files: Vec<OpenedFile<'_>> = Vec::new();
    for key in super::keys_of(doc, "handlers") {
        let section = crate::model::section_name("handler_", key);
        let Some(header) = doc.section(&section).map(|s| s.header_span) else {
            continue;
        };
        let args = raw_option(doc, &section, "args");
        let kwargs = raw_option(doc, &section, "kwargs");
        let spec = match config.handler(key) {
            Some(def) => Some(def.spec.clone()),
            // Not built: often only because the log directory is missing in
            // the assumed working directory. Build it again where every
            // directory exists, to check the arguments themselves.
            None => construct_anywhere(doc, &section, ctx),
        };
        if let Some(spec) = spec {
            handler(&spec, header, args, kwargs, out);
            if let HandlerSpec::File { filename, path, .. } = &spec
                && !files.iter().any(|f| f.key == key)
            {
                files.push(OpenedFile {
                    key,
                    at: locate(header, &[args, kwargs], filename),
                    filename: filename.clone(),
                    path: path.clone(),
                });
            }
        }
    }
    shared_files(&files, out);
}

/// A file handler's log file: `baseFilename` is `os.path.abspath(filename)`.
struct OpenedFile<'d> {
    key: &'d str,
    /// The file name in `args`/`kwargs`.
    at: Span,
    filename: String,
    path: String,
}

/// LC625: two file handlers on one file (reported on the later one).
fn shared_files(files: &[OpenedFile<'_>], out: &mut Vec<Diagnostic>) {
    for (i, later) in files.iter().enumerate() {
        let Some(first) = files[..i].iter().find(|f| f.path == later.path) else {
            continue;
        };
        let same_text = first.filename == later.filename;
        out.push(
            Diagnostic::new(
                &rules::SHARED_LOG_FILE,
                later.at,
                format!(
                    "handlers `{}` and `{}` both write {}",
                    first.key,
                    later.key,
                    if same_text {
                        format!("`{}`", later.filename)
                    } else {
                        format!("`{}` (`{}` and `{}`)", later.path, first.filename, later.filename)
                    }
                ),
            )
            .with_label("the same file as another handler")
            .with_secondary(first.at, format!("`{}` opens it here", first.key))
            .with_note("two handlers keep two independent file objects: their lines interleave, and when one rotates the file the other keeps writing to the renamed file")
            .with_help("give each handler its own file, or attach one handler to every logger that should write there"),
        );
    }
}

/// `class(*args, **kwargs)` of a handler section, with the file system out of the way.
fn construct_anywhere(
    doc: &IniDocument,
    section: &str,
    ctx: &LintContext<'_>,
) -> Option<HandlerSpec> {
    let value = |name: &str| match doc.get(section, name, false) {
        Some(Ok(lookup)) => Some(lookup.value.into_owned()),
        Some(Err(_)) => None,
        None => Some(String::new()),
    };
    let class = value("class")?;
    let Resolution::Class(class) = crate::handler_class::resolve(&class, ctx.version, &[]) else {
        return None;
    };
    let ns = Namespace::logging(ctx.version);
    let eval = |text: String, default: &str| {
        let text = if text.is_empty() {
            default.to_string()
        } else {
            text
        };
        crate::pyexpr::evaluate(&text, &ns).ok()
    };
    let args = eval(value("args")?, "()")?;
    let kwargs = eval(value("kwargs")?, "{}")?;
    let fs = EveryDirectoryExists(ctx.cwd.display().to_string());
    crate::handler_class::construct(&class, &args, &kwargs, &fs, ctx.version)
        .result
        .ok()
}

/// The span of `needle` inside the `args`/`kwargs` text (first match), else
/// the whole value, else the section header.
fn locate(header: Span, options: &[Option<&IniOption>], needle: &str) -> Span {
    for option in options.iter().flatten() {
        if !needle.is_empty()
            && let Some(at) = option.value.find(needle)
        {
            return option.span_of(at..at + needle.len());
        }
    }
    options
        .iter()
        .flatten()
        .next()
        .map(|o| o.value_span)
        .unwrap_or(header)
}

fn handler(
    spec: &HandlerSpec,
    header: Span,
    args: Option<&IniOption>,
    kwargs: Option<&IniOption>,
    out: &mut Vec<Diagnostic>,
) {
    let options = [args, kwargs];
    match spec {
        HandlerSpec::File {
            filename,
            mode,
            rotation,
            ..
        } => {
            let at = locate(header, &options, filename);
            file_path(filename, at, out);
            if mode.contains('b') {
                out.push(
                    Diagnostic::new(
                        &rules::BINARY_FILE_MODE,
                        locate(header, &options, mode),
                        format!("mode {} opens the log file in binary mode", crate::pyrepr::repr_str(mode)),
                    )
                    .with_label("logging writes str: every record fails at emit")
                    .with_note("--- Logging error --- TypeError: a bytes-like object is required, not 'str'")
                    .with_help(format!("use mode {}", crate::pyrepr::repr_str(&mode.replace('b', "")))),
                );
            }
            let slots: Vec<(&str, &PyValue)> = match rotation {
                FileRotation::Size {
                    max_bytes,
                    backup_count,
                } => vec![("maxBytes", max_bytes), ("backupCount", backup_count)],
                FileRotation::Time {
                    interval,
                    backup_count,
                    ..
                } => vec![("interval", interval), ("backupCount", backup_count)],
                FileRotation::None => Vec::new(),
            };
            for (param, value) in slots {
                if let PyValue::Str(s) = value {
                    let shown = crate::pyrepr::repr_str(s);
                    out.push(
                        Diagnostic::new(
                            &rules::ARGUMENT_TYPE,
                            locate(header, &options, &shown),
                            format!("{shown} lands in `{param}`, which takes an int"),
                        )
                        .with_label(format!("positional argument bound to `{param}`"))
                        .with_help(format!(
                            "pass it by name in `kwargs` (e.g. kwargs={{'encoding': {shown}}}) or fill the parameters before it"
                        ))
                        .with_note("the handler is built, but rotating the file fails with TypeError"),
                    );
                }
            }
        }
        HandlerSpec::Stream {
            target: StreamTarget::Other { type_name, repr },
        } => {
            let at = locate(header, &options, repr);
            if repr.contains("ext://") || repr.contains("cfg://") {
                let stream = repr.trim_matches(['\'', '"']).trim_start_matches("ext://");
                out.push(
                    Diagnostic::new(
                        &rules::DICTCONFIG_IDIOM,
                        at,
                        format!("{repr} is a string here: fileConfig has no `ext://` references"),
                    )
                    .with_label("the stream is this str: every record fails at emit")
                    .with_help(format!("pass the object itself: args=({stream},)")),
                );
            } else {
                out.push(
                    Diagnostic::new(
                        &rules::STREAM_NOT_WRITABLE,
                        at,
                        format!("the stream is a {type_name} ({repr}), not a file object"),
                    )
                    .with_label("every record fails at emit")
                    .with_note(format!(
                        "--- Logging error --- AttributeError: '{type_name}' object has no attribute 'write'"
                    ))
                    .with_help("pass sys.stdout or sys.stderr, or use FileHandler for a file name"),
                );
            }
        }
        _ => {}
    }
}

fn file_path(filename: &str, at: Span, out: &mut Vec<Diagnostic>) {
    let bytes = filename.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    let has_control = filename.chars().any(|c| c.is_control());
    if (drive || filename.contains('\\')) && !has_control && cfg!(unix) {
        let what = if drive {
            format!(
                "on POSIX `{}` is a directory named `{}` in the working directory",
                filename,
                &filename[..2]
            )
        } else {
            format!("on POSIX `{filename}` is one file name containing backslashes")
        };
        out.push(
            Diagnostic::new(&rules::WINDOWS_PATH, at, format!("a Windows path: {what}"))
                .with_label("Windows path")
                .with_help("use forward slashes and a path that exists where the service runs"),
        );
        return;
    }
    if !filename.starts_with('/') && !drive {
        let mut depth: i64 = 0;
        let mut escapes = false;
        for part in filename.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    depth -= 1;
                    escapes |= depth < 0;
                }
                _ => depth += 1,
            }
        }
        if escapes {
            out.push(
                Diagnostic::new(
                    &rules::PATH_ESCAPES_CWD,
                    at,
                    format!("`{filename}` climbs out of the working directory"),
                )
                .with_label("resolved against the working directory, not the config file")
                .with_help("use an absolute path, or one built from a `--define`d base directory"),
            );
        }
    }
}

/// Python escapes that turn a Windows path into control characters.
fn escape_meaning(c: char) -> Option<&'static str> {
    Some(match c {
        't' => "a TAB",
        'n' => "a newline",
        'r' => "a carriage return",
        'a' => "a BEL character",
        'b' => "a backspace",
        'f' => "a form feed",
        'v' => "a vertical tab",
        '0'..='7' => "an octal escape",
        'x' => "a hex escape",
        _ => return None,
    })
}

/// Backslash escapes in non-raw string literals of `args`/`kwargs`.
fn string_literals(option: &IniOption, out: &mut Vec<Diagnostic>) {
    let text = option.value.as_str();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c != '\'' && c != '"' {
            i += 1;
            continue;
        }
        // prefix letters right before the quote
        let prefix: String = text[..start]
            .chars()
            .rev()
            .take_while(|p| p.is_ascii_alphabetic())
            .collect();
        let raw = prefix.contains(['r', 'R']);
        let triple = text[start..].starts_with(&c.to_string().repeat(3));
        let quote_len = if triple { 3 } else { 1 };
        let closing = c.to_string().repeat(quote_len);
        let mut j = i + quote_len;
        let mut escapes = Vec::new();
        while j < chars.len() {
            let (at, ch) = chars[j];
            if ch == '\\' {
                if let Some(&(_, next)) = chars.get(j + 1)
                    && let Some(meaning) = escape_meaning(next)
                {
                    escapes.push((at, next, meaning));
                }
                j += 2;
                continue;
            }
            if text[at..].starts_with(&closing) {
                break;
            }
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |&(at, _)| at + quote_len);
        if !raw && let Some(&(at, next, meaning)) = escapes.first() {
            let literal = &text[start..end.min(text.len())];
            out.push(
                Diagnostic::new(
                    &rules::BACKSLASH_ESCAPE,
                    option.span_of(at..at + 2),
                    format!("`\\{next}` in {literal} is {meaning}, not a backslash and `{next}`"),
                )
                .with_label(format!("Python reads this as {meaning}"))
                .with_help(format!(
                    "use forward slashes, double the backslashes, or a raw string: r{literal}"
                )),
            );
        }
        i = j + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(value: &str) -> IniOption {
        let doc = crate::ini::read(
            &format!("[s]\nargs={value}\n"),
            "t",
            &crate::ini::ReadOptions::default(),
        );
        doc.sections[0].options[0].clone()
    }

    #[test]
    fn escapes_in_plain_strings_only() {
        let mut out = Vec::new();
        string_literals(&option(r"('logs\table.log', r'c:\temp', 'a\\b')"), &mut out);
        assert_eq!(out.len(), 1);
        assert!(out[0].message.contains("TAB"), "{}", out[0].message);
        out.clear();
        string_literals(&option(r"('..\logs\excalibur.log',)"), &mut out);
        assert!(out.is_empty());
    }
}
