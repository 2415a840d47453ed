use dynamoxide::Attributes;
use serde::{Deserialize, Serialize};

#[derive(Attributes, Serialize, Deserialize)]
#[dynamo(table = "addresses")]
struct Address {
    #[dynamo(hash_key)]
    city: String,
}

fn main() {}
