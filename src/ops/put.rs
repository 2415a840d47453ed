//! `PutItem` in its two meanings: `create` (only when no item has the key) and `put`
//! (write, replacing any item with the key).

use super::conditional::{
    and_condition, condition_failed, item_on_failed_check, stored_version, write_failure,
    ConditionParts,
};
use super::returning::{ReturnNothing, ReturnOld, ReturnValues};
use super::{span, OperationFuture, Response};
use crate::codec;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::expr::{Condition, Placeholders};
use crate::hooks::{WriteHooks, WriteKind};
use crate::limits;
use crate::model::Model;
use crate::Item;
use aws_sdk_dynamodb::operation::put_item::builders::PutItemFluentBuilder;
use aws_sdk_dynamodb::operation::put_item::PutItemInput;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnConsumedCapacity};
use std::collections::HashMap;
use std::future::IntoFuture;
use std::marker::PhantomData;
use tracing::Instrument;

/// Writes a new item, failing with [`Error::AlreadyExists`] when one with the same key is
/// stored (nothing is overwritten); made by [`Db::create`]. Awaiting it gives the item as
/// stored, read back as a `get` would read it: with its generated values (`auto` ids,
/// timestamps, version 1, counters at their start, write defaults).
///
/// ```no_run
/// # use dynamoxide::{Db, Error, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String }
/// # async fn run(db: Db) -> dynamoxide::Result<()> {
/// let user = User { id: "u1".into() };
/// match db.create(&user).await {
///     Ok(created) => println!("created {}", created.id),
///     Err(Error::AlreadyExists { existing, .. }) => println!("taken: {existing:?}"),
///     Err(other) => return Err(other),
/// }
/// # Ok(()) }
/// ```
#[must_use = "an operation does nothing until it is awaited"]
pub struct CreateItem<'a, M: Model> {
    db: &'a Db,
    item: &'a M,
    consumed_capacity: Option<ReturnConsumedCapacity>,
}

/// Writes an item, replacing any item with the same key; made by [`Db::put`]. Awaiting it
/// gives `()`, or the replaced item after [`return_old`](PutItem::return_old).
///
/// ```no_run
/// # use dynamoxide::{Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String }
/// # async fn run(db: Db) -> dynamoxide::Result<()> {
/// let user = User { id: "u1".into() };
/// db.put(&user).await?;
/// let replaced: Option<User> = db.put(&user).return_old().await?;
/// # Ok(()) }
/// ```
#[must_use = "an operation does nothing until it is awaited"]
pub struct PutItem<'a, M: Model, R: ReturnValues = ReturnNothing> {
    db: &'a Db,
    item: &'a M,
    condition: Option<Condition<M>>,
    consumed_capacity: Option<ReturnConsumedCapacity>,
    returning: PhantomData<R>,
}

impl Db {
    /// Writes `item` only if no item with its key exists. See [`CreateItem`].
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// db.create(&User { id: "u1".into() }).await?;
    /// # Ok(()) }
    /// ```
    pub fn create<'a, M: Model>(&'a self, item: &'a M) -> CreateItem<'a, M> {
        CreateItem {
            db: self,
            item,
            consumed_capacity: None,
        }
    }

    /// Writes `item`, replacing any item with its key. See [`PutItem`].
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// db.put(&User { id: "u1".into() }).await?;
    /// # Ok(()) }
    /// ```
    pub fn put<'a, M: Model>(&'a self, item: &'a M) -> PutItem<'a, M> {
        PutItem {
            db: self,
            item,
            condition: None,
            consumed_capacity: None,
            returning: PhantomData,
        }
    }
}

/// Whether a put may replace an item.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PutMode {
    Create,
    Overwrite,
}

