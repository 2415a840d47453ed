use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
struct User {
    id: String,
    #[dynamo(range_key)]
    created: u64,
}

fn main() {}
