//! The Word reader: a .docx is a zip archive of XML parts. It reads
//! `word/document.xml` with quick-xml into the same blocks as the text
//! reader: headings (the `Heading1`..`Heading6` and `Title` styles),
//! paragraphs with bold, italic and links (`word/_rels/document.xml.rels`
//! gives the links' addresses), lists (paragraphs with numbering, nested by
//! their level), and tables, whose cells hold paragraphs and lists; a cell
//! spanning several columns (`gridSpan`) is followed by empty cells so the
//! columns stay in line, and a cell continuing a vertical merge (`vMerge`)
//! is empty.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::cell::{escape_lt, fix_bold, split_bullets, starts_with_bullet};
use super::document::{collapse, Block, Cell, Item, Loc};
use super::report::Report;

/// The largest XML part the reader unpacks: far beyond any plan.
const MAX_PART: u64 = 200 * 1024 * 1024;

pub(crate) fn read_docx(bytes: &[u8], _report: &mut Report) -> Result<Vec<Block>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable Word document (a corrupt zip archive: {e})"))?;
    let document = part(&mut zip, "word/document.xml")?
        .ok_or("not a Word document: the zip archive has no word/document.xml")?;
    let rels = part(&mut zip, "word/_rels/document.xml.rels")?.unwrap_or_default();
    let links = relationships(&rels)?;
    Body::new(links).read(&document)
}

fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, String> {
    let mut file = match zip.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("cannot read {name} in the Word document: {e}")),
    };
    if file.size() > MAX_PART {
        return Err(format!(
            "{name} in the Word document is larger than 200 MB unpacked"
        ));
    }
    let mut text = String::new();
    file.by_ref()
        .take(MAX_PART)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read {name} in the Word document: {e}"))?;
    Ok(Some(text))
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let value = e.try_get_attribute(name).ok()??;
    value
        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

/// The relationship ids of the document's hyperlinks and their addresses.
fn relationships(xml: &str) -> Result<HashMap<String, String>, String> {
    let mut links = HashMap::new();
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    links.insert(id, target);
                }
            }
            Ok(Event::Eof) => return Ok(links),
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "word/_rels/document.xml.rels is not well-formed XML: {e}"
                ))
            }
        }
    }
}

/// A paragraph as read: its kind and its Markdown inline text.
#[derive(Default)]
struct Para {
    heading: Option<u8>,
    list_level: Option<usize>,
    text: String,
}

/// One open table: its rows, the row and the cell being read.
#[derive(Default)]
struct Table {
    rows: Vec<Vec<Cell>>,
    row: Vec<Cell>,
    cell: Cell,
    span: usize,
    continues_merge: bool,
    at: usize,
}

struct Body {
    links: HashMap<String, String>,
    blocks: Vec<Block>,
    tables: Vec<Table>,
    para: Option<Para>,
    bold: bool,
    italic: bool,
    in_text: bool,
    link: Option<(String, String)>,
    count: usize,
}

impl Body {
    fn new(links: HashMap<String, String>) -> Body {
        Body {
            links,
            blocks: Vec::new(),
            tables: Vec::new(),
            para: None,
            bold: false,
            italic: false,
            in_text: false,
            link: None,
            count: 0,
        }
    }

