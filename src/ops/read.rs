//! What queries and scans share: filters, projections into a partial type, limits, and the
//! ways to read the result (a lazy stream, one page with a cursor, all items, a count).

use super::pager::{Operation, Pager, Plan};
use crate::codec;
use crate::db::Db;
use crate::error::Result;
use crate::expr::{AttributePath, Condition, DocumentPath, Placeholders};
use crate::index::{self, ConsistentRead, Index, ProjectsAll};
use crate::model::Model;
use crate::Item;
use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use std::marker::PhantomData;

/// A query or a scan of index `I`, reading items as `O` ([`Whole`] models, or
/// [`Partial<P>`]). Made by [`Db::query`] and [`Db::scan`]; see [`Query`] and [`Scan`].
///
/// Nothing is sent until it is read: [`stream`](Read::stream), [`all`](Read::all),
/// [`first`](Read::first) and [`count`](Read::count) follow DynamoDB's pages (1 MB each) to
/// the end, or to [`limit`](Read::limit) items; [`page`](Read::page) reads one page and
/// hands back a cursor for the next.
#[must_use = "a read does nothing until its items are read"]
pub struct Read<'db, I: Index, O, K> {
    pub(super) db: &'db Db,
    pub(super) spec: Spec,
    filter: Option<Condition<I::Model>>,
    projection: Vec<DocumentPath>,
    limit: Option<usize>,
    page_size: Option<usize>,
    consistent_read: bool,
    include_expired: bool,
    /// The entity types wanted from a table several models share (by its entity-type
    /// attribute); empty for a model without one.
    pub(super) entities: Vec<&'static str>,
    marker: PhantomData<Markers<I, O, K>>,
}

/// The types a [`Read`] is generic over but does not hold.
type Markers<I, O, K> = fn() -> (I, O, K);

/// The operation-specific part of a read.
#[derive(Clone)]
pub(super) enum Spec {
    Query(super::query::QuerySpec),
    Scan(super::scan::ScanSpec),
}

/// A query: the items of one partition of index `I`, in range-key order. Made by
/// [`Db::query`] and [`QueryStart::hash`](super::QueryStart::hash).
pub type Query<'db, I, O = Whole> = Read<'db, I, O, QueryKind>;

/// A scan: every item of index `I`. Made by [`Db::scan`].
pub type Scan<'db, I, O = Whole> = Read<'db, I, O, ScanKind>;

/// Marks a [`Read`] as a query.
#[derive(Debug)]
pub enum QueryKind {}

/// Marks a [`Read`] as a scan.
#[derive(Debug)]
pub enum ScanKind {}

/// Reads items into the whole model: the index must project every attribute.
#[derive(Debug)]
pub enum Whole {}

/// Reads items into `P`, a type of the caller's with the attributes it needs.
pub struct Partial<P>(PhantomData<fn() -> P>);

/// How a read turns a stored item into what it returns.
pub trait Output<I: Index> {
    /// What each item is read into.
    type Item: Send + 'static;

    /// Reads one stored item.
    fn decode(item: Item) -> Result<Self::Item>;
}

impl<I: ProjectsAll> Output<I> for Whole {
    type Item = I::Model;

    fn decode(item: Item) -> Result<I::Model> {
        codec::from_item(item)
    }
}

impl<I: Index, P: DeserializeOwned + Send + 'static> Output<I> for Partial<P> {
    type Item = P;

    fn decode(item: Item) -> Result<P> {
        codec::from_partial_item::<I::Model, P>(item)
    }
}

/// One page of items and the cursor of the next.
///
/// ```no_run
/// # use dynamoxide::{Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "orders")]
/// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
/// # async fn run(db: Db) -> dynamoxide::Result<()> {
/// let mut cursor: Option<String> = None;
/// loop {
///     let page = db.query::<Order>().hash("c1").limit(50).page(cursor.as_deref()).await?;
///     println!("{} orders", page.items.len());
///     match page.next_cursor {
///         Some(next) => cursor = Some(next),
///         None => break,
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The page's items, in the read's order.
    pub items: Vec<T>,
    /// Where the next page starts: an opaque, URL-safe string to hand back to
    /// [`Read::page`]. `None` after the last page.
    pub next_cursor: Option<String>,
}

impl<'db, I: Index, O, K> Clone for Read<'db, I, O, K> {
    fn clone(&self) -> Self {
        Read {
            db: self.db,
            spec: self.spec.clone(),
            filter: self.filter.clone(),
            projection: self.projection.clone(),
            limit: self.limit,
            page_size: self.page_size,
            consistent_read: self.consistent_read,
            include_expired: self.include_expired,
            entities: self.entities.clone(),
            marker: PhantomData,
        }
    }
}

