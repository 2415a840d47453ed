//! Converts between a model and the item DynamoDB stores, through serde_dynamo, and checks
//! every item against DynamoDB's limits before it is sent.

use crate::error::{Error, Result};
use crate::limits;
use crate::model::Model;
use crate::schema::{Presence, ScalarType};
use crate::Item;
use aws_sdk_dynamodb::types::AttributeValue;
use std::fmt;

/// Whether a codec error happened writing a model or reading one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Model → item.
    Write,
    /// Item → model.
    Read,
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Direction::Write => "write",
            Direction::Read => "read",
        })
    }
}

/// Converts a model into the item to store: `None` fields of the model are left out (not
/// written as NULL; a `None` inside a nested struct or map is stored as NULL, so that maps
/// keep their entries), the key is checked against the key schema and the item against
/// DynamoDB's limits.
///
/// ```
/// use dynamoxide::{codec, Model};
/// use dynamoxide::types::AttributeValue;
///
/// #[derive(Model, serde::Serialize, serde::Deserialize)]
/// #[dynamo(table = "users")]
/// struct User {
///     #[dynamo(hash_key)]
///     id: String,
///     nickname: Option<String>,
/// }
///
/// let item = codec::to_item(&User { id: "u1".into(), nickname: None }).unwrap();
/// assert_eq!(item.len(), 1);
/// assert_eq!(item["id"], AttributeValue::S("u1".into()));
/// ```
pub fn to_item<M: Model>(model: &M) -> Result<Item> {
    let mut item: Item = match serde_dynamo::to_item(model) {
        Ok(item) => item,
        Err(error) => return Err(write_error::<M>(model, error)),
    };
    for attribute in M::SCHEMA.attributes {
        if attribute.presence == Presence::Optional
            && matches!(item.get(attribute.name), Some(AttributeValue::Null(true)))
        {
            item.remove(attribute.name);
        }
        if attribute.set {
            match item.remove(attribute.name) {
                Some(AttributeValue::L(list)) if list.is_empty() => {}
                Some(value) => {
                    item.insert(attribute.name.to_owned(), list_to_set(value));
                }
                None => {}
            }
        }
    }
    check_key::<M>(&item)?;
    check_index_keys::<M>(|name| item.get(name))?;
    limits::check_item(&item).map_err(|violation| Error::InvalidItem {
        model: M::SCHEMA.model_name,
        violation,
    })?;
    Ok(item)
}

/// Converts a stored item into a model. A missing required attribute, or one of the wrong
/// type, is an [`Error::Codec`] naming the attribute's path.
///
/// ```
/// use dynamoxide::{codec, Error, Model};
/// use dynamoxide::types::AttributeValue;
///
/// #[derive(Model, serde::Serialize, serde::Deserialize, Debug)]
/// #[dynamo(table = "users")]
/// struct User {
///     #[dynamo(hash_key)]
///     id: String,
///     age: u32,
/// }
///
/// let item = [("id".to_owned(), AttributeValue::S("u1".into()))].into();
/// let error = codec::from_item::<User>(item).unwrap_err();
/// assert!(matches!(error, Error::Codec { attribute: Some(ref a), .. } if a == "age"));
/// ```
pub fn from_item<M: Model>(mut item: Item) -> Result<M> {
    for attribute in M::SCHEMA.attributes {
        if attribute.set && attribute.presence == Presence::Required {
            // An empty set is not stored: it reads back as an empty collection.
            item.entry(attribute.name.to_owned())
                .or_insert_with(|| AttributeValue::L(Vec::new()));
        }
        if attribute.presence == Presence::Required && !item.contains_key(attribute.name) {
            return Err(Error::Codec {
                direction: Direction::Read,
                model: M::SCHEMA.model_name,
                attribute: Some(attribute.name.to_owned()),
                message: "the stored item has no such attribute".to_owned(),
                source: None,
            });
        }
    }
    from_partial_item::<M, M>(item)
}

/// Reads part of a stored item (the attributes an update returned) into `P`.
pub(crate) fn from_partial_item<M: Model, P: serde::de::DeserializeOwned>(item: Item) -> Result<P> {
    let item = serde_dynamo::Item::from(item).into_inner();
    let deserializer =
        serde_dynamo::Deserializer::from_attribute_value(serde_dynamo::AttributeValue::M(item));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let attribute = attribute_path(error.path());
        let source = error.into_inner();
        Error::Codec {
            direction: Direction::Read,
            model: M::SCHEMA.model_name,
            attribute,
            message: source.to_string(),
            source: Some(source),
        }
    })
}

/// Re-runs a failed serialization with path tracking, to name the attribute at fault.
fn write_error<M: Model>(model: &M, error: serde_dynamo::Error) -> Error {
    let attribute = serde_path_to_error::serialize(model, serde_dynamo::Serializer)
        .err()
        .and_then(|tracked| attribute_path(tracked.path()));
    Error::Codec {
        direction: Direction::Write,
        model: M::SCHEMA.model_name,
        attribute,
        message: error.to_string(),
        source: Some(error),
    }
}

fn attribute_path(path: &serde_path_to_error::Path) -> Option<String> {
    let rendered = path.to_string();
    (rendered != ".").then_some(rendered)
}

