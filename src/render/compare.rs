//! Views for the history page and the comparison pages.

use serde::Serialize;

use crate::date::display_date;
use crate::diff::{Change, Comparison, FieldChange, ItemChange, Op, WordOp};
use crate::markdown::{escape, Markdown};
use crate::model::{Content, Plan};
use crate::render::pages::plan_comparison_pairs;
use crate::render::views::{status_name, Link, PlanUrls};

/// One row of a plan's history.
#[derive(Debug, Serialize)]
pub struct VersionRow {
    pub id: String,
    pub label: String,
    pub status: &'static str,
    pub published: Option<String>,
    pub published_iso: Option<String>,
    pub change_note: Option<String>,
    pub url: String,
    pub is_latest: bool,
    pub based_on: Option<Link>,
    pub comparisons: Vec<Link>,
}

/// The versions of a plan, newest first, with links to every comparison.
pub fn history(site: &Content, p: usize, urls: &PlanUrls) -> Vec<VersionRow> {
    let base = &site.config.base_path;
    let plan = &site.plans[p];
    let pairs = plan_comparison_pairs(site, p);
    let mut rows: Vec<VersionRow> = plan
        .versions
        .iter()
        .enumerate()
        .map(|(i, v)| VersionRow {
            id: v.id.clone(),
            label: v.label.clone(),
            status: status_name(v.status),
            published: v.published.map(display_date),
            published_iso: v.published.map(|d| d.to_string()),
            change_note: v.change_note.clone(),
            url: PlanUrls::permanent(base, plan, &v.id).home(),
            is_latest: i == plan.latest,
            based_on: v
                .based_on
                .as_ref()
                .and_then(|b| plan.versions.iter().find(|o| &o.id == b))
                .map(|o| Link {
                    title: o.label.clone(),
                    url: PlanUrls::permanent(base, plan, &o.id).home(),
                }),
            comparisons: pairs
                .iter()
                .filter(|(q, _, to)| *q == p && *to == i)
                .map(|(_, from, to)| Link {
                    title: format!(
                        "Changes from {} to {}",
                        plan.versions[*from].label, plan.versions[*to].label
                    ),
                    url: urls.comparison(&plan.versions[*from].id, &plan.versions[*to].id),
                })
                .collect(),
        })
        .collect();
    rows.reverse();
    rows
}

#[derive(Debug, Serialize)]
pub struct SummaryRow {
    pub kind: &'static str,
    pub label: &'static str,
    pub anchor: String,
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub moved: usize,
    pub total: usize,
}

