use dynamoxide::Model;
use serde::{Deserialize, Serialize};

mod cents {
    pub fn serialize<S: serde::Serializer>(value: &String, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(value)
    }
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        serde::Deserialize::deserialize(deserializer)
    }
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "prices")]
struct Price {
    #[dynamo(hash_key, number)]
    id: String,
    #[serde(with = "cents")]
    #[dynamo(number)]
    amount: String,
}

fn main() {}
