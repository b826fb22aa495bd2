//! `planpress serve`: build into memory, serve it on loopback, rebuild when a
//! source changes, and reload open pages.
//!
//! - The site is served from memory only, never from the file system, so no
//!   request (`../`, percent-encoded dots, symlinks) can reach a file outside
//!   the built site.
//! - A failed rebuild keeps the last good site; every open page shows the
//!   error in an overlay until a rebuild succeeds.
//! - Live reload uses Server-Sent Events at `/__planpress/events`; the script
//!   and its stylesheet are external files under `/__planpress/`, so the
//!   strict Content-Security-Policy holds. They are added only in serve mode.

mod http;
mod watch;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use crate::cli::ServeArgs;
use crate::diagnostics::{ExitStatus, Report};
use crate::pipeline::{prepare, render_all};
use crate::validate::Options;

/// The last good build, and the state of the latest one.
pub struct State {
    /// Output path (`a/b/index.html`) to bytes.
    pub files: RwLock<Arc<HashMap<String, Vec<u8>>>>,
    /// The latest build's error report, rendered, if it failed.
    pub error: RwLock<Option<String>>,
    /// Open event streams.
    subscribers: Mutex<Vec<Sender<String>>>,
    pub base_path: RwLock<String>,
}

impl State {
    fn new() -> Self {
        State {
            files: RwLock::new(Arc::new(HashMap::new())),
            error: RwLock::new(None),
            subscribers: Mutex::new(Vec::new()),
            base_path: RwLock::new("/".into()),
        }
    }

    fn subscribe(&self) -> std::sync::mpsc::Receiver<String> {
        let (tx, rx) = channel();
        self.subscribers.lock().expect("not poisoned").push(tx);
        rx
    }

    /// Sends an event to every open page, forgetting closed ones.
    fn broadcast(&self, event: &str) {
        self.subscribers
            .lock()
            .expect("not poisoned")
            .retain(|tx| tx.send(event.to_string()).is_ok());
    }
}

/// Builds the site into memory, with the live-reload script in every page.
pub fn build_in_memory(
    root: &Path,
    options: Options,
) -> Result<(HashMap<String, Vec<u8>>, String), Report> {
    let mut prepared = prepare(root, options)?;
    prepared.live_reload = true;
    let files = Mutex::new(HashMap::new());
    render_all(&prepared, false, &|path, bytes| {
        files
            .lock()
            .expect("not poisoned")
            .insert(path.to_string(), bytes.to_vec());
        Ok(())
    })?;
    let mut files = files.into_inner().expect("not poisoned");
    for (name, bytes) in LIVE_FILES {
        files.insert(format!("__planpress/{name}"), bytes.to_vec());
    }
    Ok((files, prepared.site.config.base_path.clone()))
}

/// The live-reload script and the error overlay's stylesheet.
const LIVE_FILES: [(&str, &[u8]); 2] = [
    ("live.js", include_bytes!("live.js")),
    ("live.css", include_bytes!("live.css")),
];

/// Rebuilds and tells open pages: `reload` after a good build, `error` after a bad one.
pub fn rebuild(state: &State, root: &Path, options: Options) {
    let start = Instant::now();
    match build_in_memory(root, options) {
        Ok((files, base_path)) => {
            let pages = files.len();
            *state.files.write().expect("not poisoned") = Arc::new(files);
            *state.base_path.write().expect("not poisoned") = base_path;
            *state.error.write().expect("not poisoned") = None;
            eprintln!(
                "Rebuilt {pages} files in {} ms",
                start.elapsed().as_millis()
            );
            state.broadcast("reload");
        }
        Err(report) => {
            let text = report.render();
            eprint!("{text}");
            eprintln!("The build failed; still serving the last good site.");
            *state.error.write().expect("not poisoned") = Some(text);
            state.broadcast("build-error");
        }
    }
}

/// `planpress serve`.
pub fn serve_command(args: &ServeArgs) -> ExitStatus {
    let root = args.site.root.clone();
    let options = Options {
        drafts: args.site.drafts,
    };
    let state = Arc::new(State::new());
    match build_in_memory(&root, options) {
        Ok((files, base_path)) => {
            *state.files.write().expect("not poisoned") = Arc::new(files);
            *state.base_path.write().expect("not poisoned") = base_path;
        }
        Err(report) => {
            // Nothing good to serve yet: report and stop, as `build` would.
            return crate::print_report(&report);
        }
    }
    let server = match tiny_http::Server::http((args.bind, args.port)) {
        Ok(s) => s,
        Err(err) => {
            eprintln!("error: cannot listen on {}:{}: {err}", args.bind, args.port);
            return ExitStatus::UsageError;
        }
    };
    let addr = server
        .server_addr()
        .to_ip()
        .map_or_else(|| format!("{}:{}", args.bind, args.port), |a| a.to_string());
    let base = state.base_path.read().expect("not poisoned").clone();
    let url = format!("http://{addr}{base}");
    eprintln!("Serving {} at {url} (press Ctrl+C to stop)", root.display());
    let _ = std::io::stderr().flush();
    if args.open {
        open_browser(&url);
    }
    let watcher = watch::start(root.clone(), Arc::clone(&state), options);
    if let Err(err) = &watcher {
        eprintln!(
            "warning: cannot watch {} for changes: {err}",
            root.display()
        );
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

/// Paths that a change in the site's folder can affect.
pub(crate) fn watched_dirs(root: &Path) -> Vec<PathBuf> {
    ["content", "templates", "static", "themes"]
        .iter()
        .map(|d| root.join(d))
        .filter(|d| d.is_dir())
        .collect()
}
