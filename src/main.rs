//! The `planpress` binary: parse the command line, run, map the outcome to an exit code.
//!
//! Exit codes: 0 success, 1 content errors (the site's sources are wrong),
//! 2 usage errors (the command line is wrong, or the site cannot be found).

use std::process::ExitCode;

// Rendering makes and drops many small strings and maps on every core;
// mimalloc's per-thread heaps make that markedly cheaper than the system
// allocator (see the benchmark in the README).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = <planpress::cli::Cli as clap::Parser>::parse();
    ExitCode::from(planpress::run(cli))
}
