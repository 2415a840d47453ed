//! A batch writer for imports too large to hold in memory: writes are converted as they are
//! added and sent 25 to a request as soon as a request is full.

use super::write::{delete_entry, put_entry, write_chunk, ChunkOutcome, Entry, Tables};
use super::{RetryPolicy, Unprocessed, DEFAULT_CONCURRENCY, MAX_BATCH_WRITE};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::Model;
use std::hash::BuildHasher;
use tokio::task::JoinSet;
use tracing::instrument::WithSubscriber;
use tracing::Instrument;

/// A request of a writer, finished: the hashes of its keys and what it left undone.
type Finished = (Vec<u64>, ChunkOutcome);

/// Writes items as they come, for imports of any size; made by [`Db::batch_writer`].
///
/// Unlike [`BatchWrite`](super::BatchWrite), which converts and checks every write before
/// sending any, a writer holds at most `concurrency` requests of 25 writes plus the request
/// it is filling, so memory stays bounded however many items go through it.
///
/// - [`put`](BatchWriter::put) and [`delete`](BatchWriter::delete) convert and check the
///   write at once. An invalid write, or one its `before_write` hook refuses, is returned
///   as an error and not added; the writer goes on. A full request is sent in the
///   background; when `concurrency` requests are in flight, adding waits for one to finish.
/// - The same key twice: the last write wins. A write of a key whose earlier write is in a
///   request in flight (DynamoDB's unprocessed writes and throttled requests resent
///   included) waits until that request is done, so writes of a key are sent in order. A
///   write replaced in the request being filled is dropped: its `before_write` hook has
///   run, its `after_write` never does.
/// - Unprocessed and throttled writes are retried as the [`RetryPolicy`] says. Once a
///   request gives up, the next `put`, `delete` or [`finish`](BatchWriter::finish) returns
///   [`Error::BatchIncomplete`] listing its writes (a `put` or `delete` returning it has not
///   added its write; `total` counts the writes added so far). Each write not confirmed is
///   listed once; every write not listed, once `finish` has returned, was made.
/// - `after_write` hooks run in the background as requests are answered; a panic in one
///   is raised by the `put`, `delete` or `finish` that collects that request.
/// - A `put` or `delete` dropped before it completes (by a timeout, say) leaves the writer
///   consistent; its write may or may not have been added.
/// - Dropping a writer without calling `finish` drops the writes not yet sent and aborts
///   the requests in flight: which of their writes were made is unknown.
///
/// # Panics
///
/// Sending needs a Tokio runtime: `put`, `delete` and `finish` panic outside one.
///
/// ```no_run
/// # use dynamoxide::{Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "readings")]
/// # struct Reading { #[dynamo(hash_key)] sensor: String, #[dynamo(range_key)] seq: u64 }
/// # async fn run(db: Db, readings: impl Iterator<Item = Reading>) -> dynamoxide::Result<()> {
/// let mut writer = db.batch_writer().concurrency(8);
/// for reading in readings {
///     // An invalid reading, or the writes of a request that gave up: log them, go on.
///     if let Err(error) = writer.put(&reading).await {
///         eprintln!("not written: {error}");
///     }
/// }
/// let written = writer.finish().await?;
/// # Ok(()) }
/// ```
#[must_use = "a writer sends its last writes only when finished"]
pub struct BatchWriter {
    db: Db,
    tables: Tables,
    /// The request being filled: up to 25 writes of distinct keys, each with the hash of its
    /// key.
    filling: Vec<(u64, Entry)>,
    in_flight: JoinSet<Finished>,
    /// How many writes of each key hash are in requests in flight.
    keys_in_flight: foldhash::HashMap<u64, usize>,
    hasher: foldhash::fast::RandomState,
    concurrency: usize,
    retry: RetryPolicy,
    /// Writes added (after duplicates were dropped).
    added: usize,
    /// Writes DynamoDB confirmed.
    written: usize,
    /// Writes of requests that gave up, not yet reported, and the last request failure.
    undone: Vec<Unprocessed>,
    source: Option<Error>,
}

