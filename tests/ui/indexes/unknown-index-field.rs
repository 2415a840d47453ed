use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
#[dynamo(gsi(name = "by_email", hash_key = "mail", projection = include(["nickname"])))]
struct User {
    #[dynamo(hash_key)]
    id: String,
    email: String,
}

fn main() {}
