//! `UpdateItem`: SET / REMOVE / ADD / DELETE on one item: `update` (creating the item when
//! missing), `patch` (only an existing item) and `upsert` (a whole model).

use super::conditional::{
    and_condition, condition_failed, item_on_failed_check, keyed_write_condition, write_failure,
};
use super::returning::{ReturnNew, ReturnNothing, ReturnOld, ReturnUpdated, ReturnValues};
use super::{span, OperationFuture, Response};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::expr::{Condition, IntoValue, Numeric, Placeholders, UpdateExpression, Writable};
use crate::hooks::{WriteHooks, WriteKind};
use crate::model::{Model, ModelKey};
use crate::Item;
use aws_sdk_dynamodb::operation::update_item::builders::UpdateItemFluentBuilder;
use aws_sdk_dynamodb::operation::update_item::UpdateItemInput;
use aws_sdk_dynamodb::types::ReturnConsumedCapacity;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::IntoFuture;
use std::marker::PhantomData;
use tracing::Instrument;

/// Updates attributes of one item; made by [`Db::update`] (DynamoDB creates the item when it
/// is missing), [`Db::patch`] (a missing item is [`Error::NotFound`]) and [`Db::upsert`] (from
/// a whole model). Values must have their field's type, and key fields cannot be named: both
/// are compile errors. A model with a `#[dynamo(version)]` field has its version bumped in
/// the same request.
///
/// ```no_run
/// # use dynamoxide::{Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String, email: String, age: u32, nickname: Option<String> }
/// # async fn run(db: Db) -> dynamoxide::Result<()> {
/// let updated: Option<User> = db
///     .update::<User>("u1")
///     .set(User::EMAIL, "a@b.c")
///     .increment(User::AGE, 1)
///     .remove(User::NICKNAME)
///     .condition(User::AGE.lt(150))
///     .return_new()
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "an operation does nothing until it is awaited"]
pub struct UpdateItem<'db, M: Model, R: ReturnValues = ReturnNothing> {
    db: &'db Db,
    key: M::Key,
    pub(super) mode: UpdateMode,
    /// An upsert's item in its stored form, for the model's hooks.
    pub(super) upserted: Option<Item>,
    /// Why the builder cannot send (an upsert's model that failed its checks).
    pub(super) error: Option<Error>,
    update: UpdateExpression<M>,
    condition: Option<Condition<M>>,
    expected_version: Option<u64>,
    consumed_capacity: Option<ReturnConsumedCapacity>,
    returning: PhantomData<R>,
}

/// Which of the update-based writes an [`UpdateItem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UpdateMode {
    /// Update or insert attributes.
    Update,
    /// Update an item that must exist.
    Patch,
    /// Update or insert from a whole model.
    Upsert,
}

impl UpdateMode {
    pub(crate) fn kind(self) -> WriteKind {
        match self {
            UpdateMode::Update => WriteKind::Update,
            UpdateMode::Patch => WriteKind::Patch,
            UpdateMode::Upsert => WriteKind::Upsert,
        }
    }
}

impl Db {
    /// Updates the item with `key`, creating it when missing. See [`UpdateItem`].
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String, logins: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// db.update::<User>("u1").increment(User::LOGINS, 1).await?;
    /// # Ok(()) }
    /// ```
    pub fn update<M: Model>(&self, key: impl Into<M::Key>) -> UpdateItem<'_, M> {
        self.update_in_mode(key.into(), UpdateMode::Update, UpdateExpression::new())
    }

    /// Updates the item with `key` only if it exists: [`Error::NotFound`] otherwise (an item
    /// whose `#[dynamo(ttl)]` has passed counts as missing). Everything else is as
    /// [`update`](Db::update); a failed condition of the caller's is still
    /// [`Error::ConditionFailed`].
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Error, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String, email: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// match db.patch::<User>("u1").set(User::EMAIL, "new@example.com").await {
    ///     Ok(()) => println!("changed"),
    ///     Err(Error::NotFound { .. }) => println!("no such user"),
    ///     Err(other) => return Err(other),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn patch<M: Model>(&self, key: impl Into<M::Key>) -> UpdateItem<'_, M> {
        self.update_in_mode(key.into(), UpdateMode::Patch, UpdateExpression::new())
    }

    pub(super) fn update_in_mode<M: Model>(
        &self,
        key: M::Key,
        mode: UpdateMode,
        update: UpdateExpression<M>,
    ) -> UpdateItem<'_, M> {
        UpdateItem {
            db: self,
            key,
            mode,
            upserted: None,
            error: None,
            update,
            condition: None,
            expected_version: None,
            consumed_capacity: None,
            returning: PhantomData,
        }
    }
}

impl<'db, M: Model, R: ReturnValues> UpdateItem<'db, M, R> {
    fn with_update(
        mut self,
        change: impl FnOnce(UpdateExpression<M>) -> UpdateExpression<M>,
    ) -> Self {
        self.update = change(std::mem::take(&mut self.update));
        self
    }

