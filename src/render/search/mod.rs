//! What search finds: every priority, action, KPI, section, commitment,
//! plan overview and standalone page of the site, as plain text with the
//! address of the page (and row) that shows it. The search index is made
//! from these entries (every version), and so is the A to Z index on the
//! search page (current versions only, in [`az`]), so the two cannot
//! disagree on what an item is called or where it is.

pub mod az;

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::markdown::plain_text;
use crate::model::{Action, Content, Kpi, ListItem, PlanVersion, Priority, Section, When};
use crate::render::views::PlanUrls;

/// The search page's address below the site's base path.
pub const SEARCH_PATH: &str = "search/";
/// Where the search index is written, in the folder reserved for the site's
/// own files.
pub const INDEX_DIR: &str = "assets/search/";

/// What kind of item an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Plan,
    Section,
    Commitment,
    Priority,
    Action,
    Kpi,
    Page,
}

/// One thing search can find.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub kind: Kind,
    /// The kind as a reader sees it, in the plan's own words where it has
    /// them (`Strategic aim`).
    pub kind_label: String,
    /// The page, with the row's fragment for actions, KPIs and commitments.
    pub url: String,
    /// Its heading in results: a priority's label, an action's number and
    /// first words, a KPI's indicator, a section's title.
    pub title: String,
    /// Its name in the A to Z, without a number: a priority's title, an
    /// action's first words, otherwise the title.
    pub name: String,
    /// An action's or priority's number, as the plan gives it.
    pub number: Option<String>,
    /// Where it is: the priority and plan of an action, the plan of the rest.
    pub context: String,
    /// Whether it is in a plan's current version (or a standalone page).
    pub current: bool,
    /// The version's label, for entries of versions other than the current.
    pub version: Option<String>,
    /// Every word it shows, as plain text.
    pub text: String,
    /// An action's responsible officers and a priority's leads, each as written.
    pub officers: Vec<String>,
    /// The officers as a result shows them: `Responsible: ...`, `Led by ...`.
    pub people: Option<String>,
    /// An action's deadlines, as its table shows them.
    pub deadlines: Vec<String>,
}

/// The site's entries, made once by whichever of the A to Z and the search
/// index asks first: of every version when the site has a search index,
/// else of the current versions only (all the A to Z lists).
#[derive(Debug)]
pub struct SharedEntries {
    all_versions: bool,
    entries: OnceLock<Vec<Entry>>,
}

impl SharedEntries {
    pub fn new(all_versions: bool) -> Self {
        SharedEntries {
            all_versions,
            entries: OnceLock::new(),
        }
    }

    pub fn get(&self, content: &Content) -> &[Entry] {
        self.entries
            .get_or_init(|| entries(content, self.all_versions))
    }
}

/// The entries of the site: the current versions', then, with
/// `all_versions`, those of the other versions that the current one does not
/// have as they are (an item it lacks, or whose name or words differ: an
/// unchanged item would only repeat its current result). Standalone pages last.
fn entries(content: &Content, all_versions: bool) -> Vec<Entry> {
    let base = &content.config.base_path;
    let mut out = Vec::new();
    let plain = Plain::default();
    for plan in &content.plans {
        let urls = PlanUrls::new(base, plan);
        let at = Place {
            v: plan.latest(),
            urls: &urls,
            current: true,
            plain: &plain,
        };
        let first = out.len();
        version_entries(&at, &mut out);
        if !all_versions {
            continue;
        }
        // Fx, not SipHash, here and in `Plain`: the keys hold every text of
        // every version, which SipHash took a fifth of the entries' time to hash.
        let current: FxHashSet<(&str, &str, &str)> = out[first..]
            .iter()
            .map(|e| (&e.url[urls.root.len()..], e.title.as_str(), e.text.as_str()))
            .collect();
        let mut earlier = Vec::new();
        for (i, v) in plan.versions.iter().enumerate() {
            if i == plan.latest {
                continue;
            }
            let urls = PlanUrls::permanent(base, plan, &v.id);
            let mut all = Vec::new();
            let at = Place {
                v,
                urls: &urls,
                current: false,
                plain: &plain,
            };
            version_entries(&at, &mut all);
            all.retain(|e| {
                !current.contains(&(&e.url[urls.root.len()..], e.title.as_str(), e.text.as_str()))
            });
            earlier.extend(all);
        }
        out.extend(earlier);
    }
    for page in &content.pages {
        let url = format!("{base}{}/", page.id);
        let e = section_entry(&plain, page, Kind::Page, "Page", url, String::new());
        out.push(e);
    }
    out
}

