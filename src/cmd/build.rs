//! `planpress build`: render the whole site into a staging folder, and swap
//! it into place only when every file was written.

use std::path::Path;
use std::time::Instant;

use super::print_report;
use crate::cli::BuildArgs;
use crate::diagnostics::{print_warnings, Code, Diagnostic, ExitStatus, Report};
use crate::output::Staging;
use crate::site::{BuildStats, Mode, Site};

/// Builds the site at `root` into `out`. On any error, `out` is left as it
/// was. Hands back the site it built as well.
pub(super) fn build(root: &Path, out: &Path, mode: Mode) -> Result<(BuildStats, Site), Report> {
    let start = Instant::now();
    let site = Site::load(root, mode)?;
    let loaded_at = start.elapsed();
    let staging = Staging::new(out).map_err(|e| io_report(out, e))?;
    let result = site.render(None, &|path, bytes| staging.write(path, bytes));
    let rendered_at = start.elapsed();
    match result {
        Ok(mut stats) => {
            staging.commit().map_err(|e| io_report(out, e))?;
            stats.elapsed = start.elapsed();
            stats.stages = site.stages.clone();
            stats
                .stages
                .push(("render and write", rendered_at - loaded_at));
            stats
                .stages
                .push(("swap into place", stats.elapsed - rendered_at));
            Ok((stats, site))
        }
        Err(report) => {
            staging.abandon();
            Err(report)
        }
    }
}

fn io_report(path: &Path, err: std::io::Error) -> Report {
    let mut report = Report::default();
    report.push(
        Diagnostic::error(Code::Io, format!("cannot write {}: {err}", path.display()))
            .in_file(path),
    );
    report
}

/// `planpress build`.
pub(super) fn build_command(args: &BuildArgs) -> ExitStatus {
    let root = &args.site.root;
    let out = args.out.clone().unwrap_or_else(|| root.join("public"));
    let mode = Mode {
        drafts: args.site.drafts,
        minify: !args.no_minify,
        live_reload: false,
        search_index: !args.no_search,
    };
    let built = build(root, &out, mode).map(|(stats, site)| {
        print_warnings(&site.warnings);
        // The process ends next: freeing the model's many small pieces one
        // by one would only delay the exit (some 20 ms at 10,000 pages).
        std::mem::forget(site);
        stats
    });
    match built {
        Ok(stats) => {
            print_stages(args, &stats);
            if !args.quiet {
                eprintln!(
                    "Built {} pages and {} other files ({:.1} MB) into {} in {:.2} s ({:.0} pages/s)",
                    stats.pages,
                    stats.files,
                    stats.bytes as f64 / 1e6,
                    out.display(),
                    stats.elapsed.as_secs_f64(),
                    stats.pages as f64 / stats.elapsed.as_secs_f64().max(1e-9),
                );
            }
            ExitStatus::Success
        }
        Err(report) => {
            let status = print_report(&report);
            eprintln!("The build failed; {} was left as it was.", out.display());
            status
        }
    }
}

fn print_stages(args: &BuildArgs, stats: &BuildStats) {
    if args.timings {
        for (stage, took) in &stats.stages {
            eprintln!("{:>8.1} ms  {stage}", took.as_secs_f64() * 1e3);
        }
        if let Some(peak) = peak_memory_mib() {
            eprintln!("{peak:>8} MiB peak memory (resident)");
        }
    }
}

/// The process's peak resident memory, where the system tells it (Linux).
fn peak_memory_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
