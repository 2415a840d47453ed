//! The checked description of a model: what the code generator works from. Built once from
//! the parsed attributes; every rule a model must satisfy is checked here.

use crate::attr::TimeKind;
use crate::attr::{unraw, ContainerAttrs, FieldAttrs, SerdeFieldAttrs};
use crate::ctxt::Ctxt;
use crate::index::{FieldInfo, IndexDescription, IndexKey, TableKeys};
use crate::rules::{FieldRules, Place, TimeRoleAttr};
use crate::template::{KeyTemplateAttr, RawPart, TemplateDescription};
use crate::writer::WriteField;
use heck::ToSnakeCase;
use proc_macro2::Span;
use quote::format_ident;
use quote::ToTokens;
use std::collections::HashSet;
use syn::{Data, DeriveInput, Fields, Ident, LitStr, Path, Type, Visibility};

pub struct ModelDescription {
    pub ident: Ident,
    pub vis: Visibility,
    pub crate_path: Path,
    pub table_name: LitStr,
    pub key_ident: Ident,
    /// The fields of the generated key type: the key fields, or the fields the key
    /// templates read.
    pub key_fields: Vec<KeyField>,
    /// The table's key attributes (a field's, or one a template composes).
    pub hash_key: IndexKey,
    pub range_key: Option<IndexKey>,
    /// The entity-type attribute and this model's name in it.
    pub entity: Option<(String, String)>,
    /// The stored name of the `#[dynamo(version)]` attribute.
    pub version: Option<String>,
    pub attributes: Vec<AttributeDescription>,
    /// The fields read one attribute each, unless serde's attributes or `read_with_serde`
    /// leave reading to serde.
    pub reader: Option<Vec<crate::reader::ReadField>>,
    /// The fields written one attribute each, unless serde's attributes or
    /// `write_with_serde` leave writing to serde.
    pub writer: Option<Vec<WriteField>>,
    pub handles: Vec<Handle>,
    /// The generated module of index types (`user_index` for `User`).
    pub index_module: Ident,
    pub indexes: Vec<IndexDescription>,
    /// The rules of every field stored as its type.
    pub field_rules: Vec<FieldRules>,
    /// The stored names of the `created_at`, `updated_at` and `ttl` attributes.
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub ttl: Option<String>,
    /// The `#[dynamo(extra)]` field.
    pub extra: Option<Ident>,
    pub counters: Vec<crate::generated::CounterDescription>,
    /// `#[dynamo(hooks)]`: the model implements `Hooks` itself.
    pub hooks: bool,
    /// Billing, table class, tags, stream, deletion protection and encryption.
    pub options: crate::options::TableOptionsAttrs,
}

/// A typed handle the derive generates for a field (`User::EMAIL`).
pub struct Handle {
    pub field: Ident,
    pub stored_name: String,
    /// The type values compared with or written to the attribute have (`T` for `Option<T>`).
    pub value_ty: Type,
    /// Key attributes get handles that conditions accept and updates refuse.
    pub is_key: bool,
    /// How values are stored.
    pub storage: Storage,
    /// The generated function checking a nested struct's field rules.
    pub check: Option<Ident>,
}

pub struct KeyField {
    pub ident: Ident,
    pub ty: Type,
    pub stored_name: String,
}

pub struct AttributeDescription {
    pub field_name: String,
    pub stored_name: String,
    pub presence: Presence,
    pub storage: Storage,
}

/// How a field's value is stored (`dynamoxide::Storage`).
#[derive(Copy, Clone, PartialEq, Eq)]
pub enum Storage {
    Serialized,
    /// A `HashSet` or `BTreeSet` (or `#[dynamo(set)]`): a DynamoDB set.
    Set,
    /// A `Vec<u8>`: a binary.
    Binary,
    /// `#[dynamo(number)]`: a number from its text.
    Number,
}

/// What a stored item holds for a field, as serde sees it.
#[derive(Copy, Clone, PartialEq, Eq)]
pub enum Presence {
    /// serde fails to read an item without it.
    Required,
    /// `Option<T>`: `None` is not stored at all.
    Optional,
    /// `#[serde(default)]`: read as the default when absent.
    Defaulted,
    /// `#[serde(flatten)]`: its attributes sit beside the model's own.
    Flattened,
}

