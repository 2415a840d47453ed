//! A model read straight from its stored item, one attribute per field, without serde's
//! visitors: what `#[derive(Model)]` generates for a struct whose serde attributes do not
//! change how it reads. A field of a [`Direct`] type (`String`, `bool`, the integer and
//! float types, and `Option`s and `Vec`s of them) whose value has the shape it is stored in
//! (`S`, `BOOL`, `N`, `NULL`, `L`, `SS`, `NS`) is converted without serde: strings are
//! moved, and a list's elements are converted into the list's own allocation where the
//! standard library can reuse it. Every other type, and every other shape, goes through
//! serde, so that what reads is what serde reads, and an item with one fault gets serde's
//! error (with several, the reader may name another one first: it takes lists first).

use super::de::from_attribute_value;
use super::CodecError;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::de::{self, DeserializeOwned, Visitor};
use serde::forward_to_deserialize_any;
use std::marker::PhantomData;

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

/// A field of type `T`, to read: without serde when `T` is [`Direct`] ([`ReadDirect`]),
/// else through serde ([`ReadSerde`]). The generated reader calls the methods on
/// `&&ReadAs::<T>::NEW`; method lookup tries the impl for `&ReadAs<T>` first, which applies
/// only to `Direct` types, and otherwise finds the one for `ReadAs<T>` a step further
/// (autoref specialization: `T` is a concrete field type there). The methods' names are
/// unlike those of traits a user may have in scope, which would make a call in the
/// generated code ambiguous.
///
/// ```
/// use dynamoxide::__private::{ReadAs, ReadDirect as _, ReadSerde as _};
/// use dynamoxide::types::AttributeValue;
/// use std::collections::BTreeSet;
///
/// let total: f64 = (&&ReadAs::<f64>::NEW)
///     .read_field(AttributeValue::N("12.5".into()), "total")
///     .unwrap();
/// assert_eq!(total, 12.5);
/// let tags: BTreeSet<String> = (&&ReadAs::<BTreeSet<String>>::NEW)
///     .read_field(AttributeValue::Ss(vec!["a".into()]), "tags")
///     .unwrap();
/// assert!(tags.contains("a"));
/// ```
#[doc(hidden)]
pub struct ReadAs<T>(PhantomData<fn() -> T>);

impl<T> ReadAs<T> {
    /// The field, to call the reading methods on (through `&&`).
    pub const NEW: Self = ReadAs(PhantomData);
}

/// Reads a field of a [`Direct`] type.
///
/// ```
/// use dynamoxide::__private::{ReadAs, ReadDirect};
/// use dynamoxide::types::AttributeValue;
///
/// let field = &ReadAs::<Option<u8>>::NEW;
/// assert_eq!(field.read_field(AttributeValue::N("7".into()), "rank").unwrap(), Some(7));
/// assert_eq!(field.present_field(None, "rank").unwrap(), None);
/// let error = field.read_field(AttributeValue::N("700".into()), "rank").unwrap_err();
/// assert_eq!(error.path().as_deref(), Some("rank"));
/// ```
#[doc(hidden)]
pub trait ReadDirect<T> {
    /// Reads the value of attribute `name`.
    fn read_field(&self, value: AttributeValue, name: &'static str) -> Result<T, CodecError>;

    /// The field read from attribute `name` (`Some`), or what a missing one reads as.
    fn present_field(&self, read: Option<T>, name: &'static str) -> Result<T, CodecError>;
}

impl<T: Direct> ReadDirect<T> for &ReadAs<T> {
    fn read_field(&self, value: AttributeValue, name: &'static str) -> Result<T, CodecError> {
        T::from_value(value).map_err(|error| error.at_key(name))
    }

    fn present_field(&self, read: Option<T>, name: &'static str) -> Result<T, CodecError> {
        read.map_or_else(|| T::missing(name), Ok)
    }
}

/// Reads a field of any other type, through serde.
///
/// ```
/// use dynamoxide::__private::{ReadAs, ReadSerde};
/// use std::collections::BTreeSet;
///
/// let field = ReadAs::<Option<BTreeSet<u8>>>::NEW;
/// assert_eq!(field.present_field(None, "tags").unwrap(), None);
/// assert!(ReadAs::<BTreeSet<u8>>::NEW.present_field(None, "tags").is_err());
/// ```
#[doc(hidden)]
pub trait ReadSerde<T> {
    /// Reads the value of attribute `name`.
    fn read_field(&self, value: AttributeValue, name: &'static str) -> Result<T, CodecError>;

    /// The field read from attribute `name` (`Some`), or what serde reads a missing one as.
    fn present_field(&self, read: Option<T>, name: &'static str) -> Result<T, CodecError>;
}

impl<T: DeserializeOwned> ReadSerde<T> for ReadAs<T> {
    fn read_field(&self, value: AttributeValue, name: &'static str) -> Result<T, CodecError> {
        from_attribute_value(value).map_err(|error| error.at_key(name))
    }

    fn present_field(&self, read: Option<T>, name: &'static str) -> Result<T, CodecError> {
        read.map_or_else(|| T::deserialize(Missing(name)), Ok)
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

numbers!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64);

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
