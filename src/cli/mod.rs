//! Command-line front end: clap arguments, subcommand dispatch and exit codes
//! (0: no errors, 1: errors found — or warnings with `--strict`, 2: usage or
//! I/O error). Rendering lives in `render`.
//!
//! This is the binary's code: it is compiled into the library only with the
//! `cli` feature (as bat's `application` feature does) so that it can use
//! the library's private items without making them API.

mod args;
mod convert;
mod explain;
mod fix;
mod heap;
mod render;
mod rule;
pub mod server;
mod simulate;
mod tree;
mod walk;

use args::{Cli, Command};
use clap::Parser;

/// Runs the `logcheck` command line on the process's arguments and returns
/// its exit code (0: no errors, 1: errors found, 2: usage or I/O error).
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return code;
        }
    };
    cli.color.write_global();
    match cli.command {
        Some(Command::Check(check)) => commands::check(&check),
        Some(Command::Dump(dump)) => commands::dump(&dump),
        Some(Command::Rule(args)) => rule::rule(&args),
        Some(Command::Completions(args)) => rule::completions(&args),
        Some(Command::Man) => rule::man(),
        Some(Command::Simulate(sim)) => simulate::run(&sim),
        Some(Command::Explain(e)) => explain::run(&e),
        Some(Command::Tree(t)) => tree::run(&t),
        Some(Command::Convert(c)) => convert::run(&c),
        Some(Command::Server(s)) => server::run(&s),
        None => commands::check(&cli.check),
    }
}

/// The snippet renderer for stdout: styled where colours are shown, plain
/// where [`print_stdout`] would strip them (a file, a pipe, `NO_COLOR`).
pub(crate) fn stdout_renderer() -> annotate_snippets::Renderer {
    if anstream::AutoStream::choice(&std::io::stdout()) == anstream::ColorChoice::Never {
        annotate_snippets::Renderer::plain()
    } else {
        annotate_snippets::Renderer::styled()
    }
}

/// Writes `text` to stdout at once. anstream's stripping stream writes
/// each run between escape codes separately: a hundred `write`s for a
/// page of snippets piped to a file.
pub(crate) fn print_stdout(text: &str) {
    use std::io::Write;
    let stdout = std::io::stdout();
    let choice = anstream::AutoStream::choice(&stdout);
    let mut lock = stdout.lock();
    let _ = if choice == anstream::ColorChoice::Never && !strip_changes(text) {
        // Nothing to strip (always so for JSON and SARIF, whose strings
        // escape control characters): the stripping pass would copy
        // megabytes byte by byte for nothing.
        lock.write_all(text.as_bytes())
    } else if choice == anstream::ColorChoice::Never {
        lock.write_all(anstream::adapter::strip_str(text).to_string().as_bytes())
    } else {
        anstream::AutoStream::new(lock, choice).write_all(text.as_bytes())
    };
    let _ = std::io::stdout().flush();
}

