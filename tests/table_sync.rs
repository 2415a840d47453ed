//! `check_table` and `sync_table` against DynamoDB Local: tables drifted on purpose (an older
//! version of a model created them), the exact drifts reported, what a sync fixes, what it
//! leaves, and that the stored items survive it.
//!
//! DynamoDB Local keeps no tags and reports neither table class nor encryption, so those
//! drifts are not compared there and not tested here.

mod common;

use common::fresh_db;
use dynamoxide::types::{ProjectionType, StreamViewType, TableDescription, TimeToLiveStatus};
use dynamoxide::{
    Billing, Db, Drift, IndexKind, KeyElement, KeySchema, Model, ProjectedAttributes, Remedy,
    ScalarType, StreamView, Throughput,
};
use serde::{Deserialize, Serialize};

/// The first version of the accounts table: no index, no TTL.
#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "accounts")]
struct LegacyAccount {
    #[dynamo(hash_key)]
    id: String,
    email: String,
}

/// The current version: an index by email, and accounts that expire.
#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "accounts", gsi(name = "by_email", hash_key = "email"))]
struct Account {
    #[dynamo(hash_key)]
    id: String,
    email: String,
    #[dynamo(ttl)]
    expires_at: Option<i64>,
}

/// Articles as first indexed: authors keys-only, and an index by tag.
#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "articles")]
#[dynamo(gsi(name = "by_author", hash_key = "author", projection = keys_only))]
#[dynamo(gsi(name = "by_tag", hash_key = "tag"))]
struct DraftArticle {
    #[dynamo(hash_key)]
    id: String,
    author: String,
    tag: String,
    title: String,
}

/// Articles now: the author index carries titles, the tag index is gone.
#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "articles")]
#[dynamo(gsi(name = "by_author", hash_key = "author", projection = include(["title"])))]
struct Article {
    #[dynamo(hash_key)]
    id: String,
    author: String,
    tag: String,
    title: String,
}

/// What the `by_author` index of [`Article`] holds.
#[derive(Debug, Deserialize, PartialEq)]
struct Byline {
    id: String,
    author: String,
    title: String,
}

/// A ledger keyed by id alone.
#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "ledger")]
struct FlatEntry {
    #[dynamo(hash_key)]
    id: String,
}

/// The same table name with another key: a migration, not a sync.
#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "ledger", gsi(name = "by_owner", hash_key = "owner"))]
struct Entry {
    #[dynamo(hash_key)]
    account: String,
    #[dynamo(range_key)]
    seq: u64,
    owner: String,
}

/// A table with every setting DynamoDB Local reports.
#[derive(Model, Serialize, Deserialize)]
#[dynamo(
    table = "invoices",
    billing = provisioned(read = 3, write = 2),
    stream = keys_only
)]
#[dynamo(gsi(
    name = "by_customer",
    hash_key = "customer",
    range_key = "issued",
    throughput(read = 1, write = 1)
))]
struct Invoice {
    #[dynamo(hash_key)]
    id: String,
    customer: String,
    issued: u64,
    #[dynamo(ttl)]
    due: Option<i64>,
}

/// Orders on demand, without stream or deletion protection.
#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "orders", gsi(name = "by_customer", hash_key = "customer"))]
struct PlainOrder {
    #[dynamo(hash_key)]
    id: String,
    customer: String,
}

/// Orders provisioned, streamed and protected.
#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(
    table = "orders",
    billing = provisioned(read = 5, write = 5),
    stream = new_and_old_images,
    deletion_protection,
    tags("team" = "core")
)]
#[dynamo(gsi(
    name = "by_customer",
    hash_key = "customer",
    throughput(read = 2, write = 2)
))]
struct Order {
    #[dynamo(hash_key)]
    id: String,
    customer: String,
}

/// [`Order`] with more capacity for its index.
#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(
    table = "orders",
    billing = provisioned(read = 5, write = 5),
    stream = new_and_old_images,
    deletion_protection,
    tags("team" = "core")
)]
#[dynamo(gsi(
    name = "by_customer",
    hash_key = "customer",
    throughput(read = 3, write = 3)
))]
struct BusyOrder {
    #[dynamo(hash_key)]
    id: String,
    customer: String,
}

/// One of two models sharing a table.
#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app")]
struct Org {
    #[dynamo(hash_key)]
    pk: String,
    #[dynamo(range_key)]
    sk: String,
}

/// The other, which brings an index.
#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", gsi(name = "by_email", hash_key = "email"))]
struct Member {
    #[dynamo(hash_key)]
    pk: String,
    #[dynamo(range_key)]
    sk: String,
    email: String,
}