/// The attribute name serde writes for a field.
pub fn stored_name(container: &ContainerAttrs, ident: &Ident, serde: &SerdeFieldAttrs) -> String {
    serde
        .rename_serialize
        .clone()
        .unwrap_or_else(|| renamed_by_rule(container, ident))
}

fn renamed_by_rule(container: &ContainerAttrs, ident: &Ident) -> String {
    let name = unraw(ident);
    match container.serde.rename_all {
        Some(rule) => rule.apply_to_field(&name),
        None => name,
    }
}

/// Reports a field stored under the name of a field before it (a `rename`, or `rename_all`
/// making two names one): the item would hold one attribute for both, and reads would give
/// both fields its value. At the field's `rename`, else at its name.
fn check_unique_name(
    cx: &mut Ctxt,
    seen: &mut Vec<(String, Ident)>,
    stored_name: &str,
    ident: &Ident,
    serde: &SerdeFieldAttrs,
) {
    match seen.iter().find(|(name, _)| name == stored_name) {
        Some((_, first)) => {
            let message = format!(
                "`{}` is stored as `{stored_name}`, as the field `{}` is: every field needs \
                 an attribute name of its own",
                unraw(ident),
                unraw(first)
            );
            match &serde.rename_path {
                Some(rename) => cx.error_spanned_by(rename, message),
                None => cx.error_spanned_by(ident, message),
            }
        }
        None => seen.push((stored_name.to_owned(), ident.clone())),
    }
}

/// Reports a field whose `rename` makes serde read another name than it writes.
pub fn check_symmetric_rename(
    cx: &mut Ctxt,
    container: &ContainerAttrs,
    ident: &Ident,
    serde: &SerdeFieldAttrs,
) {
    let Some(path) = &serde.rename_path else {
        return;
    };
    let read = serde
        .rename_deserialize
        .clone()
        .unwrap_or_else(|| renamed_by_rule(container, ident));
    if stored_name(container, ident, serde) != read {
        cx.error_spanned_by(
            path,
            "a model must read the names it writes: rename to one name for both \
             serialize and deserialize",
        );
    }
}

/// An `extra` field holds `AttributeValue`s, which serde cannot write: serde must skip it,
/// and it must be a map of them.
fn check_extra_field(cx: &mut Ctxt, attrs: &FieldAttrs, ty: &Type, is_key: bool) {
    let tokens = attrs.extra.tokens();
    if is_key {
        cx.error_spanned_by(tokens, "a key attribute cannot be the `extra` field");
    }
    if attrs.serde.skip.is_none() {
        cx.error_spanned_by(
            tokens,
            "dynamoxide reads and writes the `extra` attributes itself: add #[serde(skip)] to \
             the field",
        );
    }
    if !(last_segment_is(ty, "HashMap", true) || last_segment_is(ty, "Item", false)) {
        cx.error_spanned_by(
            ty,
            "`extra` needs a HashMap<String, AttributeValue> (`dynamoxide::Item`)",
        );
    }
}

/// The time role a field has: its own `created_at`/`updated_at`/`ttl`, or through
/// `timestamps` on the struct when it is named `created_at` or `updated_at`.
fn time_role<'a>(
    container: &ContainerAttrs,
    attrs: &'a FieldAttrs,
    ident: &Ident,
) -> Option<TimeRoleAttr<'a>> {
    if let Some(time) = attrs.time.get() {
        return Some(TimeRoleAttr {
            kind: time.kind,
            unit: time.unit.as_ref(),
            tokens: attrs.time.tokens().clone(),
        });
    }
    container.timestamps.get()?;
    let name = unraw(ident);
    let kind = [TimeKind::Created, TimeKind::Updated]
        .into_iter()
        .find(|kind| kind.name() == name)?;
    Some(TimeRoleAttr {
        kind,
        unit: None,
        tokens: ident.to_token_stream(),
    })
}

/// Why serde does not store a field as its type, if it does not.
pub fn not_plain(serde: &SerdeFieldAttrs) -> Option<&'static str> {
    if serde.skip.is_some() || serde.skip_serializing.is_some() {
        Some("serde skips it")
    } else if serde.flatten.is_some() {
        Some("it is flattened into the item")
    } else if serde.custom_codec.is_some() {
        Some("serde `with` stores it in a form of its own")
    } else {
        None
    }
}

