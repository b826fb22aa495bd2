//! Raw structs that mirror the source format, key for key.
//!
//! They are plain serde types with `deny_unknown_fields`, so a misspelt key is
//! an error with a position. Dates are parsed here too, inside their
//! `Deserialize` impls, so a bad date is reported at its line. Meaning (unique
//! ids, references between items) is checked later, in `validate`.

use std::fmt;

use chrono::NaiveDate;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::date::{parse_date, Due, DATE_FORMS, DUE_FORMS};

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

/// What the accessibility statement is filled from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawAccessibility {
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
    pub known_issues: Vec<RawKnownIssue>,
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

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawKnownIssue {
    pub description: String,
    /// The WCAG success criterion, as in `1.4.10 Reflow`.
    pub criterion: String,
    #[serde(default)]
    pub fix_by: Option<Date>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawNavItem {
    pub title: String,
    pub url: String,
}

/// `plan.yaml`, at the top of each version folder.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    pub title: String,
    #[serde(default)]
    pub strapline: Option<String>,
    pub period: RawPeriod,
    pub organisation: String,
    pub owner: String,
    pub summary: String,
    pub version: RawVersion,
    #[serde(default)]
    pub commitments_intro: Option<String>,
    #[serde(default)]
    pub priorities_intro: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPeriod {
    pub start: Date,
    pub end: Date,
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

/// Where a version is in its life.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Consultation,
    Final,
    Superseded,
}

/// Front matter of a narrative section, a commitment or a standalone page.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSectionMeta {
    pub title: String,
    #[serde(default)]
    pub weight: i32,
    #[serde(default)]
    pub summary: Option<String>,
    /// The last part of the page's URL; the file name by default.
    #[serde(default)]
    pub slug: Option<String>,
}

/// Front matter of `priorities/<id>/priority.md`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPriorityMeta {
    pub number: u32,
    pub title: String,
    #[serde(default)]
    pub short_title: Option<String>,
    pub leads: Vec<String>,
    pub summary: String,
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
    pub action: String,
    #[serde(default)]
    pub indicators: Vec<ListItem>,
    #[serde(default)]
    pub metrics: Vec<ListItem>,
    pub officers: Vec<ListItem>,
    pub deadlines: Vec<RawDeadline>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeadline {
    #[serde(default)]
    pub label: Option<String>,
    pub due: DueValue,
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
    pub direction: Direction,
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

/// Whether a higher or a lower value is better. Plans call the second a
/// "descending target".
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeasure {
    /// The period the value is for, as the source writes it (`2024/25`, `Summer 2024`).
    pub period: String,
    pub value: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTarget {
    pub value: f64,
    pub by: DueValue,
}

/// A list entry in a table cell: text, or text with a nested list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ListItem {
    Text(String),
    Nested(NestedItem),
}

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

// A hand-written visitor instead of `#[serde(untagged)]`: untagged enums lose
// the inner error ("did not match any variant"), this keeps it and its line.
impl<'de> Deserialize<'de> for ListItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = ListItem;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text, or a mapping with `text` and `items` for a nested list")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ListItem, E> {
                Ok(ListItem::Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ListItem, E> {
                Ok(ListItem::Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ListItem, E> {
                Ok(ListItem::Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ListItem, E> {
                Ok(ListItem::Text(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ListItem, A::Error> {
                NestedItem::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(ListItem::Nested)
            }
        }
        deserializer.deserialize_any(ItemVisitor)
    }
}

/// An exact date, written `31/07/2026` or `2026-07-31`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = scalar_text(deserializer, DATE_FORMS)?;
        parse_date(&text).map(Date).map_err(de::Error::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.format("%Y-%m-%d").to_string())
    }
}

/// A deadline in any form [`Due`] accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DueValue(pub Due);

impl<'de> Deserialize<'de> for DueValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = scalar_text(deserializer, DUE_FORMS)?;
        Due::parse(&text).map(DueValue).map_err(de::Error::custom)
    }
}

impl Serialize for DueValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.source_form())
    }
}

/// Reads a scalar as text whether YAML typed it as a string or a number
/// (`2026` is a number to YAML, a year to us).
fn scalar_text<'de, D: Deserializer<'de>>(
    deserializer: D,
    forms: &'static str,
) -> Result<String, D::Error> {
    struct Text(&'static str);
    impl<'de> Visitor<'de> for Text {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    deserializer.deserialize_any(Text(forms))
}
