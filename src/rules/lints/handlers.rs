//! Handler lints: arguments that construct fine but fail (or surprise) later:
//! backslash escapes in paths, Windows paths on POSIX, paths climbing out of
//! the working directory, binary file modes, encodings a delayed `open()`
//! refuses, the abstract `Handler` class, string streams, dictConfig
//! `ext://` strings, values of the wrong type in a parameter slot (a string
//! in an int slot, a number in a string slot), and two handlers on one file.
//!
//! Each rule is declared next to its lint function; [`run`] calls them in the
//! order their findings are reported.

use super::{EveryDirectoryExists, LintContext, raw_option};
use crate::diagnostic::{Diagnostic, Severity};
use crate::handler_class::{FileRotation, HandlerSpec, KnownClass, Resolution, StreamTarget};
use crate::version::PyVersion;
use crate::dictconfig::{Node, NodeValue};
use crate::ini::{IniDocument, IniOption};
use crate::model::Config;
use crate::pyexpr::Namespace;
use crate::pyvalue::PyValue;
use crate::rules::{DICTCONFIG_IDIOM, LongDoc, Rule};
use crate::source::Span;

/// Every handler lint: escapes in every handler's `args`/`kwargs` first,
/// then each handler's built arguments, then shared files.
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
                backslash_escape(option, out);
            }
        }
    }
    let mut files: Vec<OpenedFile<'_>> = Vec::new();
    for key in super::keys_of(doc, "handlers") {
        let section = crate::model::section_name("handler_", key);
        let Some(header) = doc.section(&section).map(|s| s.header_span) else {
            continue;
        };
        let args = Args::Ini {
            header,
            options: [
                raw_option(doc, &section, "args"),
                raw_option(doc, &section, "kwargs"),
            ],
        };
        let spec = match config.handler(key) {
            Some(def) => Some(std::borrow::Cow::Borrowed(&def.spec)),
            // Not built: often only because the log directory is missing in
            // the assumed working directory. Build it again where every
            // directory exists, to check the arguments themselves.
            None => construct_anywhere(doc, &section, ctx).map(std::borrow::Cow::Owned),
        };
        if let Some(spec) = &spec {
            if matches!(**spec, HandlerSpec::Abstract) {
                let class = raw_option(doc, &section, "class");
                abstract_handler(class.map_or(header, |o| o.value_span), out);
            }
            built_handler(key, spec, &args, (ctx.platform, ctx.version), &mut files, out);
            number_in_string_slot(doc, &section, spec, &args, ctx, out);
        }
    }
    shared_log_file(&files, out);
}

/// The handler lints on a dictConfig document that loads (`document`, its
/// model `config`): escapes in each handler entry's strings, then each
/// handler's built arguments, then shared files. (LC628 is about
/// positional arguments, which dictConfig does not have.)
pub(crate) fn run_dictconfig(
    document: &Node,
    config: &Config,
    text: &str,
    target: (crate::handler_class::Platform, PyVersion),
    out: &mut Vec<Diagnostic>,
) {
    let entries: Vec<(&str, &Node)> = (document.get("handlers").into_iter())
        .flat_map(entry_values)
        .filter_map(|(k, v)| Some((k.as_str()?, v)))
        .collect();
    for (_, entry) in &entries {
        for (key, value) in entry_values(entry) {
            if !matches!(key.as_str(), Some("class" | "()" | "formatter" | "level" | "target")) {
                dict_backslash_escape(value, text, out);
            }
        }
    }
    let mut files: Vec<OpenedFile<'_>> = Vec::new();
    for def in &config.handlers {
        let key = def.key.value.as_str();
        if let Some((key, entry)) = entries.iter().find(|(k, _)| *k == key) {
            if matches!(def.spec, HandlerSpec::Abstract) {
                abstract_handler(entry.get("class").map_or(entry.span, |c| c.span), out);
            }
            built_handler(key, &def.spec, &Args::Dict { entry }, target, &mut files, out);
        }
    }
    shared_log_file(&files, out);
}

