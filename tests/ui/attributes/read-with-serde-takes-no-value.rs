use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users", read_with_serde = true)]
struct User {
    #[dynamo(hash_key)]
    id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "teams", read_with_serde, read_with_serde)]
struct Team {
    #[dynamo(hash_key)]
    id: String,
}

fn main() {}
