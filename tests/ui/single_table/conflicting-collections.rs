use dynamoxide::{Collection, Model};
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key = "ORG#{id}", range_key = "#ORG")]
#[dynamo(gsi(name = "gsi1", hash_key(attribute = "gsi1pk", template = "PLAN#{plan}")))]
struct Org {
    id: String,
    plan: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "other", hash_key = "ORG#{org_id}", range_key = "MEMBER#{user_id}")]
struct ElsewhereMember {
    org_id: String,
    user_id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key = "ORG#{org_id}", range_key = "COPY#{n}", entity = "Org")]
struct SameEntityName {
    org_id: String,
    n: u32,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app", hash_key = "ORG#{org_id}", range_key = "TEAM#{team}")]
#[dynamo(gsi(
    name = "gsi1",
    hash_key(attribute = "gsi1pk", template = "TEAM#{team}"),
    range_key(attribute = "gsi1sk", template = "ORG#{org_id}")
))]
struct OtherIndexKeys {
    org_id: String,
    team: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app")]
struct NoEntity {
    #[dynamo(hash_key)]
    pk: String,
    #[dynamo(range_key)]
    sk: String,
}

#[derive(Collection)]
enum Mixed {
    Org(Org),
    Elsewhere(ElsewhereMember),
    Same(SameEntityName),
    Other(OtherIndexKeys),
    Plain(NoEntity),
}

#[derive(Collection)]
enum BadVariants {
    Org { org: Org },
    First(Org),
    Twice(Org),
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "flat", hash_key = "USER#{id}")]
struct FlatUser {
    id: String,
}

#[derive(Collection)]
enum WithoutSortKeys {
    User(FlatUser),
}

fn main() {}
