//! A serde serializer that builds aws-sdk-dynamodb attribute values directly, in the layout
//! serde_dynamo uses: structs and maps as `M`, sequences and tuples as `L`, `None` and unit as
//! `NULL`, unit variants as `S`, other variants as a one-entry `M` keyed by the variant name,
//! bytes as `B`. Going straight to the SDK's types skips the copy serde_dynamo makes from its
//! own value type. Beyond serde_dynamo: `i128`/`u128` are stored as `N`. Not taken over:
//! serde_dynamo's `string_set`/`number_set`/`binary_set` helpers (their values are stored as
//! `L`); dynamoxide makes sets from `HashSet`/`BTreeSet` fields instead. A model's own
//! optional attributes left `None` are not stored at all ([`to_item_value`]).

use super::error::CodecError;
use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::ser::{self, Serialize};
use std::collections::HashMap;

/// Serializes `value` into one attribute value.
pub(crate) fn to_attribute_value<T: Serialize + ?Sized>(
    value: &T,
) -> Result<AttributeValue, CodecError> {
    value.serialize(Serializer::NESTED)
}

/// Serializes a model into the `M` of its item, leaving out the `NULL` of every field
/// `absent` names: an optional attribute's `None` is not stored, and is cheaper never put
/// into the map than taken out of it.
pub(crate) fn to_item_value<T: Serialize + ?Sized>(
    model: &T,
    absent: fn(&str) -> bool,
) -> Result<AttributeValue, CodecError> {
    model.serialize(Serializer {
        absent: Some(absent),
    })
}

/// Integer `serialize_*` methods, each returning `$convert(v)`.
macro_rules! integers {
    ($convert:expr) => {
        integers!($convert; serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
            serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
            serialize_u32: u32, serialize_u64: u64, serialize_u128: u128);
    };
    ($convert:expr; $($method:ident: $ty:ty),*) => {$(
        fn $method(self, v: $ty) -> Result<Self::Ok, CodecError> {
            Ok($convert(v))
        }
    )*};
}

/// An integer, as it is stored.
pub(super) fn integer(value: impl itoa::Integer) -> AttributeValue {
    AttributeValue::N(integer_text(value))
}

/// A float, as it is stored: written as Rust displays it; a NaN or an infinity is caught by
/// the limits check, which names the attribute.
pub(super) fn float(value: impl std::fmt::Display) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

fn integer_text(value: impl itoa::Integer) -> String {
    itoa::Buffer::new().format(value).to_owned()
}

struct Serializer {
    /// At the top of a model: the fields whose `NULL` is left out ([`to_item_value`]).
    absent: Option<fn(&str) -> bool>,
}

impl Serializer {
    /// The serializer of every value below the top of a model.
    const NESTED: Serializer = Serializer { absent: None };
}

/// Whether a field serialized as `value` is left out of the map.
fn left_out(absent: Option<fn(&str) -> bool>, name: &str, value: &AttributeValue) -> bool {
    matches!(value, AttributeValue::Null(true)) && absent.is_some_and(|absent| absent(name))
}

impl ser::Serializer for Serializer {
    type Ok = AttributeValue;
    type Error = CodecError;
    type SerializeSeq = SeqSerializer;
    type SerializeTuple = SeqSerializer;
    type SerializeTupleStruct = SeqSerializer;
    type SerializeTupleVariant = VariantSerializer<SeqSerializer>;
    type SerializeMap = MapSerializer;
    type SerializeStruct = StructSerializer;
    type SerializeStructVariant = VariantSerializer<StructSerializer>;

    integers!(integer);