/// The crate path generated code names when `#[dynamo(crate = "...")]` is absent.
pub fn default_crate_path() -> Path {
    syn::parse_quote!(::dynamoxide)
}

impl ModelDescription {
    /// Checks `input` and describes it, or returns every mistake found, each at its token.
    pub fn from_ast(input: &DeriveInput) -> syn::Result<Self> {
        let mut cx = Ctxt::default();
        let container = ContainerAttrs::from_ast(&mut cx, &input.attrs);
        let Some(fields) = named_fields(&mut cx, input) else {
            return Err(cx.into_error());
        };
        if !input.generics.params.is_empty() {
            cx.error_spanned_by(
                &input.generics,
                "#[derive(Model)] does not support generic structs: a model is one table's item",
            );
        }
        if let Some(path) = &container.serde.conversion {
            cx.error_spanned_by(
                path,
                "#[derive(Model)] stores the struct's own fields; serde conversions \
                 (transparent, from, try_from, into) change what is stored",
            );
        }
        if let Some(path) = &container.serde.asymmetric_rename_all {
            cx.error_spanned_by(
                path,
                "a model must read the names it writes: use one rename_all rule for both \
                 serialize and deserialize",
            );
        }
        let table_name = match container.table.get() {
            Some(table) => {
                check_resource_name(&mut cx, table, "table");
                table.clone()
            }
            None => {
                if !container.malformed {
                    cx.error_spanned_by(
                        &input.ident,
                        "missing table name: add #[dynamo(table = \"...\")] to the struct",
                    );
                }
                LitStr::new("", Span::call_site())
            }
        };

        let primary_templates = [&container.hash_template, &container.range_template].map(|attr| {
            attr.get().and_then(
                |template| match crate::template::parse(&template.template) {
                    Ok(raw) => Some(raw),
                    Err(error) => {
                        cx.syn_error(error);
                        None
                    }
                },
            )
        });
        let template_fields: HashSet<String> = primary_templates
            .iter()
            .flatten()
            .flat_map(|raw| crate::template::field_names(raw))
            .map(str::to_owned)
            .collect();
        let mut hash_keys = Vec::new();
        let mut range_keys = Vec::new();
        let mut versions = Vec::new();
        let mut attributes = Vec::new();
        let mut handles = Vec::new();
        let mut field_infos = Vec::new();
        let mut field_rules = Vec::new();
        let mut extras: Vec<(Ident, proc_macro2::TokenStream)> = Vec::new();
        let mut extra_conflicts: Vec<(Path, &str)> = Vec::new();
        let mut time_fields: Vec<(TimeKind, String, proc_macro2::TokenStream)> = Vec::new();
        let mut counters = Vec::new();
        let mut stored_names: Vec<(String, Ident)> = Vec::new();
        let mut all_plain = true;
        let mut all_writable = true;
        let mut write_fields = Vec::new();
        for field in fields {
            let Some(ident) = &field.ident else { continue };
            let attrs = FieldAttrs::from_ast(&mut cx, &field.attrs);
            let serde = &attrs.serde;
            all_plain &= crate::reader::plain_field(serde);
            all_writable &= crate::writer::plain_field(serde);
            let stored_name = stored_name(&container, ident, serde);
            write_fields.push(WriteField::new(ident, &field.ty, &stored_name, serde));
            check_symmetric_rename(&mut cx, &container, ident, serde);
            if serde.skip.is_none() && serde.skip_serializing.is_none() && serde.flatten.is_none() {
                check_unique_name(&mut cx, &mut stored_names, &stored_name, ident, serde);
            }
            let is_key_field = attrs.hash_key.get().is_some() || attrs.range_key.get().is_some();
            // A field a key template reads is as fixed as a key: updates refuse it.
            let is_key = is_key_field || template_fields.contains(&unraw(ident));
            if attrs.extra.get().is_some() {
                check_extra_field(&mut cx, &attrs, &field.ty, is_key);
                extras.push((ident.clone(), attrs.extra.tokens().clone()));
            }
            for (path, why) in [
                (
                    &serde.flatten,
                    "a flattened field reads attributes the schema does not name, which the \
                     `extra` field takes first: use one or the other",
                ),
                (
                    &serde.alias,
                    "serde reads an alias the schema does not name, which the `extra` field \
                     takes first: use one or the other",
                ),
                (
                    &serde.skip_serializing,
                    "serde reads this field but does not write it, so the schema does not name \
                     it and the `extra` field takes it first: use one or the other",
                ),
            ] {
                if let Some(path) = path {
                    extra_conflicts.push((path.clone(), why));
                }
            }
            let storage = if is_set(&field.ty) || attrs.set_type.get().is_some() {
                Storage::Set
            } else if is_bytes(&field.ty) {
                Storage::Binary
            } else if attrs.number.get().is_some() {
                check_number_field(&mut cx, &attrs, is_key);
                Storage::Number
            } else {
                Storage::Serialized
            };
            if attrs.version.get().is_some() {
                check_version_field(&mut cx, &attrs, &field.ty, is_key);
                versions.push((stored_name.clone(), attrs.version.tokens().clone()));
            }
            if is_key {
                check_key_field(&mut cx, &attrs, &field.ty);
            }
            if is_key_field {
                let key = KeyField {
                    ident: ident.clone(),
                    ty: field.ty.clone(),
                    stored_name: stored_name.clone(),
                };
                if attrs.hash_key.get().is_some() {
                    if attrs.range_key.get().is_some() {
                        cx.error_spanned_by(
                            attrs.range_key.tokens(),
                            "a field cannot be both the hash key and the range key",
                        );
                    }
                    hash_keys.push((key, attrs.hash_key.tokens().clone()));
                } else {
                    range_keys.push((key, attrs.range_key.tokens().clone()));
                }
            }
            let auto = crate::generated::auto(&mut cx, &attrs, &field.ty);
            counters.extend(crate::generated::counter(
                &mut cx,
                &attrs,
                &field.ty,
                is_key,
                &stored_name,
            ));
            let time = time_role(&container, &attrs, ident);
            if let Some(time) = &time {
                time_fields.push((time.kind, stored_name.clone(), time.tokens.clone()));
            }
            if let Some(rules) = crate::rules::describe(
                &mut cx,
                &attrs,
                ident,
                &field.ty,
                &Place {
                    is_key,
                    nested: false,
                    not_plain: not_plain(serde),
                    stored_name: &stored_name,
                    time,
                    auto,
                },
            ) {
                field_rules.push(rules);
            }
            field_infos.push(FieldInfo {
                ident: ident.clone(),
                ty: field.ty.clone(),
                stored_name: stored_name.clone(),
                is_table_key: is_key_field,
                not_stored: if serde.skip.is_some() || serde.skip_serializing.is_some() {
                    Some("it is not stored (serde skips it)")
                } else if serde.flatten.is_some() {
                    Some("it is flattened into the item")
                } else {
                    None
                },
                custom_codec: serde.custom_codec.is_some(),
            });
            if serde.skip.is_some() || serde.skip_serializing.is_some() {
                continue;
            }
            let presence = if serde.flatten.is_some() {
                Presence::Flattened
            } else if stored_as_optional(&field.ty, serde) {
                Presence::Optional
            } else if serde.default || container.serde.default || serde.skip_deserializing.is_some()
            {
                Presence::Defaulted
            } else {
                Presence::Required
            };
            // A field with its own serde codec is stored in a form its type does not
            // describe, so typed values for it would be wrong: it gets no handle.
            if presence != Presence::Flattened && serde.custom_codec.is_none() {
                handles.push(Handle {
                    field: ident.clone(),
                    stored_name: stored_name.clone(),
                    value_ty: option_inner(&field.ty).unwrap_or(&field.ty).clone(),
                    is_key,
                    storage,
                    check: None,
                });
            }
            attributes.push(AttributeDescription {
                field_name: unraw(ident),
                stored_name,
                presence,
                storage,
            });
        }

        let primary = match container.hash_template.get() {
            Some(hash_template) => templated_key(
                &mut cx,
                &container,
                hash_template,
                &primary_templates,
                &field_infos,
                hash_keys
                    .iter()
                    .chain(&range_keys)
                    .map(|(_, tokens)| tokens),
            ),
            None => {
                if let Some(range) = container.range_template.get() {
                    cx.error_spanned_by(
                        &range.template,
                        "a range_key template needs a hash_key template on the struct too",
                    );
                }
                field_key(&mut cx, hash_keys, range_keys, &input.ident)
            }
        };
        let entity = entity(&mut cx, &container, &input.ident, &field_infos);
        let mut indexes = crate::index::describe(
            &mut cx,
            &container.indexes,
            &field_infos,
            primary.as_ref().map(|primary| primary.table_keys()),
            container.options.provisioned(),
        );
        if let Some(primary) = &primary {
            crate::template::check_composed_attributes(
                &mut cx,
                &input.ident,
                [&primary.hash].into_iter().chain(&primary.range),
                &indexes,
                entity.as_ref().map(|(attribute, _)| attribute.as_str()),
            );
        }
        if let Some((attribute, _)) = &entity {
            // Reads filter on the entity type, so every index must hold it.
            for index in &mut indexes {
                index.projection.include(attribute);
            }
        }
        for (_, tokens) in versions.iter().skip(1) {
            cx.error_spanned_by(
                tokens,
                "a model has at most one #[dynamo(version)] attribute",
            );
        }
        // The stored name of the one field with the role `kind`; every other is an error.
        let mut only_one = |kind: TimeKind| {
            let mut found = time_fields.iter().filter(|(each, ..)| *each == kind);
            let first = found.next().map(|(_, name, _)| name.clone());
            for (_, _, tokens) in found {
                cx.error_spanned_by(
                    tokens,
                    format!("a model has at most one `{}` field", kind.name()),
                );
            }
            first
        };
        let created_at = only_one(TimeKind::Created);
        let updated_at = only_one(TimeKind::Updated);
        let ttl = only_one(TimeKind::Ttl);
        if container.timestamps.get().is_some() {
            for (kind, found) in [
                (TimeKind::Created, &created_at),
                (TimeKind::Updated, &updated_at),
            ] {
                if found.is_none() {
                    let role = kind.name();
                    cx.error_spanned_by(
                        container.timestamps.tokens(),
                        format!("`timestamps` needs a field named `{role}` (or one marked #[dynamo({role})])"),
                    );
                }
            }
        }
        for (_, tokens) in extras.iter().skip(1) {
            cx.error_spanned_by(tokens, "a model has at most one `extra` field");
        }
        if !extras.is_empty() {
            for (path, why) in &extra_conflicts {
                cx.error_spanned_by(path, why);
            }
        }
        let extra = extras.into_iter().next().map(|(ident, _)| ident);
        let reader = crate::reader::describe(&container, all_plain, &field_infos);
        let writer = crate::writer::describe(&container, all_writable, write_fields);
        let Some(primary) = primary else {
            return Err(cx.into_error());
        };
        cx.check()?;
        Ok(ModelDescription {
            key_ident: format_ident!("{}Key", input.ident),
            ident: input.ident.clone(),
            vis: input.vis.clone(),
            crate_path: container.crate_path(),
            table_name,
            key_fields: primary.key_fields,
            hash_key: primary.hash,
            range_key: primary.range,
            entity,
            version: versions.into_iter().next().map(|(name, _)| name),
            attributes,
            reader,
            writer,
            handles,
            index_module: index_module(&input.ident),
            indexes,
            field_rules,
            created_at,
            updated_at,
            ttl,
            extra,
            counters,
            hooks: container.hooks.get().is_some(),
            options: container.options,
        })
    }

