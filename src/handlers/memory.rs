//! `logging.handlers.MemoryHandler` (and `BufferingHandler`): when the
//! buffer is flushed, once, for the backend and `simulate`. Each runner keeps
//! its own record type in the buffer and hands each record to the target's
//! `handle` (the target's level is not applied, as in CPython).

use crate::diagnostic::PyException;
use crate::pyvalue::PyValue;
use crate::version::PyVersion;

/// `MemoryHandler.shouldFlush(record)` after the record was buffered:
/// `len(self.buffer) >= self.capacity or record.levelno >= self.flushLevel`,
/// with CPython's `TypeError` for a capacity or level that is not a number.
pub fn should_flush(
    buffered: usize,
    capacity: &PyValue,
    levelno: i64,
    flush_level: &PyValue,
) -> Result<bool, PyException> {
    Ok(int_ge(buffered as i64, capacity)? || int_ge(levelno, flush_level)?)
}

/// `BufferingHandler.shouldFlush`: `len(self.buffer) >= self.capacity`.
pub fn buffer_full(buffered: usize, capacity: &PyValue) -> Result<bool, PyException> {
    int_ge(buffered as i64, capacity)
}

/// Does `logging.shutdown()` flush the buffer? 3.11 always does; 3.12+
/// asks `flushOnClose` (and `close()` flushes only then).
pub fn flushes_at_shutdown(flush_on_close: bool, version: PyVersion) -> bool {
    flush_on_close || version < PyVersion::new(3, 12, 0)
}

/// A number as Python compares it with an int (`None` for other types).
pub fn as_number(v: &PyValue) -> Option<f64> {
    match v {
        PyValue::Int(i) => Some(*i as f64),
        PyValue::Bool(b) => Some(f64::from(u8::from(*b))),
        PyValue::Float(f) => Some(*f),
        _ => None,
    }
}

/// `left >= right` for an int left operand, with CPython's TypeError.
fn int_ge(left: i64, right: &PyValue) -> Result<bool, PyException> {
    match right {
        PyValue::Int(i) => Ok(i128::from(left) >= *i),
        other => match as_number(other) {
            Some(r) => Ok(left as f64 >= r),
            None => Err(PyException::type_error(format!(
                "'>=' not supported between instances of 'int' and '{}'",
                other.type_name()
            ))),
        },
    }
}
