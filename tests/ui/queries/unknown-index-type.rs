use dynamoxide::{Db, Model};
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
#[dynamo(gsi(name = "by_email", hash_key = "email"))]
struct User {
    #[dynamo(hash_key)]
    id: String,
    email: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "teams")]
#[dynamo(gsi(name = "by_name", hash_key = "name"))]
struct Team {
    #[dynamo(hash_key)]
    id: String,
    name: String,
}

async fn run(db: Db) {
    let _ = db.query::<User>().index::<user_index::ByName>().hash("x").all().await;
    let _ = db.query::<User>().index::<team_index::ByName>().hash("x").all().await;
}

fn main() {}
