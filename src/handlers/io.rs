//! The I/O seam: what the file handlers do to the outside world, with a real
//! implementation (the backend: the disk, through `std::fs`) and a virtual one
//! (`simulate`: an in-memory tree of inodes over a read-only view of the disk).
//!
//! The seam is a trait with an associated handle type and static dispatch:
//! the backend's [`RealIo`] is a zero-sized type, so a handler generic over it
//! compiles to the same direct `std::fs` calls as before (no trait object on
//! the hot path).
//!
//! The virtual tree models what CPython's handlers can observe of POSIX
//! files: a path names an inode, an open handle keeps its inode through
//! renames and removals, an `O_APPEND` handle writes at the end and is left
//! there, other handles write at their own offset. Relative paths live only in
//! the tree (under [`VIRTUAL_CWD`]); an absolute path the tree does not know is
//! looked up on the real file system, read-only: nothing is ever written to
//! the disk, what the run writes there is kept in the tree and reported.

use crate::diagnostic::PyException;
use crate::handler_class::{FileSystem, PathKind, RealFileSystem};
use crate::pyrepr::repr_str;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

/// The virtual working directory, printed as the oracle prints its sandbox.
pub const VIRTUAL_CWD: &str = "<cwd>";

/// File operations of the stdlib file handlers (`open`, `write`, `tell`,
/// `seek`, `os.path.exists`, `os.path.isfile`, `os.rename`, `os.remove`).
/// Errors are the Python exceptions CPython would raise.
pub trait FileIo {
    /// An open file (CPython's `stream`).
    type Handle;
    /// What identifies a file (`st_dev`, `st_ino`).
    type Id: PartialEq + Copy;
    /// `open(path, mode)`; an append-mode handle starts at the end, as
    /// CPython's `FileIO` seeks there on open.
    fn open(&self, path: &str, mode: &str) -> Result<Self::Handle, PyException>;
    /// `stream.write(bytes)` (unbuffered: the bytes reach the file).
    fn write(&self, handle: &mut Self::Handle, bytes: &[u8]) -> Result<(), PyException>;
    /// `stream.tell()`: the handle's offset.
    fn tell(&self, handle: &mut Self::Handle) -> u64;
    /// `stream.seek(0, 2)`: moves to the end of the handle's file, returns it.
    fn seek_end(&self, handle: &mut Self::Handle) -> u64;
    /// `os.path.exists(path)`.
    fn exists(&self, path: &str) -> bool;
    /// `os.path.isfile(path)`: a regular file.
    fn is_file(&self, path: &str) -> bool;
    /// `os.rename(from, to)`.
    fn rename(&self, from: &str, to: &str) -> Result<(), PyException>;
    /// `os.remove(path)`.
    fn remove(&self, path: &str) -> Result<(), PyException>;
    /// `os.stat(path)`'s identity; `Ok(None)`: `FileNotFoundError`.
    fn path_id(&self, path: &str) -> Result<Option<Self::Id>, PyException>;
    /// `os.fstat(stream.fileno())`'s identity.
    fn handle_id(&self, handle: &Self::Handle) -> Option<Self::Id>;
    /// `int(os.stat(path).st_mtime)` (`None`: no such file).
    fn mtime(&self, path: &str) -> Option<i64>;
    /// `os.listdir(dir)` (empty when it cannot be read).
    fn list_dir(&self, dir: &str) -> Vec<String>;
}

/// Seconds since the epoch of a file's modification time.
fn real_mtime(path: &str) -> Option<i64> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let since = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(since.as_secs() as i64)
}

/// The real clock, in whole seconds since the epoch.
fn wall_clock_seconds() -> Option<i64> {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(since.as_secs() as i64)
}

