//! One table as the models stored in it declare it together: the union of their indexes and
//! attribute definitions, checked for disagreements. `create_table`, `check_table` and
//! `sync_table` all start from it.

use crate::error::{Error, Result};
use crate::schema::{IndexSchema, KeyAttribute, TableSchema};
use crate::table_options::{Billing, TableOptions, Throughput};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, GlobalSecondaryIndex, KeySchemaElement, KeyType, LocalSecondaryIndex,
};

/// The models stored in one table, as a builder collects them (`.with::<N>()`,
/// `.with_collection::<C>()`): each once, in the order given.
#[derive(Debug, Clone)]
pub(crate) struct TableModels(Vec<&'static TableSchema>);

impl TableModels {
    /// `M` alone.
    pub(crate) fn of<M: crate::Model>() -> Self {
        TableModels(vec![M::SCHEMA])
    }

    /// Adds models, skipping those already in.
    pub(crate) fn add(&mut self, schemas: &[&'static TableSchema]) {
        for schema in schemas {
            if !self.0.contains(schema) {
                self.0.push(schema);
            }
        }
    }

    /// Their table, merged.
    pub(crate) fn definition(&self) -> Result<TableDefinition> {
        TableDefinition::merge(&self.0)
    }
}

/// The table one or several models share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableDefinition {
    /// The table name before the `Db`'s prefix and suffix.
    pub(crate) table_name: &'static str,
    pub(crate) hash_key: KeyAttribute,
    pub(crate) range_key: Option<KeyAttribute>,
    /// Every key attribute of the table and its indexes, once each.
    pub(crate) attributes: Vec<KeyAttribute>,
    /// Every index of every model, once each, in the order first declared.
    pub(crate) indexes: Vec<IndexSchema>,
    pub(crate) ttl: Option<&'static str>,
    pub(crate) options: TableOptions,
}

impl TableDefinition {
    /// Merges the schemas of the models stored in one table. They must agree on the table
    /// name, the primary key, the TTL attribute, the options (a model may leave them at the
    /// defaults) and on every index and attribute type they both name.
    pub(crate) fn merge(schemas: &[&'static TableSchema]) -> Result<Self> {
        let first = schemas
            .first()
            .expect("a table definition has at least one model");
        let mut definition = TableDefinition {
            table_name: first.table_name,
            hash_key: first.hash_key,
            range_key: first.range_key,
            attributes: Vec::new(),
            indexes: Vec::new(),
            ttl: first.ttl,
            options: first.options,
        };
        let mut owners: Vec<&'static str> = Vec::new();
        let mut options_from = first.model_name;
        let mut ttl_from = first.model_name;
        for (position, schema) in schemas.iter().enumerate() {
            let conflict = |reason: String| Error::TableConflict {
                table: first.table_name.to_owned(),
                reason,
            };
            let (a, b) = (first.model_name, schema.model_name);
            if schema.table_name != first.table_name {
                return Err(conflict(format!(
                    "`{a}` is stored in `{}` and `{b}` in `{}`",
                    first.table_name, schema.table_name
                )));
            }
            if (schema.hash_key, schema.range_key) != (first.hash_key, first.range_key) {
                return Err(conflict(format!(
                    "`{a}` has the key {} and `{b}` has {}",
                    describe_keys(first.hash_key, first.range_key),
                    describe_keys(schema.hash_key, schema.range_key)
                )));
            }
            let earlier = schemas[..position]
                .iter()
                .filter(|other| !std::ptr::eq(**other, *schema));
            for other in earlier {
                if let (Some(mine), Some(theirs)) = (schema.entity, other.entity) {
                    if mine.attribute != theirs.attribute {
                        return Err(conflict(format!(
                            "`{}` keeps its entity type in `{}` and `{b}` in `{}`",
                            other.model_name, theirs.attribute, mine.attribute
                        )));
                    }
                    if mine.name == theirs.name {
                        return Err(conflict(format!(
                            "`{}` and `{b}` have the same entity name `{}`: give one \
                             #[dynamo(entity = \"...\")]",
                            other.model_name, mine.name
                        )));
                    }
                }
            }
            match (definition.ttl, schema.ttl) {
                (Some(known), Some(ttl)) if known != ttl => {
                    return Err(conflict(format!(
                        "`{ttl_from}` expires items by `{known}` and `{b}` by `{ttl}`; a table \
                         has one TTL attribute"
                    )))
                }
                (None, Some(ttl)) => {
                    definition.ttl = Some(ttl);
                    ttl_from = b;
                }
                _ => {}
            }
            if schema.options != definition.options && schema.options != TableOptions::DEFAULT {
                if definition.options != TableOptions::DEFAULT {
                    return Err(conflict(format!(
                        "`{options_from}` and `{b}` declare different table options \
                         (billing, class, tags, stream, deletion protection or encryption); \
                         declare them on one model"
                    )));
                }
                definition.options = schema.options;
                options_from = b;
            }
            for index in schema.indexes {
                match definition
                    .indexes
                    .iter()
                    .position(|known| known.name == index.name)
                {
                    Some(position) if definition.indexes[position] != *index => {
                        return Err(conflict(format!(
                            "`{}` and `{b}` define the index `{}` differently",
                            owners[position], index.name
                        )))
                    }
                    Some(_) => {}
                    None => {
                        definition.indexes.push(*index);
                        owners.push(b);
                    }
                }
            }
        }
        let mut attributes: Vec<(KeyAttribute, &'static str)> = Vec::new();
        let keyed = schemas.iter().flat_map(|schema| {
            let index_keys = schema.indexes.iter().flat_map(IndexSchema::key_attributes);
            schema
                .key_attributes()
                .chain(index_keys)
                .map(move |key| (*key, schema.model_name))
        });
        for (key, model) in keyed {
            match attributes.iter().find(|(known, _)| known.name == key.name) {
                Some((known, _)) if known.scalar_type == key.scalar_type => {}
                Some((known, owner)) => {
                    return Err(Error::TableConflict {
                        table: first.table_name.to_owned(),
                        reason: format!(
                            "the key attribute `{}` is {} in `{owner}` and {} in `{model}`",
                            key.name,
                            known.scalar_type.as_str(),
                            key.scalar_type.as_str()
                        ),
                    })
                }
                None => attributes.push((key, model)),
            }
        }
        definition.attributes = attributes.into_iter().map(|(key, _)| key).collect();
        Ok(definition)
    }

    /// The table's key schema.
    pub(crate) fn key_schema(&self) -> Vec<KeySchemaElement> {
        key_schema(std::iter::once(&self.hash_key).chain(self.range_key.as_ref()))
    }

    /// The `AttributeDefinitions` of a CreateTable.
    pub(crate) fn attribute_definitions(&self) -> Vec<AttributeDefinition> {
        self.attributes
            .iter()
            .map(|key| attribute_definition(*key))
            .collect()
    }

    /// The throughput an index gets: its own, else the table's when provisioned.
    pub(crate) fn index_throughput(&self, index: &IndexSchema) -> Option<Throughput> {
        match self.options.billing {
            Billing::OnDemand => None,
            Billing::Provisioned(table) => Some(index.throughput.unwrap_or(table)),
        }
    }

    /// The global indexes as CreateTable (and UpdateTable's `Create`) takes them.
    pub(crate) fn global_index(&self, index: &IndexSchema) -> GlobalSecondaryIndex {
        GlobalSecondaryIndex::builder()
            .index_name(index.name)
            .set_key_schema(Some(key_schema(index.key_attributes())))
            .projection(index.projection.to_sdk())
            .set_provisioned_throughput(self.index_throughput(index).map(Throughput::to_sdk))
            .build()
            .expect("index name and key schema are set")
    }

    /// A local index as CreateTable takes it.
    pub(crate) fn local_index(&self, index: &IndexSchema) -> LocalSecondaryIndex {
        LocalSecondaryIndex::builder()
            .index_name(index.name)
            .set_key_schema(Some(key_schema(index.key_attributes())))
            .projection(index.projection.to_sdk())
            .build()
            .expect("index name, key schema and projection are set")
    }
}

/// `id (S)` or `customer (S), number (N)`.
fn describe_keys(hash: KeyAttribute, range: Option<KeyAttribute>) -> String {
    std::iter::once(hash)
        .chain(range)
        .map(|key| format!("{} ({})", key.name, key.scalar_type.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One attribute definition.
pub(crate) fn attribute_definition(key: KeyAttribute) -> AttributeDefinition {
    AttributeDefinition::builder()
        .attribute_name(key.name)
        .attribute_type(key.scalar_type.to_sdk())
        .build()
        .expect("attribute name and type are set")
}

/// A key schema: the first attribute the hash key, the second (if any) the range key.
pub(crate) fn key_schema<'a>(
    keys: impl Iterator<Item = &'a KeyAttribute>,
) -> Vec<KeySchemaElement> {
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
