//! Tables created from the schema, checked with DescribeTable.

mod common;

use common::fresh_db;
use dynamoxide::types::{BillingMode, KeyType, ScalarAttributeType, TableStatus};
use dynamoxide::{ByteBuf, Error, Model};
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "events")]
struct Event {
    #[dynamo(range_key)]
    at: u64,
    #[dynamo(hash_key)]
    stream: ByteBuf,
    payload: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "sessions")]
struct Session {
    #[dynamo(hash_key)]
    token: String,
}

fn key_schema(table: &dynamoxide::types::TableDescription) -> Vec<(String, KeyType)> {
    table
        .key_schema()
        .iter()
        .map(|key| (key.attribute_name().to_owned(), key.key_type().clone()))
        .collect()
}

fn attribute_types(
    table: &dynamoxide::types::TableDescription,
) -> Vec<(String, ScalarAttributeType)> {
    let mut types: Vec<_> = table
        .attribute_definitions()
        .iter()
        .map(|definition| {
            (
                definition.attribute_name().to_owned(),
                definition.attribute_type().clone(),
            )
        })
        .collect();
    types.sort_by(|a, b| a.0.cmp(&b.0));
    types
}

#[tokio::test]
async fn created_table_has_the_declared_key_schema() {
    let db = fresh_db().await;
    let created = db.create_table::<Event>().await.unwrap();
    assert_eq!(created.table_status(), Some(&TableStatus::Active));

    let described = db.describe_table::<Event>().await.unwrap();
    assert_eq!(
        described.table_name(),
        Some(db.table_name::<Event>().as_ref())
    );
    assert_eq!(
        key_schema(&described),
        [
            ("stream".to_owned(), KeyType::Hash),
            ("at".to_owned(), KeyType::Range)
        ]
    );
    assert_eq!(
        attribute_types(&described),
        [
            ("at".to_owned(), ScalarAttributeType::N),
            ("stream".to_owned(), ScalarAttributeType::B)
        ]
    );
    assert_eq!(
        described
            .billing_mode_summary()
            .and_then(|summary| summary.billing_mode()),
        Some(&BillingMode::PayPerRequest)
    );
}

#[tokio::test]
async fn hash_only_table_has_one_key() {
    let db = fresh_db().await;
    let created = db.create_table::<Session>().await.unwrap();
    assert_eq!(key_schema(&created), [("token".to_owned(), KeyType::Hash)]);
    assert_eq!(
        attribute_types(&created),
        [("token".to_owned(), ScalarAttributeType::S)]
    );
}

#[tokio::test]
async fn creating_an_existing_table_is_an_error_unless_if_not_exists() {
    let db = fresh_db().await;
    db.create_table::<Session>().await.unwrap();
    db.create(&Session { token: "t1".into() }).await.unwrap();

    let error = db.create_table::<Session>().await.unwrap_err();
    assert!(
        matches!(&error, Error::TableAlreadyExists { table, .. } if *table == db.table_name::<Session>()),
        "{error:?}"
    );
    let existing = db.create_table::<Session>().if_not_exists().await.unwrap();
    assert_eq!(
        existing.item_count(),
        Some(1),
        "the existing table is kept as it is"
    );
    assert!(db.get::<Session>("t1").await.unwrap().is_some());
}

#[tokio::test]
async fn delete_table_removes_it() {
    let db = fresh_db().await;
    db.create_table::<Session>().await.unwrap();
    db.delete_table::<Session>().await.unwrap();
    assert!(matches!(
        db.describe_table::<Session>().await,
        Err(Error::TableNotFound { .. })
    ));
    assert!(matches!(
        db.delete_table::<Session>().await,
        Err(Error::TableNotFound { .. })
    ));
}

#[tokio::test]
async fn prefixes_keep_tables_apart() {
    let db = fresh_db().await;
    let blue = db.clone().with_table_suffix("-blue").unwrap();
    let green = db.clone().with_table_suffix(".green").unwrap();
    blue.create_table::<Session>().await.unwrap();
    green.create_table::<Session>().await.unwrap();
    blue.create(&Session {
        token: "shared".into(),
    })
    .await
    .unwrap();

    assert!(blue.get::<Session>("shared").await.unwrap().is_some());
    assert!(green.get::<Session>("shared").await.unwrap().is_none());
    let prefix = db.table_name::<Session>().replace("sessions", "");
    assert_eq!(
        blue.table_name::<Session>(),
        format!("{prefix}sessions-blue")
    );
    assert_eq!(
        green.table_name::<Session>(),
        format!("{prefix}sessions.green")
    );
}
