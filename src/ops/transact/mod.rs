//! Transactions: [`Transaction`] (`TransactWriteItems`) writes up to 100 items across models
//! and tables all or nothing; [`TransactGet`] (`TransactGetItems`) reads up to 100 items as
//! of one moment. Limits are checked before sending; a cancelled transaction is
//! [`Error::TransactionCanceled`] with a reason per action.

mod action;
mod get;

pub use action::{TransactAction, TransactWrite};
pub use get::{Slot, TransactGet, TransactGetResult};

use super::batch::KeyIdentity;
use super::{span, OperationFuture};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::expr::{Condition, Placeholders};
use crate::model::{Model, ModelKey};
use crate::Item;
use aws_sdk_dynamodb::operation::transact_write_items::{
    TransactWriteItemsError, TransactWriteItemsInput,
};
use aws_sdk_dynamodb::types::CancellationReason as SdkCancellationReason;
use aws_sdk_dynamodb::types::{
    ConditionCheck, ReturnValuesOnConditionCheckFailure, TransactWriteItem,
};
use std::borrow::Cow;
use std::future::IntoFuture;
use tracing::Instrument;

/// The most actions one transaction holds.
pub const MAX_TRANSACTION_ACTIONS: usize = 100;

/// The largest total size of a transaction's items, in bytes.
pub const MAX_TRANSACTION_SIZE: usize = 4 * 1024 * 1024;

/// Writes up to 100 items, of any models and tables, all or nothing; made by
/// [`Db::transact`]. Awaiting it (or [`commit`](Transaction::commit)) sends it.
///
/// Checked before sending: at most 100 actions and 4 MB ([`Error::InvalidRequest`]), no item
/// named by two actions (DynamoDB refuses that), every item and condition valid. When
/// DynamoDB cancels the transaction, [`Error::TransactionCanceled`] says, per action, why
/// (a failed condition comes with the item as stored).
///
/// ```no_run
/// # use dynamoxide::{Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "accounts")]
/// # struct Account { #[dynamo(hash_key)] id: String, balance: i64 }
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "transfers")]
/// # struct Transfer { #[dynamo(hash_key)] id: String, amount: i64 }
/// # async fn run(db: Db, transfer: Transfer) -> dynamoxide::Result<()> {
/// db.transact()
///     .create(&transfer)
///     .update(db.update::<Account>("alice").decrement(Account::BALANCE, 100).condition(Account::BALANCE.ge(100)))
///     .update(db.update::<Account>("bob").increment(Account::BALANCE, 100))
///     .idempotency_token("transfer-t1")
///     .commit()
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a transaction does nothing until it is committed"]
pub struct Transaction<'db> {
    db: &'db Db,
    actions: Vec<TransactAction>,
    error: Option<Error>,
    token: Option<String>,
}

/// Why DynamoDB cancelled one action of a transaction.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CancellationReason {
    /// The action's position in the transaction (from 0).
    pub index: usize,
    /// The model's Rust name.
    pub model: &'static str,
    /// The table (with the `Db`'s prefix and suffix).
    pub table: String,
    /// The item's key, its numbers in one spelling per value (`1.50` and `15E-1` are `1.5`).
    pub key: Item,
    /// DynamoDB's code: `None` (this action was fine), `ConditionalCheckFailed`,
    /// `TransactionConflict`, `ValidationError`, `ThrottlingError`, ...
    pub code: String,
    /// DynamoDB's message, when it gave one.
    pub message: Option<String>,
    /// The item as stored, for a failed condition.
    pub item: Option<Item>,
}

impl CancellationReason {
    /// Whether this action is what cancelled the transaction (its code is not `None`).
    ///
    /// ```
    /// # fn check(reason: &dynamoxide::ops::CancellationReason) {
    /// if reason.is_cause() {
    ///     println!("action {} failed: {}", reason.index, reason.code);
    /// }
    /// # }
    /// ```
    pub fn is_cause(&self) -> bool {
        self.code != "None"
    }
}

impl Db {
    /// An empty transaction. See [`Transaction`].
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, a: User) -> dynamoxide::Result<()> {
    /// db.transact().create(&a).delete::<User>("u-old").await?;
    /// # Ok(()) }
    /// ```
    pub fn transact(&self) -> Transaction<'_> {
        Transaction {
            db: self,
            actions: Vec::new(),
            error: None,
            token: None,
        }
    }
}

