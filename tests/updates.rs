//! Every update action's effect, read back; return values; odd attribute names.

mod common;

use common::fresh_db;
use dynamoxide::{Attributes, Db, Error, Model};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Attributes, Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Address {
    city: String,
    street: String,
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "accounts")]
struct Account {
    #[dynamo(hash_key)]
    id: String,
    #[serde(rename = "name")]
    display_name: String,
    balance: i64,
    visits: u64,
    roles: BTreeSet<String>,
    history: Vec<String>,
    address: Address,
    settings: BTreeMap<String, String>,
    status: Option<String>,
    #[serde(rename = "data.size-#1")]
    data_size: Option<i64>,
}

fn account() -> Account {
    Account {
        id: "acc".into(),
        display_name: "Ada".into(),
        balance: 100,
        visits: 0,
        roles: BTreeSet::from(["reader".to_owned()]),
        history: vec!["opened".into()],
        address: Address {
            city: "London".into(),
            street: "1 St James".into(),
        },
        settings: BTreeMap::from([("theme".to_owned(), "dark".to_owned())]),
        status: Some("active".into()),
        data_size: None,
    }
}

async fn seeded() -> Db {
    let db = fresh_db().await;
    db.create_table::<Account>().await.unwrap();
    db.create(&account()).await.unwrap();
    db
}

async fn stored(db: &Db) -> Account {
    db.get::<Account>("acc")
        .consistent_read()
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn set_and_set_if_not_exists() {
    let db = seeded().await;
    db.update::<Account>("acc")
        .set(Account::DISPLAY_NAME, "Ada L.")
        .set(Account::ADDRESS.then(Address::CITY), "Paris")
        .set(Account::SETTINGS.key("lang"), "en")
        .set_if_not_exists(Account::STATUS, "ignored")
        .set_if_not_exists(Account::DATA_SIZE, 7)
        .await
        .unwrap();
    let expected = Account {
        display_name: "Ada L.".into(),
        address: Address {
            city: "Paris".into(),
            ..account().address
        },
        settings: BTreeMap::from([
            ("theme".to_owned(), "dark".to_owned()),
            ("lang".to_owned(), "en".to_owned()),
        ]),
        data_size: Some(7),
        ..account()
    };
    assert_eq!(stored(&db).await, expected);
}

#[tokio::test]
async fn add_increment_and_decrement_numbers() {
    let db = seeded().await;
    db.update::<Account>("acc")
        .add(Account::BALANCE, 5)
        .increment(Account::VISITS, 3)
        .decrement(Account::DATA_SIZE, 2)
        .await
        .unwrap();
    let after = stored(&db).await;
    // `data_size` was missing: the decrement starts from 0.
    assert_eq!(
        (after.balance, after.visits, after.data_size),
        (105, 3, Some(-2))
    );
}

#[tokio::test]
async fn add_and_delete_set_members() {
    let db = seeded().await;
    db.update::<Account>("acc")
        .add(
            Account::ROLES,
            BTreeSet::from(["admin".to_owned(), "writer".to_owned()]),
        )
        .await
        .unwrap();
    assert_eq!(
        stored(&db).await.roles,
        BTreeSet::from(["admin".to_owned(), "reader".to_owned(), "writer".to_owned()])
    );
    db.update::<Account>("acc")
        .delete(Account::ROLES, BTreeSet::from(["reader".to_owned()]))
        .await
        .unwrap();
    assert_eq!(
        stored(&db).await.roles,
        BTreeSet::from(["admin".to_owned(), "writer".to_owned()])
    );
}

#[tokio::test]
async fn append_prepend_and_remove() {
    let db = seeded().await;
    db.update::<Account>("acc")
        .append(Account::HISTORY, ["paid".to_owned(), "closed".to_owned()])
        .remove(Account::STATUS)
        .await
        .unwrap();
    db.update::<Account>("acc")
        .prepend(Account::HISTORY, ["created".to_owned()])
        .await
        .unwrap();
    let after = stored(&db).await;
    assert_eq!(after.history, ["created", "opened", "paid", "closed"]);
    assert_eq!(after.status, None);
    db.update::<Account>("acc")
        .remove(Account::HISTORY.at(1))
        .await
        .unwrap();
    assert_eq!(stored(&db).await.history, ["created", "paid", "closed"]);
}

#[tokio::test]
async fn return_values_come_back_typed() {
    let db = seeded().await;
    let old = db
        .update::<Account>("acc")
        .increment(Account::VISITS, 1)
        .return_old()
        .await
        .unwrap();
    assert_eq!(old, Some(account()));
    let new = db
        .update::<Account>("acc")
        .increment(Account::VISITS, 1)
        .return_new()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(new.visits, 2);

    #[derive(Deserialize, Debug, PartialEq)]
    struct Visits {
        visits: u64,
    }
    let updated_old = db
        .update::<Account>("acc")
        .increment(Account::VISITS, 10)
        .return_updated_old::<Visits>()
        .await
        .unwrap();
    assert_eq!(updated_old, Some(Visits { visits: 2 }));
    let updated_new = db
        .update::<Account>("acc")
        .increment(Account::VISITS, 10)
        .return_updated_new::<Visits>()
        .await
        .unwrap();
    assert_eq!(updated_new, Some(Visits { visits: 22 }));
}

#[tokio::test]
async fn update_of_a_missing_item_creates_it_unless_a_condition_says_no() {
    let db = seeded().await;
    let error = db
        .update::<Account>("new")
        .increment(Account::VISITS, 1)
        .condition(Account::ID.exists())
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::ConditionFailed { current: None, .. }),
        "{error:?}"
    );
    assert!(db.get::<Account>("new").await.unwrap().is_none());

    db.update::<Account>("new")
        .increment(Account::VISITS, 1)
        .await
        .unwrap();
    let raw = db
        .client()
        .get_item()
        .table_name(db.table_name::<Account>())
        .key("id", dynamoxide::types::AttributeValue::S("new".into()))
        .send()
        .await
        .unwrap()
        .item
        .unwrap();
    assert_eq!(
        raw["visits"],
        dynamoxide::types::AttributeValue::N("1".into())
    );
}

