//! Dry runs: every operation's `into_input` (or `into_inputs`) is exactly what the same
//! operation sends, as an SDK interceptor sees it before serialization.

#[path = "common/capture.rs"]
mod capture;
mod common;

use capture::{Capture, Sent};
use dynamoxide::Model;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "accounts")]
#[dynamo(gsi(name = "by_branch", hash_key = "branch"))]
struct Account {
    #[dynamo(hash_key)]
    owner: String,
    #[dynamo(range_key)]
    number: u32,
    branch: String,
    balance: i64,
    tags: BTreeSet<String>,
    #[dynamo(version)]
    version: u64,
}

fn account(owner: &str, number: u32, balance: i64) -> Account {
    Account {
        owner: owner.into(),
        number,
        branch: "north".into(),
        balance,
        tags: BTreeSet::from(["new".to_owned()]),
        version: 0,
    }
}

/// The one request `sent` holds, of the kind `dry` is, equals `dry`.
fn assert_sent(sent: Vec<Sent>, dry: Sent) {
    let same_kind: Vec<&Sent> = sent
        .iter()
        .filter(|sent| std::mem::discriminant(*sent) == std::mem::discriminant(&dry))
        .collect();
    assert_eq!(same_kind, [&dry], "everything sent: {sent:#?}");
}

#[tokio::test]
async fn every_dry_run_is_the_request_sent() {
    let capture = Capture::default();
    let db = capture.db(&common::fresh_db().await);

    let dry = db.create_table::<Account>().into_input().unwrap();
    db.create_table::<Account>().await.unwrap();
    assert_sent(capture.take(), Sent::CreateTable(dry));

    let ada = account("ada", 1, 100);
    let dry = db.create(&ada).into_input().unwrap();
    let created = db.create(&ada).await.unwrap();
    assert_sent(capture.take(), Sent::Put(dry));
    assert_eq!(created.version, 1);

    let dry = db
        .put(&created)
        .condition(Account::BALANCE.ge(0))
        .into_input()
        .unwrap();
    db.put(&created)
        .condition(Account::BALANCE.ge(0))
        .await
        .unwrap();
    assert_sent(capture.take(), Sent::Put(dry));

    let update = || {
        db.update::<Account>(("ada", 1))
            .increment(Account::BALANCE, 5)
            .add(Account::TAGS, BTreeSet::from(["gold".to_owned()]))
            .condition(Account::BALANCE.lt(1_000))
            .expect_version(2)
    };
    let dry = update().return_new().into_input().unwrap();
    let updated = update().return_new().await.unwrap().unwrap();
    assert_sent(capture.take(), Sent::Update(dry));
    assert_eq!((updated.balance, updated.version), (105, 3));

    let patch = || {
        db.patch::<Account>(("ada", 1))
            .set(Account::BRANCH, "south")
    };
    let dry = patch().into_input().unwrap();
    patch().await.unwrap();
    assert_sent(capture.take(), Sent::Update(dry));

    let bob = account("bob", 2, 7);
    let dry = db.upsert(&bob).into_input().unwrap();
    db.upsert(&bob).await.unwrap();
    assert_sent(capture.take(), Sent::Update(dry));

    let dry = db
        .get::<Account>(("ada", 1))
        .consistent_read()
        .into_input()
        .unwrap();
    db.get::<Account>(("ada", 1))
        .consistent_read()
        .await
        .unwrap();
    assert_sent(capture.take(), Sent::Get(dry));

    let query = || {
        db.query::<Account>()
            .hash("ada")
            .range_ge(1)
            .filter(Account::BALANCE.gt(0))
            .page_size(10)
    };
    let dry = query().into_input().unwrap();
    assert_eq!(query().all().await.unwrap().len(), 1);
    assert_sent(capture.take(), Sent::Query(dry));

    let scan = || db.scan::<Account>().filter(Account::BRANCH.eq("north"));
    let dry = scan().into_input().unwrap();
    assert_eq!(scan().all().await.unwrap(), [bob.clone_with_version(1)]);
    assert_sent(capture.take(), Sent::Scan(dry));

    let mut read = db.transact_get();
    read.get::<Account>(("ada", 1));
    read.get::<Account>(("bob", 2));
    let dry = read.into_input().unwrap();
    let mut read = db.transact_get();
    read.get::<Account>(("ada", 1));
    read.get::<Account>(("bob", 2));
    read.send().await.unwrap();
    assert_sent(capture.take(), Sent::TransactGet(dry));

    // A token of this run's own: DynamoDB keeps one for 10 minutes, and this run's tables
    // are not the last run's.
    let token = format!("{}transfer", common::unique_prefix());
    let transaction = || {
        db.transact()
            .update(
                db.update::<Account>(("ada", 1))
                    .decrement(Account::BALANCE, 5),
            )
            .update(
                db.update::<Account>(("bob", 2))
                    .increment(Account::BALANCE, 5),
            )
            .condition_check::<Account>(("ada", 1), Account::BALANCE.ge(5))
            .idempotency_token(&token)
    };
    let dry = transaction().into_input();
    assert!(
        matches!(dry, Err(dynamoxide::Error::InvalidRequest { .. })),
        "one item twice is refused before sending: {dry:?}"
    );
    let transaction = || {
        db.transact()
            .update(
                db.update::<Account>(("ada", 1))
                    .decrement(Account::BALANCE, 5)
                    .condition(Account::BALANCE.ge(5)),
            )
            .update(
                db.update::<Account>(("bob", 2))
                    .increment(Account::BALANCE, 5),
            )
            .idempotency_token(&token)
    };
    let dry = transaction().into_input().unwrap();
    transaction().await.unwrap();
    assert_sent(capture.take(), Sent::TransactWrite(dry));

    let dry = db
        .remove_if::<Account>(("bob", 2), Account::BALANCE.eq(12))
        .into_input()
        .unwrap();
    db.remove_if::<Account>(("bob", 2), Account::BALANCE.eq(12))
        .await
        .unwrap();
    assert_sent(capture.take(), Sent::Delete(dry));

    let dry = db.delete::<Account>(("ada", 1)).into_input().unwrap();
    db.delete::<Account>(("ada", 1)).await.unwrap();
    assert_sent(capture.take(), Sent::Delete(dry));
}

