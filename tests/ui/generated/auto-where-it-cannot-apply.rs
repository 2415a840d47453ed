use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "orders")]
struct Order {
    #[dynamo(hash_key, auto = uuid)]
    id: String,
    #[dynamo(auto = uuid)]
    number: u64,
    #[dynamo(auto = uuid_v7, default = "x")]
    reference: String,
    #[dynamo(auto = uuid)]
    #[serde(skip)]
    skipped: String,
    #[dynamo(auto = ulid)]
    other: String,
}

fn main() {}
