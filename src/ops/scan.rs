//! `Scan`: every item of the table or of a secondary index, in one sequence of pages or in
//! parallel segments.

use super::pager::Operation;
use super::read::{Output, Read, Scan, ScanKind, Spec};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::index::Index;
use crate::model::Model;
use aws_sdk_dynamodb::operation::scan::builders::ScanFluentBuilder;
use aws_sdk_dynamodb::operation::scan::ScanInput;
use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};

/// DynamoDB's largest `TotalSegments`.
pub const MAX_SEGMENTS: u32 = 1_000_000;

#[derive(Clone, Default)]
pub(super) struct ScanSpec {
    segment: Option<(u32, u32)>,
}

impl Db {
    /// Scans `M`'s table (or, after [`index`](Read::index), one of its indexes).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String, age: u32 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let adults = db.scan::<User>().filter(User::AGE.ge(18)).all().await?;
    /// # Ok(()) }
    /// ```
    pub fn scan<M: Model>(&self) -> Scan<'_, M::Table> {
        Read::new(self, Spec::Scan(ScanSpec::default()))
    }
}

impl ScanSpec {
    pub(super) fn render(&self) -> Result<Operation> {
        let segment = match self.segment {
            Some((segment, total)) => {
                if total == 0 || total > MAX_SEGMENTS || segment >= total {
                    return Err(Error::InvalidRequest {
                        reason: format!(
                            "segment {segment} of {total}: a scan has 1 to {MAX_SEGMENTS} \
                             segments, numbered from 0"
                        ),
                    });
                }
                Some((segment as i32, total as i32))
            }
            None => None,
        };
        Ok(Operation::Scan { segment })
    }
}

impl<'db, I: Index, O> Read<'db, I, O, ScanKind> {
    /// Scans the secondary index `J` instead of the table.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # #[dynamo(gsi(name = "by_email", hash_key = "email"))]
    /// # struct User { #[dynamo(hash_key)] id: String, email: Option<String> }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// // A sparse index: only the users with an email are in it.
    /// let with_email = db.scan::<User>().index::<user_index::ByEmail>().count().await?;
    /// # Ok(()) }
    /// ```
    pub fn index<J: Index<Model = I::Model>>(self) -> Read<'db, J, O, ScanKind> {
        self.cast()
    }

    /// Scans only segment `segment` of `total` (from 0): to spread one scan over several
    /// workers, each reading its own segment. Cursors of a segment resume that segment.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db, worker: u32) -> dynamoxide::Result<()> {
    /// let mine = db.scan::<User>().segment(worker, 8).all().await?;
    /// # Ok(()) }
    /// ```
    pub fn segment(mut self, segment: u32, total: u32) -> Self {
        if let Spec::Scan(spec) = &mut self.spec {
            spec.segment = Some((segment, total));
        }
        self
    }

    /// Scans in `segments` parallel segments and merges their items (in no particular
    /// order): each segment has one request in flight, so `segments` requests run at once.
    /// A limit applies to the merged items. `segments` outside 1 to [`MAX_SEGMENTS`] is an
    /// [`Error::InvalidRequest`] when the scan is read.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let everyone: Vec<User> = db.scan::<User>().parallel(4).all().await?;
    /// # Ok(()) }
    /// ```
    pub fn parallel(self, segments: u32) -> ParallelScan<'db, I, O> {
        let limit = self.limit_value();
        let segments = if (1..=MAX_SEGMENTS).contains(&segments) {
            Ok((0..segments)
                .map(|segment| self.clone().segment(segment, segments))
                .collect())
        } else {
            Err(Error::InvalidRequest {
                reason: format!("a parallel scan has 1 to {MAX_SEGMENTS} segments, not {segments}"),
            })
        };
        ParallelScan { segments, limit }
    }

    /// The SDK request of the first page, to inspect or adjust and send by hand.
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String, age: u32 }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let request = db.scan::<User>().filter(User::AGE.gt(17)).segment(1, 4).into_sdk().unwrap();
    /// assert_eq!(request.get_filter_expression().as_deref(), Some("#n0 > :v0"));
    /// assert_eq!(request.get_total_segments(), &Some(4));
    /// ```
    pub fn into_sdk(self) -> Result<ScanFluentBuilder> {
        let plan = self.plan(false)?;
        plan.check_page_size()?;
        Ok(plan.scan_request(self.db, None, plan.limit))
    }

    /// The exact input of the first page's request, without sending it.
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let input = db.scan::<User>().page_size(50).into_input().unwrap();
    /// assert_eq!(input.limit(), Some(50));
    /// ```
    pub fn into_input(self) -> Result<ScanInput> {
        super::built(self.into_sdk()?.as_input().clone().build())
    }
}

/// A scan split into segments read concurrently; made by [`Read::parallel`].
#[must_use = "a scan does nothing until its items are read"]
pub struct ParallelScan<'db, I: Index, O> {
    segments: Result<Vec<Scan<'db, I, O>>>,
    limit: Option<usize>,
}

impl<'db, I: Index, O> ParallelScan<'db, I, O> {
    /// The exact inputs of each segment's first request, without sending them.
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let inputs = db.scan::<User>().parallel(4).into_inputs().unwrap();
    /// let segments: Vec<Option<i32>> = inputs.iter().map(|input| input.segment()).collect();
    /// assert_eq!(segments, [Some(0), Some(1), Some(2), Some(3)]);
    /// ```
    pub fn into_inputs(self) -> Result<Vec<ScanInput>> {
        self.segments?.into_iter().map(Scan::into_input).collect()
    }

    /// The items of every segment as they arrive, as one stream.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// use dynamoxide::stream::TryStreamExt;
    /// let mut users = std::pin::pin!(db.scan::<User>().parallel(4).stream());
    /// while let Some(user) = users.try_next().await? {
    ///     println!("{}", user.id);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn stream(self) -> impl Stream<Item = Result<O::Item>> + Send + 'db
    where
        O: Output<I>,
    {
        let merged = match self.segments {
            Ok(segments) => {
                stream::select_all(segments.into_iter().map(|scan| scan.stream().boxed()))
            }
            Err(error) => stream::select_all([stream::once(async { Err(error) }).boxed()]),
        };
        merged.take(self.limit.unwrap_or(usize::MAX))
    }

    /// Every item of every segment (at most the limit).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let users: Vec<User> = db.scan::<User>().parallel(8).all().await?;
    /// # Ok(()) }
    /// ```
    pub async fn all(self) -> Result<Vec<O::Item>>
    where
        O: Output<I>,
    {
        self.stream().try_collect().await
    }

    /// Counts the matching items of every segment, the segments counted concurrently.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let users = db.scan::<User>().parallel(4).count().await?;
    /// # Ok(()) }
    /// ```
    pub async fn count(self) -> Result<usize> {
        let counts =
            futures_util::future::try_join_all(self.segments?.into_iter().map(Read::count)).await?;
        let total: usize = counts.into_iter().sum();
        Ok(self.limit.map_or(total, |limit| total.min(limit)))
    }
}
