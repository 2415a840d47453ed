use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "blobs")]
struct Blob {
    #[dynamo(hash_key)]
    digest: Vec<u8>,
}

fn main() {}
