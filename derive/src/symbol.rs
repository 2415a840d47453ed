//! The names of every attribute the derive reads, in one place (serde's `internals/symbol.rs`).

use std::fmt::{self, Display};
use syn::{Ident, Path};

#[derive(Copy, Clone)]
pub struct Symbol(&'static str);

pub const DYNAMO: Symbol = Symbol("dynamo");
pub const SERDE: Symbol = Symbol("serde");

pub const TABLE: Symbol = Symbol("table");
pub const ENTITY: Symbol = Symbol("entity");
pub const ATTRIBUTE: Symbol = Symbol("attribute");
pub const TEMPLATE: Symbol = Symbol("template");
pub const BILLING: Symbol = Symbol("billing");
pub const ON_DEMAND: Symbol = Symbol("on_demand");
pub const PROVISIONED: Symbol = Symbol("provisioned");
pub const READ: Symbol = Symbol("read");
pub const WRITE: Symbol = Symbol("write");
pub const THROUGHPUT: Symbol = Symbol("throughput");
pub const TABLE_CLASS: Symbol = Symbol("table_class");
pub const STANDARD: Symbol = Symbol("standard");
pub const STANDARD_IA: Symbol = Symbol("standard_ia");
pub const TAGS: Symbol = Symbol("tags");
pub const STREAM: Symbol = Symbol("stream");
pub const NEW_IMAGE: Symbol = Symbol("new_image");
pub const OLD_IMAGE: Symbol = Symbol("old_image");
pub const NEW_AND_OLD_IMAGES: Symbol = Symbol("new_and_old_images");
pub const DELETION_PROTECTION: Symbol = Symbol("deletion_protection");
pub const ENCRYPTION: Symbol = Symbol("encryption");
pub const AWS_OWNED: Symbol = Symbol("aws_owned");
pub const AWS_MANAGED: Symbol = Symbol("aws_managed");
pub const KMS: Symbol = Symbol("kms");
pub const CRATE: Symbol = Symbol("crate");
pub const HASH_KEY: Symbol = Symbol("hash_key");
pub const RANGE_KEY: Symbol = Symbol("range_key");
pub const RENAME: Symbol = Symbol("rename");
pub const VERSION: Symbol = Symbol("version");
pub const GSI: Symbol = Symbol("gsi");
pub const LSI: Symbol = Symbol("lsi");
pub const NAME: Symbol = Symbol("name");
pub const PROJECTION: Symbol = Symbol("projection");
pub const ALL: Symbol = Symbol("all");
pub const KEYS_ONLY: Symbol = Symbol("keys_only");
pub const INCLUDE: Symbol = Symbol("include");
pub const VALIDATE: Symbol = Symbol("validate");
pub const LENGTH: Symbol = Symbol("length");
pub const RANGE: Symbol = Symbol("range");
pub const MIN: Symbol = Symbol("min");
pub const MAX: Symbol = Symbol("max");
pub const PATTERN: Symbol = Symbol("pattern");
pub const ONE_OF: Symbol = Symbol("one_of");
pub const NON_EMPTY: Symbol = Symbol("non_empty");
pub const DEFAULT_WITH: Symbol = Symbol("default_with");
pub const FORCE_DEFAULT: Symbol = Symbol("force_default");
pub const SET: Symbol = Symbol("set");
pub const GET: Symbol = Symbol("get");
pub const CREATED_AT: Symbol = Symbol("created_at");
pub const UPDATED_AT: Symbol = Symbol("updated_at");
pub const TTL: Symbol = Symbol("ttl");
pub const EXTRA: Symbol = Symbol("extra");
pub const NUMBER: Symbol = Symbol("number");
pub const AUTO: Symbol = Symbol("auto");
pub const UUID: Symbol = Symbol("uuid");
pub const UUID_V7: Symbol = Symbol("uuid_v7");
pub const COUNTER: Symbol = Symbol("counter");
pub const START: Symbol = Symbol("start");
pub const DELTA: Symbol = Symbol("delta");
pub const HOOKS: Symbol = Symbol("hooks");
pub const READ_WITH_SERDE: Symbol = Symbol("read_with_serde");
pub const WRITE_WITH_SERDE: Symbol = Symbol("write_with_serde");
/// The name duplicate time roles are reported under.
pub const TIME_ROLE: Symbol = Symbol("created_at, updated_at or ttl");
pub const TIMESTAMPS: Symbol = Symbol("timestamps");
pub const SECONDS: Symbol = Symbol("seconds");
pub const MILLIS: Symbol = Symbol("millis");

pub const RENAME_ALL: Symbol = Symbol("rename_all");
pub const SERIALIZE: Symbol = Symbol("serialize");
pub const DESERIALIZE: Symbol = Symbol("deserialize");
pub const DEFAULT: Symbol = Symbol("default");
pub const SKIP: Symbol = Symbol("skip");
pub const ALIAS: Symbol = Symbol("alias");
pub const SKIP_SERIALIZING: Symbol = Symbol("skip_serializing");
pub const SKIP_DESERIALIZING: Symbol = Symbol("skip_deserializing");
pub const SKIP_SERIALIZING_IF: Symbol = Symbol("skip_serializing_if");
pub const FLATTEN: Symbol = Symbol("flatten");
pub const WITH: Symbol = Symbol("with");
pub const SERIALIZE_WITH: Symbol = Symbol("serialize_with");
pub const DESERIALIZE_WITH: Symbol = Symbol("deserialize_with");
pub const TRANSPARENT: Symbol = Symbol("transparent");
pub const FROM: Symbol = Symbol("from");
pub const TRY_FROM: Symbol = Symbol("try_from");
pub const INTO: Symbol = Symbol("into");

impl Symbol {
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl PartialEq<Symbol> for Ident {
    fn eq(&self, word: &Symbol) -> bool {
        self == word.0
    }
}

impl PartialEq<Symbol> for &Ident {
    fn eq(&self, word: &Symbol) -> bool {
        *self == word.0
    }
}

impl PartialEq<Symbol> for Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl PartialEq<Symbol> for &Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl Display for Symbol {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(self.0)
    }
}
