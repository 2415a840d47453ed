//! Every condition operator, both holding and failing, on real conditional writes.

mod common;

use common::fresh_db;
use dynamoxide::expr::{AttributeType, Condition};
use dynamoxide::{Attributes, Db, Error, Model};
use serde::{Deserialize, Serialize};

#[derive(Attributes, Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Address {
    city: String,
    zip: Option<String>,
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "people")]
struct Person {
    #[dynamo(hash_key)]
    id: String,
    name: String,
    age: u32,
    tags: Vec<String>,
    address: Address,
    status: Option<String>,
    #[serde(rename = "odd.name-with #chars")]
    odd: Option<String>,
}

fn ada() -> Person {
    Person {
        id: "ada".into(),
        name: "Ada Lovelace".into(),
        age: 36,
        tags: vec!["math".into(), "poetry".into()],
        address: Address {
            city: "London".into(),
            zip: None,
        },
        status: Some("active".into()),
        odd: Some("yes".into()),
    }
}

async fn seeded() -> Db {
    let db = fresh_db().await;
    db.create_table::<Person>().await.unwrap();
    db.create(&ada()).await.unwrap();
    db
}

/// Writes with `condition` and reports whether the write happened, checking that a failed
/// check changed nothing and carried the stored item.
async fn put_if(db: &Db, condition: Condition<Person>) -> bool {
    let changed = Person { age: 37, ..ada() };
    let result = db.put(&changed).condition(condition.clone()).await;
    let stored = db
        .get::<Person>("ada")
        .consistent_read()
        .await
        .unwrap()
        .unwrap();
    match result {
        Ok(()) => {
            assert_eq!(stored, changed);
            db.put(&ada()).await.unwrap();
            true
        }
        Err(error @ Error::ConditionFailed { .. }) => {
            assert_eq!(stored, ada(), "a failed condition writes nothing");
            let current = error.current_item::<Person>().unwrap().unwrap();
            assert_eq!(current, ada());
            false
        }
        Err(other) => panic!("{condition:?}: unexpected {other:?}"),
    }
}

#[tokio::test]
async fn comparisons_hold_and_fail() {
    let db = seeded().await;
    let cases: Vec<(Condition<Person>, Condition<Person>)> = vec![
        (Person::AGE.eq(36), Person::AGE.eq(35)),
        (Person::AGE.ne(35), Person::AGE.ne(36)),
        (Person::AGE.lt(37), Person::AGE.lt(36)),
        (Person::AGE.le(36), Person::AGE.le(35)),
        (Person::AGE.gt(35), Person::AGE.gt(36)),
        (Person::AGE.ge(36), Person::AGE.ge(37)),
        (Person::AGE.between(30, 40), Person::AGE.between(37, 40)),
        (Person::AGE.is_in([1, 36, 99]), Person::AGE.is_in([1, 99])),
        (
            Person::NAME.is_in(["Ada Lovelace"]),
            Person::NAME.is_in(["Bob"]),
        ),
    ];
    for (holds, fails) in cases {
        assert!(put_if(&db, holds.clone()).await, "{holds:?} should hold");
        assert!(!put_if(&db, fails.clone()).await, "{fails:?} should fail");
    }
}

