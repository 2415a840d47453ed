use dynamoxide::{Db, Model};
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
struct User {
    #[dynamo(hash_key)]
    id: String,
    name: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "teams")]
struct Team {
    #[dynamo(hash_key)]
    id: String,
    name: String,
}

async fn run(db: Db) {
    let _ = db.update::<User>("u1").set(Team::NAME, "x").await;
    let _ = db.delete::<User>("u1").condition(Team::NAME.eq("x")).await;
}

fn main() {}
