use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "flags")]
struct Flag {
    #[dynamo(hash_key)]
    enabled: bool,
}

fn main() {}
