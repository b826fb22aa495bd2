//! The content model: plain data, validated, with stable ids. No IO, no Tera.
//!
//! Ids are the stable keys that later stages (comparisons between versions,
//! open data, search) match on: a plan's id is its folder name, a version's
//! its folder name, a priority's its folder name, a section's its file name
//! (or `slug`), each made into a slug by [`slugify`], and actions and KPIs
//! carry an explicit `id`.

use std::collections::HashMap;

use crate::date::Due;
use crate::diagnostics::{SharedStr, SourceFile};
pub mod values;

pub use values::{
    Accessibility, Amount, Compliance, Date, Direction, KnownIssue, ListItem, NavItem, NestedItem,
    Status,
};

/// A whole site's content, validated: its settings, plans and standalone
/// pages, ready to render.
#[derive(Debug, Clone)]
pub struct Content {
    pub config: SiteConfig,
    /// Shared, so `serve` can replace one edited plan and keep the rest.
    pub plans: Vec<std::sync::Arc<Plan>>,
    /// Standalone pages from `content/pages/`.
    pub pages: Vec<Section>,
    /// The day the site is built for ([`crate::date::today`]): what
    /// "overdue" is measured against. A site rebuilt after an edit keeps it.
    pub today: chrono::NaiveDate,
}

#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub organisation: String,
    /// Without a trailing slash: `https://plans.example.org`.
    pub base_url: String,
    /// The path part of `base_url`, always ending in `/`: links start with it.
    pub base_path: String,
    pub language: String,
    pub description: Option<String>,
    pub accessibility: Accessibility,
    pub navigation: Vec<NavItem>,
    /// Extra comparisons: (plan, from version, to version).
    pub comparisons: Vec<(String, String, String)>,
    /// Keep raw HTML in Markdown as written (`allow_raw_html`), unsanitised.
    pub allow_raw_html: bool,
    pub source: SourceFile,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub id: String,
    /// Oldest first, by publication date.
    pub versions: Vec<PlanVersion>,
    /// Index in `versions` of the version the plan's plain URL shows.
    pub latest: usize,
}

impl Plan {
    pub fn latest(&self) -> &PlanVersion {
        &self.versions[self.latest]
    }
}

#[derive(Debug, Clone)]
pub struct PlanVersion {
    pub id: String,
    pub plan_id: String,
    pub title: String,
    pub strapline: Option<String>,
    pub period: Option<Period>,
    pub organisation: Option<String>,
    pub owner: Option<String>,
    /// Markdown; empty when the plan has none.
    pub summary: String,
    pub label: String,
    pub status: Status,
    pub published: Option<chrono::NaiveDate>,
    pub based_on: Option<String>,
    pub change_note: Option<String>,
    pub notice: Option<String>,
    pub commitments_intro: Option<String>,
    pub priorities_intro: Option<String>,
    pub terms: Terms,
    /// The action table's columns, in the plan's order.
    pub columns: Vec<Column>,
    /// The plan's parts in the order it publishes them.
    pub contents: Vec<Part>,
    /// In contents order (by weight, then title, by default).
    pub sections: Vec<Section>,
    pub commitments: Vec<Section>,
    /// In contents order (by number, by default).
    pub priorities: Vec<Priority>,
    pub kpis: Vec<Kpi>,
    pub source: SourceFile,
}

/// A plan's period: two dates, or as the plan writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Period {
    Dates {
        start: chrono::NaiveDate,
        end: chrono::NaiveDate,
    },
    Text(String),
}

/// One part of a plan, in [`PlanVersion::contents`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// An index into `sections`.
    Section(usize),
    Commitments,
    /// An index into `priorities`.
    Priority(usize),
    Kpis,
}

/// The words a plan uses for its parts: plain text, shown to templates as it is.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Terms {
    pub priority: String,
    pub priorities: String,
    pub action: String,
    pub actions: String,
    pub actions_by_deadline: String,
    pub action_plan: String,
    pub commitments: String,
    pub kpis: String,
    pub leads: String,
    pub indicator: String,
    pub baseline: String,
    pub target: String,
    pub actuals: String,
}

impl Default for Terms {
    fn default() -> Self {
        Terms {
            priority: "Priority".into(),
            priorities: "Our priorities".into(),
            action: "Action".into(),
            actions: "All actions".into(),
            actions_by_deadline: "Actions by deadline".into(),
            action_plan: "Action plan".into(),
            commitments: "Our overarching commitments".into(),
            kpis: "Key performance indicators".into(),
            leads: "Led by".into(),
            indicator: "Indicator".into(),
            baseline: "Baseline".into(),
            target: "Target".into(),
            actuals: "Results".into(),
        }
    }
}

/// A column of the action table. Its key is stable across versions, so
/// comparisons and open data match columns by key, whatever their heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub key: String,
    pub heading: String,
}

/// The keys of the built-in columns, with their default headings.
pub const BUILT_IN_COLUMNS: [(&str, &str); 5] = [
    ("action", "Action"),
    ("indicators", "Key indicators of success"),
    ("metrics", "Performance metrics"),
    ("officers", "Responsible officers and linked services"),
    ("deadlines", "Dates and deadlines"),
];

