//! The runtime description of a model's table: name, key schema and attributes. The derive
//! writes one as a constant for every model; table creation and the codec read it.

use crate::table_options::{TableOptions, Throughput};
use crate::template::{Entity, KeyTemplate};
use aws_sdk_dynamodb::types::{AttributeValue, ScalarAttributeType};

/// Everything dynamoxide knows about a model's table.
///
/// ```
/// use dynamoxide::{Model, ScalarType};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Model, Serialize, Deserialize)]
/// #[dynamo(table = "orders")]
/// struct Order {
///     #[dynamo(hash_key)]
///     customer: String,
///     #[dynamo(range_key)]
///     number: u64,
/// }
///
/// let schema = Order::SCHEMA;
/// assert_eq!(schema.table_name, "orders");
/// assert_eq!(schema.hash_key.name, "customer");
/// assert_eq!(schema.range_key.map(|key| key.scalar_type), Some(ScalarType::Number));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableSchema {
    /// The Rust name of the model.
    pub model_name: &'static str,
    /// The table name, before any prefix or suffix of the `Db`.
    pub table_name: &'static str,
    /// The partition key.
    pub hash_key: KeyAttribute,
    /// The sort key, for a composite primary key.
    pub range_key: Option<KeyAttribute>,
    /// The `#[dynamo(version)]` attribute used for optimistic locking.
    pub version: Option<&'static str>,
    /// The `#[dynamo(created_at)]` attribute: set on create, kept by put.
    pub created_at: Option<&'static str>,
    /// The `#[dynamo(updated_at)]` attribute: set by every write.
    pub updated_at: Option<&'static str>,
    /// The `#[dynamo(ttl)]` attribute: epoch seconds after which the item has expired.
    /// `create_table` turns DynamoDB's TTL on for it, and reads hide expired items.
    pub ttl: Option<&'static str>,
    /// The `#[dynamo(counter)]` attributes: set to their start by `create`, incremented by
    /// every update.
    pub counters: &'static [Counter],
    /// Every attribute the model writes, keys included.
    pub attributes: &'static [AttributeSchema],
    /// The secondary indexes, in the order declared.
    pub indexes: &'static [IndexSchema],
    /// Billing, table class, tags, stream, deletion protection and encryption.
    pub options: TableOptions,
    /// The key attributes composed from fields (single-table design), table and index keys.
    pub templates: &'static [KeyTemplate],
    /// The entity-type attribute every item of the model carries, if the model has one.
    pub entity: Option<Entity>,
}

/// An atomic counter, from `#[dynamo(counter)]` or `#[dynamo(counter(start = 1, delta = 2))]`:
/// `create` writes `start`; every update (`update`, `patch`, `upsert`, in transactions too)
/// adds `delta` in the same request, and one that creates the item writes `start`; `put`
/// writes the model's value.
///
/// ```
/// use dynamoxide::Model;
///
/// #[derive(Model, serde::Serialize, serde::Deserialize)]
/// #[dynamo(table = "pages")]
/// struct Page {
///     #[dynamo(hash_key)]
///     path: String,
///     #[dynamo(counter(start = 1))]
///     edits: u64,
/// }
///
/// let counter = &Page::SCHEMA.counters[0];
/// assert_eq!((counter.name, counter.start, counter.delta), ("edits", 1, 1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counter {
    /// The stored attribute name.
    pub name: &'static str,
    /// The value `create` writes, and the first value an update gives a new item.
    pub start: i64,
    /// What every update adds.
    pub delta: i64,
}

/// A secondary index, from `#[dynamo(gsi(...))]` or `#[dynamo(lsi(...))]`.
///
/// ```
/// use dynamoxide::{IndexKind, Model, Projection};
///
/// #[derive(Model, serde::Serialize, serde::Deserialize)]
/// #[dynamo(table = "users")]
/// #[dynamo(gsi(name = "by_email", hash_key = "email", projection = keys_only))]
/// struct User {
///     #[dynamo(hash_key)]
///     id: String,
///     email: String,
/// }
///
/// let index = &User::SCHEMA.indexes[0];
/// assert_eq!((index.name, index.kind), ("by_email", IndexKind::Global));
/// assert_eq!(index.hash_key.name, "email");
/// assert_eq!(index.projection, Projection::KeysOnly);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexSchema {
    /// The index name.
    pub name: &'static str,
    /// Global or local.
    pub kind: IndexKind,
    /// The index's partition key (a local index shares the table's).
    pub hash_key: KeyAttribute,
    /// The index's sort key.
    pub range_key: Option<KeyAttribute>,
    /// Which attributes the index holds besides the keys.
    pub projection: Projection,
    /// A global index's own provisioned capacity (`throughput(read = R, write = W)`); on a
    /// provisioned table an index without one gets the table's.
    pub throughput: Option<Throughput>,
}

