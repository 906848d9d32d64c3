//! The file system as the constructors see it: asked, never changed.

use crate::version::PyVersion;
use std::collections::HashMap;

/// What `open(abs_path, mode)` would find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// Does not exist; its directory does (open for writing creates it).
    Missing,
    /// A directory in the path is missing (`[Errno 2]`).
    ParentMissing,
    /// A component of the path is a file (`[Errno 20] Not a directory`).
    ParentNotDir,
    /// An existing regular file.
    File,
    /// An existing directory (`[Errno 21] Is a directory`).
    Dir,
    /// Exists or would be created, but access is refused (`[Errno 13]`).
    PermissionDenied,
}

/// Read-only questions the constructors ask.
pub trait FileSystem {
    /// The process working directory at fileConfig time (absolute).
    fn cwd(&self) -> &str;
    /// What is at an absolute, normalized path.
    fn kind(&self, abs_path: &str) -> PathKind;
}

/// An in-memory file system: the working directory exists, plus whatever was added.
#[derive(Debug, Clone, Default)]
pub struct VirtualFs {
    cwd: String,
    entries: HashMap<String, PathKind>,
}

impl VirtualFs {
    /// Only `cwd` (and its ancestors) exist, as directories.
    pub fn empty(cwd: &str) -> Self {
        let mut fs = VirtualFs {
            cwd: normpath(cwd),
            entries: HashMap::new(),
        };
        let mut p = fs.cwd.clone();
        loop {
            fs.entries.insert(p.clone(), PathKind::Dir);
            match p.rfind('/') {
                Some(0) | None => break,
                Some(i) => p.truncate(i),
            }
        }
        fs.entries.insert("/".into(), PathKind::Dir);
        fs
    }

    /// Declare what is at `abs_path` (`File`, `Dir` or `PermissionDenied`).
    pub fn with(mut self, abs_path: &str, kind: PathKind) -> Self {
        self.entries.insert(normpath(abs_path), kind);
        self
    }
}

impl FileSystem for VirtualFs {
    fn cwd(&self) -> &str {
        &self.cwd
    }

    fn kind(&self, abs_path: &str) -> PathKind {
        if let Some(k) = self.entries.get(abs_path) {
            return *k;
        }
        let parent = match abs_path.rfind('/') {
            Some(0) => "/",
            Some(i) => &abs_path[..i],
            None => return PathKind::ParentMissing,
        };
        // Walk up to the nearest known ancestor.
        let mut p = parent.to_string();
        let mut direct = true;
        loop {
            match self.entries.get(p.as_str()) {
                Some(PathKind::Dir) => {
                    return if direct {
                        PathKind::Missing
                    } else {
                        PathKind::ParentMissing
                    };
                }
                Some(PathKind::File) => return PathKind::ParentNotDir,
                Some(PathKind::PermissionDenied) => return PathKind::PermissionDenied,
                Some(_) => return PathKind::ParentMissing,
                None => {}
            }
            direct = false;
            match p.rfind('/') {
                Some(0) => p = "/".into(),
                Some(i) => p.truncate(i),
                None => return PathKind::ParentMissing,
            }
        }
    }
}

/// The operating system the service runs on: its `os.path` is `posixpath`
/// or `ntpath` (`--platform`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Platform {
    /// Linux, macOS and the other POSIX systems (`posixpath`).
    Posix,
    /// Windows (`ntpath`): `\` and `/` separate, `D:` names a drive.
    Windows,
}

impl Platform {
    /// The platform logcheck itself runs on.
    pub const CURRENT: Platform = if cfg!(windows) {
        Platform::Windows
    } else {
        Platform::Posix
    };
}

impl Default for Platform {
    fn default() -> Self {
        Platform::CURRENT
    }
}

/// Under Windows, a log file name that is not relative to the working
/// directory (a drive `D:`, a UNC `\\server\share`, or rooted at `\`/`/` on
/// the current drive), as `ntpath.normpath` writes it. logcheck cannot look
/// at that machine's drives: such a file is assumed creatable.
pub fn windows_foreign_path(name: &str, version: PyVersion) -> Option<String> {
    let b = name.as_bytes();
    let drive = b.len() >= 2 && b[1] == b':' && b[0].is_ascii_alphabetic();
    let rooted = name.starts_with(['/', '\\']);
    (drive || rooted).then(|| nt_normpath(name, version))
}

/// `ntpath.normpath` of `version`: `/` becomes `\\`, the drive (`D:`, UNC
/// `\\\\server\\share`) is kept, a root collapses, `.` and empty components
/// go, `..` climbs (and vanishes at the root).
pub fn nt_normpath(path: &str, version: PyVersion) -> String {
    // before 3.11, device (`\\\\.\\`) and literal (`\\\\?\\`) paths stay as written
    if version.minor < 11 && (path.starts_with("\\\\.\\") || path.starts_with("\\\\?\\")) {
        return path.to_string();
    }
    let path = path.replace('/', "\\");
    let (drive, rest) = if version.minor >= 11 {
        nt_splitdrive(&path)
    } else {
        nt_splitdrive_310(&path)
    };
    let mut prefix = drive.to_string();
    let mut rest = rest;
    if rest.starts_with('\\') {
        prefix.push('\\');
        rest = rest.trim_start_matches('\\');
    }
    let mut comps: Vec<&str> = Vec::new();
    for comp in rest.split('\\') {
        match comp {
            "" | "." => {}
            ".." if comps.last().is_some_and(|c| *c != "..") => {
                comps.pop();
            }
            ".." if comps.is_empty() && prefix.ends_with('\\') => {}
            _ => comps.push(comp),
        }
    }
    if prefix.is_empty() && comps.is_empty() {
        return ".".into();
    }
    format!("{prefix}{}", comps.join("\\"))
}

