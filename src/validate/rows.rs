//! Priorities and their action rows: shared cells, the plan's own columns,
//! and ids and numbers that must be unique.

use std::collections::HashMap;

use super::{bad_folder_id, ticked};
use crate::diagnostics::{did_you_mean, ordinal};
use crate::diagnostics::{Code, Diagnostic, SourceFile};
use crate::load::raw::{RawAction, RawCell, RawDeadline};
use crate::load::LoadedPriority;
use crate::model::{
    is_slug, slugify, Action, Cell, Column, Deadline, Priority, Section, When, BUILT_IN_COLUMNS,
};

pub(super) fn priority(
    loaded: &LoadedPriority,
    pages: &[Section],
    columns: &[Column],
    diagnostics: &mut Vec<Diagnostic>,
) -> Priority {
    let meta = &loaded.meta.meta;
    let mut supporting_documents = Vec::new();
    for (i, doc) in meta.supporting_documents.iter().enumerate() {
        match pages.iter().find(|p| &p.id == doc) {
            Some(page) => supporting_documents.push((page.id.clone(), page.title.clone())),
            None => {
                let file = &loaded.meta.file;
                let page_ids: Vec<String> = pages.iter().map(|p| p.id.clone()).collect();
                let at = file.value(&format!("supporting_documents[{i}]"));
                let mut d = Diagnostic::error(
                    Code::UnknownReference,
                    format!("supporting document `{doc}` is not a page of this site"),
                )
                .at(file, at)
                .expected("the slug of a page in content/pages/")
                .hint("create content/pages/<slug>.md, or fix the name");
                if let Some(best) = did_you_mean(doc, &page_ids) {
                    d = d.hint(format!("did you mean `{best}`?"));
                }
                diagnostics.push(d);
            }
        }
    }
    if loaded.id.is_empty() {
        let dir = loaded
            .meta
            .file
            .display_path
            .parent()
            .unwrap_or(&loaded.meta.file.display_path);
        diagnostics.push(bad_folder_id(dir, "priority"));
    }
    let actions = loaded
        .actions
        .as_ref()
        .map(|a| actions(&loaded.id, &a.value, &a.file, columns, diagnostics))
        .unwrap_or_default();
    Priority {
        id: loaded.id.clone(),
        number: meta.number.as_ref().map(|n| n.0.clone()),
        title: meta.title.clone(),
        short_title: meta
            .short_title
            .clone()
            .unwrap_or_else(|| meta.title.clone()),
        leads: meta.leads.clone(),
        summary: meta.summary.clone().unwrap_or_default(),
        goals: meta.goals.clone(),
        key_actions: meta.key_actions.clone(),
        key_indicators: meta.key_indicators.clone(),
        headline_indicator: meta.headline_indicator.clone(),
        funding: meta.funding.clone(),
        supporting_documents,
        body: loaded.meta.body.clone(),
        actions,
        source: loaded.meta.file.clone(),
        actions_source: loaded
            .actions
            .as_ref()
            .filter(|a| crate::markdown_check::may_need_checking(&a.file.text))
            .map(|a| a.file.clone()),
    }
}

/// One priority's action rows, with their shared cells checked: a row may
/// share a cell with an earlier row of the same table, and every row
/// between them shares it too, so the table can show it once across them.
fn actions(
    priority_id: &str,
    raws: &[RawAction],
    file: &SourceFile,
    columns: &[Column],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Action> {
    let list_columns: Vec<&Column> = columns
        .iter()
        .filter(|c| c.key != "action" && c.key != "deadlines")
        .collect();
    let has_deadlines = columns.iter().any(|c| c.key == "deadlines");
    let mut out: Vec<Action> = Vec::new();
    for (nth, raw) in raws.iter().enumerate() {
        let a = action(
            (priority_id, nth),
            raw,
            file,
            (&list_columns, has_deadlines),
            diagnostics,
        );
        for (key, cell) in &a.cells {
            if let Cell::SameAs(target) = cell {
                if let Some(problem) = shared_cell_problem(&out, key, target) {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::UnknownReference,
                            format!("action `{}` shares its `{key}` cell with `{target}`, {problem}", a.id),
                        )
                        .at(file, file.entry(&format!("{}.same_as", cell_path(nth, key))))
                        .expected("`same_as:` and the id of an earlier row of this table that shares the same cell, with every row between sharing it too")
                        .hint("give the list in the first row of the group, and `same_as: <that row's id>` in each row after it"),
                    );
                }
            }
        }
        out.push(a);
    }
    out
}

