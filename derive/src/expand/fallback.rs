//! What the derive emits when the input has mistakes: the errors, plus a `Model` impl and a
//! key type whose bodies never run, so the user sees the real mistakes and not a cascade of
//! "trait not implemented" errors wherever the model is used (thiserror's `fallback.rs`).

use crate::model::default_crate_path;
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
    quote! {
        #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)]
        #vis struct #key_ident;

        const _: () = {
            #[automatically_derived]
            impl #private::Model for #ident {
                type Key = #key_ident;
                const SCHEMA: &'static #private::TableSchema = &#private::TableSchema {
                    model_name: "",
                    table_name: "",
                    hash_key: #private::KeyAttribute { name: "", scalar_type: #private::ScalarType::String },
                    range_key: ::core::option::Option::None,
                    version: ::core::option::Option::None,
                    attributes: &[],
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
            }
        };
    }
}
