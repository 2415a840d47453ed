//! `upsert`: an update that writes a whole model, inserting it when missing, keeping what a
//! rewrite must keep.

use super::update::{UpdateItem, UpdateMode};
use crate::codec;
use crate::db::Db;
use crate::error::Result;
use crate::expr::UpdateExpression;
use crate::model::{Model, ModelKey};
use crate::schema::Presence;
use crate::Item;
use aws_sdk_dynamodb::types::AttributeValue;

impl Db {
    /// Writes `item` whole with one `UpdateItem`, inserting it when missing: every attribute
    /// of the model is set, and the model's own attributes it leaves out (`None`, empty sets)
    /// are removed, so the stored item equals the model, except that
    ///
    /// - `created_at` keeps the stored value (`if_not_exists`); a new item gets the model's
    ///   value, or now when it is `None`;
    /// - a `#[dynamo(version)]` is bumped from the stored value, unchecked (add
    ///   [`expect_version`](UpdateItem::expect_version) to check it);
    /// - `#[dynamo(counter)]`s step from the stored value (a new item's start at `start`);
    /// - attributes the schema does not name stay as they are (including those a flattened
    ///   struct no longer writes).
    ///
    /// Like `update`, it writes onto an item whose `#[dynamo(ttl)]` has passed but that
    /// DynamoDB has not deleted yet, keeping that item's `created_at`, version and counters.
    ///
    /// The model goes through the write rules (transforms, defaults, generated values,
    /// validation) as for `put`. It is an [`UpdateItem`]: add conditions, or
    /// [`return_new`](UpdateItem::return_new) to read the result.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "docs", timestamps)]
    /// # struct Doc { #[dynamo(hash_key)] id: String, body: String, #[dynamo(version)] version: u64,
    /// #   created_at: Option<std::time::SystemTime>, updated_at: Option<std::time::SystemTime> }
    /// # async fn run(db: Db, doc: Doc) -> dynamoxide::Result<()> {
    /// let stored: Option<Doc> = db.upsert(&doc).return_new().await?;
    /// # Ok(()) }
    /// ```
    pub fn upsert<M: Model>(&self, item: &M) -> UpdateItem<'_, M> {
        match upsert_parts(item) {
            Ok((key, update, stored)) => {
                let mut upsert = self.update_in_mode(key, UpdateMode::Upsert, update);
                upsert.upserted = M::__HOOKS.then_some(stored);
                upsert
            }
            Err(error) => {
                let mut upsert =
                    self.update_in_mode(item.key(), UpdateMode::Upsert, UpdateExpression::new());
                upsert.error = Some(error);
                upsert
            }
        }
    }
}

/// The key, the actions and the stored form of an upsert of `item`.
fn upsert_parts<M: Model>(item: &M) -> Result<(M::Key, UpdateExpression<M>, Item)> {
    let stored = codec::to_stored_item(item, false)?;
    let key = M::Key::from_item(&stored)?;
    let schema = M::SCHEMA;
    let is_key = |name: &str| schema.key_attributes().any(|key| key.name == name);
    let is_managed = |name: &str| {
        schema.version == Some(name) || schema.counters.iter().any(|counter| counter.name == name)
    };
    let mut update = UpdateExpression::new();
    for attribute in schema.attributes {
        let name = attribute.name;
        if is_key(name) || is_managed(name) {
            continue;
        }
        update = match stored.get(name) {
            Some(value) => update.set_stored(name, value.clone(), schema.created_at == Some(name)),
            None if attribute.presence == Presence::Flattened => update,
            None => update.remove_attribute(name),
        };
    }
    // Sorted, so that the same model always makes the same request.
    let mut unknown: Vec<(&String, &AttributeValue)> = stored
        .iter()
        .filter(|(name, _)| schema.attribute(name).is_none() && !is_key(name))
        .collect();
    unknown.sort_unstable_by_key(|(name, _)| *name);
    for (name, value) in unknown {
        update = update.set_stored(name.clone(), value.clone(), false);
    }
    Ok((key, update, stored))
}
