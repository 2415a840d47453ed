use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "orders")]
#[dynamo(gsi(name = "same_keys", hash_key = "region", range_key = "region"))]
#[dynamo(lsi(name = "by_customer", range_key = "customer"))]
#[dynamo(gsi(name = "self", hash_key = "region"))]
#[dynamo(gsi(name = "wide", hash_key = "region", projection = include([
    "a01", "a02", "a03", "a04", "a05", "a06", "a07", "a08", "a09", "a10", "a11",
    "a12", "a13", "a14", "a15", "a16", "a17", "a18", "a19", "a20", "a21"
])))]
struct Order {
    #[dynamo(hash_key)]
    customer: String,
    #[dynamo(range_key)]
    number: u64,
    region: String,
}

fn main() {}
