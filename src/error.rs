//! One error type for every dynamoxide operation.
//!
//! Failures a caller can act on have their own variant (an item that already exists, a
//! throttled request, a missing table, an item over DynamoDB's size limit, ...). Everything
//! else the service says arrives as [`Error::Service`] with the SDK error kept as its source.

use crate::Item;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use std::error::Error as StdError;

/// The result type of every dynamoxide operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in dynamoxide.
///
/// ```
/// use dynamoxide::Error;
///
/// fn describe(error: &Error) -> &'static str {
///     match error {
///         Error::AlreadyExists { .. } => "pick another id",
///         Error::Throttled { .. } => "slow down and retry",
///         Error::InvalidKey { .. } | Error::InvalidItem { .. } => "fix the input",
///         _ => "see the message",
///     }
/// }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `create` found an item with the same key; nothing was written.
    #[error("an item with key {key:?} already exists in table `{table}`")]
    AlreadyExists {
        /// The table written to (with any prefix or suffix of the `Db`).
        table: String,
        /// The key of the item that exists.
        key: Item,
        /// The item as it is stored now, when the service returned it.
        existing: Option<Box<Item>>,
    },

    /// A write that needs the item (`patch`, `remove_if`) found none (or only one whose
    /// `#[dynamo(ttl)]` has passed); nothing was written.
    #[error("no item with key {key:?} in table `{table}`")]
    NotFound {
        /// The table written to.
        table: String,
        /// The key that has no item.
        key: Item,
    },

    /// A model's [`Hooks`](crate::Hooks) refused a write (`before_write`) or a read item
    /// (`after_read`). A refused write sent nothing.
    #[error("the `{hook}` hook of `{model}` failed: {source}")]
    Hook {
        /// The model's Rust name.
        model: &'static str,
        /// `before_write` or `after_read`.
        hook: &'static str,
        /// What the hook returned.
        #[source]
        source: Box<dyn StdError + Send + Sync>,
    },

    /// A write's condition did not hold; nothing was written.
    #[error("the condition on `{table}` did not hold")]
    ConditionFailed {
        /// The table written to.
        table: String,
        /// The item as it is stored now (`None` when there is none).
        current: Option<Box<Item>>,
    },

    /// The stored version of a versioned item is not the one the write expected; nothing
    /// was written. Read the item again and retry.
    #[error("version conflict on `{table}`: expected version {expected}, stored {}", stored_version(.stored))]
    VersionConflict {
        /// The table written to.
        table: String,
        /// The version the write expected (0: no stored item).
        expected: u64,
        /// The version stored now (`None` when there is no item).
        stored: Option<u64>,
        /// The item as it is stored now.
        current: Option<Box<Item>>,
    },

    /// A condition or update breaks a rule of DynamoDB's expressions (length, operator
    /// count, overlapping paths, a value it cannot store); nothing was sent.
    #[error("invalid expression: {reason}")]
    InvalidExpression {
        /// What is wrong.
        reason: String,
    },

    /// A pagination cursor could not be used: it is not one dynamoxide made, it was altered
    /// or truncated, or it belongs to another table, index, partition or request; nothing
    /// was sent.
    #[error("invalid cursor: {reason}")]
    InvalidCursor {
        /// What is wrong.
        reason: String,
    },

    /// A read's parameters break a rule of DynamoDB (a segment outside its scan, a
    /// `begins_with` on a number key); nothing was sent.
    #[error("invalid request: {reason}")]
    InvalidRequest {
        /// What is wrong.
        reason: String,
    },

    /// A batch gave up with entries left undone (DynamoDB left them unprocessed, or a
    /// request failed, more often than the retry policy allows). Every entry not listed was
    /// carried out; a listed write was made only when DynamoDB applied a request whose answer
    /// never arrived.
    #[error("`{operation}` left {} of {total} entries undone", unprocessed.len())]
    BatchIncomplete {
        /// `BatchGetItem` or `BatchWriteItem`.
        operation: &'static str,
        /// Entries in the batch (after duplicates were dropped); for a
        /// [`BatchWriter`](crate::ops::BatchWriter), the writes added so far.
        total: usize,
        /// The entries not confirmed as carried out.
        unprocessed: Vec<crate::ops::Unprocessed>,
        /// The last request failure, when requests failed rather than left entries unprocessed.
        #[source]
        source: Option<Box<Error>>,
    },

    /// DynamoDB cancelled a transaction: nothing of it was applied. `reasons` has one entry
    /// per action, in order; the actions that caused it are those with
    /// [`is_cause`](crate::ops::CancellationReason::is_cause).
    #[error("the transaction was cancelled: {}", cancellation_summary(.reasons))]
    TransactionCanceled {
        /// Why, action by action.
        reasons: Vec<crate::ops::CancellationReason>,
        /// The service's error.
        #[source]
        source: Box<dyn StdError + Send + Sync>,
    },

    /// A key is not one DynamoDB accepts (empty, of the wrong type, or missing an attribute).
    #[error("invalid key for `{model}`: attribute `{attribute}` {reason}")]
    InvalidKey {
        /// The model's Rust name.
        model: &'static str,
        /// The key attribute at fault.
        attribute: String,
        /// What is wrong with it.
        reason: String,
    },

    /// An item breaks a limit DynamoDB enforces; it was not sent.
    #[error("`{model}` cannot be stored: {violation}")]
    InvalidItem {
        /// The model's Rust name.
        model: &'static str,
        /// The broken limit.
        violation: crate::limits::LimitViolation,
    },

    /// The model broke its schema's validation rules; nothing was written. Every failing
    /// field is listed, in field order.
    #[error("`{model}` is invalid: {}", list_violations(.violations))]
    Validation {
        /// The model's Rust name.
        model: &'static str,
        /// Each failed rule, with the attribute's path.
        violations: Vec<crate::validate::Violation>,
    },

    /// Converting between a model and a stored item failed.
    #[error("cannot {direction} `{model}`{}: {message}", attribute_suffix(.attribute))]
    Codec {
        /// Whether the item was being written or read.
        direction: crate::codec::Direction,
        /// The model's Rust name.
        model: &'static str,
        /// The attribute path at fault (`address.zip`, `tags[2]`), when known.
        attribute: Option<String>,
        /// What went wrong.
        message: String,
        /// The underlying codec error.
        #[source]
        source: Option<crate::codec::CodecError>,
    },

    /// The table does not exist (or is not ACTIVE yet).
    #[error("table `{table}` does not exist")]
    TableNotFound {
        /// The table name the request used.
        table: String,
        /// The service error.
        #[source]
        source: Box<dyn StdError + Send + Sync>,
    },

    /// `create_table` found a table of that name already.
    #[error("table `{table}` already exists")]
    TableAlreadyExists {
        /// The table name.
        table: String,
        /// The service error.
        #[source]
        source: Box<dyn StdError + Send + Sync>,
    },

    /// A stored item belongs to another model of the same table: its entity-type attribute
    /// (`#[dynamo(entity)]`, implied by key templates) names another entity, or is missing.
    #[error("expected a `{expected}` item, found {}", found_entity(.found))]
    WrongEntity {
        /// The model that was read.
        model: &'static str,
        /// The entity name that model stores.
        expected: &'static str,
        /// The entity name the item holds, if any.
        found: Option<String>,
    },

    /// Models that share a table declare it differently (another key schema, an index of
    /// the same name with other keys, one attribute with two types...). Found before any
    /// request is sent.
    #[error("the models of table `{table}` disagree: {reason}")]
    TableConflict {
        /// The table name (before the `Db`'s prefix and suffix).
        table: String,
        /// What differs, naming the models.
        reason: String,
    },

    /// A table did not become ACTIVE within the time allowed.
    #[error("table `{table}` was not ACTIVE after {waited:?} (last status: {status})")]
    TableNotReady {
        /// The table name.
        table: String,
        /// How long dynamoxide waited.
        waited: std::time::Duration,
        /// The status DescribeTable reported last.
        status: String,
    },

    /// DynamoDB throttled the request after the SDK's own retries.
    #[error("`{operation}` on `{table}` was throttled ({code})")]
    Throttled {
        /// The DynamoDB operation.
        operation: &'static str,
        /// The table.
        table: String,
        /// The service's error code (`ThrottlingException`,
        /// `ProvisionedThroughputExceededException`, `RequestLimitExceeded`).
        code: String,
        /// The service error.
        #[source]
        source: Box<dyn StdError + Send + Sync>,
    },

    /// Any other failure of a request: the service's answer, a network or credentials
    /// failure, or a request the SDK could not build.
    #[error("`{operation}` on `{table}` failed{}", code_suffix(.code))]
    Service {
        /// The DynamoDB operation.
        operation: &'static str,
        /// The table.
        table: String,
        /// The service's error code, when the service answered.
        code: Option<String>,
        /// The SDK error.
        #[source]
        source: Box<dyn StdError + Send + Sync>,
    },

    /// Setting up a client or DynamoDB Local failed.
    #[error("{message}")]
    Setup {
        /// What failed.
        message: String,
        /// The cause, when there is one.
        #[source]
        source: Option<Box<dyn StdError + Send + Sync>>,
    },
}

