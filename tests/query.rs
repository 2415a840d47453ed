//! Query and scan against DynamoDB Local: a partition of 3,000 items of ~1 KB (several 1 MB
//! pages), read with `all`, `stream`, cursors, limits, filters, counts, indexes and parallel
//! scans.

mod common;

use dynamoxide::stream::{StreamExt, TryStreamExt};
use dynamoxide::types::AttributeValue;
use dynamoxide::{Db, Error, Model};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use tokio::sync::OnceCell;

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "events")]
#[dynamo(gsi(name = "by_kind", hash_key = "kind", range_key = "at", projection = keys_only))]
#[dynamo(gsi(name = "by_owner", hash_key = "owner", range_key = "seq"))]
#[dynamo(lsi(name = "by_at", range_key = "at", projection = include(["kind"])))]
struct Event {
    #[dynamo(hash_key)]
    stream: String,
    #[dynamo(range_key)]
    seq: u64,
    at: String,
    kind: String,
    /// Set on every 10th event only: `by_owner` is a sparse index.
    owner: Option<String>,
    payload: String,
}

/// What a keys-only read of `by_kind` returns.
#[derive(Debug, Deserialize, PartialEq)]
struct EventKeys {
    stream: String,
    seq: u64,
    kind: String,
    at: String,
}

const BIG: &str = "big";
const BIG_COUNT: u64 = 3_000;

fn event(stream: &str, seq: u64) -> Event {
    Event {
        stream: stream.to_owned(),
        seq,
        at: format!("2026-11-{:02}T{:05}", seq % 28 + 1, seq),
        kind: ["a", "b", "c"][(seq % 3) as usize].to_owned(),
        owner: seq.is_multiple_of(10).then(|| format!("owner-{stream}")),
        payload: "x".repeat(1_000),
    }
}

/// A `Db` whose `events` table holds the partition `big` (3,000 events, ~3 MB) and the
/// partition `small` (20 events). Loaded once per test binary; each test gets its own `Db`.
async fn loaded_db() -> Db {
    static PREFIX: OnceCell<String> = OnceCell::const_new();
    let prefix = PREFIX
        .get_or_init(|| async {
            let db = common::fresh_db().await;
            db.create_table::<Event>().await.expect("table created");
            let events = (1..=BIG_COUNT)
                .map(|seq| event(BIG, seq))
                .chain((1..=20).map(|seq| event("small", seq)));
            futures_util::stream::iter(events)
                .map(|event| {
                    let db = &db;
                    async move { db.create(&event).await }
                })
                .buffer_unordered(16)
                .try_collect::<Vec<Event>>()
                .await
                .expect("events written");
            db.table_name::<Event>()
                .strip_suffix("events")
                .expect("prefixed name")
                .to_owned()
        })
        .await;
    Db::local()
        .await
        .expect("DynamoDB Local is reachable")
        .with_table_prefix(prefix)
        .expect("valid prefix")
}

fn seqs(events: &[Event]) -> Vec<u64> {
    events.iter().map(|event| event.seq).collect()
}

#[tokio::test]
async fn the_partition_spans_several_pages_and_all_returns_every_item_once_in_order() {
    let db = loaded_db().await;
    // A single raw request stops at 1 MB: the partition needs several.
    let first_page = db
        .query::<Event>()
        .hash(BIG)
        .into_sdk()
        .unwrap()
        .send()
        .await
        .unwrap();
    assert!(first_page.count < BIG_COUNT as i32);
    assert!(first_page.last_evaluated_key.is_some());

    let events = db.query::<Event>().hash(BIG).all().await.unwrap();
    assert_eq!(seqs(&events), (1..=BIG_COUNT).collect::<Vec<_>>());
    assert_eq!(events[41], event(BIG, 42));
}

#[tokio::test]
async fn stream_yields_every_item_once_in_order() {
    let db = loaded_db().await;
    let mut stream = std::pin::pin!(db.query::<Event>().hash(BIG).stream());
    let mut expected = 1;
    while let Some(event) = stream.try_next().await.unwrap() {
        assert_eq!(event.seq, expected);
        expected += 1;
    }
    assert_eq!(expected, BIG_COUNT + 1);
}

