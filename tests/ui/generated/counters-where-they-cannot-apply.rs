use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "pages")]
struct Page {
    #[dynamo(hash_key, counter)]
    id: u64,
    #[dynamo(counter)]
    title: String,
    #[dynamo(counter, version)]
    version: u64,
    #[dynamo(counter(start = 300))]
    small: u8,
    #[dynamo(counter(start = -1))]
    unsigned: u32,
    #[dynamo(counter(delta = 0))]
    still: i64,
    #[dynamo(counter(step = 2))]
    unknown: i64,
    #[dynamo(counter, default = 5)]
    defaulted: i64,
}

fn main() {}
