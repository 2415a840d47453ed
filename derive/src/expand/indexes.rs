//! The index module (`user_index`): a marker type for the table's own key and one per
//! secondary index, with the `Index` impls that type queries and scans.

use crate::attr::IndexKind;
use crate::index::{IndexDescription, IndexKey, Projection, TABLE_TYPE};
use crate::model::ModelDescription;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Type, Visibility};

/// The module with the marker types; placed beside the model.
pub fn expand_module(model: &ModelDescription) -> TokenStream {
    let vis = &model.vis;
    let module = &model.index_module;
    let inner = inner_visibility(vis);
    let ident = &model.ident;
    let table = format_ident!("{TABLE_TYPE}");
    let module_doc = format!(
        "The indexes of [`{ident}`](super::{ident}), to query or scan: \
         `db.query::<{ident}>().index::<{module}::...>()`."
    );
    let table_doc = format!(
        "The primary key of `{}`: what `db.query::<{ident}>()` reads unless told otherwise.",
        model.table_name.value()
    );
    let indexes = model.indexes.iter().map(|index| {
        let type_ident = &index.type_ident;
        let doc = format!(
            "The {} secondary index `{}`.",
            match index.kind {
                IndexKind::Global => "global",
                IndexKind::Local => "local",
            },
            index.name.value()
        );
        quote! {
            #[doc = #doc]
            #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug)]
            #inner struct #type_ident;
        }
    });
    quote! {
        #[doc = #module_doc]
        #vis mod #module {
            #[doc = #table_doc]
            #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug)]
            #inner struct #table;
            #(#indexes)*
        }
    }
}

/// `impl Index` (and the capability traits) for every marker type.
pub fn expand_impls(model: &ModelDescription) -> TokenStream {
    let krate = &model.crate_path;
    let private = quote!(#krate::__private);
    let ident = &model.ident;
    let module = &model.index_module;
    let table = format_ident!("{TABLE_TYPE}");
    let table_hash = &model.hash_key.value_ty;
    // A constant range template (`"#PROFILE"`) has nothing to query by.
    let table_range = model
        .range_key
        .as_ref()
        .filter(|key| {
            key.template
                .as_ref()
                .is_none_or(|template| template.fields().next().is_some())
        })
        .map(|key| &key.value_ty);
    let table_impls = impls(
        model,
        &quote!(#module::#table),
        table_hash,
        table_range,
        quote!(::core::option::Option::None),
        true,
        true,
    );
    let index_impls = model.indexes.iter().enumerate().map(|(position, index)| {
        let type_ident = &index.type_ident;
        let schema = quote! {
            ::core::option::Option::Some(&<#ident as #private::Model>::SCHEMA.indexes[#position])
        };
        impls(
            model,
            &quote!(#module::#type_ident),
            &index.hash_key.value_ty,
            index.range_key.as_ref().map(|key| &key.value_ty),
            schema,
            matches!(index.projection, Projection::All),
            index.kind == IndexKind::Local,
        )
    });
    quote! {
        #table_impls
        #(#index_impls)*
    }
}

fn impls(
    model: &ModelDescription,
    marker: &TokenStream,
    hash: &Type,
    range: Option<&Type>,
    schema: TokenStream,
    projects_all: bool,
    consistent: bool,
) -> TokenStream {
    let krate = &model.crate_path;
    let private = quote!(#krate::__private);
    let ident = &model.ident;
    let range_impl = range.map(|range| {
        quote! {
            #[automatically_derived]
            impl #private::RangeKeyed for #marker {
                type RangeKey = #range;
            }
        }
    });
    let projects_all = projects_all.then(|| {
        quote! {
            #[automatically_derived]
            impl #private::ProjectsAll for #marker {}
        }
    });
    let consistent = consistent.then(|| {
        quote! {
            #[automatically_derived]
            impl #private::ConsistentRead for #marker {}
        }
    });
    quote! {
        #[automatically_derived]
        impl #private::Index for #marker {
            type Model = #ident;
            type HashKey = #hash;
            const INDEX: ::core::option::Option<&'static #private::IndexSchema> = #schema;
        }
        #range_impl
        #projects_all
        #consistent
    }
}

/// The `IndexSchema` values of `TableSchema::indexes`.
pub fn expand_schemas(model: &ModelDescription) -> Vec<TokenStream> {
    let krate = &model.crate_path;
    let private = quote!(#krate::__private);
    model
        .indexes
        .iter()
        .map(|index: &IndexDescription| {
            let name = &index.name;
            let kind = match index.kind {
                IndexKind::Global => quote!(Global),
                IndexKind::Local => quote!(Local),
            };
            let hash_key = index_key_attribute(&private, &index.hash_key);
            let range_key = match &index.range_key {
                Some(key) => {
                    let key = index_key_attribute(&private, key);
                    quote!(::core::option::Option::Some(#key))
                }
                None => quote!(::core::option::Option::None),
            };
            let projection = match &index.projection {
                Projection::All => quote!(#private::Projection::All),
                Projection::KeysOnly => quote!(#private::Projection::KeysOnly),
                Projection::Include(names) => quote!(#private::Projection::Include(&[#(#names),*])),
            };
            let throughput = match &index.throughput {
                Some(throughput) => {
                    let throughput = throughput.expand(&private);
                    quote!(::core::option::Option::Some(#throughput))
                }
                None => quote!(::core::option::Option::None),
            };
            quote! {
                #private::IndexSchema {
                    name: #name,
                    kind: #private::IndexKind::#kind,
                    hash_key: #hash_key,
                    range_key: #range_key,
                    projection: #projection,
                    throughput: #throughput,
                }
            }
        })
        .collect()
}

/// The `KeyAttribute` of an index key: a string when a template composes it.
pub fn index_key_attribute(private: &TokenStream, key: &IndexKey) -> TokenStream {
    if key.composed {
        let name = &key.stored_name;
        quote! {
            #private::KeyAttribute { name: #name, scalar_type: #private::ScalarType::String }
        }
    } else {
        key_attribute(private, &key.stored_name, &key.value_ty)
    }
}

/// A `KeyAttribute` whose type is checked through `KeyScalar`, reported at the field's type.
pub fn key_attribute(private: &TokenStream, name: &str, ty: &Type) -> TokenStream {
    let scalar_type = quote_spanned!(ty.span()=> <#ty as #private::KeyScalar>::SCALAR_TYPE);
    quote! {
        #private::KeyAttribute { name: #name, scalar_type: #scalar_type }
    }
}

/// The visibility that makes an item inside the index module as visible as the model is
/// beside it (private → `pub(super)`, `pub(super)` → `pub(in super::super)`).
pub fn inner_visibility(vis: &Visibility) -> TokenStream {
    match vis {
        Visibility::Inherited => quote!(pub(super)),
        Visibility::Public(_) => quote!(pub),
        Visibility::Restricted(restricted) => {
            let path = &restricted.path;
            let mut segments = path.segments.iter();
            match segments.next() {
                // `self` (the model's module) is `super` from inside the index module.
                Some(first) if first.ident == "self" => {
                    let rest = segments.map(|segment| &segment.ident);
                    quote!(pub(in super #(::#rest)*))
                }
                Some(first) if first.ident == "super" => quote!(pub(in super::#path)),
                _ => quote!(#vis),
            }
        }
    }
}
