//! Timestamps and TTL against DynamoDB Local: `created_at`/`updated_at` on create, put and
//! update in each supported type; TTL stored as epoch seconds, enabled by `create_table`,
//! expired items hidden from every read unless asked for.

mod common;
#[path = "common/ttl.rs"]
mod ttl;

use chrono::{DateTime, Utc};
use dynamoxide::types::{AttributeValue, TimeToLiveStatus};
use dynamoxide::{Db, Model};
use serde::{Deserialize, Serialize};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "notes", timestamps)]
struct Note {
    #[dynamo(hash_key)]
    id: String,
    text: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "events")]
struct Event {
    #[dynamo(hash_key)]
    id: String,
    #[dynamo(created_at(millis))]
    created_ms: Option<i64>,
    #[dynamo(updated_at)]
    touched: Option<time::OffsetDateTime>,
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "counters")]
struct Counter {
    #[dynamo(hash_key)]
    id: String,
    #[dynamo(created_at)]
    created: SystemTime,
    #[dynamo(updated_at(seconds))]
    updated_s: u64,
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "sessions")]
struct Session {
    #[dynamo(hash_key)]
    user: String,
    #[dynamo(range_key)]
    id: String,
    #[dynamo(ttl)]
    expires_at: DateTime<Utc>,
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "tokens")]
struct Token {
    #[dynamo(hash_key)]
    id: String,
    #[dynamo(ttl)]
    expires: Option<SystemTime>,
}

fn epoch_seconds_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

async fn raw_item<M: Model>(db: &Db, key: &[(&str, &str)]) -> dynamoxide::Item {
    let mut request = db
        .client()
        .get_item()
        .table_name(db.table_name::<M>())
        .consistent_read(true);
    for (name, value) in key {
        request = request.key(*name, AttributeValue::S((*value).to_owned()));
    }
    request
        .send()
        .await
        .unwrap()
        .item
        .expect("the item is stored")
}

fn stored_time(item: &dynamoxide::Item, name: &str) -> DateTime<Utc> {
    item[name].as_s().unwrap().parse().unwrap()
}

#[tokio::test]
async fn create_sets_both_put_keeps_created_at_update_sets_only_updated_at() {
    let db = common::fresh_db().await;
    db.create_table::<Note>().await.unwrap();
    let long_ago = DateTime::<Utc>::from_timestamp(1_000_000_000, 0).unwrap();
    let note = Note {
        id: "n1".into(),
        text: "hello".into(),
        created_at: long_ago,
        updated_at: long_ago,
    };
    let before = DateTime::<Utc>::from_timestamp(epoch_seconds_now() - 1, 0).unwrap();
    db.create(&note).await.unwrap();
    let created = raw_item::<Note>(&db, &[("id", "n1")]).await;
    assert!(
        stored_time(&created, "created_at") >= before,
        "create sets created_at"
    );
    assert!(stored_time(&created, "updated_at") >= before);

    let mut read = db.get::<Note>("n1").await.unwrap().unwrap();
    let created_at = read.created_at;
    read.text = "edited".into();
    read.updated_at = long_ago;
    tokio::time::sleep(Duration::from_millis(20)).await;
    db.put(&read).await.unwrap();
    let put = raw_item::<Note>(&db, &[("id", "n1")]).await;
    assert_eq!(
        stored_time(&put, "created_at"),
        created_at,
        "put keeps created_at"
    );
    assert!(
        stored_time(&put, "updated_at") > created_at,
        "put sets updated_at"
    );

    tokio::time::sleep(Duration::from_millis(20)).await;
    db.update::<Note>("n1")
        .set(Note::TEXT, "updated")
        .await
        .unwrap();
    let updated = raw_item::<Note>(&db, &[("id", "n1")]).await;
    assert_eq!(stored_time(&updated, "created_at"), created_at);
    assert!(stored_time(&updated, "updated_at") > stored_time(&put, "updated_at"));
    assert_eq!(updated["text"], AttributeValue::S("updated".into()));

    // An update with nothing to do is refused, not turned into a stub item holding only
    // `updated_at`.
    let empty = db.update::<Note>("missing").await.unwrap_err();
    assert!(
        matches!(empty, dynamoxide::Error::InvalidExpression { .. }),
        "{empty}"
    );
    assert_eq!(db.get::<Note>("missing").await.unwrap(), None);
}

