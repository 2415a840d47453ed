//! [`Db`]: the handle every operation starts from.

use crate::error::{Error, Result};
use crate::model::Model;
use crate::ops::RetryPolicy;
use crate::transport::{default_http_client, BatchClients, BatchSender};
use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, IdentityCache, Region};
use aws_sdk_dynamodb::Client;
use std::borrow::Cow;
use std::sync::Arc;

/// A DynamoDB client with the table naming of one environment.
///
/// Cheap to clone: clones share the SDK client and its connection pool.
///
/// A batch's first request per chunk is sent with the SDK's retries set by the batch's
/// [`RetryPolicy`], its later ones without (the batch resends those). When the client's
/// configuration names its HTTP client and identity cache (as [`Db::from_env`] and
/// [`Db::for_endpoint`] do), a client per policy is built once and shares both; otherwise
/// every batch request overrides the retry config.
///
/// ```no_run
/// # async fn run() -> dynamoxide::Result<()> {
/// use dynamoxide::Db;
///
/// let db = Db::from_env().await;                              // AWS, configured from the environment
/// let local = Db::for_endpoint("http://127.0.0.1:8000");      // DynamoDB Local
/// let staging = db.clone().with_table_prefix("staging_")?;    // `users` becomes `staging_users`
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Db {
    client: Client,
    batch: Arc<BatchClients>,
    table_prefix: Arc<str>,
    table_suffix: Arc<str>,
}

impl Db {
    /// Wraps an SDK client configured by the caller.
    ///
    /// ```no_run
    /// # async fn run() {
    /// let config = aws_config::load_from_env().await;
    /// let db = dynamoxide::Db::new(aws_sdk_dynamodb::Client::new(&config));
    /// # }
    /// ```
    pub fn new(client: Client) -> Self {
        Db {
            batch: Arc::new(BatchClients::for_client(&client)),
            client,
            table_prefix: Arc::from(""),
            table_suffix: Arc::from(""),
        }
    }

    /// Connects to AWS with credentials and region from the environment (environment
    /// variables, profiles, container and instance metadata: the standard AWS chain).
    ///
    /// ```no_run
    /// # async fn run() {
    /// let db = dynamoxide::Db::from_env().await;
    /// # }
    /// ```
    pub async fn from_env() -> Self {
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .identity_cache(IdentityCache::lazy().build());
        if let Some(http_client) = default_http_client() {
            loader = loader.http_client(http_client);
        }
        Db::new(Client::new(&loader.load().await))
    }

    /// Connects to a DynamoDB-compatible endpoint such as DynamoDB Local, with fixed
    /// credentials and region `us-east-1` (DynamoDB Local keeps one database per access key
    /// and region, so every `Db` made this way sees the same tables).
    ///
    /// ```
    /// let db = dynamoxide::Db::for_endpoint("http://127.0.0.1:8000");
    /// ```
    pub fn for_endpoint(endpoint: &str) -> Self {
        let mut config = aws_sdk_dynamodb::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .identity_cache(IdentityCache::lazy().build())
            .region(Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(Credentials::new(
                "dynamoxide",
                "dynamoxide",
                None,
                None,
                "dynamoxide-endpoint",
            ));
        config.set_http_client(default_http_client());
        Db::new(Client::from_conf(config.build()))
    }

    /// The SDK client, for anything dynamoxide does not cover.
    ///
    /// ```no_run
    /// # async fn run(db: dynamoxide::Db) -> Result<(), Box<dyn std::error::Error>> {
    /// let tables = db.client().list_tables().send().await?;
    /// # Ok(()) }
    /// ```
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// What batch requests under `policy` are sent with.
    pub(crate) fn batch_sender(&self, policy: RetryPolicy) -> BatchSender {
        self.batch.sender(&self.client, policy)
    }

    /// Puts `prefix` before every table name this `Db` uses (Dynamoose's `prefix`), so that
    /// environments or tests sharing an account never see each other's tables.
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// let db = Db::for_endpoint("http://127.0.0.1:8000").with_table_prefix("staging_").unwrap();
    /// assert_eq!(db.table_name::<User>(), "staging_users");
    /// assert!(db.with_table_prefix("no spaces").is_err());
    /// ```
    pub fn with_table_prefix(mut self, prefix: &str) -> Result<Self> {
        check_affix(prefix)?;
        self.table_prefix = Arc::from(prefix);
        Ok(self)
    }

    /// Puts `suffix` after every table name this `Db` uses (Dynamoose's `suffix`).
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// let db = Db::for_endpoint("http://127.0.0.1:8000").with_table_suffix("-prod").unwrap();
    /// assert_eq!(db.table_name::<User>(), "users-prod");
    /// ```
    pub fn with_table_suffix(mut self, suffix: &str) -> Result<Self> {
        check_affix(suffix)?;
        self.table_suffix = Arc::from(suffix);
        Ok(self)
    }

    /// The name of `M`'s table as this `Db` uses it, prefix and suffix included.
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// assert_eq!(Db::for_endpoint("http://localhost:8000").table_name::<User>(), "users");
    /// ```
    pub fn table_name<M: Model>(&self) -> Cow<'static, str> {
        self.physical_table_name(M::SCHEMA.table_name)
    }

    /// `table` with this `Db`'s prefix and suffix.
    pub(crate) fn physical_table_name(&self, table: &'static str) -> Cow<'static, str> {
        if self.table_prefix.is_empty() && self.table_suffix.is_empty() {
            Cow::Borrowed(table)
        } else {
            // Made for every request: concatenated, without the formatting machinery.
            Cow::Owned([&*self.table_prefix, table, &*self.table_suffix].concat())
        }
    }
}

fn check_affix(affix: &str) -> Result<()> {
    match affix
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
    {
        Some(bad) => Err(Error::Setup {
            message: format!(
                "`{bad}` cannot appear in a DynamoDB table name (allowed: a-z A-Z 0-9 _ - .)"
            ),
            source: None,
        }),
        None => Ok(()),
    }
}
