//! What the loader refuses before it reads a file, so that no source can
//! make a build hang or exhaust memory: a file over [`MAX_SOURCE_BYTES`],
//! anything that is not a regular file (a FIFO would block the read for
//! ever), and a symbolic link that loops, is broken or leads outside the
//! site's folder (which would publish or read files the site does not own).
//! The README's "Limits" lists these.

use std::path::Path;

use crate::diagnostics::{Code, Diagnostic};

/// The largest source file read: 10 MiB, a hundred times the largest plan
/// file seen in practice, and small enough that parsing it stays within
/// seconds and a few hundred MiB.
pub const MAX_SOURCE_BYTES: u64 = 10 * 1024 * 1024;

/// Checks that `path` (shown as `display`) is a regular file of at most
/// [`MAX_SOURCE_BYTES`], before it is read.
pub(super) fn check_file(path: &Path, display: &Path) -> Result<(), Box<Diagnostic>> {
    let meta = std::fs::metadata(path).map_err(|err| {
        Box::new(
            Diagnostic::error(
                Code::Io,
                format!("cannot read {}: {err}", display.display()),
            )
            .in_file(display),
        )
    })?;
    if !meta.is_file() {
        return Err(Box::new(
            Diagnostic::error(
                Code::Io,
                format!("{} is not a regular file", display.display()),
            )
            .in_file(display)
            .expected("a file of text")
            .hint("replace it with an ordinary file; devices, pipes and sockets are not read"),
        ));
    }
    if meta.len() > MAX_SOURCE_BYTES {
        return Err(Box::new(
            Diagnostic::error(
                Code::Io,
                format!(
                    "{} is {} bytes, over the limit of {} bytes (10 MiB) for a source file",
                    display.display(),
                    meta.len(),
                    MAX_SOURCE_BYTES
                ),
            )
            .in_file(display)
            .expected("a source file of at most 10 MiB")
            .hint("split it: a long section into several sections, a long action table across priorities; large downloads go in static/"),
        ));
    }
    Ok(())
}

/// Checks a symbolic link found in the site's `content/`: it must lead to a
/// file or folder inside `root`. Returns why not, as an error on `display`.
pub(super) fn check_link(path: &Path, root: &Path, display: &Path) -> Result<(), Box<Diagnostic>> {
    let error = |message: String, hint: &str| {
        Box::new(
            Diagnostic::error(Code::Io, message)
                .in_file(display)
                .expected("a symbolic link to a file or folder inside the site's folder")
                .hint(hint.to_string()),
        )
    };
    let target = std::fs::canonicalize(path).map_err(|err| {
        let why = if err.raw_os_error() == Some(40) {
            "loops back on itself".to_string()
        } else {
            format!("leads nowhere ({err})")
        };
        error(
            format!("the symbolic link {} {why}", display.display()),
            "point the link at a file or folder that exists, or remove it",
        )
    })?;
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if !target.starts_with(&root) {
        return Err(error(
            format!(
                "the symbolic link {} leads outside the site's folder",
                display.display()
            ),
            "copy the file into the site instead: a link outside it could publish files the site does not own",
        ));
    }
    Ok(())
}
