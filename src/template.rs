//! Single-table design: key attributes composed from fields by a template (`"ORG#{org_id}"`)
//! and the entity-type attribute that tells the models of one table apart.

use crate::schema::{ScalarType, TableSchema};
use crate::Item;
use aws_sdk_dynamodb::types::AttributeValue;

/// A stored attribute composed from fields: `#[dynamo(hash_key = "ORG#{org_id}")]` on the
/// struct writes `pk = "ORG#" + org_id` on every item and keys reads by it.
///
/// ```
/// use dynamoxide::{Model, TemplatePart};
///
/// #[derive(Model, serde::Serialize, serde::Deserialize)]
/// #[dynamo(table = "app", hash_key = "ORG#{org_id}", range_key = "MEMBER#{user_id}")]
/// struct Member {
///     org_id: String,
///     user_id: u64,
/// }
///
/// let pk = &Member::SCHEMA.templates[0];
/// assert_eq!(pk.attribute, "pk");
/// assert_eq!(pk.parts[0], TemplatePart::Text("ORG#"));
/// assert_eq!(Member::SCHEMA.templates[1].to_string(), "MEMBER#{user_id}");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyTemplate {
    /// The stored attribute the template composes.
    pub attribute: &'static str,
    /// Literal text and fields, in order.
    pub parts: &'static [TemplatePart],
}

/// A piece of a [`KeyTemplate`].
///
/// ```
/// use dynamoxide::{ScalarType, TemplatePart};
/// let part = TemplatePart::Field { name: "user_id", scalar_type: ScalarType::Number };
/// assert_ne!(part, TemplatePart::Text("user_id"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplatePart {
    /// Literal text.
    Text(&'static str),
    /// A field's stored value, as text (a string as it is, a number in decimal).
    Field {
        /// The field's stored attribute name.
        name: &'static str,
        /// Whether the field is a string or a number.
        scalar_type: ScalarType,
    },
}

/// The entity-type attribute: `#[dynamo(entity = "Member")]`, implied by key templates.
/// Every write stores `attribute = name`, and every read checks it, so reading another
/// model's item is [`Error::WrongEntity`](crate::Error::WrongEntity) instead of garbage.
///
/// ```
/// use dynamoxide::{Entity, Model};
///
/// #[derive(Model, serde::Serialize, serde::Deserialize)]
/// #[dynamo(table = "app", hash_key = "ORG#{id}", range_key = "#ORG")]
/// struct Org {
///     id: String,
/// }
///
/// assert_eq!(Org::SCHEMA.entity, Some(Entity { attribute: "__type", name: "Org" }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entity {
    /// The stored attribute (default `__type`).
    pub attribute: &'static str,
    /// This model's value of it (default the struct's name).
    pub name: &'static str,
}

