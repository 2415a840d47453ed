//! `BatchWriteItem` of any number of puts and deletes, across models and tables.

use super::identity::first_occurrences;
use super::{BatchAction, KeyIdentity, RetryPolicy, Unprocessed};
use super::{DEFAULT_CONCURRENCY, MAX_BATCH_WRITE};
use crate::codec;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::hooks::{WriteHooks, WriteKind};
use crate::model::{Model, ModelKey};
use crate::ops::{span, OperationFuture};
use crate::transport::BatchSender;
use crate::Item;
use aws_sdk_dynamodb::operation::batch_write_item::BatchWriteItemInput;
use aws_sdk_dynamodb::types::{DeleteRequest, PutRequest, WriteRequest};
use futures_util::stream::{self, Stream, StreamExt};
use std::collections::HashMap;
use std::future::IntoFuture;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tracing::Instrument;

/// Puts and deletes of any number of items, of any models; made by [`Db::batch_write`],
/// [`Db::batch_put`] and [`Db::batch_delete`]. Awaiting it gives the number of writes made.
///
/// - Every item is converted and checked before the first request: one invalid item fails
///   the whole call and nothing is written.
/// - The same key twice (in one table): the last write wins, the earlier one is dropped.
/// - Writes go 25 to a request, [`concurrency`](BatchWrite::concurrency) requests at a time
///   (8 by default); what DynamoDB leaves unprocessed, or throttles, is retried as the
///   [`RetryPolicy`] says. When it gives up, [`Error::BatchIncomplete`] lists the writes
///   not confirmed; every other write was made.
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
    tables: Tables,
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

pub(super) struct Entry {
    table: Arc<str>,
    /// The table and key, to drop duplicates, match DynamoDB's answers and report the write.
    pub(super) identity: KeyIdentity,
    action: BatchAction,
    /// The request until it is sent (the SDK holds it then), and after for a put with hooks,
    /// whose `after_write` is shown the item.
    request: WriteRequest,
    pub(super) hooks: Option<WriteHooks>,
}

impl Entry {
    /// The item a put writes (`None` for a delete, and once sent for a put without hooks:
    /// see [`take_request`](Entry::take_request)).
    pub(super) fn put_item(&self) -> Option<&Item> {
        self.request.put_request.as_ref().map(|put| &put.item)
    }

    /// The request, for the SDK: taken from the entry, or a copy for a put with hooks, whose
    /// `after_write` is shown the item.
    fn take_request(&mut self) -> WriteRequest {
        if self.hooks.is_some() && self.action == BatchAction::Put {
            return self.request.clone();
        }
        std::mem::replace(&mut self.request, WriteRequest::builder().build())
    }

    fn after_write(&self) {
        if let Some(hooks) = &self.hooks {
            hooks.after(&self.identity.key(), self.put_item());
        }
    }
}

impl From<&Entry> for Unprocessed {
    fn from(entry: &Entry) -> Self {
        Unprocessed {
            table: entry.identity.table().to_owned(),
            key: entry.identity.key(),
            action: entry.action,
        }
    }
}

/// What one chunk of up to 25 writes left undone.
pub(super) struct ChunkOutcome {
    pub(super) undone: Vec<Unprocessed>,
    pub(super) error: Option<Error>,
}

impl ChunkOutcome {
    /// The outcome of a chunk whose `pending` writes are not confirmed, and the last error.
    fn of(pending: Vec<&Entry>, error: Option<Error>) -> ChunkOutcome {
        ChunkOutcome {
            undone: pending.into_iter().map(Unprocessed::from).collect(),
            error,
        }
    }
}

