use dynamoxide::{Db, Model};
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
#[dynamo(gsi(name = "by_email", hash_key = "email", projection = keys_only))]
struct User {
    #[dynamo(hash_key)]
    id: String,
    email: String,
    bio: String,
}

async fn run(db: Db) {
    let _ = db
        .query::<User>()
        .index::<user_index::ByEmail>()
        .hash("a@b.c")
        .all()
        .await;
}

fn main() {}
