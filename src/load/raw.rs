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
    #[serde(default)]
    pub terms: RawTerms,
    /// The action table's columns, in order; the five built-in ones by default.
    #[serde(default)]
    pub columns: Option<Vec<RawColumn>>,
    /// The order of the plan's parts as published.
    #[serde(default)]
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
        text_or_map(
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
    #[serde(default)]
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
    #[serde(default)]
    pub cells: std::collections::BTreeMap<String, RawCell>,
}

/// A table cell: a list of items, or the cell of an earlier row that this
/// row shares (`{ same_as: <action id> }`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum RawCell {
    Items(Vec<ListItem>),
    SameAs(SameAs),
}

impl Default for RawCell {
    fn default() -> Self {
        RawCell::Items(Vec::new())
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SameAs {
    pub same_as: String,
}

impl<'de> Deserialize<'de> for RawCell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CellVisitor;
        impl<'de> Visitor<'de> for CellVisitor {
            type Value = RawCell;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of items, one text, or `same_as:` and the id of an earlier row")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawCell, E> {
                Ok(RawCell::Items(vec![ListItem::Text(v.to_string())]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<RawCell, E> {
                Ok(RawCell::default())
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<RawCell, A::Error> {
                Vec::<ListItem>::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(RawCell::Items)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawCell, A::Error> {
                SameAs::deserialize(de::value::MapAccessDeserializer::new(map)).map(RawCell::SameAs)
            }
        }
        deserializer.deserialize_any(CellVisitor)
    }
}

/// A number or name as a plan writes it (`1`, `1.1`, `A`): YAML may type it
/// as a number, but it is shown as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Label(pub String);

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        scalar_text(
            deserializer,
            "a number or a short label, such as 1, 1.1 or A",
        )
        .map(Label)
    }
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

/// Whether a higher or a lower value is better. Plans call the second a
/// "descending target".
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

/// A value as a plan gives it: a number, or words (`mostly good or better`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Amount {
    Number(f64),
    Words(String),
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AmountVisitor;
        impl Visitor<'_> for AmountVisitor {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, such as 80, or words in quotes")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
                Ok(Amount::Words(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
                Ok(Amount::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
                Ok(Amount::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
                Ok(Amount::Number(v))
            }
        }
        deserializer.deserialize_any(AmountVisitor)
    }
}

/// A baseline or actual value: words, a number, or a value with its period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RawMeasure {
    pub value: Amount,
    /// The period the value is for, as the source writes it (`2024/25`, `Summer 2024`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasureFields {
    value: Amount,
    #[serde(default)]
    period: Option<Text>,
}

impl<'de> Deserialize<'de> for RawMeasure {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        amount_or_map(
            deserializer,
            "words, a number, or `value:` with an optional `period:`",
            |value| RawMeasure {
                value,
                period: None,
            },
            |m: RawMeasureFields| RawMeasure {
                value: m.value,
                period: m.period.map(|p| p.0),
            },
        )
    }
}

/// A target: words, a number, or a value with the deadline it is for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RawTarget {
    pub value: Amount,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<DueValue>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTargetFields {
    value: Amount,
    #[serde(default)]
    by: Option<DueValue>,
}

impl<'de> Deserialize<'de> for RawTarget {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        amount_or_map(
            deserializer,
            "words, a number, or `value:` with an optional `by:`",
            |value| RawTarget { value, by: None },
            |t: RawTargetFields| RawTarget {
                value: t.value,
                by: t.by,
            },
        )
    }
}

/// Text that YAML may have typed as a number (`period: 2024`).
#[derive(Debug, Clone, PartialEq)]
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        scalar_text(deserializer, "text, such as 2024/25").map(Text)
    }
}

/// A scalar read as text by `text`, or a mapping read as `M`.
fn text_or_map<'de, D, T, M>(
    deserializer: D,
    expecting: &'static str,
    text: fn(String) -> T,
    map: fn(M) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    M: Deserialize<'de>,
{
    struct V<T, M> {
        expecting: &'static str,
        text: fn(String) -> T,
        map: fn(M) -> T,
    }
    impl<'de, T, M: Deserialize<'de>> Visitor<'de> for V<T, M> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.text)(v.to_string()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            Ok((self.text)(v.to_string()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            Ok((self.text)(v.to_string()))
        }
        fn visit_map<A: MapAccess<'de>>(self, access: A) -> Result<T, A::Error> {
            M::deserialize(de::value::MapAccessDeserializer::new(access)).map(self.map)
        }
    }
    deserializer.deserialize_any(V {
        expecting,
        text,
        map,
    })
}

/// An [`Amount`] on its own, or a mapping read as `M`.
fn amount_or_map<'de, D, T, M>(
    deserializer: D,
    expecting: &'static str,
    amount: fn(Amount) -> T,
    map: fn(M) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    M: Deserialize<'de>,
{
    struct V<T, M> {
        expecting: &'static str,
        amount: fn(Amount) -> T,
        map: fn(M) -> T,
    }
    impl<'de, T, M: Deserialize<'de>> Visitor<'de> for V<T, M> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.amount)(Amount::Words(v.to_string())))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            Ok((self.amount)(Amount::Number(v as f64)))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            Ok((self.amount)(Amount::Number(v as f64)))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
            Ok((self.amount)(Amount::Number(v)))
        }
        fn visit_map<A: MapAccess<'de>>(self, access: A) -> Result<T, A::Error> {
            M::deserialize(de::value::MapAccessDeserializer::new(access)).map(self.map)
        }
    }
    deserializer.deserialize_any(V {
        expecting,
        amount,
        map,
    })
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
