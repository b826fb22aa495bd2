//! The intermediate model every reader produces: a document as a list of
//! blocks (headings, paragraphs, lists, tables), each with where it came
//! from, so that the report can point at the source.

/// Where a block came from: a line of a text file or a paragraph of a Word
/// document (both counted from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Loc {
    Line(usize),
    Paragraph(usize),
}

impl std::fmt::Display for Loc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Loc::Line(n) => write!(f, "line {n}"),
            Loc::Paragraph(n) => write!(f, "paragraph {n}"),
        }
    }
}

/// One entry of a list, with the list nested under it.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Item {
    /// Markdown inline text.
    pub(crate) text: String,
    pub(crate) children: Vec<Item>,
}

/// A table cell: paragraphs and lists, in order.
pub(crate) type Cell = Vec<Block>;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// A heading, level 1 to 6, as Markdown inline text.
    Heading {
        level: u8,
        text: String,
        at: Loc,
    },
    /// A paragraph, as Markdown inline text (`**bold**`, `*italic*`, links).
    Paragraph {
        text: String,
        at: Loc,
    },
    List {
        items: Vec<Item>,
        at: Loc,
    },
    /// Rows of cells; the first row may be a header row (the plan reader decides).
    Table {
        rows: Vec<Vec<Cell>>,
        at: Loc,
    },
}

impl Block {
    pub(crate) fn at(&self) -> Loc {
        match self {
            Block::Heading { at, .. }
            | Block::Paragraph { at, .. }
            | Block::List { at, .. }
            | Block::Table { at, .. } => *at,
        }
    }
}

/// The text of a cell, its paragraphs and list entries one a line (for
/// headers, and for cells shown as text).
pub(crate) fn cell_text(cell: &Cell) -> String {
    let mut lines = Vec::new();
    for block in cell {
        match block {
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => lines.push(text.clone()),
            Block::List { items, .. } => flatten(items, &mut lines),
            Block::Table { .. } => {}
        }
    }
    lines.join("\n")
}

fn flatten(items: &[Item], lines: &mut Vec<String>) {
    for item in items {
        lines.push(item.text.clone());
        flatten(&item.children, lines);
    }
}

/// `**bold**` and surrounding spaces removed: the plain words of a heading.
pub(crate) fn plain(text: &str) -> String {
    let stripped = text.replace("**", "").replace("__", "");
    collapse(&stripped)
}

/// Every run of white space as one space, trimmed.
pub(crate) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A paragraph that is bold as a whole: `**Funding implications:**`.
pub(crate) fn all_bold(text: &str) -> bool {
    let t = text.trim();
    t.len() > 4 && t.starts_with("**") && t.ends_with("**") && !t[2..t.len() - 2].contains("**")
}
