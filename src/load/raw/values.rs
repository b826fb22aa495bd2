//! The value types of the raw structs, with their hand-written `Deserialize`
//! impls: table cells and list items, labels, amounts and measures, targets,
//! dates and deadlines. Each keeps serde's error, and so its line, for a
//! value it refuses.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::date::{parse_date, Due, DATE_FORMS, DUE_FORMS};
use crate::model::values::{Amount, Date, ListItem, NestedItem};

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
            "a whole number such as 1, or a label such as A or \"1.1\" (in quotes, so that 1.10 stays 1.10)",
        )
        .map(Label)
    }
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
        scalar_or_map(
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
        scalar_or_map(
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

/// How a type reads the scalars YAML gives it, for [`scalar_or_map`].
pub(super) trait FromScalar: Sized {
    fn from_str(v: &str) -> Self;
    fn from_i64(v: i64) -> Self;
    fn from_u64(v: u64) -> Self;
    /// `None` where a decimal number is refused (serde's usual error).
    fn from_f64(v: f64) -> Option<Self>;
}

/// Text: a number is taken as written, a decimal number is refused.
impl FromScalar for String {
    fn from_str(v: &str) -> Self {
        v.to_string()
    }
    fn from_i64(v: i64) -> Self {
        v.to_string()
    }
    fn from_u64(v: u64) -> Self {
        v.to_string()
    }
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
}

impl FromScalar for Amount {
    fn from_str(v: &str) -> Self {
        Amount::Words(v.to_string())
    }
    fn from_i64(v: i64) -> Self {
        Amount::Number(v as f64)
    }
    fn from_u64(v: u64) -> Self {
        Amount::Number(v as f64)
    }
    fn from_f64(v: f64) -> Option<Self> {
        Some(Amount::Number(v))
    }
}

/// A scalar read as `S` (text or an [`Amount`]) and passed to `scalar`, or a
/// mapping read as `M` and passed to `map`.
pub(super) fn scalar_or_map<'de, D, S, T, M>(
    deserializer: D,
    expecting: &'static str,
    scalar: fn(S) -> T,
    map: fn(M) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    S: FromScalar,
    M: Deserialize<'de>,
{
    struct V<S, T, M> {
        expecting: &'static str,
        scalar: fn(S) -> T,
        map: fn(M) -> T,
    }
    impl<'de, S: FromScalar, T, M: Deserialize<'de>> Visitor<'de> for V<S, T, M> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.scalar)(S::from_str(v)))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            Ok((self.scalar)(S::from_i64(v)))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            Ok((self.scalar)(S::from_u64(v)))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
            match S::from_f64(v) {
                Some(s) => Ok((self.scalar)(s)),
                None => Err(E::invalid_type(de::Unexpected::Float(v), &self)),
            }
        }
        fn visit_map<A: MapAccess<'de>>(self, access: A) -> Result<T, A::Error> {
            M::deserialize(de::value::MapAccessDeserializer::new(access)).map(self.map)
        }
    }
    deserializer.deserialize_any(V {
        expecting,
        scalar,
        map,
    })
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
