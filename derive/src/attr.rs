//! Reads `#[dynamo(...)]` and the `#[serde(...)]` attributes that decide stored names into
//! plain values. Every malformed `dynamo` attribute is reported at its token; `serde`
//! attributes are read leniently because serde itself reports their mistakes.

use crate::case::RenameRule;
use crate::ctxt::Ctxt;
use crate::options::{TableOptionsAttrs, ThroughputAttr};
use crate::symbol::*;
use crate::template::{EntityAttr, KeyTemplateAttr};
use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, ExprPath, Ident, LitStr, Path};

/// An attribute value that may be given at most once.
pub struct Attr<T> {
    name: Symbol,
    tokens: TokenStream,
    value: Option<T>,
}

impl<T> Attr<T> {
    pub fn none(name: Symbol) -> Self {
        Attr {
            name,
            tokens: TokenStream::new(),
            value: None,
        }
    }

    pub fn set<A: ToTokens>(&mut self, cx: &mut Ctxt, obj: A, value: T) {
        let tokens = obj.into_token_stream();
        if self.value.is_some() {
            cx.error_spanned_by(
                tokens,
                format!("duplicate dynamo attribute `{}`", self.name),
            );
        } else {
            self.tokens = tokens;
            self.value = Some(value);
        }
    }

    pub fn get(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// The tokens the value was written with, for errors about it.
    pub fn tokens(&self) -> &TokenStream {
        &self.tokens
    }
}

/// A flag such as `hash_key`, remembering the token it was written with.
pub type Flag = Attr<()>;

/// `#[dynamo(...)]` and `#[serde(...)]` on the struct.
pub struct ContainerAttrs {
    /// Some `#[dynamo(...)]` on the struct did not parse (already reported).
    pub malformed: bool,
    pub table: Attr<LitStr>,
    pub crate_path: Attr<Path>,
    /// `timestamps`: the fields `created_at` and `updated_at` are the timestamps.
    pub timestamps: Flag,
    /// `hooks`: the model implements `Hooks` itself.
    pub hooks: Flag,
    /// `read_with_serde`: items are read through the model's `Deserialize`, with no
    /// generated reader (for a `Deserialize` written by hand).
    pub read_with_serde: Flag,
    /// `write_with_serde`: models are written through their `Serialize`, with no generated
    /// writer (for a `Serialize` written by hand).
    pub write_with_serde: Flag,
    /// `gsi(...)` and `lsi(...)`, in the order written.
    pub indexes: Vec<IndexAttrs>,
    /// `billing`, `table_class`, `tags`, `stream`, `deletion_protection`, `encryption`.
    pub options: TableOptionsAttrs,
    /// `hash_key = "ORG#{org_id}"`: the table's key composed from fields.
    pub hash_template: Attr<KeyTemplateAttr>,
    pub range_template: Attr<KeyTemplateAttr>,
    /// `entity`: the entity-type attribute (implied by key templates).
    pub entity: Attr<EntityAttr>,
    pub serde: SerdeContainerAttrs,
}

/// Global or local secondary index.
#[derive(Copy, Clone, PartialEq, Eq)]
pub enum IndexKind {
    Global,
    Local,
}

/// One `#[dynamo(gsi(...))]` or `#[dynamo(lsi(...))]`: field names as written, unchecked.
pub struct IndexAttrs {
    pub kind: IndexKind,
    /// The `gsi` / `lsi` token, for errors about the index as a whole.
    pub token: Path,
    pub name: Attr<LitStr>,
    pub hash_key: Attr<LitStr>,
    pub range_key: Attr<LitStr>,
    pub projection: Attr<ProjectionAttr>,
    pub throughput: Attr<ThroughputAttr>,
    /// `hash_key(attribute = "...", template = "...")`: a key composed from fields.
    pub hash_template: Attr<KeyTemplateAttr>,
    pub range_template: Attr<KeyTemplateAttr>,
}

/// `projection = all | keys_only | include(["field", ...])`.
pub enum ProjectionAttr {
    All,
    KeysOnly,
    Include(Vec<LitStr>),
}

#[derive(Default)]
pub struct SerdeContainerAttrs {
    /// The rule for the names serde writes.
    pub rename_all: Option<RenameRule>,
    /// `rename_all` with different rules (or a rule on one side only) for writing and reading.
    pub asymmetric_rename_all: Option<Path>,
    pub default: bool,
    /// `transparent`, `from`, `try_from` or `into`: the struct is not stored as its fields.
    pub conversion: Option<Path>,
    /// Some serde attribute other than those above and `rename` (`deny_unknown_fields`,
    /// `bound`...).
    pub uninterpreted: bool,
}

/// `#[dynamo(...)]` and `#[serde(...)]` on one field.
pub struct FieldAttrs {
    pub hash_key: Flag,
    pub range_key: Flag,
    pub version: Flag,
    /// `validate(...)` rules and `validate = path`, in the order written.
    pub validators: Vec<ValidatorAttr>,
    pub default: Attr<DefaultAttr>,
    pub force_default: Flag,
    pub set: Attr<Path>,
    pub get: Attr<Path>,
    /// `created_at`, `updated_at` or `ttl`.
    pub time: Attr<TimeAttr>,
    /// `extra`: the field keeps the attributes the schema does not name.
    pub extra: Flag,
    /// `set` (without a value): stored as a DynamoDB set whatever the type's name.
    pub set_type: Flag,
    /// `number`: the string serde writes is stored as a number.
    pub number: Flag,
    /// `auto = uuid` or `auto = uuid_v7`: the `uuid_v7` flag.
    pub auto: Attr<bool>,
    /// `counter` or `counter(start = .., delta = ..)`.
    pub counter: Attr<CounterAttr>,
    pub serde: SerdeFieldAttrs,
}

/// `counter(start = .., delta = ..)`, each optional (0 and 1).
pub struct CounterAttr {
    pub start: Option<syn::LitInt>,
    pub start_negative: bool,
    pub delta: Option<syn::LitInt>,
    pub delta_negative: bool,
}

/// What a time field is for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TimeKind {
    Created,
    Updated,
    Ttl,
}

