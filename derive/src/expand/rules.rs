//! The schema rules in code: `Model::__write_rules` (transforms, write defaults,
//! validation), `__read_defaults`, `__after_read` (get transforms), and `Validate` for
//! nested structs.

use crate::rules::{FieldRules, Validator};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::Ident;

/// The `Model` methods that apply the rules of `fields`.
pub fn expand_model_methods(private: &TokenStream, fields: &[FieldRules]) -> TokenStream {
    let writes = fields.iter().map(|field| write_field(private, field));
    let read_defaults = fields
        .iter()
        .filter_map(|field| read_default(private, field));
    let gets = fields.iter().filter_map(|field| {
        let ident = &field.ident;
        let get = field.get.as_ref()?;
        Some(if field.optional {
            quote!(self.#ident = ::core::option::Option::map(self.#ident, #get);)
        } else {
            quote!(self.#ident = #get(self.#ident);)
        })
    });
    let uses_item = fields.iter().any(changes_value);
    let item = if uses_item {
        quote!(mut __item)
    } else {
        quote!(_)
    };
    quote! {
        fn __write_rules(
            &self,
            #item: ::core::option::Option<&mut #private::Item>,
        ) -> #private::Result<()> {
            #[allow(unused_imports)]
            use #private::rules::{NothingNested as _, ValidateNested as _};
            let mut __violations = #private::Violations::default();
            let __root = #private::FieldPath::Root;
            #(#writes)*
            __violations.into_result(<Self as #private::Model>::SCHEMA.model_name)
        }

        fn __read_defaults(__item: &mut #private::Item) -> #private::Result<()> {
            #(#read_defaults)*
            let _ = __item;
            ::core::result::Result::Ok(())
        }

        #[allow(unused_mut)]
        fn __after_read(mut self) -> Self {
            #(#gets)*
            self
        }
    }
}

/// `impl Validate` for a nested struct with `fields`.
pub fn expand_validate(private: &TokenStream, ident: &Ident, fields: &[FieldRules]) -> TokenStream {
    let checks = fields.iter().map(|field| {
        let name = &field.stored_name;
        let field_ident = &field.ident;
        let rules = checks(private, field, quote!(&mut *__violations));
        quote! {
            {
                let __path = #private::FieldPath::Field(__root, #name);
                let __field = &self.#field_ident;
                #rules
                (&&#private::rules::Nested(__field)).validate_nested(&__path, __violations);
            }
        }
    });
    quote! {
        #[automatically_derived]
        impl #private::Validate for #ident {
            fn validate_at(
                &self,
                __root: &#private::FieldPath<'_>,
                __violations: &mut #private::Violations,
            ) {
                #[allow(unused_imports)]
                use #private::rules::{NothingNested as _, ValidateNested as _};
                #(#checks)*
            }
        }
    }
}

/// Whether a write may store something else than the field holds.
fn changes_value(field: &FieldRules) -> bool {
    field.set.is_some() || field.force_default || (field.optional && field.default.is_some())
}

fn write_field(private: &TokenStream, field: &FieldRules) -> TokenStream {
    let ident = &field.ident;
    let ty = &field.ty;
    let name = &field.stored_name;
    let some = quote!(::core::option::Option::Some);
    let binding = if changes_value(field) {
        let start = match (&field.default, field.force_default, field.optional) {
            (Some(default), true, false) => quote!(#default),
            (Some(default), true, true) => quote!(#some(#default)),
            (Some(default), false, true) => quote! {
                match &self.#ident {
                    ::core::option::Option::None => #some(#default),
                    #some(value) => #some(::core::clone::Clone::clone(value)),
                }
            },
            _ => quote!(::core::clone::Clone::clone(&self.#ident)),
        };
        let transformed = match (&field.set, field.optional) {
            (Some(set), true) => quote!(::core::option::Option::map(__start, #set)),
            (Some(set), false) => quote!(#set(__start)),
            (None, _) => quote!(__start),
        };
        quote! {
            let __start: #ty = #start;
            let __owned: #ty = #transformed;
            let __field = &__owned;
        }
    } else {
        quote!(let __field = &self.#ident;)
    };
    let write_back = changes_value(field).then(|| {
        quote! {
            if let #some(__item) = ::core::option::Option::as_deref_mut(&mut __item) {
                __item.insert(
                    #private::String::from(#name),
                    #private::encode_attribute::<Self, _>(__field, #name)?,
                );
            }
        }
    });
    let rules = checks(private, field, quote!(&mut __violations));
    quote! {
        {
            let __path = #private::FieldPath::Field(&__root, #name);
            #binding
            #rules
            (&&#private::rules::Nested(__field)).validate_nested(&__path, &mut __violations);
            #write_back
        }
    }
}

/// The validators of `field`, run on `__field` (a reference to the field's type) at
/// `__path`, recording failures in `violations` (an expression of type `&mut Violations`).
fn checks(private: &TokenStream, field: &FieldRules, violations: TokenStream) -> TokenStream {
    if field.validators.is_empty() {
        return TokenStream::new();
    }
    let rules = quote!(#private::rules);
    let span = field.value_ty.span();
    let calls = field.validators.iter().map(|validator| match validator {
        // Spanned at the field's type: a type that has no length is reported there.
        Validator::Length { min, max } => {
            let min = optional(min.map(|n| quote!(#n)));
            let max = optional(max.map(|n| quote!(#n)));
            quote_spanned!(span=> #rules::length(__value, #min, #max, &__path, __violations);)
        }
        Validator::NonEmpty => {
            quote_spanned!(span=> #rules::non_empty(__value, &__path, __violations);)
        }
        Validator::Range { min, max } => {
            let min = optional(min.clone());
            let max = optional(max.clone());
            quote!(#rules::range(__value, #min, #max, &__path, __violations);)
        }
        Validator::Pattern(pattern) => quote! {
            {
                static PATTERN: #private::LazyLock<#private::Regex> =
                    #private::LazyLock::new(|| {
                        #private::Regex::new(#pattern).expect("checked by #[derive]")
                    });
                #rules::pattern(
                    ::core::convert::AsRef::<str>::as_ref(__value),
                    &PATTERN,
                    &__path,
                    __violations,
                );
            }
        },
        Validator::OneOfStrings(options) => quote! {
            #rules::one_of::<str>(
                ::core::convert::AsRef::<str>::as_ref(__value),
                &[#(#options),*],
                &__path,
                __violations,
            );
        },
        Validator::OneOfNumbers(options) => quote! {
            #rules::one_of(__value, &[#(&#options),*], &__path, __violations);
        },
        Validator::Custom(path) => {
            let name = path
                .segments
                .last()
                .map(|segment| segment.ident.to_string())
                .unwrap_or_default();
            // Called directly, so that deref coercion lets `fn(&str)` check a `String`.
            quote!(#rules::custom(#path(__value), #name, &__path, __violations);)
        }
    });
    let violations = quote!(let __violations: &mut #private::Violations = #violations;);
    if field.optional {
        quote! {
            if let ::core::option::Option::Some(__value) = __field {
                #violations
                #(#calls)*
            }
        }
    } else {
        quote! {
            {
                let __value = __field;
                #violations
                #(#calls)*
            }
        }
    }
}

fn read_default(private: &TokenStream, field: &FieldRules) -> Option<TokenStream> {
    let default = field.default.as_ref()?;
    let name = &field.stored_name;
    let value_ty = &field.value_ty;
    Some(quote! {
        if ::core::option::Option::is_none_or(__item.get(#name), |value| {
            ::core::matches!(value, #private::aws_sdk_dynamodb::types::AttributeValue::Null(true))
        }) {
            let __default: #value_ty = #default;
            __item.insert(
                #private::String::from(#name),
                #private::encode_attribute::<Self, _>(&__default, #name)?,
            );
        }
    })
}

fn optional(value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}
