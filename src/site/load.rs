//! Loading a site: the stages in order (read, check, theme, page plan), and
//! reading again only the plans that an edit touched.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rayon::prelude::*;

use super::{FileJob, FileKind, Mode, Site, SourceHashes};
use crate::diagnostics::{Code, Diagnostic, Report, Severity};
use crate::load::{Loaded, LoadedPlan};
use crate::model::{Content, Section};
use crate::render::feeds;
use crate::render::open_data::{self, DataFile};
use crate::render::pages::{
    comparison_pairs, output_path, plan_jobs, plan_pages, replan_pages, PageJob,
};
use crate::render::views::PlanUrls;
use crate::theme::Theme;
use crate::validate::{self, Options};

/// Loads and checks everything up to rendering, for the day `today` (the
/// build date, [`crate::date::today`], when `None`).
pub(super) fn load(root: &Path, mode: Mode, today: Option<NaiveDate>) -> Result<Site, Report> {
    let mut report = Report::default();
    if !root.join("content").join("site.yaml").is_file() {
        report.push(
            Diagnostic::error(Code::NotASite, format!("{} is not a planpress site", root.display()))
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
        || load_and_check_plans(root, &loaded.plan_dirs, mode.options(), &pages.0),
        || load_theme(root, theme_name, mode.minify),
    );
    clock.lap("load and check, and theme");
    let (content, diagnostics) = validate::validate(
        &loaded,
        pages,
        checked,
        today.unwrap_or_else(crate::date::today),
    );
    report.extend(diagnostics);
    let themed = themed.map_err(|ds| report.extend(ds)).ok();
    let (Some(content), Some((theme, tera))) = (content, themed) else {
        return Err(report);
    };
    report.extend(crate::markdown_check::check_site(&content));
    clock.lap("cross-checks");
    let (pages, collisions) = plan_pages(&content);
    report.extend(collisions);
    report.extend(static_collisions(&theme, &pages));
    let files = plan_files(&content, &theme, mode);
    report.extend(made_file_collisions(&theme, &files));
    if report.has_errors() {
        return Err(report);
    }
    clock.lap("plan pages");
    Ok(Site {
        root: root.to_path_buf(),
        mode,
        files,
        sources: source_hashes(&loaded, version_hashes),
        content,
        theme: Arc::new(theme),
        tera: Arc::new(tera),
        pages: Arc::new(pages),
        digests: OnceLock::new(),
        stages: clock.laps,
        warnings: report.diagnostics,
    })
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

/// Reads and checks every plan, in parallel, each on its own: a plan's raw
/// form is dropped as soon as its model is made, so the whole site is never
/// held in both forms. Problems reading a plan come before problems in its
/// content, as they would if the site were read whole first. Also returns
/// the hashes of every version's sources.
fn load_and_check_plans(
    root: &Path,
    dirs: &[PathBuf],
    options: Options,
    pages: &[Section],
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
                let hashes = version_hashes(&loaded);
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

/// After edits inside existing plans' folders only, the next site made from
/// `previous` by reading and checking just those plans again; everything
/// else (site.yaml, pages, theme, the other plans) is shared. `None` when
/// the edits need a full load: anything outside a plan's folder, a new or
/// removed plan, a plan that site.yaml compares, or any problem (the full
/// load reports it properly).
pub(super) fn reload(previous: &Site, changed: &[PathBuf]) -> Option<Site> {
    let plans_dir = previous.root.join("content").join("plans");
    let mut content = previous.content.clone();
    let mut sources = previous.sources.clone();
    let mut warnings = previous.warnings.clone();
    let mut fresh = HashMap::new();
    for (folder, id) in edited_plans(&plans_dir, changed)? {
        if content.config.comparisons.iter().any(|(p, ..)| *p == id) {
            return None;
        }
        let index = content.plans.iter().position(|p| p.id == id)?;
        let (loaded, problems) = crate::load::load_plan(&previous.root, &plans_dir.join(folder));
        let loaded = loaded.filter(|_| problems.is_empty())?;
        let (plan, problems) = validate::one_plan(&loaded, previous.mode.options(), &content.pages);
        let plan = plan.filter(|_| problems.is_empty())?;
        let mut checked = Vec::new();
        for v in &plan.versions {
            checked.extend(crate::markdown_check::check_version(&content, v));
        }
        if checked.iter().any(|d| d.severity == Severity::Error) {
            return None;
        }
        let plan_dir = Path::new("content").join("plans").join(&id);
        warnings.retain(|d| !d.file_path().is_some_and(|f| f.starts_with(&plan_dir)));
        warnings.extend(checked);
        content.plans[index] = Arc::new(plan);
        sources.versions.retain(|(plan, _), _| *plan != id);
        sources.versions.extend(version_hashes(&loaded));
        fresh.insert(index, plan_jobs(&content, index));
    }
    let pages = replanned(previous, &content, fresh)?;
    let files = plan_files(&content, &previous.theme, previous.mode);
    if !made_file_collisions(&previous.theme, &files).is_empty() {
        return None;
    }
    Some(Site {
        root: previous.root.clone(),
        mode: previous.mode,
        files,
        content,
        theme: Arc::clone(&previous.theme),
        tera: Arc::clone(&previous.tera),
        pages,
        sources,
        digests: OnceLock::new(),
        stages: Vec::new(),
        warnings,
    })
}

/// The plans (folder name and id) that `changed` lie in, or `None` if any
/// lies outside a plan's folder.
fn edited_plans(plans_dir: &Path, changed: &[PathBuf]) -> Option<HashSet<(String, String)>> {
    let mut edited = HashSet::new();
    for path in changed {
        let rel = path.strip_prefix(plans_dir).ok()?;
        let mut parts = rel.components();
        let plan = parts.next()?.as_os_str().to_str()?;
        parts.next()?;
        // The folder as named, and the plan's id, the slug of that name.
        edited.insert((plan.to_string(), crate::model::slugify(plan)));
    }
    Some(edited)
}

/// The page plan after the plans in `fresh` changed: the previous one when
/// no page came, went or moved (most edits), or `None` if a page now
/// collides with another.
fn replanned(
    previous: &Site,
    content: &Content,
    fresh: HashMap<usize, Vec<PageJob>>,
) -> Option<Arc<Vec<PageJob>>> {
    let unmoved = fresh.iter().all(|(&p, new)| {
        let old = previous.pages.iter().filter(|j| j.kind.plan() == Some(p));
        old.clone().count() == new.len()
            && old.zip(new).all(|(a, b)| {
                (a.kind, &a.url, &a.path, a.template) == (b.kind, &b.url, &b.path, b.template)
            })
    });
    if unmoved {
        return Some(Arc::clone(&previous.pages));
    }
    let (pages, collisions) = replan_pages(content, &previous.pages, fresh);
    let clear = collisions.is_empty() && static_collisions(&previous.theme, &pages).is_empty();
    clear.then(|| Arc::new(pages))
}

/// The hashes of site.yaml and the standalone pages, with the versions'.
fn source_hashes(loaded: &Loaded, versions: HashMap<(String, String), u64>) -> SourceHashes {
    let mut config = DefaultHasher::new();
    if let Some(c) = &loaded.config {
        c.file.text.hash(&mut config);
    }
    let mut pages = DefaultHasher::new();
    for page in &loaded.pages {
        (&page.file.display_path, &page.file.text).hash(&mut pages);
    }
    SourceHashes {
        config: config.finish(),
        pages: pages.finish(),
        versions,
    }
}

/// The hash of each version of one plan, made from its files.
fn version_hashes(plan: &LoadedPlan) -> Vec<((String, String), u64)> {
    plan.versions
        .iter()
        .map(|v| {
            let mut h = DefaultHasher::new();
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

/// The files besides the pages: the theme's static files, every
/// comparison's data, `sitemap.xml` and `robots.txt`, and the search index
/// when the mode asks for it.
fn plan_files(content: &Content, theme: &Theme, mode: Mode) -> Vec<FileJob> {
    let statics = theme.statics.keys().map(|path| FileJob {
        kind: FileKind::Static,
        path: path.clone(),
    });
    let base = &content.config.base_path;
    let comparisons = comparison_pairs(content)
        .into_iter()
        .map(|(plan, from, to)| {
            let p = &content.plans[plan];
            let url = PlanUrls::new(base, p).comparison(&p.versions[from].id, &p.versions[to].id);
            FileJob {
                kind: FileKind::ComparisonData { plan, from, to },
                path: output_path(base, &format!("{url}changes.json")),
            }
        });
    let site = [
        (FileKind::Sitemap, "sitemap.xml"),
        (FileKind::Robots, "robots.txt"),
    ]
    .map(|(kind, path)| FileJob {
        kind,
        path: path.to_string(),
    });
    let search = mode.search_index.then(|| FileJob {
        kind: FileKind::SearchIndex,
        path: crate::render::search::INDEX_DIR.to_string(),
    });
    let mut files: Vec<FileJob> = statics
        .chain(comparisons)
        .chain(site)
        .chain(search)
        .collect();
    files.extend(data_and_feed_files(content));
    files
}

/// Each version's open data, at its permanent address and, for the current
/// version, the plan's; the JSON Schema; the plans' and the site's feeds.
fn data_and_feed_files(content: &Content) -> Vec<FileJob> {
    let base = &content.config.base_path;
    let mut files = Vec::new();
    for (p, plan) in content.plans.iter().enumerate() {
        for (version, v) in plan.versions.iter().enumerate() {
            let mut roots = vec![(true, PlanUrls::permanent(base, plan, &v.id))];
            if version == plan.latest {
                roots.push((false, PlanUrls::new(base, plan)));
            }
            for (permanent, urls) in roots {
                for file in DataFile::ALL.into_iter().filter(|f| f.exists_for(v)) {
                    files.push(FileJob {
                        kind: FileKind::OpenData {
                            plan: p,
                            version,
                            file,
                            permanent,
                        },
                        path: output_path(base, &open_data::url(&urls, file)),
                    });
                }
            }
        }
        if feeds::has_feed(plan) {
            files.push(FileJob {
                kind: FileKind::PlanFeed { plan: p },
                path: output_path(base, &feeds::plan_feed_url(base, plan)),
            });
        }
    }
    files.push(FileJob {
        kind: FileKind::PlanSchema,
        path: open_data::json::SCHEMA_PATH.to_string(),
    });
    if content.plans.iter().any(|p| feeds::has_feed(p)) {
        files.push(FileJob {
            kind: FileKind::SiteFeed,
            path: feeds::FEED.to_string(),
        });
    }
    files
}

/// A static file on the path of a file the site makes would replace it, or
/// be replaced by it.
fn made_file_collisions(theme: &Theme, files: &[FileJob]) -> Vec<Diagnostic> {
    let made = files.iter().filter(|f| {
        matches!(
            f.kind,
            FileKind::OpenData { .. }
                | FileKind::PlanSchema
                | FileKind::PlanFeed { .. }
                | FileKind::SiteFeed
        )
    });
    made.filter_map(|f| {
        let file = theme.statics.get(&f.path)?;
        let mut d = Diagnostic::error(
            Code::PathCollision,
            format!(
                "a static file and a file the site makes would both be written to {}",
                f.path
            ),
        )
        .hint("rename or move the static file");
        if let crate::theme::Origin::Disk(p) = &file.origin {
            d = d.in_file(p);
        }
        Some(d)
    })
    .collect()
}

/// A static file on the same path as a page would silently replace it.
fn static_collisions(theme: &Theme, pages: &[PageJob]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for job in pages {
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