/// Where row `nth` of an actions file fills the column `key`: a built-in
/// list column's key, or the plan's own column under `cells:`.
fn cell_path(nth: usize, key: &str) -> String {
    if ["indicators", "metrics", "officers"].contains(&key) {
        format!("[{nth}].{key}")
    } else {
        format!("[{nth}].cells.{key}")
    }
}

/// Why `target` cannot be the row whose `key` cell the next row shares.
fn shared_cell_problem(earlier: &[Action], key: &str, target: &str) -> Option<&'static str> {
    let Some(at) = earlier.iter().position(|a| a.id == target) else {
        return Some("which is not an earlier row of this table");
    };
    let root = match earlier[at].cell(key) {
        Some(Cell::Items(_)) => target,
        Some(Cell::SameAs(root)) => root.as_str(),
        None => return Some("whose cell is empty"),
    };
    let between_share = earlier[at + 1..]
        .iter()
        .all(|a| matches!(a.cell(key), Some(Cell::SameAs(t)) if t == target || t == root));
    (!between_share).then_some("but a row between them does not share it")
}

fn action(
    (priority_id, nth): (&str, usize),
    raw: &RawAction,
    file: &SourceFile,
    (list_columns, has_deadlines): (&[&Column], bool),
    diagnostics: &mut Vec<Diagnostic>,
) -> Action {
    if !is_slug(&raw.id) {
        diagnostics.push(
            Diagnostic::error(
                Code::InvalidValue,
                format!("action id `{}` cannot be part of a web address", raw.id),
            )
            .at(file, file.entry(&format!("[{nth}].id")))
            .expected("lowercase letters, digits and hyphens")
            .hint(format!("use `id: {}`", slugify(&raw.id))),
        );
    }
    let mut cells = Vec::new();
    let built_in = [
        ("indicators", &raw.indicators),
        ("metrics", &raw.metrics),
        ("officers", &raw.officers),
    ];
    for (key, cell) in built_in {
        if !cell_is_empty(cell) {
            if !list_columns.iter().any(|c| c.key == key) {
                let at = format!("[{nth}].{key}");
                diagnostics.push(not_a_column(file, (&raw.id, &at), key, list_columns));
            }
            cells.push((key.to_string(), model_cell(cell)));
        }
    }
    for (key, cell) in &raw.cells {
        let is_custom = !BUILT_IN_COLUMNS.iter().any(|(k, _)| k == key);
        if !is_custom || !list_columns.iter().any(|c| &c.key == key) {
            let at = format!("[{nth}].cells.{key}");
            diagnostics.push(not_a_column(file, (&raw.id, &at), key, list_columns));
        }
        if !cell_is_empty(cell) {
            cells.push((key.clone(), model_cell(cell)));
        }
    }
    if !raw.deadlines.is_empty() && !has_deadlines {
        let at = format!("[{nth}].deadlines");
        diagnostics.push(not_a_column(
            file,
            (&raw.id, &at),
            "deadlines",
            list_columns,
        ));
    }
    Action {
        id: raw.id.clone(),
        number: raw.number.as_ref().map(|n| n.0.clone()),
        priority_id: priority_id.to_string(),
        text: raw.action.clone(),
        deadlines: raw
            .deadlines
            .iter()
            .enumerate()
            .filter_map(|(i, d)| deadline(d, file, (nth, i), diagnostics))
            .collect(),
        cells,
    }
}

