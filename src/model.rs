//! The content model: plain data, validated, with stable ids. No IO, no Tera.
//!
//! Ids are the stable keys that later stages (comparisons between versions,
//! open data, search) match on: a plan's id is its folder name, a version's
//! its folder name, a priority's its folder name, a section's its file name
//! (or `slug`), and actions and KPIs carry an explicit `id`.

use std::collections::HashMap;

use crate::date::Due;
use crate::diagnostics::{SharedStr, SourceFile};
use crate::load::raw::{Direction, ListItem, RawAccessibility, RawMeasure, RawNavItem, Status};

pub use crate::load::raw::Compliance;

/// A whole site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    /// Shared, so `serve` can replace one edited plan and keep the rest.
    pub plans: Vec<std::sync::Arc<Plan>>,
    /// Standalone pages from `content/pages/`.
    pub pages: Vec<Section>,
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
    pub theme: String,
    pub accessibility: RawAccessibility,
    pub navigation: Vec<RawNavItem>,
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
    pub period_start: chrono::NaiveDate,
    pub period_end: chrono::NaiveDate,
    pub organisation: String,
    pub owner: String,
    pub summary: String,
    pub label: String,
    pub status: Status,
    pub published: Option<chrono::NaiveDate>,
    pub based_on: Option<String>,
    pub change_note: Option<String>,
    pub notice: Option<String>,
    pub commitments_intro: Option<String>,
    pub priorities_intro: Option<String>,
    /// Ordered by weight, then title.
    pub sections: Vec<Section>,
    pub commitments: Vec<Section>,
    /// Ordered by number.
    pub priorities: Vec<Priority>,
    pub kpis: Vec<Kpi>,
    pub source: SourceFile,
}

impl PlanVersion {
    /// Every action of the version, in priority order.
    pub fn actions(&self) -> impl Iterator<Item = (&Priority, &Action)> {
        self.priorities
            .iter()
            .flat_map(|p| p.actions.iter().map(move |a| (p, a)))
    }

    /// Priorities by id, for look-ups that must not scan.
    pub fn priority_index(&self) -> HashMap<&str, &Priority> {
        self.priorities.iter().map(|p| (p.id.as_str(), p)).collect()
    }
}

/// A narrative section, a commitment, or a standalone page.
#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub weight: i32,
    pub summary: Option<String>,
    /// Markdown.
    pub body: SharedStr,
    pub source: SourceFile,
}

#[derive(Debug, Clone)]
pub struct Priority {
    pub id: String,
    pub number: u32,
    pub title: String,
    pub short_title: String,
    pub leads: Vec<String>,
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
    /// `actions.yaml`, when the priority has one (for positions in its text).
    pub actions_source: Option<SourceFile>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub id: String,
    pub priority_id: String,
    /// Markdown (may hold several paragraphs).
    pub text: String,
    pub indicators: Vec<ListItem>,
    pub metrics: Vec<ListItem>,
    pub officers: Vec<ListItem>,
    pub deadlines: Vec<Deadline>,
}

impl Action {
    /// The last day any of its deadlines allows, for ordering by deadline.
    pub fn final_deadline(&self) -> Option<chrono::NaiveDate> {
        self.deadlines.iter().filter_map(|d| d.due.ends()).max()
    }

    /// The first day by which something is due, for ordering by deadline.
    pub fn first_deadline(&self) -> Option<chrono::NaiveDate> {
        self.deadlines.iter().filter_map(|d| d.due.ends()).min()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deadline {
    pub label: Option<String>,
    pub due: Due,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Kpi {
    pub id: String,
    pub service_area: Option<String>,
    pub indicator: String,
    pub unit: Option<String>,
    pub direction: Direction,
    pub baseline: Option<RawMeasure>,
    pub target: Option<(f64, Due)>,
    pub actuals: Vec<RawMeasure>,
    pub source: Option<String>,
    pub priority: Option<String>,
    pub notes: Option<String>,
}

impl Kpi {
    /// The most recent actual value (the last one listed).
    pub fn latest(&self) -> Option<&RawMeasure> {
        self.actuals.last()
    }

    /// Whether the latest value meets the target, taking direction into account.
    pub fn on_target(&self) -> Option<bool> {
        let (target, _) = self.target?;
        let latest = self.latest()?.value;
        Some(match self.direction {
            Direction::HigherIsBetter => latest >= target,
            Direction::LowerIsBetter => latest <= target,
        })
    }
}

/// Makes a URL-safe id from a title: lowercase ASCII letters, digits and hyphens.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
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
        assert!(is_slug("p1-send"));
        assert!(!is_slug("P1 send"));
        assert!(!is_slug("-x"));
    }

    #[test]
    fn slugify_is_idempotent() {
        for t in ["A b", "x--y", "Ünïcode test", "2026/27 plan"] {
            let once = slugify(t);
            assert_eq!(slugify(&once), once);
        }
    }
}