/// The lints of one handler's built arguments, for the service's platform
/// and Python version (`target`); a file handler's file joins `files` (for
/// [`shared_log_file`]).
fn built_handler<'d>(
    key: &'d str,
    spec: &HandlerSpec,
    args: &Args<'_>,
    (platform, version): (crate::handler_class::Platform, PyVersion),
    files: &mut Vec<OpenedFile<'d>>,
    out: &mut Vec<Diagnostic>,
) {
    match spec {
        HandlerSpec::File {
            class,
            filename,
            path,
            mode,
            encoding,
            delay,
            rotation,
            ..
        } => {
            let at = args.locate(filename);
            // a Windows service reads `\` and drives as ntpath does: no surprise there
            let windows = platform == crate::handler_class::Platform::Windows;
            if windows || !windows_path(filename, at, out) {
                let separated = if windows { filename.replace('\\', "/") } else { filename.clone() };
                path_escapes_cwd(&separated, at, out);
            }
            binary_file_mode(mode, args, out);
            if let Some(encoding) = encoding.as_deref().filter(|_| *delay && !mode.contains('b')) {
                delayed_encoding_error(*class, encoding, version, args, out);
            }
            argument_type(rotation, args, out);
            if !files.iter().any(|f| f.key == key) {
                files.push(OpenedFile {
                    key,
                    at,
                    filename: filename.clone(),
                    path: path.clone(),
                });
            }
        }
        HandlerSpec::Stream {
            target: StreamTarget::Other { type_name, repr },
        } => {
            dictconfig_stream(repr, args, out);
            stream_not_writable(type_name, repr, args, out);
        }
        _ => {}
    }
}

/// Where a handler's arguments are written, to point at a value in them.
enum Args<'d> {
    /// A `[handler_X]` section: its `args` and `kwargs` options.
    Ini {
        header: Span,
        options: [Option<&'d IniOption>; 2],
    },
    /// A dictConfig handler entry: its keys are the keyword arguments.
    Dict { entry: &'d Node },
}

impl Args<'_> {
    /// Where `needle` (a value, or its `repr`) is written: in the
    /// `args`/`kwargs` text (first match), else the whole value, else the
    /// section header; in a dictConfig entry, the value that is it, else
    /// the entry.
    fn locate(&self, needle: &str) -> Span {
        match self {
            Args::Ini { header, options } => {
                for option in options.iter().flatten() {
                    if !needle.is_empty()
                        && let Some(at) = option.value.find(needle)
                    {
                        return option.span_of(at..at + needle.len());
                    }
                }
                (options.iter().flatten().next()).map_or(*header, |o| o.value_span)
            }
            Args::Dict { entry } => entry_values(entry)
                .find(|(_, v)| written_as(v, needle))
                .map_or(entry.span, |(_, v)| v.span),
        }
    }

    /// A dictConfig entry: arguments are named, and `ext://` resolves.
    fn is_dict(&self) -> bool {
        matches!(self, Args::Dict { .. })
    }
}

/// The `(key, value)` pairs of a dictConfig entry.
fn entry_values(entry: &Node) -> impl Iterator<Item = (&Node, &Node)> {
    let entries = match &entry.value {
        NodeValue::Map(entries) => entries.as_slice(),
        _ => &[],
    };
    entries.iter().map(|(k, v)| (k, v))
}

/// A scalar whose value is `needle`, or whose `repr` is.
fn written_as(node: &Node, needle: &str) -> bool {
    match &node.value {
        NodeValue::Str(s) => s == needle || crate::pyrepr::repr_str(s) == needle,
        NodeValue::Int(t) | NodeValue::Float(t) => t == needle,
        _ => false,
    }
}

/// A file handler's log file: `baseFilename` is `os.path.abspath(filename)`.
struct OpenedFile<'d> {
    key: &'d str,
    /// The file name in `args`/`kwargs`.
    at: Span,
    filename: String,
    path: String,
}