/// No drift at all.
const NOTHING: [Drift; 0] = [];

fn key(name: &str, scalar_type: ScalarType) -> KeyElement {
    KeyElement {
        name: name.to_owned(),
        scalar_type,
    }
}

fn remedies(drifts: &[Drift]) -> Vec<Remedy> {
    drifts.iter().map(Drift::remedy).collect()
}

/// The global indexes of a table: name, projection type and included attributes.
fn global_indexes(table: &TableDescription) -> Vec<(String, ProjectionType, Vec<String>)> {
    let mut indexes: Vec<_> = table
        .global_secondary_indexes()
        .iter()
        .map(|index| {
            let projection = index.projection().expect("an index has a projection");
            (
                index.index_name().unwrap_or_default().to_owned(),
                projection
                    .projection_type()
                    .expect("a projection has a type")
                    .clone(),
                projection.non_key_attributes().to_vec(),
            )
        })
        .collect();
    indexes.sort_by(|a, b| a.0.cmp(&b.0));
    indexes
}

/// Read and write capacity units.
type Units = Option<(i64, i64)>;

/// The capacity of the table and of its first global index.
fn capacities(table: &TableDescription) -> (Units, Units) {
    let table_units = table.provisioned_throughput().map(|units| {
        (
            units.read_capacity_units().unwrap_or_default(),
            units.write_capacity_units().unwrap_or_default(),
        )
    });
    let index_units = table.global_secondary_indexes().first().and_then(|index| {
        index.provisioned_throughput().map(|units| {
            (
                units.read_capacity_units().unwrap_or_default(),
                units.write_capacity_units().unwrap_or_default(),
            )
        })
    });
    (table_units, index_units)
}

/// The attribute DynamoDB expires the items of `M`'s table by, when TTL is on.
async fn ttl_attribute<M: Model>(db: &Db) -> Option<String> {
    let output = db
        .client()
        .describe_time_to_live()
        .table_name(db.table_name::<M>())
        .send()
        .await
        .expect("DescribeTimeToLive answers");
    output
        .time_to_live_description()
        .filter(|ttl| ttl.time_to_live_status() == Some(&TimeToLiveStatus::Enabled))
        .and_then(|ttl| ttl.attribute_name())
        .map(str::to_owned)
}

#[tokio::test]
async fn a_new_index_and_ttl_are_added_to_a_table_with_items() {
    let db = fresh_db().await;
    db.create_table::<LegacyAccount>().await.unwrap();
    let legacy: Vec<LegacyAccount> = (0..30)
        .map(|i| LegacyAccount {
            id: format!("a{i:02}"),
            email: format!("team{}@example.com", i % 3),
        })
        .collect();
    for account in &legacy {
        db.create(account).await.unwrap();
    }

    let report = db.check_table::<Account>().await.unwrap();
    assert_eq!(report.table, db.table_name::<Account>());
    assert_eq!(
        report.drifts,
        [
            Drift::MissingIndex {
                name: "by_email".into(),
                kind: IndexKind::Global
            },
            Drift::Ttl {
                expected: Some("expires_at".into()),
                found: None
            },
        ]
    );
    assert_eq!(remedies(&report.drifts), [Remedy::Apply, Remedy::Apply]);
    assert!(!report.is_in_sync());

    let synced = db.sync_table::<Account>().await.unwrap();
    assert!(!synced.created);
    assert_eq!(synced.applied, report.drifts);
    assert_eq!(synced.remaining, NOTHING);
    assert!(synced.is_in_sync());
    assert_eq!(db.check_table::<Account>().await.unwrap().drifts, NOTHING);
    assert_eq!(
        ttl_attribute::<Account>(&db).await.as_deref(),
        Some("expires_at")
    );

    for old in &legacy {
        let account = db.get::<Account>(old.id.as_str()).await.unwrap();
        let expected = Account {
            id: old.id.clone(),
            email: old.email.clone(),
            expires_at: None,
        };
        assert_eq!(account, Some(expected));
    }
    let mut team = db
        .query::<Account>()
        .index::<account_index::ByEmail>()
        .hash("team1@example.com")
        .all()
        .await
        .unwrap();
    team.sort_by(|a, b| a.id.cmp(&b.id));
    let expected: Vec<Account> = legacy
        .iter()
        .filter(|old| old.email == "team1@example.com")
        .map(|old| Account {
            id: old.id.clone(),
            email: old.email.clone(),
            expires_at: None,
        })
        .collect();
    assert_eq!(expected.len(), 10);
    assert_eq!(team, expected);

    db.delete_table::<Account>().await.unwrap();
}

