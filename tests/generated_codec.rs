//! The reader and writer `#[derive(Model)]` generates, against DynamoDB Local: what a put,
//! a batch put, a get, a query and a scan write and read back, an item another writer
//! stored with a wrong type, and models that keep a hand-written `Deserialize` with
//! `#[dynamo(read_with_serde)]` or a hand-written `Serialize` with
//! `#[dynamo(write_with_serde)]`.

mod common;
#[path = "common/hand_written.rs"]
mod hand_written;
#[path = "common/raw.rs"]
mod raw;

use common::fresh_db;
use dynamoxide::types::AttributeValue;
use dynamoxide::{Error, Model};
use hand_written::{Account, Plan};
use raw::put_raw;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "reader_orders")]
#[serde(rename_all = "camelCase")]
struct Order {
    #[dynamo(hash_key)]
    customer: String,
    #[dynamo(range_key)]
    number: u64,
    total: f64,
    lines: Vec<String>,
    counts: Vec<u32>,
    note: Option<String>,
    tags: BTreeSet<String>,
    placed_at: Option<i64>,
}

fn order(number: u64) -> Order {
    Order {
        customer: "c1".into(),
        number,
        total: number as f64 * 1.25,
        lines: vec![format!("sku-{number}"), "sku-0".into()],
        counts: vec![1, number as u32],
        note: number.is_multiple_of(2).then(|| "leave at the door".into()),
        tags: if number == 1 {
            BTreeSet::new()
        } else {
            ["gift".to_owned()].into()
        },
        placed_at: Some(1_763_900_000 + number as i64),
    }
}

#[tokio::test]
async fn what_the_generated_writer_writes_reads_back_through_the_generated_reader() {
    const { assert!(<Order as Model>::__GENERATED_READER) };
    const { assert!(<Order as Model>::__GENERATED_WRITER) };
    let db = fresh_db().await;
    db.create_table::<Order>().await.unwrap();
    let orders: Vec<Order> = (1..=8).map(order).collect();
    for order in &orders[..4] {
        db.put(order).await.unwrap();
    }
    db.batch_put(&orders[4..]).await.unwrap();
    let stored = db
        .client()
        .get_item()
        .table_name(db.table_name::<Order>())
        .key("customer", AttributeValue::S("c1".into()))
        .key("number", AttributeValue::N("1".into()))
        .consistent_read(true)
        .send()
        .await
        .unwrap()
        .item
        .unwrap();
    let names: BTreeSet<&str> = stored.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        BTreeSet::from(["customer", "number", "total", "lines", "counts", "placedAt"]),
        "no `note` (None) and no `tags` (an empty set)"
    );
    assert_eq!(stored["total"], AttributeValue::N("1.25".into()));
    let read = db.get::<Order>(("c1", 2)).consistent_read().await.unwrap();
    assert_eq!(read.as_ref(), Some(&orders[1]));
    let queried: Vec<Order> = db.query::<Order>().hash("c1").all().await.unwrap();
    assert_eq!(queried, orders);
    let mut scanned: Vec<Order> = db.scan::<Order>().all().await.unwrap();
    scanned.sort_by_key(|order| order.number);
    assert_eq!(scanned, orders);
}

#[tokio::test]
async fn a_wrong_type_another_writer_stored_is_named_by_its_path() {
    let db = fresh_db().await;
    db.create_table::<Order>().await.unwrap();
    put_raw::<Order>(
        &db,
        HashMap::from([
            ("customer".to_owned(), AttributeValue::S("c9".into())),
            ("number".to_owned(), AttributeValue::N("1".into())),
            ("total".to_owned(), AttributeValue::N("2.5".into())),
            ("lines".to_owned(), AttributeValue::Ss(vec!["sku-1".into()])),
            (
                "counts".to_owned(),
                AttributeValue::L(vec![
                    AttributeValue::N("1".into()),
                    AttributeValue::S("two".into()),
                ]),
            ),
        ]),
    )
    .await;
    let error = db
        .get::<Order>(("c9", 1))
        .consistent_read()
        .await
        .unwrap_err();
    let Error::Codec {
        attribute, message, ..
    } = error
    else {
        panic!("expected a codec error, got {error:?}");
    };
    assert_eq!(attribute.as_deref(), Some("counts[1]"));
    assert_eq!(message, "expected a number (N), found a string (S)");
}

#[tokio::test]
async fn read_with_serde_reads_what_came_back_through_a_hand_written_deserialize() {
    let db = fresh_db().await;
    db.create_table::<Account>().await.unwrap();
    put_raw::<Account>(
        &db,
        HashMap::from([("id".to_owned(), AttributeValue::S("a1".into()))]),
    )
    .await;
    let read = db.get::<Account>("a1").consistent_read().await.unwrap();
    assert_eq!(
        read,
        Some(Account {
            id: "a1".into(),
            plan: "free".into()
        })
    );
}

#[tokio::test]
async fn write_with_serde_stores_what_a_hand_written_serialize_writes() {
    let db = fresh_db().await;
    db.create_table::<Plan>().await.unwrap();
    let plan = Plan {
        id: "p1".into(),
        name: "pro".into(),
    };
    db.put(&plan).await.unwrap();
    let read = db.get::<Plan>("p1").consistent_read().await.unwrap();
    assert_eq!(read.map(|plan| plan.name).as_deref(), Some("PRO"));
}
