//! The typed field handles (`User::EMAIL: Field<User, String>`) that conditions and updates
//! are written with.

use crate::model::Handle;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Ident, Path, Visibility};

pub fn expand(
    ident: &Ident,
    vis: &Visibility,
    crate_path: &Path,
    handles: &[Handle],
) -> TokenStream {
    let private = quote!(#crate_path::__private);
    let consts = handles.iter().map(|handle| {
        let name = format_ident!("{}", crate::attr::unraw(&handle.field).to_uppercase());
        let stored = &handle.stored_name;
        let ty = &handle.value_ty;
        let kind = if handle.is_key {
            quote!(KeyField)
        } else {
            quote!(Field)
        };
        let storage = super::storage_tokens(&private, handle.storage);
        let checked = handle
            .check
            .as_ref()
            .map(|check| quote!(.checked_by(#ident::#check)));
        let doc = format!("The `{stored}` attribute, for conditions and updates.");
        quote! {
            #[doc = #doc]
            #vis const #name: #private::#kind<#ident, #ty> = #private::#kind::stored_as(#stored, #storage)#checked;
        }
    });
    quote! {
        #[automatically_derived]
        #[allow(dead_code)]
        impl #ident {
            #(#consts)*
        }
    }
}