/// The names in a real directory.
fn real_list_dir(dir: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// `os.path.exists(p) and not os.path.isfile(p)`: bpo-45401's test (only
/// regular files roll over). Applied under 3.8 too, which lacks it and
/// would rename `/dev/null` away: a decision (README, "Fidelity"), as the
/// backend runs this engine on the real file system.
pub fn exists_not_file<I: FileIo + ?Sized>(io: &I, path: &str) -> bool {
    io.exists(path) && !io.is_file(path)
}

/// An `OSError` as CPython words it: the errno subclass and `[Errno N] text`.
pub fn os_error(err: &std::io::Error, filename: Option<&str>) -> PyException {
    let Some(code) = err.raw_os_error() else {
        return PyException::new("OSError", err.to_string());
    };
    let text = std::io::Error::from_raw_os_error(code).to_string();
    let strerror = text
        .strip_suffix(&format!(" (os error {code})"))
        .unwrap_or(&text);
    let mut message = format!("[Errno {code}] {strerror}");
    if let Some(f) = filename {
        message.push_str(": ");
        message.push_str(&repr_str(f));
    }
    PyException::new(errno_class(code), message)
}

/// The `OSError` subclass CPython picks for a (Linux) errno.
fn errno_class(code: i32) -> &'static str {
    match code {
        2 => "FileNotFoundError",
        1 | 13 => "PermissionError",
        17 => "FileExistsError",
        21 => "IsADirectoryError",
        20 => "NotADirectoryError",
        32 | 108 => "BrokenPipeError",
        111 => "ConnectionRefusedError",
        104 => "ConnectionResetError",
        103 => "ConnectionAbortedError",
        4 => "InterruptedError",
        11 | 115 | 114 => "BlockingIOError",
        110 => "TimeoutError",
        _ => "OSError",
    }
}

/// A CPython `OSError` from an errno and its Linux text.
fn py_os_error(code: i32, text: &str, path: &str) -> PyException {
    PyException::new(
        errno_class(code),
        format!("[Errno {code}] {text}: {}", repr_str(path)),
    )
}

/// `os.rename`'s message names both paths.
fn rename_error(mut exc: PyException, to: &str) -> PyException {
    exc.message.push_str(&format!(" -> {}", repr_str(to)));
    exc
}

// ---- the real disk ---------------------------------------------------------

/// The real file system (the backend): `std::fs` on the process's paths.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealIo;

impl FileIo for RealIo {
    type Handle = std::fs::File;
    type Id = (u64, u64);

    fn open(&self, path: &str, mode: &str) -> Result<std::fs::File, PyException> {
        use std::io::Seek;
        let mut o = std::fs::OpenOptions::new();
        let plus = mode.contains('+');
        if mode.contains('a') {
            o.append(true).create(true);
        } else if mode.contains('w') {
            o.write(true).create(true).truncate(true);
        } else if mode.contains('x') {
            o.write(true).create_new(true);
        } else {
            o.read(true).write(plus);
        }
        if plus {
            o.read(true);
        }
        let mut file = o.open(path).map_err(|e| os_error(&e, Some(path)))?;
        if mode.contains('a') {
            // FileIO seeks to the end of an append-mode file on open.
            let _ = file.seek(std::io::SeekFrom::End(0));
        }
        Ok(file)
    }

    #[inline]
    fn write(&self, handle: &mut std::fs::File, bytes: &[u8]) -> Result<(), PyException> {
        use std::io::Write;
        handle.write_all(bytes).map_err(|e| os_error(&e, None))
    }

    fn tell(&self, handle: &mut std::fs::File) -> u64 {
        use std::io::Seek;
        handle.stream_position().unwrap_or(0)
    }

    fn seek_end(&self, handle: &mut std::fs::File) -> u64 {
        use std::io::Seek;
        handle.seek(std::io::SeekFrom::End(0)).unwrap_or(0)
    }

    fn exists(&self, path: &str) -> bool {
        std::path::Path::new(path).exists()
    }

    fn is_file(&self, path: &str) -> bool {
        std::fs::metadata(path).is_ok_and(|m| m.is_file())
    }

    fn rename(&self, from: &str, to: &str) -> Result<(), PyException> {
        std::fs::rename(from, to).map_err(|e| rename_error(os_error(&e, Some(from)), to))
    }

    fn remove(&self, path: &str) -> Result<(), PyException> {
        std::fs::remove_file(path).map_err(|e| os_error(&e, Some(path)))
    }