    /// Whether key templates compose the table's key.
    pub fn templated(&self) -> bool {
        self.hash_key.template.is_some()
    }

    /// Every key template: the table's, then the indexes'.
    pub fn templates(&self) -> impl Iterator<Item = &TemplateDescription> {
        let table = std::iter::once(&self.hash_key).chain(&self.range_key);
        let indexes = self
            .indexes
            .iter()
            .flat_map(|index| std::iter::once(&index.hash_key).chain(&index.range_key));
        table.chain(indexes).filter_map(|key| key.template.as_ref())
    }
}

/// The struct's named fields; `None` (with the error recorded) for any other shape.
fn named_fields<'a>(cx: &mut Ctxt, input: &'a DeriveInput) -> Option<Vec<&'a syn::Field>> {
    match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(fields) => return Some(fields.named.iter().collect()),
            _ => cx.error_spanned_by(
                &input.ident,
                "#[derive(Model)] needs a struct with named fields: each field is an attribute",
            ),
        },
        Data::Enum(data) => cx.error_spanned_by(
            data.enum_token,
            "#[derive(Model)] is for structs, not enums",
        ),
        Data::Union(data) => cx.error_spanned_by(
            data.union_token,
            "#[derive(Model)] is for structs, not unions",
        ),
    }
    None
}

