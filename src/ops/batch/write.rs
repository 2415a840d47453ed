//! `BatchWriteItem` of any number of puts and deletes, across models and tables.

use super::{key_identity, BatchAction, RetryPolicy, Unprocessed};
use super::{DEFAULT_CONCURRENCY, MAX_BATCH_WRITE};
use crate::codec;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::hooks::{WriteHooks, WriteKind};
use crate::model::{Model, ModelKey};
use crate::ops::{span, OperationFuture};
use crate::Item;
use aws_sdk_dynamodb::operation::batch_write_item::BatchWriteItemInput;
use aws_sdk_dynamodb::types::{DeleteRequest, PutRequest, WriteRequest};
use futures_util::stream::{self, StreamExt};
use std::borrow::Cow;
use std::collections::HashMap;
use std::future::IntoFuture;
use std::sync::atomic::{AtomicUsize, Ordering};
use tracing::Instrument;

/// Puts and deletes of any number of items, of any models; made by [`Db::batch_write`],
/// [`Db::batch_put`] and [`Db::batch_delete`]. Awaiting it gives the number of writes made.
///
/// - Every item is converted and checked before the first request: one invalid item fails
///   the whole call and nothing is written.
/// - The same key twice (in one table): the last write wins, the earlier one is dropped.
/// - Writes go 25 to a request, [`concurrency`](BatchWrite::concurrency) requests at a time
///   (8 by default); what DynamoDB leaves unprocessed, or throttles, is retried as the
///   [`RetryPolicy`] says. When it gives up, [`Error::BatchIncomplete`] lists exactly the
///   writes not made; every other write was made.
/// - Batch writes cannot be conditional, so models with a `#[dynamo(version)]` attribute
///   are refused ([`Error::InvalidRequest`]): write those with `put` or a transaction.
///
/// ```no_run
/// # use dynamoxide::{Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String }
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "teams")]
/// # struct Team { #[dynamo(hash_key)] id: String }
/// # async fn run(db: Db, users: Vec<User>, team: Team) -> dynamoxide::Result<()> {
/// let written = db.batch_put(&users).await?;
/// db.batch_write().put(&team).delete::<User>("u-old").await?;
/// # Ok(()) }
/// ```
#[must_use = "a batch does nothing until it is awaited"]
pub struct BatchWrite<'db> {
    db: &'db Db,
    entries: Vec<Entry>,
    error: Option<Error>,
    concurrency: usize,
    retry: RetryPolicy,
    progress: Option<ProgressCallback<'db>>,
}

type ProgressCallback<'db> = Box<dyn Fn(Progress) + Send + Sync + 'db>;

/// How far a batch has come: for progress bars in long imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// Writes made so far.
    pub done: usize,
    /// Writes in the batch (after duplicates are dropped).
    pub total: usize,
}

struct Entry {
    table: Cow<'static, str>,
    key: Item,
    action: BatchAction,
    request: WriteRequest,
    hooks: Option<WriteHooks>,
}

impl Entry {
    /// The item a put writes (`None` for a delete).
    fn put_item(&self) -> Option<&Item> {
        self.request.put_request.as_ref().map(|put| &put.item)
    }

    fn after_write(&self) {
        if let Some(hooks) = &self.hooks {
            hooks.after(&self.key, self.put_item());
        }
    }
}

/// What one chunk of up to 25 writes left undone.
struct ChunkOutcome {
    undone: Vec<Entry>,
    error: Option<Error>,
}

