//! get / create / put / delete against DynamoDB Local.

mod common;

use common::fresh_db;
use dynamoxide::types::{AttributeValue, ReturnConsumedCapacity};
use dynamoxide::{ByteBuf, Error, Model};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Address {
    street: String,
    zip: String,
    geo: Option<(f64, f64)>,
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "users")]
struct User {
    #[dynamo(hash_key)]
    id: String,
    age: i64,
    balance: u64,
    score: f64,
    active: bool,
    tags: Vec<String>,
    counters: HashMap<String, i32>,
    address: Address,
    nickname: Option<String>,
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "orders")]
struct Order {
    #[dynamo(hash_key)]
    customer: String,
    #[dynamo(range_key)]
    number: u64,
    total_cents: i64,
    lines: Vec<Line>,
    note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Line {
    sku: String,
    quantity: u32,
}

fn user(id: &str) -> User {
    User {
        id: id.to_owned(),
        age: -42,
        balance: u64::MAX,
        score: 0.1 + 0.2,
        active: true,
        tags: vec!["a".into(), "b".into(), "a".into()],
        counters: HashMap::from([("x".into(), 1), ("y".into(), -7)]),
        address: Address {
            street: "1 Main St".into(),
            zip: "02134".into(),
            geo: Some((42.35, -71.06)),
        },
        nickname: None,
    }
}

fn order(customer: &str, number: u64) -> Order {
    Order {
        customer: customer.to_owned(),
        number,
        total_cents: i64::MIN,
        lines: vec![Line {
            sku: "sku-1".into(),
            quantity: 3,
        }],
        note: None,
    }
}

async fn raw_item<M: Model>(
    db: &dynamoxide::Db,
    key: M::Key,
) -> Option<HashMap<String, AttributeValue>> {
    use dynamoxide::ModelKey;
    db.client()
        .get_item()
        .table_name(db.table_name::<M>())
        .set_key(Some(key.to_item().unwrap()))
        .consistent_read(true)
        .send()
        .await
        .unwrap()
        .item
}

#[tokio::test]
async fn create_then_get_round_trips_a_hash_key_model() {
    let db = fresh_db().await;
    db.create_table::<User>().await.unwrap();
    let alice = user("alice");
    db.create(&alice).await.unwrap();

    let read = db.get::<User>("alice").consistent_read().await.unwrap();
    assert_eq!(read, Some(alice));

    let raw = raw_item::<User>(&db, "alice".into()).await.unwrap();
    assert_eq!(
        raw["balance"],
        AttributeValue::N("18446744073709551615".into())
    );
    assert_eq!(raw["age"], AttributeValue::N("-42".into()));
    assert_eq!(
        raw["score"],
        AttributeValue::N("0.30000000000000004".into())
    );
    assert!(!raw.contains_key("nickname"), "None is omitted: {raw:?}");
    let AttributeValue::M(address) = &raw["address"] else {
        panic!("nested struct is a map: {raw:?}");
    };
    assert_eq!(address["zip"], AttributeValue::S("02134".into()));
}

#[tokio::test]
async fn create_then_get_round_trips_a_hash_and_range_key_model() {
    let db = fresh_db().await;
    db.create_table::<Order>().await.unwrap();
    let first = order("c1", 1);
    let second = Order {
        note: Some("gift".into()),
        ..order("c1", 2)
    };
    db.create(&first).await.unwrap();
    db.create(&second).await.unwrap();

    assert_eq!(db.get::<Order>(("c1", 1)).await.unwrap(), Some(first));
    assert_eq!(
        db.get::<Order>(OrderKey::new("c1", 2)).await.unwrap(),
        Some(second)
    );
    assert_eq!(db.get::<Order>(("c1", 3)).await.unwrap(), None);
    assert_eq!(db.get::<Order>(("c2", 1)).await.unwrap(), None);
}

#[tokio::test]
async fn get_of_a_missing_key_is_none() {
    let db = fresh_db().await;
    db.create_table::<User>().await.unwrap();
    assert_eq!(db.get::<User>("nobody").await.unwrap(), None);
}

#[tokio::test]
async fn create_twice_is_already_exists_and_keeps_the_first_item() {
    let db = fresh_db().await;
    db.create_table::<User>().await.unwrap();
    let first = user("bob");
    db.create(&first).await.unwrap();

    let second = User {
        age: 99,
        nickname: Some("impostor".into()),
        ..user("bob")
    };
    let error = db.create(&second).await.unwrap_err();
    let Error::AlreadyExists {
        table,
        key,
        existing,
    } = error
    else {
        panic!("expected AlreadyExists, got {error:?}");
    };
    assert_eq!(table, db.table_name::<User>());
    assert_eq!(
        key,
        HashMap::from([("id".to_owned(), AttributeValue::S("bob".into()))])
    );
    let existing = existing.expect("the service returns the stored item");
    assert_eq!(existing["age"], AttributeValue::N("-42".into()));

    assert_eq!(
        db.get::<User>("bob").consistent_read().await.unwrap(),
        Some(first)
    );
}

#[tokio::test]
async fn put_overwrites_and_can_return_the_old_item() {
    let db = fresh_db().await;
    db.create_table::<User>().await.unwrap();
    let original = User {
        nickname: Some("c".into()),
        ..user("carol")
    };
    let replaced: Option<User> = db.put(&original).return_old().await.unwrap();
    assert_eq!(replaced, None);

    let updated = User {
        age: 30,
        nickname: None,
        ..user("carol")
    };
    let replaced = db.put(&updated).return_old().await.unwrap();
    assert_eq!(replaced, Some(original));
    assert_eq!(
        db.get::<User>("carol").consistent_read().await.unwrap(),
        Some(updated)
    );
    let raw = raw_item::<User>(&db, "carol".into()).await.unwrap();
    assert!(
        !raw.contains_key("nickname"),
        "an overwrite drops the old attribute"
    );
}

#[tokio::test]
async fn delete_returns_the_old_item_once() {
    let db = fresh_db().await;
    db.create_table::<Order>().await.unwrap();
    let stored = order("c9", 5);
    db.create(&stored).await.unwrap();

    let deleted = db.delete::<Order>(("c9", 5)).return_old().await.unwrap();
    assert_eq!(deleted, Some(stored));
    assert_eq!(db.get::<Order>(("c9", 5)).await.unwrap(), None);
    assert_eq!(
        db.delete::<Order>(("c9", 5)).return_old().await.unwrap(),
        None
    );
    db.delete::<Order>(("c9", 5)).await.unwrap();
}

#[tokio::test]
async fn consumed_capacity_is_returned_when_asked() {
    let db = fresh_db().await;
    db.create_table::<User>().await.unwrap();
    let written = db
        .create(&user("dave"))
        .return_consumed_capacity(ReturnConsumedCapacity::Total)
        .send_detailed()
        .await
        .unwrap();
    let capacity = written.consumed_capacity.expect("capacity was asked for");
    assert_eq!(
        capacity.table_name(),
        Some(db.table_name::<User>().as_ref())
    );
    assert!(
        capacity.capacity_units().unwrap_or(0.0) > 0.0,
        "{capacity:?}"
    );

    let read = db
        .get::<User>("dave")
        .return_consumed_capacity(ReturnConsumedCapacity::Total)
        .send_detailed()
        .await
        .unwrap();
    assert_eq!(read.value.map(|u| u.id), Some("dave".to_owned()));
    assert!(read.consumed_capacity.is_some());

    let unasked = db.get::<User>("dave").send_detailed().await.unwrap();
    assert!(unasked.consumed_capacity.is_none());
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "blobs")]
struct Blob {
    #[dynamo(hash_key)]
    digest: ByteBuf,
    #[dynamo(range_key)]
    chunk: i32,
    size: usize,
}

#[tokio::test]
async fn binary_and_number_keys_round_trip() {
    let db = fresh_db().await;
    db.create_table::<Blob>().await.unwrap();
    let blob = Blob {
        digest: ByteBuf::from(vec![0, 1, 2, 255]),
        chunk: -3,
        size: 4096,
    };
    db.create(&blob).await.unwrap();
    let key = BlobKey::new(ByteBuf::from(vec![0, 1, 2, 255]), -3);
    assert_eq!(db.get::<Blob>(key.clone()).await.unwrap(), Some(blob));
    let raw = raw_item::<Blob>(&db, key).await.unwrap();
    assert_eq!(raw["digest"], AttributeValue::B(vec![0, 1, 2, 255].into()));
}

#[tokio::test]
async fn operations_on_a_missing_table_are_table_not_found() {
    let db = fresh_db().await;
    let error = db.get::<User>("x").await.unwrap_err();
    assert!(
        matches!(&error, Error::TableNotFound { table, .. } if *table == db.table_name::<User>()),
        "{error:?}"
    );
}
