//! Runs the stages in order: load, validate, theme, page plan, render, write.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::cli::{BuildArgs, CheckArgs};
use crate::diagnostics::{Code, Diagnostic, ExitStatus, Report, Severity};
use crate::model::Content;
use crate::output::Staging;
use crate::render::cache::PlanCache;
use crate::render::pages::{
    comparison_pairs, plan_comparison_pairs, plan_jobs, plan_pages, replan_pages, PageJob, PageKind,
};
use crate::render::views::{PlanUrls, SiteView};
use crate::render::{PageRenderer, RenderEnv};
use crate::theme::Theme;
use crate::validate::{self, Options};

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

/// A site loaded, validated and planned, ready to render.
pub struct Prepared {
    pub site: Content,
    /// Shared with the next `serve` rebuild when no template changed.
    pub theme: Arc<Theme>,
    pub tera: Arc<tera::Tera>,
    /// Shared with the next `serve` rebuild when an edit moves no page.
    pub jobs: Arc<Vec<PageJob>>,
    /// Add the live-reload script to every page (`serve` only).
    pub live_reload: bool,
    /// What the sources looked like, for rebuilding only what changed.
    pub fingerprints: Fingerprints,
    /// How long each step of preparing took, for `build --timings`.
    pub stages: Vec<(&'static str, Duration)>,
    /// Problems that do not fail the build (raw HTML removed), to print.
    pub warnings: Vec<Diagnostic>,
}

/// Hashes of the sources: one for what every page depends on (site.yaml,
/// standalone pages, templates, static files) and one per plan version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprints {
    /// site.yaml, standalone pages and static files.
    pub global: u64,
    /// Each template by name.
    pub templates: HashMap<String, u64>,
    /// (plan id, version id) to the hash of that version's files.
    pub versions: HashMap<(String, String), u64>,
}

impl Fingerprints {
    fn of(
        loaded: &crate::load::Loaded,
        theme: &Theme,
        versions: HashMap<(String, String), u64>,
    ) -> Fingerprints {
        use std::hash::{Hash, Hasher};
        let mut global = std::collections::hash_map::DefaultHasher::new();
        if let Some(c) = &loaded.config {
            c.file.text.hash(&mut global);
        }
        for page in &loaded.pages {
            (&page.file.display_path, &page.file.text).hash(&mut global);
        }
        let templates = theme
            .templates
            .iter()
            .map(|(name, (text, _))| {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                text.hash(&mut h);
                (name.clone(), h.finish())
            })
            .collect();
        for (name, file) in &theme.statics {
            (name, &file.bytes).hash(&mut global);
        }
        Fingerprints {
            global: global.finish(),
            templates,
            versions,
        }
    }

    /// The hash of each version of one plan.
    fn of_plan(plan: &crate::load::LoadedPlan) -> Vec<((String, String), u64)> {
        use std::hash::{Hash, Hasher};
        plan.versions
            .iter()
            .map(|v| {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                v.plan.file.text.hash(&mut h);
                for doc in v.sections.iter().chain(&v.commitments) {
                    (&doc.file.display_path, &doc.file.text).hash(&mut h);
                }
                for p in &v.priorities {
                    (&p.meta.file.display_path, &p.meta.file.text).hash(&mut h);
                    if let Some(a) = &p.actions {
                        a.file.text.hash(&mut h);
                    }
                }
                if let Some(k) = &v.kpis {
                    k.file.text.hash(&mut h);
                }
                ((plan.id.clone(), v.id.clone()), h.finish())
            })
            .collect()
    }

    /// Templates added, removed or changed since `old`.
    pub fn changed_templates(&self, old: &Fingerprints) -> HashSet<String> {
        let mut names: HashSet<String> = self
            .templates
            .iter()
            .filter(|(name, hash)| old.templates.get(*name) != Some(*hash))
            .map(|(name, _)| name.clone())
            .collect();
        names.extend(
            old.templates
                .keys()
                .filter(|n| !self.templates.contains_key(*n))
                .cloned(),
        );
        names
    }

    /// (plan, version) pairs added, removed or changed since `old`.
    pub fn changed_versions(&self, old: &Fingerprints) -> HashSet<(String, String)> {
        let changed = self
            .versions
            .iter()
            .filter(|(key, hash)| old.versions.get(*key) != Some(*hash))
            .map(|(key, _)| key.clone());
        let removed = old
            .versions
            .keys()
            .filter(|key| !self.versions.contains_key(*key))
            .cloned();
        changed.chain(removed).collect()
    }
}

