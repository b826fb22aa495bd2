//! Comparison of two versions of a plan: pure functions over the model.
//!
//! Items are matched by their stable ids (section and priority folder names,
//! action and KPI ids), never by position, so reordering is not a change and
//! an action that moved to another priority is reported as moved. Text fields
//! get word-by-word differences; list fields report each entry added or
//! removed; deadlines with the same label report the date they moved from and to.

use std::collections::HashMap;

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

mod actions;
mod kpis;

use crate::model::{ListItem, Period, PlanVersion, Priority, Section};
use actions::compare_actions;
use kpis::kpi_item;

/// What happened to an item between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Changed,
    Moved,
}

/// What one piece of a word-by-word difference does; written to
/// `changes.json` as `equal`, `insert` or `delete`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// In both texts.
    Equal,
    /// Only in the newer text.
    Insert,
    /// Only in the older text.
    Delete,
}

/// One piece of a word-by-word difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordOp {
    pub op: Op,
    pub text: String,
}

/// A change to one field of an item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The field as readers know it: "Responsible officers and linked services".
    pub field: String,
    /// The field's stable key (`officers`, a custom column's key, `target`),
    /// the same across versions whatever the plan calls it.
    pub key: String,
    pub old: Option<String>,
    pub new: Option<String>,
    /// Word-by-word, for text that changed (not for added or removed entries).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<Vec<WordOp>>,
}

/// A change to one item (a section, commitment, priority, action or KPI).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemChange {
    pub id: String,
    pub title: String,
    pub change: Change,
    /// For actions: the priority it belongs to, in the newer version when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// For actions: the id of that priority.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_from: Option<String>,
    pub fields: Vec<FieldChange>,
}

/// How many items of one kind changed, and how.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub moved: usize,
}

/// Every difference between two versions of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub plan: String,
    pub from: String,
    pub to: String,
    pub plan_fields: Vec<FieldChange>,
    pub sections: Vec<ItemChange>,
    pub commitments: Vec<ItemChange>,
    pub priorities: Vec<ItemChange>,
    pub actions: Vec<ItemChange>,
    pub kpis: Vec<ItemChange>,
}

impl Comparison {
    /// Counts per kind, in the order the page lists them.
    pub fn summary(&self) -> Vec<(&'static str, Counts)> {
        [
            ("sections", &self.sections),
            ("commitments", &self.commitments),
            ("priorities", &self.priorities),
            ("actions", &self.actions),
            ("kpis", &self.kpis),
        ]
        .into_iter()
        .map(|(kind, items)| (kind, counts(items)))
        .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.plan_fields.is_empty()
            && [
                &self.sections,
                &self.commitments,
                &self.priorities,
                &self.actions,
                &self.kpis,
            ]
            .iter()
            .all(|items| items.is_empty())
    }
}

fn counts(items: &[ItemChange]) -> Counts {
    let mut c = Counts::default();
    for item in items {
        match item.change {
            Change::Added => c.added += 1,
            Change::Removed => c.removed += 1,
            Change::Changed => c.changed += 1,
            Change::Moved => c.moved += 1,
        }
    }
    c
}

/// Compares `old` with `new`.
pub(crate) fn compare(old: &PlanVersion, new: &PlanVersion) -> Comparison {
    let mut plan_fields = Vec::new();
    let f = &mut plan_fields;
    text_field(f, "Title", "title", &old.title, &new.title);
    text_field(f, "Summary", "summary", &old.summary, &new.summary);
    text_field(
        f,
        "Organisation",
        "organisation",
        old.organisation.as_deref().unwrap_or(""),
        new.organisation.as_deref().unwrap_or(""),
    );
    text_field(
        f,
        "Owner",
        "owner",
        old.owner.as_deref().unwrap_or(""),
        new.owner.as_deref().unwrap_or(""),
    );
    text_field(
        f,
        "Period",
        "period",
        &period(&old.period),
        &period(&new.period),
    );
    Comparison {
        plan: new.plan_id.clone(),
        from: old.id.clone(),
        to: new.id.clone(),
        plan_fields,
        sections: matched(&old.sections, &new.sections, |s| &s.id, section_item),
        commitments: matched(&old.commitments, &new.commitments, |s| &s.id, section_item),
        priorities: matched(
            &old.priorities,
            &new.priorities,
            |p| &p.id,
            |o, n| priority_item(o.map(|p| (old, p)), n.map(|p| (new, p))),
        ),
        actions: compare_actions(old, new),
        kpis: matched(&old.kpis, &new.kpis, |k| &k.id, kpi_item),
    }
}

