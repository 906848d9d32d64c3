//! `logging.handlers.WatchedFileHandler`: `_statstream` and
//! `reopenIfNeeded`, once, for the backend and `simulate`.
//!
//! CPython records the stream's device and inode in `__init__` and after a
//! reopen only: a stream opened lazily (`delay=True`) by `FileHandler.emit`
//! keeps `(-1, -1)`, so the next record reopens the file (truncating it
//! again in mode `'w'`). Both runners keep that.

use super::file::FileStream;
use super::io::FileIo;
use crate::diagnostic::PyException;

/// `_statstream()`: the identity of the open stream (`None`: `(-1, -1)`).
pub fn stat_stream<I: FileIo>(io: &I, stream: &FileStream<I::Handle>, id: &mut Option<I::Id>) {
    if let Some(handle) = &stream.handle {
        *id = io.handle_id(handle);
    }
}

/// `reopenIfNeeded()`: when the path is gone or names another file than
/// the recorded one, an open stream is closed, reopened and re-stat'ed.
pub fn reopen_if_needed<I: FileIo>(
    io: &I,
    stream: &mut FileStream<I::Handle>,
    id: &mut Option<I::Id>,
) -> Result<(), PyException> {
    let current = io.path_id(&stream.path)?;
    if (current.is_none() || current != *id) && stream.handle.is_some() {
        stream.close();
        stream.open(io)?;
        stat_stream(io, stream, id);
    }
    Ok(())
}
