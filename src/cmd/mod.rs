//! The commands, each a thin layer over [`crate::site::Site`]: `build`
//! renders it into a staging folder, `check` into nothing, `serve` into
//! memory (and applies every change the watcher sees), `init` writes a
//! starter site, `import` writes a plan version from a published document.

mod build;
mod check;
mod import;
mod init;
mod serve;

use crate::cli::{Cli, Command};
use crate::diagnostics::{ExitStatus, Report};

/// Runs one command and returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    let status = match cli.command {
        Command::Build(args) => build::build_command(&args),
        Command::Check(args) => check::check_command(&args),
        Command::Init(args) => init::init_command(&args),
        Command::Import(args) => import::import_command(&args),
        Command::Serve(args) => serve::serve_command(&args),
    };
    status.code()
}

/// Prints a report of diagnostics to standard error, then the summary line,
/// and returns the exit status the report calls for.
pub(crate) fn print_report(report: &Report) -> ExitStatus {
    eprint!("{}", report.render());
    report.status()
}
