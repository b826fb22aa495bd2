//! Rendering a site's outputs in parallel and passing each to a sink. Pages
//! are never all held in memory.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use rayon::prelude::*;
use serde::Serialize;

use super::{Dirty, FileJob, FileKind, Site};
use crate::diagnostics::{Code, Diagnostic, Report};
use crate::render::cache::PlanCache;
use crate::render::feeds::{self, Feeds};
use crate::render::pages::{plan_comparison_pairs, PageJob, PageKind};
use crate::render::search::SharedEntries;
use crate::render::views::SiteView;
use crate::render::{PageRenderer, RenderEnv};

/// Where rendered files go: given each file's output path and bytes.
pub type Sink<'a> = dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync + 'a;

/// What a build did, for the summary line and the benchmark.
#[derive(Debug, Clone, Default)]
pub struct BuildStats {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    /// How long each stage took, in order.
    pub stages: Vec<(&'static str, Duration)>,
}

/// A piece of a build's work.
enum Work<'a> {
    /// The files that are not a plan's: static files, the sitemap.
    SiteFiles,
    /// One of the site's own pages, with its index.
    Page(usize, &'a PageJob),
    /// A plan's pages (with their indexes), by plan index.
    Plan(usize, Vec<(usize, &'a PageJob)>),
}

/// Counts and collects what a render pass did.
struct Pass<'s> {
    sink: &'s Sink<'s>,
    errors: Mutex<Vec<Diagnostic>>,
    bytes: AtomicU64,
    pages: AtomicUsize,
    files: AtomicUsize,
    progress: Progress,
}

impl Pass<'_> {
    /// Writes an output, or keeps why it could not be made or written.
    fn write(&self, path: &str, content: Result<&[u8], Diagnostic>) {
        let written = content.and_then(|bytes| {
            (self.sink)(path, bytes)
                .map_err(|e| Diagnostic::error(Code::Io, format!("cannot write {path}: {e}")))
        });
        if let Err(d) = written {
            self.errors.lock().expect("not poisoned").push(d);
        }
    }

    fn page(&self, renderer: &mut PageRenderer, job: &PageJob) {
        self.pages.fetch_add(1, Ordering::Relaxed);
        self.progress.tick();
        let html = renderer.render(job);
        if let Ok(html) = &html {
            self.bytes.fetch_add(html.len() as u64, Ordering::Relaxed);
        }
        self.write(&job.path, html.as_deref().map_err(Clone::clone));
    }

    fn file(&self, path: &str, content: Result<&[u8], Diagnostic>) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.write(path, content);
    }
}

/// Renders the outputs `which` wants (all when `None`) into `sink`.
pub(super) fn render(
    site: &Site,
    which: Option<&Dirty>,
    sink: &Sink<'_>,
) -> Result<BuildStats, Report> {
    let wants = |index: usize| which.is_none_or(|d| d.wants(index));
    let mut site_view = SiteView::new(&site.content);
    if !site.mode.search_index {
        site_view.search_index = None;
    }
    let env = RenderEnv {
        site: &site.content,
        site_view,
        tera: &site.tera,
        theme: &site.theme,
        urls: site.pages.iter().map(|j| j.url.clone()).collect(),
        live_reload: site.mode.live_reload,
        priority_tables: RenderEnv::shows_priority_tables(&site.theme),
        feeds: Feeds::of(&site.content),
        search_entries: SharedEntries::new(site.mode.search_index),
    };
    let pass = Pass {
        sink,
        errors: Mutex::new(Vec::new()),
        bytes: AtomicU64::new(0),
        pages: AtomicUsize::new(0),
        files: AtomicUsize::new(0),
        progress: Progress::new(which.map_or(site.pages.len(), Dirty::count)),
    };
    // The search index is one long job, on a thread of its own beside the
    // pages: Pagefind drives a tokio runtime and uses rayon inside it, so
    // run as a rayon job it could, while waiting, take up another build's
    // index (two builds in one process, as in tests) and start a second
    // runtime on the same worker, which tokio forbids.
    std::thread::scope(|scope| {
        let index = scope.spawn(|| {
            let files = site.files.iter().enumerate();
            for (i, file) in files.filter(|(_, f)| f.kind == FileKind::SearchIndex) {
                if wants(site.pages.len() + i) {
                    search_index(site, &env.search_entries, file, &pass);
                }
            }
        });
        // Every other piece of work in one parallel pass, so no slow page
        // (the home page lists every plan) holds a core while the other
        // waits. A plan is one piece: its views and comparisons are made
        // once, shared by its pages (rendered in parallel too) and dropped
        // when they are done.
        work(site).into_par_iter().for_each(|item| match item {
            Work::SiteFiles => site_files(site, &wants, &pass),
            Work::Page(i, job) => {
                if wants(i) {
                    pass.page(&mut PageRenderer::new(&env, None), job);
                }
            }
            Work::Plan(p, jobs) => plan(site, &env, p, jobs, &wants, &pass),
        });
        if let Err(panic) = index.join() {
            std::panic::resume_unwind(panic);
        }
    });
    pass.progress.finish();
    let errors = pass.errors.into_inner().expect("not poisoned");
    if !errors.is_empty() {
        let mut report = Report::default();
        report.extend(collapse(errors));
        return Err(report);
    }
    Ok(BuildStats {
        pages: pass.pages.into_inner(),
        files: pass.files.into_inner(),
        bytes: pass.bytes.into_inner(),
        elapsed: Duration::ZERO,
        stages: Vec::new(),
    })
}

