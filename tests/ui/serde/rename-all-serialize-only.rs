use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
#[serde(rename_all(serialize = "camelCase"))]
struct User {
    #[dynamo(hash_key)]
    user_id: String,
}

fn main() {}