/// A version and the addresses its entries link to.
struct Place<'a, 'p> {
    v: &'a PlanVersion,
    urls: &'p PlanUrls,
    current: bool,
    plain: &'p Plain<'a>,
}

/// The plain text of each distinct Markdown text seen: a plan's versions
/// mostly repeat each other's words, which need not be parsed again.
#[derive(Default)]
struct Plain<'a> {
    texts: std::cell::RefCell<FxHashMap<&'a str, String>>,
}

impl<'a> Plain<'a> {
    fn text(&self, markdown: &'a str) -> String {
        let mut texts = self.texts.borrow_mut();
        texts
            .entry(markdown)
            .or_insert_with(|| plain_text(markdown))
            .clone()
    }
}

impl Place<'_, '_> {
    /// An entry of this version: marked current or with its version's label.
    fn entry(&self, mut entry: Entry) -> Entry {
        entry.current = self.current;
        if !self.current {
            entry.version = Some(self.v.label.clone());
        }
        entry
    }
}

fn version_entries(at: &Place, out: &mut Vec<Entry>) {
    let (v, plain) = (at.v, at.plain);
    out.push(at.entry(plan_entry(plain, v, at.urls.home())));
    for s in &v.sections {
        let e = section_entry(
            plain,
            s,
            Kind::Section,
            "Section",
            at.urls.section(&s.id),
            v.title.clone(),
        );
        out.push(at.entry(e));
    }
    for c in &v.commitments {
        let url = format!("{}#{}", at.urls.commitments(), c.id);
        out.push(at.entry(section_entry(
            plain,
            c,
            Kind::Commitment,
            "Commitment",
            url,
            v.title.clone(),
        )));
    }
    for p in &v.priorities {
        let url = at.urls.priority(&p.id);
        out.push(at.entry(priority_entry(plain, v, p, url.clone())));
        let context = format!("{}, {}", v.priority_label(p), v.title);
        for a in &p.actions {
            let url = format!("{url}#action-{}", a.id);
            let e = action_entry(plain, a, &p.actions, url, context.clone());
            out.push(at.entry(e));
        }
    }
    for k in &v.kpis {
        let url = format!("{}#kpi-{}", at.urls.kpis(), k.id);
        out.push(at.entry(kpi_entry(v, k, url)));
    }
}

/// A blank entry of `kind`, to fill.
fn entry(kind: Kind, kind_label: &str, url: String, title: String, context: String) -> Entry {
    Entry {
        kind,
        kind_label: kind_label.to_string(),
        url,
        name: title.clone(),
        title,
        number: None,
        context,
        current: true,
        version: None,
        text: String::new(),
        officers: Vec::new(),
        people: None,
        deadlines: Vec::new(),
    }
}

/// Adds a line of text (plain already) to an entry's words, if not empty.
fn push_line(text: &mut String, line: &str) {
    let line = line.trim();
    if !line.is_empty() {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(line);
    }
}

/// Adds Markdown's words to an entry's.
fn push_markdown<'a>(plain: &Plain<'a>, text: &mut String, markdown: &'a str) {
    push_line(text, &plain.text(markdown));
}

fn plan_entry<'a>(plain: &Plain<'a>, v: &'a PlanVersion, url: String) -> Entry {
    let mut e = entry(Kind::Plan, "Plan", url, v.title.clone(), String::new());
    for line in [&v.strapline, &v.organisation, &v.owner]
        .into_iter()
        .flatten()
    {
        push_line(&mut e.text, line);
    }
    push_markdown(plain, &mut e.text, &v.summary);
    e
}

fn section_entry<'a>(
    plain: &Plain<'a>,
    s: &'a Section,
    kind: Kind,
    label: &str,
    url: String,
    context: String,
) -> Entry {
    let mut e = entry(kind, label, url, s.title.clone(), context);
    if let Some(summary) = &s.summary {
        push_line(&mut e.text, summary);
    }
    push_markdown(plain, &mut e.text, &s.body);
    e
}

