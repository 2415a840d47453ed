//! `check_table`: the live table (DescribeTable, DescribeTimeToLive, ListTagsOfResource)
//! compared with the schema, one [`Drift`] per difference.

use super::drift::{Drift, EncryptionKey, KeyElement, KeySchema, ProjectedAttributes};
use super::{describe, TableDefinition, TableModels};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::ops::{span, OperationFuture};
use crate::schema::{IndexKind, ScalarType};
use crate::table_options::{Billing, Encryption, StreamView, TableClass, Throughput};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, KeySchemaElement, KeyType, Projection as SdkProjection,
    ProjectionType, ProvisionedThroughputDescription, ScalarAttributeType, SseStatus, SseType,
    StreamViewType, TableClass as SdkTableClass, TableDescription, TimeToLiveStatus,
};
use std::fmt;
use std::future::IntoFuture;
use std::marker::PhantomData;
use tracing::Instrument;

/// Compares `M`'s live table with its schema; made by [`Db::check_table`]. Awaiting it gives
/// a [`TableReport`] listing every [`Drift`], and changes nothing.
///
/// It reads DescribeTable, DescribeTimeToLive and ListTagsOfResource. DynamoDB Local keeps no
/// tags and reports neither the table class nor the encryption, so on it (recognised by the
/// region `ddblocal` of its table ARNs) those three are not compared.
///
/// ```no_run
/// # use dynamoxide::{Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String }
/// # async fn run(db: Db) -> dynamoxide::Result<()> {
/// let report = db.check_table::<User>().await?;
/// for drift in &report.drifts {
///     println!("{drift}");
/// }
/// # Ok(()) }
/// ```
#[must_use = "an operation does nothing until it is awaited"]
pub struct CheckTable<'db, M: Model> {
    db: &'db Db,
    models: TableModels,
    ignore_capacity: bool,
    model: PhantomData<M>,
}

impl Db {
    /// Compares `M`'s live table with its schema. See [`CheckTable`].
    pub fn check_table<M: Model>(&self) -> CheckTable<'_, M> {
        CheckTable {
            db: self,
            models: TableModels::of::<M>(),
            ignore_capacity: false,
            model: PhantomData,
        }
    }
}

impl<M: Model> CheckTable<'_, M> {
    /// Compares with the union of `M`'s and `N`'s schemas, for a table both are stored in
    /// (as [`CreateTable::with`](crate::CreateTable::with) creates it).
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
    /// let report = db.check_table::<Org>().with::<Member>().await?;
    /// assert!(report.is_in_sync(), "{report}");
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
    /// let report = db.check_table::<Org>().with_collection::<OrgItems>().await?;
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
    /// let report = db.check_table::<User>().ignore_capacity().await?;
    /// # Ok(()) }
    /// ```
    pub fn ignore_capacity(mut self) -> Self {
        self.ignore_capacity = true;
        self
    }

    async fn run(self) -> Result<TableReport> {
        let definition = self.models.definition()?;
        let table = self
            .db
            .physical_table_name(definition.table_name)
            .into_owned();
        let drifts = match describe(self.db, &table).await {
            Err(Error::TableNotFound { .. }) => vec![Drift::MissingTable],
            Err(other) => return Err(other),
            Ok(description) => {
                let live = LiveTable::read(self.db, &table, description).await?;
                live.drifts(&definition, &table, self.ignore_capacity)?
            }
        };
        Ok(TableReport { table, drifts })
    }
}

impl<'db, M: Model> IntoFuture for CheckTable<'db, M> {
    type Output = Result<TableReport>;
    type IntoFuture = OperationFuture<'db, TableReport>;

    fn into_future(self) -> Self::IntoFuture {
        let span = span("CheckTable", &self.db.table_name::<M>());
        Box::pin(self.run().instrument(span))
    }
}

