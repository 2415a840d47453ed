//! What DynamoDB would reject is a typed error before any request, and the table is left as
//! it was; what cannot be read names the attribute at fault.

mod common;
#[path = "common/raw.rs"]
mod raw;

use common::fresh_db;
use dynamoxide::codec::Direction;
use dynamoxide::limits::{LimitViolation, MAX_ITEM_SIZE};
use dynamoxide::types::AttributeValue;
use dynamoxide::{Error, KeyScalar, Model, ScalarType};
use raw::put_raw;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "documents")]
struct Document {
    #[dynamo(hash_key)]
    id: String,
    body: String,
    rating: f64,
    scores: Vec<f64>,
}

fn document(id: &str) -> Document {
    Document {
        id: id.into(),
        body: "hello".into(),
        rating: 4.5,
        scores: vec![1.0],
    }
}

async fn item_count<M: Model>(db: &dynamoxide::Db) -> i32 {
    db.client()
        .scan()
        .table_name(db.table_name::<M>())
        .consistent_read(true)
        .send()
        .await
        .unwrap()
        .count()
}

#[tokio::test]
async fn an_item_over_400_kb_is_rejected_before_sending() {
    let db = fresh_db().await;
    db.create_table::<Document>().await.unwrap();
    let big = Document {
        body: "x".repeat(MAX_ITEM_SIZE),
        ..document("big")
    };
    for result in [db.create(&big).await.map(drop), db.put(&big).await] {
        match result {
            Err(Error::InvalidItem {
                model: "Document",
                violation: LimitViolation::ItemTooLarge { size, limit },
            }) => {
                assert!(size > MAX_ITEM_SIZE);
                assert_eq!(limit, MAX_ITEM_SIZE);
            }
            other => panic!("expected ItemTooLarge, got {other:?}"),
        }
    }
    assert_eq!(item_count::<Document>(&db).await, 0);

    let just_fits = Document {
        body: "x".repeat(MAX_ITEM_SIZE - 200),
        ..document("fits")
    };
    db.create(&just_fits).await.unwrap();
    assert_eq!(db.get::<Document>("fits").await.unwrap(), Some(just_fits));
}

#[tokio::test]
async fn non_finite_numbers_are_rejected_with_their_path() {
    let db = fresh_db().await;
    db.create_table::<Document>().await.unwrap();
    let cases = [
        (
            Document {
                rating: f64::NAN,
                ..document("nan")
            },
            "rating",
        ),
        (
            Document {
                scores: vec![1.0, 2.0, f64::INFINITY],
                ..document("inf")
            },
            "scores[2]",
        ),
    ];
    for (bad, path) in cases {
        let error = db.put(&bad).await.unwrap_err();
        assert!(
            matches!(&error, Error::InvalidItem { violation: LimitViolation::InvalidNumber { attribute, .. }, .. } if attribute == path),
            "{error:?}"
        );
    }
    assert_eq!(item_count::<Document>(&db).await, 0);
}

#[tokio::test]
async fn an_empty_key_string_is_rejected_before_sending() {
    let db = fresh_db().await;
    db.create_table::<Document>().await.unwrap();
    let error = db.create(&document("")).await.unwrap_err();
    assert!(
        matches!(&error, Error::InvalidKey { model: "Document", attribute, .. } if attribute == "id"),
        "{error:?}"
    );
    let error = db.get::<Document>("").await.unwrap_err();
    assert!(matches!(error, Error::InvalidKey { .. }), "{error:?}");
    assert_eq!(item_count::<Document>(&db).await, 0);
}

