//! `Ref<T>` fields and populating them, against DynamoDB Local: the stored form is the key
//! alone, and populating many items uses batch gets (requests counted by an SDK
//! interceptor).

#[path = "common/capture.rs"]
mod capture;
mod common;

use capture::{Capture, Sent};
use dynamoxide::types::AttributeValue;
use dynamoxide::{Model, Ref};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "people")]
struct Person {
    #[dynamo(hash_key)]
    id: String,
    name: String,
    manager: Option<Ref<Person>>,
}

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "invoices")]
struct Invoice {
    #[dynamo(hash_key)]
    customer: String,
    #[dynamo(range_key)]
    number: u64,
    total: i64,
}

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "payments")]
struct Payment {
    #[dynamo(hash_key)]
    id: String,
    invoice: Ref<Invoice>,
    payer: Ref<Person>,
}

#[tokio::test]
async fn a_reference_stores_the_key_and_reads_back() {
    let db = common::fresh_db().await;
    db.create_table::<Payment>().await.unwrap();
    let payment = Payment {
        id: "pay-1".into(),
        invoice: Ref::new(("acme", 7)),
        payer: Ref::new("ada"),
    };
    db.put(&payment).await.unwrap();
    let raw = db
        .client()
        .get_item()
        .table_name(db.table_name::<Payment>())
        .key("id", AttributeValue::S("pay-1".into()))
        .send()
        .await
        .unwrap()
        .item
        .unwrap();
    assert_eq!(raw["payer"], AttributeValue::S("ada".into()));
    assert_eq!(
        raw["invoice"],
        AttributeValue::M(HashMap::from([
            ("customer".to_owned(), AttributeValue::S("acme".into())),
            ("number".to_owned(), AttributeValue::N("7".into())),
        ]))
    );
    assert_eq!(
        db.get::<Payment>("pay-1").await.unwrap(),
        Some(payment.clone())
    );

    let found = db
        .scan::<Payment>()
        .filter(Payment::INVOICE.eq(Ref::new(("acme", 7))))
        .all()
        .await
        .unwrap();
    assert_eq!(
        found,
        std::slice::from_ref(&payment),
        "a reference compares as its key in conditions"
    );

    let json = serde_json::to_value(&payment).unwrap();
    assert_eq!(
        json["invoice"],
        serde_json::json!({"customer": "acme", "number": 7})
    );
    assert_eq!(serde_json::from_value::<Payment>(json).unwrap(), payment);
}

#[tokio::test]
async fn populate_fetches_one_reference() {
    let db = common::fresh_db().await;
    db.create_table::<Invoice>().await.unwrap();
    let invoice = Invoice {
        customer: "acme".into(),
        number: 7,
        total: 120,
    };
    db.put(&invoice).await.unwrap();
    assert_eq!(
        db.populate(&Ref::<Invoice>::to(&invoice)).await.unwrap(),
        Some(invoice)
    );
    assert_eq!(
        db.populate(&Ref::<Invoice>::new(("acme", 8)))
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn populating_250_items_takes_three_batch_gets() {
    let capture = Capture::default();
    let db = capture.db(&common::fresh_db().await);
    db.create_table::<Person>().await.unwrap();
    // 250 reports of 246 managers (the last five share one), of whom m0 to m239 are stored.
    let managers: Vec<Person> = (0..240)
        .map(|n| Person {
            id: format!("m{n}"),
            name: format!("manager {n}"),
            manager: None,
        })
        .collect();
    db.batch_put(&managers).await.unwrap();
    let reports: Vec<Person> = (0..250)
        .map(|n| Person {
            id: format!("r{n}"),
            name: format!("report {n}"),
            manager: Some(Ref::new(format!("m{}", n.min(245) + 10))),
        })
        .collect();
    capture.take();

    let populated = db
        .populate_all(reports.iter().filter_map(|report| report.manager.as_ref()))
        .await
        .unwrap();

    let requests = capture.take();
    assert!(requests
        .iter()
        .all(|sent| matches!(sent, Sent::BatchGet(_))));
    assert_eq!(requests.len(), 3, "246 distinct keys: 100 + 100 + 46");
    assert_eq!(populated.len(), 250);
    for (report, manager) in reports.iter().zip(&populated) {
        let wanted = report.manager.as_ref().unwrap().key().id.clone();
        let number: usize = wanted[1..].parse().unwrap();
        match manager {
            Some(manager) => assert_eq!(manager.id, wanted),
            None => assert!(number >= 240, "{wanted} is stored but was not found"),
        }
    }
    assert_eq!(
        populated.iter().filter(|manager| manager.is_none()).count(),
        20
    );
}
