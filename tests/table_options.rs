//! Table options from the schema reach CreateTable and show in DescribeTable (where DynamoDB
//! Local reports them), and table prefixes keep environments apart in every operation.

#[path = "common/capture.rs"]
mod capture;
mod common;

use capture::{Capture, Sent};
use common::{fresh_db, unique_prefix};
use dynamoxide::types::{BillingMode, SseType, StreamViewType, TableClass};
use dynamoxide::{Db, Error, Model};
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "ledger", billing = provisioned(read = 5, write = 2))]
#[dynamo(table_class = standard_ia, stream = new_and_old_images, deletion_protection)]
#[dynamo(tags("team" = "payments", "cost-center" = "42"), encryption = aws_managed)]
#[dynamo(gsi(
    name = "by_account",
    hash_key = "account",
    throughput(read = 3, write = 1)
))]
#[dynamo(gsi(name = "by_day", hash_key = "day", projection = keys_only))]
struct Entry {
    #[dynamo(hash_key)]
    id: String,
    account: String,
    day: String,
    #[dynamo(ttl)]
    expires_at: Option<i64>,
}

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "vault", encryption = kms("alias/vault-key"))]
struct Secret {
    #[dynamo(hash_key)]
    name: String,
}

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "accounts")]
struct Account {
    #[dynamo(hash_key)]
    id: String,
    balance: i64,
}

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "transfers")]
struct Transfer {
    #[dynamo(hash_key)]
    id: String,
    amount: i64,
}

fn throughput(units: Option<&dynamoxide::types::ProvisionedThroughputDescription>) -> (i64, i64) {
    let units = units.expect("provisioned throughput is described");
    (
        units.read_capacity_units().unwrap_or(-1),
        units.write_capacity_units().unwrap_or(-1),
    )
}

#[tokio::test]
async fn every_table_option_is_sent_and_described() {
    let capture = Capture::default();
    let db = capture.db(&fresh_db().await);
    let table = db.create_table::<Entry>().await.unwrap();

    let sent = capture.take();
    let Some(Sent::CreateTable(input)) = sent.first() else {
        panic!("CreateTable was sent first: {sent:?}");
    };
    assert_eq!(input.billing_mode(), Some(&BillingMode::Provisioned));
    let units = input.provisioned_throughput().expect("table throughput");
    assert_eq!(
        (units.read_capacity_units(), units.write_capacity_units()),
        (5, 2)
    );
    assert_eq!(
        input.table_class(),
        Some(&TableClass::StandardInfrequentAccess)
    );
    let mut tags: Vec<(&str, &str)> = input.tags().iter().map(|t| (t.key(), t.value())).collect();
    tags.sort();
    assert_eq!(tags, [("cost-center", "42"), ("team", "payments")]);
    let stream = input.stream_specification().expect("stream");
    assert!(stream.stream_enabled());
    assert_eq!(
        stream.stream_view_type(),
        Some(&StreamViewType::NewAndOldImages)
    );
    assert_eq!(input.deletion_protection_enabled(), Some(true));
    let sse = input.sse_specification().expect("encryption");
    assert_eq!(
        (sse.enabled(), sse.sse_type()),
        (Some(true), Some(&SseType::Kms))
    );
    assert_eq!(sse.kms_master_key_id(), None, "the AWS managed key");
    let index_units: Vec<(&str, i64, i64)> = input
        .global_secondary_indexes()
        .iter()
        .map(|index| {
            let units = index.provisioned_throughput().expect("index throughput");
            (
                index.index_name(),
                units.read_capacity_units(),
                units.write_capacity_units(),
            )
        })
        .collect();
    assert_eq!(
        index_units,
        [("by_account", 3, 1), ("by_day", 5, 2)],
        "an index without throughput gets the table's"
    );

    // What DynamoDB Local reports (it accepts, but does not describe, the table class, tags
    // and encryption; on AWS they show as TableClassSummary, ListTagsOfResource and
    // SSEDescription).
    assert_eq!(throughput(table.provisioned_throughput()), (5, 2));
    let mut described: Vec<(&str, (i64, i64))> = table
        .global_secondary_indexes()
        .iter()
        .map(|index| {
            (
                index.index_name().unwrap_or_default(),
                throughput(index.provisioned_throughput()),
            )
        })
        .collect();
    described.sort();
    assert_eq!(described, [("by_account", (3, 1)), ("by_day", (5, 2))]);
    let stream = table.stream_specification().expect("stream described");
    assert_eq!(
        stream.stream_view_type(),
        Some(&StreamViewType::NewAndOldImages)
    );
    assert!(table.latest_stream_arn().is_some());
    assert_eq!(table.deletion_protection_enabled(), Some(true));
    let ttl = db
        .client()
        .describe_time_to_live()
        .table_name(db.table_name::<Entry>())
        .send()
        .await
        .unwrap();
    let ttl = ttl.time_to_live_description().expect("TTL described");
    assert_eq!(ttl.attribute_name(), Some("expires_at"));

    let error = db.delete_table::<Entry>().await.unwrap_err();
    assert!(
        matches!(
            &error,
            Error::Service {
                operation: "DeleteTable",
                ..
            }
        ),
        "deletion protection refuses: {error:?}"
    );
    db.client()
        .update_table()
        .table_name(db.table_name::<Entry>())
        .deletion_protection_enabled(false)
        .send()
        .await
        .unwrap();
    db.delete_table::<Entry>().await.unwrap();
}

