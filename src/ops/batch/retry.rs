//! How batches retry: capped exponential backoff with full jitter, for a bounded number of
//! retries.

use aws_sdk_dynamodb::config::retry::{RetryConfig, RetryPartition, TokenBucket};
use std::time::Duration;

/// How a batch retries what DynamoDB leaves unprocessed, throttles, or does not answer.
///
/// The n-th retry of a chunk waits a random time between zero and
/// `min(max_delay, base_delay × 2ⁿ⁻¹)` (AWS's "full jitter"), so many clients backing off at
/// once spread out instead of retrying together; the SDK counts its retries of a chunk's
/// first request, the batch its own.
///
/// - The first request of each chunk (25 writes or 100 keys), when it fails as a whole
///   (throttled, a server error, a dropped connection or a timeout), is resent by the SDK up
///   to `max_retries` times. The SDK resends the bytes it already serialized, so a batch
///   keeps no copy of its writes. No retry quota cuts these retries short.
/// - What DynamoDB leaves unprocessed is sent again by the batch while each request makes
///   progress, and at most `max_retries` times in a row without any. The batch keeps these
///   few writes or keys until they are answered, and resends them itself when a request
///   carrying them fails as a whole.
///
/// A chunk whose first request needed every SDK retry and whose answer then left everything
/// unprocessed is thus sent at most `2 × max_retries + 1` times in a row without progress.
///
/// ```
/// use dynamoxide::ops::RetryPolicy;
/// use std::time::Duration;
///
/// let patient = RetryPolicy::default().max_retries(20).max_delay(Duration::from_secs(10));
/// let none = RetryPolicy::none(); // report unprocessed items at once
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    max_delay: Duration,
}

impl Default for RetryPolicy {
    /// 10 retries per request, from 50 ms up to 5 s.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 10,
            base_delay: Duration::from_millis(50),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// No retries: whatever the first attempt leaves undone is reported.
    ///
    /// ```
    /// assert_eq!(dynamoxide::ops::RetryPolicy::none().retries(), 0);
    /// ```
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Gives up after `n` retries in a row that made no progress (0: never retry); the SDK
    /// resends a chunk's first request up to `n` times on top, as the type's docs say.
    ///
    /// ```
    /// assert_eq!(dynamoxide::ops::RetryPolicy::default().max_retries(3).retries(), 3);
    /// ```
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// The delay cap of the first retry, doubled for each later one.
    ///
    /// ```
    /// use std::time::Duration;
    /// let fast = dynamoxide::ops::RetryPolicy::default().base_delay(Duration::from_millis(5));
    /// ```
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest wait before a retry.
    ///
    /// ```
    /// use std::time::Duration;
    /// let capped = dynamoxide::ops::RetryPolicy::default().max_delay(Duration::from_secs(1));
    /// ```
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// How many retries in a row without progress are allowed.
    ///
    /// ```
    /// assert_eq!(dynamoxide::ops::RetryPolicy::default().retries(), 10);
    /// ```
    pub fn retries(&self) -> u32 {
        self.max_retries
    }

    /// The SDK retry configuration that resends whole requests under this policy.
    pub(crate) fn sdk_retry_config(&self) -> RetryConfig {
        RetryConfig::standard()
            .with_max_attempts(self.max_retries.saturating_add(1))
            .with_initial_backoff(self.base_delay)
            .with_max_backoff(self.max_delay)
    }

    /// A retry partition of its own with no retry quota: the policy alone bounds the
    /// retries, and batches never spend the quota of the caller's other requests.
    pub(crate) fn sdk_retry_partition() -> RetryPartition {
        RetryPartition::custom("dynamoxide-batch")
            .token_bucket(TokenBucket::unlimited())
            .build()
    }

    /// The retries of one request under this policy.
    pub(crate) fn attempts(self) -> Attempts {
        Attempts {
            policy: self,
            left: self.max_retries,
            retry: 0,
        }
    }

    /// Waits before retry number `retry` (from 1).
    async fn wait(&self, retry: u32) {
        let exponent = retry.saturating_sub(1).min(31);
        let cap = self
            .base_delay
            .saturating_mul(1 << exponent)
            .min(self.max_delay);
        let jittered = cap.mul_f64(fastrand::f64());
        tokio::time::sleep(jittered).await;
    }
}

/// The retry budget of one request: refilled by progress, spent by retries; the backoff
/// keeps growing either way.
pub(crate) struct Attempts {
    policy: RetryPolicy,
    left: u32,
    retry: u32,
}

impl Attempts {
    /// After a round that left work undone: waits and returns `true` to retry, or returns
    /// `false` when the budget is spent.
    pub(crate) async fn retry_after(&mut self, progressed: bool) -> bool {
        if progressed {
            self.left = self.policy.max_retries;
        }
        if self.left == 0 {
            return false;
        }
        self.left -= 1;
        self.retry += 1;
        self.policy.wait(self.retry).await;
        true
    }
}
