//! `BatchGetItem` of any number of keys of one model.

use super::identity::first_occurrences;
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
use futures_util::stream::{self, Stream, StreamExt};
use futures_util::FutureExt;
use std::borrow::Cow;
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

/// What one chunk of keys gave: the model read for each of its keys, in their order (`None`:
/// no item, an expired one, or one that could not be read), models whose key the chunk did
/// not ask for (DynamoDB sends none), the keys not read and why, and the first item that
/// could not be read.
struct ChunkOutcome<M> {
    found: Vec<Option<M>>,
    unmatched: Vec<M>,
    unread: Vec<Item>,
    error: Option<Error>,
    unreadable: Option<Error>,
}

/// How a batch get reads: its table, whether reads are strongly consistent, and whether
/// expired items are kept.
#[derive(Clone, Copy)]
struct Reading<'a> {
    table: &'a str,
    consistent_read: bool,
    include_expired: bool,
}

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
            .map(|keys| {
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
        let (identities, keys) = unique_keys::<M>(&table, &self.keys)?;
        let total = keys.len();
        let reading = Reading {
            table: &table,
            consistent_read: self.consistent_read,
            include_expired: self.include_expired,
        };
        let mut outcomes: Vec<(usize, ChunkOutcome<M>)> = read_chunks(
            self.db,
            reading,
            &identities,
            keys,
            self.retry,
            self.concurrency,
        )
        .collect()
        .await;
        outcomes.sort_unstable_by_key(|(number, _)| *number);
        let mut models = Vec::with_capacity(total);
        let mut unmatched = Vec::new();
        let (mut unread, mut source, mut unreadable) = (Vec::new(), None, None);
        for (_, outcome) in outcomes {
            models.extend(outcome.found.into_iter().flatten());
            unmatched.extend(outcome.unmatched);
            unread.extend(outcome.unread);
            source = source.or(outcome.error);
            unreadable = unreadable.or(outcome.unreadable);
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

/// The keys as items, each once (where it first occurs), and their identities: to place the
/// items read and to list the keys not read.
fn unique_keys<M: Model>(table: &str, keys: &[M::Key]) -> Result<(Vec<KeyIdentity>, Vec<Item>)> {
    let mut identities = Vec::with_capacity(keys.len());
    let mut items = Vec::with_capacity(keys.len());
    for key in keys {
        let key = key.to_item()?;
        identities.push(KeyIdentity::of_key(table, &key));
        items.push(key);
    }
    let Some(first) = first_occurrences(&identities) else {
        return Ok((identities, items));
    };
    let (identities, items) = identities
        .into_iter()
        .zip(items)
        .zip(first)
        .filter_map(|(pair, first)| first.then_some(pair))
        .unzip();
    Ok((identities, items))
}

fn keys_and_attributes(keys: Vec<Item>, consistent_read: bool) -> KeysAndAttributes {
    KeysAndAttributes::builder()
        .set_keys(Some(keys))
        .consistent_read(consistent_read)
        .build()
        .expect("the keys are set")
}

/// Reads `keys`, whose identities are `identities`, in chunks of 100, `concurrency` at a time
/// ([`read_chunk`]); each outcome comes with its chunk's number. Each chunk places the items
/// it reads among its own keys: a lookup among a hundred keys stays in the cache, where one
/// among all of a large batch's keys missed it twice an item. A function of its own, so
/// that the chunks' lifetime is named: a closure over them written in [`BatchGet::run`]
/// leaves its future not `Send` ("implementation of `FnOnce` is not general enough").
fn read_chunks<'a, M: Model>(
    db: &'a Db,
    reading: Reading<'a>,
    identities: &'a [KeyIdentity],
    keys: Vec<Item>,
    policy: RetryPolicy,
    concurrency: usize,
) -> impl Stream<Item = (usize, ChunkOutcome<M>)> + Send + 'a {
    let chunks = identities
        .chunks(MAX_BATCH_GET)
        .zip(in_requests(keys, MAX_BATCH_GET))
        .enumerate();
    stream::iter(chunks)
        .map(move |(number, (identities, keys))| {
            read_chunk(db, reading, identities, keys, policy).map(move |outcome| (number, outcome))
        })
        .buffer_unordered(concurrency)
}

/// Reads one chunk, the keys with `identities`. When its first request fails as a whole,
/// the SDK resends it under the policy's retries; keys DynamoDB leaves unprocessed are sent
/// again while the policy allows, and resent by the batch itself when a request carrying
/// them fails as a whole. Each request takes its keys; their identities stay behind, to
/// list the keys of a request that fails as a whole. Each item is read as its response
/// comes, while it is in the cache, and while other requests are in flight; `after_read`
/// hooks run once the batch has read every key.
async fn read_chunk<M: Model>(
    db: &Db,
    reading: Reading<'_>,
    identities: &[KeyIdentity],
    keys: Vec<Item>,
    policy: RetryPolicy,
) -> ChunkOutcome<M> {
    debug_assert_eq!(identities.len(), keys.len(), "one identity per key");
    let table = reading.table;
    let positions: foldhash::HashMap<&KeyIdentity, usize> = identities
        .iter()
        .enumerate()
        .map(|(position, identity)| (identity, position))
        .collect();
    let mut outcome = ChunkOutcome {
        found: std::iter::repeat_with(|| None)
            .take(identities.len())
            .collect(),
        unmatched: Vec::new(),
        unread: Vec::new(),
        error: None,
        unreadable: None,
    };
    let mut place = |item: Item| {
        if !reading.include_expired && codec::is_expired::<M>(&item) {
            return;
        }
        let identity = KeyIdentity::of_stored::<M>(table, &item);
        let position = positions.get(&identity).copied();
        match (codec::from_item_without_hooks::<M>(item), position) {
            (Ok(model), Some(position)) => outcome.found[position] = Some(model),
            (Ok(model), None) => outcome.unmatched.push(model),
            (Err(error), _) => {
                outcome.unreadable.get_or_insert(error);
            }
        }
    };
    let (mut pending_identities, mut pending) = (Cow::Borrowed(identities), keys);
    let mut sender = db.batch_sender(policy);
    let mut first = true;
    let mut attempts = policy.attempts();
    let mut last_error: Option<Error>;
    loop {
        let before = pending_identities.len();
        let request = sender
            .client
            .batch_get_item()
            .request_items(table, keys_and_attributes(pending, reading.consistent_read));
        let sent = send_batch!(request, sender.retries)
            .instrument(span("BatchGetItem", table))
            .await;
        let progressed = match sent {
            Ok(output) => {
                last_error = None;
                let mut responses = output.responses.unwrap_or_default();
                responses
                    .remove(table)
                    .unwrap_or_default()
                    .into_iter()
                    .for_each(&mut place);
                pending = output
                    .unprocessed_keys
                    .and_then(|mut unprocessed| unprocessed.remove(table))
                    .map(|left| left.keys)
                    .unwrap_or_default();
                pending_identities = pending
                    .iter()
                    .map(|key| KeyIdentity::of_key(table, key))
                    .collect();
                pending_identities.len() < before
            }
            Err(error) => {
                let error = Error::from_sdk("BatchGetItem", table, error);
                pending = pending_identities.iter().map(KeyIdentity::key).collect();
                if first || !error.is_retryable() {
                    outcome.unread = pending;
                    outcome.error = Some(error);
                    return outcome;
                }
                last_error = Some(error);
                false
            }
        };
        if pending.is_empty() {
            return outcome;
        }
        if !attempts.retry_after(progressed).await {
            // Listed from their identities, as a failed request's keys are: numbers in one
            // spelling per value.
            outcome.unread = pending_identities.iter().map(KeyIdentity::key).collect();
            outcome.error = last_error;
            return outcome;
        }
        first = false;
        sender = db.batch_sender(RetryPolicy::none());
    }
}
