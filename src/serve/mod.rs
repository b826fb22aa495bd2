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

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use crate::cli::ServeArgs;
use crate::diagnostics::{ExitStatus, Report};
use crate::pipeline::{other_paths, prepare, prepare_after_edit, render_some, Other, Prepared};
use crate::render::pages::{PageJob, PageKind};
use crate::render::views::{PlanUrls, PlanView};
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
        }
    }

    fn subscribe(&self) -> std::sync::mpsc::Receiver<String> {
        let (tx, rx) = channel();
        self.subscribers.lock().expect("not poisoned").push(tx);
        rx
    }

    fn publish(&self, build: &Build) {
        *self.files.write().expect("not poisoned") = Arc::clone(&build.files);
        *self.base_path.write().expect("not poisoned") = build.base_path.clone();
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
    pub base_path: String,
    /// The model, theme and page plan this build rendered, for the next one.
    pub prepared: Prepared,
    /// How many pages this build rendered (the rest came from the previous build).
    pub rendered: usize,
}

/// Builds the site into memory, with the live-reload script in every page.
///
/// Given the previous build, it re-renders only what a change touches: the
/// pages of plans with a changed, added or removed version (their history and
/// comparisons included), the pages whose own template changed, and the home
/// page; every page when site.yaml, a standalone page, a static file or a
/// template that others build on (`base.html`, `macros.html`) changed. The other pages are
/// taken from the previous build: they depend on nothing that changed.
///
/// `changed` lists the files that changed since `previous`, when known: if
/// they all lie inside existing plans' folders, only those plans are re-read
/// and re-checked ([`prepare_after_edit`]); otherwise the whole site is.
pub fn build_in_memory(
    root: &Path,
    options: Options,
    previous: Option<&Build>,
    changed: Option<&[PathBuf]>,
) -> Result<Build, Report> {
    let quick = previous
        .zip(changed)
        .and_then(|(p, changed)| prepare_after_edit(root, options, &p.prepared, changed));
    let mut prepared = match quick {
        Some(prepared) => prepared,
        None => prepare(root, options, false)?,
    };
    prepared.live_reload = true;
    let base_path = prepared.site.config.base_path.clone();
    let dirty_versions = match previous {
        Some(p) => prepared
            .fingerprints
            .changed_versions(&p.prepared.fingerprints),
        None => HashSet::new(),
    };
    let dirty: HashSet<&str> = dirty_versions
        .iter()
        .map(|(plan, _)| plan.as_str())
        .collect();
    let reuse = previous
        .filter(|p| {
            p.prepared.fingerprints.global == prepared.fingerprints.global
                && p.base_path == base_path
        })
        .and_then(|p| {
            let templates = prepared
                .fingerprints
                .changed_templates(&p.prepared.fingerprints);
            // A template that others extend, import or include touches every page.
            let shared = templates.iter().any(|name| {
                prepared.theme.templates.iter().any(|(other, (text, _))| {
                    other != name && text.contains(&format!("\"{name}\""))
                }) || !prepared.jobs.iter().any(|j| j.template == name)
            });
            (!shared).then_some((&p.files, templates))
        });
    let plan_ids: Vec<&str> = prepared.site.plans.iter().map(|p| p.id.as_str()).collect();
    let home_changed = match (previous, &reuse) {
        (Some(p), Some(_)) => lists_plans_differently(&p.prepared, &prepared, &dirty),
        _ => true,
    };
    // Other files: the theme's static files change only with the global
    // fingerprint; a plan's change data with the plan; the sitemap with the
    // list of pages (compared with what each shows, for the rule below).
    let same_pages = previous.is_some_and(|p| {
        Arc::ptr_eq(&p.prepared.jobs, &prepared.jobs)
            || p.prepared.jobs.len() == prepared.jobs.len()
                && p.prepared
                    .jobs
                    .iter()
                    .zip(prepared.jobs.iter())
                    .all(|(a, b)| a.path == b.path && a.kind == b.kind)
    });
    // The changed versions by (plan, version) index, for look-ups per page.
    let dirty_at: HashSet<(usize, usize)> = prepared
        .site
        .plans
        .iter()
        .enumerate()
        .flat_map(|(p, plan)| {
            let dirty_versions = &dirty_versions;
            plan.versions
                .iter()
                .enumerate()
                .filter_map(move |(v, version)| {
                    let key = (plan.id.clone(), version.id.clone());
                    dirty_versions.contains(&key).then_some((p, v))
                })
        })
        .collect();
    let wanted = |job: &PageJob| -> bool {
        let Some((old, templates)) = &reuse else {
            return true;
        };
        let touched = match job.kind {
            PageKind::Home => home_changed,
            PageKind::History { plan } | PageKind::Comparison { plan, .. } => {
                dirty.contains(plan_ids[plan])
            }
            // A version's pages show that version alone, but for links to
            // the plan's other pages, which stay put while no page comes or
            // goes and each address shows the same version as before (a new
            // latest version moves the plan's plain address).
            kind => kind.at().is_some_and(|at| {
                if same_pages {
                    dirty_at.contains(&(at.plan, at.version))
                } else {
                    dirty.contains(plan_ids[at.plan])
                }
            }),
        };
        touched || templates.contains(job.template) || !old.contains_key(&job.path)
    };
    let wanted_other = |other: Other| -> bool {
        if reuse.is_none() {
            return true;
        }
        match other {
            Other::Static => false,
            Other::ComparisonData { plan } => dirty.contains(plan_ids[plan]),
            Other::SiteFile => !same_pages,
        }
    };
    // Start from the previous build's files: most stay as they were.
    let files = Mutex::new(match &reuse {
        Some((old, _)) => HashMap::clone(old),
        None => HashMap::new(),
    });
    let stats = render_some(&prepared, &wanted, &wanted_other, &|path, bytes| {
        files
            .lock()
            .expect("not poisoned")
            .insert(path.to_string(), Arc::from(bytes));
        Ok(())
    })?;
    let mut files = files.into_inner().expect("not poisoned");
    if reuse.is_some() && !same_pages {
        // Pages or change data that are gone must not be served any more.
        let mut current: HashSet<String> = other_paths(&prepared).into_iter().collect();
        current.extend(prepared.jobs.iter().map(|j| j.path.clone()));
        files.retain(|path, _| current.contains(path));
    }
    for (name, bytes) in LIVE_FILES {
        files.insert(format!("__planpress/{name}"), Arc::from(bytes));
    }
    Ok(Build {
        files: Arc::new(files),
        base_path,
        prepared,
        rendered: stats.pages,
    })
}

