use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
struct User {
    #[dynamo(hash_key)]
    id: String,
    #[dynamo(validate(one_of = ["a", 1]))]
    role: String,
    #[dynamo(validate(one_of = [1, 2]))]
    name: String,
    #[dynamo(validate(one_of = []))]
    plan: String,
}

fn main() {}
