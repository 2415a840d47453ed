//! The people API: a REST resource `/people` on dynamoxide. The same [`app`] router serves
//! API Gateway events inside AWS Lambda (through `lambda_http`) and plain HTTP on 127.0.0.1
//! (through axum); `main` chooses at start-up.
//!
//! | route | success | errors |
//! |---|---|---|
//! | `POST /people` | 201 + `Location`, the stored person | 400 invalid body or fields |
//! | `GET /people/{id}` | 200, the person | 404 |
//! | `GET /people?cursor=…&limit=…` | 200, `{items, next_cursor}` | 400 bad cursor or limit |
//! | `PUT /people/{id}` | 200, the replaced person | 400, 404, 409 stale `version` |
//! | `PATCH /people/{id}` | 200, the patched person | 400, 404, 409 stale `version` |
//! | `DELETE /people/{id}` | 204 (also when it was already gone) | |
//!
//! Every error body is JSON: `{"error": "validation_failed", "message": …, "fields": [{"field",
//! "rule", "message"}]}`, `{"error": "not_found", …}`, `{"error": "version_conflict",
//! "expected_version", "current_version"}`, `{"error": "invalid_body" | "invalid_query" |
//! "invalid_cursor", "message"}`.

mod person;
mod problem;
mod routes;

pub use person::{NewPerson, Person, PersonPatch, PersonReplacement};
pub use problem::Problem;
pub use routes::{app, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
