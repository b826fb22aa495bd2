//! serde's error kinds as data. serde_yaml tells a shape error (an unknown
//! key, a missing key, a wrong value) only as message text. Deserializing
//! through these adapters hands every `Deserialize` impl an error type of our
//! own, [`Typed`], so what serde's `de::Error` methods say (the kind, the
//! field, the expected names, what was found) arrives as a [`Kind`], with the
//! path of the value it is about.
//!
//! The adapters only pass calls on, hint for hint, so serde_yaml reads every
//! value as it does without them. Where an adapter wraps one of serde_yaml's
//! types, serde_yaml's own error waits in a slot while ours carries it
//! through the impl that was called, and is given back unchanged on the way
//! out; an error of ours becomes serde_yaml's at the call where serde_yaml's
//! would have been made, so serde_yaml puts the same position and path on it.
//! No serde_yaml call is made here: the deserializer comes in from `mod.rs`.

use std::cell::{Cell, RefCell};
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Expected, Unexpected, Visitor};

/// What serde found where it wanted something else.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Got {
    /// A scalar, as serde shows it (`5% more`, `-3`, `1.5`, `true`).
    Scalar(String),
    /// Nothing (`key:` with no value).
    Empty,
    /// A list, a mapping or another kind of value, in serde's words.
    Other(Described),
}

/// A value that is not a scalar.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Described {
    List,
    Mapping,
    /// serde's words for it (`Option value`, `unit variant`, ...).
    Words(String),
}

/// One problem with the shape of the YAML, as serde's `de::Error` methods
/// name it, or the YAML not reading at all.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    /// A key the mapping does not take, and the keys it does.
    UnknownField {
        field: String,
        expected: Vec<String>,
    },
    /// A word the value does not take, and the words it does.
    UnknownVariant {
        variant: String,
        expected: Vec<String>,
    },
    MissingField(String),
    DuplicateField(String),
    /// A value of the wrong type; `expected` in serde's words (`f64`).
    InvalidType {
        found: Got,
        expected: String,
    },
    /// A value of the right type that is out of range (`-3` for a count).
    InvalidValue {
        found: Got,
        expected: String,
    },
    /// A list or mapping with the wrong number of entries, in serde's words.
    InvalidLength(String),
    /// A value one of our own `Deserialize` impls refused (a date), in its words.
    Custom(String),
    /// The YAML itself does not read, in the parser's words.
    Syntax(String),
}

/// The error type the adapters hand to `Deserialize` impls.
#[derive(Debug)]
pub(super) struct Typed {
    /// `None` when this only carries the wrapped deserializer's own error,
    /// which waits in the slot of the adapter it came out of.
    kind: Option<Kind>,
    /// serde's words, as serde_yaml's message would have them.
    message: String,
}

impl Typed {
    fn new(kind: Kind, message: impl fmt::Display) -> Self {
        Typed {
            kind: Some(kind),
            message: message.to_string(),
        }
    }
}

impl fmt::Display for Typed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Typed {}

/// serde's own words for each error (its default `de::Error` methods), so
/// that serde_yaml's message stays what it was.
type Words = de::value::Error;

impl de::Error for Typed {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        let message = msg.to_string();
        Typed::new(Kind::Custom(message.clone()), message)
    }

    fn invalid_type(unexp: Unexpected, exp: &dyn Expected) -> Self {
        let kind = Kind::InvalidType {
            found: found(&unexp),
            expected: exp.to_string(),
        };
        Typed::new(kind, Words::invalid_type(unexp, exp))
    }

    fn invalid_value(unexp: Unexpected, exp: &dyn Expected) -> Self {
        let kind = Kind::InvalidValue {
            found: found(&unexp),
            expected: exp.to_string(),
        };
        Typed::new(kind, Words::invalid_value(unexp, exp))
    }

    fn invalid_length(len: usize, exp: &dyn Expected) -> Self {
        let message = Words::invalid_length(len, exp).to_string();
        Typed::new(Kind::InvalidLength(message.clone()), message)
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let kind = Kind::UnknownVariant {
            variant: variant.to_string(),
            expected: expected.iter().map(|e| e.to_string()).collect(),
        };
        Typed::new(kind, Words::unknown_variant(variant, expected))
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let kind = Kind::UnknownField {
            field: field.to_string(),
            expected: expected.iter().map(|e| e.to_string()).collect(),
        };
        Typed::new(kind, Words::unknown_field(field, expected))
    }

    fn missing_field(field: &'static str) -> Self {
        Typed::new(
            Kind::MissingField(field.to_string()),
            Words::missing_field(field),
        )
    }

    fn duplicate_field(field: &'static str) -> Self {
        Typed::new(
            Kind::DuplicateField(field.to_string()),
            Words::duplicate_field(field),
        )
    }
}

