//! Batch get and batch write against DynamoDB Local, directly and through a proxy that
//! injects throttling, dropped connections and unprocessed items.

mod common;
#[path = "common/faults.rs"]
mod faults;

use dynamoxide::local::DynamoDbLocal;
use dynamoxide::ops::{BatchAction, RetryPolicy, Unprocessed};
use dynamoxide::{Db, Error, Model};
use faults::{FaultProxy, Faults};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};
use std::sync::Mutex;
use std::time::Duration;

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "parcels")]
struct Parcel {
    #[dynamo(hash_key)]
    id: String,
    weight: u32,
    tags: BTreeSet<String>,
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "ledgers")]
struct Ledger {
    #[dynamo(hash_key)]
    id: String,
    #[dynamo(version)]
    version: u64,
}

fn parcel(n: usize) -> Parcel {
    Parcel {
        id: format!("p{n:05}"),
        weight: n as u32,
        tags: BTreeSet::from([format!("t{}", n % 7)]),
    }
}

fn parcels(count: usize) -> Vec<Parcel> {
    (0..count).map(parcel).collect()
}

/// The ids stored in the table, read with a plain scan.
async fn stored_ids(db: &Db) -> Vec<String> {
    #[derive(Deserialize)]
    struct Id {
        id: String,
    }
    let ids: Vec<Id> = db
        .scan::<Parcel>()
        .partial::<Id>()
        .project(Parcel::ID)
        .all()
        .await
        .unwrap();
    ids.into_iter().map(|id| id.id).collect()
}

async fn proxied_db(faults: Faults) -> (FaultProxy, Db) {
    proxied_db_with(faults, FaultProxy::db).await
}

async fn proxied_db_with(
    faults: Faults,
    db_through: fn(&FaultProxy, &str) -> Db,
) -> (FaultProxy, Db) {
    let local = DynamoDbLocal::shared().await.unwrap();
    let proxy = FaultProxy::start(local.endpoint(), faults).await;
    let prefix = common::fresh_db()
        .await
        .table_name::<Parcel>()
        .replace("parcels", "");
    let db = db_through(&proxy, &prefix);
    db.create_table::<Parcel>().await.unwrap();
    (proxy, db)
}

/// The ids of the entries a batch left undone.
fn unprocessed_ids(unprocessed: &[Unprocessed]) -> HashSet<String> {
    unprocessed
        .iter()
        .map(|u| match &u.key["id"] {
            dynamoxide::types::AttributeValue::S(id) => id.clone(),
            other => panic!("unexpected key {other:?}"),
        })
        .collect()
}

/// The `seq` of each key listed as unprocessed (a `Reading`'s), as it is spelled there.
fn unprocessed_seqs(unprocessed: &[Unprocessed]) -> impl Iterator<Item = &str> {
    unprocessed.iter().map(|u| match &u.key["seq"] {
        dynamoxide::types::AttributeValue::N(seq) => seq.as_str(),
        other => panic!("unexpected key {other:?}"),
    })
}

/// Every kind of fault, often: unprocessed writes, throttling, dropped connections and
/// answers lost after the write was made.
fn every_fault() -> Faults {
    Faults {
        partial: 0.15,
        throttle: 0.08,
        drop: 0.04,
        lost_answer: 0.03,
    }
}

/// Quick retries for tests: the faults are many, the waits need not be long.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_retries(20)
        .base_delay(Duration::from_millis(2))
        .max_delay(Duration::from_millis(50))
}

#[tokio::test]
async fn ten_thousand_items_put_then_get_in_input_order() {
    let db = common::fresh_db().await;
    db.create_table::<Parcel>().await.unwrap();
    let items = parcels(10_000);
    let progress = Mutex::new(Vec::new());
    let written = db
        .batch_put(&items)
        .on_progress(|p| progress.lock().unwrap().push((p.done, p.total)))
        .await
        .unwrap();
    assert_eq!(written, 10_000);
    let progress = progress.into_inner().unwrap();
    assert_eq!(progress.last(), Some(&(10_000, 10_000)));
    assert!(progress.windows(2).all(|w| w[0].0 < w[1].0));
    assert_eq!(db.scan::<Parcel>().count().await.unwrap(), 10_000);

    // Keys in reverse order, some twice, some without an item.
    let mut keys: Vec<String> = (0..10_000).rev().map(|n| format!("p{n:05}")).collect();
    keys.extend(["p00042".to_owned(), "missing".to_owned()]);
    let read = db.batch_get::<Parcel, _>(keys).await.unwrap();
    let expected: Vec<Parcel> = items.into_iter().rev().collect();
    assert_eq!(read, expected);
}