impl TimeKind {
    /// The attribute that gives the role, as written: `created_at`, `updated_at`, `ttl`.
    pub fn name(self) -> &'static str {
        match self {
            TimeKind::Created => CREATED_AT.as_str(),
            TimeKind::Updated => UPDATED_AT.as_str(),
            TimeKind::Ttl => TTL.as_str(),
        }
    }
}

/// `created_at`, `updated_at(millis)`, `ttl`...
pub struct TimeAttr {
    pub kind: TimeKind,
    /// `seconds` or `millis`, when written.
    pub unit: Option<Ident>,
}

/// One validation rule as written, with the token it was written with.
pub struct ValidatorAttr {
    pub token: Path,
    pub rule: RuleAttr,
}

pub enum RuleAttr {
    Length {
        min: Option<syn::LitInt>,
        max: Option<syn::LitInt>,
    },
    Range {
        min: Option<NumberLit>,
        max: Option<NumberLit>,
    },
    Pattern(LitStr),
    OneOf(Vec<syn::Lit>),
    NonEmpty,
    Custom(Path),
}

/// A number literal, possibly negative: `-5`, `2.5`.
#[derive(Clone)]
pub struct NumberLit {
    pub negative: bool,
    pub lit: syn::Lit,
}

impl ToTokens for NumberLit {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        if self.negative {
            syn::Token![-](self.lit.span()).to_tokens(tokens);
        }
        self.lit.to_tokens(tokens);
    }
}

/// `default`, `default = expr` or `default_with = path`.
pub enum DefaultAttr {
    Trait,
    Expr(Box<syn::Expr>),
    With(Path),
}

#[derive(Default)]
pub struct SerdeFieldAttrs {
    /// The name serde writes, when renamed.
    pub rename_serialize: Option<String>,
    /// The name serde reads, when renamed.
    pub rename_deserialize: Option<String>,
    /// The `rename` token, for errors about it.
    pub rename_path: Option<Path>,
    pub default: bool,
    pub skip: Option<Path>,
    pub skip_serializing: Option<Path>,
    pub skip_deserializing: Option<Path>,
    pub flatten: Option<Path>,
    pub custom_codec: Option<Path>,
    pub alias: Option<Path>,
    /// `skip_serializing_if = "path"`: the function that says when serde leaves it out.
    pub skip_serializing_if: Option<ExprPath>,
    /// Some serde attribute other than those above (`borrow`, `bound`, `getter`, a
    /// `skip_serializing_if` that is not a path...).
    pub uninterpreted: bool,
}

