//! Typed expressions: field handles, conditions and update actions, rendered with
//! placeholders only (`#n0`, `:v0`): no name or value is ever spliced into an expression.

mod condition;
mod path;
mod update;

pub use condition::Contains;
pub use condition::{AttributeType, Condition, Size};
pub use path::{
    AttributePath, Check, DocumentPath, Field, KeyField, MapOf, Path, Segment, Writable,
};
pub use update::{Numeric, UpdateExpression};

use crate::error::{Error, Result};
use crate::limits;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::Serialize;
use std::collections::HashMap;

/// The longest expression string DynamoDB accepts, in bytes.
pub const MAX_EXPRESSION_LENGTH: usize = 4 * 1024;

/// The most operators and functions DynamoDB accepts in one expression.
pub const MAX_OPERATORS: usize = 300;

/// The most values one `IN` comparison may list.
pub const MAX_IN_OPERANDS: usize = 100;

/// A value on its way into an expression: serialized when the expression is built, its
/// serialization error kept until the request is made.
#[derive(Debug, Clone)]
pub(crate) struct Value(std::result::Result<AttributeValue, String>);

impl Value {
    pub(crate) fn of<T: Serialize + ?Sized>(value: &T) -> Self {
        Value(crate::codec::to_attribute_value(value).map_err(|error| error.to_string()))
    }

    /// A value for the attribute `path` names, in the attribute's [`Storage`](crate::Storage).
    pub(crate) fn for_attribute<T: Serialize + ?Sized, M>(
        value: &T,
        path: &impl AttributePath<M>,
    ) -> Self {
        let storage = path.storage();
        Value(Value::of(value).0.map(|value| storage.store(value)))
    }

    /// A value that cannot be written, and why: reported when the request is made.
    pub(crate) fn invalid(reason: &str) -> Self {
        Value(Err(reason.to_owned()))
    }

    pub(crate) fn raw(value: AttributeValue) -> Self {
        Value(Ok(value))
    }

    /// Replaces the serialized value with `change(value)`; a serialization error stays.
    pub(crate) fn try_map(
        &mut self,
        change: impl FnOnce(AttributeValue) -> crate::Result<AttributeValue>,
    ) -> crate::Result<()> {
        if let Ok(value) = &mut self.0 {
            let taken = std::mem::replace(value, AttributeValue::Null(true));
            *value = change(taken)?;
        }
        Ok(())
    }

    /// The serialized value, or why it could not be serialized.
    pub(crate) fn get(&self) -> std::result::Result<&AttributeValue, &str> {
        self.0.as_ref().map_err(String::as_str)
    }
}

/// `ExpressionAttributeNames`: placeholder to attribute name.
pub(crate) type NameMap = HashMap<String, String>;

/// `ExpressionAttributeValues`: placeholder to value.
pub(crate) type ValueMap = HashMap<String, AttributeValue>;

/// Names and values of the expressions of one request, each given a placeholder once.
/// A request names a handful of attributes, so the names are kept in order of first use
/// (`#n0`, `#n1`, …) and looked up by scanning. Placeholders are written straight into the
/// expression that uses them; the maps' keys are made once, by [`finish`](Self::finish).
#[derive(Debug, Default)]
pub(crate) struct Placeholders {
    names: Vec<String>,
    values: Vec<AttributeValue>,
}

impl Placeholders {
    /// Makes room for `names` more names and `values` more values, so that the lists are
    /// allocated once rather than grown at every power of two.
    pub(crate) fn reserve(&mut self, names: usize, values: usize) {
        self.names.reserve(names);
        self.values.reserve(values);
    }

    /// `#nK` for an attribute name.
    pub(crate) fn name(&mut self, name: &str) -> Placeholder {
        let position = match self.names.iter().position(|known| known == name) {
            Some(position) => position,
            None => {
                self.names.push(name.to_owned());
                self.names.len() - 1
            }
        };
        Placeholder::name(position)
    }

    /// Appends `#n0.#n1[2]` for a document path to `out`.
    pub(crate) fn write_path(&mut self, path: &DocumentPath, out: &mut String) {
        for (step, segment) in path.0.iter().enumerate() {
            match segment {
                Segment::Attribute(name) => {
                    if step > 0 {
                        out.push('.');
                    }
                    self.name(name).write_to(out);
                }
                Segment::Index(index) => {
                    out.push('[');
                    out.push_str(itoa::Buffer::new().format(*index));
                    out.push(']');
                }
            }
        }
    }

    /// `:vK` for a value, checked against DynamoDB's limits.
    pub(crate) fn value(&mut self, value: Value, path: &DocumentPath) -> Result<Placeholder> {
        let value = value.0.map_err(|message| Error::InvalidExpression {
            reason: format!("the value for `{path}` cannot be serialized: {message}"),
        })?;
        limits::check_value(&value, || path.to_string()).map_err(|violation| {
            Error::InvalidExpression {
                reason: violation.to_string(),
            }
        })?;
        self.values.push(value);
        Ok(Placeholder::value(self.values.len() - 1))
    }