fn priority_entry<'a>(plain: &Plain<'a>, v: &PlanVersion, p: &'a Priority, url: String) -> Entry {
    let mut e = entry(
        Kind::Priority,
        &v.terms.priority,
        url,
        v.priority_label(p),
        v.title.clone(),
    );
    e.number = p.number.clone();
    e.name = p.title.clone();
    e.officers = p.leads.clone();
    push_line(&mut e.text, &p.title);
    push_markdown(plain, &mut e.text, &p.summary);
    let lists = [&p.goals, &p.key_actions, &p.key_indicators, &p.funding];
    for item in lists.into_iter().flatten() {
        push_markdown(plain, &mut e.text, item);
    }
    if let Some(h) = &p.headline_indicator {
        push_markdown(plain, &mut e.text, h);
    }
    push_markdown(plain, &mut e.text, &p.body);
    if !p.leads.is_empty() {
        let people = format!("{} {}", v.terms.leads, p.leads.join("; "));
        push_line(&mut e.text, &people);
        e.people = Some(people);
    }
    e
}

fn action_entry<'a>(
    plain: &Plain<'a>,
    a: &'a Action,
    siblings: &'a [Action],
    url: String,
    context: String,
) -> Entry {
    let text = plain.text(&a.text);
    let name = first_words(&text);
    let title = match &a.number {
        Some(n) => format!("{n} {name}"),
        None => name.clone(),
    };
    let mut e = entry(Kind::Action, "Action", url, title, context);
    e.name = name;
    e.number = a.number.clone();
    e.text = text;
    for (key, _) in &a.cells {
        let mut words = Vec::new();
        item_texts(plain, a.items(key, siblings), &mut words);
        for w in &words {
            push_line(&mut e.text, w);
        }
        if key == "officers" && !words.is_empty() {
            e.people = Some(format!("Responsible: {}", words.join("; ")));
            e.officers = words;
        }
    }
    e.deadlines = a.deadlines.iter().map(deadline_text).collect();
    for d in &e.deadlines {
        push_line(&mut e.text, d);
    }
    e
}

fn kpi_entry(v: &PlanVersion, k: &Kpi, url: String) -> Entry {
    let mut e = entry(
        Kind::Kpi,
        &v.terms.indicator,
        url,
        k.indicator.clone(),
        v.title.clone(),
    );
    let unit = k.unit.as_deref();
    let measures = k.baseline.iter().chain(&k.actuals);
    let values = measures.map(|m| m.value.display(unit));
    let target = k.target.as_ref().map(|t| t.value.display(unit));
    let lines = [&k.service_area, &k.source, &k.notes].into_iter().flatten();
    for line in lines.cloned().chain(values).chain(target) {
        push_line(&mut e.text, &line);
    }
    e
}

/// The plain text of every item of a list cell, nested ones too, in order.
fn item_texts<'a>(plain: &Plain<'a>, items: &'a [ListItem], out: &mut Vec<String>) {
    for item in items {
        let text = plain.text(item.text());
        if !text.is_empty() {
            out.push(text);
        }
        item_texts(plain, item.children(), out);
    }
}

/// A deadline as a table shows it: `Accurate projections: 31 July 2026`.
fn deadline_text(d: &crate::model::Deadline) -> String {
    let when = match &d.due {
        When::Due(due) => due.to_string(),
        When::Words(words) => words.clone(),
    };
    match &d.label {
        Some(label) => format!("{label}: {when}"),
        None => when,
    }
}

/// The longest an action's name may be, in characters, before it is cut at
/// a word: the whole text is still searched and shown on its page.
const NAME_LENGTH: usize = 120;

/// An action's name: its first line, cut at a word after [`NAME_LENGTH`]
/// characters, with an ellipsis.
pub fn first_words(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    if line.chars().count() <= NAME_LENGTH {
        return line.to_string();
    }
    let cut: String = line.chars().take(NAME_LENGTH).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    let trimmed = at_word.trim_end_matches([',', ';', ':', '.', ' ', '–', '-']);
    format!("{trimmed}…")
}

#[cfg(test)]
mod tests {
    use super::first_words;

    #[test]
    fn a_long_first_line_is_cut_at_a_word() {
        assert_eq!(first_words("Short.\nMore."), "Short.");
        let long = "word ".repeat(40);
        let name = first_words(&long);
        assert!(name.ends_with("word…"), "{name}");
        assert!(name.chars().count() <= 121);
    }
}
