//! Python logging levels: names, numbers and the `setLevel` string rules.
//!
//! A level in a fileConfig file is always a string and is never evaluated:
//! it must be a key of `logging._nameToLevel` exactly (case and whitespace
//! matter), so `WARN` and `FATAL` work but `10`, `debug` and `logging.DEBUG`
//! raise `ValueError: Unknown level: '…'` (spec §5).
//!
//! # Example
//! ```
//! use logcheck::level::Level;
//! assert_eq!(Level::from_config_str("WARN"), Some(Level::WARNING));
//! assert_eq!(Level::from_config_str("debug"), None);
//! assert_eq!(Level(5).name(), "Level 5");
//! ```

use serde::Serialize;
use std::borrow::Cow;

/// A numeric logging level, as Python stores it (`logger.level`, `record.levelno`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Level(pub i64);

impl Level {
    /// `logging.NOTSET` (0): inherit the level from the parent.
    pub const NOTSET: Level = Level(0);
    /// `logging.DEBUG` (10).
    pub const DEBUG: Level = Level(10);
    /// `logging.INFO` (20).
    pub const INFO: Level = Level(20);
    /// `logging.WARNING` (30).
    pub const WARNING: Level = Level(30);
    /// `logging.ERROR` (40).
    pub const ERROR: Level = Level(40);
    /// `logging.CRITICAL` (50).
    pub const CRITICAL: Level = Level(50);

    /// The five levels a simulation or an explanation walks through.
    pub const STANDARD: [Level; 5] = [
        Level::DEBUG,
        Level::INFO,
        Level::WARNING,
        Level::ERROR,
        Level::CRITICAL,
    ];

    /// `logging._nameToLevel[text]`, with no stripping or case folding.
    pub fn from_config_str(text: &str) -> Option<Level> {
        Some(match text {
            "CRITICAL" | "FATAL" => Level::CRITICAL,
            "ERROR" => Level::ERROR,
            "WARNING" | "WARN" => Level::WARNING,
            "INFO" => Level::INFO,
            "DEBUG" => Level::DEBUG,
            "NOTSET" => Level::NOTSET,
            _ => return None,
        })
    }

    /// [`Self::from_config_str`] in a process where `registered` names were
    /// added with `addLevelName` (a host's, such as uvicorn's `TRACE`).
    pub fn from_name_with(text: &str, registered: &[(&'static str, i64)]) -> Option<Level> {
        Level::from_config_str(text).or_else(|| {
            registered
                .iter()
                .find(|(name, _)| *name == text)
                .map(|&(_, n)| Level(n))
        })
    }

    /// `logging.getLevelName(n)`: the registered name or `"Level n"`.
    pub fn name(self) -> Cow<'static, str> {
        match self.0 {
            50 => "CRITICAL".into(),
            40 => "ERROR".into(),
            30 => "WARNING".into(),
            20 => "INFO".into(),
            10 => "DEBUG".into(),
            0 => "NOTSET".into(),
            n => format!("Level {n}").into(),
        }
    }

    /// `logging.getLevelName(n)` in a process where `registered` names were
    /// added with `addLevelName` (a host's, such as uvicorn's `TRACE`).
    pub fn name_with(self, registered: &[(&'static str, i64)]) -> Cow<'static, str> {
        match self.registered_name(registered) {
            Some(name) => Cow::Borrowed(name),
            None => self.name(),
        }
    }

    /// The name `registered` (`addLevelName` calls) gives this level, if any.
    pub fn registered_name(self, registered: &[(&'static str, i64)]) -> Option<&'static str> {
        registered
            .iter()
            .find(|(_, n)| *n == self.0)
            .map(|(name, _)| *name)
    }

    /// All names `setLevel` accepts, for did-you-mean suggestions.
    pub const ACCEPTED_NAMES: [&'static str; 8] = [
        "CRITICAL", "FATAL", "ERROR", "WARNING", "WARN", "INFO", "DEBUG", "NOTSET",
    ];
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

/// `logging._checkLevel`'s `TypeError` for a level that is neither an int
/// nor a str. 3.10+ format `"…: %r" % (level,)`; 3.8 and 3.9 format
/// `% level`, so a tuple's items are the arguments.
pub(crate) fn not_a_level(
    level: &crate::pyvalue::PyValue,
    version: crate::version::PyVersion,
) -> crate::diagnostic::PyException {
    use crate::diagnostic::PyException;
    use crate::pyvalue::PyValue;
    let shown = match level {
        PyValue::Tuple(items) if version.minor < 10 => match items.as_slice() {
            [] => return PyException::type_error("not enough arguments for format string"),
            [one] => crate::pyexpr::py_repr(one),
            _ => {
                return PyException::type_error(
                    "not all arguments converted during string formatting",
                );
            }
        },
        other => crate::pyexpr::py_repr(other),
    };
    PyException::type_error(format!("Level not an integer or a valid string: {shown}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_names_only() {
        for bad in [
            "debug",
            "Debug",
            "10",
            "logging.DEBUG",
            "",
            " DEBUG",
            "INFO ; x",
        ] {
            assert_eq!(Level::from_config_str(bad), None, "{bad:?}");
        }
        assert_eq!(Level::from_config_str("FATAL"), Some(Level::CRITICAL));
        assert_eq!(Level::WARNING.name(), "WARNING");
        assert_eq!(Level(35).to_string(), "Level 35");
    }
}
