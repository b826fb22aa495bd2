//! Views: what templates see. Templates get these borrowed, serializable
//! structs, never the model, so the model can change without breaking themes.
//! Markdown fields arrive as HTML (`*_html`), already rendered.

use std::collections::HashMap;

use serde::Serialize;

use crate::date::{display_date, Due};
use crate::load::raw::{Amount, Direction, ListItem, Status};
use crate::markdown::{escape, render_block, render_inline};
use crate::model::{
    Action, Cell, Column, Kpi, Part, Period, Plan, PlanVersion, Priority, Section, Site, Terms,
};

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

/// The plan's own words for its parts (see `terms` in plan.yaml).
#[derive(Debug, Serialize)]
pub struct TermsView {
    pub priority: String,
    pub priorities: String,
    pub action: String,
    pub actions: String,
    pub actions_by_deadline: String,
    pub action_plan: String,
    pub commitments: String,
    pub kpis: String,
    pub leads: String,
    pub indicator: String,
    pub baseline: String,
    pub target: String,
    pub actuals: String,
}

impl TermsView {
    fn new(t: &Terms) -> Self {
        TermsView {
            priority: t.priority.clone(),
            priorities: t.priorities.clone(),
            action: t.action.clone(),
            actions: t.actions.clone(),
            actions_by_deadline: t.actions_by_deadline.clone(),
            action_plan: t.action_plan.clone(),
            commitments: t.commitments.clone(),
            kpis: t.kpis.clone(),
            leads: t.leads.clone(),
            indicator: t.indicator.clone(),
            baseline: t.baseline.clone(),
            target: t.target.clone(),
            actuals: t.actuals.clone(),
        }
    }
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
    pub terms: TermsView,
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
    pub fn new(urls: &PlanUrls, v: &PlanVersion) -> Self {
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
            summary_html: render_block(&v.summary, "summary"),
            version_label: v.label.clone(),
            status: status_name(v.status),
            published: v.published.map(display_date),
            published_iso: v.published.map(|d| d.to_string()),
            change_note: v.change_note.clone(),
            notice_html: v.notice.as_deref().map(render_inline),
            terms: TermsView::new(&v.terms),
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
                    number: p.number.clone(),
                    label: v.priority_label(p),
                    title: p.title.clone(),
                    short_title: p.short_title.clone(),
                    url: urls.priority(&p.id),
                    leads: p.leads.clone(),
                    summary_html: render_block(&p.summary, &p.id),
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
/// there are no items.
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
/// in a `<time>` element when it has one; empty when there are none.
fn deadlines_html(deadlines: &[DeadlineView]) -> String {
    if deadlines.is_empty() {
        return String::new();
    }
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

/// A column of an action table.
#[derive(Debug, Serialize)]
pub struct ColumnView<'m> {
    pub key: &'m str,
    pub heading: &'m str,
}

/// One cell of an action table's row, in the table's column order. A cell
/// shared by the rows below spans them (`rowspan`); those rows then have no
/// cell in that column.
#[derive(Debug, Serialize)]
pub struct CellView<'m> {
    pub key: &'m str,
    /// The visible label of the cell in the narrow-screen cards.
    pub label: String,
    pub html: &'m str,
    pub rowspan: usize,
    /// For a spanning cell, the ids of the actions whose rows it covers,
    /// for its `headers` attribute.
    pub spans: Vec<&'m str>,
}

#[derive(Debug, Serialize)]
pub struct ActionView<'m> {
    pub id: &'m str,
    pub number: Option<&'m str>,
    pub text_html: &'m str,
    pub deadlines: &'m [DeadlineView],
    /// The row's cells, in the table's column order (see [`CellView`]).
    pub cells: Vec<CellView<'m>>,
    pub priority_label: String,
    pub priority_url: String,
    /// The link to this action's row on its priority page.
    pub url: String,
}

/// An action's Markdown as HTML: the same at every address, so made once
/// per version and shared by its pages' views.
#[derive(Debug)]
pub struct ActionMarkup {
    text_html: String,
    deadlines: Vec<DeadlineView>,
    /// Each list column's cell as HTML, by key; shared cells followed to
    /// the row that holds them; empty cells absent.
    cells: Vec<(String, String)>,
}

