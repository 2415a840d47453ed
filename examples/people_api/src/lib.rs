//! The people API: a REST resource `/people` on dynamoxide. The same handlers serve API
//! Gateway events inside AWS Lambda ([`lambda_app`], through `lambda_http`) and plain HTTP
//! on 127.0.0.1 ([`app`], through axum); `main` chooses at start-up.
//!
//! | route | success | errors |
//! |---|---|---|
//! | `POST /people` | 201 + `Location`, the stored person | 400 invalid body or fields, 415 not JSON |
//! | `GET /people/{id}` | 200, the person (a strongly consistent read) | 404 |
//! | `GET /people?cursor=…&limit=…` | 200, `{items, next_cursor}`, in no particular order | 400 bad cursor or limit |
//! | `PUT /people/{id}` | 200, the replaced person | 400, 404, 409 stale `version` |
//! | `PATCH /people/{id}` | 200, the patched person | 400 (also: nothing to change), 404, 409 stale `version` |
//! | `DELETE /people/{id}` | 204 (also when it was already gone) | |
//!
//! Every error body is JSON with a stable `error` code and a `message`:
//! `validation_failed` (with `fields: [{field, rule, message}]`: missing or mistyped fields
//! as `required`/`type`/`unknown`, the model's rules as `length`, `pattern`, `range`),
//! `invalid_body`, `invalid_query`, `invalid_cursor`, `not_found` (with `id`),
//! `version_conflict` (with `expected_version`, `current_version`), `no_route`,
//! `method_not_allowed`, `unavailable` (503 with `Retry-After` when DynamoDB throttles or
//! cannot be reached) and `internal`.

mod person;
mod problem;
mod routes;
mod stage;

pub use person::{Person, PersonFields, PersonPatch};
pub use problem::{FieldError, Problem};
pub use routes::{app, lambda_app, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
pub use stage::{strip_stage, BasePath};
