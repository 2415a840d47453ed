//! The checked schema rules of one field: validation, defaults and `set`/`get` transforms.
//! Every rule is checked against the field's type here, at its token.

use crate::attr::{DefaultAttr, FieldAttrs, NumberLit, RuleAttr, TimeKind};
use crate::ctxt::Ctxt;
use crate::model::option_inner;
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::{Ident, LitStr, Path, Type};

pub struct FieldRules {
    pub ident: Ident,
    pub ty: Type,
    pub stored_name: String,
    /// The type the rules see: `T` for `Option<T>`.
    pub value_ty: Type,
    /// The field is an `Option`: rules apply to the value inside, when there is one.
    pub optional: bool,
    pub validators: Vec<Validator>,
    pub default: Option<DefaultValue>,
    /// Write the default on every save, whatever the field holds.
    pub force_default: bool,
    pub set: Option<Path>,
    pub get: Option<Path>,
    pub time: Option<TimeRole>,
    /// `auto = uuid` (`false`) or `auto = uuid_v7` (`true`): an empty value is filled.
    pub auto: Option<bool>,
}

/// A field dynamoxide sets to the time (`created_at`, `updated_at`) or stores as an
/// expiry (`ttl`).
pub struct TimeRole {
    pub kind: TimeKind,
    /// Counted in milliseconds (an integer field that said `millis`), else seconds.
    pub millis: bool,
    /// An `i64` or `u64` epoch count rather than a date type.
    pub integer: bool,
}

/// A time role as the field gives it (or `timestamps` on the struct does), with the tokens
/// to report mistakes at.
pub struct TimeRoleAttr<'a> {
    pub kind: TimeKind,
    pub unit: Option<&'a Ident>,
    pub tokens: TokenStream,
}
pub enum Validator {
    Length {
        min: Option<usize>,
        max: Option<usize>,
    },
    Range {
        min: Option<TokenStream>,
        max: Option<TokenStream>,
    },
    Pattern(LitStr),
    OneOfStrings(Vec<LitStr>),
    OneOfNumbers(Vec<TokenStream>),
    NonEmpty,
    Custom(Path),
}

pub enum DefaultValue {
    Trait,
    Expr(Box<syn::Expr>),
    With(Path),
}

/// Where the field sits, which decides the rules it may have.
pub struct Place<'a> {
    /// A key attribute: `Model::key()` reads the field as it is, so no transform or default
    /// may change what is stored.
    pub is_key: bool,
    /// A field inside a `#[derive(Attributes)]` struct: validation only.
    pub nested: bool,
    /// Why the field's stored form is not its type's (serde `with`, `flatten`, `skip`).
    pub not_plain: Option<&'static str>,
    pub stored_name: &'a str,
    pub time: Option<TimeRoleAttr<'a>>,
    /// The field's checked `auto` (`true`: UUID v7).
    pub auto: Option<bool>,
}

const INTEGERS: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
];
const FLOATS: &[&str] = &["f32", "f64"];

