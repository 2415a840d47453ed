use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
#[dynamo(gsi(name = "by_active", hash_key = "active"))]
struct User {
    #[dynamo(hash_key)]
    id: String,
    active: bool,
}

fn main() {}
