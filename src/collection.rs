//! Collections: the models of one partition of a shared table, read by one query into one
//! Rust enum (ElectroDB's collections). `#[derive(Collection)]` implements [`Collection`].

use crate::index::{ProjectsAll, RangeKeyed};
use crate::schema::{ScalarType, TableSchema};
use crate::template::TemplatePart;
use crate::{Item, Result};

/// An enum with one variant per model of a partition, dispatched by the entity-type
/// attribute. Derived, never implemented by hand:
///
/// ```no_run
/// use dynamoxide::{Collection, Db, Model};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Model, Serialize, Deserialize)]
/// #[dynamo(table = "app", hash_key = "ORG#{id}", range_key = "#ORG")]
/// struct Org { id: String, name: String }
///
/// #[derive(Model, Serialize, Deserialize)]
/// #[dynamo(table = "app", hash_key = "ORG#{org_id}", range_key = "MEMBER#{user_id}")]
/// struct Member { org_id: String, user_id: String }
///
/// #[derive(Collection)]
/// enum OrgItems {
///     Org(Org),
///     Member(Member),
/// }
///
/// # async fn run(db: Db) -> dynamoxide::Result<()> {
/// for item in db.query_collection::<OrgItems>().hash("acme").all().await? {
///     match item {
///         OrgItems::Org(org) => println!("org {}", org.name),
///         OrgItems::Member(member) => println!("member {}", member.user_id),
///     }
/// }
/// # Ok(()) }
/// ```
///
/// The derive checks at compile time that every model lives in the same table and
/// partition (table name, hash key and its template, entity-type attribute), that each has
/// its own entity name, and that indexes of the same name have the same keys.
pub trait Collection: Sized + Send + 'static {
    /// The partition the collection lives in (generated): the table of the first variant's
    /// model, queried by its hash value, with range conditions on the stored sort key.
    type Index: ProjectsAll + RangeKeyed<RangeKey = String>;

    /// The schemas of the variants' models, in declaration order.
    const SCHEMAS: &'static [&'static TableSchema];

    /// The entity names of the variants, in declaration order.
    const ENTITIES: &'static [&'static str];

    /// Reads a stored item into the variant its entity type names; an item of another entity
    /// is [`Error::WrongEntity`](crate::Error::WrongEntity).
    fn from_item(item: Item) -> Result<Self>;
}

/// The entity name an item of the collection holds.
#[doc(hidden)]
pub fn entity_of<C: Collection>(item: &Item) -> Option<&str> {
    let attribute = C::SCHEMAS.first()?.entity?.attribute;
    match item.get(attribute) {
        Some(crate::types::AttributeValue::S(name)) => Some(name),
        _ => None,
    }
}

/// The error for an item of no variant.
#[doc(hidden)]
pub fn unknown_entity<C: Collection>(item: &Item) -> crate::Error {
    crate::Error::WrongEntity {
        model: std::any::type_name::<C>(),
        expected: C::ENTITIES.first().copied().unwrap_or_default(),
        found: entity_of::<C>(item).map(str::to_owned),
    }
}

/// The entity name of a model in a collection (checked at compile time to exist).
#[doc(hidden)]
pub const fn entity_name(schema: &TableSchema) -> &'static str {
    match schema.entity {
        Some(entity) => entity.name,
        None => "",
    }
}

/// Whether two models share a table and partition: the same table, the same hash and range
/// key attributes, the same hash key template, the same entity-type attribute. Compile-time
/// check of the derive.
#[doc(hidden)]
pub const fn same_partition(a: &TableSchema, b: &TableSchema) -> bool {
    if !same_str(a.table_name, b.table_name) || !same_key(Some(a.hash_key), Some(b.hash_key)) {
        return false;
    }
    if !same_key(a.range_key, b.range_key) {
        return false;
    }
    if let (Some(x), Some(y)) = (a.entity, b.entity) {
        if !same_str(x.attribute, y.attribute) {
            return false;
        }
    }
    let (a_template, b_template) = (template_parts(a), template_parts(b));
    if a_template.len() != b_template.len() {
        return false;
    }
    let mut i = 0;
    while i < a_template.len() {
        let same = match (a_template[i], b_template[i]) {
            (TemplatePart::Text(x), TemplatePart::Text(y)) => same_str(x, y),
            (
                TemplatePart::Field { scalar_type: x, .. },
                TemplatePart::Field { scalar_type: y, .. },
            ) => same_scalar(x, y),
            _ => false,
        };
        if !same {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether two models' indexes of the same name have the same keys and kind.
#[doc(hidden)]
pub const fn compatible_indexes(a: &TableSchema, b: &TableSchema) -> bool {
    let mut i = 0;
    while i < a.indexes.len() {
        let mut j = 0;
        while j < b.indexes.len() {
            let (x, y) = (&a.indexes[i], &b.indexes[j]);
            if same_str(x.name, y.name) {
                let same_kind = matches!(
                    (x.kind, y.kind),
                    (crate::IndexKind::Global, crate::IndexKind::Global)
                        | (crate::IndexKind::Local, crate::IndexKind::Local)
                );
                let same_range = match (x.range_key, y.range_key) {
                    (None, None) => true,
                    (Some(r), Some(s)) => {
                        same_str(r.name, s.name) && same_scalar(r.scalar_type, s.scalar_type)
                    }
                    _ => false,
                };
                if !same_kind
                    || !same_range
                    || !same_str(x.hash_key.name, y.hash_key.name)
                    || !same_scalar(x.hash_key.scalar_type, y.hash_key.scalar_type)
                {
                    return false;
                }
            }
            j += 1;
        }
        i += 1;
    }
    true
}

/// Whether two models have the same entity name.
#[doc(hidden)]
pub const fn same_entity(a: &TableSchema, b: &TableSchema) -> bool {
    same_str(entity_name(a), entity_name(b))
}

const fn same_key(a: Option<crate::KeyAttribute>, b: Option<crate::KeyAttribute>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => same_str(x.name, y.name) && same_scalar(x.scalar_type, y.scalar_type),
        _ => false,
    }
}

const fn template_parts(schema: &TableSchema) -> &'static [TemplatePart] {
    let mut i = 0;
    while i < schema.templates.len() {
        if same_str(schema.templates[i].attribute, schema.hash_key.name) {
            return schema.templates[i].parts;
        }
        i += 1;
    }
    &[]
}

const fn same_scalar(a: ScalarType, b: ScalarType) -> bool {
    matches!(
        (a, b),
        (ScalarType::String, ScalarType::String)
            | (ScalarType::Number, ScalarType::Number)
            | (ScalarType::Binary, ScalarType::Binary)
    )
}

const fn same_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}
