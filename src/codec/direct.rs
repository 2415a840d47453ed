//! A model read straight from its stored item and written straight into it, one attribute
//! per field, without serde's visitors: what `#[derive(Model)]` generates for a struct whose
//! serde attributes do not change how it reads (or writes). A field of a [`Direct`] type
//! (`String`, `bool`, the integer and float types, and `Option`s and `Vec`s of them) is
//! converted without serde: read from a value of the shape it is stored in (`S`, `BOOL`,
//! `N`, `NULL`, `L`, `SS`, `NS`), strings moved and a list's elements converted into the
//! list's own allocation where the standard library can reuse it; written as serde's
//! serializer writes it. Every other type, and a value of any other shape, goes through
//! serde, so that what reads is what serde reads and what is written is what serde writes;
//! an item with one fault gets serde's error (with several, the reader may name another one
//! first: it takes lists first).

use super::de::from_attribute_value;
use super::ser::{float, integer, to_attribute_value};
use super::CodecError;
use crate::limits;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::de::{self, DeserializeOwned, Visitor};
use serde::{forward_to_deserialize_any, Serialize};
use std::marker::PhantomData;

/// A field type read without serde from the shape it is stored in, and written without
/// serde as serde's serializer writes it.
///
/// ```
/// use dynamoxide::__private::Direct;
/// use dynamoxide::types::AttributeValue;
///
/// let lines = AttributeValue::L(vec![AttributeValue::S("sku-1".into())]);
/// assert_eq!(Vec::<String>::from_value(lines.clone()).unwrap(), ["sku-1"]);
/// assert_eq!(vec!["sku-1".to_owned()].to_value(), lines);
/// assert_eq!(Option::<u8>::missing("rank").unwrap(), None);
/// assert_eq!(Some(7u8).to_value(), AttributeValue::N("7".into()));
/// ```
#[doc(hidden)]
pub trait Direct: DeserializeOwned + Serialize {
    /// Reads a stored value; a value of another shape goes through serde.
    fn from_value(value: AttributeValue) -> Result<Self, CodecError>;

    /// The value of a field whose attribute the item lacks: an error naming it, as serde
    /// gives (`None` for an `Option`).
    fn missing(name: &'static str) -> Result<Self, CodecError> {
        Err(de::Error::missing_field(name))
    }

    /// The value serde's serializer stores for it.
    fn to_value(&self) -> AttributeValue;

    /// The bytes `written`, what [`to_value`](Direct::to_value) wrote for this value, adds
    /// to an item, when every number in it is one DynamoDB stores and telling so costs less
    /// than the limits' walk; `None` leaves it to the walk, which names what is wrong. (The
    /// item's size is checked against 400 KB either way.)
    fn stored_size(&self, written: &AttributeValue) -> Option<usize>;
}

/// A field of type `T`, to read or write: without serde when `T` is [`Direct`]
/// ([`ReadDirect`], [`WriteDirect`]), else through serde ([`ReadSerde`], [`WriteSerde`]).
/// The generated code calls the methods on `&&FieldAs::<T>::NEW`; method lookup tries the
/// impls for `&FieldAs<T>` first, which apply only to `Direct` types, and otherwise finds
/// those for `FieldAs<T>` a step further (autoref specialization: `T` is a concrete field
/// type there). The methods' names carry the crate's name: a trait in scope where a model
/// is derived, with a blanket impl and a method of the same name (`write_field`, say),
/// would make the generated call ambiguous.
///
/// ```
/// use dynamoxide::__private::{FieldAs, ReadDirect as _, ReadSerde as _, WriteDirect as _};
/// use dynamoxide::types::AttributeValue;
/// use std::collections::BTreeSet;
///
/// let total: f64 = (&&FieldAs::<f64>::NEW)
///     .__dynamoxide_read_field(AttributeValue::N("12.5".into()), "total")
///     .unwrap();
/// assert_eq!(total, 12.5);
/// let tags: BTreeSet<String> = (&&FieldAs::<BTreeSet<String>>::NEW)
///     .__dynamoxide_read_field(AttributeValue::Ss(vec!["a".into()]), "tags")
///     .unwrap();
/// assert!(tags.contains("a"));
/// let written = (&&FieldAs::<f64>::NEW).__dynamoxide_write_field(&total, "total", true).unwrap();
/// assert_eq!(written.value, AttributeValue::N("12.5".into()));
/// ```
#[doc(hidden)]
pub struct FieldAs<T>(PhantomData<fn() -> T>);

