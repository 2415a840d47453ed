//! API Gateway stages: a REST API adds its stage to the path (`/prod/people`), and an HTTP
//! API on a named stage has it in the raw path. Inside Lambda the stage is taken off before
//! routing, so the routes are the same everywhere, and put back in the links the API hands
//! out (`Location`).

use axum::extract::Request;
use axum::http::Uri;
use lambda_http::request::RequestContext;

/// The path prefix the stage added (`/prod`), empty outside a named stage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BasePath(pub String);

/// Takes the stage off the request's path and records it as its [`BasePath`].
pub async fn strip_stage(mut request: Request) -> Request {
    let stage = match request.extensions().get::<RequestContext>() {
        Some(RequestContext::ApiGatewayV1(context)) => context.stage.clone(),
        Some(RequestContext::ApiGatewayV2(context)) => context.stage.clone(),
        _ => None,
    };
    let Some(stage) = stage.filter(|stage| stage != "$default" && !stage.is_empty()) else {
        return request;
    };
    let prefix = format!("/{stage}");
    let uri = request.uri();
    let path = uri.path();
    let rest = match path.strip_prefix(&prefix) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
        _ => return request,
    };
    let rest = if rest.is_empty() { "/" } else { rest };
    let path_and_query = match uri.query() {
        Some(query) => format!("{rest}?{query}"),
        None => rest.to_owned(),
    };
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = path_and_query.parse().ok();
    if let Ok(stripped) = Uri::from_parts(parts) {
        *request.uri_mut() = stripped;
        request.extensions_mut().insert(BasePath(prefix));
    }
    request
}
