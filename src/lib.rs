//! Check, explain and run Python `logging.config.fileConfig` files, with
//! CPython's exact behaviour.
//!
//! One model of the file serves three jobs:
//! 1. **checking** — [`check_path`] / [`check_bytes`] report every problem
//!    with its position and rule ([`Diagnostic`]), and state which exception
//!    CPython's `fileConfig` raises, or that the file loads
//!    ([`FileReport::python_error`]);
//! 2. **explaining and simulating** — [`FileReport::explain`] says why a
//!    logger's records reach (or miss) each handler, [`FileReport::tree`]
//!    draws the logger hierarchy, and [`simulate_path`] gives, byte for byte,
//!    what Python writes to each stream and file;
//! 3. **logging** — [`backend`] is a [`log`] backend: a Rust service lets
//!    the same file drive its logging ([`init`]).
//!
//! # Example: check a file
//! ```
//! let text = b"[loggers]\nkeys=root\n[handlers]\nkeys=\n[formatters]\nkeys=\n\
//!              [logger_root]\nlevel=INFO ; everything\nhandlers=\n";
//! let report = logcheck::check_bytes("log.conf", text, &logcheck::CheckOptions::default());
//! let error = report.python_error.as_ref().expect("fileConfig raises");
//! assert_eq!(error.to_string(), "ValueError: Unknown level: 'INFO ; everything'");
//! let first = &report.diagnostics[0];
//! assert_eq!(first.code, "LC301");
//! ```
//!
//! # Example: explain a logger
//! ```
//! let text = b"[loggers]\nkeys=root,app\n[handlers]\nkeys=out\n[formatters]\nkeys=\n\
//!              [logger_root]\nlevel=WARNING\nhandlers=out\n\
//!              [logger_app]\nqualname=app\nlevel=DEBUG\nhandlers=\n\
//!              [handler_out]\nclass=StreamHandler\nargs=(sys.stdout,)\n";
//! let report = logcheck::check_bytes("log.conf", text, &logcheck::CheckOptions::default());
//! let why = report.explain("app.db", &logcheck::ExplainOptions::default()).expect("loads");
//! assert_eq!(why.effective_level, logcheck::Level::DEBUG);
//! assert_eq!(why.level_from, "app");
//! ```
//!
//! # Data flow
//! `bytes → reader (spans) → model (fileConfig's order) → rules →
//! diagnostics`, and `model → hierarchy → handlers → formatter`. The library
//! never prints: diagnostics are data, rendered by the `logcheck` binary
//! (docs/architecture.md).
//!
//! # Crate features
//! * `cli` (default) — the `logcheck` command line. A service that only uses
//!   the backend turns it off (`default-features = false`) and compiles no
//!   argument parser or terminal renderer.
//! * `internals` — not part of the API: exposes the implementation modules
//!   to logcheck's own tests, benches, examples and fuzz targets. It may
//!   change in any release.
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]
// Without `internals`, items and re-exports only the test suite reaches look
// unused.
#![cfg_attr(not(feature = "internals"), allow(dead_code, unused_imports))]

/// Declares implementation modules: private, or public but hidden from the
/// docs under the `internals` feature (for logcheck's own test suite).
macro_rules! implementation_modules {
    ($($name:ident),* $(,)?) => {$(
        #[cfg(feature = "internals")]
        #[doc(hidden)]
        pub mod $name;
        #[cfg(not(feature = "internals"))]
        mod $name;
    )*};
}

implementation_modules!(
    check,
    diagnostic,
    dictconfig,
    environment,
    explain,
    format,
    handler_class,
    handlers,
    hierarchy,
    host,
    ini,
    level,
    model,
    pyexpr,
    pyrepr,
    pyvalue,
    rules,
    scan,
    simulate,
    source,
    suggest,
    tree,
    version,
);

pub mod backend;
pub mod convert;
pub mod fix;

/// The `logcheck` binary's code (argument parsing, rendering, exit codes),
/// compiled only with the `cli` feature. Not part of the library's API.
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod cli;

pub use crate::backend::{Guard, init};
pub use crate::check::{CheckOptions, FileReport, check_bytes, check_path};
pub use crate::diagnostic::{Diagnostic, Label, PyException, Severity};
pub use crate::explain::{
    ChainEntry, ChainHandler, ExplainOptions, Explanation, LevelRow, Verdict,
};
pub use crate::fix::{Applicability, Edit, Fix};
pub use crate::handler_class::Platform;
pub use crate::hierarchy::Existing;
pub use crate::host::Host;
pub use crate::level::Level;
pub use crate::rules::{LongDoc, Rule};
pub use crate::simulate::{Call, SimError, SimOptions, SimResult, simulate_bytes, simulate_path};
pub use crate::source::Span;
pub use crate::version::PyVersion;

/// Every rule logcheck reports, in code order.
pub fn rules() -> &'static [Rule] {
    rules::ALL
}

/// Compiles the README's Rust examples as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
