//! The value types that a plan's files hold and the model keeps as they
//! are: statuses, directions, amounts, list items, dates, and the site's
//! accessibility and navigation settings. `load::raw` reads them into these
//! types (their hand-written `Deserialize` impls, for the forms a plan may
//! write, are there), so the model needs nothing from the loader.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A value as a plan gives it: a number, or words (`mostly good or better`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Amount {
    Number(f64),
    Words(String),
}

/// An entry of a list cell: text, or text with a nested list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ListItem {
    Text(String),
    Nested(NestedItem),
}

/// A list entry with a nested list under its text.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NestedItem {
    pub text: String,
    pub items: Vec<ListItem>,
}

impl ListItem {
    pub fn text(&self) -> &str {
        match self {
            ListItem::Text(t) => t,
            ListItem::Nested(n) => &n.text,
        }
    }

    pub fn children(&self) -> &[ListItem] {
        match self {
            ListItem::Text(_) => &[],
            ListItem::Nested(n) => &n.items,
        }
    }
}

/// An exact date, written `31/07/2026` or `2026-07-31`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

/// What the accessibility statement is filled from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    pub contact_email: String,
    #[serde(default)]
    pub contact_phone: Option<String>,
    /// Working days to answer a request.
    pub response_days: u32,
    pub compliance: Compliance,
    pub prepared: Date,
    pub last_reviewed: Date,
    #[serde(default)]
    pub last_tested: Option<Date>,
    #[serde(default)]
    pub tested_by: Option<String>,
    #[serde(default)]
    pub known_issues: Vec<KnownIssue>,
    #[serde(default)]
    pub disproportionate_burden: Vec<String>,
    #[serde(default)]
    pub out_of_scope: Vec<String>,
    #[serde(default)]
    pub alternative_formats: Option<String>,
    #[serde(default)]
    pub improvements: Option<String>,
}

/// How far the site meets WCAG 2.2 AA, in the model statement's words.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Compliance {
    Fully,
    Partially,
    Not,
}

/// A known accessibility problem and when it will be fixed.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KnownIssue {
    pub description: String,
    /// The WCAG success criterion, as in `1.4.10 Reflow`.
    pub criterion: String,
    #[serde(default)]
    pub fix_by: Option<Date>,
}

/// A link in the site's navigation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NavItem {
    pub title: String,
    pub url: String,
}

/// Where a version is in its life.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Consultation,
    Final,
    Superseded,
}

/// Whether a higher or a lower value is better. Plans call the second a
/// "descending target".
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}
