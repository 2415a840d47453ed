use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users", crate = "not_dynamoxide")]
struct User {
    #[dynamo(hash_key)]
    id: String,
}

fn main() {}
