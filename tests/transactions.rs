//! Transactions against DynamoDB Local: all-or-nothing writes across models with typed
//! cancellation reasons, limits checked before sending, idempotency, transactional reads.

mod common;

use common::fresh_db;
use dynamoxide::types::AttributeValue;
use dynamoxide::{Db, Error, Model};
use serde::{Deserialize, Serialize};

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "accounts")]
struct Account {
    #[dynamo(hash_key)]
    id: String,
    balance: i64,
    #[dynamo(version)]
    version: u64,
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "transfers")]
struct Transfer {
    #[dynamo(hash_key)]
    id: String,
    from: String,
    to: String,
    amount: i64,
}

async fn bank() -> Db {
    let db = fresh_db().await;
    db.create_table::<Account>().await.unwrap();
    db.create_table::<Transfer>().await.unwrap();
    for (id, balance) in [("alice", 500), ("bob", 0)] {
        let account = Account {
            id: id.into(),
            balance,
            version: 0,
        };
        db.create(&account).await.unwrap();
    }
    db
}

fn transfer<'db>(db: &'db Db, id: &str, amount: i64) -> dynamoxide::ops::Transaction<'db> {
    let record = Transfer {
        id: id.into(),
        from: "alice".into(),
        to: "bob".into(),
        amount,
    };
    db.transact()
        .create(&record)
        .update(
            db.update::<Account>("alice")
                .decrement(Account::BALANCE, amount)
                .condition(Account::BALANCE.ge(amount)),
        )
        .update(
            db.update::<Account>("bob")
                .increment(Account::BALANCE, amount),
        )
}

async fn balance(db: &Db, id: &str) -> i64 {
    db.get::<Account>(id).await.unwrap().unwrap().balance
}

#[tokio::test]
async fn a_transfer_moves_money_and_records_it() {
    let db = bank().await;
    transfer(&db, "t1", 120).commit().await.unwrap();
    assert_eq!(
        (balance(&db, "alice").await, balance(&db, "bob").await),
        (380, 120)
    );
    assert!(db.get::<Transfer>("t1").await.unwrap().is_some());
}

#[tokio::test]
async fn a_failed_condition_cancels_everything_and_says_which_action_and_why() {
    let db = bank().await;
    let error = transfer(&db, "t2", 900).await.unwrap_err();
    let Error::TransactionCanceled { reasons, .. } = &error else {
        panic!("expected a cancellation, got {error}");
    };
    assert_eq!(reasons.len(), 3);
    let causes: Vec<_> = reasons.iter().filter(|reason| reason.is_cause()).collect();
    assert_eq!(causes.len(), 1, "{reasons:?}");
    let cause = causes[0];
    assert_eq!((cause.index, cause.model), (1, "Account"));
    assert_eq!(cause.code, "ConditionalCheckFailed");
    assert_eq!(cause.key["id"], AttributeValue::S("alice".into()));
    let stored = cause
        .item
        .as_ref()
        .expect("the stored item comes with the reason");
    assert_eq!(stored["balance"], AttributeValue::N("500".into()));
    assert!(error.to_string().contains("action 1"), "{error}");

    assert_eq!(
        (balance(&db, "alice").await, balance(&db, "bob").await),
        (500, 0)
    );
    assert!(db.get::<Transfer>("t2").await.unwrap().is_none());
}

#[tokio::test]
async fn condition_checks_and_versions_take_part() {
    let db = bank().await;
    let record = Transfer {
        id: "t3".into(),
        from: "alice".into(),
        to: "bob".into(),
        amount: 1,
    };
    let error = db
        .transact()
        .condition_check::<Account>("bob", Account::BALANCE.gt(0))
        .create(&record)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::TransactionCanceled { ref reasons, .. } if reasons[0].code == "ConditionalCheckFailed")
    );

    // A stale version cancels the transaction like a failed condition.
    let mut alice = db.get::<Account>("alice").await.unwrap().unwrap();
    db.put(&alice).await.unwrap();
    alice.balance = 0;
    let error = db.transact().put(&alice).create(&record).await.unwrap_err();
    assert!(
        matches!(error, Error::TransactionCanceled { ref reasons, .. } if reasons[0].code == "ConditionalCheckFailed")
    );
    assert_eq!(balance(&db, "alice").await, 500);

    // Creating what exists is refused the same way, with the stored item.
    db.create(&record).await.unwrap();
    let error = db.transact().create(&record).await.unwrap_err();
    let Error::TransactionCanceled { reasons, .. } = &error else {
        panic!("expected a cancellation, got {error}");
    };
    assert_eq!(reasons[0].code, "ConditionalCheckFailed");
    assert_eq!(
        reasons[0].item.as_ref().unwrap()["amount"],
        AttributeValue::N("1".into())
    );
}

#[tokio::test]
async fn limits_are_checked_before_sending() {
    let db = bank().await;
    let error = db.transact().commit().await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error}");

    let many = (0..101).fold(db.transact(), |tx, n| {
        tx.delete::<Transfer>(format!("t{n}"))
    });
    let error = many.await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { ref reason } if reason.contains("100")));

    let big = (0..11).fold(db.transact(), |tx, n| {
        tx.put(&Transfer {
            id: format!("big{n}"),
            from: "x".repeat(390 * 1024),
            to: String::new(),
            amount: 0,
        })
    });
    let error = big.await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { ref reason } if reason.contains("bytes")));

    let twice = db
        .transact()
        .delete::<Transfer>("t1")
        .delete::<Transfer>("t1");
    let error = twice.await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { ref reason } if reason.contains("once")));
    // A put's key is the same key as a delete's, however each was given.
    let record = Transfer {
        id: "t1".into(),
        from: "alice".into(),
        to: "bob".into(),
        amount: 1,
    };
    for twice in [
        db.transact().put(&record).delete::<Transfer>("t1"),
        db.transact().delete::<Transfer>("t1").create(&record),
    ] {
        let error = twice.await.unwrap_err();
        assert!(matches!(error, Error::InvalidRequest { ref reason } if reason.contains("once")));
    }

    let token = "x".repeat(37);
    let error = transfer(&db, "t9", 1)
        .idempotency_token(token)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error}");
    assert!(db.scan::<Transfer>().all().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_idempotency_token_applies_a_transaction_once() {
    let db = bank().await;
    // A token of this run's own: DynamoDB keeps one for 10 minutes, and this run's tables
    // are not the last run's.
    let token = format!("{}deposit", common::unique_prefix());
    for _ in 0..2 {
        db.transact()
            .update(db.update::<Account>("bob").increment(Account::BALANCE, 10))
            .idempotency_token(&token)
            .await
            .unwrap();
    }
    assert_eq!(balance(&db, "bob").await, 10);
}

#[tokio::test]
async fn transactional_reads_are_typed_per_slot() {
    let db = bank().await;
    transfer(&db, "t1", 5).await.unwrap();
    let mut read = db.transact_get();
    let alice = read.get::<Account>("alice");
    let record = read.get::<Transfer>("t1");
    let nobody = read.get::<Account>("nobody");
    let mut result = read.send().await.unwrap();
    assert_eq!(result.take(alice).unwrap().map(|a| a.balance), Some(495));
    assert_eq!(result.take(record).unwrap().map(|t| t.amount), Some(5));
    assert_eq!(result.take(nobody).unwrap(), None);

    let mut other = db.transact_get();
    let foreign = other.get::<Account>("bob");
    let mut again = db.transact_get();
    let _ = again.get::<Account>("alice");
    let mut result = again.send().await.unwrap();
    assert!(matches!(
        result.take(foreign),
        Err(Error::InvalidRequest { .. })
    ));
}
