//! The checked description of a nested struct (`#[derive(Attributes)]`): a struct stored as a
//! map inside a model, which gets field handles but no table or key.

use crate::attr::{ContainerAttrs, FieldAttrs};
use crate::ctxt::Ctxt;
use crate::model::{check_symmetric_rename, not_plain, option_inner, stored_name, Handle, Storage};
use crate::rules::{FieldRules, Place};
use syn::{Data, DeriveInput, Fields, Ident, Path, Visibility};

pub struct NestedDescription {
    pub ident: Ident,
    pub vis: Visibility,
    pub crate_path: Path,
    pub handles: Vec<Handle>,
    pub field_rules: Vec<FieldRules>,
}

impl NestedDescription {
    pub fn from_ast(input: &DeriveInput) -> syn::Result<Self> {
        let mut cx = Ctxt::default();
        let container = ContainerAttrs::from_ast(&mut cx, &input.attrs);
        if container.timestamps.get().is_some() {
            cx.error_spanned_by(
                container.timestamps.tokens(),
                "timestamps belong to a model, not a struct stored inside one",
            );
        }
        if let Some(table) = container.table.get() {
            cx.error_spanned_by(
                table,
                "#[derive(Attributes)] is for structs stored inside a model; derive `Model` for a table's item",
            );
        }
        if !input.generics.params.is_empty() {
            cx.error_spanned_by(
                &input.generics,
                "#[derive(Attributes)] does not support generic structs",
            );
        }
        let fields = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(fields) => fields.named.iter().collect(),
                _ => Vec::new(),
            },
            _ => {
                cx.error_spanned_by(
                    &input.ident,
                    "#[derive(Attributes)] is for structs with named fields",
                );
                Vec::new()
            }
        };
        let mut handles = Vec::new();
        let mut field_rules = Vec::new();
        for field in fields {
            let Some(ident) = &field.ident else { continue };
            let attrs = FieldAttrs::from_ast(&mut cx, &field.attrs);
            for flag in [&attrs.hash_key, &attrs.range_key, &attrs.version] {
                if flag.get().is_some() {
                    cx.error_spanned_by(
                        flag.tokens(),
                        "keys and versions belong to a model's own fields, not a nested struct's",
                    );
                }
            }
            for (flag, what) in [
                (&attrs.extra, "`extra`"),
                (&attrs.set_type, "`set`"),
                (&attrs.number, "`number`"),
            ] {
                if flag.get().is_some() {
                    cx.error_spanned_by(
                        flag.tokens(),
                        format!("{what} applies to a model's own fields, not a nested struct's"),
                    );
                }
            }
            for tokens in [
                attrs.time.tokens(),
                attrs.auto.tokens(),
                attrs.counter.tokens(),
            ] {
                if !tokens.is_empty() {
                    cx.error_spanned_by(
                        tokens,
                        "timestamps, TTL, `auto` ids and counters belong to a model's own \
                         fields, not a nested struct's",
                    );
                }
            }
            let serde = &attrs.serde;
            check_symmetric_rename(&mut cx, &container, ident, serde);
            let name = stored_name(&container, ident, serde);
            let mut check = None;
            if let Some(rules) = crate::rules::describe(
                &mut cx,
                &attrs,
                ident,
                &field.ty,
                &Place {
                    is_key: false,
                    nested: true,
                    not_plain: not_plain(serde),
                    stored_name: &name,
                    time: None,
                    auto: None,
                },
            ) {
                check = Some(crate::expand::check_fn_name(ident));
                field_rules.push(rules);
            }
            if serde.skip.is_some()
                || serde.skip_serializing.is_some()
                || serde.flatten.is_some()
                || serde.custom_codec.is_some()
            {
                continue;
            }
            handles.push(Handle {
                field: ident.clone(),
                stored_name: name,
                value_ty: option_inner(&field.ty).unwrap_or(&field.ty).clone(),
                is_key: false,
                // Only a model's own set fields are stored as DynamoDB sets; below the top
                // level a set is stored as a list.
                storage: Storage::Serialized,
                check,
            });
        }
        cx.check()?;
        Ok(NestedDescription {
            ident: input.ident.clone(),
            vis: input.vis.clone(),
            crate_path: container.crate_path(),
            handles,
            field_rules,
        })
    }
}
