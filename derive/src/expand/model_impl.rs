//! `impl Model for X`: the schema constant and `key()`.

use super::indexes::{expand_schemas, index_key_attribute};
use crate::model::{ModelDescription, Presence};
use proc_macro2::TokenStream;
use quote::quote;

pub fn expand(model: &ModelDescription) -> TokenStream {
    let krate = &model.crate_path;
    let private = quote!(#krate::__private);
    let ident = &model.ident;
    let key_ident = &model.key_ident;
    let model_name = ident.to_string();
    let table_name = &model.table_name;

    // Spanned at the field's type, so a type that cannot be a key is reported there.
    let hash_key = index_key_attribute(&private, &model.hash_key);
    let range_key = match &model.range_key {
        Some(key) => {
            let key = index_key_attribute(&private, key);
            quote!(::core::option::Option::Some(#key))
        }
        None => quote!(::core::option::Option::None),
    };
    let attributes = model.attributes.iter().map(|attribute| {
        let field_name = &attribute.field_name;
        let name = &attribute.stored_name;
        let storage = super::storage_tokens(&private, attribute.storage);
        let presence = match attribute.presence {
            Presence::Required => quote!(Required),
            Presence::Optional => quote!(Optional),
            Presence::Defaulted => quote!(Defaulted),
            Presence::Flattened => quote!(Flattened),
        };
        quote! {
            #private::AttributeSchema {
                field_name: #field_name,
                name: #name,
                presence: #private::Presence::#presence,
                storage: #storage,
            }
        }
    });
    let version = match &model.version {
        Some(name) => quote!(::core::option::Option::Some(#name)),
        None => quote!(::core::option::Option::None),
    };
    let optional_name = |name: &Option<String>| match name {
        Some(name) => quote!(::core::option::Option::Some(#name)),
        None => quote!(::core::option::Option::None),
    };
    let (created_at, updated_at, ttl) = (
        optional_name(&model.created_at),
        optional_name(&model.updated_at),
        optional_name(&model.ttl),
    );
    let indexes = expand_schemas(model);
    let options = model.options.expand(&private);
    let module = &model.index_module;
    let templates = model.templates().map(|template| template.expand(&private));
    let template_checks = model
        .templates()
        .map(|template| template.expand_checks(&private));
    let entity = match &model.entity {
        Some((attribute, name)) => quote! {
            ::core::option::Option::Some(#private::Entity { attribute: #attribute, name: #name })
        },
        None => quote!(::core::option::Option::None),
    };
    let key_fields = model.key_fields.iter().map(|key| {
        let field = &key.ident;
        quote!(#field: ::core::clone::Clone::clone(&self.#field))
    });

    let decode = super::decode::expand(&private, model.reader.as_deref());
    let encode = super::encode::expand(&private, model.writer.as_deref());
    let rules =
        super::rules::expand_model_methods(&private, &model.field_rules, model.extra.as_ref());
    let counters = model.counters.iter().map(|counter| {
        let (name, start, delta) = (&counter.stored_name, counter.start, counter.delta);
        quote!(#private::Counter { name: #name, start: #start, delta: #delta })
    });
    let hooks = model.hooks.then(|| {
        quote! {
            const __HOOKS: bool = true;

            fn __before_write(
                __event: &#private::WriteEvent<'_, Self>,
            ) -> #private::HookResult {
                <Self as #private::Hooks>::before_write(__event)
            }

            fn __after_write(__event: &#private::WriteEvent<'_, Self>) {
                <Self as #private::Hooks>::after_write(__event)
            }

            fn __after_read_hook(&mut self) -> #private::HookResult {
                <Self as #private::Hooks>::after_read(self)
            }
        }
    });

    quote! {
        #[automatically_derived]
        impl #private::Model for #ident {
            type Key = #key_ident;
            type Table = #module::Table;

            const SCHEMA: &'static #private::TableSchema = &#private::TableSchema {
                model_name: #model_name,
                table_name: #table_name,
                hash_key: #hash_key,
                range_key: #range_key,
                version: #version,
                created_at: #created_at,
                updated_at: #updated_at,
                ttl: #ttl,
                counters: &[#(#counters),*],
                attributes: &[#(#attributes),*],
                indexes: &[#(#indexes),*],
                options: #options,
                templates: &[#(#templates),*],
                entity: #entity,
            };

            fn key(&self) -> #key_ident {
                #key_ident { #(#key_fields),* }
            }

            #decode
            #encode
            #rules
            #hooks
        }

        #(#template_checks)*
    }
}
