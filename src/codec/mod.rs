//! Converts between a model and the item DynamoDB stores, and checks every item against
//! DynamoDB's limits before it is sent. The serde serializer and deserializer work on the
//! SDK's attribute values directly, in serde_dynamo's layout. A model with no serde
//! attribute that changes reading, and no `#[dynamo(read_with_serde)]`, is read by code
//! `#[derive(Model)]` generates instead, and one with none that changes writing, and no
//! `#[dynamo(write_with_serde)]`, is written by generated code: one attribute per field,
//! strings, numbers, booleans and lists of them converted without serde, every other field
//! through serde. It reads what serde reads, and names serde's error for an item with one
//! fault; it writes what serde writes.

mod de;
pub(crate) mod direct;
mod error;
mod ser;

use direct::WrittenField;

pub use error::CodecError;
pub(crate) use ser::to_attribute_value;
use ser::to_item_value;

use crate::error::{Error, Result};
use crate::limits;
use crate::model::Model;
use crate::schema::{Presence, ScalarType, Storage};
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
    to_stored_item(model, false)
}

/// [`to_item`] for a write that makes a new item (`create`: `created_at` is now) or may
/// replace one.
pub(crate) fn to_stored_item<M: Model>(model: &M, create: bool) -> Result<Item> {
    to_stored_item_keyed(model, create, |_, _| ()).map(|(item, ())| item)
}

/// [`to_stored_item`], and what `with_key` makes of the stored item's key attributes (hash
/// key first) and its size as DynamoDB counts it, which the item's checks find on their way
/// instead of looking them up or walking the item again.
pub(crate) fn to_stored_item_keyed<M: Model, K>(
    model: &M,
    create: bool,
    with_key: impl FnOnce(&[(&str, &AttributeValue)], usize) -> K,
) -> Result<(Item, K)> {
    let EncodedItem {
        mut item,
        size: encoded_size,
    } = model
        .__encode()
        .map_err(|error| codec_error::<M>(Direction::Write, error))?;
    model.__write_rules(Some(&mut item), create)?;
    if create {
        for counter in M::SCHEMA.counters {
            item.insert(
                counter.name.to_owned(),
                AttributeValue::N(counter.start.to_string()),
            );
        }
    }
    // `None` in an optional attribute is not stored: neither the serializer, the generated
    // writer (`store_encoded`) nor the write rules (`store_written`) put one in.
    debug_assert!(
        !item.iter().any(|(name, value)| left_out::<M>(name, value)),
        "an optional attribute's `None` reached the stored item of `{}`",
        M::SCHEMA.model_name
    );
    for attribute in M::SCHEMA.attributes {
        if attribute.storage == Storage::Serialized {
            continue;
        }
        match item.get_mut(attribute.name) {
            None => {}
            Some(AttributeValue::L(list))
                if attribute.storage == Storage::Set && list.is_empty() =>
            {
                item.remove(attribute.name);
            }
            Some(value) => {
                let serialized = std::mem::replace(value, AttributeValue::Null(true));
                *value = attribute.storage.store(serialized);
            }
        }
    }
    crate::template::add_derived(M::SCHEMA, &mut item).map_err(|message| Error::Codec {
        direction: Direction::Write,
        model: M::SCHEMA.model_name,
        attribute: None,
        message,
        source: None,
    })?;
    // A counter's start replaces what the writer wrote for it, on create.
    let size = encoded_size.filter(|_| !create || M::SCHEMA.counters.is_empty());
    let checked = check_stored::<M>(&item, size)?;
    let keyed = with_key(&checked.key[..checked.key_length], checked.size);
    Ok((item, keyed))
}

/// Whether a stored item of `M` is the item its writer wrote (but for a counter's start on
/// create), so that the size the writer finds holds: no write rule, storage other than
/// serde's, key template or entity type changes it.
fn stored_as_encoded<M: Model>() -> bool {
    let schema = M::SCHEMA;
    !M::__RULES_CHANGE_ITEM
        && schema.templates.is_empty()
        && schema.entity.is_none()
        && schema
            .attributes
            .iter()
            .all(|attribute| attribute.storage == Storage::Serialized)
}

