//! Times the schema writes by itself: `#[dynamo(created_at)]`, `#[dynamo(updated_at)]`
//! and the `#[dynamo(ttl)]` expiry.
//!
//! A timestamp field may be a `chrono::DateTime<Utc>` (feature `chrono`), a
//! `time::OffsetDateTime` (feature `time`), a [`SystemTime`], or an `i64`/`u64` epoch
//! count, in seconds unless the field says `created_at(millis)`. Date types are stored as
//! serde writes them (chrono's and time's as strings, `SystemTime` as a map).
//!
//! | operation | `created_at` | `updated_at` |
//! |---|---|---|
//! | `create` (also in a transaction) | now | now |
//! | `put`, batch put, transaction put | kept as the model holds it; now when the field is `None` | now |
//! | `update` (also in a transaction) | untouched | now, in the same request |
//!
//! A `ttl` field is always stored as a number of epoch seconds (DynamoDB's TTL format),
//! whatever its type, and read back into its type.
//!
//! ```
//! use dynamoxide::Model;
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Model, Serialize, Deserialize)]
//! #[dynamo(table = "sessions")]
//! struct Session {
//!     #[dynamo(hash_key)]
//!     id: String,
//!     #[dynamo(created_at)]
//!     created_at: Option<u64>,
//!     #[dynamo(updated_at(millis))]
//!     updated_at: i64,
//!     #[dynamo(ttl)]
//!     expires_at: std::time::SystemTime,
//! }
//! ```

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The unit of an integer timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpochUnit {
    /// Seconds since 1970-01-01T00:00:00Z.
    Seconds,
    /// Milliseconds since 1970-01-01T00:00:00Z.
    Millis,
}

/// A type a timestamp or TTL field may have.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a timestamp or TTL field",
    label = "not a time type",
    note = "use i64 or u64 (epoch seconds or millis), SystemTime, chrono::DateTime<Utc> (feature `chrono`) or time::OffsetDateTime (feature `time`)"
)]
pub trait Timestamp: Sized {
    /// The time `since_epoch` after 1970-01-01T00:00:00Z, counted in `unit` when the type
    /// is an integer. Saturates rather than wrapping.
    fn from_since_epoch(since_epoch: Duration, unit: EpochUnit) -> Self;

    /// Whole seconds since 1970-01-01T00:00:00Z (negative before).
    fn epoch_seconds(&self, unit: EpochUnit) -> i64;

    /// The time `seconds` after the epoch.
    fn from_epoch_seconds(seconds: i64, unit: EpochUnit) -> Self;

    /// Now.
    fn now(unit: EpochUnit) -> Self {
        Self::from_since_epoch(since_epoch(), unit)
    }
}

/// How long since the epoch it is now (zero on a clock set before 1970).
pub(crate) fn since_epoch() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// Whole seconds since the epoch, now.
pub(crate) fn now_epoch_seconds() -> i64 {
    i64::try_from(since_epoch().as_secs()).unwrap_or(i64::MAX)
}

fn count(since_epoch: Duration, unit: EpochUnit) -> u128 {
    match unit {
        EpochUnit::Seconds => u128::from(since_epoch.as_secs()),
        EpochUnit::Millis => since_epoch.as_millis(),
    }
}

fn per_second(unit: EpochUnit) -> i64 {
    match unit {
        EpochUnit::Seconds => 1,
        EpochUnit::Millis => 1_000,
    }
}

impl Timestamp for i64 {
    fn from_since_epoch(since_epoch: Duration, unit: EpochUnit) -> Self {
        i64::try_from(count(since_epoch, unit)).unwrap_or(i64::MAX)
    }
    fn epoch_seconds(&self, unit: EpochUnit) -> i64 {
        self.div_euclid(per_second(unit))
    }
    fn from_epoch_seconds(seconds: i64, unit: EpochUnit) -> Self {
        seconds.saturating_mul(per_second(unit))
    }
}

