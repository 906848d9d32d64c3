//! `logcheck explain NAME`: the chain, the effective level and a level × handler table.

use super::args::ModelArgs;
use crate::explain::{DEFAULT_FILES, ExplainOptions, explain, explain_name};
use clap::{Args, ValueEnum};

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The logger name (`root` or "" for the root logger); it need not be in the file.
    /// A `[loggers]` key that is no logger's name (`app` for `[logger_app]`
    /// with `qualname=myapp.core`) explains the logger its section configures.
    pub name: String,
    /// Explain the logger named NAME even when NAME is also a `[loggers]` key
    /// of a section with another qualname.
    #[arg(long)]
    pub exact: bool,
    /// The fileConfig file (default: the first of logging.conf, logging.ini, log.conf here).
    #[arg(short = 'c', long = "config", value_name = "FILE")]
    pub config: Option<String>,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExplainFormat {
    Text,
    Json,
}

/// The explicit file, or the first default name that exists.
pub fn config_file(given: Option<&str>) -> Result<String, String> {
    if let Some(f) = given {
        return Ok(f.to_string());
    }
    DEFAULT_FILES
        .iter()
        .find(|f| std::path::Path::new(f).is_file())
        .map(|f| f.to_string())
        .ok_or_else(|| {
            format!(
                "no FILE given and none of {} here",
                DEFAULT_FILES.join(", ")
            )
        })
}

pub fn run(args: &ExplainArgs) -> i32 {
    let file = match config_file(args.config.as_deref()) {
        Ok(f) => f,
        Err(e) => return super::usage_error(&e),
    };
    let (config, env) = match args.model.load(&file) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let version = env.options.version;
    let opts = ExplainOptions {
        existing: args
            .model
            .existing_under(env.options.host.unwrap_or_default(), &config),
        version,
    };
    let e = if args.exact {
        explain(&config, &args.name, &opts)
    } else {
        explain_name(&config, &args.name, &opts)
    };
    let text = match args.format {
        ExplainFormat::Json => {
            serde_json::to_string_pretty(&e.json_view()).unwrap_or_default() + "\n"
        }
        ExplainFormat::Text => e.render_text(),
    };
    super::print_stdout(&text);
    0
}
