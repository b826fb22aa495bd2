//! A version's shape: its period, its own terms, its action table's
//! columns, and the order of its parts (`contents`).

use super::ticked;
use crate::diagnostics::{did_you_mean, ordinal};
use crate::diagnostics::{Code, Diagnostic, SourceFile};
use crate::load::raw::{RawColumn, RawPeriod, RawPlan};
use crate::model::{
    is_slug, slugify, Column, Part, Period, Priority, Section, Terms, BUILT_IN_COLUMNS,
};

pub(super) fn period(
    raw: &RawPeriod,
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Period {
    match raw {
        RawPeriod::Dates { start, end } => {
            if end.0 < start.0 {
                diagnostics.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        "the plan's period ends before it starts",
                    )
                    .at(file, file.entry("period.end"))
                    .expected("period.end on or after period.start"),
                );
            }
            Period::Dates {
                start: start.0,
                end: end.0,
            }
        }
        RawPeriod::Text(text) => Period::Text(text.clone()),
    }
}

pub(super) fn terms(raw: &RawPlan) -> Terms {
    let t = &raw.terms;
    let d = Terms::default();
    let pick = |own: &Option<String>, default: String| own.clone().unwrap_or(default);
    Terms {
        priority: pick(&t.priority, d.priority),
        priorities: pick(&t.priorities, d.priorities),
        action: pick(&t.action, d.action),
        actions: pick(&t.actions, d.actions),
        actions_by_deadline: pick(&t.actions_by_deadline, d.actions_by_deadline),
        action_plan: pick(&t.action_plan, d.action_plan),
        commitments: pick(&t.commitments, d.commitments),
        kpis: pick(&t.kpis, d.kpis),
        leads: pick(&t.leads, d.leads),
        indicator: pick(&t.indicator, d.indicator),
        baseline: pick(&t.baseline, d.baseline),
        target: pick(&t.target, d.target),
        actuals: pick(&t.actuals, d.actuals),
    }
}

/// The action table's columns: the plan's own list, or the five built-in
/// ones. The action column's default heading is the plan's term for an action.
pub(super) fn columns(
    raw: &RawPlan,
    terms: &Terms,
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Column> {
    let Some(own) = &raw.columns else {
        return BUILT_IN_COLUMNS
            .iter()
            .map(|(key, _)| Column {
                key: key.to_string(),
                heading: default_heading(key, terms).expect("built in"),
            })
            .collect();
    };
    let mut out: Vec<Column> = Vec::new();
    for (i, c) in own.iter().enumerate() {
        if let Some(column) = column(c, i, (&out, terms), file, diagnostics) {
            out.push(column);
        }
    }
    match out.iter().position(|c| c.key == "action") {
        None => diagnostics.push(no_action_column(file)),
        Some(0) => {}
        // The action heads each row, so screen readers name every cell by it.
        Some(_) => {
            let raw_at = own.iter().position(|c| c.key == "action").unwrap_or(0);
            diagnostics.push(action_not_first(file, raw_at));
        }
    }
    out
}

/// The heading a built-in column has when the plan gives none.
fn default_heading(key: &str, terms: &Terms) -> Option<String> {
    if key == "action" {
        return Some(terms.action.clone());
    }
    BUILT_IN_COLUMNS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, h)| h.to_string())
}

