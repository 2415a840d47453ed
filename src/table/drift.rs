//! The vocabulary of `check_table` and `sync_table`: a [`Drift`] is one difference between a
//! live table and its schema, with what the schema expects and what DynamoDB has, and its
//! [`Remedy`].

use crate::schema::{IndexKind, KeyAttribute, Projection, ScalarType};
use crate::table_options::{Billing, Encryption, StreamView, TableClass, Throughput};
use std::fmt;

/// One difference between a live table and its schema. Each carries what the schema expects
/// and what DynamoDB has; [`remedy`](Drift::remedy) says whether
/// [`sync_table`](crate::Db::sync_table) can fix it.
///
/// ```
/// use dynamoxide::{Drift, Remedy};
///
/// let drift = Drift::Ttl { expected: Some("expires_at".into()), found: None };
/// assert_eq!(drift.remedy(), Remedy::Apply);
/// assert_eq!(drift.to_string(), "TTL is off, expected on `expires_at` (sync_table turns it on)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Drift {
    /// The table does not exist; nothing else is compared.
    MissingTable,
    /// The table's key differs. A key never changes: migrate to a new table.
    KeySchema {
        /// The key of the schema.
        expected: KeySchema,
        /// The table's key.
        found: KeySchema,
    },
    /// An index of the schema is missing: a global one can be created, a local one only
    /// with the table.
    MissingIndex {
        /// The index name.
        name: String,
        /// Global or local.
        kind: IndexKind,
    },
    /// The table has an index the schema does not declare: a global one can be deleted
    /// (destructively), a local one never.
    ExtraIndex {
        /// The index name.
        name: String,
        /// Global or local.
        kind: IndexKind,
    },
    /// An index has other keys: a global one can be deleted and created again
    /// (destructively), a local one never.
    IndexKeys {
        /// The index name.
        name: String,
        /// Global or local.
        kind: IndexKind,
        /// The keys of the schema.
        expected: KeySchema,
        /// The index's keys.
        found: KeySchema,
    },
    /// An index projects other attributes: a global one can be deleted and created again
    /// (destructively), a local one never.
    IndexProjection {
        /// The index name.
        name: String,
        /// Global or local.
        kind: IndexKind,
        /// The projection of the schema.
        expected: ProjectedAttributes,
        /// The index's projection.
        found: ProjectedAttributes,
    },
    /// A global index of a provisioned table has other capacity.
    IndexThroughput {
        /// The index name.
        name: String,
        /// The capacity of the schema.
        expected: Throughput,
        /// The index's capacity, when DynamoDB reports one.
        found: Option<Throughput>,
    },
    /// The TTL attribute differs (`None`: TTL off). Turning it on is safe; turning it off or
    /// moving it to another attribute is destructive, and DynamoDB may refuse a second TTL
    /// change within an hour.
    Ttl {
        /// The `#[dynamo(ttl)]` attribute.
        expected: Option<String>,
        /// The attribute DynamoDB expires items by.
        found: Option<String>,
    },
    /// The billing mode or the table's provisioned capacity differs.
    Billing {
        /// The billing of the schema.
        expected: Billing,
        /// The table's billing.
        found: Billing,
    },
    /// The table class differs.
    TableClass {
        /// The class of the schema.
        expected: TableClass,
        /// The table's class.
        found: TableClass,
    },
    /// The stream differs (`None`: no stream). Turning it on or changing its view is applied
    /// (DynamoDB changes a view by turning the stream off and on: readers move to the new
    /// stream's ARN); turning it off is destructive.
    Stream {
        /// The stream of the schema.
        expected: Option<StreamView>,
        /// The table's stream.
        found: Option<StreamView>,
    },
    /// Deletion protection differs.
    DeletionProtection {
        /// Whether the schema turns it on.
        expected: bool,
        /// Whether the table has it.
        found: bool,
    },
    /// The table is encrypted with another key.
    Encryption {
        /// The key of the schema.
        expected: EncryptionKey,
        /// The table's key.
        found: EncryptionKey,
    },
    /// Tags of the schema the table lacks, or has with another value.
    MissingTags {
        /// The tags to set, as `(key, value)`.
        tags: Vec<(String, String)>,
    },
    /// Tags the table has and the schema does not declare (AWS's own `aws:` tags aside);
    /// removing them is destructive.
    ExtraTags {
        /// The tag keys.
        keys: Vec<String>,
    },
}

