//! The page plan: every page the site will have, its output path, its
//! template and the source it comes from. Two pages on one path are an error
//! that names both sources.

use std::collections::HashMap;

use crate::diagnostics::{Code, Diagnostic, SourceFile};
use crate::model::{Content, PlanVersion};
use crate::render::views::PlanUrls;

/// Which version of which plan a page shows, and at which address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct At {
    pub plan: usize,
    pub version: usize,
    /// At the version's permanent address, rather than the plan's plain one.
    pub permanent: bool,
}

/// What a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    Home,
    PlanHome(At),
    Section(At, usize),
    Commitments(At),
    Priority(At, usize),
    Actions(At),
    ActionsByDeadline(At),
    Kpis(At),
    History {
        plan: usize,
    },
    Comparison {
        plan: usize,
        from: usize,
        to: usize,
    },
    Page {
        page: usize,
    },
    Accessibility,
    NotFound,
    /// The actions of one officer, by index in `render::filters::officers`.
    ActionsByOfficer(At, usize),
    /// The actions with a deadline in one year.
    ActionsByYear(At, i32),
    /// The actions whose deadlines have all passed.
    ActionsOverdue(At),
    /// The whole plan on one page, to print.
    Print(At),
    /// The search page, with its A to Z index.
    Search,
}

impl PageKind {
    /// The plan a page belongs to, if any.
    pub fn plan(&self) -> Option<usize> {
        match *self {
            PageKind::History { plan } | PageKind::Comparison { plan, .. } => Some(plan),
            kind => kind.at().map(|at| at.plan),
        }
    }

    /// The plan version a page shows, if it shows one.
    pub fn at(&self) -> Option<At> {
        match *self {
            PageKind::PlanHome(at)
            | PageKind::Section(at, _)
            | PageKind::Commitments(at)
            | PageKind::Priority(at, _)
            | PageKind::Actions(at)
            | PageKind::ActionsByDeadline(at)
            | PageKind::Kpis(at)
            | PageKind::ActionsByOfficer(at, _)
            | PageKind::ActionsByYear(at, _)
            | PageKind::ActionsOverdue(at)
            | PageKind::Print(at) => Some(at),
            _ => None,
        }
    }
}

/// One page to render.
#[derive(Debug, Clone)]
pub struct PageJob {
    pub kind: PageKind,
    /// The page's URL, with the site's base path.
    pub url: String,
    /// Where it is written, relative to the output folder.
    pub path: String,
    pub template: &'static str,
    /// The source file the page comes from, for collision errors.
    pub source: Option<SourceFile>,
}

/// The pairs of versions of each plan that get a comparison page: each
/// version against the one it is based on, then the pairs site.yaml lists.
pub fn comparison_pairs(site: &Content) -> Vec<(usize, usize, usize)> {
    (0..site.plans.len())
        .flat_map(|p| plan_comparison_pairs(site, p))
        .collect()
}

/// [`comparison_pairs`] of one plan, by its index.
pub fn plan_comparison_pairs(site: &Content, p: usize) -> Vec<(usize, usize, usize)> {
    let plan = &site.plans[p];
    let index: HashMap<&str, usize> = plan
        .versions
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.as_str(), i))
        .collect();
    let mut pairs = Vec::new();
    for (to, v) in plan.versions.iter().enumerate() {
        if let Some(from) = v.based_on.as_deref().and_then(|b| index.get(b)) {
            pairs.push((p, *from, to));
        }
    }
    for (plan_id, from, to) in &site.config.comparisons {
        if *plan_id == plan.id {
            if let (Some(f), Some(t)) = (index.get(from.as_str()), index.get(to.as_str())) {
                if !pairs.contains(&(p, *f, *t)) {
                    pairs.push((p, *f, *t));
                }
            }
        }
    }
    pairs
}

/// Plans every page of the site. Returns the pages and any collisions.
pub fn plan_pages(site: &Content) -> (Vec<PageJob>, Vec<Diagnostic>) {
    let mut jobs = site_jobs(site);
    for p in 0..site.plans.len() {
        jobs.extend(plan_jobs(site, p));
    }
    let diagnostics = collisions(&jobs);
    (jobs, diagnostics)
}

