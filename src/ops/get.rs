//! `GetItem`: one item by its key.

use super::{span, OperationFuture, Response};
use crate::codec;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{Model, ModelKey};
use aws_sdk_dynamodb::operation::get_item::builders::GetItemFluentBuilder;
use aws_sdk_dynamodb::operation::get_item::GetItemInput;
use aws_sdk_dynamodb::types::ReturnConsumedCapacity;
use std::future::IntoFuture;
use tracing::Instrument;

/// Reads one item by key; made by [`Db::get`]. Awaiting it gives `Option<M>`.
///
/// ```no_run
/// # use dynamoxide::{Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String }
/// # async fn run(db: Db) -> dynamoxide::Result<()> {
/// let user: Option<User> = db.get::<User>("u1").consistent_read().await?;
/// # Ok(()) }
/// ```
#[must_use = "an operation does nothing until it is awaited"]
pub struct GetItem<'db, M: Model> {
    db: &'db Db,
    key: M::Key,
    consistent_read: bool,
    include_expired: bool,
    consumed_capacity: Option<ReturnConsumedCapacity>,
}

impl Db {
    /// Reads the item with `key`, `None` when there is none.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let order = db.get::<Order>(("c1", 7)).await?;
    /// let same = db.get::<Order>(OrderKey::new("c1", 7)).await?;
    /// # Ok(()) }
    /// ```
    pub fn get<M: Model>(&self, key: impl Into<M::Key>) -> GetItem<'_, M> {
        GetItem {
            db: self,
            key: key.into(),
            consistent_read: false,
            include_expired: false,
            consumed_capacity: None,
        }
    }
}

impl<'db, M: Model> GetItem<'db, M> {
    /// Reads with strong consistency (costs twice the read capacity).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let fresh = db.get::<User>("u1").consistent_read().await?;
    /// # Ok(()) }
    /// ```
    pub fn consistent_read(mut self) -> Self {
        self.consistent_read = true;
        self
    }

    /// Returns the item even when its `#[dynamo(ttl)]` has passed (DynamoDB deletes expired
    /// items lazily; by default a read treats them as gone, like Dynamoose's
    /// `returnExpired: false`).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "sessions")]
    /// # struct Session { #[dynamo(hash_key)] id: String, #[dynamo(ttl)] expires: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let maybe_expired = db.get::<Session>("s1").include_expired().await?;
    /// # Ok(()) }
    /// ```
    pub fn include_expired(mut self) -> Self {
        self.include_expired = true;
        self
    }

    /// Asks DynamoDB to report the capacity consumed; read it with [`send_detailed`](Self::send_detailed).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// use dynamoxide::types::ReturnConsumedCapacity;
    /// let response = db.get::<User>("u1")
    ///     .return_consumed_capacity(ReturnConsumedCapacity::Total)
    ///     .send_detailed()
    ///     .await?;
    /// println!("{:?}", response.consumed_capacity);
    /// # Ok(()) }
    /// ```
    pub fn return_consumed_capacity(mut self, level: ReturnConsumedCapacity) -> Self {
        self.consumed_capacity = Some(level);
        self
    }

    /// The SDK request this operation would send, to adjust and send by hand.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> Result<(), Box<dyn std::error::Error>> {
    /// let output = db.get::<User>("u1").into_sdk()?.projection_expression("id").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn into_sdk(self) -> Result<GetItemFluentBuilder> {
        Ok(self
            .db
            .client()
            .get_item()
            .table_name(self.db.table_name::<M>())
            .set_key(Some(self.key.to_item()?))
            .consistent_read(self.consistent_read)
            .set_return_consumed_capacity(self.consumed_capacity))
    }

    /// The exact request input this operation would send, without sending it.
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let input = db.get::<User>("u1").consistent_read().into_input().unwrap();
    /// assert_eq!(input.consistent_read(), Some(true));
    /// ```
    pub fn into_input(self) -> Result<GetItemInput> {
        super::built(self.into_sdk()?.as_input().clone().build())
    }

    /// Sends the request; the item with the capacity DynamoDB reported.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let response = db.get::<User>("u1").send_detailed().await?;
    /// let user: Option<User> = response.value;
    /// # Ok(()) }
    /// ```
    pub async fn send_detailed(self) -> Result<Response<Option<M>>> {
        let table = self.db.table_name::<M>();
        let span = span("GetItem", &table);
        let include_expired = self.include_expired;
        async move {
            let request = self.into_sdk()?;
            let output = request
                .send()
                .await
                .map_err(|error| Error::from_sdk("GetItem", &table, error))?;
            let consumed_capacity = output.consumed_capacity;
            let value = match output.item {
                Some(item) if include_expired || !codec::is_expired::<M>(&item) => {
                    Some(codec::from_item(item)?)
                }
                _ => None,
            };
            Ok(Response {
                value,
                consumed_capacity,
            })
        }
        .instrument(span)
        .await
    }
}

impl<'db, M: Model> IntoFuture for GetItem<'db, M> {
    type Output = Result<Option<M>>;
    type IntoFuture = OperationFuture<'db, Option<M>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { Ok(self.send_detailed().await?.value) })
    }
}