impl<'db> Transaction<'db> {
    /// Adds any write builder, with what it was given: `db.put(&x).condition(..)`,
    /// `db.delete::<M>(k).expect_version(3)`, `db.update::<M>(k).set(..)`, `db.create(&x)`.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String, active: bool }
    /// # async fn run(db: Db, user: User) -> dynamoxide::Result<()> {
    /// db.transact()
    ///     .write(db.put(&user).condition(User::ACTIVE.eq(true)))
    ///     .write(db.delete::<User>("u2").condition(User::ACTIVE.eq(false)))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn write(mut self, write: impl TransactWrite) -> Self {
        if self.error.is_none() {
            match write.into_action() {
                Ok(action) => self.actions.push(action),
                Err(error) => self.error = Some(error),
            }
        }
        self
    }

    /// Creates `item`: fails (cancelling the transaction) if its key exists.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, a: User, b: User) -> dynamoxide::Result<()> {
    /// db.transact().create(&a).create(&b).await?;
    /// # Ok(()) }
    /// ```
    pub fn create<M: Model>(self, item: &M) -> Self {
        let write = self.db.create(item);
        self.write(write)
    }

    /// Puts `item`, overwriting (a versioned model checks and bumps its version, as `put`).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, a: User) -> dynamoxide::Result<()> {
    /// db.transact().put(&a).await?;
    /// # Ok(()) }
    /// ```
    pub fn put<M: Model>(self, item: &M) -> Self {
        let write = self.db.put(item);
        self.write(write)
    }

    /// Deletes the item with `key`.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// db.transact().delete::<User>("u1").delete::<User>("u2").await?;
    /// # Ok(()) }
    /// ```
    pub fn delete<M: Model>(self, key: impl Into<M::Key>) -> Self {
        let write = self.db.delete::<M>(key);
        self.write(write)
    }

    /// Adds an update built with [`Db::update`] (its condition and version check included).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String, logins: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// db.transact().update(db.update::<User>("u1").increment(User::LOGINS, 1)).await?;
    /// # Ok(()) }
    /// ```
    pub fn update<M: Model>(self, update: super::UpdateItem<'_, M>) -> Self {
        self.write(update)
    }

    /// Requires `condition` to hold for the item with `key`, without writing it.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "stock")]
    /// # struct Stock { #[dynamo(hash_key)] sku: String, quantity: u32 }
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] id: String, sku: String }
    /// # async fn run(db: Db, order: Order) -> dynamoxide::Result<()> {
    /// db.transact()
    ///     .condition_check::<Stock>("sku-1", Stock::QUANTITY.gt(0))
    ///     .create(&order)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn condition_check<M: Model>(
        mut self,
        key: impl Into<M::Key>,
        condition: Condition<M>,
    ) -> Self {
        if self.error.is_none() {
            match self.condition_check_action::<M>(key.into(), &condition) {
                Ok(action) => self.actions.push(action),
                Err(error) => self.error = Some(error),
            }
        }
        self
    }

    /// Makes the transaction idempotent: sent again with the same token within ten minutes,
    /// DynamoDB does not apply it twice (1 to 36 characters).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, a: User) -> dynamoxide::Result<()> {
    /// db.transact().put(&a).idempotency_token("request-7f3a").await?;
    /// # Ok(()) }
    /// ```
    pub fn idempotency_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    fn condition_check_action<M: Model>(
        &self,
        key: M::Key,
        condition: &Condition<M>,
    ) -> Result<TransactAction> {
        let key = key.to_item()?;
        let table = self.db.table_name::<M>().into_owned();
        let mut placeholders = Placeholders::default();
        let mut parts = super::conditional::ConditionParts::default();
        parts.require_own_entity::<M>(&mut placeholders);
        parts.add(condition, &mut placeholders)?;
        let expression = parts
            .into_expression()
            .expect("the caller's condition is a part");
        let (names, values) = placeholders.finish();
        let (identity, size) = (KeyIdentity::of_key(&table, &key), action::item_size(&key)?);
        let check = ConditionCheck::builder()
            .table_name(table)
            .set_key(Some(key))
            .condition_expression(expression)
            .set_expression_attribute_names(names)
            .set_expression_attribute_values(values)
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .build()
            .map_err(|error| Error::InvalidRequest {
                reason: error.to_string(),
            })?;
        Ok(TransactAction::new(
            M::SCHEMA.model_name,
            identity,
            size,
            TransactWriteItem::builder().condition_check(check).build(),
        ))
    }

    /// The exact `TransactWriteItems` input this transaction would send, limits checked,
    /// without sending it. Hooks do not run.
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let input = db.transact().create(&User { id: "u1".into() }).delete::<User>("u2").into_input().unwrap();
    /// assert_eq!(input.transact_items().len(), 2);
    /// ```
    pub fn into_input(self) -> Result<TransactWriteItemsInput> {
        let (actions, token) = self.checked()?;
        crate::ops::built(
            TransactWriteItemsInput::builder()
                .set_transact_items(Some(
                    actions.into_iter().map(|action| action.item).collect(),
                ))
                .set_client_request_token(token)
                .build(),
        )
    }

    /// The actions and token, checked against DynamoDB's limits.
    fn checked(self) -> Result<(Vec<TransactAction>, Option<String>)> {
        if let Some(error) = self.error {
            return Err(error);
        }
        check_actions(&self.actions)?;
        if let Some(token) = &self.token {
            if !(1..=36).contains(&token.len()) {
                return Err(Error::InvalidRequest {
                    reason: format!(
                        "an idempotency token has 1 to 36 characters, not {}",
                        token.len()
                    ),
                });
            }
        }
        Ok((self.actions, self.token))
    }

    /// Checks the limits and sends the transaction.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, a: User) -> dynamoxide::Result<()> {
    /// db.transact().create(&a).commit().await?;
    /// # Ok(()) }
    /// ```
    pub async fn commit(self) -> Result<()> {
        let db = self.db;
        let (mut actions, token) = self.checked()?;
        let table = actions[0].table().to_owned();
        for action in &actions {
            action.before_write()?;
        }
        // The items go to the SDK; what stays (keys, hooks) names and reports the actions.
        let items: Vec<TransactWriteItem> = actions
            .iter_mut()
            .map(|action| std::mem::replace(&mut action.item, TransactWriteItem::builder().build()))
            .collect();
        let sent = db
            .client()
            .transact_write_items()
            .set_transact_items(Some(items))
            .set_client_request_token(token)
            .send()
            .instrument(span("TransactWriteItems", &table))
            .await;
        match sent {
            Ok(_) => {
                for action in &actions {
                    action.after_write();
                }
                Ok(())
            }
            Err(error) => match error.into_service_error() {
                TransactWriteItemsError::TransactionCanceledException(cancelled) => {
                    Err(Error::TransactionCanceled {
                        reasons: reasons(&actions, cancelled.cancellation_reasons()),
                        source: Box::new(cancelled),
                    })
                }
                other => Err(Error::from_service("TransactWriteItems", &table, other)),
            },
        }
    }
}

