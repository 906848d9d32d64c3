//! clap definitions. `logcheck FILE…` is `logcheck check FILE…`: a leading word
//! that names a subcommand is that subcommand (`logcheck check explain` or
//! `logcheck ./explain` checks a file literally named `explain`).

use crate::check::CheckOptions;
use crate::environment::LoadEnvironment;
use crate::version::PyVersion;
use clap::{Args, Parser, Subcommand, ValueEnum};
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
    /// Print a rule's documentation (what, why, example, fix), or list every rule.
    Rule(RuleArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the man page (roff) to stdout.
    #[command(hide = true)]
    Man,
    /// Print what CPython writes to stdout, stderr and files for some logging calls.
    Simulate(super::simulate::SimulateArgs),
    /// Explain why a logger's records of each level are printed or not.
    Explain(super::explain::ExplainArgs),
    /// Draw the logger hierarchy (logging_tree layout).
    Tree(super::tree::TreeArgs),
    /// Convert a fileConfig INI file to a dictConfig document (JSON, YAML) that does the same, or back.
    Convert(super::convert::ConvertArgs),
    /// Run the language server (LSP over stdio) for editors: diagnostics, hover, navigation, completion.
    Server(super::server::ServerArgs),
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// A rule code (`LC618`) or name (`ignored-option`); none lists every rule.
    pub rule: Option<String>,
    /// Print docs/rules.md (every rule, Markdown).
    #[arg(long, conflicts_with = "rule")]
    pub markdown: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Options of the commands that run a loaded file (simulate, explain, tree):
/// the shared environment plus the loggers that exist before fileConfig.
#[derive(Debug, Args, Clone)]
pub struct ModelArgs {
    #[command(flatten)]
    pub env: CommonArgs,
    /// fileConfig(disable_existing_loggers=False).
    #[arg(long)]
    pub keep_existing: bool,
}

impl ModelArgs {
    /// The loggers that exist before fileConfig runs: `--existing`, without
    /// the host's own (the simulator adds those itself).
    pub fn existing(&self) -> crate::hierarchy::Existing {
        crate::hierarchy::Existing {
            names: self.env.existing.clone(),
            keep_existing: self.keep_existing,
        }
    }

    /// The loggers that exist before `host` calls fileConfig: its own and
    /// `--existing`.
    pub fn existing_under(
        &self,
        host: crate::host::Host,
        config: &crate::model::Config,
    ) -> crate::hierarchy::Existing {
        host.existing_for_config(&self.existing(), config)
    }

    /// Loads `file` as fileConfig would in the environment the options
    /// describe (the same one `check` uses); prints why and returns the exit
    /// code when it does not load. The environment returned names the host
    /// (given or detected).
    pub fn load(&self, file: &str) -> Result<(crate::model::Config, LoadEnvironment), i32> {
        let mut env = self.env.environment().map_err(|e| super::usage_error(&e))?;
        let (report, set_aside) = env
            .check_setting_aside_environment(file)
            .map_err(|e| super::usage_error(&e))?;
        env.options.host = Some(report.host);
        if let Some(set_aside) = &set_aside {
            note_set_aside(file, set_aside);
        }
        if let Some(what) = report
            .unmodelled
            .as_ref()
            .filter(|_| report.python_error.is_none())
        {
            return Err(super::usage_error(&crate::check::unmodelled_message(
                file, what,
            )));
        }
        let raised_by = report.python_error.as_ref().map(|e| report.raised_by(e));
        match (&report.python_error, report.config) {
            (Some(e), _) => {
                use std::io::Write;
                let under = match report.host {
                    crate::host::Host::Plain => String::new(),
                    host => format!(" under {host}"),
                };
                let _ = writeln!(
                    anstream::stderr(),
                    "error: {file} does not load{under}: {} raises {e} (run `logcheck check {file}`)",
                    raised_by.unwrap_or("fileConfig")
                );
                Err(if report.io_error { 2 } else { 1 })
            }
            (None, Some(config)) => Ok((config, env)),
            (None, None) if !report.io_error => Err(super::usage_error(&format!(
                "{file}: {} does not call fileConfig for this file (no [loggers] section)",
                report.host
            ))),
            (None, None) => Err(super::usage_error(&format!("{file}: cannot read"))),
        }
    }
}

/// One line naming the failure this machine's environment causes, before an
/// answer given as if the file loaded.
pub fn note_set_aside(file: &str, set_aside: &crate::environment::SetAside) {
    use std::io::Write;
    let mut fixes: Vec<String> = set_aside
        .directories
        .iter()
        .map(|d| format!("--mkdir {d}"))
        .collect();
    fixes.extend(
        set_aside
            .modules
            .iter()
            .map(|m| format!("--importable {m}")),
    );
    let fixes = if fixes.is_empty() {
        "where its log directories exist".to_string()
    } else {
        format!("with {}", fixes.join(" "))
    };
    let _ = writeln!(
        anstream::stderr(),
        "note: here {file} does not load (fileConfig raises {}); the answer is for an environment where it does ({fixes})",
        set_aside.failure
    );
}

/// The environment the service loads the file in, the same options for
/// check, explain, tree and simulate (built into one
/// [`LoadEnvironment`](crate::environment::LoadEnvironment)).
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
    /// A directory (relative to the working directory) that exists when the service loads the file (repeatable).
    #[arg(long, value_name = "DIR")]
    pub mkdir: Vec<String>,
    /// A top-level module importable where the service runs, besides the standard library (repeatable).
    #[arg(long, value_name = "MODULE")]
    pub importable: Vec<String>,
    /// The program that loads the file [default: detected: `[alembic]` → alembic; `[app:…]`, `[server:…]`, `[pipeline:…]`, `[composite:…]` → pserve; a dictConfig file using `uvicorn.logging.` formatters → uvicorn; otherwise plain].
    #[arg(long, value_enum, value_name = "HOST")]
    pub host: Option<HostArg>,
    /// A logger the application creates before fileConfig runs (repeatable).
    #[arg(long, value_name = "NAME")]
    pub existing: Vec<String>,
    /// The service's operating system: log paths follow its os.path (ntpath or posixpath) [default: the one logcheck runs on].
    #[arg(long, value_enum, value_name = "OS")]
    pub platform: Option<PlatformArg>,
    /// How the file is loaded: `ini` (fileConfig), `json` (json.load, then dictConfig) or `yaml` (yaml.safe_load, then dictConfig) [default: by name, as uvicorn's --log-config: *.json, *.yaml and *.yml are dictConfig files (alembic and pserve: always fileConfig)].
    #[arg(long = "as", value_enum, value_name = "FORMAT")]
    pub read_as: Option<FormatArg>,
}