impl ContainerAttrs {
    /// The path generated code names: `#[dynamo(crate = "...")]`, or `::dynamoxide`.
    pub fn crate_path(&self) -> Path {
        self.crate_path
            .get()
            .cloned()
            .unwrap_or_else(crate::model::default_crate_path)
    }

    pub fn from_ast(cx: &mut Ctxt, attrs: &[Attribute]) -> Self {
        let mut table = Attr::none(TABLE);
        let mut crate_path = Attr::none(CRATE);
        let mut timestamps = Flag::none(TIMESTAMPS);
        let mut hooks = Flag::none(HOOKS);
        let mut read_with_serde = Flag::none(READ_WITH_SERDE);
        let mut write_with_serde = Flag::none(WRITE_WITH_SERDE);
        let mut indexes = Vec::new();
        let mut options = TableOptionsAttrs::new();
        let mut hash_template = Attr::none(HASH_KEY);
        let mut range_template = Attr::none(RANGE_KEY);
        let mut entity = Attr::none(ENTITY);
        let mut malformed = false;
        for attr in attrs.iter().filter(|attr| attr.path() == DYNAMO) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path == TABLE {
                    let value: LitStr = meta.value()?.parse()?;
                    table.set(cx, &meta.path, value);
                } else if meta.path == CRATE {
                    let value: LitStr = meta.value()?.parse()?;
                    let path: Path = value.parse()?;
                    crate_path.set(cx, &meta.path, path);
                } else if meta.path == GSI || meta.path == LSI {
                    indexes.push(IndexAttrs::parse(cx, &meta)?);
                } else if meta.path == TIMESTAMPS {
                    timestamps.set(cx, &meta.path, ());
                } else if meta.path == HOOKS {
                    hooks.set(cx, &meta.path, ());
                } else if meta.path == READ_WITH_SERDE {
                    read_with_serde.set(cx, &meta.path, ());
                } else if meta.path == WRITE_WITH_SERDE {
                    write_with_serde.set(cx, &meta.path, ());
                } else if meta.path == HASH_KEY {
                    hash_template.set(cx, &meta.path, KeyTemplateAttr::parse(&meta)?);
                } else if meta.path == RANGE_KEY {
                    range_template.set(cx, &meta.path, KeyTemplateAttr::parse(&meta)?);
                } else if meta.path == ENTITY {
                    entity.set(cx, &meta.path, EntityAttr::parse(&meta)?);
                } else if !options.parse(cx, &meta)? {
                    let known = [
                        TABLE,
                        CRATE,
                        GSI,
                        LSI,
                        TIMESTAMPS,
                        HOOKS,
                        READ_WITH_SERDE,
                        WRITE_WITH_SERDE,
                        HASH_KEY,
                        RANGE_KEY,
                        ENTITY,
                    ];
                    let expected: Vec<&str> = known
                        .iter()
                        .chain(&TableOptionsAttrs::NAMES)
                        .map(|symbol| symbol.as_str())
                        .collect();
                    return Err(unknown(&meta, "container", &expected));
                }
                Ok(())
            });
            if let Err(error) = result {
                malformed = true;
                cx.syn_error(error);
            }
        }
        ContainerAttrs {
            malformed,
            table,
            crate_path,
            timestamps,
            hooks,
            read_with_serde,
            write_with_serde,
            indexes,
            options,
            hash_template,
            range_template,
            entity,
            serde: SerdeContainerAttrs::from_ast(attrs),
        }
    }
}

