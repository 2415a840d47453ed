//! Tables from the schema: create (waiting until ACTIVE), describe and delete; compare a
//! live table with the schema and bring it in line.

mod check;
mod definition;
mod drift;
mod sync;

use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::ops::{span, OperationFuture};
use crate::schema::IndexKind;
use crate::table_options::sdk_tags;
use aws_sdk_dynamodb::operation::create_table::builders::CreateTableFluentBuilder;
use aws_sdk_dynamodb::operation::create_table::CreateTableInput;
use aws_sdk_dynamodb::types::{
    TableDescription, TableStatus, TimeToLiveSpecification, TimeToLiveStatus,
};
pub use check::{CheckTable, TableReport};
pub(crate) use definition::{TableDefinition, TableModels};
pub use drift::{Drift, EncryptionKey, KeyElement, KeySchema, ProjectedAttributes, Remedy};
use std::future::IntoFuture;
use std::marker::PhantomData;
use std::time::{Duration, Instant};
pub use sync::{SyncReport, SyncTable};
use tracing::Instrument;

/// How long [`CreateTable`] waits for a new table to become ACTIVE unless told otherwise.
pub const DEFAULT_ACTIVE_TIMEOUT: Duration = Duration::from_secs(300);

/// Creates `M`'s table from its schema and waits until it is ACTIVE, then turns TTL on for
/// a `#[dynamo(ttl)]` attribute; made by [`Db::create_table`]. Awaiting it gives the table's
/// description.
///
/// The schema gives the keys, the secondary indexes and the table options (billing, table
/// class, tags, stream, deletion protection, encryption; see [`TableOptions`](crate::TableOptions)).
/// For a table several models share, [`with`](CreateTable::with) adds the other models: the
/// table gets the union of their indexes, and models that disagree (another key, an index of
/// the same name defined otherwise, one attribute with two types) are an
/// [`Error::TableConflict`] before anything is sent.
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
    models: TableModels,
    if_not_exists: bool,
    timeout: Duration,
    model: PhantomData<M>,
}

impl Db {
    /// Creates `M`'s table from its schema. See [`CreateTable`].
    pub fn create_table<M: Model>(&self) -> CreateTable<'_, M> {
        CreateTable {
            db: self,
            models: TableModels::of::<M>(),
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
    /// Creates the table for model `N` too, which is stored in the same table: its indexes
    /// join the table's, and its TTL attribute and table options count when `M` declares
    /// none.
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// #[dynamo(table = "app")]
    /// struct Org { #[dynamo(hash_key)] pk: String, #[dynamo(range_key)] sk: String }
    ///
    /// #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// #[dynamo(table = "app", gsi(name = "by_email", hash_key = "email"))]
    /// struct Member { #[dynamo(hash_key)] pk: String, #[dynamo(range_key)] sk: String, email: String }
    ///
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let input = db.create_table::<Org>().with::<Member>().into_input().unwrap();
    /// assert_eq!(input.global_secondary_indexes().len(), 1);
    /// ```
    pub fn with<N: Model>(mut self) -> Self {
        self.models.add(&[N::SCHEMA]);
        self
    }

    /// Creates the table for every model of the collection `C` too (see
    /// [`with`](CreateTable::with)).
    ///
    /// ```
    /// # use dynamoxide::{Collection, Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "app", hash_key = "ORG#{id}", range_key = "#ORG")]
    /// # struct Org { id: String }
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "app", hash_key = "ORG#{org_id}", range_key = "MEMBER#{user_id}")]
    /// # struct Member { org_id: String, user_id: String }
    /// # #[derive(Collection)]
    /// # enum OrgItems { Org(Org), Member(Member) }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let input = db.create_table::<Org>().with_collection::<OrgItems>().into_input().unwrap();
    /// assert_eq!(input.table_name(), Some("app"));
    /// ```
    pub fn with_collection<C: crate::Collection>(mut self) -> Self {
        self.models.add(C::SCHEMAS);
        self
    }

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
        crate::ops::built(self.into_sdk()?.as_input().clone().build())
    }

    /// The SDK request this operation would send (TTL is turned on by a second request), or
    /// [`Error::TableConflict`] when the models of the table disagree.
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let request = db.create_table::<User>().into_sdk().unwrap();
    /// assert_eq!(request.get_key_schema().as_ref().map(Vec::len), Some(1));
    /// ```
    pub fn into_sdk(self) -> Result<CreateTableFluentBuilder> {
        let definition = self.models.definition()?;
        Ok(create_request(self.db, &definition))
    }

    async fn run(self) -> Result<TableDescription> {
        let definition = self.models.definition()?;
        create(self.db, &definition, self.if_not_exists, self.timeout).await
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

/// Creates the table of `definition`, waits until it is ACTIVE and turns TTL on for its TTL
/// attribute. An existing table is [`Error::TableAlreadyExists`], or accepted as it is (and
/// waited for) when `if_not_exists`.
async fn create(
    db: &Db,
    definition: &TableDefinition,
    if_not_exists: bool,
    timeout: Duration,
) -> Result<TableDescription> {
    let table = db.physical_table_name(definition.table_name);
    match create_request(db, definition).send().await {
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
    if let Some(ttl) = definition.ttl {
        enable_ttl(db, &table, ttl).await?;
    }
    Ok(description)
}

/// The CreateTable request of `definition`.
fn create_request(db: &Db, definition: &TableDefinition) -> CreateTableFluentBuilder {
    let options = definition.options;
    let mut request = db
        .client()
        .create_table()
        .table_name(db.physical_table_name(definition.table_name))
        .billing_mode(options.billing.mode())
        .set_provisioned_throughput(options.billing.throughput().map(|units| units.to_sdk()))
        .set_key_schema(Some(definition.key_schema()))
        .set_attribute_definitions(Some(definition.attribute_definitions()))
        .table_class(options.table_class.to_sdk())
        .set_stream_specification(options.stream.map(|view| view.to_sdk()))
        .deletion_protection_enabled(options.deletion_protection)
        .set_sse_specification(options.encryption.to_sdk());
    if !options.tags.is_empty() {
        request = request.set_tags(Some(sdk_tags(options.tags)));
    }
    for index in &definition.indexes {
        request = match index.kind {
            IndexKind::Global => request.global_secondary_indexes(definition.global_index(index)),
            IndexKind::Local => request.local_secondary_indexes(definition.local_index(index)),
        };
    }
    request
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
        let status = status.map_or_else(|| "unknown".to_owned(), |s| s.as_str().to_owned());
        self.wait_reporting(table, status).await
    }

    /// Sleeps before the next poll; past the deadline, [`Error::TableNotReady`] reporting
    /// `status` as the last one seen.
    async fn wait_reporting(&mut self, table: &str, status: String) -> Result<()> {
        let waited = self.started.elapsed();
        if waited >= self.timeout {
            return Err(Error::TableNotReady {
                table: table.to_owned(),
                waited,
                status,
            });
        }
        tokio::time::sleep(self.delay.min(self.timeout - waited)).await;
        self.delay = (self.delay * 2).min(Duration::from_secs(5));
        Ok(())
    }
}