/// What [`sync_table`](crate::Db::sync_table) can do about a [`Drift`].
///
/// ```
/// use dynamoxide::{Drift, IndexKind, Remedy};
///
/// let extra = Drift::ExtraIndex { name: "by_name".into(), kind: IndexKind::Global };
/// assert_eq!(extra.remedy(), Remedy::Destructive);
/// let extra_local = Drift::ExtraIndex { name: "by_total".into(), kind: IndexKind::Local };
/// assert_eq!(extra_local.remedy(), Remedy::Impossible);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Remedy {
    /// Fixed by `sync_table`; nothing stored is lost.
    Apply,
    /// Fixed by `sync_table` only after
    /// [`allow_destructive`](crate::SyncTable::allow_destructive): it deletes an index, a
    /// stream, TTL or tags (a changed index is deleted and built again, and is missing from
    /// queries meanwhile).
    Destructive,
    /// DynamoDB cannot change it in place (a table's key, a local index): migrate to a new
    /// table.
    Impossible,
}

impl Drift {
    /// Whether `sync_table` can fix this difference, and at what cost.
    ///
    /// ```
    /// use dynamoxide::{Drift, Remedy};
    /// assert_eq!(Drift::MissingTable.remedy(), Remedy::Apply);
    /// assert_eq!(Drift::ExtraTags { keys: vec!["env".into()] }.remedy(), Remedy::Destructive);
    /// ```
    pub fn remedy(&self) -> Remedy {
        match self {
            Drift::KeySchema { .. } => Remedy::Impossible,
            Drift::MissingIndex { kind, .. } => match kind {
                IndexKind::Global => Remedy::Apply,
                IndexKind::Local => Remedy::Impossible,
            },
            Drift::ExtraIndex { kind, .. }
            | Drift::IndexKeys { kind, .. }
            | Drift::IndexProjection { kind, .. } => match kind {
                IndexKind::Global => Remedy::Destructive,
                IndexKind::Local => Remedy::Impossible,
            },
            // Changing a stream's view ends the current stream (its readers lose their ARN);
            // turning deletion protection off removes a safeguard.
            Drift::Ttl { found: Some(_), .. }
            | Drift::Stream { found: Some(_), .. }
            | Drift::DeletionProtection {
                expected: false, ..
            }
            | Drift::ExtraTags { .. } => Remedy::Destructive,
            Drift::MissingTable
            | Drift::IndexThroughput { .. }
            | Drift::Ttl { found: None, .. }
            | Drift::Billing { .. }
            | Drift::TableClass { .. }
            | Drift::Stream { found: None, .. }
            | Drift::DeletionProtection { expected: true, .. }
            | Drift::Encryption { .. }
            | Drift::MissingTags { .. } => Remedy::Apply,
        }
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const DESTRUCTIVE: &str = "with allow_destructive";
        const MIGRATE: &str = "migrate to a new table";
        match self {
            Drift::MissingTable => write!(f, "the table does not exist (sync_table creates it)"),
            Drift::KeySchema { expected, found } => write!(
                f,
                "key schema differs: expected {expected}, found {found} — a table's key cannot \
                 change; {MIGRATE}"
            ),
            Drift::MissingIndex {
                name,
                kind: IndexKind::Global,
            } => {
                write!(f, "index `{name}` is missing (sync_table creates it)")
            }
            Drift::MissingIndex {
                name,
                kind: IndexKind::Local,
            } => write!(
                f,
                "local index `{name}` is missing — local indexes are made only with the table; \
                 {MIGRATE}"
            ),
            Drift::ExtraIndex {
                name,
                kind: IndexKind::Global,
            } => write!(
                f,
                "index `{name}` is not in the schema (sync_table deletes it {DESTRUCTIVE})"
            ),
            Drift::ExtraIndex {
                name,
                kind: IndexKind::Local,
            } => write!(
                f,
                "local index `{name}` is not in the schema — local indexes cannot be deleted"
            ),
            Drift::IndexKeys {
                name,
                kind,
                expected,
                found,
            } => {
                let index = index_label(name, *kind);
                write!(
                    f,
                    "keys of {index} differ: expected {expected}, found {found}"
                )?;
                write_rebuild(f, *kind)
            }
            Drift::IndexProjection {
                name,
                kind,
                expected,
                found,
            } => {
                let index = index_label(name, *kind);
                write!(
                    f,
                    "projection of {index} differs: expected {expected}, found {found}"
                )?;
                write_rebuild(f, *kind)
            }
            Drift::IndexThroughput {
                name,
                expected,
                found,
            } => write!(
                f,
                "throughput of index `{name}` differs: expected {}, found {} (sync_table \
                 updates it)",
                throughput(*expected),
                found.map_or_else(|| "none".to_owned(), throughput)
            ),
            Drift::Ttl { expected, found } => {
                write!(
                    f,
                    "TTL is {}, expected {} ",
                    ttl(found.as_deref()),
                    ttl(expected.as_deref())
                )?;
                match (expected, found) {
                    (_, None) => write!(f, "(sync_table turns it on)"),
                    (None, Some(_)) => write!(f, "(sync_table turns it off {DESTRUCTIVE})"),
                    (Some(_), Some(_)) => write!(
                        f,
                        "(sync_table moves it {DESTRUCTIVE}; DynamoDB may refuse a second TTL \
                         change within an hour)"
                    ),
                }
            }
            Drift::Billing { expected, found } => write!(
                f,
                "billing differs: expected {}, found {} (sync_table changes it)",
                billing(*expected),
                billing(*found)
            ),
            Drift::TableClass { expected, found } => write!(
                f,
                "table class differs: expected {}, found {} (sync_table changes it)",
                expected.to_sdk().as_str(),
                found.to_sdk().as_str()
            ),
            Drift::Stream { expected, found } => {
                let (expected_text, found_text) = (stream(*expected), stream(*found));
                write!(
                    f,
                    "stream differs: expected {expected_text}, found {found_text} "
                )?;
                match (expected, found) {
                    (Some(_), None) => write!(f, "(sync_table turns it on)"),
                    (Some(_), Some(_)) => write!(
                        f,
                        "(sync_table ends the current stream and starts another {DESTRUCTIVE})"
                    ),
                    (None, _) => write!(f, "(sync_table turns it off {DESTRUCTIVE})"),
                }
            }
            Drift::DeletionProtection { expected, found } => write!(
                f,
                "deletion protection is {}, expected {} (sync_table changes it{})",
                on_off(*found),
                on_off(*expected),
                if *expected {
                    ""
                } else {
                    " with allow_destructive"
                }
            ),
            Drift::Encryption { expected, found } => write!(
                f,
                "encryption differs: expected {expected}, found {found} (sync_table changes it)"
            ),
            Drift::MissingTags { tags } => {
                let tags: Vec<String> = tags
                    .iter()
                    .map(|(key, value)| format!("{key}={value}"))
                    .collect();
                write!(
                    f,
                    "tags {} are missing or differ (sync_table sets them)",
                    tags.join(", ")
                )
            }
            Drift::ExtraTags { keys } => write!(
                f,
                "tags {} are not in the schema (sync_table removes them {DESTRUCTIVE})",
                keys.join(", ")
            ),
        }
    }
}