/// LC625 `shared-log-file`: Two file handlers writing the same file: interleaved lines, and rotation renames the file under the other handler.
pub const SHARED_LOG_FILE: Rule = Rule {
    code: "LC625",
    name: "shared-log-file",
    severity: Severity::Warning,
    summary: "Two file handlers writing the same file: interleaved lines, and rotation renames the file under the other handler.",
    long: Some(LongDoc {
        why: "Each file handler opens the file itself (`baseFilename` is `os.path.abspath` of the name, so `./logs/a.log` and `logs/a.log` are one file). Two handlers on one file keep two file objects: their buffered lines interleave, and when a rotating handler renames the file the other one goes on writing to the renamed file.",
        example: "[handler_file]\nclass=FileHandler\nargs=('logs/app.log',)\n\n[handler_rotating]\nclass=handlers.RotatingFileHandler\nargs=('./logs/app.log', 'a', 10485760, 5)",
        fix: "Give each handler its own file, or keep one handler and attach it to every logger that should write there.",
    }),
};

/// Two file handlers on one file (reported on the later one).
fn shared_log_file(files: &[OpenedFile<'_>], out: &mut Vec<Diagnostic>) {
    for (i, later) in files.iter().enumerate() {
        let Some(first) = files[..i].iter().find(|f| f.path == later.path) else {
            continue;
        };
        let same_text = first.filename == later.filename;
        out.push(
            Diagnostic::new(
                &SHARED_LOG_FILE,
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
    crate::handler_class::construct(&class, &args, &kwargs, &fs, ctx.version, ctx.platform)
        .result
        .ok()
}

/// LC622 `binary-file-mode`: A file handler opened in binary mode: every record fails at emit with TypeError.
pub const BINARY_FILE_MODE: Rule = Rule {
    code: "LC622",
    name: "binary-file-mode",
    severity: Severity::Warning,
    summary: "A file handler opened in binary mode: every record fails at emit with TypeError.",
    long: Some(LongDoc {
        why: "Logging writes str. A file opened with a binary mode (`'ab'`, `'wb'`) builds fine, but every record then fails with `TypeError: a bytes-like object is required, not 'str'` (printed as `--- Logging error ---`) and the file stays empty.",
        example: "[handler_file]\nclass=FileHandler\nargs=('app.log', 'ab')",
        fix: "Use a text mode: `'a'` or `'w'`.",
    }),
};

fn binary_file_mode(mode: &str, args: &Args<'_>, out: &mut Vec<Diagnostic>) {
    if !mode.contains('b') {
        return;
    }
    out.push(
        Diagnostic::new(
            &BINARY_FILE_MODE,
            args.locate(mode),
            format!(
                "mode {} opens the log file in binary mode",
                crate::pyrepr::repr_str(mode)
            ),
        )
        .with_label("logging writes str: every record fails at emit")
        .with_note("--- Logging error --- TypeError: a bytes-like object is required, not 'str'")
        .with_help(format!(
            "use mode {}",
            crate::pyrepr::repr_str(&mode.replace('b', ""))
        )),
    );
}

/// LC629 `delayed-encoding-error`: A delayed file handler whose encoding `open()` refuses: the file loads, then every record raises LookupError.
pub const DELAYED_ENCODING_ERROR: Rule = Rule {
    code: "LC629",
    name: "delayed-encoding-error",
    severity: Severity::Warning,
    summary: "A delayed file handler whose encoding `open()` refuses: the file loads, then every record raises LookupError.",
    long: Some(LongDoc {
        why: "With `delay=True` the handler opens its file at the first record, not when fileConfig builds it, so an unknown encoding (`'utf-99'`) or a codec that is not a text encoding (`'hex'`, `'zlib_codec'`) passes fileConfig. At every record `open()` creates the file, then raises `LookupError`: out of the logging call into the application for `FileHandler` and `WatchedFileHandler`, as a `--- Logging error ---` for the rotating handlers. The file stays empty.",
        example: "[handler_file]\nclass=FileHandler\nargs=('app.log', 'a', 'utf-99', True)",
        fix: "Use a text encoding CPython knows, such as `'utf-8'`.",
    }),
};

fn delayed_encoding_error(
    class: KnownClass,
    encoding: &str,
    version: PyVersion,
    args: &Args<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(error) = crate::handler_class::open_encoding_error(encoding, version) else {
        return;
    };
    let label = if class.is_rotating() {
        "every record fails at emit (--- Logging error ---)"
    } else {
        "every record raises LookupError into the application"
    };
    out.push(
        Diagnostic::new(
            &DELAYED_ENCODING_ERROR,
            args.locate(encoding),
            format!(
                "encoding {} is refused by open(), which this delayed handler calls at its first record",
                crate::pyrepr::repr_str(encoding)
            ),
        )
        .with_label(label)
        .with_note(format!("{}: {}", error.type_name, error.message))
        .with_help("use a text encoding CPython knows, such as 'utf-8'"),
    );
}

/// LC630 `abstract-handler`: `class=Handler`, logging's abstract base: every record raises NotImplementedError into the application.
pub const ABSTRACT_HANDLER: Rule = Rule {
    code: "LC630",
    name: "abstract-handler",
    severity: Severity::Warning,
    summary: "`class=Handler`, logging's abstract base: every record raises NotImplementedError into the application.",
    long: Some(LongDoc {
        why: "`logging.Handler` builds fine, but its `emit` is left for subclasses: `raise NotImplementedError('emit must be implemented by Handler subclasses')`. `Handler.handle` does not catch it, so every record that reaches the handler raises out of the logging call into the application.",
        example: "[handler_base]\nclass=Handler\nargs=()",
        fix: "Use a concrete class: `StreamHandler`, `FileHandler`, or `NullHandler` to discard records.",
    }),
};

fn abstract_handler(class: Span, out: &mut Vec<Diagnostic>) {
    out.push(
        Diagnostic::new(
            &ABSTRACT_HANDLER,
            class,
            "logging.Handler is the abstract base class: its emit is not implemented",
        )
        .with_label("every record raises NotImplementedError into the application")
        .with_note("NotImplementedError: emit must be implemented by Handler subclasses")
        .with_help("use StreamHandler, FileHandler, or NullHandler to discard records"),
    );
}

/// LC624 `argument-type`: A handler argument of the wrong type in a parameter slot (e.g. `'utf-8'` landing in backupCount).
pub const ARGUMENT_TYPE: Rule = Rule {
    code: "LC624",
    name: "argument-type",
    severity: Severity::Warning,
    summary: "A handler argument of the wrong type in a parameter slot (e.g. `'utf-8'` landing in backupCount).",
    long: Some(LongDoc {
        why: "Positional `args` fill the constructor's parameters in order. A value in the wrong slot (an encoding landing in `backupCount` because `mode`/`maxBytes` were skipped) builds fine and fails later, at the first rollover.",
        example: "[handler_file]\nclass=handlers.TimedRotatingFileHandler\nargs=('app.log', 'W0', 1, 'utf-8')",
        fix: "Fill the parameters in order, or pass the value by name in `kwargs`.",
    }),
};

fn argument_type(rotation: &FileRotation, args: &Args<'_>, out: &mut Vec<Diagnostic>) {
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
                    &ARGUMENT_TYPE,
                    args.locate(&shown),
                    format!("{shown} lands in `{param}`, which takes an int"),
                )
                .with_label(match args.is_dict() {
                    true => format!("`{param}` takes an int"),
                    false => format!("positional argument bound to `{param}`"),
                })
                .with_help(match args.is_dict() {
                    true => format!("give `{param}` a number, written without quotes"),
                    false => format!(
                        "pass it by name in `kwargs` (e.g. kwargs={{'encoding': {shown}}}) or fill the parameters before it"
                    ),
                })
                .with_note("the handler is built, but rotating the file fails with TypeError"),
            );
        }
    }
}

