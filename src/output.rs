//! Stage 4: write the site into a staging folder beside the output folder,
//! then swap it into place only when every page was written. A failed build
//! removes its staging folder and leaves the last good site as it was.
//!
//! On Linux the swap is one `renameat2(RENAME_EXCHANGE)`: at every moment the
//! output folder is either the last good site or the new one. Elsewhere, or
//! where the file system refuses the exchange, it is two renames (the old
//! site to `<staging>.old`, the staging folder to the output); a build killed
//! between them leaves no output folder, and the next build puts `.old` back
//! before it starts. Every build first clears what dead builds left (see
//! [`recover`]).

use std::io;
use std::path::{Path, PathBuf};

/// A build's output in progress.
#[derive(Debug)]
pub(crate) struct Staging {
    target: PathBuf,
    dir: PathBuf,
}

impl Staging {
    /// Creates an empty staging folder next to `target`, after recovering
    /// from any build into `target` that was killed.
    pub(crate) fn new(target: &Path) -> io::Result<Staging> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .map_err(|e| located(e, "cannot create the folder", parent))?;
        recover(target)?;
        let dir = parent.join(format!("{}{}", staging_prefix(target), std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)
            .map_err(|e| located(e, "cannot create the staging folder", &dir))?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
        })
    }

    /// Writes one file, creating its folders. Safe to call from many threads.
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, bytes)
    }

    /// Replaces the target folder with the staged one.
    pub(crate) fn commit(self) -> io::Result<()> {
        let old = old_name(&self.dir);
        if self.target.exists() && exchange(&self.dir, &self.target)? {
            // The staging folder's name now holds the last site.
            return remove_dir_all::remove_dir_all(&self.dir);
        }
        if self.target.exists() {
            std::fs::rename(&self.target, &old)?;
        }
        if let Err(err) = std::fs::rename(&self.dir, &self.target) {
            // Put the last good site back before reporting.
            if old.exists() {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(err);
        }
        if old.exists() {
            // The last site has as many files as this one: remove them on every core.
            remove_dir_all::remove_dir_all(&old)?;
        }
        Ok(())
    }

    /// Throws the staged files away.
    pub(crate) fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// An error with what was being done and to which path.
fn located(err: io::Error, doing: &str, path: &Path) -> io::Error {
    io::Error::new(err.kind(), format!("{doing} {}: {err}", path.display()))
}

/// `.public.planpress-staging-`: what every staging folder of `target` is
/// called, before the process id of its build.
fn staging_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    format!(".{name}.planpress-staging-")
}

fn old_name(staging: &Path) -> PathBuf {
    let name = staging.file_name().expect("staging has a name");
    staging.with_file_name(format!("{}.old", name.to_string_lossy()))
}

/// Swaps two folders in one step; `Ok(false)` where it could not (an old
/// kernel, a file system without the exchange), so that the caller renames
/// twice instead, and reports that way's own error if it fails too.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    Ok(renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok())
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Clears what builds into `target` that died (killed, or the machine
/// stopped) left beside it: a staging folder, half written, is removed; a
/// `.old` folder with no output folder is the last good site, moved aside
/// by a build killed in the middle of a two-rename swap, and is put back.
/// Folders of builds still running (their process exists) are left alone.
pub(crate) fn recover(target: &Path) -> io::Result<()> {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let prefix = staging_prefix(target);
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let mut leftovers: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        let (pid, is_old) = match rest.strip_suffix(".old") {
            Some(pid) => (pid, true),
            None => (rest, false),
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid == std::process::id() || !process_alive(pid) {
            leftovers.push((entry.path(), is_old));
        }
    }
    for (path, is_old) in &leftovers {
        if *is_old && !target.exists() {
            std::fs::rename(path, target)
                .map_err(|e| located(e, "cannot put back the last good site", path))?;
        }
    }
    for (path, _) in leftovers.iter().filter(|(p, _)| p.exists()) {
        remove_dir_all::remove_dir_all(path)
            .map_err(|e| located(e, "cannot remove a dead build's folder", path))?;
    }
    Ok(())
}

/// Whether a process with this id runs. Where the system cannot say (no
/// `/proc`), none is taken to run: two builds into one folder at once are
/// not supported anyway.
fn process_alive(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_abandon_keeps_the_old_site() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();

        let failed = Staging::new(&target).unwrap();
        failed.write("index.html", b"half").unwrap();
        failed.abandon();
        assert!(target.join("old.html").exists());
        assert!(!target.join("index.html").exists());

        let ok = Staging::new(&target).unwrap();
        ok.write("a/index.html", b"new").unwrap();
        ok.commit().unwrap();
        assert!(!target.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(target.join("a/index.html")).unwrap(),
            "new"
        );
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only public/ is left");
    }

    /// The id of a process that has ended.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn a_build_killed_between_two_renames_gets_its_last_good_site_back() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        let pid = dead_pid();
        // The state a two-rename swap killed between its renames leaves:
        // no output folder, the last good site as `.old`, the new one staged.
        let staged = tmp.path().join(format!(".public.planpress-staging-{pid}"));
        let old = tmp
            .path()
            .join(format!(".public.planpress-staging-{pid}.old"));
        std::fs::create_dir_all(&staged).unwrap();
        std::fs::write(staged.join("index.html"), "new").unwrap();
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("index.html"), "last good").unwrap();

        let next = Staging::new(&target).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "last good"
        );
        assert!(!staged.exists() && !old.exists(), "dead folders removed");
        next.abandon();
        let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "only public/ is left: {names:?}");
    }

    #[test]
    fn a_running_builds_staging_folder_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        // pid 1 always runs.
        let running = tmp.path().join(".public.planpress-staging-1");
        std::fs::create_dir_all(&running).unwrap();
        let dead = tmp
            .path()
            .join(format!(".public.planpress-staging-{}", dead_pid()));
        std::fs::create_dir_all(&dead).unwrap();
        Staging::new(&target).unwrap().abandon();
        assert!(running.exists());
        assert!(!dead.exists());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_swap_is_one_exchange_on_linux() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("x"), "a").unwrap();
        std::fs::write(b.join("x"), "b").unwrap();
        // Where the temporary folder's file system cannot exchange, there
        // is nothing to check.
        if exchange(&a, &b).unwrap() {
            assert_eq!(std::fs::read_to_string(b.join("x")).unwrap(), "a");
            assert_eq!(std::fs::read_to_string(a.join("x")).unwrap(), "b");
        } else {
            eprintln!("skipped: this file system cannot exchange two folders");
        }
    }
}