/// The pieces of work: the site's files, its own pages, and each plan.
fn work(site: &Site) -> Vec<Work<'_>> {
    let mut work = vec![Work::SiteFiles];
    let mut plans = vec![Vec::new(); site.content.plans.len()];
    for (i, job) in site.pages.iter().enumerate() {
        match job.kind.plan() {
            Some(p) => plans[p].push((i, job)),
            None => work.push(Work::Page(i, job)),
        }
    }
    work.extend(
        plans
            .into_iter()
            .enumerate()
            .map(|(p, jobs)| Work::Plan(p, jobs)),
    );
    work
}

/// Writes every file of the search index under the job's folder.
fn search_index(site: &Site, entries: &SharedEntries, job: &FileJob, pass: &Pass) {
    match crate::search::index(&site.content, entries) {
        Ok(files) => {
            for (name, bytes) in files {
                pass.file(&format!("{}{name}", job.path), Ok(&bytes));
            }
        }
        Err(d) => pass.file(&job.path, Err(d)),
    }
}

/// Renders one plan's wanted pages and comparison data.
fn plan(
    site: &Site,
    env: &RenderEnv,
    p: usize,
    jobs: Vec<(usize, &PageJob)>,
    wants: &(dyn Fn(usize) -> bool + Sync),
    pass: &Pass,
) {
    let data: Vec<(usize, &FileJob)> = site
        .files
        .iter()
        .enumerate()
        .filter(|(i, f)| f.kind.plan() == Some(p) && wants(site.pages.len() + i))
        .collect();
    if data.is_empty() && !jobs.iter().any(|(i, _)| wants(*i)) {
        return;
    }
    let pairs = plan_comparison_pairs(&site.content, p);
    let cache = PlanCache::new(&site.content.plans[p], &site.content.config, &pairs);
    // The pages of one version at one address share a renderer, which
    // keeps that version's plan view in its context across them.
    jobs.chunk_by(|(_, a), (_, b)| a.kind.at() == b.kind.at())
        .collect::<Vec<_>>()
        .into_par_iter()
        .for_each(|run| {
            let mut renderer = PageRenderer::new(env, Some(&cache));
            for (_, job) in run.iter().filter(|(i, _)| wants(*i)) {
                pass.page(&mut renderer, job);
            }
        });
    for (_, file) in data {
        plan_file(site, &cache, file, pass);
    }
}

/// One of a plan's files that are not pages.
fn plan_file(site: &Site, cache: &PlanCache, file: &FileJob, pass: &Pass) {
    match file.kind {
        FileKind::ComparisonData { from, to, .. } => {
            let json = serde_json::to_string_pretty(cache.comparison(from, to))
                .expect("comparisons serialize");
            pass.file(&file.path, Ok(json.as_bytes()));
        }
        FileKind::OpenData {
            version, file: f, ..
        } => {
            let data = cache.open_data(version).iter().find(|(d, _)| *d == f);
            let bytes = data.expect("planned where the version has it");
            pass.file(&file.path, Ok(&bytes.1));
        }
        FileKind::PlanFeed { plan } => {
            let bytes = feeds::plan_feed(&site.content, plan).expect("planned with an entry");
            pass.file(&file.path, Ok(&bytes));
        }
        _ => {}
    }
}

