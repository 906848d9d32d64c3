//! `check --fix`, `--unsafe-fixes` and `--diff`: the library's
//! [`fix_text`](crate::fix::fix_text) on each file, then the file replaced
//! atomically (a temporary file beside it, renamed over it) unless it
//! changed on disk since it was read; or, with `--diff`, a unified diff and
//! nothing written.

use super::args::CheckArgs;
use crate::check::FileReport;
use crate::environment::LoadEnvironment;
use crate::fix::{Applicability, fix_text};
use std::io::Write as _;
use std::path::Path;

/// What fixing one file did.
pub struct FileFixed {
    /// The check of the file as it is now (or would be, with `--diff`).
    pub report: FileReport,
    /// Rule codes of the fixes applied (or that `--diff` shows).
    pub applied: Vec<&'static str>,
    /// The unified diff, with `--diff`.
    pub diff: Option<String>,
    /// Why the file was not written, when it was not.
    pub not_written: Option<String>,
}

/// Fixes `path` (writes it unless `--diff`) with the fixes of the findings
/// `--select`/`--ignore` keep; `None` when it cannot be read as UTF-8 text
/// (its report then says why, and nothing is touched).
pub fn fix_file(path: &str, env: &LoadEnvironment, args: &CheckArgs) -> Option<FileFixed> {
    let (unsafe_fixes, diff) = (args.unsafe_fixes, args.diff);
    let original = std::fs::read(path).ok()?;
    let text = std::str::from_utf8(&original).ok()?;
    let check = |t: &str| {
        let mut report = (env.check_bytes(path, t.as_bytes()))
            .unwrap_or_else(|_| crate::check::check_bytes(path, t.as_bytes(), &env.options));
        let all = std::mem::take(&mut report.diagnostics);
        report.diagnostics = crate::rules::suppress::select(all, &args.select, &args.ignore);
        report
    };
    let fixed = fix_text(text, unsafe_fixes, check);
    let changed = fixed.text != text;
    let mut out = FileFixed {
        report: fixed.report,
        applied: fixed.applied,
        diff: None,
        not_written: None,
    };
    if diff {
        out.diff = changed.then(|| unified_diff(path, text, &fixed.text));
    } else if changed && let Err(why) = replace_atomically(Path::new(path), &original, &fixed.text)
    {
        out.not_written = Some(why);
    }
    Some(out)
}

/// `--- a/path` / `+++ b/path` hunks with three lines of context.
fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&side("a", path), &side("b", path))
        .to_string()
}

/// A diff header's file name: `a/path` as git writes it (so `git apply`
/// takes it), an absolute path as is.
fn side(prefix: &str, path: &str) -> String {
    match Path::new(path).is_absolute() {
        true => path.to_string(),
        false => format!("{prefix}/{path}"),
    }
}

/// Writes `text` over `path` through a temporary file beside it, unless the
/// file no longer holds `original` (another program changed it).
fn replace_atomically(path: &Path, original: &[u8], text: &str) -> Result<(), String> {
    let current = std::fs::read(path).map_err(|e| format!("cannot read it again: {e}"))?;
    if current != original {
        return Err("it changed on disk while it was being fixed".into());
    }
    write_beside(path, text).map_err(|e| format!("cannot write it: {e}"))
}

/// Writes `text` to `path` atomically: a temporary file beside it (with
/// the permissions of the file it replaces, if any), synced, then renamed
/// over it. (`--fix` and `convert -o` write this way.)
pub fn write_beside(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(".{name}.logcheck-{}.tmp", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// The summary after fixing: what was fixed, what remains, and the fixes
/// left for `--unsafe-fixes`.
pub fn summary(fixed: &[FileFixed], unsafe_fixes: bool, diff: bool) -> String {
    let applied: usize = fixed.iter().map(|f| f.applied.len()).sum();
    let remaining: usize = fixed.iter().map(|f| f.report.diagnostics.len()).sum();
    let verb = if diff { "would fix" } else { "fixed" };
    let mut out = format!(
        "{verb} {applied} finding{} ({remaining} remaining)\n",
        plural(applied)
    );
    let hidden: usize = (fixed.iter().flat_map(|f| &f.report.diagnostics))
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Unsafe)
        })
        .count();
    if hidden > 0 && !unsafe_fixes {
        out.push_str(&format!(
            "{hidden} more fixable with `--unsafe-fixes` (they change what the file writes or guess the intent: review them with `--diff --unsafe-fixes`)\n"
        ));
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file that changed since it was read is not overwritten; one that
    /// did not is replaced, and no temporary file is left beside it.
    #[test]
    fn a_file_changed_on_disk_is_not_overwritten() {
        let dir = std::env::temp_dir().join(format!("logcheck-fix-write-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("log.conf");
        std::fs::write(&path, "edited by someone else\n").expect("write");
        let refused = replace_atomically(&path, b"what logcheck read\n", "fixed\n");
        assert!(refused.is_err_and(|e| e.contains("changed on disk")));
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "edited by someone else\n"
        );
        replace_atomically(&path, b"edited by someone else\n", "fixed\r\n").expect("written");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "fixed\r\n");
        let left: Vec<_> = std::fs::read_dir(&dir)
            .expect("dir")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("log.conf")]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
