//! Single-table design: key templates (`hash_key = "ORG#{org_id}"` on the struct, or
//! `hash_key(attribute = "gsi1pk", template = "...")` in an index) and the entity type,
//! parsed and resolved against the fields, and expanded into the schema.

use crate::index::FieldInfo;
use crate::symbol::*;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Ident, LitStr, Type};

/// `hash_key = "..."` or `hash_key(attribute = "...", template = "...")`, unchecked.
pub struct KeyTemplateAttr {
    pub attribute: Option<LitStr>,
    pub template: LitStr,
}

/// `entity`, `entity = "Name"` or `entity(name = "Name", attribute = "...")`, unchecked.
#[derive(Default)]
pub struct EntityAttr {
    pub name: Option<LitStr>,
    pub attribute: Option<LitStr>,
}

/// A piece of a template as written.
pub enum RawPart {
    Text(String),
    Field(String),
}

/// A template resolved against the fields.
pub struct TemplateDescription {
    /// The stored attribute it composes.
    pub attribute: String,
    pub parts: Vec<Part>,
}

pub enum Part {
    Text(String),
    Field {
        ident: Ident,
        stored_name: String,
        /// The field's type (`T` for an `Option<T>` in an index template).
        ty: Box<Type>,
    },
}

impl KeyTemplateAttr {
    pub fn parse(meta: &ParseNestedMeta) -> syn::Result<Self> {
        if meta.input.peek(syn::Token![=]) {
            let template: LitStr = meta.value()?.parse()?;
            return Ok(KeyTemplateAttr {
                attribute: None,
                template,
            });
        }
        let (mut attribute, mut template) = (None, None);
        meta.parse_nested_meta(|inner| {
            let slot = if inner.path == ATTRIBUTE {
                &mut attribute
            } else if inner.path == TEMPLATE {
                &mut template
            } else {
                return Err(inner.error("expected `attribute = \"...\"` or `template = \"...\"`"));
            };
            let value: LitStr = inner.value()?.parse()?;
            if slot.replace(value).is_some() {
                return Err(inner.error("given twice"));
            }
            Ok(())
        })?;
        match template {
            Some(template) => Ok(KeyTemplateAttr {
                attribute,
                template,
            }),
            None => Err(meta.error("expected `template = \"...\"`, e.g. \"ORG#{org_id}\"")),
        }
    }
}

impl EntityAttr {
    pub fn parse(meta: &ParseNestedMeta) -> syn::Result<Self> {
        let mut entity = EntityAttr::default();
        if meta.input.peek(syn::Token![=]) {
            entity.name = Some(meta.value()?.parse()?);
        } else if meta.input.peek(syn::token::Paren) {
            meta.parse_nested_meta(|inner| {
                let slot = if inner.path == NAME {
                    &mut entity.name
                } else if inner.path == ATTRIBUTE {
                    &mut entity.attribute
                } else {
                    return Err(inner.error("expected `name = \"...\"` or `attribute = \"...\"`"));
                };
                let value: LitStr = inner.value()?.parse()?;
                if value.value().is_empty() {
                    return Err(syn::Error::new_spanned(value, "cannot be empty"));
                }
                if slot.replace(value).is_some() {
                    return Err(inner.error("given twice"));
                }
                Ok(())
            })?;
        }
        if let Some(name) = &entity.name {
            if name.value().is_empty() {
                return Err(syn::Error::new_spanned(
                    name,
                    "an entity name cannot be empty",
                ));
            }
        }
        Ok(entity)
    }
}

/// Splits `"ORG#{org_id}#{{literal}}"` into text and field names (`{{` and `}}` are braces).
pub fn parse(lit: &LitStr) -> syn::Result<Vec<RawPart>> {
    let value = lit.value();
    let error = |message: &str| syn::Error::new_spanned(lit, message);
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => name.push(c),
                        None => {
                            return Err(error(
                                "a `{` without its `}`: write `{field}`, or `{{` for a brace",
                            ))
                        }
                    }
                }
                let name = name.trim().to_owned();
                if name.is_empty() {
                    return Err(error("an empty `{}`: name a field, as in `{org_id}`"));
                }
                if matches!(parts.last(), Some(RawPart::Field(_))) && text.is_empty() {
                    return Err(error(
                        "two fields with nothing between them cannot be read back: put \
                         text between them, as in `{a}#{b}`",
                    ));
                }
                if !text.is_empty() {
                    parts.push(RawPart::Text(std::mem::take(&mut text)));
                }
                parts.push(RawPart::Field(name));
            }
            '}' => return Err(error("a `}` without its `{`: write `}}` for a brace")),
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        parts.push(RawPart::Text(text));
    }
    if parts.is_empty() {
        return Err(error("a key template cannot be empty"));
    }
    Ok(parts)
}

/// The field names a template reads.
pub fn field_names(parts: &[RawPart]) -> impl Iterator<Item = &str> {
    parts.iter().filter_map(|part| match part {
        RawPart::Field(name) => Some(name.as_str()),
        RawPart::Text(_) => None,
    })
}

