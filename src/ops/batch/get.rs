//! `BatchGetItem` of any number of keys of one model.

use super::{in_requests, BatchAction, KeyIdentity, RetryPolicy, Unprocessed};
use super::{DEFAULT_CONCURRENCY, MAX_BATCH_GET};
use crate::codec;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{Model, ModelKey};
use crate::ops::{span, OperationFuture};
use crate::Item;
use aws_sdk_dynamodb::operation::batch_get_item::BatchGetItemInput;
use aws_sdk_dynamodb::types::KeysAndAttributes;
use futures_util::stream::{self, StreamExt};
use std::future::IntoFuture;
use std::marker::PhantomData;
use tracing::Instrument;

/// Reads the items with any number of keys; made by [`Db::batch_get`]. Awaiting it gives
/// the items found, in the order their keys were given (a key given twice is read once;
/// keys without an item are left out).
///
/// Keys go 100 to a request, [`concurrency`](BatchGet::concurrency) requests at a time;
/// keys DynamoDB leaves unprocessed are retried as the [`RetryPolicy`] says, and when it
/// gives up, [`Error::BatchIncomplete`] lists the keys not read.
///
/// ```no_run
/// # use dynamoxide::{Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String }
/// # async fn run(db: Db) -> dynamoxide::Result<()> {
/// let users: Vec<User> = db.batch_get::<User, _>(["u1", "u2", "u3"]).await?;
/// # Ok(()) }
/// ```
#[must_use = "a batch does nothing until it is awaited"]
pub struct BatchGet<'db, M: Model> {
    db: &'db Db,
    keys: Vec<M::Key>,
    consistent_read: bool,
    include_expired: bool,
    concurrency: usize,
    retry: RetryPolicy,
    model: PhantomData<fn() -> M>,
}

/// What one chunk of keys gave: its items, each read as its response came (`T`), the keys
/// not read, and why they were not.
struct ChunkOutcome<T> {
    items: Vec<T>,
    unread: Vec<Item>,
    error: Option<Error>,
}

/// An item read: the position of its key among the keys asked for (`None` when no key asked
/// for it, which DynamoDB does not send) and the model; or `None`, an expired item left out.
type Placed<M> = Result<Option<(Option<usize>, M)>>;

impl Db {
    /// Reads the items with `keys`. See [`BatchGet`].
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let orders = db.batch_get::<Order, _>((1..=500).map(|n| ("c1", n))).await?;
    /// # Ok(()) }
    /// ```
    pub fn batch_get<M: Model, K: Into<M::Key>>(
        &self,
        keys: impl IntoIterator<Item = K>,
    ) -> BatchGet<'_, M> {
        BatchGet {
            db: self,
            keys: keys.into_iter().map(Into::into).collect(),
            consistent_read: false,
            include_expired: false,
            concurrency: DEFAULT_CONCURRENCY,
            retry: RetryPolicy::default(),
            model: PhantomData,
        }
    }
}

impl<'db, M: Model> BatchGet<'db, M> {
    /// Reads with strong consistency.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let users = db.batch_get::<User, _>(["u1"]).consistent_read().await?;
    /// # Ok(()) }
    /// ```
    pub fn consistent_read(mut self) -> Self {
        self.consistent_read = true;
        self
    }

    /// Returns items whose `#[dynamo(ttl)]` has passed but DynamoDB has not deleted yet
    /// (left out by default).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "sessions")]
    /// # struct Session { #[dynamo(hash_key)] id: String, #[dynamo(ttl)] expires: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let all = db.batch_get::<Session, _>(["s1", "s2"]).include_expired().await?;
    /// # Ok(()) }
    /// ```
    pub fn include_expired(mut self) -> Self {
        self.include_expired = true;
        self
    }

    /// How many requests may be in flight at once (default 8).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, ids: Vec<String>) -> dynamoxide::Result<()> {
    /// let users = db.batch_get::<User, _>(ids).concurrency(2).await?;
    /// # Ok(()) }
    /// ```
    pub fn concurrency(mut self, requests: usize) -> Self {
        self.concurrency = requests.max(1);
        self
    }