impl<'db, I: Index, O, K> Read<'db, I, O, K> {
    pub(super) fn new(db: &'db Db, spec: Spec) -> Self {
        Read {
            db,
            spec,
            filter: None,
            projection: Vec::new(),
            limit: None,
            page_size: None,
            consistent_read: false,
            include_expired: false,
            entities: <I::Model as Model>::SCHEMA
                .entity
                .map(|entity| vec![entity.name])
                .unwrap_or_default(),
            marker: PhantomData,
        }
    }

    pub(super) fn limit_value(&self) -> Option<usize> {
        self.limit
    }

    /// The same read of another index, or into another type (everything else kept).
    pub(super) fn cast<J: Index<Model = I::Model>, Q, L>(self) -> Read<'db, J, Q, L> {
        Read {
            db: self.db,
            spec: self.spec,
            filter: self.filter,
            projection: self.projection,
            limit: self.limit,
            page_size: self.page_size,
            consistent_read: self.consistent_read,
            include_expired: self.include_expired,
            entities: self.entities,
            marker: PhantomData,
        }
    }

    /// Also returns items whose `#[dynamo(ttl)]` has passed but DynamoDB has not deleted
    /// yet. By default the request filters them out (`attribute_not_exists(ttl) OR ttl >
    /// now`, in the filter expression: they are still read and billed). A query of an index
    /// keyed by the TTL attribute cannot filter on it: give it a range condition instead
    /// (`gt(now)`).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "sessions")]
    /// # struct Session { #[dynamo(hash_key)] id: String, #[dynamo(ttl)] expires: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let everything = db.scan::<Session>().include_expired().all().await?;
    /// # Ok(()) }
    /// ```
    pub fn include_expired(mut self) -> Self {
        self.include_expired = true;
        self
    }

    /// Keeps only the items for which `condition` holds (DynamoDB's filter expression; a
    /// second call adds a condition with AND). Filtered-out items are still read and billed.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64, total: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let big = db.query::<Order>().hash("c1").filter(Order::TOTAL.ge(1000)).all().await?;
    /// # Ok(()) }
    /// ```
    pub fn filter(mut self, condition: Condition<I::Model>) -> Self {
        self.filter = Some(match self.filter {
            Some(existing) => existing.and(condition),
            None => condition,
        });
        self
    }

    /// Reads items into `P` instead of the whole model: for an index that does not project
    /// every attribute, or to read fewer attributes (with [`project`](Read::project)).
    /// `P` is any `Deserialize` type; attributes it does not name are ignored.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # #[dynamo(gsi(name = "by_email", hash_key = "email", projection = keys_only))]
    /// # struct User { #[dynamo(hash_key)] id: String, email: String, bio: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// #[derive(serde::Deserialize)]
    /// struct UserId {
    ///     id: String,
    /// }
    ///
    /// let ids: Vec<UserId> = db
    ///     .query::<User>()
    ///     .index::<user_index::ByEmail>()
    ///     .hash("a@b.c")
    ///     .partial::<UserId>()
    ///     .all()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn partial<P: DeserializeOwned + Send + 'static>(self) -> Read<'db, I, Partial<P>, K> {
        self.cast()
    }

    /// Returns at most `n` items in all, across as many requests as it takes. Without a
    /// filter each request asks DynamoDB for exactly the items still wanted; with one, a
    /// request evaluates [`page_size`](Read::page_size) items (or 1 MB) and the first
    /// matches up to `n` are kept. With [`page`](Read::page) it is the page size, and must
    /// not be 0 (a page of nothing has no position to resume from).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let latest_ten = db.query::<Order>().hash("c1").descending().limit(10).all().await?;
    /// # Ok(()) }
    /// ```
    pub fn limit(mut self, n: usize) -> Self {
        self.limit = Some(n);
        self
    }

    /// DynamoDB's own `Limit`: at most `n` items evaluated (read, before the filter) per
    /// request. Smaller requests bound the capacity one request consumes.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let users = db.scan::<User>().page_size(100).all().await?;
    /// # Ok(()) }
    /// ```
    pub fn page_size(mut self, n: usize) -> Self {
        self.page_size = Some(n);
        self
    }

    /// Reads with strong consistency: the table and local secondary indexes only (on a
    /// global index it does not compile).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let fresh = db.query::<Order>().hash("c1").consistent_read().all().await?;
    /// # Ok(()) }
    /// ```
    pub fn consistent_read(mut self) -> Self
    where
        I: ConsistentRead,
    {
        self.consistent_read = true;
        self
    }

    /// Counts the matching items across every page (at most [`limit`](Read::limit)),
    /// without reading them out (`Select: COUNT`).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let orders: usize = db.query::<Order>().hash("c1").count().await?;
    /// # Ok(()) }
    /// ```
    pub async fn count(self) -> Result<usize> {
        let mut pager = Pager::new(self.db, self.plan(true)?, None);
        let mut total = 0;
        while !pager.is_done() {
            total += pager.next_count().await?;
        }
        Ok(total)
    }

    /// Renders the request once.
    pub(super) fn plan(&self, count_only: bool) -> Result<Plan> {
        let mut placeholders = Placeholders::default();
        let (operation, key_names, own_items) = match &self.spec {
            Spec::Query(spec) => spec.render::<I>(&mut placeholders)?,
            Spec::Scan(spec) => (spec.render()?, Vec::new(), false),
        };
        // A filter cannot name a key attribute of the queried index: a TTL that keys it is
        // left to the range condition.
        let not_expired = <I::Model as Model>::SCHEMA
            .ttl
            .filter(|ttl| !self.include_expired && !key_names.contains(ttl))
            .map(|ttl| Condition::not_expired(ttl, crate::timestamp::now_epoch_seconds()));
        let entity = <I::Model as Model>::SCHEMA
            .entity
            .filter(|_| !self.entities.is_empty())
            .map(|entity| Condition::entity_in(entity.attribute, &self.entities));
        // The entity check drops nothing when the key condition already keeps to the model's
        // items: requests may then ask for exactly the items still wanted.
        let filter_drops =
            self.filter.is_some() || not_expired.is_some() || (entity.is_some() && !own_items);
        let filter = [self.filter.clone(), not_expired, entity]
            .into_iter()
            .flatten()
            .reduce(Condition::and);
        let filter = match &filter {
            Some(condition) => {
                if let Some(name) = condition
                    .attribute_names()
                    .find(|name| key_names.contains(name))
                {
                    return Err(crate::Error::InvalidExpression {
                        reason: format!(
                            "a query cannot filter on its key attribute `{name}`: put it in \
                             the key condition (a range condition) instead"
                        ),
                    });
                }
                Some(condition.render(&mut placeholders)?)
            }
            None => None,
        };
        let position = index::position_attributes::<I>();
        let projection = (!self.projection.is_empty() && !count_only).then(|| {
            let key_paths = position.iter().map(|key| DocumentPath::attribute(key.name));
            // DynamoDB rejects overlapping paths (`a` and `a.b`): keep the outer one.
            let mut paths: Vec<DocumentPath> = Vec::new();
            for path in self.projection.iter().cloned().chain(key_paths) {
                if paths
                    .iter()
                    .any(|kept| kept.overlaps(&path) && kept.len() <= path.len())
                {
                    continue;
                }
                paths.retain(|kept| !kept.overlaps(&path));
                paths.push(path);
            }
            let mut rendered = String::new();
            for (index, path) in paths.iter().enumerate() {
                if index > 0 {
                    rendered.push_str(", ");
                }
                placeholders.write_path(path, &mut rendered);
            }
            rendered
        });
        let (names, values) = placeholders.finish();
        let index = index::name::<I>();
        let scope = scope(<I::Model as Model>::SCHEMA.table_name, index, &operation);
        Ok(Plan {
            table: self.db.table_name::<I::Model>().into_owned(),
            index,
            operation,
            filter,
            filter_drops,
            projection,
            names,
            values,
            consistent_read: self.consistent_read,
            count_only,
            position,
            scope,
            limit: self.limit,
            page_size: self.page_size,
        })
    }
}