impl IndexAttrs {
    fn parse(cx: &mut Ctxt, meta: &ParseNestedMeta) -> syn::Result<Self> {
        let kind = if meta.path == GSI {
            IndexKind::Global
        } else {
            IndexKind::Local
        };
        let mut index = IndexAttrs {
            kind,
            token: meta.path.clone(),
            name: Attr::none(NAME),
            hash_key: Attr::none(HASH_KEY),
            range_key: Attr::none(RANGE_KEY),
            projection: Attr::none(PROJECTION),
            throughput: Attr::none(THROUGHPUT),
            hash_template: Attr::none(HASH_KEY),
            range_template: Attr::none(RANGE_KEY),
        };
        meta.parse_nested_meta(|inner| {
            if inner.path == NAME {
                let value: LitStr = inner.value()?.parse()?;
                index.name.set(cx, &inner.path, value);
            } else if inner.path == HASH_KEY && inner.input.peek(syn::token::Paren) {
                let template = KeyTemplateAttr::parse(&inner)?;
                index.hash_template.set(cx, &inner.path, template);
            } else if inner.path == RANGE_KEY && inner.input.peek(syn::token::Paren) {
                let template = KeyTemplateAttr::parse(&inner)?;
                index.range_template.set(cx, &inner.path, template);
            } else if inner.path == HASH_KEY {
                let value: LitStr = inner.value()?.parse()?;
                index.hash_key.set(cx, &inner.path, value);
            } else if inner.path == RANGE_KEY {
                let value: LitStr = inner.value()?.parse()?;
                index.range_key.set(cx, &inner.path, value);
            } else if inner.path == PROJECTION {
                let projection = ProjectionAttr::parse(&inner)?;
                index.projection.set(cx, &inner.path, projection);
            } else if inner.path == THROUGHPUT {
                let token = inner.path.require_ident()?;
                let throughput = ThroughputAttr::parse_group(inner.input, token, "throughput")?;
                index.throughput.set(cx, &inner.path, throughput);
            } else {
                return Err(unknown(
                    &inner,
                    "index",
                    &[
                        NAME.as_str(),
                        HASH_KEY.as_str(),
                        RANGE_KEY.as_str(),
                        PROJECTION.as_str(),
                        THROUGHPUT.as_str(),
                    ],
                ));
            }
            Ok(())
        })?;
        Ok(index)
    }
}

impl ProjectionAttr {
    fn parse(meta: &ParseNestedMeta) -> syn::Result<Self> {
        let input = meta.value()?;
        let word: Ident = input.parse()?;
        if word == ALL {
            Ok(ProjectionAttr::All)
        } else if word == KEYS_ONLY {
            Ok(ProjectionAttr::KeysOnly)
        } else if word == INCLUDE {
            let content;
            syn::parenthesized!(content in input);
            let list;
            syn::bracketed!(list in content);
            let fields = list.parse_terminated(|input| input.parse::<LitStr>(), syn::Token![,])?;
            if !content.is_empty() {
                return Err(content.error("expected `include([\"field\", ...])`"));
            }
            Ok(ProjectionAttr::Include(fields.into_iter().collect()))
        } else {
            Err(syn::Error::new_spanned(
                word,
                "expected a projection: `all`, `keys_only` or `include([\"field\", ...])`",
            ))
        }
    }
}

