//! The handlers and the router: each handler reads its input, turns it into one dynamoxide
//! call and the result into a response.

use crate::person::{Person, PersonFields, PersonPatch};
use crate::problem::Problem;
use crate::stage::BasePath;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use dynamoxide::Db;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Items per page when `limit` is not given.
pub const DEFAULT_PAGE_SIZE: usize = 20;

/// The largest `limit` a page may ask for.
pub const MAX_PAGE_SIZE: usize = 100;

/// The API: every route on `db`'s `people` table; anything else is a JSON `404` or `405`.
pub fn app(db: Db) -> Router {
    Router::new()
        .route("/people", post(create).get(list))
        .route(
            "/people/{id}",
            get(read).put(replace).patch(patch).delete(remove),
        )
        .fallback(|| async { Problem::new(StatusCode::NOT_FOUND, "no_route", "no such route") })
        .method_not_allowed_fallback(|| async {
            Problem::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this route does not take that method",
            )
        })
        .with_state(db)
}

/// The router inside AWS Lambda: [`app`] behind [`strip_stage`](crate::stage::strip_stage),
/// which rewrites the path before [`app`] routes it.
pub fn lambda_app(db: Db) -> Router {
    // A router's own layers run after it has routed: the rewrite wraps the whole of `app`.
    Router::new()
        .fallback_service(app(db))
        .layer(axum::middleware::map_request(crate::stage::strip_stage))
}

type Reply<T> = Result<T, Problem>;

/// The JSON body; a body that is not JSON keeps its status (400, 413 too large, 415 not
/// `application/json`).
fn json_body(body: Result<Json<Value>, JsonRejection>) -> Reply<Value> {
    body.map(|Json(value)| value).map_err(|rejection| {
        Problem::new(rejection.status(), "invalid_body", rejection.body_text())
    })
}

/// The `{id}` of the path.
fn path_id(id: Result<Path<String>, PathRejection>) -> Reply<String> {
    id.map(|Path(id)| id).map_err(|rejection| {
        Problem::new(rejection.status(), "invalid_path", rejection.body_text())
    })
}

async fn create(
    State(db): State<Db>,
    base: Option<Extension<BasePath>>,
    body: Result<Json<Value>, JsonRejection>,
) -> Reply<impl IntoResponse> {
    let fields = PersonFields::read(&json_body(body)?, false).map_err(Problem::invalid_fields)?;
    let person = db.create(&fields.into_person(String::new())).await?;
    let base = base
        .map(|Extension(BasePath(base))| base)
        .unwrap_or_default();
    let location = format!("{base}/people/{}", person.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(person),
    ))
}

async fn read(
    State(db): State<Db>,
    id: Result<Path<String>, PathRejection>,
) -> Reply<Json<Person>> {
    let id = path_id(id)?;
    // Strongly consistent: a read right after a write sees it.
    match db
        .get::<Person>(id.as_str())
        .consistent_read()
        .await
        .map_err(|error| Problem::at(&id, error))?
    {
        Some(person) => Ok(Json(person)),
        None => Err(Problem::not_found(&id)),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageQuery {
    cursor: Option<String>,
    limit: Option<usize>,
}

#[derive(Serialize)]
struct PageBody {
    items: Vec<Person>,
    next_cursor: Option<String>,
}

/// Everyone, a page at a time, in the table's order (a scan: no sort order).
async fn list(
    State(db): State<Db>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Reply<Json<PageBody>> {
    let Query(query) = query.map_err(|rejection| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            rejection.body_text(),
        )
    })?;
    let limit = query.limit.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(1..=MAX_PAGE_SIZE).contains(&limit) {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            format!("limit must be between 1 and {MAX_PAGE_SIZE}"),
        ));
    }
    let page = db
        .scan::<Person>()
        .limit(limit)
        .page(query.cursor.as_deref())
        .await?;
    Ok(Json(PageBody {
        items: page.items,
        next_cursor: page.next_cursor,
    }))
}

/// Replaces the person at the version the body names.
async fn replace(
    State(db): State<Db>,
    id: Result<Path<String>, PathRejection>,
    body: Result<Json<Value>, JsonRejection>,
) -> Reply<Json<Person>> {
    let id = path_id(id)?;
    let fields = PersonFields::read(&json_body(body)?, true).map_err(Problem::invalid_fields)?;
    let person = fields.into_person(id.clone());
    let version = person.version;
    let replaced = db
        .upsert(&person)
        .expect_version(version)
        .return_new()
        .await
        .map_err(|error| Problem::at(&id, error))?;
    // An update that succeeds returns the item it wrote.
    replaced.map(Json).ok_or_else(|| Problem::not_found(&id))
}

/// Changes the fields the body gives, at the version it names if it names one.
async fn patch(
    State(db): State<Db>,
    id: Result<Path<String>, PathRejection>,
    body: Result<Json<Value>, JsonRejection>,
) -> Reply<Json<Person>> {
    let id = path_id(id)?;
    let changes = PersonPatch::read(&json_body(body)?).map_err(Problem::invalid_fields)?;
    let mut update = db.patch::<Person>(id.as_str());
    if let Some(name) = changes.name {
        update = update.set(Person::NAME, name);
    }
    if let Some(email) = changes.email {
        update = update.set(Person::EMAIL, email);
    }
    match changes.age {
        Some(Some(age)) => update = update.set(Person::AGE, age),
        Some(None) => update = update.remove(Person::AGE),
        None => {}
    }
    if let Some(version) = changes.version {
        update = update.expect_version(version);
    }
    let patched = update
        .return_new()
        .await
        .map_err(|error| Problem::at(&id, error))?;
    patched.map(Json).ok_or_else(|| Problem::not_found(&id))
}

/// Deletes the person; `204` also when there was none (deleting is idempotent).
async fn remove(
    State(db): State<Db>,
    id: Result<Path<String>, PathRejection>,
) -> Reply<StatusCode> {
    let id = path_id(id)?;
    match db.delete::<Person>(id.as_str()).await {
        Ok(()) | Err(dynamoxide::Error::InvalidKey { .. }) => Ok(StatusCode::NO_CONTENT),
        Err(error) => Err(error.into()),
    }
}