#[tokio::test]
async fn batch_delete_and_mixed_writes() {
    let db = common::fresh_db().await;
    db.create_table::<Parcel>().await.unwrap();
    db.batch_put(&parcels(300)).await.unwrap();
    let deleted = db
        .batch_delete::<Parcel, _>((0..200).map(|n| format!("p{n:05}")))
        .await
        .unwrap();
    assert_eq!(deleted, 200);
    let mut ids = stored_ids(&db).await;
    ids.sort();
    assert_eq!(
        ids,
        (200..300).map(|n| format!("p{n:05}")).collect::<Vec<_>>()
    );

    let written = db
        .batch_write()
        .put(&parcel(1))
        .delete::<Parcel>("p00250")
        .await
        .unwrap();
    assert_eq!(written, 2);
    assert!(db.get::<Parcel>("p00001").await.unwrap().is_some());
    assert!(db.get::<Parcel>("p00250").await.unwrap().is_none());
}

#[tokio::test]
async fn the_last_write_of_a_key_wins() {
    let db = common::fresh_db().await;
    db.create_table::<Parcel>().await.unwrap();
    let heavy = Parcel {
        weight: 99,
        ..parcel(1)
    };
    let written = db
        .batch_write()
        .put(&parcel(1))
        .put(&parcel(2))
        .put(&heavy)
        .delete::<Parcel>("p00002")
        .await
        .unwrap();
    assert_eq!(written, 2);
    assert_eq!(db.get::<Parcel>("p00001").await.unwrap(), Some(heavy));
    assert_eq!(db.get::<Parcel>("p00002").await.unwrap(), None);
}

/// A model with a numeric range key (`at`) whose name sorts before the hash key's.
#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "samples")]
struct Sample {
    #[dynamo(hash_key)]
    sensor: String,
    #[dynamo(range_key)]
    at: u64,
    value: f64,
}

/// A put's key comes from its item, a delete's from the key given: with a numeric range key
/// whose name sorts first, the two are still one key (last write wins in a batch; a
/// transaction refuses both).
#[tokio::test]
async fn a_put_and_a_delete_of_one_key_are_one_write_however_the_key_is_given() {
    let db = common::fresh_db().await;
    db.create_table::<Sample>().await.unwrap();
    let sample = |at: u64, value: f64| Sample {
        sensor: "s1".into(),
        at,
        value,
    };
    // Each key twice: put then deleted, put twice.
    let twice = || {
        db.batch_write()
            .put(&sample(1, 1.0))
            .delete::<Sample>(("s1", 1))
            .put(&sample(2, 2.0))
            .put(&sample(2, 2.5))
    };
    let inputs = twice()
        .delete::<Sample>(("s1", 3))
        .put(&sample(3, 3.0))
        .into_inputs()
        .unwrap();
    let [(_, requests)] = Vec::from_iter(inputs[0].request_items().unwrap())
        .try_into()
        .unwrap();
    let writes: Vec<String> = requests
        .iter()
        .map(|write| match (&write.put_request, &write.delete_request) {
            (Some(put), _) => format!("put {:?}", put.item["value"]),
            (_, Some(delete)) => format!("delete {:?}", delete.key["at"]),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(
        writes,
        ["delete N(\"1\")", "put N(\"2.5\")", "put N(\"3\")"]
    );
    let written = twice().await.unwrap();
    assert_eq!(written, 2);
    let stored = db.query::<Sample>().hash("s1").all().await.unwrap();
    assert_eq!(stored, [sample(2, 2.5)]);
    let error = db
        .transact()
        .put(&sample(2, 9.0))
        .delete::<Sample>(("s1", 2))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { ref reason } if reason.contains("once")));
}

