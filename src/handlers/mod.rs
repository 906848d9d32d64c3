//! The handler engine: CPython's stdlib handler classes implemented once,
//! over an I/O seam, and run by both the `log` backend ([`io::RealIo`]: the
//! disk and the process streams) and `simulate` ([`io::VirtualIo`]: an
//! in-memory tree over a read-only view of the disk, captured streams).
//!
//! One module per class, mirroring its CPython methods:
//! - [`stream`]: `StreamHandler` on stdout/stderr (the end of `emit`);
//! - [`file`](mod@file): `FileHandler` (`_open`, the lazy open of `emit`, `close`);
//! - [`rotating`]: `RotatingFileHandler` (`shouldRollover`, `doRollover`);
//! - [`memory`]: `MemoryHandler`/`BufferingHandler` (`shouldFlush`, the
//!   shutdown flush);
//! - [`timed`]: `TimedRotatingFileHandler` (`computeRollover`,
//!   `shouldRollover`, `doRollover`, `getFilesToDelete`);
//! - [`watched`]: `WatchedFileHandler` (`_statstream`, `reopenIfNeeded`);
//! - [`custom`]: the trait a Rust implementation of a class named in the
//!   file implements (`emit`, `flush`, `close`);
//! - [`syslog`]: `SysLogHandler` (the real sockets; what a unix-socket
//!   address meets, asked of the environment read-only).
//!
//! Each runner keeps its own dispatch (an enum over the classes: the
//! backend's `Sink`, simulate's `Kind`), its record type and its formatter
//! call; what a class does to the outside world, and when, is here. The
//! seam ([`io::FileIo`], [`stream::StreamIo`]) is generic with an associated
//! handle type, so the backend pays no dynamic dispatch for it.

#![warn(missing_docs)]

pub mod custom;
pub mod file;
pub mod io;
pub mod memory;
pub mod rotating;
pub mod stream;
pub mod syslog;
pub mod timed;
pub mod watched;
