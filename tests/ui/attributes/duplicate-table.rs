use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users", table = "people")]
struct User {
    #[dynamo(hash_key)]
    id: String,
}

fn main() {}
