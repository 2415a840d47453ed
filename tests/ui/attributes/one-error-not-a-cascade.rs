use dynamoxide::{Db, Model};
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users", shards = 2)]
struct User {
    #[dynamo(hash_key)]
    id: String,
}

async fn store(db: Db, user: User) -> dynamoxide::Result<()> {
    db.create_table::<User>().await?;
    db.put(&user).await?;
    let _: &str = User::SCHEMA.table_name;
    Ok(())
}

fn main() {}
