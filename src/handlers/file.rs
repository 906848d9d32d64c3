//! `logging.FileHandler`'s stream: `_open`, the lazy open of `emit`, `close`,
//! over any [`FileIo`] (the disk for the backend, the virtual tree for
//! `simulate`). Formatting and encoding stay with the runner; this is the
//! part both must do identically.

use super::io::FileIo;
use crate::diagnostic::PyException;
use crate::version::PyVersion;

/// The text codecs the runners write: UTF-8 (also `'locale'` and no
/// encoding, UTF-8 where logcheck runs), ASCII and Latin-1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextCodec {
    /// `utf-8` and its aliases.
    Utf8,
    /// `ascii`: code points below 128.
    Ascii,
    /// `latin-1`: code points below 256.
    Latin1,
}

impl TextCodec {
    /// The codec Python's name `encoding` stands for (any of its aliases),
    /// `None` for one logcheck does not model.
    pub fn named(encoding: &str) -> Option<TextCodec> {
        let norm = encoding.to_ascii_lowercase().replace(['-', ' '], "_");
        match norm.as_str() {
            "locale" | "utf_8" | "utf8" | "u8" | "utf" | "cp65001" => Some(TextCodec::Utf8),
            "ascii" | "us_ascii" | "646" => Some(TextCodec::Ascii),
            "latin_1" | "latin1" | "iso_8859_1" | "iso8859_1" | "l1" | "8859" | "cp819" => {
                Some(TextCodec::Latin1)
            }
            _ => None,
        }
    }
}

/// A file opened with `mode` can be written to.
pub fn mode_writable(mode: &str) -> bool {
    mode.contains(['a', 'w', 'x', '+'])
}

/// What `stream.write(str)` raises before writing, if anything: a
/// binary-mode file wants bytes, a read-only one is not writable. (The
/// runners keep both answers per handler: this runs on every record.)
#[inline]
pub fn check_text_write(binary: bool, writable: bool) -> Result<(), PyException> {
    if binary {
        return Err(PyException::type_error(
            "a bytes-like object is required, not 'str'",
        ));
    }
    if !writable {
        return Err(PyException::new("io.UnsupportedOperation", "not writable"));
    }
    Ok(())
}

/// A file handler's `baseFilename`, `mode`, `delay` and `stream`.
#[derive(Debug)]
pub struct FileStream<H> {
    /// `os.path.abspath(filename)`.
    pub path: String,
    /// The mode the file is opened with (`'a'` forced by a rotating handler with `maxBytes > 0`).
    pub mode: String,
    /// `delay=True`: opened on the first record, not by the constructor.
    pub delay: bool,
    /// `self.stream` (`None`: not open).
    pub handle: Option<H>,
    /// What `open()` raises after creating the file, when the handler's
    /// encoding is unknown or not a text encoding (only a delayed handler
    /// gets this far: the constructor's open raised otherwise).
    pub encoding_error: Option<PyException>,
}

impl<H> FileStream<H> {
    /// A handler's stream, not opened yet.
    pub fn new(path: String, mode: String, delay: bool) -> Self {
        FileStream {
            path,
            mode,
            delay,
            handle: None,
            encoding_error: None,
        }
    }

    /// The stream of a handler whose encoding `open()` refuses with `error`
    /// (see [`handler_class::open_encoding_error`](crate::handler_class::open_encoding_error)).
    pub fn refusing_encoding(mut self, error: Option<PyException>) -> Self {
        self.encoding_error = error;
        self
    }

    /// `FileHandler._open()`. `open()` creates (or truncates) the file before
    /// it looks the encoding up, so a refused encoding leaves the file there.
    pub fn open<I: FileIo<Handle = H>>(&mut self, io: &I) -> Result<(), PyException> {
        let handle = io.open(&self.path, &self.mode)?;
        if let Some(error) = &self.encoding_error {
            return Err(error.clone());
        }
        self.handle = Some(handle);
        Ok(())
    }

    /// The start of `FileHandler.emit`: open the stream unless it is open,
    /// or (3.10+, bpo-42378) the handler was closed with mode `'w'`:
    /// re-opening would truncate what it wrote, so CPython leaves it closed
    /// and drops the record. 3.8 and 3.9 re-open it, truncating.
    pub fn open_for_emit<I: FileIo<Handle = H>>(
        &mut self,
        io: &I,
        closed: bool,
        version: PyVersion,
    ) -> Result<(), PyException> {
        let stays_closed = closed && self.mode == "w" && version.minor >= 10;
        if self.handle.is_none() && !stays_closed {
            self.open(io)?;
        }
        Ok(())
    }

    /// `stream.write(bytes)`; nothing when the stream is closed.
    #[inline]
    pub fn write<I: FileIo<Handle = H>>(
        &mut self,
        io: &I,
        bytes: &[u8],
    ) -> Result<(), PyException> {
        match &mut self.handle {
            Some(h) => io.write(h, bytes),
            None => Ok(()),
        }
    }

    /// `stream.close()`; `self.stream = None`.
    pub fn close(&mut self) {
        self.handle = None;
    }
}