impl Db {
    /// A [`BatchWriter`]: puts and deletes of any models, sent as they come.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, ada: User) -> dynamoxide::Result<()> {
    /// let mut writer = db.batch_writer();
    /// writer.put(&ada).await?;
    /// writer.delete::<User>("u2").await?;
    /// assert_eq!(writer.finish().await?, 2);
    /// # Ok(()) }
    /// ```
    pub fn batch_writer(&self) -> BatchWriter {
        BatchWriter {
            db: self.clone(),
            tables: Tables::default(),
            filling: Vec::with_capacity(MAX_BATCH_WRITE),
            in_flight: JoinSet::new(),
            keys_in_flight: foldhash::HashMap::default(),
            hasher: foldhash::fast::RandomState::default(),
            concurrency: DEFAULT_CONCURRENCY,
            retry: RetryPolicy::default(),
            added: 0,
            written: 0,
            undone: Vec::new(),
            source: None,
        }
    }
}

impl BatchWriter {
    /// How many requests may be in flight at once (default 8).
    ///
    /// ```no_run
    /// # async fn run(db: dynamoxide::Db) {
    /// let writer = db.batch_writer().concurrency(16);
    /// # }
    /// ```
    pub fn concurrency(mut self, requests: usize) -> Self {
        self.concurrency = requests.max(1);
        self
    }

    /// How unprocessed and throttled writes are retried (default: [`RetryPolicy::default`]).
    ///
    /// ```no_run
    /// # async fn run(db: dynamoxide::Db) {
    /// use dynamoxide::ops::RetryPolicy;
    /// let writer = db.batch_writer().retry(RetryPolicy::default().max_retries(30));
    /// # }
    /// ```
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Adds a put of `item` (overwriting), converted and checked now; sends a request when
    /// one is full.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, users: Vec<User>) -> dynamoxide::Result<()> {
    /// let mut writer = db.batch_writer();
    /// for user in &users {
    ///     if let Err(error) = writer.put(user).await {
    ///         eprintln!("skipped: {error}");
    ///     }
    /// }
    /// writer.finish().await?;
    /// # Ok(()) }
    /// ```
    pub async fn put<M: Model>(&mut self, item: &M) -> Result<()> {
        self.report_failures()?;
        let entry = put_entry(&self.db, &mut self.tables, item)?;
        self.add(entry).await
    }