impl<T> FieldAs<T> {
    /// The field, to call the reading and writing methods on (through `&&`).
    pub const NEW: Self = FieldAs(PhantomData);
}

/// Reads a field of a [`Direct`] type.
///
/// ```
/// use dynamoxide::__private::{FieldAs, ReadDirect};
/// use dynamoxide::types::AttributeValue;
///
/// let field = &FieldAs::<Option<u8>>::NEW;
/// assert_eq!(field.__dynamoxide_read_field(AttributeValue::N("7".into()), "rank").unwrap(), Some(7));
/// assert_eq!(field.__dynamoxide_present_field(None, "rank").unwrap(), None);
/// let error = field.__dynamoxide_read_field(AttributeValue::N("700".into()), "rank").unwrap_err();
/// assert_eq!(error.path().as_deref(), Some("rank"));
/// ```
#[doc(hidden)]
pub trait ReadDirect<T> {
    /// Reads the value of attribute `name`.
    fn __dynamoxide_read_field(
        &self,
        value: AttributeValue,
        name: &'static str,
    ) -> Result<T, CodecError>;

    /// The field read from attribute `name` (`Some`), or what a missing one reads as.
    fn __dynamoxide_present_field(
        &self,
        read: Option<T>,
        name: &'static str,
    ) -> Result<T, CodecError>;
}

impl<T: Direct> ReadDirect<T> for &FieldAs<T> {
    fn __dynamoxide_read_field(
        &self,
        value: AttributeValue,
        name: &'static str,
    ) -> Result<T, CodecError> {
        T::from_value(value).map_err(|error| error.at_key(name))
    }

    fn __dynamoxide_present_field(
        &self,
        read: Option<T>,
        name: &'static str,
    ) -> Result<T, CodecError> {
        read.map_or_else(|| T::missing(name), Ok)
    }
}

/// Reads a field of any other type, through serde.
///
/// ```
/// use dynamoxide::__private::{FieldAs, ReadSerde};
/// use std::collections::BTreeSet;
///
/// let field = FieldAs::<Option<BTreeSet<u8>>>::NEW;
/// assert_eq!(field.__dynamoxide_present_field(None, "tags").unwrap(), None);
/// assert!(FieldAs::<BTreeSet<u8>>::NEW.__dynamoxide_present_field(None, "tags").is_err());
/// ```
#[doc(hidden)]
pub trait ReadSerde<T> {
    /// Reads the value of attribute `name`.
    fn __dynamoxide_read_field(
        &self,
        value: AttributeValue,
        name: &'static str,
    ) -> Result<T, CodecError>;

    /// The field read from attribute `name` (`Some`), or what serde reads a missing one as.
    fn __dynamoxide_present_field(
        &self,
        read: Option<T>,
        name: &'static str,
    ) -> Result<T, CodecError>;
}

impl<T: DeserializeOwned> ReadSerde<T> for FieldAs<T> {
    fn __dynamoxide_read_field(
        &self,
        value: AttributeValue,
        name: &'static str,
    ) -> Result<T, CodecError> {
        from_attribute_value(value).map_err(|error| error.at_key(name))
    }

    fn __dynamoxide_present_field(
        &self,
        read: Option<T>,
        name: &'static str,
    ) -> Result<T, CodecError> {
        read.map_or_else(|| T::deserialize(Missing(name)), Ok)
    }
}

/// A field as the generated writer wrote it: the value to store, and the bytes it adds to
/// the item when that is known without the limits' walk.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenField {
    /// The value stored for the field.
    pub value: AttributeValue,
    /// Its size as DynamoDB counts it ([`Direct::stored_size`]), the name not counted;
    /// `None` when the limits' walk is to tell.
    pub size: Option<usize>,
}

/// Writes a field of a [`Direct`] type, and tells its size when asked to (`sized`).
///
/// ```
/// use dynamoxide::__private::{FieldAs, WriteDirect};
/// use dynamoxide::types::AttributeValue;
///
/// let field = &FieldAs::<Option<u16>>::NEW;
/// let written = field.__dynamoxide_write_field(&Some(700), "rank", true).unwrap();
/// assert_eq!(written.value, AttributeValue::N("700".into()));
/// assert_eq!(written.size, Some(2)); // a byte for the one significant digit, and one more
/// let written = field.__dynamoxide_write_field(&Some(700), "rank", false).unwrap();
/// assert_eq!(written.size, None);
/// let written = field.__dynamoxide_write_field(&None, "rank", true).unwrap();
/// assert_eq!(written.value, AttributeValue::Null(true));
/// ```
#[doc(hidden)]
pub trait WriteDirect<T> {
    /// The value stored for `value` in attribute `name`, and its size if `sized`: an item
    /// whose size the limits' walk is to tell anyway does not ask.
    fn __dynamoxide_write_field(
        &self,
        value: &T,
        name: &'static str,
        sized: bool,
    ) -> Result<WrittenField, CodecError>;
}