fn found_entity(found: &Option<String>) -> String {
    match found {
        Some(found) => format!("a `{found}` item"),
        None => "an item without an entity type".to_owned(),
    }
}

fn stored_version(stored: &Option<u64>) -> String {
    match stored {
        Some(version) => version.to_string(),
        None => "none (no item)".to_owned(),
    }
}

fn attribute_suffix(attribute: &Option<String>) -> String {
    match attribute {
        Some(path) => format!(" at `{path}`"),
        None => String::new(),
    }
}

fn cancellation_summary(reasons: &[crate::ops::CancellationReason]) -> String {
    let causes: Vec<String> = reasons
        .iter()
        .filter(|reason| reason.is_cause())
        .map(|reason| {
            format!(
                "action {} on `{}`: {}",
                reason.index, reason.table, reason.code
            )
        })
        .collect();
    if causes.is_empty() {
        "no reason given".to_owned()
    } else {
        causes.join("; ")
    }
}

fn code_suffix(code: &Option<String>) -> String {
    match code {
        Some(code) => format!(": {code}"),
        None => String::new(),
    }
}

const THROTTLING_CODES: &[&str] = &[
    "ThrottlingException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
];

impl Error {
    /// The stored item a failed condition returned, read into model `M`: `None` when the
    /// error carries no item.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Error, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize, Debug)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String, age: u32 }
    /// # async fn run(db: Db, user: User) -> dynamoxide::Result<()> {
    /// if let Err(error) = db.put(&user).condition(User::AGE.lt(30)).await {
    ///     if let Some(current) = error.current_item::<User>() {
    ///         println!("stored now: {:?}", current?);
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn current_item<M: crate::Model>(&self) -> Option<Result<M>> {
        let item = match self {
            Error::ConditionFailed { current, .. } | Error::VersionConflict { current, .. } => {
                current.as_deref()
            }
            Error::AlreadyExists { existing, .. } => existing.as_deref(),
            _ => None,
        }?;
        Some(crate::codec::from_item(item.clone()))
    }

