use dynamoxide::{Db, Model};
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
struct User {
    #[dynamo(hash_key)]
    id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "teams")]
struct Team {
    #[dynamo(hash_key)]
    id: String,
}

async fn lookup(db: Db) {
    let _ = db.get::<Team>(UserKey::new("u1")).await;
}

fn main() {}
