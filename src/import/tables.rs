//! Action and KPI tables: which header row is which kind of table, which
//! column is which column of the content model (whatever the plan calls
//! it), and a row's cells as an action's fields. Deadlines are read with
//! [`Due::parse`]; what it does not read is kept as written and reported.

use std::collections::BTreeMap;

use crate::date::Due;
use crate::load::raw::{DueValue, ListItem, NestedItem, RawAction, RawCell, RawDeadline};

use super::document::{cell_text, collapse, Block, Cell, Item, Loc};
use super::mapping::Mapping;
use super::report::Report;

/// A column of an action table, as the content model names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Col {
    Action,
    Indicators,
    Metrics,
    Officers,
    Deadlines,
    /// A column of the plan's own: its key and its heading as written.
    Custom(String, String),
}

impl Col {
    pub(crate) fn key(&self) -> &str {
        match self {
            Col::Action => "action",
            Col::Indicators => "indicators",
            Col::Metrics => "metrics",
            Col::Officers => "officers",
            Col::Deadlines => "deadlines",
            Col::Custom(key, _) => key,
        }
    }
}

/// What a header row says its table is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Header {
    /// The columns and their headings as the table writes them.
    Actions(Vec<Col>, Vec<String>),
    Kpis(Vec<String>),
}

/// The column a mapping file's key names.
fn keyed(key: &str, heading: &str) -> Col {
    match key {
        "action" => Col::Action,
        "indicators" => Col::Indicators,
        "metrics" => Col::Metrics,
        "officers" => Col::Officers,
        "deadlines" => Col::Deadlines,
        other => Col::Custom(other.to_string(), heading.to_string()),
    }
}

fn builtin(heading: &str) -> Option<Col> {
    let h = heading.to_lowercase();
    let col = if h.contains("responsible") || h.contains("officer") || h == "lead" || h == "leads" {
        Col::Officers
    } else if h.contains("deadline")
        || h.contains("date")
        || h.contains("completion")
        || h.contains("timescale")
        || h == "by when"
    {
        Col::Deadlines
    } else if h.contains("metric") {
        Col::Metrics
    } else if h.contains("indicators of success")
        || h.contains("success criteria")
        || h.contains("outcome")
    {
        Col::Indicators
    } else if h.starts_with("action") || h == "key strategic area" || h == "what we will do" {
        Col::Action
    } else {
        return None;
    };
    Some(col)
}

/// Recognises a header row: an action table has at least three columns of
/// which two are the content model's; a KPI table has an `Indicator` column.
pub(crate) fn recognise(row: &[Cell], mapping: &Mapping) -> Option<Header> {
    let headings: Vec<String> = row
        .iter()
        .map(|c| collapse(&cell_text(c).replace("**", "")))
        .collect();
    if headings.iter().any(|h| h.len() > 60 || h.is_empty()) {
        return None;
    }
    let known: Vec<Option<Col>> = headings
        .iter()
        .map(|h| {
            mapping
                .column(h)
                .map(|key| keyed(key, h))
                .or_else(|| builtin(h))
        })
        .collect();
    let count = known.iter().flatten().count();
    if headings.len() >= 3 && count >= 2 {
        let cols = columns(&headings, known);
        return Some(Header::Actions(cols, headings));
    }
    let kpi = headings.iter().any(|h| {
        matches!(
            h.to_lowercase().as_str(),
            "indicator" | "indicators" | "kpi" | "measure"
        )
    });
    (headings.len() >= 2 && kpi).then_some(Header::Kpis(headings))
}

fn columns(headings: &[String], known: Vec<Option<Col>>) -> Vec<Col> {
    let action_at = known
        .iter()
        .position(|c| *c == Some(Col::Action))
        .unwrap_or(0);
    let mut seen = Vec::new();
    let mut cols = Vec::new();
    for (i, (heading, col)) in headings.iter().zip(known).enumerate() {
        let col = match col {
            _ if i == action_at => Col::Action,
            Some(c) if c != Col::Action && !seen.contains(&c) => c,
            _ => Col::Custom(slug(heading), heading.clone()),
        };
        seen.push(col.clone());
        cols.push(col);
    }
    cols
}

