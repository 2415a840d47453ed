use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
struct User {
    #[dynamo(hash_key)]
    id: String,
}

fn main() {}
