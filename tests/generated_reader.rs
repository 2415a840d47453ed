//! The reader `#[derive(Model)]` generates, against DynamoDB Local: what a put, a get, a
//! query and a scan read back, an item another writer stored with a wrong type, and a model
//! that keeps its hand-written `Deserialize` with `#[dynamo(read_with_serde)]`.

mod common;

use common::fresh_db;
use dynamoxide::types::AttributeValue;
use dynamoxide::{Error, Model};
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

async fn put_raw<M: Model>(db: &dynamoxide::Db, item: HashMap<String, AttributeValue>) {
    db.client()
        .put_item()
        .table_name(db.table_name::<M>())
        .set_item(Some(item))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn what_is_written_reads_back_through_the_generated_reader() {
    const { assert!(<Order as Model>::__GENERATED_READER) };
    let db = fresh_db().await;
    db.create_table::<Order>().await.unwrap();
    let orders: Vec<Order> = (1..=4).map(order).collect();
    for order in &orders {
        db.put(order).await.unwrap();
    }
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

/// Items stored before `plan` existed read as the free plan: the `Deserialize` below does
/// it, so the model asks to be read through it.
#[derive(Model, Debug, PartialEq, Serialize)]
#[dynamo(table = "reader_accounts", read_with_serde)]
struct Account {
    #[dynamo(hash_key)]
    id: String,
    plan: String,
}

impl<'de> Deserialize<'de> for Account {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Stored {
            id: String,
            plan: Option<String>,
        }
        let stored = Stored::deserialize(deserializer)?;
        Ok(Account {
            id: stored.id,
            plan: stored.plan.unwrap_or_else(|| "free".into()),
        })
    }
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
