use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "events")]
struct Event {
    #[dynamo(hash_key)]
    stream: String,
    #[dynamo(range_key)]
    at: u64,
    #[dynamo(range_key)]
    sequence: u64,
}

fn main() {}
