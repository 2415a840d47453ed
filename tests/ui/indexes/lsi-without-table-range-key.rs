use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
#[dynamo(lsi(name = "by_age", range_key = "age"))]
struct User {
    #[dynamo(hash_key)]
    id: String,
    age: u32,
}

fn main() {}
