//! Markdown tables, made like the action tables: a caption (from a
//! paragraph `Table: ...` just before the table), header cells with
//! `scope="col"`, alignment as classes (no inline styles, which a strict
//! Content-Security-Policy blocks), and each body cell led by its column's
//! heading as a label that narrow screens show (`table.md-table` in site.css).
//! Wide tables scroll inside their own box, so the page never scrolls
//! sideways (WCAG 1.4.10); the box is focusable so keyboards can scroll it,
//! and is named by the caption when there is one.

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

use super::escape;

/// Rewrites the table events of a document into the HTML described above.
/// `id_prefix` keeps caption ids unique when several documents share a page.
pub(super) fn tables<'a>(events: Vec<Event<'a>>, id_prefix: &str) -> Vec<Event<'a>> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::Table(_))))
    {
        return events;
    }
    let mut writer = TableWriter {
        out: Vec::with_capacity(events.len() + 16),
        id_prefix,
        count: 0,
        alignments: Vec::new(),
        labels: Vec::new(),
        in_head: false,
        column: 0,
    };
    for event in events {
        writer.event(event);
    }
    writer.out
}

/// One pass over a document's events.
struct TableWriter<'a, 'p> {
    out: Vec<Event<'a>>,
    id_prefix: &'p str,
    /// The tables seen so far, for their ids and names.
    count: usize,
    alignments: Vec<Alignment>,
    /// The heading of each column of the table, for its body cells' labels.
    labels: Vec<String>,
    in_head: bool,
    column: usize,
}

impl<'a> TableWriter<'a, '_> {
    fn event(&mut self, event: Event<'a>) {
        match event {
            Event::Start(Tag::Table(aligns)) => self.start_table(aligns),
            Event::End(TagEnd::Table) => self.push("</tbody></table></div>\n"),
            Event::Start(Tag::TableHead) => {
                self.in_head = true;
                self.column = 0;
                self.push("<thead><tr>");
            }
            Event::End(TagEnd::TableHead) => {
                self.in_head = false;
                self.push("</tr></thead><tbody>");
            }
            Event::Start(Tag::TableRow) => {
                self.column = 0;
                self.push("<tr>");
            }
            Event::End(TagEnd::TableRow) => self.push("</tr>"),
            Event::Start(Tag::TableCell) => self.start_cell(),
            Event::End(TagEnd::TableCell) => {
                self.column += 1;
                self.push(if self.in_head { "</th>" } else { "</td>" });
            }
            event => self.inline(event),
        }
    }

    fn push(&mut self, html: impl Into<String>) {
        self.out.push(Event::Html(CowStr::from(html.into())));
    }

    /// Opens the scrolling box and the table, with its caption if one
    /// comes just before it.
    fn start_table(&mut self, aligns: Vec<Alignment>) {
        self.count += 1;
        self.alignments = aligns;
        self.labels.clear();
        let caption = take_caption(&mut self.out);
        let id = self.caption_id();
        let name = match &caption {
            Some(_) => format!("aria-labelledby=\"{id}\""),
            None => format!("aria-label=\"Table {}\"", self.count),
        };
        self.push(format!(
            "<div class=\"table-wrap\" role=\"region\" {name} tabindex=\"0\"><table class=\"md-table\">"
        ));
        if let Some(caption) = caption {
            self.push(format!("<caption id=\"{id}\">"));
            self.out.extend(caption);
            self.push("</caption>");
        }
    }

    fn caption_id(&self) -> String {
        let n = self.count;
        if self.id_prefix.is_empty() {
            format!("table-{n}-caption")
        } else {
            escape(&format!("{}-table-{n}-caption", self.id_prefix))
        }
    }

    /// A header cell names its column; a body cell starts with that name
    /// as a label for narrow screens.
    fn start_cell(&mut self) {
        let class = match self.alignments.get(self.column) {
            Some(Alignment::Left) => " class=\"align-left\"",
            Some(Alignment::Center) => " class=\"align-center\"",
            Some(Alignment::Right) => " class=\"align-right\"",
            _ => "",
        };
        let open = if self.in_head {
            self.labels.push(String::new());
            format!("<th scope=\"col\"{class}>")
        } else {
            let label = self.labels.get(self.column).map_or("", String::as_str);
            format!("<td{class}><span class=\"cell-label\" aria-hidden=\"true\">{label}</span>")
        };
        self.push(open);
    }

    /// Any other event, kept; a header cell's text also makes its label.
    fn inline(&mut self, event: Event<'a>) {
        if let (true, Event::Text(t) | Event::Code(t), Some(label)) =
            (self.in_head, &event, self.labels.last_mut())
        {
            label.push_str(&escape(t));
        }
        self.out.push(event);
    }
}

/// Takes a `Table: caption` paragraph off the end of `out`, if it ends with
/// one, and returns the caption's inline events.
fn take_caption<'a>(out: &mut Vec<Event<'a>>) -> Option<Vec<Event<'a>>> {
    if !matches!(out.last(), Some(Event::End(TagEnd::Paragraph))) {
        return None;
    }
    let start = out
        .iter()
        .rposition(|e| matches!(e, Event::Start(Tag::Paragraph)))?;
    let Some(Event::Text(first)) = out.get(start + 1) else {
        return None;
    };
    let text = first.strip_prefix("Table:")?.trim_start().to_string();
    let mut inner: Vec<Event<'a>> = out.drain(start..).collect();
    inner.pop();
    inner.remove(0);
    if text.is_empty() {
        inner.remove(0);
    } else {
        inner[0] = Event::Text(CowStr::from(text));
    }
    Some(inner)
}