impl Db {
    /// An empty batch of writes; add [`put`](BatchWrite::put)s and
    /// [`delete`](BatchWrite::delete)s of any models.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, ada: User) -> dynamoxide::Result<()> {
    /// db.batch_write().put(&ada).delete::<User>("u2").await?;
    /// # Ok(()) }
    /// ```
    pub fn batch_write(&self) -> BatchWrite<'_> {
        BatchWrite {
            db: self,
            entries: Vec::new(),
            error: None,
            concurrency: DEFAULT_CONCURRENCY,
            retry: RetryPolicy::default(),
            progress: None,
        }
    }

    /// Puts every item (overwriting): a [`BatchWrite`] of puts.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, users: Vec<User>) -> dynamoxide::Result<()> {
    /// db.batch_put(&users).concurrency(16).await?;
    /// # Ok(()) }
    /// ```
    pub fn batch_put<'a, M: Model>(
        &self,
        items: impl IntoIterator<Item = &'a M>,
    ) -> BatchWrite<'_> {
        items
            .into_iter()
            .fold(self.batch_write(), |batch, item| batch.put(item))
    }

    /// Deletes the items with these keys: a [`BatchWrite`] of deletes.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// db.batch_delete::<User, _>(["u1", "u2", "u3"]).await?;
    /// # Ok(()) }
    /// ```
    pub fn batch_delete<M: Model, K: Into<M::Key>>(
        &self,
        keys: impl IntoIterator<Item = K>,
    ) -> BatchWrite<'_> {
        keys.into_iter()
            .fold(self.batch_write(), |batch, key| batch.delete::<M>(key))
    }
}

impl<'db> BatchWrite<'db> {
    /// Adds a put of `item` (converted and checked now; a failure is returned when the batch
    /// is awaited, before anything is written).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, a: User, b: User) -> dynamoxide::Result<()> {
    /// db.batch_write().put(&a).put(&b).await?;
    /// # Ok(()) }
    /// ```
    pub fn put<M: Model>(mut self, item: &M) -> Self {
        if self.error.is_none() {
            match self.put_entry(item) {
                Ok(entry) => self.entries.push(entry),
                Err(error) => self.error = Some(error),
            }
        }
        self
    }

    /// Adds a delete of the item with `key`.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// db.batch_write().delete::<Order>(("c1", 1)).delete::<Order>(("c1", 2)).await?;
    /// # Ok(()) }
    /// ```
    pub fn delete<M: Model>(mut self, key: impl Into<M::Key>) -> Self {
        if self.error.is_none() {
            match key.into().to_item() {
                Ok(key) => self.entries.push(Entry {
                    table: self.db.table_name::<M>(),
                    request: WriteRequest::builder()
                        .delete_request(
                            DeleteRequest::builder()
                                .set_key(Some(key.clone()))
                                .build()
                                .expect("the key is set"),
                        )
                        .build(),
                    key,
                    action: BatchAction::Delete,
                    hooks: WriteHooks::of::<M>(WriteKind::Delete),
                }),
                Err(error) => self.error = Some(error),
            }
        }
        self
    }

    /// How many requests may be in flight at once (default 8).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, users: Vec<User>) -> dynamoxide::Result<()> {
    /// db.batch_put(&users).concurrency(2).await?;
    /// # Ok(()) }
    /// ```
    pub fn concurrency(mut self, requests: usize) -> Self {
        self.concurrency = requests.max(1);
        self
    }