/// What [`check_table`](Db::check_table) found: the table and how it differs from the schema.
///
/// ```no_run
/// # use dynamoxide::{Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # struct User { #[dynamo(hash_key)] id: String }
/// # async fn run(db: Db) -> dynamoxide::Result<()> {
/// let report = db.check_table::<User>().await?;
/// if !report.is_in_sync() {
///     eprintln!("{report}"); // one line per difference
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableReport {
    /// The table name, with the `Db`'s prefix and suffix.
    pub table: String,
    /// Every difference, table first, then indexes, TTL, settings and tags.
    pub drifts: Vec<Drift>,
}

impl TableReport {
    /// Whether the table matches the schema.
    ///
    /// ```
    /// let report = dynamoxide::TableReport { table: "users".into(), drifts: Vec::new() };
    /// assert!(report.is_in_sync());
    /// ```
    pub fn is_in_sync(&self) -> bool {
        self.drifts.is_empty()
    }
}

impl fmt::Display for TableReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_drifts(f, &self.table, &self.drifts)
    }
}

/// `table `x` matches the schema`, or a line per drift.
pub(super) fn write_drifts(
    f: &mut fmt::Formatter<'_>,
    table: &str,
    drifts: &[Drift],
) -> fmt::Result {
    if drifts.is_empty() {
        return write!(f, "table `{table}` matches the schema");
    }
    write!(f, "table `{table}` differs from the schema:")?;
    drifts.iter().try_for_each(|drift| write!(f, "\n- {drift}"))
}

/// Whether a table encrypted with `found` meets a schema's `expected` key, as far as
/// DescribeTable tells (see [`EncryptionKey`]).
fn encryption_matches(expected: Encryption, found: &EncryptionKey) -> bool {
    match (expected, found) {
        (Encryption::AwsOwned, EncryptionKey::AwsOwned) => true,
        (Encryption::AwsOwned, _) | (_, EncryptionKey::AwsOwned) => false,
        (Encryption::Kms(key), EncryptionKey::Kms(arn)) => {
            key.contains("alias/")
                || arn == key
                || arn
                    .strip_suffix(key)
                    .is_some_and(|rest| rest.ends_with(":key/"))
        }
        (Encryption::AwsManaged | Encryption::Kms(_), _) => true,
    }
}

/// A table as DynamoDB has it: its description, TTL attribute and tags.
pub(super) struct LiveTable {
    pub(super) description: TableDescription,
    ttl: Option<String>,
    /// `None` where tags are not compared (DynamoDB Local).
    tags: Option<Vec<(String, String)>>,
}

impl LiveTable {
    /// Reads the TTL and the tags of the table `description` describes.
    pub(super) async fn read(db: &Db, table: &str, description: TableDescription) -> Result<Self> {
        let output = db
            .client()
            .describe_time_to_live()
            .table_name(table)
            .send()
            .await
            .map_err(|error| Error::from_sdk("DescribeTimeToLive", table, error))?;
        let ttl = output
            .time_to_live_description()
            .filter(|ttl| {
                matches!(
                    ttl.time_to_live_status(),
                    Some(TimeToLiveStatus::Enabled | TimeToLiveStatus::Enabling)
                )
            })
            .and_then(|ttl| ttl.attribute_name())
            .map(str::to_owned);
        let tags = if is_dynamodb_local(&description) {
            None
        } else {
            Some(list_tags(db, table, table_arn(&description, table)?).await?)
        };
        Ok(LiveTable {
            description,
            ttl,
            tags,
        })
    }