impl Account {
    fn clone_with_version(&self, version: u64) -> Account {
        Account {
            version,
            ..self.clone()
        }
    }
}

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "points")]
struct Point {
    #[dynamo(hash_key)]
    id: String,
    x: i64,
}

#[tokio::test]
async fn batch_dry_runs_are_the_first_round_of_requests() {
    let capture = Capture::default();
    let db = capture.db(&common::fresh_db().await);
    db.create_table::<Point>().await.unwrap();
    capture.take();

    let points: Vec<Point> = (0..60)
        .map(|x| Point {
            id: format!("p{x}"),
            x,
        })
        .collect();
    let dry = db.batch_put(&points).into_inputs().unwrap();
    assert_eq!(dry.len(), 3);
    assert_eq!(db.batch_put(&points).await.unwrap(), 60);
    let mut sent = capture.take();
    for input in dry {
        let position = sent
            .iter()
            .position(|sent| *sent == Sent::BatchWrite(input.clone()))
            .expect("each dry-run input was sent");
        sent.remove(position);
    }
    assert!(sent.is_empty(), "nothing else sent: {sent:?}");

    let keys: Vec<String> = (0..150).map(|x| format!("p{}", x % 75)).collect();
    let dry = db
        .batch_get::<Point, _>(keys.clone())
        .into_inputs()
        .unwrap();
    assert_eq!(dry.len(), 1, "75 distinct keys fit one request");
    assert_eq!(db.batch_get::<Point, _>(keys).await.unwrap().len(), 60);
    assert_eq!(capture.take(), [Sent::BatchGet(dry[0].clone())]);
}