/// The module of a model's index types: `user_index` for `User`.
pub fn index_module(model: &Ident) -> Ident {
    format_ident!("{}_index", unraw(model).to_snake_case())
}

/// DynamoDB table and index names: 3 to 255 characters of `a-z`, `A-Z`, `0-9`, `_`, `-`, `.`.
pub fn check_resource_name(cx: &mut Ctxt, lit: &LitStr, kind: &str) {
    let name = lit.value();
    if !(3..=255).contains(&name.len()) {
        cx.error_spanned_by(
            lit,
            format!("a DynamoDB {kind} name has 3 to 255 characters"),
        );
    } else if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
    {
        cx.error_spanned_by(
            lit,
            format!("`{bad}` cannot appear in a DynamoDB {kind} name (allowed: a-z A-Z 0-9 _ - .)"),
        );
    }
}

fn check_key_field(cx: &mut Ctxt, attrs: &FieldAttrs, ty: &Type) {
    if is_option(ty) {
        cx.error_spanned_by(
            ty,
            "a key attribute cannot be optional: every DynamoDB item has its full key",
        );
    }
    if is_byte_vec(ty) {
        cx.error_spanned_by(
            ty,
            "serde writes `Vec<u8>` as a list of numbers, which cannot be a key: use \
             `dynamoxide::ByteBuf` (serde_bytes) to store the key as binary",
        );
    }
    let serde = &attrs.serde;
    let unsupported = [
        (
            &serde.skip,
            "a key attribute must be stored and read; it cannot be skipped",
        ),
        (
            &serde.skip_serializing,
            "a key attribute must be stored; it cannot be skipped",
        ),
        (
            &serde.skip_deserializing,
            "a key attribute must be read; it cannot be skipped",
        ),
        (&serde.flatten, "a key attribute cannot be flattened"),
        (
            &serde.custom_codec,
            "a key attribute is encoded by dynamoxide from its type; custom serde \
             (de)serializers are not supported on keys",
        ),
    ];
    for (path, message) in unsupported {
        if let Some(path) = path {
            cx.error_spanned_by(path, message);
        }
    }
}