    /// How the table differs from `definition`.
    pub(super) fn drifts(
        &self,
        definition: &TableDefinition,
        table: &str,
        ignore_capacity: bool,
    ) -> Result<Vec<Drift>> {
        let description = &self.description;
        let attributes = description.attribute_definitions();
        let options = definition.options;
        let mut drifts = Vec::new();

        let expected = KeySchema::new(definition.hash_key, definition.range_key);
        let found = found_keys(table, "the table", description.key_schema(), attributes)?;
        if found != expected {
            drifts.push(Drift::KeySchema { expected, found });
        }

        let found_billing = billing_of(description);
        let indexes = found_indexes(description);
        for index in &definition.indexes {
            let name = index.name.to_owned();
            let Some(live) = indexes
                .iter()
                .find(|live| (live.name, live.kind) == (index.name, index.kind))
            else {
                drifts.push(Drift::MissingIndex {
                    name,
                    kind: index.kind,
                });
                continue;
            };
            let what = format!("the index `{}`", index.name);
            let expected = KeySchema::new(index.hash_key, index.range_key);
            let found = found_keys(table, &what, live.keys, attributes)?;
            if found != expected {
                drifts.push(Drift::IndexKeys {
                    name: name.clone(),
                    kind: index.kind,
                    expected,
                    found,
                });
            }
            let expected = ProjectedAttributes::from(index.projection);
            let found = found_projection(table, &what, live.projection)?;
            if found != expected {
                drifts.push(Drift::IndexProjection {
                    name: name.clone(),
                    kind: index.kind,
                    expected,
                    found,
                });
            }
            // An on-demand table has no index capacity to compare (DynamoDB Local keeps
            // reporting the capacity an index had before the table went on demand).
            let provisioned = matches!(found_billing, Billing::Provisioned(_)) && !ignore_capacity;
            let expected = definition.index_throughput(index).filter(|_| provisioned);
            if let (Some(expected), IndexKind::Global) = (expected, index.kind) {
                if live.throughput != Some(expected) {
                    drifts.push(Drift::IndexThroughput {
                        name,
                        expected,
                        found: live.throughput,
                    });
                }
            }
        }
        for live in &indexes {
            if !definition
                .indexes
                .iter()
                .any(|index| (index.name, index.kind) == (live.name, live.kind))
            {
                drifts.push(Drift::ExtraIndex {
                    name: live.name.to_owned(),
                    kind: live.kind,
                });
            }
        }

        let expected = definition.ttl.map(str::to_owned);
        if expected != self.ttl {
            drifts.push(Drift::Ttl {
                expected,
                found: self.ttl.clone(),
            });
        }
        let billing_differs = if ignore_capacity {
            options.billing.mode() != found_billing.mode()
        } else {
            options.billing != found_billing
        };
        if billing_differs {
            drifts.push(Drift::Billing {
                expected: options.billing,
                found: found_billing,
            });
        }
        let local = is_dynamodb_local(description);
        let found = table_class_of(description);
        if !local && options.table_class != found {
            drifts.push(Drift::TableClass {
                expected: options.table_class,
                found,
            });
        }
        let found = stream_of(table, description)?;
        if options.stream != found {
            drifts.push(Drift::Stream {
                expected: options.stream,
                found,
            });
        }
        let found = description.deletion_protection_enabled().unwrap_or(false);
        if options.deletion_protection != found {
            drifts.push(Drift::DeletionProtection {
                expected: options.deletion_protection,
                found,
            });
        }
        let found = encryption_of(description);
        if !local && !encryption_matches(options.encryption, &found) {
            drifts.push(Drift::Encryption {
                expected: options.encryption.into(),
                found,
            });
        }
        if let Some(live_tags) = &self.tags {
            let missing: Vec<(String, String)> = options
                .tags
                .iter()
                .filter(|(key, value)| {
                    !live_tags
                        .iter()
                        .any(|(k, v)| (k.as_str(), v.as_str()) == (*key, *value))
                })
                .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
                .collect();
            if !missing.is_empty() {
                drifts.push(Drift::MissingTags { tags: missing });
            }
            // Tags under `aws:` are AWS's own (CloudFormation's stack name...): no one removes them.
            let mut extra: Vec<String> = live_tags
                .iter()
                .map(|(key, _)| key)
                .filter(|key| {
                    !key.starts_with("aws:")
                        && !options.tags.iter().any(|(k, _)| *k == key.as_str())
                })
                .cloned()
                .collect();
            extra.sort_unstable();
            if !extra.is_empty() {
                drifts.push(Drift::ExtraTags { keys: extra });
            }
        }
        Ok(drifts)
    }
}