    /// How unprocessed keys are retried (default: [`RetryPolicy::default`]).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, ids: Vec<String>) -> dynamoxide::Result<()> {
    /// use dynamoxide::ops::RetryPolicy;
    /// let users = db.batch_get::<User, _>(ids).retry(RetryPolicy::none()).await?;
    /// # Ok(()) }
    /// ```
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The exact inputs of the first round of requests (100 keys each, duplicates dropped),
    /// without sending them. Keys DynamoDB leaves unprocessed would be sent again in further
    /// requests.
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let keys: Vec<String> = (0..250).map(|n| format!("u{n}")).collect();
    /// let inputs = db.batch_get::<User, _>(keys).into_inputs().unwrap();
    /// assert_eq!(inputs.len(), 3);
    /// ```
    pub fn into_inputs(self) -> Result<Vec<BatchGetItemInput>> {
        let table = self.db.table_name::<M>().into_owned();
        let (_, keys) = unique_keys::<M>(&table, &self.keys)?;
        in_requests(keys, MAX_BATCH_GET)
            .map(|chunk| {
                let keys = chunk.into_iter().map(|(_, key)| key).collect();
                crate::ops::built(
                    BatchGetItemInput::builder()
                        .request_items(&table, keys_and_attributes(keys, self.consistent_read))
                        .build(),
                )
            })
            .collect()
    }

    async fn run(self) -> Result<Vec<M>> {
        let table = self.db.table_name::<M>().into_owned();
        let (positions, keys) = unique_keys::<M>(&table, &self.keys)?;
        let total = keys.len();
        let include_expired = self.include_expired;
        // Each item is read as its response comes, while it is in the cache, and while
        // other requests are in flight; `after_read` hooks run once the batch has read
        // every key.
        let place = |item: Item| -> Placed<M> {
            if !include_expired && codec::is_expired::<M>(&item) {
                return Ok(None);
            }
            let identity = KeyIdentity::of_stored::<M>(&table, &item);
            let position = positions.get(&identity).copied();
            Ok(Some((position, codec::from_item_without_hooks::<M>(item)?)))
        };
        let (db, retry, consistent) = (self.db, self.retry, self.consistent_read);
        let outcomes: Vec<ChunkOutcome<Placed<M>>> = stream::iter(in_requests(keys, MAX_BATCH_GET))
            .map(|chunk| read_chunk(db, &table, chunk, consistent, retry, &place))
            .buffer_unordered(self.concurrency)
            .collect()
            .await;
        // Each model in the place of its key: one slot per key asked for, those without an
        // item (or with an expired one) left empty.
        let mut slots: Vec<Option<M>> = std::iter::repeat_with(|| None).take(total).collect();
        let mut unmatched = Vec::new();
        let (mut unread, mut source, mut unreadable) = (Vec::new(), None, None);
        for outcome in outcomes {
            for placed in outcome.items {
                match placed {
                    Ok(Some((position, model))) => {
                        match position.and_then(|position| slots.get_mut(position)) {
                            Some(slot) => *slot = Some(model),
                            None => unmatched.push(model),
                        }
                    }
                    Ok(None) => {}
                    Err(error) => unreadable = unreadable.or(Some(error)),
                }
            }
            unread.extend(outcome.unread);
            source = source.or(outcome.error);
        }
        if !unread.is_empty() {
            return Err(Error::BatchIncomplete {
                operation: "BatchGetItem",
                total,
                unprocessed: unread
                    .into_iter()
                    .map(|key| Unprocessed {
                        table: table.clone(),
                        key,
                        action: BatchAction::Get,
                    })
                    .collect(),
                source: source.map(Box::new),
            });
        }
        if let Some(error) = unreadable {
            return Err(error);
        }
        let mut models: Vec<M> = slots.into_iter().flatten().collect();
        models.extend(unmatched);
        for model in &mut models {
            crate::hooks::after_read(model)?;
        }
        Ok(models)
    }
}