#[tokio::test]
async fn one_invalid_item_stops_the_whole_batch_before_anything_is_written() {
    let db = common::fresh_db().await;
    db.create_table::<Parcel>().await.unwrap();
    let mut items = parcels(100);
    items[57].id = String::new();
    let error = db.batch_put(&items).await.unwrap_err();
    assert!(matches!(error, Error::InvalidKey { .. }), "{error}");
    let mut items = parcels(100);
    items[88].tags = BTreeSet::from(["x".repeat(410 * 1024)]);
    let error = db.batch_put(&items).await.unwrap_err();
    assert!(matches!(error, Error::InvalidItem { .. }), "{error}");
    assert_eq!(db.scan::<Parcel>().count().await.unwrap(), 0);

    let error = db
        .batch_put(&[Ledger {
            id: "l1".into(),
            version: 0,
        }])
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error}");
}

#[tokio::test]
async fn under_injected_faults_ten_thousand_puts_land_exactly_once() {
    let (proxy, db) = proxied_db(every_fault()).await;
    let items = parcels(10_000);
    let progress = Mutex::new(Vec::new());
    let written = db
        .batch_put(&items)
        .retry(fast_retries())
        .on_progress(|p| progress.lock().unwrap().push(p.done))
        .await
        .unwrap();
    assert_eq!(written, 10_000);
    let progress = progress.into_inner().unwrap();
    assert_eq!(progress.last(), Some(&10_000), "each write counted once");
    assert!(progress.windows(2).all(|w| w[0] < w[1]));
    let ids = stored_ids(&db).await;
    assert_eq!(ids.len(), 10_000);
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), 10_000, "no item twice");
    let injected = &proxy.injected;
    assert!(injected.partial.load(std::sync::atomic::Ordering::Relaxed) > 20);
    assert!(
        injected
            .throttled
            .load(std::sync::atomic::Ordering::Relaxed)
            > 10
    );
    assert!(injected.dropped.load(std::sync::atomic::Ordering::Relaxed) > 0);
    assert!(
        injected
            .lost_answers
            .load(std::sync::atomic::Ordering::Relaxed)
            > 0
    );

    let keys: Vec<String> = items.iter().map(|p| p.id.clone()).collect();
    let read = db
        .batch_get::<Parcel, _>(keys)
        .retry(fast_retries())
        .await
        .unwrap();
    assert_eq!(read, items);
}

#[tokio::test]
async fn with_no_retries_the_error_lists_exactly_the_missing_items() {
    let faults = Faults {
        partial: 0.5,
        ..Faults::default()
    };
    let (_proxy, db) = proxied_db(faults).await;
    let error = db
        .batch_put(&parcels(2_000))
        .retry(RetryPolicy::none())
        .await
        .unwrap_err();
    let Error::BatchIncomplete {
        total, unprocessed, ..
    } = error
    else {
        panic!("expected BatchIncomplete, got {error}");
    };
    assert_eq!(total, 2_000);
    assert!(!unprocessed.is_empty());
    assert!(unprocessed.iter().all(|u| u.action == BatchAction::Put));
    let missing = unprocessed_ids(&unprocessed);
    assert_eq!(missing.len(), unprocessed.len());
    let stored: HashSet<String> = stored_ids(&db).await.into_iter().collect();
    let all: HashSet<String> = parcels(2_000).into_iter().map(|p| p.id).collect();
    assert_eq!(stored, &all - &missing, "every item not listed was written");
}

/// A batch get of 3,000 stored parcels with no retries, under `faults`: its error, and how
/// many requests the proxy throttled during it.
async fn batch_get_without_retries(faults: Faults) -> (Error, usize, HashSet<String>) {
    let (proxy, db) = proxied_db(faults).await;
    let items = parcels(3_000);
    db.batch_put(&items).retry(fast_retries()).await.unwrap();
    let throttled = || {
        proxy
            .injected
            .throttled
            .load(std::sync::atomic::Ordering::Relaxed)
    };
    let before = throttled();
    let keys: Vec<String> = items.into_iter().map(|parcel| parcel.id).collect();
    let error = db
        .batch_get::<Parcel, _>(keys.clone())
        .retry(RetryPolicy::none())
        .await
        .unwrap_err();
    (error, throttled() - before, keys.into_iter().collect())
}

/// The keys a failed batch get lists as not read: each once, each one asked for.
fn unread_keys(error: Error, asked: &HashSet<String>) -> (Vec<Unprocessed>, Option<Error>) {
    let Error::BatchIncomplete {
        operation,
        total,
        unprocessed,
        source,
    } = error
    else {
        panic!("expected BatchIncomplete, got {error}");
    };
    assert_eq!((operation, total), ("BatchGetItem", 3_000));
    assert!(unprocessed.iter().all(|u| u.action == BatchAction::Get));
    let unread = unprocessed_ids(&unprocessed);
    assert_eq!(unread.len(), unprocessed.len(), "each key listed once");
    assert!(unread.is_subset(asked), "only keys asked for");
    (unprocessed, source.map(|source| *source))
}

