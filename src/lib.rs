//! # dynamoxide
//!
//! A Dynamoose-style object-document mapper for Amazon DynamoDB. Derive [`Model`] on a plain
//! struct; its attributes become a schema (table, keys, secondary indexes); [`Db`] turns the
//! schema into typed `get`, `create`, `put`, `delete`, `query` and `scan` calls on
//! [`aws-sdk-dynamodb`](aws_sdk_dynamodb), with typed conditions and updates, and creates
//! tables from it.
//!
//! ```no_run
//! use dynamoxide::{Db, Error, Model};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
//! #[dynamo(table = "users")]
//! #[serde(rename_all = "camelCase")]
//! pub struct User {
//!     #[dynamo(hash_key)]
//!     pub user_id: String,          // stored as `userId`, exactly as serde writes it
//!     pub email: String,
//!     pub nickname: Option<String>, // `None` is not stored at all
//! }
//!
//! # async fn run() -> dynamoxide::Result<()> {
//! let db = Db::from_env().await; // or Db::for_endpoint("http://127.0.0.1:8000")
//! db.create_table::<User>().if_not_exists().await?;
//!
//! let user = User { user_id: "u1".into(), email: "a@b.c".into(), nickname: None };
//! db.create(&user).await?;                         // fails if `u1` exists
//! assert!(matches!(db.create(&user).await, Err(Error::AlreadyExists { .. })));
//!
//! let found: Option<User> = db.get::<User>("u1").await?;
//! assert_eq!(found.as_ref(), Some(&user));
//!
//! db.put(&User { nickname: Some("al".into()), ..user }).await?; // overwrite
//! let old: Option<User> = db.delete::<User>("u1").return_old().await?;
//! # Ok(()) }
//! ```
//!
//! ## Attributes
//!
//! | attribute | on | meaning |
//! |---|---|---|
//! | `#[dynamo(table = "name")]` | struct | the table the model lives in (required) |
//! | `#[dynamo(crate = "path")]` | struct | the path to this crate, if renamed |
//! | `#[dynamo(hash_key)]` | field | the partition key (exactly one) |
//! | `#[dynamo(range_key)]` | field | the sort key (at most one) |
//! | `#[dynamo(gsi(name = "..", hash_key = "field", range_key = "field", projection = ..))]` | struct | a global secondary index; `range_key` optional; `projection = all` (default), `keys_only` or `include(["field", ..])`; an `Option` key field makes a sparse index |
//! | `#[dynamo(lsi(name = "..", range_key = "field", projection = ..))]` | struct | a local secondary index (the table's hash key, another range key); needs a table with a range key |
//! | `#[dynamo(version)]` | `u64`/`i64` field | optimistic locking: `create` writes 1; `put` requires the stored version and bumps it; `update` bumps it and checks it with `expect_version(n)`; `delete` checks it with `expect_version(n)` |
//! | `#[dynamo(timestamps)]` | struct | the fields named `created_at` and `updated_at` are the timestamps (below) |
//! | `#[dynamo(created_at)]`, `#[dynamo(created_at(millis))]` | time field | set to now by `create`; `put` keeps the model's value (now when it is `None`); updates never touch it. Types: [`timestamp`] |
//! | `#[dynamo(updated_at)]`, `#[dynamo(updated_at(millis))]` | time field | set to now by every write, updates included (in the same request) |
//! | `#[dynamo(ttl)]` | time field | DynamoDB's TTL: stored as epoch seconds whatever the type; `create_table` turns TTL on for it; get, query, scan and batch get hide expired items unless `.include_expired()` |
//! | `#[dynamo(validate(length(min = 1, max = 20)))]` | string, list, set, map | characters or entries, either bound optional |
//! | `#[dynamo(validate(range(min = 0, max = 150)))]` | number field | inclusive bounds, checked against the field's type at compile time; NaN fails |
//! | `#[dynamo(validate(pattern = "^[a-z]+$"))]` | string field | a [`regex`](https://docs.rs/regex) (checked at compile time, compiled once) that must match |
//! | `#[dynamo(validate(one_of = ["a", "b"]))]` | string or number field | the allowed values |
//! | `#[dynamo(validate(non_empty))]` | string, list, set, map | at least one character or entry |
//! | `#[dynamo(validate = path::to_fn)]` | field | `fn(&T) -> Result<(), String>`; the error message is reported |
//! | `#[dynamo(default)]`, `#[dynamo(default = expr)]`, `#[dynamo(default_with = path)]` | field | the value read when the stored item lacks the attribute, and written when an `Option` field is `None`; a string literal `expr` converts with `Into` (`default = "x"` on a `String`), anything else has the field's type |
//! | `#[dynamo(force_default)]` | field with a default | the default is written on every save, whatever the field holds |
//! | `#[dynamo(set = path)]` | field | `fn(T) -> T` applied before validation on every write (updates too); ready-made: [`transform`] |
//! | `#[dynamo(get = path)]` | field | `fn(T) -> T` applied after every read |
//! | `#[dynamo(set)]` | collection field | stored as a DynamoDB set (SS, NS, BS): `HashSet` and `BTreeSet` are by their name, this marks any other (an alias, another set type) |
//! | (none) | `Vec<u8>` field | stored as a binary (`B`), not as the list of numbers serde writes; updates and conditions on it too. anything serde writes as bytes (`serde_bytes::ByteBuf`, `bytes::Bytes` with its `serde` feature) is a binary anywhere |
//! | `#[dynamo(number)]` | field serde writes as a decimal string | stored as a number (`N`) with every significant digit (DynamoDB keeps 38) and read back from the number's text, so `rust_decimal::Decimal` keeps full precision and conditions and updates compare numbers; DynamoDB trims trailing zeros, so the scale may not be kept (`10.00` may read back as `10`). No feature needed: dynamoxide does not depend on a decimal crate |
//! | `#[dynamo(extra)]` with `#[serde(skip)]` | [`Item`] field | keeps the attributes the schema does not name: read into the field, written back (the schema's attributes win); without it they are ignored |
//! | `#[dynamo(auto = uuid)]`, `#[dynamo(auto = uuid_v7)]` | `String`, `uuid::Uuid`, or an `Option` of one; keys too | an empty value (`""`, nil, `None`) gets a fresh UUID v4 (random) or v7 (time-ordered) on every write of the whole item; [`Db::create`] returns the item with it ([`AutoId`]) |
//! | `#[dynamo(counter)]`, `#[dynamo(counter(start = 1, delta = 1))]` | integer field | an atomic counter ([`Counter`]): `create` writes `start` (default 0); every update, patch and upsert adds `delta` (default 1) in the same request, and an update that creates the item writes `start`; updates cannot set it; `put` writes the model's value |
//! | `#[dynamo(hooks)]` | struct | the model implements [`Hooks`] (`before_write`, `after_write`, `after_read`) |
//! | `#[dynamo(read_with_serde)]` | struct | items are read through the model's own `Deserialize`. Without it, a model with no serde attribute that changes reading (any but `rename`, `rename_all` and `skip_serializing_if`) is read by code the derive generates, one attribute per field: it reads what serde's derived `Deserialize` reads, and names serde's error for an item with one fault (with several, it may name another first). Needed when `Deserialize` is written by hand |
//! | `#[dynamo(write_with_serde)]` | struct | models are written through their own `Serialize`. Without it, a model whose serde attributes are only `rename`, `rename_all`, `skip_serializing_if` and those that change reading alone (`default`, `alias`, `skip_deserializing`) is written by code the derive generates, one attribute per field: it writes what serde's derived `Serialize` writes. Needed when `Serialize` is written by hand: without it, that `Serialize` is not called (and a field type that is not `Serialize` fails to compile, with no method `__dynamoxide_write_field` found) |
//! | (none) | [`Ref<T>`] field | stores only `T`'s key; [`Db::populate`] and [`Db::populate_all`] fetch what it points to |
//! | `#[dynamo(billing = on_demand)]`, `#[dynamo(billing = provisioned(read = 5, write = 5))]` | struct | how the table is paid for (on demand by default); a global index takes `throughput(read = .., write = ..)` (else the table's) |
//! | `#[dynamo(table_class = standard_ia)]`, `#[dynamo(tags("team" = "core"))]` | struct | the table class (`standard` by default) and tags |
//! | `#[dynamo(stream = new_and_old_images)]` | struct | a DynamoDB stream: `keys_only`, `new_image`, `old_image` or `new_and_old_images` |
//! | `#[dynamo(deletion_protection)]`, `#[dynamo(encryption = kms("alias/x"))]` | struct | deletion protection; the encryption key: `aws_owned` (default), `aws_managed` or `kms("id, ARN or alias")` ([`TableOptions`]) |
//! | `#[dynamo(hash_key = "ORG#{org_id}", range_key = "MEMBER#{user_id}")]` | struct | single-table design: the key attributes `pk` and `sk` are composed from fields ([`KeyTemplate`]); `hash_key(attribute = "PK", template = "..")` names the attribute; the fields they read are the key type's fields |
//! | `gsi(name = "..", hash_key(attribute = "gsi1pk", template = "USER#{email}"), range_key(..))` | struct | an index key composed from fields (an `Option` field makes it sparse); updates that set its fields write it again |
//! | `#[dynamo(entity)]`, `#[dynamo(entity = "Member")]`, `#[dynamo(entity(name = "..", attribute = ".."))]` | struct | the entity-type attribute (`__type` = the struct's name by default, implied by key templates): written on every item, checked on every read ([`Entity`], [`Error::WrongEntity`]) |
//!
//! Rules of an `Option` field apply to the value inside, when there is one. On every write
//! (create, put, batch and transaction writes) the model goes through write defaults, `set`
//! transforms, validation (all failures at once, in [`Error::Validation`], before anything is
//! sent), then timestamps and the TTL; an update passes each whole attribute it sets through
//! the same `set` transform and validation, nested structs' rules included, and a value set
//! through a nested struct's field (`User::ADDRESS.then(Address::ZIP)`) passes that field's
//! rules (a whole struct set as a list element or map entry, `ADDRESSES.at(1)`, is not
//! checked). [`Model::validate`] runs the checks without
//! writing. Key attributes take validation but no transform or default, so that
//! `Model::key()` always names the stored key.
//!
//! `#[derive(Attributes)]` on a struct stored inside a model gives its fields handles too, so
//! conditions and updates reach nested attributes: `User::ADDRESS.then(Address::CITY)`. Its
//! fields take `validate` rules, checked wherever the struct sits (in a field, a list, a map,
//! an `Option`), with the full path in the error: `addresses[1].zip`.
//!
//! For Dynamoose users, the same schema in both:
//!
//! | Dynamoose | dynamoxide |
//! |---|---|
//! | `hashKey: true`, `rangeKey: true` | `#[dynamo(hash_key)]`, `#[dynamo(range_key)]` |
//! | `index: { name, type: "global", rangeKey }` | `#[dynamo(gsi(name = "..", hash_key = "..", range_key = ".."))]` on the struct |
//! | `validate: /regex/` / `validate: fn` | `validate(pattern = "..")` / `validate = fn` |
//! | `enum: [..]`, `minLength`, `maxLength`, `min`, `max` | `validate(one_of = [..])`, `validate(length(min, max))`, `validate(range(min, max))` |
//! | `required: true` | a non-`Option` field |
//! | `default`, `forceDefault` | `default = ..`, `force_default` |
//! | `set`, `get` | `set = fn`, `get = fn` |
//! | `timestamps: true` / `{ createdAt, updatedAt }` | `#[dynamo(timestamps)]` / `created_at`, `updated_at` on fields |
//! | `expires: { ttl, attribute }`, `returnExpired` | `#[dynamo(ttl)]`, `.include_expired()` |
//! | `saveUnknown: true` | `#[dynamo(extra)]` |
//! | `type: Set` | a `HashSet`/`BTreeSet` field, or `#[dynamo(set)]` |
//! | `default: uuid.v4` | `#[dynamo(auto = uuid)]` |
//! | `type: OtherModel`, `populate()` | a [`Ref<T>`] field, [`Db::populate`], [`Db::populate_all`] |
//! | `Model.create()`, `save()`, `update()`, `delete()` | `create`, `put` / `upsert`, `update` / `patch`, `delete` / `remove_if` (below) |
//! | `{return: "request"}` | `into_input()` on any operation (below) |
//! | `prefix`, `suffix` | [`Db::with_table_prefix`], [`Db::with_table_suffix`] |
//! | `create: true`, `update: true`, `throughput`, `tags`, `tableClass` | [`Db::create_table`], [`Db::sync_table`], [`Db::check_table`]; table attributes above |
//!
//! ```
//! use dynamoxide::{Attributes, Error, Item, Model};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Attributes, Serialize, Deserialize)]
//! struct Address {
//!     #[dynamo(validate(pattern = "^[0-9]{5}$"))]
//!     zip: String,
//! }
//!
//! fn positive(value: &i64) -> Result<(), String> {
//!     if *value > 0 { Ok(()) } else { Err("must be positive".into()) }
//! }
//!
//! #[derive(Model, Serialize, Deserialize)]
//! #[dynamo(table = "customers", timestamps)]
//! struct Customer {
//!     #[dynamo(hash_key)]
//!     id: String,
//!     #[dynamo(set = dynamoxide::transform::trim, validate(length(min = 1, max = 40)))]
//!     name: String,
//!     #[dynamo(default = "standard", validate(one_of = ["standard", "premium"]))]
//!     plan: Option<String>,
//!     #[dynamo(validate = positive)]
//!     credit: i64,
//!     addresses: Vec<Address>,
//!     created_at: u64,
//!     updated_at: u64,
//!     #[dynamo(ttl)]
//!     expires_at: Option<u64>,
//!     #[serde(skip)]
//!     #[dynamo(extra)]
//!     extra: Item,
//! }
//!
//! let customer = Customer {
//!     id: "c1".into(),
//!     name: "   ".into(),
//!     plan: None,
//!     credit: 0,
//!     addresses: vec![Address { zip: "ABCDE".into() }],
//!     created_at: 0,
//!     updated_at: 0,
//!     expires_at: None,
//!     extra: Item::new(),
//! };
//! let Err(Error::Validation { violations, .. }) = customer.validate() else { panic!() };
//! let paths: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
//! assert_eq!(paths, ["name", "credit", "addresses[0].zip"]);
//! ```
//!
//! ## Conditions and updates
//!
//! The derive generates a typed handle per field (`User::AGE: Field<User, u32>`; key fields
//! get a `KeyField`, which updates refuse). Conditions ([`expr::Condition`]) and updates
//! ([`expr::UpdateExpression`], [`ops::UpdateItem`]) are built from handles; a value of the
//! wrong type, an update of a key attribute or a handle of another model does not compile.
//! Names and values reach DynamoDB only through placeholders, so reserved words (`name`,
//! `status`, ...) and names with `.`, `-`, `#` or spaces just work.
//!
//! ```no_run
//! # use dynamoxide::{Db, Error, Model};
//! # #[derive(Model, serde::Serialize, serde::Deserialize, Debug)]
//! # #[dynamo(table = "users")]
//! # struct User { #[dynamo(hash_key)] id: String, email: String, age: u32,
//! #   status: Option<String>, #[dynamo(version)] version: u64 }
//! # async fn run(db: Db, user: User) -> dynamoxide::Result<()> {
//! let updated: Option<User> = db
//!     .update::<User>("u1")
//!     .set(User::EMAIL, "a@b.c")
//!     .increment(User::AGE, 1)
//!     .remove(User::STATUS)
//!     .condition(User::AGE.lt(150))
//!     .return_new()
//!     .await?;
//! match db.put(&user).await {
//!     Err(Error::VersionConflict { stored, .. }) => println!("someone else wrote version {stored:?}"),
//!     other => other?,
//! }
//! # Ok(()) }
//! ```
//!
//! ## Writes
//!
//! | call | when the item exists | when it does not | sends |
//! |---|---|---|---|
//! | [`db.create(&item)`](Db::create) | [`Error::AlreadyExists`], nothing written | writes it; returns it as stored | `PutItem` + `attribute_not_exists` |
//! | [`db.put(&item)`](Db::put) | replaces it (a versioned model must match the stored version) | writes it | `PutItem` |
//! | [`db.upsert(&item)`](Db::upsert) | rewrites every attribute, keeps `created_at` and unknown attributes, bumps the version and counters | writes it | `UpdateItem` |
//! | [`db.update(key)`](Db::update) | changes the attributes named | creates the item from them | `UpdateItem` |
//! | [`db.patch(key)`](Db::patch) | changes the attributes named | [`Error::NotFound`], nothing written | `UpdateItem` + `attribute_exists` |
//! | [`db.delete(key)`](Db::delete) | deletes it | nothing happens (no error) | `DeleteItem` |
//! | [`db.remove_if(key, condition)`](Db::remove_if) | deletes it if the condition holds, else [`Error::ConditionFailed`] | [`Error::NotFound`] | `DeleteItem` + `attribute_exists` |
//!
//! `put`, `upsert`, `update`, `patch`, `delete` and `remove_if` take further conditions
//! (`.condition(..)`) and can return the old or new item; `upsert`, `update`, `patch` and
//! `delete` check a version with `.expect_version(n)`. `create`, `patch` and `remove_if`
//! treat an item whose `#[dynamo(ttl)]` has passed (which DynamoDB deletes lazily) as
//! missing; `update` and `upsert` write onto it.
//!
//! **Dry runs.** Every operation hands back the exact SDK input it would send, without
//! sending it: `into_input()` on `get`, `create`, `put`, `upsert`, `update`, `patch`,
//! `delete`, `remove_if`, queries and scans (the first page), transactions and
//! `create_table`; `into_inputs()` on batches (the first round of requests). For logs,
//! reviews, and tests of request shapes. `into_sdk()` hands back the SDK's fluent builder
//! instead, to adjust and send by hand.
//!
//! **Hooks.** `#[dynamo(hooks)]` and an `impl` of [`Hooks`] run code before and after every
//! write (single, batch or transaction; a `before_write` error stops the write with
//! [`Error::Hook`] and nothing is sent) and after every read.
//!
//! ```no_run
//! # use dynamoxide::{Db, Error, Model, Ref};
//! # use serde::{Deserialize, Serialize};
//! #[derive(Model, Serialize, Deserialize, Clone)]
//! #[dynamo(table = "tickets", timestamps)]
//! struct Ticket {
//!     #[dynamo(hash_key, auto = uuid)]
//!     id: String,
//!     title: String,
//!     assignee: Option<Ref<Agent>>,
//!     #[dynamo(counter)]
//!     edits: u64,
//!     created_at: Option<std::time::SystemTime>,
//!     updated_at: Option<std::time::SystemTime>,
//! }
//!
//! #[derive(Model, Serialize, Deserialize, Clone)]
//! #[dynamo(table = "agents")]
//! struct Agent {
//!     #[dynamo(hash_key)]
//!     id: String,
//! }
//!
//! # async fn run(db: Db) -> dynamoxide::Result<()> {
//! let ticket = Ticket { id: String::new(), title: "Printer on fire".into(),
//!     assignee: Some(Ref::new("ada")), edits: 0, created_at: None, updated_at: None };
//! let created = db.create(&ticket).await?;              // created.id is a fresh UUID
//! db.patch::<Ticket>(created.id.as_str()).set(Ticket::TITLE, "Printer fixed").await?; // edits: 1
//! let request = db.remove_if::<Ticket>(created.id.as_str(), Ticket::EDITS.ge(1)).into_input()?;
//! let tickets = db.scan::<Ticket>().all().await?;
//! let agents: Vec<Option<Agent>> =
//!     db.populate_all(tickets.iter().filter_map(|t| t.assignee.as_ref())).await?;
//! # Ok(()) }
//! ```
//!
//! ## Queries and scans
//!
//! The derive generates a module of index types beside the model (`user_index` for `User`):
//! `Table` for the table's own key and one type per index (`by_email` → `ByEmail`). A query
//! names its index by type, so its key condition is checked at compile time: the hash value
//! has the index's hash-key type, range conditions (`range_eq`, `range_lt`, `range_le`,
//! `range_gt`, `range_ge`, `range_between`, `range_begins_with`) exist only on an index with
//! a range key, `consistent_read()` only on the table and local indexes, and items are read
//! into the whole model only from an index that projects every attribute (otherwise into a
//! type of the caller's, with `.partial::<P>()`).
//!
//! ```no_run
//! # use dynamoxide::{Db, Model};
//! # use serde::{Deserialize, Serialize};
//! #[derive(Model, Serialize, Deserialize)]
//! #[dynamo(table = "users")]
//! #[dynamo(gsi(name = "by_email", hash_key = "email", projection = keys_only))]
//! struct User {
//!     #[dynamo(hash_key)]
//!     id: String,
//!     email: String,
//!     age: u32,
//! }
//!
//! #[derive(Deserialize)]
//! struct UserId {
//!     id: String,
//! }
//!
//! # async fn run(db: Db, cursor: Option<String>) -> dynamoxide::Result<()> {
//! let ids: Vec<UserId> = db
//!     .query::<User>()
//!     .index::<user_index::ByEmail>()
//!     .hash("a@b.c")
//!     .partial::<UserId>()
//!     .all()
//!     .await?;
//! let adults = db.scan::<User>().filter(User::AGE.ge(18)).parallel(4).all().await?;
//! let page = db.scan::<User>().limit(50).page(cursor.as_deref()).await?;
//! # Ok(()) }
//! ```
//!
//! Every read follows DynamoDB's 1 MB pages: [`all`](ops::Read::all),
//! [`stream`](ops::Read::stream) (lazy, one page in memory), [`count`](ops::Read::count),
//! [`first`](ops::Read::first), and [`page`](ops::Read::page) with an opaque, URL-safe cursor
//! for REST APIs. [`limit(n)`](ops::Read::limit) means at most `n` items returned, whatever
//! a filter drops.
//!
//! ## Batches and transactions
//!
//! [`Db::batch_get`], [`Db::batch_put`], [`Db::batch_delete`] and [`Db::batch_write`] take
//! any number of entries: split into requests of 100 keys or 25 writes, several in flight,
//! duplicate keys collapsed (the last write wins), and what DynamoDB leaves unprocessed or
//! throttles retried with capped exponential backoff and full jitter
//! ([`ops::RetryPolicy`]). Every item is checked before the first request; when retries
//! run out, [`Error::BatchIncomplete`] lists the entries not confirmed, and every other
//! one was done. [`Db::batch_writer`] is for imports too large to hold in memory: each write
//! is converted and checked as it is added (an invalid one is an error for it alone) and
//! sent as soon as a request of 25 is full.
//!
//! [`Db::transact`] writes up to 100 items all or nothing, from the same builders as single
//! writes (conditions and version checks included), and [`Db::transact_get`] reads up to
//! 100 items as of one moment into typed slots. A cancelled transaction is
//! [`Error::TransactionCanceled`] with a reason per action (and the stored item when a
//! condition failed).
//!
//! ```no_run
//! # use dynamoxide::{Db, Model};
//! # #[derive(Model, serde::Serialize, serde::Deserialize)]
//! # #[dynamo(table = "accounts")]
//! # struct Account { #[dynamo(hash_key)] id: String, balance: i64 }
//! # async fn run(db: Db, accounts: Vec<Account>) -> dynamoxide::Result<()> {
//! db.batch_put(&accounts).on_progress(|p| eprintln!("{}/{}", p.done, p.total)).await?;
//! let found: Vec<Account> = db.batch_get::<Account, _>(["a", "b"]).await?;
//! db.transact()
//!     .update(db.update::<Account>("a").decrement(Account::BALANCE, 10).condition(Account::BALANCE.ge(10)))
//!     .update(db.update::<Account>("b").increment(Account::BALANCE, 10))
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! Stored attribute names are the names serde writes: `#[serde(rename)]` and
//! `#[serde(rename_all)]` apply to every request. Key fields must be strings, integers or
//! [`ByteBuf`] (or a newtype implementing [`KeyScalar`]), and cannot be `Option`.
//!
//! The derive also generates a key type, `{Model}Key`, with `new(hash[, range])` and
//! conversions from the key values (`"u1"`, `("c1", 7)`), so `db.get::<User>("u1")` works.
//!
//! ## Tables and single-table design
//!
//! [`Db::create_table`] creates a model's table from its schema (keys, indexes, table options,
//! TTL). [`Db::check_table`] compares a live table with the schema and reports each
//! [`Drift`] with its [`Remedy`]; [`Db::sync_table`] creates a missing table and applies what
//! can be applied safely (new global indexes one at a time, TTL, billing, stream, deletion
//! protection, tags), and with `.allow_destructive()` also what removes something. A
//! [`Db::with_table_prefix`] or suffix keeps environments apart in one account.
//!
//! Several models can share one table. Key templates compose the stored keys from fields,
//! every item carries its entity type, and a [`Collection`] reads a whole partition into an
//! enum:
//!
//! ```no_run
//! use dynamoxide::{Collection, Db, Model};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Model, Serialize, Deserialize)]
//! #[dynamo(table = "app", hash_key = "ORG#{id}", range_key = "#ORG")]
//! struct Org { id: String, name: String }
//!
//! #[derive(Model, Serialize, Deserialize)]
//! #[dynamo(table = "app", hash_key = "ORG#{org_id}", range_key = "MEMBER#{user_id}")]
//! #[dynamo(gsi(name = "gsi1", hash_key(attribute = "gsi1pk", template = "USER#{user_id}"),
//!     range_key(attribute = "gsi1sk", template = "ORG#{org_id}")))]
//! struct Member { org_id: String, user_id: String }
//!
//! #[derive(Collection)]
//! enum OrgItems { Org(Org), Member(Member) }
//!
//! # async fn run(db: Db) -> dynamoxide::Result<()> {
//! db.create_table::<Org>().with::<Member>().await?;           // one table, the union of indexes
//! db.create(&Member { org_id: "acme".into(), user_id: "ada".into() }).await?;
//! let ada = db.get::<Member>(("acme", "ada")).await?;          // pk = ORG#acme, sk = MEMBER#ada
//! let members = db.query::<Member>().hash("acme").all().await?; // begins_with(sk, "MEMBER#")
//! let everything = db.query_collection::<OrgItems>().hash("acme").all().await?;
//! let orgs_of_ada = db.query::<Member>().index::<member_index::Gsi1>().hash("ada").all().await?;
//! # Ok(()) }
//! ```
//!
//! Rules of the composed keys:
//!
//! - A field's value may not contain the literal text that follows it in its template (with
//!   `"TEAM#{team}#SEATS"`, a team may not contain `#SEATS`): such keys could not be told apart
//!   or read back, so the write or read is refused before anything is sent.
//! - A template's numbers are stored as decimal text, so they sort as text (`INVOICE#10`
//!   before `INVOICE#9`): a query compares them with `range_eq` only (the ordered range
//!   conditions are refused); use a zero-padded `String` field where order matters.
//! - An update that sets a field of an index template writes the composed attribute again
//!   (from the key's own fields and the values it sets); one that removes such a field
//!   removes it (the item leaves the sparse index).
//! - An update that creates the item also writes its entity type and the fields its key
//!   templates read, so the new item reads back whole.
//!
//! Every write of a model with an entity type (put, update, patch, upsert, delete, and a
//! transaction's condition check) requires that an item already stored under its key is one
//! of its own: another model's item is never changed, and the write fails with
//! [`Error::WrongEntity`]. Batch writes are the exception: DynamoDB's `BatchWriteItem` takes
//! no conditions, so they overwrite whatever is stored under their keys. An item stored
//! before its model had an entity type has none, so reads refuse it and these writes too:
//! add the attribute to existing items (a raw update, or a scan and batch write) when you
//! add `#[dynamo(entity)]` to a model with data.
//! Reads filter on the entity type, so the indexes of such a model always project it (a
//! `keys_only` index holds the entity attribute besides the keys). A query of one model
//! keeps to its items by the literal prefix of its range template; a collection query reads
//! the partition and takes range conditions on the stored sort key
//! (`.range_begins_with("INVOICE#")`). Models that disagree on the table are compile errors in
//! a collection and [`Error::TableConflict`] in `create_table`; `create_table`,
//! `check_table` and `sync_table` take `.with_collection::<C>()` for every model of a
//! collection at once. `check_table` and `sync_table` take `.ignore_capacity()` for a table
//! whose capacity auto scaling manages.

