//! Stage 3: render every planned page with Tera, in parallel, one job a page.
//!
//! Each job builds its own context from [`views`], so rendering needs nothing
//! but the model and the compiled templates, and a future incremental rebuild
//! can rerun any subset of jobs.

pub mod pages;
pub mod views;

use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::{Code, Diagnostic};
use crate::model::Site;
use crate::theme::{error_chain, Theme};
use pages::{PageJob, PageKind};
use views::{ActionView, KpiView, Link, PlanUrls, PlanView, PriorityView, SectionView, SiteView};

/// What every page's template may use, besides its own data.
#[derive(Debug, Serialize)]
struct Common<'a> {
    site: &'a SiteView,
    page_url: &'a str,
    breadcrumbs: Vec<Link>,
}

/// Renders one page to HTML.
pub fn render_page(
    site: &Site,
    site_view: &SiteView,
    tera: &Tera,
    theme: &Theme,
    job: &PageJob,
) -> Result<String, Diagnostic> {
    let mut context = Context::new();
    let base = &site.config.base_path;
    let home = Link {
        title: "Home".to_string(),
        url: base.clone(),
    };
    let mut breadcrumbs = vec![home];
    match job.kind {
        PageKind::Home => {
            breadcrumbs.clear();
            let plans: Vec<PlanView> = site
                .plans
                .iter()
                .map(|p| PlanView::new(&PlanUrls::new(base, p), p.latest()))
                .collect();
            context.insert("plans", &plans);
            let pages: Vec<Link> = site
                .pages
                .iter()
                .map(|p| Link {
                    title: p.title.clone(),
                    url: format!("{base}{}/", p.id),
                })
                .collect();
            context.insert("pages", &pages);
        }
        PageKind::Page { page } => {
            context.insert("section", &SectionView::new(&site.pages[page]));
        }
        PageKind::Accessibility => insert_accessibility(&mut context, site),
        PageKind::NotFound => breadcrumbs.clear(),
        PageKind::PlanHome { plan }
        | PageKind::Section { plan, .. }
        | PageKind::Commitments { plan }
        | PageKind::Priority { plan, .. }
        | PageKind::Actions { plan }
        | PageKind::ActionsByDeadline { plan }
        | PageKind::Kpis { plan } => {
            let plan = &site.plans[plan];
            let urls = PlanUrls::new(base, plan);
            let v = plan.latest();
            let plan_view = PlanView::new(&urls, v);
            breadcrumbs.push(Link {
                title: v.title.clone(),
                url: urls.home(),
            });
            match job.kind {
                PageKind::Section { section, .. } => {
                    context.insert("section", &SectionView::new(&v.sections[section]));
                }
                PageKind::Commitments { .. } => {
                    let commitments: Vec<SectionView> =
                        v.commitments.iter().map(SectionView::new).collect();
                    context.insert("commitments", &commitments);
                }
                PageKind::Priority { priority, .. } => {
                    context.insert("priority", &PriorityView::new(&urls, v, priority));
                }
                PageKind::Actions { .. } => {
                    let groups: Vec<PriorityView> = (0..v.priorities.len())
                        .map(|i| PriorityView::new(&urls, v, i))
                        .collect();
                    context.insert("groups", &groups);
                }
                PageKind::ActionsByDeadline { .. } => {
                    context.insert("actions", &actions_by_deadline(&urls, v));
                }
                PageKind::Kpis { .. } => {
                    let kpis: Vec<KpiView> =
                        v.kpis.iter().map(|k| KpiView::new(&urls, v, k)).collect();
                    context.insert("kpis", &kpis);
                }
                _ => {}
            }
            context.insert("plan", &plan_view);
        }
    }
    if matches!(job.kind, PageKind::PlanHome { .. }) {
        breadcrumbs.truncate(1);
    }
    let common = Common {
        site: site_view,
        page_url: &job.url,
        breadcrumbs,
    };
    context.extend(Context::from_serialize(&common).expect("views always serialize"));
    tera.render(job.template, &context).map_err(|err| {
        let mut d = Diagnostic::error(
            Code::Template,
            format!(
                "template `{}` failed for {}: {}",
                job.template,
                job.url,
                error_chain(&err)
            ),
        )
        .hint("check the variable names against the views listed in the README");
        if let Some(origin) = theme.template_origin(job.template) {
            d = d.in_file(origin);
        }
        d
    })
}

/// Actions with at least one dated deadline, soonest first; then the rest.
fn actions_by_deadline(urls: &PlanUrls, v: &crate::model::PlanVersion) -> Vec<ActionView> {
    let mut actions: Vec<_> = v.actions().collect();
    // Sort by the first date something is due; undated (ongoing) work last.
    actions.sort_by_key(|(p, a)| (a.first_deadline().is_none(), a.first_deadline(), p.number));
    actions
        .into_iter()
        .map(|(p, a)| ActionView::new(urls, p, a))
        .collect()
}

fn insert_accessibility(context: &mut Context, site: &Site) {
    use crate::date::display_date;
    let a = &site.config.accessibility;
    context.insert("a11y", a);
    context.insert(
        "compliance",
        match a.compliance {
            crate::model::Compliance::Fully => "fully",
            crate::model::Compliance::Partially => "partially",
            crate::model::Compliance::Not => "not",
        },
    );
    context.insert("prepared", &display_date(a.prepared.0));
    context.insert("last_reviewed", &display_date(a.last_reviewed.0));
    context.insert("last_tested", &a.last_tested.map(|d| display_date(d.0)));
    let issues: Vec<(String, String, Option<String>)> = a
        .known_issues
        .iter()
        .map(|i| {
            (
                i.description.clone(),
                i.criterion.clone(),
                i.fix_by.map(|d| display_date(d.0)),
            )
        })
        .collect();
    context.insert("known_issues", &issues);
}
