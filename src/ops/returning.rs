//! What a write returns: nothing, or the item as it was before the write. Chosen on the
//! builder (`.return_old()`), so the awaited type says which.

use crate::codec;
use crate::error::Result;
use crate::model::Model;
use crate::Item;
use aws_sdk_dynamodb::types::ReturnValue;
use serde::de::DeserializeOwned;
use std::marker::PhantomData;

/// The choice of what a write returns, as a type. See [`ReturnNothing`] and [`ReturnOld`].
pub trait ReturnValues: Send + 'static {
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

/// The write returns the whole item as it is after the write.
///
/// ```no_run
/// # use dynamoxide::{Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String, logins: u64 }
/// # async fn run(db: Db) -> dynamoxide::Result<()> {
/// let user: Option<User> = db.update::<User>("u1").increment(User::LOGINS, 1).return_new().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct ReturnNew;

impl ReturnValues for ReturnNew {
    type Output<M: Model> = Option<M>;

    fn return_value() -> Option<ReturnValue> {
        Some(ReturnValue::AllNew)
    }

    fn decode<M: Model>(attributes: Option<Item>) -> Result<Option<M>> {
        ReturnOld::decode(attributes)
    }
}

/// The write returns the attributes it changed, before (`OLD`) or after (`NEW`) the
/// write, read into a caller-chosen partial type `P`.
///
/// ```no_run
/// # use dynamoxide::{Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String, logins: u64 }
/// # async fn run(db: Db) -> dynamoxide::Result<()> {
/// #[derive(serde::Deserialize)]
/// struct Logins { logins: u64 }
/// let after: Option<Logins> = db
///     .update::<User>("u1")
///     .increment(User::LOGINS, 1)
///     .return_updated_new::<Logins>()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct ReturnUpdated<P, const NEW: bool>(PhantomData<fn() -> P>);

impl<P: DeserializeOwned + Send + 'static, const NEW: bool> ReturnValues for ReturnUpdated<P, NEW> {
    type Output<M: Model> = Option<P>;

    fn return_value() -> Option<ReturnValue> {
        Some(if NEW {
            ReturnValue::UpdatedNew
        } else {
            ReturnValue::UpdatedOld
        })
    }

    fn decode<M: Model>(attributes: Option<Item>) -> Result<Option<P>> {
        match attributes {
            Some(item) if !item.is_empty() => codec::from_partial_item::<M, P>(item).map(Some),
            _ => Ok(None),
        }
    }
}
