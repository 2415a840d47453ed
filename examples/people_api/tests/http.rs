//! Every route, status code and error body of the people API, over real HTTP: each test
//! serves the API on a free port of 127.0.0.1 (on DynamoDB Local, with its own table prefix)
//! and talks to it with reqwest. The last test runs the `people_api` binary itself.

use dynamoxide::local::DynamoDbLocal;
use people_api::{app, Person};
use reqwest::{Client, Method, Response, StatusCode};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// The API served in this process on a free port, for one test.
struct Server {
    base: String,
    http: Client,
}

/// A table prefix no other test uses.
fn unique_prefix(kind: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!(
        "{kind}{}_{}_",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

impl Server {
    async fn start() -> Server {
        let dynamodb = DynamoDbLocal::shared().await.expect("DynamoDB Local runs");
        let db = dynamodb
            .db()
            .with_table_prefix(&unique_prefix("http"))
            .unwrap();
        db.create_table::<Person>().await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app(db)).await });
        Server {
            base,
            http: client(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Response {
        let request = self.http.request(method, self.url(path));
        let request = match body {
            Some(body) => request.json(&body),
            None => request,
        };
        request.send().await.unwrap()
    }

    async fn post(&self, path: &str, body: Value) -> Response {
        self.send(Method::POST, path, Some(body)).await
    }

    async fn get(&self, path: &str) -> Response {
        self.send(Method::GET, path, None).await
    }

    async fn put(&self, path: &str, body: Value) -> Response {
        self.send(Method::PUT, path, Some(body)).await
    }

    async fn patch(&self, path: &str, body: Value) -> Response {
        self.send(Method::PATCH, path, Some(body)).await
    }

    async fn delete(&self, path: &str) -> Response {
        self.send(Method::DELETE, path, None).await
    }

    /// Creates a person and returns it as the API did.
    async fn create(&self, name: &str, email: &str) -> Value {
        let response = self
            .post("/people", json!({ "name": name, "email": email }))
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json().await.unwrap()
    }
}

async fn json_of(response: Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status, "status");
    let content_type = response.headers()[reqwest::header::CONTENT_TYPE].clone();
    assert_eq!(content_type, "application/json");
    response.json().await.unwrap()
}

fn field_errors(body: &Value) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = body["fields"]
        .as_array()
        .expect("fields is a list")
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_owned(),
                f["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    fields.sort();
    fields
}

#[tokio::test]
async fn post_creates_a_person_with_an_id_and_a_location() {
    let server = Server::start().await;
    let response = server
        .post(
            "/people",
            json!({ "name": "  Ada Lovelace ", "email": "ADA@Example.org", "age": 36 }),
        )
        .await;
    let location = response.headers()[reqwest::header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    let person = json_of(response, StatusCode::CREATED).await;
    let id = person["id"].as_str().unwrap();
    assert_eq!((id.len(), &id[14..15]), (36, "7"), "a UUID v7: {id}");
    assert_eq!(location, format!("/people/{id}"));
    assert_eq!(
        person["name"], "Ada Lovelace",
        "trimmed by the model's set rule"
    );
    assert_eq!(person["email"], "ada@example.org", "lower-cased");
    assert_eq!(person["age"], 36);
    assert_eq!(person["version"], 1);
    assert!(person["created_at"].as_str().unwrap().ends_with('Z'));

    let read = json_of(server.get(&location).await, StatusCode::OK).await;
    assert_eq!(read, person);
}

#[tokio::test]
async fn post_with_invalid_fields_is_400_with_every_field_error_and_stores_nothing() {
    let server = Server::start().await;
    let response = server
        .post(
            "/people",
            json!({ "name": "   ", "email": "not-an-email", "age": 200 }),
        )
        .await;
    let body = json_of(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(body["error"], "validation_failed");
    assert_eq!(
        field_errors(&body),
        [
            ("age".to_owned(), "range".to_owned()),
            ("email".to_owned(), "pattern".to_owned()),
            ("name".to_owned(), "length".to_owned()),
        ]
    );
    let page = json_of(server.get("/people").await, StatusCode::OK).await;
    assert_eq!(page["items"], json!([]), "nothing was stored");
}

#[tokio::test]
async fn malformed_bodies_are_400_with_a_json_error() {
    let server = Server::start().await;
    let response = server
        .http
        .post(server.url("/people"))
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    let body = json_of(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(body["error"], "invalid_body");

    let not_json = server
        .http
        .post(server.url("/people"))
        .body("name=A")
        .send()
        .await
        .unwrap();
    let body = json_of(not_json, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    assert_eq!(body["error"], "invalid_body");

    let shapeless = server
        .post(
            "/people",
            json!({ "name": null, "age": -1, "role": "admin" }),
        )
        .await;
    let body = json_of(shapeless, StatusCode::BAD_REQUEST).await;
    assert_eq!(body["error"], "validation_failed");
    assert_eq!(
        field_errors(&body),
        [
            ("age".to_owned(), "type".to_owned()),
            ("email".to_owned(), "required".to_owned()),
            ("name".to_owned(), "required".to_owned()),
            ("role".to_owned(), "unknown".to_owned()),
        ],
        "every field at once: {body}"
    );

    let array = server.post("/people", json!([1, 2])).await;
    let body = json_of(array, StatusCode::BAD_REQUEST).await;
    assert_eq!(field_errors(&body), [(String::new(), "type".to_owned())]);

    let huge = server
        .post(
            "/people",
            json!({ "name": "A", "email": format!("{}@b.co", "a".repeat(300_000)) }),
        )
        .await;
    let body = json_of(huge, StatusCode::BAD_REQUEST).await;
    assert_eq!(
        field_errors(&body),
        [("email".to_owned(), "length".to_owned())]
    );
}

#[tokio::test]
async fn missing_people_unknown_routes_and_methods_are_json_errors() {
    let server = Server::start().await;
    let body = json_of(server.get("/people/nobody").await, StatusCode::NOT_FOUND).await;
    assert_eq!(body["error"], "not_found");
    assert_eq!(body["id"], "nobody");

    let unicode = "日本語の名前";
    let body = json_of(
        server.get(&format!("/people/{unicode}")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(body["id"], unicode);
    let too_long = "日".repeat(700);
    let body = json_of(
        server.get(&format!("/people/{too_long}")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(body["error"], "not_found", "an id no person can have");

    let body = json_of(server.get("/nowhere").await, StatusCode::NOT_FOUND).await;
    assert_eq!(body["error"], "no_route");
    let body = json_of(server.get("/people/a/b").await, StatusCode::NOT_FOUND).await;
    assert_eq!(body["error"], "no_route");
    let wrong_method = server.post("/people/someone", json!({})).await;
    let body = json_of(wrong_method, StatusCode::METHOD_NOT_ALLOWED).await;
    assert_eq!(body["error"], "method_not_allowed");
    let bad_path = server.get("/people/%FF").await;
    let body = json_of(bad_path, StatusCode::BAD_REQUEST).await;
    assert_eq!(body["error"], "invalid_path");
}

#[tokio::test]
async fn list_pages_through_everyone_with_the_cursor() {
    let server = Server::start().await;
    let mut created = HashSet::new();
    for n in 0..25 {
        let person = server
            .create(&format!("P{n}"), &format!("p{n}@example.org"))
            .await;
        created.insert(person["id"].as_str().unwrap().to_owned());
    }
    let mut seen = HashSet::new();
    let mut pages = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(cursor) => format!("/people?limit=10&cursor={cursor}"),
            None => "/people?limit=10".to_owned(),
        };
        let page = json_of(server.get(&path).await, StatusCode::OK).await;
        let items = page["items"].as_array().unwrap();
        pages.push(items.len());
        for item in items {
            assert!(
                seen.insert(item["id"].as_str().unwrap().to_owned()),
                "no repeats"
            );
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, created);
    assert_eq!(&pages[..3], [10, 10, 5]);

    let default = json_of(server.get("/people").await, StatusCode::OK).await;
    assert_eq!(
        default["items"].as_array().unwrap().len(),
        20,
        "20 by default"
    );
}

#[tokio::test]
async fn list_rejects_bad_limits_and_cursors_with_400() {
    let server = Server::start().await;
    for (query, code) in [
        ("limit=0", "invalid_query"),
        ("limit=101", "invalid_query"),
        ("limit=ten", "invalid_query"),
        ("page=2", "invalid_query"),
        ("cursor=not-a-cursor", "invalid_cursor"),
    ] {
        let response = server.get(&format!("/people?{query}")).await;
        let body = json_of(response, StatusCode::BAD_REQUEST).await;
        assert_eq!(body["error"], code, "{query}: {body}");
    }
}

#[tokio::test]
async fn put_replaces_the_version_it_names_and_409s_a_stale_one() {
    let server = Server::start().await;
    let person = server.create("Grace", "grace@example.org").await;
    let path = format!("/people/{}", person["id"].as_str().unwrap());

    let replacement =
        json!({ "name": "Grace Hopper", "email": "grace@navy.mil", "age": 85, "version": 1 });
    let replaced = json_of(server.put(&path, replacement.clone()).await, StatusCode::OK).await;
    assert_eq!(replaced["name"], "Grace Hopper");
    assert_eq!(replaced["age"], 85);
    assert_eq!(replaced["version"], 2);
    assert_eq!(replaced["created_at"], person["created_at"], "kept");

    let stale = json_of(server.put(&path, replacement).await, StatusCode::CONFLICT).await;
    assert_eq!(stale["error"], "version_conflict");
    assert_eq!(stale["expected_version"], 1);
    assert_eq!(stale["current_version"], 2);

    let without_age = json!({ "name": "Grace Hopper", "email": "grace@navy.mil", "version": 2 });
    let replaced = json_of(server.put(&path, without_age).await, StatusCode::OK).await;
    assert_eq!(
        replaced.get("age"),
        Some(&Value::Null),
        "a replacement drops what it leaves out"
    );

    let missing = server
        .put(
            "/people/ghost",
            json!({ "name": "G", "email": "g@h.io", "version": 1 }),
        )
        .await;
    let body = json_of(missing, StatusCode::NOT_FOUND).await;
    assert_eq!(
        (&body["error"], &body["id"]),
        (&json!("not_found"), &json!("ghost"))
    );

    let invalid = server
        .put(
            &path,
            json!({ "name": "", "email": "grace@navy.mil", "version": 3 }),
        )
        .await;
    let body = json_of(invalid, StatusCode::BAD_REQUEST).await;
    assert_eq!(
        field_errors(&body),
        [("name".to_owned(), "length".to_owned())]
    );

    let versionless = server
        .put(&path, json!({ "name": "G", "email": "g@h.io" }))
        .await;
    let body = json_of(versionless, StatusCode::BAD_REQUEST).await;
    assert_eq!(
        field_errors(&body),
        [("version".to_owned(), "required".to_owned())]
    );
    let zero = server
        .put(
            &path,
            json!({ "name": "G", "email": "g@h.io", "version": 0 }),
        )
        .await;
    let body = json_of(zero, StatusCode::BAD_REQUEST).await;
    assert_eq!(
        field_errors(&body),
        [("version".to_owned(), "type".to_owned())]
    );
}

#[tokio::test]
async fn patch_changes_only_the_fields_given() {
    let server = Server::start().await;
    let person = server.create("Alan", "alan@example.org").await;
    let path = format!("/people/{}", person["id"].as_str().unwrap());

    let patched = json_of(
        server.patch(&path, json!({ "age": 41 })).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(patched["name"], "Alan", "untouched");
    assert_eq!(patched["age"], 41);
    assert_eq!(patched["version"], 2);

    let patched = json_of(
        server
            .patch(
                &path,
                json!({ "age": null, "email": " TURING@Example.org ", "version": 2 }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(patched["age"], Value::Null, "null removes the age");
    assert_eq!(
        patched["email"], "turing@example.org",
        "the set rule applies to updates"
    );

    let stale = server
        .patch(&path, json!({ "name": "X", "version": 1 }))
        .await;
    let body = json_of(stale, StatusCode::CONFLICT).await;
    assert_eq!(body["error"], "version_conflict");
    assert_eq!(
        (&body["expected_version"], &body["current_version"]),
        (&json!(1), &json!(3))
    );

    for nothing in [json!({}), json!({ "version": 3 })] {
        let body = json_of(server.patch(&path, nothing).await, StatusCode::BAD_REQUEST).await;
        assert_eq!(
            field_errors(&body),
            [(String::new(), "non_empty".to_owned())]
        );
    }
    let null_name = server.patch(&path, json!({ "name": null })).await;
    let body = json_of(null_name, StatusCode::BAD_REQUEST).await;
    assert_eq!(
        field_errors(&body),
        [("name".to_owned(), "type".to_owned())]
    );

    let invalid = server.patch(&path, json!({ "email": "nope" })).await;
    let body = json_of(invalid, StatusCode::BAD_REQUEST).await;
    assert_eq!(
        field_errors(&body),
        [("email".to_owned(), "pattern".to_owned())]
    );

    let missing = server.patch("/people/ghost", json!({ "age": 1 })).await;
    let body = json_of(missing, StatusCode::NOT_FOUND).await;
    assert_eq!(
        (&body["error"], &body["id"]),
        (&json!("not_found"), &json!("ghost"))
    );
    let created = server.get("/people/ghost").await;
    assert_eq!(
        created.status(),
        StatusCode::NOT_FOUND,
        "patch does not create"
    );
}

#[tokio::test]
async fn delete_is_204_and_the_person_is_gone() {
    let server = Server::start().await;
    let person = server.create("Edsger", "ewd@example.org").await;
    let path = format!("/people/{}", person["id"].as_str().unwrap());

    let response = server.delete(&path).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.bytes().await.unwrap().is_empty());
    assert_eq!(server.get(&path).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        server.delete(&path).await.status(),
        StatusCode::NO_CONTENT,
        "idempotent"
    );
}

/// The binary, killed when dropped (also when a test fails).
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_serves_locally_and_stops_on_sigint() {
    let dynamodb = DynamoDbLocal::shared().await.expect("DynamoDB Local runs");
    let mut process = Process(
        Command::new(env!("CARGO_BIN_EXE_people_api"))
            .env("DYNAMODB_ENDPOINT", dynamodb.endpoint())
            .env("PEOPLE_API_PORT", "0")
            .env("PEOPLE_TABLE_PREFIX", unique_prefix("bin"))
            .env_remove("AWS_LAMBDA_RUNTIME_API")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts"),
    );
    let stdout = process.0.stdout.take().expect("stdout is piped");
    let first_line = tokio::time::timeout(
        Duration::from_secs(120),
        tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            BufReader::new(stdout).read_line(&mut line).map(|_| line)
        }),
    )
    .await
    .expect("the binary says where it listens within two minutes")
    .unwrap()
    .unwrap();
    let Some(base) = first_line.trim().strip_prefix("listening on ") else {
        let mut stderr = String::new();
        let _ = process.0.stderr.take().unwrap().read_to_string(&mut stderr);
        panic!("unexpected first line {first_line:?}; stderr: {stderr}");
    };
    let http = client();
    let created = http
        .post(format!("{base}/people"))
        .json(&json!({ "name": "Katherine", "email": "kj@nasa.gov" }))
        .send()
        .await
        .unwrap();
    let person = json_of(created, StatusCode::CREATED).await;
    let read = http
        .get(format!("{base}/people/{}", person["id"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(json_of(read, StatusCode::OK).await, person);

    let pid = process.0.id().to_string();
    let signalled = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(signalled.success());
    let mut waited = Duration::ZERO;
    let status = loop {
        if let Some(status) = process.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            waited < Duration::from_secs(30),
            "the binary stops on SIGINT"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += Duration::from_millis(100);
    };
    assert!(status.success(), "a clean shutdown: {status:?}");
}