impl KeyTemplate {
    /// The fields the template reads, in order.
    ///
    /// ```
    /// # use dynamoxide::Model;
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "app", hash_key = "ORG#{org}#TEAM#{team}")]
    /// # struct Team { org: String, team: String }
    /// let fields: Vec<_> = Team::SCHEMA.templates[0].fields().collect();
    /// assert_eq!(fields, ["org", "team"]);
    /// ```
    pub fn fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.parts.iter().filter_map(|part| match part {
            TemplatePart::Field { name, .. } => Some(*name),
            TemplatePart::Text(_) => None,
        })
    }

    /// The literal text before the first field: every value of the template starts with it.
    ///
    /// ```
    /// # use dynamoxide::Model;
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "app", hash_key = "ORG#{org}", range_key = "MEMBER#{id}")]
    /// # struct Member { org: String, id: String }
    /// assert_eq!(Member::SCHEMA.templates[1].prefix(), "MEMBER#");
    /// ```
    pub fn prefix(&self) -> &'static str {
        match self.parts.first() {
            Some(TemplatePart::Text(text)) => text,
            _ => "",
        }
    }

    /// The value from the stored attributes of an item; `Ok(None)` when a field is missing
    /// (a sparse index skips the item), `Err` for a value that is not a string or number or
    /// that holds the text after its field (it could not be told apart, or read back).
    pub(crate) fn compose<'a>(
        &self,
        value_of: impl Fn(&str) -> Option<&'a AttributeValue>,
    ) -> Result<Option<String>, String> {
        let mut text = String::new();
        for (position, part) in self.parts.iter().enumerate() {
            match part {
                TemplatePart::Text(literal) => text.push_str(literal),
                TemplatePart::Field { name, .. } => match value_of(name) {
                    None | Some(AttributeValue::Null(_)) => return Ok(None),
                    Some(value) => self.push_value(&mut text, position, value)?,
                },
            }
        }
        Ok(Some(text))
    }

    /// The value from the template's field values in order (a query's key value: the one
    /// value, or a list of them for several fields). With `open_end` (a `begins_with`
    /// prefix), the literal text after the last field is left out.
    pub(crate) fn compose_values(
        &self,
        value: &AttributeValue,
        open_end: bool,
    ) -> Result<String, String> {
        let fields = self.fields().count();
        let values: Vec<&AttributeValue> = match value {
            AttributeValue::L(list) if fields != 1 => list.iter().collect(),
            _ if fields == 0 => Vec::new(),
            single => vec![single],
        };
        if values.len() != fields {
            return Err(format!(
                "the template `{self}` takes {fields} value(s), not {}",
                values.len()
            ));
        }
        let mut values = values.into_iter();
        let mut text = String::new();
        let last_field = self
            .parts
            .iter()
            .rposition(|part| matches!(part, TemplatePart::Field { .. }));
        for (position, part) in self.parts.iter().enumerate() {
            match part {
                TemplatePart::Text(_)
                    if open_end && last_field.is_some_and(|last| position > last) => {}
                TemplatePart::Text(literal) => text.push_str(literal),
                TemplatePart::Field { .. } => {
                    let value = values.next().expect("as many values as fields");
                    self.push_value(&mut text, position, value)?;
                }
            }
        }
        Ok(text)
    }

    /// Appends the text of the value of the field at `position`.
    fn push_value(
        &self,
        text: &mut String,
        position: usize,
        value: &AttributeValue,
    ) -> Result<(), String> {
        let TemplatePart::Field { name, .. } = self.parts[position] else {
            unreachable!("a field's position");
        };
        let value = match value {
            AttributeValue::S(string) => string,
            AttributeValue::N(number) => number,
            _ => {
                return Err(format!(
                    "`{name}` is part of the key template `{self}`, so it must be a string or \
                     a number"
                ))
            }
        };
        if let Some(TemplatePart::Text(next)) = self.parts.get(position + 1) {
            // The composed value must show the text first right after this value: a value
            // that holds it, or ends with its beginning (`acme#TEAM` before `#TEAM#`), would
            // be read back otherwise and could compose the same key as another.
            let joined = format!("{value}{next}");
            if joined.find(next) != Some(value.len()) {
                return Err(format!(
                    "`{name}` is part of the key template `{self}`, so it cannot contain \
                     `{next}` or end with its beginning: {value:?} would make keys that \
                     cannot be told apart"
                ));
            }
        }
        text.push_str(value);
        Ok(())
    }

    /// The field values a composed value holds, read back by the literal text between them
    /// (a field ends where the next literal text starts). `None` when `text` does not match.
    pub(crate) fn parse(&self, text: &str) -> Option<Vec<(&'static str, AttributeValue)>> {
        let mut rest = text;
        let mut values = Vec::new();
        let mut parts = self.parts.iter().peekable();
        while let Some(part) = parts.next() {
            match part {
                TemplatePart::Text(literal) => rest = rest.strip_prefix(literal)?,
                TemplatePart::Field { name, scalar_type } => {
                    let end = match parts.peek() {
                        Some(TemplatePart::Text(next)) => rest.find(next)?,
                        _ => rest.len(),
                    };
                    let (field, tail) = rest.split_at(end);
                    rest = tail;
                    let value = match scalar_type {
                        ScalarType::Number => AttributeValue::N(field.to_owned()),
                        _ => AttributeValue::S(field.to_owned()),
                    };
                    values.push((*name, value));
                }
            }
        }
        rest.is_empty().then_some(values)
    }
}

