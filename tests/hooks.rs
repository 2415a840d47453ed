//! Model hooks on every path (single writes, upsert, patch, batches, transactions, reads),
//! against DynamoDB Local: each hook's effect is observed, and a refusing `before_write`
//! leaves the table as it was.

mod common;

use common::fresh_db;
use dynamoxide::hooks::{HookResult, WriteEvent};
use dynamoxide::{Db, Error, Hooks, Model};
use serde::{Deserialize, Serialize};
use std::sync::Mutex;

/// What the hooks saw, as `(id, event)`: tests run in parallel, each with its own ids.
static SEEN: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "notes", hooks)]
struct Note {
    #[dynamo(hash_key)]
    id: String,
    #[dynamo(set = dynamoxide::transform::trim)]
    body: String,
    /// Set by `after_read`: proof that it ran.
    #[serde(skip)]
    read_by_hook: bool,
}

impl Hooks for Note {
    fn before_write(event: &WriteEvent<'_, Self>) -> HookResult {
        let body = event.item.map(|note| note.body.as_str());
        see(&event.key.id, format!("before {:?} {body:?}", event.kind));
        if body.is_some_and(|body| body.contains("forbidden")) || event.key.id.ends_with("locked") {
            return Err("refused by the hook".into());
        }
        Ok(())
    }

    fn after_write(event: &WriteEvent<'_, Self>) {
        let body = event.item.map(|note| note.body.as_str());
        see(&event.key.id, format!("after {:?} {body:?}", event.kind));
    }

    fn after_read(&mut self) -> HookResult {
        if self.body == "unreadable" {
            return Err("cannot read this note".into());
        }
        self.read_by_hook = true;
        Ok(())
    }
}

fn see(id: &str, event: String) {
    SEEN.lock().unwrap().push((id.to_owned(), event));
}

/// What the hooks saw for ids starting with `prefix`, in order, and forgets it.
fn seen(prefix: &str) -> Vec<String> {
    let mut seen = SEEN.lock().unwrap();
    let (mine, others): (Vec<_>, Vec<_>) =
        seen.drain(..).partition(|(id, _)| id.starts_with(prefix));
    *seen = others;
    mine.into_iter().map(|(_, event)| event).collect()
}

fn note(id: &str, body: &str) -> Note {
    Note {
        id: id.into(),
        body: body.into(),
        read_by_hook: false,
    }
}

async fn notes_db() -> Db {
    let db = fresh_db().await;
    db.create_table::<Note>().await.unwrap();
    db
}

async fn raw_count(db: &Db) -> i32 {
    db.client()
        .scan()
        .table_name(db.table_name::<Note>())
        .send()
        .await
        .unwrap()
        .count
}

#[tokio::test]
async fn single_writes_run_both_write_hooks_with_the_stored_item() {
    let db = notes_db().await;
    let created = db.create(&note("single-1", "hello")).await.unwrap();
    assert!(created.read_by_hook, "create returns the item as read");
    // The hooks see the stored form: after the `trim` transform.
    db.put(&note("single-1", "  replaced  ")).await.unwrap();
    db.upsert(&note("single-1", "upserted")).await.unwrap();
    db.update::<Note>("single-1")
        .set(Note::BODY, "updated")
        .await
        .unwrap();
    db.patch::<Note>("single-1")
        .set(Note::BODY, "patched")
        .await
        .unwrap();
    db.delete::<Note>("single-1").await.unwrap();
    assert_eq!(
        seen("single-"),
        [
            "before Create Some(\"hello\")",
            "after Create Some(\"hello\")",
            "before Put Some(\"replaced\")",
            "after Put Some(\"replaced\")",
            "before Upsert Some(\"upserted\")",
            "after Upsert Some(\"upserted\")",
            "before Update None",
            "after Update None",
            "before Patch None",
            "after Patch None",
            "before Delete None",
            "after Delete None",
        ]
    );
}

#[tokio::test]
async fn a_failed_write_runs_before_write_but_not_after_write() {
    let db = notes_db().await;
    db.create(&note("failed-1", "hello")).await.unwrap();
    seen("failed-");
    let again = db.create(&note("failed-1", "again")).await;
    assert!(matches!(again, Err(Error::AlreadyExists { .. })));
    assert_eq!(seen("failed-"), ["before Create Some(\"again\")"]);
}

#[tokio::test]
async fn after_read_runs_on_every_read() {
    let db = notes_db().await;
    db.put(&note("read-1", "a")).await.unwrap();
    db.put(&note("read-2", "b")).await.unwrap();
    assert!(
        db.get::<Note>("read-1")
            .await
            .unwrap()
            .unwrap()
            .read_by_hook
    );
    let scanned = db.scan::<Note>().all().await.unwrap();
    assert_eq!(scanned.len(), 2);
    assert!(scanned.iter().all(|note| note.read_by_hook));
    let batch = db.batch_get::<Note, _>(["read-1", "read-2"]).await.unwrap();
    assert!(batch.iter().all(|note| note.read_by_hook));
    let mut read = db.transact_get();
    let slot = read.get::<Note>("read-2");
    let mut result = read.send().await.unwrap();
    assert!(result.take(slot).unwrap().unwrap().read_by_hook);
    let old = db.put(&note("read-1", "c")).return_old().await.unwrap();
    assert!(
        old.unwrap().read_by_hook,
        "items writes return are read too"
    );

    db.put(&note("read-3", "unreadable")).await.unwrap();
    let refused = db.get::<Note>("read-3").await;
    match refused {
        Err(Error::Hook {
            model,
            hook,
            source,
        }) => {
            assert_eq!((model, hook), ("Note", "after_read"));
            assert_eq!(source.to_string(), "cannot read this note");
        }
        other => panic!("expected a hook error, got {other:?}"),
    }
}

