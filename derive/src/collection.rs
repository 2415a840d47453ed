//! `#[derive(Collection)]` on an enum whose variants each hold one model: the checked
//! description (every variant a one-field tuple variant, no model twice) and `impl
//! Collection`, with compile-time checks that the models share a table and partition.

use crate::ctxt::Ctxt;
use crate::symbol::{CRATE, DYNAMO};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, LitStr, Path, Type};

struct Variant {
    ident: Ident,
    model: Type,
}

pub fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut cx = Ctxt::default();
    let crate_path = crate_path(&mut cx, input);
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "#[derive(Collection)] goes on an enum with one variant per model: `Org(Org)`",
        ));
    };
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(&input.generics, "a collection cannot be generic");
    }
    let mut variants: Vec<Variant> = Vec::new();
    for variant in &data.variants {
        match &variant.fields {
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                let model = fields.unnamed[0].ty.clone();
                let spelled = quote!(#model).to_string();
                if variants.iter().any(|known| {
                    let known = &known.model;
                    quote!(#known).to_string() == spelled
                }) {
                    cx.error_spanned_by(&model, "this model is in the collection already");
                    continue;
                }
                variants.push(Variant {
                    ident: variant.ident.clone(),
                    model,
                });
            }
            _ => cx.error_spanned_by(variant, "each variant holds one model: `Member(Member)`"),
        }
    }
    if data.variants.is_empty() {
        cx.error_spanned_by(&input.ident, "a collection needs at least one model");
    }
    // The impl of the well-formed variants goes out with the errors, so that uses of the
    // enum do not add errors of their own.
    let errors = cx.check().err().map(|error| error.to_compile_error());
    let expanded = (!variants.is_empty()).then(|| expand(input, &crate_path, &variants));
    Ok(quote!(#expanded #errors))
}

fn crate_path(cx: &mut Ctxt, input: &DeriveInput) -> Path {
    let mut path = None;
    for attr in input.attrs.iter().filter(|attr| attr.path() == DYNAMO) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path == CRATE {
                let value: LitStr = meta.value()?.parse()?;
                path = Some(value.parse()?);
                Ok(())
            } else {
                Err(meta.error("a collection takes only `crate = \"...\"`"))
            }
        });
        if let Err(error) = result {
            cx.syn_error(error);
        }
    }
    path.unwrap_or_else(crate::model::default_crate_path)
}

fn expand(input: &DeriveInput, krate: &Path, variants: &[Variant]) -> TokenStream {
    let private = quote!(#krate::__private);
    let ident = &input.ident;
    let vis = &input.vis;
    let first = &variants[0].model;
    let models: Vec<&Type> = variants.iter().map(|variant| &variant.model).collect();
    let schema = |model: &Type| quote!(<#model as #private::Model>::SCHEMA);
    let arms = variants.iter().map(|variant| {
        let (name, model) = (&variant.ident, &variant.model);
        let entity = schema(model);
        quote! {
            ::core::option::Option::Some(entity) if entity == #private::entity_name(#entity) => {
                #private::from_item::<#model>(item).map(#ident::#name)
            }
        }
    });
    let checks = variants.iter().enumerate().map(|(position, variant)| {
        let model = &variant.model;
        let this = schema(model);
        let first_schema = schema(first);
        let span = model.span();
        let named = quote!(#model).to_string().replace(' ', "");
        let first_named = quote!(#first).to_string().replace(' ', "");
        let no_entity = format!(
            "`{named}` has no entity type: give it #[dynamo(entity)] or key templates to be in \
             a collection"
        );
        let other_partition = format!(
            "`{named}` is not in the partition of `{first_named}`: a collection's models share \
             the table, the key attributes, the hash key template and the entity-type attribute"
        );
        let mut checks = vec![quote_spanned! {span=>
            const _: () = ::core::assert!(::core::option::Option::is_some(&#this.entity), #no_entity);
            const _: () = ::core::assert!(#private::same_partition(#first_schema, #this), #other_partition);
        }];
        if position == 0 {
            let no_range = format!(
                "`{named}` has no range key: a collection is the items of one partition, told \
                 apart by their sort keys"
            );
            checks.push(quote_spanned! {span=>
                const _: () = ::core::assert!(::core::option::Option::is_some(&#this.range_key), #no_range);
            });
        }
        for other in &variants[..position] {
            let other_model = &other.model;
            let that = schema(other_model);
            let other_named = quote!(#other_model).to_string().replace(' ', "");
            let same_entity = format!(
                "`{named}` and `{other_named}` have the same entity name: a collection tells its \
                 models apart by it"
            );
            let indexes = format!(
                "`{named}` and `{other_named}` define an index of the same name with other keys"
            );
            checks.push(quote_spanned! {span=>
                const _: () = ::core::assert!(!#private::same_entity(#that, #this), #same_entity);
                const _: () = ::core::assert!(#private::compatible_indexes(#that, #this), #indexes);
            });
        }
        quote!(#(#checks)*)
    });
    quote! {
        const _: () = {
            /// The partition of the collection: the first model's table, with the stored sort
            /// key as it is.
            #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug)]
            #vis struct Partition;

            #[automatically_derived]
            impl #private::Index for Partition {
                type Model = #first;
                type HashKey = <<#first as #private::Model>::Table as #private::Index>::HashKey;
                const INDEX: ::core::option::Option<&'static #private::IndexSchema> =
                    ::core::option::Option::None;
            }

            #[automatically_derived]
            impl #private::RangeKeyed for Partition {
                type RangeKey = #private::String;
            }

            #[automatically_derived]
            impl #private::ProjectsAll for Partition {}

            #[automatically_derived]
            impl #private::ConsistentRead for Partition {}

            #[automatically_derived]
            impl #private::Collection for #ident {
                type Index = Partition;

            const SCHEMAS: &'static [&'static #private::TableSchema] = &[#(<#models as #private::Model>::SCHEMA),*];

            const ENTITIES: &'static [&'static str] = &[#(#private::entity_name(<#models as #private::Model>::SCHEMA)),*];

            fn from_item(item: #private::Item) -> #private::Result<Self> {
                match #private::entity_of::<Self>(&item) {
                    #(#arms)*
                    _ => ::core::result::Result::Err(#private::unknown_entity::<Self>(&item)),
                }
            }
            }
        };

        #(#checks)*
    }
}
