//! Fields whose values dynamoxide generates: `auto = uuid` ids and `counter`s. Each is
//! checked against the field's type and its other roles here, at its token.

use crate::attr::FieldAttrs;
use crate::ctxt::Ctxt;
use crate::model::{not_plain, option_inner};
use syn::Type;

/// A `#[dynamo(counter)]` attribute.
pub struct CounterDescription {
    pub stored_name: String,
    pub start: i64,
    pub delta: i64,
}

/// The UUID version of an `auto` field (`true`: v7), when the field may have one.
pub fn auto(cx: &mut Ctxt, attrs: &FieldAttrs, ty: &Type) -> Option<bool> {
    let v7 = *attrs.auto.get()?;
    let tokens = attrs.auto.tokens();
    let inner = option_inner(ty).unwrap_or(ty);
    let fits = matches!(last_ident(inner).as_deref(), Some("String" | "Uuid"));
    let problem = if !fits {
        Some("`auto` fills a `String`, a `uuid::Uuid` or an `Option` of one with a fresh UUID")
    } else if let Some(why) = not_plain(&attrs.serde) {
        cx.error_spanned_by(
            tokens,
            format!("`auto` writes the field's value itself, but {why}"),
        );
        return None;
    } else if attrs.default.get().is_some() || attrs.force_default.get().is_some() {
        Some("a field has either `auto` or a default: both fill an empty value")
    } else if attrs.time.get().is_some() || attrs.version.get().is_some() {
        Some("a timestamp, TTL or version is written by dynamoxide, not generated as an id")
    } else {
        None
    };
    if let Some(problem) = problem {
        cx.error_spanned_by(tokens, problem);
        return None;
    }
    Some(v7)
}

/// The counter a `#[dynamo(counter(..))]` field is, when it may be one.
pub fn counter(
    cx: &mut Ctxt,
    attrs: &FieldAttrs,
    ty: &Type,
    is_key: bool,
    stored_name: &str,
) -> Option<CounterDescription> {
    const INTEGERS: &[&str] = &["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64"];
    let counter = attrs.counter.get()?;
    let tokens = attrs.counter.tokens();
    let integer = last_ident(ty).filter(|name| INTEGERS.contains(&name.as_str()));
    let problem = if is_key {
        Some("a key attribute cannot be a counter: every update changes a counter")
    } else if integer.is_none() {
        cx.error_spanned_by(
            ty,
            "#[dynamo(counter)] needs an integer field (i8 to i64, u8 to u64)",
        );
        return None;
    } else if attrs.version.get().is_some() {
        Some("a field is either the version or a counter: both are incremented by dynamoxide")
    } else if attrs.time.get().is_some()
        || attrs.auto.get().is_some()
        || attrs.default.get().is_some()
        || attrs.set.get().is_some()
    {
        Some("dynamoxide writes a counter itself: it takes no timestamp role, `auto`, default or `set` transform")
    } else if not_plain(&attrs.serde).is_some() {
        Some("a counter is stored as its number: it cannot be skipped, flattened or stored with serde `with`")
    } else {
        None
    };
    if let Some(problem) = problem {
        cx.error_spanned_by(tokens, problem);
        return None;
    }
    let integer = integer.unwrap_or_default();
    let start = bound(
        cx,
        &integer,
        counter.start.as_ref(),
        counter.start_negative,
        0,
    )?;
    let delta = bound(
        cx,
        &integer,
        counter.delta.as_ref(),
        counter.delta_negative,
        1,
    )?;
    if delta == 0 {
        cx.error_spanned_by(&counter.delta, "a counter's `delta` cannot be 0");
        return None;
    }
    Some(CounterDescription {
        stored_name: stored_name.to_owned(),
        start,
        delta,
    })
}

/// `start` or `delta`: `default` when not given; otherwise it must fit the field's type and
/// an `i64`.
fn bound(
    cx: &mut Ctxt,
    integer: &str,
    value: Option<&syn::LitInt>,
    negative: bool,
    default: i64,
) -> Option<i64> {
    let Some(value) = value else {
        return Some(default);
    };
    let Ok(magnitude) = value.base10_parse::<u128>() else {
        cx.error_spanned_by(value, "expected an integer");
        return None;
    };
    let fits = crate::rules::fits_integer(integer, negative, magnitude)
        && crate::rules::fits_integer("i64", negative, magnitude);
    if !fits {
        cx.error_spanned_by(
            value,
            format!(
                "{}{magnitude} does not fit the counter's type `{integer}`",
                if negative { "-" } else { "" }
            ),
        );
        return None;
    }
    let magnitude = i128::try_from(magnitude).ok()?;
    i64::try_from(if negative { -magnitude } else { magnitude }).ok()
}

/// The last path segment's name: `Uuid` for `uuid::Uuid`.
fn last_ident(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) if path.qself.is_none() => path
            .path
            .segments
            .last()
            .map(|segment| segment.ident.to_string()),
        _ => None,
    }
}
