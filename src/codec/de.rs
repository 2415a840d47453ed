//! A serde deserializer reading aws-sdk-dynamodb attribute values directly, the mirror of
//! [`ser`](super::ser): `M` as structs and maps, `L`, `SS`, `NS` and `BS` as sequences, `N` as
//! any number type, `NULL` as `None` or unit, `S` or a one-entry `M` as an enum. It consumes
//! the item, moving strings out instead of copying them, and skips attributes the target type
//! ignores without looking at them. A little more lenient than serde_dynamo: `N` reads into
//! `i128`/`u128`, and `NULL` with the value `false` reads as unit.

use super::error::CodecError;
use super::type_name;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;
use std::collections::hash_map;

/// Deserializes one attribute value into `T`.
pub(crate) fn from_attribute_value<T: de::DeserializeOwned>(
    value: AttributeValue,
) -> Result<T, CodecError> {
    T::deserialize(Deserializer(value))
}

struct Deserializer(AttributeValue);

fn expected(what: &str, found: &AttributeValue) -> CodecError {
    CodecError::new(format!("expected {what}, found {}", describe(found)))
}

fn describe(value: &AttributeValue) -> String {
    let article = match value {
        AttributeValue::S(_) => "a string",
        AttributeValue::N(_) => "a number",
        AttributeValue::B(_) => "a binary",
        AttributeValue::Bool(_) => "a boolean",
        AttributeValue::Null(_) => "a null",
        AttributeValue::L(_) => "a list",
        AttributeValue::M(_) => "a map",
        AttributeValue::Ss(_) => "a string set",
        AttributeValue::Ns(_) => "a number set",
        AttributeValue::Bs(_) => "a binary set",
        _ => "a value",
    };
    format!("{article} ({})", type_name(value))
}

/// Parses the text of an `N` as `T`, or says which number did not fit.
fn parse<T: std::str::FromStr>(number: &str, target: &str) -> Result<T, CodecError> {
    number
        .parse()
        .map_err(|_| CodecError::new(format!("the number `{number}` is not a valid {target}")))
}

