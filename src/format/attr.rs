//! The one table of `LogRecord` attributes: their names, their order in
//! `record.__dict__` and the CPython versions that set them.
//!
//! Everything that needs an attribute name reads it from [`ATTRIBUTES`]: the
//! formatter resolves `%(levelname)s` to [`RecordAttr::LevelName`] once, when
//! it is built, the record types answer by [`RecordAttr`] (a `match`, no
//! string comparison per record), and the lints list the names through
//! [`record_attribute_names`].
//!
//! # Example
//! ```
//! use logcheck::format::attr::{RecordAttr, record_attribute_names};
//! use logcheck::version::PyVersion;
//! let v311: PyVersion = "3.11.7".parse().unwrap();
//! assert_eq!(RecordAttr::from_name("relativeCreated", v311), Some(RecordAttr::RelativeCreated));
//! assert_eq!(RecordAttr::from_name("taskName", v311), None); // 3.12+
//! assert_eq!(RecordAttr::TaskName.name(), "taskName");
//! assert_eq!(record_attribute_names(PyVersion::DEFAULT).len(), 21);
//! ```

use super::pyfmt::Val;
use crate::version::PyVersion;

/// An attribute `LogRecord.__init__` sets, in `__dict__` order (a later
/// CPython may add attributes, hence `non_exhaustive`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RecordAttr {
    /// `name`: the logger's name.
    Name,
    /// `msg`: the message before `% args`.
    Msg,
    /// `args`: a tuple, or the single mapping argument.
    Args,
    /// `levelname`: `getLevelName(levelno)`.
    LevelName,
    /// `levelno`.
    LevelNo,
    /// `pathname`: the caller's source file.
    PathName,
    /// `filename`: `os.path.basename(pathname)`.
    FileName,
    /// `module`: `filename` without its extension.
    Module,
    /// `exc_info`.
    ExcInfo,
    /// `exc_text`: the cached traceback text.
    ExcText,
    /// `stack_info`.
    StackInfo,
    /// `lineno`.
    LineNo,
    /// `funcName`.
    FuncName,
    /// `created`: `time.time()` of the event.
    Created,
    /// `msecs`: the milliseconds of `created`.
    Msecs,
    /// `relativeCreated`: milliseconds since the logging module was loaded.
    RelativeCreated,
    /// `thread`: `threading.get_ident()`.
    Thread,
    /// `threadName`.
    ThreadName,
    /// `processName`.
    ProcessName,
    /// `process`: the pid.
    Process,
    /// `taskName`: the asyncio task's name (3.12+).
    TaskName,
}

/// One row of the table: the attribute, its Python name, and the first
/// CPython 3.x version (minor, patch) whose records have it.
#[derive(Debug, Clone, Copy)]
pub struct AttrSpec {
    /// The attribute.
    pub attr: RecordAttr,
    /// Its key in `record.__dict__` (what `%(key)s` names).
    pub name: &'static str,
    /// `(minor, patch)` of the first CPython 3 release that sets it.
    pub since: (u32, u32),
}

const fn row(attr: RecordAttr, name: &'static str) -> AttrSpec {
    AttrSpec {
        attr,
        name,
        since: (0, 0),
    }
}

/// Every attribute, in `record.__dict__` order (attributes added by later
/// versions come last, so a version's attributes are a prefix).
pub const ATTRIBUTES: [AttrSpec; 21] = [
    row(RecordAttr::Name, "name"),
    row(RecordAttr::Msg, "msg"),
    row(RecordAttr::Args, "args"),
    row(RecordAttr::LevelName, "levelname"),
    row(RecordAttr::LevelNo, "levelno"),
    row(RecordAttr::PathName, "pathname"),
    row(RecordAttr::FileName, "filename"),
    row(RecordAttr::Module, "module"),
    row(RecordAttr::ExcInfo, "exc_info"),
    row(RecordAttr::ExcText, "exc_text"),
    row(RecordAttr::StackInfo, "stack_info"),
    row(RecordAttr::LineNo, "lineno"),
    row(RecordAttr::FuncName, "funcName"),
    row(RecordAttr::Created, "created"),
    row(RecordAttr::Msecs, "msecs"),
    row(RecordAttr::RelativeCreated, "relativeCreated"),
    row(RecordAttr::Thread, "thread"),
    row(RecordAttr::ThreadName, "threadName"),
    row(RecordAttr::ProcessName, "processName"),
    row(RecordAttr::Process, "process"),
    AttrSpec {
        attr: RecordAttr::TaskName,
        name: "taskName",
        since: (12, 0),
    },
];

/// The names of [`ATTRIBUTES`], for callers that want `&[&str]`.
const NAMES: [&str; ATTRIBUTES.len()] = {
    let mut names = [""; ATTRIBUTES.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = ATTRIBUTES[i].name;
        i += 1;
    }
    names
};

impl AttrSpec {
    /// Records of `version` have this attribute.
    pub fn available(&self, version: PyVersion) -> bool {
        (version.major, version.minor, version.patch) >= (3, self.since.0, self.since.1)
    }
}

impl RecordAttr {
    /// The attribute called `name` on records of `version` (`None`: not a
    /// record attribute there, so an `extra=` key, a default, or a KeyError).
    pub fn from_name(name: &str, version: PyVersion) -> Option<RecordAttr> {
        ATTRIBUTES
            .iter()
            .find(|spec| spec.name == name)
            .filter(|spec| spec.available(version))
            .map(|spec| spec.attr)
    }

    /// The attribute's key in `record.__dict__`.
    pub fn name(self) -> &'static str {
        NAMES[self as usize]
    }
}

/// The record attributes `LogRecord.__init__` sets on `version`, in
/// `__dict__` order.
pub fn record_attribute_names(version: PyVersion) -> &'static [&'static str] {
    let available = ATTRIBUTES
        .iter()
        .take_while(|spec| spec.available(version))
        .count();
    &NAMES[..available]
}

/// Read access to a record's attributes, by resolved attribute: what the
/// compiled formatter reads (implemented by the owned `LogRecord` and the
/// borrowed `RecordView`).
pub(crate) trait Record {
    /// `record.__dict__[attr.name()]` (the caller resolved `attr` for the
    /// record's version).
    fn attr(&self, attr: RecordAttr) -> Val<'_>;

    /// An `extra=` attribute (`None`: the record has no such key).
    fn extra(&self, _key: &str) -> Option<Val<'_>> {
        None
    }

    /// The logger name, as text (the per-logger runs of a plan compare it).
    fn name(&self) -> &str;

    /// The level name, as text.
    fn levelname(&self) -> &str;

    /// `created` and `msecs`, for `formatTime`.
    fn time(&self) -> (f64, f64);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_order_is_the_enum_order() {
        for (i, spec) in ATTRIBUTES.iter().enumerate() {
            assert_eq!(spec.attr as usize, i, "{}", spec.name);
            assert_eq!(spec.attr.name(), spec.name);
        }
    }

    #[test]
    fn task_name_is_312_and_later() {
        let v311 = PyVersion::new(3, 11, 9);
        assert_eq!(record_attribute_names(v311).len(), 20);
        assert!(!record_attribute_names(v311).contains(&"taskName"));
        assert_eq!(
            RecordAttr::from_name("taskName", PyVersion::new(3, 12, 0)),
            Some(RecordAttr::TaskName)
        );
    }
}