impl<'db, M: Model> IntoFuture for BatchGet<'db, M> {
    type Output = Result<Vec<M>>;
    type IntoFuture = OperationFuture<'db, Vec<M>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// Where each key first occurs among the keys of a batch.
type Positions = foldhash::HashMap<KeyIdentity, usize>;

/// The keys as items, each once with its identity (to list it if it is not read), and the
/// position of each key's first occurrence.
fn unique_keys<M: Model>(
    table: &str,
    keys: &[M::Key],
) -> Result<(Positions, Vec<(KeyIdentity, Item)>)> {
    let mut positions = Positions::with_capacity_and_hasher(keys.len(), Default::default());
    let mut unique = Vec::with_capacity(keys.len());
    for key in keys {
        let key = key.to_item()?;
        let identity = KeyIdentity::of_key(table, &key);
        if let std::collections::hash_map::Entry::Vacant(vacant) = positions.entry(identity) {
            unique.push((vacant.key().clone(), key));
            vacant.insert(unique.len() - 1);
        }
    }
    Ok((positions, unique))
}

fn keys_and_attributes(keys: Vec<Item>, consistent_read: bool) -> KeysAndAttributes {
    KeysAndAttributes::builder()
        .set_keys(Some(keys))
        .consistent_read(consistent_read)
        .build()
        .expect("the keys are set")
}

/// Reads one chunk. When its first request fails as a whole, the SDK resends it under the
/// policy's retries; keys DynamoDB leaves unprocessed are sent again while the policy
/// allows, and resent by the batch itself when a request carrying them fails as a whole.
/// Each request takes its keys; their identities stay behind, to list the keys of a request
/// that fails as a whole.
async fn read_chunk<T>(
    db: &Db,
    table: &str,
    chunk: Vec<(KeyIdentity, Item)>,
    consistent_read: bool,
    policy: RetryPolicy,
    read: &impl Fn(Item) -> T,
) -> ChunkOutcome<T> {
    let mut items = Vec::with_capacity(chunk.len());
    let (mut identities, mut pending): (Vec<KeyIdentity>, Vec<Item>) = chunk.into_iter().unzip();
    let mut sender = db.batch_sender(policy);
    let mut first = true;
    let mut attempts = policy.attempts();
    let mut last_error: Option<Error>;
    loop {
        let before = identities.len();
        let request = sender
            .client
            .batch_get_item()
            .request_items(table, keys_and_attributes(pending, consistent_read));
        let sent = send_batch!(request, sender.retries)
            .instrument(span("BatchGetItem", table))
            .await;
        let progressed = match sent {
            Ok(output) => {
                last_error = None;
                let mut responses = output.responses.unwrap_or_default();
                items.extend(
                    responses
                        .remove(table)
                        .unwrap_or_default()
                        .into_iter()
                        .map(read),
                );
                pending = output
                    .unprocessed_keys
                    .and_then(|mut unprocessed| unprocessed.remove(table))
                    .map(|left| left.keys)
                    .unwrap_or_default();
                identities = pending
                    .iter()
                    .map(|key| KeyIdentity::of_key(table, key))
                    .collect();
                identities.len() < before
            }
            Err(error) => {
                let error = Error::from_sdk("BatchGetItem", table, error);
                pending = identities.iter().map(KeyIdentity::key).collect();
                if first || !error.is_retryable() {
                    return ChunkOutcome {
                        items,
                        unread: pending,
                        error: Some(error),
                    };
                }
                last_error = Some(error);
                false
            }
        };
        if pending.is_empty() {
            return ChunkOutcome {
                items,
                unread: Vec::new(),
                error: None,
            };
        }
        if !attempts.retry_after(progressed).await {
            // Listed from their identities, as a failed request's keys are: numbers in one
            // spelling per value.
            return ChunkOutcome {
                items,
                unread: identities.iter().map(KeyIdentity::key).collect(),
                error: last_error,
            };
        }
        first = false;
        sender = db.batch_sender(RetryPolicy::none());
    }
}
