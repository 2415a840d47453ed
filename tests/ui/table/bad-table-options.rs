use dynamoxide::Model;
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "zero", billing = provisioned(read = 0, write = 5))]
struct ZeroCapacity {
    #[dynamo(hash_key)]
    id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "half", billing = provisioned(read = 5))]
struct WriteMissing {
    #[dynamo(hash_key)]
    id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "class", table_class = glacier)]
struct UnknownClass {
    #[dynamo(hash_key)]
    id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "tags", tags("aws:owner" = "me"))]
struct ReservedTag {
    #[dynamo(hash_key)]
    id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "tags", tags("team" = "a", "team" = "b"))]
struct TagTwice {
    #[dynamo(hash_key)]
    id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "stream", stream = everything)]
struct UnknownStream {
    #[dynamo(hash_key)]
    id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "kms", encryption = kms(""))]
struct EmptyKey {
    #[dynamo(hash_key)]
    id: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "ondemand")]
#[dynamo(gsi(name = "by_email", hash_key = "email", throughput(read = 1, write = 1)))]
struct ThroughputOnDemand {
    #[dynamo(hash_key)]
    id: String,
    email: String,
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "local", billing = provisioned(read = 1, write = 1))]
#[dynamo(lsi(name = "by_total", range_key = "total", throughput(read = 1, write = 1)))]
struct ThroughputOnLocal {
    #[dynamo(hash_key)]
    id: String,
    #[dynamo(range_key)]
    number: u64,
    total: u64,
}

fn main() {}
