use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "shapes")]
enum Shape {
    Circle { radius: u32 },
}

fn main() {}