impl PlanVersion {
    /// Priorities by id, for look-ups that must not scan.
    pub fn priority_index(&self) -> HashMap<&str, &Priority> {
        self.priorities.iter().map(|p| (p.id.as_str(), p)).collect()
    }

    pub fn action_count(&self) -> usize {
        self.priorities.iter().map(|p| p.actions.len()).sum()
    }

    /// A priority as readers see it named: `Priority 1: SEND`, or the short
    /// title alone when the plan does not number it.
    pub fn priority_label(&self, p: &Priority) -> String {
        match &p.number {
            Some(n) => format!("{} {n}: {}", self.terms.priority, p.short_title),
            None => p.short_title.clone(),
        }
    }
}

/// A narrative section, a commitment, or a standalone page.
#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    /// From the front matter, or the file name as written.
    pub title: String,
    pub weight: i32,
    pub summary: Option<String>,
    /// The language of its title, summary and text, when the front matter
    /// says it is not the site's (`lang: cy`).
    pub lang: Option<String>,
    /// Markdown.
    pub body: SharedStr,
    pub source: SourceFile,
}

#[derive(Debug, Clone)]
pub struct Priority {
    pub id: String,
    /// As the plan numbers it (`1`, `A`), if it does.
    pub number: Option<String>,
    pub title: String,
    pub short_title: String,
    pub leads: Vec<String>,
    /// Markdown; empty when the priority has none.
    pub summary: String,
    pub goals: Vec<String>,
    pub key_actions: Vec<String>,
    pub key_indicators: Vec<String>,
    pub headline_indicator: Option<String>,
    pub funding: Vec<String>,
    /// Standalone pages that support this priority: (slug, title).
    pub supporting_documents: Vec<(String, String)>,
    /// Markdown narrative after the front matter.
    pub body: SharedStr,
    pub actions: Vec<Action>,
    pub source: SourceFile,
    /// `actions.yaml`, for positions in its text, when its Markdown has
    /// links or raw HTML to check; otherwise not kept, since a big plan's
    /// action files are much of its text.
    pub actions_source: Option<SourceFile>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub id: String,
    /// As the plan numbers the row (`1.1`), if it does.
    pub number: Option<String>,
    pub priority_id: String,
    /// Markdown (may hold several paragraphs).
    pub text: String,
    pub deadlines: Vec<Deadline>,
    /// Every list cell by column key (`indicators`, `metrics`, `officers`
    /// and the plan's own columns); a column the row leaves empty is absent.
    pub cells: Vec<(String, Cell)>,
}

/// A list cell of an action's row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Items(Vec<ListItem>),
    /// The same cell as an earlier row's (that row's id): the rows between
    /// share it too, and a table shows it once across all of them.
    SameAs(String),
}

impl Action {
    /// The cell in column `key`, if the row fills it.
    pub fn cell(&self, key: &str) -> Option<&Cell> {
        self.cells.iter().find(|(k, _)| k == key).map(|(_, c)| c)
    }

    /// The items in column `key`, following a shared cell to the row that
    /// holds it; `siblings` are the actions of the row's priority.
    pub fn items<'a>(&'a self, key: &str, siblings: &'a [Action]) -> &'a [ListItem] {
        let mut cell = self.cell(key);
        // Validation makes every `same_as` name an earlier row, so this ends.
        for _ in 0..siblings.len() + 1 {
            match cell {
                Some(Cell::Items(items)) => return items,
                Some(Cell::SameAs(id)) => {
                    cell = siblings
                        .iter()
                        .find(|a| &a.id == id)
                        .and_then(|a| a.cell(key))
                }
                None => return &[],
            }
        }
        &[]
    }

