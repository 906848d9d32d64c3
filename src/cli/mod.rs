//! Command-line front end: clap arguments, subcommand dispatch and exit codes
//! (0: no errors, 1: errors found — or warnings with `--strict`, 2: usage or
//! I/O error). Rendering lives in `render`.

mod args;
mod explain;
mod render;
mod rule;
mod simulate;
mod tree;
mod walk;

use args::{Cli, Command};
use clap::Parser;

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
        None => commands::check(&cli.check),
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
    let _ = if choice == anstream::ColorChoice::Never {
        lock.write_all(anstream::adapter::strip_str(text).to_string().as_bytes())
    } else {
        anstream::AutoStream::new(lock, choice).write_all(text.as_bytes())
    };
    let _ = std::io::stdout().flush();
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
    use logcheck::check::CheckOptions;
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
        // a directory stands for the logging configs found under it
        let mut paths = Vec::new();
        for file in &args.files {
            if std::path::Path::new(file).is_dir() {
                let found = super::walk::find_configs(std::path::Path::new(file));
                if found.is_empty() {
                    return usage_error(&format!(
                        "{file}: no logging configs found (*.conf, *.ini, *.cfg with [loggers], [handlers] or [formatters])"
                    ));
                }
                paths.extend(found);
            } else {
                paths.push(file.clone());
            }
        }
        let mut reports = super::walk::check_all(&paths, &env);
        for report in &mut reports {
            let diagnostics = std::mem::take(&mut report.diagnostics);
            report.diagnostics =
                logcheck::rules::suppress::select(diagnostics, &args.select, &args.ignore);
        }
        let rendered = match args.format {
            CheckFormat::Full => render::full(&reports, opts, false),
            CheckFormat::Concise => render::full(&reports, opts, true),
            CheckFormat::Json => render::json(&reports, opts),
            CheckFormat::Github => render::github(&reports),
            CheckFormat::Sarif => render::sarif(&reports),
        };
        super::print_stdout(&rendered);
        if reports.iter().any(|r| r.io_error) {
            return 2;
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

    pub fn dump(args: &DumpArgs) -> i32 {
        let defines = match super::args::parse_defines(&args.define) {
            Ok(d) => d,
            Err(msg) => return usage_error(&msg),
        };
        let bytes = match std::fs::read(&args.file) {
            Ok(b) => b,
            Err(err) => {
                let _ = writeln!(anstream::stderr(), "error: {}: {err}", args.file);
                return 2;
            }
        };
        let decoded = logcheck::ini::decode(&bytes);
        let doc = logcheck::ini::read(
            &decoded.text,
            &args.file,
            &logcheck::ini::ReadOptions { defaults: defines },
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
