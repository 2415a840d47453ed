//! Batch reads and writes of any size: split into DynamoDB's request sizes (100 keys, 25
//! writes), several requests in flight, and what DynamoDB leaves unprocessed retried with
//! capped exponential backoff and full jitter until done or until the retry budget is spent
//! — then an error names exactly what was not done.

/// Sends a batch request built on a [`BatchSender`](crate::transport::BatchSender)'s client,
/// setting the policy's retries on the request when the client does not carry them. The
/// request types of gets and writes differ, hence a macro. The future is boxed where it is
/// made: the SDK's is kilobytes, which every wrapper and state machine around it would
/// otherwise copy.
macro_rules! send_batch {
    ($request:expr, $retries:expr) => {
        Box::pin(async {
            match $retries {
                None => $request.send().await,
                Some(retries) => $request.customize().config_override(retries).send().await,
            }
        })
    };
}

mod get;
mod identity;
mod retry;
mod write;
mod writer;

pub use get::BatchGet;
pub use retry::RetryPolicy;
pub use write::{BatchWrite, Progress};
pub use writer::BatchWriter;

pub(crate) use identity::KeyIdentity;

use crate::Item;

/// The most keys one `BatchGetItem` request reads.
pub const MAX_BATCH_GET: usize = 100;

/// The most writes one `BatchWriteItem` request makes.
pub const MAX_BATCH_WRITE: usize = 25;

/// How many batch requests are in flight at once unless told otherwise.
pub const DEFAULT_CONCURRENCY: usize = 8;

/// `items` in requests of up to `size`, each request's gathered when it is taken: a large
/// batch is moved into its requests as they are sent, not copied into all of them at once.
fn in_requests<T>(items: Vec<T>, size: usize) -> impl Iterator<Item = Vec<T>> {
    let mut items = items.into_iter().peekable();
    std::iter::from_fn(move || {
        items.peek()?;
        Some(items.by_ref().take(size).collect())
    })
}

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
    /// The item's key, its numbers in one spelling per value (`1.50` and `15E-1` are `1.5`).
    pub key: Item,
    /// What was asked.
    pub action: BatchAction,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_hold_up_to_their_size_in_the_order_given() {
        for (count, expected) in [
            (0, vec![]),
            (1, vec![1]),
            (100, vec![100]),
            (101, vec![100, 1]),
            (250, vec![100, 100, 50]),
        ] {
            let requests: Vec<Vec<usize>> = in_requests((0..count).collect(), 100).collect();
            let sizes: Vec<usize> = requests.iter().map(Vec::len).collect();
            assert_eq!(sizes, expected, "{count} keys");
            assert!(requests.into_iter().flatten().eq(0..count), "{count} keys");
        }
    }
}
