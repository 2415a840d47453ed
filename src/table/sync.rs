//! `sync_table`: brings a live table in line with the schema, one change at a time.

use super::check::{billing_of, table_arn, write_drifts, LiveTable};
use super::definition::attribute_definition;
use super::drift::{Drift, Remedy};
use super::{
    create, describe, enable_ttl, Poll, TableDefinition, TableModels, DEFAULT_ACTIVE_TIMEOUT,
};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::ops::{span, OperationFuture};
use crate::schema::IndexSchema;
use crate::table_options::{sdk_tags, Billing, Throughput};
use aws_sdk_dynamodb::operation::update_table::builders::UpdateTableFluentBuilder;
use aws_sdk_dynamodb::types::{
    CreateGlobalSecondaryIndexAction, DeleteGlobalSecondaryIndexAction, GlobalSecondaryIndexUpdate,
    IndexStatus, SseSpecification, StreamSpecification, TableDescription, TableStatus,
    TimeToLiveSpecification, UpdateGlobalSecondaryIndexAction,
};
use std::fmt;
use std::future::IntoFuture;
use std::marker::PhantomData;
use std::time::Duration;
use tracing::Instrument;

/// Brings `M`'s live table in line with its schema; made by [`Db::sync_table`]. Awaiting it
/// gives a [`SyncReport`].
///
/// A missing table is created (as [`create_table`](Db::create_table) does, TTL included).
/// Otherwise it compares the table as [`check_table`](Db::check_table) does and fixes every
/// [`Drift`] whose [`Remedy`] is [`Apply`](Remedy::Apply), and the
/// [`Destructive`](Remedy::Destructive) ones too after
/// [`allow_destructive`](SyncTable::allow_destructive). It makes one change per request and
/// waits for the table and its indexes to be ACTIVE before the next: deleted indexes first,
/// then billing and index capacity, new indexes (each built and backfilled before the next),
/// table class, stream, deletion protection, encryption, TTL and tags.
///
/// It never touches a table's key: when the key differs, the table is not the one the schema
/// describes, and nothing is changed at all (every drift is left in
/// [`remaining`](SyncReport::remaining)).
///
/// A failed request ends the sync with its error; the changes made before it stay, and
/// [`check_table`](Db::check_table) tells what is left. DynamoDB limits some changes in time
/// (switching to on-demand billing, a second TTL change within an hour): it refuses them with
/// a service error, which is returned as it is.
///
/// ```no_run
/// # use dynamoxide::{Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String }
/// # async fn run(db: Db) -> dynamoxide::Result<()> {
/// let report = db.sync_table::<User>().await?;
/// for drift in &report.applied {
///     println!("fixed: {drift}");
/// }
/// for drift in &report.remaining {
///     println!("left: {drift}");
/// }
/// # Ok(()) }
/// ```
#[must_use = "an operation does nothing until it is awaited"]
pub struct SyncTable<'db, M: Model> {
    db: &'db Db,
    models: TableModels,
    ignore_capacity: bool,
    allow_destructive: bool,
    timeout: Duration,
    model: PhantomData<M>,
}

impl Db {
    /// Brings `M`'s live table in line with its schema. See [`SyncTable`].
    pub fn sync_table<M: Model>(&self) -> SyncTable<'_, M> {
        SyncTable {
            db: self,
            models: TableModels::of::<M>(),
            ignore_capacity: false,
            allow_destructive: false,
            timeout: DEFAULT_ACTIVE_TIMEOUT,
            model: PhantomData,
        }
    }
}

