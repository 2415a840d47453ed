//! Tables from the schema: create (waiting until ACTIVE), describe and delete.

use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::ops::{span, OperationFuture};
use crate::schema::{IndexKind, IndexSchema, KeyAttribute};
use aws_sdk_dynamodb::operation::create_table::builders::CreateTableFluentBuilder;
use aws_sdk_dynamodb::operation::create_table::CreateTableInput;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType,
    LocalSecondaryIndex, TableDescription, TableStatus, TimeToLiveSpecification, TimeToLiveStatus,
};
use std::future::IntoFuture;
use std::marker::PhantomData;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// How long [`CreateTable`] waits for a new table to become ACTIVE unless told otherwise.
pub const DEFAULT_ACTIVE_TIMEOUT: Duration = Duration::from_secs(300);

/// Creates `M`'s table from its schema (keys, secondary indexes; on-demand billing) and
/// waits until it is ACTIVE;
/// made by [`Db::create_table`]. Awaiting it gives the table's description.
///
/// An existing table is [`Error::TableAlreadyExists`]; after
/// [`if_not_exists`](CreateTable::if_not_exists) it is accepted as it is (and waited for).
///
/// ```no_run
/// # use dynamoxide::{Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String }
/// # async fn run(db: Db) -> dynamoxide::Result<()> {
/// let table = db.create_table::<User>().if_not_exists().await?;
/// println!("{:?}", table.table_status());
/// # Ok(()) }
/// ```
#[must_use = "an operation does nothing until it is awaited"]
pub struct CreateTable<'db, M: Model> {
    db: &'db Db,
    if_not_exists: bool,
    timeout: Duration,
    model: PhantomData<M>,
}

impl Db {
    /// Creates `M`'s table from its schema. See [`CreateTable`].
    pub fn create_table<M: Model>(&self) -> CreateTable<'_, M> {
        CreateTable {
            db: self,
            if_not_exists: false,
            timeout: DEFAULT_ACTIVE_TIMEOUT,
            model: PhantomData,
        }
    }

    /// Describes `M`'s table as DynamoDB has it now.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let table = db.describe_table::<User>().await?;
    /// println!("{} items", table.item_count().unwrap_or(0));
    /// # Ok(()) }
    /// ```
    pub async fn describe_table<M: Model>(&self) -> Result<TableDescription> {
        let table = self.table_name::<M>();
        describe(self, &table)
            .instrument(span("DescribeTable", &table))
            .await
    }

    /// Deletes `M`'s table and waits until it is gone. A missing table is
    /// [`Error::TableNotFound`].
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// db.delete_table::<User>().await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_table<M: Model>(&self) -> Result<()> {
        let table = self.table_name::<M>();
        async {
            self.client()
                .delete_table()
                .table_name(table.as_ref())
                .send()
                .await
                .map_err(|error| Error::from_sdk("DeleteTable", &table, error))?;
            let mut poll = Poll::new(DEFAULT_ACTIVE_TIMEOUT);
            loop {
                let status = match describe(self, &table).await {
                    Err(Error::TableNotFound { .. }) => return Ok(()),
                    Err(other) => return Err(other),
                    Ok(description) => description.table_status,
                };
                poll.wait(&table, status).await?;
            }
        }
        .instrument(span("DeleteTable", &table))
        .await
    }
}

impl<'db, M: Model> CreateTable<'db, M> {
    /// Accepts an existing table of the same name instead of failing. The existing table is
    /// not compared with the schema.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// db.create_table::<User>().if_not_exists().await?;
    /// db.create_table::<User>().if_not_exists().await?; // no error the second time
    /// # Ok(()) }
    /// ```
    pub fn if_not_exists(mut self) -> Self {
        self.if_not_exists = true;
        self
    }

    /// How long to wait for the table to become ACTIVE (default five minutes).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// use std::time::Duration;
    /// db.create_table::<User>().timeout(Duration::from_secs(30)).await?;
    /// # Ok(()) }
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The exact `CreateTable` input this operation would send, without sending it (it does
    /// not wait for ACTIVE; TTL is turned on by a second request).
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let input = db.create_table::<User>().into_input().unwrap();
    /// assert_eq!(input.table_name(), Some("users"));
    /// ```
    pub fn into_input(self) -> Result<CreateTableInput> {
        crate::ops::built(self.into_sdk().as_input().clone().build())
    }

    /// The SDK request this operation would send (TTL is turned on by a second request).
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let request = db.create_table::<User>().into_sdk();
    /// assert_eq!(request.get_key_schema().as_ref().map(Vec::len), Some(1));
    /// ```
    pub fn into_sdk(self) -> CreateTableFluentBuilder {
        let schema = M::SCHEMA;
        let mut request = self
            .db
            .client()
            .create_table()
            .table_name(self.db.table_name::<M>())
            .billing_mode(BillingMode::PayPerRequest)
            .set_key_schema(Some(key_schema(schema.key_attributes())));
        let indexes = schema.indexes.iter();
        let index_keys = indexes.clone().flat_map(IndexSchema::key_attributes);
        let mut defined: Vec<&str> = Vec::new();
        for key in schema.key_attributes().chain(index_keys) {
            if defined.contains(&key.name) {
                continue;
            }
            defined.push(key.name);
            request = request.attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name(key.name)
                    .attribute_type(key.scalar_type.to_sdk())
                    .build()
                    .expect("attribute name and type are set"),
            );
        }
        for index in indexes {
            let keys = Some(key_schema(index.key_attributes()));
            request = match index.kind {
                IndexKind::Global => request.global_secondary_indexes(
                    GlobalSecondaryIndex::builder()
                        .index_name(index.name)
                        .set_key_schema(keys)
                        .projection(index.projection.to_sdk())
                        .build()
                        .expect("index name and key schema are set"),
                ),
                IndexKind::Local => request.local_secondary_indexes(
                    LocalSecondaryIndex::builder()
                        .index_name(index.name)
                        .set_key_schema(keys)
                        .projection(index.projection.to_sdk())
                        .build()
                        .expect("index name, key schema and projection are set"),
                ),
            };
        }
        request
    }