#[tokio::test]
async fn cursor_pages_visit_every_item_once_like_a_rest_client() {
    let db = loaded_db().await;
    let mut cursor: Option<String> = None;
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        // What a REST handler does: a fresh request per page, the cursor from the client.
        let page = db
            .query::<Event>()
            .hash(BIG)
            .limit(700)
            .page(cursor.as_deref())
            .await
            .unwrap();
        assert!(page.items.len() <= 700);
        seen.extend(seqs(&page.items));
        pages += 1;
        match page.next_cursor {
            Some(next) => {
                assert!(next
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
                cursor = Some(next);
            }
            None => break,
        }
    }
    assert_eq!(seen, (1..=BIG_COUNT).collect::<Vec<_>>());
    assert!((5..=6).contains(&pages), "{pages} pages");

    // Without a limit, a page is one DynamoDB response (up to 1 MB).
    let page = db.query::<Event>().hash(BIG).page(None).await.unwrap();
    assert!(!page.items.is_empty() && page.items.len() < BIG_COUNT as usize);
    let rest = db
        .query::<Event>()
        .hash(BIG)
        .page(page.next_cursor.as_deref())
        .await
        .unwrap();
    assert_eq!(rest.items[0].seq, page.items.len() as u64 + 1);
}

#[tokio::test]
async fn descending_reads_the_partition_backwards() {
    let db = loaded_db().await;
    let events = db
        .query::<Event>()
        .hash(BIG)
        .descending()
        .all()
        .await
        .unwrap();
    assert_eq!(seqs(&events), (1..=BIG_COUNT).rev().collect::<Vec<_>>());
    let last = db
        .query::<Event>()
        .hash(BIG)
        .descending()
        .first()
        .await
        .unwrap();
    assert_eq!(last.map(|event| event.seq), Some(BIG_COUNT));
}

#[tokio::test]
async fn every_range_operator() {
    let db = loaded_db().await;
    let query = || db.query::<Event>().hash("small");
    let read = |events: Vec<Event>| seqs(&events);
    assert_eq!(read(query().range_eq(7).all().await.unwrap()), [7]);
    assert_eq!(read(query().range_lt(3).all().await.unwrap()), [1, 2]);
    assert_eq!(read(query().range_le(3).all().await.unwrap()), [1, 2, 3]);
    assert_eq!(read(query().range_gt(18).all().await.unwrap()), [19, 20]);
    assert_eq!(
        read(query().range_ge(18).all().await.unwrap()),
        [18, 19, 20]
    );
    assert_eq!(
        read(query().range_between(5, 8).all().await.unwrap()),
        [5, 6, 7, 8]
    );

    // begins_with on a string range key: the local index sorted by `at`.
    #[derive(Deserialize)]
    struct At {
        seq: u64,
        at: String,
    }
    let at_prefix = db
        .query::<Event>()
        .index::<event_index::ByAt>()
        .hash("small")
        .range_begins_with("2026-11-1")
        .partial::<At>()
        .all()
        .await
        .unwrap();
    let days: Vec<u64> = at_prefix.iter().map(|e| e.seq).collect();
    assert_eq!(days, (9..=18).collect::<Vec<_>>());
    assert!(at_prefix.iter().all(|e| e.at.starts_with("2026-11-1")));

    // begins_with on a number key cannot be sent.
    let error = query().range_begins_with(1).all().await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error}");
}

#[tokio::test]
async fn filters_keep_matching_items_across_pages_and_limits_count_returned_items() {
    let db = loaded_db().await;
    let kind_b = || db.query::<Event>().hash(BIG).filter(Event::KIND.eq("b"));
    let all_b = kind_b().all().await.unwrap();
    assert_eq!(all_b.len(), 1_000);
    assert!(all_b
        .iter()
        .all(|event| event.kind == "b" && event.seq % 3 == 1));

    // "At most n returned", though each request evaluates far more than n items.
    let first_ten = kind_b().limit(10).all().await.unwrap();
    assert_eq!(seqs(&first_ten), seqs(&all_b[..10]));

    // A filtered page resumes right after its last returned item.
    let page = kind_b().limit(10).page(None).await.unwrap();
    assert_eq!(seqs(&page.items), seqs(&all_b[..10]));
    let next = kind_b()
        .limit(10)
        .page(page.next_cursor.as_deref())
        .await
        .unwrap();
    assert_eq!(seqs(&next.items), seqs(&all_b[10..20]));

    // A filter on a key attribute of the query is refused before sending.
    let error = db
        .query::<Event>()
        .hash(BIG)
        .filter(Event::SEQ.gt(5))
        .all()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidExpression { .. }), "{error}");
}

