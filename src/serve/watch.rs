//! Watches the site's sources with notify and rebuilds after each burst of
//! changes.
//!
//! Two things decide what counts (Zola's `fs_utils.rs` does the same):
//! - only changes count, not reads: inotify also reports files being opened,
//!   and a rebuild opens every source, so counting reads would make every
//!   rebuild trigger the next one;
//! - editors save in bursts (write, rename, chmod), so events are gathered
//!   until the sources have been quiet for [`QUIET`], then rebuilt once. A
//!   burst that goes on after that only causes one more rebuild, so the
//!   quiet time is kept short: it is part of every save's wait.
//!
//! The rebuild is told which files changed, so an edit inside a plan
//! re-reads only that plan.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

use notify::{Event, EventKind, RecursiveMode, Watcher};

use super::{rebuild, watched_dirs, State};

/// How long the sources must be quiet before a rebuild starts.
pub(crate) const QUIET: Duration = Duration::from_millis(5);

/// Starts the watcher thread. New folders (a new version, say) are inside the
/// watched trees, so they are picked up without a restart.
pub(crate) fn start(root: &Path, state: Arc<State>) -> Result<(), notify::Error> {
    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
        let _ = tx.send(event);
    })?;
    for dir in watched_dirs(root) {
        watcher.watch(&dir, RecursiveMode::Recursive)?;
    }
    std::thread::spawn(move || {
        // The watcher lives as long as this thread.
        let _watcher = watcher;
        while let Some(changed) = wait_for_change(&rx) {
            if state.is_stopped() {
                break;
            }
            rebuild(&state, changed.as_deref());
        }
    });
    Ok(())
}

/// Blocks until a relevant change, then until things are quiet, and returns
/// the paths that changed (`Some(None)` when an event named none, or was a
/// lost-events error). Returns `None` when the watcher has gone away.
fn wait_for_change(rx: &Receiver<notify::Result<Event>>) -> Option<Option<Vec<PathBuf>>> {
    let mut changed = Some(Vec::new());
    let mut note = |event: notify::Result<Event>| match event {
        Ok(e) if !e.paths.is_empty() => {
            if let Some(paths) = changed.as_mut() {
                paths.extend(e.paths);
            }
        }
        _ => changed = None,
    };
    loop {
        let event = rx.recv().ok()?;
        if is_relevant(&event) {
            note(event);
            break;
        }
    }
    loop {
        match rx.recv_timeout(QUIET) {
            Ok(event) if is_relevant(&event) => note(event),
            Ok(_) => continue,
            Err(RecvTimeoutError::Timeout) => return Some(changed),
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
}

/// A change to a source file, not a read and not an editor's scratch file.
pub(crate) fn is_relevant(event: &notify::Result<Event>) -> bool {
    let Ok(event) = event else {
        // An error (a lost event, say): rebuild to be safe.
        return true;
    };
    if matches!(event.kind, EventKind::Access(_)) {
        return false;
    }
    event.paths.iter().any(|path| {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        !crate::load::is_ignored(&name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, ModifyKind};

    fn event(kind: EventKind, path: &str) -> notify::Result<Event> {
        Ok(Event::new(kind).add_path(PathBuf::from(path)))
    }

    // See the module comment: reads during a rebuild must not cause another.
    #[test]
    fn reads_and_editor_scratch_files_are_not_changes() {
        assert!(!is_relevant(&event(
            EventKind::Access(AccessKind::Any),
            "content/site.yaml"
        )));
        assert!(!is_relevant(&event(
            EventKind::Modify(ModifyKind::Any),
            "content/.plan.yaml.swp"
        )));
        assert!(!is_relevant(&event(
            EventKind::Create(CreateKind::File),
            "content/plan.yaml~"
        )));
        assert!(is_relevant(&event(
            EventKind::Modify(ModifyKind::Any),
            "content/site.yaml"
        )));
        assert!(is_relevant(&event(
            EventKind::Create(CreateKind::Folder),
            "content/plans/x/2027"
        )));
    }
}
