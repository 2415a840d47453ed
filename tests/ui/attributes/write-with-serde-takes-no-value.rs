use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users", write_with_serde = true)]
struct User {
    #[dynamo(hash_key)]
    id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "teams", write_with_serde, write_with_serde)]
struct Team {
    #[dynamo(hash_key)]
    id: String,
}

fn main() {}
