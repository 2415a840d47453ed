use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
struct User {
    #[dynamo(hash_key)]
    id: String,
    #[dynamo(validate(range(min = 0.5)))]
    count: u32,
    #[dynamo(validate(range(min = -1)))]
    visits: u64,
    #[dynamo(validate(range(max = 300)))]
    level: u8,
    #[dynamo(validate(range(min = 10, max = 1)))]
    rank: i32,
    #[dynamo(validate(length(min = 5, max = 2)))]
    name: String,
    #[dynamo(validate(length()))]
    bio: String,
}

fn main() {}
