//! `logcheck check DIR`: the tree walk (the `ignore` crate, ripgrep's). It
//! finds the files people keep fileConfig sections in — `alembic.ini`,
//! PasteDeploy's `development.ini`/`production.ini`/`testing.ini`,
//! `logging.conf` — checks only files with fileConfig sections, and skips
//! what `.gitignore` (inside a git repository or not), `.git/info/exclude`,
//! `.ignore` and hidden directories exclude.
//!
//! Each test runs the binary in a temporary tree with `HOME` and
//! `XDG_CONFIG_HOME` pointing into it, so that no global git excludes file of
//! the machine applies.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const LOGGING: &str = "[loggers]\nkeys=root\n\n[handlers]\nkeys=console\n\n\
    [formatters]\nkeys=plain\n\n[logger_root]\nlevel=INFO\nhandlers=console\n\n\
    [handler_console]\nclass=StreamHandler\nargs=(sys.stderr,)\nformatter=plain\n\n\
    [formatter_plain]\nformat=%(levelname)s %(name)s: %(message)s\n";

/// A fresh directory under the system's temporary directory.
fn tree(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("logcheck-walk-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Runs `logcheck check --format json ARGS` in `dir`; returns the exit code,
/// the checked paths (as printed) and stderr.
fn check_in(dir: &Path, args: &[&str]) -> (i32, Vec<String>, String) {
    let out = Command::new(insta_cmd::get_cargo_bin("logcheck"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let paths = if stdout.trim().is_empty() {
        Vec::new()
    } else {
        let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
        json["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect()
    };
    (
        out.status.code().unwrap_or(-1),
        paths,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn finds_alembic_pastedeploy_and_logging_conf_files() {
    let dir = tree("hosts");
    write(
        &dir,
        "alembic.ini",
        &format!("[alembic]\nscript_location = migrations\n\n{LOGGING}"),
    );
    for name in ["development.ini", "production.ini", "testing.ini"] {
        write(
            &dir,
            &format!("web/{name}"),
            &format!("[app:main]\nuse = egg:web\n\n{LOGGING}"),
        );
    }
    write(&dir, "deploy/logging.conf", LOGGING);
    write(&dir, "service/logging.ini", LOGGING);
    write(&dir, "service/log.cfg", LOGGING);
    // configuration files without fileConfig sections are not checked
    write(&dir, "tox.ini", "[tox]\nenv_list = py312\n");
    write(&dir, "setup.cfg", "[metadata]\nname = web\n");
    write(
        &dir,
        "migrations/alembic.ini",
        "[alembic]\nscript_location = .\n",
    );
    // nor are other extensions
    write(&dir, "notes.txt", LOGGING);
    let (code, paths, stderr) = check_in(&dir, &["."]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        paths,
        [
            "alembic.ini",
            "deploy/logging.conf",
            "service/log.cfg",
            "service/logging.ini",
            "web/development.ini",
            "web/production.ini",
            "web/testing.ini",
        ],
    );
}

#[test]
fn skips_git_ignored_files_in_a_git_repository() {
    let dir = tree("git");
    git(&dir, &["init", "-q"]);
    write(&dir, ".gitignore", "build/\n*.local.conf\n");
    write(&dir, "logging.conf", LOGGING);
    write(&dir, "build/lib/service/logging.conf", LOGGING);
    write(&dir, "dev.local.conf", LOGGING);
    write(&dir, "app/.gitignore", "generated.ini\n");
    write(&dir, "app/generated.ini", LOGGING);
    write(&dir, "app/development.ini", LOGGING);
    write(&dir, ".git/info/exclude", "scratch/\n");
    write(&dir, "scratch/try.conf", LOGGING);
    let (code, paths, stderr) = check_in(&dir, &["."]);
    // a directory named on the command line is searched even when ignored,
    // as ripgrep does
    let (_, named, _) = check_in(&dir, &["build"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(paths, ["app/development.ini", "logging.conf"]);
    assert_eq!(named, ["build/lib/service/logging.conf"]);
}

/// Decision: `.gitignore` applies outside a git repository too (the walk's
/// `require_git(false)`), so an unpacked or copied source tree keeps its
/// exclusions; `.ignore` files (ripgrep's) exclude for logcheck only.
#[test]
fn skips_ignored_and_hidden_files_outside_git() {
    let dir = tree("nogit");
    write(&dir, ".gitignore", "dist/\n");
    write(&dir, "dist/logging.conf", LOGGING);
    write(&dir, ".ignore", "fixtures/broken-*.ini\n");
    write(&dir, "fixtures/broken-1.ini", LOGGING);
    write(&dir, "fixtures/good.ini", LOGGING);
    // hidden directories (tox, caches) are not searched
    write(&dir, ".tox/py312/logging.conf", LOGGING);
    // virtual environments mark themselves with a `.gitignore` of `*`
    write(&dir, "venv/.gitignore", "*\n");
    write(&dir, "venv/lib/site-packages/pkg/logging.conf", LOGGING);
    write(&dir, "logging.conf", LOGGING);
    let (code, paths, stderr) = check_in(&dir, &["."]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(paths, ["fixtures/good.ini", "logging.conf"]);
}

/// A directory without logging configs is a warning, not an error: the
/// pre-commit hook runs `logcheck check .` whenever any `.ini`, `.conf` or
/// `.cfg` file changes.
#[test]
fn a_directory_without_logging_configs_is_a_warning() {
    let dir = tree("none");
    write(&dir, "tox.ini", "[tox]\nenv_list = py312\n");
    write(
        &dir,
        "alembic.ini",
        "[alembic]\nscript_location = migrations\n",
    );
    let (code, paths, stderr) = check_in(&dir, &["."]);
    // with a file named too, the file is checked
    write(&dir, "sub/logging.conf", LOGGING);
    let (code_with_file, paths_with_file, _) = check_in(&dir, &["tox.ini", "sub/logging.conf"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 0, "{stderr}");
    assert!(paths.is_empty(), "{paths:?}");
    assert!(
        stderr.starts_with("warning: .: no logging configs found"),
        "{stderr}"
    );
    // a file named explicitly is checked whatever it holds: tox.ini fails as
    // fileConfig would fail on it
    assert_eq!(code_with_file, 1);
    assert_eq!(paths_with_file, ["tox.ini", "sub/logging.conf"]);
}
