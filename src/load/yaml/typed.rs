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

impl<'a, D, E> De<'a, D, E> {
    fn visitor<V>(&self, inner: V) -> Vis<'a, V> {
        Vis {
            inner,
            cap: self.cap,
            path: self.path.clone(),
            key: self.key,
        }
    }
}

macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Typed> {
                let visitor = self.visitor(visitor);
                let slot = self.slot;
                self.inner
                    .$method($($arg,)* visitor)
                    .map_err(|e| outer(slot, e))
            }
        )*
    };
}

impl<'de, 'a, D: Deserializer<'de>> Deserializer<'de> for De<'a, D, D::Error> {
    type Error = Typed;

    forward!(
        deserialize_any(),
        deserialize_bool(),
        deserialize_i8(),
        deserialize_i16(),
        deserialize_i32(),
        deserialize_i64(),
        deserialize_i128(),
        deserialize_u8(),
        deserialize_u16(),
        deserialize_u32(),
        deserialize_u64(),
        deserialize_u128(),
        deserialize_f32(),
        deserialize_f64(),
        deserialize_char(),
        deserialize_str(),
        deserialize_string(),
        deserialize_bytes(),
        deserialize_byte_buf(),
        deserialize_option(),
        deserialize_unit(),
        deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str),
        deserialize_seq(),
        deserialize_tuple(len: usize),
        deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_map(),
        deserialize_struct(name: &'static str, fields: &'static [&'static str]),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
        deserialize_identifier(),
        deserialize_ignored_any(),
    );

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A visitor that serde_yaml calls for the value at `path`.
struct Vis<'a, V> {
    inner: V,
    cap: &'a Capture,
    path: String,
    key: bool,
}

impl<V> Vis<'_, V> {
    /// A mapping's key, read as text, names the path of its value.
    fn note_key(&self, key: impl fmt::Display) {
        if self.key {
            *self.cap.key.borrow_mut() = Some(key.to_string());
        }
    }
}

/// Our error from the visit of a scalar at `path`, as the caller's: such a
/// visit calls nothing of serde_yaml's, so carries no error of its.
fn scalar_error<E: de::Error>(cap: &Capture, path: &str, err: Typed) -> E {
    cap.inner(err, &RefCell::new(None), path)
}

macro_rules! visit_scalars {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                self.note_key(&v);
                let (cap, path) = (self.cap, self.path);
                self.inner.$method::<Typed>(v).map_err(|err| scalar_error(cap, &path, err))
            }
        )*
    };
}

macro_rules! visit_bytes {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                let (cap, path) = (self.cap, self.path);
                self.inner.$method::<Typed>(v).map_err(|err| scalar_error(cap, &path, err))
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Vis<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    visit_scalars!(
        visit_bool(bool),
        visit_i8(i8),
        visit_i16(i16),
        visit_i32(i32),
        visit_i64(i64),
        visit_i128(i128),
        visit_u8(u8),
        visit_u16(u16),
        visit_u32(u32),
        visit_u64(u64),
        visit_u128(u128),
        visit_f32(f32),
        visit_f64(f64),
        visit_char(char),
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String),
    );

    visit_bytes!(
        visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]),
        visit_byte_buf(Vec<u8>),
    );

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        let (cap, path) = (self.cap, self.path);
        self.inner
            .visit_none::<Typed>()
            .map_err(|err| scalar_error(cap, &path, err))
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        let (cap, path) = (self.cap, self.path);
        self.inner
            .visit_unit::<Typed>()
            .map_err(|err| scalar_error(cap, &path, err))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        let slot = RefCell::new(None);
        let de = De {
            inner: d,
            slot: &slot,
            cap: self.cap,
            path: self.path.clone(),
            key: self.key,
        };
        let result = self.inner.visit_some(de);
        result.map_err(|err| self.cap.inner(err, &slot, &self.path))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        let slot = RefCell::new(None);
        let de = De {
            inner: d,
            slot: &slot,
            cap: self.cap,
            path: self.path.clone(),
            key: self.key,
        };
        let result = self.inner.visit_newtype_struct(de);
        result.map_err(|err| self.cap.inner(err, &slot, &self.path))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        let slot = RefCell::new(None);
        let index = Cell::new(0);
        let access = Seq {
            inner: seq,
            slot: &slot,
            cap: self.cap,
            path: &self.path,
            index: &index,
        };
        let result = self.inner.visit_seq(access);
        result.map_err(|err| self.cap.inner(err, &slot, &self.path))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let slot = RefCell::new(None);
        let access = Map {
            inner: map,
            slot: &slot,
            cap: self.cap,
            path: &self.path,
        };
        let result = self.inner.visit_map(access);
        result.map_err(|err| self.cap.inner(err, &slot, &self.path))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        let slot = RefCell::new(None);
        let access = Enum {
            inner: data,
            slot: &slot,
            cap: self.cap,
            path: &self.path,
        };
        let result = self.inner.visit_enum(access);
        result.map_err(|err| self.cap.inner(err, &slot, &self.path))
    }
}