fn index_label(name: &str, kind: IndexKind) -> String {
    match kind {
        IndexKind::Global => format!("index `{name}`"),
        IndexKind::Local => format!("local index `{name}`"),
    }
}

fn write_rebuild(f: &mut fmt::Formatter<'_>, kind: IndexKind) -> fmt::Result {
    match kind {
        IndexKind::Global => write!(
            f,
            " (sync_table deletes and recreates the index with allow_destructive)"
        ),
        IndexKind::Local => write!(f, " — local indexes cannot change; migrate to a new table"),
    }
}

fn throughput(units: Throughput) -> String {
    format!("read {}, write {}", units.read, units.write)
}

fn billing(billing: Billing) -> String {
    match billing {
        Billing::OnDemand => "on demand".to_owned(),
        Billing::Provisioned(units) => format!("provisioned ({})", throughput(units)),
    }
}

fn ttl(attribute: Option<&str>) -> String {
    attribute.map_or_else(|| "off".to_owned(), |attribute| format!("on `{attribute}`"))
}

fn stream(stream: Option<StreamView>) -> &'static str {
    match stream {
        None => "none",
        Some(StreamView::KeysOnly) => "KEYS_ONLY",
        Some(StreamView::NewImage) => "NEW_IMAGE",
        Some(StreamView::OldImage) => "OLD_IMAGE",
        Some(StreamView::NewAndOldImages) => "NEW_AND_OLD_IMAGES",
    }
}

fn on_off(on: bool) -> &'static str {
    if on {
        "on"
    } else {
        "off"
    }
}

/// A key as DynamoDB stores it: the hash key and, for a composite key, the range key, of a
/// table or an index.
///
/// ```
/// use dynamoxide::{KeyElement, KeySchema, ScalarType};
///
/// let key = KeySchema {
///     hash: KeyElement { name: "pk".into(), scalar_type: ScalarType::String },
///     range: Some(KeyElement { name: "sk".into(), scalar_type: ScalarType::Number }),
/// };
/// assert_eq!(key.to_string(), "pk (S), sk (N)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySchema {
    /// The partition key.
    pub hash: KeyElement,
    /// The sort key.
    pub range: Option<KeyElement>,
}

