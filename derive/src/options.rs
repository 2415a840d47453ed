//! The table options among the container attributes (`billing`, `table_class`, `tags`,
//! `stream`, `deletion_protection`, `encryption`) and a global index's `throughput`: parsed
//! and checked here, expanded into the schema's `TableOptions`.

use crate::attr::{Attr, Flag};
use crate::ctxt::Ctxt;
use crate::symbol::*;
use proc_macro2::TokenStream;
use quote::quote;
use syn::meta::ParseNestedMeta;
use syn::{Ident, LitInt, LitStr};

/// DynamoDB's limits on tags (TagResource).
const MAX_TAGS: usize = 50;
const MAX_TAG_KEY: usize = 128;
const MAX_TAG_VALUE: usize = 256;

/// `read = R, write = W`, each at least 1.
#[derive(Clone)]
pub struct ThroughputAttr {
    pub read: u64,
    pub write: u64,
}

pub enum BillingAttr {
    OnDemand,
    Provisioned(ThroughputAttr),
}

pub enum EncryptionAttr {
    AwsOwned,
    AwsManaged,
    Kms(LitStr),
}

/// The table options as written; each one checked as it is parsed.
pub struct TableOptionsAttrs {
    pub billing: Attr<BillingAttr>,
    pub table_class: Attr<Ident>,
    pub tags: Attr<Vec<(LitStr, LitStr)>>,
    pub stream: Attr<Ident>,
    pub deletion_protection: Flag,
    pub encryption: Attr<EncryptionAttr>,
}

impl TableOptionsAttrs {
    pub fn new() -> Self {
        TableOptionsAttrs {
            billing: Attr::none(BILLING),
            table_class: Attr::none(TABLE_CLASS),
            tags: Attr::none(TAGS),
            stream: Attr::none(STREAM),
            deletion_protection: Flag::none(DELETION_PROTECTION),
            encryption: Attr::none(ENCRYPTION),
        }
    }

    /// The names this parser takes, for the list of expected container attributes.
    pub const NAMES: [Symbol; 6] = [
        BILLING,
        TABLE_CLASS,
        TAGS,
        STREAM,
        DELETION_PROTECTION,
        ENCRYPTION,
    ];

    /// Parses `meta` if it is a table option; `Ok(false)` if it is something else.
    pub fn parse(&mut self, cx: &mut Ctxt, meta: &ParseNestedMeta) -> syn::Result<bool> {
        if meta.path == BILLING {
            let billing = parse_billing(meta)?;
            self.billing.set(cx, &meta.path, billing);
        } else if meta.path == TABLE_CLASS {
            let class = one_of(meta, &[STANDARD, STANDARD_IA])?;
            self.table_class.set(cx, &meta.path, class);
        } else if meta.path == TAGS {
            let tags = parse_tags(meta)?;
            self.tags.set(cx, &meta.path, tags);
        } else if meta.path == STREAM {
            let view = one_of(meta, &[KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES])?;
            self.stream.set(cx, &meta.path, view);
        } else if meta.path == DELETION_PROTECTION {
            self.deletion_protection.set(cx, &meta.path, ());
        } else if meta.path == ENCRYPTION {
            let encryption = parse_encryption(meta)?;
            self.encryption.set(cx, &meta.path, encryption);
        } else {
            return Ok(false);
        }
        Ok(true)
    }

    /// Whether the table is provisioned (so global indexes may carry their own throughput).
    pub fn provisioned(&self) -> bool {
        matches!(self.billing.get(), Some(BillingAttr::Provisioned(_)))
    }

