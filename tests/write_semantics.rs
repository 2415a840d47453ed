//! Every write semantic on an existing and a missing item (create, put, upsert, patch,
//! update, delete, remove_if), generated ids and atomic counters, against DynamoDB Local.

mod common;
#[path = "common/ttl.rs"]
mod ttl;

use common::fresh_db;
use dynamoxide::types::AttributeValue;
use dynamoxide::{Db, Error, Item, Model, ModelKey};
use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::time::SystemTime;

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "docs", timestamps)]
struct Doc {
    #[dynamo(hash_key, auto = uuid)]
    id: String,
    title: String,
    summary: Option<String>,
    #[dynamo(counter)]
    edits: u64,
    #[dynamo(counter(start = 100, delta = -10))]
    credits: i64,
    #[dynamo(version)]
    version: u64,
    created_at: Option<SystemTime>,
    updated_at: Option<SystemTime>,
}

fn doc(id: &str, title: &str) -> Doc {
    Doc {
        id: id.into(),
        title: title.into(),
        summary: Some("first".into()),
        edits: 7,
        credits: 7,
        version: 0,
        created_at: None,
        updated_at: None,
    }
}

async fn raw_item(db: &Db, id: &str) -> Option<Item> {
    db.client()
        .get_item()
        .table_name(db.table_name::<Doc>())
        .set_key(Some(DocKey::new(id).to_item().unwrap()))
        .consistent_read(true)
        .send()
        .await
        .unwrap()
        .item
}

async fn stored(db: &Db, id: &str) -> Option<Doc> {
    db.get::<Doc>(id).consistent_read().await.unwrap()
}

async fn docs_db() -> Db {
    let db = fresh_db().await;
    db.create_table::<Doc>().await.unwrap();
    db
}

#[tokio::test]
async fn create_writes_a_missing_item_and_returns_it_as_stored() {
    let db = docs_db().await;
    let created = db.create(&doc("d1", "hello")).await.unwrap();
    assert_eq!(created.id, "d1");
    assert_eq!((created.edits, created.credits), (0, 100), "counters start");
    assert_eq!(created.version, 1);
    assert!(created.created_at.is_some() && created.updated_at.is_some());
    assert_eq!(stored(&db, "d1").await, Some(created.clone()));

    let again = db.create(&doc("d1", "other")).await;
    assert!(
        matches!(again, Err(Error::AlreadyExists { .. })),
        "{again:?}"
    );
    assert_eq!(stored(&db, "d1").await, Some(created));
}

#[tokio::test]
async fn put_inserts_a_missing_item_and_replaces_an_existing_one() {
    let db = docs_db().await;
    db.put(&doc("d1", "hello")).await.unwrap();
    let first = stored(&db, "d1").await.unwrap();
    assert_eq!(
        (first.title.as_str(), first.edits, first.version),
        ("hello", 7, 1)
    );

    db.put(&Doc {
        title: "replaced".into(),
        summary: None,
        ..first.clone()
    })
    .await
    .unwrap();
    let second = stored(&db, "d1").await.unwrap();
    assert_eq!(
        (
            second.title.as_str(),
            second.summary.clone(),
            second.version
        ),
        ("replaced", None, 2)
    );
    assert_eq!(
        second.created_at, first.created_at,
        "put keeps the model's created_at"
    );
}

#[tokio::test]
async fn upsert_inserts_a_missing_item() {
    let db = docs_db().await;
    let upserted = db
        .upsert(&doc("d1", "fresh"))
        .return_new()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(upserted.title, "fresh");
    assert_eq!(upserted.summary.as_deref(), Some("first"));
    assert_eq!(
        (upserted.edits, upserted.credits),
        (0, 100),
        "a new item's counters start"
    );
    assert_eq!(upserted.version, 1);
    assert!(upserted.created_at.is_some());
    assert_eq!(stored(&db, "d1").await, Some(upserted));
}

#[tokio::test]
async fn upsert_rewrites_an_existing_item_keeping_created_at_and_what_the_schema_does_not_name() {
    let db = docs_db().await;
    let created = db.create(&doc("d1", "hello")).await.unwrap();
    db.client()
        .update_item()
        .table_name(db.table_name::<Doc>())
        .set_key(Some(DocKey::new("d1").to_item().unwrap()))
        .update_expression("SET legacy = :v")
        .expression_attribute_values(":v", AttributeValue::S("kept".into()))
        .send()
        .await
        .unwrap();

    let rewrite = Doc {
        title: "rewritten".into(),
        summary: None,
        created_at: Some(SystemTime::UNIX_EPOCH),
        version: 0,
        ..created.clone()
    };
    let after = db.upsert(&rewrite).return_new().await.unwrap().unwrap();
    assert_eq!(after.title, "rewritten");
    assert_eq!(
        after.summary, None,
        "an attribute the model leaves out is removed"
    );
    assert_eq!(after.created_at, created.created_at, "created_at is kept");
    assert!(after.updated_at >= created.updated_at);
    assert_eq!(after.version, 2, "bumped from the stored version");
    assert_eq!((after.edits, after.credits), (1, 90), "counters step");
    let raw = raw_item(&db, "d1").await.unwrap();
    assert_eq!(raw["legacy"], AttributeValue::S("kept".into()));
    assert!(!raw.contains_key("summary"));

    let conflict = db.upsert(&rewrite).expect_version(1).await;
    assert!(
        matches!(
            conflict,
            Err(Error::VersionConflict {
                expected: 1,
                stored: Some(2),
                ..
            })
        ),
        "{conflict:?}"
    );
}

