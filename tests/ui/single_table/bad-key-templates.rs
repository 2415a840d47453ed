use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key = "ORG#{org}")]
struct UnknownField {
    org_id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key = "ORG#{org_id")]
struct Unclosed {
    org_id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key = "ORG#{}")]
struct EmptyPlaceholder {
    org_id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key = "ORG#{org_id}{user_id}")]
struct NothingBetween {
    org_id: String,
    user_id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key = "ORG#{org_id}")]
struct OptionalKeyField {
    org_id: Option<String>,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key = "ORG#{org_id}")]
struct FieldKeyToo {
    org_id: String,
    #[dynamo(range_key)]
    user_id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", range_key = "USER#{user_id}")]
struct RangeWithoutHash {
    #[dynamo(hash_key)]
    org_id: String,
    user_id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key = "ALL", range_key = "USER#{user_id}")]
struct ConstantHash {
    user_id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key(attribute = "org_id", template = "ORG#{org_id}"))]
struct AttributeIsAField {
    org_id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key = "T#{tenant}#O#{org}", range_key = "U#{user}")]
struct ThreeKeyFields {
    tenant: String,
    org: String,
    user: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key = "ORG#{org_id}")]
#[dynamo(gsi(name = "gsi1", hash_key(template = "EMAIL#{email}")))]
struct IndexTemplateWithoutAttribute {
    org_id: String,
    email: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key = "ORG#{org_id}")]
#[dynamo(gsi(name = "gsi1", hash_key(attribute = "gsi1pk", template = "EMAIL#{mail}")))]
struct IndexTemplateUnknownField {
    org_id: String,
    email: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key = "ORG#{org_id}")]
#[dynamo(gsi(name = "gsi1", hash_key = "email", hash_key(attribute = "g", template = "E#{email}")))]
struct IndexKeyTwice {
    org_id: String,
    email: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key = "ORG#{org_id}", entity = "")]
struct EmptyEntity {
    org_id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key = "ORG#{org_id}", range_key = "U#{user}")]
#[dynamo(gsi(name = "gsi1", hash_key(attribute = "sk", template = "E#{email}")))]
struct IndexWritesTheTableKey {
    org_id: String,
    user: String,
    email: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key = "ORG#{org_id}")]
#[dynamo(gsi(name = "gsi1", hash_key(attribute = "g1", template = "E#{email}")))]
#[dynamo(gsi(name = "gsi2", hash_key(attribute = "g1", template = "N#{name}")))]
struct TwoTemplatesOneAttribute {
    org_id: String,
    email: String,
    name: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key = "ORG#{org_id}", entity(attribute = "pk"))]
struct EntityInTheKey {
    org_id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key = "BLOB#{blob}")]
struct BinaryInATemplate {
    blob: dynamoxide::ByteBuf,
}

fn main() {}
