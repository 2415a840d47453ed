//! The typed operations: each a builder that is awaited directly (it implements
//! [`IntoFuture`](std::future::IntoFuture)) or sent with details, and that can hand back the
//! SDK builder it would send.

mod batch;
mod collection;
mod conditional;
mod cursor;
mod delete;
mod get;
mod pager;
mod put;
mod query;
mod read;
mod returning;
mod scan;
mod transact;
mod update;
mod upsert;

pub(crate) use batch::KeyIdentity;
pub use batch::{
    BatchAction, BatchGet, BatchWrite, BatchWriter, Progress, RetryPolicy, Unprocessed,
    DEFAULT_CONCURRENCY, MAX_BATCH_GET, MAX_BATCH_WRITE,
};
pub use collection::{CollectionQueryStart, Members};
pub use delete::DeleteItem;
pub use get::GetItem;
pub use put::{CreateItem, PutItem};
pub use query::QueryStart;
pub use read::{Output, Page, Partial, Query, QueryKind, Read, Scan, ScanKind, Whole};
pub use returning::{ReturnNew, ReturnNothing, ReturnOld, ReturnUpdated, ReturnValues};
pub use scan::{ParallelScan, MAX_SEGMENTS};
pub use transact::{
    CancellationReason, Slot, TransactAction, TransactGet, TransactGetResult, TransactWrite,
    Transaction, MAX_TRANSACTION_ACTIONS, MAX_TRANSACTION_SIZE,
};
pub use update::UpdateItem;

use aws_sdk_dynamodb::types::ConsumedCapacity;
use std::future::Future;
use std::pin::Pin;

/// The future an operation builder turns into when awaited.
pub type OperationFuture<'a, T> = Pin<Box<dyn Future<Output = crate::Result<T>> + Send + 'a>>;

/// An operation's result with what DynamoDB reported about it.
///
/// ```no_run
/// # async fn run(db: dynamoxide::Db) -> dynamoxide::Result<()> {
/// # use dynamoxide::Model;
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String }
/// use dynamoxide::types::ReturnConsumedCapacity;
///
/// let response = db
///     .get::<User>("u1")
///     .return_consumed_capacity(ReturnConsumedCapacity::Total)
///     .send_detailed()
///     .await?;
/// let user: Option<User> = response.value;
/// let units = response.consumed_capacity.and_then(|c| c.capacity_units());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Response<T> {
    /// What the operation returns when awaited directly.
    pub value: T,
    /// The capacity the request consumed, when asked for with `return_consumed_capacity`.
    pub consumed_capacity: Option<ConsumedCapacity>,
}

/// An SDK input, built: a missing required field (which dynamoxide always sets) is an
/// [`Error::InvalidRequest`](crate::Error::InvalidRequest).
pub(crate) fn built<T>(
    input: std::result::Result<T, aws_sdk_dynamodb::error::BuildError>,
) -> crate::Result<T> {
    input.map_err(|error| crate::Error::InvalidRequest {
        reason: error.to_string(),
    })
}

/// The span every request runs in: operation and table, for logs and traces.
pub(crate) fn span(operation: &'static str, table: &str) -> tracing::Span {
    tracing::info_span!("dynamodb", db.operation = operation, db.table = table)
}
