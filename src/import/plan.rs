//! Recognises a plan's structure in the blocks of a document: its title and
//! strapline, narrative sections in order, priorities (numbered or not) with
//! their summaries, goals, key actions, indicators, leads and funding, action
//! tables by their header rows, and a KPI annex. What it cannot place goes
//! to the report and to the section "Imported text to review".

use crate::load::raw::{Label, RawAction, RawPriorityMeta};

use super::document::{all_bold, plain, Block, Cell, Item, Loc};
use super::mapping::Mapping;
use super::report::Report;
use super::tables::{cell_markdown, list_markdown, recognise, slug_words, Col, Header};
use super::words::{field_heading, headline, leads, priority_heading};

/// A narrative section: its id, title and Markdown body.
#[derive(Debug, Default)]
pub(crate) struct Section {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) body: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct Priority {
    pub(crate) id: String,
    pub(crate) meta: RawPriorityMeta,
    pub(crate) body: Vec<String>,
    pub(crate) actions: Vec<RawAction>,
    level: u8,
}

/// The parts of the contents, in the order the document gives them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Part {
    Section(usize),
    Priorities,
    Kpis,
}

#[derive(Debug, Default)]
pub(crate) struct Imported {
    pub(crate) title: Option<String>,
    pub(crate) strapline: Option<String>,
    /// Where the title and the strapline were read, if they were.
    pub(crate) title_at: Option<Loc>,
    pub(crate) strapline_at: Option<Loc>,
    pub(crate) sections: Vec<Section>,
    pub(crate) priorities: Vec<Priority>,
    pub(crate) columns: Vec<Col>,
    /// Each column's heading, as the first table that has it writes it.
    pub(crate) headings: Vec<(String, String)>,
    pub(crate) kpis: Vec<crate::load::raw::RawKpi>,
    pub(crate) contents: Vec<Part>,
    pub(crate) review: Vec<String>,
    /// The text of a section just before the priorities that introduces
    /// them (`Our priorities for 2026-2029`), and its title.
    pub(crate) priorities_intro: Option<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Field {
    Goals,
    KeyActions,
    KeyIndicators,
    Funding,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Place {
    Front,
    Contents,
    Section(usize),
    Priority(usize),
}

pub(super) struct Walker<'r> {
    mapping: &'r Mapping,
    pub(super) out: Imported,
    pub(super) place: Place,
    field: Option<Field>,
    /// The columns of the action table being read, if the last block was one.
    pub(super) table: Option<Vec<Col>>,
    /// The headings of the KPI table being read, if the last block was one.
    pub(super) kpi_header: Option<Vec<String>>,
    /// Every paragraph so far, to leave out running heads repeated on each page.
    seen: std::collections::HashSet<String>,
    pub(super) report: &'r mut Report,
}

/// Recognises the plan in `blocks`.
pub(crate) fn recognise_plan(
    blocks: Vec<Block>,
    mapping: &Mapping,
    report: &mut Report,
) -> Imported {
    let mut w = Walker {
        mapping,
        out: Imported::default(),
        place: Place::Front,
        field: None,
        table: None,
        kpi_header: None,
        seen: Default::default(),
        report,
    };
    for block in blocks {
        w.block(block);
    }
    w.out
}

impl Walker<'_> {
    fn block(&mut self, block: Block) {
        let was_table = matches!(block, Block::Table { .. });
        match block {
            Block::Heading { level, text, at } => self.heading(level, &text, at),
            Block::Paragraph { text, at } => self.paragraph(text, at),
            Block::List { items, at } => self.list(items, at),
            Block::Table { rows, at } => self.table(rows, at),
        }
        if !was_table {
            self.table = None;
            self.kpi_header = None;
        }
    }

    fn heading(&mut self, level: u8, text: &str, at: Loc) {
        let words = plain(text);
        if words.eq_ignore_ascii_case("contents") || words.eq_ignore_ascii_case("table of contents")
        {
            self.place = Place::Contents;
            self.report.dropped(
                at,
                &words,
                "the document's own contents list (the site makes its own)",
            );
            return;
        }
        // A document's first heading, before anything else (a Word file's
        // `Title` style, a pasted text's first `#`), is the plan's title.
        if self.place == Place::Front && self.out.title.is_none() && level == 1 {
            self.out.title = Some(words);
            self.out.title_at = Some(at);
            return;
        }
        if let Some((number, title)) = priority_heading(text) {
            return self.priority(number, title, level);
        }
        if self.mapping.is_priority(&words) {
            return self.priority(None, words, level);
        }
        if let Place::Priority(p) = self.place {
            if let Some(field) = field_heading(text) {
                self.field = Some(field);
                return;
            }
            if let Some(lead) = leads(text) {
                return self.add_lead(p, lead);
            }
            if level > self.out.priorities[p].level {
                self.field = None;
                let depth = (level - self.out.priorities[p].level + 1).min(6) as usize;
                self.out.priorities[p]
                    .body
                    .push(format!("{} {words}", "#".repeat(depth)));
                return;
            }
        }
        if let Place::Section(s) = self.place {
            if level > 2 {
                self.out.sections[s]
                    .body
                    .push(format!("{} {words}", "#".repeat(level.min(6) as usize)));
                return;
            }
        }
        self.section(words, at);
    }

