//! A model read straight from its stored item, one attribute per field, without serde's
//! visitors: what `#[derive(Model)]` generates for a struct whose only serde attributes are
//! `rename` and `rename_all`. A field of a type the derive recognises by its spelling
//! (`String`, `bool`, the integer and float types, and `Option`s and `Vec`s of them) whose
//! value has the shape it is stored in (`S`, `BOOL`, `N`, `NULL`, `L`, `SS`, `NS`) is
//! converted in place: a list's strings are moved into the `Vec` in its own allocation.
//! Every other type, and every other shape, goes through serde, so that what reads and the
//! errors it gives are serde's own.

use super::de::from_attribute_value;
use super::CodecError;
use crate::Item;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::de::{self, DeserializeOwned, Visitor};
use serde::forward_to_deserialize_any;

/// A field type read without serde from the shape it is stored in.
///
/// ```
/// use dynamoxide::__private::Direct;
/// use dynamoxide::types::AttributeValue;
///
/// let lines = AttributeValue::L(vec![AttributeValue::S("sku-1".into())]);
/// assert_eq!(Vec::<String>::from_value(lines).unwrap(), ["sku-1"]);
/// assert_eq!(Option::<u8>::missing("rank").unwrap(), None);
/// ```
#[doc(hidden)]
pub trait Direct: DeserializeOwned {
    /// Reads a stored value; a value of another shape goes through serde.
    fn from_value(value: AttributeValue) -> Result<Self, CodecError>;

    /// The value of a field whose attribute the item lacks: an error naming it, as serde
    /// gives (`None` for an `Option`).
    fn missing(name: &'static str) -> Result<Self, CodecError> {
        Err(de::Error::missing_field(name))
    }
}

/// Takes the attribute `name` out of `item` into a field of a type the derive recognises.
///
/// ```
/// use dynamoxide::__private::take;
/// use dynamoxide::types::AttributeValue;
///
/// let mut item = [("total".to_owned(), AttributeValue::N("12.5".into()))].into();
/// assert_eq!(take::<f64>(&mut item, "total").unwrap(), 12.5);
/// assert_eq!(take::<f64>(&mut item, "total").unwrap_err().path().as_deref(), Some("total"));
/// ```
#[doc(hidden)]
pub fn take<T: Direct>(item: &mut Item, name: &'static str) -> Result<T, CodecError> {
    present(
        item.remove(name)
            .map(|value| read(value, name))
            .transpose()?,
        name,
    )
}

/// Reads the value of attribute `name` into a field of a type the derive recognises.
///
/// ```
/// use dynamoxide::__private::read;
/// use dynamoxide::types::AttributeValue;
///
/// assert_eq!(read::<u8>(AttributeValue::N("7".into()), "rank").unwrap(), 7);
/// let error = read::<u8>(AttributeValue::N("700".into()), "rank").unwrap_err();
/// assert_eq!(error.path().as_deref(), Some("rank"));
/// ```
#[doc(hidden)]
pub fn read<T: Direct>(value: AttributeValue, name: &'static str) -> Result<T, CodecError> {
    T::from_value(value).map_err(|error| error.at_key(name))
}

/// The field read from attribute `name`, or what a missing one reads as.
///
/// ```
/// use dynamoxide::__private::present;
///
/// assert_eq!(present::<Option<u8>>(None, "rank").unwrap(), None);
/// assert_eq!(present::<u8>(Some(7), "rank").unwrap(), 7);
/// assert!(present::<u8>(None, "rank").is_err());
/// ```
#[doc(hidden)]
pub fn present<T: Direct>(read: Option<T>, name: &'static str) -> Result<T, CodecError> {
    read.map_or_else(|| T::missing(name), Ok)
}

/// Reads the value of attribute `name` into a field of any other type, through serde.
///
/// ```
/// use dynamoxide::__private::read_serde;
/// use dynamoxide::types::AttributeValue;
/// use std::collections::BTreeSet;
///
/// let tags: BTreeSet<String> =
///     read_serde(AttributeValue::Ss(vec!["a".into()]), "tags").unwrap();
/// assert!(tags.contains("a"));
/// ```
#[doc(hidden)]
pub fn read_serde<T: DeserializeOwned>(
    value: AttributeValue,
    name: &'static str,
) -> Result<T, CodecError> {
    from_attribute_value(value).map_err(|error| error.at_key(name))
}

/// A field of any other type read from attribute `name`, or what serde reads a missing one
/// as.
///
/// ```
/// use dynamoxide::__private::present_serde;
/// use std::collections::BTreeSet;
///
/// assert_eq!(present_serde::<Option<BTreeSet<u8>>>(None, "tags").unwrap(), None);
/// assert!(present_serde::<BTreeSet<u8>>(None, "tags").is_err());
/// ```
#[doc(hidden)]
pub fn present_serde<T: DeserializeOwned>(
    read: Option<T>,
    name: &'static str,
) -> Result<T, CodecError> {
    read.map_or_else(|| T::deserialize(Missing(name)), Ok)
}

/// What serde's derive reads a missing field from: `None` for a type that reads an option,
/// else the error naming the field.
struct Missing(&'static str);

impl<'de> de::Deserializer<'de> for Missing {
    type Error = CodecError;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, CodecError> {
        Err(de::Error::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CodecError> {
        visitor.visit_none()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

impl Direct for String {
    fn from_value(value: AttributeValue) -> Result<Self, CodecError> {
        match value {
            AttributeValue::S(text) => Ok(text),
            other => from_attribute_value(other),
        }
    }
}

impl Direct for bool {
    fn from_value(value: AttributeValue) -> Result<Self, CodecError> {
        match value {
            AttributeValue::Bool(value) => Ok(value),
            other => from_attribute_value(other),
        }
    }
}

macro_rules! numbers {
    ($($ty:ty),*) => {$(
        impl Direct for $ty {
            fn from_value(value: AttributeValue) -> Result<Self, CodecError> {
                match value {
                    AttributeValue::N(text) => match text.parse() {
                        Ok(number) => Ok(number),
                        Err(_) => from_attribute_value(AttributeValue::N(text)),
                    },
                    other => from_attribute_value(other),
                }
            }
        }
    )*};
}

numbers!(i8, i16, i32, i64, i128, u8, u16, u32, u64, u128, f32, f64);

impl<T: Direct> Direct for Option<T> {
    fn from_value(value: AttributeValue) -> Result<Self, CodecError> {
        match value {
            AttributeValue::Null(true) => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }

    fn missing(_name: &'static str) -> Result<Self, CodecError> {
        Ok(None)
    }
}

impl<T: Direct> Direct for Vec<T> {
    fn from_value(value: AttributeValue) -> Result<Self, CodecError> {
        match value {
            AttributeValue::L(list) => elements(list, |element| element),
            AttributeValue::Ss(set) => elements(set, AttributeValue::S),
            AttributeValue::Ns(set) => elements(set, AttributeValue::N),
            other => from_attribute_value(other),
        }
    }
}

/// The elements of a list or set, each read as `T`; an error names its position.
fn elements<E, T: Direct>(
    elements: Vec<E>,
    stored: impl Fn(E) -> AttributeValue,
) -> Result<Vec<T>, CodecError> {
    elements
        .into_iter()
        .enumerate()
        .map(|(index, element)| T::from_value(stored(element)).map_err(|e| e.at_index(index)))
        .collect()
}