impl<M: Model> SyncTable<'_, M> {
    /// Syncs with the union of `M`'s and `N`'s schemas, for a table both are stored in (as
    /// [`CreateTable::with`](crate::CreateTable::with) creates it). Without `N`, its indexes
    /// would count as extra.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "app")]
    /// # struct Org { #[dynamo(hash_key)] pk: String, #[dynamo(range_key)] sk: String }
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "app", gsi(name = "by_email", hash_key = "email"))]
    /// # struct Member { #[dynamo(hash_key)] pk: String, #[dynamo(range_key)] sk: String, email: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let report = db.sync_table::<Org>().with::<Member>().await?;
    /// # Ok(()) }
    /// ```
    pub fn with<N: Model>(mut self) -> Self {
        self.models.add(&[N::SCHEMA]);
        self
    }

    /// Compares with every model of the collection `C` too: the table they share (its
    /// indexes are the union of theirs).
    ///
    /// ```no_run
    /// # use dynamoxide::{Collection, Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "app", hash_key = "ORG#{id}", range_key = "#ORG")]
    /// # struct Org { id: String }
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "app", hash_key = "ORG#{org_id}", range_key = "MEMBER#{user_id}")]
    /// # struct Member { org_id: String, user_id: String }
    /// # #[derive(Collection)]
    /// # enum OrgItems { Org(Org), Member(Member) }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let report = db.sync_table::<Org>().with_collection::<OrgItems>().await?;
    /// # Ok(()) }
    /// ```
    pub fn with_collection<C: crate::Collection>(mut self) -> Self {
        self.models.add(C::SCHEMAS);
        self
    }

    /// Compares the billing mode but not provisioned capacity (of the table or its indexes):
    /// for a table whose capacity auto scaling manages.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users", billing = provisioned(read = 5, write = 5))]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let report = db.sync_table::<User>().ignore_capacity().await?;
    /// # Ok(()) }
    /// ```
    pub fn ignore_capacity(mut self) -> Self {
        self.ignore_capacity = true;
        self
    }

    /// Fixes the [`Destructive`](Remedy::Destructive) drifts too: deletes indexes the schema
    /// does not declare, deletes and rebuilds indexes whose keys or projection changed
    /// (queries on them fail until they are back), turns TTL or the stream off, moves TTL to
    /// another attribute and removes tags.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let report = db.sync_table::<User>().allow_destructive().await?;
    /// assert!(report.remaining.iter().all(|drift| drift.remedy() == dynamoxide::Remedy::Impossible));
    /// # Ok(()) }
    /// ```
    pub fn allow_destructive(mut self) -> Self {
        self.allow_destructive = true;
        self
    }

    /// How long to wait, after each change, for the table and its indexes to be ACTIVE
    /// (default five minutes). Building an index on a large table can take much longer.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// use std::time::Duration;
    /// let report = db.sync_table::<User>().timeout(Duration::from_secs(3600)).await?;
    /// # Ok(()) }
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    async fn run(self) -> Result<SyncReport> {
        let definition = self.models.definition()?;
        let table = self
            .db
            .physical_table_name(definition.table_name)
            .into_owned();
        let sync = TableSync {
            db: self.db,
            table: &table,
            definition: &definition,
            timeout: self.timeout,
        };
        if sync.create_if_missing().await? {
            return Ok(SyncReport {
                table,
                created: true,
                applied: vec![Drift::MissingTable],
                remaining: Vec::new(),
            });
        }
        let description = sync.settled(|_| true).await?;
        let live = LiveTable::read(self.db, &table, description).await?;
        let drifts = live.drifts(&definition, &table, self.ignore_capacity)?;
        let key_differs = drifts
            .iter()
            .any(|drift| matches!(drift, Drift::KeySchema { .. }));
        let (applied, remaining): (Vec<Drift>, Vec<Drift>) =
            drifts.into_iter().partition(|drift| {
                !key_differs
                    && match drift.remedy() {
                        Remedy::Apply => true,
                        Remedy::Destructive => self.allow_destructive,
                        Remedy::Impossible => false,
                    }
            });
        sync.apply(&applied, live.description).await?;
        Ok(SyncReport {
            table,
            created: false,
            applied,
            remaining,
        })
    }
}

