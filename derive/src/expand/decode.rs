//! `__decode`: the model read from its stored item one attribute per field
//! ([`ReadField`]): the fields taken first are taken out by name, then the item is walked
//! once, each attribute read into its field, and a field whose attribute never came is what
//! a missing one reads as. Each call is on `&&FieldAs::<T>::NEW`, which reads without serde
//! when the runtime can (`ReadDirect`) and through serde otherwise (`ReadSerde`).

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
        let reader = quote!((&&#private::FieldAs::<#ty>::NEW));
        if field.taken_first {
            taken.push(quote! {
                let #local = ::core::option::Option::map(#private::HashMap::remove(&mut __item, #name), |__value| {
                    #reader.__dynamoxide_read_field(__value, #name)
                });
                let #local = #reader.__dynamoxide_present_field(#local.transpose()?, #name)?;
            });
        } else {
            slots.push(quote! {
                let mut #local: ::core::option::Option<#ty> = ::core::option::Option::None;
            });
            arms.push(quote! {
                #name => #local = ::core::option::Option::Some(#reader.__dynamoxide_read_field(__value, #name)?),
            });
            presents.push(quote!(let #local = #reader.__dynamoxide_present_field(#local, #name)?;));
        }
    }
    let inits = fields.iter().enumerate().map(|(index, field)| {
        let (ident, local) = (&field.ident, local(index));
        quote!(#ident: #local)
    });
    Some(quote! {
        const __GENERATED_READER: bool = true;

        #[allow(unused_mut)]
        fn __decode(
            mut __item: #private::Item,
        ) -> ::core::result::Result<Self, #private::CodecError> {
            use #private::{ReadDirect as _, ReadSerde as _};
            #(#taken)*
            #(#slots)*
            for (__name, __value) in __item {
                match #private::String::as_str(&__name) {
                    #(#arms)*
                    _ => {}
                }
            }
            #(#presents)*
            ::core::result::Result::Ok(Self { #(#inits),* })
        }
    })
}
