//! The Lambda side of the people API: API Gateway REST API (v1) and HTTP API (v2) events go
//! through `lambda_http`'s adapter (what `lambda_http::run` does with each event) to the
//! router `main` runs inside Lambda, on DynamoDB Local, and come back as API Gateway
//! responses. Stages are taken off the routed path and put back in `Location`.

use dynamoxide::Db;
use lambda_http::request::LambdaRequest;
use lambda_http::{Adapter, Context, LambdaEvent, Service};
use people_api::{lambda_app, Person};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};

/// A `Db` with a fresh table of its own.
async fn db() -> Db {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let prefix = format!(
        "lambda{}_{}_",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let db = Db::local()
        .await
        .expect("DynamoDB Local runs")
        .with_table_prefix(&prefix)
        .unwrap();
    db.create_table::<Person>().await.unwrap();
    db
}

/// Sends one API Gateway event through the adapter; the response as API Gateway reads it.
async fn invoke(db: &Db, event: Value) -> Value {
    let payload: LambdaRequest = serde_json::from_value(event).expect("a valid API Gateway event");
    let mut adapter = Adapter::from(lambda_app(db.clone()));
    let response = adapter
        .call(LambdaEvent::new(payload, Context::default()))
        .await
        .expect("the router answers");
    serde_json::to_value(response).unwrap()
}

/// An HTTP API event; `raw_path` as API Gateway sends it (with a named stage in it).
fn http_api_event(
    method: &str,
    stage: &str,
    raw_path: &str,
    query: &str,
    body: Option<Value>,
) -> Value {
    json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": raw_path,
        "rawQueryString": query,
        "headers": { "content-type": "application/json", "host": "api.example.com" },
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "api",
            "domainName": "api.example.com",
            "http": { "method": method, "path": raw_path, "protocol": "HTTP/1.1", "sourceIp": "10.0.0.1", "userAgent": "test" },
            "requestId": "id",
            "routeKey": "$default",
            "stage": stage,
            "time": "23/Nov/2026:10:00:00 +0000",
            "timeEpoch": 1_795_428_000_000u64
        },
        "body": body.map(|body| body.to_string()),
        "isBase64Encoded": false
    })
}

/// A REST API event on the stage `prod`: `path` is the resource path, without the stage.
fn rest_api_event(method: &str, path: &str, body: Option<Value>) -> Value {
    json!({
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": method,
        "headers": { "host": "api.example.com", "content-type": "application/json" },
        "multiValueHeaders": { "host": ["api.example.com"], "content-type": ["application/json"] },
        "queryStringParameters": null,
        "multiValueQueryStringParameters": null,
        "pathParameters": { "proxy": path.trim_start_matches('/') },
        "stageVariables": null,
        "requestContext": {
            "accountId": "123456789012",
            "resourceId": "r",
            "stage": "prod",
            "requestId": "id",
            "identity": { "sourceIp": "10.0.0.1" },
            "resourcePath": "/{proxy+}",
            "httpMethod": method,
            "apiId": "api",
            "path": format!("/prod{path}")
        },
        "body": body.map(|body| body.to_string()),
        "isBase64Encoded": false
    })
}

fn body_of(response: &Value) -> Value {
    serde_json::from_str(response["body"].as_str().expect("a text body")).unwrap()
}

#[tokio::test]
async fn http_api_events_reach_the_same_routes() {
    let db = db().await;
    let created = invoke(
        &db,
        http_api_event(
            "POST",
            "$default",
            "/people",
            "",
            Some(json!({ "name": "Barbara", "email": "barbara@example.org" })),
        ),
    )
    .await;
    assert_eq!(created["statusCode"], 201);
    let person = body_of(&created);
    let id = person["id"].as_str().unwrap();
    assert_eq!(created["headers"]["location"], format!("/people/{id}"));

    let path = format!("/people/{id}");
    let read = invoke(&db, http_api_event("GET", "$default", &path, "", None)).await;
    assert_eq!(read["statusCode"], 200);
    assert_eq!(body_of(&read), person);

    let invalid = invoke(
        &db,
        http_api_event(
            "POST",
            "$default",
            "/people",
            "",
            Some(json!({ "name": "B", "email": "b" })),
        ),
    )
    .await;
    assert_eq!(invalid["statusCode"], 400);
    assert_eq!(body_of(&invalid)["fields"][0]["field"], "email");

    let page = invoke(
        &db,
        http_api_event("GET", "$default", "/people", "limit=0", None),
    )
    .await;
    assert_eq!(page["statusCode"], 400);

    let named_stage = invoke(
        &db,
        http_api_event("GET", "v1", &format!("/v1{path}"), "", None),
    )
    .await;
    assert_eq!(
        named_stage["statusCode"], 200,
        "a named stage is not part of the route"
    );

    let deleted = invoke(&db, http_api_event("DELETE", "$default", &path, "", None)).await;
    assert_eq!(deleted["statusCode"], 204);
    let gone = invoke(&db, http_api_event("GET", "$default", &path, "", None)).await;
    assert_eq!(gone["statusCode"], 404);
}

#[tokio::test]
async fn rest_api_events_route_without_their_stage_and_link_with_it() {
    let db = db().await;
    let created = invoke(
        &db,
        rest_api_event(
            "POST",
            "/people",
            Some(json!({ "name": "Frances", "email": "frances@example.org" })),
        ),
    )
    .await;
    assert_eq!(created["statusCode"], 201, "{created}");
    let id = body_of(&created)["id"].as_str().unwrap().to_owned();
    let location = created["headers"]["location"]
        .as_str()
        .or_else(|| created["multiValueHeaders"]["location"][0].as_str())
        .expect("a Location header");
    assert_eq!(
        location,
        format!("/prod/people/{id}"),
        "the stage is in the link"
    );

    let read = invoke(&db, rest_api_event("GET", &format!("/people/{id}"), None)).await;
    assert_eq!(read["statusCode"], 200);
    let missing = invoke(&db, rest_api_event("GET", "/people/nobody", None)).await;
    assert_eq!(missing["statusCode"], 404);
    assert_eq!(body_of(&missing)["error"], "not_found");
}