/// A seed that serde_yaml deserializes, for the value at a path: `node`,
/// or, for a list's entry, the next index of `parent`.
struct Seed<'a, T> {
    inner: T,
    cap: &'a Capture,
    /// Where the list or mapping that holds the value is.
    parent: &'a str,
    place: Place<'a>,
}

enum Place<'a> {
    /// A list's next entry: its index.
    Entry(&'a Cell<usize>),
    /// A mapping's key: at the mapping's own path, as serde_yaml has it.
    Key,
    /// A mapping's value, at this path.
    Value(String),
}

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, T> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T::Value, D::Error> {
        let (node, key) = match self.place {
            Place::Entry(index) => {
                let i = index.get();
                index.set(i + 1);
                (format!("{}[{i}]", self.parent), false)
            }
            Place::Key => (self.parent.to_string(), true),
            Place::Value(path) => (path, false),
        };
        let slot = RefCell::new(None);
        let de = De {
            inner: d,
            slot: &slot,
            cap: self.cap,
            path: node.clone(),
            key,
        };
        let result = self.inner.deserialize(de);
        result.map_err(|err| self.cap.inner(err, &slot, &node))
    }
}

/// A list of serde_yaml's, at `path`.
struct Seq<'a, A, E> {
    inner: A,
    slot: &'a Slot<E>,
    cap: &'a Capture,
    path: &'a str,
    index: &'a Cell<usize>,
}

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for Seq<'_, A, A::Error> {
    type Error = Typed;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Typed> {
        let seed = Seed {
            inner: seed,
            cap: self.cap,
            parent: self.path,
            place: Place::Entry(self.index),
        };
        let slot = self.slot;
        self.inner
            .next_element_seed(seed)
            .map_err(|e| outer(slot, e))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// A mapping of serde_yaml's, at `path`.
struct Map<'a, A, E> {
    inner: A,
    slot: &'a Slot<E>,
    cap: &'a Capture,
    path: &'a str,
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for Map<'_, A, A::Error> {
    type Error = Typed;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Typed> {
        self.cap.key.replace(None);
        let seed = Seed {
            inner: seed,
            cap: self.cap,
            parent: self.path,
            place: Place::Key,
        };
        let slot = self.slot;
        self.inner.next_key_seed(seed).map_err(|e| outer(slot, e))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Typed> {
        // serde_yaml names a value whose key is not a scalar `?`.
        let key = self.cap.key.take().unwrap_or_else(|| "?".to_string());
        let seed = Seed {
            inner: seed,
            cap: self.cap,
            parent: self.path,
            place: Place::Value(child(self.path, &key)),
        };
        let slot = self.slot;
        self.inner.next_value_seed(seed).map_err(|e| outer(slot, e))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// A tagged value or an enum of serde_yaml's, at `path`.
struct Enum<'a, A, E> {
    inner: A,
    slot: &'a Slot<E>,
    cap: &'a Capture,
    path: &'a str,
}

impl<'de, 'a, A: de::EnumAccess<'de>> de::EnumAccess<'de> for Enum<'a, A, A::Error> {
    type Error = Typed;
    type Variant = Variant<'a, A::Variant, A::Error>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), Typed> {
        let seed = Seed {
            inner: seed,
            cap: self.cap,
            parent: self.path,
            place: Place::Value(self.path.to_string()),
        };
        let (slot, cap, path) = (self.slot, self.cap, self.path);
        let (value, variant) = self.inner.variant_seed(seed).map_err(|e| outer(slot, e))?;
        let variant = Variant {
            inner: variant,
            slot,
            cap,
            path,
        };
        Ok((value, variant))
    }
}

/// The content of an enum's variant, at `path`.
struct Variant<'a, A, E> {
    inner: A,
    slot: &'a Slot<E>,
    cap: &'a Capture,
    path: &'a str,
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Variant<'_, A, A::Error> {
    type Error = Typed;

    fn unit_variant(self) -> Result<(), Typed> {
        let slot = self.slot;
        self.inner.unit_variant().map_err(|e| outer(slot, e))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Typed> {
        let seed = Seed {
            inner: seed,
            cap: self.cap,
            parent: self.path,
            place: Place::Value(self.path.to_string()),
        };
        let slot = self.slot;
        self.inner
            .newtype_variant_seed(seed)
            .map_err(|e| outer(slot, e))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Typed> {
        let visitor = self.visitor(visitor);
        let slot = self.slot;
        self.inner
            .tuple_variant(len, visitor)
            .map_err(|e| outer(slot, e))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Typed> {
        let visitor = self.visitor(visitor);
        let slot = self.slot;
        self.inner
            .struct_variant(fields, visitor)
            .map_err(|e| outer(slot, e))
    }
}

impl<'a, A, E> Variant<'a, A, E> {
    fn visitor<V>(&self, inner: V) -> Vis<'a, V> {
        Vis {
            inner,
            cap: self.cap,
            path: self.path.to_string(),
            key: false,
        }
    }
}
