use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "a b", shards = 2)]
struct User {
    #[dynamo(hash_key)]
    id: Option<String>,
    #[dynamo(index)]
    email: String,
    #[dynamo(hash_key)]
    other: String,
}

fn main() {}
