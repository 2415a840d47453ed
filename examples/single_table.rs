//! Single-table design: organisations, their members and their invoices in one table. Key
//! templates compose `pk`/`sk` from the fields, every item carries its entity type, a shared
//! GSI finds a user's memberships across organisations, and one collection query reads a
//! whole organisation, typed.
//!
//! ```sh
//! scripts/dynamodb-local exec cargo run --example single_table
//! ```
//!
//! Runs against `DYNAMODB_ENDPOINT` when it is set (the script sets it), otherwise starts
//! DynamoDB Local itself.

use dynamoxide::local::DynamoDbLocal;
use dynamoxide::{Collection, Db, Error, Model};
use serde::{Deserialize, Serialize};

/// `pk = ORG#<id>`, `sk = #ORG`: the organisation's own item, first in its partition.
#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "example_app", hash_key = "ORG#{id}", range_key = "#ORG")]
struct Org {
    id: String,
    name: String,
}

/// `pk = ORG#<org_id>`, `sk = MEMBER#<user_id>`; in `gsi1` under `USER#<user_id>`, so a
/// user's memberships are one query.
#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(
    table = "example_app",
    hash_key = "ORG#{org_id}",
    range_key = "MEMBER#{user_id}"
)]
#[dynamo(gsi(
    name = "gsi1",
    hash_key(attribute = "gsi1pk", template = "USER#{user_id}"),
    range_key(attribute = "gsi1sk", template = "ORG#{org_id}")
))]
struct Member {
    org_id: String,
    user_id: String,
    role: String,
}

/// `pk = ORG#<org_id>`, `sk = INVOICE#<number>`: the number is zero-padded text, so invoices
/// sort in number order.
#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(
    table = "example_app",
    hash_key = "ORG#{org_id}",
    range_key = "INVOICE#{number}"
)]
struct Invoice {
    org_id: String,
    number: String,
    total_cents: i64,
}

/// Everything in one organisation's partition.
#[derive(Collection, Debug)]
enum OrgItems {
    Org(Org),
    Member(Member),
    Invoice(Invoice),
}

fn member(org_id: &str, user_id: &str, role: &str) -> Member {
    Member {
        org_id: org_id.into(),
        user_id: user_id.into(),
        role: role.into(),
    }
}

async fn seed(db: &Db) -> dynamoxide::Result<()> {
    let mut batch = db.batch_write();
    for (id, name) in [("acme", "Acme Corp."), ("globex", "Globex")] {
        batch = batch.put(&Org {
            id: id.into(),
            name: name.into(),
        });
    }
    batch = batch
        .put(&member("acme", "ada", "owner"))
        .put(&member("acme", "grace", "admin"))
        .put(&member("globex", "ada", "viewer"));
    for number in 1..=3 {
        batch = batch.put(&Invoice {
            org_id: "acme".into(),
            number: format!("{number:06}"),
            total_cents: 12_500 * number,
        });
    }
    batch.await?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = DynamoDbLocal::start().await?;
    let db = server.db();
    // One table for the three models: the union of their indexes and attributes.
    db.create_table::<Org>()
        .with::<Member>()
        .with::<Invoice>()
        .if_not_exists()
        .await?;
    seed(&db).await?;

    println!("Everything in acme's partition, one query:");
    for item in db.query_collection::<OrgItems>().hash("acme").all().await? {
        match item {
            OrgItems::Org(org) => println!("  org      {}", org.name),
            OrgItems::Member(m) => println!("  member   {} ({})", m.user_id, m.role),
            OrgItems::Invoice(i) => println!(
                "  invoice  {} {:>8.2} €",
                i.number,
                i.total_cents as f64 / 100.0
            ),
        }
    }

    let members = db.query::<Member>().hash("acme").all().await?;
    println!(
        "acme's members only: {:?}",
        members.iter().map(|m| &m.user_id).collect::<Vec<_>>()
    );

    let memberships = db
        .query::<Member>()
        .index::<member_index::Gsi1>()
        .hash("ada")
        .all()
        .await?;
    let orgs: Vec<&str> = memberships.iter().map(|m| m.org_id.as_str()).collect();
    println!("ada belongs to: {orgs:?}");

    let latest = db
        .query::<Invoice>()
        .hash("acme")
        .descending()
        .first()
        .await?
        .expect("acme has invoices");
    println!("acme's latest invoice: {}", latest.number);

    // The same key read as the wrong model is a typed error, not garbage.
    #[derive(Model, Serialize, Deserialize, Debug)]
    #[dynamo(table = "example_app", hash_key = "ORG#{id}", range_key = "#ORG")]
    struct Team {
        id: String,
    }
    match db.get::<Team>("acme").await {
        Err(Error::WrongEntity {
            expected, found, ..
        }) => {
            println!("reading acme as a Team: expected {expected}, found {found:?}")
        }
        other => return Err(format!("expected a wrong-entity error, got {other:?}").into()),
    }
    Ok(())
}