/// Like [`plan_pages`], reusing `previous` (the page plan of the same site
/// before some plans changed) for every plan but those in `fresh`, which
/// holds the changed plans' pages by plan index, as [`plan_jobs`] makes them.
pub fn replan_pages(
    site: &Content,
    previous: &[PageJob],
    mut fresh: HashMap<usize, Vec<PageJob>>,
) -> (Vec<PageJob>, Vec<Diagnostic>) {
    let mut kept: Vec<Vec<&PageJob>> = vec![Vec::new(); site.plans.len()];
    let mut jobs = Vec::with_capacity(previous.len());
    for job in previous {
        match job.kind.plan() {
            Some(p) => kept[p].push(job),
            None => jobs.push(job.clone()),
        }
    }
    for (p, kept) in kept.into_iter().enumerate() {
        match fresh.remove(&p) {
            Some(new) => jobs.extend(new),
            None => jobs.extend(kept.into_iter().cloned()),
        }
    }
    let diagnostics = collisions(&jobs);
    (jobs, diagnostics)
}

fn job(
    base: &str,
    kind: PageKind,
    url: String,
    template: &'static str,
    source: Option<&SourceFile>,
) -> PageJob {
    PageJob {
        kind,
        path: output_path(base, &url),
        url,
        template,
        source: source.cloned(),
    }
}

/// The site's own pages: home, accessibility statement, 404 and standalone pages.
fn site_jobs(site: &Content) -> Vec<PageJob> {
    let base = site.config.base_path.as_str();
    let mut jobs = vec![
        job(
            base,
            PageKind::Home,
            base.to_string(),
            "home.html",
            Some(&site.config.source),
        ),
        job(
            base,
            PageKind::Accessibility,
            format!("{base}accessibility/"),
            "accessibility.html",
            Some(&site.config.source),
        ),
        job(
            base,
            PageKind::NotFound,
            format!("{base}404.html"),
            "404.html",
            None,
        ),
    ];
    jobs.push(job(
        base,
        PageKind::Search,
        format!("{base}{}", crate::render::search::SEARCH_PATH),
        "search.html",
        Some(&site.config.source),
    ));
    for (i, page) in site.pages.iter().enumerate() {
        jobs.push(job(
            base,
            PageKind::Page { page: i },
            format!("{base}{}/", page.id),
            "page.html",
            Some(&page.source),
        ));
    }
    jobs
}

/// One plan's pages: each version's at its permanent address and the
/// latest's at the plan's, the history and the comparisons.
pub fn plan_jobs(site: &Content, p: usize) -> Vec<PageJob> {
    let base = site.config.base_path.as_str();
    let plan = &site.plans[p];
    let mut jobs = Vec::new();
    let latest = At {
        plan: p,
        version: plan.latest,
        permanent: false,
    };
    let mut places = vec![(latest, PlanUrls::new(base, plan))];
    for (i, v) in plan.versions.iter().enumerate() {
        let at = At {
            plan: p,
            version: i,
            permanent: true,
        };
        places.push((at, PlanUrls::permanent(base, plan, &v.id)));
    }
    for (at, urls) in places {
        let v = &plan.versions[at.version];
        version_jobs(base, v, at, &urls, &mut jobs);
        filter_jobs(base, (v, site.today), at, &urls, &mut jobs);
    }
    let urls = PlanUrls::new(base, plan);
    jobs.push(job(
        base,
        PageKind::History { plan: p },
        urls.history(),
        "history.html",
        Some(&plan.latest().source),
    ));
    for (p, from, to) in plan_comparison_pairs(site, p) {
        jobs.push(job(
            base,
            PageKind::Comparison { plan: p, from, to },
            urls.comparison(&plan.versions[from].id, &plan.versions[to].id),
            "comparison.html",
            Some(&plan.versions[to].source),
        ));
    }
    jobs
}