impl<'db, M: Model> IntoFuture for SyncTable<'db, M> {
    type Output = Result<SyncReport>;
    type IntoFuture = OperationFuture<'db, SyncReport>;

    fn into_future(self) -> Self::IntoFuture {
        let span = span("SyncTable", &self.db.table_name::<M>());
        Box::pin(self.run().instrument(span))
    }
}

/// What [`sync_table`](Db::sync_table) did: whether it created the table, the drifts it fixed
/// and those it left.
///
/// ```no_run
/// # use dynamoxide::{Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String }
/// # async fn run(db: Db) -> dynamoxide::Result<()> {
/// let report = db.sync_table::<User>().await?;
/// if !report.is_in_sync() {
///     eprintln!("{report}");
/// }
/// # Ok(()) }
/// ```
#[must_use = "a sync can leave drifts it may not fix; see `remaining`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncReport {
    /// The table name, with the `Db`'s prefix and suffix.
    pub table: String,
    /// Whether the table was missing and created (then `applied` is
    /// [`Drift::MissingTable`]).
    pub created: bool,
    /// The drifts fixed, in the order `check_table` lists them.
    pub applied: Vec<Drift>,
    /// The drifts left: [`Impossible`](Remedy::Impossible) ones, the
    /// [`Destructive`](Remedy::Destructive) ones without
    /// [`allow_destructive`](SyncTable::allow_destructive), and all of them when the table's
    /// key differs.
    pub remaining: Vec<Drift>,
}

impl SyncReport {
    /// Whether the table matches the schema now (nothing is left).
    ///
    /// ```
    /// use dynamoxide::{Drift, SyncReport};
    /// let report = SyncReport {
    ///     table: "users".into(),
    ///     created: true,
    ///     applied: vec![Drift::MissingTable],
    ///     remaining: Vec::new(),
    /// };
    /// assert!(report.is_in_sync());
    /// ```
    pub fn is_in_sync(&self) -> bool {
        self.remaining.is_empty()
    }
}

impl fmt::Display for SyncReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.created {
            write!(f, "created table `{}`", self.table)?;
        } else if !self.applied.is_empty() {
            write!(f, "fixed in table `{}`:", self.table)?;
            for drift in &self.applied {
                write!(f, "\n- {drift}")?;
            }
        }
        if self.created || !self.applied.is_empty() {
            writeln!(f)?;
        }
        write_drifts(f, &self.table, &self.remaining)
    }
}

