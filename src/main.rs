//! The `logcheck` command. All behaviour lives in the library; its `cli`
//! module (feature `cli`) parses arguments and renders the library's data.
//!
//! The binary uses the system allocator: measured on typical configs it is
//! the fastest whole process (docs/performance.md, "Allocator"), it needs no
//! C build, and it leaves cross builds (Windows, macOS) plain `cargo build`s.

fn main() {
    std::process::exit(logcheck::cli::run());
}