#[tokio::test]
async fn count_covers_every_page() {
    let db = loaded_db().await;
    assert_eq!(
        db.query::<Event>().hash(BIG).count().await.unwrap(),
        BIG_COUNT as usize
    );
    let kind_c = db.query::<Event>().hash(BIG).filter(Event::KIND.eq("c"));
    assert_eq!(kind_c.count().await.unwrap(), 1_000);
    assert_eq!(
        db.query::<Event>()
            .hash(BIG)
            .limit(1234)
            .count()
            .await
            .unwrap(),
        1234
    );
    assert_eq!(db.query::<Event>().hash("nobody").count().await.unwrap(), 0);
}

#[tokio::test]
async fn global_indexes_read_whole_models_or_partial_types() {
    let db = loaded_db().await;
    // `by_owner` projects everything and is sparse: only every 10th event is in it.
    let owned = db
        .query::<Event>()
        .index::<event_index::ByOwner>()
        .hash("owner-big")
        .range_lt(101)
        .all()
        .await
        .unwrap();
    assert_eq!(seqs(&owned), (10..=100).step_by(10).collect::<Vec<_>>());
    assert_eq!(owned[0], event(BIG, 10));

    // `by_kind` is keys-only: read into a type of the keys.
    let keys = db
        .query::<Event>()
        .index::<event_index::ByKind>()
        .hash("a")
        .range_begins_with("2026-11-03")
        .partial::<EventKeys>()
        .all()
        .await
        .unwrap();
    let expected: Vec<EventKeys> = (1..=BIG_COUNT)
        .map(|seq| event(BIG, seq))
        .chain((1..=20).map(|seq| event("small", seq)))
        .filter(|e| e.kind == "a" && e.at.starts_with("2026-11-03"))
        .map(|e| EventKeys {
            stream: e.stream,
            seq: e.seq,
            kind: e.kind,
            at: e.at,
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(keys.len(), expected.len());
    let mut sorted = keys;
    sorted.sort_by(|a, b| (&a.at, &a.stream, a.seq).cmp(&(&b.at, &b.stream, b.seq)));
    assert_eq!(sorted, expected);
}

#[tokio::test]
async fn local_index_query_with_strong_consistency() {
    #[derive(Deserialize, Debug)]
    struct Kind {
        seq: u64,
        at: String,
        kind: String,
    }
    let db = loaded_db().await;
    let events = db
        .query::<Event>()
        .index::<event_index::ByAt>()
        .hash(BIG)
        .range_between("2026-11-05", "2026-11-06")
        .consistent_read()
        .partial::<Kind>()
        .all()
        .await
        .unwrap();
    // seq % 28 == 4 gives day 05; sorted by `at`, then the sequence number within it.
    let expected: Vec<u64> = (1..=BIG_COUNT).filter(|seq| seq % 28 == 4).collect();
    assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), expected);
    assert!(events
        .iter()
        .all(|e| e.at.starts_with("2026-11-05") && !e.kind.is_empty()));
}

#[tokio::test]
async fn projection_into_a_partial_type_reads_only_what_is_asked() {
    #[derive(Deserialize, Debug)]
    struct Slim {
        seq: u64,
        kind: String,
        payload: Option<String>,
    }
    let db = loaded_db().await;
    let slim = db
        .query::<Event>()
        .hash("small")
        .partial::<Slim>()
        .project(Event::KIND)
        .all()
        .await
        .unwrap();
    assert_eq!(slim.len(), 20);
    assert!(slim
        .iter()
        .all(|s| s.payload.is_none() && !s.kind.is_empty()));
    assert_eq!(slim[4].seq, 5);

    // Projected pages still resume: the key attributes are always read.
    let page = db
        .query::<Event>()
        .hash("small")
        .partial::<Slim>()
        .project(Event::KIND)
        .filter(Event::KIND.eq("a"))
        .limit(2)
        .page(None)
        .await
        .unwrap();
    let next = db
        .query::<Event>()
        .hash("small")
        .partial::<Slim>()
        .project(Event::KIND)
        .filter(Event::KIND.eq("a"))
        .limit(2)
        .page(page.next_cursor.as_deref())
        .await
        .unwrap();
    let seen: Vec<u64> = page
        .items
        .iter()
        .chain(&next.items)
        .map(|s| s.seq)
        .collect();
    assert_eq!(seen, [3, 6, 9, 12]);
}

