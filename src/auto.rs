//! Generated ids: `#[dynamo(auto = uuid)]` and `#[dynamo(auto = uuid_v7)]` fill an empty field
//! with a fresh UUID on every write of the whole item.

use uuid::Uuid;

/// Which UUID an `auto` field gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UuidVersion {
    /// Random (`auto = uuid`).
    V4,
    /// Time-ordered, then random (`auto = uuid_v7`): ids sort by creation time.
    V7,
}

impl UuidVersion {
    fn fresh(self) -> Uuid {
        match self {
            UuidVersion::V4 => Uuid::new_v4(),
            UuidVersion::V7 => Uuid::now_v7(),
        }
    }
}

/// A field type `#[dynamo(auto = ..)]` can fill: `String` (when empty), `uuid::Uuid` (when
/// nil), and an `Option` of either (when `None`, or holding an empty value).
///
/// ```
/// use dynamoxide::Model;
///
/// #[derive(Model, serde::Serialize, serde::Deserialize)]
/// #[dynamo(table = "orders")]
/// struct Order {
///     #[dynamo(hash_key, auto = uuid)]
///     id: String,
///     #[dynamo(auto = uuid_v7)]
///     tracking: Option<uuid::Uuid>,
/// }
///
/// let order = Order { id: String::new(), tracking: None };
/// let item = dynamoxide::codec::to_item(&order).unwrap();
/// let id = item["id"].as_s().unwrap();
/// assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 4);
/// assert!(item["tracking"].as_s().is_ok());
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a generated id",
    label = "`auto` fills `String`, `uuid::Uuid` or an `Option` of them"
)]
pub trait AutoId: Sized {
    /// Whether the value is empty, so that a write fills it.
    fn is_unset(&self) -> bool;

    /// A fresh id of this type.
    fn fresh(version: UuidVersion) -> Self;

    /// The value, or a fresh id when it is empty.
    fn filled(&self, version: UuidVersion) -> Self
    where
        Self: Clone,
    {
        if self.is_unset() {
            Self::fresh(version)
        } else {
            self.clone()
        }
    }
}

impl AutoId for String {
    fn is_unset(&self) -> bool {
        self.is_empty()
    }

    fn fresh(version: UuidVersion) -> Self {
        version.fresh().to_string()
    }
}

impl AutoId for Uuid {
    fn is_unset(&self) -> bool {
        self.is_nil()
    }

    fn fresh(version: UuidVersion) -> Self {
        version.fresh()
    }
}

impl<T: AutoId> AutoId for Option<T> {
    fn is_unset(&self) -> bool {
        self.as_ref().is_none_or(T::is_unset)
    }

    fn fresh(version: UuidVersion) -> Self {
        Some(T::fresh(version))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_only_empty_values() {
        assert_eq!("kept".to_owned().filled(UuidVersion::V4), "kept");
        let fresh = String::new().filled(UuidVersion::V4);
        assert_eq!(Uuid::parse_str(&fresh).unwrap().get_version_num(), 4);
        let some = Some(Uuid::nil()).filled(UuidVersion::V7);
        assert_eq!(some.unwrap().get_version_num(), 7);
        let kept = Uuid::new_v4();
        assert_eq!(Some(kept).filled(UuidVersion::V7), Some(kept));
    }

    #[test]
    fn version_7_ids_sort_by_time() {
        let first = String::fresh(UuidVersion::V7);
        std::thread::sleep(std::time::Duration::from_millis(2));
        let second = String::fresh(UuidVersion::V7);
        assert!(first < second);
    }
}
