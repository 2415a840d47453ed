use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "users")]
struct User {
    #[dynamo(hash_key)]
    id: String,
    // serde must skip it (this map serde could write, but dynamoxide writes it).
    #[dynamo(extra)]
    extra: std::collections::HashMap<String, String>,
    #[serde(skip)]
    #[dynamo(extra)]
    more: Vec<String>,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "teams")]
struct Team {
    #[dynamo(hash_key)]
    id: String,
    #[serde(flatten)]
    rest: std::collections::HashMap<String, String>,
    #[serde(alias = "title")]
    name: String,
    #[serde(skip)]
    #[dynamo(extra)]
    extra: dynamoxide::Item,
}

fn main() {}