impl<'db> IntoFuture for Transaction<'db> {
    type Output = Result<()>;
    type IntoFuture = OperationFuture<'db, ()>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.commit())
    }
}

/// At most 100 actions, 4 MB, and no item twice.
fn check_actions(actions: &[impl action::Keyed]) -> Result<()> {
    if actions.is_empty() || actions.len() > MAX_TRANSACTION_ACTIONS {
        return Err(Error::InvalidRequest {
            reason: format!(
                "a transaction has 1 to {MAX_TRANSACTION_ACTIONS} actions, not {}",
                actions.len()
            ),
        });
    }
    let size: usize = actions.iter().map(action::Keyed::size).sum();
    if size > MAX_TRANSACTION_SIZE {
        return Err(Error::InvalidRequest {
            reason: format!("the transaction's items are {size} bytes; DynamoDB accepts at most {MAX_TRANSACTION_SIZE}"),
        });
    }
    let mut seen: foldhash::HashSet<Cow<'_, KeyIdentity>> =
        foldhash::HashSet::with_capacity_and_hasher(actions.len(), Default::default());
    for (index, action) in actions.iter().enumerate() {
        if let Some(earlier) = seen.replace(action.identity()) {
            return Err(Error::InvalidRequest {
                reason: format!(
                    "action {index} names an item of `{}` that an earlier action names: a \
                     transaction touches each item once",
                    earlier.table()
                ),
            });
        }
    }
    Ok(())
}

fn reasons(
    actions: &[impl action::Keyed],
    given: &[SdkCancellationReason],
) -> Vec<CancellationReason> {
    actions
        .iter()
        .enumerate()
        .map(|(index, action)| {
            let reason = given.get(index);
            let identity = action.identity();
            CancellationReason {
                index,
                model: action.model(),
                table: identity.table().to_owned(),
                key: identity.key(),
                code: reason
                    .and_then(|reason| reason.code())
                    .unwrap_or("None")
                    .to_owned(),
                message: reason
                    .and_then(|reason| reason.message())
                    .map(str::to_owned),
                item: reason.and_then(|reason| reason.item()).cloned(),
            }
        })
        .collect()
}
