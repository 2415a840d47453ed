//! `DeleteItem`: removes one item by its key.

use super::returning::{ReturnNothing, ReturnOld, ReturnValues};
use super::{span, OperationFuture, Response};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{Model, ModelKey};
use aws_sdk_dynamodb::operation::delete_item::builders::DeleteItemFluentBuilder;
use aws_sdk_dynamodb::types::ReturnConsumedCapacity;
use std::future::IntoFuture;
use std::marker::PhantomData;
use tracing::Instrument;

/// Deletes the item with a key (a missing item is not an error); made by [`Db::delete`].
/// Awaiting it gives `()`, or the deleted item after [`return_old`](DeleteItem::return_old).
///
/// ```no_run
/// # use dynamoxide::{Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String }
/// # async fn run(db: Db) -> dynamoxide::Result<()> {
/// db.delete::<User>("u1").await?;
/// let deleted: Option<User> = db.delete::<User>("u2").return_old().await?;
/// # Ok(()) }
/// ```
#[must_use = "an operation does nothing until it is awaited"]
pub struct DeleteItem<'db, M: Model, R: ReturnValues = ReturnNothing> {
    db: &'db Db,
    key: M::Key,
    consumed_capacity: Option<ReturnConsumedCapacity>,
    returning: PhantomData<R>,
}

impl Db {
    /// Deletes the item with `key`. See [`DeleteItem`].
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// db.delete::<User>("u1").await?;
    /// # Ok(()) }
    /// ```
    pub fn delete<M: Model>(&self, key: impl Into<M::Key>) -> DeleteItem<'_, M> {
        DeleteItem {
            db: self,
            key: key.into(),
            consumed_capacity: None,
            returning: PhantomData,
        }
    }
}

impl<'db, M: Model, R: ReturnValues> DeleteItem<'db, M, R> {
    /// Returns the deleted item (`None` when there was none).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// if let Some(user) = db.delete::<User>("u1").return_old().await? {
    ///     println!("deleted {}", user.id);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn return_old(self) -> DeleteItem<'db, M, ReturnOld> {
        DeleteItem {
            db: self.db,
            key: self.key,
            consumed_capacity: self.consumed_capacity,
            returning: PhantomData,
        }
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
    /// let response = db.delete::<User>("u1").return_consumed_capacity(ReturnConsumedCapacity::Total).send_detailed().await?;
    /// # Ok(()) }
    /// ```
    pub fn return_consumed_capacity(mut self, level: ReturnConsumedCapacity) -> Self {
        self.consumed_capacity = Some(level);
        self
    }

    /// The SDK request this operation would send.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # fn run(db: Db) -> dynamoxide::Result<()> {
    /// let request = db.delete::<User>("u1").into_sdk()?;
    /// assert!(request.get_key().is_some());
    /// # Ok(()) }
    /// ```
    pub fn into_sdk(self) -> Result<DeleteItemFluentBuilder> {
        Ok(self
            .db
            .client()
            .delete_item()
            .table_name(self.db.table_name::<M>())
            .set_key(Some(self.key.to_item()?))
            .set_return_values(R::return_value())
            .set_return_consumed_capacity(self.consumed_capacity))
    }

    /// Sends the request; the awaited value with the capacity DynamoDB reported.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let response = db.delete::<User>("u1").return_old().send_detailed().await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_detailed(self) -> Result<Response<R::Output<M>>> {
        let table = self.db.table_name::<M>();
        let span = span("DeleteItem", &table);
        async move {
            let output = self
                .into_sdk()?
                .send()
                .await
                .map_err(|error| Error::from_sdk("DeleteItem", &table, error))?;
            Ok(Response {
                value: R::decode::<M>(output.attributes)?,
                consumed_capacity: output.consumed_capacity,
            })
        }
        .instrument(span)
        .await
    }
}

impl<'db, M: Model, R: ReturnValues> IntoFuture for DeleteItem<'db, M, R> {
    type Output = Result<R::Output<M>>;
    type IntoFuture = OperationFuture<'db, R::Output<M>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.send_detailed().await.map(|response| response.value) })
    }
}
