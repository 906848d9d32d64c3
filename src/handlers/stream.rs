//! `logging.StreamHandler` on the process's standard streams (or on an
//! object without `write`), once, for the backend and `simulate`: the end of
//! `emit`, `stream.write(msg + self.terminator)` then `self.flush()`.
//!
//! The streams are the seam's [`StreamIo`]: the real `stdout`/`stderr` for
//! the backend ([`RealIo`](super::io::RealIo)), captured text for `simulate`
//! ([`VirtualIo`](super::io::VirtualIo)).

use crate::diagnostic::PyException;

/// What a `StreamHandler` writes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stream {
    /// `sys.stdout`.
    Stdout,
    /// `sys.stderr` (also `StreamHandler()` and the last resort).
    Stderr,
    /// An object without `write` (`args=('x',)`): every emit raises
    /// `AttributeError` (its Python type name).
    NoWrite(String),
}

/// The standard streams as the handlers see them.
pub trait StreamIo {
    /// Writes `text` to stdout (`true`) or stderr and flushes it.
    fn write_std(&self, stdout: bool, text: &str) -> Result<(), PyException>;
}

/// `StreamHandler.emit` after formatting: `line` ends with the terminator
/// (so a real stream gets it in one write).
#[inline]
pub fn emit<S: StreamIo + ?Sized>(io: &S, stream: &Stream, line: &str) -> Result<(), PyException> {
    match stream {
        Stream::Stdout => io.write_std(true, line),
        Stream::Stderr => io.write_std(false, line),
        Stream::NoWrite(type_name) => Err(PyException::new(
            "AttributeError",
            format!("'{type_name}' object has no attribute 'write'"),
        )),
    }
}