/// Whether `M`'s schema names the attribute `name`: `#[dynamo(extra)]` attributes of that
/// name are neither read nor written, the schema's attribute wins.
#[doc(hidden)]
pub fn names_attribute<M: Model>(name: &str) -> bool {
    M::SCHEMA.attribute(name).is_some()
}

/// Stores `value`, which a write rule made, as the attribute `name` of `item`: an optional
/// attribute's `None` (`NULL`) is not stored, and takes out what was there.
#[doc(hidden)]
pub fn store_written<M: Model>(item: &mut Item, name: &str, value: AttributeValue) {
    if left_out::<M>(name, &value) {
        item.remove(name);
    } else {
        item.insert(name.to_owned(), value);
    }
}

/// A model's item as [`Model::__encode`] wrote it, before the schema changes it, and the
/// bytes DynamoDB counts for it when the writer knew every attribute's size.
#[doc(hidden)]
#[derive(Debug)]
pub struct EncodedItem {
    item: Item,
    /// `None` once one attribute's size is left to the limits' walk.
    size: Option<usize>,
}

impl EncodedItem {
    /// An item of `M` for the generated writer to store `attributes` attributes in. Its size
    /// is summed as long as each attribute's is told, when the size can stand for the stored
    /// item's ([`stored_as_encoded`]); otherwise no field is asked for its size.
    pub fn for_model<M: Model>(attributes: usize) -> EncodedItem {
        EncodedItem {
            item: Item::with_capacity(attributes),
            size: stored_as_encoded::<M>().then_some(0),
        }
    }

    /// Whether the size of the next attribute is asked for: the sum is still known.
    pub fn sizing(&self) -> bool {
        self.size.is_some()
    }

    /// An item whose size the limits' walk is to tell: what serde wrote.
    pub(crate) fn of_unknown_size(item: Item) -> EncodedItem {
        EncodedItem { item, size: None }
    }
}

/// Puts `written`, which the generated writer wrote for attribute `name`, into the item it is
/// making: an optional attribute's `None` (`NULL`) is not stored, as [`serialize_item`]
/// leaves it out (the generator tells which attributes are optional). The item holds no
/// earlier value to take out, unlike [`store_written`]'s. Inlined, so that the name's copy
/// is of a length known where it is made.
#[doc(hidden)]
#[inline(always)]
pub fn store_encoded(
    item: &mut EncodedItem,
    name: &'static str,
    written: WrittenField,
    optional: bool,
) {
    if !(optional && matches!(written.value, AttributeValue::Null(true))) {
        item.size = item
            .size
            .zip(written.size)
            .map(|(size, value_size)| size + name.len() + value_size);
        item.item.insert(name.to_owned(), written.value);
    }
}

/// Whether `value`, written for attribute `name` of `M`, is an optional attribute's `None`,
/// which is not stored.
fn left_out<M: Model>(name: &str, value: &AttributeValue) -> bool {
    matches!(value, AttributeValue::Null(true)) && optional::<M>(name)
}

/// Serializes a whole model into its item through serde: what a model without a generated
/// writer stores (`Model::__encode`).
pub(crate) fn serialize_item<M: Model>(model: &M) -> std::result::Result<Item, CodecError> {
    match to_item_value(model, optional::<M>)? {
        AttributeValue::M(item) => Ok(item),
        other => Err(CodecError::new(format!(
            "a model must serialize as a map (M), not as {}",
            type_name(&other)
        ))),
    }
}

/// Whether `name` is an optional attribute of `M`, which is not stored when `None`.
fn optional<M: Model>(name: &str) -> bool {
    M::SCHEMA
        .attribute(name)
        .is_some_and(|attribute| attribute.presence == Presence::Optional)
}

