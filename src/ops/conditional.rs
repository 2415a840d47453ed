//! What conditional writes share: the condition expression (the caller's condition, the
//! existence check of `create`, the version check of optimistic locking) and the typed error
//! a failed check becomes.

use crate::error::{Error, Result};
use crate::expr::{Condition, Placeholder, Placeholders};
use crate::model::{Model, ModelKey};
use crate::Item;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::delete_item::DeleteItemError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValuesOnConditionCheckFailure};

/// What a write with `condition` asks DynamoDB to send back when its check fails: the item
/// found (`ALL_OLD`), which the typed error carries, or nothing when there is no check to
/// fail (the request is then a little smaller).
pub(crate) fn item_on_failed_check(
    condition: Option<&str>,
) -> Option<ReturnValuesOnConditionCheckFailure> {
    condition.map(|_| ReturnValuesOnConditionCheckFailure::AllOld)
}

/// The parts of one request's condition, joined with AND.
#[derive(Default)]
pub(crate) struct ConditionParts {
    parts: Vec<String>,
    /// The version the stored item must have (0: there must be no item).
    pub(crate) expected_version: Option<u64>,
}

impl ConditionParts {
    /// No item with the key, or only one whose `#[dynamo(ttl)]` has passed (reads treat it as
    /// gone, so a write that creates may replace it).
    pub(crate) fn require_absent<M: Model>(&mut self, placeholders: &mut Placeholders) {
        let name = placeholders.name(M::SCHEMA.hash_key.name);
        self.parts.push(match ttl_and_now::<M>(placeholders) {
            None => format!("attribute_not_exists({name})"),
            Some((_, ttl, now)) => format!("(attribute_not_exists({name}) OR {ttl} <= {now})"),
        });
    }

    /// An item with the key must exist, and not one whose `#[dynamo(ttl)]` has passed (a TTL
    /// that is not a number never expires, as reads see it).
    pub(crate) fn require_present<M: Model>(&mut self, placeholders: &mut Placeholders) {
        let name = placeholders.name(M::SCHEMA.hash_key.name);
        let part = match ttl_and_now::<M>(placeholders) {
            None => format!("attribute_exists({name})"),
            Some((attribute, ttl, now)) => {
                let number = placeholders
                    .value(
                        crate::expr::Value::raw(AttributeValue::S("N".to_owned())),
                        &crate::expr::DocumentPath::attribute(attribute),
                    )
                    .expect("a string is a valid value");
                format!(
                    "attribute_exists({name}) AND (attribute_not_exists({ttl}) OR \
                     NOT attribute_type({ttl}, {number}) OR {ttl} > {now})"
                )
            }
        };
        self.parts.push(part);
    }

    /// For a model with an entity type: no item, or one of this model's. A write never
    /// changes or removes another model's item that happens to have the same key.
    pub(crate) fn require_own_entity<M: Model>(&mut self, placeholders: &mut Placeholders) {
        let Some(entity) = M::SCHEMA.entity else {
            return;
        };
        let key = placeholders.name(M::SCHEMA.hash_key.name);
        let attribute = placeholders.name(entity.attribute);
        let name = placeholders
            .value(
                crate::expr::Value::raw(AttributeValue::S(entity.name.to_owned())),
                &crate::expr::DocumentPath::attribute(entity.attribute),
            )
            .expect("a string is a valid value");
        self.parts.push(format!(
            "attribute_not_exists({key}) OR {attribute} = {name}"
        ));
    }

    /// The stored version must be `expected` (no item at all when it is 0).
    pub(crate) fn require_version<M: Model>(
        &mut self,
        placeholders: &mut Placeholders,
        expected: u64,
    ) -> Result<()> {
        let Some(version) = M::SCHEMA.version else {
            return Err(Error::InvalidExpression {
                reason: format!(
                    "`{}` has no #[dynamo(version)] attribute",
                    M::SCHEMA.model_name
                ),
            });
        };
        self.expected_version = Some(expected);
        if expected == 0 {
            self.require_absent::<M>(placeholders);
        } else {
            let name = placeholders.name(version);
            let path = crate::expr::DocumentPath::attribute(version);
            let value = placeholders.value(
                crate::expr::Value::raw(AttributeValue::N(expected.to_string())),
                &path,
            )?;
            self.parts.push(format!("{name} = {value}"));
        }
        Ok(())
    }

    /// The caller's own condition.
    pub(crate) fn add<M>(
        &mut self,
        condition: &Condition<M>,
        placeholders: &mut Placeholders,
    ) -> Result<()> {
        self.parts.push(condition.render(placeholders)?);
        Ok(())
    }

    /// The `ConditionExpression` to send, if any: the parts, each in parentheses when there
    /// are several, joined with AND (written into one string of their joint length).
    pub(crate) fn into_expression(mut self) -> Option<String> {
        if self.parts.len() <= 1 {
            return self.parts.pop();
        }
        let length = self.parts.iter().map(String::len).sum::<usize>();
        let mut expression = String::with_capacity(length + self.parts.len() * " AND ()".len());
        for (index, part) in self.parts.iter().enumerate() {
            if index > 0 {
                expression.push_str(" AND ");
            }
            expression.push('(');
            expression.push_str(part);
            expression.push(')');
        }
        Some(expression)
    }
}

