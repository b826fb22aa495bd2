//! The page plan: every page the site will have, its output path, its
//! template and the source it comes from. Two pages on one path are an error
//! that names both sources.

use std::collections::HashMap;

use crate::diagnostics::{Code, Diagnostic, SourceFile};
use crate::model::Site;
use crate::render::views::PlanUrls;

/// What a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    PlanHome { plan: usize },
    Section { plan: usize, section: usize },
    Commitments { plan: usize },
    Priority { plan: usize, priority: usize },
    Actions { plan: usize },
    ActionsByDeadline { plan: usize },
    Kpis { plan: usize },
    Page { page: usize },
    Accessibility,
    NotFound,
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

/// Plans every page of the site. Returns the pages and any collisions.
pub fn plan_pages(site: &Site) -> (Vec<PageJob>, Vec<Diagnostic>) {
    let base = site.config.base_path.as_str();
    let mut jobs = Vec::new();
    let mut push = |kind, url: String, template, source: Option<&SourceFile>| {
        jobs.push(PageJob {
            kind,
            path: output_path(base, &url),
            url,
            template,
            source: source.cloned(),
        })
    };
    push(
        PageKind::Home,
        base.to_string(),
        "home.html",
        Some(&site.config.source),
    );
    push(
        PageKind::Accessibility,
        format!("{base}accessibility/"),
        "accessibility.html",
        Some(&site.config.source),
    );
    push(
        PageKind::NotFound,
        format!("{base}404.html"),
        "404.html",
        None,
    );
    for (i, page) in site.pages.iter().enumerate() {
        push(
            PageKind::Page { page: i },
            format!("{base}{}/", page.id),
            "page.html",
            Some(&page.source),
        );
    }
    for (p, plan) in site.plans.iter().enumerate() {
        let urls = PlanUrls::new(base, plan);
        let v = plan.latest();
        push(
            PageKind::PlanHome { plan: p },
            urls.home(),
            "plan.html",
            Some(&v.source),
        );
        for (s, section) in v.sections.iter().enumerate() {
            push(
                PageKind::Section {
                    plan: p,
                    section: s,
                },
                urls.section(&section.id),
                "section.html",
                Some(&section.source),
            );
        }
        if let Some(first) = v.commitments.first() {
            push(
                PageKind::Commitments { plan: p },
                urls.commitments(),
                "commitments.html",
                Some(&first.source),
            );
        }
        for (i, priority) in v.priorities.iter().enumerate() {
            push(
                PageKind::Priority {
                    plan: p,
                    priority: i,
                },
                urls.priority(&priority.id),
                "priority.html",
                Some(&priority.source),
            );
        }
        push(
            PageKind::Actions { plan: p },
            urls.actions(),
            "actions.html",
            Some(&v.source),
        );
        push(
            PageKind::ActionsByDeadline { plan: p },
            urls.actions_by_deadline(),
            "deadlines.html",
            Some(&v.source),
        );
        if !v.kpis.is_empty() {
            push(
                PageKind::Kpis { plan: p },
                urls.kpis(),
                "kpis.html",
                Some(&v.source),
            );
        }
    }
    let diagnostics = collisions(&jobs);
    (jobs, diagnostics)
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
pub const RESERVED: [&str; 3] = ["sitemap.xml", "robots.txt", "assets"];

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