#[tokio::test]
async fn reading_an_item_without_a_required_attribute_names_it() {
    let db = fresh_db().await;
    db.create_table::<Document>().await.unwrap();
    put_raw::<Document>(
        &db,
        HashMap::from([
            ("id".to_owned(), AttributeValue::S("partial".into())),
            ("body".to_owned(), AttributeValue::S("b".into())),
            ("scores".to_owned(), AttributeValue::L(vec![])),
        ]),
    )
    .await;
    let error = db.get::<Document>("partial").await.unwrap_err();
    match error {
        Error::Codec {
            direction: Direction::Read,
            model: "Document",
            attribute: Some(attribute),
            ..
        } => assert_eq!(attribute, "rating"),
        other => panic!("expected a codec error naming `rating`, got {other:?}"),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Address {
    street: String,
    zip: String,
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "shipments")]
struct Shipment {
    #[dynamo(hash_key)]
    id: String,
    address: Address,
}

#[tokio::test]
async fn reading_an_item_without_a_nested_attribute_names_its_path() {
    let db = fresh_db().await;
    db.create_table::<Shipment>().await.unwrap();
    let address = HashMap::from([("street".to_owned(), AttributeValue::S("Main St".into()))]);
    put_raw::<Shipment>(
        &db,
        HashMap::from([
            ("id".to_owned(), AttributeValue::S("no-zip".into())),
            ("address".to_owned(), AttributeValue::M(address)),
        ]),
    )
    .await;
    let named = |error: Error| match error {
        Error::Codec {
            direction: Direction::Read,
            model: "Shipment",
            attribute: Some(attribute),
            message,
            ..
        } => (attribute, message),
        other => panic!("expected a codec error naming `address.zip`, got {other:?}"),
    };
    let expected = (
        "address.zip".to_owned(),
        "the stored item has no such attribute".to_owned(),
    );
    let error = db.get::<Shipment>("no-zip").await.unwrap_err();
    assert_eq!(named(error), expected);
    let error = db.scan::<Shipment>().all().await.unwrap_err();
    assert_eq!(named(error), expected);
}

#[tokio::test]
async fn reading_an_attribute_of_the_wrong_type_names_its_path() {
    let db = fresh_db().await;
    db.create_table::<Document>().await.unwrap();
    put_raw::<Document>(
        &db,
        HashMap::from([
            ("id".to_owned(), AttributeValue::S("typo".into())),
            ("body".to_owned(), AttributeValue::S("b".into())),
            ("rating".to_owned(), AttributeValue::N("1".into())),
            (
                "scores".to_owned(),
                AttributeValue::L(vec![
                    AttributeValue::N("1".into()),
                    AttributeValue::S("two".into()),
                ]),
            ),
        ]),
    )
    .await;
    let error = db.get::<Document>("typo").await.unwrap_err();
    assert!(
        matches!(&error, Error::Codec { attribute: Some(path), .. } if path == "scores[1]"),
        "{error:?}"
    );
    assert!(error.to_string().contains("scores[1]"), "{error}");
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "threads")]
struct Thread {
    #[dynamo(hash_key)]
    board: String,
    #[dynamo(range_key)]
    topic: String,
}

#[tokio::test]
async fn key_lengths_are_checked_before_sending() {
    let db = fresh_db().await;
    db.create_table::<Thread>().await.unwrap();
    let long_range = Thread {
        board: "b".into(),
        topic: "t".repeat(1025),
    };
    let error = db.create(&long_range).await.unwrap_err();
    assert!(
        matches!(&error, Error::InvalidKey { attribute, .. } if attribute == "topic"),
        "{error:?}"
    );
    let long_hash = Thread {
        board: "b".repeat(2049),
        topic: "t".into(),
    };
    let error = db.create(&long_hash).await.unwrap_err();
    assert!(
        matches!(&error, Error::InvalidKey { attribute, .. } if attribute == "board"),
        "{error:?}"
    );
    let at_the_limits = Thread {
        board: "b".repeat(2048),
        topic: "t".repeat(1024),
    };
    db.create(&at_the_limits).await.unwrap();
    let key = (at_the_limits.board.clone(), at_the_limits.topic.clone());
    assert_eq!(db.get::<Thread>(key).await.unwrap(), Some(at_the_limits));
}

/// A number key that can be wider than DynamoDB's 38 digits.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
struct Amount(u128);

impl KeyScalar for Amount {
    const SCALAR_TYPE: ScalarType = ScalarType::Number;
}

/// A number key with a fraction.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
struct Moment(f64);

impl KeyScalar for Moment {
    const SCALAR_TYPE: ScalarType = ScalarType::Number;
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "ledgers")]
#[dynamo(gsi(name = "by_amount", hash_key = "amount"))]
struct Ledger {
    #[dynamo(hash_key)]
    account: Amount,
    #[dynamo(range_key)]
    at: Moment,
    amount: Amount,
}

fn ledger(account: u128, at: f64, amount: u128) -> Ledger {
    Ledger {
        account: Amount(account),
        at: Moment(at),
        amount: Amount(amount),
    }
}