/// `ntpath.splitdrive` before 3.11, of a path whose separators are `\\`:
/// a UNC drive needs a server and a share (`\\\\server\\share`); `\\\\x`,
/// `\\\\\\x` and `\\\\x\\\\y` have no drive at all.
fn nt_splitdrive_310(path: &str) -> (&str, &str) {
    if path.len() >= 2 && path.starts_with("\\\\") && !path[2..].starts_with('\\') {
        let Some(index) = path[2..].find('\\').map(|i| i + 2) else {
            return ("", path);
        };
        return match path[index + 1..].find('\\').map(|i| i + index + 1) {
            Some(index2) if index2 == index + 1 => ("", path),
            Some(index2) => path.split_at(index2),
            None => (path, ""),
        };
    }
    if path.len() >= 2 && path.as_bytes()[1] == b':' && path.is_char_boundary(2) {
        return path.split_at(2);
    }
    ("", path)
}

/// `ntpath.splitdrive` (3.11) of a path whose separators are `\\`.
fn nt_splitdrive(path: &str) -> (&str, &str) {
    if path.len() < 2 {
        return ("", path);
    }
    if path.starts_with("\\\\") {
        let unc_device = path.len() >= 8
            && path.is_char_boundary(8)
            && path[..8].eq_ignore_ascii_case("\\\\?\\UNC\\");
        let start = if unc_device { 8 } else { 2 };
        let Some(index) = path[start..].find('\\').map(|i| i + start) else {
            return (path, "");
        };
        let Some(index2) = path[index + 1..].find('\\').map(|i| i + index + 1) else {
            return (path, "");
        };
        return path.split_at(index2);
    }
    if path.as_bytes()[1] == b':' && path.is_char_boundary(2) {
        return path.split_at(2);
    }
    ("", path)
}

/// `os.path.normpath` (POSIX): collapses `//`, `.` and `..`; keeps a leading `//`.
pub fn normpath(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let initial_slashes = if path.starts_with("//") && !path.starts_with("///") {
        2
    } else if path.starts_with('/') {
        1
    } else {
        0
    };
    let mut parts: Vec<&str> = Vec::new();
    for comp in path.split('/') {
        if comp.is_empty() || comp == "." {
            continue;
        }
        if comp != ".." || (initial_slashes == 0 && parts.is_empty()) || parts.last() == Some(&"..")
        {
            parts.push(comp);
        } else if !parts.is_empty() {
            parts.pop();
        }
    }
    if initial_slashes == 0 && parts.is_empty() {
        return ".".into();
    }
    let mut out = String::with_capacity(path.len());
    out.push_str(&"//"[..initial_slashes]);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(part);
    }
    out
}

/// `os.path.abspath(path)` with `cwd` as the working directory.
pub fn abspath(path: &str, cwd: &str) -> String {
    if path.starts_with('/') {
        normpath(path)
    } else {
        normpath(&format!("{cwd}/{path}"))
    }
}

/// The real disk, seen from an assumed working directory. Only metadata is
/// read: nothing is created, opened or changed.
#[derive(Debug, Clone)]
pub struct RealFileSystem {
    cwd: String,
}

impl RealFileSystem {
    pub fn new(cwd: &std::path::Path) -> Self {
        RealFileSystem {
            cwd: normpath(&cwd.to_string_lossy()),
        }
    }
}

impl FileSystem for RealFileSystem {
    fn cwd(&self) -> &str {
        &self.cwd
    }

    fn kind(&self, abs_path: &str) -> PathKind {
        use std::path::Path;
        match std::fs::metadata(abs_path) {
            Ok(m) if m.is_dir() => return PathKind::Dir,
            Ok(m) => {
                return if m.permissions().readonly() && !running_as_root() {
                    PathKind::PermissionDenied
                } else {
                    PathKind::File
                };
            }
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                return PathKind::PermissionDenied;
            }
            Err(_) => {}
        }
        // Missing: is it the file or a directory on the way?
        let mut ancestor = Path::new(abs_path).parent();
        let mut direct = true;
        while let Some(dir) = ancestor {
            match std::fs::metadata(dir) {
                Ok(m) if m.is_dir() => {
                    let readonly = m.permissions().readonly() && !running_as_root();
                    return match (direct, readonly) {
                        (true, true) => PathKind::PermissionDenied,
                        (true, false) => PathKind::Missing,
                        (false, _) => PathKind::ParentMissing,
                    };
                }
                Ok(_) => return PathKind::ParentNotDir,
                Err(_) => {}
            }
            direct = false;
            ancestor = dir.parent();
        }
        PathKind::ParentMissing
    }
}

/// Root can write anywhere, whatever the mode bits say.
#[cfg(unix)]
fn running_as_root() -> bool {
    std::env::var("USER").map(|u| u == "root").unwrap_or(false)
        || std::fs::metadata("/proc/self")
            .map(|m| {
                use std::os::unix::fs::MetadataExt;
                m.uid() == 0
            })
            .unwrap_or(false)
}

/// No root on Windows: the read-only attribute is what refuses a write.
#[cfg(not(unix))]
fn running_as_root() -> bool {
    false
}