/// An id from a title: lowercase ASCII words joined by hyphens, at most
/// `words` of them.
pub(crate) fn slug_words(text: &str, words: usize) -> String {
    let ascii = deunicode::deunicode(&text.replace("**", "")).to_lowercase();
    let parts: Vec<&str> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let id = parts.into_iter().take(words).collect::<Vec<_>>().join("-");
    if id.is_empty() {
        "untitled".to_string()
    } else {
        id
    }
}

pub(crate) fn slug(text: &str) -> String {
    slug_words(text, 8)
}

/// The cell as Markdown text: paragraphs apart, lists as Markdown lists.
pub(crate) fn cell_markdown(cell: &Cell) -> String {
    let mut parts = Vec::new();
    for block in cell {
        match block {
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => parts.push(text.clone()),
            Block::List { items, .. } => {
                let mut lines = Vec::new();
                list_markdown(items, 0, &mut lines);
                parts.push(lines.join("\n"));
            }
            Block::Table { .. } => {}
        }
    }
    parts.join("\n\n")
}

pub(crate) fn list_markdown(items: &[Item], depth: usize, lines: &mut Vec<String>) {
    for item in items {
        lines.push(format!("{}- {}", "  ".repeat(depth), item.text));
        list_markdown(&item.children, depth + 1, lines);
    }
}

/// The cell as list items: each paragraph and each entry one item.
pub(crate) fn cell_items(cell: &Cell) -> Vec<ListItem> {
    let mut items = Vec::new();
    for block in cell {
        match block {
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => {
                items.push(ListItem::Text(text.clone()))
            }
            Block::List { items: entries, .. } => items.extend(entries.iter().map(list_item)),
            Block::Table { .. } => {}
        }
    }
    items
}

/// Names one an entry, without the commas that separated them on the page.
fn entries(cell: &Cell) -> Vec<ListItem> {
    let trim = |t: &str| t.trim_end_matches([',', ';']).trim().to_string();
    cell_items(cell)
        .into_iter()
        .map(|item| match item {
            ListItem::Text(t) => ListItem::Text(trim(&t)),
            other => other,
        })
        .collect()
}

fn list_item(item: &Item) -> ListItem {
    if item.children.is_empty() {
        ListItem::Text(item.text.clone())
    } else {
        let items = item.children.iter().map(list_item).collect();
        ListItem::Nested(NestedItem {
            text: item.text.clone(),
            items,
        })
    }
}

/// One row of an action table as an action (its id is set later).
pub(crate) fn action_row(cols: &[Col], row: &[Cell], at: Loc, report: &mut Report) -> RawAction {
    let mut action = RawAction {
        id: String::new(),
        number: None,
        action: String::new(),
        indicators: RawCell::default(),
        metrics: RawCell::default(),
        officers: RawCell::default(),
        deadlines: Vec::new(),
        cells: BTreeMap::new(),
    };
    for (col, cell) in cols.iter().zip(row) {
        match col {
            Col::Action => action.action = cell_markdown(cell),
            Col::Indicators => action.indicators = RawCell::Items(cell_items(cell)),
            Col::Metrics => action.metrics = RawCell::Items(cell_items(cell)),
            Col::Officers => action.officers = RawCell::Items(entries(cell)),
            Col::Deadlines => action.deadlines = deadlines(cell, at, report),
            Col::Custom(key, _) => {
                let items = cell_items(cell);
                if !items.is_empty() {
                    action.cells.insert(key.clone(), RawCell::Items(items));
                }
            }
        }
    }
    action
}

