//! POST `/graphql` runs a query as the caller; GET `/graphql` shows GraphiQL and never runs anything.

use std::sync::atomic::Ordering;

use async_graphql::http::GraphiQLSource;
use async_graphql_axum::GraphQLResponse;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;
use tavolo_graphql::{RequestContext, SESSION_COOKIE};

use super::AppState;
use super::auth::{check_same_origin, identify};

pub async fn execute(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    state
        .metrics
        .graphql_requests
        .fetch_add(1, Ordering::Relaxed);
    if let Err(reason) = check_same_origin(&headers, &state.config.public_url) {
        state
            .metrics
            .rejected_requests
            .fetch_add(1, Ordering::Relaxed);
        return error_response(StatusCode::FORBIDDEN, "FORBIDDEN", reason);
    }
    let mut request: async_graphql::Request = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(err) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                &format!("the body is not a GraphQL request: {err}"),
            );
        }
    };
    if let Err(error) = tavolo_graphql::check_aliases(&mut request) {
        let response = async_graphql::Response::from_errors(vec![error]);
        return GraphQLResponse::from(response).into_response();
    }
    let caller = match identify(&state.services, &headers).await {
        Ok(caller) => caller,
        Err(err) => return super::service_error(err),
    };
    let context = RequestContext {
        actor: caller.actor,
        session_secret: caller.session_secret,
        secure_cookies: state.config.secure_cookies(),
        loader_window: state.config.loader_window,
    };
    let request = tavolo_graphql::request_data(request, &state.services, context);
    let mut response = state.schema.execute(request).await;
    // Errors from parsing and validating the request itself (an unknown field, an enum value that does not exist)
    // come from async-graphql without a code: they are the client's, so they are VALIDATION.
    for error in &mut response.errors {
        let has_code = error
            .extensions
            .as_ref()
            .is_some_and(|ext| ext.get("code").is_some());
        if !has_code {
            error
                .extensions
                .get_or_insert_with(Default::default)
                .set("code", "VALIDATION");
        }
    }
    if response.is_err() {
        state.metrics.graphql_errors.fetch_add(1, Ordering::Relaxed);
    }
    let mut http = GraphQLResponse::from(response).into_response();
    if caller.stale_cookie && !http.headers().contains_key(header::SET_COOKIE) {
        let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
        if let Ok(value) = HeaderValue::from_str(&clear) {
            http.headers_mut().insert(header::SET_COOKIE, value);
        }
    }
    http.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    http
}

pub async fn graphiql() -> Html<String> {
    Html(GraphiQLSource::build().endpoint("/graphql").finish())
}

/// An error shaped like a GraphQL response, for requests refused before they reach the schema.
fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    (status, axum::Json(body)).into_response()
}