    /// Whether sending the same request again may succeed: throttling, a server error, or
    /// a request that did not reach the service or got no answer.
    pub(crate) fn is_retryable(&self) -> bool {
        match self {
            Error::Throttled { .. } => true,
            Error::Service { code, .. } => matches!(
                code.as_deref(),
                None | Some(
                    "InternalServerError"
                        | "ServiceUnavailable"
                        | "RequestTimeout"
                        | "RequestTimeoutException"
                )
            ),
            _ => false,
        }
    }

    /// Turns an SDK failure into the matching typed error.
    pub(crate) fn from_sdk<E, R>(
        operation: &'static str,
        table: &str,
        error: SdkError<E, R>,
    ) -> Self
    where
        E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
        R: std::fmt::Debug + Send + Sync + 'static,
    {
        let code = error.code().map(str::to_owned);
        Error::classify(operation, table, code, Box::new(error))
    }

    /// Turns an error the service answered with into the matching typed error.
    pub(crate) fn from_service<E>(operation: &'static str, table: &str, error: E) -> Self
    where
        E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    {
        let code = error.code().map(str::to_owned);
        Error::classify(operation, table, code, Box::new(error))
    }

    fn classify(
        operation: &'static str,
        table: &str,
        code: Option<String>,
        source: Box<dyn StdError + Send + Sync>,
    ) -> Self {
        let table = table.to_owned();
        match code.as_deref() {
            Some("ResourceNotFoundException") => Error::TableNotFound { table, source },
            Some(code) if THROTTLING_CODES.contains(&code) => Error::Throttled {
                operation,
                table,
                code: code.to_owned(),
                source,
            },
            _ => Error::Service {
                operation,
                table,
                code,
                source,
            },
        }
    }
}

fn list_violations(violations: &[crate::validate::Violation]) -> String {
    violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
