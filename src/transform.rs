//! Ready-made `set`/`get` transforms for `#[dynamo(set = ..., get = ...)]`: any
//! `fn(T) -> T` works, these are the common ones for strings.
//!
//! ```
//! use dynamoxide::Model;
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Model, Serialize, Deserialize)]
//! #[dynamo(table = "users")]
//! struct User {
//!     #[dynamo(hash_key)]
//!     id: String,
//!     // Stored trimmed and in lower case, whatever the caller wrote.
//!     #[dynamo(set = dynamoxide::transform::trim_lowercase)]
//!     email: String,
//! }
//!
//! let item = dynamoxide::codec::to_item(&User { id: "u1".into(), email: " Ada@Example.COM ".into() }).unwrap();
//! assert_eq!(item["email"].as_s().unwrap(), "ada@example.com");
//! ```

/// Removes leading and trailing whitespace.
///
/// ```
/// assert_eq!(dynamoxide::transform::trim("  a b ".to_owned()), "a b");
/// ```
pub fn trim(value: String) -> String {
    match value.trim() {
        trimmed if trimmed.len() == value.len() => value,
        trimmed => trimmed.to_owned(),
    }
}

/// Lower case (Unicode).
///
/// ```
/// assert_eq!(dynamoxide::transform::lowercase("ÄB".to_owned()), "äb");
/// ```
pub fn lowercase(value: String) -> String {
    value.to_lowercase()
}

/// Upper case (Unicode).
///
/// ```
/// assert_eq!(dynamoxide::transform::uppercase("ab".to_owned()), "AB");
/// ```
pub fn uppercase(value: String) -> String {
    value.to_uppercase()
}

/// Trimmed and in lower case: the usual spelling of e-mail addresses and user names.
///
/// ```
/// assert_eq!(dynamoxide::transform::trim_lowercase(" A@B.C ".to_owned()), "a@b.c");
/// ```
pub fn trim_lowercase(value: String) -> String {
    value.trim().to_lowercase()
}
