//! The table settings a model declares beside its keys (billing, table class, tags, stream,
//! deletion protection, encryption): `create_table` sends them, `check_table` compares them.

use aws_sdk_dynamodb::types::{
    BillingMode, ProvisionedThroughput, SseSpecification, SseType, StreamSpecification,
    StreamViewType, TableClass as SdkTableClass, Tag,
};

/// A table's settings, from the model's container attributes. Every one has a default, so a
/// model that declares none gets an on-demand, standard-class table without stream, tags or
/// deletion protection, encrypted with a key DynamoDB owns.
///
/// ```
/// use dynamoxide::{Billing, Encryption, Model, StreamView, TableClass, Throughput};
///
/// #[derive(Model, serde::Serialize, serde::Deserialize)]
/// #[dynamo(table = "ledger", billing = provisioned(read = 5, write = 2))]
/// #[dynamo(table_class = standard_ia, stream = new_and_old_images, deletion_protection)]
/// #[dynamo(tags("team" = "payments"), encryption = aws_managed)]
/// struct Entry {
///     #[dynamo(hash_key)]
///     id: String,
/// }
///
/// let options = Entry::SCHEMA.options;
/// assert_eq!(options.billing, Billing::Provisioned(Throughput { read: 5, write: 2 }));
/// assert_eq!(options.table_class, TableClass::StandardInfrequentAccess);
/// assert_eq!(options.stream, Some(StreamView::NewAndOldImages));
/// assert!(options.deletion_protection);
/// assert_eq!(options.tags, &[("team", "payments")]);
/// assert_eq!(options.encryption, Encryption::AwsManaged);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableOptions {
    /// `billing = on_demand` (the default) or `billing = provisioned(read = R, write = W)`.
    pub billing: Billing,
    /// `table_class = standard` (the default) or `table_class = standard_ia`.
    pub table_class: TableClass,
    /// `tags("key" = "value", ...)`.
    pub tags: &'static [(&'static str, &'static str)],
    /// `stream = keys_only | new_image | old_image | new_and_old_images`; none by default.
    pub stream: Option<StreamView>,
    /// `deletion_protection`: DynamoDB refuses to delete the table until it is turned off.
    pub deletion_protection: bool,
    /// `encryption = aws_owned` (the default), `aws_managed` or `kms("key id or ARN")`.
    pub encryption: Encryption,
}

impl TableOptions {
    /// What a model without table attributes gets.
    ///
    /// ```
    /// use dynamoxide::{Billing, TableOptions};
    /// assert_eq!(TableOptions::DEFAULT.billing, Billing::OnDemand);
    /// assert!(!TableOptions::DEFAULT.deletion_protection);
    /// ```
    pub const DEFAULT: TableOptions = TableOptions {
        billing: Billing::OnDemand,
        table_class: TableClass::Standard,
        tags: &[],
        stream: None,
        deletion_protection: false,
        encryption: Encryption::AwsOwned,
    };
}

impl Default for TableOptions {
    fn default() -> Self {
        TableOptions::DEFAULT
    }
}

/// How reads and writes are paid for.
///
/// ```
/// use dynamoxide::types::BillingMode;
/// use dynamoxide::{Billing, Throughput};
/// assert_eq!(Billing::OnDemand.mode(), BillingMode::PayPerRequest);
/// assert_eq!(Billing::Provisioned(Throughput { read: 1, write: 1 }).mode(), BillingMode::Provisioned);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Billing {
    /// Pay per request (`PAY_PER_REQUEST`).
    OnDemand,
    /// Provisioned capacity for the table; each global index has its own
    /// (`gsi(..., throughput(read = R, write = W))`), the table's unless given.
    Provisioned(Throughput),
}

impl Billing {
    /// The SDK's billing mode.
    pub fn mode(self) -> BillingMode {
        match self {
            Billing::OnDemand => BillingMode::PayPerRequest,
            Billing::Provisioned(_) => BillingMode::Provisioned,
        }
    }

    /// The provisioned capacity, if any.
    ///
    /// ```
    /// use dynamoxide::{Billing, Throughput};
    /// assert_eq!(Billing::OnDemand.throughput(), None);
    /// ```
    pub fn throughput(self) -> Option<Throughput> {
        match self {
            Billing::OnDemand => None,
            Billing::Provisioned(throughput) => Some(throughput),
        }
    }
}