fn period(p: &Option<Period>) -> String {
    match p {
        Some(Period::Dates { start, end }) => format!("{start} to {end}"),
        Some(Period::Text(t)) => t.clone(),
        None => String::new(),
    }
}

/// Matches items by id: removed ones in old order, then changed and added ones in new order.
pub(super) fn matched<T>(
    old: &[T],
    new: &[T],
    id: impl Fn(&T) -> &String,
    item: impl Fn(Option<&T>, Option<&T>) -> Option<ItemChange>,
) -> Vec<ItemChange> {
    let old_by_id: HashMap<&String, &T> = old.iter().map(|o| (id(o), o)).collect();
    let new_ids: HashMap<&String, ()> = new.iter().map(|n| (id(n), ())).collect();
    let mut out: Vec<ItemChange> = old
        .iter()
        .filter(|o| !new_ids.contains_key(id(o)))
        .filter_map(|o| item(Some(o), None))
        .collect();
    out.extend(
        new.iter()
            .filter_map(|n| item(old_by_id.get(id(n)).copied(), Some(n))),
    );
    out
}

pub(super) fn change_of(old: bool, new: bool) -> Change {
    match (old, new) {
        (false, _) => Change::Added,
        (_, false) => Change::Removed,
        _ => Change::Changed,
    }
}

fn section_item(old: Option<&Section>, new: Option<&Section>) -> Option<ItemChange> {
    let mut fields = Vec::new();
    if let (Some(o), Some(n)) = (old, new) {
        text_field(&mut fields, "Title", "title", &o.title, &n.title);
        prose_field(&mut fields, "Text", "body", &o.body, &n.body);
        if fields.is_empty() {
            return None;
        }
    }
    let any = new.or(old).expect("one side exists");
    Some(ItemChange {
        id: any.id.clone(),
        title: any.title.clone(),
        change: change_of(old.is_some(), new.is_some()),
        priority: None,
        priority_id: None,
        moved_from: None,
        fields,
    })
}

fn priority_item(
    old: Option<(&PlanVersion, &Priority)>,
    new: Option<(&PlanVersion, &Priority)>,
) -> Option<ItemChange> {
    let mut fields = Vec::new();
    let mut change = change_of(old.is_some(), new.is_some());
    if let (Some((_, o)), Some((_, n))) = (old, new) {
        let f = &mut fields;
        text_field(f, "Title", "title", &o.title, &n.title);
        if o.number != n.number {
            change = Change::Moved;
            text_field(
                f,
                "Number",
                "number",
                o.number.as_deref().unwrap_or(""),
                n.number.as_deref().unwrap_or(""),
            );
        }
        list_field(f, "Led by", "leads", &o.leads, &n.leads);
        prose_field(f, "Summary", "summary", &o.summary, &n.summary);
        list_field(f, "Key goals", "goals", &o.goals, &n.goals);
        list_field(
            f,
            "Key actions",
            "key_actions",
            &o.key_actions,
            &n.key_actions,
        );
        list_field(
            f,
            "Key indicators of success",
            "key_indicators",
            &o.key_indicators,
            &n.key_indicators,
        );
        text_field(
            f,
            "Key indicator",
            "headline_indicator",
            o.headline_indicator.as_deref().unwrap_or(""),
            n.headline_indicator.as_deref().unwrap_or(""),
        );
        list_field(f, "Funding implications", "funding", &o.funding, &n.funding);
        prose_field(f, "Narrative", "body", &o.body, &n.body);
        if fields.is_empty() {
            return None;
        }
    }
    let (v, any) = new.or(old).expect("one side exists");
    Some(ItemChange {
        id: any.id.clone(),
        title: v.priority_label(any),
        change,
        priority: None,
        priority_id: None,
        moved_from: None,
        fields,
    })
}

/// An action with its cells' items, shared cells followed to the row
pub(super) fn first_line(text: &str) -> String {
    text.split("\n\n").next().unwrap_or(text).trim().to_string()
}

/// A short text that changed, with its word-by-word difference.
pub(super) fn text_field(
    fields: &mut Vec<FieldChange>,
    field: &str,
    key: &str,
    old: &str,
    new: &str,
) {
    if old.trim() == new.trim() {
        return;
    }
    fields.push(FieldChange {
        field: field.into(),
        key: key.into(),
        old: (!old.is_empty()).then(|| old.to_string()),
        new: (!new.is_empty()).then(|| new.to_string()),
        words: Some(word_diff(old, new)),
    });
}

