use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "docs")]
struct Doc {
    #[dynamo(hash_key)]
    id: String,
    #[dynamo(version)]
    revision: String,
}

fn main() {}