/// LC628 `number-in-string-slot`: A positional number landing in a file handler's string parameter (`mode`, `encoding`, `errors`) that CPython accepts.
pub const NUMBER_IN_STRING_SLOT: Rule = Rule {
    code: "LC628",
    name: "number-in-string-slot",
    severity: Severity::Warning,
    summary: "A positional number landing in a file handler's string parameter (`mode`, `encoding`, `errors`) that CPython accepts.",
    long: Some(LongDoc {
        why: "Positional `args` fill the constructor's parameters in order: `RotatingFileHandler('app.log', 1048576, 5)` skips `mode`, so 1048576 lands in `mode` and 5 in `maxBytes`. CPython does not complain: with `maxBytes > 0` RotatingFileHandler replaces the mode with `'a'`, and the file then rolls over whenever it would reach 5 bytes, at nearly every record (with `backupCount` 0 it is reopened each time and grows without limit; otherwise only the last few records are kept). A number in `encoding` or `errors` with `delay=True` is accepted too, and every record then fails to open the file (`TypeError`, printed as `--- Logging error ---`). Where the constructor itself raises (a number in `mode` without `maxBytes`, in `encoding` without `delay`), logcheck reports that exception instead (LC507).",
        example: "[handler_file]\nclass=handlers.RotatingFileHandler\nargs=('app.log', 1048576, 5)",
        fix: "Name the numbers in `kwargs` (`args=('app.log',)` and `kwargs={'maxBytes': 1048576, 'backupCount': 5}`), or fill the skipped string parameter: `args=('app.log', 'a', 1048576, 5)`.",
    }),
};