#[tokio::test]
async fn a_key_number_dynamodb_cannot_store_is_an_invalid_key_before_sending() {
    let db = fresh_db().await;
    db.create_table::<Ledger>().await.unwrap();
    // 39 digits, a number under DynamoDB's smallest positive one, and 39 digits in an index
    // key: the key checks name the key attribute, though the item's limits are broken too.
    let cases: [(Ledger, &str, &[&str]); 3] = [
        (
            ledger(u128::MAX, 1.0, 1),
            "account",
            &["38 significant digits"],
        ),
        (ledger(1, 1e-200, 1), "at", &["smallest positive number"]),
        (
            ledger(1, 1.0, u128::MAX),
            "amount",
            &["`by_amount`", "38 significant digits"],
        ),
    ];
    for (unstorable, attribute, reasons) in &cases {
        for error in [
            db.put(unstorable).await.unwrap_err(),
            db.batch_put([unstorable]).await.unwrap_err(),
        ] {
            assert!(
                matches!(&error, Error::InvalidKey { attribute: at_fault, reason: why, .. }
                    if at_fault == attribute && reasons.iter().all(|reason| why.contains(reason))),
                "{error:?}"
            );
        }
    }
    // A key alone, a read's, is checked as well.
    for (unstorable, attribute, reasons) in &cases[..2] {
        let key = (unstorable.account, unstorable.at);
        let error = db.get::<Ledger>(key).await.unwrap_err();
        assert!(
            matches!(&error, Error::InvalidKey { attribute: at_fault, reason: why, .. }
                if at_fault == attribute && reasons.iter().all(|reason| why.contains(reason))),
            "{error:?}"
        );
    }
    assert_eq!(item_count::<Ledger>(&db).await, 0);
    // At the limits, every key number is written.
    let widest = 10u128.pow(38) - 1;
    let stored = ledger(widest, 1e-130, widest);
    db.put(&stored).await.unwrap();
    let key = (Amount(widest), Moment(1e-130));
    assert_eq!(db.get::<Ledger>(key).await.unwrap(), Some(stored));
}

/// A model whose fields all tell their size as they are written, and whose `set` transform
/// makes the stored name shorter than the written one.
#[derive(Model, Debug, Clone, Serialize, Deserialize)]
#[dynamo(table = "trimmed")]
struct Trimmed {
    #[dynamo(hash_key)]
    id: String,
    padding: String,
    #[dynamo(set = dynamoxide::transform::trim)]
    name: String,
}

/// One whose list of strings is stored as a string set, smaller than the list.
#[derive(Model, Debug, Clone, Serialize, Deserialize)]
#[dynamo(table = "tagged")]
struct Tagged {
    #[dynamo(hash_key)]
    id: String,
    padding: String,
    #[dynamo(set)]
    tags: Vec<String>,
}

/// One whose counter a create stores at its start, larger than the field's value.
#[derive(Model, Debug, Clone, Serialize, Deserialize)]
#[dynamo(table = "visited")]
struct Visited {
    #[dynamo(hash_key)]
    id: String,
    padding: String,
    #[dynamo(counter(start = 1234567))]
    visits: u64,
}

/// One whose key attributes are made from templates, and which stores its entity type.
#[derive(Model, Debug, Clone, Serialize, Deserialize)]
#[dynamo(table = "templated", hash_key = "DOC#{id}", range_key = "#DOC")]
struct Templated {
    id: String,
    padding: String,
}

/// One that stores its entity type, without key templates.
#[derive(Model, Debug, Clone, Serialize, Deserialize)]
#[dynamo(table = "labelled", entity = "LABEL")]
struct Labelled {
    #[dynamo(hash_key)]
    id: String,
    padding: String,
}

/// One whose empty id a write fills with a UUID.
#[derive(Model, Debug, Clone, Serialize, Deserialize)]
#[dynamo(table = "numbered")]
struct Numbered {
    #[dynamo(hash_key, auto = uuid)]
    id: String,
    padding: String,
}

/// One whose TTL is an integer of epoch seconds, which the writer stores as it is.
#[derive(Model, Debug, Clone, Serialize, Deserialize)]
#[dynamo(table = "expiring")]
struct Expiring {
    #[dynamo(hash_key)]
    id: String,
    padding: String,
    #[dynamo(ttl)]
    expires: i64,
}

/// One whose TTL is an optional integer: left out when `None`, as the writer left it.
#[derive(Model, Debug, Clone, Serialize, Deserialize)]
#[dynamo(table = "lapsing")]
struct Lapsing {
    #[dynamo(hash_key)]
    id: String,
    padding: String,
    #[dynamo(ttl)]
    expires: Option<u64>,
}