/// What a cursor is valid for: the table, index, kind of request and scan segment.
fn scope(table: &str, index: Option<&str>, operation: &Operation) -> u64 {
    // A descending query resumes backwards: its cursors are no use to an ascending one.
    let (kind, segment) = match operation {
        Operation::Query {
            descending: false, ..
        } => ("query", String::new()),
        Operation::Query {
            descending: true, ..
        } => ("query descending", String::new()),
        Operation::Scan { segment } => ("scan", format!("{segment:?}")),
    };
    super::cursor::fingerprint([
        table.as_bytes(),
        index.unwrap_or_default().as_bytes(),
        kind.as_bytes(),
        segment.as_bytes(),
    ])
}

impl<'db, I: Index, P, K> Read<'db, I, Partial<P>, K> {
    /// Reads only this attribute (add one call per attribute; DynamoDB's projection
    /// expression). Key attributes are always read, so paging works. A read still consumes
    /// capacity for the whole items.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String, email: String, bio: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// #[derive(serde::Deserialize)]
    /// struct Contact { id: String, email: String }
    ///
    /// let contacts: Vec<Contact> =
    ///     db.scan::<User>().partial::<Contact>().project(User::EMAIL).all().await?;
    /// # Ok(()) }
    /// ```
    pub fn project(mut self, path: impl AttributePath<I::Model>) -> Self {
        self.projection.push(path.document_path());
        self
    }
}

