//! `planpress check`: load and render everything, write nothing.

use super::print_report;
use crate::cli::CheckArgs;
use crate::diagnostics::{print_warnings, ExitStatus};
use crate::site::{Mode, Site};

/// `planpress check`.
pub(super) fn check_command(args: &CheckArgs) -> ExitStatus {
    let mode = Mode {
        drafts: args.site.drafts,
        ..Mode::default()
    };
    let result = Site::load(&args.site.root, mode).and_then(|site| {
        print_warnings(&site.warnings);
        let stats = site.render(None, &|_, _| Ok(()))?;
        Ok((site.content.plans.len(), stats.pages))
    });
    match result {
        Ok((plans, pages)) => {
            eprintln!("No problems found: {plans} plans, {pages} pages.");
            ExitStatus::Success
        }
        Err(report) => print_report(&report),
    }
}
