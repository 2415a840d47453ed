//! `DeleteItem`: removes one item by its key.

use super::conditional::{
    and_condition, condition_failed, item_on_failed_check, keyed_write_condition, write_failure,
};
use super::returning::{ReturnNothing, ReturnOld, ReturnValues};
use super::{span, OperationFuture, Response};
use crate::db::Db;
use crate::error::Result;
use crate::expr::{Condition, Placeholders};
use crate::hooks::{WriteHooks, WriteKind};
use crate::model::{Model, ModelKey};
use aws_sdk_dynamodb::operation::delete_item::builders::DeleteItemFluentBuilder;
use aws_sdk_dynamodb::operation::delete_item::DeleteItemInput;
use aws_sdk_dynamodb::types::ReturnConsumedCapacity;
use std::future::IntoFuture;
use std::marker::PhantomData;
use tracing::Instrument;

/// Deletes the item with a key; made by [`Db::delete`] (a missing item is not an error) and
/// [`Db::remove_if`] (a missing item is [`Error::NotFound`](crate::Error::NotFound)).
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
    /// `remove_if`: the item must exist.
    must_exist: bool,
    condition: Option<Condition<M>>,
    expected_version: Option<u64>,
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
            must_exist: false,
            condition: None,
            expected_version: None,
            consumed_capacity: None,
            returning: PhantomData,
        }
    }
}

impl Db {
    /// Deletes the item with `key` only if it exists and `condition` holds for it:
    /// [`Error::NotFound`](crate::Error::NotFound) when there is no item (or only one whose
    /// `#[dynamo(ttl)]` has passed), [`Error::ConditionFailed`](crate::Error::ConditionFailed)
    /// with the stored item when the condition does not hold. A [`DeleteItem`] otherwise.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Error, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "sessions")]
    /// # struct Session { #[dynamo(hash_key)] id: String, revoked: bool }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let removed: Option<Session> = db
    ///     .remove_if::<Session>("s1", Session::REVOKED.eq(true))
    ///     .return_old()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn remove_if<M: Model>(
        &self,
        key: impl Into<M::Key>,
        condition: Condition<M>,
    ) -> DeleteItem<'_, M> {
        let mut delete = self.delete::<M>(key).condition(condition);
        delete.must_exist = true;
        delete
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
            must_exist: self.must_exist,
            condition: self.condition,
            expected_version: self.expected_version,
            consumed_capacity: self.consumed_capacity,
            returning: PhantomData,
        }
    }

    /// Deletes only if `condition` holds for the stored item (several calls are ANDed). A
    /// failed check is [`Error::ConditionFailed`](crate::Error::ConditionFailed) with the stored item.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String, active: bool }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// db.delete::<User>("u1").condition(User::ACTIVE.eq(false)).await?;
    /// # Ok(()) }
    /// ```
    pub fn condition(mut self, condition: Condition<M>) -> Self {
        self.condition = and_condition(self.condition.take(), condition);
        self
    }

    /// Deletes only if the stored item has version `version` (optimistic locking; the model
    /// needs a `#[dynamo(version)]` field). A mismatch is [`Error::VersionConflict`](crate::Error::VersionConflict).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "docs")]
    /// # struct Doc { #[dynamo(hash_key)] id: String, #[dynamo(version)] version: u64 }
    /// # async fn run(db: Db, doc: Doc) -> dynamoxide::Result<()> {
    /// db.delete::<Doc>(doc.id.as_str()).expect_version(doc.version).await?;
    /// # Ok(()) }
    /// ```
    pub fn expect_version(mut self, version: u64) -> Self {
        self.expected_version = Some(version);
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
        self.request()
    }

    /// The exact request input this operation would send, without sending it. Hooks do not
    /// run.
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String, active: bool }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let input = db.remove_if::<User>("u1", User::ACTIVE.eq(false)).into_input().unwrap();
    /// assert_eq!(input.condition_expression(), Some("(attribute_exists(#n0)) AND (#n1 = :v0)"));
    /// ```
    pub fn into_input(self) -> Result<DeleteItemInput> {
        super::built(self.request()?.as_input().clone().build())
    }

    fn request(&self) -> Result<DeleteItemFluentBuilder> {
        let mut placeholders = Placeholders::default();
        let expression = keyed_write_condition::<M>(
            self.must_exist,
            self.expected_version,
            self.condition.as_ref(),
            &mut placeholders,
        )?;
        let (names, values) = placeholders.finish();
        Ok(self
            .db
            .client()
            .delete_item()
            .table_name(self.db.table_name::<M>())
            .set_key(Some(self.key.to_item()?))
            .set_return_values_on_condition_check_failure(item_on_failed_check(
                expression.as_deref(),
            ))
            .set_condition_expression(expression)
            .set_expression_attribute_names(names)
            .set_expression_attribute_values(values)
            .set_return_values(R::return_value())
            .set_return_consumed_capacity(self.consumed_capacity.clone()))
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
            let request = self.request()?;
            let hooked_key = match WriteHooks::of::<M>(WriteKind::Delete) {
                Some(hooks) => {
                    let key = self.key.to_item()?;
                    hooks.before(&key, None)?;
                    Some((hooks, key))
                }
                None => None,
            };
            let output = request.send().await.map_err(|error| {
                write_failure("DeleteItem", &table, error, |current| {
                    condition_failed::<M>(
                        &table,
                        &self.key,
                        self.must_exist,
                        self.expected_version,
                        current,
                    )
                })
            })?;
            if let Some((hooks, key)) = hooked_key {
                hooks.after(&key, None);
            }
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