    fn path_id(&self, path: &str) -> Result<Option<(u64, u64)>, PyException> {
        match std::fs::metadata(path) {
            Ok(meta) => Ok(Some(real_id(&meta))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(os_error(&e, Some(path))),
        }
    }

    fn handle_id(&self, handle: &std::fs::File) -> Option<(u64, u64)> {
        handle.metadata().ok().map(|m| real_id(&m))
    }

    fn mtime(&self, path: &str) -> Option<i64> {
        real_mtime(path)
    }

    fn list_dir(&self, dir: &str) -> Vec<String> {
        real_list_dir(dir)
    }
}

/// `(st_dev, st_ino)`.
#[cfg(unix)]
fn real_id(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

/// Windows: `std` has no stable file index, so every file looks the same
/// and a watched file is reopened only when it disappears (CPython's docs
/// call `WatchedFileHandler` unsuitable for Windows).
#[cfg(not(unix))]
fn real_id(_meta: &std::fs::Metadata) -> (u64, u64) {
    (0, 0)
}

impl super::stream::StreamIo for RealIo {
    #[inline]
    fn write_std(&self, stdout: bool, text: &str) -> Result<(), PyException> {
        use std::io::Write;
        // One write of the whole line under the stream's lock, then a flush.
        let result = if stdout {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes()).and_then(|()| out.flush())
        } else {
            let mut out = std::io::stderr().lock();
            out.write_all(text.as_bytes()).and_then(|()| out.flush())
        };
        result.map_err(|e| os_error(&e, None))
    }
}

// ---- the virtual tree ------------------------------------------------------

/// A file's contents in the virtual tree.
#[derive(Debug, Clone, Default)]
struct Inode {
    /// Bytes a real file already held when the run first opened it (its
    /// size counts, its contents are not read and not reported).
    hidden: u64,
    /// What the run wrote, after `hidden`.
    data: Vec<u8>,
    /// A device (`/dev/null`): writes vanish, it is not a regular file.
    device: bool,
    /// The real file's mtime until the run writes to it (then: now).
    mtime: Option<i64>,
}

impl Inode {
    fn size(&self) -> u64 {
        if self.device {
            0
        } else {
            self.hidden + self.data.len() as u64
        }
    }
}

/// What a path names in the virtual tree.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Entry {
    File(usize),
    /// A real path the run removed or renamed away.
    Gone,
}

/// An open file of the virtual tree.
#[derive(Debug, Clone)]
pub struct VirtualHandle {
    inode: usize,
    offset: u64,
    append: bool,
}

#[derive(Debug, Default)]
struct Tree {
    inodes: Vec<Inode>,
    paths: BTreeMap<String, Entry>,
    dirs: BTreeSet<String>,
}

/// The virtual file system of `simulate`: relative paths resolve against
/// [`VIRTUAL_CWD`] (an empty directory plus `--mkdir`s), absolute paths
/// against the real disk, read-only. Paths given to it are absolute as
/// `os.path.abspath` makes them (`<cwd>/a.log`, `/tmp/x.log`).
#[derive(Debug, Default)]
pub struct VirtualIo {
    tree: RefCell<Tree>,
    /// Captured stdout and stderr.
    streams: RefCell<(String, String)>,
}

impl super::stream::StreamIo for VirtualIo {
    fn write_std(&self, stdout: bool, text: &str) -> Result<(), PyException> {
        let mut streams = self.streams.borrow_mut();
        let target = if stdout {
            &mut streams.0
        } else {
            &mut streams.1
        };
        target.push_str(text);
        Ok(())
    }
}

impl VirtualIo {
    /// The working directory with these directories in it (relative, `/`-separated).
    pub fn new(dirs: impl IntoIterator<Item = String>) -> VirtualIo {
        let mut tree = Tree::default();
        tree.dirs.insert(VIRTUAL_CWD.to_string());
        tree.dirs.extend(dirs);
        VirtualIo {
            tree: RefCell::new(tree),
            streams: RefCell::default(),
        }
    }

    /// What was written to stdout and stderr (taken: the capture restarts empty).
    pub fn take_streams(&self) -> (String, String) {
        std::mem::take(&mut *self.streams.borrow_mut())
    }

    /// Creates (or truncates) an empty file, as a constructor that opens
    /// its file does before the first record.
    pub fn create(&self, path: &str) {
        let mut tree = self.tree.borrow_mut();
        let inode = tree.inodes.len();
        tree.inodes.push(Inode::default());
        tree.paths.insert(path.to_string(), Entry::File(inode));
    }