/// The model's `#[dynamo(ttl)]` attribute, when it has one, with the placeholders of its name
/// and of the time now in epoch seconds.
fn ttl_and_now<M: Model>(
    placeholders: &mut Placeholders,
) -> Option<(&'static str, Placeholder, Placeholder)> {
    let ttl = M::SCHEMA.ttl?;
    let name = placeholders.name(ttl);
    let now = placeholders
        .value(
            crate::expr::Value::raw(AttributeValue::N(
                crate::timestamp::now_epoch_seconds().to_string(),
            )),
            &crate::expr::DocumentPath::attribute(ttl),
        )
        .expect("a number is a valid value");
    Some((ttl, name, now))
}

/// The `ConditionExpression` of a write by key: the item's existence when the write needs
/// it, that an item there is this model's, the expected version, then the caller's
/// condition.
pub(crate) fn keyed_write_condition<M: Model>(
    must_exist: bool,
    expected_version: Option<u64>,
    condition: Option<&Condition<M>>,
    placeholders: &mut Placeholders,
) -> Result<Option<String>> {
    let mut parts = ConditionParts::default();
    if must_exist {
        parts.require_present::<M>(placeholders);
    }
    parts.require_own_entity::<M>(placeholders);
    if let Some(version) = expected_version {
        parts.require_version::<M>(placeholders, version)?;
    }
    if let Some(condition) = condition {
        parts.add(condition, placeholders)?;
    }
    Ok(parts.into_expression())
}

/// `existing AND condition`, or `condition` alone.
pub(crate) fn and_condition<M>(
    existing: Option<Condition<M>>,
    condition: Condition<M>,
) -> Option<Condition<M>> {
    Some(match existing {
        Some(existing) => existing.and(condition),
        None => condition,
    })
}

/// An SDK error of a write that may carry a failed condition check.
pub(crate) trait ConditionalWriteError:
    ProvideErrorMetadata + std::error::Error + Send + Sync + Sized + 'static
{
    /// The stored item DynamoDB returned when this is a failed condition check; otherwise
    /// the error itself.
    fn into_failed_check(self) -> std::result::Result<Option<Item>, Self>;
}

macro_rules! conditional_write_errors {
    ($($error:ty),*) => {
        $(impl ConditionalWriteError for $error {
            fn into_failed_check(self) -> std::result::Result<Option<Item>, Self> {
                match self {
                    Self::ConditionalCheckFailedException(exception) => Ok(exception.item),
                    other => Err(other),
                }
            }
        })*
    };
}

conditional_write_errors!(PutItemError, DeleteItemError, UpdateItemError);

/// The typed error for a failed write: `on_failed_check` builds it from the stored item
/// when a condition did not hold; every other failure is classified as usual.
pub(crate) fn write_failure<E, R>(
    operation: &'static str,
    table: &str,
    error: SdkError<E, R>,
    on_failed_check: impl FnOnce(Option<Item>) -> Error,
) -> Error
where
    E: ConditionalWriteError,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    match error {
        SdkError::ServiceError(failure) => match failure.into_err().into_failed_check() {
            Ok(current) => on_failed_check(current),
            Err(other) => Error::from_service(operation, table, other),
        },
        other => Error::from_sdk(operation, table, other),
    }
}

/// The version stored in `item`, as optimistic locking reads it (0 when missing).
pub(crate) fn stored_version<M: Model>(item: &Item) -> Option<u64> {
    let attribute = M::SCHEMA.version?;
    match item.get(attribute) {
        Some(AttributeValue::N(number)) => number.parse().ok(),
        _ => Some(0),
    }
}

/// The typed error for a failed condition check, from the item DynamoDB returned: for a
/// write that needs the item (`must_exist`), [`Error::NotFound`] with `key` when there is
/// none.
pub(crate) fn condition_failed<M: Model>(
    table: &str,
    key: &M::Key,
    must_exist: bool,
    expected_version: Option<u64>,
    current: Option<Item>,
) -> Error {
    let current = current.filter(|item| !item.is_empty());
    if let Some(Err(wrong)) = current.as_ref().map(crate::codec::check_entity::<M>) {
        return wrong;
    }
    if must_exist && current.as_ref().is_none_or(crate::codec::is_expired::<M>) {
        return match key.to_item() {
            Ok(key) => Error::NotFound {
                table: table.to_owned(),
                key,
            },
            Err(invalid) => invalid,
        };
    }
    if let Some(expected) = expected_version {
        let stored = current.as_ref().and_then(stored_version::<M>);
        // Version 0 means "no stored item": any stored item is a conflict.
        let matches = match (&current, stored) {
            (None, _) => expected == 0,
            (Some(_), _) if expected == 0 => false,
            (Some(_), stored) => stored == Some(expected),
        };
        if !matches {
            return Error::VersionConflict {
                table: table.to_owned(),
                expected,
                stored,
                current: current.map(Box::new),
            };
        }
    }
    Error::ConditionFailed {
        table: table.to_owned(),
        current: current.map(Box::new),
    }
}