/// A deadline gives `due:` (a form planpress reads) or `when:` (words),
/// exactly one of them.
fn deadline(
    raw: &RawDeadline,
    file: &SourceFile,
    (action, nth): (usize, usize),
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Deadline> {
    let due = match (&raw.due, &raw.when) {
        (Some(due), None) => When::Due(due.0),
        (None, Some(words)) if !words.trim().is_empty() => When::Words(words.clone()),
        (due, _) => {
            let problem = if due.is_some() {
                "gives both `due:` and `when:`"
            } else {
                "has no `due:`"
            };
            diagnostics.push(
                Diagnostic::error(
                    Code::MissingField,
                    format!("the {} deadline of this action {problem}", ordinal(nth + 1)),
                )
                .at(file, file.key_head(&format!("[{action}].deadlines")))
                .expected("`due:` with a date or deadline form (31/07/2026, July 2026, 2026/27, Summer 2026, ongoing), or `when:` with the deadline in words")
                .hint("use `when:` for a deadline planpress cannot read as a date, such as `when: by the end of the consultation`"),
            );
            return None;
        }
    };
    Some(Deadline {
        label: raw.label.clone(),
        due,
    })
}

fn cell_is_empty(cell: &RawCell) -> bool {
    matches!(cell, RawCell::Items(items) if items.is_empty())
}

fn model_cell(cell: &RawCell) -> Cell {
    match cell {
        RawCell::Items(items) => Cell::Items(items.clone()),
        RawCell::SameAs(s) => Cell::SameAs(s.same_as.clone()),
    }
}

/// A cell for a column the plan's table does not have: shown nowhere, so
/// an error rather than dropped. `path` is where the row fills it.
fn not_a_column(
    file: &SourceFile,
    (action, path): (&str, &str),
    key: &str,
    list_columns: &[&Column],
) -> Diagnostic {
    let keys: Vec<String> = list_columns.iter().map(|c| c.key.clone()).collect();
    let at = file.key(path);
    let mut d = Diagnostic::error(
        Code::UnknownField,
        format!(
            "action `{action}` fills the column `{key}`, which this plan's table does not have"
        ),
    )
    .at(file, at);
    d = if keys.is_empty() {
        d.expected("no list columns: plan.yaml's `columns` has only the action and deadlines")
    } else {
        d.expected(format!("one of {}", ticked(&keys)))
    };
    match did_you_mean(key, &keys) {
        Some(best) => d.hint(format!("did you mean `{best}`?")),
        None => d.hint(format!(
            "add `- {{ key: {key}, heading: ... }}` to `columns` in plan.yaml; the plan's own columns go under `cells:`"
        )),
    }
}

pub(super) fn check_unique_priority_numbers(
    priorities: &[LoadedPriority],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut first: HashMap<&str, &LoadedPriority> = HashMap::new();
    for p in priorities {
        let Some(n) = p.meta.meta.number.as_ref().map(|n| n.0.as_str()) else {
            continue;
        };
        match first.get(n) {
            Some(earlier) => diagnostics.push(
                Diagnostic::error(Code::DuplicateId, format!("two priorities are number {n}"))
                    .at(&p.meta.file, p.meta.file.entry("number"))
                    .related(
                        &earlier.meta.file,
                        earlier.meta.file.entry("number"),
                        "also number here",
                    )
                    .expected("a different number for each priority"),
            ),
            None => {
                first.insert(n, p);
            }
        }
    }
}

/// Action ids are unique across the whole version, not just one priority, so
/// an action can move between priorities and still be matched by its id.
pub(super) fn check_unique_action_ids(
    priorities: &[LoadedPriority],
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Each id's first row: its file and its place in the file's list.
    let mut first: HashMap<&str, (&SourceFile, usize)> = HashMap::new();
    for p in priorities {
        let Some(actions) = &p.actions else { continue };
        let file = &actions.file;
        for (nth, a) in actions.value.iter().enumerate() {
            match first.get(a.id.as_str()) {
                Some(&(earlier, at)) => {
                    diagnostics.push(
                        Diagnostic::error(Code::DuplicateId, format!("action id `{}` is used twice", a.id))
                            .at(file, file.entry(&format!("[{nth}].id")))
                            .related(earlier, earlier.entry(&format!("[{at}].id")), "first used here")
                            .expected("a different id for every action in the plan")
                            .hint("ids are how versions are compared and how actions are linked; give this action its own"),
                    );
                }
                None => {
                    first.insert(&a.id, (file, nth));
                }
            }
        }
    }
}