impl FieldAttrs {
    pub fn from_ast(cx: &mut Ctxt, attrs: &[Attribute]) -> Self {
        let mut hash_key = Flag::none(HASH_KEY);
        let mut range_key = Flag::none(RANGE_KEY);
        let mut version = Flag::none(VERSION);
        let mut validators = Vec::new();
        let mut default = Attr::none(DEFAULT);
        let mut force_default = Flag::none(FORCE_DEFAULT);
        let mut set = Attr::none(SET);
        let mut get = Attr::none(GET);
        let mut time = Attr::none(TIME_ROLE);
        let mut extra = Flag::none(EXTRA);
        let mut set_type = Flag::none(SET);
        let mut number = Flag::none(NUMBER);
        let mut auto = Attr::none(AUTO);
        let mut counter = Attr::none(COUNTER);
        for attr in attrs.iter().filter(|attr| attr.path() == DYNAMO) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path == HASH_KEY {
                    hash_key.set(cx, &meta.path, ());
                } else if meta.path == RANGE_KEY {
                    range_key.set(cx, &meta.path, ());
                } else if meta.path == VERSION {
                    version.set(cx, &meta.path, ());
                } else if meta.path == VALIDATE {
                    if meta.input.peek(syn::Token![=]) {
                        let path: Path = meta.value()?.parse()?;
                        validators.push(ValidatorAttr {
                            token: meta.path.clone(),
                            rule: RuleAttr::Custom(path),
                        });
                    } else {
                        meta.parse_nested_meta(|rule| {
                            validators.push(ValidatorAttr::parse(&rule)?);
                            Ok(())
                        })?;
                    }
                } else if meta.path == DEFAULT {
                    let value = if meta.input.peek(syn::Token![=]) {
                        DefaultAttr::Expr(Box::new(meta.value()?.parse()?))
                    } else {
                        DefaultAttr::Trait
                    };
                    default.set(cx, &meta.path, value);
                } else if meta.path == DEFAULT_WITH {
                    let path: Path = meta.value()?.parse()?;
                    default.set(cx, &meta.path, DefaultAttr::With(path));
                } else if meta.path == FORCE_DEFAULT {
                    force_default.set(cx, &meta.path, ());
                } else if meta.path == SET && !meta.input.peek(syn::Token![=]) {
                    set_type.set(cx, &meta.path, ());
                } else if meta.path == SET {
                    let path: Path = meta.value()?.parse()?;
                    set.set(cx, &meta.path, path);
                } else if meta.path == EXTRA {
                    extra.set(cx, &meta.path, ());
                } else if meta.path == NUMBER {
                    number.set(cx, &meta.path, ());
                } else if meta.path == AUTO {
                    let kind: Ident = meta.value()?.parse()?;
                    if kind != UUID && kind != UUID_V7 {
                        return Err(syn::Error::new_spanned(
                            kind,
                            "expected `uuid` (random, v4) or `uuid_v7` (time-ordered)",
                        ));
                    }
                    auto.set(cx, &meta.path, kind == UUID_V7);
                } else if meta.path == COUNTER {
                    counter.set(cx, &meta.path, CounterAttr::parse(&meta)?);
                } else if meta.path == GET {
                    let path: Path = meta.value()?.parse()?;
                    get.set(cx, &meta.path, path);
                } else if meta.path == CREATED_AT || meta.path == UPDATED_AT || meta.path == TTL {
                    let kind = if meta.path == CREATED_AT {
                        TimeKind::Created
                    } else if meta.path == UPDATED_AT {
                        TimeKind::Updated
                    } else {
                        TimeKind::Ttl
                    };
                    let mut unit = None;
                    if meta.input.peek(syn::token::Paren) {
                        meta.parse_nested_meta(|inner| {
                            if (inner.path == SECONDS || inner.path == MILLIS) && unit.is_none() {
                                unit = inner.path.get_ident().cloned();
                                Ok(())
                            } else {
                                Err(inner.error("expected `seconds` or `millis`"))
                            }
                        })?;
                    }
                    time.set(cx, &meta.path, TimeAttr { kind, unit });
                } else if meta.path == RENAME {
                    return Err(meta.error(
                        "`rename` belongs to serde: write #[serde(rename = \"...\")] so the \
                         stored attribute name and serde agree",
                    ));
                } else {
                    return Err(unknown(
                        &meta,
                        "field",
                        &[
                            HASH_KEY.as_str(),
                            RANGE_KEY.as_str(),
                            VERSION.as_str(),
                            VALIDATE.as_str(),
                            DEFAULT.as_str(),
                            DEFAULT_WITH.as_str(),
                            FORCE_DEFAULT.as_str(),
                            SET.as_str(),
                            GET.as_str(),
                            CREATED_AT.as_str(),
                            UPDATED_AT.as_str(),
                            TTL.as_str(),
                            EXTRA.as_str(),
                            NUMBER.as_str(),
                            AUTO.as_str(),
                            COUNTER.as_str(),
                        ],
                    ));
                }
                Ok(())
            });
            if let Err(error) = result {
                cx.syn_error(error);
            }
        }
        FieldAttrs {
            hash_key,
            range_key,
            version,
            validators,
            default,
            force_default,
            set,
            get,
            time,
            extra,
            set_type,
            number,
            auto,
            counter,
            serde: SerdeFieldAttrs::from_ast(attrs),
        }
    }
}

impl CounterAttr {
    fn parse(meta: &ParseNestedMeta) -> syn::Result<Self> {
        let mut counter = CounterAttr {
            start: None,
            start_negative: false,
            delta: None,
            delta_negative: false,
        };
        if !meta.input.peek(syn::token::Paren) {
            return Ok(counter);
        }
        meta.parse_nested_meta(|inner| {
            let input = inner.value()?;
            let negative = input.parse::<Option<syn::Token![-]>>()?.is_some();
            let value: syn::LitInt = input.parse()?;
            let slot = if inner.path == START {
                (&mut counter.start, &mut counter.start_negative)
            } else if inner.path == DELTA {
                (&mut counter.delta, &mut counter.delta_negative)
            } else {
                return Err(unknown(
                    &inner,
                    "counter",
                    &[START.as_str(), DELTA.as_str()],
                ));
            };
            if slot.0.is_some() {
                return Err(inner.error(format!(
                    "duplicate `{}`",
                    inner
                        .path
                        .get_ident()
                        .map(ToString::to_string)
                        .unwrap_or_default()
                )));
            }
            *slot.0 = Some(value);
            *slot.1 = negative;
            Ok(())
        })?;
        Ok(counter)
    }
}