/// The table name of each model a batch has written so far, made once and shared by its
/// entries.
#[derive(Default)]
pub(super) struct Tables(Vec<(&'static str, Arc<str>)>);

impl Tables {
    /// The table of `M`'s entries in `db`.
    fn of<M: Model>(&mut self, db: &Db) -> Arc<str> {
        let model_table = M::SCHEMA.table_name;
        if let Some((_, table)) = self.0.iter().find(|(name, _)| *name == model_table) {
            return Arc::clone(table);
        }
        let table: Arc<str> = Arc::from(db.table_name::<M>());
        self.0.push((model_table, Arc::clone(&table)));
        table
    }
}

/// The entry of a put of `item` into `db`: the item converted and checked.
pub(super) fn put_entry<M: Model>(db: &Db, tables: &mut Tables, item: &M) -> Result<Entry> {
    if let Some(version) = M::SCHEMA.version {
        return Err(Error::InvalidRequest {
            reason: format!(
                "`{}` is versioned (`{version}`) and batch writes cannot check versions: \
                 write it with `put` or in a transaction",
                M::SCHEMA.model_name
            ),
        });
    }
    let table = tables.of::<M>(db);
    let (stored, identity) = codec::to_stored_item_keyed(item, false, |key, _| {
        KeyIdentity::of_attributes(&table, key)
    })?;
    Ok(Entry {
        identity,
        table,
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

/// The entry of a delete of the item of `M` with `key` from `db`.
pub(super) fn delete_entry<M: Model>(
    db: &Db,
    tables: &mut Tables,
    key: impl Into<M::Key>,
) -> Result<Entry> {
    let key = key.into().to_item()?;
    let table = tables.of::<M>(db);
    Ok(Entry {
        identity: KeyIdentity::of_key(&table, &key),
        table,
        request: WriteRequest::builder()
            .delete_request(
                DeleteRequest::builder()
                    .set_key(Some(key))
                    .build()
                    .expect("the key is set"),
            )
            .build(),
        action: BatchAction::Delete,
        hooks: WriteHooks::of::<M>(WriteKind::Delete),
    })
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
            tables: Tables::default(),
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
        self.batch_of(items, put_entry)
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
        self.batch_of(keys, delete_entry::<M>)
    }

    /// A batch of the entries `make` gives for `elements`, one each, added in place.
    fn batch_of<T>(
        &self,
        elements: impl IntoIterator<Item = T>,
        make: impl Fn(&Db, &mut Tables, T) -> Result<Entry>,
    ) -> BatchWrite<'_> {
        let elements = elements.into_iter();
        let mut batch = self.batch_write();
        batch.entries.reserve(elements.size_hint().0);
        for element in elements {
            batch.add(|db, tables| make(db, tables, element));
        }
        batch
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
        self.add(|db, tables| put_entry(db, tables, item));
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
        self.add(|db, tables| delete_entry::<M>(db, tables, key));
        self
    }

    /// Adds the entry `make` gives, unless an earlier one failed. In place: the batch is
    /// too large to move through a builder call per item of a `batch_put`.
    fn add(&mut self, make: impl FnOnce(&Db, &mut Tables) -> Result<Entry>) {
        if self.error.is_none() {
            match make(self.db, &mut self.tables) {
                Ok(entry) => self.entries.push(entry),
                Err(error) => self.error = Some(error),
            }
        }
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
            .chunks_mut(MAX_BATCH_WRITE)
            .map(|chunk| {
                let request_items = request_items(chunk);
                crate::ops::built(
                    BatchWriteItemInput::builder()
                        .set_request_items(Some(request_items))
                        .build(),
                )
            })
            .collect()
    }

    async fn run(self) -> Result<usize> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let mut entries = last_write_wins(self.entries);
        for entry in &entries {
            if let Some(hooks) = &entry.hooks {
                hooks.before(&entry.identity.key(), entry.put_item())?;
            }
        }
        let total = entries.len();
        let done = AtomicUsize::new(0);
        let (db, retry, progress) = (self.db, self.retry, self.progress.as_deref());
        let report = |written: usize| {
            let done = done.fetch_add(written, Ordering::Relaxed) + written;
            if let Some(report) = progress {
                report(Progress { done, total });
            }
        };
        let outcomes: Vec<ChunkOutcome> =
            write_chunks(db, &mut entries, retry, &report, self.concurrency)
                .collect()
                .await;
        let mut undone = Vec::new();
        let mut source = None;
        for outcome in outcomes {
            undone.extend(outcome.undone);
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
    let Some(mut last) = first_occurrences(entries.iter().rev().map(|entry| &entry.identity))
    else {
        return entries;
    };
    last.reverse();
    entries
        .into_iter()
        .zip(last)
        .filter_map(|(entry, last)| last.then_some(entry))
        .collect()
}

/// The requests of `entries` by table, taken from them ([`Entry::take_request`]).
fn request_items(entries: &mut [Entry]) -> HashMap<String, Vec<WriteRequest>> {
    let mut by_table: Vec<(&str, Vec<WriteRequest>)> = Vec::new();
    for entry in entries {
        let request = entry.take_request();
        match by_table
            .iter_mut()
            .find(|(known, _)| *known == &*entry.table)
        {
            Some((_, requests)) => requests.push(request),
            None => {
                let mut requests = Vec::with_capacity(MAX_BATCH_WRITE);
                requests.push(request);
                by_table.push((&entry.table, requests));
            }
        }
    }
    by_table
        .into_iter()
        .map(|(table, requests)| (table.to_owned(), requests))
        .collect()
}

/// Writes `entries` in chunks of 25, `concurrency` at a time ([`write_chunk`]). A function of
/// its own, so that the chunks' lifetime is named: a closure over them written in
/// [`BatchWrite::run`] leaves its future not `Send` ("implementation of `FnOnce` is not
/// general enough").
fn write_chunks<'a>(
    db: &'a Db,
    entries: &'a mut [Entry],
    policy: RetryPolicy,
    report: &'a (dyn Fn(usize) + Sync),
    concurrency: usize,
) -> impl Stream<Item = ChunkOutcome> + Send + 'a {
    stream::iter(entries.chunks_mut(MAX_BATCH_WRITE))
        .map(move |chunk| write_chunk(db, chunk, policy, report))
        .buffer_unordered(concurrency)
}

/// Writes one chunk, taking its requests. When its first request fails as a whole, the SDK
/// resends it under the policy's retries. What DynamoDB leaves unprocessed is sent again
/// while the policy allows: those few writes are kept until answered and resent by the batch
/// itself when a request carrying them fails as a whole.
pub(super) async fn write_chunk(
    db: &Db,
    chunk: &mut [Entry],
    policy: RetryPolicy,
    report: &(dyn Fn(usize) + Sync),
) -> ChunkOutcome {
    let request_items = request_items(chunk);
    let mut pending: Vec<&Entry> = chunk.iter().collect();
    let table = tables_named(request_items.keys());
    let mut sent = send_writes(db.batch_sender(policy), request_items, &table).await;
    let mut attempts = policy.attempts();
    let mut resent = None;
    let mut last_error: Option<Error>;
    loop {
        let (progressed, mut unprocessed) = match sent {
            Ok(unprocessed) => {
                last_error = None;
                let before = pending.len();
                pending = still_pending(pending, &unprocessed);
                let written = before - pending.len();
                if written > 0 {
                    report(written);
                }
                (written > 0, unprocessed)
            }
            Err(error) => match resent.take() {
                Some(resent) if error.is_retryable() => {
                    last_error = Some(error);
                    (false, resent)
                }
                _ => return ChunkOutcome::of(pending, Some(error)),
            },
        };
        if pending.is_empty() {
            return ChunkOutcome::of(pending, None);
        }
        if !attempts.retry_after(progressed).await {
            return ChunkOutcome::of(pending, last_error);
        }
        unprocessed.retain(|_, requests| !requests.is_empty());
        resent = Some(unprocessed.clone());
        let sender = db.batch_sender(RetryPolicy::none());
        sent = send_writes(sender, unprocessed, &table).await;
    }
}

/// Sends one `BatchWriteItem` request; gives back what DynamoDB left unprocessed.
async fn send_writes(
    sender: BatchSender,
    request_items: HashMap<String, Vec<WriteRequest>>,
    table: &str,
) -> Result<HashMap<String, Vec<WriteRequest>>> {
    let request = sender
        .client
        .batch_write_item()
        .set_request_items(Some(request_items));
    send_batch!(request, sender.retries)
        .instrument(span("BatchWriteItem", table))
        .await
        .map(|output| output.unprocessed_items.unwrap_or_default())
        .map_err(|error| Error::from_sdk("BatchWriteItem", table, error))
}

/// The entries DynamoDB reported unprocessed, matched by table and key (not by the whole
/// request, which the service may send back in another but equal form). When a reported
/// request matches no entry, every entry stays pending: reporting a write as not made
/// when it was is harmless, the other way round is not.
fn still_pending<'a>(
    pending: Vec<&'a Entry>,
    unprocessed: &HashMap<String, Vec<WriteRequest>>,
) -> Vec<&'a Entry> {
    let reported: usize = unprocessed.values().map(Vec::len).sum();
    if reported == 0 {
        pending.iter().for_each(|entry| entry.after_write());
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
    let matches =
        |entry: &Entry, (table, target): &(&String, &Item)| entry.identity.is_key_of(table, target);
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

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_dynamodb::types::AttributeValue;

    /// Deletes of the keys `0`..`count`, in that order.
    fn deletes(count: usize) -> Vec<Entry> {
        (0..count)
            .map(|n| {
                let key = Item::from([("id".to_owned(), AttributeValue::S(n.to_string()))]);
                Entry {
                    table: Arc::from("things"),
                    identity: KeyIdentity::of_key("things", &key),
                    action: BatchAction::Delete,
                    request: WriteRequest::builder()
                        .delete_request(
                            DeleteRequest::builder().set_key(Some(key)).build().unwrap(),
                        )
                        .build(),
                    hooks: None,
                }
            })
            .collect()
    }

    #[test]
    fn requests_hold_up_to_25_writes_in_the_order_added_and_leave_the_entries_their_keys() {
        for (count, expected) in [
            (0, vec![]),
            (1, vec![1]),
            (25, vec![25]),
            (26, vec![25, 1]),
            (60, vec![25, 25, 10]),
        ] {
            let mut entries = deletes(count);
            let requests: Vec<Vec<WriteRequest>> = entries
                .chunks_mut(MAX_BATCH_WRITE)
                .map(|chunk| request_items(chunk).remove("things").unwrap())
                .collect();
            let sizes: Vec<usize> = requests.iter().map(Vec::len).collect();
            assert_eq!(sizes, expected, "{count} entries");
            let sent: Vec<Item> = requests
                .into_iter()
                .flatten()
                .map(|request| request.delete_request.unwrap().key)
                .collect();
            let added: Vec<Item> = deletes(count).iter().map(|e| e.identity.key()).collect();
            assert_eq!(sent, added, "{count} entries");
            let reported: Vec<Item> = entries.iter().map(|e| e.identity.key()).collect();
            assert_eq!(reported, added, "{count} entries");
            assert!(entries.iter().all(|e| e.request.delete_request.is_none()));
        }
    }
}