#[tokio::test]
async fn defaults_are_an_on_demand_table_without_extras() {
    let db = fresh_db().await;
    let input = db.create_table::<Account>().into_input().unwrap();
    assert_eq!(input.billing_mode(), Some(&BillingMode::PayPerRequest));
    assert_eq!(input.provisioned_throughput(), None);
    assert_eq!(input.stream_specification(), None);
    assert_eq!(input.sse_specification(), None, "the AWS owned key");
    assert_eq!(input.deletion_protection_enabled(), Some(false));
    assert!(input.tags().is_empty());

    let table = db.create_table::<Account>().await.unwrap();
    let billing = table.billing_mode_summary().and_then(|b| b.billing_mode());
    assert_eq!(billing, Some(&BillingMode::PayPerRequest));
    assert_eq!(table.stream_specification(), None);
    assert_eq!(table.deletion_protection_enabled(), Some(false));

    let kms = db.create_table::<Secret>().into_input().unwrap();
    let sse = kms.sse_specification().expect("a KMS key");
    assert_eq!(sse.kms_master_key_id(), Some("alias/vault-key"));
}

async fn environment(name: &str) -> Db {
    let db = Db::local()
        .await
        .unwrap()
        .with_table_prefix(&format!("{}{name}_", unique_prefix()))
        .unwrap();
    db.create_table::<Account>().await.unwrap();
    db.create_table::<Transfer>().await.unwrap();
    db
}

#[tokio::test]
async fn prefixes_isolate_every_operation_across_tables() {
    let (blue, green) = (environment("blue").await, environment("green").await);
    assert!(blue.table_name::<Account>().ends_with("blue_accounts"));

    for (db, balance) in [(&blue, 100), (&green, 7)] {
        db.create(&Account {
            id: "a".into(),
            balance,
        })
        .await
        .unwrap();
        db.batch_write()
            .put(&Account {
                id: "b".into(),
                balance,
            })
            .put(&Transfer {
                id: "t0".into(),
                amount: balance,
            })
            .await
            .unwrap();
        db.transact()
            .update(db.update::<Account>("a").decrement(Account::BALANCE, 1))
            .create(&Transfer {
                id: "t1".into(),
                amount: 1,
            })
            .await
            .unwrap();
    }

    for (db, balance) in [(&blue, 100), (&green, 7)] {
        let accounts = db.batch_get::<Account, _>(["a", "b"]).await.unwrap();
        let mut balances: Vec<i64> = accounts.iter().map(|a| a.balance).collect();
        balances.sort();
        assert_eq!(
            balances,
            [balance - 1, balance],
            "each Db sees its own accounts"
        );
        let mut transfers: Vec<i64> = db
            .scan::<Transfer>()
            .all()
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.amount)
            .collect();
        transfers.sort();
        assert_eq!(transfers, [1, balance]);
    }
}
