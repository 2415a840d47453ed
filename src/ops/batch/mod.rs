//! Batch reads and writes of any size: split into DynamoDB's request sizes (100 keys, 25
//! writes), several requests in flight, and what DynamoDB leaves unprocessed retried with
//! capped exponential backoff and full jitter until done or until the retry budget is spent
//! — then an error names exactly what was not done.

/// Sends a batch request built on `db.batch_client()` with the SDK's retries off: the
/// batch retries by its own policy. The request types of gets and writes differ, hence a
/// macro.
macro_rules! send_without_sdk_retries {
    ($db:expr, $request:expr) => {
        async {
            let request = $request;
            if $db.batch_overrides_retries() {
                request
                    .customize()
                    .config_override(crate::transport::without_sdk_retries())
                    .send()
                    .await
            } else {
                request.send().await
            }
        }
    };
}

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

/// A key as bytes that are equal for equal keys: to find duplicates and order results. Each
/// part is length-prefixed, so different keys never collide.
pub(crate) fn key_identity(table: &str, key: &Item) -> Vec<u8> {
    fn push(identity: &mut Vec<u8>, part: &[u8]) {
        identity.extend_from_slice(&part.len().to_le_bytes());
        identity.extend_from_slice(part);
    }
    let mut attributes: Vec<(&String, &AttributeValue)> = key.iter().collect();
    attributes.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut identity = Vec::with_capacity(64);
    push(&mut identity, table.as_bytes());
    for (name, value) in attributes {
        push(&mut identity, name.as_bytes());
        let (tag, bytes) = match value {
            AttributeValue::S(text) => (b'S', text.as_bytes()),
            AttributeValue::N(number) => (b'N', number.as_bytes()),
            AttributeValue::B(blob) => (b'B', blob.as_ref()),
            // Not a key type: checked keys never get here; keep it apart all the same.
            _ => (b'?', crate::codec::type_name(value).as_bytes()),
        };
        identity.push(tag);
        push(&mut identity, bytes);
    }
    identity
}
