//! Decoding file bytes exactly as `open(fname, encoding="locale")` does with a
//! UTF-8 locale, including *where* CPython notices a bad byte.
//!
//! `TextIOWrapper` reads 8192-byte chunks and feeds each to the incremental
//! UTF-8 decoder (`codecs.BufferedIncrementalDecoder`), which keeps an
//! incomplete trailing sequence for the next call. A `UnicodeDecodeError`
//! therefore reports a position relative to *that* call's input (pending bytes
//! plus the chunk), and configparser has already parsed every line that was
//! complete before the failing chunk. [`DecodeError::readable_len`] records that
//! prefix so the reader can decide whether a parse error wins over the decode
//! error.
//!
//! # Example
//! ```
//! use logcheck::ini::decode;
//! let d = decode(b"[s]\nk=caf\xe9 au lait\n");
//! let err = d.error.unwrap();
//! assert_eq!(
//!     err.exception.message,
//!     "'utf-8' codec can't decode byte 0xe9 in position 9: invalid continuation byte"
//! );
//! assert_eq!(err.byte_offset, 9);
//! ```

use crate::diagnostic::PyException;

/// `TextIOWrapper._CHUNK_SIZE`: the size of each read the decoder sees.
const CHUNK_SIZE: usize = 8192;

/// The decoded text (lossy after an error) and the error CPython raises, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The file as text. Identical to CPython's text up to the error; after it,
    /// invalid bytes are replaced with U+FFFD so checking can continue.
    pub text: String,
    pub error: Option<DecodeError>,
}

/// A `UnicodeDecodeError` as CPython raises it while reading the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// `UnicodeDecodeError` with `str(exc)` as message.
    pub exception: PyException,
    /// Absolute byte offset of the first undecodable byte in the file.
    pub byte_offset: usize,
    /// Length of the text (a prefix of both the bytes and [`Decoded::text`])
    /// that CPython decoded successfully before raising; lines ending inside
    /// it were parsed by configparser before the error surfaced.
    pub readable_len: usize,
}

/// Decode `bytes` as CPython's UTF-8 `TextIOWrapper` does (no BOM stripping).
pub fn decode(bytes: &[u8]) -> Decoded {
    // The common case: valid UTF-8 decodes without error in any chunking.
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_owned(),
            error: None,
        };
    }
    Decoded {
        // Exact for valid UTF-8; after an error only the prefix up to
        // `readable_len` is what CPython saw.
        text: String::from_utf8_lossy(bytes).into_owned(),
        error: first_decode_error(bytes),
    }
}

/// [`decode`] taking the bytes by value: valid UTF-8 (nearly every file)
/// becomes the text without a copy.
pub(super) fn decode_owned(bytes: Vec<u8>) -> Decoded {
    match String::from_utf8(bytes) {
        Ok(text) => Decoded { text, error: None },
        Err(invalid) => decode(invalid.as_bytes()),
    }
}

/// [`decode_owned`] of a file read whole (`open(path).read()`, as `json.load`
/// and `yaml.safe_load` read it): one decoder call, so an error's position
/// counts from the start of the file.
pub(crate) fn decode_whole(bytes: Vec<u8>) -> Decoded {
    match String::from_utf8(bytes) {
        Ok(text) => Decoded { text, error: None },
        Err(invalid) => Decoded {
            text: String::from_utf8_lossy(invalid.as_bytes()).into_owned(),
            error: first_error_in_chunks(invalid.as_bytes(), usize::MAX),
        },
    }
}

/// Replays the chunked incremental decoding and returns the first error.
fn first_decode_error(bytes: &[u8]) -> Option<DecodeError> {
    first_error_in_chunks(bytes, CHUNK_SIZE)
}

