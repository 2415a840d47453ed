//! Code generation from a checked [`ModelDescription`]: one file per generated part.

mod decode;
mod encode;
mod fallback;
mod handles;
mod indexes;
mod key;
mod model_impl;
mod rules;

use crate::model::ModelDescription;
use crate::nested::NestedDescription;
use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

pub fn derive_model(input: &DeriveInput) -> TokenStream {
    match ModelDescription::from_ast(input) {
        Ok(model) => expand(&model),
        Err(errors) => {
            let stubs = fallback::expand(input);
            let errors = errors.into_compile_error();
            quote! {
                #errors
                #stubs
            }
        }
    }
}

fn expand(model: &ModelDescription) -> TokenStream {
    let key_struct = key::expand_struct(model);
    let key_impls = key::expand_impls(model);
    let model_impl = model_impl::expand(model);
    let handles = handles::expand(&model.ident, &model.vis, &model.crate_path, &model.handles);
    let index_module = indexes::expand_module(model);
    let index_impls = indexes::expand_impls(model);
    // Without `hooks`, the model gets the empty implementation, so that an implementation of
    // the user's own is a compile error rather than hooks that never run.
    let hooks = (!model.hooks).then(|| {
        let krate = &model.crate_path;
        let ident = &model.ident;
        quote! {
            #[automatically_derived]
            impl #krate::__private::Hooks for #ident {}
        }
    });
    quote! {
        #key_struct
        #handles
        #index_module
        #[doc(hidden)]
        const _: () = {
            #model_impl
            #key_impls
            #index_impls
            #hooks
        };
    }
}

/// The name of the generated function checking a nested struct field's rules.
pub fn check_fn_name(field: &syn::Ident) -> syn::Ident {
    quote::format_ident!("__dynamoxide_check_{}", crate::attr::unraw(field))
}

/// The `dynamoxide::Storage` value for `storage`.
fn storage_tokens(private: &TokenStream, storage: crate::model::Storage) -> TokenStream {
    use crate::model::Storage;
    match storage {
        Storage::Serialized => quote!(#private::Storage::Serialized),
        Storage::Set => quote!(#private::Storage::Set),
        Storage::Binary => quote!(#private::Storage::Binary),
        Storage::Number => quote!(#private::Storage::Number),
    }
}

pub fn derive_attributes(input: &DeriveInput) -> TokenStream {
    match NestedDescription::from_ast(input) {
        Ok(nested) => {
            let handles = handles::expand(
                &nested.ident,
                &nested.vis,
                &nested.crate_path,
                &nested.handles,
            );
            let krate = &nested.crate_path;
            let private = quote!(#krate::__private);
            let validate = rules::expand_validate(&private, &nested.ident, &nested.field_rules);
            let checks = rules::expand_checks(&private, &nested.ident, &nested.field_rules);
            quote! {
                #handles
                #checks
                #[doc(hidden)]
                const _: () = {
                    #validate
                };
            }
        }
        Err(errors) => errors.into_compile_error(),
    }
}