/// Whether an index is global (its own partitions) or local (the table's partitions, another
/// sort key).
///
/// ```
/// # use dynamoxide::Model;
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "orders")]
/// # #[dynamo(lsi(name = "by_total", range_key = "total"))]
/// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64, total: u64 }
/// use dynamoxide::IndexKind;
/// assert_eq!(Order::SCHEMA.indexes[0].kind, IndexKind::Local);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    /// A global secondary index: eventually consistent reads only.
    Global,
    /// A local secondary index: strongly consistent reads allowed.
    Local,
}

/// The attributes an index copies from the table.
///
/// ```
/// # use dynamoxide::Model;
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # #[dynamo(gsi(name = "by_email", hash_key = "email", projection = include(["name"])))]
/// # struct User { #[dynamo(hash_key)] id: String, email: String, name: String }
/// use dynamoxide::Projection;
/// assert_eq!(User::SCHEMA.indexes[0].projection, Projection::Include(&["name"]));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Projection {
    /// Every attribute: items read back into the whole model.
    All,
    /// The table's and the index's key attributes only.
    KeysOnly,
    /// The keys and these attributes (stored names).
    Include(&'static [&'static str]),
}

impl Projection {
    /// The SDK's spelling of this projection.
    ///
    /// ```
    /// use dynamoxide::Projection;
    /// use dynamoxide::types::ProjectionType;
    /// assert_eq!(Projection::KeysOnly.to_sdk().projection_type(), Some(&ProjectionType::KeysOnly));
    /// ```
    pub fn to_sdk(self) -> aws_sdk_dynamodb::types::Projection {
        use aws_sdk_dynamodb::types::ProjectionType;
        let builder = aws_sdk_dynamodb::types::Projection::builder();
        match self {
            Projection::All => builder.projection_type(ProjectionType::All),
            Projection::KeysOnly => builder.projection_type(ProjectionType::KeysOnly),
            Projection::Include(names) => builder
                .projection_type(ProjectionType::Include)
                .set_non_key_attributes(Some(names.iter().map(|&name| name.to_owned()).collect())),
        }
        .build()
    }
}

impl IndexSchema {
    /// The key attributes in key order: hash, then range.
    ///
    /// ```
    /// # use dynamoxide::Model;
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # #[dynamo(gsi(name = "by_email", hash_key = "email"))]
    /// # struct User { #[dynamo(hash_key)] id: String, email: String }
    /// let names: Vec<_> = User::SCHEMA.indexes[0].key_attributes().map(|key| key.name).collect();
    /// assert_eq!(names, ["email"]);
    /// ```
    pub fn key_attributes(&self) -> impl Iterator<Item = &KeyAttribute> {
        std::iter::once(&self.hash_key).chain(self.range_key.as_ref())
    }
}

/// One attribute of a primary key.
///
/// ```
/// # use dynamoxide::Model;
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String }
/// use dynamoxide::{KeyAttribute, ScalarType};
/// assert_eq!(User::SCHEMA.hash_key, KeyAttribute { name: "id", scalar_type: ScalarType::String });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyAttribute {
    /// The stored attribute name.
    pub name: &'static str,
    /// Its DynamoDB scalar type.
    pub scalar_type: ScalarType,
}

/// One attribute a model writes.
///
/// ```
/// # use dynamoxide::Model;
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # #[serde(rename_all = "camelCase")]
/// # struct User { #[dynamo(hash_key)] id: String, display_name: Option<String> }
/// use dynamoxide::Presence;
/// let display_name = &User::SCHEMA.attributes[1];
/// assert_eq!((display_name.field_name, display_name.name), ("display_name", "displayName"));
/// assert_eq!(display_name.presence, Presence::Optional);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttributeSchema {
    /// The Rust field name.
    pub field_name: &'static str,
    /// The stored attribute name (after serde's renames).
    pub name: &'static str,
    /// Whether a stored item must have it.
    pub presence: Presence,
    /// How the value serde writes is stored.
    pub storage: Storage,
}

/// How an attribute's value is stored, when not exactly as serde writes it. The derive
/// chooses by the field's type; only a model's own fields are converted.
///
/// ```
/// use dynamoxide::{Model, Storage};
///
/// #[derive(Model, serde::Serialize, serde::Deserialize)]
/// #[dynamo(table = "users")]
/// struct User {
///     #[dynamo(hash_key)]
///     id: String,
///     roles: std::collections::BTreeSet<String>,
///     avatar: Vec<u8>,
/// }
///
/// let storage: Vec<Storage> = User::SCHEMA.attributes.iter().map(|a| a.storage).collect();
/// assert_eq!(storage, [Storage::Serialized, Storage::Set, Storage::Binary]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// As serde writes it.
    Serialized,
    /// A `HashSet` or `BTreeSet` (or a field marked `#[dynamo(set)]`), which serde writes as a
    /// list: stored as a DynamoDB set (`SS`, `NS`, `BS`). An empty set is not stored
    /// (DynamoDB has no empty sets) and reads back empty.
    Set,
    /// A `Vec<u8>`, which serde writes as a list of numbers: stored as a binary (`B`).
    Binary,
    /// A field marked `#[dynamo(number)]`, whose type serde writes as a string of digits
    /// (`rust_decimal::Decimal`): stored as a number (`N`) with every significant digit (up
    /// to DynamoDB's 38), and read back from the number's text. DynamoDB trims leading and
    /// trailing zeros, so the value is kept but not always its scale: `10.00` may read back
    /// as `10`.
    Number,
}