/// The first error of an incremental decoding fed `chunk_size` bytes at a time.
fn first_error_in_chunks(bytes: &[u8], chunk_size: usize) -> Option<DecodeError> {
    // `data_start` is where the current decoder input starts: the pending
    // bytes of the previous chunk followed by the new chunk.
    let mut data_start = 0usize;
    let mut chunk_end = 0usize;
    while chunk_end < bytes.len() {
        chunk_end = chunk_end.saturating_add(chunk_size).min(bytes.len());
        let data = bytes.get(data_start..chunk_end)?;
        match std::str::from_utf8(data) {
            Ok(_) => data_start = chunk_end,
            Err(e) => {
                let valid = e.valid_up_to();
                let rest = data.get(valid..).unwrap_or(&[]);
                let pending = match e.error_len() {
                    None => true,
                    // CPython keeps a truncated surrogate (ED A0..BF at the end)
                    // pending when more input may follow.
                    Some(_) => is_truncated_surrogate(rest),
                };
                if pending {
                    data_start += valid;
                    continue;
                }
                let len = e.error_len().unwrap_or(1);
                return Some(make_error(
                    data,
                    valid,
                    len,
                    ErrorReason::Invalid,
                    data_start,
                ));
            }
        }
    }
    // End of file: the final `decode(b"", final=True)` sees the pending bytes.
    let rest = bytes.get(data_start..)?;
    if rest.is_empty() {
        return None;
    }
    if is_truncated_surrogate(rest) {
        return Some(make_error(rest, 0, 1, ErrorReason::Invalid, data_start));
    }
    Some(make_error(
        rest,
        0,
        rest.len(),
        ErrorReason::EndOfData,
        data_start,
    ))
}

fn is_truncated_surrogate(rest: &[u8]) -> bool {
    matches!(rest, [0xED, 0xA0..=0xBF])
}

#[derive(Clone, Copy)]
enum ErrorReason {
    Invalid,
    EndOfData,
}

/// Build the error for `data[start..start+len]`, `data` starting at file offset `data_start`.
fn make_error(
    data: &[u8],
    start: usize,
    len: usize,
    reason: ErrorReason,
    data_start: usize,
) -> DecodeError {
    let first = data.get(start).copied().unwrap_or(0);
    let reason_text = match reason {
        ErrorReason::EndOfData => "unexpected end of data",
        // A byte that can never start a sequence; otherwise the sequence was
        // broken after its (valid) lead byte.
        ErrorReason::Invalid if matches!(first, 0x80..=0xC1 | 0xF5..=0xFF) => "invalid start byte",
        ErrorReason::Invalid => "invalid continuation byte",
    };
    let message = if len <= 1 {
        format!("'utf-8' codec can't decode byte 0x{first:02x} in position {start}: {reason_text}")
    } else {
        format!(
            "'utf-8' codec can't decode bytes in position {start}-{}: {reason_text}",
            start + len - 1
        )
    };
    DecodeError {
        exception: PyException::new("UnicodeDecodeError", message),
        byte_offset: data_start + start,
        readable_len: data_start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(bytes: &[u8]) -> Option<String> {
        decode(bytes).error.map(|e| e.exception.message)
    }

    #[test]
    fn valid_text_has_no_error() {
        let d = decode("\u{feff}[s]\nk=é\n".as_bytes());
        assert_eq!(d.text, "\u{feff}[s]\nk=é\n");
        assert!(d.error.is_none());
    }

    #[test]
    fn reasons_match_cpython() {
        assert_eq!(
            message(b"a\xffb").as_deref(),
            Some("'utf-8' codec can't decode byte 0xff in position 1: invalid start byte")
        );
        assert_eq!(
            message(b"a\xe2\x82A").as_deref(),
            Some("'utf-8' codec can't decode bytes in position 1-2: invalid continuation byte")
        );
        assert_eq!(
            message(b"[s]\na=\xe2\x82").as_deref(),
            Some("'utf-8' codec can't decode bytes in position 0-1: unexpected end of data")
        );
        assert_eq!(
            message(b"x\xed\xa0").as_deref(),
            Some("'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte")
        );
    }

    #[test]
    fn positions_are_relative_to_the_chunk() {
        let mut bytes = vec![b'a'; 20000];
        bytes[9000] = 0xe9;
        let err = decode(&bytes).error.unwrap();
        assert!(err.exception.message.contains("position 808:"));
        assert_eq!(err.byte_offset, 9000);
        assert_eq!(err.readable_len, 8192);
        // An incomplete sequence at a chunk end is carried into the next input.
        bytes[9000] = b'a';
        bytes[8191] = 0xe9;
        let err = decode(&bytes).error.unwrap();
        assert!(err.exception.message.contains("position 0:"));
        assert_eq!(err.readable_len, 8191);
    }
}
