//! Derive macros for [dynamoxide](https://docs.rs/dynamoxide). Use them through the
//! `dynamoxide` crate, which re-exports them: `use dynamoxide::Model;`.

mod attr;
mod case;
mod collection;
mod ctxt;
mod expand;
mod generated;
mod index;
mod model;
mod nested;
mod options;
mod reader;
mod rules;
mod symbol;
mod template;
mod writer;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Derives `dynamoxide::Model` for a struct with named fields. See the `dynamoxide` crate
/// documentation for the attributes it reads.
#[proc_macro_derive(Model, attributes(dynamo))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive_model(&input).into()
}

/// Derives `dynamoxide::Collection` for an enum with one variant per model of a shared
/// table's partition: `enum OrgItems { Org(Org), Member(Member) }`. See the `dynamoxide`
/// crate documentation.
#[proc_macro_derive(Collection, attributes(dynamo))]
pub fn derive_collection(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    collection::derive(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Derives field handles for a struct stored inside a model (a nested map), so conditions and
/// updates can reach its fields: `User::ADDRESS.then(Address::CITY)`.
#[proc_macro_derive(Attributes, attributes(dynamo))]
pub fn derive_attributes(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive_attributes(&input).into()
}
