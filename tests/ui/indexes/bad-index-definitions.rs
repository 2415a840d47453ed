use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
#[dynamo(gsi(hash_key = "email"))]
#[dynamo(gsi(name = "no_hash", range_key = "email"))]
#[dynamo(gsi(name = "x", hash_key = "email"))]
#[dynamo(gsi(name = "keys", hash_key = "email", projection = include(["id", "email"])))]
#[dynamo(gsi(name = "skipped", hash_key = "cache"))]
#[dynamo(gsi(name = "bad_projection", hash_key = "email", projection = everything))]
#[dynamo(gsi(name = "unknown", hash_key = "email", sparse))]
struct User {
    #[dynamo(hash_key)]
    id: String,
    email: String,
    #[serde(skip)]
    cache: String,
}

fn main() {}
