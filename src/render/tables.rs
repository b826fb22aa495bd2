//! The views of action tables: each row's cells in the table's columns, a
//! cell shared by several rows spanning them, and the Markdown of a
//! version's priorities and actions made once and shared by its pages.

use std::borrow::Cow;

use serde::Serialize;

use super::views::{Link, PlanUrls};
use crate::date::Due;
use crate::markdown::{escape, Markdown};
use crate::model::ListItem;
use crate::model::{Action, Cell, Column, PlanVersion, Priority, When};

#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub html: String,
    pub items: Vec<ItemView>,
}

fn items(list: &[ListItem], md: Markdown) -> Vec<ItemView> {
    list.iter()
        .map(|i| ItemView {
            html: md.inline(i.text()),
            items: items(i.children(), md),
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
    pub label: Cow<'m, str>,
    pub html: &'m str,
    pub rowspan: usize,
    /// For a spanning cell, the ids of the actions whose rows it covers,
    /// for its `headers` attribute; absent otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<&'m str>,
}

#[derive(Debug, Serialize)]
pub struct ActionView<'m> {
    pub id: &'m str,
    pub number: Option<&'m str>,
    pub text_html: &'m str,
    /// The row header: the plan's number for the row, then the text.
    pub header_html: &'m str,
    pub deadlines: &'m [DeadlineView],
    /// The row's cells after its header, in the table's column order (see
    /// [`CellView`]).
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
    header_html: String,
    deadlines: Vec<DeadlineView>,
    /// Each list column's cell as HTML, by key; shared cells followed to
    /// the row that holds them; empty cells absent.
    cells: Vec<(String, String)>,
}

impl ActionMarkup {
    pub fn new(a: &Action, siblings: &[Action], columns: &[Column], md: Markdown) -> Self {
        let deadlines: Vec<DeadlineView> = a
            .deadlines
            .iter()
            .map(|d| deadline_when(d.label.as_deref(), &d.due))
            .collect();
        let text_html = md.inline(&a.text);
        let header_html = match &a.number {
            Some(n) => format!(
                "<span class=\"row-number\">{}</span> {text_html}",
                escape(n)
            ),
            None => text_html.clone(),
        };
        let mut cells = Vec::new();
        for c in columns.iter().filter(|c| c.key != "action") {
            let html = match c.key.as_str() {
                "deadlines" => deadlines_html(&deadlines),
                key => cell_html(&items(a.items(key, siblings), md)),
            };
            if !html.is_empty() {
                cells.push((c.key.clone(), html));
            }
        }
        ActionMarkup {
            text_html,
            header_html,
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
    /// An action as a row of a table with `columns`. In its priority's own
    /// table (`spans_shared_cells`) a shared cell spans the rows that share
    /// it; elsewhere each row shows every cell itself.
    pub fn new(
        urls: &PlanUrls,
        (v, priority): (&PlanVersion, &'m Priority),
        index: usize,
        (markup, columns): (&'m ActionMarkup, &[ColumnView<'m>]),
        spans_shared_cells: bool,
    ) -> Self {
        let a = &priority.actions[index];
        let priority_url = urls.priority(&priority.id);
        let mut cells = Vec::with_capacity(columns.len());
        // The action column comes first (validation sees to it): the row header.
        for c in columns.iter().filter(|c| c.key != "action") {
            let span = if spans_shared_cells {
                span_of(&priority.actions, index, c.key)
            } else {
                Span::Own
            };
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
                Span::Rows(n) => {
                    Cow::Owned(shared_label(c.heading, &priority.actions[index..index + n]))
                }
                _ => Cow::Borrowed(c.heading),
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
            header_html: &markup.header_html,
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

/// A deadline as a cell shows it: words as written, or a date with its
/// machine-readable form.
fn deadline_when(label: Option<&str>, when: &When) -> DeadlineView {
    match when {
        When::Due(due) => deadline(label, due),
        When::Words(words) => DeadlineView {
            label: label.map(str::to_string),
            text: words.clone(),
            datetime: None,
        },
    }
}

pub(super) fn deadline(label: Option<&str>, due: &Due) -> DeadlineView {
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
    pub fn new(p: &Priority, columns: &[Column], md: Markdown) -> Self {
        let inline = |list: &[String]| list.iter().map(|g| md.inline(g)).collect();
        PriorityMarkup {
            summary_html: md.block(&p.summary, &p.id),
            goals: inline(&p.goals),
            key_actions: inline(&p.key_actions),
            key_indicators: inline(&p.key_indicators),
            headline_indicator_html: p.headline_indicator.as_deref().map(|h| md.inline(h)),
            funding: inline(&p.funding),
            body_html: md.block(&p.body, &format!("{}-body", p.id)),
            actions: p
                .actions
                .iter()
                .map(|a| ActionMarkup::new(a, &p.actions, columns, md))
                .collect(),
        }
    }

    /// Every priority of a version, in order.
    pub fn of_version(v: &PlanVersion, md: Markdown) -> Vec<PriorityMarkup> {
        v.priorities
            .iter()
            .map(|p| PriorityMarkup::new(p, &v.columns, md))
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
            .map(|i| ActionView::new(urls, (v, p), i, (&m.actions[i], &columns), true))
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
                    false,
                )
            })
            .collect();
        DeadlineTable { columns, actions }
    }
}
