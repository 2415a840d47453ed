use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
struct User {
    #[dynamo(hash_key)]
    id: String,
    #[dynamo(validate(range(min = 1, max = 10)))]
    name: String,
}

fn main() {}
