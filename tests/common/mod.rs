//! What every integration test shares: one DynamoDB Local per test binary (or the one named
//! by `DYNAMODB_ENDPOINT`), and a table prefix no other test uses.

use dynamoxide::Db;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A `Db` on DynamoDB Local whose tables no other test (in any process) sees.
pub async fn fresh_db() -> Db {
    Db::local()
        .await
        .expect("DynamoDB Local is reachable")
        .with_table_prefix(&unique_prefix())
        .expect("the prefix is a valid table name part")
}

/// A table-name prefix no other test (in any process) uses.
pub fn unique_prefix() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .subsec_nanos();
    format!(
        "t{}_{}_{}_",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}