/// The theme and its compiled templates.
fn load_theme(
    root: &Path,
    name: &str,
    minify: bool,
) -> Result<(Theme, tera::Tera), Vec<Diagnostic>> {
    let theme = Theme::load(root, name)?;
    let tera = theme.tera(minify).map_err(|d| vec![d])?;
    Ok((theme, tera))
}

/// Loads and checks everything up to rendering. Returns every diagnostic on
/// failure. With `minify`, the theme's HTML templates are minified once, so
/// every page comes out minified.
pub fn prepare(root: &Path, options: Options, minify: bool) -> Result<Prepared, Report> {
    let mut report = Report::default();
    if !root.join("content").join("site.yaml").is_file() {
        report.push(
            Diagnostic::error(Code::Io, format!("{} is not a planpress site", root.display()))
                .expected("a folder holding content/site.yaml")
                .hint("run planpress in the site's folder, pass --root DIR, or create a site with `planpress init DIR`"),
        );
        return Err(report);
    }
    let mut clock = Clock::start();
    let loaded = crate::load::load(root);
    report.extend(loaded.diagnostics.iter().cloned());
    let pages = validate::pages(&loaded);
    let theme_name = loaded
        .config
        .as_ref()
        .map_or("default", |c| c.value.theme.as_str());
    // The theme's templates are parsed while the plans are read: neither
    // needs the other, and the plans keep both cores busy anyway.
    let ((checked, version_hashes), themed) = rayon::join(
        || load_and_check_plans(root, &loaded.plan_dirs, options, &pages.0),
        || load_theme(root, theme_name, minify),
    );
    clock.lap("load and check, and theme");
    let (site, diagnostics) = validate::validate(&loaded, pages, checked);
    report.extend(diagnostics);
    let themed = themed.map_err(|ds| report.extend(ds)).ok();
    let (Some(site), Some((theme, tera))) = (site, themed) else {
        return Err(report);
    };
    let fingerprints = Fingerprints::of(&loaded, &theme, version_hashes);
    report.extend(crate::markdown_check::check_site(&site));
    clock.lap("cross-checks");
    let (jobs, collisions) = plan_pages(&site);
    let jobs = Arc::new(jobs);
    report.extend(collisions);
    report.extend(static_collisions(&theme, &jobs));
    if report.has_errors() {
        return Err(report);
    }
    clock.lap("plan pages");
    Ok(Prepared {
        site,
        theme: Arc::new(theme),
        tera: Arc::new(tera),
        jobs,
        live_reload: false,
        fingerprints,
        stages: clock.laps,
        warnings: report.diagnostics,
    })
}

/// Reads and checks every plan, in parallel, each on its own: a plan's raw
/// form is dropped as soon as its model is made, so the whole site is never
/// held in both forms. Problems reading a plan come before problems in its
/// content, as they would if the site were read whole first. Also returns
/// the hashes of every version's sources.
fn load_and_check_plans(
    root: &Path,
    dirs: &[std::path::PathBuf],
    options: Options,
    pages: &[crate::model::Section],
) -> (validate::CheckedPlans, HashMap<(String, String), u64>) {
    let results: Vec<_> = dirs
        .par_iter()
        .map(|dir| {
            let (loaded, read_problems) = crate::load::load_plan(root, dir);
            let checked = loaded.map(|loaded| {
                let ids = (
                    loaded.id.clone(),
                    loaded.versions.iter().map(|v| v.id.clone()).collect(),
                );
                let hashes = Fingerprints::of_plan(&loaded);
                (validate::one_plan(&loaded, options, pages), ids, hashes)
            });
            (read_problems, checked)
        })
        .collect();
    let mut plans = validate::CheckedPlans::default();
    let mut hashes = HashMap::new();
    let mut read_problems = Vec::new();
    for (problems, checked) in results {
        plans.failed |= !problems.is_empty();
        read_problems.extend(problems);
        match checked {
            Some(((plan, problems), ids, version_hashes)) => {
                plans.failed |= plan.is_none();
                plans.plans.extend(plan);
                plans.diagnostics.extend(problems);
                plans.ids.push(ids);
                hashes.extend(version_hashes);
            }
            None => plans.failed = true,
        }
    }
    read_problems.append(&mut plans.diagnostics);
    plans.diagnostics = read_problems;
    (plans, hashes)
}

