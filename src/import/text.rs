//! The reader of text converted from Word or PDF, in the form of the seeds:
//! Markdown-like headings (`## Background`), paragraphs of one or more
//! lines, lists (`- `, `• `, `1. `), and tables as tab-separated lines whose
//! cells may hold HTML lists. Page numbers on a line of their own are page
//! furniture: they are dropped and reported.

use super::cell::{escape_lt, fix_bold, parse_cell, split_bullets};
use super::document::{collapse, Block, Item, Loc};
use super::report::Report;

/// Reads the whole text into blocks.
pub(crate) fn read_text(source: &str, report: &mut Report) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut para_at = 0;
    let mut rows: Vec<(usize, &str)> = Vec::new();
    let mut list: Vec<(usize, usize, String)> = Vec::new();
    let lines: Vec<&str> = source.lines().collect();
    for (index, line) in lines.iter().copied().enumerate() {
        let number = index + 1;
        let alone = index
            .checked_sub(1)
            .is_none_or(|i| lines[i].trim().is_empty())
            && lines.get(index + 1).is_none_or(|l| l.trim().is_empty());
        let kind = match numbered_heading(line) {
            Some(level) if alone => Kind::Heading(level, line.trim()),
            _ => kind_of(line),
        };
        if !matches!(kind, Kind::Text) || line.trim().is_empty() {
            end_para(&mut para, para_at, &mut blocks);
        }
        if !matches!(kind, Kind::Row) {
            end_table(&mut rows, &mut blocks);
        }
        if !matches!(kind, Kind::Item) && !line.trim().is_empty() {
            end_list(&mut list, &mut blocks);
        }
        match kind {
            Kind::Blank => {}
            Kind::PageNumber => report.dropped(Loc::Line(number), line.trim(), "a page number"),
            Kind::Heading(level, text) => {
                end_list(&mut list, &mut blocks);
                let text = fix_bold(&collapse(text));
                if !text.replace('*', "").trim().is_empty() {
                    blocks.push(Block::Heading {
                        level,
                        text,
                        at: Loc::Line(number),
                    });
                }
            }
            Kind::Row => rows.push((number, line)),
            Kind::Item => {
                let indent = line.len() - line.trim_start().len();
                list.push((number, indent, item_text(line)));
            }
            Kind::Text => {
                if para.is_empty() {
                    para_at = number;
                }
                para.push(line);
            }
        }
    }
    end_para(&mut para, para_at, &mut blocks);
    end_table(&mut rows, &mut blocks);
    end_list(&mut list, &mut blocks);
    blocks
}

enum Kind<'a> {
    Blank,
    PageNumber,
    Heading(u8, &'a str),
    Row,
    Item,
    Text,
}

fn kind_of(line: &str) -> Kind<'_> {
    let trimmed = line.trim();
    if line.contains('\t') {
        return Kind::Row;
    }
    if trimmed.is_empty() {
        return Kind::Blank;
    }
    if trimmed.len() <= 4 && trimmed.chars().all(|c| c.is_ascii_digit()) {
        return Kind::PageNumber;
    }
    let hashes = trimmed.chars().take_while(|c| *c == '#').count();
    if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
        return Kind::Heading(hashes as u8, trimmed[hashes..].trim());
    }
    if is_item(trimmed) {
        return Kind::Item;
    }
    Kind::Text
}

/// A line of its own such as `1. Introduction`, `1.1 Levels of support` or
/// `Appendix A: Critical Success Indicators`: a heading without `#`, as
/// converted text writes a numbered heading. Its level: `2` for `1.` and
/// appendices, `3` for `1.1`.
pub(crate) fn numbered_heading(line: &str) -> Option<u8> {
    let t = line.trim();
    if t.len() > 80 || t.ends_with(['.', ';', ',']) || line.contains('\t') {
        return None;
    }
    let lower = t.to_lowercase();
    if ["appendix ", "annex "].iter().any(|p| lower.starts_with(p)) {
        return Some(2);
    }
    let (number, title) = t.split_once(' ')?;
    let parts: Vec<&str> = number.trim_end_matches('.').split('.').collect();
    let numeric = parts
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()));
    let upper = title.trim_start().starts_with(|c: char| c.is_uppercase());
    (numeric && upper && parts.len() <= 3).then(|| parts.len() as u8 + 1)
}

fn is_item(trimmed: &str) -> bool {
    if trimmed.starts_with("- ")
        || trimmed.starts_with("* ")
        || trimmed.starts_with(['•', '●', '▪', '○', '◦'])
    {
        return true;
    }
    let digits = trimmed.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0
        && digits < 3
        && (trimmed[digits..].starts_with(". ") || trimmed[digits..].starts_with(") "))
}

fn item_text(line: &str) -> String {
    let t = line.trim();
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    let t = if digits > 0 {
        t[digits + 1..].trim()
    } else {
        t
    };
    split_bullets(t).join(" ")
}

fn end_para(para: &mut Vec<&str>, at: usize, blocks: &mut Vec<Block>) {
    if para.is_empty() {
        return;
    }
    // `<` in running text is text, not HTML (`fewer than <5%`).
    let text = fix_bold(&collapse(&escape_lt(&para.join(" "))));
    para.clear();
    // A paragraph that goes on after a page break continues the one before.
    if let Some(Block::Paragraph { text: last, .. }) = blocks.last_mut() {
        if text.starts_with(|c: char| c.is_lowercase()) && !last.ends_with(['.', ':', '!', '?']) {
            last.push(' ');
            last.push_str(&text);
            return;
        }
    }
    blocks.push(Block::Paragraph {
        text,
        at: Loc::Line(at),
    });
}

fn end_table(rows: &mut Vec<(usize, &str)>, blocks: &mut Vec<Block>) {
    if rows.is_empty() {
        return;
    }
    let at = Loc::Line(rows[0].0);
    let cells = rows
        .drain(..)
        .map(|(n, line)| {
            line.split('\t')
                .map(|c| parse_cell(c, Loc::Line(n)))
                .collect()
        })
        .collect();
    blocks.push(Block::Table { rows: cells, at });
}

fn end_list(list: &mut Vec<(usize, usize, String)>, blocks: &mut Vec<Block>) {
    if list.is_empty() {
        return;
    }
    let at = Loc::Line(list[0].0);
    let base = list[0].1;
    let mut items: Vec<Item> = Vec::new();
    for (_, indent, text) in list.drain(..) {
        let item = Item {
            text,
            children: vec![],
        };
        match items.last_mut() {
            Some(parent) if indent > base + 1 => parent.children.push(item),
            _ => items.push(item),
        }
    }
    // A list that goes on after a page break continues the one before.
    if let Some(Block::List { items: last, .. }) = blocks.last_mut() {
        last.extend(items);
        return;
    }
    blocks.push(Block::List { items, at });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_headings_lists_tables_and_drops_page_numbers() {
        let mut report = Report::default();
        let blocks = read_text(
            "# Title\n\nOne line\nand more.\n\n12\n\n- a\n- b\n\nA\tB\nc\td\n",
            &mut report,
        );
        assert_eq!(blocks.len(), 4, "{blocks:?}");
        assert!(
            matches!(&blocks[1], Block::Paragraph { text, .. } if text == "One line and more.")
        );
        assert!(matches!(&blocks[3], Block::Table { rows, .. } if rows.len() == 2));
        assert_eq!(report.entries().len(), 1);
    }
}