/// Checks the field's rules against its type. `None` for a field not stored as its type,
/// which has no rules (any given are reported) and whose parts are not validated.
pub fn describe(
    cx: &mut Ctxt,
    attrs: &FieldAttrs,
    ident: &Ident,
    ty: &Type,
    place: &Place,
) -> Option<FieldRules> {
    let value_ty = option_inner(ty).unwrap_or(ty);
    let number = primitive_name(value_ty)
        .filter(|name| INTEGERS.contains(&name.as_str()) || FLOATS.contains(&name.as_str()));
    let changing: [(&TokenStream, &str); 4] = [
        (attrs.default.tokens(), "a default"),
        (attrs.force_default.tokens(), "a default"),
        (attrs.set.tokens(), "a `set` transform"),
        (attrs.get.tokens(), "a `get` transform"),
    ];
    for (tokens, what) in changing.iter().filter(|(tokens, _)| !tokens.is_empty()) {
        let problem = if place.nested {
            Some(format!(
                "{what} applies to a model's own fields; a nested struct's fields take `validate` rules only"
            ))
        } else if place.is_key {
            Some(format!(
                "a key attribute cannot have {what}: `key()` would disagree with the stored key"
            ))
        } else {
            place
                .not_plain
                .map(|why| format!("{what} needs the field stored as its type, but {why}"))
        };
        if let Some(problem) = problem {
            cx.error_spanned_by(*tokens, problem);
        }
    }
    if let Some(time) = place
        .time
        .as_ref()
        .filter(|time| time.kind != TimeKind::Ttl)
    {
        let role = time.kind.name();
        for tokens in [
            attrs.default.tokens(),
            attrs.force_default.tokens(),
            attrs.set.tokens(),
        ] {
            if !tokens.is_empty() {
                cx.error_spanned_by(
                    tokens,
                    format!(
                        "dynamoxide writes `{role}` itself: it takes no default or `set` transform"
                    ),
                );
            }
        }
    }
    if attrs.force_default.get().is_some() && attrs.default.get().is_none() {
        cx.error_spanned_by(
            attrs.force_default.tokens(),
            "`force_default` writes the default on every save: give one with `default`, \
             `default = ...` or `default_with = ...`",
        );
    }
    if !attrs.validators.is_empty() && place.not_plain.is_some() {
        cx.error_spanned_by(
            &attrs.validators[0].token,
            format!(
                "validation needs the field stored as its type, but {}",
                place.not_plain.unwrap_or_default()
            ),
        );
    }
    if let (Some(time), true) = (&place.time, place.is_key || place.not_plain.is_some()) {
        cx.error_spanned_by(
            &time.tokens,
            "a timestamp or TTL is written by dynamoxide: it cannot be a key attribute or a \
             field serde skips, flattens or stores with `with`",
        );
    }
    if place.not_plain.is_some() {
        return None;
    }
    let time = place
        .time
        .as_ref()
        .and_then(|time| check_time(cx, time, value_ty));
    let validators = attrs
        .validators
        .iter()
        .filter_map(|validator| {
            check_validator(cx, &validator.rule, &validator.token, number.as_deref())
        })
        .collect();
    Some(FieldRules {
        ident: ident.clone(),
        ty: ty.clone(),
        stored_name: place.stored_name.to_owned(),
        value_ty: value_ty.clone(),
        optional: option_inner(ty).is_some(),
        validators,
        default: attrs.default.get().map(|default| match default {
            DefaultAttr::Trait => DefaultValue::Trait,
            DefaultAttr::Expr(expr) => DefaultValue::Expr(expr.clone()),
            DefaultAttr::With(path) => DefaultValue::With(path.clone()),
        }),
        force_default: attrs.force_default.get().is_some(),
        set: attrs.set.get().cloned(),
        get: attrs.get.get().cloned(),
        time,
        auto: place.auto,
    })
}

fn check_time(cx: &mut Ctxt, time: &TimeRoleAttr, value_ty: &Type) -> Option<TimeRole> {
    let role = time.kind.name();
    let integer = matches!(primitive_name(value_ty).as_deref(), Some("i64" | "u64"));
    let date = last_ident(value_ty)
        .is_some_and(|name| matches!(name.as_str(), "DateTime" | "OffsetDateTime" | "SystemTime"));
    if !integer && !date {
        cx.error_spanned_by(
            value_ty,
            format!(
                "`{role}` applies to i64 or u64 (epoch seconds{}), std::time::SystemTime, \
                 chrono::DateTime<Utc> or time::OffsetDateTime",
                if time.kind == TimeKind::Ttl {
                    ""
                } else {
                    " or millis"
                }
            ),
        );
        return None;
    }
    let millis = time.unit.is_some_and(|unit| unit == "millis");
    if let Some(unit) = time.unit {
        if time.kind == TimeKind::Ttl {
            cx.error_spanned_by(unit, "a TTL is in epoch seconds: DynamoDB's TTL format");
            return None;
        }
        if !integer {
            cx.error_spanned_by(
                unit,
                "`seconds` and `millis` apply to i64 and u64 timestamps",
            );
            return None;
        }
    }
    Some(TimeRole {
        kind: time.kind,
        millis,
        integer,
    })
}