    /// How unprocessed and throttled writes are retried (default: [`RetryPolicy::default`]).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, users: Vec<User>) -> dynamoxide::Result<()> {
    /// use dynamoxide::ops::RetryPolicy;
    /// db.batch_put(&users).retry(RetryPolicy::default().max_retries(30)).await?;
    /// # Ok(()) }
    /// ```
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Calls `report` after every request that wrote something.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, users: Vec<User>) -> dynamoxide::Result<()> {
    /// db.batch_put(&users)
    ///     .on_progress(|progress| eprintln!("{}/{}", progress.done, progress.total))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn on_progress(mut self, report: impl Fn(Progress) + Send + Sync + 'db) -> Self {
        self.progress = Some(Box::new(report));
        self
    }

    fn put_entry<M: Model>(&self, item: &M) -> Result<Entry> {
        if let Some(version) = M::SCHEMA.version {
            return Err(Error::InvalidRequest {
                reason: format!(
                    "`{}` is versioned (`{version}`) and batch writes cannot check versions: \
                     write it with `put` or in a transaction",
                    M::SCHEMA.model_name
                ),
            });
        }
        let stored = codec::to_item(item)?;
        Ok(Entry {
            table: self.db.table_name::<M>(),
            key: codec::key_of::<M>(&stored),
            action: BatchAction::Put,
            hooks: WriteHooks::of::<M>(WriteKind::Put),
            request: WriteRequest::builder()
                .put_request(
                    PutRequest::builder()
                        .set_item(Some(stored))
                        .build()
                        .expect("the item is set"),
                )
                .build(),
        })
    }

    /// The exact inputs of the first round of requests (25 writes each, after duplicates
    /// are dropped), without sending them. Hooks do not run; writes DynamoDB leaves
    /// unprocessed would be sent again in further requests.
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let users: Vec<User> = (0..60).map(|n| User { id: format!("u{n}") }).collect();
    /// let inputs = db.batch_put(&users).into_inputs().unwrap();
    /// assert_eq!(inputs.len(), 3);
    /// ```
    pub fn into_inputs(self) -> Result<Vec<BatchWriteItemInput>> {
        if let Some(error) = self.error {
            return Err(error);
        }
        last_write_wins(self.entries)
            .chunks(MAX_BATCH_WRITE)
            .map(|chunk| {
                crate::ops::built(
                    BatchWriteItemInput::builder()
                        .set_request_items(Some(request_items(chunk)))
                        .build(),
                )
            })
            .collect()
    }

    async fn run(self) -> Result<usize> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let entries = last_write_wins(self.entries);
        for entry in &entries {
            if let Some(hooks) = &entry.hooks {
                hooks.before(&entry.key, entry.put_item())?;
            }
        }
        let total = entries.len();
        let done = AtomicUsize::new(0);
        let mut chunks = Vec::with_capacity(total.div_ceil(MAX_BATCH_WRITE));
        let mut entries = entries.into_iter().peekable();
        while entries.peek().is_some() {
            chunks.push(entries.by_ref().take(MAX_BATCH_WRITE).collect::<Vec<_>>());
        }
        let (db, retry, progress) = (self.db, self.retry, self.progress.as_deref());
        let report = |written: usize| {
            let done = done.fetch_add(written, Ordering::Relaxed) + written;
            if let Some(report) = progress {
                report(Progress { done, total });
            }
        };
        let outcomes: Vec<ChunkOutcome> = stream::iter(chunks)
            .map(|chunk| write_chunk(db, chunk, retry, &report))
            .buffer_unordered(self.concurrency)
            .collect()
            .await;
        let mut undone = Vec::new();
        let mut source = None;
        for outcome in outcomes {
            undone.extend(outcome.undone.into_iter().map(|entry| Unprocessed {
                table: entry.table.into_owned(),
                key: entry.key,
                action: entry.action,
            }));
            source = source.or(outcome.error);
        }
        if undone.is_empty() {
            Ok(total)
        } else {
            Err(Error::BatchIncomplete {
                operation: "BatchWriteItem",
                total,
                unprocessed: undone,
                source: source.map(Box::new),
            })
        }
    }
}