    fn serialize_bool(self, v: bool) -> Result<AttributeValue, CodecError> {
        Ok(AttributeValue::Bool(v))
    }
    fn serialize_f32(self, v: f32) -> Result<AttributeValue, CodecError> {
        Ok(float(v))
    }
    fn serialize_f64(self, v: f64) -> Result<AttributeValue, CodecError> {
        Ok(float(v))
    }
    fn serialize_char(self, v: char) -> Result<AttributeValue, CodecError> {
        Ok(AttributeValue::S(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<AttributeValue, CodecError> {
        Ok(AttributeValue::S(v.to_owned()))
    }
    /// Values serialized through `Display` (timestamps, UUIDs, addresses) keep the string
    /// they were written into, instead of a copy of it.
    fn collect_str<T: std::fmt::Display + ?Sized>(
        self,
        value: &T,
    ) -> Result<AttributeValue, CodecError> {
        Ok(AttributeValue::S(value.to_string()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<AttributeValue, CodecError> {
        Ok(AttributeValue::B(Blob::new(v)))
    }
    fn serialize_none(self) -> Result<AttributeValue, CodecError> {
        Ok(AttributeValue::Null(true))
    }
    fn serialize_some<T: Serialize + ?Sized>(
        self,
        value: &T,
    ) -> Result<AttributeValue, CodecError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<AttributeValue, CodecError> {
        Ok(AttributeValue::Null(true))
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<AttributeValue, CodecError> {
        Ok(AttributeValue::Null(true))
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<AttributeValue, CodecError> {
        Ok(AttributeValue::S(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<AttributeValue, CodecError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<AttributeValue, CodecError> {
        let value = value
            .serialize(Serializer::NESTED)
            .map_err(|error| error.at_key(variant))?;
        Ok(AttributeValue::M(HashMap::from([(
            variant.to_owned(),
            value,
        )])))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqSerializer, CodecError> {
        Ok(SeqSerializer(Vec::with_capacity(len.unwrap_or(0))))
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqSerializer, CodecError> {
        Ok(SeqSerializer(Vec::with_capacity(len)))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<SeqSerializer, CodecError> {
        Ok(SeqSerializer(Vec::with_capacity(len)))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantSerializer<SeqSerializer>, CodecError> {
        Ok(VariantSerializer {
            variant,
            inner: SeqSerializer(Vec::with_capacity(len)),
        })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapSerializer, CodecError> {
        Ok(MapSerializer {
            map: HashMap::with_capacity(len.unwrap_or(0)),
            key: None,
            absent: self.absent,
        })
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<StructSerializer, CodecError> {
        Ok(StructSerializer {
            map: HashMap::with_capacity(len),
            absent: self.absent,
        })
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantSerializer<StructSerializer>, CodecError> {
        Ok(VariantSerializer {
            variant,
            inner: StructSerializer {
                map: HashMap::with_capacity(len),
                absent: None,
            },
        })
    }
}

/// Builds an `L` from sequences and tuples.
struct SeqSerializer(Vec<AttributeValue>);

impl SeqSerializer {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CodecError> {
        let index = self.0.len();
        let value = value
            .serialize(Serializer::NESTED)
            .map_err(|error| error.at_index(index))?;
        self.0.push(value);
        Ok(())
    }
}

impl ser::SerializeSeq for SeqSerializer {
    type Ok = AttributeValue;
    type Error = CodecError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CodecError> {
        self.push(value)
    }
    fn end(self) -> Result<AttributeValue, CodecError> {
        Ok(AttributeValue::L(self.0))
    }
}

impl ser::SerializeTuple for SeqSerializer {
    type Ok = AttributeValue;
    type Error = CodecError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CodecError> {
        self.push(value)
    }
    fn end(self) -> Result<AttributeValue, CodecError> {
        Ok(AttributeValue::L(self.0))
    }
}

impl ser::SerializeTupleStruct for SeqSerializer {
    type Ok = AttributeValue;
    type Error = CodecError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CodecError> {
        self.push(value)
    }
    fn end(self) -> Result<AttributeValue, CodecError> {
        Ok(AttributeValue::L(self.0))
    }
}

/// Builds an `M` from a struct's fields.
struct StructSerializer {
    map: HashMap<String, AttributeValue>,
    absent: Option<fn(&str) -> bool>,
}

impl ser::SerializeStruct for StructSerializer {
    type Ok = AttributeValue;
    type Error = CodecError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), CodecError> {
        let value = value
            .serialize(Serializer::NESTED)
            .map_err(|error| error.at_key(key))?;
        if !left_out(self.absent, key, &value) {
            self.map.insert(key.to_owned(), value);
        }
        Ok(())
    }
    fn end(self) -> Result<AttributeValue, CodecError> {
        Ok(AttributeValue::M(self.map))
    }
}

/// Builds an `M` from a map whose keys serialize as strings or integers.
struct MapSerializer {
    map: HashMap<String, AttributeValue>,
    key: Option<String>,
    absent: Option<fn(&str) -> bool>,
}

impl ser::SerializeMap for MapSerializer {
    type Ok = AttributeValue;
    type Error = CodecError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), CodecError> {
        self.key = Some(key.serialize(MapKeySerializer)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CodecError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| CodecError::new("a map value was serialized before its key"))?;
        let value = match value.serialize(Serializer::NESTED) {
            Ok(value) => value,
            Err(error) => return Err(error.at_key(key)),
        };
        if left_out(self.absent, &key, &value) {
            // A later entry of a name replaces an earlier one, as its `NULL` did.
            self.map.remove(&key);
        } else {
            self.map.insert(key, value);
        }
        Ok(())
    }
    fn end(self) -> Result<AttributeValue, CodecError> {
        Ok(AttributeValue::M(self.map))
    }
}

/// Wraps a tuple or struct variant's content in a one-entry `M` keyed by the variant name.
struct VariantSerializer<S> {
    variant: &'static str,
    inner: S,
}

/// A variant's content in a one-entry `M` keyed by the variant name.
fn variant_map(variant: &'static str, content: AttributeValue) -> AttributeValue {
    AttributeValue::M(HashMap::from([(variant.to_owned(), content)]))
}

impl ser::SerializeTupleVariant for VariantSerializer<SeqSerializer> {
    type Ok = AttributeValue;
    type Error = CodecError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CodecError> {
        let variant = self.variant;
        self.inner
            .push(value)
            .map_err(|error| error.at_key(variant))
    }
    fn end(self) -> Result<AttributeValue, CodecError> {
        Ok(variant_map(self.variant, AttributeValue::L(self.inner.0)))
    }
}

impl ser::SerializeStructVariant for VariantSerializer<StructSerializer> {
    type Ok = AttributeValue;
    type Error = CodecError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), CodecError> {
        let variant = self.variant;
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
            .map_err(|error| error.at_key(variant))
    }
    fn end(self) -> Result<AttributeValue, CodecError> {
        Ok(variant_map(self.variant, AttributeValue::M(self.inner.map)))
    }
}

/// Turns a map key into the attribute name it is stored under: strings, characters, integers,
/// booleans and unit variants are accepted (as serde_dynamo does); anything else is an error.
struct MapKeySerializer;

fn unsupported_key() -> CodecError {
    CodecError::new(
        "a map key must be a string, a character, an integer, a boolean or a unit variant",
    )
}

impl ser::Serializer for MapKeySerializer {
    type Ok = String;
    type Error = CodecError;
    type SerializeSeq = ser::Impossible<String, CodecError>;
    type SerializeTuple = ser::Impossible<String, CodecError>;
    type SerializeTupleStruct = ser::Impossible<String, CodecError>;
    type SerializeTupleVariant = ser::Impossible<String, CodecError>;
    type SerializeMap = ser::Impossible<String, CodecError>;
    type SerializeStruct = ser::Impossible<String, CodecError>;
    type SerializeStructVariant = ser::Impossible<String, CodecError>;

    fn serialize_str(self, v: &str) -> Result<String, CodecError> {
        Ok(v.to_owned())
    }
    fn serialize_char(self, v: char) -> Result<String, CodecError> {
        Ok(v.to_string())
    }
    integers!(integer_text);
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, CodecError> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String, CodecError> {
        value.serialize(self)
    }
    fn serialize_bool(self, v: bool) -> Result<String, CodecError> {
        Ok(if v { "true" } else { "false" }.to_owned())
    }
    fn serialize_f32(self, _v: f32) -> Result<String, CodecError> {
        Err(unsupported_key())
    }
    fn serialize_f64(self, _v: f64) -> Result<String, CodecError> {
        Err(unsupported_key())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<String, CodecError> {
        Err(unsupported_key())
    }
    fn serialize_none(self) -> Result<String, CodecError> {
        Err(unsupported_key())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<String, CodecError> {
        Err(unsupported_key())
    }
    fn serialize_unit(self) -> Result<String, CodecError> {
        Err(unsupported_key())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<String, CodecError> {
        Err(unsupported_key())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<String, CodecError> {
        Err(unsupported_key())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, CodecError> {
        Err(unsupported_key())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, CodecError> {
        Err(unsupported_key())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, CodecError> {
        Err(unsupported_key())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, CodecError> {
        Err(unsupported_key())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, CodecError> {
        Err(unsupported_key())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, CodecError> {
        Err(unsupported_key())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, CodecError> {
        Err(unsupported_key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Inner {
        deep: Option<u8>,
    }

    #[derive(serde::Serialize)]
    struct Outer {
        gone: Option<u8>,
        kept: Option<u8>,
        inner: Inner,
    }

    #[derive(serde::Serialize)]
    struct Flattened {
        #[serde(flatten)]
        outer: Outer,
        own: Option<u8>,
    }

    fn absent(name: &str) -> bool {
        ["gone", "own", "deep"].contains(&name)
    }

    fn map(value: Result<AttributeValue, CodecError>) -> HashMap<String, AttributeValue> {
        match value {
            Ok(AttributeValue::M(map)) => map,
            other => panic!("not a map: {other:?}"),
        }
    }

    fn outer(gone: Option<u8>) -> Outer {
        Outer {
            gone,
            kept: None,
            inner: Inner { deep: None },
        }
    }

    #[test]
    fn only_the_named_nulls_at_the_top_are_left_out() {
        let null = AttributeValue::Null(true);
        let item = map(to_item_value(&outer(None), absent));
        assert!(!item.contains_key("gone"), "{item:?}");
        assert_eq!(item["kept"], null);
        let inner = HashMap::from([("deep".to_owned(), null.clone())]);
        assert_eq!(item["inner"], AttributeValue::M(inner));

        let item = map(to_item_value(&outer(Some(1)), absent));
        assert_eq!(item["gone"], AttributeValue::N("1".into()));

        let flattened = Flattened {
            outer: outer(None),
            own: None,
        };
        let item = map(to_item_value(&flattened, absent));
        assert!(
            !item.contains_key("gone") && !item.contains_key("own"),
            "{item:?}"
        );
        assert_eq!(item["kept"], null);

        let every_null = map(to_attribute_value(&flattened));
        assert_eq!(
            (every_null["gone"].clone(), every_null["own"].clone()),
            (null.clone(), null)
        );
    }
}