    /// The regular files the run wrote or created: paths under the virtual
    /// working directory relative to it, others absolute; contents are what
    /// the run wrote (lossy UTF-8).
    pub fn written_files(&self) -> BTreeMap<String, String> {
        let tree = self.tree.borrow();
        let prefix = format!("{VIRTUAL_CWD}/");
        tree.paths
            .iter()
            .filter_map(|(path, entry)| {
                let Entry::File(i) = entry else { return None };
                let inode = &tree.inodes[*i];
                if inode.device {
                    return None;
                }
                let key = path.strip_prefix(&prefix).unwrap_or(path).to_string();
                Some((key, String::from_utf8_lossy(&inode.data).into_owned()))
            })
            .collect()
    }

    /// What `open` would find at `path` (tree first, then the disk).
    fn kind(&self, tree: &Tree, path: &str) -> PathKind {
        match tree.paths.get(path) {
            Some(Entry::File(_)) => return PathKind::File,
            Some(Entry::Gone) => return parent_kind(self, tree, path),
            None => {}
        }
        if tree.dirs.contains(path) {
            return PathKind::Dir;
        }
        if is_virtual(path) {
            return parent_kind(self, tree, path);
        }
        RealFileSystem::new(std::path::Path::new("/")).kind(path)
    }

    /// The inode a real path names, read once (size, device) and kept.
    fn adopt_real(tree: &mut Tree, path: &str, truncate: bool) -> usize {
        let meta = std::fs::metadata(path).ok();
        let device = meta.as_ref().is_some_and(|m| !m.is_file() && !m.is_dir());
        let hidden = match (&meta, truncate) {
            (Some(m), false) if m.is_file() => m.len(),
            _ => 0,
        };
        let inode = tree.inodes.len();
        tree.inodes.push(Inode {
            hidden,
            data: Vec::new(),
            device,
            mtime: real_mtime(path),
        });
        tree.paths.insert(path.to_string(), Entry::File(inode));
        inode
    }
}

/// Not an absolute path: under the virtual working directory, never on the disk.
fn is_virtual(path: &str) -> bool {
    !path.starts_with('/')
}

/// The kind of a missing `path`, from its directory.
fn parent_kind(io: &VirtualIo, tree: &Tree, path: &str) -> PathKind {
    let parent = path.rsplit_once('/').map_or("", |(p, _)| p);
    match io.kind(tree, if parent.is_empty() { "/" } else { parent }) {
        PathKind::Dir => PathKind::Missing,
        PathKind::File => PathKind::ParentNotDir,
        PathKind::PermissionDenied => PathKind::PermissionDenied,
        _ => PathKind::ParentMissing,
    }
}

/// `open`'s error for what is at the path, if any.
fn open_error(kind: PathKind, mode: &str, path: &str) -> Option<PyException> {
    let read_only = mode.contains('r') && !mode.contains('+');
    Some(match kind {
        PathKind::Dir => py_os_error(21, "Is a directory", path),
        PathKind::ParentNotDir => py_os_error(20, "Not a directory", path),
        PathKind::ParentMissing => py_os_error(2, "No such file or directory", path),
        PathKind::PermissionDenied => py_os_error(13, "Permission denied", path),
        PathKind::Missing if read_only => py_os_error(2, "No such file or directory", path),
        PathKind::File if mode.contains('x') => py_os_error(17, "File exists", path),
        _ => return None,
    })
}

impl FileIo for VirtualIo {
    type Handle = VirtualHandle;
    type Id = usize;

    fn open(&self, path: &str, mode: &str) -> Result<VirtualHandle, PyException> {
        let mut tree = self.tree.borrow_mut();
        let kind = self.kind(&tree, path);
        if let Some(e) = open_error(kind, mode, path) {
            return Err(e);
        }
        let truncate = mode.contains('w');
        let inode = match tree.paths.get(path) {
            Some(Entry::File(i)) => *i,
            None if kind == PathKind::File => VirtualIo::adopt_real(&mut tree, path, truncate),
            _ => {
                let i = tree.inodes.len();
                tree.inodes.push(Inode::default());
                tree.paths.insert(path.to_string(), Entry::File(i));
                i
            }
        };
        let node = &mut tree.inodes[inode];
        if truncate {
            node.hidden = 0;
            node.data.clear();
        }
        let append = mode.contains('a');
        let offset = if append { node.size() } else { 0 };
        Ok(VirtualHandle {
            inode,
            offset,
            append,
        })
    }

