//! One write of a transaction, made from the write builders (`create`, `put`, `delete`,
//! `update`) with their conditions and version checks.

use crate::error::{Error, Result};
use crate::hooks::{WriteHooks, WriteKind};
use crate::limits;
use crate::model::Model;
use crate::ops::batch::KeyIdentity;
use crate::ops::conditional::item_on_failed_check;
use crate::ops::put::PutParts;
use crate::ops::{CreateItem, DeleteItem, PutItem, ReturnNothing, UpdateItem};
use crate::Item;
use aws_sdk_dynamodb::types::{Delete, Put, TransactWriteItem, Update};
use std::borrow::Cow;

/// One action of a [`Transaction`](super::Transaction), ready to send.
#[derive(Debug, Clone)]
pub struct TransactAction {
    pub(super) model: &'static str,
    /// The table and the key of the item the action writes.
    identity: KeyIdentity,
    size: usize,
    pub(super) item: TransactWriteItem,
    /// The model's hooks, with the stored form of a whole item written.
    pub(super) hooks: Option<(WriteHooks, Option<Item>)>,
}

/// A write builder that can be part of a transaction: [`CreateItem`], [`PutItem`],
/// [`DeleteItem`] and [`UpdateItem`], with their conditions and version checks.
///
/// ```no_run
/// # use dynamoxide::{Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String }
/// # async fn run(db: Db, user: User) -> dynamoxide::Result<()> {
/// use dynamoxide::ops::TransactWrite;
/// let action = db.create(&user).into_action()?;
/// db.transact().write(db.delete::<User>("u2")).await?;
/// # Ok(()) }
/// ```
pub trait TransactWrite {
    /// The transaction action this write becomes.
    fn into_action(self) -> Result<TransactAction>;
}

/// What the limit checks, and the reasons of a cancelled transaction, need of an action.
pub(super) trait Keyed {
    /// The table and key of the item the action reads or writes.
    fn identity(&self) -> Cow<'_, KeyIdentity>;
    fn size(&self) -> usize;
    fn model(&self) -> &'static str;
}

impl Keyed for TransactAction {
    fn identity(&self) -> Cow<'_, KeyIdentity> {
        Cow::Borrowed(&self.identity)
    }
    fn size(&self) -> usize {
        self.size
    }
    fn model(&self) -> &'static str {
        self.model
    }
}

impl TransactAction {
    pub(super) fn new(
        model: &'static str,
        identity: KeyIdentity,
        size: usize,
        item: TransactWriteItem,
    ) -> Self {
        TransactAction {
            model,
            identity,
            size,
            item,
            hooks: None,
        }
    }

    /// The table the action writes to.
    pub(super) fn table(&self) -> &str {
        self.identity.table()
    }

    /// The action with the hooks of a write of `M`, if it has any.
    fn hooked<M: Model>(mut self, kind: WriteKind, item: Option<&Item>) -> Self {
        self.hooks = WriteHooks::of::<M>(kind).map(|hooks| (hooks, item.cloned()));
        self
    }

    /// Runs the `before_write` hook, if any.
    pub(super) fn before_write(&self) -> Result<()> {
        match &self.hooks {
            Some((hooks, item)) => hooks.before(&self.identity.key(), item.as_ref()),
            None => Ok(()),
        }
    }

    /// Runs the `after_write` hook, if any.
    pub(super) fn after_write(&self) {
        if let Some((hooks, item)) = &self.hooks {
            hooks.after(&self.identity.key(), item.as_ref());
        }
    }
}

fn invalid(error: impl std::fmt::Display) -> Error {
    Error::InvalidRequest {
        reason: error.to_string(),
    }
}

/// The bytes DynamoDB counts for an item (or a key, or an update's values) in a
/// transaction's 4 MB.
pub(super) fn item_size(item: &Item) -> Result<usize> {
    limits::check_item(item).map_err(|violation| Error::InvalidRequest {
        reason: violation.to_string(),
    })
}