//! ## Errors
//!
//! One [`Error`] enum. What DynamoDB would reject (an item over 400 KB, a NaN, an empty set,
//! an empty key string) is an error before any request is sent; failures a caller can act
//! on ([`Error::AlreadyExists`], [`Error::Throttled`], [`Error::TableNotFound`]) have their
//! own variants; everything else keeps the SDK error as its source.
//!
//! ## Features
//!
//! - `local`: `local::DynamoDbLocal` and `Db::local()`, which start DynamoDB Local for tests
//!   and examples (or use `DYNAMODB_ENDPOINT`).
//! - `sso`: AWS SSO profiles in [`Db::from_env`].
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod auto;
pub mod codec;
mod collection;
mod db;
mod error;
pub mod expr;
pub mod hooks;
mod index;
pub mod limits;
#[cfg(feature = "local")]
pub mod local;
mod model;
pub mod ops;
mod reference;
mod schema;
mod table;
mod table_options;
mod template;
pub mod timestamp;
pub mod transform;
mod transport;
pub mod validate;

pub use auto::{AutoId, UuidVersion};
pub use collection::Collection;
pub use db::Db;
pub use dynamoxide_derive::{Attributes, Collection, Model};
pub use error::{Error, Result};
pub use hooks::Hooks;
pub use index::{ConsistentRead, Index, ProjectsAll, RangeKeyed};
pub use model::{KeyScalar, Model, ModelKey};
pub use ops::{Page, Response};
pub use reference::Ref;
pub use schema::{
    AttributeSchema, Counter, IndexKind, IndexSchema, KeyAttribute, Presence, Projection,
    ScalarType, Storage, TableSchema,
};
pub use serde_bytes::ByteBuf;
pub use table::{
    CheckTable, CreateTable, Drift, EncryptionKey, KeyElement, KeySchema, ProjectedAttributes,
    Remedy, SyncReport, SyncTable, TableReport, DEFAULT_ACTIVE_TIMEOUT,
};
pub use table_options::{Billing, Encryption, StreamView, TableClass, TableOptions, Throughput};
pub use template::{Entity, KeyTemplate, TemplatePart};

