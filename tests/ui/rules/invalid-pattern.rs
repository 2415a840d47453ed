use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
struct User {
    #[dynamo(hash_key)]
    id: String,
    #[dynamo(validate(pattern = "^[a-z+$"))]
    name: String,
}

fn main() {}