#[tokio::test]
async fn with_no_retries_a_batch_get_lists_the_keys_of_its_throttled_requests() {
    let faults = Faults {
        throttle: 0.5,
        ..Faults::default()
    };
    let (error, throttled, asked) = batch_get_without_retries(faults).await;
    let (unread, source) = unread_keys(error, &asked);
    assert!(
        matches!(source, Some(Error::Throttled { .. })),
        "{source:?}"
    );
    // Nothing retries underneath: one throttled request is 100 keys not read.
    assert!(throttled > 0);
    assert_eq!(unread.len(), throttled * 100);
}

#[tokio::test]
async fn with_no_retries_a_batch_get_lists_the_keys_left_unprocessed() {
    let faults = Faults {
        partial: 0.5,
        ..Faults::default()
    };
    let (error, throttled, asked) = batch_get_without_retries(faults).await;
    let (unread, source) = unread_keys(error, &asked);
    assert_eq!(throttled, 0);
    assert!(source.is_none(), "{source:?}");
    assert!(!unread.is_empty());
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "readings")]
struct Reading {
    #[dynamo(hash_key)]
    sensor: String,
    #[dynamo(range_key)]
    seq: u32,
}

/// The proxy sends unprocessed writes back with their numbers spelled `5.0` for `5`, as the
/// same number may come back from DynamoDB: they are still matched to their writes by value,
/// so the error lists exactly the writes not made.
#[tokio::test]
async fn unprocessed_writes_match_their_numeric_keys_however_spelled() {
    let faults = Faults {
        partial: 0.5,
        ..Faults::default()
    };
    let (_proxy, db) = proxied_db(faults).await;
    db.create_table::<Reading>().await.unwrap();
    let readings: Vec<Reading> = (0..500)
        .map(|seq| Reading {
            sensor: "s1".to_owned(),
            seq,
        })
        .collect();
    let error = db
        .batch_put(&readings)
        .retry(RetryPolicy::none())
        .await
        .unwrap_err();
    let Error::BatchIncomplete { unprocessed, .. } = error else {
        panic!("expected BatchIncomplete, got {error}");
    };
    let missing: HashSet<u32> = unprocessed_seqs(&unprocessed)
        .map(|seq| seq.parse().unwrap())
        .collect();
    assert_eq!(missing.len(), unprocessed.len());
    assert!(
        !missing.is_empty() && missing.len() < 500,
        "{}",
        missing.len()
    );
    let stored: HashSet<u32> = db
        .query::<Reading>()
        .hash("s1")
        .all()
        .await
        .unwrap()
        .into_iter()
        .map(|reading| reading.seq)
        .collect();
    let all: HashSet<u32> = (0..500).collect();
    assert_eq!(stored, &all - &missing, "every write not listed was made");
}

/// The proxy sends unprocessed keys back spelled `5.0` for `5`: a batch get lists the keys
/// it did not read with their numbers in one spelling per value, as batch writes do.
#[tokio::test]
async fn unread_keys_are_listed_with_their_numbers_in_one_spelling() {
    let faults = Faults {
        partial: 0.5,
        ..Faults::default()
    };
    let (_proxy, db) = proxied_db(faults).await;
    db.create_table::<Reading>().await.unwrap();
    // 20 requests of 100 keys, each answered in part half the time.
    let keys: Vec<(&str, u32)> = (0..2_000).map(|seq| ("s1", seq)).collect();
    let error = db
        .batch_get::<Reading, _>(keys)
        .retry(RetryPolicy::none())
        .await
        .unwrap_err();
    let Error::BatchIncomplete { unprocessed, .. } = error else {
        panic!("expected BatchIncomplete, got {error}");
    };
    let unread: HashSet<String> = unprocessed_seqs(&unprocessed).map(str::to_owned).collect();
    assert_eq!(unread.len(), unprocessed.len(), "each key listed once");
    assert!(
        !unread.is_empty() && unread.len() < 2_000,
        "{}",
        unread.len()
    );
    for seq in &unread {
        assert_eq!(seq.parse::<u32>().unwrap().to_string(), *seq);
    }
}

