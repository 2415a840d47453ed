//! Optimistic locking with `#[dynamo(version)]`: every write checks and bumps the version.

mod common;

use common::fresh_db;
use dynamoxide::{Db, Error, Model};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "counters")]
struct Counter {
    #[dynamo(hash_key)]
    id: String,
    value: u64,
    #[dynamo(version)]
    version: u64,
}

fn counter(version: u64) -> Counter {
    Counter {
        id: "c".into(),
        value: 0,
        version,
    }
}

async fn table() -> Db {
    let db = fresh_db().await;
    db.create_table::<Counter>().await.unwrap();
    db
}

async fn stored(db: &Db) -> Counter {
    db.get::<Counter>("c")
        .consistent_read()
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn create_writes_version_one() {
    let db = table().await;
    db.create(&counter(0)).await.unwrap();
    assert_eq!(stored(&db).await.version, 1);
    assert!(matches!(
        db.create(&counter(0)).await,
        Err(Error::AlreadyExists { .. })
    ));
}

#[tokio::test]
async fn put_requires_the_stored_version_and_bumps_it() {
    let db = table().await;
    db.put(&counter(0)).await.unwrap(); // version 0: only when no item exists
    let mut current = stored(&db).await;
    assert_eq!(current.version, 1);

    current.value = 10;
    db.put(&current).await.unwrap();
    assert_eq!(
        stored(&db).await,
        Counter {
            value: 10,
            version: 2,
            ..counter(0)
        }
    );

    let stale = Counter {
        value: 99,
        ..current.clone()
    }; // still version 1
    let error = db.put(&stale).await.unwrap_err();
    match &error {
        Error::VersionConflict {
            expected, stored, ..
        } => {
            assert_eq!((*expected, *stored), (1, Some(2)));
        }
        other => panic!("expected VersionConflict, got {other:?}"),
    }
    assert_eq!(error.current_item::<Counter>().unwrap().unwrap().value, 10);
    assert_eq!(stored(&db).await.value, 10);

    let error = db.put(&counter(0)).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::VersionConflict {
                expected: 0,
                stored: Some(2),
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn update_bumps_the_version_and_can_expect_one() {
    let db = table().await;
    db.create(&counter(0)).await.unwrap();
    let after = db
        .update::<Counter>("c")
        .increment(Counter::VALUE, 5)
        .expect_version(1)
        .return_new()
        .await
        .unwrap()
        .unwrap();
    assert_eq!((after.value, after.version), (5, 2));

    let error = db
        .update::<Counter>("c")
        .increment(Counter::VALUE, 5)
        .expect_version(1)
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::VersionConflict {
                expected: 1,
                stored: Some(2),
                ..
            }
        ),
        "{error:?}"
    );

    db.update::<Counter>("c")
        .increment(Counter::VALUE, 1)
        .await
        .unwrap();
    assert_eq!(
        stored(&db).await.version,
        3,
        "every update bumps the version"
    );
}

#[tokio::test]
async fn delete_can_expect_a_version() {
    let db = table().await;
    db.create(&counter(0)).await.unwrap();
    let error = db
        .delete::<Counter>("c")
        .expect_version(7)
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::VersionConflict {
                expected: 7,
                stored: Some(1),
                ..
            }
        ),
        "{error:?}"
    );
    assert!(db.get::<Counter>("c").await.unwrap().is_some());
    db.delete::<Counter>("c").expect_version(1).await.unwrap();
    assert!(db.get::<Counter>("c").await.unwrap().is_none());
}

#[tokio::test]
async fn thirty_two_writers_lose_no_update() {
    let db = table().await;
    db.create(&counter(0)).await.unwrap();
    let conflicts = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..32 {
        let db = db.clone();
        let conflicts = conflicts.clone();
        tasks.push(tokio::spawn(async move {
            loop {
                let mut current = stored(&db).await;
                current.value += 1;
                match db.put(&current).await {
                    Ok(()) => return,
                    Err(Error::VersionConflict { .. }) => {
                        conflicts.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(other) => panic!("unexpected {other:?}"),
                }
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let last = stored(&db).await;
    assert_eq!(last.value, 32, "every successful write counted once");
    assert_eq!(last.version, 33);
    println!("conflicts reported: {}", conflicts.load(Ordering::Relaxed));
}

#[tokio::test]
async fn version_zero_conflicts_with_any_stored_item() {
    let db = table().await;
    // An item written before the model had a version attribute.
    db.client()
        .put_item()
        .table_name(db.table_name::<Counter>())
        .item("id", dynamoxide::types::AttributeValue::S("c".into()))
        .item("value", dynamoxide::types::AttributeValue::N("5".into()))
        .send()
        .await
        .unwrap();
    let error = db.put(&counter(0)).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::VersionConflict {
                expected: 0,
                stored: Some(0),
                ..
            }
        ),
        "{error:?}"
    );
}
