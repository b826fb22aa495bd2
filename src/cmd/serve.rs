//! `planpress serve`: build into memory, serve on loopback, and rebuild on
//! every change (see [`crate::serve`]).

use std::io::Write;

use super::print_report;
use crate::cli::ServeArgs;
use crate::diagnostics::ExitStatus;
use crate::serve::{http, start_preview};
use crate::validate::Options;

/// `planpress serve`.
pub(super) fn serve_command(args: &ServeArgs) -> ExitStatus {
    let root = &args.site.root;
    let options = Options {
        drafts: args.site.drafts,
    };
    // Nothing good to serve yet on failure: report and stop, as `build` would.
    let state = match start_preview(root, options) {
        Ok(state) => state,
        Err(report) => return print_report(&report),
    };
    let server = match std::net::TcpListener::bind((args.bind, args.port)) {
        Ok(s) => s,
        Err(err) => {
            eprintln!("error: cannot listen on {}:{}: {err}", args.bind, args.port);
            return ExitStatus::UsageError;
        }
    };
    let addr = server.local_addr().map_or_else(
        |_| format!("{}:{}", args.bind, args.port),
        |a| a.to_string(),
    );
    let base = state.base_path.read().expect("not poisoned").clone();
    let url = format!("http://{addr}{base}");
    eprintln!("Serving {} at {url} (press Ctrl+C to stop)", root.display());
    let _ = std::io::stderr().flush();
    if args.open {
        open_browser(&url);
    }
    http::run(server, state);
    ExitStatus::Success
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(program)
        .arg(url)
        .spawn()
        .is_err()
    {
        eprintln!("Open {url} in your browser.");
    }
}
