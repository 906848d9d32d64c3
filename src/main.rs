//! The `logcheck` command: parses arguments and hands over to `cli`.
//! All behaviour lives in the library; `cli` only renders its data.
//!
//! The binary uses the system allocator: measured on typical configs it is
//! the fastest whole process (docs/performance.md, "Allocator"), it needs no
//! C build, and it leaves cross builds (Windows, macOS) plain `cargo build`s.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