/// What a put sends, before it becomes a request: the table, the stored item, its condition
/// with the condition's placeholders, and the version the stored item must have for
/// optimistic locking. A transaction takes these as they are, without copying the item.
pub(crate) struct PutParts {
    pub(crate) table: String,
    pub(crate) item: Item,
    /// The item's size as DynamoDB counts it.
    pub(crate) size: usize,
    pub(crate) condition_expression: Option<String>,
    pub(crate) names: Option<HashMap<String, String>>,
    pub(crate) values: Option<HashMap<String, AttributeValue>>,
    expected_version: Option<u64>,
}

/// The parts of a put of `item` (a create, or one that may replace an item) with
/// `condition`: the item converted and checked, again after a version is bumped into it.
/// Also what `with_key` makes of the table and the stored item's key attributes (hash key
/// first), which the conversion finds on its way.
fn put_parts<M: Model, K>(
    db: &Db,
    item: &M,
    mode: PutMode,
    condition: Option<&Condition<M>>,
    with_key: impl FnOnce(&str, &[(&str, &AttributeValue)]) -> K,
) -> Result<(PutParts, K)> {
    let table = db.table_name::<M>().into_owned();
    let (mut stored, (mut size, key)) =
        codec::to_stored_item_keyed(item, mode == PutMode::Create, |key, size| {
            (size, with_key(&table, key))
        })?;
    let mut placeholders = Placeholders::default();
    let mut parts = ConditionParts::default();
    match mode {
        PutMode::Create => parts.require_absent::<M>(&mut placeholders),
        PutMode::Overwrite => parts.require_own_entity::<M>(&mut placeholders),
    }
    if let Some(version) = M::SCHEMA.version {
        let in_memory = stored_version::<M>(&stored).unwrap_or(0);
        let written = match mode {
            PutMode::Create => 1,
            PutMode::Overwrite => {
                parts.require_version::<M>(&mut placeholders, in_memory)?;
                in_memory
                    .checked_add(1)
                    .ok_or_else(|| Error::InvalidExpression {
                        reason: format!("version `{version}` cannot grow past {in_memory}"),
                    })?
            }
        };
        stored.insert(version.to_owned(), AttributeValue::N(written.to_string()));
        size = limits::check_item(&stored).map_err(|violation| Error::InvalidItem {
            model: M::SCHEMA.model_name,
            violation,
        })?;
    }
    if let Some(condition) = condition {
        parts.add(condition, &mut placeholders)?;
    }
    let (names, values) = placeholders.finish();
    let expected_version = parts.expected_version;
    let parts = PutParts {
        table,
        item: stored,
        size,
        condition_expression: parts.into_expression(),
        names,
        values,
        expected_version,
    };
    Ok((parts, key))
}

/// The request, and the version the stored item must have for optimistic locking.
fn put_request(
    db: &Db,
    parts: PutParts,
    consumed_capacity: Option<ReturnConsumedCapacity>,
) -> (PutItemFluentBuilder, Option<u64>) {
    let request = db
        .client()
        .put_item()
        .table_name(parts.table)
        .set_item(Some(parts.item))
        .set_return_values_on_condition_check_failure(item_on_failed_check(
            parts.condition_expression.as_deref(),
        ))
        .set_condition_expression(parts.condition_expression)
        .set_expression_attribute_names(parts.names)
        .set_expression_attribute_values(parts.values)
        .set_return_consumed_capacity(consumed_capacity);
    (request, parts.expected_version)
}

impl<'a, M: Model> CreateItem<'a, M> {
    /// Asks DynamoDB to report the capacity consumed; read it with [`send_detailed`](Self::send_detailed).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, user: User) -> dynamoxide::Result<()> {
    /// use dynamoxide::types::ReturnConsumedCapacity;
    /// let response = db.create(&user).return_consumed_capacity(ReturnConsumedCapacity::Total).send_detailed().await?;
    /// # Ok(()) }
    /// ```
    pub fn return_consumed_capacity(mut self, level: ReturnConsumedCapacity) -> Self {
        self.consumed_capacity = Some(level);
        self
    }

