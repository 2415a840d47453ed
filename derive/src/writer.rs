//! Which fields a model writes straight into its item, one attribute each, instead of
//! through serde's serializer (`codec::direct` in the runtime): every field, when no serde
//! attribute on the struct or its fields changes how serde writes it, so that the field's
//! attribute name, type and `skip_serializing_if` are all serde would go by.

use crate::attr::{ContainerAttrs, SerdeFieldAttrs};
use crate::model::{not_plain, stored_as_optional};
use syn::{ExprPath, Ident, Type};

/// One field written into its own attribute.
pub struct WriteField {
    pub ident: Ident,
    pub ty: Type,
    pub stored_name: String,
    /// serde's `skip_serializing_if`: the field is left out when it says so.
    pub skip_if: Option<ExprPath>,
    /// An optional attribute's field, left out when `None`.
    pub optional: bool,
}

impl WriteField {
    pub fn new(ident: &Ident, ty: &Type, stored_name: &str, serde: &SerdeFieldAttrs) -> Self {
        WriteField {
            ident: ident.clone(),
            ty: ty.clone(),
            stored_name: stored_name.to_owned(),
            skip_if: serde.skip_serializing_if.clone(),
            optional: stored_as_optional(ty, serde),
        }
    }
}

/// Whether serde writes the field into its attribute alone, as its type does: no skip,
/// flatten, codec or other serde attribute that changes writing (a rename is in its stored
/// name, `skip_serializing_if` in [`WriteField::skip_if`]).
pub fn plain_field(serde: &SerdeFieldAttrs) -> bool {
    not_plain(serde).is_none() && !serde.uninterpreted
}

/// The fields written one attribute each, unless the struct asks for `write_with_serde` or
/// serde's attributes on it or its fields change writing (`all_plain`: [`plain_field`]
/// holds for every field; serde conversions and asymmetric renames are refused before
/// this). Each field is written without serde when its type allows (the runtime's
/// `Direct`), else through serde.
pub fn describe(
    container: &ContainerAttrs,
    all_plain: bool,
    fields: Vec<WriteField>,
) -> Option<Vec<WriteField>> {
    let plain =
        all_plain && container.write_with_serde.get().is_none() && !container.serde.uninterpreted;
    plain.then_some(fields)
}

#[cfg(test)]
pub(crate) mod tests {
    use proc_macro2::TokenStream;
    use quote::quote;

    /// The model with these serde attributes on the struct and on its `name` field (also
    /// the reader's tests').
    pub(crate) fn model(
        container: TokenStream,
        field: TokenStream,
    ) -> crate::model::ModelDescription {
        let input = syn::parse2(quote! {
            #[dynamo(table = "things")]
            #container
            struct Thing {
                #[dynamo(hash_key)]
                id: String,
                #field
                name: Option<String>,
            }
        })
        .unwrap();
        crate::model::ModelDescription::from_ast(&input).unwrap_or_else(|_| {
            panic!("{container} {field} is a valid model");
        })
    }

    fn writes_directly(container: TokenStream, field: TokenStream) -> bool {
        model(container, field).writer.is_some()
    }

    #[test]
    fn serde_attributes_that_change_writing_leave_it_to_serde() {
        assert!(writes_directly(quote!(), quote!()));
        assert!(writes_directly(
            quote!(#[serde(rename_all = "camelCase", rename = "Other", default)]),
            quote!(#[serde(rename = "title", default, alias = "t", skip_deserializing)]),
        ));
        assert!(writes_directly(
            quote!(#[dynamo(read_with_serde)]),
            quote!(#[serde(skip_serializing_if = "Option::is_none")]),
        ));
        for container in [
            quote!(#[dynamo(write_with_serde)]),
            quote!(#[serde(tag = "kind")]),
            quote!(#[serde(bound = "")]),
        ] {
            assert!(!writes_directly(container.clone(), quote!()), "{container}");
        }
        for field in [
            quote!(#[serde(skip)]),
            quote!(#[serde(skip_serializing)]),
            quote!(#[serde(flatten)]),
            quote!(#[serde(with = "codec")]),
            quote!(#[serde(serialize_with = "write")]),
            quote!(#[serde(getter = "Thing::name")]),
            quote!(#[serde(skip_serializing_if = "not a path")]),
        ] {
            assert!(!writes_directly(quote!(), field.clone()), "{field}");
        }
    }

    #[test]
    fn skip_serializing_if_is_kept_for_the_generated_writer() {
        let writer = model(
            quote!(),
            quote!(#[serde(skip_serializing_if = "Option::is_none")]),
        )
        .writer
        .unwrap();
        let skips: Vec<String> = writer
            .iter()
            .map(|field| {
                let path = field.skip_if.as_ref().map(|path| quote!(#path).to_string());
                format!("{}: {}", field.ident, path.unwrap_or_default())
            })
            .collect();
        assert_eq!(skips, ["id: ", "name: Option :: is_none"]);
    }
}