#[derive(Debug, Serialize)]
pub struct FieldView {
    pub field: String,
    /// `changed`, `added` or `removed`.
    pub change: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
    /// The word-by-word difference, as HTML with `<ins>` and `<del>`.
    pub words_html: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ItemView {
    pub anchor: String,
    pub id: String,
    pub title: String,
    pub change: &'static str,
    pub priority: Option<String>,
    pub moved_from: Option<String>,
    pub url: Option<String>,
    pub fields: Vec<FieldView>,
}

#[derive(Debug, Serialize)]
pub struct GroupView {
    pub kind: &'static str,
    pub label: &'static str,
    pub items: Vec<ItemView>,
}

#[derive(Debug, Serialize)]
pub struct ComparisonView {
    pub from_label: String,
    pub to_label: String,
    pub from_url: String,
    pub to_url: String,
    pub from_published: Option<String>,
    pub to_published: Option<String>,
    pub notices_html: Vec<String>,
    pub summary: Vec<SummaryRow>,
    pub plan_fields: Vec<FieldView>,
    pub groups: Vec<GroupView>,
    pub json_url: String,
    pub is_empty: bool,
}

const KINDS: [(&str, &str); 5] = [
    ("sections", "Sections"),
    ("commitments", "Commitments"),
    ("priorities", "Priorities"),
    ("actions", "Actions"),
    ("kpis", "Key performance indicators"),
];

impl ComparisonView {
    pub fn new(
        (base, md): (&str, Markdown),
        plan: &Plan,
        (from, to): (usize, usize),
        c: &Comparison,
    ) -> Self {
        let (old, new) = (&plan.versions[from], &plan.versions[to]);
        let old_urls = PlanUrls::permanent(base, plan, &old.id);
        let new_urls = PlanUrls::permanent(base, plan, &new.id);
        let summary = c
            .summary()
            .into_iter()
            .zip(KINDS)
            .map(|((kind, n), (_, label))| SummaryRow {
                kind,
                label,
                anchor: format!("changes-{kind}"),
                added: n.added,
                removed: n.removed,
                changed: n.changed,
                moved: n.moved,
                total: n.added + n.removed + n.changed + n.moved,
            })
            .collect();
        let lists = [
            &c.sections,
            &c.commitments,
            &c.priorities,
            &c.actions,
            &c.kpis,
        ];
        let groups = KINDS
            .iter()
            .zip(lists)
            .map(|((kind, label), items)| GroupView {
                kind,
                label,
                items: items
                    .iter()
                    .map(|i| {
                        let urls = if i.change == Change::Removed {
                            &old_urls
                        } else {
                            &new_urls
                        };
                        item_view(kind, i, urls)
                    })
                    .collect(),
            })
            .collect();
        let url = PlanUrls::new(base, plan).comparison(&old.id, &new.id);
        ComparisonView {
            from_label: old.label.clone(),
            to_label: new.label.clone(),
            from_url: old_urls.home(),
            to_url: new_urls.home(),
            from_published: old.published.map(display_date),
            to_published: new.published.map(display_date),
            notices_html: [old, new]
                .iter()
                .filter_map(|v| v.notice.as_deref())
                .map(|n| md.inline(n))
                .collect(),
            summary,
            plan_fields: c.plan_fields.iter().map(field_view).collect(),
            groups,
            json_url: format!("{url}changes.json"),
            is_empty: c.is_empty(),
        }
    }
}

fn item_view(kind: &str, i: &ItemChange, urls: &PlanUrls) -> ItemView {
    let url = match kind {
        "sections" => Some(urls.section(&i.id)),
        "commitments" => Some(format!("{}#{}", urls.commitments(), i.id)),
        "priorities" => Some(urls.priority(&i.id)),
        "kpis" => Some(format!("{}#kpi-{}", urls.kpis(), i.id)),
        "actions" => i
            .priority_id
            .as_ref()
            .map(|p| format!("{}#action-{}", urls.priority(p), i.id)),
        _ => None,
    };
    ItemView {
        anchor: format!("{kind}-{}", i.id),
        id: i.id.clone(),
        title: i.title.clone(),
        change: change_name(i.change),
        priority: i.priority.clone(),
        moved_from: i.moved_from.clone(),
        url,
        fields: i.fields.iter().map(field_view).collect(),
    }
}

fn change_name(c: Change) -> &'static str {
    match c {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Changed => "changed",
        Change::Moved => "moved",
    }
}

fn field_view(f: &FieldChange) -> FieldView {
    FieldView {
        field: f.field.clone(),
        change: match (&f.old, &f.new) {
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            _ => "changed",
        },
        old: f.old.clone(),
        new: f.new.clone(),
        words_html: f.words.as_deref().map(words_html),
    }
}

/// `<ins>` and `<del>` carry no meaning for most screen readers, so each
/// also holds visually hidden words that say what happened.
pub fn words_html(ops: &[WordOp]) -> String {
    let mut out = String::new();
    for op in ops {
        let text = escape(&op.text);
        match op.op {
            Op::Insert => out.push_str(&format!("<ins><span class=\"visually-hidden\">[added: </span>{text}<span class=\"visually-hidden\">]</span></ins>")),
            Op::Delete => out.push_str(&format!("<del><span class=\"visually-hidden\">[removed: </span>{text}<span class=\"visually-hidden\">]</span></del>")),
            Op::Equal => out.push_str(&text),
        }
    }
    out
}