/// The string parameters of the file handlers.
const STRING_PARAMS: &[&str] = &["mode", "encoding", "errors", "when"];

/// The parameters a shifted number or flag was probably meant for.
fn meant_for(param: &str, value: &PyValue) -> bool {
    match value {
        PyValue::Int(_) | PyValue::Float(_) => {
            matches!(param, "maxBytes" | "backupCount" | "interval")
        }
        PyValue::Bool(_) => matches!(param, "delay" | "utc"),
        _ => false,
    }
}

/// A positional int or float bound to a string parameter of a file handler
/// that CPython built anyway (a constructor that raises is LC507's).
fn number_in_string_slot(
    doc: &IniDocument,
    section: &str,
    spec: &HandlerSpec,
    args: &Args<'_>,
    ctx: &LintContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let HandlerSpec::File {
        class,
        rotation,
        delay,
        ..
    } = spec
    else {
        return;
    };
    let Some(Ok(text)) = doc.get(section, "args", false) else {
        return;
    };
    let evaluated;
    let built = match ctx.evaluations.and_then(|e| e.without_reads(&text.value)) {
        Some(known) => known.as_ref().ok(),
        None => {
            let ns = Namespace::logging(ctx.version);
            evaluated = crate::pyexpr::evaluate(&text.value, &ns).ok();
            evaluated.as_ref()
        }
    };
    let Some(PyValue::Tuple(values) | PyValue::List(values)) = built else {
        return;
    };
    let params = class.param_names();
    let class_name = class.qualified_name().rsplit('.').next().unwrap_or("");
    let Some(first) = values.iter().zip(&params).position(|(v, p)| {
        STRING_PARAMS.contains(p) && matches!(v, PyValue::Int(_) | PyValue::Float(_))
    }) else {
        return;
    };
    let value = &values[first];
    let param = params[first];
    let shown = crate::pyexpr::py_repr(value);
    let landed: Vec<String> = values[first..]
        .iter()
        .zip(&params[first..])
        .map(|(v, p)| format!("{} in `{p}`", crate::pyexpr::py_repr(v)))
        .collect();
    let signature = format!("{class_name}({}, …)", params[..=first.max(1)].join(", "));
    let mut d = Diagnostic::new(
        &NUMBER_IN_STRING_SLOT,
        args.locate(&shown),
        format!(
            "the number {shown} lands in `{param}`, a string parameter{}",
            if landed.len() > 1 {
                format!(" (positional arguments: {})", landed.join(", "))
            } else {
                String::new()
            }
        ),
    )
    .with_label(format!("argument {} of {signature}", first + 1));
    d = match (param, rotation) {
        (
            "mode",
            FileRotation::Size {
                max_bytes,
                backup_count,
            },
        ) if crate::handler_class::max_bytes_positive(max_bytes) == Ok(true) => {
            let max = crate::pyexpr::py_repr(max_bytes);
            let small = matches!(max_bytes, PyValue::Int(n) if *n < 1024)
                || matches!(max_bytes, PyValue::Float(f) if *f < 1024.0);
            let backups = match backup_count {
                PyValue::Int(0) | PyValue::Bool(false) => "backupCount is 0: nothing is renamed, the file is closed and reopened at each rollover and grows without limit".to_string(),
                other => format!(
                    "backupCount is {}: each rollover renames the file, and only that many old files are kept",
                    crate::pyexpr::py_repr(other)
                ),
            };
            d.with_note(format!(
                "CPython accepts it: maxBytes is {max} (> 0), so RotatingFileHandler replaces the mode with 'a' and rolls the file over whenever the next record would bring it to {max} bytes{}; {backups}",
                if small { " (nearly every record)" } else { "" }
            ))
        }
        // (3.8 and 3.9 do not test the mode before opening the file)
        ("mode", _) if *delay => d.with_note(format!(
            "CPython accepts it because delay=True does not open the file; every record then fails to open it: --- Logging error --- TypeError: open() argument 'mode' must be str, not {}",
            value.type_name()
        )),
        ("encoding" | "errors", _) if *delay => d.with_note(format!(
            "CPython accepts it because delay=True does not open the file; every record then fails to open it: --- Logging error --- TypeError: open() argument '{param}' must be str or None, not {}",
            value.type_name()
        )),
        _ => d.with_note("CPython accepts it here; the value is not what the parameter expects"),
    };
    // The keyword form: the values from `first` on, each to the next
    // parameter it was probably meant for.
    let mut named: Vec<String> = Vec::new();
    let mut next = first;
    for v in &values[first..] {
        let Some(offset) = params[next..].iter().position(|p| meant_for(p, v)) else {
            named.clear();
            break;
        };
        next += offset;
        named.push(format!("'{}': {}", params[next], crate::pyexpr::py_repr(v)));
        next += 1;
    }
    let before: Vec<String> = values[..first].iter().map(crate::pyexpr::py_repr).collect();
    let args_text = if before.len() == 1 {
        format!("({},)", before[0])
    } else {
        format!("({})", before.join(", "))
    };
    d = if named.is_empty() {
        let takes = match param {
            "mode" => "a mode such as 'a'",
            "encoding" => "a codec name such as 'utf-8', or None",
            "errors" => "an error handler name such as 'backslashreplace', or None",
            _ => "a str",
        };
        d.with_help(format!(
            "`{param}` takes {takes}: name the arguments in `kwargs` (e.g. kwargs={{'delay': True}}) instead of placing them by position"
        ))
    } else {
        let default = match param {
            "mode" => Some("'a'"),
            "when" => Some("'h'"),
            _ => None,
        };
        let fill = default.map(|dflt| {
            let mut all = before.clone();
            all.push(dflt.to_string());
            all.extend(values[first..].iter().map(crate::pyexpr::py_repr));
            format!(", or fill `{param}`: args=({})", all.join(", "))
        });
        d.with_help(format!(
            "name the numbers: args={args_text} and kwargs={{{}}}{}",
            named.join(", "),
            fill.unwrap_or_default()
        ))
    };
    out.push(d);
}