    /// Adds a delete of the item of `M` with `key`; sends a request when one is full.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let mut writer = db.batch_writer();
    /// writer.delete::<User>("u1").await?;
    /// writer.finish().await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete<M: Model>(&mut self, key: impl Into<M::Key>) -> Result<()> {
        self.report_failures()?;
        let entry = delete_entry::<M>(&self.db, &mut self.tables, key)?;
        self.add(entry).await
    }

    /// Writes DynamoDB has confirmed so far, as of the requests collected by the last
    /// `put` or `delete`: for progress bars.
    ///
    /// ```no_run
    /// # async fn run(db: dynamoxide::Db) {
    /// let writer = db.batch_writer();
    /// assert_eq!(writer.written(), 0);
    /// # }
    /// ```
    pub fn written(&self) -> usize {
        self.written
    }

    /// Sends the writes not yet sent, waits for every request and returns how many writes
    /// were made, or [`Error::BatchIncomplete`] listing the writes not confirmed (those not
    /// listed in an earlier error).
    ///
    /// ```no_run
    /// # async fn run(db: dynamoxide::Db) -> dynamoxide::Result<()> {
    /// let written = db.batch_writer().finish().await?;
    /// assert_eq!(written, 0);
    /// # Ok(()) }
    /// ```
    pub async fn finish(mut self) -> Result<usize> {
        self.send_filling().await;
        while self.finish_one().await {}
        self.report_failures()?;
        Ok(self.written)
    }

    /// Adds `entry` to the request being filled, after any write of its key in flight, and
    /// sends that request when it is full. Dropped while it waits, it leaves at most 25
    /// writes in the request being filled (the next call sends a full one first).
    async fn add(&mut self, entry: Entry) -> Result<()> {
        let hash = self.hasher.hash_one(&entry.identity);
        let replaces = self.filling.iter().position(|(earlier_hash, earlier)| {
            *earlier_hash == hash && earlier.identity == entry.identity
        });
        if replaces.is_none() {
            while self.keys_in_flight.contains_key(&hash) && self.finish_one().await {}
            if self.filling.len() == MAX_BATCH_WRITE {
                self.send_filling().await;
            }
        }
        if let Some(hooks) = &entry.hooks {
            hooks.before(&entry.identity.key(), entry.put_item())?;
        }
        match replaces {
            Some(position) => self.filling[position] = (hash, entry),
            None => {
                self.added += 1;
                self.filling.push((hash, entry));
            }
        }
        if self.filling.len() == MAX_BATCH_WRITE {
            self.send_filling().await;
        }
        Ok(())
    }

    /// Sends the request being filled, once fewer than `concurrency` are in flight.
    async fn send_filling(&mut self) {
        if self.filling.is_empty() {
            return;
        }
        while self.in_flight.len() >= self.concurrency {
            self.finish_one().await;
        }
        let filled = std::mem::replace(&mut self.filling, Vec::with_capacity(MAX_BATCH_WRITE));
        let (hashes, mut chunk): (Vec<u64>, Vec<Entry>) = filled.into_iter().unzip();
        for hash in &hashes {
            *self.keys_in_flight.entry(*hash).or_default() += 1;
        }
        let (db, retry) = (self.db.clone(), self.retry);
        // Boxed where it is made: the SDK's request futures are kilobytes, and the task,
        // its span and its subscriber would otherwise each copy them once more.
        let request = async move {
            let outcome = Box::pin(write_chunk(&db, &mut chunk, retry, &|_| ())).await;
            (hashes, outcome)
        };
        self.in_flight
            .spawn(request.in_current_span().with_current_subscriber());
    }

    /// Waits for one request in flight to finish and records its outcome; `false` when none
    /// is in flight.
    async fn finish_one(&mut self) -> bool {
        match self.in_flight.join_next().await {
            Some(finished) => {
                self.record(finished);
                true
            }
            None => false,
        }
    }

    /// Records what a finished request wrote and left undone.
    fn record(&mut self, finished: std::result::Result<Finished, tokio::task::JoinError>) {
        let (hashes, outcome) = match finished {
            Ok(finished) => finished,
            Err(error) => match error.try_into_panic() {
                Ok(panic) => std::panic::resume_unwind(panic),
                Err(error) => panic!("a batch request was cancelled in flight: {error}"),
            },
        };
        self.written += hashes.len() - outcome.undone.len();
        for hash in hashes {
            if let Some(count) = self.keys_in_flight.get_mut(&hash) {
                *count -= 1;
                if *count == 0 {
                    self.keys_in_flight.remove(&hash);
                }
            }
        }
        self.undone.extend(outcome.undone);
        if outcome.error.is_some() {
            self.source = outcome.error;
        }
    }

    /// The writes of requests that gave up, not reported before, as an error; requests that
    /// have finished are collected first, without waiting.
    fn report_failures(&mut self) -> Result<()> {
        while let Some(finished) = self.in_flight.try_join_next() {
            self.record(finished);
        }
        if self.undone.is_empty() {
            return Ok(());
        }
        Err(Error::BatchIncomplete {
            operation: "BatchWriteItem",
            total: self.added,
            unprocessed: std::mem::take(&mut self.undone),
            source: self.source.take().map(Box::new),
        })
    }
}