/// The last path segment's name: `DateTime` for `chrono::DateTime<Utc>`.
fn last_ident(ty: &Type) -> Option<String> {
    let Type::Path(path) = ty else { return None };
    Some(path.path.segments.last()?.ident.to_string())
}

fn check_validator(
    cx: &mut Ctxt,
    rule: &RuleAttr,
    token: &Path,
    number: Option<&str>,
) -> Option<Validator> {
    match rule {
        RuleAttr::Length { min, max } => {
            let mut bound = |lit: &Option<syn::LitInt>| match lit {
                None => Some(None),
                Some(lit) => match lit.base10_parse::<usize>() {
                    Ok(value) => Some(Some(value)),
                    Err(_) => {
                        cx.error_spanned_by(lit, "expected a length (a non-negative integer)");
                        None
                    }
                },
            };
            let (min_value, max_value) = (bound(min)?, bound(max)?);
            if min_value.is_none() && max_value.is_none() {
                cx.error_spanned_by(token, "give `min = ...`, `max = ...` or both");
                return None;
            }
            if let (Some(low), Some(high)) = (min_value, max_value) {
                if low > high {
                    cx.error_spanned_by(token, "`min` is greater than `max`");
                    return None;
                }
            }
            Some(Validator::Length {
                min: min_value,
                max: max_value,
            })
        }
        RuleAttr::Range { min, max } => {
            let Some(number) = number else {
                cx.error_spanned_by(
                    token,
                    "`range` applies to numbers (i8..i128, u8..u128, isize, usize, f32, f64); \
                     use `length` for strings and collections",
                );
                return None;
            };
            if min.is_none() && max.is_none() {
                cx.error_spanned_by(token, "give `min = ...`, `max = ...` or both");
                return None;
            }
            let min_value = min.as_ref().map(|lit| number_for(cx, lit, number));
            let max_value = max.as_ref().map(|lit| number_for(cx, lit, number));
            if let (Some(low), Some(high)) = (min, max) {
                if as_f64(low) > as_f64(high) {
                    cx.error_spanned_by(token, "`min` is greater than `max`");
                    return None;
                }
            }
            Some(Validator::Range {
                min: min_value.map(Option::unwrap_or_default),
                max: max_value.map(Option::unwrap_or_default),
            })
        }
        RuleAttr::Pattern(pattern) => {
            if let Err(error) = regex_syntax::Parser::new().parse(&pattern.value()) {
                cx.error_spanned_by(pattern, format!("not a valid regular expression: {error}"));
                return None;
            }
            Some(Validator::Pattern(pattern.clone()))
        }
        RuleAttr::OneOf(options) => {
            if options.is_empty() {
                cx.error_spanned_by(token, "`one_of` needs at least one option");
                return None;
            }
            let strings: Vec<LitStr> = options
                .iter()
                .filter_map(|lit| match lit {
                    syn::Lit::Str(text) => Some(text.clone()),
                    _ => None,
                })
                .collect();
            if strings.len() == options.len() {
                return Some(Validator::OneOfStrings(strings));
            }
            if !strings.is_empty() {
                cx.error_spanned_by(token, "`one_of` options are all strings or all numbers");
                return None;
            }
            let Some(number) = number else {
                cx.error_spanned_by(
                    token,
                    "number options apply to number fields (i8..u128, isize, usize, f32, f64)",
                );
                return None;
            };
            let numbers = options
                .iter()
                .map(|lit| {
                    let (negative, lit) = match lit {
                        syn::Lit::Int(int) if int.base10_digits().starts_with('-') => (
                            true,
                            syn::Lit::Int(syn::LitInt::new(&int.base10_digits()[1..], int.span())),
                        ),
                        syn::Lit::Float(float) if float.base10_digits().starts_with('-') => (
                            true,
                            syn::Lit::Float(syn::LitFloat::new(
                                &float.base10_digits()[1..],
                                float.span(),
                            )),
                        ),
                        other => (false, other.clone()),
                    };
                    number_for(cx, &NumberLit { negative, lit }, number).unwrap_or_default()
                })
                .collect();
            Some(Validator::OneOfNumbers(numbers))
        }
        RuleAttr::NonEmpty => Some(Validator::NonEmpty),
        RuleAttr::Custom(path) => Some(Validator::Custom(path.clone())),
    }
}