/// A dictConfig `ext://`/`cfg://` reference, written as a string.
fn is_dictconfig_reference(repr: &str) -> bool {
    repr.contains("ext://") || repr.contains("cfg://")
}

/// [`DICTCONFIG_IDIOM`] (declared with the section lints) in a stream
/// argument: an `ext://` string where a stream belongs.
fn dictconfig_stream(repr: &str, args: &Args<'_>, out: &mut Vec<Diagnostic>) {
    if args.is_dict() || !is_dictconfig_reference(repr) {
        return;
    }
    let stream = repr.trim_matches(['\'', '"']).trim_start_matches("ext://");
    out.push(
        Diagnostic::new(
            &DICTCONFIG_IDIOM,
            args.locate(repr),
            format!("{repr} is a string here: fileConfig has no `ext://` references"),
        )
        .with_label("the stream is this str: every record fails at emit")
        .with_help(format!("pass the object itself: args=({stream},)")),
    );
}

/// LC623 `stream-not-writable`: A StreamHandler whose stream is a string or other non-stream: every record fails at emit.
pub const STREAM_NOT_WRITABLE: Rule = Rule {
    code: "LC623",
    name: "stream-not-writable",
    severity: Severity::Warning,
    summary: "A StreamHandler whose stream is a string or other non-stream: every record fails at emit.",
    long: Some(LongDoc {
        why: "StreamHandler writes to a file object. A string (e.g. `args=('app.log',)` meant for FileHandler) is accepted at construction, and every record then fails with `AttributeError: 'str' object has no attribute 'write'`.",
        example: "[handler_console]\nclass=StreamHandler\nargs=('app.log',)",
        fix: "Pass `sys.stdout` or `sys.stderr`, or use FileHandler for a file name.",
    }),
};

