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
    let _ = db.query::<User>().hash("u1").range_eq("x").all().await;
    let _ = db
        .query::<User>()
        .index::<user_index::ByEmail>()
        .hash("a@b.c")
        .range_begins_with("a")
        .all()
        .await;
}

fn main() {}