impl Storage {
    /// The stored form of `value`, as serde wrote it.
    pub(crate) fn store(self, value: AttributeValue) -> AttributeValue {
        match (self, value) {
            (Storage::Serialized, value) => value,
            (Storage::Set, value) => crate::codec::list_to_set(value),
            (Storage::Binary, value) => crate::codec::list_to_binary(value),
            (Storage::Number, AttributeValue::S(text)) => AttributeValue::N(text),
            (Storage::Number, value) => value,
        }
    }

    /// A stored value in the form serde reads: numbers stored from text become text again
    /// (sets and binaries read as they are).
    pub(crate) fn unstore(self, value: AttributeValue) -> AttributeValue {
        match (self, value) {
            (Storage::Number, AttributeValue::N(text)) => AttributeValue::S(text),
            (_, value) => value,
        }
    }
}

/// Whether a stored item must hold an attribute.
///
/// ```
/// # use dynamoxide::Model;
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User {
/// #     #[dynamo(hash_key)] id: String,
/// #     #[serde(default)] visits: u32,
/// # }
/// use dynamoxide::Presence;
/// let presences: Vec<_> = User::SCHEMA.attributes.iter().map(|a| a.presence).collect();
/// assert_eq!(presences, [Presence::Required, Presence::Defaulted]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// The model cannot be read without it (or without a `#[serde(alias)]` of it): serde's
    /// missing field, named by its path.
    Required,
    /// An `Option` field: `None` is not stored, and a missing attribute reads as `None`.
    Optional,
    /// A field with `#[serde(default)]`: a missing attribute reads as the default.
    Defaulted,
    /// A `#[serde(flatten)]` field: its attributes sit beside the model's own.
    Flattened,
}

/// The three types a DynamoDB key attribute can have.
///
/// ```
/// use dynamoxide::{KeyScalar, ScalarType};
/// assert_eq!(<u64 as KeyScalar>::SCALAR_TYPE, ScalarType::Number);
/// assert_eq!(<String as KeyScalar>::SCALAR_TYPE, ScalarType::String);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarType {
    /// `S`
    String,
    /// `N`
    Number,
    /// `B`
    Binary,
}

impl ScalarType {
    /// The SDK's spelling of this type.
    ///
    /// ```
    /// use dynamoxide::ScalarType;
    /// use dynamoxide::types::ScalarAttributeType;
    ///
    /// assert_eq!(ScalarType::Number.to_sdk(), ScalarAttributeType::N);
    /// ```
    pub fn to_sdk(self) -> ScalarAttributeType {
        match self {
            ScalarType::String => ScalarAttributeType::S,
            ScalarType::Number => ScalarAttributeType::N,
            ScalarType::Binary => ScalarAttributeType::B,
        }
    }

    /// The type's one-letter DynamoDB name.
    ///
    /// ```
    /// assert_eq!(dynamoxide::ScalarType::Binary.as_str(), "B");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ScalarType::String => "S",
            ScalarType::Number => "N",
            ScalarType::Binary => "B",
        }
    }
}

impl TableSchema {
    /// The key attributes in key order: hash, then range.
    ///
    /// ```
    /// # use dynamoxide::Model;
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// let names: Vec<_> = User::SCHEMA.key_attributes().map(|key| key.name).collect();
    /// assert_eq!(names, ["id"]);
    /// ```
    pub fn key_attributes(&self) -> impl Iterator<Item = &KeyAttribute> {
        std::iter::once(&self.hash_key).chain(self.range_key.as_ref())
    }

    /// The attribute stored under `name`, if the schema names one.
    ///
    /// ```
    /// # use dynamoxide::Model;
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String, #[serde(rename = "nick")] nickname: Option<String> }
    /// let nick = User::SCHEMA.attribute("nick").map(|attribute| attribute.field_name);
    /// assert_eq!(nick, Some("nickname"));
    /// assert!(User::SCHEMA.attribute("nickname").is_none());
    /// ```
    pub fn attribute(&self, name: &str) -> Option<&AttributeSchema> {
        self.attributes
            .iter()
            .find(|attribute| attribute.name == name)
    }
}
