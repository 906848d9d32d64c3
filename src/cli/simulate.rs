//! `logcheck simulate`: the oracle's JSON, or each destination with its lines.

use super::args::ModelArgs;
use crate::simulate::{SimOptions, SimResult, parse_calls, simulate_path};
use clap::{Args, ValueEnum};
use std::io::Write;

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// The fileConfig file.
    pub file: String,
    /// JSON list of calls (the oracle's format); default: root and each
    /// configured logger, one message per level DEBUG…CRITICAL.
    #[arg(long, value_name = "CALLS.json")]
    pub calls: Option<String>,
    /// The frozen clock, seconds since the epoch.
    #[arg(long, value_name = "EPOCH", default_value = crate::simulate::DEFAULT_TIME)]
    pub time: String,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SimFormat::Text)]
    pub format: SimFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SimFormat {
    /// Each destination (stdout, stderr, every file) with its lines.
    Text,
    /// The reference oracle's JSON result.
    Json,
}

pub fn run(args: &SimulateArgs) -> i32 {
    let calls = match &args.calls {
        None => None,
        Some(path) => {
            let parsed = std::fs::read_to_string(path)
                .map_err(|e| format!("{path}: {e}"))
                .and_then(|t| serde_json::from_str(&t).map_err(|e| format!("{path}: {e}")))
                .and_then(|v| parse_calls(&v).map_err(|e| format!("{path}: {e}")));
            match parsed {
                Ok(c) => Some(c),
                Err(e) => return super::usage_error(&e),
            }
        }
    };
    let env = match args.model.env.environment() {
        Ok(e) => e,
        Err(e) => return super::usage_error(&e),
    };
    let opts = SimOptions {
        existing: args.model.existing(),
        calls,
        time: args.time.clone(),
        ..env.sim_options()
    };
    let mut result = match simulate_path(&args.file, &opts) {
        Ok(r) => r,
        Err(e) => return super::usage_error(&e.to_string()),
    };
    if result.error.is_some()
        && let Ok((_, Some(set_aside))) = env.check_setting_aside_environment(&args.file)
    {
        // run again where the directories exist and the modules import
        let mut relaxed = opts.clone();
        relaxed.mkdir.extend(set_aside.directories.iter().cloned());
        relaxed.importable.extend(set_aside.modules.iter().cloned());
        if let Ok(r) = simulate_path(&args.file, &relaxed)
            && r.error.is_none()
        {
            super::args::note_set_aside(&args.file, &set_aside);
            result = r;
        }
    }
    let text = match args.format {
        SimFormat::Json => result.to_json_string() + "\n",
        SimFormat::Text => render_text(&result),
    };
    super::print_stdout(&text);
    for note in &result.notes {
        let _ = writeln!(anstream::stderr(), "note: {note}");
    }
    i32::from(result.error.is_some())
}

fn block(out: &mut String, title: &str, text: &str) {
    if text.is_empty() {
        out.push_str(&format!("{title}: (empty)\n"));
        return;
    }
    out.push_str(&format!("{title}:\n"));
    for line in text.split_inclusive('\n') {
        out.push_str("  ");
        out.push_str(line);
    }
    if !text.ends_with('\n') {
        out.push_str("\n  (no newline at end)\n");
    }
}

/// Each destination with its lines, in the order stdout, stderr, files.
pub fn render_text(result: &SimResult) -> String {
    let mut out = String::new();
    if let Some(e) = &result.error {
        out.push_str(&format!("fileConfig raises {e}: nothing is logged\n"));
        return out;
    }
    block(&mut out, "stdout", &result.stdout);
    block(&mut out, "stderr", &result.stderr);
    for (path, text) in &result.files {
        block(&mut out, &format!("file {path}"), text);
    }
    for c in &result.call_exceptions {
        out.push_str(&format!(
            "call {} raises {} into the application\n",
            c.index, c.exception
        ));
    }
    out
}