#[tokio::test]
async fn patch_refuses_a_missing_item_and_updates_an_existing_one() {
    let db = docs_db().await;
    let missing = db.patch::<Doc>("nope").set(Doc::TITLE, "x").await;
    match missing {
        Err(Error::NotFound { key, table }) => {
            assert_eq!(key, DocKey::new("nope").to_item().unwrap());
            assert_eq!(table, db.table_name::<Doc>());
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    assert_eq!(raw_item(&db, "nope").await, None, "nothing was created");

    db.create(&doc("d1", "hello")).await.unwrap();
    let patched = db
        .patch::<Doc>("d1")
        .set(Doc::TITLE, "patched")
        .return_new()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (patched.title.as_str(), patched.version, patched.edits),
        ("patched", 2, 1)
    );

    let refused = db
        .patch::<Doc>("d1")
        .set(Doc::TITLE, "again")
        .condition(Doc::TITLE.eq("other"))
        .await;
    match refused {
        Err(Error::ConditionFailed { current, .. }) => {
            let current = current.expect("the stored item");
            assert_eq!(current["title"], AttributeValue::S("patched".into()));
        }
        other => panic!("expected ConditionFailed, got {other:?}"),
    }
}

#[tokio::test]
async fn update_creates_a_missing_item_and_changes_an_existing_one() {
    let db = docs_db().await;
    db.update::<Doc>("d1")
        .set(Doc::TITLE, "made")
        .await
        .unwrap();
    let made = stored(&db, "d1").await.unwrap();
    assert_eq!(
        (made.title.as_str(), made.edits, made.credits, made.version),
        ("made", 0, 100, 1)
    );

    db.update::<Doc>("d1")
        .remove(Doc::SUMMARY)
        .set(Doc::TITLE, "changed")
        .await
        .unwrap();
    let changed = stored(&db, "d1").await.unwrap();
    assert_eq!(
        (
            changed.title.as_str(),
            changed.edits,
            changed.credits,
            changed.version
        ),
        ("changed", 1, 90, 2)
    );

    let refused = db.update::<Doc>("d1").set(Doc::EDITS, 5).await;
    assert!(
        matches!(refused, Err(Error::InvalidExpression { ref reason }) if reason.contains("counter")),
        "{refused:?}"
    );
}

#[tokio::test]
async fn delete_is_quiet_about_a_missing_item() {
    let db = docs_db().await;
    db.delete::<Doc>("nope").await.unwrap();
    db.create(&doc("d1", "hello")).await.unwrap();
    let old = db.delete::<Doc>("d1").return_old().await.unwrap();
    assert_eq!(old.map(|doc| doc.title), Some("hello".into()));
    assert_eq!(raw_item(&db, "d1").await, None);
}

#[tokio::test]
async fn remove_if_needs_the_item_and_its_condition() {
    let db = docs_db().await;
    let missing = db.remove_if::<Doc>("nope", Doc::TITLE.eq("hello")).await;
    assert!(
        matches!(missing, Err(Error::NotFound { .. })),
        "{missing:?}"
    );

    db.create(&doc("d1", "hello")).await.unwrap();
    let refused = db.remove_if::<Doc>("d1", Doc::TITLE.eq("other")).await;
    assert!(
        matches!(
            refused,
            Err(Error::ConditionFailed {
                current: Some(_),
                ..
            })
        ),
        "{refused:?}"
    );
    assert!(raw_item(&db, "d1").await.is_some(), "the item stays");

    let removed = db
        .remove_if::<Doc>("d1", Doc::TITLE.eq("hello"))
        .return_old()
        .await
        .unwrap();
    assert_eq!(removed.map(|doc| doc.title), Some("hello".into()));
    assert_eq!(raw_item(&db, "d1").await, None);
}

#[tokio::test]
async fn auto_ids_are_unique_across_a_thousand_creates() {
    let db = docs_db().await;
    let ids: Vec<String> = stream::iter(0..1_000)
        .map(|n| {
            let db = &db;
            async move {
                db.create(&doc("", &format!("doc {n}")))
                    .await
                    .map(|doc| doc.id)
            }
        })
        .buffer_unordered(32)
        .try_collect()
        .await
        .unwrap();
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), 1_000);
    for id in &ids {
        assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 4);
    }
    assert_eq!(db.scan::<Doc>().count().await.unwrap(), 1_000);
}