fn check_version_field(cx: &mut Ctxt, attrs: &FieldAttrs, ty: &Type, is_key: bool) {
    // Only 64-bit counters: a smaller one would overflow into a number it cannot read.
    const INTEGERS: &[&str] = &["u64", "i64"];
    if is_key {
        cx.error_spanned_by(
            attrs.version.tokens(),
            "a key attribute cannot be the version: the version changes on every write",
        );
    }
    let is_integer =
        matches!(ty, Type::Path(path) if INTEGERS.iter().any(|name| path.path.is_ident(name)));
    if !is_integer {
        cx.error_spanned_by(
            ty,
            "#[dynamo(version)] needs a `u64` or `i64` field: it counts writes",
        );
    }
}

/// The table's key: its attributes and the fields of the key type.
struct PrimaryKey {
    key_fields: Vec<KeyField>,
    hash: IndexKey,
    range: Option<IndexKey>,
    /// The field that is the hash key, when no template composes it.
    hash_field: Option<String>,
}

impl PrimaryKey {
    fn table_keys(&self) -> TableKeys {
        TableKeys {
            hash: IndexKey {
                stored_name: self.hash.stored_name.clone(),
                value_ty: self.hash.value_ty.clone(),
                template: None,
                composed: self.hash.composed,
            },
            hash_field: self.hash_field.clone(),
            has_range: self.range.is_some(),
        }
    }
}