impl std::fmt::Display for KeyTemplate {
    /// The template as written: `ORG#{org_id}` (stored field names).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for part in self.parts {
            match part {
                TemplatePart::Text(text) => {
                    f.write_str(&text.replace('{', "{{").replace('}', "}}"))?
                }
                TemplatePart::Field { name, .. } => write!(f, "{{{name}}}")?,
            }
        }
        Ok(())
    }
}

impl TableSchema {
    /// The template that composes the stored attribute `attribute`, if one does.
    ///
    /// ```
    /// # use dynamoxide::Model;
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "app", hash_key = "ORG#{id}", range_key = "#ORG")]
    /// # struct Org { id: String }
    /// assert!(Org::SCHEMA.template("pk").is_some());
    /// assert!(Org::SCHEMA.template("id").is_none());
    /// ```
    pub fn template(&self, attribute: &str) -> Option<&KeyTemplate> {
        self.templates
            .iter()
            .find(|template| template.attribute == attribute)
    }

    /// The templates of the table's own key attributes, in key order.
    pub(crate) fn key_templates(&self) -> impl Iterator<Item = &KeyTemplate> {
        self.key_attributes()
            .filter_map(|attribute| self.template(attribute.name))
    }

    /// The templates of secondary index keys (a local index's hash key is the table's).
    pub(crate) fn index_templates(&self) -> impl Iterator<Item = &KeyTemplate> {
        self.templates.iter().filter(|template| {
            !self
                .key_attributes()
                .any(|key| key.name == template.attribute)
        })
    }

    /// Whether `name` is an attribute the schema writes for its own bookkeeping (a composed
    /// key or the entity type), not a field.
    pub(crate) fn is_derived(&self, name: &str) -> bool {
        self.template(name).is_some() || self.entity.is_some_and(|entity| entity.attribute == name)
    }
}

/// Adds the composed attributes and the entity type to an item written from its fields.
pub(crate) fn add_derived(schema: &TableSchema, item: &mut Item) -> Result<(), String> {
    for template in schema.templates {
        match template.compose(|name| item.get(name))? {
            Some(value) => {
                item.insert(template.attribute.to_owned(), AttributeValue::S(value));
            }
            None => {
                item.remove(template.attribute);
            }
        }
    }
    if let Some(entity) = schema.entity {
        item.insert(
            entity.attribute.to_owned(),
            AttributeValue::S(entity.name.to_owned()),
        );
    }
    Ok(())
}

/// A key item of key field values made into the stored key: each primary-key template
/// composed from them, and nothing else.
pub(crate) fn compose_key(schema: &TableSchema, fields: &Item) -> Result<Item, String> {
    let mut key = Item::with_capacity(2);
    for template in schema.key_templates() {
        let value = template
            .compose(|name| fields.get(name))?
            .ok_or_else(|| format!("a field of `{template}` is missing"))?;
        key.insert(template.attribute.to_owned(), AttributeValue::S(value));
    }
    Ok(key)
}

/// The key fields' values read back from a stored key by its templates (exactly: a field's
/// value never holds the text that follows it).
pub(crate) fn key_fields(schema: &TableSchema, key: &Item) -> Option<Item> {
    let mut fields = Item::new();
    for template in schema.key_templates() {
        let Some(AttributeValue::S(composed)) = key.get(template.attribute) else {
            return None;
        };
        for (name, value) in template.parse(composed)? {
            fields.insert(name.to_owned(), value);
        }
    }
    Some(fields)
}

