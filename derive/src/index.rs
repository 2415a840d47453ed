//! Secondary indexes: the checked description of every `gsi(...)` and `lsi(...)`, built from
//! the parsed attributes and the model's fields.

use crate::attr::{IndexAttrs, IndexKind, ProjectionAttr};
use crate::ctxt::Ctxt;
use crate::model::check_resource_name;
use crate::options::ThroughputAttr;
use crate::template::{KeyTemplateAttr, TemplateDescription};
use heck::ToUpperCamelCase;
use quote::format_ident;
use std::collections::HashSet;
use syn::{Ident, LitStr, Type};

/// DynamoDB's hard limit on local secondary indexes per table.
const MAX_LOCAL_INDEXES: usize = 5;

/// DynamoDB's hard limit on attributes named in `INCLUDE` projections, over all indexes.
const MAX_PROJECTED_ATTRIBUTES: usize = 100;

/// DynamoDB's limit on attributes named in one index's `INCLUDE` projection.
const MAX_INCLUDED_PER_INDEX: usize = 20;

/// The name of the generated type for the table's own key, in the index module.
pub const TABLE_TYPE: &str = "Table";

/// What the index checks need to know of one field.
pub struct FieldInfo {
    pub ident: Ident,
    pub ty: Type,
    pub stored_name: String,
    pub is_table_key: bool,
    /// Why the field has no stored attribute of its own (skipped, flattened), if it has none.
    pub not_stored: Option<&'static str>,
    /// Written by a serde `with` codec, so its stored type is unknown to the derive.
    pub custom_codec: bool,
}

pub struct IndexDescription {
    pub name: LitStr,
    /// The generated marker type (`ByEmail` for `by_email`).
    pub type_ident: Ident,
    pub kind: IndexKind,
    pub hash_key: IndexKey,
    pub range_key: Option<IndexKey>,
    pub projection: Projection,
    /// `throughput(read = R, write = W)` of a global index on a provisioned table.
    pub throughput: Option<ThroughputAttr>,
}

/// A key attribute of an index.
pub struct IndexKey {
    pub stored_name: String,
    /// The type of its values: `T` for an `Option<T>` field (a sparse index); for a template,
    /// the type (or tuple of types) of its fields.
    pub value_ty: Type,
    /// The template composing it, for a key attribute made of fields.
    pub template: Option<TemplateDescription>,
    /// Composed by a template (this index's, or the table's for a local index): a string.
    pub composed: bool,
}

pub enum Projection {
    All,
    KeysOnly,
    /// Stored names of the non-key attributes copied into the index.
    Include(Vec<String>),
}

impl Projection {
    /// Makes the index hold `attribute` too (`keys_only` becomes `include([attribute])`).
    pub fn include(&mut self, attribute: &str) {
        match self {
            Projection::All => {}
            Projection::KeysOnly => *self = Projection::Include(vec![attribute.to_owned()]),
            Projection::Include(names) => {
                if !names.iter().any(|name| name == attribute) {
                    names.push(attribute.to_owned());
                }
            }
        }
    }
}

/// Checks every index against the fields and the table key; reports each mistake at its token.
pub fn describe(
    cx: &mut Ctxt,
    indexes: &[IndexAttrs],
    fields: &[FieldInfo],
    table_keys: Option<TableKeys>,
    provisioned: bool,
) -> Vec<IndexDescription> {
    let mut names = HashSet::new();
    let mut type_names = HashSet::from([TABLE_TYPE.to_owned()]);
    let mut local_count = 0;
    let mut projected_count = 0;
    let mut described = Vec::new();
    for index in indexes {
        let Some(name) = index.name.get() else {
            cx.error_spanned_by(&index.token, "an index needs a name: name = \"...\"");
            continue;
        };
        check_resource_name(cx, name, "index");
        if !names.insert(name.value()) {
            cx.error_spanned_by(name, format!("two indexes are named `{}`", name.value()));
            continue;
        }
        let type_ident = type_ident(&name.value());
        if !type_names.insert(type_ident.to_string()) {
            cx.error_spanned_by(
                name,
                format!(
                    "the index type for `{}` would be `{type_ident}`, which another index \
                     (or the table's own `{TABLE_TYPE}`) already has: choose another name",
                    name.value()
                ),
            );
            continue;
        }
        if index.kind == IndexKind::Local {
            local_count += 1;
            if local_count > MAX_LOCAL_INDEXES {
                cx.error_spanned_by(
                    &index.token,
                    format!("a table has at most {MAX_LOCAL_INDEXES} local secondary indexes"),
                );
            }
        }
        let keys = match index.kind {
            IndexKind::Global => global_keys(cx, index, fields),
            IndexKind::Local => local_keys(cx, index, fields, table_keys.as_ref()),
        };
        let projection = projection(cx, index, fields, &mut projected_count);
        let throughput = index.throughput.get().cloned();
        if throughput.is_some() && index.kind == IndexKind::Local {
            cx.error_spanned_by(
                index.throughput.tokens(),
                "a local secondary index uses the table's throughput: give `throughput` to \
                 global indexes only",
            );
        } else if throughput.is_some() && !provisioned {
            cx.error_spanned_by(
                index.throughput.tokens(),
                "the table is on demand: an index's `throughput` needs \
                 `billing = provisioned(read = N, write = N)` on the struct",
            );
        }
        if let (Some((hash_key, range_key)), Some(projection)) = (keys, projection) {
            described.push(IndexDescription {
                name: name.clone(),
                type_ident,
                kind: index.kind,
                hash_key,
                range_key,
                projection,
                throughput,
            });
        }
    }
    described
}