#[tokio::test]
async fn extra_and_changed_indexes_wait_for_allow_destructive() {
    let db = fresh_db().await;
    db.create_table::<DraftArticle>().await.unwrap();
    for (id, author) in [("a1", "ada"), ("a2", "ada"), ("a3", "grace")] {
        let article = DraftArticle {
            id: id.into(),
            author: author.into(),
            tag: "rust".into(),
            title: format!("title of {id}"),
        };
        db.create(&article).await.unwrap();
    }

    let expected_drifts = [
        Drift::IndexProjection {
            name: "by_author".into(),
            kind: IndexKind::Global,
            expected: ProjectedAttributes::Include(vec!["title".into()]),
            found: ProjectedAttributes::KeysOnly,
        },
        Drift::ExtraIndex {
            name: "by_tag".into(),
            kind: IndexKind::Global,
        },
    ];
    let report = db.check_table::<Article>().await.unwrap();
    assert_eq!(report.drifts, expected_drifts);
    assert_eq!(
        remedies(&report.drifts),
        [Remedy::Destructive, Remedy::Destructive]
    );

    let cautious = db.sync_table::<Article>().await.unwrap();
    assert!(!cautious.created);
    assert_eq!(cautious.applied, NOTHING);
    assert_eq!(cautious.remaining, expected_drifts);
    assert!(!cautious.is_in_sync());
    let untouched = db.describe_table::<Article>().await.unwrap();
    assert_eq!(
        global_indexes(&untouched),
        [
            ("by_author".to_owned(), ProjectionType::KeysOnly, Vec::new()),
            ("by_tag".to_owned(), ProjectionType::All, Vec::new()),
        ]
    );
    assert_eq!(
        db.check_table::<Article>().await.unwrap().drifts,
        expected_drifts
    );

    let destructive = db
        .sync_table::<Article>()
        .allow_destructive()
        .await
        .unwrap();
    assert_eq!(destructive.applied, expected_drifts);
    assert_eq!(destructive.remaining, NOTHING);
    assert!(destructive.is_in_sync());
    assert_eq!(db.check_table::<Article>().await.unwrap().drifts, NOTHING);
    let rebuilt = db.describe_table::<Article>().await.unwrap();
    assert_eq!(
        global_indexes(&rebuilt),
        [(
            "by_author".to_owned(),
            ProjectionType::Include,
            vec!["title".to_owned()]
        )]
    );

    let mut bylines = db
        .query::<Article>()
        .index::<article_index::ByAuthor>()
        .hash("ada")
        .partial::<Byline>()
        .all()
        .await
        .unwrap();
    bylines.sort_by(|a, b| a.id.cmp(&b.id));
    let byline = |id: &str| Byline {
        id: id.into(),
        author: "ada".into(),
        title: format!("title of {id}"),
    };
    assert_eq!(bylines, [byline("a1"), byline("a2")]);

    db.delete_table::<Article>().await.unwrap();
}

#[tokio::test]
async fn a_changed_key_is_impossible_and_blocks_every_other_change() {
    let db = fresh_db().await;
    db.create_table::<FlatEntry>().await.unwrap();

    let key_drift = Drift::KeySchema {
        expected: KeySchema {
            hash: key("account", ScalarType::String),
            range: Some(key("seq", ScalarType::Number)),
        },
        found: KeySchema {
            hash: key("id", ScalarType::String),
            range: None,
        },
    };
    let index_drift = Drift::MissingIndex {
        name: "by_owner".into(),
        kind: IndexKind::Global,
    };
    let report = db.check_table::<Entry>().await.unwrap();
    assert_eq!(report.drifts, [key_drift.clone(), index_drift.clone()]);
    assert_eq!(
        remedies(&report.drifts),
        [Remedy::Impossible, Remedy::Apply]
    );
    assert_eq!(
        key_drift.to_string(),
        "key schema differs: expected account (S), seq (N), found id (S) — a table's key \
         cannot change; migrate to a new table"
    );

    let synced = db.sync_table::<Entry>().allow_destructive().await.unwrap();
    assert!(!synced.created);
    assert_eq!(synced.applied, NOTHING);
    assert_eq!(synced.remaining, [key_drift, index_drift]);
    assert!(!synced.is_in_sync());
    let table = db.describe_table::<Entry>().await.unwrap();
    assert!(
        table.global_secondary_indexes().is_empty(),
        "no index is added to a table whose key differs"
    );

    db.delete_table::<FlatEntry>().await.unwrap();
}

