use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
#[dynamo(gsi(name = "by_email", hash_key = "email"))]
#[dynamo(gsi(name = "by_email", hash_key = "age"))]
#[dynamo(gsi(name = "by-email", hash_key = "age"))]
struct User {
    #[dynamo(hash_key)]
    id: String,
    email: String,
    age: u32,
}

fn main() {}
