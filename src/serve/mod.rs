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

mod conn;
pub(crate) mod http;
mod watch;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use crate::diagnostics::Report;
use crate::site::{Changes, Dirty, Mode, Site};
use crate::validate::Options;

/// The last good build, and the state of the latest one.
pub struct State {
    /// Output path (`a/b/index.html`) to bytes.
    pub files: RwLock<Arc<HashMap<String, Arc<[u8]>>>>,
    /// The latest build's error report, rendered, if it failed.
    pub error: RwLock<Option<String>>,
    /// Open event streams.
    subscribers: Mutex<Vec<Sender<String>>>,
    pub base_path: RwLock<String>,
    /// The last good build, kept to rebuild only what changes touch.
    last: Mutex<Option<Build>>,
    /// Set by [`State::stop`]: the watcher rebuilds no more.
    stopped: std::sync::atomic::AtomicBool,
    /// Live-reload streams open now (see [`http::MAX_STREAMS`]).
    streams: Arc<std::sync::atomic::AtomicUsize>,
}

impl State {
    /// Stops the watcher's rebuilds, so its sources can be removed (the
    /// benchmark's scratch copy) without a failing rebuild being reported.
    pub fn stop(&self) {
        self.stopped
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    fn is_stopped(&self) -> bool {
        self.stopped.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn new() -> Self {
        State {
            files: RwLock::new(Arc::new(HashMap::new())),
            error: RwLock::new(None),
            subscribers: Mutex::new(Vec::new()),
            base_path: RwLock::new("/".into()),
            last: Mutex::new(None),
            stopped: std::sync::atomic::AtomicBool::new(false),
            streams: Arc::default(),
        }
    }

    fn subscribe(&self) -> std::sync::mpsc::Receiver<String> {
        let (tx, rx) = channel();
        self.subscribers.lock().expect("not poisoned").push(tx);
        rx
    }

    fn publish(&self, build: &Build) {
        *self.files.write().expect("not poisoned") = Arc::clone(&build.files);
        *self.base_path.write().expect("not poisoned") = build.base_path().to_string();
    }

    /// Sends an event to every open page, forgetting closed ones.
    fn broadcast(&self, event: &str) {
        self.subscribers
            .lock()
            .expect("not poisoned")
            .retain(|tx| tx.send(event.to_string()).is_ok());
    }
}

/// A site built into memory.
pub struct Build {
    /// Output path (`a/b/index.html`) to bytes.
    /// Bytes are shared, so pages kept from the previous build cost no copy,
    /// and the map is shared with the server, so publishing costs none either.
    pub files: Arc<HashMap<String, Arc<[u8]>>>,
    /// The site this build rendered, for the next one.
    pub site: Site,
    /// How many pages this build rendered (the rest came from the previous build).
    pub rendered: usize,
}

impl Build {
    fn base_path(&self) -> &str {
        &self.site.content.config.base_path
    }
}

/// Builds the site into memory, with the live-reload script in every page.
/// Given the previous build and what changed since, it renders only what
/// [`Site::apply`] finds dirty and keeps the rest of the previous build's files.
pub fn build_in_memory(
    root: &Path,
    options: Options,
    previous: Option<&Build>,
    changes: Changes,
) -> Result<Build, Report> {
    let (build, later) = build_pages_first(root, options, previous, changes)?;
    match later {
        Some(later) => finish(build, &later),
        None => Ok(build),
    }
}

/// [`build_in_memory`] but for the folders of files it must make again (the
/// search index), which it returns to [`finish`]: a rebuild serves the new
/// pages first, and the index once it is made.
fn build_pages_first(
    root: &Path,
    options: Options,
    previous: Option<&Build>,
    changes: Changes,
) -> Result<(Build, Option<Dirty>), Report> {
    let (site, dirty) = match previous {
        Some(previous) => {
            let (site, dirty) = previous.site.apply(changes)?;
            (site, Some(dirty))
        }
        None => (Site::load(root, serve_mode(options))?, None),
    };
    let (now, later) = match &dirty {
        Some(dirty) => {
            let (now, later) = site.split_folders(dirty);
            (Some(now), Some(later))
        }
        None => (None, None),
    };
    let mut files = match (previous, &now) {
        (Some(previous), Some(now)) => {
            let mut files = HashMap::clone(&previous.files);
            for path in &now.removed {
                files.remove(path);
            }
            // A folder output that is gone leaves none of its files.
            let gone: Vec<&str> = now.removed.iter().map(String::as_str).collect();
            drop_folders(&mut files, &gone);
            files
        }
        _ => HashMap::new(),
    };
    let rendered = render_into(&site, now.as_ref(), &mut files)?;
    for (name, bytes) in LIVE_FILES {
        files.insert(format!("__planpress/{name}"), Arc::from(bytes));
    }
    let build = Build {
        files: Arc::new(files),
        site,
        rendered,
    };
    Ok((build, later))
}

/// `build` with the folders of files `later` wants made again: none of
/// their old files are kept, since the new ones have other names.
fn finish(build: Build, later: &Dirty) -> Result<Build, Report> {
    let folders: Vec<&str> = build.site.folders_rendered(later).collect();
    if folders.is_empty() {
        return Ok(build);
    }
    let mut files = HashMap::clone(&build.files);
    drop_folders(&mut files, &folders);
    let rendered = render_into(&build.site, Some(later), &mut files)?;
    Ok(Build {
        files: Arc::new(files),
        rendered: build.rendered + rendered,
        site: build.site,
    })
}

/// Removes every file under the folders (paths ending in `/`) in `paths`.
fn drop_folders(files: &mut HashMap<String, Arc<[u8]>>, paths: &[&str]) {
    let folders: Vec<&&str> = paths.iter().filter(|f| f.ends_with('/')).collect();
    if !folders.is_empty() {
        files.retain(|path, _| !folders.iter().any(|f| path.starts_with(**f)));
    }
}

/// Renders what `which` wants (everything when `None`) into `files`;
/// returns how many pages it rendered.
fn render_into(
    site: &Site,
    which: Option<&Dirty>,
    files: &mut HashMap<String, Arc<[u8]>>,
) -> Result<usize, Report> {
    let files_made = Mutex::new(Vec::new());
    let stats = site.render(which, &|path, bytes| {
        let made = (path.to_string(), Arc::from(bytes));
        files_made.lock().expect("not poisoned").push(made);
        Ok(())
    })?;
    files.extend(files_made.into_inner().expect("not poisoned"));
    Ok(stats.pages)
}

/// How `serve` renders: drafts as asked, unminified, with live reload.
fn serve_mode(options: Options) -> Mode {
    Mode {
        drafts: options.drafts,
        minify: false,
        live_reload: true,
        search_index: true,
    }
}

/// The live-reload script and the error overlay's stylesheet.
const LIVE_FILES: [(&str, &[u8]); 2] = [
    ("live.js", include_bytes!("live.js")),
    ("live.css", include_bytes!("live.css")),
];

/// Rebuilds and tells open pages: `reload` after a good build, `build-error` after a bad one.
/// `changed` lists the files that changed, when the watcher knows them.
pub fn rebuild(state: &State, changed: Option<&[PathBuf]>) {
    let start = Instant::now();
    let mut last = state.last.lock().expect("not poisoned");
    let Some(previous) = last.as_ref() else {
        return;
    };
    let changes = changed.map_or(Changes::Unknown, Changes::Files);
    let root = previous.site.root().to_path_buf();
    let staged = build_pages_first(&root, previous.site.options(), Some(previous), changes);
    let (build, later) = match staged {
        Ok(staged) => staged,
        Err(report) => return show_error(state, &report),
    };
    crate::diagnostics::print_warnings(&build.site.warnings);
    eprintln!(
        "Rebuilt in {} ms ({} pages re-rendered, {} files served)",
        start.elapsed().as_millis(),
        build.rendered,
        build.files.len()
    );
    state.publish(&build);
    *state.error.write().expect("not poisoned") = None;
    state.broadcast("reload");
    // The pages are served; the search index follows. Until then search
    // answers from the previous index, whole and as it was.
    let Some(later) = later.filter(|l| l.count() > 0) else {
        *last = Some(build);
        return;
    };
    match finish(build, &later) {
        Ok(build) => {
            eprintln!(
                "Search index made again in {} ms",
                start.elapsed().as_millis()
            );
            state.publish(&build);
            *last = Some(build);
        }
        // The next rebuild starts again from the last whole build.
        Err(report) => show_error(state, &report),
    }
}

/// Shows a failed build's report in the terminal and in every open page.
fn show_error(state: &State, report: &Report) {
    let text = report.render();
    eprint!("{text}");
    eprintln!("The build failed; still serving the last good site.");
    *state.error.write().expect("not poisoned") = Some(text);
    state.broadcast("build-error");
}

/// Builds the site into memory and starts watching it: the preview, before
/// any HTTP. The returned state follows every save. Fails when the first
/// build does: there is nothing good to serve yet.
pub fn start_preview(root: &Path, options: Options) -> Result<Arc<State>, Report> {
    let state = Arc::new(State::new());
    let build = build_in_memory(root, options, None, Changes::Unknown)?;
    crate::diagnostics::print_warnings(&build.site.warnings);
    state.publish(&build);
    *state.last.lock().expect("not poisoned") = Some(build);
    if let Err(err) = watch::start(root, Arc::clone(&state)) {
        eprintln!(
            "warning: cannot watch {} for changes: {err}",
            root.display()
        );
    }
    // Ready for the first edit before it comes.
    if let Some(build) = state.last.lock().expect("not poisoned").as_ref() {
        build.site.prepare_for_changes();
    }
    Ok(state)
}

/// Paths that a change in the site's folder can affect.
pub(crate) fn watched_dirs(root: &Path) -> Vec<PathBuf> {
    ["content", "templates", "static", "themes"]
        .iter()
        .map(|d| root.join(d))
        .filter(|d| d.is_dir())
        .collect()
}