    fn read(mut self, xml: &str) -> Result<Vec<Block>, String> {
        let mut reader = Reader::from_str(xml);
        loop {
            let event = reader.read_event().map_err(|e| {
                format!(
                    "word/document.xml is not well-formed XML (at byte {}): {e}",
                    reader.buffer_position()
                )
            })?;
            match event {
                Event::Start(e) => self.start(&e, false),
                Event::Empty(e) => self.start(&e, true),
                Event::End(e) => self.end(e.local_name().as_ref()),
                Event::Text(t) if self.in_text => self.push(&t.xml10_content()),
                Event::GeneralRef(r) if self.in_text => {
                    let name = r.into_inner();
                    let c = match name.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => other
                            .strip_prefix("#x")
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .or_else(|| other.strip_prefix('#').and_then(|d| d.parse().ok()))
                            .and_then(char::from_u32)
                            .unwrap_or(' '),
                    };
                    self.push(&c.to_string());
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(self.blocks)
    }

    fn push(&mut self, text: &str) {
        let marked = match (self.bold, self.italic) {
            (true, true) => format!("***{text}***"),
            (true, false) => format!("**{text}**"),
            (false, true) => format!("*{text}*"),
            (false, false) => text.to_string(),
        };
        match (&mut self.link, &mut self.para) {
            (Some((_, words)), _) => words.push_str(text),
            (None, Some(para)) => para.text.push_str(&marked),
            (None, None) => {}
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let val = || attr(e, "w:val");
        let on = || !matches!(val().as_deref(), Some("0" | "false" | "none"));
        match e.local_name().as_ref() {
            "p" if !empty => {
                self.count += 1;
                self.para = Some(Para::default());
            }
            "pStyle" => {
                if let (Some(para), Some(style)) = (self.para.as_mut(), val()) {
                    let lower = style.to_ascii_lowercase();
                    para.heading = match lower.strip_prefix("heading") {
                        Some(n) => n.trim().parse().ok().filter(|n| (1..=6).contains(n)),
                        None if lower == "title" => Some(1),
                        None => None,
                    };
                    if lower.contains("list") && para.list_level.is_none() {
                        para.list_level = Some(0);
                    }
                }
            }
            "ilvl" => {
                if let Some(para) = self.para.as_mut() {
                    para.list_level = Some(val().and_then(|v| v.parse().ok()).unwrap_or(0));
                }
            }
            "numId" => {
                if let Some(para) = self.para.as_mut() {
                    para.list_level.get_or_insert(0);
                }
            }
            "r" if !empty => {
                self.bold = false;
                self.italic = false;
            }
            "b" => self.bold = on(),
            "i" => self.italic = on(),
            "t" if !empty => self.in_text = true,
            "tab" | "br" | "cr" => self.push(" "),
            "hyperlink" if !empty => {
                let url = attr(e, "r:id")
                    .and_then(|id| self.links.get(&id).cloned())
                    .or_else(|| attr(e, "w:anchor").map(|a| format!("#{a}")));
                self.link = url.map(|u| (u, String::new()));
            }
            "tbl" if !empty => self.tables.push(Table {
                at: self.count + 1,
                ..Table::default()
            }),
            "tc" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.span = 1;
                    t.continues_merge = false;
                }
            }
            "gridSpan" => {
                if let Some(t) = self.tables.last_mut() {
                    t.span = val().and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 64);
                }
            }
            "vMerge" => {
                if let Some(t) = self.tables.last_mut() {
                    t.continues_merge = val().as_deref() != Some("restart");
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "t" => self.in_text = false,
            "hyperlink" => {
                if let (Some((url, words)), Some(para)) = (self.link.take(), self.para.as_mut()) {
                    para.text.push_str(&format!("[{}]({url})", words.trim()));
                }
            }
            "p" => {
                if let Some(para) = self.para.take() {
                    self.paragraph(para);
                }
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    let cell = std::mem::take(&mut t.cell);
                    t.row
                        .push(if t.continues_merge { Vec::new() } else { cell });
                    for _ in 1..t.span.max(1) {
                        t.row.push(Vec::new());
                    }
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            "tbl" => self.end_table(),
            _ => {}
        }
    }

    fn end_table(&mut self) {
        let Some(table) = self.tables.pop() else {
            return;
        };
        let at = Loc::Paragraph(table.at);
        match self.tables.last_mut() {
            // A table inside a cell: its cells' blocks join the outer cell.
            Some(outer) => outer
                .cell
                .extend(table.rows.into_iter().flatten().flatten()),
            None => self.blocks.push(Block::Table {
                rows: table.rows,
                at,
            }),
        }
    }

    fn paragraph(&mut self, para: Para) {
        let text = para.text.replace("****", "").replace("**  **", " ");
        let text = fix_bold(&collapse(&escape_lt(&text)));
        if text.is_empty() {
            return;
        }
        let at = Loc::Paragraph(self.count);
        let in_cell = !self.tables.is_empty();
        let block = match (para.heading, para.list_level) {
            (Some(level), _) => Block::Heading { level, text, at },
            (None, Some(level)) => {
                let target = match self.tables.last_mut() {
                    Some(t) => &mut t.cell,
                    None => &mut self.blocks,
                };
                return add_item(target, level, text, at);
            }
            // Bullets typed by hand (`• one • two`) make a list, as in text:
            // in a cell each bullet an entry, elsewhere the line one entry.
            (None, None)
                if starts_with_bullet(&text) || (in_cell && split_bullets(&text).len() > 1) =>
            {
                let entries = split_bullets(&text);
                let target = match self.tables.last_mut() {
                    Some(t) => &mut t.cell,
                    None => return add_item(&mut self.blocks, 0, entries.join(" "), at),
                };
                for entry in entries {
                    add_item(target, 0, entry, at);
                }
                return;
            }
            (None, None) => Block::Paragraph { text, at },
        };
        match self.tables.last_mut() {
            Some(t) => t.cell.push(block),
            None => self.blocks.push(block),
        }
    }
}

/// Adds a list entry at `level` to the list that ends `blocks`, or starts one.
fn add_item(blocks: &mut Vec<Block>, level: usize, text: String, at: Loc) {
    let item = Item {
        text,
        children: Vec::new(),
    };
    if let Some(Block::List { items, .. }) = blocks.last_mut() {
        let mut list = items;
        for _ in 0..level {
            if list.last().is_none() {
                break;
            }
            list = &mut list.last_mut().unwrap().children;
        }
        list.push(item);
        return;
    }
    blocks.push(Block::List {
        items: vec![item],
        at,
    });
}