impl Timestamp for u64 {
    fn from_since_epoch(since_epoch: Duration, unit: EpochUnit) -> Self {
        u64::try_from(count(since_epoch, unit)).unwrap_or(u64::MAX)
    }
    fn epoch_seconds(&self, unit: EpochUnit) -> i64 {
        i64::try_from(*self / per_second(unit).unsigned_abs()).unwrap_or(i64::MAX)
    }
    fn from_epoch_seconds(seconds: i64, unit: EpochUnit) -> Self {
        u64::try_from(seconds)
            .unwrap_or(0)
            .saturating_mul(per_second(unit).unsigned_abs())
    }
}

impl Timestamp for SystemTime {
    fn from_since_epoch(since_epoch: Duration, _unit: EpochUnit) -> Self {
        UNIX_EPOCH
            .checked_add(since_epoch)
            .unwrap_or_else(latest_system_time)
    }
    fn epoch_seconds(&self, _unit: EpochUnit) -> i64 {
        match self.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            Err(before) => {
                let before = before.duration();
                let whole = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
                if before.subsec_nanos() > 0 {
                    -whole - 1
                } else {
                    -whole
                }
            }
        }
    }
    fn from_epoch_seconds(seconds: i64, _unit: EpochUnit) -> Self {
        let magnitude = Duration::from_secs(seconds.unsigned_abs());
        if seconds >= 0 {
            UNIX_EPOCH
                .checked_add(magnitude)
                .unwrap_or_else(latest_system_time)
        } else {
            UNIX_EPOCH.checked_sub(magnitude).unwrap_or(UNIX_EPOCH)
        }
    }
}

/// The latest time `SystemTime` holds on every platform, far enough for any expiry
/// (9999-12-31, which Windows also represents).
fn latest_system_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(253_402_300_799)
}

#[cfg(feature = "chrono")]
impl Timestamp for chrono::DateTime<chrono::Utc> {
    fn from_since_epoch(since_epoch: Duration, _unit: EpochUnit) -> Self {
        chrono::DateTime::<chrono::Utc>::UNIX_EPOCH
            + chrono::TimeDelta::from_std(since_epoch).unwrap_or(chrono::TimeDelta::MAX)
    }
    fn epoch_seconds(&self, _unit: EpochUnit) -> i64 {
        self.timestamp()
    }
    fn from_epoch_seconds(seconds: i64, _unit: EpochUnit) -> Self {
        chrono::DateTime::from_timestamp(seconds, 0).unwrap_or(if seconds < 0 {
            chrono::DateTime::<chrono::Utc>::MIN_UTC
        } else {
            chrono::DateTime::<chrono::Utc>::MAX_UTC
        })
    }
}

#[cfg(feature = "time")]
impl Timestamp for time::OffsetDateTime {
    fn from_since_epoch(since_epoch: Duration, _unit: EpochUnit) -> Self {
        time::OffsetDateTime::UNIX_EPOCH
            .checked_add(time::Duration::try_from(since_epoch).unwrap_or(time::Duration::MAX))
            .unwrap_or(time::PrimitiveDateTime::MAX.assume_utc())
    }
    fn epoch_seconds(&self, _unit: EpochUnit) -> i64 {
        self.unix_timestamp()
    }
    fn from_epoch_seconds(seconds: i64, _unit: EpochUnit) -> Self {
        time::OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(if seconds < 0 {
            time::PrimitiveDateTime::MIN.assume_utc()
        } else {
            time::PrimitiveDateTime::MAX.assume_utc()
        })
    }
}

/// Whether a stored TTL value says the item has expired (a number of epoch seconds not
/// after now). Anything else (missing, not a number) never expires, as in DynamoDB.
pub(crate) fn is_expired(value: Option<&aws_sdk_dynamodb::types::AttributeValue>) -> bool {
    let Some(aws_sdk_dynamodb::types::AttributeValue::N(number)) = value else {
        return false;
    };
    match number.parse::<f64>() {
        Ok(expiry) => expiry <= now_epoch_seconds() as f64,
        Err(_) => false,
    }
}

