//! The data rows of the tables the plan reader meets: action rows, KPI
//! rows, and the rows of any other table, kept as a Markdown table where
//! they stand.

use super::document::{cell_text, Block, Cell, Loc};
use super::kpis::kpi_row;
use super::plan::{Place, Walker};
use super::tables::{action_row, cell_markdown, slug_words, Col};

impl Walker<'_> {
    pub(crate) fn data_row(
        &mut self,
        row: Vec<Cell>,
        at: Loc,
        caption: bool,
        plain: &mut Vec<Vec<Cell>>,
    ) {
        let filled = row.iter().filter(|c| !c.is_empty()).count();
        if caption && plain.is_empty() && filled == 1 && !row[0].is_empty() {
            // A caption or heading written as a row of its own above a table.
            for block in row[0].clone() {
                if let Block::Paragraph { text, at } = block {
                    self.paragraph(text, at);
                }
            }
            return;
        }
        if let (Some(cols), Place::Priority(p)) = (self.table.clone(), self.place) {
            return self.action(p, &cols, row, at);
        }
        if let Some(headings) = self.kpi_header.clone() {
            let taken: Vec<String> = self.out.kpis.iter().map(|k| k.id.clone()).collect();
            match kpi_row(&headings, &row, &taken) {
                Some(kpi) => self.out.kpis.push(kpi),
                None => plain.push(row),
            }
            if !self.out.contents.contains(&super::plan::Part::Kpis) && !self.out.kpis.is_empty() {
                self.out.contents.push(super::plan::Part::Kpis);
            }
            return;
        }
        plain.push(row);
    }

    /// Keeps each column's heading as the plan writes it; a later table
    /// that heads the same column otherwise is reported.
    pub(super) fn headings(&mut self, cols: &[Col], headings: Vec<String>, at: Loc) {
        for (col, heading) in cols.iter().zip(headings) {
            match self.out.headings.iter().find(|(k, _)| k == col.key()) {
                None => self.out.headings.push((col.key().to_string(), heading)),
                Some((_, first)) if *first != heading => {
                    let why =
                        format!("a column heading shown as the first table heads it, `{first}`");
                    self.report.note(at, &heading, &why);
                }
                Some(_) => {}
            }
        }
    }

    fn action(&mut self, p: usize, cols: &[Col], row: Vec<Cell>, at: Loc) {
        for col in cols {
            if !self.out.columns.contains(col) {
                self.out.columns.push(col.clone());
            }
        }
        if row.len() > cols.len() && row[cols.len()..].iter().any(|c| !c.is_empty()) {
            let extra: Vec<String> = row[cols.len()..].iter().map(cell_markdown).collect();
            self.review(
                at,
                &extra.join("\n\n"),
                "cells beyond the columns of the table's header row",
            );
        }
        let mut action = action_row(cols, &row, at, self.report);
        let priority = &mut self.out.priorities[p];
        if action.action.trim().is_empty() {
            let Some(last) = priority.actions.last_mut() else {
                let text: Vec<String> = row.iter().map(cell_markdown).collect();
                return self.review(
                    at,
                    &text.join("\n\n"),
                    "an action row whose action cell is empty",
                );
            };
            self.report.note(
                at,
                &cell_text(&row[0]),
                "a row without action text, joined to the row above (a merged cell)",
            );
            merge(last, action);
            return;
        }
        action.id = unique_id(
            &action.action,
            &self
                .out
                .priorities
                .iter()
                .flat_map(|p| p.actions.iter().map(|a| a.id.clone()))
                .collect::<Vec<_>>(),
        );
        self.out.priorities[p].actions.push(action);
    }

    pub(super) fn flush_plain(&mut self, rows: &mut Vec<Vec<Cell>>, at: Loc) {
        if rows.is_empty() {
            return;
        }
        let table = markdown_table(rows);
        rows.clear();
        let why = "a table without a header row of an action or KPI table: kept as a table where it stands";
        self.report
            .note(at, table.lines().next().unwrap_or(""), why);
        match self.place {
            Place::Section(s) => self.out.sections[s].body.push(table),
            Place::Priority(p) => self.out.priorities[p].body.push(table),
            Place::Front | Place::Contents => {
                self.review(at, &table, "a table before the first heading")
            }
        }
    }
}

/// An id from the first words of a title, unique among `taken`.
pub(super) fn unique_id(title: &str, taken: &[String]) -> String {
    let base = slug_words(title, 6);
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

fn merge(into: &mut crate::load::raw::RawAction, from: crate::load::raw::RawAction) {
    use crate::load::raw::RawCell;
    fn join(a: &mut RawCell, b: RawCell) {
        if let (RawCell::Items(a), RawCell::Items(b)) = (a, b) {
            a.extend(b);
        }
    }
    join(&mut into.indicators, from.indicators);
    join(&mut into.metrics, from.metrics);
    join(&mut into.officers, from.officers);
    into.deadlines.extend(from.deadlines);
    for (key, cell) in from.cells {
        join(into.cells.entry(key).or_default(), cell);
    }
}

/// Rows as a Markdown table, the first row as its header; cells keep their
/// paragraphs (`<br>`) and lists (`<ul><li>`).
pub(super) fn markdown_table(rows: &[Vec<Cell>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(1);
    let mut lines = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let mut cells: Vec<String> = row.iter().map(cell_html).collect();
        cells.resize(width, String::new());
        lines.push(format!("| {} |", cells.join(" | ")));
        if i == 0 {
            lines.push(format!("|{}", " --- |".repeat(width)));
        }
    }
    lines.join("\n")
}

fn cell_html(cell: &Cell) -> String {
    let mut parts = Vec::new();
    for block in cell {
        match block {
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => parts.push(text.clone()),
            Block::List { items, .. } => parts.push(items_html(items)),
            Block::Table { .. } => {}
        }
    }
    parts.join("<br>").replace('|', "\\|")
}

fn items_html(items: &[super::document::Item]) -> String {
    let mut out = String::from("<ul>");
    for item in items {
        out.push_str("<li>");
        out.push_str(&item.text);
        if !item.children.is_empty() {
            out.push_str(&items_html(&item.children));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}