#[tokio::test]
async fn with_no_retries_throttled_requests_are_reported_with_their_cause() {
    let faults = Faults {
        throttle: 0.3,
        ..Faults::default()
    };
    let (proxy, db) = proxied_db(faults).await;
    let error = db
        .batch_put(&parcels(1_000))
        .retry(RetryPolicy::none())
        .await
        .unwrap_err();
    let Error::BatchIncomplete {
        unprocessed,
        source,
        ..
    } = error
    else {
        panic!("expected BatchIncomplete, got {error}");
    };
    assert!(
        matches!(source.as_deref(), Some(Error::Throttled { .. })),
        "{source:?}"
    );
    // Nothing retries underneath: one throttled request is 25 items undone.
    let throttled = proxy
        .injected
        .throttled
        .load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(unprocessed.len(), throttled * 25);
    assert_eq!(stored_ids(&db).await.len(), 1_000 - unprocessed.len());
}

#[tokio::test]
async fn a_throttled_request_is_sent_as_often_as_the_policy_says() {
    whole_requests_follow_the_policy(FaultProxy::db).await;
}

#[tokio::test]
async fn with_a_bare_client_a_throttled_request_follows_the_policy_too() {
    whole_requests_follow_the_policy(FaultProxy::db_with_bare_client).await;
}

/// Every request throttled: each of the two requests is sent once and retried exactly
/// `max_retries` times (more than the SDK's default retry quota would allow), then the
/// batch reports all of its writes with the cause.
async fn whole_requests_follow_the_policy(db_through: fn(&FaultProxy, &str) -> Db) {
    let faults = Faults {
        throttle: 1.0,
        ..Faults::default()
    };
    let (proxy, db) = proxied_db_with(faults, db_through).await;
    let policy = RetryPolicy::default()
        .max_retries(120)
        .base_delay(Duration::from_micros(100))
        .max_delay(Duration::from_millis(1));
    let error = db.batch_put(&parcels(50)).retry(policy).await.unwrap_err();
    let Error::BatchIncomplete {
        total,
        unprocessed,
        source,
        ..
    } = error
    else {
        panic!("expected BatchIncomplete, got {error}");
    };
    assert_eq!((total, unprocessed.len()), (50, 50));
    assert!(
        matches!(source.as_deref(), Some(Error::Throttled { .. })),
        "{source:?}"
    );
    let sent = proxy
        .injected
        .throttled
        .load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(sent, 2 * 121, "two requests, each sent 1 + 120 times");
}

/// The ids `after_write` saw, per test prefix: tests run in parallel.
static WRITTEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "crates", hooks)]
struct Crate {
    #[dynamo(hash_key)]
    id: String,
}

impl dynamoxide::Hooks for Crate {
    fn before_write(
        event: &dynamoxide::hooks::WriteEvent<'_, Self>,
    ) -> dynamoxide::hooks::HookResult {
        if event.key.id.ends_with("-refused") {
            return Err("refused by the hook".into());
        }
        Ok(())
    }

    fn after_write(event: &dynamoxide::hooks::WriteEvent<'_, Self>) {
        WRITTEN.lock().unwrap().push(event.key.id.clone());
    }
}

fn written_with_prefix(prefix: &str) -> Vec<String> {
    let mut written: Vec<String> = WRITTEN
        .lock()
        .unwrap()
        .iter()
        .filter(|id| id.starts_with(prefix))
        .cloned()
        .collect();
    written.sort();
    written
}

#[tokio::test]
async fn after_write_runs_once_for_exactly_the_entries_written() {
    let faults = Faults {
        partial: 0.5,
        ..Faults::default()
    };
    let (_proxy, db) = proxied_db(faults).await;
    db.create_table::<Crate>().await.unwrap();
    let crates = |prefix: &str| -> Vec<Crate> {
        (0..1_000)
            .map(|n| Crate {
                id: format!("{prefix}{n:04}"),
            })
            .collect()
    };

    let error = db
        .batch_put(&crates("once-"))
        .retry(RetryPolicy::none())
        .await
        .unwrap_err();
    let Error::BatchIncomplete { unprocessed, .. } = error else {
        panic!("expected BatchIncomplete, got {error}");
    };
    let missing = unprocessed_ids(&unprocessed);
    let written = written_with_prefix("once-");
    let all: HashSet<String> = crates("once-").into_iter().map(|c| c.id).collect();
    assert_eq!(
        written.len(),
        1_000 - missing.len(),
        "each written entry once"
    );
    assert_eq!(written.into_iter().collect::<HashSet<_>>(), &all - &missing);

    db.batch_put(&crates("retried-"))
        .retry(fast_retries())
        .await
        .unwrap();
    let written = written_with_prefix("retried-");
    let all: Vec<String> = crates("retried-").into_iter().map(|c| c.id).collect();
    assert_eq!(written, all, "after retries, every entry once");
}