#[tokio::test]
async fn a_counter_is_exact_under_sixteen_concurrent_updates() {
    let db = docs_db().await;
    let created = db.create(&doc("", "busy")).await.unwrap();
    stream::iter(0..16)
        .map(|n| {
            let (db, id) = (&db, created.id.as_str());
            async move {
                db.update::<Doc>(id)
                    .set(Doc::TITLE, format!("edit {n}"))
                    .await
            }
        })
        .buffer_unordered(16)
        .try_collect::<Vec<()>>()
        .await
        .unwrap();
    let after = stored(&db, &created.id).await.unwrap();
    assert_eq!(after.edits, 16);
    assert_eq!(after.credits, 100 - 16 * 10);
    assert_eq!(after.version, 17);
}

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "grants")]
struct Grant {
    #[dynamo(hash_key)]
    id: String,
    scope: String,
    #[dynamo(ttl)]
    expires_at: u64,
}

#[tokio::test]
async fn patch_and_remove_if_treat_an_expired_item_as_missing() {
    let db = fresh_db().await;
    db.create_table::<Grant>().await.unwrap();
    ttl::keep_expired_items::<Grant>(&db).await;
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let grant = |id: &str, expires_at: u64| Grant {
        id: id.into(),
        scope: "read".into(),
        expires_at,
    };
    db.put(&grant("old", now - 60)).await.unwrap();
    db.put(&grant("live", now + 3_600)).await.unwrap();

    let patched = db.patch::<Grant>("old").set(Grant::SCOPE, "write").await;
    assert!(
        matches!(patched, Err(Error::NotFound { .. })),
        "{patched:?}"
    );
    let removed = db.remove_if::<Grant>("old", Grant::SCOPE.eq("read")).await;
    assert!(
        matches!(removed, Err(Error::NotFound { .. })),
        "{removed:?}"
    );
    let kept = db
        .get::<Grant>("old")
        .include_expired()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.scope, "read", "the expired item is untouched");

    db.patch::<Grant>("live")
        .set(Grant::SCOPE, "write")
        .await
        .unwrap();
    assert_eq!(
        db.get::<Grant>("live").await.unwrap().unwrap().scope,
        "write"
    );
    let refused = db.remove_if::<Grant>("live", Grant::SCOPE.eq("read")).await;
    assert!(
        matches!(
            refused,
            Err(Error::ConditionFailed {
                current: Some(_),
                ..
            })
        ),
        "{refused:?}"
    );
}

#[tokio::test]
async fn upsert_and_patch_take_part_in_transactions() {
    let db = docs_db().await;
    let created = db.create(&doc("d1", "hello")).await.unwrap();
    db.transact()
        .write(db.upsert(&doc("d2", "upserted")))
        .write(db.patch::<Doc>("d1").set(Doc::TITLE, "patched"))
        .await
        .unwrap();
    assert_eq!(stored(&db, "d2").await.unwrap().title, "upserted");
    let patched = stored(&db, "d1").await.unwrap();
    assert_eq!(
        (patched.title.as_str(), patched.version),
        ("patched", created.version + 1)
    );

    let cancelled = db
        .transact()
        .write(db.upsert(&doc("d3", "never")))
        .write(db.patch::<Doc>("missing").set(Doc::TITLE, "x"))
        .await;
    match cancelled {
        Err(Error::TransactionCanceled { reasons, .. }) => {
            assert_eq!(reasons[1].code, "ConditionalCheckFailed");
        }
        other => panic!("expected a cancelled transaction, got {other:?}"),
    }
    assert_eq!(raw_item(&db, "d3").await, None, "nothing of it was applied");
}

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "tags")]
struct Tag {
    #[dynamo(hash_key)]
    name: String,
}

#[tokio::test]
async fn upserting_a_model_with_only_a_key_writes_the_key() {
    let db = fresh_db().await;
    db.create_table::<Tag>().await.unwrap();
    let rust = Tag {
        name: "rust".into(),
    };
    db.upsert(&rust).await.unwrap();
    assert_eq!(db.get::<Tag>("rust").await.unwrap(), Some(rust.clone()));
    let in_transaction = db.transact().write(db.upsert(&rust)).await;
    assert!(
        matches!(in_transaction, Err(Error::InvalidRequest { ref reason }) if reason.contains("put the item")),
        "{in_transaction:?}"
    );
}
