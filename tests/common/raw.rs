//! Writing an item as another writer would, past dynamoxide's checks.

use dynamoxide::types::AttributeValue;
use dynamoxide::{Db, Model};
use std::collections::HashMap;

/// Puts `item` into `M`'s table with the raw SDK client.
pub async fn put_raw<M: Model>(db: &Db, item: HashMap<String, AttributeValue>) {
    db.client()
        .put_item()
        .table_name(db.table_name::<M>())
        .set_item(Some(item))
        .send()
        .await
        .unwrap();
}
