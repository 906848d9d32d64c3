//! One view of the environment `fileConfig` runs in, shared by `check`,
//! `explain`, `tree` and `simulate`, so they cannot disagree about it.
//!
//! The policy, the same for every command:
//! * relative handler paths resolve against the working directory (`--cwd`,
//!   default: the current one) and are looked up there, read-only;
//! * absolute paths are looked up on the real file system, read-only;
//! * `--mkdir DIR` (relative to the working directory) declares a directory
//!   that will exist when the service loads the file, whether or not it
//!   exists now.
//!
//! Nothing is ever created, opened or changed. `simulate` without `--cwd`
//! keeps its virtual, initially empty working directory (its output must not
//! depend on the directory it is run from); with `--cwd` its load sees the
//! same directory as the other commands.

use crate::check::{
    CheckOptions, FileReport, check_bytes_in, check_owned_bytes_in, check_path,
};
use crate::handler_class::{FileSystem, PathKind, RealFileSystem, normpath};
use crate::simulate::SimOptions;
use std::collections::BTreeSet;
use std::path::Path;

/// The environment the service loads the file in: built once from the
/// command line (or by a library user) and handed to each command.
#[derive(Debug, Clone, Default)]
pub struct LoadEnvironment {
    /// Version, `defaults=`, the working directory, importable modules and
    /// environment variables, as `check` takes them.
    pub options: CheckOptions,
    /// `options.cwd` was given explicitly (`--cwd`). `simulate` otherwise
    /// runs in a virtual, empty working directory.
    pub cwd_given: bool,
    /// Directories, relative to the working directory, that exist at load
    /// time (`--mkdir`, repeatable).
    pub mkdir: Vec<String>,
}

impl LoadEnvironment {
    /// Checks that every `--mkdir` is a relative path inside the working
    /// directory (no `..`): the one place this is decided.
    pub fn validate(&self) -> Result<(), String> {
        for rel in &self.mkdir {
            mkdir_parts(rel)?;
        }
        Ok(())
    }

    /// The file system handler constructors see: the real one, read-only,
    /// with the declared directories added.
    pub(crate) fn file_system(&self) -> Result<EnvironmentFs, String> {
        let cwd =
            std::path::absolute(&self.options.cwd).unwrap_or_else(|_| self.options.cwd.clone());
        EnvironmentFs::new(Some(&cwd), None, &self.mkdir)
    }

    /// `check` of `bytes` as the file at `path` in this environment (the
    /// text `--fix` is about to write).
    pub fn check_bytes(&self, path: &str, bytes: &[u8]) -> Result<FileReport, String> {
        let fs = self.file_system()?;
        Ok(crate::check::check_bytes_in(path, bytes, &self.options, &fs))
    }

    /// `check` of the file at `path` in this environment.
    pub fn check_path(&self, path: &str) -> Result<FileReport, String> {
        let fs = self.file_system()?;
        Ok(match std::fs::read(path) {
            Ok(bytes) if !Path::new(path).is_dir() => {
                check_owned_bytes_in(path, bytes, &self.options, &fs)
            }
            // unreadable, missing or a directory: reported before any handler
            _ => check_path(path, &self.options),
        })
    }

    /// [`Self::check_path`], and when the file fails only because of this
    /// machine (a log directory that does not exist here, a module that is
    /// not importable here), the report of the same load as if the
    /// environment allowed it, with what was set aside. `explain`, `tree`
    /// and `simulate` answer from it after naming the failure.
    pub fn check_setting_aside_environment(
        &self,
        path: &str,
    ) -> Result<(FileReport, Option<SetAside>), String> {
        let report = self.check_path(path)?;
        let Some(failure) = report.python_error.clone() else {
            return Ok((report, None));
        };
        let Ok(bytes) = std::fs::read(path) else {
            return Ok((report, None));
        };
        if report.io_error || !is_environment_failure(&failure) {
            return Ok((report, None));
        }
        let mut opts = self.options.clone();
        opts.host = Some(report.host);
        let mut modules = Vec::new();
        let cwd = self.file_system()?.cwd().to_string();
        let every_directory = crate::rules::lints::EveryDirectoryExists(cwd.clone());
        let mut last = failure.clone();
        // each round sets aside one more missing module
        for _ in 0..8 {
            if let Some(module) = missing_module(&last) {
                modules.push(module.clone());
                opts.importable.push(module);
            }
            let relaxed = check_bytes_in(path, &bytes, &opts, &every_directory);
            match relaxed.python_error.clone() {
                None => {
                    let directories = self.missing_directories(&relaxed, &cwd);
                    let set_aside = SetAside {
                        failure,
                        directories,
                        modules,
                    };
                    return Ok((relaxed, Some(set_aside)));
                }
                Some(e) if missing_module(&e).is_some_and(|m| !modules.contains(&m)) => last = e,
                Some(_) => break,
            }
        }
        Ok((report, None))
    }

