//! Action rows compared across a whole version, by id and column key.

use std::collections::HashMap;

use super::{
    change_of, first_line, items_field, matched, text_field, Change, FieldChange, ItemChange,
};
use crate::model::{Action, Deadline, ListItem, PlanVersion};

#[derive(Debug, Clone)]
struct Row<'v> {
    action: &'v Action,
    cells: Vec<(&'v str, &'v [ListItem])>,
}

fn rows(v: &PlanVersion) -> Vec<Row<'_>> {
    v.priorities
        .iter()
        .flat_map(|p| {
            p.actions.iter().map(move |a| Row {
                action: a,
                cells: a
                    .cells
                    .iter()
                    .map(|(key, _)| (key.as_str(), a.items(key, &p.actions)))
                    .collect(),
            })
        })
        .collect()
}

fn row_id<'a>(r: &'a Row) -> &'a String {
    &r.action.id
}

impl Row<'_> {
    fn items(&self, key: &str) -> &[ListItem] {
        self.cells
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(&[], |(_, items)| items)
    }
}

/// Actions are matched across the whole version, so one that moved between
/// priorities is one change, not a removal and an addition.
pub(super) fn compare_actions(old: &PlanVersion, new: &PlanVersion) -> Vec<ItemChange> {
    let titles = |v: &PlanVersion| -> HashMap<String, String> {
        v.priorities
            .iter()
            .map(|p| (p.id.clone(), v.priority_label(p)))
            .collect()
    };
    let (old_titles, new_titles) = (titles(old), titles(new));
    // Columns by key, the newer version's headings first: a column keeps
    // its key when a plan renames its heading.
    let mut columns: Vec<(String, String)> = new
        .columns
        .iter()
        .map(|c| (c.key.clone(), c.heading.clone()))
        .collect();
    for c in &old.columns {
        if !columns.iter().any(|(k, _)| k == &c.key) {
            columns.push((c.key.clone(), c.heading.clone()));
        }
    }
    let (old_rows, new_rows) = (rows(old), rows(new));
    matched(&old_rows, &new_rows, row_id, |o, n| {
        action_item(o, n, &columns, (&old_titles, &new_titles))
    })
}

fn action_item(
    old: Option<&Row>,
    new: Option<&Row>,
    columns: &[(String, String)],
    (old_titles, new_titles): (&HashMap<String, String>, &HashMap<String, String>),
) -> Option<ItemChange> {
    let mut fields = Vec::new();
    let mut change = change_of(old.is_some(), new.is_some());
    let mut moved_from = None;
    if let (Some(o), Some(n)) = (old, new) {
        let (oa, na) = (o.action, n.action);
        if oa.priority_id != na.priority_id {
            change = Change::Moved;
            moved_from = old_titles.get(&oa.priority_id).cloned();
        }
        for (key, heading) in columns {
            match key.as_str() {
                "action" => {
                    text_field(&mut fields, heading, "number", &number(oa), &number(na));
                    text_field(&mut fields, heading, "action", &oa.text, &na.text);
                }
                "deadlines" => deadlines_field(&mut fields, heading, oa, na),
                _ => items_field(&mut fields, heading, key, o.items(key), n.items(key)),
            }
        }
        if fields.is_empty() && change != Change::Moved {
            return None;
        }
    }
    let any = new.or(old).expect("one side exists").action;
    let titles = if new.is_some() {
        new_titles
    } else {
        old_titles
    };
    Some(ItemChange {
        id: any.id.clone(),
        title: match &any.number {
            Some(n) => format!("{n} {}", first_line(&any.text)),
            None => first_line(&any.text),
        },
        change,
        priority: titles.get(&any.priority_id).cloned(),
        priority_id: Some(any.priority_id.clone()),
        moved_from,
        fields,
    })
}

fn number(a: &Action) -> String {
    a.number.clone().unwrap_or_default()
}

/// Deadlines the same in both are unchanged; one with the same label as
/// one left over in the other is one deadline whose date moved (in order,
/// so two without a label pair off first with first); the rest are added
/// or removed.
fn deadlines_field(fields: &mut Vec<FieldChange>, heading: &str, old: &Action, new: &Action) {
    let change = |old: Option<String>, new: Option<String>| FieldChange {
        field: heading.into(),
        key: "deadlines".into(),
        old,
        new,
        words: None,
    };
    let label = |d: &Deadline| d.label.clone().unwrap_or_default();
    let show = |d: &Deadline| match &d.label {
        Some(l) => format!("{l}: {}", d.due.source_form()),
        None => d.due.source_form(),
    };
    let mut new_left: Vec<&Deadline> = new.deadlines.iter().collect();
    let mut old_left: Vec<&Deadline> = Vec::new();
    for o in &old.deadlines {
        let same = new_left
            .iter()
            .position(|n| label(n) == label(o) && n.due == o.due);
        match same {
            Some(i) => {
                new_left.remove(i);
            }
            None => old_left.push(o),
        }
    }
    for o in old_left {
        match new_left.iter().position(|n| label(n) == label(o)) {
            Some(i) => {
                let n = new_left.remove(i);
                fields.push(change(Some(show(o)), Some(show(n))));
            }
            None => fields.push(change(Some(show(o)), None)),
        }
    }
    for n in new_left {
        fields.push(change(None, Some(show(n))));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::When;

    fn action(deadlines: &[(Option<&str>, &str)]) -> Action {
        Action {
            id: "a".into(),
            number: None,
            priority_id: "p".into(),
            text: "Do it.".into(),
            deadlines: deadlines
                .iter()
                .map(|(label, words)| Deadline {
                    label: label.map(str::to_string),
                    due: When::Words(words.to_string()),
                })
                .collect(),
            cells: Vec::new(),
        }
    }

    fn changes(old: &Action, new: &Action) -> Vec<(Option<String>, Option<String>)> {
        let mut fields = Vec::new();
        deadlines_field(&mut fields, "Deadlines", old, new);
        fields.into_iter().map(|f| (f.old, f.new)).collect()
    }

    // Two deadlines without a label, the same in both versions: no change
    // (a look-up by label kept only the last and reported the first moved).
    #[test]
    fn unlabelled_deadlines_that_stay_are_unchanged() {
        let a = action(&[(None, "When funding allows"), (None, "After the review")]);
        assert_eq!(changes(&a, &a.clone()), vec![]);
    }

    #[test]
    fn a_deadline_moves_is_added_or_is_removed() {
        let old = action(&[
            (None, "Spring"),
            (None, "After the review"),
            (Some("Plan"), "Soon"),
        ]);
        let new = action(&[
            (None, "After the review"),
            (None, "Autumn"),
            (Some("Report"), "Later"),
        ]);
        let s = |t: &str| Some(t.to_string());
        assert_eq!(
            changes(&old, &new),
            vec![
                (s("Spring"), s("Autumn")),
                (s("Plan: Soon"), None),
                (None, s("Report: Later")),
            ]
        );
    }
}