/// Checks that an item (a whole item, or a key alone) holds the model's key attributes with
/// the declared types and non-empty values.
#[doc(hidden)]
pub fn check_key<M: Model>(item: &Item) -> Result<()> {
    for (position, key) in M::SCHEMA.key_attributes().enumerate() {
        // DynamoDB: partition key values up to 2048 bytes, sort key values up to 1024.
        let max_length = if position == 0 { 2048 } else { 1024 };
        let invalid = |reason: String| Error::InvalidKey {
            model: M::SCHEMA.model_name,
            attribute: key.name.to_owned(),
            reason,
        };
        let problem = match item.get(key.name) {
            None => Some("is missing".to_owned()),
            Some(value) => key_value_problem(value, key.scalar_type, max_length),
        };
        if let Some(reason) = problem {
            return Err(invalid(reason));
        }
    }
    Ok(())
}

/// Checks the values a write gives to attributes that key a secondary index (`value_of`
/// answers for an attribute name): DynamoDB rejects the write when one is not a valid key
/// value. An attribute left out is fine: the item is then not in the index.
pub(crate) fn check_index_keys<'a, M: Model>(
    value_of: impl Fn(&str) -> Option<&'a AttributeValue>,
) -> Result<()> {
    for index in M::SCHEMA.indexes {
        for (position, key) in index.key_attributes().enumerate() {
            let Some(value) = value_of(key.name) else {
                continue;
            };
            let max_length = if position == 0 { 2048 } else { 1024 };
            if let Some(problem) = key_value_problem(value, key.scalar_type, max_length) {
                return Err(Error::InvalidKey {
                    model: M::SCHEMA.model_name,
                    attribute: key.name.to_owned(),
                    reason: format!("keys the index `{}` and {problem}", index.name),
                });
            }
        }
    }
    Ok(())
}

/// The primary key attributes of a whole item.
pub(crate) fn key_of<M: Model>(item: &Item) -> Item {
    M::SCHEMA
        .key_attributes()
        .filter_map(|key| Some((key.name.to_owned(), item.get(key.name)?.clone())))
        .collect()
}

/// What is wrong with a key attribute's value, if anything: its type must be the key
/// schema's, strings and binaries non-empty and at most `max_length` bytes, numbers in range.
pub(crate) fn key_value_problem(
    value: &AttributeValue,
    scalar_type: ScalarType,
    max_length: usize,
) -> Option<String> {
    match (value, scalar_type) {
        (AttributeValue::S(text), ScalarType::String) if text.is_empty() => {
            Some("is an empty string; key strings must be non-empty".to_owned())
        }
        (AttributeValue::S(text), ScalarType::String) if text.len() > max_length => Some(format!(
            "is {} bytes; this key holds at most {max_length}",
            text.len()
        )),
        (AttributeValue::S(_), ScalarType::String) => None,
        (AttributeValue::N(number), ScalarType::Number) => limits::check_number(number)
            .err()
            .map(|reason| format!("holds `{number}`, which {reason}")),
        (AttributeValue::B(blob), ScalarType::Binary) if blob.as_ref().is_empty() => {
            Some("is empty; key binaries must be non-empty".to_owned())
        }
        (AttributeValue::B(blob), ScalarType::Binary) if blob.as_ref().len() > max_length => {
            Some(format!(
                "is {} bytes; this key holds at most {max_length}",
                blob.as_ref().len()
            ))
        }
        (AttributeValue::B(_), ScalarType::Binary) => None,
        (other, expected) => Some(format!(
            "is stored as {}, but the key schema says {}",
            type_name(other),
            expected.as_str()
        )),
    }
}

/// Encodes one key field for the generated [`ModelKey::to_item`](crate::ModelKey::to_item).
#[doc(hidden)]
pub fn key_attribute_value<M: Model, T: serde::Serialize + ?Sized>(
    value: &T,
    name: &'static str,
) -> Result<AttributeValue> {
    serde_dynamo::to_attribute_value(value).map_err(|error| Error::Codec {
        direction: Direction::Write,
        model: M::SCHEMA.model_name,
        attribute: Some(name.to_owned()),
        message: error.to_string(),
        source: Some(error),
    })
}

fn type_name(value: &AttributeValue) -> &'static str {
    match value {
        AttributeValue::S(_) => "S",
        AttributeValue::N(_) => "N",
        AttributeValue::B(_) => "B",
        AttributeValue::Bool(_) => "BOOL",
        AttributeValue::Null(_) => "NULL",
        AttributeValue::L(_) => "L",
        AttributeValue::M(_) => "M",
        AttributeValue::Ss(_) => "SS",
        AttributeValue::Ns(_) => "NS",
        AttributeValue::Bs(_) => "BS",
        _ => "an unknown type",
    }
}

/// A list of strings, numbers or binaries as the matching DynamoDB set (`SS`, `NS`, `BS`);
/// an empty list becomes an empty `SS` (which the limits check rejects); any other value is
/// returned as it is.
pub(crate) fn list_to_set(value: AttributeValue) -> AttributeValue {
    let AttributeValue::L(list) = value else {
        return value;
    };
    let strings: Option<Vec<String>> = list
        .iter()
        .map(|element| match element {
            AttributeValue::S(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    if let Some(strings) = strings {
        return AttributeValue::Ss(strings);
    }
    let numbers: Option<Vec<String>> = list
        .iter()
        .map(|element| match element {
            AttributeValue::N(number) => Some(number.clone()),
            _ => None,
        })
        .collect();
    if let Some(numbers) = numbers {
        return AttributeValue::Ns(numbers);
    }
    let blobs: Option<Vec<_>> = list
        .iter()
        .map(|element| match element {
            AttributeValue::B(blob) => Some(blob.clone()),
            _ => None,
        })
        .collect();
    match blobs {
        Some(blobs) => AttributeValue::Bs(blobs),
        None => AttributeValue::L(list),
    }
}