/// The pages of one version at one address (`urls`).
fn version_jobs(base: &str, v: &PlanVersion, at: At, urls: &PlanUrls, jobs: &mut Vec<PageJob>) {
    let mut push = |kind, url: String, template, source: &SourceFile| {
        jobs.push(job(base, kind, url, template, Some(source)))
    };
    push(PageKind::PlanHome(at), urls.home(), "plan.html", &v.source);
    for (s, section) in v.sections.iter().enumerate() {
        let url = urls.section(&section.id);
        push(
            PageKind::Section(at, s),
            url,
            "section.html",
            &section.source,
        );
    }
    if let Some(first) = v.commitments.first() {
        let url = urls.commitments();
        push(
            PageKind::Commitments(at),
            url,
            "commitments.html",
            &first.source,
        );
    }
    for (i, priority) in v.priorities.iter().enumerate() {
        let url = urls.priority(&priority.id);
        push(
            PageKind::Priority(at, i),
            url,
            "priority.html",
            &priority.source,
        );
    }
    // A plan without actions has no action pages.
    if v.action_count() > 0 {
        push(
            PageKind::Actions(at),
            urls.actions(),
            "actions.html",
            &v.source,
        );
        let url = urls.actions_by_deadline();
        push(
            PageKind::ActionsByDeadline(at),
            url,
            "deadlines.html",
            &v.source,
        );
    }
    if !v.kpis.is_empty() {
        push(PageKind::Kpis(at), urls.kpis(), "kpis.html", &v.source);
    }
}

/// The pages of filtered actions of one version at one address (see
/// `render::filters`), and the page of the whole plan to print.
fn filter_jobs(
    base: &str,
    (v, today): (&PlanVersion, chrono::NaiveDate),
    at: At,
    urls: &PlanUrls,
    jobs: &mut Vec<PageJob>,
) {
    use crate::render::filters;
    let mut push =
        |kind, url: String, template| jobs.push(job(base, kind, url, template, Some(&v.source)));
    if filters::has_pages(at) {
        for (i, officer) in filters::officers(v).iter().enumerate() {
            let url = urls.officer(&officer.slug);
            push(PageKind::ActionsByOfficer(at, i), url, "filtered.html");
        }
        for year in filters::years(v).into_keys() {
            push(
                PageKind::ActionsByYear(at, year),
                urls.year(year),
                "filtered.html",
            );
        }
    }
    if filters::shows_overdue(v, at) && !filters::overdue(v, today).is_empty() {
        push(
            PageKind::ActionsOverdue(at),
            urls.overdue(),
            "filtered.html",
        );
    }
    push(PageKind::Print(at), urls.print(), "print.html");
}

/// `/a/b/` becomes `a/b/index.html`; `/404.html` stays a file.
pub fn output_path(base: &str, url: &str) -> String {
    let rel = url
        .strip_prefix(base)
        .unwrap_or(url)
        .trim_start_matches('/');
    if rel.is_empty() {
        "index.html".to_string()
    } else if rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

/// Names that the site writes itself, so no page may take them.
pub const RESERVED: [&str; 4] = ["sitemap.xml", "robots.txt", "assets", "feed.xml"];

fn collisions(jobs: &[PageJob]) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, &PageJob> = HashMap::new();
    let mut diagnostics = Vec::new();
    for job in jobs {
        let top = job.path.split('/').next().unwrap_or("");
        if job.path.contains('/') && RESERVED.contains(&top) {
            diagnostics.push(collision(
                job,
                None,
                &format!("`{top}` is reserved for the site's own files"),
            ));
            continue;
        }
        match first.get(job.path.as_str()) {
            Some(earlier) => diagnostics.push(collision(
                job,
                Some(earlier),
                "another page is already written there",
            )),
            None => {
                first.insert(&job.path, job);
            }
        }
    }
    diagnostics
}

fn collision(job: &PageJob, earlier: Option<&PageJob>, why: &str) -> Diagnostic {
    let mut d = Diagnostic::error(
        Code::PathCollision,
        format!("two pages would be written to {} ({why})", job.url),
    )
    .expected("a different `slug:` or file name for one of them")
    .hint("set `slug:` in the front matter of one page to give it another address");
    d = match &job.source {
        Some(f) => d.at(f, 0..0),
        None => d,
    };
    if let Some(e) = earlier {
        let what = format!("{} is also written from here", e.url);
        d = match &e.source {
            Some(f) => d.related(f, 0..0, what),
            None => d,
        };
    }
    d
}
