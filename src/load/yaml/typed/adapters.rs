//! The adapters: a deserializer, visitor, seed and the list, map and enum
//! accesses, each passing every call on to serde_yaml's own and turning
//! errors into [`Typed`] ones on the way.

use super::*;

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
