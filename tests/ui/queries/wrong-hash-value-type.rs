use dynamoxide::{Db, Model};
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "orders")]
#[dynamo(gsi(name = "by_total", hash_key = "total"))]
struct Order {
    #[dynamo(hash_key)]
    customer: String,
    #[dynamo(range_key)]
    number: u64,
    total: u64,
}

async fn run(db: Db) {
    let _ = db.query::<Order>().index::<order_index::ByTotal>().hash("c1").all().await;
    let _ = db.query::<Order>().hash("c1").range_gt("seven").all().await;
}

fn main() {}
