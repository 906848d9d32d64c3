//! clap definitions. `logcheck FILE…` is `logcheck check FILE…`: a leading word
//! that names a subcommand is that subcommand (`logcheck check explain` or
//! `logcheck ./explain` checks a file literally named `explain`).

use clap::{Args, Parser, Subcommand, ValueEnum};
use logcheck::check::CheckOptions;
use logcheck::version::PyVersion;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "logcheck",
    version,
    about = "Check, explain and simulate Python logging.config.fileConfig files",
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
    #[command(flatten)]
    pub color: colorchoice_clap::Color,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report every problem in fileConfig files and what CPython would raise (the default).
    Check(CheckArgs),
    /// Show how configparser reads a file: sections, options, DEFAULT merging, interpolation.
    Dump(DumpArgs),
}

/// Options shared by the commands that model a fileConfig run.
#[derive(Debug, Args, Clone)]
pub struct CommonArgs {
    /// CPython version whose behaviour to reproduce (X.Y or X.Y.Z).
    #[arg(long, value_name = "X.Y[.Z]", default_value = "3.12")]
    pub python_version: String,
    /// An entry of fileConfig's `defaults=` (repeatable).
    #[arg(long, value_name = "KEY=VALUE")]
    pub define: Vec<String>,
    /// Working directory the service starts in (relative log paths resolve against it).
    #[arg(long, value_name = "DIR")]
    pub cwd: Option<PathBuf>,
    /// A top-level module importable where the service runs, besides the standard library (repeatable).
    #[arg(long, value_name = "MODULE")]
    pub importable: Vec<String>,
}

impl CommonArgs {
    pub fn options(&self) -> Result<CheckOptions, String> {
        let version: PyVersion = self.python_version.parse()?;
        let defines = parse_defines(&self.define)?;
        let cwd = match &self.cwd {
            Some(dir) => {
                if !dir.is_dir() {
                    return Err(format!("--cwd {}: not a directory", dir.display()));
                }
                std::path::absolute(dir).map_err(|e| format!("--cwd {}: {e}", dir.display()))?
            }
            None => std::env::current_dir()
                .map_err(|e| format!("cannot read the current directory: {e}"))?,
        };
        Ok(CheckOptions {
            version,
            defines,
            cwd,
            importable: self.importable.clone(),
            env: None,
        })
    }
}

pub fn parse_defines(items: &[String]) -> Result<Vec<(String, String)>, String> {
    items
        .iter()
        .map(|item| match item.split_once('=') {
            Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
            _ => Err(format!("--define needs KEY=VALUE, got {item:?}")),
        })
        .collect()
}

#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// fileConfig files to check.
    #[arg(value_name = "FILE")]
    pub files: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Full)]
    pub format: CheckFormat,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CheckFormat {
    /// rustc-style snippets with carets.
    Full,
    /// One line per finding: `file:line:col: severity[code] message`.
    Concise,
    /// The JSON report (schema in the README).
    Json,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0.
    Sarif,
}

#[derive(Debug, Args)]
pub struct DumpArgs {
    /// The file to read.
    pub file: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DumpFormat::Text)]
    pub format: DumpFormat,
    /// An entry of fileConfig's `defaults=` (repeatable).
    #[arg(long, value_name = "KEY=VALUE")]
    pub define: Vec<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DumpFormat {
    Text,
    Json,
}
