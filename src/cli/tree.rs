//! `logcheck tree`: the logger hierarchy in logging_tree's layout.

use super::args::ModelArgs;
use crate::hierarchy::Hierarchy;
use crate::tree::render_tree;
use clap::Args;

#[derive(Debug, Args)]
pub struct TreeArgs {
    /// The fileConfig file (default: the first of logging.conf, logging.ini, log.conf here).
    pub file: Option<String>,
    #[command(flatten)]
    pub model: ModelArgs,
}

pub fn run(args: &TreeArgs) -> i32 {
    let file = match super::explain::config_file(args.file.as_deref()) {
        Ok(f) => f,
        Err(e) => return super::usage_error(&e),
    };
    let (config, env) = match args.model.load(&file) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let existing = args
        .model
        .existing_under(env.options.host.unwrap_or_default(), &config);
    let h = Hierarchy::configure(&config, &existing);
    super::print_stdout(&render_tree(&config, &h));
    0
}
