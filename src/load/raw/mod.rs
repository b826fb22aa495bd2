//! Raw structs that mirror the source format, key for key.
//!
//! They are plain serde types with `deny_unknown_fields`, so a misspelt key is
//! an error with a position. Dates are parsed here too, inside their
//! `Deserialize` impls, so a bad date is reported at its line. Meaning (unique
//! ids, references between items) is checked later, in `validate`.
//!
//! The files' structs are here; the reading of the value types they hold
//! (cells, amounts, dates, ...) is in `values`. The value types the model
//! keeps as they are (statuses, amounts, list items, dates, the accessibility
//! and navigation settings) belong to [`crate::model::values`] and are
//! re-exported here under the names the file format uses, so every path
//! stays `raw::X`.

mod values;

use serde::{Deserialize, Deserializer, Serialize};

pub use crate::model::values::{
    Accessibility as RawAccessibility, Amount, Compliance, Date, Direction,
    KnownIssue as RawKnownIssue, ListItem, NavItem as RawNavItem, NestedItem, Status,
};
use values::scalar_or_map;
pub use values::{DueValue, Label, RawCell, RawMeasure, RawTarget, SameAs};

/// `content/site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSiteConfig {
    pub title: String,
    pub organisation: String,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default = "default_theme")]
    pub theme: String,
    pub accessibility: RawAccessibility,
    #[serde(default)]
    pub navigation: Vec<RawNavItem>,
    /// Extra pairs of versions to compare, besides each version against the
    /// one it is based on.
    #[serde(default)]
    pub comparisons: Vec<RawComparison>,
    /// Keep raw HTML in Markdown as written, unsanitised.
    #[serde(default)]
    pub allow_raw_html: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawComparison {
    /// The plan's folder name.
    pub plan: String,
    /// The older version's folder name.
    pub from: String,
    /// The newer version's folder name.
    pub to: String,
}

fn default_language() -> String {
    "en-GB".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

/// `plan.yaml`, at the top of each version folder.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    pub title: String,
    #[serde(default)]
    pub strapline: Option<String>,
    #[serde(default)]
    pub period: Option<RawPeriod>,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    pub version: RawVersion,
    #[serde(default)]
    pub commitments_intro: Option<String>,
    #[serde(default)]
    pub priorities_intro: Option<String>,
    /// The plan's own names for its parts.
    #[serde(default, skip_serializing_if = "RawTerms::is_empty")]
    pub terms: RawTerms,
    /// The action table's columns, in order; the five built-in ones by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<RawColumn>>,
    /// The order of the plan's parts as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contents: Option<Vec<String>>,
}

/// A plan's period: two dates, or text as the plan gives it (`2023 to 2026`).
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum RawPeriod {
    Dates { start: Date, end: Date },
    Text(String),
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawPeriodDates {
    start: Date,
    end: Date,
}

impl<'de> Deserialize<'de> for RawPeriod {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        scalar_or_map(
            deserializer,
            "the period as text, such as `2023 to 2026`, or `start:` and `end:` dates",
            RawPeriod::Text,
            |d: RawPeriodDates| RawPeriod::Dates {
                start: d.start,
                end: d.end,
            },
        )
    }
}

/// The words a plan uses for its parts; each is optional and has a default
/// (see [`crate::model::Terms`]).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawTerms {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priorities: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions_by_deadline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_plan: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitments: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kpis: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leads: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actuals: Option<String>,
}

impl RawTerms {
    /// Whether the plan names none of its parts in its own words.
    pub fn is_empty(&self) -> bool {
        *self == RawTerms::default()
    }
}

/// One column of the action table.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawColumn {
    /// `action`, `indicators`, `metrics`, `officers`, `deadlines`, or a
    /// custom column's own key.
    pub key: String,
    /// Optional for the built-in columns, which have a default heading.
    #[serde(default)]
    pub heading: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawVersion {
    pub label: String,
    pub status: Status,
    #[serde(default)]
    pub published: Option<Date>,
    #[serde(default)]
    pub based_on: Option<String>,
    #[serde(default)]
    pub change_note: Option<String>,
    /// Shown on every page of the version, as for an illustrative draft.
    #[serde(default)]
    pub notice: Option<String>,
}

/// Front matter of a narrative section, a commitment or a standalone page.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSectionMeta {
    /// The file name as written, by default.
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub weight: i32,
    #[serde(default)]
    pub summary: Option<String>,
    /// The last part of the page's URL; the file name by default.
    #[serde(default)]
    pub slug: Option<String>,
    /// The language of the page's text, when not the site's: `cy`.
    #[serde(default)]
    pub lang: Option<String>,
}

/// Front matter of `priorities/<id>/priority.md`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPriorityMeta {
    /// As the plan numbers it: `1`, `1.1`, `A`.
    #[serde(default)]
    pub number: Option<Label>,
    pub title: String,
    #[serde(default)]
    pub short_title: Option<String>,
    #[serde(default)]
    pub leads: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub goals: Vec<String>,
    #[serde(default)]
    pub key_actions: Vec<String>,
    #[serde(default)]
    pub key_indicators: Vec<String>,
    #[serde(default)]
    pub headline_indicator: Option<String>,
    #[serde(default)]
    pub funding: Vec<String>,
    /// Standalone pages (their `content/pages/` slugs) that support this priority.
    #[serde(default)]
    pub supporting_documents: Vec<String>,
}

/// One row of `priorities/<id>/actions.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawAction {
    pub id: String,
    /// As the plan numbers the row: `1.1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<Label>,
    pub action: String,
    #[serde(default)]
    pub indicators: RawCell,
    #[serde(default)]
    pub metrics: RawCell,
    #[serde(default)]
    pub officers: RawCell,
    #[serde(default)]
    pub deadlines: Vec<RawDeadline>,
    /// The plan's own columns (declared in plan.yaml), by key.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub cells: std::collections::BTreeMap<String, RawCell>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeadline {
    #[serde(default)]
    pub label: Option<String>,
    /// A date or a deadline form planpress reads (and can sort by).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<DueValue>,
    /// A deadline in words, as the plan writes it: `by the end of the
    /// consultation`. Instead of `due`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
}

/// One entry of `kpis.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawKpi {
    pub id: String,
    #[serde(default)]
    pub service_area: Option<String>,
    pub indicator: String,
    /// What the numbers count: `%`, `pupils`, `£`, `days`, ...
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub direction: Option<Direction>,
    #[serde(default)]
    pub baseline: Option<RawMeasure>,
    #[serde(default)]
    pub target: Option<RawTarget>,
    #[serde(default)]
    pub actuals: Vec<RawMeasure>,
    #[serde(default)]
    pub source: Option<String>,
    /// The id of the priority this KPI measures (its folder name).
    #[serde(default)]
    pub priority: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}