    /// The SDK request this operation would send: the put with its
    /// `attribute_not_exists` condition on the hash key.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # fn run(db: Db, user: User) -> dynamoxide::Result<()> {
    /// let request = db.create(&user).into_sdk()?;
    /// assert_eq!(request.get_condition_expression().as_deref(), Some("attribute_not_exists(#n0)"));
    /// # Ok(()) }
    /// ```
    pub fn into_sdk(self) -> Result<PutItemFluentBuilder> {
        let (parts, ()) = self.parts(|_, _| ())?;
        let (request, _) = put_request(self.db, parts, self.consumed_capacity);
        Ok(request)
    }

    /// What the create sends: the stored item and its condition that no item has its key;
    /// and what `with_key` makes of the table and the key (see [`put_parts`]).
    pub(crate) fn parts<K>(
        &self,
        with_key: impl FnOnce(&str, &[(&str, &AttributeValue)]) -> K,
    ) -> Result<(PutParts, K)> {
        put_parts(self.db, self.item, PutMode::Create, None, with_key)
    }

    /// The exact request input this operation would send, without sending it. Hooks do not
    /// run; generated values (`auto` ids, timestamps) are made anew by each call.
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let input = db.create(&User { id: "u1".into() }).into_input().unwrap();
    /// assert_eq!(input.condition_expression(), Some("attribute_not_exists(#n0)"));
    /// ```
    pub fn into_input(self) -> Result<PutItemInput> {
        super::built(self.into_sdk()?.as_input().clone().build())
    }

    /// Sends the request; the item as stored, with the capacity DynamoDB reported.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, user: User) -> dynamoxide::Result<()> {
    /// let response = db.create(&user).send_detailed().await?;
    /// let created: User = response.value;
    /// # Ok(()) }
    /// ```
    pub async fn send_detailed(self) -> Result<Response<M>> {
        let table = self.db.table_name::<M>();
        let span = span("PutItem", &table);
        async move {
            let request = self.into_sdk()?;
            let stored = request.as_input().get_item().clone().unwrap_or_default();
            let key = codec::key_of::<M>(&stored);
            let hooked = match WriteHooks::of::<M>(WriteKind::Create) {
                Some(hooks) => {
                    hooks.before(&key, Some(&stored))?;
                    Some((hooks, stored.clone()))
                }
                None => None,
            };
            // Read back before sending: a model that cannot read what it writes writes nothing.
            let created = codec::from_item::<M>(stored)?;
            let output = request.send().await.map_err(|error| {
                write_failure("PutItem", &table, error, |existing| Error::AlreadyExists {
                    table: table.to_string(),
                    key: key.clone(),
                    existing: existing.map(Box::new),
                })
            })?;
            if let Some((hooks, stored)) = hooked {
                hooks.after(&key, Some(&stored));
            }
            Ok(Response {
                value: created,
                consumed_capacity: output.consumed_capacity,
            })
        }
        .instrument(span)
        .await
    }
}

impl<'a, M: Model> IntoFuture for CreateItem<'a, M> {
    type Output = Result<M>;
    type IntoFuture = OperationFuture<'a, M>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.send_detailed().await.map(|response| response.value) })
    }
}