/// One request (or two, for what must be turned off and on again) of a sync, in the order
/// they are made.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Change<'a> {
    /// Delete a global index (first: it frees the index slot and its attributes).
    DeleteIndex(&'a str),
    /// Set the billing; before new indexes, whose capacity depends on it.
    Billing,
    /// Set a global index's capacity.
    IndexThroughput(&'a IndexSchema),
    /// Create a global index and wait until it is backfilled.
    CreateIndex(&'a IndexSchema),
    TableClass,
    /// Turn the stream on or change its view (off first when there is one).
    Stream {
        turn_off_first: bool,
    },
    DeletionProtection,
    Encryption,
    /// Turn TTL on, moving it from the attribute it is on when there is one.
    Ttl {
        turn_off_first: Option<&'a str>,
    },
    AddTags(&'a [(String, String)]),
    RemoveTags(&'a [String]),
}

/// The changes that fix `drift`.
fn changes<'a>(drift: &'a Drift, definition: &'a TableDefinition) -> Vec<Change<'a>> {
    match drift {
        // A missing table is created before any comparison; a key never changes.
        Drift::MissingTable | Drift::KeySchema { .. } => Vec::new(),
        Drift::MissingIndex { name, .. } => declared_index(definition, name)
            .map(Change::CreateIndex)
            .into_iter()
            .collect(),
        Drift::ExtraIndex { name, .. } => vec![Change::DeleteIndex(name)],
        Drift::IndexKeys { name, .. } | Drift::IndexProjection { name, .. } => {
            let create = declared_index(definition, name).map(Change::CreateIndex);
            std::iter::once(Change::DeleteIndex(name))
                .chain(create)
                .collect()
        }
        Drift::IndexThroughput { name, .. } => declared_index(definition, name)
            .map(Change::IndexThroughput)
            .into_iter()
            .collect(),
        Drift::Ttl { found, .. } => vec![Change::Ttl {
            turn_off_first: found.as_deref(),
        }],
        Drift::Billing { .. } => vec![Change::Billing],
        Drift::TableClass { .. } => vec![Change::TableClass],
        Drift::Stream { found, .. } => vec![Change::Stream {
            turn_off_first: found.is_some(),
        }],
        Drift::DeletionProtection { .. } => vec![Change::DeletionProtection],
        Drift::Encryption { .. } => vec![Change::Encryption],
        Drift::MissingTags { tags } => vec![Change::AddTags(tags)],
        Drift::ExtraTags { keys } => vec![Change::RemoveTags(keys)],
    }
}

/// The index `name` of the schema.
fn declared_index<'a>(definition: &'a TableDefinition, name: &str) -> Option<&'a IndexSchema> {
    definition.indexes.iter().find(|index| index.name == name)
}

/// The table a sync works on.
struct TableSync<'a> {
    db: &'a Db,
    table: &'a str,
    definition: &'a TableDefinition,
    timeout: Duration,
}

impl TableSync<'_> {
    /// Creates the table when it is missing; `true` when it did.
    async fn create_if_missing(&self) -> Result<bool> {
        match describe(self.db, self.table).await {
            Ok(_) => Ok(false),
            Err(Error::TableNotFound { .. }) => {
                match create(self.db, self.definition, false, self.timeout).await {
                    Ok(_) => Ok(true),
                    // Someone created it since DescribeTable: sync it as any existing table.
                    Err(Error::TableAlreadyExists { .. }) => Ok(false),
                    Err(other) => Err(other),
                }
            }
            Err(other) => Err(other),
        }
    }

    /// Makes the changes that fix `drifts`, in [`Change`] order.
    async fn apply(&self, drifts: &[Drift], mut description: TableDescription) -> Result<()> {
        for drift in drifts {
            tracing::info!(%drift, "sync_table fixes a drift");
        }
        // An index whose keys and projection both changed is rebuilt once; a rebuilt index
        // gets its capacity when it is created.
        let mut planned: Vec<Change<'_>> = Vec::new();
        for change in drifts
            .iter()
            .flat_map(|drift| changes(drift, self.definition))
        {
            if !planned.contains(&change) {
                planned.push(change);
            }
        }
        let created: Vec<&str> = planned
            .iter()
            .filter_map(|change| match change {
                Change::CreateIndex(index) => Some(index.name),
                _ => None,
            })
            .collect();
        planned.retain(
            |change| !matches!(change, Change::IndexThroughput(index) if created.contains(&index.name)),
        );
        planned.sort_by_key(Change::rank);
        for change in planned {
            description = self.make(change, description).await?;
        }
        Ok(())
    }

    /// Makes one change to the table `description` describes, and describes it after.
    async fn make(
        &self,
        change: Change<'_>,
        mut description: TableDescription,
    ) -> Result<TableDescription> {
        let options = self.definition.options;
        match change {
            Change::DeleteIndex(name) => {
                let delete = DeleteGlobalSecondaryIndexAction::builder()
                    .index_name(name)
                    .build()
                    .expect("index name is set");
                let update = GlobalSecondaryIndexUpdate::builder().delete(delete).build();
                let request = self.request().global_secondary_index_updates(update);
                self.update(request, |table| !has_index(table, name)).await
            }
            Change::Billing => {
                let mut request = self.request().billing_mode(options.billing.mode());
                if let Billing::Provisioned(units) = options.billing {
                    request = request.provisioned_throughput(units.to_sdk());
                    // Leaving on-demand, every global index needs its own capacity.
                    if billing_of(&description) == Billing::OnDemand {
                        for live in description.global_secondary_indexes() {
                            let Some(name) = live.index_name() else {
                                continue;
                            };
                            // An index the schema does not declare gets the table's capacity.
                            let index_units = declared_index(self.definition, name)
                                .and_then(|index| self.definition.index_throughput(index))
                                .unwrap_or(units);
                            request =
                                request.global_secondary_index_updates(capacity(name, index_units));
                        }
                    }
                }
                self.update(request, |_| true).await
            }
            Change::IndexThroughput(index) => {
                let Some(units) = self.definition.index_throughput(index) else {
                    return Ok(description);
                };
                let request = self
                    .request()
                    .global_secondary_index_updates(capacity(index.name, units));
                self.update(request, |_| true).await
            }
            Change::CreateIndex(index) => {
                let global = self.definition.global_index(index);
                let create = CreateGlobalSecondaryIndexAction::builder()
                    .index_name(global.index_name())
                    .set_key_schema(Some(global.key_schema().to_vec()))
                    .set_projection(global.projection().cloned())
                    .set_provisioned_throughput(global.provisioned_throughput().cloned())
                    .build()
                    .expect("index name and key schema are set");
                let mut request = self.request().global_secondary_index_updates(
                    GlobalSecondaryIndexUpdate::builder().create(create).build(),
                );
                // The table's definitions, once each, of the table's and this index's keys.
                let table_keys =
                    std::iter::once(&self.definition.hash_key).chain(&self.definition.range_key);
                let needed: Vec<&str> = table_keys
                    .chain(index.key_attributes())
                    .map(|key| key.name)
                    .collect();
                for key in &self.definition.attributes {
                    if needed.contains(&key.name) {
                        request = request.attribute_definitions(attribute_definition(*key));
                    }
                }
                self.update(request, |table| has_index(table, index.name))
                    .await
            }
            Change::TableClass => {
                let request = self.request().table_class(options.table_class.to_sdk());
                self.update(request, |_| true).await
            }
            Change::Stream { turn_off_first } => {
                if turn_off_first {
                    let off = StreamSpecification::builder()
                        .stream_enabled(false)
                        .build()
                        .expect("stream enabled is set");
                    description = self
                        .update(self.request().stream_specification(off), |_| true)
                        .await?;
                }
                match options.stream {
                    Some(view) => {
                        let request = self.request().stream_specification(view.to_sdk());
                        self.update(request, |_| true).await
                    }
                    None => Ok(description),
                }
            }
            Change::DeletionProtection => {
                let request = self
                    .request()
                    .deletion_protection_enabled(options.deletion_protection);
                self.update(request, |_| true).await
            }
            Change::Encryption => {
                // No specification keeps the current key: the key DynamoDB owns is asked for.
                let sse = options
                    .encryption
                    .to_sdk()
                    .unwrap_or_else(|| SseSpecification::builder().enabled(false).build());
                self.update(self.request().sse_specification(sse), |_| true)
                    .await
            }
            Change::Ttl { turn_off_first } => {
                if let Some(attribute) = turn_off_first {
                    self.turn_ttl_off(attribute).await?;
                }
                if let Some(attribute) = self.definition.ttl {
                    enable_ttl(self.db, self.table, attribute).await?;
                }
                Ok(description)
            }
            Change::AddTags(tags) => {
                let tags: Vec<(&str, &str)> = tags
                    .iter()
                    .map(|(key, value)| (key.as_str(), value.as_str()))
                    .collect();
                self.db
                    .client()
                    .tag_resource()
                    .resource_arn(table_arn(&description, self.table)?)
                    .set_tags(Some(sdk_tags(&tags)))
                    .send()
                    .await
                    .map_err(|error| Error::from_sdk("TagResource", self.table, error))?;
                Ok(description)
            }
            Change::RemoveTags(keys) => {
                self.db
                    .client()
                    .untag_resource()
                    .resource_arn(table_arn(&description, self.table)?)
                    .set_tag_keys(Some(keys.to_vec()))
                    .send()
                    .await
                    .map_err(|error| Error::from_sdk("UntagResource", self.table, error))?;
                Ok(description)
            }
        }
    }

    fn request(&self) -> UpdateTableFluentBuilder {
        self.db.client().update_table().table_name(self.table)
    }

    /// Sends an UpdateTable and waits until it is done (`done` holds and everything is ACTIVE).
    async fn update(
        &self,
        request: UpdateTableFluentBuilder,
        done: impl Fn(&TableDescription) -> bool,
    ) -> Result<TableDescription> {
        request
            .send()
            .await
            .map_err(|error| Error::from_sdk("UpdateTable", self.table, error))?;
        self.settled(done).await
    }

    async fn turn_ttl_off(&self, attribute: &str) -> Result<()> {
        let specification = TimeToLiveSpecification::builder()
            .enabled(false)
            .attribute_name(attribute)
            .build()
            .expect("enabled and attribute name are set");
        self.db
            .client()
            .update_time_to_live()
            .table_name(self.table)
            .time_to_live_specification(specification)
            .send()
            .await
            .map_err(|error| Error::from_sdk("UpdateTimeToLive", self.table, error))?;
        Ok(())
    }

    /// Polls until the table and every global index are ACTIVE, no index is backfilling, and
    /// `done` holds; gives the last description.
    async fn settled(&self, done: impl Fn(&TableDescription) -> bool) -> Result<TableDescription> {
        let mut poll = Poll::new(self.timeout);
        loop {
            let description = describe(self.db, self.table).await?;
            let status = match busy(&description) {
                None if done(&description) => return Ok(description),
                None => "ACTIVE, the change not visible yet".to_owned(),
                Some(status) => status,
            };
            poll.wait_reporting(self.table, status).await?;
        }
    }
}

