use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
struct User {
    #[dynamo(hash_key)]
    id: String,
    #[dynamo(ttl)]
    expires: String,
    #[dynamo(created_at)]
    created: bool,
    #[dynamo(updated_at(millis))]
    updated: std::time::SystemTime,
    #[dynamo(ttl)]
    second_ttl: u64,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "sessions")]
struct Session {
    #[dynamo(hash_key)]
    id: String,
    #[dynamo(ttl(millis))]
    expires: i64,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "events")]
struct Event {
    #[dynamo(hash_key)]
    id: String,
    #[dynamo(created_at, default)]
    created: Option<u64>,
    #[dynamo(updated_at, set = std::convert::identity)]
    updated: u64,
}

#[derive(dynamoxide::Attributes, Serialize, Deserialize)]
#[dynamo(timestamps)]
struct Nested {
    created_at: u64,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "notes", timestamps)]
struct Note {
    #[dynamo(hash_key)]
    id: String,
    created_at: u64,
}

fn main() {}