    /// The `TableOptions` value of the schema.
    pub fn expand(&self, private: &TokenStream) -> TokenStream {
        let billing = match self.billing.get() {
            None | Some(BillingAttr::OnDemand) => quote!(#private::Billing::OnDemand),
            Some(BillingAttr::Provisioned(throughput)) => {
                let throughput = throughput.expand(private);
                quote!(#private::Billing::Provisioned(#throughput))
            }
        };
        let table_class = match self.table_class.get() {
            Some(class) if class == STANDARD_IA => {
                quote!(#private::TableClass::StandardInfrequentAccess)
            }
            _ => quote!(#private::TableClass::Standard),
        };
        let tags = self
            .tags
            .get()
            .into_iter()
            .flatten()
            .map(|(key, value)| quote!((#key, #value)));
        let stream = match self.stream.get() {
            None => quote!(::core::option::Option::None),
            Some(view) => {
                let variant = if view == KEYS_ONLY {
                    quote!(KeysOnly)
                } else if view == NEW_IMAGE {
                    quote!(NewImage)
                } else if view == OLD_IMAGE {
                    quote!(OldImage)
                } else {
                    quote!(NewAndOldImages)
                };
                quote!(::core::option::Option::Some(#private::StreamView::#variant))
            }
        };
        let deletion_protection = self.deletion_protection.get().is_some();
        let encryption = match self.encryption.get() {
            None | Some(EncryptionAttr::AwsOwned) => quote!(#private::Encryption::AwsOwned),
            Some(EncryptionAttr::AwsManaged) => quote!(#private::Encryption::AwsManaged),
            Some(EncryptionAttr::Kms(key)) => quote!(#private::Encryption::Kms(#key)),
        };
        quote! {
            #private::TableOptions {
                billing: #billing,
                table_class: #table_class,
                tags: &[#(#tags),*],
                stream: #stream,
                deletion_protection: #deletion_protection,
                encryption: #encryption,
            }
        }
    }
}

impl ThroughputAttr {
    /// Parses the group `(read = R, write = W)` that follows `token` in `input`.
    pub fn parse_group(
        input: syn::parse::ParseStream,
        token: &Ident,
        what: &str,
    ) -> syn::Result<Self> {
        let expected = format!("expected `{what}(read = N, write = N)`");
        if !input.peek(syn::token::Paren) {
            return Err(syn::Error::new_spanned(token, expected));
        }
        let content;
        syn::parenthesized!(content in input);
        let pairs = content.parse_terminated(
            |input| {
                let name: Ident = input.parse()?;
                input.parse::<syn::Token![=]>()?;
                let lit: LitInt = input.parse()?;
                Ok((name, lit))
            },
            syn::Token![,],
        )?;
        let (mut read, mut write) = (None, None);
        for (name, lit) in pairs {
            let slot = if name == READ {
                &mut read
            } else if name == WRITE {
                &mut write
            } else {
                return Err(syn::Error::new_spanned(
                    name,
                    "expected `read = N` or `write = N`",
                ));
            };
            let units: u64 = lit.base10_parse()?;
            if units == 0 {
                return Err(syn::Error::new_spanned(
                    lit,
                    "capacity units must be at least 1",
                ));
            }
            if slot.replace(units).is_some() {
                return Err(syn::Error::new_spanned(name, "given twice"));
            }
        }
        match (read, write) {
            (Some(read), Some(write)) => Ok(ThroughputAttr { read, write }),
            _ => Err(syn::Error::new_spanned(token, expected)),
        }
    }

    pub fn expand(&self, private: &TokenStream) -> TokenStream {
        let (read, write) = (self.read, self.write);
        quote!(#private::Throughput { read: #read, write: #write })
    }
}

fn parse_billing(meta: &ParseNestedMeta) -> syn::Result<BillingAttr> {
    let value = meta.value()?;
    let word: Ident = value.parse()?;
    if word == ON_DEMAND {
        Ok(BillingAttr::OnDemand)
    } else if word == PROVISIONED {
        ThroughputAttr::parse_group(value, &word, "provisioned").map(BillingAttr::Provisioned)
    } else {
        Err(syn::Error::new_spanned(
            word,
            "expected `on_demand` or `provisioned(read = N, write = N)`",
        ))
    }
}

fn parse_tags(meta: &ParseNestedMeta) -> syn::Result<Vec<(LitStr, LitStr)>> {
    let content;
    syn::parenthesized!(content in meta.input);
    let pairs = content.parse_terminated(
        |input| {
            let key: LitStr = input.parse()?;
            input.parse::<syn::Token![=]>()?;
            let value: LitStr = input.parse()?;
            Ok((key, value))
        },
        syn::Token![,],
    )?;
    let mut tags: Vec<(LitStr, LitStr)> = Vec::new();
    for (key, value) in pairs {
        let name = key.value();
        if name.is_empty() || name.chars().count() > MAX_TAG_KEY {
            return Err(syn::Error::new_spanned(
                key,
                format!("a tag key has 1 to {MAX_TAG_KEY} characters"),
            ));
        }
        if name.starts_with("aws:") {
            return Err(syn::Error::new_spanned(
                key,
                "tag keys starting with `aws:` are reserved for AWS",
            ));
        }
        if value.value().chars().count() > MAX_TAG_VALUE {
            return Err(syn::Error::new_spanned(
                value,
                format!("a tag value has at most {MAX_TAG_VALUE} characters"),
            ));
        }
        if tags.iter().any(|(known, _)| known.value() == name) {
            return Err(syn::Error::new_spanned(key, "this tag key is given twice"));
        }
        tags.push((key, value));
    }
    if tags.len() > MAX_TAGS {
        return Err(meta.error(format!("a table has at most {MAX_TAGS} tags")));
    }
    Ok(tags)
}

fn parse_encryption(meta: &ParseNestedMeta) -> syn::Result<EncryptionAttr> {
    let value = meta.value()?;
    let word: Ident = value.parse()?;
    if word == AWS_OWNED {
        Ok(EncryptionAttr::AwsOwned)
    } else if word == AWS_MANAGED {
        Ok(EncryptionAttr::AwsManaged)
    } else if word == KMS {
        let content;
        syn::parenthesized!(content in value);
        let key: LitStr = content.parse()?;
        if key.value().trim().is_empty() {
            return Err(syn::Error::new_spanned(
                key,
                "expected the KMS key's id, ARN or alias",
            ));
        }
        Ok(EncryptionAttr::Kms(key))
    } else {
        Err(syn::Error::new_spanned(
            word,
            "expected `aws_owned`, `aws_managed` or `kms(\"key id, ARN or alias\")`",
        ))
    }
}

/// `name = word` where the word is one of `words`.
fn one_of(meta: &ParseNestedMeta, words: &[Symbol]) -> syn::Result<Ident> {
    let word: Ident = meta.value()?.parse()?;
    if words.iter().any(|known| word == *known) {
        return Ok(word);
    }
    let expected: Vec<String> = words.iter().map(|word| format!("`{word}`")).collect();
    Err(syn::Error::new_spanned(
        word,
        format!("expected one of {}", expected.join(", ")),
    ))
}
