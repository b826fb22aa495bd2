//! The whole plan on one page, to print or save as PDF: the overview, then
//! every part in the plan's order (sections, commitments, priorities with
//! their action tables, KPIs), with a contents list linking to each.
//!
//! The page is one document, so the Markdown of each part is rendered again
//! nested under that part's heading (see [`Markdown::nested`]): headings
//! stay in order and ids stay unique. The priorities, with their action
//! tables, are the page of all actions' (`groups`), and the KPIs the KPI
//! page's (`kpis`).

use serde::Serialize;

use super::cache::PlanCache;
use super::pages::{At, PageKind};
use super::Vars;
use crate::markdown::Markdown;
use crate::model::{Part, PlanVersion, SiteConfig};

/// One part of the plan, in its order: `kind` is `section`, `commitments`,
/// `priority` or `kpis`; `index` the section's or priority's position in
/// the version (in `groups` for a priority).
#[derive(Debug, Serialize)]
pub struct PrintPart {
    pub kind: &'static str,
    pub index: usize,
    /// The id of the part's heading, which the contents list links to.
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    /// A section's text, nested under its heading.
    pub body_html: Option<String>,
}

/// A commitment, nested under the commitments' heading.
#[derive(Debug, Serialize)]
pub struct PrintCommitment {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    pub body_html: String,
}

/// A priority's Markdown, nested under its heading.
#[derive(Debug, Serialize)]
pub struct PrintPriority {
    pub summary_html: String,
    pub body_html: String,
}

#[derive(Debug, Serialize)]
pub struct PrintView {
    /// The plan's summary, under the page's heading.
    pub summary_html: String,
    pub parts: Vec<PrintPart>,
    pub commitments_intro_html: Option<String>,
    pub commitments: Vec<PrintCommitment>,
    /// By priority, in the version's order (as `groups`).
    pub priorities: Vec<PrintPriority>,
    /// The full address of the plan's overview at this address, for the
    /// printed copy to say where the plan is online.
    pub online_url: String,
}

impl PrintView {
    pub fn new(config: &SiteConfig, v: &PlanVersion, home_url: &str) -> Self {
        let md = Markdown::of(config);
        let section = |i: usize| {
            let s = &v.sections[i];
            let id = format!("section--{}", s.id);
            PrintPart {
                kind: "section",
                index: i,
                body_html: Some(md.nested(&s.body, &id, 1)),
                id,
                title: s.title.clone(),
                summary: s.summary.clone(),
            }
        };
        let part = |kind, index, id: &str, title: &str| PrintPart {
            kind,
            index,
            id: id.to_string(),
            title: title.to_string(),
            summary: None,
            body_html: None,
        };
        let parts = v
            .contents
            .iter()
            .map(|p| match *p {
                Part::Section(i) => section(i),
                Part::Commitments => part("commitments", 0, "commitments", &v.terms.commitments),
                Part::Priority(i) => {
                    let p = &v.priorities[i];
                    let id = format!("priority--{}", p.id);
                    part("priority", i, &id, &v.priority_label(p))
                }
                Part::Kpis => part("kpis", 0, "kpis", &v.terms.kpis),
            })
            .collect();
        PrintView {
            summary_html: md.nested(&v.summary, "summary", 0),
            parts,
            commitments_intro_html: v
                .commitments_intro
                .as_deref()
                .map(|t| md.nested(t, "commitments--intro", 1)),
            commitments: v
                .commitments
                .iter()
                .map(|c| {
                    let id = format!("commitment--{}", c.id);
                    PrintCommitment {
                        body_html: md.nested(&c.body, &id, 2),
                        id,
                        title: c.title.clone(),
                        summary: c.summary.clone(),
                    }
                })
                .collect(),
            priorities: v
                .priorities
                .iter()
                .map(|p| PrintPriority {
                    summary_html: md.nested(&p.summary, &format!("priority--{}", p.id), 1),
                    body_html: md.nested(&p.body, &format!("priority--{}--body", p.id), 1),
                })
                .collect(),
            online_url: online(config, home_url),
        }
    }
}

/// The full address of a page of the site, from its path.
fn online(config: &SiteConfig, url: &str) -> String {
    let base_path = config.base_path.trim_end_matches('/');
    let origin = config
        .base_url
        .strip_suffix(base_path)
        .unwrap_or(&config.base_url);
    format!("{origin}{url}")
}

/// Adds the print view and the KPIs to the page of the whole plan.
pub(super) fn insert_vars(
    config: &SiteConfig,
    (kind, at): (PageKind, At),
    cache: &PlanCache,
    vars: &mut Vars,
) {
    if let PageKind::Print(_) = kind {
        let view = PrintView::new(config, cache.version(at), &cache.urls(at).home());
        vars.insert("print", &view);
        vars.put("kpis", cache.kpis(at));
    }
}
