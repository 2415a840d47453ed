//! A fault-injecting HTTP proxy on loopback in front of the real DynamoDB Local: a share of
//! batch requests are answered with throttling errors (without reaching the server), cut
//! off (the connection closed before the request reaches the server, or after the server
//! applied it but before the answer), or forwarded with part of their items withheld and
//! reported back as unprocessed — in an equal but differently spelled form (numbers
//! rewritten), as a service may send them back.

use bytes::Bytes;
use dynamoxide::Db;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde_json::{json, Map, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// How often each fault hits a batch request (probabilities, summing to at most 1).
#[derive(Clone, Copy, Debug, Default)]
pub struct Faults {
    pub partial: f64,
    pub throttle: f64,
    pub drop: f64,
    /// Forwarded and applied, then the connection is closed before the answer.
    pub lost_answer: f64,
}

/// How many faults were injected.
#[derive(Default, Debug)]
pub struct Injected {
    pub partial: AtomicUsize,
    pub throttled: AtomicUsize,
    pub dropped: AtomicUsize,
    pub lost_answers: AtomicUsize,
}

pub struct FaultProxy {
    endpoint: String,
    pub injected: Arc<Injected>,
}

type Upstream = Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>;

impl FaultProxy {
    /// Starts the proxy in front of `upstream` (a `http://host:port` endpoint).
    pub async fn start(upstream: &str, faults: Faults) -> FaultProxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let injected = Arc::new(Injected::default());
        let upstream: Arc<str> = upstream.trim_end_matches('/').into();
        let client: Upstream = Client::builder(TokioExecutor::new()).build_http();
        let counters = injected.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (upstream, client, counters) =
                    (upstream.clone(), client.clone(), counters.clone());
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let (upstream, client, counters) =
                            (upstream.clone(), client.clone(), counters.clone());
                        async move { handle(request, &upstream, &client, faults, &counters).await }
                    });
                    // A dropped connection ends with an error here: that is the point.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        FaultProxy { endpoint, injected }
    }

    /// A `Db` whose requests go through the proxy.
    pub fn db(&self, prefix: &str) -> Db {
        Db::for_endpoint(&self.endpoint)
            .with_table_prefix(prefix)
            .unwrap()
    }

    /// A `Db` through the proxy around a client configured the bare way, with the SDK's
    /// private default HTTP client and credential cache (nothing a second client could share).
    pub fn db_with_bare_client(&self, prefix: &str) -> Db {
        use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
        let config = aws_sdk_dynamodb::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Credentials::new(
                "dynamoxide",
                "dynamoxide",
                None,
                None,
                "test",
            ))
            .build();
        Db::new(aws_sdk_dynamodb::Client::from_conf(config))
            .with_table_prefix(prefix)
            .unwrap()
    }
}