#[tokio::test]
async fn parallel_scan_with_four_segments_returns_exactly_the_tables_items() {
    let db = loaded_db().await;
    let events = db.scan::<Event>().parallel(4).all().await.unwrap();
    assert_eq!(events.len(), BIG_COUNT as usize + 20);
    let keys: HashSet<(String, u64)> = events.iter().map(|e| (e.stream.clone(), e.seq)).collect();
    assert_eq!(keys.len(), events.len(), "no item twice");
    let expected: HashSet<(String, u64)> = (1..=BIG_COUNT)
        .map(|seq| (BIG.to_owned(), seq))
        .chain((1..=20).map(|seq| ("small".to_owned(), seq)))
        .collect();
    assert_eq!(keys, expected);

    assert_eq!(
        db.scan::<Event>().parallel(4).count().await.unwrap(),
        events.len()
    );
    assert_eq!(db.scan::<Event>().count().await.unwrap(), events.len());
    let sparse = db
        .scan::<Event>()
        .index::<event_index::ByOwner>()
        .count()
        .await;
    assert_eq!(sparse.unwrap(), 302);
    assert_eq!(
        db.scan::<Event>()
            .limit(50)
            .parallel(3)
            .all()
            .await
            .unwrap()
            .len(),
        50
    );
}

#[tokio::test]
async fn segment_cursors_resume_their_segment() {
    let db = loaded_db().await;
    let mut seen = HashSet::new();
    for segment in 0..2 {
        let mut cursor = None;
        loop {
            let page = db
                .scan::<Event>()
                .segment(segment, 2)
                .limit(1_000)
                .page(cursor.as_deref())
                .await
                .unwrap();
            for event in page.items {
                assert!(seen.insert((event.stream, event.seq)));
            }
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
    }
    assert_eq!(seen.len(), BIG_COUNT as usize + 20);
    let error = db.scan::<Event>().segment(4, 4).all().await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error}");
}

#[tokio::test]
async fn tampered_and_foreign_cursors_are_typed_errors() {
    let db = loaded_db().await;
    let page = db
        .query::<Event>()
        .hash(BIG)
        .limit(5)
        .page(None)
        .await
        .unwrap();
    let cursor = page.next_cursor.unwrap();

    let mut tampered = cursor.clone().into_bytes();
    tampered[12] = if tampered[12] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    let error = db
        .query::<Event>()
        .hash(BIG)
        .page(Some(&tampered))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidCursor { .. }), "{error}");

    // The same table, another partition.
    let error = db
        .query::<Event>()
        .hash("small")
        .page(Some(&cursor))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidCursor { ref reason } if reason.contains("partition")));

    // Another index, and a scan.
    let error = db
        .query::<Event>()
        .index::<event_index::ByAt>()
        .hash(BIG)
        .partial::<EventKeys>()
        .page(Some(&cursor))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidCursor { .. }), "{error}");
    let error = db.scan::<Event>().page(Some(&cursor)).await.unwrap_err();
    assert!(matches!(error, Error::InvalidCursor { .. }), "{error}");
    let error = db.scan::<Event>().page(Some("garbage")).await.unwrap_err();
    assert!(matches!(error, Error::InvalidCursor { .. }), "{error}");
}

#[tokio::test]
async fn binary_and_numeric_keys_resume_exactly() {
    #[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[dynamo(table = "blobs")]
    struct Blob {
        #[dynamo(hash_key)]
        owner: dynamoxide::ByteBuf,
        #[dynamo(range_key)]
        at: i64,
    }
    let db = common::fresh_db().await;
    db.create_table::<Blob>().await.unwrap();
    let owner = dynamoxide::ByteBuf::from(vec![0u8, 255, 10, 13]);
    let ats = [-9_007_199_254_740_991_i64, -1, 0, 7, 9_007_199_254_740_991];
    for at in ats {
        db.create(&Blob {
            owner: owner.clone(),
            at,
        })
        .await
        .unwrap();
    }
    let mut cursor = None;
    let mut seen = Vec::new();
    loop {
        let page = db
            .query::<Blob>()
            .hash(owner.clone())
            .limit(2)
            .page(cursor.as_deref())
            .await
            .unwrap();
        seen.extend(page.items.iter().map(|blob| blob.at));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, ats);
    assert!(db.query::<Blob>().hash(Vec::new()).all().await.is_err());
}