impl ActionMarkup {
    pub fn new(a: &Action, siblings: &[Action], columns: &[Column]) -> Self {
        let deadlines: Vec<DeadlineView> = a
            .deadlines
            .iter()
            .map(|d| deadline(d.label.as_deref(), &d.due))
            .collect();
        let text_html = render_inline(&a.text);
        let header_html = match &a.number {
            Some(n) => format!(
                "<span class=\"row-number\">{}</span> {text_html}",
                escape(n)
            ),
            None => text_html.clone(),
        };
        let mut cells = Vec::new();
        for c in columns {
            let html = match c.key.as_str() {
                "action" => header_html.clone(),
                "deadlines" => deadlines_html(&deadlines),
                key => cell_html(&items(a.items(key, siblings))),
            };
            if !html.is_empty() {
                cells.push((c.key.clone(), html));
            }
        }
        ActionMarkup {
            text_html,
            deadlines,
            cells,
        }
    }

    fn cell(&self, key: &str) -> Option<&str> {
        self.cells
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, h)| h.as_str())
    }
}

/// The columns a table of these actions shows: those some row fills.
fn shown_columns<'m>(columns: &'m [Column], rows: &[&ActionMarkup]) -> Vec<ColumnView<'m>> {
    columns
        .iter()
        .filter(|c| c.key == "action" || rows.iter().any(|m| m.cell(&c.key).is_some()))
        .map(|c| ColumnView {
            key: &c.key,
            heading: &c.heading,
        })
        .collect()
}

impl<'m> ActionView<'m> {
    /// An action as a row of a table with `columns`. With `siblings` (the
    /// rows of its priority's own table, in order) shared cells span the
    /// rows that share them; without, each row shows every cell itself.
    pub fn new(
        urls: &PlanUrls,
        (v, priority): (&PlanVersion, &'m Priority),
        index: usize,
        (markup, columns): (&'m ActionMarkup, &[ColumnView<'m>]),
        siblings: Option<&'m [ActionMarkup]>,
    ) -> Self {
        let a = &priority.actions[index];
        let priority_url = urls.priority(&priority.id);
        let mut cells = Vec::with_capacity(columns.len());
        for c in columns {
            let span = siblings.map_or(Span::Own, |_| span_of(&priority.actions, index, c.key));
            let (rowspan, spans) = match span {
                Span::Covered => continue,
                Span::Own => (1, Vec::new()),
                Span::Rows(n) => (
                    n,
                    priority.actions[index..index + n]
                        .iter()
                        .map(|r| r.id.as_str())
                        .collect(),
                ),
            };
            let label = match span {
                Span::Rows(n) => shared_label(c.heading, &priority.actions[index..index + n]),
                _ => c.heading.to_string(),
            };
            cells.push(CellView {
                key: c.key,
                label,
                html: markup.cell(c.key).unwrap_or(""),
                rowspan,
                spans,
            });
        }
        ActionView {
            id: &a.id,
            number: a.number.as_deref(),
            text_html: &markup.text_html,
            deadlines: &markup.deadlines,
            cells,
            priority_label: v.priority_label(priority),
            url: format!("{priority_url}#action-{}", a.id),
            priority_url,
        }
    }
}

/// How a row's cell in one column sits in its priority's table.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Span {
    /// The row shows its own cell.
    Own,
    /// The cell starts a group of rows that share it: this many.
    Rows(usize),
    /// A row above shows the cell across this row too.
    Covered,
}

fn span_of(actions: &[Action], index: usize, key: &str) -> Span {
    let shares = |a: &Action| matches!(a.cell(key), Some(Cell::SameAs(_)));
    if shares(&actions[index]) {
        return Span::Covered;
    }
    let n = actions[index + 1..]
        .iter()
        .take_while(|a| shares(a))
        .count();
    if n == 0 {
        Span::Own
    } else {
        Span::Rows(n + 1)
    }
}