/// A deadlines cell: each paragraph or entry may name several deadlines
/// (`Introduced by 31/08/2026 Reviewed by 31/08/2028`).
pub(crate) fn deadlines(cell: &Cell, at: Loc, report: &mut Report) -> Vec<RawDeadline> {
    let mut out = Vec::new();
    for item in cell_items(cell) {
        let text = match &item {
            ListItem::Text(t) => t.clone(),
            ListItem::Nested(n) => n.text.clone(),
        };
        out.extend(split_deadlines(&text.replace("**", ""), at, report));
    }
    out
}

fn trim_word(word: &str) -> &str {
    word.trim_matches(|c: char| matches!(c, ';' | ',' | '.' | '(' | ')' | ':'))
}

/// Finds the deadline in the words at `i`: its length in words and the deadline.
fn due_at(words: &[&str], i: usize) -> Option<(usize, Result<Due, ()>)> {
    let word = trim_word(words[i]);
    if let Some(next) = words.get(i + 1) {
        if word.chars().all(char::is_alphabetic) && !word.is_empty() {
            if let Ok(due) = Due::parse(&format!("{word} {}", trim_word(next))) {
                return Some((2, Ok(due)));
            }
        }
    }
    let last = i + 1 == words.len();
    let digits = word.chars().any(|c| c.is_ascii_digit());
    match Due::parse(word) {
        Ok(due @ Due::Recurring(_)) if last => Some((1, Ok(due))),
        Ok(Due::Recurring(_)) => None,
        Ok(due @ Due::Year(_)) => {
            let after_by =
                i > 0 && matches!(words[i - 1].to_lowercase().as_str(), "by" | "in" | "from");
            (last || after_by || words[i] != word).then_some((1, Ok(due)))
        }
        Ok(due) => Some((1, Ok(due))),
        Err(_) if digits && word.contains('/') => Some((1, Err(()))),
        Err(_) => None,
    }
}

fn split_deadlines(text: &str, at: Loc, report: &mut Report) -> Vec<RawDeadline> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < words.len() {
        let Some((len, due)) = due_at(&words, i) else {
            i += 1;
            continue;
        };
        let mut label_words = &words[start..i];
        if let Some((last, rest)) = label_words.split_last() {
            if last.eq_ignore_ascii_case("by") {
                label_words = rest;
            }
        }
        let label = Some(label_words.join(" ")).filter(|l| !l.is_empty());
        let deadline = match due {
            Ok(due) => RawDeadline {
                label,
                due: Some(DueValue(due)),
                when: None,
            },
            Err(()) => {
                let whole = words[start..i + len].join(" ");
                let why = "a deadline that is not a date in a form planpress reads";
                report.note(at, &whole, why);
                let written = words[i..i + len].join(" ");
                RawDeadline {
                    label,
                    due: None,
                    when: Some(written),
                }
            }
        };
        out.push(deadline);
        i += len;
        start = i;
    }
    let rest = words[start..].join(" ");
    let rest = rest.trim_matches(|c: char| c == ';' || c == ',' || c.is_whitespace());
    if !rest.is_empty() {
        out.push(RawDeadline {
            label: None,
            due: None,
            when: Some(rest.to_string()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<RawDeadline> {
        split_deadlines(text, Loc::Line(1), &mut Report::default())
    }

    #[test]
    fn deadlines_in_words() {
        let d = read("Accurate projections by 31/07/2025 Increase in places by 31/07/2028");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].label.as_deref(), Some("Accurate projections"));
        let d = read("Steering groups established by 31/03/026");
        assert_eq!(d[0].label.as_deref(), Some("Steering groups established"));
        assert_eq!(d[0].when.as_deref(), Some("31/03/026"));
        let d = read("Initial launch 2025; ongoing");
        assert_eq!(d.len(), 2);
        assert!(read("Summer 2026")[0].due.is_some());
        assert!(read("2026/27")[0].due.is_some());
    }
}
