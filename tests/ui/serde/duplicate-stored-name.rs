use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "notes")]
struct Renamed {
    #[dynamo(hash_key)]
    id: String,
    note: Option<String>,
    #[serde(rename = "note")]
    legacy: Option<String>,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "people")]
#[serde(rename_all = "camelCase")]
struct RenamedByRule {
    #[dynamo(hash_key)]
    id: String,
    first_name: String,
    #[serde(skip)]
    firstName: String,
    #[allow(non_snake_case)]
    lastName: String,
    last_name: String,
}

fn main() {}
