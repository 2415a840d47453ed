use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "docs")]
struct Doc {
    #[dynamo(hash_key)]
    id: String,
    #[dynamo(range_key, version)]
    version: u64,
}

fn main() {}
