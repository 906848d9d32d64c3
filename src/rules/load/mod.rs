//! Rules the loader and the lowering emit (`LC0xx`–`LC5xx`, plus the info
//! `LC509`): each is a finding where CPython's `fileConfig` raises (or, for
//! `LC509`, cannot be checked), so they have no lint function of their own;
//! `crate::check` and `crate::model` build their diagnostics while reading.
//! One file per hundred.

pub mod dictconfig;
pub mod file;
pub mod formatters;
pub mod handlers;
pub mod levels;
pub mod references;
pub mod sections;
