//! `logcheck rule [CODE]`, `logcheck completions SHELL` and the hidden
//! `logcheck man` (the man page is generated at run time by clap_mangen from the
//! same clap definitions, so it never goes stale: `logcheck man > logcheck.1`).

use super::args::{Cli, CompletionsArgs, RuleArgs};
use crate::rules;
use clap::CommandFactory;
use std::io::Write;

pub fn rule(args: &RuleArgs) -> i32 {
    let mut out = anstream::stdout();
    if args.markdown {
        let _ = out.write_all(rules::docs::rules_markdown().as_bytes());
        return 0;
    }
    match &args.rule {
        None => {
            for rule in rules::ALL {
                let _ = writeln!(
                    out,
                    "{}  {:<32} {:<8} {}",
                    rule.code,
                    rule.name,
                    rule.severity.as_str(),
                    rule.summary
                );
            }
            0
        }
        Some(code) => match rules::find(code) {
            Some(rule) => {
                let _ = writeln!(out, "{} ({})\n", rule.code, rule.name);
                let _ = out.write_all(rules::docs::rule_doc(rule).as_bytes());
                0
            }
            None => {
                let known: Vec<&str> = rules::ALL.iter().flat_map(|r| [r.code, r.name]).collect();
                let hint = crate::suggest::did_you_mean(code, known.iter().copied())
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                let _ = writeln!(
                    anstream::stderr(),
                    "error: no rule `{code}`{hint}; `logcheck rule` lists them"
                );
                2
            }
        },
    }
}

pub fn completions(args: &CompletionsArgs) -> i32 {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "logcheck", &mut std::io::stdout());
    0
}

pub fn man() -> i32 {
    let page = clap_mangen::Man::new(Cli::command());
    let mut buffer = Vec::new();
    if page.render(&mut buffer).is_err() {
        return 2;
    }
    let _ = std::io::stdout().write_all(&buffer);
    0
}
