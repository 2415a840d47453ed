//! `__encode`: the model written into its item one attribute per field ([`WriteField`]), in
//! declared order, each left out when its `skip_serializing_if` says so, or when it is an
//! optional attribute's `None` (`store_encoded`), and the item's size summed as each field
//! tells its own while the sum is still known (`EncodedItem::sizing`). Each call is on
//! `&&FieldAs::<T>::NEW`, which writes without serde when the runtime can (`WriteDirect`,
//! which also tells the value's size) and through serde otherwise (`WriteSerde`, which
//! leaves it to the limits' walk).

use crate::writer::WriteField;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

pub fn expand(private: &TokenStream, fields: Option<&[WriteField]>) -> Option<TokenStream> {
    let fields = fields?;
    let count = fields.len();
    // Out of reach of the `skip_serializing_if` paths written among the fields.
    let item = Ident::new("item", Span::mixed_site());
    let written = Ident::new("written", Span::mixed_site());
    let writes = fields.iter().map(|field| {
        let (ident, ty, name) = (&field.ident, &field.ty, &field.stored_name);
        let optional = field.optional;
        let write = quote! {
            let #written = (&&#private::FieldAs::<#ty>::NEW).__dynamoxide_write_field(
                &self.#ident,
                #name,
                #private::EncodedItem::sizing(&#item),
            )?;
            #private::store_encoded(&mut #item, #name, #written, #optional);
        };
        match &field.skip_if {
            Some(skip_if) => quote!(if !#skip_if(&self.#ident) { #write }),
            None => write,
        }
    });
    Some(quote! {
        const __GENERATED_WRITER: bool = true;

        fn __encode(
            &self,
        ) -> ::core::result::Result<#private::EncodedItem, #private::CodecError> {
            use #private::{WriteDirect as _, WriteSerde as _};
            let mut #item = #private::EncodedItem::for_model::<Self>(#count);
            #(#writes)*
            ::core::result::Result::Ok(#item)
        }
    })
}
