//! Errors as HTTP responses with JSON bodies.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// An error response: a status and a JSON body with an `error` code.
#[derive(Debug)]
pub struct Problem {
    pub status: StatusCode,
    pub body: Value,
}

impl Problem {
    /// `400` with `code` and a message.
    pub fn bad_request(code: &str, message: impl Into<String>) -> Self {
        Problem {
            status: StatusCode::BAD_REQUEST,
            body: json!({ "error": code, "message": message.into() }),
        }
    }

    /// `404` for the person `id`.
    pub fn not_found(id: &str) -> Self {
        Problem {
            status: StatusCode::NOT_FOUND,
            body: json!({ "error": "not_found", "message": format!("no person `{id}`"), "id": id }),
        }
    }
}

impl Problem {
    /// The response for `error` from a request on the person `id`: a write that found no
    /// person (no item for `patch`, no stored version for a versioned write, a failed
    /// existence condition) is `404`.
    pub fn at(id: &str, error: dynamoxide::Error) -> Self {
        use dynamoxide::Error;
        match error {
            Error::NotFound { .. }
            | Error::VersionConflict { stored: None, .. }
            | Error::ConditionFailed { .. } => Problem::not_found(id),
            other => other.into(),
        }
    }
}

impl From<dynamoxide::Error> for Problem {
    fn from(error: dynamoxide::Error) -> Self {
        use dynamoxide::Error;
        match error {
            Error::Validation { violations, .. } => {
                let fields: Vec<Value> = violations
                    .iter()
                    .map(|v| json!({ "field": v.path, "rule": v.rule, "message": v.message }))
                    .collect();
                Problem {
                    status: StatusCode::BAD_REQUEST,
                    body: json!({
                        "error": "validation_failed",
                        "message": "some fields are invalid",
                        "fields": fields,
                    }),
                }
            }
            Error::VersionConflict {
                expected, stored, ..
            } => Problem {
                status: StatusCode::CONFLICT,
                body: json!({
                    "error": "version_conflict",
                    "message": "the person changed since that version",
                    "expected_version": expected,
                    "current_version": stored,
                }),
            },
            Error::InvalidCursor { reason } => Problem::bad_request("invalid_cursor", reason),
            other => {
                eprintln!("people_api: {other:?}");
                Problem {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    body: json!({ "error": "internal", "message": "the request failed" }),
                }
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}
