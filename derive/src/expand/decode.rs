//! `__decode`: the model read from its stored item one attribute per field
//! ([`ReadField`]): the fields taken first are taken out by name (the runtime's `take`),
//! then the item is walked once, each attribute read into its field (`read`, or
//! `read_serde` for types read through serde), and a field whose attribute never came is
//! what a missing one reads as (`present`, `present_serde`).

use crate::reader::ReadField;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn expand(private: &TokenStream, fields: Option<&[ReadField]>) -> Option<TokenStream> {
    let fields = fields?;
    let local = |index: usize| format_ident!("__field_{}", index);
    let mut taken = Vec::new();
    let mut slots = Vec::new();
    let mut arms = Vec::new();
    let mut presents = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        let (local, ty, name) = (local(index), &field.ty, &field.stored_name);
        if field.taken_first {
            taken.push(quote!(let #local = #private::take::<#ty>(&mut __item, #name)?;));
            continue;
        }
        let (read, present) = if field.direct {
            (quote!(read), quote!(present))
        } else {
            (quote!(read_serde), quote!(present_serde))
        };
        slots.push(
            quote!(let mut #local: ::core::option::Option<#ty> = ::core::option::Option::None;),
        );
        arms.push(quote! {
            #name => #local = ::core::option::Option::Some(#private::#read::<#ty>(__value, #name)?),
        });
        presents.push(quote!(let #local = #private::#present::<#ty>(#local, #name)?;));
    }
    let inits = fields.iter().enumerate().map(|(index, field)| {
        let (ident, local) = (&field.ident, local(index));
        quote!(#ident: #local)
    });
    Some(quote! {
        #[allow(unused_mut)]
        fn __decode(
            mut __item: #private::Item,
        ) -> ::core::result::Result<Self, #private::CodecError> {
            #(#taken)*
            #(#slots)*
            for (__name, __value) in __item {
                match __name.as_str() {
                    #(#arms)*
                    _ => {}
                }
            }
            #(#presents)*
            ::core::result::Result::Ok(Self { #(#inits),* })
        }
    })
}
