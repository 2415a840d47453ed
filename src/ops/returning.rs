//! What a write returns: nothing, or the item as it was before the write. Chosen on the
//! builder (`.return_old()`), so the awaited type says which.

use crate::codec;
use crate::error::Result;
use crate::model::Model;
use crate::Item;
use aws_sdk_dynamodb::types::ReturnValue;

/// The choice of what a write returns, as a type. See [`ReturnNothing`] and [`ReturnOld`].
pub trait ReturnValues: Send + Sync + 'static {
    /// What the operation returns for model `M`.
    type Output<M: Model>: Send;

    /// The `ReturnValues` parameter to send.
    fn return_value() -> Option<ReturnValue>;

    /// Decodes the `Attributes` DynamoDB returned.
    fn decode<M: Model>(attributes: Option<Item>) -> Result<Self::Output<M>>;
}

/// The write returns `()`: the default.
///
/// ```
/// # use dynamoxide::{Db, Model, ops::{DeleteItem, ReturnNothing}};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String }
/// # let db = Db::for_endpoint("http://localhost:8000");
/// let delete: DeleteItem<'_, User, ReturnNothing> = db.delete::<User>("u1");
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct ReturnNothing;

/// The write returns the item as it was before, `None` when there was none.
///
/// ```
/// # use dynamoxide::{Db, Model, ops::{DeleteItem, ReturnOld}};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String }
/// # let db = Db::for_endpoint("http://localhost:8000");
/// let delete: DeleteItem<'_, User, ReturnOld> = db.delete::<User>("u1").return_old();
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct ReturnOld;

impl ReturnValues for ReturnNothing {
    type Output<M: Model> = ();

    fn return_value() -> Option<ReturnValue> {
        None
    }

    fn decode<M: Model>(_: Option<Item>) -> Result<()> {
        Ok(())
    }
}

impl ReturnValues for ReturnOld {
    type Output<M: Model> = Option<M>;

    fn return_value() -> Option<ReturnValue> {
        Some(ReturnValue::AllOld)
    }

    fn decode<M: Model>(attributes: Option<Item>) -> Result<Option<M>> {
        match attributes {
            Some(item) if !item.is_empty() => codec::from_item(item).map(Some),
            _ => Ok(None),
        }
    }
}