    fn returning<S: ReturnValues>(self) -> UpdateItem<'db, M, S> {
        UpdateItem {
            db: self.db,
            key: self.key,
            mode: self.mode,
            upserted: self.upserted,
            error: self.error,
            update: self.update,
            condition: self.condition,
            expected_version: self.expected_version,
            consumed_capacity: self.consumed_capacity,
            returning: PhantomData,
        }
    }

    /// Adds the actions of a prepared [`UpdateExpression`].
    pub fn apply(self, update: impl FnOnce(UpdateExpression<M>) -> UpdateExpression<M>) -> Self {
        self.with_update(update)
    }

    /// `SET path = value`.
    pub fn set<F>(self, field: F, value: impl IntoValue<F::Value>) -> Self
    where
        F: Writable<M>,
        F::Value: Serialize,
    {
        self.with_update(|update| update.set(field, value))
    }

    /// `SET path = if_not_exists(path, value)`.
    pub fn set_if_not_exists<F>(self, field: F, value: impl IntoValue<F::Value>) -> Self
    where
        F: Writable<M>,
        F::Value: Serialize,
    {
        self.with_update(|update| update.set_if_not_exists(field, value))
    }

    /// `ADD path value`, for numbers and sets.
    pub fn add<F>(self, field: F, value: impl IntoValue<F::Value>) -> Self
    where
        F: Writable<M>,
        F::Value: Serialize,
    {
        self.with_update(|update| update.add(field, value))
    }

    /// `REMOVE path`.
    pub fn remove<F: Writable<M>>(self, field: F) -> Self {
        self.with_update(|update| update.remove(field))
    }

    /// `DELETE path members`, removing members from a set.
    pub fn delete<F>(self, field: F, members: impl IntoValue<F::Value>) -> Self
    where
        F: Writable<M>,
        F::Value: Serialize,
    {
        self.with_update(|update| update.delete(field, members))
    }

    /// Adds `by` to a number (from 0 when missing).
    pub fn increment<F>(self, field: F, by: F::Value) -> Self
    where
        F: Writable<M>,
        F::Value: Numeric,
    {
        self.with_update(|update| update.increment(field, by))
    }

    /// Subtracts `by` from a number (from 0 when missing).
    pub fn decrement<F>(self, field: F, by: F::Value) -> Self
    where
        F: Writable<M>,
        F::Value: Numeric,
    {
        self.with_update(|update| update.decrement(field, by))
    }

    /// Appends `items` to a list (`list_append`).
    pub fn append<F, E>(self, field: F, items: impl IntoIterator<Item = E>) -> Self
    where
        F: Writable<M, Value = Vec<E>>,
        E: Serialize,
    {
        self.with_update(|update| update.append(field, items))
    }

    /// Puts `items` before a list's elements (`list_append`).
    pub fn prepend<F, E>(self, field: F, items: impl IntoIterator<Item = E>) -> Self
    where
        F: Writable<M, Value = Vec<E>>,
        E: Serialize,
    {
        self.with_update(|update| update.prepend(field, items))
    }

    /// Updates only if `condition` holds (several calls are ANDed); otherwise
    /// [`Error::ConditionFailed`] with the stored item.
    pub fn condition(mut self, condition: Condition<M>) -> Self {
        self.condition = and_condition(self.condition.take(), condition);
        self
    }

    /// Updates only if the stored version is `version` (0: only if there is no item);
    /// otherwise [`Error::VersionConflict`].
    pub fn expect_version(mut self, version: u64) -> Self {
        self.expected_version = Some(version);
        self
    }

    /// Returns nothing (the default).
    pub fn return_nothing(self) -> UpdateItem<'db, M, ReturnNothing> {
        self.returning()
    }

    /// Returns the whole item as it was before (`None` when the update created it).
    pub fn return_old(self) -> UpdateItem<'db, M, ReturnOld> {
        self.returning()
    }

    /// Returns the whole item as it is after the update.
    pub fn return_new(self) -> UpdateItem<'db, M, ReturnNew> {
        self.returning()
    }

    /// Returns the updated attributes as they were before, read into `P`.
    pub fn return_updated_old<P: DeserializeOwned + Send + 'static>(
        self,
    ) -> UpdateItem<'db, M, ReturnUpdated<P, false>> {
        self.returning()
    }

    /// Returns the updated attributes as they are after, read into `P`.
    pub fn return_updated_new<P: DeserializeOwned + Send + 'static>(
        self,
    ) -> UpdateItem<'db, M, ReturnUpdated<P, true>> {
        self.returning()
    }

    /// Asks DynamoDB to report the capacity consumed; read it with [`send_detailed`](Self::send_detailed).
    pub fn return_consumed_capacity(mut self, level: ReturnConsumedCapacity) -> Self {
        self.consumed_capacity = Some(level);
        self
    }

    /// The SDK request this operation would send.
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String, logins: u64 }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let request = db.update::<User>("u1").increment(User::LOGINS, 1).into_sdk().unwrap();
    /// assert_eq!(
    ///     request.get_update_expression().as_deref(),
    ///     Some("SET #n0 = if_not_exists(#n0, :v0) + :v1")
    /// );
    /// ```
    pub fn into_sdk(self) -> Result<UpdateItemFluentBuilder> {
        self.request()
    }

    fn request(self) -> Result<UpdateItemFluentBuilder> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let mut update = self.update;
        if update.is_empty() && self.mode != UpdateMode::Upsert {
            return Err(Error::InvalidExpression {
                reason: "an update needs at least one action".to_owned(),
            });
        }
        let managed = M::SCHEMA
            .version
            .map(|version| (version, "the version attribute"))
            .into_iter()
            .chain(
                M::SCHEMA
                    .counters
                    .iter()
                    .map(|counter| (counter.name, "a counter")),
            );
        for (name, role) in managed {
            if update.paths().any(|path| path.root() == Some(name)) {
                return Err(Error::InvalidExpression {
                    reason: format!("`{name}` is {role}: dynamoxide increments it on every update"),
                });
            }
        }
        if let Some(version) = M::SCHEMA.version {
            update = update.bump_version(version);
        }
        for counter in M::SCHEMA.counters {
            let delta = i128::from(counter.delta);
            update = update.count(counter.name, i128::from(counter.start) - delta, delta);
        }
        let mut violations = update.take_violations();
        update.apply_attribute_rules(|name, value| {
            let storage = M::SCHEMA
                .attribute(name)
                .map_or(crate::Storage::Serialized, |attribute| attribute.storage);
            let value = M::__update_rules(name, storage.unstore(value), &mut violations)?;
            Ok(storage.store(value))
        })?;
        violations.into_result(M::SCHEMA.model_name)?;
        if let Some((name, now)) = M::__updated_at()? {
            update = update.set_unless_written(name, now);
        }
        let key = self.key.to_item()?;
        update = crate::template::recompose_index_keys::<M>(update, &key)?;
        if self.mode == UpdateMode::Update {
            update = crate::template::identity_if_missing::<M>(update, &key);
        }
        crate::codec::check_index_keys::<M>(
            |name| {
                update.set_values().find_map(|(path, value)| {
                    let whole_attribute = path.segments().len() == 1 && path.root() == Some(name);
                    whole_attribute.then(|| value.get().ok()).flatten()
                })
            },
            crate::codec::Numbers::Unchecked,
        )?;
        let mut placeholders = Placeholders::default();
        // Only an upsert of a model with nothing but its key gets here without actions: the
        // request without an expression writes the key alone.
        let expression = match update.is_empty() {
            true => None,
            false => Some(update.render(&mut placeholders)?),
        };
        let condition = keyed_write_condition::<M>(
            self.mode == UpdateMode::Patch,
            self.expected_version,
            self.condition.as_ref(),
            &mut placeholders,
        )?;
        let (names, values) = placeholders.finish();
        Ok(self
            .db
            .client()
            .update_item()
            .table_name(self.db.table_name::<M>())
            .set_key(Some(key))
            .set_update_expression(expression)
            .set_return_values_on_condition_check_failure(item_on_failed_check(
                condition.as_deref(),
            ))
            .set_condition_expression(condition)
            .set_expression_attribute_names(names)
            .set_expression_attribute_values(values)
            .set_return_values(R::return_value())
            .set_return_consumed_capacity(self.consumed_capacity.clone()))
    }

    /// The exact request input this operation would send, without sending it: for logs,
    /// reviews and tests of request shapes. Hooks do not run; `updated_at` and an upsert's
    /// generated values are made anew by each call.
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String, logins: u64 }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let input = db.patch::<User>("u1").increment(User::LOGINS, 1).into_input().unwrap();
    /// assert_eq!(input.condition_expression(), Some("attribute_exists(#n1)"));
    /// ```
    pub fn into_input(self) -> Result<UpdateItemInput> {
        super::built(self.request()?.as_input().clone().build())
    }

    /// Sends the request; the awaited value with the capacity DynamoDB reported.
    pub async fn send_detailed(mut self) -> Result<Response<R::Output<M>>> {
        let table = self.db.table_name::<M>();
        let span = span("UpdateItem", &table);
        let (expected_version, must_exist) =
            (self.expected_version, self.mode == UpdateMode::Patch);
        let key = self.key.clone();
        let hooks = WriteHooks::of::<M>(self.mode.kind());
        let upserted = self.upserted.take();
        async move {
            // Built first: a write refused here (invalid, empty) never reaches the hooks.
            let request = self.request()?;
            let hooked_key = match hooks {
                Some(hooks) => {
                    let key = key.to_item()?;
                    hooks.before(&key, upserted.as_ref())?;
                    Some((hooks, key))
                }
                None => None,
            };
            let output = request.send().await.map_err(|error| {
                write_failure("UpdateItem", &table, error, |current| {
                    condition_failed::<M>(&table, &key, must_exist, expected_version, current)
                })
            })?;
            if let Some((hooks, key)) = hooked_key {
                hooks.after(&key, upserted.as_ref());
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

impl<'db, M: Model, R: ReturnValues> IntoFuture for UpdateItem<'db, M, R> {
    type Output = Result<R::Output<M>>;
    type IntoFuture = OperationFuture<'db, R::Output<M>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.send_detailed().await.map(|response| response.value) })
    }
}