impl<'db, I: Index, O, K> Read<'db, I, O, K> {
    /// The items as a stream that fetches pages as it is polled: one page in memory at a
    /// time, however many items there are. An error ends the stream.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// use dynamoxide::stream::TryStreamExt;
    ///
    /// let mut orders = std::pin::pin!(db.query::<Order>().hash("c1").stream());
    /// while let Some(order) = orders.try_next().await? {
    ///     println!("{}", order.number);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn stream(self) -> impl Stream<Item = Result<O::Item>> + Send + 'db
    where
        O: Output<I>,
    {
        let state = match self.plan(false) {
            Ok(plan) => Streaming::Reading {
                pager: Box::new(Pager::new(self.db, plan, None)),
                buffer: Vec::new().into_iter(),
            },
            Err(error) => Streaming::Failed(error),
        };
        stream::unfold(state, |state| async move {
            let (mut pager, mut buffer) = match state {
                Streaming::Reading { pager, buffer } => (pager, buffer),
                Streaming::Failed(error) => return Some((Err(error), Streaming::Finished)),
                Streaming::Finished => return None,
            };
            loop {
                if let Some(item) = buffer.next() {
                    return Some((O::decode(item), Streaming::Reading { pager, buffer }));
                }
                if pager.is_done() {
                    return None;
                }
                match pager.next_items().await {
                    Ok(items) => buffer = items.into_iter(),
                    Err(error) => return Some((Err(error), Streaming::Finished)),
                }
            }
        })
    }

    /// Every item (or the first [`limit`](Read::limit)), following every page.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let orders: Vec<Order> = db.query::<Order>().hash("c1").all().await?;
    /// # Ok(()) }
    /// ```
    pub async fn all(self) -> Result<Vec<O::Item>>
    where
        O: Output<I>,
    {
        self.stream().try_collect().await
    }

    /// The first item, if any.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let latest: Option<Order> = db.query::<Order>().hash("c1").descending().first().await?;
    /// # Ok(()) }
    /// ```
    pub async fn first(self) -> Result<Option<O::Item>>
    where
        O: Output<I>,
    {
        let mut items = std::pin::pin!(self.limit(1).stream());
        items.next().await.transpose()
    }

    /// One page: up to [`limit`](Read::limit) items (without a limit, the items of
    /// DynamoDB's next non-empty response), starting where `cursor` says (`None` for the
    /// first page), and the cursor of the next page. The last page may be empty: DynamoDB
    /// only knows a partition ended when a read finds nothing more.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
    /// # async fn run(db: Db, cursor_from_request: Option<String>) -> dynamoxide::Result<()> {
    /// let page = db
    ///     .query::<Order>()
    ///     .hash("c1")
    ///     .limit(25)
    ///     .page(cursor_from_request.as_deref())
    ///     .await?;
    /// let response_cursor: Option<String> = page.next_cursor;
    /// # Ok(()) }
    /// ```
    pub async fn page(self, cursor: Option<&str>) -> Result<Page<O::Item>>
    where
        O: Output<I>,
    {
        let plan = self.plan(false)?;
        plan.check_page_size()?;
        let start = cursor.map(|cursor| plan.resume_from(cursor)).transpose()?;
        let wants_limit = plan.limit.is_some();
        let mut pager = Pager::new(self.db, plan, start);
        let mut items = Vec::new();
        while !pager.is_done() {
            for item in pager.next_items().await? {
                items.push(O::decode(item)?);
            }
            if !wants_limit && !items.is_empty() {
                break;
            }
        }
        let next_cursor = pager
            .resume_position()
            .map(|position| pager.plan().cursor(position))
            .transpose()?;
        Ok(Page { items, next_cursor })
    }
}

enum Streaming<'db> {
    Reading {
        pager: Box<Pager<'db>>,
        /// What is left of the page read last.
        buffer: std::vec::IntoIter<Item>,
    },
    Failed(crate::Error),
    Finished,
}