    /// The directories (relative to the working directory) above the
    /// handlers' files that do not exist in this environment.
    fn missing_directories(&self, relaxed: &FileReport, cwd: &str) -> Vec<String> {
        let Ok(fs) = self.file_system() else {
            return Vec::new();
        };
        let mut missing = Vec::new();
        for def in relaxed.config.iter().flat_map(|c| &c.handlers) {
            let crate::handler_class::HandlerSpec::File { path, .. } = &def.spec else {
                continue;
            };
            let dir = parent(path);
            let inside = dir.strip_prefix(cwd).and_then(|r| r.strip_prefix('/'));
            if let Some(rel) = inside
                && fs.kind(dir) != PathKind::Dir
                && !missing.iter().any(|m: &String| m == rel)
            {
                missing.push(rel.to_string());
            }
        }
        missing
    }

    /// The simulator's options for this environment (the calls, clock and
    /// existing loggers are the simulator's own).
    pub fn sim_options(&self) -> SimOptions {
        SimOptions {
            version: self.options.version,
            defines: self.options.defines.clone(),
            mkdir: self.mkdir.clone(),
            importable: self.options.importable.clone(),
            cwd: self.cwd_given.then(|| self.options.cwd.clone()),
            host: self.options.host,
            platform: self.options.platform,
            existing: crate::hierarchy::Existing {
                names: self.options.existing.clone(),
                keep_existing: false,
            },
            ..SimOptions::default()
        }
    }
}

/// What [`LoadEnvironment::check_setting_aside_environment`] set aside: the
/// exception CPython raises on this machine, and what would make it load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    /// The exception the load raises here.
    pub failure: crate::diagnostic::PyException,
    /// Log directories (relative to the working directory) that do not
    /// exist here (`--mkdir` would declare them).
    pub directories: Vec<String>,
    /// Top-level modules that are not importable here (`--importable`).
    pub modules: Vec<String>,
}

/// A failure that depends on the machine, not on the file: opening a log
/// file, importing a module.
fn is_environment_failure(exc: &crate::diagnostic::PyException) -> bool {
    crate::rules::lints::is_file_system_error(&exc.type_name) || missing_module(exc).is_some()
}

/// The top-level module of `ModuleNotFoundError: No module named 'a.b'`.
fn missing_module(exc: &crate::diagnostic::PyException) -> Option<String> {
    if exc.type_name != "ModuleNotFoundError" {
        return None;
    }
    let name = exc.message.strip_prefix("No module named '")?.strip_suffix('\'')?;
    Some(name.split('.').next().unwrap_or(name).to_string())
}

/// The components of a `--mkdir` path, or why it is refused.
pub(crate) fn mkdir_parts(rel: &str) -> Result<Vec<&str>, String> {
    let parts: Vec<&str> = rel
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if rel.starts_with('/') || parts.contains(&"..") {
        return Err(format!(
            "--mkdir {rel:?}: a relative path inside the working directory"
        ));
    }
    Ok(parts)
}

/// The real file system seen from a working directory, read-only, plus the
/// directories declared with `--mkdir`. The working directory may be shown
/// under another name (the simulator's `<cwd>`, so its output names files
/// relative to it); with no real directory behind it, it is empty. Absolute
/// paths elsewhere are always looked up on the real disk.
#[derive(Debug, Clone)]
pub struct EnvironmentFs {
    /// The working directory as handler paths are made absolute against.
    shown_cwd: String,
    /// The real directory behind `shown_cwd`, if any.
    real_cwd: Option<String>,
    /// Declared directories (and their ancestors), absolute in `shown_cwd` terms.
    declared: BTreeSet<String>,
}

