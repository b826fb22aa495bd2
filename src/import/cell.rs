//! One table cell of a converted text, as a communications team pastes it:
//! plain text, `<p>` paragraphs, `<ul><li>` lists (nested too), `<b>` and
//! `<i>`, and bullet characters (`•`, `●`, `▪`, `○`, `*`) before entries.

use super::document::{collapse, Block, Cell, Item, Loc};

/// The characters that start a list entry when they open a piece of text.
const BULLETS: &[char] = &['•', '●', '▪', '○', '◦', '■', '□', '➢', '\u{f0b7}', '·'];

/// Reads one cell's text into paragraphs and lists.
pub(crate) fn parse_cell(source: &str, at: Loc) -> Cell {
    let mut reader = CellReader {
        at: Some(at),
        ..CellReader::default()
    };
    let mut rest = source;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        reader.text(&rest[..open]);
        reader.tag(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    reader.text(rest);
    reader.finish()
}

#[derive(Default)]
struct CellReader {
    at: Option<Loc>,
    blocks: Cell,
    /// Text not yet placed: a paragraph, or the current entry's text.
    pending: String,
    /// The open lists, outermost first; each holds its entries so far.
    lists: Vec<Vec<Item>>,
}

impl CellReader {
    fn text(&mut self, text: &str) {
        let text = text.replace("&amp;", "&").replace("&nbsp;", " ");
        let text = text.replace("&quot;", "\"");
        self.pending.push_str(&text);
    }

    fn tag(&mut self, tag: &str) {
        let name = tag
            .trim_start_matches('/')
            .split_whitespace()
            .next()
            .unwrap_or("");
        let closing = tag.starts_with('/');
        match (name.to_ascii_lowercase().as_str(), closing) {
            ("b" | "strong", _) => self.pending.push_str("**"),
            ("i" | "em", _) => self.pending.push('*'),
            ("p" | "br" | "div", _) => self.flush(),
            ("ul" | "ol", false) => {
                self.flush();
                self.lists.push(Vec::new());
            }
            ("ul" | "ol", true) => {
                self.flush();
                self.close_list();
            }
            ("li", _) => self.flush(),
            // Harmless inline markup stays; anything else is text that
            // happens to hold `<`, kept as text.
            _ => self.pending.push_str(&escape_lt(&format!("<{tag}>"))),
        }
    }

    /// Places the pending text: as entries of the open list, or as paragraphs.
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.pending);
        let text = fix_bold(&collapse(&text));
        if text.is_empty() {
            return;
        }
        if let Some(list) = self.lists.last_mut() {
            list.extend(split_bullets(&text).into_iter().map(|t| Item {
                text: t,
                children: vec![],
            }));
        } else {
            let parts = split_bullets(&text);
            if parts.len() > 1 || starts_with_bullet(&text) {
                let items = parts
                    .into_iter()
                    .map(|t| Item {
                        text: t,
                        children: vec![],
                    })
                    .collect();
                self.push_list(items);
            } else {
                let at = self.at.unwrap_or(Loc::Line(0));
                self.blocks.push(Block::Paragraph { text, at });
            }
        }
    }

    fn close_list(&mut self) {
        let Some(items) = self.lists.pop() else {
            return;
        };
        if items.is_empty() {
            return;
        }
        match self.lists.last_mut() {
            Some(outer) => match outer.last_mut() {
                Some(parent) => parent.children.extend(items),
                None => outer.extend(items),
            },
            None => self.push_list(items),
        }
    }

    fn push_list(&mut self, items: Vec<Item>) {
        let at = self.at.unwrap_or(Loc::Line(0));
        if let Some(Block::List { items: last, .. }) = self.blocks.last_mut() {
            last.extend(items);
        } else {
            self.blocks.push(Block::List { items, at });
        }
    }

    fn finish(mut self) -> Cell {
        self.flush();
        while !self.lists.is_empty() {
            self.close_list();
        }
        self.blocks
    }
}

/// Inline HTML a pasted plan may hold that Markdown keeps as it is.
const INLINE: &[&str] = &[
    "sup", "sub", "b", "i", "strong", "em", "br", "u", "abbr", "span",
];

/// `<` as text (`&lt;`), except before an inline tag planpress keeps
/// (`<sup>1</sup>`): a `<` in running text is not HTML.
pub(crate) fn escape_lt(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('<').enumerate() {
        if i > 0 {
            let name: String = part
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            let closed = part.trim_start_matches('/')[name.len()..].starts_with(['>', ' ', '/']);
            if INLINE.contains(&name.to_ascii_lowercase().as_str()) && closed {
                out.push('<');
            } else {
                out.push_str("&lt;");
            }
        }
        out.push_str(part);
    }
    out
}

pub(crate) fn starts_with_bullet(text: &str) -> bool {
    text.starts_with(BULLETS) || text.starts_with("* ") || text.starts_with("- ")
}

/// Splits text at its bullet characters: `• one • two` is two entries.
/// A leading `*` or `-` and a space is a bullet too.
pub(crate) fn split_bullets(text: &str) -> Vec<String> {
    let text = text.trim();
    let text = text
        .strip_prefix("* ")
        .or_else(|| text.strip_prefix("- "))
        .unwrap_or(text);
    text.split(BULLETS)
        .map(|part| fix_bold(part.trim()))
        .filter(|part| !part.is_empty() && part != "**")
        .collect()
}

/// Moves the spaces inside bold markers outside them (`** text **` is not
/// bold in Markdown) and drops empty pairs.
pub(crate) fn fix_bold(text: &str) -> String {
    if !text.contains("**") {
        return text.to_string();
    }
    let parts: Vec<&str> = text.split("**").collect();
    if parts.len().is_multiple_of(2) {
        return text.replace("**", "");
    }
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
            continue;
        }
        let inner = part.trim();
        if inner.is_empty() {
            out.push_str(part);
            continue;
        }
        if part.starts_with(' ') && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push_str("**");
        out.push_str(inner);
        out.push_str("**");
        if part.ends_with(' ') {
            out.push(' ');
        }
    }
    collapse(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_lists_and_paragraphs() {
        let cell = parse_cell(
            "<ul> <li>• One</li> <li>● Two: <ul> <li>* a</li> <li>* b</li> </ul> </li> </ul>",
            Loc::Line(1),
        );
        let Block::List { items, .. } = &cell[0] else {
            panic!("{cell:?}")
        };
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].text, "Two:");
        assert_eq!(items[1].children.len(), 2);
        let cell = parse_cell("<p>A <b>bold </b>word</p> <p>B</p>", Loc::Line(1));
        assert_eq!(cell.len(), 2);
        assert_eq!(
            cell[0],
            Block::Paragraph {
                text: "A **bold** word".into(),
                at: Loc::Line(1)
            }
        );
    }

    #[test]
    fn a_less_than_sign_is_text() {
        assert_eq!(
            escape_lt("fewer than <5% <sup>1</sup>"),
            "fewer than &lt;5% <sup>1</sup>"
        );
        assert_eq!(escape_lt("<script>x</script>"), "&lt;script>x&lt;/script>");
    }

    #[test]
    fn bullets_without_tags() {
        assert_eq!(split_bullets("• one; • two"), vec!["one;", "two"]);
    }
}