/// A stream argument that is not a stream (an `ext://` string is
/// [`dictconfig_stream`]'s finding instead).
fn stream_not_writable(type_name: &str, repr: &str, args: &Args<'_>, out: &mut Vec<Diagnostic>) {
    if !args.is_dict() && is_dictconfig_reference(repr) {
        return;
    }
    out.push(
        Diagnostic::new(
            &STREAM_NOT_WRITABLE,
            args.locate(repr),
            format!("the stream is a {type_name} ({repr}), not a file object"),
        )
        .with_label("every record fails at emit")
        .with_note(format!(
            "--- Logging error --- AttributeError: '{type_name}' object has no attribute 'write'"
        ))
        .with_help(stream_help(repr, args.is_dict())),
    );
}

/// How to name a stream: the object in `args`, an `ext://` reference in a
/// dictConfig entry.
fn stream_help(repr: &str, dict: bool) -> String {
    let named = ["sys.stdout", "sys.stderr"].into_iter().find(|s| repr.trim_matches(['\'', '"']) == *s);
    match (dict, named) {
        (true, Some(stream)) => format!("write `stream: ext://{stream}`: dictConfig resolves `ext://` references, a plain string stays a string"),
        (true, None) => "write `stream: ext://sys.stdout` (or `ext://sys.stderr`), or use logging.FileHandler with `filename:` for a file".into(),
        (false, _) => "pass sys.stdout or sys.stderr, or use FileHandler for a file name".into(),
    }
}

/// LC616 `windows-path`: A Windows path in a log file name: on POSIX it is a relative name with odd characters.
pub const WINDOWS_PATH: Rule = Rule {
    code: "LC616",
    name: "windows-path",
    severity: Severity::Warning,
    summary: "A Windows path in a log file name: on POSIX it is a relative name with odd characters.",
    long: Some(LongDoc {
        why: "On Linux and macOS `d:/logs/app.log` is a relative path under a directory named `d:`, and `..\\logs\\app.log` is a single file name containing backslashes in the working directory.",
        example: "[handler_file]\nclass=FileHandler\nargs=('..\\logs\\app.log',)",
        fix: "Use forward slashes and a path that exists where the service runs.",
    }),
};

/// Reports a Windows path on a POSIX service; `true` if it did.
fn windows_path(filename: &str, at: Span, out: &mut Vec<Diagnostic>) -> bool {
    let bytes = filename.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    let has_control = filename.chars().any(|c| c.is_control());
    if !(drive || filename.contains('\\')) || has_control {
        return false;
    }
    // posixpath: only `/` separates; `:` and `\` are ordinary characters
    let mut relative = filename;
    while let Some(rest) = relative.strip_prefix("./") {
        relative = rest;
    }
    let what = match relative.split_once('/') {
        Some((first, _)) if !first.is_empty() => format!(
            "on POSIX `{filename}` is a path under a directory named `{first}` in the working directory"
        ),
        _ if filename.starts_with('/') => {
            format!("on POSIX `{filename}` is an absolute path with backslashes in its names")
        }
        _ => format!("on POSIX `{filename}` is one file name in the working directory"),
    };
    out.push(
        Diagnostic::new(&WINDOWS_PATH, at, format!("a Windows path: {what}"))
            .with_label("Windows path")
            .with_help("use forward slashes and a path that exists where the service runs"),
    );
    true
}

