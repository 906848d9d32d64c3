//! `logcheck convert`: a fileConfig INI file as a dictConfig document (JSON
//! or YAML), or a dictConfig document as INI. Notes go to stderr; exit 0
//! when converted, 1 when not (a refusal, or an approximation without
//! `--approximate`), 2 for usage and I/O errors.

use super::args::CommonArgs;
use crate::convert::{self, Conversion, DictFormat, NoteKind};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::Path;

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The file to convert: a fileConfig INI file (to json/yaml) or a dictConfig .json/.yaml/.yml document (to ini).
    pub file: String,
    /// The format to write.
    #[arg(long, value_enum)]
    pub to: ConvertTo,
    /// Write here (atomically) instead of to stdout.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<String>,
    /// Write the closest equivalent when it behaves differently (each difference is a note on stderr) instead of failing.
    #[arg(long)]
    pub approximate: bool,
    #[command(flatten)]
    pub env: CommonArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConvertTo {
    /// dictConfig JSON (json.load).
    Json,
    /// dictConfig YAML (yaml.safe_load).
    Yaml,
    /// fileConfig INI, from a JSON or YAML dictConfig document.
    Ini,
}

/// The reader of a dictConfig document, by extension.
fn dict_format(file: &str) -> Option<DictFormat> {
    let ext = Path::new(file).extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "json" => Some(DictFormat::Json),
        "yaml" | "yml" => Some(DictFormat::Yaml),
        _ => None,
    }
}

pub fn run(args: &ConvertArgs) -> i32 {
    let conversion = match (args.to, dict_format(&args.file)) {
        (ConvertTo::Ini, Some(format)) => match std::fs::read_to_string(&args.file) {
            Ok(text) => convert::dict_to_ini(&text, format),
            Err(e) => return super::usage_error(&format!("{}: {e}", args.file)),
        },
        (ConvertTo::Ini, None) => {
            return super::usage_error(&format!(
                "{}: --to ini converts a dictConfig document (.json, .yaml, .yml)",
                args.file
            ));
        }
        (_, Some(_)) => {
            return super::usage_error(&format!(
                "{}: --to json/yaml converts a fileConfig INI file",
                args.file
            ));
        }
        (to, None) => match from_ini(args, to) {
            Ok(c) => c,
            Err(code) => return code,
        },
    };
    finish(args, conversion)
}

/// Checks the INI file as `check` does and converts it.
fn from_ini(args: &ConvertArgs, to: ConvertTo) -> Result<Conversion<String>, i32> {
    let env = args.env.environment().map_err(|e| super::usage_error(&e))?;
    if !Path::new(&args.file).is_file() {
        return Err(super::usage_error(&format!(
            "{}: not a readable file",
            args.file
        )));
    }
    let (report, set_aside) = env
        .check_setting_aside_environment(&args.file)
        .map_err(|e| super::usage_error(&e))?;
    if let Some(set_aside) = &set_aside {
        super::args::note_set_aside(&args.file, set_aside);
    }
    let mut opts = env.options.clone();
    opts.host = Some(report.host);
    let converted = convert::ini_to_dict(&report, &opts);
    Ok(Conversion {
        document: converted.document.map(|d| match to {
            ConvertTo::Yaml => convert::to_yaml(&d),
            _ => convert::to_json(&d),
        }),
        notes: converted.notes,
    })
}

/// Prints the notes, then writes the document when it may be written.
fn finish(args: &ConvertArgs, conversion: Conversion<String>) -> i32 {
    let mut stderr = anstream::stderr();
    for note in &conversion.notes {
        let label = match note.kind {
            NoteKind::Refusal => "error",
            NoteKind::Approximation => "note",
        };
        let _ = writeln!(stderr, "{label}: {}: {}", args.file, note.message);
    }
    let Some(document) = conversion.document else {
        let _ = writeln!(stderr, "{}: not converted", args.file);
        return 1;
    };
    if !conversion.notes.is_empty() && !args.approximate {
        let _ = writeln!(
            stderr,
            "{}: not converted: the closest equivalent behaves differently (--approximate writes it)",
            args.file
        );
        return 1;
    }
    match &args.output {
        None => {
            super::print_stdout(&document);
            0
        }
        Some(out) => match write_atomically(&args.file, out, &document) {
            Ok(()) => 0,
            Err(e) => super::usage_error(&e),
        },
    }
}

/// Writes `out` through a temporary file beside it and a rename; never
/// over the input.
fn write_atomically(input: &str, out: &str, text: &str) -> Result<(), String> {
    let same = match (std::fs::canonicalize(input), std::fs::canonicalize(out)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(format!(
            "-o {out}: that is the input file; refusing to overwrite it"
        ));
    }
    super::fix::write_beside(Path::new(out), text).map_err(|e| format!("-o {out}: {e}"))
}