/// `by_email` → `ByEmail`, `GSI1` → `Gsi1`, `email-index` → `EmailIndex`.
pub fn type_ident(name: &str) -> Ident {
    let camel = name.to_upper_camel_case();
    if camel.starts_with(|c: char| c.is_ascii_alphabetic()) && camel != "Self" {
        format_ident!("{camel}")
    } else {
        format_ident!("Index{camel}")
    }
}

type Keys = (IndexKey, Option<IndexKey>);

/// What a local index needs of the table's key.
pub struct TableKeys {
    /// The table's hash key as an index key (its attribute and query type).
    pub hash: IndexKey,
    /// The field that is the hash key, for a key not composed by a template.
    pub hash_field: Option<String>,
    pub has_range: bool,
}

fn global_keys(cx: &mut Ctxt, index: &IndexAttrs, fields: &[FieldInfo]) -> Option<Keys> {
    let hash_key = match (index.hash_key.get(), index.hash_template.get()) {
        (Some(_), Some(_)) => {
            cx.error_spanned_by(
                index.hash_template.tokens(),
                "give the hash key as a field or as a template, not both",
            );
            return None;
        }
        (None, None) => {
            cx.error_spanned_by(
                &index.token,
                "a global secondary index needs a hash key: hash_key = \"field\"",
            );
            return None;
        }
        (Some(hash), None) => key_field(cx, hash, fields),
        (None, Some(template)) => template_key(cx, index.hash_template.tokens(), template, fields),
    };
    if let (Some(hash), Some(range)) = (index.hash_key.get(), index.range_key.get()) {
        if range.value() == hash.value() {
            cx.error_spanned_by(
                range,
                "an index's range key must be another field than its hash key",
            );
            return None;
        }
    }
    let range_key = range_key(cx, index, fields)?;
    match (hash_key, range_key) {
        (Some(hash), range) => Some((hash, range)),
        _ => None,
    }
}

/// The index's range key, as a field or a template: `Some(None)` for none, `None` after an
/// error.
fn range_key(cx: &mut Ctxt, index: &IndexAttrs, fields: &[FieldInfo]) -> Option<Option<IndexKey>> {
    match (index.range_key.get(), index.range_template.get()) {
        (Some(_), Some(_)) => {
            cx.error_spanned_by(
                index.range_template.tokens(),
                "give the range key as a field or as a template, not both",
            );
            None
        }
        (None, None) => Some(None),
        (Some(range), None) => key_field(cx, range, fields).map(Some),
        (None, Some(template)) => {
            template_key(cx, index.range_template.tokens(), template, fields).map(Some)
        }
    }
}

/// An index key attribute composed by `hash_key(attribute = "...", template = "...")`.
fn template_key(
    cx: &mut Ctxt,
    tokens: &proc_macro2::TokenStream,
    template: &KeyTemplateAttr,
    fields: &[FieldInfo],
) -> Option<IndexKey> {
    let Some(attribute) = &template.attribute else {
        cx.error_spanned_by(
            tokens,
            "an index key template needs the attribute it writes: \
             hash_key(attribute = \"gsi1pk\", template = \"...\")",
        );
        return None;
    };
    check_template_attribute(cx, attribute, fields)?;
    let raw = match crate::template::parse(&template.template) {
        Ok(raw) => raw,
        Err(error) => {
            cx.syn_error(error);
            return None;
        }
    };
    let described =
        crate::template::resolve(cx, attribute.value(), &template.template, &raw, fields)?;
    Some(IndexKey {
        stored_name: attribute.value(),
        value_ty: described.value_type(),
        template: Some(described),
        composed: true,
    })
}

/// A composed attribute must not be a field's stored name too.
pub fn check_template_attribute(
    cx: &mut Ctxt,
    attribute: &LitStr,
    fields: &[FieldInfo],
) -> Option<()> {
    let name = attribute.value();
    if name.is_empty() {
        cx.error_spanned_by(attribute, "an attribute name cannot be empty");
        return None;
    }
    if let Some(field) = fields.iter().find(|field| field.stored_name == name) {
        cx.error_spanned_by(
            attribute,
            format!(
                "the field `{}` is stored as `{name}` already: a composed key needs an \
                 attribute of its own",
                field.ident
            ),
        );
        return None;
    }
    Some(())
}