#[tokio::test]
async fn a_missing_table_is_created_with_all_its_settings() {
    let db = fresh_db().await;
    let report = db.check_table::<Invoice>().await.unwrap();
    assert_eq!(report.drifts, [Drift::MissingTable]);
    assert_eq!(report.drifts[0].remedy(), Remedy::Apply);

    let synced = db.sync_table::<Invoice>().await.unwrap();
    assert!(synced.created);
    assert_eq!(synced.table, db.table_name::<Invoice>());
    assert_eq!(synced.applied, [Drift::MissingTable]);
    assert_eq!(synced.remaining, NOTHING);
    assert_eq!(db.check_table::<Invoice>().await.unwrap().drifts, NOTHING);

    let table = db.describe_table::<Invoice>().await.unwrap();
    assert_eq!(capacities(&table), (Some((3, 2)), Some((1, 1))));
    assert_eq!(
        table
            .stream_specification()
            .and_then(|stream| stream.stream_view_type()),
        Some(&StreamViewType::KeysOnly)
    );
    assert_eq!(ttl_attribute::<Invoice>(&db).await.as_deref(), Some("due"));

    let again = db.sync_table::<Invoice>().await.unwrap();
    assert!(!again.created);
    assert_eq!(again.applied, NOTHING);
    assert_eq!(again.remaining, NOTHING);

    db.delete_table::<Invoice>().await.unwrap();
}

#[tokio::test]
async fn billing_stream_and_deletion_protection_are_brought_in_line() {
    let db = fresh_db().await;
    db.create_table::<PlainOrder>().await.unwrap();
    let order = PlainOrder {
        id: "o1".into(),
        customer: "c1".into(),
    };
    db.create(&order).await.unwrap();

    let provisioned = Billing::Provisioned(Throughput { read: 5, write: 5 });
    let stricter = [
        Drift::Billing {
            expected: provisioned,
            found: Billing::OnDemand,
        },
        Drift::Stream {
            expected: Some(StreamView::NewAndOldImages),
            found: None,
        },
        Drift::DeletionProtection {
            expected: true,
            found: false,
        },
    ];
    let report = db.check_table::<Order>().await.unwrap();
    assert_eq!(report.drifts, stricter);
    assert_eq!(
        remedies(&report.drifts),
        [Remedy::Apply, Remedy::Apply, Remedy::Apply]
    );
    let synced = db.sync_table::<Order>().await.unwrap();
    assert_eq!(synced.applied, stricter);
    assert_eq!(synced.remaining, NOTHING);
    assert_eq!(db.check_table::<Order>().await.unwrap().drifts, NOTHING);
    let table = db.describe_table::<Order>().await.unwrap();
    assert_eq!(capacities(&table), (Some((5, 5)), Some((2, 2))));
    assert_eq!(table.deletion_protection_enabled(), Some(true));
    assert_eq!(
        table
            .stream_specification()
            .and_then(|stream| stream.stream_view_type()),
        Some(&StreamViewType::NewAndOldImages)
    );

    let more_capacity = [Drift::IndexThroughput {
        name: "by_customer".into(),
        expected: Throughput { read: 3, write: 3 },
        found: Some(Throughput { read: 2, write: 2 }),
    }];
    assert_eq!(
        db.check_table::<BusyOrder>().await.unwrap().drifts,
        more_capacity
    );
    let synced = db.sync_table::<BusyOrder>().await.unwrap();
    assert_eq!(synced.applied, more_capacity);
    assert_eq!(db.check_table::<BusyOrder>().await.unwrap().drifts, NOTHING);
    let table = db.describe_table::<BusyOrder>().await.unwrap();
    assert_eq!(capacities(&table).1, Some((3, 3)));

    let looser = [
        Drift::Billing {
            expected: Billing::OnDemand,
            found: provisioned,
        },
        Drift::Stream {
            expected: None,
            found: Some(StreamView::NewAndOldImages),
        },
        Drift::DeletionProtection {
            expected: false,
            found: true,
        },
    ];
    let report = db.check_table::<PlainOrder>().await.unwrap();
    assert_eq!(report.drifts, looser);
    assert_eq!(
        remedies(&report.drifts),
        [Remedy::Apply, Remedy::Destructive, Remedy::Destructive],
        "turning the stream and deletion protection off removes something"
    );
    let [billing, stream, protection] = looser;
    let cautious = db.sync_table::<PlainOrder>().await.unwrap();
    assert_eq!(cautious.applied, [billing]);
    assert_eq!(cautious.remaining, [stream.clone(), protection.clone()]);
    let destructive = db
        .sync_table::<PlainOrder>()
        .allow_destructive()
        .await
        .unwrap();
    assert_eq!(destructive.applied, [stream, protection]);
    assert_eq!(destructive.remaining, NOTHING);
    assert_eq!(
        db.check_table::<PlainOrder>().await.unwrap().drifts,
        NOTHING
    );
    let table = db.describe_table::<PlainOrder>().await.unwrap();
    assert_eq!(table.deletion_protection_enabled(), Some(false));
    assert!(!table
        .stream_specification()
        .is_some_and(|stream| stream.stream_enabled()));

    assert_eq!(
        db.get::<PlainOrder>("o1").await.unwrap(),
        Some(order),
        "items survive every change"
    );
    db.delete_table::<PlainOrder>().await.unwrap();
}