/// The key of `#[dynamo(hash_key)]` and `#[dynamo(range_key)]` fields.
fn field_key(
    cx: &mut Ctxt,
    hash_keys: Vec<(KeyField, proc_macro2::TokenStream)>,
    range_keys: Vec<(KeyField, proc_macro2::TokenStream)>,
    model: &Ident,
) -> Option<PrimaryKey> {
    let hash = one_key(cx, hash_keys, "hash", model);
    let range = if range_keys.is_empty() {
        None
    } else {
        one_key(cx, range_keys, "range", model)
    };
    let hash = hash?;
    let as_index_key = |key: &KeyField| IndexKey {
        stored_name: key.stored_name.clone(),
        value_ty: key.ty.clone(),
        template: None,
        composed: false,
    };
    Some(PrimaryKey {
        hash: as_index_key(&hash),
        range: range.as_ref().map(as_index_key),
        hash_field: Some(unraw(&hash.ident)),
        key_fields: std::iter::once(hash).chain(range).collect(),
    })
}

/// The key composed by `hash_key = "..."` (and `range_key = "..."`) on the struct.
fn templated_key<'a>(
    cx: &mut Ctxt,
    container: &ContainerAttrs,
    hash_template: &KeyTemplateAttr,
    raw: &[Option<Vec<RawPart>>; 2],
    fields: &[FieldInfo],
    key_field_tokens: impl Iterator<Item = &'a proc_macro2::TokenStream>,
) -> Option<PrimaryKey> {
    let mut failed = false;
    for tokens in key_field_tokens {
        cx.error_spanned_by(
            tokens,
            "the struct's hash_key template is the key: a field cannot be a key too",
        );
        failed = true;
    }
    let templates = [Some(hash_template), container.range_template.get()];
    let mut resolved = Vec::new();
    for ((template, raw), default_name) in templates.into_iter().zip(raw).zip(["pk", "sk"]) {
        let (Some(template), Some(raw)) = (template, raw) else {
            resolved.push(None);
            continue;
        };
        let attribute = template
            .attribute
            .clone()
            .unwrap_or_else(|| LitStr::new(default_name, template.template.span()));
        if crate::index::check_template_attribute(cx, &attribute, fields).is_none() {
            failed = true;
        }
        let described =
            crate::template::resolve(cx, attribute.value(), &template.template, raw, fields);
        failed |= described.is_none();
        resolved.push(described);
    }
    let [Some(hash), range] = <[Option<TemplateDescription>; 2]>::try_from(resolved).ok()? else {
        return None;
    };
    if hash.fields().next().is_none() {
        cx.error_spanned_by(
            &hash_template.template,
            "a hash key template needs a field, as in \"ORG#{org_id}\": a constant would put \
             every item in one partition",
        );
        return None;
    }
    if let Some(range) = &range {
        if range.attribute == hash.attribute {
            cx.error_spanned_by(
                &hash_template.template,
                format!(
                    "the hash and range keys cannot both be stored as `{}`",
                    hash.attribute
                ),
            );
            return None;
        }
    }
    let mut key_fields: Vec<KeyField> = Vec::new();
    for (ident, stored_name, ty) in hash
        .fields()
        .chain(range.iter().flat_map(|range| range.fields()))
    {
        if !key_fields.iter().any(|known| known.ident == *ident) {
            key_fields.push(KeyField {
                ident: ident.clone(),
                ty: ty.clone(),
                stored_name: stored_name.clone(),
            });
        }
    }
    if key_fields.len() > 2 {
        cx.error_spanned_by(
            &hash_template.template,
            "the key templates read at most two fields together (the key type is a pair)",
        );
        return None;
    }
    if failed {
        return None;
    }
    let key = |template: TemplateDescription| IndexKey {
        stored_name: template.attribute.clone(),
        value_ty: template.value_type(),
        template: Some(template),
        composed: true,
    };
    Some(PrimaryKey {
        key_fields,
        hash: key(hash),
        range: range.map(key),
        hash_field: None,
    })
}