impl ValidatorAttr {
    /// One rule inside `validate(...)`.
    fn parse(meta: &ParseNestedMeta) -> syn::Result<Self> {
        let rule = if meta.path == LENGTH {
            let (mut min, mut max) = (None, None);
            meta.parse_nested_meta(|bound| {
                let value: syn::LitInt = bound.value()?.parse()?;
                bounded(&bound, &mut min, &mut max, value)
            })?;
            RuleAttr::Length { min, max }
        } else if meta.path == RANGE {
            let (mut min, mut max) = (None, None);
            meta.parse_nested_meta(|bound| {
                let input = bound.value()?;
                let negative = input.parse::<Option<syn::Token![-]>>()?.is_some();
                let lit: syn::Lit = input.parse()?;
                if !matches!(lit, syn::Lit::Int(_) | syn::Lit::Float(_)) {
                    return Err(syn::Error::new_spanned(lit, "expected a number"));
                }
                bounded(&bound, &mut min, &mut max, NumberLit { negative, lit })
            })?;
            RuleAttr::Range { min, max }
        } else if meta.path == PATTERN {
            RuleAttr::Pattern(meta.value()?.parse()?)
        } else if meta.path == ONE_OF {
            let input = meta.value()?;
            let list;
            syn::bracketed!(list in input);
            let options = list.parse_terminated(parse_option, syn::Token![,])?;
            RuleAttr::OneOf(options.into_iter().collect())
        } else if meta.path == NON_EMPTY {
            RuleAttr::NonEmpty
        } else {
            return Err(unknown(
                meta,
                "validation",
                &[
                    LENGTH.as_str(),
                    RANGE.as_str(),
                    PATTERN.as_str(),
                    ONE_OF.as_str(),
                    NON_EMPTY.as_str(),
                ],
            ));
        };
        Ok(ValidatorAttr {
            token: meta.path.clone(),
            rule,
        })
    }
}

/// Reads `min = ...` or `max = ...` of a `length` or `range` rule.
fn bounded<T>(
    bound: &ParseNestedMeta,
    min: &mut Option<T>,
    max: &mut Option<T>,
    value: T,
) -> syn::Result<()> {
    let slot = if bound.path == MIN {
        min
    } else if bound.path == MAX {
        max
    } else {
        return Err(bound.error("expected `min = ...` or `max = ...`"));
    };
    if slot.replace(value).is_some() {
        return Err(bound.error("given twice"));
    }
    Ok(())
}

/// One option of `one_of = [...]`: a string or a number, possibly negative.
fn parse_option(input: syn::parse::ParseStream) -> syn::Result<syn::Lit> {
    let negative = input.parse::<Option<syn::Token![-]>>()?;
    let lit: syn::Lit = input.parse()?;
    match (&lit, negative) {
        (syn::Lit::Str(_), None) => Ok(lit),
        (syn::Lit::Int(int), Some(_)) => Ok(syn::Lit::Int(syn::LitInt::new(
            &format!("-{}", int.base10_digits()),
            int.span(),
        ))),
        (syn::Lit::Float(float), Some(_)) => Ok(syn::Lit::Float(syn::LitFloat::new(
            &format!("-{}", float.base10_digits()),
            float.span(),
        ))),
        (syn::Lit::Int(_) | syn::Lit::Float(_), None) => Ok(lit),
        _ => Err(syn::Error::new_spanned(
            lit,
            "expected a string or a number",
        )),
    }
}

fn unknown(meta: &ParseNestedMeta, place: &str, expected: &[&str]) -> syn::Error {
    let name = meta.path.to_token_stream().to_string().replace(' ', "");
    meta.error(format!(
        "unknown dynamo {place} attribute `{name}`; expected one of: {}",
        expected.join(", ")
    ))
}