/// Checks a stored item of `M`, in this order: its key, its index keys, DynamoDB's limits.
/// Gives its key attributes and its size. Given the size its writer found (`known_size`,
/// which it finds only for numbers within DynamoDB's limits), it walks the item only to find
/// the key attributes; otherwise it sizes each attribute on that walk too (and walks the item
/// a second time when a limit is broken, to say which).
fn check_stored<M: Model>(item: &Item, known_size: Option<usize>) -> Result<CheckedItem<'_>> {
    let names = [
        Some(M::SCHEMA.hash_key.name),
        M::SCHEMA.range_key.as_ref().map(|key| key.name),
    ];
    debug_assert!(
        known_size.is_none_or(|size| item
            .iter()
            .map(|(name, value)| limits::attribute_size(name, value))
            .sum::<Option<usize>>()
            == Some(size)),
        "the size `{}`'s writer found is not the item's",
        M::SCHEMA.model_name
    );
    // The key attributes are found on the way rather than looked up: comparing a few names
    // costs less than hashing two.
    let mut key = [None, None];
    let mut walked_size = Some(0);
    for (name, value) in item {
        if let Some(at) = names.iter().position(|key| *key == Some(name.as_str())) {
            key[at] = Some(value);
        }
        if known_size.is_none() {
            walked_size =
                walked_size.and_then(|size| Some(size + limits::attribute_size(name, value)?));
        }
    }
    let size = known_size.or(walked_size);
    // No broken limit found (the size is checked below): every number in the item is one
    // DynamoDB stores, and the key checks need not read them again.
    let numbers = if size.is_some() {
        Numbers::Valid
    } else {
        Numbers::Unchecked
    };
    check_key_values::<M>(key, numbers)?;
    check_index_keys::<M>(|name| item.get(name), numbers)?;
    // A limit broken: the item is walked again to say which.
    let size = size
        .map_or_else(|| limits::check_item(item), limits::check_size)
        .map_err(|violation| Error::InvalidItem {
            model: M::SCHEMA.model_name,
            violation,
        })?;
    let hash = (
        M::SCHEMA.hash_key.name,
        key[0].expect("the key was checked"),
    );
    let (key, key_length) = match (names[1], key[1]) {
        (Some(range), Some(value)) => ([hash, (range, value)], 2),
        _ => ([hash, hash], 1),
    };
    Ok(CheckedItem {
        key,
        key_length,
        size,
    })
}

/// What [`check_stored`] finds on its way: the item's key attributes and its size.
struct CheckedItem<'a> {
    /// The key attributes, hash key first.
    key: [(&'static str, &'a AttributeValue); 2],
    /// How many of `key` the item has: 1 without a range key.
    key_length: usize,
    /// The item's size as DynamoDB counts it.
    size: usize,
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
pub fn from_item<M: Model>(item: Item) -> Result<M> {
    let mut model = from_item_without_hooks::<M>(item)?;
    crate::hooks::after_read(&mut model)?;
    Ok(model)
}

/// [`from_item`] without the model's `after_read` hook: the item a write hook sees.
pub(crate) fn from_item_without_hooks<M: Model>(mut item: Item) -> Result<M> {
    check_entity::<M>(&item)?;
    let schema = M::SCHEMA;
    if !schema.templates.is_empty() || schema.entity.is_some() {
        item.retain(|name, _| !schema.is_derived(name));
    }
    let extra = before_read::<M>(&mut item)?;
    // An empty set is not stored: it reads back as an empty collection. Other missing
    // attributes are left to the deserializer, which names them (`CodecError::missing_field`).
    for attribute in M::SCHEMA.attributes {
        let set = attribute.storage == Storage::Set && attribute.presence == Presence::Required;
        // Looked up by `&str` first: `entry` would copy the name on every read.
        if set && !item.contains_key(attribute.name) {
            item.insert(attribute.name.to_owned(), AttributeValue::L(Vec::new()));
        }
    }
    M::__decode(item)
        .map(|model| model.__after_read(extra))
        .map_err(|error| codec_error::<M>(Direction::Read, error))
}

/// Checks that an item is one of `M`'s, by its entity-type attribute (when `M` has one).
pub(crate) fn check_entity<M: Model>(item: &Item) -> Result<()> {
    let Some(entity) = M::SCHEMA.entity else {
        return Ok(());
    };
    match item.get(entity.attribute) {
        Some(AttributeValue::S(name)) if name == entity.name => Ok(()),
        found => Err(Error::WrongEntity {
            model: M::SCHEMA.model_name,
            expected: entity.name,
            found: match found {
                Some(AttributeValue::S(name)) => Some(name.clone()),
                Some(other) => Some(format!("{other:?}")),
                None => None,
            },
        }),
    }
}

/// Takes the attributes `M`'s schema does not name out of `item`, for `#[dynamo(extra)]`.
#[doc(hidden)]
pub fn take_unknown<M: Model>(item: &mut Item) -> Item {
    let unknown: Vec<String> = item
        .keys()
        .filter(|name| !names_attribute::<M>(name))
        .cloned()
        .collect();
    unknown
        .into_iter()
        .filter_map(|name| item.remove_entry(&name))
        .collect()
}