    /// The maps to send: `ExpressionAttributeNames` and `ExpressionAttributeValues`, `None`
    /// for one without placeholders (not made empty: a map seeds its hasher, which a put
    /// without a condition would pay for twice).
    pub(crate) fn finish(self) -> (Option<NameMap>, Option<ValueMap>) {
        /// The map of `entries` by their placeholders, `None` when there are none.
        fn keyed<T>(
            entries: Vec<T>,
            placeholder: fn(usize) -> Placeholder,
        ) -> Option<HashMap<String, T>> {
            (!entries.is_empty()).then(|| {
                entries
                    .into_iter()
                    .enumerate()
                    .map(|(position, entry)| {
                        let mut key = String::with_capacity(PLACEHOLDER_CAPACITY);
                        placeholder(position).write_to(&mut key);
                        (key, entry)
                    })
                    .collect()
            })
        }
        (
            keyed(self.names, Placeholder::name),
            keyed(self.values, Placeholder::value),
        )
    }
}

/// The bytes of a placeholder key up to `#n999` or `:v999`: the map's keys are allocated
/// once each, at their size.
const PLACEHOLDER_CAPACITY: usize = 5;

/// A placeholder, `#nK` for a name or `:vK` for a value: written where it stands, with no
/// string of its own.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placeholder {
    prefix: &'static str,
    position: usize,
}

impl Placeholder {
    /// `#nK`, the placeholder of the name at `position` in [`Placeholders`]' list.
    fn name(position: usize) -> Self {
        Placeholder {
            prefix: "#n",
            position,
        }
    }

    /// `:vK`, the placeholder of the value at `position` in [`Placeholders`]' list.
    fn value(position: usize) -> Self {
        Placeholder {
            prefix: ":v",
            position,
        }
    }

    /// Appends the placeholder to `out`, without the formatting machinery `write!` runs.
    pub(crate) fn write_to(self, out: &mut String) {
        // Writing to a `String` cannot fail.
        let _ = self.write(out);
    }

    /// Writes the placeholder to `out`: what [`write_to`](Self::write_to) and `Display` share.
    fn write(self, out: &mut impl std::fmt::Write) -> std::fmt::Result {
        out.write_str(self.prefix)?;
        out.write_str(itoa::Buffer::new().format(self.position))
    }
}

impl std::fmt::Display for Placeholder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write(f)
    }
}

/// Checks an expression string against DynamoDB's length and operator limits.
pub(crate) fn check_expression(kind: &str, expression: &str, operators: usize) -> Result<()> {
    if expression.len() > MAX_EXPRESSION_LENGTH {
        return Err(Error::InvalidExpression {
            reason: format!(
                "the {kind} expression is {} bytes; DynamoDB accepts at most {MAX_EXPRESSION_LENGTH}",
                expression.len()
            ),
        });
    }
    if operators > MAX_OPERATORS {
        return Err(Error::InvalidExpression {
            reason: format!(
                "the {kind} expression has {operators} operators; DynamoDB accepts at most {MAX_OPERATORS}"
            ),
        });
    }
    Ok(())
}

/// A value that can stand for an attribute of type `T` in a condition or update: a `T`
/// itself, or a borrowed spelling of it (`&str` for `String`).
///
/// Unlike `Into<T>`, it lets integer literals take the attribute's type:
/// `User::AGE.eq(36)` compares with a `u32` when `age` is a `u32`.
///
/// ```
/// use dynamoxide::expr::IntoValue;
/// let name: String = "Ada".into_value();
/// let age: u32 = 36.into_value();
/// ```
#[diagnostic::on_unimplemented(
    message = "a `{Self}` cannot stand for an attribute of type `{T}`",
    label = "expected a value of the attribute's type `{T}`"
)]
pub trait IntoValue<T> {
    /// Converts into the attribute's type.
    fn into_value(self) -> T;
}

impl<T> IntoValue<T> for T {
    fn into_value(self) -> T {
        self
    }
}

impl IntoValue<String> for &str {
    fn into_value(self) -> String {
        self.to_owned()
    }
}

impl IntoValue<String> for &String {
    fn into_value(self) -> String {
        self.clone()
    }
}

impl IntoValue<serde_bytes::ByteBuf> for Vec<u8> {
    fn into_value(self) -> serde_bytes::ByteBuf {
        serde_bytes::ByteBuf::from(self)
    }
}

impl IntoValue<serde_bytes::ByteBuf> for &[u8] {
    fn into_value(self) -> serde_bytes::ByteBuf {
        serde_bytes::ByteBuf::from(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_are_sent_only_with_placeholders_in_them() {
        // DynamoDB rejects an empty `ExpressionAttributeNames` or `ExpressionAttributeValues`.
        assert_eq!(Placeholders::default().finish(), (None, None));
        let mut named = Placeholders::default();
        assert_eq!(named.name("status").to_string(), "#n0");
        assert_eq!(named.name("status").to_string(), "#n0");
        let (names, values) = named.finish();
        assert_eq!(
            names,
            Some(NameMap::from([("#n0".to_owned(), "status".to_owned())]))
        );
        assert_eq!(values, None);
        let mut valued = Placeholders::default();
        let placeholder = valued
            .value(
                Value::raw(AttributeValue::N("1".into())),
                &DocumentPath::attribute("n"),
            )
            .unwrap();
        assert_eq!(placeholder.to_string(), ":v0");
        let (names, values) = valued.finish();
        assert_eq!(names, None);
        assert_eq!(
            values,
            Some(ValueMap::from([(
                ":v0".to_owned(),
                AttributeValue::N("1".into())
            )]))
        );
    }
}
