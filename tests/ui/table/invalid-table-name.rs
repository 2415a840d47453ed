use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "user accounts")]
struct User {
    #[dynamo(hash_key)]
    id: String,
}

fn main() {}