impl<'a, M: Model, R: ReturnValues> PutItem<'a, M, R> {
    /// Returns the item the put replaced (`None` when there was none).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, user: User) -> dynamoxide::Result<()> {
    /// let before: Option<User> = db.put(&user).return_old().await?;
    /// # Ok(()) }
    /// ```
    pub fn return_old(self) -> PutItem<'a, M, ReturnOld> {
        PutItem {
            db: self.db,
            item: self.item,
            condition: self.condition,
            consumed_capacity: self.consumed_capacity,
            returning: PhantomData,
        }
    }

    /// Writes only if `condition` holds for the stored item (several calls are ANDed). A
    /// failed check is [`Error::ConditionFailed`] with the stored item.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String, plan: String }
    /// # async fn run(db: Db, user: User) -> dynamoxide::Result<()> {
    /// db.put(&user).condition(User::PLAN.ne("enterprise")).await?;
    /// # Ok(()) }
    /// ```
    pub fn condition(mut self, condition: Condition<M>) -> Self {
        self.condition = and_condition(self.condition.take(), condition);
        self
    }

    /// Asks DynamoDB to report the capacity consumed; read it with [`send_detailed`](Self::send_detailed).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, user: User) -> dynamoxide::Result<()> {
    /// use dynamoxide::types::ReturnConsumedCapacity;
    /// let response = db.put(&user).return_consumed_capacity(ReturnConsumedCapacity::Total).send_detailed().await?;
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
    /// # fn run(db: Db, user: User) -> dynamoxide::Result<()> {
    /// let request = db.put(&user).into_sdk()?;
    /// assert_eq!(request.get_table_name().as_deref(), Some("users"));
    /// # Ok(()) }
    /// ```
    pub fn into_sdk(self) -> Result<PutItemFluentBuilder> {
        Ok(self.request()?.0)
    }

    /// The exact request input this operation would send, without sending it. Hooks do not
    /// run; timestamps and `auto` ids are made anew by each call.
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let input = db.put(&User { id: "u1".into() }).into_input().unwrap();
    /// assert_eq!(input.table_name(), Some("users"));
    /// ```
    pub fn into_input(self) -> Result<PutItemInput> {
        super::built(self.into_sdk()?.as_input().clone().build())
    }

    fn request(&self) -> Result<(PutItemFluentBuilder, Option<u64>)> {
        let (parts, ()) = self.parts(|_, _| ())?;
        let (request, expected_version) =
            put_request(self.db, parts, self.consumed_capacity.clone());
        Ok((
            request.set_return_values(R::return_value()),
            expected_version,
        ))
    }

    /// What the put sends: the stored item and its condition (the model's entity, version
    /// and any condition given); and what `with_key` makes of the table and the key (see
    /// [`put_parts`]).
    pub(crate) fn parts<K>(
        &self,
        with_key: impl FnOnce(&str, &[(&str, &AttributeValue)]) -> K,
    ) -> Result<(PutParts, K)> {
        put_parts(
            self.db,
            self.item,
            PutMode::Overwrite,
            self.condition.as_ref(),
            with_key,
        )
    }

    /// Sends the request; the awaited value with the capacity DynamoDB reported.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, user: User) -> dynamoxide::Result<()> {
    /// let response = db.put(&user).return_old().send_detailed().await?;
    /// let before: Option<User> = response.value;
    /// # Ok(()) }
    /// ```
    pub async fn send_detailed(self) -> Result<Response<R::Output<M>>> {
        let table = self.db.table_name::<M>();
        let span = span("PutItem", &table);
        async move {
            let (request, expected_version) = self.request()?;
            let hooked = match WriteHooks::of::<M>(WriteKind::Put) {
                Some(hooks) => {
                    let stored = request.as_input().get_item().clone().unwrap_or_default();
                    let key = codec::key_of::<M>(&stored);
                    hooks.before(&key, Some(&stored))?;
                    Some((hooks, key, stored))
                }
                None => None,
            };
            let output = request.send().await.map_err(|error| {
                write_failure("PutItem", &table, error, |current| {
                    condition_failed::<M>(
                        &table,
                        &self.item.key(),
                        false,
                        expected_version,
                        current,
                    )
                })
            })?;
            if let Some((hooks, key, stored)) = hooked {
                hooks.after(&key, Some(&stored));
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

impl<'a, M: Model, R: ReturnValues> IntoFuture for PutItem<'a, M, R> {
    type Output = Result<R::Output<M>>;
    type IntoFuture = OperationFuture<'a, R::Output<M>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.send_detailed().await.map(|response| response.value) })
    }
}
