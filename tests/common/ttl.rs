//! DynamoDB Local deletes expired items within seconds; AWS takes up to days. Tests that
//! need an expired item to stay, as it would in AWS for a while, turn the table's TTL off.

use dynamoxide::types::TimeToLiveSpecification;
use dynamoxide::{Db, Model};

/// Turns off TTL on `M`'s table (created with it on), so expired items stay stored.
pub async fn keep_expired_items<M: Model>(db: &Db) {
    let attribute = M::SCHEMA
        .ttl
        .expect("the model has a #[dynamo(ttl)] attribute");
    db.client()
        .update_time_to_live()
        .table_name(db.table_name::<M>())
        .time_to_live_specification(
            TimeToLiveSpecification::builder()
                .enabled(false)
                .attribute_name(attribute)
                .build()
                .expect("name and flag are set"),
        )
        .send()
        .await
        .expect("TTL turned off");
}
