//! Errors as HTTP responses with JSON bodies: `{"error": code, "message": …}`, plus `fields`
//! for invalid input and the versions for a conflict.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::{json, Value};

/// An error response.
#[derive(Debug)]
pub struct Problem {
    /// The HTTP status.
    pub status: StatusCode,
    /// The JSON body; `error` is a stable code clients can match on.
    pub body: Value,
    /// Seconds after which a retry may succeed (`Retry-After`), for `503`.
    pub retry_after: Option<u32>,
}

/// One invalid field of a request body: its name (empty for the body as a whole), the rule
/// it broke and what is expected.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldError {
    /// The field's name in the body (empty for the body as a whole).
    pub field: String,
    /// The rule it broke: `required`, `type`, `unknown`, `non_empty`, or the model's
    /// (`length`, `pattern`, `range`).
    pub rule: String,
    /// What is expected, for people.
    pub message: String,
}

impl FieldError {
    /// An error of `field`.
    pub fn new(field: &str, rule: &str, message: &str) -> Self {
        FieldError {
            field: field.to_owned(),
            rule: rule.to_owned(),
            message: message.to_owned(),
        }
    }
}

impl Problem {
    /// A response with `status`, `code` and a message.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Problem {
            status,
            body: json!({ "error": code, "message": message.into() }),
            retry_after: None,
        }
    }

    /// `400 validation_failed` listing every invalid field.
    pub fn invalid_fields(fields: Vec<FieldError>) -> Self {
        let mut problem = Problem::new(
            StatusCode::BAD_REQUEST,
            "validation_failed",
            "some fields are invalid",
        );
        problem.body["fields"] = json!(fields);
        problem
    }

    /// `404` for the person `id`.
    pub fn not_found(id: &str) -> Self {
        let mut problem = Problem::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no person `{id}`"),
        );
        problem.body["id"] = json!(id);
        problem
    }

    /// The response for `error` from a request on the person `id`: a write that found no
    /// person, or an id no person can have, is `404`.
    pub fn at(id: &str, error: dynamoxide::Error) -> Self {
        use dynamoxide::Error;
        match error {
            Error::NotFound { .. }
            | Error::VersionConflict { stored: None, .. }
            | Error::InvalidKey { .. } => Problem::not_found(id),
            other => other.into(),
        }
    }
}

impl From<dynamoxide::Error> for Problem {
    fn from(error: dynamoxide::Error) -> Self {
        use dynamoxide::Error;
        match error {
            Error::Validation { violations, .. } => Problem::invalid_fields(
                violations
                    .iter()
                    .map(|v| FieldError::new(&v.path, v.rule, &v.message))
                    .collect(),
            ),
            Error::VersionConflict {
                expected, stored, ..
            } => {
                let mut problem = Problem::new(
                    StatusCode::CONFLICT,
                    "version_conflict",
                    "the person changed since that version",
                );
                problem.body["expected_version"] = json!(expected);
                problem.body["current_version"] = json!(stored);
                problem
            }
            Error::InvalidCursor { .. } => Problem::new(
                StatusCode::BAD_REQUEST,
                "invalid_cursor",
                "the cursor is not one this list handed out",
            ),
            Error::InvalidItem { violation, .. } => Problem::new(
                StatusCode::BAD_REQUEST,
                "invalid_item",
                violation.to_string(),
            ),
            Error::Throttled { .. } | Error::Service { code: None, .. } => {
                eprintln!("people_api: unavailable: {error:?}");
                Problem {
                    retry_after: Some(1),
                    ..Problem::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "unavailable",
                        "the database is busy or unreachable: retry shortly",
                    )
                }
            }
            other => {
                eprintln!("people_api: {other:?}");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "the request failed",
                )
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
