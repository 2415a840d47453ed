//! `TransactGetItems`: up to 100 items, of any models, read as of one moment.

use super::action::Keyed;
use super::{check_actions, reasons};
use crate::codec;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{Model, ModelKey};
use crate::ops::batch::KeyIdentity;
use crate::ops::span;
use crate::Item;
use aws_sdk_dynamodb::operation::transact_get_items::{
    TransactGetItemsError, TransactGetItemsInput,
};
use aws_sdk_dynamodb::types::{Get, TransactGetItem};
use std::borrow::Cow;
use std::marker::PhantomData;
use tracing::Instrument;

/// Reads up to 100 items of any models in one consistent snapshot; made by
/// [`Db::transact_get`]. Each [`get`](TransactGet::get) hands back a typed [`Slot`] to take
/// its item from the result with.
///
/// ```no_run
/// # use dynamoxide::{Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String }
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "orders")]
/// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
/// # async fn run(db: Db) -> dynamoxide::Result<()> {
/// let mut read = db.transact_get();
/// let user = read.get::<User>("u1");
/// let order = read.get::<Order>(("u1", 7));
/// let mut result = read.send().await?;
/// let user: Option<User> = result.take(user)?;
/// let order: Option<Order> = result.take(order)?;
/// # Ok(()) }
/// ```
#[must_use = "a transactional read does nothing until it is sent"]
pub struct TransactGet<'db> {
    db: &'db Db,
    id: u64,
    gets: Vec<Entry>,
    error: Option<Error>,
}

struct Entry {
    model: &'static str,
    table: String,
    key: Item,
}

/// Where one item of a [`TransactGet`] will be in its result.
#[derive(Debug)]
pub struct Slot<M> {
    read: u64,
    index: usize,
    model: PhantomData<fn() -> M>,
}

/// The items a [`TransactGet`] read, taken out by their [`Slot`]s.
#[derive(Debug)]
pub struct TransactGetResult {
    read: u64,
    items: Vec<Option<Item>>,
}

impl Keyed for Entry {
    fn identity(&self) -> Cow<'_, KeyIdentity> {
        Cow::Owned(KeyIdentity::of_key(&self.table, &self.key))
    }
    fn size(&self) -> usize {
        0
    }
    fn model(&self) -> &'static str {
        self.model
    }
}

impl Db {
    /// An empty transactional read. See [`TransactGet`].
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let mut read = db.transact_get();
    /// let slot = read.get::<User>("u1");
    /// let user = read.send().await?.take(slot)?;
    /// # Ok(()) }
    /// ```
    pub fn transact_get(&self) -> TransactGet<'_> {
        TransactGet {
            db: self,
            id: fastrand::u64(..),
            gets: Vec::new(),
            error: None,
        }
    }
}

impl<'db> TransactGet<'db> {
    /// Adds a read of the item with `key`; its result is taken with the returned slot.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let mut read = db.transact_get();
    /// let (a, b) = (read.get::<User>("a"), read.get::<User>("b"));
    /// let mut result = read.send().await?;
    /// let (a, b) = (result.take(a)?, result.take(b)?);
    /// # Ok(()) }
    /// ```
    pub fn get<M: Model>(&mut self, key: impl Into<M::Key>) -> Slot<M> {
        match key.into().to_item() {
            Ok(key) => self.gets.push(Entry {
                model: M::SCHEMA.model_name,
                table: self.db.table_name::<M>().into_owned(),
                key,
            }),
            Err(error) => {
                self.error.get_or_insert(error);
            }
        }
        Slot {
            read: self.id,
            index: self.gets.len().saturating_sub(1),
            model: PhantomData,
        }
    }

    /// The exact `TransactGetItems` input this read would send, limits checked, without
    /// sending it.
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let mut read = db.transact_get();
    /// read.get::<User>("u1");
    /// assert_eq!(read.into_input().unwrap().transact_items().len(), 1);
    /// ```
    pub fn into_input(mut self) -> Result<TransactGetItemsInput> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        crate::ops::built(
            TransactGetItemsInput::builder()
                .set_transact_items(Some(self.items()?))
                .build(),
        )
    }

    /// The reads to send, limits checked.
    fn items(&self) -> Result<Vec<TransactGetItem>> {
        check_actions(&self.gets)?;
        self.gets
            .iter()
            .map(|entry| {
                let get = Get::builder()
                    .table_name(&entry.table)
                    .set_key(Some(entry.key.clone()))
                    .build()
                    .map_err(|error| Error::InvalidRequest {
                        reason: error.to_string(),
                    })?;
                Ok(TransactGetItem::builder().get(get).build())
            })
            .collect()
    }

    /// Checks the limits (1 to 100 items, each once) and reads.
    pub async fn send(mut self) -> Result<TransactGetResult> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        let items = self.items()?;
        let table = self.gets[0].table.clone();
        let sent = self
            .db
            .client()
            .transact_get_items()
            .set_transact_items(Some(items))
            .send()
            .instrument(span("TransactGetItems", &table))
            .await;
        match sent {
            Ok(output) => Ok(TransactGetResult {
                read: self.id,
                items: output
                    .responses
                    .unwrap_or_default()
                    .into_iter()
                    .map(|response| response.item)
                    .collect(),
            }),
            Err(error) => match error.into_service_error() {
                TransactGetItemsError::TransactionCanceledException(cancelled) => {
                    Err(Error::TransactionCanceled {
                        reasons: reasons(&self.gets, cancelled.cancellation_reasons()),
                        source: Box::new(cancelled),
                    })
                }
                other => Err(Error::from_service("TransactGetItems", &table, other)),
            },
        }
    }
}

impl TransactGetResult {
    /// The item of `slot` (`None` when there is none); each slot can be taken once.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let mut read = db.transact_get();
    /// let slot = read.get::<User>("u1");
    /// let user: Option<User> = read.send().await?.take(slot)?;
    /// # Ok(()) }
    /// ```
    pub fn take<M: Model>(&mut self, slot: Slot<M>) -> Result<Option<M>> {
        if slot.read != self.read {
            return Err(Error::InvalidRequest {
                reason: "this slot belongs to another transactional read".to_owned(),
            });
        }
        match self.items.get_mut(slot.index).and_then(Option::take) {
            Some(item) if !codec::is_expired::<M>(&item) => codec::from_item(item).map(Some),
            _ => Ok(None),
        }
    }
}
