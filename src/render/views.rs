//! Views: what templates see. Templates get these borrowed, serializable
//! structs, never the model, so the model can change without breaking themes.
//! Markdown fields arrive as HTML (`*_html`), already rendered.

use std::collections::HashMap;

use serde::Serialize;

use crate::date::{display_date, Due};
use crate::load::raw::{Direction, ListItem, Status};
use crate::markdown::{escape, render_block, render_inline};
use crate::model::{Action, Kpi, Plan, PlanVersion, Priority, Section, Site};

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
}

impl SiteView {
    pub fn new(site: &Site) -> Self {
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
}

#[derive(Debug, Serialize)]
pub struct PriorityLink {
    pub id: String,
    pub number: u32,
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

#[derive(Debug, Serialize)]
pub struct PlanView {
    pub id: String,
    pub url: String,
    pub title: String,
    pub strapline: Option<String>,
    pub period: String,
    pub period_start: String,
    pub period_end: String,
    pub organisation: String,
    pub owner: String,
    pub summary_html: String,
    pub version_label: String,
    pub status: &'static str,
    pub published: Option<String>,
    pub published_iso: Option<String>,
    pub change_note: Option<String>,
    pub notice_html: Option<String>,
    pub sections: Vec<SectionLink>,
    pub commitments_url: Option<String>,
    pub commitments_intro_html: Option<String>,
    pub priorities_intro_html: Option<String>,
    pub priorities: Vec<PriorityLink>,
    pub actions_url: String,
    pub actions_by_deadline_url: String,
    pub action_count: usize,
    pub kpis_url: Option<String>,
    pub kpi_count: usize,
    pub history_url: String,
    pub version_id: String,
}

impl PlanView {
    pub fn new(urls: &PlanUrls, v: &PlanVersion) -> Self {
        PlanView {
            id: v.plan_id.clone(),
            url: urls.home(),
            title: v.title.clone(),
            strapline: v.strapline.clone(),
            period: format!(
                "{} to {}",
                display_date(v.period_start),
                display_date(v.period_end)
            ),
            period_start: v.period_start.to_string(),
            period_end: v.period_end.to_string(),
            organisation: v.organisation.clone(),
            owner: v.owner.clone(),
            summary_html: render_block(&v.summary, "summary"),
            version_label: v.label.clone(),
            status: status_name(v.status),
            published: v.published.map(display_date),
            published_iso: v.published.map(|d| d.to_string()),
            change_note: v.change_note.clone(),
            notice_html: v.notice.as_deref().map(render_inline),
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
                .map(|t| render_block(t, "commitments")),
            priorities_intro_html: v
                .priorities_intro
                .as_deref()
                .map(|t| render_block(t, "priorities")),
            priorities: v
                .priorities
                .iter()
                .map(|p| PriorityLink {
                    id: p.id.clone(),
                    number: p.number,
                    title: p.title.clone(),
                    short_title: p.short_title.clone(),
                    url: urls.priority(&p.id),
                    leads: p.leads.clone(),
                    summary_html: render_block(&p.summary, &p.id),
                    action_count: p.actions.len(),
                })
                .collect(),
            actions_url: urls.actions(),
            actions_by_deadline_url: urls.actions_by_deadline(),
            action_count: v.priorities.iter().map(|p| p.actions.len()).sum(),
            kpis_url: (!v.kpis.is_empty()).then(|| urls.kpis()),
            kpi_count: v.kpis.len(),
            history_url: urls.history(),
            version_id: v.id.clone(),
        }
    }
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
    pub body_html: String,
}

impl SectionView {
    pub fn new(s: &Section) -> Self {
        SectionView {
            id: s.id.clone(),
            title: s.title.clone(),
            summary: s.summary.clone(),
            body_html: render_block(&s.body, &s.id),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub html: String,
    pub items: Vec<ItemView>,
}

fn items(list: &[ListItem]) -> Vec<ItemView> {
    list.iter()
        .map(|i| ItemView {
            html: render_inline(i.text()),
            items: items(i.children()),
        })
        .collect()
}

/// A list as a table cell shows it: one item without sub-items as itself,
/// otherwise a `cell-list` list, nested as deep as the items go; empty when
/// there are no items (the template says what an empty cell means).
pub fn cell_html(items: &[ItemView]) -> String {
    match items {
        [] => String::new(),
        [only] if only.items.is_empty() => only.html.clone(),
        _ => list_html(items),
    }
}

fn list_html(items: &[ItemView]) -> String {
    let mut out = String::from("<ul class=\"cell-list\">");
    for item in items {
        out.push_str("<li>");
        out.push_str(&item.html);
        if !item.items.is_empty() {
            out.push_str(&list_html(&item.items));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

/// Deadlines as a table cell shows them: a list of `label: date`, each date
/// in a `<time>` element when it has one.
fn deadlines_html(deadlines: &[DeadlineView]) -> String {
    let mut out = String::from("<ul class=\"cell-list\">");
    for d in deadlines {
        out.push_str("<li>");
        if let Some(label) = &d.label {
            out.push_str(&escape(label));
            out.push_str(": ");
        }
        match &d.datetime {
            Some(datetime) => {
                out.push_str("<time datetime=\"");
                out.push_str(&escape(datetime));
                out.push_str("\">");
                out.push_str(&escape(&d.text));
                out.push_str("</time>");
            }
            None => out.push_str(&escape(&d.text)),
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct DeadlineView {
    pub label: Option<String>,
    pub text: String,
    pub datetime: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ActionView<'m> {
    pub id: &'m str,
    pub text_html: &'m str,
    pub indicators: &'m [ItemView],
    pub metrics: &'m [ItemView],
    pub officers: &'m [ItemView],
    pub deadlines: &'m [DeadlineView],
    /// The lists above as a table cell shows them (see [`cell_html`]), empty
    /// when the list is. Tables are most of a plan's markup, and a template
    /// that walks the lists itself looks up every item's fields by name,
    /// which costs Tera more than everything else on the page.
    pub indicators_html: &'m str,
    pub metrics_html: &'m str,
    pub officers_html: &'m str,
    pub deadlines_html: &'m str,
    pub priority_number: u32,
    pub priority_title: &'m str,
    pub priority_url: String,
    /// The link to this action's row on its priority page.
    pub url: String,
}

/// An action's Markdown as HTML: the same at every address, so made once
/// per version and shared by its pages' views.
#[derive(Debug)]
pub struct ActionMarkup {
    text_html: String,
    indicators: Vec<ItemView>,
    metrics: Vec<ItemView>,
    officers: Vec<ItemView>,
    deadlines: Vec<DeadlineView>,
    cells: [String; 4],
}

impl ActionMarkup {
    pub fn new(a: &Action) -> Self {
        let (indicators, metrics, officers) =
            (items(&a.indicators), items(&a.metrics), items(&a.officers));
        let deadlines: Vec<DeadlineView> = a
            .deadlines
            .iter()
            .map(|d| deadline(d.label.as_deref(), &d.due))
            .collect();
        let cells = [
            cell_html(&indicators),
            cell_html(&metrics),
            cell_html(&officers),
            deadlines_html(&deadlines),
        ];
        ActionMarkup {
            text_html: render_inline(&a.text),
            indicators,
            metrics,
            officers,
            deadlines,
            cells,
        }
    }
}

impl<'m> ActionView<'m> {
    pub fn new(
        urls: &PlanUrls,
        priority: &'m Priority,
        a: &'m Action,
        markup: &'m ActionMarkup,
    ) -> Self {
        let priority_url = urls.priority(&priority.id);
        let [indicators_html, metrics_html, officers_html, deadlines_html] = &markup.cells;
        ActionView {
            id: &a.id,
            text_html: &markup.text_html,
            indicators: &markup.indicators,
            metrics: &markup.metrics,
            officers: &markup.officers,
            deadlines: &markup.deadlines,
            indicators_html,
            metrics_html,
            officers_html,
            deadlines_html,
            priority_number: priority.number,
            priority_title: &priority.short_title,
            url: format!("{priority_url}#action-{}", a.id),
            priority_url,
        }
    }
}

fn deadline(label: Option<&str>, due: &Due) -> DeadlineView {
    DeadlineView {
        label: label.map(str::to_string),
        text: due.to_string(),
        datetime: due.datetime(),
    }
}

#[derive(Debug, Serialize)]
pub struct PriorityView<'m> {
    pub id: &'m str,
    pub number: u32,
    pub title: &'m str,
    pub short_title: &'m str,
    pub leads: &'m [String],
    pub summary_html: &'m str,
    pub goals: &'m [String],
    pub key_actions: &'m [String],
    pub key_indicators: &'m [String],
    pub headline_indicator_html: Option<&'m str>,
    pub funding: &'m [String],
    pub documents: Vec<Link>,
    pub body_html: &'m str,
    pub actions: Vec<ActionView<'m>>,
    pub previous: Option<Link>,
    pub next: Option<Link>,
}

/// A priority's Markdown as HTML, its actions' too: the same at every
/// address, so made once per version and shared by its pages' views.
#[derive(Debug)]
pub struct PriorityMarkup {
    summary_html: String,
    goals: Vec<String>,
    key_actions: Vec<String>,
    key_indicators: Vec<String>,
    headline_indicator_html: Option<String>,
    funding: Vec<String>,
    body_html: String,
    pub actions: Vec<ActionMarkup>,
}

impl PriorityMarkup {
    pub fn new(p: &Priority) -> Self {
        let inline = |list: &[String]| list.iter().map(|g| render_inline(g)).collect();
        PriorityMarkup {
            summary_html: render_block(&p.summary, &p.id),
            goals: inline(&p.goals),
            key_actions: inline(&p.key_actions),
            key_indicators: inline(&p.key_indicators),
            headline_indicator_html: p.headline_indicator.as_deref().map(render_inline),
            funding: inline(&p.funding),
            body_html: render_block(&p.body, &format!("{}-body", p.id)),
            actions: p.actions.iter().map(ActionMarkup::new).collect(),
        }
    }

    /// Every priority of a version, in order.
    pub fn of_version(v: &PlanVersion) -> Vec<PriorityMarkup> {
        v.priorities.iter().map(PriorityMarkup::new).collect()
    }
}

impl<'m> PriorityView<'m> {
    /// `markup` is the version's [`PriorityMarkup`], in order.
    pub fn new(
        urls: &PlanUrls,
        v: &'m PlanVersion,
        index: usize,
        markup: &'m [PriorityMarkup],
    ) -> Self {
        let (p, m) = (&v.priorities[index], &markup[index]);
        let plan_dir = format!("{}/", v.plan_id);
        let site_root = urls.plan_root.strip_suffix(&plan_dir).unwrap_or("/");
        let link = |q: &Priority| Link {
            title: format!("Priority {}: {}", q.number, q.short_title),
            url: urls.priority(&q.id),
        };
        PriorityView {
            id: &p.id,
            number: p.number,
            title: &p.title,
            short_title: &p.short_title,
            leads: &p.leads,
            summary_html: &m.summary_html,
            goals: &m.goals,
            key_actions: &m.key_actions,
            key_indicators: &m.key_indicators,
            headline_indicator_html: m.headline_indicator_html.as_deref(),
            funding: &m.funding,
            documents: p
                .supporting_documents
                .iter()
                .map(|(slug, title)| Link {
                    title: title.clone(),
                    url: format!("{site_root}{slug}/"),
                })
                .collect(),
            body_html: &m.body_html,
            actions: p
                .actions
                .iter()
                .zip(&m.actions)
                .map(|(a, am)| ActionView::new(urls, p, a, am))
                .collect(),
            previous: index.checked_sub(1).map(|i| link(&v.priorities[i])),
            next: v.priorities.get(index + 1).map(link),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct KpiView {
    pub id: String,
    pub service_area: Option<String>,
    pub indicator: String,
    pub unit: Option<String>,
    pub direction: &'static str,
    pub descending: bool,
    pub baseline: Option<String>,
    pub baseline_period: Option<String>,
    pub target: Option<String>,
    pub target_by: Option<DeadlineView>,
    pub latest: Option<String>,
    pub latest_period: Option<String>,
    /// `met`, `not met`, or none when there is no target or no value.
    pub status: Option<&'static str>,
    pub actuals: Vec<(String, String)>,
    pub source: Option<String>,
    pub priority: Option<Link>,
    pub notes: Option<String>,
}

impl KpiView {
    /// `priorities` is the version's [`PlanVersion::priority_index`], made once for all its KPIs.
    pub fn new(urls: &PlanUrls, priorities: &HashMap<&str, &Priority>, k: &Kpi) -> Self {
        let unit = k.unit.as_deref();
        KpiView {
            id: k.id.clone(),
            service_area: k.service_area.clone(),
            indicator: k.indicator.clone(),
            unit: k.unit.clone(),
            direction: match k.direction {
                Direction::HigherIsBetter => "Higher is better",
                Direction::LowerIsBetter => "Lower is better",
            },
            descending: k.direction == Direction::LowerIsBetter,
            baseline: k.baseline.as_ref().map(|b| number(b.value, unit)),
            baseline_period: k.baseline.as_ref().map(|b| b.period.clone()),
            target: k.target.map(|(value, _)| number(value, unit)),
            target_by: k.target.map(|(_, by)| deadline(None, &by)),
            latest: k.latest().map(|m| number(m.value, unit)),
            latest_period: k.latest().map(|m| m.period.clone()),
            status: k.on_target().map(|met| if met { "met" } else { "not met" }),
            actuals: k
                .actuals
                .iter()
                .map(|m| (m.period.clone(), number(m.value, unit)))
                .collect(),
            source: k.source.clone(),
            priority: k
                .priority
                .as_deref()
                .and_then(|id| priorities.get(id))
                .map(|p| Link {
                    title: format!("Priority {}: {}", p.number, p.short_title),
                    url: urls.priority(&p.id),
                }),
            notes: k.notes.clone(),
        }
    }
}

/// Formats a number with its unit: `72.5%`, `£1,200`, `14 days`.
pub fn number(value: f64, unit: Option<&str>) -> String {
    let text = if value.fract() == 0.0 && value.abs() < 1e15 {
        group_thousands(&format!("{}", value as i64))
    } else {
        let s = format!("{value:.2}");
        let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
        match s.split_once('.') {
            Some((i, f)) => format!("{}.{f}", group_thousands(i)),
            None => group_thousands(&s),
        }
    };
    match unit {
        Some("%") => format!("{text}%"),
        Some("£") => format!("£{text}"),
        Some(u) if !u.is_empty() => format!("{text} {u}"),
        _ => text,
    }
}

fn group_thousands(digits: &str) -> String {
    let (sign, digits) = digits.strip_prefix('-').map_or(("", digits), |d| ("-", d));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_units_and_separators() {
        assert_eq!(number(72.5, Some("%")), "72.5%");
        assert_eq!(number(1200.0, Some("£")), "£1,200");
        assert_eq!(number(1234567.0, None), "1,234,567");
        assert_eq!(number(14.0, Some("days")), "14 days");
        assert_eq!(number(-1500.25, None), "-1,500.25");
    }
}
