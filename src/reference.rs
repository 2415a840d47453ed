//! [`Ref`]: a field that stores another model's key, and [`Db::populate`] /
//! [`Db::populate_all`], which fetch what it points to.

use crate::db::Db;
use crate::error::Result;
use crate::model::{Model, ModelKey};
use crate::ops::KeyIdentity;
use serde::de::{DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;

/// A reference to an item of model `T`: only `T`'s key is stored. A hash key alone is stored
/// as its value (`"u2"`), a hash and range key as a map of the two (`{"customer": "c1",
/// "number": 7}`); JSON and other serde formats see the same shape.
///
/// Fetch what it points to with [`Db::populate`], or many at once with
/// [`Db::populate_all`] (batch gets, not one get each).
///
/// ```
/// use dynamoxide::{Model, Ref};
/// use dynamoxide::types::AttributeValue;
///
/// #[derive(Model, serde::Serialize, serde::Deserialize, Clone)]
/// #[dynamo(table = "users")]
/// struct User {
///     #[dynamo(hash_key)]
///     id: String,
///     manager: Option<Ref<User>>,
/// }
///
/// let ada = User { id: "ada".into(), manager: Some(Ref::new("grace")) };
/// let item = dynamoxide::codec::to_item(&ada).unwrap();
/// assert_eq!(item["manager"], AttributeValue::S("grace".into()));
/// ```
pub struct Ref<T: Model> {
    key: T::Key,
}

impl<T: Model> Ref<T> {
    /// A reference to the item with `key`.
    ///
    /// ```
    /// # use dynamoxide::{Model, Ref};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
    /// let order: Ref<Order> = Ref::new(("c1", 7));
    /// assert_eq!(order.key(), &OrderKey::new("c1", 7));
    /// ```
    pub fn new(key: impl Into<T::Key>) -> Self {
        Ref { key: key.into() }
    }

    /// A reference to `item`.
    ///
    /// ```
    /// # use dynamoxide::{Model, Ref};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// let grace = User { id: "grace".into() };
    /// assert_eq!(Ref::to(&grace), Ref::<User>::new("grace"));
    /// ```
    pub fn to(item: &T) -> Self {
        Ref { key: item.key() }
    }

    /// The key it points to.
    ///
    /// ```
    /// # use dynamoxide::{Model, Ref};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// assert_eq!(Ref::<User>::new("grace").key().id, "grace");
    /// ```
    pub fn key(&self) -> &T::Key {
        &self.key
    }
}

impl<T: Model> Clone for Ref<T> {
    fn clone(&self) -> Self {
        Ref {
            key: self.key.clone(),
        }
    }
}

impl<T: Model> fmt::Debug for Ref<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Ref").field(&self.key).finish()
    }
}

impl<T: Model> PartialEq for Ref<T> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl<T: Model> Serialize for Ref<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.key.serialize(serializer)
    }
}

impl<'de, T: Model> Deserialize<'de> for Ref<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::Key::deserialize(deserializer).map(|key| Ref { key })
    }
}

impl Db {
    /// Fetches the item `reference` points to (`None` when there is none): a `get`.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model, Ref};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize, Clone)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String, manager: Option<Ref<User>> }
    /// # async fn run(db: Db, ada: User) -> dynamoxide::Result<()> {
    /// if let Some(manager) = &ada.manager {
    ///     let manager: Option<User> = db.populate(manager).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn populate<T: Model>(&self, reference: &Ref<T>) -> Result<Option<T>> {
        self.get::<T>(reference.key.clone()).await
    }

    /// Fetches what every reference points to, in order (`None` where there is no item),
    /// with batch gets: 100 keys to a request, each key read once however often it is
    /// referenced.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model, Ref};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize, Clone)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String, manager: Ref<User> }
    /// # async fn run(db: Db, team: Vec<User>) -> dynamoxide::Result<()> {
    /// let managers: Vec<Option<User>> = db.populate_all(team.iter().map(|u| &u.manager)).await?;
    /// for (member, manager) in team.iter().zip(&managers) {
    ///     println!("{} reports to {:?}", member.id, manager.as_ref().map(|m| &m.id));
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn populate_all<'r, T: Model + Clone>(
        &self,
        references: impl IntoIterator<Item = &'r Ref<T>>,
    ) -> Result<Vec<Option<T>>> {
        let table = self.table_name::<T>();
        let mut identities = Vec::new();
        let mut keys = Vec::new();
        for reference in references {
            identities.push(KeyIdentity::of_key(&table, &reference.key.to_item()?));
            keys.push(reference.key.clone());
        }
        let found = self.batch_get::<T, T::Key>(keys).await?;
        let mut by_identity = HashMap::with_capacity(found.len());
        for item in found {
            by_identity.insert(KeyIdentity::of_key(&table, &item.key().to_item()?), item);
        }
        Ok(identities
            .iter()
            .map(|identity| by_identity.get(identity).cloned())
            .collect())
    }
}

/// Serializes a hash and range key as a map of the two, under their stored names.
/// Generated code calls it; not public API.
#[doc(hidden)]
pub fn serialize_key_pair<S: Serializer, H: Serialize, R: Serialize>(
    serializer: S,
    key_type: &'static str,
    (hash_name, hash): (&'static str, &H),
    (range_name, range): (&'static str, &R),
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_struct(key_type, 2)?;
    map.serialize_field(hash_name, hash)?;
    map.serialize_field(range_name, range)?;
    map.end()
}

/// Reads a hash and range key written by [`serialize_key_pair`]: a map of the two (other
/// entries are ignored), or a sequence of two in formats that write structs so. Generated
/// code calls it; not public API.
#[doc(hidden)]
pub fn deserialize_key_pair<'de, D, H, R>(
    deserializer: D,
    key_type: &'static str,
    names: &'static [&'static str; 2],
) -> Result<(H, R), D::Error>
where
    D: Deserializer<'de>,
    H: DeserializeOwned,
    R: DeserializeOwned,
{
    struct PairVisitor<H, R> {
        names: (&'static str, &'static str),
        types: PhantomData<fn() -> (H, R)>,
    }

    impl<'de, H: DeserializeOwned, R: DeserializeOwned> Visitor<'de> for PairVisitor<H, R> {
        type Value = (H, R);

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a map with `{}` and `{}`", self.names.0, self.names.1)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(H, R), A::Error> {
            let missing = |position| serde::de::Error::invalid_length(position, &self);
            let hash = seq.next_element()?.ok_or_else(|| missing(0))?;
            let range = seq.next_element()?.ok_or_else(|| missing(1))?;
            Ok((hash, range))
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(H, R), A::Error> {
            let (mut hash, mut range) = (None, None);
            while let Some(name) = map.next_key::<String>()? {
                if name == self.names.0 {
                    hash = Some(map.next_value()?);
                } else if name == self.names.1 {
                    range = Some(map.next_value()?);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            let hash = hash.ok_or_else(|| serde::de::Error::missing_field(self.names.0))?;
            let range = range.ok_or_else(|| serde::de::Error::missing_field(self.names.1))?;
            Ok((hash, range))
        }
    }

    deserializer.deserialize_struct(
        key_type,
        names,
        PairVisitor {
            names: (names[0], names[1]),
            types: PhantomData,
        },
    )
}
