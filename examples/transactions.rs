//! A money transfer in one transaction: the transfer record is created and both balances
//! move, or nothing happens. A second transfer for more than the balance is cancelled, and
//! the cancellation says which action failed, why, and what was stored.
//!
//! ```sh
//! scripts/dynamodb-local exec cargo run --example transactions
//! ```
//!
//! Runs against `DYNAMODB_ENDPOINT` when it is set (the script sets it), otherwise starts
//! DynamoDB Local itself.

use dynamoxide::local::DynamoDbLocal;
use dynamoxide::{Db, Error, Model};
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "example_accounts")]
struct Account {
    #[dynamo(hash_key)]
    id: String,
    owner: String,
    balance_cents: i64,
}

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "example_transfers")]
struct Transfer {
    #[dynamo(hash_key)]
    id: String,
    from: String,
    to: String,
    amount_cents: i64,
}

/// Moves `amount_cents` from one account to another, recording the transfer; the transfer
/// id doubles as the idempotency token, so a retried request is not applied twice.
async fn transfer(
    db: &Db,
    id: &str,
    from: &str,
    to: &str,
    amount_cents: i64,
) -> dynamoxide::Result<()> {
    let record = Transfer {
        id: id.to_owned(),
        from: from.to_owned(),
        to: to.to_owned(),
        amount_cents,
    };
    db.transact()
        .create(&record)
        .update(
            db.update::<Account>(from)
                .decrement(Account::BALANCE_CENTS, amount_cents)
                .condition(Account::BALANCE_CENTS.ge(amount_cents)),
        )
        .update(
            db.update::<Account>(to)
                .increment(Account::BALANCE_CENTS, amount_cents)
                .condition(Account::ID.exists()),
        )
        .idempotency_token(id)
        .commit()
        .await
}

async fn balances(db: &Db) -> dynamoxide::Result<String> {
    let mut read = db.transact_get();
    let (alice, bob) = (read.get::<Account>("alice"), read.get::<Account>("bob"));
    let mut result = read.send().await?;
    let cents = |account: Option<Account>| account.map_or(0, |a| a.balance_cents);
    Ok(format!(
        "alice {} ¢, bob {} ¢",
        cents(result.take(alice)?),
        cents(result.take(bob)?)
    ))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = DynamoDbLocal::start().await?;
    let db = server.db();
    db.create_table::<Account>().if_not_exists().await?;
    db.create_table::<Transfer>().if_not_exists().await?;
    db.batch_write()
        .put(&Account {
            id: "alice".into(),
            owner: "Alice".into(),
            balance_cents: 10_000,
        })
        .put(&Account {
            id: "bob".into(),
            owner: "Bob".into(),
            balance_cents: 500,
        })
        .await?;
    println!("before:           {}", balances(&db).await?);

    transfer(&db, "t-1", "alice", "bob", 2_500).await?;
    println!("after t-1 (25 €): {}", balances(&db).await?);

    // The same request again (a client retry): the token makes it a no-op.
    transfer(&db, "t-1", "alice", "bob", 2_500).await?;
    println!("t-1 retried:      {}", balances(&db).await?);

    match transfer(&db, "t-2", "bob", "alice", 1_000_000).await {
        Err(Error::TransactionCanceled { reasons, .. }) => {
            println!("t-2 (10,000 €) was cancelled; nothing was written:");
            for reason in &reasons {
                let stored = reason
                    .item
                    .as_ref()
                    .and_then(|item| item.get("balance_cents"))
                    .map(|balance| format!(", stored balance {balance:?}"))
                    .unwrap_or_default();
                println!(
                    "  action {} on {} {:?}: {}{stored}",
                    reason.index, reason.model, reason.key, reason.code
                );
            }
        }
        other => return Err(format!("t-2 should have been cancelled: {other:?}").into()),
    }
    println!("after t-2:        {}", balances(&db).await?);
    assert!(db.get::<Transfer>("t-2").await?.is_none());

    db.delete_table::<Transfer>().await?;
    db.delete_table::<Account>().await?;
    println!("tables deleted; done");
    Ok(())
}