/// Resolves the fields of a template; every mistake is reported at `lit`. An `Option` field
/// reads as its value: an item without it is left out of the index it keys.
pub fn resolve(
    cx: &mut crate::ctxt::Ctxt,
    attribute: String,
    lit: &LitStr,
    raw: &[RawPart],
    fields: &[FieldInfo],
) -> Option<TemplateDescription> {
    let mut parts = Vec::new();
    let mut ok = true;
    for part in raw {
        match part {
            RawPart::Text(text) => parts.push(Part::Text(text.clone())),
            RawPart::Field(name) => {
                let Some(field) = fields
                    .iter()
                    .find(|field| crate::attr::unraw(&field.ident) == *name)
                else {
                    let known: Vec<String> =
                        fields.iter().map(|field| field.ident.to_string()).collect();
                    cx.error_spanned_by(
                        lit,
                        format!(
                            "the template names `{name}`, which is not a field; fields: {}",
                            known.join(", ")
                        ),
                    );
                    ok = false;
                    continue;
                };
                let reason = field.not_stored.or(field
                    .custom_codec
                    .then_some("a serde codec decides its stored type"));
                if let Some(reason) = reason {
                    cx.error_spanned_by(
                        lit,
                        format!("`{name}` cannot be part of a key template: {reason}"),
                    );
                    ok = false;
                    continue;
                }
                // An `Option` in the table's key is reported at the field, as for any key.
                let inner = crate::model::option_inner(&field.ty);
                parts.push(Part::Field {
                    ident: field.ident.clone(),
                    stored_name: field.stored_name.clone(),
                    ty: Box::new(inner.unwrap_or(&field.ty).clone()),
                });
            }
        }
    }
    ok.then_some(TemplateDescription { attribute, parts })
}

/// Every attribute a template composes, and the entity-type attribute, is written by one
/// thing only: two writers of one attribute would overwrite each other's value. Indexes may
/// share an attribute when they compose it by the same template.
pub fn check_composed_attributes<'a>(
    cx: &mut crate::ctxt::Ctxt,
    model: &Ident,
    table_keys: impl Iterator<Item = &'a crate::index::IndexKey>,
    indexes: &[crate::index::IndexDescription],
    entity: Option<&str>,
) {
    let mut writers: Vec<(String, String, String)> = Vec::new();
    for key in table_keys {
        writers.push((
            key.stored_name.clone(),
            "the table's key".to_owned(),
            String::new(),
        ));
    }
    if let Some(entity) = entity {
        if let Some((_, writer, _)) = writers.iter().find(|(name, ..)| name == entity) {
            cx.error_spanned_by(
                model,
                format!("the entity-type attribute `{entity}` is {writer} already"),
            );
        }
        writers.push((
            entity.to_owned(),
            "the entity type".to_owned(),
            String::new(),
        ));
    }
    for index in indexes {
        let keys = std::iter::once(&index.hash_key).chain(&index.range_key);
        for template in keys.filter_map(|key| key.template.as_ref()) {
            let spelled = template.spelled();
            let writer = format!("the index `{}`", index.name.value());
            match writers
                .iter()
                .find(|(name, ..)| *name == template.attribute)
            {
                Some((_, _, known)) if !known.is_empty() && *known == spelled => {}
                Some((name, other, _)) => cx.error_spanned_by(
                    &index.name,
                    format!(
                        "{writer} composes `{name}`, which {other} writes already \
                         (another template): give it an attribute of its own"
                    ),
                ),
                None => writers.push((template.attribute.clone(), writer, spelled)),
            }
        }
    }
}

impl TemplateDescription {
    /// The template as written, with stored field names.
    fn spelled(&self) -> String {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Text(text) => text.replace('{', "{{").replace('}', "}}"),
                Part::Field { stored_name, .. } => format!("{{{stored_name}}}"),
            })
            .collect()
    }

    /// The fields, in order.
    pub fn fields(&self) -> impl Iterator<Item = (&Ident, &String, &Type)> {
        self.parts.iter().filter_map(|part| match part {
            Part::Field {
                ident,
                stored_name,
                ty,
            } => Some((ident, stored_name, &**ty)),
            Part::Text(_) => None,
        })
    }

    /// The type a query gives for this key: the field's type, a tuple of several, `()` for
    /// none.
    pub fn value_type(&self) -> Type {
        let types: Vec<&Type> = self.fields().map(|(_, _, ty)| ty).collect();
        match types.as_slice() {
            [single] => (*single).clone(),
            many => syn::parse_quote!((#(#many),*)),
        }
    }

    /// Compile-time checks that every field is a string or a number (a binary key type has no
    /// text to compose), reported at the field's type.
    pub fn expand_checks(&self, private: &TokenStream) -> TokenStream {
        self.fields()
            .map(|(ident, _, ty)| {
                let message = format!(
                    "`{ident}` is part of the key template `{}`, which composes text: it must \
                     be a string or a number, not binary",
                    self.spelled()
                )
                // The message is a format string of `assert!`.
                .replace('{', "{{")
                .replace('}', "}}");
                quote_spanned! {ty.span()=>
                    const _: () = ::core::assert!(
                        !::core::matches!(
                            <#ty as #private::KeyScalar>::SCALAR_TYPE,
                            #private::ScalarType::Binary
                        ),
                        #message
                    );
                }
            })
            .collect()
    }

    /// The runtime `KeyTemplate`.
    pub fn expand(&self, private: &TokenStream) -> TokenStream {
        let attribute = &self.attribute;
        let parts = self.parts.iter().map(|part| match part {
            Part::Text(text) => quote!(#private::TemplatePart::Text(#text)),
            Part::Field {
                stored_name, ty, ..
            } => {
                let scalar = quote_spanned!(ty.span()=> <#ty as #private::KeyScalar>::SCALAR_TYPE);
                quote! {
                    #private::TemplatePart::Field { name: #stored_name, scalar_type: #scalar }
                }
            }
        });
        quote! {
            #private::KeyTemplate { attribute: #attribute, parts: &[#(#parts),*] }
        }
    }
}