/// The transaction's `Put` of what a put or create sends, whose key has `identity`: the
/// stored item moved into it, not copied (a model with hooks keeps a copy for them).
fn put_action<M: Model>(
    (parts, identity): (PutParts, KeyIdentity),
    kind: WriteKind,
) -> Result<TransactAction> {
    let hooks = WriteHooks::of::<M>(kind).map(|hooks| (hooks, Some(parts.item.clone())));
    let put = Put::builder()
        .table_name(parts.table)
        .set_item(Some(parts.item))
        .set_return_values_on_condition_check_failure(item_on_failed_check(
            parts.condition_expression.as_deref(),
        ))
        .set_condition_expression(parts.condition_expression)
        .set_expression_attribute_names(parts.names)
        .set_expression_attribute_values(parts.values)
        .build()
        .map_err(invalid)?;
    let mut action = TransactAction::new(
        M::SCHEMA.model_name,
        identity,
        parts.size,
        TransactWriteItem::builder().put(put).build(),
    );
    action.hooks = hooks;
    Ok(action)
}

impl<M: Model> TransactWrite for CreateItem<'_, M> {
    fn into_action(self) -> Result<TransactAction> {
        put_action::<M>(self.parts(KeyIdentity::of_attributes)?, WriteKind::Create)
    }
}

impl<M: Model> TransactWrite for PutItem<'_, M, ReturnNothing> {
    fn into_action(self) -> Result<TransactAction> {
        put_action::<M>(self.parts(KeyIdentity::of_attributes)?, WriteKind::Put)
    }
}

impl<M: Model> TransactWrite for DeleteItem<'_, M, ReturnNothing> {
    fn into_action(self) -> Result<TransactAction> {
        let request = self.into_sdk()?;
        let input = request.as_input();
        let key = input.get_key().clone().unwrap_or_default();
        let table = input.get_table_name().clone().unwrap_or_default();
        let (identity, size) = (KeyIdentity::of_key(&table, &key), item_size(&key)?);
        let delete = Delete::builder()
            .table_name(table)
            .set_key(Some(key))
            .set_condition_expression(input.get_condition_expression().clone())
            .set_return_values_on_condition_check_failure(item_on_failed_check(
                input.get_condition_expression().as_deref(),
            ))
            .set_expression_attribute_names(input.get_expression_attribute_names().clone())
            .set_expression_attribute_values(input.get_expression_attribute_values().clone())
            .build()
            .map_err(invalid)?;
        Ok(TransactAction::new(
            M::SCHEMA.model_name,
            identity,
            size,
            TransactWriteItem::builder().delete(delete).build(),
        )
        .hooked::<M>(WriteKind::Delete, None))
    }
}

impl<M: Model> TransactWrite for UpdateItem<'_, M, ReturnNothing> {
    fn into_action(mut self) -> Result<TransactAction> {
        let (kind, upserted) = (self.mode.kind(), self.upserted.take());
        let request = self.into_sdk()?;
        let input = request.as_input();
        if input.get_update_expression().is_none() {
            return Err(Error::InvalidRequest {
                reason: format!(
                    "an upsert of `{}` writes nothing but the key, and a transaction's update \
                     needs an update expression: put the item instead",
                    M::SCHEMA.model_name
                ),
            });
        }
        let key = input.get_key().clone().unwrap_or_default();
        let table = input.get_table_name().clone().unwrap_or_default();
        let values = input.get_expression_attribute_values().clone();
        let size = item_size(&key)? + values.as_ref().map_or(Ok(0), item_size)?;
        let identity = KeyIdentity::of_key(&table, &key);
        let update = Update::builder()
            .table_name(table)
            .set_key(Some(key))
            .set_update_expression(input.get_update_expression().clone())
            .set_condition_expression(input.get_condition_expression().clone())
            .set_return_values_on_condition_check_failure(item_on_failed_check(
                input.get_condition_expression().as_deref(),
            ))
            .set_expression_attribute_names(input.get_expression_attribute_names().clone())
            .set_expression_attribute_values(values)
            .build()
            .map_err(invalid)?;
        Ok(TransactAction::new(
            M::SCHEMA.model_name,
            identity,
            size,
            TransactWriteItem::builder().update(update).build(),
        )
        .hooked::<M>(kind, upserted.as_ref()))
    }
}