/// Whether the table is one of DynamoDB Local, whose ARNs are in the region `ddblocal`: it
/// keeps no tags and reports neither table class nor encryption.
fn is_dynamodb_local(description: &TableDescription) -> bool {
    description
        .table_arn()
        .is_some_and(|arn| arn.starts_with("arn:aws:dynamodb:ddblocal:"))
}

/// The table's ARN, which tag requests name it by.
pub(super) fn table_arn<'a>(description: &'a TableDescription, table: &str) -> Result<&'a str> {
    description
        .table_arn()
        .ok_or_else(|| unreadable(table, "gives no table ARN".to_owned()))
}

async fn list_tags(db: &Db, table: &str, arn: &str) -> Result<Vec<(String, String)>> {
    let mut tags = Vec::new();
    let mut next_token = None;
    loop {
        let output = db
            .client()
            .list_tags_of_resource()
            .resource_arn(arn)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|error| Error::from_sdk("ListTagsOfResource", table, error))?;
        tags.extend(
            output
                .tags()
                .iter()
                .map(|tag| (tag.key().to_owned(), tag.value().to_owned())),
        );
        match output.next_token() {
            Some(token) => next_token = Some(token.to_owned()),
            None => return Ok(tags),
        }
    }
}

/// A description DynamoDB should not have given.
fn unreadable(table: &str, what: String) -> Error {
    Error::Setup {
        message: format!("DescribeTable of `{table}` {what}"),
        source: None,
    }
}

/// A secondary index as DescribeTable has it.
struct LiveIndex<'a> {
    name: &'a str,
    kind: IndexKind,
    keys: &'a [KeySchemaElement],
    projection: Option<&'a SdkProjection>,
    throughput: Option<Throughput>,
}

fn found_indexes(description: &TableDescription) -> Vec<LiveIndex<'_>> {
    let global = description
        .global_secondary_indexes()
        .iter()
        .filter_map(|index| {
            Some(LiveIndex {
                name: index.index_name()?,
                kind: IndexKind::Global,
                keys: index.key_schema(),
                projection: index.projection(),
                throughput: index.provisioned_throughput().map(throughput_of),
            })
        });
    let local = description
        .local_secondary_indexes()
        .iter()
        .filter_map(|index| {
            Some(LiveIndex {
                name: index.index_name()?,
                kind: IndexKind::Local,
                keys: index.key_schema(),
                projection: index.projection(),
                throughput: None,
            })
        });
    global.chain(local).collect()
}

/// The key of the table or one of its indexes (`what`), typed by the table's attribute
/// definitions.
fn found_keys(
    table: &str,
    what: &str,
    keys: &[KeySchemaElement],
    attributes: &[AttributeDefinition],
) -> Result<KeySchema> {
    let element = |key_type: KeyType| -> Result<Option<KeyElement>> {
        let Some(key) = keys.iter().find(|key| *key.key_type() == key_type) else {
            return Ok(None);
        };
        let name = key.attribute_name();
        let scalar_type = attributes
            .iter()
            .find(|attribute| attribute.attribute_name() == name)
            .and_then(|attribute| scalar_type_of(attribute.attribute_type()))
            .ok_or_else(|| {
                unreadable(
                    table,
                    format!("gives no type for `{name}`, a key of {what}"),
                )
            })?;
        Ok(Some(KeyElement {
            name: name.to_owned(),
            scalar_type,
        }))
    };
    let hash = element(KeyType::Hash)?
        .ok_or_else(|| unreadable(table, format!("gives {what} no hash key")))?;
    Ok(KeySchema {
        hash,
        range: element(KeyType::Range)?,
    })
}