#[tokio::test]
async fn integer_epochs_in_their_units_and_time_crate_dates() {
    let db = common::fresh_db().await;
    db.create_table::<Event>().await.unwrap();
    db.create_table::<Counter>().await.unwrap();
    let event = Event {
        id: "e1".into(),
        created_ms: None,
        touched: None,
    };
    let before = epoch_seconds_now();
    db.put(&event).await.unwrap();
    let stored = raw_item::<Event>(&db, &[("id", "e1")]).await;
    let created_ms: i64 = stored["created_ms"].as_n().unwrap().parse().unwrap();
    assert!((before * 1000..=before * 1000 + 5_000).contains(&created_ms));

    let counter = Counter {
        id: "c1".into(),
        created: UNIX_EPOCH,
        updated_s: 0,
    };
    db.create(&counter).await.unwrap();
    let stored = raw_item::<Counter>(&db, &[("id", "c1")]).await;
    let updated_s: i64 = stored["updated_s"].as_n().unwrap().parse().unwrap();
    assert!((before..=before + 5).contains(&updated_s));
    let read_counter = db.get::<Counter>("c1").await.unwrap().unwrap();
    let created = read_counter
        .created
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!((before..=before + 5).contains(&created), "create set it");
    let read = db.get::<Event>("e1").await.unwrap().unwrap();
    let touched = read.touched.expect("put filled it");
    assert!((touched.unix_timestamp() - before).abs() <= 5);
    assert_eq!(read.created_ms, Some(created_ms));

    // A later put of the model as read keeps created_ms.
    tokio::time::sleep(Duration::from_millis(5)).await;
    db.put(&read).await.unwrap();
    let again = db.get::<Event>("e1").await.unwrap().unwrap();
    assert_eq!(again.created_ms, Some(created_ms));
}

#[tokio::test]
async fn create_table_enables_ttl_and_the_ttl_is_stored_as_epoch_seconds() {
    let db = common::fresh_db().await;
    db.create_table::<Session>().await.unwrap();
    let ttl = db
        .client()
        .describe_time_to_live()
        .table_name(db.table_name::<Session>())
        .send()
        .await
        .unwrap();
    let description = ttl.time_to_live_description().unwrap();
    assert_eq!(description.attribute_name(), Some("expires_at"));
    assert_eq!(
        description.time_to_live_status(),
        Some(&TimeToLiveStatus::Enabled)
    );

    let expires_at = DateTime::<Utc>::from_timestamp(epoch_seconds_now() + 3_600, 0).unwrap();
    let session = Session {
        user: "u1".into(),
        id: "s1".into(),
        expires_at,
    };
    db.create(&session).await.unwrap();
    let stored = raw_item::<Session>(&db, &[("user", "u1"), ("id", "s1")]).await;
    assert_eq!(
        stored["expires_at"],
        AttributeValue::N(expires_at.timestamp().to_string())
    );
    assert_eq!(
        db.get::<Session>(("u1", "s1")).await.unwrap(),
        Some(session)
    );
    // A TTL set by an update is stored as epoch seconds too.
    let later = expires_at + chrono::TimeDelta::hours(1);
    db.update::<Session>(("u1", "s1"))
        .set(Session::EXPIRES_AT, later)
        .await
        .unwrap();
    let stored = raw_item::<Session>(&db, &[("user", "u1"), ("id", "s1")]).await;
    assert_eq!(
        stored["expires_at"],
        AttributeValue::N(later.timestamp().to_string())
    );
}