impl EnvironmentFs {
    /// The real `cwd` (`None`: an empty one), shown as `shown` (`None`: its
    /// own path), with the `mkdir` directories declared under it.
    pub fn new(cwd: Option<&Path>, shown: Option<&str>, mkdir: &[String]) -> Result<Self, String> {
        let real_cwd = cwd.map(|c| RealFileSystem::new(c).cwd().to_string());
        let shown_cwd = match (shown, &real_cwd) {
            (Some(name), _) => normpath(name),
            (None, Some(real)) => real.clone(),
            (None, None) => return Err("a working directory is needed".into()),
        };
        let mut declared = BTreeSet::new();
        for rel in mkdir {
            let mut path = shown_cwd.clone();
            for part in mkdir_parts(rel)? {
                path = format!("{path}/{part}");
                declared.insert(path.clone());
            }
        }
        Ok(EnvironmentFs {
            shown_cwd,
            real_cwd,
            declared,
        })
    }

    /// The directories, among those above the handlers' files, that exist
    /// in this view (declared or real), for a run that opens and rotates
    /// files later (the simulator's delayed opens and rollovers).
    pub(crate) fn directories_for(&self, config: &crate::model::Config) -> Vec<String> {
        let mut found = BTreeSet::new();
        for def in &config.handlers {
            let crate::handler_class::HandlerSpec::File { path, .. } = &def.spec else {
                continue;
            };
            let mut dir = parent(path);
            while !dir.is_empty() && dir != "/" && found.insert(dir.to_string()) {
                if self.kind(dir) != PathKind::Dir {
                    found.remove(dir);
                    break;
                }
                dir = parent(dir);
            }
        }
        found.into_iter().collect()
    }

    /// What is at `abs_path` before the declared directories are added.
    fn found(&self, abs_path: &str) -> PathKind {
        let real_disk = || RealFileSystem::new(Path::new("/"));
        let Some(rest) = abs_path
            .strip_prefix(self.shown_cwd.as_str())
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
        else {
            return real_disk().kind(abs_path);
        };
        match &self.real_cwd {
            Some(real) => real_disk().kind(&format!("{real}{rest}")),
            // an empty working directory
            None if rest.is_empty() => PathKind::Dir,
            None if parent(abs_path) == self.shown_cwd => PathKind::Missing,
            None => PathKind::ParentMissing,
        }
    }
}

/// `os.path.dirname` of a normalized absolute path.
fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) => "/",
        Some(i) => &path[..i],
        None => "",
    }
}

impl FileSystem for EnvironmentFs {
    fn cwd(&self) -> &str {
        &self.shown_cwd
    }

    fn kind(&self, abs_path: &str) -> PathKind {
        let abs_path = normpath(abs_path);
        if self.declared.contains(&abs_path) {
            return PathKind::Dir;
        }
        match self.found(&abs_path) {
            // the file's directory will have been made by then
            PathKind::ParentMissing if self.declared.contains(parent(&abs_path)) => {
                PathKind::Missing
            }
            kind => kind,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_directories_exist_and_absolute_paths_are_real() {
        let dir = std::env::temp_dir().join(format!("logcheck-envfs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let fs = EnvironmentFs::new(Some(&dir), None, &["logs/app".to_string()]).expect("fs");
        let cwd = fs.cwd().to_string();
        assert_eq!(fs.kind(&format!("{cwd}/logs")), PathKind::Dir);
        assert_eq!(fs.kind(&format!("{cwd}/logs/app/x.log")), PathKind::Missing);
        assert_eq!(
            fs.kind(&format!("{cwd}/other/x.log")),
            PathKind::ParentMissing
        );
        assert_eq!(fs.kind("/dev/null"), PathKind::File);
        let cwd = crate::simulate::CWD;
        let virtual_fs = EnvironmentFs::new(None, Some(cwd), &["logs".to_string()]).expect("fs");
        assert_eq!(virtual_fs.kind("/dev/null"), PathKind::File);
        assert_eq!(virtual_fs.kind(&format!("{cwd}/a.log")), PathKind::Missing);
        assert_eq!(
            virtual_fs.kind(&format!("{cwd}/logs/a.log")),
            PathKind::Missing
        );
        assert_eq!(
            virtual_fs.kind(&format!("{cwd}/x/a.log")),
            PathKind::ParentMissing
        );
        // a real directory behind the simulator's name for it
        let mapped = EnvironmentFs::new(Some(&dir), Some(cwd), &[]).expect("fs");
        std::fs::create_dir_all(dir.join("real")).expect("real dir");
        assert_eq!(mapped.kind(&format!("{cwd}/real/a.log")), PathKind::Missing);
        assert_eq!(
            mapped.kind(&format!("{cwd}/x/a.log")),
            PathKind::ParentMissing
        );
        assert!(EnvironmentFs::new(None, Some(cwd), &["../up".to_string()]).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