async fn handle(
    request: Request<Incoming>,
    upstream: &str,
    client: &Upstream,
    faults: Faults,
    injected: &Injected,
) -> Result<Response<Full<Bytes>>, std::io::Error> {
    let target = request
        .headers()
        .get("x-amz-target")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map_err(std::io::Error::other)?
        .to_bytes();
    let batch = target.ends_with(".BatchWriteItem") || target.ends_with(".BatchGetItem");
    let roll = fastrand::f64();
    let mut withheld = None;
    let mut body = body;
    if batch && roll < faults.throttle {
        injected.throttled.fetch_add(1, Ordering::Relaxed);
        let error = json!({
            "__type": "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
            "message": "injected by the test proxy"
        });
        return Ok(json_response(StatusCode::BAD_REQUEST, &error));
    } else if batch && roll < faults.throttle + faults.drop {
        injected.dropped.fetch_add(1, Ordering::Relaxed);
        return Err(std::io::Error::other(
            "connection dropped by the test proxy",
        ));
    } else if batch && roll < faults.throttle + faults.drop + faults.partial {
        let mut request: Value = serde_json::from_slice(&body).unwrap();
        let kept =
            withhold(&mut request, target.ends_with(".BatchWriteItem")).map(|(table, held)| {
                (
                    table,
                    held.into_iter().map(respell_numbers).collect::<Vec<_>>(),
                )
            });
        if let Some((table, held)) = kept {
            injected.partial.fetch_add(1, Ordering::Relaxed);
            body = Bytes::from(serde_json::to_vec(&request).unwrap());
            withheld = Some((table, held));
        }
    }
    let mut forward = Request::builder()
        .method(parts.method)
        .uri(format!("{upstream}{}", parts.uri.path()));
    for (name, value) in &parts.headers {
        if name != "host" && name != "content-length" {
            forward = forward.header(name, value);
        }
    }
    let response = client
        .request(forward.body(Full::new(body)).unwrap())
        .await
        .map_err(std::io::Error::other)?;
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .map_err(std::io::Error::other)?
        .to_bytes();
    let before_lost = faults.throttle + faults.drop + faults.partial;
    if batch && withheld.is_none() && roll >= before_lost && roll < before_lost + faults.lost_answer
    {
        injected.lost_answers.fetch_add(1, Ordering::Relaxed);
        return Err(std::io::Error::other("answer lost by the test proxy"));
    }
    let Some((table, held)) = withheld.filter(|_| status.is_success()) else {
        return Ok(bytes_response(status, bytes));
    };
    let mut answer: Value = serde_json::from_slice(&bytes).unwrap();
    if target.ends_with(".BatchWriteItem") {
        let unprocessed = answer["UnprocessedItems"]
            .as_object_mut()
            .map(std::mem::take)
            .unwrap_or_default();
        let mut unprocessed: Map<String, Value> = unprocessed;
        let list = unprocessed.entry(table).or_insert_with(|| json!([]));
        list.as_array_mut().unwrap().extend(held);
        answer["UnprocessedItems"] = Value::Object(unprocessed);
    } else {
        let mut unprocessed: Map<String, Value> = answer["UnprocessedKeys"]
            .as_object_mut()
            .map(std::mem::take)
            .unwrap_or_default();
        let entry = unprocessed
            .entry(table)
            .or_insert_with(|| json!({"Keys": []}));
        entry["Keys"].as_array_mut().unwrap().extend(held);
        answer["UnprocessedKeys"] = Value::Object(unprocessed);
    }
    Ok(json_response(status, &answer))
}

/// Takes about half of the first table's writes (or keys) out of the request; `None` when
/// there is only one to take.
fn withhold(request: &mut Value, write: bool) -> Option<(String, Vec<Value>)> {
    let items = request["RequestItems"].as_object_mut()?;
    let (table, entries) = items.iter_mut().next()?;
    let list = if write {
        entries.as_array_mut()?
    } else {
        entries["Keys"].as_array_mut()?
    };
    if list.len() < 2 {
        return None;
    }
    let keep = list.len() / 2;
    let held = list.split_off(keep);
    Some((table.clone(), held))
}

/// `{"N": "7"}` → `{"N": "7.0"}` everywhere but in `id`: the same number, spelled otherwise.
fn respell_numbers(mut request: Value) -> Value {
    fn walk(value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (name, inner) in map.iter_mut() {
                    match (name.as_str(), inner) {
                        ("id", _) => {}
                        ("N", Value::String(number)) if !number.contains('.') => {
                            number.push_str(".0");
                        }
                        (_, inner) => walk(inner),
                    }
                }
            }
            Value::Array(values) => values.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut request);
    request
}

fn json_response(status: StatusCode, body: &Value) -> Response<Full<Bytes>> {
    bytes_response(status, Bytes::from(serde_json::to_vec(body).unwrap()))
}

fn bytes_response(status: StatusCode, body: Bytes) -> Response<Full<Bytes>> {
    Response::builder()
        .status(status)
        .header("content-type", "application/x-amz-json-1.0")
        .body(Full::new(body))
        .unwrap()
}
