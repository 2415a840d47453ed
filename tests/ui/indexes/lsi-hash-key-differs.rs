use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "orders")]
#[dynamo(lsi(name = "by_total", hash_key = "region", range_key = "total"))]
struct Order {
    #[dynamo(hash_key)]
    customer: String,
    #[dynamo(range_key)]
    number: u64,
    region: String,
    total: u64,
}

fn main() {}
