use dynamoxide::{Db, Model};
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
struct User {
    #[dynamo(hash_key)]
    id: String,
    age: u32,
}

async fn run(db: Db) {
    let _ = db.update::<User>("u1").set(User::AGE, "forty").await;
}

fn main() {}