    async fn run(self) -> Result<TableDescription> {
        let db = self.db;
        let table = db.table_name::<M>();
        let (if_not_exists, timeout) = (self.if_not_exists, self.timeout);
        match self.into_sdk().send().await {
            Ok(_) => {}
            Err(error) => match Error::from_sdk("CreateTable", &table, error) {
                Error::Service {
                    code: Some(code),
                    source,
                    ..
                } if code == "ResourceInUseException" => {
                    if !if_not_exists {
                        return Err(Error::TableAlreadyExists {
                            table: table.into_owned(),
                            source,
                        });
                    }
                }
                other => return Err(other),
            },
        }
        let mut poll = Poll::new(timeout);
        let description = loop {
            let description = describe(db, &table).await?;
            if description.table_status == Some(TableStatus::Active) {
                break description;
            }
            poll.wait(&table, description.table_status).await?;
        };
        if let Some(ttl) = M::SCHEMA.ttl {
            enable_ttl(db, &table, ttl).await?;
        }
        Ok(description)
    }
}

impl<'db, M: Model> IntoFuture for CreateTable<'db, M> {
    type Output = Result<TableDescription>;
    type IntoFuture = OperationFuture<'db, TableDescription>;

    fn into_future(self) -> Self::IntoFuture {
        let span = span("CreateTable", &self.db.table_name::<M>());
        Box::pin(self.run().instrument(span))
    }
}

/// A key schema: the first attribute the hash key, the second (if any) the range key.
fn key_schema<'a>(keys: impl Iterator<Item = &'a KeyAttribute>) -> Vec<KeySchemaElement> {
    keys.zip([KeyType::Hash, KeyType::Range])
        .map(|(key, key_type)| {
            KeySchemaElement::builder()
                .attribute_name(key.name)
                .key_type(key_type)
                .build()
                .expect("attribute name and key type are set")
        })
        .collect()
}

/// Turns DynamoDB's TTL on for attribute `ttl`; already on for it is fine.
async fn enable_ttl(db: &Db, table: &str, ttl: &str) -> Result<()> {
    let current = db
        .client()
        .describe_time_to_live()
        .table_name(table)
        .send()
        .await
        .map_err(|error| Error::from_sdk("DescribeTimeToLive", table, error))?;
    let enabled = current
        .time_to_live_description()
        .is_some_and(|description| {
            description.attribute_name() == Some(ttl)
                && matches!(
                    description.time_to_live_status(),
                    Some(TimeToLiveStatus::Enabled | TimeToLiveStatus::Enabling)
                )
        });
    if enabled {
        return Ok(());
    }
    let specification = TimeToLiveSpecification::builder()
        .enabled(true)
        .attribute_name(ttl)
        .build()
        .expect("enabled and attribute name are set");
    db.client()
        .update_time_to_live()
        .table_name(table)
        .time_to_live_specification(specification)
        .send()
        .await
        .map_err(|error| Error::from_sdk("UpdateTimeToLive", table, error))?;
    Ok(())
}

async fn describe(db: &Db, table: &str) -> Result<TableDescription> {
    let output = db
        .client()
        .describe_table()
        .table_name(table)
        .send()
        .await
        .map_err(|error| Error::from_sdk("DescribeTable", table, error))?;
    output.table.ok_or_else(|| Error::Setup {
        message: format!("DescribeTable returned no description of `{table}`"),
        source: None,
    })
}

/// Polls with a delay doubling from 100 ms to 5 s, until a deadline.
struct Poll {
    started: Instant,
    timeout: Duration,
    delay: Duration,
}

impl Poll {
    fn new(timeout: Duration) -> Self {
        Poll {
            started: Instant::now(),
            timeout,
            delay: Duration::from_millis(100),
        }
    }

    async fn wait(&mut self, table: &str, status: Option<TableStatus>) -> Result<()> {
        let waited = self.started.elapsed();
        if waited >= self.timeout {
            return Err(Error::TableNotReady {
                table: table.to_owned(),
                waited,
                status: status.map_or_else(|| "unknown".to_owned(), |s| s.as_str().to_owned()),
            });
        }
        tokio::time::sleep(self.delay.min(self.timeout - waited)).await;
        self.delay = (self.delay * 2).min(Duration::from_secs(5));
        Ok(())
    }
}
