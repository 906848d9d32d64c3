//! The CPython version whose behaviour logcheck reproduces (`--python-version`).
//!
//! fileConfig's verdicts differ between versions (spec §11): 3.11.4 added the
//! missing/empty/invalid-file checks, 3.12 reads a formatter's `defaults=` and
//! adds `taskName` to records, 3.13 computes `msecs` from integer nanoseconds.
//!
//! # Example
//! ```
//! use logcheck::version::PyVersion;
//! let v: PyVersion = "3.11.2".parse().unwrap();
//! assert!(!v.has_file_prechecks());
//! assert!(PyVersion::DEFAULT.reads_formatter_defaults());
//! ```

use std::fmt;
use std::str::FromStr;

/// `major.minor.patch`; a version given as `X.Y` means the newest patch release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PyVersion {
    /// `3`.
    pub major: u32,
    /// `11`, `12`, `13`.
    pub minor: u32,
    /// The patch release (`u32::MAX` when only `X.Y` was given: the newest).
    pub patch: u32,
}

impl PyVersion {
    /// The default target: 3.12.
    pub const DEFAULT: PyVersion = PyVersion::new(3, 12, u32::MAX);

    /// `major.minor.patch`.
    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        PyVersion {
            major,
            minor,
            patch,
        }
    }

    fn at_least(self, minor: u32, patch: u32) -> bool {
        (self.major, self.minor, self.patch) >= (3, minor, patch)
    }

    /// Missing file → `FileNotFoundError`, empty file → `RuntimeError`, and a
    /// `configparser.ParsingError` wrapped in `RuntimeError` (gh-103606, 3.11.4+).
    pub fn has_file_prechecks(self) -> bool {
        self.at_least(11, 4)
    }

    /// `[formatter_x] defaults=` is read and evaluated (3.12+).
    pub fn reads_formatter_defaults(self) -> bool {
        self.at_least(12, 0)
    }

    /// `LogRecord.taskName` exists (3.12+).
    pub fn has_task_name(self) -> bool {
        self.at_least(12, 0)
    }

    /// `created`/`msecs` come from `time.time_ns()` (3.13+).
    pub fn msecs_from_ns(self) -> bool {
        self.at_least(13, 0)
    }

    /// Versions logcheck knows: 3.8 to 3.14.
    pub fn is_supported(self) -> bool {
        self.major == 3 && (8..=14).contains(&self.minor)
    }
}

impl Default for PyVersion {
    fn default() -> Self {
        PyVersion::DEFAULT
    }
}

impl fmt::Display for PyVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.patch == u32::MAX {
            write!(f, "{}.{}", self.major, self.minor)
        } else {
            write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
        }
    }
}

impl FromStr for PyVersion {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = s.trim().split('.').collect();
        let num = |p: &str| {
            p.parse::<u32>()
                .map_err(|_| format!("invalid Python version {s:?}: expected X.Y or X.Y.Z"))
        };
        let v = match parts.as_slice() {
            [a, b] => PyVersion::new(num(a)?, num(b)?, u32::MAX),
            [a, b, c] => PyVersion::new(num(a)?, num(b)?, num(c)?),
            _ => {
                return Err(format!(
                    "invalid Python version {s:?}: expected X.Y or X.Y.Z"
                ));
            }
        };
        if !v.is_supported() {
            return Err(format!(
                "unsupported Python version {v}: logcheck knows 3.8 to 3.14"
            ));
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders() {
        let v311: PyVersion = "3.11".parse().unwrap();
        assert!(v311.has_file_prechecks());
        assert!(!v311.reads_formatter_defaults());
        assert!(!"3.11.3".parse::<PyVersion>().unwrap().has_file_prechecks());
        assert!("3.13".parse::<PyVersion>().unwrap().msecs_from_ns());
        assert!("2.7".parse::<PyVersion>().is_err());
        assert!("three".parse::<PyVersion>().is_err());
        assert_eq!(v311.to_string(), "3.11");
    }
}
