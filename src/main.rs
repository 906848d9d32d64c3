//! The `logcheck` command: parses arguments and hands over to `cli`.
//! All behaviour lives in the library; `cli` only renders its data.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
