//! Batch reads and writes of any size: split into DynamoDB's request sizes (100 keys, 25
//! writes), several requests in flight, and what DynamoDB leaves unprocessed retried with
//! capped exponential backoff and full jitter until done or until the retry budget is spent
//! — then an error names exactly what was not done.

mod get;
mod retry;
mod write;

pub use get::BatchGet;
pub use retry::RetryPolicy;
pub use write::{BatchWrite, Progress};

use crate::Item;
use aws_sdk_dynamodb::types::AttributeValue;

/// The most keys one `BatchGetItem` request reads.
pub const MAX_BATCH_GET: usize = 100;

/// The most writes one `BatchWriteItem` request makes.
pub const MAX_BATCH_WRITE: usize = 25;

/// How many batch requests are in flight at once unless told otherwise.
pub const DEFAULT_CONCURRENCY: usize = 8;

/// What a batch entry asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchAction {
    /// Read the item.
    Get,
    /// Write the item.
    Put,
    /// Delete the item.
    Delete,
}

/// One batch entry that was not carried out.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Unprocessed {
    /// The table (with the `Db`'s prefix and suffix).
    pub table: String,
    /// The item's key.
    pub key: Item,
    /// What was asked.
    pub action: BatchAction,
}

/// Batch requests are retried by the batch (entry by entry, with its own budget), not by
/// the SDK underneath, so that a [`RetryPolicy`] means what it says.
pub(crate) fn without_sdk_retries() -> aws_sdk_dynamodb::config::Builder {
    aws_sdk_dynamodb::config::Builder::default()
        .retry_config(aws_sdk_dynamodb::config::retry::RetryConfig::disabled())
}

/// A key as a string that is equal for equal keys: to find duplicates and order results.
pub(crate) fn key_identity(table: &str, key: &Item) -> String {
    let mut attributes: Vec<(&String, &AttributeValue)> = key.iter().collect();
    attributes.sort_by(|a, b| a.0.cmp(b.0));
    format!("{table}\u{0}{attributes:?}")
}