/// Streams JSON (or SARIF) that `write` serializes to stdout through one
/// 64 KiB buffer: a report with thousands of findings is megabytes, and
/// building it in memory first cost more page faults than the check itself.
///
/// serde_json escapes every control character except DEL, so the text has no
/// escape sequences; where `print_stdout` would strip them (not a terminal,
/// NO_COLOR), the only byte stripping removes from such text is DEL, and
/// [`DropDel`] does that here.
pub(crate) fn stream_stdout_json(write: impl FnOnce(&mut JsonStdout<'_>) -> std::io::Result<()>) {
    use std::io::Write;
    let stdout = std::io::stdout();
    let strip = anstream::AutoStream::choice(&stdout) == anstream::ColorChoice::Never;
    let mut out = std::io::BufWriter::with_capacity(
        64 * 1024,
        DropDel {
            inner: stdout.lock(),
            strip,
        },
    );
    // As with `print_stdout`, a closed pipe is not an error worth a message.
    let _ = write(&mut out).and_then(|()| out.flush());
}

/// Stdout as [`stream_stdout_json`] writes it. A concrete type, not
/// `dyn Write`: serde_json makes a call per punctuation mark and indent, and
/// through a vtable those calls cost as much as the rest of the rendering.
pub(crate) type JsonStdout<'a> = std::io::BufWriter<DropDel<std::io::StdoutLock<'a>>>;

/// A writer that drops DEL bytes when `strip` is set (what anstream's
/// stripping does to text without escape sequences or other controls).
pub(crate) struct DropDel<W> {
    inner: W,
    strip: bool,
}

impl<W: std::io::Write> std::io::Write for DropDel<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.strip || crate::scan::find(0x7f, buf).is_none() {
            self.inner.write_all(buf)?;
        } else {
            for part in buf.split(|&b| b == 0x7f) {
                self.inner.write_all(part)?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Whether anstream's `strip_str` would change `text`. It removes escape
/// sequences (which start with ESC), the other C0 control characters except
/// ASCII whitespace, and DEL; every other byte, UTF-8 included, is printed
/// as is. So a text without those bytes is its own stripped form.
fn strip_changes(text: &str) -> bool {
    // Branch-free within a chunk so that the loop vectorizes: this scans
    // megabytes of JSON, and a byte-at-a-time `any` cost a tenth of the run.
    text.as_bytes().chunks(64).any(|chunk| {
        chunk.iter().fold(false, |found, &b| {
            let whitespace = (b == b'\t') | (b == b'\n') | (b == 0x0c) | (b == b'\r');
            found | ((b < 0x20) & !whitespace) | (b == 0x7f)
        })
    })
}

/// Prints a usage error and returns exit code 2.
fn usage_error(msg: &str) -> i32 {
    use std::io::Write;
    let _ = writeln!(anstream::stderr(), "error: {msg}");
    2
}

mod commands {
    use super::args::{CheckArgs, CheckFormat, DumpArgs, DumpFormat};
    use super::render;
    use crate::check::CheckOptions;
    use std::io::Write;

    pub fn check(args: &CheckArgs) -> i32 {
        let env = match args.common.environment() {
            Ok(e) => e,
            Err(msg) => return usage_error(&msg),
        };
        let opts = &env.options;
        if args.files.is_empty() {
            return usage_error("no FILE given (try `logcheck --help`)");
        }
        // a directory stands for the logging configs found under it; one
        // without any is a warning, not an error (as ruff's "No Python files
        // found"): the pre-commit hook checks the repository's tree whenever
        // an `.ini`/`.conf`/`.cfg` changes, and most such files are not
        // logging configs
        let mut paths = Vec::new();
        let mut file_bytes = 0;
        for file in &args.files {
            let metadata = std::fs::metadata(file);
            if metadata.as_ref().is_ok_and(|m| m.is_dir()) {
                let found = super::walk::find_configs(std::path::Path::new(file));
                if found.is_empty() {
                    let _ = writeln!(
                        anstream::stderr(),
                        "warning: {file}: no logging configs found (*.conf, *.ini, *.cfg with [loggers], [handlers] or [formatters], not ignored by .gitignore or .ignore)"
                    );
                }
                paths.extend(found);
            } else {
                file_bytes += metadata.map_or(0, |m| m.len());
                paths.push(file.clone());
            }
        }
        if paths.is_empty() {
            return 0;
        }
        // only files checked on this thread use the heap it prepares
        if paths.len() == args.files.len() && super::walk::checks_on_this_thread(paths.len()) {
            super::heap::prepare(file_bytes);
        }
        let fixing = args.fix || args.diff;
        let mut fixed = Vec::new();
        let mut reports = if fixing {
            fixed = fix_all(&paths, &env, args);
            fixed.iter().map(|f| f.report.clone()).collect()
        } else {
            super::walk::check_all(&paths, &env)
        };
        for report in &mut reports {
            let diagnostics = std::mem::take(&mut report.diagnostics);
            report.diagnostics =
                crate::rules::suppress::select(diagnostics, &args.select, &args.ignore);
        }
        // `--diff` prints the diffs alone (as ruff does): stdout stays a patch
        let format = if args.diff { None } else { Some(args.format) };
        match format {
            None => {}
            Some(CheckFormat::Full) => {
                let renderer = super::stdout_renderer();
                super::print_stdout(&render::full(&reports, opts, false, &renderer));
            }
            Some(CheckFormat::Concise) => {
                let renderer = super::stdout_renderer();
                super::print_stdout(&render::full(&reports, opts, true, &renderer));
            }
            Some(CheckFormat::Github) => super::print_stdout(&render::github(&reports)),
            Some(CheckFormat::Json) => {
                super::stream_stdout_json(|out| render::json::write(&reports, opts, out))
            }
            Some(CheckFormat::Sarif) => {
                super::stream_stdout_json(|out| render::sarif::write(&reports, out))
            }
        }
        if fixing {
            let _ = write!(
                anstream::stderr(),
                "{}",
                super::fix::summary(&fixed, args.unsafe_fixes, args.diff)
            );
        }
        if reports.iter().any(|r| r.io_error) || fixed.iter().any(|f| f.not_written.is_some()) {
            return 2;
        }
        if args.diff && fixed.iter().any(|f| f.diff.is_some()) {
            return 1;
        }
        let errors: usize = reports.iter().map(|r| r.error_count()).sum();
        let warnings: usize = reports.iter().map(|r| r.warning_count()).sum();
        // The process exits next: walking every document, model and report
        // just to free them costs ≈ 5 % of a large check.
        std::mem::forget(reports);
        if errors > 0 || (args.strict && warnings > 0) {
            1
        } else {
            0
        }
    }

    /// `--fix`/`--diff` on each file: diffs on stdout, files that could not
    /// be written on stderr; a file that cannot be fixed is checked as is.
    fn fix_all(
        paths: &[String],
        env: &crate::environment::LoadEnvironment,
        args: &CheckArgs,
    ) -> Vec<super::fix::FileFixed> {
        let mut fixed = Vec::new();
        for path in paths {
            let one =
                super::fix::fix_file(path, env, args).unwrap_or_else(|| super::fix::FileFixed {
                    report: super::walk::check_all(std::slice::from_ref(path), env).remove(0),
                    applied: Vec::new(),
                    diff: None,
                    not_written: None,
                });
            if let Some(diff) = &one.diff {
                super::print_stdout(diff);
            }
            if let Some(why) = &one.not_written {
                let _ = writeln!(anstream::stderr(), "error: {path}: not fixed: {why}");
            }
            fixed.push(one);
        }
        fixed
    }

    pub fn dump(args: &DumpArgs) -> i32 {
        let defines = match super::args::parse_defines(&args.define) {
            Ok(d) => d,
            Err(msg) => return usage_error(&msg),
        };
        let version = match args.python_version.parse::<crate::version::PyVersion>() {
            Ok(v) => v,
            Err(msg) => return usage_error(&msg),
        };
        let bytes = match std::fs::read(&args.file) {
            Ok(b) => b,
            Err(err) => {
                let _ = writeln!(anstream::stderr(), "error: {}: {err}", args.file);
                return 2;
            }
        };
        let decoded = crate::ini::decode(&bytes);
        let doc = crate::ini::read(
            &decoded.text,
            &args.file,
            &crate::ini::ReadOptions {
                defaults: defines,
                source_repr: None,
                version,
            },
        );
        let text = match args.format {
            DumpFormat::Json => {
                let mut value = doc.dump();
                if let (Some(err), Some(obj)) = (&decoded.error, value.as_object_mut()) {
                    obj.insert(
                        "error".into(),
                        serde_json::json!({"type": "UnicodeDecodeError", "message": err.exception.message}),
                    );
                }
                serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
            }
            DumpFormat::Text => render::dump_text(&doc, &decoded),
        };
        super::print_stdout(&text);
        if doc.error.is_some() || decoded.error.is_some() {
            1
        } else {
            0
        }
    }

    fn usage_error(msg: &str) -> i32 {
        let _ = writeln!(anstream::stderr(), "error: {msg}");
        2
    }

    #[allow(dead_code)]
    fn _assert_options(_: CheckOptions) {}
}

#[cfg(test)]
mod tests {
    /// `strip_changes` agrees with anstream on every ASCII byte and on
    /// non-ASCII text (C1 controls written as UTF-8 included).
    #[test]
    fn strip_changes_exactly_when_strip_str_does() {
        let mut texts: Vec<String> = (0u8..0x80).map(|b| format!("a{}b", b as char)).collect();
        texts.extend(
            [
                "\u{9b}1m x",
                "é ü 日本",
                "\u{1b}[1mbold\u{1b}[0m",
                "\t\n\r\x0c ",
            ]
            .map(String::from),
        );
        for text in texts {
            let stripped = anstream::adapter::strip_str(&text).to_string();
            assert_eq!(super::strip_changes(&text), stripped != text, "{text:?}");
        }
    }

    /// On JSON text (no escape sequences, no other controls) `DropDel`
    /// writes what anstream's stripping leaves.
    #[test]
    fn drop_del_strips_json_as_anstream_does() {
        use std::io::Write;
        let text = "{\n  \"message\": \"a\u{7f}b \\u001b é \u{9b}\"\n}\n";
        let mut out = super::DropDel {
            inner: Vec::new(),
            strip: true,
        };
        out.write_all(text.as_bytes()).unwrap_or_default();
        let stripped = anstream::adapter::strip_str(text).to_string();
        assert_eq!(String::from_utf8_lossy(&out.inner), stripped);
    }
}
