//! `planpress init DIR`: writes a small site that builds as it is. The files
//! are the test fixture `tests/fixtures/minimal/`, so what `init` writes is
//! what the tests build.

use std::path::Path;

use include_dir::{include_dir, Dir};

use crate::cli::InitArgs;
use crate::diagnostics::ExitStatus;

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/tests/fixtures/minimal");

/// `planpress init`.
pub(super) fn init_command(args: &InitArgs) -> ExitStatus {
    match init(&args.dir, !args.no_plan) {
        Ok(count) => {
            eprintln!(
                "Created a new site in {} ({count} files).",
                args.dir.display()
            );
            eprintln!(
                "Build it with: planpress build --root {}",
                args.dir.display()
            );
            ExitStatus::Success
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitStatus::UsageError
        }
    }
}

/// Writes the starter site into `dir`, which must be empty or absent; its
/// plan too when `with_plan`.
pub(super) fn init(dir: &Path, with_plan: bool) -> Result<usize, String> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} is not empty; choose a new folder so nothing is overwritten",
                dir.display()
            ));
        }
    }
    let mut count = 0;
    let keep = |path: &Path| with_plan || !path.starts_with("content/plans");
    write_dir(&STARTER, dir, &keep, &mut count)?;
    Ok(count)
}

fn write_dir(
    source: &Dir<'static>,
    dir: &Path,
    keep: &dyn Fn(&Path) -> bool,
    count: &mut usize,
) -> Result<(), String> {
    for entry in source.entries() {
        if let Some(sub) = entry.as_dir() {
            write_dir(sub, dir, keep, count)?;
        } else if let Some(file) = entry.as_file() {
            if file.path().starts_with("expected") || !keep(file.path()) {
                continue;
            }
            let path = dir.join(file.path());
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            std::fs::write(&path, file.contents())
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            *count += 1;
        }
    }
    Ok(())
}