/// After edits inside existing plans' folders only, prepares the next
/// build from `previous` by re-reading and re-checking just those plans;
/// everything else (site.yaml, pages, theme, the other plans) is shared. `None` when the edits need a full `prepare`:
/// anything outside a plan's folder, a new or removed plan, a plan that
/// site.yaml compares, or any problem (the full path reports it properly).
pub fn prepare_after_edit(
    root: &Path,
    options: Options,
    previous: &Prepared,
    changed: &[std::path::PathBuf],
) -> Option<Prepared> {
    let plans_dir = root.join("content").join("plans");
    let mut edited = HashSet::new();
    for path in changed {
        let rel = path.strip_prefix(&plans_dir).ok()?;
        let mut parts = rel.components();
        let plan = parts.next()?.as_os_str().to_str()?;
        parts.next()?;
        // The folder as named, and the plan's id, the slug of that name.
        edited.insert((plan.to_string(), crate::model::slugify(plan)));
    }
    let mut site = Content {
        config: previous.site.config.clone(),
        plans: previous.site.plans.clone(),
        pages: previous.site.pages.clone(),
    };
    let mut fingerprints = previous.fingerprints.clone();
    let mut indexes = HashSet::new();
    let mut warnings = previous.warnings.clone();
    for (folder, id) in &edited {
        if site.config.comparisons.iter().any(|(p, ..)| p == id) {
            return None;
        }
        let index = site.plans.iter().position(|p| p.id == *id)?;
        let (loaded, problems) = crate::load::load_plan(root, &plans_dir.join(folder));
        let loaded = loaded.filter(|_| problems.is_empty())?;
        let (plan, problems) = validate::one_plan(&loaded, options, &site.pages);
        let plan = plan.filter(|_| problems.is_empty())?;
        let mut checked = Vec::new();
        for v in &plan.versions {
            checked.extend(crate::markdown_check::check_version(&site, v));
        }
        if checked.iter().any(|d| d.severity == Severity::Error) {
            return None;
        }
        let plan_dir = Path::new("content").join("plans").join(id);
        warnings.retain(|d| !d.file_path().is_some_and(|f| f.starts_with(&plan_dir)));
        warnings.extend(checked);
        site.plans[index] = Arc::new(plan);
        fingerprints.versions.retain(|(plan, _), _| plan != id);
        fingerprints.versions.extend(Fingerprints::of_plan(&loaded));
        indexes.insert(index);
    }
    // An edit that adds, removes or renames no page (most edits) keeps the
    // page plan; otherwise the edited plans are planned again and checked.
    let fresh: HashMap<usize, Vec<PageJob>> =
        indexes.iter().map(|&p| (p, plan_jobs(&site, p))).collect();
    let unmoved = fresh.iter().all(|(&p, new)| {
        let old = previous.jobs.iter().filter(|j| j.kind.plan() == Some(p));
        old.clone().count() == new.len()
            && old.zip(new).all(|(a, b)| {
                (a.kind, &a.url, &a.path, a.template) == (b.kind, &b.url, &b.path, b.template)
            })
    });
    let jobs = if unmoved {
        Arc::clone(&previous.jobs)
    } else {
        let (jobs, collisions) = replan_pages(&site, &previous.jobs, fresh);
        if !collisions.is_empty() || !static_collisions(&previous.theme, &jobs).is_empty() {
            return None;
        }
        Arc::new(jobs)
    };
    Some(Prepared {
        site,
        theme: Arc::clone(&previous.theme),
        tera: Arc::clone(&previous.tera),
        jobs,
        live_reload: previous.live_reload,
        fingerprints,
        stages: Vec::new(),
        warnings,
    })
}