    /// Whether a section or a priority has the id (`contents` names both).
    fn taken(&self, id: &str) -> bool {
        let words = [
            "imported-text-to-review",
            "priorities",
            "commitments",
            "kpis",
        ];
        words.contains(&id)
            || self.out.sections.iter().any(|s| s.id == id)
            || self.out.priorities.iter().any(|p| p.id == id)
    }

    fn section(&mut self, title: String, at: Loc) {
        if let Some(s) = self.out.sections.iter().position(|s| s.title == title) {
            // A running head set as a heading: the section goes on.
            self.report.dropped(
                at,
                &title,
                "a heading repeated word for word, as a running head; kept once",
            );
            self.place = Place::Section(s);
            self.field = None;
            return;
        }
        let base = match self.mapping.section_id(&title) {
            Some(id) => id.to_string(),
            None => slug_words(&title, 6),
        };
        let mut id = base.clone();
        let mut n = 2;
        while self.taken(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.out.sections.push(Section {
            id,
            title,
            body: Vec::new(),
        });
        self.out
            .contents
            .push(Part::Section(self.out.sections.len() - 1));
        self.place = Place::Section(self.out.sections.len() - 1);
        self.field = None;
    }

    fn priority(&mut self, number: Option<String>, title: String, level: u8) {
        self.field = None;
        let found = self
            .out
            .priorities
            .iter()
            .position(|p| match (&p.meta.number, &number) {
                (Some(Label(a)), Some(b)) => a == b,
                _ => p.meta.title.eq_ignore_ascii_case(&title),
            });
        if let Some(p) = found {
            let meta = &mut self.out.priorities[p].meta;
            if !meta.title.eq_ignore_ascii_case(&title)
                && meta.short_title.is_none()
                && title.len() < meta.title.len()
            {
                meta.short_title = Some(title);
            } else if !meta.title.eq_ignore_ascii_case(&title) {
                self.out.priorities[p].body.push(format!("**{title}**"));
            }
            self.place = Place::Priority(p);
            return;
        }
        let (title, summary) = split_title(&title);
        if !self.out.contents.contains(&Part::Priorities) {
            self.out.contents.push(Part::Priorities);
        }
        let base = slug_words(&title, 6);
        let mut id = base.clone();
        let mut n = 2;
        while self.taken(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let meta = RawPriorityMeta {
            number: number.map(Label),
            title,
            short_title: None,
            leads: Vec::new(),
            summary,
            goals: Vec::new(),
            key_actions: Vec::new(),
            key_indicators: Vec::new(),
            headline_indicator: None,
            funding: Vec::new(),
            supporting_documents: Vec::new(),
        };
        self.out.priorities.push(Priority {
            id,
            meta,
            body: Vec::new(),
            actions: Vec::new(),
            level,
        });
        self.place = Place::Priority(self.out.priorities.len() - 1);
    }

    fn add_lead(&mut self, p: usize, lead: String) {
        let meta = &mut self.out.priorities[p].meta;
        let same = |l: &String| {
            l.to_lowercase().replace(" for ", " of ")
                == lead.to_lowercase().replace(" for ", " of ")
        };
        if meta.leads.is_empty() {
            meta.leads.push(lead);
        } else if !meta.leads.iter().any(same) {
            self.out.priorities[p].body.push(format!("Led by {lead}"));
        }
    }

    pub(super) fn paragraph(&mut self, text: String, at: Loc) {
        let repeated = !self.seen.insert(plain(&text));
        if repeated && self.place != Place::Front {
            let why =
                "a paragraph repeated word for word, as a running head on each page; kept once";
            return self.report.dropped(at, &text, why);
        }
        if self.mapping.is_priority(&plain(&text)) {
            return self.priority(None, plain(&text), 2);
        }
        match self.place {
            Place::Front => self.front(text, at),
            Place::Contents => self
                .report
                .dropped(at, &text, "the document's own contents list"),
            Place::Section(s) => match priority_heading(&text) {
                Some((number, title)) if text.len() < 2000 => self.priority(number, title, 2),
                _ => self.out.sections[s].body.push(text),
            },
            Place::Priority(p) => self.priority_paragraph(p, text),
        }
    }

    fn front(&mut self, text: String, at: Loc) {
        let words = plain(&text);
        if self.out.title.is_none() {
            self.out.title = Some(words);
            self.out.title_at = Some(at);
        } else if self.out.strapline.is_none() && words.len() < 120 {
            self.out.strapline = Some(words);
            self.out.strapline_at = Some(at);
        } else {
            self.review(
                at,
                &text,
                "text before the first heading, after the title and strapline",
            );
        }
    }

    fn priority_paragraph(&mut self, p: usize, text: String) {
        if let Some((number, title)) = priority_heading(&text).filter(|_| text.len() < 2000) {
            let level = self.out.priorities[p].level;
            return self.priority(number, title, level);
        }
        if all_bold(&text) {
            if let Some(field) = field_heading(&text) {
                self.field = Some(field);
                return;
            }
        }
        if let Some(lead) = leads(&text) {
            return self.add_lead(p, lead);
        }
        let priority = &mut self.out.priorities[p];
        if let Some(line) = headline(&text) {
            if priority.meta.headline_indicator.is_none() {
                priority.meta.headline_indicator = Some(line);
                return;
            }
        }
        let fresh =
            self.field.is_none() && priority.actions.is_empty() && priority.meta.goals.is_empty();
        if fresh && priority.body.is_empty() && !all_bold(&text) {
            let summary = priority.meta.summary.get_or_insert_with(String::new);
            if !summary.is_empty() {
                summary.push_str("\n\n");
            }
            summary.push_str(&text);
        } else {
            priority.body.push(text);
        }
    }

    fn list(&mut self, items: Vec<Item>, at: Loc) {
        let mut lines = Vec::new();
        list_markdown(&items, 0, &mut lines);
        match (self.place, self.field) {
            (Place::Priority(p), Some(field)) => {
                let meta = &mut self.out.priorities[p].meta;
                let target = match field {
                    Field::Goals => &mut meta.goals,
                    Field::KeyActions => &mut meta.key_actions,
                    Field::KeyIndicators => &mut meta.key_indicators,
                    Field::Funding => &mut meta.funding,
                };
                flatten_into(&items, target);
            }
            (Place::Priority(p), None) => self.out.priorities[p].body.push(lines.join("\n")),
            (Place::Section(s), _) => self.out.sections[s].body.push(lines.join("\n")),
            (Place::Contents, _) => {
                self.report
                    .dropped(at, &lines.join(" "), "the document's own contents list")
            }
            (Place::Front, _) => {
                self.review(at, &lines.join("\n"), "a list before the first heading")
            }
        }
    }

    pub(super) fn review(&mut self, at: Loc, text: &str, why: &str) {
        self.report.for_review(at, text, why);
        self.out
            .review
            .push(format!("*From {at}: {why}.*\n\n{text}"));
    }

    fn table(&mut self, rows: Vec<Vec<Cell>>, at: Loc) {
        if self.place == Place::Contents {
            for row in &rows {
                let words: Vec<String> = row.iter().map(cell_markdown).collect();
                self.report
                    .dropped(at, &words.join(" "), "the document's own contents list");
            }
            return;
        }
        let mut plain_rows: Vec<Vec<Cell>> = Vec::new();
        // Rows above the block's header row (`index` 0, 1, ...) may be captions.
        let header_at = rows
            .iter()
            .position(|r| recognise(r, self.mapping).is_some());
        for (i, row) in rows.into_iter().enumerate() {
            let row_at = row_loc(&row).unwrap_or(at);
            let caption = header_at.map_or(i < 3 && self.table.is_none(), |h| i < h);
            if row.iter().all(|c| c.is_empty()) {
                continue;
            }
            match recognise(&row, self.mapping) {
                Some(Header::Actions(cols, headings))
                    if matches!(self.place, Place::Priority(_)) =>
                {
                    self.flush_plain(&mut plain_rows, at);
                    self.headings(&cols, headings, row_at);
                    self.kpi_header = None;
                    self.table = Some(cols);
                }
                Some(Header::Kpis(headings)) if self.table.is_none() => {
                    self.flush_plain(&mut plain_rows, at);
                    self.table = None;
                    self.kpi_header = Some(headings);
                }
                _ => self.data_row(row, row_at, caption, &mut plain_rows),
            }
        }
        self.flush_plain(&mut plain_rows, at);
    }
}

/// A long title that runs on into its text (`Attainment & Achievement We
/// will ensure ...`) is split where the text starts.
fn split_title(title: &str) -> (String, Option<String>) {
    if title.len() > 100 {
        for marker in [" We ", " We,", " Our "] {
            if let Some(i) = title.find(marker) {
                return (
                    title[..i].trim().to_string(),
                    Some(title[i..].trim().to_string()),
                );
            }
        }
    }
    (title.to_string(), None)
}

fn flatten_into(items: &[Item], target: &mut Vec<String>) {
    for item in items {
        target.push(item.text.clone());
        flatten_into(&item.children, target);
    }
}

fn row_loc(row: &[Cell]) -> Option<Loc> {
    row.iter().flat_map(|c| c.iter()).map(Block::at).next()
}
