//! logcheck: check, explain and run Python `logging.config.fileConfig` files.
//!
//! One model of the file serves three jobs:
//! 1. a validator that reports every problem with its position and states which
//!    exception CPython's `fileConfig` raises (or that it loads);
//! 2. an explainer and simulator of CPython's routing and formatting;
//! 3. a `log` backend that lets the same file drive a Rust service.
//!
//! Data flows `text → ini (spans) → model (fileConfig order) → rules →
//! diagnostics`, and `model → routing → formatter → sinks`. The library never
//! prints; diagnostics are data that the `logcheck` binary renders.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod backend;
pub mod check;
pub mod diagnostic;
pub mod environment;
pub mod explain;
pub mod format;
pub mod handler_class;
pub mod handlers;
pub mod hierarchy;
pub mod ini;
pub mod level;
pub mod model;
pub mod pyexpr;
pub mod pyrepr;
pub mod pyvalue;
pub mod rules;
pub mod simulate;
pub mod source;
pub mod suggest;
pub mod tree;
pub mod version;

pub use backend::{Guard, init};

/// Compiles the README's Rust examples as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