/// Lap times of the stages of a build.
struct Clock {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Clock {
    fn start() -> Self {
        Clock {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// Renders every page and passes each to `sink` (a file writer, or nothing for
/// `check`). Pages are rendered in parallel and never all held in memory.
pub fn render_all(
    prepared: &Prepared,
    sink: &(dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
) -> Result<BuildStats, Report> {
    render_some(prepared, &|_| true, &|_| true, sink)
}

/// Like [`render_all`], but renders only the pages `wanted` accepts and the
/// other files `wanted_other` accepts. `serve` uses it to re-render only what
/// a change touches.
pub fn render_some(
    prepared: &Prepared,
    wanted: &(dyn Fn(&PageJob) -> bool + Sync),
    wanted_other: &(dyn Fn(Other) -> bool + Sync),
    sink: &(dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
) -> Result<BuildStats, Report> {
    let env = RenderEnv {
        site: &prepared.site,
        site_view: SiteView::new(&prepared.site),
        tera: &prepared.tera,
        theme: &prepared.theme,
        urls: prepared.jobs.iter().map(|j| j.url.clone()).collect(),
        live_reload: prepared.live_reload,
        priority_tables: RenderEnv::shows_priority_tables(&prepared.theme),
    };
    let errors = Mutex::new(Vec::new());
    let bytes = std::sync::atomic::AtomicU64::new(0);
    let progress = Progress::new(prepared.jobs.len());
    let rendered = std::sync::atomic::AtomicUsize::new(0);
    let files = std::sync::atomic::AtomicUsize::new(0);
    // Writes a page or another file, or keeps why it could not be made or written.
    let write = |path: &str, content: Result<&[u8], Diagnostic>| {
        let written = content.and_then(|bytes| {
            sink(path, bytes)
                .map_err(|e| Diagnostic::error(Code::Io, format!("cannot write {path}: {e}")))
        });
        if let Err(d) = written {
            errors.lock().expect("not poisoned").push(d);
        }
    };
    let render_one = |renderer: &mut PageRenderer, job: &PageJob| {
        rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        progress.tick();
        match renderer.render(job) {
            Ok(html) => {
                bytes.fetch_add(html.len() as u64, std::sync::atomic::Ordering::Relaxed);
                write(&job.path, Ok(&html));
            }
            Err(d) => write(&job.path, Err(d)),
        }
    };
    let write_other = |path: &str, content: Result<&[u8], Diagnostic>| {
        files.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        write(path, content);
    };
    // Every piece of work in one parallel pass, so no slow page (the home
    // page lists every plan) holds a core while the other waits. A plan is
    // one piece: its views and comparisons are made once, shared by its pages
    // (rendered in parallel too) and dropped when they are done.
    let (site_pages, plans) = jobs_by_plan(prepared);
    let mut work: Vec<Work> = vec![Work::SiteFiles];
    work.extend(site_pages.into_iter().map(Work::Page));
    work.extend(
        plans
            .into_iter()
            .enumerate()
            .map(|(p, jobs)| Work::Plan(p, jobs)),
    );
    work.into_par_iter().for_each(|item| match item {
        Work::SiteFiles => {
            for (path, content) in other_files(prepared, wanted_other) {
                match content {
                    Ok(bytes) => write_other(&path, Ok(&bytes)),
                    Err(d) => write_other(&path, Err(d)),
                }
            }
        }
        Work::Page(job) => {
            if wanted(job) {
                render_one(&mut PageRenderer::new(&env, None), job);
            }
        }
        Work::Plan(p, jobs) => {
            let pairs = plan_comparison_pairs(&prepared.site, p);
            let cache = PlanCache::new(&prepared.site.plans[p], &prepared.site.config, &pairs);
            // The pages of one version at one address share a renderer, which
            // keeps that version's plan view in its context across them.
            jobs.chunk_by(|a, b| a.kind.at() == b.kind.at())
                .collect::<Vec<_>>()
                .into_par_iter()
                .for_each(|run| {
                    let mut renderer = PageRenderer::new(&env, Some(&cache));
                    for job in run.iter().filter(|job| wanted(job)) {
                        render_one(&mut renderer, job);
                    }
                });
            if wanted_other(Other::ComparisonData { plan: p }) {
                for key @ (_, from, to) in pairs {
                    let json = serde_json::to_string_pretty(cache.comparison(from, to))
                        .expect("comparisons serialize");
                    write_other(&comparison_data_path(prepared, key), Ok(json.as_bytes()));
                }
            }
        }
    });
    progress.finish();
    let errors = errors.into_inner().expect("not poisoned");
    if !errors.is_empty() {
        let mut report = Report::default();
        report.extend(errors);
        return Err(report);
    }
    Ok(BuildStats {
        pages: rendered.into_inner(),
        files: files.into_inner(),
        bytes: bytes.into_inner(),
        elapsed: Duration::ZERO,
        stages: Vec::new(),
    })
}

/// A piece of a build's work.
enum Work<'a> {
    /// The theme's static files, `sitemap.xml` and `robots.txt`.
    SiteFiles,
    /// One of the site's own pages.
    Page(&'a PageJob),
    /// A plan's pages (by plan index) and its comparisons' data.
    Plan(usize, Vec<&'a PageJob>),
}

/// The site's own pages, and each plan's pages, in page-plan order.
fn jobs_by_plan(prepared: &Prepared) -> (Vec<&PageJob>, Vec<Vec<&PageJob>>) {
    let mut site_pages = Vec::new();
    let mut plans = vec![Vec::new(); prepared.site.plans.len()];
    for job in prepared.jobs.iter() {
        match job.kind.plan() {
            Some(p) => plans[p].push(job),
            None => site_pages.push(job),
        }
    }
    (site_pages, plans)
}

/// A progress line on standard error for long builds, when it is a terminal.
struct Progress {
    total: usize,
    done: std::sync::atomic::AtomicUsize,
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
        let done = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if self.shown && done % Self::STEP == 0 {
            eprint!("\rRendered {done} of {} pages", self.total);
        }
    }

    fn finish(&self) {
        if self.shown {
            eprint!("\r\x1b[2K");
        }
    }
}

#[derive(Serialize)]
struct SitemapEntry<'a> {
    loc: String,
    path: &'a str,
}

/// `sitemap.xml` and `robots.txt`, rendered from the theme's templates.
fn site_files(prepared: &Prepared) -> Vec<(&'static str, Result<String, Diagnostic>)> {
    let config = &prepared.site.config;
    let host = config
        .base_url
        .trim_end_matches(config.base_path.trim_end_matches('/'))
        .to_string();
    let entries: Vec<SitemapEntry> = prepared
        .jobs
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
    ["sitemap.xml", "robots.txt"]
        .into_iter()
        .map(|name| {
            let text = prepared.tera.render(name, &context).map_err(|e| {
                Diagnostic::error(
                    Code::Template,
                    format!(
                        "template `{name}` failed: {}",
                        crate::theme::error_chain(&e)
                    ),
                )
            });
            (name, text)
        })
        .collect()
}

/// A file's path in the output, and its bytes or why they could not be made.
type OtherFile<'a> = (String, Result<std::borrow::Cow<'a, [u8]>, Diagnostic>);

/// The kinds of files written besides the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Other {
    /// The theme's static files.
    Static,
    /// The change data of one of a plan's comparisons.
    ComparisonData { plan: usize },
    /// `sitemap.xml` and `robots.txt`, which list every page.
    SiteFile,
}

/// The site's files besides its pages that `wanted` accepts: the theme's
/// static files, `sitemap.xml` and `robots.txt`. (Each plan writes its own
/// comparisons' data.)
fn other_files<'a>(
    prepared: &'a Prepared,
    wanted: &(dyn Fn(Other) -> bool + Sync),
) -> Vec<OtherFile<'a>> {
    let mut files = Vec::new();
    if wanted(Other::Static) {
        files.extend(prepared.theme.statics.iter().map(|(path, file)| {
            (
                path.clone(),
                Ok(std::borrow::Cow::Borrowed(file.bytes.as_slice())),
            )
        }));
    }
    if wanted(Other::SiteFile) {
        files.extend(site_files(prepared).into_iter().map(|(name, text)| {
            (
                name.to_string(),
                text.map(|t| std::borrow::Cow::Owned(t.into_bytes())),
            )
        }));
    }
    files
}

/// Every file path besides the pages, as [`other_files`] would write them.
pub fn other_paths(prepared: &Prepared) -> Vec<String> {
    let statics = prepared.theme.statics.keys().cloned();
    let json = comparison_pairs(&prepared.site)
        .into_iter()
        .map(|key| comparison_data_path(prepared, key));
    let site = ["sitemap.xml", "robots.txt"].map(String::from);
    statics.chain(json).chain(site).collect()
}

fn comparison_data_path(prepared: &Prepared, (p, from, to): (usize, usize, usize)) -> String {
    let base = &prepared.site.config.base_path;
    let plan = &prepared.site.plans[p];
    let url = PlanUrls::new(base, plan).comparison(&plan.versions[from].id, &plan.versions[to].id);
    crate::render::pages::output_path(base, &format!("{url}changes.json"))
}

/// A static file on the same path as a page would silently replace it.
fn static_collisions(theme: &Theme, jobs: &[PageJob]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for job in jobs {
        if let Some(file) = theme.statics.get(&job.path) {
            let mut d = Diagnostic::error(
                Code::PathCollision,
                format!(
                    "a static file and a page would both be written to {}",
                    job.url
                ),
            )
            .hint("rename or move the static file");
            if let crate::theme::Origin::Disk(p) = &file.origin {
                d = d.in_file(p);
            }
            out.push(d);
        }
    }
    out
}

/// Builds the site into `out`. On any error, `out` is left as it was.
pub fn build(
    root: &Path,
    out: &Path,
    options: Options,
    minify: bool,
) -> Result<BuildStats, Report> {
    build_keeping_model(root, out, options, minify).map(|(stats, _)| stats)
}

/// [`build`], handing back the site it built as well.
fn build_keeping_model(
    root: &Path,
    out: &Path,
    options: Options,
    minify: bool,
) -> Result<(BuildStats, Prepared), Report> {
    let start = Instant::now();
    let prepared = prepare(root, options, minify)?;
    let prepared_at = start.elapsed();
    let mut stages = prepared.stages.clone();
    let staging = Staging::new(out).map_err(|e| io_report(out, e))?;
    let result = render_all(&prepared, &|path, bytes| staging.write(path, bytes));
    let rendered_at = start.elapsed();
    match result {
        Ok(mut stats) => {
            staging.commit().map_err(|e| io_report(out, e))?;
            stats.elapsed = start.elapsed();
            stages.push(("render and write", rendered_at - prepared_at));
            stages.push(("swap into place", stats.elapsed - rendered_at));
            stats.stages = stages;
            Ok((stats, prepared))
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
pub fn build_command(args: &BuildArgs) -> ExitStatus {
    let root = &args.site.root;
    let out = args.out.clone().unwrap_or_else(|| root.join("public"));
    let options = Options {
        drafts: args.site.drafts,
    };
    let built = build_keeping_model(root, &out, options, !args.no_minify).map(|(stats, site)| {
        print_warnings(&site.warnings);
        // The process ends next: freeing the model's many small pieces one
        // by one would only delay the exit (some 20 ms at 10,000 pages).
        std::mem::forget(site);
        stats
    });
    match built {
        Ok(stats) if args.quiet => {
            print_stages(args, &stats);
            ExitStatus::Success
        }
        Ok(stats) => {
            print_stages(args, &stats);
            eprintln!(
                "Built {} pages and {} other files ({:.1} MB) into {} in {:.2} s ({:.0} pages/s)",
                stats.pages,
                stats.files,
                stats.bytes as f64 / 1e6,
                out.display(),
                stats.elapsed.as_secs_f64(),
                stats.pages as f64 / stats.elapsed.as_secs_f64().max(1e-9),
            );
            ExitStatus::Success
        }
        Err(report) => {
            let status = crate::print_report(&report);
            eprintln!("The build failed; {} was left as it was.", out.display());
            usage_or(status, &report)
        }
    }
}

/// Prints the warnings of a build that succeeded.
pub fn print_warnings(warnings: &[Diagnostic]) {
    if !warnings.is_empty() {
        let mut report = Report::default();
        report.extend(warnings.iter().cloned());
        eprint!("{}", report.render());
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

/// `planpress check`.
pub fn check_command(args: &CheckArgs) -> ExitStatus {
    let options = Options {
        drafts: args.site.drafts,
    };
    let result = prepare(&args.site.root, options, false).and_then(|p| {
        print_warnings(&p.warnings);
        render_all(&p, &|_, _| Ok(())).map(|stats| (p.site.plans.len(), stats.pages))
    });
    match result {
        Ok((plans, pages)) => {
            eprintln!("No problems found: {plans} plans, {pages} pages.");
            ExitStatus::Success
        }
        Err(report) => {
            let status = crate::print_report(&report);
            usage_or(status, &report)
        }
    }
}

/// A missing site is a usage error (exit 2), not a content error.
fn usage_or(status: ExitStatus, report: &Report) -> ExitStatus {
    let not_a_site = report.diagnostics.len() == 1
        && report.diagnostics[0].code == Code::Io
        && report.diagnostics[0]
            .message
            .ends_with("is not a planpress site");
    if not_a_site {
        ExitStatus::UsageError
    } else {
        status
    }
}