    /// The first day by which something is due, for ordering by deadline.
    pub fn first_deadline(&self) -> Option<chrono::NaiveDate> {
        self.deadlines.iter().filter_map(|d| d.due.ends()).min()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deadline {
    pub label: Option<String>,
    pub due: When,
}

/// When something is due: a form planpress reads, or words as written.
#[derive(Debug, Clone, PartialEq)]
pub enum When {
    Due(Due),
    Words(String),
}

impl When {
    /// The last day it allows, when it is a date planpress can read.
    pub fn ends(&self) -> Option<chrono::NaiveDate> {
        match self {
            When::Due(due) => due.ends(),
            When::Words(_) => None,
        }
    }

    /// As the source writes it, for comparisons.
    pub fn source_form(&self) -> String {
        match self {
            When::Due(due) => due.source_form(),
            When::Words(words) => words.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Kpi {
    pub id: String,
    pub service_area: Option<String>,
    pub indicator: String,
    pub unit: Option<String>,
    pub direction: Option<Direction>,
    pub baseline: Option<Measure>,
    pub target: Option<Target>,
    pub actuals: Vec<Measure>,
    pub source: Option<String>,
    pub priority: Option<String>,
    pub notes: Option<String>,
}

/// A baseline or an actual value, with the period it is for.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub value: Amount,
    pub period: Option<String>,
}

/// A target, with the deadline it is for.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub value: Amount,
    pub by: Option<Due>,
}

impl Kpi {
    /// The most recent actual value (the last one listed).
    pub fn latest(&self) -> Option<&Measure> {
        self.actuals.last()
    }

    /// Whether the latest value meets the target: only when both are
    /// numbers and the plan says which direction is better.
    pub fn on_target(&self) -> Option<bool> {
        let Amount::Number(target) = self.target.as_ref()?.value else {
            return None;
        };
        let Amount::Number(latest) = self.latest()?.value else {
            return None;
        };
        Some(match self.direction? {
            Direction::HigherIsBetter => latest >= target,
            Direction::LowerIsBetter => latest <= target,
        })
    }
}

/// A value as the KPI table shows it: a number with its unit, or the words.
impl Amount {
    pub fn display(&self, unit: Option<&str>) -> String {
        match self {
            Amount::Number(n) => number(*n, unit),
            Amount::Words(w) => w.clone(),
        }
    }
}

/// Formats a number with its unit: `72.5%`, `£1,200`, `14 days`.
pub fn number(value: f64, unit: Option<&str>) -> String {
    let text = if value.fract() == 0.0 && value.abs() < 1e15 {
        group_thousands(&format!("{}", value as i64))
    } else {
        let s = format!("{value:.2}");
        let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
        match s.split_once('.') {
            Some((i, f)) => format!("{}.{f}", group_thousands(i)),
            None => group_thousands(&s),
        }
    };
    match unit {
        Some("%") => format!("{text}%"),
        Some("£") => format!("£{text}"),
        Some(u) if !u.is_empty() => format!("{text} {u}"),
        _ => text,
    }
}

fn group_thousands(digits: &str) -> String {
    let (sign, digits) = digits.strip_prefix('-').map_or(("", digits), |d| ("-", d));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// Makes a URL-safe id from a title or a file name: lowercase ASCII letters,
/// digits and hyphens. Accents and other scripts are transliterated first
/// (`Café` gives `cafe`), and every run of anything else is one hyphen.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut slug = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Whether `id` is already a valid slug.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty() && slugify(id) == id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_makes_stable_url_safe_ids() {
        assert_eq!(slugify("SEND and inclusion"), "send-and-inclusion");
        assert_eq!(
            slugify("  Priority 1: SEND & inclusion!  "),
            "priority-1-send-inclusion"
        );
        assert_eq!(slugify("Children’s centres"), "children-s-centres");
        assert_eq!(slugify("Café plan – notes"), "cafe-plan-notes");
        assert_eq!(slugify("SEND & Inclusion"), "send-inclusion");
        assert_eq!(slugify("Better Reading"), "better-reading");
        assert_eq!(slugify("Ünïcode Straße"), "unicode-strasse");
        assert_eq!(slugify("Foreword"), slugify("foreword"));
        assert_eq!(slugify("– … –"), "");
        assert!(is_slug("p1-send"));
        assert!(!is_slug("P1 send"));
        assert!(!is_slug("-x"));
    }

    #[test]
    fn numbers_have_units_and_separators() {
        assert_eq!(number(72.5, Some("%")), "72.5%");
        assert_eq!(number(1200.0, Some("£")), "£1,200");
        assert_eq!(number(1234567.0, None), "1,234,567");
        assert_eq!(number(14.0, Some("days")), "14 days");
        assert_eq!(number(-1500.25, None), "-1,500.25");
        assert_eq!(
            Amount::Words("mostly good".into()).display(Some("%")),
            "mostly good"
        );
    }

    #[test]
    fn met_or_not_only_for_numbers_with_a_direction() {
        let kpi = |direction, target: Amount, latest: Amount| Kpi {
            id: "k".into(),
            service_area: None,
            indicator: "i".into(),
            unit: None,
            direction,
            baseline: None,
            target: Some(Target {
                value: target,
                by: None,
            }),
            actuals: vec![Measure {
                value: latest,
                period: None,
            }],
            source: None,
            priority: None,
            notes: None,
        };
        use Amount::{Number, Words};
        let up = Some(Direction::HigherIsBetter);
        let down = Some(Direction::LowerIsBetter);
        assert_eq!(kpi(up, Number(80.0), Number(81.0)).on_target(), Some(true));
        assert_eq!(
            kpi(down, Number(80.0), Number(81.0)).on_target(),
            Some(false)
        );
        assert_eq!(kpi(None, Number(80.0), Number(81.0)).on_target(), None);
        assert_eq!(
            kpi(up, Words("top 15%".into()), Number(81.0)).on_target(),
            None
        );
        assert_eq!(
            kpi(up, Number(80.0), Words("good".into())).on_target(),
            None
        );
    }

    #[test]
    fn slugify_is_idempotent() {
        for t in ["A b", "x--y", "Ünïcode test", "2026/27 plan"] {
            let once = slugify(t);
            assert_eq!(slugify(&once), once);
        }
    }
}
