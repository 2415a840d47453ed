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

async fn run(db: Db) {
    let _ = db
        .query::<User>()
        .index::<user_index::ByEmail>()
        .hash("a@b.c")
        .consistent_read()
        .all()
        .await;
}

fn main() {}