/// A day after `at`: the `set` transform of [`Extended`]'s TTL.
fn a_day_later(at: i64) -> i64 {
    at + 86_400
}

/// One whose integer TTL a `set` transform changes after the writer.
#[derive(Model, Debug, Clone, Serialize, Deserialize)]
#[dynamo(table = "extended")]
struct Extended {
    #[dynamo(hash_key)]
    id: String,
    padding: String,
    #[dynamo(ttl, set = a_day_later)]
    expires: i64,
}

/// One whose TTL is a time, which a write rule stores as epoch seconds after the writer.
#[derive(Model, Debug, Clone, Serialize, Deserialize)]
#[dynamo(table = "leased")]
struct Leased {
    #[dynamo(hash_key)]
    id: String,
    padding: String,
    #[dynamo(ttl)]
    expires: std::time::SystemTime,
}

/// The size of the item a create of `model` sends, by the limits' walk over it.
fn sent_size<M: Model>(db: &dynamoxide::Db, model: &M) -> usize {
    let input = db.create(model).into_input().unwrap();
    dynamoxide::limits::check_item(input.item().unwrap()).unwrap()
}

/// Pads the item `make` makes to DynamoDB's 400 KB as sent: it is checked as fitting, and a
/// byte more as too large by that byte.
fn fits_to_the_byte<M: Model>(db: &dynamoxide::Db, make: impl Fn(String) -> M) {
    let unpadded = sent_size(db, &make(String::new()));
    let fits = make("x".repeat(MAX_ITEM_SIZE - unpadded));
    assert_eq!(sent_size(db, &fits), MAX_ITEM_SIZE);
    match db
        .create(&make("x".repeat(MAX_ITEM_SIZE - unpadded + 1)))
        .into_input()
    {
        Err(Error::InvalidItem {
            violation: LimitViolation::ItemTooLarge { size, .. },
            ..
        }) => assert_eq!(size, MAX_ITEM_SIZE + 1),
        other => panic!("expected ItemTooLarge, got {other:?}"),
    }
}

#[test]
fn what_the_schema_changes_after_the_writer_counts_toward_400_kb() {
    let db = dynamoxide::Db::for_endpoint("http://localhost:8000");
    fits_to_the_byte(&db, |padding| Trimmed {
        id: "t".into(),
        padding,
        name: format!("  ada{}  ", " ".repeat(50)),
    });
    fits_to_the_byte(&db, |padding| Tagged {
        id: "t".into(),
        padding,
        tags: vec!["a".into(), "b".into(), "c".into()],
    });
    fits_to_the_byte(&db, |padding| Visited {
        id: "t".into(),
        padding,
        visits: 0,
    });
    fits_to_the_byte(&db, |padding| Templated {
        id: "t".into(),
        padding,
    });
    fits_to_the_byte(&db, |padding| Labelled {
        id: "t".into(),
        padding,
    });
    fits_to_the_byte(&db, |padding| Numbered {
        id: String::new(),
        padding,
    });
}

#[test]
fn an_integer_ttl_leaves_the_item_as_the_writer_made_it_and_a_time_ttl_does_not() {
    // The size the writer tells stands for an integer TTL's item, not for a time TTL's, nor
    // for an integer TTL a rule changes.
    const { assert!(!<Expiring as Model>::__RULES_CHANGE_ITEM) };
    const { assert!(!<Lapsing as Model>::__RULES_CHANGE_ITEM) };
    const { assert!(<Extended as Model>::__RULES_CHANGE_ITEM) };
    const { assert!(<Leased as Model>::__RULES_CHANGE_ITEM) };
    let db = dynamoxide::Db::for_endpoint("http://localhost:8000");
    fits_to_the_byte(&db, |padding| Expiring {
        id: "t".into(),
        padding,
        expires: 1_763_900_000,
    });
    for expires in [None, Some(u64::MAX)] {
        fits_to_the_byte(&db, |padding| Lapsing {
            id: "t".into(),
            padding,
            expires,
        });
    }
    fits_to_the_byte(&db, |padding| Extended {
        id: "t".into(),
        padding,
        expires: 99_999_999,
    });
    fits_to_the_byte(&db, |padding| Leased {
        id: "t".into(),
        padding,
        expires: std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_763_900_000),
    });
}