impl SerdeContainerAttrs {
    fn from_ast(attrs: &[Attribute]) -> Self {
        let mut out = SerdeContainerAttrs::default();
        for attr in attrs.iter().filter(|attr| attr.path() == SERDE) {
            // serde reports malformed serde attributes itself.
            let _ = attr.parse_nested_meta(|meta| {
                if meta.path == RENAME_ALL {
                    let (serialize, deserialize) = read_directional(&meta)?;
                    if serialize.as_ref().map(LitStr::value)
                        != deserialize.as_ref().map(LitStr::value)
                    {
                        out.asymmetric_rename_all = Some(meta.path.clone());
                    }
                    out.rename_all = serialize.and_then(|lit| RenameRule::from_lit(&lit));
                } else if meta.path == DEFAULT {
                    out.default = true;
                    skip_value(&meta)?;
                } else if meta.path == TRANSPARENT
                    || meta.path == FROM
                    || meta.path == TRY_FROM
                    || meta.path == INTO
                {
                    out.conversion = Some(meta.path.clone());
                    skip_value(&meta)?;
                } else if meta.path == RENAME {
                    skip_value(&meta)?;
                } else {
                    out.uninterpreted = true;
                    skip_value(&meta)?;
                }
                Ok(())
            });
        }
        out
    }
}

impl SerdeFieldAttrs {
    fn from_ast(attrs: &[Attribute]) -> Self {
        let mut out = SerdeFieldAttrs::default();
        for attr in attrs.iter().filter(|attr| attr.path() == SERDE) {
            let _ = attr.parse_nested_meta(|meta| {
                if meta.path == RENAME {
                    let (serialize, deserialize) = read_directional(&meta)?;
                    out.rename_path = Some(meta.path.clone());
                    if let Some(name) = serialize {
                        out.rename_serialize = Some(name.value());
                    }
                    if let Some(name) = deserialize {
                        out.rename_deserialize = Some(name.value());
                    }
                } else if meta.path == DEFAULT {
                    out.default = true;
                    skip_value(&meta)?;
                } else if meta.path == SKIP {
                    out.skip = Some(meta.path.clone());
                } else if meta.path == SKIP_SERIALIZING {
                    out.skip_serializing = Some(meta.path.clone());
                } else if meta.path == SKIP_DESERIALIZING {
                    out.skip_deserializing = Some(meta.path.clone());
                } else if meta.path == FLATTEN {
                    out.flatten = Some(meta.path.clone());
                } else if meta.path == ALIAS {
                    out.alias = Some(meta.path.clone());
                    skip_value(&meta)?;
                } else if meta.path == WITH
                    || meta.path == SERIALIZE_WITH
                    || meta.path == DESERIALIZE_WITH
                {
                    out.custom_codec = Some(meta.path.clone());
                    skip_value(&meta)?;
                } else if meta.path == SKIP_SERIALIZING_IF {
                    let lit: LitStr = meta.value()?.parse()?;
                    match lit.parse() {
                        Ok(path) => out.skip_serializing_if = Some(path),
                        Err(_) => out.uninterpreted = true,
                    }
                } else {
                    out.uninterpreted = true;
                    skip_value(&meta)?;
                }
                Ok(())
            });
        }
        out
    }
}

/// Reads `name = "x"` or `name(serialize = "x", deserialize = "y")`.
fn read_directional(meta: &ParseNestedMeta) -> syn::Result<(Option<LitStr>, Option<LitStr>)> {
    if meta.input.peek(syn::Token![=]) {
        let lit: LitStr = meta.value()?.parse()?;
        return Ok((Some(lit.clone()), Some(lit)));
    }
    let mut serialize = None;
    let mut deserialize = None;
    meta.parse_nested_meta(|inner| {
        let lit: LitStr = inner.value()?.parse()?;
        if inner.path == SERIALIZE {
            serialize = Some(lit);
        } else if inner.path == DESERIALIZE {
            deserialize = Some(lit);
        }
        Ok(())
    })?;
    Ok((serialize, deserialize))
}

/// Consumes whatever value a serde attribute we do not interpret carries.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        let value = meta.value()?;
        value
            .parse::<syn::Lit>()
            .map(drop)
            .or_else(|_| value.parse::<Path>().map(drop))
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        content.parse::<TokenStream>().map(drop)
    } else {
        Ok(())
    }
}

/// The identifier serde uses for a field: raw identifiers lose their `r#`.
pub fn unraw(ident: &Ident) -> String {
    let name = ident.to_string();
    name.strip_prefix("r#").map(str::to_owned).unwrap_or(name)
}