/// Whether a stored item of `M` has passed its `#[dynamo(ttl)]` expiry: DynamoDB deletes
/// such items lazily, so reads hide them until it does.
pub(crate) fn is_expired<M: Model>(item: &Item) -> bool {
    M::SCHEMA
        .ttl
        .is_some_and(|ttl| crate::timestamp::is_expired(item.get(ttl)))
}

/// Reads one attribute's value of `M` (a value an update sets); errors name the attribute.
#[doc(hidden)]
pub fn decode_attribute<M: Model, T: serde::de::DeserializeOwned>(
    value: AttributeValue,
    name: &str,
) -> Result<T> {
    de::from_attribute_value(value)
        .map_err(|error| codec_error::<M>(Direction::Write, error.at_key(name)))
}

/// Converts one attribute's value of `M` (a `set` transform's result, a default) as the
/// serializer would inside the model; errors name the attribute.
#[doc(hidden)]
pub fn encode_attribute<M: Model, T: serde::Serialize + ?Sized>(
    value: &T,
    name: &str,
) -> Result<AttributeValue> {
    to_attribute_value(value)
        .map_err(|error| codec_error::<M>(Direction::Write, error.at_key(name)))
}

/// Reads part of a stored item (a projection, the attributes an update returned) into `P`:
/// `M`'s TTL seconds and read defaults apply as to a whole item.
pub(crate) fn from_partial_item<M: Model, P: serde::de::DeserializeOwned>(
    mut item: Item,
) -> Result<P> {
    before_read::<M>(&mut item)?;
    deserialize_item(item).map_err(|error| codec_error::<M>(Direction::Read, error))
}

/// Undoes what the schema changed in the stored form: the model's rules (read defaults, TTL
/// seconds, `extra` attributes taken out and returned), and numbers stored from text.
fn before_read<M: Model>(item: &mut Item) -> Result<Option<Item>> {
    let extra = M::__before_read(item)?;
    for attribute in M::SCHEMA.attributes {
        if attribute.storage == Storage::Number {
            if let Some(value) = item.get_mut(attribute.name) {
                let stored = std::mem::replace(value, AttributeValue::Null(true));
                *value = attribute.storage.unstore(stored);
            }
        }
    }
    Ok(extra)
}

/// Reads a whole item into `T` through serde.
pub(crate) fn deserialize_item<T: serde::de::DeserializeOwned>(
    item: Item,
) -> std::result::Result<T, CodecError> {
    de::from_attribute_value(AttributeValue::M(item))
}

fn codec_error<M: Model>(direction: Direction, error: CodecError) -> Error {
    Error::Codec {
        direction,
        model: M::SCHEMA.model_name,
        attribute: error.path(),
        message: error.to_string(),
        source: Some(error),
    }
}

/// Checks that an item (a whole item, or a key alone) holds the model's key attributes with
/// the declared types and non-empty values.
pub(crate) fn check_key<M: Model>(item: &Item) -> Result<()> {
    check_key_values::<M>(
        M::SCHEMA.key_attributes().map(|key| item.get(key.name)),
        Numbers::Unchecked,
    )
}

/// The key of `M` made of its key attributes' values as the generated writer wrote them,
/// hash key first, checked as they are given (not looked up in the item made): what the
/// generated [`ModelKey::to_item`](crate::ModelKey::to_item) of a key without templates
/// returns. Numbers whose size the writer told are within DynamoDB's limits, and not read
/// again.
#[doc(hidden)]
pub fn key_item<M: Model, const N: usize>(values: [WrittenField; N]) -> Result<Item> {
    debug_assert_eq!(
        N,
        M::SCHEMA.key_attributes().count(),
        "one value per key attribute"
    );
    let numbers = if values.iter().all(|written| written.size.is_some()) {
        Numbers::Valid
    } else {
        Numbers::Unchecked
    };
    check_key_values::<M>(values.iter().map(|written| Some(&written.value)), numbers)?;
    Ok(M::SCHEMA
        .key_attributes()
        .map(|key| key.name.to_owned())
        .zip(values.map(|written| written.value))
        .collect())
}

