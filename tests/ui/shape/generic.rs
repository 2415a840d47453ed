use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "boxes")]
struct Boxed<T> {
    #[dynamo(hash_key)]
    id: String,
    value: T,
}

fn main() {}