/// serde's `Unexpected` as data. A string is shown as serde shows it, with
/// only its quotes and backslashes unescaped, so that a line break stays
/// `\n` in a one-line message.
pub(super) fn found(unexp: &Unexpected) -> Got {
    match unexp {
        Unexpected::Str(s) => {
            let shown = format!("{s:?}");
            let inner = &shown[1..shown.len() - 1];
            Got::Scalar(inner.replace("\\\"", "\"").replace("\\\\", "\\"))
        }
        Unexpected::Bool(_)
        | Unexpected::Unsigned(_)
        | Unexpected::Signed(_)
        | Unexpected::Float(_)
        | Unexpected::Char(_) => {
            // serde's own formatting of the number (`1.0`, not `1`).
            let shown = unexp.to_string();
            let value = shown.split('`').nth(1).unwrap_or(&shown);
            Got::Scalar(value.to_string())
        }
        Unexpected::Unit => Got::Empty,
        Unexpected::Seq => Got::Other(Described::List),
        Unexpected::Map => Got::Other(Described::Mapping),
        other => Got::Other(Described::Words(other.to_string())),
    }
}

/// An error of ours, handed to serde_yaml: its kind, the path of the value
/// it is about, and its words.
#[derive(Debug, Clone)]
pub(super) struct Caught {
    pub(super) kind: Kind,
    /// The value the problem is about. (serde_yaml's message may name the
    /// list or mapping that holds it instead, as for a date our impls refuse
    /// after reading it.)
    pub(super) node: String,
    pub(super) message: String,
}

/// What the adapters of one deserialization share.
#[derive(Debug, Default)]
pub(super) struct Capture {
    /// The last error of ours that became serde_yaml's.
    pub(super) caught: RefCell<Option<Caught>>,
    /// The last mapping key read, for the path of its value.
    key: RefCell<Option<String>>,
}

impl Capture {
    /// Our error as the wrapped type's: the wrapped error it carries, back
    /// from `slot`, or ours, noted with `node`, the value it is about.
    fn inner<E: de::Error>(&self, err: Typed, slot: &Slot<E>, node: &str) -> E {
        match err.kind {
            None => slot
                .take()
                .unwrap_or_else(|| E::custom(err.message.as_str())),
            Some(kind) => {
                *self.caught.borrow_mut() = Some(Caught {
                    kind,
                    node: node.to_string(),
                    message: err.message.clone(),
                });
                E::custom(err.message)
            }
        }
    }
}

/// Where a wrapped type's error waits while ours carries it.
type Slot<E> = RefCell<Option<E>>;

/// The wrapped type's error, kept in `slot`, and ours that carries it.
fn outer<E>(slot: &Slot<E>, err: E) -> Typed {
    *slot.borrow_mut() = Some(err);
    Typed {
        kind: None,
        message: String::new(),
    }
}

/// What [`deserialize`] gives for a value that does not read.
pub(super) enum Failure<E> {
    /// serde_yaml's error; if it came from one of ours, that is in the
    /// capture's `caught`, with the same message.
    Inner(E),
    /// Ours, made outside any call of serde_yaml's (so with no position).
    Outer(Kind),
}

/// Deserializes a `T` from `inner` through the adapters.
pub(super) fn deserialize<'de, T, D>(inner: D, capture: &Capture) -> Result<T, Failure<D::Error>>
where
    T: de::Deserialize<'de>,
    D: Deserializer<'de>,
{
    let slot = RefCell::new(None);
    let de = De {
        inner,
        slot: &slot,
        cap: capture,
        path: String::new(),
        key: false,
    };
    T::deserialize(de).map_err(|err| match err.kind {
        None => Failure::Inner(
            slot.take()
                .unwrap_or_else(|| de::Error::custom(err.message)),
        ),
        Some(kind) => Failure::Outer(kind),
    })
}

/// `parent.key`, `key` at the top.
pub(super) fn child(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// A deserializer of serde_yaml's, for the value at `path`.
struct De<'a, D, E> {
    inner: D,
    slot: &'a Slot<E>,
    cap: &'a Capture,
    path: String,
    /// Whether this value is a mapping's key.
    key: bool,
}

mod adapters;