#[tokio::test]
async fn a_shared_table_is_compared_with_every_model_in_it() {
    let db = fresh_db().await;
    db.create_table::<Org>().with::<Member>().await.unwrap();

    let alone = db.check_table::<Org>().await.unwrap();
    assert_eq!(
        alone.drifts,
        [Drift::ExtraIndex {
            name: "by_email".into(),
            kind: IndexKind::Global
        }]
    );
    assert_eq!(
        db.check_table::<Org>()
            .with::<Member>()
            .await
            .unwrap()
            .drifts,
        []
    );
    let synced = db
        .sync_table::<Org>()
        .with::<Member>()
        .allow_destructive()
        .await
        .unwrap();
    assert_eq!(synced.applied, NOTHING);
    assert_eq!(synced.remaining, NOTHING);
    let table = db.describe_table::<Org>().await.unwrap();
    assert_eq!(table.global_secondary_indexes().len(), 1);

    db.delete_table::<Org>().await.unwrap();
}

/// Tickets as first indexed: by queue, keys only, with its own capacity.
#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "tickets", billing = provisioned(read = 4, write = 4))]
#[dynamo(gsi(
    name = "by_queue",
    hash_key = "queue",
    projection = keys_only,
    throughput(read = 1, write = 1)
))]
struct OldTicket {
    #[dynamo(hash_key)]
    id: String,
    queue: String,
    opened: u64,
}

/// Tickets now: the same index name sorted by opening time, projecting everything, with
/// more capacity: keys, projection and capacity all differ.
#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "tickets", billing = provisioned(read = 4, write = 4))]
#[dynamo(gsi(
    name = "by_queue",
    hash_key = "queue",
    range_key = "opened",
    throughput(read = 2, write = 2)
))]
struct Ticket {
    #[dynamo(hash_key)]
    id: String,
    queue: String,
    opened: u64,
}

#[tokio::test]
async fn an_index_whose_keys_projection_and_capacity_changed_is_rebuilt_once() {
    let db = fresh_db().await;
    db.create_table::<OldTicket>().await.unwrap();
    for n in 0..10 {
        db.create(&Ticket {
            id: format!("t{n}"),
            queue: "support".into(),
            opened: 100 - n,
        })
        .await
        .unwrap();
    }
    let report = db.check_table::<Ticket>().await.unwrap();
    let kinds: Vec<&str> = report
        .drifts
        .iter()
        .map(|drift| match drift {
            Drift::IndexKeys { .. } => "keys",
            Drift::IndexProjection { .. } => "projection",
            Drift::IndexThroughput { .. } => "throughput",
            other => panic!("unexpected drift {other:?}"),
        })
        .collect();
    assert_eq!(kinds, ["keys", "projection", "throughput"]);

    let synced = db.sync_table::<Ticket>().allow_destructive().await.unwrap();
    assert_eq!(synced.applied, report.drifts);
    assert!(synced.is_in_sync(), "{synced}");
    assert!(db.check_table::<Ticket>().await.unwrap().is_in_sync());
    let table = db.describe_table::<Ticket>().await.unwrap();
    assert_eq!(capacities(&table).1, Some((2, 2)));
    let oldest_first: Vec<u64> = db
        .query::<Ticket>()
        .index::<ticket_index::ByQueue>()
        .hash("support")
        .all()
        .await
        .unwrap()
        .into_iter()
        .map(|ticket| ticket.opened)
        .collect();
    assert_eq!(
        oldest_first,
        (91..=100).collect::<Vec<_>>(),
        "the rebuilt index holds every item"
    );
}