#[tokio::test]
async fn batch_writes_run_the_hooks_of_every_entry() {
    let db = notes_db().await;
    let notes: Vec<Note> = (0..30)
        .map(|n| note(&format!("batch-{n:02}"), "b"))
        .collect();
    assert_eq!(db.batch_put(&notes).await.unwrap(), 30);
    let mut events = seen("batch-");
    events.sort();
    let shown_the_item: Vec<&str> = [r#"after Put Some("b")"#; 30]
        .into_iter()
        .chain([r#"before Put Some("b")"#; 30])
        .collect();
    assert_eq!(events, shown_the_item);

    db.batch_delete::<Note, _>(["batch-00", "batch-01"])
        .await
        .unwrap();
    assert_eq!(
        seen("batch-"),
        [
            "before Delete None",
            "before Delete None",
            "after Delete None",
            "after Delete None"
        ]
    );
    assert_eq!(raw_count(&db).await, 28);
}

#[tokio::test]
async fn a_batch_writer_runs_the_hooks_of_every_entry_with_the_item_written() {
    let db = notes_db().await;
    let mut writer = db.batch_writer();
    for n in 0..30 {
        writer
            .put(&note(&format!("writer-{n:02}"), "w"))
            .await
            .unwrap();
    }
    writer.delete::<Note>("writer-gone").await.unwrap();
    assert_eq!(writer.finish().await.unwrap(), 31);
    let mut events = seen("writer-");
    events.sort();
    let shown: Vec<&str> = ["after Delete None"]
        .into_iter()
        .chain([r#"after Put Some("w")"#; 30])
        .chain(["before Delete None"])
        .chain([r#"before Put Some("w")"#; 30])
        .collect();
    assert_eq!(events, shown);
    assert_eq!(raw_count(&db).await, 30);
}

#[tokio::test]
async fn transactions_run_before_write_for_every_action_and_after_write_on_commit() {
    let db = notes_db().await;
    db.put(&note("tx-2", "two")).await.unwrap();
    db.put(&note("tx-3", "three")).await.unwrap();
    seen("tx-");
    db.transact()
        .create(&note("tx-1", "one"))
        .update(db.update::<Note>("tx-2").set(Note::BODY, "changed"))
        .delete::<Note>("tx-3")
        .await
        .unwrap();
    assert_eq!(
        seen("tx-"),
        [
            "before Create Some(\"one\")",
            "before Update None",
            "before Delete None",
            "after Create Some(\"one\")",
            "after Update None",
            "after Delete None",
        ]
    );

    let cancelled = db.transact().create(&note("tx-1", "twice")).await;
    assert!(matches!(cancelled, Err(Error::TransactionCanceled { .. })));
    assert_eq!(seen("tx-"), ["before Create Some(\"twice\")"]);
}

#[tokio::test]
async fn a_refusing_before_write_leaves_the_table_unchanged_on_every_path() {
    let db = notes_db().await;
    // The hook refuses every write of this key, so it is written past dynamoxide.
    db.client()
        .put_item()
        .table_name(db.table_name::<Note>())
        .set_item(Some(
            dynamoxide::codec::to_item(&note("refuse-locked", "original")).unwrap(),
        ))
        .send()
        .await
        .unwrap();
    let is_refusal = |result: Result<(), Error>| {
        matches!(
            result,
            Err(Error::Hook {
                model: "Note",
                hook: "before_write",
                ..
            })
        )
    };

    assert!(is_refusal(
        db.create(&note("refuse-1", "forbidden")).await.map(drop)
    ));
    assert!(is_refusal(db.put(&note("refuse-1", "forbidden")).await));
    assert!(is_refusal(db.upsert(&note("refuse-1", "forbidden")).await));
    assert!(is_refusal(
        db.update::<Note>("refuse-locked")
            .set(Note::BODY, "x")
            .await
    ));
    assert!(is_refusal(
        db.patch::<Note>("refuse-locked").set(Note::BODY, "x").await
    ));
    assert!(is_refusal(db.delete::<Note>("refuse-locked").await));

    let mut batch: Vec<Note> = (0..40)
        .map(|n| note(&format!("refuse-b{n}"), "fine"))
        .collect();
    batch[33].body = "forbidden".into();
    assert!(is_refusal(db.batch_put(&batch).await.map(drop)));

    let transaction = db
        .transact()
        .put(&note("refuse-t1", "fine"))
        .put(&note("refuse-t2", "forbidden"));
    assert!(is_refusal(transaction.await));

    assert_eq!(
        raw_count(&db).await,
        1,
        "only the item put before the refusals"
    );
    let locked = db.get::<Note>("refuse-locked").await.unwrap().unwrap();
    assert_eq!(locked.body, "original");
    assert!(
        seen("refuse-")
            .iter()
            .all(|event| event.starts_with("before")),
        "no after_write for a refused write"
    );
}