/// Checks the values of `M`'s key attributes, hash key first (`None`: missing).
fn check_key_values<'a, M: Model>(
    values: impl IntoIterator<Item = Option<&'a AttributeValue>>,
    numbers: Numbers,
) -> Result<()> {
    for ((position, key), value) in M::SCHEMA.key_attributes().enumerate().zip(values) {
        // DynamoDB: partition key values up to 2048 bytes, sort key values up to 1024.
        let max_length = if position == 0 { 2048 } else { 1024 };
        let invalid = |reason: String| Error::InvalidKey {
            model: M::SCHEMA.model_name,
            attribute: key.name.to_owned(),
            reason,
        };
        let problem = match value {
            None => Some("is missing".to_owned()),
            Some(value) => key_value_problem(value, key.scalar_type, max_length, numbers),
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
    numbers: Numbers,
) -> Result<()> {
    for index in M::SCHEMA.indexes {
        for (position, key) in index.key_attributes().enumerate() {
            let Some(value) = value_of(key.name) else {
                continue;
            };
            let max_length = if position == 0 { 2048 } else { 1024 };
            if let Some(problem) = key_value_problem(value, key.scalar_type, max_length, numbers) {
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

/// Whether the numbers a key check is given are known to be ones DynamoDB stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Numbers {
    /// Checked already, with the limits of the item they are in: only their type is checked.
    Valid,
    /// Not checked yet: their precision and range are checked too.
    Unchecked,
}

/// What is wrong with a key attribute's value, if anything: its type must be the key
/// schema's, strings and binaries non-empty and at most `max_length` bytes, numbers in range
/// (not read again when `numbers` is [`Numbers::Valid`]).
pub(crate) fn key_value_problem(
    value: &AttributeValue,
    scalar_type: ScalarType,
    max_length: usize,
    numbers: Numbers,
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
        (AttributeValue::N(number), ScalarType::Number) if numbers == Numbers::Valid => {
            debug_assert!(
                limits::check_number(number).is_ok(),
                "`{number}` was not checked"
            );
            None
        }
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

/// One key field of `M` as the generated [`ModelKey::to_item`](crate::ModelKey::to_item)
/// wrote it, its error (which names the attribute) made `M`'s.
#[doc(hidden)]
pub fn key_field<M: Model>(
    written: std::result::Result<WrittenField, CodecError>,
) -> Result<WrittenField> {
    written.map_err(|error| codec_error::<M>(Direction::Write, error))
}

pub(crate) fn type_name(value: &AttributeValue) -> &'static str {
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
    let all = |is: fn(&AttributeValue) -> bool| list.iter().all(is);
    if all(|element| matches!(element, AttributeValue::S(_))) {
        AttributeValue::Ss(list.into_iter().filter_map(into_s).collect())
    } else if all(|element| matches!(element, AttributeValue::N(_))) {
        AttributeValue::Ns(list.into_iter().filter_map(into_n).collect())
    } else if all(|element| matches!(element, AttributeValue::B(_))) {
        AttributeValue::Bs(list.into_iter().filter_map(into_b).collect())
    } else {
        AttributeValue::L(list)
    }
}

/// A list of numbers 0..=255 (a `Vec<u8>` as serde writes it) as a binary (`B`); any other
/// value is returned as it is.
pub(crate) fn list_to_binary(value: AttributeValue) -> AttributeValue {
    let AttributeValue::L(list) = &value else {
        return value;
    };
    let bytes: Option<Vec<u8>> = list
        .iter()
        .map(|element| match element {
            AttributeValue::N(number) => number.parse::<u8>().ok(),
            _ => None,
        })
        .collect();
    match bytes {
        Some(bytes) => AttributeValue::B(aws_sdk_dynamodb::primitives::Blob::new(bytes)),
        None => value,
    }
}

fn into_s(value: AttributeValue) -> Option<String> {
    match value {
        AttributeValue::S(text) => Some(text),
        _ => None,
    }
}

fn into_n(value: AttributeValue) -> Option<String> {
    match value {
        AttributeValue::N(number) => Some(number),
        _ => None,
    }
}

fn into_b(value: AttributeValue) -> Option<aws_sdk_dynamodb::primitives::Blob> {
    match value {
        AttributeValue::B(blob) => Some(blob),
        _ => None,
    }
}
