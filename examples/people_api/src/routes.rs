//! The handlers and the router: each handler turns an HTTP request into one dynamoxide call.

use crate::person::{NewPerson, Person, PersonPatch, PersonReplacement};
use crate::problem::Problem;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use dynamoxide::Db;
use serde::{Deserialize, Serialize};

/// Items per page when `limit` is not given.
pub const DEFAULT_PAGE_SIZE: usize = 20;

/// The largest `limit` a page may ask for.
pub const MAX_PAGE_SIZE: usize = 100;

/// The API: every route on `db`'s `people` table.
pub fn app(db: Db) -> Router {
    Router::new()
        .route("/people", post(create).get(list))
        .route(
            "/people/{id}",
            get(read).put(replace).patch(patch).delete(remove),
        )
        .with_state(db)
}

type Reply<T> = Result<T, Problem>;

/// The body, or `400 invalid_body` saying what is wrong with it.
fn body<T>(body: Result<Json<T>, JsonRejection>) -> Reply<T> {
    body.map(|Json(value)| value)
        .map_err(|rejection| Problem::bad_request("invalid_body", rejection.body_text()))
}

async fn create(
    State(db): State<Db>,
    new: Result<Json<NewPerson>, JsonRejection>,
) -> Reply<impl IntoResponse> {
    let person = db.create(&body(new)?.into_person()).await?;
    let location = format!("/people/{}", person.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(person),
    ))
}

async fn read(State(db): State<Db>, Path(id): Path<String>) -> Reply<Json<Person>> {
    match db.get::<Person>(id.as_str()).await? {
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

async fn list(
    State(db): State<Db>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Reply<Json<PageBody>> {
    let Query(query) =
        query.map_err(|rejection| Problem::bad_request("invalid_query", rejection.body_text()))?;
    let limit = query.limit.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(1..=MAX_PAGE_SIZE).contains(&limit) {
        return Err(Problem::bad_request(
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

async fn replace(
    State(db): State<Db>,
    Path(id): Path<String>,
    replacement: Result<Json<PersonReplacement>, JsonRejection>,
) -> Reply<Json<Person>> {
    let (person, version) = body(replacement)?.into_person(id.clone());
    if version == 0 {
        return Err(Problem::bad_request(
            "invalid_body",
            "version must be the version being replaced (1 or more): PUT replaces a person, \
             POST creates one",
        ));
    }
    let replaced = db
        .upsert(&person)
        .expect_version(version)
        .return_new()
        .await
        .map_err(|error| Problem::at(&id, error))?
        .ok_or_else(|| Problem::not_found(&id))?;
    Ok(Json(replaced))
}

async fn patch(
    State(db): State<Db>,
    Path(id): Path<String>,
    changes: Result<Json<PersonPatch>, JsonRejection>,
) -> Reply<Json<Person>> {
    let changes = body(changes)?;
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
        .map_err(|error| Problem::at(&id, error))?
        .ok_or_else(|| Problem::not_found(&id))?;
    Ok(Json(patched))
}

async fn remove(State(db): State<Db>, Path(id): Path<String>) -> Reply<StatusCode> {
    db.delete::<Person>(id.as_str()).await?;
    Ok(StatusCode::NO_CONTENT)
}
