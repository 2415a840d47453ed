//! What the derive emits when the input has mistakes: the errors, plus a `Model` impl and a
//! key type whose bodies never run, so the user sees the real mistakes and not a cascade of
//! "trait not implemented" errors wherever the model is used (thiserror's `fallback.rs`).

use crate::attr::ContainerAttrs;
use crate::ctxt::Ctxt;
use crate::model::{default_crate_path, index_module};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::DeriveInput;

pub fn expand(input: &DeriveInput) -> TokenStream {
    if !input.generics.params.is_empty() || !matches!(input.data, syn::Data::Struct(_)) {
        return TokenStream::new();
    }
    let krate = default_crate_path();
    let private = quote!(#krate::__private);
    let ident = &input.ident;
    let vis = &input.vis;
    let key_ident = format_ident!("{}Key", ident);
    let module = index_module(ident);
    let inner = super::indexes::inner_visibility(vis);
    // The index types that parsed, so queries naming them do not add errors of their own.
    let mut ignored = Ctxt::default();
    let mut markers = vec![format_ident!("Table")];
    for index in ContainerAttrs::from_ast(&mut ignored, &input.attrs).indexes {
        if let Some(name) = index.name.get() {
            let marker = crate::index::type_ident(&name.value());
            if !markers.contains(&marker) {
                markers.push(marker);
            }
        }
    }
    drop(ignored.check());
    let impls = markers.iter().map(|marker| {
        quote! {
            #[automatically_derived]
            impl #private::Index for #module::#marker {
                type Model = #ident;
                type HashKey = #private::String;
                const INDEX: ::core::option::Option<&'static #private::IndexSchema> = ::core::option::Option::None;
            }
            #[automatically_derived]
            impl #private::RangeKeyed for #module::#marker {
                type RangeKey = #private::String;
            }
            #[automatically_derived]
            impl #private::ProjectsAll for #module::#marker {}
            #[automatically_derived]
            impl #private::ConsistentRead for #module::#marker {}
        }
    });
    quote! {
        #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)]
        #vis struct #key_ident;

        #vis mod #module {
            #(#inner struct #markers;)*
        }

        const _: () = {
            #[automatically_derived]
            impl #private::Model for #ident {
                type Key = #key_ident;
                type Table = #module::Table;
                const SCHEMA: &'static #private::TableSchema = &#private::TableSchema {
                    model_name: "",
                    table_name: "",
                    hash_key: #private::KeyAttribute { name: "", scalar_type: #private::ScalarType::String },
                    range_key: ::core::option::Option::None,
                    version: ::core::option::Option::None,
                    created_at: ::core::option::Option::None,
                    updated_at: ::core::option::Option::None,
                    ttl: ::core::option::Option::None,
                    counters: &[],
                    attributes: &[],
                    indexes: &[],
                    options: #private::TableOptions::DEFAULT,
                    templates: &[],
                    entity: ::core::option::Option::None,
                };
                fn key(&self) -> #key_ident {
                    ::core::unreachable!()
                }
            }

            #[automatically_derived]
            impl #private::ModelKey for #key_ident {
                type Model = #ident;
                fn to_item(&self) -> #private::Result<#private::Item> {
                    ::core::unreachable!()
                }
                fn from_item(_: &#private::Item) -> #private::Result<Self> {
                    ::core::unreachable!()
                }
            }

            #[automatically_derived]
            impl #private::serde::Serialize for #key_ident {
                fn serialize<S: #private::serde::Serializer>(&self, _: S) -> ::core::result::Result<S::Ok, S::Error> {
                    ::core::unreachable!()
                }
            }

            #[automatically_derived]
            impl<'de> #private::serde::Deserialize<'de> for #key_ident {
                fn deserialize<D: #private::serde::Deserializer<'de>>(_: D) -> ::core::result::Result<Self, D::Error> {
                    ::core::unreachable!()
                }
            }

            #(#impls)*
        };
    }
}