impl Change<'_> {
    fn rank(&self) -> u8 {
        match self {
            Change::DeleteIndex(_) => 0,
            Change::Billing => 1,
            Change::IndexThroughput(_) => 2,
            Change::CreateIndex(_) => 3,
            Change::TableClass => 4,
            Change::Stream { .. } => 5,
            Change::DeletionProtection => 6,
            Change::Encryption => 7,
            Change::Ttl { .. } => 8,
            Change::AddTags(_) => 9,
            Change::RemoveTags(_) => 10,
        }
    }
}

/// What the table is busy with, if anything: its own status when not ACTIVE, else the first
/// global index being created, updated, deleted or backfilled.
fn busy(description: &TableDescription) -> Option<String> {
    match description.table_status() {
        Some(TableStatus::Active) => {}
        Some(status) => return Some(status.as_str().to_owned()),
        None => return Some("unknown".to_owned()),
    }
    description
        .global_secondary_indexes()
        .iter()
        .find_map(|index| {
            let name = index.index_name().unwrap_or("?");
            match index.index_status() {
                Some(IndexStatus::Active) if index.backfilling() == Some(true) => {
                    Some(format!("index `{name}` backfilling"))
                }
                Some(IndexStatus::Active) => None,
                Some(status) => Some(format!("index `{name}` {}", status.as_str())),
                None => Some(format!("index `{name}` of unknown status")),
            }
        })
}

fn has_index(description: &TableDescription, name: &str) -> bool {
    description
        .global_secondary_indexes()
        .iter()
        .any(|index| index.index_name() == Some(name))
}

/// The update that sets a global index's capacity.
fn capacity(index: &str, units: Throughput) -> GlobalSecondaryIndexUpdate {
    let update = UpdateGlobalSecondaryIndexAction::builder()
        .index_name(index)
        .provisioned_throughput(units.to_sdk())
        .build()
        .expect("index name is set");
    GlobalSecondaryIndexUpdate::builder().update(update).build()
}