/// The wanted static files, `sitemap.xml` and `robots.txt`.
fn site_files(site: &Site, wants: &(dyn Fn(usize) -> bool + Sync), pass: &Pass) {
    for (i, file) in site.files.iter().enumerate() {
        if !wants(site.pages.len() + i) {
            continue;
        }
        match file.kind {
            FileKind::Static => {
                let bytes = &site.theme.statics[&file.path].bytes;
                pass.file(&file.path, Ok(bytes));
            }
            FileKind::Sitemap | FileKind::Robots => {
                let text = site_file(site, &file.path);
                pass.file(
                    &file.path,
                    text.as_deref().map(str::as_bytes).map_err(Clone::clone),
                );
            }
            FileKind::PlanSchema => {
                let schema = crate::render::open_data::json::SCHEMA;
                pass.file(&file.path, Ok(schema.as_bytes()));
            }
            FileKind::SiteFeed => {
                let bytes = feeds::site_feed(&site.content).expect("planned with an entry");
                pass.file(&file.path, Ok(&bytes));
            }
            FileKind::ComparisonData { .. }
            | FileKind::OpenData { .. }
            | FileKind::PlanFeed { .. }
            | FileKind::SearchIndex => {}
        }
    }
}

#[derive(Serialize)]
struct SitemapEntry<'a> {
    loc: String,
    path: &'a str,
}

/// `sitemap.xml` or `robots.txt`, rendered from the theme's template of that name.
fn site_file(site: &Site, name: &str) -> Result<String, Diagnostic> {
    let config = &site.content.config;
    let host = config
        .base_url
        .trim_end_matches(config.base_path.trim_end_matches('/'))
        .to_string();
    let entries: Vec<SitemapEntry> = site
        .pages
        .iter()
        .filter(|j| j.kind != PageKind::NotFound)
        .map(|j| SitemapEntry {
            loc: format!("{host}{}", j.url),
            path: &j.path,
        })
        .collect();
    let mut context = tera::Context::new();
    context.insert("entries", &entries);
    context.insert("sitemap_url", &format!("{}/sitemap.xml", config.base_url));
    site.tera.render(name, &context).map_err(|e| {
        let hint = "it is rendered with `entries` and `sitemap_url` only";
        crate::render::located_template_error(&site.theme, name, name, hint, &e)
    })
}

/// One diagnostic for each place that failed, however many pages it failed
/// on (a fault in `base.html` fails every page): the first by message,
/// so the same sources always give the same report, with how many more.
fn collapse(mut errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // Where it failed; for a file that could not be written, why (the disk
    // is full for every file alike).
    let place = |d: &Diagnostic| {
        let span = d.location.as_ref().map(|l| (l.span.start, l.span.end));
        let why = (d.code == Code::Io).then(|| d.message.split(": ").nth(1).map(str::to_string));
        (d.file_path().map(|p| p.to_path_buf()), span, why.flatten())
    };
    errors.sort_by(|a, b| (place(a), &a.message).cmp(&(place(b), &b.message)));
    let mut out: Vec<(Diagnostic, usize)> = Vec::new();
    for d in errors {
        match out.last_mut() {
            Some((last, more)) if place(last) == place(&d) && place(&d) != (None, None, None) => {
                *more += 1
            }
            _ => out.push((d, 0)),
        }
    }
    out.into_iter()
        .map(|(mut d, more)| {
            if more > 0 {
                let what = if d.code == Code::Io { "files" } else { "pages" };
                d.message.push_str(&format!(", and {more} more {what}"));
            }
            d
        })
        .collect()
}

/// A progress line on standard error for long builds, when it is a terminal.
struct Progress {
    total: usize,
    done: AtomicUsize,
    shown: bool,
}

impl Progress {
    const STEP: usize = 1000;

    fn new(total: usize) -> Self {
        use std::io::IsTerminal;
        Progress {
            total,
            done: Default::default(),
            shown: total >= 2 * Self::STEP && std::io::stderr().is_terminal(),
        }
    }

    fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.shown && done.is_multiple_of(Self::STEP) {
            eprint!("\rRendered {done} of {} pages", self.total);
        }
    }

    fn finish(&self) {
        if self.shown {
            eprint!("\r\x1b[2K");
        }
    }
}