/// The SDK's DynamoDB types (`AttributeValue`, `ReturnConsumedCapacity`, ...).
pub use aws_sdk_dynamodb::types;

/// What consuming a [`Query`](ops::Query) or [`Scan`](ops::Scan) stream takes: the stream
/// traits of `futures`, re-exported.
pub mod stream {
    pub use futures_util::stream::{Stream, StreamExt, TryStreamExt};
}

/// A stored item: attribute names to values.
pub type Item = std::collections::HashMap<String, types::AttributeValue>;

/// What generated code names. Not public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::auto::{AutoId, UuidVersion};
    pub use crate::codec::direct::{
        Direct, FieldAs, ReadDirect, ReadSerde, WriteDirect, WriteSerde, WrittenField,
    };
    pub use crate::codec::from_item;
    pub use crate::codec::CodecError;
    pub use crate::codec::{
        decode_attribute, encode_attribute, names_attribute, store_encoded, store_written,
        take_unknown, EncodedItem,
    };
    pub use crate::codec::{key_field, key_item};
    pub use crate::collection::{
        compatible_indexes, entity_name, entity_of, same_entity, same_partition, unknown_entity,
    };
    pub use crate::expr::{Field, KeyField};
    pub use crate::hooks::{HookResult, WriteEvent};
    pub use crate::reference::{deserialize_key_pair, serialize_key_pair};
    pub use crate::template::{fields_from_key, key_from_fields};
    pub use crate::timestamp::generated as time;
    pub use crate::timestamp::{EpochUnit, Timestamp};
    pub use crate::validate::rules;
    pub use crate::validate::{FieldPath, Validate, Violations};
    pub use crate::Collection;
    pub use crate::{
        AttributeSchema, Billing, ConsistentRead, Counter, Encryption, Entity, Error, Hooks, Index,
        IndexKind, IndexSchema, Item, KeyAttribute, KeyScalar, KeyTemplate, Model, ModelKey,
        Presence, Projection, ProjectsAll, RangeKeyed, Result, ScalarType, Storage, StreamView,
        TableClass, TableOptions, TableSchema, TemplatePart, Throughput,
    };
    pub use aws_sdk_dynamodb;
    pub use regex::{Error as RegexError, Regex};
    pub use serde;
    pub use std::collections::HashMap;
    pub use std::string::String;
    pub use std::sync::LazyLock;
}