    fn write(&self, handle: &mut VirtualHandle, bytes: &[u8]) -> Result<(), PyException> {
        let mut tree = self.tree.borrow_mut();
        let node = &mut tree.inodes[handle.inode];
        if node.device {
            return Ok(());
        }
        node.mtime = None;
        if handle.append {
            handle.offset = node.size();
        }
        // Offsets inside the hidden (real) part are taken as its end.
        let start = handle.offset.saturating_sub(node.hidden) as usize;
        if node.data.len() < start {
            node.data.resize(start, 0);
        }
        let overlap = (node.data.len() - start).min(bytes.len());
        node.data[start..start + overlap].copy_from_slice(&bytes[..overlap]);
        node.data.extend_from_slice(&bytes[overlap..]);
        handle.offset = node.hidden.max(handle.offset) + bytes.len() as u64;
        Ok(())
    }

    fn tell(&self, handle: &mut VirtualHandle) -> u64 {
        handle.offset
    }

    fn seek_end(&self, handle: &mut VirtualHandle) -> u64 {
        handle.offset = self.tree.borrow().inodes[handle.inode].size();
        handle.offset
    }

    fn exists(&self, path: &str) -> bool {
        let tree = self.tree.borrow();
        matches!(self.kind(&tree, path), PathKind::File | PathKind::Dir)
    }

    fn is_file(&self, path: &str) -> bool {
        let tree = self.tree.borrow();
        match tree.paths.get(path) {
            Some(Entry::File(i)) => !tree.inodes[*i].device,
            Some(Entry::Gone) => false,
            None if is_virtual(path) => false,
            None => std::fs::metadata(path).is_ok_and(|m| m.is_file()),
        }
    }

    fn rename(&self, from: &str, to: &str) -> Result<(), PyException> {
        let mut tree = self.tree.borrow_mut();
        let inode = match tree.paths.get(from) {
            Some(Entry::File(i)) => *i,
            _ if self.kind(&tree, from) == PathKind::File => {
                VirtualIo::adopt_real(&mut tree, from, false)
            }
            _ => {
                let e = py_os_error(2, "No such file or directory", from);
                return Err(rename_error(e, to));
            }
        };
        if parent_kind(self, &tree, to) != PathKind::Missing {
            let e = py_os_error(2, "No such file or directory", from);
            return Err(rename_error(e, to));
        }
        tree.paths.insert(from.to_string(), Entry::Gone);
        tree.paths.insert(to.to_string(), Entry::File(inode));
        Ok(())
    }

    fn remove(&self, path: &str) -> Result<(), PyException> {
        let mut tree = self.tree.borrow_mut();
        match self.kind(&tree, path) {
            PathKind::File => {
                tree.paths.insert(path.to_string(), Entry::Gone);
                Ok(())
            }
            PathKind::Dir => Err(py_os_error(21, "Is a directory", path)),
            _ => Err(py_os_error(2, "No such file or directory", path)),
        }
    }

    fn path_id(&self, path: &str) -> Result<Option<usize>, PyException> {
        let tree = self.tree.borrow();
        Ok(match tree.paths.get(path) {
            Some(Entry::File(i)) => Some(*i),
            Some(Entry::Gone) => None,
            // A real file no handle opened: no inode of the tree.
            None if !is_virtual(path) && std::fs::metadata(path).is_ok() => Some(usize::MAX),
            None => None,
        })
    }

    fn handle_id(&self, handle: &VirtualHandle) -> Option<usize> {
        Some(handle.inode)
    }

    /// A file the run created or wrote was modified now on the real clock
    /// (as the oracle's files are: its frozen clock only stamps records).
    fn mtime(&self, path: &str) -> Option<i64> {
        let tree = self.tree.borrow();
        match tree.paths.get(path) {
            Some(Entry::File(i)) => tree.inodes[*i].mtime.or_else(wall_clock_seconds),
            Some(Entry::Gone) => None,
            None if is_virtual(path) => None,
            None => real_mtime(path),
        }
    }

