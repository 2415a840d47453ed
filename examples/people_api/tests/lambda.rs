//! The Lambda side of the people API: API Gateway HTTP API (v2) and REST API (v1) events go
//! through `lambda_http`'s adapter (what `lambda_http::run` does with each event) to the same
//! router, on DynamoDB Local, and come back as API Gateway responses.

use dynamoxide::Db;
use lambda_http::request::LambdaRequest;
use lambda_http::{Adapter, Context, LambdaEvent, Service};
use people_api::{app, Person};
use serde_json::{json, Value};

async fn db() -> Db {
    let db = Db::local()
        .await
        .expect("DynamoDB Local runs")
        .with_table_prefix(&format!("lambda{}_", std::process::id()))
        .unwrap();
    db.create_table::<Person>().if_not_exists().await.unwrap();
    db
}

/// Sends one API Gateway event through the adapter; the response as API Gateway reads it.
async fn invoke(db: &Db, event: Value) -> Value {
    let payload: LambdaRequest = serde_json::from_value(event).expect("a valid API Gateway event");
    let mut adapter = Adapter::from(app(db.clone()));
    let response = adapter
        .call(LambdaEvent::new(payload, Context::default()))
        .await
        .expect("the router answers");
    serde_json::to_value(response).unwrap()
}

fn http_api_event(method: &str, path: &str, query: &str, body: Option<Value>) -> Value {
    json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": { "content-type": "application/json", "host": "api.example.com" },
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "api",
            "domainName": "api.example.com",
            "http": { "method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "10.0.0.1", "userAgent": "test" },
            "requestId": "id",
            "routeKey": "$default",
            "stage": "$default",
            "time": "23/Nov/2026:10:00:00 +0000",
            "timeEpoch": 1_795_428_000_000u64
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

    let read = invoke(
        &db,
        http_api_event("GET", &format!("/people/{id}"), "", None),
    )
    .await;
    assert_eq!(read["statusCode"], 200);
    assert_eq!(body_of(&read), person);

    let invalid = invoke(
        &db,
        http_api_event(
            "POST",
            "/people",
            "",
            Some(json!({ "name": "B", "email": "b" })),
        ),
    )
    .await;
    assert_eq!(invalid["statusCode"], 400);
    assert_eq!(body_of(&invalid)["fields"][0]["field"], "email");

    let page = invoke(&db, http_api_event("GET", "/people", "limit=0", None)).await;
    assert_eq!(page["statusCode"], 400);

    let deleted = invoke(
        &db,
        http_api_event("DELETE", &format!("/people/{id}"), "", None),
    )
    .await;
    assert_eq!(deleted["statusCode"], 204);
    let gone = invoke(
        &db,
        http_api_event("GET", &format!("/people/{id}"), "", None),
    )
    .await;
    assert_eq!(gone["statusCode"], 404);
}

#[tokio::test]
async fn rest_api_events_reach_the_same_routes() {
    let db = db().await;
    let event = json!({
        "resource": "/people/{id}",
        "path": "/people/nobody",
        "httpMethod": "GET",
        "headers": { "host": "api.example.com" },
        "multiValueHeaders": { "host": ["api.example.com"] },
        "queryStringParameters": null,
        "multiValueQueryStringParameters": null,
        "pathParameters": { "id": "nobody" },
        "stageVariables": null,
        "requestContext": {
            "accountId": "123456789012",
            "resourceId": "r",
            "stage": "prod",
            "requestId": "id",
            "identity": { "sourceIp": "10.0.0.1" },
            "resourcePath": "/people/{id}",
            "httpMethod": "GET",
            "apiId": "api",
            "path": "/people/nobody"
        },
        "body": null,
        "isBase64Encoded": false
    });
    // What `main` sets before starting the runtime inside Lambda: the stage (`prod`) is not
    // part of the routed path.
    std::env::set_var("AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH", "true");
    let response = invoke(&db, event).await;
    assert_eq!(response["statusCode"], 404);
    assert_eq!(body_of(&response)["error"], "not_found");
}