/// Puts `items` through a writer, keeping the error of every put that failed.
async fn put_through_writer(
    writer: &mut dynamoxide::ops::BatchWriter,
    items: &[Parcel],
) -> Vec<Error> {
    let mut errors = Vec::new();
    for item in items {
        if let Err(error) = writer.put(item).await {
            errors.push(error);
        }
    }
    errors
}

#[tokio::test]
async fn a_writer_skips_invalid_items_and_writes_every_other_one() {
    let db = common::fresh_db().await;
    db.create_table::<Parcel>().await.unwrap();
    let mut items = parcels(5_000);
    for broken in [0, 1_234, 4_999] {
        items[broken].id = String::new();
    }
    let mut writer = db.batch_writer();
    let errors = put_through_writer(&mut writer, &items).await;
    assert_eq!(errors.len(), 3);
    assert!(errors
        .iter()
        .all(|error| matches!(error, Error::InvalidKey { .. })));
    assert_eq!(writer.finish().await.unwrap(), 4_997);
    let mut stored = stored_ids(&db).await;
    stored.sort();
    let expected: Vec<String> = items
        .into_iter()
        .map(|item| item.id)
        .filter(|id| !id.is_empty())
        .collect();
    assert_eq!(stored, expected);
}

#[tokio::test]
async fn through_a_writer_the_last_write_of_a_key_wins_even_across_requests() {
    let faults = Faults {
        throttle: 0.3,
        ..Faults::default()
    };
    let (_proxy, db) = proxied_db(faults).await;
    let mut writer = db.batch_writer().retry(fast_retries());
    // Each request of 25 is followed at once by the same keys again, heavier: the later
    // request must not be sent while the earlier one, maybe throttled and sent again
    // later, is in flight.
    let first = parcels(300);
    let heavier: Vec<Parcel> = first
        .iter()
        .map(|parcel| Parcel {
            weight: parcel.weight + 1_000,
            ..parcel.clone()
        })
        .collect();
    for (earlier, later) in first.chunks(25).zip(heavier.chunks(25)) {
        assert!(put_through_writer(&mut writer, earlier).await.is_empty());
        assert!(put_through_writer(&mut writer, later).await.is_empty());
    }
    // The same key twice in the request being filled.
    writer.put(&parcel(400)).await.unwrap();
    writer.delete::<Parcel>("p00400").await.unwrap();
    writer.delete::<Parcel>("p00007").await.unwrap();
    let written = writer.written();
    assert!(
        (300..600).contains(&written),
        "each first write was answered before its key was written again: {written}"
    );
    assert_eq!(writer.finish().await.unwrap(), 602);
    let mut stored: Vec<Parcel> = db.scan::<Parcel>().all().await.unwrap();
    stored.sort_by(|a, b| a.id.cmp(&b.id));
    let stale: Vec<&str> = stored
        .iter()
        .filter(|parcel| parcel.weight < 1_000)
        .map(|parcel| parcel.id.as_str())
        .collect();
    assert!(stale.is_empty(), "earlier writes landed last: {stale:?}");
    let mut expected = heavier;
    expected.remove(7);
    assert_eq!(stored, expected);
}

#[tokio::test]
async fn a_writer_dropped_unfinished_sends_nothing_it_had_not_sent() {
    let db = common::fresh_db().await;
    db.create_table::<Parcel>().await.unwrap();
    let mut writer = db.batch_writer();
    assert!(put_through_writer(&mut writer, &parcels(24))
        .await
        .is_empty());
    drop(writer);
    assert!(stored_ids(&db).await.is_empty());
}