/// Provisioned read and write capacity units.
///
/// ```
/// use dynamoxide::Throughput;
/// let sdk = Throughput { read: 5, write: 2 }.to_sdk();
/// assert_eq!((sdk.read_capacity_units(), sdk.write_capacity_units()), (5, 2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throughput {
    /// Read capacity units.
    pub read: u64,
    /// Write capacity units.
    pub write: u64,
}

impl Throughput {
    /// The SDK's spelling.
    pub fn to_sdk(self) -> ProvisionedThroughput {
        ProvisionedThroughput::builder()
            .read_capacity_units(saturating_i64(self.read))
            .write_capacity_units(saturating_i64(self.write))
            .build()
            .expect("read and write capacity are set")
    }
}

fn saturating_i64(units: u64) -> i64 {
    i64::try_from(units).unwrap_or(i64::MAX)
}

/// The storage class of a table.
///
/// ```
/// use dynamoxide::TableClass;
/// assert_eq!(TableClass::StandardInfrequentAccess.to_sdk().as_str(), "STANDARD_INFREQUENT_ACCESS");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableClass {
    /// `STANDARD`.
    Standard,
    /// `STANDARD_INFREQUENT_ACCESS`: cheaper storage, dearer reads and writes.
    StandardInfrequentAccess,
}

impl TableClass {
    /// The SDK's spelling.
    pub fn to_sdk(self) -> SdkTableClass {
        match self {
            TableClass::Standard => SdkTableClass::Standard,
            TableClass::StandardInfrequentAccess => SdkTableClass::StandardInfrequentAccess,
        }
    }
}

/// What a DynamoDB stream record carries.
///
/// ```
/// use dynamoxide::StreamView;
/// let sdk = StreamView::NewImage.to_sdk();
/// assert_eq!(sdk.stream_enabled(), true);
/// assert_eq!(sdk.stream_view_type().map(|view| view.as_str()), Some("NEW_IMAGE"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamView {
    /// The key attributes of the changed item.
    KeysOnly,
    /// The item after the change.
    NewImage,
    /// The item before the change.
    OldImage,
    /// Both.
    NewAndOldImages,
}

impl StreamView {
    /// The SDK's view type.
    pub fn view_type(self) -> StreamViewType {
        match self {
            StreamView::KeysOnly => StreamViewType::KeysOnly,
            StreamView::NewImage => StreamViewType::NewImage,
            StreamView::OldImage => StreamViewType::OldImage,
            StreamView::NewAndOldImages => StreamViewType::NewAndOldImages,
        }
    }

    /// An enabled stream specification of this view.
    pub fn to_sdk(self) -> StreamSpecification {
        StreamSpecification::builder()
            .stream_enabled(true)
            .stream_view_type(self.view_type())
            .build()
            .expect("stream enabled is set")
    }
}

/// Which key encrypts the table at rest.
///
/// ```
/// use dynamoxide::Encryption;
/// assert_eq!(Encryption::AwsOwned.to_sdk(), None);
/// let kms = Encryption::Kms("alias/ledger").to_sdk().unwrap();
/// assert_eq!(kms.kms_master_key_id(), Some("alias/ledger"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encryption {
    /// A key DynamoDB owns (free; the default).
    AwsOwned,
    /// The AWS managed KMS key `aws/dynamodb`.
    AwsManaged,
    /// A customer managed KMS key: its id, ARN or alias.
    Kms(&'static str),
}

impl Encryption {
    /// The SSE specification to send: none for the default key.
    pub fn to_sdk(self) -> Option<SseSpecification> {
        let kms = SseSpecification::builder()
            .enabled(true)
            .sse_type(SseType::Kms);
        match self {
            Encryption::AwsOwned => None,
            Encryption::AwsManaged => Some(kms.build()),
            Encryption::Kms(key) => Some(kms.kms_master_key_id(key).build()),
        }
    }
}

/// The tags as the SDK takes them.
pub(crate) fn sdk_tags(tags: &[(&str, &str)]) -> Vec<Tag> {
    tags.iter()
        .map(|(key, value)| {
            Tag::builder()
                .key(*key)
                .value(*value)
                .build()
                .expect("tag key and value are set")
        })
        .collect()
}
