//! The dynamoxide quick start: a table from a model, then create, get, put and delete.
//!
//! ```sh
//! scripts/dynamodb-local exec cargo run --example quickstart
//! ```
//!
//! Runs against `DYNAMODB_ENDPOINT` when it is set (the script sets it), otherwise starts
//! DynamoDB Local itself.

use dynamoxide::local::DynamoDbLocal;
use dynamoxide::{Error, Model};
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "quickstart_users")]
#[serde(rename_all = "camelCase")]
struct User {
    #[dynamo(hash_key)]
    user_id: String,
    email: String,
    age: u32,
    nickname: Option<String>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = DynamoDbLocal::start().await?;
    println!("DynamoDB Local at {}", server.endpoint());
    let db = server.db();

    let table = db.create_table::<User>().if_not_exists().await?;
    let keys: Vec<_> = table
        .key_schema()
        .iter()
        .map(|key| format!("{} ({})", key.attribute_name(), key.key_type()))
        .collect();
    println!(
        "table `{}` is ACTIVE, key: {}",
        db.table_name::<User>(),
        keys.join(", ")
    );

    let ada = User {
        user_id: "u-ada".into(),
        email: "ada@example.com".into(),
        age: 36,
        nickname: None,
    };
    db.create(&ada).await?;
    println!("created {ada:?}");

    match db.create(&ada).await {
        Err(Error::AlreadyExists { key, .. }) => {
            println!("creating it again fails: key {key:?} exists")
        }
        other => return Err(format!("expected AlreadyExists, got {other:?}").into()),
    }

    let found = db.get::<User>("u-ada").consistent_read().await?;
    println!("got {found:?}");

    let renamed = User {
        nickname: Some("Countess".into()),
        ..ada.clone()
    };
    let replaced = db.put(&renamed).return_old().await?;
    println!("put replaced {replaced:?}");

    let deleted = db.delete::<User>("u-ada").return_old().await?;
    println!("deleted {deleted:?}");
    println!("get after delete: {:?}", db.get::<User>("u-ada").await?);

    db.delete_table::<User>().await?;
    println!("table deleted; done");
    Ok(())
}
