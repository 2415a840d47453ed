use dynamoxide::Attributes;
use serde::{Deserialize, Serialize};

#[derive(Attributes, Serialize, Deserialize)]
struct Line {
    #[dynamo(auto = uuid)]
    id: String,
    #[dynamo(counter)]
    edits: u64,
}

fn main() {}
