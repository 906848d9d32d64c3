//! The README's `console` examples are real: every `$ logcheck …` line in a
//! ```` ```console ```` block is run and its output compared with the text
//! below it (NO_COLOR=1; the repository path is shown as `~/logcheck`; a last
//! line `...` means the output continues). `$ cd DIR` changes directory for the
//! following commands. `LOGCHECK_UPDATE_README=1 cargo test --test suite readme`
//! rewrites the examples from the real output.

use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT_SHOWN_AS: &str = "~/logcheck";

fn run(cwd: &Path, command: &str) -> String {
    let mut words = command.split_whitespace();
    assert_eq!(words.next(), Some("logcheck"), "README command: {command}");
    let out = Command::new(env!("CARGO_BIN_EXE_logcheck"))
        .args(words)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("logcheck runs");
    let root = env!("CARGO_MANIFEST_DIR");
    String::from_utf8_lossy(&out.stdout)
        .replace(root, ROOT_SHOWN_AS)
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn readme_examples_are_real_output() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("README.md");
    let text = std::fs::read_to_string(&path).expect("README.md");
    let update = std::env::var_os("LOGCHECK_UPDATE_README").is_some();
    let mut cwd = root.clone();
    let mut out_lines: Vec<String> = Vec::new();
    let mut lines = text.lines().peekable();
    let mut failures = Vec::new();
    let mut commands = 0;
    while let Some(line) = lines.next() {
        out_lines.push(line.to_string());
        if line.trim() != "```console" {
            continue;
        }
        // one block: `$ cmd` lines each followed by their expected output
        let mut block: Vec<String> = Vec::new();
        for l in lines.by_ref() {
            if l.trim() == "```" {
                break;
            }
            block.push(l.to_string());
        }
        let mut i = 0;
        while i < block.len() {
            let cmd = block[i]
                .strip_prefix("$ ")
                .unwrap_or_else(|| panic!("expected `$ ` in README block: {}", block[i]));
            out_lines.push(block[i].clone());
            i += 1;
            let start = i;
            while i < block.len() && !block[i].starts_with("$ ") {
                i += 1;
            }
            let expected = &block[start..i];
            if let Some(dir) = cmd.strip_prefix("cd ") {
                cwd = cwd.join(dir.trim());
                continue;
            }
            commands += 1;
            let actual = run(&cwd, cmd);
            let truncated = expected.last().is_some_and(|l| l.trim() == "...");
            let shown: Vec<&str> = if truncated {
                &expected[..expected.len() - 1]
            } else {
                expected
            }
            .iter()
            .map(|s| s.as_str())
            .collect();
            let actual_lines: Vec<&str> = actual.lines().collect();
            let ok = if truncated {
                actual_lines.len() >= shown.len() && actual_lines[..shown.len()] == shown[..]
            } else {
                actual_lines == shown
            };
            if update {
                let keep = if truncated {
                    shown.len()
                } else {
                    actual_lines.len()
                };
                out_lines.extend(
                    actual_lines[..keep.min(actual_lines.len())]
                        .iter()
                        .map(|s| s.to_string()),
                );
                if truncated {
                    out_lines.push("...".to_string());
                }
            } else {
                out_lines.extend(expected.iter().cloned());
                if !ok {
                    failures.push(format!(
                        "$ {cmd}\n--- README\n{}\n--- actual\n{actual}",
                        shown.join("\n")
                    ));
                }
            }
        }
        out_lines.push("```".to_string());
    }
    assert!(commands >= 4, "README shows only {commands} commands");
    if update {
        std::fs::write(&path, out_lines.join("\n") + "\n").expect("write README.md");
        return;
    }
    assert!(
        failures.is_empty(),
        "README examples differ from real output (LOGCHECK_UPDATE_README=1 cargo test --test suite readme rewrites them):\n{}",
        failures.join("\n\n")
    );
}
