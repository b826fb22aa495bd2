//! Views: what templates see. Templates get these borrowed, serializable
//! structs, never the model, so the model can change without breaking themes.
//! Markdown fields arrive as HTML (`*_html`), already rendered.

use std::collections::HashMap;

use serde::Serialize;

use super::tables::deadline;
pub use super::tables::DeadlineView;
use crate::date::display_date;
use crate::markdown::Markdown;
use crate::model::{Amount, Direction, Status};
use crate::model::{Content, Kpi, Part, Period, Plan, PlanVersion, Priority, Section, Terms};

#[derive(Debug, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub organisation: String,
    pub language: String,
    pub description: Option<String>,
    pub base_path: String,
    pub base_url: String,
    pub navigation: Vec<Link>,
    pub accessibility_url: String,
    pub assets: String,
    /// The search page, where every page's search box sends its query.
    pub search_url: String,
    /// The search index's script (Pagefind's), which the search box loads
    /// when a reader starts to search; none when the site is built without
    /// the index.
    pub search_index: Option<String>,
}

impl SiteView {
    pub fn new(site: &Content) -> Self {
        let c = &site.config;
        let base = &c.base_path;
        SiteView {
            title: c.title.clone(),
            organisation: c.organisation.clone(),
            language: c.language.clone(),
            description: c.description.clone(),
            base_path: base.clone(),
            base_url: c.base_url.clone(),
            navigation: c
                .navigation
                .iter()
                .map(|n| Link {
                    title: n.title.clone(),
                    url: site_url(base, &n.url),
                })
                .collect(),
            accessibility_url: format!("{base}accessibility/"),
            assets: format!("{base}assets/"),
            search_url: format!("{base}{}", super::search::SEARCH_PATH),
            search_index: Some(format!("{base}{}pagefind.js", super::search::INDEX_DIR)),
        }
    }
}

/// Joins the base path and a site-relative URL; leaves absolute URLs alone.
pub fn site_url(base: &str, url: &str) -> String {
    if url.contains("://") || url.starts_with("mailto:") {
        url.to_string()
    } else {
        format!("{base}{}", url.trim_start_matches('/'))
    }
}

/// URLs of one plan version's pages. All page paths come from here, so the
/// page list and the links in templates cannot disagree.
#[derive(Debug, Clone)]
pub struct PlanUrls {
    /// `/education-2026-2029/` (with the site's base path): the plan's own address.
    pub plan_root: String,
    /// Where this version's pages live: the plan's address for the latest
    /// version, or `/education-2026-2029/versions/<version>/`, its permanent one.
    pub root: String,
}

impl PlanUrls {
    /// The plain URLs, which show the latest version.
    pub fn new(base: &str, plan: &Plan) -> Self {
        let plan_root = format!("{base}{}/", plan.id);
        PlanUrls {
            root: plan_root.clone(),
            plan_root,
        }
    }
    /// The permanent URLs of one version.
    pub fn permanent(base: &str, plan: &Plan, version: &str) -> Self {
        let plan_root = format!("{base}{}/", plan.id);
        PlanUrls {
            root: format!("{plan_root}versions/{version}/"),
            plan_root,
        }
    }
    pub fn history(&self) -> String {
        format!("{}versions/", self.plan_root)
    }
    pub fn comparison(&self, from: &str, to: &str) -> String {
        format!("{}compare/{from}-to-{to}/", self.plan_root)
    }
    /// The same page's address under the plan's plain URL.
    pub fn to_plain(&self, url: &str) -> String {
        match url.strip_prefix(&self.root) {
            Some(rest) => format!("{}{rest}", self.plan_root),
            None => self.plan_root.clone(),
        }
    }
    pub fn home(&self) -> String {
        self.root.clone()
    }
    pub fn section(&self, id: &str) -> String {
        format!("{}{id}/", self.root)
    }
    pub fn commitments(&self) -> String {
        format!("{}commitments/", self.root)
    }
    pub fn priority(&self, id: &str) -> String {
        format!("{}priorities/{id}/", self.root)
    }
    pub fn actions(&self) -> String {
        format!("{}actions/", self.root)
    }
    pub fn actions_by_deadline(&self) -> String {
        format!("{}actions/by-deadline/", self.root)
    }
    pub fn kpis(&self) -> String {
        format!("{}kpis/", self.root)
    }
    /// The page of one officer's actions (see `render::filters`).
    pub fn officer(&self, slug: &str) -> String {
        format!("{}actions/officer/{slug}/", self.root)
    }
    /// The page of the actions with a deadline in `year`.
    pub fn year(&self, year: i32) -> String {
        format!("{}actions/year/{year}/", self.root)
    }
    /// The page of the actions whose deadlines have all passed.
    pub fn overdue(&self) -> String {
        format!("{}actions/overdue/", self.root)
    }
    /// The whole plan on one page, to print or save.
    pub fn print(&self) -> String {
        format!("{}print/", self.root)
    }
}