/// The entity-type attribute: `#[dynamo(entity)]`, or implied by key templates.
fn entity(
    cx: &mut Ctxt,
    container: &ContainerAttrs,
    model: &Ident,
    fields: &[FieldInfo],
) -> Option<(String, String)> {
    let declared = container.entity.get();
    if declared.is_none() && container.hash_template.get().is_none() {
        return None;
    }
    let attribute = declared
        .and_then(|entity| entity.attribute.clone())
        .unwrap_or_else(|| LitStr::new("__type", model.span()));
    crate::index::check_template_attribute(cx, &attribute, fields)?;
    let name = declared
        .and_then(|entity| entity.name.as_ref())
        .map_or_else(|| model.to_string(), LitStr::value);
    Some((attribute.value(), name))
}

fn one_key(
    cx: &mut Ctxt,
    keys: Vec<(KeyField, proc_macro2::TokenStream)>,
    kind: &str,
    model: &Ident,
) -> Option<KeyField> {
    let mut keys = keys.into_iter();
    let Some((first, _)) = keys.next() else {
        cx.error_spanned_by(
            model,
            format!("no {kind} key: mark one field with #[dynamo({kind}_key)]"),
        );
        return None;
    };
    for (_, tokens) in keys {
        cx.error_spanned_by(
            tokens,
            format!(
                "a model has one {kind} key, and `{}` is already it",
                first.ident
            ),
        );
    }
    Some(first)
}

/// Whether a type is spelled `Option<...>` (the only way the derive can see optionality).
pub fn is_option(ty: &Type) -> bool {
    last_segment_is(ty, "Option", true)
}

/// Whether a field of type `ty` is stored in an optional attribute, left out when `None`: an
/// `Option` that serde writes as its type does.
pub fn stored_as_optional(ty: &Type, serde: &SerdeFieldAttrs) -> bool {
    is_option(ty) && serde.custom_codec.is_none()
}

/// `T` for a type spelled `Option<T>`.
pub fn option_inner(ty: &Type) -> Option<&Type> {
    if !is_option(ty) {
        return None;
    }
    let Type::Path(path) = ty else { return None };
    let syn::PathArguments::AngleBracketed(arguments) = &path.path.segments.last()?.arguments
    else {
        return None;
    };
    match arguments.args.first()? {
        syn::GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

/// Whether a type is spelled `Vec<u8>`.
pub fn is_byte_vec(ty: &Type) -> bool {
    let Type::Path(path) = ty else { return false };
    let Some(segment) = path.path.segments.last() else {
        return false;
    };
    let syn::PathArguments::AngleBracketed(arguments) = &segment.arguments else {
        return false;
    };
    segment.ident == "Vec"
        && matches!(
            arguments.args.first(),
            Some(syn::GenericArgument::Type(Type::Path(inner))) if inner.path.is_ident("u8")
        )
}

/// Whether a type is spelled `HashSet<..>` or `BTreeSet<..>` (or `Option` of one).
pub fn is_set(ty: &Type) -> bool {
    let ty = option_inner(ty).unwrap_or(ty);
    last_segment_is(ty, "HashSet", true) || last_segment_is(ty, "BTreeSet", true)
}

/// Whether a type is spelled `Vec<u8>` (or `Option<Vec<u8>>`).
pub fn is_bytes(ty: &Type) -> bool {
    is_byte_vec(option_inner(ty).unwrap_or(ty))
}

/// `number` stores the text serde writes as a number: only for a plain, non-key attribute.
fn check_number_field(cx: &mut Ctxt, attrs: &FieldAttrs, is_key: bool) {
    let problem = if is_key {
        Some("a key attribute is stored as its `KeyScalar` type says, not with `number`")
    } else if not_plain(&attrs.serde).is_some() {
        Some("`number` converts what serde writes for the field's own type; this field is skipped, flattened or stored with serde `with`")
    } else {
        None
    };
    if let Some(problem) = problem {
        cx.error_spanned_by(attrs.number.tokens(), problem);
    }
}

/// Whether a type is spelled `String`.
pub fn is_string(ty: &Type) -> bool {
    last_segment_is(ty, "String", false)
}

/// Whether a type's path ends in `name`, with angle-bracketed arguments or without.
pub fn last_segment_is(ty: &Type, name: &str, with_arguments: bool) -> bool {
    let Type::Path(path) = ty else { return false };
    if path.qself.is_some() {
        return false;
    }
    path.path.segments.last().is_some_and(|segment| {
        segment.ident == name
            && matches!(segment.arguments, syn::PathArguments::AngleBracketed(_)) == with_arguments
    })
}