/// A shared cell's card label names the rows it is for: `KPIs, for 1.1 to 1.5`.
fn shared_label(heading: &str, rows: &[Action]) -> String {
    let (first, last) = (&rows[0], &rows[rows.len() - 1]);
    match (&first.number, &last.number) {
        (Some(a), Some(b)) => format!("{heading}, for {a} to {b}"),
        _ => format!("{heading}, for this row and the {} below", rows.len() - 1),
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
    pub number: Option<&'m str>,
    /// `Priority 1: SEND`, or the short title when the plan does not number it.
    pub label: String,
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
    /// The caption of its action table: `Action plan – Priority 1: SEND`.
    pub action_plan_caption: String,
    /// The columns of this priority's action table: those its rows fill.
    pub columns: Vec<ColumnView<'m>>,
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
    pub fn new(p: &Priority, columns: &[Column]) -> Self {
        let inline = |list: &[String]| list.iter().map(|g| render_inline(g)).collect();
        PriorityMarkup {
            summary_html: render_block(&p.summary, &p.id),
            goals: inline(&p.goals),
            key_actions: inline(&p.key_actions),
            key_indicators: inline(&p.key_indicators),
            headline_indicator_html: p.headline_indicator.as_deref().map(render_inline),
            funding: inline(&p.funding),
            body_html: render_block(&p.body, &format!("{}-body", p.id)),
            actions: p
                .actions
                .iter()
                .map(|a| ActionMarkup::new(a, &p.actions, columns))
                .collect(),
        }
    }

    /// Every priority of a version, in order.
    pub fn of_version(v: &PlanVersion) -> Vec<PriorityMarkup> {
        v.priorities
            .iter()
            .map(|p| PriorityMarkup::new(p, &v.columns))
            .collect()
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
            title: v.priority_label(q),
            url: urls.priority(&q.id),
        };
        let rows: Vec<&ActionMarkup> = m.actions.iter().collect();
        let columns = shown_columns(&v.columns, &rows);
        let actions = (0..p.actions.len())
            .map(|i| ActionView::new(urls, (v, p), i, (&m.actions[i], &columns), Some(&m.actions)))
            .collect();
        PriorityView {
            id: &p.id,
            number: p.number.as_deref(),
            label: v.priority_label(p),
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
            action_plan_caption: format!("{} – {}", v.terms.action_plan, v.priority_label(p)),
            columns,
            actions,
            previous: index.checked_sub(1).map(|i| link(&v.priorities[i])),
            next: v.priorities.get(index + 1).map(link),
        }
    }
}

/// The table of every action by deadline: its columns (those some action
/// fills) and its rows, each showing every cell itself.
#[derive(Debug, Serialize)]
pub struct DeadlineTable<'m> {
    pub columns: Vec<ColumnView<'m>>,
    pub actions: Vec<ActionView<'m>>,
}

impl<'m> DeadlineTable<'m> {
    /// `order` lists (priority, action) indexes, soonest deadline first.
    pub fn new(
        urls: &PlanUrls,
        v: &'m PlanVersion,
        markup: &'m [PriorityMarkup],
        order: &[(usize, usize)],
    ) -> Self {
        let rows: Vec<&ActionMarkup> = order.iter().map(|&(p, a)| &markup[p].actions[a]).collect();
        let columns = shown_columns(&v.columns, &rows);
        let actions = order
            .iter()
            .map(|&(p, a)| {
                let priority = &v.priorities[p];
                ActionView::new(
                    urls,
                    (v, priority),
                    a,
                    (&markup[p].actions[a], &columns),
                    None,
                )
            })
            .collect();
        DeadlineTable { columns, actions }
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
}

impl KpiView {
    /// `priorities` is the version's [`PlanVersion::priority_index`], made once for all its KPIs.
    pub fn new(
        urls: &PlanUrls,
        v: &PlanVersion,
        priorities: &HashMap<&str, &Priority>,
        k: &Kpi,
    ) -> Self {
        let unit = k.unit.as_deref();
        let text = |m: &Amount| m.display(unit);
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
            target_by: k
                .target
                .as_ref()
                .and_then(|t| t.by.as_ref())
                .map(|by| deadline(None, by)),
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