/// DynamoDB sends the item back on a failed check only when asked; a write without a
/// condition has no check to fail, so it asks for nothing (and its request is smaller).
#[test]
fn only_conditional_writes_ask_for_the_item_a_failed_check_found() {
    use dynamoxide::types::ReturnValuesOnConditionCheckFailure;
    let db = dynamoxide::Db::for_endpoint("http://127.0.0.1:9");
    let point = Point {
        id: "p".into(),
        x: 1,
    };
    let all_old = Some(&ReturnValuesOnConditionCheckFailure::AllOld);

    let put = db.put(&point).into_input().unwrap();
    assert_eq!(put.return_values_on_condition_check_failure(), None);
    let put = db.put(&point).condition(Point::X.gt(0)).into_input();
    assert_eq!(
        put.unwrap().return_values_on_condition_check_failure(),
        all_old
    );
    let create = db.create(&point).into_input().unwrap();
    assert_eq!(create.return_values_on_condition_check_failure(), all_old);

    let delete = db.delete::<Point>("p").into_input().unwrap();
    assert_eq!(delete.return_values_on_condition_check_failure(), None);
    let delete = db
        .delete::<Point>("p")
        .condition(Point::X.gt(0))
        .into_input();
    assert_eq!(
        delete.unwrap().return_values_on_condition_check_failure(),
        all_old
    );

    let upsert = db.upsert(&point).into_input().unwrap();
    assert_eq!(upsert.return_values_on_condition_check_failure(), None);
    let update = db
        .update::<Point>("p")
        .set(Point::X, 2)
        .into_input()
        .unwrap();
    assert_eq!(update.return_values_on_condition_check_failure(), None);
    let patch = db
        .patch::<Point>("p")
        .set(Point::X, 2)
        .into_input()
        .unwrap();
    assert_eq!(patch.return_values_on_condition_check_failure(), all_old);
    let update = db
        .update::<Point>("p")
        .set(Point::X, 2)
        .condition(Point::X.lt(2))
        .into_input()
        .unwrap();
    assert_eq!(update.return_values_on_condition_check_failure(), all_old);

    // Optimistic locking is a condition too: a version conflict reports the stored item.
    let versioned = account("ada", 1, 100).clone_with_version(3);
    let put = db.put(&versioned).into_input().unwrap();
    assert_eq!(put.return_values_on_condition_check_failure(), all_old);
    let delete = db
        .delete::<Account>(("ada", 1))
        .expect_version(3)
        .into_input()
        .unwrap();
    assert_eq!(delete.return_values_on_condition_check_failure(), all_old);
}

/// The same in a transaction: only the actions with a condition ask for the item a failed
/// check found (it is then in the cancellation reason).
#[test]
fn only_conditional_transaction_actions_ask_for_the_item_a_failed_check_found() {
    use dynamoxide::types::ReturnValuesOnConditionCheckFailure;
    let db = dynamoxide::Db::for_endpoint("http://127.0.0.1:9");
    let point = |id: &str| Point {
        id: id.into(),
        x: 1,
    };
    let input = db
        .transact()
        .put(&point("put"))
        .write(db.put(&point("checked")).condition(Point::X.gt(0)))
        .create(&point("created"))
        .delete::<Point>("deleted")
        .write(
            db.delete::<Point>("checked-delete")
                .condition(Point::X.gt(0)),
        )
        .write(db.update::<Point>("updated").set(Point::X, 2))
        .write(db.patch::<Point>("patched").set(Point::X, 2))
        .into_input()
        .unwrap();
    let asked: Vec<bool> = input
        .transact_items()
        .iter()
        .map(|item| {
            let asked = item
                .put()
                .map(|put| put.return_values_on_condition_check_failure())
                .or(item
                    .delete()
                    .map(|delete| delete.return_values_on_condition_check_failure()))
                .or(item
                    .update()
                    .map(|update| update.return_values_on_condition_check_failure()))
                .expect("a put, delete or update");
            assert!(matches!(
                asked,
                None | Some(ReturnValuesOnConditionCheckFailure::AllOld)
            ));
            asked.is_some()
        })
        .collect();
    assert_eq!(asked, [false, true, true, false, true, false, true]);
}