#[tokio::test]
async fn expired_items_are_hidden_from_every_read_unless_included() {
    let db = common::fresh_db().await;
    db.create_table::<Session>().await.unwrap();
    ttl::keep_expired_items::<Session>(&db).await;
    let now = epoch_seconds_now();
    let session = |id: &str, offset: i64| Session {
        user: "u1".into(),
        id: id.into(),
        expires_at: DateTime::<Utc>::from_timestamp(now + offset, 0).unwrap(),
    };
    let (expired, live) = (session("old", -60), session("new", 3_600));
    db.batch_put(&[expired.clone(), live.clone()])
        .await
        .unwrap();

    assert_eq!(db.get::<Session>(("u1", "old")).await.unwrap(), None);
    assert_eq!(
        db.get::<Session>(("u1", "old"))
            .include_expired()
            .await
            .unwrap(),
        Some(expired.clone())
    );
    assert_eq!(
        db.get::<Session>(("u1", "new")).await.unwrap(),
        Some(live.clone())
    );

    let queried = db.query::<Session>().hash("u1").all().await.unwrap();
    assert_eq!(queried, vec![live.clone()]);
    let queried_all = db
        .query::<Session>()
        .hash("u1")
        .include_expired()
        .all()
        .await
        .unwrap();
    assert_eq!(queried_all, vec![live.clone(), expired.clone()]);

    assert_eq!(
        db.scan::<Session>().all().await.unwrap(),
        vec![live.clone()]
    );
    assert_eq!(db.scan::<Session>().count().await.unwrap(), 1);
    assert_eq!(
        db.scan::<Session>()
            .include_expired()
            .count()
            .await
            .unwrap(),
        2
    );

    #[derive(Debug, PartialEq, Deserialize)]
    struct Expiry {
        id: String,
        expires_at: DateTime<Utc>,
    }
    let partial: Vec<Expiry> = db
        .scan::<Session>()
        .include_expired()
        .partial::<Expiry>()
        .project(Session::EXPIRES_AT)
        .all()
        .await
        .unwrap();
    assert_eq!(
        partial.len(),
        2,
        "TTL seconds read back into a partial type"
    );
    assert!(partial.contains(&Expiry {
        id: "old".into(),
        expires_at: expired.expires_at
    }));

    let mut read = db.transact_get();
    let (old_slot, new_slot) = (
        read.get::<Session>(("u1", "old")),
        read.get::<Session>(("u1", "new")),
    );
    let mut got = read.send().await.unwrap();
    assert_eq!(got.take(old_slot).unwrap(), None);
    assert_eq!(got.take(new_slot).unwrap(), Some(live.clone()));

    let keys = [("u1", "old"), ("u1", "new")];
    assert_eq!(
        db.batch_get::<Session, _>(keys).await.unwrap(),
        vec![live.clone()]
    );
    assert_eq!(
        db.batch_get::<Session, _>(keys)
            .include_expired()
            .await
            .unwrap(),
        vec![expired, live]
    );

    // An expired item counts as gone for `create` too.
    let renewed = session("old", 7_200);
    db.create(&renewed).await.unwrap();
    assert_eq!(
        db.get::<Session>(("u1", "old")).await.unwrap(),
        Some(renewed)
    );
}

#[tokio::test]
async fn an_optional_system_time_ttl_round_trips_and_none_never_expires() {
    let db = common::fresh_db().await;
    db.create_table::<Token>().await.unwrap();
    let expires = UNIX_EPOCH + Duration::from_secs(epoch_seconds_now() as u64 + 600);
    let tokens = [
        Token {
            id: "t1".into(),
            expires: Some(expires),
        },
        Token {
            id: "t2".into(),
            expires: None,
        },
    ];
    db.batch_put(&tokens).await.unwrap();
    let stored = raw_item::<Token>(&db, &[("id", "t1")]).await;
    assert!(stored["expires"].as_n().is_ok());
    let read = db.batch_get::<Token, _>(["t1", "t2"]).await.unwrap();
    assert_eq!(read, tokens);
}