/// Long Markdown: compared paragraph by paragraph, so only changed paragraphs are shown.
fn prose_field(fields: &mut Vec<FieldChange>, field: &str, key: &str, old: &str, new: &str) {
    let paras = |t: &str| -> Vec<String> {
        t.split("\n\n")
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect()
    };
    let (old_p, new_p) = (paras(old), paras(new));
    let diff = similar::capture_diff_slices(similar::Algorithm::Patience, &old_p, &new_p);
    for op in diff {
        let (o, n) = (&old_p[op.old_range()], &new_p[op.new_range()]);
        if o == n {
            continue;
        }
        let pairs = o.len().max(n.len());
        for i in 0..pairs {
            let (a, b) = (
                o.get(i).map_or("", String::as_str),
                n.get(i).map_or("", String::as_str),
            );
            text_field(fields, field, key, a, b);
        }
    }
}

/// List entries added or removed (order changes are not changes).
pub(super) fn list_field(
    fields: &mut Vec<FieldChange>,
    field: &str,
    key: &str,
    old: &[String],
    new: &[String],
) {
    for o in old.iter().filter(|o| !new.contains(o)) {
        fields.push(FieldChange {
            field: field.into(),
            key: key.into(),
            old: Some(o.clone()),
            new: None,
            words: None,
        });
    }
    for n in new.iter().filter(|n| !old.contains(n)) {
        fields.push(FieldChange {
            field: field.into(),
            key: key.into(),
            old: None,
            new: Some(n.clone()),
            words: None,
        });
    }
}

/// Table-cell lists: nested entries are compared as "parent: child".
pub(super) fn items_field(
    fields: &mut Vec<FieldChange>,
    field: &str,
    key: &str,
    old: &[ListItem],
    new: &[ListItem],
) {
    list_field(fields, field, key, &flatten(old, ""), &flatten(new, ""));
}

fn flatten(items: &[ListItem], prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    for item in items {
        let text = format!("{prefix}{}", item.text());
        if item.children().is_empty() {
            out.push(text);
        } else {
            out.extend(flatten(item.children(), &format!("{} ", text.trim_end())));
        }
    }
    out
}

/// Word-by-word difference of two texts.
pub(crate) fn word_diff(old: &str, new: &str) -> Vec<WordOp> {
    let diff = TextDiff::from_words(old, new);
    let mut ops: Vec<WordOp> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => Op::Equal,
            ChangeTag::Insert => Op::Insert,
            ChangeTag::Delete => Op::Delete,
        };
        match ops.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => ops.push(WordOp {
                op,
                text: change.value().to_string(),
            }),
        }
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rebuild(ops: &[WordOp], keep: Op) -> String {
        ops.iter()
            .filter(|o| o.op == Op::Equal || o.op == keep)
            .map(|o| o.text.as_str())
            .collect()
    }

    #[test]
    fn word_diff_reconstructs_both_texts() {
        let cases = [
            ("deadline moved to July", "deadline moved to August 2027"),
            ("", "new text"),
            ("old text", ""),
            ("same words", "same words"),
            ("a b c d", "a x c y d"),
        ];
        for (old, new) in cases {
            let ops = word_diff(old, new);
            assert_eq!(rebuild(&ops, Op::Delete), old);
            assert_eq!(rebuild(&ops, Op::Insert), new);
        }
    }

    // changes.json keeps the words it had when the operation was a string.
    #[test]
    fn word_ops_are_written_as_lowercase_words() {
        let ops = word_diff("a b", "a c");
        let json = serde_json::to_string(&ops).unwrap();
        assert_eq!(
            json,
            r#"[{"op":"equal","text":"a "},{"op":"delete","text":"b"},{"op":"insert","text":"c"}]"#
        );
    }

    #[test]
    fn nested_items_flatten_with_their_parent() {
        let items = vec![ListItem::Nested(crate::model::NestedItem {
            text: "Offer:".into(),
            items: vec![ListItem::Text("mentoring".into())],
        })];
        assert_eq!(flatten(&items, ""), vec!["Offer: mentoring".to_string()]);
    }

    #[test]
    fn list_field_reports_added_and_removed_entries_only() {
        let mut fields = Vec::new();
        let old = vec!["a".to_string(), "b".to_string()];
        let new = vec!["b".to_string(), "c".to_string()];
        list_field(&mut fields, "Led by", "leads", &old, &new);
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0].old.as_deref(), Some("a"));
        assert_eq!(fields[1].new.as_deref(), Some("c"));
    }
}
