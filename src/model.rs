//! The traits `#[derive(Model)]` implements: [`Model`] for the struct, [`ModelKey`] for its
//! generated key type, and [`KeyScalar`] for the Rust types a key attribute may have.

use crate::index::Index;
use crate::schema::{ScalarType, TableSchema};
use crate::{Item, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A struct stored as one DynamoDB item. Implement it with `#[derive(Model)]`.
///
/// ```
/// use dynamoxide::Model;
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
/// #[dynamo(table = "users")]
/// struct User {
///     #[dynamo(hash_key)]
///     id: String,
///     email: String,
/// }
///
/// let user = User { id: "u1".into(), email: "a@b.c".into() };
/// assert_eq!(user.key(), UserKey::new("u1"));
/// assert_eq!(User::SCHEMA.table_name, "users");
/// ```
pub trait Model: Serialize + DeserializeOwned + Send + Sync + Sized + 'static {
    /// The generated key type (`UserKey` for `User`).
    type Key: ModelKey<Model = Self>;

    /// The generated marker of the table's primary key (`user_index::Table` for `User`):
    /// the index a query or scan reads unless given another.
    type Table: Index<Model = Self>;

    /// The model's table, keys and attributes.
    const SCHEMA: &'static TableSchema;

    /// The key of this item.
    fn key(&self) -> Self::Key;

    /// Checks the schema's validation rules (`#[dynamo(validate(...))]`, here and in nested
    /// [`Attributes`](crate::Attributes) structs) on the values a write would store, after
    /// `set` transforms and write defaults. Every write runs it before sending; call it to
    /// check input without writing. All failures come at once, in
    /// [`Error::Validation`](crate::Error::Validation).
    ///
    /// ```
    /// use dynamoxide::{Error, Model};
    ///
    /// #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// #[dynamo(table = "users")]
    /// struct User {
    ///     #[dynamo(hash_key)]
    ///     id: String,
    ///     #[dynamo(validate(pattern = "^[^@]+@[^@]+$"))]
    ///     email: String,
    ///     #[dynamo(validate(one_of = ["admin", "member"]))]
    ///     role: String,
    /// }
    ///
    /// let user = User { id: "u1".into(), email: "nope".into(), role: "owner".into() };
    /// let Err(Error::Validation { violations, .. }) = user.validate() else { panic!() };
    /// assert_eq!(violations.len(), 2);
    /// assert_eq!(violations[0].path, "email");
    /// assert_eq!(violations[1].rule, "one_of");
    /// ```
    fn validate(&self) -> Result<()> {
        self.__write_rules(None, false)
    }

    /// Applies the schema's write rules to the serialized `item` (or only checks them, given
    /// `None`): `set` transforms, write defaults, timestamps (`create`: a new item), TTL in
    /// epoch seconds, validation. Generated; not public API.
    #[doc(hidden)]
    fn __write_rules(&self, item: Option<&mut Item>, create: bool) -> Result<()> {
        let _ = (item, create);
        Ok(())
    }

    /// Whether [`__write_rules`](Model::__write_rules) may change the item it is given (a
    /// `set` transform, a write default, an `auto` id, a timestamp or a TTL of a time type,
    /// `extra` attributes), rather than only check it; `true` unless the derive says
    /// otherwise, so that the item is walked for its limits. Generated; not public API.
    #[doc(hidden)]
    const __RULES_CHANGE_ITEM: bool = true;

    /// Prepares a stored item for reading: fills read defaults of attributes it lacks, turns
    /// TTL epoch seconds back into the field's type, and takes out the attributes the schema
    /// does not name when the model keeps them (`#[dynamo(extra)]`). Generated; not public
    /// API.
    #[doc(hidden)]
    fn __before_read(item: &mut Item) -> Result<Option<Item>> {
        let _ = item;
        Ok(None)
    }

    /// Applies the rules of attribute `name` to a whole value an update sets (`set`
    /// transform, validation into `violations`, TTL in epoch seconds). Generated; not public
    /// API.
    #[doc(hidden)]
    fn __update_rules(
        name: &str,
        value: crate::types::AttributeValue,
        violations: &mut crate::validate::Violations,
    ) -> Result<crate::types::AttributeValue> {
        let _ = (name, violations);
        Ok(value)
    }

    /// The `updated_at` attribute and its value now, for updates. Generated; not public API.
    #[doc(hidden)]
    fn __updated_at() -> Result<Option<(&'static str, crate::types::AttributeValue)>> {
        Ok(None)
    }

    /// Whether the model implements [`Hooks`](crate::Hooks) itself (`#[dynamo(hooks)]`).
    /// Generated; not public API.
    #[doc(hidden)]
    const __HOOKS: bool = false;

    /// Calls [`Hooks::before_write`](crate::Hooks::before_write). Generated; not public API.
    #[doc(hidden)]
    fn __before_write(event: &crate::hooks::WriteEvent<'_, Self>) -> crate::hooks::HookResult {
        let _ = event;
        Ok(())
    }

    /// Calls [`Hooks::after_write`](crate::Hooks::after_write). Generated; not public API.
    #[doc(hidden)]
    fn __after_write(event: &crate::hooks::WriteEvent<'_, Self>) {
        let _ = event;
    }

    /// Calls [`Hooks::after_read`](crate::Hooks::after_read). Generated; not public API.
    #[doc(hidden)]
    fn __after_read_hook(&mut self) -> crate::hooks::HookResult {
        Ok(())
    }

    /// Reads a stored item, the schema's changes undone, into the model: through serde,
    /// unless the derive generates a reader that reads each field from its own attribute
    /// (`codec::direct`). Generated; not public API.
    #[doc(hidden)]
    fn __decode(item: Item) -> std::result::Result<Self, crate::codec::CodecError> {
        crate::codec::deserialize_item(item)
    }

    /// Whether the derive generated [`__decode`](Model::__decode), for tests to tell which
    /// reader ran. Generated; not public API.
    #[doc(hidden)]
    const __GENERATED_READER: bool = false;

    /// Writes the model into its item, `None` in optional attributes left out, before the
    /// schema changes it: through serde, unless the derive generates a writer that writes
    /// each field into its own attribute (`codec::direct`). Generated; not public API.
    #[doc(hidden)]
    fn __encode(&self) -> std::result::Result<crate::codec::EncodedItem, crate::codec::CodecError> {
        crate::codec::serialize_item(self).map(crate::codec::EncodedItem::of_unknown_size)
    }

    /// Whether the derive generated [`__encode`](Model::__encode), for tests to tell which
    /// writer ran. Generated; not public API.
    #[doc(hidden)]
    const __GENERATED_WRITER: bool = false;

    /// Applies `get` transforms to a model just read, and hands it the `extra` attributes
    /// `__before_read` took. Generated; not public API.
    #[doc(hidden)]
    fn __after_read(self, extra: Option<Item>) -> Self {
        let _ = extra;
        self
    }
}

