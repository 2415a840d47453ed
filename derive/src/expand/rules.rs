//! The schema rules in code: `Model::__write_rules` (transforms, write defaults,
//! validation), `__read_defaults`, `__after_read` (get transforms), and `Validate` for
//! nested structs.

use crate::attr::TimeKind;
use crate::rules::{FieldRules, Validator};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::Ident;

/// The `Model` methods that apply the rules of `fields`.
pub fn expand_model_methods(
    private: &TokenStream,
    fields: &[FieldRules],
    extra: Option<&Ident>,
) -> TokenStream {
    let writes = fields.iter().map(|field| write_field(private, field));
    let before_read = fields.iter().map(|field| before_read(private, field));
    let update_arms = fields.iter().map(|field| update_arm(private, field));
    let gets = fields.iter().filter_map(|field| {
        let ident = &field.ident;
        let get = field.get.as_ref()?;
        Some(if field.optional {
            quote!(self.#ident = ::core::option::Option::map(self.#ident, #get);)
        } else {
            quote!(self.#ident = #get(self.#ident);)
        })
    });
    let updated_at = fields
        .iter()
        .find(|field| {
            field
                .time
                .as_ref()
                .is_some_and(|time| time.kind == TimeKind::Updated)
        })
        .map(|field| {
            let (name, value_ty) = (&field.stored_name, &field.value_ty);
            let unit = unit(private, field);
            quote! {
                ::core::result::Result::Ok(::core::option::Option::Some((
                    #name,
                    #private::time::now_attribute::<Self, #value_ty>(#unit, #name)?,
                )))
            }
        })
        .unwrap_or_else(|| quote!(::core::result::Result::Ok(::core::option::Option::None)));
    let write_extra = extra.map(|extra| {
        quote! {
            if let ::core::option::Option::Some(__item) = ::core::option::Option::as_deref_mut(&mut __item) {
                // The schema's attributes win, stored or not (an optional one's `None`).
                for (__name, __value) in &self.#extra {
                    if !#private::names_attribute::<Self>(__name) {
                        __item
                            .entry(::core::clone::Clone::clone(__name))
                            .or_insert_with(|| ::core::clone::Clone::clone(__value));
                    }
                }
            }
        }
    });
    let (take_extra, read_extra) = match extra {
        Some(extra) => (
            quote!(::core::option::Option::Some(#private::take_unknown::<Self>(__item))),
            quote! {
                if let ::core::option::Option::Some(__extra) = __extra {
                    self.#extra = ::core::iter::Iterator::collect(::core::iter::IntoIterator::into_iter(__extra));
                }
            },
        ),
        None => (
            quote!(::core::option::Option::None),
            quote!(let _ = __extra;),
        ),
    };
    let changes_item = extra.is_some() || fields.iter().any(writes_item);
    let item = if changes_item {
        quote!(mut __item)
    } else {
        quote!(_)
    };
    let create = if fields.iter().any(|field| {
        field
            .time
            .as_ref()
            .is_some_and(|time| time.kind == TimeKind::Created)
    }) {
        quote!(__create)
    } else {
        quote!(_)
    };
    quote! {
        const __RULES_CHANGE_ITEM: bool = #changes_item;

        fn __write_rules(
            &self,
            #item: ::core::option::Option<&mut #private::Item>,
            #create: bool,
        ) -> #private::Result<()> {
            #[allow(unused_imports)]
            use #private::rules::{NothingNested as _, ValidateNested as _};
            let mut __violations = #private::Violations::default();
            let __root = #private::FieldPath::Root;
            #(#writes)*
            #write_extra
            __violations.into_result(<Self as #private::Model>::SCHEMA.model_name)
        }

        fn __before_read(
            __item: &mut #private::Item,
        ) -> #private::Result<::core::option::Option<#private::Item>> {
            #(#before_read)*
            let _ = &__item;
            ::core::result::Result::Ok(#take_extra)
        }

        #[allow(unused_mut)]
        fn __after_read(mut self, __extra: ::core::option::Option<#private::Item>) -> Self {
            #(#gets)*
            #read_extra
            self
        }

        fn __update_rules(
            __name: &str,
            __value: #private::aws_sdk_dynamodb::types::AttributeValue,
            __violations: &mut #private::Violations,
        ) -> #private::Result<#private::aws_sdk_dynamodb::types::AttributeValue> {
            #[allow(unused_imports)]
            use #private::rules::{
                NothingNested as _, ProbeNested as _, ProbeNothing as _, ValidateNested as _,
            };
            let _ = &__violations;
            match __name {
                #(#update_arms)*
                _ => ::core::result::Result::Ok(__value),
            }
        }

        fn __updated_at() -> #private::Result<
            ::core::option::Option<(&'static str, #private::aws_sdk_dynamodb::types::AttributeValue)>,
        > {
            #updated_at
        }
    }
}

/// `impl Validate` for a nested struct with `fields`.
pub fn expand_validate(private: &TokenStream, ident: &Ident, fields: &[FieldRules]) -> TokenStream {
    let checks = fields.iter().map(|field| {
        let name = &field.stored_name;
        let field_ident = &field.ident;
        let rules = checks(private, field, quote!(&mut *__violations), field.optional);
        quote! {
            {
                let __path = #private::FieldPath::Field(__root, #name);
                let __field = &self.#field_ident;
                #rules
                (&&#private::rules::Nested(__field)).__dynamoxide_validate_nested(&__path, __violations);
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

/// For each field of a nested struct, a function checking its rules on a value written
/// through its handle (`User::ADDRESS.then(Address::ZIP)` in an update).
pub fn expand_checks(private: &TokenStream, ident: &Ident, fields: &[FieldRules]) -> TokenStream {
    let functions = fields.iter().map(|field| {
        let name = crate::expand::check_fn_name(&field.ident);
        let value_ty = &field.value_ty;
        let rules = checks(private, field, quote!(&mut *__violations), false);
        quote! {
            #[doc(hidden)]
            fn #name(
                __value: &#value_ty,
                __path: &#private::FieldPath<'_>,
                __violations: &mut #private::Violations,
            ) {
                #[allow(unused_imports)]
                use #private::rules::{NothingNested as _, ValidateNested as _};
                let __path = *__path;
                let __field = __value;
                #rules
                (&&#private::rules::Nested(__field)).__dynamoxide_validate_nested(&__path, &mut *__violations);
            }
        }
    });
    quote! {
        #[automatically_derived]
        impl #ident {
            #(#functions)*
        }
    }
}

/// Whether a write may store something else than the field holds.
fn changes_value(field: &FieldRules) -> bool {
    field.set.is_some()
        || field.force_default
        || (field.optional && field.default.is_some())
        || field.auto.is_some()
}

/// Whether a write puts something into the item for the field.
fn writes_item(field: &FieldRules) -> bool {
    changes_value(field) || writes_time(field)
}

/// Whether the field's time role puts a value into the item on a write: every role but an
/// integer TTL, which is stored as the writer wrote it.
fn writes_time(field: &FieldRules) -> bool {
    field
        .time
        .as_ref()
        .is_some_and(|time| !(time.kind == TimeKind::Ttl && time.integer))
}

/// The `EpochUnit` of a time field.
fn unit(private: &TokenStream, field: &FieldRules) -> TokenStream {
    if field.time.as_ref().is_some_and(|time| time.millis) {
        quote!(#private::EpochUnit::Millis)
    } else {
        quote!(#private::EpochUnit::Seconds)
    }
}

/// A TTL stored as epoch seconds rather than as its type's serde form.
fn ttl_as_seconds(field: &FieldRules) -> bool {
    field
        .time
        .as_ref()
        .is_some_and(|time| time.kind == TimeKind::Ttl && !time.integer)
}

fn write_field(private: &TokenStream, field: &FieldRules) -> TokenStream {
    let ident = &field.ident;
    let ty = &field.ty;
    let name = &field.stored_name;
    let some = quote!(::core::option::Option::Some);
    let binding = if changes_value(field) {
        let start = match (&field.default, field.force_default, field.optional) {
            _ if field.auto.is_some() => {
                let version = match field.auto {
                    Some(true) => quote!(V7),
                    _ => quote!(V4),
                };
                quote!(#private::AutoId::filled(&self.#ident, #private::UuidVersion::#version))
            }
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
                #private::store_written::<Self>(
                    __item,
                    #name,
                    #private::encode_attribute::<Self, _>(__field, #name)?,
                );
            }
        }
    });
    let written_time = field.time.as_ref().filter(|_| writes_time(field));
    let time = written_time.map(|time| {
        let value_ty = &field.value_ty;
        let unit = unit(private, field);
        let now = quote! {
            __item.insert(
                #private::String::from(#name),
                #private::time::now_attribute::<Self, #value_ty>(#unit, #name)?,
            );
        };
        let write = match time.kind {
            TimeKind::Updated => now,
            TimeKind::Created if field.optional => quote! {
                if __create || ::core::option::Option::is_none(__field) {
                    #now
                }
            },
            TimeKind::Created => quote! {
                if __create {
                    #now
                }
            },
            TimeKind::Ttl => {
                let present = if field.optional {
                    quote!(::core::option::Option::as_ref(__field))
                } else {
                    quote!(::core::option::Option::Some(__field))
                };
                quote! {
                    if let #some(__expiry) = #present {
                        __item.insert(
                            #private::String::from(#name),
                            #private::time::ttl_attribute(__expiry),
                        );
                    }
                }
            }
        };
        quote! {
            if let #some(__item) = ::core::option::Option::as_deref_mut(&mut __item) {
                #write
            }
        }
    });
    let rules = checks(private, field, quote!(&mut __violations), field.optional);
    quote! {
        {
            let __path = #private::FieldPath::Field(&__root, #name);
            #binding
            #rules
            (&&#private::rules::Nested(__field)).__dynamoxide_validate_nested(&__path, &mut __violations);
            #write_back
            #time
        }
    }
}

/// The match arm of `__update_rules` for a field whose whole value an update sets, when it
/// has rules to apply.
fn update_arm(private: &TokenStream, field: &FieldRules) -> TokenStream {
    let name = &field.stored_name;
    let value_ty = &field.value_ty;
    // A field without rules of its own is decoded only when its type has nested rules.
    let guard = (field.validators.is_empty() && field.set.is_none() && !ttl_as_seconds(field))
        .then(|| quote!(if (&&#private::rules::Probe::<#value_ty>::new()).__dynamoxide_has_nested_rules()));
    let transformed = match &field.set {
        Some(set) => quote!(#set(__decoded)),
        None => quote!(__decoded),
    };
    let rules = checks(private, field, quote!(&mut *__violations), false);
    let encoded = if ttl_as_seconds(field) {
        quote!(::core::result::Result::Ok(#private::time::ttl_attribute(__field)))
    } else {
        quote!(#private::encode_attribute::<Self, _>(__field, #name))
    };
    quote! {
        #name #guard => {
            let __decoded: #value_ty = #private::decode_attribute::<Self, #value_ty>(__value, #name)?;
            let __owned: #value_ty = #transformed;
            let __field = &__owned;
            let __root = #private::FieldPath::Root;
            let __path = #private::FieldPath::Field(&__root, #name);
            #rules
            (&&#private::rules::Nested(__field)).__dynamoxide_validate_nested(&__path, &mut *__violations);
            #encoded
        }
    }
}

/// The validators of `field`, run on `__field` (a reference to the field's type) at
/// `__path`, recording failures in `violations` (an expression of type `&mut Violations`).
fn checks(
    private: &TokenStream,
    field: &FieldRules,
    violations: TokenStream,
    in_option: bool,
) -> TokenStream {
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
                static PATTERN: #private::LazyLock<
                    ::core::result::Result<#private::Regex, #private::RegexError>,
                > = #private::LazyLock::new(|| #private::Regex::new(#pattern));
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
    if in_option {
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

fn before_read(private: &TokenStream, field: &FieldRules) -> TokenStream {
    let name = &field.stored_name;
    let value_ty = &field.value_ty;
    let default = field.default.as_ref().map(|default| {
        quote! {
            if ::core::option::Option::is_none_or(#private::HashMap::get(&*__item, #name), |value| {
                ::core::matches!(value, #private::aws_sdk_dynamodb::types::AttributeValue::Null(true))
            }) {
                let __default: #value_ty = #default;
                __item.insert(
                    #private::String::from(#name),
                    #private::encode_attribute::<Self, _>(&__default, #name)?,
                );
            }
        }
    });
    let ttl = ttl_as_seconds(field)
        .then(|| quote!(#private::time::ttl_for_read::<Self, #value_ty>(__item, #name)?;));
    quote!(#default #ttl)
}

fn optional(value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}
