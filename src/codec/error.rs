//! The codec's own error: what went wrong converting one value, and the path of the
//! attribute it happened at (`address.zip`, `tags[2]`), collected as the error travels out
//! of nested values, so a successful conversion pays nothing for it.

use serde::{de, ser};
use std::fmt;

/// Why a value could not be converted to or from a DynamoDB attribute value, and where.
///
/// ```
/// use dynamoxide::{codec, Error, Model};
/// use dynamoxide::types::AttributeValue;
///
/// #[derive(Model, serde::Serialize, serde::Deserialize, Debug)]
/// #[dynamo(table = "users")]
/// struct User {
///     #[dynamo(hash_key)]
///     id: String,
///     scores: Vec<u32>,
/// }
///
/// let item = [
///     ("id".to_owned(), AttributeValue::S("u1".into())),
///     ("scores".to_owned(), AttributeValue::L(vec![AttributeValue::S("x".into())])),
/// ]
/// .into();
/// let Err(Error::Codec { source: Some(error), .. }) = codec::from_item::<User>(item) else {
///     panic!("expected a codec error");
/// };
/// assert_eq!(error.path().as_deref(), Some("scores[0]"));
/// assert_eq!(error.to_string(), "expected a number (N), found a string (S)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodecError {
    message: String,
    /// Innermost first: each enclosing map or list adds its segment on the way out.
    reversed_path: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

impl CodecError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        CodecError {
            message: message.into(),
            reversed_path: Vec::new(),
        }
    }

    /// The error, placed under the map key or struct field `key`.
    pub(crate) fn at_key(mut self, key: impl Into<String>) -> Self {
        self.reversed_path.push(Segment::Key(key.into()));
        self
    }

    /// The error, placed under position `index` of a list or set.
    pub(crate) fn at_index(mut self, index: usize) -> Self {
        self.reversed_path.push(Segment::Index(index));
        self
    }

    /// The path of the attribute at fault, `None` when the error concerns the whole value.
    ///
    /// ```
    /// use dynamoxide::{codec, Error, Model};
    ///
    /// #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// #[dynamo(table = "points")]
    /// struct Point {
    ///     #[dynamo(hash_key)]
    ///     id: String,
    ///     by_pair: std::collections::HashMap<(u8, u8), String>,
    /// }
    ///
    /// let point = Point { id: "p".into(), by_pair: [((1, 2), "x".into())].into() };
    /// let Err(Error::Codec { source: Some(error), .. }) = codec::to_item(&point) else {
    ///     panic!("a tuple cannot be a map key");
    /// };
    /// assert_eq!(error.path().as_deref(), Some("by_pair"));
    /// ```
    pub fn path(&self) -> Option<String> {
        if self.reversed_path.is_empty() {
            return None;
        }
        let mut rendered = String::new();
        for segment in self.reversed_path.iter().rev() {
            match segment {
                Segment::Key(key) => {
                    if !rendered.is_empty() {
                        rendered.push('.');
                    }
                    rendered.push_str(key);
                }
                Segment::Index(index) => {
                    rendered.push('[');
                    rendered.push_str(itoa::Buffer::new().format(*index));
                    rendered.push(']');
                }
            }
        }
        Some(rendered)
    }
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CodecError {}

impl ser::Error for CodecError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        CodecError::new(message.to_string())
    }
}

impl de::Error for CodecError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        CodecError::new(message.to_string())
    }

    /// A struct's field the stored map lacks, at the path of the attribute it is read from.
    fn missing_field(field: &'static str) -> Self {
        CodecError::new("the stored item has no such attribute").at_key(field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_keys_with_dots_and_positions_in_brackets() {
        let error = CodecError::new("bad")
            .at_key("zip")
            .at_index(2)
            .at_key("addresses");
        assert_eq!(error.path().as_deref(), Some("addresses[2].zip"));
        assert_eq!(CodecError::new("bad").path(), None);
        assert_eq!(
            CodecError::new("bad").at_index(0).path().as_deref(),
            Some("[0]")
        );
    }
}