    fn list_dir(&self, dir: &str) -> Vec<String> {
        let tree = self.tree.borrow();
        let mut names: BTreeSet<String> = if is_virtual(dir) {
            BTreeSet::new()
        } else {
            real_list_dir(dir).into_iter().collect()
        };
        let prefix = format!("{dir}/");
        for (path, entry) in &tree.paths {
            let Some(name) = path.strip_prefix(&prefix).filter(|n| !n.contains('/')) else {
                continue;
            };
            match entry {
                Entry::File(_) => names.insert(name.to_string()),
                Entry::Gone => names.remove(name),
            };
        }
        names.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(io: &VirtualIo, rel: &str) -> Option<String> {
        io.written_files().get(rel).cloned()
    }

    #[test]
    fn handles_follow_posix_offsets() {
        let io = VirtualIo::new(Vec::new());
        let mut a = io.open("<cwd>/f.log", "a").unwrap();
        let mut w = io.open("<cwd>/f.log", "w").unwrap();
        io.write(&mut a, b"aaaa\n").unwrap();
        // 'w' writes at its own offset 0, over what 'a' wrote.
        io.write(&mut w, b"ww\n").unwrap();
        assert_eq!(text(&io, "f.log").unwrap(), "ww\na\n");
        assert_eq!(io.tell(&mut w), 3);
        // O_APPEND: the next write lands at the end and leaves the offset there.
        io.write(&mut a, b"b\n").unwrap();
        assert_eq!(io.tell(&mut a), 7);
        assert_eq!(io.seek_end(&mut w), 7);
    }

    #[test]
    fn a_handle_keeps_its_file_through_rename_and_remove() {
        let io = VirtualIo::new(Vec::new());
        let mut h = io.open("<cwd>/f.log", "a").unwrap();
        io.rename("<cwd>/f.log", "<cwd>/f.log.1").unwrap();
        io.write(&mut h, b"x\n").unwrap();
        assert_eq!(text(&io, "f.log.1").unwrap(), "x\n");
        assert!(!io.exists("<cwd>/f.log"));
        io.remove("<cwd>/f.log.1").unwrap();
        io.write(&mut h, b"y\n").unwrap();
        assert!(io.written_files().is_empty());
        let e = io.remove("<cwd>/f.log.1").unwrap_err();
        assert_eq!(e.type_name, "FileNotFoundError");
    }

    #[test]
    fn open_errors_read_like_python() {
        let io = VirtualIo::new(vec!["<cwd>/logs".to_string()]);
        let e = io.open("<cwd>/nope/a.log", "a").unwrap_err();
        assert_eq!(
            e.to_string(),
            "FileNotFoundError: [Errno 2] No such file or directory: '<cwd>/nope/a.log'"
        );
        let e = io.open("<cwd>/logs", "a").unwrap_err();
        assert_eq!(e.type_name, "IsADirectoryError");
        io.open("<cwd>/logs/a.log", "x").unwrap();
        let e = io.open("<cwd>/logs/a.log", "x").unwrap_err();
        assert_eq!(e.type_name, "FileExistsError");
    }

    #[cfg(unix)]
    #[test]
    fn absolute_paths_are_read_from_the_disk_never_written() {
        let io = VirtualIo::new(Vec::new());
        assert!(io.exists("/dev/null") && !io.is_file("/dev/null"));
        let mut h = io.open("/dev/null", "a").unwrap();
        io.write(&mut h, b"gone\n").unwrap();
        assert!(io.written_files().is_empty());
        let dir = std::env::temp_dir().join(format!("logcheck-vio-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.log");
        std::fs::write(&path, "12345\n").unwrap();
        let p = path.to_string_lossy().into_owned();
        let mut h = io.open(&p, "a").unwrap();
        assert_eq!(io.tell(&mut h), 6, "the real size counts");
        io.write(&mut h, b"new\n").unwrap();
        io.rename(&p, &format!("{p}.1")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "12345\n");
        assert_eq!(io.written_files()[&format!("{p}.1")], "new\n");
        assert!(!io.exists(&p));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
