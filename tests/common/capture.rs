//! An SDK interceptor that keeps a copy of every request input the client is asked to send,
//! before it is serialized: what dynamoxide actually sent, to compare with its dry runs and
//! to count requests.

use aws_sdk_dynamodb::config::interceptors::BeforeSerializationInterceptorContextRef;
use aws_sdk_dynamodb::config::{ConfigBag, Intercept};
use aws_sdk_dynamodb::operation::batch_get_item::BatchGetItemInput;
use aws_sdk_dynamodb::operation::batch_write_item::BatchWriteItemInput;
use aws_sdk_dynamodb::operation::create_table::CreateTableInput;
use aws_sdk_dynamodb::operation::delete_item::DeleteItemInput;
use aws_sdk_dynamodb::operation::get_item::GetItemInput;
use aws_sdk_dynamodb::operation::put_item::PutItemInput;
use aws_sdk_dynamodb::operation::query::QueryInput;
use aws_sdk_dynamodb::operation::scan::ScanInput;
use aws_sdk_dynamodb::operation::transact_get_items::TransactGetItemsInput;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsInput;
use aws_sdk_dynamodb::operation::update_item::UpdateItemInput;
use aws_sdk_dynamodb::Client;
use dynamoxide::Db;
use std::sync::{Arc, Mutex};

/// `Sent` with one variant per input type, and the function that recognizes them.
macro_rules! inputs {
    ($($variant:ident($ty:ty)),*) => {
        /// One request input, as the client got it.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Sent {
            $($variant($ty),)*
            Other,
        }

        fn recognize(context: &BeforeSerializationInterceptorContextRef<'_>) -> Sent {
            let input = context.input();
            None$(.or_else(|| input.downcast_ref::<$ty>().cloned().map(Sent::$variant)))*
                .unwrap_or(Sent::Other)
        }
    };
}

inputs!(
    Put(PutItemInput),
    Update(UpdateItemInput),
    Delete(DeleteItemInput),
    Get(GetItemInput),
    Query(QueryInput),
    Scan(ScanInput),
    BatchWrite(BatchWriteItemInput),
    BatchGet(BatchGetItemInput),
    TransactWrite(TransactWriteItemsInput),
    TransactGet(TransactGetItemsInput),
    CreateTable(CreateTableInput)
);

/// The inputs a client sent, in order.
#[derive(Debug, Clone, Default)]
pub struct Capture {
    sent: Arc<Mutex<Vec<Sent>>>,
}

impl Capture {
    /// A `Db` like `db`, with tables of their own, whose client also records into this
    /// capture (batch requests included).
    pub fn db(&self, db: &Db) -> Db {
        let config = db
            .client()
            .config()
            .to_builder()
            .interceptor(self.clone())
            .build();
        Db::new(Client::from_conf(config))
            .with_table_prefix(&super::common::unique_prefix())
            .expect("a valid prefix")
    }

    /// Everything sent since the last call.
    pub fn take(&self) -> Vec<Sent> {
        std::mem::take(&mut self.sent.lock().expect("not poisoned"))
    }
}

impl Intercept for Capture {
    fn name(&self) -> &'static str {
        "Capture"
    }

    fn read_before_execution(
        &self,
        context: &BeforeSerializationInterceptorContextRef<'_>,
        _: &mut ConfigBag,
    ) -> Result<(), aws_sdk_dynamodb::error::BoxError> {
        let sent = recognize(context);
        self.sent.lock().expect("not poisoned").push(sent);
        Ok(())
    }
}
