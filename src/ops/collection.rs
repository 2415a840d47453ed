//! A collection query: one partition of a shared table read into a [`Collection`] enum.

use super::read::{Output, Query, Read, Spec};
use crate::collection::Collection;
use crate::db::Db;
use crate::expr::IntoValue;
use crate::index::Index;
use crate::{Item, Result};
use std::marker::PhantomData;

/// Reads items into the collection `C`, each as the variant its entity type names.
#[derive(Debug)]
pub struct Members<C>(PhantomData<fn() -> C>);

impl<C: Collection> Output<C::Index> for Members<C> {
    type Item = C;

    fn decode(item: Item) -> Result<C> {
        C::from_item(item)
    }
}

/// A collection query that still needs its partition; made by [`Db::query_collection`].
///
/// ```no_run
/// # use dynamoxide::{Collection, Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "app", hash_key = "ORG#{id}", range_key = "#ORG")]
/// # struct Org { id: String }
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "app", hash_key = "ORG#{org_id}", range_key = "MEMBER#{user_id}")]
/// # struct Member { org_id: String, user_id: String }
/// # #[derive(Collection)]
/// # enum OrgItems { Org(Org), Member(Member) }
/// # async fn run(db: Db) -> dynamoxide::Result<()> {
/// let start = db.query_collection::<OrgItems>();
/// let everything: Vec<OrgItems> = start.hash("acme").all().await?;
/// # Ok(()) }
/// ```
#[must_use = "a query needs its hash value: `.hash(value)`"]
pub struct CollectionQueryStart<'db, C> {
    db: &'db Db,
    collection: PhantomData<fn() -> C>,
}

impl Db {
    /// Queries one partition for every model of the collection `C` (items of other entities
    /// in the partition are filtered out). See [`Collection`].
    ///
    /// ```no_run
    /// # use dynamoxide::{Collection, Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "app", hash_key = "ORG#{id}", range_key = "#ORG")]
    /// # struct Org { id: String }
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "app", hash_key = "ORG#{org_id}", range_key = "MEMBER#{user_id}")]
    /// # struct Member { org_id: String, user_id: String }
    /// # #[derive(Collection)]
    /// # enum OrgItems { Org(Org), Member(Member) }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let members = db
    ///     .query_collection::<OrgItems>()
    ///     .hash("acme")
    ///     .range_begins_with("MEMBER#")
    ///     .count()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn query_collection<C: Collection>(&self) -> CollectionQueryStart<'_, C> {
        CollectionQueryStart {
            db: self,
            collection: PhantomData,
        }
    }
}

impl<'db, C: Collection> CollectionQueryStart<'db, C> {
    /// The partition to read: the hash value of the collection's models (the fields of the
    /// hash key template, as for a query of the first model).
    ///
    /// ```
    /// # use dynamoxide::{Collection, Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "app", hash_key = "ORG#{id}", range_key = "#ORG")]
    /// # struct Org { id: String }
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "app", hash_key = "ORG#{org_id}", range_key = "MEMBER#{user_id}")]
    /// # struct Member { org_id: String, user_id: String }
    /// # #[derive(Collection)]
    /// # enum OrgItems { Org(Org), Member(Member) }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let input = db.query_collection::<OrgItems>().hash("acme").into_input().unwrap();
    /// assert_eq!(input.key_condition_expression(), Some("#n0 = :v0"));
    /// assert_eq!(input.filter_expression(), Some("#n1 IN (:v1, :v2)"));
    /// ```
    pub fn hash(
        self,
        value: impl IntoValue<<C::Index as Index>::HashKey>,
    ) -> Query<'db, C::Index, Members<C>> {
        let query: Query<'db, C::Index> = self
            .db
            .query::<<C::Index as Index>::Model>()
            .index::<C::Index>()
            .hash(value);
        let mut read: Read<'db, C::Index, Members<C>, _> = query.cast();
        if let Spec::Query(spec) = &mut read.spec {
            spec.collection = true;
        }
        read.entities = C::ENTITIES.to_vec();
        read
    }
}