impl<T: Direct> WriteDirect<T> for &FieldAs<T> {
    #[inline]
    fn __dynamoxide_write_field(
        &self,
        value: &T,
        _name: &'static str,
        sized: bool,
    ) -> Result<WrittenField, CodecError> {
        let written = value.to_value();
        let size = if sized {
            value.stored_size(&written)
        } else {
            None
        };
        Ok(WrittenField {
            value: written,
            size,
        })
    }
}

/// Writes a field of any other type, through serde; its size is left to the limits' walk.
///
/// ```
/// use dynamoxide::__private::{FieldAs, WriteSerde};
/// use dynamoxide::types::AttributeValue;
/// use std::collections::BTreeSet;
///
/// let tags = BTreeSet::from(["a".to_owned()]);
/// let written = FieldAs::<BTreeSet<String>>::NEW.__dynamoxide_write_field(&tags, "tags", true).unwrap();
/// assert_eq!(written.value, AttributeValue::L(vec![AttributeValue::S("a".into())]));
/// assert_eq!(written.size, None);
/// ```
#[doc(hidden)]
pub trait WriteSerde<T> {
    /// The value stored for `value` in attribute `name`; its size is never told, `sized`
    /// or not.
    fn __dynamoxide_write_field(
        &self,
        value: &T,
        name: &'static str,
        sized: bool,
    ) -> Result<WrittenField, CodecError>;
}

impl<T: Serialize> WriteSerde<T> for FieldAs<T> {
    fn __dynamoxide_write_field(
        &self,
        value: &T,
        name: &'static str,
        _sized: bool,
    ) -> Result<WrittenField, CodecError> {
        let value = to_attribute_value(value).map_err(|error| error.at_key(name))?;
        Ok(WrittenField { value, size: None })
    }
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

    #[inline]
    fn to_value(&self) -> AttributeValue {
        AttributeValue::S(self.clone())
    }

    fn stored_size(&self, _written: &AttributeValue) -> Option<usize> {
        Some(self.len())
    }
}

impl Direct for bool {
    fn from_value(value: AttributeValue) -> Result<Self, CodecError> {
        match value {
            AttributeValue::Bool(value) => Ok(value),
            other => from_attribute_value(other),
        }
    }

    #[inline]
    fn to_value(&self) -> AttributeValue {
        AttributeValue::Bool(*self)
    }

    fn stored_size(&self, _written: &AttributeValue) -> Option<usize> {
        Some(1)
    }
}

/// `Direct` for number types, each written as `$to_value` writes it and sized by `$size`
/// from the value and what it wrote.
macro_rules! numbers {
    ($to_value:ident, $size:expr => $($ty:ty),*) => {$(
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

            #[inline]
            fn to_value(&self) -> AttributeValue {
                $to_value(*self)
            }

            fn stored_size(&self, written: &AttributeValue) -> Option<usize> {
                match written {
                    AttributeValue::N(text) => $size(*self, text),
                    _ => None,
                }
            }
        }
    )*};
}

numbers!(integer, |_, text| limits::integer_size(text) =>
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);
numbers!(float, limits::float_size => f32, f64);

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

    #[inline]
    fn to_value(&self) -> AttributeValue {
        self.as_ref()
            .map_or(AttributeValue::Null(true), T::to_value)
    }

    fn stored_size(&self, written: &AttributeValue) -> Option<usize> {
        match self {
            Some(value) => value.stored_size(written),
            None => Some(1),
        }
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

    fn to_value(&self) -> AttributeValue {
        AttributeValue::L(self.iter().map(T::to_value).collect())
    }

    /// Each element's size and one byte more, and three bytes for the list; a list of lists
    /// is left to the walk, which counts how deep it nests.
    fn stored_size(&self, written: &AttributeValue) -> Option<usize> {
        const LIST_OVERHEAD: usize = 3;
        let AttributeValue::L(list) = written else {
            return None;
        };
        let mut size = LIST_OVERHEAD;
        for (value, element) in self.iter().zip(list) {
            if matches!(element, AttributeValue::L(_) | AttributeValue::M(_)) {
                return None;
            }
            size += 1 + value.stored_size(element)?;
        }
        Some(size)
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