impl KeySchema {
    /// The key a schema declares.
    ///
    /// ```
    /// # use dynamoxide::Model;
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "users")]
    /// # struct User { #[dynamo(hash_key)] id: String }
    /// use dynamoxide::KeySchema;
    /// let key = KeySchema::new(User::SCHEMA.hash_key, User::SCHEMA.range_key);
    /// assert_eq!(key.to_string(), "id (S)");
    /// ```
    pub fn new(hash: KeyAttribute, range: Option<KeyAttribute>) -> Self {
        KeySchema {
            hash: hash.into(),
            range: range.map(KeyElement::from),
        }
    }
}

impl fmt::Display for KeySchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.hash)?;
        match &self.range {
            Some(range) => write!(f, ", {range}"),
            None => Ok(()),
        }
    }
}

/// One attribute of a [`KeySchema`]: its name and type.
///
/// ```
/// use dynamoxide::{KeyAttribute, KeyElement, ScalarType};
/// let element = KeyElement::from(KeyAttribute { name: "id", scalar_type: ScalarType::String });
/// assert_eq!(element.to_string(), "id (S)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyElement {
    /// The stored attribute name.
    pub name: String,
    /// Its type.
    pub scalar_type: ScalarType,
}

impl From<KeyAttribute> for KeyElement {
    fn from(key: KeyAttribute) -> Self {
        KeyElement {
            name: key.name.to_owned(),
            scalar_type: key.scalar_type,
        }
    }
}

impl fmt::Display for KeyElement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name, self.scalar_type.as_str())
    }
}

/// The attributes an index holds besides the keys, as [`Projection`] but owned, and with the
/// included attributes sorted (DynamoDB keeps no order).
///
/// ```
/// use dynamoxide::{ProjectedAttributes, Projection};
/// let projected = ProjectedAttributes::from(Projection::Include(&["title", "author"]));
/// assert_eq!(projected, ProjectedAttributes::Include(vec!["author".into(), "title".into()]));
/// assert_eq!(projected.to_string(), "keys and author, title");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectedAttributes {
    /// Every attribute.
    All,
    /// The table's and the index's keys only.
    KeysOnly,
    /// The keys and these attributes, sorted.
    Include(Vec<String>),
}

impl From<Projection> for ProjectedAttributes {
    fn from(projection: Projection) -> Self {
        match projection {
            Projection::All => ProjectedAttributes::All,
            Projection::KeysOnly => ProjectedAttributes::KeysOnly,
            Projection::Include(names) => {
                ProjectedAttributes::include(names.iter().map(|&name| name.to_owned()).collect())
            }
        }
    }
}

impl ProjectedAttributes {
    /// `Include` of `names`, sorted.
    pub(super) fn include(mut names: Vec<String>) -> Self {
        names.sort_unstable();
        ProjectedAttributes::Include(names)
    }
}

impl fmt::Display for ProjectedAttributes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProjectedAttributes::All => write!(f, "all attributes"),
            ProjectedAttributes::KeysOnly => write!(f, "keys only"),
            ProjectedAttributes::Include(names) => write!(f, "keys and {}", names.join(", ")),
        }
    }
}

/// The key a table is encrypted with, as [`Encryption`] but owned. DescribeTable names a KMS
/// key by its ARN only, so a table on the AWS managed key reads as [`Kms`](EncryptionKey::Kms)
/// with that key's ARN; it matches a schema's `aws_managed`, as any KMS key does, and a
/// schema's key given by alias matches any KMS key (telling them apart needs KMS itself).
///
/// ```
/// use dynamoxide::{Encryption, EncryptionKey};
/// assert_eq!(EncryptionKey::from(Encryption::Kms("alias/ledger")), EncryptionKey::Kms("alias/ledger".into()));
/// assert_eq!(EncryptionKey::AwsOwned.to_string(), "the key DynamoDB owns");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EncryptionKey {
    /// A key DynamoDB owns.
    AwsOwned,
    /// The AWS managed KMS key `aws/dynamodb`.
    AwsManaged,
    /// A KMS key: as the schema names it (id, ARN or alias), or as DynamoDB reports it (ARN).
    Kms(String),
}

impl From<Encryption> for EncryptionKey {
    fn from(encryption: Encryption) -> Self {
        match encryption {
            Encryption::AwsOwned => EncryptionKey::AwsOwned,
            Encryption::AwsManaged => EncryptionKey::AwsManaged,
            Encryption::Kms(key) => EncryptionKey::Kms(key.to_owned()),
        }
    }
}

impl fmt::Display for EncryptionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncryptionKey::AwsOwned => write!(f, "the key DynamoDB owns"),
            EncryptionKey::AwsManaged => write!(f, "the AWS managed key"),
            EncryptionKey::Kms(key) => write!(f, "the KMS key `{key}`"),
        }
    }
}
