//! [`Hooks`]: code a model runs around its writes and reads, on every path (single
//! operations, upserts and patches, batches, transactions, queries and scans).

use crate::codec;
use crate::error::{Error, Result};
use crate::model::{Model, ModelKey};
use crate::Item;

/// What a hook returns: an error refuses the write (or the item read), and arrives as
/// [`Error::Hook`] with it as the source.
pub type HookResult = std::result::Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// Which write a [`WriteEvent`] describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WriteKind {
    /// `create`, alone or in a transaction.
    Create,
    /// `put`, alone, in a batch or in a transaction.
    Put,
    /// `upsert`.
    Upsert,
    /// `update`, alone or in a transaction.
    Update,
    /// `patch`.
    Patch,
    /// `delete` or `remove_if`, alone, in a batch or in a transaction.
    Delete,
}

/// One write of a model, as its hooks see it.
#[non_exhaustive]
pub struct WriteEvent<'a, M: Model> {
    /// Which write.
    pub kind: WriteKind,
    /// The key of the item written.
    pub key: &'a M::Key,
    /// For writes of a whole item (create, put, upsert): the item as it is sent, after `set`
    /// transforms, defaults, generated values and timestamps, read back into the model
    /// (without `after_read`). For create and put it is exactly what is stored, version
    /// included; for an upsert, DynamoDB still resolves the version, the counters and
    /// `created_at` against the stored item, so those fields hold the model's values. `None`
    /// for updates, patches and deletes.
    pub item: Option<&'a M>,
}

/// Code a model runs around its writes and reads. Implement it and mark the model
/// `#[dynamo(hooks)]`; a model without that attribute gets an empty implementation from the
/// derive, so that forgetting the attribute is a compile error (two implementations) rather
/// than hooks that silently never run.
///
/// - [`before_write`](Hooks::before_write) runs before every write is sent: `create`,
///   `put`, `upsert`, `update`, `patch`, `delete`, `remove_if`, every entry of a batch
///   write (all of them before the first request) and every write of a transaction. An
///   error stops the whole operation with [`Error::Hook`]; nothing is written.
/// - [`after_write`](Hooks::after_write) runs once DynamoDB accepted the write: for a batch,
///   per entry as its request succeeds; for a transaction, for every write after the commit.
///   A delete of a key without an item is accepted too, so it runs for that as well.
/// - [`after_read`](Hooks::after_read) runs on every whole model read: `get`, `batch_get`,
///   queries and scans, transaction gets, and the items writes return. Partial reads
///   (projections into another type) do not run it.
///
/// Hooks are synchronous: they validate, log, count, fill derived fields; they do not call
/// DynamoDB.
///
/// ```
/// use dynamoxide::hooks::{HookResult, WriteEvent, WriteKind};
/// use dynamoxide::{Hooks, Model};
///
/// #[derive(Model, serde::Serialize, serde::Deserialize)]
/// #[dynamo(table = "posts", hooks)]
/// struct Post {
///     #[dynamo(hash_key)]
///     id: String,
///     title: String,
///     #[serde(skip)]
///     slug: String,
/// }
///
/// impl Hooks for Post {
///     fn before_write(event: &WriteEvent<'_, Self>) -> HookResult {
///         match event.item {
///             Some(post) if post.title.contains("spam") => Err("no spam".into()),
///             _ => Ok(()),
///         }
///     }
///
///     fn after_read(&mut self) -> HookResult {
///         self.slug = self.title.to_lowercase().replace(' ', "-");
///         Ok(())
///     }
/// }
/// ```
pub trait Hooks: Model {
    /// Runs before a write is sent; an error refuses it.
    fn before_write(event: &WriteEvent<'_, Self>) -> HookResult {
        let _ = event;
        Ok(())
    }

    /// Runs after DynamoDB confirmed a write.
    fn after_write(event: &WriteEvent<'_, Self>) {
        let _ = event;
    }

    /// Runs on every whole model read, after `get` transforms; an error fails the read.
    fn after_read(&mut self) -> HookResult {
        Ok(())
    }
}

/// The hooks of one write of a model that has them, ready to run on its stored form: a pair
/// of plain functions, so batches and transactions keep them beside each write.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WriteHooks {
    kind: WriteKind,
    before: fn(WriteKind, &Item, Option<&Item>) -> Result<()>,
    after: fn(WriteKind, &Item, Option<&Item>),
}

impl WriteHooks {
    /// The hooks of a write of `M`, or `None` when `M` has none.
    pub(crate) fn of<M: Model>(kind: WriteKind) -> Option<WriteHooks> {
        M::__HOOKS.then_some(WriteHooks {
            kind,
            before: before_write::<M>,
            after: after_write::<M>,
        })
    }

    /// Runs `before_write` for the write of the item with `key` (and stored form `item`).
    pub(crate) fn before(&self, key: &Item, item: Option<&Item>) -> Result<()> {
        (self.before)(self.kind, key, item)
    }

    /// Runs `after_write` for the write of the item with `key` (and stored form `item`).
    pub(crate) fn after(&self, key: &Item, item: Option<&Item>) {
        (self.after)(self.kind, key, item)
    }
}

/// The key and item of a write, as the model's types.
fn decode<M: Model>(key: &Item, item: Option<&Item>) -> Result<(M::Key, Option<M>)> {
    let key = M::Key::from_item(key)?;
    let item = item
        .map(|item| codec::from_item_without_hooks::<M>(item.clone()))
        .transpose()?;
    Ok((key, item))
}

fn before_write<M: Model>(kind: WriteKind, key: &Item, item: Option<&Item>) -> Result<()> {
    let (key, item) = decode::<M>(key, item)?;
    let event = WriteEvent {
        kind,
        key: &key,
        item: item.as_ref(),
    };
    M::__before_write(&event).map_err(|source| Error::Hook {
        model: M::SCHEMA.model_name,
        hook: "before_write",
        source,
    })
}

/// `before_write` already decoded the same key and item, so decoding cannot fail here; if it
/// did, the hook still runs with what could be read.
fn after_write<M: Model>(kind: WriteKind, key: &Item, item: Option<&Item>) {
    let Ok(key) = M::Key::from_item(key) else {
        return;
    };
    let item = item.and_then(|item| codec::from_item_without_hooks::<M>(item.clone()).ok());
    M::__after_write(&WriteEvent {
        kind,
        key: &key,
        item: item.as_ref(),
    });
}

/// Runs `after_read` on a model just read.
pub(crate) fn after_read<M: Model>(model: &mut M) -> Result<()> {
    if !M::__HOOKS {
        return Ok(());
    }
    model.__after_read_hook().map_err(|source| Error::Hook {
        model: M::SCHEMA.model_name,
        hook: "after_read",
        source,
    })
}
