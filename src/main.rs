//! The `logcheck` command: parses arguments and hands over to `cli`.
//! All behaviour lives in the library; `cli` only renders its data.

mod cli;

// check builds many short strings and small vectors per section; mimalloc
// makes the whole check ≈ 1.4× faster than the system allocator
// (docs/performance.md). The library leaves the choice to its users.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::run());
}