#[tokio::test]
async fn conditional_update_failure_returns_the_current_item() {
    let db = seeded().await;
    let error = db
        .update::<Account>("acc")
        .decrement(Account::BALANCE, 500)
        .condition(Account::BALANCE.ge(500))
        .await
        .unwrap_err();
    let current = error.current_item::<Account>().unwrap().unwrap();
    assert_eq!(current, account());
    assert_eq!(stored(&db).await.balance, 100);
}

#[tokio::test]
async fn invalid_update_values_are_rejected_before_sending() {
    let db = seeded().await;
    let error = db
        .update::<Account>("acc")
        .set(Account::ROLES, BTreeSet::new())
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::InvalidExpression { .. }),
        "{error:?}"
    );
    let error = db
        .update::<Account>("acc")
        .set(Account::DISPLAY_NAME, "x")
        .remove(Account::DISPLAY_NAME)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("name"), "{error}");
    assert_eq!(stored(&db).await, account());
}

#[tokio::test]
async fn set_fields_are_stored_as_dynamodb_sets_and_empty_sets_are_omitted() {
    let db = seeded().await;
    let raw = |db: Db| async move {
        db.client()
            .get_item()
            .table_name(db.table_name::<Account>())
            .key("id", dynamoxide::types::AttributeValue::S("acc".into()))
            .send()
            .await
            .unwrap()
            .item
            .unwrap()
    };
    assert_eq!(
        raw(db.clone()).await["roles"],
        dynamoxide::types::AttributeValue::Ss(vec!["reader".into()])
    );
    let without_roles = Account {
        roles: BTreeSet::new(),
        ..account()
    };
    db.put(&without_roles).await.unwrap();
    assert!(!raw(db.clone()).await.contains_key("roles"));
    assert_eq!(stored(&db).await, without_roles);
}