/// The primary key of a model, as generated by `#[derive(Model)]`.
///
/// ```
/// use dynamoxide::{Model, ModelKey};
/// use dynamoxide::types::AttributeValue;
///
/// #[derive(Model, serde::Serialize, serde::Deserialize)]
/// #[dynamo(table = "orders")]
/// struct Order {
///     #[dynamo(hash_key)]
///     customer: String,
///     #[dynamo(range_key)]
///     number: u64,
/// }
///
/// let key = OrderKey::new("c1", 7);
/// let item = key.to_item().unwrap();
/// assert_eq!(item["customer"], AttributeValue::S("c1".into()));
/// assert_eq!(item["number"], AttributeValue::N("7".into()));
/// ```
pub trait ModelKey:
    Clone + std::fmt::Debug + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static
{
    /// The model this key belongs to.
    type Model: Model<Key = Self>;

    /// The key as DynamoDB's attribute map, checked against the key schema (types match,
    /// strings and binaries non-empty).
    fn to_item(&self) -> Result<Item>;

    /// Reads the key attributes of a stored item (other attributes are ignored).
    ///
    /// ```
    /// # use dynamoxide::{Model, ModelKey};
    /// # use dynamoxide::types::AttributeValue;
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
    /// let item = OrderKey::new("c1", 7).to_item().unwrap();
    /// assert_eq!(OrderKey::from_item(&item).unwrap(), OrderKey::new("c1", 7));
    /// ```
    fn from_item(item: &Item) -> Result<Self>;
}

/// A Rust type that can be a key attribute, and the DynamoDB type it is stored as.
///
/// Implemented for strings, integers, [`ByteBuf`](crate::ByteBuf) (binary) and `uuid::Uuid`
/// (as a string), and with the `chrono` feature for `DateTime<Utc>` and `NaiveDate` (as
/// strings). A newtype that serde writes as its
/// inner value (`#[serde(transparent)]`) implements it in one line:
///
/// ```
/// use dynamoxide::{KeyScalar, ScalarType};
///
/// #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
/// #[serde(transparent)]
/// struct UserId(String);
///
/// impl KeyScalar for UserId {
///     const SCALAR_TYPE: ScalarType = ScalarType::String;
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a DynamoDB key attribute",
    label = "key attributes must be strings, integers or binary",
    note = "implement `dynamoxide::KeyScalar` for a newtype that serializes as a string, number or bytes"
)]
pub trait KeyScalar {
    /// The DynamoDB type the value is stored as.
    const SCALAR_TYPE: ScalarType;
}

macro_rules! key_scalars {
    ($scalar:ident: $($ty:ty),*) => {
        $(impl KeyScalar for $ty {
            const SCALAR_TYPE: ScalarType = ScalarType::$scalar;
        })*
    };
}

key_scalars!(String: String, Box<str>, char);
key_scalars!(Number: i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);
key_scalars!(Binary: serde_bytes::ByteBuf);

key_scalars!(String: uuid::Uuid);

#[cfg(feature = "chrono")]
key_scalars!(String: chrono::DateTime<chrono::Utc>, chrono::NaiveDate);
