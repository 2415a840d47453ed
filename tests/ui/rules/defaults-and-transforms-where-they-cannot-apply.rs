use dynamoxide::{Attributes, Model};
use serde::{Deserialize, Serialize};

fn lower(value: String) -> String {
    value.to_lowercase()
}

#[derive(Attributes, Serialize, Deserialize)]
struct Address {
    #[dynamo(set = lower)]
    city: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
struct User {
    #[dynamo(hash_key, set = lower)]
    id: String,
    #[dynamo(force_default)]
    plan: String,
    #[dynamo(default = 1, default_with = lower)]
    visits: u32,
    #[serde(skip)]
    #[dynamo(default)]
    cache: u32,
    address: Address,
}

fn main() {}