#[tokio::test]
async fn under_injected_faults_a_writer_lands_every_item_exactly_once() {
    let (proxy, db) = proxied_db(every_fault()).await;
    let items = parcels(5_000);
    let mut writer = db.batch_writer().retry(fast_retries());
    assert!(put_through_writer(&mut writer, &items).await.is_empty());
    assert_eq!(writer.finish().await.unwrap(), 5_000);
    let mut stored = stored_ids(&db).await;
    stored.sort();
    let expected: Vec<String> = items.into_iter().map(|item| item.id).collect();
    assert_eq!(stored, expected, "every item once");
    let injected = &proxy.injected;
    assert!(injected.partial.load(std::sync::atomic::Ordering::Relaxed) > 10);
    assert!(
        injected
            .throttled
            .load(std::sync::atomic::Ordering::Relaxed)
            > 5
    );
}

#[tokio::test]
async fn a_writer_lists_each_write_not_made_exactly_once() {
    let faults = Faults {
        partial: 0.5,
        ..Faults::default()
    };
    let (_proxy, db) = proxied_db(faults).await;
    let items = parcels(2_000);
    let mut writer = db.batch_writer().retry(RetryPolicy::none());
    let mut errors = Vec::new();
    let mut refused = Vec::new();
    for item in &items {
        if let Err(error) = writer.put(item).await {
            errors.push(error);
            refused.push(item.clone());
        }
    }
    assert!(!errors.is_empty(), "requests gave up while items came");
    if let Err(error) = writer.finish().await {
        errors.push(error);
    }
    let mut listed = Vec::new();
    for error in errors {
        let Error::BatchIncomplete { unprocessed, .. } = error else {
            panic!("expected BatchIncomplete, got {error}");
        };
        assert!(unprocessed.iter().all(|u| u.action == BatchAction::Put));
        listed.extend(unprocessed);
    }
    let missing = unprocessed_ids(&listed);
    assert_eq!(missing.len(), listed.len(), "each write listed once");
    let refused: HashSet<String> = refused.into_iter().map(|item| item.id).collect();
    assert!(
        missing.is_disjoint(&refused),
        "a refused put was never added"
    );
    let stored: HashSet<String> = stored_ids(&db).await.into_iter().collect();
    let all: HashSet<String> = items.into_iter().map(|item| item.id).collect();
    assert_eq!(
        stored,
        &(&all - &missing) - &refused,
        "every write not listed was made"
    );
}

#[tokio::test]
async fn through_a_writer_hooks_run_once_for_each_write_made() {
    let faults = Faults {
        partial: 0.5,
        ..Faults::default()
    };
    let (_proxy, db) = proxied_db(faults).await;
    db.create_table::<Crate>().await.unwrap();
    let mut writer = db.batch_writer().retry(fast_retries());
    for n in 0..1_000 {
        let item = Crate {
            id: format!("writer-{n:04}"),
        };
        writer.put(&item).await.unwrap();
        if n % 100 == 0 {
            let refused = Crate {
                id: format!("writer-{n:04}-refused"),
            };
            let error = writer.put(&refused).await.unwrap_err();
            assert!(matches!(error, Error::Hook { .. }), "{error}");
        }
    }
    assert_eq!(
        writer.finish().await.unwrap(),
        1_000,
        "refused writes not added"
    );
    let expected: Vec<String> = (0..1_000).map(|n| format!("writer-{n:04}")).collect();
    assert_eq!(written_with_prefix("writer-"), expected);
}

/// A `put` dropped while it waits for a request to finish (here, with one request allowed in
/// flight) leaves the writer able to go on: no request ever exceeds DynamoDB's 25 writes.
#[tokio::test]
async fn a_put_dropped_while_it_waits_leaves_the_writer_consistent() {
    let db = common::fresh_db().await;
    db.create_table::<Parcel>().await.unwrap();
    let items = parcels(100);
    let mut writer = db.batch_writer().concurrency(1);
    assert!(put_through_writer(&mut writer, &items[..49])
        .await
        .is_empty());
    let waited = tokio::time::timeout(Duration::ZERO, writer.put(&items[49])).await;
    assert!(waited.is_err(), "the 50th put waits for the first request");
    assert!(put_through_writer(&mut writer, &items[50..])
        .await
        .is_empty());
    assert_eq!(writer.finish().await.unwrap(), 100);
    assert_eq!(stored_ids(&db).await.len(), 100);
}