/// A bound written for a field of the primitive `number`, as a constant of that type;
/// `None` (with the error recorded) when it does not fit.
fn number_for(cx: &mut Ctxt, number_lit: &NumberLit, number: &str) -> Option<TokenStream> {
    let negative = number_lit.negative;
    let minus = negative.then(|| quote!(-));
    if FLOATS.contains(&number) {
        return match &number_lit.lit {
            syn::Lit::Float(float) if float.suffix().is_empty() || float.suffix() == number => {
                let unsuffixed = syn::LitFloat::new(float.base10_digits(), float.span());
                Some(quote!(#minus #unsuffixed))
            }
            syn::Lit::Int(int) if int.suffix().is_empty() => {
                let float = syn::LitFloat::new(&format!("{}.0", int.base10_digits()), int.span());
                Some(quote!(#minus #float))
            }
            other => {
                cx.error_spanned_by(other, format!("expected an unsuffixed `{number}` bound"));
                None
            }
        };
    }
    let syn::Lit::Int(int) = &number_lit.lit else {
        cx.error_spanned_by(
            number_lit,
            format!("`{number}` is an integer type: expected an integer"),
        );
        return None;
    };
    if !(int.suffix().is_empty() || int.suffix() == number) {
        cx.error_spanned_by(int, format!("expected an unsuffixed `{number}` bound"));
        return None;
    }
    let fits = match int.base10_parse::<u128>() {
        Ok(magnitude) => fits_integer(number, negative, magnitude),
        Err(_) => false,
    };
    if !fits {
        cx.error_spanned_by(number_lit, format!("out of range for `{number}`"));
        return None;
    }
    let unsuffixed = syn::LitInt::new(int.base10_digits(), int.span());
    Some(quote!(#minus #unsuffixed))
}

/// Whether `±magnitude` is a value of the integer type `number`.
pub fn fits_integer(number: &str, negative: bool, magnitude: u128) -> bool {
    let bits: u32 = match number {
        "i8" | "u8" => 8,
        "i16" | "u16" => 16,
        "i32" | "u32" => 32,
        "i64" | "u64" | "isize" | "usize" => 64,
        _ => 128,
    };
    if number.starts_with('u') {
        return (!negative || magnitude == 0) && (bits == 128 || magnitude < 1u128 << bits);
    }
    let limit = 1u128 << (bits - 1);
    if negative {
        magnitude <= limit
    } else {
        magnitude < limit
    }
}

fn as_f64(number: &NumberLit) -> f64 {
    let magnitude = match &number.lit {
        syn::Lit::Int(int) => int.base10_parse::<f64>().unwrap_or(f64::NAN),
        syn::Lit::Float(float) => float.base10_parse::<f64>().unwrap_or(f64::NAN),
        _ => f64::NAN,
    };
    if number.negative {
        -magnitude
    } else {
        magnitude
    }
}

/// `u32` for a type spelled `u32` (no path, no arguments).
fn primitive_name(ty: &Type) -> Option<String> {
    let Type::Path(path) = ty else { return None };
    let ident = path.path.get_ident()?;
    Some(ident.to_string())
}

impl ToTokens for DefaultValue {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            DefaultValue::Trait => quote!(::core::default::Default::default()),
            // A string literal becomes a `String` (or whatever takes one); anything else is
            // written as the field's type.
            DefaultValue::Expr(expr) => match &**expr {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(_),
                    ..
                }) => quote!(::core::convert::Into::into(#expr)),
                _ => quote!(#expr),
            },
            DefaultValue::With(path) => quote!(#path()),
        }
        .to_tokens(tokens);
    }
}