macro_rules! numbers {
    ($($method:ident => $visit:ident: $ty:ty),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
            match self.0 {
                AttributeValue::N(number) => visitor.$visit(parse::<$ty>(&number, stringify!($ty))?),
                other => Err(expected("a number (N)", &other)),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Deserializer {
    type Error = CodecError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        match self.0 {
            AttributeValue::S(text) => visitor.visit_string(text),
            AttributeValue::N(number) => visit_number(&number, visitor),
            AttributeValue::Bool(value) => visitor.visit_bool(value),
            AttributeValue::B(blob) => visitor.visit_byte_buf(blob.into_inner()),
            AttributeValue::Null(_) => visitor.visit_unit(),
            AttributeValue::M(map) => visitor.visit_map(MapAccess::new(map)),
            other => visit_sequence(other, visitor),
        }
    }

    numbers! {
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_u128 => visit_u128: u128,
        deserialize_f32 => visit_f32: f32,
        deserialize_f64 => visit_f64: f64,
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        match self.0 {
            AttributeValue::Bool(value) => visitor.visit_bool(value),
            other => Err(expected("a boolean (BOOL)", &other)),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        match self.0 {
            AttributeValue::S(text) => {
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(only), None) => visitor.visit_char(only),
                    _ => Err(CodecError::new(format!(
                        "expected a single character, found the string `{text}`"
                    ))),
                }
            }
            other => Err(expected("a string (S)", &other)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        match self.0 {
            AttributeValue::S(text) => visitor.visit_string(text),
            other => Err(expected("a string (S)", &other)),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        self.deserialize_byte_buf(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        match self.0 {
            AttributeValue::B(blob) => visitor.visit_byte_buf(blob.into_inner()),
            other => Err(expected("a binary (B)", &other)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        match self.0 {
            AttributeValue::Null(true) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        match self.0 {
            AttributeValue::Null(_) => visitor.visit_unit(),
            other => Err(expected("a null (NULL)", &other)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        visit_sequence(self.0, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        visit_sequence(self.0, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        visit_sequence(self.0, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        match self.0 {
            AttributeValue::M(map) => visitor.visit_map(MapAccess::new(map)),
            other => Err(expected("a map (M)", &other)),
        }
    }

    /// A struct is stored as a map; one stored as a list (serde's compact form) reads too.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        match self.0 {
            AttributeValue::M(map) => visitor.visit_map(MapAccess::new(map)),
            list @ AttributeValue::L(_) => visit_sequence(list, visitor),
            other => Err(expected("a map (M)", &other)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        match self.0 {
            AttributeValue::S(variant) => visitor.visit_enum(variant.into_deserializer()),
            AttributeValue::M(map) => {
                let found = map.len();
                let mut entries = map.into_iter();
                match (entries.next(), entries.next()) {
                    (Some((variant, content)), None) => {
                        visitor.visit_enum(EnumAccess { variant, content })
                    }
                    _ => Err(CodecError::new(format!(
                        "expected an enum variant: a string (S) or a one-entry map (M), \
                         found a map (M) of {found} entries"
                    ))),
                }
            }
            other => Err(expected(
                "an enum variant: a string (S) or a one-entry map (M)",
                &other,
            )),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        visitor.visit_unit()
    }
}

/// An `N` read by a type that accepts any number: an integer when it is one, else a float.
fn visit_number<'de, V: Visitor<'de>>(number: &str, visitor: V) -> Result<V::Value, CodecError> {
    if let Ok(value) = number.parse::<i64>() {
        visitor.visit_i64(value)
    } else if let Ok(value) = number.parse::<u64>() {
        visitor.visit_u64(value)
    } else {
        visitor.visit_f64(parse::<f64>(number, "f64")?)
    }
}

/// Visits a list or a set as a sequence.
fn visit_sequence<'de, V: Visitor<'de>>(
    value: AttributeValue,
    visitor: V,
) -> Result<V::Value, CodecError> {
    match value {
        AttributeValue::L(list) => visitor.visit_seq(SeqAccess::new(list.into_iter())),
        AttributeValue::Ss(set) => {
            visitor.visit_seq(SeqAccess::new(set.into_iter().map(AttributeValue::S)))
        }
        AttributeValue::Ns(set) => {
            visitor.visit_seq(SeqAccess::new(set.into_iter().map(AttributeValue::N)))
        }
        AttributeValue::Bs(set) => {
            visitor.visit_seq(SeqAccess::new(set.into_iter().map(AttributeValue::B)))
        }
        // A `Vec<u8>` field stored as a binary.
        AttributeValue::B(blob) => visitor.visit_seq(de::value::SeqDeserializer::new(
            blob.into_inner().into_iter(),
        )),
        other => Err(expected(
            "a list (L), a set (SS, NS, BS) or a binary (B)",
            &other,
        )),
    }
}

struct SeqAccess<I> {
    elements: I,
    index: usize,
}

impl<I> SeqAccess<I> {
    fn new(elements: I) -> Self {
        SeqAccess { elements, index: 0 }
    }
}

impl<'de, I: ExactSizeIterator<Item = AttributeValue>> de::SeqAccess<'de> for SeqAccess<I> {
    type Error = CodecError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, CodecError> {
        let Some(element) = self.elements.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        seed.deserialize(Deserializer(element))
            .map(Some)
            .map_err(|error| error.at_index(index))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.elements.len())
    }
}

/// Walks an `M`, keeping the current key to name the attribute when its value fails.
struct MapAccess {
    entries: hash_map::IntoIter<String, AttributeValue>,
    key: String,
    value: Option<AttributeValue>,
}

impl MapAccess {
    fn new(map: std::collections::HashMap<String, AttributeValue>) -> Self {
        MapAccess {
            entries: map.into_iter(),
            key: String::new(),
            value: None,
        }
    }
}

impl<'de> de::MapAccess<'de> for MapAccess {
    type Error = CodecError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, CodecError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.key = key;
        self.value = Some(value);
        seed.deserialize(KeyDeserializer(&self.key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, CodecError> {
        let value = self
            .value
            .take()
            .ok_or_else(|| CodecError::new("a map value was read before its key"))?;
        seed.deserialize(Deserializer(value))
            .map_err(|error| error.at_key(std::mem::take(&mut self.key)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A map key: lent to struct field identifiers (no copy), copied for maps keyed by
/// strings, parsed for maps keyed by integers or booleans.
struct KeyDeserializer<'a>(&'a str);

macro_rules! integer_keys {
    ($($method:ident => $visit:ident: $ty:ty),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
            visitor.$visit(
                self.0.parse::<$ty>()
                    .map_err(|_| CodecError::new(format!(
                        "the map key `{}` is not a valid {}", self.0, stringify!($ty)
                    )))?,
            )
        }
    )*};
}

impl<'de> de::Deserializer<'de> for KeyDeserializer<'_> {
    type Error = CodecError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        visitor.visit_str(self.0)
    }

    integer_keys! {
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_u128 => visit_u128: u128,
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        visitor.visit_string(self.0.to_owned())
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        match self.0 {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            other => Err(CodecError::new(format!(
                "the map key `{other}` is not a boolean"
            ))),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        visitor.visit_enum(self.0.into_deserializer())
    }

    forward_to_deserialize_any! {
        f32 f64 char str bytes byte_buf option unit unit_struct seq tuple tuple_struct
        map struct identifier ignored_any
    }
}

/// A tuple, newtype or struct variant stored as a one-entry `M`.
struct EnumAccess {
    variant: String,
    content: AttributeValue,
}

impl<'de> de::EnumAccess<'de> for EnumAccess {
    type Error = CodecError;
    type Variant = VariantAccess;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, VariantAccess), CodecError> {
        let value = seed.deserialize(KeyDeserializer(&self.variant))?;
        Ok((
            value,
            VariantAccess {
                variant: self.variant,
                content: self.content,
            },
        ))
    }
}

struct VariantAccess {
    variant: String,
    content: AttributeValue,
}

impl<'de> de::VariantAccess<'de> for VariantAccess {
    type Error = CodecError;

    fn unit_variant(self) -> Result<(), CodecError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, CodecError> {
        let variant = self.variant;
        seed.deserialize(Deserializer(self.content))
            .map_err(|error| error.at_key(variant))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        let variant = self.variant;
        visit_sequence(self.content, visitor).map_err(|error| error.at_key(variant))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, CodecError> {
        let variant = self.variant;
        de::Deserializer::deserialize_map(Deserializer(self.content), visitor)
            .map_err(|error| error.at_key(variant))
    }
}