impl<'db> IntoFuture for BatchWrite<'db> {
    type Output = Result<usize>;
    type IntoFuture = OperationFuture<'db, usize>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// Drops every write of a key that a later write in the batch replaces.
fn last_write_wins(entries: Vec<Entry>) -> Vec<Entry> {
    let identities: Vec<Vec<u8>> = entries
        .iter()
        .map(|entry| key_identity(&entry.table, &entry.key))
        .collect();
    let mut last: HashMap<&[u8], usize> = HashMap::with_capacity(entries.len());
    for (position, identity) in identities.iter().enumerate() {
        last.insert(identity, position);
    }
    if last.len() == entries.len() {
        return entries;
    }
    entries
        .into_iter()
        .zip(&identities)
        .enumerate()
        .filter(|(position, (_, identity))| last[identity.as_slice()] == *position)
        .map(|(_, (entry, _))| entry)
        .collect()
}

/// The requests of `entries`, by table.
fn request_items(entries: &[Entry]) -> HashMap<String, Vec<WriteRequest>> {
    let mut request_items: HashMap<String, Vec<WriteRequest>> = HashMap::new();
    for entry in entries {
        let request = entry.request.clone();
        match request_items.get_mut(entry.table.as_ref()) {
            Some(requests) => requests.push(request),
            None => {
                request_items.insert(entry.table.to_string(), vec![request]);
            }
        }
    }
    request_items
}

/// Writes one chunk, retrying what is left undone while the policy allows.
async fn write_chunk(
    db: &Db,
    mut pending: Vec<Entry>,
    policy: RetryPolicy,
    report: &(dyn Fn(usize) + Sync),
) -> ChunkOutcome {
    let mut attempts = policy.attempts();
    let mut last_error = None;
    loop {
        let request_items = request_items(&pending);
        let table = tables_named(request_items.keys());
        let request = db
            .batch_client()
            .batch_write_item()
            .set_request_items(Some(request_items));
        let sent = send_without_sdk_retries!(db, request)
            .instrument(span("BatchWriteItem", &table))
            .await;
        let progressed = match sent {
            Ok(output) => {
                let unprocessed = output.unprocessed_items.unwrap_or_default();
                let before = pending.len();
                pending = still_pending(pending, &unprocessed);
                let written = before - pending.len();
                if written > 0 {
                    report(written);
                }
                written > 0
            }
            Err(error) => {
                let error = Error::from_sdk("BatchWriteItem", &table, error);
                if !error.is_retryable() {
                    return ChunkOutcome {
                        undone: pending,
                        error: Some(error),
                    };
                }
                last_error = Some(error);
                false
            }
        };
        if pending.is_empty() {
            return ChunkOutcome {
                undone: pending,
                error: None,
            };
        }
        if !attempts.retry_after(progressed).await {
            return ChunkOutcome {
                undone: pending,
                error: last_error,
            };
        }
    }
}

/// The entries DynamoDB reported unprocessed, matched by table and key (not by the whole
/// request, which the service may send back in another but equal form). When a reported
/// request matches no entry, every entry stays pending: rewriting an item is harmless,
/// losing one is not.
fn still_pending(
    pending: Vec<Entry>,
    unprocessed: &HashMap<String, Vec<WriteRequest>>,
) -> Vec<Entry> {
    let reported: usize = unprocessed.values().map(Vec::len).sum();
    if reported == 0 {
        pending.iter().for_each(Entry::after_write);
        return Vec::new();
    }
    let targets: Vec<(&String, &Item)> = unprocessed
        .iter()
        .flat_map(|(table, requests)| {
            requests.iter().filter_map(move |request| {
                let target = match (&request.put_request, &request.delete_request) {
                    (Some(put), _) => &put.item,
                    (None, Some(delete)) => &delete.key,
                    (None, None) => return None,
                };
                Some((table, target))
            })
        })
        .collect();
    let matches = |entry: &Entry, (table, target): &(&String, &Item)| {
        **table == entry.table
            && entry
                .key
                .iter()
                .all(|(name, value)| target.get(name) == Some(value))
    };
    let left: Vec<bool> = pending
        .iter()
        .map(|entry| targets.iter().any(|target| matches(entry, target)))
        .collect();
    let all_matched = targets
        .iter()
        .all(|target| pending.iter().any(|entry| matches(entry, target)));
    if !all_matched || targets.len() != reported {
        return pending;
    }
    pending
        .into_iter()
        .zip(left)
        .filter_map(|(entry, left)| {
            if !left {
                entry.after_write();
            }
            left.then_some(entry)
        })
        .collect()
}

/// The table names of a request, for its span and errors.
fn tables_named<'a>(tables: impl Iterator<Item = &'a String>) -> String {
    let mut tables: Vec<&str> = tables.map(String::as_str).collect();
    tables.sort_unstable();
    tables.join(", ")
}
