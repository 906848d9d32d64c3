//! `logging.handlers.SysLogHandler` with a unix-socket address (a string,
//! such as `'/dev/log'`), as the environment answers it.
//!
//! CPython's constructor swallows a failed connect (`except OSError: pass`,
//! like C's `openlog`), so the file loads; each `emit` then formats the
//! record, finds the socket closed, reconnects, fails again and prints a
//! `--- Logging error ---` block whose last exception is the connect's:
//! `FileNotFoundError: [Errno 2] No such file or directory` when nothing is
//! at the path, `ConnectionRefusedError: [Errno 111] Connection refused`
//! when something that is not a listening socket is. Windows has no
//! `socket.AF_UNIX`: the constructor raises `AttributeError` there.

use super::io::{FileIo, VIRTUAL_CWD, VirtualIo};
use crate::diagnostic::PyException;

/// `AttributeError: module 'socket' has no attribute 'AF_UNIX'`: what a
/// string address raises on a platform without unix sockets (Windows).
pub fn no_af_unix() -> PyException {
    PyException::new(
        "AttributeError",
        "module 'socket' has no attribute 'AF_UNIX'",
    )
}

/// What sending to the unix socket at `address` raises, asked read-only
/// (nothing connects): `None` when a socket is there (the message is
/// taken as delivered). A relative address is looked up in the virtual
/// working directory of `io`, an absolute one on the disk.
pub fn unix_send_error(io: &VirtualIo, address: &str) -> Option<PyException> {
    let refused = || PyException::new("ConnectionRefusedError", "[Errno 111] Connection refused");
    let missing = || PyException::new("FileNotFoundError", "[Errno 2] No such file or directory");
    if !address.starts_with('/') {
        let path = format!("{VIRTUAL_CWD}/{address}");
        // The virtual directory holds no sockets: a file there refuses.
        return Some(if io.exists(&path) {
            refused()
        } else {
            missing()
        });
    }
    match std::fs::metadata(address) {
        Err(_) => Some(missing()),
        Ok(meta) if is_socket(&meta) => None,
        Ok(_) => Some(refused()),
    }
}

#[cfg(unix)]
fn is_socket(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_socket()
}

#[cfg(not(unix))]
fn is_socket(_meta: &std::fs::Metadata) -> bool {
    false
}
