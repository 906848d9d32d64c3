//! The integration test suite, one binary (as ripgrep's `tests/tests.rs`):
//! one link instead of one per file. Three tests stay binaries of their own
//! because they change process-wide state: `fileconfig_goldens` and
//! `simulate_goldens` set the working directory (CPython's messages quote
//! the file path as given, relative to it), and `backend_alloc` counts every
//! allocation of its process with a global allocator.

mod backend_support;
mod common;

mod backend_live;
mod backend_reliability;
mod backend_syslog;
mod check_nopanic;
mod cli_check;
mod cli_walk;
mod convert_live;
mod dictconfig_check_live;
mod dictconfig_json_live;
mod dictconfig_json_nopanic;
mod dictconfig_lints_live;
mod dictconfig_live;
mod dictconfig_simulate_live;
mod dictconfig_yaml_goldens;
mod dictconfig_yaml_live;
mod dictconfig_yaml_nopanic;
mod engine_differential;
mod environment_live;
mod fileconfig_live;
mod fix_live;
mod format_live;
mod handler_class_live;
mod host_goldens;
mod host_live;
mod ini_corpus;
mod ini_live;
mod ini_nopanic;
mod lints;
mod lints_live;
mod lsp_server;
mod new_user_live;
mod platform_live;
mod pyexpr_live;
mod readme;
mod realworld_lints;
mod rules_doc;
mod simulate_environment_live;
mod simulate_live;
mod simulate_snapshots;
mod strftime_live;