fn scalar_type_of(attribute_type: &ScalarAttributeType) -> Option<ScalarType> {
    match attribute_type {
        ScalarAttributeType::S => Some(ScalarType::String),
        ScalarAttributeType::N => Some(ScalarType::Number),
        ScalarAttributeType::B => Some(ScalarType::Binary),
        _ => None,
    }
}

fn found_projection(
    table: &str,
    what: &str,
    projection: Option<&SdkProjection>,
) -> Result<ProjectedAttributes> {
    match projection.and_then(SdkProjection::projection_type) {
        Some(ProjectionType::All) => Ok(ProjectedAttributes::All),
        Some(ProjectionType::KeysOnly) => Ok(ProjectedAttributes::KeysOnly),
        Some(ProjectionType::Include) => Ok(ProjectedAttributes::include(
            projection.map_or_else(Vec::new, |projection| {
                projection.non_key_attributes().to_vec()
            }),
        )),
        other => Err(unreadable(
            table,
            format!("gives {what} the projection {other:?}"),
        )),
    }
}

fn throughput_of(units: &ProvisionedThroughputDescription) -> Throughput {
    let units_of = |count: Option<i64>| {
        count
            .and_then(|count| u64::try_from(count).ok())
            .unwrap_or(0)
    };
    Throughput {
        read: units_of(units.read_capacity_units()),
        write: units_of(units.write_capacity_units()),
    }
}

/// The table's billing. A table without a billing summary is provisioned: AWS gives none for
/// tables made before on-demand existed, DynamoDB Local none for any provisioned table.
pub(super) fn billing_of(description: &TableDescription) -> Billing {
    let mode = description
        .billing_mode_summary()
        .and_then(|summary| summary.billing_mode());
    if mode == Some(&BillingMode::PayPerRequest) {
        return Billing::OnDemand;
    }
    Billing::Provisioned(
        description
            .provisioned_throughput()
            .map_or(Throughput { read: 0, write: 0 }, throughput_of),
    )
}

/// The table's class: without a class summary, standard.
fn table_class_of(description: &TableDescription) -> TableClass {
    match description
        .table_class_summary()
        .and_then(|summary| summary.table_class())
    {
        Some(SdkTableClass::StandardInfrequentAccess) => TableClass::StandardInfrequentAccess,
        _ => TableClass::Standard,
    }
}

/// The table's stream: none without a specification, or with one turned off.
fn stream_of(table: &str, description: &TableDescription) -> Result<Option<StreamView>> {
    let Some(stream) = description
        .stream_specification()
        .filter(|stream| stream.stream_enabled())
    else {
        return Ok(None);
    };
    match stream.stream_view_type() {
        Some(StreamViewType::KeysOnly) => Ok(Some(StreamView::KeysOnly)),
        Some(StreamViewType::NewImage) => Ok(Some(StreamView::NewImage)),
        Some(StreamViewType::OldImage) => Ok(Some(StreamView::OldImage)),
        Some(StreamViewType::NewAndOldImages) => Ok(Some(StreamView::NewAndOldImages)),
        other => Err(unreadable(
            table,
            format!("gives a stream of view {other:?}"),
        )),
    }
}

/// The table's key: without an enabled KMS description, the one DynamoDB owns.
fn encryption_of(description: &TableDescription) -> EncryptionKey {
    let kms = description.sse_description().filter(|sse| {
        sse.sse_type() == Some(&SseType::Kms)
            && matches!(
                sse.status(),
                Some(SseStatus::Enabled | SseStatus::Enabling | SseStatus::Updating)
            )
    });
    match kms {
        None => EncryptionKey::AwsOwned,
        Some(sse) => sse
            .kms_master_key_arn()
            .map_or(EncryptionKey::AwsManaged, |arn| {
                EncryptionKey::Kms(arn.to_owned())
            }),
    }
}