/// Keeps the index keys templates compose in step with an update of the item at `key`: an
/// update that writes a field of an index template `SET`s the composed attribute again, from
/// the values it writes and the key's own fields, or `REMOVE`s it when it removes a field
/// (the item leaves the sparse index). A field the update changes in another way (`ADD`,
/// arithmetic, `if_not_exists`) is refused: the composed value would not be known.
pub(crate) fn recompose_index_keys<M: crate::Model>(
    mut update: crate::expr::UpdateExpression<M>,
    key: &Item,
) -> crate::Result<crate::expr::UpdateExpression<M>> {
    let schema = M::SCHEMA;
    let mut key_values: Option<Item> = None;
    for template in schema.index_templates() {
        let touched = |name: &str| update.paths().any(|path| path.root() == Some(name));
        if touched(template.attribute) || !template.fields().any(touched) {
            continue;
        }
        if template
            .fields()
            .any(|field| matches!(update.plain_write(field), Some(None)))
        {
            update = update.remove_attribute(template.attribute);
            continue;
        }
        let key_values = key_values.get_or_insert_with(|| known_key_values(schema, key));
        let mut values = Item::new();
        for field in template.fields() {
            let value = match update.plain_write(field) {
                Some(Some(value)) => {
                    value
                        .get()
                        .map_err(|reason| crate::Error::InvalidExpression {
                            reason: format!("`{field}` cannot be serialized: {reason}"),
                        })?
                }
                _ => key_values
                    .get(field)
                    .ok_or_else(|| crate::Error::InvalidExpression {
                        reason: format!(
                            "the index key `{}` is composed by `{template}`: an update that \
                         changes one of its fields must set all of them that are not key \
                         fields with plain values (or use put or upsert)",
                            template.attribute
                        ),
                    })?,
            };
            values.insert(field.to_owned(), value.clone());
        }
        let composed = template
            .compose(|name| values.get(name))
            .map_err(|reason| crate::Error::InvalidExpression { reason })?
            .expect("every field has a value");
        update = update.set_unless_written(template.attribute, AttributeValue::S(composed));
    }
    Ok(update)
}

/// What an update that may create the item at `key` writes besides its actions, so that the
/// new item is whole: the entity type, and the fields the key templates read (both only if
/// missing, so an existing item keeps its own).
pub(crate) fn identity_if_missing<M: crate::Model>(
    mut update: crate::expr::UpdateExpression<M>,
    key: &Item,
) -> crate::expr::UpdateExpression<M> {
    let schema = M::SCHEMA;
    if let Some(entity) = schema.entity {
        update = update.set_stored(
            entity.attribute,
            AttributeValue::S(entity.name.to_owned()),
            true,
        );
    }
    let known = known_key_values(schema, key);
    let fields = schema
        .key_templates()
        .flat_map(KeyTemplate::fields)
        .filter_map(|name| Some((name, known.get(name)?.clone())));
    for (name, value) in fields {
        update = update.set_stored(name, value, true);
    }
    // An index key composed from key fields alone is known too: the new item joins that
    // index as a put would have it.
    let untouched = schema.index_templates().filter(|template| {
        !update
            .paths()
            .any(|path| path.root() == Some(template.attribute))
    });
    let composed: Vec<(&'static str, String)> = untouched
        .filter_map(|template| {
            let composed = template.compose(|name| known.get(name)).ok()??;
            Some((template.attribute, composed))
        })
        .collect();
    for (attribute, value) in composed {
        update = update.set_stored(attribute, AttributeValue::S(value), true);
    }
    update
}

/// What the key tells of the item's fields: the key attributes themselves, and the fields
/// the key templates read.
fn known_key_values(schema: &TableSchema, key: &Item) -> Item {
    let mut known = key.clone();
    known.extend(key_fields(schema, key).unwrap_or_default());
    known
}

/// The stored key of `M` from its key fields' values (generated `ModelKey::to_item`).
#[doc(hidden)]
pub fn key_from_fields<M: crate::Model>(fields: Item) -> crate::Result<Item> {
    let key = compose_key(M::SCHEMA, &fields).map_err(|reason| crate::Error::InvalidKey {
        model: M::SCHEMA.model_name,
        attribute: M::SCHEMA.hash_key.name.to_owned(),
        reason,
    })?;
    crate::codec::check_key::<M>(&key)?;
    Ok(key)
}

/// The key fields' values of `M` in a stored item or key (generated `ModelKey::from_item`).
#[doc(hidden)]
pub fn fields_from_key<M: crate::Model>(item: &Item) -> crate::Result<Item> {
    key_fields(M::SCHEMA, item).ok_or_else(|| crate::Error::InvalidKey {
        model: M::SCHEMA.model_name,
        attribute: M::SCHEMA.hash_key.name.to_owned(),
        reason: "does not match the model's key template".to_owned(),
    })
}