#[tokio::test]
async fn functions_hold_and_fail() {
    let db = seeded().await;
    let cases: Vec<(Condition<Person>, Condition<Person>)> = vec![
        (
            Person::NAME.begins_with("Ada"),
            Person::NAME.begins_with("Lovelace"),
        ),
        (
            Person::NAME.contains("Love"),
            Person::NAME.contains("Byron"),
        ),
        (
            Person::TAGS.contains("poetry"),
            Person::TAGS.contains("music"),
        ),
        (Person::STATUS.exists(), Person::STATUS.not_exists()),
        (
            Person::TAGS.at(5).not_exists(),
            Person::TAGS.at(0).not_exists(),
        ),
        (
            // `None` below the top level is stored as NULL (see `codec::to_item`).
            Person::ADDRESS
                .then(Address::ZIP)
                .attribute_type(AttributeType::Null),
            Person::ADDRESS
                .then(Address::ZIP)
                .attribute_type(AttributeType::String),
        ),
        (Person::ID.exists(), Person::ID.not_exists()),
        (
            Person::TAGS.attribute_type(AttributeType::List),
            Person::TAGS.attribute_type(AttributeType::StringSet),
        ),
        (Person::TAGS.size().eq(2), Person::TAGS.size().gt(2)),
        (Person::NAME.size().ge(12), Person::NAME.size().lt(12)),
        (
            Person::ADDRESS.then(Address::CITY).eq("London"),
            Person::ADDRESS.then(Address::CITY).eq("Paris"),
        ),
        (
            Person::TAGS.at(1).eq("poetry"),
            Person::TAGS.at(0).eq("poetry"),
        ),
    ];
    for (holds, fails) in cases {
        assert!(put_if(&db, holds.clone()).await, "{holds:?} should hold");
        assert!(!put_if(&db, fails.clone()).await, "{fails:?} should fail");
    }
}

#[tokio::test]
async fn and_or_not_combine() {
    let db = seeded().await;
    assert!(put_if(&db, Person::AGE.eq(36).and(Person::STATUS.eq("active"))).await);
    assert!(!put_if(&db, Person::AGE.eq(36).and(Person::STATUS.eq("gone"))).await);
    assert!(put_if(&db, Person::AGE.eq(1).or(Person::STATUS.eq("active"))).await);
    assert!(!put_if(&db, Person::AGE.eq(1).or(Person::STATUS.eq("gone"))).await);
    assert!(put_if(&db, Person::AGE.eq(1).not()).await);
    assert!(!put_if(&db, Person::AGE.eq(36).not()).await);
    let nested = Person::AGE.lt(18).or(Person::TAGS
        .contains("math")
        .and(Person::NAME.begins_with("A").not().not()));
    assert!(put_if(&db, nested).await);
}

#[tokio::test]
async fn reserved_words_and_odd_characters_are_attribute_names() {
    let db = seeded().await;
    assert!(put_if(&db, Person::STATUS.eq("active").and(Person::ODD.eq("yes"))).await);
    assert!(!put_if(&db, Person::ODD.eq("no")).await);
}

#[tokio::test]
async fn delete_with_a_failing_condition_keeps_the_item() {
    let db = seeded().await;
    let error = db
        .delete::<Person>("ada")
        .condition(Person::STATUS.eq("archived"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::ConditionFailed {
                current: Some(_),
                ..
            }
        ),
        "{error:?}"
    );
    assert!(db.get::<Person>("ada").await.unwrap().is_some());
    db.delete::<Person>("ada")
        .condition(Person::STATUS.eq("active"))
        .await
        .unwrap();
    assert!(db.get::<Person>("ada").await.unwrap().is_none());
}

#[tokio::test]
async fn a_condition_on_a_missing_item_fails_without_an_item() {
    let db = seeded().await;
    let ghost = Person {
        id: "ghost".into(),
        ..ada()
    };
    let error = db
        .put(&ghost)
        .condition(Person::AGE.eq(36))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::ConditionFailed { current: None, .. }),
        "{error:?}"
    );
    assert!(error.current_item::<Person>().is_none());
}

#[tokio::test]
async fn expressions_over_the_limits_are_rejected_before_sending() {
    let db = seeded().await;
    let too_many = Person::AGE.is_in(0..101u32);
    let error = db.put(&ada()).condition(too_many).await.unwrap_err();
    assert!(
        matches!(error, Error::InvalidExpression { .. }),
        "{error:?}"
    );
    let mut long = Person::AGE.eq(0);
    for n in 1..500 {
        long = long.or(Person::AGE.eq(n));
    }
    let error = db
        .delete::<Person>("ada")
        .condition(long)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::InvalidExpression { .. }),
        "{error:?}"
    );
    assert!(db.get::<Person>("ada").await.unwrap().is_some());
}