/// The `i`th column of `columns:`, checked against those before it.
fn column(
    c: &RawColumn,
    i: usize,
    (earlier, terms): (&[Column], &Terms),
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Column> {
    let at = file.entry(&format!("columns[{i}].key"));
    if !is_slug(&c.key) {
        diagnostics.push(
            Diagnostic::error(
                Code::InvalidValue,
                format!("column key `{}` is not a plain name", c.key),
            )
            .at(file, at.clone())
            .expected("lowercase letters, digits and hyphens")
            .hint(format!("use `key: {}`", slugify(&c.key))),
        );
    }
    if earlier.iter().any(|o| o.key == c.key) {
        diagnostics.push(
            Diagnostic::error(
                Code::DuplicateId,
                format!("column `{}` is listed twice", c.key),
            )
            .at(file, at)
            .expected("each column once"),
        );
        return None;
    }
    let Some(heading) = c.heading.clone().or_else(|| default_heading(&c.key, terms)) else {
        diagnostics.push(
            Diagnostic::error(
                Code::MissingField,
                format!("column `{}` needs a heading", c.key),
            )
            .at(file, at)
            .expected(format!(
                "a `heading:` for the {} column, as the plan's table heads it",
                ordinal(i + 1)
            ))
            .hint(format!(
                "only the built-in columns ({}) have a default heading",
                ticked(&built_in_keys())
            )),
        );
        return None;
    };
    Some(Column {
        key: c.key.clone(),
        heading,
    })
}

/// The action column, `nth` (from 0) of `columns:`, is not the first.
fn action_not_first(file: &SourceFile, nth: usize) -> Diagnostic {
    Diagnostic::error(Code::InvalidValue, "the `action` column must come first")
        .at(file, file.entry(&format!("columns[{nth}].key")))
        .expected("`- key: action` as the first of the columns")
        .hint("each row's text heads its row, so it is the first column; move `- key: action` to the top of `columns`")
}

fn no_action_column(file: &SourceFile) -> Diagnostic {
    Diagnostic::error(Code::MissingField, "the columns do not include `action`")
        .at(file, file.key_head("columns"))
        .expected("a column with `key: action`: the text of each row, which heads the row")
        .hint("add `- key: action` with the plan's heading for it, such as `heading: Key strategic area`")
}

fn built_in_keys() -> Vec<String> {
    BUILT_IN_COLUMNS
        .iter()
        .map(|(k, _)| k.to_string())
        .collect()
}

/// Orders priority numbers as people read them: `2` before `10`, `1.2`
/// before `1.10`, `A` before `B`; unnumbered priorities last.
pub(super) fn number_order(a: &Option<String>, b: &Option<String>) -> std::cmp::Ordering {
    fn parts(s: &str) -> Vec<(u64, String)> {
        s.split(['.', ' '])
            .map(|p| (p.parse().unwrap_or(u64::MAX), p.to_lowercase()))
            .collect()
    }
    match (a, b) {
        (Some(a), Some(b)) => parts(a).cmp(&parts(b)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// What a version has that `contents` can place.
struct Available<'a> {
    sections: &'a [Section],
    priorities: &'a [Priority],
    has_commitments: bool,
    has_kpis: bool,
}

/// One entry of `contents`, resolved.
enum Entry {
    Section(usize),
    Priority(usize),
    AllPriorities,
    Commitments,
    Kpis,
}

impl Available<'_> {
    /// Sections by weight, commitments, priorities by number, KPIs.
    fn default_order(&self) -> Vec<Part> {
        let mut parts: Vec<Part> = (0..self.sections.len()).map(Part::Section).collect();
        if self.has_commitments {
            parts.push(Part::Commitments);
        }
        parts.extend((0..self.priorities.len()).map(Part::Priority));
        if self.has_kpis {
            parts.push(Part::Kpis);
        }
        parts
    }

    fn resolve(&self, name: &str) -> Option<Entry> {
        match name {
            "priorities" => Some(Entry::AllPriorities),
            "commitments" if self.has_commitments => Some(Entry::Commitments),
            "kpis" if self.has_kpis => Some(Entry::Kpis),
            _ => self
                .sections
                .iter()
                .position(|s| s.id == name)
                .map(Entry::Section)
                .or_else(|| {
                    self.priorities
                        .iter()
                        .position(|p| p.id == name)
                        .map(Entry::Priority)
                }),
        }
    }

    /// Every name `contents` may use here.
    fn names(&self) -> Vec<String> {
        let mut known: Vec<String> = self.sections.iter().map(|s| s.id.clone()).collect();
        known.extend(self.priorities.iter().map(|p| p.id.clone()));
        known.push("priorities".into());
        if self.has_commitments {
            known.push("commitments".into());
        }
        if self.has_kpis {
            known.push("kpis".into());
        }
        known
    }
}

/// The plan's parts in published order, from `contents:` or by default.
/// Sections and priorities are put in that order too. Every section and
/// priority must have its place: nothing is left out in silence.
pub(super) fn contents(
    raw: &RawPlan,
    file: &SourceFile,
    (sections, priorities): (&mut Vec<Section>, &mut Vec<Priority>),
    (has_commitments, has_kpis): (bool, bool),
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Part> {
    let available = Available {
        sections,
        priorities,
        has_commitments,
        has_kpis,
    };
    let Some(listed) = &raw.contents else {
        return available.default_order();
    };
    let entries = listed_entries(listed, &available, file, diagnostics);
    let (mut parts, section_order, priority_order) = place(&entries, listed, &available);
    let at = file.key_head("contents");
    for (i, s) in sections.iter().enumerate() {
        if !section_order.contains(&i) {
            diagnostics.push(left_out(file, at.clone(), "section", &s.id, &s.source));
        }
    }
    for (i, p) in priorities.iter().enumerate() {
        if !priority_order.contains(&i) {
            diagnostics.push(left_out(file, at.clone(), "priority", &p.id, &p.source));
        }
    }
    // Commitments and the KPI annex are pages of their own: one `contents`
    // does not name keeps its default place, at the end.
    if has_commitments && !listed.iter().any(|n| n == "commitments") {
        parts.push(Part::Commitments);
    }
    if has_kpis && !listed.iter().any(|n| n == "kpis") {
        parts.push(Part::Kpis);
    }
    *sections = reorder(std::mem::take(sections), &section_order);
    *priorities = reorder(std::mem::take(priorities), &priority_order);
    parts
}

/// The entries of `contents` that name a part, each once; a problem for
/// each that does not.
fn listed_entries(
    listed: &[String],
    available: &Available,
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (i, name) in listed.iter().enumerate() {
        let at = file.value(&format!("contents[{i}]"));
        if seen.contains(&name.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("`{name}` is listed twice in `contents`"),
                )
                .at(file, at)
                .expected("each part of the plan once"),
            );
            continue;
        }
        seen.push(name);
        match available.resolve(name) {
            Some(e) => entries.push(e),
            None => diagnostics.push(unknown_part((file, at), name, &available.names())),
        }
    }
    entries
}

/// A `contents` entry, at `at`, that names no part of the version.
fn unknown_part(
    (file, at): (&SourceFile, std::ops::Range<usize>),
    name: &str,
    known: &[String],
) -> Diagnostic {
    let d = Diagnostic::error(
        Code::UnknownReference,
        format!("`contents` names `{name}`, which is not a part of this version"),
    )
    .at(file, at)
    .expected(format!(
        "a section or priority id, or `priorities`, `commitments` or `kpis`: one of {}",
        ticked(known)
    ));
    match did_you_mean(name, known) {
        Some(best) => d.hint(format!("did you mean `{best}`?")),
        None => d,
    }
}

/// The parts in the listed order, and the order that puts the sections and
/// the priorities in (indexes into their default order).
fn place(
    entries: &[Entry],
    listed: &[String],
    available: &Available,
) -> (Vec<Part>, Vec<usize>, Vec<usize>) {
    let named = |id: &String| listed.contains(id);
    let (mut sections, mut priorities, mut parts) = (Vec::new(), Vec::new(), Vec::new());
    for e in entries {
        match *e {
            Entry::Section(i) => {
                parts.push(Part::Section(sections.len()));
                sections.push(i);
            }
            Entry::Priority(i) => {
                parts.push(Part::Priority(priorities.len()));
                priorities.push(i);
            }
            Entry::AllPriorities => {
                for (i, p) in available.priorities.iter().enumerate() {
                    if !named(&p.id) {
                        parts.push(Part::Priority(priorities.len()));
                        priorities.push(i);
                    }
                }
            }
            Entry::Commitments => parts.push(Part::Commitments),
            Entry::Kpis => parts.push(Part::Kpis),
        }
    }
    (parts, sections, priorities)
}

fn left_out(
    file: &SourceFile,
    at: std::ops::Range<usize>,
    what: &str,
    id: &str,
    source: &SourceFile,
) -> Diagnostic {
    Diagnostic::error(
        Code::MissingField,
        format!("`contents` leaves out the {what} `{id}`"),
    )
    .at(file, at)
    .related(source, 0..0, format!("the {what} is here"))
    .expected(format!(
        "every {what} of the version, in the order the plan gives them"
    ))
    .hint(format!(
        "add `- {id}` where it belongs{}",
        if what == "priority" {
            ", or `- priorities` for all priorities in number order"
        } else {
            ""
        }
    ))
}

/// Items in the given order; any left out keep their place after them (the
/// version has an error then, so the order matters only for later messages).
fn reorder<T>(items: Vec<T>, order: &[usize]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    let mut out: Vec<T> = order.iter().filter_map(|&i| slots[i].take()).collect();
    out.extend(slots.into_iter().flatten());
    out
}
