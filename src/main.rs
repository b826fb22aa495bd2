//! The `planpress` binary: parse the command line, run, map the outcome to an exit code.
//!
//! Exit codes: 0 success, 1 content errors (the site's sources are wrong),
//! 2 usage errors (the command line is wrong, or the site cannot be found).

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = <planpress::cli::Cli as clap::Parser>::parse();
    ExitCode::from(planpress::run(cli))
}
