//! The `logcheck` command: parses arguments and hands over to `cli`.
//! All behaviour lives in the library; `cli` only renders its data.

#[cfg(all(feature = "mimalloc", target_os = "linux"))]
mod arena;
mod cli;

// check builds many short strings and small vectors per section; mimalloc
// makes the whole check ≈ 1.4× faster than the system allocator, and on Linux
// a bump arena in front of it saves most of a fresh process's page faults
// (`arena`, docs/performance.md). The library leaves the choice to its users.
#[cfg(all(feature = "mimalloc", target_os = "linux"))]
#[global_allocator]
static GLOBAL: arena::ArenaFirst = arena::ArenaFirst::new(64 << 20);
#[cfg(all(feature = "mimalloc", not(target_os = "linux")))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::run());
}