/// Whether the home page, which lists every plan's latest version, would
/// show the `dirty` plans differently now.
fn lists_plans_differently(old: &Prepared, new: &Prepared, dirty: &HashSet<&str>) -> bool {
    let listing = |prepared: &Prepared, id: &str| {
        let plan = prepared.site.plans.iter().find(|p| p.id == id)?;
        let urls = PlanUrls::new(&prepared.site.config.base_path, plan);
        let md = crate::markdown::Markdown::of(&prepared.site.config);
        tera::to_value(PlanView::new(&urls, plan.latest(), md)).ok()
    };
    old.site.plans.len() != new.site.plans.len()
        || dirty.iter().any(|id| {
            let before = listing(old, id);
            before.is_none() || before != listing(new, id)
        })
}

/// The live-reload script and the error overlay's stylesheet.
const LIVE_FILES: [(&str, &[u8]); 2] = [
    ("live.js", include_bytes!("live.js")),
    ("live.css", include_bytes!("live.css")),
];

/// Rebuilds and tells open pages: `reload` after a good build, `build-error` after a bad one.
/// `changed` lists the files that changed, when the watcher knows them.
pub fn rebuild(state: &State, root: &Path, options: Options, changed: Option<&[PathBuf]>) {
    let start = Instant::now();
    let mut last = state.last.lock().expect("not poisoned");
    match build_in_memory(root, options, last.as_ref(), changed) {
        Ok(build) => {
            crate::pipeline::print_warnings(&build.prepared.warnings);
            eprintln!(
                "Rebuilt in {} ms ({} pages re-rendered, {} files served)",
                start.elapsed().as_millis(),
                build.rendered,
                build.files.len()
            );
            state.publish(&build);
            *last = Some(build);
            *state.error.write().expect("not poisoned") = None;
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

/// Builds the site and starts watching it, without serving HTTP: the preview
/// as the benchmark measures it. The returned state follows every save.
pub fn start_preview(root: &Path, options: Options) -> Result<Arc<State>, Report> {
    let state = Arc::new(State::new());
    let build = build_in_memory(root, options, None, None)?;
    state.publish(&build);
    *state.last.lock().expect("not poisoned") = Some(build);
    if let Err(err) = watch::start(root.to_path_buf(), Arc::clone(&state), options) {
        eprintln!("warning: cannot watch {}: {err}", root.display());
    }
    Ok(state)
}

/// `planpress serve`.
pub fn serve_command(args: &ServeArgs) -> ExitStatus {
    let root = args.site.root.clone();
    let options = Options {
        drafts: args.site.drafts,
    };
    let state = Arc::new(State::new());
    match build_in_memory(&root, options, None, None) {
        Ok(build) => {
            crate::pipeline::print_warnings(&build.prepared.warnings);
            state.publish(&build);
            *state.last.lock().expect("not poisoned") = Some(build);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench_corpus::{generate, CorpusSize};

    // An incremental rebuild gives the same bytes as a clean build, and
    // re-renders only the edited plan's pages and the home page.
    #[test]
    fn incremental_rebuild_equals_a_clean_build() {
        let tmp = tempfile::tempdir().unwrap();
        let size = CorpusSize::for_pages(120);
        generate(tmp.path(), &size).unwrap();
        let options = Options::default();
        let first = build_in_memory(tmp.path(), options, None, None).unwrap();

        let file = tmp
            .path()
            .join("content/plans/plan-00001/2026-final/sections/section-0.md");
        let text = std::fs::read_to_string(&file)
            .unwrap()
            .replace("title: Section 0", "title: Section zero");
        std::fs::write(&file, text).unwrap();
        // Whether or not the watcher names the file, and so whether only the
        // plan is re-read or the whole site.
        for changed in [None, Some(std::slice::from_ref(&file))] {
            let incremental = build_in_memory(tmp.path(), options, Some(&first), changed).unwrap();
            let clean = build_in_memory(tmp.path(), options, None, None).unwrap();
            assert!(
                incremental.files == clean.files,
                "incremental and clean builds differ"
            );
            // The edited (latest) version's pages at both its addresses,
            // the plan's history and comparison, and the home page, which
            // lists the plan's sections.
            assert_eq!(incremental.rendered, 2 * size.pages_per_version() + 2 + 1);
            assert!(clean.rendered > incremental.rendered * 2);
        }
        let incremental = build_in_memory(tmp.path(), options, Some(&first), None).unwrap();

        // Prose that the home page does not show leaves it alone; a new file
        // and a removed one are picked up by re-reading only their plan.
        let prose = file.with_file_name("section-1.md");
        let text = std::fs::read_to_string(&prose).unwrap() + "\nMore words.\n";
        std::fs::write(&prose, text).unwrap();
        let edited =
            build_in_memory(tmp.path(), options, Some(&incremental), Some(&[prose])).unwrap();
        assert_eq!(edited.rendered, 2 * size.pages_per_version() + 2);
        let added = file.with_file_name("section-9.md");
        std::fs::write(&added, "---\ntitle: Added\n---\n\nNew.\n").unwrap();
        let with_new = build_in_memory(
            tmp.path(),
            options,
            Some(&edited),
            Some(std::slice::from_ref(&added)),
        )
        .unwrap();
        assert!(
            with_new.files
                == build_in_memory(tmp.path(), options, None, None)
                    .unwrap()
                    .files
        );
        std::fs::remove_file(&added).unwrap();
        let without =
            build_in_memory(tmp.path(), options, Some(&with_new), Some(&[added])).unwrap();
        assert!(
            without.files
                == build_in_memory(tmp.path(), options, None, None)
                    .unwrap()
                    .files
        );

        // A page template touches the pages that use it...
        std::fs::create_dir_all(tmp.path().join("templates")).unwrap();
        std::fs::write(
            tmp.path().join("templates/404.html"),
            "{% extends \"base.html\" %}",
        )
        .unwrap();
        let after_404 = build_in_memory(tmp.path(), options, Some(&without), None).unwrap();
        assert_eq!(after_404.rendered, 1);
        assert!(
            after_404.files
                == build_in_memory(tmp.path(), options, None, None)
                    .unwrap()
                    .files
        );
        // ...and one that every page extends touches every page.
        let base = include_str!("../../themes/default/templates/base.html")
            .replace("<body>", "<body class=\"x\">");
        std::fs::write(tmp.path().join("templates/base.html"), base).unwrap();
        let after_base = build_in_memory(tmp.path(), options, Some(&after_404), None).unwrap();
        assert_eq!(after_base.rendered, first.rendered);
    }

    // A new latest version moves what the plan's plain address shows without
    // moving any page: every page there must follow, not only the edited
    // version's.
    #[test]
    fn a_new_latest_version_rerenders_the_plain_address() {
        let tmp = tempfile::tempdir().unwrap();
        generate(tmp.path(), &CorpusSize::for_pages(120)).unwrap();
        let options = Options { drafts: true };
        let first = build_in_memory(tmp.path(), options, None, None).unwrap();
        let plan_yaml = tmp
            .path()
            .join("content/plans/plan-00001/2026-final/plan.yaml");
        let text = std::fs::read_to_string(&plan_yaml)
            .unwrap()
            .replace("status: final", "status: draft");
        std::fs::write(&plan_yaml, text).unwrap();
        let next = build_in_memory(tmp.path(), options, Some(&first), Some(&[plan_yaml])).unwrap();
        let clean = build_in_memory(tmp.path(), options, None, None).unwrap();
        assert!(
            next.files == clean.files,
            "incremental and clean builds differ"
        );
    }
}
