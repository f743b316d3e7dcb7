//! POST `/graphql` runs a query as the caller and answers as GraphQL over HTTP negotiates; GET `/graphql` shows
//! GraphiQL when configured and never runs anything.

use std::net::SocketAddr;
use std::sync::atomic::Ordering;

use async_graphql::http::GraphiQLSource;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;
use tavolo_graphql::{RequestContext, SESSION_COOKIE};

use super::AppState;
use super::auth::{Caller, check_same_origin, identify};

pub async fn execute(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
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
    let media = ResponseMedia::accepted_by(&headers);
    if let Err(error) = tavolo_graphql::check_strings(&request)
        .and_then(|()| tavolo_graphql::check_aliases(&mut request))
    {
        let response = async_graphql::Response::from_errors(vec![error]);
        return respond(response, media);
    }
    let caller = match identify(&state.services, &headers).await {
        Ok(caller) => caller,
        Err(err) => return super::service_error(err),
    };
    let stale_cookie = caller.stale_cookie;
    let mut context = request_context(&state, &headers, caller);
    context.client_address = client_address(&state, &headers, peer.map(|p| p.0.0));
    let request = tavolo_graphql::request_data(request, &state.services, context);
    let mut response = state.schema.execute(request).await;
    // Errors from parsing and validating the request itself (an unknown field, an enum value that does not exist)
    // come from async-graphql without a code: they are the client's, so they are VALIDATION of a MALFORMED request.
    for error in &mut response.errors {
        let has_code = error
            .extensions
            .as_ref()
            .is_some_and(|ext| ext.get("code").is_some());
        if !has_code {
            let extensions = error.extensions.get_or_insert_with(Default::default);
            extensions.set("code", "VALIDATION");
            extensions.set("reason", "MALFORMED");
        }
    }
    if response.is_err() {
        state.metrics.graphql_errors.fetch_add(1, Ordering::Relaxed);
    }
    let mut http = respond(response, media);
    if stale_cookie && !http.headers().contains_key(header::SET_COOKIE) {
        let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
        if let Ok(value) = HeaderValue::from_str(&clear) {
            http.headers_mut().insert(header::SET_COOKIE, value);
        }
    }
    http.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    http
}

/// Where the request came from: the last `X-Forwarded-For` hop when a proxy is trusted to set it, else the peer.
fn client_address(
    state: &AppState,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
) -> Option<String> {
    if state.config.forwarded_for {
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|hop| !hop.is_empty());
        if let Some(hop) = forwarded {
            return Some(hop.to_owned());
        }
    }
    peer.map(|p| p.ip().to_string())
}

/// What a request's resolvers know of it: the caller the edge identified, and the installation's settings.
pub(super) fn request_context(
    state: &AppState,
    headers: &HeaderMap,
    caller: Caller,
) -> RequestContext {
    RequestContext {
        actor: caller.actor,
        session_secret: caller.session_secret,
        secure_cookies: state.config.secure_cookies(),
        loader_window: state.config.loader_window,
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        client_address: None,
        instance: state.instance.clone(),
    }
}

/// GraphiQL, when the configuration asks for it (`graphiql = true`); otherwise GET is not a way to reach the API.
pub async fn graphiql(State(state): State<AppState>) -> Response {
    if !state.config.graphiql {
        let mut refused = error_response(
            StatusCode::METHOD_NOT_ALLOWED,
            "BAD_REQUEST",
            "send GraphQL requests as a POST with a JSON body",
        );
        refused
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return refused;
    }
    Html(GraphiQLSource::build().endpoint("/graphql").finish()).into_response()
}

/// The media type of the answer, as GraphQL over HTTP negotiates it: `application/graphql-response+json` when the
/// client accepts it, `application/json` otherwise (a client that accepts only that, `*/*`, or says nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ResponseMedia {
    GraphqlResponse,
    Json,
}

impl ResponseMedia {
    const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

    fn accepted_by(headers: &HeaderMap) -> Self {
        let accepts = headers
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|item| {
                item.split(';')
                    .next()
                    .is_some_and(|m| m.trim().eq_ignore_ascii_case(Self::GRAPHQL_RESPONSE))
            });
        if accepts {
            Self::GraphqlResponse
        } else {
            Self::Json
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Self::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            Self::Json => "application/json; charset=utf-8",
        }
    }
}

/// The HTTP answer to an executed (or refused) request. A request error (the document does not parse or validate, a
/// variable does not coerce, a limit is exceeded: errors without a path, nothing executed) is a 400 without a `data`
/// entry for `application/graphql-response+json`; `application/json` answers 200, as legacy clients expect.
fn respond(response: async_graphql::Response, media: ResponseMedia) -> Response {
    let request_error = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());
    let headers = response.http_headers.clone();
    let without_data = request_error && media == ResponseMedia::GraphqlResponse;
    // Written straight to bytes; only the rare answer that must leave out `data` goes through a JSON value.
    let body = if without_data {
        serde_json::to_value(&response).and_then(|mut body| {
            if let Some(object) = body.as_object_mut() {
                object.remove("data");
            }
            serde_json::to_vec(&body)
        })
    } else {
        serde_json::to_vec(&response)
    };
    let body = match body {
        Ok(body) => body,
        Err(err) => {
            tracing::error!(error = %err, "cannot serialize a GraphQL response");
            return error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                "internal error",
            );
        }
    };
    let status = if without_data {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let mut http = (status, [(header::CONTENT_TYPE, media.content_type())], body).into_response();
    http.headers_mut().extend(headers);
    http
}

/// An error shaped like a GraphQL response, for requests refused before they reach the schema.
fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    (status, axum::Json(body)).into_response()
}
