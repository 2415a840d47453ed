use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users", capacity = 5)]
struct User {
    #[dynamo(hash_key)]
    id: String,
}

fn main() {}