#[derive(Debug, Serialize)]
pub struct PriorityLink {
    pub id: String,
    pub number: Option<String>,
    /// `Priority 1: SEND`, or the short title alone when it is unnumbered.
    pub label: String,
    pub title: String,
    pub short_title: String,
    pub url: String,
    pub leads: Vec<String>,
    pub summary_html: String,
    pub action_count: usize,
}

#[derive(Debug, Serialize)]
pub struct SectionLink {
    pub title: String,
    pub url: String,
    pub summary: Option<String>,
}

/// Which columns of the KPI table some KPI fills: the others are left out.
#[derive(Debug, Serialize, Default)]
pub struct KpiColumns {
    pub service_area: bool,
    pub direction: bool,
    pub baseline: bool,
    pub target: bool,
    pub actuals: bool,
    pub status: bool,
    pub notes: bool,
}

impl KpiColumns {
    fn of(kpis: &[Kpi]) -> Self {
        let any = |f: fn(&Kpi) -> bool| kpis.iter().any(f);
        KpiColumns {
            service_area: any(|k| k.service_area.is_some()),
            direction: any(|k| k.direction.is_some()),
            baseline: any(|k| k.baseline.is_some()),
            target: any(|k| k.target.is_some()),
            actuals: any(|k| !k.actuals.is_empty()),
            status: any(|k| k.on_target().is_some()),
            notes: any(|k| k.notes.is_some()),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct PlanView {
    pub id: String,
    pub url: String,
    pub title: String,
    pub strapline: Option<String>,
    /// As readers see it: `1 September 2026 to 31 August 2029`, or the
    /// plan's own words; none when the plan gives no period.
    pub period: Option<String>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub organisation: Option<String>,
    pub owner: Option<String>,
    pub summary_html: String,
    pub version_label: String,
    pub status: &'static str,
    pub published: Option<String>,
    pub published_iso: Option<String>,
    pub change_note: Option<String>,
    pub notice_html: Option<String>,
    /// The plan's own words for its parts (see `terms` in plan.yaml).
    pub terms: Terms,
    /// The plan's contents in published order, as the navigation lists
    /// them: the overview, its parts, the action pages, the versions.
    pub contents: Vec<Link>,
    pub sections: Vec<SectionLink>,
    pub commitments_url: Option<String>,
    pub commitments_intro_html: Option<String>,
    pub priorities_intro_html: Option<String>,
    pub priorities: Vec<PriorityLink>,
    /// None when the plan has no actions: it then has no action pages.
    pub actions_url: Option<String>,
    pub actions_by_deadline_url: Option<String>,
    pub action_count: usize,
    pub kpis_url: Option<String>,
    pub kpi_count: usize,
    pub kpi_columns: KpiColumns,
    pub history_url: String,
    pub version_id: String,
}

impl PlanView {
    pub fn new(urls: &PlanUrls, v: &PlanVersion, md: Markdown) -> Self {
        let action_count = v.action_count();
        let has_actions = action_count > 0;
        PlanView {
            id: v.plan_id.clone(),
            url: urls.home(),
            title: v.title.clone(),
            strapline: v.strapline.clone(),
            period: v.period.as_ref().map(|p| match p {
                Period::Dates { start, end } => {
                    format!("{} to {}", display_date(*start), display_date(*end))
                }
                Period::Text(t) => t.clone(),
            }),
            period_start: period_date(&v.period, true),
            period_end: period_date(&v.period, false),
            organisation: v.organisation.clone(),
            owner: v.owner.clone(),
            summary_html: md.block(&v.summary, "summary"),
            version_label: v.label.clone(),
            status: status_name(v.status),
            published: v.published.map(display_date),
            published_iso: v.published.map(|d| d.to_string()),
            change_note: v.change_note.clone(),
            notice_html: v.notice.as_deref().map(|n| md.inline(n)),
            terms: v.terms.clone(),
            contents: contents(urls, v),
            sections: v
                .sections
                .iter()
                .map(|s| SectionLink {
                    title: s.title.clone(),
                    url: urls.section(&s.id),
                    summary: s.summary.clone(),
                })
                .collect(),
            commitments_url: (!v.commitments.is_empty()).then(|| urls.commitments()),
            commitments_intro_html: v
                .commitments_intro
                .as_deref()
                .map(|t| md.block(t, "commitments")),
            priorities_intro_html: v
                .priorities_intro
                .as_deref()
                .map(|t| md.block(t, "priorities")),
            priorities: v
                .priorities
                .iter()
                .map(|p| PriorityLink {
                    id: p.id.clone(),
                    number: p.number.clone(),
                    label: v.priority_label(p),
                    title: p.title.clone(),
                    short_title: p.short_title.clone(),
                    url: urls.priority(&p.id),
                    leads: p.leads.clone(),
                    summary_html: md.block(&p.summary, &p.id),
                    action_count: p.actions.len(),
                })
                .collect(),
            actions_url: has_actions.then(|| urls.actions()),
            actions_by_deadline_url: has_actions.then(|| urls.actions_by_deadline()),
            action_count,
            kpis_url: (!v.kpis.is_empty()).then(|| urls.kpis()),
            kpi_count: v.kpis.len(),
            kpi_columns: KpiColumns::of(&v.kpis),
            history_url: urls.history(),
            version_id: v.id.clone(),
        }
    }
}

fn period_date(period: &Option<Period>, start: bool) -> Option<String> {
    match period {
        Some(Period::Dates { start: s, end: e }) => Some(if start { *s } else { *e }.to_string()),
        _ => None,
    }
}

/// The contents list every page of a version shows.
fn contents(urls: &PlanUrls, v: &PlanVersion) -> Vec<Link> {
    let link = |title: &str, url: String| Link {
        title: title.to_string(),
        url,
    };
    let mut out = vec![link("Overview", urls.home())];
    for part in &v.contents {
        out.push(match *part {
            Part::Section(i) => link(&v.sections[i].title, urls.section(&v.sections[i].id)),
            Part::Commitments => link(&v.terms.commitments, urls.commitments()),
            Part::Priority(i) => {
                let p = &v.priorities[i];
                link(&v.priority_label(p), urls.priority(&p.id))
            }
            Part::Kpis => link(&v.terms.kpis, urls.kpis()),
        });
    }
    if v.action_count() > 0 {
        out.push(link(&v.terms.actions, urls.actions()));
        out.push(link(
            &v.terms.actions_by_deadline,
            urls.actions_by_deadline(),
        ));
    }
    out.push(link("Versions and changes", urls.history()));
    out.push(link("Print or save the whole plan", urls.print()));
    out
}

pub fn status_name(status: Status) -> &'static str {
    match status {
        Status::Draft => "draft",
        Status::Consultation => "consultation",
        Status::Final => "final",
        Status::Superseded => "superseded",
    }
}

#[derive(Debug, Serialize)]
pub struct SectionView {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    /// Its front matter's `lang:`; absent, so that templates can write
    /// `section.lang | default(value=site.language)`, when it gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    pub body_html: String,
}

impl SectionView {
    pub fn new(s: &Section, md: Markdown) -> Self {
        SectionView {
            id: s.id.clone(),
            title: s.title.clone(),
            summary: s.summary.clone(),
            lang: s.lang.clone(),
            body_html: md.block(&s.body, &s.id),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct KpiView {
    pub id: String,
    pub service_area: Option<String>,
    pub indicator: String,
    pub unit: Option<String>,
    /// In words, when the plan says: `Higher is better`.
    pub direction: Option<&'static str>,
    pub descending: bool,
    pub baseline: Option<String>,
    pub baseline_period: Option<String>,
    pub target: Option<String>,
    pub target_by: Option<DeadlineView>,
    /// Every result given, oldest first: (value, period).
    pub actuals: Vec<(String, Option<String>)>,
    pub latest: Option<String>,
    pub latest_period: Option<String>,
    /// `met`, `not met`, or none when it cannot be known.
    pub status: Option<&'static str>,
    pub source: Option<String>,
    pub priority: Option<Link>,
    pub notes: Option<String>,
    /// A chart of its values, when they are all numbers (see [`super::chart`]).
    pub chart: Option<super::chart::ChartView>,
}

impl KpiView {
    /// The chart of `k`, the same at every address of its version, so made
    /// once for all of them (it is most of the cost of a KPI's view).
    pub fn chart(v: &PlanVersion, k: &Kpi) -> Option<super::chart::ChartView> {
        let by = k.target.as_ref().and_then(|t| t.by.as_ref());
        let by = by.map(|by| deadline(None, by));
        super::chart::chart(k, &v.terms, by.as_ref().map(|b| b.text.as_str()))
    }

    /// `priorities` is the version's [`PlanVersion::priority_index`], made
    /// once for all its KPIs; `chart` is [`KpiView::chart`].
    pub fn new(
        urls: &PlanUrls,
        v: &PlanVersion,
        priorities: &HashMap<&str, &Priority>,
        k: &Kpi,
        chart: Option<super::chart::ChartView>,
    ) -> Self {
        let unit = k.unit.as_deref();
        let text = |m: &Amount| m.display(unit);
        let target_by = k
            .target
            .as_ref()
            .and_then(|t| t.by.as_ref())
            .map(|by| deadline(None, by));
        KpiView {
            id: k.id.clone(),
            service_area: k.service_area.clone(),
            indicator: k.indicator.clone(),
            unit: k.unit.clone(),
            direction: k.direction.map(|d| match d {
                Direction::HigherIsBetter => "Higher is better",
                Direction::LowerIsBetter => "Lower is better",
            }),
            descending: k.direction == Some(Direction::LowerIsBetter),
            baseline: k.baseline.as_ref().map(|b| text(&b.value)),
            baseline_period: k.baseline.as_ref().and_then(|b| b.period.clone()),
            target: k.target.as_ref().map(|t| text(&t.value)),
            chart,
            target_by,
            actuals: k
                .actuals
                .iter()
                .map(|m| (text(&m.value), m.period.clone()))
                .collect(),
            latest: k.latest().map(|m| text(&m.value)),
            latest_period: k.latest().and_then(|m| m.period.clone()),
            status: k.on_target().map(|met| if met { "met" } else { "not met" }),
            source: k.source.clone(),
            priority: k
                .priority
                .as_deref()
                .and_then(|id| priorities.get(id))
                .map(|p| Link {
                    title: v.priority_label(p),
                    url: urls.priority(&p.id),
                }),
            notes: k.notes.clone(),
        }
    }
}
