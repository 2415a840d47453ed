//! Which fields a model reads straight from its stored item, one attribute each, instead of
//! through serde's visitors (`codec::direct` in the runtime): every field, when serde's
//! attributes on the struct and its fields are at most `rename` and `rename_all`, so that
//! the field's attribute name is all serde would go by.

use crate::attr::{SerdeContainerAttrs, SerdeFieldAttrs};
use crate::index::FieldInfo;
use syn::{GenericArgument, Ident, PathArguments, Type};

/// One field read from its own attribute.
pub struct ReadField {
    pub ident: Ident,
    pub ty: Type,
    pub stored_name: String,
    /// A type read without serde from the shape it is stored in ([`is_direct`]).
    pub direct: bool,
    /// Taken out of the item before the others are read as the item is walked: lists read
    /// without serde ([`describe`] says why).
    pub taken_first: bool,
}

/// Whether serde reads the field from its attribute alone, as its type does: no default,
/// skip, flatten, alias, codec or other serde attribute (a rename is in its stored name).
pub fn plain_field(serde: &SerdeFieldAttrs) -> bool {
    !serde.default
        && serde.skip.is_none()
        && serde.skip_serializing.is_none()
        && serde.skip_deserializing.is_none()
        && serde.flatten.is_none()
        && serde.custom_codec.is_none()
        && serde.alias.is_none()
        && !serde.uninterpreted
}

/// The fields read one attribute each, when the struct's and fields' serde attributes allow
/// it (`all_plain`: [`plain_field`] holds for every field): lists read without serde are
/// taken out of the item first, then the item is walked once for the others.
///
/// Why lists first: measured, not explained. In the end-to-end scan bench (both sides
/// through dynamoxide, only the reader differing, 15 rounds of 26,000 items), taking an
/// order's `Vec<String>` out first and the other fields after it made reads take
/// 0.89–0.93× the CPU time of serde's, as much as hand-written code doing the same; taking
/// it fifth, in declared order, 0.99–1.00× of serde's. The work is the same either way;
/// where the difference goes (the order the item's memory is touched and freed in) could
/// not be seen without hardware counters. The others are read as the item is walked rather
/// than taken out by name: no hashing of each name.
pub fn describe(
    container: &SerdeContainerAttrs,
    all_plain: bool,
    fields: &[FieldInfo],
) -> Option<Vec<ReadField>> {
    let plain = all_plain
        && !container.default
        && container.conversion.is_none()
        && container.asymmetric_rename_all.is_none()
        && !container.uninterpreted;
    plain.then(|| {
        fields
            .iter()
            .map(|field| {
                let direct = is_direct(&field.ty);
                ReadField {
                    ident: field.ident.clone(),
                    ty: field.ty.clone(),
                    stored_name: field.stored_name.clone(),
                    direct,
                    taken_first: direct && is_list(&field.ty),
                }
            })
            .collect()
    })
}

/// Whether a type is spelled `Vec<..>` or `Option<Vec<..>>`.
fn is_list(ty: &Type) -> bool {
    let ty = crate::model::option_inner(ty).unwrap_or(ty);
    matches!(ty, Type::Path(path) if path.path.segments.last().is_some_and(|last| last.ident == "Vec"))
}

/// The scalar types read without serde, by the names they are spelled with.
const SCALARS: &[&str] = &[
    "String", "bool", "i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32", "u64", "u128", "f32",
    "f64",
];

/// Whether a type is a [`SCALARS`] one, or `Option` or `Vec` of such a type (not `Vec<u8>`,
/// stored as a binary), each spelled by its bare name as the prelude has it.
fn is_direct(ty: &Type) -> bool {
    let Type::Path(path) = ty else { return false };
    if path.qself.is_some() || path.path.leading_colon.is_some() || path.path.segments.len() != 1 {
        return false;
    }
    let segment = &path.path.segments[0];
    match &segment.arguments {
        PathArguments::None => SCALARS.iter().any(|scalar| segment.ident == scalar),
        PathArguments::AngleBracketed(arguments) if arguments.args.len() == 1 => {
            let Some(GenericArgument::Type(inner)) = arguments.args.first() else {
                return false;
            };
            let byte = matches!(inner, Type::Path(inner) if inner.path.is_ident("u8"));
            (segment.ident == "Option" || (segment.ident == "Vec" && !byte)) && is_direct(inner)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::TokenStream;
    use quote::quote;

    /// Whether the model with these serde attributes on the struct and on its `name` field
    /// gets a reader.
    fn reads_directly(container: TokenStream, field: TokenStream) -> bool {
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
        let model = crate::model::ModelDescription::from_ast(&input).unwrap_or_else(|_| {
            panic!("{container} {field} is a valid model");
        });
        model.reader.is_some()
    }

    #[test]
    fn lists_read_without_serde_are_taken_first() {
        let input = syn::parse2(quote! {
            #[dynamo(table = "orders")]
            struct Order {
                #[dynamo(hash_key)]
                id: String,
                total: f64,
                lines: Vec<String>,
                tags: std::collections::HashSet<String>,
                notes: Option<Vec<String>>,
                blob: Vec<u8>,
            }
        })
        .unwrap();
        let model = crate::model::ModelDescription::from_ast(&input).unwrap_or_else(|_| {
            panic!("a valid model");
        });
        let first: Vec<String> = model
            .reader
            .unwrap()
            .iter()
            .filter(|read| read.taken_first)
            .map(|read| read.ident.to_string())
            .collect();
        assert_eq!(first, ["lines", "notes"]);
    }

    #[test]
    fn serde_attributes_but_renames_leave_the_reading_to_serde() {
        assert!(reads_directly(quote!(), quote!()));
        assert!(reads_directly(
            quote!(#[serde(rename_all = "camelCase")]),
            quote!(#[serde(rename = "title")]),
        ));
        for container in [
            quote!(#[serde(deny_unknown_fields)]),
            quote!(#[serde(default)]),
            quote!(#[serde(rename = "Other")]),
        ] {
            assert!(!reads_directly(container.clone(), quote!()), "{container}");
        }
        for field in [
            quote!(#[serde(default)]),
            quote!(#[serde(alias = "title")]),
            quote!(#[serde(skip)]),
            quote!(#[serde(skip_deserializing)]),
            quote!(#[serde(with = "codec")]),
            quote!(#[serde(deserialize_with = "read")]),
            quote!(#[serde(bound = "")]),
        ] {
            assert!(!reads_directly(quote!(), field.clone()), "{field}");
        }
    }

    #[test]
    fn direct_types_are_scalars_and_options_and_lists_of_them() {
        let direct = |ty: &str| is_direct(&syn::parse_str::<Type>(ty).unwrap());
        for ty in [
            "String",
            "u64",
            "f32",
            "bool",
            "Option<i128>",
            "Vec<String>",
        ] {
            assert!(direct(ty), "{ty}");
        }
        for ty in ["Option<Vec<Option<f64>>>", "Vec<Vec<u64>>", "Vec<bool>"] {
            assert!(direct(ty), "{ty}");
        }
        for ty in [
            "Vec<u8>",
            "Option<Vec<u8>>",
            "Vec<Vec<u8>>",
            "std::string::String",
            "::core::option::Option<u8>",
            "usize",
            "char",
            "HashSet<String>",
            "Address",
            "<T as Trait>::Out",
            "(u8, u8)",
            "Result<u8, String>",
        ] {
            assert!(!direct(ty), "{ty}");
        }
    }
}
