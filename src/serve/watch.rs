//! Watches the site's sources with notify and rebuilds after each burst of
//! changes. Editors save in bursts (write, rename, chmod); the debouncer turns
//! each burst into one rebuild.

use std::path::PathBuf;
use std::sync::mpsc::channel;
use std::sync::Arc;
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_mini::new_debouncer;

use super::{rebuild, watched_dirs, State};
use crate::validate::Options;

/// Starts the watcher thread. New folders (a new version, say) are inside the
/// watched trees, so they are picked up without a restart.
pub(crate) fn start(
    root: PathBuf,
    state: Arc<State>,
    options: Options,
) -> Result<(), notify::Error> {
    let (tx, rx) = channel();
    let mut debouncer = new_debouncer(Duration::from_millis(100), tx)?;
    for dir in watched_dirs(&root) {
        debouncer.watcher().watch(&dir, RecursiveMode::Recursive)?;
    }
    std::thread::spawn(move || {
        // Keep the debouncer alive for as long as the thread runs.
        let _debouncer = debouncer;
        for result in rx {
            let relevant = match result {
                Ok(events) => events.iter().any(|e| {
                    let name = e
                        .path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    !crate::load::is_ignored(&name)
                }),
                Err(_) => true,
            };
            if relevant {
                rebuild(&state, &root, options);
            }
        }
    });
    Ok(())
}
