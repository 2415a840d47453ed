use dynamoxide::{Db, Model};
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
struct User {
    #[dynamo(hash_key)]
    id: String,
    email: String,
}

async fn run(db: Db) {
    let _ = db.scan::<User>().project(User::EMAIL).all().await;
}

fn main() {}