/// `--as` values (the library's [`ConfigFormat`](crate::check::ConfigFormat)).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// A fileConfig INI file.
    Ini,
    /// A dictConfig document in JSON.
    Json,
    /// A dictConfig document in YAML.
    Yaml,
}

/// `--platform` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PlatformArg {
    /// Linux, macOS and other POSIX systems (posixpath).
    Posix,
    /// Windows (ntpath: drives, `\` separators).
    Windows,
}

/// `--host` values (the library's [`Host`](crate::host::Host)).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum HostArg {
    /// A bare `logging.config.fileConfig(path)`.
    Plain,
    /// Alembic's env.py: `fileConfig(config.config_file_name)`.
    Alembic,
    /// pserve / `pyramid.paster.setup_logging` (plaster_pastedeploy).
    Pserve,
    /// `gunicorn --log-config FILE`.
    Gunicorn,
    /// `uvicorn --log-config FILE`.
    Uvicorn,
}

impl From<HostArg> for crate::host::Host {
    fn from(arg: HostArg) -> Self {
        use crate::host::Host;
        match arg {
            HostArg::Plain => Host::Plain,
            HostArg::Alembic => Host::Alembic,
            HostArg::Pserve => Host::Pserve,
            HostArg::Gunicorn => Host::Gunicorn,
            HostArg::Uvicorn => Host::Uvicorn,
        }
    }
}

impl CommonArgs {
    /// The one view of the environment every command is given.
    pub fn environment(&self) -> Result<LoadEnvironment, String> {
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
        let env = LoadEnvironment {
            options: CheckOptions {
                version,
                defines,
                cwd,
                importable: self.importable.clone(),
                env: None,
                host: self.host.map(Into::into),
                existing: self.existing.clone(),
                platform: match self.platform {
                    Some(PlatformArg::Windows) => crate::handler_class::Platform::Windows,
                    Some(PlatformArg::Posix) => crate::handler_class::Platform::Posix,
                    None => crate::handler_class::Platform::CURRENT,
                },
                format: self.read_as.map(|f| match f {
                    FormatArg::Ini => crate::check::ConfigFormat::Ini,
                    FormatArg::Json => crate::check::ConfigFormat::Json,
                    FormatArg::Yaml => crate::check::ConfigFormat::Yaml,
                }),
            },
            cwd_given: self.cwd.is_some(),
            mkdir: self.mkdir.clone(),
        };
        env.validate()?;
        Ok(env)
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
    /// fileConfig files to check; a directory is searched for *.conf, *.ini and *.cfg files with fileConfig sections.
    #[arg(value_name = "FILE")]
    pub files: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Full)]
    pub format: CheckFormat,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Report only these rules (code prefixes or names, comma-separated: `LC6,LC201`).
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not report these rules (code prefixes or names, comma-separated).
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Apply the safe fixes in place; the output then describes what remains.
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff: apply the unsafe fixes too (they change what a
    /// loading file writes, or guess the intent).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change, and write nothing
    /// (exit 1 when there is something to change).
    #[arg(long)]
    pub diff: bool,
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
    /// CPython version whose configparser reads the file (X.Y or X.Y.Z).
    #[arg(long, value_name = "X.Y[.Z]", default_value = "3.12")]
    pub python_version: String,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DumpFormat {
    Text,
    Json,
}
