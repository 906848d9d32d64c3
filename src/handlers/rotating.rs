//! `logging.handlers.RotatingFileHandler`: `shouldRollover` and
//! `doRollover`, once, for the backend and `simulate`.
//!
//! The size test changed twice in CPython and both runners must follow the
//! version they are told:
//! - up to 3.12.2 the bpo-45401 test (only regular files roll over) comes
//!   first, then `seek(0, 2)` and `tell()`: the size of the file the stream
//!   is on, whoever wrote it, and the stream now writes at its end;
//! - from 3.12.3 and in 3.13 (gh-116263) `tell()` without a seek, an empty
//!   file never rolls over, and the bpo-45401 test comes last.

use super::file::FileStream;
use super::io::{FileIo, exists_not_file};
use crate::diagnostic::PyException;
use crate::pyvalue::PyValue;
use crate::version::PyVersion;

/// The first version with gh-116263's rules.
const GH_116263: PyVersion = PyVersion::new(3, 12, 3);

/// `RotatingFileHandler.shouldRollover(record)`. The stream is opened if it
/// is not. `line_len` gives `len(self.format(record) + "\n")` (characters)
/// and is only called when CPython formats; its error is the exception the
/// formatting raised. `buffered` is the number of bytes a buffering runner
/// holds for this stream: they count in `tell()`, and as the mode is `'a'`
/// (forced when `maxBytes > 0`) they land at the end, after `seek(0, 2)`.
pub fn should_rollover<I: FileIo>(
    io: &I,
    stream: &mut FileStream<I::Handle>,
    max_bytes: f64,
    version: PyVersion,
    buffered: u64,
    line_len: impl FnOnce() -> Result<u64, PyException>,
) -> Result<bool, PyException> {
    let new_rules = version >= GH_116263;
    if !new_rules && exists_not_file(io, &stream.path) {
        return Ok(false);
    }
    if stream.handle.is_none() {
        stream.open(io)?;
    }
    if max_bytes <= 0.0 {
        return Ok(false);
    }
    let Some(handle) = stream.handle.as_mut() else {
        return Ok(false);
    };
    if new_rules {
        let pos = io.tell(handle) + buffered;
        if pos == 0 {
            return Ok(false);
        }
        let len = line_len()?;
        return Ok((pos + len) as f64 >= max_bytes && !exists_not_file(io, &stream.path));
    }
    let len = line_len()?;
    let pos = io.seek_end(handle) + buffered;
    Ok((pos + len) as f64 >= max_bytes)
}

/// `backupCount` as `doRollover` compares it (`self.backupCount > 0`): a
/// count, or the TypeError of a value that is not a number (a str that
/// landed in the slot: every rollover then fails).
pub fn backup_count(value: &PyValue) -> Result<u64, PyException> {
    match crate::handlers::memory::as_number(value) {
        Some(n) => Ok(n.max(0.0) as u64),
        None => Err(PyException::type_error(format!(
            "'>' not supported between instances of '{}' and 'int'",
            value.type_name()
        ))),
    }
}

/// `RotatingFileHandler.doRollover()`: close, shift `path.1…` up to
/// `path.<backup_count>`, rename the file to `path.1` (`rotate` renames only
/// an existing source), reopen unless `delay`.
pub fn do_rollover<I: FileIo>(
    io: &I,
    stream: &mut FileStream<I::Handle>,
    backup_count: &Result<u64, PyException>,
) -> Result<(), PyException> {
    stream.close();
    // `self.backupCount > 0` is compared after the stream is closed
    let backup_count = backup_count.clone()?;
    if backup_count > 0 {
        for i in (1..backup_count).rev() {
            let sfn = format!("{}.{i}", stream.path);
            let dfn = format!("{}.{}", stream.path, i + 1);
            if io.exists(&sfn) {
                if io.exists(&dfn) {
                    io.remove(&dfn)?;
                }
                io.rename(&sfn, &dfn)?;
            }
        }
        let dfn = format!("{}.1", stream.path);
        if io.exists(&dfn) {
            io.remove(&dfn)?;
        }
        if io.exists(&stream.path) {
            io.rename(&stream.path, &dfn)?;
        }
    }
    if !stream.delay {
        stream.open(io)?;
    }
    Ok(())
}