/// What generated code calls. Not public API.
#[doc(hidden)]
pub mod generated {
    use super::{EpochUnit, Timestamp};
    use crate::codec::{encode_attribute, Direction};
    use crate::{Error, Item, Model, Result};
    use aws_sdk_dynamodb::types::AttributeValue;
    use serde::Serialize;

    /// Now, as attribute `name` of `M` (of type `T`) stores it.
    pub fn now_attribute<M: Model, T: Timestamp + Serialize>(
        unit: EpochUnit,
        name: &str,
    ) -> Result<AttributeValue> {
        encode_attribute::<M, T>(&T::now(unit), name)
    }

    /// A TTL as DynamoDB reads it: a number of epoch seconds.
    pub fn ttl_attribute<T: Timestamp>(value: &T) -> AttributeValue {
        AttributeValue::N(value.epoch_seconds(EpochUnit::Seconds).to_string())
    }

    /// Turns the stored TTL seconds of attribute `name` back into `T`'s serde form.
    pub fn ttl_for_read<M: Model, T: Timestamp + Serialize>(
        item: &mut Item,
        name: &str,
    ) -> Result<()> {
        let Some(AttributeValue::N(number)) = item.get(name) else {
            return Ok(());
        };
        let seconds = match number.parse::<i64>() {
            Ok(seconds) => seconds,
            Err(_) => match number.parse::<f64>() {
                Ok(seconds) if seconds.is_finite() => seconds.floor() as i64,
                _ => {
                    return Err(Error::Codec {
                        direction: Direction::Read,
                        model: M::SCHEMA.model_name,
                        attribute: Some(name.to_owned()),
                        message: format!("`{number}` is not a TTL in epoch seconds"),
                        source: None,
                    })
                }
            },
        };
        let value =
            encode_attribute::<M, T>(&T::from_epoch_seconds(seconds, EpochUnit::Seconds), name)?;
        item.insert(name.to_owned(), value);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_count_in_their_unit_and_round_down_to_seconds() {
        let since = Duration::from_millis(1_700_000_000_123);
        assert_eq!(
            i64::from_since_epoch(since, EpochUnit::Seconds),
            1_700_000_000
        );
        assert_eq!(
            u64::from_since_epoch(since, EpochUnit::Millis),
            1_700_000_000_123
        );
        assert_eq!(
            1_700_000_000_123i64.epoch_seconds(EpochUnit::Millis),
            1_700_000_000
        );
        assert_eq!((-1i64).epoch_seconds(EpochUnit::Millis), -1);
        assert_eq!(u64::from_epoch_seconds(-5, EpochUnit::Seconds), 0);
        assert_eq!(i64::from_epoch_seconds(7, EpochUnit::Millis), 7_000);
    }

    #[test]
    fn system_times_convert_both_ways_around_the_epoch() {
        for seconds in [-86_400, -1, 0, 1, 1_700_000_000] {
            let time = SystemTime::from_epoch_seconds(seconds, EpochUnit::Seconds);
            assert_eq!(time.epoch_seconds(EpochUnit::Seconds), seconds);
        }
        let half_before = UNIX_EPOCH - Duration::from_millis(500);
        assert_eq!(half_before.epoch_seconds(EpochUnit::Seconds), -1);
    }

    #[test]
    fn expiry_is_a_number_of_seconds_not_after_now() {
        use aws_sdk_dynamodb::types::AttributeValue;
        let now = now_epoch_seconds();
        assert!(is_expired(Some(&AttributeValue::N((now - 1).to_string()))));
        assert!(!is_expired(Some(&AttributeValue::N(
            (now + 60).to_string()
        ))));
        assert!(!is_expired(Some(&AttributeValue::S("0".into()))));
        assert!(!is_expired(None));
    }
}