/// LC617 `path-escapes-cwd`: A relative log file path that climbs out of the working directory with `..`.
pub const PATH_ESCAPES_CWD: Rule = Rule {
    code: "LC617",
    name: "path-escapes-cwd",
    severity: Severity::Warning,
    summary: "A relative log file path that climbs out of the working directory with `..`.",
    long: Some(LongDoc {
        why: "Relative log paths resolve against the process's working directory, not the config file's. A path that climbs out with `..` depends on where the service is started.",
        example: "[handler_file]\nclass=FileHandler\nargs=('../../log/app.log',)",
        fix: "Use an absolute path, or one built from a `fileConfig(defaults=...)` value such as `%(logdir)s`.",
    }),
};

fn path_escapes_cwd(filename: &str, at: Span, out: &mut Vec<Diagnostic>) {
    let bytes = filename.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if filename.starts_with('/') || drive {
        return;
    }
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
                &PATH_ESCAPES_CWD,
                at,
                format!("`{filename}` climbs out of the working directory"),
            )
            .with_label("resolved against the working directory, not the config file")
            .with_help("use an absolute path, or one built from a `--define`d base directory"),
        );
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

/// LC613 `backslash-escape-in-string`: A backslash escape in an `args` string, such as `\t` in a Windows path: it becomes a control character.
pub const BACKSLASH_ESCAPE: Rule = Rule {
    code: "LC613",
    name: "backslash-escape-in-string",
    severity: Severity::Warning,
    summary: "A backslash escape in an `args` string, such as `\\t` in a Windows path: it becomes a control character.",
    long: Some(LongDoc {
        why: "`args` and `kwargs` are Python expressions. In a normal string literal `\\t`, `\\n`, `\\r`, `\\a`, `\\b`, `\\f`, `\\v` and octal/hex escapes are control characters, so `'logs\\table.log'` names a file with a TAB in it.",
        example: "[handler_file]\nclass=FileHandler\nargs=('logs\\table.log',)",
        fix: "Use forward slashes, double the backslashes, or a raw string `r'logs\\table.log'`.",
    }),
};

/// Backslash escapes in non-raw string literals of `args`/`kwargs`.
fn backslash_escape(option: &IniOption, out: &mut Vec<Diagnostic>) {
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
                    &BACKSLASH_ESCAPE,
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

/// The escapes of a JSON string or a YAML double-quoted scalar that turn
/// a Windows path into control characters.
fn dict_escape_meaning(c: char) -> Option<&'static str> {
    Some(match c {
        't' => "a TAB",
        'n' => "a newline",
        'r' => "a carriage return",
        'b' => "a backspace",
        'f' => "a form feed",
        'a' => "a BEL character",
        'v' => "a vertical tab",
        'e' => "an ESC character",
        '0' => "a NUL character",
        _ => return None,
    })
}

/// A backslash escape that makes a control character in a double-quoted
/// string of a dictConfig handler entry (`"c:\temp\app.log"` names a file
/// with a TAB in it).
fn dict_backslash_escape(value: &Node, text: &str, out: &mut Vec<Diagnostic>) {
    let Some(literal) = text.get(value.span.start..value.span.end) else {
        return;
    };
    if value.as_str().is_none() || !literal.starts_with('"') {
        return;
    }
    let mut chars = literal.char_indices();
    while let Some((at, c)) = chars.next() {
        if c != '\\' {
            continue;
        }
        let Some((_, next)) = chars.next() else {
            return;
        };
        let Some(meaning) = dict_escape_meaning(next) else {
            continue;
        };
        let start = value.span.start + at;
        out.push(
            Diagnostic::new(
                &BACKSLASH_ESCAPE,
                Span::new(start, start + 2),
                format!("`\\{next}` in {literal} is {meaning}, not a backslash and `{next}`"),
            )
            .with_label(format!("the reader reads this as {meaning}"))
            .with_help(format!(
                "use forward slashes, or double the backslashes: {}",
                literal.replace('\\', "\\\\")
            )),
        );
        return;
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
        backslash_escape(&option(r"('logs\table.log', r'c:\temp', 'a\\b')"), &mut out);
        assert_eq!(out.len(), 1);
        assert!(out[0].message.contains("TAB"), "{}", out[0].message);
        out.clear();
        backslash_escape(&option(r"('..\logs\excalibur.log',)"), &mut out);
        assert!(out.is_empty());
    }
}