fn local_keys(
    cx: &mut Ctxt,
    index: &IndexAttrs,
    fields: &[FieldInfo],
    table: Option<&TableKeys>,
) -> Option<Keys> {
    let table = table?;
    if !table.has_range {
        cx.error_spanned_by(
            &index.token,
            "a local secondary index needs a table with a range key: it is another sort \
             order of the table's partitions",
        );
        return None;
    }
    if let Some(tokens) = index
        .hash_template
        .get()
        .map(|_| index.hash_template.tokens())
    {
        cx.error_spanned_by(
            tokens,
            "a local secondary index shares the table's hash key; leave hash_key out",
        );
        return None;
    }
    if let Some(hash) = index.hash_key.get() {
        if table.hash_field.as_deref() != Some(hash.value().as_str()) {
            cx.error_spanned_by(
                hash,
                format!(
                    "a local secondary index shares the table's hash key `{}`; leave \
                     hash_key out or name that field",
                    table
                        .hash_field
                        .as_deref()
                        .unwrap_or(&table.hash.stored_name)
                ),
            );
            return None;
        }
    }
    if index.range_key.get().is_none() && index.range_template.get().is_none() {
        cx.error_spanned_by(
            &index.token,
            "a local secondary index needs a range key: range_key = \"field\"",
        );
        return None;
    }
    if let Some(range) = index.range_key.get() {
        if table.hash_field.as_deref() == Some(range.value().as_str()) {
            cx.error_spanned_by(
                range,
                "a local secondary index sorts by another field than the table's hash key",
            );
            return None;
        }
    }
    let range_key = range_key(cx, index, fields)??;
    let hash_key = IndexKey {
        stored_name: table.hash.stored_name.clone(),
        value_ty: table.hash.value_ty.clone(),
        template: None,
        composed: table.hash.composed,
    };
    Some((hash_key, Some(range_key)))
}

fn key_field(cx: &mut Ctxt, name: &LitStr, fields: &[FieldInfo]) -> Option<IndexKey> {
    let field = find_field(cx, name, fields)?;
    let reason = field.not_stored.or(field
        .custom_codec
        .then_some("a serde codec decides its stored type"));
    if let Some(reason) = reason {
        cx.error_spanned_by(
            name,
            format!("`{}` cannot be an index key: {reason}", field.ident),
        );
        return None;
    }
    Some(IndexKey {
        stored_name: field.stored_name.clone(),
        value_ty: crate::model::option_inner(&field.ty)
            .unwrap_or(&field.ty)
            .clone(),
        template: None,
        composed: false,
    })
}

fn find_field<'a>(cx: &mut Ctxt, name: &LitStr, fields: &'a [FieldInfo]) -> Option<&'a FieldInfo> {
    let value = name.value();
    let found = fields
        .iter()
        .find(|field| crate::attr::unraw(&field.ident) == value);
    if found.is_none() {
        let known: Vec<String> = fields
            .iter()
            .map(|field| crate::attr::unraw(&field.ident))
            .collect();
        cx.error_spanned_by(
            name,
            format!(
                "no field `{value}` in this model; indexes name fields by their Rust name \
                 (fields: {})",
                known.join(", ")
            ),
        );
    }
    found
}

fn projection(
    cx: &mut Ctxt,
    index: &IndexAttrs,
    fields: &[FieldInfo],
    projected_count: &mut usize,
) -> Option<Projection> {
    let included = match index.projection.get() {
        None | Some(ProjectionAttr::All) => return Some(Projection::All),
        Some(ProjectionAttr::KeysOnly) => return Some(Projection::KeysOnly),
        Some(ProjectionAttr::Include(included)) => included,
    };
    if included.is_empty() || included.len() > MAX_INCLUDED_PER_INDEX {
        cx.error_spanned_by(
            index.projection.tokens(),
            format!(
                "include([...]) lists 1 to {MAX_INCLUDED_PER_INDEX} fields; use `keys_only` \
                 to project only keys, `all` for every attribute"
            ),
        );
        return None;
    }
    let index_keys = [index.hash_key.get(), index.range_key.get()];
    let mut seen = HashSet::new();
    let mut stored = Vec::new();
    for name in included {
        let field = find_field(cx, name, fields)?;
        if !seen.insert(name.value()) {
            cx.error_spanned_by(name, format!("`{}` is listed twice", name.value()));
            return None;
        }
        let is_index_key = index_keys
            .iter()
            .flatten()
            .any(|key| key.value() == name.value());
        if field.is_table_key || is_index_key {
            cx.error_spanned_by(
                name,
                format!(
                    "`{}` is a key attribute, which every index projects: list only other fields",
                    name.value()
                ),
            );
            return None;
        }
        if let Some(reason) = field.not_stored {
            cx.error_spanned_by(
                name,
                format!("`{}` cannot be projected: {reason}", field.ident),
            );
            return None;
        }
        stored.push(field.stored_name.clone());
    }
    *projected_count += stored.len();
    if *projected_count > MAX_PROJECTED_ATTRIBUTES {
        cx.error_spanned_by(
            index.projection.tokens(),
            format!(
                "DynamoDB projects at most {MAX_PROJECTED_ATTRIBUTES} included attributes over \
                 all of a table's indexes"
            ),
        );
        return None;
    }
    Some(Projection::Include(stored))
}