#[tokio::test]
async fn the_table_is_created_with_its_indexes() {
    let db = loaded_db().await;
    let table = db.describe_table::<Event>().await.unwrap();
    let gsis: HashSet<&str> = table
        .global_secondary_indexes()
        .iter()
        .filter_map(|index| index.index_name())
        .collect();
    assert_eq!(gsis, HashSet::from(["by_kind", "by_owner"]));
    let lsi = &table.local_secondary_indexes()[0];
    assert_eq!(lsi.index_name(), Some("by_at"));
    let projection = lsi.projection().unwrap();
    assert_eq!(projection.non_key_attributes(), ["kind"]);
    let item = db
        .query::<Event>()
        .hash("small")
        .range_eq(1)
        .into_sdk()
        .unwrap()
        .send()
        .await
        .unwrap()
        .items
        .unwrap();
    assert_eq!(item[0]["seq"], AttributeValue::N("1".into()));
}

#[tokio::test]
async fn mistakes_in_a_read_are_typed_errors_before_sending() {
    let db = loaded_db().await;
    let error = db.scan::<Event>().parallel(0).all().await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error}");
    let error = db
        .scan::<Event>()
        .parallel(2_000_000)
        .count()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error}");
    let error = db
        .query::<Event>()
        .hash(BIG)
        .limit(0)
        .page(None)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error}");
    assert!(db
        .query::<Event>()
        .hash(BIG)
        .limit(0)
        .all()
        .await
        .unwrap()
        .is_empty());

    // A descending cursor resumes backwards: an ascending query refuses it.
    let page = db
        .query::<Event>()
        .hash(BIG)
        .descending()
        .limit(3)
        .page(None)
        .await
        .unwrap();
    let cursor = page.next_cursor.unwrap();
    let error = db
        .query::<Event>()
        .hash(BIG)
        .page(Some(&cursor))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidCursor { .. }), "{error}");
    let next = db
        .query::<Event>()
        .hash(BIG)
        .descending()
        .limit(3)
        .page(Some(&cursor))
        .await
        .unwrap();
    assert_eq!(
        seqs(&next.items),
        [BIG_COUNT - 3, BIG_COUNT - 4, BIG_COUNT - 5]
    );
}

#[tokio::test]
async fn index_key_values_are_checked_on_every_write() {
    let db = loaded_db().await;
    let mut bad = event("checks", 1);
    bad.kind = String::new();
    let error = db.create(&bad).await.unwrap_err();
    assert!(
        matches!(error, Error::InvalidKey { ref attribute, .. } if attribute == "kind"),
        "{error}"
    );
    bad.kind = "a".into();
    bad.owner = Some(String::new());
    assert!(matches!(db.put(&bad).await, Err(Error::InvalidKey { .. })));
    let error = db
        .update::<Event>(("checks", 1))
        .set(Event::AT, "")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidKey { .. }), "{error}");
    assert!(db.get::<Event>(("checks", 1)).await.unwrap().is_none());
}

#[tokio::test]
async fn overlapping_projections_keep_the_outer_path() {
    #[derive(dynamoxide::Attributes, Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Address {
        city: String,
        zip: String,
    }
    #[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[dynamo(table = "people")]
    struct Person {
        #[dynamo(hash_key)]
        id: String,
        address: Address,
    }
    #[derive(Deserialize, Debug, PartialEq)]
    struct WithAddress {
        address: Address,
    }
    let db = common::fresh_db().await;
    db.create_table::<Person>().await.unwrap();
    let person = Person {
        id: "p1".into(),
        address: Address {
            city: "Oslo".into(),
            zip: "0150".into(),
        },
    };
    db.create(&person).await.unwrap();
    let read = db
        .scan::<Person>()
        .partial::<WithAddress>()
        .project(Person::ADDRESS.then(Address::CITY))
        .project(Person::ADDRESS)
        .all()
        .await
        .unwrap();
    assert_eq!(
        read,
        [WithAddress {
            address: person.address
        }]
    );
}
